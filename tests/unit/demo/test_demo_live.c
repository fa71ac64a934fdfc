/* Tests for the demo authority as `hearth demo` makes it after the import: every person
 * named, siblings sharing a family name, no clock running on history the returns show
 * finished, the current year's work present up to the given date and none after it, a
 * realistic mix of clocks, caseloads of 15 to 25 for every demo worker, the workers'
 * casework on the children they hold, and the same authority from the same seed and date. */
#include "testutil.h"

#include "date/clock.h"
#include "demo/demo_family.h"
#include "demo/demo_live.h"
#include "demo/demo_users.h"
#include "demo/synth.h"
#include "format/import.h"
#include "model/codes.h"
#include "model/journey.h"
#include "store/casework.h"
#include "store/demo.h"
#include "store/stages.h"
#include "store/store.h"
#include "store/store_impl.h"

#define POP 10000
#define LAST 2026

struct fixture {
    char *dir;
    struct store *history; /* the import and the names: the returns' picture */
    struct store *live;    /* the same, then the current year up to TODAY and the caseloads */
    struct demo_live_stats st;
    struct demo_casework_stats cw;
};
static struct fixture fx;
static day_t today(void) { return date_from_ymd(2026, 12, 6); }

static void must(int rc, struct err *e, const char *what)
{
    if (rc != HE_OK) {
        char msg[2048];
        err_format(e, msg, sizeof msg);
        fail_msg("%s: %s", what, msg);
    }
}

static struct store *build(const char *files, const char *name, bool live, struct demo_live_stats *st,
                           struct demo_casework_stats *cw)
{
    char db[700];
    snprintf(db, sizeof db, "%s/%s", fx.dir, name);
    struct store *s;
    struct err e;
    err_clear(&e);
    must(store_open(db, STORE_CREATE, &s, &e), &e, "open");
    struct importer im;
    importer_init(&im, s);
    must(store_begin_load(s, &e), &e, "begin");
    struct synth_params p;
    synth_params_default(&p);
    p.first_year = LAST - 1;
    p.last_year = LAST;
    for (int y = synth_first_903_year(&p); y <= LAST; y++) {
        char yd[800];
        snprintf(yd, sizeof yd, "%s/%d", files, y);
        must(import_path(&im, yd, &e), &e, yd);
    }
    must(st_note_returns_end(s, &e), &e, "returns end");
    must(store_commit(s, &e), &e, "commit");
    must(demo_families(s, 1, LAST, NULL, &e), &e, "families");
    if (!live)
        return s;
    must(demo_users_accounts(s, &e), &e, "accounts");
    struct cw_user fd, mgr;
    bool f1, f2;
    must(cw_user_by_name(s, "frontdoor", &fd, &f1, &e), &e, "frontdoor");
    must(cw_user_by_name(s, "manager", &mgr, &f2, &e), &e, "manager");
    assert_true(f1 && f2);
    struct demo_live_staff staff = {.front_door = &fd, .manager = &mgr};
    must(demo_live(s, &staff, 1, date_from_ymd(LAST, 4, 1), today(), st, &e), &e, "live");
    must(demo_users_caseloads(s, 1, today(), &e), &e, "caseloads");
    must(demo_users_casework(s, 1, today(), cw, &e), &e, "casework");
    must(sd_households_settle(s, &e), &e, "households");
    return s;
}

static int setup(void **state)
{
    (void)state;
    fx.dir = test_tmpdir();
    char files[700];
    snprintf(files, sizeof files, "%s/files", fx.dir);
    struct synth_params p;
    synth_params_default(&p);
    p.population = POP;
    p.first_year = LAST - 1;
    p.last_year = LAST;
    struct err e;
    must(synth_write(&p, files, &e), &e, "synth");
    fx.history = build(files, "history.db", false, NULL, NULL);
    fx.live = build(files, "live.db", true, &fx.st, &fx.cw);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(fx.history);
    store_close(fx.live);
    test_rm_rf(fx.dir);
    free(fx.dir);
    return 0;
}

static int64_t count(struct store *s, const char *sql)
{
    int64_t n = -1;
    struct err e;
    must(db_run(store_db(s), sql, &n, NULL, &e, 0, NULL), &e, sql);
    return n;
}

