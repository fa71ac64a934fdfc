/* web/report: the committee report's performance section (measure/report.h) as a page, its
 * commentary form, and its spreadsheet (format/report_export.h). The authority's own figures
 * come from kept measures (dashboard.c: the year's measures are worked out once from its
 * facts alone, and at start for the latest year), the published ones from the shared bench, and the page's body is kept
 * while both and the commentary are the same, so a report is a few small reads and the
 * page around the kept body. The page prints through www/print.css: navigation and forms
 * are left off, the commentary is printed as text. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../format/report_export.h"
#include "../measure/bench_source.h"
#include "../measure/report.h"
#include "../store/benchmarks.h"
#include "../util/elapsed.h"
#include "benchmarks.h"
#include "chart.h"

#define COMMENTARY_MAX 10000

static bool may_see(const struct req *r)
{
    return r->user.role == ROLE_ANALYST || r->user.role == ROLE_TEAM_MANAGER ||
           r->user.role == ROLE_ADMIN;
}

static int latest_year(day_t today)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    return (m > 3 || (m == 3 && d == 31)) ? y : y - 1;
}

/* ?year=YYYY (or the form's year), else the latest year ended; 0 when it is not one. */
static int read_year(struct req *r, const struct form *f)
{
    const char *s = form_text(f, "year");
    int latest = latest_year(r->today);
    if (!*s)
        return latest;
    char *end;
    long y = strtol(s, &end, 10);
    if (*end || y < 2016 || y > latest)
        return 0;
    return (int)y;
}

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "The report could not be made: try again in a moment.");
}

/* Everything a report needs, gathered once: the shared bench is held until report_end. */
struct report_ctx {
    const struct bench *b;
    struct kpi_result k;
    struct report rp;
    struct store_commentary cm[REPORT_SECTIONS];
    int n_cm;
};

static int report_start(struct req *r, int year, int la, struct report_ctx *x, struct err *e)
{
    memset(x, 0, sizeof *x);
    int rc = bench_shared_get(r->st, &x->b, e);
    if (rc != HE_OK)
        return rc;
    rc = dashboard_measures(r, date_from_ymd(year - 1, 4, 1), date_from_ymd(year, 3, 31), &x->k, e);
    if (rc == HE_OK)
        rc = store_commentary_list(r->st, year, x->cm, REPORT_SECTIONS, &x->n_cm, e);
    if (rc != HE_OK) {
        bench_shared_put(x->b);
        return rc;
    }
    report_build(x->b, la, year, &x->k, &x->rp);
    return HE_OK;
}

static void report_end(struct report_ctx *x)
{
    for (int i = 0; i < x->n_cm; i++)
        free(x->cm[i].text);
    bench_shared_put(x->b);
}

static const struct store_commentary *commentary(const struct report_ctx *x, const char *section)
{
    for (int i = 0; i < x->n_cm; i++)
        if (!strcmp(x->cm[i].section, section))
            return &x->cm[i];
    return NULL;
}

static void own_text(char *out, size_t n, const struct comparison *c)
{
    if (!c->map || isnan(c->own))
        snprintf(out, n, "%s", c->map ? "none" : "not recorded");
    else if (c->figure == CF_COUNT)
        snprintf(out, n, "%.0f", c->own);
    else
        snprintf(out, n, "%.1f%s", c->own, c->figure == CF_PCT ? "%" : "");
}

static void change_text(struct html *m, const struct comparison *c)
{
    if (isnan(c->change)) {
        H(m, "No earlier figure");
        return;
    }
    double a = fabs(c->change);
    bool flat = a < 0.05;
    char amount[32];
    snprintf(amount, sizeof amount, "%.1f", a);
    const char *cls = c->better > 0 ? "govuk-tag--green" : c->better < 0 ? "govuk-tag--red"
                                                                         : "govuk-tag--grey";
    H(m, "<strong class=\"govuk-tag %s hearth-change\"><span aria-hidden=\"true\">", cls);
    if (flat)
        H(m, "&#9654;");
    else if (c->change > 0)
        H(m, "&#9650;");
    else
        H(m, "&#9660;");
    H(m, "</span> %s%s%s%s</strong> <span class=\"govuk-body-s\">since %s</span>",
      flat ? "No change" : c->change > 0 ? "Up" : "Down", flat ? "" : " ", flat ? "" : amount,
      c->bm->polarity == BENCH_NEUTRAL || flat ? "" : c->better > 0 ? " (better)" : " (worse)",
      c->previous_year);
}

