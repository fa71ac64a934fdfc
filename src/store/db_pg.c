/* db_pg: the PostgreSQL driver of db.h, on libpq. One connection per struct db (not
 * shared between threads). SQL keeps SQLite's placeholders (`?` numbered in order, or
 * `?N`), rewritten here to $N; every statement is prepared once on the server under a
 * name of its own and run with text parameters. A broken constraint (SQLSTATE class 23)
 * or a value the server cannot take (class 22) is bad input (HE_INPUT); anything else is
 * HE_INTERNAL.
 *
 * Statement cache: a store module prepares a statement, runs it and finalizes it within
 * one call, so a web page prepared the same texts on every request, and each cost three
 * round trips (Parse, Execute, DEALLOCATE) and a parse-analysis on the server. So each
 * connection keeps the server-side statements it has prepared, by SQL text (up to
 * CACHE_MAX of them): a text prepared before is not sent again and finalize leaves it in
 * place; a statement runs in one round trip. Many handles may share a cached statement,
 * since each run reads its whole result at once. The cache is forgotten when the
 * connection is re-made (the server forgot them too) and after db_exec() or a new session
 * statement, which may change the tables or search_path a statement was parsed against.
 *
 * Transactions: db_begin() opens a READ COMMITTED transaction and takes the store's
 * write lock at once (a transaction-scoped advisory lock on the current schema, that is
 * the authority), the same promise SQLite's BEGIN IMMEDIATE makes: two writers of one
 * authority wait for each other rather than fail halfway, and since no two hearth writers
 * ever touch the same rows concurrently no serialisation failure or deadlock can reach a
 * caller. Readers never wait (MVCC). A connection that was lost (a restarted or promoted
 * server) is re-established at the next begin, a few times with a pause between tries. */
#include "db_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "db_pg.h"
#include "pq.h"

/* One server-side statement kept for reuse; the slot array is open-addressed by a hash
 * of the SQL text. */
struct cached {
    char *sql;          /* owned; NULL = empty slot */
    char name[24];
    int nparams;
};
#define CACHE_SLOTS 1024 /* a power of two */
#define CACHE_MAX 512    /* entries at most: beyond it statements are prepared per use */

struct pdb {
    struct db base;
    PGconn *c;
    unsigned long seq;  /* names prepared statements: "h1", "h2", ... */
    char *session;      /* SQL run after every (re)connect: search_path and such; owned */
    int readonly;
    struct cached *cache; /* CACHE_SLOTS slots, allocated at first use; owned */
    int n_cached;
};

struct pstmt {
    struct db_stmt base;
    char name[24];
    int nparams;
    bool cached;        /* the server's statement belongs to the connection's cache */
    char **params;      /* nparams copies, NULL = SQL NULL; owned */
    PGresult *res;      /* the last run's result; owned */
    int row;            /* next row to hand out; -1 = not run yet */
    int64_t changes;
    unsigned char *blob; /* the current row's BLOB, decoded from bytea's text form; PQfreemem */
};

#define PDB(d) ((struct pdb *)(d))
#define PST(st) ((struct pstmt *)(st))

PGconn *db_pg_conn(struct db *d) { return d->kind == DB_PG ? PDB(d)->c : NULL; }

/* Map a failed result (or a connection-level failure when r is NULL) to an HE_* code. */
int db_pg_fail(struct db *d, const PGresult *r, struct err *e, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(PDB(d)->c);
    char clean[700];
    snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "unknown error");
    size_t n = strlen(clean);
    while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
        clean[--n] = 0;
    if (state && !strncmp(state, "23", 2))
        return err_set(e, HE_INPUT, "%s: the record breaks a rule of the store: %s", what, clean);
    /* class 22: a value the server cannot take (text that is not UTF-8, a number too big) */
    if (state && !strncmp(state, "22", 2))
        return err_set(e, HE_INPUT, "%s: a value the database cannot store: %s", what, clean);
    return err_set(e, HE_INTERNAL, "%s: %s", what, clean);
}

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The slot holding sql, or the empty slot where it would go (NULL: no cache yet). */
static struct cached *cache_slot(struct pdb *d, const char *sql)
{
    if (!d->cache)
        return NULL;
    for (uint64_t i = sql_hash(sql);; i++) {
        struct cached *c = &d->cache[i & (CACHE_SLOTS - 1)];
        if (!c->sql || !strcmp(c->sql, sql))
            return c;
    }
}

/* Forget every cached statement. The server's copies are left (their names are never
 * reused, and handles still open may run them); they go when the connection does. */
