/* panels (store): the authority's panels as one kind of record with several kinds (Edge of
 * Care, Legal Gateway or pre-proceedings, Support and Solution, placements and resources,
 * exploitation), and the money the authority enters beside the placements' weekly costs
 * (store_panels.c, on the portable db.h layer; migration 20, schema_panels.c).
 * A child is referred to a panel; each meeting of the panel about the referral records its
 * decision, its minutes, the date of the next review and the actions it set, which are
 * tasks (workflow.h) made in the same transaction. Edge of Care records the weeks of
 * intervention and whether the young person stayed out of care; the Legal Gateway records
 * the letter before proceedings, the day care proceedings were issued (the start of the
 * 26-week clock, date/clock.h CLOCK_CARE_PROCEEDINGS), the hearings and the final order.
 * Unit costs (a placement type's cost for some weeks, in force from a date) and each
 * financial year's placements budget are entered by the authority; the forecast and the
 * cost avoided by Edge of Care are worked out from them and from placements.h's costs.
 * Who may read or write is the page's question (casework.h roles, cw_can_see); the store
 * checks what the database must never hold and refuses with HE_INPUT, e->field naming the
 * form field at fault, writing nothing. Every write is one transaction.
 * Times are Unix seconds from the caller, dates day_t, money pence.
 * Ownership: structs hold fixed arrays, except pn_meeting's minutes (pn_meetings_free);
 * arrays returned through ** are the caller's to free (free(), or pn_meetings_free). */
#ifndef HEARTH_STORE_PANELS_H
#define HEARTH_STORE_PANELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* ---- code lists -------------------------------------------------------------------------- */
/* Each list once, as X(key, plain English), so that the store's checks and the forms' options
 * come from the same lines. */
#define PN_KINDS(X)                                                                          \
    X("edge_of_care", "Edge of Care")                                                        \
    X("legal_gateway", "Legal Gateway (pre-proceedings and care proceedings)")               \
    X("support_solution", "Support and Solution")                                            \
    X("resources", "Placements and resources")                                               \
    X("exploitation", "Exploitation (vulnerable young people)")
#define PN_DECISIONS(X)                                                                      \
    X("support", "Support agreed: work with the family")                                     \
    X("not_agreed", "Not agreed")                                                            \
    X("pre_proceedings", "Start pre-proceedings: send the letter before proceedings")        \
    X("issue", "Issue care proceedings")                                                     \
    X("placement", "Placement or resource agreed")                                           \
    X("continue", "Continue the plan and review")                                            \
    X("close", "No further panel work")
#define PN_HEARING_KINDS(X)                                                                  \
    X("first", "First hearing")                                                              \
    X("cmh", "Case management hearing")                                                      \
    X("irh", "Issues resolution hearing")                                                    \
    X("final", "Final hearing")                                                              \
    X("other", "Other hearing")
#define PN_ORDERS(X)                                                                         \
    X("care", "Care order")                                                                  \
    X("supervision", "Supervision order")                                                    \
    X("placement", "Placement order (with a care order)")                                    \
    X("sgo", "Special guardianship order")                                                   \
    X("arrangements", "Child arrangements order")                                            \
    X("no_order", "No order")                                                                \
    X("withdrawn", "Application withdrawn")

struct pn_code {
    const char *key, *name;
};
/* The kinds of panel: edge_of_care, legal_gateway, support_solution, resources, exploitation. */
extern const struct pn_code pn_kinds[];
extern const int n_pn_kinds;
/* What a panel may decide. */
extern const struct pn_code pn_decisions[];
extern const int n_pn_decisions;
/* Hearings in care proceedings, and the final orders. */
extern const struct pn_code pn_hearing_kinds[], pn_orders[];
extern const int n_pn_hearing_kinds, n_pn_orders;
/* The name of key in list, or NULL when it is not one. */
const char *pn_name(const struct pn_code *list, int n, const char *key);

