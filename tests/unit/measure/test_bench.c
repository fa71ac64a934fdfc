/* Tests for measure/bench: ranks at ties and at missing values ("-"), quartile bands,
 * polarity (High, Low, neutral), the neighbours' average over those with a value, the
 * region found from areas.csv's own names ("Inner London" is "London (Inner)"), years
 * published three ways, records refused, a later record replacing an earlier one, and the
 * shipped copy read back. */
#include "testutil.h"

#include <math.h>

#include "measure/bench.h"
#include "measure/bench_csv.h"

static struct err e;

static void add(struct bench *b, const char *measure, const char *year, const char *area,
                const char *value)
{
    assert_int_equal(bench_add_value(b, measure, year, area, value, &e), HE_OK);
}

/* Eight authorities in Inner London, the region, England. */
static void small(struct bench *b)
{
    bench_init(b);
    err_clear(&e);
    assert_int_equal(bench_add_measure(b, "Up", "T", "higher is better", "High", "%", "NA", "Annual", &e), HE_OK);
    assert_int_equal(bench_add_measure(b, "Down", "T", "lower is better", "Low", "%", "1", "Annual", &e), HE_OK);
    assert_int_equal(bench_add_measure(b, "Count", "T", "a count", "-", "Number", "0", "Annual", &e), HE_OK);
    assert_int_equal(bench_add_measure(b, "NAPol", "T", "NA polarity", "NA", "Number", "NA", "Annual", &e), HE_OK);
    for (int i = 1; i <= 8; i++) {
        char code[16];
        snprintf(code, sizeof code, "%d", 200 + i);
        assert_int_equal(bench_add_area(b, code, code, "Inner London", &e), HE_OK);
    }
    assert_int_equal(bench_add_area(b, "970", "England", "", &e), HE_OK);
    assert_int_equal(bench_add_area(b, "986", "London", "", &e), HE_OK);
    assert_int_equal(bench_add_area(b, "987", "London (Inner)", "", &e), HE_OK);
    const char *sn[10] = {"202", "203", "204", "205", "206", "207", "208", "202", "203", "204"};
    assert_int_equal(bench_add_neighbours(b, "201", sn, &e), HE_OK);
}

static void test_ranks_ties_and_missing(void **state)
{
    (void)state;
    struct bench b;
    small(&b);
    /* 201..208: 50, 70, 70, -, 10, 70, 40, 90; England 60, region 55 */
    const char *v[8] = {"50", "70", "70", "-", "10", "70", "40", "90"};
    for (int i = 0; i < 8; i++) {
        char code[16];
        snprintf(code, sizeof code, "%d", 201 + i);
        add(&b, "Up", "2018", code, v[i]);
        add(&b, "Down", "2018", code, v[i]);
        add(&b, "Count", "2018", code, v[i]);
        add(&b, "NAPol", "2018", code, v[i]);
    }
    add(&b, "Up", "2018", "970", "60");
    add(&b, "Up", "2018", "987", "55");
    add(&b, "Up", "2018", "986", "57");
    bench_finish(&b);

    const struct bench_series *up = bench_series(&b, bench_measure_index(&b, "Up"), "2018");
    const struct bench_series *down = bench_series(&b, bench_measure_index(&b, "Down"), "2018");
    assert_non_null(up);
    assert_non_null(down);
    /* higher is better: 90 first, three 70s share 2nd, then 50 is 5th (competition ranking),
     * 40 6th, 10 7th; the missing one has none, and seven are ranked */
    int want_up[8] = {5, 2, 2, 0, 7, 2, 6, 1};
    int want_down[8] = {3, 4, 4, 0, 1, 4, 2, 7};
    /* bands by rank among seven: (rank - 1) * 4 / 7, so the tied 2nds share A with 1st */
    char band_up[8] = {'C', 'A', 'A', 0, 'D', 'A', 'C', 'A'};
    for (int i = 0; i < 8; i++) {
        struct bench_figure f;
        bench_figure(&b, up, 201 + i, &f);
        assert_int_equal(f.rank, want_up[i]);
        assert_int_equal(f.n_ranked, 7);
        assert_int_equal(f.quartile, band_up[i]);
        bench_figure(&b, down, 201 + i, &f);
        assert_int_equal(f.rank, want_down[i]);
    }
    /* neutral polarity ("-" or "NA"): no rank, no band */
    for (int k = 0; k < 2; k++) {
        const struct bench_series *n = bench_series(&b, bench_measure_index(&b, k ? "Count" : "NAPol"), "2018");
        struct bench_figure f;
        bench_figure(&b, n, 208, &f);
        assert_int_equal(f.rank, 0);
        assert_int_equal(f.quartile, 0);
        assert_int_equal(n->n_ranked, 0);
    }
    /* 201's neighbours: 202..208, then 202..204 again; 204 has no value (twice), so the
     * average is of eight: 70 70 10 70 40 90 70 70 */
    struct bench_figure f;
    bench_figure(&b, up, 201, &f);
    assert_int_equal(f.n_neighbours, 8);
    assert_true(fabs(f.neighbours - 490.0 / 8.0) < 1e-9);
    assert_true(fabs(f.value - 50) < 1e-9);
    assert_true(fabs(f.england - 60) < 1e-9);
    /* Inner London authorities compare with London (Inner), not London */
    assert_int_equal(f.region_area, 987);
    assert_true(fabs(f.region - 55) < 1e-9);
    /* the authority with no value still has its comparators */
    bench_figure(&b, up, 204, &f);
    assert_true(isnan(f.value));
    assert_true(fabs(f.england - 60) < 1e-9);
    bench_free(&b);
}

