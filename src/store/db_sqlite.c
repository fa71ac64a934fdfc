/* db_sqlite: the SQLite driver of db.h. One connection per struct db (not shared between
 * threads); WAL journal with synchronous=FULL so that an acknowledged commit survives a
 * kill -9; foreign keys on; a busy timeout so that a second writer waits rather than
 * fails. Statements are prepared persistent: callers keep and reuse them. */
#include "db_impl.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"

struct sdb {
    struct db base;
    sqlite3 *h;
};

struct sstmt {
    struct db_stmt base;
    sqlite3_stmt *h;
};

#define SDB(d) ((struct sdb *)(d))
#define SST(st) ((struct sstmt *)(st))

static int fail(struct sdb *d, struct err *e, const char *what)
{
    int rc = sqlite3_extended_errcode(d->h);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return err_set(e, HE_INPUT, "%s: the record breaks a rule of the store: %s", what,
                       sqlite3_errmsg(d->h));
    return err_set(e, HE_INTERNAL, "%s: %s (%s)", what, sqlite3_errmsg(d->h), d->base.uri);
}

static void s_close(struct db *d)
{
    sqlite3_close(SDB(d)->h);
    free(d->uri);
    free(d);
}

static int s_exec(struct db *d, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(SDB(d)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sqlite3_extended_errcode(SDB(d)->h);
        err_set(e, (rc & 0xff) == SQLITE_CONSTRAINT ? HE_INPUT : HE_INTERNAL, "%s (%s)",
                msg ? msg : sqlite3_errmsg(SDB(d)->h), d->uri);
        sqlite3_free(msg);
        return e->code;
    }
    return HE_OK;
}

static int s_begin(struct db *d, struct err *e) { return s_exec(d, "BEGIN IMMEDIATE", e); }
static int s_commit(struct db *d, struct err *e) { return s_exec(d, "COMMIT", e); }

static int s_rollback(struct db *d, struct err *e)
{
    if (sqlite3_get_autocommit(SDB(d)->h))
        return HE_OK;
    return s_exec(d, "ROLLBACK", e);
}

static int s_prepare(struct db *d, const char *sql, struct db_stmt **out, struct err *e)
{
    sqlite3_stmt *h;
    if (sqlite3_prepare_v3(SDB(d)->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL) != SQLITE_OK)
        return fail(SDB(d), e, "preparing a statement");
    struct sstmt *st = xcalloc(1, sizeof *st);
    st->base.d = d;
    st->h = h;
    *out = &st->base;
    return HE_OK;
}

static void s_finalize(struct db_stmt *st)
{
    sqlite3_finalize(SST(st)->h);
    free(st);
}

static void s_reset(struct db_stmt *st)
{
    sqlite3_reset(SST(st)->h);
    sqlite3_clear_bindings(SST(st)->h);
}

static void s_bind_int(struct db_stmt *st, int i, int64_t v) { sqlite3_bind_int64(SST(st)->h, i, v); }

static void s_bind_text(struct db_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(SST(st)->h, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(SST(st)->h, i);
}

static void s_bind_null(struct db_stmt *st, int i) { sqlite3_bind_null(SST(st)->h, i); }

static void s_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
    /* a zero-length BLOB, not NULL, for an empty chunk */
    sqlite3_bind_blob64(SST(st)->h, i, n ? p : "", n, SQLITE_TRANSIENT);
}

static int s_step(struct db_stmt *st, struct err *e)
{
    int rc = sqlite3_step(SST(st)->h);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    int r = fail(SDB(st->d), e, "running a statement");
    sqlite3_reset(SST(st)->h);
    return r;
}

static bool s_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(SST(st)->h, col) == SQLITE_NULL;
}

static int64_t s_col_int(struct db_stmt *st, int col) { return sqlite3_column_int64(SST(st)->h, col); }

static const char *s_col_text(struct db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(SST(st)->h, col);
}

static const void *s_col_blob(struct db_stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(SST(st)->h, col);
    *n = p ? (size_t)sqlite3_column_bytes(SST(st)->h, col) : 0;
    return p;
}

static int64_t s_changes(struct db_stmt *st) { return sqlite3_changes64(SDB(st->d)->h); }

static const struct db_ops sqlite_ops = {
    s_close, s_exec, s_begin, s_commit, s_rollback, s_prepare, s_finalize, s_reset,
    s_bind_int, s_bind_text, s_bind_null, s_bind_blob, s_step, s_is_null, s_col_int, s_col_text,
    s_col_blob, s_changes,
};

int db_sqlite_open(const char *uri, int flags, struct db **out, struct err *e)
{
    static int configured;
    if (!configured) {
        /* memory statistics take a global mutex on every allocation; hearth never reads them */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        configured = 1;
    }
    *out = NULL;
    if (access(uri, F_OK) != 0 && !(flags & DB_CREATE))
        return err_set(e, HE_INPUT, "no database at %s (import some returns first, or run hearth demo)", uri);
    struct sdb *d = xcalloc(1, sizeof *d);
    d->base.ops = &sqlite_ops;
    d->base.kind = DB_SQLITE;
    d->base.uri = xstrdup(uri);
    int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(uri, &d->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = err_set(e, HE_INPUT, "cannot open database %s: %s", uri,
                         d->h ? sqlite3_errmsg(d->h) : "out of memory");
        s_close(&d->base);
        return rc;
    }
    sqlite3_busy_timeout(d->h, 5000);
    /* Legal records: a commit is on disk before it is acknowledged (synchronous=FULL). */
    const char *pragmas = (flags & DB_READONLY)
                              ? "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
                                " PRAGMA mmap_size = 4294967296;"
                              : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                " PRAGMA foreign_keys = ON; PRAGMA cache_size = -2097152;"
                                " PRAGMA temp_store = MEMORY;";
    int rc = s_exec(&d->base, pragmas, e);
    if (rc != HE_OK) {
        s_close(&d->base);
        return rc;
    }
    *out = &d->base;
    return HE_OK;
}

sqlite3 *db_sqlite_handle(struct db *d)
{
    return d->kind == DB_SQLITE ? SDB(d)->h : NULL;
}
