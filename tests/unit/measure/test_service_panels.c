/* The wider service's "Panels and court" and "Money" areas (store/figures_panels.c) on both
 * stores, at their boundaries: referrals and Edge of Care outcomes on the period's first and
 * last days count and the day before does not; proceedings concluded on the 26-week due
 * day (clock_due) are in time and a day later are not, and their mean length is in weeks;
 * open proceedings pass 26 weeks the day after the due day; a review is overdue the day
 * after its date, and a later meeting clears it; the cost avoided is Worcestershire's: 23
 * young people kept out of care at £5,724 each is £131,652; the forecast and the variance
 * against the budget entered. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "teststore.h"

#include "date/clock.h"
#include "measure/service.h"
#include "store/casework.h"
#include "store/panels.h"
#include "store/placements.h"
#include "store/store.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user tm;
    rec_id kid;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("sp.db");
    fx_user(f, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", &f->tm);
    f->kid = fx_child(f, &f->tm, "Amy", D(2010, 1, 1), "F", D(2024, 1, 5));
    *state = f;
    return 0;
}

static int64_t refer(struct fx *f, const char *kind, day_t day)
{
    struct err e;
    int64_t id = 0;
    assert_int_equal(pn_refer(f->s, &f->tm, f->kid, kind, day, "Reason", D(2026, 1, 1), 1, &id, &e), HE_OK);
    return id;
}

static void test_panels(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2025, 4, 1), to = D(2025, 6, 30), today = D(2025, 7, 1);
    /* referrals: first day, last day in; the day before and the day after out */
    refer(f, "edge_of_care", from);
    refer(f, "support_solution", to);
    refer(f, "resources", from - 1);
    refer(f, "exploitation", to + 1);

    /* Worcestershire's 26: 23 kept out of care, 3 came into care; outcomes from the first
     * day to the last; one more the day before the period, out of it */
    struct mn_unit_cost c = {.place = "U4", .from = D(2017, 4, 1), .weeks = 12, .pence = 572400,
                             .edge_of_care = true};
    assert_int_equal(mn_unit_cost_add(f->s, &f->tm, &c, 1, &e), HE_OK);
    for (int i = 0; i < 27; i++) {
        int64_t id = refer(f, "edge_of_care", D(2025, 1, 6));
        day_t day = i == 26 ? from - 1 : i % 2 ? from : to;
        assert_int_equal(pn_eoc_outcome(f->s, f->kid, id, 12, i < 23 || i == 26, day, today, &e), HE_OK);
    }

    /* proceedings: one concluded on its 26-week due day, one the day after, both in the
     * period; one open past its limit today, one open and due today */
    day_t issue1 = D(2024, 12, 1);
    day_t due1 = clock_due(CLOCK_CARE_PROCEEDINGS, issue1);
    int64_t a = refer(f, "legal_gateway", D(2024, 11, 1));
    assert_int_equal(pn_proceedings(f->s, f->kid, a, D(2024, 11, 15), issue1, due1, "care", today, &e), HE_OK);
    day_t issue2 = D(2024, 11, 30);
    int64_t b = refer(f, "legal_gateway", D(2024, 11, 1));
    assert_int_equal(pn_proceedings(f->s, f->kid, b, DAY_NONE, issue2, clock_due(CLOCK_CARE_PROCEEDINGS, issue2) + 1,
                                    "sgo", today, &e), HE_OK);
    int64_t open_late = refer(f, "legal_gateway", D(2024, 11, 1));
    day_t issue3 = today - 183; /* due day was yesterday */
    assert_int_equal(clock_due(CLOCK_CARE_PROCEEDINGS, issue3), today - 1);
    assert_int_equal(pn_proceedings(f->s, f->kid, open_late, DAY_NONE, issue3, DAY_NONE, "", today, &e), HE_OK);
    int64_t open_due = refer(f, "legal_gateway", D(2024, 11, 1));
    assert_int_equal(pn_proceedings(f->s, f->kid, open_due, DAY_NONE, today - 182, DAY_NONE, "", today, &e), HE_OK);

    /* letters before proceedings on the last day (in) and the day before the first (out) */
    int64_t l1 = refer(f, "legal_gateway", D(2024, 11, 1)), l2 = refer(f, "legal_gateway", D(2024, 11, 1));
    assert_int_equal(pn_proceedings(f->s, f->kid, l1, to, DAY_NONE, DAY_NONE, "", today, &e), HE_OK);
    assert_int_equal(pn_proceedings(f->s, f->kid, l2, from - 1, DAY_NONE, DAY_NONE, "", today, &e), HE_OK);

    /* reviews: one due yesterday (overdue), one due today (not yet); one overdue whose
     * referral met again since (not overdue) */
    int64_t mid;
    struct pn_meeting_in m = {.day = D(2025, 5, 1), .decision = "continue", .minutes = "Reviewed.",
                              .next_review = today - 1};
    int64_t r1 = refer(f, "support_solution", D(2025, 1, 1));
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->kid, r1, &m, today, 2, &mid, &e), HE_OK);
    int64_t r2 = refer(f, "support_solution", D(2025, 1, 1));
    m.next_review = today;
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->kid, r2, &m, today, 2, &mid, &e), HE_OK);
    int64_t r3 = refer(f, "support_solution", D(2025, 1, 1));
    m.next_review = D(2025, 5, 20);
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->kid, r3, &m, today, 2, &mid, &e), HE_OK);
    m.day = D(2025, 5, 20);
    m.next_review = DAY_NONE;
    assert_int_equal(pn_meeting_add(f->s, &f->tm, f->kid, r3, &m, today, 2, &mid, &e), HE_OK);

    struct service_result r;
    assert_int_equal(service_compute(f->s, area("panels"), from, to, today, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "referrals")->value, 2);
    assert_int_equal(fig(&r, "referrals_edge_of_care")->value, 1);
    assert_int_equal(fig(&r, "referrals_support_solution")->value, 1);
    assert_int_equal(fig(&r, "referrals_resources")->value, 0);
    assert_int_equal(fig(&r, "referrals_exploitation")->value, 0);
    assert_int_equal(fig(&r, "meetings")->value, 4);
    const struct service_figure *x = fig(&r, "eoc_stayed_out");
    assert_int_equal(x->value, 23);
    assert_int_equal(x->denominator, 26);
    assert_int_equal(fig(&r, "eoc_cost_avoided")->value, 13165200);
    assert_int_equal(fig(&r, "eoc_uncosted")->value, 0);
    assert_int_equal(fig(&r, "pre_proceedings")->value, 1);
    assert_int_equal(fig(&r, "proceedings_issued")->value, 0);
    x = fig(&r, "proceedings_in_26_weeks");
    assert_int_equal(x->value, 1);
    assert_int_equal(x->denominator, 2);
    x = fig(&r, "proceedings_weeks");
    assert_int_equal(x->value, 2);
    assert_true(fabs(x->mean - 26.1) < 1e-9); /* (26 + 26 1/7) / 2 */
    assert_int_equal(fig(&r, "proceedings_open")->value, 2);
    assert_int_equal(fig(&r, "proceedings_past_26_weeks")->value, 1);
    assert_int_equal(fig(&r, "reviews_overdue")->value, 1);
    char text[120];
    service_figure_text(fig(&r, "eoc_cost_avoided"), text, sizeof text);
    assert_string_equal(text, "£131,652.00");
}

