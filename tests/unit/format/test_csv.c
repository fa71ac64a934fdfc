/* Tests for the CSV reader: RFC 4180 quoting, line endings, BOM, trimming, blank lines,
 * line numbers of records that span lines, records across read-buffer boundaries, and
 * every malformed input giving HE_INPUT at the right line. */
#include "testutil.h"

#include "format/csv.h"

struct rec {
    long line;
    size_t n;
    char f[16][64];
    bool q[16];
};

/* Read every record of text into out (at most max); returns the status of the last call. */
static int read_all(const char *text, size_t len, struct rec *out, size_t max, size_t *got,
                    struct err *e)
{
    FILE *f = fmemopen((void *)text, len, "rb");
    assert_non_null(f);
    struct csv *c;
    assert_int_equal(csv_open_stream(f, "mem.csv", &c, e), HE_OK);
    const struct csv_field *fl;
    size_t n;
    long line;
    int rc;
    *got = 0;
    while ((rc = csv_next(c, &fl, &n, &line, e)) == HE_OK && n > 0) {
        assert_true(*got < max);
        struct rec *r = &out[(*got)++];
        r->line = line;
        r->n = n;
        for (size_t i = 0; i < n && i < 16; i++) {
            assert_int_equal(fl[i].p[fl[i].len], '\0'); /* fields are C strings */
            snprintf(r->f[i], sizeof r->f[i], "%s", fl[i].p);
            r->q[i] = fl[i].quoted;
        }
    }
    if (rc == HE_OK) {
        /* end of file is sticky */
        assert_int_equal(csv_next(c, &fl, &n, &line, e), HE_OK);
        assert_int_equal(n, 0);
        assert_null(fl);
    }
    csv_close(c);
    fclose(f);
    return rc;
}

#define READ(text, recs, got, e) read_all(text, sizeof(text) - 1, recs, 16, &got, &e)

static void test_simple_lf(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("a,b,c\n1,2,3\n", r, got, e), HE_OK);
    assert_int_equal(got, 2);
    assert_int_equal(r[0].n, 3);
    assert_string_equal(r[0].f[0], "a");
    assert_string_equal(r[0].f[2], "c");
    assert_string_equal(r[1].f[1], "2");
    assert_int_equal(r[0].line, 1);
    assert_int_equal(r[1].line, 2);
}

static void test_crlf_bom_no_final_newline(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("\xEF\xBB\xBF" "CHILD,DOB\r\nC1,01/02/2010\r\nC2,03/04/2011", r, got, e),
                     HE_OK);
    assert_int_equal(got, 3);
    assert_string_equal(r[0].f[0], "CHILD"); /* no BOM left on the first name */
    assert_string_equal(r[1].f[1], "01/02/2010");
    assert_string_equal(r[2].f[0], "C2");
    assert_string_equal(r[2].f[1], "03/04/2011");
    assert_int_equal(r[2].line, 3);
}

static void test_quotes(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("\"a \"\"b\"\" c\",\"\",\"x,y\",\"\"\"\"\n", r, got, e), HE_OK);
    assert_int_equal(got, 1);
    assert_int_equal(r[0].n, 4);
    assert_string_equal(r[0].f[0], "a \"b\" c");
    assert_string_equal(r[0].f[1], "");
    assert_true(r[0].q[1]);
    assert_string_equal(r[0].f[2], "x,y");
    assert_string_equal(r[0].f[3], "\"");
}

static void test_embedded_newlines_keep_line_numbers(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("h1,h2\n\"two\nlines\",x\n\"three\r\nline\r\nfield\",y\nlast,z\n", r,
                          got, e),
                     HE_OK);
    assert_int_equal(got, 4);
    assert_int_equal(r[1].line, 2);
    assert_string_equal(r[1].f[0], "two\nlines");
    assert_int_equal(r[2].line, 4);
    assert_string_equal(r[2].f[0], "three\r\nline\r\nfield");
    assert_int_equal(r[3].line, 7);
    assert_string_equal(r[3].f[0], "last");
}

static void test_trimming(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("  a  ,\tb\t, \" c \" ,d e\n", r, got, e), HE_OK);
    assert_string_equal(r[0].f[0], "a");
    assert_string_equal(r[0].f[1], "b");
    assert_string_equal(r[0].f[2], " c "); /* quoted: kept as written */
    assert_string_equal(r[0].f[3], "d e"); /* inner spaces kept */
}

static void test_empty_fields_and_blank_lines(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("\n\na,,c,\n\r\n   \n,,\n\n", r, got, e), HE_OK);
    assert_int_equal(got, 2);
    assert_int_equal(r[0].line, 3);
    assert_int_equal(r[0].n, 4);
    assert_string_equal(r[0].f[1], "");
    assert_string_equal(r[0].f[3], "");
    assert_int_equal(r[1].line, 6);
    assert_int_equal(r[1].n, 3);
}

