/* pages_account: the signed-in user's own account: changing their password. The current
 * password is asked for again (a session left open on a shared computer must not be enough),
 * the new one twice, checked by the same NCSC rules as `hearth user passwd`
 * (trust/password.h). A change ends every other session of the user, keeps the one in use
 * and is written as a security event, in one transaction (tr_password_change). A wrong
 * current password counts as a failed sign-in, so the page cannot be used to guess it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../store/trust.h"
#include "../trust/password.h"
#include "session.h"
#include "web.h"

static void password_field(struct html *h, const char *name, const char *label, const char *hint,
                           const char *autocomplete, const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
      err ? " govuk-form-group--error" : "", name, label);
    if (hint)
        H(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    if (err)
        H(h, "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
             "Error:</span> %s</p>", name, err);
    H(h, "<input class=\"govuk-input govuk-input--width-20%s\" id=\"%s\" name=\"%s\" type=\"password\" "
         "autocomplete=\"%s\" spellcheck=\"false\"",
      err ? " govuk-input--error" : "", name, name, autocomplete);
    char described[80] = "";
    if (hint)
        snprintf(described, sizeof described, "%s-hint", name);
    if (err)
        snprintf(described + strlen(described), sizeof described - strlen(described), "%s%s-error",
                 hint ? " " : "", name);
    if (*described)
        H(h, " aria-describedby=\"%s\"", described);
    H(h, "></div>");
}

static void password_page(struct req *r, struct resp *out, const struct field_errors *fe, bool changed)
{
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (changed)
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
              "aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
              "<p class=\"govuk-notification-banner__heading\">Your password has been changed. You "
              "have been signed out everywhere else.</p></div></div>");
    H(&m, "<h1 class=\"govuk-heading-l\">Change your password</h1><p class=\"govuk-body\">Choose a "
          "password of at least 10 characters that you do not use anywhere else. Three random words "
          "are easy to remember and hard to guess. Changing it signs you out of hearth on every other "
          "computer or browser.</p><form method=\"post\" action=\"/account/password\" novalidate>");
    ui_csrf(&m, r);
    password_field(&m, "current", "Current password", NULL, "current-password", fe);
    password_field(&m, "password", "New password", "At least 10 characters", "new-password", fe);
    password_field(&m, "confirm", "Type the new password again", NULL, "new-password", fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Change "
          "password</button></form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Change your password" : "Change your password", &m);
    html_free(&m);
}

void h_password_form(struct req *r, struct resp *out)
{
    password_page(r, out, NULL, form_get(&r->query, "changed") != NULL);
}

void h_password_post(struct req *r, struct resp *out)
{
    struct err e;
    err_clear(&e);
    struct field_errors fe = {0};
    const char *cur = form_text(&r->body, "current"), *pw = form_text(&r->body, "password"),
               *again = form_text(&r->body, "confirm");
    int64_t until = 0;
    int failures = 0;
    if (tr_login_state(r->st, r->user.id, &until, &failures, &e) != HE_OK)
        goto internal;
    if (until > r->now) {
        /* locked by failed attempts: the current password is not even checked */
        fe_add(&fe, "current", "Your account is locked after too many wrong passwords: try again in "
                               "%lld minute%s", (long long)((until - r->now + 59) / 60),
               until - r->now > 60 ? "s" : "");
    } else if (!*cur) {
        fe_add(&fe, "current", "Enter your current password");
    } else if (!password_verify(r->user.pw_hash, cur)) {
        if (tr_login_failed(r->st, r->user.id, r->now, &until, &e) != HE_OK)
            goto internal; /* an uncounted guess is not answered */
        fe_add(&fe, "current", "Your current password is not right");
    }
    if (!*pw)
        fe_add(&fe, "password", "Enter a new password");
    else if (password_policy(pw, r->user.name, &e) != HE_OK)
        fe_add(&fe, "password", "%c%s", e.msg[0] >= 'a' && e.msg[0] <= 'z' ? e.msg[0] - 'a' + 'A' : e.msg[0],
               e.msg + (e.msg[0] != 0));
    else if (*cur && !strcmp(cur, pw))
        fe_add(&fe, "password", "Your new password must be different from your current one");
    if (*pw && !*again)
        fe_add(&fe, "confirm", "Type the new password again");
    else if (*pw && strcmp(pw, again))
        fe_add(&fe, "confirm", "The two new passwords do not match");
    if (fe.n) {
        out->status = 422;
        return password_page(r, out, &fe, false);
    }
    char hash[128];
    err_clear(&e);
    if (password_hash(pw, hash, &e) != HE_OK ||
        tr_password_change(r->st, r->user.id, hash, r->token_digest, r->now, &e) != HE_OK)
        goto internal;
    /* tr_password_change cleared the failed attempts with the new hash */
    redirect(out, "/account/password?changed=1");
    return;
internal:
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Your password was not changed: try again in a moment.");
}
