/* pages_notes: case notes on a child's record (recording one, reading it with every
 * version, amending it, the child's notes page by page), the chronology page with its
 * filter, and the significant-events chronology to print. Every page opens the child
 * through child_open (role, team, restriction and break-glass checks; the access log), and
 * finds a note only through a child it concerns, so whoever may not open the child may
 * not read its notes. The form is declared once (note_fields) for showing, reading and
 * checking it. The record's "Case notes" section is here too (rs_notes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/journey.h"
#include "../store/notes.h"
#include "../store/workflow.h"
#include "../store/stages.h"
#include "../store/trust.h"
#include "chronology.h"
#include "form_decl.h"
#include "labels.h"
#include "qa.h"
#include "record.h"

#define NOTE_TEXT_MAX 60000 /* characters: a long visit fits with room to spare */
#define PAGE_NOTES 25
#define PRINT_NOTES_MAX 1000

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

/* ---- the form, declared once ---------------------------------------------------------- */
static const struct ui_option flag_options[] = {
    {"significant", "A significant event: it goes into the chronology of significant events"},
    {"oversight", "For management oversight: it goes to the team manager to read"},
};
static const int n_flag_options = 2;

enum { F_KIND, F_WHEN, F_PRESENT, F_SEEN, F_ALONE, F_BODY, F_FLAGS, F_CHILDREN, NF };
static const struct fd_field note_fields[NF] = {
    [F_KIND] = {.name = "kind", .label = "Type of note", .kind = FD_RADIOS, .required = true,
                .what = "the type of note", .opts = note_kind_options, .n_opts = &n_note_kind_options},
    [F_WHEN] = {.name = "when", .label = "When did it happen?", .kind = FD_DATETIME, .required = true,
                .what = "the date it happened",
                .hint = "The day of the visit, call or meeting, not today's date if you are writing it up "
                        "later. For example, 27 3 2026"},
    [F_PRESENT] = {.name = "present", .label = "Who was there", .kind = FD_TEXT, .max_len = 500,
                   .hint = "Names and how they are involved, for example: Jo Lee (mother), Amy, Ben"},
    [F_SEEN] = {.name = "seen", .label = "Was the child seen?", .kind = FD_YES_NO,
                .what = "whether the child was seen"},
    [F_ALONE] = {.name = "alone", .label = "Was the child seen alone?", .kind = FD_YES_NO,
                 .what = "whether the child was seen alone"},
    [F_BODY] = {.name = "body", .label = "Note", .kind = FD_TEXTAREA, .required = true, .what = "the note",
                .max_len = NOTE_TEXT_MAX, .hint = "Plain paragraphs: leave a blank line between them"},
    [F_FLAGS] = {.name = "flags", .label = "Mark this note", .kind = FD_CHECKBOXES, .opts = flag_options,
                 .n_opts = &n_flag_options, .hint = "Select any that apply"},
    [F_CHILDREN] = {.name = "children", .label = "Which other children does this note concern?",
                    .kind = FD_CHECKBOXES, .what = "the children",
                    .hint = "The note goes on each child's record. Brothers, sisters and other children "
                            "of the household are listed"},
};

/* Types of work where the child is expected to be seen. */
static bool seeing_kind(const char *kind)
{
    return kind && (!strcmp(kind, "home_visit") || !strcmp(kind, "office_visit") || !strcmp(kind, "direct_work"));
}

/* Other children of the family network the note may also concern: brothers and sisters,
 * and anyone of the household under 18. */
struct kids {
    int n;
    char id[NOTE_MAX_CHILDREN][24];
    char label[NOTE_MAX_CHILDREN][300];
    struct ui_option opts[NOTE_MAX_CHILDREN];
};

