/* workflow: how a child's work moves between people, on the portable db.h layer
 * (store_workflow.c). Teams have a kind (assessment, child protection and children in need,
 * children in care, leaving care...), so a referral goes by default to the assessment
 * teams' queues; every move of a child between teams is kept (the referral out of the
 * front door, each transfer with its summary). A manager's tray is one list of
 * authorisation requests over several kinds of record: a module adds its kind with
 * wf_kind_add() (what authorising does to its record) and sends a record with
 * wf_request_add(); the manager authorises with a comment or returns it with the reason.
 * Tasks are set about a child for oneself or a colleague. A reviewing officer chairs the
 * reviews of the children named in iro_chair and sees them as a worker sees theirs.
 *
 * Visibility is cw_can_see's (casework.h): these functions check only who may act
 * (a manager of the request's team, the task's people), not who may read.
 * Times are Unix seconds from the caller, days day_t. Every write is one transaction; a
 * refused write (HE_INPUT, e->field naming the form field) leaves nothing.
 * Ownership: fixed arrays in the structs; arrays returned through ** are the caller's
 * to free (free()), wf_moves_free for moves. */
#ifndef HEARTH_STORE_WORKFLOW_H
#define HEARTH_STORE_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "casework.h"

/* ---- teams and their kinds ------------------------------------------------------------ */
/* Kinds, by key: front_door, assessment, protection (child protection and children in
 * need), in_care, leaving_care, reviewing, other. */
const char *wf_team_kind_name(const char *key); /* plain English; NULL when unknown */
HE_MUST_CHECK int wf_team_set_kind(struct store *s, int64_t team_id, const char *kind, struct err *e);

struct wf_team {
    int64_t id;
    char name[128];
    char kind[24];  /* "" when not set */
};
/* Teams that hold children (not the analysts' or reviewing officers'), assessment teams
 * first, then by name. */
HE_MUST_CHECK int wf_teams(struct store *s, struct wf_team *out, int max, int *n, struct err *e);

/* ---- moves between teams --------------------------------------------------------------- */
/* Inside the caller's transaction: give the child to team `to` and log the move (kind
 * "referral" or "transfer", summary may be NULL); an open allocation of a worker outside
 * that team ends the day before `day` (the child waits in the new team's queue). */
HE_MUST_CHECK int wf_move_in_txn(struct store *s, const struct cw_user *u, rec_id person, int64_t to,
                   const char *kind, const char *summary, day_t day, int64_t now, struct err *e);
/* A transfer: by the manager of the child's team, the worker allocated, or an
 * administrator; at record version seen (stale: HE_INPUT); summary required. */
HE_MUST_CHECK int wf_transfer(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, int64_t to,
                const char *summary, day_t day, int64_t now, struct err *e);

struct wf_move {
    int64_t at;
    day_t day;
    char kind[12];
    char from[128], to[128], by[128];
    char *summary; /* NULL when none */
};
/* A child's moves, oldest first. */
HE_MUST_CHECK int wf_moves(struct store *s, rec_id person, struct wf_move **out, size_t *n, struct err *e);
void wf_moves_free(struct wf_move *m, size_t n);
/* When each child of ids[] last came into the team (at[i], 0 when never moved in hearth):
 * one statement for the whole list. */
HE_MUST_CHECK int wf_entered(struct store *s, int64_t team_id, const rec_id *ids, size_t n, int64_t *at,
               struct err *e);

/* ---- authorisation requests (the manager's tray) ----------------------------------------- */
struct wf_kind {
    const char *key;   /* "assessment"; at most 23 characters */
    const char *name;  /* "Assessment" */
    const char *path;  /* the record's page under the child's: "assessments/%l" or NULL */
    /* The record is the child's and may be sent now (HE_INPUT with a message if not);
     * NULL: any record. Run inside wf_request_add's transaction. */
    int (*check)(struct store *s, rec_id person, int64_t record, struct err *e);
    /* What authorising does to the record, inside wf_decide's transaction (u the manager
     * deciding, day and now the decision's); NULL: nothing besides the request's own state. */
    int (*on_authorise)(struct store *s, const struct cw_user *u, rec_id person, int64_t record,
                        day_t day, int64_t now, struct err *e);
};
/* Add a kind (k and its strings must live for the program). HE_INPUT when the key is
 * taken or the table is full. Built in: assessment (content.h: an assessment submitted;
 * authorising dates it, which stops its clock), case_note (notes.h: a case note marked for
 * management oversight; authorising records it overseen) and closure. */
HE_MUST_CHECK int wf_kind_add(const struct wf_kind *k, struct err *e);
const struct wf_kind *wf_kind_get(const char *key); /* NULL when unknown */

enum { WF_TEXT_MAX = 2000 };
struct wf_request {
    int64_t id;
    char kind[24];
    int64_t record;
    rec_id person;
    char given[64], family[64], la[40];
    int64_t requested_by;
    char by[128];
    int64_t team_id;
    char team[128];
    int64_t requested_at;
    char state[12];               /* pending, authorised, returned */
    char note[WF_TEXT_MAX + 1];   /* the worker's words when sending */
    char comment[WF_TEXT_MAX + 1];/* the manager's comment or reason */
    char decided_by[128];
    int64_t decided_at;
};
/* Send a record for authorisation to the manager of the child's team. HE_INPUT when the
 * kind is unknown, a request for it is already waiting, or the kind's check refuses. */
