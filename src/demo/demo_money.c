/* demo_money: carers, providers and placement costs for the demo authority (see
 * demo_money.h). The register is made as a council's is, an entry at each placement's
 * address: its own foster carers and connected carers, independent fostering agencies'
 * households, children's homes and supported accommodation; each looked-after child is
 * placed through pl_set_carer, as the placement form places them, and the budget set
 * through mn_budget_set. The weekly costs
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

/* Providers the authority buys from (made up): the agencies, with what a week costs
 * there; children's homes' names and their operators. */
static const struct agency {
    const char *name;
    int pounds;
} agencies[] = {
    {"Harbourside Fostering", 880},         {"Kestrel Family Placements", 920},
    {"North Downs Foster Care", 860},       {"Riverside Fostering Services", 950},
    {"Blue Sky Fostering Partnership", 900}, {"Meadowbank Fostering Agency", 975},
};
static const char *const house_names[] = {"Oakfield House", "The Willows", "Brook Lodge", "Hillcrest",
                                          "Rowan House",    "Ash Grove",   "Elm Court",   "Fernbank"};
static const char *const operators[] = {"Horizon Care Ltd", "Cedar Children's Services", "Compass Residential",
                                        "Larkspur Care"};
#define N(a) (int)(sizeof a / sizeof a[0])

/* A register entry made for an address: placements at the same address share it. */
struct entry {
    char kind[8], postcode[16], urn[16];
    rec_id id;
};

struct reg {
    struct store *s;
    struct rng r;
    int64_t admin;
    struct demo_money_stats *st;
    struct entry *e;
    int n, cap, homes;
};

static const struct name_group *group(struct rng *r)
{
    return name_group_get((enum name_group_id)(rp(r, 0.8) ? NG_BRITISH : rr(r, 0, NG_COUNT - 1)));
}

/* A household's name: "Kerry and Dean Griffiths", or one carer. */
static void household(struct rng *r, char *name, size_t n, char *who, size_t wn)
{
    const struct name_group *ng = group(r);
    const char *family = ng->family.v[rr(r, 0, (int)ng->family.n - 1)];
    const char *woman = ng->women.v[rr(r, 0, (int)ng->women.n - 1)];
    if (rp(r, 0.7)) {
        const char *man = ng->men.v[rr(r, 0, (int)ng->men.n - 1)];
        snprintf(name, n, "%s and %s %s", woman, man, family);
        snprintf(who, wn, "%s, %s and their own children", woman, man);
    } else {
        snprintf(name, n, "%s %s", woman, family);
        snprintf(who, wn, "%s%s", woman, rp(r, 0.5) ? " and her adult son" : " alone");
    }
}

/* The register entry of kind at the placement's own address (postcode, URN), made when
 * first needed: placing a child there then leaves the episode's SSDA903 fields as they
 * are. place: the SSDA903 PLACE, for the name and the weekly cost. */
