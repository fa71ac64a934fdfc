/* pages_mash: the multi-agency safeguarding hub at the front door. The hub's list (/mash),
 * bringing a waiting contact into the hub with consent given or overridden, a contact in
 * the hub (what the partners know, the RAG rating, the one working day clock) with the
 * forms that add an agency check and rate it.
 *
 * Two kinds of user come here. The front door and other staff open a hub contact through
 * child_open, as any page about a child. A partner agency's officer (ROLE_PARTNER) is let
 * through server.c only to these pages, and here only to a contact mash_partner_sees
 * allows; the page they see names the child and the concerns and nothing else of the
 * record, and the view is written to the access log like any other. Forms are declared
 * once (form_decl.h); the store refuses what the database must never hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../date/clock.h"
#include "../store/mash.h"
#include "chronology.h"
#include "form_decl.h"
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

/* ---- the forms, declared once ---------------------------------------------------------- */
static const struct ui_option agency_opts[] = {
    {"police", "Police"},       {"health", "Health"},   {"education", "Education"},
    {"probation", "Probation"}, {"housing", "Housing"}, {"social_care", "Children's social care"},
    {"other", "Another agency"},
};
static const int n_agency_opts = 7;
static const struct ui_option rag_opts[] = {
    {"red", "Red: the child may be at risk of significant harm now"},
    {"amber", "Amber: the child may need help or protection; more is needed to decide"},
    {"green", "Green: no immediate concern for the child's safety"},
};
static const int n_rag_opts = 3;
static const struct ui_option consent_opts[] = {
    {"given", "Consent was given to share information"},
    {"overridden", "Consent was not sought or was refused, and is overridden"},
};
static const int n_consent_opts = 2;

enum { C_CONSENT, C_NOTE, NC };
static const struct fd_field consent_fields[NC] = {
    [C_CONSENT] = {.name = "consent", .label = "Consent to share information with partner agencies",
                   .kind = FD_RADIOS, .required = true, .what = "whether consent was given or overridden",
                   .opts = consent_opts, .n_opts = &n_consent_opts},
    [C_NOTE] = {.name = "consent_note", .label = "Who gave consent, or why it is overridden", .kind = FD_TEXTAREA,
                .required = true, .what = "who gave consent, or why it is overridden", .max_len = MASH_TEXT_MAX,
                .hint = "For example: mother, by telephone. Consent is overridden only where asking would put the "
                        "child at risk or the risk is of significant harm: say which"},
};

enum { K_AGENCY, K_KNOWN, NK };
static const struct fd_field check_fields[NK] = {
    [K_AGENCY] = {.name = "agency", .label = "Agency", .kind = FD_RADIOS, .required = true, .what = "the agency",
                  .opts = agency_opts, .n_opts = &n_agency_opts},
    [K_KNOWN] = {.name = "known", .label = "What your agency knows", .kind = FD_TEXTAREA, .required = true,
                 .what = "what your agency knows", .max_len = MASH_TEXT_MAX,
                 .hint = "What your records hold about the child and the household, and when. Write \"Nothing "
                         "known\" if your checks found nothing"},
};

enum { R_RAG, R_REASON, NR };
static const struct fd_field rag_fields[NR] = {
    [R_RAG] = {.name = "rag", .label = "RAG rating", .kind = FD_RADIOS, .required = true, .what = "a rating",
               .opts = rag_opts, .n_opts = &n_rag_opts},
    [R_REASON] = {.name = "rag_reason", .label = "Why this rating", .kind = FD_TEXTAREA, .required = true,
                  .what = "the reason for the rating", .max_len = MASH_TEXT_MAX},
};

/* The store's refusal beside the field it names (else beside first). */
static void store_refusal(const struct err *e, const struct fd_field *fds, int n, struct field_errors *fe)
{
    const char *field = fds[0].name;
    for (int i = 0; i < n; i++)
        if (!strcmp(e->field, fds[i].name))
            field = fds[i].name;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, field, "%s", msg);
}

