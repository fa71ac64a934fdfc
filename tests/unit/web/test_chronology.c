/* The chronology in plain words: DfE codes on events become words (with the code kept where
 * a reader may need it), notes' text keeps its paragraphs and lines and is escaped, and the
 * filter's values parse to what they show. */
#include "testutil.h"

#include "web/chronology.h"

static void words(enum journey_detail kind, const char *what, const char *detail, const char *title,
                  const char *expect)
{
    struct journey_event ev = {.date = 1, .what = what, .detail = detail, .kind = kind};
    char t[300], d[1200];
    chron_event_words(&ev, t, sizeof t, d, sizeof d);
    assert_string_equal(t, title);
    assert_string_equal(d, expect);
}

static void test_event_words(void **state)
{
    words(JD_SOURCE, "Contact received", "6", "Contact from the police", "");
    words(JD_SOURCE, "Contact received", "3E", "Contact from A&E", "");
    words(JD_SOURCE, "Contact received", "ZZ", "Contact received", "");
    words(JD_NEED, "Referral: episode of need opened", "N1", "Referral: episode of need opened",
          "Primary need: abuse or neglect (N1)");
    words(JD_FACTORS, "Assessment authorised", "2B, 21,3A", "Assessment authorised",
          "Factors identified: drug misuse by a parent or carer (2B); no factors identified (21); "
          "domestic abuse: the child (3A)");
    words(JD_CATEGORY, "Child protection plan started", "EMO", "Child protection plan started",
          "Category of abuse: emotional abuse (EMO)");
    words(JD_PLACE, "Became looked after", "K2", "Became looked after", "Placement: children's home (K2)");
    words(JD_PLACE, "Became looked after", "Q9", "Became looked after", "Placement type Q9");
    words(JD_TEXT, "Threshold decision", "early help", "Threshold decision", "early help");
}

static void test_paragraphs(void **state)
{
    struct html h = HTML_INIT;
    note_paragraphs(&h, "One <b>\r\nline two\r\n\r\n  \r\nTwo\n\n\nThree\n");
    assert_string_equal(html_str(&h), "<p class=\"govuk-body hearth-pre\">One &lt;b&gt;\nline two</p>"
                                      "<p class=\"govuk-body hearth-pre\">Two</p>"
                                      "<p class=\"govuk-body hearth-pre\">Three</p>");
    html_free(&h);
}

static void test_show(void **state)
{
    struct chron_show s;
    chron_show_parse("home_visit", &s);
    assert_false(s.events);
    assert_true(s.notes);
    assert_string_equal(s.filter.kind, "home_visit");
    chron_show_parse("significant", &s);
    assert_true(s.events && s.notes && s.filter.significant);
    chron_show_parse("<script>", &s);
    assert_string_equal(s.value, "all");
    assert_true(s.events && s.notes && !s.filter.kind && !s.filter.significant);
    chron_show_parse("events", &s);
    assert_false(s.notes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_words),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_show),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
