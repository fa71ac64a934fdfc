/* demo_early_help: early help and Stronger Families recorded for the demo authority
 * (demo_early_help.c), deterministic from the seed. */
#ifndef HEARTH_DEMO_EARLY_HELP_H
#define HEARTH_DEMO_EARLY_HELP_H

#include <stdint.h>

#include "../store/store.h"
#include "../util/err.h"

/* Early help episodes and their work in collection year `year` (scaled to population),
 * Stronger Families attachments, results, claims and targets. Recorded by the demo's
 * administrator (demo_users_add first). */
int demo_early_help(struct store *s, int year, long long population, uint64_t seed, struct err *e);

#endif
