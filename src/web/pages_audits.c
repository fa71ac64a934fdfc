/* pages_audits: quality assurance. The audit of one child's file against the authority's
 * questions (a team manager or an administrator, with the child opened through child_open),
 * each audit's page (an administrator, the auditor, the audited worker or a manager of the
 * worker's team: audit_may_see; every opening in the access log against the child), actions
 * for the worker added as tasks, the audits list with grades by team and month, the
 * questions (an administrator's), and thematic audits with their samples. A child the
 * viewer may not open is never named on a list. The record's "Audits" section is here. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/audits.h"
#include "../store/trust.h"
#include "form_decl.h"
#include "labels.h"
#include "qa.h"
#include "record.h"
#include "work.h"

#define WORKERS_MAX 300
#define LIST_MAX 100
#define ACTION_ROWS 3
/* the action rows' field names (fe keeps pointers to them, so they are static) */
static const char *const action_title[ACTION_ROWS + 1] = {"", "action-1", "action-2", "action-3"};
static const char *const action_due[ACTION_ROWS + 1] = {"", "action-1-due", "action-2-due", "action-3-due"};

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "What you typed is kept as a draft: try again in a moment.");
}

static bool may_audit(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static const char *grade_label(const char *g)
{
    const char *l = stage_label(audit_grades, n_audit_grades, g);
    return l ? l : g;
}

static void grade_tag(struct html *m, const char *g)
{
    static const char *const colour[] = {"green", "turquoise", "yellow", "red"};
    int i = audit_grade_index(g);
    H(m, "<strong class=\"govuk-tag govuk-tag--%s\">%s</strong>", i < 0 ? "grey" : colour[i], grade_label(g));
}

/* The child's name when the viewer may open the record, else words that name no one. */
static void child_name(struct html *m, struct req *r, rec_id person, const char *given, const char *family,
                       const char *la)
{
    enum tr_access a = TR_OPEN;
    bool restricted = false;
    struct err e;
    err_clear(&e);
    if (tr_access(r->st, &r->user, person, r->now, 0, &a, &restricted, &e) != HE_OK || a != TR_OPEN) {
        H(m, "A record you may not open");
        return;
    }
    if ((given && *given) || (family && *family))
        H(m, "<a class=\"govuk-link\" href=\"/children/%l\">%s %s</a>", (int64_t)person, given, family);
    else
        H(m, "<a class=\"govuk-link\" href=\"/children/%l\">Child %s</a>", (int64_t)person, la);
}

static void audits_table(struct html *m, struct req *r, const struct audit *a, int n, bool with_child)
{
    H(m, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Audit</th>");
    if (with_child)
        H(m, "<th scope=\"col\" class=\"govuk-table__header\">Child</th>");
    H(m, "<th scope=\"col\" class=\"govuk-table__header\">Worker</th><th scope=\"col\" class=\"govuk-table__header\">"
         "Grade</th><th scope=\"col\" class=\"govuk-table__header\">Actions done</th></tr></thead>"
         "<tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++) {
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
             "href=\"/audits/%l\">%D</a>",
          a[i].id, a[i].day);
        if (a[i].theme)
            H(m, "<br><span class=\"govuk-body-s\">%s</span>", a[i].theme_title);
        H(m, "</td>");
        if (with_child) {
            H(m, "<td class=\"govuk-table__cell\">");
            child_name(m, r, a[i].person, a[i].given, a[i].family, a[i].la);
            H(m, "</td>");
        }
        H(m, "<td class=\"govuk-table__cell\">%s<br><span class=\"govuk-body-s\">%s</span></td><td "
             "class=\"govuk-table__cell\">",
          a[i].worker_name, a[i].team);
        grade_tag(m, a[i].grade);
        H(m, "</td><td class=\"govuk-table__cell\">%d of %d</td></tr>", a[i].actions_done, a[i].actions);
    }
    H(m, "</tbody></table>");
}

/* ---- the record's section ------------------------------------------------------------------ */
static bool audits_visible(const struct record_ctx *c) { return c->r->user.role != ROLE_ANALYST; }

static int audits_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct audit *a = NULL;
    int n = 0;
    struct audit_filter f = {.person = c->f->id, .viewer = &c->r->user};
    int rc = audit_list(c->r->st, &f, 10, &a, &n, e);
    if (rc != HE_OK)
        return rc;
    if (n)
        audits_table(h, c->r, a, n, false);
    else
        H(h, "<p class=\"govuk-body\">No audits of this file that you may see.</p>");
    audits_free(a, n);
    if (may_audit(c->r))
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/audits/new\">Audit this file</a></p>",
          (int64_t)c->f->id);
    return HE_OK;
}

const struct record_section rs_audits = {"audits", "Audits", RECORD_FULL, 27, audits_visible, audits_section};

