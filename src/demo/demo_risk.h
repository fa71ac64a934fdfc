/* demo_risk: exploitation screenings and missing episodes for the demo authority, in the
 * collection year ending 31 March `year`, made through the store's own writes (every check
 * applies), so that the wider service's Exploitation and Missing children tables show
 * figures of the shape the councils reported: Durham's 124 young people screened in a year
 * of about 100,000 children (most girls, most often 13, a quarter contacted through social
 * media, a sixth in therapeutic support), and Medway's 351 children missing in a year of
 * about 64,000 children, every return offered an interview and most accepting it; both in
 * proportion to the demo's population. The records are the work of two demo users of an
 * "Exploitation and Missing" team who cannot sign in. Deterministic from the seed. */
#ifndef HEARTH_DEMO_RISK_H
#define HEARTH_DEMO_RISK_H

#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "../util/err.h"

/* What was made (may be NULL). */
struct demo_risk_stats {
    int screened, missing_children, episodes, returns_offered;
};
int demo_risk_add(struct store *s, int year, long long population, uint64_t seed, struct demo_risk_stats *st,
                  struct err *e);

#endif
