/* The kept figures (web/keep.h): worked out once per key, served while fresh, worked out
 * again while the asker waits after a change when the kind says so, in the background when
 * they are merely old (the asker gets the old ones at once), and never by two at a time. */
#include "testutil.h"

#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "util/buf.h"
#include "web/keep.h"

static atomic_int makes;
static atomic_llong the_stamp;

struct key {
    int period;
};
struct value {
    int period, made_as; /* made_as: which making this was */
    int *owned;          /* a value owns memory: copy and drop must be called */
};

static int k_stamp(struct store *st, int64_t *out, struct err *e)
{
    *out = atomic_load(&the_stamp);
    return HE_OK;
}

static int k_make(struct store *st, const void *key, void *value, struct err *e)
{
    const struct key *k = key;
    struct value *v = value;
    v->period = k->period;
    v->made_as = atomic_fetch_add(&makes, 1) + 1;
    v->owned = xmalloc(sizeof *v->owned);
    *v->owned = v->made_as;
    return HE_OK;
}

static void k_copy(void *dst, const void *src)
{
    struct value *d = dst;
    const struct value *s = src;
    d->owned = xmalloc(sizeof *d->owned);
    *d->owned = *s->owned;
}

static void k_drop(void *value)
{
    struct value *v = value;
    free(v->owned);
    v->owned = NULL;
}

static struct keep_kind kind = {
    .what = "test figures",
    .key_size = sizeof(struct key),
    .value_size = sizeof(struct value),
    .slots = 2,
    .max_age_s = 60,
    .share = 0,
    .stamp = k_stamp,
    .make = k_make,
    .copy = k_copy,
    .drop = k_drop,
};

static struct value get(struct keep *k, const char *db, int64_t now, int period, bool *stale)
{
    struct key key = {period};
    struct value v;
    int64_t made;
    struct err e;
    err_clear(&e);
    assert_int_equal(keep_get(k, NULL, db, now, &key, &v, &made, stale, &e), HE_OK);
    assert_int_equal(v.period, period);
    assert_int_equal(*v.owned, v.made_as); /* the copy has its own memory */
    return v;
}

static void test_kept_while_fresh_and_made_again_after_a_change(void **state)
{
    kind.wait_for_change = true;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 1);
    bool stale;
    struct value v = get(&k, "unused", 1000, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    assert_false(stale);
    k_drop(&v);
    v = get(&k, "unused", 1010, 2025, &stale); /* fresh: kept */
    assert_int_equal(v.made_as, 1);
    assert_false(stale);
    k_drop(&v);
    v = get(&k, "unused", 1011, 2026, &stale); /* another key: its own */
    assert_int_equal(v.made_as, 2);
    k_drop(&v);
    atomic_store(&the_stamp, 2); /* something recorded: worked out while the asker waits */
    v = get(&k, "unused", 1012, 2025, &stale);
    assert_int_equal(v.made_as, 3);
    assert_false(stale);
    k_drop(&v);
    v = get(&k, "unused", 1013, 2025, &stale);
    assert_int_equal(v.made_as, 3);
    k_drop(&v);
    v = get(&k, "unused", 1014, 2027, &stale); /* a third key in two slots: the oldest used goes */
    assert_int_equal(v.made_as, 4);
    k_drop(&v);
    v = get(&k, "unused", 1015, 2026, &stale); /* 2026 was the least recently used */
    assert_int_equal(v.made_as, 5);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 5);
}

static void test_old_figures_are_made_again_in_the_background(void **state)
{
    kind.wait_for_change = false;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 7);
    /* the background refresh opens the database on a connection of its own */
    char *dir = test_tmpdir();
    char db[512];
    snprintf(db, sizeof db, "%s/keep.db", dir);
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, STORE_CREATE, &s, &e), HE_OK);
    store_close(s);
    bool stale;
    struct value v = get(&k, db, 1000, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    /* a minute later: the old figures at once, said to be stale, and one refresh started */
    v = get(&k, db, 1061, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    assert_true(stale);
    k_drop(&v);
    /* until the refresh is kept, the old ones (and no second refresh); then the new, made at
     * the refresh's own clock, so fresh for whoever asks next */
    for (int i = 0; i < 500; i++) {
        v = get(&k, db, (int64_t)time(NULL), 2025, &stale);
        k_drop(&v);
        if (v.made_as == 2)
            break;
        assert_true(stale);
        usleep(10000);
    }
    assert_int_equal(v.made_as, 2);
    assert_false(stale);
    assert_int_equal(atomic_load(&makes), 2);
    /* without wait_for_change a change is refreshed in the background too */
    atomic_store(&the_stamp, 8);
    v = get(&k, db, (int64_t)time(NULL), 2025, &stale);
    assert_int_equal(v.made_as, 2);
    assert_true(stale);
    k_drop(&v);
    for (int i = 0; i < 500; i++) {
        v = get(&k, db, (int64_t)time(NULL), 2025, &stale);
        k_drop(&v);
        if (v.made_as == 3)
            break;
        usleep(10000);
    }
    assert_int_equal(v.made_as, 3);
    assert_false(stale);
    assert_int_equal(atomic_load(&makes), 3);
    usleep(100000); /* the refresh thread closes its connection */
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_while_fresh_and_made_again_after_a_change),
        cmocka_unit_test(test_old_figures_are_made_again_in_the_background),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
