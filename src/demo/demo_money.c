/* demo_money: carers, providers and placement costs for the demo authority (see
 * demo_money.h). The register is made as a council's is: its own foster carers, most in
 * the area, a handful of independent fostering agencies and children's homes, supported
 * accommodation for the oldest; each looked-after child is placed through pl_set_carer, as
 * the placement form places them, and the budget through mn_budget_set. The weekly costs
 * are of the order councils report (in-house fostering about £450, agency fostering about
 * £900, a children's home £5,000 to £7,000). DEMO ONLY. */
#include "demo_money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/casework.h"
#include "../store/panels.h"
#include "../store/placements.h"
#include "../util/buf.h"
#include "names.h"
#include "rng.h"

#define STREAM_MONEY 0x4d4f4e4559ull /* "MONEY" */

/* Providers the authority buys from (made up), with what a week costs there. */
static const struct provider {
    const char *name, *postcode, *urn;
    int pounds;
} agencies[] = {
    {"Harbourside Fostering", "DA1 2EN", "SC412345", 880},
    {"Kestrel Family Placements", "TN23 1PL", "SC423456", 920},
    {"North Downs Foster Care", "ME4 4QU", "SC434567", 860},
    {"Riverside Fostering Services", "SE18 6HX", "SC445678", 950},
    {"Blue Sky Fostering Partnership", "CT1 2RB", "SC456789", 900},
    {"Meadowbank Fostering Agency", "MK9 2FT", "SC467890", 975},
}, homes[] = {
    {"Oakfield House (Horizon Care Ltd)", "ME7 3LS", "SC501234", 5400},
    {"The Willows (Horizon Care Ltd)", "ME8 9NR", "SC502345", 5600},
    {"Brook Lodge (Cedar Children's Services)", "TN9 1BH", "SC503456", 6200},
    {"Hillcrest (Cedar Children's Services)", "CT9 3AX", "SC504567", 6500},
    {"Rowan House (Compass Residential)", "SS1 1DN", "SC505678", 5900},
    {"Ash Grove (Compass Residential)", "RH10 4EG", "SC506789", 6800},
    {"Elm Court (Larkspur Care)", "B15 2TT", "SC507890", 7000},
    {"Fernbank (Larkspur Care)", "NR3 1HQ", "SC508901", 5200},
}, supported[] = {
    {"Pathways Supported Living", "ME1 1QJ", "SC601234", 1500},
    {"Stepping Stones Semi-Independent", "ME2 4DP", "SC602345", 1300},
    {"Next Chapter Supported Accommodation", "DA12 2BW", "SC603456", 1800},
}, secure[] = {
    {"Aycliffe Secure Centre", "DL5 6JB", "SC009012", 7000},
}, schools[] = {
    {"Sunnydown Residential School", "CR3 0ES", "SC701234", 4600},
};
#define N(a) (int)(sizeof a / sizeof a[0])

struct reg {
    struct store *s;
    struct rng r;
    int64_t admin;
    struct demo_money_stats *st;
    rec_id agency[N(agencies)], home[N(homes)], supported[N(supported)], secure[N(secure)], school[N(schools)];
    rec_id foster;  /* the in-house carer taking children now, and the places they have left */
    int foster_left;
};

static int add(struct reg *g, const char *kind, const char *name, const char *household, const char *urn,
               const char *postcode, int capacity, int pounds, rec_id *id, struct err *e)
{
    struct pl_carer c = {.kind = kind, .name = name, .household = household, .urn = urn, .postcode = postcode,
                         .capacity = capacity, .weekly_cost = (int64_t)pounds * 100};
    int rc = pl_carer_add(g->s, g->admin, &c, 0, id, e);
    g->st->carers += rc == HE_OK;
    return rc;
}

/* A provider of a list, made when first used. */
static int provider(struct reg *g, const char *kind, const struct provider *p, rec_id *id, int capacity,
                    struct err *e)
{
    if (*id)
        return HE_OK;
    return add(g, kind, p->name, NULL, p->urn, p->postcode, capacity, p->pounds, id, e);
}

/* A postcode in the authority (ME1 to ME8), as the demo's returns write them. */
static void local_postcode(struct rng *r, char out[9])
{
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    static const char districts[] = "1234578";
    snprintf(out, 9, "ME%c %d%c%c", districts[rr(r, 0, 6)], rr(r, 0, 9), letters[rr(r, 0, 19)], letters[rr(r, 0, 19)]);
}

/* An in-house foster household: one, two or three children at a time, about £450 a week;
 * connected carers (a relative or friend) take only the child, for a little less. */
static int foster_carer(struct reg *g, bool connected, rec_id *id, struct err *e)
{
    if (!connected && g->foster && g->foster_left > 0) {
        g->foster_left--;
        *id = g->foster;
        return HE_OK;
    }
    const struct name_group *ng = name_group_get((enum name_group_id)(rp(&g->r, 0.8) ? NG_BRITISH : rr(&g->r, 0, NG_COUNT - 1)));
    const char *family = ng->family.v[rr(&g->r, 0, (int)ng->family.n - 1)];
    const char *woman = ng->women.v[rr(&g->r, 0, (int)ng->women.n - 1)];
    char name[160], household[200], pc[9];
    if (rp(&g->r, 0.7)) {
        const char *man = ng->men.v[rr(&g->r, 0, (int)ng->men.n - 1)];
        snprintf(name, sizeof name, "%s and %s %s", woman, man, family);
        snprintf(household, sizeof household, "%s, %s and their own children", woman, man);
    } else {
        snprintf(name, sizeof name, "%s %s", woman, family);
        snprintf(household, sizeof household, "%s%s", woman, rp(&g->r, 0.5) ? " and her adult son" : " alone");
    }
    if (connected)
        snprintf(name + strlen(name), sizeof name - strlen(name), " (connected carer)");
    local_postcode(&g->r, pc);
    if (!connected && rp(&g->r, 0.15)) /* some live over the border */
        snprintf(pc, sizeof pc, "ME%d %d%c%c", rr(&g->r, 14, 17), rr(&g->r, 1, 9), "ABDEFGHJ"[rr(&g->r, 0, 7)],
                 "LNPQRSTU"[rr(&g->r, 0, 7)]);
    int capacity = connected ? 1 : rr(&g->r, 1, 3);
    int rc = add(g, "FOSTER", name, household, NULL, pc, capacity, connected ? rr(&g->r, 300, 400) : rr(&g->r, 400, 510),
                 id, e);
    if (rc == HE_OK && !connected) {
        g->foster = *id;
        g->foster_left = capacity - 1;
    }
    return rc;
}

