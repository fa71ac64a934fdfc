/* pages_voice: the voice of the child. The child's wishes and feelings in their own words,
 * or a drawing (a document already attached to the record), recorded on one of the child's
 * case notes or meetings; the child's page of everything they have said, with how they took
 * part in each looked-after review (the SSDA903 participation code in plain English); the
 * record's section with the latest. Every page opens the child through child_open (role,
 * team, restriction, break-glass; the access log). The form is declared once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/content.h"
#include "../store/content.h"
#include "../store/documents.h"
#include "../store/notes.h"
#include "../store/voice.h"
#include "chronology.h"
#include "form_decl.h"
#include "labels.h"
#include "qa.h"
#include "record.h"
#include "work.h"

#define PAGE_VOICES 25
#define CHOICES_MAX 30 /* the recent notes and meetings offered */
#define DOCS_MAX 40

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "What you typed is kept as a draft: try again in a moment.");
}

static bool open_for_voice(struct req *r, struct resp *out, const char *page)
{
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
        return false;
    }
    return child_open(r, out, r->ids[0], page);
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

static const char *how_label(const char *how)
{
    const char *l = stage_label(voice_hows, n_voice_hows, how);
    return l ? l : how;
}

/* One of the child's words or drawings as a summary card. */
static void voice_card(struct html *m, rec_id person, const struct voice *v, bool with_source)
{
    H(m, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 "
         "class=\"govuk-summary-card__title\">%D: %s</h3></div><div class=\"govuk-summary-card__content\">",
      v->day, how_label(v->how));
    if (v->words)
        H(m, "<blockquote class=\"govuk-inset-text app-child-words\">%s</blockquote>", v->words);
    if (v->document)
        H(m, "<p class=\"govuk-body\">Their drawing: <a class=\"govuk-link\" href=\"/children/%l/documents/%l\">%s</a></p>",
          (int64_t)person, v->document, v->document_name);
    H(m, "<p class=\"govuk-body-s\">Recorded by %s", v->by);
    if (with_source && v->note)
        H(m, " on <a class=\"govuk-link\" href=\"/children/%l/notes/%l\">a case note</a>", (int64_t)person, v->note);
    else if (with_source && v->meeting)
        H(m, " at <a class=\"govuk-link\" href=\"/children/%l/meetings/%l\">a meeting</a>", (int64_t)person,
          v->meeting);
    H(m, "</p></div></div>");
}

void voice_on(struct html *h, struct req *r, rec_id person, int64_t note, int64_t meeting)
{
    struct voice *v = NULL;
    int n = 0;
    bool more = false;
    struct err e;
    err_clear(&e);
    H(h, "<h2 class=\"govuk-heading-m\">The child's voice</h2>");
    if (voice_list(r->st, person, note, meeting, 0, 20, &v, &n, &more, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        H(h, "<p class=\"govuk-body\">The child's voice could not be listed: try again in a moment.</p>");
    } else if (!n) {
        H(h, "<p class=\"govuk-body\">Nothing in the child's own words has been recorded here.</p>");
    }
    for (int i = 0; i < n; i++)
        voice_card(h, person, &v[i], false);
    voices_free(v, n);
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/voice/new?%s=%l\">Record the "
         "child's wishes and feelings in their own words</a></p>",
      (int64_t)person, note ? "note" : "meeting", note ? note : meeting);
}

/* ---- the review participation codes in plain English ------------------------------------ */
static const char *participation(const char *code)
{
    static const struct {
        const char *code, *words;
    } pn[] = {
        {"PN0", "Under 4 at the review"},
        {"PN1", "Attended and spoke for themselves"},
        {"PN2", "Attended, and an advocate spoke for them"},
        {"PN3", "Attended and gave their view without words"},
        {"PN4", "Attended but did not give their view"},
        {"PN5", "Did not attend, and briefed an advocate"},
        {"PN6", "Did not attend, and gave their view another way"},
        {"PN7", "Did not attend, and their view was not given"},
    };
    for (size_t i = 0; code && i < sizeof pn / sizeof pn[0]; i++)
        if (!strcmp(pn[i].code, code))
            return pn[i].words;
    return "Not recorded";
}

