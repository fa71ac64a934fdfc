/* Panels and money (store/panels.h) on both stores: a referral refused for a bad kind, a
 * future date or no reason stores nothing; a meeting's actions are tasks made with it, and
 * an action the chair may not set refuses the whole meeting (no meeting, no task); Edge of
 * Care's outcome only on an Edge of Care referral; proceedings' dates in order, hearings
 * only once issued; unit costs and budgets as the authority enters them; the year's
 * forecast is what was spent to today and what the placements open today will cost to 31
 * March; the cost avoided values each young person kept out of care at the Edge of Care
 * unit cost in force on the day; a merge of two records moves the referrals and its undo
 * moves them back; deleting a child's record deletes its referrals, meetings and hearings. */
#include "teststore.h"

#include "date/clock.h"
#include "model/journey.h"
#include "model/placement.h"
#include "store/casework.h"
#include "store/people.h"
#include "store/trust.h"
#include "store/panels.h"
#include "store/placements.h"
#include "store/stages.h"
#include "store/store.h"
#include "store/workflow.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw, tm, elsewhere;
    rec_id child;
};

#include "testfixture.h"

static int64_t version(struct fx *f) { return fx_version(f, f->child); }

static int setup(void **state)
{
    struct fx *f = fx_new("pn.db");
    fx_user(f, "sw", "sw", ROLE_SOCIAL_WORKER, "North", &f->sw);
    fx_user(f, "tm", "tm", ROLE_TEAM_MANAGER, "North", &f->tm);
    fx_user(f, "far", "far", ROLE_SOCIAL_WORKER, "South", &f->elsewhere);
    f->child = fx_child(f, &f->sw, "Amy", D(2011, 1, 1), "F", D(2024, 1, 5));
    *state = f;
    return 0;
}

