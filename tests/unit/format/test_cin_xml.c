/* Tests for the CIN census XML importer: 2026-style (Sex) and 2018-style (GenderCurrent)
 * returns into a real store, importing twice changing nothing, one episode seen in two
 * years' returns kept once (the newer wins, in either order), the collection year from
 * the header, the path or --year, and every kind of bad or hostile input refused with
 * HE_INPUT at the right line and element. */
#include "testformat.h"

#include <sys/stat.h>

#define FIX "tests/fixtures/cin"

/* Import one file in its own transaction, as cmd/import does; roll back on error. */
static int import(struct fx *f, const char *path)
{
    fx_begin(f);
    return fx_end(f, cin_xml_import(&f->im, path, &f->e));
}

static void import_ok(struct fx *f, const char *path)
{
    int rc = import(f, path);
    if (rc != HE_OK) {
        char msg[1600];
        err_format(&f->e, msg, sizeof msg);
        fail_msg("import of %s failed: %s", path, msg);
    }
}

static long long all_rows(struct fx *f)
{
    static const char *const kinds[] = {"person", "cin_episode", "assessment", "cin_plan",
                                        "s47_enquiry", "cp_plan", "cp_review"};
    long long n = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        n += test_store_rows(f->s, kinds[i]);
    return n;
}

/* text with the first `from` replaced by `to` (caller frees) */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        fail_msg("'%s' is not in the template", from);
    size_t a = (size_t)(at - text), nf = strlen(from), nt = strlen(to), rest = strlen(at + nf);
    char *out = malloc(a + nt + rest + 1);
    memcpy(out, text, a);
    memcpy(out + a, to, nt);
    memcpy(out + a + nt, at + nf, rest + 1);
    return out;
}

static void assert_msg_has(const struct err *e, const char *want)
{
    if (!strstr(e->msg, want))
        fail_msg("message '%s' lacks '%s'", e->msg, want);
}

/* ---- good returns ------------------------------------------------------------------- */

static void test_import_2026(void **state)
{
    struct fx *f = *state;
    import_ok(f, FIX "/2026/cin_census_2026.xml");

    assert_int_equal(test_store_rows(f->s, "person"), 2);
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 3);
    assert_int_equal(test_store_rows(f->s, "assessment"), 1);
    assert_int_equal(test_store_rows(f->s, "cin_plan"), 1);
    assert_int_equal(test_store_rows(f->s, "s47_enquiry"), 1);
    assert_int_equal(test_store_rows(f->s, "cp_plan"), 1);
    assert_int_equal(test_store_rows(f->s, "cp_review"), 2);
    assert_int_equal(f->im.records, 2);
    assert_int_equal(f->im.counts[RK_PERSON][PUT_ADDED], 2);
    assert_int_equal(f->im.counts[RK_CIN_EPISODE][PUT_ADDED], 3);
    assert_int_equal(f->im.counts[RK_CP_REVIEW][PUT_ADDED], 2);

    rec_id a = 0, b = 0, none = 1;
    assert_int_equal(store_find_person(f->s, "A001", &a, &f->e), HE_OK);
    assert_int_equal(store_find_person(f->s, "A002", &b, &f->e), HE_OK);
    assert_int_equal(store_find_person(f->s, "A003", &none, &f->e), HE_OK);
    assert_true(a > 0 && b > 0 && a != b);
    assert_int_equal(none, 0);

    ASSERT_Q(f, "SELECT upn || '|' || former_upn || '|' || date(dob) || '|' || sex || '|' || "
                "ethnicity || '|' || disabilities || '|' || src_year FROM person "
                "WHERE la_child_id = 'A001'",
             "A887123456789|B887123456789|2012-04-05|M|WBRI|MOB,HAND|2026");
    ASSERT_Q(f, "SELECT upn_unknown || '|' || date(expected_dob) || '|' || sex || '|' || ethnicity"
                " || '|' || coalesce(death_date, 'none') || '|' || coalesce(dob, 'none') || '|' ||"
                " coalesce(disabilities, 'none') FROM person WHERE la_child_id = 'A002'",
             "UN2|2026-05-01|U|NOBT|none|none|none");

    ASSERT_Q(f, "SELECT referral_source || '|' || primary_need || '|' || date(closure_date) || '|' ||"
                " closure_reason || '|' || referral_nfa || '|' || date(icpc_date) || '|' || src_year"
                " FROM cin_episode WHERE date(referral_date) = '2025-04-10'",
             "1A|N1|2026-02-01|RC7|0|2025-05-15|2026");
    ASSERT_Q(f, "SELECT referral_source || '|' || coalesce(primary_need, 'none') || '|' ||"
                " coalesce(closure_date, 'open') || '|' || referral_nfa FROM cin_episode"
                " WHERE date(referral_date) = '2026-03-01'",
             "5D|none|open|1");
    ASSERT_Q(f, "SELECT referral_nfa FROM cin_episode e JOIN person p ON p.id = e.person_id"
                " WHERE p.la_child_id = 'A002'",
             "1");
    ASSERT_Q(f, "SELECT date(start) || '|' || date(internal_review) || '|' || date(authorised) ||"
                " '|' || factors FROM assessment",
             "2025-04-11|2025-04-25|2025-05-14|3A,4B,16A");
    ASSERT_Q(f, "SELECT date(start) || '|' || date(end_date) FROM cin_plan", "2025-05-16|2025-06-01");
    ASSERT_Q(f, "SELECT date(start) || '|' || date(icpc_target) || '|' || date(icpc_date) || '|' ||"
                " icpc_not_required FROM s47_enquiry",
             "2025-05-01|2025-05-16|2025-05-15|0");
    ASSERT_Q(f, "SELECT date(start) || '|' || date(end_date) || '|' || initial_category || '|' ||"
                " latest_category || '|' || previous_plans FROM cp_plan",
             "2025-05-15|2026-01-20|NEG|MUL|1");
    ASSERT_Q(f, "SELECT group_concat(date(r.date), ',') FROM (SELECT date FROM cp_review r"
                " JOIN cp_plan p ON p.id = r.plan_id ORDER BY date) r",
             "2025-08-10,2025-11-10");
    /* every part hangs off the right episode */
    ASSERT_Q(f, "SELECT count(*) FROM assessment a JOIN cin_episode e ON e.id = a.episode_id"
                " WHERE date(e.referral_date) = '2025-04-10'",
             "1");
}