static int reviews_table(struct html *m, struct req *r, rec_id person, int max, struct err *e)
{
    struct voice_review rv[50];
    int n = 0;
    int rc = voice_reviews(r->st, person, rv, max < 50 ? max : 50, &n, e);
    if (rc != HE_OK || !n)
        return rc;
    H(m, "<table class=\"govuk-table\" id=\"review-participation\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">How the child took part in their looked-after reviews</caption><thead "
         "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
         "Review</th><th scope=\"col\" class=\"govuk-table__header\">How the child took part</th><th scope=\"col\" "
         "class=\"govuk-table__header\">Code</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++)
        H(m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%s"
             "</td><td class=\"govuk-table__cell\">%s</td></tr>",
          rv[i].date, participation(rv[i].code), rv[i].code);
    H(m, "</tbody></table>");
    return HE_OK;
}

/* ---- the record's section ------------------------------------------------------------------ */
static bool voice_visible(const struct record_ctx *c) { return c->r->user.role != ROLE_ANALYST; }

static int voice_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct voice *v = NULL;
    int n = 0;
    bool more = false;
    int rc = voice_list(c->r->st, c->f->id, 0, 0, 0, 2, &v, &n, &more, e);
    if (rc != HE_OK)
        return rc;
    if (!n)
        H(h, "<p class=\"govuk-body\">Nothing in the child's own words has been recorded yet.</p>");
    else if (c->r->today - v[0].day > 91)
        H(h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--yellow\">Not heard for over three "
             "months</strong></p>");
    for (int i = 0; i < n; i++)
        voice_card(h, c->f->id, &v[i], true);
    voices_free(v, n);
    if ((rc = reviews_table(h, c->r, c->f->id, 3, e)) != HE_OK)
        return rc;
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/voice/new\">Record the child's "
         "wishes and feelings</a> &middot; <a class=\"govuk-link\" href=\"/children/%l/voice\">Everything the child "
         "has told us</a></p>",
      (int64_t)c->f->id, (int64_t)c->f->id);
    return HE_OK;
}

const struct record_section rs_voice = {"voice", "The child's voice", RECORD_LEFT, 35, voice_visible,
                                        voice_section};

/* ---- the child's page ---------------------------------------------------------------------- */
void h_voice(struct req *r, struct resp *out)
{
    if (!open_for_voice(r, out, "the child's voice"))
        return;
    struct err e;
    err_clear(&e);
    struct child_file cf;
    if (store_load_child(r->st, r->ids[0], &cf, &e) != HE_OK)
        return internal(r, out, &e);
    int64_t from = form_get_id(&r->query, "from");
    if (from < 0 || from > 1000000)
        from = 0;
    struct voice *v = NULL;
    int n = 0;
    bool more = false;
    if (voice_list(r->st, cf.id, 0, 0, (int)from, PAGE_VOICES, &v, &n, &more, &e) != HE_OK) {
        child_file_free(&cf);
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)cf.id);
    caption(&m, &cf);
    H(&m, "<h1 class=\"govuk-heading-l\">The child's voice</h1><p class=\"govuk-body\">What the child has told us "
          "in their own words, and their drawings, as recorded on visits and meetings, newest first.</p>"
          "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/children/%l/voice/new\">Record the child's "
          "wishes and feelings</a></p>",
      (int64_t)cf.id);
    if (!n)
        H(&m, "<p class=\"govuk-body\">Nothing in the child's own words has been recorded yet.</p>");
    for (int i = 0; i < n; i++)
        voice_card(&m, cf.id, &v[i], true);
    if (more || from)
        H(&m, "<p class=\"govuk-body\">");
    if (from)
        H(&m, "<a class=\"govuk-link\" href=\"/children/%l/voice?from=%l\">Newer</a> ", (int64_t)cf.id,
          from > PAGE_VOICES ? from - PAGE_VOICES : 0);
    if (more)
        H(&m, "<a class=\"govuk-link\" href=\"/children/%l/voice?from=%l\">Older</a>", (int64_t)cf.id,
          from + PAGE_VOICES);
    if (more || from)
        H(&m, "</p>");
    voices_free(v, n);
    H(&m, "<h2 class=\"govuk-heading-m\">Reviews</h2>");
    struct html t = HTML_INIT;
    if (reviews_table(&t, r, cf.id, 50, &e) != HE_OK) {
        html_free(&t);
        html_free(&m);
        child_file_free(&cf);
        return internal(r, out, &e);
    }
    if (html_len(&t))
        H(&m, "%h", &t);
    else
        H(&m, "<p class=\"govuk-body\">The child has had no looked-after reviews.</p>");
    html_free(&t);
    page_render(r, out, "The child's voice", &m);
    html_free(&m);
    child_file_free(&cf);
}

/* ---- the form -------------------------------------------------------------------------------- */
enum { F_ABOUT, F_HOW, F_WORDS, F_DRAWING, NF };
static const struct fd_field voice_fields[NF] = {
    [F_ABOUT] = {.name = "about", .label = "Which visit or meeting was it?", .kind = FD_RADIOS, .required = true,
                 .what = "the visit or meeting",
                 .hint = "The child's most recent case notes and meetings. Record the visit first if it is not here"},
    [F_HOW] = {.name = "how", .label = "How did the child share their wishes and feelings?", .kind = FD_RADIOS,
               .required = true, .what = "how the child shared them", .codes = voice_hows, .n_codes = &n_voice_hows},
    [F_WORDS] = {.name = "words", .label = "The child's own words", .kind = FD_TEXTAREA, .max_len = VOICE_WORDS_MAX,
                 .what = "the child's own words",
                 .hint = "Exactly what the child said or wrote, not a summary: \"I want to see my dad more\""},
    [F_DRAWING] = {.name = "drawing", .label = "Their drawing or picture (optional)", .kind = FD_SELECT,
                   .hint = "Attach the drawing to the visit or the record as a document first, then choose it here"},
};

