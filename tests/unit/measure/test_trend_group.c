/* Tests for measure/trend_group: months gathered into the reporting year's quarters and
 * years: flows summed, children on a day taken from the last month, proportions as summed
 * numerators over summed denominators; quarters and years the period cuts short marked part
 * and given no year-on-year change; the change a year on for whole ones, and none from 0. */
#include "testutil.h"

#include <math.h>

#include "measure/trend_group.h"

/* n months from (y, m): referrals i+1, cla_at_end 100+i, rereferrals (i % 3) of 10 */
static void build(struct trend *t, int n, int y, int m)
{
    t->n = n;
    t->months = calloc((size_t)n, sizeof *t->months);
    for (int i = 0; i < n; i++) {
        int k = y * 12 + (m - 1) + i;
        struct trend_month *tm = &t->months[i];
        tm->from = date_from_ymd(k / 12, k % 12 + 1, 1);
        int k2 = k + 1;
        tm->to = date_from_ymd(k2 / 12, k2 % 12 + 1, 1) - 1;
        tm->k.n = 3;
        tm->k.m[0] = (struct measure){.id = "referrals", .kind = MK_COUNT, .value = i + 1};
        tm->k.m[1] = (struct measure){.id = "cla_at_end", .kind = MK_RATE, .value = 100 + i};
        tm->k.m[2] = (struct measure){.id = "rereferrals_12m", .kind = MK_PROPORTION,
                                      .value = i % 3, .denominator = 10};
    }
}

static void test_quarters(void **state)
{
    (void)state;
    struct trend t;
    build(&t, 15, 2025, 2); /* February 2025 to April 2026 */
    struct trend_bucket b[TREND_MAX_MONTHS];
    int n = trend_group(&t, "referrals", TS_QUARTER, b);
    assert_int_equal(n, 6);
    /* Feb-Mar 2025 (part), Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar 2026, Apr 2026 (part) */
    assert_true(b[0].part);
    assert_int_equal(b[0].value, 1 + 2);
    assert_false(b[1].part);
    assert_int_equal(b[1].value, 3 + 4 + 5);
    assert_int_equal(b[1].from, date_from_ymd(2025, 4, 1));
    assert_int_equal(b[1].to, date_from_ymd(2025, 6, 30));
    assert_int_equal(b[4].value, 12 + 13 + 14);
    assert_true(b[5].part);
    assert_int_equal(b[5].value, 15);
    /* Jan-Mar 2026 against Jan-Mar 2025: that one was part, so no change is given */
    assert_true(isnan(b[4].yoy));
    char label[64];
    trend_bucket_label(label, sizeof label, &b[1], TS_QUARTER);
    assert_string_equal(label, "Apr to Jun 2025");

    n = trend_group(&t, "cla_at_end", TS_QUARTER, b);
    assert_int_equal(b[1].value, 104); /* June's, not a sum */
    n = trend_group(&t, "rereferrals_12m", TS_QUARTER, b);
    assert_int_equal(b[1].value, 2 + 0 + 1); /* months 2, 3, 4: i % 3 */
    assert_int_equal(b[1].denominator, 30);
    assert_true(fabs(b[1].pct - 10.0) < 1e-9);
    assert_int_equal(trend_group(&t, "nothing", TS_QUARTER, b), -1);
    free(t.months);
}

static void test_years(void **state)
{
    (void)state;
    struct trend t;
    build(&t, 36, 2023, 4); /* three whole reporting years */
    struct trend_bucket b[TREND_MAX_MONTHS];
    int n = trend_group(&t, "referrals", TS_YEAR, b);
    assert_int_equal(n, 3);
    long long y1 = 0, y2 = 0;
    for (int i = 1; i <= 12; i++)
        y1 += i, y2 += i + 12;
    assert_int_equal(b[0].value, y1);
    assert_int_equal(b[1].value, y2);
    assert_false(b[0].part);
    assert_true(isnan(b[0].yoy));
    assert_true(fabs(b[1].yoy - kpi_round1(100.0 * (double)(y2 - y1) / (double)y1)) < 1e-9);
    char label[64];
    trend_bucket_label(label, sizeof label, &b[0], TS_YEAR);
    assert_string_equal(label, "Apr 2023 to Mar 2024");
    /* a proportion's change is of its percentage */
    n = trend_group(&t, "rereferrals_12m", TS_YEAR, b);
    assert_true(fabs(b[0].pct - 10.0) < 1e-9); /* 12 of 120 */
    assert_true(fabs(b[1].yoy - 0.0) < 1e-9);
    /* months are months */
    n = trend_group(&t, "referrals", TS_MONTH, b);
    assert_int_equal(n, 36);
    assert_int_equal(b[12].value, 13);
    assert_true(fabs(b[12].yoy - 1200.0) < 1e-9); /* 13 against 1 */
    /* from nothing, no change */
    for (int i = 0; i < 12; i++)
        t.months[i].k.m[0].value = 0;
    n = trend_group(&t, "referrals", TS_YEAR, b);
    assert_true(isnan(b[1].yoy));
    free(t.months);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarters),
        cmocka_unit_test(test_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
