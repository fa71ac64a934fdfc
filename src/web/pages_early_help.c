/* pages_early_help: early help and Stronger Families on the child's record. Every form is
 * a stage form (stage_form.h: the child opened through child_open with its role, team and
 * access-log checks, drafts kept, refusals beside the field and nothing stored), declared
 * once with form_decl.h; the store (store/early_help.h) checks what must never be held and
 * the record version. The episode's page opens the child the same way. The programme's
 * page (targets, cohort, claims) names no child: managers and analysts see it, managers set
 * targets and make claims. The record's "Early help" section is here too (rs_early_help). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/child.h"
#include "../store/early_help.h"
#include "early_help_ui.h"
#include "form_decl.h"
#include "labels.h"
#include "record.h"
#include "stage_form.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

static const char *code_label(const struct stage_code *l, int n, const char *code)
{
    const char *s = code ? stage_label(l, n, code) : NULL;
    return s ? s : (code ? code : "");
}

/* After a save in an episode: back to the episode's page. */
static void to_episode(const struct stage_ctx *c)
{
    snprintf(c->next, STAGE_NEXT_MAX, "/children/%lld/early-help/%lld", (long long)c->cf->id, (long long)c->sub);
}

/* ---- the lead professional or a member: three fields shared by several forms ----------- */
static const struct fd_field person_fields[] = {
    {.name = "name", .label = "Name", .kind = FD_TEXT, .required = true, .what = "the professional's name",
     .max_len = 200},
    {.name = "role", .label = "Role", .kind = FD_TEXT, .required = true, .what = "the professional's role",
     .max_len = 200, .hint = "For example: family support worker, designated safeguarding lead, health visitor"},
    {.name = "agency", .label = "Agency", .kind = FD_SELECT, .required = true, .what = "the professional's agency",
     .codes = eh_agencies, .n_codes = &n_eh_agencies},
};
enum { N_PERSON = 3 };

static void read_person(const struct stage_ctx *c, const struct form *f, struct eh_person *p, struct field_errors *fe)
{
    struct fd_value v[N_PERSON];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(person_fields, N_PERSON, f, &now, v, fe);
    *p = (struct eh_person){v[0].text, v[1].text, v[2].text};
}

/* ---- the episode a form is about ---------------------------------------------------------- */
struct ep_loaded {
    struct eh_file f;
    const struct eh_episode *x;
};

/* The episode c->sub, opened in hearth (and open when must_be_open); NULL when it can be
 * worked on, else why not. */
static const char *load_episode(const struct stage_ctx *c, struct ep_loaded *l, bool must_be_open)
{
    struct err e;
    err_clear(&e);
    memset(l, 0, sizeof *l);
    if (eh_load(c->r->st, c->cf->id, &l->f, &e) != HE_OK)
        return "The early help record could not be read: try again in a moment.";
    l->x = eh_find(&l->f, c->sub);
    if (!l->x)
        return "There is no such early help episode on this child's record.";
    if (!l->x->hearth)
        return "This early help episode came from an Annex A return: its work was recorded elsewhere.";
    if (must_be_open && l->x->end)
        return "This early help episode has closed.";
    return NULL;
}

static const char *episode_open_why(const struct stage_ctx *c)
{
    struct ep_loaded l;
    const char *why = load_episode(c, &l, true);
    eh_file_free(&l.f);
    return why;
}

static bool cin_open(const struct child_file *cf)
{
    for (size_t i = 0; i < cf->n_episodes; i++)
        if (!cf->episodes[i].closure_date)
            return true;
    return false;
}

static bool eh_open_now(const struct child_file *cf)
{
    for (size_t i = 0; i < cf->n_early_helps; i++)
        if (!cf->early_helps[i].end)
            return true;
    return false;
}

/* ---- opening an episode ------------------------------------------------------------------- */
#define MAX_WAITING 8
struct how {
    int n;
    char value[MAX_WAITING + 1][32];
    char label[MAX_WAITING + 1][160];
    struct ui_option opts[MAX_WAITING + 1];
};

static void how_options(const struct stage_ctx *c, struct how *h)
{
    memset(h, 0, sizeof *h);
    rec_id ids[MAX_WAITING];
    day_t dates[MAX_WAITING];
    int n = 0;
    struct err e;
    err_clear(&e);
    if (eh_contacts_waiting(c->r->st, c->cf->id, ids, dates, MAX_WAITING, &n, &e) != HE_OK)
        n = 0;
    for (int i = 0; i < n; i++) {
        char d[11];
        date_format_uk(dates[i], d);
        snprintf(h->value[h->n], sizeof h->value[h->n], "contact-%lld", (long long)ids[i]);
        snprintf(h->label[h->n], sizeof h->label[h->n], "From the contact of %s, whose threshold decision was early help",
                 d);
        h->opts[h->n] = (struct ui_option){h->value[h->n], h->label[h->n]};
        h->n++;
    }
    snprintf(h->value[h->n], sizeof h->value[h->n], "direct");
    snprintf(h->label[h->n], sizeof h->label[h->n], "Directly: a request from a school, health, another agency or the family");
    h->opts[h->n] = (struct ui_option){h->value[h->n], h->label[h->n]};
    h->n++;
}

static const struct fd_field open_fields[] = {
    {.name = "from", .label = "How did early help begin?", .kind = FD_RADIOS, .required = true,
     .what = "how early help began"},
    {.name = "start", .label = "When did early help start?", .kind = FD_DATE, .required = true,
     .what = "the date early help started", .hint = "For example, 27 3 2026"},
};

static const char *open_why(const struct stage_ctx *c)
{
    if (cin_open(c->cf))
        return "This child has an open episode of need: step it down to early help from the child's record.";
    if (eh_open_now(c->cf))
        return "This child already has an early help episode open: close it first.";
    return NULL;
}

static void open_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">The lead professional coordinates the early help and can be from any agency. "
         "They are added to the professionals on the child's record.</p>");
}