static void section_table(struct html *m, const struct report_section *sec)
{
    H(m, "<table class=\"govuk-table govuk-table--small-text-until-tablet\"><caption "
         "class=\"govuk-table__caption govuk-table__caption--s\">%s: the year beside the published "
         "figures</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">From the records</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Published</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Difference</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Neighbours</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Region</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">England</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rank</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Band</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Change</th></tr></thead>"
         "<tbody class=\"govuk-table__body\">",
      sec->title);
    for (int i = 0; i < sec->n; i++) {
        const struct comparison *c = &sec->rows[i].c;
        char own[32], pub[48], diff[32] = "", nb[32], rg[32], en[32], rank[32];
        own_text(own, sizeof own, c);
        bench_cell(pub, sizeof pub, c->bm, c->same_year ? c->published : NAN);
        if (!c->same_year)
            snprintf(pub, sizeof pub, "not yet (%s)", c->series->year);
        if (c->same_year && c->map && !isnan(c->own) && !isnan(c->published))
            snprintf(diff, sizeof diff, "%+.1f", c->own - c->published);
        bench_cell(nb, sizeof nb, c->bm, c->f.neighbours);
        bench_cell(rg, sizeof rg, c->bm, c->f.region);
        bench_cell(en, sizeof en, c->bm, c->f.england);
        if (c->f.rank)
            snprintf(rank, sizeof rank, "%d of %d", c->f.rank, c->f.n_ranked);
        else
            snprintf(rank, sizeof rank, "%s", c->bm->polarity == BENCH_NEUTRAL ? "not ranked" : "none");
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s",
          sec->rows[i].label, own, pub, diff);
        if (c->gap)
            H(m, " <strong class=\"govuk-tag govuk-tag--yellow\">Differs</strong><span "
                 "class=\"govuk-visually-hidden\"> by more than rounding</span>");
        H(m, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
          nb, rg, en, rank, c->f.quartile ? (char[2]){c->f.quartile, 0} : "none");
        change_text(m, c);
        H(m, "</td></tr>");
    }
    H(m, "</tbody></table>");
}

static void row_trend(struct html *m, const struct report_row *row, const char *la_name, int s, int i)
{
    if (row->n_years < 2)
        return;
    char id[32], desc[400];
    snprintf(id, sizeof id, "trend-%d-%d", s, i);
    snprintf(desc, sizeof desc, "%s's published figure, %s to %s. The numbers, with the "
             "neighbours' average and England, are in the table beside the chart.", la_name,
             row->years[0], row->years[row->n_years - 1]);
    struct chart ch = {.id = id, .title = row->label, .desc = desc, .kind = CHART_LINE,
                       .n = row->n_years, .labels = row->years, .values = row->self,
                       .percent = row->c.bm->unit[0] == '%'};
    bool negative = false;
    for (int k = 0; k < row->n_years; k++)
        negative |= row->self[k] < 0;
    H(m, "<div class=\"govuk-grid-row hearth-report-trend\"><div class=\"govuk-grid-column-one-half\">");
    if (!negative) /* the line chart's axis starts at 0: scores below it are left to the table */
        chart_svg(m, &ch);
    H(m, "</div><div class=\"govuk-grid-column-one-half\"><table class=\"govuk-table "
         "govuk-table--small-text-until-tablet\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">%s, by year</caption><thead class=\"govuk-table__head\"><tr "
         "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Year</th><th "
         "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th><th "
         "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Neighbours</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">England</th>"
         "</tr></thead><tbody class=\"govuk-table__body\">",
      row->label, la_name);
    for (int k = 0; k < row->n_years; k++) {
        char a[32], b[32], c[32];
        bench_cell(a, sizeof a, row->c.bm, row->self[k]);
        bench_cell(b, sizeof b, row->c.bm, row->neighbours[k]);
        bench_cell(c, sizeof c, row->c.bm, row->england[k]);
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td "
             "class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td "
             "class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          row->years[k], a, b, c);
    }
    H(m, "</tbody></table></div></div>");
}

