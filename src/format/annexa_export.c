/* annexa_export: Ofsted's Annex A lists 1-11 for a period, written from the store as one
 * workbook with a sheet per list, Ofsted's headings (annexa_columns) and its lettered
 * groups in place of the DfE codes hearth keeps (the groups as in
 * data/standards/annex-a/schema.yml). Owns who is on each list and how each column is
 * worked out from a child's records. A column hearth keeps nothing for (allocated team
 * and worker, visits, health checks, adopters) is left blank rather than guessed. The
 * workbook's created time is the period's last day, so the same records give the same
 * bytes. It never writes to the store. */
#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xlsx.h"

#include "../util/buf.h"
#include "annexa.h"
#include "export_util.h"
#include "import.h"

/* ---- DfE codes to Annex A groups --------------------------------------------------------- */

static const char *gender_of(const char *sex)
{
    if (sex && !strcmp(sex, "M"))
        return "a) Male";
    if (sex && !strcmp(sex, "F"))
        return "b) Female";
    return "c) Not stated/recorded";
}

/* CIN census ethnicity codes by their first letter (schema.yml lists the codes under each
 * group the same way): W white, M mixed, A Asian, B black, C and O other, REFU and NOBT
 * not stated. */
static const char *ethnicity_of(const char *e)
{
    if (!e || !*e || !strcmp(e, "REFU") || !strcmp(e, "NOBT"))
        return "f) Not stated";
    switch (e[0]) {
    case 'W': return "a) White";
    case 'M': return "b) Mixed";
    case 'A': return "c) Asian or Asian British";
    case 'B': return "d) Black or black British";
    case 'C':
    case 'O': return "e) Other ethnic group";
    default: return "f) Not stated";
    }
}

/* CIN ReferralSource codes to the contact and referral source groups. */
static const char *source_of(const char *s)
{
    if (!s || !*s)
        return NULL;
    if (!strcmp(s, "10"))
        return "k) Unknown";
    if (!strcmp(s, "2A"))
        return "b) Schools";
    if (!strcmp(s, "2B"))
        return "c) Education services";
    switch (s[0]) {
    case '1': return "a) Individual";
    case '3': return "d) Health services";
    case '4': return "e) Housing";
    case '5': return "f) LA services";
    case '6': return "g) Police";
    case '7': return "h) Other legal agency";
    case '8': return "i) Other";
    case '9': return "j) Anonymous";
    default: return NULL;
    }
}

static const char *need_of(const char *n)
{
    static const char *const g[] = {"j) Not stated", "a) Abuse or neglect", "b) Child's disability",
                                    "c) Parents illness or disability", "d) Family in acute stress",
                                    "e) Family dysfunction", "f) Socially unacceptable behaviour",
                                    "g) Low income", "h) Absent parenting", "i) Not CIN"};
    if (!n || n[0] != 'N' || n[1] < '0' || n[1] > '9' || n[2])
        return NULL;
    return g[n[1] - '0'];
}

static const char *closure_of(const char *r)
{
    static const char *const g[] = {NULL,
                                    "a) Adopted",
                                    "b) Died",
                                    "c) Residence Order",
                                    "d) Special Guardianship Order",
                                    "e) Transfer to another LA",
                                    "f) Transfer to Adult Social Services",
                                    "g) 'Other' incl. Child no longer in need",
                                    "h) Child not in need after assessment",
                                    "h) Child not in need after assessment"};
    if (!r || strncmp(r, "RC", 2) || r[2] < '1' || r[2] > '9' || r[3])
        return NULL;
    return g[r[2] - '0'];
}

static const char *abuse_of(const char *c)
{
    if (!c)
        return NULL;
    if (!strcmp(c, "NEG"))
        return "a) Neglect";
    if (!strcmp(c, "PHY"))
        return "b) Physical Abuse";
    if (!strcmp(c, "SAB"))
        return "c) Sexual Abuse";
    if (!strcmp(c, "EMO"))
        return "d) Emotional Abuse";
    if (!strcmp(c, "MUL"))
        return "e) Multiple";
    return NULL;
}

struct pair {
    const char *code, *group;
};

