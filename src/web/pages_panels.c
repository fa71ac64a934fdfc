/* pages_panels: panels on a child's record and the panels' own list (store/panels.h).
 * Anyone who may open the child may refer it to a panel and read the referral, its
 * decisions, next review, actions and proceedings; the minutes, and recording a meeting,
 * an Edge of Care outcome, proceedings or a hearing, are for managers and administrators
 * (the panel's chair and its business support), and so is the list of every referral.
 * Every page about a child opens it through child_open (role, team, restriction; the
 * access log); a role refused is refused before anything is logged or kept as a draft.
 * Forms are declared once with form_decl.h; bad input is shown beside the field and
 * nothing is stored. The record's "Panels and court" section is here (rs_panels), with
 * the 26-week care proceedings clock shown as the record's other clocks are. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../model/journey.h"
#include "../store/panels.h"
#include "../store/trust.h"
#include "../store/workflow.h"
#include "form_decl.h"
#include "panels_ui.h"
#include "record.h"
#include "summary.h"

#define PN_OPT(key, name) {key, name},
static const struct ui_option kind_opts[] = {PN_KINDS(PN_OPT)};
static const int n_kind_opts = sizeof kind_opts / sizeof kind_opts[0];
static const struct ui_option decision_opts[] = {PN_DECISIONS(PN_OPT)};
static const int n_decision_opts = sizeof decision_opts / sizeof decision_opts[0];
static const struct ui_option hearing_opts[] = {PN_HEARING_KINDS(PN_OPT)};
static const int n_hearing_opts = sizeof hearing_opts / sizeof hearing_opts[0];
static const struct ui_option order_opts[] = {{"", "Not yet"}, PN_ORDERS(PN_OPT)};
static const int n_order_opts = sizeof order_opts / sizeof order_opts[0];
#undef PN_OPT

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

bool panels_may_chair(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static const char *name_of(const struct ui_option *o, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (!strcmp(o[i].value, key))
            return o[i].label;
    return key ? key : "";
}

/* The 26-week clock of proceedings issued and not yet concluded, as the record's clocks. */
static bool proceedings_clock(const struct pn_referral *p, day_t today, struct journey_clock *k)
{
    if (strcmp(p->kind, "legal_gateway") || !p->issue_day || p->order_day)
        return false;
    *k = (struct journey_clock){.id = CLOCK_CARE_PROCEEDINGS, .start = p->issue_day,
                                .due = clock_due(CLOCK_CARE_PROCEEDINGS, p->issue_day),
                                .state = clock_state(CLOCK_CARE_PROCEEDINGS, p->issue_day, DAY_NONE, today),
                                .record = p->id};
    return true;
}

/* ---- the child, opened ---------------------------------------------------------------------- */
struct opened {
    struct child_file cf;
    struct pn_referral ref; /* when the address names one */
};

/* Refuse a role before anything is logged; open the child (logged as page) and, when the
 * address has a second id, its referral (404 when it is not the child's). */
static bool open_child(struct req *r, struct resp *out, const char *page, bool chair_only, struct opened *o)
{
    memset(o, 0, sizeof *o);
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
        return false;
    }
    if (chair_only && !panels_may_chair(r)) {
        page_error(r, out, 403, "Not available",
                   "Panel meetings, minutes and court dates are recorded by managers and administrators.");
        return false;
    }
    if (!child_open(r, out, r->ids[0], page))
        return false;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], &o->cf, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (r->n_ids > 1) {
        bool found = false;
        if (pn_referral_get(r->st, r->ids[0], r->ids[1], &o->ref, &found, &e) != HE_OK) {
            child_file_free(&o->cf);
            internal(r, out, &e);
            return false;
        }
        if (!found) {
            child_file_free(&o->cf);
            page_error(r, out, 404, "Page not found", "There is no such panel referral on this child's record.");
            return false;
        }
    }
    return true;
}

static void caption(struct html *m, const struct child_file *cf)
{
    const struct person *p = &cf->person;
    H(m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">", (int64_t)cf->id);
    if ((p->given_name && *p->given_name) || (p->family_name && *p->family_name))
        H(m, "%s %s", p->given_name, p->family_name);
    else
        H(m, "Child %s", p->la_child_id);
    H(m, "</a></span>");
}

/* The store refused: its message beside the field it names (or the first field). */
static void refusal(const struct err *e, const char *const *fields, struct field_errors *fe)
{
    const char *field = fields[0];
    for (int i = 0; fields[i]; i++)
        if (!strcmp(e->field, fields[i]))
            field = fields[i];
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, field, "%s", msg);
}

/* A form page: title, the child, the fields (a callback), the button. */
typedef void (*fields_fn)(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                          const struct field_errors *fe);

static void form_page(struct req *r, struct resp *out, const struct opened *o, const char *title, const char *button,
                      fields_fn fields, const void *ctx, const struct form *values, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    if (o->ref.id)
        H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l/panels/%l\">Back</a>", (int64_t)o->cf.id, o->ref.id);
    else
        H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a>", (int64_t)o->cf.id);
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    caption(&m, &o->cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    if (o->ref.id)
        H(&m, "<p class=\"govuk-body\">%s panel, referred on %D.</p>", name_of(kind_opts, n_kind_opts, o->ref.kind),
          o->ref.referred);
    H(&m, "<form method=\"post\" action=\"%s\" novalidate>", r->path);
    ui_csrf(&m, r);
    fields(&m, ctx, o, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%s</button></form>"
          "</div></div>",
      button);
    char full[160];
    snprintf(full, sizeof full, "%s%s", fe && fe->n ? "Error: " : "", title);
    page_render(r, out, full, &m);
    html_free(&m);
}

