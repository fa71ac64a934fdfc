/* Tests for the CIN census export: a council's return imported and exported again holds
 * every value it had; the export is valid against its year's schema for every year hearth
 * has a schema for (the synthetic demo authority, 2017-2026); importing hearth's own
 * export into an empty database and exporting again gives the same bytes; and a year
 * with no schema, a missing LA code or a record the schema cannot hold is refused,
 * naming what is wrong, with no file left behind. */
#include "export_fixture.h"

#include <libxml/tree.h>

#define XSD "data/standards/cin-census/CIN_schema_%d.xsd"

static const struct export_header HDR = {.la_code = "887", .software_code = "hearth tests",
                                         .release = "1", .serial_no = "001",
                                         .date_time = "2026-04-02T09:30:00"};

static void export_ok(struct store *s, int year, const char *path)
{
    struct err e;
    err_clear(&e);
    if (cin_census_export(s, year, &HDR, path, &e) != HE_OK)
        xf_fail("cin_census_export", &e);
}

static void assert_valid(const char *xml, int year)
{
    char xsd[128];
    snprintf(xsd, sizeof xsd, XSD, year);
    if (xf_xsd_errors(xml, xsd) != 0)
        fail_msg("%s is not valid against %s", xml, xsd);
}

/* ---- a child's values, in document order, for comparing two returns ---------------- */

struct leafs {
    char *child;
    struct buf text;
};

static int by_child(const void *a, const void *b)
{
    return strcmp(((const struct leafs *)a)->child, ((const struct leafs *)b)->child);
}

/* Every leaf of a child as "Element=value" lines, with what the CIN census lets a return
 * write two ways written one way (booleans 1/0; GenderCurrent 9, which hearth keeps as
 * "not known", as 0). */
static void collect(xmlNodePtr n, struct buf *out)
{
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        bool leaf = true;
        for (xmlNodePtr g = k->children; g; g = g->next)
            if (g->type == XML_ELEMENT_NODE)
                leaf = false;
        if (!leaf) {
            buf_printf(out, "<%s>\n", (const char *)k->name);
            collect(k, out);
            continue;
        }
        xmlChar *v = xmlNodeGetContent(k);
        const char *t = (const char *)v;
        while (*t == ' ' || *t == '\n')
            t++;
        if (*t) {
            if (!strcmp(t, "true"))
                t = "1";
            else if (!strcmp(t, "false"))
                t = "0";
            else if (!strcmp((const char *)k->name, "GenderCurrent") && !strcmp(t, "9"))
                t = "0";
            buf_printf(out, "%s=%s\n", (const char *)k->name, t);
        }
        xmlFree(v);
    }
}

static struct leafs *children_of(const char *path, size_t *n)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    assert_non_null(doc);
    xmlNodePtr children = NULL;
    for (xmlNodePtr k = xmlDocGetRootElement(doc)->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !strcmp((const char *)k->name, "Children"))
            children = k;
    assert_non_null(children);
    size_t cap = 16;
    struct leafs *v = calloc(cap, sizeof *v);
    *n = 0;
    for (xmlNodePtr c = children->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (*n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        struct leafs *l = &v[(*n)++];
        l->text = (struct buf)BUF_INIT;
        collect(c, &l->text);
        const char *t = buf_str(&l->text);
        const char *id = strstr(t, "LAchildID=");
        assert_non_null(id);
        id += strlen("LAchildID=");
        l->child = strndup(id, strcspn(id, "\n"));
    }
    xmlFreeDoc(doc);
    qsort(v, *n, sizeof *v, by_child);
    return v;
}

static void free_children(struct leafs *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].child);
        buf_free(&v[i].text);
    }
    free(v);
}

/* ---- tests ---------------------------------------------------------------------------- */

