/* pages_forms: the front door (contacts and threshold decisions) and the first stage forms
 * (assessment and its authorisation, strategy discussion, initial conference, becoming
 * looked after and changes of placement; the forms on stage_form.c's common shape are each
 * only their fields and their save; the later stages are in pages_stages.c). Every submit first keeps what was typed as the worker's
 * draft for that page, so a refused form, a clash with another editor or a timed-out
 * session loses nothing; a form that is saved clears its draft. Validation follows the
 * DfE's rules and puts each message beside its field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/codes.h"
#include "../model/journey.h"
#include "../store/workflow.h"
#include "labels.h"
#include "stage_form.h"
#include "web.h"
#include "work.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "What you typed is kept as a draft: try again in a moment.");
}

/* A form's draft is kept per address and per child: the contact form at
 * /contacts/new?child=B is another form than at /contacts/new?child=A. */
void draft_key(const struct req *r, char *key, size_t n)
{
    int64_t child = form_get_id(&r->query, "child");
    if (child)
        snprintf(key, n, "%s?child=%lld", r->path, (long long)child);
    else
        snprintf(key, n, "%s", r->path);
}

/* A key the browser may name (a draft kept as the worker types, a discarded draft): a path of
 * this service's forms, with ?child=N at most. */
static bool draft_key_valid(const char *k)
{
    bool ok = k && k[0] == '/' && k[1] != '/' && strlen(k) < 200;
    const char *q = ok ? strchr(k, '?') : NULL;
    for (const char *p = ok ? k + 1 : ""; ok && *p && p != q; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '/';
    if (ok && q) {
        ok = !strncmp(q, "?child=", 7) && q[7] >= '1' && q[7] <= '9';
        for (const char *p = q + 7; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
    }
    return ok;
}

void draft_save(struct req *r)
{
    struct err e;
    err_clear(&e);
    char key[300];
    draft_key(r, key, sizeof key);
    if (!trust_draft_allowed(r, &r->user, key, r->raw_body))
        return; /* refused the record: nothing of the request is kept in it */
    if (cw_draft_put(r->st, r->user.id, key, r->raw_body, r->now, &e) != HE_OK)
        fprintf(stderr, "hearth serve: could not keep a draft: %s\n", e.msg);
}

void draft_clear(struct req *r)
{
    struct err e;
    err_clear(&e);
    char key[300];
    draft_key(r, key, sizeof key);
    if (cw_draft_delete(r->st, r->user.id, key, &e) != HE_OK) /* saved; the draft stays behind */
        fprintf(stderr, "hearth serve: could not clear the draft of %s: %s\n", key, e.msg);
}

bool draft_load(struct req *r, struct form *f)
{
    struct err e;
    char *body = NULL;
    err_clear(&e);
    char key[300];
    draft_key(r, key, sizeof key);
    if (cw_draft_get(r->st, r->user.id, key, &body, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: could not read the draft of %s: %s\n", key, e.msg);
        return false;
    }
    if (!body)
        return false;
    int rc = form_parse(body, strlen(body), f, &e);
    free(body);
    return rc == HE_OK;
}

void draft_banner(struct html *m, const struct req *r)
{
    char key[300];
    draft_key(r, key, sizeof key);
    H(m, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">This form holds your draft: what "
         "you typed last time is filled in below.</p><form method=\"post\" action=\"/drafts/discard\">");
    ui_csrf(m, r);
    H(m, "<input type=\"hidden\" name=\"form\" value=\"%s\"><button type=\"submit\" class=\"govuk-button "
         "govuk-button--secondary\">Discard the draft</button></form></div>",
      key);
}

/* POST /drafts/discard with form=KEY: the draft goes, and the form opens empty. */
void h_draft_discard(struct req *r, struct resp *out)
{
    const char *key = form_get(&r->body, "form");
    if (!draft_key_valid(key))
        return page_error(r, out, 400, "Not a form", "Drafts are kept only for this service's forms.");
    struct err e;
    err_clear(&e);
    if (cw_draft_delete(r->st, r->user.id, key, &e) != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    redirect(out, key);
}

/* Free text: plain, and not too long. */
static void check_text(struct field_errors *fe, const char *name, const char *what, const char *v,
                       size_t max, bool required)
{
    if (!*v) {
        if (required)
            fe_add(fe, name, "Enter the %s", what);
    } else if (strlen(v) > max) {
        fe_add(fe, name, "The %s must be %zu characters or fewer (it has %zu)", what, max, strlen(v));
    } else if (!plain_text(v)) {
        fe_add(fe, name, "The %s must be plain text: remove the markup (text between < and >)", what);
    }
}

static void check_not_future(struct field_errors *fe, const char *name, const char *what, day_t d,
                             day_t today)
{
    if (d && d > today)
        fe_add(fe, name, "The %s cannot be in the future", what);
}

/* ---- the front door ------------------------------------------------------------------ */
void h_front_door(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    struct err e;
    err_clear(&e);
    struct cw_contact_row rows[100];
    int n = 0;
    if (cw_open_contacts(r->st, &r->user, rows, 100, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    if (form_get_id(&r->query, "referred"))
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
              "aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\"><p "
              "class=\"govuk-notification-banner__heading\">Referred. The child waits in the team's queue "
              "for its manager to allocate a worker.</p></div></div>");
    H(&m, "<h1 class=\"govuk-heading-l\">Front door</h1><a class=\"govuk-button\" "
          "href=\"/contacts/new\">Record a contact</a><h2 class=\"govuk-heading-m\">Contacts waiting "
          "for a threshold decision</h2>");
    if (!n)
        H(&m, "<p class=\"govuk-body\">None: every contact your team holds has a decision.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Child</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Received</th><th scope=\"col\" class=\"govuk-table__header\">"
              "Source</th><th scope=\"col\" class=\"govuk-table__header\">Decision due</th></tr></thead>"
              "<tbody class=\"govuk-table__body\">");
        for (int i = 0; i < n; i++) {
            day_t due = clock_due(CLOCK_THRESHOLD, rows[i].date);
            enum clock_state st = clock_state(CLOCK_THRESHOLD, rows[i].date, DAY_NONE, r->today);
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                  "href=\"/contacts/%l/decision\">%s %s</a></td><td class=\"govuk-table__cell\">%D</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
              (int64_t)rows[i].id, rows[i].given, rows[i].family, rows[i].date,
              label_of(referral_sources, n_referral_sources, rows[i].source));
            if (st == CLOCK_OVERDUE)
                H(&m, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> %D", due);
            else
                H(&m, "<strong class=\"govuk-tag govuk-tag--yellow\">Due</strong> %D", due);
            H(&m, "</td></tr>");
        }
        H(&m, "</tbody></table>");
    }
    page_render(r, out, "Front door", &m);
    html_free(&m);
}

/* The DfE's ethnicity and disability codes (CIN census), so that a child first met at the
 * front door passes rules 4220 and 8540. */
static const struct ui_option ethnicities[] = {
    {"WBRI", "White: British"}, {"WIRI", "White: Irish"}, {"WIRT", "White: Traveller of Irish heritage"},
    {"WROM", "White: Gypsy or Roma"}, {"WOTH", "White: any other White background"},
    {"MWBC", "Mixed: White and Black Caribbean"}, {"MWBA", "Mixed: White and Black African"},
    {"MWAS", "Mixed: White and Asian"}, {"MOTH", "Mixed: any other mixed background"},
    {"AIND", "Asian or Asian British: Indian"}, {"APKN", "Asian or Asian British: Pakistani"},
    {"ABAN", "Asian or Asian British: Bangladeshi"}, {"AOTH", "Asian or Asian British: any other Asian background"},
    {"BCRB", "Black or Black British: Caribbean"}, {"BAFR", "Black or Black British: African"},
    {"BOTH", "Black or Black British: any other Black background"}, {"CHNE", "Chinese"},
    {"OOTH", "Any other ethnic group"}, {"REFU", "Refused"}, {"NOBT", "Not yet obtained"},
};
static const struct ui_option disabilities[] = {
    {"NONE", "No disability"}, {"AUT", "Yes: autism or Asperger syndrome"}, {"BEH", "Yes: behaviour"},
    {"COMM", "Yes: communication"}, {"CON", "Yes: consciousness"},
    {"DDA", "Yes: disabled under the Equality Act, not in another category"}, {"HAND", "Yes: hand function"},
    {"HEAR", "Yes: hearing"}, {"INC", "Yes: incontinence"}, {"LD", "Yes: learning"}, {"MOB", "Yes: mobility"},
    {"PC", "Yes: personal care"}, {"VIS", "Yes: vision"},
};

static void contact_page(struct req *r, struct resp *out, rec_id child, const struct child_file *cf,
                         int64_t version, const struct form *f, const struct field_errors *fe,
                         bool from_draft)
{
    struct html m = HTML_INIT;
    char back[64];
    snprintf(back, sizeof back, child ? "/children/%lld" : "/front-door", (long long)child);
    ui_back(&m, back);
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (from_draft)
        draft_banner(&m, r);
    if (child)
        H(&m, "<span class=\"govuk-caption-l\">%s %s</span>", cf->person.given_name, cf->person.family_name);
    if (child)
        H(&m, "<h1 class=\"govuk-heading-l\">Record a contact</h1><form method=\"post\" "
              "action=\"/contacts/new?child=%l\" novalidate>",
          (int64_t)child);
    else
        H(&m, "<h1 class=\"govuk-heading-l\">Record a contact</h1><form method=\"post\" "
              "action=\"/contacts/new\" novalidate>");
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
    if (child) {
        H(&m, "<input type=\"hidden\" name=\"child\" value=\"%l\">", (int64_t)child);
    } else {
        H(&m, "<h2 class=\"govuk-heading-m\">The child</h2><p class=\"govuk-body\">Search first: <a "
              "class=\"govuk-link\" href=\"/search\">find a child already known</a>. Otherwise describe "
              "them here.</p>");
        ui_text(&m, "given", "First name", NULL, form_text(f, "given"), fe, 20);
        ui_text(&m, "family", "Last name", NULL, form_text(f, "family"), fe, 20);
        ui_date(&m, "dob", "Date of birth", "For example, 27 3 2015. Leave blank for an unborn child.", f, fe);
        {
            char hint[96]; /* a real example: four months from today */
            int y, mo, d;
            date_to_ymd(r->today + 120, &y, &mo, &d);
            snprintf(hint, sizeof hint, "For example, %d %d %d. Only for an unborn child", d, mo, y);
            ui_date(&m, "expected", "Expected date of birth (unborn child)", hint, f, fe);
        }
        ui_radios(&m, "sex", "Sex", sexes, n_sexes, form_get(f, "sex"), fe);
        ui_select(&m, "ethnicity", "Ethnicity", ethnicities, (int)(sizeof ethnicities / sizeof ethnicities[0]),
                  form_get(f, "ethnicity"), fe);
        ui_select(&m, "disability", "Disability", disabilities,
                  (int)(sizeof disabilities / sizeof disabilities[0]), form_get(f, "disability"), fe);
        ui_text(&m, "upn", "Unique pupil number (optional)", "13 characters, for example A123456789012",
                form_text(f, "upn"), fe, 20);
        ui_text(&m, "nhs", "NHS number (optional)", "10 digits, for example 485 777 3456", form_text(f, "nhs"), fe, 10);
    }
    H(&m, "<h2 class=\"govuk-heading-m\">The contact</h2>");
    ui_date(&m, "date", "Date the contact was received", "For example, 27 3 2026", f, fe);
    ui_select(&m, "source", "Who made the contact", referral_sources, n_referral_sources,
              form_get(f, "source"), fe);
    ui_textarea(&m, "concerns", "Concerns", "What was reported, in the words used, and what is known so far",
                form_text(f, "concerns"), fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Save the contact</button></form></div></div>");
    page_render(r, out, "Record a contact", &m);
    html_free(&m);
}

static void contact_context(struct req *r, struct resp *out, rec_id child, struct child_file *cf,
                            int64_t *version, bool *ok)
{
    struct err e;
    err_clear(&e);
    *ok = false;
    memset(cf, 0, sizeof *cf);
    if (!child) {
        *ok = true;
        return;
    }
    if (!child_open(r, out, child, "contact form"))
        return;
    if (store_load_child(r->st, child, cf, &e) != HE_OK || cw_version(r->st, child, version, &e) != HE_OK)
        return internal(r, out, &e);
    *ok = true;
}

void h_contact_form(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    rec_id child = form_get_id(&r->query, "child");
    struct child_file cf;
    int64_t version = 0;
    bool ok;
    contact_context(r, out, child, &cf, &version, &ok);
    if (!ok)
        return;
    struct form f = {0};
    bool draft = draft_load(r, &f);
    contact_page(r, out, child, &cf, version, &f, NULL, draft);
    form_free(&f);
    if (child)
        child_file_free(&cf);
}

void h_contact_post(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    draft_save(r);
    const struct form *f = &r->body;
    rec_id child = form_get_id(f, "child");
    struct child_file cf;
    int64_t version = 0, seen = form_get_id(f, "version");
    bool ok;
    contact_context(r, out, child, &cf, &version, &ok);
    if (!ok)
        return;
    struct field_errors fe = {0};
    struct cw_new_child nc = {0};
    char nhs[11] = "";
    /* checked in the order the fields appear, so the summary reads down the page */
    if (!child) {
        nc.given = form_text(f, "given");
        nc.family = form_text(f, "family");
        if (!*nc.given)
            fe_add(&fe, "given", "Enter the child's first name");
        else if (strlen(nc.given) > 60 || !name_valid(nc.given))
            fe_add(&fe, "given", "A first name has up to 60 letters, spaces, hyphens and apostrophes");
        if (!*nc.family)
            fe_add(&fe, "family", "Enter the child's last name");
        else if (strlen(nc.family) > 60 || !name_valid(nc.family))
            fe_add(&fe, "family", "A last name has up to 60 letters, spaces, hyphens and apostrophes");
        nc.dob = form_date(f, "dob", "date of birth", false, &fe);
        nc.expected_dob = form_date(f, "expected", "expected date of birth", false, &fe);
        check_not_future(&fe, "dob", "date of birth", nc.dob, r->today);
        if (!nc.dob && !nc.expected_dob && !fe_get(&fe, "dob") && !fe_get(&fe, "expected"))
            fe_add(&fe, "dob", "Enter the date of birth, or the expected date of birth for an unborn child");
        if (nc.dob && nc.expected_dob)
            fe_add(&fe, "expected", "Give an expected date of birth only for an unborn child");
        if (nc.dob && date_age(nc.dob, r->today) >= 25)
            fe_add(&fe, "dob", "The child must be under 25: check the date of birth");
        nc.sex = form_get(f, "sex");
        if (!nc.sex || !label_of(sexes, n_sexes, nc.sex) || label_of(sexes, n_sexes, nc.sex) == nc.sex)
            fe_add(&fe, "sex", "Choose the child's sex, or 'not known'");
        nc.ethnicity = form_get(f, "ethnicity");
        if (!nc.ethnicity || !*nc.ethnicity)
            fe_add(&fe, "ethnicity", "Choose the child's ethnicity, or 'not yet obtained'");
        else if (!codes_cin_valid("ethnicitytype", nc.ethnicity, date_year_to_march(r->today)))
            fe_add(&fe, "ethnicity", "Choose the child's ethnicity from the list");
        nc.disabilities = form_get(f, "disability");
        if (!nc.disabilities || !*nc.disabilities)
            fe_add(&fe, "disability", "Choose whether the child has a disability");
        else if (!codes_cin_valid("disabilitytype", nc.disabilities, date_year_to_march(r->today)))
            fe_add(&fe, "disability", "Choose the child's disability from the list");
        nc.upn = *form_text(f, "upn") ? form_text(f, "upn") : NULL;
        if (nc.upn && !upn_valid(nc.upn))
            fe_add(&fe, "upn", "A UPN has 13 characters: a check letter, 11 digits, and a digit or letter, "
                               "with the right check letter");
        if (*form_text(f, "nhs")) {
            if (!nhs_valid(form_text(f, "nhs"), nhs))
                fe_add(&fe, "nhs", "An NHS number has 10 digits and a valid check digit");
            else
                nc.nhs_number = nhs;
        }
    }
    day_t date = form_date(f, "date", "date the contact was received", true, &fe);
    check_not_future(&fe, "date", "date the contact was received", date, r->today);
    if (!child && nc.dob && date && date < nc.dob)
        fe_add(&fe, "date", "The contact cannot be before the child was born");
    const char *source = form_get(f, "source");
    if (!source || !*source)
        fe_add(&fe, "source", "Choose who made the contact");
    else if (!codes_cin_valid("referralsourcetype", source, date ? date_year_to_march(date) : 0))
        fe_add(&fe, "source", "Choose who made the contact from the list");
    const char *concerns = form_text(f, "concerns");
    check_text(&fe, "concerns", "concerns", concerns, 5000, true);
    struct err e;
    err_clear(&e);
    rec_id person = 0, contact = 0;
    if (!fe.n &&
        cw_record_contact(r->st, &r->user, child, seen, child ? NULL : &nc, date, source, concerns,
                          r->now, &person, &contact, &e) != HE_OK) {
        if (e.code != HE_INPUT) {
            if (child)
                child_file_free(&cf);
            return internal(r, out, &e);
        }
        fe_add(&fe, e.field[0] && strcmp(e.field, "version") ? e.field : "date", "%s", e.msg);
    }
    if (fe.n) {
        out->status = 422;
        contact_page(r, out, child, &cf, version, f, &fe, false);
        if (child)
            child_file_free(&cf);
        return;
    }
    if (child)
        child_file_free(&cf);
    draft_clear(r);
    char loc[64];
    snprintf(loc, sizeof loc, "/contacts/%lld/decision", (long long)contact);
    redirect(out, loc);
}

/* ---- the threshold decision ---------------------------------------------------------- */
static int find_contact(const struct child_file *cf, rec_id contact)
{
    for (size_t i = 0; i < cf->n_contacts; i++)
        if (cf->contacts_id[i] == contact)
            return (int)i;
    return -1;
}

/* The team a referral goes to: the authority's assessment teams first. */
static void referral_teams(struct html *m, struct req *r, const struct form *f, const struct field_errors *fe)
{
    struct wf_team teams[64];
    int n = 0;
    struct err e;
    err_clear(&e);
    if (wf_teams(r->st, teams, 64, &n, &e) != HE_OK || !n)
        return;
    struct ui_option opts[64];
    char ids[64][24], labels[64][300];
    for (int i = 0; i < n; i++) {
        const char *kind = wf_team_kind_name(teams[i].kind);
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)teams[i].id);
        snprintf(labels[i], sizeof labels[i], "%s%s%s%s", teams[i].name, kind ? " (" : "", kind ? kind : "",
                 kind ? ")" : "");
        opts[i] = (struct ui_option){ids[i], labels[i]};
    }
    /* by default the first assessment team; where no team is marked as one, the referral
     * stays with the team that holds the child */
    const char *chosen = f ? form_get(f, "team") : NULL;
    for (int i = 0; (!chosen || !*chosen) && i < n; i++)
        if (!strcmp(teams[i].kind, "assessment") || teams[i].id == r->user.team_id)
            chosen = ids[i];
    ui_radios(m, "team", "Team to refer to (for a referral): the child waits in its queue for a worker", opts, n,
              chosen, fe);
}

static void decision_page(struct req *r, struct resp *out, rec_id contact, const struct child_file *cf,
                          int idx, int64_t version, const struct form *f, const struct field_errors *fe,
                          bool from_draft)
{
    struct err e;
    err_clear(&e);
    const struct contact *c = &cf->contacts[idx];
    char *concerns = NULL;
    if (cw_contact_concerns(r->st, contact, &concerns, &e) != HE_OK) /* never decide without them */
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    ui_back(&m, "/front-door");
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (from_draft)
        draft_banner(&m, r);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>"
          "<h1 class=\"govuk-heading-l\">Threshold decision</h1><dl class=\"govuk-summary-list\">"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Contact received</dt>"
          "<dd class=\"govuk-summary-list__value\">%D</dd></div><div class=\"govuk-summary-list__row\">"
          "<dt class=\"govuk-summary-list__key\">From</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Concerns</dt>"
          "<dd class=\"govuk-summary-list__value hearth-pre\">%s</dd></div><div class=\"govuk-summary-list__row\">"
          "<dt class=\"govuk-summary-list__key\">Decision due</dt><dd class=\"govuk-summary-list__value\">%D "
          "(one working day)</dd></div></dl>",
      (int64_t)cf->id, cf->person.given_name, cf->person.family_name, c->date,
      label_of(referral_sources, n_referral_sources, c->source), concerns ? concerns : "",
      clock_due(CLOCK_THRESHOLD, c->date));
    free(concerns);
    if (c->decision) {
        H(&m, "<p class=\"govuk-body\">Decided on %D: %s.</p></div></div>", c->decision_date,
          label_of(threshold_decisions, n_threshold_decisions, c->decision));
    } else {
        H(&m, "<form method=\"post\" action=\"/contacts/%l/decision\" novalidate>", (int64_t)contact);
        ui_csrf(&m, r);
        H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
        ui_radios(&m, "decision", "Decision", threshold_decisions, n_threshold_decisions,
                  form_get(f, "decision"), fe);
        if (f && form_get(f, "decision-day"))
            ui_date(&m, "decision_date", "Date of the decision", "For example, 27 3 2026", f, fe);
        else
            ui_date_value(&m, "decision_date", "Date of the decision", "For example, 27 3 2026", r->today, fe);
        ui_select(&m, "need", "Primary need (for a referral)", primary_needs, n_primary_needs,
                  form_get(f, "need"), fe);
        referral_teams(&m, r, f, fe);
        H(&m, "<button type=\"submit\" class=\"govuk-button\">Save the decision</button></form></div></div>");
    }
    page_render(r, out, "Threshold decision", &m);
    html_free(&m);
}

static bool decision_context(struct req *r, struct resp *out, rec_id contact, struct child_file *cf,
                             int *idx, int64_t *version)
{
    struct err e;
    rec_id person = 0;
    err_clear(&e);
    if (cw_contact_person(r->st, contact, &person, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!person) {
        page_error(r, out, 404, "Page not found", "There is no such contact.");
        return false;
    }
    if (!child_open(r, out, person, "threshold decision"))
        return false;
    if (store_load_child(r->st, person, cf, &e) != HE_OK || cw_version(r->st, person, version, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    *idx = find_contact(cf, contact);
    if (*idx < 0) {
        child_file_free(cf);
        page_error(r, out, 404, "Page not found", "There is no such contact.");
        return false;
    }
    return true;
}

void h_decision_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    int idx;
    int64_t version;
    if (!decision_context(r, out, r->ids[0], &cf, &idx, &version))
        return;
    struct form f = {0};
    bool draft = draft_load(r, &f);
    decision_page(r, out, r->ids[0], &cf, idx, version, draft ? &f : NULL, NULL, draft);
    form_free(&f);
    child_file_free(&cf);
}

void h_decision_post(struct req *r, struct resp *out)
{
    draft_save(r);
    struct child_file cf;
    int idx;
    int64_t version;
    if (!decision_context(r, out, r->ids[0], &cf, &idx, &version))
        return;
    const struct form *f = &r->body;
    struct field_errors fe = {0};
    const char *decision = form_get(f, "decision");
    if (!decision || label_of(threshold_decisions, n_threshold_decisions, decision) == decision)
        fe_add(&fe, "decision", "Choose a threshold decision");
    day_t day = form_date(f, "decision_date", "date of the decision", true, &fe);
    check_not_future(&fe, "decision_date", "date of the decision", day, r->today);
    if (day && day < cf.contacts[idx].date) {
        char d[11];
        date_format_uk(cf.contacts[idx].date, d);
        fe_add(&fe, "decision_date", "The decision cannot be before the contact was received (%s)", d);
    }
    const char *need = form_get(f, "need");
    if (need && !*need)
        need = NULL;
    if (decision && !strcmp(decision, "REFERRAL")) {
        if (!need)
            fe_add(&fe, "need", "Choose the primary need for a referral");
        else if (!codes_cin_valid("primaryneedcodetype", need, day ? date_year_to_march(day) : 0))
            fe_add(&fe, "need", "Choose the primary need from the list");
    } else if (need) {
        fe_add(&fe, "need", "Give a primary need only for a referral");
    }
    struct err e;
    err_clear(&e);
    rec_id episode = 0;
    int64_t team = decision && !strcmp(decision, "REFERRAL") ? form_get_id(f, "team") : 0;
    if (!fe.n && cw_refer_contact(r->st, &r->user, r->ids[0], form_get_id(f, "version"), decision, day,
                                  need, team, r->now, &episode, &e) != HE_OK) {
        if (e.code != HE_INPUT) {
            child_file_free(&cf);
            return internal(r, out, &e);
        }
        fe_add(&fe, e.field[0] && strcmp(e.field, "version") && strcmp(e.field, "contact") ? e.field : "decision",
               "%s", e.msg);
    }
    if (fe.n) {
        out->status = 422;
        decision_page(r, out, r->ids[0], &cf, idx, version, f, &fe, false);
        child_file_free(&cf);
        return;
    }
    /* referred to another team's queue: the front door's part is done */
    bool still = false; /* unknown: the front door, which the user can always open */
    if (cw_can_see(r->st, &r->user, cf.id, &still, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        still = false;
    }
    char loc[64];
    if (still)
        snprintf(loc, sizeof loc, "/children/%lld", (long long)cf.id);
    else
        snprintf(loc, sizeof loc, "/front-door?referred=%lld", (long long)cf.id);
    child_file_free(&cf);
    draft_clear(r);
    redirect(out, loc);
}

/* ---- assessment, strategy discussion, initial conference, becoming looked after -------
 * On the common shape of the stage forms (stage_form.c): each is its fields and its save. */
static rec_id open_episode(const struct child_file *cf)
{
    for (size_t i = cf->n_episodes; i-- > 0;)
        if (!cf->episodes[i].closure_date)
            return cf->episodes_id[i];
    return 0;
}

static const char *no_open_episode(const struct stage_ctx *c)
{
    return open_episode(c->cf) ? NULL
                               : "This stage belongs to an open episode of need: record a referral first.";
}

static void assessment_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                              const struct field_errors *fe)
{
    ui_date(m, "start", "Date the assessment started", "For example, 27 3 2026", f, fe);
    ui_text(m, "factors", "Factors identified (optional)",
            "DfE assessment factor codes separated by commas, for example 2B, 3A, 21", form_text(f, "factors"), fe, 20);
}

static int assessment_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                           struct field_errors *fe, struct err *e)
{
    day_t start = form_date(f, "start", "date the assessment started", true, fe);
    check_not_future(fe, "start", "date the assessment started", start, c->r->today);
    /* factors: DfE codes, comma-separated, each valid for the year */
    const char *factors = form_text(f, "factors");
    struct buf clean = BUF_INIT;
    if (strlen(factors) > 300) {
        fe_add(fe, "factors", "Give at most 300 characters of factor codes");
    } else if (*factors) {
        char tmp[301];
        snprintf(tmp, sizeof tmp, "%s", factors);
        for (char *save, *tok = strtok_r(tmp, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
            for (char *p = tok; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            if (!codes_cin_valid("assessmentfactorstype", tok, start ? date_year_to_march(start) : 0)) {
                fe_add(fe, "factors", "'%.20s' is not a DfE assessment factor code (such as 2B or 21)", tok);
                break;
            }
            if (clean.len)
                buf_addc(&clean, ',');
            buf_adds(&clean, tok);
        }
    }
    if (!fe_get(fe, "factors") && clean.len && stage_check_assessment_factors(buf_str(&clean), e) != HE_OK)
        fe_add(fe, "factors", "%s", e->msg);
    int rc = fe->n ? HE_INPUT
                   : cw_start_assessment(c->r->st, c->cf->id, seen, open_episode(c->cf), start,
                                         clean.len ? buf_str(&clean) : NULL, e);
    buf_free(&clean);
    return rc;
}

static const char *const assessment_names[] = {"start", "factors", NULL};
static const struct stage_form assessment_form = {
    .page = "assessment form", .title = "Start an assessment", .button = "Start the assessment",
    .unavailable = no_open_episode, .fields = assessment_fields, .save = assessment_save,
    .field_names = assessment_names};
void h_assessment_form(struct req *r, struct resp *out) { stage_form_get(r, out, &assessment_form); }
void h_assessment_post(struct req *r, struct resp *out) { stage_form_post(r, out, &assessment_form); }

void h_authorise_post(struct req *r, struct resp *out)
{
    if (!child_open(r, out, r->ids[0], "assessment authorisation"))
        return;
    struct err e;
    err_clear(&e);
    if (cw_authorise_assessment(r->st, &r->user, r->ids[0], form_get_id(&r->body, "version"),
                                r->ids[1], r->today, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        return page_error(r, out, 409, "The assessment was not authorised", e.msg);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
    redirect(out, loc);
}

/* The strategy discussion and the initial conference are in pages_meetings.c, with what
 * was said at them. */

/* ---- looked after: becoming looked after, changes of placement ------------------------ */
static const struct ui_option legal_statuses[] = {
    {"V2", "V2: accommodated under section 20 (single period)"},
    {"C1", "C1: interim care order"},
    {"C2", "C2: full care order"},
    {"E1", "E1: placement order granted"},
    {"L1", "L1: under police protection, in local authority accommodation"},
    {"L2", "L2: emergency protection order"},
    {"L3", "L3: child assessment order, with residence"},
    {"J1", "J1: remanded to local authority accommodation or youth detention"},
    {"J2", "J2: placed in local authority accommodation under PACE"},
    {"J3", "J3: sentenced to a youth rehabilitation order with residence"},
    {"V3", "V3: short breaks, single occasions"},
    {"V4", "V4: short breaks, agreed series"},
    {"D1", "D1: freeing order granted"},
};
static const struct ui_option la_needs[] = {
    {"N1", "N1: abuse or neglect"}, {"N2", "N2: child's disability"},
    {"N3", "N3: parent's illness or disability"}, {"N4", "N4: family in acute stress"},
    {"N5", "N5: family dysfunction"}, {"N6", "N6: socially unacceptable behaviour"},
    {"N7", "N7: low income"}, {"N8", "N8: absent parenting"},
};
static const struct ui_option placements[] = {
    {"U1", "U1: foster care with a relative or friend, long term"},
    {"U2", "U2: foster care with a relative or friend, fostering for adoption"},
    {"U3", "U3: foster care with a relative or friend, other"},
    {"U4", "U4: foster care with another carer, long term"},
    {"U5", "U5: foster care with another carer, fostering for adoption"},
    {"U6", "U6: foster care with another carer, other"},
    {"K2", "K2: children's home"},
    {"K1", "K1: secure children's home"},
    {"R1", "R1: residential care home"},
    {"P1", "P1: placed with own parents or person with parental responsibility"},
    {"A3", "A3: placed for adoption with consent, with current foster carer"},
    {"A4", "A4: placed for adoption with consent, not with current foster carer"},
    {"A5", "A5: placed for adoption with a placement order, with current foster carer"},
    {"A6", "A6: placed for adoption with a placement order, not with current foster carer"},
    {"S1", "S1: residential school"},
    {"R2", "R2: NHS or health trust establishment"},
    {"R3", "R3: family centre or mother and baby unit"},
    {"R5", "R5: young offender institution or prison"},
    {"Z1", "Z1: other placement"},
};
static const struct ui_option place_reasons[] = {
    {"CARPL", "CARPL: change to the care plan"},
    {"CHILD", "CHILD: at the child's request"},
    {"CREQB", "CREQB: carer's request, because of the child's behaviour"},
    {"CREQO", "CREQO: carer's request, other reasons"},
    {"LAREQ", "LAREQ: the council's request (resources or quality)"},
    {"ALLEG", "ALLEG: allegation (section 47 enquiry)"},
    {"STAND", "STAND: standards of care concern"},
    {"APPRR", "APPRR: carer's approval removed"},
    {"CLOSE", "CLOSE: the home or agency closed"},
    {"PLACE", "PLACE: the placement changed its registration"},
    {"CUSTOD", "CUSTOD: custody arrangement"},
    {"OTHER", "OTHER: other"},
};
#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static bool looked_after_now(const struct child_file *cf)
{
    return cf->n_la_episodes && !cf->la_episodes[cf->n_la_episodes - 1].dec;
}

static const char *care_title(const struct stage_ctx *c)
{
    return looked_after_now(c->cf) ? "Change of placement" : "Becoming looked after";
}

static void care_intro(struct html *m, const struct stage_ctx *c)
{
    if (looked_after_now(c->cf)) {
        const struct la_episode *l = &c->cf->la_episodes[c->cf->n_la_episodes - 1];
        H(m, "<p class=\"govuk-body\">Current placement since %D: %s. A move to another carer of the same type "
             "is a change of placement too; to name the carer, the cost and the distance from home, use Move to "
             "another placement on the record.</p>", l->decom, label_of(placements, N_OF(placements), l->place));
    }
}

static void care_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                        const struct field_errors *fe)
{
    bool la = looked_after_now(c->cf);
    ui_date(m, "date", la ? "Date of the change" : "Date the child became looked after", "For example, 27 3 2026", f, fe);
    if (!la) {
        ui_select(m, "ls", "Legal status", legal_statuses, N_OF(legal_statuses), form_get(f, "ls"), fe);
        ui_select(m, "cin", "Category of need", la_needs, N_OF(la_needs), form_get(f, "cin"), fe);
    }
    ui_select(m, "place", la ? "New placement" : "Placement", placements, N_OF(placements), form_get(f, "place"), fe);
    if (la)
        ui_select(m, "reason", "Reason for the change", place_reasons, N_OF(place_reasons), form_get(f, "reason"), fe);
}

static void need_code(struct field_errors *fe, const struct form *f, const char *name, const char *what,
                      const char *field903, day_t date, const char **out)
{
    const char *v = form_get(f, name);
    *out = NULL;
    if (!v || !*v)
        fe_add(fe, name, "Choose the %s", what);
    else if (!codes_ssda903_valid("episodes", field903, v, date ? date_year_to_march(date) : 0))
        fe_add(fe, name, "Choose the %s from the list (%.10s is not an SSDA903 %s code)", what, v, field903);
    else
        *out = v;
}

static int care_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                     struct field_errors *fe, struct err *e)
{
    bool la = looked_after_now(c->cf);
    day_t date = form_date(f, "date", la ? "date of the change" : "date the child became looked after", true, fe);
    check_not_future(fe, "date", "date", date, c->r->today);
    if (date && c->cf->person.dob && date < c->cf->person.dob)
        fe_add(fe, "date", "The date cannot be before the child was born");
    const char *ls = NULL, *cin = NULL, *place = NULL, *reason = NULL;
    if (!la) {
        need_code(fe, f, "ls", "legal status", "LS", date, &ls);
        need_code(fe, f, "cin", "category of need", "CIN", date, &cin);
    }
    need_code(fe, f, "place", "placement", "PLACE", date, &place);
    if (la)
        need_code(fe, f, "reason", "reason for the change", "REASON_PLACE_CHANGE", date, &reason);
    if (fe->n)
        return HE_INPUT;
    return la ? cw_change_placement(c->r->st, c->cf->id, seen, date, place, reason, e)
              : cw_become_looked_after(c->r->st, c->cf->id, seen, date, ls, cin, place, e);
}

static const char *care_unavailable(const struct stage_ctx *c)
{
    return stage_looked_after_why_not(c->cf);
}

static const char *const care_names[] = {"date", "place", "ls", "cin", "reason", NULL};
static const struct stage_form care_form = {
    .page = "looked-after form", .title = "Becoming looked after", .button = "Save",
    .unavailable = care_unavailable, .intro = care_intro, .fields = care_fields, .save = care_save, .field_names = care_names,
    .title_of = care_title};
void h_care_form(struct req *r, struct resp *out) { stage_form_get(r, out, &care_form); }
void h_care_post(struct req *r, struct resp *out) { stage_form_post(r, out, &care_form); }

/* ---- drafts kept as the worker types (JavaScript) ------------------------------------- */
/* POST /drafts?form=PATH with the form's fields: kept as the draft of that form, as a submit
 * would keep it. Only paths of this service's forms are accepted. */
void h_draft_post(struct req *r, struct resp *out)
{
    const char *form = form_get(&r->query, "form");
    if (!draft_key_valid(form))
        return page_error(r, out, 400, "Not a form", "Drafts are kept only for this service's forms.");
    if (!trust_draft_allowed(r, &r->user, form, r->raw_body))
        return page_error(r, out, 403, "You cannot open this record",
                          "You do not have access to this record, so nothing was kept.");
    struct err e;
    err_clear(&e);
    if (cw_draft_put(r->st, r->user.id, form, r->raw_body, r->now, &e) != HE_OK)
        return internal(r, out, &e);
    out->status = 204;
}

/* ---- allocation (managers) ------------------------------------------------------------ */
void h_allocate_post(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_TEAM_MANAGER && r->user.role != ROLE_ADMIN)
        return page_error(r, out, 403, "Not available", "Only a team manager allocates work.");
    if (!child_open(r, out, r->ids[0], "allocation"))
        return;
    struct err e;
    err_clear(&e);
    if (cw_allocate(r->st, &r->user, r->ids[0], form_get_id(&r->body, "version"),
                    form_get_id(&r->body, "worker"), r->today, r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT)
            return internal(r, out, &e);
        return page_error(r, out, 409, "The child was not allocated", e.msg);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
    redirect(out, loc);
}
