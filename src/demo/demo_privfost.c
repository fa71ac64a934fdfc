/* demo_privfost: private fostering arrangements for the demo authority (demo_privfost.h).
 * Every record goes through privfost.h as a worker's would. */
#include "demo_privfost.h"

#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../store/casework.h"
#include "../store/missing.h"
#include "../store/privfost.h"
#include "names.h"

struct rng {
    uint64_t s;
};
static uint64_t next(struct rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int below(struct rng *r, int n) { return n > 0 ? (int)(next(r) % (uint64_t)n) : 0; }
static bool chance(struct rng *r, double p) { return (double)(next(r) >> 11) / 9007199254740992.0 < p; }

static int64_t version(struct store *s, rec_id child, struct err *e)
{
    int64_t v = 0;
    return cw_version(s, child, &v, e) == HE_OK ? v : -1;
}

static int64_t at(day_t d) { return (int64_t)(d - date_from_ymd(1970, 1, 1)) * 86400 + 11 * 3600; }

/* One arrangement of child c notified on `day`, with its visits, decision and perhaps its
 * end, up to today. */
static int arrange(struct store *s, struct rng *r, const struct cw_user *w, const struct mis_child *c, day_t day,
                   day_t today, struct demo_privfost_stats *st, struct err *e)
{
    static const char *const by[] = {"parent", "carer", "school", "health", "other"};
    static const int by_pct[] = {35, 15, 25, 10, 15};
    const char *who = by[4];
    for (int x = below(r, 100), acc = 0, i = 0; i < 5; i++)
        if (x < (acc += by_pct[i])) {
            who = by[i];
            break;
        }
    /* told before it began (a proposal) now and then; mostly after, often weeks after */
    day_t began = chance(r, 0.2) ? day + 3 + below(r, 30) : day - below(r, 60);
    if (began < c->dob + 365 * 3)
        began = day;
    const struct name_group *g = name_group_get((enum name_group_id)below(r, NG_COUNT));
    const struct name_list *first = chance(r, 0.7) ? &g->women : &g->men;
    struct pf_new n = {day, who, began, chance(r, 0.05),
                       {NULL, first->v[below(r, (int)first->n)], g->family.v[below(r, (int)g->family.n)]}};
    int64_t id = 0;
    int rc = pf_notify(s, w, c->id, version(s, c->id, e), &n, today, at(day), &id, e);
    if (rc == HE_INPUT) /* a rule of the record's (16 by then, looked after): another child */
        return HE_OK;
    if (rc != HE_OK)
        return rc;
    st->notified++;
    /* the end, for some: most go home, a few become looked after */
    day_t end = DAY_NONE;
    const char *reason = NULL;
    if (chance(r, 0.45)) {
        end = (began > day ? began : day) + 40 + below(r, 300);
        reason = chance(r, 0.7) ? "returned_parent" : chance(r, 0.4) ? "looked_after" : "other";
    }
    day_t age_end = date_add_years(c->dob, n.disabled ? PF_AGE_DISABLED : PF_AGE);
    if (age_end <= today && (!end || age_end < end)) {
        end = age_end;
        reason = "age";
    }
    if (end && end > today)
        end = DAY_NONE;
    /* the first visit: within 7 working days mostly, a week or two late now and then */
    day_t due = clock_due(CLOCK_PF_INITIAL_VISIT, day);
    bool late = chance(r, 0.15);
    day_t v = late ? due + 1 + below(r, 12) : day + 1 + below(r, due - day);
    st->late_first += late && v <= today;
    for (int k = 0; rc == HE_OK && v <= today && (!end || v <= end); k++) {
        if ((rc = pf_visit(s, w, c->id, version(s, c->id, e), id, v, chance(r, 0.85), today, at(v), e)) != HE_OK)
            break;
        st->visits++;
        day_t nd = pf_visit_due(day, v);
        /* in time mostly (a week or so before the due day), late about one in eight */
        v = chance(r, 0.12) ? nd + 1 + below(r, 14) : nd - below(r, 10);
    }
    if (rc != HE_OK)
        return rc;
    /* the decision: within 42 working days mostly; most arrangements suitable */
    day_t adue = clock_due(CLOCK_PF_ASSESSMENT, day);
    day_t decided = chance(r, 0.8) ? day + 20 + below(r, adue - day - 19) : adue + 1 + below(r, 30);
    if (decided <= today && (!end || decided <= end) &&
        (rc = pf_assess(s, c->id, version(s, c->id, e), id, chance(r, 0.9) ? "suitable" : "not_suitable", decided,
                        today, e)) != HE_OK)
        return rc;
    if (end) {
        /* the end is after every visit made (visits stop at it) */
        if ((rc = pf_end(s, c->id, version(s, c->id, e), id, end, reason, today, e)) != HE_OK)
            return rc;
        st->ended++;
    } else
        st->current++;
    return HE_OK;
}

int demo_privfost_add(struct store *s, int year, day_t today, long long population, uint64_t seed,
                      struct demo_privfost_stats *st, struct err *e)
{
    struct demo_privfost_stats none;
    if (!st)
        st = &none;
    memset(st, 0, sizeof *st);
    struct rng r = {seed * 0x2545f4914f6cdd1dULL + 26};
    day_t from = date_from_ymd(year - 2, 4, 1), last = date_from_ymd(year, 3, 31);
    if (today < last)
        today = last;
    struct cw_user w;
    int64_t uid;
    bool found;
    /* "!" is no password hash: this user cannot sign in */
    int rc = cw_user_add(s, "privfost.worker", "Priya Fostering (demo)", ROLE_SOCIAL_WORKER, "Private Fostering", "!",
                         0, &uid, e);
    if (rc == HE_OK)
        rc = cw_user_by_id(s, uid, &w, &found, e);
    /* children 5 to 15 at some time in the years, not looked after then */
    struct mis_child *kids = NULL;
    int n = 0;
    if (rc == HE_OK)
        rc = mis_children(s, date_add_years(today, -16) + 1, date_add_years(from, -5), from, today, &kids, &n, e);
    if (rc != HE_OK)
        return rc;
    /* England: about 1.25 notifications a year for every 10,000 children (at least two a year) */
    double years = (double)(today - from + 1) / 365.25;
    int want = (int)(1.25 * (double)population / 10000.0 * years + 0.5);
    if (want < 4)
        want = 4;
    for (int k = 0, start = below(&r, n ? n : 1); rc == HE_OK && k < n && st->notified < want; k += 1 + below(&r, 7)) {
        const struct mis_child *c = &kids[(start + k) % n];
        if (c->in_care)
            continue;
        day_t day = from + below(&r, today - from + 1);
        if (date_age(c->dob, day) < 4 || date_age(c->dob, day) > 15)
            continue;
        rc = arrange(s, &r, &w, c, day, today, st, e);
    }
    free(kids);
    return rc;
}