static const char *lookup(const struct pair *t, const char *code)
{
    for (; code && t->code; t++)
        if (!strcmp(t->code, code))
            return t->group;
    return NULL;
}

static const struct pair legal_status[] = {
    {"C1", "a) Interim care orders"}, {"C2", "b) Full care orders"},
    {"D1", "c) Freed for  Adoption"}, {"E1", "d) Placement order granted"},
    {"V2", "e) Accommodated under S20"},
    {"L1", "f) Detained on child protection grounds in LA accommodation"},
    {"L2", "f) Detained on child protection grounds in LA accommodation"},
    {"L3", "f) Detained on child protection grounds in LA accommodation"},
    {"J1", "g) Youth justice legal Statuses"}, {"J2", "g) Youth justice legal Statuses"},
    {"J3", "g) Youth justice legal Statuses"}, {NULL, NULL}};

static const struct pair placement_type[] = {
    {"U1", "a) Foster placement"}, {"U2", "a) Foster placement"}, {"U3", "a) Foster placement"},
    {"U4", "a) Foster placement"}, {"U5", "a) Foster placement"}, {"U6", "a) Foster placement"},
    {"Q1", "a) Foster placement"}, {"Q2", "a) Foster placement"},
    {"A3", "b) Placed for adoption"}, {"A4", "b) Placed for adoption"},
    {"A5", "b) Placed for adoption"}, {"A6", "b) Placed for adoption"},
    {"P1", "c) Placed with parents"}, {"P2", "d) Independent living"},
    {"P3", "e) Residential employment"}, {"H5", "f) Residential accommodation"},
    {"K3", "f) Residential accommodation"}, {"K1", "g) Secure Children’s Homes"},
    {"K2", "h) Children’s Homes"}, {"R1", "i) Residential Care Home"},
    {"R2", "j) NHS/Health Trust"}, {"R3", "k) Family Centre or Mother and Baby Unit"},
    {"R5", "l) Young Offender Institution"}, {"S1", "m) Residential school"},
    {"Z1", "n) Other placements"}, {"Z11", "n) Other placements"}, {"Z12", "n) Other placements"},
    {"Z13", "n) Other placements"}, {"Z14", "n) Other placements"},
    {"T0", "o) Temporary placement"}, {"T1", "o) Temporary placement"},
    {"T2", "o) Temporary placement"}, {"T3", "o) Temporary placement"},
    {"T4", "o) Temporary placement"}, {NULL, NULL}};

static const struct pair provider[] = {
    {"PR1", "a) Own LA"}, {"PR4", "b) Private"}, {"PR0", "c) Other"}, {"PR2", "c) Other"},
    {"PR3", "c) Other"}, {"PR5", "c) Other"}, {NULL, NULL}};

static const struct pair reason_ceased[] = {
    {"E11", "a) Adopted"}, {"E12", "a) Adopted"}, {"E2", "b) Died"},
    {"E3", "c) Care taken by another LA"},
    {"E4A", "d) Returned home to live with parents or relatives"},
    {"E4B", "d) Returned home to live with parents or relatives"},
    {"E13", "e) Left care to live with parents, relatives or other person with no parental "
            "responsibility"},
    {"E17", "e) Left care to live with parents, relatives or other person with no parental "
            "responsibility"},
    {"E41", "f) Residence order granted"}, {"E43", "g) Special Guardianship Orders"},
    {"E44", "g) Special Guardianship Orders"}, {"E45", "g) Special Guardianship Orders"},
    {"E46", "g) Special Guardianship Orders"}, {"E47", "g) Special Guardianship Orders"},
    {"E48", "g) Special Guardianship Orders"}, {"E5", "h) Moved into independent living"},
    {"E6", "h) Moved into independent living"},
    {"E7", "i) Transferred to residential care funded by adult social services"},
    {"E9", "j) Sentenced to custody"}, {"E14", "k) Accommodation on remand ended"},
    {"E15", "l) Age assessment determined child was 18 or over"},
    {"E16", "m) Child moved abroad"}, {"E8", "n) Care ceased for any other reason"},
    {NULL, NULL}};

static const struct pair in_touch[] = {
    {"YES", "a) In touch"}, {"NO", "b) Not in touch"}, {"NREQ", "b) Not in touch"},
    {"REFU", "b) Not in touch"}, {"DIED", "d) Exclude"}, {"RHOM", "d) Exclude"}, {NULL, NULL}};