/* ---- the audit form ------------------------------------------------------------------------ */
enum { F_DAY, F_WORKER, F_GRADE, F_WITH, F_REFLECTION, F_FROM, F_FEEDBACK, F_SUMMARY, NF };
static const struct fd_field audit_fields[NF] = {
    [F_DAY] = {.name = "day", .label = "Date of the audit", .kind = FD_DATE, .required = true,
               .what = "the date of the audit"},
    [F_WORKER] = {.name = "worker", .label = "Whose work was audited?", .kind = FD_SELECT, .required = true,
                  .what = "the worker whose work was audited"},
    [F_GRADE] = {.name = "grade", .label = "Overall grade of the file", .kind = FD_RADIOS, .required = true,
                 .what = "the overall grade", .codes = audit_grades, .n_codes = &n_audit_grades},
    [F_WITH] = {.name = "with_worker", .label = "Was the audit done with the worker?", .kind = FD_YES_NO,
                .required = true, .what = "whether the audit was done with the worker",
                .hint = "Audits are done alongside the worker, to give time for learning and reflection"},
    [F_REFLECTION] = {.name = "reflection", .label = "The worker's reflection on their practice", .kind = FD_TEXTAREA,
                      .max_len = AUDIT_TEXT_MAX},
    [F_FROM] = {.name = "feedback_from", .label = "Whose feedback was sought?", .kind = FD_RADIOS, .required = true,
                .what = "whose feedback was sought", .codes = audit_feedback_froms, .n_codes = &n_audit_feedback_froms},
    [F_FEEDBACK] = {.name = "feedback", .label = "Their feedback, in their words", .kind = FD_TEXTAREA,
                    .max_len = AUDIT_TEXT_MAX, .what = "the feedback given"},
    [F_SUMMARY] = {.name = "summary", .label = "What the audit found", .kind = FD_TEXTAREA, .required = true,
                   .max_len = AUDIT_TEXT_MAX, .what = "what the audit found",
                   .hint = "Strengths, what needs to improve, and the impact on the child"},
};

struct form_ctx {
    struct child_file cf;
    struct audit_question *q;
    int nq;
    char (*gname)[32], (*cname)[32]; /* each question's field names: fe keeps pointers to them */
    int n_workers;
    char wv[WORKERS_MAX][24];
    char wl[WORKERS_MAX][300];
    struct ui_option wopts[WORKERS_MAX];
    int64_t theme;
};

static void ctx_free(struct form_ctx *c)
{
    free(c->q);
    free(c->gname);
    free(c->cname);
    child_file_free(&c->cf);
    free(c);
}

static int ctx_load(struct req *r, rec_id person, struct form_ctx *c, struct err *e)
{
    int rc = store_load_child(r->st, person, &c->cf, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = audit_questions(r->st, false, &c->q, &c->nq, e)) != HE_OK)
        return rc;
    c->gname = xcalloc((size_t)c->nq + 1, sizeof *c->gname);
    c->cname = xcalloc((size_t)c->nq + 1, sizeof *c->cname);
    for (int i = 0; i < c->nq; i++) {
        snprintf(c->gname[i], sizeof c->gname[i], "q%lld", (long long)c->q[i].id);
        snprintf(c->cname[i], sizeof c->cname[i], "c%lld", (long long)c->q[i].id);
    }
    struct cw_worker *ws = xcalloc(WORKERS_MAX, sizeof *ws);
    int nw = 0;
    if ((rc = cw_workers(r->st, ws, WORKERS_MAX, &nw, e)) != HE_OK) {
        free(ws);
        return rc;
    }
    for (int i = 0; i < nw && c->n_workers < WORKERS_MAX; i++) {
        snprintf(c->wv[c->n_workers], sizeof c->wv[0], "%lld", (long long)ws[i].user_id);
        snprintf(c->wl[c->n_workers], sizeof c->wl[0], "%s (%s)", ws[i].display, ws[i].team[0] ? ws[i].team : "no team");
        c->wopts[c->n_workers] = (struct ui_option){c->wv[c->n_workers], c->wl[c->n_workers]};
        c->n_workers++;
    }
    free(ws);
    return HE_OK;
}

/* Question i's grade and comment, as the page shows them and the post reads them (the
 * comment's label, which its messages name, is "Comment" there). */
static void answer_fields(const struct form_ctx *c, int i, const char *comment, struct fd_field *g,
                          struct fd_field *cm)
{
    *g = (struct fd_field){.name = c->gname[i], .label = c->q[i].text, .kind = FD_RADIOS, .required = true,
                           .what = "a grade for this question", .codes = audit_grades, .n_codes = &n_audit_grades};
    *cm = (struct fd_field){.name = c->cname[i], .label = comment, .kind = FD_TEXTAREA, .max_len = AUDIT_TEXT_MAX};
}

/* Action row i (1..ACTION_ROWS): what the worker is to do and when it is due. */
static void action_fields(int i, const char *label, struct fd_field *t, struct fd_field *d)
{
    *t = (struct fd_field){.name = action_title[i], .label = label, .kind = FD_TEXT, .max_len = WF_TITLE_MAX};
    *d = (struct fd_field){.name = action_due[i], .label = "Due", .kind = FD_DATE, .future_ok = true,
                           .what = "the date the action is due"};
}

