/* thousands: digits grouped in threes (see thousands.h). */
#include "thousands.h"

#include <stdio.h>
#include <string.h>

char *thousands(char *out, size_t n, long long v)
{
    if (!n)
        return out;
    /* the magnitude as unsigned, so that LLONG_MIN has one too */
    unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char digits[24];
    snprintf(digits, sizeof digits, "%llu", m);
    size_t len = strlen(digits), o = 0;
    if (v < 0 && o + 1 < n)
        out[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i && (len - i) % 3 == 0) {
            if (o + 2 >= n)
                break;
            out[o++] = ',';
        }
        out[o++] = digits[i];
    }
    out[o] = 0;
    return out;
}
