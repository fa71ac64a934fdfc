/* casework: what the practitioner's web application keeps besides the returns' records:
 * users and teams, sessions, the access log, drafts, contacts' concerns and who holds each
 * child. Written once on the portable db.h layer (store_users.c, store_case.c) so the
 * SQLite and PostgreSQL stores run it unchanged. Records of the child's journey made in
 * hearth (contacts, episodes of need, assessments) go through the store's own puts into
 * the same tables the importers fill, so measures and returns see them.
 *
 * Times (created, last_seen, at) are Unix seconds from the caller; dates are day_t.
 * Ownership: every struct filled here owns its strings (fixed arrays, or heap strings the
 * matching *_free releases). Strings passed in are copied before the call returns. */
#ifndef HEARTH_CASEWORK_H
#define HEARTH_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "store.h"

/* Roles, in the order the sign-in page lists them. key is what the database and the
 * command line use; name is plain English for the screen. */
enum cw_role {
    ROLE_FRONT_DOOR,
    ROLE_SOCIAL_WORKER,
    ROLE_PERSONAL_ADVISER,
    ROLE_TEAM_MANAGER,
    ROLE_IRO,
    ROLE_ANALYST,
    ROLE_ADMIN,
    ROLE_PARTNER, /* a partner agency's officer in the hub (mash.h): sees only its contacts */
    ROLE_COUNT
};
const char *cw_role_key(enum cw_role r);  /* "front_door" ... ; NULL when out of range */
const char *cw_role_name(enum cw_role r); /* "Front door worker" ... */
/* By key ("social_worker") or plain name, either case, '-' or ' ' for '_'; -1 when unknown. */
HE_MUST_CHECK int cw_role_parse(const char *s);
/* Does the role ever open a child's record or list children? Not analysts (figures only)
 * nor partner agencies' officers (the hub's contacts only, through mash.h). */
static inline bool cw_role_opens_records(enum cw_role r)
{
    return r != ROLE_ANALYST && r != ROLE_PARTNER;
}

struct cw_user {
    int64_t id;
    char name[64];          /* sign-in name */
    char display[128];      /* shown on screen */
    enum cw_role role;
    int64_t team_id;        /* 0 = no team */
    char team[128];
    int64_t staff_id;       /* the staff row allocations point at */
    char pw_hash[160];      /* crypto_pwhash_str output */
};

#define CW_NAME_MAX 63

/* Teams by name, made when missing. */
HE_MUST_CHECK int cw_team_ensure(struct store *s, const char *name, int64_t *id, struct err *e);
/* A new user (and their staff row). HE_INPUT when the name is taken or the role unknown. */
HE_MUST_CHECK int cw_user_add(struct store *s, const char *name, const char *display, enum cw_role role,
                const char *team, const char *pw_hash, int64_t now, int64_t *id, struct err *e);
HE_MUST_CHECK int cw_user_count(struct store *s, int64_t *n, struct err *e);
/* *found false when there is no such user. */
HE_MUST_CHECK int cw_user_by_name(struct store *s, const char *name, struct cw_user *u, bool *found,
                    struct err *e);
HE_MUST_CHECK int cw_user_by_id(struct store *s, int64_t id, struct cw_user *u, bool *found, struct err *e);

/* Sessions: the token's hash is kept, never the token. */
HE_MUST_CHECK int cw_session_put(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                   int64_t now, struct err *e);
/* Finds a session (a read only). Live: seen within idle_secs of now. Idle: kept a day so
 * that a form submitted after the timeout can still be saved as its user's draft. csrf must
 * hold 65 bytes; *last_seen gets when it was last marked seen (cw_session_touch). */
enum cw_session_state { CW_SESSION_NONE, CW_SESSION_LIVE, CW_SESSION_IDLE };
HE_MUST_CHECK int cw_session_get(struct store *s, const char *token_hash, int64_t now, int64_t idle_secs,
                   int64_t *user_id, char csrf[65], enum cw_session_state *state,
                   int64_t *last_seen, struct err *e);
/* cw_session_get and the session's user (as cw_user_by_id; *found false when none) in one
 * statement: what every request asks first. */
HE_MUST_CHECK int cw_session_user(struct store *s, const char *token_hash, int64_t now, int64_t idle_secs,
                    int64_t *user_id, char csrf[65], enum cw_session_state *state,
                    int64_t *last_seen, struct cw_user *u, bool *found, struct err *e);
HE_MUST_CHECK int cw_session_touch(struct store *s, const char *token_hash, int64_t now, struct err *e);
HE_MUST_CHECK int cw_session_delete(struct store *s, const char *token_hash, struct err *e);

