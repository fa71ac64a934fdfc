/* ui: the page frame and form parts, as GOV.UK Frontend and MOJ Frontend mark them up,
 * written only through H() so every value is escaped. Errors follow the GOV.UK pattern: a
 * summary at the top linking to each field, and the message beside the field. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

void fe_add(struct field_errors *fe, const char *field, const char *fmt, ...)
{
    if (fe->n == FE_MAX || fe_get(fe, field))
        return; /* one message per field: the first problem found */
    fe->field[fe->n] = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fe->msg[fe->n], sizeof fe->msg[fe->n], fmt, ap);
    va_end(ap);
    fe->n++;
}

const char *fe_get(const struct field_errors *fe, const char *field)
{
    for (int i = 0; fe && i < fe->n; i++)
        if (!strcmp(fe->field[i], field))
            return fe->msg[i];
    return NULL;
}

void redirect(struct resp *out, const char *location)
{
    out->status = 303;
    snprintf(out->location, sizeof out->location, "%s", location);
}

static void nav_item(struct html *h, const struct req *r, const char *href, const char *label)
{
    bool here = !strncmp(r->path, href, strlen(href));
    if (here)
        H(h, "<li class=\"moj-primary-navigation__item\"><a class=\"moj-primary-navigation__link\" "
             "aria-current=\"page\" href=\"%s\">%s</a></li>",
          href, label);
    else
        H(h, "<li class=\"moj-primary-navigation__item\"><a class=\"moj-primary-navigation__link\" "
             "href=\"%s\">%s</a></li>",
          href, label);
}

void page_render(struct req *r, struct resp *out, const char *title, const struct html *main)
{
    struct html *h = &out->body;
    /* a refused form says so first (GOV.UK: the title starts "Error: ") */
    bool refused = (out->status == 400 || out->status == 422) && strncmp(title, "Error: ", 7);
    H(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
         "<meta charset=\"utf-8\">\n<title>%s%s - hearth</title>\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<link rel=\"icon\" href=\"/assets/images/favicon.svg\" type=\"image/svg+xml\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/govuk/govuk-frontend.min.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/moj/moj-frontend.min.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/hearth/hearth.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/hearth/print.css\">\n"
         "<script type=\"module\" src=\"/assets/hearth/hearth.js\"></script>\n"
         "</head>\n<body class=\"govuk-template__body\">\n"
         "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
         "<header class=\"govuk-header\" data-module=\"govuk-header\">\n"
         "<div class=\"govuk-header__container govuk-width-container\">\n"
         "<div class=\"govuk-header__logo\"><a href=\"/\" class=\"govuk-header__link "
         "govuk-header__link--homepage\"><span class=\"hearth-logo\">hearth</span></a></div>\n",
      refused ? "Error: " : "", title);
    if (r->signed_in)
        H(h, "<div class=\"govuk-header__content hearth-user\"><span class=\"govuk-body-s "
             "hearth-user__name\">%s, %s%s%s</span> <a class=\"govuk-header__link hearth-account\" "
             "href=\"/account/password\">Change password</a> "
             "<form method=\"post\" action=\"/sign-out\" class=\"hearth-inline\">"
             "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary hearth-signout\">Sign out</button>"
             "</form></div>\n",
          r->user.display, cw_role_name(r->user.role), r->user.team[0] ? ", " : "", r->user.team,
          r->csrf);
    H(h, "</div></header>\n");
    if (r->signed_in) {
        H(h, "<div class=\"moj-primary-navigation\"><div class=\"moj-primary-navigation__container\">"
             "<div class=\"moj-primary-navigation__nav\"><nav class=\"moj-primary-navigation\" "
             "aria-label=\"Primary navigation\"><ul class=\"moj-primary-navigation__list\">");
        if (cw_role_opens_records(r->user.role)) {
            nav_item(h, r, "/my-work", "My work");
            nav_item(h, r, "/tasks", "Tasks");
            nav_item(h, r, "/front-door", "Front door");
            nav_item(h, r, "/search", "Find a child");
        }
        if (r->user.role != ROLE_ANALYST)
            nav_item(h, r, "/mash", "The hub"); /* the partners' only page: pages_mash.c */
        bool manager = r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
        if (manager) {
            nav_item(h, r, "/team", "Team");
            nav_item(h, r, "/tray", "Tray");
        }
        if (r->user.role == ROLE_ANALYST || manager)
            nav_item(h, r, "/dashboard", "Performance");
        if (r->user.role == ROLE_ANALYST)
            nav_item(h, r, "/placements", "Placements"); /* cost and where: pages_placements.c */
        /* a manager's oversight pages (placements, money, panels, audits, workforce,
         * break-glass) are one item, so the list keeps to one line: pages_more.c */
        if (manager) {
            if (more_page_here(r->path))
                H(h, "<li class=\"moj-primary-navigation__item\"><a class=\"moj-primary-navigation__link\" "
                     "aria-current=\"page\" href=\"/more\">More</a></li>");
            else
                nav_item(h, r, "/more", "More");
        }
        H(h, "</ul></nav></div></div></div>\n");
    }
    H(h, "<div class=\"govuk-width-container\">\n");
    if (r->conf->demo)
        H(h, "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
             "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Demo</strong>"
             "<span class=\"govuk-phase-banner__text\">A synthetic authority: every child here is "
             "made up.</span></p></div>\n");
    H(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n%h\n</main></div>\n"
         "<footer class=\"govuk-footer\"><div class=\"govuk-width-container\"><div "
         "class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item "
         "govuk-footer__meta-item--grow\"><p class=\"govuk-body-s\">hearth: children's social care "
         "records. Every view of a child's record is logged.</p></div></div></div></footer>\n"
         "</body>\n</html>\n",
      main);
}