static void audit_form_page(struct req *r, struct resp *out, struct form_ctx *c, const struct form *values,
                            const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a><div class=\"govuk-grid-row\"><div "
          "class=\"govuk-grid-column-two-thirds\">",
      (int64_t)c->cf.id);
    ui_error_summary(&m, fe);
    const struct person *p = &c->cf.person;
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">", (int64_t)c->cf.id);
    if ((p->given_name && *p->given_name) || (p->family_name && *p->family_name))
        H(&m, "%s %s", p->given_name, p->family_name);
    else
        H(&m, "Child %s", p->la_child_id);
    H(&m, "</a></span><h1 class=\"govuk-heading-l\">Audit this file</h1>");
    if (!c->nq) {
        H(&m, "<p class=\"govuk-body\">The authority has no audit questions yet. An administrator adds them on the "
              "audit questions page.</p></div></div>");
        page_render(r, out, "Audit this file", &m);
        html_free(&m);
        return;
    }
    H(&m, "<form method=\"post\" action=\"/children/%l/audits/new\" novalidate>", (int64_t)c->cf.id);
    ui_csrf(&m, r);
    if (c->theme)
        H(&m, "<input type=\"hidden\" name=\"theme\" value=\"%l\">", c->theme);
    const char *terr = fe_get(fe, "theme");
    if (terr)
        H(&m, "<div class=\"govuk-form-group govuk-form-group--error\" id=\"theme\"><p class=\"govuk-error-message\">"
              "<span class=\"govuk-visually-hidden\">Error:</span> %s</p></div>",
          terr);
    fd_render(&m, &audit_fields[F_DAY], values, fe);
    struct fd_field worker = audit_fields[F_WORKER];
    worker.opts = c->wopts;
    worker.n_opts = &c->n_workers;
    fd_render(&m, &worker, values, fe);
    H(&m, "<h2 class=\"govuk-heading-m\">The questions</h2>");
    for (int i = 0; i < c->nq; i++) {
        struct fd_field g, cm;
        answer_fields(c, i, "Comment (optional)", &g, &cm);
        fd_render(&m, &g, values, fe);
        fd_render(&m, &cm, values, fe);
    }
    H(&m, "<h2 class=\"govuk-heading-m\">The file as a whole</h2>");
    for (int i = F_GRADE; i < NF; i++)
        fd_render(&m, &audit_fields[i], values, fe);
    H(&m, "<h2 class=\"govuk-heading-m\">Actions for the worker</h2><p class=\"govuk-body\">Each action is a task on "
          "the worker's task list, tracked here until it is done.</p>");
    for (int i = 1; i <= ACTION_ROWS; i++) {
        char label[40];
        snprintf(label, sizeof label, "Action %d (optional)", i);
        struct fd_field t, d;
        action_fields(i, label, &t, &d);
        fd_render(&m, &t, values, fe);
        fd_render(&m, &d, values, fe);
    }
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save the audit</button></form>"
          "</div></div>");
    page_render(r, out, fe && fe->n ? "Error: Audit this file" : "Audit this file", &m);
    html_free(&m);
}

/* Refused before the record is opened (which logs a view) or a draft is kept. */
static bool audit_gate(struct req *r, struct resp *out)
{
    if (!may_audit(r)) {
        page_error(r, out, 403, "You cannot audit files",
                   "Case file audits are done by team managers and the quality assurance service.");
        return false;
    }
    return true;
}

void h_audit_form(struct req *r, struct resp *out)
{
    if (!audit_gate(r, out) || !child_open(r, out, r->ids[0], "audit form"))
        return;
    struct err e;
    err_clear(&e);
    struct form_ctx *c = xcalloc(1, sizeof *c);
    if (ctx_load(r, r->ids[0], c, &e) != HE_OK) {
        ctx_free(c);
        return internal(r, out, &e);
    }
    c->theme = form_get_id(&r->query, "theme");
    if (c->theme < 0)
        c->theme = 0;
    struct form f = {0};
    draft_load(r, &f);
    audit_form_page(r, out, c, &f, NULL);
    form_free(&f);
    ctx_free(c);
}

