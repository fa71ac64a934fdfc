/* testutil: what every cmocka unit test includes. Tests are built with ASan and UBSan
 * and linked against every hearth object except main.o. */
#ifndef HEARTH_TESTUTIL_H
#define HEARTH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh temporary directory for a test; caller frees the string. Removed by rm_rf. */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/hearth-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static inline void test_rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Write text to dir/name; returns the path (caller frees). */
static inline char *test_write_file(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

#endif