static void open_render(struct html *m, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    struct how h;
    how_options(c, &h);
    struct fd_field from = open_fields[0];
    from.opts = h.opts;
    from.n_opts = &h.n;
    fd_render(m, &from, f, fe);
    fd_render(m, &open_fields[1], f, fe);
    H(m, "<h2 class=\"govuk-heading-m\">Lead professional</h2>");
    fd_render_all(m, person_fields, N_PERSON, f, fe);
}

static int open_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                     struct err *e)
{
    struct how h;
    how_options(c, &h);
    struct fd_field from = open_fields[0];
    from.opts = h.opts;
    from.n_opts = &h.n;
    struct fd_value v[2];
    struct fd_now now = fd_now_of(c->r);
    fd_read(&from, f, &now, &v[0], fe);
    fd_read(&open_fields[1], f, &now, &v[1], fe);
    struct eh_person lead;
    read_person(c, f, &lead, fe);
    if (fe->n)
        return HE_INPUT;
    rec_id contact = 0;
    if (!strncmp(v[0].text, "contact-", 8))
        contact = strtoll(v[0].text + 8, NULL, 10);
    rec_id ep = 0;
    int rc = eh_open(c->r->st, &c->r->user, c->cf->id, seen, v[1].day, contact ? "contact" : "direct", contact, &lead,
                     c->r->now, &ep, e);
    if (rc == HE_OK) {
        snprintf(c->next, STAGE_NEXT_MAX, "/children/%lld/early-help/%lld", (long long)c->cf->id, (long long)ep);
    } else if (rc == HE_INPUT && !strcmp(e->field, "contact"))
        snprintf(e->field, sizeof e->field, "from");
    return rc;
}

static const char *const open_names[] = {"from", "start", "name", "role", "agency", NULL};
static const struct stage_form open_form = {
    .page = "early help form", .title = "Start early help", .button = "Start early help", .unavailable = open_why,
    .intro = open_intro, .fields = open_render, .save = open_save, .field_names = open_names};
void h_eh_open_form(struct req *r, struct resp *out) { stage_form_get(r, out, &open_form); }
void h_eh_open_post(struct req *r, struct resp *out) { stage_form_post(r, out, &open_form); }

/* ---- step-down ---------------------------------------------------------------------------- */
static const struct fd_field down_fields[] = {
    {.name = "start", .label = "Date of the step-down", .kind = FD_DATE, .required = true,
     .what = "the date of the step-down", .hint = "The episode of need closes and early help starts on this day"},
};

static const char *down_why(const struct stage_ctx *c)
{
    return cin_open(c->cf) ? NULL : "This child has no open episode of need to step down.";
}

static void down_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">Stepping down closes the child's episode of need (reason RC9 when it ended at its "
         "assessment, otherwise RC7) and opens early help on the same day, in one step. The episode of need and "
         "everything in it stay on the record, and the early help episode says where it came from.</p>");
}

static void down_render(struct html *m, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    fd_render_all(m, down_fields, 1, f, fe);
    H(m, "<h2 class=\"govuk-heading-m\">Lead professional for early help</h2>");
    fd_render_all(m, person_fields, N_PERSON, f, fe);
}

static int down_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                     struct err *e)
{
    struct fd_value v[1];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(down_fields, 1, f, &now, v, fe);
    struct eh_person lead;
    read_person(c, f, &lead, fe);
    if (fe->n)
        return HE_INPUT;
    rec_id ep = 0;
    int rc = eh_step_down(c->r->st, &c->r->user, c->cf->id, seen, v[0].day, &lead, c->r->now, &ep, e);
    if (rc == HE_OK)
        snprintf(c->next, STAGE_NEXT_MAX, "/children/%lld/early-help/%lld", (long long)c->cf->id, (long long)ep);
    return rc;
}

static const char *const down_names[] = {"start", "name", "role", "agency", NULL};
static const struct stage_form down_form = {
    .page = "early help step-down form", .title = "Step down to early help", .button = "Step down",
    .unavailable = down_why, .intro = down_intro, .fields = down_render, .save = down_save,
    .field_names = down_names};
void h_eh_step_down_form(struct req *r, struct resp *out) { stage_form_get(r, out, &down_form); }
void h_eh_step_down_post(struct req *r, struct resp *out) { stage_form_post(r, out, &down_form); }

/* ---- step-up ------------------------------------------------------------------------------ */
static const struct fd_field up_fields[] = {
    {.name = "date", .label = "Date of the step-up", .kind = FD_DATE, .required = true,
     .what = "the date of the step-up", .hint = "Early help ends and the referral is made on this day"},
    {.name = "need", .label = "Primary need (if known)", .kind = FD_SELECT, .opts = primary_needs,
     .n_opts = &n_primary_needs},
};

static const char *up_why(const struct stage_ctx *c)
{
    const char *why = episode_open_why(c);
    if (!why && cin_open(c->cf))
        why = "This child already has an open episode of need.";
    return why;
}

static void up_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">Stepping up ends early help (outcome: stepped up) and makes a referral to "
         "children's social care on the same day (referral source 5D, other internal services), in one step. The "
         "early help episode, its assessment, plan and meetings stay on the record beside the new episode of "
         "need.</p>");
}

static void up_render(struct html *m, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    fd_render_all(m, up_fields, 2, f, fe);
}

static int up_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                   struct err *e)
{
    struct fd_value v[2];
    struct fd_now now = fd_now_of(c->r);
    if (fd_read_all(up_fields, 2, f, &now, v, fe))
        return HE_INPUT;
    rec_id referral = 0;
    return eh_step_up(c->r->st, &c->r->user, c->cf->id, seen, c->sub, v[0].day, v[1].text, 0, c->r->now, &referral,
                      e);
}

static const char *const up_names[] = {"date", "need", NULL};
static const struct stage_form up_form = {
    .page = "early help step-up form", .title = "Step up to children's social care", .button = "Step up",
    .unavailable = up_why, .intro = up_intro, .fields = up_render, .save = up_save, .field_names = up_names};
