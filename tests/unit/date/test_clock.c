/* Tests for the statutory clocks: the table agrees with docs/timescales.md, each clock's
 * due date on hand-checked days (month ends, bank holidays, weekends), met on the due day
 * but missed the day after, and the open / due soon / overdue states against a day-by-day
 * count. date_is_working_day is trusted here; test_date checks it against the data file. */
#include "testutil.h"

#include <ctype.h>

#include "date/clock.h"

#define TIMESCALES_DOC "docs/timescales.md"

static day_t D(int y, int m, int d)
{
    day_t r = date_from_ymd(y, m, d);
    assert_int_not_equal(r, DAY_NONE);
    return r;
}

/* What docs/timescales.md says, row by row in the enum's order. */
static const struct {
    enum clock_id id;
    const char *enum_name;
    enum clock_unit unit;
    int limit;
} expect[] = {
    {CLOCK_THRESHOLD, "CLOCK_THRESHOLD", CLOCK_UNIT_WORKING_DAYS, 1},
    {CLOCK_ASSESSMENT, "CLOCK_ASSESSMENT", CLOCK_UNIT_WORKING_DAYS, 45},
    {CLOCK_ICPC, "CLOCK_ICPC", CLOCK_UNIT_WORKING_DAYS, 15},
    {CLOCK_CP_FIRST_REVIEW, "CLOCK_CP_FIRST_REVIEW", CLOCK_UNIT_MONTHS, 3},
    {CLOCK_CP_REVIEW, "CLOCK_CP_REVIEW", CLOCK_UNIT_MONTHS, 6},
    {CLOCK_CORE_GROUP, "CLOCK_CORE_GROUP", CLOCK_UNIT_WORKING_DAYS, 10},
    {CLOCK_LA_FIRST_REVIEW, "CLOCK_LA_FIRST_REVIEW", CLOCK_UNIT_WORKING_DAYS, 20},
    {CLOCK_LA_SECOND_REVIEW, "CLOCK_LA_SECOND_REVIEW", CLOCK_UNIT_MONTHS, 3},
    {CLOCK_LA_REVIEW, "CLOCK_LA_REVIEW", CLOCK_UNIT_MONTHS, 6},
    {CLOCK_VISIT_NEW_PLACEMENT, "CLOCK_VISIT_NEW_PLACEMENT", CLOCK_UNIT_WEEKS, 1},
    {CLOCK_VISIT, "CLOCK_VISIT", CLOCK_UNIT_WEEKS, 6},
    {CLOCK_VISIT_LONG_TERM, "CLOCK_VISIT_LONG_TERM", CLOCK_UNIT_MONTHS, 3},
    {CLOCK_HEALTH_ASSESSMENT, "CLOCK_HEALTH_ASSESSMENT", CLOCK_UNIT_WORKING_DAYS, 20},
    {CLOCK_PEP, "CLOCK_PEP", CLOCK_UNIT_WORKING_DAYS, 20},
    {CLOCK_RETURN_INTERVIEW, "CLOCK_RETURN_INTERVIEW", CLOCK_UNIT_HOURS, 72},
    {CLOCK_PATHWAY_PLAN, "CLOCK_PATHWAY_PLAN", CLOCK_UNIT_MONTHS, 3},
    {CLOCK_PATHWAY_REVIEW, "CLOCK_PATHWAY_REVIEW", CLOCK_UNIT_MONTHS, 6},
    {CLOCK_CARE_PROCEEDINGS, "CLOCK_CARE_PROCEEDINGS", CLOCK_UNIT_WEEKS, 26},
    {CLOCK_PF_INITIAL_VISIT, "CLOCK_PF_INITIAL_VISIT", CLOCK_UNIT_WORKING_DAYS, 7},
    {CLOCK_PF_ASSESSMENT, "CLOCK_PF_ASSESSMENT", CLOCK_UNIT_WORKING_DAYS, 42},
    {CLOCK_PF_VISIT, "CLOCK_PF_VISIT", CLOCK_UNIT_WEEKS, 6},
    {CLOCK_PF_VISIT_LATER, "CLOCK_PF_VISIT_LATER", CLOCK_UNIT_WEEKS, 12},
};
#define N_EXPECT (sizeof expect / sizeof expect[0])