static void cache_forget(struct pdb *d)
{
    if (!d->cache)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        free(d->cache[i].sql);
    memset(d->cache, 0, CACHE_SLOTS * sizeof *d->cache);
    d->n_cached = 0;
}

/* Run SQL (no parameters, perhaps several statements); one round trip. */
static int run(struct pdb *d, const char *sql, struct err *e, const char *what)
{
    PGresult *r = PQexec(d->c, sql);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    int rc = HE_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = db_pg_fail(&d->base, r, e, what);
    PQclear(r);
    return rc;
}

static void quiet(void *arg, const char *msg) { (void)arg; (void)msg; }

static int session_setup(struct pdb *d, struct err *e)
{
    PQsetNoticeProcessor(d->c, quiet, NULL);
    int rc = run(d, d->readonly ? "SET client_min_messages = warning;"
                                  " SET default_transaction_read_only = on"
                                : "SET client_min_messages = warning", e, "setting up the connection");
    if (rc == HE_OK && d->session)
        rc = run(d, d->session, e, "setting up the connection");
    return rc;
}

int db_pg_session(struct db *d, const char *sql, struct err *e)
{
    struct pdb *p = PDB(d);
    free(p->session);
    p->session = xstrdup(sql);
    cache_forget(p); /* a new search_path: statements are parsed again under it */
    return run(p, sql, e, "setting up the connection");
}

static void p_close(struct db *d)
{
    PQfinish(PDB(d)->c);
    cache_forget(PDB(d));
    free(PDB(d)->cache);
    free(PDB(d)->session);
    free(d->uri);
    free(d);
}

/* SQL run here may change tables (migrations): cached statements are prepared afresh */
static int p_exec(struct db *d, const char *sql, struct err *e)
{
    cache_forget(PDB(d));
    return run(PDB(d), sql, e, "running SQL");
}

static int bad_connection(struct pdb *d) { return PQstatus(d->c) != CONNECTION_OK; }

static int p_begin(struct db *d, struct err *e)
{
    struct pdb *p = PDB(d);
    int rc = HE_OK;
    /* a lost connection is re-made here, and only here: mid-transaction there is nothing
     * safe to retry. 5 tries over about 3 s (0.4, 0.8, 0.8, 0.8 s apart). */
    for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt) {
            struct timespec ts = {0, 200000000L << (attempt < 3 ? attempt : 2)};
            nanosleep(&ts, NULL);
        }
        if (bad_connection(p)) {
            cache_forget(p); /* a new server session has none of them */
            PQreset(p->c);
            if (bad_connection(p)) {
                rc = db_pg_fail(d, NULL, e, "reconnecting to PostgreSQL");
                continue;
            }
            if ((rc = session_setup(p, e)) != HE_OK)
                continue;
        }
        rc = run(p, p->readonly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                : "BEGIN ISOLATION LEVEL READ COMMITTED;"
                                  " SELECT pg_advisory_xact_lock(1751475828, hashtext(current_schema()))",
                 e, "starting a transaction");
        if (rc == HE_OK || !bad_connection(p))
            break;
    }
    if (rc != HE_OK)
        run(p, "ROLLBACK", &(struct err){0}, "");
    return rc;
}

static int p_commit(struct db *d, struct err *e)
{
    return run(PDB(d), "COMMIT", e, "committing");
}

static int p_rollback(struct db *d, struct err *e)
{
    if (PQtransactionStatus(PDB(d)->c) == PQTRANS_IDLE || bad_connection(PDB(d)))
        return HE_OK;
    return run(PDB(d), "ROLLBACK", e, "rolling back");
}

/* `?` -> $n in order, `?N` -> $N; string literals, quoted names and comments untouched.
 * *nparams gets the highest number used. */
char *db_pg_rewrite(const char *sql, int *nparams)
{
    struct buf b = BUF_INIT;
    int next = 0, max = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            buf_addc(&b, *p++);
            while (*p && *p != q)
                buf_addc(&b, *p++);
            if (!*p)
                break;
            buf_addc(&b, *p);
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                buf_addc(&b, *p++);
            if (!*p)
                break;
            buf_addc(&b, *p);
        } else if (*p == '?') {
            int n = 0;
            if (p[1] >= '0' && p[1] <= '9') {
                while (p[1] >= '0' && p[1] <= '9')
                    n = n * 10 + (*++p - '0');
            } else {
                n = ++next;
            }
            if (n > max)
                max = n;
            buf_printf(&b, "$%d", n);
        } else {
            buf_addc(&b, *p);
        }
    }
    *nparams = max;
    return buf_detach(&b);
}

