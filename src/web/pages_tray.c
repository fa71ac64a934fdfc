/* pages_tray: the manager's tray (everything waiting for their authorisation, one list over
 * every kind of record workflow.h knows), each authorised with a comment or returned to the
 * worker with the reason (an assessment's own page, pages_assessment.c, decides the same
 * requests); and transferring a child to another team with a summary. Every decision, request and transfer opens the child through child_open, so it
 * is in the access log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/trust.h"
#include "../store/workflow.h"
#include "labels.h"
#include "work.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

static bool is_manager(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static void when(char out[32], int64_t at)
{
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

/* A store refusal as a sentence beside a field. */
static void refusal(struct field_errors *fe, const char *field, const struct err *e)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, field, "%s", msg);
}

/* Requests about children the user may not open keep their place, never the child's name
 * (web.h: the tray and My work's "Returned to you"). */
int mask_requests(struct req *r, struct wf_request *q, size_t n, struct err *e)
{
    if (!n)
        return HE_OK;
    struct cw_child_row *rows = xcalloc(n, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i].id = q[i].person;
        snprintf(rows[i].given, sizeof rows[i].given, "%s", q[i].given);
        snprintf(rows[i].family, sizeof rows[i].family, "%s", q[i].family);
    }
    int rc = tr_mask_children(r->st, &r->user, rows, (int)n, e);
    for (size_t i = 0; rc == HE_OK && i < n; i++)
        if (rows[i].hidden) {
            snprintf(q[i].given, sizeof q[i].given, "%s", rows[i].given);
            q[i].family[0] = 0;
            q[i].note[0] = 0;
            q[i].comment[0] = 0;
        }
    free(rows);
    return rc;
}

static void child_name(struct html *m, const char *given, const char *family, const char *la)
{
    if (*given || *family)
        H(m, "%s %s", given, family);
    else
        H(m, "Child %s", la);
}

/* ---- the tray ------------------------------------------------------------------------ */
static void tray_page(struct req *r, struct resp *out, const struct field_errors *fe, int64_t failed,
                      const char *done)
{
    struct err e;
    err_clear(&e);
    struct wf_request *q = NULL;
    size_t n = 0;
    int64_t team = r->user.role == ROLE_ADMIN ? 0 : r->user.team_id;
    if (wf_tray(r->st, team, &q, &n, &e) != HE_OK || mask_requests(r, q, n, &e) != HE_OK) {
        free(q);
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    H(&m, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Your tray</h1>",
      r->user.role == ROLE_ADMIN ? "Every team" : r->user.team);
    ui_error_summary(&m, fe);
    if (done)
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
              "aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\"><p "
              "class=\"govuk-notification-banner__heading\">%s</p></div></div>",
          done);
    if (!n)
        H(&m, "<p class=\"govuk-body\">Nothing is waiting for your authorisation.</p>");
    else
        H(&m, "<p class=\"govuk-body\">%d waiting for your authorisation, longest waiting first. "
              "Authorise each with a comment, or return it to the worker saying why.</p>",
          (int)n);
    for (size_t i = 0; i < n; i++) {
        const struct wf_request *w = &q[i];
        const struct wf_kind *k = wf_kind_get(w->kind);
        char sent[32], field[40];
        when(sent, w->requested_at);
        snprintf(field, sizeof field, "comment-%lld", (long long)w->id);
        H(&m, "<div class=\"govuk-summary-card\" id=\"request-%l\"><div class=\"govuk-summary-card__title-wrapper\">"
              "<h2 class=\"govuk-summary-card__title\">%s: ",
          w->id, k ? k->name : w->kind);
        child_name(&m, w->given, w->family, w->la);
        H(&m, "</h2></div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">"
              "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Sent by</dt>"
              "<dd class=\"govuk-summary-list__value\">%s, %s UTC (%d days waiting)</dd></div>",
          w->by, sent, (int)((r->now - w->requested_at) / 86400));
        if (w->note[0])
            H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Their note</dt>"
                  "<dd class=\"govuk-summary-list__value hearth-pre\">%s</dd></div>",
              w->note);
        H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Record</dt>"
              "<dd class=\"govuk-summary-list__value\">");
        if (k && !strcmp(k->key, "assessment"))
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l/assessments/%l\">Open the assessment</a>",
              (int64_t)w->person, w->record);
        else if (k && !strcmp(k->key, "case_note"))
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l/notes/%l\">Read the case note</a>",
              (int64_t)w->person, w->record);
        else
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l\">Open the child's record</a>", (int64_t)w->person);
        H(&m, "</dd></div></dl><form method=\"post\" action=\"/tray/%l\" novalidate>", w->id);
        ui_csrf(&m, r);
        ui_textarea(&m, field, "Comment (to return it, say why)", NULL,
                    failed == w->id ? form_text(&r->body, field) : "", fe);
        H(&m, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
              "name=\"action\" value=\"authorise\">Authorise</button><button type=\"submit\" "
              "class=\"govuk-button govuk-button--secondary\" name=\"action\" value=\"return\">Return "
              "to the worker</button></div></form></div></div>");
    }
    page_render(r, out, fe && fe->n ? "Error: Your tray" : "Your tray", &m);
    html_free(&m);
    free(q);
}

