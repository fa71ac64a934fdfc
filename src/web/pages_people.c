/* pages_people: the child as a person. The record's "Who the child is" section (every
 * detail with a link to change it, the address history, the professionals involved), one
 * form per detail with the change kept (store/people.h), the history of changes, the
 * family network as a genogram and a table, and duplicate records: the list hearth
 * proposes, the comparison, the merge and its undoing or confirmation (team managers and
 * administrators only). Every page opens the child through child_open (role, team,
 * restriction, the access log); forms are declared once with form_decl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/codes.h"
#include "../store/people.h"
#include "../store/stages.h"
#include "form_decl.h"
#include "genogram.h"
#include "labels.h"
#include "record.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

/* ---- the DfE's and hearth's lists ------------------------------------------------------ */
static const struct ui_option ethnicities[] = {
    {"WBRI", "White: British"}, {"WIRI", "White: Irish"}, {"WIRT", "White: Traveller of Irish heritage"},
    {"WOTH", "White: any other White background"}, {"WROM", "White: Gypsy or Roma"},
    {"MWBC", "Mixed: White and Black Caribbean"}, {"MWBA", "Mixed: White and Black African"},
    {"MWAS", "Mixed: White and Asian"}, {"MOTH", "Mixed: any other mixed background"},
    {"AIND", "Asian or Asian British: Indian"}, {"APKN", "Asian or Asian British: Pakistani"},
    {"ABAN", "Asian or Asian British: Bangladeshi"}, {"AOTH", "Asian or Asian British: any other Asian background"},
    {"BCRB", "Black or Black British: Caribbean"}, {"BAFR", "Black or Black British: African"},
    {"BOTH", "Black or Black British: any other Black background"}, {"CHNE", "Chinese"},
    {"OOTH", "Any other ethnic group"}, {"REFU", "Refused"}, {"NOBT", "Information not yet obtained"},
};
static const int n_ethnicities = sizeof ethnicities / sizeof ethnicities[0];
static const struct ui_option disabilities[] = {
    {"NONE", "No disability"}, {"AUT", "Autism or Asperger syndrome"}, {"BEH", "Behaviour"},
    {"COMM", "Communication"}, {"CON", "Consciousness"}, {"DDA", "Disabled under the Equality Act, not in another group"},
    {"HAND", "Hand function"}, {"HEAR", "Hearing"}, {"INC", "Incontinence"}, {"LD", "Learning"},
    {"MOB", "Mobility"}, {"PC", "Personal care"}, {"VIS", "Vision"},
};
static const int n_disabilities = sizeof disabilities / sizeof disabilities[0];
static const struct ui_option immigration[] = {
    {"BRITISH", "British citizen"}, {"SETTLED", "Settled status or indefinite leave to remain"},
    {"PRE_SETTLED", "Pre-settled status or limited leave to remain"},
    {"UASC", "Unaccompanied asylum-seeking child"}, {"ASYLUM", "Asylum seeker with family"},
    {"REFUGEE", "Refugee status"}, {"NRPF", "No recourse to public funds"}, {"UNKNOWN", "Not known yet"},
};
static const int n_immigration = sizeof immigration / sizeof immigration[0];

/* ---- one form per detail: each field is "value" ----------------------------------------- */
static const struct {
    const char *key;
    struct fd_field fd;
} detail_forms[] = {
    {"given_name", {.name = "value", .label = "First name", .kind = FD_TEXT, .required = true,
                    .what = "the child's first name", .max_len = 60, .width = 20}},
    {"family_name", {.name = "value", .label = "Last name", .kind = FD_TEXT, .required = true,
                     .what = "the child's last name", .max_len = 60, .width = 20}},
    {"previous_names", {.name = "value", .label = "Previous names", .kind = FD_TEXT, .max_len = 300,
                        .hint = "Names the child has been known by, with a comma between them"}},
    {"dob", {.name = "value", .label = "Date of birth", .kind = FD_DATE, .what = "the date of birth",
             .hint = "For example, 27 3 2015. Leave it empty for a child not yet born"}},
    {"expected_dob", {.name = "value", .label = "Expected date of birth", .kind = FD_DATE, .future_ok = true,
                      .what = "the expected date of birth", .hint = "For an unborn child. For example, 27 3 2027"}},
    {"sex", {.name = "value", .label = "Sex", .kind = FD_RADIOS, .required = true, .what = "the child's sex",
             .opts = sexes, .n_opts = &n_sexes}},
    {"gender", {.name = "value", .label = "Gender", .kind = FD_TEXT, .max_len = 100,
                .hint = "How the child describes their gender, in their words"}},
    {"ethnicity", {.name = "value", .label = "Ethnicity", .kind = FD_SELECT, .required = true,
                   .what = "the child's ethnicity", .opts = ethnicities, .n_opts = &n_ethnicities,
                   .hint = "As the child or family describe it. The CIN census needs it"}},
    {"disabilities", {.name = "value", .label = "Disability", .kind = FD_CHECKBOXES, .required = true,
                      .what = "whether the child has a disability", .opts = disabilities,
                      .n_opts = &n_disabilities, .hint = "Select all that apply, or No disability"}},
    {"language", {.name = "value", .label = "First language", .kind = FD_TEXT, .max_len = 60, .width = 20}},
    {"interpreter", {.name = "value", .label = "Is an interpreter needed?", .kind = FD_YES_NO,
                     .what = "whether an interpreter is needed"}},
    {"religion", {.name = "value", .label = "Religion", .kind = FD_TEXT, .max_len = 60, .width = 20}},
    {"immigration", {.name = "value", .label = "Immigration status", .kind = FD_RADIOS,
                     .what = "the immigration status", .opts = immigration, .n_opts = &n_immigration}},
    {"upn", {.name = "value", .label = "Unique pupil number (UPN)", .kind = FD_TEXT, .max_len = 13, .width = 20,
             .hint = "13 characters: a letter then 12 digits, for example A123456789012"}},
    {"nhs_number", {.name = "value", .label = "NHS number", .kind = FD_TEXT, .max_len = 12, .width = 10,
                    .hint = "10 digits, for example 943 476 5919"}},
    {"school", {.name = "value", .label = "School", .kind = FD_TEXT, .max_len = 120,
                .hint = "The name of the school, nursery or college"}},
    {"school_urn", {.name = "value", .label = "School URN", .kind = FD_TEXT, .max_len = 6, .width = 10,
                    .hint = "The school's 6-digit unique reference number, from Get Information about Schools"}},
    {"gp", {.name = "value", .label = "GP practice", .kind = FD_TEXT, .max_len = 120,
            .hint = "The practice's name and town"}},
    {"portrait", {.name = "value", .label = "About the child", .kind = FD_TEXTAREA, .max_len = 4000,
                  .hint = "In plain words: what the child enjoys, what matters to them, who is important "
                          "to them, how they like to be spoken to"}},
};
enum { N_DETAIL_FORMS = sizeof detail_forms / sizeof detail_forms[0] };