/* Export year from s and compare every child's values with the council's file. */
static void assert_same_children(struct store *s, const char *orig, int year, const char *dir)
{
    char out[700];
    snprintf(out, sizeof out, "%s/cin%d.xml", dir, year);
    export_ok(s, year, out);
    assert_valid(out, year);

    size_t na, nb;
    struct leafs *a = children_of(orig, &na), *b = children_of(out, &nb);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(a[i].child, b[i].child);
        if (strcmp(buf_str(&a[i].text), buf_str(&b[i].text)) != 0)
            fail_msg("child %s differs:\n--- council\n%s--- hearth\n%s", a[i].child,
                     buf_str(&a[i].text), buf_str(&b[i].text));
    }
    print_message("council %d return: %zu children, every value kept\n", year, na);
    free_children(a, na);
    free_children(b, nb);
}

#define MEDWAY "tests/fixtures/medway/%d/cin_census_%d.xml"

/* A council's returns (Medway-shaped, schema-valid): import, export, and every value of
 * every child comes back, in the schema's order: one year alone, and two years held
 * together (the 2018 return carries 2017's open cases in). */
static void test_council_return_loses_nothing(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char f17[128], f18[128];
    snprintf(f17, sizeof f17, MEDWAY, 2017, 2017);
    snprintf(f18, sizeof f18, MEDWAY, 2018, 2018);
    struct store *s = xf_open(dir, "a.db");
    xf_import(s, f18, 2018);
    assert_same_children(s, f18, 2018, dir);
    store_close(s);
    s = xf_open(dir, "b.db");
    xf_import(s, f17, 2017);
    xf_import(s, f18, 2018);
    assert_same_children(s, f17, 2017, dir);
    assert_same_children(s, f18, 2018, dir);
    xf_done(s, dir);
}

/* The demo authority over every year hearth has a schema for: each year's export is
 * schema-valid, and importing it into an empty database and exporting again gives the
 * same file. */
static void test_demo_every_year_valid_and_round_trips(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *demo = xf_demo_files(dir, 2017, 2026, 3000);
    struct store *s = xf_open(dir, "demo.db");
    xf_import(s, demo, 0);
    int years = 0;
    for (int y = 2017; y <= 2026; y++) {
        assert_true(cin_census_year_known(y));
        char a[700], b[700], db[32];
        snprintf(a, sizeof a, "%s/cin_%d.xml", dir, y);
        snprintf(b, sizeof b, "%s/again_%d.xml", dir, y);
        export_ok(s, y, a);
        assert_valid(a, y);
        snprintf(db, sizeof db, "rt%d.db", y);
        struct store *t = xf_open(dir, db);
        xf_import(t, a, 0);
        export_ok(t, y, b);
        store_close(t);
        if (!xf_same_file(a, b))
            fail_msg("%d: re-importing the export and exporting again changed it", y);
        years++;
    }
    assert_int_equal(years, 10);
    xf_done(s, dir);
    free(demo);
}

/* The 2026 fixture imported into a.db in dir; out (700 bytes) is dir's x.xml. */
static struct store *with_2026(const char *dir, char *out)
{
    struct store *s = xf_open(dir, "a.db");
    xf_import(s, "tests/fixtures/cin/2026/cin_census_2026.xml", 2026);
    snprintf(out, 700, "%s/x.xml", dir);
    return s;
}

/* Sex from 2025, GenderCurrent before; CINPlanDates only from 2022. */
static void test_year_differences(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), out[700];
    struct store *s = with_2026(dir, out);
    export_ok(s, 2026, out);
    assert_valid(out, 2026);
    char *t = xf_read(out, NULL);
    assert_non_null(strstr(t, "<Sex>M</Sex>"));
    assert_null(strstr(t, "GenderCurrent"));
    assert_non_null(strstr(t, "<CINPlanDates>"));
    assert_non_null(strstr(t, "<LEA>887</LEA>"));
    assert_non_null(strstr(t, "<DateTime>2026-04-02T09:30:00</DateTime>"));
    free(t);
    store_close(s);

    s = xf_open(dir, "b.db");
    xf_import(s, "tests/fixtures/cin/2019/cin_census_2019.xml", 2019);
    export_ok(s, 2019, out);
    assert_valid(out, 2019);
    t = xf_read(out, NULL);
    assert_non_null(strstr(t, "<GenderCurrent>"));
    assert_null(strstr(t, "<Sex>"));
    assert_null(strstr(t, "CINPlanDates"));
    free(t);
    xf_done(s, dir);
}

