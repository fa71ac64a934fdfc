/* pages_assessment: what an assessment says and its authorisation. The worker writes the
 * Assessment Framework's three domains, the analysis, the child's wishes and feelings in
 * their own words, the outcome and the recommendation, keeps it as a draft or submits it;
 * submitting puts it in the team manager's tray (workflow.h), and the manager authorises it
 * or returns it with the reason, from the tray or here (the same decision, wf_decide); the
 * worker sees the reason on the assessment and on My work. Every view and save is in the
 * access log (stage_form and content_child open the child); the writes go through
 * store/content.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/content.h"
#include "../store/workflow.h"
#include "content_ui.h"
#include "form_decl.h"
#include "record.h"
#include "stage_form.h"

enum { PART_MAX = 20000 };

static const struct fd_field parts[] = {
    {.name = "child_needs", .label = "The child's developmental needs", .kind = FD_TEXTAREA,
     .hint = "Health, education, emotional and behavioural development, identity, family and social "
             "relationships, social presentation, self-care skills",
     .what = "the child's developmental needs", .max_len = PART_MAX},
    {.name = "parenting", .label = "Parenting capacity", .kind = FD_TEXTAREA,
     .hint = "Basic care, ensuring safety, emotional warmth, stimulation, guidance and boundaries, stability",
     .what = "parenting capacity", .max_len = PART_MAX},
    {.name = "family_env", .label = "Family and environmental factors", .kind = FD_TEXTAREA,
     .hint = "Family history and functioning, wider family, housing, employment, income, social "
             "integration, community resources",
     .what = "family and environmental factors", .max_len = PART_MAX},
    {.name = "analysis", .label = "Analysis", .kind = FD_TEXTAREA,
     .hint = "What the information means for the child: risks, strengths and what is likely to happen",
     .what = "the analysis", .max_len = PART_MAX},
    {.name = "wishes", .label = "The child's wishes and feelings", .kind = FD_TEXTAREA,
     .hint = "In the child's own words where you can", .what = "the child's wishes and feelings",
     .max_len = PART_MAX},
    {.name = "outcome", .label = "Outcome", .kind = FD_RADIOS, .what = "the outcome",
     .codes = assessment_outcomes, .n_codes = &n_assessment_outcomes},
    {.name = "recommendation", .label = "Recommendation", .kind = FD_TEXTAREA,
     .what = "the recommendation", .max_len = PART_MAX},
};
enum { N_PARTS = sizeof parts / sizeof parts[0] };
static const char *const part_names[] = {"child_needs", "parenting", "family_env", "analysis", "wishes",
                                         "outcome", "recommendation", NULL};

static void when(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

static const char *status_label(const char *status)
{
    const char *l = stage_label(assessment_statuses, n_assessment_statuses, status);
    return l ? l : "Not written yet";
}

static const char *status_colour(const char *status)
{
    return !status                           ? "grey"
           : !strcmp(status, "authorised")   ? "green"
           : !strcmp(status, "submitted")    ? "blue"
           : !strcmp(status, "returned")     ? "red"
                                             : "yellow";
}

/* The manager's reason for the latest return, if it is the latest step. */
static const struct ct_step *last_return(const struct ct_assessment_view *v)
{
    for (size_t i = v->n_steps; i-- > 0;) {
        if (!strcmp(v->steps[i].step, "returned"))
            return &v->steps[i];
        if (!strcmp(v->steps[i].step, "submitted") || !strcmp(v->steps[i].step, "authorised"))
            return NULL;
    }
    return NULL;
}

static void content_show(struct html *h, const struct ct_assessment *a)
{
    const char *v[] = {a->text.child_needs, a->text.parenting, a->text.family_env, a->text.analysis,
                       a->text.wishes, NULL, a->text.recommendation};
    H(h, "<dl class=\"govuk-summary-list\">");
    for (int i = 0; i < N_PARTS; i++) {
        H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
             "<dd class=\"govuk-summary-list__value\">", parts[i].label);
        if (!strcmp(parts[i].name, "outcome")) {
            const char *l = stage_label(assessment_outcomes, n_assessment_outcomes, a->text.outcome);
            H(h, "%s", l ? l : "Not chosen");
        } else {
            paragraphs(h, v[i]);
        }
        H(h, "</dd></div>");
    }
    H(h, "</dl>");
}

