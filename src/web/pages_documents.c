/* pages_documents: documents on a child's record. The record's section (the newest few,
 * read as rows, never their bytes), the list of them all, the form that takes a file
 * (server.c streams it to a temporary file; here it is checked: not empty, one of the
 * kinds hearth keeps by its content, not another kind by its name, a safe name) and
 * opening one: checked against the user's access like the record itself, written to the
 * access log (a refusal too), its bytes checked against their SHA-256 before a byte is
 * sent and again as they are streamed a chunk at a time (never the whole file in memory),
 * and always offered as a file to save, never shown inside hearth's pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../format/doc_sniff.h"
#include "../store/audit.h"
#include "../store/documents.h"
#include "../util/input.h"
#include "mhd.h"
#include "record.h"
#include "web.h"

#define SECTION_DOCS 5
#define PAGE_DOCS 25

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

static void when(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

static void size_words(char out[32], int64_t n)
{
    if (n < 1024)
        snprintf(out, 32, "%lld bytes", (long long)n);
    else if (n < 1024 * 1024)
        snprintf(out, 32, "%.0f KB", (double)n / 1024);
    else
        snprintf(out, 32, "%.1f MB", (double)n / (1024 * 1024));
}

static const char *about_words(const struct doc *d, char *buf, size_t n)
{
    static const char *const what[] = {"The child", "Case note", "Meeting", "Plan"};
    if (d->about == DOC_ABOUT_CHILD)
        return what[0];
    snprintf(buf, n, "%s %lld", what[d->about], (long long)d->about_id);
    return buf;
}

/* A table of documents (rows only). */
static void doc_table(struct html *h, rec_id person, const struct doc *v, int n)
{
    H(h, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Document</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">About</th>"
         "<th scope=\"col\" class=\"govuk-table__header\">Added</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < n; i++) {
        char t[32], sz[32], about[64];
        when(t, v[i].at);
        size_words(sz, v[i].size);
        H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
             "href=\"/children/%l/documents/%l\">%s</a><br><span class=\"govuk-body-s\">%s, %s</span></td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s by %s</td></tr>",
          (int64_t)person, v[i].id, v[i].name, doc_kind_label(doc_kind_from_key(v[i].kind)), sz,
          about_words(&v[i], about, sizeof about), t, v[i].by_name);
    }
    H(h, "</tbody></table>");
}

/* ---- the record's section ------------------------------------------------------------- */
static bool may_see(const struct record_ctx *c) { return c->r->user.role != ROLE_ANALYST; }

static int section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct doc v[SECTION_DOCS];
    int n = 0;
    bool more = false;
    int rc = doc_list(c->r->st, c->f->id, 0, SECTION_DOCS, v, &n, &more, e);
    if (rc != HE_OK)
        return rc;
    if (n)
        doc_table(h, c->f->id, v, n);
    else
        H(h, "<p class=\"govuk-body\">No documents have been added.</p>");
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/documents/new\">Add a document</a>",
      (int64_t)c->f->id);
    if (more)
        H(h, " &middot; <a class=\"govuk-link\" href=\"/children/%l/documents\">All documents</a>", (int64_t)c->f->id);
    H(h, "</p>");
    return HE_OK;
}

const struct record_section rs_documents = {"documents", "Documents", RECORD_FULL, 25, may_see, section};

void docs_about(struct html *h, struct req *r, rec_id person, const char *about, int64_t id)
{
    enum doc_about a;
    if (!doc_about_parse(about, &a))
        return;
    struct doc v[SECTION_DOCS * 4];
    int n = 0;
    struct err e;
    err_clear(&e);
    H(h, "<h2 class=\"govuk-heading-m\">Documents</h2>");
    if (doc_list_about(r->st, person, a, id, v, SECTION_DOCS * 4, &n, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        H(h, "<p class=\"govuk-body\">The documents could not be listed: try again in a moment.</p>");
    } else if (n) {
        doc_table(h, person, v, n);
    } else {
        H(h, "<p class=\"govuk-body\">None attached.</p>");
    }
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/documents/new?about=%u&amp;id=%l\">"
         "Attach a document</a></p>",
      (int64_t)person, about, id);
}

/* The child's name over a page's heading, as on every page about a child. */
static void caption(struct html *h, struct req *r, rec_id person)
{
    struct child_file cf;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, person, &cf, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
        return;
    }
    if ((cf.person.given_name && *cf.person.given_name) || (cf.person.family_name && *cf.person.family_name))
        H(h, "<span class=\"govuk-caption-l\">%s %s</span>", cf.person.given_name, cf.person.family_name);
    else
        H(h, "<span class=\"govuk-caption-l\">Child %s</span>", cf.person.la_child_id);
    child_file_free(&cf);
}

