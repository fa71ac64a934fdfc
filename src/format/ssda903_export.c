/* ssda903_export: the SSDA903 return of one collection year, written from the store as
 * one CSV per table with the DfE's header row. Owns which rows a year's tables hold
 * (episodes, missing spells and decisions open in the year, carried in from earlier
 * years; reviews in the year; OC2 and OC3 rows of the year) and each year's codes: a
 * code hearth keeps in one year's form is written in the form of the year asked for
 * where the DfE renamed it (sex 1/2 and M/F/U, supported accommodation H5 and K3, the
 * 2022 split of activity codes), and refused where the year has no equivalent. It never
 * writes to the store. The tables are written into a new folder beside the target, which
 * takes the target's place in one step only when every table is complete. */
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

    struct sx x = {.year = year, .e = e, .rc = HE_OK, .blocks = {.lines = BUF_INIT}};
    export_year_window(year, &x.first, &x.last);
    for (int i = 0; i < T__N; i++) {
        x.out[i] = (struct buf)BUF_INIT;
        const char *const *cols = ssda903_columns(tabs[i].table);
        int n = 0;
        while (cols[n])
            n++;
        export_csv_row(&x.out[i], (const char *const *)cols, n);
    }
    struct export_kid *kids = NULL;
    size_t n = 0;
    rc = export_cohort_sorted(s, COHORT_LA, x.first, x.last, &kids, &n, e);
    struct export_walk w;
    export_walk_start(&w, s, kids, n);
    while (rc == HE_OK && x.rc == HE_OK) {
        struct child_file *c;
        if ((rc = export_walk_next(&w, &c, e)) != HE_OK || !c)
            break;
        x.c = c;
        export_blocks_child(&x.blocks);
        write_child(&x);
        x.c = NULL;
    }
    export_walk_end(&w);
    if (rc == HE_OK)
        rc = x.rc;
    if (rc == HE_OK) {
        char what[48];
        snprintf(what, sizeof what, "%d SSDA903 return", year);
        rc = export_blocked(&x.blocks, what, blocking, e);
    }
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
    for (int i = 0; i < T__N; i++)
        buf_free(&x.out[i]);
    export_blocks_free(&x.blocks);
    export_kids_free(kids, n);
    return rc;
}
