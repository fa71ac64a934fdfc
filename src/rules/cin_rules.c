/* cin_rules: the CIN census validation rules, one small function per rule, registered by
 * the DfE's code at the bottom of this file. The code's message, table and fields come from
 * the year's catalogue (data/rules/cin_*.csv), never from here. Checks read a child_file and
 * never touch the store or produce output.
 *
 * The return for collection year Y (window 1 April Y-1 .. 31 March Y) is the part of the
 * child's record that Y's census would hold: episodes of need open at some time in the
 * window, and of those episodes the assessments, CIN plans, section 47 enquiries and child
 * protection plans active at some time in it (started on or before 31 March, not ended
 * before 1 April), and the reviews of those plans held in the window. Rows in findings
 * count records of that table in this order (the child_file's order), from 1.
 * Rules a year's return cannot break by construction (a closure date after the window,
 * say) still fire on a live database holding later data: the return must not carry it.
 *
 * Each rule follows the DfE's rule text in data/rules/cin_*.csv as the sector's validators
 * read it (Data to Insight's CIN validator and local authorities' SQL checks), and has a
 * passing and a failing test in tests/unit/rules/. Five rules look across the whole return
 * (1520, 2883, 2886Q-2888Q: the tally at the bottom); two (100, the file's ReferenceDate,
 * and 8510, a second <Child>) are checked as the file is read, as cin_gaps[] says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/codes.h"
#include "rules_impl.h"
#include "util/buf.h"

#define NO_END INT32_MAX /* an open record's end, for overlap tests */

struct cin_view {
    size_t *ep, n_ep;               /* indices into c->episodes */
    size_t *as, n_as; size_t *as_ep; /* as_ep: view index of the episode */
    size_t *pl, n_pl; size_t *pl_ep;
    size_t *sq, n_sq; size_t *sq_ep;
    size_t *cp, n_cp; size_t *cp_ep;
    size_t *rv, n_rv; size_t *rv_cp; /* rv_cp: view index of the plan */
    size_t *mem;
};

#define VW ((const struct cin_view *)x->view)
#define CF (x->c)
#define EP(i) (&CF->episodes[VW->ep[i]])
#define AS(i) (&CF->assessments[VW->as[i]])
#define PL(i) (&CF->cin_plans[VW->pl[i]])
#define SQ(i) (&CF->s47s[VW->sq[i]])
#define CP(i) (&CF->cp_plans[VW->cp[i]])
#define RV(i) (&CF->cp_reviews[VW->rv[i]])
#define HIT(row) rule_hit(x, (int)(row))

static bool active(const struct rule_ctx *x, day_t start, day_t end)
{
    return (start == DAY_NONE || start <= x->to) && (end == DAY_NONE || end >= x->from);
}

static bool find_id(const rec_id *ids, const size_t *sel, size_t n, rec_id id, size_t *at)
{
    for (size_t i = 0; i < n; i++)
        if (ids[sel[i]] == id) {
            *at = i;
            return true;
        }
    return false;
}

static void cin_prepare(struct rule_ctx *x)
{
    const struct child_file *c = x->c;
    struct cin_view *v = xcalloc(1, sizeof *v);
    size_t total = c->n_episodes + 2 * (c->n_assessments + c->n_cin_plans + c->n_s47s +
                                        c->n_cp_plans + c->n_cp_reviews) + 1;
    size_t *m = v->mem = xmalloc(total * sizeof *m);
    v->ep = m, m += c->n_episodes;
    v->as = m, m += c->n_assessments, v->as_ep = m, m += c->n_assessments;
    v->pl = m, m += c->n_cin_plans, v->pl_ep = m, m += c->n_cin_plans;
    v->sq = m, m += c->n_s47s, v->sq_ep = m, m += c->n_s47s;
    v->cp = m, m += c->n_cp_plans, v->cp_ep = m, m += c->n_cp_plans;
    v->rv = m, m += c->n_cp_reviews, v->rv_cp = m;
    for (size_t i = 0; i < c->n_episodes; i++)
        if (active(x, c->episodes[i].referral_date, c->episodes[i].closure_date))
            v->ep[v->n_ep++] = i;
    size_t at;
    for (size_t i = 0; i < c->n_assessments; i++)
        if (active(x, c->assessments[i].start, c->assessments[i].authorised) &&
            find_id(c->episodes_id, v->ep, v->n_ep, c->assessments[i].episode, &at))
            v->as_ep[v->n_as] = at, v->as[v->n_as++] = i;
    for (size_t i = 0; i < c->n_cin_plans; i++)
        if (active(x, c->cin_plans[i].start, c->cin_plans[i].end) &&
            find_id(c->episodes_id, v->ep, v->n_ep, c->cin_plans[i].episode, &at))
            v->pl_ep[v->n_pl] = at, v->pl[v->n_pl++] = i;
    for (size_t i = 0; i < c->n_s47s; i++) {
        const struct s47_enquiry *q = &c->s47s[i];
        /* an enquiry ends at its conference; one needing none, when it started */
        day_t end = q->icpc_date != DAY_NONE ? q->icpc_date
                    : q->icpc_not_required == 1 ? q->start : DAY_NONE;
        if (active(x, q->start, end) && find_id(c->episodes_id, v->ep, v->n_ep, q->episode, &at))
            v->sq_ep[v->n_sq] = at, v->sq[v->n_sq++] = i;
    }
    for (size_t i = 0; i < c->n_cp_plans; i++)
        if (active(x, c->cp_plans[i].start, c->cp_plans[i].end) &&
            find_id(c->episodes_id, v->ep, v->n_ep, c->cp_plans[i].episode, &at))
            v->cp_ep[v->n_cp] = at, v->cp[v->n_cp++] = i;
    for (size_t i = 0; i < c->n_cp_reviews; i++) {
        day_t d = c->cp_reviews[i].date;
        if ((d == DAY_NONE || (d >= x->from && d <= x->to)) &&
            find_id(c->cp_plans_id, v->cp, v->n_cp, c->cp_reviews[i].plan, &at))
            v->rv_cp[v->n_rv] = at, v->rv[v->n_rv++] = i;
    }
    x->view = v;
}

