/* Monthly trends: every month's figures derived from one load of the period equal those
 * `hearth kpi` gives for that month loaded on its own, on a synthetic authority put through
 * the real importers and store; and the month cutting (partial first and last months, the
 * 60-month limit). */
#include "testutil.h"

#include "demo/synth.h"
#include "format/import.h"
#include "measure/trend.h"
#include "store/store.h"
#include "store/trends.h"

static void assert_same_measures(const struct kpi_result *a, const struct kpi_result *b,
                                 const char *month)
{
    assert_int_equal(a->n, b->n);
    for (int i = 0; i < a->n; i++) {
        const struct measure *x = &a->m[i], *y = &b->m[i];
        assert_string_equal(x->id, y->id);
        if (x->value != y->value || x->denominator != y->denominator || x->n_parts != y->n_parts)
            fail_msg("%s %s: %lld/%lld from the trend, %lld/%lld loaded alone", month, x->id,
                     x->value, x->denominator, y->value, y->denominator);
        for (int p = 0; p < x->n_parts; p++)
            assert_int_equal(x->parts[p].n, y->parts[p].n);
    }
}

static void test_months_equal_direct(void **state)
{
    char *dir = test_tmpdir(), files[600], db[600];
    snprintf(files, sizeof files, "%s/files", dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    struct synth_params p;
    synth_params_default(&p);
    p.population = 20000;
    p.first_year = 2025;
    p.last_year = 2026;
    struct err e;
    err_clear(&e);
    assert_int_equal(synth_write(&p, files, &e), HE_OK);
    struct store *s;
    assert_int_equal(store_open(db, STORE_CREATE, &s, &e), HE_OK);
    struct importer im;
    importer_init(&im, s);
    assert_int_equal(store_begin(s, &e), HE_OK);
    if (import_path(&im, files, &e) != HE_OK)
        fail_msg("import: %s", e.msg);
    assert_int_equal(store_commit(s, &e), HE_OK);

    day_t from = date_from_ymd(2025, 4, 1), to = date_from_ymd(2026, 3, 31);
    struct facts span;
    struct trend_facts tf;
    struct trend t;
    assert_int_equal(store_load_facts(s, from, to, &span, &e), HE_OK);
    assert_int_equal(store_load_trend_facts(s, from, to, &tf, &e), HE_OK);
    assert_true(tf.n_cin > 0);
    assert_int_equal(trend_compute(&span, &tf, 20000, &t, &e), HE_OK);
    assert_int_equal(t.n, 12);
    long long contacts = 0, referrals = 0, not_in_need = 0;
    for (int i = 0; i < t.n; i++) {
        int y, m, d;
        date_to_ymd(t.months[i].from, &y, &m, &d);
        assert_int_equal(d, 1);
        assert_int_equal(t.months[i].to, date_add_months(t.months[i].from, 1) - 1);
        struct facts f;
        struct kpi_result direct;
        assert_int_equal(store_load_facts(s, t.months[i].from, t.months[i].to, &f, &e), HE_OK);
        assert_int_equal(kpi_compute(&f, 20000, &direct, &e), HE_OK);
        facts_free(&f);
        char name[16];
        snprintf(name, sizeof name, "%04d-%02d", y, m);
        assert_same_measures(&t.months[i].k, &direct, name);
        contacts += kpi_find(&t.months[i].k, "contacts")->value;
        referrals += kpi_find(&t.months[i].k, "referrals")->value;
        /* the referrals found not in need after assessment: the period's facts hold the
         * closures up to its last day, and a month counts only those known at its end */
        const struct measure *nin = kpi_find(&t.months[i].k, "referrals_assessed_not_in_need");
        const struct measure *nin_alone = kpi_find(&direct, "referrals_assessed_not_in_need");
        if (nin->value != nin_alone->value || nin->denominator != nin_alone->denominator)
            fail_msg("%s referrals_assessed_not_in_need: %lld/%lld from the trend, %lld/%lld alone",
                     name, nin->value, nin->denominator, nin_alone->value, nin_alone->denominator);
        not_in_need += nin->value;
    }
    /* flows add up to the year's; the year's last month carries the OC3 figures */
    struct kpi_result year;
    assert_int_equal(kpi_compute(&span, 20000, &year, &e), HE_OK);
    assert_true(contacts > 0 && referrals > 0);
    assert_int_equal(contacts, kpi_find(&year, "contacts")->value);
    assert_int_equal(referrals, kpi_find(&year, "referrals")->value);
    /* not a flow: a referral of one month closed in a later one counts in the year only */
    assert_true(not_in_need > 0);
    assert_true(not_in_need < kpi_find(&year, "referrals_assessed_not_in_need")->value);
    assert_true(kpi_find(&t.months[11].k, "care_leavers_suitable_accom")->denominator > 0);
    assert_int_equal(kpi_find(&t.months[11].k, "cla_at_end")->value,
                     kpi_find(&year, "cla_at_end")->value);
    trend_free(&t);
    trend_facts_free(&tf);
    facts_free(&span);

    /* a period cut mid-month: the first and last months are partial, and still equal */
    from = date_from_ymd(2025, 6, 15);
    to = date_from_ymd(2025, 8, 10);
    assert_int_equal(store_load_facts(s, from, to, &span, &e), HE_OK);
    assert_int_equal(store_load_trend_facts(s, from, to, &tf, &e), HE_OK);
    assert_int_equal(trend_compute(&span, &tf, 0, &t, &e), HE_OK);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.months[0].from, from);
    assert_int_equal(t.months[0].to, date_from_ymd(2025, 6, 30));
    assert_int_equal(t.months[2].from, date_from_ymd(2025, 8, 1));
    assert_int_equal(t.months[2].to, to);
    for (int i = 0; i < t.n; i++) {
        struct facts f;
        struct kpi_result direct;
        assert_int_equal(store_load_facts(s, t.months[i].from, t.months[i].to, &f, &e), HE_OK);
        assert_int_equal(kpi_compute(&f, 0, &direct, &e), HE_OK);
        facts_free(&f);
        assert_same_measures(&t.months[i].k, &direct, "partial");
    }
    trend_free(&t);
    trend_facts_free(&tf);
    facts_free(&span);
    store_close(s);
    test_rm_rf(dir);
    free(dir);
}

static void test_month_counting_and_limits(void **state)
{
    assert_int_equal(trend_months(date_from_ymd(2025, 4, 1), date_from_ymd(2026, 3, 31)), 12);
    assert_int_equal(trend_months(date_from_ymd(2025, 4, 30), date_from_ymd(2025, 5, 1)), 2);
    assert_int_equal(trend_months(date_from_ymd(2025, 4, 3), date_from_ymd(2025, 4, 3)), 1);
    assert_int_equal(trend_months(date_from_ymd(2025, 4, 3), date_from_ymd(2025, 4, 2)), 0);
    assert_int_equal(trend_months(DAY_NONE, date_from_ymd(2025, 4, 2)), 0);
    struct facts f = {.from = date_from_ymd(2020, 1, 1), .to = date_from_ymd(2025, 1, 31)};
    struct trend_facts tf = {.from = f.from, .to = f.to};
    struct trend t;
    struct err e;
    err_clear(&e);
    assert_int_equal(trend_compute(&f, &tf, 0, &t, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "at most 60 months"));
    assert_null(t.months);
    tf.to = f.to - 1;
    assert_int_equal(trend_compute(&f, &tf, 0, &t, &e), HE_INTERNAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_months_equal_direct),
        cmocka_unit_test(test_month_counting_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
