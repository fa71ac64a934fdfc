/* demo_money: the demo authority's register of carers and providers and what its
 * looked-after children's placements cost (demo_money.c), so that the money page has
 * spend by placement type and provider and a forecast against a budget. DEMO ONLY. */
#ifndef HEARTH_DEMO_MONEY_H
#define HEARTH_DEMO_MONEY_H

#include <stdint.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/err.h"

struct demo_money_stats {
    long long placed, carers;              /* children given a carer; register entries */
    long long spent, forecast, budget;     /* the financial year of today, pence */
};

/* After the current year's casework (demo_live), `year` the last return's collection
 * year: the children looked after on `today` are
 * placed with carers of the register as a council's are (in-house foster carers about
 * £450 a week, independent fostering agencies about £900, children's homes £5,000 to
 * £7,000), and the financial year's budget is set a little under its forecast. A child
 * whose placement is counted in the last return as the authority's own (PR1) keeps that:
 * the returns' figures do not move. Drawn from seed. */
int demo_money_add(struct store *s, int year, day_t today, uint64_t seed, struct demo_money_stats *st, struct err *e);

#endif
