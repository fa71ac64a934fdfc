/* codes: the DfE's code lists, by return, field and collection year. The lists are data
 * (data/cin-codes.csv and data/ssda903-codes.csv, compiled in); this module only answers "is this code valid, and when". */
#ifndef HEARTH_CODES_H
#define HEARTH_CODES_H

#include <stdbool.h>

/* year 0 means "valid in any year hearth knows" (what importers accept). */
bool codes_cin_valid(const char *xsd_type, const char *code, int year);
bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year);
/* Does the SSDA903 field have a code list at all (i.e. is it a category)? */
bool codes_ssda903_is_category(const char *table, const char *field);

#endif