/* The child's recent notes and meetings, and documents, as the form's run-time lists. */
struct choices {
    int n, n_docs;
    char value[CHOICES_MAX][32];
    char label[CHOICES_MAX][200];
    struct ui_option opts[CHOICES_MAX];
    char dvalue[DOCS_MAX + 1][24];
    char dlabel[DOCS_MAX + 1][DOC_NAME_MAX + 40];
    struct ui_option dopts[DOCS_MAX + 1];
};

static int choices_of(struct req *r, rec_id person, struct choices *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    struct note *notes = NULL;
    int nn = 0;
    bool more = false;
    struct note_filter nf = {0};
    int rc = notes_page(r->st, person, &nf, 0, CHOICES_MAX / 2, 10, &notes, &nn, &more, e);
    if (rc != HE_OK)
        return rc;
    struct ct_meeting_page mp;
    memset(&mp, 0, sizeof mp);
    if ((rc = ct_meeting_list(r->st, person, 0, CHOICES_MAX / 2, &mp, e)) != HE_OK) {
        notes_free(notes, nn);
        return rc;
    }
    /* newest first across both */
    int i = 0;
    size_t k = 0;
    while ((i < nn || k < mp.n) && c->n < CHOICES_MAX) {
        bool take_note = k >= mp.n || (i < nn && notes[i].day >= mp.m[k].date);
        char when[64];
        if (take_note) {
            note_when(when, sizeof when, notes[i].day, notes[i].minute);
            snprintf(c->value[c->n], sizeof c->value[c->n], "note-%lld", (long long)notes[i].id);
            snprintf(c->label[c->n], sizeof c->label[c->n], "%s, %s", note_kind_label(notes[i].kind), when);
            i++;
        } else {
            int y, mo, d;
            date_to_ymd(mp.m[k].date, &y, &mo, &d);
            const char *kind = stage_label(meeting_kinds, n_meeting_kinds, mp.m[k].kind);
            snprintf(c->value[c->n], sizeof c->value[c->n], "meeting-%lld", (long long)mp.m[k].id);
            snprintf(c->label[c->n], sizeof c->label[c->n], "%s, %02d/%02d/%04d", kind ? kind : mp.m[k].kind, d, mo, y);
            k++;
        }
        c->opts[c->n] = (struct ui_option){c->value[c->n], c->label[c->n]};
        c->n++;
    }
    notes_free(notes, nn);
    ct_meeting_page_free(&mp);
    struct doc docs[DOCS_MAX];
    int nd = 0;
    if ((rc = doc_list(r->st, person, 0, DOCS_MAX, docs, &nd, &more, e)) != HE_OK)
        return rc;
    snprintf(c->dvalue[0], sizeof c->dvalue[0], "%s", "");
    snprintf(c->dlabel[0], sizeof c->dlabel[0], "%s", "No drawing");
    c->dopts[0] = (struct ui_option){c->dvalue[0], c->dlabel[0]};
    c->n_docs = 1;
    for (int j = 0; j < nd; j++) {
        if (strcmp(docs[j].kind, "png") && strcmp(docs[j].kind, "jpeg") && strcmp(docs[j].kind, "gif") &&
            strcmp(docs[j].kind, "pdf"))
            continue;
        snprintf(c->dvalue[c->n_docs], sizeof c->dvalue[0], "%lld", (long long)docs[j].id);
        snprintf(c->dlabel[c->n_docs], sizeof c->dlabel[0], "%s", docs[j].name);
        c->dopts[c->n_docs] = (struct ui_option){c->dvalue[c->n_docs], c->dlabel[c->n_docs]};
        c->n_docs++;
    }
    return HE_OK;
}

/* The form as declared, with the child's notes, meetings and documents as its lists: the
 * page and the post read the same fields. */
static void voice_decl(const struct choices *c, struct fd_field f[NF])
{
    memcpy(f, voice_fields, sizeof voice_fields);
    f[F_ABOUT].opts = c->opts;
    f[F_ABOUT].n_opts = &c->n;
    f[F_DRAWING].opts = c->dopts;
    f[F_DRAWING].n_opts = &c->n_docs;
}

