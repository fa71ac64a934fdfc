/* missing (store): missing episodes of every child, at home or in care (store_missing.c),
 * on the portable db.h layer so both stores run it unchanged.
 * A child looked after on the day they went missing has the SSDA903 episode (MISSING,
 * missing_episode), written through stages.h exactly as before so the return is unchanged;
 * any other child's episode is missing from home (migration 19's missing_home). Either way
 * the worker records where the child was found and the return home interview (offered
 * within 72 hours, accepted or not). Repeat missing: when an episode makes three that
 * started within 90 days of each other, the same transaction puts a MISSING alert on the
 * record and raises a strategy discussion task (workflow.h) for the worker, unless one is
 * open already.
 * Ownership: struct mis_list owns its strings (arena); mis_list_free releases them.
 * Strings passed in are copied before a call returns. */
#ifndef HEARTH_STORE_MISSING_H
#define HEARTH_STORE_MISSING_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../model/stages.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* Where a child was found: code and plain English. */
extern const struct stage_code missing_places[];
extern const int n_missing_places;

enum { MIS_REPEAT_EPISODES = 3, MIS_REPEAT_DAYS = 90 };
#define MIS_TASK_TITLE "Hold a strategy discussion: missing 3 times in 90 days"

/* starts[0..n-1] sorted: true when `day` is one of MIS_REPEAT_EPISODES consecutive starts
 * the first and last of which are fewer than MIS_REPEAT_DAYS days apart. */
bool mis_repeat(const day_t *starts, int n, day_t day);

struct mis_episode {
    int64_t id;          /* missing_episode.id when in_care, else missing_home.id */
    bool in_care;        /* looked after when it began (the SSDA903 episode) */
    const char *kind;    /* M, or A (away from placement without authorisation) */
    day_t start, end;    /* end DAY_NONE: missing now */
    const char *found;   /* missing_places code, or NULL */
    int offered, accepted; /* 1, 0, -1 (not recorded) */
    day_t offered_date, interview;
};
struct mis_list {
    struct arena mem;
    struct mis_episode *v; /* newest first */
    int n;
};
HE_MUST_CHECK int mis_list(struct store *s, rec_id person, struct mis_list *out, struct err *e);
void mis_list_free(struct mis_list *l);

struct mis_new {
    day_t start, end;    /* end DAY_NONE: still missing */
    const char *kind;    /* M or A */
    const char *found;   /* with an end: where found (optional) */
};
struct mis_outcome {
    int64_t id;
    bool in_care;
    bool repeat;         /* this episode made a repeat: alert and task */
    int64_t task;        /* the strategy discussion task raised, or 0 */
};
/* Record an episode for any child (u: who records it, and who gets the task). HE_INPUT with
 * e->field (start, end, kind, found) and nothing stored when a rule is broken or `seen` is
 * stale. out may be NULL. */
HE_MUST_CHECK int mis_record(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                             const struct mis_new *m, day_t today, int64_t now, struct mis_outcome *out,
                             struct err *e);

struct mis_return {
    day_t end;
    const char *found;   /* optional */
    int offered;         /* 1, 0, or -1: only the return */
    day_t offered_date;
    int accepted;        /* 1, 0, -1 */
    day_t interview;
};
/* The return, where found and the interview for the episode id (in_care as mis_list says). */
HE_MUST_CHECK int mis_return(struct store *s, rec_id person, int64_t seen, int64_t id, bool in_care,
                             const struct mis_return *r, struct err *e);

/* Children born born_from..born_to, with whether they were looked after on any day of
 * from..to (*out malloc'd, by id): the demo authority picks the children it screens and who
 * go missing from them. */
struct mis_child {
    rec_id id;
    day_t dob;
    char sex;            /* M, F or U */
    bool in_care;
};
HE_MUST_CHECK int mis_children(struct store *s, day_t born_from, day_t born_to, day_t from, day_t to,
                               struct mis_child **out, int *n, struct err *e);

#endif
