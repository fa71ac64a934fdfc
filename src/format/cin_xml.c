/* cin_xml: a CIN census XML return (any collection year 2017-2026) into the model. Owns
 * the element table (each element's place, type and whether every year's schema requires
 * it) and the mapping of one <Child> at a time onto person, episode and part records.
 * It streams the file through libxml2's SAX2 parser, read a chunk at a time, and never
 * loads it whole, never fetches or expands anything the file points at (uploads are
 * hostile), and never commits: the caller rolls back. Each finished <Child> is copied
 * whole into the import pipeline (pipe.h), so the next children are parsed while the
 * store writes this one. */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


#include "../model/codes.h"
#include "../util/buf.h"
#include "../util/input.h"
#include "pipe.h"
#include "xml.h"

/* ---- the element table -------------------------------------------------------------- */

enum el {
    E_MESSAGE, E_HEADER, E_COLLECTIONDETAILS, E_COLLECTION, E_YEAR, E_REFERENCEDATE,
    E_SOURCE, E_SOURCELEVEL, E_LEA, E_SOFTWARECODE, E_RELEASE, E_SERIALNO, E_DATETIME,
    E_CHILDREN, E_CHILD,
    E_IDENTIFIERS, E_LACHILDID, E_UPN, E_FORMERUPN, E_UPNUNKNOWN, E_BIRTH, E_EXPECTEDBIRTH,
    E_GENDERCURRENT, E_SEX, E_DEATH,
    E_CHARACTERISTICS, E_ETHNICITY, E_DISABILITIES, E_DISABILITY,
    E_CINDETAILS, E_REFERRALDATE, E_REFERRALSOURCE, E_PRIMARYNEED, E_CLOSUREDATE,
    E_CLOSUREREASON, E_ICPC, E_NFA,
    E_ASSESSMENTS, E_ASTART, E_AREVIEW, E_AAUTH, E_FACTORS, E_FACTOR,
    E_PLAN, E_PLANSTART, E_PLANEND,
    E_S47, E_S47START, E_ICPCTARGET, E_ICPCNOTREQ,
    E_CPP, E_CPPSTART, E_CPPEND, E_CATINITIAL, E_CATLATEST, E_NPREVIOUS, E_REVIEWS,
    E_REVIEWDATE,
    E__N
};
/* Each element is one bit in a frame's "seen" mask. */
_Static_assert(E__N <= 64, "element set must fit a 64-bit mask");

enum vkind { V_CONT, V_STR, V_DATE, V_CODE, V_BOOL, V_INT, V_YEAR };

struct eldef {
    const char *name;
    int parent;      /* -1 for the root */
    enum vkind kind;
    const char *xsd; /* code list (data/cin-codes.csv xsd_type) for V_CODE */
    bool many;       /* maxOccurs unbounded */
    bool required;   /* minOccurs 1 in every year's schema */
};

/* The union of the 2017-2026 schemas: only GenderCurrent (to 2024) became Sex (2025 on),
 * and CINPlanDates is taken from any year. Sex is checked apart (one of the two). */
static const struct eldef defs[E__N] = {
    [E_MESSAGE] = {"Message", -1, V_CONT, NULL, 0, 0},
    [E_HEADER] = {"Header", E_MESSAGE, V_CONT, NULL, 0, 0},
    [E_COLLECTIONDETAILS] = {"CollectionDetails", E_HEADER, V_CONT, NULL, 0, 0},
    [E_COLLECTION] = {"Collection", E_COLLECTIONDETAILS, V_STR, NULL, 0, 0},
    [E_YEAR] = {"Year", E_COLLECTIONDETAILS, V_YEAR, NULL, 0, 0},
    [E_REFERENCEDATE] = {"ReferenceDate", E_COLLECTIONDETAILS, V_DATE, NULL, 0, 0},
    [E_SOURCE] = {"Source", E_HEADER, V_CONT, NULL, 1, 0},
    [E_SOURCELEVEL] = {"SourceLevel", E_SOURCE, V_STR, NULL, 0, 0},
    [E_LEA] = {"LEA", E_SOURCE, V_STR, NULL, 0, 0},
    [E_SOFTWARECODE] = {"SoftwareCode", E_SOURCE, V_STR, NULL, 0, 0},
    [E_RELEASE] = {"Release", E_SOURCE, V_STR, NULL, 0, 0},
    [E_SERIALNO] = {"SerialNo", E_SOURCE, V_STR, NULL, 0, 0},
    [E_DATETIME] = {"DateTime", E_SOURCE, V_STR, NULL, 0, 0},
    [E_CHILDREN] = {"Children", E_MESSAGE, V_CONT, NULL, 0, 0},
    [E_CHILD] = {"Child", E_CHILDREN, V_CONT, NULL, 1, 0},
    [E_IDENTIFIERS] = {"ChildIdentifiers", E_CHILD, V_CONT, NULL, 0, 1},
    [E_LACHILDID] = {"LAchildID", E_IDENTIFIERS, V_STR, NULL, 0, 1},
    [E_UPN] = {"UPN", E_IDENTIFIERS, V_STR, NULL, 0, 0},
    [E_FORMERUPN] = {"FormerUPN", E_IDENTIFIERS, V_STR, NULL, 0, 0},
    [E_UPNUNKNOWN] = {"UPNunknown", E_IDENTIFIERS, V_CODE, "unknownupntype", 0, 0},
    [E_BIRTH] = {"PersonBirthDate", E_IDENTIFIERS, V_DATE, NULL, 0, 0},
    [E_EXPECTEDBIRTH] = {"ExpectedPersonBirthDate", E_IDENTIFIERS, V_DATE, NULL, 0, 0},
    [E_GENDERCURRENT] = {"GenderCurrent", E_IDENTIFIERS, V_CODE, "gendertype", 0, 0},
    [E_SEX] = {"Sex", E_IDENTIFIERS, V_CODE, "sextype", 0, 0},
    [E_DEATH] = {"PersonDeathDate", E_IDENTIFIERS, V_DATE, NULL, 0, 0},
    [E_CHARACTERISTICS] = {"ChildCharacteristics", E_CHILD, V_CONT, NULL, 0, 1},
    [E_ETHNICITY] = {"Ethnicity", E_CHARACTERISTICS, V_CODE, "ethnicitytype", 0, 1},
    [E_DISABILITIES] = {"Disabilities", E_CHARACTERISTICS, V_CONT, NULL, 0, 0},
    [E_DISABILITY] = {"Disability", E_DISABILITIES, V_CODE, "disabilitytype", 1, 0},
    [E_CINDETAILS] = {"CINdetails", E_CHILD, V_CONT, NULL, 1, 1},
    [E_REFERRALDATE] = {"CINreferralDate", E_CINDETAILS, V_DATE, NULL, 0, 1},
    [E_REFERRALSOURCE] = {"ReferralSource", E_CINDETAILS, V_CODE, "referralsourcetype", 0, 1},
    [E_PRIMARYNEED] = {"PrimaryNeedCode", E_CINDETAILS, V_CODE, "primaryneedcodetype", 0, 0},
    [E_CLOSUREDATE] = {"CINclosureDate", E_CINDETAILS, V_DATE, NULL, 0, 0},
    [E_CLOSUREREASON] = {"ReasonForClosure", E_CINDETAILS, V_CODE, "reasonforclosuretype", 0, 0},
    /* also inside Section47: see allowed_in() */
    [E_ICPC] = {"DateOfInitialCPC", E_CINDETAILS, V_DATE, NULL, 0, 0},
    [E_NFA] = {"ReferralNFA", E_CINDETAILS, V_BOOL, NULL, 0, 1},
    [E_ASSESSMENTS] = {"Assessments", E_CINDETAILS, V_CONT, NULL, 1, 0},
    [E_ASTART] = {"AssessmentActualStartDate", E_ASSESSMENTS, V_DATE, NULL, 0, 1},
    [E_AREVIEW] = {"AssessmentInternalReviewDate", E_ASSESSMENTS, V_DATE, NULL, 0, 0},
    [E_AAUTH] = {"AssessmentAuthorisationDate", E_ASSESSMENTS, V_DATE, NULL, 0, 0},
    [E_FACTORS] = {"FactorsIdentifiedAtAssessment", E_ASSESSMENTS, V_CONT, NULL, 0, 0},
    [E_FACTOR] = {"AssessmentFactors", E_FACTORS, V_CODE, "assessmentfactorstype", 1, 0},
    [E_PLAN] = {"CINPlanDates", E_CINDETAILS, V_CONT, NULL, 1, 0},
    [E_PLANSTART] = {"CINPlanStartDate", E_PLAN, V_DATE, NULL, 0, 1},
    [E_PLANEND] = {"CINPlanEndDate", E_PLAN, V_DATE, NULL, 0, 0},
    [E_S47] = {"Section47", E_CINDETAILS, V_CONT, NULL, 1, 0},
    [E_S47START] = {"S47ActualStartDate", E_S47, V_DATE, NULL, 0, 1},
    [E_ICPCTARGET] = {"InitialCPCtarget", E_S47, V_DATE, NULL, 0, 0},
    [E_ICPCNOTREQ] = {"ICPCnotRequired", E_S47, V_BOOL, NULL, 0, 1},
    [E_CPP] = {"ChildProtectionPlans", E_CINDETAILS, V_CONT, NULL, 1, 0},
    [E_CPPSTART] = {"CPPstartDate", E_CPP, V_DATE, NULL, 0, 1},
    [E_CPPEND] = {"CPPendDate", E_CPP, V_DATE, NULL, 0, 0},
    [E_CATINITIAL] = {"InitialCategoryOfAbuse", E_CPP, V_CODE, "categoryofabusetype", 0, 1},
    [E_CATLATEST] = {"LatestCategoryOfAbuse", E_CPP, V_CODE, "categoryofabusetype", 0, 1},
    [E_NPREVIOUS] = {"NumberOfPreviousCPP", E_CPP, V_INT, NULL, 0, 1},
    [E_REVIEWS] = {"Reviews", E_CPP, V_CONT, NULL, 0, 0},
    [E_REVIEWDATE] = {"CPPreviewDate", E_REVIEWS, V_DATE, NULL, 1, 0},
};