static void test_import_2018_gender_current(void **state)
{
    struct fx *f = *state;
    import_ok(f, FIX "/2018/cin_census_2018.xml");
    assert_int_equal(test_store_rows(f->s, "person"), 4);
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 4);
    assert_int_equal(test_store_rows(f->s, "assessment"), 1);
    assert_int_equal(test_store_rows(f->s, "s47_enquiry"), 1);
    assert_int_equal(f->im.records, 4);
    /* 1 male, 2 female, 0 not known, 9 not specified */
    ASSERT_Q(f, "SELECT group_concat(la_child_id || '=' || sex, ',') FROM"
                " (SELECT la_child_id, sex FROM person ORDER BY la_child_id)",
             "C001=M,C002=F,C003=U,C004=U");
    ASSERT_Q(f, "SELECT min(src_year) || '-' || max(src_year) FROM cin_episode", "2018-2018");
    ASSERT_Q(f, "SELECT icpc_not_required || '|' || coalesce(icpc_date, 'none') FROM s47_enquiry",
             "1|none");
    ASSERT_Q(f, "SELECT date(dob) FROM person WHERE la_child_id = 'C003'", "2016-02-29");
    ASSERT_Q(f, "SELECT disabilities FROM person WHERE la_child_id = 'C002'", "NONE");
    ASSERT_Q(f, "SELECT referral_nfa || '|' || date(closure_date) FROM cin_episode e JOIN person p"
                " ON p.id = e.person_id WHERE p.la_child_id = 'C002'",
             "1|2017-09-12");
}

static void test_import_twice_changes_nothing(void **state)
{
    struct fx *f = *state;
    import_ok(f, FIX "/2026/cin_census_2026.xml");
    long long before = all_rows(f);
    importer_init(&f->im, f->s);
    import_ok(f, FIX "/2026/cin_census_2026.xml");
    assert_int_equal(all_rows(f), before);
    static const struct {
        enum rec_kind k;
        long n;
    } want[] = {{RK_PERSON, 2},   {RK_CIN_EPISODE, 3}, {RK_ASSESSMENT, 1}, {RK_CIN_PLAN, 1},
                {RK_S47, 1},      {RK_CP_PLAN, 1},     {RK_CP_REVIEW, 2}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const long *c = f->im.counts[want[i].k];
        if (c[PUT_ADDED] || c[PUT_UPDATED] || c[PUT_OLDER] || c[PUT_UNCHANGED] != want[i].n)
            fail_msg("%s: added %ld updated %ld unchanged %ld older %ld, want %ld unchanged",
                     rec_kind_name[want[i].k], c[PUT_ADDED], c[PUT_UPDATED], c[PUT_UNCHANGED],
                     c[PUT_OLDER], want[i].n);
    }
}

