/* store_sqlite: the SQLite store, hearth's default. Owns the connection, the cached
 * prepared statements and the upsert rule of store.h (newer collection year overwrites,
 * older fills blanks). WAL journal with synchronous=FULL, so an acknowledged commit
 * survives a kill -9; foreign keys on for every connection. Only prepared statements;
 * no SQL is ever built from input values. Never renders or parses anything. */
#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/arena.h"
#include "db.h"
#include "schema.h"
#include "store_impl.h"

sqlite3 *db_sqlite_handle(struct db *d);

/* ---- generic record tables ------------------------------------------------------ */

enum { V_NULL, V_INT, V_TEXT };
struct val {
    int t;
    sqlite3_int64 i;
    const char *s;
};

#define MAXCOL 16
struct tdef {
    const char *table;
    int nkey;                  /* the first nkey columns form the natural key */
    const char *cols[MAXCOL];  /* NULL-terminated */
};

enum {
    T_PERSON, T_CIN_EPISODE, T_ASSESSMENT, T_CIN_PLAN, T_S47, T_CP_PLAN, T_CP_REVIEW,
    T_LA_EPISODE, T_LA_REVIEW, T_MISSING, T_CARE_LEAVER, T_LA_OUTCOME, T_ADOPTION,
    T_PLACED_ADOPTION, T_PREV_PERM, T_UASC, T_SW_EPISODE, T_DOLO, T_CONTACT, T_EARLY_HELP, T__N
};

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

struct tstmts {
    sqlite3_stmt *sel, *ins, *upd;
    sqlite3_stmt *sel_id; /* sel by row id, for a record whose id the store already knows */
};

/* Persons seen in this transaction: the returns name the same child in every table and
 * every year, so an identical repeat is answered here without SQL. Cleared at commit and
 * rollback, so it never outlives what it describes. */
struct seen_person {
    const char *la_child_id; /* in seen_keys; NULL = empty slot */
    uint64_t hash;           /* of la_child_id: compared before the string */
    rec_id id;
    uint64_t fingerprint; /* of the values last put, and their year */
};

#define LOAD_STMTS 20
#define N_COMPLETE 7
struct sstore {
    struct store base; /* first: the store.h handle is this struct */
    struct db *conn; /* owned */
    sqlite3 *db;     /* conn's SQLite handle, for the bulk paths below */
    struct seen_person *seen;
    size_t seen_n, seen_cap; /* cap is a power of two */
    struct arena seen_keys;  /* the la_child_id strings of seen */
    char *path;
    int in_txn;
    bool readonly;
    /* The episode of need the last put added, and its year: until a put from another
     * year, it has only this return and parts from it, so completing it drops nothing. */
    rec_id fresh_episode;
    int fresh_year;
    /* Bulk load into an empty database: secondary (non-unique) indexes of the record
     * tables are dropped at the first put and built again, each in one sorted pass, just
     * before COMMIT; all inside the one transaction, so a failure or a crash leaves them
     * as they were. bulk: 0 unknown, 1 empty at begin, -1 not empty. */
    int bulk;
    char **deferred; /* CREATE INDEX statements to run at commit */
    /* store_begin_load on an empty database: foreign keys are off for this transaction
     * and every key is checked once before COMMIT (row-by-row checks were ~15% of a
     * bulk import's CPU); on again after commit or rollback */
    bool fk_off;
    int64_t changes_at_begin; /* sqlite3_total_changes64 when a stamped transaction began */
    size_t n_deferred;
    struct tstmts t[T__N];
    sqlite3_stmt *complete[N_COMPLETE]; /* store_complete_episode */
    sqlite3_stmt *find_person;
    /* store_load_child's statements, prepared on first use and kept: preparing them for
     * every child cost more than reading the rows (validate loads thousands of children) */
    sqlite3_stmt *load[LOAD_STMTS];
};

static int ncols(const struct tdef *d)
{
    int n = 0;
    while (n < MAXCOL && d->cols[n])
        n++;
    return n;
}

static int db_err(struct sstore *s, struct err *e, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return err_set(e, HE_INPUT, "%s: the record breaks a rule of the store: %s", what,
                       sqlite3_errmsg(s->db));
    return err_set(e, HE_INTERNAL, "%s: %s (%s)", what, sqlite3_errmsg(s->db), s->path);
}

static int prep(struct sstore *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_err(s, e, "preparing a statement");
    return HE_OK;
}

static int exec(struct sstore *s, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, HE_INTERNAL, "%s (%s)", msg ? msg : sqlite3_errmsg(s->db), s->path);
        sqlite3_free(msg);
        return HE_INTERNAL;
    }
    return HE_OK;
}

static int prepare_table(struct sstore *s, int ti, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    int n = ncols(d);
    struct buf sql = BUF_INIT;
    int rc;

    buf_printf(&sql, "SELECT id, src_year");
    for (int j = d->nkey; j < n; j++)
        buf_printf(&sql, ", %s", d->cols[j]);
    buf_printf(&sql, " FROM %s WHERE ", d->table);
    for (int j = 0; j < d->nkey; j++)
        buf_printf(&sql, "%s%s = ?%d", j ? " AND " : "", d->cols[j], j + 1);
    rc = prep(s, buf_str(&sql), &s->t[ti].sel, e);

    buf_reset(&sql);
    buf_printf(&sql, "SELECT id, src_year");
    for (int j = d->nkey; j < n; j++)
        buf_printf(&sql, ", %s", d->cols[j]);
    buf_printf(&sql, " FROM %s WHERE id = ?1", d->table);
    if (rc == HE_OK)
        rc = prep(s, buf_str(&sql), &s->t[ti].sel_id, e);

    buf_reset(&sql);
    buf_printf(&sql, "INSERT INTO %s (", d->table);
    for (int j = 0; j < n; j++)
        buf_printf(&sql, "%s, ", d->cols[j]);
    buf_printf(&sql, "src_year) VALUES (");
    for (int j = 0; j < n; j++)
        buf_printf(&sql, "?%d, ", j + 1);
    /* a new record (the common case in a bulk import) costs one statement; a conflict
     * falls back to read, merge and update */
    buf_printf(&sql, "?%d) ON CONFLICT DO NOTHING", n + 1);
    if (rc == HE_OK)
        rc = prep(s, buf_str(&sql), &s->t[ti].ins, e);

    buf_reset(&sql);
    buf_printf(&sql, "UPDATE %s SET ", d->table);
    for (int j = d->nkey; j < n; j++)
        buf_printf(&sql, "%s = ?%d, ", d->cols[j], j + 1);
    buf_printf(&sql, "src_year = ?%d WHERE id = ?%d", n + 1, n + 2);
    if (rc == HE_OK)
        rc = prep(s, buf_str(&sql), &s->t[ti].upd, e);
    buf_free(&sql);
    return rc;
}

static void bind(sqlite3_stmt *st, int i, const struct val *v)
{
    switch (v->t) {
    case V_INT: sqlite3_bind_int64(st, i, v->i); break;
    case V_TEXT: sqlite3_bind_text(st, i, v->s, -1, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, i); break;
    }
}

