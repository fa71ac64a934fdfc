/* pages_privfost: private fostering on the child's record (a section with each arrangement,
 * its visits against the regulations' clocks, the suitability decision and the end), the
 * forms that record them (stage_form.h: the child opened with the access log and role
 * checks, drafts, messages beside the fields), and the list of arrangements going on for
 * managers. Everything is written through store/privfost.h. */
#include <stdio.h>
#include <string.h>

#include "../date/clock.h"
#include "../store/privfost.h"
#include "../store/trust.h"
#include "privfost_ui.h"
#include "record.h"
#include "stage_form.h"
#include "work.h"

static const char *label(const struct stage_code *list, int n, const char *code)
{
    const char *l = code ? stage_label(list, n, code) : NULL;
    return l ? l : "Not recorded";
}

/* When a clock ran: "on 10/04/2025 (in time)", "due by ...", "was due by ... (overdue)". */
static void clock_text(struct html *h, day_t due, day_t met, day_t today)
{
    if (met)
        H(h, "%D <strong class=\"govuk-tag govuk-tag--%s\">%s</strong>", met, met <= due ? "green" : "red",
          met <= due ? "In time" : "Late");
    else if (due < today)
        H(h, "Was due by %D <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>", due);
    else
        H(h, "Due by %D", due);
}

static void row_start(struct html *h, const char *key)
{
    H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">",
      key);
}

static int privfost_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct pf_list l;
    int rc = pf_list(c->r->st, c->f->id, &l, e);
    if (rc != HE_OK)
        return rc;
    bool may = work_may_record_stages(c->r), open = false;
    day_t today = c->r->today;
    int64_t child = (int64_t)c->f->id;
    H(h, "<div id=\"private-fostering\">");
    if (!l.n)
        H(h, "<p class=\"govuk-body\">No private fostering arrangement recorded.</p>");
    for (int i = 0; i < l.n && i < 3; i++) {
        const struct pf_arrangement *a = &l.v[i];
        bool going = !a->end || a->end > today;
        open |= !a->end;
        H(h, "<h3 class=\"govuk-heading-s\">Notified %D%s</h3><dl class=\"govuk-summary-list\">", a->notified,
          going ? "" : " (ended)");
        row_start(h, "Told by");
        H(h, "%s</dd></div>", label(pf_notifiers, n_pf_notifiers, a->notified_by));
        row_start(h, "Began");
        H(h, "%D</dd></div>", a->began);
        row_start(h, "Private foster carer");
        H(h, "<a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></dd></div>", (int64_t)a->carer, a->carer_given,
          a->carer_family);
        row_start(h, "First visit");
        clock_text(h, pf_visit_due(a->notified, DAY_NONE), a->n_visits ? a->visits[0].day : DAY_NONE, today);
        if (a->n_visits)
            H(h, "; %s", a->visits[0].seen_alone ? "seen alone" : "not seen alone");
        H(h, "</dd></div>");
        if (a->n_visits > 1) {
            row_start(h, "Later visits");
            H(h, "<ul class=\"govuk-list\">");
            for (int k = a->n_visits - 1; k >= 1 && k >= a->n_visits - 6; k--) {
                H(h, "<li>");
                clock_text(h, a->visits[k].due, a->visits[k].day, today);
                H(h, "%s</li>", a->visits[k].seen_alone ? "; seen alone" : "; not seen alone");
            }
            H(h, "</ul>");
            if (a->n_visits > 7)
                H(h, "<p class=\"govuk-body-s\">The newest 6 of %d later visits.</p>", a->n_visits - 1);
            H(h, "</dd></div>");
        }
        if (!a->end && a->n_visits) {
            row_start(h, "Next visit");
            clock_text(h, pf_next_due(a), DAY_NONE, today);
            H(h, "</dd></div>");
        }
        row_start(h, "Suitability");
        if (a->assessed) {
            H(h, "%s, ", !strcmp(a->outcome, "suitable") ? "Suitable" : "Not suitable");
            clock_text(h, clock_due(CLOCK_PF_ASSESSMENT, a->notified), a->assessed, today);
        } else if (a->end)
            H(h, "No decision recorded");
        else
            clock_text(h, clock_due(CLOCK_PF_ASSESSMENT, a->notified), DAY_NONE, today);
        H(h, "</dd></div>");
        if (a->end) {
            row_start(h, "Ended");
            H(h, "%D: %s</dd></div>", a->end, label(pf_end_reasons, n_pf_end_reasons, a->end_reason));
        } else {
            day_t age = date_add_years(c->f->person.dob, a->disabled ? PF_AGE_DISABLED : PF_AGE);
            if (c->f->person.dob) {
                row_start(h, "Private fostering until");
                H(h, "%D at the latest (%s)</dd></div>", age, a->disabled ? "18: disabled" : "16");
            }
        }
        H(h, "</dl>");
        if (may && !a->end) {
            H(h, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/children/%l/private-fostering/%l/visit\">"
                 "Record a visit<span class=\"govuk-visually-hidden\"> for the arrangement notified %D</span></a></li>",
              child, a->id, a->notified);
            if (!a->assessed)
                H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/private-fostering/%l/assessment\">Record the "
                     "suitability decision</a></li>",
                  child, a->id);
            H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/private-fostering/%l/end\">Record the end of the "
                 "arrangement</a></li></ul>",
              child, a->id);
        }
    }
    if (l.n > 3)
        H(h, "<p class=\"govuk-body\">The newest 3 of %d arrangements.</p>", l.n);
    if (may && !open)
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/private-fostering/new\">Record a "
             "private fostering notification</a></p>",
          child);
    H(h, "</div>");
    pf_list_free(&l);
    return HE_OK;
}

