/* Early help and Stronger Families (store/early_help.h) on both stores: an episode opened
 * from a contact's threshold decision or directly, never two at once nor beside an open
 * episode of need; its assessment, the team around the family (professionals on the
 * child's record), meetings, the family plan's outcomes and reviews, closure; step-down and
 * step-up each writing both sides or neither; Stronger Families' eligibility on two
 * problems with evidence, results per problem, claims that take each family once; and a
 * retention deletion that removes it all. */
#include "teststore.h"

#include <string.h>

#include "model/child.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/early_help.h"
#include "store/people.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kid, contact;
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "eh.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "eh", "Eve Helper", ROLE_SOCIAL_WORKER, "Early Help", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->sw, &found, &e), HE_OK);
    struct cw_new_child nc = {.given = "Amy", .family = "Lee", .dob = D(2015, 1, 1), .sex = "F"};
    assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2026, 1, 5), "2A", "School worried", 5, &f->kid,
                                       &f->contact, &e),
                     HE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

static int64_t version(struct fx *f)
{
    struct err e;
    int64_t v = 0;
    assert_int_equal(cw_version(f->s, f->kid, &v, &e), HE_OK);
    return v;
}

static int64_t count(struct fx *f, const char *sql)
{
    struct err e;
    int64_t n = -1;
    assert_int_equal(db_run(store_db(f->s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return n;
}

static const struct eh_person lead = {"Jo Bell", "Family support worker", "EARLY_HELP"};

static void test_open_and_work(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id ep = 0, ep2 = 0;
    /* from a contact that was not decided early help: refused */
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 1, 7), "contact", f->contact, &lead, 10, &ep,
                             &e),
                     HE_INPUT);
    assert_string_equal(e.field, "contact");
    rec_id none;
    assert_int_equal(cw_decide_contact(f->s, &f->sw, f->contact, version(f), "EARLY_HELP", D(2026, 1, 6), NULL, &none,
                                       &e),
                     HE_OK);
    /* before the decision: refused; an unknown agency: refused; nothing written */
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 1, 5), "contact", f->contact, &lead, 10, &ep,
                             &e),
                     HE_INPUT);
    assert_string_equal(e.field, "start");
    struct eh_person bad = {"Jo Bell", "Worker", "MARS"};
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 1, 7), "direct", 0, &bad, 10, &ep, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "agency");
    assert_int_equal(count(f, "SELECT count(*) FROM early_help"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM professional"), 0);
    rec_id waiting[4];
    day_t dates[4];
    int n = 0;
    assert_int_equal(eh_contacts_waiting(f->s, f->kid, waiting, dates, 4, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    /* a stale version: refused */
    int64_t v = version(f);
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, v - 1, D(2026, 1, 7), "contact", f->contact, &lead, 10, &ep, &e),
                     HE_INPUT);
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, v, D(2026, 1, 7), "contact", f->contact, &lead, 10, &ep, &e), HE_OK);
    assert_int_equal(eh_contacts_waiting(f->s, f->kid, waiting, dates, 4, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    /* a second at once: refused */
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 2, 1), "direct", 0, &lead, 10, &ep2, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "start");

    assert_int_equal(eh_assessment(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 6), DAY_NONE, "Sleep, school",
                                   11, &e),
                     HE_INPUT); /* before early help began */
    assert_string_equal(e.field, "start");
    assert_int_equal(eh_assessment(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 8), D(2026, 1, 20),
                                   "Sleep, school attendance", 11, &e),
                     HE_OK);
    struct eh_person teacher = {"Ms Khan", "Designated safeguarding lead", "SCHOOL"};
    assert_int_equal(eh_member_add(f->s, f->kid, version(f), ep, &teacher, D(2026, 1, 10), &e), HE_OK);
    assert_int_equal(eh_meeting_add(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 22), "Mum, Ms Khan, Jo Bell",
                                    "Plan agreed", D(2026, 1, 22), 12, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "next");
    assert_int_equal(eh_meeting_add(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 22), "Mum, Ms Khan, Jo Bell",
                                    "Plan agreed", D(2026, 2, 19), 12, &e),
                     HE_OK);
    assert_int_equal(eh_outcome_add(f->s, &f->sw, f->kid, version(f), ep, "Amy at school every day", D(2026, 1, 22),
                                    D(2026, 3, 1), 13, &e),
                     HE_OK);
    struct eh_file ef;
    assert_int_equal(eh_load(f->s, f->kid, &ef, &e), HE_OK);
    assert_int_equal(ef.n_episodes, 1);
    const struct eh_episode *x = eh_find(&ef, ep);
    assert_non_null(x);
    assert_true(x->hearth);
    assert_string_equal(x->from, "contact");
    assert_int_equal(x->contact, f->contact);
    assert_string_equal(x->lead.name, "Jo Bell");
    assert_string_equal(x->organisation, "Early help service");
    assert_int_equal(x->assessment_done, D(2026, 1, 20));
    assert_int_equal(x->n_members, 1);
    assert_string_equal(x->members[0].agency, "School or college");
    assert_int_equal(x->n_meetings, 1);
    assert_int_equal(x->n_outcomes, 1);
    assert_null(x->outcomes[0].status);
    int64_t outcome = x->outcomes[0].id;
    eh_file_free(&ef);
    /* the lead and the member are professionals on the child's record */
    struct people_file pf;
    assert_int_equal(people_load(f->s, f->kid, &pf, &e), HE_OK);
    assert_int_equal(pf.n_pros, 2);
    people_file_free(&pf);

    assert_int_equal(eh_review_add(f->s, &f->sw, f->kid, version(f), ep, outcome, D(2026, 1, 21), "PROGRESS", "x", 14,
                                   &e),
                     HE_INPUT); /* before the outcome was agreed */
    assert_int_equal(eh_review_add(f->s, &f->sw, f->kid, version(f), ep, outcome, D(2026, 2, 19), "PROGRESS",
                                   "Two late days", 14, &e),
                     HE_OK);
    assert_int_equal(eh_review_add(f->s, &f->sw, f->kid, version(f), ep, outcome, D(2026, 3, 1), "ACHIEVED",
                                   "Every day for four weeks", 15, &e),
                     HE_OK);
    /* closing before the last review: refused; an unknown outcome: refused */
    assert_int_equal(eh_close(f->s, f->kid, version(f), ep, D(2026, 2, 28), "NEEDS_MET", &e), HE_INPUT);
    assert_string_equal(e.field, "date");
    assert_int_equal(eh_close(f->s, f->kid, version(f), ep, D(2026, 3, 2), "STEP_UP", &e), HE_INPUT);
    assert_string_equal(e.field, "outcome");
    assert_int_equal(eh_close(f->s, f->kid, version(f), ep, D(2026, 3, 2), "NEEDS_MET", &e), HE_OK);
    assert_int_equal(eh_load(f->s, f->kid, &ef, &e), HE_OK);
    x = eh_find(&ef, ep);
    assert_int_equal(x->end, D(2026, 3, 2));
    assert_string_equal(x->outcome, "NEEDS_MET");
    assert_string_equal(x->outcomes[0].status, "ACHIEVED");
    assert_int_equal(x->outcomes[0].n_reviews, 2);
    eh_file_free(&ef);
    /* closed: no more work in it */
    assert_int_equal(eh_meeting_add(f->s, &f->sw, f->kid, version(f), ep, D(2026, 3, 3), "Mum", "x", DAY_NONE, 16, &e),
                     HE_INPUT);
    /* the child's record shows it as the Annex A row does */
    struct child_file c;
    assert_int_equal(store_load_child(f->s, f->kid, &c, &e), HE_OK);
    assert_int_equal(c.n_early_helps, 1);
    assert_int_equal(c.early_helps[0].end, D(2026, 3, 2));
    child_file_free(&c);
}