/* ---- naive references ---- */

static day_t ref_add_working_days(day_t a, int n)
{
    day_t d = a;
    while (n > 0)
        if (date_is_working_day(++d))
            n--;
    return d;
}

static day_t ref_add_months(day_t day, int months)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    for (; months > 0; months--)
        if (++m > 12) {
            m = 1;
            y++;
        }
    int dim = date_days_in_month(y, m);
    return date_from_ymd(y, m, d < dim ? d : dim);
}

static day_t ref_due(size_t i, day_t start)
{
    switch (expect[i].unit) {
    case CLOCK_UNIT_WORKING_DAYS:
        return ref_add_working_days(start, expect[i].limit);
    case CLOCK_UNIT_CALENDAR_DAYS:
        return start + expect[i].limit;
    case CLOCK_UNIT_WEEKS:
        return start + 7 * expect[i].limit;
    case CLOCK_UNIT_MONTHS:
        return ref_add_months(start, expect[i].limit);
    case CLOCK_UNIT_HOURS:
        return start + expect[i].limit / 24 + (expect[i].limit % 24 != 0);
    }
    fail();
    return DAY_NONE;
}

static enum clock_state ref_state(day_t due, day_t met, day_t today)
{
    if (met != DAY_NONE)
        return met <= due ? CLOCK_MET : CLOCK_MISSED;
    if (today > due)
        return CLOCK_OVERDUE;
    int left = 0;
    for (day_t d = today + 1; d <= due; d++)
        left += date_is_working_day(d);
    return left <= 5 ? CLOCK_DUE_SOON : CLOCK_OPEN;
}

/* ---- the table ---- */

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(N_EXPECT, CLOCK_COUNT);
    for (size_t i = 0; i < N_EXPECT; i++) {
        const struct clock_def *c = clock_get(expect[i].id);
        assert_non_null(c);
        assert_int_equal(c->id, expect[i].id);
        assert_int_equal(c->id, (int)i);
        assert_int_equal(c->unit, expect[i].unit);
        assert_int_equal(c->limit, expect[i].limit);
        assert_true(c->key && *c->key && c->name && *c->name && c->starts && *c->starts &&
                    c->met_by && *c->met_by && c->source && *c->source);
        for (const char *p = c->key; *p; p++)
            assert_true(islower((unsigned char)*p) || *p == '_');
        /* the key is the enum name less CLOCK_, lower case */
        char upper[64];
        snprintf(upper, sizeof upper, "CLOCK_%s", c->key);
        for (char *p = upper; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        assert_string_equal(upper, expect[i].enum_name);
        assert_ptr_equal(clock_find(c->key), c);
        assert_ptr_equal(clock_find(expect[i].enum_name), c);
        assert_ptr_equal(clock_find(upper + 6), c);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(clock_get(expect[j].id)->key, c->key);
    }
    assert_ptr_equal(clock_find("Assessment"), clock_get(CLOCK_ASSESSMENT));
    assert_ptr_equal(clock_find("clock_icpc"), clock_get(CLOCK_ICPC));
    assert_null(clock_find(NULL));
    assert_null(clock_find(""));
    assert_null(clock_find("CLOCK_"));
    assert_null(clock_find("assessments"));
    assert_null(clock_find("assess"));
    assert_null(clock_find("CLOCK_CLOCK_ICPC"));
    assert_null(clock_find("icpc "));
    assert_null(clock_get(CLOCK_COUNT));
    assert_null(clock_get((enum clock_id)-1));
    assert_int_equal(clock_due(CLOCK_COUNT, D(2024, 1, 1)), DAY_NONE);
    assert_int_equal(clock_due((enum clock_id)-1, D(2024, 1, 1)), DAY_NONE);

    assert_string_equal(clock_state_name(CLOCK_MET), "met");
    assert_string_equal(clock_state_name(CLOCK_MISSED), "missed");
    assert_string_equal(clock_state_name(CLOCK_OPEN), "open");
    assert_string_equal(clock_state_name(CLOCK_DUE_SOON), "due soon");
    assert_string_equal(clock_state_name(CLOCK_OVERDUE), "overdue");
    assert_string_equal(clock_unit_name(CLOCK_UNIT_WORKING_DAYS), "working days");
    assert_string_equal(clock_unit_name(CLOCK_UNIT_MONTHS), "months");
    assert_string_equal(clock_unit_name(CLOCK_UNIT_WEEKS), "weeks");
    assert_string_equal(clock_unit_name(CLOCK_UNIT_HOURS), "hours");
    assert_string_equal(clock_unit_name(CLOCK_UNIT_CALENDAR_DAYS), "days");
}

