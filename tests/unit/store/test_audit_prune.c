/* The access log's own retention, on both stores: the entries due are the oldest (never past
 * a younger one); a prune removes them and their break-glass reviews, leaves a checkpoint,
 * and the rest still verifies from it; prunes chain; a changed checkpoint, an entry left
 * behind a checkpoint and an entry deleted after it are each found by audit_verify. */
#include "teststore.h"

#include "store/audit.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/store_impl.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db db;
    struct store *s;
    int64_t user, manager;
    rec_id child;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->db, backend, f->dir, "p.db");
    assert_int_equal(test_db_open(&f->db, STORE_CREATE, &f->s, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &f->user, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", "h", 1, &f->manager, &e), HE_OK);
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    struct person p = {.la_child_id = "C1", .given_name = "Ada", .family_name = "Lovelace", .mother = -1};
    assert_int_equal(store_put_person(f->s, 2024, &p, &f->child, NULL, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    /* ten views at 1000..1009; the fifth a break-glass opening a manager reviewed */
    for (int i = 0; i < 10; i++)
        assert_int_equal(audit_append(f->s, f->user, f->child, "record", i == 4 ? "Police out of hours" : NULL,
                                      1000 + i, &e), HE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->db, f->dir);
    free(f);
    return 0;
}

static void sql(struct fx *f, const char *q)
{
    struct err e;
    struct db_stmt *st;
    assert_int_equal(db_prepare(store_db(f->s), q, &st, &e), HE_OK);
    int rc = db_step(st, &e);
    assert_true(rc == DB_DONE || rc == DB_ROW);
    db_finalize(st);
}

static int64_t count(struct fx *f, const char *q)
{
    struct err e;
    struct db_stmt *st;
    int64_t n;
    assert_int_equal(db_prepare(store_db(f->s), q, &st, &e), HE_OK);
    assert_int_equal(db_step_int(st, &n, &e), HE_OK);
    db_finalize(st);
    return n;
}

static struct audit_verdict verify(struct fx *f)
{
    struct err e;
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->s, &v, &e), HE_OK);
    return v;
}

static void test_prune(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(audit_glass_review(f->s, count(f, "SELECT id FROM access_log WHERE seq = 5"), f->manager,
                                        NULL, 2000, &e), HE_OK);
    struct audit_prunable p;
    assert_int_equal(audit_prunable(f->s, 1005, &p, &e), HE_OK);
    assert_int_equal(p.entries, 5);
    assert_int_equal(p.first_seq, 1);
    assert_int_equal(p.last_seq, 5);
    assert_int_equal(p.oldest_at, 1000);
    assert_int_equal(p.newest_at, 1004);
    assert_int_equal(p.legacy, 0);
    /* someone must be named */
    assert_int_equal(audit_prune(f->s, 1005, "", 3000, &p, NULL, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM access_log"), 10);

    char cp[65];
    assert_int_equal(audit_prune(f->s, 1005, "root", 3000, &p, cp, &e), HE_OK);
    assert_int_equal(p.entries, 5);
    assert_int_equal(strlen(cp), 64);
    assert_int_equal(count(f, "SELECT count(*) FROM access_log"), 5);
    assert_int_equal(count(f, "SELECT min(seq) FROM access_log"), 6);
    assert_int_equal(count(f, "SELECT count(*) FROM glass_review"), 0);
    struct audit_verdict v = verify(f);
    assert_true(v.intact);
    assert_int_equal(v.entries, 5);
    assert_int_equal(v.head_seq, 10);
    assert_int_equal(v.checkpoints, 1);
    assert_int_equal(v.checkpoint_seq, 5);
    assert_string_equal(v.checkpoint, cp);

    /* the chain goes on; a later prune stops at the first entry opened after the cut, even
     * when an older-looking entry comes after it (the chain is a line) */
    assert_int_equal(audit_append(f->s, f->user, f->child, "record", NULL, 900, &e), HE_OK);
    assert_int_equal(audit_prunable(f->s, 1008, &p, &e), HE_OK);
    assert_int_equal(p.entries, 3); /* places 6, 7, 8; not 11 */
    assert_int_equal(audit_prune(f->s, 1008, "root", 3100, &p, cp, &e), HE_OK);
    v = verify(f);
    assert_true(v.intact);
    assert_int_equal(v.entries, 3);
    assert_int_equal(v.checkpoints, 2);
    assert_int_equal(v.checkpoint_seq, 8);
    /* nothing due: nothing done, no checkpoint */
    assert_int_equal(audit_prune(f->s, 10, "root", 3200, &p, cp, &e), HE_OK);
    assert_int_equal(p.entries, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_checkpoint"), 2);

    /* tampering: a checkpoint changed */
    sql(f, "UPDATE audit_checkpoint SET by_name = 'someone' WHERE seq = 5");
    v = verify(f);
    assert_false(v.intact);
    assert_non_null(strstr(v.why, "checkpoint"));
    sql(f, "UPDATE audit_checkpoint SET by_name = 'root' WHERE seq = 5");
    assert_true(verify(f).intact);
    /* an entry deleted after the checkpoint */
    sql(f, "DELETE FROM access_log WHERE seq = 9");
    v = verify(f);
    assert_false(v.intact);
    assert_int_equal(v.broken_seq, 9);
}

/* A checkpoint put in by hand to hide entries that are still there is found. */
static void test_entry_behind_checkpoint(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_prunable p;
    char cp[65];
    assert_int_equal(audit_prune(f->s, 1003, "root", 3000, &p, cp, &e), HE_OK);
    assert_true(verify(f).intact);
    sql(f, "UPDATE audit_checkpoint SET seq = 4");
    struct audit_verdict v = verify(f);
    assert_false(v.intact);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_behind_checkpoint, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "audit prune", tests, NULL, NULL);
}
