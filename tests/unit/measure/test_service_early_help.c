/* The wider service's "Early help" and "Stronger Families" areas (store/figures_early_help.c)
 * on both stores, at the period's boundaries: episodes started on the first and last days
 * count and the days either side do not, an imported Annex A row counts as an episode,
 * step-downs and step-ups are counted from both sides (early help's and social care's),
 * what is open is open on the day asked; families attached, their problems, results and
 * claims by their dates, and the cohort against the target holding the period's end. */
#include <math.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/early_help.h"
#include "store/store.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user u;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "eh", "Eve Helper", ROLE_SOCIAL_WORKER, "Early Help", &f->u);
    *state = f;
    return 0;
}

static int64_t v(struct fx *f, rec_id kid)
{
    struct err e;
    int64_t x = 0;
    assert_int_equal(cw_version(f->s, kid, &x, &e), HE_OK);
    return x;
}

/* A child met at the front door on day; *contact its contact. */
static rec_id child(struct fx *f, const char *name, day_t day, rec_id *contact)
{
    struct err e;
    struct cw_new_child nc = {.given = name, .family = "Test", .dob = D(2016, 5, 5), .sex = "M"};
    rec_id kid;
    assert_int_equal(cw_record_contact(f->s, &f->u, 0, 0, &nc, day, "2A", "Worried", 5, &kid, contact, &e), HE_OK);
    return kid;
}

static const struct eh_person lead = {"Jo Bell", "Family support worker", "FAMILY_HUB"};

