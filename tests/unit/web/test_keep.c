/* The kept figures (web/keep.h): worked out once per key, served while fresh, worked out
 * again while the asker waits after a change when the kind says so, in the background when
 * they are merely old (the asker gets the old ones at once), and never by two at a time; a
 * value put from elsewhere (keep_put) served as if made here unless what is kept is the
 * fresher, taking a slot as a making does, and stale like any other; a kind handing what it
 * makes to another. */
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

/* A value of the test kind that make never worked out (made_as from 100 up). */
static struct value given(int period, int made_as)
{
    struct value v = {.period = period, .made_as = made_as};
    v.owned = xmalloc(sizeof *v.owned);
    *v.owned = made_as;
    return v;
}

static bool put(struct keep *k, int period, int made_as, int64_t stamp, int64_t made)
{
    struct key key = {period};
    struct value v = given(period, made_as);
    bool kept = keep_put(k, &key, &v, stamp, made);
    k_drop(&v); /* the keep holds a copy of its own */
    return kept;
}

static void test_a_put_value_is_served_without_making_it(void **state)
{
    kind.wait_for_change = true;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 4);
    assert_true(put(&k, 2025, 100, 4, 1000));
    bool stale;
    struct value v = get(&k, "unused", 1010, 2025, &stale);
    assert_int_equal(v.made_as, 100);
    assert_false(stale);
    k_drop(&v);
    v = get(&k, "unused", 1020, 2025, &stale);
    assert_int_equal(v.made_as, 100);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 0);
    /* a put over it, made later: served in its place */
    assert_true(put(&k, 2025, 101, 4, 1030));
    v = get(&k, "unused", 1031, 2025, &stale);
    assert_int_equal(v.made_as, 101);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 0);
}

static void test_a_put_older_than_what_is_kept_does_not_replace_it(void **state)
{
    kind.wait_for_change = true;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 1);
    bool stale;
    struct value v = get(&k, "unused", 1000, 2025, &stale); /* made at 1000, stamp 1 */
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    /* made before it (its stamp read earlier), or in the same second: the kept one stays,
     * whatever the stamps (a hash: no order) */
    assert_false(put(&k, 2025, 100, 2, 999));
    assert_false(put(&k, 2025, 101, 0, 999));
    assert_false(put(&k, 2025, 102, 2, 1000));
    v = get(&k, "unused", 1001, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    assert_false(stale);
    k_drop(&v);
    /* made after it: kept, and fresh for its own stamp */
    assert_true(put(&k, 2025, 103, 2, 1002));
    atomic_store(&the_stamp, 2);
    v = get(&k, "unused", 1003, 2025, &stale);
    assert_int_equal(v.made_as, 103);
    assert_false(stale);
    k_drop(&v);
    /* nor does an older put replace a newer put */
    assert_false(put(&k, 2025, 104, 5, 1001));
    v = get(&k, "unused", 1004, 2025, &stale);
    assert_int_equal(v.made_as, 103);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 1);
}

static void test_a_put_value_goes_stale_like_any_other(void **state)
{
    kind.wait_for_change = true;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 10);
    assert_true(put(&k, 2025, 100, 10, 1000));
    /* the stamp moves (something recorded): worked out while the asker waits */
    atomic_store(&the_stamp, 11);
    bool stale;
    struct value v = get(&k, "unused", 1001, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    assert_false(stale);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 1);
    /* a put for a stamp that is not the store's: served as stale, then worked out again in
     * the background */
    kind.wait_for_change = false;
    char *dir = test_tmpdir();
    char db[512];
    snprintf(db, sizeof db, "%s/keep.db", dir);
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, STORE_CREATE, &s, &e), HE_OK);
    store_close(s);
    int64_t now = (int64_t)time(NULL);
    assert_true(put(&k, 2025, 101, 9, now));
    v = get(&k, db, now, 2025, &stale);
    assert_int_equal(v.made_as, 101);
    assert_true(stale);
    k_drop(&v);
    for (int i = 0; i < 500; i++) {
        v = get(&k, db, (int64_t)time(NULL), 2025, &stale);
        k_drop(&v);
        if (v.made_as == 2)
            break;
        usleep(10000);
    }
    assert_int_equal(v.made_as, 2);
    assert_false(stale);
    /* and one made max_age_s ago: served as stale, worked out again in the background */
    now = (int64_t)time(NULL);
    assert_true(put(&k, 2026, 102, 11, now - 60));
    v = get(&k, db, now, 2026, &stale);
    assert_int_equal(v.made_as, 102);
    assert_true(stale);
    k_drop(&v);
    for (int i = 0; i < 500; i++) {
        v = get(&k, db, (int64_t)time(NULL), 2026, &stale);
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
    kind.wait_for_change = true;
}