static const struct fd_field *detail_form(const char *key)
{
    for (int i = 0; key && i < N_DETAIL_FORMS; i++)
        if (!strcmp(detail_forms[i].key, key))
            return &detail_forms[i].fd;
    return NULL;
}

/* A detail as shown: codes as words. */
static void detail_words(char *out, size_t n, const char *key, const char *v)
{
    if (!v || !*v) {
        snprintf(out, n, "%s", "");
        return;
    }
    const struct fd_field *fd = detail_form(key);
    if (!strcmp(key, "dob") || !strcmp(key, "expected_dob")) {
        day_t d = date_parse_iso(v, strlen(v));
        if (d)
            date_format_uk(d, out);
        else
            snprintf(out, n, "%s", v);
    } else if (!strcmp(key, "interpreter"))
        snprintf(out, n, "%s", !strcmp(v, "1") ? "Yes" : "No");
    else if (!strcmp(key, "disabilities")) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, "%s", v);
        out[0] = '\0';
        for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            size_t l = strlen(out);
            snprintf(out + l, n - l, "%s%s", l ? ", " : "", label_of(disabilities, n_disabilities, t));
        }
    } else if (fd && fd->opts)
        snprintf(out, n, "%s", fd_label(fd, v));
    else
        snprintf(out, n, "%s", v);
}

/* ---- opening the child ----------------------------------------------------------------- */
static bool open_child(struct req *r, struct resp *out, const char *page, struct child_file *cf,
                       struct people_file *pf)
{
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
        return false;
    }
    if (!child_open(r, out, r->ids[0], page))
        return false;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], cf, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (people_load(r->st, r->ids[0], pf, &e) != HE_OK) {
        child_file_free(cf);
        people_file_free(pf);
        internal(r, out, &e);
        return false;
    }
    return true;
}

static void close_child(struct child_file *cf, struct people_file *pf)
{
    people_file_free(pf);
    child_file_free(cf);
}

static void caption(struct html *m, const struct child_file *cf)
{
    const struct person *p = &cf->person;
    H(m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>",
      (int64_t)cf->id, p->given_name, p->family_name);
}

static int64_t version_of(struct req *r, struct resp *out, bool *ok)
{
    struct err e;
    int64_t v = 0;
    err_clear(&e);
    *ok = cw_version(r->st, r->ids[0], &v, &e) == HE_OK;
    if (!*ok)
        internal(r, out, &e);
    return v;
}

static void version_error(struct html *m, const struct field_errors *fe)
{
    const char *verr = fe_get(fe, "version");
    if (verr)
        H(m, "<div class=\"govuk-form-group govuk-form-group--error\" id=\"version\"><p "
             "class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p></div>",
          verr);
}

/* The store refused: beside the field it names (or the first field). */
static void refusal(const struct err *e, struct field_errors *fe, const char *const *fields, const char *dflt)
{
    const char *field = dflt;
    for (int i = 0; fields[i]; i++)
        if (!strcmp(e->field, fields[i]))
            field = fields[i];
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, field, "%s", msg);
}

/* ---- one detail ------------------------------------------------------------------------ */
static void fput(struct form *f, const char *name, const char *value)
{
    if (f->n == FORM_MAX_FIELDS)
        return;
    f->name[f->n] = xstrdup(name);
    f->value[f->n] = xstrdup(value ? value : "");
    f->n++;
}

static void form_of_detail(const struct fd_field *fd, const char *v, struct form *f)
{
    memset(f, 0, sizeof *f);
    if (!v || !*v)
        return;
    if (fd->kind == FD_DATE) {
        day_t d = date_parse_iso(v, strlen(v));
        int y, mo, da;
        char t[12];
        if (!d)
            return;
        date_to_ymd(d, &y, &mo, &da);
        snprintf(t, sizeof t, "%d", da);
        fput(f, "value-day", t);
        snprintf(t, sizeof t, "%d", mo);
        fput(f, "value-month", t);
        snprintf(t, sizeof t, "%d", y);
        fput(f, "value-year", t);
    } else if (fd->kind == FD_CHECKBOXES) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, "%s", v);
        for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save))
            fput(f, "value", t);
    } else
        fput(f, "value", v);
}

static void detail_page(struct req *r, struct resp *out, const struct child_file *cf, const char *key,
                        int64_t version, const struct form *values, const struct field_errors *fe)
{
    const struct people_field *pf = people_field(key);
    const struct fd_field *fd = detail_form(key);
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a><div class=\"govuk-grid-row\">"
          "<div class=\"govuk-grid-column-two-thirds\">",
      (int64_t)cf->id);
    ui_error_summary(&m, fe);
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Change: %s</h1><p class=\"govuk-body\">The value it replaces is kept "
          "in the record's history of changes, with your name and the time.</p>",
      pf->label);
    if (!strcmp(key, "ethnicity") || !strcmp(key, "disabilities"))
        H(&m, "<p class=\"govuk-body\">The CIN census reads this from the record.</p>");
    H(&m, "<form method=\"post\" action=\"/children/%l/details?field=%u\" novalidate>", (int64_t)cf->id, key);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
    version_error(&m, fe);
    fd_render(&m, fd, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save</button></form>"
          "</div></div>");
    char title[160];
    snprintf(title, sizeof title, "%sChange: %s", fe && fe->n ? "Error: " : "", pf->label);
    page_render(r, out, title, &m);
    html_free(&m);
}

/* The detail the query names (?field=ethnicity), or NULL. */
static const char *detail_key(struct req *r)
{
    const char *key = form_get(&r->query, "field");
    return key && people_field(key) && detail_form(key) ? key : NULL;
}

/* No detail named: every detail, each with its form. */
static void detail_index(struct req *r, struct resp *out, const struct child_file *cf, bool refused)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a>", (int64_t)cf->id);
    if (refused)
        H(&m, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 "
              "class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\">"
              "<ul class=\"govuk-list govuk-error-summary__list\"><li><a href=\"#details\">Choose the detail to "
              "change</a></li></ul></div></div></div>");
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Change the child's details</h1><ul class=\"govuk-list\" id=\"details\">");
    for (int i = 0; i < N_DETAIL_FORMS; i++)
        H(&m, "<li><a class=\"govuk-link\" href=\"/children/%l/details?field=%u\">%s</a></li>", (int64_t)cf->id,
          detail_forms[i].key, people_field(detail_forms[i].key)->label);
    H(&m, "</ul>");
    if (refused)
        out->status = 422;
    page_render(r, out, refused ? "Error: Change the child's details" : "Change the child's details", &m);
    html_free(&m);
}

void h_detail_form(struct req *r, struct resp *out)
{
    const char *key = detail_key(r);
    struct child_file cf;
    struct people_file pf;
    char page[80];
    snprintf(page, sizeof page, "details form: %s", key ? key : "all");
    if (!open_child(r, out, page, &cf, &pf))
        return;
    if (!key) {
        detail_index(r, out, &cf, false);
        return close_child(&cf, &pf);
    }
    bool ok;
    int64_t v = version_of(r, out, &ok);
    if (ok) {
        struct form f;
        const struct people_field *p = people_field(key);
        form_of_detail(detail_form(key), pf.detail[p - people_fields], &f);
        detail_page(r, out, &cf, key, v, &f, NULL);
        form_free(&f);
    }
    close_child(&cf, &pf);
}