static void test_boundaries(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 1, 31);
    rec_id ca, cb, cc, cd, ce, none, ea, eb, ec, ed;
    /* A: decided early help on the first day, started that day; assessed in 10 days; a
     * meeting on the last day and one the day after; an outcome achieved; closed, needs met */
    rec_id a = child(f, "A", D(2025, 12, 30), &ca);
    assert_int_equal(cw_decide_contact(f->s, &f->u, ca, v(f, a), "EARLY_HELP", from, NULL, &none, &e), HE_OK);
    assert_int_equal(eh_open(f->s, &f->u, a, v(f, a), from, "contact", ca, &lead, 1, &ea, &e), HE_OK);
    assert_int_equal(eh_assessment(f->s, &f->u, a, v(f, a), ea, from, from + 10, "Needs", 1, &e), HE_OK);
    assert_int_equal(eh_meeting_add(f->s, &f->u, a, v(f, a), ea, to, "Mum", "Agreed", DAY_NONE, 1, &e), HE_OK);
    assert_int_equal(eh_outcome_add(f->s, &f->u, a, v(f, a), ea, "At school", from, DAY_NONE, 1, &e), HE_OK);
    struct eh_file ef;
    assert_int_equal(eh_load(f->s, a, &ef, &e), HE_OK);
    int64_t outcome = ef.episodes[0].outcomes[0].id;
    eh_file_free(&ef);
    assert_int_equal(eh_review_add(f->s, &f->u, a, v(f, a), ea, outcome, from + 20, "PROGRESS", "Better", 1, &e), HE_OK);
    assert_int_equal(eh_review_add(f->s, &f->u, a, v(f, a), ea, outcome, to, "ACHIEVED", "Every day", 1, &e), HE_OK);
    assert_int_equal(eh_close(f->s, a, v(f, a), ea, to, "NEEDS_MET", &e), HE_OK);
    /* B: referred in December, stepped down the day before the period, stepped up on its
     * last day */
    rec_id b = child(f, "B", D(2025, 12, 1), &cb);
    assert_int_equal(cw_decide_contact(f->s, &f->u, cb, v(f, b), "REFERRAL", D(2025, 12, 1), NULL, &none, &e), HE_OK);
    assert_int_equal(eh_step_down(f->s, &f->u, b, v(f, b), from - 1, &lead, 1, &eb, &e), HE_OK);
    rec_id up;
    assert_int_equal(eh_step_up(f->s, &f->u, b, v(f, b), eb, to, NULL, 0, 1, &up, &e), HE_OK);
    /* C: referred on the 2nd, stepped down on the 15th */
    rec_id c = child(f, "C", from + 1, &cc);
    assert_int_equal(cw_decide_contact(f->s, &f->u, cc, v(f, c), "REFERRAL", from + 1, NULL, &none, &e), HE_OK);
    assert_int_equal(eh_step_down(f->s, &f->u, c, v(f, c), from + 14, &lead, 1, &ec, &e), HE_OK);
    /* D: decided early help on the last day but started directly the day after */
    rec_id d = child(f, "D", to, &cd);
    assert_int_equal(cw_decide_contact(f->s, &f->u, cd, v(f, d), "EARLY_HELP", to, NULL, &none, &e), HE_OK);
    assert_int_equal(eh_open(f->s, &f->u, d, v(f, d), to + 1, "direct", 0, &lead, 1, &ed, &e), HE_OK);
    /* E: an Annex A row starting on the last day */
    rec_id ekid = child(f, "E", D(2025, 11, 1), &ce);
    struct early_help imported = {.person = ekid, .start = to, .end = DAY_NONE, .organisation = "One Point"};
    assert_int_equal(store_begin(f->s, &e), HE_OK); /* as an import does */
    assert_int_equal(store_put_early_help(f->s, 2026, &imported, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);

    struct service_result r;
    int eh = area("early_help");
    assert_int_equal(service_compute(f->s, eh, from, to, to + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "episodes_started")->value, 3); /* A, C, E; not B (the day before), not D */
    assert_int_equal(fig(&r, "started_from_front_door")->value, 1);
    assert_int_equal(fig(&r, "started_directly")->value, 0);
    assert_int_equal(fig(&r, "stepped_down")->value, 1);
    assert_int_equal(fig(&r, "stepped_up")->value, 1);
    assert_int_equal(fig(&r, "front_door_decisions_started")->value, 1);
    assert_int_equal(fig(&r, "front_door_decisions_started")->denominator, 2);
    /* social care's side: C's and B's step-up referral of the period's two (B's December
     * referral is out) */
    assert_int_equal(fig(&r, "referrals_stepped_up")->value, 1);
    assert_int_equal(fig(&r, "referrals_stepped_up")->denominator, 2);
    assert_int_equal(fig(&r, "closures_stepped_down")->value, 1);
    assert_int_equal(fig(&r, "closures_stepped_down")->denominator, 1);
    assert_int_equal(fig(&r, "episodes_ended")->value, 2);
    assert_int_equal(fig(&r, "ended_needs_met")->value, 1);
    assert_int_equal(fig(&r, "ended_needs_met")->denominator, 2);
    assert_int_equal(fig(&r, "assessments_completed")->value, 1);
    assert_true(fig(&r, "assessment_days")->mean == 10.0);
    assert_int_equal(fig(&r, "family_meetings")->value, 1);
    assert_int_equal(fig(&r, "outcome_reviews")->value, 2);
    assert_true(fig(&r, "outcomes_achieved")->pct == 50.0);
    assert_int_equal(fig(&r, "open_now")->value, 3); /* C, D (started today), E; A and B ended */
    assert_int_equal(service_compute(f->s, eh, from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "open_now")->value, 2); /* on the last day: D not started, A and B ended that day */

    /* Stronger Families */
    struct sf_problem_in pa[2] = {{"SCHOOL", "71% attendance", "90% for three terms"},
                                  {"WORK", "Out of work", "In work"}};
    struct sf_problem_in pc[3] = {{"CRIME", "Police report", "No offences"},
                                  {"DOMESTIC_ABUSE", "MARAC", "Safe at home"},
                                  {"HEALTH", "GP letter", "Treatment kept"}};
    /* A is closed: attached before it closed? No: attaching needs an open episode */
    assert_int_equal(sf_attach(f->s, &f->u, a, v(f, a), ea, from + 4, pa, 2, 1, &e), HE_INPUT);
    assert_int_equal(sf_attach(f->s, &f->u, c, v(f, c), ec, to, pc, 3, 1, &e), HE_OK);
    assert_int_equal(sf_attach(f->s, &f->u, d, v(f, d), ed, to + 1, pa, 2, 1, &e), HE_OK);
    assert_int_equal(sf_result(f->s, d, v(f, d), ed, "WORK", "EMPLOYMENT", to + 1, "Payslips", &e), HE_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sf_result(f->s, c, v(f, c), ec, pc[i].problem, "SUSTAINED", i < 2 ? to : to + 1, "Seen", &e),
                         HE_OK);
    assert_int_equal(sf_target_set(f->s, "Phase 1", D(2012, 4, 1), from - 1, 1320, &e), HE_OK);
    assert_int_equal(sf_target_set(f->s, "Phase 2", from, D(2030, 3, 31), 4330, &e), HE_OK);
    int sf = area("stronger_families");
    assert_int_equal(service_compute(f->s, sf, from, to, to + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "families_attached")->value, 1);
    assert_int_equal(fig(&r, "problem_crime")->value, 1);
    assert_int_equal(fig(&r, "problem_school")->value, 0);
    assert_true(fig(&r, "problems_per_family")->mean == 3.0);
    assert_int_equal(fig(&r, "results_sustained")->value, 2);
    assert_int_equal(fig(&r, "results_employment")->value, 0);
    assert_int_equal(fig(&r, "cohort_attached")->value, 1); /* D attached after the period's end */
    assert_int_equal(fig(&r, "cohort_attached")->denominator, 4330);
    assert_int_equal(fig(&r, "cohort_claimed")->value, 0);
    assert_int_equal(fig(&r, "families_working_now")->value, 2);
    /* a claim for February: C's last result and D's employment fall in it */
    day_t feb1 = to + 1, feb28 = D(2026, 2, 28);
    int64_t claim;
    int fams;
    assert_int_equal(sf_claim(f->s, &f->u, feb1, feb28, feb28, 1, &claim, &fams, &e), HE_OK);
    assert_int_equal(fams, 2);
    assert_int_equal(service_compute(f->s, sf, feb1, feb28, feb28, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "claimed_progress")->value, 1);
    assert_int_equal(fig(&r, "claimed_employment")->value, 1);
    assert_int_equal(fig(&r, "cohort_attached")->value, 2);
    assert_int_equal(fig(&r, "cohort_claimed")->value, 2);
    assert_int_equal(fig(&r, "families_working_now")->value, 0);
    /* the period ending in Phase 1's last day is measured against Phase 1 */
    assert_int_equal(service_compute(f->s, sf, from - 31, from - 1, from - 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "cohort_attached")->denominator, 1320);
    assert_int_equal(fig(&r, "cohort_attached")->value, 0);
    /* no target holding the day: none of 0 */
    assert_int_equal(service_compute(f->s, sf, D(2031, 1, 1), D(2031, 1, 31), D(2031, 1, 31), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "cohort_attached")->denominator, 0);
    assert_true(isnan(fig(&r, "cohort_attached")->pct));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_boundaries, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_early_help", tests, NULL, NULL);
}