static void test_step_down_and_up(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id referral = 0, ep = 0, up = 0;
    assert_int_equal(cw_decide_contact(f->s, &f->sw, f->contact, version(f), "REFERRAL", D(2026, 1, 6), "N1",
                                       &referral, &e),
                     HE_OK);
    /* beside an open episode of need, early help is a step-down, not a new episode */
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 1, 7), "direct", 0, &lead, 10, &ep, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "from");
    /* before the referral: refused, and nothing of either side written */
    assert_int_equal(eh_step_down(f->s, &f->sw, f->kid, version(f), D(2026, 1, 5), &lead, 10, &ep, &e), HE_INPUT);
    assert_string_equal(e.field, "start");
    assert_int_equal(count(f, "SELECT count(*) FROM cin_episode WHERE closure_date IS NULL"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM early_help"), 0);
    assert_int_equal(eh_step_down(f->s, &f->sw, f->kid, version(f), D(2026, 2, 1), &lead, 10, &ep, &e), HE_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM cin_episode WHERE closure_date IS NOT NULL AND closure_reason = "
                              "'RC7'"),
                     1);
    struct eh_file ef;
    assert_int_equal(eh_load(f->s, f->kid, &ef, &e), HE_OK);
    assert_string_equal(ef.episodes[0].from, "step_down");
    assert_int_equal(ef.episodes[0].from_episode, referral);
    assert_int_equal(ef.episodes[0].start, D(2026, 2, 1));
    eh_file_free(&ef);
    /* step-up: a referral on a day that already has one is refused, and early help stays open */
    assert_int_equal(eh_step_up(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 6), NULL, 0, 20, &up, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM early_help WHERE end_date IS NULL"), 1);
    assert_int_equal(up, 0);
    assert_int_equal(eh_step_up(f->s, &f->sw, f->kid, version(f), ep, D(2026, 4, 1), "N2", 0, 20, &up, &e), HE_OK);
    assert_true(up > 0);
    assert_int_equal(eh_load(f->s, f->kid, &ef, &e), HE_OK);
    assert_string_equal(ef.episodes[0].outcome, "STEP_UP");
    assert_int_equal(ef.episodes[0].to_episode, up);
    assert_int_equal(ef.episodes[0].end, D(2026, 4, 1));
    eh_file_free(&ef);
    struct child_file c;
    assert_int_equal(store_load_child(f->s, f->kid, &c, &e), HE_OK);
    assert_int_equal(c.n_episodes, 2);
    assert_int_equal(c.episodes[1].referral_date, D(2026, 4, 1));
    assert_string_equal(c.episodes[1].referral_source, EH_STEP_UP_SOURCE);
    assert_string_equal(c.episodes[1].primary_need, "N2");
    child_file_free(&c);
}

static void test_stronger_families(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id ep = 0;
    assert_int_equal(eh_open(f->s, &f->sw, f->kid, version(f), D(2026, 1, 7), "direct", 0, &lead, 10, &ep, &e), HE_OK);
    struct sf_problem_in p[3] = {{"SCHOOL", "Attendance 71% this term", "Attendance above 90% for three terms"},
                                 {"WORK", "Mum on Universal Credit, seeking work", "Mum in work"},
                                 {"HEALTH", "", "Weekly counselling kept"}};
    assert_int_equal(sf_attach(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 10), p, 1, 30, &e), HE_INPUT);
    assert_string_equal(e.field, "problems"); /* one problem is not enough */
    assert_int_equal(sf_attach(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 10), p, 3, 30, &e), HE_INPUT);
    assert_string_equal(e.field, "evidence"); /* a problem without evidence */
    struct sf_problem_in twice[2] = {p[0], p[0]};
    assert_int_equal(sf_attach(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 10), twice, 2, 30, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM sf_family"), 0);
    assert_int_equal(sf_attach(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 10), p, 2, 30, &e), HE_OK);
    assert_int_equal(sf_attach(f->s, &f->sw, f->kid, version(f), ep, D(2026, 1, 11), p, 2, 30, &e), HE_INPUT);

    int64_t claim;
    int fams = 0;
    struct cw_user *u = &f->sw;
    /* nothing due yet */
    assert_int_equal(sf_claim(f->s, u, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 5), 40, &claim, &fams, &e),
                     HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM sf_claim"), 0);
    /* continuous employment is for worklessness only; not before the family was attached */
    assert_int_equal(sf_result(f->s, f->kid, version(f), ep, "SCHOOL", "EMPLOYMENT", D(2026, 6, 1), "x", &e), HE_INPUT);
    assert_string_equal(e.field, "result");
    assert_int_equal(sf_result(f->s, f->kid, version(f), ep, "SCHOOL", "SUSTAINED", D(2026, 1, 9), "x", &e), HE_INPUT);
    assert_string_equal(e.field, "date");
    assert_int_equal(sf_result(f->s, f->kid, version(f), ep, "HEALTH", "SUSTAINED", D(2026, 6, 1), "x", &e), HE_INPUT);
    assert_string_equal(e.field, "problem"); /* not one of its problems */
    assert_int_equal(sf_result(f->s, f->kid, version(f), ep, "WORK", "EMPLOYMENT", D(2026, 7, 1),
                               "Six months' payslips", &e),
                     HE_OK);
    /* employment claimed in July's period; school not yet sustained */
    assert_int_equal(sf_claim(f->s, u, D(2026, 7, 2), D(2026, 7, 31), D(2026, 8, 5), 41, &claim, &fams, &e),
                     HE_INPUT); /* the day after: not in the period */
    assert_int_equal(sf_claim(f->s, u, D(2026, 7, 1), D(2026, 7, 31), D(2026, 7, 30), 41, &claim, &fams, &e),
                     HE_INPUT); /* a claim is made after its period */
    assert_string_equal(e.field, "to");
    assert_int_equal(sf_claim(f->s, u, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 5), 41, &claim, &fams, &e), HE_OK);
    assert_int_equal(fams, 1);
    /* claimed once: the results stay, and no claim takes the family again */
    assert_int_equal(sf_result(f->s, f->kid, version(f), ep, "SCHOOL", "SUSTAINED", D(2026, 9, 1), "Report", &e),
                     HE_INPUT);
    assert_int_equal(sf_claim(f->s, u, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 5), 42, &claim, &fams, &e),
                     HE_INPUT);
    struct sf_claim_row *cl;
    int n;
    assert_int_equal(sf_claims(f->s, &cl, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cl[0].employment, 1);
    assert_int_equal(cl[0].progress, 0);
    free(cl);
    /* targets: the family counts in the target whose period holds its attachment */
    assert_int_equal(sf_target_set(f->s, "Phase 2", D(2025, 4, 1), D(2030, 3, 31), 4330, &e), HE_OK);
    assert_int_equal(sf_target_set(f->s, "Phase 1", D(2012, 4, 1), D(2015, 3, 31), 1320, &e), HE_OK);
    assert_int_equal(sf_target_set(f->s, "Bad", D(2015, 4, 1), D(2015, 3, 31), 10, &e), HE_INPUT);
    assert_string_equal(e.field, "end");
    assert_int_equal(sf_target_set(f->s, "Zero", D(2015, 4, 1), D(2016, 3, 31), 0, &e), HE_INPUT);
    assert_string_equal(e.field, "families");
    struct sf_target_row *t;
    assert_int_equal(sf_targets(f->s, &t, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].name, "Phase 1");
    assert_int_equal(t[0].attached, 0);
    assert_int_equal(t[1].families, 4330);
    assert_int_equal(t[1].attached, 1);
    assert_int_equal(t[1].claimed, 1);
    free(t);
    struct eh_file ef;
    assert_int_equal(eh_load(f->s, f->kid, &ef, &e), HE_OK);
    assert_true(ef.episodes[0].claimed);
    assert_int_equal(ef.episodes[0].n_problems, 2);
    assert_string_equal(ef.episodes[0].problems[0].problem, "SCHOOL");
    assert_string_equal(ef.episodes[0].problems[1].result, "EMPLOYMENT");
    eh_file_free(&ef);

    /* a retention deletion removes the lot */
    assert_int_equal(tr_delete_person(f->s, f->kid, "test", D(2027, 1, 1), "admin", 50, &e), HE_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM eh_episode"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM sf_problem"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM early_help"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_and_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step_down_and_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stronger_families, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "early_help", tests, NULL, NULL);
}