void h_detail_post(struct req *r, struct resp *out)
{
    const char *key = detail_key(r);
    struct child_file cf;
    struct people_file pf;
    char page[80];
    snprintf(page, sizeof page, "details form: %s", key ? key : "all");
    if (!open_child(r, out, page, &cf, &pf))
        return;
    if (!key) {
        detail_index(r, out, &cf, true);
        return close_child(&cf, &pf);
    }
    const struct fd_field *fd = detail_form(key);
    struct field_errors fe = {0};
    struct fd_value v;
    struct fd_now now = fd_now_of(r);
    fd_read(fd, &r->body, &now, &v, &fe);
    char text[400] = "", nhs[11];
    day_t day = DAY_NONE;
    if (!fe.n) {
        switch (fd->kind) {
        case FD_DATE:
            day = v.day;
            break;
        case FD_YES_NO:
            snprintf(text, sizeof text, "%s", v.yes_no < 0 ? "" : v.yes_no ? "1" : "0");
            break;
        case FD_CHECKBOXES:
            for (int i = 0; i < v.n_checked; i++) {
                size_t l = strlen(text);
                snprintf(text + l, sizeof text - l, "%s%s", i ? "," : "", v.checked[i]);
            }
            break;
        default:
            snprintf(text, sizeof text, "%s", v.text ? v.text : "");
        }
    }
    if (!fe.n && !strcmp(key, "nhs_number") && *text) {
        if (!nhs_valid(text, nhs))
            fe_add(&fe, "value", "Enter a real NHS number: 10 digits, the last a check digit");
        else
            snprintf(text, sizeof text, "%s", nhs);
    }
    if (!fe.n && !strcmp(key, "upn") && *text) {
        for (char *c = text; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                *c = (char)(*c - 32);
        if (!upn_valid(text))
            fe_add(&fe, "value", "Enter a real UPN: 13 characters, a letter then 12 digits");
    }
    if (!fe.n && !strcmp(key, "school_urn") && *text) {
        bool good = strlen(text) == 6;
        for (int i = 0; good && i < 6; i++)
            good = text[i] >= '0' && text[i] <= '9';
        if (!good)
            fe_add(&fe, "value", "A school URN is 6 digits");
    }
    if (!fe.n && !strcmp(key, "disabilities") && v.n_checked > 1)
        for (int i = 0; i < v.n_checked; i++)
            if (!strcmp(v.checked[i], "NONE"))
                fe_add(&fe, "value", "Select No disability on its own, or only the disabilities that apply");
    if (!fe.n && !strcmp(key, "dob") && day && cf.person.expected_dob)
        fe_add(&fe, "value", "This child has an expected date of birth: remove it first if the child is born");
    if (!fe.n && !strcmp(key, "expected_dob") && day && cf.person.dob)
        fe_add(&fe, "value", "This child has a date of birth: an expected date is only for an unborn child");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = people_set(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now, key, text, day,
                            &e);
        static const char *const fields[] = {"version", NULL};
        if (rc == HE_INPUT)
            refusal(&e, &fe, fields, "value");
        else if (rc != HE_OK) {
            close_child(&cf, &pf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        bool ok;
        int64_t ver = version_of(r, out, &ok);
        if (ok)
            detail_page(r, out, &cf, key, ver, &r->body, &fe);
        return close_child(&cf, &pf);
    }
    close_child(&cf, &pf);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld#details", (long long)r->ids[0]);
    redirect(out, loc);
}

/* ---- the history of changes ----------------------------------------------------------- */
static const char *field_label(const char *key)
{
    const struct people_field *f = people_field(key);
    if (f)
        return f->label;
    if (!strcmp(key, "address"))
        return "Address";
    if (!strcmp(key, "professional"))
        return "Professional involved";
    if (!strcmp(key, "professional_end"))
        return "Professional no longer involved";
    if (!strcmp(key, "alert"))
        return "Alert";
    if (!strcmp(key, "alert_end"))
        return "Alert ended";
    return key;
}

void h_detail_history(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "history of changes to details", &cf, &pf))
        return;
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a>", (int64_t)cf.id);
    caption(&m, &cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Changes to the child's details</h1>");
    if (!pf.n_changes)
        H(&m, "<p class=\"govuk-body\">No detail has been changed in hearth yet.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">The "
              "newest 50 changes, newest first</caption><thead class=\"govuk-table__head\"><tr "
              "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">When</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Who</th><th scope=\"col\" class=\"govuk-table__header\">Detail</th><th "
              "scope=\"col\" class=\"govuk-table__header\">Was</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Now</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < pf.n_changes; i++) {
            const struct people_change *c = &pf.changes[i];
            char when[40], was[400], now[400];
            time_t t = (time_t)c->at;
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(when, sizeof when, "%d/%m/%Y %H:%M UTC", &tm);
            detail_words(was, sizeof was, c->field, c->old_value);
            detail_words(now, sizeof now, c->field, c->new_value);
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td "
                  "class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td><td "
                  "class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
              when, c->by, field_label(c->field), *was ? was : "Not recorded", *now ? now : "Not recorded");
        }
        H(&m, "</tbody></table>");
    }
    page_render(r, out, "Changes to the child's details", &m);
    html_free(&m);
    close_child(&cf, &pf);
}

/* ---- addresses and professionals -------------------------------------------------------- */
enum { A_LINE, A_POSTCODE, A_START, NA };
static const struct fd_field address_fields[NA] = {
    [A_LINE] = {.name = "line", .label = "Address", .kind = FD_TEXT, .required = true, .what = "the address",
                .max_len = 200, .hint = "House number, street and town"},
    [A_POSTCODE] = {.name = "postcode", .label = "Postcode", .kind = FD_TEXT, .required = true,
                    .what = "the postcode", .max_len = 10, .width = 10},
    [A_START] = {.name = "start", .label = "When did the child start living here?", .kind = FD_DATE,
                 .required = true, .what = "the date the child moved in", .hint = "For example, 27 3 2026"},
};
enum { P_ROLE, P_NAME, P_AGENCY, P_CONTACT, P_START, NP };
static const struct fd_field pro_fields[NP] = {
    [P_ROLE] = {.name = "role", .label = "Role", .kind = FD_TEXT, .required = true, .what = "the role",
                .max_len = 100, .hint = "For example, health visitor, class teacher, youth offending worker"},
    [P_NAME] = {.name = "name", .label = "Name", .kind = FD_TEXT, .required = true, .what = "their name",
                .max_len = 100},
    [P_AGENCY] = {.name = "agency", .label = "Agency", .kind = FD_TEXT, .max_len = 120,
                  .hint = "For example, the school, the NHS trust, the police"},
    [P_CONTACT] = {.name = "contact", .label = "Telephone or email", .kind = FD_TEXT, .max_len = 200},
    [P_START] = {.name = "start", .label = "When did they become involved?", .kind = FD_DATE, .required = true,
                 .what = "the date they became involved", .hint = "For example, 27 3 2026"},
};

