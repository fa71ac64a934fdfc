/* radix: see radix.h. Keys are computed once into a side array, then sorted 11 bits a
 * pass over only as many passes as the largest key needs. */
#include "radix.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define BITS 11
#define BUCKETS (1u << BITS)

void radix_sort(void *base, size_t n, size_t size, uint64_t (*key)(const void *))
{
    if (n < 2)
        return;
    unsigned char *a = base;
    uint64_t *k = xmalloc(n * sizeof *k), *k2 = xmalloc(n * sizeof *k2);
    unsigned char *tmp = xmalloc(n * size);
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++) {
        k[i] = key(a + i * size);
        if (k[i] > max)
            max = k[i];
    }
    unsigned char *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < 64 && (max >> shift) != 0; shift += BITS) {
        size_t count[BUCKETS + 1];
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[((k[i] >> shift) & (BUCKETS - 1)) + 1]++;
        for (size_t b = 0; b < BUCKETS; b++)
            count[b + 1] += count[b];
        /* the facts' element sizes get a copy of constant size, which the compiler inlines
         * (a call to memmove per element was a twentieth of a whole `hearth kpi`) */
#define SCATTER(sz)                                                              \
        for (size_t i = 0; i < n; i++) {                                         \
            size_t at = count[(k[i] >> shift) & (BUCKETS - 1)]++;                \
            memcpy(dst + at * (sz), src + i * (sz), (sz));                       \
            k2[at] = k[i];                                                       \
        }
        switch (size) {
        case 8: SCATTER(8); break;
        case 16: SCATTER(16); break;
        case 24: SCATTER(24); break;
        case 32: SCATTER(32); break;
        default: SCATTER(size); break;
        }
#undef SCATTER
        unsigned char *t = src; src = dst; dst = t;
        uint64_t *tk = k; k = k2; k2 = tk;
    }
    if (src != a)
        memcpy(a, src, n * size);
    free(k);
    free(k2);
    free(tmp);
}
