/* ssda903_rules: the SSDA903 (children looked after) validation rules, one small function
 * per rule, registered by the DfE's code at the bottom of this file. Message, tables and
 * fields come from the year's catalogue (data/rules/ssda903_*.csv), never from here. Checks
 * read a child_file and never touch the store or produce output.
 *
 * The return for collection year Y (window 1 April Y-1 .. 31 March Y) is what Y's return
 * would hold: episodes open at some time in the window (DECOM on or before 31 March, not
 * ceased before 1 April), reviews held in it, missing periods and decisions to place for
 * adoption active in it, social worker episodes active in it, the OC2 and OC3 rows of year
 * Y, the AD1 row of an adoption in the year (or, with no adoption episode, of a match made
 * in the year), the child's PrevPerm and UASC rows. A date after 31 March Y is not yet
 * known to Y's return: an episode (missing period, decision, social worker episode) ending
 * after it is reported open, as the return would have it. "Last year's return" (the DfE's
 * Episodes_last) is the same cut of the same child_file for Y-1. Rows in findings count
 * records of the rule's main table in this order (the child_file's), from 1; 0 means the
 * child (header) as a whole. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/codes.h"
#include "model/postcode.h"
#include "rules_impl.h"
#include "util/buf.h"

#define NO_END INT32_MAX

struct v903 {
    struct la_episode *ep; size_t *ep_at, n_ep; /* this year's, dec/rec cut at 31 March */
    struct la_episode *el; size_t n_el;         /* last year's, cut at its 31 March */
    size_t *rv, n_rv;                            /* indices into c->la_reviews */
    struct missing_episode *ms; size_t n_ms;
    struct placed_adoption *pa; size_t n_pa;
    struct sw_episode *sw; size_t n_sw;
    struct dolo *dl; size_t n_dl;               /* deprivation of liberty orders in the year */
    const struct la_outcome *oc2;   /* OC2 row of the year, or NULL */
    const struct care_leaver *oc3;  /* OC3 row of the year, or NULL */
    const struct adoption *ad1;     /* AD1 row in the return, or NULL */
    const struct prev_perm *pp;
    const struct uasc *ua;
    bool cla;                       /* looked after continuously for 12 months at 31 March */
    void *mem;
};

#define VW ((const struct v903 *)x->view)
#define CF (x->c)
#define P (&CF->person)
#define EP(i) (&VW->ep[i])
#define HIT(row) rule_hit(x, (int)(row))

/* ---- small helpers ---- */

static bool blank(const char *s) { return !s || !*s; }
static bool is(const char *s, const char *code) { return s && !strcmp(s, code); }
/* Is s one of the codes in a comma-separated list ("A3,A4,A5")? */
static bool one_of(const char *s, const char *list)
{
    if (blank(s))
        return false;
    size_t n = strlen(s);
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ',');
        size_t k = q ? (size_t)(q - p) : strlen(p);
        if (k == n && !memcmp(p, s, n))
            return true;
        if (!q)
            break;
        p = q + 1;
    }
    return false;
}
static bool temporary(const char *place) { return one_of(place, "T0,T1,T2,T3,T4"); }
static bool respite(const char *ls) { return one_of(ls, "V3,V4"); }
static bool adopted(const char *rec) { return one_of(rec, "E11,E12"); }
static bool placed_for_adoption(const char *place) { return one_of(place, "A3,A4,A5,A6"); }
static bool foster(const char *place) { return one_of(place, "U1,U2,U3,U4,U5,U6"); }
static bool x1(const char *rec) { return is(rec, "X1"); }
static bool ceased(const struct la_episode *e) { return e->dec != DAY_NONE && !x1(e->rec); }
static day_t end_or(day_t d, day_t open) { return d == DAY_NONE ? open : d; }
static bool in_window(const struct rule_ctx *x, day_t d) { return d >= x->from && d <= x->to; }
static int age_on(const struct rule_ctx *x, day_t on)
{
    return P->dob == DAY_NONE || on == DAY_NONE ? -1 : date_age(P->dob, on);
}
static day_t birthday(const struct rule_ctx *x, int years)
{
    return P->dob == DAY_NONE ? DAY_NONE : date_add_years(P->dob, years);
}
/* Code lists are a linear scan of a few hundred rows (model/codes.c); a child's return asks
 * the same few questions again and again, so remember recent answers (per thread: table and
 * field are this file's string literals, compared by address). */
struct code_memo {
    const char *table, *field;
    char code[8];
    int year;
    bool ok;
};
static _Thread_local struct code_memo code_memo[128];
static bool code_ok(const struct rule_ctx *x, const char *table, const char *field, const char *v)
{
    size_t n = strlen(v);
    if (n >= sizeof code_memo[0].code)
        return codes_ssda903_valid(table, field, v, x->year);
    unsigned h = (unsigned)((uintptr_t)field >> 3) * 31u + (unsigned)x->year;
    for (size_t i = 0; i < n; i++)
        h = h * 31u + (unsigned char)v[i];
    struct code_memo *m = &code_memo[h % 128];
    if (m->table == table && m->field == field && m->year == x->year && !strcmp(m->code, v))
        return m->ok;
    m->table = table, m->field = field, m->year = x->year;
    memcpy(m->code, v, n + 1);
    m->ok = codes_ssda903_valid(table, field, v, x->year);
    return m->ok;
}

/* Episode k of the whole file continues episode k-1 (same period of care). */
static bool continues(const struct child_file *c, size_t k)
{
    return k > 0 && c->la_episodes[k - 1].dec != DAY_NONE &&
           c->la_episodes[k - 1].dec == c->la_episodes[k].decom && x1(c->la_episodes[k - 1].rec);
}
/* Index in c->la_episodes of the first episode of the period of care holding episode k. */
static size_t period_first(const struct child_file *c, size_t k)
{
    while (continues(c, k))
        k--;
    return k;
}

/* ---- the view ---- */

static bool active(const struct rule_ctx *x, day_t start, day_t end)
{
    return (start == DAY_NONE || start <= x->to) && (end == DAY_NONE || end >= x->from);
}

static void *carve(char **p, size_t bytes)
{
    void *r = *p;
    *p += (bytes + 15) & ~(size_t)15;
    return r;
}

static void v903_prepare(struct rule_ctx *x)
{
    const struct child_file *c = x->c;
    struct v903 *v = xcalloc(1, sizeof *v);
    size_t ne = c->n_la_episodes;
    size_t bytes = 2 * ne * sizeof(struct la_episode) + ne * sizeof(size_t) +
                   c->n_la_reviews * sizeof(size_t) + c->n_missing * sizeof(struct missing_episode) +
                   c->n_placed_adoptions * sizeof(struct placed_adoption) +
                   c->n_sw_episodes * sizeof(struct sw_episode) + c->n_dolos * sizeof(struct dolo) +
                   9 * 16;
    char *m = v->mem = xmalloc(bytes);
    v->ep = carve(&m, ne * sizeof *v->ep);
    v->ep_at = carve(&m, ne * sizeof *v->ep_at);
    v->el = carve(&m, ne * sizeof *v->el);
    v->rv = carve(&m, c->n_la_reviews * sizeof *v->rv);
    v->ms = carve(&m, c->n_missing * sizeof *v->ms);
    v->pa = carve(&m, c->n_placed_adoptions * sizeof *v->pa);
    v->sw = carve(&m, c->n_sw_episodes * sizeof *v->sw);
    v->dl = carve(&m, c->n_dolos * sizeof *v->dl);

    day_t lfrom, lto;
    rules_year_window(x->year - 1, &lfrom, &lto);
    for (size_t i = 0; i < ne; i++) {
        struct la_episode e = c->la_episodes[i];
        if ((e.decom == DAY_NONE || e.decom <= x->to) && (e.dec == DAY_NONE || e.dec >= x->from)) {
            struct la_episode *t = &v->ep[v->n_ep];
            *t = e;
            if (t->dec != DAY_NONE && t->dec > x->to)
                t->dec = DAY_NONE, t->rec = NULL, t->reason_place_change = NULL;
            v->ep_at[v->n_ep++] = i;
        }
        if (e.decom != DAY_NONE && e.decom <= lto && (e.dec == DAY_NONE || e.dec >= lfrom)) {
            struct la_episode *t = &v->el[v->n_el++];
            *t = e;
            if (t->dec != DAY_NONE && t->dec > lto)
                t->dec = DAY_NONE, t->rec = NULL, t->reason_place_change = NULL;
        }
    }
    for (size_t i = 0; i < c->n_la_reviews; i++) {
        day_t d = c->la_reviews[i].date;
        if (d == DAY_NONE || in_window(x, d))
            v->rv[v->n_rv++] = i;
    }
    for (size_t i = 0; i < c->n_missing; i++) {
        struct missing_episode s = c->missing[i];
        if (active(x, s.start, s.end)) {
            if (s.end != DAY_NONE && s.end > x->to)
                s.end = DAY_NONE;
            v->ms[v->n_ms++] = s;
        }
    }
    for (size_t i = 0; i < c->n_placed_adoptions; i++) {
        struct placed_adoption s = c->placed_adoptions[i];
        if (active(x, s.date_placed, s.date_placed_ceased)) {
            if (s.date_placed_ceased != DAY_NONE && s.date_placed_ceased > x->to)
                s.date_placed_ceased = DAY_NONE, s.reason_placed_ceased = NULL;
            v->pa[v->n_pa++] = s;
        }
    }
    for (size_t i = 0; i < c->n_sw_episodes; i++) {
        struct sw_episode s = c->sw_episodes[i];
        if (active(x, s.decom, s.dec)) {
            if (s.dec != DAY_NONE && s.dec > x->to)
                s.dec = DAY_NONE; /* SW_REASON belongs to the episode, not to its end */
            v->sw[v->n_sw++] = s;
        }
    }
    for (size_t i = 0; x->year >= 2027 && i < c->n_dolos; i++) {
        struct dolo o = c->dolos[i];
        if (active(x, o.start, o.end)) {
            if (o.end != DAY_NONE && o.end > x->to)
                o.end = DAY_NONE;
            v->dl[v->n_dl++] = o;
        }
    }
    for (size_t i = 0; i < c->n_la_outcomes; i++)
        if (c->la_outcomes[i].year == x->year)
            v->oc2 = &c->la_outcomes[i];
    for (size_t i = 0; i < c->n_care_leavers; i++)
        if (c->care_leavers[i].year == x->year)
            v->oc3 = &c->care_leavers[i];
    /* AD1 goes with the adoption in the year; a match in the year with no adoption
     * episode is still sent (and rule 602 says so) */
    bool adopted_in_year = false;
    for (size_t i = 0; i < v->n_ep; i++)
        adopted_in_year |= adopted(v->ep[i].rec) && in_window(x, v->ep[i].dec);
    for (size_t i = 0; i < c->n_adoptions; i++)
        if (adopted_in_year || in_window(x, c->adoptions[i].date_match) ||
            (c->adoptions[i].date_match == DAY_NONE && in_window(x, c->adoptions[i].date_int)))
            v->ad1 = &c->adoptions[i];
    /* hearth keeps one PrevPerm row per child, given when care began; a year's return holds
     * it only for a child looked after in the year (a care leaver's OC3 alone does not) */
    if (c->n_prev_perms && v->n_ep)
        v->pp = &c->prev_perms[0];
    if (c->n_uascs)
        v->ua = &c->uascs[0];
    /* OC2 cohort: open at 31 March in a period of care begun by 1 April, no short breaks */
    if (v->n_ep && v->ep[v->n_ep - 1].dec == DAY_NONE && v->ep[v->n_ep - 1].decom != DAY_NONE) {
        size_t k = v->ep_at[v->n_ep - 1], first = period_first(c, k);
        bool ok = c->la_episodes[first].decom <= x->from;
        for (size_t j = first; ok && j <= k; j++)
            ok = !respite(c->la_episodes[j].ls);
        v->cla = ok;
    }
    x->view = v;
}

