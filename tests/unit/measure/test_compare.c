/* Tests for measure/compare: every mapped measure names a hearth measure and a published
 * one; a gap is flagged only beyond the two roundings; a whole collection year compares
 * with the same year's published figure for the authority and the change runs from the
 * year before, while a part year compares with the latest published year before it. */
#include "testutil.h"

#include <math.h>

#include "measure/bench.h"
#include "measure/compare.h"
#include "util/buf.h"

static struct bench b;

static int setup(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    bench_init(&b);
    assert_int_equal(bench_load_shipped(&b, &e), HE_OK);
    bench_finish(&b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bench_free(&b);
    return 0;
}

static void test_map_names_real_measures(void **state)
{
    (void)state;
    struct facts f = {.from = date_from_ymd(2017, 4, 1), .to = date_from_ymd(2018, 3, 31)};
    struct kpi_result k;
    struct err e;
    err_clear(&e);
    assert_int_equal(kpi_compute(&f, 64000, &k, &e), HE_OK);
    for (int i = 0; i < compare_maps_n; i++) {
        assert_non_null(kpi_find(&k, compare_maps[i].kpi_id));
        assert_non_null(bench_measure(&b, compare_maps[i].dfe));
    }
    assert_true(compare_maps_n >= 5);
}

static void test_gap(void **state)
{
    (void)state;
    /* published 17 (whole): 17.0 .. 17.5 and 16.5 are rounding; 17.6 is not */
    assert_false(compare_gap(CF_PCT, 17.0, 17));
    assert_false(compare_gap(CF_PCT, 17.5, 17));
    assert_false(compare_gap(CF_PCT, 16.5, 17));
    assert_true(compare_gap(CF_PCT, 17.6, 17));
    assert_true(compare_gap(CF_PCT, 16.4, 17));
    /* published 85.9: 86.0 is rounding, 86.1 is not */
    assert_false(compare_gap(CF_PCT, 86.0, 85.9));
    assert_true(compare_gap(CF_PCT, 86.1, 85.9));
    assert_true(compare_gap(CF_RATE, 85.7, 85.9));
    /* counts must agree */
    assert_false(compare_gap(CF_COUNT, 414, 414));
    assert_true(compare_gap(CF_COUNT, 413, 414));
    assert_false(compare_gap(CF_PCT, NAN, 17));
}

static const struct comparison *find(const struct comparison *cs, int n, const char *dfe)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(cs[i].map->dfe, dfe))
            return &cs[i];
    return NULL;
}

/* Medway's (887) comparisons for the measures of f (freed) over f's period, 100,000
 * children. */
static int compare_facts(struct facts *f, struct comparison cs[64])
{
    struct kpi_result k;
    struct err e;
    err_clear(&e);
    assert_int_equal(kpi_compute(f, 100000, &k, &e), HE_OK);
    day_t from = f->from, to = f->to;
    facts_free(f);
    return compare_kpi(&b, 887, &k, from, to, cs, 64);
}

static void test_years(void **state)
{
    (void)state;
    struct facts f = {.from = date_from_ymd(2017, 4, 1), .to = date_from_ymd(2018, 3, 31)};
    struct kpi_result k;
    struct err e;
    err_clear(&e);
    assert_int_equal(kpi_compute(&f, 64000, &k, &e), HE_OK);
    struct comparison cs[64];
    int n = compare_kpi(&b, 887, &k, f.from, f.to, cs, 64);
    assert_true(n >= 10);
    const struct comparison *c = find(cs, n, "ReReferral");
    assert_non_null(c);
    assert_string_equal(c->series->year, "2018");
    assert_true(c->same_year);
    assert_true(c->published == 17);
    assert_true(isnan(c->own)); /* no referrals in empty facts: no percentage */
    assert_false(c->gap);
    assert_string_equal(c->previous_year, "2017");
    /* no records: the change runs from the published figures, 2017 to 2018 */
    const struct bench_series *s17 = bench_series(&b, bench_measure_index(&b, "ReReferral"), "2017");
    struct bench_figure p;
    bench_figure(&b, s17, 887, &p);
    assert_true(fabs(c->change - (17 - p.value)) < 1e-9);
    assert_int_equal(c->better, c->change < 0 ? 1 : c->change > 0 ? -1 : 0); /* Low is better */
    const struct comparison *count = find(cs, n, "LACceased");
    assert_non_null(count);
    assert_true(count->own == 0);
    assert_true(count->gap); /* 0 from empty records against the published count */

    /* a part year (to 30 September 2026) compares with the latest published year */
    struct facts g = {.from = date_from_ymd(2026, 4, 1), .to = date_from_ymd(2026, 9, 30)};
    assert_int_equal(kpi_compute(&g, 64000, &k, &e), HE_OK);
    n = compare_kpi(&b, 887, &k, g.from, g.to, cs, 64);
    c = find(cs, n, "ReReferral");
    assert_non_null(c);
    assert_false(c->same_year);
    assert_true(isnan(c->published));
    assert_string_equal(c->series->year, "2025");
    assert_string_equal(c->previous_year, "2025");
    assert_int_equal(compare_period_year(g.from, g.to), 0);
    assert_int_equal(compare_period_year(f.from, f.to), 2018);
}