static void test_referral_and_meeting(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id = 0;
    day_t today = D(2024, 3, 1);
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "court", D(2024, 2, 1), "x", today, 1, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "edge_of_care", D(2024, 3, 2), "x", today, 1, &id, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "referred");
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "edge_of_care", D(2024, 2, 1), "", today, 1, &id, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "reason");
    struct pn_referral *list;
    size_t n;
    assert_int_equal(pn_referrals_for(f->s, f->child, &list, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(list);

    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "edge_of_care", D(2024, 2, 1), "Family in crisis", today, 1,
                              &id, &e), HE_OK);
    /* an action for someone outside the chair's team refuses the whole meeting */
    struct pn_action_in acts[2] = {{"Family group conference", f->sw.id, D(2024, 3, 15)},
                                   {"Short breaks", f->elsewhere.id, D(2024, 3, 20)}};
    struct pn_meeting_in in = {.day = D(2024, 2, 20), .decision = "support", .minutes = "Agreed support.",
                               .next_review = D(2024, 4, 2), .actions = acts, .n_actions = 2};
    int64_t mid = 0;
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "assigned2");
    struct wf_task *tasks;
    assert_int_equal(wf_tasks_for(f->s, f->child, &tasks, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(tasks);
    struct pn_meeting *ms;
    assert_int_equal(pn_meetings(f->s, id, &ms, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    pn_meetings_free(ms, n);
    /* the next review must come after the meeting; the meeting not before the referral */
    acts[1].assigned_to = f->tm.id;
    in.next_review = D(2024, 2, 20);
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "next_review");
    in.next_review = D(2024, 4, 2);
    in.day = D(2024, 1, 31);
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "day");
    in.day = D(2024, 2, 20);
    in.decision = "maybe";
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "decision");
    in.decision = "support";
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_OK);
    assert_int_equal(wf_tasks_for(f->s, f->child, &tasks, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    free(tasks);
    assert_int_equal(pn_meetings(f->s, id, &ms, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ms[0].n_actions, 2);
    assert_string_equal(ms[0].minutes, "Agreed support.");
    pn_meetings_free(ms, n);
    struct pn_referral r;
    bool found;
    assert_int_equal(pn_referral_get(f->s, f->child, id, &r, &found, &e), HE_OK);
    assert_true(found);
    assert_int_equal(r.n_meetings, 1);
    assert_int_equal(r.next_review, D(2024, 4, 2));
    assert_string_equal(r.decision, "support");
    assert_int_equal(r.eoc_stayed_out, -1);
    /* found only through its child */
    assert_int_equal(pn_referral_get(f->s, f->child + 1, id, &r, &found, &e), HE_OK);
    assert_false(found);
    assert_int_equal(pn_referrals(f->s, "edge_of_care", 10, &list, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    free(list);
    assert_int_equal(pn_referrals(f->s, "legal_gateway", 10, &list, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(list);

    /* Edge of Care's outcome: here, not on another panel's referral */
    assert_int_equal(pn_eoc_outcome(f->s, f->child, id, 105, 1, D(2024, 2, 28), today, &e), HE_INPUT);
    assert_string_equal(e.field, "weeks");
    assert_int_equal(pn_eoc_outcome(f->s, f->child, id, 12, 1, D(2024, 2, 28), today, &e), HE_OK);
    int64_t lg = 0;
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "legal_gateway", D(2024, 2, 1), "Neglect", today, 1, &lg, &e),
                     HE_OK);
    assert_int_equal(pn_eoc_outcome(f->s, f->child, lg, 12, 1, D(2024, 2, 28), today, &e), HE_INPUT);
    assert_int_equal(pn_referral_get(f->s, f->child, id, &r, &found, &e), HE_OK);
    assert_int_equal(r.eoc_weeks, 12);
    assert_int_equal(r.eoc_stayed_out, 1);
}

static void test_proceedings(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t lg = 0;
    day_t today = D(2024, 12, 1);
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "legal_gateway", D(2024, 2, 1), "Neglect", today, 1, &lg, &e),
                     HE_OK);
    /* no hearing before proceedings are issued */
    assert_int_equal(pn_hearing_add(f->s, &f->tm, f->child, lg, D(2024, 4, 1), "cmh", NULL, 3, &e), HE_INPUT);
    assert_string_equal(e.field, "day");
    /* dates out of order, or an order without its kind, are refused whole */
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 3, 1), D(2024, 2, 20), DAY_NONE, "", today, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "issue");
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 2, 5), D(2024, 3, 1), D(2024, 2, 28), "care", today,
                                    &e), HE_INPUT);
    assert_string_equal(e.field, "order_day");
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 2, 5), D(2024, 3, 1), D(2024, 8, 28), "", today, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "order");
    struct pn_referral r;
    bool found;
    assert_int_equal(pn_referral_get(f->s, f->child, lg, &r, &found, &e), HE_OK);
    assert_int_equal(r.letter_day, DAY_NONE);
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 2, 5), D(2024, 3, 1), DAY_NONE, "", today, &e),
                     HE_OK);
    assert_int_equal(pn_hearing_add(f->s, &f->tm, f->child, lg, D(2024, 2, 29), "cmh", NULL, 3, &e), HE_INPUT);
    assert_int_equal(pn_hearing_add(f->s, &f->tm, f->child, lg, D(2024, 3, 12), "cmh", "Directions", 3, &e), HE_OK);
    assert_int_equal(pn_hearing_add(f->s, &f->tm, f->child, lg, D(2024, 6, 12), "irh", "", 3, &e), HE_OK);
    /* a new issue date after a hearing held is refused */
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 2, 5), D(2024, 4, 1), DAY_NONE, "", today, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "issue");
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 2, 5), D(2024, 3, 1), D(2024, 8, 28), "care", today,
                                    &e), HE_OK);
    struct pn_hearing *h;
    size_t n;
    assert_int_equal(pn_hearings(f->s, lg, &h, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].kind, "cmh");
    assert_string_equal(h[0].note, "Directions");
    free(h);
    assert_int_equal(pn_referral_get(f->s, f->child, lg, &r, &found, &e), HE_OK);
    assert_int_equal(r.issue_day, D(2024, 3, 1));
    assert_int_equal(r.order_day, D(2024, 8, 28));
    assert_string_equal(r.order_kind, "care");
}

/* The child's running proceedings clocks (k has room for 4). */
static int proceedings_clocks(struct fx *f, day_t today, struct journey_clock *k)
{
    return fx_clocks(f, f->child, CLOCK_CARE_PROCEEDINGS, today, k, 4);
}

/* The 26-week clock runs on the child's record from issue to the final order: not before
 * issue (a letter alone), overdue the day after its due day, gone once the order is made. */
