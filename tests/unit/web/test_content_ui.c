/* The content pages' parsers and writers: who took part read line by line ("name, agency",
 * the agency optional, blank lines skipped; markup, long lines, a missing name and too many
 * people refused beside the field), paragraphs shown as typed and escaped, and a plan's
 * action rows taken whole or refused beside their first empty field. */
#include "testutil.h"

#include <string.h>

#include "web/content_ui.h"

static void test_attendees(void **state)
{
    struct arena mem = ARENA_INIT;
    struct ct_attendee *who;
    int n;
    struct field_errors fe = {0};
    attendees_read("Sam Worker, Children's services\n\n  PC Jones ,Police  \r\nDr Shah\n", "attendees", &mem,
                   &who, &n, &fe);
    assert_int_equal(fe.n, 0);
    assert_int_equal(n, 3);
    assert_string_equal(who[0].name, "Sam Worker");
    assert_string_equal(who[0].agency, "Children's services");
    assert_string_equal(who[1].name, "PC Jones");
    assert_string_equal(who[1].agency, "Police");
    assert_string_equal(who[2].name, "Dr Shah");
    assert_null(who[2].agency);

    attendees_read("Sam\nBob <b>x</b>, Police", "attendees", &mem, &who, &n, &fe);
    assert_int_equal(fe.n, 1);
    assert_non_null(strstr(fe_get(&fe, "attendees"), "Line 2"));
    fe = (struct field_errors){0};
    attendees_read(", Police", "attendees", &mem, &who, &n, &fe);
    assert_non_null(strstr(fe_get(&fe, "attendees"), "no name"));
    fe = (struct field_errors){0};
    char longline[400];
    memset(longline, 'a', sizeof longline - 1);
    longline[sizeof longline - 1] = 0;
    attendees_read(longline, "attendees", &mem, &who, &n, &fe);
    assert_non_null(strstr(fe_get(&fe, "attendees"), "too long"));
    fe = (struct field_errors){0};
    char many[CT_ATTENDEES_MAX * 4 + 10] = "";
    for (int i = 0; i <= CT_ATTENDEES_MAX; i++)
        strcat(many, "A\n");
    attendees_read(many, "attendees", &mem, &who, &n, &fe);
    assert_non_null(strstr(fe_get(&fe, "attendees"), "at most"));
    arena_free(&mem);
}

static void test_paragraphs(void **state)
{
    struct html h = HTML_INIT;
    paragraphs(&h, "First line\r\nsecond <line>\n\n\nNew paragraph");
    assert_string_equal(html_str(&h), "<p class=\"govuk-body\">First line<br>second &lt;line&gt;</p>"
                                      "<p class=\"govuk-body\">New paragraph</p>");
    html_free(&h);
    paragraphs(&h, NULL);
    assert_string_equal(html_str(&h), "<p class=\"govuk-body\">Not written.</p>");
    html_free(&h);
}

static const struct fd_field rows[2][4] = {
    {{.name = "a1", .label = "Action", .kind = FD_TEXT, .max_len = 50},
     {.name = "o1", .label = "Owner", .kind = FD_TEXT, .max_len = 50},
     {.name = "d1", .label = "Due", .kind = FD_DATE, .future_ok = true},
     {.name = "s1", .label = "Status", .kind = FD_SELECT, .codes = action_statuses, .n_codes = &n_action_statuses}},
    {{.name = "a2", .label = "Action", .kind = FD_TEXT, .max_len = 50},
     {.name = "o2", .label = "Owner", .kind = FD_TEXT, .max_len = 50},
     {.name = "d2", .label = "Due", .kind = FD_DATE, .future_ok = true},
     {.name = "s2", .label = "Status", .kind = FD_SELECT, .codes = action_statuses, .n_codes = &n_action_statuses}},
};

static int rows_of(const char *body, struct ct_action_in *out, int *n, struct field_errors *fe, struct form *f)
{
    struct err e;
    assert_int_equal(form_parse(body, strlen(body), f, &e), HE_OK);
    struct fd_now now = {date_from_ymd(2026, 3, 27), 0};
    return plan_action_rows(rows, 2, f, &now, out, n, fe);
}

static void test_action_rows(void **state)
{
    struct ct_action_in out[2];
    int n;
    struct field_errors fe = {0};
    struct form f = {0};
    rows_of("a1=Visit&o1=Sam&d1-day=1&d1-month=5&d1-year=2026&s1=NOT_STARTED&a2=&o2=&d2-day=&d2-month=&d2-year=&s2=",
            out, &n, &fe, &f);
    assert_int_equal(fe.n, 0);
    assert_int_equal(n, 1); /* the blank row is skipped */
    assert_string_equal(out[0].owner, "Sam");
    assert_int_equal(out[0].due, date_from_ymd(2026, 5, 1));
    form_free(&f);
    rows_of("a1=Visit&o1=&d1-day=1&d1-month=5&d1-year=2026&s1=DONE&a2=Call&o2=Jo&d2-day=31&d2-month=2&d2-year=2026&s2=DONE",
            out, &n, &fe, &f);
    assert_non_null(fe_get(&fe, "o1"));  /* no owner */
    assert_non_null(fe_get(&fe, "d2"));  /* no such day */
    assert_int_equal(n, 0);
    form_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attendees),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_action_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
