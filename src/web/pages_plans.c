/* pages_plans: a child's plans (child protection, child in need, care, pathway): the
 * needs, the outcomes wanted and the actions, each with an owner, a date and a status; a
 * plan's page shows its actions, every change of their status (who, when, at which
 * meeting) and the meetings that reviewed it. The record shows the newest plans with their
 * counts only, and the list is in pages, so a record with a hundred plans opens as fast as
 * one with none. Forms are declared once (form_decl.h); writes go through store/content.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/content.h"
#include "content_ui.h"
#include "form_decl.h"
#include "record.h"
#include "stage_form.h"

enum { PAGE_SIZE = 20, ACTION_ROWS = 6 };

int plan_action_rows(const struct fd_field (*rows)[4], int n_rows, const struct form *f,
                     const struct fd_now *now, struct ct_action_in *out, int *n,
                     struct field_errors *fe)
{
    *n = 0;
    for (int i = 0; i < n_rows; i++) {
        struct fd_value v[4];
        int bad = fd_read_all(rows[i], 4, f, now, v, fe);
        bool any = *v[0].text || *v[1].text || v[2].day || *v[3].text;
        /* a date typed in part is refused by fd_read_all already */
        if (!any || bad)
            continue;
        if (!*v[0].text)
            fe_add(fe, rows[i][0].name, "Say what the action is");
        else if (!*v[1].text)
            fe_add(fe, rows[i][1].name, "Say who will do it");
        else if (!v[2].day)
            fe_add(fe, rows[i][2].name, "Enter the date it is due by");
        else if (!*v[3].text)
            fe_add(fe, rows[i][3].name, "Choose its status");
        else
            out[(*n)++] = (struct ct_action_in){v[0].text, v[1].text, v[2].day, v[3].text};
    }
    return *n;
}

static const char *label(const struct stage_code *list, int n, const char *code)
{
    const char *l = stage_label(list, n, code);
    return l ? l : code ? code : "";
}

/* ---- a new plan ----------------------------------------------------------------------- */
static const struct fd_field plan_fields[] = {
    {.name = "kind", .label = "Which plan", .kind = FD_RADIOS, .required = true, .what = "which plan",
     .codes = plan_kinds, .n_codes = &n_plan_kinds},
    {.name = "start", .label = "Date the plan starts", .kind = FD_DATE, .required = true,
     .what = "the date the plan starts"},
    {.name = "needs", .label = "The child's needs", .kind = FD_TEXTAREA, .required = true,
     .hint = "What the plan is for: the harm or needs the assessment or conference found",
     .what = "the child's needs", .max_len = CT_TEXT_MAX},
    {.name = "outcomes", .label = "Outcomes wanted", .kind = FD_TEXTAREA, .required = true,
     .hint = "What will be different for the child when the plan has worked",
     .what = "the outcomes wanted", .max_len = CT_TEXT_MAX},
};
enum { N_PLAN_FIELDS = sizeof plan_fields / sizeof plan_fields[0] };

#define ROW(i)                                                                                     \
    {{.name = "action" #i, .label = "Action " #i, .kind = FD_TEXT, .what = "the action",            \
      .max_len = CT_LINE_MAX},                                                                     \
     {.name = "owner" #i, .label = "Who will do it", .kind = FD_TEXT, .what = "who will do it",     \
      .max_len = CT_LINE_MAX, .width = 20},                                                        \
     {.name = "due" #i, .label = "By when", .kind = FD_DATE, .what = "the date it is due by",       \
      .future_ok = true},                                                                          \
     {.name = "status" #i, .label = "Status", .kind = FD_SELECT, .what = "the status",             \
      .codes = action_statuses, .n_codes = &n_action_statuses}}
static const struct fd_field action_rows[ACTION_ROWS][4] = {ROW(1), ROW(2), ROW(3), ROW(4), ROW(5), ROW(6)};

