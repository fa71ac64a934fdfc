/* pages_meetings: the meetings of a child's journey with what was said at them. A strategy
 * discussion (who took part, what was shared, the decision: a section 47 enquiry, none, or
 * that the running enquiry needs no conference, which stops its clock); the initial child
 * protection conference (attendees, decisions, minutes, the plan's category); the meetings
 * that review a plan (core groups and review conferences for a child protection plan, child
 * in need reviews, looked-after reviews, pathway plan reviews), which update the plan's
 * actions; and the child's meetings read back. Forms are declared once (form_decl.h) on the
 * stage forms' common shape (stage_form.h); writes go through store/content.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/journey.h"
#include "../store/content.h"
#include "content_ui.h"
#include "form_decl.h"
#include "labels.h"
#include "qa.h"
#include "record.h"
#include "stage_form.h"

#define ATTENDEES_HINT                                                                             \
    "One person a line: their name, a comma, then their agency or role. For example: Priya Shah, " \
    "Police"

static const struct fd_field f_date = {.name = "date", .label = "Date of the meeting", .kind = FD_DATE,
                                       .required = true, .what = "the date of the meeting"};
static const struct fd_field f_attendees = {.name = "attendees", .label = "Who took part",
                                            .hint = ATTENDEES_HINT, .kind = FD_TEXTAREA,
                                            .required = true, .what = "who took part",
                                            .max_len = CT_ATTENDEES_MAX * (CT_LINE_MAX + 2)};
static const struct fd_field f_decisions = {.name = "decisions", .label = "Decisions",
                                            .kind = FD_TEXTAREA, .what = "the decisions",
                                            .max_len = CT_TEXT_MAX};
static const struct fd_field f_minutes = {.name = "minutes", .label = "Minutes", .kind = FD_TEXTAREA,
                                          .what = "the minutes", .max_len = CT_TEXT_MAX};

/* The meeting's common parts read from the form into m (attendees into mem). */
static void meeting_read(const struct stage_ctx *c, const struct form *f, struct arena *mem,
                         struct ct_meeting_in *m, struct field_errors *fe)
{
    struct fd_now now = fd_now_of(c->r);
    struct fd_value v;
    fd_read(&f_date, f, &now, &v, fe);
    m->date = v.day;
    fd_read(&f_attendees, f, &now, &v, fe);
    struct ct_attendee *who = NULL;
    if (*v.text && !fe_get(fe, "attendees"))
        attendees_read(v.text, "attendees", mem, &who, &m->n_attendees, fe);
    m->attendees = who;
    fd_read(&f_decisions, f, &now, &v, fe);
    m->decisions = v.text;
    fd_read(&f_minutes, f, &now, &v, fe);
    m->minutes = v.text;
}

static rec_id open_episode(const struct child_file *cf)
{
    for (size_t i = cf->n_episodes; i-- > 0;)
        if (!cf->episodes[i].closure_date)
            return cf->episodes_id[i];
    return 0;
}

/* ---- strategy discussion -------------------------------------------------------------- */
static const struct fd_field f_shared = {.name = "shared", .label = "What was shared",
                                         .hint = "What each agency knows about the child and family",
                                         .kind = FD_TEXTAREA, .what = "what was shared",
                                         .max_len = CT_TEXT_MAX};
static const struct fd_field f_strategy_decision = {.name = "decision", .label = "What was decided",
                                                    .kind = FD_RADIOS, .required = true,
                                                    .what = "what was decided",
                                                    .codes = strategy_decisions,
                                                    .n_codes = &n_strategy_decisions};

static const char *strategy_unavailable(const struct stage_ctx *c)
{
    return open_episode(c->cf) ? NULL
                               : "This stage belongs to an open episode of need: record a referral first.";
}

static void strategy_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">Record who took part, what was shared and what was decided. A section "
         "47 enquiry starts the clock for the initial child protection conference (15 working days); "
         "when the enquiry finds no conference is needed, record that here and the clock stops.</p>");
}

static void strategy_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                            const struct field_errors *fe)
{
    struct fd_field date = f_date;
    date.label = "Date of the strategy discussion";
    date.what = "the date of the strategy discussion";
    fd_render(m, &date, f, fe);
    fd_render(m, &f_attendees, f, fe);
    fd_render(m, &f_shared, f, fe);
    fd_render(m, &f_strategy_decision, f, fe);
    fd_render(m, &f_minutes, f, fe);
}