/* A UK postcode's shape, in capitals with one space: "LS1 1AA". */
static bool postcode_norm(const char *in, char out[9])
{
    char c[9];
    int n = 0;
    for (; *in; in++) {
        if (*in == ' ')
            continue;
        if (n == 7)
            return false;
        char ch = *in >= 'a' && *in <= 'z' ? (char)(*in - 32) : *in;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return false;
        c[n++] = ch;
    }
    if (n < 5)
        return false;
    /* the inward code: a digit and two letters */
    if (c[n - 3] < '0' || c[n - 3] > '9' || c[n - 2] < 'A' || c[n - 1] < 'A' || c[0] < 'A')
        return false;
    snprintf(out, 9, "%.*s %.3s", n - 3, c, c + n - 3);
    return true;
}

static void list_form_page(struct req *r, struct resp *out, const struct child_file *cf, const char *title,
                           const char *intro, const struct fd_field *fds, int n, int64_t version,
                           const struct form *values, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a><div class=\"govuk-grid-row\">"
          "<div class=\"govuk-grid-column-two-thirds\">",
      (int64_t)cf->id);
    ui_error_summary(&m, fe);
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\">%s</p>", title, intro);
    H(&m, "<form method=\"post\" action=\"%s\" novalidate>", r->path);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
    version_error(&m, fe);
    fd_render_all(&m, fds, n, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save</button></form>"
          "</div></div>");
    char full[160];
    snprintf(full, sizeof full, "%s%s", fe && fe->n ? "Error: " : "", title);
    page_render(r, out, full, &m);
    html_free(&m);
}

static const char address_intro[] = "The address before it ends the day before this one starts.";
static const char pro_intro[] = "Someone from another service who works with the child or family.";

void h_address_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "address form", &cf, &pf))
        return;
    bool ok;
    int64_t v = version_of(r, out, &ok);
    if (ok)
        list_form_page(r, out, &cf, "A new address", address_intro, address_fields, NA, v, NULL, NULL);
    close_child(&cf, &pf);
}

void h_address_post(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "address form", &cf, &pf))
        return;
    struct field_errors fe = {0};
    struct fd_value v[NA];
    struct fd_now now = fd_now_of(r);
    fd_read_all(address_fields, NA, &r->body, &now, v, &fe);
    char pc[9] = "";
    if (!fe_get(&fe, "postcode") && !postcode_norm(v[A_POSTCODE].text, pc))
        fe_add(&fe, "postcode", "Enter a real postcode, for example LS1 4AP");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = people_address_add(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now,
                                    v[A_LINE].text, pc, v[A_START].day, &e);
        static const char *const fields[] = {"line", "postcode", "start", "version", NULL};
        if (rc == HE_INPUT)
            refusal(&e, &fe, fields, "line");
        else if (rc != HE_OK) {
            close_child(&cf, &pf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        bool ok;
        int64_t ver = version_of(r, out, &ok);
        if (ok)
            list_form_page(r, out, &cf, "A new address", address_intro, address_fields, NA, ver, &r->body, &fe);
        return close_child(&cf, &pf);
    }
    close_child(&cf, &pf);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld#details", (long long)r->ids[0]);
    redirect(out, loc);
}

void h_professional_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "professional form", &cf, &pf))
        return;
    bool ok;
    int64_t v = version_of(r, out, &ok);
    if (ok)
        list_form_page(r, out, &cf, "A professional involved", pro_intro, pro_fields, NP, v, NULL, NULL);
    close_child(&cf, &pf);
}

void h_professional_post(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "professional form", &cf, &pf))
        return;
    struct field_errors fe = {0};
    struct fd_value v[NP];
    struct fd_now now = fd_now_of(r);
    fd_read_all(pro_fields, NP, &r->body, &now, v, &fe);
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        struct people_professional p = {.role = v[P_ROLE].text, .name = v[P_NAME].text, .agency = v[P_AGENCY].text,
                                        .contact = v[P_CONTACT].text, .start = v[P_START].day};
        int rc = people_professional_add(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now,
                                         &p, &e);
        static const char *const fields[] = {"role", "name", "start", "version", NULL};
        if (rc == HE_INPUT)
            refusal(&e, &fe, fields, "role");
        else if (rc != HE_OK) {
            close_child(&cf, &pf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        bool ok;
        int64_t ver = version_of(r, out, &ok);
        if (ok)
            list_form_page(r, out, &cf, "A professional involved", pro_intro, pro_fields, NP, ver, &r->body, &fe);
        return close_child(&cf, &pf);
    }
    close_child(&cf, &pf);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld#professionals", (long long)r->ids[0]);
    redirect(out, loc);
}

/* A professional no longer involved: the one named by ?professional= (or the posted field). */
static const struct fd_field pro_end_field = {.name = "end", .label = "When did they stop being involved?",
                                              .kind = FD_DATE, .required = true,
                                              .what = "the date they stopped being involved",
                                              .hint = "For example, 27 3 2026"};

static const struct people_professional *pro_of(const struct people_file *pf, int64_t id)
{
    for (int i = 0; i < pf->n_pros; i++)
        if (pf->pros[i].id == id && !pf->pros[i].end)
            return &pf->pros[i];
    return NULL;
}

static void pro_end_page(struct req *r, struct resp *out, const struct child_file *cf,
                         const struct people_professional *p, int64_t version, const struct form *values,
                         const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l#professionals\">Back</a><div class=\"govuk-grid-row\">"
          "<div class=\"govuk-grid-column-two-thirds\">",
      (int64_t)cf->id);
    ui_error_summary(&m, fe);
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s is no longer involved</h1><p class=\"govuk-body\">%s, %s, involved "
          "since %D.</p>",
      p->name, p->role, *p->agency ? p->agency : "no agency recorded", p->start);
    H(&m, "<form method=\"post\" action=\"/children/%l/professionals/end\" novalidate>", (int64_t)cf->id);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\"><input type=\"hidden\" name=\"professional\" "
          "value=\"%l\">",
      version, p->id);
    version_error(&m, fe);
    fd_render(&m, &pro_end_field, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save</button></form>"
          "</div></div>");
    page_render(r, out, fe && fe->n ? "Error: A professional no longer involved" : "A professional no longer involved",
                &m);
    html_free(&m);
}