/* What the two-year import must leave, whichever order the files came in. */
static void check_2018_2019(struct fx *f)
{
    assert_int_equal(test_store_rows(f->s, "person"), 5);
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 5); /* C001's episode once */
    ASSERT_Q(f, "SELECT count(*) || '|' || date(max(closure_date)) || '|' || max(closure_reason) ||"
                " '|' || max(e.src_year) FROM cin_episode e JOIN person p ON p.id = e.person_id"
                " WHERE p.la_child_id = 'C001'",
             "1|2018-05-01|RC8|2019");
    ASSERT_Q(f, "SELECT count(*) || '|' || date(max(authorised)) || '|' || max(factors) FROM assessment",
             "1|2017-07-20|1B");
    /* the 2019 return does not list the 2017 Section47 (no conference, finished before
     * 2018-19): only the 2018 return could hold it, so it is kept */
    assert_int_equal(test_store_rows(f->s, "s47_enquiry"), 1);
}

static void test_same_episode_in_two_years(void **state)
{
    struct fx *f = *state;
    import_ok(f, FIX "/2018/cin_census_2018.xml");
    importer_init(&f->im, f->s);
    import_ok(f, FIX "/2019/cin_census_2019.xml");
    assert_int_equal(f->im.counts[RK_CIN_EPISODE][PUT_UPDATED], 1);
    assert_int_equal(f->im.counts[RK_CIN_EPISODE][PUT_ADDED], 1);
    check_2018_2019(f);

    /* the other order, in a database of its own */
    store_close(f->s);
    snprintf(f->db, sizeof f->db, "%s/t2.db", f->dir);
    assert_int_equal(store_open(f->db, STORE_CREATE, &f->s, &f->e), HE_OK);
    importer_init(&f->im, f->s);
    import_ok(f, FIX "/2019/cin_census_2019.xml");
    importer_init(&f->im, f->s);
    import_ok(f, FIX "/2018/cin_census_2018.xml");
    assert_int_equal(f->im.counts[RK_CIN_EPISODE][PUT_OLDER], 1);
    /* the older return's parts are put; the newer one's account of the assessment wins */
    assert_int_equal(f->im.counts[RK_ASSESSMENT][PUT_OLDER], 1);
    assert_int_equal(f->im.counts[RK_S47][PUT_ADDED], 1);
    check_2018_2019(f);
}

static void test_import_path_walks_fixtures(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    assert_int_equal(import_path(&f->im, FIX, &f->e), HE_OK);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    assert_int_equal(test_store_rows(f->s, "person"), 7);
    assert_int_equal(test_store_rows(f->s, "cin_episode"), 8);
    assert_int_equal(f->im.records, 8); /* children read, C001 twice */
}

/* ---- the collection year -------------------------------------------------------------- */

static const char *minimal_fmt =
    "<?xml version=\"1.0\"?>\n<Message>%s<Children><Child>"
    "<ChildIdentifiers><LAchildID>Y1</LAchildID><Sex>F</Sex></ChildIdentifiers>"
    "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"
    "<CINdetails><CINreferralDate>2017-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>"
    "<ReferralNFA>0</ReferralNFA></CINdetails></Child></Children></Message>\n";

static char *minimal(struct fx *f, const char *name, const char *header)
{
    char text[2048];
    snprintf(text, sizeof text, minimal_fmt, header);
    return put_file(f, name, text);
}

static void test_year_sources(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *header;
        int im_year;
        const char *want;
    } cases[] = {
        /* Year beats ReferenceDate */
        {"<Header><CollectionDetails><Year>2020</Year><ReferenceDate>2019-03-31</ReferenceDate>"
         "</CollectionDetails></Header>", 0, "2020"},
        {"<Header><CollectionDetails><ReferenceDate>2019-03-31</ReferenceDate>"
         "</CollectionDetails></Header>", 0, "2019"},
        /* any reference date counts in the collection year it falls in */
        {"<Header><CollectionDetails><ReferenceDate>2018-04-01</ReferenceDate>"
         "</CollectionDetails></Header>", 0, "2019"},
        /* --year overrides the file */
        {"<Header><CollectionDetails><Year>2020</Year></CollectionDetails></Header>", 2017, "2017"},
        {"", 2022, "2022"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = minimal(f, "y.xml", cases[i].header);
        f->im.year = cases[i].im_year;
        import_ok(f, p);
        ASSERT_Q(f, "SELECT max(src_year) FROM cin_episode", cases[i].want);
        /* start again for the next case */
        store_close(f->s);
        unlink(f->db);
        assert_int_equal(store_open(f->db, STORE_CREATE, &f->s, &f->e), HE_OK);
        importer_init(&f->im, f->s);
        free(p);
    }
}

