/* testservice: what the tests of the wider service's figures (tests/unit/measure/
 * test_service*.c) share, on both stores: the fixture of testfixture.h (store, users,
 * children, teardown) and the lookups of an area and of one of its figures.
 * A test defines its struct fx, with members `char *dir`, `struct test_db t` and `struct
 * store *s` (its folder, its database and the store open on it), then includes this. */
#ifndef HEARTH_TESTSERVICE_H
#define HEARTH_TESTSERVICE_H

#include <stdio.h>
#include <string.h>

#include "testfixture.h"

#include "measure/service.h"
#include "store/casework.h"

/* The index of the area with this id in the registry. */
static inline int area(const char *id)
{
    for (int i = 0; i < n_service_areas; i++)
        if (!strcmp(service_areas[i]->id, id))
            return i;
    fail_msg("no area %s", id);
    return -1;
}

static inline const struct service_figure *fig(const struct service_result *r, const char *id)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->f[i].id, id))
            return &r->f[i];
    fail_msg("no figure %s", id);
    return NULL;
}

#endif