bool cin_xml_field_typed(const char *element)
{
    for (int el = 0; el < E__N; el++)
        if (!strcmp(defs[el].name, element))
            return (defs[el].kind != V_STR && defs[el].kind != V_CONT) || defs[el].required;
    return false;
}

static bool allowed_in(int el, int parent)
{
    return defs[el].parent == parent || (el == E_ICPC && parent == E_S47);
}

#define BIT(el) (UINT64_C(1) << (el))

/* ---- one child's records, held until its </Child> ----------------------------------- */

/* Strings live in one arena per child, referred to by offset so the arena may grow;
 * offset 0 is "not recorded". */
typedef size_t sref;

struct asmt { day_t start, review, auth; sref factors; };
struct plan { day_t start, end; };
struct s47 { day_t start, target, icpc; int not_required; };
struct cpp { day_t start, end; sref initial, latest; int previous; size_t r0, nr; };
struct ep {
    day_t referral, closure, icpc;
    sref source, need, reason;
    int nfa;
    size_t a0, na, p0, np, s0, ns, c0, nc; /* each episode's parts are a run in the arrays */
};

#define VEC(T) struct { T *v; size_t n, cap; }

static void *grow(void *v, size_t *cap, size_t size)
{
    *cap = *cap ? *cap * 2 : 16;
    return xrealloc(v, *cap * size);
}

/* A zeroed new last element; the arrays keep their memory from child to child. */
#define PUSH(vec)                                                                      \
    ((vec).n == (vec).cap ? (void)((vec).v = grow((vec).v, &(vec).cap, sizeof *(vec).v)) \
                          : (void)0,                                                   \
     memset(&(vec).v[(vec).n], 0, sizeof *(vec).v), &(vec).v[(vec).n++])
#define LAST(vec) (&(vec).v[(vec).n - 1])

struct kid {
    sref id, upn, former_upn, upn_unknown, ethnicity, disabilities;
    day_t dob, expected_dob, death;
    const char *sex;
};

/* ---- the reader's state --------------------------------------------------------------- */

#define MAX_DEPTH 12  /* the schema nests 7 deep; the parent checks bound it */
#define MAX_TEXT INPUT_MAX_VALUE /* the same limit as every importer's (util/input.h) */

struct frame {
    int el;
    long line;       /* of the start tag's end, as libxml2 counts */
    long check_line; /* line of the end date that must not precede its start */
    uint64_t seen;   /* child elements met so far */
    bool text_noted; /* keep mode: stray text in it was listed */
};

/* Code lists are a linear table (codes.c); most values repeat, so remember valid ones. */
struct code_slot {
    const char *xsd;
    char code[8];
};
#define CODE_SLOTS 512

struct cx {
    struct importer *im;
    const char *path;
    struct err *e;
    xmlParserCtxtPtr pc;
    struct pipe *pipe;
    int rc;             /* the first error a SAX callback met; the parser is stopped */
    long long fed;      /* bytes given to the parser, for progress */
    uint8_t names[256]; /* hash of element name -> el + 1 */
    /* libxml2 hands out each element name from its dictionary, one pointer per name for
     * the whole parse: names met before are found by that pointer alone */
    struct { const xmlChar *name; int el; } seen_names[64];
    uint64_t required[E__N];

    int year, hdr_year;
    day_t ref_date;
    long ref_line;
    bool root_seen;
    struct frame st[MAX_DEPTH];
    int depth;
    struct buf text, list; /* a leaf's text; a comma-separated list being built */

    struct buf arena;
    struct kid kid;
    VEC(struct ep) eps;
    VEC(struct asmt) as;
    VEC(struct plan) pl;
    VEC(struct s47) s47;
    VEC(struct cpp) cp;
    VEC(day_t) rv;

    bool xml_failed, xml_cut_short;
    long xml_line;
    char xml_msg[400];
    char xml_field[64]; /* the element left open in a cut file */

    struct code_slot codes[CODE_SLOTS];

    /* keep mode: the child's findings start at note0 (their LAchildID is filled in at
     * </Child>), and the lines of its records wait there for it too */
    size_t note0;
    struct { int el; long line; } pend[64];
    int npend;

    /* strict (hearth validate): each LAchildID met so far and the line of its <Child>, so
     * that a second <Child> for the same child is refused (DfE rule 8510) rather than merged */
    struct buf ids;                  /* the LAchildIDs, NUL-separated */
    struct id_slot { uint32_t h; size_t off; long line; } *idset;
    size_t id_n, id_cap;             /* cap: 0 or a power of two */
};