static void test_year_from_path(void **state)
{
    struct fx *f = *state;
    char dir[700];
    snprintf(dir, sizeof dir, "%s/2021", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    char *p = minimal(f, "2021/cin.xml", "");
    import_ok(f, p);
    ASSERT_Q(f, "SELECT src_year FROM cin_episode", "2021");
    free(p);
}

static void test_year_cannot_be_told(void **state)
{
    struct fx *f = *state;
    char *p = minimal(f, "cin.xml", "<Header><CollectionDetails><Collection>CIN</Collection>"
                                    "</CollectionDetails></Header>");
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "Year");
    assert_int_equal(f->e.line, 2);
    assert_msg_has(&f->e, "collection year");
    assert_msg_has(&f->e, "--year");
    assert_int_equal(all_rows(f), 0);
    free(p);
}

/* ---- bad input ------------------------------------------------------------------------- */

/* One child with one of everything, one element a line so each case knows its line. */
static const char *tmpl =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                  /* 1 */
    "<Message>\n"                                                                   /* 2 */
    "<Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>"
    "<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header>\n"      /* 3 */
    "<Children>\n"                                                                  /* 4 */
    "<Child>\n"                                                                     /* 5 */
    "<ChildIdentifiers>\n"                                                          /* 6 */
    "<LAchildID>B001</LAchildID>\n"                                                 /* 7 */
    "<UPN>A123456789012</UPN>\n"                                                    /* 8 */
    "<PersonBirthDate>2015-01-02</PersonBirthDate>\n"                               /* 9 */
    "<Sex>F</Sex>\n"                                                                /* 10 */
    "</ChildIdentifiers>\n"                                                         /* 11 */
    "<ChildCharacteristics>\n"                                                      /* 12 */
    "<Ethnicity>WBRI</Ethnicity>\n"                                                 /* 13 */
    "<Disabilities><Disability>NONE</Disability></Disabilities>\n"                  /* 14 */
    "</ChildCharacteristics>\n"                                                     /* 15 */
    "<CINdetails>\n"                                                                /* 16 */
    "<CINreferralDate>2025-05-01</CINreferralDate>\n"                               /* 17 */
    "<ReferralSource>1A</ReferralSource>\n"                                         /* 18 */
    "<PrimaryNeedCode>N1</PrimaryNeedCode>\n"                                       /* 19 */
    "<CINclosureDate>2026-01-10</CINclosureDate>\n"                                 /* 20 */
    "<ReasonForClosure>RC1</ReasonForClosure>\n"                                    /* 21 */
    "<Assessments>\n"                                                               /* 22 */
    "<AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>\n"           /* 23 */
    "<AssessmentAuthorisationDate>2025-06-01</AssessmentAuthorisationDate>\n"       /* 24 */
    "<FactorsIdentifiedAtAssessment><AssessmentFactors>1A</AssessmentFactors>"
    "</FactorsIdentifiedAtAssessment>\n"                                            /* 25 */
    "</Assessments>\n"                                                              /* 26 */
    "<CINPlanDates>\n"                                                              /* 27 */
    "<CINPlanStartDate>2025-06-01</CINPlanStartDate>\n"                             /* 28 */
    "<CINPlanEndDate>2025-12-01</CINPlanEndDate>\n"                                 /* 29 */
    "</CINPlanDates>\n"                                                             /* 30 */
    "<Section47>\n"                                                                 /* 31 */
    "<S47ActualStartDate>2025-05-03</S47ActualStartDate>\n"                         /* 32 */
    "<InitialCPCtarget>2025-05-20</InitialCPCtarget>\n"                             /* 33 */
    "<DateOfInitialCPC>2025-05-18</DateOfInitialCPC>\n"                             /* 34 */
    "<ICPCnotRequired>false</ICPCnotRequired>\n"                                    /* 35 */
    "</Section47>\n"                                                                /* 36 */
    "<ReferralNFA>0</ReferralNFA>\n"                                                /* 37 */
    "<ChildProtectionPlans>\n"                                                      /* 38 */
    "<CPPstartDate>2025-05-18</CPPstartDate>\n"                                     /* 39 */
    "<CPPendDate>2025-11-30</CPPendDate>\n"                                         /* 40 */
    "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\n"                        /* 41 */
    "<LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>\n"                          /* 42 */
    "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>\n"                                /* 43 */
    "<Reviews><CPPreviewDate>2025-08-01</CPPreviewDate></Reviews>\n"                /* 44 */
    "</ChildProtectionPlans>\n"                                                     /* 45 */
    "</CINdetails>\n"                                                               /* 46 */
    "</Child>\n"                                                                    /* 47 */
    "</Children>\n"                                                                 /* 48 */
    "</Message>\n";                                                                 /* 49 */