static bool in(const char *code, const char *const *list)
{
    for (; code && *list; list++)
        if (!strcmp(code, *list))
            return true;
    return false;
}

/* The register entry for a placement of type place; 0 when the demo gives that placement
 * no carer (at home, placed for adoption, in hospital or custody). own: the last return
 * counts it as the authority's own provision, which must stay so (only an in-house foster
 * carer is; an own children's home is not in the register's kinds). */
static int carer_for(struct reg *g, const char *place, bool own, rec_id *id, struct err *e)
{
    static const char *const kin[] = {"U1", "U2", "U3", NULL}, *const foster[] = {"U4", "U5", "U6", NULL};
    *id = 0;
    if (in(place, kin) || in(place, foster)) {
        if (own)
            return foster_carer(g, in(place, kin), id, e);
        int k = rr(&g->r, 0, N(agencies) - 1);
        int rc = provider(g, "IFA", &agencies[k], &g->agency[k], 60, e);
        *id = g->agency[k];
        return rc;
    }
    if (own)
        return HE_OK;
    static const char *const home[] = {"K2", "R1", NULL}, *const sa[] = {"H5", "K3", NULL};
    const struct provider *list = NULL;
    rec_id *ids = NULL;
    int n = 0, capacity = 4;
    if (in(place, home))
        list = homes, ids = g->home, n = N(homes);
    else if (in(place, sa))
        list = supported, ids = g->supported, n = N(supported), capacity = 12;
    else if (place && !strcmp(place, "K1"))
        list = secure, ids = g->secure, n = N(secure), capacity = 12;
    else if (place && !strcmp(place, "S1"))
        list = schools, ids = g->school, n = N(schools), capacity = 20;
    if (!list)
        return HE_OK;
    int k = rr(&g->r, 0, n - 1);
    int rc = provider(g, "HOME", &list[k], &ids[k], capacity, e);
    *id = ids[k];
    return rc;
}

int demo_money_add(struct store *s, int year, day_t today, uint64_t seed, struct demo_money_stats *st, struct err *e)
{
    memset(st, 0, sizeof *st);
    struct reg g = {.s = s, .st = st};
    rng_seed(&g.r, seed, STREAM_MONEY, 0);
    struct cw_user admin;
    bool found = false;
    int rc = cw_user_by_name(s, "admin", &admin, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found)
        return err_set(e, HE_INTERNAL, "the demo's administrator is missing");
    g.admin = admin.id;
    day_t returned = date_from_ymd(year, 3, 31); /* the last return's end */
    enum { MAX = 200000 };
    rec_id *ids = xmalloc(MAX * sizeof *ids);
    int n = 0;
    rc = cw_children_open(s, OPEN_LA, cw_collection_year(today), ids, MAX, &n, e);
    for (int i = 0; rc == HE_OK && i < n; i++) {
        struct child_file c;
        if ((rc = store_load_child(s, ids[i], &c, e)) != HE_OK)
            break;
        const struct la_episode *now = NULL;
        for (size_t k = 0; k < c.n_la_episodes; k++) {
            const struct la_episode *l = &c.la_episodes[k];
            if (l->decom <= today && (!l->dec || l->dec > today))
                now = l;
        }
        rec_id carer = 0;
        if (now) {
            bool own = now->place_provider && !strcmp(now->place_provider, "PR1") && now->decom <= returned;
            rc = carer_for(&g, now->place, own, &carer, e);
        }
        child_file_free(&c);
        int64_t seen = 0;
        if (rc == HE_OK && carer && (rc = cw_version(s, ids[i], &seen, e)) == HE_OK) {
            rc = pl_set_carer(s, ids[i], seen, carer, NULL, -1, e);
            st->placed += rc == HE_OK;
            if (rc == HE_INPUT) /* the record's checks refused it: that child goes without */
                rc = HE_OK;
        }
    }
    free(ids);
    /* the year's budget a little under what it is heading for, as most councils' are;
     * the next year's a little more */
    struct mn_forecast f;
    int fy = mn_year_of(today);
    if (rc == HE_OK)
        rc = mn_forecast(s, fy, today, &f, e);
    if (rc == HE_OK) {
        int64_t budget = f.forecast * 96 / 100 / 1000000 * 1000000; /* whole £10,000s */
        rc = mn_budget_set(s, &admin, fy, budget, 0, e);
        if (rc == HE_OK)
            rc = mn_budget_set(s, &admin, fy + 1, budget * 103 / 100 / 1000000 * 1000000, 0, e);
        st->spent = f.spent;
        st->forecast = f.forecast;
        st->budget = budget;
    }
    return rc;
}
