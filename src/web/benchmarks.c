/* web/benchmarks: the comparators under the dashboard's measures and the benchmarking page
 * (benchmarks.h). Both read the one bench the server shares (measure/bench_source.h: the
 * shipped figures overlaid by any loaded into the store, ranked once), so a page only
 * looks figures up and sorts ~150 numbers. The change from the year before is a GOV.UK tag
 * whose words say up or down and better or worse: the colour is never the only sign. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../measure/bench_source.h"
#include "../measure/compare.h"
#include "benchmarks.h"
#include "chart.h"
#include "keep.h"

static bool may_see(const struct req *r)
{
    return r->user.role == ROLE_ANALYST || r->user.role == ROLE_TEAM_MANAGER ||
           r->user.role == ROLE_ADMIN;
}

/* At start: the shared published figures (read, merged with any loaded, ranked: tens of
 * milliseconds for the 150-odd areas) are built in the background, so that the first
 * person to open the report or the benchmarking page does not wait for them. */
static void *bench_warm_main(void *arg)
{
    const struct web_conf *conf = arg;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    const struct bench *b;
    int rc = store_open(conf->db, 0, &s, &e);
    if (rc == HE_OK && (rc = bench_shared_get(s, &b, &e)) == HE_OK)
        bench_shared_put(b);
    if (s)
        store_close(s);
    if (rc != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: the published figures: %s\n", msg);
    }
    return NULL;
}

void bench_warm(const struct web_conf *conf)
{
    if (keep_thread(bench_warm_main, (void *)conf) != 0)
        fprintf(stderr, "hearth serve: could not start working out the published figures ahead of the first view\n");
}

int web_la_code(struct req *r)
{
    struct err e;
    char *v = NULL;
    int la = 0;
    err_clear(&e);
    if (store_get_setting(r->st, "la_code", &v, &e) == HE_OK && v && strlen(v) == 3) {
        char *end;
        long n = strtol(v, &end, 10);
        if (!*end && n > 0 && bench_is_authority((int)n))
            la = (int)n;
    }
    free(v);
    return la;
}

static bool is_percent(const struct bench_measure *bm)
{
    return bm && bm->unit[0] == '%';
}

void bench_cell(char *out, size_t n, const struct bench_measure *bm, double v)
{
    char num[32];
    bench_format(num, sizeof num, bm, v);
    if (!num[0])
        snprintf(out, n, "none");
    else
        snprintf(out, n, "%s%s", num, is_percent(bm) ? "%" : "");
}

static void own_cell(char *out, size_t n, const struct comparison *c)
{
    if (isnan(c->own))
        snprintf(out, n, "none");
    else if (c->figure == CF_COUNT)
        snprintf(out, n, "%.0f", c->own);
    else
        snprintf(out, n, "%.1f%s", c->own, c->figure == CF_PCT ? "%" : "");
}

/* The change tag: arrow (hidden from screen readers), words, colour by polarity. */
static void change_tag(struct html *m, const struct comparison *c)
{
    if (isnan(c->change)) {
        H(m, "<span class=\"govuk-body-s\">No earlier figure</span>");
        return;
    }
    char amount[32];
    double a = fabs(c->change);
    if (c->figure == CF_COUNT)
        snprintf(amount, sizeof amount, "%.0f", a);
    else
        snprintf(amount, sizeof amount, "%.1f%s", a, c->figure == CF_PCT ? " points" : "");
    bool flat = c->figure == CF_COUNT ? a < 0.5 : a < 0.05;
    const char *cls = c->better > 0 ? "govuk-tag--green" : c->better < 0 ? "govuk-tag--red"
                                                                         : "govuk-tag--grey";
    const char *dir = flat ? "No change" : c->change > 0 ? "Up" : "Down";
    const char *judge = c->bm->polarity == BENCH_NEUTRAL || flat ? ""
                        : c->better > 0                          ? " (better)"
                                                                 : " (worse)";
    H(m, "<strong class=\"govuk-tag %s hearth-change\"><span aria-hidden=\"true\">", cls);
    /* the arrow is one of three fixed entities chosen above, never data */
    if (flat)
        H(m, "&#9654;");
    else if (c->change > 0)
        H(m, "&#9650;");
    else
        H(m, "&#9660;");
    H(m, "</span> %s%s%s%s</strong><span class=\"govuk-body-s\"> since %s</span>", dir,
      flat ? "" : " ", flat ? "" : amount, judge, c->previous_year ? c->previous_year : "");
}