static void put(struct form *f, const char *name, const char *value)
{
    if (f->n == FORM_MAX_FIELDS)
        return;
    f->name[f->n] = xstrdup(name);
    f->value[f->n++] = xstrdup(value ? value : "");
}

static void put_day(struct form *f, const char *name, day_t d)
{
    if (!d)
        return;
    int y, m, dd;
    char k[40], v[12];
    date_to_ymd(d, &y, &m, &dd);
    snprintf(k, sizeof k, "%s-day", name);
    snprintf(v, sizeof v, "%d", dd);
    put(f, k, v);
    snprintf(k, sizeof k, "%s-month", name);
    snprintf(v, sizeof v, "%d", m);
    put(f, k, v);
    snprintf(k, sizeof k, "%s-year", name);
    snprintf(v, sizeof v, "%d", y);
    put(f, k, v);
}

/* ---- referring a child ---------------------------------------------------------------------- */
static const struct fd_field refer_fields[] = {
    {.name = "kind", .label = "Which panel?", .kind = FD_RADIOS, .required = true, .what = "the panel",
     .opts = kind_opts, .n_opts = &n_kind_opts},
    {.name = "referred", .label = "Date of the referral", .kind = FD_DATE, .required = true,
     .what = "the date of the referral", .hint = "For example, 27 3 2026"},
    {.name = "reason", .label = "Why the child is referred", .kind = FD_TEXTAREA, .required = true,
     .what = "why the child is referred", .max_len = PN_TEXT_MAX,
     .hint = "What the panel is asked to decide, and what has been tried"},
};
enum { N_REFER = sizeof refer_fields / sizeof refer_fields[0] };

static void refer_render(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                         const struct field_errors *fe)
{
    fd_render_all(m, refer_fields, N_REFER, values, fe);
}

void h_panel_refer_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "panel referral form", false, &o))
        return;
    struct form f = {0};
    draft_load(r, &f);
    form_page(r, out, &o, "Refer to a panel", "Refer", refer_render, NULL, &f, NULL);
    form_free(&f);
    child_file_free(&o.cf);
}

void h_panel_refer_post(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, "panel referral form", false, &o))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_REFER];
    struct fd_now now = fd_now_of(r);
    fd_read_all(refer_fields, N_REFER, &r->body, &now, v, &fe);
    int64_t id = 0;
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = pn_refer(r->st, &r->user, o.cf.id, v[0].text, v[1].day, v[2].text, r->today, r->now, &id, &e);
        static const char *const fields[] = {"reason", "kind", "referred", NULL};
        if (rc == HE_INPUT)
            refusal(&e, fields, &fe);
        else if (rc != HE_OK) {
            child_file_free(&o.cf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        form_page(r, out, &o, "Refer to a panel", "Refer", refer_render, NULL, &r->body, &fe);
        return child_file_free(&o.cf);
    }
    child_file_free(&o.cf);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/panels/%lld", (long long)r->ids[0], (long long)id);
    redirect(out, loc);
}

/* ---- a meeting of the panel -------------------------------------------------------------------- */
#define ACTIONS_SHOWN 3
static const struct fd_field meeting_fields[] = {
    {.name = "day", .label = "Date of the meeting", .kind = FD_DATE, .required = true,
     .what = "the date of the meeting"},
    {.name = "decision", .label = "The panel's decision", .kind = FD_RADIOS, .required = true,
     .what = "the panel's decision", .opts = decision_opts, .n_opts = &n_decision_opts},
    {.name = "minutes", .label = "Minutes", .kind = FD_TEXTAREA, .required = true, .what = "the minutes",
     .max_len = PN_MINUTES_MAX, .hint = "Who attended, what was discussed and why the panel decided as it did"},
    {.name = "next_review", .label = "Date of the next review", .kind = FD_DATE, .future_ok = true,
     .what = "the date of the next review", .hint = "Leave blank when the panel will not review the child again"},
};
enum { N_MEETING = sizeof meeting_fields / sizeof meeting_fields[0] };

/* The action fields: title1, assigned1, due1 ... */
struct action_fields {
    char names[ACTIONS_SHOWN][3][16];
    char labels[ACTIONS_SHOWN][3][40];
    struct fd_field f[ACTIONS_SHOWN][3];
    struct ui_option opts[64];
    char ids[64][24];
    int n_opts;
};