static void kids_of(const struct child_extra *x, day_t today, struct kids *k)
{
    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < x->n_relationships && k->n < NOTE_MAX_CHILDREN - 1; i++) {
        const struct relationship *p = &x->relationships[i];
        bool sibling = p->kind && (!strcmp(p->kind, "SIBLING") || !strcmp(p->kind, "HALF_SIBLING"));
        bool young = p->household == 1 && p->dob && date_age(p->dob, today) < 18;
        if (!sibling && !young)
            continue;
        bool dup = false;
        for (int d = 0; d < k->n; d++)
            dup |= strtoll(k->id[d], NULL, 10) == p->relative;
        if (dup)
            continue;
        snprintf(k->id[k->n], sizeof k->id[k->n], "%lld", (long long)p->relative);
        snprintf(k->label[k->n], sizeof k->label[k->n], "%s %s (%s%s)", p->given ? p->given : "",
                 p->family ? p->family : "", stage_label(relationship_kinds, n_relationship_kinds, p->kind)
                                                  ? stage_label(relationship_kinds, n_relationship_kinds, p->kind)
                                                  : "household",
                 p->household == 1 ? ", lives with the child" : "");
        k->opts[k->n] = (struct ui_option){k->id[k->n], k->label[k->n]};
        k->n++;
    }
}

/* The child's record and what the stage forms add, opened for page (the access log). */
struct opened {
    struct child_file cf;
    struct child_extra x;
};

static bool open_child(struct req *r, struct resp *out, const char *page, struct opened *o)
{
    memset(o, 0, sizeof *o);
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
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
    if (st_load_extra(r->st, r->ids[0], &o->x, &e) != HE_OK) {
        child_file_free(&o->cf);
        internal(r, out, &e);
        return false;
    }
    return true;
}

static void close_child(struct opened *o)
{
    child_extra_free(&o->x);
    child_file_free(&o->cf);
}

static void child_caption(struct html *m, const struct child_file *cf)
{
    const struct person *p = &cf->person;
    H(m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">", (int64_t)cf->id);
    if ((p->given_name && *p->given_name) || (p->family_name && *p->family_name))
        H(m, "%s %s", p->given_name, p->family_name);
    else
        H(m, "Child %s", p->la_child_id);
    H(m, "</a></span>");
}

/* A struct form holding a note's values, to fill the amend form. */
static void fput(struct form *f, const char *name, const char *value)
{
    if (f->n == FORM_MAX_FIELDS)
        return;
    f->name[f->n] = xstrdup(name);
    f->value[f->n] = xstrdup(value ? value : "");
    f->n++;
}

static void form_of_note(const struct note *n, struct form *f)
{
    char v[32];
    int y, m, d;
    memset(f, 0, sizeof *f);
    fput(f, "kind", n->kind);
    date_to_ymd(n->day, &y, &m, &d);
    snprintf(v, sizeof v, "%d", d);
    fput(f, "when-day", v);
    snprintf(v, sizeof v, "%d", m);
    fput(f, "when-month", v);
    snprintf(v, sizeof v, "%d", y);
    fput(f, "when-year", v);
    snprintf(v, sizeof v, "%02d:%02d", n->minute / 60, n->minute % 60);
    fput(f, "when-time", v);
    fput(f, "present", n->present);
    if (n->seen >= 0)
        fput(f, "seen", n->seen ? "1" : "0");
    if (n->seen_alone >= 0)
        fput(f, "alone", n->seen_alone ? "1" : "0");
    fput(f, "body", n->body);
    if (n->significant)
        fput(f, "flags", "significant");
    if (n->oversight)
        fput(f, "flags", "oversight");
}