static void test_proceedings_clock(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t lg = 0;
    day_t issue = D(2025, 1, 6), due = clock_due(CLOCK_CARE_PROCEEDINGS, issue);
    assert_int_equal(due, D(2025, 7, 7));
    struct journey_clock k[4];
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "legal_gateway", D(2024, 12, 1), "Neglect", issue, 1, &lg,
                              &e), HE_OK);
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 12, 10), DAY_NONE, DAY_NONE, "", issue, &e), HE_OK);
    assert_int_equal(proceedings_clocks(f, issue, k), 0);
    int64_t seen = version(f);
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 12, 10), issue, DAY_NONE, "", issue, &e), HE_OK);
    assert_true(version(f) > seen); /* My work's cached clocks are keyed by it */
    assert_int_equal(proceedings_clocks(f, due, k), 1);
    assert_int_equal(k[0].start, issue);
    assert_int_equal(k[0].due, due);
    assert_int_equal(k[0].record, lg);
    assert_int_not_equal(k[0].state, CLOCK_OVERDUE);
    assert_int_equal(proceedings_clocks(f, due + 1, k), 1);
    assert_int_equal(k[0].state, CLOCK_OVERDUE);
    assert_int_equal(pn_proceedings(f->s, f->child, lg, D(2024, 12, 10), issue, due + 3, "care", due + 3, &e), HE_OK);
    assert_int_equal(proceedings_clocks(f, due + 3, k), 0);
}

static void test_money(void **state)
{
    struct fx *f = *state;
    struct err e;
    /* unit costs: Worcestershire's £5,724 a child for 12 weeks of in-house fostering */
    struct mn_unit_cost c = {.place = "U6", .from = D(2024, 4, 1), .weeks = 12, .pence = 572400,
                             .edge_of_care = true};
    struct mn_unit_cost bad = c;
    snprintf(bad.place, sizeof bad.place, "Z9");
    assert_int_equal(mn_unit_cost_add(f->s, &f->tm, &bad, 1, &e), HE_INPUT);
    assert_string_equal(e.field, "place");
    bad = c;
    bad.weeks = 0;
    assert_int_equal(mn_unit_cost_add(f->s, &f->tm, &bad, 1, &e), HE_INPUT);
    assert_string_equal(e.field, "weeks");
    assert_int_equal(mn_unit_cost_add(f->s, &f->tm, &c, 1, &e), HE_OK);
    assert_int_equal(mn_unit_cost_add(f->s, &f->tm, &c, 1, &e), HE_INPUT);
    assert_string_equal(e.field, "from");
    struct mn_unit_cost *costs;
    size_t n;
    assert_int_equal(mn_unit_costs(f->s, &costs, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_true(costs[0].edge_of_care);
    free(costs);

    /* two kept out of care (one before any unit cost was in force), one not */
    day_t today = D(2025, 1, 31);
    int64_t id;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pn_refer(f->s, &f->sw, f->child, "edge_of_care", D(2024, 3, 1), "Crisis", today, 1, &id, &e),
                         HE_OK);
        assert_int_equal(pn_eoc_outcome(f->s, f->child, id, 12, i != 2, i == 0 ? D(2024, 3, 31) : D(2024, 6, 1),
                                        today, &e), HE_OK);
    }
    struct mn_avoided av;
    assert_int_equal(mn_eoc_avoided(f->s, D(2024, 3, 1), D(2025, 3, 31), &av, &e), HE_OK);
    assert_int_equal(av.outcomes, 3);
    assert_int_equal(av.stayed_out, 2);
    assert_int_equal(av.costed, 1);
    assert_int_equal(av.uncosted, 1);
    assert_int_equal(av.pence, 572400);

    /* the budget, entered and replaced */
    assert_int_equal(date_year_to_march(D(2024, 4, 1)), 2025);
    assert_int_equal(date_year_to_march(D(2025, 3, 31)), 2025);
    assert_int_equal(mn_budget_set(f->s, &f->tm, 2025, 1000000, 1, &e), HE_OK);
    assert_int_equal(mn_budget_set(f->s, &f->tm, 2025, 2000000, 2, &e), HE_OK);
    assert_int_equal(mn_budget_set(f->s, &f->tm, 1999, 1, 2, &e), HE_INPUT);
    int64_t b;
    bool found;
    assert_int_equal(mn_budget_get(f->s, 2025, &b, &found, &e), HE_OK);
    assert_true(found);
    assert_int_equal(b, 2000000);

    /* looked after from 1 October 2024 with a carer at £700 a week */
    rec_id contact, episode, carer;
    struct cw_new_child nc = {.given = "Ben", .family = "Lee", .dob = D(2012, 1, 1), .sex = "M"};
    rec_id ben;
    assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2024, 9, 20), "6", "x", 5, &ben, &contact, &e),
                     HE_OK);
    rec_id keep = f->child;
    f->child = ben;
    assert_int_equal(cw_decide_contact(f->s, &f->sw, contact, version(f), "REFERRAL", D(2024, 9, 20), "N1", &episode,
                                       &e), HE_OK);
    assert_int_equal(cw_become_looked_after(f->s, ben, version(f), D(2024, 10, 1), "C1", "N1", "U6", &e), HE_OK);
    struct pl_carer a = {.kind = "FOSTER", .name = "Ann Foster", .postcode = "ME4 4AA", .capacity = 2,
                         .weekly_cost = 70000};
    assert_int_equal(pl_carer_add(f->s, f->tm.id, &a, 1, &carer, &e), HE_OK);
    assert_int_equal(pl_set_carer(f->s, ben, version(f), carer, "ME1 2AA", -1, &e), HE_OK);
    f->child = keep;
    struct mn_forecast fc;
    assert_int_equal(mn_forecast(f->s, 2025, today, &fc, &e), HE_OK);
    /* 1 October to 31 January is 123 days spent; 1 February to 31 March 59 days to come */
    assert_int_equal(fc.spent, (70000 * 123 + 3) / 7);
    assert_int_equal(fc.committed, (70000 * 59 + 3) / 7);
    assert_int_equal(fc.forecast, fc.spent + fc.committed);
    assert_true(fc.has_budget);
    assert_int_equal(fc.budget, 2000000);
    /* a year with no budget, after the placement's start: all still to come */
    assert_int_equal(mn_forecast(f->s, 2026, today, &fc, &e), HE_OK);
    assert_false(fc.has_budget);
    assert_int_equal(fc.spent, 0);
    assert_int_equal(fc.committed, (70000 * 365 + 3) / 7);
}

