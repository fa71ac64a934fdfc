/* trust: what the store keeps so that a council can answer for a record: case notes and
 * drafts gathered for a subject access request, legal holds, deletion at the end of the
 * retention period (remembered in a register, without the content). Written once on the
 * portable db.h layer (store_trust.c). Restricted records and sign-in hardening are here too.
 *
 * Ownership: callbacks get structs valid only during the call (copy what you keep);
 * strings passed in are copied before the call returns. */
#ifndef HEARTH_TRUST_H
#define HEARTH_TRUST_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "store.h"

/* A contact's case note: what was written at the front door and by whom. */
struct tr_note {
    rec_id contact;
    day_t date;
    const char *source;       /* ReferralSource code */
    const char *decision;     /* NULL while waiting */
    const char *concerns;     /* the worker's words; may be NULL */
    const char *recorded_by;  /* display name of the worker; may be NULL */
    int64_t recorded_at;
    const char *decided_by;   /* may be NULL */
};
typedef int (*tr_note_fn)(void *ctx, const struct tr_note *n);
int tr_notes(struct store *s, rec_id person, tr_note_fn fn, void *ctx, struct err *e);

/* Drafts of forms about this person (their record's forms, their contacts' decisions). */
struct tr_draft {
    const char *user;     /* display name of the worker whose draft it is */
    const char *key;      /* the form's path */
    const char *body;     /* urlencoded form */
    int64_t updated;
};
typedef int (*tr_draft_fn)(void *ctx, const struct tr_draft *d);
int tr_drafts(struct store *s, rec_id person, tr_draft_fn fn, void *ctx, struct err *e);

/* Legal holds: while one is in force the person's records may not be deleted. */
int tr_hold_place(struct store *s, rec_id person, const char *reason, const char *by, int64_t now,
                  struct err *e);
/* Lifts every hold on person; *n how many. */
int tr_hold_lift(struct store *s, rec_id person, int64_t now, int *n, struct err *e);
/* *reason (caller frees) the reason of a hold in force, NULL when none. */
int tr_hold_get(struct store *s, rec_id person, char **reason, struct err *e);

/* Every person id (ascending); caller frees *ids. */
int tr_people(struct store *s, rec_id **ids, size_t *n, struct err *e);

/* Delete everything held about a person whose retention period is over, in one transaction:
 * every record, note, draft, allocation and restriction. The person row stays, emptied of
 * everything but an id ("deleted-N"), so that the access log (whose chain must not break)
 * still points somewhere; the register retention_deleted records who deleted which
 * LAchildID under which rule. HE_INPUT when a legal hold is in force. */
int tr_delete_person(struct store *s, rec_id person, const char *rule, day_t due, const char *by,
                     int64_t now, struct err *e);

#endif
