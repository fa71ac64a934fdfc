/* pages_workforce: the workforce page for managers (/workforce), not on any child's record:
 * the DfE census figures for the year to a census date, each worker's caseload and weighted
 * caseload, the posts with who is in them and their vacancies; and the forms that keep them
 * (a post, someone starting in it or leaving it, an absence and its end, closing a post, the
 * caseload weights). Only team managers and administrators see or change workforce records:
 * a manager their own team's posts and people, an administrator every team's, and only an
 * administrator sets the weights. Forms are declared once (form_decl.h); a refusal is shown
 * beside its field and nothing is stored. Writes go through store/workforce.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../measure/bench_source.h"
#include "../store/team.h"
#include "benchmarks.h"
#include "../store/workforce.h"
#include "form_decl.h"
#include "web.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
}

static bool may_see(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static void refuse(struct req *r, struct resp *out)
{
    page_error(r, out, 403, "Not available", "Workforce records are for team managers and administrators.");
}

/* The team whose posts the user may change: any for an administrator, their own for a manager. */
static bool may_change_team(const struct req *r, int64_t team)
{
    return r->user.role == ROLE_ADMIN || (r->user.role == ROLE_TEAM_MANAGER && team && team == r->user.team_id);
}

static void fte(char out[24], int64_t h) { wkf_fte_text(h, out); }

/* "12.5%" or "none" */
static void pct(char out[24], int64_t v, int64_t d)
{
    if (d <= 0)
        snprintf(out, 24, "none");
    else {
        double x = (double)v * 100.0 / (double)d;
        snprintf(out, 24, "%.1f%%", (double)(long long)(x * 10.0 + 0.5) / 10.0);
    }
}