/* The form's child and lists, or false with the page answered (refused, or an error). */
static bool voice_open(struct req *r, struct resp *out, struct child_file *cf, struct choices **c)
{
    if (!open_for_voice(r, out, "the child's voice form"))
        return false;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], cf, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    *c = xcalloc(1, sizeof **c);
    if (choices_of(r, cf->id, *c, &e) != HE_OK) {
        free(*c);
        child_file_free(cf);
        internal(r, out, &e);
        return false;
    }
    return true;
}

static void voice_form_page(struct req *r, struct resp *out, const struct child_file *cf, const struct choices *c,
                            const struct form *values, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back</a><div class=\"govuk-grid-row\"><div "
          "class=\"govuk-grid-column-two-thirds\">",
      (int64_t)cf->id);
    ui_error_summary(&m, fe);
    caption(&m, cf);
    H(&m, "<h1 class=\"govuk-heading-l\">Record the child's wishes and feelings</h1>");
    if (!c->n) {
        H(&m, "<p class=\"govuk-body\">The child's voice is recorded on the visit or meeting where they shared it. "
              "There is no case note or meeting on this record yet: <a class=\"govuk-link\" "
              "href=\"/children/%l/notes/new\">record the visit first</a>.</p></div></div>",
          (int64_t)cf->id);
        page_render(r, out, "Record the child's wishes and feelings", &m);
        html_free(&m);
        return;
    }
    H(&m, "<form method=\"post\" action=\"/children/%l/voice/new\" novalidate>", (int64_t)cf->id);
    ui_csrf(&m, r);
    struct fd_field f[NF];
    voice_decl(c, f);
    fd_render_all(&m, f, NF, values, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save the child's words</button>"
          "</form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Record the child's wishes and feelings"
                                    : "Record the child's wishes and feelings",
                &m);
    html_free(&m);
}

void h_voice_form(struct req *r, struct resp *out)
{
    struct child_file cf;
    struct choices *c;
    if (!voice_open(r, out, &cf, &c))
        return;
    struct form f = {0};
    if (!draft_load(r, &f)) {
        /* from a note's or meeting's page: that one chosen */
        char v[40];
        int64_t note = form_get_id(&r->query, "note"), meeting = form_get_id(&r->query, "meeting");
        if (note > 0 || meeting > 0) {
            snprintf(v, sizeof v, "%s-%lld", note > 0 ? "note" : "meeting", (long long)(note > 0 ? note : meeting));
            f.name[0] = xstrdup("about");
            f.value[0] = xstrdup(v);
            f.n = 1;
        }
    }
    voice_form_page(r, out, &cf, c, &f, NULL);
    form_free(&f);
    free(c);
    child_file_free(&cf);
}

void h_voice_post(struct req *r, struct resp *out)
{
    draft_save(r);
    struct child_file cf;
    struct choices *c;
    if (!voice_open(r, out, &cf, &c))
        return;
    struct err e;
    err_clear(&e);
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    struct fd_value v[NF];
    struct fd_field f[NF];
    voice_decl(c, f);
    fd_read_all(f, NF, &r->body, &now, v, &fe);
    struct voice_in in = {.how = v[F_HOW].text, .words = v[F_WORDS].text};
    const char *a = v[F_ABOUT].text;
    if (!strncmp(a, "note-", 5))
        in.note = strtoll(a + 5, NULL, 10);
    else if (!strncmp(a, "meeting-", 8))
        in.meeting = strtoll(a + 8, NULL, 10);
    in.document = *v[F_DRAWING].text ? strtoll(v[F_DRAWING].text, NULL, 10) : 0;
    if (!fe_get(&fe, "words") && !*in.words && !in.document)
        fe_add(&fe, "words", "Enter the child's own words, or choose their drawing");
    int64_t id = 0;
    if (!fe.n) {
        int rc = voice_add(r->st, &r->user, cf.id, &in, r->now, &id, &e);
        if (rc == HE_INPUT) {
            const char *field = !strcmp(e.field, "document") ? "drawing"
                                : !strcmp(e.field, "how")    ? "how"
                                : !strcmp(e.field, "words")  ? "words"
                                                             : "about";
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", e.msg);
            if (msg[0] >= 'a' && msg[0] <= 'z')
                msg[0] = (char)(msg[0] - 32);
            fe_add(&fe, field, "%s", msg);
        } else if (rc != HE_OK) {
            free(c);
            child_file_free(&cf);
            return internal(r, out, &e);
        }
    }
    if (fe.n) {
        out->status = 422;
        voice_form_page(r, out, &cf, c, &r->body, &fe);
        free(c);
        child_file_free(&cf);
        return;
    }
    draft_clear(r);
    char loc[80];
    snprintf(loc, sizeof loc, "/children/%lld/voice", (long long)cf.id);
    free(c);
    child_file_free(&cf);
    redirect(out, loc);
}