static void plan_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">Write what the plan is for and what it should achieve, then its "
         "actions: who does what, by when. The actions are reviewed at the next core group or review, "
         "which records their progress. Leave the rows you do not need blank.</p>");
}

static void plan_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                        const struct field_errors *fe)
{
    fd_render_all(m, plan_fields, N_PLAN_FIELDS, f, fe);
    H(m, "<h2 class=\"govuk-heading-m\" id=\"actions\">Actions</h2>");
    for (int i = 0; i < ACTION_ROWS; i++) {
        H(m, "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
             "govuk-fieldset__legend--s\">Action %d</legend>", i + 1);
        fd_render_all(m, action_rows[i], 4, f, fe);
        H(m, "</fieldset>");
    }
}

static int plan_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                     struct field_errors *fe, struct err *e)
{
    struct fd_value v[N_PLAN_FIELDS];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(plan_fields, N_PLAN_FIELDS, f, &now, v, fe);
    struct ct_action_in acts[ACTION_ROWS];
    int n = 0;
    plan_action_rows(action_rows, ACTION_ROWS, f, &now, acts, &n, fe);
    if (!n && !fe_get(fe, "action1"))
        fe_add(fe, "action1", "Give the plan at least one action");
    if (fe->n)
        return HE_INPUT;
    struct ct_plan_in p = {v[0].text, v[1].day, v[2].text, v[3].text, acts, n};
    rec_id made = 0;
    int rc = ct_plan_add(c->r->st, &c->r->user, c->cf->id, seen, &p, c->r->now, &made, e);
    if (rc == HE_OK)
        snprintf(c->next, STAGE_NEXT_MAX, "/children/%lld/plans/%lld", (long long)c->cf->id, (long long)made);
    return rc;
}


static const char *const plan_names[] = {"kind", "start", "needs", "outcomes", "action1", NULL};
static const struct stage_form plan_form = {
    .page = "plan form", .title = "Start a plan", .button = "Save the plan", .intro = plan_intro,
    .fields = plan_render, .save = plan_save, .field_names = plan_names};
void h_plan_form(struct req *r, struct resp *out) { stage_form_get(r, out, &plan_form); }
void h_plan_post(struct req *r, struct resp *out) { stage_form_post(r, out, &plan_form); }

/* ---- a plan ------------------------------------------------------------------------- */
static void when(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

static const char *status_colour(const char *s)
{
    return !strcmp(s, "DONE") ? "green" : !strcmp(s, "IN_PROGRESS") ? "blue" : !strcmp(s, "NOT_NEEDED") ? "grey" : "yellow";
}

static void actions_table(struct html *m, const struct ct_plan_view *v, day_t today)
{
    H(m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
         "Actions</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
         "class=\"govuk-table__header\">Action</th><th scope=\"col\" class=\"govuk-table__header\">Who</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">By</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Status</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < v->n_actions; i++) {
        const struct ct_action *a = &v->actions[i];
        bool late = a->due < today && (!strcmp(a->status, "NOT_STARTED") || !strcmp(a->status, "IN_PROGRESS"));
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%d. %s</td><td "
             "class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%D%s</td><td "
             "class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--%s\">%s</strong></td></tr>",
          a->seq, a->action, a->owner, a->due, late ? " (overdue)" : "", status_colour(a->status),
          label(action_statuses, n_action_statuses, a->status));
    }
    H(m, "</tbody></table>");
}

