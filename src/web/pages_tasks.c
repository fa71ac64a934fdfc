/* pages_tasks: tasks about a child, set for oneself or a colleague of one's team with a due
 * date, done, or cancelled with a reason; and the worker's task list, where every statutory
 * clock of a child allocated to them shows as a task too (computed from the journey each
 * time, never copied into the task table, so it moves when the work is recorded). Setting,
 * finishing and cancelling a task open the child through child_open, so each is in the
 * access log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/trust.h"
#include "../store/workflow.h"
#include "labels.h"
#include "summary.h"
#include "work.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "What you typed is kept as a draft: try again in a moment.");
}

/* ---- the list: tasks and statutory clocks, soonest due first --------------------------- */
struct item {
    day_t due;
    const struct wf_task *task;        /* a task, or */
    const struct cw_child_row *child;  /* the child whose clock it is */
    const struct journey_clock *clock;
};

static int by_due(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return (x->task == NULL) - (y->task == NULL);
}

size_t work_tasks_table(struct html *m, struct req *r, const struct wf_task *t, size_t nt,
                        const struct cw_child_row *kids, const struct summary *sums, size_t nk,
                        size_t max)
{
    size_t cap = nt + 1, n = 0;
    for (size_t i = 0; i < nk; i++)
        if (kids[i].allocated_to_me && !kids[i].hidden)
            cap += (size_t)sums[i].n_clocks;
    struct item *it = xcalloc(cap, sizeof *it);
    for (size_t i = 0; i < nt; i++)
        it[n++] = (struct item){t[i].due, &t[i], NULL, NULL};
    for (size_t i = 0; i < nk; i++)
        if (kids[i].allocated_to_me && !kids[i].hidden)
            for (int k = 0; k < sums[i].n_clocks; k++)
                it[n++] = (struct item){sums[i].clocks[k].due, NULL, &kids[i], &sums[i].clocks[k]};
    if (n > 1)
        qsort(it, n, sizeof *it, by_due);
    size_t shown = max && n > max ? max : n;
    if (shown) {
        H(m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
             "Your tasks and statutory timescales, soonest due first</caption><thead "
             "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
             "class=\"govuk-table__header\">Due</th><th scope=\"col\" class=\"govuk-table__header\">"
             "Task</th><th scope=\"col\" class=\"govuk-table__header\">Child</th></tr></thead><tbody "
             "class=\"govuk-table__body\">");
        for (size_t i = 0; i < shown; i++) {
            const struct item *x = &it[i];
            const char *tag = x->due < r->today ? "red" : x->due <= r->today + 7 ? "yellow" : "grey";
            const char *word = x->due < r->today ? "Overdue" : x->due <= r->today + 7 ? "Due soon" : "Due";
            H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><strong "
                 "class=\"govuk-tag govuk-tag--%s\">%s</strong> %D</td><td class=\"govuk-table__cell\">",
              tag, word, x->due);
            const char *g = x->task ? x->task->given : x->child->given,
                       *f = x->task ? x->task->family : x->child->family,
                       *la = x->task ? x->task->la : x->child->la_child_id;
            if (x->task) { /* a task set about a record restricted since: its place, no name */
                bool hidden = false;
                const char *words = "";
                struct err he;
                err_clear(&he);
                if (tr_hidden_name(r->st, &r->user, x->task->person, &hidden, &words, &he) != HE_OK)
                    hidden = true, words = TR_HIDDEN_NAME; /* when in doubt, no name */
                if (hidden)
                    g = words, f = "";
            }
            if (x->task)
                H(m, "<a class=\"govuk-link\" href=\"/tasks/%l\">%s</a><br><span class=\"govuk-body-s\">Set "
                     "by %s</span></td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                     "href=\"/children/%l\">",
                  x->task->id, x->task->title, x->task->set_by_name, (int64_t)x->task->person);
            else
                H(m, "%s<br><span class=\"govuk-body-s\">Statutory timescale</span></td><td "
                     "class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/children/%l\">",
                  clock_get(x->clock->id)->name, (int64_t)x->child->id);
            if (*g || *f)
                H(m, "%s %s</a></td></tr>", g, f);
            else
                H(m, "Child %s</a></td></tr>", la);
        }
        H(m, "</tbody></table>");
    }
    free(it);
    return n;
}