static void rag_tag(struct html *m, const char *rag)
{
    if (!strcmp(rag, "red"))
        H(m, "<strong class=\"govuk-tag govuk-tag--red\">Red</strong>");
    else if (!strcmp(rag, "amber"))
        H(m, "<strong class=\"govuk-tag govuk-tag--orange\">Amber</strong>");
    else if (!strcmp(rag, "green"))
        H(m, "<strong class=\"govuk-tag govuk-tag--green\">Green</strong>");
    else
        H(m, "<strong class=\"govuk-tag govuk-tag--grey\">Not rated</strong>");
}

static void due_cell(struct html *m, day_t received, day_t today)
{
    day_t due = clock_due(CLOCK_THRESHOLD, received);
    if (clock_state(CLOCK_THRESHOLD, received, DAY_NONE, today) == CLOCK_OVERDUE)
        H(m, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> %D", due);
    else
        H(m, "<strong class=\"govuk-tag govuk-tag--yellow\">Due</strong> %D", due);
}

static bool refuse_analyst(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ANALYST)
        return false;
    page_error(r, out, 403, "Not available", "Performance analysts see figures, not contacts about children.");
    return true;
}

/* ---- the hub's list ---------------------------------------------------------------------- */
#define HUB_MAX 200

void h_mash(struct req *r, struct resp *out)
{
    if (refuse_analyst(r, out))
        return;
    struct err e;
    err_clear(&e);
    struct mash_row *rows = xcalloc(HUB_MAX, sizeof *rows);
    int n = 0;
    if (mash_list(r->st, &r->user, rows, HUB_MAX, &n, &e) != HE_OK) {
        free(rows);
        return internal(r, out, &e);
    }
    bool partner = r->user.role == ROLE_PARTNER;
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">The hub</h1>");
    if (partner)
        H(&m, "<p class=\"govuk-body\">Contacts about children that the multi-agency safeguarding hub is looking "
              "at now. Add what your agency knows: the front door makes its threshold decision within one working "
              "day of the contact. A contact leaves this list when the decision is made.</p>");
    else
        H(&m, "<p class=\"govuk-body\">Contacts waiting for a threshold decision. Bring a contact into the hub to "
              "ask the partner agencies (police, health, education, probation, housing) what they know.</p>");
    int shown = 0;
    for (int pass = 0; pass < (partner ? 1 : 2); pass++) {
        bool in = pass == 0;
        int k = 0;
        for (int i = 0; i < n; i++)
            k += rows[i].in_hub == in;
        H(&m, "<h2 class=\"govuk-heading-m\">%s</h2>", in ? "Contacts in the hub" : "Waiting, not in the hub");
        if (!k) {
            H(&m, "<p class=\"govuk-body\">%s</p>", in ? "None at the moment." : "None.");
            continue;
        }
        H(&m, "<table class=\"govuk-table\" id=\"%s\"><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Received</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Decision due</th><th scope=\"col\" class=\"govuk-table__header\">%s</th>"
              "</tr></thead><tbody class=\"govuk-table__body\">",
          in ? "hub" : "waiting", in ? "Rating and checks" : "");
        for (int i = 0; i < n; i++) {
            const struct mash_row *w = &rows[i];
            if (w->in_hub != in)
                continue;
            shown++;
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
            if (in)
                H(&m, "<a class=\"govuk-link\" href=\"/mash/contacts/%l\">%s %s</a>", (int64_t)w->contact, w->given,
                  w->family);
            else
                H(&m, "%s %s", w->given, w->family);
            if (w->dob)
                H(&m, "<br><span class=\"govuk-body-s\">Born %D</span>", w->dob);
            H(&m, "</td><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">", w->date);
            due_cell(&m, w->date, r->today);
            H(&m, "</td><td class=\"govuk-table__cell\">");
            if (in) {
                rag_tag(&m, w->rag);
                H(&m, " %d agency check%s", w->checks, w->checks == 1 ? "" : "s");
            } else if (mash_may_manage(&r->user)) {
                H(&m, "<a class=\"govuk-link\" href=\"/mash/contacts/%l/add\">Bring into the hub<span "
                      "class=\"govuk-visually-hidden\"> (%s %s)</span></a>",
                  (int64_t)w->contact, w->given, w->family);
            }
            H(&m, "</td></tr>");
        }
        H(&m, "</tbody></table>");
    }
    (void)shown;
    free(rows);
    page_render(r, out, "The hub", &m);
    html_free(&m);
}

