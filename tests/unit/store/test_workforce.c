/* The workforce records (store/workforce.h) on both stores: posts and the people in them,
 * each refusal naming its field with nothing written (a post's role, FTE and team; a holder
 * before the post opens, twice in the same post, employed FTE over the post's; a leaving
 * date not after the start; an absence outside the time in post or over another; closing a
 * post someone is still in), vacancies and who is in post on a day, and caseloads weighted
 * by the weights the authority sets (each child at the weight of its heaviest kind of work). */
#include "teststore.h"

#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/workforce.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw, tm;
    rec_id kids[3];
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "wf.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->sw, &found, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->tm, &found, &e), HE_OK);
    const char *names[3] = {"Amy", "Ben", "Cal"};
    for (int i = 0; i < 3; i++) {
        struct cw_new_child nc = {.given = names[i], .family = "Lee", .dob = D(2015 + i, 1, 1), .sex = "F"};
        rec_id contact;
        assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2026, 1, 5), "6", "x", 5, &f->kids[i],
                                           &contact, &e),
                         HE_OK);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

static int64_t rows(struct fx *f, const char *table)
{
    char sql[80];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    int64_t n = -1;
    struct err e;
    assert_int_equal(DB_INT(store_db(f->s), &e, &n, sql), HE_OK);
    return n;
}

static void test_parse(void **state)
{
    (void)state;
    assert_int_equal(wkf_parse_fte("1"), 100);
    assert_int_equal(wkf_parse_fte("0.6"), 60);
    assert_int_equal(wkf_parse_fte(".75"), 75);
    assert_int_equal(wkf_parse_fte("1.00"), 100);
    assert_int_equal(wkf_parse_fte("1.01"), -1);
    assert_int_equal(wkf_parse_fte("0"), -1);
    assert_int_equal(wkf_parse_fte("0.125"), -1);
    assert_int_equal(wkf_parse_fte("half"), -1);
    assert_int_equal(wkf_parse_fte(""), -1);
    assert_int_equal(wkf_parse_weight("0"), 0);
    assert_int_equal(wkf_parse_weight("2.5"), 250);
    assert_int_equal(wkf_parse_weight("10"), 1000);
    assert_int_equal(wkf_parse_weight("10.5"), -1);
    char t[24];
    wkf_fte_text(60, t);
    assert_string_equal(t, "0.6");
    wkf_fte_text(75, t);
    assert_string_equal(t, "0.75");
    wkf_fte_text(300, t);
    assert_string_equal(t, "3");
    assert_true(wkf_role_counts("senior_practitioner"));
    assert_false(wkf_role_counts("personal_adviser"));
}