void h_audit_post(struct req *r, struct resp *out)
{
    if (!audit_gate(r, out))
        return;
    draft_save(r);
    if (!child_open(r, out, r->ids[0], "audit form"))
        return;
    struct err e;
    err_clear(&e);
    struct form_ctx *c = xcalloc(1, sizeof *c);
    if (ctx_load(r, r->ids[0], c, &e) != HE_OK) {
        ctx_free(c);
        return internal(r, out, &e);
    }
    c->theme = form_get_id(&r->body, "theme");
    if (c->theme < 0)
        c->theme = 0;
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    struct fd_value v[NF];
    struct fd_field worker = audit_fields[F_WORKER];
    worker.opts = c->wopts;
    worker.n_opts = &c->n_workers;
    fd_read(&audit_fields[F_DAY], &r->body, &now, &v[F_DAY], &fe);
    fd_read(&worker, &r->body, &now, &v[F_WORKER], &fe);
    struct audit_answer_in *ans = xcalloc((size_t)c->nq + 1, sizeof *ans);
    for (int i = 0; i < c->nq; i++) {
        struct fd_field g, cm;
        answer_fields(c, i, "Comment", &g, &cm);
        struct fd_value gv, cv;
        fd_read(&g, &r->body, &now, &gv, &fe);
        fd_read(&cm, &r->body, &now, &cv, &fe);
        ans[i] = (struct audit_answer_in){.question = c->q[i].id, .grade = gv.text, .comment = cv.text};
    }
    for (int i = F_GRADE; i < NF; i++)
        fd_read(&audit_fields[i], &r->body, &now, &v[i], &fe);
    struct audit_action_in acts[ACTION_ROWS];
    int n_acts = 0;
    for (int i = 1; i <= ACTION_ROWS; i++) {
        const char *tname = action_title[i], *dname = action_due[i];
        struct fd_field t, d;
        action_fields(i, "Action", &t, &d);
        struct fd_value tv, dv;
        fd_read(&t, &r->body, &now, &tv, &fe);
        fd_read(&d, &r->body, &now, &dv, &fe);
        if (!*tv.text && dv.day == DAY_NONE)
            continue;
        if (!*tv.text) {
            fe_add(&fe, tname, "Say what the worker is to do, or clear the date");
            continue;
        }
        if (dv.day == DAY_NONE && !fe_get(&fe, dname)) {
            fe_add(&fe, dname, "Enter the date the action is due");
            continue;
        }
        if (dv.day != DAY_NONE && dv.day < r->today) {
            fe_add(&fe, dname, "The date the action is due cannot be in the past");
            continue;
        }
        acts[n_acts++] = (struct audit_action_in){tv.text, dv.day};
        /* the store names actions by their place among those given: keep rows and places equal */
        if (n_acts != i)
            fe_add(&fe, tname, "Fill in the actions from the first row down");
    }
    bool none = !strcmp(v[F_FROM].text, "none");
    if (!none && *v[F_FROM].text && !*v[F_FEEDBACK].text && !fe_get(&fe, "feedback"))
        fe_add(&fe, "feedback", "Enter the feedback given");
    if (none && *v[F_FEEDBACK].text)
        fe_add(&fe, "feedback", "No feedback was given, so leave the feedback empty");
    int64_t id = 0;
    if (!fe.n) {
        struct audit_in in = {.person = c->cf.id, .theme = c->theme, .day = v[F_DAY].day,
                              .worker = strtoll(v[F_WORKER].text, NULL, 10), .grade = v[F_GRADE].text,
                              .with_worker = v[F_WITH].yes_no == 1, .reflection = v[F_REFLECTION].text,
                              .feedback_from = v[F_FROM].text, .feedback = v[F_FEEDBACK].text,
                              .summary = v[F_SUMMARY].text, .answers = ans, .n_answers = c->nq, .actions = acts,
                              .n_actions = n_acts};
        int rc = audit_add(r->st, &r->user, &in, r->now, &id, &e);
        if (rc == HE_INPUT) {
            /* beside the field the store names, by a name that outlives e */
            const char *field = "grade";
            int k = fd_index(audit_fields, NF, e.field);
            if (k >= 0)
                field = audit_fields[k].name;
            for (int i = 0; i < c->nq; i++)
                if (!strcmp(e.field, c->gname[i]))
                    field = c->gname[i];
            for (int i = 1; i <= ACTION_ROWS; i++)
                if (!strcmp(e.field, action_title[i]))
                    field = action_title[i];
            if (!strcmp(e.field, "theme"))
                field = "theme";
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", e.msg);
            if (msg[0] >= 'a' && msg[0] <= 'z')
                msg[0] = (char)(msg[0] - 32);
            fe_add(&fe, field, "%s", msg);
        } else if (rc != HE_OK) {
            free(ans);
            ctx_free(c);
            return internal(r, out, &e);
        }
    }
    free(ans);
    if (fe.n) {
        out->status = 422;
        audit_form_page(r, out, c, &r->body, &fe);
        ctx_free(c);
        return;
    }
    ctx_free(c);
    draft_clear(r);
    char loc[64];
    snprintf(loc, sizeof loc, "/audits/%lld", (long long)id);
    redirect(out, loc);
}

/* ---- one audit ------------------------------------------------------------------------------- */
static void audit_page(struct req *r, struct resp *out, const struct audit_view *v, const struct form *values,
                       const struct field_errors *fe)
{
    const struct audit *a = &v->a;
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/audits\">All audits</a>");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\">");
    child_name(&m, r, a->person, a->given, a->family, a->la);
    H(&m, "</span><h1 class=\"govuk-heading-l\">Case file audit, %D</h1><p class=\"govuk-body\">", a->day);
    grade_tag(&m, a->grade);
    H(&m, "</p><dl class=\"govuk-summary-list\">");
