/* urlencoded forms: decoding, and hostile input refused. */
#include "testutil.h"

#include "util/buf.h"
#include "web/form.h"

static void test_decode(void **state)
{
    struct form f;
    struct err e;
    const char *s = "a=1&b=hello+world&c=%3Cscript%3E&d=&e&name=Zo%C3%AB&a=2";
    assert_int_equal(form_parse(s, strlen(s), &f, &e), HE_OK);
    assert_string_equal(form_get(&f, "a"), "1");
    assert_string_equal(form_get(&f, "b"), "hello world");
    assert_string_equal(form_get(&f, "c"), "<script>");
    assert_string_equal(form_get(&f, "d"), "");
    assert_string_equal(form_get(&f, "e"), "");
    assert_string_equal(form_get(&f, "name"), "Zoë");
    assert_null(form_get(&f, "z"));
    assert_string_equal(form_text(&f, "z"), "");
    form_free(&f);
    s = "t=++padded++";
    assert_int_equal(form_parse(s, strlen(s), &f, &e), HE_OK);
    assert_string_equal(form_text(&f, "t"), "padded");
    form_free(&f);
    assert_int_equal(form_parse("", 0, &f, &e), HE_OK);
    assert_int_equal(f.n, 0);
}

/* ids and record versions: a positive whole number, else 0 */
static void test_get_id(void **state)
{
    struct form f;
    struct err e;
    const char *s = "a=42&b=0&c=-3&d=12x&e=&g=1234567890123456789&h=123456789012345678";
    assert_int_equal(form_parse(s, strlen(s), &f, &e), HE_OK);
    assert_int_equal(form_get_id(&f, "a"), 42);
    assert_int_equal(form_get_id(&f, "b"), 0);
    assert_int_equal(form_get_id(&f, "c"), 0);
    assert_int_equal(form_get_id(&f, "d"), 0);
    assert_int_equal(form_get_id(&f, "e"), 0);
    assert_int_equal(form_get_id(&f, "g"), 0); /* 19 digits: refused, never overflowed */
    assert_int_equal(form_get_id(&f, "h"), 123456789012345678LL);
    assert_int_equal(form_get_id(&f, "missing"), 0);
    form_free(&f);
}

static void test_refuse(void **state)
{
    struct form f;
    struct err e;
    const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%00", "a=%FF", "a=%C3%28", "a=%ED%A0%80",
                         "a=%C0%AF", "%=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(form_parse(bad[i], strlen(bad[i]), &f, &e), HE_INPUT);
        assert_true(e.msg[0] != 0);
        assert_int_equal(f.n, 0);
    }
    struct buf b = BUF_INIT;
    for (int i = 0; i <= FORM_MAX_FIELDS; i++)
        buf_printf(&b, "f%d=1&", i);
    assert_int_equal(form_parse(b.data, b.len, &f, &e), HE_INPUT);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_get_id),
        cmocka_unit_test(test_refuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
