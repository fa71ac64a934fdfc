/* Tests for the SSDA903 importer: every table known by its header row (in any order and
 * case), a good import of every table into a real store, importing twice changing
 * nothing, the collection year from --year, the path or the dates, and every kind of bad
 * input refused with HE_INPUT at the right line and field. */
#include "testformat.h"

#include "format/ssda903.h"

#define FIX "tests/fixtures/ssda903"

static const char *const all_tables[] = {"header", "episodes", "reviews", "uasc",
                                         "oc2", "oc3", "ad1", "placed_adoption",
                                         "prev_perm", "missing", "social_worker"};
#define N_TABLES (sizeof all_tables / sizeof *all_tables)

/* Import one file in its own transaction, as cmd/import does; roll back on error. */
static int import(struct fx *f, const char *path, const char *table)
{
    fx_begin(f);
    return fx_end(f, ssda903_import(&f->im, path, table, &f->e));
}

/* ---- header detection ------------------------------------------------------------ */

static void test_detect_every_table(void **state)
{
    for (size_t t = 0; t < N_TABLES; t++) {
        const char *const *cols = ssda903_columns(all_tables[t]);
        assert_non_null(cols);
        size_t n = 0;
        while (cols[n])
            n++;
        const char *table = NULL;
        assert_int_equal(ssda903_table_of_header(cols, n, &table), HE_OK);
        assert_non_null(table);
        assert_string_equal(table, all_tables[t]);

        /* reversed and in lower case, with spaces around: the same table */
        char names[16][40];
        const char *rev[16];
        for (size_t i = 0; i < n; i++) {
            char *p = names[i];
            p += sprintf(p, " ");
            for (const char *c = cols[n - 1 - i]; *c; c++)
                *p++ = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            strcpy(p, " ");
            rev[i] = names[i];
        }
        table = NULL;
        ssda903_table_of_header(rev, n, &table);
        assert_non_null(table);
        assert_string_equal(table, all_tables[t]);

        /* one column short: still that table, so the import can name what is missing */
        table = NULL;
        ssda903_table_of_header(cols + 1, n - 1, &table);
        assert_non_null(table);
        assert_string_equal(table, all_tables[t]);
        table = NULL;
        ssda903_table_of_header(cols, n - 1, &table);
        assert_non_null(table);
        assert_string_equal(table, all_tables[t]);
    }
    assert_null(ssda903_columns("nonsense"));
}

static void test_detect_not_ssda903(void **state)
{
    const char *table = "x";
    const char *child_dob[] = {"CHILD", "DOB"};
    assert_int_equal(ssda903_table_of_header(child_dob, 2, &table), HE_OK);
    assert_null(table);
    const char *annexa[] = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                            "Age of Child (Years)", "Date of Contact", "Contact Source"};
    ssda903_table_of_header(annexa, 7, &table);
    assert_null(table);
    const char *other[] = {"id", "name", "amount"};
    ssda903_table_of_header(other, 3, &table);
    assert_null(table);
    ssda903_table_of_header(other, 0, &table);
    assert_null(table);
    /* CHILD, DOB and SEX without DUC: a UASC table lacking a column, not a header table */
    const char *uasc_short[] = {"CHILD", "DOB", "SEX"};
    ssda903_table_of_header(uasc_short, 3, &table);
    assert_non_null(table);
    assert_string_equal(table, "uasc");
    /* an extra column of no table: still recognised, refused at import */
    const char *extra[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE", "NOTES"};
    ssda903_table_of_header(extra, 5, &table);
    assert_non_null(table);
    assert_string_equal(table, "reviews");
}

static void test_detect_through_import_detect(void **state)
{
    static const struct {
        const char *file, *table;
    } files[] = {{"2018/header.csv", "header"},       {"2018/episodes.csv", "episodes"},
                 {"2018/reviews.csv", "reviews"},     {"2018/uasc.csv", "uasc"},
                 {"2018/oc2.csv", "oc2"},             {"2018/oc3.csv", "oc3"},
                 {"2018/ad1.csv", "ad1"},             {"2018/placed_adoption.csv", "placed_adoption"},
                 {"2018/prev_perm.csv", "prev_perm"}, {"2018/missing.csv", "missing"},
                 {"2024/social_worker.csv", "social_worker"}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[256];
        enum input_kind kind;
        const char *table;
        struct err e;
        snprintf(path, sizeof path, FIX "/%s", files[i].file);
        assert_int_equal(import_detect(path, &kind, &table, &e), HE_OK);
        assert_int_equal(kind, IN_SSDA903_CSV);
        assert_non_null(table);
        assert_string_equal(table, files[i].table);
    }
}

/* ---- good imports ---------------------------------------------------------------- */

static void import_fixtures(struct fx *f)
{
    static const char *const t2018[] = {"header", "episodes", "reviews", "uasc", "oc2",
                                        "oc3", "ad1", "placed_adoption", "prev_perm", "missing"};
    for (size_t i = 0; i < sizeof t2018 / sizeof *t2018; i++) {
        char path[256];
        snprintf(path, sizeof path, FIX "/2018/%s.csv", t2018[i]);
        if (import(f, path, t2018[i]) != HE_OK)
            fail_msg("%s: %s (line %ld, field %s)", path, f->e.msg, f->e.line, f->e.field);
    }
    assert_int_equal(import(f, FIX "/2024/social_worker.csv", "social_worker"), HE_OK);
}

