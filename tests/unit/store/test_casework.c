/* Case work on the portable layer: users, sessions, visibility, the front door writing into
 * the returns' tables, record versions, drafts and the access log. */
#include "teststore.h"

#include "model/journey.h"
#include "store/casework.h"
#include "store/store.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user fd, other;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "c.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "fd", "Front Door", ROLE_FRONT_DOOR, "Front Door", "h1", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->fd, &found, &e), HE_OK);
    assert_true(found);
    assert_int_equal(cw_user_add(f->s, "sw2", "Other Team", ROLE_SOCIAL_WORKER, "South", "h2", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->other, &found, &e), HE_OK);
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

static void test_users(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id, n;
    bool found;
    struct cw_user u;
    assert_string_equal(f->fd.team, "Front Door");
    assert_int_equal(f->fd.role, ROLE_FRONT_DOOR);
    assert_true(f->fd.staff_id > 0);
    err_clear(&e);
    assert_int_equal(cw_user_add(f->s, "fd", "Again", ROLE_ADMIN, NULL, "h", 1, &id, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "already"));
    assert_int_equal(cw_user_add(f->s, "bad name!", "x", ROLE_ADMIN, NULL, "h", 1, &id, &e), HE_INPUT);
    assert_int_equal(cw_user_count(f->s, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(cw_user_by_name(f->s, "nobody", &u, &found, &e), HE_OK);
    assert_false(found);
    assert_int_equal(cw_role_parse("Team manager"), ROLE_TEAM_MANAGER);
    assert_int_equal(cw_role_parse("social-worker"), ROLE_SOCIAL_WORKER);
    assert_int_equal(cw_role_parse("boss"), -1);
}

static void test_sessions(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t uid;
    char csrf[65];
    enum cw_session_state st;
    int64_t last;
    assert_int_equal(cw_session_put(f->s, "digest1", f->fd.id, "csrf1", 1000, &e), HE_OK);
    assert_int_equal(cw_session_get(f->s, "digest1", 1100, 600, &uid, csrf, &st, &last, &e), HE_OK);
    assert_int_equal(st, CW_SESSION_LIVE);
    assert_int_equal(uid, f->fd.id);
    assert_string_equal(csrf, "csrf1");
    assert_int_equal(last, 1000);
    /* the session with its user in one statement: the same answers, and the user as
     * cw_user_by_id gives it */
    struct cw_user su, byid;
    bool found, found2;
    int64_t uid2, last2;
    char csrf2[65];
    enum cw_session_state st2;
    assert_int_equal(cw_session_user(f->s, "digest1", 1100, 600, &uid2, csrf2, &st2, &last2, &su, &found, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, f->fd.id, &byid, &found2, &e), HE_OK);
    assert_true(found && found2);
    assert_int_equal(st2, CW_SESSION_LIVE);
    assert_int_equal(uid2, f->fd.id);
    assert_string_equal(csrf2, "csrf1");
    assert_int_equal(last2, 1000);
    assert_memory_equal(&su, &byid, sizeof su);
    assert_int_equal(cw_session_user(f->s, "digest1", 1100 + 601, 600, &uid2, csrf2, &st2, &last2, &su, &found, &e), HE_OK);
    assert_int_equal(st2, CW_SESSION_IDLE);
    assert_int_equal(cw_session_user(f->s, "nope", 1100, 600, &uid2, csrf2, &st2, &last2, &su, &found, &e), HE_OK);
    assert_int_equal(st2, CW_SESSION_NONE);
    assert_false(found);
    assert_int_equal(uid2, 0);
    assert_int_equal(cw_session_touch(f->s, "digest1", 1100, &e), HE_OK);
    /* seen at 1100: idle after 600 s more */
    assert_int_equal(cw_session_get(f->s, "digest1", 1100 + 601, 600, &uid, csrf, &st, &last, &e), HE_OK);
    assert_int_equal(st, CW_SESSION_IDLE);
    assert_int_equal(uid, f->fd.id); /* still known, so a late submit can become a draft */
    assert_int_equal(cw_session_get(f->s, "digest1", 1100 + 90000, 600, &uid, csrf, &st, &last, &e), HE_OK);
    assert_int_equal(st, CW_SESSION_NONE);
    assert_int_equal(cw_session_get(f->s, "nope", 1100, 600, &uid, csrf, &st, &last, &e), HE_OK);
    assert_int_equal(st, CW_SESSION_NONE);
    assert_int_equal(cw_session_delete(f->s, "digest1", &e), HE_OK);
    assert_int_equal(cw_session_get(f->s, "digest1", 1100, 600, &uid, csrf, &st, &last, &e), HE_OK);
    assert_int_equal(st, CW_SESSION_NONE);
}

static void test_front_door(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t d = date_from_ymd(2026, 3, 2);
    struct cw_new_child nc = {.given = "Ada", .family = "Lovelace", .dob = date_from_ymd(2015, 12, 10), .sex = "F"};
    rec_id person = 0, contact = 0, ep = 0;
    assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, d, "2A", "Bruise seen at school", 5,
                                       &person, &contact, &e), HE_OK);
    assert_true(person > 0 && contact > 0);
    /* the contact is in the returns' table, with its concerns beside it */
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_contacts, 1);
    assert_string_equal(cf.contacts[0].source, "2A");
    assert_null(cf.contacts[0].decision);
    assert_string_equal(cf.person.given_name, "Ada");
    child_file_free(&cf);
    char *concerns;
    assert_int_equal(cw_contact_concerns(f->s, contact, &concerns, &e), HE_OK);
    assert_string_equal(concerns, "Bruise seen at school");
    free(concerns);
    /* the front door's team holds the child; another team cannot see them */
    bool ok;
    assert_int_equal(cw_can_see(f->s, &f->fd, person, &ok, &e), HE_OK);
    assert_true(ok);
    assert_int_equal(cw_can_see(f->s, &f->other, person, &ok, &e), HE_OK);
    assert_false(ok);
    struct cw_child_row rows[10];
    int n;
    assert_int_equal(cw_search(f->s, &f->other, "Lovelace", rows, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cw_search(f->s, &f->fd, "love", rows, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cw_search(f->s, &f->fd, "10/12/2015", rows, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cw_search(f->s, &f->fd, "%", rows, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0); /* a LIKE wildcard typed by a user is only a character */
    struct cw_contact_row open[5];
    assert_int_equal(cw_open_contacts(f->s, &f->fd, open, 5, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    /* the clock runs only for this hearth contact */
    rec_id awaiting[4];
    assert_int_equal(cw_awaiting_contacts(f->s, person, awaiting, 4, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    int64_t v;
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    assert_int_equal(v, 1);
    /* a stale version is refused and changes nothing */
    err_clear(&e);
    assert_int_equal(cw_decide_contact(f->s, &f->fd, contact, 0, "REFERRAL", d + 1, "N1", &ep, &e), HE_INPUT);
    assert_string_equal(e.field, "version");
    /* a decision before the contact is refused */
    assert_int_equal(cw_decide_contact(f->s, &f->fd, contact, v, "REFERRAL", d - 1, "N1", &ep, &e), HE_INPUT);
    assert_int_equal(cw_decide_contact(f->s, &f->other, contact, v, "NFA", d, NULL, &ep, &e), HE_INPUT);
    assert_int_equal(cw_decide_contact(f->s, &f->fd, contact, v, "MAYBE", d, NULL, &ep, &e), HE_INPUT);
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_episodes, 0);
    assert_null(cf.contacts[0].decision);
    child_file_free(&cf);
    /* the referral opens an episode of need in the census table */
    assert_int_equal(cw_decide_contact(f->s, &f->fd, contact, v, "REFERRAL", d + 1, "N1", &ep, &e), HE_OK);
    assert_true(ep > 0);
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_episodes, 1);
    assert_int_equal(cf.episodes[0].referral_date, d + 1);
    assert_string_equal(cf.episodes[0].referral_source, "2A");
    assert_string_equal(cf.episodes[0].primary_need, "N1");
    assert_string_equal(cf.contacts[0].decision, "REFERRAL");
    struct journey j;
    journey_compute(&cf, NULL, 0, d + 2, &j);
    assert_true(j.status & JS_CIN);
    assert_int_equal(j.n_clocks, 1);
    assert_int_equal(j.clocks[0].id, CLOCK_ASSESSMENT);
    assert_int_equal(j.clocks[0].due, clock_due(CLOCK_ASSESSMENT, d + 1));
    journey_free(&j);
    child_file_free(&cf);
    assert_int_equal(cw_open_contacts(f->s, &f->fd, open, 5, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    /* a second decision is refused */
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    rec_id ep2;
    assert_int_equal(cw_decide_contact(f->s, &f->fd, contact, v, "NFA", d + 1, NULL, &ep2, &e), HE_INPUT);
    /* assessment: started by the worker, authorised only by a manager */
    assert_int_equal(cw_start_assessment(f->s, person, v, ep, d, NULL, &e), HE_INPUT); /* before referral */
    assert_int_equal(cw_start_assessment(f->s, person, v, ep, d + 2, "2B,21", &e), HE_OK);
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_assessments, 1);
    rec_id aid = cf.assessments_id[0];
    child_file_free(&cf);
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    assert_int_equal(cw_authorise_assessment(f->s, &f->fd, person, v, aid, d + 5, &e), HE_INPUT);
    int64_t mid;
    bool found;
    struct cw_user mgr;
    assert_int_equal(cw_user_add(f->s, "mgr", "Manager", ROLE_TEAM_MANAGER, "Front Door", "h", 1, &mid, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, mid, &mgr, &found, &e), HE_OK);
    assert_int_equal(cw_authorise_assessment(f->s, &mgr, person, v, aid, d + 1, &e), HE_INPUT); /* before start */
    assert_int_equal(cw_authorise_assessment(f->s, &mgr, person, v, aid, d + 5, &e), HE_OK);
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.assessments[0].authorised, d + 5);
    journey_compute(&cf, NULL, 0, d + 6, &j);
    assert_int_equal(j.n_clocks, 0); /* the assessment clock stopped */
    assert_true(j.n_events >= 5);
    journey_free(&j);
    child_file_free(&cf);
    /* strategy discussion -> section 47 with its conference target -> ICPC and a plan */
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    assert_int_equal(cw_record_strategy(f->s, person, v, ep, d, &e), HE_INPUT); /* before referral */
    assert_int_equal(cw_record_strategy(f->s, person, v, ep, d + 7, &e), HE_OK);
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_s47s, 1);
    assert_int_equal(cf.s47s[0].icpc_target, clock_due(CLOCK_ICPC, d + 7));
    rec_id q = cf.s47s_id[0];
    journey_compute(&cf, NULL, 0, d + 8, &j);
    assert_int_equal(j.n_clocks, 1);
    assert_int_equal(j.clocks[0].id, CLOCK_ICPC);
    journey_free(&j);
    child_file_free(&cf);
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    assert_int_equal(cw_record_icpc(f->s, person, v, q, d + 6, "NEG", &e), HE_INPUT); /* before */
    assert_int_equal(cw_record_icpc(f->s, person, v, q, d + 20, "NEG", &e), HE_OK);
    assert_int_equal(cw_record_icpc(f->s, person, v + 1, q, d + 21, NULL, &e), HE_INPUT); /* twice */
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.s47s[0].icpc_date, d + 20);
    assert_int_equal(cf.n_cp_plans, 1);
    assert_string_equal(cf.cp_plans[0].initial_category, "NEG");
    assert_int_equal(cf.cp_plans[0].previous_plans, 0);
    journey_compute(&cf, NULL, 0, d + 21, &j);
    assert_true(j.status & JS_CP);
    assert_int_equal(j.n_clocks, 1);
    assert_int_equal(j.clocks[0].id, CLOCK_CP_FIRST_REVIEW);
    assert_int_equal(j.clocks[0].due, date_add_months(d + 20, 3));
    journey_free(&j);
    child_file_free(&cf);
    /* the start of a given name, a family name or the whole name, any case, through the
     * indexed name keys (migration 6); never the middle of a name */
    struct cw_new_child nc2 = {.given = "Zoë", .family = "O'Brien", .dob = date_from_ymd(2016, 1, 1), .sex = "F"};
    rec_id p2 = 0, c2 = 0;
    if (cw_record_contact(f->s, &f->fd, 0, 0, &nc2, d, "2A", "Second child", 6, &p2, &c2, &e) != HE_OK)
        fail_msg("%s", e.msg);
    static const struct { const char *q; int n; } finds[] = {
        {"LOVE", 1}, {"ada", 1}, {"Ada Lo", 1}, {"ada lovelace", 1}, {"ove", 0}, {"Lovelaces", 0},
        {"o'b", 1}, {"O'BRIEN", 1}, {"O'Brie_", 0}, {"O'Brien%", 0}, {"zo", 1}, {"Zoë", 1}, {"Zoë O'", 1}, {"zoe", 0},
        {"a", 1}, {"Z", 1}, {"o", 1},
    };
    for (size_t k = 0; k < sizeof finds / sizeof finds[0]; k++) {
        assert_int_equal(cw_search(f->s, &f->fd, finds[k].q, rows, 10, &n, &e), HE_OK);
        if (n != finds[k].n)
            fail_msg("search '%s': %d found, expected %d", finds[k].q, n, finds[k].n);
    }
}

static void test_drafts_and_log(void **state)
{
    struct fx *f = *state;
    struct err e;
    char *body;
    assert_int_equal(cw_draft_get(f->s, f->fd.id, "/contacts/new", &body, &e), HE_OK);
    assert_null(body);
    assert_int_equal(cw_draft_put(f->s, f->fd.id, "/contacts/new", "given=A", 1, &e), HE_OK);
    assert_int_equal(cw_draft_put(f->s, f->fd.id, "/contacts/new", "given=B", 2, &e), HE_OK);
    assert_int_equal(cw_draft_get(f->s, f->fd.id, "/contacts/new", &body, &e), HE_OK);
    assert_string_equal(body, "given=B");
    free(body);
    assert_int_equal(cw_draft_get(f->s, f->other.id, "/contacts/new", &body, &e), HE_OK);
    assert_null(body); /* drafts are the user's own */
    assert_int_equal(cw_draft_delete(f->s, f->fd.id, "/contacts/new", &e), HE_OK);
    assert_int_equal(cw_draft_get(f->s, f->fd.id, "/contacts/new", &body, &e), HE_OK);
    assert_null(body);
    struct cw_new_child nc = {.given = "B", .family = "C", .dob = date_from_ymd(2020, 1, 1), .sex = "M"};
    rec_id person, contact;
    assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, date_from_ymd(2026, 1, 5), "6", "x", 5,
                                       &person, &contact, &e), HE_OK);
    assert_int_equal(cw_access_log(f->s, f->fd.id, person, "record", 100, &e), HE_OK);
    assert_int_equal(cw_access_log(f->s, f->fd.id, person, "contact form", 200, &e), HE_OK);
    struct cw_access a[5];
    int n;
    assert_int_equal(cw_access_list(f->s, person, a, 5, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(a[0].at, 200);
    assert_string_equal(a[0].page, "contact form");
    assert_string_equal(a[1].user, "Front Door");
}

static void test_looked_after(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct cw_new_child nc = {.given = "L", .family = "A", .dob = date_from_ymd(2012, 5, 1), .sex = "F"};
    rec_id person, contact;
    day_t d = date_from_ymd(2026, 2, 2);
    assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, d, "6", "x", 5, &person, &contact, &e), HE_OK);
    int64_t v;
    assert_int_equal(cw_version(f->s, person, &v, &e), HE_OK);
    assert_int_equal(cw_change_placement(f->s, person, v, d, "K2", "CARPL", &e), HE_INPUT); /* not in care */
    assert_int_equal(cw_become_looked_after(f->s, person, v, d, "C1", "N1", "U6", &e), HE_OK);
    assert_int_equal(cw_become_looked_after(f->s, person, v + 1, d + 3, "C2", "N1", "U6", &e), HE_INPUT);
    assert_int_equal(cw_change_placement(f->s, person, v + 1, d, "K2", "CARPL", &e), HE_INPUT); /* same day */
    assert_int_equal(cw_change_placement(f->s, person, v, d + 10, "K2", "CARPL", &e), HE_INPUT); /* stale */
    assert_string_equal(e.field, "version");
    /* a move to another carer of the same type is a change of placement (as pl_move) */
    assert_int_equal(cw_change_placement(f->s, person, v + 1, d + 5, "U6", "CREQB", &e), HE_OK);
    assert_int_equal(cw_change_placement(f->s, person, v + 2, d + 10, "K2", "CARPL", &e), HE_OK);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, person, &cf, &e), HE_OK);
    assert_int_equal(cf.n_la_episodes, 3);
    assert_int_equal(cf.la_episodes[0].dec, d + 5);
    assert_string_equal(cf.la_episodes[0].rec, "X1");
    /* the reason for the change is on the episode that ended (SSDA903 rules 225 and 233) */
    assert_string_equal(cf.la_episodes[0].reason_place_change, "CREQB");
    assert_string_equal(cf.la_episodes[1].place, "U6");
    assert_string_equal(cf.la_episodes[1].reason_place_change, "CARPL");
    assert_int_equal(cf.la_episodes[1].dec, d + 10);
    assert_string_equal(cf.la_episodes[2].rne, "P");
    assert_string_equal(cf.la_episodes[2].ls, "C1");
    assert_null(cf.la_episodes[2].reason_place_change); /* open: no reason yet (233) */
    struct journey j;
    journey_compute(&cf, NULL, 0, d + 11, &j);
    assert_true(j.status & JS_LOOKED_AFTER);
    bool first_review = false;
    for (int k = 0; k < j.n_clocks; k++)
        if (j.clocks[k].id == CLOCK_LA_FIRST_REVIEW) {
            first_review = true;
            assert_int_equal(j.clocks[k].start, d); /* from entering care, not the move */
        }
    assert_true(first_review);
    journey_free(&j);
    child_file_free(&cf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_front_door, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drafts_and_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_looked_after, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "casework", tests, NULL, NULL);
}
