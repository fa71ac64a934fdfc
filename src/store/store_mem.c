/* store_mem: a store held in memory, for analysis straight from files (`hearth kpi FILES`,
 * `hearth validate FILES`): the importers put the returns' records here exactly as they
 * would into a database, the measures read struct facts from here and the rules whole
 * children, with no SQL and nothing written anywhere. The
 * upsert rule is store.h's and store_sqlite.c's (newer collection year overwrites, older
 * fills blanks; the natural keys of schema.c; a key with a blank is never matched), and
 * store_complete_episode drops what a newer return of an episode corrected, so the facts
 * are the ones the same files imported into a database give. It holds one load: a
 * transaction, committed or rolled back (which empties it). Only the paths import, the
 * facts, the trends and the rules need are held; the others answer that the records are
 * not in a database. */
#include "store_mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/postcode.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "store_impl.h"
#include "trends.h"

/* ---- records: one table per kind, rows of values as the SQLite store's columns ----- */

enum { V_NULL, V_INT, V_TEXT };
struct mval {
    union {
        int64_t i;
        const char *s;
    };
    int t;
};

enum {
    T_PERSON, T_CIN_EPISODE, T_ASSESSMENT, T_CIN_PLAN, T_S47, T_CP_PLAN, T_CP_REVIEW,
    T_LA_EPISODE, T_LA_REVIEW, T_MISSING, T_CARE_LEAVER, T_LA_OUTCOME, T_ADOPTION,
    T_PLACED_ADOPTION, T_PREV_PERM, T_UASC, T_SW_EPISODE, T_DOLO, T_CONTACT, T_EARLY_HELP, T__N
};

/* How many leading columns form the natural key (schema.c's UNIQUE), as store_sqlite.c's
 * tdefs; column 0 of every table but person is the record it hangs off. */
static const int nkeys[T__N] = {
    [T_PERSON] = 1, [T_CIN_EPISODE] = 2, [T_ASSESSMENT] = 2, [T_CIN_PLAN] = 2, [T_S47] = 2,
    [T_CP_PLAN] = 2, [T_CP_REVIEW] = 2, [T_LA_EPISODE] = 2, [T_LA_REVIEW] = 2, [T_MISSING] = 2,
    [T_CARE_LEAVER] = 2, [T_LA_OUTCOME] = 2, [T_ADOPTION] = 2, [T_PLACED_ADOPTION] = 2,
    [T_PREV_PERM] = 1, [T_UASC] = 1, [T_SW_EPISODE] = 3, [T_DOLO] = 2, [T_CONTACT] = 4,
    [T_EARLY_HELP] = 2,
};

/* Columns used by the facts (the order of the put lists below). */
enum { P_DOB = 7, P_DISABILITIES = 12 };
enum { CE_PERSON = 0, CE_REFERRAL = 1, CE_CLOSURE = 4, CE_REASON = 5, CE_NFA = 6 };
enum { LA_PERSON = 0, LA_DECOM = 1, LA_RNE = 2, LA_LS = 3, LA_PLACE = 5, LA_PROVIDER = 6,
       LA_DEC = 7, LA_REC = 8, LA_HOME_POST = 10, LA_PL_POST = 11 };

#define DEAD INT32_MIN /* the src_year of a deleted row */

/* A slot of the person table's key index: the row (index + 1; 0 empty, GRAVE a row dropped)
 * and the high half of its key hash, so that a probe reads a row only when its key is
 * likely the one sought. Eight bytes: a probe is one cache line, where chained buckets cost
 * a miss in the bucket array, another in the chain and a third in the row. The other
 * tables start without one: their key starts with the record they hang off, whose few rows
 * the sib chain already lists (most likely just put, so in the cache: 5% less CPU and a
 * sixth fewer page faults for an authority's files). A table is given an index once a
 * record has more than CHAIN_MAX rows in it (an Annex A list with one child ID for every
 * contact took 15 s by the chain alone). */
#define CHAIN_MAX 64
struct mslot {
    uint32_t tag, row;
};
#define GRAVE UINT32_MAX

struct mtab {
    int ncol, nkey;
    int indexed;        /* found by slot (person, or a table given an index), else by the
                         * parent's sib chain */
    size_t n, cap;
    struct mval *v;     /* n rows of ncol values */
    int32_t *year;      /* src_year; DEAD: deleted */
    uint64_t *hash;     /* of the row's key (0: a blank in it), for rehash and drop_row;
                         * 1 for any key while the table has no index */
    uint64_t *fp;       /* person only: of the values last put and their year */
    uint32_t *sib;      /* next row (index + 1) with the same column 0 */
    struct mslot *slot; /* when indexed: open addressing on the key hash, linear probing;
                         * nslot a power of two */
    size_t nslot, nused; /* nused: slots holding a row or a grave */
    uint32_t *first;    /* column 0's id -> first row (index + 1) */
    size_t nfirst;
};

/* The returns that described an episode of need (cin_episode_return). */
struct mreturn {
    uint32_t episode, next; /* next: index + 1 of the episode's next return */
    int year;
    day_t first_day, last_day;
};

struct msetting {
    char *key, *value;
};

struct mstore {
    struct store base; /* first: the store.h handle is this struct */
    struct mtab t[T__N];
    struct arena text;      /* every text value held */
    struct mreturn *ret;
    size_t n_ret, cap_ret;
    uint32_t *ret_first;    /* episode id -> first return (index + 1) */
    size_t n_ret_first;
    struct msetting *settings;
    size_t n_settings;
    int in_txn, used;
};

static int ncols_of(int ti)
{
    static const int n[T__N] = {
        [T_PERSON] = 15, [T_CIN_EPISODE] = 8, [T_ASSESSMENT] = 5, [T_CIN_PLAN] = 3, [T_S47] = 5,
        [T_CP_PLAN] = 6, [T_CP_REVIEW] = 2, [T_LA_EPISODE] = 13, [T_LA_REVIEW] = 3,
        [T_MISSING] = 4, [T_CARE_LEAVER] = 5, [T_LA_OUTCOME] = 12, [T_ADOPTION] = 7,
        [T_PLACED_ADOPTION] = 4, [T_PREV_PERM] = 4, [T_UASC] = 2, [T_SW_EPISODE] = 5,
        [T_DOLO] = 3, [T_CONTACT] = 6, [T_EARLY_HELP] = 4,
    };
    return n[ti];
}

/* An empty table ti. */
static void table_init(struct mtab *t, int ti)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncols_of(ti);
    t->nkey = nkeys[ti];
    t->indexed = ti == T_PERSON;
}

/* One step of the hashes below: a word at a time, where FNV took a byte. Each step is a
 * bijection of h for a given x, so values that differ in one word never collide. */
static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x;
    h *= 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    size_t n = strlen(s);
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = mix(h, w);
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    return mix(h, w ^ ((uint64_t)n << 56)); /* the length in the byte a tail never fills */
}

