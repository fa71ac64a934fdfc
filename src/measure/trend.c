/* measure/trend: monthly figures from one period's facts (see trend.h). */
#include "trend.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static day_t month_start(day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return date_from_ymd(y, m, 1);
}

int trend_months(day_t from, day_t to)
{
    if (from == DAY_NONE || to == DAY_NONE || from > to)
        return 0;
    int y1, m1, y2, m2, d;
    date_to_ymd(from, &y1, &m1, &d);
    date_to_ymd(to, &y2, &m2, &d);
    return (y2 - y1) * 12 + (m2 - m1) + 1;
}

int trend_compute(const struct facts *span, const struct trend_facts *tf, long long population,
                  struct trend *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (span->from != tf->from || span->to != tf->to)
        return err_set(e, HE_INTERNAL, "trend: the facts and the trend facts cover different periods");
    int n = trend_months(span->from, span->to);
    if (n == 0)
        return err_set(e, HE_INPUT, "the period's first day must be on or before its last day");
    if (n > TREND_MAX_MONTHS)
        return err_at(e, HE_INPUT, NULL, 0, "to", "a trend covers at most %d months; this period "
                      "touches %d", TREND_MAX_MONTHS, n);
    out->months = xcalloc((size_t)n, sizeof *out->months);
    int64_t *kids = xmalloc((tf->n_cin + 1) * sizeof *kids);
    int64_t *disabled = xmalloc((tf->n_cin + 1) * sizeof *disabled);
    int rc = HE_OK;
    day_t mfrom = span->from;
    for (int i = 0; i < n; i++) {
        day_t next = date_add_months(month_start(mfrom), 1);
        day_t mto = next - 1 < span->to ? next - 1 : span->to;
        struct facts f = *span;
        f.from = mfrom;
        f.to = mto;
        f.contacts = 0;
        for (day_t d = mfrom; d <= mto; d++)
            f.contacts += tf->contacts_by_day[d - tf->from];
        /* children with an episode of need open at the month's end, ascending and distinct
         * (the spans come by child) */
        size_t k = 0;
        for (size_t j = 0; j < tf->n_cin; j++) {
            const struct cin_span *c = &tf->cin[j];
            if (c->referral <= mto && (c->closure == DAY_NONE || c->closure > mto) &&
                (k == 0 || kids[k - 1] != c->child))
                kids[k++] = c->child;
        }
        f.cin_open_children = kids;
        f.n_cin_open = k;
        /* children in need and child protection: those of them with a disability */
        size_t nd = 0;
        for (size_t j = 0, x = 0; j < k; j++) {
            while (x < tf->n_disabled && tf->disabled[x] < kids[j])
                x++;
            if (x < tf->n_disabled && tf->disabled[x] == kids[j])
                disabled[nd++] = kids[j];
        }
        f.cin_open_disabled = disabled;
        f.n_cin_open_disabled = nd;
        if (mto != span->to) {
            f.oc3_accom = NULL;
            f.n_oc3 = 0;
            f.care_leavers = NULL;
            f.n_care_leavers = 0;
        }
        out->months[i].from = mfrom;
        out->months[i].to = mto;
        if ((rc = kpi_compute(&f, population, &out->months[i].k, e)) != HE_OK)
            break;
        out->n++;
        mfrom = next;
    }
    free(kids);
    free(disabled);
    if (rc != HE_OK)
        trend_free(out);
    return rc;
}

void trend_free(struct trend *t)
{
    free(t->months);
    memset(t, 0, sizeof *t);
}
