/* dashboard: the performance pages for managers and analysts: every measure of kpi.h for a
 * chosen period, grouped as in the committee table, monthly trends drawn as SVG charts
 * (chart.h) with their numbers in a table beside each, and CSV downloads of both. Figures
 * only: nothing here names or links to a child, so an analyst can be given it all.
 *
 * Speed: the whole period's facts are loaded once and every month is derived from them
 * (measure/trend.h), and the figures are kept in a small cache keyed by period and
 * population. They go stale when the store's change stamp moves (a change made in hearth)
 * or after CACHE_SECS (an import made by another process); stale figures are shown, with
 * the time they were worked out, while a background thread works them out again. A
 * year's figures hold the committee report's measures of it, which are kept from them
 * rather than worked out a second time. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../measure/kpi.h"
#include "../measure/trend.h"
#include "../measure/trend_group.h"
#include "../util/elapsed.h"
#include "../util/thousands.h"
#include "../store/trends.h"
#include "benchmarks.h"
#include "service_ui.h"
#include "chart.h"
#include "keep.h"
#include "web.h"

static bool may_see(const struct req *r)
{
    return r->user.role == ROLE_ANALYST || r->user.role == ROLE_TEAM_MANAGER ||
           r->user.role == ROLE_ADMIN;
}

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "The figures could not be worked out: try again in a moment.");
}

/* ---- the period ---------------------------------------------------------------------- */
struct period {
    day_t from, to;
    long long pop; /* 0: not known, rates not shown */
};

/* The latest reporting year (1 April to 31 March) that has ended by today. */
static void latest_year(day_t today, day_t *from, day_t *to)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    int end_year = (m > 3 || (m == 3 && d == 31)) ? y : y - 1;
    *to = date_from_ymd(end_year, 3, 31);
    *from = date_from_ymd(end_year - 1, 4, 1);
}

/* The population for rates: `hearth serve --population`, else the authority's setting. */
static long long default_population(const struct web_conf *conf, struct store *st)
{
    if (conf->population > 0)
        return conf->population;
    struct err e;
    char *v = NULL;
    long long pop = 0;
    err_clear(&e);
    if (store_get_setting(st, "population", &v, &e) == HE_OK && v)
        pop = strtoll(v, NULL, 10);
    free(v);
    return pop > 0 ? pop : 0;
}

/* A day from NAME-day/-month/-year (the form) or NAME=YYYY-MM-DD (the download links). */
static day_t query_day(const struct form *q, const char *name, const char *what, day_t dflt,
                       struct field_errors *fe)
{
    char k[3][32];
    snprintf(k[0], sizeof k[0], "%s-day", name);
    snprintf(k[1], sizeof k[1], "%s-month", name);
    snprintf(k[2], sizeof k[2], "%s-year", name);
    if (*form_text(q, k[0]) || *form_text(q, k[1]) || *form_text(q, k[2]))
        return form_date(q, name, what, true, fe);
    const char *iso = form_text(q, name);
    if (!*iso)
        return dflt;
    day_t d = date_parse_iso(iso, strlen(iso));
    if (!d)
        fe_add(fe, name, "The %s must be a real date, for example 2026-03-31", what);
    return d;
}

static bool read_period(struct req *r, struct period *p, struct field_errors *fe)
{
    day_t dfrom, dto;
    latest_year(r->today, &dfrom, &dto);
    p->from = query_day(&r->query, "from", "first day", dfrom, fe);
    p->to = query_day(&r->query, "to", "last day", dto, fe);
    if (p->from && p->to && p->to < p->from)
        fe_add(fe, "to", "The last day must be the same as or after the first day");
    else if (p->from && p->to && trend_months(p->from, p->to) > TREND_MAX_MONTHS)
        fe_add(fe, "to", "Choose a period of at most %d months (5 years)", TREND_MAX_MONTHS);
    const char *pop = form_text(&r->query, "population");
    p->pop = 0;
    if (*pop) {
        long long v = 0;
        bool ok = strlen(pop) <= 12;
        for (const char *c = pop; ok && *c; c++) {
            if (*c == ',')
                continue;
            ok = *c >= '0' && *c <= '9';
            v = v * 10 + (*c - '0');
        }
        if (!ok || v < 1)
            fe_add(fe, "population",
                   "Enter the number of children aged 0 to 17 as a whole number, such as 64000");
        else
            p->pop = v;
    } else {
        p->pop = default_population(r->conf, r->st);
    }
    return fe->n == 0;
}