static void v903_release(struct rule_ctx *x)
{
    struct v903 *v = x->view;
    free(v->mem);
    free(v);
    x->view = NULL;
}

/* The episode before view episode i: the view's, or for the first the file's own. */
static const struct la_episode *prev_ep(const struct rule_ctx *x, size_t i)
{
    if (i > 0)
        return EP(i - 1);
    size_t at = VW->ep_at[0];
    return at > 0 ? &CF->la_episodes[at - 1] : NULL;
}
static const struct la_episode *next_ep(const struct rule_ctx *x, size_t i)
{
    return i + 1 < VW->n_ep ? EP(i + 1) : NULL;
}
/* View episode i follows on from the one before it in the same period of care. */
static bool view_continues(const struct rule_ctx *x, size_t i)
{
    const struct la_episode *p = prev_ep(x, i);
    return p && p->dec != DAY_NONE && p->dec == EP(i)->decom && x1(p->rec);
}
/* Start of the period of care holding view episode i. */
static day_t period_start(const struct rule_ctx *x, size_t i)
{
    return CF->la_episodes[period_first(CF, VW->ep_at[i])].decom;
}
static const struct la_episode *last_ep(const struct rule_ctx *x)
{
    return VW->n_ep ? EP(VW->n_ep - 1) : NULL;
}
/* The child stopped being looked after in the year: the date, else DAY_NONE. */
static day_t left_care(const struct rule_ctx *x)
{
    const struct la_episode *e = last_ep(x);
    return e && ceased(e) ? e->dec : DAY_NONE;
}
static bool looked_after_on(const struct child_file *c, day_t d)
{
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        if (e->decom != DAY_NONE && e->decom <= d && (e->dec == DAY_NONE || e->dec > d))
            return true;
    }
    return false;
}

/* ---- Header ---- */

static bool looked_after_not_respite(const struct rule_ctx *x);

static void r101(struct rule_ctx *x) /* M and F (1 and 2) always; U from 2024-25 */
{
    const char *s = P->sex;
    if (!(is(s, "M") || is(s, "F") || (is(s, "U") && code_ok(x, "header", "SEX", "U"))))
        HIT(0);
}
static void r102(struct rule_ctx *x)
{
    if (P->dob == DAY_NONE)
        HIT(0);
}
static void r103(struct rule_ctx *x)
{
    if (blank(P->ethnicity) || !code_ok(x, "header", "ETHNIC", P->ethnicity))
        HIT(0);
}

/* UPN check letters: the alphabet without I, O and S. */
static const char upn_letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
static int upn_letter_value(char ch)
{
    const char *p = ch ? strchr(upn_letters, ch) : NULL;
    return p ? (int)(p - upn_letters) : -1;
}
static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
/* A UPN: check letter, 11 digits, a digit or (temporary UPN) a letter, and the check letter right. */
static bool upn_valid(const char *u)
{
    if (strlen(u) != 13 || upn_letter_value(u[0]) < 0)
        return false;
    for (int i = 1; i < 12; i++)
        if (!is_digit(u[i]))
            return false;
    if (!is_digit(u[12]) && upn_letter_value(u[12]) < 0)
        return false;
    int sum = 0;
    for (int i = 1; i < 13; i++)
        sum += (is_digit(u[i]) ? u[i] - '0' : upn_letter_value(u[i])) * (i + 1);
    return u[0] == upn_letters[sum % 23];
}
/* The code the return's UPN field holds when there is no UPN. hearth keeps a UPN and an
 * unknown code apart, and a later header's UPN does not wipe an earlier UN1 from the
 * record; the return (hearth export) sends the UPN when there is one, so then no code. */
static const char *upn_unknown(const struct rule_ctx *x)
{
    return blank(P->upn) ? P->upn_unknown : NULL;
}
static void r168(struct rule_ctx *x) /* UN1-UN5 are the 903's unknown codes (UN6-UN10 are CIN's) */
{
    if (!blank(upn_unknown(x))) {
        if (!one_of(upn_unknown(x), "UN1,UN2,UN3,UN4,UN5"))
            HIT(0);
    } else if (!blank(P->upn) && !upn_valid(P->upn)) {
        HIT(0);
    }
}
static void r174(struct rule_ctx *x)
{
    if (P->mc_dob != DAY_NONE && is(P->sex, "M"))
        HIT(0);
}
static void r209(struct rule_ctx *x) /* school age: 4 by 31 August before the year began */
{
    int a = age_on(x, date_from_ymd(x->year - 2, 8, 31));
    if (is(upn_unknown(x), "UN1") && a >= 4)
        HIT(0);
}
static void r210(struct rule_ctx *x) /* UN4: arrived too recently to have a UPN */
{
    const struct la_episode *e = last_ep(x);
    if (is(upn_unknown(x), "UN4") && e && e->dec == DAY_NONE && e->decom != DAY_NONE &&
        x->to - period_start(x, VW->n_ep - 1) > 7)
        HIT(0);
}
/* UASC in the year (hearth keeps the UASC row, not the header flag): under 11 at 31 March
 * is unexpected. */
static void r231(struct rule_ctx *x)
{
    const struct uasc *u = VW->ua;
    int a = age_on(x, x->to);
    if (u && (u->duc == DAY_NONE || u->duc >= x->from) && a >= 0 && a < 11)
        HIT(0);
}
static void r232(struct rule_ctx *x)
{
    if (is(P->sex, "U"))
        HIT(0);
}
static void r301(struct rule_ctx *x)
{
    if (P->dob != DAY_NONE && P->dob > x->to)
        HIT(0);
}
static void r302(struct rule_ctx *x)
{
    if (VW->n_ep && P->dob != DAY_NONE && EP(0)->decom != DAY_NONE && EP(0)->decom < P->dob)
        HIT(1);
}
static void r351(struct rule_ctx *x)
{
    day_t b = birthday(x, 25);
    if (b != DAY_NONE && b < x->from)
        HIT(0);
}
static void r442(struct rule_ctx *x)
{
    if (looked_after_not_respite(x) && blank(P->upn) && blank(P->upn_unknown))
        HIT(0);
}
/* Mother status matters for girls looked after, other than on short breaks only. */
static bool looked_after_not_respite(const struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (!respite(EP(i)->ls))
            return true;
    return false;
}
static void r393(struct rule_ctx *x)
{
    if (is(P->sex, "F") && P->mother < 0 && looked_after_not_respite(x))
        HIT(0);
}
static void r399(struct rule_ctx *x)
{
    if (VW->n_ep && !looked_after_not_respite(x) && (P->mother >= 0 || VW->n_rv))
        HIT(0);
}
static void r607(struct rule_ctx *x)
{
    if (!is(P->sex, "F") || P->mother >= 0)
        return;
    for (size_t i = 0; i < VW->n_ep; i++)
        if (ceased(EP(i)) && in_window(x, EP(i)->dec) && !respite(EP(i)->ls)) {
            HIT(0);
            return;
        }
}
static void r611(struct rule_ctx *x)
{
    if (P->mother == 1 && P->mc_dob == DAY_NONE)
        HIT(0);
}
static void r612(struct rule_ctx *x)
{
    if (P->mc_dob != DAY_NONE && P->mother != 1 && is(P->sex, "F"))
        HIT(0);
}
static void r620(struct rule_ctx *x)
{
    int a = age_on(x, x->from);
    if (P->mother == 1 && a >= 0 && a < 11)
        HIT(0);
}
static void r621(struct rule_ctx *x)
{
    if (P->mc_dob != DAY_NONE && P->dob != DAY_NONE && P->mc_dob <= P->dob)
        HIT(0);
}
static void r625(struct rule_ctx *x)
{
    day_t left = left_care(x);
    if (P->mc_dob != DAY_NONE && (P->mc_dob > x->to || (left != DAY_NONE && P->mc_dob > left)))
        HIT(0);
}

/* ---- Episodes ---- */

#define EACH_EP for (size_t i = 0; i < VW->n_ep; i++)

static void r141(struct rule_ctx *x)
{
    EACH_EP if (EP(i)->decom == DAY_NONE) HIT(i + 1);
}
static void r142(struct rule_ctx *x)
{
    EACH_EP if (i + 1 < VW->n_ep && (EP(i)->dec == DAY_NONE || blank(EP(i)->rec))) HIT(i + 1);
}
static void code_rule(struct rule_ctx *x, size_t off, const char *field, bool required)
{
    EACH_EP {
        const char *v = *(const char *const *)((const char *)EP(i) + off);
        if (blank(v) ? required : !code_ok(x, "episodes", field, v))
            HIT(i + 1);
    }
}
static void r143(struct rule_ctx *x) { code_rule(x, offsetof(struct la_episode, rne), "RNE", true); }
static void r144(struct rule_ctx *x) { code_rule(x, offsetof(struct la_episode, ls), "LS", true); }
static void r145(struct rule_ctx *x) { code_rule(x, offsetof(struct la_episode, cin), "CIN", true); }
static void r146(struct rule_ctx *x) { code_rule(x, offsetof(struct la_episode, place), "PLACE", true); }
static void r149(struct rule_ctx *x) { code_rule(x, offsetof(struct la_episode, rec), "REC", false); }
static void r178(struct rule_ctx *x)
{
    code_rule(x, offsetof(struct la_episode, place_provider), "PLACE_PROVIDER", false);
}
static void r1009(struct rule_ctx *x)
{
    code_rule(x, offsetof(struct la_episode, reason_place_change), "REASON_PLACE_CHANGE", false);
}
static void r148(struct rule_ctx *x)
{
    EACH_EP if ((EP(i)->dec == DAY_NONE) != blank(EP(i)->rec)) HIT(i + 1);
}
static void r199(struct rule_ctx *x) /* adopted from care before, and looked after again */
{
    size_t first_adoption = SIZE_MAX;
    for (size_t k = 0; k < CF->n_la_episodes && first_adoption == SIZE_MAX; k++)
        if (adopted(CF->la_episodes[k].rec))
            first_adoption = k;
    EACH_EP if (VW->ep_at[i] > first_adoption) HIT(i + 1);
}
static void r213(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->place, "T0,T1,T2,T3,T4,Z1") && !blank(EP(i)->place_provider)) HIT(i + 1);
}
static void r214(struct rule_ctx *x) /* short breaks have no placement location */
{
    EACH_EP if (respite(EP(i)->ls) && (!blank(EP(i)->pl_post) || !blank(EP(i)->urn))) HIT(i + 1);
}
/* Placements Ofsted does not register; XXXXXXX is the DfE's "no URN" value. */
#define NO_URN_PLACES "P1,P3,R1,R2,R5,T0,T1,T2,T3,T4,Z1"
/* hearth does not hold PL_LA, so a placement outside England is not exempted: it must
 * carry XXXXXXX to pass. */
static void r218(struct rule_ctx *x)
{
    EACH_EP if (!blank(EP(i)->place) && !one_of(EP(i)->place, NO_URN_PLACES) &&
                blank(EP(i)->urn)) HIT(i + 1);
}
/* H5 placements open on or after 28 October 2023; as for 218, hearth cannot tell an English
 * placement from another, so every one needs a URN (or XXXXXXX). */
static void r230(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->place, "H5") && end_or(EP(i)->dec, NO_END) >= date_from_ymd(2023, 10, 28) &&
                blank(EP(i)->urn)) HIT(i + 1);
}
static void r222(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->place, NO_URN_PLACES) && !blank(EP(i)->urn) &&
                !is(EP(i)->urn, "XXXXXXX")) HIT(i + 1);
}
static void r217(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->place, "A3,A5") && !one_of(EP(i)->rne, "S,T,U")) HIT(i + 1);
}
static void r217t(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->place, "P2") && EP(i)->decom >= date_from_ymd(2023, 10, 28)) HIT(i + 1);
}
/* The placement changes at the end of episode i: the next episode is a change of placement. */
static bool placement_changes_after(const struct rule_ctx *x, size_t i)
{
    const struct la_episode *n = next_ep(x, i);
    return x1(EP(i)->rec) && n && one_of(n->rne, "P,T,B,U");
}
static void r225(struct rule_ctx *x)
{
    EACH_EP if (placement_changes_after(x, i) && !temporary(EP(i)->place) &&
                !temporary(EP(i + 1)->place) && blank(EP(i)->reason_place_change)) HIT(i + 1);
}
/* A move into or out of a temporary placement is not a placement change: the temporary
 * episode and the one before it carry no reason. */