const struct record_section rs_privfost = {"private-fostering", "Private fostering", RECORD_RIGHT, 32, NULL,
                                           privfost_section};

/* ---- the notification ---------------------------------------------------------------------- */
static const struct ui_option notifier_opts[] = {
    {"parent", "A parent"}, {"carer", "The private foster carer"}, {"school", "A school or college"},
    {"health", "A health professional"}, {"other", "Someone else"}};

static void notify_intro(struct html *h, const struct stage_ctx *c)
{
    H(h, "<p class=\"govuk-body\">A child under 16 (18 if disabled) cared for by someone who is not a parent or "
         "close relative for 28 days or more, by a private arrangement. The first visit is due within 7 working days "
         "of the notification; the decision on whether the arrangement is suitable within 42 working days.</p>");
}

static void notify_fields(struct html *h, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    ui_date(h, "notified", "Date the authority was told", "For example, 27 3 2026", f, fe);
    ui_radios(h, "notified_by", "Who told the authority", notifier_opts,
              (int)(sizeof notifier_opts / sizeof notifier_opts[0]), form_get(f, "notified_by"), fe);
    ui_date(h, "began", "Date the arrangement began, or is to begin", "For example, 20 3 2026", f, fe);
    ui_yes_no(h, "disabled", "Is the child disabled? (A disabled child can be privately fostered until 18)",
              form_get(f, "disabled"), fe);
    H(h, "<h2 class=\"govuk-heading-m\">The private foster carer</h2>");
    ui_text(h, "carer", "First name", NULL, form_get(f, "carer"), fe, 20);
    ui_text(h, "carer_family", "Last name", NULL, form_get(f, "carer_family"), fe, 20);
    ui_text(h, "carer_la", "Or their LA child ID, if they have a record already", "Leave the names blank then",
            form_get(f, "carer_la"), fe, 10);
}

static int notify_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    day_t notified = form_date(f, "notified", "date the authority was told", true, fe);
    day_t began = form_date(f, "began", "date the arrangement began", true, fe);
    if (notified && notified > c->r->today)
        fe_add(fe, "notified", "The date the authority was told cannot be in the future");
    int disabled = form_yes_no(f, "disabled");
    if (disabled < 0)
        fe_add(fe, "disabled", "Say whether the child is disabled");
    if (fe->n)
        return HE_INPUT;
    const char *la = form_get(f, "carer_la");
    struct pf_new n = {notified, form_get(f, "notified_by"), began, disabled == 1,
                       {la && *la ? la : NULL, form_get(f, "carer"), form_get(f, "carer_family")}};
    if (n.notified_by && !*n.notified_by)
        n.notified_by = NULL;
    return pf_notify(c->r->st, &c->r->user, c->cf->id, seen, &n, c->r->today, c->r->now, NULL, e);
}

static const char *notify_unavailable(const struct stage_ctx *c)
{
    struct pf_list l;
    struct err e;
    err_clear(&e);
    if (pf_list(c->r->st, c->cf->id, &l, &e) != HE_OK)
        return NULL;
    bool open = false;
    for (int i = 0; i < l.n; i++)
        open |= !l.v[i].end;
    pf_list_free(&l);
    return open ? "This child has a private fostering arrangement going on: record its end first." : NULL;
}

static const char *const notify_names[] = {"notified", "notified_by", "began", "disabled", "carer", "carer_family",
                                           "carer_la", NULL};
static const struct stage_form notify_form = {
    "private fostering notification form", "Private fostering notification", "Save the notification",
    notify_unavailable, notify_intro, notify_fields, notify_save, notify_names, NULL};
