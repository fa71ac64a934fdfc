/* pages: signing in, "My work", search and the child's record (the dashboard is in
 * dashboard.c, the team view in team.c). Each handler
 * reads through casework.h and store.h and writes through html.h; none holds SQL. The
 * front door and stage forms are in pages_forms.c. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/journey.h"
#include "../rules/rules.h"
#include "../store/stages.h"
#include "../store/trust.h"
#include "../store/workflow.h"
#include "labels.h"
#include "record.h"
#include "session.h"
#include "summary.h"
#include "web.h"
#include "work.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

static bool valid_next(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || strlen(s) > 300)
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '/'))
            return false;
    return true;
}

void h_home(struct req *r, struct resp *out)
{
    redirect(out, r->user.role == ROLE_ANALYST   ? "/dashboard"
                  : r->user.role == ROLE_PARTNER ? "/mash"
                                                 : "/my-work");
}

/* ---- signing in ---------------------------------------------------------------------- */
static void sign_in_page(struct req *r, struct resp *out, const char *name, const char *next,
                         const struct field_errors *fe, bool timeout)
{
    char pre[SESSION_TOKEN_LEN + 1], form[SESSION_TOKEN_LEN + 1];
    session_pre_token(r->now, pre, form);
    snprintf(out->cookie, sizeof out->cookie,
             "hearth_pre=%s; Path=/; HttpOnly; SameSite=Strict", pre);
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (timeout)
        H(&m, "<div class=\"govuk-notification-banner\" role=\"region\" "
              "aria-labelledby=\"timeout-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"timeout-title\">Important</h2></div><div class=\"govuk-notification-banner__content\">"
              "<p class=\"govuk-notification-banner__heading\">You were signed out because you had "
              "not used hearth for a while. Anything you submitted has been kept: sign in again to "
              "carry on where you were.</p></div></div>");
    H(&m, "<h1 class=\"govuk-heading-l\">Sign in to hearth</h1>"
          "<form method=\"post\" action=\"/sign-in\" novalidate>"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
          "<input type=\"hidden\" name=\"next\" value=\"%s\">",
      form, next && valid_next(next) ? next : "");
    ui_text(&m, "name", "User name", NULL, name, fe, 20);
    const char *err = fe_get(fe, "password");
    H(&m, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"password\">Password</label>",
      err ? " govuk-form-group--error" : "");
    if (err)
        H(&m, "<p id=\"password-error\" class=\"govuk-error-message\"><span "
              "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
          err);
    H(&m, "<input class=\"govuk-input govuk-input--width-20%s\" id=\"password\" name=\"password\" "
          "type=\"password\" autocomplete=\"current-password\"></div>",
      err ? " govuk-input--error" : "");
    ui_text(&m, "code", "Security code",
            "Only if you have set up an authenticator app: the 6 digits it shows now", NULL, fe, 5);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Sign in</button>"
          "</form></div></div>");
    page_render(r, out, "Sign in", &m);
    html_free(&m);
}

void h_sign_in_form(struct req *r, struct resp *out)
{
    struct err e;
    int64_t n = 0;
    err_clear(&e);
    if (cw_user_count(r->st, &n, &e) != HE_OK)
        return internal(r, out, &e);
    if (!n)
        return redirect(out, "/setup");
    sign_in_page(r, out, "", form_get(&r->query, "next"), NULL,
                 form_get(&r->query, "timeout") != NULL);
}

