/* A manager's team on the portable store: workers and caseloads, children with open work
 * and no worker, allocating (refused for another team's child, a worker of another team, a
 * stale view, or the same worker again, each leaving nothing behind), and the log. */
#include "teststore.h"

#include "store/casework.h"
#include "store/store.h"
#include "store/team.h"
#include "store/trust.h"
#include "store/workflow.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db db;
    struct store *s;
    struct cw_user mgr, sw, sw2, other, analyst;
    rec_id cin_child, la_child, closed_child, south_child;
};

static struct cw_user add_user(struct store *s, const char *name, const char *display,
                               enum cw_role role, const char *team)
{
    struct err e;
    int64_t id;
    bool found;
    struct cw_user u;
    assert_int_equal(cw_user_add(s, name, display, role, team, "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, id, &u, &found, &e), HE_OK);
    return u;
}

static rec_id add_child(struct store *s, const char *la, const char *given, day_t referral,
                        day_t closure, day_t decom)
{
    struct err e;
    rec_id id, ep;
    struct person p = {.la_child_id = la, .given_name = given, .family_name = "Test",
                       .dob = date_from_ymd(2015, 1, 1), .sex = "F", .mother = -1};
    assert_int_equal(store_put_person(s, 2026, &p, &id, NULL, &e), HE_OK);
    if (referral) {
        struct cin_episode c = {.person = id, .referral_date = referral, .referral_source = "1A",
                                .primary_need = "N1", .closure_date = closure,
                                .closure_reason = closure ? "RC1" : NULL, .referral_nfa = 0};
        assert_int_equal(store_put_cin_episode(s, 2026, &c, &ep, NULL, &e), HE_OK);
    }
    if (decom) {
        struct la_episode l = {.person = id, .decom = decom, .rne = "S", .ls = "C2", .cin = "N1",
                               .place = "U1", .place_provider = "PR1"};
        assert_int_equal(store_put_la_episode(s, 2026, &l, &ep, NULL, &e), HE_OK);
    }
    return id;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->db, backend, f->dir, "t.db");
    assert_int_equal(test_db_open(&f->db, STORE_CREATE, &f->s, &e), HE_OK);
    f->mgr = add_user(f->s, "mgr", "Morgan Manager", ROLE_TEAM_MANAGER, "North");
    f->sw = add_user(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North");
    f->sw2 = add_user(f->s, "sw2", "Alex Worker", ROLE_SOCIAL_WORKER, "North");
    f->analyst = add_user(f->s, "an", "Ana Lyst", ROLE_ANALYST, "North");
    f->other = add_user(f->s, "south", "Sol South", ROLE_SOCIAL_WORKER, "South");
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    f->cin_child = add_child(f->s, "C1", "Cin", date_from_ymd(2025, 5, 1), DAY_NONE, DAY_NONE);
    f->la_child = add_child(f->s, "C2", "Looked", DAY_NONE, DAY_NONE, date_from_ymd(2025, 2, 1));
    f->closed_child = add_child(f->s, "C3", "Closed", date_from_ymd(2025, 1, 1),
                                date_from_ymd(2025, 3, 1), DAY_NONE);
    f->south_child = add_child(f->s, "C4", "South", date_from_ymd(2025, 6, 1), DAY_NONE, DAY_NONE);
    day_t d = date_from_ymd(2025, 6, 1);
    assert_int_equal(cw_assign(f->s, f->cin_child, f->mgr.team_id, 0, d, &e), HE_OK);
    assert_int_equal(cw_assign(f->s, f->la_child, f->mgr.team_id, 0, d, &e), HE_OK);
    assert_int_equal(cw_assign(f->s, f->closed_child, f->mgr.team_id, 0, d, &e), HE_OK);
    assert_int_equal(cw_assign(f->s, f->south_child, f->other.team_id, 0, d, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->db, f->dir);
    free(f);
    return 0;
}

static void test_workers_and_waiting(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct team_worker w[10];
    int n = 0;
    assert_int_equal(team_workers(f->s, f->mgr.team_id, w, 10, &n, &e), HE_OK);
    /* the analyst is in the team but holds no children; by name */
    assert_int_equal(n, 3);
    assert_string_equal(w[0].name, "Alex Worker");
    assert_string_equal(w[1].name, "Morgan Manager");
    assert_string_equal(w[2].name, "Sam Worker");
    assert_string_equal(w[2].role, "social_worker");
    assert_int_equal(w[2].caseload, 0);
    struct team_child *c;
    size_t nc;
    assert_int_equal(team_unallocated(f->s, f->mgr.team_id, &c, &nc, &e), HE_OK);
    /* the closed episode is not open work; the other team's child is not ours; the
     * looked-after child has waited longest */
    assert_int_equal(nc, 2);
    assert_int_equal(c[0].id, f->la_child);
    assert_true(c[0].looked_after && !c[0].cin);
    assert_int_equal(c[0].open_since, date_from_ymd(2025, 2, 1));
    assert_int_equal(c[1].id, f->cin_child);
    assert_true(c[1].cin);
    assert_string_equal(c[1].given, "Cin");
    free(c);
    struct team_row t[10];
    assert_int_equal(team_list(f->s, t, 10, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].name, "North");
    char name[128];
    assert_int_equal(team_name(f->s, f->other.team_id, name, &e), HE_OK);
    assert_string_equal(name, "South");
    assert_int_equal(team_name(f->s, 999, name, &e), HE_OK);
    assert_string_equal(name, "");
}

static void test_allocate(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t today = date_from_ymd(2026, 3, 2);
    err_clear(&e);
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->cin_child, f->sw.staff_id, 0,
                                   today, 1000, &e), HE_OK);
    /* the worker has the child: in their list, their caseload, and they may open it */
    struct cw_child_row kids[10];
    int n = 0;
    assert_int_equal(cw_my_children(f->s, &f->sw, kids, 10, &n, &e), HE_OK);
    assert_true(n >= 1);
    assert_int_equal(kids[0].id, f->cin_child);
    assert_true(kids[0].allocated_to_me);
    assert_int_equal(team_caseload(f->s, f->sw.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kids[0].id, f->cin_child);
    struct cw_holder h;
    assert_int_equal(cw_holder(f->s, f->cin_child, &h, &e), HE_OK);
    assert_string_equal(h.worker, "Sam Worker");
    struct team_child *c;
    size_t nc;
    assert_int_equal(team_unallocated(f->s, f->mgr.team_id, &c, &nc, &e), HE_OK);
    assert_int_equal(nc, 1);
    free(c);

    /* refusals change nothing */
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->south_child, f->sw.staff_id, 0,
                                   today, 1001, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "not held by the team"));
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->la_child, f->other.staff_id, 0,
                                   today, 1001, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "worker of the team"));
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->la_child, f->analyst.staff_id,
                                   0, today, 1001, &e), HE_INPUT);
    /* the manager saw the child unallocated, but it has been allocated since */
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->cin_child, f->sw2.staff_id, 0,
                                   today, 1001, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "someone else"));
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->cin_child, f->sw.staff_id,
                                   f->sw.staff_id, today, 1001, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "already"));
    assert_int_equal(team_caseload(f->s, f->sw2.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    struct team_log_row log[10];
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(log[0].child, "Cin Test");
    assert_string_equal(log[0].worker, "Sam Worker");
    assert_string_equal(log[0].by, "Morgan Manager");
    assert_int_equal(log[0].at, 1000);

    /* reallocation: from Sam to Alex a week later; Sam's allocation ends the day before */
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->cin_child, f->sw2.staff_id,
                                   f->sw.staff_id, today + 7, 2000, &e), HE_OK);
    assert_int_equal(team_caseload(f->s, f->sw.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(team_caseload(f->s, f->sw2.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    /* each caseload row carries its record's version (the team page's summaries key on it) */
    int64_t version = -1;
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(cw_version_bump(f->s, f->cin_child, 0, &e), HE_OK);
    assert_int_equal(cw_version_bump(f->s, f->cin_child, 1, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    assert_int_equal(team_caseload(f->s, f->sw2.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(cw_version(f->s, f->cin_child, &version, &e), HE_OK);
    assert_int_equal(version, 2);
    assert_int_equal(kids[0].version, version);
    bool ok;
    assert_int_equal(cw_can_see(f->s, &f->sw2, f->cin_child, &ok, &e), HE_OK);
    assert_true(ok);
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(log[0].worker, "Alex Worker");
    struct team_worker w[10];
    assert_int_equal(team_workers(f->s, f->mgr.team_id, w, 10, &n, &e), HE_OK);
    assert_int_equal(w[0].caseload, 1); /* Alex */
    assert_int_equal(w[2].caseload, 0); /* Sam */
}

/* A restricted child in the team's lists and allocation log: the manager who is not named
 * for it sees that it was allocated and the words "Restricted record", never its name. */
static void test_restricted_in_lists(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t today = date_from_ymd(2026, 3, 31);
    assert_int_equal(team_allocate(f->s, &f->mgr, f->mgr.team_id, f->cin_child, f->sw.staff_id, 0,
                                   today, 1000, &e), HE_OK);
    assert_int_equal(tr_restrict(f->s, f->cin_child, "High-profile case", f->mgr.id, 1001, &e), HE_OK);
    struct team_log_row log[10];
    int n = 0;
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_true(log[0].hidden);
    assert_string_equal(log[0].child, "Restricted record");
    assert_int_equal(log[0].person, f->cin_child);
    assert_string_equal(log[0].worker, "Sam Worker");
    /* the worker's caseload, as the manager and as the worker see it */
    struct cw_child_row kids[10];
    assert_int_equal(team_caseload(f->s, f->sw.staff_id, kids, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(tr_mask_children(f->s, &f->mgr, kids, n, &e), HE_OK);
    assert_true(kids[0].hidden);
    assert_string_equal(kids[0].given, "Restricted record");
    assert_string_equal(kids[0].family, "");
    assert_int_equal(kids[0].dob, DAY_NONE);
    assert_string_equal(kids[0].la_child_id, "C1");
    assert_int_equal(cw_my_children(f->s, &f->sw, kids, 10, &n, &e), HE_OK);
    bool seen = false;
    for (int i = 0; i < n; i++)
        if (kids[i].id == f->cin_child) {
            seen = true;
            assert_true(kids[i].hidden);
            assert_string_equal(kids[i].given, "Restricted record");
        }
    assert_true(seen);
    /* named for it: the name again */
    assert_int_equal(tr_restrict_allow(f->s, f->cin_child, f->mgr.id, f->mgr.id, 1002, &e), HE_OK);
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_false(log[0].hidden);
    assert_string_equal(log[0].child, "Cin Test");
    /* another team's child in a team's log (moved since): no name, its LAchildID */
    assert_int_equal(cw_assign(f->s, f->cin_child, f->other.team_id, 0, today, &e), HE_OK);
    assert_int_equal(tr_unrestrict(f->s, f->cin_child, &e), HE_OK);
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_true(log[0].hidden);
    assert_string_equal(log[0].child, "Child C1");
}

/* Allocating from the child's record logs the allocation as the team page does, in the same
 * transaction, so the worker sees the child under "New to you"; allocating the same worker
 * again logs nothing more. */
static void test_allocate_from_record(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    day_t today = date_from_ymd(2026, 3, 2);
    assert_int_equal(cw_allocate(f->s, &f->mgr, f->cin_child, 0, f->sw.id, today, 5000, &e), HE_OK);
    rec_id fresh[10];
    int64_t at[10];
    int n = 0;
    assert_int_equal(wf_new_to_me(f->s, f->sw.staff_id, 4000, fresh, at, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(fresh[0], f->cin_child);
    assert_int_equal(at[0], 5000);
    struct team_log_row log[10];
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(log[0].worker, "Sam Worker");
    assert_string_equal(log[0].by, "Morgan Manager");
    /* to Alex: logged, and no longer new to Sam */
    assert_int_equal(cw_allocate(f->s, &f->mgr, f->cin_child, 1, f->sw2.id, today + 1, 6000, &e), HE_OK);
    assert_int_equal(wf_new_to_me(f->s, f->sw2.staff_id, 4000, fresh, at, 10, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(wf_new_to_me(f->s, f->sw.staff_id, 4000, fresh, at, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    /* Alex again: nothing changes hands, nothing logged */
    assert_int_equal(cw_allocate(f->s, &f->mgr, f->cin_child, 2, f->sw2.id, today + 2, 7000, &e), HE_OK);
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    /* a stale version: refused, nothing logged */
    assert_int_equal(cw_allocate(f->s, &f->mgr, f->cin_child, 1, f->sw.id, today + 3, 8000, &e), HE_INPUT);
    assert_int_equal(team_log(f->s, &f->mgr, f->mgr.team_id, log, 10, &n, &e), HE_OK);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_workers_and_waiting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_allocate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restricted_in_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_allocate_from_record, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "team", tests, NULL, NULL);
}
