/* pages_print: the print-ready documents hearth makes from a child's record: the
 * assessment, a plan and the invitation to a conference or meeting (the chronology's is in
 * pages_notes.c). Each is one HTML page in the same frame as the chronology's print page,
 * laid out for paper by www/print.css (no navigation, black on white, rows kept whole),
 * which the browser prints or saves as a PDF: no PDF library, no inline style or script.
 * Opening one is checked and logged like the record it is made from. */
#include <stdio.h>
#include <string.h>

#include "../model/content.h"
#include "../store/content.h"
#include "content_ui.h"
#include "web.h"

static void child_name(const struct child_file *cf, char *out, size_t n)
{
    const struct person *p = &cf->person;
    if ((p->given_name && *p->given_name) || (p->family_name && *p->family_name))
        snprintf(out, n, "%s %s", p->given_name ? p->given_name : "", p->family_name ? p->family_name : "");
    else
        snprintf(out, n, "Child %s", p->la_child_id);
}

/* The page's head, the classification, the heading and who the child is. */
static void print_open(struct html *h, const struct req *r, const struct child_file *cf, const char *title,
                       const char *back, const char *back_text)
{
    char name[260];
    child_name(cf, name, sizeof name);
    H(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>%s: %s - hearth</title>\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/govuk/govuk-frontend.min.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/hearth/print.css\">\n</head>\n"
         "<body class=\"govuk-template__body hearth-print\">\n<div class=\"govuk-width-container\">\n"
         "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n"
         "<p class=\"govuk-body hearth-noprint\"><a class=\"govuk-back-link\" href=\"%s\">%s</a> Use your "
         "browser's Print command to print this page or save it as a PDF.</p>"
         "<p class=\"govuk-body-s hearth-classification\">OFFICIAL-SENSITIVE: personal information about a child</p>"
         "<h1 class=\"govuk-heading-l\">%s</h1>",
      title, name, back, back_text, title);
    H(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
         "Child</dt><dd class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">LA child ID</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Date of birth</dt><dd "
         "class=\"govuk-summary-list__value\">%D</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">Prepared</dt><dd class=\"govuk-summary-list__value\">%D by %s</dd></div></dl>",
      name, cf->person.la_child_id, cf->person.dob, r->today, r->user.display);
}

static void print_close(struct html *h) { H(h, "</main>\n</div>\n</body>\n</html>\n"); }

static void row(struct html *h, const char *key, const char *text)
{
    H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">", key);
    if (text && *text)
        paragraphs(h, text);
    else
        H(h, "Not written");
    H(h, "</dd></div>");
}

static void failed(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
}

