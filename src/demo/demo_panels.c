/* demo_panels: panels, court and the money the authority enters, for the demo authority, so
 * that the Panels and court and Money figures are real: Worcestershire's Edge of Care
 * (26 young people in the year, 23 kept out of care, each valued at the £5,724 unit cost of
 * 12 weeks of in-house foster care the demo authority enters: £131,652), Legal Gateway
 * cases with letters before proceedings, proceedings issued, hearings and final orders on
 * either side of 26 weeks, Support and Solution and other panels' reviews, unit costs and
 * placements budgets. Deterministic from the demo's seed; everything goes through the
 * panels store (store/panels.h), as a manager's forms would. DEMO ONLY. */
#include "demo_panels.h"

#include <stdlib.h>
#include <string.h>

#include "../store/casework.h"
#include "../store/panels.h"

static uint64_t next(uint64_t *x)
{
    /* splitmix64: a small deterministic sequence from the seed */
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int meet(struct store *s, const struct cw_user *u, rec_id child, int64_t ref, day_t day, const char *decision,
                const char *minutes, day_t review, day_t today, struct err *e)
{
    struct pn_meeting_in in = {.day = day, .decision = decision, .minutes = minutes, .next_review = review};
    int64_t id;
    return pn_meeting_add(s, u, child, ref, &in, today, 0, &id, e);
}

/* The panel goes on reviewing a referral from its review on `review` up to the demo's
 * today, every `weeks` weeks: the plan continues until `ends` (DAY_NONE: it goes on), at
 * whose review the panel closes it. Most next reviews fall after today; about one in
 * eight has slipped by up to a fortnight, as a busy panel's do. */
static int reviews(struct store *s, const struct cw_user *u, rec_id child, int64_t ref, day_t review, int weeks,
                   day_t ends, day_t today, uint64_t *x, struct err *e)
{
    day_t slip = next(x) % 8 == 0 ? (day_t)(1 + next(x) % 14) : 0;
    int rc = HE_OK;
    while (rc == HE_OK && review && review + slip <= today) {
        bool last = ends && review + 7 * weeks > ends;
        rc = meet(s, u, child, ref, review, last ? "close" : "continue",
                  last ? "The plan's aims are met; no further panel work." : "Progress reviewed; the plan continues.",
                  last ? DAY_NONE : review + 7 * weeks, today, e);
        review = last ? DAY_NONE : review + 7 * weeks;
    }
    return rc;
}

static int by_id(const void *a, const void *b)
{
    rec_id x = *(const rec_id *)a, y = *(const rec_id *)b;
    return (x > y) - (x < y);
}

int demo_panels_add(struct store *s, int year, day_t today, uint64_t seed, FILE *out, struct err *e)
{
    struct cw_user admin;
    bool found = false;
    int rc = cw_user_by_name(s, "admin", &admin, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found)
        return err_set(e, HE_INTERNAL, "the demo's administrator is missing");
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    /* what the authority enters: unit costs (Worcestershire's for Edge of Care) and budgets */
    static const struct {
        const char *place;
        int weeks;
        int64_t pence;
        bool eoc;
    } units[] = {{"U4", 12, 572400, true}, {"U1", 1, 35000, false}, {"U6", 1, 47700, false},
                 {"K2", 1, 580000, false}};
    for (size_t i = 0; rc == HE_OK && i < sizeof units / sizeof units[0]; i++) {
        struct mn_unit_cost c = {.from = date_from_ymd(year - 3, 4, 1), .weeks = units[i].weeks,
                                 .pence = units[i].pence, .edge_of_care = units[i].eoc};
        snprintf(c.place, sizeof c.place, "%s", units[i].place);
        rc = mn_unit_cost_add(s, &admin, &c, 0, e);
    }
    for (int y = year - 1; rc == HE_OK && y <= year + 1; y++)
        rc = mn_budget_set(s, &admin, y, 1250000000, 0, e);
    if (rc != HE_OK)
        return rc;

    /* children with an episode of need in the last year, in an order drawn from the seed */
    rec_id *ids = NULL;
    size_t n = 0;
    if ((rc = store_cohort(s, COHORT_CIN, first, last, &ids, &n, e)) != HE_OK)
        return rc;
    uint64_t x = seed ^ 0x70616e656c73ull; /* "panels" */
    for (size_t i = n; i > 1; i--) {
        size_t k = (size_t)(next(&x) % i);
        rec_id t = ids[i - 1];
        ids[i - 1] = ids[k];
        ids[k] = t;
    }
    /* after Edge of Care's 26 (a crisis in the year, whatever came of it), children still
     * open today first: the panels after it review cases up to today, and a Legal Gateway
     * case whose episode of need closed long ago would read as nonsense on the record */
    rec_id *now = NULL;
    size_t n_now = 0;
    if ((rc = store_cohort(s, COHORT_CIN, today, today, &now, &n_now, e)) != HE_OK) {
        free(ids);
        return rc;
    }
    for (size_t i = 26, front = 26; i < n; i++)
        if (bsearch(&ids[i], now, n_now, sizeof *now, by_id)) {
            rec_id t = ids[front];
            ids[front++] = ids[i];
            ids[i] = t;
        }
    free(now);
    size_t at = 0;
    int referrals = 0, kept = 0, issued = 0, orders = 0;
    int64_t ref = 0;

    /* Edge of Care: 26 young people referred from April to November, 12 weeks' work each,
     * 23 stayed out of care */
    bool into_care[26] = {false};
    for (int c = 0; c < 3;) {
        int k = (int)(next(&x) % 26);
        if (!into_care[k])
            into_care[k] = true, c++;
    }
    for (int i = 0; rc == HE_OK && i < 26 && at < n; i++, at++) {
        day_t day = first + (day_t)(i * 9 + (int)(next(&x) % 5));
        rc = pn_refer(s, &admin, ids[at], "edge_of_care", day,
                      "Parents asking for the young person to be accommodated after a crisis at home.", last, 0, &ref,
                      e);
        if (rc == HE_OK)
            rc = meet(s, &admin, ids[at], ref, day + 7, "support",
                      "Short breaks, a family group conference and specialist family support offered.", day + 49,
                      last, e);
        if (rc == HE_OK)
            rc = pn_eoc_outcome(s, ids[at], ref, 12, !into_care[i], day + 84, last, e);
        /* reviewed when the twelve weeks' work ends, and closed */
        if (rc == HE_OK)
            rc = reviews(s, &admin, ids[at], ref, day + 49, 5, day + 84, today, &x, e);
        referrals++;
        kept += !into_care[i];
    }
    /* Legal Gateway: pre-proceedings, and proceedings issued, some concluded within 26 weeks
     * and some not */
    static const char *const order_kinds[] = {"care", "sgo", "supervision", "care", "arrangements", "placement"};
    for (int i = 0; rc == HE_OK && i < 14 && at < n; i++, at++) {
        day_t day = first - 150 + (day_t)(i * 21);
        rc = pn_refer(s, &admin, ids[at], "legal_gateway", day,
                      "Neglect: the child protection plan has not brought the change the child needs.", last, 0,
                      &ref, e);
        if (rc == HE_OK)
            rc = meet(s, &admin, ids[at], ref, day + 7, i < 11 ? "pre_proceedings" : "continue",
                      "Threshold met; the Public Law Outline is started.", day + 63, last, e);
        referrals++;
        if (rc == HE_OK && i >= 11) /* kept under review, then closed */
            rc = reviews(s, &admin, ids[at], ref, day + 63, 8, day + 63 + 7 * 8 * (i - 9), today, &x, e);
        if (rc != HE_OK || i >= 11)
            continue;
        day_t letter = day + 10, issue = i < 9 ? day + 70 : DAY_NONE, order = DAY_NONE;
        const char *kind = "";
        if (issue && i < 7) {
            order = issue + (day_t)(7 * (20 + (int)(next(&x) % 18))); /* 20 to 37 weeks */
            if (order > last)
                order = DAY_NONE;
            else
                kind = order_kinds[i % 6];
        }
        rc = pn_proceedings(s, ids[at], ref, letter, issue, order, kind, last, e);
        /* the gateway reviews the case every eight weeks until the final order */
        if (rc == HE_OK)
            rc = reviews(s, &admin, ids[at], ref, day + 63, 8, order ? order : i < 9 ? DAY_NONE : day + 180, today, &x,
                         e);
        if (rc == HE_OK && issue) {
            issued++;
            rc = pn_hearing_add(s, &admin, ids[at], ref, issue + 3, "first", NULL, 0, e);
            if (rc == HE_OK)
                rc = pn_hearing_add(s, &admin, ids[at], ref, issue + 42, "cmh", "Directions for assessments.", 0, e);
            if (rc == HE_OK && order)
                rc = pn_hearing_add(s, &admin, ids[at], ref, order, "final", NULL, 0, e);
            orders += order != DAY_NONE;
        }
    }
    /* Support and Solution, placements and resources, exploitation: a review each */
    static const struct {
        const char *kind, *decision, *why;
        int count;
    } others[] = {
        {"support_solution", "continue", "A child protection plan of more than 18 months.", 8},
        {"resources", "placement", "A placement that meets the young person's needs near home.", 5},
        {"exploitation", "support", "Missing from home and found in another town with older men.", 6},
    };
    for (size_t o = 0; rc == HE_OK && o < sizeof others / sizeof others[0]; o++)
        for (int i = 0; rc == HE_OK && i < others[o].count && at < n; i++, at++) {
            day_t day = first + (day_t)(30 * i + (int)(next(&x) % 20));
            rc = pn_refer(s, &admin, ids[at], others[o].kind, day, others[o].why, last, 0, &ref, e);
            if (rc == HE_OK)
                rc = meet(s, &admin, ids[at], ref, day + 14, others[o].decision, "Barriers discussed; actions agreed.",
                          i % 2 ? day + 56 : DAY_NONE, last, e);
            /* reviewed every six weeks; about half closed within the year after */
            if (rc == HE_OK && i % 2)
                rc = reviews(s, &admin, ids[at], ref, day + 56, 6, i % 4 == 1 ? day + 56 + 7 * 6 * (int)(next(&x) % 8) : 0,
                             today, &x, e);
            referrals++;
        }
    /* the year so far, after the last return: referrals each month up to today, met a week
     * later and reviewed as above */
    static const struct {
        const char *kind, *decision, *why;
        int weeks;
    } current[] = {
        {"edge_of_care", "support", "Parents asking for the young person to be accommodated after a crisis at home.", 5},
        {"support_solution", "continue", "A child protection plan of more than 18 months.", 6},
        {"legal_gateway", "pre_proceedings", "Neglect: the child protection plan has not brought the change the child "
                                             "needs.", 8},
        {"resources", "placement", "A placement that meets the young person's needs near home.", 6},
        {"exploitation", "support", "Missing from home and found in another town with older men.", 6},
    };
    int recent = 0;
    for (day_t day = last + 4; rc == HE_OK && day + 7 <= today && at < n; day += 12, at++) {
        int c = (int)(next(&x) % (sizeof current / sizeof current[0]));
        rc = pn_refer(s, &admin, ids[at], current[c].kind, day, current[c].why, today, 0, &ref, e);
        if (rc == HE_OK)
            rc = meet(s, &admin, ids[at], ref, day + 7, current[c].decision, "Barriers discussed; actions agreed.",
                      day + 7 + 7 * current[c].weeks, today, e);
        if (rc == HE_OK && !strcmp(current[c].kind, "edge_of_care") && day + 84 <= today)
            rc = pn_eoc_outcome(s, ids[at], ref, 12, next(&x) % 8 != 0, day + 84, today, e);
        if (rc == HE_OK)
            rc = reviews(s, &admin, ids[at], ref, day + 7 + 7 * current[c].weeks, current[c].weeks,
                         !strcmp(current[c].kind, "edge_of_care") ? day + 84 : DAY_NONE, today, &x, e);
        recent++;
    }
    free(ids);
    if (rc == HE_OK && out)
        fprintf(out, "\nPanels: %d referrals; Edge of Care kept %d of 26 young people out of care; %d care "
                     "proceedings issued, %d concluded; %d referrals since, reviewed up to today.\n",
                referrals, kept, issued, orders, recent);
    return rc;
}
