/* Tests for the SSDA903 export: a council's 2018 return imported and exported again
 * gives back its rows (except what the DfE's own definitions leave out, checked one by
 * one); the demo authority's tables of every year import back to the same files; codes
 * are written in the form of the year asked for (sex 1/2 or M/F/U, H5 or K3, F3 or F4/F5)
 * and refused where the year has none; bad years and paths are refused. */
#include "export_fixture.h"

#include "format/ssda903.h"

static const char *const FILES[] = {"header.csv", "episodes.csv", "reviews.csv", "uasc.csv",
                                    "oc2.csv", "oc3.csv", "ad1.csv", "placed_for_adoption.csv",
                                    "previous_permanence.csv", "missing.csv", NULL};

static void export_ok(struct store *s, int year, const char *dir)
{
    struct err e;
    err_clear(&e);
    if (ssda903_export(s, year, dir, NULL, NULL, &e) != HE_OK)
        xf_fail("ssda903_export", &e);
}

/* Lines of a file, sorted, as one string. */
static char *sorted_lines(const char *path)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "LC_ALL=C sort '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf b = BUF_INIT;
    char line[4096];
    while (fgets(line, sizeof line, p))
        buf_adds(&b, line);
    assert_int_equal(pclose(p), 0);
    return buf_detach(&b);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_council_return(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = xf_open(dir, "a.db");
    const char *src = "tests/fixtures/medway/2018/ssda903";
    xf_import(s, src, 2018);
    char out[600];
    snprintf(out, sizeof out, "%s/out", dir);
    export_ok(s, 2018, out);
    const char *same[] = {"header.csv", "episodes.csv", "reviews.csv", NULL};
    for (int i = 0; same[i]; i++) {
        char a[1000], b[1000];
        snprintf(a, sizeof a, "%s/%s", src, same[i]);
        snprintf(b, sizeof b, "%s/%s", out, same[i]);
        char *x = sorted_lines(a), *y = sorted_lines(b);
        assert_string_equal(x, y);
        print_message("%s: %d rows, all kept\n", same[i], count_lines(x) - 1);
        free(x);
        free(y);
    }
    /* OC3: every row kept; the 2021-22 activity codes F5/P5 that the council sent in a 2018
     * return are written as 2018's F3/P3, the one difference allowed */
    char a[1000], b[1000];
    snprintf(a, sizeof a, "%s/oc3.csv", src);
    snprintf(b, sizeof b, "%s/oc3.csv", out);
    char *x = sorted_lines(a), *y = sorted_lines(b);
    assert_int_equal(count_lines(x), count_lines(y));
    int changed = 0;
    for (char *p = x, *q = y; *p; p = strchr(p, '\n') + 1, q = strchr(q, '\n') + 1) {
        size_t n = strcspn(p, "\n");
        if (n == strcspn(q, "\n") && !memcmp(p, q, n))
            continue;
        char *line = strndup(p, n);
        char *at = NULL;
        const char *later[] = {",F4,", ",F5,", ",P4,", ",P5,"};
        for (int k = 0; k < 4 && !at; k++)
            at = strstr(line, later[k]);
        if (!at)
            fail_msg("oc3 row changed: %s", line);
        assert_int_equal(q[at - line + 2], '3');
        free(line);
        changed++;
    }
    print_message("oc3: %d rows, %d later activity codes written as 2018's\n",
                  count_lines(x) - 1, changed);
    free(x);
    free(y);
    /* missing: the rows of children looked after in the year are all kept; the council's
     * file also has spells of children in no other table (not looked after), which the
     * SSDA903 does not hold */
    snprintf(a, sizeof a, "%s/missing.csv", src);
    snprintf(b, sizeof b, "%s/missing.csv", out);
    x = sorted_lines(a);
    y = sorted_lines(b);
    char hdr[700];
    snprintf(hdr, sizeof hdr, "%s/header.csv", src);
    char *h = xf_read(hdr, NULL);
    int dropped = 0;
    for (char *p = x; *p; p = strchr(p, '\n') + 1) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        bool kept = strstr(y, line) != NULL;
        char child[64];
        snprintf(child, sizeof child, "\n%.*s,", (int)strcspn(line, ","), line);
        bool looked_after = strstr(h, child) != NULL;
        if (!kept && looked_after)
            fail_msg("missing row lost: %s", line);
        dropped += !kept;
        free(line);
    }
    print_message("missing: %d rows, %d of children not looked after left out\n",
                  count_lines(x) - 1, dropped);
    assert_true(dropped < 10);
    free(h);
    free(x);
    free(y);

    /* and the export round-trips byte for byte */
    struct store *t = xf_open(dir, "b.db");
    xf_import(t, out, 2018);
    char again[600];
    snprintf(again, sizeof again, "%s/again", dir);
    export_ok(t, 2018, again);
    for (int i = 0; FILES[i]; i++) {
        snprintf(a, sizeof a, "%s/%s", out, FILES[i]);
        snprintf(b, sizeof b, "%s/%s", again, FILES[i]);
        assert_true(xf_same_file(a, b));
    }
    store_close(t);
    xf_done(s, dir);
}

