/* content: what the work says, besides the dates the returns hold. An assessment's text
 * in the Assessment Framework's three domains with the analysis, the child's own words,
 * the outcome and the recommendation, and the steps of its authorisation; meetings
 * (strategy discussions, conferences, core groups, reviews) with who took part and what
 * was decided; plans with their needs, outcomes and actions, each action's status kept as
 * a history of who changed it and at which meeting. The store fills these (store/content.h);
 * the web shows them; journey.c runs the core group clock from the meetings.
 *
 * Ownership: every struct here points into the arena of the container the store filled
 * (struct ct_assessment_view, ct_plan_view, ct_plan_page, ct_meeting_page), released by
 * the matching *_free. */
#ifndef HEARTH_MODEL_CONTENT_H
#define HEARTH_MODEL_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "model.h"
#include "stages.h"

/* Longest text kept: a paragraph field (an assessment's analysis, minutes) and a one-line
 * field (an action, a name, an agency). */
enum { CT_TEXT_MAX = 50000, CT_LINE_MAX = 200, CT_ATTENDEES_MAX = 40, CT_ACTIONS_MAX = 30 };

/* Code lists with plain English (content.c). */
extern const struct stage_code assessment_outcomes[], assessment_statuses[], meeting_kinds[],
    plan_kinds[], action_statuses[], strategy_decisions[], plan_categories[];
extern const int n_assessment_outcomes, n_assessment_statuses, n_meeting_kinds, n_plan_kinds,
    n_action_statuses, n_strategy_decisions, n_plan_categories;

/* The meeting kinds at which a plan of this kind is reviewed ("CORE_GROUP", "RCPC" for a
 * child protection plan ...): how many, into kinds. */
int plan_review_kinds(const char *plan_kind, const char *kinds[2]);

/* ---- assessments ---------------------------------------------------------------------- */
struct ct_assessment_text {
    const char *child_needs;    /* the child's developmental needs */
    const char *parenting;      /* parenting capacity */
    const char *family_env;     /* family and environmental factors */
    const char *analysis;
    const char *wishes;         /* the child's wishes and feelings, in their own words */
    const char *outcome;        /* a code of assessment_outcomes */
    const char *recommendation;
};

struct ct_step {
    rec_id id;
    const char *step;           /* saved submitted returned authorised */
    const char *by;             /* the user's display name */
    int64_t at;
    const char *comment;        /* NULL when none */
};

struct ct_assessment {
    rec_id id, episode;
    day_t start, authorised;
    const char *factors;
    struct ct_assessment_text text;
    const char *status;         /* draft submitted returned authorised; NULL: nothing written yet */
    const char *updated_by;
    int64_t updated_at;
};

struct ct_assessment_view {
    struct arena mem;
    struct ct_assessment a;
    struct ct_step *steps;      /* oldest first */
    size_t n_steps;
};
void ct_assessment_view_free(struct ct_assessment_view *v);

/* ---- meetings ------------------------------------------------------------------------- */
struct ct_attendee {
    const char *name, *agency; /* agency may be NULL */
};

struct ct_meeting {
    rec_id id;
    const char *kind;           /* a code of meeting_kinds */
    day_t date;
    rec_id s47, plan;           /* 0 when none */
    const char *decision;       /* strategy: a code of strategy_decisions; ICPC: the plan category */
    const char *shared, *decisions, *minutes;
    const char *by;
    int64_t at;
    struct ct_attendee *attendees;
    size_t n_attendees;
};

struct ct_meeting_page {
    struct arena mem;
    struct ct_meeting *m;       /* newest first */
    size_t n;
    int64_t total;              /* meetings on the whole record */
};
void ct_meeting_page_free(struct ct_meeting_page *p);

/* ---- plans ---------------------------------------------------------------------------- */
struct ct_action {
    rec_id id;
    int seq;
    const char *action, *owner;
    day_t due;
    const char *status;         /* a code of action_statuses */
};

struct ct_action_update {
    rec_id id, action, meeting; /* meeting 0: changed outside a meeting */
    const char *status, *note, *by;
    int64_t at;
};

struct ct_plan {
    rec_id id;
    const char *kind;           /* a code of plan_kinds */
    day_t start;
    const char *needs, *outcomes;
    rec_id cp_plan;             /* the CIN census child protection plan it belongs to, or 0 */
    const char *by;
    int64_t at;
    int n_actions, n_open;      /* actions, and those not done or no longer needed */
    day_t last_reviewed;        /* the latest meeting about it, or DAY_NONE */
};

struct ct_plan_view {
    struct arena mem;
    struct ct_plan p;
    struct ct_action *actions;  /* by seq */
    size_t n_actions;
    struct ct_action_update *updates; /* oldest first */
    size_t n_updates;
    struct ct_meeting *meetings; /* its reviews, newest first */
    size_t n_meetings;
};
void ct_plan_view_free(struct ct_plan_view *v);

struct ct_plan_page {
    struct arena mem;
    struct ct_plan *plans;      /* newest first */
    size_t n;
    int64_t total;
};
void ct_plan_page_free(struct ct_plan_page *p);

/* A new action, or a change to one at a review. */
struct ct_action_in {
    const char *action, *owner;
    day_t due;
    const char *status;
};
struct ct_action_change {
    rec_id action;
    const char *status;
    const char *note;           /* may be NULL */
};

#endif