static uint64_t key_hash(const struct mval *v, int nkey)
{
    uint64_t h = 14695981039346656037ULL;
    for (int j = 0; j < nkey; j++) {
        if (v[j].t == V_INT)
            h = mix(h, (uint64_t)v[j].i);
        else
            h = mix_str(h, v[j].s);
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1; /* 0: a key with a blank */
}

static int val_eq(const struct mval *a, const struct mval *b)
{
    if (a->t != b->t)
        return 0;
    if (a->t == V_INT)
        return a->i == b->i;
    if (a->t == V_TEXT)
        return strcmp(a->s, b->s) == 0;
    return 1;
}

static struct mval *row_of(struct mtab *t, size_t r) { return &t->v[r * (size_t)t->ncol]; }

static void grow_u32(uint32_t **a, size_t *n, size_t need)
{
    if (need <= *n)
        return;
    size_t m = *n ? *n : 1024;
    while (m < need)
        m *= 2;
    *a = xrealloc(*a, m * sizeof **a);
    memset(*a + *n, 0, (m - *n) * sizeof **a);
    *n = m;
}

static void slot_add(struct mtab *t, uint64_t h, size_t r)
{
    size_t mask = t->nslot - 1, i = h & mask;
    while (t->slot[i].row)
        i = (i + 1) & mask;
    t->slot[i] = (struct mslot){(uint32_t)(h >> 32), (uint32_t)(r + 1)};
    t->nused++;
}

/* A fresh index for the live rows, at most a quarter full (graves dropped). */
static void rehash(struct mtab *t)
{
    size_t live = 0;
    for (size_t r = 0; r < t->n; r++)
        live += t->year[r] != DEAD && t->hash[r];
    size_t ns = 4096;
    while (ns < 4 * live)
        ns *= 2;
    free(t->slot);
    t->slot = xcalloc(ns, sizeof *t->slot);
    t->nslot = ns;
    t->nused = 0;
    for (size_t r = 0; r < t->n; r++)
        if (t->year[r] != DEAD && t->hash[r]) /* hash 0: a key with a blank, never matched */
            slot_add(t, t->hash[r], r);
}

static const char *keep_text(struct mstore *s, const struct mval *v)
{
    return v->t == V_TEXT ? arena_strdup(&s->text, v->s) : NULL;
}

/* A new row with the values v (texts copied); returns its index. */
static size_t add_row(struct mstore *s, struct mtab *t, int year, const struct mval *v, uint64_t h)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = xrealloc(t->v, t->cap * (size_t)t->ncol * sizeof *t->v);
        t->year = xrealloc(t->year, t->cap * sizeof *t->year);
        t->sib = xrealloc(t->sib, t->cap * sizeof *t->sib);
        t->hash = xrealloc(t->hash, t->cap * sizeof *t->hash);
        t->fp = xrealloc(t->fp, t->cap * sizeof *t->fp);
    }
    size_t r = t->n++;
    struct mval *dst = row_of(t, r);
    for (int j = 0; j < t->ncol; j++) {
        dst[j] = v[j];
        if (v[j].t == V_TEXT)
            dst[j].s = keep_text(s, &v[j]);
    }
    t->year[r] = year;
    t->sib[r] = 0;
    t->hash[r] = h;
    t->fp[r] = 0;
    if (h && t->indexed) {
        if (2 * (t->nused + 1) > t->nslot)
            rehash(t); /* takes in row r too */
        else
            slot_add(t, h, r);
    }
    if (dst[0].t == V_INT && dst[0].i > 0 && t != &s->t[T_PERSON]) {
        size_t parent = (size_t)dst[0].i;
        grow_u32(&t->first, &t->nfirst, parent + 1);
        t->sib[r] = t->first[parent];
        t->first[parent] = (uint32_t)(r + 1);
    }
    return r;
}

static int key_eq(const struct mtab *t, const struct mval *o, const struct mval *v)
{
    for (int j = 0; j < t->nkey; j++)
        if (!val_eq(&o[j], &v[j]))
            return 0;
    return 1;
}

/* Give table t its index: the rows' key hashes (keys never change once put), then slots. */
static void index_table(struct mtab *t)
{
    t->indexed = 1;
    for (size_t r = 0; r < t->n; r++)
        if (t->hash[r])
            t->hash[r] = key_hash(row_of(t, r), t->nkey);
    rehash(t);
}

/* The live row with v's key, or -1. *h is v's key_of, not 0; it becomes v's key hash when
 * the table is given an index on the way. */
static long find_row(struct mtab *t, const struct mval *v, uint64_t *h)
{
    if (!t->indexed) {
        size_t parent = v[0].t == V_INT && v[0].i > 0 ? (size_t)v[0].i : 0, steps = 0;
        uint32_t r = parent < t->nfirst ? t->first[parent] : 0;
        for (; r && steps <= CHAIN_MAX; r = t->sib[r - 1], steps++)
            if (t->year[r - 1] != DEAD && key_eq(t, row_of(t, r - 1), v))
                return (long)(r - 1);
        if (!r)
            return -1;
        index_table(t);
        *h = key_hash(v, t->nkey);
    }
    if (!t->nslot)
        return -1;
    uint32_t tag = (uint32_t)(*h >> 32);
    size_t mask = t->nslot - 1;
    for (size_t i = *h & mask; t->slot[i].row; i = (i + 1) & mask) {
        const struct mslot *sl = &t->slot[i];
        if (sl->tag != tag || sl->row == GRAVE)
            continue;
        const struct mval *o = row_of(t, sl->row - 1);
        if (key_eq(t, o, v))
            return (long)(sl->row - 1);
    }
    return -1;
}

/* Forget row r (a record a newer return corrected away). */
static void drop_row(struct mtab *t, size_t r)
{
    if (t->year[r] == DEAD)
        return;
    t->year[r] = DEAD;
    if (!t->nslot || !t->hash[r])
        return;
    size_t mask = t->nslot - 1;
    for (size_t i = t->hash[r] & mask; t->slot[i].row; i = (i + 1) & mask)
        if (t->slot[i].row == r + 1) {
            t->slot[i].row = GRAVE; /* the probe runs on past it */
            return;
        }
}

/* The key hash of v for table t (1 for a table found by sib chain, which needs none), 0
 * when the key has a blank. */
static uint64_t key_of(const struct mtab *t, const struct mval *v)
{
    for (int j = 0; j < t->nkey; j++)
        if (v[j].t == V_NULL)
            return 0;
    return t->indexed ? key_hash(v, t->nkey) : 1;
}

/* store_sqlite.c's put(): insert, or merge into the record with the same key (whose
 * key_of is h). */
static int put_hashed(struct mstore *s, int ti, int year, const struct mval *v, uint64_t h,
                      uint64_t fp, rec_id *id_out, enum put_outcome *out, struct err *e)
{
    struct mtab *t = &s->t[ti];
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: write outside a transaction");
    long r = !h ? -1 : find_row(t, v, &h);
    enum put_outcome outcome;
    if (r < 0) {
        r = (long)add_row(s, t, year, v, h);
        t->fp[r] = fp;
        outcome = PUT_ADDED;
    } else if (fp && t->fp[r] == fp) {
        /* the same values from the same year as the last put: the returns name a child
         * in every table and every year */
        outcome = PUT_UNCHANGED;
    } else {
        struct mval *old = row_of(t, (size_t)r);
        int old_year = t->year[r], changed = 0, newer = year >= old_year;
        for (int j = t->nkey; j < t->ncol; j++) {
            const struct mval *nv = &v[j];
            struct mval m = newer ? (nv->t != V_NULL ? *nv : old[j]) : (old[j].t != V_NULL ? old[j] : *nv);
            if (!val_eq(&m, &old[j])) {
                changed = 1;
                old[j] = m;
                if (m.t == V_TEXT)
                    old[j].s = keep_text(s, &m);
            }
        }
        if (year > old_year)
            t->year[r] = year;
        t->fp[r] = fp;
        outcome = year < old_year ? PUT_OLDER : changed ? PUT_UPDATED : PUT_UNCHANGED;
    }
    if (id_out)
        *id_out = r + 1;
    if (out)
        *out = outcome;
    return HE_OK;
}