static struct val column_val(sqlite3_stmt *st, int i)
{
    struct val v = {V_NULL, 0, NULL};
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: v.t = V_INT; v.i = sqlite3_column_int64(st, i); break;
    case SQLITE_TEXT: v.t = V_TEXT; v.s = (const char *)sqlite3_column_text(st, i); break;
    default: break;
    }
    return v;
}

static int val_eq(const struct val *a, const struct val *b)
{
    if (a->t != b->t)
        return 0;
    if (a->t == V_INT)
        return a->i == b->i;
    if (a->t == V_TEXT)
        return strcmp(a->s, b->s) == 0;
    return 1;
}

/* Bulk load into an empty database: drop the record tables' secondary indexes now and
 * keep their SQL to build them again at commit. Indexes that enforce a rule (UNIQUE,
 * the natural keys the upsert needs) are never touched. */
static int defer_indexes(struct sstore *s, struct err *e)
{
    sqlite3_stmt *st;
    struct buf drop = BUF_INIT;
    int rc = prep(s, "SELECT m.name, m.sql FROM pragma_index_list(?1) AS il"
                     " JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name"
                     " WHERE il.\"unique\" = 0 AND il.partial = 0 AND m.sql IS NOT NULL", &st, e);
    s->bulk = 2; /* done, whatever happens */
    if (rc != HE_OK)
        return rc;
    for (int ti = 0; ti < T__N && rc == HE_OK; ti++) {
        sqlite3_bind_text(st, 1, tdefs[ti].table, -1, SQLITE_STATIC);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            s->deferred = xrealloc(s->deferred, (s->n_deferred + 1) * sizeof *s->deferred);
            s->deferred[s->n_deferred++] = xstrdup((const char *)sqlite3_column_text(st, 1));
            /* names come from the schema, not from input; quoted all the same */
            buf_printf(&drop, "DROP INDEX \"%s\";", name);
        }
        if (step != SQLITE_DONE)
            rc = db_err(s, e, "listing indexes");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc == HE_OK && drop.len)
        rc = exec(s, buf_str(&drop), e);
    buf_free(&drop);
    return rc;
}

static void deferred_free(struct sstore *s)
{
    for (size_t i = 0; i < s->n_deferred; i++)
        free(s->deferred[i]);
    free(s->deferred);
    s->deferred = NULL;
    s->n_deferred = 0;
}

/* The one upsert: see store.h for the rule. v holds every column in tdef order. known:
 * the record's id when this transaction has already stored it under this natural key
 * (then it is read by id, with no insert tried), else 0. */
static int put(struct sstore *s, int ti, int year, const struct val *v, rec_id known,
               rec_id *id_out, enum put_outcome *out, struct err *e)
{
    const struct tdef *d = &tdefs[ti];
    struct tstmts *t = &s->t[ti];
    int n = ncols(d), rc = HE_OK;
    enum put_outcome outcome;
    rec_id id;

    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: write outside a transaction");
    if (s->bulk == 1 && (rc = defer_indexes(s, e)) != HE_OK)
        return rc;
    if (!t->sel && (rc = prepare_table(s, ti, e)) != HE_OK)
        return rc;

    int step;
    sqlite3_stmt *sel = t->sel;
    if (known) {
        sel = t->sel_id;
        sqlite3_bind_int64(sel, 1, known);
    } else {
        for (int j = 0; j < n; j++)
            bind(t->ins, j + 1, &v[j]);
        sqlite3_bind_int(t->ins, n + 1, year);
        step = sqlite3_step(t->ins);
        sqlite3_reset(t->ins);
        if (step != SQLITE_DONE)
            return db_err(s, e, d->table);
        if (sqlite3_changes(s->db) == 1) {
            id = sqlite3_last_insert_rowid(s->db);
            outcome = PUT_ADDED;
            goto done;
        }
        for (int j = 0; j < d->nkey; j++)
            bind(sel, j + 1, &v[j]);
    }
    step = sqlite3_step(sel);
    if (step == SQLITE_DONE) {
        sqlite3_reset(sel);
        return err_set(e, HE_INTERNAL, "%s: a record neither inserted nor found", d->table);
    } else if (step == SQLITE_ROW) {
        struct val merged[MAXCOL];
        int old_year = sqlite3_column_int(sel, 1), changed = 0;
        int newer = year >= old_year;
        id = sqlite3_column_int64(sel, 0);
        for (int j = d->nkey; j < n; j++) {
            struct val old = column_val(sel, 2 + j - d->nkey);
            const struct val *nv = &v[j];
            if (newer)
                merged[j] = nv->t != V_NULL ? *nv : old;
            else
                merged[j] = old.t != V_NULL ? old : *nv;
            changed |= !val_eq(&merged[j], &old);
        }
        if (changed || year > old_year) {
            for (int j = d->nkey; j < n; j++)
                bind(t->upd, j + 1, &merged[j]);
            sqlite3_bind_int(t->upd, n + 1, year > old_year ? year : old_year);
            sqlite3_bind_int64(t->upd, n + 2, id);
            step = sqlite3_step(t->upd);
            sqlite3_reset(t->upd);
            if (step != SQLITE_DONE) {
                sqlite3_reset(sel);
                return db_err(s, e, d->table);
            }
        }
        sqlite3_reset(sel);
        outcome = year < old_year ? PUT_OLDER : changed ? PUT_UPDATED : PUT_UNCHANGED;
    } else {
        sqlite3_reset(sel);
        return db_err(s, e, d->table);
    }
done:
    if (ti == T_CIN_EPISODE) {
        s->fresh_episode = outcome == PUT_ADDED ? id : 0;
        s->fresh_year = year;
    } else if (year != s->fresh_year) {
        s->fresh_episode = 0;
    }
    if (id_out)
        *id_out = id;
    if (out)
        *out = outcome;
    return HE_OK;
}

/* A return for collection year Y must list an episode's parts that were active at some
 * time between 1 April Y-1 and 31 March Y (its window). So a part from an older return
 * that was active in the window of a newer return of the same episode, yet is missing
 * from it, was corrected or withdrawn. Which returns described an episode is kept in
 * cin_episode_return, so the outcome is the same whatever order the returns arrive in. */
static const char *const complete_sql[N_COMPLETE] = {
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
    /* the reviews of the plans deleted next: ON DELETE CASCADE would take them, but a
     * bulk load runs with foreign keys off (sq_begin_load) */
    "DELETE FROM cp_review WHERE plan_id IN (SELECT p.id FROM cp_plan AS p WHERE p.episode_id = ?1"
    " AND EXISTS (SELECT 1 FROM cin_episode_return r WHERE r.episode_id = ?1"
    " AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day)))",
    "DELETE FROM cp_plan AS p WHERE p.episode_id = ?1 AND EXISTS (SELECT 1 FROM"
    " cin_episode_return r WHERE r.episode_id = ?1 AND r.year > p.src_year AND p.start <= r.last_day"
    " AND (p.end_date IS NULL OR p.end_date >= r.first_day))",
};

