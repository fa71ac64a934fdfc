/* Tests for `hearth kpi` (cmd_kpi) end to end: records put through the real store,
 * read back as facts, measured and printed as JSON; and the exit codes for usage
 * (2) and bad input (1), which must be decided before any database is touched. The
 * store tests run on SQLite and, when a test server is given, on PostgreSQL. */
#include "teststore.h"

#include <fcntl.h>

#include "cmd/cmd.h"

static enum test_backend backend;

static day_t d(const char *iso) { return date_parse_iso(iso, strlen(iso)); }

/* Run cmd_kpi with the given arguments, stdout and stderr captured into *out. */
static int run_kpi(char **out, const char *dir, int argc, const char **argv)
{
    char path[600];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    int rc = cmd_kpi(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *text = calloc(1, 1 << 16);
    size_t n = fread(text, 1, (1 << 16) - 1, f);
    text[n] = '\0';
    fclose(f);
    *out = text;
    return rc;
}

#define RUN(out, dir, ...)                                                              \
    run_kpi(out, dir, (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)), \
            (const char *[]){__VA_ARGS__})

static void test_exit_codes(void **state)
{
    char *dir = test_tmpdir(), *out, db[600];
    snprintf(db, sizeof db, "%s/none.db", dir);
    assert_int_equal(RUN(&out, dir, "kpi", "--help"), 0);
    assert_non_null(strstr(out, "usage: hearth kpi"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--bogus"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--year", "2018"), 2); /* no population */
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--from", "2017-04-01", "--population", "5"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--year", "2018", "--from", "2017-04-01", "--population",
                         "5"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--year", "2018", "--population", "5", "--format", "xml"),
                     2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--from", "2017-02-30", "--to",
                         "2018-03-31", "--population", "5"), 1);
    assert_non_null(strstr(out, "2017-02-30"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--from", "2018-04-01", "--to",
                         "2018-03-31", "--population", "5"), 1);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--year", "2018", "--population", "0"), 1);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--year", "2018", "--population", "63,800"),
                     1);
    free(out);
    /* trends: csv only with --trend, --by only with it, a measure it knows */
    assert_int_equal(RUN(&out, dir, "kpi", "--year", "2018", "--population", "5", "--format", "csv"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--year", "2018", "--population", "5", "--by", "year"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--trend", "referrals", "--by", "week", "--population", "5"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--trend", "referrals", "--from", "2017-04-01",
                         "--population", "5"), 2);
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--trend", "nonsense", "--population", "5"), 1);
    assert_non_null(strstr(out, "'nonsense' is not a measure"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--trend", "cla_placement_at_end",
                         "--population", "5"), 1); /* split into parts: no one figure */
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--trend", "all", "--population", "5"), 1);
    assert_non_null(strstr(out, "hearth kpi: no database"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--year", "2018", "--population", "5"), 1);
    assert_non_null(strstr(out, "hearth kpi: no database"));
    free(out);
    assert_int_not_equal(access(db, F_OK), 0); /* never created */
    test_rm_rf(dir);
    free(dir);
}

static void test_defaults(void **state)
{
    unsetenv("HEARTH_DB");
    assert_string_equal(cmd_default_db(), "hearth.db");
    setenv("HEARTH_DB", "/tmp/x.db", 1);
    assert_string_equal(cmd_default_db(), "/tmp/x.db");
    unsetenv("HEARTH_DB");
    char shown[200];
    assert_string_equal(cmd_db_shown("x.db", shown, sizeof shown), "x.db");
    assert_string_equal(cmd_db_shown("postgresql://h@db:5432/hearth", shown, sizeof shown),
                        "postgresql://h@db:5432/hearth");
    assert_string_equal(cmd_db_shown("postgresql://h:s3cret@db:5432/hearth", shown, sizeof shown),
                        "postgresql://h:***@db:5432/hearth");

    struct err e;
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    err_set(&e, HE_INPUT, "bad");
    int input = cmd_fail("kpi", &e);
    err_clear(&e);
    int fault = cmd_fail("kpi", &e); /* an error with no code is a fault */
    dup2(saved, 2);
    close(saved);
    close(null);
    assert_int_equal(input, 1);
    assert_int_equal(fault, 3);
}

/* Records in, JSON out: the whole path a council's returns take to the committee. */
static void test_from_store(void **state)
{
    char *dir = test_tmpdir(), *out, *db;
    struct test_db t;
    test_db_new(&t, backend, dir, "h.db");
    test_db_env(&t);
    db = t.uri;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    assert_int_equal(store_begin(s, &e), HE_OK);
    rec_id a, b, ep1, ep2;
    struct person pa = {.la_child_id = "A", .dob = d("2010-01-01"), .mother = -1};
    struct person pb = {.la_child_id = "B", .dob = d("2001-01-01"), .mother = -1};
    assert_int_equal(store_put_person(s, 2018, &pa, &a, NULL, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2018, &pb, &b, NULL, &e), HE_OK);
    struct cin_episode c1 = {.person = a, .referral_date = d("2017-05-01"), .referral_source = "1A",
                             .primary_need = "N1", .referral_nfa = 0};
    struct cin_episode c2 = {.person = a, .referral_date = d("2017-09-01"), .referral_source = "1A",
                             .primary_need = "N1", .referral_nfa = 1,
                             .closure_date = d("2017-09-02"), .closure_reason = "RC8"};
    assert_int_equal(store_put_cin_episode(s, 2018, &c1, &ep1, NULL, &e), HE_OK);
    assert_int_equal(store_put_cin_episode(s, 2018, &c2, &ep2, NULL, &e), HE_OK);
    struct assessment as = {.episode = ep1, .start = d("2017-05-02"), .authorised = d("2017-06-01")};
    assert_int_equal(store_put_assessment(s, 2018, &as, NULL, NULL, &e), HE_OK);
    struct la_episode la = {.person = a, .decom = d("2017-06-01"), .rne = "S", .ls = "C2",
                            .cin = "N1", .place = "U1", .place_provider = "PR1"};
    assert_int_equal(store_put_la_episode(s, 2018, &la, NULL, NULL, &e), HE_OK);
    struct care_leaver cl = {.person = b, .year = 2018, .in_touch = "YES", .activ = "F1",
                             .accom = "B1"};
    assert_int_equal(store_put_care_leaver(s, 2018, &cl, NULL, NULL, &e), HE_OK);
    struct contact ct = {.person = a, .date = d("2017-04-15"), .source = "1A"};
    assert_int_equal(store_put_contact(s, 2018, &ct, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    store_close(s);

    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--year", "2018", "--population", "10000",
                         "--format", "json"), 0);
    assert_non_null(strstr(out, "{\"period\":{\"from\":\"2017-04-01\",\"to\":\"2018-03-31\"},"
                                "\"population\":10000,\"measures\":{\"contacts\":{\"value\":1},"
                                "\"referrals\":{\"value\":2,\"per_10k\":2.0},"));
    assert_non_null(strstr(out, "\"rereferrals_12m\":{\"value\":1,\"denominator\":2,\"pct\":50.0}"));
    assert_non_null(strstr(out, "\"assessments_within_45wd\":{\"value\":1,\"denominator\":1,"
                                "\"pct\":100.0}"));
    assert_non_null(strstr(out, "\"cin_open_at_end\":{\"value\":0,"));
    assert_non_null(strstr(out, "\"cla_at_end\":{\"value\":1,\"per_10k\":1.0}"));
    assert_non_null(strstr(out, "\"cla_placement_at_end\":{\"foster\":1,"));
    assert_non_null(strstr(out, "\"care_leavers_suitable_accom\":{\"value\":1,\"denominator\":1,"
                                "\"pct\":100.0},"));
    assert_non_null(strstr(out, "}}}\n")); /* the last measure, and the object, closed */
    free(out);

    assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--from", "2017-04-01", "--to", "2018-03-31",
                         "--population", "10000"), 0);
    assert_non_null(strstr(out, "1 April 2017 to 31 March 2018 (children aged 0-17: 10,000)"));
    assert_non_null(strstr(out, "2 (2.0 per 10,000)"));
    free(out);
    /* another authority in the same database has none of these records */
    if (backend == TB_PG) {
        setenv("HEARTH_LA", "nobody", 1);
        assert_int_equal(RUN(&out, dir, "kpi", "--db", db, "--year", "2018", "--population", "5"), 1);
        assert_non_null(strstr(out, "no database for authority nobody"));
        free(out);
    }
    unsetenv("HEARTH_LA");
    test_db_drop(&t);
    test_rm_rf(dir);
    free(dir);
}

