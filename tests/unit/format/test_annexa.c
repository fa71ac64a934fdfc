/* Tests for the Annex A importer: every list known by its headings (in any case, order
 * or spacing, and as import_detect cuts them), lists 1, 2, 3 and 10 put into a real store,
 * the other lists keeping only their children and saying so on stderr, importing twice
 * changing nothing, and bad input refused with HE_INPUT at the right line and column. */
#include "testformat.h"

#include <fcntl.h>

#include "format/annexa.h"
#include "format/csv.h"

#define FIX "tests/fixtures/annexa"

/* Import one file in its own transaction, capturing stderr; roll back on error. */
static int import(struct fx *f, const char *path, const char *list)
{
    char cap[700];
    snprintf(cap, sizeof cap, "%s/stderr.txt", f->dir);
    fflush(stderr);
    int saved = dup(2), fd = open(cap, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);

    fx_begin(f);
    int rc = fx_end(f, annexa_import(&f->im, path, list, &f->e));

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *in = fopen(cap, "r");
    assert_non_null(in);
    size_t n = fread(f->errout, 1, sizeof f->errout - 1, in);
    f->errout[n] = '\0';
    fclose(in);
    return rc;
}

/* The heading row of a fixture, as strings the caller frees with free_names. */
static size_t headings(const char *path, char ***out)
{
    struct csv *c;
    struct err e;
    const struct csv_field *fl;
    size_t n;
    long line;
    assert_int_equal(csv_open(path, &c, &e), HE_OK);
    assert_int_equal(csv_next(c, &fl, &n, &line, &e), HE_OK);
    char **names = calloc(n, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = strdup(fl[i].p);
    csv_close(c);
    *out = names;
    return n;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- heading detection ----------------------------------------------------------- */

static void test_detect_every_list(void **state)
{
    for (int l = 1; l <= 11; l++) {
        char path[128], want[24];
        snprintf(path, sizeof path, FIX "/list_%d.csv", l);
        snprintf(want, sizeof want, "list_%d", l);
        char **names;
        size_t n = headings(path, &names);
        const char *list = NULL;
        assert_int_equal(annexa_list_of_header((const char *const *)names, n, &list), HE_OK);
        if (!list || strcmp(list, want) != 0)
            fail_msg("%s: got %s", path, list ? list : "NULL");

        /* as import_detect sees it: headings cut to 63 bytes */
        enum input_kind kind;
        struct err e;
        assert_int_equal(import_detect(path, &kind, &list, &e), HE_OK);
        assert_int_equal(kind, IN_ANNEXA_CSV);
        if (!list || strcmp(list, want) != 0)
            fail_msg("import_detect %s: got %s", path, list ? list : "NULL");

        /* reversed, shouted, with spaces doubled and a line break in each heading */
        char **odd = calloc(n, sizeof *odd);
        for (size_t i = 0; i < n; i++) {
            const char *s = names[n - 1 - i];
            char *o = odd[i] = calloc(1, strlen(s) * 2 + 8);
            *o++ = ' ';
            for (; *s; s++) {
                if (*s == ' ')
                    *o++ = s == names[n - 1 - i] + 5 ? '\n' : ' ', *o++ = ' ';
                else
                    *o++ = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
            }
        }
        list = NULL;
        annexa_list_of_header((const char *const *)odd, n, &list);
        if (!list || strcmp(list, want) != 0)
            fail_msg("odd headings of %s: got %s", path, list ? list : "NULL");
        free_names(odd, n);
        free_names(names, n);
    }
}

static void test_detect_tolerance_and_negatives(void **state)
{
    const char *list = "x";
    /* curly apostrophe, a council's own column, one column missing */
    const char *l4[] = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                        "Age of Child (Years)", "Does the Child have a Disability",
                        "Continuous Assessment Start Date",
                        "Child Seen During Continuous Assessment",
                        "Continuous Assessment Date of Authorisation",
                        "Was the child assessed as requiring LA children\xE2\x80\x99s social care support?",
                        "Allocated Team", "Local notes"};
    assert_int_equal(annexa_list_of_header(l4, 12, &list), HE_OK);
    assert_non_null(list);
    assert_string_equal(list, "list_4");

    const char *l1_short[] = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                              "Age of Child (Years)", "Date of Contact"};
    annexa_list_of_header(l1_short, 6, &list);
    assert_non_null(list);
    assert_string_equal(list, "list_1");

    const char *ssda[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"};
    annexa_list_of_header(ssda, 4, &list);
    assert_null(list);
    const char *common[] = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                            "Age of Child (Years)"};
    annexa_list_of_header(common, 5, &list);
    assert_null(list);
    annexa_list_of_header(common, 0, &list);
    assert_null(list);
}

