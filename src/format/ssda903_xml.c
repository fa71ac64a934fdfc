/* ssda903_xml: an SSDA903 return in the DfE's expanded XML form (root <EXPSSDA903>,
 * CLA_ssda903_structure.xsd, which many authorities submit instead of the CSV tables).
 * The file is streamed (libxml2's reader), checked against the schema built into hearth
 * as it is read, and each <CHILD>, expanded alone, mapped onto the rows of the CSV tables it
 * stands for (its HEADER's elements to the header, UASC, AD1, OC3, OC2, previous
 * permanence, missing, reviews and placed-for-adoption tables; each EPISODE to an
 * episodes row). The tables are then read exactly as CSV tables are (ssda903_import_text),
 * so the same content rules give the same findings, each at the line of the element it
 * came from. A file that is not well-formed XML is refused; what breaks the schema alone
 * is a finding, as the CIN census importer does, unless the import is strict. */
#include "ssda903.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "../util/buf.h"
#include "../util/input.h"
#include "export_util.h"
#include "import.h"
#include "xml.h"

extern const unsigned char hearth_ssda903_xsd[];
extern const size_t hearth_ssda903_xsd_len;

/* The tables the schema carries, in the order they are read (the header first, so that a
 * child's details come from it). */
enum { X_HEADER, X_EPISODES, X_REVIEWS, X_UASC, X_OC2, X_OC3, X_AD1, X_PLACED, X_PREV,
       X_MISSING, X__N };
static const char *const xtable[X__N] = {
    [X_HEADER] = "header", [X_EPISODES] = "episodes", [X_REVIEWS] = "reviews",
    [X_UASC] = "uasc", [X_OC2] = "oc2", [X_OC3] = "oc3", [X_AD1] = "ad1",
    [X_PLACED] = "placed_adoption", [X_PREV] = "prev_perm", [X_MISSING] = "missing",
};
/* the table each part of a child is in, as findings name tables */
static const char *const xcatalogue[X__N] = {
    [X_HEADER] = "Header", [X_EPISODES] = "Episodes", [X_REVIEWS] = "Reviews",
    [X_UASC] = "UASC", [X_OC2] = "OC2", [X_OC3] = "OC3", [X_AD1] = "AD1",
    [X_PLACED] = "PlacedAdoption", [X_PREV] = "PrevPerm", [X_MISSING] = "Missing",
};

/* One table being made: its CSV text and, for each of its lines, the XML line. */
struct xtab {
    struct buf csv;
    long *lines; /* lines[k]: the XML line of CSV line k (1-based; [0] unused) */
    size_t n, cap;
    long rows;
};

/* The values of one element's children (or a HEADER's), by element name. */
#define MAX_VALS 32
struct vals {
    const char *name[MAX_VALS];
    char *v[MAX_VALS]; /* owned (xmlFree) */
    long line[MAX_VALS];
    int n;
};

struct xs {
    struct importer *im;
    const char *path;
    struct err *e;
    struct xtab t[X__N];
    day_t latest; /* latest recording date met, for the collection year */
    /* the first error libxml2 reports while parsing */
    bool xml_failed;
    long xml_line;
    char xml_msg[256];
    /* schema findings, kept until the year is known */
    struct buf schema; /* records: line, the row's line, then NUL-terminated child, element, message */
    long n_schema;
    /* each HEADER's UASC flag and DUC, for the rules on them once the year is known:
     * records of line, then NUL-terminated child, UASC, DUC */
    struct buf uasc;
    long row_line; /* the line of the table row the breach being reported is in */
    /* where each <CHILD> and each table row starts, in the order read (so by line): the
     * schema's breaches, met by the streaming validator with their line only, are given
     * their child and table from these */
    struct mark { long line; int k; size_t id; } *marks; /* k: a table, or -1 a <CHILD>
                                                           whose CHILDID is ids.data + id */
    size_t n_marks, cap_marks;
    struct buf ids;
    /* the schema's breaches as met: line, then NUL-terminated element and message */
    struct buf met;
};