/* The form page: a new note (n NULL) or an amendment of n. */
static void note_form_page(struct req *r, struct resp *out, const struct opened *o, const struct note *n,
                           const struct kids *k, const struct form *values, const struct field_errors *fe,
                           bool from_draft)
{
    const char *title = n ? "Amend the case note" : "Record a case note";
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l%s\">Back</a>"
          "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">",
      (int64_t)o->cf.id, n ? "/notes" : "");
    ui_error_summary(&m, fe);
    if (from_draft)
        H(&m, "<div class=\"govuk-inset-text\">This form holds your draft: what you typed last time "
              "is filled in below.</div>");
    child_caption(&m, &o->cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    if (n)
        H(&m, "<p class=\"govuk-body\">Your change is kept as version %l. Version %l and every earlier "
              "version stay on the note as they were.</p>",
          n->current + 1, n->current);
    H(&m, "<form method=\"post\" action=\"%s\" novalidate>", r->path);
    ui_csrf(&m, r);
    if (n)
        H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", n->current);
    const char *verr = fe_get(fe, "version");
    if (verr)
        H(&m, "<div class=\"govuk-form-group govuk-form-group--error\" id=\"version\"><p "
              "class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p></div>",
          verr);
    for (int i = 0; i < F_CHILDREN; i++)
        fd_render(&m, &note_fields[i], values, fe);
    if (!n && k->n) {
        struct fd_field kf = note_fields[F_CHILDREN];
        kf.opts = k->opts;
        kf.n_opts = &k->n;
        fd_render(&m, &kf, values, fe);
    }
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%s</button></form>"
          "</div></div>",
      n ? "Save the new version" : "Save the case note");
    char full[120];
    snprintf(full, sizeof full, "%s%s", fe && fe->n ? "Error: " : "", title);
    page_render(r, out, full, &m);
    html_free(&m);
}

/* Read and check the form into in; children (new notes only) into ids. */
static void read_note_form(struct req *r, const struct form *f, const struct kids *k, struct note_in *in,
                           rec_id *ids, int *n_ids, struct field_errors *fe)
{
    struct fd_value v[NF];
    struct fd_now now = fd_now_of(r);
    fd_read_all(note_fields, F_CHILDREN, f, &now, v, fe);
    memset(in, 0, sizeof *in);
    in->kind = v[F_KIND].text;
    in->day = v[F_WHEN].day;
    in->minute = v[F_WHEN].minute;
    in->present = v[F_PRESENT].text;
    in->seen = v[F_SEEN].yes_no;
    in->seen_alone = v[F_ALONE].yes_no;
    in->body = v[F_BODY].text;
    for (int i = 0; i < v[F_FLAGS].n_checked; i++) {
        in->significant |= !strcmp(v[F_FLAGS].checked[i], "significant");
        in->oversight |= !strcmp(v[F_FLAGS].checked[i], "oversight");
    }
    if (in->seen < 0 && seeing_kind(in->kind) && !fe_get(fe, "seen"))
        fe_add(fe, "seen", "Select whether the child was seen");
    if (in->seen == 1 && in->seen_alone < 0 && !fe_get(fe, "alone"))
        fe_add(fe, "alone", "Select whether the child was seen alone");
    if (in->seen == 0 && in->seen_alone == 1)
        fe_add(fe, "alone", "A child who was not seen cannot have been seen alone: select No");
    if (in->seen != 1)
        in->seen_alone = in->seen == 0 ? 0 : -1;
    if (!ids)
        return;
    ids[0] = r->ids[0];
    *n_ids = 1;
    if (!k->n)
        return;
    struct fd_field kf = note_fields[F_CHILDREN];
    kf.opts = k->opts;
    kf.n_opts = &k->n;
    struct fd_value kv;
    fd_read(&kf, f, &now, &kv, fe);
    for (int i = 0; i < kv.n_checked && *n_ids < NOTE_MAX_CHILDREN; i++) {
        rec_id id = strtoll(kv.checked[i], NULL, 10);
        /* a note goes only on records the writer may open */
        struct err e;
        enum tr_access a = TR_OPEN;
        bool restricted = false;
        err_clear(&e);
        if (tr_access(r->st, &r->user, id, r->now, 0, &a, &restricted, &e) != HE_OK || a != TR_OPEN) {
            fe_add(fe, "children", "You may not add notes to the record of %s",
                   label_of(k->opts, k->n, kv.checked[i]));
            continue;
        }
        ids[(*n_ids)++] = id;
    }
}

/* The store refused: beside the field it names. */
static void store_refusal(const struct err *e, struct field_errors *fe)
{
    static const char *const fields[] = {"kind", "when", "body", "children", "version", "alone"};
    const char *field = "body";
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!strcmp(e->field, fields[i]))
            field = fields[i];
    if (!strcmp(e->field, "seen_alone"))
        field = "alone";
    if (!strcmp(e->field, "oversight")) /* the tick that sends it to the manager's tray */
        field = "flags";
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, field, "%s", msg);
}

