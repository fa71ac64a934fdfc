/* dynlib: a shared library loaded when first used rather than at every start. libpq (the
 * PostgreSQL store), libmicrohttpd (`hearth serve`), libxlsxwriter (spreadsheets) and
 * libxml2 (XML returns; it brings ICU and libstdc++) are 33 of the 39 shared objects a
 * linked hearth loads, and with them 5-6 ms of every command's start, though most commands
 * need one of them at most (`hearth validate` on an authority's SSDA903 tables takes about
 * 20 ms in all). Each is still the library the build found: its soname is taken from it
 * at build time (build/gen/sonames.h), and its functions are called through a table of
 * pointers filled from it (src/store/pq.h, src/web/mhd.h, src/format/xlsx.h,
 * src/format/xml.h) whose macros keep every call written as the library's documentation
 * writes it.
 *
 * Ownership: a struct dynlib is a static of the module that wraps the library, set up with
 * DYNLIB_INIT, never freed; the library stays loaded until the process ends. */
#ifndef HEARTH_DYNLIB_H
#define HEARTH_DYNLIB_H

#include <pthread.h>
#include <stdatomic.h>

#include "err.h"

/* Fill the module's table from handle (dlsym for each name); returns the name of the
 * first function missing, or NULL when all were found. */
typedef const char *(*dynlib_bind_fn)(void *handle);

struct dynlib {
    const char *what;   /* for messages: "libpq (PostgreSQL's client library)" */
    const char *soname; /* "libpq.so.5" */
    dynlib_bind_fn bind;
    pthread_mutex_t lock;
    atomic_int state;   /* 0 not tried, 1 loaded, -1 failed (why says why) */
    char why[400];
};

#define DYNLIB_INIT(what, soname, bind) {what, soname, bind, PTHREAD_MUTEX_INITIALIZER, 0, ""}

/* A wrapper's table: struct name with one pointer for each function FUNCS lists (an
 * X-macro), typed as the library's header declares it. */
#define DYNLIB_SLOT_(f) __typeof__(f) *f;
#define DYNLIB_TABLE(name, FUNCS) \
    struct name {                 \
        FUNCS(DYNLIB_SLOT_)       \
    }

/* In the wrapper's .c (with the library's header included and its call macros off): the
 * table `table` of struct `type`, the function that fills it from the loaded library
 * (POSIX's way to keep a function's address from dlsym), and the struct dynlib `lib`. */
#define DYNLIB_BIND_(f)                                  \
    if (!(*(void **)&dynlib_table_->f = dlsym(h, #f))) \
        return #f;
#define DYNLIB_DEFINE(type, table, FUNCS, lib, what, soname)  \
    struct type table;                                       \
    static const char *table##_bind(void *h)                 \
    {                                                        \
        struct type *dynlib_table_ = &table;                 \
        FUNCS(DYNLIB_BIND_)                                  \
        return NULL;                                         \
    }                                                        \
    struct dynlib lib = DYNLIB_INIT(what, soname, table##_bind)

/* Load the library once (any thread; later calls return at once). HE_INTERNAL with the
 * library, its soname and the loader's reason when it cannot be loaded. */
int dynlib_load(struct dynlib *d, struct err *e);

/* As dynlib_load, for a call that has no way to report an error: prints the reason and
 * aborts when the library cannot be loaded (a test's direct use of it). */
void dynlib_need(struct dynlib *d);

#endif
