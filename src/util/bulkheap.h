/* bulkheap: malloc's heap made ready for a command that fills tens of megabytes within a
 * tenth of a second and then exits (`hearth kpi FILES`). With 4 KB pages such a command
 * spends a fifth of its time in the kernel's page faults, one for each page first written;
 * asking for 2 MB pages over the heap makes that one fault per 2 MB. Only advice: where
 * the kernel or the C library cannot, nothing changes but the speed. Call it once, before
 * the allocations it is for; it changes malloc's settings for the rest of the process. */
#ifndef HEARTH_BULKHEAP_H
#define HEARTH_BULKHEAP_H

#include <stddef.h>

/* Grow the heap by about bytes at once, in 2 MB pages where the kernel allows them. */
void bulk_heap(size_t bytes);

#endif