void h_note_form(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "case note form", &o))
        return;
    struct kids k;
    kids_of(&o.x, r->today, &k);
    struct form f = {0};
    bool draft = draft_load(r, &f);
    note_form_page(r, out, &o, NULL, &k, &f, NULL, draft);
    form_free(&f);
    close_child(&o);
}

void h_note_post(struct req *r, struct resp *out)
{
    draft_save(r); /* first: whatever happens next, nothing typed is lost */
    struct opened o;
    if (!open_child(r, out, "case note form", &o))
        return;
    struct kids k;
    kids_of(&o.x, r->today, &k);
    struct field_errors fe = {0};
    struct note_in in;
    rec_id ids[NOTE_MAX_CHILDREN];
    int n_ids = 0;
    read_note_form(r, &r->body, &k, &in, ids, &n_ids, &fe);
    int64_t id = 0;
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = notes_add(r->st, &r->user, &in, ids, n_ids, r->now, &id, &e);
        if (rc == HE_INPUT)
            store_refusal(&e, &fe);
        else if (rc != HE_OK) {
            close_child(&o);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        note_form_page(r, out, &o, NULL, &k, &r->body, &fe, false);
        return close_child(&o);
    }
    close_child(&o);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/notes/%lld", (long long)r->ids[0], (long long)id);
    redirect(out, loc);
}

