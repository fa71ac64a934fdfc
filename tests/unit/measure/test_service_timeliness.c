/* The wider service's two "Timeliness" areas (store/figures_timeliness.c) on both stores,
 * at their boundaries: a clock met on its due day (clock_due) is in time and one met a day
 * later is not; a clock stopped (the episode closed) before its due day is not counted; an
 * unmet clock due in the period is missed and, still running at the end, overdue, while one
 * due after the end is running in time; reviews restart the clock from the last one. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "teststore.h"

#include "date/clock.h"
#include "measure/service.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/store_impl.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct err e;
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "st.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &f->e), HE_OK);
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

static rec_id child(struct fx *f, const char *id)
{
    struct person p = {.la_child_id = id, .mother = -1};
    rec_id r;
    enum put_outcome o;
    assert_int_equal(store_put_person(f->s, 2025, &p, &r, &o, &f->e), HE_OK);
    return r;
}

/* An episode referred on `referral` (closed on `closure`), its assessment authorised on
 * `authorised` (DAY_NONE: none). */
static rec_id episode(struct fx *f, const char *id, day_t referral, day_t closure, day_t authorised)
{
    enum put_outcome o;
    struct cin_episode ce = {.person = child(f, id), .referral_date = referral, .closure_date = closure,
                             .referral_nfa = 0};
    rec_id ep;
    assert_int_equal(store_put_cin_episode(f->s, 2025, &ce, &ep, &o, &f->e), HE_OK);
    if (authorised != DAY_NONE) {
        struct assessment a = {.episode = ep, .start = referral, .authorised = authorised};
        assert_int_equal(store_put_assessment(f->s, 2025, &a, NULL, &o, &f->e), HE_OK);
    }
    return ep;
}

static const struct service_figure *fig(const struct service_result *r, const char *id)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->f[i].id, id))
            return &r->f[i];
    fail_msg("no figure %s", id);
    return NULL;
}

static void area(struct fx *f, const char *id, day_t from, day_t to, struct service_result *out)
{
    for (int i = 0; i < n_service_areas; i++)
        if (!strcmp(service_areas[i]->id, id)) {
            int rc = service_compute(f->s, i, from, to, to, out, &f->e);
            if (rc != HE_OK)
                fail_msg("%s: %s", id, f->e.msg);
            return;
        }
    fail_msg("no area %s", id);
}

#define CHECK(r, id, v, den)                                   \
    do {                                                       \
        assert_int_equal(fig(r, id)->value, v);                \
        assert_int_equal(fig(r, id)->denominator, den);        \
    } while (0)