void h_eh_step_up_form(struct req *r, struct resp *out) { stage_form_get(r, out, &up_form); }
void h_eh_step_up_post(struct req *r, struct resp *out) { stage_form_post(r, out, &up_form); }

/* ---- closure ------------------------------------------------------------------------------ */
static const struct fd_field close_fields[] = {
    {.name = "date", .label = "Date early help ended", .kind = FD_DATE, .required = true,
     .what = "the date early help ended"},
    {.name = "outcome", .label = "Outcome", .kind = FD_RADIOS, .required = true, .what = "the outcome",
     .codes = eh_close_outcomes, .n_codes = &n_eh_close_outcomes,
     .hint = "To refer the child to children's social care, step up instead"},
};

static void close_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                         const struct field_errors *fe)
{
    fd_render_all(m, close_fields, 2, f, fe);
}

static int close_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                      struct err *e)
{
    struct fd_value v[2];
    struct fd_now now = fd_now_of(c->r);
    if (fd_read_all(close_fields, 2, f, &now, v, fe))
        return HE_INPUT;
    int rc = eh_close(c->r->st, c->cf->id, seen, c->sub, v[0].day, v[1].text, e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const close_names[] = {"date", "outcome", NULL};
static const struct stage_form close_form = {
    .page = "early help closure form", .title = "Close early help", .button = "Close early help",
    .unavailable = episode_open_why, .fields = close_render, .save = close_save, .field_names = close_names};
void h_eh_close_form(struct req *r, struct resp *out) { stage_form_get(r, out, &close_form); }
void h_eh_close_post(struct req *r, struct resp *out) { stage_form_post(r, out, &close_form); }

/* ---- the early help assessment ------------------------------------------------------------ */
static const struct fd_field assess_fields[] = {
    {.name = "start", .label = "Date the assessment started", .kind = FD_DATE, .required = true,
     .what = "the date the assessment started"},
    {.name = "completed", .label = "Date the assessment was completed", .kind = FD_DATE,
     .what = "the date the assessment was completed", .hint = "Leave blank while it is in progress"},
    {.name = "needs", .label = "What the assessment found", .kind = FD_TEXTAREA, .required = true,
     .what = "what the assessment found", .max_len = 20000,
     .hint = "The family's strengths, needs and what they want to change, in their words where you can"},
};

static void assess_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    fd_render_all(m, assess_fields, 3, f, fe);
}

static int assess_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct fd_value v[3];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(assess_fields, 3, f, &now, v, fe);
    if (!fe->n && v[1].day && v[1].day < v[0].day)
        fe_add(fe, "completed", "The assessment cannot be completed before it started");
    if (fe->n)
        return HE_INPUT;
    int rc = eh_assessment(c->r->st, &c->r->user, c->cf->id, seen, c->sub, v[0].day, v[1].day, v[2].text, c->r->now, e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const assess_names[] = {"start", "completed", "needs", NULL};
static const struct stage_form assess_form = {
    .page = "early help assessment form", .title = "Early help assessment", .button = "Save the assessment",
    .unavailable = episode_open_why, .fields = assess_render, .save = assess_save, .field_names = assess_names};
void h_eh_assessment_form(struct req *r, struct resp *out) { stage_form_get(r, out, &assess_form); }
void h_eh_assessment_post(struct req *r, struct resp *out) { stage_form_post(r, out, &assess_form); }

/* ---- the team around the family ----------------------------------------------------------- */
static const struct fd_field member_start[] = {
    {.name = "start", .label = "Date they joined the team around the family", .kind = FD_DATE, .required = true,
     .what = "the date they joined"},
};

static void member_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    fd_render_all(m, person_fields, N_PERSON, f, fe);
    fd_render_all(m, member_start, 1, f, fe);
}

static int member_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct eh_person p;
    read_person(c, f, &p, fe);
    struct fd_value v[1];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(member_start, 1, f, &now, v, fe);
    if (fe->n)
        return HE_INPUT;
    int rc = eh_member_add(c->r->st, c->cf->id, seen, c->sub, &p, v[0].day, e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const member_names[] = {"name", "role", "agency", "start", NULL};
static const struct stage_form member_form = {
    .page = "team around the family form", .title = "Add to the team around the family", .button = "Add",
    .unavailable = episode_open_why, .fields = member_render, .save = member_save, .field_names = member_names};
void h_eh_member_form(struct req *r, struct resp *out) { stage_form_get(r, out, &member_form); }
void h_eh_member_post(struct req *r, struct resp *out) { stage_form_post(r, out, &member_form); }

/* ---- meetings ----------------------------------------------------------------------------- */
static const struct fd_field meeting_fields[] = {
    {.name = "date", .label = "Date of the meeting", .kind = FD_DATE, .required = true,
     .what = "the date of the meeting"},
    {.name = "attended", .label = "Who came", .kind = FD_TEXT, .required = true, .what = "who came",
     .max_len = 500, .hint = "Names and how they are involved, for example: Jo Lee (mother), Ms Khan (school)"},
    {.name = "summary", .label = "What was agreed", .kind = FD_TEXTAREA, .required = true,
     .what = "what the meeting agreed", .max_len = 20000},
    {.name = "next", .label = "Date of the next meeting", .kind = FD_DATE, .future_ok = true,
     .what = "the date of the next meeting", .hint = "Leave blank if none is planned"},
};

static void meeting_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                           const struct field_errors *fe)
{
    fd_render_all(m, meeting_fields, 4, f, fe);
}

static int meeting_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                        struct err *e)
{
    struct fd_value v[4];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(meeting_fields, 4, f, &now, v, fe);
    if (!fe->n && v[3].day && v[3].day <= v[0].day)
        fe_add(fe, "next", "The next meeting must be after this one");
    if (fe->n)
        return HE_INPUT;
    int rc = eh_meeting_add(c->r->st, &c->r->user, c->cf->id, seen, c->sub, v[0].day, v[1].text, v[2].text, v[3].day,
                            c->r->now, e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const meeting_names[] = {"date", "attended", "summary", "next", NULL};
static const struct stage_form meeting_form = {
    .page = "team around the family meeting form", .title = "Record a team around the family meeting",
    .button = "Save the meeting", .unavailable = episode_open_why, .fields = meeting_render, .save = meeting_save,
    .field_names = meeting_names};
void h_eh_meeting_form(struct req *r, struct resp *out) { stage_form_get(r, out, &meeting_form); }
void h_eh_meeting_post(struct req *r, struct resp *out) { stage_form_post(r, out, &meeting_form); }

/* ---- the family plan ---------------------------------------------------------------------- */
static const struct fd_field outcome_fields[] = {
    {.name = "outcome", .label = "What the family wants to achieve", .kind = FD_TEXT, .required = true,
     .what = "the outcome", .max_len = 300, .hint = "For example: Amy goes to school every day"},
    {.name = "start", .label = "Date it was agreed", .kind = FD_DATE, .required = true, .what = "the date it was agreed"},
    {.name = "review_by", .label = "Review by", .kind = FD_DATE, .future_ok = true, .what = "the review date"},
};

static void outcome_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                           const struct field_errors *fe)
{
    fd_render_all(m, outcome_fields, 3, f, fe);
}

static int outcome_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                        struct err *e)
{
    struct fd_value v[3];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(outcome_fields, 3, f, &now, v, fe);
    if (!fe->n && v[2].day && v[2].day < v[1].day)
        fe_add(fe, "review_by", "The review cannot be before the outcome was agreed");
    if (fe->n)
        return HE_INPUT;
    int rc = eh_outcome_add(c->r->st, &c->r->user, c->cf->id, seen, c->sub, v[0].text, v[1].day, v[2].day, c->r->now,
                            e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const outcome_names[] = {"outcome", "start", "review_by", NULL};
static const struct stage_form outcome_form = {
    .page = "family plan outcome form", .title = "Add an outcome to the family plan", .button = "Add the outcome",
    .unavailable = episode_open_why, .fields = outcome_render, .save = outcome_save, .field_names = outcome_names};
void h_eh_outcome_form(struct req *r, struct resp *out) { stage_form_get(r, out, &outcome_form); }
void h_eh_outcome_post(struct req *r, struct resp *out) { stage_form_post(r, out, &outcome_form); }

/* Options from the episode's outcomes or problems: values and labels kept here. */
#define MAX_PICK 32
struct pick {
    int n;
    char value[MAX_PICK][24];
    struct ui_option opts[MAX_PICK];
    struct ep_loaded l;
};

static void pick_outcomes(const struct stage_ctx *c, struct pick *p)
{
    memset(p, 0, sizeof p->opts);
    p->n = 0;
    if (load_episode(c, &p->l, false))
        return;
    for (int i = 0; i < p->l.x->n_outcomes && p->n < MAX_PICK; i++) {
        snprintf(p->value[p->n], sizeof p->value[p->n], "%lld", (long long)p->l.x->outcomes[i].id);
        p->opts[p->n] = (struct ui_option){p->value[p->n], p->l.x->outcomes[i].outcome};
        p->n++;
    }
}

static const struct fd_field review_fields[] = {
    {.name = "outcome", .label = "Which outcome", .kind = FD_RADIOS, .required = true, .what = "the outcome"},
    {.name = "date", .label = "Date of the review", .kind = FD_DATE, .required = true, .what = "the date of the review"},
    {.name = "status", .label = "How far has it been achieved?", .kind = FD_RADIOS, .required = true,
     .what = "how far it has been achieved", .codes = eh_review_statuses, .n_codes = &n_eh_review_statuses},
    {.name = "note", .label = "What the review found", .kind = FD_TEXTAREA, .required = true,
     .what = "what the review found", .max_len = 5000},
};

static const char *review_why(const struct stage_ctx *c)
{
    struct ep_loaded l;
    const char *why = load_episode(c, &l, true);
    if (!why && !l.x->n_outcomes)
        why = "The family plan has no outcomes yet: add one first.";
    eh_file_free(&l.f);
    return why;
}

static void review_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    struct pick p;
    pick_outcomes(c, &p);
    struct fd_field which = review_fields[0];
    which.opts = p.opts;
    which.n_opts = &p.n;
    fd_render(m, &which, f, fe);
    fd_render_all(m, review_fields + 1, 3, f, fe);
    eh_file_free(&p.l.f);
}

static int review_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct pick p;
    pick_outcomes(c, &p);
    struct fd_field which = review_fields[0];
    which.opts = p.opts;
    which.n_opts = &p.n;
    struct fd_value v[4];
    struct fd_now now = fd_now_of(c->r);
    fd_read(&which, f, &now, &v[0], fe);
    fd_read_all(review_fields + 1, 3, f, &now, v + 1, fe);
    int rc = HE_INPUT;
    if (!fe->n)
        rc = eh_review_add(c->r->st, &c->r->user, c->cf->id, seen, c->sub, strtoll(v[0].text, NULL, 10), v[1].day,
                           v[2].text, v[3].text, c->r->now, e);
    eh_file_free(&p.l.f);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const review_names[] = {"outcome", "date", "status", "note", NULL};
static const struct stage_form review_form = {
    .page = "family plan review form", .title = "Review an outcome of the family plan", .button = "Save the review",
    .unavailable = review_why, .fields = review_render, .save = review_save, .field_names = review_names};
void h_eh_review_form(struct req *r, struct resp *out) { stage_form_get(r, out, &review_form); }
void h_eh_review_post(struct req *r, struct resp *out) { stage_form_post(r, out, &review_form); }

/* ---- Stronger Families: eligibility -------------------------------------------------------- */
static const struct fd_field attach_fields[] = {
    {.name = "attached", .label = "Date the family was found eligible", .kind = FD_DATE, .required = true,
     .what = "the date the family was found eligible"},
    {.name = "problems", .label = "Which of the headline problems does the family meet?", .kind = FD_CHECKBOXES,
     .required = true, .what = "at least two of the headline problems", .codes = sf_problems, .n_codes = &n_sf_problems,
     .hint = "A family meets at least two to join the programme. For each one, give the evidence and the outcome "
             "plan below"},
};

/* The evidence and plan fields of each problem, in sf_problems' order. */
static const char *const evidence_names[] = {"evidence-CRIME", "evidence-SCHOOL", "evidence-CHILD_HELP",
                                             "evidence-WORK", "evidence-DOMESTIC_ABUSE", "evidence-HEALTH"};
static const char *const plan_names[] = {"plan-CRIME", "plan-SCHOOL", "plan-CHILD_HELP", "plan-WORK",
                                         "plan-DOMESTIC_ABUSE", "plan-HEALTH"};
_Static_assert(sizeof evidence_names / sizeof evidence_names[0] == 6, "one per headline problem");

static const char *attach_why(const struct stage_ctx *c)
{
    struct ep_loaded l;
    const char *why = load_episode(c, &l, true);
    if (!why && l.x->family)
        why = "This family is already attached to Stronger Families.";
    eh_file_free(&l.f);
    return why;
}

static void attach_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    fd_render_all(m, attach_fields, 2, f, fe);
    for (int i = 0; i < n_sf_problems && i < 6; i++) {
        char evl[300], pll[300];
        const char *ev = evidence_names[i], *pl = plan_names[i];
        snprintf(evl, sizeof evl, "Evidence: %s", sf_problems[i].label);
        snprintf(pll, sizeof pll, "Outcome plan: %s", sf_problems[i].label);
        struct fd_field e1 = {.name = ev, .label = evl, .kind = FD_TEXTAREA, .max_len = 5000,
                              .hint = "Only for a problem chosen above: who says so, and what they found"};
        struct fd_field e2 = {.name = pl, .label = pll, .kind = FD_TEXTAREA, .max_len = 5000,
                              .hint = "What significant and sustained progress will look like"};
        fd_render(m, &e1, f, fe);
        fd_render(m, &e2, f, fe);
    }
}