/* ---- a contact in the hub ------------------------------------------------------------- */
/* The contact's hub record, opened for this user: staff through child_open, a partner
 * only when mash_partner_sees says so; the view is logged either way. want_hub: answer 404
 * when it is not in the hub. */
static bool open_contact(struct req *r, struct resp *out, const char *page, bool want_hub, struct mash_contact *c,
                         bool *in_hub)
{
    struct err e;
    err_clear(&e);
    memset(c, 0, sizeof *c);
    *in_hub = false;
    if (refuse_analyst(r, out))
        return false;
    rec_id contact = r->ids[0];
    if (r->user.role == ROLE_PARTNER) {
        bool ok = false;
        if (mash_partner_sees(r->st, &r->user, contact, &ok, &e) != HE_OK) {
            internal(r, out, &e);
            return false;
        }
        if (!ok) { /* the same answer whether or not such a contact exists */
            page_error(r, out, 403, "Not available",
                       "This contact is not in the hub, or its decision has been made. Partner agencies see only "
                       "the contacts the hub is looking at now.");
            return false;
        }
    }
    rec_id person = 0;
    if (cw_contact_person(r->st, contact, &person, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!person) {
        page_error(r, out, 404, "Page not found", "There is no such contact.");
        return false;
    }
    if (r->user.role == ROLE_PARTNER) {
        if (audit_queue(r->user.id, person, page, r->now, &r->audit_ticket, &e) != HE_OK) {
            internal(r, out, &e);
            return false;
        }
    } else if (!child_open(r, out, person, page)) {
        return false;
    }
    if (mash_get(r->st, contact, c, in_hub, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (want_hub && !*in_hub) {
        page_error(r, out, 404, "Page not found", "This contact is not in the hub.");
        return false;
    }
    return true;
}

static void row(struct html *m, const char *key, const struct html *value)
{
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%h</dd></div>",
      key, value);
}

static void when_text(int64_t at, char out[32])
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

/* The user's draft of the form posted to key, into f; false when none. */
static bool draft_of(struct req *r, const char *key, struct form *f)
{
    struct err e;
    char *body = NULL;
    err_clear(&e);
    memset(f, 0, sizeof *f);
    if (cw_draft_get(r->st, r->user.id, key, &body, &e) != HE_OK || !body)
        return false;
    int rc = form_parse(body, strlen(body), f, &e);
    free(body);
    return rc == HE_OK;
}

static void contact_page(struct req *r, struct resp *out, const struct mash_contact *c, const struct form *values,
                         const struct field_errors *fe, const char *which)
{
    bool partner = r->user.role == ROLE_PARTNER;
    bool open = !c->decision[0];
    struct html m = HTML_INIT, v = HTML_INIT;
    ui_back(&m, "/mash");
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\">Contact in the hub</span><h1 class=\"govuk-heading-l\">%s %s</h1>",
      c->given, c->family);
    H(&m, "<dl class=\"govuk-summary-list\" id=\"hub-contact\">");
    H(&v, "%D", c->dob);
    row(&m, "Date of birth", &v);
    html_free(&v);
    H(&v, "%D, from %s", c->date, label_of(referral_sources, n_referral_sources, c->source));
    row(&m, "Contact received", &v);
    html_free(&v);
    H(&v, "<span class=\"hearth-pre\">%s</span>", c->concerns ? c->concerns : "");
    row(&m, "Concerns", &v);
    html_free(&v);
    if (open)
        due_cell(&v, c->date, r->today);
    else
        H(&v, "Decided on %D (%s)", c->decision_date,
          clock_state(CLOCK_THRESHOLD, c->date, c->decision_date, r->today) == CLOCK_MET
              ? "within one working day"
              : "later than one working day");
    H(&v, "<br><span class=\"govuk-body-s\">The threshold decision is due within one working day of the "
          "contact.</span>");
    row(&m, "Decision", &v);
    html_free(&v);
    H(&v, "%s: %s", mash_name(mash_consents, n_mash_consents, c->consent), c->consent_note ? c->consent_note : "");
    row(&m, "Consent", &v);
    html_free(&v);
    rag_tag(&v, c->rag);
    if (c->rag[0])
        H(&v, " %s<br><span class=\"govuk-body-s\">By %s</span>", c->rag_reason ? c->rag_reason : "", c->rag_by);
    row(&m, "RAG rating", &v);
    html_free(&v);
    H(&m, "</dl>");
    H(&m, "<h2 class=\"govuk-heading-m\">What the agencies know</h2>");
    if (!c->n_checks)
        H(&m, "<p class=\"govuk-body\">No agency has added a check yet.</p>");
    else {
        H(&m, "<table class=\"govuk-table\" id=\"checks\"><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Agency</th><th scope=\"col\" "
              "class=\"govuk-table__header\">What is known</th><th scope=\"col\" class=\"govuk-table__header\">"
              "Officer and when</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < c->n_checks; i++) {
            char when[32];
            when_text(c->checks[i].at, when);
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                  "hearth-pre\">%s</td><td class=\"govuk-table__cell\">%s<br>%s</td></tr>",
              mash_name(mash_agencies, n_mash_agencies, c->checks[i].agency), c->checks[i].known,
              c->checks[i].officer, when);
        }
        H(&m, "</tbody></table>");
    }
    if (open) {
        H(&m, "<h2 class=\"govuk-heading-m\">Add what your agency knows</h2>"
              "<form method=\"post\" action=\"/mash/contacts/%l/checks\" novalidate>",
          (int64_t)c->contact);
        ui_csrf(&m, r);
        struct form preset = {0}, drafts[2];
        char key[80];
        snprintf(key, sizeof key, "/mash/contacts/%lld/checks", (long long)c->contact);
        bool have_check = !which && draft_of(r, key, &drafts[0]);
        snprintf(key, sizeof key, "/mash/contacts/%lld/rating", (long long)c->contact);
        bool have_rating = !which && mash_may_manage(&r->user) && draft_of(r, key, &drafts[1]);
        const struct form *vals = which && !strcmp(which, "check") ? values : have_check ? &drafts[0] : NULL;
        const char *mine = partner ? mash_agency_of_team(r->user.team) : "social_care";
        char field[8] = "agency", code[16]; /* form_text trims in place: writable copies */
        if (!vals && mine) { /* the officer's own agency, chosen already */
            snprintf(code, sizeof code, "%s", mine);
            preset.name[0] = field;
            preset.value[0] = code;
            preset.n = 1;
            vals = &preset;
        }
        fd_render_all(&m, check_fields, NK, vals, which && !strcmp(which, "check") ? fe : NULL);
        H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add the check</button>"
              "</form>");
        if (mash_may_manage(&r->user)) {
            H(&m, "<h2 class=\"govuk-heading-m\">Rate the contact</h2>"
                  "<form method=\"post\" action=\"/mash/contacts/%l/rating\" novalidate>",
              (int64_t)c->contact);
            ui_csrf(&m, r);
            bool mine_rag = which && !strcmp(which, "rating");
            fd_render_all(&m, rag_fields, NR, mine_rag ? values : have_rating ? &drafts[1] : NULL, mine_rag ? fe : NULL);
            H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save the rating</button>"
                  "</form>");
        }
        if (!partner)
            H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/contacts/%l/decision\">Make the threshold "
                  "decision</a></p>",
              (int64_t)c->contact);
        if (have_check)
            form_free(&drafts[0]);
        if (have_rating)
            form_free(&drafts[1]);
    }
    H(&m, "</div></div>");
    char title[200];
    snprintf(title, sizeof title, "%sContact in the hub", fe && fe->n ? "Error: " : "");
    page_render(r, out, title, &m);
    html_free(&m);
}