static void test_import_every_table(void **state)
{
    struct fx *f = *state;
    import_fixtures(f);
    assert_int_equal(test_store_rows(f->s, "person"), 7);
    assert_int_equal(test_store_rows(f->s, "la_episode"), 4);
    assert_int_equal(test_store_rows(f->s, "la_review"), 3);
    assert_int_equal(test_store_rows(f->s, "uasc"), 1);
    assert_int_equal(test_store_rows(f->s, "la_outcome"), 2);
    assert_int_equal(test_store_rows(f->s, "care_leaver"), 2);
    assert_int_equal(test_store_rows(f->s, "adoption"), 1);
    assert_int_equal(test_store_rows(f->s, "placed_adoption"), 2);
    assert_int_equal(test_store_rows(f->s, "prev_perm"), 2);
    assert_int_equal(test_store_rows(f->s, "missing_episode"), 2);
    assert_int_equal(test_store_rows(f->s, "sw_episode"), 2);
    /* 10 + 4 + 3 + 1 + 2 + 2 + 1 + 2 + 2 + 2 + 2 rows read */
    assert_int_equal(f->im.records, 3 + 4 + 3 + 1 + 2 + 2 + 1 + 2 + 2 + 2 + 2);
    assert_int_equal(f->im.counts[RK_LA_EPISODE][PUT_ADDED], 4);
    assert_int_equal(f->im.counts[RK_SW_EPISODE][PUT_ADDED], 2);

    /* the header: sex 1/2 as M/F, UN codes kept apart from UPNs, mother and her child */
    ASSERT_Q(f, "SELECT sex || upn || ethnicity FROM person WHERE la_child_id = 'C0001'",
             "MA123456789012WBRI");
    ASSERT_Q(f,
             "SELECT sex || '|' || coalesce(upn, '') || '|' || upn_unknown || '|' || mother || '|' "
             "|| date(mc_dob) FROM person WHERE la_child_id = 'C0002'",
             "F||UN3|1|2017-09-20");
    ASSERT_Q(f, "SELECT date(dob) FROM person WHERE la_child_id = 'C0003'", "2012-02-29");
    ASSERT_Q(f, "SELECT coalesce(mother, 'null') FROM person WHERE la_child_id = 'C0001'", "null");
    /* episodes: every field, and the collection year from the path */
    ASSERT_Q(f,
             "SELECT rne || ls || cin || place || place_provider || date(dec) || rec || "
             "reason_place_change || home_post || pl_post || urn || src_year FROM la_episode "
             "WHERE date(decom) = '2017-05-01'",
             "SC2N1U1PR12017-09-14X1CARPLAB1 2CDEF3 4GHSC1234562018");
    ASSERT_Q(f, "SELECT count(*) FROM la_episode WHERE dec IS NULL AND rec IS NULL", "2");
    ASSERT_Q(f, "SELECT code FROM la_review WHERE date(date) = '2017-11-12'", "PN4");
    ASSERT_Q(f, "SELECT date(duc) FROM uasc", "2019-01-01");
    ASSERT_Q(f, "SELECT sex FROM person WHERE la_child_id = 'C0004'", "M");
    ASSERT_Q(f,
             "SELECT year || sdq_score || sdq_reason || convicted || health_check || "
             "coalesce(intervention_received, 'n') FROM la_outcome o JOIN person p ON p.id = "
             "o.person_id WHERE p.la_child_id = 'C0002'",
             "201814SDQ101n");
    ASSERT_Q(f,
             "SELECT year || in_touch || activ || accom FROM care_leaver c JOIN person p ON p.id "
             "= c.person_id WHERE p.la_child_id = 'C0005'",
             "2018YESF2S1");
    ASSERT_Q(f,
             "SELECT date(date_int) || date(date_match) || foster_care || nb_adoptr || "
             "sex_adoptr || ls_adoptr FROM adoption",
             "2018-01-202018-03-1502MFL0");
    ASSERT_Q(f,
             "SELECT date(date_placed_ceased) || reason_placed_ceased FROM placed_adoption "
             "WHERE date(date_placed) = '2017-06-01'",
             "2018-02-01RD3");
    ASSERT_Q(f, "SELECT prev_perm || la_perm || date_perm FROM prev_perm WHERE la_perm IS NOT NULL",
             "P1E09000001zz/05/2014");
    ASSERT_Q(f, "SELECT kind || coalesce(date(end_date), '-') FROM missing_episode ORDER BY start",
             "M2017-06-05");
    ASSERT_Q(f,
             "SELECT sw_id || date(dec) || reason || src_year FROM sw_episode WHERE dec IS NOT NULL",
             "SW0012023-10-10LEFTRL2024");
}

static void test_import_twice_changes_nothing(void **state)
{
    struct fx *f = *state;
    import_fixtures(f);
    importer_init(&f->im, f->s);
    import_fixtures(f);
    long unchanged = 0;
    for (int k = 0; k < RK__COUNT; k++) {
        assert_int_equal(f->im.counts[k][PUT_ADDED], 0);
        assert_int_equal(f->im.counts[k][PUT_UPDATED], 0);
        unchanged += f->im.counts[k][PUT_UNCHANGED] + f->im.counts[k][PUT_OLDER];
    }
    assert_true(f->im.counts[RK_LA_EPISODE][PUT_UNCHANGED] == 4);
    assert_true(f->im.counts[RK_PERSON][PUT_UNCHANGED] > 0);
    assert_true(unchanged >= 23);
    assert_int_equal(test_store_rows(f->s, "la_episode"), 4);
}

static void test_import_path_walks_the_folder(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    if (import_path(&f->im, FIX, &f->e) != HE_OK)
        fail_msg("%s:%ld %s: %s", f->e.file, f->e.line, f->e.field, f->e.msg);
    assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    assert_int_equal(test_store_rows(f->s, "person"), 8); /* 2025/header.csv adds C0008 */
    assert_int_equal(test_store_rows(f->s, "la_episode"), 4);
    assert_int_equal(test_store_rows(f->s, "sw_episode"), 2);
    /* 2025 codes: M/F/U as they are; the 2025 header is newer, so it wins */
    ASSERT_Q(f, "SELECT sex || upn_unknown || src_year FROM person WHERE la_child_id = 'C0008'",
             "UUN12025");
    ASSERT_Q(f, "SELECT sex || src_year FROM person WHERE la_child_id = 'C0001'", "M2025");
}

