/* The wider service's "Missing children" area (figures_missing.c) on both stores, at its
 * boundaries: an episode counts in the period by its start (first and last day in, the day
 * before out), a child once however many episodes, looked-after children by their SSDA903
 * episodes; the 72 hours end on the third day after the return; repeat missing needs the
 * third start fewer than 90 days after the first; missing now includes an episode that
 * ends today. */
#include <math.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/missing.h"
#include "store/store.h"
#include "store/store_impl.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kid[4];
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    for (int i = 0; i < 4; i++) {
        char given[8] = "Kid0";
        given[3] = (char)('0' + i);
        f->kid[i] = fx_child(f, &f->sw, given, D(2012, 1, 1), "F", D(2025, 1, 5));
    }
    *state = f;
    return 0;
}

/* offered: -1 none recorded; od the day offered */
static void home(struct fx *f, rec_id kid, day_t start, day_t end, int offered, day_t od, int accepted,
                 const char *found)
{
    struct err e;
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO missing_home (person_id, start_date, end_date, found, offered, offered_date, "
                            "accepted, at) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                            DB_I(kid), DB_I(start), DB_Z(end), DB_T(found),
                            offered < 0 ? DB_T(NULL) : DB_I(offered), DB_Z(od),
                            accepted < 0 ? DB_T(NULL) : DB_I(accepted)),
                     HE_OK);
}

static void care(struct fx *f, rec_id kid, day_t start, day_t end, int offered, day_t od, int accepted)
{
    struct err e;
    int64_t id;
    assert_int_equal(DB_INT(store_db(f->s), &e, &id,
                            "INSERT INTO missing_episode (person_id, start, end_date, kind, src_year) VALUES (?, ?, ?, "
                            "'M', 2026) RETURNING id",
                            DB_I(kid), DB_I(start), DB_Z(end)),
                     HE_OK);
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO return_interview (missing_id, offered, offered_date, accepted) VALUES (?, ?, ?, ?)",
                            DB_I(id), offered < 0 ? DB_T(NULL) : DB_I(offered), DB_Z(od),
                            accepted < 0 ? DB_T(NULL) : DB_I(accepted)),
                     HE_OK);
}

static void test_missing(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2025, 4, 1), to = D(2026, 3, 31);
    /* kid 0 at home: the first day of the year (back the same day, offered on the third day
     * after: in time, accepted), the day before (out), and in February twice */
    home(f, f->kid[0], from, from, 1, from + 3, 1, "FRIEND");
    home(f, f->kid[0], from - 1, from - 1, 1, from, 1, NULL);
    /* kid 0 again: 1 December, 15 January and 28 February: 89 days, a repeat */
    home(f, f->kid[0], D(2025, 12, 1), D(2025, 12, 2), 1, D(2025, 12, 6), 0, NULL); /* 4 days: late */
    home(f, f->kid[0], D(2026, 1, 15), D(2026, 1, 15), 0, 0, -1, NULL);
    home(f, f->kid[0], D(2026, 2, 28), D(2026, 3, 1), -1, 0, -1, NULL);
    /* kid 1 looked after: the last day of the year, still missing on the day asked */
    care(f, f->kid[1], to, DAY_NONE, -1, 0, -1);
    /* kid 2: three in 90 days exactly (not a repeat), the last in the year */
    home(f, f->kid[2], D(2025, 1, 1), D(2025, 1, 1), -1, 0, -1, NULL);
    home(f, f->kid[2], D(2025, 2, 1), D(2025, 2, 1), -1, 0, -1, NULL);
    home(f, f->kid[2], D(2025, 4, 1), D(2025, 4, 1), 1, D(2025, 4, 2), 1, NULL);
    /* kid 3: the day after the year: out */
    care(f, f->kid[3], to + 1, to + 2, -1, 0, -1);
    /* kid 3 earlier: an imported episode (no interview kept in hearth): never overdue */
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO missing_episode (person_id, start, end_date, kind, src_year) VALUES (?, ?, ?, "
                            "'M', 2025)",
                            DB_I(f->kid[3]), DB_I(D(2024, 6, 1)), DB_I(D(2024, 6, 2))),
                     HE_OK);

    struct service_result r;
    int a = area("missing");
    assert_int_equal(service_compute(f->s, a, from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "children_missing")->value, 3);
    assert_int_equal(fig(&r, "children_missing_looked_after")->value, 1);
    assert_int_equal(fig(&r, "episodes")->value, 6);
    assert_int_equal(fig(&r, "episodes_looked_after")->value, 1);
    /* returns in the year: kid 0's four (1 April, 2 December, 15 January, 1 March), kid 2's one */
    assert_int_equal(fig(&r, "returns")->value, 5);
    assert_int_equal(fig(&r, "interview_offered")->value, 3);
    assert_int_equal(fig(&r, "interview_offered_in_72_hours")->value, 2);
    assert_int_equal(fig(&r, "interview_offered_in_72_hours")->denominator, 5);
    assert_int_equal(fig(&r, "where_found_recorded")->value, 1);
    /* offered in the year: kid 0 (4 April, accepted; 6 December, refused) and kid 2 (accepted) */
    assert_int_equal(fig(&r, "children_offered_interview")->value, 2);
    assert_int_equal(fig(&r, "children_accepted_interview")->value, 2);
    assert_int_equal(fig(&r, "repeat_missing_children")->value, 1);
    assert_int_equal(fig(&r, "missing_now")->value, 1);
    assert_int_equal(fig(&r, "missing_now_looked_after")->value, 1);
    /* overdue now: kid 0's 1 March return (no answer; due 4 March) and kid 2's first two;
     * the same day the 72 hours end is not overdue */
    assert_int_equal(fig(&r, "interviews_overdue")->value, 3);
    assert_int_equal(service_compute(f->s, a, from, to, D(2025, 4, 4), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "interviews_overdue")->value, 2); /* kid 2's January and February */
    /* asked the day after the year ends: kid 3 is missing then, kid 1 too */
    assert_int_equal(service_compute(f->s, a, from, to, to + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "missing_now")->value, 2);
    /* a period of one day, the first */
    assert_int_equal(service_compute(f->s, a, from, from, from, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "children_missing")->value, 2);
    assert_int_equal(fig(&r, "repeat_missing_children")->value, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service: missing", tests, NULL, NULL);
}
