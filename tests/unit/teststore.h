/* teststore: run a store test on both stores. SQLite always; PostgreSQL too when
 * $HEARTH_TEST_PG names a server (make check starts one with tests/pg-server.sh). Each
 * PostgreSQL test database is a fresh authority (schema) of that server, dropped after. */
#ifndef HEARTH_TESTSTORE_H
#define HEARTH_TESTSTORE_H

#include "store/pq.h"

#include "store/store.h"
#include "testutil.h"

enum test_backend { TB_SQLITE, TB_PG };

struct test_db {
    enum test_backend kind;
    char uri[600]; /* the SQLite path or the PostgreSQL URI: what --db would be given */
    char la[48];   /* PostgreSQL: the authority code (what --la would be); "" for SQLite */
};

/* The PostgreSQL test server's URI, or NULL when there is none. */
static inline const char *test_pg_server(void)
{
    const char *u = getenv("HEARTH_TEST_PG");
    return u && *u ? u : NULL;
}

static inline const char *test_backend_name(enum test_backend k)
{
    return k == TB_PG ? "PostgreSQL" : "SQLite";
}

/* A new, empty database: dir/name for SQLite, a new authority on the server for PG. */
static inline void test_db_new(struct test_db *t, enum test_backend kind, const char *dir,
                               const char *name)
{
    static int counter;
    memset(t, 0, sizeof *t);
    t->kind = kind;
    if (kind == TB_SQLITE) {
        snprintf(t->uri, sizeof t->uri, "%s/%s", dir, name);
    } else {
        assert_non_null(test_pg_server());
        snprintf(t->uri, sizeof t->uri, "%s", test_pg_server());
        snprintf(t->la, sizeof t->la, "t%ld_%d", (long)getpid(), ++counter);
    }
}

static inline int test_db_open(const struct test_db *t, int flags, struct store **s, struct err *e)
{
    return store_open_la(t->uri, t->la[0] ? t->la : NULL, flags, s, e);
}

/* Make the commands (which read $HEARTH_LA, as --la sets it) work in t's authority. */
static inline void test_db_env(const struct test_db *t)
{
    if (t->la[0])
        setenv("HEARTH_LA", t->la, 1);
    else
        unsetenv("HEARTH_LA");
}

/* Run SQL on the test server directly (for checks and clean-up); returns the first value
 * of the first row as a number, or -1 on error. */
static inline long long test_pg_sql(const char *sql)
{
    PGconn *c = PQconnectdb(test_pg_server());
    long long v = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PQclear(PQexec(c, "SET client_min_messages = warning"));
        PGresult *r = PQexec(c, sql);
        ExecStatusType x = PQresultStatus(r);
        if (x == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0)
            v = atoll(PQgetvalue(r, 0, 0));
        else if (x == PGRES_COMMAND_OK || x == PGRES_TUPLES_OK)
            v = 0;
        else
            fprintf(stderr, "test_pg_sql: %s", PQerrorMessage(c));
        PQclear(r);
    }
    PQfinish(c);
    return v;
}

/* Remove what test_db_new made (SQLite files go with their folder). */
static inline void test_db_drop(const struct test_db *t)
{
    if (t->kind != TB_PG)
        return;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS la_%s CASCADE", t->la);
    test_pg_sql(sql);
}

/* A fixture's end: close the store, drop its database (t may be NULL: a SQLite file in
 * dir), remove dir and free it. */
static inline void test_db_done(struct store *s, const struct test_db *t, char *dir)
{
    store_close(s);
    if (t)
        test_db_drop(t);
    test_rm_rf(dir);
    free(dir);
}

/* The rows the store holds of one kind (store_counts' names: "person", "cp_review"...). */
static inline long long test_store_rows(struct store *s, const char *kind)
{
    struct store_count c[32];
    int n;
    struct err e;
    assert_int_equal(store_counts(s, c, 32, &n, &e), HE_OK);
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].kind, kind) == 0)
            return c[i].rows;
    fail_msg("no store count for %s", kind);
    return -1;
}

/* Run a cmocka group once per store available. */
#define RUN_ON_BOTH_STORES(backend_var, name, tests, setup, teardown)                        \
    ({                                                                                        \
        int failed_ = 0;                                                                      \
        backend_var = TB_SQLITE;                                                              \
        failed_ |= cmocka_run_group_tests_name(name " (SQLite)", tests, setup, teardown);      \
        if (test_pg_server()) {                                                               \
            backend_var = TB_PG;                                                              \
            failed_ |= cmocka_run_group_tests_name(name " (PostgreSQL)", tests, setup, teardown); \
        } else {                                                                              \
            printf("%s: no PostgreSQL test server (HEARTH_TEST_PG): SQLite only\n", name);    \
        }                                                                                     \
        failed_;                                                                              \
    })

#endif