/* The limit column of the table in docs/timescales.md, read row by row, must say what
 * the code does: the document is what a council's lawyers will read. */
static void test_table_matches_document(void **state)
{
    (void)state;
    FILE *f = fopen(TIMESCALES_DOC, "r");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", TIMESCALES_DOC);
    char line[2048];
    size_t row = 0;
    bool in_table = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "| ---", 5) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table || line[0] != '|')
            continue;
        /* the fourth cell */
        char *cell = line;
        for (int k = 0; k < 3 && cell; k++)
            cell = strchr(cell + 1, '|');
        assert_non_null(cell);
        cell++;
        char *end = strchr(cell, '|');
        assert_non_null(end);
        *end = '\0';
        int limit = (int)strtol(cell, &cell, 10);
        while (*cell == ' ')
            cell++;
        enum clock_unit unit = CLOCK_UNIT_CALENDAR_DAYS;
        if (strncmp(cell, "working day", 11) == 0 || strncmp(cell, "school day", 10) == 0)
            unit = CLOCK_UNIT_WORKING_DAYS;
        else if (strncmp(cell, "month", 5) == 0)
            unit = CLOCK_UNIT_MONTHS;
        else if (strncmp(cell, "week", 4) == 0)
            unit = CLOCK_UNIT_WEEKS;
        else if (strncmp(cell, "hour", 4) == 0)
            unit = CLOCK_UNIT_HOURS;
        else if (strncmp(cell, "day", 3) != 0)
            fail_msg("%s row %zu: unknown unit '%s'", TIMESCALES_DOC, row + 1, cell);
        assert_true(row < CLOCK_COUNT);
        const struct clock_def *c = clock_get((enum clock_id)row);
        if (c->limit != limit || c->unit != unit)
            fail_msg("%s row %zu: %d %s, but clock %s is %d %s", TIMESCALES_DOC, row + 1, limit,
                     clock_unit_name(unit), c->key, c->limit, clock_unit_name(c->unit));
        row++;
    }
    fclose(f);
    assert_int_equal(row, CLOCK_COUNT);
}

/* ---- due dates ---- */

struct named {
    enum clock_id id;
    int sy, sm, sd; /* start */
    int dy, dm, dd; /* due: the last day it is met */
};