static void test_template_is_good(void **state)
{
    struct fx *f = *state;
    char *p = put_file(f, "good.xml", tmpl);
    import_ok(f, p);
    assert_int_equal(test_store_rows(f->s, "cp_review"), 1);
    ASSERT_Q(f, "SELECT factors FROM assessment", "1A");
    free(p);
}

static const struct bad {
    const char *from, *to;
    const char *field; /* "" for none */
    long line;
    const char *msg;
} bad[] = {
    /* impossible dates */
    {"2025-05-01</CINreferralDate>", "2024-02-30</CINreferralDate>", "CINreferralDate", 17,
     "'2024-02-30' is not a real date"},
    {"2015-01-02</PersonBirthDate>", "2015-13-02</PersonBirthDate>", "PersonBirthDate", 9, "real date"},
    {"2025-08-01</CPPreviewDate>", "1 August 2025</CPPreviewDate>", "CPPreviewDate", 44, "real date"},
    {"2026-03-31</ReferenceDate>", "2026-03-32</ReferenceDate>", "ReferenceDate", 3, "real date"},
    {"<Year>2026</Year>", "<Year>26</Year>", "Year", 3, "four digits"},
    /* unknown codes */
    {"<PrimaryNeedCode>N1<", "<PrimaryNeedCode>N42<", "PrimaryNeedCode", 19, "'N42'"},
    {"<ReferralSource>1A<", "<ReferralSource>1Z<", "ReferralSource", 18, "referralsourcetype"},
    {"<ReasonForClosure>RC1<", "<ReasonForClosure>RC0<", "ReasonForClosure", 21, "RC0"},
    {"<Ethnicity>WBRI<", "<Ethnicity>WXYZ<", "Ethnicity", 13, "ethnicitytype"},
    {"<Disability>NONE<", "<Disability>NOPE<", "Disability", 14, "disabilitytype"},
    {"<AssessmentFactors>1A<", "<AssessmentFactors>99Z<", "AssessmentFactors", 25,
     "assessmentfactorstype"},
    {"<InitialCategoryOfAbuse>NEG<", "<InitialCategoryOfAbuse>BAD<", "InitialCategoryOfAbuse", 41,
     "categoryofabusetype"},
    {"<Sex>F</Sex>", "<Sex>X</Sex>", "Sex", 10, "sextype"},
    {"<Sex>F</Sex>", "<GenderCurrent>3</GenderCurrent>", "GenderCurrent", 10, "gendertype"},
    {"<UPN>A123456789012</UPN>", "<UPNunknown>UN9</UPNunknown>", "UPNunknown", 8, "unknownupntype"},
    {">0</ReferralNFA>", ">maybe</ReferralNFA>", "ReferralNFA", 37, "1, 0, true or false"},
    {">false</ICPCnotRequired>", ">yes</ICPCnotRequired>", "ICPCnotRequired", 35, "'yes'"},
    /* end before start */
    {"2026-01-10</CINclosureDate>", "2025-01-10</CINclosureDate>", "CINclosureDate", 20,
     "CINclosureDate 2025-01-10 is before CINreferralDate 2025-05-01"},
    {"2025-06-01</AssessmentAuthorisationDate>", "2025-05-01</AssessmentAuthorisationDate>",
     "AssessmentAuthorisationDate", 24,
     "AssessmentAuthorisationDate 2025-05-01 is before AssessmentActualStartDate 2025-05-02"},
    {"2025-12-01</CINPlanEndDate>", "2025-05-31</CINPlanEndDate>", "CINPlanEndDate", 29,
     "CINPlanEndDate 2025-05-31 is before CINPlanStartDate 2025-06-01"},
    {"2025-05-18</DateOfInitialCPC>", "2025-05-02</DateOfInitialCPC>", "DateOfInitialCPC", 34,
     "DateOfInitialCPC 2025-05-02 is before S47ActualStartDate 2025-05-03"},
    {"2025-11-30</CPPendDate>", "2025-05-17</CPPendDate>", "CPPendDate", 40,
     "CPPendDate 2025-05-17 is before CPPstartDate 2025-05-18"},
    /* numbers */
    {">0</NumberOfPreviousCPP>", ">two</NumberOfPreviousCPP>", "NumberOfPreviousCPP", 43, "whole number"},
    {">0</NumberOfPreviousCPP>", ">1.5</NumberOfPreviousCPP>", "NumberOfPreviousCPP", 43, "whole number"},
    {">0</NumberOfPreviousCPP>", ">-1</NumberOfPreviousCPP>", "NumberOfPreviousCPP", 43, "whole number"},
    /* missing or empty mandatory elements: reported at the element that lacks them */
    {"<LAchildID>B001</LAchildID>", "", "LAchildID", 6, "ChildIdentifiers has no LAchildID"},
    {"<LAchildID>B001</LAchildID>", "<LAchildID> </LAchildID>", "LAchildID", 7, "empty"},
    {"<CINreferralDate>2025-05-01</CINreferralDate>", "", "CINreferralDate", 16,
     "CINdetails has no CINreferralDate"},
    {"<Sex>F</Sex>", "", "Sex", 6, "has no Sex"},
    {"<Ethnicity>WBRI</Ethnicity>", "", "Ethnicity", 12, "has no Ethnicity"},
    {"<ReferralNFA>0</ReferralNFA>", "", "ReferralNFA", 16, "has no ReferralNFA"},
    {"<ICPCnotRequired>false</ICPCnotRequired>", "", "ICPCnotRequired", 31, "has no ICPCnotRequired"},
    {"<CPPstartDate>2025-05-18</CPPstartDate>", "", "CPPstartDate", 38, "has no CPPstartDate"},
    {"<LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>", "<LatestCategoryOfAbuse/>",
     "LatestCategoryOfAbuse", 42, "empty"},
    {"<AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>", "",
     "AssessmentActualStartDate", 22, "has no AssessmentActualStartDate"},
    /* elements that are not the CIN census's, or out of place, or repeated */
    {"<UPN>A123456789012</UPN>", "<UPNx>A123456789012</UPNx>", "UPNx", 8,
     "<UPNx> is not a CIN census element"},
    {"<UPN>A123456789012</UPN>", "<ReferralSource>1A</ReferralSource>", "ReferralSource", 8,
     "<ReferralSource> does not belong inside <ChildIdentifiers>"},
    {"<Sex>F</Sex>", "<Sex>F</Sex><Sex>M</Sex>", "Sex", 10, "more than once"},
    {"<Sex>F</Sex>", "<Sex>F</Sex><GenderCurrent>2</GenderCurrent>", "Sex", 6, "both"},
    {"<CINdetails>\n", "<CINdetails>stray text\n", "CINdetails", 16, "text"},
    {"<UPN>A123456789012</UPN>", "<UPN>A12345<b>6789012</b></UPN>", "b", 8, "<b> is not a CIN"},
    /* found by make fuzz: a second <Message> inside the first read the element table at -1 */
    {"<UPN>A123456789012</UPN>", "<Message></Message>", "Message", 8,
     "<Message> is the whole return and cannot appear inside <ChildIdentifiers>"},
    /* malformed XML: libxml2's own words, with its line */
    {"</UPN>", "</UPM>", "", 8, "Opening and ending tag mismatch"},
    {"<Reviews>", "<Reviews a=>", "", 44, "not well-formed"},
    {"</Message>\n", "", "Message", 0, "cut short"},
};

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = replace(tmpl, bad[i].from, bad[i].to);
        char *p = put_file(f, "bad.xml", text);
        int rc = import(f, p);
        if (rc != HE_INPUT)
            fail_msg("case %zu (%s -> %s): rc %d, want HE_INPUT", i, bad[i].from, bad[i].to, rc);
        if (strcmp(f->e.field, bad[i].field) != 0 || (bad[i].line && f->e.line != bad[i].line) ||
            (!bad[i].line && f->e.line <= 0) || !strstr(f->e.msg, bad[i].msg) ||
            strcmp(f->e.file, p) != 0)
            fail_msg("case %zu (%s -> %s): got %s:%ld field '%s': %s; want line %ld field '%s' "
                     "message with '%s'",
                     i, bad[i].from, bad[i].to, f->e.file, f->e.line, f->e.field, f->e.msg,
                     bad[i].line, bad[i].field, bad[i].msg);
        assert_int_equal(all_rows(f), 0);
        free(text);
        free(p);
    }
}

