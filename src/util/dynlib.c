/* dynlib: see dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void load_locked(struct dynlib *d)
{
    void *h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(d->why, sizeof d->why, "%s", why ? why : "not found");
        atomic_store(&d->state, -1);
        return;
    }
    const char *missing = d->bind(h);
    if (missing) {
        /* an older library than the one hearth was built against */
        snprintf(d->why, sizeof d->why, "it has no function %s", missing);
        dlclose(h);
        atomic_store(&d->state, -1);
        return;
    }
    atomic_store(&d->state, 1);
}

int dynlib_load(struct dynlib *d, struct err *e)
{
    if (atomic_load(&d->state) == 1)
        return HE_OK;
    pthread_mutex_lock(&d->lock);
    if (atomic_load(&d->state) == 0)
        load_locked(d);
    pthread_mutex_unlock(&d->lock);
    if (atomic_load(&d->state) == 1)
        return HE_OK;
    return err_set(e, HE_INTERNAL, "%s (%s) could not be loaded: %s; install it (tools/install-deps.sh)",
                   d->what, d->soname, d->why);
}

void dynlib_need(struct dynlib *d)
{
    struct err e;
    err_clear(&e);
    if (dynlib_load(d, &e) != HE_OK) {
        fprintf(stderr, "hearth: %s\n", e.msg);
        abort();
    }
}
