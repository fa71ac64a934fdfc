/* bench: the DfE's published figures for every authority, region and England (the Local
 * Authority Interactive Tool's data: ../shared/benchmarks/README.md), and what councils
 * work out from them to compare themselves: the average of an authority's ten statistical
 * neighbours, its region, England, its rank among the authorities and its quartile band.
 *
 * A struct bench is filled record by record (bench_add_*: from the copy shipped in the
 * program, bench_csv.c's readers of the DfE's files, or rows the store holds from
 * `hearth benchmarks load`; a later record for the same key replaces an earlier one),
 * then bench_finish() ranks every series once, after which the struct is read-only and
 * may be shared by threads. Never touches the store or SQL.
 *
 * Ownership: the caller owns the struct bench (bench_init / bench_free); every string and
 * array in it belongs to it. */
#ifndef HEARTH_BENCH_H
#define HEARTH_BENCH_H

#include <stdbool.h>
#include <stdio.h>

#include "../util/err.h"

#define BENCH_MAX_AREAS 256  /* areas.csv has 170: authorities, regions, England */
#define BENCH_NEIGHBOURS 10
#define BENCH_ENGLAND 970

enum bench_polarity { BENCH_NEUTRAL = 0, BENCH_HIGH = 1, BENCH_LOW = -1 };

struct bench_measure {
    char *code;      /* "ReReferral" */
    char *topic;     /* "Child Protection" */
    char *name;      /* the DfE's label */
    char *unit;      /* "% of referrals", "Rate per 10,000", "Number" */
    char *year_type; /* "Financial Year", "Annual", ... */
    int polarity;    /* enum bench_polarity */
    int decimals;    /* places the DfE publishes; -1 when not given ("NA") */
};

struct bench_area {
    int code;     /* DfE LA number; 970 England; 980-990 regions */
    char *name;
    char *region; /* as areas.csv names it ("South East"); "" for England and the regions */
    int region_area; /* the area whose figures are the region's (989); 0 when none */
    int neighbours[BENCH_NEIGHBOURS]; /* area codes, most similar first; 0 when unknown */
};

struct bench_series {
    int measure;       /* index into bench.measures */
    char year[24];     /* as published: "2018", "2017-18", "2017-18 (OT)" */
    int end_year;      /* the year to 31 March it covers: 2018 for all three above */
    double v[BENCH_MAX_AREAS]; /* by area index; NAN where "-" or not published */
    /* from bench_finish(): among authorities (not England or regions) with a value, 1 =
     * best by the measure's polarity, ties share the best rank of their group; 0 = none */
    short rank[BENCH_MAX_AREAS];
    short n_ranked;
};

struct bench {
    struct bench_measure *measures; /* sorted by code once finished */
    int n_measures, cap_measures;
    struct bench_area areas[BENCH_MAX_AREAS];
    int n_areas;
    short area_index[1000]; /* area code -> index + 1; 0 unknown */
    struct bench_series **series; /* sorted by measure, then end year, then year once finished */
    int n_series, cap_series;
    bool finished;
    unsigned long long serial; /* set by whoever shares it (bench_source.c): caches tell benches apart */
    int last_measure; /* while filling: the measure a record named last */
    /* When set, called with every record bench_add_* accepts, in the files' columns
     * (enum bench_record), before it is kept: how a load writes what it checked. */
    int (*hook)(void *arg, int kind, const char *const *fields, struct err *e);
    void *hook_arg;
};

/* The kinds of record, as bench.hook receives them:
 *   BR_MEASURE   measure, topic, name, polarity, unit, decimals, year_type
 *   BR_AREA      area, name, region
 *   BR_NEIGHBOUR la, then the ten neighbours in order (11 fields)
 *   BR_VALUE     measure, year, area, value */
enum bench_record { BR_MEASURE, BR_AREA, BR_NEIGHBOUR, BR_VALUE };

void bench_init(struct bench *b);
void bench_free(struct bench *b);

/* Records, in the columns of the DfE's files (measures.csv, areas.csv, the neighbours'
 * la_number and sn1..sn10, values.csv). HE_INPUT with e->msg saying what is wrong (the
 * caller adds file and line). A value needs its area (bench_add_area first); "-" is a
 * published "no figure". Measures and areas may come in any order before values. */
int bench_add_measure(struct bench *b, const char *code, const char *topic, const char *name,
                      const char *polarity, const char *unit, const char *decimals,
                      const char *year_type, struct err *e);
int bench_add_area(struct bench *b, const char *code, const char *name, const char *region,
                   struct err *e);
int bench_add_neighbours(struct bench *b, const char *la, const char *const sn[BENCH_NEIGHBOURS],
                         struct err *e);
int bench_add_value(struct bench *b, const char *measure, const char *year, const char *area,
                    const char *value, struct err *e);
/* Ranks every series and sorts the index. Call once, after the last record. */
void bench_finish(struct bench *b);

/* Lookups on a finished bench. NULL / -1 when unknown. */
const struct bench_measure *bench_measure(const struct bench *b, const char *code);
int bench_measure_index(const struct bench *b, const char *code);
const struct bench_area *bench_area(const struct bench *b, int code);
/* The series of a measure for a published year label ("2018"), or NULL. */
const struct bench_series *bench_series(const struct bench *b, int measure, const char *year);
/* Every series of a measure covering the year to 31 March end_year (a measure published
 * for a calendar year, a financial year and an outturn has up to three): fills out[] (at
 * most max) in the order of the index and returns how many. */
int bench_series_for_year(const struct bench *b, int measure, int end_year,
                          const struct bench_series **out, int max);
/* The latest series of a measure ending in or before end_year (0: the latest of all). */
const struct bench_series *bench_series_latest(const struct bench *b, int measure, int end_year);
/* The series of the same measure and kind of year a year earlier, or NULL. */
const struct bench_series *bench_series_previous(const struct bench *b, const struct bench_series *s);

/* One authority's figure in a series with its comparators. Averages and values are NAN
 * where there is nothing to show; rank 0 and quartile 0 where there is no rank (a neutral
 * measure, or no value). */
struct bench_figure {
    double value;
    double neighbours;  /* mean of the neighbours that have a value */
    int n_neighbours;   /* how many of the ten had one */
    double region, england;
    int region_area;
    int rank, n_ranked;
    char quartile;      /* 'A' (best quarter) .. 'D', or 0 */
};
void bench_figure(const struct bench *b, const struct bench_series *s, int la,
                  struct bench_figure *out);
/* The band of rank among n: A for the first quarter of ranks, ..., D; 0 when rank is 0.
 * Ranks that tie share a band because they share a rank. */
char bench_quartile(int rank, int n);
/* Is the area an authority (ranked among the others), not England or a region? */
bool bench_is_authority(int code);

/* A value as a report writes it: to the measure's published decimals when given, else
 * up to one decimal place; "" for NAN. */
void bench_format(char *out, size_t n, const struct bench_measure *m, double v);

/* The figures shipped in the program (data/benchmarks/, compiled in by the build). */
int bench_load_shipped(struct bench *b, struct err *e);

#endif