void page_error(struct req *r, struct resp *out, int status, const char *title, const char *msg)
{
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\">%s</p>", title, msg);
    if (status == 403 || status == 404)
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to your work</a></p>");
    out->status = status;
    html_free(&out->body);
    page_render(r, out, title, &m);
    html_free(&m);
}

void ui_error_summary(struct html *h, const struct field_errors *fe)
{
    if (!fe || !fe->n)
        return;
    H(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
         "role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div "
         "class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
    for (int i = 0; i < fe->n; i++)
        H(h, "<li><a href=\"#%s\">%s</a></li>", fe->field[i], fe->msg[i]);
    H(h, "</ul></div></div></div>");
}

void ui_csrf(struct html *h, const struct req *r)
{
    H(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

static void error_message(struct html *h, const char *name, const char *err)
{
    if (err)
        H(h, "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
          name, err);
}

static void describedby(struct html *h, const char *name, bool hint, bool err)
{
    if (hint && err)
        H(h, " aria-describedby=\"%s-hint %s-error\"", name, name);
    else if (hint)
        H(h, " aria-describedby=\"%s-hint\"", name);
    else if (err)
        H(h, " aria-describedby=\"%s-error\"", name);
}

void ui_text(struct html *h, const char *name, const char *label, const char *hint,
             const char *value, const struct field_errors *fe, int width)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
      err ? " govuk-form-group--error" : "", name, label);
    if (hint)
        H(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    error_message(h, name, err);
    char cls[64];
    snprintf(cls, sizeof cls, "govuk-input%s%s", width ? " govuk-input--width-" : "",
             width == 10 ? "10" : width == 20 ? "20" : width == 5 ? "5" : "");
    H(h, "<input class=\"%s%s\" id=\"%s\" name=\"%s\" type=\"text\" value=\"%s\"", cls,
      err ? " govuk-input--error" : "", name, name, value);
    describedby(h, name, hint != NULL, err != NULL);
    H(h, "></div>");
}

void ui_textarea(struct html *h, const char *name, const char *label, const char *hint,
                 const char *value, const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--s\" "
         "for=\"%s\">%s</label>",
      err ? " govuk-form-group--error" : "", name, label);
    if (hint)
        H(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    error_message(h, name, err);
    H(h, "<textarea class=\"govuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"8\"",
      err ? " govuk-textarea--error" : "", name, name);
    describedby(h, name, hint != NULL, err != NULL);
    H(h, ">%s</textarea></div>", value);
}

static void date_fields(struct html *h, const char *name, const char *legend, const char *hint,
                        const char *d, const char *m, const char *y, const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" role=\"group\"",
      err ? " govuk-form-group--error" : "");
    describedby(h, name, hint != NULL, err != NULL);
    H(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>", legend);
    if (hint)
        H(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    error_message(h, name, err);
    const char *ecls = err ? " govuk-input--error" : "";
    /* the first field carries the name as its id, so the error summary's link lands on it */
    H(h, "<div class=\"govuk-date-input\" id=\"%s-date\">"
         "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label "
         "class=\"govuk-label govuk-date-input__label\" for=\"%s\">Day</label><input "
         "class=\"govuk-input govuk-date-input__input govuk-input--width-2%s\" id=\"%s\" "
         "name=\"%s-day\" type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>"
         "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label "
         "class=\"govuk-label govuk-date-input__label\" for=\"%s-month\">Month</label><input "
         "class=\"govuk-input govuk-date-input__input govuk-input--width-2%s\" id=\"%s-month\" "
         "name=\"%s-month\" type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>"
         "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label "
         "class=\"govuk-label govuk-date-input__label\" for=\"%s-year\">Year</label><input "
         "class=\"govuk-input govuk-date-input__input govuk-input--width-4%s\" id=\"%s-year\" "
         "name=\"%s-year\" type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>"
         "</div></fieldset></div>",
      name, name, ecls, name, name, d, name, ecls, name, name, m, name, ecls, name, name, y);
}

void ui_date(struct html *h, const char *name, const char *legend, const char *hint,
             const struct form *values, const struct field_errors *fe)
{
    char k[3][80];
    snprintf(k[0], sizeof k[0], "%s-day", name);
    snprintf(k[1], sizeof k[1], "%s-month", name);
    snprintf(k[2], sizeof k[2], "%s-year", name);
    date_fields(h, name, legend, hint, values ? form_text(values, k[0]) : "",
                values ? form_text(values, k[1]) : "", values ? form_text(values, k[2]) : "", fe);
}

void ui_date_value(struct html *h, const char *name, const char *legend, const char *hint,
                   day_t value, const struct field_errors *fe)
{
    char d[8] = "", m[8] = "", y[8] = "";
    if (value) {
        int yy, mm, dd;
        date_to_ymd(value, &yy, &mm, &dd);
        snprintf(d, sizeof d, "%d", dd);
        snprintf(m, sizeof m, "%d", mm);
        snprintf(y, sizeof y, "%d", yy);
    }
    date_fields(h, name, legend, hint, d, m, y, fe);
}

void ui_radios(struct html *h, const char *name, const char *legend, const struct ui_option *opts,
               int n, const char *value, const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"><legend "
         "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>",
      err ? " govuk-form-group--error" : "", legend);
    error_message(h, name, err);
    H(h, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
    for (int i = 0; i < n; i++) {
        bool on = value && !strcmp(value, opts[i].value);
        /* the first radio carries the field's name as id for the error summary's link */
        char id[96];
        if (i == 0)
            snprintf(id, sizeof id, "%s", name);
        else
            snprintf(id, sizeof id, "%s-%d", name, i + 1);
        H(h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s\" "
             "name=\"%s\" type=\"radio\" value=\"%s\"%s><label class=\"govuk-label "
             "govuk-radios__label\" for=\"%s\">%s</label></div>",
          id, name, opts[i].value, on ? " checked" : "", id, opts[i].label);
    }
    H(h, "</div></fieldset></div>");
}

void ui_select(struct html *h, const char *name, const char *label, const struct ui_option *opts,
               int n, const char *value, const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s</label>",
      err ? " govuk-form-group--error" : "", name, label);
    error_message(h, name, err);
    H(h, "<select class=\"govuk-select%s\" id=\"%s\" name=\"%s\"><option value=\"\">Choose</option>",
      err ? " govuk-select--error" : "", name, name);
    for (int i = 0; i < n; i++)
        H(h, "<option value=\"%s\"%s>%s</option>", opts[i].value,
          value && !strcmp(value, opts[i].value) ? " selected" : "", opts[i].label);
    H(h, "</select></div>");
}

day_t form_date(const struct form *f, const char *name, const char *what, bool required,
                struct field_errors *fe)
{
    char k[3][80];
    snprintf(k[0], sizeof k[0], "%s-day", name);
    snprintf(k[1], sizeof k[1], "%s-month", name);
    snprintf(k[2], sizeof k[2], "%s-year", name);
    const char *d = form_text(f, k[0]), *m = form_text(f, k[1]), *y = form_text(f, k[2]);
    if (!*d && !*m && !*y) {
        if (required)
            fe_add(fe, name, "Enter the %s", what);
        return DAY_NONE;
    }
    char *end;
    long dd = strtol(d, &end, 10);
    bool ok = *d && !*end;
    long mm = strtol(m, &end, 10);
    ok = ok && *m && !*end;
    long yy = strtol(y, &end, 10);
    ok = ok && *y && !*end && strlen(y) == 4;
    day_t day = ok && dd > 0 && dd < 32 && mm > 0 && mm < 13 && yy >= DATE_MIN_YEAR &&
                        yy <= DATE_MAX_YEAR
                    ? date_from_ymd((int)yy, (int)mm, (int)dd)
                    : DAY_NONE;
    if (!day)
        fe_add(fe, name, "The %s must be a real date, for example 27 3 2026", what);
    return day;
}
