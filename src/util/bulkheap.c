/* bulkheap: see bulkheap.h. glibc's own switch for this (the glibc.malloc.hugetlb tunable)
 * is read from the environment at start only, so the command does the same itself. */
#include "bulkheap.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

void bulk_heap(size_t bytes)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (bytes < 2 * huge || bytes > ((size_t)1 << 30))
        return;
    /* the big arrays stay in the heap (32 MB is glibc's largest threshold), the heap grows
     * by bytes at a time, and what is freed is not handed back to be faulted in again */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, (int)bytes);
    mallopt(M_TRIM_THRESHOLD, (int)(2 * bytes));
    char *p = malloc(huge); /* the main arena's heap grows by huge + bytes */
    char *end = sbrk(0);
    uintptr_t from = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
    /* p above the break would be a mapping of its own (the heap could not grow) */
    if (p && p < end && from + huge <= (uintptr_t)end)
        madvise((void *)from, (uintptr_t)end - from, MADV_HUGEPAGE);
    free(p);
#else
    (void)bytes;
#endif
}