enum { PN_TEXT_MAX = 2000, PN_MINUTES_MAX = 20000, PN_ACTIONS_MAX = 6 };

/* ---- referrals ------------------------------------------------------------------------------ */
struct pn_referral {
    int64_t id;
    rec_id person;
    char given[64], family[64], la[40]; /* la: the LAchildID */
    char kind[24];
    day_t referred;
    char reason[PN_TEXT_MAX + 1];
    char referred_by[128];
    int64_t created;
    /* Edge of Care: weeks of intervention and stayed out of care (-1 until the outcome is
     * recorded), the day it was recorded */
    int eoc_weeks, eoc_stayed_out;
    day_t eoc_day;
    /* Legal Gateway: letter before proceedings, proceedings issued, final order (DAY_NONE
     * when not yet) and which order */
    day_t letter_day, issue_day, order_day;
    char order_kind[24];
    /* from its meetings: how many, the latest's day, decision and next review */
    int n_meetings;
    day_t last_meeting, next_review;
    char decision[24];
};

/* Refer the child to a panel of kind (pn_kinds) on day referred, for reason (required, at
 * most PN_TEXT_MAX characters). The child must exist; referred may not be after today. */
HE_MUST_CHECK int pn_refer(struct store *s, const struct cw_user *u, rec_id person, const char *kind,
                           day_t referred, const char *reason, day_t today, int64_t now, int64_t *id,
                           struct err *e);
/* Referral id when it is person's (*found false otherwise). */
HE_MUST_CHECK int pn_referral_get(struct store *s, rec_id person, int64_t id, struct pn_referral *out, bool *found,
                                  struct err *e);
/* The child's referrals, newest first (*out the caller's to free). */
HE_MUST_CHECK int pn_referrals_for(struct store *s, rec_id person, struct pn_referral **out, size_t *n,
                                   struct err *e);
/* Every child's referrals to panels of kind (NULL or "": every kind), the next review
 * soonest first (those with none last), at most max (*out the caller's to free). */
HE_MUST_CHECK int pn_referrals(struct store *s, const char *kind, int max, struct pn_referral **out, size_t *n,
                               struct err *e);

/* ---- meetings and their actions -------------------------------------------------------------- */
struct pn_action_in {
    const char *title;  /* what is to be done (wf_task_add's rules) */
    int64_t assigned_to;/* the user, or a colleague of their team */
    day_t due;
};
struct pn_meeting_in {
    day_t day;                 /* not after today, not before the referral */
    const char *decision;      /* pn_decisions */
    const char *minutes;       /* required, at most PN_MINUTES_MAX characters */
    day_t next_review;         /* DAY_NONE: none; else after day */
    const struct pn_action_in *actions;
    int n_actions;             /* at most PN_ACTIONS_MAX */
};
/* A meeting of the panel about referral (person's), with its actions as tasks, in one
 * transaction. HE_INPUT (field "day", "decision", "minutes", "next_review", "action1".."6"
 * or the task's "title", "assigned", "due" with the action's number after it) and nothing
 * written when refused. */
HE_MUST_CHECK int pn_meeting_add(struct store *s, const struct cw_user *u, rec_id person, int64_t referral,
                                 const struct pn_meeting_in *in, day_t today, int64_t now, int64_t *id,
                                 struct err *e);
struct pn_meeting {
    int64_t id;
    day_t day;
    char decision[24];
    char *minutes;
    day_t next_review;
    char by[128];
    int64_t created;
    int n_actions;
    int64_t actions[PN_ACTIONS_MAX]; /* their task ids */
};
/* The meetings of a referral, newest first. */
HE_MUST_CHECK int pn_meetings(struct store *s, int64_t referral, struct pn_meeting **out, size_t *n,
                              struct err *e);
void pn_meetings_free(struct pn_meeting *m, size_t n);