void h_tray(struct req *r, struct resp *out)
{
    if (!is_manager(r))
        return page_error(r, out, 403, "Not available", "The tray is for team managers.");
    const char *done = form_get(&r->query, "done");
    tray_page(r, out, NULL, 0,
              !done ? NULL : !strcmp(done, "authorised") ? "Authorised. The worker can see your comment."
                                                        : "Returned to the worker with your reason.");
}

void h_tray_decide(struct req *r, struct resp *out)
{
    if (!is_manager(r))
        return page_error(r, out, 403, "Not available", "Only a team manager can authorise.");
    struct err e;
    err_clear(&e);
    struct wf_request w;
    bool found;
    if (wf_request_get(r->st, r->ids[0], &w, &found, &e) != HE_OK)
        return internal(r, out, &e);
    if (!found)
        return page_error(r, out, 404, "Page not found", "There is no such request.");
    const char *action = form_get(&r->body, "action");
    bool authorise = action && !strcmp(action, "authorise");
    if (!action || (!authorise && strcmp(action, "return")))
        return page_error(r, out, 400, "The form could not be read", "Choose Authorise or Return.");
    if (!child_open(r, out, w.person, authorise ? "authorisation: authorised" : "authorisation: returned"))
        return;
    char field[40]; /* each request's comment is a field of its own on the tray */
    snprintf(field, sizeof field, "comment-%lld", (long long)w.id);
    const char *comment = form_text(&r->body, field);
    struct field_errors fe = {0};
    if (!plain_text(comment))
        fe_add(&fe, field, "The comment must be plain text: remove the markup (text between < and >)");
    else if (wf_decide(r->st, &r->user, w.id, authorise, comment, r->today, r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        refusal(&fe, field, &e);
    }
    if (fe.n) {
        out->status = 422;
        return tray_page(r, out, &fe, w.id, NULL);
    }
    redirect(out, authorise ? "/tray?done=authorised" : "/tray?done=returned");
}

/* ---- transfers -------------------------------------------------------------------------- */
#define TEAMS_MAX 100

static void transfer_page(struct req *r, struct resp *out, rec_id id, const struct form *f,
                          const struct field_errors *fe, int64_t version, bool from_draft)
{
    struct err e;
    err_clear(&e);
    struct wf_team teams[TEAMS_MAX];
    int n = 0;
    struct cw_holder h;
    struct child_file cf;
    if (wf_teams(r->st, teams, TEAMS_MAX, &n, &e) != HE_OK || cw_holder(r->st, id, &h, &e) != HE_OK ||
        store_load_child(r->st, id, &cf, &e) != HE_OK)
        return internal(r, out, &e);
    struct ui_option *opts = xcalloc((size_t)(n ? n : 1), sizeof *opts);
    char (*labels)[300] = xcalloc((size_t)(n ? n : 1), sizeof *labels);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(teams[i].name, h.team))
            continue;
        const char *kind = wf_team_kind_name(teams[i].kind);
        snprintf(labels[k], sizeof labels[k], "%s%s%s%s", teams[i].name, kind ? " (" : "", kind ? kind : "",
                 kind ? ")" : "");
        char *idtext = xcalloc(24, 1);
        snprintf(idtext, 24, "%lld", (long long)teams[i].id);
        opts[k].value = idtext;
        opts[k].label = labels[k];
        k++;
    }
    struct html m = HTML_INIT;
    char back[64];
    snprintf(back, sizeof back, "/children/%lld", (long long)id);
    ui_back(&m, back);
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (from_draft)
        draft_banner(&m, r);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>"
          "<h1 class=\"govuk-heading-l\">Transfer to another team</h1><p class=\"govuk-body\">Held now by "
          "%s%s%s. The child goes to the new team's queue, waiting for its manager to allocate a worker; "
          "the summary stays on the record.</p><form method=\"post\" action=\"/children/%l/transfer\" novalidate>",
      (int64_t)id, cf.person.given_name, cf.person.family_name, h.team[0] ? h.team : "no team",
      h.worker[0] ? ", allocated to " : "", h.worker, (int64_t)id);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
    ui_radios(&m, "team", "The team taking the child on", opts, k, form_get(f, "team"), fe);
    ui_textarea(&m, "summary", "Transfer summary",
                "Why the child moves now, what is known, what is planned and what is outstanding",
                form_text(f, "summary"), fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Transfer the child</button></form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Transfer to another team" : "Transfer to another team", &m);
    html_free(&m);
    for (int i = 0; i < k; i++)
        free((char *)opts[i].value);
    free(opts);
    free(labels);
    child_file_free(&cf);
}