static void test_everyone_named(void **state)
{
    (void)state;
    assert_true(count(fx.live, "SELECT count(*) FROM person") > 2000);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM person WHERE given_name IS NULL OR "
                                    "family_name IS NULL OR given_name = '' OR family_name = ''"), 0);
    /* names, not numbers */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM person WHERE given_name GLOB '*[0-9]*'"), 0);
    /* a family: siblings share the family name (and, in the returns' picture, a household);
     * parents have birth dates */
    assert_true(count(fx.live, "SELECT count(*) FROM relationship WHERE kind = 'SIBLING'") > 500);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM relationship r JOIN person a ON a.id = "
                                    "r.person_id JOIN person b ON b.id = r.relative_id WHERE r.kind = "
                                    "'SIBLING' AND a.family_name <> b.family_name"), 0);
    assert_int_equal(count(fx.history, "SELECT count(*) FROM relationship WHERE kind = 'SIBLING' AND "
                                       "household <> 1"), 0);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM relationship r JOIN person p ON p.id = "
                                    "r.relative_id WHERE r.kind IN ('MOTHER', 'FATHER') AND p.dob IS NULL"), 0);
    /* nearly every child has a parent or carer in the network */
    int64_t children = count(fx.history, "SELECT count(*) FROM person WHERE la_child_id NOT LIKE 'H%'");
    int64_t with_parent = count(fx.history, "SELECT count(DISTINCT person_id) FROM relationship WHERE "
                                            "kind IN ('MOTHER', 'FATHER', 'GRANDPARENT')");
    assert_true(with_parent * 100 >= children * 95);
    /* parents are older than their children */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM relationship r JOIN person c ON c.id = "
                                    "r.person_id JOIN person p ON p.id = r.relative_id WHERE r.kind IN "
                                    "('MOTHER', 'FATHER') AND p.dob > c.dob - 16 * 365"), 0);
}

/* Journeys of every child of a store on a day: (overdue, due soon, open) clocks, and the
 * oldest due date of an overdue one. */
struct tally {
    long overdue, soon, open, children;
    day_t oldest_overdue;
    enum clock_id oldest_id;
};

static void tally(struct store *s, day_t day, const rec_id *ids, int n, struct tally *t)
{
    memset(t, 0, sizeof *t);
    struct err e;
    for (int i = 0; i < n; i++) {
        struct child_file c;
        struct child_extra x;
        must(store_load_child(s, ids[i], &c, &e), &e, "load");
        must(st_load_extra(s, ids[i], &x, &e), &e, "extra");
        struct journey j;
        journey_compute_x(&c, &x, NULL, 0, day, &j);
        t->children++;
        for (int k = 0; k < j.n_clocks; k++) {
            const struct journey_clock *q = &j.clocks[k];
            t->overdue += q->state == CLOCK_OVERDUE;
            t->soon += q->state == CLOCK_DUE_SOON;
            t->open += q->state == CLOCK_OPEN;
            if (q->state == CLOCK_OVERDUE && (!t->oldest_overdue || q->due < t->oldest_overdue)) {
                t->oldest_overdue = q->due;
                t->oldest_id = q->id;
            }
        }
        journey_free(&j);
        child_extra_free(&x);
        child_file_free(&c);
    }
}

static int all_children(struct store *s, rec_id **ids)
{
    int64_t n = count(s, "SELECT count(*) FROM person");
    *ids = malloc((size_t)n * sizeof **ids);
    struct db_stmt *st;
    struct err e;
    must(db_prepare(store_db(s), "SELECT id FROM person ORDER BY id", &st, &e), &e, "ids");
    int k = 0;
    while (db_step(st, &e) == DB_ROW && k < n)
        (*ids)[k++] = db_int(st, 0);
    db_finalize(st);
    return k;
}

/* On the last return's 31 March, what the returns show is all there is: nothing can be
 * overdue from before the year of the latest return (1 April 2025), whose work would have
 * been in the returns had it been done; and work genuinely outstanding at 31 March still
 * shows (the returns hold assessments not authorised by then). */