static void mark(struct xs *x, long line, int k, size_t id)
{
    if (x->n_marks == x->cap_marks)
        x->marks = xrealloc(x->marks, (x->cap_marks = x->cap_marks ? 2 * x->cap_marks : 1024) *
                                          sizeof *x->marks);
    x->marks[x->n_marks++] = (struct mark){line, k, id};
}

static void push_line(struct xtab *t, long line)
{
    if (t->n == t->cap)
        t->lines = xrealloc(t->lines, (t->cap = t->cap ? t->cap * 2 : 256) * sizeof *t->lines);
    t->lines[t->n++] = line;
}

/* Append one row, each of its CSV lines mapped to line. */
static void add_row(struct xtab *t, const char *const *v, int n, long line)
{
    size_t from = t->csv.len;
    export_csv_row(&t->csv, v, n);
    for (size_t i = from; i < t->csv.len; i++)
        if (t->csv.data[i] == '\n')
            push_line(t, line);
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An element's text, less surrounding white space (owned by the caller: xmlFree). */
static char *text_of(const xmlNode *n)
{
    char *s = (char *)xmlNodeGetContent(n);
    if (!s)
        return NULL;
    char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\n' ||
                   p[len - 1] == '\r'))
        len--;
    memmove(s, p, len);
    s[len] = '\0';
    return s;
}

/* The leaf children of el (an element holding elements of its own, such as AMISSING, is
 * left to the caller); the first of a name counts. */
static void gather(const xmlNode *el, struct vals *vs)
{
    vs->n = 0;
    for (const xmlNode *n = el->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || vs->n == MAX_VALS)
            continue;
        bool leaf = true;
        for (const xmlNode *k = n->children; k; k = k->next)
            leaf &= k->type != XML_ELEMENT_NODE;
        if (!leaf)
            continue;
        bool seen = false;
        for (int i = 0; i < vs->n; i++)
            seen |= !strcmp(vs->name[i], (const char *)n->name);
        if (seen)
            continue;
        vs->name[vs->n] = (const char *)n->name;
        vs->v[vs->n] = text_of(n);
        vs->line[vs->n] = xmlGetLineNo(n);
        vs->n++;
    }
}

static void vals_free(struct vals *vs)
{
    for (int i = 0; i < vs->n; i++)
        xmlFree(vs->v[i]);
    vs->n = 0;
}

static const char *get(const struct vals *vs, const char *name)
{
    for (int i = 0; i < vs->n; i++)
        if (!strcmp(vs->name[i], name))
            return vs->v[i] && *vs->v[i] ? vs->v[i] : NULL;
    return NULL;
}

/* The element a table's column comes from, where the XML names it otherwise. */
static const char *element_of(const char *column)
{
    if (!strcmp(column, "CHILD"))
        return "CHILDID";
    if (!strcmp(column, "PLACE"))
        return "PL";
    return column;
}

/* Is the column a date the return records (its latest says the collection year)? As the
 * CSV tables' recording dates (ssda903.c). */
static bool recording(const char *column)
{
    static const char *const r[] = {"DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH",
                                    "DATE_PLACED", "DATE_PLACED_CEASED", "MIS_START",
                                    "MIS_END", NULL};
    for (int i = 0; r[i]; i++)
        if (!strcmp(r[i], column))
            return true;
    return false;
}

/* One row of table k: each column from own (the element's children) or, for the child's
 * CHILD, DOB and SEX, from the HEADER. */
static void row(struct xs *x, int k, const struct vals *own, const struct vals *head, long line)
{
    const char *const *cols = ssda903_columns(xtable[k]);
    const char *v[16];
    int n = 0;
    for (; cols[n] && n < 16; n++) {
        const char *el = element_of(cols[n]);
        const char *s = get(own, el);
        if (!s && own != head &&
            (!strcmp(el, "CHILDID") || !strcmp(el, "DOB") || !strcmp(el, "SEX")))
            s = get(head, el);
        v[n] = s;
        if (s && recording(cols[n])) {
            day_t d = date_parse_uk(s, strlen(s));
            if (d == DAY_NONE)
                d = date_parse_any(s, strlen(s));
            if (d != DAY_NONE && (x->latest == DAY_NONE || d > x->latest))
                x->latest = d;
        }
    }
    add_row(&x->t[k], v, n, line);
    x->t[k].rows++;
}

