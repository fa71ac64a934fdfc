/* demo_panels: panels, court, unit costs and budgets for the demo authority (demo_panels.c).
 * DEMO ONLY. */
#ifndef HEARTH_DEMO_PANELS_H
#define HEARTH_DEMO_PANELS_H

#include <stdint.h>
#include <stdio.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/err.h"

/* Adds them for collection year `year` (its episodes of need), drawn from seed, as the demo's
 * administrator (demo_users_add first), with the panels' reviews and new referrals up to
 * the demo's `today`; when out is not NULL, says what it added. */
int demo_panels_add(struct store *s, int year, day_t today, uint64_t seed, FILE *out, struct err *e);

#endif