static int put(struct mstore *s, int ti, int year, const struct mval *v, uint64_t fp,
               rec_id *id_out, enum put_outcome *out, struct err *e)
{
    return put_hashed(s, ti, year, v, key_of(&s->t[ti], v), fp, id_out, out, e);
}

/* ---- value helpers: the model's "not recorded" becomes a blank, as in the database -- */

static struct mval T(const char *s) { return s && *s ? (struct mval){.s = s, .t = V_TEXT} : (struct mval){.t = V_NULL}; }
static struct mval D(day_t d) { return d != DAY_NONE ? (struct mval){.i = d, .t = V_INT} : (struct mval){.t = V_NULL}; }
static struct mval I(int64_t i) { return (struct mval){.i = i, .t = V_INT}; }
static struct mval F(int f) { return f >= 0 ? I(f) : (struct mval){.t = V_NULL}; } /* -1 = not recorded */
static struct mval R(rec_id id) { return id ? I(id) : (struct mval){.t = V_NULL}; }

/* Of a put's values and year (never 0), as store_sqlite.c's seen-person cache. */
static uint64_t fingerprint(int year, const struct mval *v, int n)
{
    uint64_t h = mix(14695981039346656037ULL, (uint64_t)(uint32_t)year);
    for (int j = 0; j < n; j++) {
        h = mix(h, (uint64_t)v[j].t);
        if (v[j].t == V_INT)
            h = mix(h, (uint64_t)v[j].i);
        else if (v[j].t == V_TEXT)
            h = mix_str(h, v[j].s);
    }
    return h ? h : 1;
}

#define PUT(kind, ti, ...)                                                                 \
    static int mem_put_##kind(struct store *base_, int year, const struct kind *r,         \
                              rec_id *id, enum put_outcome *out, struct err *e)           \
    {                                                                                      \
        const struct mval v[] = {__VA_ARGS__};                                             \
        _Static_assert(sizeof v / sizeof v[0] <= 16, "columns");                           \
        return put((struct mstore *)base_, ti, year, v, 0, id, out, e);                    \
    }

static int mem_put_person(struct store *base_, int year, const struct person *r, rec_id *id,
                          enum put_outcome *out, struct err *e)
{
    if (!r->la_child_id || !*r->la_child_id)
        return err_set(e, HE_INPUT, "a child has no LAchildID");
    const struct mval v[] = {T(r->la_child_id), T(r->upn), T(r->former_upn), T(r->upn_unknown),
                             T(r->nhs_number), T(r->given_name), T(r->family_name), D(r->dob),
                             D(r->expected_dob), D(r->death_date), T(r->sex), T(r->ethnicity),
                             T(r->disabilities), F(r->mother), D(r->mc_dob)};
    struct mstore *s = (struct mstore *)base_;
    struct mtab *t = &s->t[T_PERSON];
    uint64_t h = key_of(t, v);
    /* the slot is a cache miss (people come in no order the table keeps): start it while
     * the fingerprint is worked out */
    if (t->nslot)
        __builtin_prefetch(&t->slot[h & (t->nslot - 1)]);
    return put_hashed(s, T_PERSON, year, v, h, fingerprint(year, v, 15), id, out, e);
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
PUT(contact, T_CONTACT, R(r->person), D(r->date), ((struct mval){.s = r->source ? r->source : "", .t = V_TEXT}),
    I(r->seq > 1 ? r->seq : 1), T(r->decision), D(r->decision_date))
PUT(early_help, T_EARLY_HELP, R(r->person), D(r->start), D(r->end), T(r->organisation))

/* ---- completing an episode of need (store_sqlite.c's complete_sql, in memory) ------- */

static int64_t ival(const struct mval *v) { return v->t == V_INT ? v->i : 0; }
static day_t dval(const struct mval *v) { return v->t == V_INT ? (day_t)v->i : DAY_NONE; }

/* Is there a return of the episode newer than src_year whose window [first, last] the
 * part was active in: start <= last and (no end, or end >= first)? */
static bool newer_return_covers(const struct mstore *s, size_t episode, int src_year, day_t start,
                                day_t end)
{
    if (episode >= s->n_ret_first)
        return false;
    for (uint32_t k = s->ret_first[episode]; k; k = s->ret[k - 1].next) {
        const struct mreturn *r = &s->ret[k - 1];
        if (r->year > src_year && start <= r->last_day && (end == DAY_NONE || end >= r->first_day))
            return true;
    }
    return false;
}

static int mem_complete_episode(struct store *base_, rec_id episode, int year, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    if (first == DAY_NONE || last == DAY_NONE)
        return err_set(e, HE_INTERNAL, "store: collection year %d out of range", year);
    if (episode <= 0 || (size_t)episode > s->t[T_CIN_EPISODE].n)
        return err_set(e, HE_INTERNAL, "store: no episode %lld to complete", (long long)episode);
    size_t ep = (size_t)episode;
    bool known = false;
    for (uint32_t k = ep < s->n_ret_first ? s->ret_first[ep] : 0; k && !known; k = s->ret[k - 1].next)
        known = s->ret[k - 1].year == year;
    if (!known) {
        if (s->n_ret == s->cap_ret) {
            s->cap_ret = s->cap_ret ? s->cap_ret * 2 : 1024;
            s->ret = xrealloc(s->ret, s->cap_ret * sizeof *s->ret);
        }
        grow_u32(&s->ret_first, &s->n_ret_first, ep + 1);
        s->ret[s->n_ret] = (struct mreturn){(uint32_t)ep, s->ret_first[ep], year, first, last};
        s->ret_first[ep] = (uint32_t)++s->n_ret;
    }
    struct mtab *as = &s->t[T_ASSESSMENT], *pl = &s->t[T_CIN_PLAN], *q = &s->t[T_S47],
                *cp = &s->t[T_CP_PLAN], *rv = &s->t[T_CP_REVIEW];
    for (uint32_t r = ep < as->nfirst ? as->first[ep] : 0; r; r = as->sib[r - 1]) {
        const struct mval *v = row_of(as, r - 1);
        if (as->year[r - 1] != DEAD && newer_return_covers(s, ep, as->year[r - 1], dval(&v[1]), dval(&v[3])))
            drop_row(as, r - 1);
    }
    for (uint32_t r = ep < pl->nfirst ? pl->first[ep] : 0; r; r = pl->sib[r - 1]) {
        const struct mval *v = row_of(pl, r - 1);
        if (pl->year[r - 1] != DEAD && newer_return_covers(s, ep, pl->year[r - 1], dval(&v[1]), dval(&v[2])))
            drop_row(pl, r - 1);
    }
    /* an enquiry is active from its start to its conference, or on its start alone */
    for (uint32_t r = ep < q->nfirst ? q->first[ep] : 0; r; r = q->sib[r - 1]) {
        const struct mval *v = row_of(q, r - 1);
        day_t start = dval(&v[1]), icpc = dval(&v[3]);
        if (q->year[r - 1] != DEAD && newer_return_covers(s, ep, q->year[r - 1], start, icpc != DAY_NONE ? icpc : start))
            drop_row(q, r - 1);
    }
    for (uint32_t r = ep < cp->nfirst ? cp->first[ep] : 0; r; r = cp->sib[r - 1]) {
        if (cp->year[r - 1] == DEAD)
            continue;
        const struct mval *v = row_of(cp, r - 1);
        bool plan_gone = newer_return_covers(s, ep, cp->year[r - 1], dval(&v[1]), dval(&v[2]));
        for (uint32_t w = r < rv->nfirst ? rv->first[r] : 0; w; w = rv->sib[w - 1]) {
            /* a review is active on its day alone */
            day_t d = dval(&row_of(rv, w - 1)[1]);
            if (rv->year[w - 1] != DEAD && (plan_gone || newer_return_covers(s, ep, rv->year[w - 1], d, d)))
                drop_row(rv, w - 1);
        }
        if (plan_gone)
            drop_row(cp, r - 1);
    }
    return HE_OK;
}

/* ---- transactions, settings, people ------------------------------------------------ */

static void mem_empty(struct mstore *s)
{
    for (int i = 0; i < T__N; i++) {
        struct mtab *t = &s->t[i];
        free(t->v);
        free(t->year);
        free(t->sib);
        free(t->hash);
        free(t->fp);
        free(t->slot);
        free(t->first);
        table_init(t, i);
    }
    free(s->ret);
    free(s->ret_first);
    s->ret = NULL;
    s->ret_first = NULL;
    s->n_ret = s->cap_ret = s->n_ret_first = 0;
    arena_free(&s->text);
}

static void mem_close(struct store *base_)
{
    struct mstore *s = (struct mstore *)base_;
    mem_empty(s);
    for (size_t i = 0; i < s->n_settings; i++) {
        free(s->settings[i].key);
        free(s->settings[i].value);
    }
    free(s->settings);
    free(s);
}

static int mem_begin(struct store *base_, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    if (s->in_txn)
        return err_set(e, HE_INTERNAL, "store: transaction already open");
    if (s->used)
        return err_set(e, HE_INTERNAL, "store: the memory store takes one load");
    s->in_txn = s->used = 1;
    return HE_OK;
}

static int mem_commit(struct store *base_, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    if (!s->in_txn)
        return err_set(e, HE_INTERNAL, "store: commit without a transaction");
    s->in_txn = 0;
    return HE_OK;
}

static int mem_rollback(struct store *base_, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    if (s->in_txn)
        mem_empty(s);
    s->in_txn = 0;
    return HE_OK;
}

static int mem_set_setting(struct store *base_, const char *key, const char *value, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    for (size_t i = 0; i < s->n_settings; i++)
        if (!strcmp(s->settings[i].key, key)) {
            free(s->settings[i].value);
            s->settings[i].value = xstrdup(value);
            return HE_OK;
        }
    s->settings = xrealloc(s->settings, (s->n_settings + 1) * sizeof *s->settings);
    s->settings[s->n_settings++] = (struct msetting){xstrdup(key), xstrdup(value)};
    return HE_OK;
}

static int mem_get_setting(struct store *base_, const char *key, char **value, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    *value = NULL;
    for (size_t i = 0; i < s->n_settings; i++)
        if (!strcmp(s->settings[i].key, key))
            *value = xstrdup(s->settings[i].value);
    return HE_OK;
}

static int mem_find_person(struct store *base_, const char *la_child_id, rec_id *id, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    struct mval k = T(la_child_id);
    uint64_t h = k.t == V_NULL ? 0 : key_hash(&k, 1);
    long r = h ? find_row(&s->t[T_PERSON], &k, &h) : -1;
    *id = r < 0 ? 0 : r + 1;
    return HE_OK;
}

/* ---- the facts: one function per member of struct facts, each as facts.h promises ---- */

#define GROW(arr, n, cap)                                              \
    do {                                                               \
        if ((n) == (cap)) {                                            \
            (cap) = (cap) ? (cap) * 2 : 1024;                          \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));            \
        }                                                              \
    } while (0)

