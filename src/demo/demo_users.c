/* demo_users: demo sign-ins and caseloads (see demo_users.h). The table below is the
 * demo's staff: who signs in, in which team, and which children they hold. A new demo
 * user is one row; a new kind of caseload is one enum value and one case in classify(). */
#include "demo_users.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/journey.h"
#include "../store/casework.h"
#include "../store/demo.h"
#include "../store/stages.h"
#include "../store/workflow.h"
#include "../util/buf.h"
#include "../web/session.h"
#include "demo_live.h"
#include "rng.h"

/* What a worker holds: the kind of work their team does. */
enum caseload {
    CL_NONE,
    CL_ASSESSMENT, /* an open episode of need before any plan: the assessment teams */
    CL_PLANS,      /* a child protection or child in need plan */
    CL_IN_CARE,    /* looked after */
    CL_LEAVING,    /* care leavers */
    CL_REVIEWS,    /* the IRO: looked-after children and children on protection plans */
    CL_COUNT
};

#define TEAM_ASSESS "Assessment North"
#define TEAM_PLANS "Child Protection and Children in Need"
#define TEAM_CARE "Children in Care"
#define TEAM_LEAVING "Leaving Care"

static const struct demo_user {
    const char *name, *display, *team;
    enum cw_role role;
    enum caseload load;
} demo[] = {
    {"frontdoor", "Fran Door (demo)", "Front Door", ROLE_FRONT_DOOR, CL_NONE},
    {"social.worker", "Sam Worker (demo)", TEAM_ASSESS, ROLE_SOCIAL_WORKER, CL_ASSESSMENT},
    {"aisha.khan", "Aisha Khan (demo)", TEAM_ASSESS, ROLE_SOCIAL_WORKER, CL_ASSESSMENT},
    {"tom.hughes", "Tom Hughes (demo)", TEAM_ASSESS, ROLE_SOCIAL_WORKER, CL_ASSESSMENT},
    {"manager", "Morgan Manager (demo)", TEAM_ASSESS, ROLE_TEAM_MANAGER, CL_NONE},
    {"jo.bennett", "Jo Bennett (demo)", TEAM_PLANS, ROLE_SOCIAL_WORKER, CL_PLANS},
    {"daniel.mensah", "Daniel Mensah (demo)", TEAM_PLANS, ROLE_SOCIAL_WORKER, CL_PLANS},
    {"kate.doyle", "Kate Doyle (demo)", TEAM_PLANS, ROLE_SOCIAL_WORKER, CL_PLANS},
    {"care.worker", "Cara Carer (demo)", TEAM_CARE, ROLE_SOCIAL_WORKER, CL_IN_CARE},
    {"nadia.begum", "Nadia Begum (demo)", TEAM_CARE, ROLE_SOCIAL_WORKER, CL_IN_CARE},
    {"lewis.grant", "Lewis Grant (demo)", TEAM_CARE, ROLE_SOCIAL_WORKER, CL_IN_CARE},
    {"adviser", "Pat Adviser (demo)", TEAM_LEAVING, ROLE_PERSONAL_ADVISER, CL_LEAVING},
    {"ruth.owusu", "Ruth Owusu (demo)", TEAM_LEAVING, ROLE_PERSONAL_ADVISER, CL_LEAVING},
    {"iro", "Ira Reviewer (demo)", "Independent Reviewing", ROLE_IRO, CL_REVIEWS},
    {"analyst", "Ana Lyst (demo)", "Performance", ROLE_ANALYST, CL_NONE},
    {"admin", "Adam Admin (demo)", NULL, ROLE_ADMIN, CL_NONE},
    /* partner agencies' officers in the hub: the team names the agency (mash.h) */
    {"police", "Pete Constable (demo)", "Police", ROLE_PARTNER, CL_NONE},
    {"health", "Hana Visitor (demo)", "Health", ROLE_PARTNER, CL_NONE},
};
#define N_DEMO (sizeof demo / sizeof demo[0])
/* The kind of each team above (workflow.h). */
static const struct {
    const char *team, *kind;
} team_kinds[] = {
    {"Front Door", "front_door"},   {TEAM_ASSESS, "assessment"},  {TEAM_PLANS, "protection"},
    {TEAM_CARE, "in_care"},         {TEAM_LEAVING, "leaving_care"},
    {"Independent Reviewing", "reviewing"}, {"Performance", "other"},
    {"Police", "other"},            {"Health", "other"},
};
/* Children each team holds beyond its workers' caseloads: waiting for allocation. */
#define TEAM_WAITING 8

