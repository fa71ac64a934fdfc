/* Tests for the synthetic authority: the same params give the same bytes, every year's
 * CIN census validates against that year's DfE schema, the CSVs carry the exact DfE and
 * Ofsted header rows, nothing ends before it starts or happens before birth, open cases
 * carry over into the next return, every SSDA903 code is one of its year's (the history
 * years before the first included), and the real importer takes every file. */
#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "date/date.h"
#include "demo/synth.h"
#include "format/import.h"
#include "format/ssda903.h"
#include "model/codes.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"

#define SCHEMAS "data/standards/cin-census"

static const char *const tables[] = {"header", "episodes", "reviews", "missing", "oc2",
                                     "oc3", "ad1", "placed_adoption", "prev_perm", "uasc"};
#define N_TABLES (sizeof tables / sizeof *tables)
#define ANNEX_HEADER                                                                      \
    "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact," \
    "Contact Source"

static void params(struct synth_params *p, long long pop, int first, int last, uint64_t seed)
{
    synth_params_default(p);
    p->population = pop;
    p->first_year = first;
    p->last_year = last;
    p->seed = seed;
}

static char *write_authority(const struct synth_params *p)
{
    char *dir = test_tmpdir();
    struct err e;
    int rc = synth_write(p, dir, &e);
    if (rc != HE_OK)
        fail_msg("synth_write: %s", e.msg);
    return dir;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t got;
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
}

/* Every file of one year, as paths relative to the output folder. */
static int year_files(int year, char out[][64])
{
    int n = 0;
    snprintf(out[n++], 64, "%d/cin_census_%d.xml", year, year);
    snprintf(out[n++], 64, "%d/annex_a_list_1_contacts.csv", year);
    for (size_t i = 0; i < N_TABLES; i++)
        snprintf(out[n++], 64, "%d/ssda903/%s.csv", year, tables[i]);
    return n;
}

static void test_same_params_same_bytes(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 8000, 2024, 2026, 42);
    char *a = write_authority(&p), *b = write_authority(&p);
    for (int y = 2024; y <= 2026; y++) {
        char files[16][64];
        int n = year_files(y, files);
        for (int i = 0; i < n; i++) {
            char pa[700], pb[700];
            snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
            snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
            size_t na, nb;
            char *da = read_all(pa, &na), *db = read_all(pb, &nb);
            if (na != nb || memcmp(da, db, na) != 0)
                fail_msg("%s differs between two runs with the same params", files[i]);
            free(da);
            free(db);
        }
    }
    /* another seed, another authority */
    p.seed = 43;
    char *c = write_authority(&p);
    char pa[700], pc[700];
    snprintf(pa, sizeof pa, "%s/2026/cin_census_2026.xml", a);
    snprintf(pc, sizeof pc, "%s/2026/cin_census_2026.xml", c);
    size_t na, nc;
    char *da = read_all(pa, &na), *dc = read_all(pc, &nc);
    assert_true(na != nc || memcmp(da, dc, na) != 0);
    free(da);
    free(dc);
    test_rm_rf(a);
    test_rm_rf(b);
    test_rm_rf(c);
    free(a);
    free(b);
    free(c);
}

static void quiet_errors(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void test_cin_validates_every_year(void **state)
{
    (void)state;
    char probe[300];
    snprintf(probe, sizeof probe, "%s/CIN_schema_2026.xsd", SCHEMAS);
    assert_int_equal(access(probe, R_OK), 0); /* the schemas live in the repository */
    struct synth_params p;
    params(&p, 4000, 2017, 2026, 1);
    char *dir = write_authority(&p);
    for (int y = 2017; y <= 2026; y++) {
        char xsd[300], xml[700];
        snprintf(xsd, sizeof xsd, "%s/CIN_schema_%d.xsd", SCHEMAS, y);
        snprintf(xml, sizeof xml, "%s/%d/cin_census_%d.xml", dir, y, y);
        xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
        assert_non_null(pc);
        xmlSchemaPtr schema = xmlSchemaParse(pc);
        assert_non_null(schema);
        xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
        xmlSchemaSetValidErrors(vc, (xmlSchemaValidityErrorFunc)quiet_errors,
                                (xmlSchemaValidityWarningFunc)quiet_errors, NULL);
        int rc = xmlSchemaValidateFile(vc, xml, 0);
        if (rc != 0) {
            xmlSchemaSetValidErrors(vc, NULL, NULL, NULL); /* say why, on stderr */
            xmlSchemaValidateFile(vc, xml, 0);
            fail_msg("%s does not validate against %s", xml, xsd);
        }
        xmlSchemaFreeValidCtxt(vc);
        xmlSchemaFree(schema);
        xmlSchemaFreeParserCtxt(pc);
    }
    xmlCleanupParser();
    test_rm_rf(dir);
    free(dir);
}

/* Split a CSV line of ours (no quoting needed: no value holds a comma) in place. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == ',') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static day_t uk(const char *s)
{
    return *s ? date_parse_uk(s, strlen(s)) : DAY_NONE;
}

/* Column index of name in a header row (already split). */
static int col(char **h, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(h[i], name))
            return i;
    fail_msg("no column %s", name);
    return -1;
}