/* ---- the options the forms offer -------------------------------------------------------- */
#define OPTS(name, table, n)                                                                             \
    static struct ui_option name[16];                                                                  \
    static int n_##name;                                                                                \
    static void fill_##name(void)                                                                       \
    {                                                                                                   \
        for (n_##name = 0; n_##name < (n) && n_##name < 16; n_##name++)                                 \
            name[n_##name] = (struct ui_option){(table)[n_##name].code, (table)[n_##name].label};       \
    }
OPTS(role_opts, wkf_roles, wkf_n_roles)
OPTS(absence_opts, wkf_absence_kinds, wkf_n_absence_kinds)

static const struct ui_option employment_opts[] = {{"employed", "Employed by the authority"},
                                                   {"agency", "From an agency"}};
static const int n_employment_opts = 2;
static const struct ui_option start_opts[] = {{"joined", "Joined the authority"},
                                              {"moved", "Moved from another post in the authority"}};
static const int n_start_opts = 2;
static const struct ui_option leave_opts[] = {{"left", "Left the authority"},
                                              {"moved", "Moved to another post in the authority"}};
static const int n_leave_opts = 2;
static pthread_once_t opts_once = PTHREAD_ONCE_INIT;
static void fill_once(void)
{
    fill_role_opts();
    fill_absence_opts();
}
/* The code tables' options, made once for every request thread. */
static void fill_opts(void) { pthread_once(&opts_once, fill_once); }

/* ---- a form page ---------------------------------------------------------------------------- */
static void form_page(struct req *r, struct resp *out, const char *caption, const char *title, const char *action,
                      const struct html *intro, const struct fd_field *fds, int n, const struct form *values,
                      const struct field_errors *fe, const char *button)
{
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/workforce\">Workforce</a>%s%s</span>"
          "<h1 class=\"govuk-heading-l\">%s</h1>",
      caption ? ": " : "", caption, title);
    if (intro)
        H(&m, "%h", intro);
    H(&m, "<form method=\"post\" action=\"%s\" novalidate>", action);
    ui_csrf(&m, r);
    fd_render_all(&m, fds, n, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%s</button></form>"
          "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/workforce\">Back to the workforce</a></p>"
          "</div></div>",
      button);
    if (fe && fe->n)
        out->status = 422;
    page_render(r, out, title, &m);
    html_free(&m);
}

/* A refusal from the store beside its field of fds (or beside fallback, a static name:
 * field_errors keeps the name's pointer, so it must outlive e). */
static int store_refusal(int rc, const struct err *e, struct field_errors *fe, const struct fd_field *fds, int n,
                         const char *fallback)
{
    if (rc != HE_INPUT)
        return rc;
    int i = fd_index(fds, n, e->field);
    fe_add(fe, i >= 0 ? fds[i].name : fallback, "%s", e->msg);
    return HE_OK;
}

/* ---- the published figures beside them ------------------------------------------------------- */
/* The DfE's workforce measures of the benchmarks (the workforce topic), latest year: the
 * authority's own published figure when its DfE number is set, and England's. */
static void published_section(struct html *m, struct req *r)
{
    static const struct {
        const char *code, *label;
    } rows[] = {
        {"Work_Force_Vac_Rate", "Vacancy rate"},
        {"Work_Force_TO_Rate", "Turnover rate"},
        {"Work_Force_Agecy_Rate", "Agency worker rate"},
        {"Work_Force_AvgNumCase_SW", "Cases per social worker"},
        {"Work_Force_SWAbsence", "Sickness absence rate"},
    };
    struct err e;
    err_clear(&e);
    const struct bench *b;
    if (bench_shared_get(r->st, &b, &e) != HE_OK) {
        H(m, "<p class=\"govuk-body\">The published figures could not be read: try again in a moment.</p>");
        return;
    }
    int la = web_la_code(r);
    const struct bench_area *a = la ? bench_area(b, la) : NULL;
    H(m, "<table class=\"govuk-table\" id=\"census-published\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">The published figures (children's social work workforce, year to 30 "
         "September)</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Figure</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Year</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">England</th>"
         "</tr></thead><tbody class=\"govuk-table__body\">",
      a ? a->name : "This authority");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int mi = bench_measure_index(b, rows[i].code);
        const struct bench_series *sr = mi >= 0 ? bench_series_latest(b, mi, 0) : NULL;
        if (!sr)
            continue;
        struct bench_figure f;
        bench_figure(b, sr, la, &f);
        char own[48] = "not set", eng[48];
        const struct bench_measure *bm = bench_measure(b, rows[i].code);
        if (la)
            bench_cell(own, sizeof own, bm, f.value);
        bench_cell(eng, sizeof eng, bm, f.england);
        H(m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
             "<td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          rows[i].label, sr->year, own, eng);
    }
    H(m, "</tbody></table>");
    bench_shared_put(b);
}

/* ---- the page ---------------------------------------------------------------------------------- */
static void census_section(struct html *m, struct req *r, day_t census, const struct wkf_census *c)
{
    day_t from = date_add_years(census, -1) + 1;
    char v[24], t[24], a[24], ab[24], cov[24], ip[24], vac[24], ag[24], st[24], lv[24], ch[24], cases[32];
    pct(v, c->vacancies, c->vacancies + c->in_post);
    pct(t, c->leavers, c->in_post);
    pct(a, c->agency, c->agency + c->in_post);
    pct(ab, c->days_lost, c->days_available);
    pct(cov, c->agency_cover, c->vacancies);
    fte(ip, c->in_post);
    fte(vac, c->vacancies);
    fte(ag, c->agency);
    fte(st, c->starters);
    fte(lv, c->leavers);
    fte(ch, c->case_holders);
    if (c->case_holders > 0) {
        double x = (double)c->cases * 100.0 / (double)c->case_holders;
        snprintf(cases, sizeof cases, "%.1f", (double)(long long)(x * 10.0 + 0.5) / 10.0);
    } else
        snprintf(cases, sizeof cases, "none");
    H(m, "<h2 class=\"govuk-heading-m\" id=\"census\">Workforce census figures</h2>"
         "<p class=\"govuk-body\">For the whole authority, for the year %D to %D, as the Department for "
         "Education counts them: social workers in registered social work roles, in full-time equivalents "
         "(FTE), on the census date %D. Each is defined in the measures guide under \"Workforce\".</p>"
         "<form method=\"get\" action=\"/workforce\" class=\"govuk-!-margin-bottom-6\">",
      from, census, census);
    ui_date_value(m, "census", "Census date", "The last day of the year counted, for example 30 9 2025", census,
                  NULL);
    H(m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show the figures</button></form>"
         "<dl class=\"govuk-summary-list\" id=\"census-figures\">"
         "<div class=\"govuk-summary-list__row\" data-id=\"vacancy_rate\"><dt class=\"govuk-summary-list__key\">"
         "Vacancy rate</dt><dd class=\"govuk-summary-list__value\">%s (%s FTE vacant)</dd></div>"
         "<div class=\"govuk-summary-list__row\" data-id=\"turnover_rate\"><dt class=\"govuk-summary-list__key\">"
         "Turnover rate</dt><dd class=\"govuk-summary-list__value\">%s (%s FTE left, %s FTE joined)</dd></div>"
         "<div class=\"govuk-summary-list__row\" data-id=\"agency_rate\"><dt class=\"govuk-summary-list__key\">"
         "Agency worker rate</dt><dd class=\"govuk-summary-list__value\">%s (%s FTE agency workers; %s of "
         "vacancies covered)</dd></div>"
         "<div class=\"govuk-summary-list__row\" data-id=\"cases_per_social_worker\"><dt "
         "class=\"govuk-summary-list__key\">Cases per social worker</dt><dd class=\"govuk-summary-list__value\">"
         "%s (%l children, %s FTE case holders)</dd></div>"
         "<div class=\"govuk-summary-list__row\" data-id=\"absence_rate\"><dt class=\"govuk-summary-list__key\">"
         "Sickness absence rate</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
         "<div class=\"govuk-summary-list__row\" data-id=\"social_workers\"><dt class=\"govuk-summary-list__key\">"
         "Social workers in post</dt><dd class=\"govuk-summary-list__value\">%s FTE</dd></div></dl>",
      v, vac, t, lv, st, a, ag, cov, cases, c->cases, ch, ab, ip);
}

static void caseload_section(struct html *m, const struct wkf_caseload *c, int n, const int w[WKF_WEIGHT_KINDS],
                             bool admin)
{
    char ws[WKF_WEIGHT_KINDS][24];
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
        fte(ws[i], w[i]);
    H(m, "<h2 class=\"govuk-heading-m\" id=\"caseloads\">Caseloads today</h2>"
         "<p class=\"govuk-body\">Each child allocated to a worker counts at the weight the authority sets for the "
         "heaviest kind of work open for them: child protection plan %s, looked after %s, child in need %s, "
         "any other child %s.%s</p>",
      ws[0], ws[1], ws[2], ws[3], admin ? "" : " An administrator sets the weights.");
    if (admin)
        H(m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/workforce/weights\">Set the caseload "
             "weights</a></p>");
    if (!n) {
        H(m, "<p class=\"govuk-body\">Nobody is in a post today.</p>");
        return;
    }
    H(m, "<table class=\"govuk-table\" id=\"caseload-table\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">In post today: %d</caption><thead class=\"govuk-table__head\">"
         "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Worker</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Team</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Post</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">FTE</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Children</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Protection plans</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Looked after</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">In need</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Weighted</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Weighted per FTE</th>"
         "</tr></thead><tbody class=\"govuk-table__body\">",
      n);
    for (int i = 0; i < n; i++) {
        char f[24], wt[24], per[24];
        fte(f, c[i].fte);
        snprintf(wt, sizeof wt, "%.2f", (double)c[i].weighted / 100.0);
        snprintf(per, sizeof per, "%.1f", c[i].fte ? (double)c[i].weighted / (double)c[i].fte : 0.0);
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          c[i].name, strcmp(c[i].employment, "agency") ? "" : " (agency)", c[i].team, c[i].title, f, c[i].cases,
          c[i].by_kind[0], c[i].by_kind[1], c[i].by_kind[2], wt, per);
    }
    H(m, "</tbody></table>");
}

static void posts_section(struct html *m, const struct wkf_post *p, int n)
{
    H(m, "<h2 class=\"govuk-heading-m\" id=\"posts\">Posts</h2>"
         "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/workforce/posts/new\">Add a post</a></p>");
    if (!n) {
        H(m, "<p class=\"govuk-body\">No posts are recorded.</p>");
        return;
    }
    H(m, "<table class=\"govuk-table\" id=\"post-table\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">Posts open today: %d</caption><thead class=\"govuk-table__head\">"
         "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Post</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Team</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">FTE</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">In post today</th>"
         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Vacant FTE</th>"
         "</tr></thead><tbody class=\"govuk-table__body\">",
      n);
    for (int i = 0; i < n; i++) {
        char f[24], v[24];
        fte(f, p[i].fte);
        fte(v, p[i].vacancy_fte);
        struct html who = HTML_INIT;
        int shown = 0;
        for (int k = 0; k < p[i].n_holders; k++) {
            const struct wkf_holder *h = &p[i].holders[k];
            char hf[24];
            fte(hf, h->fte);
            if (h->left_on != DAY_NONE)
                continue; /* those still in it; the post's page has everyone */
            H(&who, "%s%s (%s%s%s)", shown ? "; " : "", h->name, strcmp(h->employment, "agency") ? "" : "agency, ",
              hf, h->absent ? ", absent" : "");
            shown++;
        }
        if (!shown)
            H(&who, "Nobody");
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
             "href=\"/workforce/posts/%l\">%s</a> <span class=\"govuk-body-s\">(%s)</span></td>"
             "<td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell\">%h</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          p[i].id, p[i].title, wkf_label(wkf_roles, wkf_n_roles, p[i].role), p[i].team, f, &who, v);
        html_free(&who);
    }
    H(m, "</tbody></table>");
}

void h_workforce(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return refuse(r, out);
    struct field_errors fe = {0};
    day_t census = r->today;
    if (*form_text(&r->query, "census-day") || *form_text(&r->query, "census-month") ||
        *form_text(&r->query, "census-year")) {
        day_t d = form_date(&r->query, "census", "the census date", true, &fe);
        if (d != DAY_NONE)
            census = d;
    }
    int64_t team = r->user.role == ROLE_ADMIN ? form_get_id(&r->query, "team") : r->user.team_id;
    struct err e;
    err_clear(&e);
    struct wkf_census c;
    struct arena mem = {0};
    struct wkf_caseload *cl;
    struct wkf_post *posts;
    int ncl = 0, np = 0, w[WKF_WEIGHT_KINDS];
    int rc = wkf_census(r->st, date_add_years(census, -1) + 1, census, r->today, &c, &e);
    if (rc == HE_OK)
        rc = wkf_weights(r->st, w, &e);
    if (rc == HE_OK)
        rc = wkf_caseloads(r->st, team, r->today, &mem, &cl, &ncl, &e);
    if (rc == HE_OK)
        rc = wkf_posts(r->st, team, r->today, false, &mem, &posts, &np, &e);
    if (rc != HE_OK) {
        arena_free(&mem);
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    ui_error_summary(&m, &fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Workforce</h1><p class=\"govuk-body\">%s</p>",
      r->user.role == ROLE_ADMIN && !team ? "Every team's posts, the people in them and their caseloads."
                                          : "Your team's posts, the people in them and their caseloads.");
    if (r->user.role == ROLE_ADMIN) {
        struct team_row teams[200];
        int nt = 0;
        if (team_list(r->st, teams, 200, &nt, &e) != HE_OK) {
            html_free(&m);
            arena_free(&mem);
            return internal(r, out, &e);
        }
        H(&m, "<p class=\"govuk-body\">Show: <a class=\"govuk-link\" href=\"/workforce\">every team</a>");
        for (int i = 0; i < nt; i++)
            H(&m, " | <a class=\"govuk-link\" href=\"/workforce?team=%l\">%s</a>", teams[i].id, teams[i].name);
        H(&m, "</p>");
    }
    census_section(&m, r, census, &c);
    published_section(&m, r);
    caseload_section(&m, cl, ncl, w, r->user.role == ROLE_ADMIN);
    posts_section(&m, posts, np);
    if (fe.n)
        out->status = 422;
    page_render(r, out, "Workforce", &m);
    html_free(&m);
    arena_free(&mem);
}

/* ---- a new post ------------------------------------------------------------------------------ */
static const struct fd_field post_fields[] = {
    {.name = "team", .label = "Team", .kind = FD_SELECT, .required = true, .what = "the team of the post"},
    {.name = "title", .label = "Title of the post", .kind = FD_TEXT, .required = true, .what = "the title of the post",
     .max_len = 120, .hint = "As the establishment names it, for example Social worker (level 2)"},
    {.name = "role", .label = "Role", .kind = FD_SELECT, .required = true, .what = "the role of the post",
     .opts = role_opts, .n_opts = &n_role_opts,
     .hint = "Social workers, senior practitioners, practice supervisors, team managers and senior managers "
             "count in the Department for Education's workforce census"},
    {.name = "fte", .label = "Full-time equivalent", .kind = FD_TEXT, .required = true,
     .what = "the full-time equivalent", .max_len = 4, .width = 5, .hint = "1 for full time, 0.5 for half time"},
    {.name = "opened", .label = "Date the post opened", .kind = FD_DATE, .required = true,
     .what = "the date the post opened", .future_ok = true},
};
enum { N_POST = sizeof post_fields / sizeof post_fields[0] };

/* The request's copy of post_fields, its team list the teams the user may add a post to:
 * every team for an administrator, their own for a manager (allocated in mem). */
struct post_form {
    struct fd_field f[N_POST];
    int n_teams;
};
static int load_teams(struct req *r, struct arena *mem, struct post_form *pf, struct err *e)
{
    struct team_row *rows = arena_alloc(mem, 200 * sizeof *rows);
    struct ui_option *opts = arena_alloc(mem, 200 * sizeof *opts);
    int n = 0;
    int rc = team_list(r->st, rows, 200, &n, e);
    if (rc != HE_OK)
        return rc;
    memcpy(pf->f, post_fields, sizeof post_fields);
    pf->n_teams = 0;
    for (int i = 0; i < n; i++) {
        if (!may_change_team(r, rows[i].id))
            continue;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)rows[i].id);
        opts[pf->n_teams++] = (struct ui_option){arena_strdup(mem, id), arena_strdup(mem, rows[i].name)};
    }
    pf->f[0].opts = opts;
    pf->f[0].n_opts = &pf->n_teams;
    return HE_OK;
}

