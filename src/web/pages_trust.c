/* pages_trust: the pages of restricted records and break-glass. Before any page about a
 * child is shown, trust_gate() asks the store who may open it (tr_access): a restricted
 * record or one outside the user's team is refused with a form asking for a reason
 * (break-glass); the opening is logged with the reason and listed for managers to review
 * (GET /break-glass, POST /break-glass/N/reviewed). Staff kept out of a record (their own or
 * their family's) get a plain refusal, with no break-glass. Sign-in's second half lives here
 * too (trust_sign_in): the lock-out after failed attempts and the optional second factor. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <stdlib.h>

#include "../store/audit.h"
#include "../store/mash.h"
#include "../store/trust.h"
#include "../trust/totp.h"
#include "session.h"
#include "web.h"

#define GLASS_SECS (8 * 3600) /* a break-glass opening lasts a working day */

static void glass_page(struct req *r, struct resp *out, rec_id person, bool restricted,
                       const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    out->status = fe && fe->n ? 422 : 403;
    if (fe)
        ui_error_summary(&m, fe);
    H(&m, "<h1 class=\"govuk-heading-l\">You cannot open this record</h1>"
          "<p class=\"govuk-body\">%s</p>",
      restricted ? "This record is restricted: only the people named for it may open it."
                 : "This child is not held by your team or allocated to you.");
    H(&m, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
          "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
          "If you must see it now (break-glass), give your reason. Your opening is recorded and "
          "a manager will review it.</strong></div>");
    H(&m, "<form method=\"post\" action=\"/children/%l/break-glass\" novalidate>", (int64_t)person);
    ui_csrf(&m, r);
    ui_textarea(&m, "reason", "Why do you need to open this record now?", NULL,
                fe ? form_text(&r->body, "reason") : NULL, fe);
    H(&m, "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">"
          "Open the record (break-glass)</button></form>");
    page_render(r, out, restricted ? "Restricted record" : "Not your team's record", &m);
    html_free(&m);
}

bool trust_gate(struct req *r, struct resp *out, rec_id person)
{
    struct err e;
    err_clear(&e);
    enum tr_access a;
    bool restricted;
    if (tr_access(r->st, &r->user, person, r->now, GLASS_SECS, &a, &restricted, &e) != HE_OK) {
        page_error(r, out, 500, "Sorry, there is a problem", "The record could not be checked.");
        return false;
    }
    switch (a) {
    case TR_OPEN:
        return true;
    case TR_OUTSIDE:
    case TR_RESTRICTED:
        glass_page(r, out, person, a == TR_RESTRICTED, NULL);
        return false;
    default:
        /* the same answer whether the child exists or not */
        page_error(r, out, 403, "You cannot open this record",
                   "You do not have access to this record. If you need to see it, ask your manager.");
        return false;
    }
}

void h_break_glass_post(struct req *r, struct resp *out)
{
    rec_id person = r->ids[0];
    struct err e;
    err_clear(&e);
    enum tr_access a;
    bool restricted;
    if (tr_access(r->st, &r->user, person, r->now, 0, &a, &restricted, &e) != HE_OK)
        return page_error(r, out, 500, "Sorry, there is a problem", "The record could not be checked.");
    if (a == TR_OPEN) {
        char loc[64];
        snprintf(loc, sizeof loc, "/children/%lld", (long long)person);
        return redirect(out, loc);
    }
    if (a != TR_OUTSIDE && a != TR_RESTRICTED)
        return page_error(r, out, 403, "You cannot open this record",
                          "You do not have access to this record. If you need to see it, ask your manager.");
    const char *reason = form_text(&r->body, "reason");
    struct field_errors fe = {0};
    if (strlen(reason) < 10)
        fe_add(&fe, "reason", "Give your reason for opening this record (at least 10 characters)");
    else if (strlen(reason) > 500)
        fe_add(&fe, "reason", "Keep the reason to 500 characters");
    if (fe.n)
        return glass_page(r, out, person, restricted, &fe);
    if (audit_append(r->st, r->user.id, person, "break-glass", reason, r->now, &e) != HE_OK)
        return page_error(r, out, 500, "Sorry, there is a problem", "Your opening could not be recorded, so the record stays closed.");
    char loc[64];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)person);
    redirect(out, loc);
}

