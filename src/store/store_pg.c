/* store_pg: the PostgreSQL store. The same records and the same upsert rule as
 * store_sqlite.c (a newer collection year overwrites, an older one fills blanks; see
 * store.h), the same migrations (schema.c, translated by schema_sql_pg), for one
 * authority per schema: `--la 887` (HEARTH_LA) keeps Medway's tables in schema la_887 of
 * the database, and every statement of the connection runs with search_path set to that
 * schema alone, so no query can see another authority's children.
 *
 * Two write paths behind one put:
 * - row by row (a web form, a small batch): INSERT ... ON CONFLICT DO NOTHING RETURNING
 *   id, and only on a conflict a read, a merge here and an UPDATE;
 * - bulk (an import): once a table has taken many puts in one transaction, its rows are
 *   read once with COPY into a table in memory (the mirror), puts merge there (new rows
 *   take ids reserved from the table's sequence), and at commit the new rows go with COPY
 *   straight into the table, the changed ones with COPY into a temporary table and one
 *   UPDATE by id. The transaction holds the authority's write lock (db_begin), so the
 *   mirror cannot go stale. store_complete_episode is then deferred and run for every
 *   episode at once. A load into an empty authority (store_begin_load) also drops the
 *   record tables' foreign keys and secondary indexes and puts them back at commit.
 *   The mirrors' memory is bounded (HEARTH_PG_BULK_MB, default a quarter of the
 *   machine's memory between 256 MB and 4 GB): past it, every
 *   pending row is written and the largest mirrors drop their rows, keeping only a
 *   fingerprint of each key, and fetch a row again (with the run of rows after it) only
 *   when a put names a key the table may hold. An import of all England runs in a fixed
 *   amount of memory, at the price of those reads.
 * Everything pending is written before any read and at commit; rollback drops it.
 * Large reads (facts) go in one pipeline, whole results in binary. Only prepared or parameterised
 * statements: no SQL is ever built from input values. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/radix.h"
#include "db_pg.h"
#include "pq.h"
#include "schema.h"
#include "store_impl.h"

/* ---- the record tables (as store_sqlite.c: natural key first, then the rest) -------- */

#define MAXCOL 16
struct tdef {
    const char *table;
    int nkey;
    const char *cols[MAXCOL];
};

enum {
    T_PERSON, T_CIN_EPISODE, T_ASSESSMENT, T_CIN_PLAN, T_S47, T_CP_PLAN, T_CP_REVIEW,
    T_LA_EPISODE, T_LA_REVIEW, T_MISSING, T_CARE_LEAVER, T_LA_OUTCOME, T_ADOPTION,
    T_PLACED_ADOPTION, T_PREV_PERM, T_UASC, T_SW_EPISODE, T_DOLO, T_CONTACT, T_EARLY_HELP, T__N
};

/* Parents before children: the order rows are flushed in, so foreign keys hold. */
static const struct tdef tdefs[T__N] = {
    [T_PERSON] = {"person", 1, {"la_child_id", "upn", "former_upn", "upn_unknown", "nhs_number",
                  "given_name", "family_name", "dob", "expected_dob", "death_date", "sex",
                  "ethnicity", "disabilities", "mother", "mc_dob"}},
    [T_CIN_EPISODE] = {"cin_episode", 2, {"person_id", "referral_date", "referral_source",
                       "primary_need", "closure_date", "closure_reason", "referral_nfa", "icpc_date"}},
    [T_ASSESSMENT] = {"assessment", 2, {"episode_id", "start", "internal_review", "authorised", "factors"}},
    [T_CIN_PLAN] = {"cin_plan", 2, {"episode_id", "start", "end_date"}},
    [T_S47] = {"s47_enquiry", 2, {"episode_id", "start", "icpc_target", "icpc_date", "icpc_not_required"}},
    [T_CP_PLAN] = {"cp_plan", 2, {"episode_id", "start", "end_date", "initial_category",
                   "latest_category", "previous_plans"}},
    [T_CP_REVIEW] = {"cp_review", 2, {"plan_id", "date"}},
    [T_LA_EPISODE] = {"la_episode", 2, {"person_id", "decom", "rne", "ls", "cin", "place",
                      "place_provider", "dec", "rec", "reason_place_change", "home_post", "pl_post", "urn"}},
    [T_LA_REVIEW] = {"la_review", 2, {"person_id", "date", "code"}},
    [T_MISSING] = {"missing_episode", 2, {"person_id", "start", "end_date", "kind"}},
    [T_CARE_LEAVER] = {"care_leaver", 2, {"person_id", "year", "in_touch", "activ", "accom"}},
    [T_LA_OUTCOME] = {"la_outcome", 2, {"person_id", "year", "sdq_score", "sdq_reason", "convicted",
                      "health_check", "immunisations", "teeth_check", "health_assessment",
                      "substance_misuse", "intervention_received", "intervention_offered"}},
    [T_ADOPTION] = {"adoption", 2, {"person_id", "date_int", "date_match", "foster_care", "nb_adoptr",
                    "sex_adoptr", "ls_adoptr"}},
    [T_PLACED_ADOPTION] = {"placed_adoption", 2, {"person_id", "date_placed", "date_placed_ceased",
                           "reason_placed_ceased"}},
    [T_PREV_PERM] = {"prev_perm", 1, {"person_id", "prev_perm", "la_perm", "date_perm"}},
    [T_UASC] = {"uasc", 1, {"person_id", "duc"}},
    [T_SW_EPISODE] = {"sw_episode", 3, {"person_id", "sw_id", "decom", "dec", "reason"}},
    [T_DOLO] = {"dolo", 2, {"person_id", "start", "end_date"}},
    [T_CONTACT] = {"contact", 4, {"person_id", "date", "source", "seq", "decision", "decision_date"}},
    [T_EARLY_HELP] = {"early_help", 2, {"person_id", "start", "end_date", "organisation"}},
};

static int ncols(const struct tdef *d)
{
    int n = 0;
    while (n < MAXCOL && d->cols[n])
        n++;
    return n;
}

/* A table's rows in memory for the bulk path. Values are PostgreSQL's text forms (NULL =
 * SQL NULL), as COPY reads and writes them. */
struct mrow {
    rec_id id;
    int year;
    int dirty;   /* to be written at the next flush */
    int is_new;  /* not in the database yet: a plain INSERT, not an UPDATE */
    int ahead;   /* read ahead by mirror_fetch, not yet asked for */
    char **v;    /* ncols values, in the arena */
};

struct mirror {
    struct arena mem;
    struct mrow *rows;
    size_t n, cap;
    size_t *slot; /* open addressing: row index + 1, 0 = empty; slot_cap a power of two */
    size_t slot_cap;
    size_t *dirty;  /* indexes of dirty rows */
    size_t n_dirty, dirty_cap;
    rec_id *ids;    /* ids reserved from the table's sequence, not yet used */
    size_t n_ids, ids_next;
    /* The memory bound. bytes: what the rows take (about), also added to *total, every
     * mirror's sum. Once a mirror has been shed (its clean rows dropped to stay within
     * the store's budget) it is partial: a key it lacks may still be in the table, so
     * keys holds a 32-bit fingerprint of every key the table has (0 = empty slot), and
     * only a key whose fingerprint is there is looked up in the database. */
    size_t bytes, *total;
    int partial;
    int window;                 /* rows mirror_fetch reads ahead (0: not yet set) */
    size_t ahead_read, ahead_used; /* since the last fetch: rows read ahead, and asked for */
    uint32_t *keys;
    size_t keys_n, keys_cap;
};

struct pending_complete {
    rec_id episode;
    int year;
};

/* statements that load a child: the person, then one per array of struct child_file */
#define PG_CHILD_STMTS 20

struct pstore {
    struct store base;
    struct db *conn;
    PGconn *pg;
    char *schema;
    int in_txn, readonly;
    struct db_stmt *ins[T__N], *sel[T__N], *upd[T__N], *ahead[T__N];
    int puts[T__N], next_check[T__N];
    struct mirror *mir[T__N];
    size_t mir_bytes, budget; /* every mirror's rows, and the most they may take */
    size_t n_dirty;
    struct pending_complete *pc;
    size_t n_pc, pc_cap;
    struct db_stmt *complete[6];
    struct db_stmt *find_person;
    struct db_stmt *child[PG_CHILD_STMTS];  /* a batch of children: ?1 an array of ids */
    struct db_stmt *child1[PG_CHILD_STMTS]; /* one child: ?1 its id (see pg_load_children) */
    /* pg_begin_load into empty record tables: the statements that put back the indexes
     * and foreign keys it dropped, run just before COMMIT (n_restore of them) */
    char **restore;
    size_t n_restore;
};

#define PS(b) ((struct pstore *)(b))

/* Once a table has taken this many puts in a transaction (and the table is small next to
 * what the transaction is writing), the bulk path takes over. */
enum { BULK_AFTER = 100, ID_BLOCK = 4096 };
/* The most the mirrors may hold (MB; HEARTH_PG_BULK_MB): beyond it the largest are written
 * and shed (see struct mirror), so an import of any size runs in bounded memory. */
enum { BULK_MB = 256, BULK_MB_MAX = 4096, FETCH_AHEAD = 1000, FETCH_AHEAD_MIN = 8 };

/* Put `what: ` before e's message (err_set cannot read the message it writes). */
static int prefixed(struct err *e, const char *what)
{
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    return err_set(e, e->code, "%s: %s", what, msg);
}

static int sql_err(struct pstore *s, PGresult *r, struct err *e, const char *what)
{
    int rc = db_pg_fail(s->conn, r, e, what);
    PQclear(r);
    return rc;
}

/* Run a statement with no parameters and no rows wanted. */
static int run(struct pstore *s, const char *sql, struct err *e, const char *what)
{
    PGresult *r = PQexec(s->pg, sql);
    ExecStatusType x = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (x != PGRES_COMMAND_OK && x != PGRES_TUPLES_OK)
        return sql_err(s, r, e, what);
    PQclear(r);
    return HE_OK;
}

/* ---- values -------------------------------------------------------------------------- */

enum { V_NULL, V_INT, V_TEXT };
struct val {
    int t;
    int64_t i;
    const char *s;
};

static struct val T(const char *s) { return s && *s ? (struct val){V_TEXT, 0, s} : (struct val){V_NULL, 0, NULL}; }
static struct val D(day_t d) { return d != DAY_NONE ? (struct val){V_INT, d, NULL} : (struct val){V_NULL, 0, NULL}; }
static struct val I(int64_t i) { return (struct val){V_INT, i, NULL}; }
static struct val F(int f) { return f >= 0 ? I(f) : (struct val){V_NULL, 0, NULL}; }
static struct val R(rec_id id) { return id ? I(id) : (struct val){V_NULL, 0, NULL}; }

/* Text forms of n values; numbers are written into num. */
static void as_text(const struct val *v, int n, char num[][24], const char **out)
{
    for (int j = 0; j < n; j++) {
        if (v[j].t == V_INT) {
            snprintf(num[j], 24, "%lld", (long long)v[j].i);
            out[j] = num[j];
        } else {
            out[j] = v[j].t == V_TEXT ? v[j].s : NULL;
        }
    }
}

static int same(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* The rule of store.h for one column: a newer (or the same) year overwrites with what it
 * gives; an older year only fills a blank. */
static const char *merge(const char *old, const char *nv, int newer)
{
    return newer ? (nv ? nv : old) : (old ? old : nv);
}

/* ---- row by row ---------------------------------------------------------------------- */

static int prepare_table(struct pstore *s, int ti, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    int n = ncols(d), rc;
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "INSERT INTO %s (", d->table);
    for (int j = 0; j < n; j++)
        buf_printf(&sql, "%s, ", d->cols[j]);
    buf_printf(&sql, "src_year) VALUES (");
    for (int j = 0; j < n; j++)
        buf_printf(&sql, "?, ");
    buf_printf(&sql, "?) ON CONFLICT DO NOTHING RETURNING id");
    rc = db_prepare(s->conn, buf_str(&sql), &s->ins[ti], e);

    buf_reset(&sql);
    buf_printf(&sql, "SELECT id, src_year");
    for (int j = d->nkey; j < n; j++)
        buf_printf(&sql, ", %s", d->cols[j]);
    buf_printf(&sql, " FROM %s WHERE ", d->table);
    for (int j = 0; j < d->nkey; j++)
        buf_printf(&sql, "%s%s = ?", j ? " AND " : "", d->cols[j]);
    if (rc == HE_OK)
        rc = db_prepare(s->conn, buf_str(&sql), &s->sel[ti], e);

    buf_reset(&sql);
    buf_printf(&sql, "UPDATE %s SET ", d->table);
    for (int j = d->nkey; j < n; j++)
        buf_printf(&sql, "%s = ?, ", d->cols[j]);
    buf_printf(&sql, "src_year = ? WHERE id = ?");
    if (rc == HE_OK)
        rc = db_prepare(s->conn, buf_str(&sql), &s->upd[ti], e);
    buf_free(&sql);
    return rc;
}