static void test_cin_cp_clocks(void **state)
{
    struct fx *f = *state;
    enum put_outcome o;
    day_t from = D(2024, 4, 1), to = D(2025, 3, 31);
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    day_t r1 = D(2024, 4, 1), r2 = D(2024, 5, 1);
    rec_id e1 = episode(f, "A1", r1, DAY_NONE, clock_due(CLOCK_ASSESSMENT, r1)); /* on the due day */
    episode(f, "A2", r2, DAY_NONE, clock_due(CLOCK_ASSESSMENT, r2) + 1);           /* a day late */
    episode(f, "A3", D(2025, 3, 1), DAY_NONE, DAY_NONE);    /* due after the end: in time */
    episode(f, "A4", D(2024, 10, 1), DAY_NONE, DAY_NONE);   /* missed, overdue at the end */
    episode(f, "A5", D(2024, 6, 3), D(2024, 6, 10), DAY_NONE); /* closed first: stopped */
    /* a plan on A1's episode: the first review on its due day, the second a day late, the
     * third due after the end */
    day_t start = D(2024, 4, 10);
    struct cp_plan p = {.episode = e1, .start = start, .initial_category = "NEG", .latest_category = "NEG",
                        .previous_plans = -1};
    rec_id plan;
    assert_int_equal(store_put_cp_plan(f->s, 2025, &p, &plan, &o, &f->e), HE_OK);
    day_t first = clock_due(CLOCK_CP_FIRST_REVIEW, start), second = clock_due(CLOCK_CP_REVIEW, first) + 1;
    struct cp_review rv1 = {.plan = plan, .date = first}, rv2 = {.plan = plan, .date = second};
    assert_int_equal(store_put_cp_review(f->s, 2025, &rv1, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_put_cp_review(f->s, 2025, &rv2, NULL, &o, &f->e), HE_OK);
    /* an enquiry with its conference on the due day, one with none yet and past it */
    day_t s1 = D(2024, 6, 3), s2 = D(2025, 1, 6);
    struct s47_enquiry q1 = {.episode = e1, .start = s1, .icpc_date = clock_due(CLOCK_ICPC, s1),
                             .icpc_not_required = -1};
    struct s47_enquiry q2 = {.episode = e1, .start = s2, .icpc_not_required = -1};
    assert_int_equal(store_put_s47_enquiry(f->s, 2025, &q1, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_put_s47_enquiry(f->s, 2025, &q2, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);

    struct service_result r;
    area(f, "timeliness_cin", from, to, &r);
    CHECK(&r, "assessment_in_time", 1, 3);        /* A1 of A1 A2 A4 */
    CHECK(&r, "assessment_overdue_at_end", 1, 2); /* A4 of A3 A4 */
    CHECK(&r, "icpc_in_time", 1, 2);
    CHECK(&r, "icpc_overdue_at_end", 1, 1);
    CHECK(&r, "cp_first_review_in_time", 1, 1);
    CHECK(&r, "cp_review_in_time", 0, 1);
    CHECK(&r, "cp_review_overdue_at_end", 0, 1); /* the third, due after the end */
    CHECK(&r, "threshold_in_time", 0, 0);
    CHECK(&r, "core_group_in_time", 0, 0);       /* no conference recorded in hearth */
    /* the year before: A1's assessment was not yet due, nothing was running */
    area(f, "timeliness_cin", D(2023, 4, 1), D(2024, 3, 31), &r);
    CHECK(&r, "assessment_in_time", 0, 0);
    CHECK(&r, "assessment_overdue_at_end", 0, 0);
    assert_true(isnan(fig(&r, "assessment_in_time")->pct));
}

static void test_la_review_clocks(void **state)
{
    struct fx *f = *state;
    enum put_outcome o;
    day_t from = D(2024, 4, 1), to = D(2025, 3, 31);
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    rec_id k = child(f, "L1");
    /* a period of care of two joined episodes, its first review on the due day */
    day_t decom = D(2024, 6, 3);
    struct la_episode a = {.person = k, .decom = decom, .dec = D(2024, 7, 1), .rec = "X1", .place = "U4"};
    struct la_episode b = {.person = k, .decom = D(2024, 7, 1), .place = "U4"};
    assert_int_equal(store_put_la_episode(f->s, 2025, &a, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_put_la_episode(f->s, 2025, &b, NULL, &o, &f->e), HE_OK);
    struct la_review rv = {.person = k, .date = clock_due(CLOCK_LA_FIRST_REVIEW, decom), .code = "PN1"};
    assert_int_equal(store_put_la_review(f->s, 2025, &rv, NULL, &o, &f->e), HE_OK);
    /* another child, who left care before the first review was due: stopped */
    rec_id k2 = child(f, "L2");
    struct la_episode c = {.person = k2, .decom = D(2024, 9, 2), .dec = D(2024, 9, 9), .rec = "E4A", .place = "U4"};
    assert_int_equal(store_put_la_episode(f->s, 2025, &c, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);

    struct service_result r;
    area(f, "timeliness_la", from, to, &r);
    CHECK(&r, "la_first_review_in_time", 1, 1);  /* the join is one period of care */
    CHECK(&r, "la_second_review_in_time", 0, 1); /* due 3 months after, never held */
    CHECK(&r, "la_second_review_overdue_at_end", 1, 1);
    CHECK(&r, "la_review_in_time", 0, 0);
    CHECK(&r, "care_proceedings_in_time", 0, 0);
}

static rec_id cared_for(struct fx *f, const char *id, day_t dob, day_t decom, day_t dec, const char *place)
{
    enum put_outcome o;
    struct person p = {.la_child_id = id, .dob = dob, .mother = -1};
    rec_id r;
    assert_int_equal(store_put_person(f->s, 2025, &p, &r, &o, &f->e), HE_OK);
    struct la_episode ep = {.person = r, .decom = decom, .dec = dec, .rec = dec != DAY_NONE ? "E4A" : NULL,
                            .place = place, .rne = "S", .ls = "C2"};
    assert_int_equal(store_put_la_episode(f->s, 2025, &ep, NULL, &o, &f->e), HE_OK);
    return r;
}

static void visit(struct fx *f, rec_id k, day_t day)
{
    assert_int_equal(DB_RUN(store_db(f->s), &f->e, "INSERT INTO la_visit (person_id, date, seen_alone) VALUES (?, ?, 1)",
                            DB_I(k), DB_I(day)),
                     HE_OK);
}

static void health(struct fx *f, rec_id k, const char *kind, day_t day)
{
    assert_int_equal(DB_RUN(store_db(f->s), &f->e,
                            "INSERT INTO health_record (person_id, kind, date, recorded) VALUES (?, ?, ?, 0)",
                            DB_I(k), DB_T(kind), DB_I(day)),
                     HE_OK);
}

/* Visits, initial health assessments and PEPs: met on the due day is in time, a day late is
 * not; a placement or period of care that ends before the due day stops its clock; one due
 * after the end is running in time; a PEP only for a child of 5 to 15; a placement older than
 * the latest return (an imported child's) runs from the day after it, and its period of care
 * has no health or education clock. */
static void test_care_clocks(void **state)
{
    struct fx *f = *state;
    day_t from = D(2025, 4, 1), to = D(2026, 3, 31), none = DAY_NONE;
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    day_t p1 = D(2025, 5, 1);
    rec_id h1 = cared_for(f, "H1", D(2015, 1, 1), p1, none, "U4");
    day_t v1 = clock_due(CLOCK_VISIT_NEW_PLACEMENT, p1), v2 = clock_due(CLOCK_VISIT, v1) + 1;
    visit(f, h1, v1);
    visit(f, h1, v2);
    health(f, h1, "IHA", clock_due(CLOCK_HEALTH_ASSESSMENT, p1));
    health(f, h1, "PEP", clock_due(CLOCK_PEP, p1) + 1);
    cared_for(f, "H2", D(2022, 1, 1), D(2026, 3, 30), none, "U4");        /* due after the end */
    cared_for(f, "H3", D(2015, 1, 1), D(2025, 6, 2), D(2025, 6, 5), "U4"); /* left care first */
    cared_for(f, "V9", D(2012, 1, 1), D(2023, 1, 1), none, "U1");          /* imported, long-term */
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);

    struct service_result r;
    area(f, "timeliness_care", from, to, &r);
    CHECK(&r, "visit_new_placement_in_time", 1, 1);        /* H1 on the day; H3 stopped */
    CHECK(&r, "visit_new_placement_overdue_at_end", 0, 1); /* H2, not yet due */
    CHECK(&r, "visit_in_time", 0, 2);                       /* a day late, then none */
    CHECK(&r, "visit_overdue_at_end", 1, 1);
    CHECK(&r, "visit_long_term_in_time", 0, 1);             /* V9: 3 months from 1 April 2025 */
    CHECK(&r, "visit_long_term_overdue_at_end", 1, 1);
    CHECK(&r, "health_assessment_in_time", 1, 1);
    CHECK(&r, "health_assessment_overdue_at_end", 0, 1);    /* H2's, not yet due */
    CHECK(&r, "pep_in_time", 0, 1);                         /* H1's a day late; H2 is 4 */
    CHECK(&r, "pep_overdue_at_end", 0, 0);
    /* the year before: H1 was not yet placed; V9's placement predates hearth's records */
    area(f, "timeliness_care", D(2024, 4, 1), D(2025, 3, 31), &r);
    CHECK(&r, "visit_new_placement_in_time", 0, 0);
    CHECK(&r, "visit_long_term_in_time", 0, 0);
    CHECK(&r, "visit_long_term_overdue_at_end", 0, 0);
}

/* Pathway plans: from the 16th birthday of a young person looked after then (the first in
 * time, the review after it missed and overdue); none for one who left care before 16; a
 * young person who left care at 16 is followed only when a care leaver row holds them. */
static void test_pathway_clocks(void **state)
{
    struct fx *f = *state;
    enum put_outcome o;
    day_t from = D(2025, 4, 1), to = D(2026, 3, 31), none = DAY_NONE;
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    rec_id y1 = cared_for(f, "H1", D(2009, 5, 1), D(2024, 1, 1), none, "U4");
    assert_int_equal(DB_RUN(store_db(f->s), &f->e, "INSERT INTO pathway_plan (person_id, date) VALUES (?, ?)",
                            DB_I(y1), DB_I(clock_due(CLOCK_PATHWAY_PLAN, D(2025, 5, 1)))),
                     HE_OK);
    cared_for(f, "H2", D(2008, 3, 1), D(2023, 1, 1), D(2024, 1, 10), "U4");  /* left at 15 */
    cared_for(f, "H3", D(2009, 6, 1), D(2025, 1, 1), D(2025, 7, 1), "U4");   /* left at 16 */
    rec_id y4 = cared_for(f, "H4", D(2009, 6, 1), D(2025, 1, 1), D(2025, 7, 1), "U4");
    struct care_leaver cl = {.person = y4, .year = 2026, .in_touch = "YES", .activ = "F2", .accom = "B1"};
    assert_int_equal(store_put_care_leaver(f->s, 2026, &cl, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);

    struct service_result r;
    area(f, "timeliness_care", from, to, &r);
    CHECK(&r, "pathway_plan_in_time", 1, 2);         /* H1 on the due day; H4 none */
    CHECK(&r, "pathway_plan_overdue_at_end", 1, 1);  /* H4 */
    CHECK(&r, "pathway_review_in_time", 0, 1);       /* H1's, 6 months after the plan */
    CHECK(&r, "pathway_review_overdue_at_end", 1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cin_cp_clocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_la_review_clocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_care_clocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pathway_clocks, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_timeliness", tests, NULL, NULL);
}
