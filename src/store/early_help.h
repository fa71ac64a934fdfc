/* early_help (store): early help episodes and Stronger Families on the portable db.h layer
 * (store_early_help.c), so both stores run them unchanged; migration 18
 * (schema_early_help.c) holds them.
 *
 * An early help episode is an early_help row (the one Annex A's list 2 imports: start, end,
 * organisation); an episode opened in hearth also has how it began, its lead professional,
 * its early help assessment, the team around the family, their meetings, the family plan's
 * outcomes and their reviews, and how it closed. Step-up and step-down are one transaction
 * each: step-down closes the open episode of need and opens early help from the same day,
 * remembering the episode it came from; step-up ends early help with "stepped up" and opens
 * a referral (a new episode of need) remembering the early help it came from, so that each
 * side's history stays on the child's record and each move is counted from both sides.
 * People in the work (the lead professional, the team around the family) are professional
 * rows of the people module (people.h), on the child's record.
 *
 * Stronger Families (the national Supporting Families programme) attaches a family through
 * its early help episode when it meets at least two of the six headline problems, each with
 * its evidence and outcome plan; each problem's result (significant and sustained progress,
 * or continuous employment for worklessness) is evidenced; a results claim for a period
 * takes every family whose results fall in it and that no claim has taken; the authority's
 * targets are families to attach in a period.
 *
 * Every write checks what the database must never hold and refuses with HE_INPUT, e->field
 * naming the form field at fault; nothing is written then. Writes about a child check and
 * bump the record version the form was read at (casework.h). Who may open the child is the
 * caller's question (casework.h, trust.h).
 * Ownership: struct eh_file owns everything in it (its arena; eh_file_free); arrays of
 * claims and targets are the caller's to free(). Strings passed in are copied before the
 * call returns. */
#ifndef HEARTH_STORE_EARLY_HELP_H
#define HEARTH_STORE_EARLY_HELP_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../model/stages.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* Code lists with plain English (store_early_help.c). */
extern const struct stage_code eh_agencies[];         /* SCHOOL HEALTH_VISITING ... */
extern const struct stage_code eh_close_outcomes[];   /* NEEDS_MET DECLINED MOVED UNIVERSAL OTHER */
extern const struct stage_code eh_review_statuses[];  /* ACHIEVED PROGRESS NO_PROGRESS NOT_NEEDED */
extern const struct stage_code sf_problems[];         /* Durham's six headline problems */
extern const struct stage_code sf_results[];          /* SUSTAINED EMPLOYMENT */
extern const int n_eh_agencies, n_eh_close_outcomes, n_eh_review_statuses, n_sf_problems, n_sf_results;

/* The referral source a step-up records (CIN census: 5D, other internal LA services). */
#define EH_STEP_UP_SOURCE "5D"

/* A professional in the work: a lead professional or a member of the team around the
 * family. agency is one of eh_agencies' codes (its label is what the professional row
 * keeps). */
struct eh_person {
    const char *name, *role, *agency;
};

/* ---- writes about a child --------------------------------------------------------------- */
/* A new early help episode from start. from "contact": contact is one of the child's
 * contacts whose threshold decision was early help and which no episode has taken yet;
 * from "direct": contact 0 (a request from a school, health visitor or the family). */
HE_MUST_CHECK int eh_open(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, day_t start,
                          const char *from, rec_id contact, const struct eh_person *lead, int64_t now,
                          rec_id *episode, struct err *e);
/* Step-down: the open episode of need closes on day (RC9 when it ended at assessment, with
 * no plan; else RC7) and early help opens on the same day with the lead given. */
HE_MUST_CHECK int eh_step_down(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, day_t day,
                               const struct eh_person *lead, int64_t now, rec_id *episode, struct err *e);
/* Step-up: early help episode ends on day ("stepped up") and a referral opens on the same
 * day (source EH_STEP_UP_SOURCE, the primary need given, may be NULL); when team is not 0
 * the referral goes to that team's queue (workflow.h), in the same transaction. */
HE_MUST_CHECK int eh_step_up(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode,
                             day_t day, const char *primary_need, int64_t team, int64_t now, rec_id *referral,
                             struct err *e);
/* Closure with an outcome (one of eh_close_outcomes). */
HE_MUST_CHECK int eh_close(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t day,
                           const char *outcome, struct err *e);
/* The early help assessment: started, completed (DAY_NONE while in progress), the needs it
 * found. Recording it again replaces it (one assessment an episode). */
HE_MUST_CHECK int eh_assessment(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                                rec_id episode, day_t start, day_t completed, const char *needs, int64_t now,
                                struct err *e);
/* A member of the team around the family, involved from start. */
HE_MUST_CHECK int eh_member_add(struct store *s, rec_id person, int64_t seen, rec_id episode,
                                const struct eh_person *who, day_t start, struct err *e);
/* A team around the family meeting: who came, what was agreed, the next one (DAY_NONE). */
HE_MUST_CHECK int eh_meeting_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                                 rec_id episode, day_t date, const char *attended, const char *summary,
                                 day_t next, int64_t now, struct err *e);
/* An outcome of the family plan, agreed on start, to review by review_by (DAY_NONE). */
HE_MUST_CHECK int eh_outcome_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                                 rec_id episode, const char *outcome, day_t start, day_t review_by, int64_t now,
                                 struct err *e);
