/* The stage checks (model/stages.h) on records built by hand: the rules the store test
 * does not reach, each refused with its rule number and form field, and the case that
 * passes beside it. */
#include "testutil.h"

#include "model/child.h"
#include "model/stages.h"
#include "util/err.h"

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static void refused(int rc, const struct err *e, const char *field, const char *text)
{
    assert_int_equal(rc, HE_INPUT);
    assert_string_equal(e->field, field);
    if (!strstr(e->msg, text))
        fail_msg("\"%s\" not in: %s", text, e->msg);
}

static void test_closure(void **state)
{
    (void)state;
    struct err e;
    struct cin_episode ep = {.referral_date = D(2026, 1, 5)};
    rec_id ep_id = 7;
    struct assessment a = {.episode = 7, .start = D(2026, 1, 6)};
    rec_id a_id = 1;
    struct s47_enquiry q = {.episode = 7, .start = D(2026, 1, 7), .icpc_not_required = -1};
    rec_id q_id = 2;
    struct child_file c = {.id = 1, .person = {.dob = D(2015, 1, 1)}};
    c.episodes = &ep, c.episodes_id = &ep_id, c.n_episodes = 1;
    c.assessments = &a, c.assessments_id = &a_id, c.n_assessments = 1;
    refused(stage_check_closure(&c, 7, D(2026, 2, 1), "RC7", &e), &e, "date", "8867");
    a.authorised = D(2026, 3, 1);
    refused(stage_check_closure(&c, 7, D(2026, 2, 1), "RC7", &e), &e, "date", "8565"); /* authorised after */
    assert_int_equal(stage_check_closure(&c, 7, D(2026, 3, 2), "RC8", &e), HE_OK);
    c.s47s = &q, c.s47s_id = &q_id, c.n_s47s = 1;
    refused(stage_check_closure(&c, 7, D(2026, 3, 2), "RC7", &e), &e, "date", "8868");
    q.icpc_not_required = 1;
    refused(stage_check_closure(&c, 7, D(2026, 3, 2), "RC8", &e), &e, "reason", "2990");
    refused(stage_check_closure(&c, 7, D(2026, 3, 2), "RC2", &e), &e, "reason", "8585Q");
    refused(stage_check_closure(&c, 7, D(2026, 3, 2), "", &e), &e, "reason", "8805");
    assert_int_equal(stage_check_closure(&c, 7, D(2026, 3, 2), "RC7", &e), HE_OK);
    refused(stage_check_closure(&c, 8, D(2026, 3, 2), "RC7", &e), &e, "date", "no such episode");
}

static void test_cease_rules(void **state)
{
    (void)state;
    struct err e;
    struct la_episode l = {.decom = D(2026, 3, 1), .ls = "L1", .place = "U6"};
    rec_id l_id = 3;
    struct child_file c = {.id = 1, .person = {.dob = D(2008, 1, 1)}};
    c.la_episodes = &l, c.la_episodes_id = &l_id, c.n_la_episodes = 1;
    refused(stage_check_cease(&c, D(2026, 3, 6), "E4A", &e), &e, "date", "361"); /* police protection */
    assert_int_equal(stage_check_cease(&c, D(2026, 3, 4), "E4A", &e), HE_OK);
    l.ls = "C2";
    refused(stage_check_cease(&c, D(2026, 3, 6), "E45", &e), &e, "rec", "407"); /* 18 by then */
    refused(stage_check_cease(&c, D(2026, 3, 6), "E14", &e), &e, "rec", "remand");
    refused(stage_check_cease(&c, D(2026, 3, 6), "", &e), &e, "rec", "148");
    c.person.dob = D(2015, 1, 1);
    refused(stage_check_cease(&c, D(2026, 3, 6), "E17", &e), &e, "rec", "18 or over");
    assert_int_equal(stage_check_cease(&c, D(2026, 3, 6), "E46", &e), HE_OK);
    l.place = "A5";
    assert_int_equal(stage_check_cease(&c, D(2026, 3, 6), "E12", &e), HE_OK);
    l.dec = D(2026, 3, 6);
    refused(stage_check_cease(&c, D(2026, 3, 7), "E12", &e), &e, "date", "not looked after");
}

