/* rng: the demo's one PRNG (splitmix64 to seed, xoshiro256** to draw), shared by the
 * synthetic returns (synth.c) and the demo's names and live casework (demo_*.c), so the
 * whole authority follows from its seed: no clock, no libc rand(). */
#ifndef HEARTH_DEMO_RNG_H
#define HEARTH_DEMO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

static inline uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t mix3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = a ^ (b * 0xD1B54A32D192ED03ull) ^ (c * 0x8CB92BA72F3D8DD7ull);
    return splitmix(&x);
}

static inline void rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = mix3(seed, stream + 1, index);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* lo..hi inclusive (hi >= lo) */
static inline int rr(struct rng *r, int lo, int hi)
{
    return lo + (int)(((rng_next(r) >> 32) * (uint64_t)(uint32_t)(hi - lo + 1)) >> 32);
}

static inline bool rp(struct rng *r, double p)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53 < p;
}

static inline double runif(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* A draw from weights laid out `stride` bytes apart (a table of structs with an int w). */
static inline int pick_w(struct rng *r, const int *w0, size_t stride, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += *(const int *)(const void *)((const char *)w0 + i * stride);
    int x = rr(r, 0, total - 1);
    for (size_t i = 0; i < n; i++) {
        int w = *(const int *)(const void *)((const char *)w0 + i * stride);
        if (x < w)
            return (int)i;
        x -= w;
    }
    return (int)n - 1;
}
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* A draw from a table of structs with an int member w. */
#define PICK(r, tab) pick_w((r), &(tab)[0].w, sizeof((tab)[0]), NELEM(tab))

#endif
