/* ssda903_export: the SSDA903 return of one collection year, written from the store as
 * one CSV per table with the DfE's header row. Owns which rows a year's tables hold
 * (episodes, missing spells and decisions open in the year, carried in from earlier
 * years; reviews in the year; OC2 and OC3 rows of the year) and each year's codes: a
 * code hearth keeps in one year's form is written in the form of the year asked for
 * where the DfE renamed it (sex 1/2 and M/F/U, supported accommodation H5 and K3, the
 * 2022 split of activity codes), and refused where the year has no equivalent. It never
 * writes to the store. The tables are written into a new folder beside the target, which
 * takes the target's place in one step only when every table is complete. The same rows
 * also make the XML form (ssda903_export_xml: a <CHILD> a child, checked against the DfE's
 * schema before it is written), so that the two forms of a return never disagree. */
#include "export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "export_util.h"
#include "ssda903.h"


bool ssda903_year_known(int year)
{
    return year > 0 && codes_ssda903_valid("header", "ETHNIC", "WBRI", year);
}

enum { T_HEADER, T_EPISODES, T_REVIEWS, T_UASC, T_OC2, T_OC3, T_AD1, T_PLACED, T_PREV,
       T_MISSING, T_SW, T_DOLO, T__N };

/* table (as the importer and the code lists name it), file name, and the first collection
 * year whose return has the table (0: every year) */
static const struct {
    const char *table, *file;
    int from;
} tabs[T__N] = {
    [T_HEADER] = {"header", "header.csv"},
    [T_EPISODES] = {"episodes", "episodes.csv"},
    [T_REVIEWS] = {"reviews", "reviews.csv"},
    [T_UASC] = {"uasc", "uasc.csv"},
    [T_OC2] = {"oc2", "oc2.csv"},
    [T_OC3] = {"oc3", "oc3.csv"},
    [T_AD1] = {"ad1", "ad1.csv"},
    [T_PLACED] = {"placed_adoption", "placed_for_adoption.csv"},
    [T_PREV] = {"prev_perm", "previous_permanence.csv"},
    [T_MISSING] = {"missing", "missing.csv"},
    [T_SW] = {"social_worker", "social_worker.csv", 2024},
    [T_DOLO] = {"dolo", "dolo.csv", 2027},
};

#define MAXC 16

struct sx {
    int year;
    day_t first, last;
    const struct child_file *c;
    struct buf out[T__N];
    long rows[T__N];
    long no_header;
    struct err *e;
    int rc;                      /* a failure that stops the walk (the store) */
    struct export_blocks blocks; /* what blocks the return, every child's */
    bool row_bad;                /* the row being built has a problem */
    /* XML: the child's rows of each table (each row its values, NUL-terminated, "" for
     * blank), written as one <CHILD> once the child is done; and the return so far */
    bool xml;
    struct buf cur[T__N];
    int cur_rows[T__N];
    struct buf doc;
    long xml_children;
};

/* One row being built: values by column name, in the table's own order when written. */
struct row {
    int t;
    const char *const *cols;
    int n;
    const char *v[MAXC];
    char scratch[MAXC][16]; /* dates and numbers */
};

static void row_start(struct row *r, int t)
{
    memset(r, 0, sizeof *r);
    r->t = t;
    r->cols = ssda903_columns(tabs[t].table);
    while (r->cols[r->n])
        r->n++;
}

static int col(const struct row *r, const char *name)
{
    for (int k = 0; k < r->n; k++)
        if (!strcmp(r->cols[k], name))
            return k;
    return -1;
}

static void put(struct row *r, const char *name, const char *v)
{
    int k = col(r, name);
    if (k >= 0)
        r->v[k] = v && *v ? v : NULL;
}

static void put_date(struct row *r, const char *name, day_t d)
{
    int k = col(r, name);
    if (k < 0 || d == DAY_NONE)
        return;
    date_format_uk(d, r->scratch[k]);
    r->v[k] = r->scratch[k];
}

