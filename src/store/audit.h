/* audit: the access log as a hash chain. Every entry takes the next place (seq) in one
 * chain and stores hash = SHA-256(previous entry's hash, this entry's fields); the chain's
 * head (last seq and hash) is kept in audit_head. Changing, inserting or deleting an entry
 * afterwards breaks the chain at that entry, and audit_verify names it. The head hash that
 * verify prints can be written down elsewhere: someone able to rewrite the whole database
 * could rebuild the chain, but not one that matches a head recorded outside it.
 *
 * Ownership: nothing is allocated for the caller; strings passed in are copied. */
#ifndef HEARTH_AUDIT_H
#define HEARTH_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "store.h"

/* Add one view of a person's record to the chain. reason is NULL for an ordinary view and
 * the reason given for a break-glass opening. Inside a transaction it joins it; outside one
 * it makes its own, so the head's seq, the entry and the head's hash always change together
 * (the head row's update orders concurrent writers; on PostgreSQL it is a row lock). */
HE_MUST_CHECK int audit_append(struct store *s, int64_t user_id, rec_id person, const char *page,
                 const char *reason, int64_t now, struct err *e);

/* Chain legacy entries (written before migration 4, so with no place in the chain) onto
 * the head, oldest first. *n gets how many. One transaction. */
HE_MUST_CHECK int audit_seal(struct store *s, int64_t *n, struct err *e);

struct audit_verdict {
    bool intact;
    int64_t entries;      /* chained entries checked */
    int64_t unchained;    /* legacy entries older than the chain (see audit_seal) */
    int64_t broken_id;    /* the first broken entry's row id (0 when none, or deleted) */
    int64_t broken_seq;   /* its place in the chain */
    char why[256];        /* plain English: what is wrong there */
    int64_t head_seq;
    char head[65];        /* the head hash, hex */
    int64_t checkpoints;  /* prunes: the chain is verified from the latest */
    int64_t checkpoint_seq;   /* the last pruned entry's place (0 when never pruned) */
    char checkpoint[65];      /* the latest checkpoint's own hash */
};
/* Walk the whole chain from the first entry. HE_OK whether intact or not (see v->intact);
 * an error code only when the database could not be read. */
HE_MUST_CHECK int audit_verify(struct store *s, struct audit_verdict *v, struct err *e);

/* One entry, for listings. */
struct audit_entry {
    int64_t id, seq, at;
    int64_t user_id;
    char user[64];        /* sign-in name */
    char display[128];
    char role[32];
    rec_id person;
    char page[64];
    char reason[256];     /* "" unless a break-glass opening */
};
/* Every view of a person's record, oldest first; fn returns non-zero to stop (that value is
 * then returned). */
typedef int (*audit_fn)(void *ctx, const struct audit_entry *a);
HE_MUST_CHECK int audit_for_person(struct store *s, rec_id person, audit_fn fn, void *ctx, struct err *e);
/* Break-glass openings (entries with a reason), newest first; only those not yet reviewed
 * when unreviewed is true. */
HE_MUST_CHECK int audit_break_glass(struct store *s, bool unreviewed, audit_fn fn, void *ctx, struct err *e);
/* A manager marks a break-glass opening as reviewed. HE_INPUT when id is not one. */
HE_MUST_CHECK int audit_glass_review(struct store *s, int64_t access_id, int64_t manager_id, const char *note,
                       int64_t now, struct err *e);

/* ---- the access log's own retention --------------------------------------------------
 * The oldest entries may be pruned when their retention period is over, oldest first and
 * never past a younger entry (the chain is a line). A prune leaves a checkpoint: the last
 * pruned entry's place and hash, from which the next entry's link is verified, so that
 * audit_verify still proves every entry kept. Checkpoints chain too (cp_hash covers the one
 * before), and verify prints the latest: write it down with the head hash. */
struct audit_prunable {
    int64_t entries;      /* chained entries that would go */
    int64_t first_seq, last_seq;
    int64_t oldest_at, newest_at;  /* their opening times (0 when none) */
    int64_t legacy;       /* unchained entries from before the chain, older than the cut */
};
/* What a prune of the entries opened before before_at (Unix seconds) would remove. */
HE_MUST_CHECK int audit_prunable(struct store *s, int64_t before_at, struct audit_prunable *p, struct err *e);
/* Prune them, in one transaction: the entries (and their break-glass reviews) go, a
 * checkpoint is written naming by and the cut. *p says what went; cp_hash (65 bytes, may be
 * NULL) gets the new checkpoint's hash. Nothing to prune: HE_OK with p->entries 0, and no
 * checkpoint. Whoever calls it has checked that by is an administrator who confirmed. */
HE_MUST_CHECK int audit_prune(struct store *s, int64_t before_at, const char *by, int64_t now,
                struct audit_prunable *p, char *cp_hash, struct err *e);

/* SHA-256 of the chain link, hex: exposed for the tests. prev is 64 hex characters. */
void audit_link_hash(const char *prev, int64_t seq, int64_t user_id, int64_t at, rec_id person,
                     const char *page, const char *reason, char out[65]);

#endif
