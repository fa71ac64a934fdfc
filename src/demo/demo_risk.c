/* demo_risk: exploitation screenings and missing episodes for the demo authority (see
 * demo_risk.h). Every record goes through exploitation.h and missing.h as a worker's would. */
#include "demo_risk.h"

#include <stdlib.h>
#include <string.h>

#include "../date/date.h"
#include "../store/casework.h"
#include "../store/exploitation.h"
#include "../store/missing.h"
#include "../util/buf.h"

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

/* A code from weights (per cent, adding to 100). */
static const char *pick(struct rng *r, const char *const *codes, const int *pct, int n)
{
    int x = below(r, 100), acc = 0;
    for (int i = 0; i < n; i++)
        if (x < (acc += pct[i]))
            return codes[i];
    return codes[n - 1];
}

static int worker(struct store *s, const char *name, const char *display, enum cw_role role, struct cw_user *u,
                  struct err *e)
{
    int64_t id;
    bool found;
    /* "!" is no password hash: these users cannot sign in */
    int rc = cw_user_add(s, name, display, role, "Exploitation and Missing", "!", 0, &id, e);
    if (rc == HE_OK)
        rc = cw_user_by_id(s, id, u, &found, e);
    return rc;
}

static int64_t version(struct store *s, rec_id child, struct err *e)
{
    int64_t v = 0;
    return cw_version(s, child, &v, e) == HE_OK ? v : -1;
}

/* A day in from..to when the child is `age`, or 0 when there is none. */
static day_t day_aged(struct rng *r, day_t dob, int age, day_t from, day_t to)
{
    day_t a = date_add_years(dob, age), b = date_add_years(dob, age + 1) - 1;
    if (a < from)
        a = from;
    if (b > to)
        b = to;
    return a <= b ? a + below(r, b - a + 1) : 0;
}

static const char *const judgements[] = {
    "Spending time with older young people we do not know; mother worried about her phone.",
    "Several risk factors, but a protective family and good school attendance.",
    "Going missing and coming back with things that cannot be explained; risk rising.",
    "Met an adult online who asks to meet her; police aware.",
    "Found in another town twice this month; carrying cash.",
};

static int screen(struct store *s, struct rng *r, const struct cw_user *w, const struct cw_user *m,
                  const struct mis_child *c, day_t day, day_t to, int *made, struct err *e)
{
    static const char *const grades[] = {"low", "medium", "high"};
    static const int grade_pct[] = {47, 33, 20};
    static const char *const sources[] = {"POLICE", "SCHOOL", "SOCIAL_CARE", "HEALTH", "FAMILY", "EARLY_HELP",
                                          "VOLUNTARY"};
    static const int source_pct[] = {35, 20, 15, 10, 10, 5, 5};
    static const char *const contacts[] = {"SOCIAL_MEDIA", "IN_PERSON", "PHONE", "PARTY", "PEERS", "BUSINESS",
                                           "UNKNOWN"};
    static const int contact_pct[] = {25, 30, 15, 12, 10, 3, 5};
    const char *grade = pick(r, grades, grade_pct, 3);
    /* factors until the tool's total reaches the worker's grade, mostly; the worker grades
     * one band higher now and then */
    int band = !strcmp(grade, "high") ? 2 : !strcmp(grade, "medium") ? 1 : 0;
    int tool_band = band > 0 && chance(r, 0.15) ? band - 1 : band;
    int lo = tool_band == 2 ? XP_HIGH_FROM : tool_band == 1 ? XP_MEDIUM_FROM : 1;
    struct buf factors = BUF_INIT;
    bool used[64] = {false};
    int score = 0;
    for (int tries = 0; score < lo && tries < 100; tries++) {
        int k = below(r, n_xp_factors);
        int hi = tool_band == 2 ? 1000 : tool_band == 1 ? XP_HIGH_FROM - 1 : XP_MEDIUM_FROM - 1;
        if (used[k] || score + xp_factors[k].weight > hi)
            continue;
        used[k] = true;
        score += xp_factors[k].weight;
        if (factors.len)
            buf_addc(&factors, ',');
        buf_adds(&factors, xp_factors[k].code);
    }
    struct xp_new n = {.screened = day, .kinds = chance(r, 0.75) ? "sexual" : chance(r, 0.6) ? "criminal" : "both",
                       .factors = buf_str(&factors), .grade = grade, .judgement = judgements[below(r, 5)],
                       .source = pick(r, sources, source_pct, 7), .contact = pick(r, contacts, contact_pct, 7),
                       .victim = chance(r, band == 2 ? 0.6 : band == 1 ? 0.2 : 0.03), .manager = band ? m->id : 0};
    struct xp_outcome o;
    int64_t at = (int64_t)(day - date_from_ymd(1970, 1, 1)) * 86400 + 12 * 3600;
    int rc = xp_screen(s, w, c->id, version(s, c->id, e), &n, to, at, &o, e);
    buf_free(&factors);
    if (rc != HE_OK)
        return rc;
    (*made)++;
    /* therapeutic support for those at high risk or known victims, about a sixth of all */
    if ((band == 2 || n.victim) && chance(r, 0.7)) {
        day_t start = day + 7 + below(r, 21);
        if (start <= to) {
            day_t end = chance(r, 0.4) ? start + 60 + below(r, 60) : DAY_NONE;
            if (end && end > to)
                end = DAY_NONE;
            rc = xp_support_add(s, w, c->id, version(s, c->id, e), o.id, "THERAPEUTIC", start, end, 0, e);
        }
    }
    return rc;
}