static uint32_t hash(const unsigned char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ *s++) * 16777619u;
    return h;
}

/* Strict mode: remember the child's LAchildID; false (and *first set) when it was met before. */
static bool id_first_time(struct cx *c, const char *id, long line, long *first)
{
    if (2 * (c->id_n + 1) > c->id_cap) {
        size_t ncap = c->id_cap ? 2 * c->id_cap : 1024;
        struct id_slot *nt = xcalloc(ncap, sizeof *nt);
        for (size_t i = 0; i < c->id_cap; i++)
            if (c->idset[i].off) {
                size_t j = c->idset[i].h & (ncap - 1);
                while (nt[j].off)
                    j = (j + 1) & (ncap - 1);
                nt[j] = c->idset[i];
            }
        free(c->idset);
        c->idset = nt;
        c->id_cap = ncap;
    }
    uint32_t h = hash((const unsigned char *)id);
    size_t j = h & (c->id_cap - 1);
    for (; c->idset[j].off; j = (j + 1) & (c->id_cap - 1))
        if (c->idset[j].h == h && !strcmp(c->ids.data + c->idset[j].off, id)) {
            *first = c->idset[j].line;
            return false;
        }
    if (!c->ids.len)
        buf_addc(&c->ids, '\0'); /* offset 0 marks an empty slot */
    c->idset[j] = (struct id_slot){h, c->ids.len, line};
    buf_add(&c->ids, id, strlen(id) + 1);
    c->id_n++;
    return true;
}

static void cx_init_tables(struct cx *c)
{
    for (int el = 0; el < E__N; el++) {
        uint32_t i = hash((const unsigned char *)defs[el].name) & 255;
        while (c->names[i])
            i = (i + 1) & 255;
        c->names[i] = (uint8_t)(el + 1);
        if (defs[el].required && defs[el].parent >= 0)
            c->required[defs[el].parent] |= BIT(el);
    }
}

static int lookup_name(const struct cx *c, const xmlChar *name)
{
    for (uint32_t i = hash(name) & 255; c->names[i]; i = (i + 1) & 255)
        if (strcmp(defs[c->names[i] - 1].name, (const char *)name) == 0)
            return c->names[i] - 1;
    return -1;
}

static int lookup(struct cx *c, const xmlChar *name)
{
    if (!name)
        return -1;
    size_t slot = ((uintptr_t)name >> 4) % 64;
    /* the compare keeps this right even for a name that did not come from the dictionary */
    int el = c->seen_names[slot].el;
    if (c->seen_names[slot].name == name && el >= 0 && strcmp(defs[el].name, (const char *)name) == 0)
        return el;
    el = lookup_name(c, name);
    c->seen_names[slot].name = name;
    c->seen_names[slot].el = el;
    return el;
}

static int fail(struct cx *c, long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct cx *c, long line, const char *field, const char *fmt, ...)
{
    char msg[sizeof c->e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* an element past line 65535 whose line is still unknown: the parser's position is
     * at most a chunk ahead of it */
    if (line <= 0 && c->pc && c->pc->input)
        line = c->pc->input->line;
    return err_at(c->e, HE_INPUT, c->path, line, field, "%s", msg);
}

/* A content fault: refused, or in keep mode listed (under the DfE's rule for it) and the
 * reading goes on; HE_OK then. table is the element the record is. */
static int fault(struct cx *c, enum field_fault kind, long line, int table, const char *field,
                 const char *other, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static int fault(struct cx *c, enum field_fault kind, long line, int table, const char *field,
                 const char *other, const char *fmt, ...)
{
    char msg[sizeof c->e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!c->im->keep)
        return fail(c, line, field, "%s", msg);
    if (line <= 0 && c->pc && c->pc->input)
        line = c->pc->input->line;
    importer_fault(c->im, RULES_CIN, c->year, kind, field, other, table >= 0 ? defs[table].name : "",
                   "", c->path, line, "%s", msg);
    return HE_OK;
}

/* The line libxml2 is on: for a start tag, the line of its closing '>'. */
static long elem_line(struct cx *c)
{
    return c->pc && c->pc->input ? c->pc->input->line : 0;
}

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *er)
#else
static void on_xml_error(void *arg, xmlErrorPtr er)
#endif
{
    struct cx *c = arg;
    if (!er || er->level < XML_ERR_ERROR || c->xml_failed)
        return;
    c->xml_failed = true;
    c->xml_line = er->line;
    /* libxml2's reader calls a cut file "Extra content at the end of the document"; say
     * what happened when elements are still open at the end */
    xmlParserCtxtPtr pc = er->domain == XML_FROM_PARSER ? er->ctxt : NULL;
    c->xml_cut_short = (er->code == XML_ERR_TAG_NOT_FINISHED || er->code == XML_ERR_DOCUMENT_END ||
                        er->code == XML_ERR_LTSLASH_REQUIRED) &&
                       pc && pc->nameNr > 0 && pc->name;
    if (c->xml_cut_short) {
        snprintf(c->xml_field, sizeof c->xml_field, "%s", (const char *)pc->name);
        snprintf(c->xml_msg, sizeof c->xml_msg, "the file ends inside <%.64s>, before its end tag",
                 (const char *)pc->name);
    } else
        snprintf(c->xml_msg, sizeof c->xml_msg, "%s", er->message ? er->message : "unknown error");
    size_t n = strlen(c->xml_msg);
    while (n && (c->xml_msg[n - 1] == '\n' || c->xml_msg[n - 1] == ' '))
        c->xml_msg[--n] = '\0';
}

/* ---- the child arena ------------------------------------------------------------------ */

static sref intern(struct cx *c, const char *s, size_t n)
{
    sref r = c->arena.len;
    buf_add(&c->arena, s, n);
    buf_addc(&c->arena, '\0');
    return r;
}

static void child_reset(struct cx *c)
{
    buf_reset(&c->arena);
    buf_addc(&c->arena, '\0'); /* so that no string sits at offset 0 */
    memset(&c->kid, 0, sizeof c->kid);
    c->eps.n = c->as.n = c->pl.n = c->s47.n = c->cp.n = c->rv.n = 0;
}

/* ---- values --------------------------------------------------------------------------- */

static bool code_ok(struct cx *c, const char *xsd, const char *v, size_t n)
{
    struct code_slot *slot = NULL;
    if (n < sizeof slot->code) {
        uint32_t h = hash((const unsigned char *)v) ^ (uint32_t)(uintptr_t)xsd;
        slot = &c->codes[(h ^ (h >> 9)) % CODE_SLOTS];
        if (slot->xsd == xsd && memcmp(slot->code, v, n + 1) == 0)
            return true;
    }
    if (!codes_cin_valid(xsd, v, 0))
        return false;
    if (slot) {
        slot->xsd = xsd;
        memcpy(slot->code, v, n + 1);
    }
    return true;
}

static int parse_bool(const char *v)
{
    if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0)
        return 1;
    if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0)
        return 0;
    return -1;
}

/* A whole number 0..99999 written in digits, as positiveintegertype allows (no sign). */
static int parse_count(const char *v, size_t n)
{
    if (n == 0 || n > 5)
        return -1;
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x;
}