static void test_due_named(void **state)
{
    (void)state;
    static const struct named cases[] = {
        /* Maundy Thursday: Good Friday and Easter Monday do not count */
        {CLOCK_THRESHOLD, 2024, 3, 28, 2024, 4, 2},
        {CLOCK_THRESHOLD, 2024, 1, 5, 2024, 1, 8},  /* Friday to Monday */
        {CLOCK_THRESHOLD, 2024, 1, 6, 2024, 1, 8},  /* a Saturday contact */
        {CLOCK_THRESHOLD, 2024, 1, 8, 2024, 1, 9},
        /* 45 weekdays from 1 February are 4 April; Easter pushes it two days */
        {CLOCK_ASSESSMENT, 2024, 2, 1, 2024, 4, 8},
        /* Christmas Day, Boxing Day and New Year's Day push it three */
        {CLOCK_ASSESSMENT, 2024, 11, 1, 2025, 1, 8},
        {CLOCK_ICPC, 2024, 12, 16, 2025, 1, 9},
        {CLOCK_ICPC, 2024, 1, 8, 2024, 1, 29},
        {CLOCK_CP_FIRST_REVIEW, 2025, 1, 31, 2025, 4, 30}, /* 3 months from 31 January */
        {CLOCK_CP_FIRST_REVIEW, 2024, 1, 31, 2024, 4, 30},
        {CLOCK_CP_FIRST_REVIEW, 2023, 11, 30, 2024, 2, 29},
        {CLOCK_CP_FIRST_REVIEW, 2024, 11, 30, 2025, 2, 28},
        {CLOCK_CP_FIRST_REVIEW, 2024, 3, 15, 2024, 6, 15},
        {CLOCK_CP_REVIEW, 2024, 8, 31, 2025, 2, 28},
        {CLOCK_CP_REVIEW, 2023, 8, 31, 2024, 2, 29},
        {CLOCK_CP_REVIEW, 2024, 2, 29, 2024, 8, 29},
        /* early May bank holiday */
        {CLOCK_CORE_GROUP, 2024, 5, 1, 2024, 5, 16},
        /* summer bank holiday */
        {CLOCK_LA_FIRST_REVIEW, 2024, 8, 5, 2024, 9, 3},
        {CLOCK_LA_SECOND_REVIEW, 2024, 1, 31, 2024, 4, 30},
        {CLOCK_LA_SECOND_REVIEW, 2024, 5, 31, 2024, 8, 31},
        {CLOCK_LA_REVIEW, 2024, 3, 31, 2024, 9, 30},
        {CLOCK_LA_REVIEW, 2024, 12, 31, 2025, 6, 30},
        /* calendar weeks: bank holidays and weekends change nothing */
        {CLOCK_VISIT_NEW_PLACEMENT, 2024, 12, 24, 2024, 12, 31},
        {CLOCK_VISIT_NEW_PLACEMENT, 2024, 3, 2, 2024, 3, 9},
        {CLOCK_VISIT, 2024, 2, 20, 2024, 4, 2},
        {CLOCK_VISIT, 2023, 2, 20, 2023, 4, 3},
        {CLOCK_VISIT_LONG_TERM, 2023, 11, 30, 2024, 2, 29},
        {CLOCK_VISIT_LONG_TERM, 2025, 1, 31, 2025, 4, 30},
        {CLOCK_HEALTH_ASSESSMENT, 2024, 12, 2, 2025, 1, 2},
        {CLOCK_PEP, 2024, 3, 22, 2024, 4, 23},
        /* 72 hours: three calendar days, whatever they are */
        {CLOCK_RETURN_INTERVIEW, 2024, 12, 24, 2024, 12, 27},
        {CLOCK_RETURN_INTERVIEW, 2024, 3, 30, 2024, 4, 2},
        {CLOCK_RETURN_INTERVIEW, 2024, 2, 28, 2024, 3, 2},
        {CLOCK_RETURN_INTERVIEW, 2024, 12, 30, 2025, 1, 2},
        {CLOCK_PATHWAY_PLAN, 2024, 5, 31, 2024, 8, 31},
        {CLOCK_PATHWAY_PLAN, 2024, 11, 30, 2025, 2, 28},
        {CLOCK_PATHWAY_PLAN, 2024, 12, 31, 2025, 3, 31},
        {CLOCK_PATHWAY_REVIEW, 2024, 8, 29, 2025, 2, 28},
        {CLOCK_PATHWAY_REVIEW, 2023, 8, 29, 2024, 2, 29},
        {CLOCK_CARE_PROCEEDINGS, 2024, 1, 1, 2024, 7, 1},
        {CLOCK_CARE_PROCEEDINGS, 2023, 1, 2, 2023, 7, 3},
        /* notified on a Friday: 7 working days is the Monday week after; over Christmas the
         * bank holidays (25 and 26 December, 1 January) do not count */
        {CLOCK_PF_INITIAL_VISIT, 2024, 3, 1, 2024, 3, 12},
        {CLOCK_PF_INITIAL_VISIT, 2024, 12, 20, 2025, 1, 3},
        {CLOCK_PF_ASSESSMENT, 2024, 1, 2, 2024, 2, 29},
        {CLOCK_PF_VISIT, 2024, 1, 31, 2024, 3, 13},
        {CLOCK_PF_VISIT_LATER, 2024, 1, 31, 2024, 4, 24},
    };
    bool seen[CLOCK_COUNT] = {false};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct named *c = &cases[i];
        day_t start = D(c->sy, c->sm, c->sd), due = D(c->dy, c->dm, c->dd);
        day_t got = clock_due(c->id, start);
        if (got != due) {
            char a[11], b[11], g[11];
            date_format_iso(start, a);
            date_format_iso(due, b);
            date_format_iso(got, g);
            fail_msg("%s from %s: due %s, want %s", clock_get(c->id)->key, a, g, b);
        }
        /* met exactly on the due day is met; one day later is missed */
        assert_int_equal(clock_state(c->id, start, due, due + 30), CLOCK_MET);
        assert_int_equal(clock_state(c->id, start, due + 1, due + 30), CLOCK_MISSED);
        assert_int_equal(clock_state(c->id, start, start, start), CLOCK_MET);
        assert_int_equal(clock_state(c->id, start, DAY_NONE, due), CLOCK_DUE_SOON);
        assert_int_equal(clock_state(c->id, start, DAY_NONE, due + 1), CLOCK_OVERDUE);
        seen[c->id] = true;
    }
    for (int i = 0; i < CLOCK_COUNT; i++)
        if (!seen[i])
            fail_msg("no hand-checked due date for clock %s", clock_get((enum clock_id)i)->key);
}

