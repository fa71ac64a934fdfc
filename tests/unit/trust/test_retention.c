/* Retention rules: the rule that keeps a file longest governs; each kind's period counted
 * from the right date; a file with no date to count from is never due. */
#include "testutil.h"

#include "trust/retention.h"

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static void test_rules(void **state)
{
    struct child_file c;
    struct retention r;
    memset(&c, 0, sizeof c);
    c.person.dob = D(2010, 1, 15);
    struct contact ct = {.date = D(2020, 5, 1)};
    c.contacts = &ct;
    c.n_contacts = 1;
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_CONTACT);
    assert_int_equal(r.due, D(2026, 5, 1));

    /* a child in need: the 21st birthday, or 3 years after the last activity if later */
    struct cin_episode ep = {.referral_date = D(2020, 5, 2), .closure_date = D(2021, 2, 1)};
    c.episodes = &ep;
    c.n_episodes = 1;
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_CIN);
    assert_int_equal(r.due, D(2031, 1, 15));
    ep.closure_date = D(2030, 6, 1);
    retention_assess(&c, &r);
    assert_int_equal(r.due, D(2033, 6, 1));

    /* child protection: 35 years from the last activity */
    struct cp_plan cp = {.start = D(2020, 7, 1), .end = D(2021, 1, 1)};
    c.cp_plans = &cp;
    c.n_cp_plans = 1;
    ep.closure_date = D(2021, 2, 1);
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_CP);
    assert_int_equal(r.due, D(2056, 2, 1));

    /* looked after: 75 years from birth, outlasting the rest */
    struct la_episode la = {.decom = D(2021, 3, 1)};
    c.la_episodes = &la;
    c.n_la_episodes = 1;
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_LOOKED_AFTER);
    assert_int_equal(r.due, D(2085, 1, 15));
    /* died before 18: 15 years from death (child protection's 35 years then govern) */
    c.person.death_date = D(2022, 4, 4);
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_CP);
    c.n_cp_plans = 0;
    c.n_episodes = 0;
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_LOOKED_AFTER);
    assert_int_equal(r.due, D(2037, 4, 4));
    c.person.death_date = DAY_NONE;

    /* adopted: 100 years from the order (the episode ending E11) */
    la.dec = D(2022, 9, 9);
    la.rec = "E11";
    retention_assess(&c, &r);
    assert_int_equal(r.kind, RK_ADOPTED);
    assert_int_equal(r.due, D(2122, 9, 9));

    /* no date of birth: a birth-based rule cannot be counted, so never due */
    la.rec = "E4A";
    c.person.dob = DAY_NONE;
    retention_assess(&c, &r);
    assert_int_equal(r.due, DAY_NONE);
    assert_non_null(retention_rule(RK_ADOPTED));
    assert_null(retention_rule(RK_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_rules)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