static void action_fields(struct req *r, struct action_fields *a)
{
    memset(a, 0, sizeof *a);
    snprintf(a->ids[0], sizeof a->ids[0], "%lld", (long long)r->user.id);
    a->opts[a->n_opts++] = (struct ui_option){a->ids[0], "Me"};
    struct cw_worker *ws = xcalloc(200, sizeof *ws);
    int nw = 0;
    struct err e;
    err_clear(&e);
    if (r->user.team_id && cw_workers(r->st, ws, 200, &nw, &e) == HE_OK)
        for (int i = 0; i < nw && a->n_opts < 64; i++)
            if (ws[i].team_id == r->user.team_id && ws[i].user_id != r->user.id) {
                snprintf(a->ids[a->n_opts], sizeof a->ids[a->n_opts], "%lld", (long long)ws[i].user_id);
                a->opts[a->n_opts] = (struct ui_option){a->ids[a->n_opts], NULL};
                a->opts[a->n_opts].label = xstrdup(ws[i].display);
                a->n_opts++;
            }
    free(ws);
    for (int i = 0; i < ACTIONS_SHOWN; i++) {
        char d = (char)('1' + i); /* ACTIONS_SHOWN is at most 9 */
        snprintf(a->names[i][0], 16, "title%c", d);
        snprintf(a->names[i][1], 16, "assigned%c", d);
        snprintf(a->names[i][2], 16, "due%c", d);
        snprintf(a->labels[i][0], 40, "Action %c: what is to be done", d);
        snprintf(a->labels[i][1], 40, "Action %c: who it is for", d);
        snprintf(a->labels[i][2], 40, "Action %c: when it is due", d);
        a->f[i][0] = (struct fd_field){.name = a->names[i][0], .label = a->labels[i][0], .kind = FD_TEXT,
                                       .max_len = WF_TITLE_MAX, .what = "what is to be done"};
        a->f[i][1] = (struct fd_field){.name = a->names[i][1], .label = a->labels[i][1], .kind = FD_SELECT,
                                       .opts = a->opts, .n_opts = &a->n_opts, .what = "who it is for"};
        a->f[i][2] = (struct fd_field){.name = a->names[i][2], .label = a->labels[i][2], .kind = FD_DATE,
                                       .future_ok = true, .what = "when it is due"};
    }
}

static void action_fields_free(struct action_fields *a)
{
    for (int i = 1; i < a->n_opts; i++)
        free((char *)a->opts[i].label);
}

static void meeting_render(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                           const struct field_errors *fe)
{
    const struct action_fields *a = ctx;
    fd_render_all(m, meeting_fields, N_MEETING, values, fe);
    H(m, "<h2 class=\"govuk-heading-m\">Actions</h2><p class=\"govuk-body\">Each action becomes a task for the "
         "person it is for. Leave an action blank when there is none.</p>");
    for (int i = 0; i < ACTIONS_SHOWN; i++)
        fd_render_all(m, a->f[i], 3, values, fe);
}

static void meeting_page(struct req *r, struct resp *out, const struct opened *o, const struct form *values,
                         const struct field_errors *fe)
{
    struct action_fields *a = xcalloc(1, sizeof *a);
    action_fields(r, a);
    form_page(r, out, o, "Record a panel meeting", "Save the meeting", meeting_render, a, values, fe);
    action_fields_free(a);
    free(a);
}

void h_panel_meeting_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "panel meeting form", true, &o))
        return;
    struct form f = {0};
    draft_load(r, &f);
    meeting_page(r, out, &o, &f, NULL);
    form_free(&f);
    child_file_free(&o.cf);
}

static bool chair_gate(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ANALYST && panels_may_chair(r))
        return true;
    page_error(r, out, 403, "Not available",
               "Panel meetings, minutes and court dates are recorded by managers and administrators.");
    return false;
}

void h_panel_meeting_post(struct req *r, struct resp *out)
{
    if (!chair_gate(r, out))
        return;
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, "panel meeting form", true, &o))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_MEETING];
    struct fd_now now = fd_now_of(r);
    fd_read_all(meeting_fields, N_MEETING, &r->body, &now, v, &fe);
    struct action_fields *a = xcalloc(1, sizeof *a);
    action_fields(r, a);
    struct pn_action_in acts[ACTIONS_SHOWN];
    int slot_of[ACTIONS_SHOWN], n_acts = 0;
    for (int i = 0; i < ACTIONS_SHOWN; i++) {
        struct fd_value av[3];
        fd_read_all(a->f[i], 3, &r->body, &now, av, &fe);
        if (!*av[0].text && !*av[1].text && !av[2].day && !fe_get(&fe, a->names[i][2]))
            continue;
        if (!*av[0].text && !fe_get(&fe, a->names[i][0]))
            fe_add(&fe, a->names[i][0], "Say what action %d is", i + 1);
        if (!*av[1].text && !fe_get(&fe, a->names[i][1]))
            fe_add(&fe, a->names[i][1], "Choose who action %d is for", i + 1);
        if (!av[2].day && !fe_get(&fe, a->names[i][2]))
            fe_add(&fe, a->names[i][2], "Enter when action %d is due", i + 1);
        slot_of[n_acts] = i;
        acts[n_acts++] = (struct pn_action_in){av[0].text, strtoll(av[1].text, NULL, 10), av[2].day};
    }
    if (!fe.n) {
        struct pn_meeting_in in = {.day = v[0].day, .decision = v[1].text, .minutes = v[2].text,
                                   .next_review = v[3].day, .actions = acts, .n_actions = n_acts};
        struct err e;
        err_clear(&e);
        int64_t id;
        int rc = pn_meeting_add(r->st, &r->user, o.cf.id, o.ref.id, &in, r->today, r->now, &id, &e);
        if (rc == HE_INPUT) {
            /* an action's field comes back as title, assigned or due with its number among
             * the actions given */
            size_t len = strlen(e.field);
            int k = len > 1 && e.field[len - 1] >= '1' && e.field[len - 1] <= '9' ? e.field[len - 1] - '1' : -1;
            if (k >= 0 && k < n_acts) {
                int which = !strncmp(e.field, "assigned", 8) ? 1 : !strncmp(e.field, "due", 3) ? 2 : 0;
                static const char *const one[] = {"", NULL};
                struct field_errors tmp = {0};
                refusal(&e, one, &tmp);
                fe_add(&fe, a->names[slot_of[k]][which], "%s", tmp.msg[0]);
            } else {
                static const char *const fields[] = {"minutes", "day", "decision", "next_review", NULL};
                refusal(&e, fields, &fe);
            }
        } else if (rc != HE_OK) {
            action_fields_free(a);
            free(a);
            child_file_free(&o.cf);
            return internal(r, out, &e);
        }
    }
    action_fields_free(a);
    free(a);
    if (fe.n) {
        out->status = 422;
        meeting_page(r, out, &o, &r->body, &fe);
        return child_file_free(&o.cf);
    }
    child_file_free(&o.cf);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/panels/%lld", (long long)r->ids[0], (long long)r->ids[1]);
    redirect(out, loc);
}

