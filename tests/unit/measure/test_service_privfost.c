/* The wider service's "Private fostering" area (figures_privfost.c) on both stores, at its
 * boundaries: notifications by their day (first and last day of the period in, the days
 * either side out); privately fostered at the end only when known by then and not ended on
 * the last day; the first visit on its due day met, not yet due neither met nor missed; a
 * decision on its 42nd working day in time, a day later not; a visit the day before the
 * first anniversary keeps the 6-week interval, one on it moves to 12 weeks. */
#include <string.h>

#include "teststore.h"

#include "date/clock.h"
#include "measure/service.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kid[4], carer;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    for (int i = 0; i < 4; i++) {
        char given[8] = "Kid0";
        given[3] = (char)('0' + i);
        f->kid[i] = fx_child(f, &f->sw, given, D(2012, 1, 1), "F", D(2024, 1, 5));
    }
    f->carer = fx_child(f, &f->sw, "Carer", D(1980, 1, 1), "F", D(2024, 1, 5));
    *state = f;
    return 0;
}

static int64_t arrangement(struct fx *f, rec_id kid, day_t notified, day_t began, day_t end, const char *reason,
                           const char *outcome, day_t assessed)
{
    struct err e;
    int64_t id = 0;
    assert_int_equal(DB_INT(store_db(f->s), &e, &id,
                            "INSERT INTO private_fostering (person_id, notified, notified_by, began, carer_id, disabled, "
                            "outcome, assessed, end_date, end_reason, at) VALUES (?, ?, 'parent', ?, ?, 0, ?, ?, ?, ?, 1) "
                            "RETURNING id",
                            DB_I(kid), DB_I(notified), DB_I(began), DB_I(f->carer), DB_T(outcome), DB_Z(assessed),
                            DB_Z(end), DB_T(reason)),
                     HE_OK);
    return id;
}

static void visit(struct fx *f, int64_t id, day_t day, int alone)
{
    struct err e;
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO private_fostering_visit (arrangement_id, day, seen_alone, at) VALUES (?, ?, ?, 1)",
                            DB_I(id), DB_I(day), DB_I(alone)),
                     HE_OK);
}

static void test_privfost(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2025, 4, 1), to = D(2026, 3, 31);
    /* A: notified on the first day; first visit on its due day (Thursday 10 April), then one
     * a day late (due 22 May) and one on time; decided on its 42nd working day */
    day_t na = from;
    assert_int_equal(clock_due(CLOCK_PF_INITIAL_VISIT, na), D(2025, 4, 10));
    int64_t a = arrangement(f, f->kid[0], na, D(2025, 3, 20), DAY_NONE, NULL, "suitable",
                            clock_due(CLOCK_PF_ASSESSMENT, na));
    visit(f, a, D(2025, 4, 10), 1);
    visit(f, a, D(2025, 5, 23), 1);
    visit(f, a, D(2025, 7, 4), 1);
    /* B: notified the day before the period; decided a day late, not suitable; ended on the
     * period's last day when the child became looked after */
    day_t nb = from - 1;
    arrangement(f, f->kid[1], nb, D(2025, 3, 1), to, "looked_after", "not_suitable",
                clock_due(CLOCK_PF_ASSESSMENT, nb) + 1);
    /* C: notified on the last day, nothing yet */
    arrangement(f, f->kid[2], to, to, DAY_NONE, NULL, NULL, 0);
    /* D: notified the day after, though begun in the period */
    arrangement(f, f->kid[3], to + 1, D(2026, 3, 15), DAY_NONE, NULL, NULL, 0);
    /* E: the second year: a visit the day before the anniversary (6 weeks apply: the next,
     * 12 weeks later, is late), then one on the 12 weeks' last day (in time); ended at 16 */
    int64_t x = arrangement(f, f->kid[3], D(2024, 1, 10), D(2024, 1, 10), D(2025, 7, 1), "age", "suitable",
                            D(2024, 2, 1));
    visit(f, x, D(2024, 1, 15), 0);
    visit(f, x, D(2025, 1, 9), 0);
    visit(f, x, D(2025, 1, 9) + 84, 0);
    visit(f, x, D(2025, 1, 9) + 84 + 84, 0);

    struct service_result r;
    int ar = area("private_fostering");
    assert_int_equal(service_compute(f->s, ar, from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "privately_fostered")->value, 2); /* A and C */
    assert_int_equal(fig(&r, "notifications")->value, 2);      /* A and C */
    assert_int_equal(fig(&r, "first_visit_met")->value, 1);
    assert_int_equal(fig(&r, "first_visit_missed")->value, 0); /* C's is not due yet */
    assert_int_equal(fig(&r, "first_visit_in_time")->denominator, 1);
    assert_int_equal(fig(&r, "decisions")->value, 2);
    assert_int_equal(fig(&r, "decisions_in_42_days")->value, 1);
    assert_int_equal(fig(&r, "not_suitable")->value, 1);
    assert_int_equal(fig(&r, "decisions_overdue")->value, 0);
    /* later visits: A's 23 May (late) and 4 July; E's 3 April (late) and 26 June */
    assert_int_equal(fig(&r, "visits_in_time")->value, 2);
    assert_int_equal(fig(&r, "visits_in_time")->denominator, 4);
    assert_int_equal(fig(&r, "seen_alone")->value, 3);
    assert_int_equal(fig(&r, "seen_alone")->denominator, 5);
    /* A's next visit was due 15 August 2025 */
    assert_int_equal(fig(&r, "visits_overdue")->value, 1);
    assert_int_equal(fig(&r, "ended")->value, 2);
    assert_int_equal(fig(&r, "ended_looked_after")->value, 1);
    /* asked later: C's first visit and decision are past due */
    assert_int_equal(service_compute(f->s, ar, from, to, to + 90, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "first_visit_missed")->value, 1);
    assert_int_equal(fig(&r, "decisions_overdue")->value, 2); /* C, and D (notified the day after) */
    /* the period of the last day alone */
    assert_int_equal(service_compute(f->s, ar, to, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "notifications")->value, 1);
    assert_int_equal(fig(&r, "privately_fostered")->value, 2);
    assert_int_equal(fig(&r, "ended")->value, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_privfost, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service: private fostering", tests, NULL, NULL);
}
