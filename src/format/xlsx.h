/* xlsx: libxlsxwriter, loaded when a spreadsheet is first written (util/dynlib.h says
 * why). Include this instead of <xlsxwriter.h>; each workbook_new_opt's caller loads it
 * with dynlib_load() first. */
#ifndef HEARTH_XLSX_H
#define HEARTH_XLSX_H

#include <xlsxwriter.h>

#include "../util/dynlib.h"

#define XLSX_API_FUNCS(X) \
    X(format_set_align) \
    X(format_set_bold) \
    X(format_set_num_format) \
    X(format_set_text_wrap) \
    X(lxw_strerror) \
    X(workbook_add_format) \
    X(workbook_add_worksheet) \
    X(workbook_close) \
    X(workbook_new_opt) \
    X(workbook_set_properties) \
    X(worksheet_set_column) \
    X(worksheet_write_datetime) \
    X(worksheet_write_number) \
    X(worksheet_write_string)

DYNLIB_TABLE(xlsx_api, XLSX_API_FUNCS);

/* Filled by dynlib_load(&xlsx_lib); read only after it returned HE_OK. */
extern struct xlsx_api xlsx_api;
extern struct dynlib xlsx_lib;

/* Every call below goes through the table, written as the library's documentation writes
 * it (the file that fills the table defines XLSX_API_NO_MACROS). */
#ifndef XLSX_API_NO_MACROS
#define format_set_align (xlsx_api.format_set_align)
#define format_set_bold (xlsx_api.format_set_bold)
#define format_set_num_format (xlsx_api.format_set_num_format)
#define format_set_text_wrap (xlsx_api.format_set_text_wrap)
#define lxw_strerror (xlsx_api.lxw_strerror)
#define workbook_add_format (xlsx_api.workbook_add_format)
#define workbook_add_worksheet (xlsx_api.workbook_add_worksheet)
#define workbook_close (xlsx_api.workbook_close)
#define workbook_new_opt (xlsx_api.workbook_new_opt)
#define workbook_set_properties (xlsx_api.workbook_set_properties)
#define worksheet_set_column (xlsx_api.worksheet_set_column)
#define worksheet_write_datetime (xlsx_api.worksheet_write_datetime)
#define worksheet_write_number (xlsx_api.worksheet_write_number)
#define worksheet_write_string (xlsx_api.worksheet_write_string)
#endif

#endif