/* ---- Edge of Care's outcome ----------------------------------------------------------------------- */
static const struct fd_field outcome_fields[] = {
    {.name = "weeks", .label = "Weeks of intervention", .kind = FD_TEXT, .required = true, .width = 5,
     .max_len = 3, .what = "the weeks of intervention", .hint = "Whole weeks, from 0 to 104"},
    {.name = "stayed_out", .label = "Did the young person stay out of care?", .kind = FD_YES_NO, .required = true,
     .what = "whether the young person stayed out of care"},
    {.name = "day", .label = "Date of the outcome", .kind = FD_DATE, .required = true,
     .what = "the date of the outcome", .hint = "The day the intervention ended or the child came into care"},
};
enum { N_OUTCOME = sizeof outcome_fields / sizeof outcome_fields[0] };

static void outcome_render(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                           const struct field_errors *fe)
{
    fd_render_all(m, outcome_fields, N_OUTCOME, values, fe);
}

static bool applies(struct req *r, struct resp *out, struct opened *o, const char *kind, const char *what)
{
    if (!strcmp(o->ref.kind, kind))
        return true;
    child_file_free(&o->cf);
    page_error(r, out, 409, "Not for this referral", what);
    return false;
}

void h_panel_outcome_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "Edge of Care outcome form", true, &o))
        return;
    if (!applies(r, out, &o, "edge_of_care", "Only an Edge of Care referral has this outcome."))
        return;
    struct form f = {0};
    if (!draft_load(r, &f) && o.ref.eoc_stayed_out >= 0) {
        char w[8];
        snprintf(w, sizeof w, "%d", o.ref.eoc_weeks);
        put(&f, "weeks", w);
        put(&f, "stayed_out", o.ref.eoc_stayed_out ? "1" : "0");
        put_day(&f, "day", o.ref.eoc_day);
    }
    form_page(r, out, &o, "Edge of Care outcome", "Save the outcome", outcome_render, NULL, &f, NULL);
    form_free(&f);
    child_file_free(&o.cf);
}

void h_panel_outcome_post(struct req *r, struct resp *out)
{
    if (!chair_gate(r, out))
        return;
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, "Edge of Care outcome form", true, &o))
        return;
    if (!applies(r, out, &o, "edge_of_care", "Only an Edge of Care referral has this outcome."))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_OUTCOME];
    struct fd_now now = fd_now_of(r);
    fd_read_all(outcome_fields, N_OUTCOME, &r->body, &now, v, &fe);
    int weeks = -1;
    if (*v[0].text) {
        char *end;
        long w = strtol(v[0].text, &end, 10);
        if (*end || w < 0 || w > 104 || end == v[0].text)
            fe_add(&fe, "weeks", "Enter the weeks of intervention as a whole number from 0 to 104");
        else
            weeks = (int)w;
    }
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = pn_eoc_outcome(r->st, o.cf.id, o.ref.id, weeks, v[1].yes_no, v[2].day, r->today, &e);
        static const char *const fields[] = {"weeks", "stayed_out", "day", NULL};
        if (rc == HE_INPUT)
            refusal(&e, fields, &fe);
        else if (rc != HE_OK) {
            child_file_free(&o.cf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        form_page(r, out, &o, "Edge of Care outcome", "Save the outcome", outcome_render, NULL, &r->body, &fe);
        return child_file_free(&o.cf);
    }
    child_file_free(&o.cf);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/panels/%lld", (long long)r->ids[0], (long long)r->ids[1]);
    redirect(out, loc);
}

/* ---- pre-proceedings and care proceedings ------------------------------------------------------ */
static const struct fd_field proceedings_fields[] = {
    {.name = "letter", .label = "Letter before proceedings sent", .kind = FD_DATE,
     .what = "the date of the letter before proceedings", .hint = "Leave blank until it is sent"},
    {.name = "issue", .label = "Care proceedings issued", .kind = FD_DATE, .what = "the issue date",
     .hint = "The 26-week limit runs from this day"},
    {.name = "order_day", .label = "Final order made", .kind = FD_DATE, .what = "the date of the final order"},
    {.name = "order", .label = "Final order", .kind = FD_SELECT, .what = "the final order", .opts = order_opts,
     .n_opts = &n_order_opts},
};
enum { N_PROCEEDINGS = sizeof proceedings_fields / sizeof proceedings_fields[0] };