static int sq_complete_episode(struct store *base_, rec_id episode, int year, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    if (first == DAY_NONE || last == DAY_NONE)
        return err_set(e, HE_INTERNAL, "store: collection year %d out of range", year);
    /* an episode added by the last put, with no put from another year since, holds only
     * this return and its parts: the deletes below could match nothing */
    int n = episode == s->fresh_episode && year == s->fresh_year ? 1 : N_COMPLETE;
    for (int i = 0; i < n; i++) {
        int rc;
        if (!s->complete[i] && (rc = prep(s, complete_sql[i], &s->complete[i], e)) != HE_OK)
            return rc;
        sqlite3_bind_int64(s->complete[i], 1, episode);
        if (sqlite3_bind_parameter_count(s->complete[i]) >= 4) {
            sqlite3_bind_int(s->complete[i], 2, year);
            sqlite3_bind_int(s->complete[i], 3, first);
            sqlite3_bind_int(s->complete[i], 4, last);
        }
        int step = sqlite3_step(s->complete[i]);
        sqlite3_reset(s->complete[i]);
        if (step != SQLITE_DONE)
            return db_err(s, e, "completing an episode");
    }
    return HE_OK;
}


static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t fingerprint(int year, const struct val *v, int n)
{
    uint64_t h = fnv(14695981039346656037ULL, &year, sizeof year);
    for (int j = 0; j < n; j++) {
        h = fnv(h, &v[j].t, sizeof v[j].t);
        if (v[j].t == V_INT)
            h = fnv(h, &v[j].i, sizeof v[j].i);
        else if (v[j].t == V_TEXT)
            h = fnv(h, v[j].s, strlen(v[j].s) + 1);
    }
    return h;
}

static void seen_clear(struct sstore *s)
{
    arena_free(&s->seen_keys);
    free(s->seen);
    s->seen = NULL;
    s->seen_n = s->seen_cap = 0;
}

static uint64_t key_hash(const char *key)
{
    return fnv(14695981039346656037ULL, key, strlen(key));
}

static struct seen_person *seen_slot(struct sstore *s, const char *key, uint64_t h)
{
    size_t mask = s->seen_cap - 1;
    size_t i = (size_t)(h ^ (h >> 32)) & mask;
    while (s->seen[i].la_child_id &&
           (s->seen[i].hash != h || strcmp(s->seen[i].la_child_id, key) != 0))
        i = (i + 1) & mask;
    return &s->seen[i];
}

static void seen_put(struct sstore *s, const char *key, uint64_t h, rec_id id, uint64_t fp)
{
    if (2 * (s->seen_n + 1) > s->seen_cap) {
        struct seen_person *old = s->seen;
        size_t old_cap = s->seen_cap;
        s->seen_cap = old_cap ? old_cap * 2 : 4096;
        s->seen = xcalloc(s->seen_cap, sizeof *s->seen);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].la_child_id)
                *seen_slot(s, old[i].la_child_id, old[i].hash) = old[i];
        free(old);
    }
    struct seen_person *p = seen_slot(s, key, h);
    if (!p->la_child_id) {
        p->la_child_id = arena_strdup(&s->seen_keys, key);
        p->hash = h;
        s->seen_n++;
    }
    p->id = id;
    p->fingerprint = fp;
}

/* ---- value helpers: the model's "not recorded" becomes NULL ------------------------- */

static struct val T(const char *s) { return s && *s ? (struct val){V_TEXT, 0, s} : (struct val){V_NULL, 0, NULL}; }
static struct val D(day_t d) { return d != DAY_NONE ? (struct val){V_INT, d, NULL} : (struct val){V_NULL, 0, NULL}; }
static struct val I(int64_t i) { return (struct val){V_INT, i, NULL}; }
static struct val F(int f) { return f >= 0 ? I(f) : (struct val){V_NULL, 0, NULL}; } /* -1 = not recorded */
static struct val R(rec_id id) { return id ? I(id) : (struct val){V_NULL, 0, NULL}; }

#define PUT(kind, ti, ...)                                                                 \
    static int sq_put_##kind(struct store *base_, int year, const struct kind *r,          \
                             rec_id *id, enum put_outcome *out, struct err *e)            \
    {                                                                                      \
        struct sstore *s = (struct sstore *)base_;                                        \
        const struct val v[] = {__VA_ARGS__};                                             \
        return put(s, ti, year, v, 0, id, out, e);                                         \
    }

