/* pq: libpq's functions, found in the library when it is first needed (pq.h, util/dynlib.h). */
#include <dlfcn.h>

#define PQ_API_NO_MACROS
#include "sonames.h"
#include "pq.h"

DYNLIB_DEFINE(pq_api, pq_api, PQ_API_FUNCS, pq_lib,
              "libpq (PostgreSQL's client library)", HEARTH_SONAME_LIBPQ);

PGconn *pq_connectdb(const char *conninfo)
{
    dynlib_need(&pq_lib);
    return pq_api.PQconnectdb(conninfo);
}