static void cin_release(struct rule_ctx *x)
{
    struct cin_view *v = x->view;
    free(v->mem);
    free(v);
    x->view = NULL;
}

/* ---- helpers ---- */

static bool blank(const char *s) { return !s || !*s; }
static bool in_window(const struct rule_ctx *x, day_t d) { return d >= x->from && d <= x->to; }
static day_t end_or_open(day_t d) { return d == DAY_NONE ? NO_END : d; }
static bool unborn(const struct person *p) { return p->dob == DAY_NONE && p->expected_dob != DAY_NONE; }

/* Iterate the items of a comma-separated code list: each call copies the next into item. */
static bool next_code(const char **s, char *item, size_t n)
{
    while (**s == ',' || **s == ' ')
        (*s)++;
    if (!**s)
        return false;
    size_t k = 0;
    while (**s && **s != ',') {
        if (k + 1 < n && **s != ' ')
            item[k++] = **s;
        (*s)++;
    }
    item[k] = 0;
    return true;
}
static int count_codes(const char *list)
{
    char it[16];
    int n = 0;
    if (list)
        while (next_code(&list, it, sizeof it))
            n++;
    return n;
}
static bool has_code(const char *list, const char *code)
{
    char it[16];
    if (list)
        while (next_code(&list, it, sizeof it))
            if (!strcmp(it, code))
                return true;
    return false;
}
static bool has_duplicate_code(const char *list)
{
    char it[16], other[16];
    if (!list)
        return false;
    for (const char *p = list; next_code(&p, it, sizeof it);) {
        int seen = 0;
        for (const char *q = list; next_code(&q, other, sizeof other);)
            seen += !strcmp(it, other);
        if (seen > 1)
            return true;
    }
    return false;
}
static bool is_alnum(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}
static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* UPN check letters: the alphabet without I, O and S. */
static const char upn_letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
static int upn_letter_value(char ch)
{
    const char *p = ch ? strchr(upn_letters, ch) : NULL;
    return p ? (int)(p - upn_letters) : -1;
}
static bool upn_last_ok(char ch) { return is_digit(ch) || upn_letter_value(ch) >= 0; }

/* ---- ChildIdentifiers, ChildCharacteristics, Disabilities ---- */

static void r1510(struct rule_ctx *x) /* wrong check letter */
{
    const char *u = CF->person.upn;
    if (blank(u) || strlen(u) != 13)
        return;
    int sum = 0;
    for (int i = 1; i < 13; i++) {
        int v = is_digit(u[i]) ? u[i] - '0' : upn_letter_value(u[i]);
        if (v < 0)
            return; /* malformed: 1540/1550 say so */
        sum += v * (i + 1);
    }
    if (u[0] != upn_letters[sum % 23])
        HIT(0);
}
static void r1540(struct rule_ctx *x) /* characters 5-12 not all numeric */
{
    const char *u = CF->person.upn;
    if (blank(u))
        return;
    size_t n = strlen(u);
    for (size_t i = 4; i < 12; i++)
        if (i >= n || !is_digit(u[i])) {
            HIT(0);
            return;
        }
}
static void r1550(struct rule_ctx *x) /* character 13 not a recognised value */
{
    const char *u = CF->person.upn;
    if (!blank(u) && (strlen(u) != 13 || !upn_last_ok(u[12])))
        HIT(0);
}
/* UPN characters 2-4: a local authority number in use since April 1998 or a Welsh "pseudo
 * LA" number, the ranges the DfE's CIN census guidance gives for rule 1530, with 942 and
 * 943 (Cumberland, Westmorland and Furness, from April 2023), which the DfE's list of
 * authorities (data/benchmarks/areas.csv) has since numbered. */