static void test_money(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t version = 0;
    rec_id contact = 0, episode, carer;
    /* looked after in a children's home at £3,500 a week from 1 April 2025 */
    assert_int_equal(cw_version(f->s, f->kid, &version, &e), HE_OK);
    struct cw_new_child nc = {.given = "Ben", .family = "Lee", .dob = D(2011, 1, 1), .sex = "M"};
    rec_id ben;
    assert_int_equal(cw_record_contact(f->s, &f->tm, 0, 0, &nc, D(2025, 3, 20), "6", "x", 5, &ben, &contact, &e),
                     HE_OK);
    assert_int_equal(cw_version(f->s, ben, &version, &e), HE_OK);
    assert_int_equal(cw_decide_contact(f->s, &f->tm, contact, version, "REFERRAL", D(2025, 3, 20), "N1", &episode,
                                       &e), HE_OK);
    assert_int_equal(cw_version(f->s, ben, &version, &e), HE_OK);
    assert_int_equal(cw_become_looked_after(f->s, ben, version, D(2025, 4, 1), "C1", "N1", "K2", &e), HE_OK);
    struct pl_carer home = {.kind = "HOME", .name = "Oak House", .postcode = "ME4 4AA", .capacity = 4,
                            .weekly_cost = 350000};
    assert_int_equal(pl_carer_add(f->s, f->tm.id, &home, 1, &carer, &e), HE_OK);
    assert_int_equal(cw_version(f->s, ben, &version, &e), HE_OK);
    assert_int_equal(pl_set_carer(f->s, ben, version, carer, "ME1 2AA", -1, &e), HE_OK);
    assert_int_equal(mn_budget_set(f->s, &f->tm, 2026, 10000000, 1, &e), HE_OK);

    day_t from = D(2025, 4, 1), to = D(2025, 4, 30), today = D(2025, 9, 30);
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("money"), from, to, today, &r, &e), HE_OK);
    /* April: 30 days at £3,500 a week */
    int64_t april = (350000 * 30 + 3) / 7;
    assert_int_equal(fig(&r, "spend")->value, april);
    assert_int_equal(fig(&r, "spend_residential")->value, april);
    assert_int_equal(fig(&r, "spend_foster")->value, 0);
    assert_int_equal(fig(&r, "weekly_cost")->value, 350000);
    /* the year: 1 April to 30 September spent (183 days), 1 October to 31 March to come (182) */
    int64_t spent = (350000 * 183 + 3) / 7, ahead = (350000 * 182 + 3) / 7;
    assert_int_equal(fig(&r, "year_spent")->value, spent);
    assert_int_equal(fig(&r, "year_forecast")->value, spent + ahead);
    assert_int_equal(fig(&r, "year_budget")->value, 10000000);
    assert_int_equal(fig(&r, "year_variance")->value, spent + ahead - 10000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_panels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_money, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_panels", tests, NULL, NULL);
}