/* ---- good imports ---------------------------------------------------------------- */

static void test_list_1_contacts(void **state)
{
    struct fx *f = *state;
    assert_int_equal(import(f, FIX "/list_1.csv", "list_1"), HE_OK);
    assert_int_equal(test_store_rows(f->s, "person"), 3);
    assert_int_equal(test_store_rows(f->s, "contact"), 4);
    assert_int_equal(f->im.records, 4);
    assert_int_equal(f->im.counts[RK_CONTACT][PUT_ADDED], 4);
    assert_int_equal(f->im.counts[RK_PERSON][PUT_ADDED], 3); /* A001's second row: no second put */
    ASSERT_Q(f, "SELECT sex || date(dob) FROM person WHERE la_child_id = 'A001'", "M2010-06-05");
    ASSERT_Q(f, "SELECT sex FROM person WHERE la_child_id = 'A002'", "F");
    /* "not stated" is not recorded: it never overwrites what a return said */
    ASSERT_Q(f, "SELECT coalesce(sex, '-') || coalesce(dob, '-') FROM person WHERE la_child_id = 'A003'", "--");
    /* Annex A ethnicity is a broad group, not a CIN code: never stored */
    ASSERT_Q(f, "SELECT count(*) FROM person WHERE ethnicity IS NOT NULL", "0");
    ASSERT_Q(f, "SELECT group_concat(source, ' ') FROM (SELECT source FROM contact ORDER BY date)",
             "6 2A 10 3");
    /* Annex A rows rank below every return: they fill blanks only */
    ASSERT_Q(f, "SELECT group_concat(DISTINCT src_year) FROM contact", "0");
    assert_string_equal(f->errout, "");
}

static void test_every_source_letter(void **state)
{
    struct fx *f = *state;
    static const char *const src[] = {"a) Individual",  "b) Schools",   "c) Education services",
                                      "d) Health Services", "e) Housing", "f) LA services",
                                      "g) Police",      "h) Other legal agency", "i) Other",
                                      "j) Anonymous",   "k) Unknown",   "Police",
                                      "1B - Acquaintance", "5D"};
    static const char *const want = "1 2A 2B 3 4 5 6 7 8 9 10 6 1B 5D";
    char text[4096] = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),"
                      "Date of Contact,Contact Source\n";
    for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
        char row[160];
        snprintf(row, sizeof row, "X%02zu,b) Female,b) Mixed,,,%02zu/05/2019,%s\n", i, i + 1, src[i]);
        strcat(text, row);
    }
    char *p = put_file(f, "l1.csv", text);
    assert_int_equal(import(f, p, "list_1"), HE_OK);
    ASSERT_Q(f, "SELECT group_concat(source, ' ') FROM (SELECT source FROM contact ORDER BY date)",
             want);
    free(p);
}

static void test_list_2_early_help(void **state)
{
    struct fx *f = *state;
    assert_int_equal(import(f, FIX "/list_2.csv", "list_2"), HE_OK);
    assert_int_equal(test_store_rows(f->s, "early_help"), 2);
    ASSERT_Q(f,
             "SELECT date(start) || date(end_date) || organisation FROM early_help e JOIN person p "
             "ON p.id = e.person_id WHERE p.la_child_id = 'A001'",
             "2019-05-012019-06-30Family Support Team");
    ASSERT_Q(f,
             "SELECT coalesce(end_date, '-') || organisation || e.src_year FROM early_help e JOIN "
             "person p ON p.id = e.person_id WHERE p.la_child_id = 'A004'",
             "-Children's Centre North0");
    ASSERT_Q(f, "SELECT coalesce(sex, '-') FROM person WHERE la_child_id = 'A004'", "-");
}

static void test_list_3_referrals(void **state)
{
    struct fx *f = *state;
    assert_int_equal(import(f, FIX "/list_3.csv", "list_3"), HE_OK);
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 2);
    ASSERT_Q(f,
             "SELECT group_concat(x, ' ') FROM (SELECT p.la_child_id || ':' || date(referral_date) "
             "|| ':' || referral_source || ':' || referral_nfa AS x FROM cin_episode c JOIN person "
             "p ON p.id = c.person_id ORDER BY referral_date)",
             "A001:2019-06-20:6:0 A002:2019-09-02:2A:1");
    ASSERT_Q(f, "SELECT count(*) FROM cin_episode WHERE primary_need IS NULL AND closure_date IS NULL",
             "2");
}