/* ---- the collection year --------------------------------------------------------- */

static void test_year_from_the_latest_recording_date(void **state)
{
    struct fx *f = *state;
    /* DOB and MC_DOB are not recording dates; the latest DEC says 2017-18 */
    char *p = put_file(f, "episodes.csv",
                    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                    "HOME_POST,PL_POST,URN\n"
                    "C1,01/05/2017,S,C2,N1,U1,PR1,02/03/2018,E11,,,,\n"
                    "C2,2016-06-01,S,C2,N1,U1,PR1,,,,,,\n");
    assert_int_equal(collection_year_from_path(p), 0);
    assert_int_equal(import(f, p, "episodes"), HE_OK);
    ASSERT_Q(f, "SELECT group_concat(src_year) FROM la_episode", "2018,2018");
    ASSERT_Q(f, "SELECT date(decom) FROM la_episode WHERE dec IS NULL", "2016-06-01");
    free(p);

    p = put_file(f, "missing.csv",
              "CHILD,DOB,MISSING,MIS_START,MIS_END\nC3,01/01/2003,M,31/03/2018,01/04/2018\n");
    assert_int_equal(import(f, p, "missing"), HE_OK);
    ASSERT_Q(f, "SELECT src_year FROM missing_episode", "2019");
    free(p);
}

/* Spreadsheets save a trailing comma on every line: a nameless last column is ignored. */
static void test_trailing_nameless_column(void **state)
{
    struct fx *f = *state;
    char *p = put_file(f, "reviews.csv",
                       "CHILD,DOB,REVIEW,REVIEW_CODE,\r\nC1,01/01/2010,01/06/2017,PN1,\r\n");
    const char *names[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE", ""}, *table = NULL;
    ssda903_table_of_header(names, 5, &table);
    assert_non_null(table);
    assert_string_equal(table, "reviews");
    f->im.year = 2018;
    assert_int_equal(import(f, p, "reviews"), HE_OK);
    assert_int_equal(test_store_rows(f->s, "la_review"), 1);
    free(p);
}

static void test_year_given_wins(void **state)
{
    struct fx *f = *state;
    f->im.year = 2021;
    assert_int_equal(import(f, FIX "/2018/oc3.csv", "oc3"), HE_OK);
    ASSERT_Q(f, "SELECT group_concat(year || '/' || src_year) FROM care_leaver", "2021/2021,2021/2021");
}

static void test_year_cannot_be_told(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *table, *text;
    } cases[] = {
        {"header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/01/2010,WBRI,UN1,1,01/01/2017\n"},
        {"oc3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC1,01/01/2000,YES,F1,S1\n"},
        {"oc2", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
                "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
                "C1,01/01/2010,,,,,,,,,,\n"},
        {"uasc", "CHILD,DOB,SEX,DUC\nC1,01/01/2005,2,\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = put_file(f, "t.csv", cases[i].text);
        assert_int_equal(import(f, p, cases[i].table), HE_INPUT);
        assert_non_null(strstr(f->e.msg, "cannot tell the collection year of"));
        assert_non_null(strstr(f->e.msg, p));
        assert_non_null(strstr(f->e.msg, "--year"));
        free(p);
    }
    assert_int_equal(test_store_rows(f->s, "person"), 0);
    /* a file of no rows needs no year */
    char *p = put_file(f, "t.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n");
    assert_int_equal(import(f, p, "oc3"), HE_OK);
    free(p);
}

/* ---- bad input ------------------------------------------------------------------- */

#define EPI "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define EPI_OK "C1,01/05/2017,S,C2,N1,U1,PR1,,,,,,\n"

static const struct bad {
    const char *table, *text;
    long line;
    const char *field, *msg;
} bad[] = {
    {"header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/01/2010,WBRI,UN1,,\n"
               "C2,1,31/02/2010,WBRI,UN1,,\n",
     3, "DOB", "DOB '31/02/2010' is not a real date"},
    {"header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,3,01/01/2010,WBRI,UN1,,\n", 2, "SEX",
     "'3' is not one of the SSDA903 SEX codes"},
    {"header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/01/2010,XXXX,UN1,,\n", 2, "ETHNIC",
     "'XXXX' is not one of the SSDA903 ETHNIC codes"},
    {"episodes", EPI EPI_OK "C1,01/06/2017,Q,C2,N1,U1,PR1,,,,,,\n", 3, "RNE", "'Q' is not one of the SSDA903 RNE codes"},
    {"episodes", EPI EPI_OK EPI_OK "C2,01/05/2017,S,C2,N1,,PR1,,,,,,\n", 4, "PLACE", "PLACE is blank"},
    {"episodes", EPI ",01/05/2017,S,C2,N1,U1,PR1,,,,,,\n", 2, "CHILD", "CHILD is blank"},
    {"episodes", EPI "C1,05/03/2017,S,C2,N1,U1,PR1,01/02/2017,E11,,,,\n", 2, "DEC",
     "DEC 01/02/2017 is before DECOM 05/03/2017"},
    {"episodes", EPI EPI_OK "C1,01/06/2017,S,C2,N1,U1,PR1\n", 3, "",
     "this row has 7 fields but the header row has 13"},
    {"episodes", EPI "C1,01/05/2017,S,C2,N1,U1,PR1,,,,,,,\n", 2, "", "has 14 fields"},
    {"episodes", EPI "C1,01/05/2017,S,C2,N1,U1,PR1,,,,,,\n\"C2,01/05/2017\n", 3, "", "never closes"},
    {"episodes",
     "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
     EPI_OK,
     1, "DEC", "no DEC column"},
    {"episodes", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                 "HOME_POST,PL_POST,URN,NOTES\n",
     1, "NOTES", "column 'NOTES' is not a column of the SSDA903 episodes table"},
    {"episodes", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                 "HOME_POST,PL_POST,URN,decom\n",
     1, "DECOM", "appears twice"},
    {"episodes", "", 0, "", "the file is empty"},
    {"reviews", "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/01/2010,01/13/2017,PN1\n", 2, "REVIEW",
     "not a real date"},
    {"missing", "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,01/01/2005,M,10/10/2017,09/10/2017\n", 2,
     "MIS_END", "MIS_END 09/10/2017 is before MIS_START 10/10/2017"},
    {"missing", "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,01/01/2005,X,10/10/2017,\n", 2, "MISSING",
     "not one of the SSDA903 MISSING codes"},
    {"placed_adoption",
     "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
     "C1,01/01/2015,01/06/2017,01/05/2017,RD1\n",
     2, "DATE_PLACED_CEASED", "DATE_PLACED_CEASED 01/05/2017 is before DATE_PLACED 01/06/2017"},
    {"social_worker",
     "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nC1,01/01/2015,SW1,01/06/2023,31/05/2023,MANAGE\n", 2,
     "SW_DEC", "SW_DEC 31/05/2023 is before SW_DECOM 01/06/2023"},
    {"social_worker", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nC1,01/01/2015,,01/06/2023,,\n", 2,
     "SW_ID", "SW_ID is blank"},
    {"ad1",
     "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
     "C1,01/01/2015,01/06/2017,01/08/2017,0,1.5,MF,L0\n",
     2, "NB_ADOPTR", "NB_ADOPTR '1.5' is not a whole number"},
    {"oc2",
     "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
     "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
     "C1,01/01/2010,abc,,,,,,,,,\n",
     2, "SDQ_SCORE", "not a whole number"},
    {"oc2",
     "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
     "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
     "C1,01/01/2010,,,2,,,,,,,\n",
     2, "CONVICTED", "not one of the SSDA903 CONVICTED codes"},
    {"oc3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC1,01/01/2000,YES,,S1\n", 2, "ACTIV", "ACTIV is blank"},
    {"prev_perm", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nC1,01/01/2010,P1,,zz/13/2014\n", 2,
     "DATE_PERM", "not a date"},
    {"uasc", "CHILD,DOB,SEX,DUC\nC1,01/01/2005,1,1/2/2019\n", 2, "DUC", "not a real date"},
};

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    f->im.year = 2018;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *p = put_file(f, "bad.csv", bad[i].text);
        int rc = import(f, p, bad[i].table);
        if (!fx_refused_as(f, rc, p, bad[i].line, bad[i].field, bad[i].msg))
            fail_msg("case %zu (%s): rc %d line %ld field '%s' file '%s': %s", i, bad[i].table, rc,
                     f->e.line, f->e.field, f->e.file, f->e.msg);
        free(p);
    }
    /* every bad file was rolled back whole, good rows before the bad one included */
    assert_int_equal(test_store_rows(f->s, "person"), 0);
    assert_int_equal(test_store_rows(f->s, "la_episode"), 0);
}

