/* Which stages can apply to a child at all (model/stages.h), on records built by hand: the
 * cases the record page once offered and the forms then accepted or refused with a 403 or a
 * census error: a care leaver contact for a 16-year-old looked after 14 days who went home,
 * an adoption decision at 16 or after care ended, becoming looked after with no open episode
 * of need, and assessment factors "2B, 21, 3A" (CIN rule 8869). */
#include "testutil.h"

#include "model/child.h"
#include "model/stages.h"
#include "util/err.h"

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static void test_care_leaver(void **state)
{
    (void)state;
    day_t today = D(2026, 3, 31);
    struct la_episode l = {.decom = D(2026, 3, 1), .dec = D(2026, 3, 15), .rec = "E4A"};
    rec_id l_id = 3;
    struct child_file c = {.id = 1, .person = {.dob = D(2009, 6, 1)}};
    c.la_episodes = &l, c.la_episodes_id = &l_id, c.n_la_episodes = 1;
    /* 16, looked after 14 days, went home: not a care leaver */
    assert_non_null(stage_leaver_why_not(&c, today));
    /* 13 weeks after 14, some at 16: a care leaver */
    l.decom = D(2025, 9, 1);
    assert_null(stage_leaver_why_not(&c, today));
    /* 13 weeks, but all before 16: not */
    l.decom = D(2024, 1, 1), l.dec = D(2025, 5, 1);
    assert_non_null(stage_leaver_why_not(&c, today));
    /* still looked after: not yet */
    l.decom = D(2025, 9, 1), l.dec = DAY_NONE;
    assert_non_null(stage_leaver_why_not(&c, today));
    c.n_la_episodes = 0;
    assert_non_null(stage_leaver_why_not(&c, today));
}

static void test_adoption_and_looked_after(void **state)
{
    (void)state;
    day_t today = D(2026, 3, 31);
    struct la_episode l = {.decom = D(2026, 1, 1)};
    rec_id l_id = 3;
    struct cin_episode ep = {.referral_date = D(2025, 12, 1), .closure_date = D(2026, 3, 20)};
    rec_id ep_id = 7;
    struct child_file c = {.id = 1, .person = {.dob = D(2009, 6, 1)}};
    c.la_episodes = &l, c.la_episodes_id = &l_id, c.n_la_episodes = 1;
    c.episodes = &ep, c.episodes_id = &ep_id, c.n_episodes = 1;
    const char *why = stage_adoption_why_not(&c, today); /* 16 */
    assert_non_null(why);
    assert_non_null(strstr(why, "rule 134"));
    c.person.dob = D(2020, 6, 1);
    assert_null(stage_adoption_why_not(&c, today));
    assert_null(stage_looked_after_why_not(&c)); /* a change of placement */
    l.dec = D(2026, 3, 20); /* care ended, episode closed */
    assert_non_null(stage_adoption_why_not(&c, today));
    assert_non_null(stage_looked_after_why_not(&c));
    ep.closure_date = DAY_NONE; /* an open episode of need */
    assert_null(stage_looked_after_why_not(&c));
}

static void test_factors(void **state)
{
    (void)state;
    struct err e;
    assert_int_equal(stage_check_assessment_factors("2B,21,3A", &e), HE_INPUT);
    assert_string_equal(e.field, "factors");
    assert_non_null(strstr(e.msg, "8869"));
    assert_int_equal(stage_check_assessment_factors("2B, 21", &e), HE_INPUT);
    assert_int_equal(stage_check_assessment_factors("21", &e), HE_OK);
    assert_int_equal(stage_check_assessment_factors("2B,3A,21A", &e), HE_OK);
    assert_int_equal(stage_check_assessment_factors("", &e), HE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_care_leaver),
        cmocka_unit_test(test_adoption_and_looked_after),
        cmocka_unit_test(test_factors),
    };
    return cmocka_run_group_tests_name("stage offers", tests, NULL, NULL);
}