void h_pf_notify_form(struct req *r, struct resp *out) { stage_form_get(r, out, &notify_form); }
void h_pf_notify_post(struct req *r, struct resp *out) { stage_form_post(r, out, &notify_form); }

/* ---- the arrangement the path names -------------------------------------------------------- */
struct named {
    bool found;
    day_t notified, end, assessed, next_due;
    int n_visits;
};

static struct named arrangement_of(const struct stage_ctx *c)
{
    struct named a = {0};
    struct pf_list l;
    struct err e;
    err_clear(&e);
    if (pf_list(c->r->st, c->cf->id, &l, &e) != HE_OK)
        return a;
    for (int i = 0; i < l.n && !a.found; i++)
        if (l.v[i].id == (int64_t)c->sub)
            a = (struct named){true, l.v[i].notified, l.v[i].end, l.v[i].assessed, pf_next_due(&l.v[i]),
                               l.v[i].n_visits};
    pf_list_free(&l);
    return a;
}

static const char *open_unavailable(const struct stage_ctx *c)
{
    struct named a = arrangement_of(c);
    if (!a.found)
        return "This child has no such private fostering arrangement.";
    return a.end ? "This private fostering arrangement has ended." : NULL;
}

/* ---- a visit ---------------------------------------------------------------------------------- */
static void visit_intro(struct html *h, const struct stage_ctx *c)
{
    struct named a = arrangement_of(c);
    if (!a.found)
        return;
    H(h, "<p class=\"govuk-body\">Notified %D. The %s visit is due by %D. The child is to be seen alone unless the "
         "visitor judges that inappropriate.</p>",
      a.notified, a.n_visits ? "next" : "first", a.next_due);
}

static void visit_fields(struct html *h, const struct stage_ctx *c, const struct form *f,
                         const struct field_errors *fe)
{
    ui_date(h, "day", "Date of the visit", "For example, 27 3 2026", f, fe);
    ui_yes_no(h, "seen_alone", "Was the child seen alone?", form_get(f, "seen_alone"), fe);
}

static int visit_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                      struct err *e)
{
    day_t day = form_date(f, "day", "date of the visit", true, fe);
    if (day && day > c->r->today)
        fe_add(fe, "day", "The date of the visit cannot be in the future");
    int alone = form_yes_no(f, "seen_alone");
    if (alone < 0)
        fe_add(fe, "seen_alone", "Say whether the child was seen alone");
    return fe->n ? HE_INPUT
                 : pf_visit(c->r->st, &c->r->user, c->cf->id, seen, (int64_t)c->sub, day, alone == 1, c->r->today,
                            c->r->now, e);
}

static const char *const visit_names[] = {"day", "seen_alone", NULL};
static const struct stage_form visit_form = {
    "private fostering visit form", "Private fostering visit", "Save the visit",
    open_unavailable, visit_intro, visit_fields, visit_save, visit_names, NULL};
void h_pf_visit_form(struct req *r, struct resp *out) { stage_form_get(r, out, &visit_form); }
void h_pf_visit_post(struct req *r, struct resp *out) { stage_form_post(r, out, &visit_form); }

/* ---- the suitability decision -------------------------------------------------------------- */
static const struct ui_option outcome_opts[] = {{"suitable", "Suitable"}, {"not_suitable", "Not suitable"}};

static const char *assess_unavailable(const struct stage_ctx *c)
{
    struct named a = arrangement_of(c);
    if (!a.found)
        return "This child has no such private fostering arrangement.";
    if (a.assessed)
        return "The suitability decision is recorded already.";
    return a.end ? "This private fostering arrangement has ended." : NULL;
}

static void assess_intro(struct html *h, const struct stage_ctx *c)
{
    struct named a = arrangement_of(c);
    if (a.found)
        H(h, "<p class=\"govuk-body\">Notified %D: the decision is due by %D (42 working days).</p>", a.notified,
          clock_due(CLOCK_PF_ASSESSMENT, a.notified));
}

static void assess_fields(struct html *h, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    ui_radios(h, "outcome", "Is the arrangement suitable?", outcome_opts, 2, form_get(f, "outcome"), fe);
    ui_date(h, "assessed", "Date of the decision", "For example, 27 3 2026", f, fe);
}

static int assess_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    day_t day = form_date(f, "assessed", "date of the decision", true, fe);
    const char *outcome = form_get(f, "outcome");
    if (!outcome || !*outcome)
        fe_add(fe, "outcome", "Say whether the arrangement is suitable");
    return fe->n ? HE_INPUT : pf_assess(c->r->st, c->cf->id, seen, (int64_t)c->sub, outcome, day, c->r->today, e);
}