static bool is_xml_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* An end that must not come before its start; both must be recorded to be compared. */
static int check_order(struct cx *c, const struct frame *f, day_t start, day_t *end,
                       int start_el, int end_el)
{
    if (start == DAY_NONE || *end == DAY_NONE || *end >= start)
        return HE_OK;
    char a[11], b[11];
    date_format_iso(*end, a);
    date_format_iso(start, b);
    /* in keep mode the record is kept without its end (the store holds none that ends
     * before it starts); the finding says what the return gave */
    *end = DAY_NONE;
    return fault(c, FAULT_ORDER, f->check_line, f->el, defs[end_el].name, defs[start_el].name,
                 "%s %s is before %s %s", defs[end_el].name, a, defs[start_el].name, b);
}

/* The years whose list holds code, as " (valid from 2018-19 to 2022-23)", or "". */
static void years_valid(const char *xsd, const char *code, char *out, size_t cap)
{
    int first = 0, last = 0;
    for (int y = 2010; y <= 2030; y++)
        if (codes_cin_valid(xsd, code, y)) {
            if (!first)
                first = y;
            last = y;
        }
    out[0] = '\0';
    if (first && first == last)
        snprintf(out, cap, " (valid in %d-%02d)", first - 1, first % 100);
    else if (first)
        snprintf(out, cap, " (valid from %d-%02d to %d-%02d)", first - 1, first % 100, last - 1,
                 last % 100);
}

/* ---- leaves ---------------------------------------------------------------------------- */

static int leaf(struct cx *c, struct frame *f)
{
    struct frame *p = f - 1;
    const int el = f->el;
    const struct eldef *d = &defs[el];
    char *v = c->text.data ? c->text.data : (char *)"";
    size_t n = c->text.len;
    while (n && is_xml_space(v[n - 1]))
        n--;
    while (n && is_xml_space(*v))
        v++, n--;
    if (n == 0) {
        /* an empty optional element is common in the wild and means "not recorded" */
        if (d->required)
            return fault(c, FAULT_MISSING, f->line, p->el, d->name,
                         NULL, "%s is empty, and the CIN census requires it", d->name);
        return HE_OK;
    }
    v[n] = '\0';

    day_t day = DAY_NONE;
    int flag = -1;
    switch (d->kind) {
    case V_DATE:
        day = date_parse_any(v, n);
        if (day == DAY_NONE) /* keep mode: the record holds no date */
            return fault(c, FAULT_INVALID, f->line, p->el, d->name, NULL,
                         "%s '%.40s' is not a real date (expected YYYY-MM-DD)", d->name, v);
        break;
    case V_CODE:
        if (!code_ok(c, d->xsd, v, n)) {
            /* kept as given: the year's rules name it too, and the years it was valid */
            char yrs[64];
            years_valid(d->xsd, v, yrs, sizeof yrs);
            int rc = fault(c, FAULT_INVALID, f->line, p->el, d->name, NULL,
                           "'%.40s' is not a CIN census %s code (%s)%s", v, d->name, d->xsd,
                           yrs);
            if (rc != HE_OK)
                return rc;
        }
        break;
    case V_BOOL:
        flag = parse_bool(v);
        if (flag < 0)
            return fault(c, FAULT_INVALID, f->line, p->el, d->name, NULL,
                         "%s must be 1, 0, true or false, not '%.40s'", d->name, v);
        break;
    case V_INT:
        flag = parse_count(v, n);
        if (flag < 0)
            return fault(c, FAULT_INVALID, f->line, p->el, d->name, NULL,
                         "%s must be a whole number from 0 to 99999, not '%.40s'", d->name, v);
        break;
    case V_YEAR:
        if (n != 4 || parse_count(v, n) < 2000 || parse_count(v, n) > 2099)
            return fail(c, f->line, d->name,
                        "Year must be the collection year as four digits (such as 2018), not '%.40s'",
                        v);
        flag = parse_count(v, n);
        break;
    case V_STR:
    case V_CONT:
        break;
    }

    struct ep *ep = c->eps.n ? LAST(c->eps) : NULL;
    switch (el) {
    case E_YEAR: c->hdr_year = flag; break;
    case E_REFERENCEDATE: c->ref_date = day, c->ref_line = f->line; break;
    case E_LEA: /* the authority, for its settings when none is set (cmd/import.c) */
        if (!c->im->lea[0] && n == 3 && isdigit((unsigned char)v[0]) &&
            isdigit((unsigned char)v[1]) && isdigit((unsigned char)v[2]))
            memcpy(c->im->lea, v, 3);
        break;
    case E_LACHILDID: c->kid.id = intern(c, v, n); break;
    /* a UPN that is not one (a wrong pattern, markup) is kept as the return was submitted:
     * a past return is a record of what was sent. hearth validate names it (rules 1510-1550)
     * and export cin-census lists every such child until the record is put right */
    case E_UPN: c->kid.upn = intern(c, v, n); break;
    case E_FORMERUPN: c->kid.former_upn = intern(c, v, n); break;
    case E_UPNUNKNOWN: c->kid.upn_unknown = intern(c, v, n); break;
    case E_BIRTH: c->kid.dob = day; break;
    case E_EXPECTEDBIRTH: c->kid.expected_dob = day; break;
    case E_DEATH: c->kid.death = day; break;
    case E_GENDERCURRENT: /* 1 male, 2 female, 0 not known, 9 not specified */
        c->kid.sex = v[0] == '1' ? "M" : v[0] == '2' ? "F" : "U";
        break;
    case E_SEX: c->kid.sex = v[0] == 'M' ? "M" : v[0] == 'F' ? "F" : "U"; break;
    case E_ETHNICITY: c->kid.ethnicity = intern(c, v, n); break;
    case E_DISABILITY:
    case E_FACTOR:
        if (c->list.len)
            buf_addc(&c->list, ',');
        buf_add(&c->list, v, n);
        break;
    case E_REFERRALDATE: ep->referral = day; break;
    case E_REFERRALSOURCE: ep->source = intern(c, v, n); break;
    case E_PRIMARYNEED: ep->need = intern(c, v, n); break;
    case E_CLOSUREDATE: ep->closure = day; p->check_line = f->line; break;
    case E_CLOSUREREASON: ep->reason = intern(c, v, n); break;
    case E_ICPC:
        if (p->el == E_S47) {
            LAST(c->s47)->icpc = day;
            p->check_line = f->line;
        } else {
            ep->icpc = day;
        }
        break;
    case E_NFA: ep->nfa = flag; break;
    case E_ASTART: LAST(c->as)->start = day; break;
    case E_AREVIEW: LAST(c->as)->review = day; break;
    case E_AAUTH: LAST(c->as)->auth = day; p->check_line = f->line; break;
    case E_PLANSTART: LAST(c->pl)->start = day; break;
    case E_PLANEND: LAST(c->pl)->end = day; p->check_line = f->line; break;
    case E_S47START: LAST(c->s47)->start = day; break;
    case E_ICPCTARGET: LAST(c->s47)->target = day; break;
    case E_ICPCNOTREQ: LAST(c->s47)->not_required = flag; break;
    case E_CPPSTART: LAST(c->cp)->start = day; break;
    case E_CPPEND: LAST(c->cp)->end = day; p->check_line = f->line; break;
    case E_CATINITIAL: LAST(c->cp)->initial = intern(c, v, n); break;
    case E_CATLATEST: LAST(c->cp)->latest = intern(c, v, n); break;
    case E_NPREVIOUS: LAST(c->cp)->previous = flag; break;
    case E_REVIEWDATE: *PUSH(c->rv) = day; break;
    default: break; /* header details hearth does not keep */
    }
    return HE_OK;
}