static void proceedings_render(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                               const struct field_errors *fe)
{
    fd_render_all(m, proceedings_fields, N_PROCEEDINGS, values, fe);
}

void h_panel_proceedings_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "proceedings form", true, &o))
        return;
    if (!applies(r, out, &o, "legal_gateway", "Only a Legal Gateway referral has pre-proceedings and proceedings."))
        return;
    struct form f = {0};
    if (!draft_load(r, &f)) {
        put_day(&f, "letter", o.ref.letter_day);
        put_day(&f, "issue", o.ref.issue_day);
        put_day(&f, "order_day", o.ref.order_day);
        put(&f, "order", o.ref.order_kind);
    }
    form_page(r, out, &o, "Pre-proceedings and care proceedings", "Save the dates", proceedings_render, NULL, &f,
              NULL);
    form_free(&f);
    child_file_free(&o.cf);
}

void h_panel_proceedings_post(struct req *r, struct resp *out)
{
    if (!chair_gate(r, out))
        return;
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, "proceedings form", true, &o))
        return;
    if (!applies(r, out, &o, "legal_gateway", "Only a Legal Gateway referral has pre-proceedings and proceedings."))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_PROCEEDINGS];
    struct fd_now now = fd_now_of(r);
    fd_read_all(proceedings_fields, N_PROCEEDINGS, &r->body, &now, v, &fe);
    if (!fe.n && !v[0].day && !v[1].day && !v[2].day && !*v[3].text)
        fe_add(&fe, "letter", "Enter the date of the letter before proceedings, or the date proceedings were issued");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = pn_proceedings(r->st, o.cf.id, o.ref.id, v[0].day, v[1].day, v[2].day, v[3].text, r->today, &e);
        static const char *const fields[] = {"letter", "issue", "order_day", "order", NULL};
        if (rc == HE_INPUT)
            refusal(&e, fields, &fe);
        else if (rc != HE_OK) {
            child_file_free(&o.cf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        form_page(r, out, &o, "Pre-proceedings and care proceedings", "Save the dates", proceedings_render, NULL,
                  &r->body, &fe);
        return child_file_free(&o.cf);
    }
    child_file_free(&o.cf);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/panels/%lld", (long long)r->ids[0], (long long)r->ids[1]);
    redirect(out, loc);
}

static const struct fd_field hearing_fields[] = {
    {.name = "day", .label = "Date of the hearing", .kind = FD_DATE, .required = true, .future_ok = true,
     .what = "the date of the hearing"},
    {.name = "kind", .label = "Which hearing?", .kind = FD_RADIOS, .required = true, .what = "the hearing",
     .opts = hearing_opts, .n_opts = &n_hearing_opts},
    {.name = "note", .label = "Note", .kind = FD_TEXT, .max_len = PN_TEXT_MAX, .what = "the note",
     .hint = "For example, the directions made"},
};
enum { N_HEARING = sizeof hearing_fields / sizeof hearing_fields[0] };

static void hearing_render(struct html *m, const void *ctx, const struct opened *o, const struct form *values,
                           const struct field_errors *fe)
{
    fd_render_all(m, hearing_fields, N_HEARING, values, fe);
}

void h_panel_hearing_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "hearing form", true, &o))
        return;
    if (!applies(r, out, &o, "legal_gateway", "Only a Legal Gateway referral has care proceedings."))
        return;
    struct form f = {0};
    draft_load(r, &f);
    form_page(r, out, &o, "Record a court hearing", "Save the hearing", hearing_render, NULL, &f, NULL);
    form_free(&f);
    child_file_free(&o.cf);
}

void h_panel_hearing_post(struct req *r, struct resp *out)
{
    if (!chair_gate(r, out))
        return;
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, "hearing form", true, &o))
        return;
    if (!applies(r, out, &o, "legal_gateway", "Only a Legal Gateway referral has care proceedings."))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_HEARING];
    struct fd_now now = fd_now_of(r);
    fd_read_all(hearing_fields, N_HEARING, &r->body, &now, v, &fe);
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = pn_hearing_add(r->st, &r->user, o.cf.id, o.ref.id, v[0].day, v[1].text, v[2].text, r->now, &e);
        static const char *const fields[] = {"day", "kind", "note", NULL};
        if (rc == HE_INPUT)
            refusal(&e, fields, &fe);
        else if (rc != HE_OK) {
            child_file_free(&o.cf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        form_page(r, out, &o, "Record a court hearing", "Save the hearing", hearing_render, NULL, &r->body, &fe);
        return child_file_free(&o.cf);
    }
    child_file_free(&o.cf);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/panels/%lld", (long long)r->ids[0], (long long)r->ids[1]);
    redirect(out, loc);
}

/* ---- the referral's page --------------------------------------------------------------------- */
static void row(struct html *m, const char *key, const struct html *value)
{
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%h</dd></div>",
      key, value);
}

static void review_tag(struct html *h, day_t next, day_t today)
{
    if (!next)
        H(h, "None set");
    else if (next < today)
        H(h, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> %D", next);
    else
        H(h, "%D", next);
}

void h_panel_referral(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "panel referral", false, &o))
        return;
    struct err e;
    err_clear(&e);
    struct pn_meeting *ms = NULL;
    size_t nm = 0;
    struct pn_hearing *hs = NULL;
    size_t nh = 0;
    if (pn_meetings(r->st, o.ref.id, &ms, &nm, &e) != HE_OK || pn_hearings(r->st, o.ref.id, &hs, &nh, &e) != HE_OK) {
        pn_meetings_free(ms, nm);
        child_file_free(&o.cf);
        return internal(r, out, &e);
    }
    const struct pn_referral *p = &o.ref;
    bool chair = panels_may_chair(r);
    struct html m = HTML_INIT, v = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)o.cf.id);
    caption(&m, &o.cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s panel</h1><dl class=\"govuk-summary-list\" id=\"referral\">",
      name_of(kind_opts, n_kind_opts, p->kind));