static int strategy_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                         struct field_errors *fe, struct err *e)
{
    struct arena mem = ARENA_INIT;
    struct ct_meeting_in m = {0};
    meeting_read(c, f, &mem, &m, fe);
    struct fd_now now = fd_now_of(c->r);
    struct fd_value shared, decision;
    fd_read(&f_shared, f, &now, &shared, fe);
    fd_read(&f_strategy_decision, f, &now, &decision, fe);
    m.shared = shared.text;
    int rc = fe->n ? HE_INPUT
                   : ct_strategy(c->r->st, &c->r->user, c->cf->id, seen, &m, decision.text, c->r->now,
                                 NULL, e);
    arena_free(&mem);
    return rc;
}

static const char *const strategy_names[] = {"date", "attendees", "shared", "decision", "minutes", NULL};
static const struct stage_form strategy_form = {
    .page = "strategy discussion form", .title = "Strategy discussion",
    .button = "Save the strategy discussion", .unavailable = strategy_unavailable,
    .intro = strategy_intro, .fields = strategy_fields, .save = strategy_save,
    .field_names = strategy_names};
void h_strategy_form(struct req *r, struct resp *out) { stage_form_get(r, out, &strategy_form); }
void h_strategy_post(struct req *r, struct resp *out) { stage_form_post(r, out, &strategy_form); }

/* ---- initial child protection conference ---------------------------------------------- */
static const struct fd_field f_category = {
    .name = "category", .label = "Child protection plan category (leave blank when no plan was decided)",
    .kind = FD_SELECT, .what = "the plan's category", .codes = plan_categories,
    .n_codes = &n_plan_categories};

static const struct s47_enquiry *s47_of(const struct stage_ctx *c)
{
    for (size_t i = 0; i < c->cf->n_s47s; i++)
        if (c->cf->s47s_id[i] == c->sub)
            return &c->cf->s47s[i];
    return NULL;
}

static const char *icpc_unavailable(const struct stage_ctx *c)
{
    return s47_of(c) ? NULL : "This child has no such enquiry.";
}

static void icpc_intro(struct html *m, const struct stage_ctx *c)
{
    const struct s47_enquiry *q = s47_of(c);
    H(m, "<p class=\"govuk-body\">Strategy discussion %D; conference due by %D. When the conference "
         "decides on a plan, the first core group is due within 10 working days.</p>",
      q->start, clock_due(CLOCK_ICPC, q->start));
}

static void icpc_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                        const struct field_errors *fe)
{
    struct fd_field date = f_date;
    date.label = "Date of the conference";
    date.what = "the date of the conference";
    fd_render(m, &date, f, fe);
    fd_render(m, &f_attendees, f, fe);
    fd_render(m, &f_category, f, fe);
    fd_render(m, &f_decisions, f, fe);
    fd_render(m, &f_minutes, f, fe);
}

static int icpc_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                     struct field_errors *fe, struct err *e)
{
    struct arena mem = ARENA_INIT;
    struct ct_meeting_in m = {0};
    meeting_read(c, f, &mem, &m, fe);
    struct fd_now now = fd_now_of(c->r);
    struct fd_value cat;
    fd_read(&f_category, f, &now, &cat, fe);
    int rc = fe->n ? HE_INPUT
                   : ct_icpc(c->r->st, &c->r->user, c->cf->id, seen, c->sub, &m, cat.text, c->r->now,
                             NULL, e);
    arena_free(&mem);
    return rc;
}

static const char *const icpc_names[] = {"date", "attendees", "category", "decisions", "minutes", NULL};
static const struct stage_form icpc_form = {
    .page = "conference form", .title = "Initial child protection conference",
    .button = "Save the conference", .unavailable = icpc_unavailable, .intro = icpc_intro,
    .fields = icpc_fields, .save = icpc_save, .field_names = icpc_names};
void h_icpc_form(struct req *r, struct resp *out) { stage_form_get(r, out, &icpc_form); }
void h_icpc_post(struct req *r, struct resp *out) { stage_form_post(r, out, &icpc_form); }

/* ---- a meeting that reviews a plan ---------------------------------------------------- */
/* The plan the path names, with its actions. */
static bool plan_load(const struct stage_ctx *c, struct ct_plan_view *v)
{
    struct err e;
    bool found = false;
    err_clear(&e);
    if (ct_plan_get(c->r->st, c->cf->id, c->sub, v, &found, &e) != HE_OK || !found) {
        ct_plan_view_free(v);
        return false;
    }
    return true;
}

static const char *review_unavailable(const struct stage_ctx *c)
{
    struct ct_plan_view v;
    if (!plan_load(c, &v))
        return "This child has no such plan.";
    ct_plan_view_free(&v);
    return NULL;
}