static void test_lone_cr_and_stray_quote(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("a,b\rc,d\"e\r", r, got, e), HE_OK);
    assert_int_equal(got, 2);
    assert_int_equal(r[1].line, 2);
    assert_string_equal(r[1].f[1], "d\"e"); /* a quote inside an unquoted field is text */
}

static void test_empty_and_bom_only(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("", r, got, e), HE_OK);
    assert_int_equal(got, 0);
    assert_int_equal(READ("\xEF\xBB\xBF", r, got, e), HE_OK);
    assert_int_equal(got, 0);
    assert_int_equal(READ("\xEF\xBB\xBF\r\n", r, got, e), HE_OK);
    assert_int_equal(got, 0);
}

static void test_unclosed_quote(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("a,b\nc,\"open\nmore\nstill\n", r, got, e), HE_INPUT);
    assert_int_equal(e.line, 2);
    assert_string_equal(e.file, "mem.csv");
    assert_non_null(strstr(e.msg, "never closes"));
}

static void test_text_after_quote(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("a,b\n1,2\n\"x\"y,3\n", r, got, e), HE_INPUT);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.msg, "doubled"));
}

static void test_nul_byte(void **state)
{
    struct rec r[16];
    size_t got;
    struct err e;
    assert_int_equal(READ("a,b\n1,2\nx\0y,3\n", r, got, e), HE_INPUT);
    assert_int_equal(e.line, 3);
    assert_int_equal(READ("a,b\n\"x\0\",3\n", r, got, e), HE_INPUT);
    assert_int_equal(e.line, 2);
}

static void test_open_missing_file(void **state)
{
    struct csv *c = (struct csv *)1;
    struct err e;
    assert_int_equal(csv_open("/nonexistent/dir/x.csv", &c, &e), HE_INPUT);
    assert_null(c);
    assert_string_equal(e.file, "/nonexistent/dir/x.csv");
    csv_close(NULL);
}

/* Many records with quoted, multi-line fields: every read-buffer boundary falls somewhere
 * awkward (inside quotes, between CR and LF, on a doubled quote). */
static void test_across_buffer_boundaries(void **state)
{
    char *dir = test_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/big.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    const long rows = 60000;
    for (long i = 0; i < rows; i++)
        fprintf(f, "C%06ld, %ld ,\"q\"\"%ld\nx\",%s\r\n", i, i % 97, i, i % 3 ? "" : "\"\"");
    long long size = ftell(f);
    fclose(f);

    struct csv *c;
    struct err e;
    assert_int_equal(csv_open(path, &c, &e), HE_OK);
    const struct csv_field *fl;
    size_t n;
    long line, i = 0;
    char want[64];
    int rc;
    while ((rc = csv_next(c, &fl, &n, &line, &e)) == HE_OK && n > 0) {
        assert_int_equal(n, 4);
        assert_int_equal(line, 2 * i + 1);
        snprintf(want, sizeof want, "C%06ld", i);
        assert_string_equal(fl[0].p, want);
        snprintf(want, sizeof want, "%ld", i % 97);
        assert_string_equal(fl[1].p, want);
        snprintf(want, sizeof want, "q\"%ld\nx", i);
        assert_string_equal(fl[2].p, want);
        assert_int_equal(fl[3].len, 0);
        i++;
    }
    assert_int_equal(rc, HE_OK);
    assert_int_equal(i, rows);
    assert_int_equal(csv_offset(c), size);
    csv_close(c);
    test_rm_rf(dir);
    free(dir);
}

static void test_record_too_long(void **state)
{
    char *dir = test_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/long.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("a,b\n\"", f);
    static char chunk[1 << 16];
    memset(chunk, 'x', sizeof chunk);
    for (unsigned i = 0; i < (CSV_MAX_RECORD / sizeof chunk) + 2; i++)
        fwrite(chunk, 1, sizeof chunk, f);
    fclose(f);
    struct csv *c;
    struct err e;
    const struct csv_field *fl;
    size_t n;
    long line;
    assert_int_equal(csv_open(path, &c, &e), HE_OK);
    assert_int_equal(csv_next(c, &fl, &n, &line, &e), HE_OK);
    assert_int_equal(csv_next(c, &fl, &n, &line, &e), HE_INPUT);
    assert_int_equal(e.line, 2);
    csv_close(c);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_lf),
        cmocka_unit_test(test_crlf_bom_no_final_newline),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
        cmocka_unit_test(test_trimming),
        cmocka_unit_test(test_empty_fields_and_blank_lines),
        cmocka_unit_test(test_lone_cr_and_stray_quote),
        cmocka_unit_test(test_empty_and_bom_only),
        cmocka_unit_test(test_unclosed_quote),
        cmocka_unit_test(test_text_after_quote),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_open_missing_file),
        cmocka_unit_test(test_across_buffer_boundaries),
        cmocka_unit_test(test_record_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