/* Keep mode (import without --strict, validate): each bad case that breaks a content rule
 * is read on and listed with the refusal's line, field and words (under the DfE's rule
 * where one is numbered, "schema" or "order" where none is); what cannot be read as the
 * table (a row of the wrong width, an unknown or missing column, an empty file, a quote
 * that never closes) is refused as before. */
static void test_keep_lists_what_strict_refuses(void **state)
{
    struct fx *f = *state;
    f->im.year = 2018;
    f->im.keep = true;
    size_t kept = 0;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *p = put_file(f, "bad.csv", bad[i].text);
        size_t before = f->im.notes.n;
        int rc = import(f, p, bad[i].table);
        if (rc == HE_OK) {
            bool found = false;
            for (size_t j = before; !found && j < f->im.notes.n; j++) {
                const struct finding *x = &f->im.notes.v[j];
                found = x->line == bad[i].line && strstr(x->fields, bad[i].field) &&
                        strstr(x->message, bad[i].msg) && !strcmp(x->file, p) && *x->rule;
            }
            if (!found)
                fail_msg("case %zu (%s): kept, but no finding at line %ld on '%s' with '%s'", i,
                         bad[i].table, bad[i].line, bad[i].field, bad[i].msg);
            kept++;
        } else if (!fx_refused_as(f, rc, p, bad[i].line, bad[i].field, bad[i].msg)) {
            fail_msg("case %zu (%s): refused otherwise than in strict mode: %s", i, bad[i].table,
                     f->e.msg);
        }
        free(p);
    }
    if (kept < 15)
        fail_msg("only %zu of the bad cases were kept with their findings", kept);
    /* the rows that are records are kept: the episode ending before it starts, without its end */
    assert_true(test_store_rows(f->s, "la_episode") > 0);
    assert_true(test_store_rows(f->s, "missing_episode") > 0);
    importer_free(&f->im);
}

/* With no year given, the first pass finds the error before anything is put. */
static void test_bad_input_without_year(void **state)
{
    struct fx *f = *state;
    char *p = put_file(f, "bad.csv", EPI EPI_OK "C1,05/03/2017,S,C2,N1,U1,PR1,01/02/2017,E11,,,,\n");
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    assert_int_equal(ssda903_import(&f->im, p, "episodes", &f->e), HE_INPUT);
    assert_int_equal(f->e.line, 3);
    assert_string_equal(f->e.field, "DEC");
    assert_int_equal(f->im.records, 0);
    store_rollback(f->s, &f->e);
    free(p);
}