static void pro_end(struct req *r, struct resp *out, bool post)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "professional end form", &cf, &pf))
        return;
    int64_t id = form_get_id(post ? &r->body : &r->query, "professional");
    const struct people_professional *p = pro_of(&pf, id);
    if (!p) {
        page_error(r, out, 409, "Nothing to end",
                   "Choose a professional who is involved now from the child's record.");
        return close_child(&cf, &pf);
    }
    bool ok;
    struct field_errors fe = {0};
    if (post) {
        struct fd_value v;
        struct fd_now now = fd_now_of(r);
        fd_read(&pro_end_field, &r->body, &now, &v, &fe);
        if (!fe.n) {
            struct err e;
            err_clear(&e);
            int rc = people_professional_end(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now,
                                             id, v.day, &e);
            static const char *const fields[] = {"end", "version", NULL};
            if (rc == HE_INPUT)
                refusal(&e, &fe, fields, "end");
            else if (rc != HE_OK) {
                close_child(&cf, &pf);
                return internal(r, out, &e);
            }
        }
        if (!fe.n) {
            close_child(&cf, &pf);
            char loc[80];
            snprintf(loc, sizeof loc, "/children/%lld#professionals", (long long)r->ids[0]);
            return redirect(out, loc);
        }
        out->status = 422;
    }
    int64_t ver = version_of(r, out, &ok);
    if (ok)
        pro_end_page(r, out, &cf, p, ver, post ? &r->body : NULL, post ? &fe : NULL);
    close_child(&cf, &pf);
}

void h_professional_end_form(struct req *r, struct resp *out) { pro_end(r, out, false); }
void h_professional_end_post(struct req *r, struct resp *out) { pro_end(r, out, true); }

/* ---- alerts ------------------------------------------------------------------------------- */
static const struct ui_option alert_kinds[] = {
    {"STAFF_RISK", "Risk to staff: take care visiting"},
    {"EXPLOITATION", "Risk of exploitation"},
    {"MISSING", "Goes missing"},
    {"SIBLING_PLAN", "Another child in the family is on a child protection plan"},
    {"OTHER", "Something else a worker must know first"},
};
static const int n_alert_kinds = sizeof alert_kinds / sizeof alert_kinds[0];
enum { L_KIND, L_REASON, L_START, L_END, NL };
static const struct fd_field alert_fields[NL] = {
    [L_KIND] = {.name = "kind", .label = "What is the alert?", .kind = FD_RADIOS, .required = true,
                .what = "the kind of alert", .opts = alert_kinds, .n_opts = &n_alert_kinds},
    [L_REASON] = {.name = "reason", .label = "Why", .kind = FD_TEXTAREA, .required = true, .what = "the reason",
                  .max_len = 1000, .hint = "What a worker opening the record must know, in plain words"},
    [L_START] = {.name = "start", .label = "From", .kind = FD_DATE, .required = true,
                 .what = "the date the alert starts", .hint = "For example, 27 3 2026"},
    [L_END] = {.name = "end", .label = "Until (optional)", .kind = FD_DATE, .future_ok = true,
               .what = "the date the alert ends", .hint = "Leave empty until it is reviewed and ended"},
};
static const char alert_intro[] = "The alert is shown at the top of the record to everyone who opens it.";

void h_alert_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "alert form", &cf, &pf))
        return;
    bool ok;
    int64_t v = version_of(r, out, &ok);
    if (ok)
        list_form_page(r, out, &cf, "An alert on the record", alert_intro, alert_fields, NL, v, NULL, NULL);
    close_child(&cf, &pf);
}

void h_alert_post(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "alert form", &cf, &pf))
        return;
    struct field_errors fe = {0};
    struct fd_value v[NL];
    struct fd_now now = fd_now_of(r);
    fd_read_all(alert_fields, NL, &r->body, &now, v, &fe);
    if (!fe.n && v[L_END].day && v[L_END].day < v[L_START].day)
        fe_add(&fe, "end", "The end must be on or after the start");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = people_alert_add(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now,
                                  v[L_KIND].text, v[L_REASON].text, v[L_START].day, v[L_END].day, &e);
        static const char *const fields[] = {"kind", "reason", "start", "end", "version", NULL};
        if (rc == HE_INPUT)
            refusal(&e, &fe, fields, "reason");
        else if (rc != HE_OK) {
            close_child(&cf, &pf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        bool ok;
        int64_t ver = version_of(r, out, &ok);
        if (ok)
            list_form_page(r, out, &cf, "An alert on the record", alert_intro, alert_fields, NL, ver, &r->body, &fe);
        return close_child(&cf, &pf);
    }
    close_child(&cf, &pf);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
    redirect(out, loc);
}

/* An alert ended today, before its end: the one named by ?alert= (or the posted field),
 * current today. Why it ended is kept on the alert and in the history. */
static const struct fd_field alert_end_field = {.name = "reason", .label = "Why is the alert ended?",
                                                .kind = FD_TEXTAREA, .required = true,
                                                .what = "why the alert is ended", .max_len = 1000,
                                                .hint = "For example, what changed since it was added"};

static void alert_end_page(struct req *r, struct resp *out, const struct child_file *cf, const struct people_alert *a,
                           int64_t version, const struct form *values, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a><div class=\"govuk-grid-row\">"
          "<div class=\"govuk-grid-column-two-thirds\">",
      (int64_t)cf->id);
    ui_error_summary(&m, fe);
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">End the alert today</h1><p class=\"govuk-body\"><strong class=\"govuk-tag "
          "govuk-tag--orange\">%s</strong> %s (from %D, recorded by %s). It will no longer be shown from today.</p>",
      label_of(alert_kinds, n_alert_kinds, a->kind), a->reason, a->start, a->by);
    H(&m, "<form method=\"post\" action=\"/children/%l/alerts/end\" novalidate>", (int64_t)cf->id);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\"><input type=\"hidden\" name=\"alert\" "
          "value=\"%l\">",
      version, a->id);
    version_error(&m, fe);
    fd_render(&m, &alert_end_field, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">End the alert</button>"
          "</form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: End an alert" : "End an alert", &m);
    html_free(&m);
}

static void alert_end(struct req *r, struct resp *out, bool post)
{
    struct child_file cf;
    struct people_file pf;
    if (!open_child(r, out, "alert end form", &cf, &pf))
        return;
    int64_t id = form_get_id(post ? &r->body : &r->query, "alert");
    struct people_alerts al;
    struct err e;
    err_clear(&e);
    if (people_alerts(r->st, r->ids[0], r->today, &al, &e) != HE_OK) {
        close_child(&cf, &pf);
        return internal(r, out, &e);
    }
    const struct people_alert *a = NULL;
    for (int i = 0; i < al.n; i++)
        if (al.v[i].id == id)
            a = &al.v[i];
    if (!a) {
        page_error(r, out, 409, "Nothing to end", "Choose an alert shown now on the child's record.");
        people_alerts_free(&al);
        return close_child(&cf, &pf);
    }
    struct field_errors fe = {0};
    if (post) {
        struct fd_value v;
        struct fd_now now = fd_now_of(r);
        fd_read(&alert_end_field, &r->body, &now, &v, &fe);
        if (!fe.n) {
            int rc = people_alert_end(r->st, r->ids[0], form_get_id(&r->body, "version"), r->user.id, r->now, id,
                                      v.text, &e);
            static const char *const fields[] = {"reason", "version", NULL};
            if (rc == HE_INPUT)
                refusal(&e, &fe, fields, "reason");
            else if (rc != HE_OK) {
                people_alerts_free(&al);
                close_child(&cf, &pf);
                return internal(r, out, &e);
            }
        }
        if (!fe.n) {
            people_alerts_free(&al);
            close_child(&cf, &pf);
            char loc[80];
            snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
            return redirect(out, loc);
        }
        out->status = 422;
    }
    bool ok;
    int64_t ver = version_of(r, out, &ok);
    if (ok)
        alert_end_page(r, out, &cf, a, ver, post ? &r->body : NULL, post ? &fe : NULL);
    people_alerts_free(&al);
    close_child(&cf, &pf);
}

