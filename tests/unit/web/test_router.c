/* The router: literal segments, numeric ids only, and nothing it did not expect. */
#include "testutil.h"

#include "web/router.h"

static void test_match(void **state)
{
    int64_t ids[ROUTE_MAX_PARAMS];
    int n;
    assert_true(route_match("/", "/", ids, &n));
    assert_int_equal(n, 0);
    assert_true(route_match("/children/:n", "/children/42", ids, &n));
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 42);
    assert_true(route_match("/children/:n/assessments/:n/authorise", "/children/7/assessments/123/authorise", ids, &n));
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(ids[1], 123);
}

static void test_refuses(void **state)
{
    int64_t ids[ROUTE_MAX_PARAMS];
    int n;
    const char *bad[] = {"/children/", "/children/abc", "/children/-1", "/children/0", "/children/01",
                         "/children/12/", "/children/12x", "/children/1234567890123456789",
                         "/children", "children/1", "/Children/1", "/children/1/../2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(route_match("/children/:n", bad[i], ids, &n));
    assert_false(route_match("/my-work", "/my-work/", ids, &n));
    assert_false(route_match("/my-work", "/my-wor", ids, &n));
    assert_true(route_match("/children/:n", "/children/999999999999999999", ids, &n));
    assert_int_equal(ids[0], 999999999999999999LL);
}

static void test_find_and_method(void **state)
{
    static const struct route routes[] = {
        {"GET", "/contacts/new", 0}, {"POST", "/contacts/new", 1}, {"GET", "/children/:n", 2}};
    int64_t ids[ROUTE_MAX_PARAMS];
    int n;
    bool known;
    const struct route *r = route_find(routes, 3, "POST", "/contacts/new", ids, &n, &known);
    assert_non_null(r);
    assert_int_equal(r->handler, 1);
    r = route_find(routes, 3, "POST", "/children/5", ids, &n, &known);
    assert_null(r);
    assert_true(known); /* a 405, not a 404 */
    r = route_find(routes, 3, "GET", "/nowhere", ids, &n, &known);
    assert_null(r);
    assert_false(known);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_find_and_method),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
