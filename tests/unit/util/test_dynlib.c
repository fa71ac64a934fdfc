/* Tests for util/dynlib and the four tables it fills: a library that is not there and one
 * that lacks a function are reported with the library's name, its soname and the reason,
 * and stay failed (no second attempt that could half-succeed); libpq, libmicrohttpd,
 * libxlsxwriter and libxml2 load from the sonames the build recorded, each function (and
 * libxml2's xmlFree variable) found, and a second load is a no-op. */
#include <dlfcn.h>

#include "testutil.h"

#include "format/xlsx.h"
#include "format/xml.h"
#include "store/pq.h"
#include "util/dynlib.h"
#include "web/mhd.h"

static int bound_calls;
static const char *bind_libc(void *h)
{
    bound_calls++;
    return dlsym(h, "strlen") ? "hearth_no_such_function" : "strlen";
}
static const char *bind_none(void *h)
{
    (void)h;
    bound_calls++;
    return NULL;
}

static void test_missing_library(void **state)
{
    (void)state;
    static struct dynlib d = DYNLIB_INIT("libnothing (a test)", "libhearth-no-such.so.9", bind_none);
    struct err e;
    err_clear(&e);
    bound_calls = 0;
    assert_int_equal(dynlib_load(&d, &e), HE_INTERNAL);
    assert_non_null(strstr(e.msg, "libnothing (a test)"));
    assert_non_null(strstr(e.msg, "libhearth-no-such.so.9"));
    assert_int_equal(bound_calls, 0);
    err_clear(&e);
    assert_int_equal(dynlib_load(&d, &e), HE_INTERNAL); /* still failed, and says so again */
    assert_non_null(strstr(e.msg, "could not be loaded"));
}

static void test_missing_function(void **state)
{
    (void)state;
    static struct dynlib d = DYNLIB_INIT("the C library", "libc.so.6", bind_libc);
    struct err e;
    err_clear(&e);
    bound_calls = 0;
    assert_int_equal(dynlib_load(&d, &e), HE_INTERNAL);
    assert_non_null(strstr(e.msg, "has no function hearth_no_such_function"));
    assert_int_equal(dynlib_load(&d, &e), HE_INTERNAL);
    assert_int_equal(bound_calls, 1); /* tried once */
}

static void test_the_four(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    assert_int_equal(dynlib_load(&pq_lib, &e), HE_OK);
    assert_int_equal(dynlib_load(&mhd_lib, &e), HE_OK);
    assert_int_equal(dynlib_load(&xlsx_lib, &e), HE_OK);
    assert_int_equal(dynlib_load(&pq_lib, &e), HE_OK);
    /* a call through each table reaches the library */
    assert_int_equal(PQresultStatus(NULL), PGRES_FATAL_ERROR);
    assert_null(MHD_lookup_connection_value(NULL, MHD_HEADER_KIND, "Host"));
    assert_non_null(lxw_strerror(LXW_NO_ERROR));
    assert_int_equal(xml_load(&e), HE_OK);
    assert_int_equal(xml_load(&e), HE_OK);
    xmlDocPtr doc = xmlReadMemory("<a>b</a>", 8, "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(doc));
    assert_string_equal((const char *)text, "b");
    xmlFree(text); /* through the address of libxml2's variable */
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_function),
        cmocka_unit_test(test_the_four),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