static void test_no_clock_on_finished_history(void **state)
{
    (void)state;
    rec_id *ids;
    int n = all_children(fx.history, &ids);
    struct tally t;
    day_t last = date_from_ymd(LAST, 3, 31);
    tally(fx.history, last, ids, n, &t);
    if (t.oldest_overdue && t.oldest_overdue < date_from_ymd(LAST - 1, 4, 1)) {
        char d[11];
        date_format_uk(t.oldest_overdue, d);
        fail_msg("a %s clock due %s is overdue on 31 March %d", clock_get(t.oldest_id)->name, d, LAST);
    }
    free(ids);
    assert_true(t.open + t.soon > 100); /* the open cases' clocks still run */
}

static void test_current_year_up_to_today(void **state)
{
    (void)state;
    /* contacts in every month from April to the month before today's, none after today */
    for (int m = 4; m <= 11; m++) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM contact WHERE date BETWEEN %d AND %d",
                 (int)date_from_ymd(2026, m, 1), (int)date_from_ymd(2026, m, date_days_in_month(2026, m)));
        int64_t k = count(fx.live, sql);
        /* the authority's usual month: a year's contacts (POP children) over twelve */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM contact WHERE date BETWEEN %d AND %d",
                 (int)date_from_ymd(LAST - 1, 4, 1), (int)date_from_ymd(LAST, 3, 31));
        int64_t year = count(fx.live, sql);
        if (k * 12 < year / 2 || k * 12 > year * 2)
            fail_msg("month %d: %lld contacts against %lld in the last return's year", m, (long long)k,
                     (long long)year);
    }
    char after[200];
    snprintf(after, sizeof after, "SELECT (SELECT count(*) FROM contact WHERE date > %d) + (SELECT "
             "count(*) FROM la_visit WHERE date > %d) + (SELECT count(*) FROM assessment WHERE "
             "authorised > %d)", (int)today(), (int)today(), (int)today());
    assert_int_equal(count(fx.live, after), 0);
    assert_true(fx.st.contacts > 100 && fx.st.referrals > 20 && fx.st.authorised > 20);
    assert_true(fx.st.visits > 50 && fx.st.la_reviews > 10 && fx.st.leaver_contacts > 10);
    assert_true(fx.st.strategies > 0 && fx.st.conferences > 0 && fx.st.cp_reviews > 0);
    /* every write went through the record's checks; the closures' reason codes are the
     * CIN census's, valid after 2025-26 only once the code lists run past their last year */
    if (codes_cin_valid("reasonforclosuretype", "RC8", 2027))
        assert_int_equal(fx.st.refused, 0);
    else
        assert_true(fx.st.refused <= fx.st.closures + fx.st.referrals);
}

/* Each demo worker holds 15 to 25 children, and their clocks are a real mix. */
static void test_caseloads(void **state)
{
    (void)state;
    static const char *const workers[] = {"social.worker", "aisha.khan", "tom.hughes", "jo.bennett",
                                          "daniel.mensah", "kate.doyle", "care.worker", "nadia.begum",
                                          "lewis.grant", "adviser", "ruth.owusu", "iro"};
    struct tally all = {0};
    day_t oldest = 0;
    for (size_t w = 0; w < sizeof workers / sizeof *workers; w++) {
        struct cw_user u;
        bool found;
        struct err e;
        must(cw_user_by_name(fx.live, workers[w], &u, &found, &e), &e, workers[w]);
        assert_true(found);
        struct db_stmt *st;
        /* the reviewing officer chairs the reviews of children others hold */
        bool iro = !strcmp(workers[w], "iro");
        must(db_prepare(store_db(fx.live),
                        iro ? "SELECT person_id FROM iro_chair WHERE user_id = ? ORDER BY person_id"
                            : "SELECT person_id FROM allocation WHERE staff_id = ? AND end_date IS NULL "
                              "ORDER BY person_id",
                        &st, &e),
             &e, "alloc");
        db_bind_int(st, 1, iro ? u.id : u.staff_id);
        rec_id ids[100];
        int n = 0;
        while (db_step(st, &e) == DB_ROW && n < 100)
            ids[n++] = db_int(st, 0);
        db_finalize(st);
        if (n < DEMO_CASELOAD_MIN || n > DEMO_CASELOAD_MAX)
            fail_msg("%s holds %d children", workers[w], n);
        struct tally t;
        tally(fx.live, today(), ids, n, &t);
        all.overdue += t.overdue, all.soon += t.soon, all.open += t.open;
        if (t.oldest_overdue && (!oldest || t.oldest_overdue < oldest))
            oldest = t.oldest_overdue;
    }
    /* nothing a worker holds has been overdue since before the current year's work began */
    if (oldest && oldest < date_from_ymd(LAST, 4, 1)) {
        char d[11];
        date_format_uk(oldest, d);
        fail_msg("a clock of a worker's child was due %s", d);
    }
    /* most clocks on time, some due soon, a few overdue */
    long clocks = all.overdue + all.soon + all.open;
    assert_true(clocks > 100);
    assert_true(all.overdue > 0 && all.overdue * 5 < clocks);
    assert_true(all.soon > 0);
    assert_true(all.open > clocks / 2);
}