/* Access log: every view of a child's record. */
HE_MUST_CHECK int cw_access_log(struct store *s, int64_t user_id, rec_id person, const char *page, int64_t now,
                  struct err *e);
struct cw_access {
    int64_t at;
    char user[64];
    char page[64];
};
/* The newest n (at most max) views of a person's record. */
HE_MUST_CHECK int cw_access_list(struct store *s, rec_id person, struct cw_access *out, int max, int *n,
                   struct err *e);

/* May user see the child: administrators always; analysts and partner officers never;
 * others when the child's team is theirs or the child is allocated to them. */
HE_MUST_CHECK int cw_can_see(struct store *s, const struct cw_user *u, rec_id person, bool *ok, struct err *e);

/* A child in a list. */
struct cw_child_row {
    rec_id id;
    char la_child_id[40];
    char given[64], family[64];
    day_t dob;
    int64_t version;      /* the record version (cw_version) */
    bool allocated_to_me;
    bool hidden;          /* the user may not open it: given holds "Restricted record" (or is
                           * empty), family and dob are cleared (tr_mask_children) */
};
/* Children allocated to the user, then those of the user's team, at most max. */
HE_MUST_CHECK int cw_my_children(struct store *s, const struct cw_user *u, struct cw_child_row *out, int max,
                   int *n, struct err *e);
/* Children the user may see matching q: a name part (given or family, prefix), a date of
 * birth (YYYY-MM-DD or DD/MM/YYYY), an LAchildID, a UPN or an NHS number (exact). A child
 * the user may not open (restricted, excluded) is not in the answer at all. */
HE_MUST_CHECK int cw_search(struct store *s, const struct cw_user *u, const char *q, struct cw_child_row *out,
              int max, int *n, struct err *e);

/* Who holds a child. */
struct cw_holder {
    char team[128];
    char worker[128];
};
HE_MUST_CHECK int cw_holder(struct store *s, rec_id person, struct cw_holder *h, struct err *e);
/* Give the child to a team (replacing any) and, when worker_id is not 0, allocate a worker
 * from day. */
HE_MUST_CHECK int cw_assign(struct store *s, rec_id person, int64_t team_id, int64_t worker_staff_id, day_t day,
              struct err *e);

/* Workers a child can be allocated to (social workers, personal advisers, managers), by
 * team and name, at most max. */
struct cw_worker {
    int64_t user_id, staff_id, team_id;
    char display[128], team[128];
    enum cw_role role;
};
HE_MUST_CHECK int cw_workers(struct store *s, struct cw_worker *out, int max, int *n, struct err *e);
/* Allocate a child to a worker (and their team) from day, checking the record version.
 * A change of worker is logged in allocation_log with `by` and the time `now`, as
 * team_allocate logs it, in the same transaction. cw_assign writes no log: it is for
 * records loaded or made without a person allocating them. */
HE_MUST_CHECK int cw_allocate(struct store *s, const struct cw_user *by, rec_id person, int64_t seen,
                int64_t worker_user_id, day_t day, int64_t now, struct err *e);

/* Optimistic locking of a child's record: every change made in hearth checks the version
 * the form was read at and bumps it. A stale version is HE_INPUT with a message saying
 * someone else changed the record. */
HE_MUST_CHECK int cw_version(struct store *s, rec_id person, int64_t *version, struct err *e);
HE_MUST_CHECK int cw_version_bump(struct store *s, rec_id person, int64_t seen, struct err *e);

/* ---- the front door ------------------------------------------------------------------ */
struct cw_new_child {
    const char *given, *family;
    day_t dob;            /* DAY_NONE for an unborn child */
    day_t expected_dob;
    const char *sex;      /* M F U */
    const char *upn, *nhs_number;
    const char *ethnicity;    /* DfE code (WBRI .. NOBT) or NULL */
    const char *disabilities; /* DfE codes, comma-separated (NONE, MOB ...) or NULL */
};
/* Record a contact about a child: an existing one (person != 0, at version seen) or a new
 * one (person == 0, then nc describes them). The child is given to the user's team when
 * nobody holds them. One transaction. */
HE_MUST_CHECK int cw_record_contact(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                      const struct cw_new_child *nc, day_t date, const char *source,
                      const char *concerns, int64_t now, rec_id *person_out, rec_id *contact_out,
                      struct err *e);
/* Contacts with no threshold decision yet, for the user's team (all for an administrator),
 * oldest first. */
struct cw_contact_row {
    rec_id id, person;
    char given[64], family[64];
    day_t date;
    char source[8];
    bool hidden;          /* the user may not open the child: given holds the list's words for
                           * it ("Restricted record"), family is cleared (tr_mask_contacts) */
};
HE_MUST_CHECK int cw_open_contacts(struct store *s, const struct cw_user *u, struct cw_contact_row *out, int max,
                     int *n, struct err *e);