static const struct { short lo, hi; } upn_la[] = {
    {1, 5},     {201, 213}, {301, 320}, {330, 336}, {340, 344}, {350, 359}, {370, 373},
    {380, 384}, {390, 394}, {420, 420}, {660, 681}, {701, 708}, {800, 803}, {805, 808},
    {810, 813}, {815, 816}, {820, 823}, {825, 826}, {830, 831}, {835, 841}, {845, 846},
    {850, 852}, {855, 857}, {860, 861}, {865, 896}, {908, 909}, {916, 916}, {919, 919},
    {921, 921}, {925, 926}, {928, 929}, {931, 931}, {933, 933}, {935, 938}, {940, 943},
};
static void r1530(struct rule_ctx *x) /* characters 2-4 not a recognised LA number */
{
    const char *u = CF->person.upn;
    if (blank(u) || strlen(u) < 4)
        return; /* too short: 1540 says so */
    for (int i = 1; i < 4; i++)
        if (!is_digit(u[i])) {
            HIT(0);
            return;
        }
    int la = (u[1] - '0') * 100 + (u[2] - '0') * 10 + (u[3] - '0');
    for (size_t i = 0; i < sizeof upn_la / sizeof *upn_la; i++)
        if (la >= upn_la[i].lo && la <= upn_la[i].hi)
            return;
    HIT(0);
}
static void r1560Q(struct rule_ctx *x) /* former UPN wrongly formatted */
{
    const char *u = CF->person.former_upn;
    if (blank(u))
        return;
    bool ok = strlen(u) == 13 && upn_letter_value(u[0]) >= 0 && upn_last_ok(u[12]);
    for (int i = 1; ok && i < 12; i++)
        ok = is_digit(u[i]);
    if (!ok)
        HIT(0);
}
static void r1570(struct rule_ctx *x)
{
    const char *id = CF->person.la_child_id;
    if (!blank(id) && strlen(id) > 20)
        HIT(0);
}
static void r1580(struct rule_ctx *x)
{
    const char *id = CF->person.la_child_id;
    for (const char *p = id ? id : ""; *p; p++)
        if (!is_alnum(*p)) {
            HIT(0);
            return;
        }
}
static void r4180(struct rule_ctx *x)
{
    const char *s = CF->person.sex;
    if (blank(s) || !(!strcmp(s, "M") || !strcmp(s, "F") || !strcmp(s, "U")))
        HIT(0);
}
static void r4220(struct rule_ctx *x)
{
    const char *s = CF->person.ethnicity;
    if (blank(s) || !codes_cin_valid("ethnicitytype", s, x->year))
        HIT(0);
}
static void r8500(struct rule_ctx *x)
{
    if (blank(CF->person.la_child_id))
        HIT(0);
}
static void r8520(struct rule_ctx *x)
{
    if (CF->person.dob != DAY_NONE && CF->person.dob > x->to)
        HIT(0);
}
static void r8525Q(struct rule_ctx *x)
{
    if ((CF->person.dob == DAY_NONE) == (CF->person.expected_dob == DAY_NONE))
        HIT(0);
}
static void r8530Q(struct rule_ctx *x) /* expected birth outside March..December of the year end */
{
    day_t d = CF->person.expected_dob;
    if (d != DAY_NONE && (d < date_from_ymd(x->year, 3, 1) || d > date_from_ymd(x->year, 12, 31)))
        HIT(0);
}
static void r8535Q(struct rule_ctx *x)
{
    const struct person *p = &CF->person;
    if (p->death_date != DAY_NONE && (p->dob == DAY_NONE || p->death_date < p->dob))
        HIT(0);
}
static void r8540(struct rule_ctx *x) /* disability missing or invalid */
{
    const char *list = CF->person.disabilities;
    if (blank(list)) {
        /* required of a born child with a referral that led to further action */
        bool further = false;
        for (size_t i = 0; i < VW->n_ep; i++)
            further |= EP(i)->referral_nfa == 0;
        if (CF->person.dob != DAY_NONE && further)
            HIT(0);
        return;
    }
    char it[16];
    while (next_code(&list, it, sizeof it))
        if (!codes_cin_valid("disabilitytype", it, x->year)) {
            HIT(0);
            return;
        }
}
static void r8545Q(struct rule_ctx *x)
{
    day_t d = CF->person.death_date;
    if (d != DAY_NONE && !in_window(x, d))
        HIT(0);
}
static void r8590(struct rule_ctx *x)
{
    if (VW->n_ep == 0)
        HIT(0);
}
static void r8750(struct rule_ctx *x)
{
    const char *s = CF->person.sex;
    if (unborn(&CF->person) && (blank(s) || strcmp(s, "U")))
        HIT(0);
}
static void r8772(struct rule_ctx *x)
{
    const char *u = CF->person.upn_unknown;
    if (blank(u) || strcmp(u, "UN7"))
        return;
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_nfa == 0) {
            HIT(0);
            return;
        }
}
static void r8790(struct rule_ctx *x)
{
    const char *d = CF->person.disabilities;
    if (has_code(d, "NONE") && count_codes(d) > 1)
        HIT(0);
}
static void r8794(struct rule_ctx *x)
{
    if (has_duplicate_code(CF->person.disabilities))
        HIT(0);
}

/* ---- CINdetails ---- */

