/* The SVG chart module: axis tops, numbers, escaping of every text, bars and lines where
 * the values say, gaps for missing values, and an empty chart that says so. */
#include "testutil.h"

#include <math.h>

#include "web/chart.h"

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static void test_axis_top(void **state)
{
    assert_true(chart_axis_top(0, false) == 1);
    assert_true(chart_axis_top(-5, false) == 1);
    assert_true(chart_axis_top(NAN, false) == 1);
    assert_true(chart_axis_top(1, false) == 1);
    assert_true(chart_axis_top(1.2, false) == 2);
    assert_true(chart_axis_top(2, false) == 2);
    assert_true(chart_axis_top(2.1, false) == 2.5);
    assert_true(chart_axis_top(3, false) == 5);
    assert_true(chart_axis_top(7, false) == 10);
    assert_true(chart_axis_top(10, false) == 10);
    assert_true(chart_axis_top(292, false) == 500);
    assert_true(chart_axis_top(12001, false) == 20000);
    assert_true(chart_axis_top(0.3, false) == 0.5);
    /* percentages: a high share runs to 100, a low one keeps its detail */
    assert_true(chart_axis_top(87.1, true) == 100);
    assert_true(chart_axis_top(100, true) == 100);
    assert_true(chart_axis_top(22.5, true) == 25);
}

static void test_numbers(void **state)
{
    char b[32];
    chart_number(b, sizeof b, 250);
    assert_string_equal(b, "250");
    chart_number(b, sizeof b, 2.5);
    assert_string_equal(b, "2.5");
    chart_number(b, sizeof b, 0);
    assert_string_equal(b, "0");
    chart_number(b, sizeof b, NAN);
    assert_string_equal(b, "none");
}

static const char *const months[] = {"Apr", "May", "Jun", "Jul"};

static void test_bars(void **state)
{
    double v[] = {10, 0, 40, 20};
    struct chart c = {.id = "t1", .title = "Referrals", .desc = "Number by month", .kind = CHART_BARS,
                      .n = 4, .labels = months, .values = v};
    struct html h = HTML_INIT;
    chart_svg(&h, &c);
    const char *s = html_str(&h);
    assert_true(!strncmp(s, "<svg ", 5));
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-labelledby=\"t1-title t1-desc\""));
    assert_non_null(strstr(s, "<title id=\"t1-title\">Referrals</title>"));
    assert_non_null(strstr(s, "<desc id=\"t1-desc\">Number by month</desc>"));
    assert_int_equal(count(s, "<rect "), 4);
    assert_int_equal(count(s, "<polyline"), 0);
    /* axis to 50 in quarters; the tallest bar (40) is 4/5 of the plot's height (206) */
    assert_non_null(strstr(s, ">50</text>"));
    assert_non_null(strstr(s, ">12.5</text>"));
    assert_non_null(strstr(s, "height=\"164.8\""));
    assert_non_null(strstr(s, "height=\"0.0\""));
    for (int i = 0; i < 4; i++) {
        char want[32];
        snprintf(want, sizeof want, ">%s</text>", months[i]);
        assert_non_null(strstr(s, want));
    }
    assert_true(!strcmp(s + strlen(s) - 6, "</svg>"));
    /* no style attribute or element: the CSP forbids inline styles */
    assert_null(strstr(s, "style"));
    html_free(&h);
}

static void test_line_with_gap(void **state)
{
    double v[] = {50, NAN, 75, 80};
    struct chart c = {.id = "t2", .title = "Share", .kind = CHART_LINE, .n = 4, .labels = months,
                      .values = v, .percent = true};
    struct html h = HTML_INIT;
    chart_svg(&h, &c);
    const char *s = html_str(&h);
    assert_non_null(strstr(s, "aria-labelledby=\"t2-title\""));
    assert_null(strstr(s, "<desc"));
    /* a gap splits the line in two; a dot for each value */
    assert_int_equal(count(s, "<polyline"), 2);
    assert_int_equal(count(s, "<circle"), 3);
    assert_non_null(strstr(s, ">100%</text>"));
    assert_int_equal(count(s, "<rect"), 0);
    html_free(&h);
}

static void test_escapes_every_text(void **state)
{
    const char *labels[] = {"<b>", NULL};
    const char *sub[] = {"\"x\"", NULL};
    double v[] = {1, 2};
    struct chart c = {.id = "a\"b", .title = "<script>alert(1)</script>", .desc = "Tom & Jerry",
                      .kind = CHART_BARS, .n = 2, .labels = labels, .sublabels = sub, .values = v};
    struct html h = HTML_INIT;
    chart_svg(&h, &c);
    const char *s = html_str(&h);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<b>"));
    assert_non_null(strstr(s, "&lt;script&gt;"));
    assert_non_null(strstr(s, "Tom &amp; Jerry"));
    assert_non_null(strstr(s, "&lt;b&gt;"));
    assert_non_null(strstr(s, "&quot;x&quot;"));
    assert_non_null(strstr(s, "id=\"a&quot;b-title\""));
    html_free(&h);
}

static void test_empty(void **state)
{
    double v[] = {NAN, NAN};
    struct chart c = {.id = "e", .title = "Nothing", .kind = CHART_LINE, .n = 2, .labels = months,
                      .values = v};
    struct html h = HTML_INIT;
    chart_svg(&h, &c);
    assert_non_null(strstr(html_str(&h), "No figures for this period"));
    assert_null(strstr(html_str(&h), "<polyline"));
    html_free(&h);
    c.n = 0;
    chart_svg(&h, &c);
    assert_non_null(strstr(html_str(&h), "No figures for this period"));
    html_free(&h);
}

static void test_many_points_thin_labels(void **state)
{
    const char *labels[60];
    double v[60];
    for (int i = 0; i < 60; i++) {
        labels[i] = "Mon";
        v[i] = i;
    }
    struct chart c = {.id = "m", .title = "Five years", .kind = CHART_BARS, .n = 60,
                      .labels = labels, .values = v};
    struct html h = HTML_INIT;
    chart_svg(&h, &c);
    int shown = count(html_str(&h), ">Mon</text>");
    /* 60 slots of 9.5 units: one label in four fits */
    assert_int_equal(shown, 15);
    assert_int_equal(count(html_str(&h), "<rect "), 60);
    html_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_top),   cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_bars),       cmocka_unit_test(test_line_with_gap),
        cmocka_unit_test(test_escapes_every_text), cmocka_unit_test(test_empty),
        cmocka_unit_test(test_many_points_thin_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
