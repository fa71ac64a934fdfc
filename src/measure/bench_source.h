/* bench_source: where the published figures in use come from: the copy shipped in the
 * program, overlaid by what `hearth benchmarks load` put in the store (a newer year, or a
 * corrected one). The one file of measure/ that reads the store. */
#ifndef HEARTH_BENCH_SOURCE_H
#define HEARTH_BENCH_SOURCE_H

#include "../store/store.h"
#include "bench.h"

/* Fill b (bench_init first) with the shipped figures and the store's (s may be NULL:
 * the shipped ones alone). finish: also bench_finish() it. */
int bench_open(struct bench *b, struct store *s, bool finish, struct err *e);

/* A finished bench shared by a long-running server's threads: loaded on first use and
 * again when the store's loaded figures change. The caller holds it between
 * bench_shared_get() and bench_shared_put() (never across a request). */
int bench_shared_get(struct store *s, const struct bench **out, struct err *e);
void bench_shared_put(const struct bench *b);

#endif