static bool any(const struct vals *vs, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (get(vs, names[i]))
            return true;
    return false;
}

static void map_child(struct xs *x, const xmlNode *child)
{
    const xmlNode *header = NULL;
    for (const xmlNode *n = child->children; n && !header; n = n->next)
        if (named(n, "HEADER"))
            header = n;
    struct vals head = {0}, own = {0};
    long hline = header ? xmlGetLineNo(header) : xmlGetLineNo(child);
    if (header)
        gather(header, &head);
    const char *cid = get(&head, "CHILDID");
    mark(x, xmlGetLineNo(child), -1, x->ids.len);
    buf_add(&x->ids, cid ? cid : "", strlen(cid ? cid : "") + 1);
    if (header)
        mark(x, hline, X_HEADER, 0);
    row(x, X_HEADER, &head, &head, hline);

    static const char *const uasc[] = {"DUC", NULL};
    const char *flag = get(&head, "UASC");
    const char *id = get(&head, "CHILDID"), *duc = get(&head, "DUC");
    if (id) {
        buf_add(&x->uasc, &hline, sizeof hline);
        buf_add(&x->uasc, id, strlen(id) + 1);
        buf_add(&x->uasc, flag ? flag : "", strlen(flag ? flag : "") + 1);
        buf_add(&x->uasc, duc ? duc : "", strlen(duc ? duc : "") + 1);
    }
    if ((flag && !strcmp(flag, "1")) || any(&head, uasc))
        row(x, X_UASC, &head, &head, hline);
    static const char *const ad1[] = {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                      "SEX_ADOPTR", "LS_ADOPTR", NULL};
    if (any(&head, ad1))
        row(x, X_AD1, &head, &head, hline);
    static const char *const oc3[] = {"IN_TOUCH", "ACTIV", "ACCOM", NULL};
    if (any(&head, oc3))
        row(x, X_OC3, &head, &head, hline);
    /* the repeated and grouped parts of the HEADER */
    for (const xmlNode *n = header ? header->children : NULL; n; n = n->next) {
        int k = named(n, "AMISSING")     ? X_MISSING
                : named(n, "AREVIEW")    ? X_REVIEWS
                : named(n, "PERMANENCE") ? X_PREV
                : named(n, "OC2")        ? X_OC2
                : named(n, "AD_PLACED")  ? X_PLACED
                                         : -1;
        if (k < 0)
            continue;
        gather(n, &own);
        mark(x, xmlGetLineNo(n), k, 0);
        row(x, k, &own, &head, xmlGetLineNo(n));
        vals_free(&own);
    }
    for (const xmlNode *n = child->children; n; n = n->next) {
        if (!named(n, "EPISODE"))
            continue;
        gather(n, &own);
        mark(x, xmlGetLineNo(n), X_EPISODES, 0);
        row(x, X_EPISODES, &own, &head, xmlGetLineNo(n));
        vals_free(&own);
    }
    vals_free(&head);
}

/* ---- errors from libxml2 ------------------------------------------------------------- */

#if LIBXML_VERSION >= 21200
static void on_parse_error(void *arg, const xmlError *er)
#else
static void on_parse_error(void *arg, xmlErrorPtr er)
#endif
{
    struct xs *x = arg;
    if (!er || er->level < XML_ERR_ERROR || x->xml_failed)
        return;
    x->xml_failed = true;
    x->xml_line = er->line;
    snprintf(x->xml_msg, sizeof x->xml_msg, "%s", er->message ? er->message : "unknown error");
    size_t n = strlen(x->xml_msg);
    while (n && (x->xml_msg[n - 1] == '\n' || x->xml_msg[n - 1] == ' '))
        x->xml_msg[--n] = '\0';
}

