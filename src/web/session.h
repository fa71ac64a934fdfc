/* session: the secrets of signing in, with libsodium. Passwords are kept as Argon2id hashes
 * (crypto_pwhash_str); a session token is 32 random bytes sent as hex in an HttpOnly,
 * SameSite=Strict cookie, and only its BLAKE2b digest is stored, so a copy of the database
 * signs nobody in. Each session has its own CSRF token that every form carries back and
 * that is compared in constant time. No database or HTTP here: those callers pass strings. */
#ifndef HEARTH_SESSION_H
#define HEARTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"

#define SESSION_COOKIE "hearth_session"
#define SESSION_TOKEN_LEN 64 /* hex characters */

int session_init(struct err *e); /* sodium_init; call once before any other */

/* Hash a password (Argon2id, interactive limits). out must hold 128 bytes. HE_INPUT when
 * the password is too short (under 10 characters) or too long (over 200). */
int password_hash(const char *password, char out[128], struct err *e);
bool password_verify(const char *hash, const char *password);

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

#endif