void h_tasks(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    struct err e;
    err_clear(&e);
    struct wf_task *t = NULL;
    struct cw_child_row *kids = NULL;
    size_t nt = 0, nk = 0;
    if (wf_tasks_open(r->st, r->user.id, &t, &nt, &e) != HE_OK ||
        wf_my_children(r->st, &r->user, &kids, &nk, &e) != HE_OK) {
        free(t);
        return internal(r, out, &e);
    }
    struct summary *sums = xcalloc(nk ? nk : 1, sizeof *sums);
    for (size_t i = 0; i < nk; i++)
        if (kids[i].allocated_to_me && child_summary(r, kids[i].id, kids[i].version, &sums[i], &e) != HE_OK) {
            free(t);
            free(kids);
            free(sums);
            return internal(r, out, &e);
        }
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Your tasks</h1><p class=\"govuk-body\">Tasks set for you, and "
          "the statutory timescales of the children allocated to you, soonest due first.</p>");
    struct html list = HTML_INIT;
    if (!work_tasks_table(&list, r, t, nt, kids, sums, nk, 0))
        H(&m, "<p class=\"govuk-body\">Nothing is due.</p>");
    H(&m, "%h", &list);
    html_free(&list);
    page_render(r, out, "Your tasks", &m);
    html_free(&m);
    free(t);
    free(kids);
    free(sums);
}

/* ---- setting a task ---------------------------------------------------------------------- */
#define WORKERS_MAX 200

static void task_form(struct req *r, struct resp *out, rec_id child, const struct form *f,
                      const struct field_errors *fe)
{
    struct err e;
    err_clear(&e);
    struct child_file cf;
    struct cw_worker *ws = xcalloc(WORKERS_MAX, sizeof *ws);
    int nw = 0;
    if (store_load_child(r->st, child, &cf, &e) != HE_OK) {
        free(ws);
        return internal(r, out, &e);
    }
    if (cw_workers(r->st, ws, WORKERS_MAX, &nw, &e) != HE_OK) {
        free(ws);
        child_file_free(&cf);
        return internal(r, out, &e);
    }
    struct ui_option opts[WORKERS_MAX + 1];
    char ids[WORKERS_MAX + 1][24];
    int n = 0;
    snprintf(ids[n], sizeof ids[n], "%lld", (long long)r->user.id);
    opts[n] = (struct ui_option){ids[n], "Me"};
    n++;
    for (int i = 0; i < nw && n <= WORKERS_MAX; i++)
        if (ws[i].team_id == r->user.team_id && ws[i].user_id != r->user.id) {
            snprintf(ids[n], sizeof ids[n], "%lld", (long long)ws[i].user_id);
            opts[n] = (struct ui_option){ids[n], ws[i].display};
            n++;
        }
    struct html m = HTML_INIT;
    char back[64];
    snprintf(back, sizeof back, "/children/%lld", (long long)child);
    ui_back(&m, back);
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>"
          "<h1 class=\"govuk-heading-l\">Set a task</h1><form method=\"post\" action=\"/children/%l/tasks/new\" "
          "novalidate>",
      (int64_t)child, cf.person.given_name, cf.person.family_name, (int64_t)child);
    ui_csrf(&m, r);
    ui_text(&m, "title", "What is to be done", "For example, Visit the school to speak to the class teacher",
            form_text(f, "title"), fe, 0);
    ui_radios(&m, "assigned", "Who it is for", opts, n, form_get(f, "assigned"), fe);
    char hint[80]; /* a real example: a week from today */
    int y, mo, dd;
    date_to_ymd(r->today + 7, &y, &mo, &dd);
    snprintf(hint, sizeof hint, "For example, %d %d %d", dd, mo, y);
    ui_date(&m, "due", "When it is due", hint, f, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Set the task</button></form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Set a task" : "Set a task", &m);
    html_free(&m);
    free(ws);
    child_file_free(&cf);
}

void h_task_form(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    if (!child_open(r, out, r->ids[0], "task form"))
        return;
    struct form f = {0};
    draft_load(r, &f);
    task_form(r, out, r->ids[0], &f, NULL);
    form_free(&f);
}

