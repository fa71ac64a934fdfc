/* A user changing their own password, on both stores: the new hash, every other session of
 * theirs ended and the one in use kept, other users' sessions untouched, and a security event
 * for it (and for an administrator's `hearth user passwd`), newest first. */
#include "teststore.h"

#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"

static enum test_backend backend;

static enum cw_session_state session(struct store *s, const char *digest)
{
    struct err e;
    int64_t uid, last;
    char csrf[65];
    enum cw_session_state st;
    assert_int_equal(cw_session_get(s, digest, 1000, 3600, &uid, csrf, &st, &last, &e), HE_OK);
    return st;
}

static void test_password_change(void **state)
{
    struct err e;
    char *dir = test_tmpdir();
    struct test_db db;
    test_db_new(&db, backend, dir, "a.db");
    struct store *s;
    assert_int_equal(test_db_open(&db, STORE_CREATE, &s, &e), HE_OK);
    int64_t uid, other;
    assert_int_equal(cw_user_add(s, "sam", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "$argon2id$old", 1, &uid, &e), HE_OK);
    assert_int_equal(cw_user_add(s, "kim", "Kim", ROLE_SOCIAL_WORKER, "North", "h", 1, &other, &e), HE_OK);
    assert_int_equal(cw_session_put(s, "d1", uid, "c1", 900, &e), HE_OK);
    assert_int_equal(cw_session_put(s, "d2", uid, "c2", 900, &e), HE_OK);
    assert_int_equal(cw_session_put(s, "d3", other, "c3", 900, &e), HE_OK);
    int64_t until;
    assert_int_equal(tr_login_failed(s, uid, 950, &until, &e), HE_OK);

    /* no session to keep: refused, nothing changed */
    assert_int_equal(tr_password_change(s, uid, "$argon2id$new", "", 1000, &e), HE_USAGE);
    assert_int_equal(session(s, "d2"), CW_SESSION_LIVE);

    assert_int_equal(tr_password_change(s, uid, "$argon2id$new", "d1", 1000, &e), HE_OK);
    struct cw_user u;
    bool found;
    assert_int_equal(cw_user_by_id(s, uid, &u, &found, &e), HE_OK);
    assert_string_equal(u.pw_hash, "$argon2id$new");
    assert_int_equal(session(s, "d1"), CW_SESSION_LIVE);  /* the one in use */
    assert_int_equal(session(s, "d2"), CW_SESSION_NONE);  /* ended */
    assert_int_equal(session(s, "d3"), CW_SESSION_LIVE);  /* someone else's */
    int failures;
    assert_int_equal(tr_login_state(s, uid, &until, &failures, &e), HE_OK);
    assert_int_equal(failures, 0);

    /* an unknown user: refused, no event */
    assert_int_equal(tr_password_change(s, 99999, "x", "d1", 1001, &e), HE_INPUT);
    /* an administrator's reset ends every session, the one above included */
    assert_int_equal(tr_password_set(s, uid, "$argon2id$reset", &e), HE_OK);
    assert_int_equal(session(s, "d1"), CW_SESSION_NONE);

    struct tr_event ev[10];
    int n = 0;
    assert_int_equal(tr_events(s, uid, ev, 10, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_non_null(strstr(ev[0].what, "hearth user passwd"));
    assert_string_equal(ev[0].by, "");
    assert_non_null(strstr(ev[1].what, "changed by the user"));
    assert_string_equal(ev[1].by, "Sam Worker");
    assert_int_equal(ev[1].at, 1000);
    assert_int_equal(tr_events(s, other, ev, 10, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    store_close(s);
    test_db_drop(&db);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_password_change)};
    return RUN_ON_BOTH_STORES(backend, "account", tests, NULL, NULL);
}
