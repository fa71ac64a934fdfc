/* store: the one door to persistent records. Callers speak in model structs and
 * facts; only store_*.c files hold SQL. The interface is narrow on purpose so that a
 * PostgreSQL store can sit behind it without touching callers.
 *
 * Writes happen inside store_begin()/store_commit(); store_rollback() undoes every
 * put since begin. On a store opened read-only, begin opens a read snapshot: every read
 * until commit or rollback sees the same state (an export reads one consistent state). "Puts" are upserts keyed by the record's natural key (noted in
 * model.h). Each row remembers the collection year (src_year) it came from:
 * a put from a year at least as new overwrites the fields it gives; a put from an
 * older year only fills fields that are still blank. So importing returns in any order
 * gives the same records, and importing the same file twice changes nothing.
 *
 * Ownership: store_open() gives the caller a struct store, released by store_close().
 * Strings passed in are copied before the call returns. */
#ifndef HEARTH_STORE_H
#define HEARTH_STORE_H

#include <stdbool.h>

#include "../model/child.h"
#include "../model/facts.h"
#include "../model/model.h"
#include "../util/err.h"

struct store;

enum store_flags {
    STORE_CREATE = 1,   /* create the database (and run migrations) if missing */
    STORE_READONLY = 2,
};

enum put_outcome {
    PUT_ADDED,
    PUT_UPDATED,
    PUT_UNCHANGED,
    PUT_OLDER,  /* an existing record came from a newer collection year: only blanks filled */
};

/* uri: a file path (SQLite), or postgresql://... (PostgreSQL). Migrations run on open
 * (unless read-only). On PostgreSQL one database can hold several authorities, each in
 * a schema of its own: store_open() works in the authority named by $HEARTH_LA (which
 * `--la CODE` on any command sets), store_open_la() in the one named by la (NULL or "":
 * the default schema, "hearth"). A SQLite file holds one authority; la is not used. */
HE_MUST_CHECK int store_open(const char *uri, int flags, struct store **out, struct err *e);
HE_MUST_CHECK int store_open_la(const char *uri, const char *la, int flags, struct store **out, struct err *e);
void store_close(struct store *s);
/* Remove a whole database: a SQLite file with its -wal, -shm and -journal files, or on
 * PostgreSQL the authority's schema (la as for store_open_la; NULL: $HEARTH_LA) with all
 * its records. No store may be open on it. For `hearth demo`, which replaces only what an
 * earlier demo made. HE_OK also when there was nothing to remove. */
HE_MUST_CHECK int store_destroy(const char *uri, const char *la, struct err *e);

/* A write transaction. It moves the change stamp (trends.h's store_change_stamp), so
 * that figures kept from the store are worked out again once it commits. */
HE_MUST_CHECK int store_begin(struct store *s, struct err *e);
/* As store_begin for writes that can change no figure (the access log, sessions): the
 * change stamp stays, so kept figures stay fresh while people merely look. */
HE_MUST_CHECK int store_begin_quiet(struct store *s, struct err *e);
/* A long-running server's writing connections: on SQLite no WAL checkpoint runs inside
 * their commits (it would hold up whoever committed, and everyone waiting on that commit,
 * for as long as it copies pages and syncs the file); one background thread calls
 * store_checkpoint() instead. PostgreSQL: nothing to do, HE_OK. */
HE_MUST_CHECK int store_defer_checkpoints(struct store *s, struct err *e);
HE_MUST_CHECK int store_checkpoint(struct store *s, struct err *e);
/* As store_begin, for loading returns (import, demo): the writes are puts. On an empty
 * SQLite database the store then checks foreign keys once, at commit, for every table,
 * instead of row by row (a broken key fails the commit and nothing is kept). */
HE_MUST_CHECK int store_begin_load(struct store *s, struct err *e);
HE_MUST_CHECK int store_commit(struct store *s, struct err *e);
/* Many small transactions into a database that is thrown away unless the whole command
 * succeeds (the demo's current year): with durable false, commits no longer wait for the
 * disk; true restores the default and makes everything so far durable. Never for a
 * council's records. */
HE_MUST_CHECK int store_set_durable(struct store *s, bool durable, struct err *e);
/* safe when no transaction is open; not HE_MUST_CHECK: it runs on the way out of a failure,
 * whose own error is the one reported */
int store_rollback(struct store *s, struct err *e);

