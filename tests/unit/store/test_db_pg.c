/* Tests for the PostgreSQL driver of db.h (db_pg.c): `?` placeholders rewritten outside
 * quotes and comments; binding, stepping, changes and NULLs through the portable calls;
 * broken constraints and values the server refuses as HE_INPUT; and a connection the
 * server dropped made again, with the session's settings, at the next begin; statements
 * kept prepared per connection (one server copy per text, shared by handles open at once,
 * a bounded number kept, prepared afresh after db_exec changed a table); statements run
 * together in one round trip. All but the first
 * and last need the test server (HEARTH_TEST_PG) and are skipped without it. */
#include "teststore.h"

#include "store/db.h"
#include "store/db_pg.h"

static void rewrite(const char *in, const char *want, int want_n)
{
    int n;
    char *got = db_pg_rewrite(in, &n);
    assert_string_equal(got, want);
    assert_int_equal(n, want_n);
    free(got);
}

static void test_rewrite(void **state)
{
    rewrite("SELECT 1", "SELECT 1", 0);
    rewrite("INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)", 3);
    rewrite("a = ?1 AND b BETWEEN ?1 AND ?2", "a = $1 AND b BETWEEN $1 AND $2", 2);
    rewrite("x = '?' AND \"?\" = ? -- ? here\nAND y = ?", "x = '?' AND \"?\" = $1 -- ? here\nAND y = $2", 2);
    rewrite("s = 'it''s ?' AND t = ?", "s = 'it''s ?' AND t = $1", 1);
    rewrite("y = ?12", "y = $12", 12);
}

static struct db *open_pg(void)
{
    struct db *d;
    struct err e;
    err_clear(&e);
    assert_int_equal(db_open(test_pg_server(), 0, &d, &e), HE_OK);
    assert_int_equal(db_kind(d), DB_PG);
    return d;
}

static void test_statements(void **state)
{
    if (!test_pg_server())
        skip();
    struct db *d = open_pg();
    struct db_stmt *ins, *sel;
    struct err e;
    int64_t v;
    assert_int_equal(db_exec(d, "CREATE TEMP TABLE t (id bigint PRIMARY KEY, s text,"
                                " CHECK (id > 0))", &e), HE_OK);
    assert_int_equal(db_prepare(d, "INSERT INTO t (id, s) VALUES (?, ?) RETURNING id", &ins, &e), HE_OK);
    db_bind_int(ins, 1, 7);
    db_bind_text(ins, 2, "tab\there, quote ' and ? too");
    assert_int_equal(db_step_int(ins, &v, &e), HE_OK);
    assert_int_equal(v, 7);
    db_reset(ins);
    db_bind_int(ins, 1, 8);
    db_bind_null(ins, 2);
    assert_int_equal(db_step_int(ins, &v, &e), HE_OK);
    db_reset(ins);
    db_bind_int(ins, 1, 7); /* the same key again */
    db_bind_text(ins, 2, "x");
    assert_int_equal(db_step(ins, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "breaks a rule"));
    db_reset(ins);
    db_bind_int(ins, 1, -1); /* the CHECK */
    assert_int_equal(db_step(ins, &e), HE_INPUT);
    db_finalize(ins);

    assert_int_equal(db_prepare(d, "SELECT id, s, id > 7 FROM t WHERE id >= ?1 ORDER BY id", &sel, &e), HE_OK);
    db_bind_int(sel, 1, 0);
    assert_int_equal(db_step(sel, &e), DB_ROW);
    assert_int_equal(db_int(sel, 0), 7);
    assert_string_equal(db_text(sel, 1), "tab\there, quote ' and ? too");
    assert_int_equal(db_int(sel, 2), 0); /* booleans read as 0 and 1 */
    assert_int_equal(db_step(sel, &e), DB_ROW);
    assert_true(db_is_null(sel, 1));
    assert_null(db_text(sel, 1));
    assert_int_equal(db_int(sel, 2), 1);
    assert_int_equal(db_step(sel, &e), DB_DONE);
    db_finalize(sel);

    struct db_stmt *up;
    assert_int_equal(db_prepare(d, "UPDATE t SET s = ? WHERE id > ?", &up, &e), HE_OK);
    db_bind_text(up, 1, "y");
    db_bind_int(up, 2, 0);
    assert_int_equal(db_step(up, &e), DB_DONE);
    assert_int_equal(db_changes(up), 2);
    db_finalize(up);
    /* text that is not UTF-8 is bad input, not a fault */
    assert_int_equal(db_prepare(d, "INSERT INTO t (id, s) VALUES (9, ?)", &up, &e), HE_OK);
    db_bind_text(up, 1, "caf\xe9");
    assert_int_equal(db_step(up, &e), HE_INPUT);
    db_finalize(up);
    db_close(d);
}

