/* Tests for the import pipeline: every item reaches the consumer once, whole and in order
 * (small, large and batch-spanning items, one and two threads, a store shared under a
 * lock); after the consumer fails nothing more is consumed, the producer is told, and
 * pipe_finish gives the consumer's error. */
#include "testutil.h"

#include <errno.h>
#include <pthread.h>

#include "format/pipe.h"

struct sink {
    long next;     /* the sequence number expected next */
    long fail_at;  /* fail on this item (-1: never) */
    long consumed; /* items consumed */
    int bad;       /* items out of order or damaged */
    pthread_mutex_t *lock; /* the shared store's, which must be held in consume(), or NULL */
    int unlocked;  /* items consumed without it */
};

/* Items: a long sequence number, then (size - 8) bytes each equal to seq & 0xff. */
static int consume(void *ctx, const void *item, size_t size, struct err *e)
{
    struct sink *k = ctx;
    long seq;
    memcpy(&seq, item, sizeof seq);
    if (seq != k->next)
        k->bad++;
    for (size_t i = sizeof seq; i < size; i++)
        if (((const unsigned char *)item)[i] != (unsigned char)(seq & 0xff)) {
            k->bad++;
            break;
        }
    if (k->lock && pthread_mutex_trylock(k->lock) != EBUSY) {
        pthread_mutex_unlock(k->lock);
        k->unlocked++;
    }
    k->next++;
    k->consumed++;
    if (seq == k->fail_at)
        return err_set(e, HE_INPUT, "item %ld refused", seq);
    return HE_OK;
}

static size_t size_of(long seq)
{
    /* mostly small; now and then one bigger than a whole batch */
    return seq % 997 == 5 ? (size_t)(600u << 10) : sizeof(long) + (size_t)(seq * 37 % 300);
}

/* Put n items; returns the sequence number of the first pipe_commit that failed, or n. */
static long put_items(struct pipe *p, long n)
{
    for (long seq = 0; seq < n; seq++) {
        size_t size = size_of(seq);
        unsigned char *b = pipe_reserve(p, size);
        if (!b)
            return seq;
        memcpy(b, &seq, sizeof seq);
        memset(b + sizeof seq, (int)(seq & 0xff), size - sizeof seq);
        if (pipe_commit(p) != HE_OK)
            return seq;
    }
    return n;
}

static void run(int threads, pthread_mutex_t *lock)
{
    struct sink k = {0, -1, 0, 0, lock, 0};
    struct pipe *p;
    struct err e;
    err_clear(&e);
    assert_int_equal(pipe_start(&p, consume, &k, threads, &e), HE_OK);
    if (lock)
        pipe_lock_store(p, lock);
    assert_int_equal(put_items(p, 20000), 20000);
    assert_int_equal(pipe_finish(p, &e), HE_OK);
    assert_int_equal(k.consumed, 20000);
    assert_int_equal(k.bad, 0);
    assert_int_equal(k.unlocked, 0);
}

static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;

static void test_in_order_one_thread(void **state) { run(1, NULL); }
static void test_in_order_two_threads(void **state) { run(2, NULL); }
static void test_in_order_locked_one_thread(void **state) { run(1, &store_lock); }
static void test_in_order_locked_two_threads(void **state) { run(2, &store_lock); }

/* One thread on a shared store takes the lock a batch at a time, not an item at a time
 * (two readers waited on each other thousands of times a file): a few small items wait for
 * pipe_finish; without a lock each is consumed at once. The first item bigger than a
 * batch (seq 5) sends the batch before it. */
static void test_locked_batches(void **state)
{
    struct sink k = {0, -1, 0, 0, &store_lock, 0};
    struct pipe *p;
    struct err e;
    err_clear(&e);
    assert_int_equal(pipe_start(&p, consume, &k, 1, &e), HE_OK);
    pipe_lock_store(p, &store_lock);
    assert_int_equal(put_items(p, 5), 5); /* the sixth is bigger than a batch */
    assert_int_equal(k.consumed, 0);
    assert_int_equal(pipe_finish(p, &e), HE_OK);
    assert_int_equal(k.consumed, 5);
    assert_int_equal(k.unlocked, 0);

    struct sink u = {0, -1, 0, 0, NULL, 0};
    assert_int_equal(pipe_start(&p, consume, &u, 1, &e), HE_OK);
    assert_int_equal(put_items(p, 5), 5);
    assert_int_equal(u.consumed, 5);
    assert_int_equal(pipe_finish(p, &e), HE_OK);
}

static void fail_midway(int threads, pthread_mutex_t *lock)
{
    struct sink k = {0, 1234, 0, 0, lock, 0};
    struct pipe *p;
    struct err e;
    err_clear(&e);
    assert_int_equal(pipe_start(&p, consume, &k, threads, &e), HE_OK);
    if (lock)
        pipe_lock_store(p, lock);
    long stopped = put_items(p, 200000);
    /* the producer hears of the failure (at once with one thread and no lock, soon else) */
    assert_true(stopped >= 1234 && stopped < 200000);
    assert_int_equal(pipe_finish(p, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "item 1234 refused"));
    assert_int_equal(k.consumed, 1235); /* nothing after the failing item */
    assert_int_equal(k.bad, 0);
}

static void test_failure_one_thread(void **state) { fail_midway(1, NULL); }
static void test_failure_two_threads(void **state) { fail_midway(2, NULL); }
static void test_failure_locked(void **state) { fail_midway(1, &store_lock); }

/* The producer stops on its own (a parse error): everything put is still consumed. */
static void test_finish_early(void **state)
{
    struct sink k = {0, -1, 0, 0, NULL, 0};
    struct pipe *p;
    struct err e;
    err_clear(&e);
    assert_int_equal(pipe_start(&p, consume, &k, 2, &e), HE_OK);
    assert_int_equal(put_items(p, 7), 7);
    assert_int_equal(pipe_finish(p, &e), HE_OK);
    assert_int_equal(k.consumed, 7);
    assert_int_equal(pipe_start(&p, consume, &k, 2, &e), HE_OK);
    assert_int_equal(pipe_finish(p, &e), HE_OK); /* nothing put at all */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order_one_thread),
        cmocka_unit_test(test_in_order_two_threads),
        cmocka_unit_test(test_failure_one_thread),
        cmocka_unit_test(test_failure_two_threads),
        cmocka_unit_test(test_in_order_locked_one_thread),
        cmocka_unit_test(test_in_order_locked_two_threads),
        cmocka_unit_test(test_locked_batches),
        cmocka_unit_test(test_failure_locked),
        cmocka_unit_test(test_finish_early),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
