/* report: the performance section of a committee report, as the councils' own reports set
 * it out (../shared/seeds/): front door, assessment, child protection, children in need,
 * looked after, permanence, care leavers, workforce; under each, the published measures a
 * committee is shown, each with the authority's own figure from its records where hearth
 * computes it (compare.h), its published figure, neighbours, region, England, rank, band,
 * change, and its last five published years beside its neighbours and England. The
 * sections and their measures are one table in report.c. Never touches the store.
 * Ownership: a struct report points into the bench and kpi_result it was built from. */
#ifndef HEARTH_REPORT_H
#define HEARTH_REPORT_H

#include "bench.h"
#include "compare.h"
#include "kpi.h"

#define REPORT_SECTIONS 8
#define REPORT_ROWS 8
#define REPORT_YEARS 5

struct report_row {
    struct comparison c;
    const char *label;   /* hearth's label when it computes the measure, else the DfE's name */
    int n_years;         /* the published trend, oldest first */
    const char *years[REPORT_YEARS];
    double self[REPORT_YEARS], neighbours[REPORT_YEARS], england[REPORT_YEARS];
};

struct report_section {
    const char *id;    /* "front-door": also the commentary's key */
    const char *title; /* "Front door" */
    int n;
    struct report_row rows[REPORT_ROWS];
};

struct report {
    int year; /* the year to 31 March */
    int la;
    struct report_section s[REPORT_SECTIONS];
};

/* The report of la for the year to 31 March year; k: the authority's measures for that
 * year from its records (NULL: published figures only). */
void report_build(const struct bench *b, int la, int year, const struct kpi_result *k,
                  struct report *out);
/* The section ids in order, for the commentary ("front-door", ...). */
extern const char *const report_section_ids[REPORT_SECTIONS];

#endif
