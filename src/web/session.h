/* session: the secrets of signing in, with libsodium. Passwords are kept as Argon2id hashes
 * (crypto_pwhash_str); a session token is 32 random bytes sent as hex in an HttpOnly,
 * SameSite=Strict cookie, and only its BLAKE2b digest is stored, so a copy of the database
 * signs nobody in. Each session has its own CSRF token that every form carries back and
 * that is compared in constant time. No database or HTTP here: those callers pass strings.
 * session_init makes this process's keys: call it before the rest. */
#ifndef HEARTH_SESSION_H
#define HEARTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define SESSION_COOKIE "hearth_session"
#define SESSION_TOKEN_LEN 64 /* hex characters */

int session_init(struct err *e); /* sodium_init; call once before any other */

/* Hash a password (Argon2id, interactive limits). out must hold 128 bytes. HE_INPUT when
 * the password is too short (under 10 characters) or too long (over 200). */
int password_hash(const char *password, char out[128], struct err *e);
/* True when password matches hash. A NULL or empty hash (no such user) costs the same
 * Argon2id work as a real one and gives false, so that the time a sign-in takes does not
 * tell whether an account exists. */
bool password_verify(const char *hash, const char *password);
/* How many verifications password_verify has done (tests: every refusal did the work). */
long password_verifications(void);

/* A fresh random token as 64 hex characters (out holds 65). */
void session_new_token(char out[SESSION_TOKEN_LEN + 1]);
/* The digest kept in the database for a token (out holds 65). */
void session_token_digest(const char *token, char out[65]);
/* True when a is a well-formed token equal to b (constant time). */
bool session_token_equal(const char *a, const char *b);
/* The session token from a Cookie header; false when absent or malformed. */
bool session_from_cookie(const char *cookie_header, char out[SESSION_TOKEN_LEN + 1]);
/* The same for any cookie holding a token (the sign-in form's "hearth_pre"). */
bool session_cookie_token(const char *cookie_header, const char *name,
                          char out[SESSION_TOKEN_LEN + 1]);

/* The sign-in and setup forms come before any session: their token pair is issued by the
 * server, a cookie token (when it was issued, and random bytes) and the form's token (the
 * cookie's signed with a key made at each start). session_pre_check accepts only a pair
 * issued by this server in the last SESSION_PRE_SECS: a token the client made up, or one
 * from another pair, is refused. */
#define SESSION_PRE_SECS (12 * 3600)
void session_pre_token(int64_t now, char cookie[SESSION_TOKEN_LEN + 1], char form[SESSION_TOKEN_LEN + 1]);
bool session_pre_check(const char *cookie, const char *sent, int64_t now);

#endif