void bench_comparators_html(struct html *m, struct req *r, const struct kpi_result *k, day_t from,
                            day_t to)
{
    H(m, "<h2 class=\"govuk-heading-l\" id=\"compare\">How the figures compare</h2>");
    int la = web_la_code(r);
    if (!la) {
        H(m, "<p class=\"govuk-body\">The authority's DfE number is not set, so its figures cannot "
             "be set beside the published ones. Ask an administrator to set it.</p>");
        return;
    }
    struct err e;
    err_clear(&e);
    const struct bench *b;
    if (bench_shared_get(r->st, &b, &e) != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: the published figures: %s\n", msg);
        H(m, "<p class=\"govuk-body\">The published figures could not be read: try again in a "
             "moment.</p>");
        return;
    }
    struct comparison cs[64];
    int n = compare_kpi(b, la, k, from, to, cs, 64);
    const struct bench_area *a = bench_area(b, la);
    const struct bench_area *reg = a ? bench_area(b, a->region_area) : NULL;
    int pyear = compare_period_year(from, to);
    H(m, "<p class=\"govuk-body\">Each measure that the DfE publishes for every authority, set "
         "beside the published figures: %s's own published figure for the same year, the average "
         "of its ten statistical neighbours (the authorities most like it), %s and England. Rank 1 "
         "is the best of the authorities; band A is the best quarter and D the lowest.",
      a ? a->name : "", reg ? reg->name : "its region");
    if (!pyear)
        H(m, " The period is not a whole year to 31 March, so each measure is compared with the "
             "latest published year before it.");
    H(m, " <a class=\"govuk-link\" href=\"/benchmarks\">See every authority on a measure</a>.</p>");
    if (!n) {
        H(m, "<p class=\"govuk-body\">Nothing is published to compare with.</p>");
        bench_shared_put(b);
        return;
    }
    H(m, "<table class=\"govuk-table govuk-table--small-text-until-tablet hearth-compare\">"
         "<caption class=\"govuk-table__caption govuk-table__caption--m\">The period beside the "
         "published figures<span class=\"govuk-caption-m\">Published, neighbours, region, England, "
         "rank and band are for the published year named beside each measure</span></caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">From the records</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Published</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Neighbours</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Region</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">England</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rank</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Band</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Change</th></tr></thead>"
         "<tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++) {
        const struct comparison *c = &cs[i];
        char own[32], pub[32], nb[32], rg[32], en[32], rank[32];
        own_cell(own, sizeof own, c);
        bench_cell(pub, sizeof pub, c->bm, c->same_year ? c->published : NAN);
        bench_cell(nb, sizeof nb, c->bm, c->f.neighbours);
        bench_cell(rg, sizeof rg, c->bm, c->f.region);
        bench_cell(en, sizeof en, c->bm, c->f.england);
        if (c->f.rank)
            snprintf(rank, sizeof rank, "%d of %d", c->f.rank, c->f.n_ranked);
        else
            snprintf(rank, sizeof rank, "%s", c->bm->polarity == BENCH_NEUTRAL ? "not ranked" : "none");
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "<span class=\"govuk-body-s hearth-dfe\"> (DfE: <a class=\"govuk-link\" "
             "href=\"/benchmarks?measure=%u&amp;year=%u\">%s, %s</a>)</span></th>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s",
          c->own_m->label, c->bm->code, c->series->year, c->bm->code, c->series->year, own,
          c->same_year ? pub : "not yet");
        if (c->gap)
            H(m, " <strong class=\"govuk-tag govuk-tag--yellow\">Differs</strong><span "
                 "class=\"govuk-visually-hidden\"> from the records by more than rounding</span>");
        H(m, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
          nb, rg, en, rank, c->f.quartile ? (char[2]){c->f.quartile, 0} : "none");
        change_tag(m, c);
        H(m, "</td></tr>");
    }
    H(m, "</tbody></table>");
    bool any_gap = false;
    for (int i = 0; i < n; i++)
        any_gap |= cs[i].gap;
    if (any_gap)
        H(m, "<div class=\"govuk-inset-text\">Where the records and the published figure differ by "
             "more than rounding (marked Differs), a return was usually corrected after it was "
             "sent: the DfE publishes the returns as it cleaned them.</div>");
    bench_shared_put(b);
}