static void r226(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *p = i > 0 ? EP(i - 1) : NULL;
        if (temporary(EP(i)->place) &&
            (!blank(EP(i)->reason_place_change) ||
             (p && view_continues(x, i) && !blank(p->reason_place_change))))
            HIT(i + 1);
    }
}
static void r233(struct rule_ctx *x)
{
    EACH_EP if (!blank(EP(i)->reason_place_change) && EP(i)->dec == DAY_NONE) HIT(i + 1);
}
static void r234(struct rule_ctx *x)
{
    EACH_EP {
        int a = age_on(x, EP(i)->dec != DAY_NONE ? EP(i)->dec : EP(i)->decom);
        if (is(EP(i)->reason_place_change, "CUSTOD") && a >= 0 && a < 10)
            HIT(i + 1);
    }
}
static void r352(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->rne, "S") && age_on(x, EP(i)->decom) >= 18) HIT(i + 1);
}
static void r353(struct rule_ctx *x)
{
    EACH_EP if (EP(i)->decom != DAY_NONE && EP(i)->decom < date_from_ymd(1991, 10, 14)) HIT(i + 1);
}
static void r355(struct rule_ctx *x)
{
    EACH_EP if (EP(i)->dec != DAY_NONE && EP(i)->dec == EP(i)->decom) HIT(i + 1);
}
static void r356(struct rule_ctx *x)
{
    EACH_EP if (EP(i)->dec != DAY_NONE && EP(i)->dec < EP(i)->decom) HIT(i + 1);
}
/* Only a first episode beginning in the year: one from before may follow episodes older
 * than hearth's history (the DfE tool reads it the same way). */
static void r357(struct rule_ctx *x)
{
    if (VW->n_ep && VW->ep_at[0] == 0 && in_window(x, EP(0)->decom) && !is(EP(0)->rne, "S"))
        HIT(1);
}
static void r358(struct rule_ctx *x)
{
    EACH_EP {
        int a = age_on(x, EP(i)->decom);
        if (one_of(EP(i)->ls, "J1,J2,J3") && a >= 0 && a < 10)
            HIT(i + 1);
    }
}
static void r359(struct rule_ctx *x) /* looked after past 18: V2 in a children's home */
{
    day_t b18 = birthday(x, 18);
    EACH_EP {
        const struct la_episode *e = EP(i);
        if (b18 != DAY_NONE && b18 <= x->to && end_or(e->dec, NO_END) > b18 &&
            !(is(e->ls, "V2") && one_of(e->place, "K1,K2")))
            HIT(i + 1);
    }
}
/* A legal status that may last at most `days`, over consecutive episodes under it (a
 * change of placement does not restart the clock; an open episode runs to 31 March). */
static void max_days(struct rule_ctx *x, const char *ls, int days)
{
    for (size_t i = 0; i < VW->n_ep;) {
        size_t j = i;
        if (!is(EP(i)->ls, ls) || EP(i)->decom == DAY_NONE) {
            i++;
            continue;
        }
        while (j + 1 < VW->n_ep && is(EP(j + 1)->ls, ls) && EP(j)->dec != DAY_NONE &&
               EP(j)->dec == EP(j + 1)->decom)
            j++;
        if (end_or(EP(j)->dec, x->to) - EP(i)->decom > days)
            for (size_t k = i; k <= j; k++)
                HIT(k + 1);
        i = j + 1;
    }
}
static void r361(struct rule_ctx *x) { max_days(x, "L1", 3); }
static void r362(struct rule_ctx *x) { max_days(x, "L2", 21); }
static void r363(struct rule_ctx *x) { max_days(x, "L3", 7); }
static void r364(struct rule_ctx *x) { max_days(x, "J2", 21); }
static void r365(struct rule_ctx *x) { max_days(x, "V3", 17); }
static void r366(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->ls, "V3") && !is(EP(i)->rne, "S")) HIT(i + 1);
}
static void r367(struct rule_ctx *x)
{
    int days = 0;
    EACH_EP {
        const struct la_episode *e = EP(i);
        if (is(e->ls, "V3") && e->decom != DAY_NONE) {
            day_t s = e->decom < x->from ? x->from : e->decom;
            days += end_or(e->dec, x->to) - s;
        }
    }
    if (days > 75)
        EACH_EP if (is(EP(i)->ls, "V3")) HIT(i + 1);
}
/* A placement that needs the child to be at least `years` old when it starts. */
static void min_age(struct rule_ctx *x, const char *place, int years)
{
    EACH_EP {
        int a = age_on(x, EP(i)->decom);
        if (one_of(EP(i)->place, place) && a >= 0 && a < years)
            HIT(i + 1);
    }
}
static void r370(struct rule_ctx *x) { min_age(x, "P2", x->year <= 2023 ? 15 : 16); }
static void r371(struct rule_ctx *x) { min_age(x, "H5,K3", x->year <= 2023 ? 14 : 16); }
static void r372(struct rule_ctx *x) { min_age(x, "R5", 10); }
static void r373(struct rule_ctx *x) { min_age(x, "S1", 4); }
static void r374(struct rule_ctx *x) { min_age(x, "P3", 14); }
/* A placement that may last at most `days` (an open episode runs to 31 March). */
static void max_days_place(struct rule_ctx *x, const char *place, int days)
{
    EACH_EP {
        const struct la_episode *e = EP(i);
        if (is(e->place, place) && e->decom != DAY_NONE && end_or(e->dec, x->to) - e->decom > days)
            HIT(i + 1);
    }
}
static void r375(struct rule_ctx *x) { max_days_place(x, "T1", 42); }
static void r376(struct rule_ctx *x) { max_days_place(x, "T3", 21); }
static void r379(struct rule_ctx *x) { max_days_place(x, "T4", 7); }
static void r377(struct rule_ctx *x) /* a third T3 in the year is one too many */
{
    int n = 0;
    EACH_EP if (is(EP(i)->place, "T3") && ++n > 2) HIT(i + 1);
}
static void r378(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->place, "P1") && is(EP(i)->ls, "V2")) HIT(i + 1);
}
static void r380(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->rne, "S") && temporary(EP(i)->place)) HIT(i + 1);
}
static void r381(struct rule_ctx *x)
{
    EACH_EP if (ceased(EP(i)) && temporary(EP(i)->place)) HIT(i + 1);
}
static void r382(struct rule_ctx *x)
{
    EACH_EP if (respite(EP(i)->ls) && temporary(EP(i)->place)) HIT(i + 1);
}
static void r383(struct rule_ctx *x) /* after a temporary move, back to the placement before it */
{
    for (size_t i = 1; i + 1 < VW->n_ep; i++) {
        const struct la_episode *p = EP(i - 1), *t = EP(i), *n = EP(i + 1);
        if (temporary(t->place) && view_continues(x, i) && view_continues(x, i + 1) &&
            (!is(n->place, p->place ? p->place : "") ||
             strcmp(n->pl_post ? n->pl_post : "", p->pl_post ? p->pl_post : "")))
            HIT(i + 2);
    }
}
static void r384(struct rule_ctx *x)
{
    EACH_EP if (respite(EP(i)->ls) && one_of(EP(i)->place, "U1,U4")) HIT(i + 1);
}
/* Reason ceased `rec` needs the child to be (not) `years` old when the episode ceased. */
static void age_at_rec(struct rule_ctx *x, const char *rec, int years, bool at_least_is_wrong)
{
    EACH_EP {
        int a = age_on(x, EP(i)->dec);
        if (one_of(EP(i)->rec, rec) && a >= 0 && (at_least_is_wrong ? a >= years : a < years))
            HIT(i + 1);
    }
}
static void r386(struct rule_ctx *x) { age_at_rec(x, "E11,E12", 18, true); }
static void r387(struct rule_ctx *x) { age_at_rec(x, "E5,E6", 14, false); }
static void r389(struct rule_ctx *x) { age_at_rec(x, "E7", 16, false); }
static void r407(struct rule_ctx *x) { age_at_rec(x, "E45,E46,E47,E48", 18, true); }
static void r460(struct rule_ctx *x) { age_at_rec(x, "E17", 18, false); }
/* X1 needs an episode starting the day it ends; an episode that does have one needs X1. */
static void r388(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *n = next_ep(x, i);
        if (EP(i)->dec == DAY_NONE)
            continue;
        if (x1(EP(i)->rec) ? (!n || n->decom != EP(i)->dec)
                           : (!blank(EP(i)->rec) && n && n->decom == EP(i)->dec))
            HIT(i + 1);
    }
}
static void r390(struct rule_ctx *x)
{
    EACH_EP if (adopted(EP(i)->rec) && !placed_for_adoption(EP(i)->place)) HIT(i + 1);
}
static bool uasc_child(const struct rule_ctx *x) { return VW->ua != NULL; }
static void r392b(struct rule_ctx *x)
{
    EACH_EP if (!respite(EP(i)->ls) && !uasc_child(x) &&
                (blank(EP(i)->home_post) || blank(EP(i)->pl_post))) HIT(i + 1);
}
/* A full UK postcode: outward code A9, A99, AA9, AA99, A9A or AA9A, optional space, 9AA. */
static bool is_alpha(char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
static bool postcode_valid(const char *s)
{
    char b[9];
    size_t n = 0;
    for (; *s; s++)
        if (*s != ' ') {
            if (n == sizeof b - 1)
                return false;
            b[n++] = *s;
        }
    if (n < 5 || n > 7)
        return false;
    const char *in = b + n - 3;
    if (!is_digit(in[0]) || !is_alpha(in[1]) || !is_alpha(in[2]))
        return false;
    size_t k = n - 3; /* outward code length 2..4 */
    if (!is_alpha(b[0]))
        return false;
    if (k == 2)
        return is_digit(b[1]);
    if (k == 3)
        return (is_digit(b[1]) && (is_digit(b[2]) || is_alpha(b[2]))) ||
               (is_alpha(b[1]) && is_digit(b[2]));
    return is_alpha(b[1]) && is_digit(b[2]) && (is_digit(b[3]) || is_alpha(b[3]));
}
static bool postcode_bad(const char *s) { return !blank(s) && !postcode_valid(s); }
/* Where a postcode is: its sector in the ONS Postcode Directory hearth ships
 * (model/postcode.h); NULL when it is blank, not a postcode, or in no sector the directory
 * holds. The DfE derives PL_DISTANCE, PL_LA and PL_LOCATION from HOME_POST and PL_POST with
 * the same directory; hearth derives them here, to the sector (about a kilometre). */
static const struct postcode_sector *where_is(const char *s)
{
    char pc[9];
    if (blank(s) || !postcode_normalise(s, pc))
        return NULL;
    return postcode_sector_find(pc);
}
/* 392c: a postcode given that is not one, or that the directory does not hold */
static void r392c(struct rule_ctx *x)
{
    EACH_EP if (postcode_bad(EP(i)->home_post) || postcode_bad(EP(i)->pl_post) ||
                (!blank(EP(i)->home_post) && !where_is(EP(i)->home_post)) ||
                (!blank(EP(i)->pl_post) && !where_is(EP(i)->pl_post))) HIT(i + 1);
}
/* 392a: looked after (not a short break, not UASC: 406 wants their distance blank) with no
 * distance: one of the two postcodes is missing or the directory does not hold it */
static void r392a(struct rule_ctx *x)
{
    EACH_EP if (!respite(EP(i)->ls) && !uasc_child(x) &&
                (!where_is(EP(i)->home_post) || !where_is(EP(i)->pl_post))) HIT(i + 1);
}
/* 169: no LA of placement: PL_POST missing or not in the directory (short breaks have
 * none: 420) */
static void r169(struct rule_ctx *x)
{
    EACH_EP if (!respite(EP(i)->ls) && !where_is(EP(i)->pl_post)) HIT(i + 1);
}
/* 179: no placement location (IN or OUT of the authority's area): no LA of placement, or
 * no authority to compare it with (no ons_code setting and no home postcode the directory
 * holds) */
static void r179(struct rule_ctx *x)
{
    EACH_EP if (!respite(EP(i)->ls) &&
                (!where_is(EP(i)->pl_post) || (!x->authority && !where_is(EP(i)->home_post))))
        HIT(i + 1);
}
/* The distance the DfE would derive for the episode, in tenths of a mile; -1 when either
 * postcode is missing or in no sector of the directory. */
static int64_t distance_tenths(const struct la_episode *e)
{
    const struct postcode_sector *h = where_is(e->home_post), *p = where_is(e->pl_post);
    if (!h || !p)
        return -1;
    struct postcode_place a = {"", h->easting, h->northing}, b = {"", p->easting, p->northing};
    return postcode_tenths_of_mile(postcode_distance_m(&a, &b));
}
/* 164: postcodes given for a distance, but one of them is nowhere, so the distance is not valid */
static void r164(struct rule_ctx *x)
{
    EACH_EP if (!respite(EP(i)->ls) && !uasc_child(x) && !blank(EP(i)->home_post) &&
                !blank(EP(i)->pl_post) && distance_tenths(EP(i)) < 0) HIT(i + 1);
}
/* 406: an unaccompanied asylum-seeking child's distance is blank: a home postcode given
 * with a placement one gives it a distance */
static void r406(struct rule_ctx *x)
{
    EACH_EP if (uasc_child(x) && distance_tenths(EP(i)) >= 0) HIT(i + 1);
}
/* 420: a short break (V3, V4) has no LA of placement: a placement postcode gives it one */
static void r420(struct rule_ctx *x)
{
    EACH_EP if (respite(EP(i)->ls) && where_is(EP(i)->pl_post)) HIT(i + 1);
}
/* 454: placed more than 350 miles from home */
static void r454(struct rule_ctx *x)
{
    EACH_EP if (!uasc_child(x) && distance_tenths(EP(i)) > 3500) HIT(i + 1);
}
static bool same_postcode(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        char ca = (char)(*a >= 'a' && *a <= 'z' ? *a - 32 : *a);
        char cb = (char)(*b >= 'a' && *b <= 'z' ? *b - 32 : *b);
        if (ca != cb)
            return false;
        if (!ca)
            return true;
    }
}
static void r392d(struct rule_ctx *x)
{
    EACH_EP if (!blank(EP(i)->home_post) && !blank(EP(i)->pl_post) && !is(EP(i)->place, "P1") &&
                same_postcode(EP(i)->home_post, EP(i)->pl_post)) HIT(i + 1);
}
static void r398(struct rule_ctx *x)
{
    EACH_EP if (respite(EP(i)->ls) && (!blank(EP(i)->home_post) || !blank(EP(i)->pl_post))) HIT(i + 1);
}
static void r408(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->place, "A5,A6") && !is(EP(i)->ls, "E1")) HIT(i + 1);
}
static void r426(struct rule_ctx *x)
{
    bool v3 = false, v4 = false;
    EACH_EP v3 |= is(EP(i)->ls, "V3"), v4 |= is(EP(i)->ls, "V4");
    if (v3 && v4)
        EACH_EP if (respite(EP(i)->ls)) HIT(i + 1);
}
static void r431(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (is(EP(i)->rne, "S") && p && EP(i)->decom != DAY_NONE && EP(i)->decom <= end_or(p->dec, NO_END))
            HIT(i + 1);
    }
}
static void r432(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (!blank(EP(i)->rne) && !is(EP(i)->rne, "S") && p && ceased(p))
            HIT(i + 1);
    }
}
static void r433(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (one_of(EP(i)->rne, "L,P,T,B,U") && p && p->dec != EP(i)->decom)
            HIT(i + 1);
    }
}
static bool same_str(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }
/* A placement code as one year names it: supported accommodation was H5 until 2023-24 and
 * K3 after, and Z1 was split into Z11-Z14 in 2025-26, so an episode from an earlier return
 * may name the same placement by its old code. */