/* Every clock from every start in 2016-2026 against the naive references. */
static void test_due_and_state_every_day(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECT; i++)
        for (day_t start = D(2016, 1, 1); start <= D(2026, 12, 31); start++) {
            enum clock_id id = expect[i].id;
            day_t due = ref_due(i, start);
            assert_int_equal(clock_due(id, start), due);
            assert_true(due > start);
            if (expect[i].unit == CLOCK_UNIT_WORKING_DAYS) {
                assert_int_equal(date_working_days(start, due), expect[i].limit);
                assert_true(date_is_working_day(due));
            }
            assert_int_equal(clock_state(id, start, due, due), CLOCK_MET);
            assert_int_equal(clock_state(id, start, due - 1, due), CLOCK_MET);
            assert_int_equal(clock_state(id, start, due + 1, due + 1), CLOCK_MISSED);
            assert_int_equal(clock_state(id, start, due + 40, due + 1), CLOCK_MISSED);
            day_t todays[] = {start - 1, start, start + 1, due - 10, due - 9, due - 8, due - 7,
                              due - 6,   due - 5, due - 4, due - 3, due - 2, due - 1, due,
                              due + 1,   due + 2, due + 365};
            for (size_t k = 0; k < sizeof todays / sizeof todays[0]; k++)
                assert_int_equal(clock_state(id, start, DAY_NONE, todays[k]),
                                 ref_state(due, DAY_NONE, todays[k]));
        }
}