/* ---- opening the child ---------------------------------------------------------------- */
static bool open_for_documents(struct req *r, struct resp *out, const char *page)
{
    if (r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available", "Performance analysts see figures, not children's records.");
        return false;
    }
    return child_open(r, out, r->ids[0], page);
}

void h_documents(struct req *r, struct resp *out)
{
    if (!open_for_documents(r, out, "documents"))
        return;
    struct err e;
    err_clear(&e);
    int64_t from = form_get_id(&r->query, "from");
    if (from > 100000)
        from = 0;
    struct doc *v = calloc(PAGE_DOCS, sizeof *v);
    int n = 0;
    bool more = false;
    if (!v || doc_list(r->st, r->ids[0], (int)from, PAGE_DOCS, v, &n, &more, &e) != HE_OK) {
        free(v);
        if (!v)
            err_set(&e, HE_INTERNAL, "out of memory");
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)r->ids[0]);
    struct doc added;
    bool found = false;
    int64_t added_id = form_get_id(&r->query, "added");
    if (added_id && doc_get(r->st, r->ids[0], added_id, &added, &found, &e) == HE_OK && found)
        H(&m, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
              "aria-labelledby=\"added-title\" data-module=\"govuk-notification-banner\"><div "
              "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
              "id=\"added-title\">Success</h2></div><div class=\"govuk-notification-banner__content\"><p "
              "class=\"govuk-notification-banner__heading\">%s was added (%s)</p></div></div>",
          added.name, doc_kind_label(doc_kind_from_key(added.kind)));
    caption(&m, r, r->ids[0]);
    H(&m, "<h1 class=\"govuk-heading-l\">Documents</h1>"
          "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/children/%l/documents/new\">Add a document</a></p>",
      (int64_t)r->ids[0]);
    if (n)
        doc_table(&m, r->ids[0], v, n);
    else
        H(&m, "<p class=\"govuk-body\">No documents.</p>");
    if (more)
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/documents?from=%l\">Older "
              "documents</a></p>", (int64_t)r->ids[0], from + PAGE_DOCS);
    free(v);
    page_render(r, out, "Documents", &m);
    html_free(&m);
}

/* ---- the form ------------------------------------------------------------------------- */
static void form_page(struct req *r, struct resp *out, const char *about, int64_t about_id,
                      const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    if (fe && fe->n)
        out->status = 422;
    H(&m, "<a class=\"govuk-back-link\" href=\"/children/%l\">Back to the record</a>", (int64_t)r->ids[0]);
    if (fe)
        ui_error_summary(&m, fe);
    caption(&m, r, r->ids[0]);
    H(&m, "<h1 class=\"govuk-heading-l\">Add a document</h1>"
          "<form method=\"post\" action=\"/children/%l/documents/new\" enctype=\"multipart/form-data\" novalidate>",
      (int64_t)r->ids[0]);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"about\" value=\"%s\"><input type=\"hidden\" name=\"about_id\" value=\"%l\">",
      about, about_id);
    if (strcmp(about, "child"))
        H(&m, "<p class=\"govuk-body\">It will be attached to %s %l and shown on the child's record.</p>",
          !strcmp(about, "note") ? "case note" : about, about_id);
    const char *err = fe ? fe_get(fe, "file") : NULL;
    H(&m, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--m\" for=\"file\">The file</label>"
          "<div id=\"file-hint\" class=\"govuk-hint\">A PDF, a PNG, JPEG or GIF image, or a Word or OpenDocument "
          "text document, up to 20 MB.</div>",
      err ? " govuk-form-group--error" : "");
    if (err)
        H(&m, "<p id=\"file-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
          err);
    H(&m, "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" "
          "aria-describedby=\"file-hint%s\" accept=\".pdf,.png,.jpg,.jpeg,.gif,.docx,.odt\"></div>"
          "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add the document</button></form>",
      err ? " govuk-file-upload--error" : "", err ? " file-error" : "");
    page_render(r, out, fe && fe->n ? "Error: Add a document" : "Add a document", &m);
    html_free(&m);
}

void h_document_form(struct req *r, struct resp *out)
{
    if (!open_for_documents(r, out, "add a document"))
        return;
    enum doc_about a = DOC_ABOUT_CHILD;
    const char *about = form_get(&r->query, "about");
    int64_t about_id = form_get_id(&r->query, "id");
    if (!about || !doc_about_parse(about, &a) || (a != DOC_ABOUT_CHILD) != (about_id != 0))
        a = DOC_ABOUT_CHILD, about_id = 0;
    form_page(r, out, doc_about_key(a), about_id, NULL);
}

/* The name the browser sent, made safe to keep and show: the last part of any path, no
 * control characters or characters that mean something to a file system or a shell,
 * well-formed UTF-8, at most DOC_NAME_MAX bytes; "document" when nothing is left. Markup
 * is kept as text: every page escapes it. */