static void test_quartile_bands(void **state)
{
    (void)state;
    assert_int_equal(bench_quartile(0, 150), 0);
    assert_int_equal(bench_quartile(1, 150), 'A');
    /* A is ranks 1..38 of 150 (a quarter, rounded up), B from 39 */
    assert_int_equal(bench_quartile(38, 150), 'A');
    assert_int_equal(bench_quartile(39, 150), 'B');
    assert_int_equal(bench_quartile(75, 150), 'B');
    assert_int_equal(bench_quartile(76, 150), 'C');
    assert_int_equal(bench_quartile(150, 150), 'D');
    assert_int_equal(bench_quartile(151, 150), 0);
    assert_int_equal(bench_quartile(1, 1), 'A');
}

static void test_years_and_refusals(void **state)
{
    (void)state;
    struct bench b;
    small(&b);
    add(&b, "Count", "2017-18", "201", "3");
    add(&b, "Count", "2017-18 (OT)", "201", "4");
    add(&b, "Count", "2018", "201", "5");
    add(&b, "Count", "2017", "201", "6");
    add(&b, "Count", "2018", "201", "7"); /* a later record replaces an earlier one */
    assert_int_equal(bench_add_value(&b, "Count", "2017-19", "201", "1", &e), HE_INPUT);
    assert_int_equal(bench_add_value(&b, "Count", "18", "201", "1", &e), HE_INPUT);
    assert_int_equal(bench_add_value(&b, "Nope", "2018", "201", "1", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "not a measure"));
    assert_int_equal(bench_add_value(&b, "Count", "2018", "299", "1", &e), HE_INPUT);
    assert_int_equal(bench_add_value(&b, "Count", "2018", "201", "1,5", &e), HE_INPUT);
    assert_int_equal(bench_add_value(&b, "Count", "2018", "201", "", &e), HE_INPUT);
    assert_int_equal(bench_add_value(&b, "Count", "2018", "201", "1e5", &e), HE_INPUT);
    assert_int_equal(bench_add_measure(&b, "X", "T", "n", "Higher", "u", "NA", "A", &e), HE_INPUT);
    const char *self[10] = {"201", "203", "204", "205", "206", "207", "208", "202", "203", "204"};
    assert_int_equal(bench_add_neighbours(&b, "201", self, &e), HE_INPUT);
    bench_finish(&b);
    int m = bench_measure_index(&b, "Count");
    const struct bench_series *ss[4];
    assert_int_equal(bench_series_for_year(&b, m, 2018, ss, 4), 3);
    assert_string_equal(ss[0]->year, "2017-18");
    assert_string_equal(ss[1]->year, "2017-18 (OT)");
    assert_string_equal(ss[2]->year, "2018");
    assert_true(ss[2]->v[0] == 7);
    const struct bench_series *prev = bench_series_previous(&b, ss[2]);
    assert_non_null(prev);
    assert_string_equal(prev->year, "2017");
    assert_null(bench_series_previous(&b, ss[0])); /* no 2016-17 */
    assert_ptr_equal(bench_series_latest(&b, m, 0), ss[2]);
    char out[32];
    bench_format(out, sizeof out, bench_measure(&b, "Down"), 17);
    assert_string_equal(out, "17.0");
    bench_format(out, sizeof out, bench_measure(&b, "Up"), 61.25);
    assert_string_equal(out, "61.3");
    bench_format(out, sizeof out, bench_measure(&b, "Up"), 17);
    assert_string_equal(out, "17");
    bench_format(out, sizeof out, bench_measure(&b, "Up"), NAN);
    assert_string_equal(out, "");
    bench_free(&b);
}