static void review_intro(struct html *m, const struct stage_ctx *c)
{
    struct ct_plan_view v;
    if (!plan_load(c, &v))
        return;
    H(m, "<p class=\"govuk-body\">%s started %D. Record the meeting, then the progress of each action: "
         "what changed is kept with the meeting.</p>",
      stage_label(plan_kinds, n_plan_kinds, v.p.kind), v.p.start);
    ct_plan_view_free(&v);
}

/* The kinds of meeting that review the plan, as a list for the radios. */
static int review_kinds(const char *plan_kind, struct stage_code out[2])
{
    const char *k[2];
    int n = plan_review_kinds(plan_kind, k);
    for (int i = 0; i < n; i++)
        out[i] = (struct stage_code){k[i], stage_label(meeting_kinds, n_meeting_kinds, k[i])};
    return n;
}

static const struct fd_field f_kind = {.name = "kind", .label = "Which meeting", .kind = FD_RADIOS,
                                       .required = true, .what = "which meeting it was"};
static const struct fd_field f_review_code = {
    .name = "code", .label = "How the child took part (looked-after reviews)", .kind = FD_SELECT,
    .what = "how the child took part", .codes = review_codes, .n_codes = &n_review_codes};

#define NEW_ROWS 2
#define ROW_FIELDS(i)                                                                              \
    {.name = "new" #i "-action", .label = "New action " #i " (optional)", .kind = FD_TEXT,          \
     .what = "the new action", .max_len = CT_LINE_MAX},                                            \
    {.name = "new" #i "-owner", .label = "Who will do it", .kind = FD_TEXT, .what = "who will do it", \
     .max_len = CT_LINE_MAX, .width = 20},                                                         \
    {.name = "new" #i "-due", .label = "By when", .kind = FD_DATE, .what = "the date it is due by", \
     .future_ok = true},                                                                           \
    {.name = "new" #i "-status", .label = "Status", .kind = FD_SELECT, .what = "the status",       \
     .codes = action_statuses, .n_codes = &n_action_statuses}
static const struct fd_field new_rows[NEW_ROWS][4] = {{ROW_FIELDS(1)}, {ROW_FIELDS(2)}};

static void status_select(struct html *m, const struct ct_action *a, const struct form *f,
                          const struct field_errors *fe)
{
    char key[32], note[32], label[300];
    snprintf(key, sizeof key, "status-%lld", (long long)a->id);
    snprintf(note, sizeof note, "note-%lld", (long long)a->id);
    struct ui_option opts[8];
    for (int i = 0; i < n_action_statuses && i < 8; i++)
        opts[i] = (struct ui_option){action_statuses[i].code, action_statuses[i].label};
    const char *v = form_get(f, key);
    H(m, "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
         "govuk-fieldset__legend--s\">%d. %s</legend><p class=\"govuk-body\">%s, by %D</p>",
      a->seq, a->action, a->owner, a->due);
    snprintf(label, sizeof label, "Status of action %d", a->seq);
    ui_select(m, key, label, opts, n_action_statuses, v ? v : a->status, fe);
    snprintf(label, sizeof label, "Progress on action %d (optional)", a->seq);
    ui_text(m, note, label, NULL, form_text(f, note), fe, 0);
    H(m, "</fieldset>");
}

static void review_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    struct ct_plan_view v;
    if (!plan_load(c, &v))
        return;
    struct stage_code kinds[2];
    int nk = review_kinds(v.p.kind, kinds);
    struct fd_field kind = f_kind;
    kind.codes = kinds;
    kind.n_codes = &nk;
    fd_render(m, &kind, f, fe);
    fd_render(m, &f_date, f, fe);
    fd_render(m, &f_attendees, f, fe);
    if (!strcmp(v.p.kind, "CARE"))
        fd_render(m, &f_review_code, f, fe);
    fd_render(m, &f_decisions, f, fe);
    fd_render(m, &f_minutes, f, fe);
    H(m, "<h2 class=\"govuk-heading-m\">The plan's actions</h2>");
    for (size_t i = 0; i < v.n_actions; i++)
        status_select(m, &v.actions[i], f, fe);
    H(m, "<h2 class=\"govuk-heading-m\">New actions</h2>");
    for (int i = 0; i < NEW_ROWS; i++)
        fd_render_all(m, new_rows[i], 4, f, fe);
    ct_plan_view_free(&v);
}

static void to_plan(const struct stage_ctx *c, char *loc, size_t n)
{
    snprintf(loc, n, "/children/%lld/plans/%lld", (long long)c->cf->id, (long long)c->sub);
}

