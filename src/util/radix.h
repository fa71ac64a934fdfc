/* radix: a stable LSD radix sort of fixed-size records by a 64-bit key, for the
 * million-row arrays the measures read (a comparison sort of all England's referrals
 * costs several times more). The caller owns the array; a scratch copy is allocated
 * and freed inside. */
#ifndef HEARTH_RADIX_H
#define HEARTH_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sort n records of `size` bytes at base, ascending by key(record). */
void radix_sort(void *base, size_t n, size_t size, uint64_t (*key)(const void *));

#endif