static void test_list_10_adoption_decisions(void **state)
{
    struct fx *f = *state;
    assert_int_equal(import(f, FIX "/list_10.csv", "list_10"), HE_OK);
    assert_int_equal(test_store_rows(f->s, "placed_adoption"), 2);
    assert_int_equal(test_store_rows(f->s, "adoption"), 0);
    ASSERT_Q(f,
             "SELECT date(date_placed) || date(date_placed_ceased) || reason_placed_ceased FROM "
             "placed_adoption a JOIN person p ON p.id = a.person_id WHERE p.la_child_id = 'A006'",
             "2018-04-012019-09-05RD3");
    ASSERT_Q(f,
             "SELECT date(date_placed) || coalesce(date_placed_ceased, '-') FROM placed_adoption a "
             "JOIN person p ON p.id = a.person_id WHERE p.la_child_id = 'A005'",
             "2019-06-10-");
    assert_string_equal(f->errout, "");
}

/* Lists whose own records have no sound place in the model: the children only, and a note. */
static void test_lists_kept_in_part_say_so(void **state)
{
    struct fx *f = *state;
    static const struct {
        int list;
        const char *what;
    } parts[] = {{4, "not their assessments"},
                 {5, "not their section 47 enquiries"},
                 {6, "not their episodes of need"},
                 {7, "not their child protection plans"},
                 {8, "not their periods of care and placements"},
                 {9, "not their care leaver details"},
                 {11, "nothing imported"}};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        char path[128], list[24];
        snprintf(path, sizeof path, FIX "/list_%d.csv", parts[i].list);
        snprintf(list, sizeof list, "list_%d", parts[i].list);
        assert_int_equal(import(f, path, list), HE_OK);
        if (!strstr(f->errout, parts[i].what) || !strstr(f->errout, path) ||
            !strstr(f->errout, list))
            fail_msg("%s said: %s", path, f->errout);
    }
    assert_int_equal(test_store_rows(f->s, "person"), 3); /* A001..A003; list 11's adopters are not children */
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 0);
    assert_int_equal(test_store_rows(f->s, "assessment"), 0);
    assert_int_equal(test_store_rows(f->s, "la_episode"), 0);
    assert_int_equal(test_store_rows(f->s, "care_leaver"), 0);
    ASSERT_Q(f, "SELECT count(*) FROM person WHERE la_child_id LIKE 'AD%'", "0");
}

static void test_import_twice_changes_nothing(void **state)
{
    struct fx *f = *state;
    static const char *const lists[] = {"list_1", "list_2", "list_3", "list_10"};
    for (int round = 0; round < 2; round++) {
        importer_init(&f->im, f->s);
        for (size_t i = 0; i < 4; i++) {
            char path[128];
            snprintf(path, sizeof path, FIX "/%s.csv", lists[i]);
            assert_int_equal(import(f, path, lists[i]), HE_OK);
        }
    }
    long same = 0;
    for (int k = 0; k < RK__COUNT; k++) {
        assert_int_equal(f->im.counts[k][PUT_ADDED], 0);
        assert_int_equal(f->im.counts[k][PUT_UPDATED], 0);
        same += f->im.counts[k][PUT_UNCHANGED] + f->im.counts[k][PUT_OLDER];
    }
    assert_int_equal(f->im.counts[RK_CONTACT][PUT_UNCHANGED], 4);
    assert_int_equal(f->im.counts[RK_CIN_EPISODE][PUT_UNCHANGED], 2);
    assert_true(same >= 10);
}

/* A census episode keeps its assessments when Annex A list 3 names the same referral,
 * and Annex A's "not stated" gender never hides the sex a return recorded. */
