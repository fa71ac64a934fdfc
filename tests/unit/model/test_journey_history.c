/* Tests for the imported-history rule of the journey's clocks (docs/timescales.md,
 * "Imported history"): a clock of an imported episode that fell due before the first return
 * holding the episode is not running; one due within the returns' years still is; visits
 * and pathway plans, which no return carries, count from the day after the latest return. */
#include "testutil.h"

#include "date/clock.h"
#include "model/child.h"
#include "model/journey.h"
#include "model/stages.h"

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static bool has_clock(const struct journey *j, enum clock_id id, day_t *due)
{
    for (int i = 0; i < j->n_clocks; i++)
        if (j->clocks[i].id == id) {
            if (due)
                *due = j->clocks[i].due;
            return true;
        }
    return false;
}

/* One child with one open episode of need referred on ref, no assessment authorised. */
static void open_episode(struct child_file *c, struct cin_episode *ep, rec_id *ep_id, day_t ref)
{
    memset(c, 0, sizeof *c);
    memset(ep, 0, sizeof *ep);
    c->person.dob = D(2008, 5, 1);
    ep->referral_date = ref;
    ep->referral_nfa = 0;
    *ep_id = 7;
    c->episodes = ep;
    c->episodes_id = ep_id;
    c->n_episodes = 1;
}

static void test_assessment_before_the_returns_is_not_running(void **state)
{
    (void)state;
    struct child_file c;
    struct cin_episode ep;
    rec_id id;
    open_episode(&c, &ep, &id, D(2010, 2, 8));
    struct episode_returns held = {7, D(2023, 4, 1), D(2026, 3, 31)};
    struct child_extra x = {0};
    x.episode_returns = &held;
    x.n_episode_returns = 1;
    x.returns_end = D(2026, 3, 31);
    struct journey j;
    journey_compute_x(&c, &x, NULL, 0, D(2026, 12, 6), &j);
    assert_false(has_clock(&j, CLOCK_ASSESSMENT, NULL));
    assert_true(j.status & JS_CIN); /* still an open episode */
    /* the chronology says it is missing from the returns, not overdue */
    bool said = false;
    for (int i = 0; i < j.n_events; i++)
        said |= j.events[i].date == D(2023, 4, 1) && strstr(j.events[i].what, "not in the imported returns");
    assert_true(said);
    journey_free(&j);
    /* the same episode made in hearth (no return holds it): the clock runs, overdue */
    journey_compute_x(&c, NULL, NULL, 0, D(2026, 12, 6), &j);
    assert_true(has_clock(&j, CLOCK_ASSESSMENT, NULL));
    assert_int_equal(j.clocks[0].state, CLOCK_OVERDUE);
    journey_free(&j);
}

static void test_assessment_within_the_returns_still_overdue(void **state)
{
    (void)state;
    struct child_file c;
    struct cin_episode ep;
    rec_id id;
    open_episode(&c, &ep, &id, D(2026, 1, 12)); /* referred in the last return's year */
    struct episode_returns held = {7, D(2025, 4, 1), D(2026, 3, 31)};
    struct child_extra x = {0};
    x.episode_returns = &held;
    x.n_episode_returns = 1;
    x.returns_end = D(2026, 3, 31);
    struct journey j;
    journey_compute_x(&c, &x, NULL, 0, D(2026, 6, 1), &j);
    day_t due;
    assert_true(has_clock(&j, CLOCK_ASSESSMENT, &due));
    assert_int_equal(due, clock_due(CLOCK_ASSESSMENT, D(2026, 1, 12)));
    assert_int_equal(j.clocks[0].state, CLOCK_OVERDUE);
    journey_free(&j);
}

static void test_visits_count_from_the_returns_end(void **state)
{
    (void)state;
    struct child_file c;
    memset(&c, 0, sizeof c);
    c.person.dob = D(2012, 3, 3);
    struct la_episode la = {.decom = D(2019, 6, 3), .place = "U3", .ls = "C2"};
    rec_id la_id = 3;
    c.la_episodes = &la;
    c.la_episodes_id = &la_id;
    c.n_la_episodes = 1;
    struct child_extra x = {0};
    x.returns_end = D(2026, 3, 31);
    struct journey j;
    journey_compute_x(&c, &x, NULL, 0, D(2026, 4, 20), &j);
    day_t due;
    assert_false(has_clock(&j, CLOCK_VISIT_NEW_PLACEMENT, NULL));
    assert_true(has_clock(&j, CLOCK_VISIT, &due));
    assert_int_equal(due, clock_due(CLOCK_VISIT, D(2026, 4, 1)));
    journey_free(&j);
    /* a placement made after the returns end: the first visit is due within a week */
    la.decom = D(2026, 4, 10);
    journey_compute_x(&c, &x, NULL, 0, D(2026, 4, 20), &j);
    assert_true(has_clock(&j, CLOCK_VISIT_NEW_PLACEMENT, &due));
    assert_int_equal(due, D(2026, 4, 17));
    journey_free(&j);
}

/* The initial health assessment and PEP of a period of care begun before the returns end
 * were made before hearth held the record: no clock; one begun after has both. */
static void test_health_clocks_from_the_returns_end(void **state)
{
    (void)state;
    struct child_file c;
    memset(&c, 0, sizeof c);
    c.person.dob = D(2016, 3, 3);
    struct la_episode la = {.decom = D(2026, 3, 10), .place = "U3", .ls = "C2"};
    rec_id la_id = 3;
    c.la_episodes = &la;
    c.la_episodes_id = &la_id;
    c.n_la_episodes = 1;
    struct child_extra x = {0};
    x.returns_end = D(2026, 3, 31);
    struct journey j;
    journey_compute_x(&c, &x, NULL, 0, D(2026, 6, 20), &j);
    assert_false(has_clock(&j, CLOCK_HEALTH_ASSESSMENT, NULL));
    assert_false(has_clock(&j, CLOCK_PEP, NULL));
    journey_free(&j);
    la.decom = D(2026, 4, 10);
    journey_compute_x(&c, &x, NULL, 0, D(2026, 6, 20), &j);
    assert_true(has_clock(&j, CLOCK_HEALTH_ASSESSMENT, NULL));
    assert_true(has_clock(&j, CLOCK_PEP, NULL));
    journey_free(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assessment_before_the_returns_is_not_running),
        cmocka_unit_test(test_assessment_within_the_returns_still_overdue),
        cmocka_unit_test(test_visits_count_from_the_returns_end),
        cmocka_unit_test(test_health_clocks_from_the_returns_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
