/* Tests for util/elapsed: the clock never goes back, a pause of 30 ms reads as at least
 * 30 ms (and not wildly more) on both scales, and the two scales are the same clock. */
#include <time.h>

#include "testutil.h"

#include "util/elapsed.h"

static void pause_ms(long ms)
{
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&d, &d) != 0)
        ;
}

static void test_never_back(void **state)
{
    (void)state;
    double last = elapsed_now();
    int64_t last_ms = elapsed_now_ms();
    for (int i = 0; i < 100000; i++) {
        double t = elapsed_now();
        int64_t ms = elapsed_now_ms();
        assert_true(t >= last);
        assert_true(ms >= last_ms);
        last = t;
        last_ms = ms;
    }
}

static void test_a_pause(void **state)
{
    (void)state;
    double t0 = elapsed_now();
    int64_t m0 = elapsed_now_ms();
    pause_ms(30);
    double secs = elapsed_now() - t0;
    int64_t ms = elapsed_now_ms() - m0;
    assert_true(secs >= 0.030);
    assert_true(secs < 5.0); /* a loaded machine stretches it, never by minutes */
    assert_true(ms >= 29);   /* whole milliseconds: each end rounded down */
    assert_true(ms < 5000);
    /* the same clock: the seconds, in milliseconds, within the rounding of the two reads */
    int64_t now_ms = elapsed_now_ms();
    double now = elapsed_now();
    assert_true(now * 1000.0 - (double)now_ms > -1.0);
    assert_true(now * 1000.0 - (double)now_ms < 50.0); /* a preemption between the reads at most */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_never_back),
        cmocka_unit_test(test_a_pause),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
