/* compare: hearth's own measures (kpi.h) set beside the DfE's published figures (bench.h).
 * One table maps each hearth measure that has a published counterpart to the DfE's code
 * and says which of its figures compares (a percentage, a rate per 10,000 or a count);
 * compare_kpi() then gives, for an authority and a period, its own figure, the DfE's
 * figure for the same authority and year when there is one (and whether the two differ by
 * more than rounding), the neighbours, region, England, rank and band of the year, and the
 * change from the year before. Never touches the store.
 * Ownership: a struct comparison points into the bench and kpi_result it was made from. */
#ifndef HEARTH_COMPARE_H
#define HEARTH_COMPARE_H

#include "bench.h"
#include "kpi.h"

enum compare_figure { CF_PCT, CF_RATE, CF_COUNT };

struct compare_map {
    const char *kpi_id;  /* kpi.h's id: "rereferrals_12m" */
    const char *dfe;     /* measures.csv's code: "ReReferral" */
    enum compare_figure figure;
};
extern const struct compare_map compare_maps[];
extern const int compare_maps_n;

struct comparison {
    const struct compare_map *map;    /* NULL: a published measure hearth does not compute */
    const struct measure *own_m;      /* the hearth measure (label, kind); NULL likewise */
    enum compare_figure figure;       /* map's (CF_COUNT when there is no map) */
    const struct bench_measure *bm;   /* the DfE's measure (name, polarity) */
    const struct bench_series *series; /* the published year compared with; NULL: none */
    double own;          /* from the records, for the period; NAN when not known */
    bool same_year;      /* the period is the collection year series covers */
    double published;    /* the DfE's figure for this authority in series (NAN: none) */
    bool gap;            /* same_year, and own and published differ by more than rounding */
    struct bench_figure f; /* the published comparators of series */
    double previous;     /* this authority's published figure the year before series (NAN) */
    const char *previous_year;
    double change;       /* (own, else published) minus previous; NAN when either is missing */
    int better;          /* change by polarity: 1 better, -1 worse, 0 no change or neutral */
};

/* The collection year (to 31 March) a period is, or 0 when it is not one whole year. */
int compare_period_year(day_t from, day_t to);

/* Every mapped measure present in k and published for la, in the table's order: out[]
 * (at most max). year: the period's collection year (compare_period_year), else the year
 * whose published figures are the latest before it. Returns how many were filled. */
int compare_kpi(const struct bench *b, int la, const struct kpi_result *k, day_t from, day_t to,
                struct comparison *out, int max);

/* One published measure (index mi) for la over the period, with hearth's own measure m
 * beside it when map says which (map and m may be NULL). Returns 1, or 0 when nothing is
 * published for it up to the period's year. */
int compare_measure(const struct bench *b, int la, int mi, const struct compare_map *map,
                    const struct measure *m, day_t from, day_t to, struct comparison *c);
/* The map entry of a DfE measure, or NULL. */
const struct compare_map *compare_map_for(const char *dfe);

/* Do own (rounded to 0.1 by kpi.c) and published (as the DfE rounds) differ by more than
 * the two roundings could make? Counts must be equal. */
bool compare_gap(enum compare_figure fig, double own, double published);

#endif
