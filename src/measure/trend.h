/* trend: the measures of kpi.h month by month across a period, for the dashboard's charts.
 * One load of the whole period's facts serves every month: a month's facts are the
 * period's facts with the month's bounds (every tally in kpi.c counts only what falls in
 * its bounds, and the period's arrays hold everything a month inside it needs), plus the
 * month's contacts and children in need from struct trend_facts. So each month's figures
 * are those `hearth kpi` gives for that month, at the cost of one load, not one a month.
 * One exception: OC3 rows belong to the collection year ending on the period's last day,
 * so care leavers' accommodation is figured only for a month ending on that day.
 * Months are calendar months clipped to the period. Never touches the store or SQL.
 * Ownership: struct trend owns its months; trend_free() releases them. */
#ifndef HEARTH_TREND_H
#define HEARTH_TREND_H

#include "../model/trend_facts.h"
#include "kpi.h"

#define TREND_MAX_MONTHS 60

struct trend_month {
    day_t from, to;
    struct kpi_result k;
};

struct trend {
    int n;
    struct trend_month *months;
};

/* The number of calendar months [from, to] touches; 0 when from > to or a date is missing. */
int trend_months(day_t from, day_t to);

/* span and tf must cover the same period. HE_INPUT when it is longer than
 * TREND_MAX_MONTHS months. */
int trend_compute(const struct facts *span, const struct trend_facts *tf, long long population,
                  struct trend *out, struct err *e);
void trend_free(struct trend *t);

#endif