static void section_figures(struct html *m, const struct report_ctx *x, const char *la_name, int s)
{
    const struct report_section *sec = &x->rp.s[s];
    if (!sec->n)
        H(m, "<p class=\"govuk-body\">Nothing is published for this section for the year.</p>");
    else
        section_table(m, sec);
    for (int i = 0; i < sec->n; i++)
        row_trend(m, &sec->rows[i], la_name, s, i);
}

/* The page's body but for the form's CSRF token: head before it, tail after. typed and fe:
 * what was typed and its errors when a save was refused (never kept). */
static void body_html(struct req *r, const struct report_ctx *x, int year, int la,
                      const struct form *typed, const struct field_errors *fe, struct html *head,
                      struct html *tail)
{
    const struct bench_area *a = bench_area(x->b, la);
    const struct bench_area *reg = a ? bench_area(x->b, a->region_area) : NULL;
    struct html *m = head;
    H(m, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Performance "
         "report: year to 31 March %d</h1>",
      a ? a->name : "", year);
    H(m, "<form method=\"get\" action=\"/report\" novalidate class=\"hearth-no-print\">");
    struct ui_option yopts[32];
    char ylab[32][12];
    int ny = 0;
    for (int y = latest_year(r->today); y >= 2016 && ny < 32; y--, ny++) {
        snprintf(ylab[ny], sizeof ylab[ny], "%d", y);
        yopts[ny] = (struct ui_option){ylab[ny], ylab[ny]};
    }
    ui_select(m, "year", "Year to 31 March", yopts, ny, ylab[latest_year(r->today) - year], NULL);
    H(m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">Show the year</button></form>");
    H(m, "<p class=\"govuk-body hearth-no-print\"><a class=\"govuk-link\" href=\"/report.xlsx?year=%d\" "
         "download=\"performance-%d.xlsx\">Download the report as a spreadsheet</a>. To print it, "
         "use your browser's print command: the navigation and forms are left off.</p>",
      year, year);
    H(m, "<p class=\"govuk-body\">Each measure for the year from %s's records where hearth works it "
         "out, beside the DfE's published figure for %s (the returns as the DfE cleaned them: a "
         "difference beyond rounding is marked), the average of its ten statistical neighbours, "
         "%s and England, its rank among the authorities (1 is best) and its band (A is the best "
         "quarter), the change from the year before, and its last five published years.</p>",
      a ? a->name : "", a ? a->name : "", reg ? reg->name : "its region");
    H(m, "<form method=\"post\" action=\"/report\" novalidate>");
    m = tail;
    H(m, "<input type=\"hidden\" name=\"year\" value=\"%d\">", year);
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        const struct report_section *sec = &x->rp.s[s];
        H(m, "<section class=\"hearth-report-section\" aria-labelledby=\"%s-h\"><h2 "
             "class=\"govuk-heading-l\" id=\"%s-h\">%s</h2>",
          sec->id, sec->id, sec->title);
        section_figures(m, x, a ? a->name : "", s);
        const struct store_commentary *cm = commentary(x, sec->id);
        char name[48], label[96];
        snprintf(name, sizeof name, "commentary-%s", sec->id);
        snprintf(label, sizeof label, "Commentary on %s", sec->title);
        const char *value = typed ? form_text(typed, name) : cm ? cm->text : "";
        if (cm) {
            char when[32];
            time_t t = (time_t)cm->written_at;
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
            H(m, "<div class=\"hearth-print-only\"><h3 class=\"govuk-heading-s\">Commentary</h3>"
                 "<p class=\"govuk-body hearth-pre\">%s</p></div><p class=\"govuk-body-s "
                 "hearth-no-print\">Last saved by %s on %s UTC.</p>",
              cm->text, cm->written_by, when);
        }
        H(m, "<div class=\"hearth-no-print\">");
        ui_textarea(m, name, label, "What the committee should know about these figures", value, fe);
        H(m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save the "
             "commentary</button></div></section>");
    }
    H(m, "</form>");
}

