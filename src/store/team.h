/* team: what a team manager needs to run a team, on the portable db.h layer
 * (store_team.c): the team's workers and their caseloads, the team's children with open
 * work and nobody allocated, and allocating a child to a worker, each allocation logged
 * (who allocated whom to whom, when). Visibility stays with casework.h: a manager works
 * only on their own team's children and workers.
 * Ownership: fixed arrays in the structs; team_children() gives an array the caller frees. */
#ifndef HEARTH_STORE_TEAM_H
#define HEARTH_STORE_TEAM_H

#include <stdint.h>

#include "casework.h"

struct team_row {
    int64_t id;
    char name[128];
};
/* Every team, by name (for an administrator choosing one). */
HE_MUST_CHECK int team_list(struct store *s, struct team_row *out, int max, int *n, struct err *e);
/* The team's name; "" when there is no such team. */
HE_MUST_CHECK int team_name(struct store *s, int64_t team_id, char name[128], struct err *e);

struct team_worker {
    int64_t staff_id;
    char name[128];
    char role[32];          /* cw_role key, "" when unknown (an imported staff row) */
    int64_t caseload;       /* children allocated now */
};
/* Staff of the team who hold children (not analysts or administrators), by name. */
HE_MUST_CHECK int team_workers(struct store *s, int64_t team_id, struct team_worker *out, int max, int *n,
                 struct err *e);

/* Children allocated now to a worker (allocated_to_me is true, version their record version),
 * ascending ids, at most max. */
HE_MUST_CHECK int team_caseload(struct store *s, int64_t staff_id, struct cw_child_row *out, int max, int *n,
                  struct err *e);

struct team_child {
    rec_id id;
    char la_child_id[40];
    char given[64], family[64];
    day_t dob;
    day_t open_since;       /* earliest start of the open work */
    bool cin, looked_after; /* an open episode of need (not NFA); an open looked-after episode */
};
/* Children held by the team with open work (an episode of need not marked NFA, or a
 * looked-after episode) and no worker allocated, longest waiting first. *out is the
 * caller's to free (NULL when none). */
HE_MUST_CHECK int team_unallocated(struct store *s, int64_t team_id, struct team_child **out, size_t *n,
                     struct err *e);

/* Allocate a child held by the manager's team to a worker of that team from `day`: any
 * other open allocation ends the day before. `current` is the worker the manager saw
 * allocated (0: nobody); if that changed meanwhile nothing is done and HE_INPUT says so.
 * Logged in allocation_log with the manager and the time `now`. One transaction. */
HE_MUST_CHECK int team_allocate(struct store *s, const struct cw_user *manager, int64_t team_id, rec_id person,
                  int64_t staff_id, int64_t current, day_t day, int64_t now, struct err *e);

struct team_log_row {
    int64_t at;
    rec_id person;
    char child[130];        /* given and family name, or "Child LACHILDID"; for a child the
                             * viewer may not open "Restricted record" or "Child LACHILDID" */
    bool hidden;            /* the viewer may not open the child (tr_hidden_name) */
    char la[40];            /* LAchildID */
    char worker[128], by[128];
};
/* The team's newest allocations, newest first, at most max, as viewer may see them: a
 * child viewer may not open is named only by the words of tr_hidden_name or its LAchildID. */
HE_MUST_CHECK int team_log(struct store *s, const struct cw_user *viewer, int64_t team_id,
             struct team_log_row *out, int max, int *n, struct err *e);

#endif
