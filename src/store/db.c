/* db: dispatch from the portable calls of db.h to the driver a connection was opened
 * with. Holds no state of its own; chooses the driver by the URI's scheme. */
#include "db_impl.h"

#include "../util/buf.h"

#include <stdlib.h>
#include <string.h>

static bool is_pg_uri(const char *uri)
{
    return !strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11);
}

int db_open(const char *uri, int flags, struct db **out, struct err *e)
{
    *out = NULL;
    if (is_pg_uri(uri))
        return db_pg_open(uri, flags, out, e);
    return db_sqlite_open(uri, flags, out, e);
}

void db_close(struct db *d)
{
    if (d)
        d->ops->close(d);
}

enum db_kind db_kind(const struct db *d) { return d->kind; }
const char *db_uri(const struct db *d) { return d->uri; }
int db_exec(struct db *d, const char *sql, struct err *e) { return d->ops->exec(d, sql, e); }
int db_begin(struct db *d, struct err *e) { return d->ops->begin(d, e); }
int db_commit(struct db *d, struct err *e) { return d->ops->commit(d, e); }
int db_rollback(struct db *d, struct err *e) { return d->ops->rollback(d, e); }

int db_prepare(struct db *d, const char *sql, struct db_stmt **out, struct err *e)
{
    *out = NULL;
    return d->ops->prepare(d, sql, out, e);
}

void db_finalize(struct db_stmt *st)
{
    if (st)
        st->d->ops->finalize(st);
}

void db_reset(struct db_stmt *st) { st->d->ops->reset(st); }
void db_bind_int(struct db_stmt *st, int i, int64_t v) { st->d->ops->bind_int(st, i, v); }
void db_bind_text(struct db_stmt *st, int i, const char *s) { st->d->ops->bind_text(st, i, s); }
void db_bind_null(struct db_stmt *st, int i) { st->d->ops->bind_null(st, i); }
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n) { st->d->ops->bind_blob(st, i, p, n); }
const void *db_blob(struct db_stmt *st, int col, size_t *n) { return st->d->ops->col_blob(st, col, n); }
int db_step(struct db_stmt *st, struct err *e) { return st->d->ops->step(st, e); }
bool db_is_null(struct db_stmt *st, int col) { return st->d->ops->is_null(st, col); }
int64_t db_int(struct db_stmt *st, int col) { return st->d->ops->col_int(st, col); }
const char *db_text(struct db_stmt *st, int col) { return st->d->ops->col_text(st, col); }
int64_t db_changes(struct db_stmt *st) { return st->d->ops->changes(st); }

static void bind_args(struct db_stmt *st, int n, const struct db_arg *args)
{
    for (int i = 0; i < n; i++) {
        const struct db_arg *a = &args[i];
        if (a->kind == 't')
            db_bind_text(st, i + 1, a->s);
        else if (a->kind == 'z' && a->i == 0)
            db_bind_null(st, i + 1);
        else
            db_bind_int(st, i + 1, a->i);
    }
}

int db_run(struct db *d, const char *sql, int64_t *first, int64_t *changed, struct err *e, int n,
           const struct db_arg *args)
{
    struct db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc != HE_OK)
        return rc;
    bind_args(st, n, args);
    if (first)
        *first = 0;
    bool row = false;
    int step;
    while ((step = db_step(st, e)) == DB_ROW)
        if (!row) {
            if (first)
                *first = db_int(st, 0);
            row = true;
        }
    rc = step == DB_DONE ? HE_OK : step;
    if (rc == HE_OK && changed)
        *changed = db_changes(st);
    db_finalize(st);
    return rc;
}

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int db_ints(struct db *d, const char *sql, int64_t **out, int *n, struct err *e, int n_args,
            const struct db_arg *args)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc != HE_OK)
        return rc;
    bind_args(st, n_args, args);
    int step, cap = 0;
    while ((step = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        (*out)[(*n)++] = db_int(st, 0);
    }
    db_finalize(st);
    if (step != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return step;
    }
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, cmp_int64);
    return HE_OK;
}

int db_step_int(struct db_stmt *st, int64_t *out, struct err *e)
{
    *out = 0;
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *out = db_int(st, 0);
        while ((rc = db_step(st, e)) == DB_ROW)
            ;
    }
    return rc == DB_DONE ? HE_OK : rc;
}