void h_workforce_post_form(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return refuse(r, out);
    fill_opts();
    struct err e;
    err_clear(&e);
    struct arena mem = {0};
    struct post_form pf;
    if (load_teams(r, &mem, &pf, &e) != HE_OK) {
        arena_free(&mem);
        return internal(r, out, &e);
    }
    struct form f = {0};
    if (r->user.role == ROLE_TEAM_MANAGER) { /* their own team, the only one offered */
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)r->user.team_id);
        f.name[0] = xstrdup("team");
        f.value[0] = xstrdup(id);
        f.n = 1;
    }
    form_page(r, out, NULL, "Add a post", "/workforce/posts/new", NULL, pf.f, N_POST, &f, NULL, "Add the post");
    form_free(&f);
    arena_free(&mem);
}

void h_workforce_post_post(struct req *r, struct resp *out)
{
    if (!may_see(r))
        return refuse(r, out);
    fill_opts();
    struct err e;
    err_clear(&e);
    struct arena mem = {0};
    struct post_form pf;
    if (load_teams(r, &mem, &pf, &e) != HE_OK) {
        arena_free(&mem);
        return internal(r, out, &e);
    }
    struct fd_value v[N_POST];
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    fd_read_all(pf.f, N_POST, &r->body, &now, v, &fe);
    int f = *v[3].text ? wkf_parse_fte(v[3].text) : 0;
    if (*v[3].text && f < 0)
        fe_add(&fe, "fte", "Enter the full-time equivalent as a number from 0.01 to 1, like 0.6");
    int64_t team = form_get_id(&r->body, "team");
    if (*v[0].text && !may_change_team(r, team))
        fe_add(&fe, "team", "Choose your own team");
    int64_t id = 0;
    if (!fe.n) {
        struct wkf_post_in p = {.team_id = team, .title = v[1].text, .role = v[2].text, .fte = f, .opened = v[4].day};
        int rc = store_refusal(wkf_post_add(r->st, r->user.id, &p, r->now, &id, &e), &e, &fe, pf.f, N_POST,
                               "title");
        if (rc != HE_OK) {
            arena_free(&mem);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        form_page(r, out, NULL, "Add a post", "/workforce/posts/new", NULL, pf.f, N_POST, &r->body, &fe, "Add the post");
        return arena_free(&mem);
    }
    arena_free(&mem);
    char loc[64];
    snprintf(loc, sizeof loc, "/workforce/posts/%lld", (long long)id);
    redirect(out, loc);
}

/* ---- one post ----------------------------------------------------------------------------------- */
/* The post, when the user may see and change it (else the answer is sent and false returned). */
static bool load_post(struct req *r, struct resp *out, int64_t id, struct arena *mem, struct wkf_post *p)
{
    if (!may_see(r)) {
        refuse(r, out);
        return false;
    }
    struct err e;
    err_clear(&e);
    bool found = false;
    if (wkf_post_get(r->st, id, r->today, mem, p, &found, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!found) {
        page_error(r, out, 404, "Page not found", "There is no such post.");
        return false;
    }
    if (!may_change_team(r, p->team_id)) {
        page_error(r, out, 403, "Not available", "This post belongs to another team.");
        return false;
    }
    return true;
}

void h_workforce_post_view(struct req *r, struct resp *out)
{
    struct arena mem = {0};
    struct wkf_post p;
    if (!load_post(r, out, r->ids[0], &mem, &p)) {
        arena_free(&mem);
        return;
    }
    char f[24], v[24];
    fte(f, p.fte);
    fte(v, p.vacancy_fte);
    struct html m = HTML_INIT;
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/workforce\">Workforce</a>: %s</span>"
          "<h1 class=\"govuk-heading-l\">%s</h1><dl class=\"govuk-summary-list\">"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Role</dt>"
          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Full-time equivalent</dt>"
          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Opened</dt>"
          "<dd class=\"govuk-summary-list__value\">%D</dd></div>",
      p.team, p.title, wkf_label(wkf_roles, wkf_n_roles, p.role), f, p.opened);
    if (p.closed != DAY_NONE)
        H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Closed</dt>"
              "<dd class=\"govuk-summary-list__value\">%D</dd></div>",
          p.closed);
    H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Vacant today</dt>"
          "<dd class=\"govuk-summary-list__value\" id=\"vacancy\">%s FTE</dd></div></dl>",
      v);
    if (p.closed == DAY_NONE)
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/workforce/posts/%l/holders/new\">Record "
              "someone starting in the post</a> <a class=\"govuk-button govuk-button--secondary\" "
              "href=\"/workforce/posts/%l/close\">Close the post</a></p>",
          p.id, p.id);
    H(&m, "<h2 class=\"govuk-heading-m\">People in the post</h2>");
    if (!p.n_holders)
        H(&m, "<p class=\"govuk-body\">Nobody has been in the post.</p>");
    else {
        H(&m, "<table class=\"govuk-table\" id=\"holders\"><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Name</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Employed or agency</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">FTE</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Started</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Left</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Today</th></tr></thead>"
              "<tbody class=\"govuk-table__body\">");
        for (int i = 0; i < p.n_holders; i++) {
            const struct wkf_holder *h = &p.holders[i];
            char hf[24];
            fte(hf, h->fte);
            struct html act = HTML_INIT;
            if (h->left_on != DAY_NONE)
                H(&act, "%s", strcmp(h->leave_reason, "moved") ? "Left the authority" : "Moved to another post");
            else if (h->start > r->today)
                H(&act, "Starts on %D", h->start);
            else {
                if (h->absent)
                    H(&act, "Absent (%s). <a class=\"govuk-link\" href=\"/workforce/absences/%l/end\">Record the "
                            "end of the absence<span class=\"govuk-visually-hidden\"> of %s</span></a><br>",
                      wkf_label(wkf_absence_kinds, wkf_n_absence_kinds, h->absence_kind), h->absence_id, h->name);
                else
                    H(&act, "<a class=\"govuk-link\" href=\"/workforce/holders/%l/absences/new\">Record an absence"
                            "<span class=\"govuk-visually-hidden\"> of %s</span></a><br>",
                      h->id, h->name);
                H(&act, "<a class=\"govuk-link\" href=\"/workforce/holders/%l/leave\">Record leaving<span "
                        "class=\"govuk-visually-hidden\"> of %s</span></a>",
                  h->id, h->name);
            }
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                  "<td class=\"govuk-table__cell\">%D (%s)</td><td class=\"govuk-table__cell\">%D</td>"
                  "<td class=\"govuk-table__cell\">%h</td></tr>",
              h->name, strcmp(h->employment, "agency") ? "Employed" : "Agency", hf, h->start,
              strcmp(h->start_reason, "moved") ? "joined" : "moved", h->left_on, &act);
            html_free(&act);
        }
        H(&m, "</tbody></table>");
    }
    page_render(r, out, p.title, &m);
    html_free(&m);
    arena_free(&mem);
}