void h_assessment_print(struct req *r, struct resp *out)
{
    struct child_file cf;
    char page[64];
    snprintf(page, sizeof page, "assessment %lld printed", (long long)r->ids[1]);
    if (!content_child(r, out, page, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_assessment_view v;
    bool found = false;
    if (ct_assessment_get(r->st, r->ids[0], r->ids[1], &v, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return failed(r, out, &e);
    }
    if (!found) {
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such assessment.");
    }
    const struct ct_assessment *a = &v.a;
    char back[96];
    snprintf(back, sizeof back, "/children/%lld/assessments/%lld", (long long)cf.id, (long long)a->id);
    struct html *h = &out->body;
    print_open(h, r, &cf, "Child and family assessment", back, "Back to the assessment");
    H(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
         "Started</dt><dd class=\"govuk-summary-list__value\">%D</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">Authorised</dt><dd class=\"govuk-summary-list__value\">%s%D</dd></div></dl>",
      a->start, a->authorised ? "" : "Not yet authorised", a->authorised);
    H(h, "<h2 class=\"govuk-heading-m\">What the assessment found</h2><dl class=\"govuk-summary-list\">");
    row(h, "The child's developmental needs", a->text.child_needs);
    row(h, "Parenting capacity", a->text.parenting);
    row(h, "Family and environmental factors", a->text.family_env);
    row(h, "Analysis", a->text.analysis);
    row(h, "The child's wishes and feelings", a->text.wishes);
    row(h, "Outcome", stage_label(assessment_outcomes, n_assessment_outcomes, a->text.outcome));
    row(h, "Recommendation", a->text.recommendation);
    H(h, "</dl>");
    if (a->factors)
        H(h, "<p class=\"govuk-body\">Factors identified: %s</p>", a->factors);
    print_close(h);
    ct_assessment_view_free(&v);
    child_file_free(&cf);
}

void h_plan_print(struct req *r, struct resp *out)
{
    struct child_file cf;
    char page[64];
    snprintf(page, sizeof page, "plan %lld printed", (long long)r->ids[1]);
    if (!content_child(r, out, page, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_plan_view v;
    bool found = false;
    if (ct_plan_get(r->st, r->ids[0], r->ids[1], &v, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return failed(r, out, &e);
    }
    if (!found) {
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such plan.");
    }
    const struct ct_plan *p = &v.p;
    char back[96];
    snprintf(back, sizeof back, "/children/%lld/plans/%lld", (long long)cf.id, (long long)p->id);
    const char *kind = stage_label(plan_kinds, n_plan_kinds, p->kind);
    struct html *h = &out->body;
    print_open(h, r, &cf, kind ? kind : "Plan", back, "Back to the plan");
    H(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
         "Started</dt><dd class=\"govuk-summary-list__value\">%D</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">Last reviewed</dt><dd class=\"govuk-summary-list__value\">%s%D</dd></div>",
      p->start, p->last_reviewed ? "" : "Not yet reviewed", p->last_reviewed);
    row(h, "What the child needs", p->needs);
    row(h, "The outcomes wanted", p->outcomes);
    H(h, "</dl><table class=\"govuk-table hearth-chronology\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--m\">What will be done</caption><thead class=\"govuk-table__head\"><tr "
         "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Action</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Who</th><th scope=\"col\" class=\"govuk-table__header\">By when</th><th "
         "scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < v.n_actions; i++) {
        const struct ct_action *x = &v.actions[i];
        const char *st = stage_label(action_statuses, n_action_statuses, x->status);
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
             "%s</td><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%s</td></tr>",
          x->action, x->owner, x->due, st ? st : x->status);
    }
    if (!v.n_actions)
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"4\">No actions recorded</td></tr>");
    H(h, "</tbody></table>");
    print_close(h);
    ct_plan_view_free(&v);
    child_file_free(&cf);
}

void h_invitation_print(struct req *r, struct resp *out)
{
    struct child_file cf;
    char page[64];
    snprintf(page, sizeof page, "meeting %lld invitation printed", (long long)r->ids[1]);
    if (!content_child(r, out, page, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_meeting_page mp;
    bool found = false;
    if (ct_meeting_get(r->st, r->ids[0], r->ids[1], &mp, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return failed(r, out, &e);
    }
    if (!found || !mp.n) {
        if (found)
            ct_meeting_page_free(&mp);
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such meeting.");
    }
    const struct ct_meeting *m = &mp.m[0];
    char back[96], name[260];
    snprintf(back, sizeof back, "/children/%lld/meetings/%lld", (long long)cf.id, (long long)m->id);
    child_name(&cf, name, sizeof name);
    const char *kind = stage_label(meeting_kinds, n_meeting_kinds, m->kind);
    bool conference = !strcmp(m->kind, "ICPC") || !strcmp(m->kind, "RCPC");
    struct html *h = &out->body;
    print_open(h, r, &cf, conference ? "Invitation to a child protection conference" : "Invitation to a meeting",
               back, "Back to the meeting");
    H(h, "<p class=\"govuk-body\">You are invited to the %s about %s on <strong>%D</strong>.</p>",
      kind ? kind : "meeting", name, m->date);
    if (conference)
        H(h, "<p class=\"govuk-body\">The conference brings together the family and the professionals working with "
             "them to share what is known, decide whether the child is at continuing risk of significant harm and, "
             "if so, agree a child protection plan. Please send a written report to the chair two working days "
             "before the conference and share it with the family first.</p>"
             "<p class=\"govuk-body\">If you cannot come, send your report and tell the conference administrator "
             "who will attend in your place.</p>");
    H(h, "<table class=\"govuk-table hearth-chronology\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
         "Invited</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
         "class=\"govuk-table__header\">Name</th><th scope=\"col\" class=\"govuk-table__header\">Agency or relationship"
         "</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < m->n_attendees; i++)
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
             "%s</td></tr>",
          m->attendees[i].name, m->attendees[i].agency ? m->attendees[i].agency : "");
    if (!m->n_attendees)
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"2\">No one recorded yet</td></tr>");
    H(h, "</tbody></table><p class=\"govuk-body\">Sent by %s.</p>", r->user.display);
    print_close(h);
    ct_meeting_page_free(&mp);
    child_file_free(&cf);
}
