/* team: the team manager's view: each worker's caseload and overdue timescales, the
 * team's children with open work and no worker, recent allocations, and the allocation
 * form (a POST with the session's CSRF token, checked by server.c; stored and logged by
 * store/team.h). A manager sees their own team; an administrator chooses a team. The
 * clocks are the same summaries "My work" shows (summary.h), so both pages agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/team.h"
#include "../store/trust.h"
#include "../store/workflow.h"
#include "summary.h"
#include "web.h"

#define WORKERS_MAX 100
#define CASELOAD_MAX 300
#define WAITING_SHOWN 50 /* a page of the queue */
#define LOG_SHOWN 10

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

static bool may_manage(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static void child_name(struct html *h, const char *given, const char *family, const char *la)
{
    if ((given && *given) || (family && *family))
        H(h, "%s %s", given, family);
    else
        H(h, "Child %s", la);
}

/* A positive decimal id from a form field; 0 when absent or malformed. */
static int64_t form_id(const struct form *f, const char *name)
{
    const char *s = form_text(f, name);
    int64_t v = 0;
    if (!*s || strlen(s) > 18)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* The team the page is about: the manager's own, or the one an administrator chose. */
static int64_t chosen_team(const struct req *r, const struct form *f)
{
    return r->user.role == ROLE_ADMIN ? form_id(f, "team") : r->user.team_id;
}

static void choose_team(struct req *r, struct resp *out)
{
    struct err e;
    err_clear(&e);
    struct team_row teams[200];
    int n = 0;
    if (team_list(r->st, teams, 200, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Teams</h1><p class=\"govuk-body\">Choose a team to see its "
          "caseloads and the work waiting for a worker.</p><ul class=\"govuk-list\">");
    for (int i = 0; i < n; i++)
        H(&m, "<li><a class=\"govuk-link\" href=\"/team?team=%l\">%s</a></li>", teams[i].id,
          teams[i].name);
    H(&m, "</ul>");
    if (!n)
        H(&m, "<p class=\"govuk-body\">There are no teams yet.</p>");
    page_render(r, out, "Teams", &m);
    html_free(&m);
}

struct overdue_row {
    const struct team_worker *w;
    struct cw_child_row c;
    struct journey_clock k;
};

static int by_worker_then_due(const void *a, const void *b)
{
    const struct overdue_row *x = a, *y = b;
    int c = strcmp(x->w->name, y->w->name);
    if (c)
        return c;
    if (x->k.due != y->k.due)
        return x->k.due < y->k.due ? -1 : 1;
    return (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

static void team_page(struct req *r, struct resp *out, int64_t team_id,
                      const struct field_errors *fe, const char *done)
{
    struct err e;
    err_clear(&e);
    char team[128];
    if (team_name(r->st, team_id, team, &e) != HE_OK)
        return internal(r, out, &e);
    if (!team[0])
        return page_error(r, out, 404, "Page not found", "There is no such team.");
    struct team_worker *workers = xcalloc(WORKERS_MAX, sizeof *workers);
    struct cw_child_row *kids = xcalloc(CASELOAD_MAX, sizeof *kids);
    struct team_child *waiting = NULL;
    size_t n_waiting = 0, n_over = 0, cap_over = 0;
    struct overdue_row *over = NULL;
    int nw = 0, soon_total = 0;
    int *overdue = xcalloc(WORKERS_MAX, sizeof *overdue), *soon = xcalloc(WORKERS_MAX, sizeof *soon);
    struct html m = HTML_INIT;
    int rc = team_workers(r->st, team_id, workers, WORKERS_MAX, &nw, &e);
    for (int i = 0; rc == HE_OK && i < nw; i++) {
        int nk = 0;
        if ((rc = team_caseload(r->st, workers[i].staff_id, kids, CASELOAD_MAX, &nk, &e)) != HE_OK ||
            (rc = tr_mask_children(r->st, &r->user, kids, nk, &e)) != HE_OK) /* restricted: no name */
            break;
        for (int k = 0; rc == HE_OK && k < nk; k++) {
            struct summary sm; /* the caseload's rows carry their record versions */
            if ((rc = child_summary(r, kids[k].id, kids[k].version, &sm, &e)) != HE_OK)
                break;
            soon[i] += sm.n_soon;
            soon_total += sm.n_soon;
            overdue[i] += sm.n_overdue;
            for (int c = 0; c < sm.n_clocks; c++) {
                if (sm.clocks[c].state != CLOCK_OVERDUE)
                    continue;
                if (n_over == cap_over) {
                    cap_over = cap_over ? cap_over * 2 : 64;
                    over = xrealloc(over, cap_over * sizeof *over);
                }
                over[n_over++] = (struct overdue_row){&workers[i], kids[k], sm.clocks[c]};
            }
        }
    }
    if (rc == HE_OK)
        rc = team_unallocated(r->st, team_id, &waiting, &n_waiting, &e);
    for (size_t i = 0; rc == HE_OK && i < n_waiting; i++) { /* restricted records: no name */
        bool hidden;
        const char *words;
        if ((rc = tr_hidden_name(r->st, &r->user, waiting[i].id, &hidden, &words, &e)) == HE_OK && hidden) {
            snprintf(waiting[i].given, sizeof waiting[i].given, "%s", words);
            waiting[i].family[0] = 0;
            waiting[i].dob = DAY_NONE;
        }
    }
    /* how long each has waited: since it came into the team (a referral or transfer made in
     * hearth), else since its open work began */
    int64_t *entered = xcalloc(n_waiting ? n_waiting : 1, sizeof *entered);
    if (rc == HE_OK && n_waiting) {
        rec_id *ids = xcalloc(n_waiting, sizeof *ids);
        for (size_t i = 0; i < n_waiting; i++)
            ids[i] = waiting[i].id;
        rc = wf_entered(r->st, team_id, ids, n_waiting, entered, &e);
        free(ids);
    }
    int *waited = xcalloc(n_waiting ? n_waiting : 1, sizeof *waited);
    for (size_t i = 0; i < n_waiting; i++)
        waited[i] = entered[i] ? (int)((r->now - entered[i]) / 86400) : (int)(r->today - waiting[i].open_since);
    free(entered);
    struct team_log_row log[LOG_SHOWN];
    int n_log = 0;
    if (rc == HE_OK)
        rc = team_log(r->st, &r->user, team_id, log, LOG_SHOWN, &n_log, &e);
    if (rc != HE_OK) {
        internal(r, out, &e);
        goto out;
    }
    if (n_over > 1)
        qsort(over, n_over, sizeof *over, by_worker_then_due);
    int64_t allocated = 0;
    for (int i = 0; i < nw; i++)
        allocated += workers[i].caseload;

    H(&m, "<span class=\"govuk-caption-l\">Team</span><h1 class=\"govuk-heading-l\">%s</h1>", team);
    ui_error_summary(&m, fe);
    if (done)
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
              "role=\"alert\" aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\">"
              "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
              "<p class=\"govuk-notification-banner__heading\">%s</p></div></div>",
          done);
    H(&m, "<div class=\"govuk-grid-row hearth-stats\">"
          "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%l</span> children allocated</p></div>"
          "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%l</span> waiting for a worker</p></div>"
          "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%l</span> timescales overdue</p></div>"
          "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%d</span> due within %d working days</p></div></div>",
      allocated, (int64_t)n_waiting, (int64_t)n_over, soon_total, CLOCK_DUE_SOON_DAYS);

    /* caseloads */
    H(&m, "<h2 class=\"govuk-heading-m\">Caseloads</h2>");
    if (!nw) {
        H(&m, "<p class=\"govuk-body\">Nobody who holds children is in this team yet.</p>");
    } else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
              "Caseload and timescales of each worker</caption><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Worker</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Children</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Overdue</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Due soon</th>"
              "</tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < nw; i++) {
            int role = cw_role_parse(workers[i].role);
            H(&m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
                  "<br><span class=\"govuk-body-s\">%s</span></th><td class=\"govuk-table__cell "
                  "govuk-table__cell--numeric\">%l</td><td class=\"govuk-table__cell "
                  "govuk-table__cell--numeric\">%d</td><td class=\"govuk-table__cell "
                  "govuk-table__cell--numeric\">%d</td></tr>",
              workers[i].name, role >= 0 ? cw_role_name((enum cw_role)role) : "Staff",
              workers[i].caseload, overdue[i], soon[i]);
        }
        H(&m, "</tbody></table>");
    }

    /* overdue clocks, worker by worker */
    H(&m, "<h2 class=\"govuk-heading-m\">Overdue timescales</h2>");
    if (!n_over) {
        H(&m, "<p class=\"govuk-body\">No timescale of the team's allocated children is overdue.</p>");
    } else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
              "Overdue timescales by worker, longest overdue first</caption><thead "
              "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
              "class=\"govuk-table__header\">Worker</th><th scope=\"col\" class=\"govuk-table__header\">"
              "Child</th><th scope=\"col\" class=\"govuk-table__header\">Timescale</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Was due</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < n_over; i++) {
            const struct overdue_row *o = &over[i];
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td "
                  "class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/children/%l\">",
              o->w->name, (int64_t)o->c.id);
            child_name(&m, o->c.given, o->c.family, o->c.la_child_id);
            H(&m, "</a></td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
                  "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> %D (%d days ago)</td></tr>",
              clock_get(o->k.id)->name, o->k.due, (int)(r->today - o->k.due));
        }
        H(&m, "</tbody></table>");
    }

    /* children waiting for a worker, with the allocation form on each row, in pages */
    H(&m, "<h2 class=\"govuk-heading-m\" id=\"waiting\">Awaiting allocation</h2>");
    if (!n_waiting) {
        H(&m, "<p class=\"govuk-body\">Every child of the team with open work has a worker.</p>");
    } else {
        int n_pages = (int)((n_waiting + WAITING_SHOWN - 1) / WAITING_SHOWN);
        int64_t page = form_get_id(&r->query, "page");
        if (page < 1 || page > n_pages)
            page = 1;
        size_t first = (size_t)(page - 1) * WAITING_SHOWN;
        size_t shown = first + WAITING_SHOWN < n_waiting ? first + WAITING_SHOWN : n_waiting;
        H(&m, "<p class=\"govuk-body\">Children held by the team with an open episode of need or "
              "looked after, and no worker allocated, longest waiting first.</p>");
        if (n_pages > 1) {
            H(&m, "<nav class=\"govuk-pagination\" aria-label=\"Pages of children awaiting allocation\">"
                  "<ul class=\"govuk-pagination__list\">");
            for (int p = 1; p <= n_pages; p++)
                H(&m, "<li class=\"govuk-pagination__item%s\"><a class=\"govuk-link govuk-pagination__link\" "
                      "href=\"/team?team=%l&amp;page=%d#waiting\" aria-label=\"Page %d\"%s>%d</a></li>",
                  p == page ? " govuk-pagination__item--current" : "", team_id, p, p,
                  p == page ? " aria-current=\"page\"" : "", p);
            H(&m, "</ul></nav>");
        }
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
              "Children waiting for a worker</caption><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Open work</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Waiting</th><th scope=\"col\" class=\"govuk-table__header\">"
              "Allocate to</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = first; i < shown; i++) {
            const struct team_child *c = &waiting[i];
            char field[40];
            snprintf(field, sizeof field, "worker-%lld", (long long)c->id);
            const char *err = fe_get(fe, field);
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                  "class=\"govuk-link\" href=\"/children/%l\">", (int64_t)c->id);
            child_name(&m, c->given, c->family, c->la_child_id);
            H(&m, "</a><br><span class=\"govuk-body-s\">%s%s%D</span></td><td "
                  "class=\"govuk-table__cell\">%s%s%s<br><span class=\"govuk-body-s\">since %D</span></td>"
                  "<td class=\"govuk-table__cell\">%d %s</td><td class=\"govuk-table__cell\">",
              c->la_child_id, c->dob ? ", born " : "", c->dob, c->cin ? "Child in need" : "",
              c->cin && c->looked_after ? ", " : "", c->looked_after ? "Looked after" : "",
              c->open_since, waited[i], waited[i] == 1 ? "day" : "days");
            if (!nw) {
                H(&m, "No workers</td></tr>");
                continue;
            }
            H(&m, "<form method=\"post\" action=\"/team/allocate\" class=\"hearth-allocate\">");
            ui_csrf(&m, r);
            H(&m, "<input type=\"hidden\" name=\"child\" value=\"%l\"><input type=\"hidden\" "
                  "name=\"current\" value=\"0\"><input type=\"hidden\" name=\"team\" value=\"%l\">"
                  "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-visually-hidden\" "
                  "for=\"%s\">Worker for ",
              (int64_t)c->id, team_id, err ? " govuk-form-group--error" : "", field);
            child_name(&m, c->given, c->family, c->la_child_id);
            H(&m, "</label>");
            if (err)
                H(&m, "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
                      "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
                  field, err);
            H(&m, "<select class=\"govuk-select%s\" id=\"%s\" name=\"worker\"><option "
                  "value=\"\">Choose a worker</option>",
              err ? " govuk-select--error" : "", field);
            for (int w = 0; w < nw; w++)
                H(&m, "<option value=\"%l\">%s (%l)</option>", workers[w].staff_id, workers[w].name,
                  workers[w].caseload);
            H(&m, "</select></div><button type=\"submit\" class=\"govuk-button "
                  "govuk-button--secondary\" data-module=\"govuk-button\">Allocate<span "
                  "class=\"govuk-visually-hidden\"> ");
            child_name(&m, c->given, c->family, c->la_child_id);
            H(&m, "</span></button></form></td></tr>");
        }
        H(&m, "</tbody></table>");
    }

    H(&m, "<h2 class=\"govuk-heading-m\">Recent allocations</h2>");
    if (!n_log) {
        H(&m, "<p class=\"govuk-body\">No child has been allocated in hearth yet.</p>");
    } else {
        H(&m, "<ul class=\"govuk-list\">");
        for (int i = 0; i < n_log; i++) {
            char when[32];
            time_t t = (time_t)log[i].at;
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(when, sizeof when, "%d/%m/%Y %H:%M UTC", &tm);
            H(&m, "<li>%s: <a class=\"govuk-link\" href=\"/children/%l\">%s</a> allocated to %s by %s</li>",
              when, (int64_t)log[i].person, log[i].child, log[i].worker, log[i].by);
        }
        H(&m, "</ul>");
    }
    {
        char title[160];
        snprintf(title, sizeof title, "%sTeam: %s", fe && fe->n ? "Error: " : "", team);
        page_render(r, out, title, &m);
    }
