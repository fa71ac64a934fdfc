/* The code lists after the last year hearth holds: a code of the latest list stays valid in
 * later collection years (a council records contacts on 1 April whatever the DfE has
 * published), a code withdrawn before then stays withdrawn, and the rules of a later year
 * are the latest catalogue's. */
#include "testutil.h"

#include "model/codes.h"
#include "model/codes_table.h"
#include "rules/rules.h"

static void test_latest_years(void **state)
{
    (void)state;
    /* the lists in data/: the CIN census to 2025-26, SSDA903 to 2026-27 */
    assert_int_equal(codes_cin_latest_year(), 2026);
    assert_int_equal(codes_ssda903_latest_year(), 2027);
}

static void test_cin_after_latest(void **state)
{
    (void)state;
    for (int y = 2026; y <= 2030; y++) {
        assert_true(codes_cin_valid("referralsourcetype", "6", y));  /* police */
        assert_true(codes_cin_valid("primaryneedcodetype", "N1", y));
        assert_true(codes_cin_valid("categoryofabusetype", "NEG", y));
        assert_false(codes_cin_valid("referralsourcetype", "ZZ", y));
        /* GenderCurrent ended with 2023-24: not revived by a later year */
        assert_false(codes_cin_valid("gendertype", "1", y));
    }
    assert_true(codes_cin_valid("gendertype", "1", 2024));
}

static void test_903_after_latest(void **state)
{
    (void)state;
    for (int y = 2027; y <= 2030; y++) {
        assert_true(codes_ssda903_valid("episodes", "RNE", "S", y));
        assert_true(codes_ssda903_valid("episodes", "LS", "C2", y));
        assert_false(codes_ssda903_valid("episodes", "PLACE", "H5", y)); /* withdrawn after 2023-24 */
        assert_false(codes_ssda903_valid("episodes", "REC", "E43", y));  /* withdrawn after 2017-18 */
    }
}

/* The index finds every row of the SSDA903 list in each year it holds, and only under
 * its own table and field. */
static void test_903_index_every_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
        const struct code_row *r = &hearth_ssda903_codes[i];
        for (int y = r->from_year; y <= r->to_year; y++)
            assert_true(codes_ssda903_valid(r->table, r->field, r->code, y));
        assert_true(codes_ssda903_valid(r->table, r->field, r->code, 0));
        assert_false(codes_ssda903_valid(r->table, "NO_SUCH_FIELD", r->code, 0));
        assert_false(codes_ssda903_valid("no_such_table", r->field, r->code, 0));
    }
    assert_false(codes_ssda903_valid("episodes", "RNE", "", 0));
    assert_false(codes_ssda903_valid("episodes", "RNE", "SS", 0));
}

static void test_rules_after_latest(void **state)
{
    (void)state;
    assert_int_equal(rules_catalogue_year(RULES_CIN, 2026), 2026);
    assert_int_equal(rules_catalogue_year(RULES_CIN, 2027), 2026);
    assert_int_equal(rules_catalogue_year(RULES_CIN, 2030), 2026);
    assert_int_equal(rules_catalogue_year(RULES_903, 2027), 2027);
    assert_int_equal(rules_catalogue_year(RULES_903, 2030), 2027);
    assert_int_equal(rules_catalogue_year(RULES_CIN, 2019), 0); /* before the first catalogue */
    /* a 2030 child is checked with 2025-26's rules, and its findings say 2030 */
    struct child_file c = {.id = 1};
    c.person.la_child_id = "Z1";
    c.person.dob = date_from_ymd(2020, 5, 1);
    struct findings f = FINDINGS_INIT;
    struct err e;
    assert_int_equal(rules_check_child(&c, RULES_CIN, 2030, &f, &e), HE_OK);
    for (size_t i = 0; i < f.n; i++)
        assert_int_equal(f.v[i].year, 2030);
    findings_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_years),
        cmocka_unit_test(test_cin_after_latest),
        cmocka_unit_test(test_903_after_latest),
        cmocka_unit_test(test_903_index_every_row),
        cmocka_unit_test(test_rules_after_latest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