/* ---- the rules between years, and between a table and its header ---------------------- */

/* Two years' returns read together, as hearth validate does with last year's files named:
 * each rule that compares this year's return with last year's, and each INT check of a
 * table's DOB or SEX against the header, is named for the child planted to break it and for
 * no other; G, whose returns agree, has none; and no child is a second row of the header. */
#define HDR "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPH "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define PAH "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
#define OPEN24 ",01/06/2024,S,C2,N1,U1,PR1,,,,,,\n"
static const char *const last_year[][2] = {
    {"header", HDR "G,F,01/01/2008,WBRI,A123456789012,0,\n"
               "B202,M,01/01/2008,WBRI,,,\nB203,M,01/01/2008,WBRI,,,\n"
               "B204,M,01/01/2008,WBRI,,,\nB207,F,01/01/2008,WBRI,,1,01/01/2024\n"
               "B208,M,01/01/2008,WBRI,A123456789012,,\nB624,F,01/01/2008,WBRI,,1,01/01/2024\n"
               "B626,F,01/01/2008,WBRI,,0,\nB502,M,01/01/2008,WBRI,,,\n"
               "B503A,M,01/01/2008,WBRI,,,\nB503B,M,01/01/2008,WBRI,,,\n"
               "B503C,M,01/01/2008,WBRI,,,\nB503D,M,01/01/2008,WBRI,,,\n"
               "B503E,M,01/01/2008,WBRI,,,\nB1010,M,01/01/2008,WBRI,,,\n"
               "B560,M,01/01/2020,WBRI,,,\nB561,M,01/01/2020,WBRI,,,\nB584,M,01/01/2020,WBRI,,,\n"
               "P208,M,01/01/2020,WBRI,UN1,,\n"},
    {"episodes", EPH "G" OPEN24 "B502" OPEN24 "B503A" OPEN24 "B503B" OPEN24 "B503C" OPEN24
                 "B503D" OPEN24 "B503E" OPEN24 "B1010" OPEN24
                 "B452,01/06/2024,S,C2,N1,U1,PR1,,,,AB1 2CD,AB1 2EF,\n"
                 "B503F,01/06/2024,S,C2,N1,U1,PR1,,,,,,SC123456\n"},
    {"placed_adoption", PAH "G,01/01/2008,01/05/2024,,\nB560,01/01/2020,01/05/2024,,\n"
                        "B561,01/01/2020,01/05/2024,01/09/2024,E1\n"
                        "B584,01/01/2020,01/05/2024,01/09/2024,E1\n"},
};
static const char *const this_year[][2] = {
    {"header", HDR "G,F,01/01/2008,WBRI,A123456789012,0,\n"
               "B202,F,01/01/2008,WBRI,,,\nB203,M,02/01/2008,WBRI,,,\n"
               "B204,M,01/01/2008,WCOR,,,\nB207,F,01/01/2008,WBRI,,0,\n"
               "B208,M,01/01/2008,WBRI,A123456789013,,\nB624,F,01/01/2008,WBRI,,1,02/01/2024\n"
               "B626,F,01/01/2008,WBRI,,1,01/01/2024\nB502,M,01/01/2008,WBRI,,,\n"
               "B503A,M,01/01/2008,WBRI,,,\nB503B,M,01/01/2008,WBRI,,,\n"
               "B503C,M,01/01/2008,WBRI,,,\nB503D,M,01/01/2008,WBRI,,,\n"
               "B503E,M,01/01/2008,WBRI,,,\nB1010,M,01/01/2008,WBRI,,,\nBNoE,M,01/01/2008,WBRI,,,\n"
               "B560,M,01/01/2020,WBRI,,,\nB561,M,01/01/2020,WBRI,,,\nB584,M,01/01/2020,WBRI,,,\n"
               "BINT,F,01/01/2010,WBRI,,,\nB628,F,01/01/2006,WBRI,,0,\n"
               "P208,M,01/01/2020,WBRI,A123456789012,,\n" /* a UPN once of school age: no 208 */
               "B1014,M,01/01/2006,WBRI,,,\n"},
    {"episodes", EPH "G" OPEN24 "B502,01/07/2024,S,C2,N1,U1,PR1,,,,,,\n"
                 "B503A,01/06/2024,L,C2,N1,U1,PR1,,,,,,\nB503B,01/06/2024,S,J2,N1,U1,PR1,,,,,,\n"
                 "B503C,01/06/2024,S,C2,N2,U1,PR1,,,,,,\nB503D,01/06/2024,S,C2,N1,U2,PR1,,,,,,\n"
                 "B503E,01/06/2024,S,C2,N1,U1,PR2,,,,,,\nBNoE,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n"
                 "B452,01/06/2024,S,C2,N1,U1,PR1,,,,AB1 2CD,AB3 4EF,\n"
                 "B503F,01/06/2024,S,C2,N1,U1,PR1,,,,,,SC654321\n"
                 "BINT,01/06/2025,S,C2,N1,U1,PR1,,,,,,\n"},
    {"oc3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nB1010,01/01/2008,YES,F2,S1\n"
            "G,01/01/2008,YES,F2,S1\nBINT,02/01/2010,YES,F2,S1\n"
            "B628,01/01/2006,YES,F2,S1\nB1014,01/01/2006,YES,F2,S1\n"},
    {"placed_adoption", PAH "G,01/01/2008,01/05/2024,,\nB560,01/01/2020,01/06/2024,,\n"
                        "B561,01/01/2020,01/05/2024,,\nB584,01/01/2020,01/08/2024,,\n"
                        "BINT,02/01/2010,01/05/2024,,\n"},
    {"ad1", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
            "G,01/01/2008,20/01/2025,15/03/2025,0,2,MF,L0\n"
            "BINT,02/01/2010,20/01/2025,15/03/2025,0,2,MF,L0\n"},
    {"oc2", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
            "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
            "G,01/01/2008,14,SDQ1,0,1,1,1,1,0,,\nBINT,02/01/2010,14,SDQ1,0,1,1,1,1,0,,\n"},
    {"prev_perm", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nG,01/01/2008,Z1,,\nBINT,02/01/2010,Z1,,\n"},
    {"reviews", "CHILD,DOB,REVIEW,REVIEW_CODE\nG,01/01/2008,30/05/2024,PN1\n"
                "BINT,02/01/2010,30/05/2024,PN1\n"},
    {"uasc", "CHILD,DOB,SEX,DUC\nG,01/01/2008,F,01/01/2026\nBINT,02/01/2010,M,01/01/2028\n"
             "B1014,01/01/2006,M,01/01/2024\n"},
};

static bool noted(const struct importer *im, const char *rule, const char *child, int year)
{
    for (size_t i = 0; i < im->notes.n; i++)
        if (!strcmp(im->notes.v[i].rule, rule) && !strcmp(im->notes.v[i].child, child) &&
            im->notes.v[i].year == year)
            return true;
    return false;
}

static void import_year(struct fx *f, int year, const char *const (*files)[2], size_t n)
{
    f->im.year = year;
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s_%d.csv", files[i][0], year);
        char *p = put_file(f, name, files[i][1]);
        assert_int_equal(import(f, p, files[i][0]), HE_OK);
        free(p);
    }
}

