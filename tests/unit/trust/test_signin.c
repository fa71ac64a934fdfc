/* Sign-in hardening: TOTP against RFC 6238's SHA-256 test vectors, base32, replay and drift;
 * the password rules; lock-out with back-off, a password change ends every session and the
 * second factor's steps are used once (these three on both stores). */
#include "teststore.h"

#include <sodium.h>

#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "trust/password.h"
#include "trust/totp.h"

static enum test_backend backend;

static void test_totp_rfc6238(void **state)
{
    /* RFC 6238 appendix B, HMAC-SHA-256, 8 digits, seed "1234...9012" (32 bytes) */
    const uint8_t *key = (const uint8_t *)"12345678901234567890123456789012";
    static const struct { int64_t t; uint32_t code; } v[] = {
        {59, 46119246}, {1111111109, 68084774}, {1111111111, 67062674},
        {1234567890, 91819424}, {2000000000, 90698825}, {20000000000, 77737706},
    };
    assert_true(sodium_init() >= 0);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        assert_int_equal(totp_code(key, 32, (uint64_t)(v[i].t / 30), 8), v[i].code);
}

static void test_totp_verify(void **state)
{
    char secret[TOTP_B32_LEN + 1];
    totp_new_secret(secret);
    assert_int_equal(strlen(secret), TOTP_B32_LEN);
    uint8_t key[32];
    assert_int_equal(totp_b32_decode(secret, key, sizeof key), TOTP_SECRET_BYTES);
    uint8_t junk[32];
    assert_int_equal(totp_b32_decode("ABC1", junk, sizeof junk), -1); /* 1 is not base32 */
    int64_t now = 1767225600, step = 0;
    char code[8];
    snprintf(code, sizeof code, "%06u", totp_code(key, TOTP_SECRET_BYTES, (uint64_t)(now / 30), 6));
    assert_true(totp_verify(secret, code, now, 0, &step));
    assert_int_equal(step, now / 30);
    /* a step of drift either way is accepted; two are not */
    assert_true(totp_verify(secret, code, now + 30, 0, &step));
    assert_false(totp_verify(secret, code, now + 90, 0, &step));
    /* a used step is refused (replay) */
    assert_false(totp_verify(secret, code, now, now / 30, &step));
    assert_false(totp_verify(secret, "12345", now, 0, &step));
    assert_false(totp_verify(secret, "12a456", now, 0, &step));
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06u", (unsigned)((atoi(code) + 1) % 1000000));
    assert_false(totp_verify(secret, wrong, now, 0, &step));
}

static void test_password_rules(void **state)
{
    struct err e;
    assert_int_equal(password_policy("short", "sam", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "at least 10"));
    assert_int_equal(password_policy("Password123!", "sam", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "attackers"));
    assert_int_equal(password_policy("1234567890", "sam", &e), HE_INPUT);
    assert_int_equal(password_policy("aaaaaaaaaaaa", "sam", &e), HE_INPUT);
    assert_int_equal(password_policy("samantha.jones1", "samantha.jones", &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "sign-in name"));
    /* no composition rules: three lower-case words are fine */
    assert_int_equal(password_policy("correct horse battery", "sam", &e), HE_OK);
    assert_int_equal(password_policy("kettle-pigeon-marble", NULL, &e), HE_OK);
    char longpw[220];
    memset(longpw, 'x', sizeof longpw - 1);
    longpw[0] = 'y';
    longpw[sizeof longpw - 1] = 0;
    assert_int_equal(password_policy(longpw, "sam", &e), HE_INPUT);
}