/* The body of each (year, authority) report last drawn, kept while what it was drawn from
 * is the same: the published figures (the bench's serial), the year's measures, the
 * commentary (its digest: every section's text, author and time, so a save shows at
 * once) and the latest year offered. A request is then a few small reads and the page
 * around the kept body. The year's measures themselves are asked of dashboard.c's kept
 * measures at most once a MEASURES_RECHECK_MS (its change stamp reads every record version, the
 * largest part of a request's work), so a change to the records reaches the report within
 * that, as it reaches the dashboard once its background refresh is done. */
#define REPORT_SLOTS 8
#define MEASURES_RECHECK_MS 1000
static struct {
    bool used, drawn;
    int year, la, latest;
    int64_t checked_ms, last_used;
    struct kpi_result k;
    unsigned long long serial;
    uint64_t digest;
    struct html head, tail;
} kept[REPORT_SLOTS];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211ULL;
    return h;
}

static uint64_t commentary_digest(const struct report_ctx *x)
{
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < x->n_cm; i++) {
        const struct store_commentary *c = &x->cm[i];
        h = fnv(h, c->section, strlen(c->section) + 1);
        h = fnv(h, c->text, strlen(c->text) + 1);
        h = fnv(h, c->written_by, strlen(c->written_by) + 1);
        h = fnv(h, &c->written_at, sizeof c->written_at);
    }
    return h;
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Field by field: a struct copy need not carry its padding, so memcmp would see changes
 * that are not there. */
static bool kpi_same(const struct kpi_result *a, const struct kpi_result *b)
{
    if (a->n != b->n || a->from != b->from || a->to != b->to || a->population != b->population)
        return false;
    for (int i = 0; i < a->n; i++) {
        const struct measure *x = &a->m[i], *y = &b->m[i];
        if (x->id != y->id || x->value != y->value || x->denominator != y->denominator ||
            !same_double(x->pct, y->pct) || !same_double(x->per_10k, y->per_10k) ||
            x->n_parts != y->n_parts)
            return false;
        for (int p = 0; p < x->n_parts; p++)
            if (x->parts[p].key != y->parts[p].key || x->parts[p].n != y->parts[p].n)
                return false;
    }
    return true;
}

static int kept_slot(int year, int la, int latest)
{
    for (int i = 0; i < REPORT_SLOTS; i++)
        if (kept[i].used && kept[i].year == year && kept[i].la == la && kept[i].latest == latest)
            return i;
    return -1;
}

/* The year's measures: the kept ones when checked within MEASURES_RECHECK_MS, else the
 * dashboard's (and kept). */