static void test_reviews_and_leavers(void **state)
{
    (void)state;
    struct err e;
    struct la_episode l = {.decom = D(2025, 1, 1), .dec = D(2025, 12, 1), .rec = "E8", .ls = "C2", .place = "U6"};
    rec_id l_id = 3;
    struct child_file c = {.id = 1, .person = {.dob = D(2022, 6, 1)}};
    c.la_episodes = &l, c.la_episodes_id = &l_id, c.n_la_episodes = 1;
    refused(stage_check_la_review(&c, D(2025, 6, 1), "PN1", &e), &e, "code", "441"); /* under 4 */
    assert_int_equal(stage_check_la_review(&c, D(2025, 6, 1), "PN0", &e), HE_OK);
    refused(stage_check_la_review(&c, D(2025, 12, 2), "PN0", &e), &e, "date", "not looked after");
    refused(stage_check_la_review(&c, D(2025, 6, 1), "PN9", &e), &e, "code", "167");
    l.ls = "V3";
    refused(stage_check_la_review(&c, D(2025, 6, 1), "PN0", &e), &e, "date", "399");
    /* a care leaver: before any care (1002), the codes (131, 132), died (activity 0) */
    c.person.dob = D(2007, 1, 1);
    refused(stage_check_leaver_contact(&c, NULL, D(2024, 6, 1), "YES", "F5", "U1", &e), &e, "date", "1002");
    refused(stage_check_leaver_contact(&c, NULL, D(2026, 1, 5), "MAYBE", "F5", "U1", &e), &e, "in_touch", "131");
    refused(stage_check_leaver_contact(&c, NULL, D(2026, 1, 5), "YES", "F3", "U1", &e), &e, "activ", "132");
    refused(stage_check_leaver_contact(&c, NULL, D(2026, 1, 5), "DIED", "F5", "0", &e), &e, "activ", "died");
    assert_int_equal(stage_check_leaver_contact(&c, NULL, D(2026, 1, 5), "NO", "0", "0", &e), HE_OK);
    struct leaver_contact lc = {.date = D(2026, 1, 5)};
    struct child_extra x = {.leaver_contacts = &lc, .n_leaver_contacts = 1};
    refused(stage_check_leaver_contact(&c, &x, D(2026, 1, 5), "NO", "0", "0", &e), &e, "date", "already");
    /* pathway plans from 16 */
    c.person.dob = D(2010, 1, 1);
    refused(stage_check_pathway_plan(&c, NULL, D(2025, 6, 1), &e), &e, "date", "16th birthday");
}

static void test_cp_review_after_end(void **state)
{
    (void)state;
    struct err e;
    struct cp_plan p = {.episode = 7, .start = D(2026, 1, 1), .end = D(2026, 2, 1)};
    rec_id p_id = 4;
    struct child_file c = {.id = 1};
    c.cp_plans = &p, c.cp_plans_id = &p_id, c.n_cp_plans = 1;
    refused(stage_check_cp_review(&c, 4, D(2026, 2, 2), &e), &e, "date", "after the plan ended");
    assert_int_equal(stage_check_cp_review(&c, 4, D(2026, 1, 20), &e), HE_OK);
    refused(stage_check_cp_end(&c, 4, D(2026, 3, 1), "SAFE", &e), &e, "date", "already ended");
    refused(stage_check_cp_review(&c, 5, D(2026, 1, 20), &e), &e, "plan", "no such");
    assert_string_equal(stage_label(cp_end_reasons, n_cp_end_reasons, "SAFE"),
                        "No longer at risk of significant harm: plan no longer needed");
    assert_null(stage_label(cp_end_reasons, n_cp_end_reasons, "NOPE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closure),
        cmocka_unit_test(test_cease_rules),
        cmocka_unit_test(test_reviews_and_leavers),
        cmocka_unit_test(test_cp_review_after_end),
    };
    return cmocka_run_group_tests_name("stage rules", tests, NULL, NULL);
}