void h_sign_in(struct req *r, struct resp *out)
{
    struct err e;
    struct field_errors fe = {0};
    struct cw_user u;
    bool found = false;
    err_clear(&e);
    const char *name = form_text(&r->body, "name");
    const char *pw = form_get(&r->body, "password");
    if (!*name)
        fe_add(&fe, "name", "Enter your user name");
    if (!pw || !*pw)
        fe_add(&fe, "password", "Enter your password");
    if (!fe.n) {
        if (cw_user_by_name(r->st, name, &u, &found, &e) != HE_OK)
            return internal(r, out, &e);
        /* one message whether the name or the password was wrong, and the same Argon2id
         * work (against a decoy hash), so that neither the page nor its time tells
         * whether the account exists */
        if (!found) {
            (void)password_verify(NULL, pw);
            fe_add(&fe, "name", "Enter a correct user name and password");
        }
        else /* lock-out, password, second factor: adds the field error when refused */
            (void)trust_sign_in(r, &u, pw, &fe);
    }
    if (fe.n) {
        out->status = 200;
        return sign_in_page(r, out, name, form_get(&r->body, "next"), &fe, false);
    }
    char token[SESSION_TOKEN_LEN + 1], digest[65], csrf[SESSION_TOKEN_LEN + 1];
    session_new_token(token);
    session_new_token(csrf);
    session_token_digest(token, digest);
    if (cw_session_put(r->st, digest, u.id, csrf, r->now, &e) != HE_OK)
        return internal(r, out, &e);
    snprintf(out->cookie, sizeof out->cookie,
             SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", token);
    const char *next = form_get(&r->body, "next");
    redirect(out, next && valid_next(next) ? next : "/");
}

void h_sign_out(struct req *r, struct resp *out)
{
    struct err e;
    err_clear(&e);
    /* the browser forgets the cookie whatever happens; the server must forget the session */
    snprintf(out->cookie, sizeof out->cookie,
             SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if (cw_session_delete(r->st, r->token_digest, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        return page_error(r, out, 500, "You may not be signed out",
                          "This browser has forgotten your session, but the service could not end it. "
                          "Sign out again in a moment; if this keeps happening, tell your administrator, "
                          "who can end every session of yours with 'hearth user passwd'.");
    }
    redirect(out, "/sign-in");
}

/* The first administrator: only while there are no users at all. */
static void setup_page(struct req *r, struct resp *out, const struct form *f,
                       const struct field_errors *fe)
{
    char pre[SESSION_TOKEN_LEN + 1], form[SESSION_TOKEN_LEN + 1];
    session_pre_token(r->now, pre, form);
    snprintf(out->cookie, sizeof out->cookie, "hearth_pre=%s; Path=/; HttpOnly; SameSite=Strict",
             pre);
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Set up hearth</h1><p class=\"govuk-body\">There are no "
          "users yet. Create the first administrator; they add everyone else.</p>"
          "<form method=\"post\" action=\"/setup\" novalidate><input type=\"hidden\" name=\"csrf\" "
          "value=\"%s\">",
      form);
    ui_text(&m, "name", "User name", "Letters, digits, full stops, hyphens", f ? form_text(f, "name") : "", fe, 20);
    ui_text(&m, "display", "Full name", NULL, f ? form_text(f, "display") : "", fe, 20);
    const char *err = fe_get(fe, "password");
    H(&m, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"password\">Password</label>"
          "<div id=\"password-hint\" class=\"govuk-hint\">At least 10 characters</div>",
      err ? " govuk-form-group--error" : "");
    if (err)
        H(&m, "<p id=\"password-error\" class=\"govuk-error-message\">%s</p>", err);
    H(&m, "<input class=\"govuk-input govuk-input--width-20\" id=\"password\" name=\"password\" "
          "type=\"password\" autocomplete=\"new-password\" aria-describedby=\"password-hint\"></div>"
          "<button type=\"submit\" class=\"govuk-button\">Create administrator</button></form></div></div>");
    page_render(r, out, "Set up hearth", &m);
    html_free(&m);
}

void h_setup_form(struct req *r, struct resp *out)
{
    struct err e;
    int64_t n = 0;
    err_clear(&e);
    if (cw_user_count(r->st, &n, &e) != HE_OK)
        return internal(r, out, &e);
    if (n)
        return page_error(r, out, 404, "Page not found", "hearth is already set up.");
    setup_page(r, out, NULL, NULL);
}

void h_setup(struct req *r, struct resp *out)
{
    struct err e;
    int64_t n = 0, id;
    struct field_errors fe = {0};
    char hash[128];
    err_clear(&e);
    if (cw_user_count(r->st, &n, &e) != HE_OK)
        return internal(r, out, &e);
    if (n)
        return page_error(r, out, 404, "Page not found", "hearth is already set up.");
    const char *display = form_text(&r->body, "display");
    if (!*display)
        fe_add(&fe, "display", "Enter the administrator's full name");
    else if (strlen(display) > 100 || !name_valid(display))
        fe_add(&fe, "display", "A full name has up to 100 letters, spaces, hyphens and apostrophes");
    if (password_hash(form_get(&r->body, "password"), hash, &e) != HE_OK)
        fe_add(&fe, "password", "%s", e.msg);
    if (!fe.n && cw_user_add(r->st, form_text(&r->body, "name"), display, ROLE_ADMIN, NULL, hash,
                             r->now, &id, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        fe_add(&fe, "name", "%s", e.msg);
    }
    if (fe.n)
        return setup_page(r, out, &r->body, &fe);
    redirect(out, "/sign-in");
}

/* ---- lists --------------------------------------------------------------------------- */
static void badges(struct html *h, int status)
{
    if (status & JS_CP)
        H(h, "<strong class=\"moj-badge moj-badge--red\">CP</strong> ");
    if (status & JS_LOOKED_AFTER)
        H(h, "<strong class=\"moj-badge moj-badge--purple\">Looked after</strong> ");
    if (status & JS_CIN)
        H(h, "<strong class=\"moj-badge moj-badge--blue\">CIN</strong> ");
    if (status & JS_CARE_LEAVER)
        H(h, "<strong class=\"moj-badge moj-badge--green\">Care leaver</strong> ");
}

void clock_tag(struct html *h, const struct journey_clock *k, day_t today)
{
    const struct clock_def *d = clock_get(k->id);
    if (k->state == CLOCK_OVERDUE)
        H(h, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> %s: was due %D (%d days ago)",
          d->name, k->due, (int)(today - k->due));
    else if (k->state == CLOCK_DUE_SOON)
        H(h, "<strong class=\"govuk-tag govuk-tag--yellow\">Due soon</strong> %s: due %D", d->name,
          k->due);
    else
        H(h, "<strong class=\"govuk-tag govuk-tag--grey\">Open</strong> %s: due %D", d->name, k->due);
    /* proceedings are planned week by week to the court's 26 */
    if (k->id == CLOCK_CARE_PROCEEDINGS) {
        int weeks = (int)((today - k->start) / 7), left = (int)((k->due - today) / 7);
        if (k->state == CLOCK_OVERDUE)
            H(h, " (%d weeks since issue)", weeks);
        else
            H(h, " (%d weeks since issue, %d %s left)", weeks, left, left == 1 ? "week" : "weeks");
    }
}

/* My work's summaries: loading a whole child takes a few milliseconds, too slow for a list
 * of dozens on every visit, so each child's status and clocks are kept here, keyed by the
 * record version (bumped by every change made in hearth) and the day. The child's own page
 * always computes afresh and refreshes the entry. */
#define SUM_SLOTS 8192
static struct summary sums[SUM_SLOTS];
static pthread_mutex_t sums_lock = PTHREAD_MUTEX_INITIALIZER;

void summary_fill(struct summary *sm, const struct journey *j)
{
    sm->status = j->status;
    sm->n_clocks = j->n_clocks < SUM_CLOCKS ? j->n_clocks : SUM_CLOCKS;
    sm->n_more = j->n_clocks - sm->n_clocks;
    sm->n_overdue = sm->n_soon = 0;
    for (int k = 0; k < j->n_clocks; k++) {
        sm->n_overdue += j->clocks[k].state == CLOCK_OVERDUE;
        sm->n_soon += j->clocks[k].state == CLOCK_DUE_SOON;
    }
    if (sm->n_clocks)
        memcpy(sm->clocks, j->clocks, (size_t)sm->n_clocks * sizeof sm->clocks[0]);
}

static void summary_put(rec_id id, int64_t version, day_t today, const struct journey *j)
{
    struct summary sm = {.id = id, .version = version, .today = today};
    summary_fill(&sm, j);
    pthread_mutex_lock(&sums_lock);
    sums[(uint64_t)id % SUM_SLOTS] = sm;
    pthread_mutex_unlock(&sums_lock);
}

static bool summary_get(rec_id id, int64_t version, day_t today, struct summary *out)
{
    pthread_mutex_lock(&sums_lock);
    *out = sums[(uint64_t)id % SUM_SLOTS];
    pthread_mutex_unlock(&sums_lock);
    return out->id == id && out->version == version && out->today == today;
}

/* A child's summary, from the cache or computed. */
int child_summary(struct req *r, rec_id id, int64_t version, struct summary *sm, struct err *e)
{
    int rc = HE_OK;
    if (summary_get(id, version, r->today, sm))
        return rc;
    struct child_file f;
    if ((rc = store_load_child(r->st, id, &f, e)) != HE_OK)
        return rc;
    rec_id awaiting[16];
    int na = 0;
    struct journey j;
    struct child_extra x;
    if ((rc = st_load_extra(r->st, id, &x, e)) != HE_OK) {
        child_file_free(&f);
        return rc;
    }
    if ((rc = cw_awaiting_contacts(r->st, id, awaiting, 16, &na, e)) == HE_OK) {
        journey_compute_x(&f, &x, awaiting, na, r->today, &j);
        summary_put(id, version, r->today, &j);
        summary_get(id, version, r->today, sm);
        journey_free(&j);
    }
    child_extra_free(&x);
    child_file_free(&f);
    return rc;
}

static void child_name(struct html *h, const char *given, const char *family, const char *la)
{
    if ((given && *given) || (family && *family))
        H(h, "%s %s", given, family);
    else
        H(h, "Child %s", la);
}

struct row {
    struct cw_child_row c;
    struct summary s;
};

static int by_row_urgency(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    long ua = a->s.n_clocks ? (long)a->s.clocks[0].due : (long)INT32_MAX;
    long ub = b->s.n_clocks ? (long)b->s.clocks[0].due : (long)INT32_MAX;
    if (ua != ub)
        return ua < ub ? -1 : 1;
    return a->c.id < b->c.id ? -1 : a->c.id > b->c.id;
}

#define LIST_MAX 60  /* search results */
#define PAGE_ROWS 50 /* My work: children a page */
#define NEW_DAYS 14  /* "New to you": allocated within this many days */
#define TASKS_SHOWN 10

/* GOV.UK pagination under a list of n_pages pages, at page (1-based). */
static void pagination(struct html *m, const char *path, int page, int n_pages)
{
    if (n_pages < 2)
        return;
    H(m, "<nav class=\"govuk-pagination\" aria-label=\"Pages of children\">");
    if (page > 1)
        H(m, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
             "href=\"%s?page=%d\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">Previous"
             "<span class=\"govuk-visually-hidden\"> page</span></span></a></div>",
          path, page - 1);
    H(m, "<ul class=\"govuk-pagination__list\">");
    for (int p = 1; p <= n_pages; p++)
        if (p == page)
            H(m, "<li class=\"govuk-pagination__item govuk-pagination__item--current\"><a "
                 "class=\"govuk-link govuk-pagination__link\" href=\"%s?page=%d\" aria-label=\"Page %d\" "
                 "aria-current=\"page\">%d</a></li>",
              path, p, p, p);
        else if (p == 1 || p == n_pages || (p >= page - 2 && p <= page + 2))
            H(m, "<li class=\"govuk-pagination__item\"><a class=\"govuk-link govuk-pagination__link\" "
                 "href=\"%s?page=%d\" aria-label=\"Page %d\">%d</a></li>",
              path, p, p, p);
        else if (p == page - 3 || p == page + 3)
            H(m, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">&ctdot;</li>");
    H(m, "</ul>");
    if (page < n_pages)
        H(m, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
             "href=\"%s?page=%d\" rel=\"next\"><span class=\"govuk-pagination__link-title\">Next<span "
             "class=\"govuk-visually-hidden\"> page</span></span></a></div>",
          path, page + 1);
    H(m, "</nav>");
}

static void child_row(struct html *m, struct req *r, const struct row *w)
{
    H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
         "class=\"govuk-link\" href=\"/children/%l\">", (int64_t)w->c.id);
    child_name(m, w->c.given, w->c.family, w->c.la_child_id);
    if (w->c.hidden) /* restricted: its LAchildID, nothing in it */
        H(m, "</a><br><span class=\"govuk-body-s\">%s%s</span></td><td "
             "class=\"govuk-table__cell\">",
          w->c.la_child_id, w->c.allocated_to_me ? ", allocated to you" : "");
    else
        H(m, "</a><br><span class=\"govuk-body-s\">%s, born %D%s</span></td><td "
             "class=\"govuk-table__cell\">",
          w->c.la_child_id, w->c.dob, w->c.allocated_to_me ? ", allocated to you" : "");
    badges(m, w->s.status);
    H(m, "</td><td class=\"govuk-table__cell\">");
    if (!w->s.n_clocks)
        H(m, "Nothing due");
    for (int k = 0; k < w->s.n_clocks; k++) {
        if (k)
            H(m, "<br>");
        clock_tag(m, &w->s.clocks[k], r->today);
    }
    if (w->s.n_more)
        H(m, "<br><span class=\"govuk-body-s\">and %d more, due later: see the child's record</span>",
          w->s.n_more);
    H(m, "</td></tr>");
}

static void children_table(struct html *m, struct req *r, const char *caption, const struct row *rows, size_t from,
                           size_t to, const char *id)
{
    H(m, "<table class=\"govuk-table\" id=\"%s\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
         "%s</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
         "class=\"govuk-table__header\">Child</th><th scope=\"col\" class=\"govuk-table__header\">Status</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Timescales</th></tr></thead><tbody "
         "class=\"govuk-table__body\">",
      id, caption);
    for (size_t i = from; i < to; i++)
        child_row(m, r, &rows[i]);
    H(m, "</tbody></table>");
}

/* The children of the list in care proceedings, with the court's 26 weeks counted down:
 * proceedings are planned week by week, so they are listed apart from the other clocks. */
static void proceedings_table(struct html *m, struct req *r, const struct row *rows, size_t n)
{
    size_t shown = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < rows[i].s.n_clocks; k++) {
            if (rows[i].s.clocks[k].id != CLOCK_CARE_PROCEEDINGS)
                continue;
            if (!shown++)
                H(m, "<table class=\"govuk-table\" id=\"proceedings\"><caption class=\"govuk-table__caption "
                     "govuk-table__caption--m\">In care proceedings</caption><thead class=\"govuk-table__head\">"
                     "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">26-week limit</th></tr></thead><tbody "
                     "class=\"govuk-table__body\">");
            H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                 "href=\"/children/%l\">", (int64_t)rows[i].c.id);
            child_name(m, rows[i].c.given, rows[i].c.family, rows[i].c.la_child_id);
            H(m, "</a></td><td class=\"govuk-table__cell\">");
            clock_tag(m, &rows[i].s.clocks[k], r->today);
            H(m, "</td></tr>");
        }
    if (shown)
        H(m, "</tbody></table>");
}