static int entry_for(struct reg *g, const char *kind, const char *place, const char *postcode, const char *urn,
                     rec_id *id, struct err *e)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->e[i].kind, kind) && !strcmp(g->e[i].postcode, postcode) && !strcmp(g->e[i].urn, urn)) {
            *id = g->e[i].id;
            return HE_OK;
        }
    char name[200], who[200] = "";
    int pounds, capacity = 1;
    bool kin = place[0] == 'U' && place[1] >= '1' && place[1] <= '3';
    if (!strcmp(kind, "FOSTER")) {
        household(&g->r, name, sizeof name, who, sizeof who);
        if (kin) /* a relative or friend approved to care for the child */
            snprintf(name + strlen(name), sizeof name - strlen(name), " (connected carer)");
        pounds = kin ? rr(&g->r, 300, 400) : rr(&g->r, 400, 510);
        capacity = kin ? 1 : rr(&g->r, 1, 3);
    } else if (!strcmp(kind, "IFA")) {
        /* the agency is the provider; its foster household is in the register's household */
        const struct agency *a = &agencies[rr(&g->r, 0, N(agencies) - 1)];
        char h[160], w[200];
        household(&g->r, h, sizeof h, w, sizeof w);
        snprintf(name, sizeof name, "%s", a->name);
        snprintf(who, sizeof who, "%s", h);
        pounds = a->pounds + rr(&g->r, -40, 40);
        capacity = rr(&g->r, 1, 2);
    } else { /* HOME: a children's home, or supported accommodation, a secure home, a school */
        int k = g->homes++;
        bool supported = !strcmp(place, "H5") || !strcmp(place, "K3");
        if (supported)
            snprintf(name, sizeof name, "%s Supported Living (%s)", house_names[k % N(house_names)],
                     operators[(k / N(house_names)) % N(operators)]);
        else
            snprintf(name, sizeof name, "%s (%s)", house_names[k % N(house_names)],
                     operators[(k / N(house_names)) % N(operators)]);
        pounds = supported                ? rr(&g->r, 1200, 1800)
                 : !strcmp(place, "K1")   ? 7000
                 : !strcmp(place, "S1")   ? rr(&g->r, 4200, 4800)
                                          : rr(&g->r, 50, 70) * 100;
        capacity = supported ? 8 : 4;
    }
    struct pl_carer c = {.kind = kind, .name = name, .household = who, .urn = *urn ? urn : NULL,
                         .postcode = postcode, .capacity = capacity, .weekly_cost = (int64_t)pounds * 100};
    int rc = pl_carer_add(g->s, g->admin, &c, 0, id, e);
    if (rc != HE_OK)
        return rc;
    g->st->carers++;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->e = xrealloc(g->e, (size_t)g->cap * sizeof *g->e);
    }
    struct entry *x = &g->e[g->n++];
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    snprintf(x->postcode, sizeof x->postcode, "%s", postcode);
    snprintf(x->urn, sizeof x->urn, "%s", urn);
    x->id = *id;
    return HE_OK;
}

/* A postcode in the authority (ME1 to ME8), as the demo's returns write them, for a
 * placement recorded without one. */
static void local_postcode(struct rng *r, char out[16])
{
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    static const char districts[] = "1234578";
    snprintf(out, 16, "ME%c %d%c%c", districts[rr(r, 0, 6)], rr(r, 0, 9), letters[rr(r, 0, 19)], letters[rr(r, 0, 19)]);
}

static bool in(const char *code, const char *const *list)
{
    for (; code && *list; list++)
        if (!strcmp(code, *list))
            return true;
    return false;
}

/* The register entry for the child's placement now (l); 0 when the demo gives it none
 * (at home, placed for adoption, in hospital or custody). A placement in a return already
 * made must read in it as it does: the entry is at its postcode and URN, and of the kind
 * that gives its PLACE_PROVIDER (the authority's own foster carer PR1, an agency or a
 * home PR4); one with another provider is left without. */
static int carer_for(struct reg *g, const struct la_episode *l, bool returned, rec_id *id, struct err *e)
{
    static const char *const foster[] = {"U1", "U2", "U3", "U4", "U5", "U6", NULL},
                             *const home[] = {"K1", "K2", "R1", "S1", "H5", "K3", NULL};
    *id = 0;
    const char *prov = l->place_provider ? l->place_provider : "";
    bool own = !strcmp(prov, "PR1"), bought = !strcmp(prov, "PR4");
    const char *kind = in(l->place, foster) ? (own ? "FOSTER" : "IFA") : in(l->place, home) && !own ? "HOME" : NULL;
    if (!kind || (returned && !own && !bought))
        return HE_OK;
    char pc[16], urn[16] = "";
    if (l->pl_post && *l->pl_post)
        snprintf(pc, sizeof pc, "%s", l->pl_post);
    else
        local_postcode(&g->r, pc);
    if (l->urn && *l->urn && strcmp(l->urn, "XXXXXXX"))
        snprintf(urn, sizeof urn, "%s", l->urn);
    else if (!returned && strcmp(kind, "FOSTER"))
        snprintf(urn, sizeof urn, "SC%06d", rr(&g->r, 400000, 799999));
    return entry_for(g, kind, l->place, pc, urn, id, e);
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
    rc = cw_children_open(s, OPEN_LA, date_year_to_march(today), ids, MAX, &n, e);
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
        if (now && now->place)
            rc = carer_for(&g, now, now->decom <= returned, &carer, e);
        if (rc == HE_INPUT) /* the register refused the entry (its name at that address): no carer */
            rc = HE_OK, carer = 0;
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
    free(g.e);
    /* the year's budget a little under what it is heading for, as most councils' are;
     * the next year's a little more */
    struct mn_forecast f;
    int fy = date_year_to_march(today);
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