/* What a worker opens reads as casework: every child they hold has case notes in their own
 * name, the children on a plan or in care have a plan with actions (and their health
 * assessment and PEP), the children new this year their ethnicity, the worker has tasks,
 * the team manager has assessments and notes to look at, and nothing was refused. */
static void test_casework(void **state)
{
    (void)state;
    assert_int_equal(fx.cw.refused, 0);
    assert_true(fx.cw.children >= 12 * DEMO_CASELOAD_MIN);
    /* allocated to a demo worker (not the reviewing officer) and without notes */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM allocation a JOIN app_user u ON u.staff_id = "
                                    "a.staff_id WHERE a.end_date IS NULL AND u.name <> 'iro' AND NOT EXISTS (SELECT 1 FROM case_note_child n "
                                    "WHERE n.person_id = a.person_id)"), 0);
    assert_true(fx.cw.notes >= 2 * fx.cw.children);
    /* the text names the child it is about */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM case_note_version v JOIN case_note_child c ON "
                                    "c.note_id = v.note_id JOIN person p ON p.id = c.person_id WHERE "
                                    "instr(v.body, p.given_name) = 0"), 0);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM case_note_version WHERE body LIKE '%@%'"), 0);
    assert_true(fx.cw.plans > fx.cw.children / 2 && fx.cw.actions >= 3 * fx.cw.plans);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM child_plan"), fx.cw.plans);
    /* every looked-after child a worker holds has a care or pathway plan */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM allocation a JOIN app_user u ON u.staff_id = "
                                    "a.staff_id JOIN la_episode l ON l.person_id = a.person_id AND l.dec IS "
                                    "NULL WHERE a.end_date IS NULL AND u.name <> 'iro' AND NOT EXISTS "
                                    "(SELECT 1 FROM child_plan c WHERE c.person_id = a.person_id AND c.kind "
                                    "IN ('CARE', 'PATHWAY'))"), 0);
    assert_true(fx.cw.tasks >= 12);
    /* tasks done: most by the day they were due, some late */
    assert_true(fx.cw.tasks_done > 12);
    char late_sql[200];
    snprintf(late_sql, sizeof late_sql, "SELECT count(*) FROM task WHERE state = 'done' AND closed_at / 86400 > "
             "due - %d", (int)date_from_ymd(1970, 1, 1));
    int64_t late = count(fx.live, late_sql);
    assert_true(late > 0 && late * 2 < fx.cw.tasks_done);
    assert_true(fx.cw.submitted > 0 && fx.cw.assessments >= fx.cw.submitted);
    /* the assessment team's manager decides most of what is sent, returning some with the
     * reason; the rest wait in the tray */
    assert_true(fx.cw.authorised > 0 && fx.cw.returned > 0);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM auth_request WHERE kind = 'assessment' AND state = "
                                    "'authorised'"), fx.cw.authorised);
    assert_int_equal(count(fx.live, "SELECT count(*) FROM auth_request WHERE kind = 'assessment' AND state = "
                                    "'returned' AND length(comment) > 20"), fx.cw.returned);
    assert_true(count(fx.live, "SELECT count(*) FROM auth_request WHERE kind = 'assessment' AND state = 'pending'") >=
                fx.cw.submitted - fx.cw.authorised - fx.cw.returned);
    assert_true(count(fx.live, "SELECT count(*) FROM case_note WHERE oversight = 1") > 0);
    /* a looked-after child's health assessment and PEP, mostly in time */
    assert_true(fx.cw.health > 0);
    /* the front door asks a new child's ethnicity and disability (CIN census 4220, 8540) */
    char fresh[300];
    snprintf(fresh, sizeof fresh, "SELECT count(*) FROM person p WHERE p.la_child_id LIKE 'H%%' AND (p.ethnicity IS "
             "NULL OR p.disabilities IS NULL) AND EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id "
             "AND c.date >= %d)",
             (int)date_from_ymd(LAST, 4, 1));
    assert_int_equal(count(fx.live, fresh), 0);
    /* nothing written after today */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM case_note_version WHERE at_day > %d) + (SELECT "
             "count(*) FROM child_plan WHERE start > %d)", (int)today(), (int)today());
    assert_int_equal(count(fx.live, sql), 0);
}

