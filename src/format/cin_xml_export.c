/* cin_xml_export: the CIN census return of one collection year, written from the store
 * as XML the year's DfE schema accepts. Owns which records a year's return holds (the
 * same windows the store uses when a newer return replaces an older one, so that what is
 * exported imports back to the same records) and the year's differences: Sex (2025 on)
 * or GenderCurrent (before), CINPlanDates (2022 on), and each year's code lists. It
 * never writes to the store, and it refuses rather than write a return the schema would
 * reject. */
#include "export.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


#include "../model/codes.h"
#include "../util/buf.h"
#include "export_util.h"
#include "xml.h"

/* The first collection year whose schema has each element (see data/standards/cin-census). */
#define CIN_YEAR_SEX 2025       /* Sex M/F/U replaced GenderCurrent 1/2/0/9 */
#define CIN_YEAR_PLAN_DATES 2022 /* CINPlanDates */

bool cin_census_year_known(int year)
{
    /* every year's code lists hold the ethnicity codes: a year with none has no schema */
    return codes_cin_valid("ethnicitytype", "WBRI", year) && year > 0;
}

/* ---- the header ------------------------------------------------------------------------ */

static const char *const setting_keys[4] = {"la_code", "software_code", "release", "serial_no"};

int export_header_from_settings(struct store *s, struct export_header *h, char *owned[4],
                                struct err *e)
{
    const char **fields[4] = {&h->la_code, &h->software_code, &h->release, &h->serial_no};
    for (int i = 0; i < 4; i++) {
        owned[i] = NULL;
        if (*fields[i])
            continue;
        int rc = store_get_setting(s, setting_keys[i], &owned[i], e);
        if (rc != HE_OK)
            return rc;
        *fields[i] = owned[i];
    }
    return HE_OK;
}

void export_header_free(char *owned[4])
{
    for (int i = 0; i < 4; i++) {
        free(owned[i]);
        owned[i] = NULL;
    }
}

static bool all_digits(const char *s, size_t min)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return false;
    return n >= min;
}

/* ---- writing ----------------------------------------------------------------------------- */

struct wx {
    xmlTextWriterPtr w;
    int year;
    day_t first, last;
    const struct child_file *c; /* the child being written, for messages */
    struct err *e;
    int rc;   /* first failure that stops the writing (the store, the writer) */
    bool io;  /* a writer call failed */
    struct export_blocks blocks; /* what blocks the return, every child's */
};