/* Each live row of table ti, as v (its values) and r (its index). */
#define EACH_ROW(s, ti, r, v)                                                              \
    for (size_t r = 0; r < (s)->t[ti].n; r++)                                              \
        for (const struct mval *v = row_of(&(s)->t[ti], r); v && (s)->t[ti].year[r] != DEAD; v = NULL)

static void code(char *dst, size_t size, const struct mval *v)
{
    snprintf(dst, size, "%s", v->t == V_TEXT ? v->s : "");
}

static const struct mval *person_of(struct mstore *s, int64_t id)
{
    return id > 0 && (size_t)id <= s->t[T_PERSON].n ? row_of(&s->t[T_PERSON], (size_t)id - 1) : NULL;
}

static day_t dob_of(struct mstore *s, int64_t person)
{
    const struct mval *p = person_of(s, person);
    return p ? dval(&p[P_DOB]) : DAY_NONE;
}

static void facts_contacts(struct mstore *s, struct facts *f)
{
    EACH_ROW(s, T_CONTACT, r, v) {
        day_t d = dval(&v[1]);
        f->contacts += d != DAY_NONE && d >= f->from && d <= f->to;
    }
}

static void facts_referrals(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    day_t ref_from = date_add_months(f->from, -12);
    EACH_ROW(s, T_CIN_EPISODE, r, v) {
        day_t d = dval(&v[CE_REFERRAL]);
        if (d == DAY_NONE || d < ref_from || d > f->to)
            continue;
        const struct mval *why = &v[CE_REASON];
        day_t closed = dval(&v[CE_CLOSURE]);
        bool not_in_need = d >= f->from && why->t == V_TEXT && (!strcmp(why->s, "RC8") || !strcmp(why->s, "RC9")) &&
                           closed != DAY_NONE && closed <= f->to;
        GROW(f->referrals, f->n_referrals, cap);
        f->referrals[f->n_referrals++] = (struct fact_referral){
            .child = ival(&v[CE_PERSON]), .date = d,
            .nfa = v[CE_NFA].t == V_INT ? (int8_t)v[CE_NFA].i : -1,
            .not_in_need = not_in_need ? closed : DAY_NONE};
    }
    facts_order_referrals(f);
}

static void facts_assessments(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    EACH_ROW(s, T_ASSESSMENT, r, v) {
        day_t a = dval(&v[3]);
        if (a == DAY_NONE || a < f->from || a > f->to)
            continue;
        GROW(f->assessments, f->n_assessments, cap);
        f->assessments[f->n_assessments++] = (struct fact_assessment){dval(&v[1]), a};
    }
}

static bool in_period(const struct facts *f, day_t d) { return d != DAY_NONE && d >= f->from && d <= f->to; }

static void facts_s47(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    EACH_ROW(s, T_S47, r, v) {
        day_t start = dval(&v[1]), icpc = dval(&v[3]);
        if (!in_period(f, start) && !in_period(f, icpc))
            continue;
        GROW(f->s47, f->n_s47, cap);
        f->s47[f->n_s47++] = (struct fact_s47){start, icpc};
    }
}

/* The first day of the earliest return holding the episode, or DAY_NONE. */
static day_t returns_from(struct mstore *s, size_t episode)
{
    day_t min = DAY_NONE;
    for (uint32_t k = episode < s->n_ret_first ? s->ret_first[episode] : 0; k; k = s->ret[k - 1].next)
        if (min == DAY_NONE || s->ret[k - 1].first_day < min)
            min = s->ret[k - 1].first_day;
    return min;
}

struct plan_at {
    int64_t episode;
    day_t start;
    size_t row;
};