struct pair {
    const char *table, *start, *end;
};

static void test_csvs(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 20000, 2023, 2026, 7);
    char *dir = write_authority(&p);
    static const struct pair pairs[] = {
        {"episodes", "DECOM", "DEC"},
        {"missing", "MIS_START", "MIS_END"},
        {"placed_adoption", "DATE_PLACED", "DATE_PLACED_CEASED"},
        {"ad1", "DATE_INT", "DATE_MATCH"},
    };
    for (int y = 2023; y <= 2026; y++) {
        day_t ye = date_from_ymd(y, 3, 31), ys = date_from_ymd(y - 1, 4, 1);
        /* header rows exactly as the DfE lists them (and as the importer knows them) */
        for (size_t t = 0; t < N_TABLES; t++) {
            char path[700], want[400] = "";
            snprintf(path, sizeof path, "%s/%d/ssda903/%s.csv", dir, y, tables[t]);
            const char *const *cols = ssda903_columns(tables[t]);
            assert_non_null(cols);
            for (int i = 0; cols[i]; i++) {
                strcat(want, i ? "," : "");
                strcat(want, cols[i]);
            }
            size_t n;
            char *text = read_all(path, &n);
            char *nl = strchr(text, '\n');
            assert_non_null(nl);
            *nl = '\0';
            assert_string_equal(text, want);
            free(text);
        }
        char path[700];
        snprintf(path, sizeof path, "%s/%d/annex_a_list_1_contacts.csv", dir, y);
        size_t n;
        char *text = read_all(path, &n);
        assert_memory_equal(text, ANNEX_HEADER "\n", sizeof(ANNEX_HEADER));
        /* contacts: in the year, after birth, ages 0-17 and as stated */
        long rows = 0;
        for (char *line = strchr(text, '\n') + 1; *line;) {
            char *nl = strchr(line, '\n');
            *nl = '\0';
            char *f[16];
            assert_int_equal(split(line, f, 16), 7);
            day_t dob = uk(f[3]), d = uk(f[5]);
            assert_true(dob != DAY_NONE && d != DAY_NONE);
            assert_true(d >= ys && d <= ye);
            assert_true(d >= dob);
            assert_int_equal(atoi(f[4]), date_age(dob, d));
            assert_true(date_age(dob, d) <= 17);
            assert_true(!strcmp(f[1], "a) Male") || !strcmp(f[1], "b) Female"));
            assert_true(f[6][0] >= 'a' && f[6][0] <= 'k' && f[6][1] == ')');
            rows++;
            line = nl + 1;
        }
        /* about 1,500 contacts per 10,000 children a year */
        assert_true(rows > 2000 && rows < 4000);
        free(text);

        /* nothing ends before it starts or happens before birth; every row is whole */
        for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
            snprintf(path, sizeof path, "%s/%d/ssda903/%s.csv", dir, y, pairs[k].table);
            text = read_all(path, &n);
            char *line = text, *h[16];
            char *nl = strchr(line, '\n');
            *nl = '\0';
            int nh = split(line, h, 16);
            int ks = col(h, nh, pairs[k].start), ke = col(h, nh, pairs[k].end);
            int kd = strcmp(pairs[k].table, "episodes") ? col(h, nh, "DOB") : -1;
            for (line = nl + 1; *line;) {
                nl = strchr(line, '\n');
                *nl = '\0';
                char *f[16];
                assert_int_equal(split(line, f, 16), nh);
                day_t s = uk(f[ks]), e = uk(f[ke]);
                assert_true(s != DAY_NONE);
                if (e != DAY_NONE && e < s)
                    fail_msg("%d %s: %s %s before %s %s", y, pairs[k].table, pairs[k].end,
                             f[ke], pairs[k].start, f[ks]);
                assert_true(s <= ye && (e == DAY_NONE || e <= ye));
                if (kd >= 0)
                    assert_true(s >= uk(f[kd]));
                line = nl + 1;
            }
            free(text);
        }
        /* sex is 1/2 until the 2024 return and M/F from 2025; UPNs carry their check letter */
        snprintf(path, sizeof path, "%s/%d/ssda903/header.csv", dir, y);
        text = read_all(path, &n);
        long children = 0;
        for (char *line = strchr(text, '\n') + 1; *line;) {
            char *nl = strchr(line, '\n');
            *nl = '\0';
            char *f[16];
            assert_int_equal(split(line, f, 16), 7);
            if (y <= 2024)
                assert_true(!strcmp(f[1], "1") || !strcmp(f[1], "2"));
            else
                assert_true(!strcmp(f[1], "M") || !strcmp(f[1], "F"));
            if (strncmp(f[4], "UN", 2) != 0) {
                assert_int_equal(strlen(f[4]), 13);
                assert_int_equal(f[4][0], synth_upn_check_letter(f[4] + 1));
            }
            children++;
            line = nl + 1;
        }
        /* about 70 looked after at any time per 10,000, more over a year */
        assert_true(children > 100 && children < 400);
        free(text);
    }
    test_rm_rf(dir);
    free(dir);
}