/* ---- writing one child ---------------------------------------------------------------- */

/* One <Child> as an item of the pipeline: this header, then its episodes, assessments,
 * plans, enquiries, protection plans and review dates, then its string arena; every
 * array starts on an 8-byte boundary. Nothing in it points outside it (sex is a string
 * literal). */
struct child_item {
    struct kid kid;
    int year;
    size_t n_eps, n_as, n_pl, n_s47, n_cp, n_rv, arena_len;
};

#define A8(n) (((n) + 7) & ~(size_t)7)

/* The store thread's view of an item. */
struct child_view {
    const struct child_item *h;
    const struct ep *eps;
    const struct asmt *as;
    const struct plan *pl;
    const struct s47 *s47;
    const struct cpp *cp;
    const day_t *rv;
    const char *arena;
};

static const char *vstr(const struct child_view *v, sref r)
{
    return r ? v->arena + r : NULL;
}

static const char *str(const struct cx *c, sref r)
{
    return r ? c->arena.data + r : NULL;
}

/* Hand the finished child to the store thread. */
static int queue_child(struct cx *c)
{
    struct child_item h = {c->kid, c->year, c->eps.n, c->as.n, c->pl.n, c->s47.n, c->cp.n,
                           c->rv.n, c->arena.len};
    const struct { const void *p; size_t n; } part[] = {
        {&h, sizeof h}, {c->eps.v, c->eps.n * sizeof *c->eps.v}, {c->as.v, c->as.n * sizeof *c->as.v},
        {c->pl.v, c->pl.n * sizeof *c->pl.v}, {c->s47.v, c->s47.n * sizeof *c->s47.v},
        {c->cp.v, c->cp.n * sizeof *c->cp.v}, {c->rv.v, c->rv.n * sizeof *c->rv.v},
        {c->arena.data, c->arena.len},
    };
    size_t size = 0;
    for (size_t i = 0; i < sizeof part / sizeof *part; i++)
        size += A8(part[i].n);
    unsigned char *item = pipe_reserve(c->pipe, size);
    if (!item)
        return HE_INTERNAL; /* the store failed: pipe_finish() gives its error */
    size_t off = 0;
    for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
        if (part[i].n)
            memcpy(item + off, part[i].p, part[i].n);
        off += A8(part[i].n);
    }
    return pipe_commit(c->pipe);
}

static int write_child(struct importer *im, const struct child_view *v, struct err *e);

/* The pipeline's consumer: runs on the store thread. */
static int store_child(void *ctx, const void *item, size_t size, struct err *e)
{
    const unsigned char *b = item;
    struct child_view v;
    v.h = item;
    size_t off = A8(sizeof *v.h);
    v.eps = (const void *)(b + off);
    off += A8(v.h->n_eps * sizeof *v.eps);
    v.as = (const void *)(b + off);
    off += A8(v.h->n_as * sizeof *v.as);
    v.pl = (const void *)(b + off);
    off += A8(v.h->n_pl * sizeof *v.pl);
    v.s47 = (const void *)(b + off);
    off += A8(v.h->n_s47 * sizeof *v.s47);
    v.cp = (const void *)(b + off);
    off += A8(v.h->n_cp * sizeof *v.cp);
    v.rv = (const void *)(b + off);
    off += A8(v.h->n_rv * sizeof *v.rv);
    v.arena = (const char *)(b + off);
    if (off + v.h->arena_len > size)
        return err_set(e, HE_INTERNAL, "cin_xml: a child item is short");
    return write_child(ctx, &v, e);
}

static int write_child(struct importer *im, const struct child_view *v, struct err *e)
{
    struct store *s = im->store;
    const struct kid *k = &v->h->kid;
    const int y = v->h->year;
    enum put_outcome o;
    rec_id pid, eid, id;
    int rc;

    struct person p = {
        .la_child_id = vstr(v, k->id), .upn = vstr(v, k->upn),
        .former_upn = vstr(v, k->former_upn), .upn_unknown = vstr(v, k->upn_unknown),
        .dob = k->dob, .expected_dob = k->expected_dob, .death_date = k->death,
        .sex = k->sex, .ethnicity = vstr(v, k->ethnicity),
        .disabilities = vstr(v, k->disabilities), .mother = -1,
    };
    if ((rc = store_put_person(s, y, &p, &pid, &o, e)) != HE_OK)
        return rc;
    importer_count(im, RK_PERSON, o);

    /* keep mode: a record without the date the store knows it by is not kept (the
     * import's findings say what it lacked) */
    for (size_t i = 0; i < v->h->n_eps; i++) {
        const struct ep *ep = &v->eps[i];
        if (ep->referral == DAY_NONE)
            continue;
        struct cin_episode x = {
            .person = pid, .referral_date = ep->referral, .referral_source = vstr(v, ep->source),
            .primary_need = vstr(v, ep->need), .closure_date = ep->closure,
            .closure_reason = vstr(v, ep->reason), .referral_nfa = ep->nfa, .icpc_date = ep->icpc,
        };
        if ((rc = store_put_cin_episode(s, y, &x, &eid, &o, e)) != HE_OK)
            return rc;
        importer_count(im, RK_CIN_EPISODE, o);
        /* even when a newer return holds this episode, its parts are put: the store
         * keeps those only this older return could hold and drops the rest when the
         * episode is completed below */
        for (size_t j = ep->a0; j < ep->a0 + ep->na; j++) {
            const struct asmt *a = &v->as[j];
            if (a->start == DAY_NONE)
                continue;
            struct assessment r = {.episode = eid, .start = a->start, .internal_review = a->review,
                                   .authorised = a->auth, .factors = vstr(v, a->factors)};
            if ((rc = store_put_assessment(s, y, &r, NULL, &o, e)) != HE_OK)
                return rc;
            importer_count(im, RK_ASSESSMENT, o);
        }
        for (size_t j = ep->p0; j < ep->p0 + ep->np; j++) {
            if (v->pl[j].start == DAY_NONE)
                continue;
            struct cin_plan r = {.episode = eid, .start = v->pl[j].start, .end = v->pl[j].end};
            if ((rc = store_put_cin_plan(s, y, &r, NULL, &o, e)) != HE_OK)
                return rc;
            importer_count(im, RK_CIN_PLAN, o);
        }
        for (size_t j = ep->s0; j < ep->s0 + ep->ns; j++) {
            const struct s47 *q = &v->s47[j];
            if (q->start == DAY_NONE)
                continue;
            struct s47_enquiry r = {.episode = eid, .start = q->start, .icpc_target = q->target,
                                    .icpc_date = q->icpc, .icpc_not_required = q->not_required};
            if ((rc = store_put_s47_enquiry(s, y, &r, NULL, &o, e)) != HE_OK)
                return rc;
            importer_count(im, RK_S47, o);
        }
        for (size_t j = ep->c0; j < ep->c0 + ep->nc; j++) {
            const struct cpp *q = &v->cp[j];
            if (q->start == DAY_NONE)
                continue;
            struct cp_plan r = {.episode = eid, .start = q->start, .end = q->end,
                                .initial_category = vstr(v, q->initial),
                                .latest_category = vstr(v, q->latest),
                                .previous_plans = q->previous};
            if ((rc = store_put_cp_plan(s, y, &r, &id, &o, e)) != HE_OK)
                return rc;
            importer_count(im, RK_CP_PLAN, o);
            for (size_t kk = q->r0; kk < q->r0 + q->nr; kk++) {
                if (v->rv[kk] == DAY_NONE)
                    continue;
                struct cp_review rv = {.plan = id, .date = v->rv[kk]};
                if ((rc = store_put_cp_review(s, y, &rv, NULL, &o, e)) != HE_OK)
                    return rc;
                importer_count(im, RK_CP_REVIEW, o);
            }
        }
        if ((rc = store_complete_episode(s, eid, y, e)) != HE_OK)
            return rc;
    }
    return HE_OK;
}

