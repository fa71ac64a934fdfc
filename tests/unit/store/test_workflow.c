/* Workflow on the portable store (workflow.h): a referral goes to the chosen team's queue in
 * the decision's transaction; transfers need a summary, the right person and a fresh version,
 * and a refused one leaves nothing; the tray lists requests of several kinds, a return needs
 * a reason and comes back to the worker, authorising an assessment dates it, a decided
 * request cannot be decided again; tasks for oneself or a colleague, done or cancelled with
 * a reason; My work's list has no cap; a reviewing officer sees the children they chair. */
#include "teststore.h"

#include "store/casework.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/team.h"
#include "store/workflow.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db db;
    struct store *s;
    struct cw_user fd, mgr, sw, sw2, care_mgr, other, iro;
    rec_id child, contact;
    int64_t north, care;
};

static struct cw_user add_user(struct store *s, const char *name, enum cw_role role, const char *team)
{
    struct err e;
    int64_t id;
    bool found;
    struct cw_user u;
    assert_int_equal(cw_user_add(s, name, name, role, team, "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, id, &u, &found, &e), HE_OK);
    return u;
}

static int64_t version(struct fx *f)
{
    struct err e;
    int64_t v = 0;
    assert_int_equal(cw_version(f->s, f->child, &v, &e), HE_OK);
    return v;
}

static long long count(struct fx *f, const char *sql)
{
    struct err e;
    int64_t n = -1;
    assert_int_equal(db_run(store_db(f->s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return n;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->db, backend, f->dir, "t.db");
    assert_int_equal(test_db_open(&f->db, STORE_CREATE, &f->s, &e), HE_OK);
    f->fd = add_user(f->s, "fd", ROLE_FRONT_DOOR, "Front Door");
    f->mgr = add_user(f->s, "mgr", ROLE_TEAM_MANAGER, "Assessment North");
    f->sw = add_user(f->s, "sw", ROLE_SOCIAL_WORKER, "Assessment North");
    f->sw2 = add_user(f->s, "sw2", ROLE_SOCIAL_WORKER, "Assessment North");
    f->care_mgr = add_user(f->s, "cmgr", ROLE_TEAM_MANAGER, "Children in Care");
    f->other = add_user(f->s, "south", ROLE_SOCIAL_WORKER, "South");
    f->iro = add_user(f->s, "iro", ROLE_IRO, "Independent Reviewing");
    f->north = f->mgr.team_id;
    f->care = f->care_mgr.team_id;
    assert_int_equal(wf_team_set_kind(f->s, f->north, "assessment", &e), HE_OK);
    assert_int_equal(wf_team_set_kind(f->s, f->north, "wizards", &e), HE_INPUT);
    struct cw_new_child nc = {.given = "Ada", .family = "Lovelace", .dob = date_from_ymd(2015, 12, 10),
                              .sex = "F", .ethnicity = "WBRI", .disabilities = "NONE"};
    assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, date_from_ymd(2026, 3, 2), "2A", "Bruise",
                                       5, &f->child, &f->contact, &e), HE_OK);
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

/* Refer to Assessment North, allocate Sam, start an assessment: the journey's first steps. */
static rec_id referred_and_allocated(struct fx *f)
{
    struct err e;
    rec_id ep;
    assert_int_equal(cw_refer_contact(f->s, &f->fd, f->contact, version(f), "REFERRAL", date_from_ymd(2026, 3, 3),
                                      "N1", f->north, 100, &ep, &e), HE_OK);
    assert_int_equal(team_allocate(f->s, &f->mgr, f->north, f->child, f->sw.staff_id, 0, date_from_ymd(2026, 3, 4),
                                   200, &e), HE_OK);
    return ep;
}

static bool front_door_lists(struct fx *f)
{
    struct err e;
    struct cw_child_row *rows;
    size_t n;
    assert_int_equal(wf_my_children(f->s, &f->fd, &rows, &n, &e), HE_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= rows[i].id == f->child;
    free(rows);
    return found;
}

/* The front door's list is the children whose contact waits for its threshold decision: a
 * child decided with no further action leaves it (at a large authority it held every child
 * ever contacted about, thousands, each with its clocks worked out on every view). */
static void test_front_door_lists_the_undecided(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(wf_team_set_kind(f->s, f->fd.team_id, "front_door", &e), HE_OK);
    assert_true(front_door_lists(f));
    rec_id ep = 0;
    assert_int_equal(cw_refer_contact(f->s, &f->fd, f->contact, version(f), "NFA", date_from_ymd(2026, 3, 3),
                                      NULL, 0, 100, &ep, &e), HE_OK);
    assert_false(front_door_lists(f));
}

static void test_referral_goes_to_the_team(void **state)
{
    struct fx *f = *state;
    struct err e;
    bool ok;
    /* the referral to another team: refused for a team that holds no children, nothing kept */
    rec_id ep;
    assert_int_equal(cw_refer_contact(f->s, &f->fd, f->contact, version(f), "REFERRAL", date_from_ymd(2026, 3, 3),
                                      "N1", f->iro.team_id, 100, &ep, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM cin_episode"), 0);
    assert_int_equal(cw_refer_contact(f->s, &f->fd, f->contact, version(f), "REFERRAL", date_from_ymd(2026, 3, 3),
                                      "N1", f->north, 100, &ep, &e), HE_OK);
    /* the assessment team's manager may open the child and finds it waiting; the front door no more */
    assert_int_equal(cw_can_see(f->s, &f->mgr, f->child, &ok, &e), HE_OK);
    assert_true(ok);
    assert_int_equal(cw_can_see(f->s, &f->fd, f->child, &ok, &e), HE_OK);
    assert_false(ok);
    struct team_child *c;
    size_t n;
    assert_int_equal(team_unallocated(f->s, f->north, &c, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    int64_t at;
    assert_int_equal(wf_entered(f->s, f->north, &c[0].id, 1, &at, &e), HE_OK);
    assert_int_equal(at, 100);
    free(c);
    struct wf_move *mv;
    assert_int_equal(wf_moves(f->s, f->child, &mv, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(mv[0].kind, "referral");
    assert_string_equal(mv[0].from, "Front Door");
    assert_string_equal(mv[0].to, "Assessment North");
    assert_string_equal(mv[0].by, "fd");
    wf_moves_free(mv, n);
    /* the teams a referral can go to: the assessment team first, not the reviewing officers' */
    struct wf_team t[10];
    int nt;
    assert_int_equal(wf_teams(f->s, t, 10, &nt, &e), HE_OK);
    assert_int_equal(nt, 4);
    assert_string_equal(t[0].name, "Assessment North");
    assert_string_equal(t[0].kind, "assessment");
    /* allocated: the worker's list shows it as new to them */
    assert_int_equal(team_allocate(f->s, &f->mgr, f->north, f->child, f->sw.staff_id, 0, date_from_ymd(2026, 3, 4),
                                   200, &e), HE_OK);
    rec_id fresh[4];
    int64_t when[4];
    int nf;
    assert_int_equal(wf_new_to_me(f->s, f->sw.staff_id, 150, fresh, when, 4, &nf, &e), HE_OK);
    assert_int_equal(nf, 1);
    assert_int_equal(fresh[0], f->child);
    assert_int_equal(when[0], 200);
    assert_int_equal(wf_new_to_me(f->s, f->sw.staff_id, 250, fresh, when, 4, &nf, &e), HE_OK);
    assert_int_equal(nf, 0);
}

static void test_transfer(void **state)
{
    struct fx *f = *state;
    struct err e;
    referred_and_allocated(f);
    day_t d = date_from_ymd(2026, 3, 20);
    int64_t v = version(f);
    /* no summary; someone who neither holds the child nor manages its team; a stale version */
    assert_int_equal(wf_transfer(f->s, &f->sw, f->child, v, f->care, "", d, 300, &e), HE_INPUT);
    assert_int_equal(wf_transfer(f->s, &f->sw2, f->child, v, f->care, "Summary", d, 300, &e), HE_INPUT);
    assert_int_equal(wf_transfer(f->s, &f->care_mgr, f->child, v, f->care, "Summary", d, 300, &e), HE_INPUT);
    assert_int_equal(wf_transfer(f->s, &f->sw, f->child, v - 1, f->care, "Summary", d, 300, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "someone else changed"));
    assert_int_equal(wf_transfer(f->s, &f->sw, f->child, v, f->north, "Summary", d, 300, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM team_move WHERE kind = 'transfer'"), 0);
    assert_int_equal(version(f), v);
    /* the worker transfers: the child waits in the new team's queue, Sam's allocation ended */
    assert_int_equal(wf_transfer(f->s, &f->sw, f->child, v, f->care, "Now looked after by agreement.", d, 300, &e),
                     HE_OK);
    assert_int_equal(version(f), v + 1);
    struct cw_holder h;
    assert_int_equal(cw_holder(f->s, f->child, &h, &e), HE_OK);
    assert_string_equal(h.team, "Children in Care");
    assert_string_equal(h.worker, "");
    struct team_child *c;
    size_t n;
    assert_int_equal(team_unallocated(f->s, f->care, &c, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    free(c);
    struct wf_move *mv;
    assert_int_equal(wf_moves(f->s, f->child, &mv, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(mv[1].kind, "transfer");
    assert_string_equal(mv[1].from, "Assessment North");
    assert_string_equal(mv[1].summary, "Now looked after by agreement.");
    assert_int_equal(mv[1].day, d);
    wf_moves_free(mv, n);
}

static int hook_calls;
static int hook(struct store *s, const struct cw_user *u, rec_id person, int64_t record, day_t day,
                int64_t now, struct err *e)
{
    hook_calls++;
    return record == 13 ? err_at(e, HE_INPUT, NULL, 0, "comment", "refused by the kind") : HE_OK;
}
static const struct wf_kind plan_kind = {"test_plan", "Plan", NULL, NULL, hook};

static void test_tray(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id ep = referred_and_allocated(f);
    assert_int_equal(cw_start_assessment(f->s, f->child, version(f), ep, date_from_ymd(2026, 3, 5), "2B", &e), HE_OK);
    int64_t a = count(f, "SELECT max(id) FROM assessment");
    int64_t id, id2;
    /* an unknown kind, a record not the child's */
    assert_int_equal(wf_request_add(f->s, &f->sw, "nonsense", f->child, a, NULL, 300, &id, &e), HE_INPUT);
    assert_int_equal(wf_request_add(f->s, &f->sw, "assessment", f->child, a + 100, NULL, 300, &id, &e), HE_INPUT);
    assert_int_equal(wf_request_add(f->s, &f->sw, "assessment", f->child, a, "Seen twice", 300, &id, &e), HE_OK);
    assert_int_equal(wf_request_add(f->s, &f->sw, "assessment", f->child, a, NULL, 301, &id2, &e), HE_INPUT);
    /* a kind of another module, added by one call, in the same tray */
    if (!wf_kind_get("test_plan"))
        assert_int_equal(wf_kind_add(&plan_kind, &e), HE_OK);
    assert_int_equal(wf_kind_add(&plan_kind, &e), HE_INPUT);
    assert_int_equal(wf_request_add(f->s, &f->sw, "test_plan", f->child, 13, NULL, 302, &id2, &e), HE_OK);
    struct wf_request *q;
    size_t n;
    assert_int_equal(wf_tray(f->s, f->north, &q, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(q[0].id, id);
    assert_string_equal(q[0].kind, "assessment");
    assert_string_equal(q[0].note, "Seen twice");
    assert_string_equal(q[0].by, "sw");
    assert_string_equal(q[1].kind, "test_plan");
    free(q);
    assert_int_equal(wf_tray(f->s, f->care, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
    assert_int_equal(wf_tray(f->s, 0, &q, &n, &e), HE_OK); /* every team's */
    assert_int_equal(n, 2);
    free(q);
    day_t today = date_from_ymd(2026, 3, 10);
    /* a worker, another team's manager, a return with no reason: refused */
    assert_int_equal(wf_decide(f->s, &f->sw, id, true, NULL, today, 400, &e), HE_INPUT);
    assert_int_equal(wf_decide(f->s, &f->care_mgr, id, true, NULL, today, 400, &e), HE_INPUT);
    assert_int_equal(wf_decide(f->s, &f->mgr, id, false, "", today, 400, &e), HE_INPUT);
    /* returned with the reason: back with the worker, out of the tray */
    assert_int_equal(wf_decide(f->s, &f->mgr, id, false, "Add the child's views", today, 400, &e), HE_OK);
    assert_int_equal(wf_decide(f->s, &f->mgr, id, true, NULL, today, 401, &e), HE_INPUT);
    assert_int_equal(wf_returned(f->s, f->sw.id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].comment, "Add the child's views");
    assert_string_equal(q[0].decided_by, "mgr");
    free(q);
    assert_int_equal(count(f, "SELECT count(*) FROM assessment WHERE authorised IS NOT NULL"), 0);
    /* sent again: no longer "returned"; authorised: the assessment is dated, the version moves */
    assert_int_equal(wf_request_add(f->s, &f->sw, "assessment", f->child, a, "Views added", 500, &id, &e), HE_OK);
    assert_int_equal(wf_returned(f->s, f->sw.id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
    int64_t v = version(f);
    assert_int_equal(wf_decide(f->s, &f->mgr, id, true, "Good", today, 600, &e), HE_OK);
    assert_int_equal(version(f), v + 1);
    assert_int_equal(count(f, "SELECT count(*) FROM assessment WHERE authorised IS NOT NULL"), 1);
    assert_int_equal(wf_request_add(f->s, &f->sw, "assessment", f->child, a, NULL, 700, &id, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "already authorised"));
    /* the other kind's own rule refuses: nothing changes */
    hook_calls = 0;
    assert_int_equal(wf_decide(f->s, &f->mgr, id2, true, NULL, today, 800, &e), HE_INPUT);
    assert_int_equal(hook_calls, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM auth_request WHERE state = 'pending'"), 1);
    assert_int_equal(wf_requests_of(f->s, "assessment", a, &q, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(q[0].state, "authorised");
    assert_string_equal(q[1].state, "returned");
    free(q);
    assert_int_equal(wf_requests_for(f->s, f->child, &q, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    free(q);
}

static void test_tasks(void **state)
{
    struct fx *f = *state;
    struct err e;
    referred_and_allocated(f);
    day_t due = date_from_ymd(2026, 4, 1);
    int64_t t1, t2;
    /* a worker of another team, no title, no date */
    assert_int_equal(wf_task_add(f->s, &f->sw, f->child, f->other.id, "Visit", due, 10, &t1, &e), HE_INPUT);
    assert_int_equal(wf_task_add(f->s, &f->sw, f->child, f->sw.id, "", due, 10, &t1, &e), HE_INPUT);
    assert_int_equal(wf_task_add(f->s, &f->sw, f->child, f->sw.id, "Visit", DAY_NONE, 10, &t1, &e), HE_INPUT);
    assert_int_equal(count(f, "SELECT count(*) FROM task"), 0);
    assert_int_equal(wf_task_add(f->s, &f->sw, f->child, f->sw.id, "Visit the school", due + 3, 10, &t1, &e), HE_OK);
    assert_int_equal(wf_task_add(f->s, &f->sw, f->child, f->sw2.id, "Call the GP", due, 11, &t2, &e), HE_OK);
    struct wf_task *t;
    size_t n;
    assert_int_equal(wf_tasks_open(f->s, f->sw2.id, &t, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].title, "Call the GP");
    assert_string_equal(t[0].set_by_name, "sw");
    free(t);
    /* someone else's task, a cancel with no reason: refused */
    assert_int_equal(wf_task_close(f->s, &f->other, t2, true, NULL, 20, &e), HE_INPUT);
    assert_int_equal(wf_task_close(f->s, &f->sw2, t2, false, "", 20, &e), HE_INPUT);
    assert_int_equal(wf_task_close(f->s, &f->sw2, t2, false, "The GP called first", 20, &e), HE_OK);
    assert_int_equal(wf_task_close(f->s, &f->sw2, t2, true, NULL, 21, &e), HE_INPUT);
    assert_int_equal(wf_task_close(f->s, &f->mgr, t1, true, NULL, 22, &e), HE_OK); /* their manager */
    assert_int_equal(wf_tasks_open(f->s, f->sw.id, &t, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(t);
    assert_int_equal(wf_tasks_for(f->s, f->child, &t, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].state, "cancelled");
    assert_string_equal(t[0].reason, "The GP called first");
    assert_string_equal(t[1].state, "done");
    assert_string_equal(t[1].closed_by, "mgr");
    free(t);
}

static void test_lists_and_reviewing_officer(void **state)
{
    struct fx *f = *state;
    struct err e;
    referred_and_allocated(f);
    /* 80 more children held by the team: My work's list has them all (no cap at 60) */
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    for (int i = 0; i < 80; i++) {
        char la[16];
        snprintf(la, sizeof la, "L%d", i);
        struct person p = {.la_child_id = la, .given_name = "Kid", .family_name = "Many",
                           .dob = date_from_ymd(2014, 1, 1), .sex = "M", .mother = -1};
        rec_id id;
        assert_int_equal(store_put_person(f->s, 2026, &p, &id, NULL, &e), HE_OK);
        assert_int_equal(cw_assign(f->s, id, f->north, 0, date_from_ymd(2026, 1, 1), &e), HE_OK);
    }
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    struct cw_child_row *kids;
    size_t n;
    assert_int_equal(wf_my_children(f->s, &f->sw, &kids, &n, &e), HE_OK);
    assert_int_equal(n, 81);
    size_t mine = 0;
    for (size_t i = 0; i < n; i++)
        mine += kids[i].allocated_to_me && kids[i].id == f->child;
    assert_int_equal(mine, 1);
    free(kids);
    /* the reviewing officer: nobody until they chair the child's reviews, then theirs to open */
    bool ok;
    assert_int_equal(wf_my_children(f->s, &f->iro, &kids, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(kids);
    assert_int_equal(cw_can_see(f->s, &f->iro, f->child, &ok, &e), HE_OK);
    assert_false(ok);
    assert_int_equal(wf_iro_chair(f->s, f->child, f->sw.id, 5, &e), HE_INPUT); /* not an IRO */
    assert_int_equal(wf_iro_chair(f->s, f->child, f->iro.id, 5, &e), HE_OK);
    assert_int_equal(wf_my_children(f->s, &f->iro, &kids, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kids[0].id, f->child);
    free(kids);
    assert_int_equal(cw_can_see(f->s, &f->iro, f->child, &ok, &e), HE_OK);
    assert_true(ok);
    struct cw_child_row found[4];
    int nf;
    assert_int_equal(cw_search(f->s, &f->iro, "Lovelace", found, 4, &nf, &e), HE_OK);
    assert_int_equal(nf, 1);
    assert_int_equal(cw_search(f->s, &f->iro, "Many", found, 4, &nf, &e), HE_OK);
    assert_int_equal(nf, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_referral_goes_to_the_team, setup, teardown),
        cmocka_unit_test_setup_teardown(test_front_door_lists_the_undecided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transfer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tray, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tasks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists_and_reviewing_officer, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "workflow", tests, NULL, NULL);
}
