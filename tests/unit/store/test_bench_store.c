/* Tests for store_bench on both stores: published figures written through the writer come
 * back row for row (neighbours as one record of ten), a later row replaces an earlier one,
 * bench_open lays them over the shipped figures (a corrected and a new year), and the
 * committee report's commentary is saved in one transaction, replaced, and deleted when
 * emptied. */
#include "teststore.h"

#include <math.h>

#include "measure/bench.h"
#include "measure/bench_source.h"
#include "store/benchmarks.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db db;
    struct store *s;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    test_db_new(&f->db, backend, f->dir, "t.db");
    struct err e;
    err_clear(&e);
    assert_int_equal(test_db_open(&f->db, STORE_CREATE, &f->s, &e), HE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->db, f->dir);
    free(f);
    return 0;
}

static int collect(void *arg, const char *const *fields, struct err *e)
{
    (void)e;
    char *out = arg;
    for (int i = 0; i < 4; i++) {
        strcat(out, fields[i]);
        strcat(out, i < 3 ? "," : ";");
    }
    return HE_OK;
}

static int neighbours(void *arg, const char *const *fields, struct err *e)
{
    (void)e;
    char *out = arg;
    for (int i = 0; i < 11; i++) {
        strcat(out, fields[i]);
        strcat(out, i < 10 ? " " : ";");
    }
    return HE_OK;
}

static void test_rows_and_overlay(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct store_bench_writer *w;
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(store_bench_writer_open(f->s, &w, &e), HE_OK);
    const char *v1[] = {"ReReferral", "2018", "887", "16.5"};
    const char *v2[] = {"ReReferral", "2026", "887", "14"};
    const char *v3[] = {"ReReferral", "2026", "970", "-"};
    const char *v4[] = {"ReReferral", "2026", "887", "14.5"}; /* replaces v2 */
    assert_int_equal(store_bench_put(w, SB_VALUE, v1, &e), HE_OK);
    assert_int_equal(store_bench_put(w, SB_VALUE, v2, &e), HE_OK);
    assert_int_equal(store_bench_put(w, SB_VALUE, v3, &e), HE_OK);
    assert_int_equal(store_bench_put(w, SB_VALUE, v4, &e), HE_OK);
    const char *sn[] = {"887", "866", "332", "886", "303", "926", "935", "883", "891", "351", "384"};
    assert_int_equal(store_bench_put(w, SB_NEIGHBOUR, sn, &e), HE_OK);
    store_bench_writer_close(w);
    assert_int_equal(store_commit(f->s, &e), HE_OK);

    char got[512] = "";
    assert_int_equal(store_bench_each(f->s, SB_VALUE, collect, got, &e), HE_OK);
    assert_string_equal(got, "ReReferral,2018,887,16.5;ReReferral,2026,887,14.5;ReReferral,2026,970,-;");
    got[0] = 0;
    assert_int_equal(store_bench_each(f->s, SB_NEIGHBOUR, neighbours, got, &e), HE_OK);
    assert_string_equal(got, "887 866 332 886 303 926 935 883 891 351 384;");
    int64_t n = 0;
    assert_int_equal(store_bench_count(f->s, &n, &e), HE_OK);
    assert_int_equal(n, 3);

    struct bench b;
    bench_init(&b);
    assert_int_equal(bench_open(&b, f->s, true, &e), HE_OK);
    int mi = bench_measure_index(&b, "ReReferral");
    struct bench_figure fig;
    bench_figure(&b, bench_series(&b, mi, "2018"), 887, &fig);
    assert_true(fig.value == 16.5); /* the correction, not the shipped 17 */
    assert_true(fabs(fig.england - 21.9) < 1e-9); /* the rest of 2018 as shipped */
    const struct bench_series *s26 = bench_series(&b, mi, "2026");
    assert_non_null(s26);
    bench_figure(&b, s26, 887, &fig);
    assert_true(fig.value == 14.5);
    assert_true(isnan(fig.england));
    bench_free(&b);
}

/* A server's shared bench is built again when a load changes the store's figures, also
 * when it only corrects ones already there (their count unchanged). */
static void test_shared_sees_corrections(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct store_bench_writer *w;
    const char *v1[] = {"ReReferral", "2018", "887", "16.5"};
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(store_bench_writer_open(f->s, &w, &e), HE_OK);
    assert_int_equal(store_bench_put(w, SB_VALUE, v1, &e), HE_OK);
    store_bench_writer_close(w);
    assert_int_equal(store_set_setting(f->s, "benchmarks_loaded", "1 1", &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    const struct bench *b;
    assert_int_equal(bench_shared_get(f->s, &b, &e), HE_OK);
    unsigned long long first = b->serial;
    struct bench_figure fig;
    int mi = bench_measure_index(b, "ReReferral");
    bench_figure(b, bench_series(b, mi, "2018"), 887, &fig);
    assert_true(fig.value == 16.5);
    bench_shared_put(b);
    /* the same again: the same bench */
    assert_int_equal(bench_shared_get(f->s, &b, &e), HE_OK);
    assert_true(b->serial == first);
    bench_shared_put(b);
    /* a correction of the same figure, as `hearth benchmarks load` writes it */
    const char *v2[] = {"ReReferral", "2018", "887", "16.8"};
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(store_bench_writer_open(f->s, &w, &e), HE_OK);
    assert_int_equal(store_bench_put(w, SB_VALUE, v2, &e), HE_OK);
    store_bench_writer_close(w);
    assert_int_equal(store_set_setting(f->s, "benchmarks_loaded", "2 1", &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    assert_int_equal(bench_shared_get(f->s, &b, &e), HE_OK);
    assert_true(b->serial != first);
    bench_figure(b, bench_series(b, mi, "2018"), 887, &fig);
    assert_true(fig.value == 16.8);
    bench_shared_put(b);
}

static void test_commentary(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    const char *sec[] = {"front-door", "workforce"};
    const char *t1[] = {"Referrals rose. \"Quoted\" & <b>", "Agency use fell."};
    assert_int_equal(store_commentary_save(f->s, 2018, 2, sec, t1, "Ann Analyst", 1000, &e), HE_OK);
    struct store_commentary c[8];
    int n;
    assert_int_equal(store_commentary_list(f->s, 2018, c, 8, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].section, "front-door");
    assert_string_equal(c[0].text, t1[0]);
    assert_string_equal(c[0].written_by, "Ann Analyst");
    assert_int_equal(c[0].written_at, 1000);
    for (int i = 0; i < n; i++)
        free(c[i].text);
    /* replaced, and emptied: deleted */
    const char *t2[] = {"Changed.", ""};
    assert_int_equal(store_commentary_save(f->s, 2018, 2, sec, t2, "Bob", 2000, &e), HE_OK);
    assert_int_equal(store_commentary_list(f->s, 2018, c, 8, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].text, "Changed.");
    assert_string_equal(c[0].written_by, "Bob");
    free(c[0].text);
    /* another year is another report */
    assert_int_equal(store_commentary_list(f->s, 2019, c, 8, &n, &e), HE_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rows_and_overlay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commentary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_sees_corrections, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "bench_store", tests, NULL, NULL);
}
