/* child: releasing a struct child_file (see child.h; the store fills it). */
#include "child.h"

#include <string.h>

void child_file_free(struct child_file *c)
{
    arena_free(&c->mem);
    memset(c, 0, sizeof *c);
}