/* The server drops the connection (a restart, a failover): the next begin makes it again
 * and puts the session's search_path back. */
static void test_reconnect_at_begin(void **state)
{
    if (!test_pg_server())
        skip();
    struct db *d = open_pg();
    struct db_stmt *st;
    struct err e;
    int64_t pid, again;
    assert_int_equal(db_pg_session(d, "SET search_path TO pg_catalog, public", &e), HE_OK);
    assert_int_equal(db_prepare(d, "SELECT pg_backend_pid()", &st, &e), HE_OK);
    assert_int_equal(db_step_int(st, &pid, &e), HE_OK);
    db_finalize(st);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)::int", (long long)pid);
    assert_int_equal(test_pg_sql(sql), 1);
    usleep(200000);
    assert_int_equal(db_begin(d, &e), HE_OK);
    assert_int_equal(db_prepare(d, "SELECT pg_backend_pid()", &st, &e), HE_OK);
    assert_int_equal(db_step_int(st, &again, &e), HE_OK);
    db_finalize(st);
    assert_true(again != pid);
    assert_int_equal(db_prepare(d, "SELECT (current_setting('search_path') = 'pg_catalog, public')::int", &st, &e),
                     HE_OK);
    assert_int_equal(db_step_int(st, &again, &e), HE_OK);
    assert_int_equal(again, 1);
    db_finalize(st);
    assert_int_equal(db_commit(d, &e), HE_OK);
    assert_int_equal(db_rollback(d, &e), HE_OK); /* none open: harmless */
    db_close(d);
}

static int64_t prepared_count(struct db *d)
{
    struct db_stmt *st;
    struct err e;
    int64_t n;
    assert_int_equal(db_prepare(d, "SELECT count(*) FROM pg_prepared_statements", &st, &e), HE_OK);
    assert_int_equal(db_step_int(st, &n, &e), HE_OK);
    db_finalize(st);
    return n;
}

static void test_statement_cache(void **state)
{
    if (!test_pg_server())
        skip();
    struct db *d = open_pg();
    struct db_stmt *a, *b;
    struct err e;
    int64_t v;
    assert_int_equal(db_exec(d, "CREATE TEMP TABLE c (id bigint PRIMARY KEY, s text)", &e), HE_OK);
    assert_int_equal(db_exec(d, "INSERT INTO c VALUES (1, 'one'), (2, 'two')", &e), HE_OK);
    int64_t before = prepared_count(d);
    /* two handles on one text at once: each has its own parameters and rows */
    const char *sql = "SELECT s FROM c WHERE id = ?";
    assert_int_equal(db_prepare(d, sql, &a, &e), HE_OK);
    assert_int_equal(db_prepare(d, sql, &b, &e), HE_OK);
    db_bind_int(a, 1, 1);
    db_bind_int(b, 1, 2);
    assert_int_equal(db_step(a, &e), DB_ROW);
    assert_int_equal(db_step(b, &e), DB_ROW);
    assert_string_equal(db_text(a, 0), "one");
    assert_string_equal(db_text(b, 0), "two");
    db_finalize(a); /* b still runs */
    db_reset(b);
    db_bind_int(b, 1, 1);
    assert_int_equal(db_step(b, &e), DB_ROW);
    assert_string_equal(db_text(b, 0), "one");
    db_finalize(b);
    for (int i = 0; i < 20; i++) { /* prepared again and again: one server copy */
        assert_int_equal(db_prepare(d, sql, &a, &e), HE_OK);
        db_bind_int(a, 1, 2);
        assert_int_equal(db_step(a, &e), DB_ROW);
        assert_string_equal(db_text(a, 0), "two");
        db_finalize(a);
    }
    assert_int_equal(prepared_count(d), before + 1);
    /* texts made up on the fly are kept only up to a bound; the rest are freed at finalize */
    for (int i = 0; i < 700; i++) {
        char q[64];
        snprintf(q, sizeof q, "SELECT %d + ?", i);
        assert_int_equal(db_prepare(d, q, &a, &e), HE_OK);
        db_bind_int(a, 1, 1);
        assert_int_equal(db_step_int(a, &v, &e), HE_OK);
        assert_int_equal(v, i + 1);
        db_finalize(a);
    }
    int64_t kept = prepared_count(d);
    assert_true(kept > 100 && kept <= 520);
    /* a table changed by db_exec: the same text is prepared afresh and reads the new type
     * (a kept copy would fail: "cached plan must not change result type") */
    assert_int_equal(db_exec(d, "ALTER TABLE c ALTER COLUMN s TYPE bigint USING length(s)", &e), HE_OK);
    assert_int_equal(db_prepare(d, sql, &a, &e), HE_OK);
    db_bind_int(a, 1, 2);
    assert_int_equal(db_step_int(a, &v, &e), HE_OK);
    assert_int_equal(v, 3);
    db_finalize(a);
    /* a failed prepare is not kept: the same text fails again, plainly */
    assert_int_equal(db_prepare(d, "SELECT nothing_here FROM c", &a, &e), HE_INTERNAL);
    assert_int_equal(db_prepare(d, "SELECT nothing_here FROM c", &a, &e), HE_INTERNAL);
    db_close(d);
}

