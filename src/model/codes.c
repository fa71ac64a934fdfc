/* codes: lookups in the generated code tables. The tables are a few hundred rows, so a
 * linear scan costs less than a hash and keeps this file obvious; importers that check
 * millions of values call it per field, which still measures well under the parse cost. */
#include "codes.h"

#include <string.h>

#include "codes_table.h"

static bool in_year(const struct code_row *r, int year)
{
    return year == 0 || (year >= r->from_year && year <= r->to_year);
}

bool codes_cin_valid(const char *xsd_type, const char *code, int year)
{
    for (size_t i = 0; i < hearth_cin_codes_n; i++) {
        const struct code_row *r = &hearth_cin_codes[i];
        if (strcmp(r->field, xsd_type) == 0 && strcmp(r->code, code) == 0 && in_year(r, year))
            return true;
    }
    return false;
}

bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year)
{
    for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
        const struct code_row *r = &hearth_ssda903_codes[i];
        if (strcmp(r->field, field) == 0 && strcmp(r->code, code) == 0 &&
            strcmp(r->table, table) == 0 && in_year(r, year))
            return true;
    }
    return false;
}

bool codes_ssda903_is_category(const char *table, const char *field)
{
    for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
        const struct code_row *r = &hearth_ssda903_codes[i];
        if (strcmp(r->field, field) == 0 && strcmp(r->table, table) == 0)
            return true;
    }
    return false;
}