/* ---- the benchmarking page ----------------------------------------------------------- */

struct ranked_row {
    int area;  /* index into bench.areas */
    double v;
    int rank;
};

static int cmp_desc(const void *x, const void *y)
{
    const struct ranked_row *a = x, *c = y;
    if (a->v != c->v)
        return a->v > c->v ? -1 : 1;
    return a->area - c->area;
}

static int cmp_rank(const void *x, const void *y)
{
    const struct ranked_row *a = x, *c = y;
    if (a->rank != c->rank)
        return a->rank - c->rank;
    return a->area - c->area;
}

/* The page's body for a measure and year, its form too, kept: it changes only with the
 * bench (a new serial) or the authority. Enough slots for the latest year of every
 * published measure (171 in the shipped figures, about 75 KB a page) and some earlier
 * years: with fewer, people looking through the measures in turn push each other's out. */
#define PAGE_SLOTS 256
static struct {
    bool used;
    unsigned long long serial;
    int la;
    char measure[72], year[24];
    int64_t last_used;
    struct html body;
} pages[PAGE_SLOTS];
static pthread_mutex_t pages_lock = PTHREAD_MUTEX_INITIALIZER;

static bool page_cached(const struct bench *b, int la, const char *measure, const char *year,
                        int64_t now, struct html *out)
{
    bool hit = false;
    pthread_mutex_lock(&pages_lock);
    for (int i = 0; i < PAGE_SLOTS && !hit; i++)
        if (pages[i].used && pages[i].serial == b->serial && pages[i].la == la &&
            !strcmp(pages[i].measure, measure) && !strcmp(pages[i].year, year)) {
            H(out, "%h", &pages[i].body);
            pages[i].last_used = now;
            hit = true;
        }
    pthread_mutex_unlock(&pages_lock);
    return hit;
}

static void page_keep(const struct bench *b, int la, const char *measure, const char *year,
                      int64_t now, const struct html *body)
{
    pthread_mutex_lock(&pages_lock);
    int slot = 0;
    for (int i = 0; i < PAGE_SLOTS; i++) {
        if (!pages[i].used) {
            slot = i;
            break;
        }
        if (pages[i].last_used < pages[slot].last_used)
            slot = i;
    }
    html_free(&pages[slot].body);
    pages[slot].used = true;
    pages[slot].serial = b->serial;
    pages[slot].la = la;
    snprintf(pages[slot].measure, sizeof pages[slot].measure, "%s", measure);
    snprintf(pages[slot].year, sizeof pages[slot].year, "%s", year);
    pages[slot].last_used = now;
    H(&pages[slot].body, "%h", body);
    pthread_mutex_unlock(&pages_lock);
}

static void ranked_body(struct html *m, const struct bench *b, int la, const struct bench_measure *bm,
                        const struct bench_series *s);