/* ---- elements opening and closing ------------------------------------------------------ */

static int resolve_year(struct cx *c, long line)
{
    c->year = c->im->year;
    if (!c->year)
        c->year = c->hdr_year;
    if (!c->year && c->ref_date != DAY_NONE)
        c->year = date_year_to_march(c->ref_date);
    if (!c->year)
        c->year = collection_year_from_path(c->path);
    if (!c->year)
        return fail(c, line, "Year",
                    "cannot tell the collection year: the file has no Header/CollectionDetails "
                    "Year or ReferenceDate and its path names no year; pass --year YYYY");
    /* rule 100: the census is taken on the collection year's 31 March */
    day_t census = date_from_ymd(c->year, 3, 31);
    if (c->ref_date != DAY_NONE && c->ref_date != census && (c->im->keep || c->im->strict)) {
        int y, m, d;
        date_to_ymd(c->ref_date, &y, &m, &d);
        if (!c->im->keep)
            return fail(c, c->ref_line, "ReferenceDate",
                        "ReferenceDate %04d-%02d-%02d is not 31 March %d, the census date of the "
                        "%d-%02d collection year (DfE rule 100)",
                        y, m, d, c->year, c->year - 1, c->year % 100);
        const struct rule_def *r =
            rules_lookup(RULES_CIN, rules_catalogue_year(RULES_CIN, c->year), "100");
        char msg[512];
        snprintf(msg, sizeof msg, "%s%sReferenceDate %04d-%02d-%02d is not 31 March %d, the "
                 "census date of the %d-%02d collection year%s", r ? r->message : "",
                 r ? " (" : "", y, m, d, c->year, c->year - 1, c->year % 100, r ? ")" : "");
        findings_add(&c->im->notes, RULES_CIN, c->year, true, r ? "100" : "schema", "", "Header",
                     "ReferenceDate", msg, c->path, c->ref_line);
    }
    if (c->year > c->im->newest_cin)
        c->im->newest_cin = c->year;
    if (c->year >= 2000 && c->year < 2064)
        c->im->years_read[RULES_CIN] |= 1ull << (c->year - 2000);
    return HE_OK;
}

static int close_container(struct cx *c, struct frame *f)
{
    int rc = HE_OK;
    for (uint64_t missing = c->required[f->el] & ~f->seen; missing && rc == HE_OK;
         missing &= missing - 1) {
        int m = __builtin_ctzll(missing);
        rc = fault(c, FAULT_MISSING, f->line, f->el, defs[m].name, NULL,
                   "%s has no %s, which the CIN census requires", defs[f->el].name, defs[m].name);
    }
    if (rc != HE_OK)
        return rc;
    switch (f->el) {
    case E_IDENTIFIERS: {
        uint64_t sex = f->seen & (BIT(E_SEX) | BIT(E_GENDERCURRENT));
        const char *want = c->year >= 2025 ? "Sex" : "GenderCurrent";
        if (!sex)
            return fault(c, FAULT_MISSING, f->line, f->el, want, NULL,
                         "ChildIdentifiers has no %s, which the CIN census requires "
                         "(Sex from 2025, GenderCurrent before)", want);
        if (sex == (BIT(E_SEX) | BIT(E_GENDERCURRENT)))
            return fault(c, FAULT_INVALID, f->line, f->el, want, NULL,
                         "ChildIdentifiers has both Sex and GenderCurrent");
        if (c->im->strict && !(sex & BIT(c->year >= 2025 ? E_SEX : E_GENDERCURRENT)))
            return fault(c, FAULT_INVALID, f->line, f->el, c->year >= 2025 ? "GenderCurrent" : "Sex",
                         NULL,
                         "this is a %d-%02d return, whose schema records %s; %s belongs to the "
                         "schema of %s (is the file for the year it says?)",
                         c->year - 1, c->year % 100, want, c->year >= 2025 ? "GenderCurrent" : "Sex",
                         c->year >= 2025 ? "2023-24 and before" : "2024-25 onwards");
        break;
    }
    case E_DISABILITIES:
        if (c->list.len)
            c->kid.disabilities = intern(c, c->list.data, c->list.len);
        break;
    case E_FACTORS:
        if (c->list.len)
            LAST(c->as)->factors = intern(c, c->list.data, c->list.len);
        break;
    case E_CINDETAILS: {
        struct ep *ep = LAST(c->eps);
        rc = check_order(c, f, ep->referral, &ep->closure, E_REFERRALDATE, E_CLOSUREDATE);
        ep->na = c->as.n - ep->a0;
        ep->np = c->pl.n - ep->p0;
        ep->ns = c->s47.n - ep->s0;
        ep->nc = c->cp.n - ep->c0;
        break;
    }
    case E_ASSESSMENTS:
        rc = check_order(c, f, LAST(c->as)->start, &LAST(c->as)->auth, E_ASTART, E_AAUTH);
        break;
    case E_PLAN:
        rc = check_order(c, f, LAST(c->pl)->start, &LAST(c->pl)->end, E_PLANSTART, E_PLANEND);
        break;
    case E_S47:
        rc = check_order(c, f, LAST(c->s47)->start, &LAST(c->s47)->icpc, E_S47START, E_ICPC);
        break;
    case E_CPP:
        rc = check_order(c, f, LAST(c->cp)->start, &LAST(c->cp)->end, E_CPPSTART, E_CPPEND);
        LAST(c->cp)->nr = c->rv.n - LAST(c->cp)->r0;
        break;
    case E_CHILD: {
        long first;
        const char *id = str(c, c->kid.id);
        if ((c->im->strict || c->im->keep) && id && !id_first_time(c, id, f->line, &first)) {
            if (!c->im->keep)
                return fail(c, f->line, "LAchildID",
                            "LAchildID %.40s has a second <Child> (the first is at line %ld): a "
                            "return holds one <Child> per child (DfE rule 8510)",
                            id, first);
            char msg[512];
            const struct rule_def *d = rules_lookup(RULES_CIN, rules_catalogue_year(RULES_CIN, c->year), "8510");
            snprintf(msg, sizeof msg,
                     "%s%sLAchildID %.40s has a second <Child> (the first is at line %ld); "
                     "both are kept as one child%s",
                     d ? d->message : "", d ? " (" : "", id, first, d ? ")" : "");
            findings_add(&c->im->notes, RULES_CIN, c->year, true, d ? "8510" : "schema", id,
                         "ChildIdentifiers", "LAchildID", msg, c->path, f->line);
        }
        if (c->im->keep) {
            /* the child's findings and the lines of its records, now that its ID is known */
            for (size_t i = c->note0; i < c->im->notes.n; i++)
                if (!*c->im->notes.v[i].child && id) {
                    free(c->im->notes.v[i].child);
                    c->im->notes.v[i].child = xstrdup(id);
                }
            importer_line(c->im, RULES_CIN, "Child", id, c->path, f->line);
            for (int i = 0; i < c->npend; i++)
                importer_line(c->im, RULES_CIN, defs[c->pend[i].el].name, id, c->path,
                              c->pend[i].line);
        }
        if (!id) /* keep mode: no LAchildID, no child to keep (its finding is listed) */
            break;
        rc = queue_child(c);
        if (rc == HE_OK && (++c->im->records & 255) == 0)
            importer_progress(c->im, c->fed);
        break;
    }
    default:
        break;
    }
    return rc;
}