/* The copy shipped in the program: Medway's published 2018 figures of the README. */
static void test_shipped(void **state)
{
    (void)state;
    struct bench b;
    bench_init(&b);
    err_clear(&e);
    assert_int_equal(bench_load_shipped(&b, &e), HE_OK);
    bench_finish(&b);
    assert_int_equal(b.n_measures, 171);
    assert_int_equal(b.n_areas, 170);
    struct { const char *m; double v; } want[] = {
        {"CPP_Total_NumRef", 2612}, {"ReReferral", 17}, {"Continue_Assess_Comp", 85.9},
        {"CPP_Num", 344}, {"LACnum", 414}, {"Work_Force_Agecy_Rate", 38.1},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct bench_series *s = bench_series(&b, bench_measure_index(&b, want[i].m), "2018");
        assert_non_null(s);
        struct bench_figure f;
        bench_figure(&b, s, 887, &f);
        assert_true(fabs(f.value - want[i].v) < 1e-9);
        assert_int_equal(f.region_area, 989);
    }
    const struct bench_area *a = bench_area(&b, 887);
    assert_string_equal(a->name, "Medway");
    assert_int_equal(a->neighbours[0], 866);
    /* written back in the shipped form, it reads back the same */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(bench_write_wide(&b, f, &e), HE_OK);
    fclose(f);
    struct bench c;
    bench_init(&c);
    assert_int_equal(bench_load_shipped(&c, &e), HE_OK); /* measures and areas */
    FILE *in = fmemopen(buf, len, "r");
    assert_int_equal(bench_read(&c, BENCH_VALUES_WIDE, in, "again", &e), HE_OK);
    fclose(in);
    bench_finish(&c);
    assert_int_equal(c.n_series, b.n_series);
    for (int i = 0; i < b.n_series; i++)
        for (int k = 0; k < b.n_areas; k++) {
            double x = b.series[i]->v[k], y = c.series[i]->v[k];
            assert_true((isnan(x) && isnan(y)) || x == y);
        }
    free(buf);
    bench_free(&c);
    bench_free(&b);
}

static int seen;
static int count_hook(void *arg, int kind, const char *const *f, struct err *err)
{
    (void)arg;
    (void)f;
    seen++;
    return kind == BR_VALUE && !strcmp(f[3], "13") ? err_set(err, HE_INTERNAL, "refused") : HE_OK;
}

/* The DfE's files: a header that is not theirs is refused; a hook sees every record. */
static void test_read_files(void **state)
{
    (void)state;
    struct bench b;
    small(&b);
    const char *bad = "measure,year,area\nUp,2018,201\n";
    FILE *in = fmemopen((void *)bad, strlen(bad), "r");
    assert_int_equal(bench_read(&b, BENCH_VALUES, in, "values.csv", &e), HE_INPUT);
    fclose(in);
    assert_int_equal(e.line, 1);
    const char *good = "measure,year,area,value\nUp,2018,201,12\nUp,2018,202,-\nUp,2018,203,13\n";
    b.hook = count_hook;
    seen = 0;
    in = fmemopen((void *)good, strlen(good), "r");
    assert_int_equal(bench_read(&b, BENCH_VALUES, in, "values.csv", &e), HE_INTERNAL);
    fclose(in);
    assert_int_equal(seen, 3);
    assert_int_equal(e.line, 4);
    assert_string_equal(e.file, "values.csv");
    bench_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks_ties_and_missing),
        cmocka_unit_test(test_quartile_bands),
        cmocka_unit_test(test_years_and_refusals),
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_read_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