/* The small 2018 fixture has the tables the demo does not write (OC2, previous
 * permanence, AD1, UASC): their rows for children in the year's cohort come back as given,
 * and the export round-trips. */
static void test_every_table(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = xf_open(dir, "a.db");
    xf_import(s, "tests/fixtures/ssda903/2018", 2018);
    char out[600];
    snprintf(out, sizeof out, "%s/out", dir);
    export_ok(s, 2018, out);
    const struct {
        const char *file, *want;
    } rows[] = {
        {"oc2.csv", "C0001,05/06/2008,,SDQ4,0,1,0,1,1,0,,\n"},
        {"oc2.csv", "C0002,14/02/2002,14,SDQ1,0,1,1,1,1,0,,\n"},
        {"previous_permanence.csv", "C0001,05/06/2008,Z1,,\n"},
        {"previous_permanence.csv", "C0003,29/02/2012,P1,E09000001,zz/05/2014\n"},
        {"ad1.csv", "C0003,29/02/2012,20/01/2018,15/03/2018,0,2,MF,L0\n"},
        {"placed_for_adoption.csv", "C0003,29/02/2012,10/01/2018,,\n"},
        {"header.csv", "C0002,2,14/02/2002,BAFR,UN3,1,20/09/2017\n"},
        {"episodes.csv", "C0002,10/10/2016,S,V2,N4,K2,PR3,02/03/2018,E11,,MN7 8OP,QR9 0ST,\n"},
        {"missing.csv", "C0002,14/02/2002,A,01/03/2018,\n"},
        {"oc3.csv", "C0005,10/03/2000,YES,F2,S1\n"},
        {"reviews.csv", "C0001,05/06/2008,12/11/2017,PN4\n"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char f[800];
        snprintf(f, sizeof f, "%s/%s", out, rows[i].file);
        char *t = xf_read(f, NULL);
        if (!strstr(t, rows[i].want))
            fail_msg("%s lacks %s:\n%s", rows[i].file, rows[i].want, t);
        free(t);
    }
    /* C0004 (UASC) and C0007 (placed for adoption) were never looked after: the SSDA903
     * holds looked-after children, so they are not in it */
    char f[800];
    snprintf(f, sizeof f, "%s/uasc.csv", out);
    char *t = xf_read(f, NULL);
    assert_string_equal(t, "CHILD,DOB,SEX,DUC\n");
    free(t);
    struct store *r = xf_open(dir, "b.db");
    xf_import(r, out, 2018);
    char again[600];
    snprintf(again, sizeof again, "%s/again", dir);
    export_ok(r, 2018, again);
    for (int i = 0; FILES[i]; i++) {
        char a[1000], b[1000];
        snprintf(a, sizeof a, "%s/%s", out, FILES[i]);
        snprintf(b, sizeof b, "%s/%s", again, FILES[i]);
        assert_true(xf_same_file(a, b));
    }
    store_close(r);
    xf_done(s, dir);
}

static void test_demo_every_year_round_trips(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *demo = xf_demo_files(dir, 2017, 2026, 3000);
    struct store *s = xf_open(dir, "demo.db");
    xf_import(s, demo, 0);
    for (int y = 2017; y <= 2026; y++) {
        assert_true(ssda903_year_known(y));
        char a[700], b[700], db[32];
        snprintf(a, sizeof a, "%s/x%d", dir, y);
        snprintf(b, sizeof b, "%s/y%d", dir, y);
        export_ok(s, y, a);
        snprintf(db, sizeof db, "rt%d.db", y);
        struct store *t = xf_open(dir, db);
        xf_import(t, a, y);
        export_ok(t, y, b);
        store_close(t);
        long rows = 0;
        for (int i = 0; FILES[i]; i++) {
            char fa[800], fb[800];
            snprintf(fa, sizeof fa, "%s/%s", a, FILES[i]);
            snprintf(fb, sizeof fb, "%s/%s", b, FILES[i]);
            if (!xf_same_file(fa, fb))
                fail_msg("%d: %s changed on the round trip", y, FILES[i]);
            char *text = xf_read(fa, NULL);
            rows += count_lines(text) - 1;
            free(text);
        }
        char sw[800];
        snprintf(sw, sizeof sw, "%s/social_worker.csv", a);
        assert_int_equal(xf_exists(sw), y >= 2024);
        assert_true(rows > 100);
    }
    xf_done(s, dir);
    free(demo);
}

static void test_codes_of_the_year(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct store *s = xf_open(dir, "a.db");
    struct err e;
    err_clear(&e);
    struct person p = {.la_child_id = "K1", .sex = "M", .ethnicity = "WBRI", .upn = "UN2",
                       .dob = date_from_ymd(2008, 5, 1), .mother = -1};
    rec_id pid;
    assert_int_equal(store_begin(s, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2025, &p, &pid, NULL, &e), HE_OK);
    /* supported accommodation from 1 June 2023, ending 1 June 2025 (after 2024-25) */
    struct la_episode ep = {.person = pid, .decom = date_from_ymd(2023, 6, 1), .rne = "S",
                            .ls = "V2", .cin = "N1", .place = "K3", .place_provider = "PR1",
                            .dec = date_from_ymd(2025, 6, 1), .rec = "E8",
                            .home_post = "ME1 1AA", .pl_post = "ME2 2BB"};
    assert_int_equal(store_put_la_episode(s, 2025, &ep, NULL, NULL, &e), HE_OK);
    struct care_leaver cl = {.person = pid, .year = 2021, .in_touch = "YES", .activ = "F5",
                             .accom = "S1"};
    assert_int_equal(store_put_care_leaver(s, 2021, &cl, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);

    char out[600], f[800];
    snprintf(out, sizeof out, "%s/o", dir);
    export_ok(s, 2024, out);
    snprintf(f, sizeof f, "%s/header.csv", out);
    char *t = xf_read(f, NULL);
    assert_string_equal(t, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK1,1,01/05/2008,WBRI,UN2,,\n");
    free(t);
    snprintf(f, sizeof f, "%s/episodes.csv", out);
    t = xf_read(f, NULL);
    /* H5 in 2023-24, and still open on 31 March: no DEC or REC yet */
    assert_non_null(strstr(t, "\nK1,01/06/2023,S,V2,N1,H5,PR1,,,,ME1 1AA,ME2 2BB,\n"));
    free(t);

    export_ok(s, 2025, out);
    snprintf(f, sizeof f, "%s/header.csv", out);
    t = xf_read(f, NULL);
    assert_non_null(strstr(t, "\nK1,M,01/05/2008,"));
    free(t);
    snprintf(f, sizeof f, "%s/episodes.csv", out);
    t = xf_read(f, NULL);
    assert_non_null(strstr(t, ",K3,PR1,,,,"));
    free(t);
    export_ok(s, 2026, out);
    snprintf(f, sizeof f, "%s/episodes.csv", out);
    t = xf_read(f, NULL);
    assert_non_null(strstr(t, ",K3,PR1,01/06/2025,E8,,"));
    free(t);

    /* OC3 of 2020-21: F5 did not exist yet, F3 did */
    export_ok(s, 2021, out);
    snprintf(f, sizeof f, "%s/oc3.csv", out);
    t = xf_read(f, NULL);
    assert_string_equal(t, "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nK1,01/05/2008,YES,F3,S1\n");
    free(t);

    /* a code with no equivalent in the year: P2 (retired after 2023-24) in 2024-25;
     * and sex U before 2024-25 */
    assert_int_equal(store_begin(s, &e), HE_OK);
    ep.place = "P2";
    assert_int_equal(store_put_la_episode(s, 2025, &ep, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);
    err_clear(&e);
    assert_int_equal(ssda903_export(s, 2025, out, NULL, NULL, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "K1"));
    assert_non_null(strstr(e.msg, "P2"));
    assert_string_equal(e.field, "PLACE");
    /* the earlier export is untouched */
    snprintf(f, sizeof f, "%s/episodes.csv", out);
    t = xf_read(f, NULL);
    assert_null(strstr(t, "P2"));
    free(t);

    err_clear(&e);
    assert_int_equal(ssda903_export(s, 2016, out, NULL, NULL, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "2016"));
    assert_int_equal(ssda903_export(s, 2018, f, NULL, NULL, &e), HE_INPUT); /* a file, not a folder */
    xf_done(s, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_council_return),
        cmocka_unit_test(test_codes_of_the_year),
        cmocka_unit_test(test_every_table),
        cmocka_unit_test(test_demo_every_year_round_trips),
    };
    return RUN_ON_BOTH_STORES(xf_backend, "ssda903_export", tests, NULL, xf_drop_all);
}