static const struct pair activity[] = {
    {"F1", "F1: Full time in higher education"},
    {"P1", "P1: Part time in higher education"},
    {"F2", "F2: Full time in education other than higher"},
    {"P2", "P2: Part time in education other than higher"},
    {"F3", "F3: Full time in training or employment"},
    {"P3", "P3: Part time in training or employment"},
    {"F4", "F4: Young person engaged full time in an apprenticeship"},
    {"P4", "P4: Young person engaged part time in an apprenticeship"},
    {"F5", "F5: Young person engaged full time in training or employment (not apprenticeship)"},
    {"P5", "P5: Young person engaged part time in training or employment (not apprenticeship)"},
    {"G4", "G4: Not in education, employment or training - illness or disability"},
    {"G5", "G5: Not in education, employment or training - other"},
    {"G6", "G6: Not in education, employment or training - pregnancy or parenting"},
    {NULL, NULL}};

/* OC3 ACCOM: a letter for the kind of accommodation, 1 suitable or 2 not. */
static const char *accommodation_of(const char *a)
{
    static const struct pair kinds[] = {
        {"B", "a) With parents or relatives"}, {"C", "b) Community home"},
        {"D", "c) Semi-independent transitional accommodation"}, {"E", "d) Supported lodgings"},
        {"G", "e) Gone abroad"}, {"H", "f) Deported"}, {"K", "g) Ordinary lodgings"},
        {"R", "h) Residence not known"}, {"S", "i) No fixed abode / homeless"},
        {"T", "j) Foyers"}, {"U", "k) Independent living"}, {"V", "l) Emergency accommodation"},
        {"W", "m) Bed and breakfast"}, {"X", "n) In custody"},
        {"Z", "o) With Former Foster Carer"}, {"Y", "p) Other accommodation"}, {NULL, NULL}};
    if (!a || !a[0])
        return NULL;
    char k[2] = {a[0], 0};
    return lookup(kinds, k);
}

static const char *suitability_of(const char *a)
{
    if (!a || !a[0] || !a[1])
        return NULL;
    return a[1] == '1' ? "a) Suitable" : a[1] == '2' ? "b) Not suitable" : NULL;
}

static const char *yes_no(int v)
{
    return v == 1 ? "True" : v == 0 ? "False" : NULL;
}

/* ---- rows ---------------------------------------------------------------------------- */

#define MAXA 40

enum akind { K_NONE, K_STR, K_DATE, K_NUM };

struct arow {
    const char *const *cols;
    int n;
    enum akind kind[MAXA];
    const char *s[MAXA];
    day_t d[MAXA];
    long num[MAXA];
};

struct sheet {
    lxw_worksheet *ws;
    const char *const *cols;
    int rows;
};

struct ax {
    lxw_workbook *wb;
    lxw_format *date_fmt, *head_fmt;
    struct sheet sh[12];
    day_t from, to;
    const struct child_file *c;
    bool failed;
};

static int acol(const struct arow *r, const char *name)
{
    for (int k = 0; k < r->n; k++)
        if (!strcmp(r->cols[k], name))
            return k;
    return -1;
}

static void set_s(struct arow *r, const char *name, const char *v)
{
    int k = acol(r, name);
    if (k >= 0 && v && *v) {
        r->kind[k] = K_STR;
        r->s[k] = v;
    }
}

static void set_d(struct arow *r, const char *name, day_t d)
{
    int k = acol(r, name);
    if (k >= 0 && d != DAY_NONE) {
        r->kind[k] = K_DATE;
        r->d[k] = d;
    }
}

static void set_n(struct arow *r, const char *name, long v)
{
    int k = acol(r, name);
    if (k >= 0 && v >= 0) {
        r->kind[k] = K_NUM;
        r->num[k] = v;
    }
}

static void row_begin(struct ax *x, struct arow *r, int list)
{
    memset(r, 0, sizeof *r);
    r->cols = x->sh[list].cols;
    while (r->cols[r->n])
        r->n++;
}