static void test_refusals(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), out[700];
    struct store *s = with_2026(dir, out);
    struct err e;

    /* no schema for the year */
    err_clear(&e);
    assert_int_equal(cin_census_export(s, 2016, &HDR, out, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "2016"));
    assert_false(cin_census_year_known(2016));
    /* a year after the latest schema is written to the latest's (model/codes.h) */
    assert_true(cin_census_year_known(2027));
    assert_true(cin_census_year_known(2030));
    /* no LA code */
    struct export_header h = HDR;
    h.la_code = NULL;
    err_clear(&e);
    assert_int_equal(cin_census_export(s, 2026, &h, out, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "LA code"));
    h.la_code = "88";
    assert_int_equal(cin_census_export(s, 2026, &h, out, &e), HE_INPUT);
    /* no child in the year */
    err_clear(&e);
    assert_int_equal(cin_census_export(s, 2020, &HDR, out, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "no child"));
    assert_false(xf_exists(out));

    /* a code the year does not have: 24A (child criminal exploitation) came in 2022 */
    struct person p = {.la_child_id = "Z9", .sex = "F", .ethnicity = "WBRI", .mother = -1,
                       .dob = date_from_ymd(2015, 1, 1)};
    rec_id pid, eid;
    assert_int_equal(store_begin(s, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2021, &p, &pid, NULL, &e), HE_OK);
    struct cin_episode ep = {.person = pid, .referral_date = date_from_ymd(2020, 6, 1),
                             .referral_source = "1A", .referral_nfa = 0};
    assert_int_equal(store_put_cin_episode(s, 2021, &ep, &eid, NULL, &e), HE_OK);
    struct assessment a = {.episode = eid, .start = date_from_ymd(2020, 6, 2),
                           .authorised = date_from_ymd(2020, 7, 1), .factors = "1A,24A"};
    assert_int_equal(store_put_assessment(s, 2021, &a, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    err_clear(&e);
    assert_int_equal(cin_census_export(s, 2021, &HDR, out, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "Z9"));
    assert_non_null(strstr(e.msg, "24A"));
    assert_string_equal(e.field, "AssessmentFactors");
    assert_false(xf_exists(out));
    /* in 2022 the code exists, and an earlier good file is replaced only when complete */
    export_ok(s, 2022, out);
    assert_valid(out, 2022);

    /* a required value missing: ReferralNFA */
    assert_int_equal(store_begin(s, &e), HE_OK);
    ep.referral_date = date_from_ymd(2021, 5, 1);
    ep.referral_nfa = -1;
    assert_int_equal(store_put_cin_episode(s, 2022, &ep, &eid, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    size_t before;
    char *old = xf_read(out, &before);
    err_clear(&e);
    assert_int_equal(cin_census_export(s, 2022, &HDR, out, &e), HE_INPUT);
    assert_string_equal(e.field, "ReferralNFA");
    /* the earlier file is untouched, and no temporary file is left beside it */
    size_t after;
    char *now = xf_read(out, &after);
    assert_int_equal(before, after);
    assert_memory_equal(old, now, before);
    free(old);
    free(now);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "test $(ls '%s' | grep -c tmp) -eq 0", dir);
    assert_int_equal(system(cmd), 0);

    xf_done(s, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_council_return_loses_nothing),
        cmocka_unit_test(test_year_differences),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_demo_every_year_valid_and_round_trips),
    };
    return RUN_ON_BOTH_STORES(xf_backend, "cin_xml_export", tests, NULL, xf_drop_all);
}