static const char *place_now(const char *p)
{
    if (is(p, "H5"))
        return "K3";
    if (p && p[0] == 'Z' && p[1] == '1' && p[2] >= '1' && p[2] <= '4' && !p[3])
        return "Z1";
    return p;
}
static bool same_placement(const struct la_episode *a, const struct la_episode *b)
{
    return same_str(place_now(a->place), place_now(b->place)) &&
           same_str(a->place_provider, b->place_provider) &&
           same_str(a->pl_post, b->pl_post) && same_str(a->urn, b->urn);
}
/* RNE says what changed; the episode and the one before it must agree. */
static void rne_change(struct rule_ctx *x, const char *rne, bool ls_changes, bool place_changes)
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (!one_of(EP(i)->rne, rne) || !p)
            continue;
        if (same_str(p->ls, EP(i)->ls) == ls_changes ||
            (place_changes ? same_placement(p, EP(i)) : !same_placement(p, EP(i))))
            HIT(i + 1);
    }
}
static void r434(struct rule_ctx *x) { rne_change(x, "L", true, false); }
static void r435(struct rule_ctx *x) /* P and T: new placement, same legal status */
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (one_of(EP(i)->rne, "P,T") && p &&
            (!same_str(p->ls, EP(i)->ls) || same_placement(p, EP(i))))
            HIT(i + 1);
    }
}
static void r436(struct rule_ctx *x) { rne_change(x, "B,U", true, true); }
static void r437(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->rec, "E2,E15") && i + 1 < VW->n_ep) HIT(i + 1);
}
static void r445(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->ls, "D1") && EP(i)->decom > date_from_ymd(2005, 12, 31)) HIT(i + 1);
}
static void r446(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->ls, "E1") && EP(i)->decom != DAY_NONE &&
                EP(i)->decom < date_from_ymd(2005, 12, 1)) HIT(i + 1);
}
static void r451(struct rule_ctx *x) /* freed for adoption and still so at 31 March */
{
    EACH_EP if (is(EP(i)->ls, "D1") && EP(i)->dec == DAY_NONE && blank(EP(i)->rec)) HIT(i + 1);
}
static void r501(struct rule_ctx *x)
{
    for (size_t i = 1; i < VW->n_ep; i++)
        if (EP(i - 1)->dec != DAY_NONE && EP(i)->decom != DAY_NONE && EP(i)->decom < EP(i - 1)->dec)
            HIT(i + 1);
}
static void r504(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *f = &CF->la_episodes[period_first(CF, VW->ep_at[i])];
        if (!blank(f->cin) && !blank(EP(i)->cin) && !is(EP(i)->cin, f->cin))
            HIT(i + 1);
    }
}
static void r516(struct rule_ctx *x)
{
    EACH_EP if (one_of(EP(i)->rec, "E45,E46") && !foster(EP(i)->place)) HIT(i + 1);
}
static void r526(struct rule_ctx *x)
{
    EACH_EP if (!blank(EP(i)->place) && !one_of(EP(i)->place, "T0,T1,T2,T3,T4,Z1") &&
                blank(EP(i)->place_provider)) HIT(i + 1);
}
static void provider_not_with(struct rule_ctx *x, const char *provider, const char *places)
{
    EACH_EP if (is(EP(i)->place_provider, provider) && one_of(EP(i)->place, places)) HIT(i + 1);
}
static void r527(struct rule_ctx *x) { provider_not_with(x, "PR1", "P1,R2,R5"); }
static void r528(struct rule_ctx *x) { provider_not_with(x, "PR2", "P1,R2,R5"); }
static void r529(struct rule_ctx *x)
{
    provider_not_with(x, "PR3", "P1,A3,A4,A5,A6,K1,K2,U1,U2,U3,U4,U5,U6");
}
static void r530(struct rule_ctx *x) { provider_not_with(x, "PR4", "P1"); }
static void r531(struct rule_ctx *x) { provider_not_with(x, "PR5", "P1"); }
static void r550(struct rule_ctx *x)
{
    EACH_EP if (is(EP(i)->place_provider, "PR0") && !is(EP(i)->place, "P1")) HIT(i + 1);
}

/* ---- Reviews ---- */

#define RV(r) (&CF->la_reviews[VW->rv[r]])
#define EACH_RV for (size_t r = 0; r < VW->n_rv; r++)

static void r166(struct rule_ctx *x)
{
    EACH_RV if (RV(r)->date == DAY_NONE) HIT(r + 1);
}
static void r167(struct rule_ctx *x)
{
    EACH_RV if (blank(RV(r)->code) || !code_ok(x, "reviews", "REVIEW_CODE", RV(r)->code)) HIT(r + 1);
}
static void r440(struct rule_ctx *x)
{
    EACH_RV if (is(RV(r)->code, "PN0") && RV(r)->date != DAY_NONE && P->dob != DAY_NONE &&
                RV(r)->date > birthday(x, 4)) HIT(r + 1);
}
static void r441(struct rule_ctx *x)
{
    EACH_RV {
        int a = age_on(x, RV(r)->date);
        if (one_of(RV(r)->code, "PN1,PN2,PN3,PN4,PN5,PN6,PN7") && a >= 0 && a < 4)
            HIT(r + 1);
    }
}

/* ---- Missing ---- */

#define MS(k) (&VW->ms[k])
#define EACH_MS for (size_t k = 0; k < VW->n_ms; k++)

static void r564(struct rule_ctx *x)
{
    EACH_MS if (MS(k)->start == DAY_NONE && !blank(MS(k)->kind)) HIT(k + 1);
}
static void r1004(struct rule_ctx *x)
{
    EACH_MS if (MS(k)->start == DAY_NONE) HIT(k + 1);
}
static void r565(struct rule_ctx *x)
{
    EACH_MS if (MS(k)->start != DAY_NONE && blank(MS(k)->kind)) HIT(k + 1);
}
static void r566(struct rule_ctx *x)
{
    EACH_MS if (MS(k)->end != DAY_NONE && blank(MS(k)->kind)) HIT(k + 1);
}
static void r1006(struct rule_ctx *x)
{
    EACH_MS if (!blank(MS(k)->kind) && !code_ok(x, "missing", "MISSING", MS(k)->kind)) HIT(k + 1);
}
static void r567(struct rule_ctx *x)
{
    EACH_MS if (MS(k)->end != DAY_NONE && MS(k)->start != DAY_NONE && MS(k)->end < MS(k)->start) HIT(k + 1);
}
static void r574(struct rule_ctx *x)
{
    for (size_t k = 1; k < VW->n_ms; k++)
        if (MS(k)->start != DAY_NONE && MS(k - 1)->start != DAY_NONE &&
            (MS(k - 1)->end == DAY_NONE || MS(k)->start < MS(k - 1)->end))
            HIT(k + 1);
}
static void r575(struct rule_ctx *x) /* the placement it started in has ended, the period has not */
{
    EACH_MS {
        const struct missing_episode *m = MS(k);
        if (m->end != DAY_NONE || m->start == DAY_NONE)
            continue;
        EACH_EP if (EP(i)->decom != DAY_NONE && EP(i)->decom <= m->start && EP(i)->dec != DAY_NONE &&
                    m->start <= EP(i)->dec) {
            HIT(k + 1);
            break;
        }
    }
}
static void r577(struct rule_ctx *x)
{
    day_t left = left_care(x);
    EACH_MS if (left != DAY_NONE && MS(k)->end == DAY_NONE && MS(k)->start != DAY_NONE &&
                MS(k)->start <= left) HIT(k + 1);
}
static void r578(struct rule_ctx *x)
{
    day_t left = left_care(x);
    EACH_MS if (left != DAY_NONE && MS(k)->start != DAY_NONE && MS(k)->start > left) HIT(k + 1);
}
static void r580(struct rule_ctx *x)
{
    EACH_EP {
        const struct la_episode *e = EP(i);
        if (!ceased(e) || is(e->rec, "E8"))
            continue;
        EACH_MS if (MS(k)->start != DAY_NONE && MS(k)->start <= e->dec &&
                    (MS(k)->end == DAY_NONE || MS(k)->end > e->dec)) {
            HIT(i + 1);
            break;
        }
    }
}
/* Missing from care means looked after that day: some episode holds MIS_START (its own
 * start and end days included). */