static int put_row(struct pstore *s, int ti, int year, const char **v, rec_id *id_out,
                   enum put_outcome *out, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    int n = ncols(d), rc, step;
    if (!s->ins[ti] && (rc = prepare_table(s, ti, e)) != HE_OK)
        return rc;
    struct db_stmt *ins = s->ins[ti], *sel = s->sel[ti], *upd = s->upd[ti];
    for (int j = 0; j < n; j++)
        db_bind_text(ins, j + 1, v[j]);
    db_bind_int(ins, n + 1, year);
    step = db_step(ins, e);
    if (step == DB_ROW) {
        *id_out = db_int(ins, 0);
        *out = PUT_ADDED;
        db_reset(ins);
        return HE_OK;
    }
    db_reset(ins);
    if (step != DB_DONE)
        return prefixed(e, d->table);
    for (int j = 0; j < d->nkey; j++)
        db_bind_text(sel, j + 1, v[j]);
    step = db_step(sel, e);
    if (step != DB_ROW) {
        db_reset(sel);
        return step == DB_DONE ? err_set(e, HE_INTERNAL, "%s: a record neither inserted nor found", d->table)
                               : step;
    }
    rec_id id = db_int(sel, 0);
    int old_year = (int)db_int(sel, 1), changed = 0, newer = year >= old_year;
    for (int j = d->nkey; j < n; j++) {
        const char *old = db_text(sel, 2 + j - d->nkey);
        const char *m = merge(old, v[j], newer);
        changed |= !same(m, old);
        db_bind_text(upd, j - d->nkey + 1, m); /* the UPDATE sets the non-key columns */
    }
    rc = HE_OK;
    if (changed || year > old_year) {
        db_bind_int(upd, n - d->nkey + 1, year > old_year ? year : old_year);
        db_bind_int(upd, n - d->nkey + 2, id);
        if ((step = db_step(upd, e)) != DB_DONE)
            rc = prefixed(e, d->table);
    }
    db_reset(upd);
    db_reset(sel);
    *id_out = id;
    *out = year < old_year ? PUT_OLDER : changed ? PUT_UPDATED : PUT_UNCHANGED;
    return rc;
}

/* ---- the bulk path: mirrors ---------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t key_hash(int nkey, char *const *v)
{
    uint64_t h = 14695981039346656037ULL;
    for (int j = 0; j < nkey; j++)
        h = v[j] ? fnv(h, v[j], strlen(v[j]) + 1) : fnv(h, "\xff", 1);
    return h;
}

static int key_eq(int nkey, char *const *a, const char *const *b)
{
    for (int j = 0; j < nkey; j++)
        if (!same(a[j], b[j]))
            return 0;
    return 1;
}

static size_t *mirror_slot(struct mirror *m, int nkey, const char *const *key)
{
    size_t mask = m->slot_cap - 1;
    size_t i = (size_t)key_hash(nkey, (char *const *)key) & mask;
    while (m->slot[i] && !key_eq(nkey, m->rows[m->slot[i] - 1].v, key))
        i = (i + 1) & mask;
    return &m->slot[i];
}

static void mirror_grow_slots(struct mirror *m, int nkey)
{
    free(m->slot);
    m->slot_cap = m->slot_cap ? m->slot_cap * 2 : 1024;
    m->slot = xcalloc(m->slot_cap, sizeof *m->slot);
    for (size_t r = 0; r < m->n; r++)
        *mirror_slot(m, nkey, (const char *const *)m->rows[r].v) = r + 1;
}

static size_t str_bytes(const char *v) { return v ? (strlen(v) + 16) & ~(size_t)15 : 0; }

static void mirror_count(struct mirror *m, size_t bytes)
{
    m->bytes += bytes;
    *m->total += bytes;
}

/* ---- a shed mirror's key fingerprints ---- */

static uint32_t key_fp(int nkey, const char *const *v)
{
    uint64_t h = key_hash(nkey, (char *const *)v);
    uint32_t f = (uint32_t)(h ^ (h >> 32));
    return f ? f : 1;
}

static int keys_has(const struct mirror *m, uint32_t f)
{
    if (!m->keys_cap)
        return 0;
    size_t mask = m->keys_cap - 1;
    for (size_t i = f & mask; m->keys[i]; i = (i + 1) & mask)
        if (m->keys[i] == f)
            return 1;
    return 0;
}

static void keys_add(struct mirror *m, uint32_t f)
{
    if (2 * (m->keys_n + 1) > m->keys_cap) {
        size_t ocap = m->keys_cap;
        uint32_t *old = m->keys;
        m->keys_cap = ocap ? ocap * 2 : 4096;
        m->keys = xcalloc(m->keys_cap, sizeof *m->keys);
        m->keys_n = 0;
        for (size_t i = 0; i < ocap; i++)
            if (old[i])
                keys_add(m, old[i]);
        free(old);
    }
    size_t mask = m->keys_cap - 1, i = f & mask;
    while (m->keys[i] && m->keys[i] != f)
        i = (i + 1) & mask;
    if (!m->keys[i]) {
        m->keys[i] = f;
        m->keys_n++;
    }
}

/* Add a row (values copied into the arena); returns its index. */
static size_t mirror_add(struct mirror *m, int nkey, int n, rec_id id, int year, const char *const *v)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->rows = xrealloc(m->rows, m->cap * sizeof *m->rows);
    }
    if (2 * (m->n + 1) > m->slot_cap)
        mirror_grow_slots(m, nkey);
    struct mrow *r = &m->rows[m->n];
    r->id = id;
    r->year = year;
    r->dirty = 0;
    r->is_new = 0;
    r->ahead = 0;
    r->v = arena_alloc(&m->mem, (size_t)n * sizeof *r->v);
    size_t bytes = sizeof *r + (size_t)n * sizeof *r->v + 2 * sizeof *m->slot;
    for (int j = 0; j < n; j++) {
        r->v[j] = arena_strdup(&m->mem, v[j]);
        bytes += str_bytes(v[j]);
    }
    mirror_count(m, bytes);
    *mirror_slot(m, nkey, v) = m->n + 1;
    if (m->partial)
        keys_add(m, key_fp(nkey, v));
    return m->n++;
}

/* Drop a mirror's rows, every one clean (written), keeping their keys' fingerprints: from
 * now on a key it lacks is looked up in the table (mirror_fetch) when its fingerprint is
 * known, and is new when it is not. */
static void mirror_shed(struct mirror *m, int nkey)
{
    for (size_t r = 0; r < m->n; r++)
        keys_add(m, key_fp(nkey, (const char *const *)m->rows[r].v));
    m->partial = 1;
    arena_free(&m->mem);
    free(m->rows);
    free(m->slot);
    m->rows = NULL;
    m->slot = NULL;
    m->n = m->cap = m->slot_cap = 0;
    *m->total -= m->bytes;
    m->bytes = 0;
    mirror_grow_slots(m, nkey);
}

static void mirror_free(struct mirror *m)
{
    if (!m)
        return;
    *m->total -= m->bytes;
    free(m->keys);
    arena_free(&m->mem);
    free(m->rows);
    free(m->slot);
    free(m->dirty);
    free(m->ids);
    free(m);
}

/* Unescape one field of COPY's text format in place; returns NULL for \N. */
static char *copy_field(char *f)
{
    if (f[0] == '\\' && f[1] == 'N' && !f[2])
        return NULL;
    char *w = f;
    for (char *p = f; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *w++ = *p;
            continue;
        }
        switch (*++p) {
        case 't': *w++ = '\t'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'v': *w++ = '\v'; break;
        default: *w++ = *p; break; /* \\ and any other escaped character */
        }
    }
    *w = 0;
    return f;
}

static void copy_escape(struct buf *b, const char *v)
{
    if (!v) {
        buf_adds(b, "\\N");
        return;
    }
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '\\': buf_adds(b, "\\\\"); break;
        case '\t': buf_adds(b, "\\t"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        default: buf_addc(b, *p); break;
        }
    }
}