static int sq_put_person(struct store *base_, int year, const struct person *r, rec_id *id,
                     enum put_outcome *out, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    if (!r->la_child_id || !*r->la_child_id)
        return err_set(e, HE_INPUT, "a child has no LAchildID");
    const struct val v[] = {T(r->la_child_id), T(r->upn), T(r->former_upn), T(r->upn_unknown),
                            T(r->nhs_number), T(r->given_name), T(r->family_name), D(r->dob),
                            D(r->expected_dob), D(r->death_date), T(r->sex), T(r->ethnicity),
                            T(r->disabilities), F(r->mother), D(r->mc_dob)};
    const int n = (int)(sizeof v / sizeof v[0]);
    uint64_t fp = fingerprint(year, v, n), h = key_hash(r->la_child_id);
    rec_id known = 0;
    if (s->seen_cap) {
        struct seen_person *p = seen_slot(s, r->la_child_id, h);
        if (p->la_child_id && p->fingerprint == fp) {
            if (id)
                *id = p->id;
            if (out)
                *out = PUT_UNCHANGED;
            return HE_OK;
        }
        if (p->la_child_id)
            known = p->id; /* stored earlier in this transaction, with other values */
    }
    rec_id got;
    int rc = put(s, T_PERSON, year, v, known, &got, out, e);
    if (rc == HE_OK) {
        seen_put(s, r->la_child_id, h, got, fp);
        if (id)
            *id = got;
    }
    return rc;
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

/* ---- open, close, transactions, migrations --------------------------------------- */

static int migrate(struct sstore *s, struct err *e)
{
    sqlite3_stmt *st;
    int version = 0, rc;
    if ((rc = prep(s, "PRAGMA user_version", &st, e)) != HE_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    int latest = schema_migrations[schema_migrations_n - 1].version;
    if (version > latest)
        return err_set(e, HE_INPUT, "%s was made by a newer hearth (schema %d; this one knows %d)",
                       s->path, version, latest);
    for (int i = 0; i < schema_migrations_n; i++) {
        const struct migration *m = &schema_migrations[i];
        if (m->version <= version)
            continue;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
        if ((rc = exec(s, "BEGIN IMMEDIATE", e)) != HE_OK)
            return rc;
        const char *pre = schema_pre_sql(m->version, 0);
        if ((pre && (rc = exec(s, pre, e)) != HE_OK) ||
            (rc = exec(s, m->sql, e)) != HE_OK || (rc = exec(s, pragma, e)) != HE_OK ||
            (rc = exec(s, "COMMIT", e)) != HE_OK) {
            struct err ignored;
            exec(s, "ROLLBACK", &ignored);
            return err_set(e, HE_INTERNAL, "migration %d (%s) failed: %s", m->version, m->name,
                           e->msg);
        }
    }
    return HE_OK;
}

static void sq_close(struct store *base_);

static const struct store_ops sqlite_store_ops;

/* Called by store_open() for a URI that is not PostgreSQL; conn is already open and
 * becomes the store's. */
int store_sqlite_open(struct db *conn, int flags, struct store **out, struct err *e)
{
    struct sstore *s = xcalloc(1, sizeof *s);
    const char *uri = db_uri(conn);
    int rc;
    *out = NULL;
    s->path = xstrdup(uri);
    s->base.ops = &sqlite_store_ops;
    s->base.conn = s->conn = conn;
    s->db = db_sqlite_handle(s->conn);
    if (!s->db) {
        rc = err_set(e, HE_USAGE, "%s: this store needs SQLite", uri);
        goto fail;
    }
    if (!(flags & STORE_READONLY) && (rc = migrate(s, e)) != HE_OK)
        goto fail;
    s->readonly = (flags & STORE_READONLY) != 0;
    if (flags & STORE_READONLY) {
        /* a read-only open of something that is not a hearth database fails here, clearly */
        sqlite3_stmt *st;
        if ((rc = prep(s, "SELECT count(*) FROM person", &st, e)) != HE_OK) {
            rc = err_set(e, HE_INPUT, "%s is not a hearth database", uri);
            goto fail;
        }
        sqlite3_finalize(st);
    }
    *out = &s->base;
    return HE_OK;
fail:
    sq_close(&s->base);
    return rc;
}

static void sq_close(struct store *base_)
{
    struct sstore *s = (struct sstore *)base_;
    if (!s)
        return;
    for (int i = 0; i < T__N; i++) {
        sqlite3_finalize(s->t[i].sel);
        sqlite3_finalize(s->t[i].ins);
        sqlite3_finalize(s->t[i].upd);
        sqlite3_finalize(s->t[i].sel_id);
    }
    for (int i = 0; i < N_COMPLETE; i++)
        sqlite3_finalize(s->complete[i]);
    sqlite3_finalize(s->find_person);
    for (int i = 0; i < LOAD_STMTS; i++)
        sqlite3_finalize(s->load[i]);
    if (s->db && s->in_txn)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    db_close(s->conn);
    deferred_free(s);
    seen_clear(s);
    free(s->path);
    free(s);
}

static int keys_on(struct sstore *s, struct err *e)
{
    if (!s->fk_off)
        return HE_OK;
    s->fk_off = false;
    return exec(s, "PRAGMA foreign_keys = ON", e);
}

/* Every foreign key of the database, checked once (a load ran without them). A broken
 * one is hearth's fault, not the input's: the commit fails and nothing is kept. */
static int check_keys(struct sstore *s, struct err *e)
{
    sqlite3_stmt *st;
    int rc = prep(s, "PRAGMA foreign_key_check", &st, e);
    if (rc != HE_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = err_set(e, HE_INTERNAL, "store: %s row %lld refers to a %s record that is not there (%s)",
                     (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                     (const char *)sqlite3_column_text(st, 2), s->path);
    else if (step != SQLITE_DONE)
        rc = db_err(s, e, "checking foreign keys");
    sqlite3_finalize(st);
    return rc;
}

static int sq_begin(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    if (s->in_txn)
        return err_set(e, HE_INTERNAL, "store: transaction already open");
    if (s->readonly) {
        /* a read-only store has no writes: its transaction is a read snapshot */
        int rc = exec(s, "BEGIN", e);
        if (rc == HE_OK)
            s->in_txn = 1;
        return rc;
    }
    /* IMMEDIATE: take the write lock now, so two writers never deadlock upgrading */
    int rc = exec(s, "BEGIN IMMEDIATE", e);
    if (rc != HE_OK)
        return rc;
    s->in_txn = 1;
    s->fresh_episode = 0;
    /* every record hangs off a person (foreign keys), so no person means no records */
    sqlite3_stmt *st;
    s->bulk = -1;
    if (prep(s, "SELECT EXISTS (SELECT 1 FROM person)", &st, e) == HE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0)
            s->bulk = 1;
        sqlite3_finalize(st);
    }
    return HE_OK;
}

/* Foreign keys cannot be switched inside a transaction: a load that finds the database
 * empty gives its transaction back (nothing was written) and begins again without them.
 * If another writer got in between, the database is no longer empty: keys stay on. */
static int sq_begin_load(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    int rc = sq_begin(base_, e);
    if (rc != HE_OK || s->readonly || s->bulk != 1)
        return rc;
    s->in_txn = 0;
    if ((rc = exec(s, "ROLLBACK", e)) != HE_OK)
        return rc;
    if ((rc = exec(s, "PRAGMA foreign_keys = OFF", e)) != HE_OK)
        return rc;
    s->fk_off = true;
    if ((rc = sq_begin(base_, e)) == HE_OK && s->bulk != 1) {
        s->in_txn = 0;
        if ((rc = exec(s, "ROLLBACK", e)) == HE_OK && (rc = keys_on(s, e)) == HE_OK)
            rc = sq_begin(base_, e);
        return rc;
    }
    if (rc != HE_OK) {
        struct err ignored;
        keys_on(s, &ignored);
    }
    return rc;
}

static int sq_commit(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: commit without a transaction");
    int rc = s->fk_off ? check_keys(s, e) : HE_OK;
    /* the indexes a bulk load deferred, built inside the same transaction; SQLite's
     * sorter may use a second core for them */
    if (s->n_deferred && rc == HE_OK)
        rc = exec(s, "PRAGMA threads = 2", e);
    for (size_t i = 0; i < s->n_deferred && rc == HE_OK; i++)
        rc = exec(s, s->deferred[i], e);
    if (s->n_deferred && rc == HE_OK)
        rc = exec(s, "PRAGMA threads = 0", e);
    if (rc == HE_OK)
        rc = exec(s, "COMMIT", e);
    if (rc == HE_OK) {
        s->in_txn = 0;
        s->fresh_episode = 0;
        s->bulk = 0;
        deferred_free(s);
        seen_clear(s);
        rc = keys_on(s, e);
    }
    return rc;
}

static int sq_rollback(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    if (!s->in_txn)
        return HE_OK;
    s->in_txn = 0;
    s->fresh_episode = 0;
    s->bulk = 0;
    deferred_free(s); /* the rollback brings the indexes back */
    seen_clear(s);
    int rc = exec(s, "ROLLBACK", e);
    struct err ignored;
    return keys_on(s, rc == HE_OK ? e : &ignored) == HE_OK ? rc : HE_INTERNAL;
}

static int sq_set_setting(struct store *base_, const char *key, const char *value, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    sqlite3_stmt *st;
    int rc = prep(s, "INSERT INTO setting(key, value) VALUES (?1, ?2)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", &st, e);
    if (rc != HE_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, e, "setting");
    sqlite3_finalize(st);
    return rc;
}

static int sq_get_setting(struct store *base_, const char *key, char **value, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    sqlite3_stmt *st;
    int rc = prep(s, "SELECT value FROM setting WHERE key = ?1", &st, e);
    *value = NULL;
    if (rc != HE_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *value = xstrdup((const char *)sqlite3_column_text(st, 0));
    else if (step != SQLITE_DONE)
        rc = db_err(s, e, "setting");
    sqlite3_finalize(st);
    return rc;
}

static int sq_find_person(struct store *base_, const char *la_child_id, rec_id *id, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    int rc;
    *id = 0;
    if (!s->find_person &&
        (rc = prep(s, "SELECT id FROM person WHERE la_child_id = ?1", &s->find_person, e)) != HE_OK)
        return rc;
    sqlite3_bind_text(s->find_person, 1, la_child_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(s->find_person);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(s->find_person, 0);
    sqlite3_reset(s->find_person);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_err(s, e, "person");
    return HE_OK;
}

static int sq_counts(struct store *base_, struct store_count *out, int n, int *filled, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    int k = 0;
    for (int i = 0; i < T__N && k < n; i++) {
        char sql[96];
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tdefs[i].table);
        int rc = prep(s, sql, &st, e);
        if (rc != HE_OK)
            return rc;
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            return db_err(s, e, tdefs[i].table);
        }
        out[k].kind = tdefs[i].table;
        out[k].rows = sqlite3_column_int64(st, 0);
        k++;
        sqlite3_finalize(st);
    }
    *filled = k;
    return HE_OK;
}

/* ---- facts for the measures ------------------------------------------------------ */

/* Run sql on h with ?1 = from, ?2 = to (and ?3 = extra), calling row() for each result.
 * h rather than the store: the facts are read on two connections at once (below). */
static int rows_on(sqlite3 *h, const char *path, const char *sql, day_t from, day_t to,
                   int64_t extra, void (*row)(sqlite3_stmt *, void *), void *ctx, struct err *e)
{
    sqlite3_stmt *st;
    int rc = HE_OK, step;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return err_set(e, HE_INTERNAL, "loading facts: %s (%s)", sqlite3_errmsg(h), path);
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_int(st, 1, from);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int(st, 2, to);
    if (sqlite3_bind_parameter_count(st) >= 3)
        sqlite3_bind_int64(st, 3, extra);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        row(st, ctx);
    if (step != SQLITE_DONE)
        rc = err_set(e, HE_INTERNAL, "loading facts: %s (%s)", sqlite3_errmsg(h), path);
    sqlite3_finalize(st);
    return rc;
}

static int each_row(struct sstore *s, const char *sql, day_t from, day_t to, int64_t extra,
                    void (*row)(sqlite3_stmt *, void *), void *ctx, struct err *e)
{
    return rows_on(s->db, s->path, sql, from, to, extra, row, ctx, e);
}

#define GROW(arr, n, cap)                                              \
    do {                                                               \
        if ((n) == (cap)) {                                            \
            (cap) = (cap) ? (cap) * 2 : 1024;                          \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));            \
        }                                                              \
    } while (0)

struct fill {
    struct facts *f;
    size_t cap;
};

static void code(char dst[4], sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(dst, 4, "%s", t ? (const char *)t : "");
}

static day_t col_day(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(st, i);
}

static void row_count(sqlite3_stmt *st, void *ctx)
{
    ((struct fill *)ctx)->f->contacts = sqlite3_column_int64(st, 0);
}

static void row_referral(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->referrals, f->n_referrals, c->cap);
    struct fact_referral *r = &f->referrals[f->n_referrals++];
    r->child = sqlite3_column_int64(st, 0);
    r->date = sqlite3_column_int(st, 1);
    r->nfa = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : (int8_t)sqlite3_column_int(st, 2);
    r->not_in_need = sqlite3_column_type(st, 3) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(st, 3);
}