static int attach_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct fd_value v[2];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(attach_fields, 2, f, &now, v, fe);
    struct sf_problem_in p[8];
    int n = 0;
    for (int i = 0; i < v[1].n_checked && n < 8; i++) {
        const char *code = v[1].checked[i];
        int k = 0;
        while (k < n_sf_problems && strcmp(sf_problems[k].code, code))
            k++;
        if (k == n_sf_problems)
            continue; /* fd_read refused it already */
        const char *ev = form_get(f, evidence_names[k]), *pl = form_get(f, plan_names[k]);
        if (!ev || !*ev)
            fe_add(fe, evidence_names[k], "Enter the evidence for: %s", sf_problems[k].label);
        if (!pl || !*pl)
            fe_add(fe, plan_names[k], "Enter the outcome plan for: %s", sf_problems[k].label);
        p[n++] = (struct sf_problem_in){code, ev, pl};
    }
    if (!fe_get(fe, "problems") && n < 2)
        fe_add(fe, "problems", "Choose at least two of the headline problems: a family meets two to join the programme");
    if (fe->n)
        return HE_INPUT;
    int rc = sf_attach(c->r->st, &c->r->user, c->cf->id, seen, c->sub, v[0].day, p, n, c->r->now, e);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const attach_names[] = {"attached", "problems", NULL};