/* ---- someone starts in the post ------------------------------------------------------------------ */
static const struct fd_field holder_fields[] = {
    {.name = "staff", .label = "Worker", .kind = FD_SELECT,
     .hint = "Someone with a hearth account; leave it as it is and enter a name for anyone else"},
    {.name = "name", .label = "Name of someone without an account", .kind = FD_TEXT, .max_len = 120},
    {.name = "employment", .label = "Employed or agency", .kind = FD_RADIOS, .required = true,
     .what = "whether the worker is employed or from an agency", .opts = employment_opts,
     .n_opts = &n_employment_opts},
    {.name = "fte", .label = "Full-time equivalent", .kind = FD_TEXT, .required = true,
     .what = "the worker's full-time equivalent", .max_len = 4, .width = 5, .hint = "1 for full time, 0.5 for half time"},
    {.name = "start", .label = "Start date", .kind = FD_DATE, .required = true, .what = "the start date",
     .future_ok = true},
    {.name = "start_reason", .label = "How they came to the post", .kind = FD_RADIOS, .required = true,
     .what = "whether the worker joined the authority or moved from another post", .opts = start_opts,
     .n_opts = &n_start_opts},
};
enum { N_HOLDER = sizeof holder_fields / sizeof holder_fields[0] };

/* The request's copy of holder_fields, its worker list everyone with an account who can
 * hold children (allocated in mem). */
