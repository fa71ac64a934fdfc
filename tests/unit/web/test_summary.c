/* Tests for the summaries My work and the team page list (web/summary.h): however many
 * clocks run on a child, the counts of overdue and due soon are whole; the most urgent
 * SUM_CLOCKS are kept in order, and how many more run is said, never dropped in silence. */
#include "testutil.h"

#include "web/summary.h"

/* A journey of n clocks, most urgent first: `overdue` overdue, then `soon` due soon, then
 * open ones. */
static void journey_of(struct journey *j, struct journey_clock *c, int n, int overdue, int soon)
{
    memset(j, 0, sizeof *j);
    for (int k = 0; k < n; k++)
        c[k] = (struct journey_clock){.id = CLOCK_ASSESSMENT, .start = 1000 + k, .due = 1045 + k,
                                      .state = k < overdue ? CLOCK_OVERDUE
                                               : k < overdue + soon ? CLOCK_DUE_SOON : CLOCK_OPEN,
                                      .record = 100 + k};
    j->clocks = c;
    j->n_clocks = n;
    j->status = JS_CIN | JS_LOOKED_AFTER;
}

static void test_many_clocks(void **state)
{
    (void)state;
    struct journey_clock c[SUM_CLOCKS + 9];
    struct journey j;
    journey_of(&j, c, SUM_CLOCKS + 9, SUM_CLOCKS + 2, 3);
    struct summary sm = {.id = 7, .version = 3};
    summary_fill(&sm, &j);
    assert_int_equal(sm.id, 7); /* the key is the caller's */
    assert_int_equal(sm.version, 3);
    assert_int_equal(sm.status, JS_CIN | JS_LOOKED_AFTER);
    assert_int_equal(sm.n_clocks, SUM_CLOCKS);
    assert_int_equal(sm.n_more, 9);
    assert_int_equal(sm.n_overdue, SUM_CLOCKS + 2); /* two of them beyond those kept */
    assert_int_equal(sm.n_soon, 3);
    for (int k = 0; k < SUM_CLOCKS; k++)
        assert_int_equal(sm.clocks[k].record, 100 + k); /* the most urgent, in order */
}

static void test_few_clocks(void **state)
{
    (void)state;
    struct journey_clock c[4];
    struct journey j;
    journey_of(&j, c, 4, 1, 2);
    struct summary sm = {0};
    summary_fill(&sm, &j);
    assert_int_equal(sm.n_clocks, 4);
    assert_int_equal(sm.n_more, 0);
    assert_int_equal(sm.n_overdue, 1);
    assert_int_equal(sm.n_soon, 2);
    assert_int_equal(sm.clocks[3].record, 103);

    journey_of(&j, c, 0, 0, 0);
    summary_fill(&sm, &j);
    assert_int_equal(sm.n_clocks, 0);
    assert_int_equal(sm.n_more + sm.n_overdue + sm.n_soon, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_clocks),
        cmocka_unit_test(test_few_clocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
