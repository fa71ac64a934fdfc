/* xlsx: libxlsxwriter's functions, found in the library at the first spreadsheet (xlsx.h, util/dynlib.h). */
#include <dlfcn.h>

#define XLSX_API_NO_MACROS
#include "sonames.h"
#include "xlsx.h"

DYNLIB_DEFINE(xlsx_api, xlsx_api, XLSX_API_FUNCS, xlsx_lib,
              "libxlsxwriter (the spreadsheet writer)", HEARTH_SONAME_LIBXLSXWRITER);