/* Keep mode (import without --strict, validate): each case that breaks a content rule is
 * read on, the child kept and the fault listed with the refusal's line, field and words;
 * only what is no return at all (an element out of place, markup that is not XML, a cut
 * file) is refused, exactly as before. */
static void test_keep_lists_what_strict_refuses(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
    size_t kept = 0;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = replace(tmpl, bad[i].from, bad[i].to);
        char *p = put_file(f, "bad.xml", text);
        size_t before = f->im.notes.n;
        int rc = import(f, p);
        if (rc == HE_OK) {
            bool found = false;
            for (size_t j = before; !found && j < f->im.notes.n; j++) {
                const struct finding *x = &f->im.notes.v[j];
                found = (!bad[i].line || x->line == bad[i].line) && strstr(x->fields, bad[i].field) &&
                        strstr(x->message, bad[i].msg) && x->file && !strcmp(x->file, p) &&
                        *x->rule;
            }
            if (!found)
                fail_msg("case %zu (%s -> %s): kept, but no finding at line %ld on '%s' with '%s'",
                         i, bad[i].from, bad[i].to, bad[i].line, bad[i].field, bad[i].msg);
            assert_true(all_rows(f) > 0);
            kept++;
        } else if (strcmp(f->e.field, bad[i].field) != 0 || !strstr(f->e.msg, bad[i].msg)) {
            fail_msg("case %zu (%s -> %s): refused otherwise than in strict mode: %s", i,
                     bad[i].from, bad[i].to, f->e.msg);
        }
        free(text);
        free(p);
    }
    /* dates, codes, flags, numbers, blanks, missing elements, stray text, ends before starts */
    if (kept < 12)
        fail_msg("only %zu of the bad cases were kept with their findings", kept);
    importer_free(&f->im);
}

