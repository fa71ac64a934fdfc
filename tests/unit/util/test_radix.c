/* Tests for util/radix: the measures trust its order (facts.h), so every record size the
 * sort copies specially (8, 16, 24, 32 bytes) and one it does not (12) is sorted against a
 * stable insertion sort of the same records, with keys that need one to six passes and
 * many equal keys (stability: equal keys keep their input order). */
#include "testutil.h"

#include "util/radix.h"

static uint64_t key_of(const void *p)
{
    uint64_t k;
    memcpy(&k, p, sizeof k);
    return k;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void check(size_t size, size_t n, uint64_t key_mask, uint64_t seed)
{
    unsigned char *a = malloc(n * size), *b = malloc(n * size), *t = malloc(size);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = next_rand(&seed) & key_mask;
        uint32_t seq = (uint32_t)i;
        memset(a + i * size, 0xab, size);
        memcpy(a + i * size, &k, 8);
        if (size >= 12)
            memcpy(a + i * size + 8, &seq, 4);
    }
    memcpy(b, a, n * size);
    radix_sort(a, n, size, key_of);
    /* stable insertion sort of b */
    for (size_t i = 1; i < n; i++) {
        memcpy(t, b + i * size, size);
        size_t j = i;
        while (j > 0 && key_of(b + (j - 1) * size) > key_of(t)) {
            memcpy(b + j * size, b + (j - 1) * size, size);
            j--;
        }
        memcpy(b + j * size, t, size);
    }
    assert_memory_equal(a, b, n * size);
    free(a);
    free(b);
    free(t);
}

static void test_sizes_and_passes(void **state)
{
    (void)state;
    static const size_t sizes[] = {8, 12, 16, 24, 32, 40};
    static const uint64_t masks[] = {0x7, 0x7ff, 0xfffff, 0xffffffffffULL, UINT64_MAX};
    uint64_t seed = 88172645463325252ULL;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t m = 0; m < sizeof masks / sizeof *masks; m++)
            check(sizes[s], 3000, masks[m], seed + s * 31 + m);
}

static void test_small(void **state)
{
    (void)state;
    check(16, 0, 0xff, 1);
    check(16, 1, 0xff, 2);
    check(16, 2, 0xff, 3);
    uint64_t zeros[4] = {0, 0, 0, 0}; /* all keys 0: no pass at all */
    radix_sort(zeros, 4, 8, key_of);
    assert_int_equal(zeros[3], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_passes),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