static int cmp_plan_at(const void *a, const void *b)
{
    const struct plan_at *x = a, *y = b;
    if (x->episode != y->episode)
        return x->episode < y->episode ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static void facts_cp_plans(struct mstore *s, struct facts *f)
{
    /* in episode and start order first, as the database reads them, so that plans of one
     * child starting on one day keep the same order after facts_order_cp_plans */
    struct mtab *cp = &s->t[T_CP_PLAN];
    struct plan_at *at = xmalloc((cp->n + 1) * sizeof *at);
    size_t n = 0;
    EACH_ROW(s, T_CP_PLAN, r, v) {
        day_t start = dval(&v[1]);
        if (start != DAY_NONE && start <= f->to)
            at[n++] = (struct plan_at){ival(&v[0]), start, r};
    }
    qsort(at, n, sizeof *at, cmp_plan_at);
    f->cp_plans = xcalloc(n + 1, sizeof *f->cp_plans);
    for (size_t i = 0; i < n; i++) {
        const struct mval *v = row_of(cp, at[i].row);
        const struct mval *ep = row_of(&s->t[T_CIN_EPISODE], (size_t)at[i].episode - 1);
        struct fact_cp_plan *p = &f->cp_plans[f->n_cp_plans++];
        p->child = ival(&ep[CE_PERSON]);
        p->start = at[i].start;
        p->end = dval(&v[2]);
        code(p->latest_category, sizeof p->latest_category, &v[4]);
        p->previous_plans = v[5].t == V_INT ? (int16_t)v[5].i : -1;
        code(p->initial_category, sizeof p->initial_category, &v[3]);
        p->returns_from = p->end == DAY_NONE || p->end >= f->from ? returns_from(s, (size_t)at[i].episode)
                                                                  : DAY_NONE;
    }
    free(at);
    facts_order_cp_plans(f);
}

/* Is the episode of need open at `to` (referred by then, not closed by then)? */
static bool cin_open_at(const struct mval *v, day_t to)
{
    day_t ref = dval(&v[CE_REFERRAL]), closed = dval(&v[CE_CLOSURE]);
    return ref != DAY_NONE && ref <= to && (closed == DAY_NONE || closed > to);
}

static void facts_cin_open(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    EACH_ROW(s, T_CIN_EPISODE, r, v) {
        if (!cin_open_at(v, f->to))
            continue;
        GROW(f->cin_open_children, f->n_cin_open, cap);
        f->cin_open_children[f->n_cin_open++] = ival(&v[CE_PERSON]);
    }
    f->n_cin_open = facts_unique_ids(f->cin_open_children, f->n_cin_open);
}

/* children in need and child protection */
static void facts_cin_open_disabled(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    EACH_ROW(s, T_CIN_EPISODE, r, v) {
        if (!cin_open_at(v, f->to))
            continue;
        const struct mval *p = person_of(s, ival(&v[CE_PERSON]));
        const struct mval *d = p ? &p[P_DISABILITIES] : NULL;
        if (!d || d->t != V_TEXT || !*d->s || !strcmp(d->s, "NONE"))
            continue;
        GROW(f->cin_open_disabled, f->n_cin_open_disabled, cap);
        f->cin_open_disabled[f->n_cin_open_disabled++] = ival(&v[CE_PERSON]);
    }
    f->n_cin_open_disabled = facts_unique_ids(f->cin_open_disabled, f->n_cin_open_disabled);
}

static int cmp_cp_review(const void *a, const void *b)
{
    const struct fact_cp_review *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    if (x->plan_start != y->plan_start)
        return x->plan_start < y->plan_start ? -1 : 1;
    return x->date < y->date ? -1 : x->date > y->date;
}

static void facts_cp_reviews(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    struct mtab *cp = &s->t[T_CP_PLAN];
    EACH_ROW(s, T_CP_REVIEW, r, v) {
        day_t d = dval(&v[1]);
        int64_t plan = ival(&v[0]);
        if (d == DAY_NONE || d > f->to || plan <= 0 || (size_t)plan > cp->n || cp->year[plan - 1] == DEAD)
            continue;
        const struct mval *p = row_of(cp, (size_t)plan - 1);
        day_t start = dval(&p[1]), end = dval(&p[2]);
        if (start > f->to || (end != DAY_NONE && end < f->from))
            continue;
        const struct mval *ep = row_of(&s->t[T_CIN_EPISODE], (size_t)ival(&p[0]) - 1);
        GROW(f->cp_reviews, f->n_cp_reviews, cap);
        f->cp_reviews[f->n_cp_reviews++] = (struct fact_cp_review){ival(&ep[CE_PERSON]), start, d};
    }
    if (f->n_cp_reviews)
        qsort(f->cp_reviews, f->n_cp_reviews, sizeof *f->cp_reviews, cmp_cp_review);
}

static void facts_la_episodes(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    day_t since = facts_la_since(f->from);
    EACH_ROW(s, T_LA_EPISODE, r, v) {
        day_t decom = dval(&v[LA_DECOM]), dec = dval(&v[LA_DEC]);
        if (decom == DAY_NONE || decom > f->to || (dec != DAY_NONE && dec < since))
            continue;
        GROW(f->la_episodes, f->n_la_episodes, cap);
        struct fact_la_episode *l = &f->la_episodes[f->n_la_episodes++];
        memset(l, 0, sizeof *l);
        l->child = ival(&v[LA_PERSON]);
        l->decom = decom;
        l->dec = dec;
        l->dob = dec == DAY_NONE || dec >= f->from ? dob_of(s, l->child) : DAY_NONE;
        code(l->place, sizeof l->place, &v[LA_PLACE]);
        code(l->place_provider, sizeof l->place_provider, &v[LA_PROVIDER]);
        code(l->rec, sizeof l->rec, &v[LA_REC]);
        code(l->rne, sizeof l->rne, &v[LA_RNE]);
        code(l->ls, sizeof l->ls, &v[LA_LS]);
        l->in_area = l->far = -1; /* facts_place fills them */
    }
    facts_order_la_episodes(f);
}

static void facts_missing(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    EACH_ROW(s, T_MISSING, r, v) {
        day_t start = dval(&v[1]);
        if (!in_period(f, start))
            continue;
        GROW(f->missing, f->n_missing, cap);
        f->missing[f->n_missing++] = (struct fact_missing){
            ival(&v[0]), start, v[3].t == V_TEXT && *v[3].s ? v[3].s[0] : '?'};
    }
}

/* OC3 belongs to a collection year: only a period ending on 31 March has one. 0: none. */
static int oc3_year(const struct facts *f)
{
    int y, m, d;
    date_to_ymd(f->to, &y, &m, &d);
    return m == 3 && d == 31 ? y : 0;
}

static void facts_oc3_accom(struct mstore *s, struct facts *f)
{
    size_t cap = 0;
    int y = oc3_year(f);
    if (!y)
        return;
    EACH_ROW(s, T_CARE_LEAVER, r, v) {
        if (ival(&v[1]) != y)
            continue;
        GROW(f->oc3_accom, f->n_oc3, cap);
        code(f->oc3_accom[f->n_oc3++], sizeof f->oc3_accom[0], &v[4]);
    }
}

static int cmp_care_leaver_row(const void *a, const void *b)
{
    const int64_t *x = a, *y = b; /* person, row */
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void facts_care_leavers(struct mstore *s, struct facts *f)
{
    int y = oc3_year(f);
    if (!y)
        return;
    struct mtab *t = &s->t[T_CARE_LEAVER];
    int64_t (*at)[2] = xmalloc((t->n + 1) * sizeof *at);
    size_t n = 0;
    EACH_ROW(s, T_CARE_LEAVER, r, v) {
        if (ival(&v[1]) == y) {
            at[n][0] = ival(&v[0]);
            at[n++][1] = (int64_t)r;
        }
    }
    qsort(at, n, sizeof *at, cmp_care_leaver_row);
    f->care_leavers = xcalloc(n + 1, sizeof *f->care_leavers);
    for (size_t i = 0; i < n; i++) {
        const struct mval *v = row_of(t, (size_t)at[i][1]);
        struct fact_care_leaver *l = &f->care_leavers[f->n_care_leavers++];
        l->dob = dob_of(s, at[i][0]);
        code(l->in_touch, sizeof l->in_touch, &v[2]);
        code(l->activ, sizeof l->activ, &v[3]);
        code(l->accom, sizeof l->accom, &v[4]);
    }
    free(at);
}

/* Where a postcode as the return gave it is, by the sectors shipped in the program (a store
 * in memory holds no postcode directory); false when blank, not a full postcode or unknown. */
static bool place_of(const struct mval *raw, struct postcode_place *out)
{
    char pc[9];
    if (raw->t != V_TEXT || !postcode_normalise(raw->s, pc))
        return false;
    const struct postcode_sector *ps = postcode_sector_find(pc);
    if (!ps)
        return false;
    snprintf(out->la, sizeof out->la, "%s", ps->la);
    out->easting = ps->easting;
    out->northing = ps->northing;
    return true;
}

/* in_area and far of the looked-after episodes, as store_facts_place.c works them out for a
 * database: every episode open on a day of the period with a placement postcode; the area
 * is the ons_code setting, else the child's home's. */
static void facts_place(struct mstore *s, struct facts *f)
{
    char *area = NULL;
    struct err ignored;
    if (mem_get_setting(&s->base, "ons_code", &area, &ignored) != HE_OK)
        area = NULL;
    EACH_ROW(s, T_LA_EPISODE, r, v) {
        day_t decom = dval(&v[LA_DECOM]), dec = dval(&v[LA_DEC]);
        if (decom == DAY_NONE || decom > f->to || (dec != DAY_NONE && dec <= f->from) ||
            v[LA_PL_POST].t == V_NULL)
            continue;
        struct fact_la_episode *ep = facts_la_episode_find(f, ival(&v[LA_PERSON]), decom);
        if (!ep)
            continue;
        struct postcode_place home, placed;
        bool hf = place_of(&v[LA_HOME_POST], &home), pf = place_of(&v[LA_PL_POST], &placed);
        if (hf && pf)
            ep->far = postcode_tenths_of_mile(postcode_distance_m(&home, &placed)) > POSTCODE_FAR_MILES * 10;
        if (pf && area && *area)
            ep->in_area = !strcmp(area, placed.la);
        else if (pf && hf)
            ep->in_area = !strcmp(home.la, placed.la);
    }
    free(area);
}

/* facts.h's adoptions, worked out as store_facts_adopt.c does from a database's rows. */
static int cmp_adopt_ep(const void *a, const void *b)
{
    const struct adopt_ep *x = a, *y = b;
    return (x->decom > y->decom) - (x->decom < y->decom);
}

struct ad1 {
    int64_t child;
    day_t date_int, match;
};

static int cmp_ad1(const void *a, const void *b)
{
    const struct ad1 *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    return (x->date_int > y->date_int) - (x->date_int < y->date_int);
}

static void facts_adoptions(struct mstore *s, struct facts *f)
{
    free(f->adoptions);
    f->adoptions = NULL;
    f->n_adoptions = 0;
    int64_t *kids = NULL;
    size_t nk = 0, capk = 0;
    EACH_ROW(s, T_LA_EPISODE, r, v) {
        day_t dec = dval(&v[LA_DEC]);
        if (in_period(f, dec) && v[LA_REC].t == V_TEXT &&
            (!strcmp(v[LA_REC].s, "E11") || !strcmp(v[LA_REC].s, "E12"))) {
            GROW(kids, nk, capk);
            kids[nk++] = ival(&v[LA_PERSON]);
        }
    }
    nk = facts_unique_ids(kids, nk);
    const struct mtab *la = &s->t[T_LA_EPISODE];
    struct adopt_ep *eps = NULL;
    size_t cap = 0, acap = 0;
    for (size_t k = 0; k < nk; k++) {
        size_t n = 0;
        uint64_t id = (uint64_t)kids[k];
        for (uint32_t r = id < la->nfirst ? la->first[id] : 0; r; r = la->sib[r - 1]) {
            if (la->year[r - 1] == DEAD)
                continue;
            const struct mval *v = row_of((struct mtab *)la, r - 1);
            day_t decom = dval(&v[LA_DECOM]);
            if (decom == DAY_NONE || decom > f->to)
                continue;
            GROW(eps, n, cap);
            struct adopt_ep *x = &eps[n++];
            x->decom = decom;
            x->dec = dval(&v[LA_DEC]);
            code(x->rec, sizeof x->rec, &v[LA_REC]);
            code(x->place, sizeof x->place, &v[LA_PLACE]);
            code(x->ls, sizeof x->ls, &v[LA_LS]);
            code(x->rne, sizeof x->rne, &v[LA_RNE]);
        }
        qsort(eps, n, sizeof *eps, cmp_adopt_ep);
        store_child_adoptions(f, kids[k], eps, n, &acap);
    }
    free(eps);
    struct ad1 *rows = NULL;
    size_t nr = 0, capr = 0;
    const struct mtab *ad = &s->t[T_ADOPTION];
    for (size_t k = 0; k < nk; k++) {
        uint64_t id = (uint64_t)kids[k];
        for (uint32_t r = id < ad->nfirst ? ad->first[id] : 0; r; r = ad->sib[r - 1]) {
            if (ad->year[r - 1] == DEAD)
                continue;
            const struct mval *v = row_of((struct mtab *)ad, r - 1);
            day_t di = dval(&v[1]);
            if (di == DAY_NONE || di > f->to)
                continue;
            GROW(rows, nr, capr);
            rows[nr++] = (struct ad1){kids[k], di, dval(&v[2])};
        }
    }
    if (nr)
        qsort(rows, nr, sizeof *rows, cmp_ad1);
    size_t at = 0;
    for (size_t i = 0; i < nr; i++)
        store_adoption_match(f, &at, rows[i].child, rows[i].date_int, rows[i].match);
    free(rows);
    free(kids);
}

static int mem_facts_adoptions(struct store *base_, struct facts *f, struct err *e)
{
    facts_adoptions((struct mstore *)base_, f);
    return HE_OK;
}

static int mem_load_facts(struct store *base_, day_t from, day_t to, struct facts *f, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    memset(f, 0, sizeof *f);
    f->from = from;
    f->to = to;
    facts_contacts(s, f);
    facts_referrals(s, f);
    facts_assessments(s, f);
    facts_s47(s, f);
    facts_cp_plans(s, f);
    facts_cin_open(s, f);
    facts_cin_open_disabled(s, f);
    facts_cp_reviews(s, f);
    facts_la_episodes(s, f);
    facts_missing(s, f);
    facts_oc3_accom(s, f);
    facts_care_leavers(s, f);
    return HE_OK;
}

static int mem_facts_place(struct store *base_, struct facts *f, struct err *e)
{
    facts_place((struct mstore *)base_, f);
    return HE_OK;
}

/* ---- trends (store/trends.h), as store_trend.c reads them from a database ------------ */

static int cmp_span(const void *a, const void *b)
{
    const struct cin_span *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    return (x->referral > y->referral) - (x->referral < y->referral);
}

static int mem_load_trend_facts(struct store *base_, day_t from, day_t to, struct trend_facts *t,
                                struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    t->from = from;
    t->to = to;
    t->contacts_by_day = xcalloc((size_t)(to - from) + 1, sizeof *t->contacts_by_day);
    EACH_ROW(s, T_CONTACT, r, v) {
        day_t day = dval(&v[1]);
        if (day != DAY_NONE && day >= from && day <= to)
            t->contacts_by_day[day - from]++;
    }
    size_t cap = 0;
    EACH_ROW(s, T_CIN_EPISODE, r, v) {
        day_t ref = dval(&v[CE_REFERRAL]), closed = dval(&v[CE_CLOSURE]);
        if (ref == DAY_NONE || ref > to || (closed != DAY_NONE && closed <= from))
            continue;
        GROW(t->cin, t->n_cin, cap);
        t->cin[t->n_cin++] = (struct cin_span){ival(&v[CE_PERSON]), ref, closed};
    }
    if (t->n_cin > 1)
        qsort(t->cin, t->n_cin, sizeof *t->cin, cmp_span);
    cap = 0;
    EACH_ROW(s, T_PERSON, r, v) {
        const struct mval *dis = &v[P_DISABILITIES];
        if (dis->t != V_TEXT || !*dis->s || !strcmp(dis->s, "NONE"))
            continue;
        GROW(t->disabled, t->n_disabled, cap);
        t->disabled[t->n_disabled++] = (int64_t)r + 1;
    }
    return HE_OK;
}

/* The collection years held: store_trend.c's query over contacts, episodes of need and
 * looked-after episodes (a year 0, Annex A's, names no year; their dates do). */
static int mem_data_years(struct store *base_, int *first, int *last, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    static const int tables[3][2] = {{T_CONTACT, 1}, {T_CIN_EPISODE, CE_REFERRAL}, {T_LA_EPISODE, LA_DECOM}};
    int y0 = 0, y1 = 0;
    bool any_y1 = false;
    day_t d0 = DAY_NONE, d1 = DAY_NONE;
    for (int k = 0; k < 3; k++) {
        int ti = tables[k][0], col = tables[k][1];
        EACH_ROW(s, ti, r, v) {
            int y = s->t[ti].year[r];
            day_t day = dval(&v[col]);
            if (y && (!y0 || y < y0))
                y0 = y;
            if (!any_y1 || y > y1)
                y1 = y;
            any_y1 = true;
            if (day != DAY_NONE && (d0 == DAY_NONE || day < d0))
                d0 = day;
            if (day != DAY_NONE && (d1 == DAY_NONE || day > d1))
                d1 = day;
        }
    }
    if (d0 == DAY_NONE || d1 == DAY_NONE)
        return HE_OK;
    *first = y0 ? y0 : date_year_to_march(d0);
    *last = any_y1 ? y1 : 0;
    if (date_year_to_march(d1) > *last)
        *last = date_year_to_march(d1);
    if (*first > *last)
        *first = *last;
    return HE_OK;
}

/* ---- whole children (hearth validate on files): store_fill.h's mapping over the rows --- */

/* store_fill.h's column readers over a row: its field i is column i - base, through map
 * when the table's columns are not in the struct's order. */
struct reader {
    const struct mval *v;
    struct arena *mem; /* the child's: texts are copied, as from a database */
    int base;          /* 1 (fields numbered after a row id), 0 for the person */
    const int *map;    /* field - base -> column, or NULL */
};
static const struct mval *rd_val(const struct reader *r, int i)
{
    int k = i - r->base;
    return &r->v[r->map ? r->map[k] : k];
}
static const char *rd_text(struct reader *r, int i)
{
    const struct mval *v = rd_val(r, i);
    return v->t == V_TEXT ? arena_strdup(r->mem, v->s) : NULL;
}
static day_t rd_day(struct reader *r, int i) { return dval(rd_val(r, i)); }
static int rd_flag(struct reader *r, int i)
{
    const struct mval *v = rd_val(r, i);
    return v->t == V_INT ? (int)v->i : -1;
}
static rec_id rd_id(struct reader *r, int i) { return (rec_id)ival(rd_val(r, i)); }

#include "store_fill.h"

/* The contact's put order (person, date, source, seq, decision, decision_date) against its
 * struct's (seq after decision_date). */
static const int contact_map[] = {0, 1, 2, 4, 5, 3};

/* The order store_sqlite.c's child statements give: by these columns, a blank first. */
struct order {
    int n, col[3];
};
static _Thread_local const struct mtab *sort_t;
static _Thread_local const struct order *sort_o;

static int cmp_val(const struct mval *a, const struct mval *b)
{
    if (a->t != b->t)
        return a->t == V_NULL ? -1 : b->t == V_NULL ? 1 : a->t - b->t;
    if (a->t == V_INT)
        return (a->i > b->i) - (a->i < b->i);
    return a->t == V_TEXT ? strcmp(a->s, b->s) : 0;
}

static int cmp_rows(const void *x, const void *y)
{
    const struct mval *a = row_of((struct mtab *)sort_t, *(const uint32_t *)x);
    const struct mval *b = row_of((struct mtab *)sort_t, *(const uint32_t *)y);
    for (int k = 0; k < sort_o->n; k++) {
        int c = cmp_val(&a[sort_o->col[k]], &b[sort_o->col[k]]);
        if (c)
            return c;
    }
    return 0; /* never: the columns hold the natural key */
}

/* The live rows of t hanging off each of parents (ids), in order o: an arena array of
 * `size`-byte structs filled by fill, their ids in *ids, their number in *n. */
static void gather(const struct mtab *t, const rec_id *parents, size_t np, const struct order *o,
                   const int *map, struct arena *mem, size_t size, void (*fill)(struct reader *, void *),
                   void **arr, rec_id **ids, size_t *n)
{
    size_t cnt = 0, cap = 16;
    uint32_t stack[16], *rows = stack;
    for (size_t p = 0; p < np; p++) {
        size_t parent = (size_t)parents[p];
        for (uint32_t r = parent < t->nfirst ? t->first[parent] : 0; r; r = t->sib[r - 1]) {
            if (t->year[r - 1] == DEAD)
                continue;
            if (cnt == cap) {
                uint32_t *more = xmalloc(2 * cap * sizeof *more);
                memcpy(more, rows, cnt * sizeof *rows);
                if (rows != stack)
                    free(rows);
                rows = more;
                cap *= 2;
            }
            rows[cnt++] = r - 1;
        }
    }
    sort_t = t;
    sort_o = o;
    if (cnt > 1)
        qsort(rows, cnt, sizeof *rows, cmp_rows);
    *n = cnt;
    *arr = cnt ? arena_alloc(mem, cnt * size) : NULL;
    *ids = cnt ? arena_alloc(mem, cnt * sizeof **ids) : NULL;
    for (size_t k = 0; k < cnt; k++) {
        struct reader rd = {row_of((struct mtab *)t, rows[k]), mem, 1, map};
        fill(&rd, (char *)*arr + k * size);
        (*ids)[k] = (rec_id)rows[k] + 1;
    }
    if (rows != stack)
        free(rows);
}

#define GATHER(field, type, ti, parents, np, map, ...)                                        \
    do {                                                                                      \
        static const struct order o_ = {__VA_ARGS__};                                         \
        void *arr_;                                                                           \
        gather(&s->t[ti], parents, np, &o_, map, &c->mem, sizeof(struct type),                \
               (void (*)(struct reader *, void *))fill_##type, &arr_, &c->field##_id,         \
               &c->n_##field);                                                                \
        c->field = arr_;                                                                      \
    } while (0)

/* The person alone (c zeroed first; every array left empty). */
static int mem_load_person(struct store *base_, rec_id person, struct child_file *c, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    memset(c, 0, sizeof *c);
    c->id = person;
    struct mtab *t = &s->t[T_PERSON];
    if (person <= 0 || (size_t)person > t->n || t->year[person - 1] == DEAD)
        return err_set(e, HE_INPUT, "no child with id %lld", (long long)person);
    struct reader rd = {row_of(t, (size_t)person - 1), &c->mem, 0, NULL};
    fill_person(&rd, &c->person);
    return HE_OK;
}

/* As store_sqlite.c's sq_load_child: every record of the child, each kind in its order. */
static int mem_load_child(struct store *base_, rec_id person, struct child_file *c, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    int rc = mem_load_person(base_, person, c, e);
    if (rc != HE_OK)
        return rc;
    const rec_id self[] = {person};
    GATHER(episodes, cin_episode, T_CIN_EPISODE, self, 1, NULL, 1, {1});
    /* an episode's parts by episode id, then start */
    GATHER(assessments, assessment, T_ASSESSMENT, c->episodes_id, c->n_episodes, NULL, 2, {0, 1});
    GATHER(cin_plans, cin_plan, T_CIN_PLAN, c->episodes_id, c->n_episodes, NULL, 2, {0, 1});
    GATHER(s47s, s47_enquiry, T_S47, c->episodes_id, c->n_episodes, NULL, 2, {0, 1});
    GATHER(cp_plans, cp_plan, T_CP_PLAN, c->episodes_id, c->n_episodes, NULL, 2, {0, 1});
    GATHER(cp_reviews, cp_review, T_CP_REVIEW, c->cp_plans_id, c->n_cp_plans, NULL, 2, {0, 1});
    GATHER(la_episodes, la_episode, T_LA_EPISODE, self, 1, NULL, 1, {1});
    GATHER(la_reviews, la_review, T_LA_REVIEW, self, 1, NULL, 1, {1});
    GATHER(missing, missing_episode, T_MISSING, self, 1, NULL, 1, {1});
    GATHER(care_leavers, care_leaver, T_CARE_LEAVER, self, 1, NULL, 1, {1});
    GATHER(la_outcomes, la_outcome, T_LA_OUTCOME, self, 1, NULL, 1, {1});
    GATHER(adoptions, adoption, T_ADOPTION, self, 1, NULL, 1, {1});
    GATHER(placed_adoptions, placed_adoption, T_PLACED_ADOPTION, self, 1, NULL, 1, {1});
    GATHER(prev_perms, prev_perm, T_PREV_PERM, self, 1, NULL, 0, {0});
    GATHER(uascs, uasc, T_UASC, self, 1, NULL, 0, {0});
    GATHER(sw_episodes, sw_episode, T_SW_EPISODE, self, 1, NULL, 2, {2, 1});
    GATHER(dolos, dolo, T_DOLO, self, 1, NULL, 1, {1});
    GATHER(contacts, contact, T_CONTACT, self, 1, contact_map, 3, {1, 2, 3});
    GATHER(early_helps, early_help, T_EARLY_HELP, self, 1, NULL, 1, {1});
    return HE_OK;
}
#undef GATHER

/* Is [start, end] (no end: still open) at some point within [from, to]? */
static bool active(const struct mval *start, const struct mval *end, day_t from, day_t to)
{
    return start->t == V_INT && start->i <= to && (end->t != V_INT || end->i >= from);
}

static void add_id(rec_id **ids, size_t *n, size_t *cap, const struct mval *person)
{
    if (person->t != V_INT)
        return;
    GROW(*ids, *n, *cap);
    (*ids)[(*n)++] = person->i;
}

/* As store_sqlite.c's sq_cohort: the children with a record of the kind in [from, to]. */
static int mem_cohort(struct store *base_, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                      size_t *n, struct err *e)
{
    struct mstore *s = (struct mstore *)base_;
    int year = date_year_to_march(to);
    size_t cnt = 0, cap = 0;
    rec_id *out = NULL;
    if (which == COHORT_CIN || which == COHORT_ANY)
        EACH_ROW(s, T_CIN_EPISODE, r, v)
            if (active(&v[1], &v[CE_CLOSURE], from, to))
                add_id(&out, &cnt, &cap, &v[0]);
    if (which == COHORT_LA || which == COHORT_ANY) {
        EACH_ROW(s, T_LA_EPISODE, r, v)
            if (active(&v[LA_DECOM], &v[LA_DEC], from, to))
                add_id(&out, &cnt, &cap, &v[0]);
        EACH_ROW(s, T_CARE_LEAVER, r, v)
            if (ival(&v[1]) == year)
                add_id(&out, &cnt, &cap, &v[0]);
        EACH_ROW(s, T_LA_OUTCOME, r, v)
            if (ival(&v[1]) == year)
                add_id(&out, &cnt, &cap, &v[0]);
        EACH_ROW(s, T_ADOPTION, r, v)
            if (v[1].t == V_INT && v[1].i >= from && v[1].i <= to)
                add_id(&out, &cnt, &cap, &v[0]);
    }
    if (which == COHORT_ANY) {
        EACH_ROW(s, T_CONTACT, r, v)
            if (v[1].t == V_INT && v[1].i >= from && v[1].i <= to)
                add_id(&out, &cnt, &cap, &v[0]);
        EACH_ROW(s, T_EARLY_HELP, r, v)
            if (active(&v[1], &v[2], from, to))
                add_id(&out, &cnt, &cap, &v[0]);
        EACH_ROW(s, T_PLACED_ADOPTION, r, v)
            if (active(&v[1], &v[2], from, to))
                add_id(&out, &cnt, &cap, &v[0]);
    }
    *n = facts_unique_ids(out, cnt);
    *ids = out;
    (void)e;
    return HE_OK;
}

/* ---- what a store in memory does not hold -------------------------------------------- */

static int not_held(struct err *e)
{
    return err_set(e, HE_USAGE, "the records read from files are not in a database: import them "
                                "with hearth import and give --db");
}

static int mem_counts(struct store *base_, struct store_count *out, int n, int *filled, struct err *e)
{
    return not_held(e);
}

static const struct store_ops mem_store_ops = {
    .close = mem_close,
    .begin = mem_begin,
    .begin_load = NULL,
    .commit = mem_commit,
    .rollback = mem_rollback,
    .stamp_begin = NULL, .stamp_commit = NULL, /* never stamped: it has no change_stamp */
    .set_setting = mem_set_setting,
    .get_setting = mem_get_setting,
#define X(kind) .put_##kind = mem_put_##kind,
    STORE_KINDS(X)
#undef X
    .complete_episode = mem_complete_episode,
    .find_person = mem_find_person,
    .load_facts = mem_load_facts,
    .facts_place = mem_facts_place,
    .facts_adoptions = mem_facts_adoptions,
    .load_trend_facts = mem_load_trend_facts,
    .data_years = mem_data_years,
    .load_child = mem_load_child,
    .load_person = mem_load_person,
    .cohort = mem_cohort,
    .counts = mem_counts,
};

int store_mem_open(struct store **out, struct err *e)
{
    struct mstore *s = xcalloc(1, sizeof *s);
    s->base.ops = &mem_store_ops;
    s->base.conn = NULL;
    for (int i = 0; i < T__N; i++)
        table_init(&s->t[i], i);
    *out = &s->base;
    return HE_OK;
}