void h_my_work(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return redirect(out, "/dashboard");
    struct err e;
    err_clear(&e);
    struct cw_child_row *kids = NULL;
    struct wf_task *tasks = NULL;
    struct wf_request *back = NULL, *tray = NULL;
    struct summary *sm = NULL;
    struct row *rows = NULL;
    size_t n = 0, n_tasks = 0, n_back = 0, n_tray = 0;
    rec_id fresh[20];
    int64_t fresh_at[20];
    int n_fresh = 0;
    struct html m = HTML_INIT;
    int rc = wf_my_children(r->st, &r->user, &kids, &n, &e);
    if (rc == HE_OK)
        rc = wf_tasks_open(r->st, r->user.id, &tasks, &n_tasks, &e);
    if (rc == HE_OK)
        rc = wf_returned(r->st, r->user.id, &back, &n_back, &e);
    if (rc == HE_OK) /* a record restricted since: no name, nor the reason given about it */
        rc = mask_requests(r, back, n_back, &e);
    if (rc == HE_OK && r->user.staff_id)
        rc = wf_new_to_me(r->st, r->user.staff_id, r->now - NEW_DAYS * 86400, fresh, fresh_at, 20, &n_fresh, &e);
    if (rc == HE_OK && (r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN))
        rc = wf_tray(r->st, r->user.role == ROLE_ADMIN ? 0 : r->user.team_id, &tray, &n_tray, &e);
    rows = xcalloc(n ? n : 1, sizeof *rows);
    sm = xcalloc(n ? n : 1, sizeof *sm);
    for (size_t i = 0; rc == HE_OK && i < n; i++) {
        rows[i].c = kids[i];
        rc = child_summary(r, kids[i].id, kids[i].version, &rows[i].s, &e);
    }
    if (rc != HE_OK) {
        internal(r, out, &e);
        goto out;
    }
    if (n > 1)
        qsort(rows, n, sizeof *rows, by_row_urgency);
    int overdue = 0, soon = 0;
    for (size_t i = 0; i < n; i++) {
        kids[i] = rows[i].c; /* the same order for the task list */
        sm[i] = rows[i].s;
        overdue += rows[i].s.n_overdue;
        soon += rows[i].s.n_soon;
    }
    H(&m, "<h1 class=\"govuk-heading-l\">My work</h1>");
    if (form_get(&r->query, "transferred"))
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
              "aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\"><p "
              "class=\"govuk-notification-banner__heading\">Transferred. The child waits in the new "
              "team's queue for its manager to allocate a worker.</p></div></div>");
    /* a worker's caseload first: the team's children they may also see are not theirs */
    int64_t mine = 0;
    for (size_t i = 0; i < n; i++)
        mine += kids[i].allocated_to_me;
    H(&m, "<div class=\"govuk-grid-row hearth-stats\">");
    if (mine)
        H(&m, "<div class=\"govuk-grid-column-one-third\"><p class=\"govuk-body\"><span "
              "class=\"govuk-heading-xl hearth-stat\">%l</span> children allocated to you, of %l in your "
              "list</p></div>",
          mine, (int64_t)n);
    else
        H(&m, "<div class=\"govuk-grid-column-one-third\"><p class=\"govuk-body\"><span "
              "class=\"govuk-heading-xl hearth-stat\">%l</span> children</p></div>",
          (int64_t)n);
    H(&m, "<div class=\"govuk-grid-column-one-third\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%d</span> statutory timescales overdue</p></div>"
          "<div class=\"govuk-grid-column-one-third\"><p class=\"govuk-body\"><span "
          "class=\"govuk-heading-xl hearth-stat\">%d</span> statutory timescales due within %d working "
          "days</p></div></div>",
      overdue, soon, CLOCK_DUE_SOON_DAYS);
    /* newly allocated to the worker: at the top, whatever their clocks say */
    if (n_fresh) {
        struct row *nr = xcalloc((size_t)n_fresh, sizeof *nr);
        int k = 0;
        for (int i = 0; i < n_fresh; i++)
            for (size_t j = 0; j < n; j++)
                if (rows[j].c.id == fresh[i])
                    nr[k++] = rows[j];
        if (k)
            children_table(&m, r, "New to you", nr, 0, (size_t)k, "new");
        free(nr);
    }
    proceedings_table(&m, r, rows, n);
    if (n_tray)
        H(&m, "<div class=\"govuk-inset-text\"><a class=\"govuk-link\" href=\"/tray\">%l waiting for your "
              "authorisation</a></div>",
          (int64_t)n_tray);
    if (n_back) {
        H(&m, "<h2 class=\"govuk-heading-m\" id=\"returned\">Returned to you</h2><ul class=\"govuk-list\">");
        for (size_t i = 0; i < n_back; i++) {
            const struct wf_kind *k = wf_kind_get(back[i].kind);
            H(&m, "<li><strong>%s</strong> for <a class=\"govuk-link\" href=\"/children/%l", k ? k->name : back[i].kind,
              (int64_t)back[i].person);
            const char *at = k && k->path ? strstr(k->path, "%l") : NULL; /* the record's own page */
            if (at) {
                char under[32];
                snprintf(under, sizeof under, "%.*s", (int)(at - k->path), k->path);
                H(&m, "/%s%l", under, back[i].record);
            }
            H(&m, "\">%s %s</a>, returned by %s: %s</li>", back[i].given, back[i].family, back[i].decided_by,
              back[i].comment);
        }
        H(&m, "</ul>");
    }
    {
        struct html list = HTML_INIT;
        size_t all = work_tasks_table(&list, r, tasks, n_tasks, kids, sm, n, TASKS_SHOWN);
        H(&m, "<h2 class=\"govuk-heading-m\" id=\"tasks\">Your tasks</h2>");
        if (!all)
            H(&m, "<p class=\"govuk-body\">Nothing is due.</p>");
        H(&m, "%h", &list);
        if (all > TASKS_SHOWN)
            H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/tasks\">All your tasks (%l)</a></p>",
              (int64_t)all);
        html_free(&list);
    }
    if (!n) {
        H(&m, "<p class=\"govuk-body\">No children are allocated to you or held by your team.</p>");
    } else {
        int n_pages = (int)((n + PAGE_ROWS - 1) / PAGE_ROWS);
        int64_t page = form_get_id(&r->query, "page");
        if (page < 1 || page > n_pages)
            page = 1;
        size_t from = (size_t)(page - 1) * PAGE_ROWS, to = from + PAGE_ROWS < n ? from + PAGE_ROWS : n;
        char caption[96];
        if (n_pages > 1)
            snprintf(caption, sizeof caption, "Children, most urgent first (page %d of %d)", (int)page, n_pages);
        else
            snprintf(caption, sizeof caption, "Children, most urgent first");
        children_table(&m, r, caption, rows, from, to, "children");
        pagination(&m, "/my-work", (int)page, n_pages);
    }
    page_render(r, out, "My work", &m);