static int copy_out_end(struct pstore *s, struct err *e, const char *what)
{
    PGresult *r;
    int rc = HE_OK;
    while ((r = PQgetResult(s->pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == HE_OK)
            rc = db_pg_fail(s->conn, r, e, what);
        PQclear(r);
    }
    return rc;
}

/* Read a table's rows into a new mirror with COPY. */
static int mirror_load(struct pstore *s, int ti, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    int n = ncols(d), rc;
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "COPY (SELECT id, src_year");
    for (int j = 0; j < n; j++)
        buf_printf(&sql, ", %s", d->cols[j]);
    buf_printf(&sql, " FROM %s) TO STDOUT", d->table);
    PGresult *r = PQexec(s->pg, buf_str(&sql));
    buf_free(&sql);
    if (!r || PQresultStatus(r) != PGRES_COPY_OUT)
        return sql_err(s, r, e, d->table);
    PQclear(r);
    struct mirror *m = xcalloc(1, sizeof *m);
    m->total = &s->mir_bytes;
    mirror_grow_slots(m, d->nkey); /* never without slots, even empty */
    char *line;
    int len;
    const char *v[MAXCOL];
    while ((len = PQgetCopyData(s->pg, &line, 0)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = 0;
        char *f[MAXCOL + 2], *p = line;
        int k = 0;
        while (k < n + 2) {
            f[k++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = 0;
            p = tab + 1;
        }
        if (k == n + 2) {
            for (int j = 0; j < n; j++)
                v[j] = copy_field(f[j + 2]);
            if (m->partial) {
                keys_add(m, key_fp(d->nkey, v)); /* past the budget: only the key */
            } else {
                mirror_add(m, d->nkey, n, atoll(f[0]), atoi(f[1]), v);
                if (s->mir_bytes > s->budget)
                    mirror_shed(m, d->nkey);
            }
        }
        PQfreemem(line);
    }
    rc = copy_out_end(s, e, d->table);
    if (rc == HE_OK && len == -2)
        rc = db_pg_fail(s->conn, NULL, e, d->table);
    if (rc != HE_OK) {
        mirror_free(m);
        return rc;
    }
    s->mir[ti] = m;
    return HE_OK;
}

/* Take ID_BLOCK ids from the table's sequence in one statement. nextval then setval is
 * not atomic in general, but every writer of this authority holds its write lock (see
 * db_pg.c), and the sequence is the authority's own. */
static int reserve_ids(struct pstore *s, int ti, struct err *e)
{
    struct mirror *m = s->mir[ti];
    char sql[240];
    snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
             " nextval(pg_get_serial_sequence('%s', 'id')) + %d)", tdefs[ti].table, tdefs[ti].table,
             ID_BLOCK - 1);
    PGresult *r = PQexec(s->pg, sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        return sql_err(s, r, e, tdefs[ti].table);
    long long last = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    m->ids = xrealloc(m->ids, ID_BLOCK * sizeof *m->ids);
    for (int i = 0; i < ID_BLOCK; i++)
        m->ids[i] = last - ID_BLOCK + 1 + i;
    m->n_ids = ID_BLOCK;
    m->ids_next = 0;
    return HE_OK;
}

static void mark_dirty(struct pstore *s, struct mirror *m, size_t i)
{
    if (m->rows[i].dirty)
        return;
    m->rows[i].dirty = 1;
    if (m->n_dirty == m->dirty_cap) {
        m->dirty_cap = m->dirty_cap ? m->dirty_cap * 2 : 1024;
        m->dirty = xrealloc(m->dirty, m->dirty_cap * sizeof *m->dirty);
    }
    m->dirty[m->n_dirty++] = i;
    s->n_dirty++;
}

static int flush_puts(struct pstore *s, struct err *e);

/* A shed mirror lacks a key whose fingerprint the table has: read that row (if there is
 * one) into the mirror, clean, with up to FETCH_AHEAD rows that follow it by id, as a
 * return's records tend to come again in the order they were first written (one statement
 * for a run of them rather than one each). The run shrinks while few of the rows read
 * ahead are asked for (a file that names only some children, such as the looked-after
 * ones) and grows back while most are. Every row the mirror dropped had been written,
 * so the table holds what the mirror would have; a row the mirror has is not replaced. */
static int mirror_fetch(struct pstore *s, int ti, const char *const *v, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    struct mirror *m = s->mir[ti];
    int n = ncols(d), rc, step;
    if (!s->ins[ti] && (rc = prepare_table(s, ti, e)) != HE_OK)
        return rc;
    struct db_stmt *sel = s->sel[ti];
    for (int j = 0; j < d->nkey; j++)
        db_bind_text(sel, j + 1, v[j]);
    step = db_step(sel, e);
    rec_id id = 0;
    if (step == DB_ROW) {
        const char *row[MAXCOL] = {0};
        for (int j = 0; j < n; j++)
            row[j] = j < d->nkey ? v[j] : db_text(sel, 2 + j - d->nkey);
        id = db_int(sel, 0);
        mirror_add(m, d->nkey, n, id, (int)db_int(sel, 1), row);
    }
    db_reset(sel);
    if (step != DB_ROW)
        return step == DB_DONE ? HE_OK : prefixed(e, d->table);
    if (!s->ahead[ti]) {
        struct buf sql = BUF_INIT;
        buf_printf(&sql, "SELECT id, src_year");
        for (int j = 0; j < n; j++)
            buf_printf(&sql, ", %s", d->cols[j]);
        buf_printf(&sql, " FROM %s WHERE id > ? ORDER BY id LIMIT ?", d->table);
        rc = db_prepare(s->conn, buf_str(&sql), &s->ahead[ti], e);
        buf_free(&sql);
        if (rc != HE_OK)
            return rc;
    }
    if (!m->window)
        m->window = FETCH_AHEAD;
    else if (m->ahead_used * 4 < m->ahead_read)
        m->window = m->window / 4 > FETCH_AHEAD_MIN ? m->window / 4 : FETCH_AHEAD_MIN;
    else if (m->ahead_used * 2 >= m->ahead_read)
        m->window = m->window * 2 < FETCH_AHEAD ? m->window * 2 : FETCH_AHEAD;
    m->ahead_read = m->ahead_used = 0;
    struct db_stmt *st = s->ahead[ti];
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, m->window);
    while ((step = db_step(st, e)) == DB_ROW) {
        const char *row[MAXCOL] = {0};
        for (int j = 0; j < n; j++)
            row[j] = db_text(st, 2 + j);
        if (!*mirror_slot(m, d->nkey, row)) {
            size_t i = mirror_add(m, d->nkey, n, db_int(st, 0), (int)db_int(st, 1), row);
            m->rows[i].ahead = 1;
            m->ahead_read++;
        }
    }
    db_reset(st);
    return step == DB_DONE ? HE_OK : prefixed(e, d->table);
}

static int put_mirror(struct pstore *s, int ti, int year, const char **v, rec_id *id_out,
                      enum put_outcome *out, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    struct mirror *m = s->mir[ti];
    int n = ncols(d), rc;
    size_t *slot = mirror_slot(m, d->nkey, v);
    if (!*slot && m->partial && keys_has(m, key_fp(d->nkey, v))) {
        if ((rc = mirror_fetch(s, ti, v, e)) != HE_OK)
            return rc;
        slot = mirror_slot(m, d->nkey, v);
    }
    if (!*slot) {
        if (m->ids_next == m->n_ids && (rc = reserve_ids(s, ti, e)) != HE_OK)
            return rc;
        size_t i = mirror_add(m, d->nkey, n, m->ids[m->ids_next++], year, v);
        m->rows[i].is_new = 1;
        mark_dirty(s, m, i);
        *id_out = m->rows[i].id;
        *out = PUT_ADDED;
    } else {
        struct mrow *r = &m->rows[*slot - 1];
        if (r->ahead) {
            r->ahead = 0;
            m->ahead_used++;
        }
        int newer = year >= r->year, changed = 0;
        for (int j = d->nkey; j < n; j++) {
            const char *mv = merge(r->v[j], v[j], newer);
            if (!same(mv, r->v[j])) {
                if (mv == v[j]) {
                    r->v[j] = arena_strdup(&m->mem, mv);
                    mirror_count(m, str_bytes(mv));
                }
                changed = 1;
            }
        }
        if (changed || year > r->year) {
            if (year > r->year)
                r->year = year;
            mark_dirty(s, m, *slot - 1);
        }
        *id_out = r->id;
        /* r->year was raised only for a newer year, so this still tells an older put */
        *out = year < r->year ? PUT_OLDER : changed ? PUT_UPDATED : PUT_UNCHANGED;
    }
    /* only the memory bound writes rows early: a row written and then changed by a later
     * file of the same load would be written twice (an UPDATE, every index again) */
    if (s->mir_bytes > s->budget)
        return flush_puts(s, e);
    return HE_OK;
}

/* Is the table small enough next to this transaction's puts to read whole? */
static int bulk_worth_it(struct pstore *s, int ti, struct err *e)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT greatest(reltuples, 0)::bigint FROM pg_class"
             " WHERE oid = '%s'::regclass", tdefs[ti].table);
    PGresult *r = PQexec(s->pg, sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        sql_err(s, r, e, tdefs[ti].table);
        return -1;
    }
    long long rows = PQntuples(r) ? atoll(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    /* reading a row with COPY costs about a fiftieth of a row-by-row put */
    return rows <= 50LL * s->puts[ti];
}

static int put(struct pstore *s, int ti, int year, const struct val *vals, rec_id *id_out,
               enum put_outcome *out_, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    int n = ncols(d), rc;
    char num[MAXCOL][24];
    const char *v[MAXCOL];
    rec_id id = 0;
    enum put_outcome out = PUT_UNCHANGED;
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: write outside a transaction");
    as_text(vals, n, num, v);
    for (int j = 0; j < d->nkey; j++)
        if (!v[j])
            return err_set(e, HE_INPUT, "%s: the record breaks a rule of the store: %s is missing",
                           d->table, d->cols[j]);
    if (!s->mir[ti] && ++s->puts[ti] >= s->next_check[ti]) {
        int worth = bulk_worth_it(s, ti, e);
        if (worth < 0)
            return e->code;
        if (worth) {
            if ((rc = mirror_load(s, ti, e)) != HE_OK)
                return rc;
            /* the transaction is a bulk one: let every other table try at its next put */
            for (int k = 0; k < T__N; k++)
                if (!s->mir[k] && s->next_check[k] > s->puts[k] + 1)
                    s->next_check[k] = s->puts[k] + 1;
        } else {
            s->next_check[ti] = 2 * s->puts[ti];
        }
    }
    if (s->mir[ti]) {
        rc = put_mirror(s, ti, year, v, &id, &out, e);
    } else {
        /* a row written now may point at a parent still waiting in a mirror */
        if (s->n_dirty && (rc = flush_puts(s, e)) != HE_OK)
            return rc;
        rc = put_row(s, ti, year, v, &id, &out, e);
    }
    if (rc == HE_OK) {
        if (id_out)
            *id_out = id;
        if (out_)
            *out_ = out;
    }
    return rc;
}

/* COPY the table's dirty rows that are new (fresh != 0) or already there (fresh == 0) into
 * `into` (the table itself, or the temporary one), `cols` its columns. */
static int copy_dirty(struct pstore *s, int ti, const char *into, const char *cols, int fresh,
                      struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    struct mirror *m = s->mir[ti];
    int n = ncols(d), rc = HE_OK;
    struct buf sql = BUF_INIT, data = BUF_INIT;
    buf_printf(&sql, "COPY %s (%s) FROM STDIN", into, cols);
    PGresult *r = PQexec(s->pg, buf_str(&sql));
    buf_free(&sql);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN)
        return sql_err(s, r, e, d->table);
    PQclear(r);
    for (size_t k = 0; k < m->n_dirty; k++) {
        struct mrow *row = &m->rows[m->dirty[k]];
        if (!row->is_new == !fresh) {
            buf_printf(&data, "%lld\t%d", (long long)row->id, row->year);
            for (int j = 0; j < n; j++) {
                buf_addc(&data, '\t');
                copy_escape(&data, row->v[j]);
            }
            buf_addc(&data, '\n');
        }
        if (data.len && (data.len >= (1 << 20) || k + 1 == m->n_dirty)) {
            if (PQputCopyData(s->pg, data.data, (int)data.len) != 1) {
                rc = db_pg_fail(s->conn, NULL, e, d->table);
                break;
            }
            buf_reset(&data);
        }
    }
    buf_free(&data);
    if (PQputCopyEnd(s->pg, rc == HE_OK ? NULL : "abandoned") != 1 && rc == HE_OK)
        rc = db_pg_fail(s->conn, NULL, e, d->table);
    int end = copy_out_end(s, e, d->table);
    return rc == HE_OK ? end : rc;
}

/* Write every dirty mirror row (the merge was done in memory, under the write lock). New
 * rows go straight into the table with COPY: nothing to join them with. Rows already
 * there go by COPY into a temporary table like the real one, then one UPDATE by id. */
static int flush_table(struct pstore *s, int ti, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    struct mirror *m = s->mir[ti];
    int n = ncols(d), rc = HE_OK;
    struct buf sql = BUF_INIT, cols = BUF_INIT;
    buf_adds(&cols, "id, src_year");
    for (int j = 0; j < n; j++)
        buf_printf(&cols, ", %s", d->cols[j]);
    size_t fresh = 0;
    for (size_t k = 0; k < m->n_dirty; k++)
        fresh += m->rows[m->dirty[k]].is_new;
    if (fresh < m->n_dirty) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "hearth_load_%s", d->table);
        buf_printf(&sql, "CREATE TEMP TABLE IF NOT EXISTS %s (LIKE %s) ON COMMIT DROP; TRUNCATE %s",
                   tmp, d->table, tmp);
        if ((rc = run(s, buf_str(&sql), e, d->table)) != HE_OK ||
            (rc = copy_dirty(s, ti, tmp, buf_str(&cols), 0, e)) != HE_OK)
            goto out;
        buf_reset(&sql);
        /* a temporary table has no statistics until analysed: without them the join below
         * can be planned as a nested loop over every row */
        if (m->n_dirty - fresh >= 1000)
            buf_printf(&sql, "ANALYZE %s;", tmp);
        buf_printf(&sql, "UPDATE %s AS t SET src_year = l.src_year", d->table);
        for (int j = d->nkey; j < n; j++)
            buf_printf(&sql, ", %s = l.%s", d->cols[j], d->cols[j]);
        buf_printf(&sql, " FROM %s l WHERE t.id = l.id", tmp);
        if ((rc = run(s, buf_str(&sql), e, d->table)) != HE_OK) {
            /* name the table, as the row-by-row path does */
            prefixed(e, d->table);
            goto out;
        }
    }
    if (fresh && (rc = copy_dirty(s, ti, d->table, buf_str(&cols), 1, e)) != HE_OK) {
        prefixed(e, d->table);
        goto out;
    }
    for (size_t k = 0; k < m->n_dirty; k++)
        m->rows[m->dirty[k]].dirty = m->rows[m->dirty[k]].is_new = 0;
    s->n_dirty -= m->n_dirty;
    m->n_dirty = 0;
out:
    buf_free(&sql);
    buf_free(&cols);
    return rc;
}

static int flush_puts(struct pstore *s, struct err *e)
{
    int rc;
    for (int ti = 0; ti < T__N; ti++)
        if (s->mir[ti] && s->mir[ti]->n_dirty && (rc = flush_table(s, ti, e)) != HE_OK)
            return rc;
    /* Every row is written now. Over the budget, shed the largest mirrors until half of it
     * is free; the children (person) last, as every file's rows look them up again. */
    while (s->mir_bytes > s->budget / 2) {
        int big = -1;
        for (int ti = 0; ti < T__N; ti++)
            if (ti != T_PERSON && s->mir[ti] && s->mir[ti]->bytes &&
                (big < 0 || s->mir[ti]->bytes > s->mir[big]->bytes))
                big = ti;
        if (big < 0 && s->mir[T_PERSON] && s->mir[T_PERSON]->bytes)
            big = T_PERSON;
        if (big < 0)
            break;
        mirror_shed(s->mir[big], tdefs[big].nkey);
    }
    return HE_OK;
}