static void test_refusals(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t post = 0, h = 0, h2 = 0;
    struct wkf_post_in p = {.team_id = f->sw.team_id, .title = "Social worker", .role = "nurse", .fte = 100,
                            .opened = D(2025, 1, 1)};
    assert_int_equal(wkf_post_add(f->s, f->tm.id, &p, 1, &post, &e), HE_INPUT);
    assert_string_equal(e.field, "role");
    p.role = "social_worker";
    p.fte = 0;
    assert_int_equal(wkf_post_add(f->s, f->tm.id, &p, 1, &post, &e), HE_INPUT);
    assert_string_equal(e.field, "fte");
    p.fte = 100;
    p.team_id = 9999;
    assert_int_equal(wkf_post_add(f->s, f->tm.id, &p, 1, &post, &e), HE_INPUT);
    assert_string_equal(e.field, "team");
    assert_int_equal(rows(f, "workforce_post"), 0);
    p.team_id = f->sw.team_id;
    assert_int_equal(wkf_post_add(f->s, f->tm.id, &p, 1, &post, &e), HE_OK);

    /* before the post opened */
    struct wkf_holder_in in = {.post_id = post, .staff_id = f->sw.staff_id, .employment = "employed", .fte = 100,
                               .start = D(2024, 12, 31), .start_reason = "joined"};
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &in, 1, &h, &e), HE_INPUT);
    assert_string_equal(e.field, "start");
    in.start = D(2025, 1, 1);
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &in, 1, &h, &e), HE_OK);
    /* twice in the same post; a second employed worker over the post's FTE */
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &in, 1, &h2, &e), HE_INPUT);
    assert_string_equal(e.field, "staff");
    struct wkf_holder_in other = {.post_id = post, .name = "Jo Bloggs", .employment = "employed", .fte = 50,
                                  .start = D(2025, 6, 1), .start_reason = "joined"};
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &other, 1, &h2, &e), HE_INPUT);
    assert_string_equal(e.field, "fte");
    int64_t staff_before = rows(f, "staff");
    /* an agency worker may cover (the employed worker away) */
    other.employment = "agency";
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &other, 1, &h2, &e), HE_OK);
    assert_int_equal(rows(f, "staff"), staff_before + 1); /* a staff row for someone without an account */
    assert_int_equal(rows(f, "workforce_holder"), 2);

    /* leaving: not after the start; then the post cannot close while the agency worker is in it */
    assert_int_equal(wkf_holder_leave(f->s, h, D(2025, 1, 1), "left", &e), HE_INPUT);
    assert_string_equal(e.field, "left_on");
    assert_int_equal(wkf_holder_leave(f->s, h, D(2025, 3, 1), "retired", &e), HE_INPUT);
    assert_string_equal(e.field, "leave_reason");

    /* absences: outside the time in post, overlapping, then ended */
    int64_t ab = 0;
    assert_int_equal(wkf_absence_add(f->s, f->tm.id, h, "sickness", D(2024, 12, 1), D(2025, 1, 3), 1, &ab, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "start");
    assert_int_equal(wkf_absence_add(f->s, f->tm.id, h, "sickness", D(2025, 2, 3), D(2025, 2, 2), 1, &ab, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "end");
    assert_int_equal(wkf_absence_add(f->s, f->tm.id, h, "holiday", D(2025, 2, 3), DAY_NONE, 1, &ab, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(wkf_absence_add(f->s, f->tm.id, h, "sickness", D(2025, 2, 3), DAY_NONE, 1, &ab, &e), HE_OK);
    int64_t ab2 = 0;
    assert_int_equal(wkf_absence_add(f->s, f->tm.id, h, "other", D(2025, 3, 3), D(2025, 3, 4), 1, &ab2, &e),
                     HE_INPUT); /* the open sickness covers it */
    assert_string_equal(e.field, "start");
    assert_int_equal(wkf_absence_end(f->s, ab, D(2025, 2, 1), &e), HE_INPUT);
    assert_string_equal(e.field, "end");
    assert_int_equal(wkf_absence_end(f->s, ab, D(2025, 2, 7), &e), HE_OK);
    assert_int_equal(wkf_absence_end(f->s, ab, D(2025, 2, 8), &e), HE_INPUT); /* already ended */
    assert_int_equal(rows(f, "workforce_absence"), 1);

    /* on 2025-02-05: away; vacancy none (the employed worker fills the post), agency 0.5 */
    struct arena mem = {0};
    struct wkf_post *ps;
    int n;
    assert_int_equal(wkf_posts(f->s, 0, D(2025, 2, 5), false, &mem, &ps, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ps[0].vacancy_fte, 0);
    assert_int_equal(ps[0].n_holders, 2); /* everyone ever in it, newest start first */
    assert_int_equal(ps[0].agency_fte, 0); /* the agency worker starts in June */
    assert_false(ps[0].holders[0].absent);
    assert_true(ps[0].holders[1].absent);
    assert_int_equal(wkf_posts(f->s, 0, D(2025, 7, 1), false, &mem, &ps, &n, &e), HE_OK);
    assert_int_equal(ps[0].agency_fte, 50);
    assert_string_equal(ps[0].holders[0].name, "Jo Bloggs");

    assert_int_equal(wkf_holder_leave(f->s, h, D(2025, 8, 1), "left", &e), HE_OK);
    assert_int_equal(wkf_holder_leave(f->s, h, D(2025, 8, 2), "left", &e), HE_INPUT); /* already left */
    assert_int_equal(wkf_posts(f->s, 0, D(2025, 8, 1), false, &mem, &ps, &n, &e), HE_OK);
    assert_int_equal(ps[0].vacancy_fte, 100); /* left on the day: the post is vacant on it */
    assert_int_equal(wkf_post_close(f->s, post, D(2025, 9, 1), &e), HE_INPUT);
    assert_string_equal(e.field, "closed");
    assert_int_equal(wkf_holder_leave(f->s, h2, D(2025, 9, 1), "left", &e), HE_OK);
    assert_int_equal(wkf_post_close(f->s, post, D(2025, 9, 1), &e), HE_OK);
    assert_int_equal(wkf_posts(f->s, 0, D(2025, 9, 1), false, &mem, &ps, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(wkf_posts(f->s, 0, D(2025, 9, 1), true, &mem, &ps, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    /* a new holder in a closed post */
    in.start = D(2025, 10, 1);
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &in, 1, &h, &e), HE_INPUT);
    assert_string_equal(e.field, "start");
    arena_free(&mem);
}

static void test_weights(void **state)
{
    struct fx *f = *state;
    struct err e;
    int w[WKF_WEIGHT_KINDS];
    assert_int_equal(wkf_weights(f->s, w, &e), HE_OK);
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
        assert_int_equal(w[i], 100); /* never set: each child counts once */
    int set[WKF_WEIGHT_KINDS] = {250, 150, 100, 50};
    assert_int_equal(wkf_weights_set(f->s, f->tm.id, set, 1, &e), HE_OK);
    set[0] = 200; /* changed */
    assert_int_equal(wkf_weights_set(f->s, f->tm.id, set, 2, &e), HE_OK);
    int bad[WKF_WEIGHT_KINDS] = {100, 1001, 100, 100};
    assert_int_equal(wkf_weights_set(f->s, f->tm.id, bad, 3, &e), HE_INPUT);
    assert_string_equal(e.field, "la");
    assert_int_equal(wkf_weights(f->s, w, &e), HE_OK);
    assert_int_equal(w[0], 200);
    assert_int_equal(w[1], 150);
    assert_int_equal(w[2], 100);
    assert_int_equal(w[3], 50);

    int64_t post = 0, h = 0;
    struct wkf_post_in p = {.team_id = f->sw.team_id, .title = "Social worker", .role = "social_worker", .fte = 100,
                            .opened = D(2025, 1, 1)};
    assert_int_equal(wkf_post_add(f->s, f->tm.id, &p, 1, &post, &e), HE_OK);
    struct wkf_holder_in in = {.post_id = post, .staff_id = f->sw.staff_id, .employment = "employed", .fte = 80,
                               .start = D(2025, 1, 1), .start_reason = "joined"};
    assert_int_equal(wkf_holder_add(f->s, f->tm.id, &in, 1, &h, &e), HE_OK);
    /* Amy: in need and on a protection plan (weighs 2); Ben: looked after (1.5); Cal: nothing open (0.5) */
    struct db *d = store_db(f->s);
    int64_t ep = 0;
    assert_int_equal(DB_INT(d, &e, &ep,
                            "INSERT INTO cin_episode (person_id, referral_date, src_year) VALUES (?, ?, 2026) "
                            "RETURNING id",
                            DB_I(f->kids[0]), DB_I(D(2026, 1, 6))),
                     HE_OK);
    assert_int_equal(DB_RUN(d, &e, "INSERT INTO cp_plan (episode_id, start, src_year) VALUES (?, ?, 2026)", DB_I(ep),
                            DB_I(D(2026, 2, 1))),
                     HE_OK);
    assert_int_equal(DB_RUN(d, &e, "INSERT INTO la_episode (person_id, decom, src_year) VALUES (?, ?, 2026)",
                            DB_I(f->kids[1]), DB_I(D(2026, 1, 10))),
                     HE_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(cw_assign(f->s, f->kids[i], f->sw.team_id, f->sw.staff_id, D(2026, 1, 6), &e), HE_OK);
    struct arena mem = {0};
    struct wkf_caseload *c;
    int n;
    assert_int_equal(wkf_caseloads(f->s, 0, D(2026, 2, 1), &mem, &c, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].name, "Sam Worker");
    assert_int_equal(c[0].cases, 3);
    assert_int_equal(c[0].by_kind[0], 1);
    assert_int_equal(c[0].by_kind[1], 1);
    assert_int_equal(c[0].by_kind[3], 1);
    assert_int_equal(c[0].weighted, 200 + 150 + 50);
    /* the day before the plan: Amy is a child in need (1) */
    assert_int_equal(wkf_caseloads(f->s, 0, D(2026, 1, 31), &mem, &c, &n, &e), HE_OK);
    assert_int_equal(c[0].by_kind[2], 1);
    assert_int_equal(c[0].weighted, 100 + 150 + 50);
    /* another team's view is empty */
    assert_int_equal(wkf_caseloads(f->s, 9999, D(2026, 2, 1), &mem, &c, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    arena_free(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weights, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "workforce", tests, NULL, NULL);
}