out:
    html_free(&m);
    free(workers);
    free(kids);
    free(waiting);
    free(over);
    free(overdue);
    free(soon);
    free(waited);
}

void h_team(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "The team view is for team managers.");
    int64_t team = chosen_team(r, &r->query);
    if (!team) {
        if (r->user.role == ROLE_ADMIN)
            return choose_team(r, out);
        return page_error(r, out, 404, "No team", "You are not a member of a team.");
    }
    team_page(r, out, team, NULL,
              form_get(&r->query, "allocated") ? "The child was allocated. They are now in the "
                                                 "worker's list in My work." : NULL);
}

void h_team_allocate(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "Only a team manager can allocate work.");
    int64_t team = chosen_team(r, &r->body);
    int64_t child = form_id(&r->body, "child"), worker = form_id(&r->body, "worker");
    const char *cur = form_text(&r->body, "current");
    int64_t current = form_id(&r->body, "current");
    if (!team || !child || (strcmp(cur, "0") && !current))
        return page_error(r, out, 400, "The form could not be read",
                          "The allocation form was incomplete. Go back and try again.");
    struct field_errors fe = {0};
    char field[40];
    snprintf(field, sizeof field, "worker-%lld", (long long)child);
    struct err e;
    err_clear(&e);
    if (!worker) {
        fe_add(&fe, field, "Choose the worker to allocate the child to");
    } else if (team_allocate(r->st, &r->user, team, child, worker, current, r->today, r->now, &e) !=
               HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        fe_add(&fe, field, "%c%s", e.msg[0] >= 'a' && e.msg[0] <= 'z' ? e.msg[0] - 'a' + 'A' : e.msg[0],
               e.msg + (e.msg[0] != 0));
    }
    if (fe.n) {
        out->status = 400;
        return team_page(r, out, team, &fe, NULL);
    }
    char loc[80];
    if (r->user.role == ROLE_ADMIN)
        snprintf(loc, sizeof loc, "/team?team=%lld&allocated=1", (long long)team);
    else
        snprintf(loc, sizeof loc, "/team?allocated=1");
    redirect(out, loc);
}