/* Statements run together in one round trip: each one's rows read as usual; a failure
 * among them is reported and leaves the connection usable. */
static void test_run_all(void **state)
{
    if (!test_pg_server())
        skip();
    struct db *d = open_pg();
    struct db_stmt *st[3];
    struct err e;
    int64_t v;
    assert_int_equal(db_prepare(d, "SELECT g FROM generate_series(1, ?::int) g", &st[0], &e), HE_OK);
    assert_int_equal(db_prepare(d, "SELECT ?::text || '!'", &st[1], &e), HE_OK);
    assert_int_equal(db_prepare(d, "SELECT 10 / ?::int", &st[2], &e), HE_OK);
    db_bind_int(st[0], 1, 3);
    db_bind_text(st[1], 1, "hello");
    db_bind_int(st[2], 1, 5);
    assert_int_equal(db_pg_run_all(d, st, 3, &e), HE_OK);
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(db_step(st[0], &e), DB_ROW);
        assert_int_equal(db_int(st[0], 0), i);
    }
    assert_int_equal(db_step(st[0], &e), DB_DONE);
    assert_int_equal(db_step(st[1], &e), DB_ROW);
    assert_string_equal(db_text(st[1], 0), "hello!");
    assert_int_equal(db_step_int(st[2], &v, &e), HE_OK);
    assert_int_equal(v, 2);
    /* bound again: run again */
    db_reset(st[2]);
    db_bind_int(st[2], 1, 2);
    assert_int_equal(db_step_int(st[2], &v, &e), HE_OK);
    assert_int_equal(v, 5);
    /* the middle one fails (division by zero): its error, and the others still work after */
    for (int i = 0; i < 3; i++)
        db_reset(st[i]);
    db_bind_int(st[0], 1, 1);
    db_bind_int(st[1], 1, 0);
    db_bind_int(st[2], 1, 0);
    struct db_stmt *order[3] = {st[0], st[2], st[1]};
    assert_int_equal(db_pg_run_all(d, order, 3, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "division by zero"));
    db_reset(st[2]);
    db_bind_int(st[2], 1, 10);
    assert_int_equal(db_step_int(st[2], &v, &e), HE_OK);
    assert_int_equal(v, 1);
    for (int i = 0; i < 3; i++)
        db_finalize(st[i]);
    db_close(d);
}

static void test_bad_server(void **state)
{
    struct db *d;
    struct err e;
    /* nothing listens on port 1 of loopback: bad input (the URI), said plainly */
    assert_int_equal(db_open("postgresql://127.0.0.1:1/none?connect_timeout=2", 0, &d, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "cannot connect to PostgreSQL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_reconnect_at_begin),
        cmocka_unit_test(test_statement_cache),
        cmocka_unit_test(test_run_all),
        cmocka_unit_test(test_bad_server),
    };
    return cmocka_run_group_tests_name("db_pg", tests, NULL, NULL);
}