#define ROW(k, ...)                                                                                           \
    do {                                                                                                      \
        H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" k "</dt><dd "       \
              "class=\"govuk-summary-list__value\">");                                                        \
        H(&m, __VA_ARGS__);                                                                                   \
        H(&m, "</dd></div>");                                                                                 \
    } while (0)
    ROW("Audited by", "%s", a->auditor_name);
    ROW("Worker", "%s (%s)", a->worker_name, a->team[0] ? a->team : "no team");
    ROW("Done with the worker", "%s", a->with_worker ? "Yes" : "No");
    if (a->theme)
        ROW("Thematic audit", "<a class=\"govuk-link\" href=\"/audits/themes/%l\">%s</a>", a->theme, a->theme_title);
    ROW("The worker's reflection", "%s", a->reflection ? a->reflection : "None recorded");
    const char *from = stage_label(audit_feedback_froms, n_audit_feedback_froms, a->feedback_from);
    ROW("Feedback from", "%s", from ? from : a->feedback_from);
    if (a->feedback)
        ROW("Their feedback", "%s", a->feedback);
    ROW("What the audit found", "%s", a->summary ? a->summary : "");
#undef ROW
    H(&m, "</dl><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">The "
          "questions</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
          "class=\"govuk-table__header\">Question</th><th scope=\"col\" class=\"govuk-table__header\">Grade</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Comment</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < v->n_answers; i++) {
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
          v->answers[i].question_text);
        grade_tag(&m, v->answers[i].grade);
        H(&m, "</td><td class=\"govuk-table__cell\">%s</td></tr>", v->answers[i].comment);
    }
    H(&m, "</tbody></table><h2 class=\"govuk-heading-m\">Actions for the worker</h2>");
    if (!v->n_actions)
        H(&m, "<p class=\"govuk-body\">No actions were set.</p>");
    else {
        H(&m, "<table class=\"govuk-table\" id=\"audit-actions\"><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Action</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Due</th><th scope=\"col\" class=\"govuk-table__header\">Where it stands</th>"
              "</tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < v->n_actions; i++) {
            const struct wf_task *t = &v->actions[i];
            bool open = !strcmp(t->state, "open");
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                  "href=\"/tasks/%l\">%s</a></td><td class=\"govuk-table__cell\">%D</td><td "
                  "class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--%s\">%s</strong></td></tr>",
              t->id, t->title, t->due, open ? (t->due < r->today ? "red" : "blue") : "green",
              open ? (t->due < r->today ? "Overdue" : "Open") : !strcmp(t->state, "done") ? "Done" : "Cancelled");
        }
        H(&m, "</tbody></table>");
    }
    bool may_add = r->user.role == ROLE_ADMIN || r->user.id == a->auditor ||
                   (r->user.role == ROLE_TEAM_MANAGER && a->team_id && r->user.team_id == a->team_id);
    if (may_add) {
        H(&m, "<form method=\"post\" action=\"/audits/%l/actions\" novalidate><h3 class=\"govuk-heading-s\">Add an "
              "action</h3>",
          a->id);
        ui_csrf(&m, r);
        struct fd_field t = {.name = "title", .label = "What the worker is to do", .kind = FD_TEXT, .required = true,
                             .max_len = WF_TITLE_MAX};
        struct fd_field d = {.name = "due", .label = "Due", .kind = FD_DATE, .required = true, .future_ok = true};
        fd_render(&m, &t, values, fe);
        fd_render(&m, &d, values, fe);
        H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Add the action</button></form>");
    }
    char title[80];
    snprintf(title, sizeof title, "%sCase file audit", fe && fe->n ? "Error: " : "");
    page_render(r, out, title, &m);
    html_free(&m);
}

