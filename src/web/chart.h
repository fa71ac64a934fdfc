/* chart: small SVG charts drawn by hearth itself, written through html.h like every other
 * part of a page (so a label can never break out of the SVG), with presentation attributes
 * only (the CSP forbids inline styles). A chart is a picture for sighted readers: it is
 * role="img" with a title and a description, and the page puts the same numbers in a table
 * beside it. One series per chart: bars for flows (counts in a month), a line for stocks
 * and percentages. Missing values (NAN) are gaps.
 * Ownership: the struct chart and its arrays belong to the caller; nothing is kept. */
#ifndef HEARTH_CHART_H
#define HEARTH_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "html.h"

enum chart_kind { CHART_BARS, CHART_LINE };

struct chart {
    const char *id;            /* unique in the page: letters, digits and '-' */
    const char *title;         /* the chart's accessible name */
    const char *desc;          /* a sentence saying what it shows (may be NULL) */
    enum chart_kind kind;
    int n;                     /* points, 0..CHART_MAX_POINTS */
    const char *const *labels; /* n x-axis labels ("Apr"); NULL entries print nothing */
    const char *const *sublabels; /* may be NULL: a second line under a label ("2026") */
    const double *values;      /* n values >= 0, NAN for none */
    bool percent;              /* values are percentages: the axis runs to 100 at most */
};

#define CHART_MAX_POINTS 120
#define CHART_WIDTH 640
#define CHART_HEIGHT 260

/* Append the chart's <svg> to h. A chart with no values says so in its picture. */
void chart_svg(struct html *h, const struct chart *c);

/* A ranked bar chart (the benchmarking page): one narrow bar per area in the order given
 * (best first), some picked out: the authority itself and its neighbours in colours of
 * their own, with a legend that names them, and a reference line across (England).
 * Values may be negative (the axis then runs below zero); NAN bars are left out. */
enum chart_mark { CHART_MARK_NONE, CHART_MARK_SELF, CHART_MARK_NEIGHBOUR };
struct chart_ranked {
    const char *id, *title, *desc;
    int n;                        /* bars, 0..CHART_RANKED_MAX */
    const double *values;
    const unsigned char *marks;   /* n enum chart_mark */
    const char *self_label;       /* legend: "Medway" */
    double reference;             /* NAN: no line */
    const char *reference_label;  /* legend: "England: 13" */
    bool percent;
};
#define CHART_RANKED_MAX 200
#define CHART_RANKED_HEIGHT 300
void chart_ranked_svg(struct html *h, const struct chart_ranked *c);

/* The top of the value axis: the smallest of 1, 2, 2.5, 5 times a power of ten that is at
 * least max (1 when max <= 0; at most 100 for percentages). Exposed for tests. */
double chart_axis_top(double max, bool percent);

/* A number for an axis or a table: whole numbers without decimals, others to 1 decimal. */
void chart_number(char *out, size_t n, double v);

#endif