static int review_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                       struct field_errors *fe, struct err *e)
{
    struct ct_plan_view v;
    if (!plan_load(c, &v))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "this child has no such plan");
    struct arena mem = ARENA_INIT;
    struct ct_meeting_in m = {0};
    struct fd_now now = fd_now_of(c->r);
    struct stage_code kinds[2];
    int nk = review_kinds(v.p.kind, kinds);
    struct fd_field kind_f = f_kind;
    kind_f.codes = kinds;
    kind_f.n_codes = &nk;
    struct fd_value kind, code = {.text = NULL};
    fd_read(&kind_f, f, &now, &kind, fe);
    meeting_read(c, f, &mem, &m, fe);
    if (!strcmp(v.p.kind, "CARE")) {
        fd_read(&f_review_code, f, &now, &code, fe);
        if (!strcmp(kind.text, "LA_REVIEW") && !*code.text)
            fe_add(fe, "code", "Choose how the child took part");
    }
    struct ct_action_change *ch = arena_alloc(&mem, (v.n_actions + 1) * sizeof *ch);
    int n_ch = 0;
    for (size_t i = 0; i < v.n_actions; i++) {
        char key[32], note[32];
        snprintf(key, sizeof key, "status-%lld", (long long)v.actions[i].id);
        snprintf(note, sizeof note, "note-%lld", (long long)v.actions[i].id);
        const char *st = form_text(f, key), *nt = form_text(f, note);
        if (!*st)
            st = v.actions[i].status;
        if (!stage_label(action_statuses, n_action_statuses, st)) {
            fe_add(fe, key, "Choose the status of action %d from the list", v.actions[i].seq);
            continue;
        }
        if (utf8_chars(nt) > CT_LINE_MAX)
            fe_add(fe, note, "Say the progress on action %d in %d characters or fewer", v.actions[i].seq,
                   CT_LINE_MAX);
        else if (!plain_text(nt) || strchr(nt, '\n'))
            fe_add(fe, note, "The progress on action %d must be one line of plain words: remove anything in angle brackets (< >)", v.actions[i].seq);
        else if (strcmp(st, v.actions[i].status) || *nt)
            ch[n_ch++] = (struct ct_action_change){v.actions[i].id, arena_strdup(&mem, st),
                                                   arena_strdup(&mem, nt)};
    }
    struct ct_action_in added[NEW_ROWS];
    int n_added = 0;
    plan_action_rows(new_rows, NEW_ROWS, f, &now, added, &n_added, fe);
    int rc = fe->n ? HE_INPUT
                   : ct_plan_meeting(c->r->st, &c->r->user, c->cf->id, seen, c->sub, kind.text, &m,
                                     code.text && *code.text ? code.text : NULL, ch, n_ch, added, n_added,
                                     c->r->now, NULL, e);
    if (rc == HE_OK)
        to_plan(c, c->next, STAGE_NEXT_MAX);
    arena_free(&mem);
    ct_plan_view_free(&v);
    return rc;
}


static const char *const review_names[] = {"date", "kind", "attendees", "code", "decisions", "minutes",
                                           "actions", NULL};
static const struct stage_form review_form = {
    .page = "plan review form", .title = "Review the plan", .button = "Save the meeting",
    .unavailable = review_unavailable, .intro = review_intro, .fields = review_fields,
    .save = review_save, .field_names = review_names};
void h_plan_meeting_form(struct req *r, struct resp *out) { stage_form_get(r, out, &review_form); }
void h_plan_meeting_post(struct req *r, struct resp *out) { stage_form_post(r, out, &review_form); }

/* ---- the child's meetings read back ---------------------------------------------------- */
enum { PAGE_SIZE = 20 };

static const char *kind_label(const char *kind)
{
    const char *l = stage_label(meeting_kinds, n_meeting_kinds, kind);
    return l ? l : kind;
}

