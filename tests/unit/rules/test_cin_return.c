/* The CIN census rules that look across the whole return (rules_run_begin/child/end):
 * 1520 the same UPN on two children, 2883 more plans than conferences, 2886Q children with
 * no sex recorded, 2887Q fewer than 8 disability codes used, 2888Q no child with more than
 * one disability. Each has a passing and a failing return built from cin_builder.h children. */
#include "cin_builder.h"

#define MAXK 16
static struct child_file kids[MAXK];
static size_t nk;

/* Keep the child built in K as the next child of the return. */
static void keep(const char *id)
{
    assert_true(nk < MAXK);
    K.person.la_child_id = id;
    kids[nk++] = K;
    memset(&K, 0, sizeof K);
}

/* Findings of `code` over the kept children; *child gets the first one's child. */
static int run(const char *code, const char **child)
{
    struct findings f = FINDINGS_INIT;
    struct rules_run *r;
    struct err e;
    err_clear(&e);
    assert_int_equal(rules_run_begin(RULES_CIN, Y, &r, &e), HE_OK);
    for (size_t i = 0; i < nk; i++)
        rules_run_child(r, &kids[i], &f);
    rules_run_end(r, &f);
    int n = 0;
    static char who[32];
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.v[i].rule, code)) {
            if (!n && child) {
                snprintf(who, sizeof who, "%s", f.v[i].child);
                *child = who;
            }
            n++;
        }
    findings_free(&f);
    return n;
}

static int teardown(void **state)
{
    for (size_t i = 0; i < nk; i++)
        child_file_free(&kids[i]);
    nk = 0;
    kid_done();
    return 0;
}

/* n children, each with two disabilities among eight codes, so 2887Q and 2888Q are quiet. */
static void varied(size_t n)
{
    static const char *const pairs[] = {"MOB,HAND", "PC,INC", "COMM,LD", "HEAR,VIS"};
    static const char *const ids[] = {"K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8"};
    for (size_t i = 0; i < n; i++) {
        kid();
        char tail[13];
        snprintf(tail, sizeof tail, "2011234567%02u", (unsigned)i);
        K.person.upn = upn_make(tail);
        K.person.disabilities = pairs[i % 4];
        keep(ids[i]);
    }
}

static void test_1520_pass(void **state)
{
    varied(4);
    assert_int_equal(run("1520", NULL), 0);
}
static void test_1520_fail(void **state)
{
    varied(3);
    kid(); K.person.upn = kids[1].person.upn; keep("DUP");
    const char *who = NULL;
    assert_int_equal(run("1520", &who), 2); /* both children with the UPN */
    assert_true(!strcmp(who, "K2") || !strcmp(who, "DUP"));
}
static void test_2883_pass(void **state)
{
    varied(4);
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); cp_add(0, D(2025, 6, 20), NONE); keep("CP1");
    assert_int_equal(run("2883", NULL), 0);
}
static void test_2883_fail(void **state)
{
    varied(4);
    kid(); K.episodes[0].icpc_date = D(2025, 6, 20); cp_add(0, D(2025, 6, 20), NONE); keep("CP1");
    kid(); cp_add(0, D(2025, 7, 1), NONE); keep("CP2");
    const char *who = NULL;
    assert_int_equal(run("2883", &who), 1);
    assert_string_equal(who, ""); /* about the return as a whole */
}
static void test_2886Q_pass(void **state)
{
    varied(4);
    /* an unborn child's sex is U and does not count */
    kid(); K.person.dob = NONE; K.person.expected_dob = D(2026, 6, 1); K.person.sex = "U"; keep("UNB");
    assert_int_equal(run("2886Q", NULL), 0);
}
static void test_2886Q_fail(void **state)
{
    varied(4);
    kid(); K.person.sex = "U"; keep("NOSEX"); /* 1 of 5 children: 20% */
    assert_int_equal(run("2886Q", NULL), 1);
}
static void test_2887Q_pass(void **state)
{
    varied(4);
    assert_int_equal(run("2887Q", NULL), 0);
}
static void test_2887Q_fail(void **state)
{
    varied(2); /* MOB, HAND, PC, INC: four codes */
    assert_int_equal(run("2887Q", NULL), 1);
}
static void test_2888Q_pass(void **state)
{
    varied(1);
    assert_int_equal(run("2888Q", NULL), 0);
}
static void test_2888Q_fail(void **state)
{
    kid(); K.person.disabilities = "MOB"; keep("A1");
    kid(); K.person.disabilities = "NONE"; keep("A2");
    assert_int_equal(run("2888Q", NULL), 1);
}

/* Checking one child alone never raises a whole-return rule. */
static void test_single_child_has_no_return_rules(void **state)
{
    kid();
    K.person.sex = "U";
    struct findings f = check_year(Y);
    assert_int_equal(hits_in(&f, "2886Q", NULL) + hits_in(&f, "2887Q", NULL) +
                         hits_in(&f, "2888Q", NULL),
                     0);
    findings_free(&f);
}

#define UNIT(t) cmocka_unit_test_teardown(t, teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_1520_pass),  UNIT(test_1520_fail),  UNIT(test_2883_pass),
        UNIT(test_2883_fail),  UNIT(test_2886Q_pass), UNIT(test_2886Q_fail),
        UNIT(test_2887Q_pass), UNIT(test_2887Q_fail), UNIT(test_2888Q_pass),
        UNIT(test_2888Q_fail), UNIT(test_single_child_has_no_return_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
