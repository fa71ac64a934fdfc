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
HE_MUST_CHECK int tr_notes(struct store *s, rec_id person, tr_note_fn fn, void *ctx, struct err *e);

/* Drafts of forms about this person (their record's forms, their contacts' decisions). */
struct tr_draft {
    const char *user;     /* display name of the worker whose draft it is */
    const char *key;      /* the form's path */
    const char *body;     /* urlencoded form */
    int64_t updated;
};
typedef int (*tr_draft_fn)(void *ctx, const struct tr_draft *d);
HE_MUST_CHECK int tr_drafts(struct store *s, rec_id person, tr_draft_fn fn, void *ctx, struct err *e);
/* Drafts of forms whose path names no record (a contact about a new child, /contacts/new):
 * who they are about is only in what was typed, so the caller reads each body. */
HE_MUST_CHECK int tr_loose_drafts(struct store *s, tr_draft_fn fn, void *ctx, struct err *e);

/* Legal holds: while one is in force the person's records may not be deleted. */
HE_MUST_CHECK int tr_hold_place(struct store *s, rec_id person, const char *reason, const char *by, int64_t now,
                  struct err *e);
/* Lifts every hold on person; *n how many. */
HE_MUST_CHECK int tr_hold_lift(struct store *s, rec_id person, int64_t now, int *n, struct err *e);
/* *reason (caller frees) the reason of a hold in force, NULL when none. */
HE_MUST_CHECK int tr_hold_get(struct store *s, rec_id person, char **reason, struct err *e);

/* Every person id (ascending); caller frees *ids. */
HE_MUST_CHECK int tr_people(struct store *s, rec_id **ids, size_t *n, struct err *e);

/* Delete everything held about a person whose retention period is over, in one transaction:
 * every record, note, draft, allocation and restriction. The person row stays, emptied of
 * everything but an id ("deleted-N"), so that the access log (whose chain must not break)
 * still points somewhere; the register retention_deleted records who deleted which
 * LAchildID under which rule. HE_INPUT when a legal hold is in force. */
HE_MUST_CHECK int tr_delete_person(struct store *s, rec_id person, const char *rule, day_t due, const char *by,
                     int64_t now, struct err *e);

/* ---- restricted records ----------------------------------------------------------- */
/* A restricted record may be opened only by the users named for it. A child adopted (an
 * episode ending E11/E12) is restricted by default. A member of staff recorded as the
 * person, or as family of the person, is excluded from the record whatever their role.
 * Administrators manage restrictions; they too open a restricted record only when named. */
HE_MUST_CHECK int tr_restrict(struct store *s, rec_id person, const char *reason, int64_t by_user, int64_t now,
                struct err *e);
HE_MUST_CHECK int tr_unrestrict(struct store *s, rec_id person, struct err *e);
/* Name a user who may open the restricted record (restricting it first when it is not). */
HE_MUST_CHECK int tr_restrict_allow(struct store *s, rec_id person, int64_t user_id, int64_t by_user,
                      int64_t now, struct err *e);
/* Keep a member of staff out of a record (theirs, or a relative's). */
HE_MUST_CHECK int tr_exclude(struct store *s, rec_id person, int64_t user_id, const char *reason, struct err *e);

enum tr_access {
    TR_OPEN,        /* may open it */
    TR_OUTSIDE,     /* exists; not the user's team's or allocation: break-glass possible */
    TR_RESTRICTED,  /* exists; restricted and the user is not named: break-glass possible */
    TR_EXCLUDED,    /* exists; the user is excluded from it: never, not even by break-glass */
    TR_NO_ACCESS,   /* the user's role never opens records (analysts) */
    TR_NONE,        /* no such record */
};
/* What user (id, role, team, staff) may do with person, now (a break-glass opening by the
 * same user in the last glass_secs counts as access; glass_secs 0: none counts). *restricted tells whether the
 * record is restricted (for lists that show that it exists). */
struct cw_user;
HE_MUST_CHECK int tr_access(struct store *s, const struct cw_user *u, rec_id person, int64_t now,
              int64_t glass_secs, enum tr_access *out, bool *restricted, struct err *e);

/* Lists: a row the user may not open keeps its id and LAchildID (the record exists) and
 * loses its name and date of birth, and is marked hidden. A restricted record (or one the
 * user is excluded from) gets the words TR_HIDDEN_NAME as its given name, so that every list
 * printing the name prints those; another team's child gets an empty name (lists show
 * "Child LACHILDID"), a contact about one "Another team's child". */
#define TR_HIDDEN_NAME "Restricted record"
/* The words a list shows for person instead of a name the user may not see: TR_HIDDEN_NAME or
 * "" (*hidden false and "" when the user may open it). */
HE_MUST_CHECK int tr_hidden_name(struct store *s, const struct cw_user *u, rec_id person, bool *hidden,
                   const char **words, struct err *e);
struct cw_child_row;
struct cw_contact_row;
HE_MUST_CHECK int tr_mask_children(struct store *s, const struct cw_user *u, struct cw_child_row *rows, int n,
                     struct err *e);
HE_MUST_CHECK int tr_mask_contacts(struct store *s, const struct cw_user *u, struct cw_contact_row *rows, int n,
                     struct err *e);

/* ---- sign-in hardening ------------------------------------------------------------- */
/* After TR_FREE_ATTEMPTS failed attempts in a row an account is locked for a time that
 * doubles with each further failure (1 minute, 2, 4, ... at most an hour). */
#define TR_FREE_ATTEMPTS 5
/* *until > now while the account is locked. */
HE_MUST_CHECK int tr_login_state(struct store *s, int64_t user_id, int64_t *until, int *failures, struct err *e);
/* A failed attempt: counts it and sets the lock; *until the lock's end (0 when none). */
HE_MUST_CHECK int tr_login_failed(struct store *s, int64_t user_id, int64_t now, int64_t *until, struct err *e);
HE_MUST_CHECK int tr_login_ok(struct store *s, int64_t user_id, struct err *e);
/* A new password hash: every session of the user is ended in the same transaction, and the
 * change is a security event (set by an administrator with hearth user passwd). */
HE_MUST_CHECK int tr_password_set(struct store *s, int64_t user_id, const char *pw_hash, struct err *e);
/* The user changes their own password while signed in: the new hash, every other session
 * of theirs ended (keep_token: the digest of the session they are using), and a security
 * event, in one transaction. */
HE_MUST_CHECK int tr_password_change(struct store *s, int64_t user_id, const char *pw_hash, const char *keep_token,
                       int64_t now, struct err *e);
/* A user's security events (password changes), newest first, at most max. */
struct tr_event {
    int64_t at;
    char what[128];
    char by[128];         /* display name of who did it; "" when done at the command line */
};
HE_MUST_CHECK int tr_events(struct store *s, int64_t user_id, struct tr_event *out, int max, int *n, struct err *e);
/* The second factor: secret (base32) or NULL to remove it; *secret (caller frees) NULL when
 * none. last_step is the last time step used (replay). */
HE_MUST_CHECK int tr_totp_set(struct store *s, int64_t user_id, const char *secret, struct err *e);
HE_MUST_CHECK int tr_totp_get(struct store *s, int64_t user_id, char **secret, int64_t *last_step, struct err *e);
/* Record a used step; HE_INPUT when it is not later than the last one (a replay). */
HE_MUST_CHECK int tr_totp_used(struct store *s, int64_t user_id, int64_t step, struct err *e);

#endif