static void steps_show(struct html *h, const struct ct_assessment_view *v)
{
    if (!v->n_steps)
        return;
    H(h, "<h2 class=\"govuk-heading-m\">History</h2><table class=\"govuk-table\"><thead "
         "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
         "class=\"govuk-table__header\">When</th><th scope=\"col\" class=\"govuk-table__header\">What</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Who</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Comment</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct ct_step *s = &v->steps[i];
        char t[32];
        when(t, s->at);
        const char *what = !strcmp(s->step, "saved")       ? "Saved as a draft"
                           : !strcmp(s->step, "submitted") ? "Submitted for authorisation"
                           : !strcmp(s->step, "returned")  ? "Returned to the worker"
                                                           : "Authorised";
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td "
             "class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td><td "
             "class=\"govuk-table__cell\">%s</td></tr>",
          t, what, s->by, s->comment ? s->comment : "");
    }
    H(h, "</tbody></table>");
}

static bool is_manager(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static bool editable(const struct ct_assessment *a)
{
    return !a->authorised && (!a->status || !strcmp(a->status, "draft") || !strcmp(a->status, "returned"));
}

/* ---- the assessment ------------------------------------------------------------------- */
void h_assessment_view(struct req *r, struct resp *out)
{
    struct child_file cf;
    char page[64];
    snprintf(page, sizeof page, "assessment %lld", (long long)r->ids[1]);
    if (!content_child(r, out, page, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_assessment_view v;
    bool found;
    if (ct_assessment_get(r->st, r->ids[0], r->ids[1], &v, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    if (!found) {
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such assessment.");
    }
    const struct ct_assessment *a = &v.a;
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>"
          "<span class=\"govuk-caption-l\">%s %s</span><h1 class=\"govuk-heading-l\">Assessment started %D</h1>",
      (int64_t)cf.id, cf.person.given_name, cf.person.family_name, a->start);
    H(&m, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--%s\">%s</strong></p>",
      status_colour(a->status), a->authorised ? "Authorised" : status_label(a->status));
    if (a->authorised)
        H(&m, "<p class=\"govuk-body\">Authorised on %D.</p>", a->authorised);
    if (a->updated_by)
        H(&m, "<p class=\"govuk-body-s\">Last written by %s.</p>", a->updated_by);
    const struct ct_step *back = last_return(&v);
    if (back && !a->authorised)
        H(&m, "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">Returned by %s</h2>"
              "<p class=\"govuk-body\">%s</p></div>",
          back->by, back->comment ? back->comment : "");
    if (a->factors)
        H(&m, "<p class=\"govuk-body\">Factors identified: %s</p>", a->factors);
    H(&m, "<div class=\"govuk-button-group\">");
    if (editable(a))
        H(&m, "<a class=\"govuk-button\" href=\"/children/%l/assessments/%l/edit\">%s</a>", (int64_t)cf.id,
          a->id, a->status ? "Amend the assessment" : "Write the assessment");
    if (a->status && !strcmp(a->status, "submitted") && !a->authorised && is_manager(r))
        H(&m, "<a class=\"govuk-button\" href=\"/children/%l/assessments/%l/decision\">Authorise or "
              "return the assessment</a>",
          (int64_t)cf.id, a->id);
    H(&m, "</div>");
    content_show(&m, a);
    steps_show(&m, &v);
    H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/assessments/%l/print\">The "
          "assessment to print or save as a PDF</a></p>", (int64_t)cf.id, a->id);
    char title[64];
    snprintf(title, sizeof title, "Assessment");
    page_render(r, out, title, &m);
    html_free(&m);
    ct_assessment_view_free(&v);
    child_file_free(&cf);
}

/* The assessment the path names, loaded for a form. */
static bool load(const struct stage_ctx *c, struct ct_assessment_view *v)
{
    struct err e;
    bool found = false;
    err_clear(&e);
    if (ct_assessment_get(c->r->st, c->cf->id, c->sub, v, &found, &e) != HE_OK || !found) {
        ct_assessment_view_free(v);
        return false;
    }
    return true;
}

static void to_assessment(const struct stage_ctx *c, char *loc, size_t n)
{
    snprintf(loc, n, "/children/%lld/assessments/%lld", (long long)c->cf->id, (long long)c->sub);
}

/* ---- writing it ------------------------------------------------------------------------ */
static const char *edit_unavailable(const struct stage_ctx *c)
{
    struct ct_assessment_view v;
    if (!load(c, &v))
        return "This child has no such assessment.";
    bool ok = editable(&v.a);
    bool submitted = v.a.status && !strcmp(v.a.status, "submitted");
    ct_assessment_view_free(&v);
    return ok          ? NULL
           : submitted ? "This assessment is waiting for a manager's decision: it can be amended if it is returned."
                       : "This assessment is authorised: it can no longer be changed.";
}

static void edit_intro(struct html *m, const struct stage_ctx *c)
{
    struct ct_assessment_view v;
    if (!load(c, &v))
        return;
    H(m, "<p class=\"govuk-body\">Assessment started %D. Save it as a draft as you go; submit it for "
         "authorisation when every part is written.</p>",
      v.a.start);
    const struct ct_step *back = last_return(&v);
    if (back)
        H(m, "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">Returned by %s</h2>"
             "<p class=\"govuk-body\">%s</p></div>",
          back->by, back->comment ? back->comment : "");
    ct_assessment_view_free(&v);
}

static void edit_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                        const struct field_errors *fe)
{
    struct form saved = {0};
    const struct form *src = f;
    struct ct_assessment_view v;
    if (!form_get(f, "child_needs") && load(c, &v)) { /* no draft: what is kept */
        const char *val[] = {v.a.text.child_needs, v.a.text.parenting, v.a.text.family_env,
                             v.a.text.analysis, v.a.text.wishes, v.a.text.outcome,
                             v.a.text.recommendation};
        for (int i = 0; i < N_PARTS; i++)
            if (val[i]) {
                saved.name[saved.n] = xstrdup(parts[i].name);
                saved.value[saved.n++] = xstrdup(val[i]);
            }
        ct_assessment_view_free(&v);
        src = &saved;
    }
    fd_render_all(m, parts, N_PARTS, src, fe);
    form_free(&saved);
    H(m, "<button type=\"submit\" name=\"action\" value=\"draft\" class=\"govuk-button "
         "govuk-button--secondary\" data-module=\"govuk-button\">Save as draft</button> ");
}

static int edit_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                     struct field_errors *fe, struct err *e)
{
    struct fd_value v[N_PARTS];
    struct fd_now now = fd_now_of(c->r);
    if (fd_read_all(parts, N_PARTS, f, &now, v, fe))
        return HE_INPUT;
    const char *action = form_get(f, "action");
    bool submit = !(action && !strcmp(action, "draft"));
    struct ct_assessment_text t = {v[0].text, v[1].text, v[2].text, v[3].text, v[4].text, v[5].text, v[6].text};
    int rc = ct_assessment_save(c->r->st, &c->r->user, c->cf->id, seen, c->sub, &t, submit, c->r->now, e);
    if (rc == HE_OK)
        to_assessment(c, c->next, STAGE_NEXT_MAX);
    return rc;
}

static const struct stage_form edit_form = {
    .page = "assessment form", .title = "Write the assessment", .button = "Submit for authorisation",
    .unavailable = edit_unavailable, .intro = edit_intro, .fields = edit_fields, .save = edit_save,
    .field_names = part_names};
void h_assessment_edit_form(struct req *r, struct resp *out) { stage_form_get(r, out, &edit_form); }
void h_assessment_edit_post(struct req *r, struct resp *out) { stage_form_post(r, out, &edit_form); }

/* ---- the manager's decision ---------------------------------------------------------- */
static const struct stage_code decisions[] = {
    {"authorise", "Authorise the assessment"},
    {"return", "Return it to the worker"},
};
static const int n_decisions = 2;
static const struct fd_field decision_fields[] = {
    {.name = "decision", .label = "Your decision", .kind = FD_RADIOS, .required = true,
     .what = "your decision", .codes = decisions, .n_codes = &n_decisions},
    {.name = "comment", .label = "Comment", .kind = FD_TEXTAREA, .max_len = WF_TEXT_MAX,
     .hint = "Needed when you return it: say what the worker should change", .what = "the comment"},
};
static const char *const decision_names[] = {"decision", "comment", NULL};

static const char *decision_unavailable(const struct stage_ctx *c)
{
    if (!is_manager(c->r))
        return "Only a team manager can authorise or return an assessment.";
    struct ct_assessment_view v;
    if (!load(c, &v))
        return "This child has no such assessment.";
    bool waiting = v.a.status && !strcmp(v.a.status, "submitted") && !v.a.authorised;
    ct_assessment_view_free(&v);
    return waiting ? NULL : "This assessment is not waiting for authorisation.";
}

static void decision_intro(struct html *m, const struct stage_ctx *c)
{
    struct ct_assessment_view v;
    if (!load(c, &v))
        return;
    H(m, "<p class=\"govuk-body\">Assessment started %D, submitted by %s.</p>", v.a.start,
      v.a.updated_by ? v.a.updated_by : "");
    content_show(m, &v.a);
    ct_assessment_view_free(&v);
}

static void decision_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                            const struct field_errors *fe)
{
    fd_render_all(m, decision_fields, 2, f, fe);
}