/* A review of an outcome: status (one of eh_review_statuses) and what was found. */
HE_MUST_CHECK int eh_review_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                                rec_id episode, int64_t outcome, day_t date, const char *status, const char *note,
                                int64_t now, struct err *e);

/* Stronger Families: the family of the episode attached on day with problems[0..n-1]
 * (codes of sf_problems, each with its evidence and outcome plan; at least two, each once). */
struct sf_problem_in {
    const char *problem, *evidence, *plan;
};
HE_MUST_CHECK int sf_attach(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode,
                            day_t day, const struct sf_problem_in *problems, int n, int64_t now, struct err *e);
/* The result of one of the family's problems: SUSTAINED (significant and sustained
 * progress) or, for worklessness only, EMPLOYMENT (continuous employment), with its date
 * and evidence. A result already claimed for cannot change. */
HE_MUST_CHECK int sf_result(struct store *s, rec_id person, int64_t seen, rec_id episode, const char *problem,
                            const char *result, day_t day, const char *evidence, struct err *e);

/* ---- what a child has ------------------------------------------------------------------- */
struct eh_member {
    int64_t professional;
    const char *name, *role, *agency;
    day_t start, end;
};
struct eh_meeting {
    int64_t id;
    day_t date, next;
    const char *attended, *summary;
};
struct eh_outcome {
    int64_t id;
    const char *outcome;
    day_t start, review_by;
    const char *status;     /* the latest review's, or NULL when never reviewed */
    day_t reviewed;         /* its date, DAY_NONE when never */
    const char *note;
    int n_reviews;
};
struct sf_problem {
    const char *problem, *evidence, *plan;
    const char *result;     /* NULL until evidenced */
    day_t result_date;
    const char *result_evidence;
};
struct eh_episode {
    rec_id id;              /* the early_help row */
    day_t start, end;       /* end DAY_NONE while open */
    const char *organisation;
    bool hearth;            /* opened in hearth (else imported: only the three fields above) */
    const char *from;       /* contact, direct, step_down */
    rec_id contact, from_episode, to_episode; /* 0 when none */
    const char *outcome;    /* NULL while open, or closed by an import */
    struct eh_member lead;
    bool assessed;
    day_t assessment_start, assessment_done; /* done DAY_NONE while in progress */
    const char *needs;
    struct eh_member *members;   /* the team around the family, by start */
    int n_members;
    struct eh_meeting *meetings; /* by date */
    int n_meetings;
    struct eh_outcome *outcomes; /* as agreed */
    int n_outcomes;
    int64_t family;              /* Stronger Families: 0 when not attached */
    day_t attached;
    bool claimed;
    struct sf_problem *problems;
    int n_problems;
};
struct eh_file {
    struct arena mem;
    struct eh_episode *episodes; /* newest first */
    int n_episodes;
};
/* Every early help episode of the child, with what hearth holds about each. */
HE_MUST_CHECK int eh_load(struct store *s, rec_id person, struct eh_file *out, struct err *e);
void eh_file_free(struct eh_file *f);
/* The episode of id in f, or NULL. */
const struct eh_episode *eh_find(const struct eh_file *f, rec_id id);
/* The child's contacts decided early help that no episode has taken yet (newest first). */
HE_MUST_CHECK int eh_contacts_waiting(struct store *s, rec_id person, rec_id *out, day_t *dates, int max, int *n,
                                      struct err *e);

/* Children whose latest contact in from..to has no threshold decision, with no episode of
 * need, early help or looked-after episode open: those the front door might offer early
 * help (the demo's families). Ascending ids, at most max; contacts[i] is that contact. */
HE_MUST_CHECK int eh_candidates(struct store *s, day_t from, day_t to, rec_id *children, rec_id *contacts, int max,
                                int *n, struct err *e);

/* ---- the programme: claims and targets (no child) -------------------------------------- */
/* A results claim for from..to made on claimed: every family not yet claimed for whose
 * problems all have a result, the last in the period (PROGRESS), or whose worklessness
 * ended in continuous employment in the period (EMPLOYMENT). HE_INPUT (field "from") when
 * no family is due. *families: how many it took. */
HE_MUST_CHECK int sf_claim(struct store *s, const struct cw_user *u, day_t from, day_t to, day_t claimed,
                           int64_t now, int64_t *claim, int *families, struct err *e);
struct sf_claim_row {
    int64_t id;
    day_t from, to, claimed;
    int64_t progress, employment;
};
/* Every claim, newest first (*out: the caller frees). */
HE_MUST_CHECK int sf_claims(struct store *s, struct sf_claim_row **out, int *n, struct err *e);
/* The authority's target: families to attach from start to end (a name such as "Phase 2"). */
HE_MUST_CHECK int sf_target_set(struct store *s, const char *name, day_t start, day_t end, int64_t families,
                                struct err *e);
struct sf_target_row {
    int64_t id;
    char name[100];
    day_t start, end;
    int64_t families;          /* the target */
    int64_t attached, claimed; /* families attached in the period; of those, claimed for */
};
/* Every target by start (*out: the caller frees). */
HE_MUST_CHECK int sf_targets(struct store *s, struct sf_target_row **out, int *n, struct err *e);

#endif