static void test_a_put_takes_the_least_recently_used_slot(void **state)
{
    kind.wait_for_change = true;
    static struct keep k = KEEP_INIT(&kind);
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 1);
    bool stale;
    struct value v = get(&k, "unused", 1000, 2025, &stale);
    k_drop(&v);
    v = get(&k, "unused", 1001, 2026, &stale);
    k_drop(&v);
    v = get(&k, "unused", 1002, 2025, &stale); /* 2026 is now the least recently used */
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 2);
    assert_true(put(&k, 2027, 100, 1, 1003)); /* two slots: 2026 goes */
    v = get(&k, "unused", 1004, 2027, &stale);
    assert_int_equal(v.made_as, 100);
    k_drop(&v);
    v = get(&k, "unused", 1005, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 2);
    v = get(&k, "unused", 1006, 2026, &stale); /* gone: made again */
    assert_int_equal(v.made_as, 3);
    k_drop(&v);
    /* a put over a kept key keeps its slot (and pushes out nothing) */
    assert_true(put(&k, 2026, 101, 1, 1007));
    v = get(&k, "unused", 1008, 2026, &stale);
    assert_int_equal(v.made_as, 101);
    k_drop(&v);
    v = get(&k, "unused", 1009, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 3);
}

/* A put that lands while a making of the same key is under way, made later than the making
 * began: the making does not replace it (its asker gets its own value all the same). */
static struct keep *landing_keep;
static int landing_make(struct store *st, const void *key, void *value, struct err *e)
{
    int rc = k_make(st, key, value, e);
    put(landing_keep, ((const struct key *)key)->period, 100, 7, 2001);
    return rc;
}

static void test_a_making_does_not_replace_a_later_put(void **state)
{
    static struct keep_kind landing;
    landing = kind;
    landing.wait_for_change = true;
    landing.make = landing_make;
    static struct keep k = KEEP_INIT(&landing);
    landing_keep = &k;
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 7);
    bool stale;
    struct value v = get(&k, "unused", 2000, 2025, &stale); /* the asker's own */
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    landing.make = k_make;
    v = get(&k, "unused", 2002, 2025, &stale);
    assert_int_equal(v.made_as, 100);
    assert_false(stale);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 1);
}

/* A kind whose values hold another kind's: each one made is put there, with its stamp and
 * time (the dashboard's figures and the committee report's measures). */
static struct keep *seeded;
static int64_t hook_stamp, hook_made;
static void k_kept(const void *key, const void *value, int64_t stamp, int64_t made)
{
    hook_stamp = stamp;
    hook_made = made;
    assert_true(keep_put(seeded, key, value, stamp, made));
}

static int never_make(struct store *st, const void *key, void *value, struct err *e)
{
    fail_msg("the seeded kind's own make was called");
    return HE_INTERNAL;
}

static void test_a_kind_seeds_another_with_what_it_makes(void **state)
{
    static struct keep_kind holder, held;
    holder = kind;
    holder.wait_for_change = true;
    holder.kept = k_kept;
    held = kind;
    held.wait_for_change = true;
    held.make = never_make;
    static struct keep kh = KEEP_INIT(&holder), kd = KEEP_INIT(&held);
    seeded = &kd;
    atomic_store(&makes, 0);
    atomic_store(&the_stamp, 3);
    bool stale;
    struct value v = get(&kh, "unused", 3000, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    k_drop(&v);
    assert_int_equal(hook_stamp, 3);
    assert_int_equal(hook_made, 3000);
    v = get(&kd, "unused", 3001, 2025, &stale);
    assert_int_equal(v.made_as, 1);
    assert_false(stale);
    k_drop(&v);
    /* after a change the holder's new figures reach the held kind too */
    atomic_store(&the_stamp, 4);
    v = get(&kh, "unused", 3002, 2025, &stale);
    assert_int_equal(v.made_as, 2);
    k_drop(&v);
    v = get(&kd, "unused", 3003, 2025, &stale);
    assert_int_equal(v.made_as, 2);
    assert_false(stale);
    k_drop(&v);
    assert_int_equal(atomic_load(&makes), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_while_fresh_and_made_again_after_a_change),
        cmocka_unit_test(test_old_figures_are_made_again_in_the_background),
        cmocka_unit_test(test_a_put_value_is_served_without_making_it),
        cmocka_unit_test(test_a_put_older_than_what_is_kept_does_not_replace_it),
        cmocka_unit_test(test_a_put_value_goes_stale_like_any_other),
        cmocka_unit_test(test_a_put_takes_the_least_recently_used_slot),
        cmocka_unit_test(test_a_making_does_not_replace_a_later_put),
        cmocka_unit_test(test_a_kind_seeds_another_with_what_it_makes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