static bool may_transfer(struct req *r, struct resp *out)
{
    if (!work_may_record_stages(r) || r->user.role == ROLE_IRO) {
        page_error(r, out, 403, "Not available",
                   "A child is transferred by their worker or their team's manager.");
        return false;
    }
    return true;
}

void h_transfer_form(struct req *r, struct resp *out)
{
    if (!may_transfer(r, out) || !child_open(r, out, r->ids[0], "transfer form"))
        return;
    struct err e;
    err_clear(&e);
    int64_t version = 0;
    if (cw_version(r->st, r->ids[0], &version, &e) != HE_OK)
        return internal(r, out, &e);
    struct form f = {0};
    bool draft = draft_load(r, &f);
    transfer_page(r, out, r->ids[0], &f, NULL, version, draft);
    form_free(&f);
}

void h_transfer_post(struct req *r, struct resp *out)
{
    if (!may_transfer(r, out))
        return; /* refused before anything of the request is kept, even as a draft */
    draft_save(r);
    if (!child_open(r, out, r->ids[0], "transfer"))
        return;
    struct err e;
    err_clear(&e);
    int64_t version = 0;
    if (cw_version(r->st, r->ids[0], &version, &e) != HE_OK)
        return internal(r, out, &e);
    const struct form *f = &r->body;
    struct field_errors fe = {0};
    int64_t team = form_get_id(f, "team");
    if (!team)
        fe_add(&fe, "team", "Choose the team taking the child on");
    const char *summary = form_text(f, "summary");
    if (!*summary)
        fe_add(&fe, "summary", "Write the transfer summary");
    else if (strlen(summary) > 20000)
        fe_add(&fe, "summary", "The summary must be 20000 characters or fewer (it has %zu)", strlen(summary));
    else if (!plain_text(summary))
        fe_add(&fe, "summary", "The summary must be plain text: remove the markup (text between < and >)");
    if (!fe.n && wf_transfer(r->st, &r->user, r->ids[0], form_get_id(f, "version"), team, summary, r->today,
                             r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        refusal(&fe, !strcmp(e.field, "team") ? "team" : "summary", &e);
    }
    if (fe.n) {
        out->status = 422;
        return transfer_page(r, out, r->ids[0], f, &fe, version, false);
    }
    draft_clear(r);
    bool still = false; /* unknown: My work, which the user can always open */
    if (cw_can_see(r->st, &r->user, r->ids[0], &still, &e) != HE_OK)
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
    char loc[64];
    if (still)
        snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
    else
        snprintf(loc, sizeof loc, "/my-work?transferred=1");
    redirect(out, loc);
}