/* The audit, if the user may see it; the opening is logged against the child. */
static bool load_audit(struct req *r, struct resp *out, struct audit_view *v)
{
    struct err e;
    err_clear(&e);
    bool found = false;
    if (audit_get(r->st, r->ids[0], v, &found, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!found) {
        page_error(r, out, 404, "Page not found", "There is no such audit.");
        return false;
    }
    if (!audit_may_see(&r->user, &v->a)) {
        audit_view_free(v);
        page_error(r, out, 403, "You cannot see this audit",
                   "An audit is seen by the worker audited, their team manager, the auditor and administrators.");
        return false;
    }
    char page[64];
    snprintf(page, sizeof page, "audit %lld", (long long)v->a.id);
    if (audit_log(r->user.id, v->a.person, page, r->now, &e) != HE_OK) {
        audit_view_free(v);
        internal(r, out, &e);
        return false;
    }
    return true;
}

void h_audit(struct req *r, struct resp *out)
{
    struct audit_view v;
    if (!load_audit(r, out, &v))
        return;
    audit_page(r, out, &v, NULL, NULL);
    audit_view_free(&v);
}

void h_audit_action_post(struct req *r, struct resp *out)
{
    struct audit_view v;
    if (!load_audit(r, out, &v))
        return;
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    struct fd_field t = {.name = "title", .label = "What the worker is to do", .kind = FD_TEXT, .required = true,
                         .what = "what the worker is to do", .max_len = WF_TITLE_MAX};
    struct fd_field d = {.name = "due", .label = "Due", .kind = FD_DATE, .required = true, .future_ok = true,
                         .what = "the date it is due"};
    struct fd_value tv, dv;
    fd_read(&t, &r->body, &now, &tv, &fe);
    fd_read(&d, &r->body, &now, &dv, &fe);
    if (dv.day != DAY_NONE && dv.day < r->today)
        fe_add(&fe, "due", "The date it is due cannot be in the past");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        struct audit_action_in a = {tv.text, dv.day};
        int64_t task;
        int rc = audit_action_add(r->st, &r->user, v.a.id, &a, r->now, &task, &e);
        if (rc == HE_INPUT) {
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", e.msg);
            if (msg[0] >= 'a' && msg[0] <= 'z')
                msg[0] = (char)(msg[0] - 32);
            fe_add(&fe, !strcmp(e.field, "due") ? "due" : "title", "%s", msg);
        } else if (rc != HE_OK) {
            audit_view_free(&v);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        audit_page(r, out, &v, &r->body, &fe);
        audit_view_free(&v);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/audits/%lld", (long long)v.a.id);
    audit_view_free(&v);
    redirect(out, loc);
}

/* ---- the list, grades by team and month, themes ---------------------------------------------- */
void h_audits(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available",
                          "Audits are seen by the workers audited, their managers and administrators; their figures "
                          "are on the dashboard.");
    struct err e;
    err_clear(&e);
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Case file audits</h1>");
    if (r->user.role == ROLE_ADMIN)
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audits/questions\">The audit questions</a></p>");
    if (may_audit(r)) {
        day_t to = r->today, from = date_add_months(r->today, -12) + 1;
        struct audit_grade_row *g = NULL;
        int ng = 0;
        if (audit_grades_by_team_month(r->st, from, to, &g, &ng, &e) != HE_OK) {
            html_free(&m);
            return internal(r, out, &e);
        }
        H(&m, "<h2 class=\"govuk-heading-m\">Grades by team and month</h2><p class=\"govuk-body\">Audits done from %D "
              "to %D, by the audited worker's team at the time.</p>",
          from, to);
        if (!ng)
            H(&m, "<p class=\"govuk-body\">No audits in the last twelve months.</p>");
        else {
            H(&m, "<table class=\"govuk-table\" id=\"audit-grades\"><thead class=\"govuk-table__head\"><tr "
                  "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Month</th><th scope=\"col\" "
                  "class=\"govuk-table__header\">Team</th>");
            for (int k = 0; k < n_audit_grades; k++)
                H(&m, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>",
                  audit_grades[k].label);
            H(&m, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Audits</th></tr></thead>"
                  "<tbody class=\"govuk-table__body\">");
            static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
            for (int i = 0; i < ng; i++) {
                char month[32];
                snprintf(month, sizeof month, "%s %d", months[(g[i].month - 1) % 12], g[i].year);
                H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td "
                      "class=\"govuk-table__cell\">%s</td>",
                  month, g[i].team);
                int64_t total = 0;
                for (int k = 0; k < 4; k++) {
                    total += g[i].n[k];
                    H(&m, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>", g[i].n[k]);
                }
                H(&m, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td></tr>", total);
            }
            H(&m, "</tbody></table>");
        }
        free(g);
        struct audit_theme *t = NULL;
        int nt = 0;
        if (audit_themes(r->st, &t, &nt, &e) != HE_OK) {
            html_free(&m);
            return internal(r, out, &e);
        }
        H(&m, "<h2 class=\"govuk-heading-m\">Thematic audits</h2><p class=\"govuk-body\"><a class=\"govuk-link\" "
              "href=\"/audits/themes/new\">Start a thematic audit</a></p>");
        if (nt) {
            H(&m, "<table class=\"govuk-table\" id=\"audit-themes\"><thead class=\"govuk-table__head\"><tr "
                  "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Theme</th><th scope=\"col\" "
                  "class=\"govuk-table__header\">Sample drawn</th><th scope=\"col\" class=\"govuk-table__header "
                  "govuk-table__header--numeric\">Audited</th></tr></thead><tbody class=\"govuk-table__body\">");
            for (int i = 0; i < nt; i++)
                H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                      "href=\"/audits/themes/%l\">%s</a></td><td class=\"govuk-table__cell\">%D</td><td "
                      "class=\"govuk-table__cell govuk-table__cell--numeric\">%l of %l</td></tr>",
                  t[i].id, t[i].title, t[i].day, t[i].audited, t[i].sampled);
            H(&m, "</tbody></table>");
        }
        audit_themes_free(t, nt);
    }
    struct audit *a = NULL;
    int n = 0;
    struct audit_filter f = {.viewer = &r->user};
    if (audit_list(r->st, &f, LIST_MAX, &a, &n, &e) != HE_OK) {
        html_free(&m);
        return internal(r, out, &e);
    }
    H(&m, "<h2 class=\"govuk-heading-m\">%s</h2>", may_audit(r) ? "Audits you may see" : "Audits of your work");
    if (n)
        audits_table(&m, r, a, n, true);
    else
        H(&m, "<p class=\"govuk-body\">None yet.</p>");
    audits_free(a, n);
    page_render(r, out, "Case file audits", &m);
    html_free(&m);
}