/* ---- store_complete_episode ----------------------------------------------------------- */

/* As store_sqlite.c: a part from an older return that was active in the window of a newer
 * return of the same episode, yet is missing from it, was corrected or withdrawn. ?1 is
 * the episode; for the first statement ?2..?4 the return's year and window. */
static const char *const complete_sql[6] = {
    "INSERT INTO cin_episode_return (episode_id, year, first_day, last_day)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
    "DELETE FROM assessment AS p WHERE p.episode_id = ?1 AND EXISTS (SELECT 1 FROM"
    " cin_episode_return r WHERE r.episode_id = ?1 AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.authorised IS NULL OR p.authorised >= r.first_day))",
    "DELETE FROM cin_plan AS p WHERE p.episode_id = ?1 AND EXISTS (SELECT 1 FROM"
    " cin_episode_return r WHERE r.episode_id = ?1 AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day))",
    "DELETE FROM s47_enquiry AS p WHERE p.episode_id = ?1 AND EXISTS (SELECT 1 FROM"
    " cin_episode_return r WHERE r.episode_id = ?1 AND r.year > p.src_year AND p.start <= r.last_day"
    " AND coalesce(p.icpc_date, p.start) >= r.first_day)",
    "DELETE FROM cp_review AS p WHERE p.plan_id IN (SELECT id FROM cp_plan WHERE episode_id = ?1)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = ?1"
    " AND r.year > p.src_year AND p.date BETWEEN r.first_day AND r.last_day)",
    "DELETE FROM cp_plan AS p WHERE p.episode_id = ?1 AND EXISTS (SELECT 1 FROM"
    " cin_episode_return r WHERE r.episode_id = ?1 AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day))",
};

/* The same for every episode listed in the temporary table hearth_complete at once. */
static const char complete_all_sql[] =
    "INSERT INTO cin_episode_return (episode_id, year, first_day, last_day)"
    " SELECT DISTINCT episode_id, year, first_day, last_day FROM hearth_complete ON CONFLICT DO NOTHING;"
    "DELETE FROM assessment AS p WHERE p.episode_id IN (SELECT episode_id FROM hearth_complete)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = p.episode_id"
    " AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.authorised IS NULL OR p.authorised >= r.first_day));"
    "DELETE FROM cin_plan AS p WHERE p.episode_id IN (SELECT episode_id FROM hearth_complete)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = p.episode_id"
    " AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day));"
    "DELETE FROM s47_enquiry AS p WHERE p.episode_id IN (SELECT episode_id FROM hearth_complete)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = p.episode_id"
    " AND r.year > p.src_year AND p.start <= r.last_day"
    " AND coalesce(p.icpc_date, p.start) >= r.first_day);"
    "DELETE FROM cp_review AS p USING cp_plan c WHERE c.id = p.plan_id"
    " AND c.episode_id IN (SELECT episode_id FROM hearth_complete)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = c.episode_id"
    " AND r.year > p.src_year AND p.date BETWEEN r.first_day AND r.last_day);"
    "DELETE FROM cp_plan AS p WHERE p.episode_id IN (SELECT episode_id FROM hearth_complete)"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = p.episode_id"
    " AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day));"
    "TRUNCATE hearth_complete";

static int window(int year, day_t *first, day_t *last, struct err *e)
{
    *first = date_from_ymd(year - 1, 4, 1);
    *last = date_from_ymd(year, 3, 31);
    if (*first == DAY_NONE || *last == DAY_NONE)
        return err_set(e, HE_INTERNAL, "store: collection year %d out of range", year);
    return HE_OK;
}

static int flush_completes(struct pstore *s, struct err *e)
{
    if (!s->n_pc)
        return HE_OK;
    int rc = run(s, "CREATE TEMP TABLE IF NOT EXISTS hearth_complete (episode_id bigint,"
                    " year bigint, first_day bigint, last_day bigint) ON COMMIT DROP",
                 e, "completing episodes");
    if (rc != HE_OK)
        return rc;
    PGresult *r = PQexec(s->pg, "COPY hearth_complete FROM STDIN");
    if (!r || PQresultStatus(r) != PGRES_COPY_IN)
        return sql_err(s, r, e, "completing episodes");
    PQclear(r);
    struct buf data = BUF_INIT;
    for (size_t i = 0; i < s->n_pc && rc == HE_OK; i++) {
        day_t first, last;
        if ((rc = window(s->pc[i].year, &first, &last, e)) != HE_OK)
            break;
        buf_printf(&data, "%lld\t%d\t%d\t%d\n", (long long)s->pc[i].episode, s->pc[i].year,
                   (int)first, (int)last);
    }
    if (rc == HE_OK && PQputCopyData(s->pg, buf_str(&data), (int)data.len) != 1)
        rc = db_pg_fail(s->conn, NULL, e, "completing episodes");
    buf_free(&data);
    if (PQputCopyEnd(s->pg, rc == HE_OK ? NULL : "abandoned") != 1 && rc == HE_OK)
        rc = db_pg_fail(s->conn, NULL, e, "completing episodes");
    int end = copy_out_end(s, e, "completing episodes");
    if (rc == HE_OK)
        rc = end;
    if (rc == HE_OK && s->n_pc >= 1000)
        rc = run(s, "ANALYZE hearth_complete", e, "completing episodes");
    if (rc == HE_OK)
        rc = run(s, complete_all_sql, e, "completing episodes");
    if (rc != HE_OK)
        return rc;
    s->n_pc = 0;
    /* the deletes went behind the parts' mirrors: read them again if needed */
    static const int parts[] = {T_ASSESSMENT, T_CIN_PLAN, T_S47, T_CP_PLAN, T_CP_REVIEW};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        mirror_free(s->mir[parts[i]]);
        s->mir[parts[i]] = NULL;
        s->next_check[parts[i]] = s->puts[parts[i]] + 1;
    }
    return HE_OK;
}

/* Everything pending reaches the database: before any read, and at commit. */
static int flush(struct pstore *s, struct err *e)
{
    int rc = flush_puts(s, e);
    return rc == HE_OK ? flush_completes(s, e) : rc;
}

static int pg_complete_episode(struct store *b, rec_id episode, int year, struct err *e)
{
    struct pstore *s = PS(b);
    day_t first, last;
    int rc = window(year, &first, &last, e);
    if (rc != HE_OK)
        return rc;
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: write outside a transaction");
    int bulk = 0;
    for (int ti = 0; ti < T__N; ti++)
        bulk |= s->mir[ti] != NULL;
    if (bulk || s->n_pc) {
        if (s->n_pc == s->pc_cap) {
            s->pc_cap = s->pc_cap ? s->pc_cap * 2 : 1024;
            s->pc = xrealloc(s->pc, s->pc_cap * sizeof *s->pc);
        }
        s->pc[s->n_pc++] = (struct pending_complete){episode, year};
        return HE_OK;
    }
    for (int i = 0; i < 6; i++) {
        if (!s->complete[i] && (rc = db_prepare(s->conn, complete_sql[i], &s->complete[i], e)) != HE_OK)
            return rc;
        db_bind_int(s->complete[i], 1, episode);
        if (i == 0) {
            db_bind_int(s->complete[i], 2, year);
            db_bind_int(s->complete[i], 3, first);
            db_bind_int(s->complete[i], 4, last);
        }
        int step = db_step(s->complete[i], e);
        db_reset(s->complete[i]);
        if (step != DB_DONE)
            return prefixed(e, "completing an episode");
    }
    return HE_OK;
}

/* ---- puts ---------------------------------------------------------------------------- */

#define PUT(kind, ti, ...)                                                                 \
    static int pg_put_##kind(struct store *b, int year, const struct kind *r, rec_id *id,  \
                             enum put_outcome *out, struct err *e)                        \
    {                                                                                      \
        const struct val v[] = {__VA_ARGS__};                                             \
        return put(PS(b), ti, year, v, id, out, e);                                        \
    }

static int pg_put_person(struct store *b, int year, const struct person *r, rec_id *id,
                         enum put_outcome *out, struct err *e)
{
    if (!r->la_child_id || !*r->la_child_id)
        return err_set(e, HE_INPUT, "a child has no LAchildID");
    const struct val v[] = {T(r->la_child_id), T(r->upn), T(r->former_upn), T(r->upn_unknown),
                            T(r->nhs_number), T(r->given_name), T(r->family_name), D(r->dob),
                            D(r->expected_dob), D(r->death_date), T(r->sex), T(r->ethnicity),
                            T(r->disabilities), F(r->mother), D(r->mc_dob)};
    return put(PS(b), T_PERSON, year, v, id, out, e);
}

PUT(cin_episode, T_CIN_EPISODE, R(r->person), D(r->referral_date), T(r->referral_source),
    T(r->primary_need), D(r->closure_date), T(r->closure_reason), F(r->referral_nfa), D(r->icpc_date))
PUT(assessment, T_ASSESSMENT, R(r->episode), D(r->start), D(r->internal_review), D(r->authorised),
    T(r->factors))
PUT(cin_plan, T_CIN_PLAN, R(r->episode), D(r->start), D(r->end))
PUT(s47_enquiry, T_S47, R(r->episode), D(r->start), D(r->icpc_target), D(r->icpc_date),
    F(r->icpc_not_required))
PUT(cp_plan, T_CP_PLAN, R(r->episode), D(r->start), D(r->end), T(r->initial_category),
    T(r->latest_category), F(r->previous_plans))
PUT(cp_review, T_CP_REVIEW, R(r->plan), D(r->date))
PUT(la_episode, T_LA_EPISODE, R(r->person), D(r->decom), T(r->rne), T(r->ls), T(r->cin), T(r->place),
    T(r->place_provider), D(r->dec), T(r->rec), T(r->reason_place_change), T(r->home_post),
    T(r->pl_post), T(r->urn))
PUT(la_review, T_LA_REVIEW, R(r->person), D(r->date), T(r->code))
PUT(missing_episode, T_MISSING, R(r->person), D(r->start), D(r->end), T(r->kind))
PUT(care_leaver, T_CARE_LEAVER, R(r->person), I(r->year), T(r->in_touch), T(r->activ), T(r->accom))
PUT(la_outcome, T_LA_OUTCOME, R(r->person), I(r->year), T(r->sdq_score), T(r->sdq_reason),
    F(r->convicted), F(r->health_check), F(r->immunisations), F(r->teeth_check),
    F(r->health_assessment), F(r->substance_misuse), F(r->intervention_received),
    F(r->intervention_offered))
PUT(adoption, T_ADOPTION, R(r->person), D(r->date_int), D(r->date_match), F(r->foster_care),
    F(r->nb_adoptr), T(r->sex_adoptr), T(r->ls_adoptr))
PUT(placed_adoption, T_PLACED_ADOPTION, R(r->person), D(r->date_placed), D(r->date_placed_ceased),
    T(r->reason_placed_ceased))
PUT(prev_perm, T_PREV_PERM, R(r->person), T(r->prev_perm), T(r->la_perm), T(r->date_perm))
PUT(uasc, T_UASC, R(r->person), D(r->duc))
PUT(sw_episode, T_SW_EPISODE, R(r->person), T(r->sw_id), D(r->decom), D(r->dec), T(r->reason))
PUT(dolo, T_DOLO, R(r->person), D(r->start), D(r->end))
PUT(contact, T_CONTACT, R(r->person), D(r->date), (struct val){V_TEXT, 0, r->source ? r->source : ""},
    I(r->seq > 1 ? r->seq : 1), T(r->decision), D(r->decision_date))
PUT(early_help, T_EARLY_HELP, R(r->person), D(r->start), D(r->end), T(r->organisation))

/* ---- transactions -------------------------------------------------------------------- */