static int year_measures(struct req *r, int year, int la, struct kpi_result *k, struct err *e)
{
    int latest = latest_year(r->today);
    int64_t t = elapsed_now_ms();
    pthread_mutex_lock(&kept_lock);
    int i = kept_slot(year, la, latest);
    bool fresh = i >= 0 && t - kept[i].checked_ms < MEASURES_RECHECK_MS;
    if (fresh)
        *k = kept[i].k;
    pthread_mutex_unlock(&kept_lock);
    if (fresh)
        return HE_OK;
    int rc = dashboard_measures(r, date_from_ymd(year - 1, 4, 1), date_from_ymd(year, 3, 31), k, e);
    if (rc != HE_OK)
        return rc;
    pthread_mutex_lock(&kept_lock);
    if ((i = kept_slot(year, la, latest)) < 0) {
        i = 0;
        for (int j = 0; j < REPORT_SLOTS; j++) {
            if (!kept[j].used) {
                i = j;
                break;
            }
            if (kept[j].last_used < kept[i].last_used)
                i = j;
        }
        html_free(&kept[i].head);
        html_free(&kept[i].tail);
        kept[i].used = true;
        kept[i].drawn = false;
        kept[i].year = year;
        kept[i].la = la;
        kept[i].latest = latest;
    }
    if (!kpi_same(&kept[i].k, k)) {
        kept[i].k = *k;
        kept[i].drawn = false;
    }
    kept[i].checked_ms = t;
    kept[i].last_used = t;
    pthread_mutex_unlock(&kept_lock);
    return HE_OK;
}

/* head and tail from the kept body when it was drawn from the same figures. */
static bool body_kept(int year, int la, int latest, unsigned long long serial, uint64_t digest,
                      const struct kpi_result *k, struct html *head, struct html *tail)
{
    bool hit = false;
    pthread_mutex_lock(&kept_lock);
    int i = kept_slot(year, la, latest);
    if (i >= 0 && kept[i].drawn && kept[i].serial == serial && kept[i].digest == digest &&
        kpi_same(&kept[i].k, k)) {
        H(head, "%h", &kept[i].head);
        H(tail, "%h", &kept[i].tail);
        kept[i].last_used = elapsed_now_ms();
        hit = true;
    }
    pthread_mutex_unlock(&kept_lock);
    return hit;
}

static void body_keep(int year, int la, int latest, unsigned long long serial, uint64_t digest,
                      const struct kpi_result *k, const struct html *head, const struct html *tail)
{
    pthread_mutex_lock(&kept_lock);
    int i = kept_slot(year, la, latest);
    /* the slot is year_measures' (made by this request): keep only what matches its measures */
    if (i >= 0 && kpi_same(&kept[i].k, k)) {
        html_free(&kept[i].head);
        html_free(&kept[i].tail);
        H(&kept[i].head, "%h", head);
        H(&kept[i].tail, "%h", tail);
        kept[i].serial = serial;
        kept[i].digest = digest;
        kept[i].drawn = true;
    }
    pthread_mutex_unlock(&kept_lock);
}

static void render(struct req *r, struct resp *out, int year, int la, const struct form *typed,
                   const struct field_errors *fe)
{
    struct err e;
    err_clear(&e);
    struct report_ctx x;
    memset(&x, 0, sizeof x);
    if (bench_shared_get(r->st, &x.b, &e) != HE_OK)
        return internal(r, out, &e);
    if (year_measures(r, year, la, &x.k, &e) != HE_OK ||
        store_commentary_list(r->st, year, x.cm, REPORT_SECTIONS, &x.n_cm, &e) != HE_OK) {
        report_end(&x);
        return internal(r, out, &e);
    }
    int latest = latest_year(r->today);
    uint64_t digest = commentary_digest(&x);
    struct html head = HTML_INIT, tail = HTML_INIT;
    bool keep = !typed && !(fe && fe->n);
    if (!keep || !body_kept(year, la, latest, x.b->serial, digest, &x.k, &head, &tail)) {
        report_build(x.b, la, year, &x.k, &x.rp);
        body_html(r, &x, year, la, typed, fe, &head, &tail);
        if (keep)
            body_keep(year, la, latest, x.b->serial, digest, &x.k, &head, &tail);
    }
    struct html m = HTML_INIT;
    if (fe && fe->n)
        ui_error_summary(&m, fe);
    if (!strcmp(form_text(&r->query, "saved"), "1") && !(fe && fe->n))
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success "
              "hearth-no-print\" role=\"alert\" aria-labelledby=\"saved-title\" "
              "data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\">"
              "<h2 class=\"govuk-notification-banner__title\" id=\"saved-title\">Success</h2></div>"
              "<div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">"
              "The commentary is saved with the report</p></div></div>");
    H(&m, "%h", &head);
    ui_csrf(&m, r);
    H(&m, "%h", &tail);
    html_free(&head);
    html_free(&tail);
    char title[80];
    snprintf(title, sizeof title, "%sPerformance report %d", fe && fe->n ? "Error: " : "", year);
    page_render(r, out, title, &m);
    html_free(&m);
    report_end(&x);
}

