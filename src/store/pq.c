/* pq: libpq's functions, found in the library when it is first needed (pq.h, util/dynlib.h). */
#include <dlfcn.h>

#define PQ_API_NO_MACROS
#include "sonames.h"
#include "pq.h"

struct pq_api pq_api;

static const char *bind_table(void *h)
{
    /* POSIX's way to keep a function's address from dlsym */
#define PQ_API_BIND(f)                         \
    if (!(*(void **)&pq_api.f = dlsym(h, #f))) \
        return #f;
    PQ_API_FUNCS(PQ_API_BIND)
#undef PQ_API_BIND
    return NULL;
}

struct dynlib pq_lib = DYNLIB_INIT("libpq (PostgreSQL's client library)", HEARTH_SONAME_LIBPQ, bind_table);

PGconn *pq_connectdb(const char *conninfo)
{
    dynlib_need(&pq_lib);
    return pq_api.PQconnectdb(conninfo);
}
