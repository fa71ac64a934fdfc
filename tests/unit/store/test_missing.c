/* Missing episodes of every child (store/missing.h) on both stores: a child at home has
 * episodes from home with their own checks (no "away from placement", no overlap, one open
 * at a time) and nothing in the SSDA903 table; a looked-after child's go to the SSDA903
 * table as before, with where found beside them; the return home interview either way; the
 * third episode within 90 days raises the alert and one strategy discussion task. */
#include "teststore.h"

#include "store/casework.h"
#include "store/missing.h"
#include "store/people.h"
#include "store/store.h"
#include "store/workflow.h"

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
    struct fx *f = fx_new("m.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    f->child = fx_referred(f, &f->sw, "Mo", D(2011, 6, 1), D(2026, 1, 5), NULL);
    *state = f;
    return 0;
}

static int record(struct fx *f, day_t start, day_t end, const char *kind, const char *found,
                  struct mis_outcome *o, struct err *e)
{
    struct mis_new m = {start, end, kind, found};
    return mis_record(f->s, &f->sw, f->child, version(f), &m, D(2026, 6, 1), 1000, o, e);
}

static int tasks(struct fx *f)
{
    struct err e;
    struct wf_task *t;
    size_t n;
    assert_int_equal(wf_tasks_for(f->s, f->child, &t, &n, &e), HE_OK);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += !strcmp(t[i].title, MIS_TASK_TITLE) && !strcmp(t[i].state, "open");
    free(t);
    return k;
}

static void test_repeat_rule(void **state)
{
    (void)state;
    day_t a[] = {100, 150, 189}, b[] = {100, 150, 190}, c[] = {10, 100, 150, 189, 400};
    assert_true(mis_repeat(a, 3, 189));
    assert_true(mis_repeat(a, 3, 100));
    assert_false(mis_repeat(b, 3, 190)); /* 90 days from first to third: not within 90 */
    assert_false(mis_repeat(a, 2, 150));
    assert_true(mis_repeat(c, 5, 150));
    assert_false(mis_repeat(c, 5, 10));
    assert_false(mis_repeat(c, 5, 400));
}

static void test_home(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct mis_outcome o;
    /* a child at home cannot be away from a placement */
    assert_int_equal(record(f, D(2026, 1, 10), D(2026, 1, 11), "A", NULL, &o, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(record(f, D(2010, 1, 10), D(2010, 1, 11), "M", NULL, &o, &e), HE_INPUT); /* before birth */
    assert_string_equal(e.field, "start");
    assert_int_equal(record(f, D(2026, 1, 10), D(2026, 1, 9), "M", NULL, &o, &e), HE_INPUT);
    assert_string_equal(e.field, "end");
    assert_int_equal(record(f, D(2026, 1, 10), D(2026, 1, 11), "M", "NOWHERE", &o, &e), HE_INPUT);
    assert_string_equal(e.field, "found");
    /* a stale record version: nothing written */
    struct mis_new m = {D(2026, 1, 10), D(2026, 1, 11), "M", NULL};
    assert_int_equal(mis_record(f->s, &f->sw, f->child, version(f) - 1, &m, D(2026, 6, 1), 1000, &o, &e), HE_INPUT);
    struct mis_list l;
    assert_int_equal(mis_list(f->s, f->child, &l, &e), HE_OK);
    assert_int_equal(l.n, 0);
    mis_list_free(&l);

    assert_int_equal(record(f, D(2026, 1, 10), D(2026, 1, 11), "M", "FRIEND", &o, &e), HE_OK);
    assert_false(o.in_care);
    assert_false(o.repeat);
    assert_true(o.id > 0);
    assert_int_equal(record(f, D(2026, 1, 11), D(2026, 1, 12), "M", NULL, &o, &e), HE_INPUT); /* overlaps */
    assert_string_equal(e.field, "start");
    int64_t open_id;
    assert_int_equal(record(f, D(2026, 2, 1), DAY_NONE, "M", NULL, &o, &e), HE_OK);
    open_id = o.id;
    assert_int_equal(record(f, D(2026, 2, 10), D(2026, 2, 11), "M", NULL, &o, &e), HE_INPUT); /* one still open */
    assert_non_null(strstr(e.msg, "record their return first"));
    /* the return: not before the start; the interview's answers as for a looked-after child */
    struct mis_return r = {D(2026, 1, 30), "POLICE", -1, 0, -1, 0};
    assert_int_equal(mis_return(f->s, f->child, version(f), open_id, false, &r, &e), HE_INPUT);
    assert_string_equal(e.field, "end");
    r = (struct mis_return){D(2026, 2, 3), "POLICE", 1, D(2026, 2, 2), 1, 0};
    assert_int_equal(mis_return(f->s, f->child, version(f), open_id, false, &r, &e), HE_INPUT);
    assert_string_equal(e.field, "offered_date");
    r = (struct mis_return){D(2026, 2, 3), "POLICE", 1, D(2026, 2, 4), -1, 0};
    assert_int_equal(mis_return(f->s, f->child, version(f), open_id, false, &r, &e), HE_INPUT);
    assert_string_equal(e.field, "accepted");
    r = (struct mis_return){D(2026, 2, 3), "POLICE", 1, D(2026, 2, 4), 1, D(2026, 2, 5)};
    assert_int_equal(mis_return(f->s, f->child, version(f), open_id, false, &r, &e), HE_OK);
    assert_int_equal(mis_list(f->s, f->child, &l, &e), HE_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].start, D(2026, 2, 1)); /* newest first */
    assert_int_equal(l.v[0].end, D(2026, 2, 3));
    assert_string_equal(l.v[0].found, "POLICE");
    assert_int_equal(l.v[0].offered, 1);
    assert_int_equal(l.v[0].accepted, 1);
    assert_int_equal(l.v[0].interview, D(2026, 2, 5));
    assert_false(l.v[0].in_care);
    assert_string_equal(l.v[1].found, "FRIEND");
    assert_int_equal(l.v[1].offered, -1);
    mis_list_free(&l);
    /* nothing in the SSDA903 table: a child at home is in no looked-after return */
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_missing, 0);
    child_file_free(&cf);

    /* the third within 90 days (10 January, 1 February, 9 April: 89 days) raises the alert
     * and one task; a fourth while it is open raises no second task */
    assert_int_equal(tasks(f), 0);
    assert_int_equal(record(f, D(2026, 4, 9), D(2026, 4, 9), "M", NULL, &o, &e), HE_OK);
    assert_true(o.repeat);
    assert_true(o.task > 0);
    assert_int_equal(tasks(f), 1);
    struct people_alerts al;
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 4, 10), &al, &e), HE_OK);
    assert_int_equal(al.n, 1);
    assert_string_equal(al.v[0].kind, "MISSING");
    people_alerts_free(&al);
    assert_int_equal(record(f, D(2026, 4, 20), D(2026, 4, 21), "M", NULL, &o, &e), HE_OK);
    assert_true(o.repeat);
    assert_int_equal(o.task, 0);
    assert_int_equal(tasks(f), 1);
}

