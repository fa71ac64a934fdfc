/* Declared forms: every kind of field read and checked from one declaration, the
 * messages beside the right field, and the record page's section registry. */
#include "testutil.h"

#include "web/form_decl.h"
#include "web/record.h"

static const struct ui_option colours[] = {{"R", "Red"}, {"G", "Green"}};
static const int n_colours = 2;

static const struct fd_field fields[] = {
    {.name = "who", .label = "Who was there", .kind = FD_TEXT, .required = true,
     .what = "who was there", .max_len = 10},
    {.name = "text", .label = "What happened", .kind = FD_TEXTAREA, .required = true,
     .what = "what happened", .max_len = 20},
    {.name = "on", .label = "Date", .kind = FD_DATE, .required = true, .what = "the date"},
    {.name = "at", .label = "When", .kind = FD_DATETIME, .required = true, .what = "the date of the visit"},
    {.name = "colour", .label = "Colour", .kind = FD_SELECT, .required = true, .what = "a colour",
     .opts = colours, .n_opts = &n_colours},
    {.name = "seen", .label = "Seen", .kind = FD_YES_NO, .required = true, .what = "whether the child was seen"},
    {.name = "kids", .label = "Children", .kind = FD_CHECKBOXES, .required = true, .what = "a child",
     .opts = colours, .n_opts = &n_colours},
};
#define NF ((int)(sizeof fields / sizeof fields[0]))

static int read_form(const char *s, struct fd_value *v, struct field_errors *fe, struct form *f)
{
    struct err e;
    assert_int_equal(form_parse(s, strlen(s), f, &e), HE_OK);
    struct fd_now now = {date_from_ymd(2026, 3, 27), 12 * 60};
    memset(fe, 0, sizeof *fe);
    return fd_read_all(fields, NF, f, &now, v, fe);
}

static void test_good(void **state)
{
    struct form f;
    struct fd_value v[NF];
    struct field_errors fe;
    assert_int_equal(read_form("who=Mum&text=Line+one%0D%0A%0D%0ALine+2&on-day=27&on-month=3&on-year=2026"
                               "&at-day=27&at-month=3&at-year=2026&at-time=11:59&colour=G&seen=0&kids=R&kids=G&kids=R",
                               v, &fe, &f), 0);
    assert_string_equal(v[0].text, "Mum");
    assert_string_equal(v[1].text, "Line one\r\n\r\nLine 2");
    assert_int_equal(v[2].day, date_from_ymd(2026, 3, 27));
    assert_int_equal(v[3].minute, 11 * 60 + 59);
    assert_string_equal(v[4].text, "G");
    assert_int_equal(v[5].yes_no, 0);
    assert_int_equal(v[6].n_checked, 2);
    assert_string_equal(fd_label(&fields[4], "G"), "Green");
    form_free(&f);
}

static void test_refused(void **state)
{
    struct form f;
    struct fd_value v[NF];
    struct field_errors fe;
    /* nothing at all: every required field says so beside itself */
    assert_int_equal(read_form("", v, &fe, &f), NF);
    assert_string_equal(fe_get(&fe, "who"), "Enter who was there");
    assert_string_equal(fe_get(&fe, "on"), "Enter the date");
    assert_string_equal(fe_get(&fe, "at"), "Enter the date of the visit");
    assert_string_equal(fe_get(&fe, "colour"), "Select a colour");
    assert_string_equal(fe_get(&fe, "seen"), "Select whether the child was seen");
    assert_string_equal(fe_get(&fe, "kids"), "Select a child");
    form_free(&f);
    /* markup, too long, impossible and future dates, a future time, codes not offered */
    assert_int_equal(read_form("who=%3Cb%3Ex&text=123456789012345678901&on-day=30&on-month=2&on-year=2026"
                               "&at-day=27&at-month=3&at-year=2026&at-time=12:01&colour=B&seen=2&kids=X",
                               v, &fe, &f), 7);
    assert_non_null(strstr(fe_get(&fe, "who"), "angle brackets"));
    assert_string_equal(fe_get(&fe, "text"), "What happened must be 20 characters or fewer");
    assert_non_null(strstr(fe_get(&fe, "on"), "must be a real date"));
    assert_string_equal(fe_get(&fe, "at-time"), "The date of the visit must not be in the future");
    assert_int_equal(v[3].day, DAY_NONE);
    assert_string_equal(fe_get(&fe, "colour"), "Select a colour from the list");
    assert_string_equal(fe_get(&fe, "kids"), "Select a child from the list");
    form_free(&f);
    assert_int_equal(read_form("who=a%0Ab&text=%20%0D%0A&on-day=28&on-month=3&on-year=2026&at-day=1&at-month=1"
                               "&at-year=2026&at-time=25:00&colour=R&seen=1&kids=R", v, &fe, &f), 4);
    assert_non_null(fe_get(&fe, "who"));          /* a line break in a one-line field */
    assert_string_equal(fe_get(&fe, "text"), "Enter what happened"); /* only blank lines */
    assert_string_equal(fe_get(&fe, "on"), "The date must be today or in the past");
    assert_non_null(strstr(fe_get(&fe, "at-time"), "real time"));
    form_free(&f);
}

static void test_length_in_characters(void **state)
{
    assert_int_equal(utf8_chars("Zoë"), 3);
    assert_int_equal(time_parse("9:05"), 9 * 60 + 5);
    assert_int_equal(time_parse("23.59"), 23 * 60 + 59);
    assert_int_equal(time_parse("24:00"), -1);
    assert_int_equal(time_parse("1:5"), -1);
    assert_int_equal(time_parse("12:00x"), -1);
}

static void test_render(void **state)
{
    struct form f;
    struct fd_value v[NF];
    struct field_errors fe;
    read_form("who=%3Cb%3E&kids=G", v, &fe, &f);
    struct html h = HTML_INIT;
    fd_render_all(&h, fields, NF, &f, &fe);
    const char *s = html_str(&h);
    assert_non_null(strstr(s, "value=\"&lt;b&gt;\""));     /* what was typed, escaped */
    assert_non_null(strstr(s, "id=\"who-error\""));
    assert_non_null(strstr(s, "name=\"at-time\""));
    assert_non_null(strstr(s, "value=\"G\" checked"));
    assert_null(strstr(s, "value=\"R\" checked"));
    html_free(&h);
    form_free(&f);
}

static void test_registry(void **state)
{
    assert_true(n_record_sections > 0);
    for (int i = 0; i < n_record_sections; i++) {
        assert_non_null(record_sections[i]->render);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(record_sections[i]->id, record_sections[k]->id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_length_in_characters),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