static int p_prepare(struct db *d, const char *sql, struct db_stmt **out, struct err *e)
{
    struct pdb *p = PDB(d);
    struct pstmt *st = xcalloc(1, sizeof *st);
    st->base.d = d;
    if (!p->cache)
        p->cache = xcalloc(CACHE_SLOTS, sizeof *p->cache);
    struct cached *c = cache_slot(p, sql);
    if (c->sql) { /* prepared on this connection before: no round trip */
        memcpy(st->name, c->name, sizeof st->name);
        st->nparams = c->nparams;
        st->cached = true;
    } else {
        int n;
        char *pg = db_pg_rewrite(sql, &n);
        snprintf(st->name, sizeof st->name, "h%lu", ++p->seq);
        PGresult *r = PQprepare(p->c, st->name, pg, 0, NULL);
        free(pg);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
            int rc = db_pg_fail(d, r, e, "preparing a statement");
            PQclear(r);
            free(st);
            return rc;
        }
        PQclear(r);
        st->nparams = n;
        if (p->n_cached < CACHE_MAX) {
            c->sql = xstrdup(sql);
            memcpy(c->name, st->name, sizeof c->name);
            c->nparams = n;
            p->n_cached++;
            st->cached = true;
        }
    }
    st->params = st->nparams ? xcalloc((size_t)st->nparams, sizeof *st->params) : NULL;
    st->row = -1;
    *out = &st->base;
    return HE_OK;
}

static void clear_params(struct pstmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        free(st->params[i]);
        st->params[i] = NULL;
    }
}

static void drop_blob(struct pstmt *st)
{
    if (st->blob)
        PQfreemem(st->blob);
    st->blob = NULL;
}

static void p_reset(struct db_stmt *s)
{
    struct pstmt *st = PST(s);
    drop_blob(st);
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    clear_params(st);
}

static void p_finalize(struct db_stmt *s)
{
    struct pstmt *st = PST(s);
    struct pdb *p = PDB(s->d);
    p_reset(s);
    /* free the server's copy unless the cache keeps it, or the transaction is aborted (it
     * would refuse; the name is never reused, so leaving it costs only a little server
     * memory until disconnect) */
    if (!st->cached && !bad_connection(p) && PQtransactionStatus(p->c) != PQTRANS_INERROR) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(p->c, sql));
    }
    free(st->params);
    free(st);
}

static void set_param(struct pstmt *st, int i, char *v)
{
    if (i < 1 || i > st->nparams) {
        free(v);
        return;
    }
    if (st->res) { /* binding after a run starts the next run */
        PQclear(st->res);
        st->res = NULL;
        st->row = -1;
    }
    free(st->params[i - 1]);
    st->params[i - 1] = v;
}

static void p_bind_int(struct db_stmt *s, int i, int64_t v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    set_param(PST(s), i, xstrdup(tmp));
}

static void p_bind_text(struct db_stmt *s, int i, const char *v) { set_param(PST(s), i, v ? xstrdup(v) : NULL); }
static void p_bind_null(struct db_stmt *s, int i) { set_param(PST(s), i, NULL); }

/* Bytes travel as bytea's hex text ("\\x0aff..."), so every parameter stays text. */
static void p_bind_blob(struct db_stmt *s, int i, const void *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *b = p;
    char *v = xmalloc(2 * n + 3);
    v[0] = '\\';
    v[1] = 'x';
    for (size_t k = 0; k < n; k++) {
        v[2 + 2 * k] = hex[b[k] >> 4];
        v[3 + 2 * k] = hex[b[k] & 15];
    }
    v[2 + 2 * n] = 0;
    set_param(PST(s), i, v);
}