static void test_rules_between_years(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
    import_year(f, 2025, last_year, sizeof last_year / sizeof *last_year);
    import_year(f, 2026, this_year, sizeof this_year / sizeof *this_year);
    importer_check_header(&f->im);
    static const struct { const char *rule, *child; } want[] = {
        {"202", "B202"},   {"203", "B203"},   {"204", "B204"},   {"207", "B207"},
        {"208", "B208"},   {"624", "B624"},   {"626", "B626"},   {"502", "B502"},
        {"503A", "B503A"}, {"503B", "B503B"}, {"503C", "B503C"}, {"503D", "B503D"},
        {"503E", "B503E"}, {"1010", "B1010"}, {"NoE", "BNoE"},   {"560", "B560"},
        {"561", "B561"},   {"584", "B584"},   {"INT11", "BINT"}, {"INT12", "BINT"},
        {"INT14", "BINT"}, {"INT15", "BINT"}, {"INT16", "BINT"}, {"INT17", "BINT"},
        {"INT18", "BINT"}, {"INT21", "BINT"},
        /* placed elsewhere than last year's open episode said: another LA, another distance */
        {"452", "B452"},   {"503H", "B452"}, {"453", "B452"},  {"503G", "B452"},
        /* and, the home being in the area most homes are in, inside it one year and not the other */
        {"503J", "B452"},
        {"503F", "B503F"}, {"628", "B628"},  {"1014", "B1014"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!noted(&f->im, want[i].rule, want[i].child, 2026))
            fail_msg("rule %s: child %s not named", want[i].rule, want[i].child);
        if (noted(&f->im, want[i].rule, "G", 2026))
            fail_msg("rule %s: G named, whose returns agree", want[i].rule);
        size_t named = 0;
        for (size_t j = 0; j < f->im.notes.n; j++)
            named += !strcmp(f->im.notes.v[j].rule, want[i].rule);
        if (named != 1)
            fail_msg("rule %s: %zu findings, not the one planted", want[i].rule, named);
    }
    /* each INT check names the table the DOB is in, as the catalogue does */
    for (size_t j = 0; j < f->im.notes.n; j++)
        if (!strcmp(f->im.notes.v[j].rule, "INT12"))
            assert_string_equal(f->im.notes.v[j].table, "PlacedAdoption");
    for (size_t j = 0; j < f->im.notes.n; j++) /* each names the file and line of its row */
        if (!f->im.notes.v[j].file || !f->im.notes.v[j].line)
            fail_msg("%s for %s: no file and line", f->im.notes.v[j].rule, f->im.notes.v[j].child);
    for (size_t j = 0; j < f->im.notes.n; j++)
        if (!strcmp(f->im.notes.v[j].rule, "INT32") || !strcmp(f->im.notes.v[j].rule, "INT34"))
            fail_msg("%s named as a second row: %s", f->im.notes.v[j].child,
                     f->im.notes.v[j].message);
    importer_free(&f->im);
}

/* Without last year's files, no rule between years names anyone. */
static void test_rules_between_years_need_last_year(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
    import_year(f, 2026, this_year, sizeof this_year / sizeof *this_year);
    importer_check_header(&f->im);
    for (size_t j = 0; j < f->im.notes.n; j++) {
        const char *r = f->im.notes.v[j].rule;
        if (!strncmp(r, "20", 2) || !strncmp(r, "50", 2) || !strncmp(r, "56", 2) ||
            !strcmp(r, "584") || !strcmp(r, "1010") || !strcmp(r, "NoE") || !strcmp(r, "624") ||
            !strcmp(r, "626"))
            fail_msg("%s named under %s without last year's files", f->im.notes.v[j].child, r);
    }
    assert_true(noted(&f->im, "INT11", "BINT", 2026));
    importer_free(&f->im);
}

/* ---- dates outside the file's collection year ------------------------------------------ */