static void test_states_named(void **state)
{
    (void)state;
    /* assessment from 1 February 2024, due Monday 8 April: on Maundy Thursday five working
     * days remain (2, 3, 4, 5, 8 April), so it is due soon; the day before, six */
    day_t s = D(2024, 2, 1);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 2, 1)), CLOCK_OPEN);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 3, 27)), CLOCK_OPEN);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 3, 28)), CLOCK_DUE_SOON);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 3, 29)), CLOCK_DUE_SOON);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 4, 8)), CLOCK_DUE_SOON);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, DAY_NONE, D(2024, 4, 9)), CLOCK_OVERDUE);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2024, 4, 8), D(2024, 6, 1)), CLOCK_MET);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2024, 4, 9), D(2024, 6, 1)), CLOCK_MISSED);
    /* met is judged on its own date, whatever today is */
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2024, 4, 9), D(2024, 4, 9)), CLOCK_MISSED);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2024, 3, 1), DAY_NONE), CLOCK_MET);
    /* 45 vs 46 working days across Christmas */
    s = D(2024, 11, 1);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2025, 1, 8), DAY_NONE), CLOCK_MET);
    assert_int_equal(clock_state(CLOCK_ASSESSMENT, s, D(2025, 1, 9), DAY_NONE), CLOCK_MISSED);
    /* 3 months from 31 January: 30 April is met, 1 May missed */
    s = D(2025, 1, 31);
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, D(2025, 4, 30), DAY_NONE), CLOCK_MET);
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, D(2025, 5, 1), DAY_NONE), CLOCK_MISSED);
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, DAY_NONE, D(2025, 5, 1)), CLOCK_OVERDUE);
    /* after Easter 2025: from Tuesday 22 April six working days remain, from the 23rd five */
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, DAY_NONE, D(2025, 4, 22)), CLOCK_OPEN);
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, DAY_NONE, D(2025, 4, 23)),
                     CLOCK_DUE_SOON);
    /* and before it Good Friday and Easter Monday stretch the last five */
    assert_int_equal(clock_state(CLOCK_CP_FIRST_REVIEW, s, DAY_NONE, D(2025, 4, 17)), CLOCK_OPEN);
    /* a weekly clock due on a Saturday: Monday to Friday before it are the five */
    s = D(2024, 3, 2);
    assert_int_equal(clock_due(CLOCK_VISIT_NEW_PLACEMENT, s), D(2024, 3, 9));
    assert_int_equal(clock_state(CLOCK_VISIT_NEW_PLACEMENT, s, DAY_NONE, s), CLOCK_DUE_SOON);
    assert_int_equal(clock_state(CLOCK_VISIT_NEW_PLACEMENT, s, DAY_NONE, D(2024, 3, 10)),
                     CLOCK_OVERDUE);
    /* the threshold decision is always due soon */
    assert_int_equal(clock_state(CLOCK_THRESHOLD, D(2024, 1, 8), DAY_NONE, D(2024, 1, 8)),
                     CLOCK_DUE_SOON);
    /* no start: no due date, never overdue */
    for (int i = 0; i < CLOCK_COUNT; i++) {
        enum clock_id id = (enum clock_id)i;
        assert_int_equal(clock_due(id, DAY_NONE), DAY_NONE);
        assert_int_equal(clock_state(id, DAY_NONE, DAY_NONE, D(2024, 1, 1)), CLOCK_OPEN);
        assert_int_equal(clock_state(id, DAY_NONE, D(2024, 1, 1), D(2024, 1, 1)), CLOCK_MET);
        assert_int_equal(clock_state(id, D(2020, 1, 1), DAY_NONE, DAY_NONE), CLOCK_OPEN);
    }
    assert_int_equal(clock_state(CLOCK_COUNT, D(2020, 1, 1), DAY_NONE, D(2024, 1, 1)), CLOCK_OPEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_matches_document),
        cmocka_unit_test(test_due_named),
        cmocka_unit_test(test_due_and_state_every_day),
        cmocka_unit_test(test_states_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
