/* Tests for util/input: a named pipe is refused at once (never waited on), a regular file
 * is opened and sized, and the UTF-8 check every importer applies takes every well-formed
 * sequence and refuses stray continuation bytes, overlong forms, surrogates, code points
 * past U+10FFFF and sequences cut short, naming the first bad byte. */
#include "testutil.h"

#include <sys/stat.h>

#include "util/input.h"

static void test_regular_only(void **state)
{
    char *dir = test_tmpdir(), p[600];
    struct err e;
    int fd = -1;
    long long size = -1;
    snprintf(p, sizeof p, "%s/fifo", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    err_clear(&e);
    /* no writer: a blocking open would wait for ever */
    assert_int_equal(input_open_regular(p, &fd, &size, &e), HE_INPUT);
    assert_int_equal(fd, -1);
    assert_non_null(strstr(e.msg, "named pipe"));
    assert_string_equal(e.file, p);
    assert_int_equal(input_open_regular(dir, &fd, NULL, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "folder"));
    snprintf(p, sizeof p, "%s/f.csv", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("CHILD\n", f);
    fclose(f);
    assert_int_equal(input_open_regular(p, &fd, &size, &e), HE_OK);
    assert_true(fd >= 0);
    assert_int_equal(size, 6);
    char b[8];
    assert_int_equal(read(fd, b, sizeof b), 6); /* reads as usual */
    close(fd);
    test_rm_rf(dir);
    free(dir);
}

static void test_utf8(void **state)
{
    static const struct { const char *s; bool ok; size_t bad; } cases[] = {
        {"", true, 0},
        {"plain ASCII, 123", true, 0},
        {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", true, 0}, /* 2, 3 and 4 bytes */
        {"\xEF\xBB\xBF" "BOM", true, 0},
        {"\xF4\x8F\xBF\xBF", true, 0},                          /* U+10FFFF */
        {"ab\xE9" "cd", false, 2},                              /* Latin-1 e acute */
        {"\x80", false, 0},                                     /* stray continuation */
        {"\xC0\xAF", false, 0},                                 /* overlong '/' */
        {"\xE0\x80\xAF", false, 0},                             /* overlong */
        {"\xF0\x80\x80\xAF", false, 0},                         /* overlong */
        {"x\xED\xA0\x80", false, 1},                            /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", false, 0},                         /* past U+10FFFF */
        {"\xF5\x80\x80\x80", false, 0},
        {"ok\xC3", false, 2},                                   /* cut short */
        {"ok\xE2\x82", false, 2},
        {"\xE2\x28\xA1", false, 0},                             /* bad continuation */
        /* past the first eight bytes, which are checked a word at a time */
        {"0123456789abcdef\xE9xyz", false, 16},
        {"01234567\xC3\xA9" "89abcdefgh", true, 0},
        {"0123456789abcde\xC3", false, 15},
        {"01234567\x80", false, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        bool ok = input_utf8_valid(cases[i].s, strlen(cases[i].s), &bad);
        if (ok != cases[i].ok)
            fail_msg("case %zu: got %d", i, ok);
        if (!ok && bad != cases[i].bad)
            fail_msg("case %zu: bad byte at %zu, expected %zu", i, bad, cases[i].bad);
    }
    /* the length given is the length checked: a NUL inside is a character like another */
    assert_true(input_utf8_valid("a\0b", 3, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_only),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