/* Authority settings (LEA code, name, software code...). get returns HE_OK with *value
 * NULL when unset; *value is owned by the caller (free()). */
HE_MUST_CHECK int store_set_setting(struct store *s, const char *key, const char *value, struct err *e);
HE_MUST_CHECK int store_get_setting(struct store *s, const char *key, char **value, struct err *e);

/* Puts: src_year is the collection year (year ending 31 March) the data comes from.
 * id (may be NULL) receives the record's id, outcome (may be NULL) what happened. */
#define STORE_PUT(kind)                                                                  \
    int store_put_##kind(struct store *s, int src_year, const struct kind *r, rec_id *id, \
                         enum put_outcome *outcome, struct err *e)
STORE_PUT(person);
STORE_PUT(cin_episode); /* then put its parts, then call store_complete_episode() */
STORE_PUT(assessment);
STORE_PUT(cin_plan);
STORE_PUT(s47_enquiry);
STORE_PUT(cp_plan);
STORE_PUT(cp_review);
STORE_PUT(la_episode);
STORE_PUT(la_review);
STORE_PUT(missing_episode);
STORE_PUT(care_leaver);
STORE_PUT(la_outcome);
STORE_PUT(adoption);
STORE_PUT(placed_adoption);
STORE_PUT(prev_perm);
STORE_PUT(uasc);
STORE_PUT(sw_episode);
STORE_PUT(dolo);
STORE_PUT(contact);
STORE_PUT(early_help);
#undef STORE_PUT

/* A return for `year` has now given every part of an episode it holds (assessments,
 * plans, enquiries, reviews). Any part from an older return that was active in the window
 * of a newer return of the same episode (1 April to 31 March), yet is missing from that
 * newer return, is dropped: the newer return corrected or withdrew it. Parts only older
 * returns could hold are kept. Call it for every return, newer or older than what the
 * store holds: the result does not depend on the order returns arrive in. */
HE_MUST_CHECK int store_complete_episode(struct store *s, rec_id episode, int year, struct err *e);

/* Look up a person by LAchildID; *id = 0 when unknown. */
HE_MUST_CHECK int store_find_person(struct store *s, const char *la_child_id, rec_id *id, struct err *e);

/* Fill f (zeroed by the callee first) with the facts the measures need for [from, to]. */
HE_MUST_CHECK int store_load_facts(struct store *s, day_t from, day_t to, struct facts *f, struct err *e);

/* Everything held about one person (see model/child.h); *c is zeroed by the callee.
 * HE_INPUT when there is no such person. */
HE_MUST_CHECK int store_load_child(struct store *s, rec_id person, struct child_file *c, struct err *e);

/* Many children's records at once, for a return or a check over a whole cohort: out[i]
 * gets everything held about ids[i] (as store_load_child; STORE_LOAD_PERSON: the person
 * alone, every array empty), for i < n; out[] is zeroed by the callee. On PostgreSQL each
 * table is read once for the whole batch rather than once per child, so pass a few
 * hundred ids at a time (export_util.h walks a cohort so). On success the caller frees
 * each out[i] with child_file_free(); on failure nothing is left to free. HE_INPUT when
 * an id is no person's. */
enum store_load { STORE_LOAD_ALL, STORE_LOAD_PERSON };
HE_MUST_CHECK int store_load_children(struct store *s, const rec_id *ids, size_t n, enum store_load what,
                        struct child_file *out, struct err *e);

/* Children (person ids, ascending) a collection year's returns must include: with an
 * episode of need open at some time in [from, to] (cin), or a looked-after episode open
 * at some time in [from, to] or an OC3/OC2/AD1 row for that year (la); any: either of
 * those, or a contact in [from, to], or early help or a decision to place for adoption
 * open in it (Annex A's lists). Caller frees *ids. */
enum store_cohort { COHORT_CIN, COHORT_LA, COHORT_ANY };
HE_MUST_CHECK int store_cohort(struct store *s, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                 size_t *n, struct err *e);

/* Row counts per record kind, for summaries and tests: fills up to n (name, count)
 * pairs in a fixed order and returns how many it filled in *filled. */
struct store_count {
    const char *kind; /* static string */
    long long rows;
};
HE_MUST_CHECK int store_counts(struct store *s, struct store_count *out, int n, int *filled, struct err *e);

#endif