static void row_assessment(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->assessments, f->n_assessments, c->cap);
    f->assessments[f->n_assessments].start = col_day(st, 0);
    f->assessments[f->n_assessments++].authorised = col_day(st, 1);
}

static void row_s47(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->s47, f->n_s47, c->cap);
    f->s47[f->n_s47].start = col_day(st, 0);
    f->s47[f->n_s47++].icpc_date = col_day(st, 1);
}

static void row_cp(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cp_plans, f->n_cp_plans, c->cap);
    struct fact_cp_plan *p = &f->cp_plans[f->n_cp_plans++];
    p->child = sqlite3_column_int64(st, 0);
    p->start = col_day(st, 1);
    p->end = col_day(st, 2);
    code(p->latest_category, st, 3);
    p->previous_plans = (int16_t)sqlite3_column_int(st, 4);
    code(p->initial_category, st, 5);
    p->returns_from = col_day(st, 6);
}

/* children in need and child protection */
static void row_cin_disabled(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cin_open_disabled, f->n_cin_open_disabled, c->cap);
    f->cin_open_disabled[f->n_cin_open_disabled++] = sqlite3_column_int64(st, 0);
}

static void row_cp_review(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cp_reviews, f->n_cp_reviews, c->cap);
    struct fact_cp_review *r = &f->cp_reviews[f->n_cp_reviews++];
    r->child = sqlite3_column_int64(st, 0);
    r->plan_start = col_day(st, 1);
    r->date = col_day(st, 2);
}

static void row_cin_open(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->cin_open_children, f->n_cin_open, c->cap);
    f->cin_open_children[f->n_cin_open++] = sqlite3_column_int64(st, 0);
}

static void row_la(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->la_episodes, f->n_la_episodes, c->cap);
    struct fact_la_episode *l = &f->la_episodes[f->n_la_episodes++];
    l->child = sqlite3_column_int64(st, 0);
    l->decom = col_day(st, 1);
    l->dec = col_day(st, 2);
    l->dob = col_day(st, 3);
    code(l->place, st, 4);
    code(l->place_provider, st, 5);
    code(l->rec, st, 6);
    const unsigned char *rne = sqlite3_column_text(st, 7);
    snprintf(l->rne, sizeof l->rne, "%s", rne ? (const char *)rne : "");
    code(l->ls, st, 8);
    l->in_area = l->far = -1; /* store_facts_place fills them */
}

static void row_missing(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->missing, f->n_missing, c->cap);
    struct fact_missing *m = &f->missing[f->n_missing++];
    const unsigned char *k = sqlite3_column_text(st, 2);
    m->child = sqlite3_column_int64(st, 0);
    m->start = col_day(st, 1);
    m->kind = k && *k ? (char)k[0] : '?';
}

static void row_oc3(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->oc3_accom, f->n_oc3, c->cap);
    code(f->oc3_accom[f->n_oc3++], st, 0);
}

static void row_care_leaver(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f;
    GROW(f->care_leavers, f->n_care_leavers, c->cap);
    struct fact_care_leaver *l = &f->care_leavers[f->n_care_leavers++];
    l->dob = col_day(st, 0);
    const unsigned char *t = sqlite3_column_text(st, 1);
    snprintf(l->in_touch, sizeof l->in_touch, "%s", t ? (const char *)t : "");
    t = sqlite3_column_text(st, 2);
    snprintf(l->activ, sizeof l->activ, "%s", t ? (const char *)t : "");
    t = sqlite3_column_text(st, 3);
    snprintf(l->accom, sizeof l->accom, "%s", t ? (const char *)t : "");
}

/* The facts come in two parts that fill different members of f, so that two connections
 * can read them at once: contacts, referrals and assessments (the biggest ranges), and the
 * rest; they take about as long as each other at England's size. */
