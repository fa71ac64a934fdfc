/* The escaping template layer: every value is escaped, directives do what they say, and a
 * hostile value cannot break out of text or an attribute. */
#include "testutil.h"

#include <sys/wait.h>

#include "date/date.h"
#include "web/html.h"

static void test_escapes_text_and_attributes(void **state)
{
    struct html h = HTML_INIT;
    H(&h, "<p title=\"%s\">%s</p>", "\"><script>alert(1)</script>", "Tom & Jerry's <b>");
    assert_string_equal(html_str(&h),
                        "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
                        "Tom &amp; Jerry&#39;s &lt;b&gt;</p>");
    html_free(&h);
}

static void test_every_special_character(void **state)
{
    struct html h = HTML_INIT;
    H(&h, "%s", "&<>\"'");
    assert_string_equal(html_str(&h), "&amp;&lt;&gt;&quot;&#39;");
    html_free(&h);
    H(&h, "[%s]", (const char *)NULL);
    assert_string_equal(html_str(&h), "[]");
    html_free(&h);
    /* UTF-8 passes through untouched */
    H(&h, "%s", "Zoë Ñúñez 日本");
    assert_string_equal(html_str(&h), "Zoë Ñúñez 日本");
    html_free(&h);
}

static void test_numbers_dates_urls(void **state)
{
    struct html h = HTML_INIT;
    day_t d = date_from_ymd(2026, 3, 7);
    H(&h, "%d|%l|%D|%I|%%|%u", -42, (int64_t)9007199254740993LL, d, d, "a b/c?d=é&<");
    assert_string_equal(html_str(&h),
                        "-42|9007199254740993|07/03/2026|2026-03-07|%|a%20b%2Fc%3Fd%3D%C3%A9%26%3C");
    html_free(&h);
    H(&h, "[%D]", DAY_NONE);
    assert_string_equal(html_str(&h), "[]");
    html_free(&h);
}

static void test_fragments_nest_without_double_escaping(void **state)
{
    struct html inner = HTML_INIT, outer = HTML_INIT;
    H(&inner, "<em>%s</em>", "<x>");
    H(&outer, "<div>%h</div>", &inner);
    assert_string_equal(html_str(&outer), "<div><em>&lt;x&gt;</em></div>");
    assert_int_equal(html_len(&outer), strlen(html_str(&outer)));
    html_free(&inner);
    html_free(&outer);
}

static void test_bad_directive_aborts(void **state)
{
    /* a template error is a programming error: the process must not carry on */
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        struct html h = HTML_INIT;
        H(&h, "%q", "x");
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
}

static void test_escape_long_and_empty(void **state)
{
    struct buf b = BUF_INIT;
    html_escape(&b, "");
    assert_string_equal(buf_str(&b), "");
    for (int i = 0; i < 10000; i++)
        html_escape(&b, "<");
    assert_int_equal(b.len, 40000);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_text_and_attributes),
        cmocka_unit_test(test_every_special_character),
        cmocka_unit_test(test_numbers_dates_urls),
        cmocka_unit_test(test_fragments_nest_without_double_escaping),
        cmocka_unit_test(test_bad_directive_aborts),
        cmocka_unit_test(test_escape_long_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
