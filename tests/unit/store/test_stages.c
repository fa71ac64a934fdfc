/* The stage forms' writes (store/stages.h) on both stores: each DfE rule refuses with the
 * form field named and writes nothing; a stale record version is refused; what is saved is
 * read back (child_file and child_extra) and moves the statutory clocks (journey). */
#include "teststore.h"

#include "model/journey.h"
#include "store/casework.h"
#include "store/stages.h"
#include "store/store.h"
#include "store/trust.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user fd;
    rec_id child, episode;
};

#include "testfixture.h"

static int64_t version(struct fx *f) { return fx_version(f, f->child); }

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "fd", "Front Door", ROLE_ADMIN, "Front Door", &f->fd);
    /* 16 on 1 June 2025; referred 5 January 2026 */
    f->child = fx_referred(f, &f->fd, "S", D(2009, 6, 1), D(2026, 1, 5), &f->episode);
    *state = f;
    return 0;
}

static void load(struct fx *f, struct child_file *cf, struct child_extra *x)
{
    struct err e;
    assert_int_equal(store_load_child(f->s, f->child, cf, &e), HE_OK);
    assert_int_equal(st_load_extra(f->s, f->child, x, &e), HE_OK);
}

static day_t due_of(struct fx *f, enum clock_id id, day_t today) { return fx_due(f, f->child, id, today); }

static void test_plans(void **state)
{
    struct fx *f = *state;
    struct err e;
    /* CIN plan: start, refused end before start (4011), end */
    assert_int_equal(st_cin_plan_start(f->s, f->child, version(f), D(2026, 1, 4), &e), HE_INPUT);
    assert_string_equal(e.field, "date"); /* before the referral */
    assert_int_equal(st_cin_plan_start(f->s, f->child, version(f), D(2026, 1, 10), &e), HE_OK);
    assert_int_equal(st_cin_plan_start(f->s, f->child, version(f), D(2026, 1, 12), &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "4004"));
    struct child_file cf;
    struct child_extra x;
    load(f, &cf, &x);
    assert_int_equal(cf.n_cin_plans, 1);
    rec_id cin = cf.cin_plans_id[0];
    child_file_free(&cf);
    child_extra_free(&x);
    assert_int_equal(st_cin_plan_end(f->s, f->child, version(f), cin, D(2026, 1, 1), &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "4011"));
    int64_t v = version(f);
    assert_int_equal(st_cin_plan_end(f->s, f->child, v - 1, cin, D(2026, 1, 20), &e), HE_INPUT);
    assert_string_equal(e.field, "version"); /* a stale form */
    assert_int_equal(st_cin_plan_end(f->s, f->child, v, cin, D(2026, 1, 20), &e), HE_OK);

    /* CP plan from the conference; reviews move its clock; the end needs a reason */
    rec_id s47;
    assert_int_equal(cw_record_strategy(f->s, f->child, version(f), f->episode, D(2026, 1, 21), &e), HE_OK);
    load(f, &cf, &x);
    s47 = cf.s47s_id[0];
    child_file_free(&cf);
    child_extra_free(&x);
    assert_int_equal(cw_record_icpc(f->s, f->child, version(f), s47, D(2026, 1, 28), "NEG", &e), HE_OK);
    assert_int_equal(st_cin_plan_start(f->s, f->child, version(f), D(2026, 2, 1), &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "4016")); /* not beside a CP plan */
    load(f, &cf, &x);
    rec_id plan = cf.cp_plans_id[0];
    child_file_free(&cf);
    child_extra_free(&x);
    assert_int_equal(due_of(f, CLOCK_CP_FIRST_REVIEW, D(2026, 3, 31)), D(2026, 4, 28));
    assert_int_equal(st_cp_review(f->s, f->child, version(f), plan, D(2026, 1, 28), &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "8841"));
    assert_int_equal(st_cp_review(f->s, f->child, version(f), plan, D(2026, 3, 2), &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_CP_FIRST_REVIEW, D(2026, 3, 31)), 0);
    assert_int_equal(due_of(f, CLOCK_CP_REVIEW, D(2026, 3, 31)), D(2026, 9, 2));
    assert_int_equal(st_cp_end(f->s, f->child, version(f), plan, D(2026, 1, 20), "SAFE", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "8925"));
    assert_int_equal(st_cp_end(f->s, f->child, version(f), plan, D(2026, 1, 28), "SAFE", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "8840"));
    assert_int_equal(st_cp_end(f->s, f->child, version(f), plan, D(2026, 3, 1), "SAFE", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "last review")); /* before its review */
    assert_int_equal(st_cp_end(f->s, f->child, version(f), plan, D(2026, 3, 10), "WHIM", &e), HE_INPUT);
    assert_string_equal(e.field, "reason");
    assert_int_equal(st_cp_end(f->s, f->child, version(f), plan, D(2026, 3, 10), "SAFE", &e), HE_OK);
    load(f, &cf, &x);
    assert_int_equal(cf.cp_plans[0].end, D(2026, 3, 10));
    assert_int_equal(x.n_plan_ends, 1);
    assert_string_equal(x.plan_ends[0].reason, "SAFE");
    child_file_free(&cf);
    child_extra_free(&x);
    assert_int_equal(due_of(f, CLOCK_CP_REVIEW, D(2026, 3, 31)), 0);

    /* closure: RC8 after plans (2990) refused; RC7 closes */
    assert_int_equal(st_close_episode(f->s, f->child, version(f), D(2026, 1, 1), "RC7", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "8630"));
    assert_int_equal(st_close_episode(f->s, f->child, version(f), D(2026, 3, 31), "RC8", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "2990"));
    assert_int_equal(st_close_episode(f->s, f->child, version(f), D(2026, 3, 31), "RC99", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "8640"));
    assert_int_equal(st_close_episode(f->s, f->child, version(f), D(2026, 3, 31), "RC7", &e), HE_OK);
    load(f, &cf, &x);
    assert_int_equal(cf.episodes[0].closure_date, D(2026, 3, 31));
    assert_string_equal(cf.episodes[0].closure_reason, "RC7");
    child_file_free(&cf);
    child_extra_free(&x);
}

