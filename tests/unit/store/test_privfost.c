/* Private fostering arrangements (store/privfost.h) on both stores: a notification links the
 * carer as a person (new from the names, or an existing record), refuses a looked-after
 * child, a child of 16 (18 when disabled), a second arrangement at once, a stale version;
 * visits, the suitability decision and the end are recorded once with their checks; the
 * visits' due dates follow the regulations (7 working days, then 6 weeks in the first
 * year, 12 after). */
#include "teststore.h"

#include "date/clock.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/privfost.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id child;
};

#include "testfixture.h"

static int64_t version(struct fx *f) { return fx_version(f, f->child); }

static int setup(void **state)
{
    struct fx *f = fx_new("p.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    f->child = fx_referred(f, &f->sw, "Ada", D(2011, 6, 1), D(2026, 1, 5), NULL);
    *state = f;
    return 0;
}

static int notify(struct fx *f, day_t notified, day_t began, bool disabled, const char *la, int64_t *id,
                  struct err *e)
{
    struct pf_new n = {notified, "school", began, disabled, {la, la ? NULL : "Grace", la ? NULL : "Mensah"}};
    return pf_notify(f->s, &f->sw, f->child, version(f), &n, D(2026, 6, 1), 1000, id, e);
}

static int64_t count(struct fx *f, const char *table)
{
    struct pf_list l;
    struct err e;
    assert_int_equal(pf_list(f->s, f->child, &l, &e), HE_OK);
    int64_t n = l.n;
    if (!strcmp(table, "visits"))
        n = l.n ? l.v[0].n_visits : 0;
    pf_list_free(&l);
    return n;
}

static void test_due_dates(void **state)
{
    (void)state;
    /* notified Friday 1 March 2024: the first visit by Tuesday 12 March (7 working days) */
    assert_int_equal(pf_visit_due(D(2024, 3, 1), DAY_NONE), D(2024, 3, 12));
    /* a visit in the first year: 6 weeks; on the anniversary or after: 12 weeks */
    assert_int_equal(pf_visit_due(D(2024, 3, 1), D(2025, 2, 28)), D(2025, 2, 28) + 42);
    assert_int_equal(pf_visit_due(D(2024, 3, 1), D(2025, 3, 1)), D(2025, 3, 1) + 84);
    struct pf_arrangement a = {.notified = D(2024, 3, 1)};
    assert_int_equal(pf_next_due(&a), D(2024, 3, 12));
    a.end = D(2024, 4, 1);
    assert_int_equal(pf_next_due(&a), DAY_NONE);
}

static void test_notify(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    /* the rules, nothing stored */
    assert_int_equal(notify(f, D(2026, 7, 1), D(2026, 7, 1), false, NULL, &id, &e), HE_INPUT); /* after today */
    assert_string_equal(e.field, "notified");
    assert_int_equal(notify(f, D(2026, 3, 1), D(2010, 3, 1), false, NULL, &id, &e), HE_INPUT); /* before birth */
    assert_string_equal(e.field, "began");
    /* 16 on 1 June 2027: an arrangement beginning that day is not private fostering, unless disabled */
    assert_int_equal(notify(f, D(2026, 3, 1), D(2027, 6, 1), false, NULL, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "began");
    assert_int_equal(notify(f, D(2026, 3, 1), D(2027, 5, 31), false, "NOSUCH", &id, &e), HE_INPUT);
    assert_string_equal(e.field, "carer");
    struct pf_new blank = {D(2026, 3, 1), "school", D(2026, 3, 1), false, {NULL, "Grace", ""}};
    assert_int_equal(pf_notify(f->s, &f->sw, f->child, version(f), &blank, D(2026, 6, 1), 1, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "carer");
    struct pf_new who = {D(2026, 3, 1), "neighbour", D(2026, 3, 1), false, {NULL, "Grace", "Mensah"}};
    assert_int_equal(pf_notify(f->s, &f->sw, f->child, version(f), &who, D(2026, 6, 1), 1, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "notified_by");
    struct pf_new ok = {D(2026, 3, 1), "school", D(2026, 2, 20), false, {NULL, "Grace", "Mensah"}};
    assert_int_equal(pf_notify(f->s, &f->sw, f->child, version(f) - 1, &ok, D(2026, 6, 1), 1, &id, &e), HE_INPUT);
    assert_int_equal(count(f, "arrangements"), 0);
    /* disabled: 18 is the limit */
    assert_int_equal(notify(f, D(2026, 3, 1), D(2027, 6, 1), true, NULL, &id, &e), HE_OK);
    struct pf_list l;
    assert_int_equal(pf_list(f->s, f->child, &l, &e), HE_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].carer_given, "Grace");
    assert_string_equal(l.v[0].carer_family, "Mensah");
    assert_true(l.v[0].carer != f->child && l.v[0].carer > 0);
    assert_true(l.v[0].disabled);
    assert_null(l.v[0].outcome);
    char carer_la[40];
    snprintf(carer_la, sizeof carer_la, "%s", l.v[0].carer_la);
    pf_list_free(&l);
    /* one at a time */
    assert_int_equal(notify(f, D(2026, 4, 1), D(2027, 7, 1), true, carer_la, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "began");
    assert_int_equal(count(f, "arrangements"), 1);
}

static void test_visits_assessment_end(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    assert_int_equal(notify(f, D(2026, 3, 2), D(2026, 2, 23), false, NULL, &id, &e), HE_OK);
    day_t today = D(2026, 6, 1);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 3, 1), true, today, 1, &e), HE_INPUT);
    assert_string_equal(e.field, "day"); /* before the notification */
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 6, 2), true, today, 1, &e), HE_INPUT);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id + 99, D(2026, 3, 5), true, today, 1, &e),
                     HE_INPUT);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 3, 12), false, today, 1, &e), HE_OK);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 3, 12), true, today, 1, &e), HE_INPUT);
    assert_string_equal(e.field, "day"); /* the same day twice */
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 4, 20), true, today, 1, &e), HE_OK);
    struct pf_list l;
    assert_int_equal(pf_list(f->s, f->child, &l, &e), HE_OK);
    assert_int_equal(l.v[0].n_visits, 2);
    /* notified Monday 2 March: 7 working days is Wednesday 11 March, so the 12th was late */
    assert_int_equal(l.v[0].visits[0].due, D(2026, 3, 11));
    assert_false(l.v[0].visits[0].seen_alone);
    assert_int_equal(l.v[0].visits[1].due, D(2026, 3, 12) + 42);
    assert_int_equal(pf_next_due(&l.v[0]), D(2026, 4, 20) + 42);
    pf_list_free(&l);
    /* the decision */
    assert_int_equal(pf_assess(f->s, f->child, version(f), id, "fine", D(2026, 4, 1), today, &e), HE_INPUT);
    assert_string_equal(e.field, "outcome");
    assert_int_equal(pf_assess(f->s, f->child, version(f), id, "suitable", D(2026, 3, 1), today, &e), HE_INPUT);
    assert_string_equal(e.field, "assessed");
    assert_int_equal(pf_assess(f->s, f->child, version(f), id, "suitable", D(2026, 4, 28), today, &e), HE_OK);
    assert_int_equal(pf_assess(f->s, f->child, version(f), id, "not_suitable", D(2026, 4, 29), today, &e), HE_INPUT);
    /* the end */
    assert_int_equal(pf_end(f->s, f->child, version(f), id, D(2026, 5, 1), "moved", today, &e), HE_INPUT);
    assert_string_equal(e.field, "reason");
    assert_int_equal(pf_end(f->s, f->child, version(f), id, D(2026, 2, 1), "returned_parent", today, &e), HE_INPUT);
    assert_string_equal(e.field, "end"); /* before it began */
    assert_int_equal(pf_end(f->s, f->child, version(f), id, D(2026, 4, 19), "returned_parent", today, &e), HE_INPUT);
    assert_string_equal(e.field, "end"); /* a visit after it */
    assert_int_equal(pf_end(f->s, f->child, version(f), id, D(2026, 5, 1), "returned_parent", today, &e), HE_OK);
    assert_int_equal(pf_end(f->s, f->child, version(f), id, D(2026, 5, 2), "other", today, &e), HE_INPUT);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 5, 10), true, today, 1, &e), HE_INPUT);
    assert_int_equal(pf_list(f->s, f->child, &l, &e), HE_OK);
    assert_string_equal(l.v[0].outcome, "suitable");
    assert_int_equal(l.v[0].assessed, D(2026, 4, 28));
    assert_int_equal(l.v[0].end, D(2026, 5, 1));
    assert_string_equal(l.v[0].end_reason, "returned_parent");
    pf_list_free(&l);
    /* current on 30 April, not on 1 May (the day it ended) */
    assert_int_equal(pf_current(f->s, D(2026, 4, 30), &l, &e), HE_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].child_given, "Ada");
    pf_list_free(&l);
    assert_int_equal(pf_current(f->s, D(2026, 5, 1), &l, &e), HE_OK);
    assert_int_equal(l.n, 0);
    pf_list_free(&l);
    /* a new arrangement once the first has ended */
    assert_int_equal(notify(f, D(2026, 5, 20), D(2026, 5, 20), false, NULL, &id, &e), HE_OK);
    assert_int_equal(count(f, "arrangements"), 2);
}