/* ---- Edge of Care and care proceedings -------------------------------------------------------- */
/* Edge of Care's outcome: weeks of intervention (0..104), whether the young person stayed
 * out of care (1 or 0), recorded on day (not before the referral, not after today).
 * Recording it again replaces it. HE_INPUT ("weeks", "stayed_out", "day") when refused
 * or the referral is not to Edge of Care. */
HE_MUST_CHECK int pn_eoc_outcome(struct store *s, rec_id person, int64_t referral, int weeks, int stayed_out,
                                 day_t day, day_t today, struct err *e);
/* Pre-proceedings and care proceedings on a Legal Gateway referral: the letter before
 * proceedings, the issue date, the final order's day and kind (any may be DAY_NONE/""
 * while not yet; an order needs an issue date on or before it and an order kind). The
 * dates as a whole replace those held. HE_INPUT ("letter", "issue", "order_day", "order")
 * when refused. */
HE_MUST_CHECK int pn_proceedings(struct store *s, rec_id person, int64_t referral, day_t letter, day_t issue,
                                 day_t order_day, const char *order_kind, day_t today, struct err *e);
struct pn_hearing {
    int64_t id;
    day_t day;
    char kind[12];
    char note[PN_TEXT_MAX + 1];
};
/* A hearing in the proceedings (issued, on or after the issue date; kind pn_hearing_kinds). */
HE_MUST_CHECK int pn_hearing_add(struct store *s, const struct cw_user *u, rec_id person, int64_t referral,
                                 day_t day, const char *kind, const char *note, int64_t now, struct err *e);
/* The hearings of a referral, by day. */
HE_MUST_CHECK int pn_hearings(struct store *s, int64_t referral, struct pn_hearing **out, size_t *n,
                              struct err *e);

/* ---- money the authority enters ------------------------------------------------------------------ */
struct mn_unit_cost {
    int64_t id;
    char place[8];        /* an SSDA903 placement type of model/placement.h's carer_places */
    day_t from;           /* in force from this day until the next of the same type */
    int weeks;            /* the cost is for this many weeks (1..104) */
    int64_t pence;        /* > 0 */
    bool edge_of_care;    /* what a young person kept out of care by Edge of Care avoids */
};
/* Add a unit cost. HE_INPUT ("place", "from", "weeks", "cost") when refused; one of the same
 * type from the same day is refused. */
HE_MUST_CHECK int mn_unit_cost_add(struct store *s, const struct cw_user *u, const struct mn_unit_cost *c,
                                   int64_t now, struct err *e);
/* Every unit cost, by type then from, newest last. */
HE_MUST_CHECK int mn_unit_costs(struct store *s, struct mn_unit_cost **out, size_t *n, struct err *e);

/* Set the placements budget of financial year `year` (replacing any). */
HE_MUST_CHECK int mn_budget_set(struct store *s, const struct cw_user *u, int year, int64_t pence, int64_t now,
                                struct err *e);
/* *found false when the year has no budget. */
HE_MUST_CHECK int mn_budget_get(struct store *s, int year, int64_t *pence, bool *found, struct err *e);

/* The year's placements spend as of today: spent from 1 April to today (or the year's end),
 * committed from the day after to 31 March by the placements open today at their weekly
 * cost, the forecast (their sum) and the budget. */
struct mn_forecast {
    int year;
    day_t first, last;
    int64_t spent, committed, forecast, budget;
    bool has_budget;
};
HE_MUST_CHECK int mn_forecast(struct store *s, int year, day_t today, struct mn_forecast *out, struct err *e);

/* Cost avoided by Edge of Care over [from, to]: young people whose Edge of Care outcome,
 * recorded in the period, is that they stayed out of care, each valued at the Edge of Care
 * unit cost in force on the day the outcome was recorded. *uncosted counts those with no
 * such unit cost (not valued). */
struct mn_avoided {
    int64_t outcomes, stayed_out, costed, uncosted, pence;
};
HE_MUST_CHECK int mn_eoc_avoided(struct store *s, day_t from, day_t to, struct mn_avoided *out, struct err *e);

#endif
