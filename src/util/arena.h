/* arena: many small allocations released together (a child's record, a request). Memory
 * is taken in blocks and never moved, so pointers into it stay valid until arena_free().
 * Owner: whoever declared the struct arena. */
#ifndef HEARTH_ARENA_H
#define HEARTH_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
};

#define ARENA_INIT {NULL}

void *arena_alloc(struct arena *a, size_t n); /* zeroed, aligned for any type; aborts on OOM */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
void arena_free(struct arena *a);

#endif
