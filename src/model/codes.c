/* codes: lookups in the generated code tables. The tables are a few hundred rows, so a
 * linear scan costs less than a hash and keeps this file obvious; importers that check
 * millions of values call it per field, which still measures well under the parse cost. */
#include "codes.h"

#include <stdatomic.h>
#include <string.h>

#include "codes_table.h"

static int latest_of(const struct code_row *rows, size_t n)
{
    int y = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].to_year > y)
            y = rows[i].to_year;
    return y;
}

int codes_cin_latest_year(void)
{
    /* the tables are constant: threads that race write the same value */
    static atomic_int latest;
    int y = atomic_load_explicit(&latest, memory_order_relaxed);
    if (!y)
        atomic_store_explicit(&latest, y = latest_of(hearth_cin_codes, hearth_cin_codes_n),
                              memory_order_relaxed);
    return y;
}

int codes_ssda903_latest_year(void)
{
    static atomic_int latest;
    int y = atomic_load_explicit(&latest, memory_order_relaxed);
    if (!y)
        atomic_store_explicit(&latest, y = latest_of(hearth_ssda903_codes, hearth_ssda903_codes_n),
                              memory_order_relaxed);
    return y;
}

/* A year after the latest list is answered by the latest list: a row that runs to the
 * latest year runs on. A row that ended earlier (a withdrawn code) stays ended. */
static bool in_year(const struct code_row *r, int year, int latest)
{
    if (year == 0)
        return true;
    if (year > latest)
        year = latest;
    return year >= r->from_year && year <= r->to_year;
}

bool codes_cin_valid(const char *xsd_type, const char *code, int year)
{
    int latest = codes_cin_latest_year();
    for (size_t i = 0; i < hearth_cin_codes_n; i++) {
        const struct code_row *r = &hearth_cin_codes[i];
        if (strcmp(r->field, xsd_type) == 0 && strcmp(r->code, code) == 0 && in_year(r, year, latest))
            return true;
    }
    return false;
}

bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year)
{
    int latest = codes_ssda903_latest_year();
    for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
        const struct code_row *r = &hearth_ssda903_codes[i];
        if (strcmp(r->field, field) == 0 && strcmp(r->code, code) == 0 &&
            strcmp(r->table, table) == 0 && in_year(r, year, latest))
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