/* The columns every list of children opens with; ages at `on`. */
static void child_cols(struct ax *x, struct arow *r, day_t on)
{
    const struct person *p = &x->c->person;
    set_s(r, "Child Unique ID", p->la_child_id);
    set_s(r, "Gender", gender_of(p->sex));
    set_s(r, "Ethnicity", ethnicity_of(p->ethnicity));
    set_d(r, "Date of Birth", p->dob);
    if (p->dob != DAY_NONE && on != DAY_NONE && p->dob <= on)
        set_n(r, "Age of Child (Years)", date_age(p->dob, on));
    const char *dis = p->disabilities;
    set_s(r, "Does the Child have a Disability",
          !dis || !*dis ? "Unknown" : !strcmp(dis, "NONE") ? "False" : "True");
}

static void row_write(struct ax *x, int list, const struct arow *r)
{
    struct sheet *sh = &x->sh[list];
    lxw_row_t row = (lxw_row_t)++sh->rows;
    for (int k = 0; k < r->n; k++) {
        lxw_col_t col = (lxw_col_t)k;
        lxw_error err = LXW_NO_ERROR;
        switch (r->kind[k]) {
        case K_STR: err = worksheet_write_string(sh->ws, row, col, r->s[k], NULL); break;
        case K_NUM: err = worksheet_write_number(sh->ws, row, col, (double)r->num[k], NULL); break;
        case K_DATE: {
            int y, m, d;
            date_to_ymd(r->d[k], &y, &m, &d);
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            err = worksheet_write_datetime(sh->ws, row, col, &dt, x->date_fmt);
            break;
        }
        case K_NONE: break;
        }
        if (err != LXW_NO_ERROR)
            x->failed = true;
    }
}

static day_t by_to(const struct ax *x, day_t d)
{
    return d != DAY_NONE && d <= x->to ? d : DAY_NONE;
}

static bool in_period(const struct ax *x, day_t d)
{
    return d != DAY_NONE && d >= x->from && d <= x->to;
}

/* 12 months back from d, as Annex A's "in the last 12 months" counts. */
static day_t year_before(day_t d)
{
    return date_add_months(d, -12) + 1;
}

/* ---- the lists ------------------------------------------------------------------------- */

static void list1(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_contacts; i++) {
        const struct contact *k = &c->contacts[i];
        if (!in_period(x, k->date))
            continue;
        struct arow r;
        row_begin(x, &r, 1);
        child_cols(x, &r, k->date);
        set_d(&r, "Date of Contact", k->date);
        set_s(&r, "Contact Source", source_of(k->source));
        row_write(x, 1, &r);
    }
}

static void list2(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_early_helps; i++) {
        const struct early_help *h = &c->early_helps[i];
        if (!export_open_in(h->start, h->end, x->from, x->to))
            continue;
        struct arow r;
        row_begin(x, &r, 2);
        child_cols(x, &r, h->start);
        set_d(&r, "Assessment start date", h->start);
        set_d(&r, "Assessment completion date", by_to(x, h->end));
        set_s(&r, "Organisation completing assessment", h->organisation);
        row_write(x, 2, &r);
    }
}

static void list3(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *ep = &c->episodes[i];
        if (!in_period(x, ep->referral_date))
            continue;
        long n12 = 0;
        for (size_t j = 0; j < c->n_episodes; j++)
            n12 += c->episodes[j].referral_date >= year_before(ep->referral_date) &&
                   c->episodes[j].referral_date <= ep->referral_date;
        struct arow r;
        row_begin(x, &r, 3);
        child_cols(x, &r, ep->referral_date);
        set_d(&r, "Date of referral", ep->referral_date);
        set_s(&r, "Referral Source", source_of(ep->referral_source));
        set_s(&r, "Referral NFA?", yes_no(ep->referral_nfa));
        set_n(&r, "Number of Referrals in Last 12 Months", n12);
        row_write(x, 3, &r);
    }
}

static void list4(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_assessments; i++) {
        const struct assessment *a = &c->assessments[i];
        if (!export_open_in(a->start, a->authorised, x->from, x->to))
            continue;
        struct arow r;
        row_begin(x, &r, 4);
        child_cols(x, &r, a->start);
        set_d(&r, "Continuous Assessment Start Date", a->start);
        set_d(&r, "Continuous Assessment Date of Authorisation", by_to(x, a->authorised));
        row_write(x, 4, &r);
    }
}