static void r581(struct rule_ctx *x)
{
    EACH_MS {
        day_t d = MS(k)->start;
        if (d == DAY_NONE || !CF->n_la_episodes)
            continue;
        bool held = false;
        for (size_t i = 0; !held && i < CF->n_la_episodes; i++) {
            const struct la_episode *e = &CF->la_episodes[i];
            held = e->decom != DAY_NONE && e->decom <= d && (e->dec == DAY_NONE || d <= e->dec);
        }
        if (!held)
            HIT(k + 1);
    }
}
static void r586(struct rule_ctx *x)
{
    EACH_MS if (P->dob != DAY_NONE && MS(k)->start != DAY_NONE && MS(k)->start <= P->dob) HIT(k + 1);
}

/* ---- OC3: care leavers ---- */

#define OC3 (VW->oc3)

static bool oc3_completed(const struct care_leaver *o)
{
    return o && (!blank(o->in_touch) || !blank(o->activ) || !blank(o->accom));
}
static void r131(struct rule_ctx *x)
{
    if (OC3 && !blank(OC3->in_touch) && !code_ok(x, "oc3", "IN_TOUCH", OC3->in_touch))
        HIT(1);
}
static void r132(struct rule_ctx *x)
{
    if (OC3 && !blank(OC3->activ) && !code_ok(x, "oc3", "ACTIV", OC3->activ))
        HIT(1);
}
/* ACCOM's suffix says whether the accommodation is suitable (1) or not (2); the DfE's
 * guidance holds no fixed abode or homeless (S) and in custody (X) never suitable, so S1
 * and X1 are not valid entries though the code list's letters and suffixes allow them. */
static void r133(struct rule_ctx *x)
{
    if (OC3 && !blank(OC3->accom) &&
        (!code_ok(x, "oc3", "ACCOM", OC3->accom) || one_of(OC3->accom, "S1,X1")))
        HIT(1);
}
/* Activity and accommodation go together and need IN_TOUCH; DIED and RHOM leave them
 * blank (rule 344), every other IN_TOUCH fills them (0 when not known). */
static void r153(struct rule_ctx *x)
{
    if (!OC3)
        return;
    bool a = !blank(OC3->activ), c = !blank(OC3->accom), t = !blank(OC3->in_touch);
    bool none_expected = one_of(OC3->in_touch, "DIED,RHOM");
    if (a != c || ((a || c) && !t) || (t && !none_expected && !a))
        HIT(1);
}
static void r344(struct rule_ctx *x)
{
    if (OC3 && one_of(OC3->in_touch, "DIED,RHOM") && (!blank(OC3->activ) || !blank(OC3->accom)))
        HIT(1);
}
static void r345(struct rule_ctx *x)
{
    if (OC3 && is(OC3->in_touch, "YES") &&
        (blank(OC3->activ) || blank(OC3->accom) || is(OC3->activ, "0") || is(OC3->accom, "0")))
        HIT(1);
}
/* The OC3 row is for the year of the 17th to 21st birthday: which one, or 0. */
static int oc3_birthday(const struct rule_ctx *x)
{
    for (int k = 17; k <= 21; k++)
        if (in_window(x, birthday(x, k)))
            return k;
    return 0;
}
static void r347(struct rule_ctx *x)
{
    if (OC3 && oc3_birthday(x) == 17 && one_of(OC3->accom, "T1,T2"))
        HIT(1);
}
static void r3001(struct rule_ctx *x)
{
    if (OC3 && oc3_birthday(x) == 17 && one_of(OC3->accom, "Z1,Z2"))
        HIT(1);
}
static void r348(struct rule_ctx *x)
{
    if (!OC3)
        return;
    for (size_t i = 0; i < CF->n_care_leavers; i++)
        if (CF->care_leavers[i].year < x->year && is(CF->care_leavers[i].in_touch, "DIED")) {
            HIT(1);
            return;
        }
}
static void r391(struct rule_ctx *x)
{
    if (OC3 && P->dob != DAY_NONE && oc3_birthday(x) == 0)
        HIT(1);
}
static void r1000(struct rule_ctx *x) /* died in care this year or last */
{
    if (!oc3_completed(OC3))
        return;
    bool died = false;
    EACH_EP died |= is(EP(i)->rec, "E2");
    for (size_t i = 0; i < VW->n_el; i++)
        died |= is(VW->el[i].rec, "E2");
    if (died)
        HIT(1);
}
/* Days looked after (short breaks apart) on or after `from` up to `to`. */
static int days_looked_after(const struct child_file *c, day_t from, day_t to)
{
    int days = 0;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        if (e->decom == DAY_NONE || respite(e->ls))
            continue;
        day_t s = e->decom < from ? from : e->decom, f = end_or(e->dec, to) > to ? to : end_or(e->dec, to);
        if (f > s)
            days += f - s;
    }
    return days;
}
/* Relevant or former relevant child: looked after 13 weeks since 14, and on or after 16. */
/* Adopted children are not care leavers. Over 20 at 31 March is not checked: their care
 * at 14 to 16 is likely older than the history hearth was given (as in the DfE tool). */
static void r1001(struct rule_ctx *x)
{
    if (!oc3_completed(OC3) || !CF->n_la_episodes || P->dob == DAY_NONE || age_on(x, x->to) >= 20)
        return;
    day_t b14 = birthday(x, 14), b16 = birthday(x, 16);
    bool relevant = days_looked_after(CF, b14, x->to) >= 91 &&
                    (days_looked_after(CF, b16, x->to) > 0 || looked_after_on(CF, b16));
    if (!relevant || adopted(CF->la_episodes[CF->n_la_episodes - 1].rec))
        HIT(1);
}
static void r1002(struct rule_ctx *x)
{
    if (!oc3_completed(OC3))
        return;
    for (size_t i = 0; i < CF->n_la_episodes; i++)
        if (CF->la_episodes[i].decom != DAY_NONE && CF->la_episodes[i].decom <= x->to)
            return;
    HIT(1);
}
static void r1007(struct rule_ctx *x) /* 17 or 18 at 31 March and still looked after */
{
    int a = age_on(x, x->to);
    const struct la_episode *e = last_ep(x);
    if (oc3_completed(OC3) && (a == 17 || a == 18) && e && e->dec == DAY_NONE)
        HIT(1);
}
static void r1016(struct rule_ctx *x) /* looked after on the birthday, left care later in the year */
{
    int k = oc3_birthday(x);
    day_t left = left_care(x);
    if (oc3_completed(OC3) && (k == 17 || k == 18) && left != DAY_NONE && left > birthday(x, k) &&
        looked_after_on(CF, birthday(x, k)))
        HIT(1);
}
static void r1011(struct rule_ctx *x)
{
    const struct la_episode *e = last_ep(x);
    if (oc3_completed(OC3) && e && is(e->rec, "E3"))
        HIT(1);
}
static void r1012(struct rule_ctx *x)
{
    if (OC3 && !VW->n_ep && (VW->n_rv || VW->n_ms || VW->n_pa || VW->oc2 || VW->ad1 || VW->pp))
        HIT(0);
}
/* MOTHER is 0 or 1; a girl must have it unless she is a care leaver only (no episode
 * beginning in the year and her OC3 completed). */
static void r165(struct rule_ctx *x)
{
    if (P->mother < -1 || P->mother > 1) {
        HIT(0);
        return;
    }
    if (!is(P->sex, "F") || P->mother >= 0 || !VW->n_ep)
        return;
    bool started = false;
    EACH_EP started |= in_window(x, EP(i)->decom);
    if (started || !oc3_completed(VW->oc3))
        HIT(0);
}
static void r134(struct rule_ctx *x)
{
    if (OC3 && VW->ad1)
        HIT(1);
}
static bool oc2_items(const struct la_outcome *o)
{
    return o && (o->convicted >= 0 || o->health_check >= 0 || o->immunisations >= 0 ||
                 o->teeth_check >= 0 || o->health_assessment >= 0 || o->substance_misuse >= 0 ||
                 o->intervention_received >= 0 || o->intervention_offered >= 0);
}
static void r187(struct rule_ctx *x)
{
    if (VW->cla && (VW->ad1 || oc3_completed(OC3)))
        HIT(0);
}
static void r215(struct rule_ctx *x)
{
    if (oc3_completed(OC3) && oc2_items(VW->oc2))
        HIT(1);
}

/* ---- OC2: looked after for 12 months at 31 March ---- */

#define OC2 (VW->oc2)

static void r180(struct rule_ctx *x)
{
    if (!OC2 || blank(OC2->sdq_score))
        return;
    const char *s = OC2->sdq_score;
    int v = 0;
    bool ok = strlen(s) <= 2;
    for (const char *p = s; ok && *p; p++)
        ok = is_digit(*p), v = v * 10 + (*p - '0');
    if (!ok || v > 40)
        HIT(1);
}
static void r196(struct rule_ctx *x)
{
    if (OC2 && !blank(OC2->sdq_reason) && !code_ok(x, "oc2", "SDQ_REASON", OC2->sdq_reason))
        HIT(1);
}
static void r181(struct rule_ctx *x)
{
    if (!OC2)
        return;
    int v[] = {OC2->convicted, OC2->health_check, OC2->immunisations, OC2->teeth_check,
               OC2->health_assessment, OC2->substance_misuse, OC2->intervention_received,
               OC2->intervention_offered};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i] < -1 || v[i] > 1) {
            HIT(1);
            return;
        }
}
static bool oc2_core_blank(const struct la_outcome *o)
{
    return o->immunisations < 0 || o->teeth_check < 0 || o->health_assessment < 0 || o->substance_misuse < 0;
}
static void r182(struct rule_ctx *x)
{
    if (OC2 && oc2_items(OC2) && oc2_core_blank(OC2))
        HIT(1);
}
static void r544(struct rule_ctx *x)
{
    if (OC2 && OC2->convicted >= 0 && oc2_core_blank(OC2))
        HIT(1);
}
static void r547(struct rule_ctx *x)
{
    if (OC2 && OC2->health_check >= 0 && oc2_core_blank(OC2))
        HIT(1);
}
static void r158(struct rule_ctx *x)
{
    if (OC2 && OC2->intervention_received == 1 && OC2->intervention_offered >= 0)
        HIT(1);
}
static void r159(struct rule_ctx *x)
{
    if (OC2 && OC2->substance_misuse == 1 && OC2->intervention_received == 0 && OC2->intervention_offered < 0)
        HIT(1);
}
static void r192(struct rule_ctx *x)
{
    if (OC2 && OC2->substance_misuse == 1 && OC2->intervention_received < 0)
        HIT(1);
}
static void r193(struct rule_ctx *x)
{
    if (OC2 && OC2->substance_misuse != 1 &&
        (OC2->intervention_received >= 0 || OC2->intervention_offered >= 0))
        HIT(1);
}
static void r185(struct rule_ctx *x)
{
    if (OC2 && !VW->cla && !blank(OC2->sdq_score))
        HIT(1);
}
static void r198(struct rule_ctx *x)
{
    if (OC2 && !VW->cla && !blank(OC2->sdq_reason))
        HIT(1);
}
static void r190(struct rule_ctx *x)
{
    if (OC2 && !VW->cla && oc2_items(OC2))
        HIT(1);
}
static void r191(struct rule_ctx *x) /* no OC2 row at all is as blank as an empty one */
{
    if (VW->cla && (!OC2 || oc2_core_blank(OC2)))
        HIT(OC2 ? 1 : 0);
}
/* SDQ ages: 4 or over at 1 April and under 17 at 31 March. */
static bool sdq_age(const struct rule_ctx *x)
{
    int a = age_on(x, x->from), b = age_on(x, x->to);
    return a >= 4 && b >= 0 && b < 17;
}
static void r186(struct rule_ctx *x)
{
    if (VW->cla && sdq_age(x) && (!OC2 || blank(OC2->sdq_score)))
        HIT(OC2 ? 1 : 0);
}
static void r157(struct rule_ctx *x) /* SDQ1 says "under 4 or over 16": not so for these ages */
{
    if (OC2 && VW->cla && blank(OC2->sdq_score) && is(OC2->sdq_reason, "SDQ1") &&
        age_on(x, x->from) >= 4 && age_on(x, x->to) <= 16)
        HIT(1);
}
static void r188(struct rule_ctx *x)
{
    int a = age_on(x, x->to);
    if (OC2 && a >= 0 && a < 4 && (!blank(OC2->sdq_score) || !blank(OC2->sdq_reason)))
        HIT(1);
}
static void r189(struct rule_ctx *x)
{
    if (OC2 && age_on(x, x->from) >= 17 && (!blank(OC2->sdq_score) || !blank(OC2->sdq_reason)))
        HIT(1);
}
static void r197a(struct rule_ctx *x)
{
    if (OC2 && !blank(OC2->sdq_score) && !blank(OC2->sdq_reason))
        HIT(1);
}
/* Those turning 4 or 17 in the year fall outside rule 186's ages but still need an SDQ
 * score or a reason for none. One whose 17th birthday is 1 April is 17 at the start of the
 * year, and rule 189 wants no SDQ from her: not an edge. */