#define ROW(key, ...)                                                                                     \
    do {                                                                                                   \
        html_free(&v);                                                                                     \
        v = (struct html)HTML_INIT;                                                                        \
        H(&v, __VA_ARGS__);                                                                                \
        row(&m, key, &v);                                                                                  \
    } while (0)
    ROW("Referred", "%D by %s", p->referred, p->referred_by);
    ROW("Why", "%s", p->reason);
    ROW("Latest decision", "%s", p->n_meetings ? name_of(decision_opts, n_decision_opts, p->decision)
                                               : "The panel has not met yet");
    html_free(&v);
    v = (struct html)HTML_INIT;
    review_tag(&v, p->next_review, r->today);
    row(&m, "Next review", &v);
    if (!strcmp(p->kind, "edge_of_care")) {
        if (p->eoc_stayed_out >= 0)
            ROW("Outcome", "%s after %d weeks of intervention (recorded for %D)",
                p->eoc_stayed_out ? "Stayed out of care" : "Came into care", p->eoc_weeks, p->eoc_day);
        else
            ROW("Outcome", "Not recorded yet");
    }
    if (!strcmp(p->kind, "legal_gateway")) {
        ROW("Letter before proceedings", "%s%D", p->letter_day ? "" : "Not sent", p->letter_day);
        ROW("Care proceedings issued", "%s%D", p->issue_day ? "" : "Not issued", p->issue_day);
        struct journey_clock k;
        if (proceedings_clock(p, r->today, &k)) {
            html_free(&v);
            v = (struct html)HTML_INIT;
            clock_tag(&v, &k, r->today);
            row(&m, "26-week limit", &v);
        }
        if (p->order_day)
            ROW("Final order", "%s, %D (%d weeks from issue)", name_of(order_opts, n_order_opts, p->order_kind),
                p->order_day, (int)((p->order_day - p->issue_day) / 7));
    }
#undef ROW
    html_free(&v);
    H(&m, "</dl>");
    if (chair) {
        H(&m, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/children/%l/panels/%l/meeting\">Record "
              "a panel meeting</a></li>",
          (int64_t)o.cf.id, p->id);
        if (!strcmp(p->kind, "edge_of_care"))
            H(&m, "<li><a class=\"govuk-link\" href=\"/children/%l/panels/%l/outcome\">Record the Edge of Care "
                  "outcome</a></li>",
              (int64_t)o.cf.id, p->id);
        if (!strcmp(p->kind, "legal_gateway"))
            H(&m, "<li><a class=\"govuk-link\" href=\"/children/%l/panels/%l/proceedings\">Record pre-proceedings "
                  "and proceedings dates</a></li><li><a class=\"govuk-link\" href=\"/children/%l/panels/%l/hearing\">"
                  "Record a court hearing</a></li>",
              (int64_t)o.cf.id, p->id, (int64_t)o.cf.id, p->id);
        H(&m, "</ul>");
    }
    if (nh) {
        H(&m, "<h2 class=\"govuk-heading-m\">Hearings</h2><ul class=\"govuk-list\" id=\"hearings\">");
        for (size_t i = 0; i < nh; i++)
            H(&m, "<li>%D: %s%s%s</li>", hs[i].day, name_of(hearing_opts, n_hearing_opts, hs[i].kind),
              *hs[i].note ? ". " : "", hs[i].note);
        H(&m, "</ul>");
    }
    H(&m, "<h2 class=\"govuk-heading-m\">Meetings</h2>");
    if (!nm)
        H(&m, "<p class=\"govuk-body\">No meeting of the panel is recorded yet.</p>");
    if (nm && !chair)
        H(&m, "<p class=\"govuk-body\">The minutes are seen by managers and administrators.</p>");
    for (size_t i = 0; i < nm; i++) {
        H(&m, "<div class=\"govuk-summary-card\" id=\"meeting-%l\"><div class=\"govuk-summary-card__title-wrapper\">"
              "<h3 class=\"govuk-summary-card__title\">Meeting on %D</h3></div><div class=\"govuk-summary-card__content\">"
              "<dl class=\"govuk-summary-list\">",
          ms[i].id, ms[i].day);
        struct html x = HTML_INIT;
        H(&x, "%s", name_of(decision_opts, n_decision_opts, ms[i].decision));
        row(&m, "Decision", &x);
        html_free(&x);
        x = (struct html)HTML_INIT;
        H(&x, "%D", ms[i].next_review);
        if (!ms[i].next_review)
            H(&x, "None set");
        row(&m, "Next review", &x);
        html_free(&x);
        x = (struct html)HTML_INIT;
        if (!ms[i].n_actions)
            H(&x, "None");
        for (int k = 0; k < ms[i].n_actions; k++) {
            struct wf_task t;
            bool found = false;
            if (wf_task_get(r->st, ms[i].actions[k], &t, &found, &e) == HE_OK && found)
                H(&x, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/tasks/%l\">%s</a>: %s, due %D (%s)</p>",
                  t.id, t.title, t.assigned, t.due, t.state);
        }
        row(&m, "Actions", &x);
        html_free(&x);
        if (chair) {
            x = (struct html)HTML_INIT;
            H(&x, "<div class=\"hearth-pre\">%s</div>", ms[i].minutes);
            row(&m, "Minutes", &x);
            html_free(&x);
        }
        H(&m, "</dl><p class=\"govuk-body-s\">Recorded by %s.</p></div></div>", ms[i].by);
    }
    char title[160];
    snprintf(title, sizeof title, "%s panel", name_of(kind_opts, n_kind_opts, p->kind));
    page_render(r, out, title, &m);
    html_free(&m);
    pn_meetings_free(ms, nm);
    free(hs);
    child_file_free(&o.cf);
}