static void r8555Q(struct rule_ctx *x)
{
    day_t death = CF->person.death_date;
    for (size_t i = 0; death != DAY_NONE && i < VW->n_ep; i++)
        if (EP(i)->referral_date > death)
            HIT(i + 1);
}
static void r8568(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_nfa != 0 && EP(i)->referral_nfa != 1)
            HIT(i + 1);
}
static void r8569Q(struct rule_ctx *x) /* NFA referral made before the working day before 1 April */
{
    day_t prior = x->from - 1;
    while (!date_is_working_day(prior))
        prior--;
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_nfa == 1 && EP(i)->referral_date < prior)
            HIT(i + 1);
}
static void r8585Q(struct rule_ctx *x) /* closed as died (RC2) with no date of death */
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (!blank(EP(i)->closure_reason) && !strcmp(EP(i)->closure_reason, "RC2") &&
            CF->person.death_date == DAY_NONE)
            HIT(i + 1);
}
static void r8600(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_date == DAY_NONE || EP(i)->referral_date > x->to)
            HIT(i + 1);
}
static void r8606(struct rule_ctx *x) /* referral more than 40 weeks before birth */
{
    day_t born = CF->person.dob != DAY_NONE ? CF->person.dob : CF->person.expected_dob;
    for (size_t i = 0; born != DAY_NONE && i < VW->n_ep; i++)
        if (EP(i)->referral_date != DAY_NONE && EP(i)->referral_date < born - 280)
            HIT(i + 1);
}
static void r8610(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_nfa == 0 && blank(EP(i)->primary_need))
            HIT(i + 1);
}
static void r8620(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date != DAY_NONE && !in_window(x, EP(i)->closure_date))
            HIT(i + 1);
}
static void r8630(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date != DAY_NONE && EP(i)->closure_date < EP(i)->referral_date)
            HIT(i + 1);
}
static void r8640(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (!blank(EP(i)->closure_reason) &&
            !codes_cin_valid("reasonforclosuretype", EP(i)->closure_reason, x->year))
            HIT(i + 1);
}
static void r8650(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (!blank(EP(i)->primary_need) &&
            !codes_cin_valid("primaryneedcodetype", EP(i)->primary_need, x->year))
            HIT(i + 1);
}
static void r8805(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date != DAY_NONE && blank(EP(i)->closure_reason))
            HIT(i + 1);
}
static void r8810(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date == DAY_NONE && !blank(EP(i)->closure_reason))
            HIT(i + 1);
}
static void r8815(struct rule_ctx *x) /* more than one open episode that is not NFA */
{
    size_t open = 0;
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date == DAY_NONE && EP(i)->referral_nfa != 1 && ++open == 2)
            HIT(i + 1);
}
static void r8816(struct rule_ctx *x) /* an open, non-NFA episode that is not the latest */
{
    for (size_t i = 0; i < VW->n_ep; i++) {
        if (EP(i)->closure_date != DAY_NONE || EP(i)->referral_nfa == 1)
            continue;
        for (size_t j = 0; j < VW->n_ep; j++)
            if (j != i && EP(j)->referral_date > EP(i)->referral_date) {
                HIT(i + 1);
                break;
            }
    }
}
/* An episode referred on or after another's referral and before that one closed (an open
 * episode lasts to the end of the year unless it is a referral with no further action).
 * One episode may close the day the next is referred. */
static void r8820(struct rule_ctx *x)
{
    for (size_t a = 0; a < VW->n_ep; a++)
        for (size_t b = 0; b < VW->n_ep; b++) {
            const struct cin_episode *A = EP(a), *B = EP(b);
            day_t end = B->closure_date != DAY_NONE ? B->closure_date
                        : B->referral_nfa != 1      ? NO_END
                                                    : DAY_NONE;
            if (a != b && A->referral_date >= B->referral_date && A->referral_date < end) {
                HIT(a + 1);
                break;
            }
        }
}
static size_t count_parts(const size_t *sel_ep, size_t n, size_t ep)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += sel_ep[i] == ep;
    return k;
}
static bool closed_after_assessment(const struct cin_episode *ep)
{
    return !blank(ep->closure_reason) &&
           (!strcmp(ep->closure_reason, "RC8") || !strcmp(ep->closure_reason, "RC9"));
}
static void r8825Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (closed_after_assessment(EP(i)) && count_parts(VW->as_ep, VW->n_as, i) == 0)
            HIT(i + 1);
}
static void r2990(struct rule_ctx *x) /* plans or enquiries on a case closed after assessment */
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (closed_after_assessment(EP(i)) &&
            (count_parts(VW->pl_ep, VW->n_pl, i) || count_parts(VW->sq_ep, VW->n_sq, i) ||
             count_parts(VW->cp_ep, VW->n_cp, i) || EP(i)->icpc_date != DAY_NONE))
            HIT(i + 1);
}
static void r2991Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (count_parts(VW->sq_ep, VW->n_sq, i) && !count_parts(VW->as_ep, VW->n_as, i))
            HIT(i + 1);
}
static void r8831(struct rule_ctx *x) /* assessment or enquiry on a referral with NFA */
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->referral_nfa == 1 &&
            (count_parts(VW->as_ep, VW->n_as, i) || count_parts(VW->sq_ep, VW->n_sq, i) ||
             EP(i)->icpc_date != DAY_NONE))
            HIT(i + 1);
}
static void r8866(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++)
        if (blank(EP(i)->referral_source) ||
            !codes_cin_valid("referralsourcetype", EP(i)->referral_source, x->year))
            HIT(i + 1);
}
static void r8867(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++) {
        if (EP(i)->closure_date == DAY_NONE)
            continue;
        for (size_t a = 0; a < VW->n_as; a++)
            if (VW->as_ep[a] == i && AS(a)->authorised == DAY_NONE) {
                HIT(i + 1);
                break;
            }
    }
}
static void r8868(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_ep; i++) {
        if (EP(i)->closure_date == DAY_NONE)
            continue;
        for (size_t q = 0; q < VW->n_sq; q++)
            if (VW->sq_ep[q] == i && SQ(q)->icpc_date == DAY_NONE && SQ(q)->icpc_not_required != 1) {
                HIT(i + 1);
                break;
            }
    }
}
/* An enquiry starting on or after another's start in the same episode, before that one's
 * conference (or at all, when it has none and one was not ruled unnecessary). */
static void r8890(struct rule_ctx *x)
{
    for (size_t e = 0; e < VW->n_ep; e++) {
        bool hit = false;
        for (size_t j = 0; !hit && j < VW->n_sq; j++)
            for (size_t i = 0; !hit && i < VW->n_sq; i++) {
                const struct s47_enquiry *b = SQ(i), *a = SQ(j);
                if (i == j || VW->sq_ep[i] != e || VW->sq_ep[j] != e)
                    continue;
                day_t end = b->icpc_date != DAY_NONE    ? b->icpc_date
                            : b->icpc_not_required != 1 ? NO_END
                                                        : DAY_NONE;
                hit = a->start != DAY_NONE && a->start >= b->start && a->start < end;
            }
        if (hit)
            HIT(e + 1);
    }
}