/* ---- the figures, kept (keep.h) ------------------------------------------------------ */
struct dash_value {
    struct kpi_result k;
    struct trend t;
};

static int dash_make(struct store *st, const void *key, void *value, struct err *e)
{
    const struct period *p = key;
    struct dash_value *v = value;
    struct facts f;
    struct trend_facts tf;
    int rc = store_load_period(st, p->from, p->to, &f, &tf, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = kpi_compute(&f, p->pop, &v->k, e)) == HE_OK &&
        (rc = trend_compute(&f, &tf, p->pop, &v->t, e)) != HE_OK)
        trend_free(&v->t);
    trend_facts_free(&tf);
    facts_free(&f);
    return rc;
}

static void dash_copy(void *dst, const void *src)
{
    struct dash_value *d = dst;
    const struct dash_value *s = src;
    d->t.months = xmalloc((size_t)(s->t.n ? s->t.n : 1) * sizeof *d->t.months);
    memcpy(d->t.months, s->t.months, (size_t)s->t.n * sizeof *d->t.months);
}

static void dash_drop(void *value)
{
    trend_free(&((struct dash_value *)value)->t);
}

/* The committee report's measures of a period: its facts and measures alone, without the
 * trend facts and the twelve months that the report never shows (a fifth of the
 * dashboard's work at a large authority). Kept apart from the dashboard's, on its terms,
 * and given the dashboard's own of a year whenever it works them out (dash_kept_hook). */
static int measures_make(struct store *st, const void *key, void *value, struct err *e)
{
    const struct period *p = key;
    struct facts f;
    int rc = store_load_facts(st, p->from, p->to, &f, e);
    if (rc != HE_OK)
        return rc;
    rc = kpi_compute(&f, p->pop, value, e);
    facts_free(&f);
    return rc;
}

static const struct keep_kind measures_kind = {
    .what = "the committee report's measures",
    .key_size = sizeof(struct period),
    .value_size = sizeof(struct kpi_result),
    .slots = 8,
    .max_age_s = 60,
    .share = 10,
    .stamp = store_change_stamp,
    .make = measures_make,
};
static struct keep measures_kept = KEEP_INIT(&measures_kind);

/* The population the committee report asks at (dashboard_measures; the warm-up's): -1
 * before either has asked. */
static _Atomic long long report_pop = -1;

/* A reporting year, 1 April to 31 March: all the report ever asks for. */
static bool whole_year(const struct period *p)
{
    int y, m, d;
    date_to_ymd(p->from, &y, &m, &d);
    return m == 4 && d == 1 && p->to == date_from_ymd(y + 1, 3, 31);
}

/* The dashboard's figures of a period hold the committee report's measures of it: the same
 * facts (store_load_period reads them as store_load_facts does, and the trend facts never
 * enter kpi_compute) through the same kpi_compute, into a value zeroed alike; the two are
 * the same bytes (tests/unit/web/test_dashboard_measures.c, on a demo authority). So each
 * the dashboard works out (at start, on a view, in the background) is kept as the report's
 * too, and the report's are not worked out again (both kinds are stamped by
 * store_change_stamp, so the stamp means the same to both). Only a reporting year at the
 * report's population: any other would never be asked for, and would push out one that is. */
static void dash_kept_hook(const void *key, const void *value, int64_t stamp, int64_t made)
{
    const struct period *p = key;
    const struct dash_value *v = value;
    if (p->pop == report_pop && whole_year(p))
        keep_put(&measures_kept, key, &v->k, stamp, made);
}