static void drop_pending(struct pstore *s)
{
    for (int ti = 0; ti < T__N; ti++) {
        mirror_free(s->mir[ti]);
        s->mir[ti] = NULL;
        s->puts[ti] = 0;
        s->next_check[ti] = BULK_AFTER;
    }
    s->n_dirty = 0;
    s->n_pc = 0;
}

static int pg_begin(struct store *b, struct err *e)
{
    struct pstore *s = PS(b);
    if (s->in_txn)
        return err_set(e, HE_INTERNAL, "store: transaction already open");
    /* read-only: one snapshot for every read until commit or rollback (store.h), as an
     * export needs; no write lock */
    int rc = s->readonly ? run(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e, "reading")
                         : db_begin(s->conn, e);
    if (rc == HE_OK) {
        s->in_txn = 1;
        drop_pending(s);
    }
    return rc;
}

static int scalar(struct pstore *s, const char *sql, long long *out, struct err *e);

static void restore_free(struct pstore *s)
{
    for (size_t i = 0; i < s->n_restore; i++)
        free(s->restore[i]);
    free(s->restore);
    s->restore = NULL;
    s->n_restore = 0;
}

/* The record tables (every one of them points at person, directly or through a parent,
 * so they are all empty when person is) and the episodes' returns, as a regclass[]. */
static void record_tables(struct buf *b)
{
    buf_adds(b, "ARRAY['cin_episode_return'");
    for (int ti = 0; ti < T__N; ti++)
        buf_printf(b, ", '%s'", tdefs[ti].table);
    buf_adds(b, "]::regclass[]");
}

/* A load into an empty authority (a first import, `hearth demo`): the record tables'
 * foreign keys and secondary indexes are dropped, in this transaction, and put back from
 * their own definitions just before COMMIT, where each index is built in one sorted pass
 * and each key checked by one join, rather than row by row (a key's check locks its
 * parent row, a write of its own). The unique keys stay: puts look rows up by them. So
 * does a key that acts when a row of a table store_complete_episode deletes from goes (a
 * withdrawn plan takes its reviews with it: ON DELETE CASCADE); any other key only
 * checks, and a row that breaks it fails the commit. A
 * rollback gives everything back, as DDL is transactional in PostgreSQL. Until COMMIT the
 * tables are locked against readers too; they were empty. */
static int pg_begin_load(struct store *b, struct err *e)
{
    struct pstore *s = PS(b);
    int rc = pg_begin(b, e);
    if (rc != HE_OK || s->readonly)
        return rc;
    long long empty = 0;
    if ((rc = scalar(s, "SELECT CASE WHEN EXISTS (SELECT 1 FROM person) THEN 0 ELSE 1 END", &empty, e)) != HE_OK ||
        !empty)
        return rc;
    struct buf sql = BUF_INIT, tables = BUF_INIT;
    record_tables(&tables);
    buf_printf(&sql,
               "SELECT 1, format('DROP INDEX %%I', i.relname), pg_get_indexdef(x.indexrelid)"
               " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
               " WHERE x.indrelid = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary"
               " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
               " UNION ALL"
               " SELECT 2, format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),"
               " format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::regclass, c.conname,"
               " pg_get_constraintdef(c.oid))"
               " FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(%s)"
               " AND NOT (c.confdeltype NOT IN ('a', 'r') AND c.confrelid = ANY(ARRAY['assessment',"
               " 'cin_plan', 's47_enquiry', 'cp_plan', 'cp_review']::regclass[]))"
               " ORDER BY 1, 2",
               buf_str(&tables), buf_str(&tables));
    PGresult *r = PQexec(s->pg, buf_str(&sql));
    buf_free(&tables);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        buf_free(&sql);
        return sql_err(s, r, e, "preparing the load");
    }
    buf_reset(&sql);
    int n = PQntuples(r);
    s->restore = xcalloc(n ? (size_t)n : 1, sizeof *s->restore);
    for (int i = 0; i < n; i++) {
        buf_printf(&sql, "%s;", PQgetvalue(r, i, 1));
        s->restore[s->n_restore++] = xstrdup(PQgetvalue(r, i, 2));
    }
    PQclear(r);
    if (n && (rc = run(s, buf_str(&sql), e, "preparing the load")) != HE_OK)
        restore_free(s);
    buf_free(&sql);
    /* every table straight to the bulk path: they are empty, so reading one costs nothing */
    for (int ti = 0; ti < T__N && rc == HE_OK; ti++)
        s->next_check[ti] = 1;
    return rc;
}

static int pg_commit(struct store *b, struct err *e)
{
    struct pstore *s = PS(b);
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: commit without a transaction");
    int rc = flush(s, e);
    /* what pg_begin_load dropped: indexes first, then the keys (each checked once) */
    for (size_t i = 0; i < s->n_restore && rc == HE_OK; i++)
        rc = run(s, s->restore[i], e, "finishing the load");
    if (rc == HE_OK)
        rc = db_commit(s->conn, e);
    if (rc == HE_OK) {
        s->in_txn = 0;
        drop_pending(s);
        restore_free(s);
    }
    return rc;
}

static int pg_rollback(struct store *b, struct err *e)
{
    struct pstore *s = PS(b);
    if (!s->in_txn)
        return HE_OK;
    s->in_txn = 0;
    drop_pending(s);
    restore_free(s);
    return db_rollback(s->conn, e);
}

/* Reads outside a write transaction see one snapshot for all their statements. */
static int read_begin(struct pstore *s, int *opened, struct err *e)
{
    *opened = 0;
    if (s->in_txn)
        return flush(s, e);
    if (PQtransactionStatus(s->pg) != PQTRANS_IDLE)
        return HE_OK;
    int rc = run(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e, "reading");
    *opened = rc == HE_OK;
    return rc;
}

static int read_end(struct pstore *s, int opened, int rc, struct err *e)
{
    if (opened) {
        struct err ignored;
        run(s, rc == HE_OK ? "COMMIT" : "ROLLBACK", rc == HE_OK ? e : &ignored, "reading");
    }
    return rc;
}

/* ---- settings, look-ups, counts -------------------------------------------------------- */

static int one_shot(struct pstore *s, const char *sql, const char *a, const char *b2,
                    char **text, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(s->conn, sql, &st, e), step;
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, a);
    if (b2)
        db_bind_text(st, 2, b2);
    while ((step = db_step(st, e)) == DB_ROW)
        if (text && !*text && !db_is_null(st, 0))
            *text = xstrdup(db_text(st, 0));
    db_finalize(st);
    return step == DB_DONE ? HE_OK : step;
}

static int pg_set_setting(struct store *b, const char *key, const char *value, struct err *e)
{
    struct pstore *s = PS(b);
    int rc = s->in_txn ? flush(s, e) : HE_OK;
    if (rc != HE_OK)
        return rc;
    return one_shot(s, "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value, NULL, e);
}

static int pg_get_setting(struct store *b, const char *key, char **value, struct err *e)
{
    *value = NULL;
    return one_shot(PS(b), "SELECT value FROM setting WHERE key = ?1", key, NULL, value, e);
}

static int pg_find_person(struct store *b, const char *la_child_id, rec_id *id, struct err *e)
{
    struct pstore *s = PS(b);
    int rc, step;
    *id = 0;
    if (s->in_txn && (rc = flush(s, e)) != HE_OK)
        return rc;
    if (!s->find_person &&
        (rc = db_prepare(s->conn, "SELECT id FROM person WHERE la_child_id = ?", &s->find_person, e)) != HE_OK)
        return rc;
    db_bind_text(s->find_person, 1, la_child_id);
    step = db_step(s->find_person, e);
    if (step == DB_ROW)
        *id = db_int(s->find_person, 0);
    db_reset(s->find_person);
    return step == DB_ROW || step == DB_DONE ? HE_OK : step;
}

static int pg_counts(struct store *b, struct store_count *out, int n, int *filled, struct err *e)
{
    struct pstore *s = PS(b);
    struct buf sql = BUF_INIT;
    int opened, rc = read_begin(s, &opened, e);
    *filled = 0;
    if (rc != HE_OK)
        return rc;
    for (int i = 0; i < T__N; i++)
        buf_printf(&sql, "%s(SELECT count(*) FROM %s)", i ? ", " : "SELECT ", tdefs[i].table);
    PGresult *r = PQexec(s->pg, buf_str(&sql));
    buf_free(&sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        rc = sql_err(s, r, e, "counting records");
        return read_end(s, opened, rc, e);
    }
    int k = 0;
    for (int i = 0; i < T__N && k < n; i++, k++) {
        out[k].kind = tdefs[i].table;
        out[k].rows = atoll(PQgetvalue(r, 0, i));
    }
    PQclear(r);
    *filled = k;
    return read_end(s, opened, HE_OK, e);
}

/* ---- facts: every query of a load in one pipeline, results in binary -------------------- */

/* Binary results: every facts column is bigint or text (a length tells them apart all the
 * same, so a column that became integer would still read right). */
static int64_t gi(const PGresult *r, int i, int c)
{
    if (PQgetisnull(r, i, c))
        return 0;
    const unsigned char *p = (const unsigned char *)PQgetvalue(r, i, c);
    int len = PQgetlength(r, i, c);
    uint64_t v = len > 0 && (p[0] & 0x80) ? ~(uint64_t)0 : 0; /* the sign */
    for (int k = 0; k < len && k < 8; k++)
        v = v << 8 | p[k];
    return (int64_t)v;
}
static day_t gday(const PGresult *r, int i, int c) { return PQgetisnull(r, i, c) ? DAY_NONE : (day_t)gi(r, i, c); }
/* libpq ends every value, binary ones too, with a NUL */
static const char *gtext(const PGresult *r, int i, int c) { return PQgetisnull(r, i, c) ? "" : PQgetvalue(r, i, c); }
static void gcode(char dst[4], const PGresult *r, int i, int c) { snprintf(dst, 4, "%s", gtext(r, i, c)); }

#define GROW(arr, n, cap)                                              \
    do {                                                               \
        if ((n) == (cap)) {                                            \
            (cap) = (cap) ? (cap) * 2 : 1024;                          \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));            \
        }                                                              \
    } while (0)

/* A protection plan's id, child and start, from the plans' query, so that its reviews need
 * not join the episodes of need again to find the child */
struct plan_of {
    int64_t id, child;
    day_t start;
};

struct fill {
    struct facts *f;
    size_t cap;
    struct plan_of *plans; /* by id */
    size_t n_plans, plans_cap;
};

/* One query of a load: ?1 = a, ?2 = b, ?3 = x (all bigint); row() takes each row, then
 * done() (if any) runs once all the rows are in. */
struct fq {
    const char *sql;
    int64_t a, b, x;
    void (*row)(const PGresult *, int, void *);
    void (*done)(void *);
};

/* Run the queries in one pipeline: all are sent at once, so the server works on the next
 * while the rows of one are read here, and there is one round trip. Each result comes whole
 * and in binary: a result a row (single-row mode) cost the client more than the rows
 * themselves, and the largest result, two years' referrals, is a few MB at a 300,000-child
 * authority. */
static int run_queries(struct pstore *s, const struct fq *q, int n, struct fill *c, struct err *e)
{
    static const Oid int8[3] = {20, 20, 20}; /* a statement may leave any of them unused */
    if (PQenterPipelineMode(s->pg) != 1)
        return db_pg_fail(s->conn, NULL, e, "loading facts");
    int rc = HE_OK, sent = 0;
    for (; sent < n; sent++) {
        int np;
        char *pg = db_pg_rewrite(q[sent].sql, &np), a[3][24];
        const char *params[3] = {a[0], a[1], a[2]};
        (void)np;
        snprintf(a[0], sizeof a[0], "%lld", (long long)q[sent].a);
        snprintf(a[1], sizeof a[1], "%lld", (long long)q[sent].b);
        snprintf(a[2], sizeof a[2], "%lld", (long long)q[sent].x);
        int ok = PQsendQueryParams(s->pg, pg, 3, int8, params, NULL, NULL, 1);
        free(pg);
        if (!ok) {
            rc = db_pg_fail(s->conn, NULL, e, "loading facts");
            break;
        }
    }
    if (PQpipelineSync(s->pg) != 1 && rc == HE_OK)
        rc = db_pg_fail(s->conn, NULL, e, "loading facts");
    /* each query's result, then the NULL that ends it; then the sync's */
    for (int i = 0; i < sent; i++) {
        PGresult *r = PQgetResult(s->pg);
        if (!r) { /* the connection failed */
            if (rc == HE_OK)
                rc = db_pg_fail(s->conn, NULL, e, "loading facts");
            break;
        }
        ExecStatusType x = PQresultStatus(r);
        if (x == PGRES_TUPLES_OK && rc == HE_OK) {
            c->cap = 0;
            for (int k = 0, nt = PQntuples(r); k < nt; k++)
                q[i].row(r, k, c);
            if (q[i].done)
                q[i].done(c);
        } else if (x != PGRES_TUPLES_OK && x != PGRES_PIPELINE_ABORTED && rc == HE_OK) {
            rc = db_pg_fail(s->conn, r, e, "loading facts");
        }
        PQclear(r);
        PQclear(PQgetResult(s->pg));
    }
    PGresult *r;
    while ((r = PQgetResult(s->pg))) { /* PGRES_PIPELINE_SYNC */
        ExecStatusType x = PQresultStatus(r);
        PQclear(r);
        if (x == PGRES_PIPELINE_SYNC)
            break;
    }
    PQexitPipelineMode(s->pg);
    return rc;
}