static int on_end(struct cx *c)
{
    if (c->depth == 0) /* libxml2 never gives an unmatched end; be sure */
        return fail(c, 0, NULL, "an end tag with no start");
    struct frame *f = &c->st[c->depth - 1];
    int rc = defs[f->el].kind == V_CONT ? close_container(c, f) : leaf(c, f);
    c->depth--;
    return rc;
}

static int on_start(struct cx *c, const xmlChar *xname, bool empty)
{
    const char *name = xname ? (const char *)xname : "";
    long line = elem_line(c);
    int el = lookup(c, xname);
    if (el < 0 && c->depth > 0)
        return fail(c, line, name, "<%.64s> is not a CIN census element", name);
    if (c->depth == 0) {
        if (el != E_MESSAGE)
            return fail(c, line, name,
                        "the file starts with <%.64s>, not <Message>: it is not a CIN census return",
                        name);
        c->root_seen = true;
    } else {
        struct frame *p = &c->st[c->depth - 1];
        if (defs[p->el].kind != V_CONT)
            return fail(c, line, name, "<%s> cannot contain other elements, but holds <%s>",
                        defs[p->el].name, name);
        if (!allowed_in(el, p->el)) {
            if (defs[el].parent < 0) /* a second root inside the first */
                return fail(c, line, name, "<%s> is the whole return and cannot appear inside <%s>",
                            name, defs[p->el].name);
            return fail(c, line, name, "<%s> does not belong inside <%s> (it belongs inside <%s>)",
                        name, defs[p->el].name, defs[defs[el].parent].name);
        }
        if ((p->seen & BIT(el)) && !defs[el].many)
            return fail(c, line, name, "<%s> appears more than once in one <%s>", name,
                        defs[p->el].name);
        if (el == E_HEADER && (p->seen & BIT(E_CHILDREN)))
            return fail(c, line, name, "<Header> must come before <Children>");
        p->seen |= BIT(el);
    }
    if (c->depth == MAX_DEPTH)
        return fail(c, line, name, "elements nest too deeply");
    c->st[c->depth++] = (struct frame){el, line, 0, 0, false};
    if (c->im->keep && defs[el].kind == V_CONT && c->depth > 3 && c->npend < 64) {
        /* a record of the child: where it is, once the child's ID is known */
        bool met = false;
        for (int i = 0; i < c->npend && !met; i++)
            met = c->pend[i].el == el;
        if (!met)
        {
            c->pend[c->npend].el = el;
            c->pend[c->npend++].line = line;
        }
    }

    switch (el) {
    case E_CHILDREN: {
        int rc = resolve_year(c, line);
        if (rc != HE_OK)
            return rc;
        break;
    }
    case E_CHILD:
        child_reset(c);
        c->note0 = c->im->notes.n;
        c->npend = 0;
        break;
    case E_CINDETAILS: {
        struct ep *ep = PUSH(c->eps);
        ep->nfa = -1;
        ep->a0 = c->as.n;
        ep->p0 = c->pl.n;
        ep->s0 = c->s47.n;
        ep->c0 = c->cp.n;
        break;
    }
    case E_ASSESSMENTS: PUSH(c->as); break;
    case E_PLAN: PUSH(c->pl); break;
    case E_S47: PUSH(c->s47)->not_required = -1; break;
    case E_CPP: {
        struct cpp *q = PUSH(c->cp);
        q->previous = -1;
        q->r0 = c->rv.n;
        break;
    }
    case E_DISABILITIES:
    case E_FACTORS: buf_reset(&c->list); break;
    default:
        if (defs[el].kind != V_CONT)
            buf_reset(&c->text);
        break;
    }
    return empty ? on_end(c) : HE_OK;
}

/* Text, given in pieces (v is not NUL-terminated). */
static int on_text(struct cx *c, const char *v, size_t n)
{
    if (c->depth == 0 || !v)
        return HE_OK;
    struct frame *f = &c->st[c->depth - 1];
    if (defs[f->el].kind == V_CONT) {
        for (size_t i = 0; i < n; i++)
            if (!is_xml_space(v[i])) {
                if (f->text_noted)
                    return HE_OK;
                f->text_noted = true;
                /* the schema's fault, not the records': in keep mode they are read on */
                return fault(c, FAULT_INVALID, f->line, f->el, defs[f->el].name, NULL,
                             "text '%.*s' is not allowed directly inside <%s>",
                             (int)(n - i < 40 ? n - i : 40), v + i, defs[f->el].name);
            }
        return HE_OK;
    }
    if (c->text.len + n > MAX_TEXT)
        return fail(c, f->line, defs[f->el].name, "%s is longer than %d characters",
                    defs[f->el].name, MAX_TEXT);
    buf_add(&c->text, v, n);
    return HE_OK;
}

/* ---- the import ------------------------------------------------------------------------ */

/* Does the prolog (before the root element) hold a DOCTYPE? Looked for before libxml2
 * reads the file, so a hostile DTD is never parsed at all; the reader's DOCTYPE node
 * check below catches what this byte scan cannot see (UTF-16, a prolog past 64 KiB). */
static const char *find(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (h[i] == needle[0] && memcmp(h + i, needle, k) == 0)
            return h + i;
    return NULL;
}

static bool prolog_has_doctype(int fd)
{
    static const size_t cap = 64 * 1024;
    char *b = xmalloc(cap);
    ssize_t got = read(fd, b, cap);
    size_t n = got > 0 ? (size_t)got : 0, i = 0;
    bool found = false;
    if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (;;) {
        while (i < n && is_xml_space(b[i]))
            i++;
        const char *end = NULL, *close = NULL;
        if (n - i >= 2 && memcmp(b + i, "<?", 2) == 0)
            end = find(b + i + 2, n - i - 2, close = "?>");
        else if (n - i >= 4 && memcmp(b + i, "<!--", 4) == 0)
            end = find(b + i + 4, n - i - 4, close = "-->");
        else
            found = n - i >= 9 && memcmp(b + i, "<!DOCTYPE", 9) == 0;
        if (!end)
            break;
        i = (size_t)(end - b) + strlen(close);
    }
    free(b);
    return found;
}