/* The CHILDID of the <CHILD> that node is in, or "". */
static void child_of(const xmlNode *node, char *out, size_t cap)
{
    out[0] = '\0';
    while (node && !(node->type == XML_ELEMENT_NODE && named(node, "CHILD")))
        node = node->parent;
    for (const xmlNode *h = node ? node->children : NULL; h; h = h->next)
        if (named(h, "HEADER"))
            for (const xmlNode *k = h->children; k; k = k->next)
                if (named(k, "CHILDID")) {
                    char *s = text_of(k);
                    snprintf(out, cap, "%s", s ? s : "");
                    xmlFree(s);
                    return;
                }
}

struct xsd_cb {
    ssda903_xsd_fn fn;
    void *ctx;
    long *row_line; /* where to put the line of the table row the breach is in, or NULL */
};

#if LIBXML_VERSION >= 21200
static void on_schema_error(void *arg, const xmlError *er)
#else
static void on_schema_error(void *arg, xmlErrorPtr er)
#endif
{
    struct xsd_cb *cb = arg;
    if (!er || er->level < XML_ERR_ERROR)
        return;
    const xmlNode *node = er->node;
    char child[64];
    child_of(node, child, sizeof child);
    const char *el = node && node->type == XML_ELEMENT_NODE ? (const char *)node->name : "";
    char msg[512];
    snprintf(msg, sizeof msg, "%s", er->message ? er->message : "not valid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    long line = er->line > 0 ? er->line : node ? xmlGetLineNo(node) : 0;
    /* the table the element stands for, as findings name tables */
    int k = X_HEADER;
    long row = 0;
    for (const xmlNode *a = node; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        if (named(a, "HEADER")) {
            row = xmlGetLineNo(a);
            break;
        }
        int t = named(a, "EPISODE")      ? X_EPISODES
                : named(a, "AMISSING")   ? X_MISSING
                : named(a, "AREVIEW")    ? X_REVIEWS
                : named(a, "PERMANENCE") ? X_PREV
                : named(a, "OC2")        ? X_OC2
                : named(a, "AD_PLACED")  ? X_PLACED
                                         : -1;
        if (t >= 0) {
            k = t;
            row = xmlGetLineNo(a);
            break;
        }
    }
    if (cb->row_line)
        *cb->row_line = row;
    cb->fn(cb->ctx, line, xcatalogue[k], child, el, msg);
}

/* Validate doc against the schema built into hearth, each breach given to fn. */
static int validate_doc(xmlDocPtr doc, ssda903_xsd_fn fn, void *ctx, long *row_line,
                        struct err *e)
{
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt((const char *)hearth_ssda903_xsd, (int)hearth_ssda903_xsd_len);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    struct xsd_cb cb = {fn, ctx, row_line};
    int rc = HE_OK;
    if (!vc)
        rc = err_set(e, HE_INTERNAL, "cannot load the SSDA903 schema built into hearth");
    else {
        xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &cb);
        if (xmlSchemaValidateDoc(vc, doc) < 0)
            rc = err_set(e, HE_INTERNAL, "cannot check the file against the SSDA903 schema");
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

int ssda903_xsd_check(const char *data, size_t len, ssda903_xsd_fn fn, void *ctx, struct err *e)
{
    int rc0 = xml_load(e);
    if (rc0 != HE_OK)
        return rc0;
    xmlDocPtr doc = xmlReadMemory(data, (int)len, "ssda903.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc)
        return err_set(e, HE_INTERNAL, "the SSDA903 XML written is not well-formed");
    int rc = validate_doc(doc, fn, ctx, NULL, e);
    xmlFreeDoc(doc);
    return rc;
}

/* A schema breach met on import, kept until the collection year is known. */
static void keep_breach(void *ctx, long line, const char *table, const char *child,
                        const char *element, const char *message)
{
    struct xs *x = ctx;
    buf_add(&x->schema, &line, sizeof line);
    buf_add(&x->schema, &x->row_line, sizeof x->row_line);
    buf_add(&x->schema, table, strlen(table) + 1);
    buf_add(&x->schema, child, strlen(child) + 1);
    buf_add(&x->schema, element, strlen(element) + 1);
    buf_add(&x->schema, message, strlen(message) + 1);
    x->n_schema++;
}

/* Is tok one of the ';'-joined names in list? */
static bool names_field(const char *list, const char *tok)
{
    size_t n = strlen(tok);
    for (const char *p = list; p && *p;) {
        const char *q = strchr(p, ';');
        size_t k = q ? (size_t)(q - p) : strlen(p);
        if (k == n && !memcmp(p, tok, n))
            return true;
        p = q ? q + 1 : NULL;
    }
    return false;
}

/* The content finding, met in this file since notes[from], that is about the same element
 * of the same row (at its line: a code not on the list is also a value the schema's facets
 * refuse):
 * one fault, listed once under the DfE's rule. NULL when none is. */
static struct finding *same_fault(struct xs *x, size_t from, long line, const char *child,
                                  const char *el)
{
    if (!*el || !line)
        return NULL;
    const char *col = !strcmp(el, "CHILDID") ? "CHILD" : !strcmp(el, "PL") ? "PLACE" : el;
    for (size_t i = from; i < x->im->notes.n; i++) {
        struct finding *f = &x->im->notes.v[i];
        if (f->owned && f->line == line && f->file && !strcmp(f->file, x->path) &&
            strcmp(f->rule, "schema") && f->child && !strcmp(f->child, child) &&
            names_field(f->fields, col))
            return f;
    }
    return NULL;
}

/* Each schema breach: refused when strict (or not keeping), else a finding. Findings
 * from notes[from] on are this file's content findings: a breach that is one of them
 * (the same element at the same line) is said in it, not listed again. */
static int schema_findings(struct xs *x, int year, size_t from)
{
    const char *p = x->schema.data, *end = p + x->schema.len;
    while (p && p < end) {
        long line, row;
        memcpy(&line, p, sizeof line);
        p += sizeof line;
        memcpy(&row, p, sizeof row);
        p += sizeof row;
        const char *table = p;
        p += strlen(p) + 1;
        const char *child = p;
        p += strlen(p) + 1;
        const char *el = p;
        p += strlen(p) + 1;
        const char *msg = p;
        p += strlen(p) + 1;
        if (!x->im->keep)
            return err_at(x->e, HE_INPUT, x->path, line, *el ? el : NULL,
                          "the file does not follow the DfE's SSDA903 schema: %s", msg);
        struct finding *same = same_fault(x, from, row, child, el);
        if (same) {
            size_t n = strlen(same->message) + strlen(msg) + 96;
            char *m = xmalloc(n);
            snprintf(m, n, "%s; the DfE's schema (CLA_ssda903_structure.xsd) refuses it too: %s",
                     same->message, msg);
            free((char *)same->message);
            same->message = m;
            continue;
        }
        char full[640];
        snprintf(full, sizeof full, "The file does not follow the DfE's SSDA903 schema "
                                    "(CLA_ssda903_structure.xsd): %s", msg);
        findings_add(&x->im->notes, RULES_903, year, true, "schema", child, table, el, full,
                     x->path, line);
    }
    return HE_OK;
}

/* Each HEADER's UASC flag and DUC to the rules between the years' returns (105, 303, 205A,
 * 205C: ssda903_years.c), which name them once every file is read. */
static void uasc_flags(struct xs *x, int year)
{
    if (!x->im->keep)
        return;
    static const char *const names[] = {"CHILD", "UASC", "DUC"};
    const char *p = x->uasc.data, *end = p + x->uasc.len;
    while (p && p < end) {
        long line;
        memcpy(&line, p, sizeof line);
        p += sizeof line;
        const char *v[3];
        size_t len[3];
        for (int i = 0; i < 3; i++) {
            v[i] = p;
            len[i] = strlen(p);
            p += len[i] + 1;
        }
        day_t day[3] = {DAY_NONE, DAY_NONE, date_parse_uk(v[2], len[2])};
        ssda903_years_row(x->im, year, SSDA903_XML_UASC, 3, names, v, len, day, x->path, line);
    }
}

/* A breach the streaming validator meets: kept with its line and element (its message
 * starts "Element 'NAME': ") until the children's lines are known (place_breaches). */
#if LIBXML_VERSION >= 21200
static void on_stream_schema_error(void *arg, const xmlError *er)
#else
static void on_stream_schema_error(void *arg, xmlErrorPtr er)
#endif
{
    struct xs *x = arg;
    if (!er || er->level < XML_ERR_ERROR)
        return;
    if (er->domain != XML_FROM_SCHEMASV) { /* the parser's own: not well-formed */
        on_parse_error(arg, er);
        return;
    }
    char msg[512], el[64] = "";
    snprintf(msg, sizeof msg, "%s", er->message ? er->message : "not valid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (!strncmp(msg, "Element '", 9)) {
        const char *q = strchr(msg + 9, '\'');
        size_t k = q ? (size_t)(q - (msg + 9)) : 0;
        if (k < sizeof el)
            memcpy(el, msg + 9, k), el[k] = '\0';
    }
    long line = er->line;
    buf_add(&x->met, &line, sizeof line);
    buf_add(&x->met, el, strlen(el) + 1);
    buf_add(&x->met, msg, strlen(msg) + 1);
}

static bool row_element(const char *el, int *k)
{
    static const struct { const char *el; int k; } r[] = {
        {"HEADER", X_HEADER}, {"EPISODE", X_EPISODES}, {"AMISSING", X_MISSING},
        {"AREVIEW", X_REVIEWS}, {"PERMANENCE", X_PREV}, {"OC2", X_OC2}, {"AD_PLACED", X_PLACED},
    };
    for (size_t i = 0; i < sizeof r / sizeof *r; i++)
        if (!strcmp(r[i].el, el)) {
            *k = r[i].k;
            return true;
        }
    return false;
}

/* Each breach met, given the child and table row it is in (the last <CHILD> and row that
 * start at or before its line) and the line of the element it names where that is the
 * row or the child (the validator meets a missing element or stray text at the row's
 * end), as keep_breach takes them. */
static void place_breaches(struct xs *x, long top_line)
{
    const char *p = x->met.data, *end = p + x->met.len;
    while (p && p < end) {
        long line;
        memcpy(&line, p, sizeof line);
        p += sizeof line;
        const char *el = p;
        p += strlen(p) + 1;
        const char *msg = p;
        p += strlen(p) + 1;
        size_t lo = 0, hi = x->n_marks; /* first mark after line */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (x->marks[mid].line <= line)
                lo = mid + 1;
            else
                hi = mid;
        }
        const struct mark *row = lo ? &x->marks[lo - 1] : NULL, *child = row;
        while (child && child->k >= 0)
            child = child > x->marks ? child - 1 : NULL;
        if (row && row->k < 0)
            row = NULL;
        int k = row ? row->k : X_HEADER, named_k;
        long at = line;
        if (row && row_element(el, &named_k) && named_k == row->k)
            at = row->line;
        else if (child && !strcmp(el, "CHILD"))
            at = child->line;
        else if (!strcmp(el, "EXPSSDA903"))
            at = top_line;
        x->row_line = row ? row->line : 0;
        keep_breach(x, at, xcatalogue[k], child ? x->ids.data + child->id : "", el, msg);
    }
}

/* ---- the import ------------------------------------------------------------------------ */

/* needle in h[0..n), or NULL */
static const char *find(const char *h, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (h[i] == needle[0] && !memcmp(h + i, needle, m))
            return h + i;
    return NULL;
}

/* The file is streamed through libxml2's reader, validated against the schema as it is
 * read (xmlTextReaderSchemaValidateCtxt), one <CHILD> at a time expanded, mapped onto the
 * tables and let go: memory holds the tables' text, not the document. */
int ssda903_xml_import(struct importer *im, const char *path, struct err *e)
{
    int fd;
    long long size;
    int rc = xml_load(e);
    if (rc != HE_OK || (rc = input_open_regular(path, &fd, &size, e)) != HE_OK)
        return rc;
    if (size == 0) {
        close(fd);
        return err_at(e, HE_INPUT, path, 0, NULL, "the file is empty: expected an SSDA903 <EXPSSDA903>");
    }
    /* a DTD can declare entities that expand without bound or read other files; no
     * SSDA903 return has one, and it is looked for before libxml2 sees the file (in what
     * comes before the root, or the first 64 KB) */
    {
        char head[65536];
        ssize_t got = pread(fd, head, sizeof head, 0);
        size_t n = got > 0 ? (size_t)got : 0;
        const char *root = find(head, n, "<EXPSSDA903");
        if (find(head, root ? (size_t)(root - head) : n, "<!DOCTYPE")) {
            close(fd);
            return err_at(e, HE_INPUT, path, 0, NULL,
                          "the file has a DOCTYPE, which an SSDA903 return never has: refused");
        }
    }
    struct xs *x = xcalloc(1, sizeof *x);
    x->im = im;
    x->path = path;
    x->e = e;
    x->latest = DAY_NONE;
    x->schema = (struct buf)BUF_INIT;
    x->uasc = (struct buf)BUF_INIT;
    x->ids = (struct buf)BUF_INIT;
    x->met = (struct buf)BUF_INIT;
    for (int k = 0; k < X__N; k++)
        x->t[k].csv = (struct buf)BUF_INIT;

    /* NONET: never fetch. No NOENT or DTDLOAD: entities stay unexpanded, no DTD is read */
    xmlTextReaderPtr rd = xmlReaderForFd(fd, path, NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOCDATA |
                                             XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt((const char *)hearth_ssda903_xsd, (int)hearth_ssda903_xsd_len);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!rd || !vc)
        rc = err_set(e, HE_INTERNAL, "cannot load the SSDA903 schema built into hearth");
    if (rc == HE_OK) {
        xmlTextReaderSetStructuredErrorHandler(rd, on_stream_schema_error, x);
        xmlSchemaSetValidStructuredErrors(vc, on_stream_schema_error, x);
        if (xmlTextReaderSchemaValidateCtxt(rd, vc, 0) != 0)
            rc = err_set(e, HE_INTERNAL, "cannot check the file against the SSDA903 schema");
    }
    bool root_seen = false, root_closed = false;
    long top_line = 0;
    int got = rc == HE_OK ? xmlTextReaderRead(rd) : 0;
    while (rc == HE_OK && got == 1 && !x->xml_failed) {
        int type = xmlTextReaderNodeType(rd);
        int depth = xmlTextReaderDepth(rd);
        const char *name = (const char *)xmlTextReaderConstLocalName(rd);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = err_at(e, HE_INPUT, path, 0, NULL,
                        "the file has a DOCTYPE, which an SSDA903 return never has: refused");
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT && depth == 0 && !root_seen) {
            root_seen = true;
            root_closed = xmlTextReaderIsEmptyElement(rd) == 1;
            xmlNodePtr top = xmlTextReaderCurrentNode(rd);
            top_line = top ? xmlGetLineNo(top) : 0;
            if (!name || strcmp(name, "EXPSSDA903")) {
                rc = err_at(e, HE_INPUT, path, top_line, NULL,
                            "the root element is <%s>, not the SSDA903 return's <EXPSSDA903>",
                            name ? name : "(none)");
                break;
            }
            for (int k = 0; k < X__N; k++) {
                push_line(&x->t[k], 0); /* lines[0] */
                const char *const *cols = ssda903_columns(xtable[k]);
                int n = 0;
                while (cols[n])
                    n++;
                add_row(&x->t[k], cols, n, top_line);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT && depth == 0) {
            root_closed = true;
        } else if (type == XML_READER_TYPE_ELEMENT && depth == 1 && name &&
                   !strcmp(name, "CHILD")) {
            xmlNodePtr c = xmlTextReaderExpand(rd);
            if (!c || x->xml_failed) { /* the child does not end: cut short, or not XML */
                got = -1;
                break;
            }
            map_child(x, c);
            got = xmlTextReaderNext(rd); /* past the child, which the reader then lets go */
            continue;
        }
        got = xmlTextReaderRead(rd);
    }
    /* the reader can stop at a file cut short as at its end: the root must have closed */
    if (rc == HE_OK && got == 0 && root_seen && !root_closed && !x->xml_failed) {
        x->xml_failed = true;
        x->xml_line = xmlTextReaderGetParserLineNumber(rd);
        snprintf(x->xml_msg, sizeof x->xml_msg,
                 "the file ends before <EXPSSDA903> is closed: it is cut short");
        got = -1;
    }
    if (rc == HE_OK && got < 0 && !x->xml_failed) {
        /* the reader stopped without telling its handler (libxml2 reports some of its
         * own faults only as the last error) */
        const xmlError *le = xmlGetLastError();
        if (le && le->domain == XML_FROM_SCHEMASV)
            le = NULL;
        x->xml_failed = true;
        x->xml_line = le && le->line > 0 ? le->line : xmlTextReaderGetParserLineNumber(rd);
        snprintf(x->xml_msg, sizeof x->xml_msg, "%s",
                 le && le->message ? le->message : "the file ends before its elements do");
        size_t n = strlen(x->xml_msg);
        while (n && (x->xml_msg[n - 1] == '\n' || x->xml_msg[n - 1] == ' '))
            x->xml_msg[--n] = '\0';
    }
    /* a file cut short (libxml2's reader may take its end for the root's): say so */
    if (rc == HE_OK && x->xml_failed && root_seen) {
        char tail[64];
        ssize_t t = pread(fd, tail, sizeof tail, size > (long long)sizeof tail ? size - (long long)sizeof tail : 0);
        while (t > 0 && (tail[t - 1] == '\n' || tail[t - 1] == '\r' || tail[t - 1] == ' ' ||
                         tail[t - 1] == '\t'))
            t--;
        if (t < 13 || memcmp(tail + t - 13, "</EXPSSDA903>", 13)) {
            size_t n = strlen(x->xml_msg);
            snprintf(x->xml_msg + n, sizeof x->xml_msg - n,
                     " (the file does not end with </EXPSSDA903>: it is cut short)");
        }
    }
    if (rc == HE_OK && (got < 0 || x->xml_failed))
        rc = err_at(e, HE_INPUT, path, x->xml_line, NULL, "the file is not well-formed XML: %s",
                    x->xml_failed ? x->xml_msg : "the XML parser stopped");
    if (rc == HE_OK && !root_seen)
        rc = err_at(e, HE_INPUT, path, 0, NULL,
                    "the root element is <(none)>, not the SSDA903 return's <EXPSSDA903>");
    if (rc == HE_OK)
        place_breaches(x, top_line);
    int year = 0;
    long rows = 0;
    for (int k = 0; k < X__N; k++)
        rows += x->t[k].rows;
    if (rc == HE_OK) {
        year = im->year ? im->year : collection_year_from_path(path);
        if (!year && x->latest != DAY_NONE)
            year = date_year_to_march(x->latest);
        if (!year && rows)
            rc = err_at(e, HE_INPUT, path, 0, NULL,
                        "cannot tell the collection year of %s: it holds no episode, review or "
                        "other dated record; name it in the path (e.g. 2018/) or pass --year",
                        path);
    }
    /* strict: the first breach refuses the file before anything is read into the store;
     * keeping: the breaches are listed after the tables' own findings, so that a fault
     * both name is listed once */
    size_t from = im->notes.n;
    if (rc == HE_OK && !im->keep)
        rc = schema_findings(x, year, from);
    if (rc == HE_OK && year)
        uasc_flags(x, year);
    for (int k = 0; k < X__N && rc == HE_OK; k++) {
        if (!x->t[k].rows)
            continue;
        rc = ssda903_import_text(im, path, xtable[k], x->t[k].csv.data, x->t[k].csv.len,
                                 x->t[k].lines, x->t[k].n, year, e);
    }
    if (rc == HE_OK && im->keep)
        rc = schema_findings(x, year, from);
    if (rd)
        xmlFreeTextReader(rd);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    close(fd);
    for (int k = 0; k < X__N; k++) {
        buf_free(&x->t[k].csv);
        free(x->t[k].lines);
    }
    buf_free(&x->schema);
    buf_free(&x->uasc);
    buf_free(&x->ids);
    buf_free(&x->met);
    free(x->marks);
    free(x);
    return rc;
}