static const struct stage_form attach_form = {
    .page = "Stronger Families eligibility form", .title = "Attach the family to Stronger Families",
    .button = "Attach the family", .unavailable = attach_why, .fields = attach_render, .save = attach_save,
    .field_names = attach_names};
void h_sf_attach_form(struct req *r, struct resp *out) { stage_form_get(r, out, &attach_form); }
void h_sf_attach_post(struct req *r, struct resp *out) { stage_form_post(r, out, &attach_form); }

/* ---- Stronger Families: a problem's result ------------------------------------------------ */
static void pick_problems(const struct stage_ctx *c, struct pick *p)
{
    memset(p->opts, 0, sizeof p->opts);
    p->n = 0;
    if (load_episode(c, &p->l, false))
        return;
    for (int i = 0; i < p->l.x->n_problems && p->n < MAX_PICK; i++) {
        const char *code = p->l.x->problems[i].problem;
        p->opts[p->n] = (struct ui_option){code, code_label(sf_problems, n_sf_problems, code)};
        p->n++;
    }
}

static const struct fd_field result_fields[] = {
    {.name = "problem", .label = "Which problem", .kind = FD_RADIOS, .required = true, .what = "the problem"},
    {.name = "result", .label = "Result", .kind = FD_RADIOS, .required = true, .what = "the result",
     .codes = sf_results, .n_codes = &n_sf_results,
     .hint = "Continuous employment is a result for worklessness only"},
    {.name = "date", .label = "Date the result was evidenced", .kind = FD_DATE, .required = true,
     .what = "the date of the result"},
    {.name = "evidence", .label = "Evidence", .kind = FD_TEXTAREA, .required = true, .what = "the evidence",
     .max_len = 5000, .hint = "For example: school attendance over three terms, six months of payslips"},
};

static const char *result_why(const struct stage_ctx *c)
{
    struct ep_loaded l;
    const char *why = load_episode(c, &l, false);
    if (!why && !l.x->family)
        why = "This family is not attached to Stronger Families.";
    else if (!why && l.x->claimed)
        why = "A results claim has been made for this family: its results stay as claimed.";
    eh_file_free(&l.f);
    return why;
}

static void result_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    struct pick p;
    pick_problems(c, &p);
    struct fd_field which = result_fields[0];
    which.opts = p.opts;
    which.n_opts = &p.n;
    fd_render(m, &which, f, fe);
    fd_render_all(m, result_fields + 1, 3, f, fe);
    eh_file_free(&p.l.f);
}

