/* The access log's hash chain, on both stores: an intact chain verifies; a changed entry, a
 * deleted entry, a deleted tail, an entry slipped in outside hearth and a changed head are
 * each found and named; legacy entries are chained by audit_seal; listings by child and
 * break-glass; concurrent writers keep one chain. */
#include "teststore.h"

#include <pthread.h>

#include "store/audit.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    int64_t user, manager;
    rec_id child, other;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "a.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &f->user, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", "h", 1, &f->manager, &e), HE_OK);
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    struct person p = {.la_child_id = "C1", .given_name = "Ada", .family_name = "Lovelace", .mother = -1};
    assert_int_equal(store_put_person(f->s, 2024, &p, &f->child, NULL, &e), HE_OK);
    p.la_child_id = "C2";
    assert_int_equal(store_put_person(f->s, 2024, &p, &f->other, NULL, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
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

/* Ten views, one of them a break-glass opening, each in its own transaction. */
static void write_views(struct fx *f)
{
    struct err e;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(store_begin(f->s, &e), HE_OK);
        assert_int_equal(audit_append(f->s, f->user, i % 2 ? f->other : f->child, "record",
                                      i == 4 ? "Duty: police called out of hours" : NULL, 1000 + i, &e),
                         HE_OK);
        assert_int_equal(store_commit(f->s, &e), HE_OK);
    }
}

/* Change the database behind hearth's back, as someone with the file or the database's
 * password would: plain SQL, outside hearth's functions. */
static void tamper(struct fx *f, const char *sql)
{
    struct err e;
    if (db_exec(store_db(f->s), sql, &e) != HE_OK)
        fail_msg("%s: %s", sql, e.msg);
}

/* One number from the database, read behind hearth's back. */
static int64_t row_of(struct fx *f, const char *sql)
{
    struct err e;
    int64_t n = -1;
    if (db_run(store_db(f->s), sql, &n, NULL, &e, 0, NULL) != HE_OK)
        fail_msg("%s: %s", sql, e.msg);
    return n;
}

static void verify(struct fx *f, struct audit_verdict *v)
{
    struct err e;
    assert_int_equal(audit_verify(f->s, v, &e), HE_OK);
}

static void test_intact(void **state)
{
    struct fx *f = *state;
    struct audit_verdict v;
    verify(f, &v); /* an empty log is intact */
    assert_true(v.intact);
    assert_int_equal(v.entries, 0);
    write_views(f);
    verify(f, &v);
    assert_true(v.intact);
    assert_int_equal(v.entries, 10);
    assert_int_equal(v.head_seq, 10);
    assert_int_equal(strlen(v.head), 64);
    /* the head is the last link, recomputed by hand from the one before it */
    struct db_stmt *st;
    struct err e;
    assert_int_equal(db_prepare(store_db(f->s), "SELECT hash FROM access_log WHERE seq = 9", &st, &e), HE_OK);
    assert_int_equal(db_step(st, &e), DB_ROW);
    char h[65];
    audit_link_hash(db_text(st, 0), 10, f->user, 1009, f->other, "record", NULL, h);
    db_finalize(st);
    assert_string_equal(h, v.head);
    /* a NULL reason and an empty one hash differently; so do two different pages */
    char a[65], b[65];
    audit_link_hash(h, 1, 1, 1, 1, "record", NULL, a);
    audit_link_hash(h, 1, 1, 1, 1, "record", "", b);
    assert_string_not_equal(a, b);
    audit_link_hash(h, 1, 1, 1, 1, "recorc", NULL, b);
    assert_string_not_equal(a, b);
}

static void test_changed_entry(void **state)
{
    struct fx *f = *state;
    write_views(f);
    /* someone hides who looked: the viewer of the 6th entry is changed */
    tamper(f, "UPDATE access_log SET user_id = (SELECT id FROM app_user WHERE name = 'tm') WHERE seq = 6");
    struct audit_verdict v;
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 6);
    assert_true(v.broken_id > 0);
    assert_non_null(strstr(v.why, "changed"));
    /* a changed time is found too, at its own entry */
    teardown(state);
    setup(state);
    f = *state;
    write_views(f);
    tamper(f, "UPDATE access_log SET at = at + 1 WHERE seq = 3");
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 3);
    /* so is a break-glass reason erased to pass as an ordinary view */
    teardown(state);
    setup(state);
    f = *state;
    write_views(f);
    tamper(f, "UPDATE access_log SET reason = NULL WHERE seq = 5");
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 5);
}

static void test_deleted_entry(void **state)
{
    struct fx *f = *state;
    write_views(f);
    tamper(f, "DELETE FROM access_log WHERE seq = 4");
    assert_int_equal(row_of(f, "SELECT count(*) FROM access_log"), 9);
    struct audit_verdict v;
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 4);
    assert_non_null(strstr(v.why, "missing"));
}

static void test_deleted_tail_and_head(void **state)
{
    struct fx *f = *state;
    write_views(f);
    tamper(f, "DELETE FROM access_log WHERE seq >= 9");
    struct audit_verdict v;
    verify(f, &v);
    assert_false(v.intact);
    assert_non_null(strstr(v.why, "last 2 entries"));
    /* rolling the head back as well still leaves a head hash that no longer matches */
    tamper(f, "UPDATE audit_head SET seq = 8");
    verify(f, &v);
    assert_false(v.intact);
    assert_non_null(strstr(v.why, "head hash"));
}