/* ---- the questions (an administrator's) ------------------------------------------------------- */
static void questions_page(struct req *r, struct resp *out, int64_t failed, const struct form *values,
                           const struct field_errors *fe)
{
    struct err e;
    err_clear(&e);
    struct audit_question *q = NULL;
    int n = 0;
    if (audit_questions(r->st, true, &q, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/audits\">Audits</a>");
    ui_error_summary(&m, fe);
    H(&m, "<h1 class=\"govuk-heading-l\">The audit questions</h1><p class=\"govuk-body\">Every case file audit grades "
          "the file against each question in use. An audit keeps each question as it was asked, so rewording or "
          "retiring one here changes no audit already done.</p>");
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "text-%lld", (long long)q[i].id);
        H(&m, "<form method=\"post\" action=\"/audits/questions/%l\" novalidate class=\"app-question\">", q[i].id);
        ui_csrf(&m, r);
        const struct form *vals = failed == q[i].id ? values : NULL;
        char label[40];
        snprintf(label, sizeof label, "Question %d%s", i + 1, q[i].active ? "" : " (retired)");
        ui_text(&m, "text", label, NULL, vals ? form_text(vals, "text") : q[i].text,
                failed == q[i].id ? fe : NULL, 0);
        static const struct ui_option use[] = {{"1", "In use"}, {"0", "Retired"}};
        ui_radios(&m, "active", "In use?", use, 2, q[i].active ? "1" : "0", NULL);
        H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Save question %d</button></form>",
          i + 1);
    }
    H(&m, "<h2 class=\"govuk-heading-m\">Add a question</h2><form method=\"post\" action=\"/audits/questions\" "
          "novalidate>");
    ui_csrf(&m, r);
    ui_text(&m, "text", "The question", "For example, Is the child's voice clear in the plan?",
            failed == 0 && values ? form_text(values, "text") : "", failed == 0 ? fe : NULL, 0);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Add the question</button></form>");
    page_render(r, out, fe && fe->n ? "Error: The audit questions" : "The audit questions", &m);
    html_free(&m);
    free(q);
}

static bool admin_gate(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ADMIN) {
        page_error(r, out, 403, "Not available", "The audit questions are kept by an administrator.");
        return false;
    }
    return true;
}

void h_audit_questions(struct req *r, struct resp *out)
{
    if (admin_gate(r, out))
        questions_page(r, out, -1, NULL, NULL);
}

static void question_saved(struct req *r, struct resp *out, int64_t id, int rc, const struct err *e)
{
    if (rc == HE_OK)
        return redirect(out, "/audits/questions");
    if (rc != HE_INPUT)
        return internal(r, out, e);
    struct field_errors fe = {0};
    char msg[1100];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(&fe, "text", "%s", msg);
    out->status = 422;
    questions_page(r, out, id, &r->body, &fe);
}

static void check_question(const char *text, struct err *e, int *rc)
{
    if (*text && !plain_text(text))
        *rc = err_at(e, HE_INPUT, NULL, 0, "text", "the question must be plain text: remove the markup");
}

void h_audit_question_post(struct req *r, struct resp *out)
{
    if (!admin_gate(r, out))
        return;
    struct err e;
    err_clear(&e);
    const char *text = form_text(&r->body, "text");
    int64_t id = 0;
    int rc = HE_OK;
    check_question(text, &e, &rc);
    if (rc == HE_OK)
        rc = audit_question_add(r->st, &r->user, text, r->now, &id, &e);
    question_saved(r, out, 0, rc, &e);
}

void h_audit_question_edit_post(struct req *r, struct resp *out)
{
    if (!admin_gate(r, out))
        return;
    struct err e;
    err_clear(&e);
    const char *text = form_text(&r->body, "text");
    const char *active = form_text(&r->body, "active");
    int rc = HE_OK;
    check_question(text, &e, &rc);
    if (rc == HE_OK)
        rc = audit_question_edit(r->st, &r->user, r->ids[0], text, strcmp(active, "0") != 0, r->now, &e);
    question_saved(r, out, r->ids[0], rc, &e);
}

/* ---- thematic audits ------------------------------------------------------------------------- */
enum { T_TITLE, T_FOCUS, T_POP, T_SIZE, NT };
static const struct fd_field theme_fields[NT] = {
    [T_TITLE] = {.name = "title", .label = "Theme", .kind = FD_TEXT, .required = true, .max_len = AUDIT_THEME_MAX,
                 .what = "the theme", .hint = "For example, Neglect, or The child's voice in plans"},
    [T_FOCUS] = {.name = "focus", .label = "What the audit looks at across the sample", .kind = FD_TEXTAREA,
                 .required = true, .max_len = AUDIT_TEXT_MAX, .what = "what the audit looks at"},
    [T_POP] = {.name = "population", .label = "Which children to sample", .kind = FD_RADIOS, .required = true,
               .what = "which children to sample", .codes = audit_populations, .n_codes = &n_audit_populations},
    [T_SIZE] = {.name = "size", .label = "How many children", .kind = FD_TEXT, .required = true, .width = 5,
                .what = "how many children", .hint = "Between 1 and 100, drawn at random"},
};