/* Every code in every SSDA903 file is one its collection year has: OC3 activities F3/P3
 * until 2021 and F4/F5/P4/P5 after, sex 1/2 then M/F, H5 then K3, and so on. The SSDA903
 * history before the first year is written too, and has no CIN census beside it. */
static void test_codes_of_each_year(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 20000, 2022, 2026, 3);
    char *dir = write_authority(&p);
    int first = synth_first_903_year(&p);
    assert_int_equal(first, 2017);
    long checked = 0;
    for (int y = first; y <= p.last_year; y++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%d/cin_census_%d.xml", dir, y, y);
        assert_int_equal(access(path, F_OK) == 0, y >= p.first_year);
        for (size_t t = 0; t < N_TABLES; t++) {
            snprintf(path, sizeof path, "%s/%d/ssda903/%s.csv", dir, y, tables[t]);
            size_t n;
            char *text = read_all(path, &n);
            char *h[16], *nl = strchr(text, '\n');
            *nl = '\0';
            int nh = split(text, h, 16);
            for (char *line = nl + 1; *line;) {
                nl = strchr(line, '\n');
                *nl = '\0';
                char *f[16];
                assert_int_equal(split(line, f, 16), nh);
                for (int k = 0; k < nh; k++) {
                    if (!*f[k] || !codes_ssda903_is_category(tables[t], h[k]))
                        continue;
                    if (!codes_ssda903_valid(tables[t], h[k], f[k], y))
                        fail_msg("%d %s: %s '%s' is not a code of that year", y, tables[t], h[k], f[k]);
                    checked++;
                }
                line = nl + 1;
            }
            free(text);
        }
    }
    assert_true(checked > 10000);
    test_rm_rf(dir);
    free(dir);
}

static void test_upn_check_letter(void **state)
{
    (void)state;
    /* the DfE's own example: H801200001001 */
    assert_int_equal(synth_upn_check_letter("801200001001"), 'H');
    assert_int_equal(synth_upn_check_letter("80120000100A"), 0);
}

/* Find "<LAchildID>id</LAchildID>" followed, within the same child, by the referral date. */
static bool has_open_episode_of(const char *xml, const char *id, const char *ref)
{
    char key[64];
    snprintf(key, sizeof key, "<LAchildID>%s</LAchildID>", id);
    const char *c = strstr(xml, key);
    if (!c)
        return false;
    const char *end = strstr(c, "</Child>");
    char want[80];
    snprintf(want, sizeof want, "<CINreferralDate>%s</CINreferralDate>", ref);
    const char *r = strstr(c, want);
    return r && r < end;
}