static void test_never_outranks_a_return(void **state)
{
    struct fx *f = *state;
    enum put_outcome o;
    rec_id p, ep;
    struct person c = {.la_child_id = "A001", .sex = "F", .mother = -1};
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    assert_int_equal(store_put_person(f->s, 2019, &c, &p, &o, &f->e), HE_OK);
    struct cin_episode ce = {.person = p, .referral_date = date_parse_iso("2019-06-01", 10),
                             .referral_source = "1A", .referral_nfa = 0};
    assert_int_equal(store_put_cin_episode(f->s, 2019, &ce, &ep, &o, &f->e), HE_OK);
    struct assessment a = {.episode = ep, .start = date_parse_iso("2019-06-02", 10)};
    assert_int_equal(store_put_assessment(f->s, 2019, &a, NULL, &o, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    char *l3 = put_file(f, "l3.csv",
                        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),"
                        "Date of referral,Referral Source,Referral NFA?,"
                        "Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n"
                        "A001,c) Not stated/recorded,a) White,,,01/06/2019,g) Police,False,0,T,W\n");
    assert_int_equal(import(f, l3, "list_3"), HE_OK);
    ASSERT_Q(f, "SELECT count(*) FROM assessment", "1");
    ASSERT_Q(f, "SELECT referral_source || src_year FROM cin_episode", "1A2019");
    ASSERT_Q(f, "SELECT sex FROM person WHERE la_child_id = 'A001'", "F");
    free(l3);
}

/* ---- bad input ------------------------------------------------------------------- */

#define L1H "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\n"
#define L1OK "A1,a) Male,a) White,01/01/2010,9,01/06/2019,g) Police\n"
#define L2H "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Assessment start date,Assessment completion date,Organisation completing assessment\n"
#define L3H "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of referral,Referral Source,Referral NFA?,Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n"

static const struct bad {
    const char *list, *text;
    long line;
    const char *field, *msg;
} bad[] = {
    {"list_1", L1H L1OK "A2,b) Female,a) White,01/01/2010,9,31/09/2019,g) Police\n", 3,
     "Date of Contact", "Date of Contact '31/09/2019' is not a real date"},
    {"list_1", L1H L1OK "A2,b) Female,a) White,2010-13-01,9,01/09/2019,g) Police\n", 3,
     "Date of Birth", "not a real date"},
    {"list_1", L1H L1OK L1OK ",b) Female,a) White,,,01/09/2019,g) Police\n", 4, "Child Unique ID",
     "'Child Unique ID' is blank"},
    {"list_1", L1H "A2,b) Female,a) White,,,01/09/2019,z) Carrier pigeon\n", 2, "Contact Source",
     "Contact Source 'z) Carrier pigeon' is not one of Annex A's sources"},
    {"list_1", L1H "A2,,a) White,,,01/09/2019,g) Police\n", 2, "Gender", "'Gender' is blank"},
    {"list_1", L1H "A2,a) Male,a) White,,,,g) Police\n", 2, "Date of Contact", "is blank"},
    {"list_1", "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact\n"
               L1OK,
     1, "Contact Source", "no 'Contact Source' column"},
    {"list_1", "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,"
               "Contact Source,GENDER\n",
     1, "Gender", "appears twice"},
    {"list_1", L1H "A2,a) Male,\"a) White,,,01/09/2019,g) Police\n", 2, "", "never closes"},
    {"list_2", L2H "A1,a) Male,a) White,,,10/10/2019,09/10/2019,Team\n", 2,
     "Assessment completion date",
     "Assessment completion date 09/10/2019 is before Assessment start date 10/10/2019"},
    {"list_2", L2H "A1,a) Male,a) White,,,10/10/2019,,\n", 2, "Organisation completing assessment",
     "is blank"},
    {"list_3", L3H "A1,a) Male,a) White,,,10/10/2019,g) Police,Maybe,1,T,W\n", 2, "Referral NFA?",
     "Referral NFA? 'Maybe' is not a yes or no"},
    {"list_3", L3H "A1,a) Male,a) White,,,10/10/2019,,False,1,T,W\n", 2, "Referral Source",
     "is blank"},
    {"list_10",
     "Child Unique ID,Family identifier,Gender,Ethnicity,Date of Birth,Age of Child (Years),"
     "Does the Child have a Disability,Date the Child Entered Care,Date of Decision that Child "
     "Should be Placed for Adoption,Date of Placement Order,Date of Matching Child and Prospective "
     "Adopters,Date Placed for Adoption,Date of Adoption Order,Date of Decision that Child Should "
     "No Longer be Placed for Adoption,Reason Why Child No Longer Placed for Adoption,Date the "
     "child was placed for fostering in FFA or concurrent planning placement\n"
     "A1,,a) Male,a) White,,,False,01/01/2018,01/06/2019,,,,,01/05/2019,a) Child's needs changed,\n",
     2, "Date of Decision that Child Should No Longer be Placed for Adoption",
     "is before Date of Decision that Child Should be Placed for Adoption 01/06/2019"},
};

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    f->im.year = 2020;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *p = put_file(f, "bad.csv", bad[i].text);
        int rc = import(f, p, bad[i].list);
        if (!fx_refused_as(f, rc, p, bad[i].line, bad[i].field, bad[i].msg))
            fail_msg("case %zu (%s): rc %d line %ld field '%s': %s", i, bad[i].list, rc, f->e.line,
                     f->e.field, f->e.msg);
        free(p);
    }
    assert_int_equal(test_store_rows(f->s, "person"), 0);
    assert_int_equal(test_store_rows(f->s, "contact"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_every_list),
        cmocka_unit_test(test_detect_tolerance_and_negatives),
        FX_TEST(test_list_1_contacts),
        FX_TEST(test_every_source_letter),
        FX_TEST(test_list_2_early_help),
        FX_TEST(test_list_3_referrals),
        FX_TEST(test_list_10_adoption_decisions),
        FX_TEST(test_lists_kept_in_part_say_so),
        FX_TEST(test_import_twice_changes_nothing),
        FX_TEST(test_never_outranks_a_return),
        FX_TEST(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