/* A 2026-27 return (1 April 2026 to 31 March 2027) with a date after its end in each table
 * that has a rule for it, and an end before its start where the rule says so: each is named
 * under its rule for the child planted, with the file and line; P, whose dates are all in
 * the year, is named by none. */
static void test_dates_outside_the_year(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
    static const char *const files[][2] = {
        {"episodes", EPH "P,01/06/2026,S,C2,N1,U1,PR1,01/03/2027,E11,,,,\n"
                     "O354,01/04/2027,S,C2,N1,U1,PR1,,,,,,\n"
                     "O385,01/06/2026,S,C2,N1,U1,PR1,02/04/2027,E11,,,,\n"},
        {"missing", "CHILD,DOB,MISSING,MIS_START,MIS_END\nP,01/01/2010,M,01/05/2026,02/05/2026\n"
                    "O570,01/01/2010,M,05/04/2027,\nO571,01/01/2010,M,01/03/2027,02/04/2027\n"
                    "O571b,01/01/2010,M,01/01/2026,01/02/2026\n"},
        {"social_worker", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
                          "P,01/01/2010,SW1,01/05/2026,,\nOSW6,01/01/2010,SW1,01/04/2027,,\n"
                          "OSW7,01/01/2010,SW1,01/05/2026,01/04/2027,MGRJO\n"},
        {"dolo", "CHILD,DOB,DOLO_START,DOLO_END\nP,01/01/2010,01/05/2026,\n"
                 "O703,01/01/2010,01/04/2027,\nO704,01/01/2010,01/01/2026,01/02/2026\n"},
    };
    import_year(f, 2027, files, sizeof files / sizeof *files);
    static const struct { const char *rule, *child; } want[] = {
        {"354", "O354"},      {"385", "O385"},   {"570", "O570"},  {"571", "O571"},
        {"571", "O571b"},     {"703", "O703"},   {"704", "O704"},  {"SW06STG2", "OSW6"},
        {"SW07STG2", "OSW7"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!noted(&f->im, want[i].rule, want[i].child, 2027))
            fail_msg("rule %s: child %s not named", want[i].rule, want[i].child);
        if (noted(&f->im, want[i].rule, "P", 2027))
            fail_msg("rule %s: P named, whose dates are in the year", want[i].rule);
    }
    size_t n = 0;
    for (size_t j = 0; j < f->im.notes.n; j++) {
        const struct finding *x = &f->im.notes.v[j];
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            if (!strcmp(x->rule, want[i].rule)) {
                n++;
                if (!x->file || !x->line || !strstr(x->message, "collection year"))
                    fail_msg("%s for %s: no file, line or reason", x->rule, x->child);
                break;
            }
    }
    assert_int_equal(n, sizeof want / sizeof *want);
    importer_free(&f->im);
}

/* ---- the XML header's UASC flag ------------------------------------------------------------ */

#define XCHILD(id, flag, duc)                                                                  \
    "<CHILD><HEADER><CHILDID>" id "</CHILDID><UPN>UN1</UPN><SEX>M</SEX><DOB>01/01/2008</DOB>"  \
    "<ETHNIC>WBRI</ETHNIC><UASC>" flag "</UASC>" duc "</HEADER></CHILD>\n"
#define XDUC(d) "<DUC>" d "</DUC>"

static void import_xml(struct fx *f, int year, const char *name, const char *children)
{
    char text[4096];
    snprintf(text, sizeof text, "<?xml version=\"1.0\"?>\n<EXPSSDA903>\n%s</EXPSSDA903>\n",
             children);
    char *p = put_file(f, name, text);
    f->im.year = year;
    fx_begin(f);
    assert_int_equal(fx_end(f, ssda903_xml_import(&f->im, p, &f->e)), HE_OK);
    free(p);
}

/* Two years' XML returns: the header's UASC flag that is neither 1 nor 0 (105), a DUC
 * without UASC 1 (303), UASC last year and not this with no date in last year that it
 * ceased (205A), a DUC though neither year said UASC (205C); UASC both years (born
 * 01/01/2008, 18 on 01/01/2026) with last year's DUC not the 18th birthday (B1) or this
 * year's neither last year's nor a date in this year (B2) (205B); UASC this year and not
 * last (205D). G, UASC last year until June 2024 and not this year, H, UASC both years
 * until the 18th birthday, and K, whose status ended this year, are named by none. */
static void test_xml_uasc_flag(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
    import_xml(f, 2025, "last.xml",
               XCHILD("G", "1", XDUC("01/06/2024")) XCHILD("A205A", "1", "")
                   XCHILD("C205C", "0", "") XCHILD("H", "1", XDUC("01/01/2026"))
                   XCHILD("K", "1", XDUC("01/01/2026")) XCHILD("B1", "1", XDUC("01/06/2026"))
                   XCHILD("B2", "1", XDUC("01/01/2026")) XCHILD("D205D", "0", ""));
    import_xml(f, 2026, "this.xml",
               XCHILD("G", "0", "") XCHILD("A205A", "0", "") XCHILD("C205C", "0", XDUC("01/06/2025"))
                   XCHILD("X303", "0", XDUC("01/06/2025")) XCHILD("X105", "2", "")
                   XCHILD("H", "1", XDUC("01/01/2026")) XCHILD("K", "1", XDUC("01/09/2025"))
                   XCHILD("B1", "1", XDUC("01/06/2026")) XCHILD("B2", "1", XDUC("01/06/2026"))
                   XCHILD("D205D", "1", XDUC("01/01/2026")));
    importer_check_header(&f->im);
    static const struct { const char *rule, *child; } want[] = {
        {"105", "X105"}, {"303", "X303"}, {"205A", "A205A"}, {"205C", "C205C"},
        {"205B", "B1"},  {"205B", "B2"},  {"205D", "D205D"},
    };
    static const char *const clean[] = {"G", "H", "K"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!noted(&f->im, want[i].rule, want[i].child, 2026))
            fail_msg("rule %s: child %s not named", want[i].rule, want[i].child);
        for (size_t j = 0; j < sizeof clean / sizeof *clean; j++)
            if (noted(&f->im, want[i].rule, clean[j], 2026) ||
                noted(&f->im, want[i].rule, clean[j], 2025))
                fail_msg("rule %s: %s named", want[i].rule, clean[j]);
    }
    assert_false(noted(&f->im, "205A", "C205C", 2026));
    assert_false(noted(&f->im, "105", "A205A", 2026));
    assert_false(noted(&f->im, "205D", "B1", 2026));
    assert_false(noted(&f->im, "205B", "D205D", 2026));
    importer_free(&f->im);
}

