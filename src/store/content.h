/* content (store): the content of the work (model/content.h) on the portable db.h layer,
 * so both stores run it unchanged (store_content.c). Each write is one transaction that
 * checks what the record says now and the record version the form was read at (stale:
 * HE_INPUT naming the field "version"), bumps it, and writes; a refusal is HE_INPUT with
 * e->field the form field at fault, and nothing is written. Strings passed in are copied
 * before the call returns; `now` is Unix seconds from the caller. Reads fill the
 * containers of model/content.h, which the caller frees. */
#ifndef HEARTH_STORE_CONTENT_H
#define HEARTH_STORE_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/content.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* ---- assessments ---------------------------------------------------------------------
 * The worker keeps the text as a draft, or submits it for authorisation (then every part
 * must be written, and it stays as it is until a manager decides). A manager authorises it
 * (the CIN census authorisation date is then `day`, which stops the assessment clock) or
 * returns it with the reason; a returned assessment is amended and submitted again. */
HE_MUST_CHECK int ct_assessment_save(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                       rec_id assessment, const struct ct_assessment_text *t, bool submit,
                       int64_t now, struct err *e);
HE_MUST_CHECK int ct_assessment_decide(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                         rec_id assessment, bool authorise, const char *comment, day_t day,
                         int64_t now, struct err *e);
/* *found false when the child has no such assessment. */
HE_MUST_CHECK int ct_assessment_get(struct store *s, rec_id person, rec_id assessment,
                      struct ct_assessment_view *v, bool *found, struct err *e);
/* The child's assessments with their status, newest first, at most max (the container's
 * steps stay empty: a.text holds nothing but outcome). */
struct ct_assessment_list {
    struct arena mem;
    struct ct_assessment *a;
    size_t n;
};
HE_MUST_CHECK int ct_assessment_list(struct store *s, rec_id person, int max, struct ct_assessment_list *l,
                       struct err *e);
void ct_assessment_list_free(struct ct_assessment_list *l);

/* ---- strategy discussions and conferences -------------------------------------------
 * A strategy discussion in the open episode of need: decision S47 starts a section 47
 * enquiry (the conference clock runs from it); NO_S47 starts none; NO_ICPC records that
 * the running enquiry found no conference is needed, which stops its conference clock. */
struct ct_meeting_in {
    day_t date;
    const struct ct_attendee *attendees;
    int n_attendees;
    const char *shared;      /* what was shared (strategy discussions), may be NULL */
    const char *decisions;   /* may be NULL */
    const char *minutes;     /* may be NULL */
};
HE_MUST_CHECK int ct_strategy(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                const struct ct_meeting_in *m, const char *decision, int64_t now,
                rec_id *meeting, struct err *e);
/* The initial conference of a section 47 enquiry; a plan category (NEG PHY EMO SAB MUL)
 * opens a child protection plan in the same episode (as cw_record_icpc), and the first core
 * group is then due within 10 working days. */
HE_MUST_CHECK int ct_icpc(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id s47,
            const struct ct_meeting_in *m, const char *plan_category, int64_t now,
            rec_id *meeting, struct err *e);

/* ---- plans -------------------------------------------------------------------------- *
 * A plan of kind CP (the child's open child protection plan must exist: the plan is
 * linked to it), CIN, CARE or PATHWAY, with its first actions. */
struct ct_plan_in {
    const char *kind;
    day_t start;
    const char *needs, *outcomes;
    const struct ct_action_in *actions;
    int n_actions;
};
HE_MUST_CHECK int ct_plan_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                const struct ct_plan_in *p, int64_t now, rec_id *plan, struct err *e);
/* A meeting that reviews a plan: kind one of plan_review_kinds(). It changes the status of
 * the plan's actions (each change kept, with the meeting) and may add actions. An RCPC is
 * also the CIN census review of the child protection plan; an LA_REVIEW the SSDA903
 * review (la_review_code its participation code, PN0-PN7); a PATHWAY_REVIEW a pathway plan
 * review. */
HE_MUST_CHECK int ct_plan_meeting(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                    rec_id plan, const char *kind, const struct ct_meeting_in *m,
                    const char *la_review_code, const struct ct_action_change *changes,
                    int n_changes, const struct ct_action_in *added, int n_added, int64_t now,
                    rec_id *meeting, struct err *e);
/* *found false when the child has no such plan. */
HE_MUST_CHECK int ct_plan_get(struct store *s, rec_id person, rec_id plan, struct ct_plan_view *v, bool *found,
                struct err *e);
/* The child's plans, newest first, from offset, at most limit, with their action counts
 * (never the actions themselves) and the total. */
HE_MUST_CHECK int ct_plan_list(struct store *s, rec_id person, int offset, int limit, struct ct_plan_page *p,
                 struct err *e);
/* The child's meetings, newest first, with their attendees. */
HE_MUST_CHECK int ct_meeting_list(struct store *s, rec_id person, int offset, int limit,
                    struct ct_meeting_page *p, struct err *e);
/* One meeting of the child's; *found false when none. */
HE_MUST_CHECK int ct_meeting_get(struct store *s, rec_id person, rec_id meeting, struct ct_meeting_page *p,
                   bool *found, struct err *e);

#endif
