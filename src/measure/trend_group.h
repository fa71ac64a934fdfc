/* trend_group: a measure's months (trend.h) gathered into quarters or years of the
 * reporting year (quarters April-June, July-September, October-December, January-March;
 * years 1 April to 31 March), each with its change on the same stretch a year before. A flow
 * (a count or rate of things that happened) is the sum of its months; a proportion is the sum
 * of its months' numerators over the sum of their denominators (an average likewise: its days
 * over its children); a count of children on a
 * day (an id ending in "_at_end") is its last month's. A quarter or year the period cuts
 * short is marked part. Never touches the store.
 * Ownership: buckets are filled into the caller's array; labels are the caller's too. */
#ifndef HEARTH_TREND_GROUP_H
#define HEARTH_TREND_GROUP_H

#include <stdbool.h>

#include "trend.h"

enum trend_step { TS_MONTH, TS_QUARTER, TS_YEAR };

struct trend_bucket {
    day_t from, to;     /* the quarter's or year's days within the period */
    bool part;          /* the period starts or ends inside it */
    long long value;    /* the count (flows summed, stocks on the last day) */
    long long denominator; /* proportions */
    double pct;         /* proportions: value / denominator, to 0.1; NAN when 0 of 0 */
    double average;     /* averages (MK_AVERAGE): value / denominator, to 0.1; NAN when 0 */
    double yoy;         /* percentage change from the bucket a year before (of pct for a
                         * proportion), to 0.1; NAN without one, or when that was 0 */
};

/* The buckets of measure id (n at most TREND_MAX_MONTHS), in order; how many, or -1 when
 * the measure is not in the trend. */
int trend_group(const struct trend *t, const char *id, enum trend_step step,
                struct trend_bucket *out);
/* "Apr to Jun 2025" / "2025 to 2026" / "Apr 2025" into out. */
void trend_bucket_label(char *out, size_t n, const struct trend_bucket *b, enum trend_step step);

#endif