/* ---- Assessments ---- */

static day_t episode_referral(const struct rule_ctx *x, size_t ep) { return EP(ep)->referral_date; }

static void r1103(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->start != DAY_NONE && AS(i)->start < episode_referral(x, VW->as_ep[i]))
            HIT(i + 1);
}
static void r8608(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised != DAY_NONE && AS(i)->start > AS(i)->authorised)
            HIT(i + 1);
}
static void r8614(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised == DAY_NONE && !blank(AS(i)->factors))
            HIT(i + 1);
}
static void r8670Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised == DAY_NONE && AS(i)->start != DAY_NONE &&
            date_working_days(AS(i)->start, x->to) > 45)
            HIT(i + 1);
}
static void r8696(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised != DAY_NONE && !in_window(x, AS(i)->authorised))
            HIT(i + 1);
}
static void r8736(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised == DAY_NONE && !in_window(x, AS(i)->start))
            HIT(i + 1);
}
/* An assessment starting on or after another's start in the same episode, before that
 * one was authorised. */
static void r8863Q(struct rule_ctx *x)
{
    for (size_t j = 0; j < VW->n_as; j++)
        for (size_t i = 0; i < VW->n_as; i++)
            if (i != j && VW->as_ep[i] == VW->as_ep[j] && AS(j)->start != DAY_NONE &&
                AS(j)->start >= AS(i)->start && AS(j)->start < end_or_open(AS(i)->authorised)) {
                HIT(j + 1);
                break;
            }
}
static void r8869(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (has_code(AS(i)->factors, "21") && count_codes(AS(i)->factors) > 1)
            HIT(i + 1);
}
static void r8873Q(struct rule_ctx *x) /* the one assessment found no factors: close RC8/RC9 */
{
    for (size_t i = 0; i < VW->n_as; i++) {
        const struct cin_episode *ep = EP(VW->as_ep[i]);
        if (AS(i)->authorised != DAY_NONE && count_parts(VW->as_ep, VW->n_as, VW->as_ep[i]) == 1 &&
            has_code(AS(i)->factors, "21") &&
            !blank(ep->closure_reason) && !closed_after_assessment(ep))
            HIT(i + 1);
    }
}
static void r8896(struct rule_ctx *x) /* two or more open assessments in one episode */
{
    for (size_t e = 0; e < VW->n_ep; e++) {
        size_t open = 0;
        for (size_t i = 0; i < VW->n_as; i++)
            if (VW->as_ep[i] == e && AS(i)->authorised == DAY_NONE && ++open == 2)
                HIT(i + 1);
    }
}
static void r8897Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (AS(i)->authorised != DAY_NONE && blank(AS(i)->factors))
            HIT(i + 1);
}
static void r8898(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (has_duplicate_code(AS(i)->factors))
            HIT(i + 1);
}
static void r8945Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (has_code(AS(i)->factors, "18A"))
            HIT(i + 1);
}
static void r8950Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_as; i++)
        if (has_code(AS(i)->factors, "19A"))
            HIT(i + 1);
}

/* ---- CINplanDates ---- */

static void r4000(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (EP(VW->pl_ep[i])->referral_nfa == 1)
            HIT(i + 1);
}
static void r4004(struct rule_ctx *x)
{
    size_t open = 0;
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->end == DAY_NONE && ++open == 2)
            HIT(i + 1);
}
static void r4008(struct rule_ctx *x)
{
    day_t death = CF->person.death_date;
    for (size_t i = 0; death != DAY_NONE && i < VW->n_pl; i++)
        if (PL(i)->start > death)
            HIT(i + 1);
}
static void r4009Q(struct rule_ctx *x)
{
    day_t death = CF->person.death_date;
    for (size_t i = 0; death != DAY_NONE && i < VW->n_pl; i++)
        if (PL(i)->end == DAY_NONE || PL(i)->end > death)
            HIT(i + 1);
}
static void r4010(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->start == DAY_NONE || PL(i)->start > x->to)
            HIT(i + 1);
}
static void r4011(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->end != DAY_NONE && PL(i)->end < PL(i)->start)
            HIT(i + 1);
}
static void r4012Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->end != DAY_NONE && PL(i)->end == PL(i)->start)
            HIT(i + 1);
}
static void r4013(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->end != DAY_NONE && !in_window(x, PL(i)->end))
            HIT(i + 1);
}
/* A plan starting on or between another's start and end (open: the year's end); one plan
 * may start the day the other ended. */
static bool starts_within(day_t s, day_t start, day_t end)
{
    return s != DAY_NONE && s >= start && s <= end_or_open(end) && s != end;
}
static void r4014(struct rule_ctx *x)
{
    for (size_t j = 0; j < VW->n_pl; j++)
        for (size_t i = 0; i < VW->n_pl; i++)
            if (i != j && starts_within(PL(j)->start, PL(i)->start, PL(i)->end)) {
                HIT(j + 1);
                break;
            }
}
static void r4015(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_pl; i++)
        if (PL(i)->start != DAY_NONE && PL(i)->start < episode_referral(x, VW->pl_ep[i]))
            HIT(i + 1);
}
/* CIN plan and CP plan at once, three ways (same episode): */
static void r4001(struct rule_ctx *x) /* an open CIN plan beside an open CP plan */
{
    for (size_t i = 0; i < VW->n_pl; i++)
        for (size_t k = 0; k < VW->n_cp; k++)
            if (VW->cp_ep[k] == VW->pl_ep[i] && PL(i)->end == DAY_NONE && CP(k)->end == DAY_NONE) {
                HIT(i + 1);
                break;
            }
}
static void r4016(struct rule_ctx *x) /* the CIN plan starts inside a CP plan */
{
    for (size_t i = 0; i < VW->n_pl; i++)
        for (size_t k = 0; k < VW->n_cp; k++)
            if (VW->cp_ep[k] == VW->pl_ep[i] &&
                starts_within(PL(i)->start, CP(k)->start, CP(k)->end)) {
                HIT(i + 1);
                break;
            }
}
static void r4017(struct rule_ctx *x) /* a CP plan starts inside the CIN plan */
{
    for (size_t i = 0; i < VW->n_pl; i++)
        for (size_t k = 0; k < VW->n_cp; k++)
            if (VW->cp_ep[k] == VW->pl_ep[i] &&
                starts_within(CP(k)->start, PL(i)->start, PL(i)->end)) {
                HIT(i + 1);
                break;
            }
}