static void test_lockout_and_password_change(void **state)
{
    char *dir = test_tmpdir();
    struct test_db t;
    test_db_new(&t, backend, dir, "l.db");
    struct store *s;
    struct err e;
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    int64_t uid, until;
    int failures;
    assert_int_equal(cw_user_add(s, "sam", "Sam", ROLE_SOCIAL_WORKER, "North", "h", 1, &uid, &e), HE_OK);
    int64_t now = 1000;
    for (int i = 1; i < TR_FREE_ATTEMPTS; i++) {
        assert_int_equal(tr_login_failed(s, uid, now, &until, &e), HE_OK);
        assert_int_equal(until, 0);
    }
    /* the 5th failure locks for a minute, the next for two, then four ... at most an hour */
    assert_int_equal(tr_login_failed(s, uid, now, &until, &e), HE_OK);
    assert_int_equal(until, now + 60);
    assert_int_equal(tr_login_failed(s, uid, now, &until, &e), HE_OK);
    assert_int_equal(until, now + 120);
    assert_int_equal(tr_login_failed(s, uid, now, &until, &e), HE_OK);
    assert_int_equal(until, now + 240);
    for (int i = 0; i < 10; i++)
        assert_int_equal(tr_login_failed(s, uid, now, &until, &e), HE_OK);
    assert_int_equal(until, now + 3600);
    assert_int_equal(tr_login_state(s, uid, &until, &failures, &e), HE_OK);
    assert_int_equal(failures, TR_FREE_ATTEMPTS + 12);
    assert_int_equal(tr_login_ok(s, uid, &e), HE_OK);
    assert_int_equal(tr_login_state(s, uid, &until, &failures, &e), HE_OK);
    assert_int_equal(until, 0);
    assert_int_equal(failures, 0);

    /* two sessions; a password change ends both */
    assert_int_equal(cw_session_put(s, "d1", uid, "c1", now, &e), HE_OK);
    assert_int_equal(cw_session_put(s, "d2", uid, "c2", now, &e), HE_OK);
    int64_t other;
    assert_int_equal(cw_user_add(s, "kim", "Kim", ROLE_SOCIAL_WORKER, "North", "h", 1, &other, &e), HE_OK);
    assert_int_equal(cw_session_put(s, "d3", other, "c3", now, &e), HE_OK);
    assert_int_equal(tr_password_set(s, uid, "$argon2id$new", &e), HE_OK);
    struct cw_user u;
    bool found;
    assert_int_equal(cw_user_by_id(s, uid, &u, &found, &e), HE_OK);
    assert_string_equal(u.pw_hash, "$argon2id$new");
    int64_t n;
    assert_int_equal(DB_INT(store_db(s), &e, &n, "SELECT count(*) FROM web_session WHERE user_id = ?", DB_I(uid)), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(db_run(store_db(s), "SELECT count(*) FROM web_session", &n, NULL, &e, 0, NULL), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(tr_password_set(s, 99999, "x", &e), HE_INPUT);

    /* the second factor: a step used once is refused the second time */
    assert_int_equal(tr_totp_set(s, uid, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", &e), HE_OK);
    char *secret;
    int64_t last;
    assert_int_equal(tr_totp_get(s, uid, &secret, &last, &e), HE_OK);
    assert_string_equal(secret, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    assert_int_equal(last, 0);
    free(secret);
    assert_int_equal(tr_totp_used(s, uid, 500, &e), HE_OK);
    assert_int_equal(tr_totp_used(s, uid, 500, &e), HE_INPUT);
    assert_int_equal(tr_totp_used(s, uid, 501, &e), HE_OK);
    assert_int_equal(tr_totp_set(s, uid, NULL, &e), HE_OK);
    assert_int_equal(tr_totp_get(s, uid, &secret, &last, &e), HE_OK);
    assert_null(secret);
    test_db_done(s, &t, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totp_rfc6238),
        cmocka_unit_test(test_totp_verify),
        cmocka_unit_test(test_password_rules),
    };
    const struct CMUnitTest stored[] = {cmocka_unit_test(test_lockout_and_password_change)};
    return cmocka_run_group_tests(tests, NULL, NULL) |
           RUN_ON_BOTH_STORES(backend, "lock-out, password change, second factor", stored, NULL, NULL);
}