static void r197B(struct rule_ctx *x)
{
    day_t b17 = birthday(x, 17);
    bool edge = in_window(x, birthday(x, 4)) || (in_window(x, b17) && b17 > x->from);
    if (VW->cla && edge && (!OC2 || (blank(OC2->sdq_score) && blank(OC2->sdq_reason))))
        HIT(OC2 ? 1 : 0);
}
static void r542(struct rule_ctx *x)
{
    int a = age_on(x, x->to);
    if (OC2 && a >= 0 && a < 10 && OC2->convicted >= 0)
        HIT(1);
}
static void r543(struct rule_ctx *x)
{
    if (VW->cla && age_on(x, x->to) >= 10 && (!OC2 || OC2->convicted < 0))
        HIT(OC2 ? 1 : 0);
}
static void r545(struct rule_ctx *x)
{
    int a = age_on(x, x->to);
    if (VW->cla && a >= 0 && a < 5 && (!OC2 || OC2->health_check < 0))
        HIT(OC2 ? 1 : 0);
}
static void r546(struct rule_ctx *x)
{
    if (OC2 && age_on(x, x->to) >= 5 && OC2->health_check >= 0)
        HIT(1);
}

/* ---- AD1: adoption ---- */

#define AD1 (VW->ad1)

static void r114(struct rule_ctx *x)
{
    if (AD1 && AD1->foster_care >= 0 && AD1->foster_care != 0 && AD1->foster_care != 1)
        HIT(1);
}
static void r175(struct rule_ctx *x)
{
    if (AD1 && AD1->nb_adoptr >= 0 && AD1->nb_adoptr != 1 && AD1->nb_adoptr != 2)
        HIT(1);
}
static void r176(struct rule_ctx *x)
{
    if (AD1 && !blank(AD1->sex_adoptr) && !code_ok(x, "ad1", "SEX_ADOPTR", AD1->sex_adoptr))
        HIT(1);
}
static void r177(struct rule_ctx *x)
{
    if (AD1 && !blank(AD1->ls_adoptr) && !code_ok(x, "ad1", "LS_ADOPTR", AD1->ls_adoptr))
        HIT(1);
}
static int ad1_filled(const struct adoption *a)
{
    return (a->date_int != DAY_NONE) + (a->date_match != DAY_NONE) + (a->foster_care >= 0) +
           (a->nb_adoptr >= 0) + !blank(a->sex_adoptr) + !blank(a->ls_adoptr);
}
static void r151(struct rule_ctx *x)
{
    if (AD1 && ad1_filled(AD1) != 0 && ad1_filled(AD1) != 6)
        HIT(1);
}
static void r333(struct rule_ctx *x)
{
    if (AD1 && AD1->date_int != DAY_NONE && AD1->date_match != DAY_NONE && AD1->date_int > AD1->date_match)
        HIT(1);
}
/* The episode that ended in adoption this year, or NULL. */
static const struct la_episode *adoption_ep(const struct rule_ctx *x)
{
    EACH_EP if (adopted(EP(i)->rec)) return EP(i);
    return NULL;
}
static void r331(struct rule_ctx *x)
{
    const struct la_episode *e = adoption_ep(x);
    if (AD1 && e && AD1->date_match != DAY_NONE && AD1->date_match > e->decom)
        HIT(1);
}
/* Start of the period of care holding view episode i when the records show it: a period
 * of care starts only with an episode whose reason for new episode is S, so when the first
 * episode held continues one (the files of one year, the period begun in an earlier year
 * that is not given) its start is not known: DAY_NONE. */
static day_t period_start_known(const struct rule_ctx *x, size_t i)
{
    const struct la_episode *e = &CF->la_episodes[period_first(CF, VW->ep_at[i])];
    return is(e->rne, "S") ? e->decom : DAY_NONE;
}
static void r334(struct rule_ctx *x) /* the latest period of care began by the decision */
{
    if (!AD1 || AD1->date_int == DAY_NONE || !VW->n_ep)
        return;
    day_t start = period_start_known(x, VW->n_ep - 1);
    if (start != DAY_NONE && start > AD1->date_int)
        HIT(1);
}
static void r335(struct rule_ctx *x)
{
    const struct la_episode *e = adoption_ep(x);
    if (AD1 && e && ((AD1->foster_care == 0 && one_of(e->place, "A2,A3,A5")) ||
                     (AD1->foster_care == 1 && one_of(e->place, "A1,A4,A6"))))
        HIT(1);
}
static void r336(struct rule_ctx *x) /* placed with current foster carers: fostered just before */
{
    EACH_EP {
        const struct la_episode *p = prev_ep(x, i);
        if (one_of(EP(i)->place, "A3,A5") && p && !foster(p->place) && !placed_for_adoption(p->place))
            HIT(i + 1);
    }
}
static bool couple(const char *sex) { return one_of(sex, "MM,FF,MF"); }
static void r511(struct rule_ctx *x)
{
    if (AD1 && AD1->nb_adoptr == 2 && !blank(AD1->sex_adoptr) && !couple(AD1->sex_adoptr))
        HIT(1);
}
static void r514(struct rule_ctx *x)
{
    if (AD1 && is(AD1->ls_adoptr, "L0") && couple(AD1->sex_adoptr))
        HIT(1);
}
static void ls_sex(struct rule_ctx *x, const char *ls, const char *sexes)
{
    if (AD1 && is(AD1->ls_adoptr, ls) && !blank(AD1->sex_adoptr) && !one_of(AD1->sex_adoptr, sexes))
        HIT(1);
}
static void r517(struct rule_ctx *x) { ls_sex(x, "L3", "MF"); }
static void r518(struct rule_ctx *x) { ls_sex(x, "L4", "MM,FF"); }
static void r519(struct rule_ctx *x) { ls_sex(x, "L2", "MM,FF,MF"); }
static void r520(struct rule_ctx *x)
{
    if (AD1 && is(AD1->ls_adoptr, "L11") && one_of(AD1->sex_adoptr, "MM,FF"))
        HIT(1);
}
static void r524(struct rule_ctx *x) { ls_sex(x, "L12", "MM,FF"); }
static void r521(struct rule_ctx *x) /* decided by the day placed for adoption */
{
    if (!AD1 || AD1->date_int == DAY_NONE)
        return;
    EACH_EP if (placed_for_adoption(EP(i)->place) && EP(i)->decom < AD1->date_int) {
        HIT(1);
        return;
    }
}
static void r582(struct rule_ctx *x)
{
    const struct la_episode *e = adoption_ep(x);
    if (AD1 && e && e->dec != DAY_NONE && AD1->date_match == e->dec)
        HIT(1);
}
static void r601(struct rule_ctx *x)
{
    const struct la_episode *e = adoption_ep(x);
    if (e && in_window(x, e->dec) && (!AD1 || ad1_filled(AD1) < 6))
        HIT(AD1 ? 1 : 0);
}
static void r602(struct rule_ctx *x)
{
    if (AD1 && !adoption_ep(x))
        HIT(1);
}

/* ---- PlacedAdoption ---- */

#define PA(k) (&VW->pa[k])
#define EACH_PA for (size_t k = 0; k < VW->n_pa; k++)