static void test_looked_after(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    assert_int_equal(cw_become_looked_after(f->s, f->child, version(f), D(2026, 3, 11), "C1", "N1", "U6", &e), HE_OK);
    assert_int_equal(notify(f, D(2026, 4, 1), D(2026, 4, 1), false, NULL, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "began");
    assert_int_equal(count(f, "arrangements"), 0);
}

/* A deletion under the retention schedule takes the child's arrangements and visits; the
 * carer, a person of their own, stays (another child's arrangement may name them). */
static void test_retention(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    assert_int_equal(notify(f, D(2026, 3, 2), D(2026, 2, 23), false, NULL, &id, &e), HE_OK);
    assert_int_equal(pf_visit(f->s, &f->sw, f->child, version(f), id, D(2026, 3, 5), true, D(2026, 6, 1), 1, &e), HE_OK);
    struct pf_list l;
    assert_int_equal(pf_list(f->s, f->child, &l, &e), HE_OK);
    rec_id carer = l.v[0].carer;
    pf_list_free(&l);
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2027, 1, 1), "admin", 50, &e), HE_OK);
    int64_t n = -1;
    assert_int_equal(DB_INT(store_db(f->s), &e, &n, "SELECT (SELECT count(*) FROM private_fostering WHERE person_id = ?) + "
                                                      "(SELECT count(*) FROM private_fostering_visit)",
                            DB_I(f->child)),
                     HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(DB_INT(store_db(f->s), &e, &n, "SELECT count(*) FROM person WHERE id = ? AND la_child_id NOT "
                                                      "LIKE 'deleted-%'",
                            DB_I(carer)),
                     HE_OK);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_dates),
        cmocka_unit_test_setup_teardown(test_notify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visits_assessment_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_looked_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "privfost", tests, NULL, NULL);
}
