/* codes: lookups in the generated code tables. The CIN table is a few hundred rows and
 * its callers remember the codes they met, so a linear scan serves it; the SSDA903 table is
 * looked up per field of every row of seventy tables a year, so it has an index, built
 * once on first use. */
#include "codes.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

/* The SSDA903 rows by (table, field, code): open addressing, each slot a row index + 1;
 * rows of the same key for different years sit in slots of their own. */
#define INDEX_SLOTS 4096
static uint16_t ssda903_index[INDEX_SLOTS];
static pthread_once_t ssda903_index_once = PTHREAD_ONCE_INIT;
static bool ssda903_indexed; /* false: the table outgrew the index, scan it instead */

static uint32_t key_hash(const char *table, const char *field, const char *code)
{
    uint32_t h = 2166136261u;
    const char *parts[3] = {table, field, code};
    for (int i = 0; i < 3; i++) {
        for (const char *c = parts[i]; *c; c++)
            h = (h ^ (unsigned char)*c) * 16777619u;
        h = (h ^ 0xff) * 16777619u; /* a separator no part holds */
    }
    return h ^ (h >> 15);
}

static void ssda903_index_build(void)
{
    if (hearth_ssda903_codes_n >= INDEX_SLOTS / 2)
        return;
    for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
        const struct code_row *r = &hearth_ssda903_codes[i];
        uint32_t k = key_hash(r->table, r->field, r->code) & (INDEX_SLOTS - 1);
        while (ssda903_index[k])
            k = (k + 1) & (INDEX_SLOTS - 1);
        ssda903_index[k] = (uint16_t)(i + 1);
    }
    ssda903_indexed = true;
}

bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year)
{
    pthread_once(&ssda903_index_once, ssda903_index_build);
    int latest = codes_ssda903_latest_year();
    if (!ssda903_indexed) {
        for (size_t i = 0; i < hearth_ssda903_codes_n; i++) {
            const struct code_row *r = &hearth_ssda903_codes[i];
            if (strcmp(r->field, field) == 0 && strcmp(r->code, code) == 0 &&
                strcmp(r->table, table) == 0 && in_year(r, year, latest))
                return true;
        }
        return false;
    }
    for (uint32_t k = key_hash(table, field, code) & (INDEX_SLOTS - 1); ssda903_index[k];
         k = (k + 1) & (INDEX_SLOTS - 1)) {
        const struct code_row *r = &hearth_ssda903_codes[ssda903_index[k] - 1];
        if (strcmp(r->code, code) == 0 && strcmp(r->field, field) == 0 &&
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
