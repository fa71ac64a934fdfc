/* kpi: every measure of ../shared/domain/kpis.md (copied to docs/kpis.md), computed from
 * a struct facts for a period and a child population. Measures are defined once, as a
 * table in kpi.c (id, label, kind, function), so the JSON, the committee table and later
 * the dashboard all come from the same definitions. Never touches the store or SQL. */
#ifndef HEARTH_KPI_H
#define HEARTH_KPI_H

#include <stdio.h>

#include "../model/facts.h"
#include "../util/err.h"

enum measure_kind {
    MK_COUNT,      /* value */
    MK_RATE,       /* value, per_10k */
    MK_PROPORTION, /* value, denominator, pct (null when denominator is 0) */
    MK_SPLIT,      /* parts: key -> count */
    MK_AVERAGE,    /* value (the days summed), denominator (how many), average (days) */
};

#define KPI_MAX_PARTS 16
#define KPI_MAX 96

struct measure {
    const char *id;    /* e.g. "rereferrals_12m" (static) */
    const char *label; /* plain English for the table (static) */
    enum measure_kind kind;
    long long value;
    long long denominator; /* MK_PROPORTION */
    double pct;            /* rounded to 0.1, half away from zero; NAN when null */
    double per_10k;        /* MK_RATE; rounded likewise; NAN when population is 0 */
    double average;        /* MK_AVERAGE: value / denominator, rounded likewise; NAN when
                            * the denominator is 0 */
    int n_parts;
    struct {
        const char *key; /* static */
        long long n;
    } parts[KPI_MAX_PARTS];
};

struct kpi_result {
    day_t from, to;
    long long population;
    int n;
    struct measure m[KPI_MAX];
};

int kpi_compute(const struct facts *f, long long population, struct kpi_result *out,
                struct err *e);
const struct measure *kpi_find(const struct kpi_result *r, const char *id);
/* The committee table's heading a measure sits under ("Front door and referrals"), and the
 * plain English of one of a split's keys ("Neglect" for NEG; the key when unknown). */
const char *kpi_section(const struct measure *m);
const char *kpi_part_label(const struct measure *m, const char *key);
/* value per 10,000 of population, rounded as a measure's per_10k is; NAN when population
 * is 0. */
double kpi_per_10k(long long value, long long population);
/* total / n (an MK_AVERAGE's days over its children), rounded likewise; NAN when n is 0. */
double kpi_average(long long total, long long n);
/* Round half away from zero to one decimal place. */
double kpi_round1(double x);
void kpi_print_json(const struct kpi_result *r, FILE *out);
void kpi_print_table(const struct kpi_result *r, FILE *out);

#endif