static const char *const assess_names[] = {"outcome", "assessed", NULL};
static const struct stage_form assess_form = {
    "private fostering suitability form", "Suitability of the arrangement", "Save the decision",
    assess_unavailable, assess_intro, assess_fields, assess_save, assess_names, NULL};
void h_pf_assess_form(struct req *r, struct resp *out) { stage_form_get(r, out, &assess_form); }
void h_pf_assess_post(struct req *r, struct resp *out) { stage_form_post(r, out, &assess_form); }

/* ---- the end ----------------------------------------------------------------------------------- */
static const struct ui_option reason_opts[] = {{"returned_parent", "Returned to a parent"},
                                               {"looked_after", "Became looked after"},
                                               {"age", "Turned 16 (18 if disabled)"},
                                               {"other", "Another reason"}};

static void end_fields(struct html *h, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    ui_date(h, "end", "Date the arrangement ended", "For example, 27 3 2026", f, fe);
    ui_radios(h, "reason", "Why it ended", reason_opts, 4, form_get(f, "reason"), fe);
}

static int end_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                    struct err *e)
{
    day_t end = form_date(f, "end", "date the arrangement ended", true, fe);
    const char *reason = form_get(f, "reason");
    if (!reason || !*reason)
        fe_add(fe, "reason", "Choose why the arrangement ended");
    return fe->n ? HE_INPUT : pf_end(c->r->st, c->cf->id, seen, (int64_t)c->sub, end, reason, c->r->today, e);
}

static const char *const end_names[] = {"end", "reason", NULL};
static const struct stage_form end_form = {
    "private fostering end form", "End of the private fostering arrangement", "Save the end",
    open_unavailable, NULL, end_fields, end_save, end_names, NULL};
void h_pf_end_form(struct req *r, struct resp *out) { stage_form_get(r, out, &end_form); }
void h_pf_end_post(struct req *r, struct resp *out) { stage_form_post(r, out, &end_form); }

/* ---- the arrangements going on, for managers ------------------------------------------------ */
void h_private_fostering(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_TEAM_MANAGER && r->user.role != ROLE_ADMIN)
        return page_error(r, out, 403, "Not available", "The private fostering list is for managers and "
                                                        "administrators.");
    struct pf_list l;
    struct err e;
    err_clear(&e);
    if (pf_current(r->st, r->today, &l, &e) != HE_OK)
        return page_error(r, out, 500, "Something went wrong", "The list could not be read.");
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Private fostering</h1><p class=\"govuk-body\">Children privately fostered "
          "now, the visit due soonest first. The figures are on the <a class=\"govuk-link\" "
          "href=\"/dashboard#service-private_fostering\">performance dashboard</a>.</p>"
          "<table class=\"govuk-table\" id=\"privfost-list\"><caption class=\"govuk-table__caption "
          "govuk-table__caption--m\">%d arrangement%s</caption><thead class=\"govuk-table__head\"><tr "
          "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Carer</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Notified</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Next visit</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Suitability</th></tr></thead>"
          "<tbody class=\"govuk-table__body\">",
      l.n, l.n == 1 ? "" : "s");
    for (int i = 0; i < l.n; i++) {
        const struct pf_arrangement *a = &l.v[i];
        /* a child the user may not open is listed without a name, as the other lists do */
        bool hidden = true;
        const char *words = "";
        struct err ce;
        err_clear(&ce);
        if (tr_hidden_name(r->st, &r->user, a->person, &hidden, &words, &ce) != HE_OK) {
            hidden = true;
            words = TR_HIDDEN_NAME;
        }
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (!hidden)
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l\">%s %s</a>", (int64_t)a->person, a->child_given,
              a->child_family);
        else
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l\">%s</a><br><span class=\"govuk-body-s\">%s</span>",
              (int64_t)a->person, *words ? words : "Another team's child", a->child_la);
        H(&m, "</td><td class=\"govuk-table__cell\">%s %s</td><td class=\"govuk-table__cell\">%D</td>"
              "<td class=\"govuk-table__cell\">",
          hidden ? "" : a->carer_given, hidden ? "" : a->carer_family, a->notified);
        clock_text(&m, pf_next_due(a), DAY_NONE, r->today);
        H(&m, "</td><td class=\"govuk-table__cell\">");
        if (a->assessed)
            H(&m, "%s", !strcmp(a->outcome, "suitable") ? "Suitable" : "Not suitable");
        else
            clock_text(&m, clock_due(CLOCK_PF_ASSESSMENT, a->notified), DAY_NONE, r->today);
        H(&m, "</td></tr>");
    }
    H(&m, "</tbody></table>");
    page_render(r, out, "Private fostering", &m);
    html_free(&m);
    pf_list_free(&l);
}