/* The threshold decision: NFA, ADVICE, EARLY_HELP or REFERRAL. A referral opens an episode
 * of need on the decision day (referral source from the contact, primary need given). */
HE_MUST_CHECK int cw_decide_contact(struct store *s, const struct cw_user *u, rec_id contact, int64_t seen,
                      const char *decision, day_t day, const char *primary_need, rec_id *episode,
                      struct err *e);
/* The same, a referral going to team's queue (team 0: it stays with the team that holds
 * the child), logged as a move at time now (workflow.h). */
int cw_refer_contact(struct store *s, const struct cw_user *u, rec_id contact, int64_t seen,
                     const char *decision, day_t day, const char *primary_need, int64_t team,
                     int64_t now, rec_id *episode, struct err *e);
/* A child's contacts recorded in hearth that wait for a threshold decision (at most max). */
HE_MUST_CHECK int cw_awaiting_contacts(struct store *s, rec_id person, rec_id *out, int max, int *n,
                         struct err *e);
/* Children by what is open for them, for allocating work: OPEN_CIN an open episode of
 * need, OPEN_LA an open looked-after episode, OPEN_LEAVER an OC3 care leaver row for the
 * given year. Ascending ids, at most max. */
enum cw_open_kind { OPEN_CIN, OPEN_LA, OPEN_LEAVER };
HE_MUST_CHECK int cw_children_open(struct store *s, enum cw_open_kind kind, int year, rec_id *out, int max,
                     int *n, struct err *e);
/* The child a contact is about; 0 when there is no such contact. */
HE_MUST_CHECK int cw_contact_person(struct store *s, rec_id contact, rec_id *person, struct err *e);
/* The concerns written at the contact; caller frees *text (NULL when none). */
HE_MUST_CHECK int cw_contact_concerns(struct store *s, rec_id contact, char **text, struct err *e);

/* Assessment: started by a worker within an open episode, authorised by a manager. */
HE_MUST_CHECK int cw_start_assessment(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t start,
                        const char *factors, struct err *e);
HE_MUST_CHECK int cw_authorise_assessment(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                            rec_id assessment, day_t day, struct err *e);

/* Child protection: a strategy discussion starts a section 47 enquiry (its conference
 * target is set by the ICPC clock); the initial conference is recorded against it and, when
 * it decides on a plan, opens a child protection plan with its category (NEG PHY EMO SAB
 * MUL) in the same episode. */
HE_MUST_CHECK int cw_record_strategy(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t date,
                       struct err *e);
HE_MUST_CHECK int cw_record_icpc(struct store *s, rec_id person, int64_t seen, rec_id s47, day_t date,
                   const char *plan_category, struct err *e);

/* Looked after: becoming looked after opens an SSDA903 episode (RNE S) with its legal
 * status, category of need and placement; a change of placement ends the open episode that
 * day (REC X1, with the reason for the change: SSDA903 rules 225 and 233) and opens the next
 * (RNE P) with the new placement, which may be of the same type (another carer; pl_move
 * names the carer). HE_INPUT when the child already is (or is not) looked after, or dates
 * are out of order. */
HE_MUST_CHECK int cw_become_looked_after(struct store *s, rec_id person, int64_t seen, day_t decom,
                           const char *ls, const char *cin, const char *place, struct err *e);
HE_MUST_CHECK int cw_change_placement(struct store *s, rec_id person, int64_t seen, day_t date, const char *place,
                        const char *reason, struct err *e);

/* Drafts: what a worker typed into a form, kept on every submit so nothing is lost. key
 * names the form and its record ("contact", "assessment/12"). body is the urlencoded form. */
HE_MUST_CHECK int cw_draft_put(struct store *s, int64_t user_id, const char *key, const char *body, int64_t now,
                 struct err *e);
/* *body NULL when no draft; caller frees. */
HE_MUST_CHECK int cw_draft_get(struct store *s, int64_t user_id, const char *key, char **body, struct err *e);
HE_MUST_CHECK int cw_draft_delete(struct store *s, int64_t user_id, const char *key, struct err *e);

/* A new LAchildID of hearth's own ("H" and seven digits) for a person first recorded in
 * hearth (a child met at the front door, a member of the family network): never reused,
 * never clashing with an import. Call inside the transaction that stores the person. */
enum { CW_LA_ID_LEN = 32 };
HE_MUST_CHECK int cw_new_la_child_id(struct store *s, char la[CW_LA_ID_LEN], struct err *e);

#endif