/* Who lives at home, as today leaves it: a child looked after lives with none of the family
 * network, nor with a brother or sister at home; a care leaver back with their family
 * (OC3 accommodation B) does; a care leaver's notes put them where their accommodation
 * says; and a worker writes no note twice about one child while other texts are left. */
#define LATEST_ACCOM                                                                          \
    "(SELECT c.accom FROM care_leaver c WHERE c.person_id = %s AND c.accom IS NOT NULL ORDER " \
    "BY c.year DESC LIMIT 1)"
static void test_households(void **state)
{
    (void)state;
    const char *in_care = "SELECT person_id FROM la_episode WHERE dec IS NULL";
    char sql[1200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM relationship WHERE household = 1 AND (person_id IN (%s) "
             "OR (kind = 'SIBLING' AND relative_id IN (%s)))", in_care, in_care);
    assert_int_equal(count(fx.live, sql), 0);
    /* before, in the returns' picture, most of them were at home */
    assert_true(count(fx.history, sql) > 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM relationship r WHERE r.kind IN ('MOTHER', 'FATHER') AND "
             "r.household = 1 AND " LATEST_ACCOM " NOT LIKE 'B%%' AND r.person_id NOT IN (%s)", "r.person_id", in_care);
    assert_int_equal(count(fx.live, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM relationship r WHERE r.household = 1 AND " LATEST_ACCOM
             " LIKE 'B%%'", "r.person_id");
    assert_true(count(fx.live, sql) > 0); /* back with their family: untouched */
    /* a care leaver staying put is not visited in a flat of their own */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_note_version v JOIN case_note_child n ON n.note_id = "
             "v.note_id WHERE " LATEST_ACCOM " LIKE 'Z%%' AND v.body LIKE '%%their flat%%'", "n.person_id");
    assert_int_equal(count(fx.live, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_note_version v JOIN case_note_child n ON n.note_id = "
             "v.note_id WHERE " LATEST_ACCOM " LIKE 'U%%' AND v.body LIKE '%%their flat%%'", "n.person_id");
    int64_t flats = count(fx.live, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_note_version v JOIN case_note_child n ON n.note_id = "
             "v.note_id WHERE " LATEST_ACCOM " IS NOT NULL AND v.body LIKE 'Visit to %%'", "n.person_id");
    assert_true(count(fx.live, sql) > 0 && flats >= 0);
    /* never the same text in two notes about one child (a situation has more texts than a
     * child gets notes) */
    assert_int_equal(count(fx.live, "SELECT count(*) FROM (SELECT n.person_id, v.body FROM case_note_version v "
                                    "JOIN case_note_child n ON n.note_id = v.note_id GROUP BY n.person_id, v.body "
                                    "HAVING count(DISTINCT v.note_id) > 1)"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everyone_named),
        cmocka_unit_test(test_no_clock_on_finished_history),
        cmocka_unit_test(test_current_year_up_to_today),
        cmocka_unit_test(test_caseloads),
        cmocka_unit_test(test_casework),
        cmocka_unit_test(test_households),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