/* An entry past the head: the first entry the head does not vouch for is named, not the
 * place after the last entry. */
static void test_past_head(void **state)
{
    struct fx *f = *state;
    write_views(f);
    struct audit_verdict v;
    verify(f, &v);
    assert_true(v.intact);
    char head[65], sql[200];
    snprintf(head, sizeof head, "%s", v.head);
    /* one more entry, correctly hashed, and the head put back as it was */
    struct err e;
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(audit_append(f->s, f->user, f->child, "record", NULL, 2000, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    snprintf(sql, sizeof sql, "UPDATE audit_head SET seq = 10, hash = '%s'", head);
    tamper(f, sql);
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 11);
    assert_int_equal(v.broken_id, row_of(f, "SELECT id FROM access_log WHERE seq = 11"));
    assert_non_null(strstr(v.why, "past its head"));
    /* the head moved back by one (its hash left as it was) */
    tamper(f, "DELETE FROM access_log WHERE seq = 11");
    tamper(f, "UPDATE audit_head SET seq = 9");
    verify(f, &v);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 10);
    assert_int_equal(v.broken_id, row_of(f, "SELECT id FROM access_log WHERE seq = 10"));
}

static void test_inserted_entry(void **state)
{
    struct fx *f = *state;
    write_views(f);
    /* a row put in with SQL has no place in the chain */
    tamper(f, "INSERT INTO access_log (user_id, at, person_id, page) SELECT user_id, at, person_id, page "
              "FROM access_log WHERE seq = 2");
    struct audit_verdict v;
    verify(f, &v);
    assert_false(v.intact);
    assert_non_null(strstr(v.why, "no place"));
}

static void test_legacy_seal(void **state)
{
    struct fx *f = *state;
    struct err e;
    /* entries from before migration 3 have no seq: counted, not broken, until sealed */
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO access_log (user_id, at, person_id, page) VALUES (%lld, 5, %lld, 'record'), "
             "(%lld, 6, %lld, 'record')", (long long)f->user, (long long)f->child, (long long)f->user, (long long)f->child);
    tamper(f, sql);
    struct audit_verdict v;
    verify(f, &v);
    assert_true(v.intact);
    assert_int_equal(v.unchained, 2);
    int64_t n;
    assert_int_equal(audit_seal(f->s, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    write_views(f);
    verify(f, &v);
    assert_true(v.intact);
    assert_int_equal(v.unchained, 0);
    assert_int_equal(v.entries, 12);
}

static int count_cb(void *ctx, const struct audit_entry *a)
{
    int *n = ctx;
    (*n)++;
    assert_string_equal(a->user, "sw");
    return 0;
}

static int glass_cb(void *ctx, const struct audit_entry *a)
{
    int64_t *id = ctx;
    *id = a->id;
    assert_string_equal(a->reason, "Duty: police called out of hours");
    return 0;
}

static void test_listings(void **state)
{
    struct fx *f = *state;
    struct err e;
    write_views(f);
    int n = 0;
    assert_int_equal(audit_for_person(f->s, f->child, count_cb, &n, &e), HE_OK);
    assert_int_equal(n, 5);
    int64_t id = 0;
    assert_int_equal(audit_break_glass(f->s, true, glass_cb, &id, &e), HE_OK);
    assert_true(id > 0);
    assert_int_equal(audit_glass_review(f->s, id - 1, f->manager, "ok", 2000, &e), HE_INPUT);
    assert_int_equal(audit_glass_review(f->s, id, f->manager, "Checked with the duty manager", 2000, &e), HE_OK);
    int64_t none = 0;
    assert_int_equal(audit_break_glass(f->s, true, glass_cb, &none, &e), HE_OK);
    assert_int_equal(none, 0);
    assert_int_equal(audit_break_glass(f->s, false, glass_cb, &none, &e), HE_OK);
    assert_int_equal(none, id);
}

/* Writers on their own connections, appending outside any transaction (as the web server's
 * threads did): the chain must stay whole. The load test found it broken before appends
 * outside a transaction made their own. */
struct writer_arg {
    const struct test_db *t;
    int64_t user;
    rec_id person;
};

static void *writer(void *p)
{
    struct writer_arg *w = p;
    struct store *s;
    struct err e;
    if (test_db_open(w->t, 0, &s, &e) != HE_OK) {
        fprintf(stderr, "writer: %s\n", e.msg);
        return (void *)1;
    }
    for (int i = 0; i < 60; i++)
        if (audit_append(s, w->user, w->person, "record", NULL, 5000 + i, &e) != HE_OK) {
            fprintf(stderr, "writer: %s\n", e.msg);
            store_close(s);
            return (void *)1;
        }
    store_close(s);
    return NULL;
}

static void test_concurrent_writers(void **state)
{
    struct fx *f = *state;
    pthread_t t[8];
    struct writer_arg w = {&f->t, f->user, f->child};
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, writer, &w), 0);
    for (int i = 0; i < 8; i++) {
        void *rv;
        pthread_join(t[i], &rv);
        assert_null(rv);
    }
    struct audit_verdict v;
    verify(f, &v);
    if (!v.intact)
        fail_msg("%s", v.why);
    assert_int_equal(v.entries, 480);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_tail_and_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_past_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inserted_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_legacy_seal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "access log chain", tests, NULL, NULL);
}