static int result_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct pick p;
    pick_problems(c, &p);
    struct fd_field which = result_fields[0];
    which.opts = p.opts;
    which.n_opts = &p.n;
    struct fd_value v[4];
    struct fd_now now = fd_now_of(c->r);
    fd_read(&which, f, &now, &v[0], fe);
    fd_read_all(result_fields + 1, 3, f, &now, v + 1, fe);
    int rc = HE_INPUT;
    if (!fe->n)
        rc = sf_result(c->r->st, c->cf->id, seen, c->sub, v[0].text, v[1].text, v[2].day, v[3].text, e);
    eh_file_free(&p.l.f);
    if (rc == HE_OK)
        to_episode(c);
    return rc;
}

static const char *const result_names[] = {"problem", "result", "date", "evidence", NULL};
static const struct stage_form result_form = {
    .page = "Stronger Families result form", .title = "Record a Stronger Families result",
    .button = "Save the result", .unavailable = result_why, .fields = result_render, .save = result_save,
    .field_names = result_names};
void h_sf_result_form(struct req *r, struct resp *out) { stage_form_get(r, out, &result_form); }
void h_sf_result_post(struct req *r, struct resp *out) { stage_form_post(r, out, &result_form); }

/* ---- the episode's page ------------------------------------------------------------------- */
static void row(struct html *m, const char *key, const char *value)
{
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>",
      key, value);
}

static void row_day(struct html *m, const char *key, day_t d, const char *none)
{
    if (!d)
        return row(m, key, none);
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%D</dd></div>",
      key, d);
}

static void button(struct html *m, rec_id kid, rec_id ep, const char *path, const char *text, bool secondary)
{
    H(m, "<a class=\"govuk-button%s\" data-module=\"govuk-button\" href=\"/children/%l/early-help/%l/%s\">%s</a> ",
      secondary ? " govuk-button--secondary" : "", (int64_t)kid, (int64_t)ep, path, text);
}

static const char *from_words(const struct eh_episode *x)
{
    if (!x->from)
        return "";
    if (!strcmp(x->from, "contact"))
        return "From a threshold decision at the front door";
    if (!strcmp(x->from, "step_down"))
        return "Stepped down from children's social care";
    return "Directly";
}

static void episode_page(struct html *m, const struct child_file *cf, const struct eh_episode *x, bool may_record)
{
    const struct person *p = &cf->person;
    H(m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>"
         "<span class=\"govuk-caption-l\">%s %s</span><h1 class=\"govuk-heading-l\">Early help from %D</h1>",
      (int64_t)cf->id, p->given_name, p->family_name, x->start);
    H(m, "<dl class=\"govuk-summary-list\">");
    row(m, "How it began", from_words(x));
    if (x->from_episode) {
        for (size_t i = 0; i < cf->n_episodes; i++)
            if (cf->episodes_id[i] == x->from_episode)
                row_day(m, "The episode of need it came from (referral)", cf->episodes[i].referral_date, "");
    }
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Lead professional</dt>"
         "<dd class=\"govuk-summary-list__value\">%s, %s (%s)</dd></div>",
      x->lead.name, x->lead.role, x->lead.agency);
    row_day(m, "Started", x->start, "");
    row_day(m, "Ended", x->end, "Open");
    if (x->outcome)
        row(m, "Outcome", !strcmp(x->outcome, "STEP_UP") ? "Stepped up to children's social care"
                                                       : code_label(eh_close_outcomes, n_eh_close_outcomes, x->outcome));
    H(m, "</dl>");
    bool open = !x->end;
    if (open && may_record) {
        H(m, "<div class=\"govuk-button-group\">");
        button(m, cf->id, x->id, "step-up", "Step up to social care", true);
        button(m, cf->id, x->id, "close", "Close early help", true);
        H(m, "</div>");
    }

    H(m, "<h2 class=\"govuk-heading-m\">Early help assessment</h2>");
    if (!x->assessed)
        H(m, "<p class=\"govuk-body\">Not recorded yet.</p>");
    else {
        H(m, "<dl class=\"govuk-summary-list\">");
        row_day(m, "Started", x->assessment_start, "");
        row_day(m, "Completed", x->assessment_done, "In progress");
        row(m, "What it found", x->needs);
        H(m, "</dl>");
    }
    if (open && may_record)
        button(m, cf->id, x->id, "assessment", x->assessed ? "Update the assessment" : "Record the assessment", true);

    H(m, "<h2 class=\"govuk-heading-m\">Team around the family</h2><ul class=\"govuk-list govuk-list--bullet\">"
         "<li>%s, %s (%s): lead professional</li>",
      x->lead.name, x->lead.role, x->lead.agency);
    for (int i = 0; i < x->n_members; i++)
        H(m, "<li>%s, %s (%s), from %D</li>", x->members[i].name, x->members[i].role, x->members[i].agency,
          x->members[i].start);
    H(m, "</ul>");
    if (open && may_record)
        button(m, cf->id, x->id, "members/new", "Add to the team", true);

    H(m, "<h2 class=\"govuk-heading-m\">Meetings</h2>");
    if (!x->n_meetings)
        H(m, "<p class=\"govuk-body\">No meetings recorded yet.</p>");
    else {
        H(m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Team around the family "
             "meetings</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Who came</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">What was agreed</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Next meeting</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">");
        for (int i = 0; i < x->n_meetings; i++)
            H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%D</td></tr>",
              x->meetings[i].date, x->meetings[i].attended, x->meetings[i].summary, x->meetings[i].next);
        H(m, "</tbody></table>");
    }
    if (open && may_record)
        button(m, cf->id, x->id, "meetings/new", "Record a meeting", true);

    H(m, "<h2 class=\"govuk-heading-m\">Family plan</h2>");
    if (!x->n_outcomes)
        H(m, "<p class=\"govuk-body\">No outcomes agreed yet.</p>");
    else {
        H(m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">The family plan's "
             "outcomes</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Outcome</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Agreed</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Review by</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Latest review</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">");
        for (int i = 0; i < x->n_outcomes; i++) {
            const struct eh_outcome *o = &x->outcomes[i];
            H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%D</td>"
                 "<td class=\"govuk-table__cell\">",
              o->outcome, o->start, o->review_by);
            if (o->status)
                H(m, "<strong>%s</strong> on %D: %s", code_label(eh_review_statuses, n_eh_review_statuses, o->status),
                  o->reviewed, o->note);
            else
                H(m, "Not reviewed yet");
            H(m, "</td></tr>");
        }
        H(m, "</tbody></table>");
    }
    if (open && may_record) {
        H(m, "<div class=\"govuk-button-group\">");
        button(m, cf->id, x->id, "outcomes/new", "Add an outcome", true);
        if (x->n_outcomes)
            button(m, cf->id, x->id, "reviews/new", "Review an outcome", true);
        H(m, "</div>");
    }

    H(m, "<h2 class=\"govuk-heading-m\">Stronger Families</h2>");
    if (!x->family) {
        H(m, "<p class=\"govuk-body\">Not attached to the programme.</p>");
        if (open && may_record)
            button(m, cf->id, x->id, "stronger-families", "Attach the family", true);
        return;
    }
    H(m, "<p class=\"govuk-body\">Attached on %D.%s</p>", x->attached,
      x->claimed ? " A results claim has been made for this family." : "");
    H(m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">The family's headline problems"
         "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Problem</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Evidence</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Outcome plan</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Result</th></tr></thead>"
         "<tbody class=\"govuk-table__body\">");
    for (int i = 0; i < x->n_problems; i++) {
        const struct sf_problem *q = &x->problems[i];
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">",
          code_label(sf_problems, n_sf_problems, q->problem), q->evidence, q->plan);
        if (q->result)
            H(m, "<strong>%s</strong> on %D: %s", code_label(sf_results, n_sf_results, q->result), q->result_date,
              q->result_evidence);
        else
            H(m, "Not yet");
        H(m, "</td></tr>");
    }
    H(m, "</tbody></table>");
    if (may_record && !x->claimed)
        button(m, cf->id, x->id, "results/new", "Record a result", true);
}

