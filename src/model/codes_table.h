/* codes_table: the row type of the generated code tables (build/gen/codes_data.c).
 * Internal to model/codes.c; everything else asks codes.h. */
#ifndef HEARTH_CODES_TABLE_H
#define HEARTH_CODES_TABLE_H

#include <stddef.h>

struct code_row {
    const char *table; /* SSDA903 table, or "cin" */
    const char *field; /* SSDA903 field, or CIN schema simple type (e.g. "primaryneedcodetype") */
    const char *code;
    short from_year, to_year; /* collection years (ending 31 March) the code is valid in */
};

extern const struct code_row hearth_cin_codes[];
extern const size_t hearth_cin_codes_n;
extern const struct code_row hearth_ssda903_codes[];
extern const size_t hearth_ssda903_codes_n;

#endif
