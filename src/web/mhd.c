/* mhd: libmicrohttpd's functions, found in the library when the server starts (mhd.h, util/dynlib.h). */
#include <dlfcn.h>

#define MHD_API_NO_MACROS
#include "sonames.h"
#include "mhd.h"

DYNLIB_DEFINE(mhd_api, mhd_api, MHD_API_FUNCS, mhd_lib,
              "libmicrohttpd (the web server library)", HEARTH_SONAME_LIBMICROHTTPD);