int demo_users_accounts(struct store *s, struct err *e)
{
    char hash[128];
    int rc = session_init(e);
    if (rc == HE_OK)
        rc = password_hash(DEMO_PASSWORD, hash, e);
    for (size_t i = 0; rc == HE_OK && i < N_DEMO; i++) {
        int64_t id;
        rc = cw_user_add(s, demo[i].name, demo[i].display, demo[i].role, demo[i].team, hash,
                         (int64_t)time(NULL), &id, e);
    }
    /* every team's kind: a referral goes by default to the assessment teams, a transfer
     * lists the teams that hold children */
    if (rc == HE_OK)
        rc = store_begin(s, e);
    for (size_t i = 0; rc == HE_OK && i < sizeof team_kinds / sizeof team_kinds[0]; i++) {
        int64_t team;
        if ((rc = cw_team_ensure(s, team_kinds[i].team, &team, e)) == HE_OK)
            rc = wf_team_set_kind(s, team, team_kinds[i].kind, e);
    }
    return rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
}

void demo_users_print(FILE *out)
{
    fprintf(out, "\nDemo sign-ins (DEMO ONLY: every password is '%s'):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < N_DEMO; i++)
        fprintf(out, "  %-14s %-30s %s\n", demo[i].name, cw_role_name(demo[i].role),
                demo[i].team ? demo[i].team : "");
}

/* ---- caseloads ---------------------------------------------------------------------- */
struct pool {
    rec_id *ids;
    size_t n, cap, next;
};

static void pool_add(struct pool *p, rec_id id)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->ids = xrealloc(p->ids, p->cap * sizeof *p->ids);
    }
    p->ids[p->n++] = id;
}

/* Which team's work a child is on `today`, from their journey. */
static enum caseload classify(const struct child_file *c, const struct journey *j)
{
    if (j->status & JS_LOOKED_AFTER)
        return CL_IN_CARE;
    if (j->status & JS_CARE_LEAVER)
        return CL_LEAVING;
    if (j->status & JS_CP)
        return CL_PLANS;
    if (j->status & JS_CIN) {
        for (size_t i = 0; i < c->n_cin_plans; i++)
            if (!c->cin_plans[i].end)
                return CL_PLANS;
        return CL_ASSESSMENT;
    }
    if (j->status & JS_CARE_LEAVER)
        return CL_LEAVING;
    return CL_NONE;
}

static int sort_ids(const void *a, const void *b)
{
    rec_id x = *(const rec_id *)a, y = *(const rec_id *)b;
    return x < y ? -1 : x > y;
}

/* Everyone open on `today` (an episode of need, care, or leaving care), by caseload. */
static int fill_pools(struct store *s, day_t today, struct pool pools[3 * CL_COUNT], struct err *e)
{
    struct sd_person *people = NULL;
    size_t n = 0;
    int rc = sd_people(s, &people, &n, e);
    enum { MAX = 1000000 };
    rec_id *ids = xmalloc(MAX * sizeof *ids);
    struct pool all = {0};
    int k = 0;
    for (int kind = OPEN_CIN; rc == HE_OK && kind <= OPEN_LEAVER; kind++) {
        if ((rc = cw_children_open(s, (enum cw_open_kind)kind, date_year_to_march(today), ids, MAX, &k, e)) != HE_OK)
            break;
        for (int i = 0; i < k; i++)
            pool_add(&all, ids[i]);
    }
    /* care leavers who left care since the last return have no OC3 row yet */
    if (rc == HE_OK && (rc = cw_children_open(s, OPEN_LEAVER, date_year_to_march(today) - 1, ids, MAX, &k, e)) == HE_OK)
        for (int i = 0; i < k; i++)
            pool_add(&all, ids[i]);
    free(ids);
    free(people);
    if (all.n > 1)
        qsort(all.ids, all.n, sizeof *all.ids, sort_ids);
    for (size_t i = 0; rc == HE_OK && i < all.n; i++) {
        if (i && all.ids[i] == all.ids[i - 1])
            continue;
        struct child_file c;
        struct child_extra x;
        if ((rc = store_load_child(s, all.ids[i], &c, e)) != HE_OK)
            break;
        if ((rc = st_load_extra(s, all.ids[i], &x, e)) == HE_OK) {
            struct journey j;
            journey_compute_x(&c, &x, NULL, 0, today, &j);
            enum caseload cl = classify(&c, &j);
            /* children with work overdue first, then with clocks running: the work a
             * worker is given */
            bool overdue = false;
            for (int q = 0; q < j.n_clocks; q++)
                overdue |= j.clocks[q].state == CLOCK_OVERDUE;
            int tier = overdue ? 0 : j.n_clocks ? 1 : 2;
            if (cl != CL_NONE)
                pool_add(&pools[tier * CL_COUNT + cl], all.ids[i]);
            if (cl == CL_IN_CARE || (j.status & JS_CP))
                pool_add(&pools[CL_REVIEWS], all.ids[i]);
            journey_free(&j);
            child_extra_free(&x);
        }
        child_file_free(&c);
    }
    free(all.ids);
    return rc;
}