static void put_int(struct row *r, const char *name, int v)
{
    int k = col(r, name);
    if (k < 0 || v < 0)
        return;
    snprintf(r->scratch[k], sizeof r->scratch[k], "%d", v);
    r->v[k] = r->scratch[k];
}

static int sx_fail(struct sx *x, const char *table, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int sx_fail(struct sx *x, const char *table, const char *field, const char *fmt, ...)
{
    char msg[sizeof x->e->msg - 120], line[sizeof x->e->msg - 80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "SSDA903 %s table: %s", table, msg);
    export_block(&x->blocks, x->c->person.la_child_id ? x->c->person.la_child_id : "?", field, line);
    x->row_bad = true;
    return HE_INPUT;
}

/* A code in the form the year uses, where the DfE renamed it; else the code itself. */
static const char *code_for_year(const char *table, const char *field, const char *v, int year)
{
    if (!strcmp(field, "SEX")) {
        bool numeric = codes_ssda903_valid(table, field, "1", year);
        if (numeric && !strcmp(v, "M"))
            return "1";
        if (numeric && !strcmp(v, "F"))
            return "2";
        if (!numeric && !strcmp(v, "1"))
            return "M";
        if (!numeric && !strcmp(v, "2"))
            return "F";
    } else if (!strcmp(field, "PLACE")) {
        /* supported accommodation: H5 until 2023-24, K3 from 2024-25 */
        if (!strcmp(v, "K3") && !codes_ssda903_valid(table, field, "K3", year))
            return "H5";
        if (!strcmp(v, "H5") && !codes_ssda903_valid(table, field, "H5", year))
            return "K3";
        /* Z11-Z14 (2025-26 on) were one code, Z1, before */
        if (v[0] == 'Z' && v[1] == '1' && v[2] >= '1' && v[2] <= '4' && !v[3] &&
            !codes_ssda903_valid(table, field, v, year))
            return "Z1";
    } else if (!strcmp(field, "ACTIV") && !codes_ssda903_valid(table, field, v, year)) {
        /* 2021-22 split full- and part-time training or employment (F3, P3) in two */
        if (!strcmp(v, "F4") || !strcmp(v, "F5"))
            return "F3";
        if (!strcmp(v, "P4") || !strcmp(v, "P5"))
            return "P3";
    }
    return v;
}

/* Check the row against the table's rules for the year and append it. */
static void row_end(struct sx *x, struct row *r)
{
    const char *table = tabs[r->t].table;
    x->row_bad = false;
    for (int k = 0; k < r->n; k++) {
        const char *name = r->cols[k];
        if (!r->v[k]) {
            if (!ssda903_blank_ok(table, name))
                sx_fail(x, table, name, "%s is not recorded, and every row of the table needs it",
                        name);
            continue;
        }
        if (!codes_ssda903_is_category(table, name))
            continue;
        r->v[k] = code_for_year(table, name, r->v[k], x->year);
        if (!codes_ssda903_valid(table, name, r->v[k], x->year))
            sx_fail(x, table, name,
                    "%s '%s' is not an SSDA903 code in %d-%02d, and that year has no code it "
                    "became",
                    name, r->v[k], x->year - 1, x->year % 100);
    }
    if (x->row_bad)
        return; /* the return will not be written: the row is only checked */
    export_csv_row(&x->out[r->t], r->v, r->n);
    x->rows[r->t]++;
    if (x->xml) {
        for (int k = 0; k < r->n; k++)
            buf_add(&x->cur[r->t], r->v[k] ? r->v[k] : "", (r->v[k] ? strlen(r->v[k]) : 0) + 1);
        x->cur_rows[r->t]++;
    }
}

static void person_cols(struct sx *x, struct row *r)
{
    put(r, "CHILD", x->c->person.la_child_id);
    put_date(r, "DOB", x->c->person.dob);
}

/* A date as known on 31 March: a later one is not yet part of the year's return. */
static day_t by_end(const struct sx *x, day_t d)
{
    return d != DAY_NONE && d <= x->last ? d : DAY_NONE;
}

static bool in_year(const struct sx *x, day_t d)
{
    return d != DAY_NONE && d >= x->first && d <= x->last;
}

static void write_child(struct sx *x)
{
    const struct child_file *c = x->c;
    const struct person *p = &c->person;
    struct row r;

    bool looked_after = false;
    for (size_t i = 0; i < c->n_la_episodes; i++)
        looked_after |= export_open_in(c->la_episodes[i].decom, c->la_episodes[i].dec, x->first,
                                       x->last);
    row_start(&r, T_HEADER);
    person_cols(x, &r);
    put(&r, "SEX", p->sex);
    put(&r, "ETHNIC", p->ethnicity);
    put(&r, "UPN", p->upn && *p->upn ? p->upn : p->upn_unknown);
    /* motherhood is asked of a girl looked after in the year, not of a care leaver who
     * was not (rule 628) */
    if (looked_after) {
        put(&r, "MOTHER", p->mother == 1 ? "1" : p->mother == 0 ? "0" : NULL);
        put_date(&r, "MC_DOB", p->mc_dob);
    }
    /* A care leaver hearth knows only from OC3 rows (they left care before the returns
     * hearth holds) has no sex or ethnicity to write: the header row is left out and
     * counted, rather than invented. A child looked after in the year must have one. */
    bool complete = true;
    for (int k = 0; k < r.n; k++)
        complete &= r.v[k] || ssda903_blank_ok("header", r.cols[k]);
    if (complete || looked_after)
        row_end(x, &r);
    else
        x->no_header++;

    bool adopted = false, started = false;
    for (size_t i = 0; i < c->n_la_episodes && x->rc == HE_OK; i++) {
        const struct la_episode *ep = &c->la_episodes[i];
        if (!export_open_in(ep->decom, ep->dec, x->first, x->last))
            continue;
        bool ended = by_end(x, ep->dec) != DAY_NONE;
        if (ended && ep->rec && (!strcmp(ep->rec, "E11") || !strcmp(ep->rec, "E12")))
            adopted = true;
        if (in_year(x, ep->decom) && ep->rne && !strcmp(ep->rne, "S"))
            started = true;
        row_start(&r, T_EPISODES);
        put(&r, "CHILD", p->la_child_id);
        put_date(&r, "DECOM", ep->decom);
        put(&r, "RNE", ep->rne);
        put(&r, "LS", ep->ls);
        put(&r, "CIN", ep->cin);
        put(&r, "PLACE", ep->place);
        put(&r, "PLACE_PROVIDER", ep->place_provider);
        if (ended) {
            /* how and why the episode ended is known only once it has */
            put_date(&r, "DEC", ep->dec);
            put(&r, "REC", ep->rec);
            put(&r, "REASON_PLACE_CHANGE", ep->reason_place_change);
        }
        put(&r, "HOME_POST", ep->home_post);
        put(&r, "PL_POST", ep->pl_post);
        put(&r, "URN", ep->urn);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_la_reviews && x->rc == HE_OK; i++) {
        const struct la_review *v = &c->la_reviews[i];
        if (!in_year(x, v->date))
            continue;
        row_start(&r, T_REVIEWS);
        person_cols(x, &r);
        put_date(&r, "REVIEW", v->date);
        put(&r, "REVIEW_CODE", v->code);
        row_end(x, &r);
    }
    /* the UASC row goes with a child looked after in the year, never a care leaver's
     * OC3 alone (rule 1014) */
    for (size_t i = 0; looked_after && i < c->n_uascs && x->rc == HE_OK; i++) {
        row_start(&r, T_UASC);
        person_cols(x, &r);
        put(&r, "SEX", p->sex);
        put_date(&r, "DUC", c->uascs[i].duc);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_la_outcomes && x->rc == HE_OK; i++) {
        const struct la_outcome *o = &c->la_outcomes[i];
        if (o->year != x->year)
            continue;
        row_start(&r, T_OC2);
        person_cols(x, &r);
        put(&r, "SDQ_SCORE", o->sdq_score);
        put(&r, "SDQ_REASON", o->sdq_reason);
        put_int(&r, "CONVICTED", o->convicted);
        put_int(&r, "HEALTH_CHECK", o->health_check);
        put_int(&r, "IMMUNISATIONS", o->immunisations);
        put_int(&r, "TEETH_CHECK", o->teeth_check);
        put_int(&r, "HEALTH_ASSESSMENT", o->health_assessment);
        put_int(&r, "SUBSTANCE_MISUSE", o->substance_misuse);
        put_int(&r, "INTERVENTION_RECEIVED", o->intervention_received);
        put_int(&r, "INTERVENTION_OFFERED", o->intervention_offered);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_care_leavers && x->rc == HE_OK; i++) {
        const struct care_leaver *o = &c->care_leavers[i];
        if (o->year != x->year)
            continue;
        row_start(&r, T_OC3);
        person_cols(x, &r);
        put(&r, "IN_TOUCH", o->in_touch);
        put(&r, "ACTIV", o->activ);
        put(&r, "ACCOM", o->accom);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_adoptions && x->rc == HE_OK; i++) {
        const struct adoption *a = &c->adoptions[i];
        /* AD1 holds the children adopted in the year, and decisions made in it */
        if (!adopted && !in_year(x, a->date_int))
            continue;
        if (a->date_int > x->last)
            continue;
        row_start(&r, T_AD1);
        person_cols(x, &r);
        put_date(&r, "DATE_INT", a->date_int);
        put_date(&r, "DATE_MATCH", a->date_match);
        put_int(&r, "FOSTER_CARE", a->foster_care);
        put_int(&r, "NB_ADOPTR", a->nb_adoptr);
        put(&r, "SEX_ADOPTR", a->sex_adoptr);
        put(&r, "LS_ADOPTR", a->ls_adoptr);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_placed_adoptions && x->rc == HE_OK; i++) {
        const struct placed_adoption *a = &c->placed_adoptions[i];
        if (!export_open_in(a->date_placed, a->date_placed_ceased, x->first, x->last))
            continue;
        row_start(&r, T_PLACED);
        person_cols(x, &r);
        put_date(&r, "DATE_PLACED", a->date_placed);
        if (by_end(x, a->date_placed_ceased) != DAY_NONE) {
            put_date(&r, "DATE_PLACED_CEASED", a->date_placed_ceased);
            put(&r, "REASON_PLACED_CEASED", a->reason_placed_ceased);
        }
        row_end(x, &r);
    }
    /* previous permanence is asked of children who started to be looked after in the year */
    for (size_t i = 0; started && i < c->n_prev_perms && x->rc == HE_OK; i++) {
        const struct prev_perm *q = &c->prev_perms[i];
        row_start(&r, T_PREV);
        person_cols(x, &r);
        put(&r, "PREV_PERM", q->prev_perm);
        put(&r, "LA_PERM", q->la_perm);
        put(&r, "DATE_PERM", q->date_perm);
        row_end(x, &r);
    }
    for (size_t i = 0; i < c->n_missing && x->rc == HE_OK; i++) {
        const struct missing_episode *m = &c->missing[i];
        if (!export_open_in(m->start, m->end, x->first, x->last))
            continue;
        row_start(&r, T_MISSING);
        person_cols(x, &r);
        put(&r, "MISSING", m->kind);
        put_date(&r, "MIS_START", m->start);
        put_date(&r, "MIS_END", by_end(x, m->end));
        row_end(x, &r);
    }
    for (size_t i = 0; x->year >= tabs[T_SW].from && i < c->n_sw_episodes && x->rc == HE_OK; i++) {
        const struct sw_episode *w = &c->sw_episodes[i];
        if (!export_open_in(w->decom, w->dec, x->first, x->last))
            continue;
        row_start(&r, T_SW);
        person_cols(x, &r);
        put(&r, "SW_ID", w->sw_id);
        put_date(&r, "SW_DECOM", w->decom);
        if (by_end(x, w->dec) != DAY_NONE) {
            put_date(&r, "SW_DEC", w->dec);
            put(&r, "SW_REASON", w->reason);
        }
        row_end(x, &r);
    }
    for (size_t i = 0; x->year >= tabs[T_DOLO].from && i < c->n_dolos && x->rc == HE_OK; i++) {
        const struct dolo *o = &c->dolos[i];
        if (!export_open_in(o->start, o->end, x->first, x->last))
            continue;
        row_start(&r, T_DOLO);
        person_cols(x, &r);
        put_date(&r, "DOLO_START", o->start);
        put_date(&r, "DOLO_END", by_end(x, o->end));
        row_end(x, &r);
    }
}

/* ---- the XML form (CLA_ssda903_structure.xsd) ----------------------------------------- */

static void xml_text(struct buf *b, const char *v)
{
    for (; *v; v++)
        switch (*v) {
        case '&': buf_add(b, "&amp;", 5); break;
        case '<': buf_add(b, "&lt;", 4); break;
        case '>': buf_add(b, "&gt;", 4); break;
        default: buf_addc(b, *v); break;
        }
}

/* The value of column name in row i of table t of the current child ("" when blank). */
static const char *cur_val(const struct sx *x, int t, int i, const char *name)
{
    const char *const *cols = ssda903_columns(tabs[t].table);
    int n = 0, k = -1;
    for (; cols[n]; n++)
        if (!strcmp(cols[n], name))
            k = n;
    if (k < 0 || i >= x->cur_rows[t])
        return "";
    const char *p = x->cur[t].data;
    for (int skip = i * n + k; skip > 0; skip--)
        p += strlen(p) + 1;
    return p;
}

/* <el>v</el> at depth; an optional element (required false) only when v is not blank. */
static void xml_el(struct buf *b, int depth, const char *el, const char *v, bool required)
{
    if (!*v && !required)
        return;
    for (int i = 0; i < depth; i++)
        buf_add(b, "  ", 2);
    buf_printf(b, "<%s>", el);
    xml_text(b, v);
    buf_printf(b, "</%s>\n", el);
}

static void xml_open(struct buf *b, int depth, const char *el, bool open)
{
    for (int i = 0; i < depth; i++)
        buf_add(b, "  ", 2);
    buf_printf(b, open ? "<%s>\n" : "</%s>\n", el);
}

/* The columns of table t (row i) as elements, in the schema's order; required ones always. */
static void xml_cols(struct sx *x, int t, int i, int depth, const char *const *els, const char *const *cols,
                     const bool *required)
{
    for (int k = 0; els[k]; k++)
        xml_el(&x->doc, depth, els[k], cur_val(x, t, i, cols[k]), required[k]);
}

/* The schema holds at most max of an element a child: more block the XML return. */
static bool xml_fits(struct sx *x, int t, int max, const char *el)
{
    if (x->cur_rows[t] <= max)
        return true;
    sx_fail(x, tabs[t].table, el,
            "%d rows, and the DfE's XML schema holds at most %d <%s> a child: export this year as "
            "CSV",
            x->cur_rows[t], max, el);
    return false;
}

/* The current child as one <CHILD>, from the rows its tables were given. */
static void xml_child(struct sx *x)
{
    if (!x->cur_rows[T_HEADER]) {
        /* no header row (a care leaver known only from OC3 rows): the schema's HEADER
         * needs the sex and ethnicity hearth does not hold, so the child is left out and
         * counted as the CSV tables count it */
        return;
    }
    bool ok = xml_fits(x, T_EPISODES, 366, "EPISODE") & xml_fits(x, T_MISSING, 366, "AMISSING") &
              xml_fits(x, T_REVIEWS, 52, "AREVIEW") & xml_fits(x, T_PLACED, 366, "AD_PLACED") &
              xml_fits(x, T_UASC, 1, "UASC") & xml_fits(x, T_AD1, 1, "DATE_INT") &
              xml_fits(x, T_OC3, 1, "IN_TOUCH") & xml_fits(x, T_OC2, 1, "OC2") &
              xml_fits(x, T_PREV, 1, "PERMANENCE");
    if (!ok || x->blocks.child_blocked)
        return;
    struct buf *b = &x->doc;
    xml_open(b, 1, "CHILD", true);
    xml_open(b, 2, "HEADER", true);
    xml_el(b, 3, "CHILDID", cur_val(x, T_HEADER, 0, "CHILD"), true);
    xml_el(b, 3, "UPN", cur_val(x, T_HEADER, 0, "UPN"), true);
    xml_el(b, 3, "SEX", cur_val(x, T_HEADER, 0, "SEX"), true);
    xml_el(b, 3, "DOB", cur_val(x, T_HEADER, 0, "DOB"), true);
    xml_el(b, 3, "ETHNIC", cur_val(x, T_HEADER, 0, "ETHNIC"), true);
    xml_el(b, 3, "UASC", x->cur_rows[T_UASC] ? "1" : "0", true);
    xml_el(b, 3, "DUC", cur_val(x, T_UASC, 0, "DUC"), false);
    static const char *const ad1[] = {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                      "SEX_ADOPTR", "LS_ADOPTR", NULL};
    static const bool none[8] = {0};
    xml_cols(x, T_AD1, 0, 3, ad1, ad1, none);
    static const char *const oc3[] = {"IN_TOUCH", "ACTIV", "ACCOM", NULL};
    xml_cols(x, T_OC3, 0, 3, oc3, oc3, none);
    static const char *const mis[] = {"MISSING", "MIS_START", "MIS_END", NULL};
    static const bool mis_req[] = {true, true, false};
    for (int i = 0; i < x->cur_rows[T_MISSING]; i++) {
        xml_open(b, 3, "AMISSING", true);
        xml_cols(x, T_MISSING, i, 4, mis, mis, mis_req);
        xml_open(b, 3, "AMISSING", false);
    }
    static const char *const rev[] = {"REVIEW", "REVIEW_CODE", NULL};
    static const bool rev_req[] = {true, true};
    for (int i = 0; i < x->cur_rows[T_REVIEWS]; i++) {
        xml_open(b, 3, "AREVIEW", true);
        xml_cols(x, T_REVIEWS, i, 4, rev, rev, rev_req);
        xml_open(b, 3, "AREVIEW", false);
    }
    xml_el(b, 3, "MOTHER", cur_val(x, T_HEADER, 0, "MOTHER"), false);
    xml_el(b, 3, "MC_DOB", cur_val(x, T_HEADER, 0, "MC_DOB"), false);
    if (x->cur_rows[T_PREV]) {
        static const char *const pp[] = {"PREV_PERM", "LA_PERM", "DATE_PERM", NULL};
        xml_open(b, 3, "PERMANENCE", true);
        xml_cols(x, T_PREV, 0, 4, pp, pp, none);
        xml_open(b, 3, "PERMANENCE", false);
    }
    if (x->cur_rows[T_OC2]) {
        static const char *const oc2[] = {"SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                                          "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                                          "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                                          "INTERVENTION_OFFERED", NULL};
        static const bool none12[12] = {0};
        xml_open(b, 3, "OC2", true);
        xml_cols(x, T_OC2, 0, 4, oc2, oc2, none12);
        xml_open(b, 3, "OC2", false);
    }
    static const char *const pl[] = {"DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
                                     NULL};
    static const bool pl_req[] = {true, false, false};
    for (int i = 0; i < x->cur_rows[T_PLACED]; i++) {
        xml_open(b, 3, "AD_PLACED", true);
        xml_cols(x, T_PLACED, i, 4, pl, pl, pl_req);
        xml_open(b, 3, "AD_PLACED", false);
    }
    xml_open(b, 2, "HEADER", false);
    static const char *const ep_el[] = {"DECOM", "RNE", "LS", "CIN", "PL", "PL_POST", "HOME_POST",
                                        "URN", "PLACE_PROVIDER", "DEC", "REC",
                                        "REASON_PLACE_CHANGE", NULL};
    static const char *const ep_col[] = {"DECOM", "RNE", "LS", "CIN", "PLACE", "PL_POST",
                                         "HOME_POST", "URN", "PLACE_PROVIDER", "DEC", "REC",
                                         "REASON_PLACE_CHANGE", NULL};
    static const bool ep_req[] = {true, true, true, true, true, false,
                                  false, false, false, true, true, false};
    for (int i = 0; i < x->cur_rows[T_EPISODES]; i++) {
        xml_open(b, 2, "EPISODE", true);
        xml_cols(x, T_EPISODES, i, 3, ep_el, ep_col, ep_req);
        xml_open(b, 2, "EPISODE", false);
    }
    xml_open(b, 1, "CHILD", false);
    x->xml_children++;
}

/* A breach of the schema in the XML written: it blocks the return, under its child. */
static void xml_breach(void *ctx, long line, const char *table, const char *child,
                       const char *element, const char *message)
{
    struct sx *x = ctx;
    char msg[600];
    snprintf(msg, sizeof msg, "SSDA903 XML: %s (the DfE's XML schema cannot hold it: export this "
                              "year as CSV)", message);
    export_block(&x->blocks, *child ? child : "?", *element ? element : NULL, msg);
}

/* A file hearth writes in an SSDA903 folder: a table, or a table's temporary file left by
 * an earlier version of hearth that wrote each table beside its old one. */
static bool ours(const char *name)
{
    for (int i = 0; i < T__N; i++) {
        long pid;
        if (!strcmp(name, tabs[i].file) || export_tmp_name(name, tabs[i].file, &pid))
            return true;
    }
    return false;
}

/* Every table into a new folder beside dir, which then takes dir's place in one step. */
static int write_files(struct sx *x, struct export_dir *d, struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; i < T__N && rc == HE_OK; i++) {
        if (x->year < tabs[i].from)
            continue;
        rc = export_dir_write(d, tabs[i].file, x->out[i].data ? x->out[i].data : "", x->out[i].len, e);
    }
    if (rc == HE_OK)
        return export_dir_commit(d, e);
    export_dir_abandon(d);
    return rc;
}

/* The walk over the year's children, every table's rows made (and, for XML, each child's
 * <CHILD>); then what blocks the return, if anything. *n is the children walked. */
static int walk(struct store *s, struct sx *x, size_t *n, struct buf *blocking, struct err *e)
{
    export_year_window(x->year, &x->first, &x->last);
    for (int i = 0; i < T__N; i++) {
        x->out[i] = (struct buf)BUF_INIT;
        x->cur[i] = (struct buf)BUF_INIT;
        const char *const *cols = ssda903_columns(tabs[i].table);
        int k = 0;
        while (cols[k])
            k++;
        export_csv_row(&x->out[i], (const char *const *)cols, k);
    }
    struct export_kid *kids = NULL;
    *n = 0;
    int rc = export_cohort_sorted(s, COHORT_LA, x->first, x->last, &kids, n, e);
    struct export_walk w;
    export_walk_start(&w, s, kids, *n);
    while (rc == HE_OK && x->rc == HE_OK) {
        struct child_file *c;
        if ((rc = export_walk_next(&w, &c, e)) != HE_OK || !c)
            break;
        x->c = c;
        export_blocks_child(&x->blocks);
        for (int i = 0; i < T__N; i++) {
            buf_reset(&x->cur[i]);
            x->cur_rows[i] = 0;
        }
        write_child(x);
        if (x->xml)
            xml_child(x);
        x->c = NULL;
    }
    export_walk_end(&w);
    export_kids_free(kids, *n);
    if (rc == HE_OK)
        rc = x->rc;
    if (rc == HE_OK && x->xml) {
        buf_add(&x->doc, "</EXPSSDA903>\n", 14);
        /* what the schema would refuse (a code longer than it allows) blocks the return,
         * so that a file hearth writes is one the DfE's schema accepts */
        rc = ssda903_xsd_check(x->doc.data, x->doc.len, xml_breach, x, e);
    }
    if (rc == HE_OK) {
        char what[48];
        snprintf(what, sizeof what, "%d SSDA903 return", x->year);
        rc = export_blocked(&x->blocks, what, blocking, e);
    }
    return rc;
}

static void sx_free(struct sx *x)
{
    for (int i = 0; i < T__N; i++) {
        buf_free(&x->out[i]);
        buf_free(&x->cur[i]);
    }
    buf_free(&x->doc);
    export_blocks_free(&x->blocks);
}

int ssda903_export(struct store *s, int year, const char *dir, struct ssda903_summary *sum,
                   struct buf *blocking, struct err *e)
{
    if (!ssda903_year_known(year))
        return err_set(e, HE_INPUT,
                       "hearth has no SSDA903 code lists for collection year %d (it knows the "
                       "years in data/ssda903-codes.csv)", year);
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return err_at(e, HE_INPUT, dir, 0, NULL, "is not a folder: SSDA903 is one file per table");
    /* the new folder is made (and killed runs' leftovers removed) before the work, so a
     * target that cannot be replaced is refused at once */
    struct export_dir d;
    int rc = export_dir_open(&d, dir, ours, e);
    if (rc != HE_OK)
        return rc;

    struct sx x = {.year = year, .e = e, .rc = HE_OK, .blocks = {.lines = BUF_INIT},
                   .doc = BUF_INIT};
    size_t n = 0;
    rc = walk(s, &x, &n, blocking, e);
    if (rc == HE_OK)
        rc = write_files(&x, &d, e);
    else
        export_dir_abandon(&d);
    if (rc == HE_OK && sum) {
        memset(sum, 0, sizeof *sum);
        for (int i = 0; i < T__N; i++)
            if (year >= tabs[i].from) {
                sum->file[sum->n] = tabs[i].file;
                sum->rows[sum->n++] = x.rows[i];
            }
        sum->children = (long)n;
        sum->no_header = x.no_header;
    }
    sx_free(&x);
    return rc;
}

int ssda903_export_xml(struct store *s, int year, const char *path, struct ssda903_summary *sum,
                       struct buf *blocking, struct err *e)
{
    if (!ssda903_year_known(year))
        return err_set(e, HE_INPUT,
                       "hearth has no SSDA903 code lists for collection year %d (it knows the "
                       "years in data/ssda903-codes.csv)", year);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return err_at(e, HE_INPUT, path, 0, NULL,
                      "is a folder: the SSDA903 XML return is one file (FILE.xml)");
    struct sx x = {.year = year, .e = e, .rc = HE_OK, .blocks = {.lines = BUF_INIT},
                   .xml = true, .doc = BUF_INIT};
    buf_printf(&x.doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n");
    size_t n = 0;
    int rc = walk(s, &x, &n, blocking, e);
    struct export_tmp t = {0};
    if (rc == HE_OK)
        rc = export_tmp_open(&t, path, e);
    if (rc == HE_OK) {
        if (fwrite(x.doc.data, 1, x.doc.len, t.f) != x.doc.len) {
            rc = err_at(e, HE_INTERNAL, path, 0, NULL, "cannot write the file: %s", strerror(errno));
            export_tmp_abandon(&t);
        } else
            rc = export_tmp_commit(&t, e);
    }
    if (rc == HE_OK && sum) {
        memset(sum, 0, sizeof *sum);
        /* the tables the schema holds; the rest are counted apart */
        for (int i = 0; i < T__N; i++) {
            if (year < tabs[i].from)
                continue;
            if (i == T_SW || i == T_DOLO)
                sum->not_in_xml += x.rows[i];
            else {
                sum->file[sum->n] = tabs[i].table;
                sum->rows[sum->n++] = x.rows[i];
            }
        }
        sum->children = x.xml_children;
        sum->no_header = x.no_header;
    }
    sx_free(&x);
    return rc;
}