/* 503J: the placement inside the authority's area (the one most homes are in, Medway
 * here) last year and outside it this year; J2, moved from one area outside to another, is
 * named by 503H alone; J3, placed where it was, by neither. */
static void test_503j_location(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
#define J(id, pl) id ",01/06/2024,S,C2,N1,U1,PR1,,,,ME5 7AA," pl ",\n"
    static const char *const y25[][2] = {
        {"episodes", EPH J("J1", "ME4 4AA") J("J2", "BN1 1AA") J("J3", "SE1 7AA")},
    };
    static const char *const y26[][2] = {
        {"episodes", EPH J("J1", "DA1 1AA") J("J2", "SE1 7AA") J("J3", "SE1 7AA")},
    };
#undef J
    import_year(f, 2025, y25, 1);
    import_year(f, 2026, y26, 1);
    importer_check_header(&f->im);
    assert_true(noted(&f->im, "503J", "J1", 2026));
    assert_true(noted(&f->im, "503H", "J2", 2026));
    assert_false(noted(&f->im, "503J", "J2", 2026));
    assert_false(noted(&f->im, "503J", "J3", 2026));
    assert_false(noted(&f->im, "503H", "J3", 2026));
    importer_free(&f->im);
}

/* 411: an episodes file that carries the DfE's derived PL_LA and PL_LOCATION (after URN,
 * as a council's system may write them). The authority is Medway, where every home is:
 * L1 placed IN with Medway's code is clean, L2 IN with Kent's code is named, L3 OUT in Kent
 * is clean (the rule is about IN), L4 IN with the DfE's three-digit number is not one the
 * area's code can be compared with. */
static void test_411_location_in(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
#define L(id, la, loc) id ",01/06/2025,S,C2,N1,U1,PR1,,,,ME5 7AA,ME4 4AA,," la "," loc ",1.2\n"
    static const char *const y26[][2] = {
        {"episodes", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                     "HOME_POST,PL_POST,URN,PL_LA,PL_LOCATION,PL_DISTANCE\n"
                     L("L1", "E06000035", "IN") L("L2", "E10000016", "IN")
                     L("L3", "E10000016", "OUT") L("L4", "887", "IN")},
    };
#undef L
    import_year(f, 2026, y26, 1);
    importer_check_header(&f->im);
    assert_true(noted(&f->im, "411", "L2", 2026));
    assert_false(noted(&f->im, "411", "L1", 2026));
    assert_false(noted(&f->im, "411", "L3", 2026));
    assert_false(noted(&f->im, "411", "L4", 2026));
    importer_free(&f->im);
}

/* 706: last year's return (2026-27) ended with an order open, and this year's orders do not
 * start with it: D706's first order starts later, D706b has none though this year's table
 * was read; G's order goes on, E's ended last year: neither is named. */
static void test_706_open_order(void **state)
{
    struct fx *f = *state;
    f->im.keep = true;
#define DL "CHILD,DOB,DOLO_START,DOLO_END\n"
    static const char *const y27[][2] = {
        {"dolo", DL "D706,01/01/2010,01/05/2026,\nD706b,01/01/2010,01/05/2026,\n"
                    "G,01/01/2010,01/05/2026,\nE,01/01/2010,01/05/2026,01/01/2027\n"},
    };
    static const char *const y28[][2] = {
        {"dolo", DL "D706,01/01/2010,01/06/2027,\nG,01/01/2010,01/05/2026,\n"},
    };
#undef DL
    import_year(f, 2027, y27, 1);
    import_year(f, 2028, y28, 1);
    importer_check_header(&f->im);
    assert_true(noted(&f->im, "706", "D706", 2028));
    assert_true(noted(&f->im, "706", "D706b", 2028));
    assert_false(noted(&f->im, "706", "G", 2028));
    assert_false(noted(&f->im, "706", "E", 2028));
    importer_free(&f->im);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_every_table),
        cmocka_unit_test(test_detect_not_ssda903),
        cmocka_unit_test(test_detect_through_import_detect),
        FX_TEST(test_import_every_table),
        FX_TEST(test_import_twice_changes_nothing),
        FX_TEST(test_import_path_walks_the_folder),
        FX_TEST(test_year_from_the_latest_recording_date),
        FX_TEST(test_trailing_nameless_column),
        FX_TEST(test_year_given_wins),
        FX_TEST(test_year_cannot_be_told),
        FX_TEST(test_bad_input),
        FX_TEST(test_keep_lists_what_strict_refuses),
        FX_TEST(test_bad_input_without_year),
        FX_TEST(test_rules_between_years),
        FX_TEST(test_rules_between_years_need_last_year),
        FX_TEST(test_dates_outside_the_year),
        FX_TEST(test_xml_uasc_flag),
        FX_TEST(test_503j_location),
        FX_TEST(test_411_location_in),
        FX_TEST(test_706_open_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