static void row_count(const PGresult *r, int i, void *ctx) { ((struct fill *)ctx)->f->contacts = gi(r, i, 0); }

static void row_referral(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->referrals, f->n_referrals, c->cap);
    struct fact_referral *x = &f->referrals[f->n_referrals++];
    x->child = gi(r, i, 0);
    x->date = gday(r, i, 1);
    x->nfa = PQgetisnull(r, i, 2) ? -1 : (int8_t)gi(r, i, 2);
    x->not_in_need = gday(r, i, 3);
}

static void row_assessment(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->assessments, f->n_assessments, c->cap);
    f->assessments[f->n_assessments].start = gday(r, i, 0);
    f->assessments[f->n_assessments++].authorised = gday(r, i, 1);
}

static void row_s47(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->s47, f->n_s47, c->cap);
    f->s47[f->n_s47].start = gday(r, i, 0);
    f->s47[f->n_s47++].icpc_date = gday(r, i, 1);
}

static void row_cp(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cp_plans, f->n_cp_plans, c->cap);
    struct fact_cp_plan *p = &f->cp_plans[f->n_cp_plans++];
    p->child = gi(r, i, 0);
    p->start = gday(r, i, 1);
    p->end = gday(r, i, 2);
    gcode(p->latest_category, r, i, 3);
    p->previous_plans = (int16_t)gi(r, i, 4);
    gcode(p->initial_category, r, i, 5);
    p->returns_from = gday(r, i, 6);
    GROW(c->plans, c->n_plans, c->plans_cap);
    c->plans[c->n_plans++] = (struct plan_of){gi(r, i, 7), p->child, p->start};
}

static uint64_t plan_key(const void *p) { return (uint64_t)((const struct plan_of *)p)->id; }

static void done_cp(void *ctx)
{
    struct fill *c = ctx;
    radix_sort(c->plans, c->n_plans, sizeof *c->plans, plan_key);
    facts_order_cp_plans(c->f);
}

static void done_referrals(void *ctx) { facts_order_referrals(((struct fill *)ctx)->f); }

/* children in need and child protection */
static void row_cin_disabled(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cin_open_disabled, f->n_cin_open_disabled, c->cap);
    f->cin_open_disabled[f->n_cin_open_disabled++] = gi(r, i, 0);
}

static void done_cin_disabled(void *ctx)
{
    struct facts *f = ((struct fill *)ctx)->f;
    f->n_cin_open_disabled = store_ids_within(f->cin_open_disabled, f->n_cin_open_disabled,
                                              f->cin_open_children, f->n_cin_open);
}

/* a review of a plan the plans' query read (by plan id); a plan it did not read started
 * after the period, and its reviews are not asked for */
static void row_cp_review(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    int64_t plan = gi(r, i, 0);
    size_t lo;
    LOWER_BOUND(lo, c->plans, c->n_plans, id, plan);
    if (lo == c->n_plans || c->plans[lo].id != plan)
        return;
    GROW(f->cp_reviews, f->n_cp_reviews, c->cap);
    struct fact_cp_review *x = &f->cp_reviews[f->n_cp_reviews++];
    x->child = c->plans[lo].child;
    x->plan_start = c->plans[lo].start;
    x->date = gday(r, i, 1);
}

static int review_cmp(const void *a, const void *b)
{
    const struct fact_cp_review *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    if (x->plan_start != y->plan_start)
        return x->plan_start < y->plan_start ? -1 : 1;
    return (x->date > y->date) - (x->date < y->date);
}

static void done_cp_review(void *ctx)
{
    struct facts *f = ((struct fill *)ctx)->f;
    if (f->n_cp_reviews > 1)
        qsort(f->cp_reviews, f->n_cp_reviews, sizeof *f->cp_reviews, review_cmp);
}

static void row_id(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cin_open_children, f->n_cin_open, c->cap);
    f->cin_open_children[f->n_cin_open++] = gi(r, i, 0);
}

static void done_ids(void *ctx)
{
    struct facts *f = ((struct fill *)ctx)->f;
    f->n_cin_open = facts_unique_ids(f->cin_open_children, f->n_cin_open);
}

static void row_la(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->la_episodes, f->n_la_episodes, c->cap);
    struct fact_la_episode *l = &f->la_episodes[f->n_la_episodes++];
    l->child = gi(r, i, 0);
    l->decom = gday(r, i, 1);
    l->dec = gday(r, i, 2);
    l->dob = gday(r, i, 3);
    gcode(l->place, r, i, 4);
    gcode(l->place_provider, r, i, 5);
    gcode(l->rec, r, i, 6);
    snprintf(l->rne, sizeof l->rne, "%s", gtext(r, i, 7));
    gcode(l->ls, r, i, 8);
    l->in_area = l->far = -1; /* store_facts_place fills them */
}

static void done_la(void *ctx) { facts_order_la_episodes(((struct fill *)ctx)->f); }

static void row_missing(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->missing, f->n_missing, c->cap);
    struct fact_missing *m = &f->missing[f->n_missing++];
    const char *k = gtext(r, i, 2);
    m->child = gi(r, i, 0);
    m->start = gday(r, i, 1);
    m->kind = *k ? k[0] : '?';
}

static void row_oc3(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->oc3_accom, f->n_oc3, c->cap);
    gcode(f->oc3_accom[f->n_oc3++], r, i, 0);
}

static void row_care_leaver(const PGresult *r, int i, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->care_leavers, f->n_care_leavers, c->cap);
    struct fact_care_leaver *l = &f->care_leavers[f->n_care_leavers++];
    l->dob = gday(r, i, 0);
    snprintf(l->in_touch, sizeof l->in_touch, "%s", gtext(r, i, 1));
    snprintf(l->activ, sizeof l->activ, "%s", gtext(r, i, 2));
    snprintf(l->accom, sizeof l->accom, "%s", gtext(r, i, 3));
}

static int pg_load_facts(struct store *b, day_t from, day_t to, struct facts *f, struct err *e)
{
    struct pstore *s = PS(b);
    struct fill c = {f, 0, NULL, 0, 0};
    int rc, y, m, d, opened;
    memset(f, 0, sizeof *f);
    f->from = from;
    f->to = to;
    date_to_ymd(to, &y, &m, &d);
    day_t ref_from = date_add_months(from, -12);
    if ((rc = read_begin(s, &opened, e)) != HE_OK)
        return rc;
    /* in this order: the disabled children are kept where one of the children in need, and
     * the reviews take their plans' children from the plans */
    const struct fq q[] = {
        {"SELECT count(*) FROM contact WHERE date BETWEEN ?1 AND ?2", from, to, 0, row_count, NULL},
        {REFERRAL_FACTS_SQL, ref_from, to, from, row_referral, done_referrals},
        {"SELECT start, authorised FROM assessment WHERE authorised BETWEEN ?1 AND ?2",
         from, to, 0, row_assessment, NULL},
        {"SELECT start, icpc_date FROM s47_enquiry WHERE start BETWEEN ?1 AND ?2"
         " UNION ALL SELECT start, icpc_date FROM s47_enquiry"
         " WHERE icpc_date BETWEEN ?1 AND ?2 AND NOT start BETWEEN ?1 AND ?2",
         from, to, 0, row_s47, NULL},
        /* each plan's child looked up by its episode's id, in episode order so that the
         * look-ups walk cin_episode forwards: a join read every episode of need into a hash
         * (60,000 at 300,000 children for 7,000 plans) and took half as long again; sorted
         * by child and start here */
        {"SELECT (SELECT person_id FROM cin_episode WHERE id = p.episode_id), p.start, p.end_date,"
         " p.latest_category, coalesce(p.previous_plans, -1), p.initial_category,"
         " CASE WHEN p.end_date IS NULL OR p.end_date >= ?1::bigint THEN"
         " (SELECT min(first_day) FROM cin_episode_return WHERE episode_id = p.episode_id) END,"
         " p.id FROM cp_plan p WHERE p.start <= ?2::bigint ORDER BY p.episode_id, p.start",
         from, to, 0, row_cp, done_cp},
        {"SELECT person_id FROM cin_episode WHERE closure_date IS NULL"
         " AND referral_date <= ?2::bigint UNION ALL SELECT person_id FROM cin_episode"
         " WHERE closure_date > ?2::bigint AND referral_date <= ?2::bigint",
         from, to, 0, row_id, done_ids},
        /* children in need and child protection: every child with a disability, from its
         * partial index in id order, kept where one of the children in need at `to` */
        {"SELECT id FROM person WHERE disabilities <> '' AND disabilities <> 'NONE' ORDER BY id",
         from, to, 0, row_cin_disabled, done_cin_disabled},
        /* the plans' children and starts come from the plans' rows above: no join with
         * every episode of need */
        {"SELECT r.plan_id, r.date FROM cp_review r JOIN cp_plan p ON p.id = r.plan_id"
         " WHERE p.start <= ?2::bigint AND (p.end_date IS NULL OR p.end_date >= ?1::bigint)"
         " AND r.date <= ?2::bigint",
         from, to, 0, row_cp_review, done_cp_review},
        /* from the covering index on dec (open, or ended on or after facts_la_since); the
         * birth date only where facts.h promises it; sorted by child and DECOM here */
        {"SELECT l.person_id, l.decom, l.dec, (SELECT dob FROM person WHERE id = l.person_id),"
         " l.place, l.place_provider, l.rec, l.rne, l.ls FROM la_episode l"
         " WHERE l.dec IS NULL AND l.decom <= ?2::bigint"
         " UNION ALL SELECT l.person_id, l.decom, l.dec,"
         " CASE WHEN l.dec >= ?1::bigint THEN (SELECT dob FROM person WHERE id = l.person_id) END,"
         " l.place, l.place_provider, l.rec, l.rne, l.ls FROM la_episode l"
         " WHERE l.dec >= ?3::bigint AND l.decom <= ?2::bigint",
         from, to, facts_la_since(from), row_la, done_la},
        {"SELECT person_id, start, kind FROM missing_episode WHERE start BETWEEN ?1 AND ?2",
         from, to, 0, row_missing, NULL},
        /* the care leavers' only at a year's end */
        {"SELECT accom FROM care_leaver WHERE year = ?3", from, to, y, row_oc3, NULL},
        {"SELECT (SELECT dob FROM person WHERE id = person_id), in_touch, activ, accom"
         " FROM care_leaver WHERE year = ?3 ORDER BY person_id", from, to, y, row_care_leaver, NULL},
    };
    int n = (int)(sizeof q / sizeof q[0]);
    rc = run_queries(s, q, m == 3 && d == 31 ? n : n - 2, &c, e);
    free(c.plans);
    if (rc != HE_OK)
        facts_free(f);
    return read_end(s, opened, rc, e);
}

/* ---- children's whole records -------------------------------------------------------- */

/* Many children at once: each table is read once for the whole batch (person_id =
 * ANY of the batch's ids, ordered by person then as store.h orders each array), and its
 * rows are dealt out to the children in C by walking the batch's ids in the same order.
 * A batch of 256 children costs 19 statements where one child at a time cost 19 each. */

struct reader {
    struct db_stmt *st;
    struct arena *mem;
};