void h_eh_episode(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
    if (!child_open(r, out, r->ids[0], "early help episode"))
        return;
    struct err e;
    err_clear(&e);
    struct child_file cf;
    struct eh_file f;
    memset(&f, 0, sizeof f);
    if (store_load_child(r->st, r->ids[0], &cf, &e) != HE_OK)
        return internal(r, out, &e);
    if (eh_load(r->st, r->ids[0], &f, &e) != HE_OK) {
        child_file_free(&cf);
        return internal(r, out, &e);
    }
    const struct eh_episode *x = eh_find(&f, r->ids[1]);
    if (!x || !x->hearth) {
        page_error(r, out, 404, "Page not found", "There is no such early help episode recorded in hearth on this "
                                                  "child's record.");
    } else {
        struct html m = HTML_INIT;
        episode_page(&m, &cf, x, r->user.role != ROLE_FRONT_DOOR);
        page_render(r, out, "Early help", &m);
        html_free(&m);
    }
    eh_file_free(&f);
    child_file_free(&cf);
}

/* ---- the record's section ----------------------------------------------------------------- */
static int eh_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct eh_file f;
    int rc = eh_load(c->r->st, c->f->id, &f, e);
    if (rc != HE_OK)
        return rc;
    if (!f.n_episodes)
        H(h, "<p class=\"govuk-body\">No early help recorded.</p>");
    else {
        H(h, "<ul class=\"govuk-list\">");
        for (int i = 0; i < f.n_episodes && i < 5; i++) {
            const struct eh_episode *x = &f.episodes[i];
            if (x->hearth)
                H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/early-help/%l\">Early help from %D</a>, ",
                  (int64_t)c->f->id, (int64_t)x->id, x->start);
            else
                H(h, "<li>Early help from %D (from a return: %s), ", x->start, x->organisation);
            if (x->end)
                H(h, "ended %D%s</li>", x->end,
                  x->outcome && !strcmp(x->outcome, "STEP_UP") ? ", stepped up" : "");
            else
                H(h, "open%s%s%s</li>", x->hearth ? ", lead " : "", x->hearth ? x->lead.name : "",
                  x->family ? ", Stronger Families" : "");
        }
        H(h, "</ul>");
    }
    eh_file_free(&f);
    if (c->r->user.role == ROLE_FRONT_DOOR)
        return HE_OK;
    if (cin_open(c->f))
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" "
             "href=\"/children/%l/early-help/step-down\">Step down to early help</a></p>",
          (int64_t)c->f->id);
    else if (!eh_open_now(c->f))
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" "
             "href=\"/children/%l/early-help/new\">Start early help</a></p>",
          (int64_t)c->f->id);
    return HE_OK;
}

static bool eh_visible(const struct record_ctx *c)
{
    return c->r->user.role != ROLE_ANALYST;
}
const struct record_section rs_early_help = {"early_help", "Early help", RECORD_RIGHT, 24, eh_visible, eh_section};

