/* session: password hashing and tokens (see session.h). */
#include "session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

/* The key that signs the sign-in form's tokens: random at each start, never stored, so a
 * token made up by a client (or issued before a restart) signs nothing. */
static unsigned char pre_key[crypto_generichash_KEYBYTES];
/* An Argon2id hash of a random password: what a sign-in for an unknown name is checked
 * against, so that it costs what a wrong password for a real user costs. */
static char decoy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;
static atomic_long verifications;

static void make_decoy(void)
{
    char pw[SESSION_TOKEN_LEN + 1];
    session_new_token(pw);
    if (crypto_pwhash_str(decoy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        decoy_hash[0] = 0;
    sodium_memzero(pw, sizeof pw);
}

int session_init(struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, HE_INTERNAL, "libsodium could not start");
    randombytes_buf(pre_key, sizeof pre_key);
    pthread_once(&decoy_once, make_decoy);
    if (!decoy_hash[0])
        return err_set(e, HE_INTERNAL, "out of memory hashing a password");
    return HE_OK;
}

int password_hash(const char *password, char out[128], struct err *e)
{
    size_t n = password ? strlen(password) : 0;
    if (n < 10)
        return err_at(e, HE_INPUT, NULL, 0, "password", "a password has at least 10 characters");
    if (n > 200)
        return err_at(e, HE_INPUT, NULL, 0, "password", "a password has at most 200 characters");
    _Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
    if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, HE_INTERNAL, "out of memory hashing a password");
    return HE_OK;
}

bool password_verify(const char *hash, const char *password)
{
    if (!password)
        password = "";
    atomic_fetch_add(&verifications, 1);
    if (!hash || !*hash) { /* no account, or none with a password: the same work, then no */
        pthread_once(&decoy_once, make_decoy);
        volatile int ignored = decoy_hash[0] ? crypto_pwhash_str_verify(decoy_hash, password,
                                                                       strlen(password))
                                              : -1;
        (void)ignored;
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

long password_verifications(void) { return atomic_load(&verifications); }

void session_new_token(char out[SESSION_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

void session_token_digest(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool is_token(const char *s)
{
    if (!s || strlen(s) != SESSION_TOKEN_LEN)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

bool session_token_equal(const char *a, const char *b)
{
    if (!is_token(a) || !is_token(b))
        return false;
    return sodium_memcmp(a, b, SESSION_TOKEN_LEN) == 0;
}

bool session_cookie_token(const char *h, const char *name, char out[SESSION_TOKEN_LEN + 1])
{
    size_t nl = strlen(name);
    out[0] = 0;
    for (const char *p = h; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == nl + 1 + SESSION_TOKEN_LEN && !strncmp(p, name, nl) && p[nl] == '=') {
            memcpy(out, p + nl + 1, SESSION_TOKEN_LEN);
            out[SESSION_TOKEN_LEN] = 0;
            if (is_token(out))
                return true;
            out[0] = 0;
        }
        p += len;
    }
    return false;
}

bool session_from_cookie(const char *h, char out[SESSION_TOKEN_LEN + 1])
{
    return session_cookie_token(h, SESSION_COOKIE, out);
}

/* The form's token is the keyed BLAKE2b of the cookie's, which holds when it was issued
 * (8 bytes, big-endian seconds) and 24 random bytes. */
static void pre_mac(const unsigned char raw[32], char out[SESSION_TOKEN_LEN + 1])
{
    unsigned char mac[32];
    crypto_generichash(mac, sizeof mac, raw, 32, pre_key, sizeof pre_key);
    sodium_bin2hex(out, SESSION_TOKEN_LEN + 1, mac, sizeof mac);
}

void session_pre_token(int64_t now, char cookie[SESSION_TOKEN_LEN + 1], char form[SESSION_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    for (int i = 0; i < 8; i++)
        raw[i] = (unsigned char)((uint64_t)now >> (56 - 8 * i));
    randombytes_buf(raw + 8, sizeof raw - 8);
    sodium_bin2hex(cookie, SESSION_TOKEN_LEN + 1, raw, sizeof raw);
    pre_mac(raw, form);
}

bool session_pre_check(const char *cookie, const char *sent, int64_t now)
{
    unsigned char raw[32];
    if (!is_token(cookie) || !is_token(sent) ||
        sodium_hex2bin(raw, sizeof raw, cookie, SESSION_TOKEN_LEN, NULL, NULL, NULL) != 0)
        return false;
    char want[SESSION_TOKEN_LEN + 1];
    pre_mac(raw, want);
    if (sodium_memcmp(want, sent, SESSION_TOKEN_LEN) != 0)
        return false;
    uint64_t at = 0;
    for (int i = 0; i < 8; i++)
        at = at << 8 | raw[i];
    return (int64_t)at <= now + 60 && now - (int64_t)at <= SESSION_PRE_SECS;
}
