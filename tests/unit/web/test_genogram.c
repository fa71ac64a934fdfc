/* The genogram's layout: generations in rows from the top, the child beside brothers and
 * sisters, no two people in one place, the drawing wide enough for everyone; names are
 * escaped and brothers and sisters link to their records. */
#include "testutil.h"

#include <string.h>

#include "web/genogram.h"

static void test_layout(void **state)
{
    struct geno_member m[] = {
        {.name = "Gran", .kind = "GRANDPARENT", .label = "Grandparent", .sex = 'F'},
        {.name = "Dad", .kind = "FATHER", .label = "Father", .sex = 'M'},
        {.name = "Mum", .kind = "MOTHER", .label = "Mother", .sex = 'F', .household = true},
        {.name = "Amy", .kind = NULL, .label = "The child", .sex = 'F', .household = true},
        {.name = "Ben", .kind = "SIBLING", .label = "Brother", .sex = 'M', .link = 7},
        {.name = "Cal", .kind = "HALF_SIBLING", .label = "Half-brother", .sex = 'U', .link = 8},
        {.name = "Flo", .kind = "CARER", .label = "Carer", .sex = 'F'},
    };
    int n = sizeof m / sizeof m[0];
    struct geno_pos p[GENO_MAX];
    int w, h;
    genogram_layout(m, n, p, &w, &h);
    assert_true(p[0].y < p[1].y);            /* grandparents above parents */
    assert_int_equal(p[1].y, p[2].y);        /* parents side by side */
    assert_true(p[1].x < p[2].x);            /* in the order given */
    assert_true(p[2].y < p[3].y);            /* parents above the child */
    assert_int_equal(p[3].y, p[4].y);        /* the child beside brothers and sisters */
    assert_int_equal(p[3].y, p[5].y);
    assert_true(p[6].y > p[3].y);            /* others below */
    for (int i = 0; i < n; i++) {
        assert_true(p[i].x >= 20 && p[i].x <= w - 20);
        assert_true(p[i].y >= 20 && p[i].y <= h - 20);
        for (int k = 0; k < i; k++)
            assert_false(p[i].x == p[k].x && p[i].y == p[k].y);
    }
    /* a row with no one in it takes no room */
    int w2, h2;
    genogram_layout(m + 3, 2, p, &w2, &h2);
    assert_true(h2 < h);
    assert_int_equal(p[0].y, 60);
}

static void test_svg(void **state)
{
    struct geno_member m[] = {
        {.name = "<b>Jo</b>", .kind = "MOTHER", .label = "Mother", .sex = 'F'},
        {.name = "Amy", .kind = NULL, .label = "The child", .sex = 'F'},
        {.name = "Ben", .kind = "SIBLING", .label = "Brother", .sex = 'M', .link = 42},
    };
    struct html h = HTML_INIT;
    genogram_svg(&h, m, 3, "Family network of Amy");
    const char *s = html_str(&h);
    assert_non_null(strstr(s, "&lt;b&gt;Jo&lt;/b&gt;"));
    assert_null(strstr(s, "<b>"));
    assert_non_null(strstr(s, "<a href=\"/children/42\">"));
    assert_non_null(strstr(s, "aria-label=\"Family network of Amy\""));
    assert_non_null(strstr(s, "<circle"));
    assert_non_null(strstr(s, "<rect"));
    html_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_layout), cmocka_unit_test(test_svg)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