void h_report(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return page_error(r, out, 403, "Not available", "The performance report is for managers and analysts.");
    int la = web_la_code(r);
    if (!la)
        return page_error(r, out, 404, "No report yet",
                          "The authority's DfE number is not set: ask an administrator to set it.");
    int year = read_year(r, &r->query);
    if (!year)
        return page_error(r, out, 404, "Page not found", "There is no report for that year.");
    render(r, out, year, la, NULL, NULL);
}

void h_report_post(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return page_error(r, out, 403, "Not available", "The performance report is for managers and analysts.");
    int la = web_la_code(r);
    int year = read_year(r, &r->body);
    if (!la || !year || !*form_text(&r->body, "year"))
        return page_error(r, out, 400, "The report could not be saved", "The year is missing or wrong.");
    struct field_errors fe = {0};
    const char *sections[REPORT_SECTIONS], *texts[REPORT_SECTIONS];
    char names[REPORT_SECTIONS][48];
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        snprintf(names[s], sizeof names[s], "commentary-%s", report_section_ids[s]);
        sections[s] = report_section_ids[s];
        texts[s] = form_text(&r->body, names[s]);
        if (strlen(texts[s]) > COMMENTARY_MAX)
            fe_add(&fe, names[s], "Commentary must be %d characters or fewer", COMMENTARY_MAX);
    }
    if (fe.n) {
        out->status = 400;
        return render(r, out, year, la, &r->body, &fe);
    }
    struct err e;
    err_clear(&e);
    if (store_commentary_save(r->st, year, REPORT_SECTIONS, sections, texts, r->user.display,
                              r->now, &e) != HE_OK)
        return internal(r, out, &e);
    char loc[64];
    snprintf(loc, sizeof loc, "/report?year=%d&saved=1", year);
    redirect(out, loc);
}

void h_report_xlsx(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return page_error(r, out, 403, "Not available", "The performance report is for managers and analysts.");
    int la = web_la_code(r);
    int year = read_year(r, &r->query);
    if (!la || !year)
        return page_error(r, out, 404, "Page not found", "There is no report for that year.");
    struct err e;
    err_clear(&e);
    struct report_ctx x;
    if (report_start(r, year, la, &x, &e) != HE_OK)
        return internal(r, out, &e);
    char path[] = "/tmp/hearth-report-XXXXXX";
    int fd = mkstemp(path);
    int rc = fd < 0 ? err_set(&e, HE_INTERNAL, "no temporary file for the workbook") : HE_OK;
    if (fd >= 0)
        close(fd);
    const char *texts[REPORT_SECTIONS];
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        const struct store_commentary *cm = commentary(&x, report_section_ids[s]);
        texts[s] = cm ? cm->text : "";
    }
    const struct bench_area *a = bench_area(x.b, la);
    if (rc == HE_OK)
        rc = report_xlsx(&x.rp, x.b, a ? a->name : "", texts, path, &e);
    if (rc == HE_OK) {
        FILE *f = fopen(path, "rb");
        if (!f)
            rc = err_set(&e, HE_INTERNAL, "cannot read the workbook back");
        else {
            char buf[65536];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                buf_add(&out->body.b, buf, n);
            fclose(f);
        }
    }
    if (fd >= 0)
        unlink(path);
    report_end(&x);
    if (rc != HE_OK) {
        buf_reset(&out->body.b);
        return internal(r, out, &e);
    }
    out->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