static const struct keep_kind dash_kind = {
    .what = "the dashboard",
    .key_size = sizeof(struct period),
    .value_size = sizeof(struct dash_value),
    .slots = 8,
    .max_age_s = 60,
    /* a busy service moves the stamp with every contact: on a store where the figures take
     * seconds (PostgreSQL at a large authority) one CPU would do nothing else */
    .share = 10,
    .stamp = store_change_stamp,
    .make = dash_make,
    .copy = dash_copy,
    .drop = dash_drop,
    .kept = dash_kept_hook,
};
static struct keep dash_kept = KEEP_INIT(&dash_kind);

/* At start: the default period's figures (the dashboard's, and the report's kept from them),
 * worked out in the background so that the first person to open either does not wait. */
static void *warm_main(void *arg)
{
    const struct web_conf *conf = arg;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    day_t today = conf->today;
    if (!today) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    struct period p;
    memset(&p, 0, sizeof p);
    latest_year(today, &p.from, &p.to);
    double t0 = elapsed_now();
    int rc = store_open(conf->db, 0, &s, &e);
    if (rc == HE_OK) {
        p.pop = default_population(conf, s);
        report_pop = p.pop;
        /* the committee report's of the same year are kept from them (dash_kept_hook) */
        rc = keep_make(&dash_kept, s, &p, &e);
        store_close(s);
    }
    if (rc == HE_OK) {
        /* how long the first managers to look would otherwise have waited */
        double secs = elapsed_now() - t0;
        char from[11], to[11];
        date_format_iso(p.from, from);
        date_format_iso(p.to, to);
        printf("hearth serve: the dashboard's and the committee report's figures for %s to %s "
               "worked out in %.3f s (the report's kept from the dashboard's)\n",
               from, to, secs);
        fflush(stdout);
    }
    if (rc != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: working out the dashboard: %s\n", msg);
    }
    return NULL;
}

void dashboard_warm(const struct web_conf *conf)
{
    if (keep_thread(warm_main, (void *)conf) != 0)
        fprintf(stderr, "hearth serve: could not start working out the dashboard ahead of the first view\n");
}

/* The period's measures and its months, and when they were worked out (*stale when newer
 * ones are on their way). The caller frees t with trend_free(). */
static int figures(struct req *r, const struct period *p, struct kpi_result *k, struct trend *t,
                   int64_t *made, bool *stale, struct err *e)
{
    struct period key;
    memset(&key, 0, sizeof key); /* compared byte for byte */
    key.from = p->from, key.to = p->to, key.pop = p->pop;
    struct dash_value *v = xmalloc(sizeof *v);
    int rc = keep_get(&dash_kept, r->st, r->conf->db, r->now, &key, v, made, stale, e);
    if (rc == HE_OK) {
        *k = v->k;
        *t = v->t;
    }
    free(v);
    return rc;
}

/* The measures of a period at the authority's population (the committee report's own
 * figures), kept as the dashboard's are. */
int dashboard_measures(struct req *r, day_t from, day_t to, struct kpi_result *k, struct err *e)
{
    struct period key;
    memset(&key, 0, sizeof key); /* compared byte for byte */
    key.from = from, key.to = to, key.pop = default_population(r->conf, r->st);
    report_pop = key.pop;
    int64_t made;
    bool stale;
    return keep_get(&measures_kept, r->st, r->conf->db, r->now, &key, k, &made, &stale, e);
}

int dashboard_measures_both(struct store *st, day_t from, day_t to, long long pop,
                            struct kpi_result *own, struct kpi_result *kept, struct err *e)
{
    struct period key;
    memset(&key, 0, sizeof key);
    key.from = from, key.to = to, key.pop = pop;
    /* zeroed first, as keep.c gives make its value */
    memset(own, 0, sizeof *own);
    struct dash_value *v = xcalloc(1, sizeof *v);
    int rc = measures_make(st, &key, own, e);
    if (rc == HE_OK && (rc = dash_make(st, &key, v, e)) == HE_OK) {
        memcpy(kept, &v->k, sizeof *kept); /* what keep_put copies (measures_kind has no copy) */
        dash_drop(v);
    }
    free(v);
    return rc;
}