static void list5(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_s47s; i++) {
        const struct s47_enquiry *q = &c->s47s[i];
        if (!in_period(x, q->start))
            continue;
        long n47 = 0, nicpc = 0;
        for (size_t j = 0; j < c->n_s47s; j++) {
            const struct s47_enquiry *o = &c->s47s[j];
            n47 += o->start >= year_before(q->start) && o->start <= q->start;
            nicpc += o->icpc_date != DAY_NONE && o->icpc_date >= year_before(q->start) &&
                     o->icpc_date <= q->start;
        }
        day_t icpc = by_to(x, q->icpc_date);
        const char *plan = NULL;
        if (icpc != DAY_NONE) {
            plan = "False";
            for (size_t j = 0; j < c->n_cp_plans; j++)
                if (c->cp_plans[j].episode == q->episode && c->cp_plans[j].start == icpc)
                    plan = "True";
        }
        struct arow r;
        row_begin(x, &r, 5);
        child_cols(x, &r, q->start);
        set_d(&r, "Strategy discussion initiating Section 47 Enquiry Start Date", q->start);
        set_s(&r, "Was an Initial Child Protection Conference deemed unnecessary?",
              yes_no(q->icpc_not_required));
        set_d(&r, "Date of Initial Child Protection Conference", icpc);
        set_s(&r, "Did the Initial Child Protection Conference Result in a Child Protection Plan",
              plan);
        set_n(&r, "Number of Section 47 Enquiries in the last 12 months", n47);
        set_n(&r, "Number of ICPCs in the last 12 months", nicpc);
        row_write(x, 5, &r);
    }
}

static bool open_on(day_t start, day_t end, day_t d)
{
    return start != DAY_NONE && start <= d && (end == DAY_NONE || end >= d);
}

static void list6(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *ep = &c->episodes[i];
        if (!export_open_in(ep->referral_date, ep->closure_date, x->from, x->to))
            continue;
        rec_id eid = c->episodes_id[i];
        day_t closed = by_to(x, ep->closure_date);
        /* the child's status at the end of the period, the highest level first */
        const char *status = NULL;
        if (closed != DAY_NONE) {
            status = "e) Closed episode";
        } else {
            bool la = false, cp = false, cinp = false, asmt = false;
            for (size_t j = 0; j < c->n_la_episodes; j++)
                la |= open_on(c->la_episodes[j].decom, c->la_episodes[j].dec, x->to);
            for (size_t j = 0; j < c->n_cp_plans; j++)
                cp |= c->cp_plans[j].episode == eid &&
                      open_on(c->cp_plans[j].start, c->cp_plans[j].end, x->to);
            for (size_t j = 0; j < c->n_cin_plans; j++)
                cinp |= c->cin_plans[j].episode == eid &&
                        open_on(c->cin_plans[j].start, c->cin_plans[j].end, x->to);
            for (size_t j = 0; j < c->n_assessments; j++)
                asmt |= c->assessments[j].episode == eid &&
                        open_on(c->assessments[j].start, c->assessments[j].authorised, x->to);
            status = la ? "a) Looked after child" : cp ? "b) Child Protection plan"
                   : cinp ? "c) Child in need plan" : asmt ? "d) Open assessment" : NULL;
        }
        struct arow r;
        row_begin(x, &r, 6);
        child_cols(x, &r, ep->referral_date);
        set_d(&r, "CIN Start Date", ep->referral_date);
        set_s(&r, "Primary Need Code", need_of(ep->primary_need));
        set_d(&r, "CIN Closure Date", closed);
        if (closed != DAY_NONE)
            set_s(&r, "Reason for Closure", closure_of(ep->closure_reason));
        set_s(&r, "Case Status", status);
        row_write(x, 6, &r);
    }
}