/* ---- Section47 ---- */

static day_t any_icpc(const struct rule_ctx *x, size_t q) { return SQ(q)->icpc_date; }

static void r1104(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (any_icpc(x, i) != DAY_NONE && any_icpc(x, i) < episode_referral(x, VW->sq_ep[i]))
            HIT(i + 1);
}
static void r2884(struct rule_ctx *x) /* conference at both the enquiry and the episode */
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_date != DAY_NONE && EP(VW->sq_ep[i])->icpc_date == SQ(i)->icpc_date)
            HIT(i + 1);
}
static void r2889(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->start != DAY_NONE && SQ(i)->start < episode_referral(x, VW->sq_ep[i]))
            HIT(i + 1);
}
static void r8615(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->start == DAY_NONE ||
            (SQ(i)->icpc_date != DAY_NONE && SQ(i)->start > SQ(i)->icpc_date))
            HIT(i + 1);
}
static void r8675Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_date == DAY_NONE && SQ(i)->icpc_not_required != 1 &&
            SQ(i)->start != DAY_NONE && date_working_days(SQ(i)->start, x->to) > 15)
            HIT(i + 1);
}
static void r8715(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_date != DAY_NONE && !in_window(x, SQ(i)->icpc_date))
            HIT(i + 1);
}
static void r8740(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_date == DAY_NONE && SQ(i)->icpc_not_required != 1 &&
            !in_window(x, SQ(i)->start))
            HIT(i + 1);
}
static void r8839(struct rule_ctx *x) /* two or more open enquiries in one episode */
{
    for (size_t e = 0; e < VW->n_ep; e++) {
        size_t open = 0;
        for (size_t i = 0; i < VW->n_sq; i++)
            if (VW->sq_ep[i] == e && SQ(i)->icpc_date == DAY_NONE && SQ(i)->icpc_not_required != 1 &&
                ++open == 2)
                HIT(i + 1);
    }
}
static void r8870Q(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_target != DAY_NONE && date_weekday(SQ(i)->icpc_target) >= 5)
            HIT(i + 1);
}
static void r8875(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_sq; i++)
        if (SQ(i)->icpc_date != DAY_NONE && date_weekday(SQ(i)->icpc_date) >= 5)
            HIT(i + 1);
}

/* ---- ChildProtectionPlans and Reviews ---- */

static void r1105(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->start != DAY_NONE && CP(i)->start < episode_referral(x, VW->cp_ep[i]))
            HIT(i + 1);
}
static void r8565(struct rule_ctx *x) /* activity after the episode closed */
{
    for (size_t e = 0; e < VW->n_ep; e++) {
        day_t closed = EP(e)->closure_date;
        if (closed == DAY_NONE)
            continue;
        bool after = EP(e)->icpc_date > closed;
        for (size_t i = 0; !after && i < VW->n_as; i++)
            after = VW->as_ep[i] == e && (AS(i)->start > closed || AS(i)->authorised > closed);
        for (size_t i = 0; !after && i < VW->n_sq; i++)
            after = VW->sq_ep[i] == e && (SQ(i)->start > closed || SQ(i)->icpc_date > closed);
        for (size_t i = 0; !after && i < VW->n_pl; i++)
            after = VW->pl_ep[i] == e && (PL(i)->start > closed || PL(i)->end > closed);
        for (size_t i = 0; !after && i < VW->n_cp; i++)
            after = VW->cp_ep[i] == e && CP(i)->end > closed;
        if (after)
            HIT(0);
    }
}
static void r8720(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->start == DAY_NONE || CP(i)->start > x->to)
            HIT(i + 1);
}
static void r8730(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->previous_plans < 0)
            HIT(i + 1);
}
static void r8832(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (EP(VW->cp_ep[i])->referral_nfa == 1)
            HIT(i + 1);
}
static void r8840(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->end != DAY_NONE && CP(i)->end == CP(i)->start)
            HIT(i + 1);
}
static void r8841(struct rule_ctx *x)
{
    for (size_t r = 0; r < VW->n_rv; r++)
        if (RV(r)->date != DAY_NONE && RV(r)->date <= CP(VW->rv_cp[r])->start)
            HIT(VW->rv_cp[r] + 1);
}
static void r8842Q(struct rule_ctx *x)
{
    for (size_t r = 0; r < VW->n_rv; r++)
        if (RV(r)->date == DAY_NONE)
            HIT(r + 1);
}
static void r4003(struct rule_ctx *x) /* a CP review held while a CIN plan is open */
{
    for (size_t r = 0; r < VW->n_rv; r++)
        for (size_t i = 0; i < VW->n_pl; i++)
            if (VW->pl_ep[i] == VW->cp_ep[VW->rv_cp[r]] && RV(r)->date != DAY_NONE &&
                RV(r)->date > PL(i)->start &&
                RV(r)->date < end_or_open(PL(i)->end)) {
                HIT(r + 1);
                break;
            }
}
static void r8905(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (blank(CP(i)->initial_category) ||
            !codes_cin_valid("categoryofabusetype", CP(i)->initial_category, x->year))
            HIT(i + 1);
}
static void r8910(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (blank(CP(i)->latest_category) ||
            !codes_cin_valid("categoryofabusetype", CP(i)->latest_category, x->year))
            HIT(i + 1);
}
static void r8915(struct rule_ctx *x)
{
    day_t death = CF->person.death_date;
    for (size_t i = 0; death != DAY_NONE && i < VW->n_cp; i++)
        if (CP(i)->start > death)
            HIT(i + 1);
}
static void r8920(struct rule_ctx *x)
{
    day_t death = CF->person.death_date;
    for (size_t i = 0; death != DAY_NONE && i < VW->n_cp; i++)
        if (CP(i)->end == DAY_NONE || CP(i)->end > death)
            HIT(i + 1);
}
static void r8925(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->end != DAY_NONE && CP(i)->end < CP(i)->start)
            HIT(i + 1);
}
static void r8930(struct rule_ctx *x)
{
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->end != DAY_NONE && !in_window(x, CP(i)->end))
            HIT(i + 1);
}
static void r8935(struct rule_ctx *x)
{
    size_t open = 0;
    for (size_t i = 0; i < VW->n_cp; i++)
        if (CP(i)->end == DAY_NONE && ++open == 2)
            HIT(i + 1);
}
/* A CP plan starting on or between another's start and end (open: the year's end). */
static void r8940(struct rule_ctx *x)
{
    for (size_t j = 0; j < VW->n_cp; j++)
        for (size_t i = 0; i < VW->n_cp; i++)
            if (i != j && CP(j)->start != DAY_NONE && CP(j)->start >= CP(i)->start &&
                CP(j)->start <= end_or_open(CP(i)->end)) {
                HIT(j + 1);
                break;
            }
}

