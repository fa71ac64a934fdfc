/* export_fixture: what the export tests share: a store in a temporary folder, importing
 * a file or folder into it in one transaction (as cmd/import does), the synthetic demo
 * authority, whole files read for comparison, and XSD validation with libxml2. */
#ifndef HEARTH_EXPORT_FIXTURE_H
#define HEARTH_EXPORT_FIXTURE_H

#include "teststore.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "demo/synth.h"
#include "format/export.h"
#include "format/import.h"
#include "util/buf.h"

/* The store the tests run on (RUN_ON_BOTH_STORES sets it), and the PostgreSQL authorities
 * made so far: xf_open of the same dir/name opens the same one again; xf_drop_all (the
 * group teardown) drops them. */
static enum test_backend xf_backend;
static struct {
    char key[700];
    struct test_db t;
} xf_dbs[64];
static int xf_ndbs;

static inline struct store *xf_open(const char *dir, const char *name)
{
    char key[700];
    snprintf(key, sizeof key, "%s/%s", dir, name);
    struct test_db *t = NULL;
    for (int i = 0; i < xf_ndbs && !t; i++)
        if (xf_dbs[i].t.kind == xf_backend && !strcmp(xf_dbs[i].key, key))
            t = &xf_dbs[i].t;
    if (!t) {
        assert_true(xf_ndbs < (int)(sizeof xf_dbs / sizeof xf_dbs[0]));
        snprintf(xf_dbs[xf_ndbs].key, sizeof xf_dbs[xf_ndbs].key, "%s", key);
        t = &xf_dbs[xf_ndbs++].t;
        test_db_new(t, xf_backend, dir, name);
    }
    struct store *s;
    struct err e;
    err_clear(&e);
    if (test_db_open(t, STORE_CREATE, &s, &e) != HE_OK)
        fail_msg("store_open %s (%s): %s", key, test_backend_name(xf_backend), e.msg);
    return s;
}

/* The end of a test: close s (when not NULL), remove its folder dir and free the name. */
static inline void xf_done(struct store *s, char *dir)
{
    if (s)
        store_close(s);
    test_rm_rf(dir);
    free(dir);
}

static inline int xf_drop_all(void **state)
{
    (void)state;
    for (int i = 0; i < xf_ndbs; i++)
        test_db_drop(&xf_dbs[i].t);
    xf_ndbs = 0;
    return 0;
}

static inline void xf_fail(const char *what, const struct err *e)
{
    char msg[2048];
    err_format(e, msg, sizeof msg);
    fail_msg("%s: %s", what, msg);
}

/* Import a file or folder; year 0 lets the importer work it out. */
static inline void xf_import(struct store *s, const char *path, int year)
{
    struct importer im;
    struct err e;
    err_clear(&e);
    importer_init(&im, s);
    im.year = year;
    assert_int_equal(store_begin(s, &e), HE_OK);
    int rc = import_path(&im, path, &e);
    if (rc != HE_OK) {
        struct err ignored;
        store_rollback(s, &ignored);
        xf_fail(path, &e);
    }
    assert_int_equal(store_commit(s, &e), HE_OK);
}

static inline char *xf_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0, got;
    char *s = malloc(cap);
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

static inline bool xf_same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *x = xf_read(a, &na), *y = xf_read(b, &nb);
    bool same = na == nb && memcmp(x, y, na) == 0;
    if (!same)
        print_message("%s and %s differ (%zu and %zu bytes)\n", a, b, na, nb);
    free(x);
    free(y);
    return same;
}

static inline bool xf_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void xf_schema_error(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* 0 when xml is valid against xsd (errors printed), else libxml2's count. */
static inline int xf_xsd_errors(const char *xml, const char *xsd)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    assert_non_null(pc);
    xmlSchemaSetParserErrors(pc, xf_schema_error, xf_schema_error, NULL);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    if (!schema)
        fail_msg("cannot compile %s", xsd);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(vc, xf_schema_error, xf_schema_error, NULL);
    xmlDocPtr doc = xmlReadFile(xml, NULL, XML_PARSE_NONET);
    if (!doc)
        fail_msg("%s is not well-formed XML", xml);
    int r = xmlSchemaValidateDoc(vc, doc);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return r;
}

/* The synthetic demo authority's files for collection years first..last. */
static inline char *xf_demo_files(const char *dir, int first, int last, long long pop)
{
    struct synth_params p;
    synth_params_default(&p);
    p.population = pop;
    p.first_year = first;
    p.last_year = last;
    p.seed = 5;
    size_t n = strlen(dir) + 8;
    char *out = malloc(n);
    snprintf(out, n, "%s/demo", dir);
    struct err e;
    err_clear(&e);
    if (synth_write(&p, out, &e) != HE_OK)
        xf_fail("synth_write", &e);
    return out;
}

#endif
