/* store_impl: what the store's own modules share. Internal to src/store.
 * A store backend (store_sqlite.c, store_pg.c) fills a struct store_ops for the record
 * paths where the two databases differ (bulk upserts, facts, whole-child loads); modules
 * written once on the portable db.h layer (users, sessions, access log, case recording)
 * reach the connection with store_db() and run on both stores unchanged. */
#ifndef HEARTH_STORE_IMPL_H
#define HEARTH_STORE_IMPL_H

#include "db.h"
#include "store.h"
#include "../model/trend_facts.h"

struct trend_facts;

#define STORE_KINDS(X)                                                                     \
    X(person) X(cin_episode) X(assessment) X(cin_plan) X(s47_enquiry) X(cp_plan)           \
    X(cp_review) X(la_episode) X(la_review) X(missing_episode) X(care_leaver)              \
    X(la_outcome) X(adoption) X(placed_adoption) X(prev_perm) X(uasc) X(sw_episode)        \
    X(dolo) X(contact) X(early_help)

struct store_ops {
    void (*close)(struct store *s); /* also closes s->conn */
    int (*begin)(struct store *s, struct err *e);
    int (*begin_load)(struct store *s, struct err *e); /* NULL: begin */
    int (*commit)(struct store *s, struct err *e);
    int (*rollback)(struct store *s, struct err *e);
    /* The change stamp (trends.h) moves in the transaction it counts: stamp_begin right
     * after a stamped write transaction begins, stamp_commit just before it commits (NULL:
     * nothing then); either moves it with store_stamp_bump. */
    int (*stamp_begin)(struct store *s, struct err *e);
    int (*stamp_commit)(struct store *s, struct err *e);
    int (*set_setting)(struct store *s, const char *key, const char *value, struct err *e);
    int (*get_setting)(struct store *s, const char *key, char **value, struct err *e);
#define X(kind)                                                                            \
    int (*put_##kind)(struct store *s, int src_year, const struct kind *r, rec_id *id,      \
                      enum put_outcome *outcome, struct err *e);
    STORE_KINDS(X)
#undef X
    int (*complete_episode)(struct store *s, rec_id episode, int year, struct err *e);
    int (*find_person)(struct store *s, const char *la_child_id, rec_id *id, struct err *e);
    int (*load_facts)(struct store *s, day_t from, day_t to, struct facts *f, struct err *e);
    /* in_area and far of the facts' looked-after episodes; NULL: store_facts_place */
    int (*facts_place)(struct store *s, struct facts *f, struct err *e);
    /* facts.h's adoptions; NULL: store_facts_adoptions */
    int (*facts_adoptions)(struct store *s, struct facts *f, struct err *e);
    /* trends.h's two, for a store without SQL; NULL: store_trend.c's portable SQL */
    int (*load_trend_facts)(struct store *s, day_t from, day_t to, struct trend_facts *t, struct err *e);
    int (*data_years)(struct store *s, int *first, int *last, struct err *e);
    /* NULL: load_facts, then the trend facts on the same connection */
    int (*load_period)(struct store *s, day_t from, day_t to, struct facts *f,
                       struct trend_facts *t, struct err *e);
    int (*load_child)(struct store *s, rec_id person, struct child_file *c, struct err *e);
    /* NULL: store.c loads a batch child by child with load_child and load_person (a store
     * in process answers one child's reads in microseconds; a server is asked in batches) */
    int (*load_children)(struct store *s, const rec_id *ids, size_t n, enum store_load what,
                         struct child_file *out, struct err *e);
    /* the person alone (c zeroed first, every array empty); needed when load_children is NULL */
    int (*load_person)(struct store *s, rec_id person, struct child_file *c, struct err *e);
    int (*cohort)(struct store *s, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                  size_t *n, struct err *e);
    int (*counts)(struct store *s, struct store_count *out, int n, int *filled, struct err *e);
};

/* Every backend's store struct begins with this. */
struct store {
    const struct store_ops *ops;
    struct db *conn; /* owned by the backend; closed by ops->close */
    bool stamped;    /* write transactions bump change_stamp (store_open_la, not read-only) */
    bool stamping;   /* this transaction is stamped: its commit calls ops->stamp_commit */
};