static int p_step(struct db_stmt *s, struct err *e)
{
    struct pstmt *st = PST(s);
    drop_blob(st);
    if (st->row < 0) {
        PGresult *r = PQexecPrepared(PDB(s->d)->c, st->name, st->nparams,
                                     (const char *const *)st->params, NULL, NULL, 0);
        ExecStatusType x = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (x != PGRES_TUPLES_OK && x != PGRES_COMMAND_OK) {
            int rc = db_pg_fail(s->d, r, e, "running a statement");
            PQclear(r);
            return rc;
        }
        const char *ct = PQcmdTuples(r);
        st->changes = ct && *ct ? atoll(ct) : 0;
        st->res = r;
        st->row = 0;
    }
    if (st->row < PQntuples(st->res)) {
        st->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

int db_pg_run_all(struct db *d, struct db_stmt **sts, int n, struct err *e)
{
    struct pdb *p = PDB(d);
    if (PQenterPipelineMode(p->c) != 1)
        return db_pg_fail(d, NULL, e, "running statements");
    int rc = HE_OK, sent = 0;
    for (; sent < n; sent++) {
        struct pstmt *st = PST(sts[sent]);
        PQclear(st->res);
        st->res = NULL;
        st->row = -1;
        if (!PQsendQueryPrepared(p->c, st->name, st->nparams, (const char *const *)st->params,
                                 NULL, NULL, 0)) {
            rc = db_pg_fail(d, NULL, e, "running a statement");
            break;
        }
    }
    if (PQpipelineSync(p->c) != 1 && rc == HE_OK)
        rc = db_pg_fail(d, NULL, e, "running statements");
    /* each statement's result, then the NULL that ends it; then the sync's */
    for (int i = 0; i < sent; i++) {
        PGresult *r = PQgetResult(p->c);
        if (!r) { /* the connection failed */
            if (rc == HE_OK)
                rc = db_pg_fail(d, NULL, e, "running a statement");
            break;
        }
        ExecStatusType x = PQresultStatus(r);
        if (x == PGRES_TUPLES_OK || x == PGRES_COMMAND_OK) {
            struct pstmt *st = PST(sts[i]);
            const char *ct = PQcmdTuples(r);
            st->changes = ct && *ct ? atoll(ct) : 0;
            st->res = r;
            st->row = 0;
        } else {
            if (rc == HE_OK && x != PGRES_PIPELINE_ABORTED)
                rc = db_pg_fail(d, r, e, "running a statement");
            PQclear(r);
        }
        PQclear(PQgetResult(p->c));
    }
    PGresult *r;
    while ((r = PQgetResult(p->c))) { /* PGRES_PIPELINE_SYNC */
        ExecStatusType x = PQresultStatus(r);
        PQclear(r);
        if (x == PGRES_PIPELINE_SYNC)
            break;
    }
    PQexitPipelineMode(p->c);
    return rc;
}

/* The row db_step() last handed out. */
static int cur(struct pstmt *st) { return st->row - 1; }

static bool p_is_null(struct db_stmt *s, int col)
{
    struct pstmt *st = PST(s);
    return !st->res || st->row < 1 || PQgetisnull(st->res, cur(st), col);
}

static int64_t p_col_int(struct db_stmt *s, int col)
{
    struct pstmt *st = PST(s);
    if (p_is_null(s, col))
        return 0;
    const char *v = PQgetvalue(st->res, cur(st), col);
    if (v[0] == 't' && !v[1]) /* booleans read as SQLite's 1 and 0 */
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    return atoll(v);
}

static const char *p_col_text(struct db_stmt *s, int col)
{
    struct pstmt *st = PST(s);
    return p_is_null(s, col) ? NULL : PQgetvalue(st->res, cur(st), col);
}

static const void *p_col_blob(struct db_stmt *s, int col, size_t *n)
{
    struct pstmt *st = PST(s);
    *n = 0;
    if (p_is_null(s, col))
        return NULL;
    drop_blob(st);
    st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, cur(st), col), n);
    return st->blob;
}

static int64_t p_changes(struct db_stmt *s) { return PST(s)->changes; }

static const struct db_ops pg_ops = {
    p_close, p_exec, p_begin, p_commit, p_rollback, p_prepare, p_finalize, p_reset,
    p_bind_int, p_bind_text, p_bind_null, p_bind_blob, p_step, p_is_null, p_col_int, p_col_text,
    p_col_blob, p_changes,
};

int db_pg_open(const char *uri, int flags, struct db **out, struct err *e)
{
    *out = NULL;
    int lrc = dynlib_load(&pq_lib, e);
    if (lrc != HE_OK)
        return lrc;
    struct pdb *d = xcalloc(1, sizeof *d);
    d->base.ops = &pg_ops;
    d->base.kind = DB_PG;
    d->base.uri = xstrdup(uri);
    d->readonly = (flags & DB_READONLY) != 0;
    d->c = PQconnectdb(uri);
    if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s", d->c ? PQerrorMessage(d->c) : "out of memory");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = 0;
        p_close(&d->base);
        /* the server could not be reached or refused us: the URI is what to fix */
        return err_set(e, HE_INPUT, "cannot connect to PostgreSQL: %s", msg);
    }
    int rc = session_setup(d, e);
    if (rc != HE_OK) {
        p_close(&d->base);
        return rc;
    }
    *out = &d->base;
    return HE_OK;
}