struct holder_form {
    struct fd_field f[N_HOLDER];
    int n_workers;
};
static int load_workers(struct req *r, struct arena *mem, struct holder_form *hf, struct err *e)
{
    enum { MAX = 500 };
    struct cw_worker *w = arena_alloc(mem, MAX * sizeof *w);
    struct ui_option *opts = arena_alloc(mem, (MAX + 1) * sizeof *opts);
    int n = 0;
    int rc = cw_workers(r->st, w, MAX, &n, e);
    if (rc != HE_OK)
        return rc;
    memcpy(hf->f, holder_fields, sizeof holder_fields);
    opts[0] = (struct ui_option){"", "Someone without an account"};
    hf->n_workers = 1;
    for (int i = 0; i < n; i++) {
        char id[24], name[300];
        snprintf(id, sizeof id, "%lld", (long long)w[i].staff_id);
        snprintf(name, sizeof name, "%s, %s", w[i].display, w[i].team);
        opts[hf->n_workers++] = (struct ui_option){arena_strdup(mem, id), arena_strdup(mem, name)};
    }
    hf->f[0].opts = opts;
    hf->f[0].n_opts = &hf->n_workers;
    return HE_OK;
}

static void holder_page(struct req *r, struct resp *out, const struct wkf_post *p, const struct holder_form *hf,
                        const struct form *f, const struct field_errors *fe)
{
    char action[80];
    snprintf(action, sizeof action, "/workforce/posts/%lld/holders/new", (long long)p->id);
    form_page(r, out, p->title, "Someone starts in the post", action, NULL, hf->f, N_HOLDER, f, fe,
              "Record the start");
}

