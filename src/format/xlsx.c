/* xlsx: libxlsxwriter's functions, found in the library at the first spreadsheet (xlsx.h, util/dynlib.h). */
#include <dlfcn.h>

#define XLSX_API_NO_MACROS
#include "sonames.h"
#include "xlsx.h"

struct xlsx_api xlsx_api;

static const char *bind_table(void *h)
{
    /* POSIX's way to keep a function's address from dlsym */
#define XLSX_API_BIND(f)                         \
    if (!(*(void **)&xlsx_api.f = dlsym(h, #f))) \
        return #f;
    XLSX_API_FUNCS(XLSX_API_BIND)
#undef XLSX_API_BIND
    return NULL;
}

struct dynlib xlsx_lib = DYNLIB_INIT("libxlsxwriter (the spreadsheet writer)", HEARTH_SONAME_LIBXLSXWRITER, bind_table);