void h_mash_contact(struct req *r, struct resp *out)
{
    struct mash_contact c;
    bool in_hub;
    if (!open_contact(r, out, "hub contact", true, &c, &in_hub))
        return;
    contact_page(r, out, &c, NULL, NULL, NULL);
    mash_contact_free(&c);
}

void h_mash_check_post(struct req *r, struct resp *out)
{
    struct mash_contact c;
    bool in_hub;
    if (!open_contact(r, out, "hub contact: agency check", true, &c, &in_hub))
        return;
    draft_save(r); /* what was typed is kept until it is saved */
    struct fd_value v[NK];
    struct fd_now now = fd_now_of(r);
    struct field_errors fe = {0};
    fd_read_all(check_fields, NK, &r->body, &now, v, &fe);
    struct err e;
    err_clear(&e);
    int64_t id;
    if (!fe.n && mash_check_add(r->st, &r->user, c.contact, v[K_AGENCY].text, v[K_KNOWN].text, r->now, &id, &e) !=
                     HE_OK) {
        if (e.code != HE_INPUT) {
            mash_contact_free(&c);
            return internal(r, out, &e);
        }
        store_refusal(&e, check_fields, NK, &fe);
    }
    if (fe.n) {
        out->status = 422;
        contact_page(r, out, &c, &r->body, &fe, "check");
        mash_contact_free(&c);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/mash/contacts/%lld", (long long)c.contact);
    mash_contact_free(&c);
    draft_clear(r);
    redirect(out, loc);
}

void h_mash_rate_post(struct req *r, struct resp *out)
{
    /* asked first: a refusal opens nothing and logs no view */
    if (!mash_may_manage(&r->user))
        return page_error(r, out, 403, "Not available", "The front door or a manager rates a contact.");
    struct mash_contact c;
    bool in_hub;
    if (!open_contact(r, out, "hub contact: rating", true, &c, &in_hub))
        return;
    draft_save(r);
    struct fd_value v[NR];
    struct fd_now now = fd_now_of(r);
    struct field_errors fe = {0};
    fd_read_all(rag_fields, NR, &r->body, &now, v, &fe);
    struct err e;
    err_clear(&e);
    if (!fe.n && mash_rate(r->st, &r->user, c.contact, v[R_RAG].text, v[R_REASON].text, r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT) {
            mash_contact_free(&c);
            return internal(r, out, &e);
        }
        store_refusal(&e, rag_fields, NR, &fe);
    }
    if (fe.n) {
        out->status = 422;
        contact_page(r, out, &c, &r->body, &fe, "rating");
        mash_contact_free(&c);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/mash/contacts/%lld", (long long)c.contact);
    mash_contact_free(&c);
    draft_clear(r);
    redirect(out, loc);
}

/* ---- bringing a contact into the hub --------------------------------------------------- */
static void add_page(struct req *r, struct resp *out, const struct child_file *cf, int idx, const struct form *values,
                     const struct field_errors *fe)
{
    const struct contact *k = &cf->contacts[idx];
    struct html m = HTML_INIT;
    ui_back(&m, "/mash");
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\">%s %s, contact received %D</span>"
          "<h1 class=\"govuk-heading-l\">Bring the contact into the hub</h1>"
          "<p class=\"govuk-body\">The partner agencies' officers will see the child's name, date of birth and the "
          "concerns written at the contact, and nothing else of the child's record, until the threshold decision "
          "is made.</p><form method=\"post\" action=\"%s\" novalidate>",
      cf->person.given_name, cf->person.family_name, k->date, r->path);
    ui_csrf(&m, r);
    fd_render_all(&m, consent_fields, NC, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Bring into the hub</button>"
          "</form></div></div>");
    char title[200];
    snprintf(title, sizeof title, "%sBring the contact into the hub", fe && fe->n ? "Error: " : "");
    page_render(r, out, title, &m);
    html_free(&m);
}

/* The child and the index of the contact in its file, opened for a manager of the hub. */
static bool add_context(struct req *r, struct resp *out, struct child_file *cf, int *idx)
{
    struct err e;
    err_clear(&e);
    if (!mash_may_manage(&r->user)) {
        page_error(r, out, 403, "Not available", "The front door or a manager brings a contact into the hub.");
        return false;
    }
    rec_id person = 0;
    if (cw_contact_person(r->st, r->ids[0], &person, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!person) {
        page_error(r, out, 404, "Page not found", "There is no such contact.");
        return false;
    }
    if (!child_open(r, out, person, "hub: bring a contact in"))
        return false;
    if (store_load_child(r->st, person, cf, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    *idx = -1;
    for (size_t i = 0; i < cf->n_contacts; i++)
        if (cf->contacts_id[i] == r->ids[0])
            *idx = (int)i;
    if (*idx < 0) {
        child_file_free(cf);
        page_error(r, out, 404, "Page not found", "There is no such contact.");
        return false;
    }
    return true;
}

void h_mash_add_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    int idx;
    if (!add_context(r, out, &cf, &idx))
        return;
    struct form f = {0};
    bool draft = draft_load(r, &f);
    add_page(r, out, &cf, idx, draft ? &f : NULL, NULL);
    form_free(&f);
    child_file_free(&cf);
}

void h_mash_add_post(struct req *r, struct resp *out)
{
    struct child_file cf;
    int idx;
    if (!add_context(r, out, &cf, &idx))
        return;
    draft_save(r);
    struct fd_value v[NC];
    struct fd_now now = fd_now_of(r);
    struct field_errors fe = {0};
    fd_read_all(consent_fields, NC, &r->body, &now, v, &fe);
    struct err e;
    err_clear(&e);
    if (!fe.n && mash_add(r->st, &r->user, r->ids[0], v[C_CONSENT].text, v[C_NOTE].text, r->now, &e) != HE_OK) {
        if (e.code != HE_INPUT) {
            child_file_free(&cf);
            return internal(r, out, &e);
        }
        store_refusal(&e, consent_fields, NC, &fe);
    }
    if (fe.n) {
        out->status = 422;
        add_page(r, out, &cf, idx, &r->body, &fe);
        child_file_free(&cf);
        return;
    }
    child_file_free(&cf);
    draft_clear(r);
    char loc[64];
    snprintf(loc, sizeof loc, "/mash/contacts/%lld", (long long)r->ids[0]);
    redirect(out, loc);
}

/* ---- the chronology --------------------------------------------------------------------- */
#define HUB_EVENTS_MAX 200

int mash_chronology(struct store *st, rec_id child, const struct journey *j, struct journey_event **out, int *n,
                    struct err *e)
{
    struct mash_event *hv = xcalloc(HUB_EVENTS_MAX, sizeof *hv);
    int nh = 0;
    int rc = mash_child_events(st, child, hv, HUB_EVENTS_MAX, &nh, e);
    *out = NULL;
    *n = 0;
    if (rc != HE_OK || !nh) {
        free(hv);
        return rc;
    }
    /* both newest first: the journey's events, the hub's (oldest first) read backwards;
     * on the same day the hub's work comes after the contact it is about */
    struct journey_event *m = xcalloc((size_t)(j->n_events + nh), sizeof *m);
    int a = 0, b = nh - 1, k = 0;
    while (a < j->n_events || b >= 0) {
        if (b >= 0 && (a >= j->n_events || hv[b].day >= j->events[a].date)) {
            m[k++] = (struct journey_event){.date = hv[b].day, .what = hv[b].what, .kind = JD_TEXT};
            b--;
        } else
            m[k++] = j->events[a++];
    }
    free(hv);
    *out = m;
    *n = k;
    return HE_OK;
}
