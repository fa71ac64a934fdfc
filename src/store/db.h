/* db: the one portable SQL door below the store. A connection and prepared statements with
 * `?` placeholders, the same calls for SQLite (db_sqlite.c) and PostgreSQL (db_pg.c), so
 * store code is written once. Only src/store/ includes this header; everything above the
 * store speaks model structs through store.h.
 *
 * Portable SQL rules for code on this layer: `?` placeholders only (the PostgreSQL driver
 * numbers them $1..$n); no SQLite-only functions (date(), strftime(), datetime('now')):
 * times and dates come from C as integers; new ids come back with `RETURNING id`; upserts
 * with `ON CONFLICT (...) DO ...`; integers are 64-bit; text is UTF-8.
 *
 * Ownership: db_open() gives a struct db freed by db_close(); db_prepare() a struct
 * db_stmt freed by db_finalize() (before db_close). Text bound is copied at bind time;
 * text read with db_text() belongs to the statement and is valid until the next
 * db_step(), db_reset() or db_finalize() on it. */
#ifndef HEARTH_DB_H
#define HEARTH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* db_step() results besides HE_* error codes (which are all < DB_ROW). */
enum { DB_ROW = 100, DB_DONE = 101 };

enum db_flags {
    DB_CREATE = 1,   /* SQLite: create the file if missing */
    DB_READONLY = 2,
};

/* uri: "postgresql://..." or "postgres://..." (PostgreSQL), anything else a SQLite path. */
HE_MUST_CHECK int db_open(const char *uri, int flags, struct db **out, struct err *e);
void db_close(struct db *d);
enum db_kind db_kind(const struct db *d);
const char *db_uri(const struct db *d);

/* Run SQL with no parameters (may hold several statements). */
HE_MUST_CHECK int db_exec(struct db *d, const char *sql, struct err *e);

/* Transactions. db_begin takes the write lock at once (SQLite BEGIN IMMEDIATE) so that two
 * writers wait for each other instead of failing mid-transaction. */
HE_MUST_CHECK int db_begin(struct db *d, struct err *e);
HE_MUST_CHECK int db_commit(struct db *d, struct err *e);
/* harmless when no transaction is open; not HE_MUST_CHECK: it runs on the way out of a
 * failure, whose own error is the one reported */
int db_rollback(struct db *d, struct err *e);

HE_MUST_CHECK int db_prepare(struct db *d, const char *sql, struct db_stmt **out, struct err *e);
void db_finalize(struct db_stmt *st);
/* Clear the previous run's bindings and results so the statement can run again. */
void db_reset(struct db_stmt *st);

/* Parameters are numbered from 1. db_bind_text(st, i, NULL) binds NULL. */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_null(struct db_stmt *st, int i);
/* Bytes (a document's chunk), copied at bind time; n may be 0 (an empty BLOB, not NULL). */
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);

/* DB_ROW when a row is ready, DB_DONE when finished, else an HE_* code with e filled:
 * HE_INPUT for a broken constraint (unique, check, foreign key), HE_INTERNAL otherwise. */
HE_MUST_CHECK int db_step(struct db_stmt *st, struct err *e);

/* Columns are numbered from 0. */
bool db_is_null(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);     /* 0 when NULL */
const char *db_text(struct db_stmt *st, int col); /* NULL when NULL */
/* A BLOB column's bytes and *n their count (NULL and 0 when NULL); the bytes belong to the
 * statement until the next db_step(), db_reset(), db_finalize() or db_blob() on it. */
const void *db_blob(struct db_stmt *st, int col, size_t *n);

/* Rows changed by the last completed INSERT, UPDATE or DELETE run through st. */
int64_t db_changes(struct db_stmt *st);

/* Run a statement that returns at most one row of one integer: *out gets it (0 when no row
 * or NULL). A convenience for counts and RETURNING id. */
HE_MUST_CHECK int db_step_int(struct db_stmt *st, int64_t *out, struct err *e);

/* One statement run once, as store modules often need: prepare sql, bind args[0..n-1] to
 * its parameters in order, run it to the end, finalize it. *first (may be NULL) gets the
 * first column of the first row (0 when none: a count, RETURNING id); *changed (may be
 * NULL) the rows an INSERT, UPDATE or DELETE changed. HE_OK, or an HE_* code with e
 * filled. Write the arguments with the macros below:
 *   DB_RUN(d, e, "UPDATE t SET a = ? WHERE id = ?", DB_T(text), DB_I(id))
 * DB_I an integer, DB_T text (NULL binds NULL), DB_Z an integer where 0 binds NULL. */
struct db_arg {
    char kind; /* 'i', 't', 'z' */
    int64_t i;
    const char *s;
};
#define DB_I(v) ((struct db_arg){'i', (int64_t)(v), NULL})
#define DB_T(v) ((struct db_arg){'t', 0, (v)})
#define DB_Z(v) ((struct db_arg){'z', (int64_t)(v), NULL})
HE_MUST_CHECK int db_run(struct db *d, const char *sql, int64_t *first, int64_t *changed, struct err *e, int n,
           const struct db_arg *args);
#define DB_ARGS_(...) (int)(sizeof((struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg)), \
                      (struct db_arg[]){__VA_ARGS__}
#define DB_RUN(d, e, sql, ...) db_run(d, sql, NULL, NULL, e, DB_ARGS_(__VA_ARGS__))
#define DB_INT(d, e, out, sql, ...) db_run(d, sql, out, NULL, e, DB_ARGS_(__VA_ARGS__))
#define DB_CHANGES(d, e, out, sql, ...) db_run(d, sql, NULL, out, e, DB_ARGS_(__VA_ARGS__))
/* The first column of every row as integers, sorted ascending, into *out (malloc'd, the
 * caller frees it; NULL when there are none) and *n: the ids or days a measure or a check
 * then searches.
 *   DB_INTS(d, e, &ids, &n, "SELECT person_id FROM t WHERE day <= ?", DB_I(day)) */
HE_MUST_CHECK int db_ints(struct db *d, const char *sql, int64_t **out, int *n, struct err *e, int n_args,
                          const struct db_arg *args);
#define DB_INTS(d, e, out, n, sql, ...) db_ints(d, sql, out, n, e, DB_ARGS_(__VA_ARGS__))

#endif
