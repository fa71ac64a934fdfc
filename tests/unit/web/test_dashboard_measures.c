/* The committee report's measures kept from the dashboard's figures (dashboard.c's
 * dash_kept_hook) are the very bytes the report's own working out gives, on a synthetic
 * authority put through the real importers and store: for the latest year and the one
 * before, at the authority's population and with none, and for a period shorter than a
 * year. Were either way to load other facts or work them out otherwise, the report would
 * show figures that its own making would not. */
#include "testutil.h"
#include "teststore.h"

#include "demo/synth.h"
#include "format/import.h"
#include "measure/kpi.h"
#include "util/buf.h"
#include "web/benchmarks.h"

static enum test_backend backend;

struct fixture {
    char *dir;
    struct test_db db;
    struct store *s;
};

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof *fx);
    fx->dir = test_tmpdir();
    char files[600];
    snprintf(files, sizeof files, "%s/files", fx->dir);
    struct synth_params p;
    synth_params_default(&p);
    p.population = 10000;
    p.first_year = 2025;
    p.last_year = 2026;
    struct err e;
    err_clear(&e);
    assert_int_equal(synth_write(&p, files, &e), HE_OK);
    test_db_new(&fx->db, backend, fx->dir, "d.db");
    assert_int_equal(test_db_open(&fx->db, STORE_CREATE, &fx->s, &e), HE_OK);
    struct importer im;
    importer_init(&im, fx->s);
    assert_int_equal(store_begin(fx->s, &e), HE_OK);
    if (import_path(&im, files, &e) != HE_OK)
        fail_msg("import: %s", e.msg);
    assert_int_equal(store_commit(fx->s, &e), HE_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    test_db_done(fx->s, &fx->db, fx->dir);
    free(fx);
    return 0;
}

static void same_bytes(struct store *s, day_t from, day_t to, long long pop)
{
    struct kpi_result *own = xmalloc(sizeof *own), *kept = xmalloc(sizeof *kept);
    /* different garbage under each, so that only what both ways write can match */
    memset(own, 0x5a, sizeof *own);
    memset(kept, 0xa5, sizeof *kept);
    struct err e;
    err_clear(&e);
    if (dashboard_measures_both(s, from, to, pop, own, kept, &e) != HE_OK)
        fail_msg("working out: %s", e.msg);
    assert_true(own->n > 40);
    assert_true(kpi_find(own, "referrals")->value > 0);
    assert_true(kpi_find(own, "cla_at_end")->value > 0);
    if (memcmp(own, kept, sizeof *own) != 0) {
        assert_int_equal(own->n, kept->n);
        for (int i = 0; i < own->n; i++)
            if (memcmp(&own->m[i], &kept->m[i], sizeof own->m[i]) != 0)
                fail_msg("%s (population %lld): the report's own %lld/%lld, kept from the "
                         "dashboard's %lld/%lld",
                         own->m[i].id, pop, own->m[i].value, own->m[i].denominator,
                         kept->m[i].value, kept->m[i].denominator);
        fail_msg("population %lld: the two differ outside the measures", pop);
    }
    free(own);
    free(kept);
}

static void test_the_report_kept_from_the_dashboard_is_its_own(void **state)
{
    struct fixture *fx = *state;
    day_t y25 = date_from_ymd(2025, 3, 31), y26 = date_from_ymd(2026, 3, 31);
    same_bytes(fx->s, date_from_ymd(2025, 4, 1), y26, 10000);
    same_bytes(fx->s, date_from_ymd(2025, 4, 1), y26, 0);
    same_bytes(fx->s, date_from_ymd(2024, 4, 1), y25, 10000);
    same_bytes(fx->s, date_from_ymd(2025, 10, 1), date_from_ymd(2025, 12, 31), 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_report_kept_from_the_dashboard_is_its_own),
    };
    return RUN_ON_BOTH_STORES(backend, "dashboard measures", tests, setup, teardown);
}