static void test_open_cases_carry_over(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 8000, 2025, 2026, 3);
    char *dir = write_authority(&p);
    char path[700];
    size_t n;
    snprintf(path, sizeof path, "%s/2025/cin_census_2025.xml", dir);
    char *y1 = read_all(path, &n);
    snprintf(path, sizeof path, "%s/2026/cin_census_2026.xml", dir);
    char *y2 = read_all(path, &n);
    /* every episode left open at 31 March 2025 is in the 2026 census too */
    int open = 0;
    for (const char *c = strstr(y1, "<Child>"); c; c = strstr(c + 1, "<Child>")) {
        const char *end = strstr(c, "</Child>");
        char id[32];
        const char *i = strstr(c, "<LAchildID>") + 11;
        snprintf(id, sizeof id, "%.*s", (int)(strchr(i, '<') - i), i);
        for (const char *d = strstr(c, "<CINdetails>"); d && d < end;
             d = strstr(d + 1, "<CINdetails>")) {
            const char *dend = strstr(d, "</CINdetails>");
            const char *cl = strstr(d, "<CINclosureDate>");
            if (cl && cl < dend)
                continue;
            const char *nfa = strstr(d, "<ReferralNFA>1");
            if (nfa && nfa < dend)
                continue;
            char ref[11];
            memcpy(ref, strstr(d, "<CINreferralDate>") + 17, 10);
            ref[10] = '\0';
            if (!has_open_episode_of(y2, id, ref))
                fail_msg("child %s: episode from %s open at 31 March 2025 is not in 2026", id,
                         ref);
            open++;
        }
    }
    assert_true(open > 100);
    free(y1);
    free(y2);

    /* and a looked-after episode open at 31 March 2025 is in the 2026 episodes table */
    snprintf(path, sizeof path, "%s/2025/ssda903/episodes.csv", dir);
    char *e1 = read_all(path, &n);
    snprintf(path, sizeof path, "%s/2026/ssda903/episodes.csv", dir);
    char *e2 = read_all(path, &n);
    int carried = 0;
    for (char *line = strchr(e1, '\n') + 1; *line;) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        char copy[256];
        snprintf(copy, sizeof copy, "%s", line);
        char *f[16];
        split(copy, f, 16);
        if (!*f[7]) { /* no DEC: open at the year end */
            char key[64];
            snprintf(key, sizeof key, "\n%s,%s,", f[0], f[1]);
            assert_non_null(strstr(e2, key));
            carried++;
        }
        line = nl + 1;
    }
    assert_true(carried > 20);
    free(e1);
    free(e2);
    test_rm_rf(dir);
    free(dir);
}

static day_t iso_at(const char *p)
{
    return date_parse_iso(p, 10);
}

/* The generator keeps its own table of working days for speed; it must agree with
 * date_add_working_days, which the measures use: every ICPC target is the strategy
 * discussion plus 15 working days, and every conference is on a working day. */
static void test_working_days_agree(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 20000, 2019, 2026, 5);
    char *dir = write_authority(&p);
    int checked = 0;
    for (int y = 2019; y <= 2026; y++) {
        char path[700];
        size_t n;
        snprintf(path, sizeof path, "%s/%d/cin_census_%d.xml", dir, y, y);
        char *xml = read_all(path, &n);
        for (const char *s = strstr(xml, "<Section47>"); s; s = strstr(s + 1, "<Section47>")) {
            const char *end = strstr(s, "</Section47>");
            day_t start = iso_at(strstr(s, "<S47ActualStartDate>") + 20);
            const char *t = strstr(s, "<InitialCPCtarget>");
            if (t && t < end) {
                assert_int_equal(iso_at(t + 18), date_add_working_days(start, 15));
                checked++;
            }
            const char *c = strstr(s, "<DateOfInitialCPC>");
            if (c && c < end)
                assert_true(date_is_working_day(iso_at(c + 18)));
        }
        free(xml);
    }
    assert_true(checked > 500);
    test_rm_rf(dir);
    free(dir);
}