int demo_risk_add(struct store *s, int year, long long population, uint64_t seed, struct demo_risk_stats *st,
                  struct err *e)
{
    struct demo_risk_stats none;
    if (!st)
        st = &none;
    memset(st, 0, sizeof *st);
    struct rng r = {seed * 0x2545f4914f6cdd1dULL + 16};
    day_t from = date_from_ymd(year - 1, 4, 1), to = date_from_ymd(year, 3, 31);
    struct cw_user w, m;
    int rc = worker(s, "exploitation.worker", "Eve Outreach (demo)", ROLE_SOCIAL_WORKER, &w, e);
    if (rc == HE_OK)
        rc = worker(s, "exploitation.manager", "Pam Panel (demo)", ROLE_TEAM_MANAGER, &m, e);
    struct mis_child *kids = NULL;
    int n = 0;
    /* aged 10 to 17 at some time in the year */
    if (rc == HE_OK)
        rc = mis_children(s, date_add_years(from, -18) + 1, date_add_years(to, -10), from, to, &kids, &n, e);
    if (rc != HE_OK)
        return rc;
    bool *used = calloc((size_t)(n ? n : 1), sizeof *used);
    if (!used) {
        free(kids);
        return err_set(e, HE_INTERNAL, "out of memory");
    }

    /* exploitation: Durham's 124 in about 100,000 children; 88% girls; most often 13 */
    static const int ages[] = {11, 12, 13, 14, 15, 16, 17};
    static const int age_pct[] = {5, 12, 30, 22, 18, 10, 3};
    int want = (int)((124.0 * (double)population / 100000.0) + 0.5);
    for (int k = 0; rc == HE_OK && k < want; k++) {
        char sex = chance(&r, 0.88) ? 'F' : 'M';
        int age = ages[6];
        for (int x = below(&r, 100), acc = 0, i = 0; i < 7; i++)
            if (x < (acc += age_pct[i])) {
                age = ages[i];
                break;
            }
        int start = below(&r, n ? n : 1);
        for (int j = 0; j < n; j++) {
            const struct mis_child *c = &kids[(start + j) % n];
            if (used[(start + j) % n] || c->sex != sex)
                continue;
            day_t day = day_aged(&r, c->dob, age, from, to);
            if (!day)
                continue;
            used[(start + j) % n] = true;
            rc = screen(s, &r, &w, &m, c, day, to, &st->screened, e);
            break;
        }
    }

    /* missing: Medway's 351 children in about 64,000, some of them looked after (the
     * authority's own SSDA903 episodes), the rest from home; every return offered an
     * interview, mostly within 72 hours, and about two in three accepting */
    int la = 0;
    for (int i = 0; rc == HE_OK && i < n; i++) {
        if (!kids[i].in_care)
            continue;
        struct mis_list l;
        if ((rc = mis_list(s, kids[i].id, &l, e)) != HE_OK)
            break;
        bool any = false, accepts = chance(&r, 0.64);
        for (int k = 0; rc == HE_OK && k < l.n; k++) {
            const struct mis_episode *x = &l.v[k];
            any |= x->start >= from && x->start <= to;
            if (!x->in_care || !x->end || x->end < from || x->end > to || x->offered >= 0)
                continue;
            day_t od = x->end + (chance(&r, 0.9) ? below(&r, 4) : 4 + below(&r, 3));
            struct mis_return ret = {x->end, chance(&r, 0.8) ? "HOME" : "POLICE", 1, od, accepts, DAY_NONE};
            if (od <= to && (rc = mis_return(s, kids[i].id, version(s, kids[i].id, e), x->id, true, &ret, e)) == HE_OK)
                st->returns_offered++;
        }
        la += any;
        mis_list_free(&l);
    }
    int want_missing = (int)((351.0 * (double)population / 64000.0) + 0.5) - la;
    static const char *const places[] = {"HOME", "FRIEND", "RELATIVE", "ADULT", "PUBLIC", "POLICE", "OUT_OF_AREA",
                                         "SELF"};
    static const int place_pct[] = {20, 30, 12, 5, 10, 13, 5, 5};
    for (int k = 0, start = below(&r, n ? n : 1); rc == HE_OK && k < n && st->missing_children < want_missing; k++) {
        int i = (start + k) % n;
        if (kids[i].in_care || date_age(kids[i].dob, to) < 11)
            continue;
        /* one episode mostly; some children go missing again and again */
        int times = chance(&r, 0.7) ? 1 : chance(&r, 0.6) ? 2 : 3 + below(&r, 3);
        int gap = times >= 3 ? 10 + below(&r, 20) : 30 + below(&r, 90);
        day_t day = from + below(&r, to - from + 1 - gap * times);
        bool accepts = chance(&r, 0.64);
        int made = 0;
        for (int t = 0; rc == HE_OK && t < times && day <= to - 4; t++, day += gap + below(&r, 5)) {
            day_t end = day + (chance(&r, 0.7) ? below(&r, 2) : 2 + below(&r, 4));
            if (end > to)
                end = to;
            struct mis_new mn = {day, end, "M", pick(&r, places, place_pct, 8)};
            struct mis_outcome o;
            int64_t at = (int64_t)(day - date_from_ymd(1970, 1, 1)) * 86400 + 12 * 3600;
            if ((rc = mis_record(s, &w, kids[i].id, version(s, kids[i].id, e), &mn, to, at, &o, e)) != HE_OK)
                break;
            day_t od = end + (chance(&r, 0.9) ? below(&r, 4) : 4 + below(&r, 3));
            if (od > to)
                od = to;
            struct mis_return ret = {end, NULL, 1, od, t == 0 ? accepts : accepts && chance(&r, 0.5), DAY_NONE};
            if ((rc = mis_return(s, kids[i].id, version(s, kids[i].id, e), o.id, false, &ret, e)) == HE_OK) {
                st->episodes++;
                st->returns_offered++;
                made++;
            }
        }
        st->missing_children += made > 0;
    }
    free(used);
    free(kids);
    return rc;
}