/* The note as it is now (found through the child), or a 404. */
static bool load_note(struct req *r, struct resp *out, struct note *n)
{
    struct err e;
    bool found = false;
    err_clear(&e);
    if (notes_get(r->st, r->ids[0], r->ids[1], n, &found, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!found) {
        page_error(r, out, 404, "Page not found", "There is no such note on this child's record.");
        return false;
    }
    return true;
}

static bool may_amend(const struct req *r, const struct note *n)
{
    return n->author_id == r->user.id || r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

/* Before the record is opened (which logs a view) or a draft is kept: may this user amend
 * the note at all? A refusal leaves nothing behind, as every refused request must. */
static bool amend_gate(struct req *r, struct resp *out, struct note *n)
{
    struct err e;
    err_clear(&e);
    bool ok = false;
    if (cw_can_see(r->st, &r->user, r->ids[0], &ok, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (!ok) {
        page_error(r, out, 403, "You cannot open this record",
                   "This child's record is not open to you. Ask your team manager if you need it.");
        return false;
    }
    if (!load_note(r, out, n))
        return false;
    if (!may_amend(r, n)) {
        note_free(n);
        page_error(r, out, 403, "You cannot amend this note",
                   "Only the person who wrote a note, or a team manager, may amend it.");
        return false;
    }
    return true;
}

static void stamp(char *out, size_t n, int64_t at)
{
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%d/%m/%Y %H:%M UTC", &tm);
}

/* One version in full, as a summary list and its text. */
static void version_block(struct html *m, const struct note *v, bool current)
{
    char when[64], at[40];
    note_when(when, sizeof when, v->day, v->minute);
    stamp(at, sizeof at, v->at);
    H(m, "<div class=\"govuk-summary-card\" id=\"version-%l\"><div class=\"govuk-summary-card__title-wrapper\">"
         "<h3 class=\"govuk-summary-card__title\">Version %l%s: written by %s, %s</h3></div>"
         "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
      v->version, v->version, current ? " (current)" : "", v->by, at);
    const char *seen = note_seen_words(v->seen, v->seen_alone);
    H(m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Type</dt><dd "
         "class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">When it happened</dt><dd class=\"govuk-summary-list__value\">%s</dd>"
         "</div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Who was there</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">The child</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Marked</dt><dd "
         "class=\"govuk-summary-list__value\">%s%s%s</dd></div></dl>",
      note_kind_label(v->kind), when, *v->present ? v->present : "Not recorded", *seen ? seen : "Not asked",
      v->significant ? "Significant event" : "", v->significant && v->oversight ? "; " : "",
      v->oversight ? "For management oversight" : !v->significant ? "Nothing" : "");
    note_paragraphs(m, v->body);
    H(m, "</div></div>");
}

void h_note(struct req *r, struct resp *out)
{
    char page[64];
    snprintf(page, sizeof page, "case note %lld", (long long)r->ids[1]);
    struct opened o;
    if (!open_child(r, out, page, &o))
        return;
    struct note n;
    if (!load_note(r, out, &n))
        return close_child(&o);
    struct err e;
    err_clear(&e);
    struct note *vs = NULL;
    int nv = 0;
    if (notes_versions(r->st, n.id, &vs, &nv, &e) != HE_OK) {
        note_free(&n);
        close_child(&o);
        return internal(r, out, &e);
    }
    char when[64], created[40];
    note_when(when, sizeof when, n.day, n.minute);
    stamp(created, sizeof created, n.created);
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l/notes\">Back to the case notes</a>", (int64_t)o.cf.id);
    child_caption(&m, &o.cf);
    H(&m, "<h1 class=\"govuk-heading-l\">%s, %s</h1><p class=\"govuk-body\">Written by %s, %s.", note_kind_label(n.kind),
      when, n.author, created);
    if (nv > 1)
        H(&m, " Amended %d time%s: every version is below, newest first.", nv - 1, nv == 2 ? "" : "s");
    H(&m, "</p>");
    if (n.n_children > 1)
        H(&m, "<p class=\"govuk-body\">This note is on the records of %d children.</p>", n.n_children);
    if (n.oversight) {
        /* where its oversight stands is the manager's tray's (workflow.h) */
        struct wf_request *q = NULL;
        size_t nq = 0;
        struct err qe;
        err_clear(&qe);
        if (wf_requests_of(r->st, "case_note", n.id, &q, &nq, &qe) != HE_OK)
            fprintf(stderr, "hearth serve: the oversight of note %lld: %s\n", (long long)n.id, qe.msg);
        const struct wf_request *last = nq ? &q[0] : NULL; /* newest first */
        if (n.overseen_at)
            H(&m, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--green\">Overseen by a "
                  "manager</strong>%s%s</p>",
              last && last->decided_by[0] ? " " : "", last && last->decided_by[0] ? last->decided_by : "");
        else if (last && !strcmp(last->state, "returned"))
            H(&m, "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">Returned by %s</h2><p "
                  "class=\"govuk-body\">%s</p><p class=\"govuk-body\">Amend the note to send it back for "
                  "oversight.</p></div>",
              last->decided_by, last->comment);
        else
            H(&m, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--yellow\">Waiting for management "
                  "oversight</strong></p>");
        if (last && !strcmp(last->state, "authorised") && last->comment[0])
            H(&m, "<p class=\"govuk-body\">The manager's comment: %s</p>", last->comment);
        free(q);
    }
    if (may_amend(r, &n))
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" "
              "href=\"/children/%l/notes/%l/amend\">Amend the note</a></p>",
          (int64_t)o.cf.id, n.id);
    H(&m, "<h2 class=\"govuk-heading-m\">%s</h2>", nv > 1 ? "Versions" : "The note");
    for (int i = nv - 1; i >= 0; i--)
        version_block(&m, &vs[i], i == nv - 1);
    voice_on(&m, r, o.cf.id, n.id, 0);
    docs_about(&m, r, o.cf.id, "note", n.id);
    char title[160];
    snprintf(title, sizeof title, "%s, %s", note_kind_label(n.kind), when);
    page_render(r, out, title, &m);
    html_free(&m);
    notes_free(vs, nv);
    note_free(&n);
    close_child(&o);
}

void h_note_amend_form(struct req *r, struct resp *out)
{
    char page[64];
    snprintf(page, sizeof page, "case note %lld amend form", (long long)r->ids[1]);
    struct note n;
    if (!amend_gate(r, out, &n))
        return;
    struct opened o;
    if (!open_child(r, out, page, &o))
        return note_free(&n);
    {
        struct form f = {0};
        bool draft = draft_load(r, &f);
        if (!draft)
            form_of_note(&n, &f);
        struct kids k = {0};
        note_form_page(r, out, &o, &n, &k, &f, NULL, draft);
        form_free(&f);
    }
    note_free(&n);
    close_child(&o);
}

void h_note_amend_post(struct req *r, struct resp *out)
{
    char page[64];
    snprintf(page, sizeof page, "case note %lld amend form", (long long)r->ids[1]);
    struct note n;
    if (!amend_gate(r, out, &n))
        return;
    draft_save(r);
    struct opened o;
    if (!open_child(r, out, page, &o))
        return note_free(&n);
    struct field_errors fe = {0};
    struct note_in in;
    struct kids k = {0};
    read_note_form(r, &r->body, &k, &in, NULL, NULL, &fe);
    int64_t seen = form_get_id(&r->body, "version");
    if (!seen)
        fe_add(&fe, "version", "The form was missing the note's version: open the note and amend it again");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = notes_amend(r->st, &r->user, n.id, seen, &in, r->now, &e);
        if (rc == HE_INPUT)
            store_refusal(&e, &fe);
        else if (rc != HE_OK) {
            note_free(&n);
            close_child(&o);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = fe_get(&fe, "version") ? 409 : 422;
        /* the form goes back with what was typed, at the version the user read */
        int64_t current = n.current;
        n.current = seen ? seen : current;
        note_form_page(r, out, &o, &n, &k, &r->body, &fe, false);
        n.current = current;
        note_free(&n);
        return close_child(&o);
    }
    note_free(&n);
    close_child(&o);
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/notes/%lld", (long long)r->ids[0], (long long)r->ids[1]);
    redirect(out, loc);
}

/* ---- a child's notes, a page at a time -------------------------------------------------- */
static void note_row(struct html *m, rec_id child, const struct note *n)
{
    char when[64];
    note_when(when, sizeof when, n->day, n->minute);
    const char *seen = note_seen_words(n->seen, n->seen_alone);
    H(m, "<li class=\"hearth-note\"><h2 class=\"govuk-heading-s\"><a class=\"govuk-link\" "
         "href=\"/children/%l/notes/%l\">%s, %s</a></h2><p class=\"govuk-body-s\">By %s%s%s%s",
      (int64_t)child, n->id, note_kind_label(n->kind), when, n->by, *seen ? ". " : "", seen,
      n->version > 1 ? ". Amended" : "");
    if (n->significant)
        H(m, " <strong class=\"govuk-tag govuk-tag--red\">Significant</strong>");
    H(m, "</p>");
    note_paragraphs(m, n->body);
    if (n->body_cut)
        H(m, "<p class=\"govuk-body-s\">The note goes on: open it to read all of it.</p>");
    H(m, "</li>");
}

void h_notes(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "case notes", &o))
        return;
    struct chron_show show;
    chron_show_parse(form_get(&r->query, "show"), &show);
    if (!strcmp(show.value, "events") || !strcmp(show.value, "all"))
        chron_show_parse("notes", &show);
    long page = strtol(form_text(&r->query, "page"), NULL, 10);
    if (page < 1 || page > 1000000)
        page = 1;
    struct err e;
    err_clear(&e);
    int64_t total = 0;
    struct note *v = NULL;
    int n = 0;
    bool more = false;
    if (notes_count(r->st, o.cf.id, &show.filter, &total, &e) != HE_OK ||
        notes_page(r->st, o.cf.id, &show.filter, (int)((page - 1) * PAGE_NOTES), PAGE_NOTES, 600, &v, &n, &more,
                   &e) != HE_OK) {
        close_child(&o);
        return internal(r, out, &e);
    }
    long pages = (long)((total + PAGE_NOTES - 1) / PAGE_NOTES);
    struct html m = HTML_INIT;
    char path[64];
    snprintf(path, sizeof path, "/children/%lld/notes", (long long)o.cf.id);
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)o.cf.id);
    child_caption(&m, &o.cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Case notes</h1><p class=\"govuk-body\"><a class=\"govuk-button\" "
          "href=\"/children/%l/notes/new\">Record a case note</a></p>",
      (int64_t)o.cf.id);
    chron_filter_form(&m, path, &show);
    if (!total)
        H(&m, "<p class=\"govuk-body\">There are no case notes%s.</p>", strcmp(show.value, "notes") ? " of this kind" : "");
    else
        H(&m, "<p class=\"govuk-body\">%l note%s, newest first. Page %d of %d.</p>", total, total == 1 ? "" : "s",
          (int)page, (int)(pages ? pages : 1));
    H(&m, "<ul class=\"govuk-list\">");
    for (int i = 0; i < n; i++)
        note_row(&m, o.cf.id, &v[i]);
    H(&m, "</ul>");
    if (page > 1 || more) {
        H(&m, "<nav class=\"govuk-pagination\" aria-label=\"Case note pages\">");
        if (page > 1)
            H(&m, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"%s?show=%u&amp;page=%d\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">"
                  "Newer notes</span></a></div>",
              path, show.value, (int)page - 1);
        if (more)
            H(&m, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                  "href=\"%s?show=%u&amp;page=%d\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                  "Older notes</span></a></div>",
              path, show.value, (int)page + 1);
        H(&m, "</nav>");
    }
    page_render(r, out, "Case notes", &m);
    html_free(&m);
    notes_free(v, n);
    close_child(&o);
}

