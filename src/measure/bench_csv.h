/* bench_csv: the published figures' files into a struct bench (bench.h), and the reshaped
 * values file shipped in data/benchmarks/ written from one. Never touches the store. */
#ifndef HEARTH_BENCH_CSV_H
#define HEARTH_BENCH_CSV_H

#include <stdio.h>

#include "bench.h"

enum bench_file {
    BENCH_MEASURES,        /* measures.csv: measure,topic,name,polarity,unit,decimals,year_type */
    BENCH_AREAS,           /* areas.csv: area,name,region */
    BENCH_NEIGHBOURS_FILE, /* statistical-neighbours.csv: la_number,la_name,region,sn1,... */
    BENCH_VALUES,          /* the DfE's values.csv: measure,year,area,value */
    BENCH_VALUES_WIDE,     /* data/benchmarks/values.csv: measure,year,AREA,AREA,... */
    BENCH_FILE_N
};
/* The file's name in a folder of the DfE's files (and in data/benchmarks/). */
extern const char *const bench_file_names[BENCH_FILE_N];

/* Read one file's records into b (not finished). name is for messages. HE_INPUT with the
 * file and line in e when a record breaks a rule; records before it are kept in b, so a
 * caller that must keep all or nothing reads into a scratch bench first. */
int bench_read(struct bench *b, enum bench_file kind, FILE *in, const char *name, struct err *e);
int bench_read_file(struct bench *b, enum bench_file kind, const char *path, struct err *e);

/* The reshaped values file: every series of a finished b, one row each ("-" where there
 * is no figure), areas in b's order. */
int bench_write_wide(const struct bench *b, FILE *out, struct err *e);
/* v as text that reads back as the same number; "-" for NAN. */
void bench_value_text(char out[32], double v);

#endif