enum { FACTS_PARTS = 2 };

static int facts_part(sqlite3 *h, const char *path, int part, day_t from, day_t to,
                      struct facts *f, struct err *e)
{
    struct fill c = {f, 0};
    int rc = HE_OK, y, m, d;
    date_to_ymd(to, &y, &m, &d);
    day_t ref_from = date_add_months(from, -12);

#define LOAD(sql, a, b, x, fn)                                                  \
    do {                                                                        \
        c.cap = 0;                                                              \
        if ((rc = rows_on(h, path, sql, a, b, x, fn, &c, e)) != HE_OK)          \
            return rc;                                                          \
    } while (0)

    if (part == 0) {
        LOAD("SELECT count(*) FROM contact WHERE date BETWEEN ?1 AND ?2", from, to, 0, row_count);
        /* read in index order and sorted here: SQLite's sorter is the slow part at England's size */
        LOAD(REFERRAL_FACTS_SQL, ref_from, to, from, row_referral);
        facts_order_referrals(f);
        LOAD("SELECT start, authorised FROM assessment WHERE authorised BETWEEN ?1 AND ?2",
             from, to, 0, row_assessment);
        return HE_OK;
    }
    LOAD("SELECT start, icpc_date FROM s47_enquiry WHERE start BETWEEN ?1 AND ?2"
         " UNION ALL SELECT start, icpc_date FROM s47_enquiry"
         " WHERE icpc_date BETWEEN ?1 AND ?2 AND NOT start BETWEEN ?1 AND ?2",
         from, to, 0, row_s47);
    /* in episode order, so the look-ups of each plan's child walk cin_episode forwards;
     * sorted by child and start here */
    LOAD("SELECT e.person_id, p.start, p.end_date, p.latest_category, coalesce(p.previous_plans, -1),"
         " p.initial_category, CASE WHEN p.end_date IS NULL OR p.end_date >= ?1 THEN"
         " (SELECT min(first_day) FROM cin_episode_return WHERE episode_id = p.episode_id) END"
         " FROM cp_plan p JOIN cin_episode e ON e.id = p.episode_id WHERE p.start <= ?2"
         " ORDER BY p.episode_id, p.start",
         from, to, 0, row_cp);
    facts_order_cp_plans(f);
    LOAD("SELECT person_id FROM cin_episode WHERE closure_date IS NULL AND referral_date <= ?2"
         " UNION ALL SELECT person_id FROM cin_episode WHERE closure_date > ?2 AND referral_date <= ?2",
         from, to, 0, row_cin_open);
    f->n_cin_open = facts_unique_ids(f->cin_open_children, f->n_cin_open);
    /* children in need and child protection: every child with a disability, from its
     * partial index in id order, kept where one of the children in need at `to` */
    LOAD("SELECT id FROM person WHERE disabilities <> '' AND disabilities <> 'NONE' ORDER BY id",
         from, to, 0, row_cin_disabled);
    f->n_cin_open_disabled = store_ids_within(f->cin_open_disabled, f->n_cin_open_disabled,
                                              f->cin_open_children, f->n_cin_open);
    LOAD("SELECT e.person_id, p.start, r.date FROM cp_review r"
         " JOIN cp_plan p ON p.id = r.plan_id JOIN cin_episode e ON e.id = p.episode_id"
         " WHERE p.start <= ?2 AND (p.end_date IS NULL OR p.end_date >= ?1) AND r.date <= ?2"
         " ORDER BY e.person_id, p.start, r.date",
         from, to, 0, row_cp_review);
    /* from the covering index on dec (open, or ended on or after facts_la_since); the birth
     * date only where facts.h promises it; sorted by child and DECOM here */
    LOAD("SELECT l.person_id, l.decom, l.dec, (SELECT dob FROM person WHERE id = l.person_id),"
         " l.place, l.place_provider, l.rec, l.rne, l.ls FROM la_episode l"
         " WHERE l.dec IS NULL AND l.decom <= ?2"
         " UNION ALL SELECT l.person_id, l.decom, l.dec,"
         " CASE WHEN l.dec >= ?1 THEN (SELECT dob FROM person WHERE id = l.person_id) END,"
         " l.place, l.place_provider, l.rec, l.rne, l.ls FROM la_episode l"
         " WHERE l.dec >= ?3 AND +l.decom <= ?2", /* +: by dec, not the index on decom */
         from, to, facts_la_since(from), row_la);
    facts_order_la_episodes(f);
    LOAD("SELECT person_id, start, kind FROM missing_episode WHERE start BETWEEN ?1 AND ?2",
         from, to, 0, row_missing);
    /* OC3 belongs to a collection year: only a period ending on 31 March has one */
    if (m == 3 && d == 31) {
        LOAD("SELECT accom FROM care_leaver WHERE year = ?3", from, to, y, row_oc3);
        LOAD("SELECT (SELECT dob FROM person WHERE id = person_id), in_touch, activ, accom"
             " FROM care_leaver WHERE year = ?3 ORDER BY person_id", from, to, y, row_care_leaver);
    }
#undef LOAD
    return HE_OK;
}

/* Parts [first, last) in one read transaction on h (or in the caller's, when it holds one),
 * and the trend facts too when t is not NULL (on d, h's struct db). */
