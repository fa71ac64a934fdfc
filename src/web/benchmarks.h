/* web/benchmarks: the published figures on the web (benchmarks.c, report.c): the
 * comparators under the dashboard's measures, the benchmarking page (every authority
 * ranked on one measure), and the committee report with its commentary, print view and
 * spreadsheet. For managers and analysts, as the dashboard is: figures only, no child. */
#ifndef HEARTH_WEB_BENCHMARKS_H
#define HEARTH_WEB_BENCHMARKS_H

#include "../measure/bench.h"
#include "../measure/kpi.h"
#include "web.h"

/* The authority's DfE number from its settings (la_code), or 0 when unset or not one. */
int web_la_code(struct req *r);

/* The dashboard's comparisons for the period's measures k (nothing when no la_code). */
void bench_comparators_html(struct html *m, struct req *r, const struct kpi_result *k, day_t from,
                            day_t to);

/* A value of a DfE measure as the page shows it, with "%" for percentages. */
void bench_cell(char *out, size_t n, const struct bench_measure *bm, double v);

/* The authority's measures for a period, kept as the dashboard's figures are but worked out
 * from the period's facts alone, without its trend facts and months (dashboard.c); the
 * dashboard's figures of a year, once worked out, are kept as these too. */
int dashboard_measures(struct req *r, day_t from, day_t to, struct kpi_result *k, struct err *e);

/* A period's measures worked out on st the committee report's way (*own) and as kept for
 * it from the dashboard's figures (*kept): for the test that the two are the same bytes. */
int dashboard_measures_both(struct store *st, day_t from, day_t to, long long pop,
                            struct kpi_result *own, struct kpi_result *kept, struct err *e);

void h_benchmarks(struct req *r, struct resp *out);
void h_report(struct req *r, struct resp *out);
void h_report_post(struct req *r, struct resp *out);
void h_report_xlsx(struct req *r, struct resp *out);

#endif