static void test_not_repeat_at_90_days(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct mis_outcome o;
    assert_int_equal(record(f, D(2026, 1, 10), D(2026, 1, 11), "M", NULL, &o, &e), HE_OK);
    assert_int_equal(record(f, D(2026, 2, 1), D(2026, 2, 1), "M", NULL, &o, &e), HE_OK);
    assert_int_equal(record(f, D(2026, 4, 10), D(2026, 4, 10), "M", NULL, &o, &e), HE_OK); /* 90 days on */
    assert_false(o.repeat);
    assert_int_equal(tasks(f), 0);
}

static void test_in_care(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct mis_outcome o;
    /* from home first, then looked after */
    assert_int_equal(record(f, D(2026, 3, 1), DAY_NONE, "M", NULL, &o, &e), HE_OK);
    int64_t home = o.id;
    struct mis_return r = {D(2026, 3, 2), NULL, 0, 0, -1, 0};
    assert_int_equal(mis_return(f->s, f->child, version(f), home, false, &r, &e), HE_OK);
    assert_int_equal(cw_become_looked_after(f->s, f->child, version(f), D(2026, 3, 11), "C1", "N1", "U6", &e), HE_OK);
    /* the SSDA903 rules still apply (1006: an unknown type) */
    assert_int_equal(record(f, D(2026, 3, 25), D(2026, 3, 26), "Q", NULL, &o, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "1006"));
    assert_int_equal(record(f, D(2026, 3, 25), D(2026, 3, 26), "A", "POLICE", &o, &e), HE_OK);
    assert_true(o.in_care);
    int64_t care = o.id;
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_missing, 1); /* only the episode in care is the SSDA903 one */
    assert_int_equal(cf.missing[0].start, D(2026, 3, 25));
    assert_string_equal(cf.missing[0].kind, "A");
    child_file_free(&cf);
    r = (struct mis_return){D(2026, 3, 26), "HOSPITAL", 1, D(2026, 3, 27), 0, 0};
    assert_int_equal(mis_return(f->s, f->child, version(f), care, true, &r, &e), HE_OK);
    struct mis_list l;
    assert_int_equal(mis_list(f->s, f->child, &l, &e), HE_OK);
    assert_int_equal(l.n, 2);
    assert_true(l.v[0].in_care);
    assert_string_equal(l.v[0].found, "HOSPITAL");
    assert_int_equal(l.v[0].offered, 1);
    assert_int_equal(l.v[0].accepted, 0);
    assert_false(l.v[1].in_care);
    mis_list_free(&l);
    /* the third in 90 days counts episodes from home and from care alike */
    assert_int_equal(record(f, D(2026, 4, 1), D(2026, 4, 2), "M", NULL, &o, &e), HE_OK);
    assert_true(o.in_care);
    assert_true(o.repeat);
    assert_int_equal(tasks(f), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeat_rule),
        cmocka_unit_test_setup_teardown(test_home, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_repeat_at_90_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_in_care, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "missing", tests, NULL, NULL);
}