void h_meetings(struct req *r, struct resp *out)
{
    struct child_file cf;
    if (!content_child(r, out, "meetings", &cf))
        return;
    int page = atoi(form_text(&r->query, "page"));
    if (page < 1 || page > 100000)
        page = 1;
    struct err e;
    err_clear(&e);
    struct ct_meeting_page p;
    if (ct_meeting_list(r->st, cf.id, (page - 1) * PAGE_SIZE, PAGE_SIZE, &p, &e) != HE_OK) {
        child_file_free(&cf);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a><span "
          "class=\"govuk-caption-l\">%s %s</span><h1 class=\"govuk-heading-l\">Meetings</h1>",
      (int64_t)cf.id, cf.person.given_name, cf.person.family_name);
    if (!p.n)
        H(&m, "<p class=\"govuk-body\">No meetings are recorded.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
              "Meetings, newest first</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Date</th><th scope=\"col\" "
              "class=\"govuk-table__header\">Meeting</th><th scope=\"col\" class=\"govuk-table__header\">"
              "People</th><th scope=\"col\" class=\"govuk-table__header\">Recorded by</th></tr></thead>"
              "<tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < p.n; i++)
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td><td "
                  "class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/children/%l/meetings/%l\">%s</a>"
                  "</td><td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%s</td></tr>",
              p.m[i].date, (int64_t)cf.id, p.m[i].id, kind_label(p.m[i].kind), (int)p.m[i].n_attendees,
              p.m[i].by);
        H(&m, "</tbody></table>");
    }
    if (p.total > PAGE_SIZE) {
        int pages = (int)((p.total + PAGE_SIZE - 1) / PAGE_SIZE);
        H(&m, "<nav class=\"govuk-pagination\" aria-label=\"Pages of meetings\">");
        if (page > 1)
            H(&m, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"/children/%l/meetings?page=%d\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">"
                  "Newer</span></a></div>",
              (int64_t)cf.id, page - 1);
        if (page < pages)
            H(&m, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"/children/%l/meetings?page=%d\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                  "Older</span></a></div>",
              (int64_t)cf.id, page + 1);
        H(&m, "</nav><p class=\"govuk-body\">Page %d of %d.</p>", page, pages);
    }
    page_render(r, out, "Meetings", &m);
    html_free(&m);
    ct_meeting_page_free(&p);
    child_file_free(&cf);
}

void h_meeting_view(struct req *r, struct resp *out)
{
    struct child_file cf;
    char pg[64];
    snprintf(pg, sizeof pg, "meeting %lld", (long long)r->ids[1]);
    if (!content_child(r, out, pg, &cf))
        return;
    struct err e;
    err_clear(&e);
    struct ct_meeting_page p;
    bool found;
    if (ct_meeting_get(r->st, cf.id, r->ids[1], &p, &found, &e) != HE_OK) {
        child_file_free(&cf);
        return page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
    }
    if (!found) {
        ct_meeting_page_free(&p);
        child_file_free(&cf);
        return page_error(r, out, 404, "Page not found", "This child has no such meeting.");
    }
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l/meetings\">Back to the meetings</a><span "
          "class=\"govuk-caption-l\">%s %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
      (int64_t)cf.id, cf.person.given_name, cf.person.family_name, kind_label(p.m[0].kind));
    meeting_show(&m, &p.m[0]);
    if (p.m[0].plan)
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/plans/%l\">The plan it "
              "reviewed</a></p>",
          (int64_t)cf.id, p.m[0].plan);
    voice_on(&m, r, cf.id, 0, p.m[0].id);
    docs_about(&m, r, cf.id, "meeting", p.m[0].id);
    H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/meetings/%l/invitation\">The "
          "invitation to print or save as a PDF</a></p>", (int64_t)cf.id, p.m[0].id);
    page_render(r, out, kind_label(p.m[0].kind), &m);
    html_free(&m);
    ct_meeting_page_free(&p);
    child_file_free(&cf);
}

/* ---- on the child's record: the latest meetings -------------------------------------- */
static int meetings(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct ct_meeting_page p;
    int rc = ct_meeting_list(c->r->st, c->f->id, 0, 5, &p, e);
    if (rc != HE_OK)
        return rc;
    H(h, "<h2 class=\"govuk-heading-m\">Meetings</h2><ul class=\"govuk-list\">");
    for (size_t i = 0; i < p.n; i++)
        H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/meetings/%l\">%s, %D</a></li>", (int64_t)c->f->id,
          p.m[i].id, kind_label(p.m[i].kind), p.m[i].date);
    H(h, "</ul>");
    if (p.total > (int64_t)p.n)
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/meetings\">All %l meetings</a></p>",
          (int64_t)c->f->id, p.total);
    ct_meeting_page_free(&p);
    return HE_OK;
}

static bool has_meetings(const struct record_ctx *c)
{
    return c->x && c->x->n_meetings > 0 && c->r->user.role != ROLE_FRONT_DOOR &&
           c->r->user.role != ROLE_ANALYST;
}
const struct record_section rs_meetings = {"meetings", NULL, RECORD_RIGHT, 27, has_meetings, meetings};
