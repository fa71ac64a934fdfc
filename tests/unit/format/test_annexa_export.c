/* Tests for the Annex A export: the workbook has a sheet per list with Ofsted's headings
 * (the same as data/standards/annex-a/columns.csv), a child's records land in the right
 * lists with DfE codes turned into Annex A's lettered groups, the same records give the
 * same bytes (and the golden workbook), and a bad period is refused. The workbook is
 * read back with zlib (a zip holds each sheet deflated). */
#include "export_fixture.h"

#include <zlib.h>

#include "format/annexa.h"
#include "format/csv.h"

#define GOLDEN "tests/fixtures/annexa_export/golden.xlsx"

/* ---- reading a zip member ----------------------------------------------------------- */

static unsigned rd16(const unsigned char *p) { return p[0] | p[1] << 8; }
static unsigned long rd32(const unsigned char *p)
{
    return p[0] | p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

static char *zip_member(const char *zip, size_t n, const char *name)
{
    const unsigned char *z = (const unsigned char *)zip;
    size_t eocd = n - 22;
    while (eocd > 0 && rd32(z + eocd) != 0x06054b50)
        eocd--;
    assert_true(eocd > 0);
    size_t entries = rd16(z + eocd + 10), at = rd32(z + eocd + 16);
    for (size_t i = 0; i < entries; i++) {
        assert_int_equal(rd32(z + at), 0x02014b50);
        size_t method = rd16(z + at + 10), csize = rd32(z + at + 20), usize = rd32(z + at + 24),
               nlen = rd16(z + at + 28), xlen = rd16(z + at + 30), clen = rd16(z + at + 32),
               local = rd32(z + at + 42);
        if (nlen == strlen(name) && !memcmp(z + at + 46, name, nlen)) {
            const unsigned char *data = z + local + 30 + rd16(z + local + 26) + rd16(z + local + 28);
            char *out = calloc(1, usize + 1);
            if (method == 0) {
                memcpy(out, data, usize);
                return out;
            }
            z_stream s = {0};
            assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
            s.next_in = (unsigned char *)data;
            s.avail_in = (uInt)csize;
            s.next_out = (unsigned char *)out;
            s.avail_out = (uInt)usize;
            assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
            inflateEnd(&s);
            return out;
        }
        at += 46 + nlen + xlen + clen;
    }
    fail_msg("no %s in the workbook", name);
    return NULL;
}

/* A workbook read back: shared strings and the cells of each sheet, as text. */
struct book {
    char *zip;
    size_t n;
    char **strings;
    size_t nstrings;
};

static void unescape(char *s)
{
    static const struct { const char *ent; char ch; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *w = s;
    for (char *r = s; *r;) {
        bool done = false;
        for (size_t i = 0; i < 5 && !done; i++)
            if (!strncmp(r, ents[i].ent, strlen(ents[i].ent))) {
                *w++ = ents[i].ch;
                r += strlen(ents[i].ent);
                done = true;
            }
        if (!done)
            *w++ = *r++;
    }
    *w = '\0';
}

static void book_open(struct book *b, const char *path)
{
    b->zip = xf_read(path, &b->n);
    char *ss = zip_member(b->zip, b->n, "xl/sharedStrings.xml");
    b->nstrings = 0;
    b->strings = NULL;
    for (char *p = ss; (p = strstr(p, "<si><t")) != NULL;) {
        p = strchr(p + 6, '>') + 1;
        char *end = strstr(p, "</t>");
        b->strings = realloc(b->strings, (b->nstrings + 1) * sizeof *b->strings);
        b->strings[b->nstrings] = strndup(p, (size_t)(end - p));
        unescape(b->strings[b->nstrings++]);
        p = end;
    }
    free(ss);
}

static void book_close(struct book *b)
{
    for (size_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    free(b->strings);
    free(b->zip);
}

/* The text of cell ref ("G2") on sheet n (1-based), "" when empty; a date as its serial
 * number. Caller frees. */
static char *cell(struct book *b, int sheet, const char *ref)
{
    char name[64], key[32];
    snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", sheet);
    char *x = zip_member(b->zip, b->n, name);
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    char *c = strstr(x, key), *out;
    if (!c) {
        out = strdup("");
    } else {
        char *close = strchr(c, '>');
        bool shared = strstr(c, "t=\"s\"") && strstr(c, "t=\"s\"") < close;
        char *v = strstr(c, "<v>") + 3;
        long idx = strtol(v, NULL, 10);
        out = shared ? strdup(b->strings[idx]) : strndup(v, strcspn(v, "<"));
    }
    free(x);
    return out;
}

static void assert_cell(struct book *b, int sheet, const char *ref, const char *want)
{
    char *got = cell(b, sheet, ref);
    if (strcmp(got, want) != 0)
        fail_msg("list %d cell %s: '%s', expected '%s'", sheet, ref, got, want);
    free(got);
}

/* Excel's serial number of a date (1900-01-01 is 1, and Excel counts a 29 February 1900). */
static void assert_date(struct book *b, int sheet, const char *ref, int y, int m, int d)
{
    char want[16];
    snprintf(want, sizeof want, "%d", (int)(date_from_ymd(y, m, d) - date_from_ymd(1900, 1, 1) + 2));
    assert_cell(b, sheet, ref, want);
}

/* ---- a small authority ------------------------------------------------------------------ */

static struct store *authority(const char *dir)
{
    struct store *s = xf_open(dir, "a.db");
    struct err e;
    err_clear(&e);
    rec_id k1, k2, ep, plan;
    assert_int_equal(store_begin(s, &e), HE_OK);
    struct person p1 = {.la_child_id = "K1", .sex = "F", .ethnicity = "BAFR", .mother = -1,
                        .dob = date_from_ymd(2015, 6, 1), .disabilities = "NONE"};
    struct person p2 = {.la_child_id = "K2", .sex = "M", .ethnicity = "WBRI", .mother = -1,
                        .dob = date_from_ymd(2006, 1, 1)};
    assert_int_equal(store_put_person(s, 2026, &p1, &k1, NULL, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2026, &p2, &k2, NULL, &e), HE_OK);
    struct contact ct = {.person = k1, .date = date_from_ymd(2026, 1, 10), .source = "6"};
    assert_int_equal(store_put_contact(s, 2026, &ct, NULL, NULL, &e), HE_OK);
    struct cin_episode ce = {.person = k1, .referral_date = date_from_ymd(2026, 1, 12),
                             .referral_source = "2A", .primary_need = "N4", .referral_nfa = 0};
    assert_int_equal(store_put_cin_episode(s, 2026, &ce, &ep, NULL, &e), HE_OK);
    struct assessment a = {.episode = ep, .start = date_from_ymd(2026, 1, 13),
                           .authorised = date_from_ymd(2026, 2, 20)};
    assert_int_equal(store_put_assessment(s, 2026, &a, NULL, NULL, &e), HE_OK);
    struct s47_enquiry q = {.episode = ep, .start = date_from_ymd(2026, 1, 20),
                            .icpc_date = date_from_ymd(2026, 2, 1), .icpc_not_required = 0};
    assert_int_equal(store_put_s47_enquiry(s, 2026, &q, NULL, NULL, &e), HE_OK);
    struct cp_plan cp = {.episode = ep, .start = date_from_ymd(2026, 2, 1),
                         .initial_category = "PHY", .latest_category = "MUL", .previous_plans = 1};
    assert_int_equal(store_put_cp_plan(s, 2026, &cp, &plan, NULL, &e), HE_OK);
    struct cp_review rv = {.plan = plan, .date = date_from_ymd(2026, 3, 1)};
    assert_int_equal(store_put_cp_review(s, 2026, &rv, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_complete_episode(s, ep, 2026, &e), HE_OK);
    struct la_episode le = {.person = k1, .decom = date_from_ymd(2026, 2, 15), .rne = "S",
                            .ls = "C1", .cin = "N1", .place = "U1", .place_provider = "PR1",
                            .pl_post = "ME1 1AA"};
    assert_int_equal(store_put_la_episode(s, 2026, &le, NULL, NULL, &e), HE_OK);
    struct missing_episode m = {.person = k1, .start = date_from_ymd(2026, 3, 2), .kind = "M"};
    assert_int_equal(store_put_missing_episode(s, 2026, &m, NULL, NULL, &e), HE_OK);
    struct care_leaver cl = {.person = k2, .year = 2026, .in_touch = "YES", .activ = "G5",
                             .accom = "U1"};
    assert_int_equal(store_put_care_leaver(s, 2026, &cl, NULL, NULL, &e), HE_OK);
    struct placed_adoption pa = {.person = k1, .date_placed = date_from_ymd(2026, 3, 10)};
    assert_int_equal(store_put_placed_adoption(s, 2026, &pa, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    return s;
}

static void export_ok(struct store *s, const char *path)
{
    struct err e;
    err_clear(&e);
    if (annexa_export(s, date_from_ymd(2025, 10, 1), date_from_ymd(2026, 3, 31), path, &e) != HE_OK)
        xf_fail("annexa_export", &e);
}

/* The small authority in a test's own folder, exported to a workbook there and opened as b;
 * wb_close() closes and removes it all. */
struct wb {
    char *dir;
    struct store *s;
    struct book b;
};

static void wb_open(struct wb *w)
{
    char out[700];
    w->dir = test_tmpdir();
    w->s = authority(w->dir);
    snprintf(out, sizeof out, "%s/a.xlsx", w->dir);
    export_ok(w->s, out);
    book_open(&w->b, out);
}

static void wb_close(struct wb *w)
{
    book_close(&w->b);
    xf_done(w->s, w->dir);
}

static void test_lists(void **state)
{
    (void)state;
    struct wb w;
    wb_open(&w);
    struct book *b = &w.b;
    /* list 1: a contact from the police */
    assert_cell(b, 1, "A2", "K1");
    assert_cell(b, 1, "B2", "b) Female");
    assert_cell(b, 1, "C2", "d) Black or black British");
    assert_cell(b, 1, "E2", "10");
    assert_date(b, 1, "F2", 2026, 1, 10);
    assert_cell(b, 1, "G2", "g) Police");
    assert_cell(b, 1, "A3", "");
    /* list 3: a referral from a school, the first in 12 months */
    assert_cell(b, 3, "G2", "b) Schools");
    assert_cell(b, 3, "H2", "False");
    assert_cell(b, 3, "I2", "1");
    /* list 4: the assessment, authorised */
    assert_cell(b, 4, "F2", "False"); /* disability: NONE */
    assert_date(b, 4, "I2", 2026, 2, 20);
    /* list 5: the conference led to a plan */
    assert_cell(b, 5, "H2", "False");
    assert_date(b, 5, "I2", 2026, 2, 1);
    assert_cell(b, 5, "J2", "True");
    assert_cell(b, 5, "K2", "1");
    assert_cell(b, 5, "L2", "0"); /* the ICPC came after the enquiry started */
    /* list 6: open, looked after at the end of the period */
    assert_cell(b, 6, "H2", "d) Family in acute stress");
    assert_cell(b, 6, "L2", "a) Looked after child");
    /* list 7: the plan, reviewed */
    assert_cell(b, 7, "H2", "b) Physical Abuse");
    assert_cell(b, 7, "I2", "e) Multiple");
    assert_date(b, 7, "L2", 2026, 3, 1);
    assert_cell(b, 7, "O2", "1");
    /* list 8: looked after from 15 February */
    assert_date(b, 8, "H2", 2026, 2, 15);
    assert_cell(b, 8, "I2", "a) Abuse or neglect");
    assert_cell(b, 8, "L2", "a) Interim care orders");
    assert_cell(b, 8, "W2", "a) Foster placement");
    assert_cell(b, 8, "X2", "a) Own LA");
    assert_cell(b, 8, "Y2", "ME1 1AA");
    assert_cell(b, 8, "AC2", "1");
    assert_cell(b, 8, "AD2", "0");
    /* list 9: the care leaver */
    assert_cell(b, 9, "A2", "K2");
    assert_cell(b, 9, "M2", "a) In touch");
    assert_cell(b, 9, "O2", "k) Independent living");
    assert_cell(b, 9, "P2", "a) Suitable");
    assert_cell(b, 9, "Q2", "G5: Not in education, employment or training - other");
    /* list 10: the decision, in the period of care that began on 15 February */
    assert_date(b, 10, "H2", 2026, 2, 15);
    assert_date(b, 10, "I2", 2026, 3, 10);
    /* list 2 (no early help) and 11 (no adopters): headings only */
    assert_cell(b, 2, "A2", "");
    assert_cell(b, 11, "A2", "");
    assert_cell(b, 11, "A1", "Individual adopter identifier");
    wb_close(&w);
}

/* Every list's headings, in order, as data/standards/annex-a/columns.csv has them. */
static void test_headings(void **state)
{
    (void)state;
    struct wb w;
    wb_open(&w);
    struct csv *c;
    struct err e;
    err_clear(&e);
    assert_int_equal(csv_open("data/standards/annex-a/columns.csv", &c, &e), HE_OK);
    const struct csv_field *f;
    size_t n;
    long line;
    int checked = 0, col = 0;
    char list[16] = "";
    assert_int_equal(csv_next(c, &f, &n, &line, &e), HE_OK); /* its own header */
    while (csv_next(c, &f, &n, &line, &e) == HE_OK && n > 0) {
        if (strncmp(list, f[0].p, f[0].len) || strlen(list) != f[0].len) {
            snprintf(list, sizeof list, "%.*s", (int)f[0].len, f[0].p);
            col = 0;
        }
        int sheet = atoi(list + 5);
        char ref[8];
        snprintf(ref, sizeof ref, "%s%c1", col >= 26 ? "A" : "", 'A' + col % 26);
        char *got = cell(&w.b, sheet, ref);
        if (strlen(got) != f[1].len || memcmp(got, f[1].p, f[1].len))
            fail_msg("%s column %d: heading '%s', columns.csv has '%.*s'", list, col + 1, got,
                     (int)f[1].len, f[1].p);
        free(got);
        col++;
        checked++;
    }
    csv_close(c);
    assert_int_equal(checked, 169);
    wb_close(&w);
}

/* The same records give the same bytes, and the golden workbook (set HEARTH_UPDATE_GOLDEN=1
 * to write it again after a deliberate change). */
static void test_same_bytes_and_golden(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = authority(dir);
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/a.xlsx", dir);
    snprintf(b, sizeof b, "%s/b.xlsx", dir);
    export_ok(s, a);
    sleep(1); /* a clock in the file would now differ */
    export_ok(s, b);
    assert_true(xf_same_file(a, b));
    const char *update = getenv("HEARTH_UPDATE_GOLDEN");
    if (update && *update) {
        char cmd[1600];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, GOLDEN);
        assert_int_equal(system(cmd), 0);
    }
    assert_true(xf_same_file(a, GOLDEN));
    xf_done(s, dir);
}

/* The Annex A lists of tests/fixtures/annexa imported, then exported: what hearth keeps
 * of them (contacts, early help, referrals, adoption decisions) comes back in its list. */
static void test_imported_lists_come_back(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = xf_open(dir, "a.db");
    xf_import(s, "tests/fixtures/annexa", 0);
    char out[700];
    snprintf(out, sizeof out, "%s/a.xlsx", dir);
    struct err e;
    err_clear(&e);
    if (annexa_export(s, date_from_ymd(2019, 4, 1), date_from_ymd(2020, 3, 31), out, &e) != HE_OK)
        xf_fail("annexa_export", &e);
    struct book b;
    book_open(&b, out);
    /* list 1: four contacts, sources as given */
    const char *contacts[4][3] = {{"A001", "a) Male", "g) Police"},
                                  {"A001", "a) Male", "b) Schools"},
                                  {"A002", "b) Female", "k) Unknown"},
                                  {"A003", "c) Not stated/recorded", "d) Health services"}};
    const int days[4][3] = {{2019, 6, 12}, {2019, 8, 15}, {2019, 9, 1}, {2020, 1, 20}};
    for (int i = 0; i < 4; i++) {
        char ref[16];
        snprintf(ref, sizeof ref, "A%d", i + 2);
        assert_cell(&b, 1, ref, contacts[i][0]);
        snprintf(ref, sizeof ref, "B%d", i + 2);
        assert_cell(&b, 1, ref, contacts[i][1]);
        snprintf(ref, sizeof ref, "G%d", i + 2);
        assert_cell(&b, 1, ref, contacts[i][2]);
        snprintf(ref, sizeof ref, "F%d", i + 2);
        assert_date(&b, 1, ref, days[i][0], days[i][1], days[i][2]);
    }
    assert_cell(&b, 1, "E2", "9");
    assert_cell(&b, 1, "A6", "");
    /* list 2: early help, one completed and one open */
    assert_cell(&b, 2, "A2", "A001");
    assert_date(&b, 2, "G2", 2019, 6, 30);
    assert_cell(&b, 2, "H2", "Family Support Team");
    assert_cell(&b, 2, "A3", "A004");
    assert_cell(&b, 2, "G3", "");
    assert_cell(&b, 2, "H3", "Children's Centre North");
    /* list 3: the referrals, with their source and NFA */
    assert_cell(&b, 3, "A2", "A001");
    assert_date(&b, 3, "F2", 2019, 6, 20);
    assert_cell(&b, 3, "G2", "g) Police");
    assert_cell(&b, 3, "H2", "False");
    assert_cell(&b, 3, "A3", "A002");
    assert_cell(&b, 3, "G3", "b) Schools");
    assert_cell(&b, 3, "H3", "True");
    /* list 10: two decisions, one reversed for want of adopters */
    assert_cell(&b, 10, "A2", "A005");
    assert_date(&b, 10, "I2", 2019, 6, 10);
    assert_cell(&b, 10, "A3", "A006");
    assert_date(&b, 10, "I3", 2018, 4, 1);
    assert_date(&b, 10, "N3", 2019, 9, 5);
    assert_cell(&b, 10, "O3", "c) Prospective adopters cannot be found");
    book_close(&b);
    xf_done(s, dir);
}

static void test_refusals(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = authority(dir);
    char out[700];
    snprintf(out, sizeof out, "%s/a.xlsx", dir);
    struct err e;
    err_clear(&e);
    assert_int_equal(annexa_export(s, date_from_ymd(2026, 3, 31), date_from_ymd(2026, 1, 1), out, &e),
                     HE_INPUT);
    assert_false(xf_exists(out));
    snprintf(out, sizeof out, "%s/no/such/folder/a.xlsx", dir);
    assert_int_equal(annexa_export(s, date_from_ymd(2026, 1, 1), date_from_ymd(2026, 3, 31), out, &e),
                     HE_INPUT);
    xf_done(s, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_same_bytes_and_golden),
        cmocka_unit_test(test_imported_lists_come_back),
        cmocka_unit_test(test_refusals),
    };
    return RUN_ON_BOTH_STORES(xf_backend, "annexa_export", tests, NULL, xf_drop_all);
}