/* ---- rules added with their tests ---- */

static void r2885(struct rule_ctx *x) /* a CP plan starting in the year with no conference that day */
{
    for (size_t k = 0; k < VW->n_cp; k++) {
        day_t d = CP(k)->start;
        if (!in_window(x, d))
            continue;
        size_t e = VW->cp_ep[k];
        bool conf = EP(e)->icpc_date == d;
        for (size_t q = 0; !conf && q < VW->n_sq; q++)
            conf = VW->sq_ep[q] == e && SQ(q)->icpc_date == d;
        if (!conf)
            HIT(k + 1);
    }
}
/* No UPN for a child of school age (6 or more at the end of the year) with a referral that
 * led to further action, and no reason given (or, from 2024-25, the reason UN1, which is
 * for children under 6). */
static void r8770Q(struct rule_ctx *x)
{
    const struct person *p = &CF->person;
    if (!blank(p->upn) || p->dob == DAY_NONE || date_age(p->dob, x->to) < 6)
        return;
    bool further = false;
    for (size_t i = 0; i < VW->n_ep; i++)
        further |= EP(i)->referral_nfa == 0;
    if (further && (blank(p->upn_unknown) || (x->year >= 2025 && !strcmp(p->upn_unknown, "UN1"))))
        HIT(0);
}
/* Over 25 at the end of the year with an episode open past the 25th birthday. */
static void r8775Q(struct rule_ctx *x)
{
    day_t dob = CF->person.dob;
    if (dob == DAY_NONE)
        return;
    day_t at25 = date_add_years(dob, 25);
    if (at25 >= x->to)
        return;
    for (size_t i = 0; i < VW->n_ep; i++)
        if (EP(i)->closure_date == DAY_NONE || EP(i)->closure_date > at25) {
            HIT(0);
            return;
        }
}

/* ---- rules over the whole return ----
 * These count across every child of the return: each child adds to the tally (cin_acc_child),
 * and the checks below run once at the end with x->c NULL. */

struct upn_of { const char *upn, *child; }; /* strings in the tally's arena */
struct cin_tally {
    struct arena mem;
    struct upn_of *upns;
    size_t n_upns, cap_upns;
    long children, no_sex;       /* 2886Q: born children without a known sex */
    long cpp_starts, icpcs;      /* 2883: in the year */
    char codes[32][8];           /* 2887Q: disability codes other than NONE seen */
    size_t n_codes;
    bool several;                /* 2888Q: some child has two or more disability codes */
};
#define TALLY ((struct cin_tally *)x->acc)

