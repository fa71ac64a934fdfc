/* doc_safe_name (pages_documents.c): a file name sent by a browser, made safe to keep, show
 * and offer back: paths and their separators gone, control and file-system characters
 * replaced, broken UTF-8 replaced byte by byte, whole characters only at the length limit,
 * no hidden or dot-only names, markup kept as text (the page escapes it). */
#include "testutil.h"

#include "web/web.h"

static const char *safe(const char *in)
{
    static char out[201];
    doc_safe_name(in, out);
    return out;
}

static void test_names(void **state)
{
    assert_string_equal(safe("Referral letter.pdf"), "Referral letter.pdf");
    assert_string_equal(safe("../../etc/passwd"), "passwd");
    assert_string_equal(safe("C:\\Users\\sam\\Desktop\\scan.png"), "scan.png");
    assert_string_equal(safe("..\\..\\<img src=x onerror=alert(1)>.pdf"), "<img src=x onerror=alert(1)>.pdf");
    assert_string_equal(safe("a\r\nContent-Type: text.pdf"), "a__Content-Type_ text.pdf");
    assert_string_equal(safe("..."), "document");
    assert_string_equal(safe(""), "document");
    assert_string_equal(safe("dir/"), "document");
    assert_string_equal(safe(".hidden"), "hidden");
    assert_string_equal(safe("what?*|\".docx"), "what____.docx");
    assert_string_equal(safe("Zoë’s plan.odt"), "Zoë’s plan.odt");
    assert_string_equal(safe("bad\xff\xfe.pdf"), "bad__.pdf");
}

static void test_length(void **state)
{
    char in[600];
    memset(in, 'a', 199);
    strcpy(in + 199, "é.pdf"); /* é would straddle the 200th byte: left out whole */
    const char *o = safe(in);
    assert_int_equal(strlen(o), 199);
    memset(in, 'b', 500);
    in[500] = 0;
    assert_int_equal(strlen(safe(in)), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_length),
    };
    return cmocka_run_group_tests_name("doc_safe_name", tests, NULL, NULL);
}