/* The latest decision to place for adoption in the return, or NULL. */
static const struct placed_adoption *latest_pa(const struct rule_ctx *x)
{
    return VW->n_pa ? PA(VW->n_pa - 1) : NULL;
}
static void r119(struct rule_ctx *x)
{
    EACH_PA if ((PA(k)->date_placed_ceased == DAY_NONE) != blank(PA(k)->reason_placed_ceased)) HIT(k + 1);
}
static void r120(struct rule_ctx *x)
{
    EACH_PA if (!blank(PA(k)->reason_placed_ceased) &&
                !code_ok(x, "placed_adoption", "REASON_PLACED_CEASED", PA(k)->reason_placed_ceased))
        HIT(k + 1);
}
static void r117(struct rule_ctx *x) /* after the child left care */
{
    day_t left = left_care(x);
    if (left == DAY_NONE)
        return;
    EACH_PA if (PA(k)->date_placed > left ||
                (PA(k)->date_placed_ceased != DAY_NONE && PA(k)->date_placed_ceased > left)) HIT(k + 1);
}
static void r118(struct rule_ctx *x) /* ceased before the child was first looked after */
{
    day_t first = DAY_NONE;
    for (size_t i = 0; first == DAY_NONE && i < CF->n_la_episodes; i++)
        if (!respite(CF->la_episodes[i].ls))
            first = CF->la_episodes[i].decom;
    EACH_PA if (first != DAY_NONE && PA(k)->date_placed_ceased != DAY_NONE &&
                PA(k)->date_placed_ceased < first) HIT(k + 1);
}
static void r184(struct rule_ctx *x)
{
    EACH_PA if (P->dob != DAY_NONE && PA(k)->date_placed != DAY_NONE && PA(k)->date_placed < P->dob)
        HIT(k + 1);
}
static void r1003(struct rule_ctx *x) /* before the period of care in the return began */
{
    if (!VW->n_ep)
        return;
    day_t start = period_start_known(x, 0);
    EACH_PA if (start != DAY_NONE && PA(k)->date_placed != DAY_NONE && PA(k)->date_placed < start)
        HIT(k + 1);
}
static void r522(struct rule_ctx *x)
{
    EACH_PA if (PA(k)->date_placed_ceased != DAY_NONE && PA(k)->date_placed != DAY_NONE &&
                PA(k)->date_placed > PA(k)->date_placed_ceased) HIT(k + 1);
}
static void r523(struct rule_ctx *x)
{
    const struct placed_adoption *p = latest_pa(x);
    if (AD1 && p && AD1->date_int != DAY_NONE && p->date_placed != DAY_NONE &&
        AD1->date_int != p->date_placed)
        HIT(1);
}
static void r525(struct rule_ctx *x)
{
    if (!AD1 || !ad1_filled(AD1))
        return;
    EACH_PA if (PA(k)->date_placed_ceased != DAY_NONE) HIT(k + 1);
}
static void r551(struct rule_ctx *x)
{
    bool decided = false;
    EACH_PA decided |= PA(k)->date_placed != DAY_NONE;
    EACH_EP if (placed_for_adoption(EP(i)->place) && !decided) HIT(i + 1);
}
static void r552(struct rule_ctx *x)
{
    const struct placed_adoption *p = latest_pa(x);
    if (!p || p->date_placed == DAY_NONE)
        return;
    EACH_EP if (placed_for_adoption(EP(i)->place) && EP(i)->decom >= p->date_placed) return;
    EACH_EP if (placed_for_adoption(EP(i)->place) && EP(i)->decom < p->date_placed) {
        HIT(i + 1);
        return;
    }
}
/* An order (E1 placement, D1 freeing) in the year needs a decision to place on or before it. */
static void order_decision(struct rule_ctx *x, const char *ls, bool check_date)
{
    const struct placed_adoption *p = latest_pa(x);
    EACH_EP {
        if (!is(EP(i)->ls, ls))
            continue;
        const struct la_episode *q = prev_ep(x, i);
        bool granted_here = !(view_continues(x, i) && q && is(q->ls, ls));
        if (!check_date && (!p || p->date_placed == DAY_NONE)) {
            HIT(i + 1);
            return;
        }
        if (check_date && granted_here && p && p->date_placed != DAY_NONE && p->date_placed > EP(i)->decom) {
            HIT(i + 1);
            return;
        }
    }
}
static void r553(struct rule_ctx *x) { order_decision(x, "E1", false); }
static void r554(struct rule_ctx *x) { order_decision(x, "E1", true); }
static void r555(struct rule_ctx *x) { order_decision(x, "D1", false); }
static void r556(struct rule_ctx *x) { order_decision(x, "D1", true); }
static void r557(struct rule_ctx *x) /* left care, not adopted, decision still open */
{
    const struct la_episode *e = last_ep(x);
    if (!e || !ceased(e) || adopted(e->rec))
        return;
    EACH_PA if (PA(k)->date_placed_ceased == DAY_NONE && PA(k)->date_placed != DAY_NONE &&
                PA(k)->date_placed <= e->dec) HIT(k + 1);
}
static void r558(struct rule_ctx *x)
{
    const struct la_episode *e = adoption_ep(x);
    if (!e)
        return;
    EACH_PA if (PA(k)->date_placed_ceased != DAY_NONE) HIT(k + 1);
}
static void r563(struct rule_ctx *x)
{
    EACH_PA if (PA(k)->date_placed == DAY_NONE &&
                (PA(k)->date_placed_ceased != DAY_NONE || !blank(PA(k)->reason_placed_ceased))) HIT(k + 1);
}
static void r579(struct rule_ctx *x)
{
    for (size_t k = 1; k < VW->n_pa; k++)
        if (PA(k)->date_placed != DAY_NONE &&
            (PA(k - 1)->date_placed_ceased == DAY_NONE || PA(k)->date_placed < PA(k - 1)->date_placed_ceased))
            HIT(k + 1);
}
/* Only the latest decision may stay open. */
static void r583(struct rule_ctx *x)
{
    size_t open = 0;
    EACH_PA open += PA(k)->date_placed_ceased == DAY_NONE;
    if (VW->n_pa < 2)
        return;
    EACH_PA if (PA(k)->date_placed_ceased == DAY_NONE && (k + 1 < VW->n_pa || open > 1)) HIT(k + 1);
}

/* ---- PrevPerm ---- */

#define PP (VW->pp)

/* A period of care begun in the year needs PrevPerm: a code, and with any code but Z1 the
 * local authority and date too. */
