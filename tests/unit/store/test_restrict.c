/* Restricted records, on both stores: who may open what. Own team opens, another team does not (break-glass
 * possible); a restricted record opens only for the users named for it, administrators
 * included; an adopted child's record is restricted without anyone asking; staff excluded
 * from a record never open it, not even by break-glass; a break-glass opening lets its user
 * in for the window, and only them; analysts open no record. */
#include "teststore.h"

#include "store/audit.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user north, south, admin, analyst, mgr;
    rec_id child, adopted;
};

#include "testfixture.h"

static int setup(void **state)
{
    struct fx *f = fx_new("r.db");
    struct err e;
    fx_user(f, "north", "north", ROLE_SOCIAL_WORKER, "North", &f->north);
    fx_user(f, "south", "south", ROLE_SOCIAL_WORKER, "South", &f->south);
    fx_user(f, "admin", "admin", ROLE_ADMIN, NULL, &f->admin);
    fx_user(f, "analyst", "analyst", ROLE_ANALYST, NULL, &f->analyst);
    fx_user(f, "mgr", "mgr", ROLE_TEAM_MANAGER, "North", &f->mgr);
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    struct person p = {.la_child_id = "C1", .mother = -1, .dob = date_from_ymd(2015, 1, 1)};
    assert_int_equal(store_put_person(f->s, 2024, &p, &f->child, NULL, &e), HE_OK);
    p.la_child_id = "AD1";
    assert_int_equal(store_put_person(f->s, 2024, &p, &f->adopted, NULL, &e), HE_OK);
    struct la_episode la = {.person = f->adopted, .decom = date_from_ymd(2016, 1, 1), .dec = date_from_ymd(2018, 1, 1),
                            .rec = "E11", .rne = "S", .ls = "E1"};
    assert_int_equal(store_put_la_episode(f->s, 2018, &la, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    assert_int_equal(cw_assign(f->s, f->child, f->north.team_id, 0, date_from_ymd(2024, 1, 1), &e), HE_OK);
    assert_int_equal(cw_assign(f->s, f->adopted, f->north.team_id, 0, date_from_ymd(2024, 1, 1), &e), HE_OK);
    *state = f;
    return 0;
}

static enum tr_access acc(struct fx *f, const struct cw_user *u, rec_id p, int64_t now)
{
    struct err e;
    enum tr_access a;
    bool restricted;
    assert_int_equal(tr_access(f->s, u, p, now, 8 * 3600, &a, &restricted, &e), HE_OK);
    return a;
}

static void test_matrix(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t now = 100000;
    /* unrestricted: own team opens, other team outside, admin opens, analyst never */
    assert_int_equal(acc(f, &f->north, f->child, now), TR_OPEN);
    assert_int_equal(acc(f, &f->south, f->child, now), TR_OUTSIDE);
    assert_int_equal(acc(f, &f->admin, f->child, now), TR_OPEN);
    assert_int_equal(acc(f, &f->analyst, f->child, now), TR_NO_ACCESS);
    assert_int_equal(acc(f, &f->north, 999999, now), TR_NONE);
    /* an adopted child is restricted by default: even their own team and an administrator */
    assert_int_equal(acc(f, &f->north, f->adopted, now), TR_RESTRICTED);
    assert_int_equal(acc(f, &f->admin, f->adopted, now), TR_RESTRICTED);
    assert_int_equal(tr_restrict_allow(f->s, f->adopted, f->mgr.id, f->admin.id, now, &e), HE_OK);
    assert_int_equal(acc(f, &f->mgr, f->adopted, now), TR_OPEN);
    assert_int_equal(acc(f, &f->north, f->adopted, now), TR_RESTRICTED);
    /* restricting a record shuts out its own team unless named */
    assert_int_equal(tr_restrict(f->s, f->child, "", f->admin.id, now, &e), HE_INPUT);
    assert_int_equal(tr_restrict(f->s, f->child, "High-profile case", f->admin.id, now, &e), HE_OK);
    assert_int_equal(acc(f, &f->north, f->child, now), TR_RESTRICTED);
    assert_int_equal(acc(f, &f->admin, f->child, now), TR_RESTRICTED);
    assert_int_equal(tr_restrict_allow(f->s, f->child, f->north.id, f->admin.id, now, &e), HE_OK);
    assert_int_equal(acc(f, &f->north, f->child, now), TR_OPEN);
    assert_int_equal(acc(f, &f->south, f->child, now), TR_RESTRICTED);
    /* break-glass: south opens with a reason, for the window, and only south */
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(audit_append(f->s, f->south.id, f->child, "record", "Out-of-hours police request", now, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    assert_int_equal(acc(f, &f->south, f->child, now + 60), TR_OPEN);
    assert_int_equal(acc(f, &f->south, f->child, now + 9 * 3600), TR_RESTRICTED);
    assert_int_equal(acc(f, &f->admin, f->child, now + 60), TR_RESTRICTED);
    /* a member of staff who is family of the child: excluded, even when named */
    assert_int_equal(tr_exclude(f->s, f->child, f->north.id, "the child's aunt", &e), HE_OK);
    assert_int_equal(acc(f, &f->north, f->child, now), TR_EXCLUDED);
    /* lifting the restriction: the team opens again; the exclusion stays */
    assert_int_equal(tr_unrestrict(f->s, f->child, &e), HE_OK);
    assert_int_equal(acc(f, &f->mgr, f->child, now), TR_OPEN);
    assert_int_equal(acc(f, &f->south, f->child, now + 9 * 3600), TR_OUTSIDE);
    assert_int_equal(acc(f, &f->north, f->child, now), TR_EXCLUDED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(test_matrix, setup, teardown)};
    return RUN_ON_BOTH_STORES(backend, "restricted records", tests, NULL, NULL);
}