static void test_looked_after(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t in = D(2026, 3, 11);
    assert_int_equal(st_visit(f->s, f->child, version(f), in, 1, &e), HE_INPUT); /* not in care */
    assert_int_equal(cw_become_looked_after(f->s, f->child, version(f), in, "C1", "N1", "U6", &e), HE_OK);
    /* visits: a week from the placement, then 6 weeks from the last visit */
    assert_int_equal(due_of(f, CLOCK_VISIT_NEW_PLACEMENT, D(2026, 3, 31)), D(2026, 3, 18));
    assert_int_equal(st_visit(f->s, f->child, version(f), D(2026, 3, 15), 1, &e), HE_OK);
    assert_int_equal(st_visit(f->s, f->child, version(f), D(2026, 3, 15), 0, &e), HE_INPUT); /* twice */
    assert_int_equal(due_of(f, CLOCK_VISIT_NEW_PLACEMENT, D(2026, 3, 31)), 0);
    assert_int_equal(due_of(f, CLOCK_VISIT, D(2026, 3, 31)), D(2026, 4, 26));
    /* a new placement needs a visit within a week again */
    assert_int_equal(cw_change_placement(f->s, f->child, version(f), D(2026, 3, 20), "K2", "CARPL", &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_VISIT_NEW_PLACEMENT, D(2026, 3, 31)), D(2026, 3, 27));
    /* reviews: PN0 only under 4 (440), then the second review's clock */
    assert_int_equal(st_la_review(f->s, f->child, version(f), D(2026, 3, 21), "PN0", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "440"));
    assert_string_equal(e.field, "code");
    assert_int_equal(st_la_review(f->s, f->child, version(f), D(2026, 3, 1), "PN1", &e), HE_INPUT); /* before care */
    assert_int_equal(st_la_review(f->s, f->child, version(f), D(2026, 3, 21), "PN1", &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_LA_SECOND_REVIEW, D(2026, 3, 31)), D(2026, 6, 21));
    /* missing: not before care (581), the return's 72-hour clock, the interview stops it */
    rec_id m;
    assert_int_equal(st_missing(f->s, f->child, version(f), D(2026, 3, 1), DAY_NONE, "M", &m, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "581"));
    assert_int_equal(st_missing(f->s, f->child, version(f), D(2026, 3, 25), DAY_NONE, "Q", &m, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "1006"));
    assert_int_equal(st_missing(f->s, f->child, version(f), D(2026, 3, 25), DAY_NONE, "M", &m, &e), HE_OK);
    assert_int_equal(st_missing(f->s, f->child, version(f), D(2026, 3, 26), DAY_NONE, "M", NULL, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "574"));
    assert_int_equal(st_cease(f->s, f->child, version(f), D(2026, 3, 30), "E4A", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "577")); /* still missing */
    assert_int_equal(due_of(f, CLOCK_RETURN_INTERVIEW, D(2026, 3, 31)), 0); /* not back yet */
    assert_int_equal(st_missing_return(f->s, f->child, version(f), m, D(2026, 3, 20), -1, 0, -1, 0, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "567"));
    assert_int_equal(st_missing_return(f->s, f->child, version(f), m, D(2026, 3, 27), -1, 0, -1, 0, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_RETURN_INTERVIEW, D(2026, 3, 31)), D(2026, 3, 30));
    assert_int_equal(st_missing_return(f->s, f->child, version(f), m, D(2026, 3, 27), 1, D(2026, 3, 26), 1, 0, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "offered_date");
    assert_int_equal(st_missing_return(f->s, f->child, version(f), m, D(2026, 3, 27), 1, D(2026, 3, 28), 1,
                                       D(2026, 3, 29), &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_RETURN_INTERVIEW, D(2026, 3, 31)), 0);
    struct child_file cf;
    struct child_extra x;
    load(f, &cf, &x);
    assert_int_equal(cf.missing[0].end, D(2026, 3, 27));
    assert_int_equal(x.n_interviews, 1);
    assert_int_equal(x.interviews[0].offered, 1);
    assert_int_equal(x.interviews[0].date, D(2026, 3, 29));
    assert_int_equal(x.n_visits, 1);
    assert_int_equal(x.visits[0].seen_alone, 1);
    child_file_free(&cf);
    child_extra_free(&x);
    /* pathway plan: looked after after 16, so due 3 months from entering care */
    assert_int_equal(due_of(f, CLOCK_PATHWAY_PLAN, D(2026, 3, 31)), D(2026, 6, 11));
    assert_int_equal(st_pathway_plan(f->s, f->child, version(f), D(2026, 3, 29), &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_PATHWAY_REVIEW, D(2026, 3, 31)), D(2026, 9, 29));
    /* adoption before DECOM (334); ceasing: E11 needs an adoptive placement (390) */
    assert_int_equal(st_adoption(f->s, f->child, version(f), D(2026, 3, 1), 0, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "334"));
    assert_int_equal(st_adoption(f->s, f->child, version(f), D(2026, 3, 22), D(2026, 3, 21), &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "333"));
    assert_int_equal(st_adoption(f->s, f->child, version(f), D(2026, 3, 22), D(2026, 3, 24), &e), HE_OK);
    assert_int_equal(st_cease(f->s, f->child, version(f), D(2026, 3, 10), "E4A", &e), HE_INPUT); /* before DECOM */
    assert_int_equal(st_cease(f->s, f->child, version(f), D(2026, 3, 30), "E11", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "390"));
    assert_int_equal(st_cease(f->s, f->child, version(f), D(2026, 3, 30), "X1", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "149"));
    assert_int_equal(st_cease(f->s, f->child, version(f), D(2026, 3, 30), "E4A", &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_VISIT, D(2026, 3, 31)), 0);
    assert_int_equal(due_of(f, CLOCK_VISIT_NEW_PLACEMENT, D(2026, 3, 31)), 0);
    /* care leaver contact: OC3 codes; in touch means activity known (345) */
    assert_int_equal(st_leaver_contact(f->s, f->child, version(f), D(2026, 3, 30), "YES", "F5", "U1", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "1007")); /* still looked after that day */
    assert_int_equal(st_leaver_contact(f->s, f->child, version(f), D(2026, 3, 31), "YES", "0", "U1", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "345"));
    assert_int_equal(st_leaver_contact(f->s, f->child, version(f), D(2026, 3, 31), "YES", "F5", "U1", &e), HE_OK);
    load(f, &cf, &x);
    assert_int_equal(cf.la_episodes[cf.n_la_episodes - 1].dec, D(2026, 3, 30));
    assert_string_equal(cf.la_episodes[cf.n_la_episodes - 1].rec, "E4A");
    assert_int_equal(cf.n_placed_adoptions, 1);
    assert_int_equal(cf.n_adoptions, 1);
    assert_int_equal(cf.adoptions[0].date_match, D(2026, 3, 24));
    assert_int_equal(cf.n_care_leavers, 1);
    assert_int_equal(cf.care_leavers[0].year, 2026);
    assert_string_equal(cf.care_leavers[0].activ, "F5");
    assert_int_equal(x.n_leaver_contacts, 1);
    assert_int_equal(x.n_pathway_plans, 1);
    struct journey j;
    journey_compute_x(&cf, &x, NULL, 0, D(2026, 3, 31), &j);
    assert_true(j.status & JS_CARE_LEAVER);
    bool seen_visit = false, seen_rhi = false;
    for (int k = 0; k < j.n_events; k++) {
        seen_visit |= !strcmp(j.events[k].what, "Statutory visit");
        seen_rhi |= !strcmp(j.events[k].what, "Return home interview held");
    }
    assert_true(seen_visit && seen_rhi);
    journey_free(&j);
    child_file_free(&cf);
    child_extra_free(&x);
    /* a retention deletion takes the stage records too */
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2026, 3, 31), "test", 1, &e), HE_OK);
    assert_int_equal(st_load_extra(f->s, f->child, &x, &e), HE_OK);
    assert_int_equal(x.n_visits + x.n_interviews + x.n_pathway_plans + x.n_leaver_contacts, 0);
    child_extra_free(&x);
}