/* ---- the chronology --------------------------------------------------------------------- */
void h_chronology(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "chronology", &o))
        return;
    struct journey j;
    journey_compute_x(&o.cf, &o.x, NULL, 0, r->today, &j);
    struct chron_show show;
    chron_show_parse(form_get(&r->query, "show"), &show);
    char path[64];
    snprintf(path, sizeof path, "/children/%lld/chronology", (long long)o.cf.id);
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)o.cf.id);
    child_caption(&m, &o.cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Chronology</h1><p class=\"govuk-body\"><a class=\"govuk-link\" "
          "href=\"%s/print\">A chronology of significant events to print</a></p>",
      path);
    chron_filter_form(&m, path, &show);
    struct err e;
    err_clear(&e);
    int rc = chron_render(&m, r, o.cf.id, &j, &show, form_get(&r->query, "before"), PAGE_NOTES, path, &e);
    if (rc == HE_OK)
        page_render(r, out, "Chronology", &m);
    html_free(&m);
    journey_free(&j);
    close_child(&o);
    if (rc != HE_OK)
        internal(r, out, &e);
}

/* The significant events, oldest first as a court reads them, on a page of its own with a
 * print stylesheet (www/print.css): events of the record and notes marked significant. */
void h_chronology_print(struct req *r, struct resp *out)
{
    struct opened o;
    if (!open_child(r, out, "significant events chronology", &o))
        return;
    struct journey j;
    journey_compute_x(&o.cf, &o.x, NULL, 0, r->today, &j);
    struct err e;
    err_clear(&e);
    struct note_filter sig = {.significant = true};
    struct note *v = NULL;
    int n = 0;
    bool more = false;
    if (notes_page(r->st, o.cf.id, &sig, 0, PRINT_NOTES_MAX, 2000, &v, &n, &more, &e) != HE_OK) {
        journey_free(&j);
        close_child(&o);
        return internal(r, out, &e);
    }
    const struct person *p = &o.cf.person;
    char name[260];
    if ((p->given_name && *p->given_name) || (p->family_name && *p->family_name))
        snprintf(name, sizeof name, "%s %s", p->given_name ? p->given_name : "", p->family_name ? p->family_name : "");
    else
        snprintf(name, sizeof name, "Child %s", p->la_child_id);
    struct html *h = &out->body;
    H(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>Significant events: %s - hearth</title>\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/govuk/govuk-frontend.min.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/hearth/print.css\">\n</head>\n"
         "<body class=\"govuk-template__body hearth-print\">\n<div class=\"govuk-width-container\">\n"
         "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n"
         "<p class=\"govuk-body hearth-noprint\"><a class=\"govuk-back-link\" href=\"/children/%l/chronology\">"
         "Back to the chronology</a> Use your browser's Print command to print this page or save it as a PDF.</p>"
         "<p class=\"govuk-body-s hearth-classification\">OFFICIAL-SENSITIVE: personal information about a child</p>"
         "<h1 class=\"govuk-heading-l\">Chronology of significant events</h1>",
      name, (int64_t)o.cf.id);
    H(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
         "Child</dt><dd class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">LA child ID</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Date of birth</dt><dd "
         "class=\"govuk-summary-list__value\">%D</dd></div><div class=\"govuk-summary-list__row\"><dt "
         "class=\"govuk-summary-list__key\">Prepared</dt><dd class=\"govuk-summary-list__value\">%D by %s</dd></div></dl>",
      name, p->la_child_id, p->dob, r->today, r->user.display);
    H(h, "<table class=\"govuk-table hearth-chronology\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
         "Oldest first</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
         "class=\"govuk-table__header\">Date</th><th scope=\"col\" class=\"govuk-table__header\">What happened</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Recorded by</th></tr></thead><tbody class=\"govuk-table__body\">");
    /* both lists are newest first: walk them from their ends */
    int ei = j.n_events - 1, ni = n - 1;
    while (ei >= 0 || ni >= 0) {
        long long ekey = ei >= 0 ? (long long)j.events[ei].date * 1440 : -1;
        bool event = ei >= 0 && (ni < 0 || ekey <= v[ni].key);
        if (event) {
            char title[300], detail[1200];
            chron_event_words(&j.events[ei], title, sizeof title, detail, sizeof detail);
            H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">"
                 "<strong>%s</strong>%s%s</td><td class=\"govuk-table__cell\">From the record</td></tr>",
              j.events[ei].date, title, detail[0] ? ". " : "", detail);
            ei--;
        } else {
            const struct note *x = &v[ni];
            char when[64];
            note_when(when, sizeof when, x->day, x->minute);
            const char *seen = note_seen_words(x->seen, x->seen_alone);
            H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
                 "<strong>%s</strong>%s%s",
              when, note_kind_label(x->kind), *seen ? ". " : "", seen);
            note_paragraphs(h, x->body);
            if (x->body_cut)
                H(h, "<p class=\"govuk-body-s\">(The note continues on the record: case note %l.)</p>", x->id);
            H(h, "</td><td class=\"govuk-table__cell\">%s</td></tr>", x->by);
            ni--;
        }
    }
    H(h, "</tbody></table>");
    if (more)
        H(h, "<p class=\"govuk-body\">Only the newest %d significant notes are shown.</p>", PRINT_NOTES_MAX);
    H(h, "</main></div>\n</body>\n</html>\n");
    notes_free(v, n);
    journey_free(&j);
    close_child(&o);
}