static void history_table(struct html *m, const struct ct_plan_view *v, rec_id child)
{
    H(m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
         "Progress of the actions</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">When</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Action</th><th scope=\"col\" class=\"govuk-table__header\">Status</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Progress</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Who</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = v->n_updates; i-- > 0;) {
        const struct ct_action_update *u = &v->updates[i];
        int seq = 0;
        for (size_t k = 0; k < v->n_actions; k++)
            if (v->actions[k].id == u->action)
                seq = v->actions[k].seq;
        char t[32];
        when(t, u->at);
        const char *meeting = NULL;
        day_t md = DAY_NONE;
        for (size_t k = 0; k < v->n_meetings; k++)
            if (v->meetings[k].id == u->meeting) {
                meeting = label(meeting_kinds, n_meeting_kinds, v->meetings[k].kind);
                md = v->meetings[k].date;
            }
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td "
             "class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%s</td><td "
             "class=\"govuk-table__cell\">%s",
          t, seq, label(action_statuses, n_action_statuses, u->status), u->note ? u->note : "");
        if (meeting)
            H(m, " <span class=\"govuk-body-s\">(%s, %D)</span>", meeting, md);
        H(m, "</td><td class=\"govuk-table__cell\">%s</td></tr>", u->by);
    }
    H(m, "</tbody></table>");
    (void)child;
}