out:
    html_free(&m);
    free(kids);
    free(tasks);
    free(back);
    free(tray);
    free(sm);
    free(rows);
}

void h_search(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    const char *q = form_text(&r->query, "q");
    struct err e;
    err_clear(&e);
    struct cw_child_row kids[LIST_MAX];
    int n = 0;
    if (*q && cw_search(r->st, &r->user, q, kids, LIST_MAX, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Find a child</h1><form method=\"get\" action=\"/search\" "
          "role=\"search\"><div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"q\">Name, "
          "date of birth, LA child ID, UPN or NHS number</label><div class=\"govuk-hint\" "
          "id=\"q-hint\">For example: Smith, 14/02/2015, H0000123</div><input class=\"govuk-input "
          "govuk-input--width-20\" id=\"q\" name=\"q\" type=\"search\" value=\"%s\" "
          "aria-describedby=\"q-hint\" data-hearth-search></div><button class=\"govuk-button\" "
          "type=\"submit\">Search</button></form><div id=\"results\">",
      q);
    if (*q) {
        H(&m, "<h2 class=\"govuk-heading-m\">%d %s</h2>", n, n == 1 ? "child found" : "children found");
        if (n) {
            H(&m, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
                  "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Name</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Date of birth</th><th scope=\"col\" "
                  "class=\"govuk-table__header\">LA child ID</th></tr></thead><tbody class=\"govuk-table__body\">");
            for (int i = 0; i < n; i++)
            {
                H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                      "class=\"govuk-link\" href=\"/children/%l\">", (int64_t)kids[i].id);
                child_name(&m, kids[i].given, kids[i].family, kids[i].la_child_id);
                H(&m, "</a></td><td class=\"govuk-table__cell\">%D</td><td "
                      "class=\"govuk-table__cell\">%s</td></tr>",
                  kids[i].dob, kids[i].la_child_id);
            }
            H(&m, "</tbody></table>");
        }
        H(&m, "<p class=\"govuk-body\">Only children held by your team or allocated to you are "
              "shown. <a class=\"govuk-link\" href=\"/contacts/new\">Record a contact about a new child</a>.</p>");
    }
    H(&m, "</div>");
    page_render(r, out, "Find a child", &m);
    html_free(&m);
}