/* ---- the record's section ---------------------------------------------------------------------- */
static int panels_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct pn_referral *ps = NULL;
    size_t n = 0;
    int rc = pn_referrals_for(c->r->st, c->f->id, &ps, &n, e);
    if (rc != HE_OK)
        return rc;
    if (!n)
        H(h, "<p class=\"govuk-body\">Not referred to a panel.</p>");
    else
        H(h, "<ul class=\"govuk-list\" id=\"panels\">");
    for (size_t i = 0; i < n && i < 10; i++) {
        H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/panels/%l\">%s</a>, referred %D: ", (int64_t)c->f->id,
          ps[i].id, name_of(kind_opts, n_kind_opts, ps[i].kind), ps[i].referred);
        if (ps[i].n_meetings)
            H(h, "%s", name_of(decision_opts, n_decision_opts, ps[i].decision));
        else
            H(h, "waiting for the panel");
        if (ps[i].next_review) {
            H(h, "; next review ");
            review_tag(h, ps[i].next_review, c->r->today);
        }
        struct journey_clock k;
        if (proceedings_clock(&ps[i], c->r->today, &k)) {
            H(h, "<br>");
            clock_tag(h, &k, c->r->today);
        }
        H(h, "</li>");
    }
    if (n)
        H(h, "</ul>");
    if (c->r->user.role != ROLE_ANALYST)
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/panels/new\">Refer to a panel</a>"
             "</p>",
          (int64_t)c->f->id);
    free(ps);
    return HE_OK;
}
const struct record_section rs_panels = {"panels", "Panels and court", RECORD_RIGHT, 45, NULL, panels_section};

/* ---- every referral, for the panels' chairs ------------------------------------------------------ */
void h_panels(struct req *r, struct resp *out)
{
    if (!panels_may_chair(r))
        return page_error(r, out, 403, "Not available", "The panels' lists are for managers and administrators.");
    const char *kind = form_text(&r->query, "kind");
    if (*kind && !pn_name(pn_kinds, n_pn_kinds, kind))
        kind = "";
    struct pn_referral *ps = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    if (pn_referrals(r->st, kind, 500, &ps, &n, &e) != HE_OK)
        return internal(r, out, &e);
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Panels</h1><p class=\"govuk-body\">Children referred to the authority's "
          "panels, the next review soonest first. The figures are on the <a class=\"govuk-link\" "
          "href=\"/dashboard#service-panels\">performance dashboard</a>; what placements cost is on the "
          "<a class=\"govuk-link\" href=\"/money\">money page</a>.</p>"
          "<form method=\"get\" action=\"/panels\" novalidate>");
    struct ui_option opts[8] = {{"", "Every panel"}};
    int no = 1;
    for (int i = 0; i < n_kind_opts && no < 8; i++)
        opts[no++] = kind_opts[i];
    ui_select(&m, "kind", "Panel", opts, no, kind, NULL);
    H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show</button></form>"
          "<table class=\"govuk-table\" id=\"panel-list\"><caption class=\"govuk-table__caption "
          "govuk-table__caption--m\">%l referral%s</caption><thead class=\"govuk-table__head\"><tr "
          "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Child</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Panel</th><th scope=\"col\" class=\"govuk-table__header\">"
          "Referred</th><th scope=\"col\" class=\"govuk-table__header\">Latest decision</th><th scope=\"col\" "
          "class=\"govuk-table__header\">Next review</th></tr></thead><tbody class=\"govuk-table__body\">",
      (int64_t)n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        /* a child the user may not open is listed without a name, as the other lists list
         * it (tr_hidden_name): "Restricted record" only when it is; another team's child
         * by its LAchildID, linked to the record, where break-glass is offered */
        bool hidden = true;
        const char *words = "";
        struct err ce;
        err_clear(&ce);
        if (tr_hidden_name(r->st, &r->user, ps[i].person, &hidden, &words, &ce) != HE_OK) {
            hidden = true;
            words = TR_HIDDEN_NAME;
        }
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (!hidden && (*ps[i].given || *ps[i].family))
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l/panels/%l\">%s %s</a>", (int64_t)ps[i].person, ps[i].id,
              ps[i].given, ps[i].family);
        else if (!hidden)
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l/panels/%l\">Child %s</a>", (int64_t)ps[i].person,
              ps[i].id, ps[i].la);
        else if (*words)
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l\">%s</a><br><span class=\"govuk-body-s\">%s</span>",
              (int64_t)ps[i].person, words, ps[i].la);
        else
            H(&m, "<a class=\"govuk-link\" href=\"/children/%l\">Child %s</a><br><span class=\"govuk-body-s\">"
                  "Another team's child</span>",
              (int64_t)ps[i].person, ps[i].la);
        H(&m, "</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%D</td>"
              "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
          name_of(kind_opts, n_kind_opts, ps[i].kind), ps[i].referred,
          ps[i].n_meetings ? name_of(decision_opts, n_decision_opts, ps[i].decision) : "Waiting for the panel");
        review_tag(&m, ps[i].next_review, r->today);
        H(&m, "</td></tr>");
    }
    H(&m, "</tbody></table>");
    page_render(r, out, "Panels", &m);
    html_free(&m);
    free(ps);
}