/* Column 0 of every child statement is the owning person, column 1 the row's id; the
 * fill functions number the struct's fields from 1, so they read one column further on. */
enum { COL0 = 1 };
static const char *rd_text(struct reader *r, int i) { return arena_strdup(r->mem, db_text(r->st, i + COL0)); }
static day_t rd_day(struct reader *r, int i) { return db_is_null(r->st, i + COL0) ? DAY_NONE : (day_t)db_int(r->st, i + COL0); }
static int rd_flag(struct reader *r, int i) { return db_is_null(r->st, i + COL0) ? -1 : (int)db_int(r->st, i + COL0); }
static rec_id rd_id(struct reader *r, int i) { return db_int(r->st, i + COL0); }

#define IN_BATCH " = ANY(?1::bigint[])"
#define OWN_PERSON " WHERE person_id" IN_BATCH
/* parts of an episode: the person is the episode's */
#define OWN_EPISODE(t) " FROM " t " AS x JOIN cin_episode AS ep ON ep.id = x.episode_id WHERE ep.person_id" IN_BATCH

#include "store_fill.h"

/* The batch: its ids sorted, each with its place in the caller's array (an id asked for
 * twice gets two places), and the ids as a PostgreSQL array literal for ?1. */
struct batch {
    struct { rec_id id; size_t at; } *by_id;
    size_t n;
    struct child_file *out;
    size_t *cap; /* per place: capacity of the array being filled */
    const char *ids;
};

static uint64_t batch_key(const void *p) { return (uint64_t)*(const rec_id *)p; }