static void r630(struct rule_ctx *x)
{
    bool ok = PP && !blank(PP->prev_perm) &&
              (is(PP->prev_perm, "Z1") || (!blank(PP->la_perm) && !blank(PP->date_perm)));
    if (!ok)
        EACH_EP if (is(EP(i)->rne, "S") && in_window(x, EP(i)->decom)) HIT(i + 1);
}
static void r631(struct rule_ctx *x)
{
    if (PP && (blank(PP->prev_perm) || !code_ok(x, "prev_perm", "PREV_PERM", PP->prev_perm)))
        HIT(1);
}
static void r633(struct rule_ctx *x) /* a three-digit local authority code */
{
    const char *s = PP ? PP->la_perm : NULL;
    if (blank(s))
        return;
    if (strlen(s) != 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]))
        HIT(1);
}
/* DATE_PERM: DD/MM/YYYY, zz for an unknown day or month. Latest possible day, or DAY_NONE. */
static day_t perm_date_latest(const char *s, bool *ok)
{
    *ok = false;
    if (!strcmp(s, "ZZ/ZZ/ZZZZ") || !strcmp(s, "zz/zz/zzzz")) {
        *ok = true; /* wholly unknown: allowed, and never after anything */
        return DAY_NONE;
    }
    if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
        return DAY_NONE;
    for (int i = 6; i < 10; i++)
        if (!is_digit(s[i]))
            return DAY_NONE;
    int y = atoi(s + 6);
    bool zd = (s[0] == 'z' || s[0] == 'Z') && (s[1] == 'z' || s[1] == 'Z');
    bool zm = (s[3] == 'z' || s[3] == 'Z') && (s[4] == 'z' || s[4] == 'Z');
    if ((!zd && (!is_digit(s[0]) || !is_digit(s[1]))) || (!zm && (!is_digit(s[3]) || !is_digit(s[4]))))
        return DAY_NONE;
    int m = zm ? 12 : (s[3] - '0') * 10 + (s[4] - '0');
    if (m < 1 || m > 12 || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
        return DAY_NONE;
    int d = zd ? date_days_in_month(y, m) : (s[0] - '0') * 10 + (s[1] - '0');
    day_t r = date_from_ymd(y, m, d);
    *ok = r != DAY_NONE;
    return r;
}
static void r632(struct rule_ctx *x) /* a date, and before the period of care began */
{
    if (!PP || blank(PP->date_perm))
        return;
    bool ok;
    day_t d = perm_date_latest(PP->date_perm, &ok);
    if (!ok) {
        HIT(1);
        return;
    }
    day_t start = VW->n_ep ? period_start(x, 0) : DAY_NONE;
    if (d != DAY_NONE && start != DAY_NONE && d >= start)
        HIT(1);
}
static void r634(struct rule_ctx *x)
{
    if (!PP || (blank(PP->prev_perm) && blank(PP->la_perm) && blank(PP->date_perm)) || !VW->n_ep)
        return;
    if (period_start(x, VW->n_ep - 1) < date_from_ymd(2016, 4, 1))
        HIT(1);
}
static void r635(struct rule_ctx *x)
{
    if (PP && is(PP->prev_perm, "Z1") && (!blank(PP->la_perm) || !blank(PP->date_perm)))
        HIT(1);
}

/* ---- UASC ---- */

static void r304(struct rule_ctx *x)
{
    day_t b18 = birthday(x, 18);
    if (VW->ua && VW->ua->duc != DAY_NONE && b18 != DAY_NONE && VW->ua->duc > b18)
        HIT(1);
}

/* ---- Social worker episodes ---- */

#define SW(k) (&VW->sw[k])
#define EACH_SW for (size_t k = 0; k < VW->n_sw; k++)

static void rSW01aSTG1(struct rule_ctx *x)
{
    EACH_SW if (blank(SW(k)->sw_id) || SW(k)->decom == DAY_NONE) HIT(k + 1);
}
/* From 1 April 2023 every episode carries an ID and a reason too. */
static void rSW01bSTG1(struct rule_ctx *x)
{
    EACH_SW if (SW(k)->decom == DAY_NONE ||
                (SW(k)->decom >= date_from_ymd(2023, 4, 1) && (blank(SW(k)->sw_id) || blank(SW(k)->reason))))
        HIT(k + 1);
}
static void rSW03STG1(struct rule_ctx *x) { rSW01bSTG1(x); } /* 2023-24's name for it */
static void rSW02STG1(struct rule_ctx *x)
{
    EACH_SW if (!blank(SW(k)->sw_id) && strncmp(SW(k)->sw_id, "SW", 2) && strncmp(SW(k)->sw_id, "XX", 2))
        HIT(k + 1);
}
static void rSW08STG2(struct rule_ctx *x)
{
    EACH_SW if (k + 1 < VW->n_sw && SW(k)->dec == DAY_NONE) HIT(k + 1);
}
static void rSW09STG2(struct rule_ctx *x)
{
    EACH_SW if (SW(k)->dec != DAY_NONE && SW(k)->dec <= SW(k)->decom) HIT(k + 1);
}
static void rSW10STG2(struct rule_ctx *x)
{
    for (size_t k = 1; k < VW->n_sw; k++)
        if (SW(k - 1)->dec != DAY_NONE && SW(k)->decom != DAY_NONE && SW(k)->decom < SW(k - 1)->dec)
            HIT(k + 1);
}
static void sw_ends_early(struct rule_ctx *x)
{
    if (VW->n_sw && SW(VW->n_sw - 1)->dec != DAY_NONE && SW(VW->n_sw - 1)->dec < x->to)
        HIT(VW->n_sw);
}
static void rSW11aSTG2(struct rule_ctx *x) { sw_ends_early(x); }
static void rSW11bSTG2(struct rule_ctx *x) { sw_ends_early(x); }
static bool la_at_year_end(const struct rule_ctx *x)
{
    const struct la_episode *e = last_ep(x);
    return e && e->dec == DAY_NONE;
}
static void rSW12STG2(struct rule_ctx *x) /* episodes from 1 April for a child looked after at 31 March */
{
    if (la_at_year_end(x) && VW->n_sw && SW(0)->decom != DAY_NONE && SW(0)->decom > x->from)
        HIT(1);
}
static void rSW13STG1(struct rule_ctx *x) /* 2023-24's message also says "or has not been entered" */
{
    EACH_SW {
        const char *r = SW(k)->reason;
        if (blank(r) ? x->year == 2024 : !code_ok(x, "social_worker", "SW_REASON", r))
            HIT(k + 1);
    }
}
static void rSW17STG2(struct rule_ctx *x)
{
    if (!VW->n_sw)
        return;
    EACH_SW if (SW(k)->dec == DAY_NONE) return;
    HIT(0);
}
static void rSW01STG1(struct rule_ctx *x)
{
    if (la_at_year_end(x) && !VW->n_sw)
        HIT(0);
}

/* ---- Deprivation of liberty orders (2026-27 onwards) ---- */

#define DL(k) (&VW->dl[k])
#define EACH_DL for (size_t k = 0; k < VW->n_dl; k++)

/* an order that starts while the one before it has not ended */
static void r705(struct rule_ctx *x)
{
    for (size_t k = 1; k < VW->n_dl; k++)
        if (DL(k - 1)->end == DAY_NONE || DL(k)->start <= DL(k - 1)->end)
            HIT(k + 1);
}
/* care ended in the year (the last episode has a DEC) with an order still open */
static void r707(struct rule_ctx *x)
{
    const struct la_episode *e = last_ep(x);
    if (!e || e->dec == DAY_NONE)
        return;
    EACH_DL if (DL(k)->end == DAY_NONE) HIT(k + 1);
}
static void r708(struct rule_ctx *x)
{
    EACH_DL if (P->dob != DAY_NONE && ((DL(k)->start != DAY_NONE && DL(k)->start < P->dob) ||
                                       (DL(k)->end != DAY_NONE && DL(k)->end < P->dob)))
        HIT(k + 1);
}
/* placed, while an order runs, in a secure children's home (K1), with parents (P1), in a
 * young offender institution (R5) or in supported accommodation (K3, and H5 before it): a
 * DoLO authorises what such a placement would not need or may not give */
static void r710(struct rule_ctx *x)
{
    EACH_DL {
        day_t s = DL(k)->start, f = DL(k)->end == DAY_NONE ? NO_END : DL(k)->end;
        EACH_EP {
            const struct la_episode *e = EP(i);
            day_t es = e->decom, ef = e->dec == DAY_NONE ? NO_END : e->dec;
            if (es != DAY_NONE && es <= f && ef >= s && one_of(e->place, "K1,P1,R5,K3,H5")) {
                HIT(k + 1);
                break;
            }
        }
    }
}

/* 709: an order with both dates given, overlapping an episode whose placement is not one
 * the DfE expects for a child deprived of liberty: a children's home (K2) or the other
 * placements Z12 and Z13. The DfE's wording asks for both of the order's dates, so an
 * order still open is left to 705, 707 and 710; an episode still open runs to the end of
 * the return (it is the placement the child is in during the order). */
static void r709(struct rule_ctx *x)
{
    EACH_DL {
        day_t s = DL(k)->start, f = DL(k)->end;
        if (s == DAY_NONE || f == DAY_NONE)
            continue;
        EACH_EP {
            const struct la_episode *e = EP(i);
            day_t ef = e->dec == DAY_NONE ? NO_END : e->dec;
            if (e->decom != DAY_NONE && e->decom <= f && ef >= s &&
                !one_of(e->place, "K2,Z12,Z13")) {
                HIT(k + 1);
                break;
            }
        }
    }
}

/* Catalogue rules not registered here, and why:
 * - fields hearth does not hold: PL_DISTANCE, PL_LA, PL_LOCATION (the DfE derives them from
 *   postcodes: 164, 169, 179, 392a, 406, 411, 420, 452, 453, 454, 503G, 503H, 503J, 1015;
 *   503G, 503H, 503J and 452, 453 are answered between the years' files, ssda903_years.c,
 *   and 411 there too, from the PL_LA and PL_LOCATION a council's files may carry: derived
 *   here from the one postcode, the two cannot disagree),
 *   Ofsted provider information (219, 221, 224, 227, 228, 229, 1008); the header's UASC flag,
 *   which only the XML form carries, is read from the file (105, 303, 205A-205D:
 *   src/format/ssda903_years.c);
 * - DoLO: 700 and 701 (not a valid date) and 702 (ended before it started) are found as the
 *   file is read, like every table's dates; 703 and 704 (dates outside the year) as the
 *   other dates outside the year below; 706 (an order open in last year's return missing from
 *   this one) between the years' files (src/format/ssda903_years.c);
 * - "not a valid date" rules (104, 112, 113, 115, 116, 147, 171, 1005, SW04STG1, SW05STG1):
 *   hearth keeps dates as dates, so the importer refuses an invalid one;
 * - this year against last year (202, 203, 204, 207, 208, 502, 503A-F, 559, 560, 561, 562,
 *   576, 584, 624, 626, 1010, NoE): hearth holds one record per child, not one per return,
 *   so both years read the same values and cannot disagree;
 * - dates outside the collection year (354, 385, 570, 571, 703, 704, SW06STG2, SW07STG2):
 *   the return is cut at 31 March, so the reader names them in a file of a known year
 *   (src/format/ssda903.c, outside_year);
 * - file integrity of an uploaded return (EPI, INT*), and 444 (a UPN shared by two
 *   children): the engine checks one child at a time;
 * - SW14STG2 (2023-24): its message does not say which episodes need an end date. */
/* ---- rules over the whole return ----
 * 444, the same UPN on two children; 1015, own provision (PR1) outside the authority's area,
 * which is the ons_code setting or, without it, the area most of the return's children's
 * homes are in. Each child adds to the tally; the checks run once at the end. */

struct upn_903 { const char *upn, *child; };
struct own_place { const char *child, *la; int row; };
struct la_count { char la[16]; long n; };
struct t903 {
    struct arena mem;
    struct upn_903 *upns; size_t n_upns, cap_upns;
    struct own_place *own; size_t n_own, cap_own;
    struct la_count homes[64]; size_t n_homes;
};
#define TALLY ((struct t903 *)x->acc)

static void *t903_new(void) { return xcalloc(1, sizeof(struct t903)); }
static void t903_free(void *acc)
{
    struct t903 *t = acc;
    arena_free(&t->mem);
    free(t->upns);
    free(t->own);
    free(t);
}
static void t903_child(struct rule_ctx *x)
{
    struct t903 *t = TALLY;
    const char *id = P->la_child_id ? P->la_child_id : "";
    const char *child = NULL;
    if (!blank(P->upn)) {
        if (t->n_upns == t->cap_upns)
            t->upns = xrealloc(t->upns, (t->cap_upns = t->cap_upns ? 2 * t->cap_upns : 256) *
                                            sizeof *t->upns);
        child = arena_strdup(&t->mem, id);
        t->upns[t->n_upns++] = (struct upn_903){arena_strdup(&t->mem, P->upn), child};
    }
    const struct postcode_sector *home = NULL;
    EACH_EP {
        const struct postcode_sector *h = where_is(EP(i)->home_post);
        home = h ? h : home;
        const struct postcode_sector *pl =
            is(EP(i)->place_provider, "PR1") ? where_is(EP(i)->pl_post) : NULL;
        if (!pl)
            continue;
        if (t->n_own == t->cap_own)
            t->own = xrealloc(t->own, (t->cap_own = t->cap_own ? 2 * t->cap_own : 256) *
                                          sizeof *t->own);
        if (!child)
            child = arena_strdup(&t->mem, id);
        t->own[t->n_own++] = (struct own_place){child, pl->la, (int)(i + 1)};
    }
    if (home) { /* the child's latest home in the year */
        size_t k = 0;
        while (k < t->n_homes && strcmp(t->homes[k].la, home->la))
            k++;
        if (k == t->n_homes && k < sizeof t->homes / sizeof t->homes[0])
            snprintf(t->homes[t->n_homes++].la, sizeof t->homes[0].la, "%s", home->la);
        if (k < t->n_homes)
            t->homes[k].n++;
    }
}
static int cmp_upn903(const void *a, const void *b)
{
    const struct upn_903 *p = a, *q = b;
    int c = strcmp(p->upn, q->upn);
    return c ? c : strcmp(p->child, q->child);
}
static void r444(struct rule_ctx *x)
{
    struct t903 *t = TALLY;
    if (t->n_upns)
        qsort(t->upns, t->n_upns, sizeof *t->upns, cmp_upn903);
    for (size_t i = 0; i < t->n_upns; i++)
        if ((i > 0 && !strcmp(t->upns[i].upn, t->upns[i - 1].upn)) ||
            (i + 1 < t->n_upns && !strcmp(t->upns[i].upn, t->upns[i + 1].upn)))
            rule_hit_child(x, t->upns[i].child, 1);
}
static void r1015(struct rule_ctx *x)
{
    struct t903 *t = TALLY;
    const char *area = x->authority;
    long most = 0;
    for (size_t k = 0; !x->authority && k < t->n_homes; k++)
        if (t->homes[k].n > most)
            most = t->homes[k].n, area = t->homes[k].la;
    if (!area)
        return; /* no authority named and no home the directory holds */
    for (size_t i = 0; i < t->n_own; i++)
        if (strcmp(t->own[i].la, area))
            rule_hit_child(x, t->own[i].child, t->own[i].row);
}

#define R(code) {#code, r##code}
static const struct rule_impl ssda903_impls[] = {
    /* Header */
    R(101), R(102), R(103), R(165), R(168), R(231), R(174), R(209), R(210), R(232), R(301),
    R(302), R(351), R(393), R(399), R(442), R(607), R(611), R(612), R(620), R(621), R(625),
    /* Episodes */
    R(141), R(142), R(143), R(144), R(145), R(146), R(148), R(149), R(178), R(1009), R(199),
    R(213), R(214), R(217), R(218), R(222), R(230), R(217t), R(225), R(226), R(233), R(234),
    R(352), R(353), R(355), R(356), R(357), R(358), R(359), R(361), R(362), R(363), R(364),
    R(365), R(366), R(367), R(370), R(371), R(372), R(373), R(374), R(375), R(376), R(377),
    R(378), R(379), R(380), R(381), R(382), R(383), R(384), R(386), R(387), R(388), R(389),
    R(390), R(392a), R(392b), R(392c), R(169), R(179), R(164), R(406), R(420), R(454), R(392d), R(398), R(407), R(408), R(426), R(431), R(432), R(433),
    R(434), R(435), R(436), R(437), R(445), R(446), R(451), R(460), R(501), R(504), R(516),
    R(526), R(527), R(528), R(529), R(530), R(531), R(550),
    /* Reviews */
    R(166), R(167), R(440), R(441),
    /* Missing */
    R(564), R(565), R(566), R(567), R(574), R(575), R(577), R(578), R(580), R(581), R(586),
    R(1004), R(1006),
    /* OC3 */
    R(131), R(132), R(133), R(134), R(153), R(187), R(215), R(344), R(345), R(347), R(348),
    R(391), R(1000), R(1001), R(1002), R(1007), R(1011), R(1012), R(1016), R(3001),
    /* OC2 */
    R(157), R(158), R(159), R(180), R(181), R(182), R(185), R(186), R(188), R(189), R(190),
    R(191), R(192), R(193), R(196), R(197a), R(197B), R(198), R(542), R(543), R(544), R(545),
    R(546), R(547),
    /* AD1 */
    R(114), R(151), R(175), R(176), R(177), R(331), R(333), R(334), R(335), R(336), R(511),
    R(514), R(517), R(518), R(519), R(520), R(521), R(524), R(582), R(601), R(602),
    /* PlacedAdoption */
    R(117), R(118), R(119), R(120), R(184), R(522), R(523), R(525), R(551), R(552), R(553),
    R(554), R(555), R(556), R(557), R(558), R(563), R(579), R(583), R(1003),
    /* PrevPerm, UASC */
    R(630), R(631), R(632), R(633), R(634), R(635), R(304),
    /* Social worker episodes */
    R(SW01STG1), R(SW01aSTG1), R(SW01bSTG1), R(SW02STG1), R(SW03STG1), R(SW08STG2), R(SW09STG2),
    R(SW10STG2), R(SW11aSTG2), R(SW11bSTG2), R(SW12STG2), R(SW13STG1), R(SW17STG2),
    /* Deprivation of liberty orders */
    R(705), R(707), R(708), R(709), R(710),
};
#undef R

#define URN_WHY                                                                                 \
    "needs Ofsted's register of providers (the catalogue's 'Provider Info' table: each URN's "  \
    "provision type, postcode, dates of registration), which no return carries; the sector's "  \
    "validator also runs it only when given that register"
static const struct rule_gap ssda903_gaps[] = {
    {"1008", URN_WHY}, {"219", URN_WHY}, {"221", URN_WHY}, {"224", URN_WHY}, {"227", URN_WHY},
    {"228", URN_WHY},
    {"229", URN_WHY},
    {"EPI", "the DfE portal's notice that a child's episodes are not loaded yet, not a rule about "
            "the child's records"},
};

static const struct rule_impl ssda903_return_impls[] = {{"444", r444}, {"1015", r1015}};

const struct rule_set ssda903_rule_set = {
    .ret = RULES_903,
    .impls = ssda903_impls,
    .n = sizeof ssda903_impls / sizeof ssda903_impls[0],
    .prepare = v903_prepare,
    .release = v903_release,
    .return_impls = ssda903_return_impls,
    .n_return = sizeof ssda903_return_impls / sizeof ssda903_return_impls[0],
    .tally_new = t903_new,
    .tally_child = t903_child,
    .tally_free = t903_free,
    .gaps = ssda903_gaps,
    .n_gaps = sizeof ssda903_gaps / sizeof ssda903_gaps[0],
};