void doc_safe_name(const char *in, char out[201])
{
    const char *base = in;
    for (const char *p = in; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0, len = strlen(base);
    size_t bad;
    bool utf8 = input_utf8_valid(base, len, &bad);
    for (size_t i = 0; i < len && n < DOC_NAME_MAX; i++) {
        unsigned char ch = (unsigned char)base[i];
        if (ch >= 0x80 && utf8) { /* a whole character or none */
            size_t k = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : 2;
            if (n + k > DOC_NAME_MAX)
                break;
            memcpy(out + n, base + i, k);
            n += k;
            i += k - 1;
            continue;
        }
        out[n++] = ch < 0x20 || ch >= 0x7f || strchr(":*?\"|", ch) ? '_' : (char)ch;
    }
    out[n] = 0;
    /* no leading dots or spaces (a hidden file, "..") and no trailing ones */
    size_t s = 0;
    while (out[s] == '.' || out[s] == ' ')
        s++;
    memmove(out, out + s, strlen(out + s) + 1);
    for (n = strlen(out); n && (out[n - 1] == ' ' || out[n - 1] == '.'); n--)
        out[n - 1] = 0;
    if (!*out)
        snprintf(out, DOC_NAME_MAX + 1, "document");
}

void h_document_post(struct req *r, struct resp *out)
{
    if (!open_for_documents(r, out, "add a document"))
        return;
    struct field_errors fe = {0};
    enum doc_about a = DOC_ABOUT_CHILD;
    const char *about = form_get(&r->body, "about");
    int64_t about_id = form_get_id(&r->body, "about_id");
    if (!about) /* the record itself */
        about = "child", about_id = 0;
    if (!doc_about_parse(about, &a) || (a != DOC_ABOUT_CHILD) != (about_id != 0))
        return page_error(r, out, 400, "The form could not be read", "The form says nothing sensible about where "
                          "the document goes.");
    const struct upload *u = r->upload;
    enum doc_kind k = DOC_NONE;
    char name[DOC_NAME_MAX + 1] = "";
    if (!u || !u->present || (!u->size && !u->name[0]))
        fe_add(&fe, "file", "Select a file");
    else if (u->extra)
        fe_add(&fe, "file", "Select one file at a time");
    else if (u->size > WEB_UPLOAD_MAX)
        fe_add(&fe, "file", "The file must be smaller than 20 MB");
    else if (!u->size)
        fe_add(&fe, "file", "The selected file is empty");
    else if ((k = doc_sniff_fd(u->fd, (uint64_t)u->size)) == DOC_NONE)
        fe_add(&fe, "file", "The file must be a PDF, a PNG, JPEG or GIF image, or a Word or OpenDocument text document");
    else if (doc_kind_claimed(u->name) != DOC_NONE && doc_kind_claimed(u->name) != k)
        fe_add(&fe, "file", "The file is called %s but it is a %s: check it is the file you meant, and that its name "
               "is right", doc_kind_label(doc_kind_claimed(u->name)), doc_kind_label(k));
    if (!fe.n)
        doc_safe_name(u->name, name);
    struct err e;
    err_clear(&e);
    int64_t id = 0;
    if (!fe.n) {
        struct doc_in in = {.person = r->ids[0], .about = a, .about_id = about_id, .name = name,
                            .kind = doc_kind_key(k), .fd = u->fd, .size = u->size};
        int rc = doc_add(r->st, &in, r->user.id, r->now, &id, &e);
        if (rc == HE_INPUT && e.field[0] && !strcmp(e.field, "about"))
            return page_error(r, out, 400, "The form could not be read", e.msg);
        if (rc == HE_INPUT)
            fe_add(&fe, "file", "%s", e.msg);
        else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n)
        return form_page(r, out, doc_about_key(a), about_id, &fe);
    char loc[96];
    snprintf(loc, sizeof loc, "/children/%lld/documents?added=%lld", (long long)r->ids[0], (long long)id);
    redirect(out, loc);
}

/* ---- opening one ---------------------------------------------------------------------- */
/* A download streamed a chunk at a time from the store (documents.h's doc_reader) as
 * libmicrohttpd asks for more, so a 20 MB document never sits whole in memory. The
 * connection stays on the thread that opened it, whose store r->st is. */
struct download {
    struct store *st;
    struct doc_reader *rd;
    const unsigned char *p;  /* the chunk being sent */
    size_t n, off;
    int64_t doc, person;
};

static ssize_t download_read(void *ctx, uint64_t pos, char *buf, size_t max)
{
    struct download *d = ctx;
    (void)pos; /* libmicrohttpd reads in order: pos is where the last call ended */
    if (d->off == d->n) {
        struct err e;
        err_clear(&e);
        const void *p = NULL;
        bool intact = true;
        int rc = doc_next(d->st, d->rd, &p, &d->n, &intact, &e);
        d->p = p;
        d->off = 0;
        if (rc != HE_OK || !intact) {
            /* found after the headers went: the response ends short of its Content-Length,
             * so the client sees a failed download, never a whole-looking damaged file */
            fprintf(stderr, "hearth serve: document %lld of child %lld %s while it was sent: the download was "
                    "stopped\n", (long long)d->doc, (long long)d->person,
                    rc != HE_OK ? "could not be read" : "no longer matches its SHA-256");
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
        if (!d->n)
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t k = d->n - d->off < max ? d->n - d->off : max;
    memcpy(buf, d->p + d->off, k);
    d->off += k;
    return (ssize_t)k;
}

static void download_done(void *ctx)
{
    struct download *d = ctx;
    doc_reader_free(d->rd);
    free(d);
}

/* Content-Disposition for a download: an ASCII name in quotes for old clients and the
 * UTF-8 name percent-encoded (RFC 6266), so no byte of the stored name reaches the header
 * raw. */
static void disposition(char *out, size_t n, const char *name)
{
    char ascii[DOC_NAME_MAX + 1];
    size_t k = 0;
    for (const char *p = name; *p && k < sizeof ascii - 1; p++)
        ascii[k++] = (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || *p == '"' || *p == '\\' ||
                             *p == ';' || *p == '%'
                         ? '_'
                         : *p;
    ascii[k] = 0;
    struct buf enc = BUF_INIT;
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
            buf_addc(&enc, (char)*p);
        } else {
            buf_addc(&enc, '%');
            buf_addc(&enc, hex[*p >> 4]);
            buf_addc(&enc, hex[*p & 15]);
        }
    }
    snprintf(out, n, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, buf_str(&enc));
    buf_free(&enc);
}

void h_document(struct req *r, struct resp *out)
{
    char page[64];
    snprintf(page, sizeof page, "document %lld", (long long)r->ids[1]);
    struct err e;
    err_clear(&e);
    if (!open_for_documents(r, out, page)) {
        /* a refusal is kept in the access log too: who tried to open what, and when */
        char refused[80];
        snprintf(refused, sizeof refused, "document %lld refused", (long long)r->ids[1]);
        if (out->status == 403 && audit_append(r->st, r->user.id, r->ids[0], refused, NULL, r->now, &e) != HE_OK)
            fprintf(stderr, "hearth serve: %s %s: the refusal could not be logged: %s\n", r->method, r->path, e.msg);
        return;
    }
    struct doc d;
    bool found = false;
    if (doc_get(r->st, r->ids[0], r->ids[1], &d, &found, &e) != HE_OK)
        return internal(r, out, &e);
    if (!found)
        return page_error(r, out, 404, "Page not found", "This child has no such document.");
    /* first the whole is checked, a chunk at a time without holding it, so that a damaged
     * document is refused with a page of its own before anything is sent */
    bool intact = false;
    if (doc_read(r->st, &d, NULL, NULL, &intact, &e) != HE_OK)
        return internal(r, out, &e);
    if (!intact) {
        fprintf(stderr, "hearth serve: document %lld of child %lld does not match its SHA-256 %s: refused; "
                "restore it from a backup\n", (long long)d.id, (long long)d.person, d.sha256);
        char damaged[80];
        snprintf(damaged, sizeof damaged, "document %lld damaged", (long long)d.id);
        if (audit_append(r->st, r->user.id, r->ids[0], damaged, NULL, r->now, &e) != HE_OK)
            fprintf(stderr, "hearth serve: %s %s: the fault could not be logged: %s\n", r->method, r->path, e.msg);
        return page_error(r, out, 500, "This document cannot be opened",
                          "The document stored is not the one that was added: it has been damaged or changed. "
                          "The fault has been logged; ask your administrator to restore it from a backup.");
    }
    struct download *dl = calloc(1, sizeof *dl);
    if (!dl || doc_reader_new(&d, &dl->rd, &e) != HE_OK) {
        free(dl);
        if (!e.msg[0])
            err_set(&e, HE_INTERNAL, "out of memory opening a document");
        return internal(r, out, &e);
    }
    dl->st = r->st;
    dl->doc = d.id;
    dl->person = d.person;
    html_free(&out->body);
    out->stream.size = (uint64_t)d.size;
    out->stream.read = download_read;
    out->stream.done = download_done;
    out->stream.ctx = dl;
    out->content_type = doc_kind_mime(doc_kind_from_key(d.kind));
    disposition(out->disposition, sizeof out->disposition, d.name);
}
