/* audits (store): quality assurance on the portable db.h layer (store_audits.c), held by
 * migration 21 (schema_qa.c). The authority keeps a set of audit questions (an
 * administrator adds, rewords and retires them; an audit keeps each question as it was
 * asked). A case file audit looks at one child's file against every question in use, grades
 * each and the whole file (outstanding, good, requires improvement, inadequate), says whether
 * it was done with the audited worker and what they reflected, records the parent's,
 * carer's or young person's feedback, and sets the worker actions as tasks (workflow.h's
 * task table, so they are tracked to done on the worker's task list). A thematic audit draws
 * a random sample of the children open to the service (or those in need, on a child
 * protection plan, looked after) and each sampled child's file is then audited under it.
 * Who may see an audit: an administrator, the auditor, the audited worker, and a team
 * manager of the worker's team at the time (audit_may_see); the caller checks it, and checks
 * the child for the pages that show it. Who may record one: a team manager or an
 * administrator. Refusals are HE_INPUT with e->field naming the form field; nothing written.
 * Ownership: structs filled here own their heap strings (the matching *_free). */
#ifndef HEARTH_STORE_AUDITS_H
#define HEARTH_STORE_AUDITS_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../model/stages.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"
#include "workflow.h"

enum { AUDIT_QUESTION_MAX = 500, AUDIT_TEXT_MAX = 10000, AUDIT_ACTIONS_MAX = 5, AUDIT_THEME_MAX = 200,
       AUDIT_SAMPLE_MAX = 100 };

/* Grades OUTSTANDING GOOD RI INADEQUATE (best first), feedback from parent carer
 * young_person none, populations open cin cp looked_after; with plain English. */
extern const struct stage_code audit_grades[], audit_feedback_froms[], audit_populations[];
extern const int n_audit_grades, n_audit_feedback_froms, n_audit_populations;
/* The grade's place in audit_grades (0 best), -1 when unknown. */
int audit_grade_index(const char *grade);

/* ---- the questions ------------------------------------------------------------------ */
struct audit_question {
    int64_t id;
    int seq;
    char text[AUDIT_QUESTION_MAX * 4 + 1];
    bool active;
};
/* In order; only those in use unless all. *out: free(). */
HE_MUST_CHECK int audit_questions(struct store *s, bool all, struct audit_question **out, int *n, struct err *e);
/* By an administrator: a new question at the end, or a question reworded or retired or
 * brought back. */
HE_MUST_CHECK int audit_question_add(struct store *s, const struct cw_user *u, const char *text, int64_t now,
                                     int64_t *id, struct err *e);
HE_MUST_CHECK int audit_question_edit(struct store *s, const struct cw_user *u, int64_t id, const char *text,
                                      bool active, int64_t now, struct err *e);

/* ---- audits ------------------------------------------------------------------------- */
struct audit_answer_in {
    int64_t question;
    const char *grade;
    const char *comment; /* may be NULL */
};
struct audit_action_in {
    const char *title;
    day_t due;
};
struct audit_in {
    rec_id person;
    int64_t theme;            /* a thematic audit the child was sampled for, or 0 */
    day_t day;                /* when the audit was done */
    int64_t worker;           /* the audited worker (a user) */
    const char *grade;
    bool with_worker;
    const char *reflection;   /* the worker's reflection, may be NULL */
    const char *feedback_from;/* parent carer young_person none */
    const char *feedback;     /* required unless feedback_from is none */
    const char *summary;      /* what the auditor found */
    const struct audit_answer_in *answers; /* one for each question in use */
    int n_answers;
    const struct audit_action_in *actions; /* tasks for the worker, may be none */
    int n_actions;
};
/* One transaction: the audit, its answers and its actions (tasks set by u for the worker,
 * field "action-N" when one is refused). */
HE_MUST_CHECK int audit_add(struct store *s, const struct cw_user *u, const struct audit_in *in, int64_t now,
                            int64_t *id, struct err *e);