/* ---- numbers as a report writes them ------------------------------------------------- */

/* "412.2 per 10,000", "17.0% (447 of 2,630)", or "" when there is nothing to say. */
static void share(char *out, size_t n, const struct measure *m)
{
    char a[32], b[32];
    out[0] = 0;
    if (m->kind == MK_RATE && !isnan(m->per_10k)) {
        snprintf(out, n, "%.1f per 10,000", m->per_10k);
    } else if (m->kind == MK_PROPORTION) {
        thousands(a, sizeof a, m->value);
        thousands(b, sizeof b, m->denominator);
        if (isnan(m->pct))
            snprintf(out, n, "none (0 of 0)");
        else
            snprintf(out, n, "%.1f%% (%s of %s)", m->pct, a, b);
    } else if (m->kind == MK_AVERAGE) {
        if (isnan(m->average))
            snprintf(out, n, "none (no children)");
        else
            snprintf(out, n, "%.1f days on average", m->average);
    }
}

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June",
                                          "July", "August", "September", "October", "November",
                                          "December"};

static void month_name(char *out, size_t n, day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, n, "%s %d", month_names[m - 1], y);
}

/* ---- the page ------------------------------------------------------------------------ */
struct trend_def {
    const char *id;
    enum chart_kind kind;
};
/* The measures drawn month by month: flows as bars, stocks and shares as lines. Care
 * leavers' accommodation is a yearly figure (OC3) and has no monthly trend. */
static const struct trend_def trend_defs[] = {
    {"contacts", CHART_BARS},
    {"referrals", CHART_BARS},
    {"rereferrals_12m", CHART_LINE},
    {"assessments_completed", CHART_BARS},
    {"assessments_within_45wd", CHART_LINE},
    {"s47_started", CHART_BARS},
    {"icpc_within_15wd", CHART_LINE},
    {"cp_plans_started", CHART_BARS},
    {"cp_children_at_end", CHART_LINE},
    {"cin_open_at_end", CHART_LINE},
    {"cla_at_end", CHART_LINE},
    {"cla_started", CHART_BARS},
    {"cla_ceased", CHART_BARS},
};
#define N_TRENDS ((int)(sizeof trend_defs / sizeof trend_defs[0]))

static const struct trend_def *trend_def(const char *id)
{
    for (int i = 0; id && i < N_TRENDS; i++)
        if (!strcmp(trend_defs[i].id, id))
            return &trend_defs[i];
    return NULL;
}

static void period_query(char *out, size_t n, const struct period *p)
{
    char f[11], t[11];
    date_format_iso(p->from, f);
    date_format_iso(p->to, t);
    if (p->pop > 0)
        snprintf(out, n, "from=%s&to=%s&population=%lld", f, t, p->pop);
    else
        snprintf(out, n, "from=%s&to=%s", f, t);
}