void h_benchmarks(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return page_error(r, out, 403, "Not available",
                          "The published figures are for managers and analysts.");
    struct err e;
    err_clear(&e);
    const struct bench *b;
    if (bench_shared_get(r->st, &b, &e) != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: the published figures: %s\n", msg);
        return page_error(r, out, 500, "Sorry, there is a problem with the service",
                          "The published figures could not be read: try again in a moment.");
    }
    int la = web_la_code(r);
    struct field_errors fe = {0};
    const char *code = form_text(&r->query, "measure");
    const char *year = form_text(&r->query, "year");
    int mi = *code ? bench_measure_index(b, code) : bench_measure_index(b, "ReReferral");
    if (mi < 0) {
        fe_add(&fe, "measure", "Choose a measure from the list");
        mi = bench_measure_index(b, "ReReferral");
    }
    const struct bench_measure *bm = mi >= 0 ? &b->measures[mi] : NULL;
    const struct bench_series *s = NULL;
    if (bm && *year && !fe.n && !(s = bench_series(b, mi, year)))
        fe_add(&fe, "year", "Choose a year the measure is published for");
    if (bm && !s)
        s = bench_series_latest(b, mi, 0);

    struct html m = HTML_INIT;
    /* without an error the whole body, the form's long list of measures too, is the
     * same for everyone of the authority until the bench changes: kept */
    bool keep = !fe.n && bm && s && strlen(bm->code) < 72;
    if (keep && page_cached(b, la, bm->code, s->year, r->now, &m)) {
        page_render(r, out, "Published figures", &m);
        html_free(&m);
        bench_shared_put(b);
        return;
    }
    if (fe.n)
        ui_error_summary(&m, &fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Published figures for every authority</h1>"
          "<p class=\"govuk-body\">The DfE's published figures (its Local Authority Interactive "
          "Tool) for each authority, ranked; this authority, its statistical neighbours and England "
          "are marked.</p>");
    /* the form: a measure, then one of its years */
    struct ui_option *opts = xcalloc((size_t)b->n_measures + 1, sizeof *opts);
    char (*labels)[300] = xcalloc((size_t)b->n_measures + 1, sizeof *labels);
    for (int i = 0; i < b->n_measures; i++) {
        snprintf(labels[i], sizeof labels[i], "%s: %s", b->measures[i].topic, b->measures[i].name);
        opts[i].value = b->measures[i].code;
        opts[i].label = labels[i];
    }
    H(&m, "<form method=\"get\" action=\"/benchmarks\" novalidate>");
    ui_select(&m, "measure", "Measure", opts, b->n_measures, bm ? bm->code : "", &fe);
    free(opts);
    free(labels);
    struct ui_option yopts[64];
    int ny = 0;
    for (int i = 0; bm && i < b->n_series && ny < 64; i++)
        if (b->series[i]->measure == mi)
            yopts[ny++] = (struct ui_option){b->series[i]->year, b->series[i]->year};
    ui_select(&m, "year", "Year (leave as it is when you change the measure)", yopts, ny,
              s ? s->year : "", &fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
          "data-module=\"govuk-button\">Show</button></form>");
    if (!bm || !s) {
        H(&m, "<p class=\"govuk-body\">Nothing is published for this measure.</p>");
        page_render(r, out, "Published figures", &m);
        html_free(&m);
        bench_shared_put(b);
        return;
    }

    ranked_body(&m, b, la, bm, s);
    if (keep)
        page_keep(b, la, bm->code, s->year, r->now, &m);
    page_render(r, out, "Published figures", &m);
    html_free(&m);
    bench_shared_put(b);
}