static void *cin_tally_new(void)
{
    return xcalloc(1, sizeof(struct cin_tally));
}
static void cin_tally_free(void *acc)
{
    struct cin_tally *t = acc;
    arena_free(&t->mem);
    free(t->upns);
    free(t);
}
static void cin_tally_child(struct rule_ctx *x)
{
    struct cin_tally *t = TALLY;
    const struct person *p = &CF->person;
    t->children++;
    if (!unborn(p) && (blank(p->sex) || !strcmp(p->sex, "U")))
        t->no_sex++;
    if (!blank(p->upn)) {
        if (t->n_upns == t->cap_upns)
            t->upns = xrealloc(t->upns, (t->cap_upns = t->cap_upns ? 2 * t->cap_upns : 256) *
                                            sizeof *t->upns);
        t->upns[t->n_upns++] = (struct upn_of){arena_strdup(&t->mem, p->upn),
                                               arena_strdup(&t->mem, p->la_child_id ? p->la_child_id : "")};
    }
    char it[16];
    int n = 0;
    for (const char *l = p->disabilities ? p->disabilities : ""; next_code(&l, it, sizeof it);) {
        if (!strcmp(it, "NONE") || strlen(it) >= sizeof t->codes[0])
            continue;
        n++;
        size_t k = 0;
        while (k < t->n_codes && strcmp(t->codes[k], it))
            k++;
        if (k == t->n_codes && k < sizeof t->codes / sizeof t->codes[0])
            strcpy(t->codes[t->n_codes++], it);
    }
    t->several |= n > 1;
    for (size_t k = 0; k < VW->n_cp; k++)
        t->cpp_starts += in_window(x, CP(k)->start);
    for (size_t e = 0; e < VW->n_ep; e++)
        t->icpcs += in_window(x, EP(e)->icpc_date);
    for (size_t q = 0; q < VW->n_sq; q++)
        t->icpcs += in_window(x, SQ(q)->icpc_date);
}

static int cmp_upn(const void *a, const void *b)
{
    const struct upn_of *p = a, *q = b;
    int c = strcmp(p->upn, q->upn);
    return c ? c : strcmp(p->child, q->child);
}
static void r1520(struct rule_ctx *x) /* the same UPN on more than one child */
{
    struct cin_tally *t = TALLY;
    if (t->n_upns) /* qsort of NULL, even of none, is undefined */
        qsort(t->upns, t->n_upns, sizeof *t->upns, cmp_upn);
    for (size_t i = 0; i < t->n_upns; i++)
        if ((i > 0 && !strcmp(t->upns[i].upn, t->upns[i - 1].upn)) ||
            (i + 1 < t->n_upns && !strcmp(t->upns[i].upn, t->upns[i + 1].upn)))
            rule_hit_child(x, t->upns[i].child, 0);
}
static void r2883(struct rule_ctx *x)
{
    if (TALLY->cpp_starts > TALLY->icpcs)
        rule_hit_child(x, "", 0);
}
static void r2886Q(struct rule_ctx *x) /* more than 2% */
{
    if (TALLY->no_sex * 50 > TALLY->children)
        rule_hit_child(x, "", 0);
}
static void r2887Q(struct rule_ctx *x)
{
    if (TALLY->children > 0 && TALLY->n_codes < 8)
        rule_hit_child(x, "", 0);
}
static void r2888Q(struct rule_ctx *x)
{
    if (TALLY->children > 0 && !TALLY->several)
        rule_hit_child(x, "", 0);
}

#define R(code) {#code, r##code}
static const struct rule_impl cin_impls[] = {
    R(1103), R(1104), R(1105), R(1510), R(1530), R(1540), R(1550), R(1560Q), R(1570), R(1580),
    R(2884), R(2889), R(2990), R(2991Q),
    R(4000), R(4001), R(4003), R(4004), R(4008), R(4009Q), R(4010), R(4011), R(4012Q),
    R(4013), R(4014), R(4015), R(4016), R(4017), R(4180), R(4220),
    R(8500), R(8520), R(8525Q), R(8530Q), R(8535Q), R(8540), R(8545Q), R(8555Q), R(8565),
    R(8568), R(8569Q), R(8585Q), R(8590), R(8600), R(8606), R(8608), R(8610), R(8614),
    R(8615), R(8620), R(8630), R(8640), R(8650), R(8670Q), R(8675Q), R(8696), R(8715),
    R(8720), R(8730), R(8736), R(8740), R(8750), R(8772), R(8790), R(8794), R(8805),
    R(8810), R(8815), R(8816), R(8820), R(8825Q), R(8831), R(8832), R(8839), R(8840),
    R(8841), R(8842Q), R(8863Q), R(8866), R(8867), R(8868), R(8869), R(8870Q), R(8873Q),
    R(8875), R(8890), R(8896), R(8897Q), R(8898), R(8905), R(8910), R(8915), R(8920),
    R(8925), R(8930), R(8935), R(8940), R(8945Q), R(8950Q),
    R(2885), R(8770Q), R(8775Q),
};
static const struct rule_impl cin_return_impls[] = {
    R(1520), R(2883), R(2886Q), R(2887Q), R(2888Q),
};
#undef R

/* Catalogue rules not checked, and why (docs/rules-coverage.md prints these). */
static const struct rule_gap cin_gaps[] = {
    {"100", "not a check on the stored records: the Header's ReferenceDate belongs to the file. "
            "`hearth validate FILE` names a ReferenceDate that is not the collection year's "
            "31 March under rule 100"},
    {"8510", "not a check on the stored records: hearth keeps one record per LAchildID, so a "
             "second `Child` with the same LAchildID would merge into the first. `hearth "
             "validate FILE` refuses such a file instead, naming both lines and rule 8510"},
};

const struct rule_set cin_rule_set = {
    .ret = RULES_CIN,
    .impls = cin_impls,
    .n = sizeof cin_impls / sizeof cin_impls[0],
    .prepare = cin_prepare,
    .release = cin_release,
    .return_impls = cin_return_impls,
    .n_return = sizeof cin_return_impls / sizeof cin_return_impls[0],
    .tally_new = cin_tally_new,
    .tally_child = cin_tally_child,
    .tally_free = cin_tally_free,
    .gaps = cin_gaps,
    .n_gaps = sizeof cin_gaps / sizeof cin_gaps[0],
};