static void period_form(struct html *m, struct req *r, const struct period *p,
                        const struct field_errors *fe)
{
    bool typed = *form_text(&r->query, "from-day") || *form_text(&r->query, "from-month") ||
                 *form_text(&r->query, "from-year") || *form_text(&r->query, "to-day") ||
                 *form_text(&r->query, "to-month") || *form_text(&r->query, "to-year");
    H(m, "<form method=\"get\" action=\"/dashboard\" novalidate class=\"hearth-period\">"
         "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
    if (typed)
        ui_date(m, "from", "First day", "For example, 1 4 2025", &r->query, fe);
    else
        ui_date_value(m, "from", "First day", "For example, 1 4 2025", p->from, fe);
    H(m, "</div><div class=\"govuk-grid-column-one-third\">");
    if (typed)
        ui_date(m, "to", "Last day", "For example, 31 3 2026", &r->query, fe);
    else
        ui_date_value(m, "to", "Last day", "For example, 31 3 2026", p->to, fe);
    H(m, "</div><div class=\"govuk-grid-column-one-third\">");
    char pop[32] = "";
    const char *typed_pop = form_text(&r->query, "population");
    if (*typed_pop)
        snprintf(pop, sizeof pop, "%s", typed_pop);
    else if (p->pop > 0)
        snprintf(pop, sizeof pop, "%lld", p->pop);
    ui_text(m, "population", "Children aged 0 to 17", "For rates per 10,000 children", pop, fe, 10);
    H(m, "</div></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">Show figures</button></form>");
}

static void measures_tables(struct html *m, const struct kpi_result *k)
{
    const char *section = NULL;
    for (int i = 0; i < k->n; i++) {
        const struct measure *ms = &k->m[i];
        if (!section || strcmp(section, kpi_section(ms))) {
            if (section)
                H(m, "</tbody></table>");
            section = kpi_section(ms);
            H(m, "<table class=\"govuk-table hearth-measures\"><caption class=\"govuk-table__caption "
                 "govuk-table__caption--m\">%s</caption><thead class=\"govuk-table__head\"><tr "
                 "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
                 "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Number</th>"
                 "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rate or "
                 "share</th></tr></thead><tbody class=\"govuk-table__body\">",
              section);
        }
        char num[32], sh[96];
        if (ms->kind == MK_SPLIT) {
            H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\" "
                 "colspan=\"3\">%s</th></tr>",
              ms->label);
            for (int p = 0; p < ms->n_parts; p++) {
                thousands(num, sizeof num, ms->parts[p].n);
                H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header "
                     "hearth-part\">%s</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s"
                     "</td><td class=\"govuk-table__cell\"></td></tr>",
                  kpi_part_label(ms, ms->parts[p].key), num);
            }
            continue;
        }
        /* an average's number is of the children it is taken over */
        thousands(num, sizeof num, ms->kind == MK_AVERAGE ? ms->denominator : ms->value);
        share(sh, sizeof sh, ms);
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td "
             "class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          ms->label, num, sh);
    }
    if (section)
        H(m, "</tbody></table>");
}

