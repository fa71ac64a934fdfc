/* service: the figures of the wider service that no statutory return carries (casework,
 * early help, exploitation, missing, panels and court, the voice of the child, audits,
 * workforce, money, the hub at the front door). Each area computes its own figures from the
 * store for a period and is listed once in service.c's registry, so that `hearth kpi
 * --service` (table and JSON) and the dashboard's "The wider service" section show every
 * area without knowing any of them. Each figure is defined in docs/kpis.md under "The wider
 * service", as exactly as the statutory measures.
 *
 * An area's compute() reads the store through its own module's header (db.h's portable
 * SQL, so both stores answer alike) and fills a struct service_result the caller owns; it
 * holds no heap memory (labels and ids are static strings). An area whose figures are
 * counts in SQL declares each once, in a table that store/figures.h runs.
 * Ownership: nothing here allocates; struct service_result lives where the caller puts it. */
#ifndef HEARTH_MEASURE_SERVICE_H
#define HEARTH_MEASURE_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../date/date.h"
#include "../util/err.h"

struct store;

enum service_kind {
    SV_COUNT,      /* value */
    SV_PROPORTION, /* value of denominator; pct rounded to 0.1 (NAN when denominator is 0) */
    SV_MONEY,      /* value in pence */
    SV_MEAN,       /* mean (rounded to 0.1) of `value` cases, in `unit`; NAN when no cases */
    /* amounts in hundredths (full-time equivalents, FTE working days), as the workforce counts */
    SV_FTE,        /* value hundredths of `unit` ("FTE") */
    SV_FTE_RATE,   /* value of denominator hundredths of `unit`; pct rounded to 0.1 (NAN when 0) */
    SV_PER_FTE,    /* value (a count) per denominator hundredths of an FTE: mean rounded to 0.1 */
};

#define SERVICE_MAX 24

struct service_figure {
    const char *id;    /* unique within the area: "episodes_opened" (static) */
    const char *label; /* plain English for the table (static) */
    enum service_kind kind;
    long long value;
    long long denominator; /* SV_PROPORTION */
    double pct;            /* SV_PROPORTION */
    double mean;           /* SV_MEAN */
    const char *unit;      /* SV_MEAN: "days", "weeks"... (static) */
};

struct service_result {
    int n;
    struct service_figure f[SERVICE_MAX];
};

struct service_area {
    const char *id;    /* "early_help": the JSON key and the dashboard's anchor */
    const char *title; /* "Early help": the heading */
    /* The area's figures for the period from..to inclusive; `today` for figures about now
     * (open cases, vacancies). HE_OK or an error with e set; out->n is 0 on entry. */
    int (*compute)(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                   struct err *e);
};

/* The registry (service.c): every area, in the order the table and the dashboard show them. */
extern const struct service_area *const service_areas[];
extern const int n_service_areas;

/* Helpers for compute(): add a figure (returns it, or NULL when the area is full, which a
 * unit test of the registry catches). */
struct service_figure *service_count(struct service_result *r, const char *id, const char *label,
                                     long long value);
struct service_figure *service_proportion(struct service_result *r, const char *id, const char *label,
                                          long long value, long long denominator);
struct service_figure *service_money(struct service_result *r, const char *id, const char *label,
                                     long long pence);
struct service_figure *service_mean(struct service_result *r, const char *id, const char *label,
                                    double total, long long cases, const char *unit);
struct service_figure *service_fte(struct service_result *r, const char *id, const char *label,
                                   long long hundredths, const char *unit);
struct service_figure *service_fte_rate(struct service_result *r, const char *id, const char *label,
                                        long long value, long long denominator, const char *unit);
struct service_figure *service_per_fte(struct service_result *r, const char *id, const char *label,
                                       long long count, long long fte_hundredths);

/* One area's figures (service_areas[area]); out->n is set to 0 first. */
int service_compute(struct store *s, int area, day_t from, day_t to, day_t today, struct service_result *out,
                    struct err *e);
/* A figure as the table and the dashboard write it: "12.5% (3 of 24)", "£1,234.00". */
void service_figure_text(const struct service_figure *f, char *out, size_t n);

/* Every area's figures for the period, printed as a table or as JSON
 * ({"period":{...},"areas":{"early_help":{"title":..,"figures":{"id":{...}}}}}). */
int service_print(struct store *s, day_t from, day_t to, day_t today, bool json, FILE *out,
                  struct err *e);

#endif
