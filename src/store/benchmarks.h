/* store/benchmarks: the published figures loaded into the store (`hearth benchmarks load`)
 * and the committee report's commentary, on the portable db.h layer (store_bench.c).
 * Rows go in and come out as the text of the DfE's files' columns, so the store knows
 * nothing of what they mean (measure/bench.h does).
 * Ownership: text passed in is copied; text handed to a callback is valid during the call. */
#ifndef HEARTH_STORE_BENCHMARKS_H
#define HEARTH_STORE_BENCHMARKS_H

#include <stdint.h>

#include "store.h"

enum store_bench_table {
    SB_MEASURE,   /* measure, topic, name, polarity, unit, decimals, year_type */
    SB_AREA,      /* area, name, region */
    SB_NEIGHBOUR, /* la, then the ten neighbours in order */
    SB_VALUE,     /* measure, year, area, value */
};

/* One writer for a whole load, inside store_begin()/store_commit(): a row replaces the one
 * with the same key (measure; area; la; measure, year and area). fields are as above. */
struct store_bench_writer;
HE_MUST_CHECK int store_bench_writer_open(struct store *s, struct store_bench_writer **out, struct err *e);
HE_MUST_CHECK int store_bench_put(struct store_bench_writer *w, enum store_bench_table t,
                    const char *const *fields, struct err *e);
void store_bench_writer_close(struct store_bench_writer *w);

/* Every row of table t, in key order, handed to row (which stops the walk by returning an
 * error code). */
HE_MUST_CHECK int store_bench_each(struct store *s, enum store_bench_table t,
                     int (*row)(void *arg, const char *const *fields, struct err *e), void *arg,
                     struct err *e);
/* How many values the store holds (0: only the shipped figures are in use). */
HE_MUST_CHECK int store_bench_count(struct store *s, int64_t *n, struct err *e);

/* The committee report's commentary: one text per (year, section). */
struct store_commentary {
    char section[32];
    char *text;        /* owned: free() */
    char written_by[128];
    int64_t written_at; /* seconds since 1970 */
};
/* Every section's commentary for year (at most max), by section; the caller frees each text. */
HE_MUST_CHECK int store_commentary_list(struct store *s, int year, struct store_commentary *out, int max, int *n,
                          struct err *e);
/* Saves (replaces) n sections' texts in one transaction; a "" text deletes the section's. */
HE_MUST_CHECK int store_commentary_save(struct store *s, int year, int n, const char *const *sections,
                          const char *const *texts, const char *written_by, int64_t written_at,
                          struct err *e);

#endif
