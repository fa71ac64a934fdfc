/* totp: time-based one-time passwords (RFC 6238) for the optional second factor at sign-in,
 * with HMAC-SHA-256 from libsodium (RFC 6238 allows SHA-256; authenticator apps are told so
 * by the otpauth URI's algorithm=SHA256). 6 digits, 30-second steps, one step of clock
 * drift either way. Secrets are 20 random bytes, shown to the user in base32.
 * Ownership: callers own every buffer; nothing is allocated. */
#ifndef HEARTH_TOTP_H
#define HEARTH_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20
#define TOTP_B32_LEN 32 /* base32 of 20 bytes, no padding */

/* The code for time step counter (RFC 4226 HOTP with HMAC-SHA-256), digits long (6..8). */
uint32_t totp_code(const uint8_t *key, size_t key_len, uint64_t counter, int digits);
/* A fresh secret, as base32 (out holds TOTP_B32_LEN + 1). */
void totp_new_secret(char out[TOTP_B32_LEN + 1]);
/* Decode base32 (A-Z2-7, no padding, case and spaces ignored); -1 when malformed, else bytes. */
int totp_b32_decode(const char *s, uint8_t *out, size_t cap);
/* Check a 6-digit code at Unix time now against secret (base32). *step gets the matched time
 * step, so that the caller can refuse a step already used (replay); true when it matches
 * one of now's step and its neighbours and is later than last_step. */
bool totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                 int64_t *step);

#endif