/* Rule 100: the ReferenceDate is the collection year's 31 March. Listed when keeping (hearth
 * validate, import), refused when strict; an import that is neither reads on. */
static void test_reference_date(void **state)
{
    struct fx *f = *state;
    char *text = replace(tmpl, "2026-03-31</ReferenceDate>", "2026-03-30</ReferenceDate>");
    char *p = put_file(f, "ref.xml", text);
    f->im.keep = true;
    assert_int_equal(import(f, p), HE_OK);
    size_t n = 0;
    for (size_t j = 0; j < f->im.notes.n; j++) {
        const struct finding *x = &f->im.notes.v[j];
        if (strcmp(x->rule, "100"))
            continue;
        n++;
        assert_int_equal(x->line, 3);
        assert_int_equal(x->year, 2026);
        assert_string_equal(x->fields, "ReferenceDate");
        assert_non_null(strstr(x->message, "2026-03-30 is not 31 March 2026"));
    }
    assert_int_equal(n, 1);
    importer_free(&f->im);
    importer_init(&f->im, f->s);
    f->im.strict = true;
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "ReferenceDate");
    assert_int_equal(f->e.line, 3);
    assert_msg_has(&f->e, "rule 100");
    f->im.strict = false;
    import_ok(f, p);
    free(p);
    free(text);
    /* the template's own 31 March: nothing */
    p = put_file(f, "good.xml", tmpl);
    f->im.keep = true;
    assert_int_equal(import(f, p), HE_OK);
    for (size_t j = 0; j < f->im.notes.n; j++)
        if (!strcmp(f->im.notes.v[j].rule, "100"))
            fail_msg("100 named on 2026-03-31");
    importer_free(&f->im);
    free(p);
}

/* Strict reading (hearth validate): the year's own schema, one <Child> per LAchildID. The
 * same files import without strict, as found in the wild. */
static void test_strict(void **state)
{
    struct fx *f = *state;
    char *old_form = replace(tmpl, "<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>");
    char *p = put_file(f, "old-form.xml", old_form);
    f->im.strict = true;
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "GenderCurrent");
    assert_int_equal(f->e.line, 6); /* the ChildIdentifiers it is in */
    assert_msg_has(&f->e, "2025-26 return, whose schema records Sex");
    assert_int_equal(all_rows(f), 0);
    f->im.strict = false;
    import_ok(f, p);
    free(p);

    /* the same child twice */
    const char *child_start = strstr(tmpl, "<Child>\n");
    const char *child_end = strstr(tmpl, "</Child>\n") + strlen("</Child>\n");
    size_t head = (size_t)(child_end - tmpl), len = (size_t)(child_end - child_start);
    char *twice = malloc(strlen(tmpl) + len + 1);
    memcpy(twice, tmpl, head);
    memcpy(twice + head, child_start, len);
    strcpy(twice + head + len, child_end);
    p = put_file(f, "twice.xml", twice);
    f->im.strict = true;
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "LAchildID");
    assert_int_equal(f->e.line, 48);
    assert_msg_has(&f->e, "LAchildID B001 has a second <Child> (the first is at line 5)");
    assert_msg_has(&f->e, "8510");
    f->im.strict = false;
    import_ok(f, p);
    free(p);
    free(twice);
    free(old_form);
}