static int facts_parts(sqlite3 *h, struct db *d, const char *path, bool own_txn, int first,
                       int last, day_t from, day_t to, struct facts *f, struct trend_facts *t,
                       struct err *e)
{
    int rc = HE_OK;
    if (own_txn && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return err_set(e, HE_INTERNAL, "loading facts: %s (%s)", sqlite3_errmsg(h), path);
    for (int part = first; part < last && rc == HE_OK; part++)
        rc = facts_part(h, path, part, from, to, f, e);
    if (rc == HE_OK && t)
        rc = trend_facts_load(d, from, to, t, e);
    if (own_txn)
        sqlite3_exec(h, rc == HE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

struct facts_job {
    struct db *d;
    const char *path;
    day_t from, to;
    struct facts *f;
    struct trend_facts *t;
    struct err e;
    int rc;
};

/* The second connection's share: the first part, and the trend facts when asked for, which
 * come to about as much as the second part at a large authority. */
static void *facts_thread(void *arg)
{
    struct facts_job *j = arg;
    err_clear(&j->e);
    j->rc = facts_parts(db_sqlite_handle(j->d), j->d, j->path, true, 0, 1, j->from, j->to, j->f,
                        j->t, &j->e);
    return NULL;
}

void (*store_sqlite_facts_hook)(void *arg);
void *store_sqlite_facts_hook_arg;

/* PRAGMA data_version of h: it changes when another connection commits in between. */
static int64_t data_version(sqlite3 *h)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void loaded_free(struct facts *f, struct trend_facts *t, day_t from, day_t to)
{
    facts_free(f);
    memset(f, 0, sizeof *f);
    f->from = from;
    f->to = to;
    if (t)
        trend_facts_free(t);
}

/* Two readers at once on a second connection (WAL lets readers run side by side): at all
 * England's size the facts are most of a `hearth kpi` run. The two read transactions must
 * see the same database: the store's connection's data_version, read before either starts
 * and after both end, proves that no commit came in between; if one did, the facts are
 * read again on one connection in one transaction. HEARTH_FACTS_THREADS=1 reads them on
 * one connection always. t: the trend facts as well (store_load_period), or NULL. */
static int sq_load(struct store *base_, day_t from, day_t to, struct facts *f,
                   struct trend_facts *t, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    const char *env = getenv("HEARTH_FACTS_THREADS");
    struct db *second = NULL;
    struct err ignored;
    int rc;
    memset(f, 0, sizeof *f);
    f->from = from;
    f->to = to;
    if (t)
        memset(t, 0, sizeof *t);
    if (!s->in_txn && !(env && !strcmp(env, "1")) && strcmp(s->path, ":memory:") != 0)
        if (db_open(s->path, DB_READONLY, &second, &ignored) != HE_OK)
            second = NULL; /* none: read on one */
    if (second) {
        struct facts_job j = {second, s->path, from, to, f, t, {0}, HE_OK};
        pthread_t th;
        int64_t before = data_version(s->db);
        if (before >= 0 && pthread_create(&th, NULL, facts_thread, &j) == 0) {
            rc = facts_parts(s->db, s->conn, s->path, true, 1, FACTS_PARTS, from, to, f, NULL, e);
            pthread_join(th, NULL);
            if (store_sqlite_facts_hook)
                store_sqlite_facts_hook(store_sqlite_facts_hook_arg);
            bool same = rc == HE_OK && j.rc == HE_OK && data_version(s->db) == before;
            db_close(second);
            if (same)
                return HE_OK;
            /* a commit came in between, or a reader failed: once more, serially */
            loaded_free(f, t, from, to);
        } else {
            db_close(second);
        }
    }
    rc = facts_parts(s->db, s->conn, s->path, !s->in_txn, 0, FACTS_PARTS, from, to, f, t, e);
    if (rc != HE_OK)
        loaded_free(f, t, from, to);
    return rc;
}

static int sq_load_facts(struct store *base_, day_t from, day_t to, struct facts *f, struct err *e)
{
    return sq_load(base_, from, to, f, NULL, e);
}

static int sq_load_period(struct store *base_, day_t from, day_t to, struct facts *f,
                          struct trend_facts *t, struct err *e)
{
    return sq_load(base_, from, to, f, t, e);
}

/* ---- one child's whole record ------------------------------------------------------ */

struct reader {
    sqlite3_stmt *st;
    struct arena *mem;
};

static const char *rd_text(struct reader *r, int i)
{
    const unsigned char *t = sqlite3_column_text(r->st, i);
    return t ? arena_strdup(r->mem, (const char *)t) : NULL;
}
static day_t rd_day(struct reader *r, int i) { return col_day(r->st, i); }
static int rd_flag(struct reader *r, int i)
{
    return sqlite3_column_type(r->st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(r->st, i);
}
static rec_id rd_id(struct reader *r, int i) { return sqlite3_column_int64(r->st, i); }

/* Column lists: column 0 is always the row id; the rest follow the struct. */
#define OWN_PERSON " WHERE person_id = ?1"
/* a join, not "episode_id IN (SELECT ...)": SQLite builds the IN list as a temporary
 * b-tree on every run, which measured a fifth of loading a cohort for hearth validate */
#define OWN_EPISODE " JOIN (SELECT id AS own_ep FROM cin_episode WHERE person_id = ?1)" \
                    " ON episode_id = own_ep"

#include "store_fill.h"

/* The kept statement in slot k for sql, prepared on first use; reset after each use. */
static int load_stmt(struct sstore *s, int k, const char *sql, sqlite3_stmt **st, struct err *e)
{
    if (k >= LOAD_STMTS)
        return err_set(e, HE_INTERNAL, "store: more child statements than LOAD_STMTS");
    if (!s->load[k]) {
        int rc = prep(s, sql, &s->load[k], e);
        if (rc != HE_OK)
            return rc;
    }
    *st = s->load[k];
    return HE_OK;
}

/* Read every row of sql (?1 = person; kept in slot k) into a fresh arena array of `size`
 * bytes each. */
static int read_rows(struct sstore *s, int k, const char *sql, rec_id person, struct arena *mem,
                     size_t size, void (*fill)(struct reader *, void *), void **arr,
                     rec_id **ids, size_t *n, struct err *e)
{
    sqlite3_stmt *st;
    int rc = load_stmt(s, k, sql, &st, e), step;
    size_t cap = 0;
    if (rc != HE_OK)
        return rc;
    *arr = NULL;
    *ids = NULL;
    *n = 0;
    sqlite3_bind_int64(st, 1, person);
    struct reader r = {st, mem};
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            void *na = arena_alloc(mem, ncap * size);
            rec_id *ni = arena_alloc(mem, ncap * sizeof *ni);
            if (*n) {
                memcpy(na, *arr, *n * size);
                memcpy(ni, *ids, *n * sizeof *ni);
            }
            *arr = na;
            *ids = ni;
            cap = ncap;
        }
        (*ids)[*n] = sqlite3_column_int64(st, 0);
        fill(&r, (char *)*arr + *n * size);
        (*n)++;
    }
    if (step != SQLITE_DONE)
        rc = db_err(s, e, "loading a child");
    sqlite3_reset(st);
    return rc;
}

#define READ(field, type, sql)                                                              \
    do {                                                                                    \
        void *arr_;                                                                         \
        if ((rc = read_rows(s, ++slot, sql, person, &c->mem, sizeof(struct type),           \
                            (void (*)(struct reader *, void *))fill_##type, &arr_,          \
                            &c->field##_id, &c->n_##field, e)) != HE_OK)                    \
            goto fail;                                                                      \
        c->field = arr_;                                                                    \
    } while (0)

/* The person alone (c zeroed first; every array left empty). */
static int sq_load_person(struct store *base_, rec_id person, struct child_file *c, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    int rc, step;
    sqlite3_stmt *st;
    memset(c, 0, sizeof *c);
    c->id = person;
    if ((rc = load_stmt(s, 0, "SELECT la_child_id, upn, former_upn, upn_unknown, nhs_number, given_name,"
                      " family_name, dob, expected_dob, death_date, sex, ethnicity, disabilities,"
                      " mother, mc_dob FROM person WHERE id = ?1", &st, e)) != HE_OK)
        return rc;
    sqlite3_bind_int64(st, 1, person);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        struct reader r = {st, &c->mem};
        fill_person(&r, &c->person);
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return err_set(e, HE_INPUT, "no child with id %lld", (long long)person);
    if (step != SQLITE_ROW)
        return db_err(s, e, "loading a child");
    return HE_OK;
}

static int sq_load_child(struct store *base_, rec_id person, struct child_file *c, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    int rc, slot = 0;
    if ((rc = sq_load_person(base_, person, c, e)) != HE_OK)
        return rc;

    READ(episodes, cin_episode, "SELECT id, person_id, referral_date, referral_source, primary_need,"
         " closure_date, closure_reason, referral_nfa, icpc_date FROM cin_episode" OWN_PERSON
         " ORDER BY referral_date");
    READ(assessments, assessment, "SELECT id, episode_id, start, internal_review, authorised, factors"
         " FROM assessment" OWN_EPISODE " ORDER BY episode_id, start");
    READ(cin_plans, cin_plan, "SELECT id, episode_id, start, end_date FROM cin_plan" OWN_EPISODE
         " ORDER BY episode_id, start");
    READ(s47s, s47_enquiry, "SELECT id, episode_id, start, icpc_target, icpc_date, icpc_not_required"
         " FROM s47_enquiry" OWN_EPISODE " ORDER BY episode_id, start");
    READ(cp_plans, cp_plan, "SELECT id, episode_id, start, end_date, initial_category,"
         " latest_category, previous_plans FROM cp_plan" OWN_EPISODE " ORDER BY episode_id, start");
    READ(cp_reviews, cp_review, "SELECT id, plan_id, date FROM cp_review JOIN"
         " (SELECT id AS own_plan FROM cp_plan" OWN_EPISODE ") ON plan_id = own_plan"
         " ORDER BY plan_id, date");
    READ(la_episodes, la_episode, "SELECT id, person_id, decom, rne, ls, cin, place, place_provider,"
         " dec, rec, reason_place_change, home_post, pl_post, urn FROM la_episode" OWN_PERSON
         " ORDER BY decom");
    READ(la_reviews, la_review, "SELECT id, person_id, date, code FROM la_review" OWN_PERSON
         " ORDER BY date");
    READ(missing, missing_episode, "SELECT id, person_id, start, end_date, kind FROM missing_episode"
         OWN_PERSON " ORDER BY start");
    READ(care_leavers, care_leaver, "SELECT id, person_id, year, in_touch, activ, accom FROM care_leaver"
         OWN_PERSON " ORDER BY year");
    READ(la_outcomes, la_outcome, "SELECT id, person_id, year, sdq_score, sdq_reason, convicted,"
         " health_check, immunisations, teeth_check, health_assessment, substance_misuse,"
         " intervention_received, intervention_offered FROM la_outcome" OWN_PERSON " ORDER BY year");
    READ(adoptions, adoption, "SELECT id, person_id, date_int, date_match, foster_care, nb_adoptr,"
         " sex_adoptr, ls_adoptr FROM adoption" OWN_PERSON " ORDER BY date_int");
    READ(placed_adoptions, placed_adoption, "SELECT id, person_id, date_placed, date_placed_ceased,"
         " reason_placed_ceased FROM placed_adoption" OWN_PERSON " ORDER BY date_placed");
    READ(prev_perms, prev_perm, "SELECT id, person_id, prev_perm, la_perm, date_perm FROM prev_perm"
         OWN_PERSON);
    READ(uascs, uasc, "SELECT id, person_id, duc FROM uasc" OWN_PERSON);
    READ(sw_episodes, sw_episode, "SELECT id, person_id, sw_id, decom, dec, reason FROM sw_episode"
         OWN_PERSON " ORDER BY decom, sw_id");
    READ(dolos, dolo, "SELECT id, person_id, start, end_date FROM dolo" OWN_PERSON " ORDER BY start");
    READ(contacts, contact, "SELECT id, person_id, date, source, decision, decision_date, seq FROM contact"
         OWN_PERSON " ORDER BY date, source, seq");
    READ(early_helps, early_help, "SELECT id, person_id, start, end_date, organisation FROM early_help"
         OWN_PERSON " ORDER BY start");
    return HE_OK;
fail:
    child_file_free(c);
    return rc;
}
#undef READ

static void row_id(sqlite3_stmt *st, void *ctx)
{
    struct fill *c = ctx;
    struct facts *f = c->f; /* reuses the cin_open_children array as a plain id list */
    GROW(f->cin_open_children, f->n_cin_open, c->cap);
    f->cin_open_children[f->n_cin_open++] = sqlite3_column_int64(st, 0);
}

static int sq_cohort(struct store *base_, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                 size_t *n, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
#define CIN_OPEN "SELECT person_id FROM cin_episode WHERE referral_date <= ?2" \
                 " AND (closure_date IS NULL OR closure_date >= ?1)"
#define LA_OPEN "SELECT person_id FROM la_episode WHERE decom <= ?2 AND (dec IS NULL OR dec >= ?1)" \
                " UNION ALL SELECT person_id FROM care_leaver WHERE year = ?3" \
                " UNION ALL SELECT person_id FROM la_outcome WHERE year = ?3" \
                " UNION ALL SELECT person_id FROM adoption WHERE date_int BETWEEN ?1 AND ?2"
    static const char *const sql[3] = {
        [COHORT_CIN] = CIN_OPEN,
        [COHORT_LA] = LA_OPEN,
        [COHORT_ANY] = CIN_OPEN " UNION ALL " LA_OPEN
        " UNION ALL SELECT person_id FROM contact WHERE date BETWEEN ?1 AND ?2"
        " UNION ALL SELECT person_id FROM early_help WHERE start <= ?2"
        " AND (end_date IS NULL OR end_date >= ?1)"
        " UNION ALL SELECT person_id FROM placed_adoption WHERE date_placed <= ?2"
        " AND (date_placed_ceased IS NULL OR date_placed_ceased >= ?1)",
    };
#undef CIN_OPEN
#undef LA_OPEN
    struct facts tmp;
    struct fill c = {&tmp, 0};
    memset(&tmp, 0, sizeof tmp);
    *ids = NULL;
    *n = 0;
    int rc = each_row(s, sql[which], from, to, date_year_to_march(to), row_id, &c, e);
    if (rc != HE_OK) {
        free(tmp.cin_open_children);
        return rc;
    }
    *n = facts_unique_ids(tmp.cin_open_children, tmp.n_cin_open);
    *ids = tmp.cin_open_children;
    return HE_OK;
}

/* The change stamp moves at commit, and only when the transaction changed a row (a failed
 * import that wrote nothing leaves the file as it was). */
static int sq_stamp_begin(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    s->changes_at_begin = sqlite3_total_changes64(s->db);
    return HE_OK;
}

static int sq_stamp_commit(struct store *base_, struct err *e)
{
    struct sstore *s = (struct sstore *)base_;
    return sqlite3_total_changes64(s->db) != s->changes_at_begin ? store_stamp_bump(base_, e) : HE_OK;
}

static const struct store_ops sqlite_store_ops = {
    .close = sq_close, .begin = sq_begin, .begin_load = sq_begin_load, .commit = sq_commit,
    .rollback = sq_rollback, .stamp_begin = sq_stamp_begin, .stamp_commit = sq_stamp_commit,
    .set_setting = sq_set_setting, .get_setting = sq_get_setting,
#define X(kind) .put_##kind = sq_put_##kind,
    STORE_KINDS(X)
#undef X
    .complete_episode = sq_complete_episode, .find_person = sq_find_person,
    .load_facts = sq_load_facts, .load_period = sq_load_period, .load_child = sq_load_child,
    .load_person = sq_load_person, /* load_children NULL: store.c reads a batch child by child */
    .cohort = sq_cohort,
    .counts = sq_counts,
};