/* Another action for the worker after the audit (by the auditor or a manager of the
 * worker's team): a task, linked to the audit. */
HE_MUST_CHECK int audit_action_add(struct store *s, const struct cw_user *u, int64_t audit,
                                   const struct audit_action_in *a, int64_t now, int64_t *task, struct err *e);

struct audit {
    int64_t id;
    rec_id person;
    char given[64], family[64], la[40];
    int64_t theme;
    char theme_title[AUDIT_THEME_MAX * 4 + 1];
    day_t day;
    int64_t auditor, worker, team_id;
    char auditor_name[128], worker_name[128], team[128];
    char grade[12];
    bool with_worker;
    char feedback_from[16];
    char *reflection, *feedback, *summary; /* NULL when none (in lists: NULL) */
    int64_t at;
    int actions, actions_done;             /* the tasks set, and those done */
};
struct audit_answer {
    int64_t question;
    int seq;
    char *question_text;
    char grade[12];
    char *comment;
};
struct audit_view {
    struct audit a;
    struct audit_answer *answers; /* in the questions' order */
    int n_answers;
    struct wf_task *actions;      /* oldest first */
    size_t n_actions;
};
void audit_view_free(struct audit_view *v);
void audits_free(struct audit *a, int n);

/* *found false when there is no such audit. */
HE_MUST_CHECK int audit_get(struct store *s, int64_t id, struct audit_view *v, bool *found, struct err *e);
/* May u see audit a: see the header. */
bool audit_may_see(const struct cw_user *u, const struct audit *a);

/* Which audits a list shows: every one matching the filter's non-zero fields, newest first;
 * viewer not NULL: only those the viewer may see. */
struct audit_filter {
    rec_id person;
    int64_t theme;
    const struct cw_user *viewer;
};
HE_MUST_CHECK int audit_list(struct store *s, const struct audit_filter *f, int max, struct audit **out, int *n,
                             struct err *e);

/* Grades by team and month for audits done from..to: one row per team and month (months in
 * order, teams by name), counts by grade in audit_grades' order. *out: free(). */
struct audit_grade_row {
    int64_t team_id;
    char team[128];
    int year, month;
    int64_t n[4];
};
HE_MUST_CHECK int audit_grades_by_team_month(struct store *s, day_t from, day_t to, struct audit_grade_row **out,
                                             int *n, struct err *e);

/* ---- thematic audits ---------------------------------------------------------------- */
struct audit_theme_in {
    const char *title;
    const char *focus;        /* what the audit looks at across the sample */
    const char *population;   /* open cin cp looked_after */
    int sample_size;          /* 1..AUDIT_SAMPLE_MAX */
    day_t day;                /* the sample is of children open on this day */
    int64_t team_id;          /* 0: every team's children; else only those the team holds */
    uint64_t seed;            /* the sample's random draw (tests give a fixed one) */
};
/* Draw the sample and keep it with the theme. HE_INPUT on "population" when no child is in
 * the population. */
HE_MUST_CHECK int audit_theme_add(struct store *s, const struct cw_user *u, const struct audit_theme_in *in,
                                  int64_t now, int64_t *id, struct err *e);
struct audit_theme {
    int64_t id;
    char title[AUDIT_THEME_MAX * 4 + 1];
    char *focus;
    char population[16];
    int sample_size;
    day_t day;
    char by[128];
    int64_t sampled, audited;  /* children in the sample, and those audited under the theme */
};
void audit_themes_free(struct audit_theme *t, int n);
/* Newest first. *out: audit_themes_free. */
HE_MUST_CHECK int audit_themes(struct store *s, struct audit_theme **out, int *n, struct err *e);
/* One theme and its sample (ids of the children, with the audit of each under the theme
 * or 0), *found false when none. */
HE_MUST_CHECK int audit_theme_get(struct store *s, int64_t id, struct audit_theme *t, rec_id **children,
                                  int64_t **audits, int *n, bool *found, struct err *e);

#endif
