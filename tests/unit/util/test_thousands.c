/* Tests for util/thousands: the boundaries of each group (999, 1,000, 999,999, 1,000,000),
 * negatives, the extremes of a long long, and a buffer too small, which is cut short
 * without a dangling comma and always terminated. */
#include <limits.h>

#include "testutil.h"

#include "util/thousands.h"

static void test_groups(void **state)
{
    (void)state;
    char b[32];
    static const struct {
        long long v;
        const char *want;
    } cases[] = {{0, "0"},           {7, "7"},
                 {999, "999"},       {1000, "1,000"},
                 {64000, "64,000"},  {999999, "999,999"},
                 {1000000, "1,000,000"}, {-1, "-1"},
                 {-1234567, "-1,234,567"}, {-100, "-100"},
                 {LLONG_MAX, "9,223,372,036,854,775,807"},
                 {LLONG_MIN, "-9,223,372,036,854,775,808"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(thousands(b, sizeof b, cases[i].v), cases[i].want);
}

static void test_short_buffer(void **state)
{
    (void)state;
    char b[8];
    memset(b, 'x', sizeof b);
    assert_string_equal(thousands(b, 6, 1234567), "1,234"); /* no comma left dangling */
    assert_int_equal(b[6], 'x');                            /* nothing past n */
    assert_string_equal(thousands(b, 5, 1234567), "1,23");
    assert_string_equal(thousands(b, 2, 1234567), "1");
    assert_string_equal(thousands(b, 1, 5), "");
    assert_string_equal(thousands(b, 3, -5), "-5");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_short_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