static void list7(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_cp_plans; i++) {
        const struct cp_plan *p = &c->cp_plans[i];
        if (!export_open_in(p->start, p->end, x->from, x->to))
            continue;
        day_t review = DAY_NONE;
        for (size_t j = 0; j < c->n_cp_reviews; j++)
            if (c->cp_reviews[j].plan == c->cp_plans_id[i] && c->cp_reviews[j].date <= x->to &&
                c->cp_reviews[j].date > review)
                review = c->cp_reviews[j].date;
        struct arow r;
        row_begin(x, &r, 7);
        child_cols(x, &r, p->start);
        set_d(&r, "Child Protection Plan Start Date", p->start);
        set_s(&r, "Initial Category of Abuse", abuse_of(p->initial_category));
        set_s(&r, "Latest Category of Abuse", abuse_of(p->latest_category));
        set_d(&r, "Date of latest review conference", review);
        set_d(&r, "Child Protection Plan End Date", by_to(x, p->end));
        set_n(&r, "Number of Previous Child Protection Plans", p->previous_plans);
        row_write(x, 7, &r);
    }
}

/* Index of the episode that began the period of care holding episode i: episodes join
 * while each starts the day the one before it ended. */
static size_t care_start(const struct child_file *c, size_t i)
{
    while (i > 0 && c->la_episodes[i - 1].dec == c->la_episodes[i].decom &&
           !(c->la_episodes[i].rne && !strcmp(c->la_episodes[i].rne, "S")))
        i--;
    return i;
}

static bool uasc_in(const struct ax *x, day_t from)
{
    for (size_t i = 0; i < x->c->n_uascs; i++)
        if (x->c->uascs[i].duc == DAY_NONE || x->c->uascs[i].duc >= from)
            return true;
    return false;
}

static void list8(struct ax *x)
{
    const struct child_file *c = x->c;
    /* one row per child: the latest episode open in the period */
    size_t last = SIZE_MAX;
    for (size_t i = 0; i < c->n_la_episodes; i++)
        if (export_open_in(c->la_episodes[i].decom, c->la_episodes[i].dec, x->from, x->to))
            last = i;
    if (last == SIZE_MAX)
        return;
    const struct la_episode *ep = &c->la_episodes[last];
    size_t first = care_start(c, last);
    day_t started = c->la_episodes[first].decom, back = year_before(x->to);
    /* another period of care that ended in the 12 months before this one began */
    bool again = false;
    for (size_t i = 0; i < first; i++)
        again |= c->la_episodes[i].dec != DAY_NONE && c->la_episodes[i].dec >= year_before(started);
    size_t ls = last, pl = last;
    while (ls > first && c->la_episodes[ls - 1].ls && ep->ls && !strcmp(c->la_episodes[ls - 1].ls, ep->ls))
        ls--;
    /* a change of legal status alone (RNE L) is not a new placement */
    while (pl > first && c->la_episodes[pl].rne && !strcmp(c->la_episodes[pl].rne, "L"))
        pl--;
    long placements = 0, missing = 0, absent = 0;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        if (export_open_in(e->decom, e->dec, back, x->to) &&
            !(e->rne && !strcmp(e->rne, "L") && e->decom >= back))
            placements++;
    }
    for (size_t i = 0; i < c->n_missing; i++) {
        const struct missing_episode *m = &c->missing[i];
        if (m->start < back || m->start > x->to || !m->kind)
            continue;
        missing += !strcmp(m->kind, "M");
        absent += !strcmp(m->kind, "A");
    }
    day_t review = DAY_NONE;
    for (size_t i = 0; i < c->n_la_reviews; i++)
        if (c->la_reviews[i].date <= x->to && c->la_reviews[i].date > review)
            review = c->la_reviews[i].date;
    day_t ceased = by_to(x, ep->dec);
    if (ceased != DAY_NONE && ep->rec && !strcmp(ep->rec, "X1"))
        ceased = DAY_NONE; /* X1: the episode ended but the period of care did not */

    struct arow r;
    row_begin(x, &r, 8);
    child_cols(x, &r, x->to);
    set_s(&r, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
          uasc_in(x, back) ? "True" : "False");
    set_d(&r, "Date Started to be Looked After", started);
    set_s(&r, "Child's Category of Need", need_of(ep->cin));
    set_s(&r,
          "Is this a second or subsequent period of being a Looked After Child within the last "
          "12 months (Y/N)",
          again ? "True" : "False");
    set_d(&r, "Start date of current legal status", c->la_episodes[ls].decom);
    set_s(&r, "Child's Legal Status", lookup(legal_status, ep->ls));
    set_d(&r, "Date of Latest Statutory Review", review);
    set_n(&r, "Number of Placements in the Last 12 months", placements);
    set_d(&r, "Date Ceased to be Looked After", ceased);
    if (ceased != DAY_NONE)
        set_s(&r, "Reason Ceased to be Looked After", lookup(reason_ceased, ep->rec));
    set_d(&r, "Start Date of Most Recent Placement", c->la_episodes[pl].decom);
    set_s(&r, "Placement Type", lookup(placement_type, ep->place));
    set_s(&r, "Placement Provider", lookup(provider, ep->place_provider));
    set_s(&r, "Placement postcode", ep->pl_post);
    set_s(&r, "URN of Placement", ep->urn);
    set_n(&r,
          "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
          "months",
          missing);
    set_n(&r,
          "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 "
          "months",
          absent);
    row_write(x, 8, &r);
}