/* ---- the programme: targets, cohort, claims ----------------------------------------------- */
static bool may_manage(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static const struct fd_field claim_fields[] = {
    {.name = "from", .label = "First day of the period", .kind = FD_DATE, .required = true,
     .what = "the first day of the claim's period"},
    {.name = "to", .label = "Last day of the period", .kind = FD_DATE, .required = true,
     .what = "the last day of the claim's period"},
};
static const struct fd_field target_fields[] = {
    {.name = "name", .label = "Name", .kind = FD_TEXT, .required = true, .what = "the target's name", .max_len = 90,
     .width = 20, .hint = "For example: Phase 2"},
    {.name = "start", .label = "First day", .kind = FD_DATE, .required = true, .future_ok = true,
     .what = "the first day of the target's period"},
    {.name = "end", .label = "Last day", .kind = FD_DATE, .required = true, .future_ok = true,
     .what = "the last day of the target's period"},
    {.name = "families", .label = "Families", .kind = FD_TEXT, .required = true, .what = "the number of families",
     .max_len = 7, .width = 5},
};

static void programme(struct req *r, struct resp *out, const char *which, const struct form *values,
                      const struct field_errors *fe, const char *done)
{
    if (!may_manage(r) && r->user.role != ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Stronger Families' programme page is for managers and analysts.");
    struct err e;
    err_clear(&e);
    struct sf_target_row *t = NULL;
    struct sf_claim_row *c = NULL;
    int nt = 0, nc = 0;
    if (sf_targets(r->st, &t, &nt, &e) != HE_OK || sf_claims(r->st, &c, &nc, &e) != HE_OK) {
        free(t);
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    ui_error_summary(&m, fe);
    if (done)
        H(&m, "<div class=\"govuk-panel govuk-panel--confirmation\"><div class=\"govuk-panel__body\">%s</div></div>",
          done);
    H(&m, "<h1 class=\"govuk-heading-l\">Stronger Families</h1><p class=\"govuk-body\">Families are attached from "
          "their early help episode when they meet at least two of the six headline problems. A results claim "
          "takes every family whose results fall in its period and that no claim has taken. The figures are on the "
          "<a class=\"govuk-link\" href=\"/dashboard#service-stronger_families\">dashboard</a>.</p>");
    H(&m, "<h2 class=\"govuk-heading-m\">Targets and cohort</h2>");
    if (!nt)
        H(&m, "<p class=\"govuk-body\">No target set.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Targets</caption>"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Target</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Period</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Families</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Attached</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Claimed for</th>"
              "</tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < nt; i++)
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%D to %D</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td></tr>",
              t[i].name, t[i].start, t[i].end, t[i].families, t[i].attached, t[i].claimed);
        H(&m, "</tbody></table>");
    }
    H(&m, "<h2 class=\"govuk-heading-m\">Results claims</h2>");
    if (!nc)
        H(&m, "<p class=\"govuk-body\">No claims made.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Results claims</caption>"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Period</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Made</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Significant and "
              "sustained progress</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Continuous "
              "employment</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < nc; i++)
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D to %D</td>"
                  "<td class=\"govuk-table__cell\">%D</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td></tr>",
              c[i].from, c[i].to, c[i].claimed, c[i].progress, c[i].employment);
        H(&m, "</tbody></table>");
    }
    free(t);
    free(c);
    if (may_manage(r)) {
        const struct form *cv = which && !strcmp(which, "claim") ? values : NULL;
        const struct form *tv = which && !strcmp(which, "target") ? values : NULL;
        const struct field_errors *cfe = cv ? fe : NULL, *tfe = tv ? fe : NULL;
        H(&m, "<h2 class=\"govuk-heading-m\">Make a results claim</h2>"
              "<form method=\"post\" action=\"/stronger-families/claims\" novalidate>");
        ui_csrf(&m, r);
        fd_render_all(&m, claim_fields, 2, cv, cfe);
        H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Make the claim</button>"
              "</form><h2 class=\"govuk-heading-m\">Set a target</h2>"
              "<form method=\"post\" action=\"/stronger-families/targets\" novalidate>");
        ui_csrf(&m, r);
        fd_render_all(&m, target_fields, 4, tv, tfe);
        H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
              "Save the target</button></form>");
    }
    char title[80];
    snprintf(title, sizeof title, "%sStronger Families", fe && fe->n ? "Error: " : "");
    page_render(r, out, title, &m);
    html_free(&m);
}

void h_sf_programme(struct req *r, struct resp *out)
{
    const char *claimed = form_get(&r->query, "claimed"), *target = form_get(&r->query, "target");
    char done[120] = "";
    if (claimed) {
        long n = strtol(claimed, NULL, 10);
        snprintf(done, sizeof done, "Claim made for %ld famil%s", n, n == 1 ? "y" : "ies");
    } else if (target)
        snprintf(done, sizeof done, "Target saved");
    programme(r, out, NULL, NULL, NULL, done[0] ? done : NULL);
}

void h_sf_claim_post(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "Results claims are made by managers.");
    struct field_errors fe = {0};
    struct fd_value v[2];
    struct fd_now now = fd_now_of(r);
    fd_read_all(claim_fields, 2, &r->body, &now, v, &fe);
    int64_t claim = 0;
    int families = 0;
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = sf_claim(r->st, &r->user, v[0].day, v[1].day, r->today, r->now, &claim, &families, &e);
        if (rc == HE_INPUT)
            fe_add(&fe, !strcmp(e.field, "to") ? "to" : "from", "%s", e.msg);
        else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return programme(r, out, "claim", &r->body, &fe, NULL);
    }
    char loc[80];
    snprintf(loc, sizeof loc, "/stronger-families?claimed=%d", families);
    redirect(out, loc);
}

void h_sf_target_post(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "Targets are set by managers.");
    struct field_errors fe = {0};
    struct fd_value v[4];
    struct fd_now now = fd_now_of(r);
    fd_read_all(target_fields, 4, &r->body, &now, v, &fe);
    long long families = 0;
    if (!fe_get(&fe, "families")) {
        char *end = NULL;
        families = strtoll(v[3].text, &end, 10);
        if (!*v[3].text || *end || families <= 0)
            fe_add(&fe, "families", "Enter the number of families, a whole number above 0");
    }
    if (!fe.n && v[2].day < v[1].day)
        fe_add(&fe, "end", "The period cannot end before it starts");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = sf_target_set(r->st, v[0].text, v[1].day, v[2].day, families, &e);
        if (rc == HE_INPUT)
            fe_add(&fe, e.field[0] ? e.field : "name", "%s", e.msg);
        else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return programme(r, out, "target", &r->body, &fe, NULL);
    }
    redirect(out, "/stronger-families?target=saved");
}
