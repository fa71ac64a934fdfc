/* session: password hashing and tokens (see session.h). */
#include "session.h"

#include <sodium.h>
#include <string.h>

int session_init(struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, HE_INTERNAL, "libsodium could not start");
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
    if (!hash || !password || !*hash)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

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