/* Two collection years of records, every figure below worked out by hand:
 * contacts 2016-17: April to June 2, July to September 1; 2017-18: April to June 4 (up
 * 100.0%), July to September 1 (no change). Assessments within 45 working days: 2016-17 one of two (the other
 * took from May to September), 2017-18 two of two. Looked after at the end: one child
 * from June 2016 to July 2017, another from May 2017 on, a third (adopted) from June 2016 to
 * May 2017. */
static void test_trend(void **state)
{
    char *dir = test_tmpdir(), *out;
    struct test_db t;
    test_db_new(&t, backend, dir, "h.db");
    test_db_env(&t);
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    assert_int_equal(store_begin(s, &e), HE_OK);
    rec_id a, b, ep1, ep2;
    struct person pa = {.la_child_id = "A", .dob = d("2010-01-01"), .mother = -1};
    struct person pb = {.la_child_id = "B", .dob = d("2008-01-01"), .mother = -1};
    assert_int_equal(store_put_person(s, 2017, &pa, &a, NULL, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2017, &pb, &b, NULL, &e), HE_OK);
    const char *c17[] = {"2016-04-10", "2016-05-20", "2016-07-01"};
    const char *c18[] = {"2017-04-15", "2017-04-20", "2017-05-01", "2017-06-30", "2017-08-01"};
    for (int i = 0; i < 3; i++) {
        struct contact ct = {.person = a, .date = d(c17[i]), .source = "1A"};
        assert_int_equal(store_put_contact(s, 2017, &ct, NULL, NULL, &e), HE_OK);
    }
    for (int i = 0; i < 5; i++) {
        struct contact ct = {.person = b, .date = d(c18[i]), .source = "1A"};
        assert_int_equal(store_put_contact(s, 2018, &ct, NULL, NULL, &e), HE_OK);
    }
    struct cin_episode c1 = {.person = a, .referral_date = d("2016-05-01"), .referral_source = "1A",
                             .primary_need = "N1", .referral_nfa = 0};
    struct cin_episode c2 = {.person = b, .referral_date = d("2017-05-01"), .referral_source = "1A",
                             .primary_need = "N1", .referral_nfa = 0};
    assert_int_equal(store_put_cin_episode(s, 2017, &c1, &ep1, NULL, &e), HE_OK);
    assert_int_equal(store_put_cin_episode(s, 2018, &c2, &ep2, NULL, &e), HE_OK);
    struct assessment as[] = {
        {.episode = ep1, .start = d("2016-05-02"), .authorised = d("2016-06-01")},
        {.episode = ep1, .start = d("2016-05-03"), .authorised = d("2016-09-30")},
        {.episode = ep2, .start = d("2017-05-02"), .authorised = d("2017-06-01")},
        {.episode = ep2, .start = d("2017-06-01"), .authorised = d("2017-06-15")},
    };
    for (int i = 0; i < 4; i++)
        assert_int_equal(store_put_assessment(s, i < 2 ? 2017 : 2018, &as[i], NULL, NULL, &e), HE_OK);
    struct la_episode l1 = {.person = a, .decom = d("2016-06-01"), .rne = "S", .ls = "C2",
                            .cin = "N1", .place = "U1", .place_provider = "PR1",
                            .dec = d("2017-07-15"), .rec = "E11"};
    struct la_episode l2 = {.person = b, .decom = d("2017-05-01"), .rne = "S", .ls = "C2",
                            .cin = "N1", .place = "U1", .place_provider = "PR1"};
    assert_int_equal(store_put_la_episode(s, 2017, &l1, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_put_la_episode(s, 2018, &l2, NULL, NULL, &e), HE_OK);
    /* a third child, placed for adoption after 92 days in care and adopted in May 2017, by
     * the foster carers it was placed with on entering care (A3, RNE T: the same carers);
     * matched 75 days after entering care */
    rec_id c;
    struct person pc = {.la_child_id = "C", .dob = d("2015-01-01"), .mother = -1};
    assert_int_equal(store_put_person(s, 2018, &pc, &c, NULL, &e), HE_OK);
    struct la_episode l3 = {.person = c, .decom = d("2016-06-01"), .rne = "S", .ls = "C2",
                            .cin = "N1", .place = "U1", .place_provider = "PR1",
                            .dec = d("2016-09-01"), .rec = "X1"};
    struct la_episode l4 = {.person = c, .decom = d("2016-09-01"), .rne = "T", .ls = "E1",
                            .cin = "N1", .place = "A3", .place_provider = "PR1",
                            .dec = d("2017-05-10"), .rec = "E11"};
    struct adoption ad = {.person = c, .date_int = d("2016-07-01"), .date_match = d("2016-08-15"),
                          .foster_care = -1, .nb_adoptr = -1};
    assert_int_equal(store_put_la_episode(s, 2018, &l3, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_put_la_episode(s, 2018, &l4, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_put_adoption(s, 2018, &ad, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    store_close(s);

    /* every year held: 1 April 2016 to 31 March 2018 */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "contacts", "--by", "quarter",
                         "--population", "10000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "from,to,period,part,id,measure,value,denominator,pct,per_10k,average,change_pct\r\n"
                                "2016-04-01,2016-06-30,Apr to Jun 2016,no,contacts,Contacts,2,,,,,\r\n"
                                "2016-07-01,2016-09-30,Jul to Sep 2016,no,contacts,Contacts,1,,,,,\r\n"
                                "2016-10-01,2016-12-31,Oct to Dec 2016,no,contacts,Contacts,0,,,,,\r\n"
                                "2017-01-01,2017-03-31,Jan to Mar 2017,no,contacts,Contacts,0,,,,,\r\n"
                                "2017-04-01,2017-06-30,Apr to Jun 2017,no,contacts,Contacts,4,,,,,100.0\r\n"
                                "2017-07-01,2017-09-30,Jul to Sep 2017,no,contacts,Contacts,1,,,,,0.0\r\n"
                                "2017-10-01,2017-12-31,Oct to Dec 2017,no,contacts,Contacts,0,,,,,\r\n"
                                "2018-01-01,2018-03-31,Jan to Mar 2018,no,contacts,Contacts,0,,,,,\r\n"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "assessments_within_45wd",
                         "--by", "year", "--population", "10000", "--format", "json"), 0);
    assert_string_equal(out, "{\"period\":{\"from\":\"2016-04-01\",\"to\":\"2018-03-31\"},"
                        "\"population\":10000,\"by\":\"year\",\"trends\":[{\"id\":"
                        "\"assessments_within_45wd\",\"measure\":\"Assessments completed within 45 "
                        "working days\",\"kind\":\"proportion\",\"points\":["
                        "{\"from\":\"2016-04-01\",\"to\":\"2017-03-31\",\"label\":\"Apr 2016 to Mar "
                        "2017\",\"part\":false,\"value\":1,\"denominator\":2,\"pct\":50.0,"
                        "\"per_10k\":null,\"average\":null,\"change_pct\":null},"
                        "{\"from\":\"2017-04-01\",\"to\":\"2018-03-31\",\"label\":\"Apr 2017 to Mar "
                        "2018\",\"part\":false,\"value\":2,\"denominator\":2,\"pct\":100.0,\"per_10k\":null,\"average\":null,"
                        "\"change_pct\":100.0}]}]}\n");
    free(out);
    /* a year still under way stops on the day given, and is part (no change beside it) */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "contacts", "--by", "year",
                         "--today", "2017-06-30", "--population", "10000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2016-04-01,2017-03-31,Apr 2016 to Mar 2017,no,contacts,Contacts,3,,,,,\r\n"
                                "2017-04-01,2017-06-30,Apr 2017 to Jun 2017,yes,contacts,Contacts,4,,,,,\r\n"));
    free(out);
    /* a count of children on a day is the quarter's last; a period cut short is part */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "cla_at_end", "--by", "quarter",
                         "--from", "2016-05-01", "--to", "2017-09-30", "--population", "10000"), 0);
    assert_non_null(strstr(out, "Children looked after at the end, by quarter\n"));
    assert_non_null(strstr(out, "May to Jun 2016 (part)"));
    /* beside a quarter the period cut short there is no change */
    assert_non_null(strstr(out, "Apr to Jun 2017                                   2\n"));
    assert_non_null(strstr(out, "Jul to Sep 2017                                   1             -50.0%\n"));
    free(out);
    /* all: every measure that is not split, the month being the default */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "all", "--year", "2018",
                         "--population", "10000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2017-04-01,2017-04-30,Apr 2017,no,contacts,Contacts,2,,,,,\r\n"));
    assert_non_null(strstr(out, "2017-06-01,2017-06-30,Jun 2017,no,assessments_within_45wd,"
                                "Assessments completed within 45 working days,2,2,100.0,,,\r\n"));
    assert_null(strstr(out, "cla_placement_at_end"));
    free(out);
    /* a rate per 10,000 children beside its count: a year's flow is its months' sum, a
     * count of children on a day the last month's (1 in 7,000 is 1.43, 2 is 2.86) */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "referrals", "--by", "year",
                         "--population", "7000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2016-04-01,2017-03-31,Apr 2016 to Mar 2017,no,referrals,Referrals,1,,,1.4,,\r\n"
                                "2017-04-01,2018-03-31,Apr 2017 to Mar 2018,no,referrals,Referrals,1,,,1.4,,0.0\r\n"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "cla_at_end", "--by", "year",
                         "--population", "7000", "--format", "json"), 0);
    assert_non_null(strstr(out, "\"kind\":\"rate\",\"points\":[{\"from\":\"2016-04-01\",\"to\":"
                                "\"2017-03-31\",\"label\":\"Apr 2016 to Mar 2017\",\"part\":false,"
                                "\"value\":2,\"denominator\":null,\"pct\":null,\"per_10k\":2.9,"));
    free(out);
    /* an average: the days over the children; none in a year without an adoption */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "adoption_entry_to_placed_days",
                         "--by", "year", "--population", "7000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2016-04-01,2017-03-31,Apr 2016 to Mar 2017,no,adoption_entry_to_placed_days,"
                                "Average days from entering care to moving in with the adoptive family "
                                "(adopted children),0,0,,,,\r\n"
                                "2017-04-01,2018-03-31,Apr 2017 to Mar 2018,no,adoption_entry_to_placed_days,"
                                "Average days from entering care to moving in with the adoptive family "
                                "(adopted children),92,1,,,92.0,\r\n"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "adoption_authority_to_match_days",
                         "--by", "year", "--population", "7000", "--format", "json"), 0);
    assert_non_null(strstr(out, "\"kind\":\"average\",\"points\":["));
    assert_non_null(strstr(out, "\"part\":false,\"value\":0,\"denominator\":1,\"pct\":null,"
                                "\"per_10k\":null,\"average\":0.0,\"change_pct\":null}]}"));
    free(out);
    /* entering care to the match; A10 counts from the start of the foster placement with
     * the carers who adopted, the day care began: 0 days (A1 above: 92) */
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "adoption_entry_to_match_days",
                         "--by", "year", "--population", "7000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2017-04-01,2018-03-31,Apr 2017 to Mar 2018,no,adoption_entry_to_match_days,"
                                "Average days from entering care to the match with adopters "
                                "(adopted children),75,1,,,75.0,\r\n"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--trend", "adoption_entry_to_placed_adjusted_days",
                         "--by", "year", "--population", "7000", "--format", "csv"), 0);
    assert_non_null(strstr(out, "2016-04-01,2017-03-31,Apr 2016 to Mar 2017,no,"
                                "adoption_entry_to_placed_adjusted_days,Average days from entering care "
                                "to moving in with the adoptive family adjusted for adoptions by foster "
                                "carers (adopted children),0,0,,,,\r\n"
                                "2017-04-01,2018-03-31,Apr 2017 to Mar 2018,no,"
                                "adoption_entry_to_placed_adjusted_days,Average days from entering care "
                                "to moving in with the adoptive family adjusted for adoptions by foster "
                                "carers (adopted children),0,1,,,0.0,\r\n"));
    free(out);
    assert_int_equal(RUN(&out, dir, "kpi", "--db", t.uri, "--year", "2018", "--population", "7000",
                         "--format", "json"), 0);
    assert_non_null(strstr(out, "\"adoption_entry_to_placed_days\":{\"value\":92,\"denominator\":1,"
                                "\"average\":92.0},\"adoption_authority_to_match_days\":{\"value\":0,"
                                "\"denominator\":1,\"average\":0.0},\"adoption_entry_to_match_days\":"
                                "{\"value\":75,\"denominator\":1,\"average\":75.0},"
                                "\"adoption_entry_to_placed_adjusted_days\":{\"value\":0,\"denominator\":1,"
                                "\"average\":0.0}"));
    free(out);
    test_db_drop(&t);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_from_store),
        cmocka_unit_test(test_trend),
    };
    return RUN_ON_BOTH_STORES(backend, "cmd_kpi", tests, NULL, NULL);
}
