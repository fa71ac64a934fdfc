/* measure/trend_group: months into quarters and years (trend_group.h). Only adds up what
 * the months already hold, so a quarter's figures are exactly its months'. */
#include "trend_group.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The first day of the quarter or reporting year holding d. */
static day_t bucket_start(day_t d, enum trend_step step)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (step == TS_MONTH)
        return date_from_ymd(y, m, 1);
    if (step == TS_YEAR)
        return m >= 4 ? date_from_ymd(y, 4, 1) : date_from_ymd(y - 1, 4, 1);
    /* the reporting year's quarters start in April, July, October and January: the
     * calendar's */
    return date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
}

static day_t add_months(day_t d, int n)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    int k = y * 12 + (m - 1) + n;
    return date_from_ymd(k / 12, k % 12 + 1, 1);
}

static double pct_of(long long v, long long d)
{
    return d ? kpi_round1(100.0 * (double)v / (double)d) : NAN;
}

int trend_group(const struct trend *t, const char *id, enum trend_step step,
                struct trend_bucket *out)
{
    if (!t->n || !kpi_find(&t->months[0].k, id))
        return -1;
    bool stock = strstr(id, "_at_end") != NULL;
    int span = step == TS_MONTH ? 1 : step == TS_QUARTER ? 3 : 12;
    int n = 0;
    day_t cur = 0;
    for (int i = 0; i < t->n; i++) {
        const struct measure *m = kpi_find(&t->months[i].k, id);
        day_t start = bucket_start(t->months[i].from, step);
        if (!n || start != cur) {
            cur = start;
            struct trend_bucket *b = &out[n++];
            memset(b, 0, sizeof *b);
            b->from = t->months[i].from;
        }
        struct trend_bucket *b = &out[n - 1];
        b->to = t->months[i].to;
        if (stock) {
            b->value = m->value;
            b->denominator = m->denominator;
        } else {
            b->value += m->value;
            b->denominator += m->denominator;
        }
    }
    for (int i = 0; i < n; i++) {
        day_t start = bucket_start(out[i].from, step);
        out[i].part = out[i].from != start || out[i].to != add_months(start, span) - 1;
    }
    const struct measure *m0 = kpi_find(&t->months[0].k, id);
    bool prop = m0->kind == MK_PROPORTION, avg = m0->kind == MK_AVERAGE;
    for (int i = 0; i < n; i++) {
        out[i].pct = prop ? pct_of(out[i].value, out[i].denominator) : NAN;
        out[i].average = avg ? kpi_average(out[i].value, out[i].denominator) : NAN;
        out[i].yoy = NAN;
        /* the same stretch a year before: whole buckets only, so like is set beside like */
        day_t want = add_months(bucket_start(out[i].from, step), -12);
        for (int k = 0; k < i; k++) {
            if (out[k].part || out[i].part || bucket_start(out[k].from, step) != want)
                continue;
            double now = prop ? out[i].pct : avg ? out[i].average : (double)out[i].value;
            double then = prop ? out[k].pct : avg ? out[k].average : (double)out[k].value;
            if (!isnan(now) && !isnan(then) && then != 0)
                out[i].yoy = kpi_round1(100.0 * (now - then) / then);
        }
    }
    return n;
}

void trend_bucket_label(char *out, size_t n, const struct trend_bucket *b, enum trend_step step)
{
    static const char *const abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(b->from, &y1, &m1, &d1);
    date_to_ymd(b->to, &y2, &m2, &d2);
    if (step == TS_MONTH)
        snprintf(out, n, "%s %d", abbr[m1 - 1], y1);
    else if (step == TS_QUARTER)
        snprintf(out, n, "%s to %s %d", abbr[m1 - 1], abbr[m2 - 1], y2);
    else
        snprintf(out, n, "%s %d to %s %d", abbr[m1 - 1], y1, abbr[m2 - 1], y2);
}