static void ranked_body(struct html *m, const struct bench *b, int la, const struct bench_measure *bm,
                        const struct bench_series *s)
{
    /* the authorities with a figure, best first (by value, high first, when neither way is
     * better) */
    struct ranked_row rows[BENCH_MAX_AREAS];
    int n = 0;
    for (int i = 0; i < b->n_areas; i++)
        if (bench_is_authority(b->areas[i].code) && !isnan(s->v[i]))
            rows[n++] = (struct ranked_row){i, s->v[i], s->rank[i]};
    qsort(rows, (size_t)n, sizeof rows[0], bm->polarity == BENCH_NEUTRAL ? cmp_desc : cmp_rank);
    const struct bench_area *self = la ? bench_area(b, la) : NULL;
    unsigned char marks[BENCH_MAX_AREAS] = {0};
    double values[BENCH_MAX_AREAS];
    for (int i = 0; i < n; i++) {
        const struct bench_area *a = &b->areas[rows[i].area];
        values[i] = rows[i].v;
        if (self && a == self)
            marks[i] = CHART_MARK_SELF;
        for (int k = 0; self && k < BENCH_NEIGHBOURS; k++)
            if (self->neighbours[k] == a->code)
                marks[i] = CHART_MARK_NEIGHBOUR;
    }
    struct bench_figure f;
    bench_figure(b, s, self ? la : BENCH_ENGLAND, &f);
    char en[32], eng_label[64], desc[600], title[400];
    bench_cell(en, sizeof en, bm, f.england);
    snprintf(eng_label, sizeof eng_label, "England: %s", en);
    snprintf(title, sizeof title, "%s, %s", bm->name, s->year);
    snprintf(desc, sizeof desc, "%d authorities, %s. %s The numbers are in the table below the "
             "chart.", n,
             bm->polarity == BENCH_HIGH   ? "best (highest) first"
             : bm->polarity == BENCH_LOW ? "best (lowest) first"
                                         : "highest first; neither higher nor lower is better",
             self ? "This authority's bar is marked with an arrow and its neighbours' in orange."
                  : "");
    H(m, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s, %s. %s</p>", bm->name,
      bm->topic, s->year,
      bm->polarity == BENCH_HIGH   ? "Higher is better."
      : bm->polarity == BENCH_LOW ? "Lower is better."
                                  : "Neither higher nor lower is better, so authorities are not ranked.");
    if (self) {
        char v[32], nb[32], rg[32];
        bench_cell(v, sizeof v, bm, f.value);
        bench_cell(nb, sizeof nb, bm, f.neighbours);
        bench_cell(rg, sizeof rg, bm, f.region);
        const struct bench_area *reg = bench_area(b, f.region_area);
        H(m, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt "
              "class=\"govuk-summary-list__key\">%s</dt><dd class=\"govuk-summary-list__value\">%s",
          self->name, v);
        if (f.rank)
            H(m, ", ranked %d of %d (band %s)", f.rank, f.n_ranked, (char[2]){f.quartile, 0});
        H(m, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
              "Statistical neighbours (average of %d)</dt><dd class=\"govuk-summary-list__value\">%s</dd>"
              "</div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
              "<dd class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\">"
              "<dt class=\"govuk-summary-list__key\">England</dt><dd class=\"govuk-summary-list__value\">"
              "%s</dd></div></dl>",
          f.n_neighbours, nb, reg ? reg->name : "Region", rg, en);
    }
    struct chart_ranked ch = {.id = "ranked", .title = title, .desc = desc, .n = n, .values = values,
                              .marks = marks, .self_label = self ? self->name : NULL,
                              .reference = f.england, .reference_label = eng_label,
                              .percent = is_percent(bm)};
    chart_ranked_svg(m, &ch);
    H(m, "<table class=\"govuk-table govuk-table--small-text-until-tablet\"><caption "
          "class=\"govuk-table__caption govuk-table__caption--m\">%s, every authority</caption>"
          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
          "class=\"govuk-table__header govuk-table__header--numeric\">Rank</th><th scope=\"col\" "
          "class=\"govuk-table__header\">Authority</th><th scope=\"col\" class=\"govuk-table__header "
          "govuk-table__header--numeric\">Figure</th><th scope=\"col\" class=\"govuk-table__header\">"
          "Band</th></tr></thead><tbody class=\"govuk-table__body\">",
      title);
    for (int i = 0; i < n; i++) {
        const struct bench_area *a = &b->areas[rows[i].area];
        char v[32], rk[16];
        bench_cell(v, sizeof v, bm, rows[i].v);
        if (rows[i].rank)
            snprintf(rk, sizeof rk, "%d", rows[i].rank);
        else
            snprintf(rk, sizeof rk, "-");
        char q = bench_quartile(rows[i].rank, s->n_ranked);
        H(m, "<tr class=\"govuk-table__row%s\"><td class=\"govuk-table__cell govuk-table__cell--numeric\">"
              "%s</td><td class=\"govuk-table__cell\">%s",
          marks[i] == CHART_MARK_SELF ? " hearth-self" : "", rk, a->name);
        if (marks[i] == CHART_MARK_SELF)
            H(m, " <strong class=\"govuk-tag govuk-tag--blue\">This authority</strong>");
        else if (marks[i] == CHART_MARK_NEIGHBOUR)
            H(m, " <strong class=\"govuk-tag govuk-tag--orange\">Statistical neighbour</strong>");
        H(m, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td "
              "class=\"govuk-table__cell\">%s</td></tr>",
          v, q ? (char[2]){q, 0} : "-");
    }
    H(m, "</tbody></table><p class=\"govuk-body-s\">England: %s. Authorities with no published "
          "figure for the year are left out.</p>",
      en);
}