/* libxml2 keeps an element's line in 16 bits: an error past line 65535 must still be exact. */
static void test_line_numbers_past_65535(void **state)
{
    struct fx *f = *state;
    size_t pad = 70000;
    char *bad_date = replace(tmpl, "2025-05-01</CINreferralDate>", "2025-04-31</CINreferralDate>");
    char *spaces = malloc(pad + 1);
    memset(spaces, '\n', pad);
    spaces[pad] = '\0';
    char *to = malloc(pad + 32);
    snprintf(to, pad + 32, "<Children>%s", spaces);
    char *text = replace(bad_date, "<Children>", to);
    char *p = put_file(f, "big.xml", text);
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "CINreferralDate");
    assert_int_equal(f->e.line, 17 + (long)pad);

    free(text);
    text = replace(tmpl, "<Children>", to);
    char *text2 = replace(text, "2026-01-10</CINclosureDate>", "2025-01-10</CINclosureDate>");
    free(p);
    p = put_file(f, "big.xml", text2);
    assert_int_equal(import(f, p), HE_INPUT);
    assert_string_equal(f->e.field, "CINclosureDate");
    assert_int_equal(f->e.line, 20 + (long)pad);
    free(text2);
    free(text);
    free(p);
    free(to);
    free(spaces);
    free(bad_date);
}

static void test_hostile_and_foreign_files(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        /* entity expansion bombs, external entities, external DTDs: never expanded or read */
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE Message [\n<!ENTITY a \"aaaaaaaaaa\">\n"
         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
         "<Message><Header><CollectionDetails><Collection>&c;</Collection></CollectionDetails>"
         "</Header></Message>\n",
         "DOCTYPE"},
        /* the same bomb behind a comment and a processing instruction */
        {"<?xml version=\"1.0\"?>\n<!-- x -->\n<?pi y?>\n<!DOCTYPE Message [\n<!ENTITY a \"aaaaaaaaaa\">\n"
         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
         "<Message><Header><CollectionDetails><Collection>&c;</Collection></CollectionDetails>"
         "</Header></Message>\n",
         "DOCTYPE"},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
         "<Message><Children><Child><ChildIdentifiers><LAchildID>&x;</LAchildID></ChildIdentifiers>"
         "</Child></Children></Message>\n",
         "DOCTYPE"},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE Message SYSTEM \"http://127.0.0.1:9/cin.dtd\">\n"
         "<Message/>\n",
         "DOCTYPE"},
        {"<Message>&undeclared;</Message>\n", "not well-formed"},
        /* not CIN census XML at all */
        {"<?xml version=\"1.0\"?>\n<html><body>hello</body></html>\n", "not a CIN census return"},
        {"<?xml version=\"1.0\"?>\n", "not well-formed"},
        {"", "empty"},
        {"<Message><Header><CollectionDetails><Year>2018</Year></CollectionDetails></Header>"
         "</Message><Message/>\n",
         "not well-formed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = put_file(f, "hostile.xml", cases[i].text);
        int rc = import(f, p);
        if (rc != HE_INPUT || !strstr(f->e.msg, cases[i].msg))
            fail_msg("case %zu: rc %d message '%s', want HE_INPUT and '%s'", i, rc, f->e.msg,
                     cases[i].msg);
        assert_int_equal(all_rows(f), 0);
        free(p);
    }

    char missing[700];
    snprintf(missing, sizeof missing, "%s/no-such-file.xml", f->dir);
    assert_int_equal(import(f, missing), HE_INPUT);
    assert_string_equal(f->e.file, missing);
}

/* A file cut anywhere is refused, never half-imported into a committed state. */
static void test_cut_anywhere(void **state)
{
    struct fx *f = *state;
    size_t n = strlen(tmpl);
    for (size_t cut = 0; cut < n - 2; cut += 7) {
        char *text = strndup(tmpl, cut);
        char *p = put_file(f, "cut.xml", text);
        int rc = import(f, p);
        if (rc != HE_INPUT)
            fail_msg("cut at %zu: rc %d, want HE_INPUT", cut, rc);
        assert_int_equal(all_rows(f), 0);
        free(text);
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        FX_TEST(test_import_2026),
        FX_TEST(test_import_2018_gender_current),
        FX_TEST(test_import_twice_changes_nothing),
        FX_TEST(test_same_episode_in_two_years),
        FX_TEST(test_import_path_walks_fixtures),
        FX_TEST(test_year_sources),
        FX_TEST(test_year_from_path),
        FX_TEST(test_year_cannot_be_told),
        FX_TEST(test_template_is_good),
        FX_TEST(test_bad_input),
        FX_TEST(test_keep_lists_what_strict_refuses),
        FX_TEST(test_strict),
        FX_TEST(test_reference_date),
        FX_TEST(test_line_numbers_past_65535),
        FX_TEST(test_hostile_and_foreign_files),
        FX_TEST(test_cut_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
