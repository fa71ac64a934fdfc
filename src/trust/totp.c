/* totp: RFC 6238 time-based one-time passwords over RFC 4226's dynamic truncation, keyed
 * HMAC-SHA-256 from libsodium (see totp.h). */
#include "totp.h"

#include <sodium.h>
#include <string.h>

uint32_t totp_code(const uint8_t *key, size_t key_len, uint64_t counter, int digits)
{
    uint8_t msg[8], mac[crypto_auth_hmacsha256_BYTES];
    for (int i = 7; i >= 0; i--) {
        msg[i] = (uint8_t)(counter & 0xff);
        counter >>= 8;
    }
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
    crypto_auth_hmacsha256_final(&st, mac);
    int off = mac[sizeof mac - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
    uint32_t mod = 1;
    for (int i = 0; i < digits; i++)
        mod *= 10;
    sodium_memzero(mac, sizeof mac);
    return bin % mod;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void totp_new_secret(char out[TOTP_B32_LEN + 1])
{
    uint8_t raw[TOTP_SECRET_BYTES];
    randombytes_buf(raw, sizeof raw);
    int bits = 0, n = 0;
    uint32_t acc = 0;
    for (size_t i = 0; i < sizeof raw; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 5) {
            out[n++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    out[n] = 0;
    sodium_memzero(raw, sizeof raw);
}

int totp_b32_decode(const char *s, uint8_t *out, size_t cap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        const char *p = strchr(b32, c);
        if (!p || !c)
            return -1;
        acc = (acc << 5) | (uint32_t)(p - b32);
        bits += 5;
        if (bits >= 8) {
            if (n == cap)
                return -1;
            out[n++] = (uint8_t)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    return (int)n;
}

bool totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                 int64_t *step)
{
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return false;
    uint32_t want = 0;
    for (int i = 0; i < 6; i++)
        want = want * 10 + (uint32_t)(code[i] - '0');
    uint8_t key[64];
    int n = totp_b32_decode(secret_b32 ? secret_b32 : "", key, sizeof key);
    if (n < 10)
        return false;
    int64_t t = now / 30;
    bool ok = false;
    for (int64_t s = t - 1; s <= t + 1; s++) {
        if (s <= last_step)
            continue;
        /* compare every step, so that the time taken does not say which one matched */
        if (totp_code(key, (size_t)n, (uint64_t)s, 6) == want && !ok) {
            ok = true;
            *step = s;
        }
    }
    sodium_memzero(key, sizeof key);
    return ok;
}