static void list9(struct ax *x)
{
    const struct child_file *c = x->c;
    /* the care leaver's latest OC3 row of a collection year ending by the period's end
     * and no more than a year before it */
    int to_year = date_year_to_march(x->to);
    const struct care_leaver *cl = NULL;
    for (size_t i = 0; i < c->n_care_leavers; i++)
        if (c->care_leavers[i].year <= to_year && c->care_leavers[i].year >= to_year - 1)
            cl = &c->care_leavers[i];
    if (!cl)
        return;
    struct arow r;
    row_begin(x, &r, 9);
    child_cols(x, &r, x->to);
    set_s(&r, "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
          x->c->n_uascs ? "True" : "False");
    set_s(&r, "LA in Touch", lookup(in_touch, cl->in_touch));
    set_s(&r, "Type of Accommodation", accommodation_of(cl->accom));
    set_s(&r, "Suitability of Accommodation", suitability_of(cl->accom));
    set_s(&r, "Activity Status", lookup(activity, cl->activ));
    row_write(x, 9, &r);
}

static void list10(struct ax *x)
{
    const struct child_file *c = x->c;
    for (size_t i = 0; i < c->n_placed_adoptions; i++) {
        const struct placed_adoption *a = &c->placed_adoptions[i];
        if (!export_open_in(a->date_placed, a->date_placed_ceased, x->from, x->to))
            continue;
        /* the period of care the decision was made in, and what followed in it */
        day_t entered = DAY_NONE, order = DAY_NONE, placed = DAY_NONE, adopted = DAY_NONE;
        for (size_t j = 0; j < c->n_la_episodes; j++) {
            const struct la_episode *e = &c->la_episodes[j];
            if (!open_on(e->decom, e->dec, a->date_placed))
                continue;
            size_t k0 = care_start(c, j);
            entered = c->la_episodes[k0].decom;
            for (size_t k = k0; k < c->n_la_episodes && (k == k0 || care_start(c, k) == k0); k++) {
                const struct la_episode *f = &c->la_episodes[k];
                if (f->decom > x->to)
                    break;
                if (order == DAY_NONE && f->ls && !strcmp(f->ls, "E1"))
                    order = f->decom;
                if (placed == DAY_NONE && f->place && f->place[0] == 'A')
                    placed = f->decom;
                if (f->rec && (!strcmp(f->rec, "E11") || !strcmp(f->rec, "E12")))
                    adopted = by_to(x, f->dec);
            }
            break;
        }
        day_t match = DAY_NONE;
        for (size_t j = 0; j < c->n_adoptions; j++)
            if (c->adoptions[j].date_int == a->date_placed)
                match = by_to(x, c->adoptions[j].date_match);
        day_t ceased = by_to(x, a->date_placed_ceased);
        static const struct pair why[] = {
            {"RD1", "a) Child’s needs changed"}, {"RD2", "b) Court did not make a PO"},
            {"RD3", "c) Prospective adopters cannot be found"}, {"RD4", "d) Any other reason"},
            {NULL, NULL}};
        struct arow r;
        row_begin(x, &r, 10);
        child_cols(x, &r, a->date_placed);
        set_d(&r, "Date the Child Entered Care", entered);
        set_d(&r, "Date of Decision that Child Should be Placed for Adoption", a->date_placed);
        set_d(&r, "Date of Placement Order", order);
        set_d(&r, "Date of Matching Child and Prospective Adopters", match);
        set_d(&r, "Date Placed for Adoption", placed);
        set_d(&r, "Date of Adoption Order", adopted);
        set_d(&r, "Date of Decision that Child Should No Longer be Placed for Adoption", ceased);
        if (ceased != DAY_NONE)
            set_s(&r, "Reason Why Child No Longer Placed for Adoption",
                  lookup(why, a->reason_placed_ceased));
        row_write(x, 10, &r);
    }
}

