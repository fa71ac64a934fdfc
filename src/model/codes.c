/* codes: lookups in the generated code tables. Both are looked up for every coded value
 * a return holds (each field of every row of seventy SSDA903 tables a year; each code of a
 * CIN census, a tenth of the time `hearth kpi FILES` took when it scanned), so each has an
 * index, built once on first use. */
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

/* A table's rows by (table, field, code): open addressing, each slot a row index + 1;
 * rows of the same key for different years sit in slots of their own. */
#define INDEX_SLOTS 4096
struct code_index {
    const struct code_row *rows;
    const size_t *n;
    pthread_once_t once;
    bool indexed; /* false: the table outgrew the index, scan it instead */
    uint16_t slot[INDEX_SLOTS];
};

static struct code_index cin_index = {hearth_cin_codes, &hearth_cin_codes_n, PTHREAD_ONCE_INIT, false, {0}};
static struct code_index ssda903_index = {hearth_ssda903_codes, &hearth_ssda903_codes_n, PTHREAD_ONCE_INIT, false, {0}};

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

static void index_build(struct code_index *ix)
{
    if (*ix->n >= INDEX_SLOTS / 2)
        return;
    for (size_t i = 0; i < *ix->n; i++) {
        const struct code_row *r = &ix->rows[i];
        uint32_t k = key_hash(r->table, r->field, r->code) & (INDEX_SLOTS - 1);
        while (ix->slot[k])
            k = (k + 1) & (INDEX_SLOTS - 1);
        ix->slot[k] = (uint16_t)(i + 1);
    }
    ix->indexed = true;
}
static void cin_index_build(void) { index_build(&cin_index); }
static void ssda903_index_build(void) { index_build(&ssda903_index); }

static bool row_is(const struct code_row *r, const char *table, const char *field, const char *code,
                   int year, int latest)
{
    return strcmp(r->code, code) == 0 && strcmp(r->field, field) == 0 &&
           strcmp(r->table, table) == 0 && in_year(r, year, latest);
}

static bool index_valid(const struct code_index *ix, const char *table, const char *field,
                        const char *code, int year, int latest)
{
    if (!ix->indexed) {
        for (size_t i = 0; i < *ix->n; i++)
            if (row_is(&ix->rows[i], table, field, code, year, latest))
                return true;
        return false;
    }
    for (uint32_t k = key_hash(table, field, code) & (INDEX_SLOTS - 1); ix->slot[k];
         k = (k + 1) & (INDEX_SLOTS - 1))
        if (row_is(&ix->rows[ix->slot[k] - 1], table, field, code, year, latest))
            return true;
    return false;
}

bool codes_cin_valid(const char *xsd_type, const char *code, int year)
{
    pthread_once(&cin_index.once, cin_index_build);
    return index_valid(&cin_index, "cin", xsd_type, code, year, codes_cin_latest_year());
}

bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year)
{
    pthread_once(&ssda903_index.once, ssda903_index_build);
    return index_valid(&ssda903_index, table, field, code, year, codes_ssda903_latest_year());
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