void h_task_post(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    draft_save(r);
    if (!child_open(r, out, r->ids[0], "task set"))
        return;
    const struct form *f = &r->body;
    struct field_errors fe = {0};
    const char *title = form_text(f, "title");
    if (!*title)
        fe_add(&fe, "title", "Say what is to be done");
    else if (strlen(title) > WF_TITLE_MAX)
        fe_add(&fe, "title", "What is to be done must be %d characters or fewer (it has %zu)", WF_TITLE_MAX,
               strlen(title));
    else if (!plain_text(title))
        fe_add(&fe, "title", "What is to be done must be plain text: remove the markup (text between < and >)");
    int64_t who = form_get_id(f, "assigned");
    if (!who)
        fe_add(&fe, "assigned", "Choose who the task is for");
    day_t due = form_date(f, "due", "date it is due", true, &fe);
    if (due && due < r->today)
        fe_add(&fe, "due", "The date it is due cannot be in the past");
    struct err e;
    err_clear(&e);
    int64_t id;
    if (!fe.n && wf_task_add(r->st, &r->user, r->ids[0], who, title, due, r->now, &id, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        fe_add(&fe, !strcmp(e.field, "assigned") || !strcmp(e.field, "due") ? e.field : "title", "%c%s",
               e.msg[0] >= 'a' && e.msg[0] <= 'z' ? e.msg[0] - 32 : e.msg[0], e.msg + (e.msg[0] != 0));
    }
    if (fe.n) {
        out->status = 422;
        return task_form(r, out, r->ids[0], f, &fe);
    }
    draft_clear(r);
    char loc[64];
    snprintf(loc, sizeof loc, "/children/%lld#tasks", (long long)r->ids[0]);
    redirect(out, loc);
}

/* ---- a task: done or cancelled ------------------------------------------------------------ */
static void task_page(struct req *r, struct resp *out, const struct wf_task *t, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    ui_back(&m, "/tasks");
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>"
          "<h1 class=\"govuk-heading-l\">Task</h1><dl class=\"govuk-summary-list\">"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">What</dt>"
          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">For</dt>"
          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Due</dt>"
          "<dd class=\"govuk-summary-list__value\">%D</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Set by</dt>"
          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">State</dt>"
          "<dd class=\"govuk-summary-list__value\">%s%s%s%s%s</dd></div></dl>",
      (int64_t)t->person, t->given, t->family, t->title, t->assigned, t->due, t->set_by_name,
      !strcmp(t->state, "open") ? "Open" : !strcmp(t->state, "done") ? "Done" : "Cancelled",
      t->closed_by[0] ? " by " : "", t->closed_by, t->reason[0] ? ": " : "", t->reason);
    if (!strcmp(t->state, "open")) {
        H(&m, "<form method=\"post\" action=\"/tasks/%l/done\">", t->id);
        ui_csrf(&m, r);
        H(&m, "<button type=\"submit\" class=\"govuk-button\">Mark as done</button></form>"
              "<h2 class=\"govuk-heading-m\">Cancel the task</h2><form method=\"post\" "
              "action=\"/tasks/%l/cancel\" novalidate>",
          t->id);
        ui_csrf(&m, r);
        ui_textarea(&m, "reason", "Why it is cancelled", NULL, fe ? form_text(&r->body, "reason") : "", fe);
        H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\">Cancel the task</button></form>");
    }
    H(&m, "</div></div>");
    page_render(r, out, fe && fe->n ? "Error: Task" : "Task", &m);
    html_free(&m);
}

static bool task_context(struct req *r, struct resp *out, const char *page, struct wf_task *t)
{
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
        return false;
    }
    struct err e;
    err_clear(&e);
    bool found;
    if (wf_task_get(r->st, r->ids[0], t, &found, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!found) {
        page_error(r, out, 404, "Page not found", "There is no such task.");
        return false;
    }
    return child_open(r, out, t->person, page);
}

void h_task_view(struct req *r, struct resp *out)
{
    struct wf_task t;
    if (task_context(r, out, "task", &t))
        task_page(r, out, &t, NULL);
}

static void task_close(struct req *r, struct resp *out, bool done)
{
    struct wf_task t;
    if (!task_context(r, out, done ? "task done" : "task cancelled", &t))
        return;
    const char *reason = form_text(&r->body, "reason");
    struct field_errors fe = {0};
    struct err e;
    err_clear(&e);
    if (!done && *reason && !plain_text(reason))
        fe_add(&fe, "reason", "The reason must be plain text: remove the markup (text between < and >)");
    else if (wf_task_close(r->st, &r->user, t.id, done, done ? NULL : reason, r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        fe_add(&fe, "reason", "%c%s", e.msg[0] >= 'a' && e.msg[0] <= 'z' ? e.msg[0] - 32 : e.msg[0],
               e.msg + (e.msg[0] != 0));
    }
    if (fe.n) {
        out->status = 422;
        return task_page(r, out, &t, &fe);
    }
    redirect(out, "/tasks");
}

void h_task_done(struct req *r, struct resp *out) { task_close(r, out, true); }
void h_task_cancel(struct req *r, struct resp *out) { task_close(r, out, false); }