#define DOCTYPE_REFUSED                                                                    \
    "the file has a DOCTYPE declaration, which a CIN census return never has; it is refused " \
    "for safety"

/* ---- SAX2 callbacks: each stops the parser at the first error ---------------------- */

static void stop(struct cx *c, int rc)
{
    if (rc != HE_OK && c->rc == HE_OK) {
        c->rc = rc;
        xmlStopParser(c->pc);
    }
}

/* the parser runs a little ahead of what it hands out: stop at its first complaint
 * rather than keep building on a document that is not well-formed */
#define LIVE(c) ((c)->rc == HE_OK && !(c)->xml_failed)

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct cx *c = ctx;
    if (LIVE(c))
        stop(c, on_start(c, localname, false));
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    struct cx *c = ctx;
    if (LIVE(c))
        stop(c, on_end(c));
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    struct cx *c = ctx;
    if (LIVE(c) && len > 0)
        stop(c, on_text(c, (const char *)ch, (size_t)len));
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                        const xmlChar *system_id)
{
    /* a DTD can declare entities that expand without bound or read other files; no CIN
     * census return has one. No line: the byte scan before parsing reports none either */
    struct cx *c = ctx;
    if (c->rc == HE_OK)
        stop(c, err_at(c->e, HE_INPUT, c->path, 0, NULL, DOCTYPE_REFUSED));
}

static void sax_reference(void *ctx, const xmlChar *name)
{
    struct cx *c = ctx;
    if (LIVE(c))
        stop(c, fail(c, 0, c->depth ? defs[c->st[c->depth - 1].el].name : NULL,
                     "the file uses an entity reference, which a CIN census return never has"));
}

#define CHUNK (1 << 16)

static void sax_init(xmlSAXHandler *sax_)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_text;
    sax.ignorableWhitespace = sax_text;
    sax.cdataBlock = sax_text;
    sax.internalSubset = sax_doctype;
    sax.externalSubset = sax_doctype;
    sax.reference = sax_reference;
    sax.serror = on_xml_error;
    *sax_ = sax;
}

/* NONET: never fetch. No NOENT or DTDLOAD: entities stay unexpanded and no external DTD is
 * read. NOCDATA: CDATA arrives as text. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT)

/* What the parse left: the first error, else HE_OK. */
static int parse_outcome(struct cx *c)
{
    int rc = c->rc;
    if (rc == HE_OK && c->xml_failed)
        rc = err_at(c->e, HE_INPUT, c->path, c->xml_line, c->xml_field[0] ? c->xml_field : NULL,
                    c->xml_cut_short ? "%s: it seems cut short" : "the file is not well-formed XML: %s",
                    c->xml_msg);
    else if (rc == HE_OK && !c->pc->wellFormed)
        rc = err_at(c->e, HE_INPUT, c->path, 0, NULL,
                    "the file is not well-formed XML: the XML parser stopped");
    else if (rc == HE_OK && !c->root_seen)
        rc = err_at(c->e, HE_INPUT, c->path, 0, NULL,
                    "the file holds no XML elements: expected a CIN census <Message>");
    else if (rc == HE_OK && c->depth) /* libxml2 reports this itself; kept so a cut file can never pass */
        rc = fail(c, 0, defs[c->st[c->depth - 1].el].name, "the file ends inside <%s>: it is cut short",
                  defs[c->st[c->depth - 1].el].name);
    xmlFreeParserCtxt(c->pc);
    c->pc = NULL;
    return rc;
}

/* The file, read a chunk at a time and handed to libxml2 as it asks for more. */
struct feed {
    struct cx *c;
    int fd;
    unsigned char *chunk;
    size_t pos, end;
    int read_errno; /* a read that failed, or 0 */
};

static int feed_read(void *ctx, char *out, int len)
{
    struct feed *f = ctx;
    if (f->pos == f->end) {
        ssize_t got = read(f->fd, f->chunk, CHUNK);
        if (got < 0) {
            f->read_errno = errno ? errno : EIO;
            return -1;
        }
        f->pos = 0;
        f->end = (size_t)got;
        f->c->fed += got;
    }
    size_t n = len < 0 ? 0 : (size_t)len;
    if (n > f->end - f->pos)
        n = f->end - f->pos;
    memcpy(out, f->chunk + f->pos, n);
    f->pos += n;
    return (int)n;
}

static int feed_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* The whole file through libxml2's pull parser, which reads it as it goes: the push
 * parser looked ahead for each tag's end before it parsed it, about a tenth of the
 * instructions of reading a census. */
static int read_all(struct cx *c, int fd, unsigned char *chunk)
{
    xmlSAXHandler sax;
    sax_init(&sax);
    struct feed f = {.c = c, .fd = fd, .chunk = chunk};
    c->pc = xmlCreateIOParserCtxt(&sax, c, feed_read, feed_close, &f, XML_CHAR_ENCODING_NONE);
    if (!c->pc)
        return err_at(c->e, HE_INPUT, c->path, 0, NULL, "cannot open the file as XML");
    xmlCtxtUseOptions(c->pc, XML_OPTIONS);
    xmlParseDocument(c->pc);
    if (f.read_errno) {
        xmlFreeParserCtxt(c->pc);
        c->pc = NULL;
        return err_at(c->e, HE_INPUT, c->path, 0, NULL, "cannot read the file: %s",
                      strerror(f.read_errno));
    }
    return parse_outcome(c);
}

int cin_xml_import(struct importer *im, const char *path, struct err *e)
{
    /* libxml2 would report a missing file through its global handler (stderr), so look
     * first and say it our way */
    int fd;
    long long size;
    int rc0 = xml_load(e);
    if (rc0 != HE_OK || (rc0 = input_open_regular(path, &fd, &size, e)) != HE_OK)
        return rc0;
    bool empty = size == 0;
    bool doctype = !empty && prolog_has_doctype(fd);
    if (empty || doctype) {
        close(fd);
        return err_at(e, HE_INPUT, path, 0, NULL,
                      empty ? "the file is empty: expected a CIN census <Message>" : DOCTYPE_REFUSED);
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file: %s", strerror(errno));
    }

    struct cx *c = xcalloc(1, sizeof *c);
    c->im = im;
    c->path = path;
    c->e = e;
    cx_init_tables(c);

    int rc = pipe_start(&c->pipe, store_child, im, im->pipe_threads, e);
    if (rc == HE_OK)
        pipe_lock_store(c->pipe, im->store_lock);
    if (rc == HE_OK) {
        unsigned char *chunk = xmalloc(CHUNK);
        rc = read_all(c, fd, chunk);
        free(chunk);
        /* everything parsed before an error is stored first: a store error there is the
         * one a one-thread import would have met first */
        struct err store_e;
        err_clear(&store_e);
        int src = pipe_finish(c->pipe, &store_e);
        if (src != HE_OK) {
            *e = store_e;
            rc = src;
        }
        if (rc == HE_OK)
            importer_progress(im, c->fed);
    }
    close(fd);

    buf_free(&c->text);
    buf_free(&c->list);
    buf_free(&c->arena);
    buf_free(&c->ids);
    free(c->idset);
    free(c->eps.v);
    free(c->as.v);
    free(c->pl.v);
    free(c->s47.v);
    free(c->cp.v);
    free(c->rv.v);
    free(c);
    return rc;
}