static void test_bad_params(void **state)
{
    (void)state;
    struct synth_params p;
    struct err e;
    params(&p, 10, 2024, 2026, 1);
    assert_int_equal(synth_write(&p, "/nonexistent/never", &e), HE_USAGE);
    params(&p, 64000, 2016, 2026, 1);
    assert_int_equal(synth_write(&p, "/nonexistent/never", &e), HE_USAGE);
    params(&p, 64000, 2026, 2025, 1);
    assert_int_equal(synth_write(&p, "/nonexistent/never", &e), HE_USAGE);
    p.first_year = 2025;
    p.lea = "88";
    assert_int_equal(synth_write(&p, "/nonexistent/never", &e), HE_USAGE);
    p.lea = NULL;
    /* a folder that cannot be made is the machine's problem, not the user's */
    assert_int_equal(synth_write(&p, "/proc/hearth-synth-test", &e), HE_INTERNAL);
}

/* The point of it all: the real importer takes every file, in one transaction. */
static int64_t count_sql(struct store *s, const char *fmt, const char *a, const char *b)
{
    char sql[600];
    snprintf(sql, sizeof sql, fmt, a, b);
    int64_t n = -1;
    struct err e;
    err_clear(&e);
    assert_int_equal(db_run(store_db(s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return n;
}

/* dir's files under each of paths (relative to dir) imported, as hearth import does, into a
 * new SQLite store dir/t.db in one transaction; the caller closes the store and frees im. */
static struct store *imported(const char *dir, const char *const *paths, int n, struct importer *im)
{
    char db[700];
    snprintf(db, sizeof db, "%s/t.db", dir);
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, STORE_CREATE, &s, &e), HE_OK);
    importer_init(im, s);
    assert_int_equal(store_begin(s, &e), HE_OK);
    for (int i = 0; i < n; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, paths[i]);
        if (import_path(im, path, &e) != HE_OK) {
            char msg[2048];
            err_format(&e, msg, sizeof msg);
            fail_msg("import of %s: %s", path, msg);
        }
    }
    assert_int_equal(store_commit(s, &e), HE_OK);
    return s;
}

/* A young person who left care at 18 staying put (REC E17) is, in the OC3 rows after, with
 * their former foster carers (ACCOM Z) far more often than the other care leavers. */
static void test_staying_put(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 60000, 2026, 2026, 5);
    char *dir = write_authority(&p);
    static const char *const files[] = {"2026/ssda903"};
    struct importer im;
    struct store *s = imported(dir, files, 1, &im);
    /* a young person who left care at 18 staying put (REC E17) is, in the next OC3 rows, with
     * their former foster carers (ACCOM Z) far more often than the other care leavers */
    const char *of = "SELECT count(*) FROM care_leaver c WHERE c.accom GLOB '[A-Z]*' AND %s (SELECT l.rec "
                     "FROM la_episode l WHERE l.person_id = c.person_id ORDER BY l.decom DESC LIMIT 1) = 'E17'%s";
    int64_t put_all = count_sql(s, of, "", ""), put_z = count_sql(s, of, "", " AND c.accom GLOB 'Z*'");
    int64_t other_all = count_sql(s, of, "NOT", ""), other_z = count_sql(s, of, "NOT", " AND c.accom GLOB 'Z*'");
    assert_true(put_all >= 5 && other_all >= 20);
    assert_true(put_z * 2 >= put_all);        /* half or more */
    assert_true(other_z * 5 < other_all);     /* under a fifth */
    importer_free(&im);
    store_close(s);
    test_rm_rf(dir);
    free(dir);
}

static void test_real_importer_takes_it(void **state)
{
    (void)state;
    struct synth_params p;
    params(&p, 5000, 2025, 2026, 11);
    char *dir = write_authority(&p);
    static const char *const years[] = {"2025", "2026"};
    struct importer im;
    struct store *s = imported(dir, years, 2, &im);
    assert_true(im.records > 1000);
    assert_true(im.counts[RK_CONTACT][PUT_ADDED] > 0);
    assert_true(im.counts[RK_LA_EPISODE][PUT_ADDED] > 0);
    assert_true(im.counts[RK_CARE_LEAVER][PUT_ADDED] > 0);
    importer_free(&im);
    store_close(s);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upn_check_letter),
        cmocka_unit_test(test_codes_of_each_year),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_same_params_same_bytes),
        cmocka_unit_test(test_cin_validates_every_year),
        cmocka_unit_test(test_csvs),
        cmocka_unit_test(test_open_cases_carry_over),
        cmocka_unit_test(test_working_days_agree),
        cmocka_unit_test(test_real_importer_takes_it),
        cmocka_unit_test(test_staying_put),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
