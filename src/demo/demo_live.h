/* demo_live: the demo authority's current year, from the day after its last return to
 * "today", recorded through the same store calls the web forms make (demo_live.c): new
 * contacts and their threshold decisions, referrals opening episodes of need, assessments
 * started and authorised, strategy discussions and conferences, plans and their reviews,
 * children becoming looked after, statutory visits, looked-after reviews, pathway plans and
 * care leavers' contacts; and the cases open at the last return carried on. Volumes follow
 * the authority's own last year. Deterministic for a given store, seed and today.
 *
 * Each kind of record is one live_* function there; a story (a new contact, an open
 * episode, a looked-after child, a care leaver) calls them in the order the work happens.
 * demo_casework adds what a worker writes about the children they hold: case notes, the
 * text of an assessment, a plan with its actions, and tasks. */
#ifndef HEARTH_DEMO_LIVE_H
#define HEARTH_DEMO_LIVE_H

#include <stdint.h>
#include <stdio.h>

#include "../date/date.h"
#include "../store/casework.h"
#include "../util/err.h"

/* Who does the work: the front door records contacts and decides, a manager authorises;
 * the partner agencies' officers in the hub (NULL: the front door records what they say). */
struct demo_live_staff {
    const struct cw_user *front_door, *manager;
    const struct cw_user *police, *health;
};

struct demo_live_stats {
    long long contacts, decisions, referrals, assessments, authorised, strategies,
        conferences, cp_plans, cp_reviews, cin_plans, closures, looked_after, visits,
        la_reviews, ceased, pathway_plans, leaver_contacts;
    long long hub, hub_checks; /* contacts brought into the hub, agency checks there */
    long long refused;       /* writes the store's checks refused (should be none) */
    char first_refusal[300]; /* what the first refusal said, for the caller to show */
};

/* Record the work from `from` (the day after the last return) to `today` inclusive. */
HE_MUST_CHECK int demo_live(struct store *s, const struct demo_live_staff *staff, uint64_t seed, day_t from,
              day_t today, struct demo_live_stats *st, struct err *e);

struct demo_casework_stats {
    long long children, notes, assessments, submitted, plans, actions, tasks;
    long long authorised, returned; /* of those submitted, decided by the team manager */
    long long health;        /* initial health assessments and PEPs */
    long long tasks_done;    /* tasks set earlier and done since */
    long long refused;       /* as demo_live_stats */
    char first_refusal[300];
};

/* The casework of `worker` about children[0..n-1] (those allocated to them), from `from`
 * (when the allocation began) to `today`: case notes written by the worker, the text of
 * the child's assessment not yet authorised (the first submitted to the team manager;
 * when the team has a `manager`, not NULL, the first two wait in their tray and most of
 * the others are submitted and decided by them a few days later: authorised with a
 * comment, or about one in four returned with the reason), a
 * plan with actions for a child on a plan, looked after or leaving care, a looked-after
 * child's initial health assessment and PEP (most in time), and tasks (open ones, and
 * earlier ones done, most by their due day).
 * Through the store calls the forms make, one transaction each; deterministic for a
 * store, seed, worker and today. */
HE_MUST_CHECK int demo_casework(struct store *s, const struct cw_user *worker,
                                const struct cw_user *manager, const rec_id *children, int n,
                                uint64_t seed, day_t from, day_t today, struct demo_casework_stats *st,
                                struct err *e);

#endif