static bool manager(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

struct glass_list {
    struct html *h;
    const struct req *r;
    int n;
};

static int glass_row(void *ctx, const struct audit_entry *a)
{
    struct glass_list *g = ctx;
    char when[32];
    time_t t = (time_t)a->at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
    H(g->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
            "<a class=\"govuk-link\" href=\"/children/%l\">Record %l</a></td>"
            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
            "<form method=\"post\" action=\"/break-glass/%l/reviewed\">",
      when, a->display, (int64_t)a->person, (int64_t)a->person, a->reason, a->id);
    ui_csrf(g->h, g->r);
    H(g->h, "<button class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\">Reviewed</button>"
            "</form></td></tr>");
    g->n++;
    return 0;
}

void h_break_glass(struct req *r, struct resp *out)
{
    if (!manager(r))
        return page_error(r, out, 403, "Not available", "The break-glass list is for managers.");
    struct html m = HTML_INIT, rows = HTML_INIT;
    struct glass_list g = {&rows, r, 0};
    struct err e;
    err_clear(&e);
    if (audit_break_glass(r->st, true, glass_row, &g, &e) != HE_OK) {
        html_free(&m);
        html_free(&rows);
        return page_error(r, out, 500, "Sorry, there is a problem", "The list could not be read.");
    }
    H(&m, "<h1 class=\"govuk-heading-l\">Break-glass openings to review</h1>");
    if (!g.n)
        H(&m, "<p class=\"govuk-body\">There are no break-glass openings waiting for review.</p>");
    else
        H(&m, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th class=\"govuk-table__header\">When</th><th class=\"govuk-table__header\">Who</th>"
              "<th class=\"govuk-table__header\">Record</th><th class=\"govuk-table__header\">Reason given</th>"
              "<th class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action</span></th>"
              "</tr></thead><tbody class=\"govuk-table__body\">%h</tbody></table>", &rows);
    page_render(r, out, "Break-glass openings", &m);
    html_free(&rows);
    html_free(&m);
}

void h_break_glass_reviewed(struct req *r, struct resp *out)
{
    if (!manager(r))
        return page_error(r, out, 403, "Not available", "The break-glass list is for managers.");
    struct err e;
    err_clear(&e);
    int rc = audit_glass_review(r->st, r->ids[0], r->user.id, NULL, r->now, &e);
    if (rc == HE_INPUT)
        return page_error(r, out, 404, "Page not found", "There is no such break-glass opening.");
    if (rc != HE_OK)
        return page_error(r, out, 500, "Sorry, there is a problem", "The review could not be recorded.");
    redirect(out, "/break-glass");
}

bool trust_sign_in(struct req *r, const struct cw_user *u, const char *pw, struct field_errors *fe)
{
    struct err e;
    err_clear(&e);
    int64_t until;
    int failures;
    if (tr_login_state(r->st, u->id, &until, &failures, &e) != HE_OK) {
        fe_add(fe, "name", "Sign-in is not available just now: try again in a minute");
        return false;
    }
    if (until > r->now) {
        /* the password is not even checked while locked: guessing gains nothing */
        fe_add(fe, "name", "This account is locked after too many failed sign-ins: try again in %lld "
                           "minute%s, or ask an administrator to unlock it",
               (long long)((until - r->now + 59) / 60), until - r->now > 60 ? "s" : "");
        return false;
    }
    /* the attempt is counted before the password is checked, and none is checked unless it
     * was: when the counter cannot be written the lock-out fails closed, not open */
    int64_t lock;
    if (tr_login_failed(r->st, u->id, r->now, &lock, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: sign-in of user %lld: %s\n", (long long)u->id, e.msg);
        fe_add(fe, "name", "Sign-in is not available just now: try again in a minute");
        return false;
    }
    if (!password_verify(u->pw_hash, pw)) {
        fe_add(fe, "name", "Enter a correct user name and password");
        return false;
    }
    char *secret = NULL;
    int64_t last = 0, step = 0;
    if (tr_totp_get(r->st, u->id, &secret, &last, &e) != HE_OK) {
        fe_add(fe, "name", "Sign-in is not available just now: try again in a minute");
        return false;
    }
    if (secret) {
        bool ok = totp_verify(secret, form_text(&r->body, "code"), r->now, last, &step) &&
                  tr_totp_used(r->st, u->id, step, &e) == HE_OK;
        free(secret);
        if (!ok) {
            fe_add(fe, "code", "Enter the 6-digit security code your authenticator app shows now");
            return false;
        }
    }
    /* the counted attempt succeeded: only now is the count cleared, and a sign-in whose
     * count stays is refused (it would lock the account out after a few more) */
    if (tr_login_ok(r->st, u->id, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: sign-in of user %lld: %s\n", (long long)u->id, e.msg);
        fe_add(fe, "name", "Sign-in is not available just now: try again in a minute");
        return false;
    }
    return true;
}

/* A draft is filed under the record its form is about (/children/N/..., a decision on one of
 * the child's contacts, a contact form opened from the child's record) and travels in that
 * child's subject access bundle: keeping one for a user refused the record would leave what
 * they typed in a record they may not open. */
bool trust_draft_allowed(struct req *r, const struct cw_user *u, const char *key, const char *body)
{
    struct err e;
    err_clear(&e);
    rec_id person = 0;
    char *end;
    if (!strncmp(key, "/children/", 10)) {
        person = (rec_id)strtoll(key + 10, &end, 10);
        if (end == key + 10 || (*end && *end != '/') || person <= 0)
            return false;
    } else if (!strncmp(key, "/contacts/new", 13) && (!key[13] || key[13] == '?')) {
        /* the child named in the draft's key (/contacts/new?child=N) or in what was typed */
        struct form f;
        if (form_parse(body ? body : "", body ? strlen(body) : 0, &f, &e) != HE_OK)
            return false;
        person = form_get_id(&f, "child");
        form_free(&f);
        if (key[13] == '?') {
            rec_id named = strncmp(key + 13, "?child=", 7) ? 0 : (rec_id)strtoll(key + 20, &end, 10);
            if (named <= 0 || *end || (person && person != named))
                return false;
            person = named;
        }
        if (!person)
            return true; /* a contact about a new child: no record yet */
    } else if (!strncmp(key, "/contacts/", 10)) {
        rec_id contact = (rec_id)strtoll(key + 10, &end, 10);
        if (end == key + 10 || contact <= 0)
            return false;
        if (cw_contact_person(r->st, contact, &person, &e) != HE_OK) {
            fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
            return false;
        }
        if (!person)
            return false;
    } else if (!strncmp(key, "/mash/contacts/", 15)) {
        /* the hub's forms (pages_mash.c): about the contact's child; a partner's only while
         * the hub lets them see it */
        rec_id contact = (rec_id)strtoll(key + 15, &end, 10);
        bool ok = false;
        if (end == key + 15 || contact <= 0)
            return false;
        if (u->role == ROLE_PARTNER) {
            if (mash_partner_sees(r->st, u, contact, &ok, &e) != HE_OK)
                fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
            return ok;
        }
        if (cw_contact_person(r->st, contact, &person, &e) != HE_OK) {
            fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
            return false;
        }
        if (!person)
            return false;
    } else {
        return true; /* a form about no record */
    }
    enum tr_access a;
    bool restricted;
    if (tr_access(r->st, u, person, r->now, GLASS_SECS, &a, &restricted, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        return false;
    }
    return a == TR_OPEN;
}