/* A fair shuffle from the demo's PRNG: who gets which child does not follow the ids. */
static void shuffle(struct pool *p, struct rng *r)
{
    for (size_t i = p->n; i > 1; i--) {
        size_t j = (size_t)rr(r, 0, (int)i - 1);
        rec_id t = p->ids[i - 1];
        p->ids[i - 1] = p->ids[j];
        p->ids[j] = t;
    }
}

static bool allocated(const struct pool *p, rec_id id)
{
    for (size_t i = 0; i < p->next; i++)
        if (p->ids[i] == id)
            return true;
    return false;
}

/* The IRO's children are those the demo's workers already hold (the table lists the IRO
 * after them), so the IRO and the social worker meet over the same children. */
static void reviews_first(struct pool pools[CL_COUNT])
{
    struct pool *p = &pools[CL_REVIEWS];
    size_t front = 0;
    for (size_t i = 0; i < p->n; i++)
        if (allocated(&pools[CL_IN_CARE], p->ids[i]) || allocated(&pools[CL_PLANS], p->ids[i])) {
            rec_id t = p->ids[front];
            p->ids[front++] = p->ids[i];
            p->ids[i] = t;
        }
}

int demo_users_caseloads(struct store *s, uint64_t seed, day_t today, struct err *e)
{
    /* [k] children with a clock overdue, [CL_COUNT + k] with clocks running, [2 * CL_COUNT
     * + k] with none; then merged into [k] in that order */
    struct pool pools[3 * CL_COUNT];
    memset(pools, 0, sizeof pools);
    struct rng r;
    rng_seed(&r, seed, 0x43415345 /* "CASE" */, 0);
    int rc = fill_pools(s, today, pools, e);
    struct cw_user users[N_DEMO];
    int want[N_DEMO], got[N_DEMO] = {0}, quota[CL_COUNT] = {0};
    for (size_t i = 0; rc == HE_OK && i < N_DEMO; i++) {
        bool found = false;
        want[i] = demo[i].load == CL_NONE ? 0 : rr(&r, DEMO_CASELOAD_MIN, DEMO_CASELOAD_MAX);
        quota[demo[i].load] += (want[i] + 5) / 6;
        if (want[i] && (rc = cw_user_by_name(s, demo[i].name, &users[i], &found, e)) == HE_OK && !found)
            rc = err_set(e, HE_INTERNAL, "demo user %s is missing", demo[i].name);
    }
    /* each worker's list: about one child in six with work overdue where the authority has
     * them (dealt first), the rest as the authority's open cases come, children with clocks
     * running before those without */
    for (int k = 0; k < CL_COUNT; k++) {
        struct pool *over = &pools[k], *running = &pools[CL_COUNT + k], *none = &pools[2 * CL_COUNT + k];
        shuffle(over, &r);
        size_t first = over->n < (size_t)quota[k] || k == CL_REVIEWS ? over->n : (size_t)quota[k];
        for (size_t i = first; i < over->n; i++)
            pool_add(running, over->ids[i]);
        over->n = first;
        shuffle(running, &r);
        shuffle(none, &r);
        for (size_t i = 0; i < running->n; i++)
            pool_add(over, running->ids[i]);
        for (size_t i = 0; i < none->n; i++)
            pool_add(over, none->ids[i]);
    }
    if (rc == HE_OK)
        rc = store_begin(s, e);
    if (rc != HE_OK)
        goto out;
    /* the allocation began when the current year's work did */
    day_t since = date_from_ymd(date_year_to_march(today) - 1, 4, 1);
    int64_t chair_since = (int64_t)(since - date_from_ymd(1970, 1, 1)) * 86400 + 9 * 3600;
    int64_t waiting_team[CL_COUNT] = {0};
    /* dealt round the team one child at a time, so that the overdue work (dealt first) is
     * shared out as a team manager would, not all given to one worker */
    /* the plans team first: an assessment team short of children before a plan (a small
     * authority) takes children in need from what is left of it, as small councils'
     * assessment and children in need teams do; the IRO last (reviews_first) */
    static const struct {
        enum caseload load, from;
    } order[] = {{CL_PLANS, CL_PLANS},     {CL_IN_CARE, CL_IN_CARE}, {CL_LEAVING, CL_LEAVING},
                 {CL_ASSESSMENT, CL_ASSESSMENT}, {CL_ASSESSMENT, CL_PLANS}, {CL_REVIEWS, CL_REVIEWS}};
    for (size_t o = 0; rc == HE_OK && o < sizeof order / sizeof order[0]; o++) {
        int k = order[o].load;
        struct pool *p = &pools[order[o].from];
        if (k == CL_REVIEWS)
            reviews_first(pools);
        for (bool dealt = true; rc == HE_OK && dealt;) {
            dealt = false;
            for (size_t i = 0; rc == HE_OK && i < N_DEMO; i++) {
                if ((int)demo[i].load != k || got[i] >= want[i] || p->next >= p->n)
                    continue;
                rec_id child = p->ids[p->next++];
                if (k == CL_REVIEWS)
                    /* the IRO chairs the child's reviews; the allocated social worker still
                     * holds the child */
                    rc = wf_iro_chair(s, child, users[i].id, chair_since, e);
                else
                    rc = cw_assign(s, child, users[i].team_id, users[i].staff_id, since, e);
                got[i]++;
                dealt = true;
                if (k != CL_REVIEWS)
                    waiting_team[k] = users[i].team_id;
            }
        }
    }
    /* a few more children held by each team, not yet allocated: the manager's queue */
    for (int k = CL_ASSESSMENT; rc == HE_OK && k < CL_COUNT; k++) {
        struct pool *p = &pools[k];
        for (int w = 0; rc == HE_OK && waiting_team[k] && w < TEAM_WAITING; w++) {
            if (p->next >= p->n && k == CL_ASSESSMENT) /* as above: children in need */
                p = &pools[CL_PLANS];
            if (p->next < p->n)
                rc = cw_assign(s, p->ids[p->next++], waiting_team[k], 0, since, e);
        }
    }
    rc = rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
out:
    for (int k = 0; k < 3 * CL_COUNT; k++)
        free(pools[k].ids);
    return rc;
}