static int decision_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                         struct field_errors *fe, struct err *e)
{
    struct fd_value v[2];
    struct fd_now now = fd_now_of(c->r);
    if (fd_read_all(decision_fields, 2, f, &now, v, fe))
        return HE_INPUT;
    int rc = ct_assessment_decide(c->r->st, &c->r->user, c->cf->id, seen, c->sub,
                                  !strcmp(v[0].text, "authorise"), v[1].text, c->r->today, c->r->now, e);
    if (rc == HE_OK)
        to_assessment(c, c->next, STAGE_NEXT_MAX);
    return rc;
}

static const struct stage_form decision_form = {
    .page = "assessment decision", .title = "Authorise or return the assessment",
    .button = "Save the decision", .unavailable = decision_unavailable, .intro = decision_intro,
    .fields = decision_render, .save = decision_save, .field_names = decision_names,};
void h_assessment_decision_form(struct req *r, struct resp *out) { stage_form_get(r, out, &decision_form); }
void h_assessment_decision_post(struct req *r, struct resp *out) { stage_form_post(r, out, &decision_form); }

/* ---- on the child's record ----------------------------------------------------------- */
static int assessments(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct ct_assessment_list l;
    int rc = ct_assessment_list(c->r->st, c->f->id, 5, &l, e);
    if (rc != HE_OK)
        return rc;
    if (!l.n)
        H(h, "<p class=\"govuk-body\">None.</p>");
    else
        H(h, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < l.n; i++) {
        const struct ct_assessment *a = &l.a[i];
        H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/assessments/%l\">Assessment started %D</a> "
             "<strong class=\"govuk-tag govuk-tag--%s\">%s</strong>",
          (int64_t)c->f->id, a->id, a->start, status_colour(a->authorised ? "authorised" : a->status),
          a->authorised ? "Authorised" : status_label(a->status));
        /* an assessment with nothing written in hearth (one from the returns) is authorised as
         * it is; one with content only from its page, once submitted, with a comment */
        if (!a->authorised && !a->status && record_is_manager(c)) {
            H(h, "<form method=\"post\" action=\"/children/%l/assessments/%l/authorise\">", (int64_t)c->f->id,
              a->id);
            ui_csrf(h, c->r);
            H(h, "<input type=\"hidden\" name=\"version\" value=\"%l\"><button type=\"submit\" "
                 "class=\"govuk-button govuk-button--secondary\">Authorise the assessment started %D as it "
                 "is</button></form>",
              c->version, a->start);
        }
        H(h, "</li>");
    }
    if (l.n)
        H(h, "</ul>");
    ct_assessment_list_free(&l);
    return HE_OK;
}

static bool has_assessments(const struct record_ctx *c)
{
    return c->f->n_assessments > 0 && c->r->user.role != ROLE_FRONT_DOOR && c->r->user.role != ROLE_ANALYST;
}
const struct record_section rs_assessments = {"assessments", "Assessments", RECORD_RIGHT, 25,
                                              has_assessments, assessments};
