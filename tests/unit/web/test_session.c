/* Passwords (an unknown user costs what a wrong password costs), session tokens, cookies,
 * the CSRF comparison and the sign-in form's server-issued tokens. */
#include "testutil.h"

#include <ctype.h>
#include <time.h>

#include "web/labels.h"
#include "web/session.h"

static void test_password(void **state)
{
    struct err e;
    char hash[128];
    assert_int_equal(session_init(&e), HE_OK);
    assert_int_equal(password_hash("short", hash, &e), HE_INPUT);
    assert_int_equal(password_hash("correct horse battery", hash, &e), HE_OK);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(password_verify(hash, "correct horse battery"));
    assert_false(password_verify(hash, "correct horse batterY"));
    assert_false(password_verify(hash, ""));
    assert_false(password_verify("", "x"));
}

static void test_tokens_and_csrf(void **state)
{
    struct err e;
    char a[SESSION_TOKEN_LEN + 1], b[SESSION_TOKEN_LEN + 1], d1[65], d2[65];
    assert_int_equal(session_init(&e), HE_OK);
    session_new_token(a);
    session_new_token(b);
    assert_int_equal(strlen(a), 64);
    assert_string_not_equal(a, b);
    assert_true(session_token_equal(a, a));
    assert_false(session_token_equal(a, b));
    assert_false(session_token_equal(a, NULL));
    assert_false(session_token_equal("", ""));
    char upper[65];
    strcpy(upper, a);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (strcmp(upper, a))
        assert_false(session_token_equal(upper, upper)); /* only the form we issue */
    session_token_digest(a, d1);
    session_token_digest(a, d2);
    assert_string_equal(d1, d2);
    assert_string_not_equal(d1, a);
}

static void test_cookie(void **state)
{
    char tok[SESSION_TOKEN_LEN + 1], out[SESSION_TOKEN_LEN + 1];
    struct err e;
    session_init(&e);
    session_new_token(tok);
    char h[300];
    snprintf(h, sizeof h, "theme=dark; hearth_session=%s; other=1", tok);
    assert_true(session_from_cookie(h, out));
    assert_string_equal(out, tok);
    snprintf(h, sizeof h, "xhearth_session=%s", tok);
    assert_false(session_from_cookie(h, out));
    assert_false(session_from_cookie("hearth_session=abc", out));
    assert_false(session_from_cookie(NULL, out));
    snprintf(h, sizeof h, "hearth_session=%sZ", tok);
    assert_false(session_from_cookie(h, out));
    snprintf(h, sizeof h, "xhearth_pre=%s", tok);
    assert_false(session_cookie_token(h, "hearth_pre", out));
    snprintf(h, sizeof h, "hearth_session=%s; hearth_pre=%s", tok, tok);
    assert_true(session_cookie_token(h, "hearth_pre", out));
    assert_string_equal(out, tok);
}

/* Only a pair the server issued passes: not a token the client made up and sent twice
 * (cookie and form), not two halves of different pairs, not an old one. */
static void test_pre_sign_in_token(void **state)
{
    struct err e;
    assert_int_equal(session_init(&e), HE_OK);
    char c1[SESSION_TOKEN_LEN + 1], f1[SESSION_TOKEN_LEN + 1], c2[SESSION_TOKEN_LEN + 1],
        f2[SESSION_TOKEN_LEN + 1];
    int64_t now = 1780000000;
    session_pre_token(now, c1, f1);
    session_pre_token(now, c2, f2);
    assert_int_equal(strlen(c1), SESSION_TOKEN_LEN);
    assert_int_equal(strlen(f1), SESSION_TOKEN_LEN);
    assert_true(session_pre_check(c1, f1, now));
    assert_true(session_pre_check(c2, f2, now + 600));
    assert_false(session_pre_check(c1, c1, now)); /* double submit of a made-up token */
    assert_false(session_pre_check(f1, f1, now));
    assert_false(session_pre_check(c1, f2, now));
    assert_false(session_pre_check(c2, f1, now));
    char made_up[SESSION_TOKEN_LEN + 1];
    session_new_token(made_up);
    assert_false(session_pre_check(made_up, made_up, now));
    assert_false(session_pre_check(c1, NULL, now));
    assert_false(session_pre_check("", f1, now));
    assert_false(session_pre_check(c1, f1, now + SESSION_PRE_SECS + 1)); /* too old */
    assert_false(session_pre_check(c1, f1, now - 3600));                 /* from the future */
    char flipped[SESSION_TOKEN_LEN + 1];
    strcpy(flipped, c1);
    flipped[20] = flipped[20] == 'a' ? 'b' : 'a';
    assert_false(session_pre_check(flipped, f1, now));
}

static double seconds_of_verify(const char *hash, const char *pw)
{
    double best = 1e9;
    for (int i = 0; i < 3; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        assert_false(password_verify(hash, pw));
        clock_gettime(CLOCK_MONOTONIC, &b);
        double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        best = t < best ? t : best;
    }
    return best;
}

/* A sign-in for a name with no account does the same Argon2id work as a wrong password for
 * a real one: counted, and timed with a generous bound (the fastest of three each). */
static void test_unknown_user_costs_the_same(void **state)
{
    struct err e;
    char hash[128];
    assert_int_equal(session_init(&e), HE_OK);
    assert_int_equal(password_hash("correct horse battery", hash, &e), HE_OK);
    long before = password_verifications();
    assert_false(password_verify(NULL, "correct horse battery"));
    assert_false(password_verify("", NULL));
    assert_int_equal(password_verifications() - before, 2);
    double wrong = seconds_of_verify(hash, "not the password at all");
    double unknown = seconds_of_verify(NULL, "not the password at all");
    print_message("wrong password %.1f ms, unknown user %.1f ms\n", wrong * 1e3, unknown * 1e3);
    assert_true(unknown > wrong * 0.2); /* without the decoy: microseconds against ~100 ms */
}

static void test_identifiers(void **state)
{
    char nhs[11];
    assert_true(nhs_valid("943 476 5919", nhs));
    assert_string_equal(nhs, "9434765919");
    assert_false(nhs_valid("943 476 5918", nhs));
    assert_false(nhs_valid("94347659", nhs));
    assert_false(nhs_valid("94347659190", nhs));
    assert_false(nhs_valid("9434x65919", nhs));
    assert_true(name_valid("Mary-Jane O'Neil"));
    assert_true(name_valid("Zoë"));
    assert_false(name_valid("<b>"));
    assert_false(name_valid(""));
    assert_true(plain_text("a < b and c > d\nnew line"));
    assert_false(plain_text("<script>alert(1)</script>"));
    assert_false(plain_text("x</p>"));
    assert_false(plain_text("bell\a"));
    assert_false(upn_valid("A12345678901"));
    assert_false(upn_valid("a123456789012"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password),
        cmocka_unit_test(test_tokens_and_csrf),
        cmocka_unit_test(test_cookie),
        cmocka_unit_test(test_pre_sign_in_token),
        cmocka_unit_test(test_unknown_user_costs_the_same),
        cmocka_unit_test(test_identifiers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