/* ---- the workbook ------------------------------------------------------------------------ */

int annexa_export(struct store *s, day_t from, day_t to, const char *path, struct err *e)
{
    if (from == DAY_NONE || to == DAY_NONE || from > to)
        return err_set(e, HE_INPUT, "the Annex A period must start on or before the day it ends");
    int rc = dynlib_load(&xlsx_lib, e);
    if (rc != HE_OK)
        return rc;
    struct export_kid *kids = NULL;
    size_t n = 0;
    rc = export_cohort_sorted(s, COHORT_ANY, from, to, &kids, &n, e);
    if (rc != HE_OK)
        return rc;
    struct export_tmp t;
    rc = export_tmp_open(&t, path, e);
    if (rc != HE_OK) {
        export_kids_free(kids, n);
        return rc;
    }
    /* libxlsxwriter writes the file itself, by name, when the workbook is closed */
    fclose(t.f);
    t.f = NULL;

    struct ax x = {.from = from, .to = to};
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    x.wb = workbook_new_opt(t.tmp, &opt);
    if (!x.wb) {
        export_tmp_abandon(&t);
        export_kids_free(kids, n);
        return err_at(e, HE_INTERNAL, path, 0, NULL, "cannot start the workbook");
    }
    int y, m, d;
    date_to_ymd(to, &y, &m, &d);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    lxw_doc_properties props = {.title = "Annex A", .author = "hearth",
                                .created = timegm(&tm)};
    workbook_set_properties(x.wb, &props);
    x.date_fmt = workbook_add_format(x.wb);
    format_set_num_format(x.date_fmt, "dd/mm/yyyy");
    x.head_fmt = workbook_add_format(x.wb);
    format_set_bold(x.head_fmt);
    format_set_text_wrap(x.head_fmt);
    for (int l = 1; l <= 11; l++) {
        char list[24], name[24];
        snprintf(list, sizeof list, "list_%d", l);
        snprintf(name, sizeof name, "List %d", l);
        struct sheet *sh = &x.sh[l];
        sh->ws = workbook_add_worksheet(x.wb, name);
        sh->cols = annexa_columns(list);
        for (int k = 0; sh->cols[k]; k++) {
            worksheet_write_string(sh->ws, 0, (lxw_col_t)k, sh->cols[k], x.head_fmt);
            worksheet_set_column(sh->ws, (lxw_col_t)k, (lxw_col_t)k, 18, NULL);
        }
    }
    struct export_walk w;
    export_walk_start(&w, s, kids, n);
    while (rc == HE_OK) {
        struct child_file *c;
        if ((rc = export_walk_next(&w, &c, e)) != HE_OK || !c)
            break;
        x.c = c;
        list1(&x);
        list2(&x);
        list3(&x);
        list4(&x);
        list5(&x);
        list6(&x);
        list7(&x);
        list8(&x);
        list9(&x);
        list10(&x);
        /* list 11, adopters: hearth keeps no record of adopters, so only the headings */
        x.c = NULL;
    }
    export_walk_end(&w);
    lxw_error werr = workbook_close(x.wb);
    if (rc == HE_OK && (werr != LXW_NO_ERROR || x.failed))
        rc = err_at(e, HE_INTERNAL, path, 0, NULL, "writing the workbook failed: %s",
                    lxw_strerror(werr));
    if (rc == HE_OK)
        rc = export_tmp_commit(&t, e);
    if (rc != HE_OK)
        export_tmp_abandon(&t);
    export_kids_free(kids, n);
    return rc;
}