/* One child array of the batch, addressed by offsets into struct child_file. */
struct child_array {
    size_t arr, ids, n, size;
    void (*fill)(struct reader *, void *);
};
#define CHILD_ARRAY(field, type)                                                            \
    {offsetof(struct child_file, field), offsetof(struct child_file, field##_id),             \
     offsetof(struct child_file, n_##field), sizeof(struct type),                            \
     (void (*)(struct reader *, void *))fill_##type}

/* Read every row of statement st (run already, ?1 = the batch's ids; column 0 the
 * person, rows in person order) into the children's arrays. */
static int read_rows(struct db_stmt *st, struct batch *b, const struct child_array *a,
                     struct err *e)
{
    int step;
    memset(b->cap, 0, b->n * sizeof *b->cap);
    size_t at = 0; /* rows come in person order: walk the sorted ids alongside */
    while ((step = db_step(st, e)) == DB_ROW) {
        rec_id person = db_int(st, 0);
        while (at < b->n && b->by_id[at].id < person)
            at++;
        for (size_t j = at; j < b->n && b->by_id[j].id == person; j++) {
            size_t place = b->by_id[j].at;
            struct child_file *c = &b->out[place];
            void **arr = (void **)((char *)c + a->arr);
            rec_id **ids = (rec_id **)((char *)c + a->ids);
            size_t *n = (size_t *)((char *)c + a->n);
            if (*n == b->cap[place]) {
                size_t ncap = *n ? *n * 2 : 4;
                void *na = arena_alloc(&c->mem, ncap * a->size);
                rec_id *ni = arena_alloc(&c->mem, ncap * sizeof *ni);
                if (*n) {
                    memcpy(na, *arr, *n * a->size);
                    memcpy(ni, *ids, *n * sizeof *ni);
                }
                *arr = na;
                *ids = ni;
                b->cap[place] = ncap;
            }
            struct reader r = {st, &c->mem};
            (*ids)[*n] = db_int(st, 1);
            a->fill(&r, (char *)*arr + *n * a->size);
            (*n)++;
        }
    }
    db_reset(st);
    return step == DB_DONE ? HE_OK : step;
}

static const struct {
    const char *sql;
    struct child_array a;
} child_reads[] = {
    {"SELECT person_id, id, person_id, referral_date, referral_source, primary_need, closure_date,"
     " closure_reason, referral_nfa, icpc_date FROM cin_episode" OWN_PERSON
     " ORDER BY person_id, referral_date", CHILD_ARRAY(episodes, cin_episode)},
    {"SELECT ep.person_id, x.id, x.episode_id, x.start, x.internal_review, x.authorised, x.factors"
     OWN_EPISODE("assessment") " ORDER BY ep.person_id, x.episode_id, x.start",
     CHILD_ARRAY(assessments, assessment)},
    {"SELECT ep.person_id, x.id, x.episode_id, x.start, x.end_date" OWN_EPISODE("cin_plan")
     " ORDER BY ep.person_id, x.episode_id, x.start", CHILD_ARRAY(cin_plans, cin_plan)},
    {"SELECT ep.person_id, x.id, x.episode_id, x.start, x.icpc_target, x.icpc_date, x.icpc_not_required"
     OWN_EPISODE("s47_enquiry") " ORDER BY ep.person_id, x.episode_id, x.start",
     CHILD_ARRAY(s47s, s47_enquiry)},
    {"SELECT ep.person_id, x.id, x.episode_id, x.start, x.end_date, x.initial_category,"
     " x.latest_category, x.previous_plans" OWN_EPISODE("cp_plan")
     " ORDER BY ep.person_id, x.episode_id, x.start", CHILD_ARRAY(cp_plans, cp_plan)},
    {"SELECT ep.person_id, r.id, r.plan_id, r.date FROM cp_review AS r JOIN cp_plan AS x"
     " ON x.id = r.plan_id JOIN cin_episode AS ep ON ep.id = x.episode_id WHERE ep.person_id" IN_BATCH
     " ORDER BY ep.person_id, r.plan_id, r.date", CHILD_ARRAY(cp_reviews, cp_review)},
    {"SELECT person_id, id, person_id, decom, rne, ls, cin, place, place_provider, dec, rec,"
     " reason_place_change, home_post, pl_post, urn FROM la_episode" OWN_PERSON
     " ORDER BY person_id, decom", CHILD_ARRAY(la_episodes, la_episode)},
    {"SELECT person_id, id, person_id, date, code FROM la_review" OWN_PERSON
     " ORDER BY person_id, date", CHILD_ARRAY(la_reviews, la_review)},
    {"SELECT person_id, id, person_id, start, end_date, kind FROM missing_episode" OWN_PERSON
     " ORDER BY person_id, start", CHILD_ARRAY(missing, missing_episode)},
    {"SELECT person_id, id, person_id, year, in_touch, activ, accom FROM care_leaver" OWN_PERSON
     " ORDER BY person_id, year", CHILD_ARRAY(care_leavers, care_leaver)},
    {"SELECT person_id, id, person_id, year, sdq_score, sdq_reason, convicted, health_check,"
     " immunisations, teeth_check, health_assessment, substance_misuse, intervention_received,"
     " intervention_offered FROM la_outcome" OWN_PERSON " ORDER BY person_id, year",
     CHILD_ARRAY(la_outcomes, la_outcome)},
    {"SELECT person_id, id, person_id, date_int, date_match, foster_care, nb_adoptr, sex_adoptr,"
     " ls_adoptr FROM adoption" OWN_PERSON " ORDER BY person_id, date_int", CHILD_ARRAY(adoptions, adoption)},
    {"SELECT person_id, id, person_id, date_placed, date_placed_ceased, reason_placed_ceased"
     " FROM placed_adoption" OWN_PERSON " ORDER BY person_id, date_placed",
     CHILD_ARRAY(placed_adoptions, placed_adoption)},
    {"SELECT person_id, id, person_id, prev_perm, la_perm, date_perm FROM prev_perm" OWN_PERSON
     " ORDER BY person_id", CHILD_ARRAY(prev_perms, prev_perm)},
    {"SELECT person_id, id, person_id, duc FROM uasc" OWN_PERSON " ORDER BY person_id",
     CHILD_ARRAY(uascs, uasc)},
    /* COLLATE "C": text sorts byte by byte, as in SQLite, whatever the server's locale */
    {"SELECT person_id, id, person_id, sw_id, decom, dec, reason FROM sw_episode" OWN_PERSON
     " ORDER BY person_id, decom, sw_id COLLATE \"C\"", CHILD_ARRAY(sw_episodes, sw_episode)},
    {"SELECT person_id, id, person_id, start, end_date FROM dolo" OWN_PERSON " ORDER BY person_id, start",
     CHILD_ARRAY(dolos, dolo)},
    {"SELECT person_id, id, person_id, date, source, decision, decision_date, seq FROM contact" OWN_PERSON
     " ORDER BY person_id, date, source COLLATE \"C\", seq", CHILD_ARRAY(contacts, contact)},
    {"SELECT person_id, id, person_id, start, end_date, organisation FROM early_help" OWN_PERSON
     " ORDER BY person_id, start", CHILD_ARRAY(early_helps, early_help)},
};
#undef CHILD_ARRAY

/* the person and each array of child_reads: a statement each */
_Static_assert(1 + sizeof child_reads / sizeof *child_reads == PG_CHILD_STMTS,
               "PG_CHILD_STMTS must count the person and every child_reads entry");

static int pg_load_children(struct store *b_, const rec_id *ids, size_t n, enum store_load what,
                            struct child_file *out, struct err *e)
{
    struct pstore *s = PS(b_);
    int rc, step, opened;
    if (!n)
        return HE_OK;
    struct batch b = {xmalloc(n * sizeof *b.by_id), n, out, xcalloc(n, sizeof *b.cap), NULL};
    struct buf lit = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].id = ids[i];
        b.by_id[i].id = ids[i];
        b.by_id[i].at = i;
        buf_printf(&lit, "%s%lld", i ? "," : "{", (long long)ids[i]);
    }
    buf_addc(&lit, '}');
    b.ids = buf_str(&lit);
    radix_sort(b.by_id, n, sizeof *b.by_id, batch_key);
    size_t found = 0, at = 0;
    /* every statement goes in one round trip (db_pg_run_all), in one snapshot */
    const size_t n_reads = sizeof child_reads / sizeof *child_reads;
    int n_run = what == STORE_LOAD_ALL ? 1 + (int)n_reads : 1;
    /* One child (a page) has statements of its own, `= ?1` where a batch has `= ANY(?1)`:
     * PostgreSQL plans an array parameter afresh on every run (a custom plan looks cheaper
     * than the generic one), which cost a child's page more CPU than running the
     * statements; a plain id gets the generic plan, made once per connection. */
    struct db_stmt **slot = n == 1 ? s->child1 : s->child;
    if ((rc = read_begin(s, &opened, e)) != HE_OK)
        goto done;
    for (int k = 0; k < n_run; k++) {
        if (slot[k])
            continue;
        const char *sql = k ? child_reads[k - 1].sql
                            : "SELECT id, la_child_id, upn, former_upn, upn_unknown, nhs_number,"
                              " given_name, family_name, dob, expected_dob, death_date, sex, ethnicity,"
                              " disabilities, mother, mc_dob FROM person WHERE id" IN_BATCH " ORDER BY id";
        struct buf one = BUF_INIT;
        if (n == 1) { /* the batch's text with its array parameter made a plain one */
            const char *at_in = strstr(sql, IN_BATCH);
            buf_add(&one, sql, (size_t)(at_in - sql));
            buf_adds(&one, " = ?1::bigint");
            buf_adds(&one, at_in + strlen(IN_BATCH));
            sql = buf_str(&one);
        }
        rc = db_prepare(s->conn, sql, &slot[k], e);
        buf_free(&one);
        if (rc != HE_OK)
            goto fail;
    }
    char one_id[24];
    snprintf(one_id, sizeof one_id, "%lld", (long long)ids[0]);
    for (int k = 0; k < n_run; k++)
        db_bind_text(slot[k], 1, n == 1 ? one_id : b.ids);
    if ((rc = db_pg_run_all(s->conn, slot, n_run, e)) != HE_OK)
        goto fail;
    struct db_stmt *st = slot[0];
    while ((step = db_step(st, e)) == DB_ROW) {
        rec_id person = db_int(st, 0);
        while (at < n && b.by_id[at].id < person)
            at++;
        for (size_t j = at; j < n && b.by_id[j].id == person; j++, found++) {
            struct child_file *c = &out[b.by_id[j].at];
            /* the person statement has no owner column: its fields start at column 1 */
            struct reader r = {st, &c->mem};
            fill_person(&r, &c->person);
        }
    }
    db_reset(st);
    if (step != DB_DONE) {
        rc = step;
        goto fail;
    }
    if (found < n) {
        for (size_t i = 0; i < n; i++)
            if (!out[i].person.la_child_id) {
                rc = err_set(e, HE_INPUT, "no child with id %lld", (long long)ids[i]);
                break;
            }
        goto fail;
    }
    for (int k = 1; k < n_run; k++)
        if ((rc = read_rows(slot[k], &b, &child_reads[k - 1].a, e)) != HE_OK)
            goto fail;
    rc = read_end(s, opened, HE_OK, e);
    goto done;
fail:
    read_end(s, opened, rc, e);
    for (int k = 0; k < n_run; k++) /* rows not read: let go of them now */
        if (slot[k])
            db_reset(slot[k]);
done:
    if (rc != HE_OK)
        for (size_t i = 0; i < n; i++)
            child_file_free(&out[i]);
    free(b.by_id);
    free(b.cap);
    buf_free(&lit);
    return rc;
}

static int pg_load_child(struct store *b, rec_id person, struct child_file *c, struct err *e)
{
    return pg_load_children(b, &person, 1, STORE_LOAD_ALL, c, e);
}

static int pg_cohort(struct store *b, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                     size_t *n, struct err *e)
{
    struct pstore *s = PS(b);
#define CIN_OPEN                                                                             \
    "SELECT person_id FROM cin_episode WHERE referral_date <= ?2::bigint"                      \
    " AND (closure_date IS NULL OR closure_date >= ?1::bigint)"
#define LA_OPEN                                                                              \
    "SELECT person_id FROM la_episode WHERE decom <= ?2::bigint AND (dec IS NULL OR dec >= ?1::bigint)" \
    " UNION ALL SELECT person_id FROM care_leaver WHERE year = ?3::bigint"                     \
    " UNION ALL SELECT person_id FROM la_outcome WHERE year = ?3::bigint"                      \
    " UNION ALL SELECT person_id FROM adoption WHERE date_int BETWEEN ?1 AND ?2"
    /* the same cohorts as store_sqlite.c's */
    static const char *const sql[] = {
        [COHORT_CIN] = CIN_OPEN,
        [COHORT_LA] = LA_OPEN,
        [COHORT_ANY] = CIN_OPEN " UNION ALL " LA_OPEN
        " UNION ALL SELECT person_id FROM contact WHERE date BETWEEN ?1 AND ?2"
        " UNION ALL SELECT person_id FROM early_help WHERE start <= ?2::bigint"
        " AND (end_date IS NULL OR end_date >= ?1::bigint)"
        " UNION ALL SELECT person_id FROM placed_adoption WHERE date_placed <= ?2::bigint"
        " AND (date_placed_ceased IS NULL OR date_placed_ceased >= ?1::bigint)",
    };
#undef CIN_OPEN
#undef LA_OPEN
    struct facts tmp;
    struct fill c = {&tmp, 0, NULL, 0, 0};
    int opened, rc;
    memset(&tmp, 0, sizeof tmp);
    *ids = NULL;
    *n = 0;
    if ((rc = read_begin(s, &opened, e)) != HE_OK)
        return rc;
    const struct fq q = {sql[which], from, to, date_year_to_march(to), row_id, NULL};
    rc = run_queries(s, &q, 1, &c, e);
    if (rc != HE_OK) {
        free(tmp.cin_open_children);
        return read_end(s, opened, rc, e);
    }
    *n = facts_unique_ids(tmp.cin_open_children, tmp.n_cin_open);
    *ids = tmp.cin_open_children;
    return read_end(s, opened, HE_OK, e);
}

/* ---- open, migrations, close ------------------------------------------------------------ */

/* The schema an authority's tables live in: la_<code> (lower case), or "hearth" when no
 * authority is named. Codes are letters, digits and underscores, so the name needs no
 * quoting and can never carry SQL. */
static int tenant_schema(const char *la, char out[64], struct err *e)
{
    if (!la || !*la) {
        snprintf(out, 64, "hearth");
        return HE_OK;
    }
    size_t n = strlen(la);
    if (n > 32)
        return err_set(e, HE_USAGE, "--la %.40s: an authority code is at most 32 characters", la);
    char *w = out + snprintf(out, 64, "la_");
    for (size_t i = 0; i < n; i++) {
        char ch = la[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return err_set(e, HE_USAGE, "--la %s: an authority code has only letters, digits and _"
                           " (the DfE code, such as 887 for Medway)", la);
        *w++ = ch;
    }
    *w = 0;
    return HE_OK;
}

static int scalar(struct pstore *s, const char *sql, long long *out, struct err *e)
{
    PGresult *r = PQexec(s->pg, sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
        return sql_err(s, r, e, "reading the schema version");
    *out = PQntuples(r) && !PQgetisnull(r, 0, 0) ? atoll(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    return HE_OK;
}

static int schema_exists(struct pstore *s, int *yes, struct err *e)
{
    const char *params[1] = {s->schema};
    PGresult *r = PQexecParams(s->pg, "SELECT 1 FROM pg_namespace n JOIN pg_class c ON"
                               " c.relnamespace = n.oid WHERE n.nspname = $1 AND c.relname = 'schema_version'",
                               1, NULL, params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
        return sql_err(s, r, e, "looking for the authority's tables");
    *yes = PQntuples(r) > 0;
    PQclear(r);
    return HE_OK;
}

/* Bring the authority's schema to the latest migration, under its write lock so two
 * processes opening a new authority at once do not both create it. */
static int migrate(struct pstore *s, struct err *e)
{
    char sql[300];
    long long version = 0;
    int rc;
    if ((rc = scalar(s, "SELECT pg_is_in_recovery()::int", &version, e)) != HE_OK)
        return rc;
    if (version)
        return err_set(e, HE_INPUT, "this PostgreSQL server is a read-only standby: write to"
                       " the primary (a standby serves hearth kpi and other reads)");
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(1751475828, hashtext('%s'));"
             " CREATE SCHEMA IF NOT EXISTS %s; SET LOCAL search_path TO %s;"
             " CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)", s->schema, s->schema,
             s->schema);
    if ((rc = run(s, sql, e, "creating the authority's schema")) != HE_OK)
        goto fail;
    if ((rc = scalar(s, "SELECT max(version) FROM schema_version", &version, e)) != HE_OK)
        goto fail;
    int latest = schema_migrations[schema_migrations_n - 1].version;
    if (version > latest) {
        rc = err_set(e, HE_INPUT, "authority schema %s was made by a newer hearth (schema %lld;"
                     " this one knows %d)", s->schema, version, latest);
        goto fail;
    }
    for (int i = 0; i < schema_migrations_n; i++) {
        const struct migration *m = &schema_migrations[i];
        if (m->version <= version)
            continue;
        char *pg = schema_sql_pg(m->sql);
        const char *pre = schema_pre_sql(m->version, 1);
        rc = pre ? run(s, pre, e, "migrating") : HE_OK;
        if (rc == HE_OK && *pg) /* a migration may be all pre: PostgreSQL refuses an empty query */
            rc = run(s, pg, e, "migrating");
        free(pg);
        if (rc != HE_OK) {
            char what[160];
            snprintf(what, sizeof what, "migration %d (%s) failed", m->version, m->name);
            prefixed(e, what);
            e->code = rc = HE_INTERNAL;
            goto fail;
        }
        snprintf(sql, sizeof sql, "DELETE FROM schema_version; INSERT INTO schema_version VALUES (%d)",
                 m->version);
        if ((rc = run(s, sql, e, "migrating")) != HE_OK)
            goto fail;
    }
    return run(s, "COMMIT", e, "migrating");
fail:
    run(s, "ROLLBACK", &(struct err){0}, "");
    return rc;
}

static void pg_close(struct store *b);
static const struct store_ops pg_store_ops;

int store_pg_open(struct db *conn, const char *la, int flags, struct store **out, struct err *e)
{
    struct pstore *s = xcalloc(1, sizeof *s);
    char schema[64], sql[128];
    int rc, exists = 0;
    *out = NULL;
    s->base.ops = &pg_store_ops;
    s->base.conn = s->conn = conn;
    s->pg = db_pg_conn(conn);
    s->readonly = (flags & STORE_READONLY) != 0;
    for (int ti = 0; ti < T__N; ti++)
        s->next_check[ti] = BULK_AFTER;
    /* the bulk path's memory: HEARTH_PG_BULK_MB (a number of megabytes, fractions allowed);
     * by default a quarter of the machine's memory, between 256 MB and 4 GB: all England's
     * two years fit in 4 GB (written once, 1.5 times SQLite's import), while 256 MB makes
     * it write, shed and read back rows (2.7 times); SQLite's own import of it peaks at 3.9 GB */
    double mb = BULK_MB;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) {
        double quarter = (double)pages * (double)page / 4 / 1048576;
        mb = quarter < BULK_MB ? BULK_MB : quarter > BULK_MB_MAX ? BULK_MB_MAX : quarter;
    }
    const char *env = getenv("HEARTH_PG_BULK_MB");
    if (env && *env) {
        char *end;
        mb = strtod(env, &end);
        if (*end || !(mb > 0) || mb > 1e6) {
            rc = err_set(e, HE_USAGE, "HEARTH_PG_BULK_MB must be a number of megabytes, not '%s'", env);
            goto fail;
        }
    }
    s->budget = (size_t)(mb * 1048576);
    if ((rc = tenant_schema(la, schema, e)) != HE_OK)
        goto fail;
    s->schema = xstrdup(schema);
    if ((rc = schema_exists(s, &exists, e)) != HE_OK)
        goto fail;
    if (!exists && !(flags & STORE_CREATE)) {
        rc = err_set(e, HE_INPUT, "no database for authority %s in PostgreSQL (import"
                     " some returns first, or check --la)", la && *la ? la : "the default authority");
        goto fail;
    }
    if (!s->readonly && (rc = migrate(s, e)) != HE_OK)
        goto fail;
    /* this authority's schema alone: a table of another authority cannot even be named */
    snprintf(sql, sizeof sql, "SET search_path TO %s", schema);
    if ((rc = db_pg_session(conn, sql, e)) != HE_OK)
        goto fail;
    *out = &s->base;
    return HE_OK;
fail:
    pg_close(&s->base);
    return rc;
}

int store_pg_destroy(struct db *conn, const char *la, struct err *e)
{
    char schema[64], sql[160];
    int rc = tenant_schema(la, schema, e);
    if (rc == HE_OK) {
        /* schema is only letters, digits and _ (tenant_schema), so it may be spliced */
        snprintf(sql, sizeof sql, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE", schema);
        rc = db_exec(conn, sql, e);
    }
    db_close(conn);
    return rc;
}

static void pg_close(struct store *b)
{
    struct pstore *s = PS(b);
    if (!s)
        return;
    drop_pending(s);
    restore_free(s);
    if (s->in_txn) {
        struct err ignored;
        db_rollback(s->conn, &ignored);
    }
    for (int i = 0; i < T__N; i++) {
        db_finalize(s->ins[i]);
        db_finalize(s->sel[i]);
        db_finalize(s->upd[i]);
        db_finalize(s->ahead[i]);
    }
    for (int i = 0; i < 6; i++)
        db_finalize(s->complete[i]);
    for (int i = 0; i < PG_CHILD_STMTS; i++) {
        db_finalize(s->child[i]);
        db_finalize(s->child1[i]);
    }
    db_finalize(s->find_person);
    db_close(s->conn);
    free(s->pc);
    free(s->schema);
    free(s);
}

static const struct store_ops pg_store_ops = {
    .close = pg_close, .begin = pg_begin, .begin_load = pg_begin_load, .commit = pg_commit, .rollback = pg_rollback,
    /* the stamp moves at begin, before any bulk copy holds the connection; the authority's
     * write lock is already taken */
    .stamp_begin = store_stamp_bump,
    .set_setting = pg_set_setting, .get_setting = pg_get_setting,
#define X(kind) .put_##kind = pg_put_##kind,
    STORE_KINDS(X)
#undef X
    .complete_episode = pg_complete_episode, .find_person = pg_find_person,
    .load_facts = pg_load_facts, .load_child = pg_load_child, .load_children = pg_load_children,
    .cohort = pg_cohort,
    .counts = pg_counts,
};