HE_MUST_CHECK int wf_request_add(struct store *s, const struct cw_user *u, const char *kind, rec_id person,
                   int64_t record, const char *note, int64_t now, int64_t *id, struct err *e);
/* The same inside the caller's transaction (a module that sends its record as it writes
 * it, so that both happen or neither); on an error the caller rolls back. */
HE_MUST_CHECK int wf_request_add_in_txn(struct store *s, const struct cw_user *u, const char *kind, rec_id person,
                          int64_t record, const char *note, int64_t now, int64_t *id, struct err *e);
/* Authorise (comment optional) or return (reason required) a waiting request: by a team
 * manager of its team or an administrator. HE_INPUT when it was decided meanwhile. */
HE_MUST_CHECK int wf_decide(struct store *s, const struct cw_user *u, int64_t id, bool authorise,
              const char *comment, day_t day, int64_t now, struct err *e);
/* The same inside the caller's transaction; on an error the caller rolls back. */
HE_MUST_CHECK int wf_decide_in_txn(struct store *s, const struct cw_user *u, int64_t id, bool authorise,
                     const char *comment, day_t day, int64_t now, struct err *e);
/* Waiting requests of a team (team_id 0: of every team), oldest first (*out the caller's
 * to free). */
HE_MUST_CHECK int wf_tray(struct store *s, int64_t team_id, struct wf_request **out, size_t *n, struct err *e);
/* Requests returned to the user and not sent again since, newest first. */
HE_MUST_CHECK int wf_returned(struct store *s, int64_t user_id, struct wf_request **out, size_t *n,
                struct err *e);
/* Every request about a child, newest first. */
HE_MUST_CHECK int wf_requests_for(struct store *s, rec_id person, struct wf_request **out, size_t *n,
                    struct err *e);
/* The requests of one record, newest first. */
HE_MUST_CHECK int wf_requests_of(struct store *s, const char *kind, int64_t record, struct wf_request **out,
                   size_t *n, struct err *e);
HE_MUST_CHECK int wf_request_get(struct store *s, int64_t id, struct wf_request *out, bool *found,
                   struct err *e);

/* ---- tasks ------------------------------------------------------------------------------ */
enum { WF_TITLE_MAX = 200 };
struct wf_task {
    int64_t id;
    rec_id person;
    char given[64], family[64], la[40];
    int64_t assigned_to, set_by;
    char assigned[128], set_by_name[128], closed_by[128];
    char title[WF_TITLE_MAX + 1];
    day_t due;
    char state[12];               /* open, done, cancelled */
    char reason[WF_TEXT_MAX + 1]; /* why it was cancelled */
    int64_t created, closed_at;
};
/* A task about a child for the user or a colleague of their team. */
HE_MUST_CHECK int wf_task_add(struct store *s, const struct cw_user *u, rec_id person, int64_t assigned_to,
                const char *title, day_t due, int64_t now, int64_t *id, struct err *e);
/* The same inside the caller's transaction (a module that sets tasks as it writes its own
 * record: a panel's actions, an audit's, a missing child's strategy discussion, so that both
 * happen or neither); on an error the caller rolls back. */
HE_MUST_CHECK int wf_task_add_in_txn(struct store *s, const struct cw_user *u, rec_id person,
                                     int64_t assigned_to, const char *title, day_t due, int64_t now,
                                     int64_t *id, struct err *e);
/* Done, or cancelled with a reason: by the person it was set for, who set it, a manager of
 * their team or an administrator; HE_INPUT when it is no longer open. */
HE_MUST_CHECK int wf_task_close(struct store *s, const struct cw_user *u, int64_t id, bool done,
                  const char *reason, int64_t now, struct err *e);
HE_MUST_CHECK int wf_task_get(struct store *s, int64_t id, struct wf_task *out, bool *found, struct err *e);
/* Open tasks of a user, soonest due first. */
HE_MUST_CHECK int wf_tasks_open(struct store *s, int64_t user_id, struct wf_task **out, size_t *n,
                  struct err *e);
/* Every task about a child, newest first. */
HE_MUST_CHECK int wf_tasks_for(struct store *s, rec_id person, struct wf_task **out, size_t *n, struct err *e);

/* ---- lists ------------------------------------------------------------------------------ */
/* Every child of the user's list, no cap: allocated to them (allocated_to_me), their
 * team's, and for a reviewing officer the children whose reviews they chair; restricted
 * children masked (tr_mask_children). */
HE_MUST_CHECK int wf_my_children(struct store *s, const struct cw_user *u, struct cw_child_row **out,
                   size_t *n, struct err *e);
/* Children allocated to the staff member at or after `since` and still theirs, newest
 * first, at most max. */
HE_MUST_CHECK int wf_new_to_me(struct store *s, int64_t staff_id, int64_t since, rec_id *out, int64_t *at,
                 int max, int *n, struct err *e);

/* A reviewing officer chairs the child's reviews from now (HE_INPUT unless u is one). */
HE_MUST_CHECK int wf_iro_chair(struct store *s, rec_id person, int64_t iro_user_id, int64_t now,
                 struct err *e);

#endif