static void trend_section(struct html *m, const struct trend_def *td, const struct trend *t,
                          const struct period *p, enum trend_step step, int index)
{
    const struct measure *first = kpi_find(&t->months[0].k, td->id);
    if (!first)
        return;
    static const char *const abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const step_word[] = {"month", "quarter", "year"};
    struct trend_bucket bk[TREND_MAX_MONTHS];
    int n = trend_group(t, td->id, step, bk);
    if (n <= 0)
        return;
    const char *labels[TREND_MAX_MONTHS], *sublabels[TREND_MAX_MONTHS];
    char years[TREND_MAX_MONTHS][8], qlab[TREND_MAX_MONTHS][24];
    double values[TREND_MAX_MONTHS];
    bool prop = first->kind == MK_PROPORTION, any_yoy = false;
    for (int i = 0; i < n; i++) {
        int y, mo, d, y2, mo2, d2;
        date_to_ymd(bk[i].from, &y, &mo, &d);
        date_to_ymd(bk[i].to, &y2, &mo2, &d2);
        if (step == TS_MONTH) {
            labels[i] = abbr[mo - 1];
            snprintf(years[i], sizeof years[i], "%d", y);
            sublabels[i] = (i == 0 || mo == 1) ? years[i] : NULL;
        } else if (step == TS_QUARTER) {
            snprintf(qlab[i], sizeof qlab[i], "%s-%s", abbr[mo - 1], abbr[mo2 - 1]);
            labels[i] = qlab[i];
            snprintf(years[i], sizeof years[i], "%d", y2);
            sublabels[i] = years[i];
        } else {
            snprintf(qlab[i], sizeof qlab[i], "%d-%02d", y2 - 1, y2 % 100);
            labels[i] = qlab[i];
            sublabels[i] = bk[i].part ? "part" : NULL;
        }
        values[i] = prop ? bk[i].pct : (double)bk[i].value;
        any_yoy |= !isnan(bk[i].yoy);
    }
    char from[40], to[40], desc[240], id[24], q[120];
    month_name(from, sizeof from, t->months[0].from);
    month_name(to, sizeof to, t->months[t->n - 1].from);
    snprintf(desc, sizeof desc, "%s, %s by %s from %s to %s%s. The numbers are in the table "
             "beside the chart.",
             prop ? "Per cent" : "Number", step_word[step], step_word[step], from, to,
             strstr(td->id, "_at_end") ? step == TS_MONTH ? ", counted on the last day of each month"
                                                         : ", counted on the last day of each"
                                       : "");
    snprintf(id, sizeof id, "trend-%d", index);
    struct chart c = {.id = id, .title = first->label, .desc = desc, .kind = td->kind, .n = n,
                      .labels = labels, .sublabels = sublabels, .values = values, .percent = prop};
    period_query(q, sizeof q, p);
    H(m, "<section class=\"hearth-trend\" aria-labelledby=\"%s-h\"><h3 class=\"govuk-heading-s\" "
         "id=\"%s-h\">%s</h3><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">",
      id, id, first->label);
    chart_svg(m, &c);
    H(m, "<p class=\"govuk-body-s\"><a class=\"govuk-link\" href=\"/dashboard/trend.csv?measure=%u&amp;",
      td->id);
    /* q holds only digits, '-', '=' and '&': escaped all the same */
    H(m, "%s\" download=\"%s.csv\">Download this trend by month (CSV)<span class=\"govuk-visually-hidden\">: "
         "%s</span></a></p></div><div class=\"govuk-grid-column-one-third\">",
      q, td->id, first->label);
    H(m, "<table class=\"govuk-table hearth-trend-table\"><caption class=\"govuk-table__caption "
         "govuk-visually-hidden\">%s, by %s</caption><thead class=\"govuk-table__head\"><tr "
         "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">%s</th>",
      first->label, step_word[step], step == TS_MONTH ? "Month" : step == TS_QUARTER ? "Quarter" : "Year");
    if (prop)
        H(m, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Per cent</th>"
             "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Of</th>");
    else
        H(m, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Number</th>");
    if (any_yoy)
        H(m, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">On a year "
             "before</th>");
    H(m, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++) {
        char when[48], a[32], b[32];
        if (step == TS_MONTH)
            month_name(when, sizeof when, bk[i].from);
        else
            trend_bucket_label(when, sizeof when, &bk[i], step);
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s%s</th>",
          when, step != TS_MONTH && bk[i].part ? " (part)" : "");
        if (prop) {
            thousands(b, sizeof b, bk[i].denominator);
            if (isnan(bk[i].pct))
                snprintf(a, sizeof a, "none");
            else
                snprintf(a, sizeof a, "%.1f%%", bk[i].pct);
            H(m, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td "
                 "class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
              a, b);
        } else {
            thousands(a, sizeof a, bk[i].value);
            H(m, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", a);
        }
        if (any_yoy) {
            if (isnan(bk[i].yoy))
                snprintf(a, sizeof a, "none");
            else
                snprintf(a, sizeof a, "%+.1f%%", bk[i].yoy);
            H(m, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", a);
        }
        H(m, "</tr>");
    }
    H(m, "</tbody></table></div></div></section>");
}

/* Months, quarters or years: a small form of its own that keeps the period. */
static void trend_step_form(struct html *m, const struct period *p, enum trend_step step)
{
    char f[11], t[11];
    date_format_iso(p->from, f);
    date_format_iso(p->to, t);
    H(m, "<form method=\"get\" action=\"/dashboard\" novalidate class=\"hearth-no-print\">"
         "<input type=\"hidden\" name=\"from\" value=\"%s\"><input type=\"hidden\" name=\"to\" "
         "value=\"%s\">", f, t);
    if (p->pop > 0)
        H(m, "<input type=\"hidden\" name=\"population\" value=\"%l\">", (int64_t)p->pop);
    static const struct ui_option opts[] = {
        {"month", "Month"}, {"quarter", "Quarter (April to June, ...)"}, {"year", "Year to 31 March"}};
    static const char *const vals[] = {"month", "quarter", "year"};
    ui_select(m, "by", "Show the trends by", opts, 3, vals[step], NULL);
    H(m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">Show the trends</button></form>");
}

void h_dashboard(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return page_error(r, out, 403, "Not available",
                          "The performance dashboard is for managers and analysts.");
    struct field_errors fe = {0};
    struct period p;
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Performance</h1>");
    if (!read_period(r, &p, &fe)) {
        ui_error_summary(&m, &fe);
        period_form(&m, r, &p, &fe);
        page_render(r, out, "Error: Performance", &m);
        html_free(&m);
        return;
    }
    struct err e;
    err_clear(&e);
    struct kpi_result k;
    struct trend t;
    int64_t made;
    bool stale;
    if (figures(r, &p, &k, &t, &made, &stale, &e) != HE_OK) {
        html_free(&m);
        return internal(r, out, &e);
    }
    char pop[32], q[120];
    thousands(pop, sizeof pop, p.pop);
    period_query(q, sizeof q, &p);
    char when[16];
    time_t mt = (time_t)made;
    struct tm tm;
    gmtime_r(&mt, &tm);
    strftime(when, sizeof when, "%H:%M:%S", &tm);
    H(&m, "<p class=\"govuk-body-l\">%D to %D. Figures only: no child is named on these pages.</p>"
          "<p class=\"govuk-body-s\">Worked out at %s UTC.%s</p>",
      p.from, p.to, when,
      stale ? " Records have changed since: newer figures are being worked out, reload in a "
              "moment to see them." : "");
    period_form(&m, r, &p, &fe);
    if (p.pop > 0)
        H(&m, "<p class=\"govuk-body\">Rates are per 10,000 of %s children aged 0 to 17.</p>", pop);
    else
        H(&m, "<p class=\"govuk-body\">The child population is not set, so rates per 10,000 are "
              "not shown. Enter it above, or ask an administrator to set it.</p>");
    H(&m, "<h2 class=\"govuk-heading-l\">Measures for the period</h2><p class=\"govuk-body\"><a "
          "class=\"govuk-link\" href=\"/dashboard/measures.csv?%s\" download=\"measures.csv\">Download "
          "the measures (CSV)</a></p>",
      q);
    measures_tables(&m, &k);
    bench_comparators_html(&m, r, &k, p.from, p.to);
    H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/report\">The committee report: "
          "the year's performance section with commentary, to print or download</a></p>");
    if (service_html(&m, r, p.from, p.to, &e) != HE_OK) {
        trend_free(&t);
        html_free(&m);
        return internal(r, out, &e);
    }
    enum trend_step step = TS_MONTH;
    const char *by = form_text(&r->query, "by");
    if (!strcmp(by, "quarter"))
        step = TS_QUARTER;
    else if (!strcmp(by, "year"))
        step = TS_YEAR;
    H(&m, "<h2 class=\"govuk-heading-l\">Trends</h2><p class=\"govuk-body\">Each measure "
          "worked out for each calendar month of the period, or gathered into quarters and years "
          "to 31 March (a quarter or year the period cuts short is marked part). Counts of children "
          "\"at the end\" are taken on the last day of each month, quarter or year. Beside each, "
          "the change on the same month, quarter or year before, as a percentage (of the percentage, "
          "for a share), where the period holds it.</p>");
    trend_step_form(&m, &p, step);
    for (int i = 0; i < N_TRENDS && t.n; i++)
        trend_section(&m, &trend_defs[i], &t, &p, step, i + 1);
    trend_free(&t);
    page_render(r, out, "Performance", &m);
    html_free(&m);
}

/* ---- CSV downloads ------------------------------------------------------------------- */
/* CSV is not HTML, so these bodies are written as plain text into the response buffer and
 * sent as text/csv (with nosniff, a browser never renders them as a page). Fields are
 * quoted when they hold a comma, quote or line break; a field starting with = + - or @ is
 * prefixed with an apostrophe so a spreadsheet never runs it as a formula. */
static void csv_field(struct buf *b, const char *s, bool last)
{
    s = s ? s : "";
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_addc(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
        buf_addc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_addc(b, '"');
        buf_addc(b, *p);
    }
    if (quote)
        buf_addc(b, '"');
    buf_adds(b, last ? "\r\n" : ",");
}

static void csv_number(struct buf *b, long long v, bool last)
{
    buf_printf(b, "%lld%s", v, last ? "\r\n" : ",");
}

static void csv_decimal(struct buf *b, double v, bool last)
{
    if (!isnan(v))
        buf_printf(b, "%.1f", v);
    buf_adds(b, last ? "\r\n" : ",");
}

static bool csv_start(struct req *r, struct resp *out, struct period *p, struct kpi_result *k,
                      struct trend *t)
{
    if (!may_see(r)) {
        page_error(r, out, 403, "Not available", "The performance figures are for managers and analysts.");
        return false;
    }
    struct field_errors fe = {0};
    if (!read_period(r, p, &fe)) {
        page_error(r, out, 400, "The period could not be read", fe.msg[0]);
        return false;
    }
    struct err e;
    err_clear(&e);
    int64_t made;
    bool stale;
    if (figures(r, p, k, t, &made, &stale, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    out->content_type = "text/csv; charset=utf-8";
    return true;
}

/* Every measure of the period, one row per figure (a split gives a row per part). */
void h_dashboard_csv(struct req *r, struct resp *out)
{
    struct period p;
    struct kpi_result k;
    struct trend t;
    if (!csv_start(r, out, &p, &k, &t))
        return;
    trend_free(&t);
    struct buf *b = &out->body.b;
    char from[11], to[11];
    date_format_iso(p.from, from);
    date_format_iso(p.to, to);
    buf_adds(b, "from,to,population,section,id,measure,part,value,denominator,pct,per_10k,average\r\n");
    for (int i = 0; i < k.n; i++) {
        const struct measure *ms = &k.m[i];
        int parts = ms->kind == MK_SPLIT ? ms->n_parts : 1;
        for (int j = 0; j < parts; j++) {
            csv_field(b, from, false);
            csv_field(b, to, false);
            csv_number(b, p.pop, false);
            csv_field(b, kpi_section(ms), false);
            csv_field(b, ms->id, false);
            csv_field(b, ms->label, false);
            if (ms->kind == MK_SPLIT) {
                csv_field(b, kpi_part_label(ms, ms->parts[j].key), false);
                csv_number(b, ms->parts[j].n, false);
                buf_adds(b, ",,,\r\n");
                continue;
            }
            csv_field(b, "", false);
            csv_number(b, ms->value, false);
            if (ms->kind == MK_PROPORTION || ms->kind == MK_AVERAGE)
                csv_number(b, ms->denominator, false);
            else
                csv_field(b, "", false);
            csv_decimal(b, ms->pct, false);
            csv_decimal(b, ms->per_10k, false);
            csv_decimal(b, ms->average, true);
        }
    }
}

/* One measure month by month: ?measure=ID and the period. */
void h_trend_csv(struct req *r, struct resp *out)
{
    const struct trend_def *td = trend_def(form_get(&r->query, "measure"));
    if (may_see(r) && !td)
        return page_error(r, out, 404, "Page not found", "There is no monthly trend of that measure.");
    struct period p;
    struct kpi_result k;
    struct trend t;
    if (!csv_start(r, out, &p, &k, &t))
        return;
    struct buf *b = &out->body.b;
    buf_adds(b, "month_from,month_to,id,measure,value,denominator,pct,per_10k\r\n");
    for (int i = 0; i < t.n; i++) {
        const struct measure *ms = kpi_find(&t.months[i].k, td->id);
        char f[11], to[11];
        date_format_iso(t.months[i].from, f);
        date_format_iso(t.months[i].to, to);
        csv_field(b, f, false);
        csv_field(b, to, false);
        csv_field(b, ms->id, false);
        csv_field(b, ms->label, false);
        csv_number(b, ms->value, false);
        if (ms->kind == MK_PROPORTION)
            csv_number(b, ms->denominator, false);
        else
            csv_field(b, "", false);
        csv_decimal(b, ms->pct, false);
        csv_decimal(b, ms->per_10k, true);
    }
    trend_free(&t);
}