static void test_family(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct st_relative mum = {.given = "Jane", .family = "T", .dob = D(1990, 2, 3)};
    assert_int_equal(st_relationship_add(f->s, f->child, version(f), &mum, "AUNTIE", 1, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(st_relationship_add(f->s, f->child, version(f), &mum, "MOTHER", 1, &e), HE_OK);
    struct child_file cf;
    struct child_extra x;
    load(f, &cf, &x);
    assert_int_equal(x.n_relationships, 1);
    assert_string_equal(x.relationships[0].given, "Jane");
    assert_int_equal(x.relationships[0].household, 1);
    char la[40];
    snprintf(la, sizeof la, "%s", x.relationships[0].la_child_id);
    assert_int_equal(la[0], 'H');
    child_file_free(&cf);
    child_extra_free(&x);
    struct st_relative again = {.la_child_id = la};
    assert_int_equal(st_relationship_add(f->s, f->child, version(f), &again, "MOTHER", 1, &e), HE_INPUT);
    assert_string_equal(e.field, "relative");
    struct st_relative nobody = {.la_child_id = "NOSUCH"};
    assert_int_equal(st_relationship_add(f->s, f->child, version(f), &nobody, "FATHER", 0, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "NOSUCH"));
    load(f, &cf, &x);
    struct st_relative me = {.la_child_id = cf.person.la_child_id};
    assert_int_equal(st_relationship_add(f->s, f->child, version(f), &me, "SIBLING", 1, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "own relative"));
    assert_int_equal(x.n_relationships, 1); /* the refusals wrote nothing */
    child_file_free(&cf);
    child_extra_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_looked_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "stages", tests, NULL, NULL);
}
