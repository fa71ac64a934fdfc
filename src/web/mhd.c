/* mhd: libmicrohttpd's functions, found in the library when the server starts (mhd.h, util/dynlib.h). */
#include <dlfcn.h>

#define MHD_API_NO_MACROS
#include "sonames.h"
#include "mhd.h"

struct mhd_api mhd_api;

static const char *bind_table(void *h)
{
    /* POSIX's way to keep a function's address from dlsym */
#define MHD_API_BIND(f)                         \
    if (!(*(void **)&mhd_api.f = dlsym(h, #f))) \
        return #f;
    MHD_API_FUNCS(MHD_API_BIND)
#undef MHD_API_BIND
    return NULL;
}

struct dynlib mhd_lib = DYNLIB_INIT("libmicrohttpd (the web server library)", HEARTH_SONAME_LIBMICROHTTPD, bind_table);
