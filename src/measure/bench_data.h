/* bench_data: the published figures of data/benchmarks/, compiled into the program by
 * tools/gen-bench-c.sh (build/gen/bench_data.c) as the text of the four files. */
#ifndef HEARTH_BENCH_DATA_H
#define HEARTH_BENCH_DATA_H

#include <stddef.h>

extern const char bench_data_measures[], bench_data_areas[], bench_data_neighbours[],
    bench_data_values[];
extern const size_t bench_data_measures_len, bench_data_areas_len, bench_data_neighbours_len,
    bench_data_values_len;

#endif
