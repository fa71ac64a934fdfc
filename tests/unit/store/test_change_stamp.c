/* The change stamp (store/trends.h) on both stores: every committed write that can move a
 * figure moves it, whichever connection made it (an import's new records, a return that
 * changes a record already held, a record deleted, a write on another connection), and
 * neither a rolled-back write nor the access log does (kept figures stay fresh while people
 * merely look). The stamp once summed record versions and newest ids, so a return that only
 * changed a record already held left it, and the dashboard showed the old figure. */
#include "teststore.h"

#include "store/audit.h"
#include "store/casework.h"
#include "store/trends.h"
#include "store/trust.h"

static enum test_backend backend;

struct fixture {
    char *dir;
    struct test_db t;
    struct store *s;
    struct err e;
    rec_id child, episode;
};

static day_t d(const char *iso) { return date_parse_iso(iso, strlen(iso)); }

static struct cin_episode episode(rec_id child)
{
    return (struct cin_episode){.person = child, .referral_date = d("2024-05-01"),
                                .referral_source = "1A", .primary_need = "N1", .referral_nfa = 0};
}

static int64_t stamp(struct fixture *f, struct store *s)
{
    int64_t v = -1;
    assert_int_equal(store_change_stamp(s, &v, &f->e), HE_OK);
    return v;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "t.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &f->e), HE_OK);
    int64_t before = stamp(f, f->s);
    /* an import: a child and an episode of need, loaded in one transaction */
    assert_int_equal(store_begin_load(f->s, &f->e), HE_OK);
    struct person p = {.la_child_id = "S1", .dob = d("2012-03-04"), .mother = -1};
    assert_int_equal(store_put_person(f->s, 2025, &p, &f->child, NULL, &f->e), HE_OK);
    struct cin_episode ep = episode(f->child);
    assert_int_equal(store_put_cin_episode(f->s, 2025, &ep, &f->episode, NULL, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    assert_true(stamp(f, f->s) != before);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

/* A newer return closes the episode: the same record, no new id, no record version. */
static void test_changed_record(void **state)
{
    struct fixture *f = *state;
    int64_t before = stamp(f, f->s);
    assert_int_equal(store_begin_load(f->s, &f->e), HE_OK);
    struct cin_episode ep = episode(f->child);
    ep.closure_date = d("2025-02-01");
    ep.closure_reason = "RC1";
    rec_id id;
    enum put_outcome o;
    assert_int_equal(store_put_cin_episode(f->s, 2026, &ep, &id, &o, &f->e), HE_OK);
    assert_int_equal(id, f->episode);
    assert_int_equal(o, PUT_UPDATED);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    assert_true(stamp(f, f->s) != before);
}

/* Another connection (another request's, or `hearth import` in another process) writes:
 * this one sees the stamp move. */
static void test_other_connection(void **state)
{
    struct fixture *f = *state;
    struct store *other;
    assert_int_equal(test_db_open(&f->t, 0, &other, &f->e), HE_OK);
    int64_t before = stamp(f, f->s);
    assert_int_equal(stamp(f, other), before);
    assert_int_equal(store_begin(other, &f->e), HE_OK);
    struct person p = {.la_child_id = "S1", .dob = d("2012-03-05"), .mother = -1};
    rec_id id;
    assert_int_equal(store_put_person(other, 2026, &p, &id, NULL, &f->e), HE_OK);
    assert_int_equal(id, f->child);
    assert_int_equal(store_commit(other, &f->e), HE_OK);
    store_close(other);
    assert_true(stamp(f, f->s) != before);
}

/* A child's record deleted at the end of its retention. */
static void test_deleted(void **state)
{
    struct fixture *f = *state;
    int64_t before = stamp(f, f->s);
    assert_int_equal(tr_delete_person(f->s, f->child, "test", d("2026-01-01"), "tester", 1, &f->e),
                     HE_OK);
    assert_true(stamp(f, f->s) != before);
}

/* Nothing committed, nothing moved; and the access log moves no figure. */
static void test_quiet(void **state)
{
    struct fixture *f = *state;
    int64_t user;
    assert_int_equal(cw_user_add(f->s, "sw", "Social Worker", ROLE_SOCIAL_WORKER, "North", "h", 1,
                                 &user, &f->e), HE_OK);
    int64_t before = stamp(f, f->s);
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    struct cin_episode ep = episode(f->child);
    ep.primary_need = "N2";
    assert_int_equal(store_put_cin_episode(f->s, 2026, &ep, NULL, NULL, &f->e), HE_OK);
    assert_int_equal(store_rollback(f->s, &f->e), HE_OK);
    assert_int_equal(stamp(f, f->s), before);
    assert_int_equal(audit_append(f->s, user, f->child, "/children/1", NULL, 1, &f->e), HE_OK);
    assert_int_equal(stamp(f, f->s), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_changed_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quiet, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "change stamp", tests, NULL, NULL);
}