static int child_fail(struct wx *x, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int child_fail(struct wx *x, const char *field, const char *fmt, ...)
{
    if (x->rc != HE_OK)
        return x->rc;
    char msg[sizeof x->e->msg - 80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    export_block(&x->blocks, x->c && x->c->person.la_child_id ? x->c->person.la_child_id : "?",
                 field, msg);
    return HE_INPUT;
}

static void wcheck(struct wx *x, int r)
{
    if (r < 0)
        x->io = true;
}

static void open_el(struct wx *x, const char *name)
{
    wcheck(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void close_el(struct wx *x)
{
    wcheck(x, xmlTextWriterEndElement(x->w));
}

static void leaf(struct wx *x, const char *name, const char *v)
{
    if (v && *v)
        wcheck(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST v));
}

static void leaf_date(struct wx *x, const char *name, day_t d)
{
    if (d == DAY_NONE)
        return;
    char s[11];
    date_format_iso(d, s);
    leaf(x, name, s);
}

/* A date as known on 31 March: one after it is left out. */
static void leaf_date_by_end(struct wx *x, const char *name, day_t d)
{
    if (d != DAY_NONE && d <= x->last)
        leaf_date(x, name, d);
}

static void leaf_int(struct wx *x, const char *name, int v)
{
    char s[16];
    snprintf(s, sizeof s, "%d", v);
    leaf(x, name, s);
}

/* A code the year's schema has: else the return would be rejected. */
static bool code_leaf(struct wx *x, const char *name, const char *xsd, const char *v, bool required)
{
    if (!v || !*v) {
        if (required)
            child_fail(x, name, "%s is not recorded, and the %d CIN census requires it", name,
                       x->year);
        return !required;
    }
    if (!codes_cin_valid(xsd, v, x->year)) {
        child_fail(x, name, "%s '%s' is not a code of the %d CIN census (%s)", name, v, x->year,
                   xsd);
        return false;
    }
    leaf(x, name, v);
    return true;
}

/* A comma-separated list of codes, one element each. */
static void code_list(struct wx *x, const char *outer, const char *name, const char *xsd,
                      const char *list)
{
    if (!list || !*list)
        return;
    open_el(x, outer);
    const char *p = list;
    while (*p && x->rc == HE_OK) {
        size_t n = strcspn(p, ",");
        char code[32];
        snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1), p);
        code_leaf(x, name, xsd, code, true);
        p += n;
        if (*p == ',')
            p++;
    }
    close_el(x);
}

static void yes_no(struct wx *x, const char *name, int v, const char *what)
{
    if (v < 0) {
        child_fail(x, name, "%s (%s) is not recorded, and the CIN census requires it", name, what);
        return;
    }
    leaf(x, name, v ? "1" : "0");
}

/* UPN: a letter, 11 digits, a digit or letter (upntype). */
static bool upn_ok(const char *s)
{
    if (strlen(s) != 13 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return false;
    for (int i = 1; i < 12; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    char l = s[12];
    return (l >= '0' && l <= '9') || (l >= 'A' && l <= 'Z') || (l >= 'a' && l <= 'z');
}

static void upn_leaf(struct wx *x, const char *name, const char *v)
{
    if (!v || !*v)
        return;
    if (!upn_ok(v)) {
        child_fail(x, name, "%s '%s' is not a UPN (a letter, 11 digits, then a digit or letter)",
                   name, v);
        return;
    }
    leaf(x, name, v);
}

static void write_identifiers(struct wx *x)
{
    const struct person *p = &x->c->person;
    open_el(x, "ChildIdentifiers");
    leaf(x, "LAchildID", p->la_child_id);
    upn_leaf(x, "UPN", p->upn);
    upn_leaf(x, "FormerUPN", p->former_upn);
    code_leaf(x, "UPNunknown", "unknownupntype", p->upn_unknown, false);
    leaf_date(x, "PersonBirthDate", p->dob);
    leaf_date(x, "ExpectedPersonBirthDate", p->expected_dob);
    if (x->year >= CIN_YEAR_SEX) {
        code_leaf(x, "Sex", "sextype", p->sex, true);
    } else {
        /* GenderCurrent: 1 male, 2 female, 0 not recorded (hearth keeps no 9) */
        const char *g = !p->sex ? NULL : !strcmp(p->sex, "M") ? "1" : !strcmp(p->sex, "F") ? "2" : "0";
        code_leaf(x, "GenderCurrent", "gendertype", g, true);
    }
    leaf_date_by_end(x, "PersonDeathDate", p->death_date);
    close_el(x);

    open_el(x, "ChildCharacteristics");
    code_leaf(x, "Ethnicity", "ethnicitytype", p->ethnicity, true);
    code_list(x, "Disabilities", "Disability", "disabilitytype", p->disabilities);
    close_el(x);
}

static void write_episode(struct wx *x, size_t i)
{
    const struct child_file *c = x->c;
    const struct cin_episode *ep = &c->episodes[i];
    rec_id eid = c->episodes_id[i];
    char when[11];
    date_format_iso(ep->referral_date, when);

    open_el(x, "CINdetails");
    leaf_date(x, "CINreferralDate", ep->referral_date);
    code_leaf(x, "ReferralSource", "referralsourcetype", ep->referral_source, true);
    code_leaf(x, "PrimaryNeedCode", "primaryneedcodetype", ep->primary_need, false);
    bool closed = ep->closure_date != DAY_NONE && ep->closure_date <= x->last;
    if (closed) {
        leaf_date(x, "CINclosureDate", ep->closure_date);
        code_leaf(x, "ReasonForClosure", "reasonforclosuretype", ep->closure_reason, false);
    }
    leaf_date_by_end(x, "DateOfInitialCPC", ep->icpc_date);

    for (size_t j = 0; j < c->n_assessments; j++) {
        const struct assessment *a = &c->assessments[j];
        if (a->episode != eid || !export_open_in(a->start, a->authorised, x->first, x->last))
            continue;
        bool authorised = a->authorised != DAY_NONE && a->authorised <= x->last;
        open_el(x, "Assessments");
        leaf_date(x, "AssessmentActualStartDate", a->start);
        leaf_date_by_end(x, "AssessmentInternalReviewDate", a->internal_review);
        if (authorised)
            leaf_date(x, "AssessmentAuthorisationDate", a->authorised);
        /* factors are found at authorisation: not yet known when that came after 31 March */
        if (authorised || a->authorised == DAY_NONE)
            code_list(x, "FactorsIdentifiedAtAssessment", "AssessmentFactors",
                      "assessmentfactorstype", a->factors);
        close_el(x);
    }
    if (x->year >= CIN_YEAR_PLAN_DATES)
        for (size_t j = 0; j < c->n_cin_plans; j++) {
            const struct cin_plan *p = &c->cin_plans[j];
            if (p->episode != eid || !export_open_in(p->start, p->end, x->first, x->last))
                continue;
            open_el(x, "CINPlanDates");
            leaf_date(x, "CINPlanStartDate", p->start);
            leaf_date_by_end(x, "CINPlanEndDate", p->end);
            close_el(x);
        }
    for (size_t j = 0; j < c->n_s47s; j++) {
        const struct s47_enquiry *q = &c->s47s[j];
        day_t end = q->icpc_date != DAY_NONE ? q->icpc_date : q->start;
        if (q->episode != eid || !export_open_in(q->start, end, x->first, x->last))
            continue;
        open_el(x, "Section47");
        leaf_date(x, "S47ActualStartDate", q->start);
        leaf_date(x, "InitialCPCtarget", q->icpc_target);
        leaf_date_by_end(x, "DateOfInitialCPC", q->icpc_date);
        yes_no(x, "ICPCnotRequired", q->icpc_not_required, "the section 47 enquiry");
        close_el(x);
    }
    yes_no(x, "ReferralNFA", ep->referral_nfa, "the referral");
    for (size_t j = 0; j < c->n_cp_plans; j++) {
        const struct cp_plan *p = &c->cp_plans[j];
        if (p->episode != eid || !export_open_in(p->start, p->end, x->first, x->last))
            continue;
        open_el(x, "ChildProtectionPlans");
        leaf_date(x, "CPPstartDate", p->start);
        leaf_date_by_end(x, "CPPendDate", p->end);
        code_leaf(x, "InitialCategoryOfAbuse", "categoryofabusetype", p->initial_category, true);
        code_leaf(x, "LatestCategoryOfAbuse", "categoryofabusetype", p->latest_category, true);
        if (p->previous_plans < 0)
            child_fail(x, "NumberOfPreviousCPP",
                       "the child protection plan starting %s has no NumberOfPreviousCPP, which "
                       "the CIN census requires", when);
        else
            leaf_int(x, "NumberOfPreviousCPP", p->previous_plans);
        bool any = false;
        for (size_t k = 0; k < c->n_cp_reviews; k++) {
            const struct cp_review *r = &c->cp_reviews[k];
            if (r->plan != c->cp_plans_id[j] || r->date < x->first || r->date > x->last)
                continue;
            if (!any)
                open_el(x, "Reviews");
            any = true;
            leaf_date(x, "CPPreviewDate", r->date);
        }
        if (any)
            close_el(x);
        close_el(x);
    }
    close_el(x);
}

static void write_child(struct wx *x)
{
    const struct child_file *c = x->c;
    if (!c->person.la_child_id || !*c->person.la_child_id) {
        child_fail(x, "LAchildID", "a child has no LAchildID");
        return;
    }
    open_el(x, "Child");
    write_identifiers(x);
    for (size_t i = 0; i < c->n_episodes && x->rc == HE_OK; i++)
        if (export_open_in(c->episodes[i].referral_date, c->episodes[i].closure_date, x->first,
                           x->last))
            write_episode(x, i);
    close_el(x);
}

static void write_header(struct wx *x, const struct export_header *h)
{
    char ref[11];
    date_format_iso(x->last, ref);
    char year[8];
    snprintf(year, sizeof year, "%d", x->year);
    open_el(x, "Header");
    open_el(x, "CollectionDetails");
    leaf(x, "Collection", "CIN");
    leaf(x, "Year", year);
    leaf(x, "ReferenceDate", ref);
    close_el(x);
    open_el(x, "Source");
    leaf(x, "SourceLevel", "L");
    leaf(x, "LEA", h->la_code);
    leaf(x, "SoftwareCode", h->software_code ? h->software_code : "hearth");
    leaf(x, "Release", h->release ? h->release : HEARTH_RELEASE);
    leaf(x, "SerialNo", h->serial_no ? h->serial_no : "001");
    leaf(x, "DateTime", h->date_time);
    close_el(x);
    close_el(x);
}

int cin_census_export(struct store *s, int year, const struct export_header *h, const char *path,
                      struct buf *blocking, struct err *e)
{
    int rc0 = xml_load(e);
    if (rc0 != HE_OK)
        return rc0;
    if (!cin_census_year_known(year))
        return err_set(e, HE_INPUT,
                       "hearth has no CIN census schema for collection year %d (it knows the years "
                       "whose code lists are in data/cin-codes.csv)", year);
    if (!h || !h->la_code || strlen(h->la_code) != 3 || !all_digits(h->la_code, 3))
        return err_set(e, HE_INPUT,
                       "the CIN census needs the authority's three-digit LA code (LEA), not '%s': "
                       "set the la_code setting or pass --la-code",
                       h && h->la_code ? h->la_code : "(none)");
    if (h->serial_no && !all_digits(h->serial_no, 3))
        return err_set(e, HE_INPUT, "SerialNo '%s' must be three or more digits", h->serial_no);
    if (h->date_time && strlen(h->date_time) != 19)
        return err_set(e, HE_INPUT, "DateTime '%s' is not YYYY-MM-DDTHH:MM:SS", h->date_time);

    struct wx x = {.year = year, .e = e, .rc = HE_OK, .blocks = {.lines = BUF_INIT}};
    export_year_window(year, &x.first, &x.last);
    struct export_kid *kids = NULL;
    size_t n = 0;
    int rc = export_cohort_sorted(s, COHORT_CIN, x.first, x.last, &kids, &n, e);
    if (rc != HE_OK)
        return rc;
    if (n == 0) {
        free(kids);
        return err_set(e, HE_INPUT,
                       "no child had an episode of need open in the year ending 31 March %d: the "
                       "schema wants at least one child, so there is no return to write", year);
    }

    struct export_tmp t;
    rc = export_tmp_open(&t, path, e);
    xmlOutputBufferPtr out = NULL;
    if (rc == HE_OK) {
        out = xmlOutputBufferCreateFile(t.f, NULL);
        x.w = out ? xmlNewTextWriter(out) : NULL;
        if (!x.w) {
            if (out)
                xmlOutputBufferClose(out);
            rc = err_set(e, HE_INTERNAL, "cannot start an XML writer");
        }
    }
    if (rc == HE_OK) {
        xmlTextWriterSetIndent(x.w, 1);
        xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
        wcheck(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
        open_el(&x, "Message");
        write_header(&x, h);
        open_el(&x, "Children");
        struct export_walk w;
        export_walk_start(&w, s, kids, n);
        while (x.rc == HE_OK && !x.io) {
            struct child_file *c;
            if ((rc = export_walk_next(&w, &c, e)) != HE_OK) {
                x.rc = rc;
                break;
            }
            if (!c)
                break;
            x.c = c;
            export_blocks_child(&x.blocks);
            write_child(&x);
            x.c = NULL;
        }
        export_walk_end(&w);
        wcheck(&x, xmlTextWriterEndDocument(x.w)); /* closes every open element */
        xmlFreeTextWriter(x.w);                   /* flushes and frees out; t.f stays open */
        rc = x.rc;
        if (rc == HE_OK) {
            char what[32];
            snprintf(what, sizeof what, "%d CIN census", year);
            rc = export_blocked(&x.blocks, what, blocking, e);
        }
        if (rc == HE_OK && x.io)
            rc = err_at(e, HE_INTERNAL, path, 0, NULL, "writing the XML failed");
        if (rc == HE_OK)
            rc = export_tmp_commit(&t, e);
    }
    if (rc != HE_OK)
        export_tmp_abandon(&t);
    export_blocks_free(&x.blocks);
    export_kids_free(kids, n);
    return rc;
}