int demo_users_casework(struct store *s, uint64_t seed, day_t today, struct demo_casework_stats *st,
                        struct err *e)
{
    struct demo_casework_stats mine;
    if (!st)
        st = &mine;
    memset(st, 0, sizeof *st);
    day_t since = date_from_ymd(date_year_to_march(today) - 1, 4, 1);
    int rc = HE_OK;
    for (size_t i = 0; rc == HE_OK && i < N_DEMO; i++) {
        if (demo[i].load == CL_NONE || demo[i].load == CL_REVIEWS)
            continue;
        struct cw_user u;
        bool found = false;
        struct cw_child_row *rows = NULL;
        size_t n = 0;
        if ((rc = cw_user_by_name(s, demo[i].name, &u, &found, e)) != HE_OK || !found)
            continue;
        if ((rc = wf_my_children(s, &u, &rows, &n, e)) != HE_OK)
            break;
        rec_id *ids = xcalloc(n ? n : 1, sizeof *ids);
        int k = 0;
        for (size_t r = 0; r < n; r++)
            if (rows[r].allocated_to_me)
                ids[k++] = rows[r].id;
        free(rows);
        if (k > 1)
            qsort(ids, (size_t)k, sizeof *ids, sort_ids);
        rc = HE_OK;
        struct cw_user mgr;
        bool has_mgr = false;
        for (size_t m = 0; rc == HE_OK && !has_mgr && m < N_DEMO; m++)
            if (demo[m].role == ROLE_TEAM_MANAGER && demo[m].team && !strcmp(demo[m].team, demo[i].team))
                rc = cw_user_by_name(s, demo[m].name, &mgr, &has_mgr, e);
        if (rc == HE_OK)
            rc = demo_casework(s, &u, has_mgr ? &mgr : NULL, ids, k, seed, since, today, st, e);
        free(ids);
    }
    return rc;
}

int demo_users_add(struct store *s, int year, FILE *out, struct err *e)
{
    int rc = demo_users_accounts(s, e);
    if (rc == HE_OK)
        rc = demo_users_caseloads(s, 1, date_from_ymd(year, 3, 31), e);
    if (rc == HE_OK && out)
        demo_users_print(out);
    return rc;
}