/* ---- the record's section --------------------------------------------------------------- */
static int notes_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    int64_t total = 0;
    struct note *v = NULL;
    int n = 0;
    bool more = false;
    int rc = notes_count(c->r->st, c->f->id, NULL, &total, e);
    if (rc == HE_OK)
        rc = notes_page(c->r->st, c->f->id, NULL, 0, 3, 200, &v, &n, &more, e);
    if (rc != HE_OK)
        return rc;
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" "
         "href=\"/children/%l/notes/new\">Record a case note</a></p>",
      (int64_t)c->f->id);
    if (!total)
        H(h, "<p class=\"govuk-body\">No case notes yet.</p>");
    else {
        H(h, "<ul class=\"govuk-list\">");
        for (int i = 0; i < n; i++) {
            char when[64];
            note_when(when, sizeof when, v[i].day, v[i].minute);
            H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/notes/%l\">%s, %s</a> by %s</li>",
              (int64_t)c->f->id, v[i].id, note_kind_label(v[i].kind), when, v[i].by);
        }
        H(h, "</ul><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/notes\">All %l case "
             "note%s</a></p>",
          (int64_t)c->f->id, total, total == 1 ? "" : "s");
    }
    notes_free(v, n);
    return HE_OK;
}

static bool notes_visible(const struct record_ctx *c)
{
    return c->r->user.role != ROLE_ANALYST;
}
const struct record_section rs_notes = {"notes", "Case notes", RECORD_LEFT, 30, notes_visible, notes_section};