void h_alert_end_form(struct req *r, struct resp *out) { alert_end(r, out, false); }
void h_alert_end_post(struct req *r, struct resp *out) { alert_end(r, out, true); }

/* The current alerts, at the top of the record. */
static int person_alerts(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct people_alerts a;
    int rc = people_alerts(c->r->st, c->f->id, c->r->today, &a, e);
    if (rc == HE_OK && a.n) {
        H(h, "<div class=\"govuk-warning-text\" id=\"person-alerts\"><span class=\"govuk-warning-text__icon\" "
             "aria-hidden=\"true\">!</span><div class=\"govuk-warning-text__text\"><span "
             "class=\"govuk-visually-hidden\">Warning</span><ul class=\"govuk-list\">");
        for (int i = 0; i < a.n; i++) {
            H(h, "<li><strong class=\"govuk-tag govuk-tag--orange\">%s</strong> %s <span class=\"govuk-body-s\">"
                 "(from %D%s",
              label_of(alert_kinds, n_alert_kinds, a.v[i].kind), a.v[i].reason, a.v[i].start,
              a.v[i].end ? " until " : ", recorded by ");
            if (a.v[i].end)
                H(h, "%D, recorded by ", a.v[i].end);
            H(h, "%s) <a class=\"govuk-link\" href=\"/children/%l/alerts/end?alert=%l\">End this alert<span "
                 "class=\"govuk-visually-hidden\"> (%s)</span></a></span></li>",
              a.v[i].by, (int64_t)c->f->id, a.v[i].id, label_of(alert_kinds, n_alert_kinds, a.v[i].kind));
        }
        H(h, "</ul></div></div>");
    }
    if (rc == HE_OK)
        H(h, "<p class=\"govuk-body-s\"><a class=\"govuk-link\" href=\"/children/%l/alerts/new\">Add an alert"
             "</a></p>", (int64_t)c->f->id);
    people_alerts_free(&a);
    return rc;
}
const struct record_section rs_person_alerts = {"person-alerts", NULL, RECORD_TOP, 15, NULL, person_alerts};

/* ---- the record's sections -------------------------------------------------------------- */
static void detail_row(struct html *h, rec_id id, const struct people_file *pf, int i)
{
    const struct people_field *f = &people_fields[i];
    char words[4200];
    detail_words(words, sizeof words, f->key, pf->detail[i]);
    H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt><dd "
         "class=\"govuk-summary-list__value\">%s</dd><dd class=\"govuk-summary-list__actions\"><a "
         "class=\"govuk-link\" href=\"/children/%l/details?field=%u\">Change<span class=\"govuk-visually-hidden\"> "
         "%s</span></a></dd></div>",
      f->label, *words ? words : "Not recorded", (int64_t)id, f->key, f->label);
}

static int details(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct people_file pf;
    int rc = people_load(c->r->st, c->f->id, &pf, e);
    if (rc != HE_OK) {
        people_file_free(&pf);
        return rc;
    }
    rec_id id = c->f->id;
    H(h, "<h2 class=\"govuk-heading-m\" id=\"details\">Who the child is</h2>");
    int portrait = (int)(people_field("portrait") - people_fields);
    if (pf.detail[portrait])
        H(h, "<div class=\"govuk-inset-text\">%s</div>", pf.detail[portrait]);
    H(h, "<dl class=\"govuk-summary-list\">");
    for (int i = 0; i < n_people_fields; i++) {
        const char *k = people_fields[i].key;
        /* born or not: the date that applies, and the other only while it is empty */
        if (!strcmp(k, "expected_dob") && c->f->person.dob)
            continue;
        if (!strcmp(k, "dob") && c->f->person.expected_dob)
            continue;
        detail_row(h, id, &pf, i);
    }
    H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">LA child ID</dt><dd "
         "class=\"govuk-summary-list__value\">%s</dd><dd class=\"govuk-summary-list__actions\"></dd></div>"
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Team</dt><dd "
         "class=\"govuk-summary-list__value\">%s</dd><dd class=\"govuk-summary-list__actions\"></dd></div>"
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Allocated worker</dt><dd "
         "class=\"govuk-summary-list__value\">%s</dd><dd class=\"govuk-summary-list__actions\"></dd></div></dl>",
      c->f->person.la_child_id, *c->holder->team ? c->holder->team : "Not recorded",
      *c->holder->worker ? c->holder->worker : "Not allocated");
    H(h, "<h3 class=\"govuk-heading-s\" id=\"addresses\">Addresses</h3>");
    if (!pf.n_addresses)
        H(h, "<p class=\"govuk-body\">No address is recorded.</p>");
    else {
        H(h, "<ul class=\"govuk-list\">");
        for (int i = 0; i < pf.n_addresses && i < 5; i++) {
            const struct people_address *a = &pf.addresses[i];
            H(h, "<li>%s, <strong>%s</strong> (from %D%s", a->line, a->postcode, a->start, a->end ? " to " : ", now");
            if (a->end)
                H(h, "%D", a->end);
            H(h, ")</li>");
        }
        H(h, "</ul>");
    }
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/addresses/new\">Record a new "
         "address</a></p>", (int64_t)id);
    H(h, "<h3 class=\"govuk-heading-s\" id=\"professionals\">Professionals involved</h3>");
    int shown = 0;
    for (int i = 0; i < pf.n_pros; i++) {
        const struct people_professional *p = &pf.pros[i];
        if (p->end)
            continue;
        if (!shown++)
            H(h, "<ul class=\"govuk-list\">");
        H(h, "<li><strong>%s</strong>: %s%s%s%s%s (since %D) <a class=\"govuk-link\" "
             "href=\"/children/%l/professionals/end?professional=%l\">No longer involved<span "
             "class=\"govuk-visually-hidden\">: %s</span></a></li>",
          p->role, p->name, *p->agency ? ", " : "", p->agency, *p->contact ? ", " : "", p->contact, p->start,
          (int64_t)id, p->id, p->name);
    }
    if (shown)
        H(h, "</ul>");
    else
        H(h, "<p class=\"govuk-body\">No professional is recorded.</p>");
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/professionals/new\">Add a "
         "professional</a></p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/details/history\">"
         "Changes to these details</a></p>",
      (int64_t)id, (int64_t)id);
    people_file_free(&pf);
    return HE_OK;
}
const struct record_section rs_details = {"details", NULL, RECORD_LEFT, 10, NULL, details};