static void test_merge_and_delete(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t today = D(2024, 6, 1);
    int64_t id, mid;
    assert_int_equal(pn_refer(f->s, &f->sw, f->child, "legal_gateway", D(2024, 2, 1), "Neglect", today, 1, &id, &e),
                     HE_OK);
    struct pn_action_in act = {"Instruct the local authority's solicitor", f->tm.id, D(2024, 3, 1)};
    struct pn_meeting_in in = {.day = D(2024, 2, 10), .decision = "pre_proceedings", .minutes = "Agreed.",
                               .actions = &act, .n_actions = 1};
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->child, id, &in, today, 2, &mid, &e), HE_OK);
    assert_int_equal(pn_proceedings(f->s, f->child, id, D(2024, 2, 12), D(2024, 3, 1), DAY_NONE, "", today, &e), HE_OK);
    assert_int_equal(pn_hearing_add(f->s, &f->tm, f->child, id, D(2024, 3, 20), "cmh", NULL, 3, &e), HE_OK);
    struct cw_new_child nc = {.given = "Amy", .family = "Lee", .dob = D(2011, 1, 1), .sex = "F"};
    rec_id twin, contact;
    assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2024, 1, 6), "6", "x", 5, &twin, &contact, &e),
                     HE_OK);
    int64_t merge;
    struct pn_referral *list;
    size_t n;
    assert_int_equal(people_merge(f->s, twin, f->child, f->tm.id, 10, &merge, &e), HE_OK);
    assert_int_equal(pn_referrals_for(f->s, twin, &list, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    free(list);
    assert_int_equal(people_merge_undo(f->s, merge, f->tm.id, 11, &e), HE_OK);
    assert_int_equal(pn_referrals_for(f->s, f->child, &list, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    free(list);
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2030, 1, 1), "test", 12, &e), HE_OK);
    assert_int_equal(pn_referrals_for(f->s, f->child, &list, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(list);
    struct pn_meeting *ms;
    assert_int_equal(pn_meetings(f->s, id, &ms, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    pn_meetings_free(ms, n);
    struct pn_hearing *hs;
    assert_int_equal(pn_hearings(f->s, id, &hs, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(hs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_referral_and_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proceedings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proceedings_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_money, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_and_delete, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "panels", tests, NULL, NULL);
}