void h_plan_view(struct req *r, struct resp *out)
{
    struct child_file cf;
    char pg[64];
    snprintf(pg, sizeof pg, "plan %lld", (long long)r->ids[1]);
    if (!content_child(r, out, pg, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_plan_view v;
    bool found;
    if (ct_plan_get(r->st, cf.id, r->ids[1], &v, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    if (!found) {
        ct_plan_view_free(&v);
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such plan.");
    }
    const char *kind = label(plan_kinds, n_plan_kinds, v.p.kind);
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l/plans\">Back to the plans</a><span "
          "class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span><h1 "
          "class=\"govuk-heading-l\">%s</h1>",
      (int64_t)cf.id, (int64_t)cf.id, cf.person.given_name, cf.person.family_name, kind);
    H(&m, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt "
          "class=\"govuk-summary-list__key\">Started</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Last reviewed</dt>"
          "<dd class=\"govuk-summary-list__value\">%s%D</dd></div><div class=\"govuk-summary-list__row\"><dt "
          "class=\"govuk-summary-list__key\">The child's needs</dt><dd class=\"govuk-summary-list__value\">",
      v.p.start, v.p.last_reviewed ? "" : "Not yet", v.p.last_reviewed);
    paragraphs(&m, v.p.needs);
    H(&m, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Outcomes "
          "wanted</dt><dd class=\"govuk-summary-list__value\">");
    paragraphs(&m, v.p.outcomes);
    H(&m, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Written "
          "by</dt><dd class=\"govuk-summary-list__value\">%s</dd></div></dl>",
      v.p.by);
    H(&m, "<a class=\"govuk-button\" href=\"/children/%l/plans/%l/meetings/new\">Record a meeting that reviews "
          "the plan</a>",
      (int64_t)cf.id, v.p.id);
    actions_table(&m, &v, r->today);
    history_table(&m, &v, cf.id);
    H(&m, "<h2 class=\"govuk-heading-m\">Meetings that reviewed it</h2>");
    if (!v.n_meetings)
        H(&m, "<p class=\"govuk-body\">None yet.</p>");
    else {
        H(&m, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < v.n_meetings; i++)
            H(&m, "<li><a class=\"govuk-link\" href=\"/children/%l/meetings/%l\">%s, %D</a></li>", (int64_t)cf.id,
              v.meetings[i].id, label(meeting_kinds, n_meeting_kinds, v.meetings[i].kind), v.meetings[i].date);
        H(&m, "</ul>");
    }
    docs_about(&m, r, cf.id, "plan", v.p.id);
    H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/plans/%l/print\">The plan to print "
          "or save as a PDF</a></p>", (int64_t)cf.id, v.p.id);
    page_render(r, out, kind, &m);
    html_free(&m);
    ct_plan_view_free(&v);
    child_file_free(&cf);
}

/* ---- the child's plans -------------------------------------------------------------- */
static void plan_rows(struct html *m, const struct ct_plan_page *p, rec_id child)
{
    H(m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">Plans, "
         "newest first</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th "
         "scope=\"col\" class=\"govuk-table__header\">Plan</th><th scope=\"col\" class=\"govuk-table__header\">"
         "Started</th><th scope=\"col\" class=\"govuk-table__header\">Actions open</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Last reviewed</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < p->n; i++) {
        const struct ct_plan *x = &p->plans[i];
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
             "href=\"/children/%l/plans/%l\">%s</a></td><td class=\"govuk-table__cell\">%D</td><td "
             "class=\"govuk-table__cell\">%d of %d</td><td class=\"govuk-table__cell\">%s%D</td></tr>",
          (int64_t)child, x->id, label(plan_kinds, n_plan_kinds, x->kind), x->start, x->n_open, x->n_actions,
          x->last_reviewed ? "" : "Not yet", x->last_reviewed);
    }
    H(m, "</tbody></table>");
}

void h_plans(struct req *r, struct resp *out)
{
    struct child_file cf;
    if (!content_child(r, out, "plans", &cf))
        return;
    int page = atoi(form_text(&r->query, "page"));
    if (page < 1 || page > 100000)
        page = 1;
    struct err e;
    err_clear(&e);
    struct ct_plan_page p;
    if (ct_plan_list(r->st, cf.id, (page - 1) * PAGE_SIZE, PAGE_SIZE, &p, &e) != HE_OK) {
        child_file_free(&cf);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a><span "
          "class=\"govuk-caption-l\">%s %s</span><h1 class=\"govuk-heading-l\">Plans</h1><a class=\"govuk-button\" "
          "href=\"/children/%l/plans/new\">Start a plan</a>",
      (int64_t)cf.id, cf.person.given_name, cf.person.family_name, (int64_t)cf.id);
    if (!p.n)
        H(&m, "<p class=\"govuk-body\">No plans are written.</p>");
    else
        plan_rows(&m, &p, cf.id);
    if (p.total > PAGE_SIZE) {
        int pages = (int)((p.total + PAGE_SIZE - 1) / PAGE_SIZE);
        H(&m, "<nav class=\"govuk-pagination\" aria-label=\"Pages of plans\">");
        if (page > 1)
            H(&m, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"/children/%l/plans?page=%d\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">"
                  "Newer</span></a></div>",
              (int64_t)cf.id, page - 1);
        if (page < pages)
            H(&m, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"/children/%l/plans?page=%d\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                  "Older</span></a></div>",
              (int64_t)cf.id, page + 1);
        H(&m, "</nav><p class=\"govuk-body\">Page %d of %d.</p>", page, pages);
    }
    page_render(r, out, "Plans", &m);
    html_free(&m);
    ct_plan_page_free(&p);
    child_file_free(&cf);
}

/* ---- on the child's record: the newest plans, counted, never their actions ------------- */
static int plans(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct ct_plan_page p;
    int rc = ct_plan_list(c->r->st, c->f->id, 0, 5, &p, e);
    if (rc != HE_OK)
        return rc;
    if (!p.n)
        H(h, "<p class=\"govuk-body\">No plans are written.</p>");
    else {
        H(h, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < p.n; i++)
            H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/plans/%l\">%s started %D</a>: %d of %d "
                 "actions open</li>",
              (int64_t)c->f->id, p.plans[i].id, label(plan_kinds, n_plan_kinds, p.plans[i].kind),
              p.plans[i].start, p.plans[i].n_open, p.plans[i].n_actions);
        H(h, "</ul>");
    }
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/plans/new\">Start a plan</a>",
      (int64_t)c->f->id);
    if (p.total > (int64_t)p.n)
        H(h, " or <a class=\"govuk-link\" href=\"/children/%l/plans\">see all %l plans</a>", (int64_t)c->f->id,
          p.total);
    H(h, "</p>");
    ct_plan_page_free(&p);
    return HE_OK;
}

static bool plans_visible(const struct record_ctx *c)
{
    return c->r->user.role != ROLE_FRONT_DOOR && c->r->user.role != ROLE_ANALYST;
}
const struct record_section rs_plans = {"plans", "Plans", RECORD_RIGHT, 26, plans_visible, plans};