/* ---- the chronology ------------------------------------------------------------------------------ */
struct chron_panels {
    struct journey_event *events;
    int n, cap;
    char **texts;
    int n_texts, cap_texts;
};

static void chron_add(struct chron_panels *c, day_t day, const char *what, const char *kind_name, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
static void chron_add(struct chron_panels *c, day_t day, const char *what, const char *kind_name, const char *fmt,
                      ...)
{
    if (!day)
        return;
    char tail[600] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tail, sizeof tail, fmt, ap);
    va_end(ap);
    char detail[800];
    snprintf(detail, sizeof detail, "%s%s%s", kind_name, *tail ? ": " : "", tail);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->events = xrealloc(c->events, (size_t)c->cap * sizeof *c->events);
    }
    if (c->n_texts == c->cap_texts) {
        c->cap_texts = c->cap_texts ? c->cap_texts * 2 : 16;
        c->texts = xrealloc(c->texts, (size_t)c->cap_texts * sizeof *c->texts);
    }
    c->texts[c->n_texts] = xstrdup(detail);
    c->events[c->n++] = (struct journey_event){.date = day, .what = what, .detail = c->texts[c->n_texts++],
                                               .kind = JD_TEXT};
}

int panels_chronology(struct store *s, rec_id child, const struct journey *j, struct journey *out, void **keep,
                      struct err *e)
{
    memset(out, 0, sizeof *out);
    *keep = NULL;
    struct pn_referral *ps = NULL;
    size_t n = 0;
    int rc = pn_referrals_for(s, child, &ps, &n, e);
    if (rc != HE_OK)
        return rc;
    struct chron_panels *c = xcalloc(1, sizeof *c);
    for (size_t i = 0; i < n && rc == HE_OK; i++) {
        const struct pn_referral *p = &ps[i];
        const char *kind = name_of(kind_opts, n_kind_opts, p->kind);
        chron_add(c, p->referred, "Referred to a panel", kind, "%.300s", p->reason);
        if (p->eoc_stayed_out >= 0)
            chron_add(c, p->eoc_day, "Edge of Care outcome", kind, "%s after %d weeks",
                      p->eoc_stayed_out ? "stayed out of care" : "came into care", p->eoc_weeks);
        chron_add(c, p->letter_day, "Letter before proceedings", kind, "%s", "");
        chron_add(c, p->issue_day, "Care proceedings issued", kind, "%s", "the 26-week limit runs from today");
        chron_add(c, p->order_day, "Final order", kind, "%s", name_of(order_opts, n_order_opts, p->order_kind));
        struct pn_meeting *ms = NULL;
        size_t nm = 0;
        if ((rc = pn_meetings(s, p->id, &ms, &nm, e)) != HE_OK)
            break;
        for (size_t k = 0; k < nm; k++)
            chron_add(c, ms[k].day, "Panel meeting", kind, "%s", name_of(decision_opts, n_decision_opts, ms[k].decision));
        pn_meetings_free(ms, nm);
        struct pn_hearing *hs = NULL;
        size_t nh = 0;
        if ((rc = pn_hearings(s, p->id, &hs, &nh, e)) != HE_OK)
            break;
        for (size_t k = 0; k < nh; k++)
            chron_add(c, hs[k].day, "Court hearing", kind, "%s", name_of(hearing_opts, n_hearing_opts, hs[k].kind));
        free(hs);
    }
    free(ps);
    if (rc != HE_OK) {
        panels_chronology_free(out, c);
        return rc;
    }
    /* the panels' events newest first (insertion: a handful), then merged with the journey's,
     * the journey's first on the same day: the same order on every page, so that the
     * chronology's cursor finds its place again */
    for (int i = 1; i < c->n; i++)
        for (int k = i; k > 0 && c->events[k - 1].date < c->events[k].date; k--) {
            struct journey_event t = c->events[k];
            c->events[k] = c->events[k - 1];
            c->events[k - 1] = t;
        }
    *out = *j;
    out->events = xcalloc((size_t)(j->n_events + c->n) + 1, sizeof *out->events);
    int a = 0, b = 0, o = 0;
    while (a < j->n_events || b < c->n)
        out->events[o++] = b >= c->n || (a < j->n_events && j->events[a].date >= c->events[b].date) ? j->events[a++]
                                                                                                   : c->events[b++];
    out->n_events = o;
    *keep = c;
    return HE_OK;
}

void panels_chronology_free(struct journey *out, void *keep)
{
    struct chron_panels *c = keep;
    if (c) {
        for (int i = 0; i < c->n_texts; i++)
            free(c->texts[i]);
        free(c->texts);
        free(c->events);
        free(c);
    }
    if (out)
        free(out->events);
}