static void theme_form_page(struct req *r, struct resp *out, const struct form *values, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/audits\">Audits</a><div class=\"govuk-grid-row\"><div "
          "class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Start a thematic audit</h1><p class=\"govuk-body\">hearth draws a random "
          "sample of the children open today%s; each sampled child's file is then audited against the questions.</p>"
          "<form method=\"post\" action=\"/audits/themes/new\" novalidate>",
      r->user.role == ROLE_TEAM_MANAGER ? " that your team holds" : "");
    ui_csrf(&m, r);
    fd_render_all(&m, theme_fields, NT, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Draw the sample</button></form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Start a thematic audit" : "Start a thematic audit", &m);
    html_free(&m);
}

void h_audit_theme_form(struct req *r, struct resp *out)
{
    if (audit_gate(r, out))
        theme_form_page(r, out, NULL, NULL);
}

void h_audit_theme_post(struct req *r, struct resp *out)
{
    if (!audit_gate(r, out))
        return;
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    struct fd_value v[NT];
    fd_read_all(theme_fields, NT, &r->body, &now, v, &fe);
    char *end = NULL;
    long size = strtol(v[T_SIZE].text, &end, 10);
    if (*v[T_SIZE].text && (*end || size < 1 || size > AUDIT_SAMPLE_MAX))
        fe_add(&fe, "size", "Enter a whole number of children between 1 and %d", AUDIT_SAMPLE_MAX);
    int64_t id = 0;
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        uint64_t seed;
        randombytes_buf(&seed, sizeof seed);
        struct audit_theme_in in = {.title = v[T_TITLE].text, .focus = v[T_FOCUS].text,
                                    .population = v[T_POP].text, .sample_size = (int)size, .day = r->today,
                                    .team_id = r->user.role == ROLE_ADMIN ? 0 : r->user.team_id, .seed = seed};
        int rc = audit_theme_add(r->st, &r->user, &in, r->now, &id, &e);
        if (rc == HE_INPUT) {
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", e.msg);
            if (msg[0] >= 'a' && msg[0] <= 'z')
                msg[0] = (char)(msg[0] - 32);
            int k = fd_index(theme_fields, NT, e.field);
            fe_add(&fe, k >= 0 ? theme_fields[k].name : "title", "%s", msg);
        } else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return theme_form_page(r, out, &r->body, &fe);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/audits/themes/%lld", (long long)id);
    redirect(out, loc);
}

void h_audit_theme(struct req *r, struct resp *out)
{
    if (!audit_gate(r, out))
        return;
    struct err e;
    err_clear(&e);
    struct audit_theme t;
    rec_id *kids = NULL;
    int64_t *audits = NULL;
    int n = 0;
    bool found = false;
    if (audit_theme_get(r->st, r->ids[0], &t, &kids, &audits, &n, &found, &e) != HE_OK)
        return internal(r, out, &e);
    if (!found)
        return page_error(r, out, 404, "Page not found", "There is no such thematic audit.");
    struct html m = HTML_INIT;
    const char *pop = stage_label(audit_populations, n_audit_populations, t.population);
    H(&m, "<a class=\"govuk-back-link\" href=\"/audits\">Audits</a><span class=\"govuk-caption-l\">Thematic "
          "audit</span><h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\">%s</p><p class=\"govuk-body\">A "
          "sample of %l drawn at random on %D from %s (%d asked for), by %s. %l audited so far.</p>",
      t.title, t.focus, t.sampled, t.day, pop ? pop : t.population, t.sample_size, t.by, t.audited);
    H(&m, "<table class=\"govuk-table\" id=\"theme-sample\"><thead class=\"govuk-table__head\"><tr "
          "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th><th scope=\"col\" "
          "class=\"govuk-table__header\">Audit</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++) {
        struct child_file cf;
        if (store_load_child(r->st, kids[i], &cf, &e) != HE_OK) {
            html_free(&m);
            free(kids);
            free(audits);
            free(t.focus);
            return internal(r, out, &e);
        }
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        child_name(&m, r, kids[i], cf.person.given_name, cf.person.family_name, cf.person.la_child_id);
        child_file_free(&cf);
        if (audits[i])
            H(&m, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/audits/%l\">Audited</a></td></tr>",
              audits[i]);
        else
            H(&m, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/children/%l/audits/new?theme=%l\">"
                  "Audit this file</a></td></tr>",
              (int64_t)kids[i], t.id);
    }
    H(&m, "</tbody></table>");
    page_render(r, out, t.title, &m);
    html_free(&m);
    free(kids);
    free(audits);
    free(t.focus);
}