/* children in need and child protection: the DfE's children in need rate and its reviews
 * within timescale, Medway 2018 (308.7 per 10,000; 95.1%). */
static void test_cin_cp_maps(void **state)
{
    (void)state;
    struct facts f = {.from = date_from_ymd(2017, 4, 1), .to = date_from_ymd(2018, 3, 31)};
    f.cin_open_children = xmalloc(3087 * sizeof *f.cin_open_children);
    for (int i = 0; i < 3087; i++)
        f.cin_open_children[f.n_cin_open++] = i + 1;
    f.cp_plans = xmalloc(2 * sizeof *f.cp_plans);
    f.cp_plans[0] = (struct fact_cp_plan){.child = 1, .start = date_from_ymd(2017, 12, 31)};
    f.cp_plans[1] = (struct fact_cp_plan){.child = 2, .start = date_from_ymd(2017, 6, 1)};
    f.n_cp_plans = 2;
    struct comparison cs[64];
    int n = compare_facts(&f, cs);
    const struct comparison *c = find(cs, n, "CIN");
    assert_non_null(c);
    assert_string_equal(c->map->kpi_id, "cin_at_end");
    assert_true(c->own == 308.7);
    assert_true(c->published == 308.7);
    assert_false(c->gap);
    c = find(cs, n, "RevCP");
    assert_non_null(c);
    assert_string_equal(c->map->kpi_id, "cp_reviews_in_time");
    assert_true(c->own == 50.0); /* the plan from June had no review by September */
    assert_true(c->published == 95.1);
    assert_true(c->gap);
}

/* Referrals assessed and found not to be in need against Referrals_AssessedNotNeed, Medway
 * 2018 (34.9%): a neutral measure, so a change is neither better nor worse and there is no
 * rank. */
static void test_not_in_need_map(void **state)
{
    (void)state;
    struct facts f = {.from = date_from_ymd(2017, 4, 1), .to = date_from_ymd(2018, 3, 31)};
    f.referrals = xmalloc(1000 * sizeof *f.referrals);
    for (int i = 0; i < 1000; i++)
        f.referrals[f.n_referrals++] = (struct fact_referral){
            .child = i + 1, .date = date_from_ymd(2017, 6, 1), .nfa = 0,
            .not_in_need = i < 349 ? date_from_ymd(2017, 8, 1) : DAY_NONE};
    struct comparison cs[64];
    int n = compare_facts(&f, cs);
    const struct comparison *c = find(cs, n, "Referrals_AssessedNotNeed");
    assert_non_null(c);
    assert_string_equal(c->map->kpi_id, "referrals_assessed_not_in_need");
    assert_int_equal(c->figure, CF_PCT);
    assert_true(c->own == 34.9);
    assert_true(c->published == 34.9);
    assert_false(c->gap);
    assert_int_equal(c->bm->polarity, BENCH_NEUTRAL);
    assert_false(isnan(c->change));
    assert_int_equal(c->better, 0);
    assert_int_equal(c->f.rank, 0);
    assert_int_equal(c->f.quartile, 0);
    assert_false(isnan(c->f.england));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_names_real_measures),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_cin_cp_maps),
        cmocka_unit_test(test_not_in_need_map),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