void h_workforce_holder_form(struct req *r, struct resp *out)
{
    struct arena mem = {0};
    struct wkf_post p;
    struct err e;
    err_clear(&e);
    struct holder_form hf;
    if (load_post(r, out, r->ids[0], &mem, &p)) {
        if (load_workers(r, &mem, &hf, &e) != HE_OK)
            internal(r, out, &e);
        else {
            struct form f = {0};
            holder_page(r, out, &p, &hf, &f, NULL);
        }
    }
    arena_free(&mem);
}

void h_workforce_holder_post(struct req *r, struct resp *out)
{
    struct arena mem = {0};
    struct wkf_post p;
    struct err e;
    err_clear(&e);
    if (!load_post(r, out, r->ids[0], &mem, &p))
        return arena_free(&mem);
    struct holder_form hf;
    if (load_workers(r, &mem, &hf, &e) != HE_OK) {
        arena_free(&mem);
        return internal(r, out, &e);
    }
    struct fd_value v[N_HOLDER];
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    fd_read_all(hf.f, N_HOLDER, &r->body, &now, v, &fe);
    int64_t staff = form_get_id(&r->body, "staff");
    if (!staff && !*v[1].text)
        fe_add(&fe, "name", "Choose the worker or enter the name of someone without an account");
    else if (staff && *v[1].text)
        fe_add(&fe, "name", "Either choose the worker or enter a name, not both");
    int f = *v[3].text ? wkf_parse_fte(v[3].text) : 0;
    if (*v[3].text && f < 0)
        fe_add(&fe, "fte", "Enter the full-time equivalent as a number from 0.01 to 1, like 0.6");
    if (!fe.n) {
        struct wkf_holder_in h = {.post_id = p.id, .staff_id = staff, .name = v[1].text, .employment = v[2].text,
                                  .fte = f, .start = v[4].day, .start_reason = v[5].text};
        int rc = store_refusal(wkf_holder_add(r->st, r->user.id, &h, r->now, NULL, &e), &e, &fe, hf.f,
                               N_HOLDER, "name");
        if (rc != HE_OK) {
            arena_free(&mem);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        holder_page(r, out, &p, &hf, &r->body, &fe);
        return arena_free(&mem);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/workforce/posts/%lld", (long long)p.id);
    redirect(out, loc);
    arena_free(&mem);
}

/* ---- leaving, absences, closing --------------------------------------------------------------- */
static const struct fd_field leave_fields[] = {
    {.name = "left_on", .label = "Leaving date", .kind = FD_DATE, .required = true, .what = "the leaving date",
     .future_ok = true, .hint = "The day they left: they are not in the post on it"},
    {.name = "leave_reason", .label = "Where they went", .kind = FD_RADIOS, .required = true,
     .what = "whether the worker left the authority or moved to another post", .opts = leave_opts,
     .n_opts = &n_leave_opts},
};
static const struct fd_field absence_fields[] = {
    {.name = "kind", .label = "Kind of absence", .kind = FD_RADIOS, .required = true, .what = "the kind of absence",
     .opts = absence_opts, .n_opts = &n_absence_opts},
    {.name = "start", .label = "First day away", .kind = FD_DATE, .required = true, .what = "the first day away",
     .future_ok = true},
    {.name = "end", .label = "Last day away", .kind = FD_DATE, .what = "the last day away", .future_ok = true,
     .hint = "Leave it empty if they are not back yet"},
};
static const struct fd_field end_fields[] = {
    {.name = "end", .label = "Last day away", .kind = FD_DATE, .required = true, .what = "the last day away",
     .future_ok = true},
};
static const struct fd_field close_fields[] = {
    {.name = "closed", .label = "Date the post closes", .kind = FD_DATE, .required = true,
     .what = "the date the post closes", .future_ok = true},
};

/* The post a holder (kind 'h') or an absence (kind 'a') belongs to, checked as load_post. */
static bool load_post_of(struct req *r, struct resp *out, char kind, int64_t id, struct arena *mem,
                         struct wkf_post *p, int64_t *holder)
{
    struct err e;
    err_clear(&e);
    int64_t post = 0, h = id;
    if (!may_see(r)) {
        refuse(r, out);
        return false;
    }
    int rc = kind == 'a' ? wkf_absence_holder(r->st, id, &h, &e) : HE_OK;
    if (rc == HE_OK)
        rc = wkf_holder_post(r->st, h, &post, &e);
    if (rc != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!post) {
        page_error(r, out, 404, "Page not found", "There is no such record.");
        return false;
    }
    *holder = h;
    return load_post(r, out, post, mem, p);
}

static const char *holder_name(const struct wkf_post *p, int64_t holder)
{
    for (int i = 0; i < p->n_holders; i++)
        if (p->holders[i].id == holder)
            return p->holders[i].name;
    return "";
}

enum wk_form { WK_LEAVE, WK_ABSENCE, WK_END, WK_CLOSE };

static const struct {
    const struct fd_field *fds;
    int n;
    const char *title, *button, *fmt, *fallback;
    char kind; /* what the id in the address is: 'h' holder, 'a' absence, 'p' post */
} forms[] = {
    [WK_LEAVE] = {leave_fields, 2, "Record leaving", "Record leaving", "/workforce/holders/%lld/leave", "left_on", 'h'},
    [WK_ABSENCE] = {absence_fields, 3, "Record an absence", "Record the absence", "/workforce/holders/%lld/absences/new",
                    "start", 'h'},
    [WK_END] = {end_fields, 1, "Record the end of an absence", "Record the end", "/workforce/absences/%lld/end", "end",
                'a'},
    [WK_CLOSE] = {close_fields, 1, "Close the post", "Close the post", "/workforce/posts/%lld/close", "closed", 'p'},
};

static void small_form(struct req *r, struct resp *out, enum wk_form which, bool post)
{
    fill_opts();
    struct arena mem = {0};
    struct wkf_post p;
    int64_t holder = 0, id = r->ids[0];
    bool ok = forms[which].kind == 'p' ? load_post(r, out, id, &mem, &p)
                                       : load_post_of(r, out, forms[which].kind, id, &mem, &p, &holder);
    if (!ok)
        return arena_free(&mem);
    char action[96], caption[300];
    snprintf(action, sizeof action, forms[which].fmt, (long long)id);
    snprintf(caption, sizeof caption, "%s%s%s", p.title, holder ? ", " : "", holder ? holder_name(&p, holder) : "");
    struct field_errors fe = {0};
    if (post) {
        struct fd_value v[4];
        struct fd_now now = fd_now_of(r);
        struct err e;
        err_clear(&e);
        fd_read_all(forms[which].fds, forms[which].n, &r->body, &now, v, &fe);
        if (!fe.n) {
            int rc = HE_OK;
            switch (which) {
            case WK_LEAVE:
                rc = wkf_holder_leave(r->st, holder, v[0].day, v[1].text, &e);
                break;
            case WK_ABSENCE:
                rc = wkf_absence_add(r->st, r->user.id, holder, v[0].text, v[1].day, v[2].day, r->now, NULL, &e);
                break;
            case WK_END:
                rc = wkf_absence_end(r->st, id, v[0].day, &e);
                break;
            case WK_CLOSE:
                rc = wkf_post_close(r->st, id, v[0].day, &e);
                break;
            }
            if (store_refusal(rc, &e, &fe, forms[which].fds, forms[which].n, forms[which].fallback) != HE_OK) {
                arena_free(&mem);
                return internal(r, out, &e);
            }
        }
        if (!fe.n) {
            char loc[64];
            snprintf(loc, sizeof loc, "/workforce/posts/%lld", (long long)p.id);
            redirect(out, loc);
            return arena_free(&mem);
        }
    }
    struct form empty = {0};
    form_page(r, out, caption, forms[which].title, action, NULL, forms[which].fds, forms[which].n,
              post ? &r->body : &empty, &fe, forms[which].button);
    arena_free(&mem);
}

void h_workforce_leave_form(struct req *r, struct resp *out) { small_form(r, out, WK_LEAVE, false); }
void h_workforce_leave_post(struct req *r, struct resp *out) { small_form(r, out, WK_LEAVE, true); }
void h_workforce_absence_form(struct req *r, struct resp *out) { small_form(r, out, WK_ABSENCE, false); }
void h_workforce_absence_post(struct req *r, struct resp *out) { small_form(r, out, WK_ABSENCE, true); }
void h_workforce_absence_end_form(struct req *r, struct resp *out) { small_form(r, out, WK_END, false); }
void h_workforce_absence_end_post(struct req *r, struct resp *out) { small_form(r, out, WK_END, true); }
void h_workforce_close_form(struct req *r, struct resp *out) { small_form(r, out, WK_CLOSE, false); }
void h_workforce_close_post(struct req *r, struct resp *out) { small_form(r, out, WK_CLOSE, true); }

/* ---- the caseload weights (administrators) ----------------------------------------------------- */
static void weights_page(struct req *r, struct resp *out, const struct form *f, const struct field_errors *fe)
{
    struct err e;
    err_clear(&e);
    int w[WKF_WEIGHT_KINDS];
    if (wkf_weights(r->st, w, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/workforce\">Workforce</a></span>"
          "<h1 class=\"govuk-heading-l\">Caseload weights</h1><p class=\"govuk-body\">What a child counts for in a "
          "worker's weighted caseload, by the heaviest kind of work open for them. 1 counts a child once; 2 counts "
          "them twice. From 0 to 10, to two decimals.</p><form method=\"post\" action=\"/workforce/weights\" "
          "novalidate>");
    ui_csrf(&m, r);
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++) {
        char cur[24];
        fte(cur, w[i]);
        const char *shown = f && form_get(f, wkf_weight_kinds[i].code) ? form_text(f, wkf_weight_kinds[i].code) : cur;
        ui_text(&m, wkf_weight_kinds[i].code, wkf_weight_kinds[i].label, NULL, shown, fe, 5);
    }
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save the weights</button>"
          "</form></div></div>");
    if (fe && fe->n)
        out->status = 422;
    page_render(r, out, "Caseload weights", &m);
    html_free(&m);
}

void h_workforce_weights_form(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ADMIN)
        return page_error(r, out, 403, "Not available", "An administrator sets the caseload weights.");
    weights_page(r, out, NULL, NULL);
}

void h_workforce_weights_post(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ADMIN)
        return page_error(r, out, 403, "Not available", "An administrator sets the caseload weights.");
    struct field_errors fe = {0};
    int w[WKF_WEIGHT_KINDS];
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++) {
        w[i] = wkf_parse_weight(form_text(&r->body, wkf_weight_kinds[i].code));
        if (w[i] < 0)
            fe_add(&fe, wkf_weight_kinds[i].code, "Enter the weight for %s as a number from 0 to 10, like 1.5",
                   wkf_weight_kinds[i].label);
    }
    if (fe.n)
        return weights_page(r, out, &r->body, &fe);
    struct err e;
    err_clear(&e);
    int rc = wkf_weights_set(r->st, r->user.id, w, r->now, &e);
    if (rc == HE_INPUT) {
        const char *field = wkf_weight_kinds[0].code;
        for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
            if (!strcmp(e.field, wkf_weight_kinds[i].code))
                field = wkf_weight_kinds[i].code;
        fe_add(&fe, field, "%s", e.msg);
        return weights_page(r, out, &r->body, &fe);
    }
    if (rc != HE_OK)
        return internal(r, out, &e);
    redirect(out, "/workforce#caseloads");
}