/* Move the change stamp on, in the transaction open on s->conn (rolled back if that fails). */
HE_MUST_CHECK int store_stamp_bump(struct store *s, struct err *e);

/* The store's connection (valid until store_close). */
static inline struct db *store_db(struct store *s) { return s->conn; }

/* Backends: take ownership of an open connection (also on failure). */
HE_MUST_CHECK int store_sqlite_open(struct db *conn, int flags, struct store **out, struct err *e);
/* Tests only: when set, called by the SQLite store's two-reader facts load after both
 * readers finish and before it checks that no commit came in between (a test commits
 * there to prove the load then reads again). NULL in the program. */
extern void (*store_sqlite_facts_hook)(void *arg);
extern void *store_sqlite_facts_hook_arg;
/* la: the authority (tenant) whose schema the store works in; NULL or "" = the default. */
HE_MUST_CHECK int store_pg_open(struct db *conn, const char *la, int flags, struct store **out, struct err *e);
/* Drop the authority la's schema and everything in it; takes ownership of conn. */
HE_MUST_CHECK int store_pg_destroy(struct db *conn, const char *la, struct err *e);

/* store_load_trend_facts on connection d (store_trend.c): a backend's load_period reads
 * them on a connection of its own. */
HE_MUST_CHECK int trend_facts_load(struct db *d, day_t from, day_t to, struct trend_facts *t,
                                   struct err *e);

/* Keep those of ids (ascending, distinct) that are also in of (ascending, distinct), in
 * place; returns how many are left. */
static inline size_t store_ids_within(int64_t *ids, size_t n, const int64_t *of, size_t n_of)
{
    size_t k = 0;
    for (size_t i = 0, j = 0; i < n && j < n_of;) {
        if (ids[i] < of[j])
            i++;
        else if (ids[i] > of[j])
            j++;
        else
            ids[k++] = ids[i++], j++;
    }
    return k;
}

/* facts.h's referrals, the same SQL on either store: ?1 twelve months before the period,
 * ?2 its last day, ?3 its first. A referral of the period also has its closure after
 * assessment (RC8, RC9) by ?2; the year before it is read for re-referrals only. All of it
 * from the cin_episode_referral index alone (migration 28). */
#define REFERRAL_FACTS_SQL                                                                   \
    "SELECT person_id, referral_date, referral_nfa, CASE WHEN referral_date >= ?3"           \
    " AND closure_reason IN ('RC8', 'RC9') AND closure_date <= ?2 THEN closure_date END"     \
    " FROM cin_episode WHERE referral_date BETWEEN ?1 AND ?2"

/* Where the placements of f's looked-after episodes are (facts.h's in_area and far), from
 * their postcodes: store_facts_place.c, after either store's facts loader. */
HE_MUST_CHECK int store_facts_place(struct store *s, struct facts *f, struct err *e);
/* What every facts load ends with, whichever backend read the rest: where the placements
 * are, then the adoptions (each by the backend's own hook when it has one). */
HE_MUST_CHECK int store_facts_finish(struct store *s, struct facts *f, struct err *e);
/* f's adoptions (facts.h), from the looked-after episodes and AD1 rows of the children
 * adopted in f's period: store_facts_adopt.c, after either store's facts loader. */
HE_MUST_CHECK int store_facts_adoptions(struct store *s, struct facts *f, struct err *e);
/* The same worked out from rows a store holds otherwise (store_mem.c): a child's
 * looked-after episodes up to f->to, by DECOM, give its adoptions in the period (appended to
 * f->adoptions, *cap its capacity; children in ascending order); then each AD1 row, by
 * child and DATE_INT, sets the match (*at starts at 0). */
struct adopt_ep {
    day_t decom, dec;
    char rec[4], place[4], ls[4], rne[4];
};
void store_child_adoptions(struct facts *f, int64_t child, const struct adopt_ep *eps, size_t n,
                           size_t *cap);
void store_adoption_match(struct facts *f, size_t *at, int64_t child, day_t date_int, day_t match);

#endif