static const char *kin_label(const struct people_relative *p)
{
    if (!strcmp(p->kind, "SIBLING") && p->derived)
        return "Brother or sister (same parent)";
    const char *l = stage_label(relationship_kinds, n_relationship_kinds, p->kind);
    return l ? l : p->kind;
}

/* Recorded sex, else what the relationship says (a mother is drawn as a woman). */
static char sex_of(const struct people_relative *p)
{
    if (p->sex && (!strcmp(p->sex, "M") || !strcmp(p->sex, "F")))
        return p->sex[0];
    return !strcmp(p->kind, "MOTHER") ? 'F' : !strcmp(p->kind, "FATHER") ? 'M' : 'U';
}

static int network(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct people_net n;
    int rc = people_network(c->r->st, c->f->id, &n, e);
    if (rc != HE_OK) {
        people_net_free(&n);
        return rc;
    }
    const struct person *me = &c->f->person;
    H(h, "<h2 class=\"govuk-heading-m\" id=\"family\">Household and family network</h2>");
    if (!n.n)
        H(h, "<p class=\"govuk-body\">No one is recorded yet.</p>");
    else {
        /* rows in the genogram's order: parents father first, then by date of birth */
        struct geno_member g[GENO_MAX];
        char names[GENO_MAX][130];
        int ng = 0;
        static const char *const order[] = {"GRANDPARENT", "FATHER", "MOTHER", "STEP_PARENT", "AUNT_UNCLE", NULL};
        for (int pass = 0; pass <= 5; pass++)
            for (int i = 0; i < n.n && ng < GENO_MAX - 1; i++) {
                const struct people_relative *p = &n.v[i];
                bool here = false;
                if (pass < 5)
                    here = order[pass] && !strcmp(p->kind, order[pass]);
                else {
                    here = true;
                    for (int k = 0; order[k]; k++)
                        here &= strcmp(p->kind, order[k]) != 0;
                }
                if (!here)
                    continue;
                snprintf(names[ng], sizeof names[ng], "%s %s", p->given, p->family);
                bool kid = !strcmp(p->kind, "SIBLING") || !strcmp(p->kind, "HALF_SIBLING");
                g[ng] = (struct geno_member){.link = kid ? p->id : 0, .name = names[ng], .kind = p->kind,
                                             .label = kin_label(p), .sex = sex_of(p),
                                             .household = p->household, .died = p->died != 0};
                ng++;
            }
        char self[130];
        snprintf(self, sizeof self, "%s %s", me->given_name ? me->given_name : "", me->family_name ? me->family_name : "");
        /* the child first in its row, before brothers and sisters (oldest first) */
        int at = ng;
        for (int i = 0; i < ng; i++)
            if (genogram_row(g[i].kind) >= 2) {
                at = i;
                break;
            }
        memmove(&g[at + 1], &g[at], (size_t)(ng - at) * sizeof g[0]);
        g[at] = (struct geno_member){.name = self, .kind = NULL, .label = "This child",
                                     .sex = me->sex ? me->sex[0] : 'U', .household = true};
        ng++;
        char label[200];
        snprintf(label, sizeof label, "Family tree of %s: the table below lists the same people", self);
        H(h, "<div class=\"hearth-genogram-wrap\">");
        genogram_svg(h, g, ng, label);
        H(h, "</div><p class=\"govuk-body-s\">Squares are male, circles female, diamonds not known. Shaded: "
             "lives with the child. A dashed line: a half-brother or half-sister.</p>");
        H(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
             "Relationships</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th "
             "scope=\"col\" class=\"govuk-table__header\">Name</th><th scope=\"col\" "
             "class=\"govuk-table__header\">Relationship</th><th scope=\"col\" "
             "class=\"govuk-table__header\">Household</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < n.n; i++) {
            const struct people_relative *p = &n.v[i];
            bool kid = !strcmp(p->kind, "SIBLING") || !strcmp(p->kind, "HALF_SIBLING");
            H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
            if (kid)
                H(h, "<a class=\"govuk-link\" href=\"/children/%l\">%s %s</a>", (int64_t)p->id, p->given, p->family);
            else
                H(h, "%s %s", p->given, p->family);
            H(h, "<br><span class=\"govuk-body-s\">%s%s", p->la_child_id, p->dob ? ", born " : "");
            if (p->dob)
                H(h, "%D", p->dob);
            H(h, "</span></td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
              kin_label(p), p->household ? "Lives with the child" : p->derived ? "Not recorded" : "Elsewhere");
        }
        H(h, "</tbody></table>");
    }
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/family/new\">Add to the "
         "family network</a></p>", (int64_t)c->f->id);
    people_net_free(&n);
    return HE_OK;
}
const struct record_section rs_network = {"network", NULL, RECORD_LEFT, 20, NULL, network};

/* At the top of a record merged into another. */
static int merged_banner(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct people_file pf;
    int rc = people_load(c->r->st, c->f->id, &pf, e);
    if (rc == HE_OK && pf.merged_into.id)
        H(h, "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"merged-title\" "
             "data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\"><h2 "
             "class=\"govuk-notification-banner__title\" id=\"merged-title\">Merged</h2></div><div "
             "class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">This "
             "record was merged into <a class=\"govuk-notification-banner__link\" href=\"/children/%l\">record "
             "%l</a> by %s: everything recorded here is now there.</p></div></div>",
          (int64_t)pf.merged_into.kept, (int64_t)pf.merged_into.kept, pf.merged_into.by);
    for (int i = 0; rc == HE_OK && i < pf.n_merges; i++)
        if (!strcmp(pf.merges[i].state, "merged") && record_is_manager(c)) {
            H(h, "<div class=\"govuk-inset-text\" id=\"merge-%l\"><p class=\"govuk-body\">Record %l was merged into "
                 "this one by %s. It can be undone until it is confirmed.</p><div class=\"govuk-button-group\">",
              pf.merges[i].id, (int64_t)pf.merges[i].merged, pf.merges[i].by);
            H(h, "<form method=\"post\" action=\"/merges/%l/confirm\" novalidate>", pf.merges[i].id);
            ui_csrf(h, c->r);
            H(h, "<button type=\"submit\" class=\"govuk-button\">Confirm the merge</button></form>");
            H(h, "<form method=\"post\" action=\"/merges/%l/undo\" novalidate>", pf.merges[i].id);
            ui_csrf(h, c->r);
            H(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\">Undo the merge</button>"
                 "</form></div></div>");
        }
    people_file_free(&pf);
    return rc;
}
const struct record_section rs_merged = {"merged", NULL, RECORD_TOP, 5, NULL, merged_banner};

/* ---- duplicate records ------------------------------------------------------------------- */
static bool may_merge(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN)
        return true;
    page_error(r, out, 403, "Not available", "Only team managers and administrators merge records.");
    return false;
}

#define DUP_MAX 50

