/* trend_facts: what monthly trends need besides one period's struct facts. The facts of a
 * whole period already hold every record a month inside it needs, except two things that
 * facts keeps only for the period's last day: contacts (a count) and the children in need
 * (a list for `to`). The store fills this struct; measure/trend.c derives each month.
 * Ownership: arrays are owned by the struct and released with trend_facts_free(). */
#ifndef HEARTH_TREND_FACTS_H
#define HEARTH_TREND_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "../date/date.h"

struct cin_span {           /* an episode of need: referral <= to, closure blank or > from */
    int64_t child;
    day_t referral, closure; /* closure DAY_NONE when open */
};

struct trend_facts {
    day_t from, to;
    int64_t *contacts_by_day;   /* to - from + 1 counts: contacts dated from + i */
    struct cin_span *cin; size_t n_cin; /* by child */
    /* children in need and child protection: children whose Disabilities hold a code other
     * than NONE (facts.h's cin_open_disabled is only for the period's last day); ascending */
    int64_t *disabled; size_t n_disabled;
};

void trend_facts_free(struct trend_facts *t);

#endif