/* ---- the child's record -------------------------------------------------------------- */
bool child_open(struct req *r, struct resp *out, rec_id person, const char *page)
{
    struct err e;
    err_clear(&e);
    if (!trust_gate(r, out, person)) /* restricted, other team, excluded: pages_trust.c */
        return false;
    /* written while the page is built; the server waits for it before sending (audit.c) */
    if (audit_queue(r->user.id, person, page, r->now, &r->audit_ticket, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    return true;
}

void h_child(struct req *r, struct resp *out)
{
    rec_id id = r->ids[0];
    if (!child_open(r, out, id, "record"))
        return;
    struct err e;
    err_clear(&e);
    struct child_file f;
    struct cw_holder holder;
    int64_t version = 0;
    if (store_load_child(r->st, id, &f, &e) != HE_OK)
        return internal(r, out, &e);
    if (cw_holder(r->st, id, &holder, &e) != HE_OK || cw_version(r->st, id, &version, &e) != HE_OK) {
        child_file_free(&f);
        return internal(r, out, &e);
    }
    struct journey j;
    rec_id awaiting[16];
    int na = 0;
    struct child_extra x;
    if (st_load_extra(r->st, id, &x, &e) != HE_OK) {
        child_file_free(&f);
        return internal(r, out, &e);
    }
    if (cw_awaiting_contacts(r->st, id, awaiting, 16, &na, &e) != HE_OK) { /* else no threshold clock */
        child_file_free(&f);
        child_extra_free(&x);
        return internal(r, out, &e);
    }
    journey_compute_x(&f, &x, awaiting, na, r->today, &j);
    summary_put(id, version, r->today, &j);
    const struct person *p = &f.person;
    struct record_ctx c = {.r = r, .f = &f, .x = &x, .j = &j, .holder = &holder, .version = version};
    for (size_t i = 0; i < f.n_episodes; i++)
        c.open_episode |= !f.episodes[i].closure_date;
    c.looked_after = f.n_la_episodes && !f.la_episodes[f.n_la_episodes - 1].dec;
    struct html m = HTML_INIT;
    H(&m, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">", p->la_child_id);
    child_name(&m, p->given_name, p->family_name, p->la_child_id);
    H(&m, "</h1><p class=\"govuk-body\">");
    badges(&m, j.status);
    H(&m, "</p>");
    err_clear(&e);
    if (record_render(&m, &c, &e) != HE_OK) {
        html_free(&m);
        journey_free(&j);
        child_extra_free(&x);
        child_file_free(&f);
        return internal(r, out, &e);
    }
    char title[200];
    snprintf(title, sizeof title, "%s %s", p->given_name ? p->given_name : "",
             p->family_name ? p->family_name : "");
    page_render(r, out, title, &m);
    html_free(&m);
    journey_free(&j);
    child_extra_free(&x);
    child_file_free(&f);
}