void h_duplicates(struct req *r, struct resp *out)
{
    if (!may_merge(r, out))
        return;
    struct people_dup d[DUP_MAX];
    int n = 0;
    struct err e;
    err_clear(&e);
    if (people_duplicates(r->st, d, DUP_MAX, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Possible duplicate records</h1><p class=\"govuk-body\">Records with the "
          "same name and date of birth, the same NHS number or the same UPN. Compare them before merging: "
          "twins can share a name's start and a date of birth.</p>");
    if (!n)
        H(&m, "<p class=\"govuk-body\">hearth finds no likely duplicates.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Possible duplicates</caption>"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
              "class=\"govuk-table__header\">Records</th><th scope=\"col\" class=\"govuk-table__header\">Why</th>"
              "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Compare</span>"
              "</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < n; i++)
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%l and %l</td><td "
                  "class=\"govuk-table__cell\">The same %s</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                  "href=\"/duplicates/%l/%l\">Compare<span class=\"govuk-visually-hidden\"> records %l and "
                  "%l</span></a></td></tr>",
              (int64_t)d[i].a, (int64_t)d[i].b, d[i].reason, (int64_t)d[i].a, (int64_t)d[i].b, (int64_t)d[i].a,
              (int64_t)d[i].b);
        H(&m, "</tbody></table>");
    }
    page_render(r, out, "Possible duplicate records", &m);
    html_free(&m);
}

static void record_card(struct html *m, const struct child_file *cf)
{
    const struct person *p = &cf->person;
    H(m, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h2 "
         "class=\"govuk-summary-card__title\">Record %l: <a class=\"govuk-link\" href=\"/children/%l\">%s %s</a>"
         "</h2></div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
      (int64_t)cf->id, (int64_t)cf->id, p->given_name, p->family_name);
    char dob[11] = "";
    if (p->dob)
        date_format_uk(p->dob, dob);
    static const char *const keys[] = {"LA child ID", "Date of birth", "NHS number", "UPN", "Sex"};
    const char *vals[] = {p->la_child_id, dob, p->nhs_number, p->upn, label_of(sexes, n_sexes, p->sex)};
    for (int i = 0; i < 5; i++)
        H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt><dd "
             "class=\"govuk-summary-list__value\">%s</dd></div>",
          keys[i], vals[i] && *vals[i] ? vals[i] : "Not recorded");
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Events</dt><dd "
         "class=\"govuk-summary-list__value\">%l contacts, %l referrals, %l looked-after episodes</dd></div>"
         "</dl></div></div>",
      (int64_t)cf->n_contacts, (int64_t)cf->n_episodes, (int64_t)cf->n_la_episodes);
}

static void compare_page(struct req *r, struct resp *out, const struct child_file *a, const struct child_file *b,
                         const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/duplicates\">Back</a>");
    ui_error_summary(&m, fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Compare two records</h1><div class=\"govuk-grid-row\"><div "
          "class=\"govuk-grid-column-one-half\">");
    record_card(&m, a);
    H(&m, "</div><div class=\"govuk-grid-column-one-half\">");
    record_card(&m, b);
    H(&m, "</div></div><form method=\"post\" action=\"%s\" novalidate>", r->path);
    ui_csrf(&m, r);
    char ka[24], kb[24], la[120], lb[120];
    snprintf(ka, sizeof ka, "%lld", (long long)a->id);
    snprintf(kb, sizeof kb, "%lld", (long long)b->id);
    snprintf(la, sizeof la, "Keep record %lld and merge record %lld into it", (long long)a->id, (long long)b->id);
    snprintf(lb, sizeof lb, "Keep record %lld and merge record %lld into it", (long long)b->id, (long long)a->id);
    struct ui_option opts[] = {{ka, la}, {kb, lb}};
    ui_radios(&m, "keep", "Which record is kept?", opts, 2, form_get(&r->body, "keep"), fe);
    H(&m, "<p class=\"govuk-body\">Every contact, referral, plan, note and other event of the merged record moves "
          "to the kept one. The merge is written to the log and can be undone until it is confirmed.</p>"
          "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Merge "
          "the records</button></form>");
    page_render(r, out, fe && fe->n ? "Error: Compare two records" : "Compare two records", &m);
    html_free(&m);
}

static bool open_pair(struct req *r, struct resp *out, struct child_file *a, struct child_file *b)
{
    if (!may_merge(r, out) || !child_open(r, out, r->ids[0], "duplicate comparison") ||
        !child_open(r, out, r->ids[1], "duplicate comparison"))
        return false;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], a, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (store_load_child(r->st, r->ids[1], b, &e) != HE_OK) {
        child_file_free(a);
        internal(r, out, &e);
        return false;
    }
    return true;
}

void h_duplicate(struct req *r, struct resp *out)
{
    struct child_file a, b;
    if (!open_pair(r, out, &a, &b))
        return;
    compare_page(r, out, &a, &b, NULL);
    child_file_free(&a);
    child_file_free(&b);
}

void h_duplicate_merge(struct req *r, struct resp *out)
{
    struct child_file a, b;
    if (!open_pair(r, out, &a, &b))
        return;
    struct field_errors fe = {0};
    int64_t keep = form_get_id(&r->body, "keep");
    if (keep != a.id && keep != b.id)
        fe_add(&fe, "keep", "Select the record to keep");
    int64_t id = 0;
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = people_merge(r->st, keep, keep == a.id ? b.id : a.id, r->user.id, r->now, &id, &e);
        if (rc == HE_INPUT)
            fe_add(&fe, "keep", "%s", e.msg);
        else if (rc != HE_OK) {
            child_file_free(&a);
            child_file_free(&b);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        compare_page(r, out, &a, &b, &fe);
    } else {
        char loc[80];
        snprintf(loc, sizeof loc, "/children/%lld", (long long)keep);
        redirect(out, loc);
    }
    child_file_free(&a);
    child_file_free(&b);
}

static void merge_action(struct req *r, struct resp *out, bool undo)
{
    if (!may_merge(r, out))
        return;
    struct people_merge_state m;
    bool found = false;
    struct err e;
    err_clear(&e);
    if (people_merge_get(r->st, r->ids[0], &m, &found, &e) != HE_OK)
        return internal(r, out, &e);
    if (!found)
        return page_error(r, out, 404, "Page not found", "There is no such merge.");
    if (!child_open(r, out, m.kept, undo ? "merge undone" : "merge confirmed"))
        return;
    int rc = undo ? people_merge_undo(r->st, m.id, r->user.id, r->now, &e)
                  : people_merge_confirm(r->st, m.id, r->user.id, r->now, &e);
    if (rc == HE_INPUT)
        return page_error(r, out, 409, "The merge was not changed", e.msg);
    if (rc != HE_OK)
        return internal(r, out, &e);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)m.kept);
    redirect(out, loc);
}

void h_merge_undo(struct req *r, struct resp *out) { merge_action(r, out, true); }
void h_merge_confirm(struct req *r, struct resp *out) { merge_action(r, out, false); }
