/* demo_family: names for everyone in the demo authority and the family network around
 * each child (demo_family.c). The returns carry no names and no families: after the
 * import, children are gathered into families of one to four (siblings of plausible ages
 * and the same heritage, sharing a family name and a household), each child named, and
 * their mother, father or another carer added as persons with names and dates of birth.
 * Deterministic: the same store and seed give the same names. */
#ifndef HEARTH_DEMO_FAMILY_H
#define HEARTH_DEMO_FAMILY_H

#include <stdint.h>

#include "../store/store.h"
#include "../util/err.h"

struct demo_family_stats {
    long long children, families, relatives, links;
};

/* One transaction: every person without a name gets one; year is the src_year of the
 * relatives added (the last collection year imported). stats may be NULL. */
HE_MUST_CHECK int demo_families(struct store *s, uint64_t seed, int year, struct demo_family_stats *stats,
                  struct err *e);

/* A person's names drawn as the families' are: heritage group (a name_group_id, or
 * NG_MIXED / NG_NONE to draw one), sex 'F', 'M' or 'U', a child's or an adult's first
 * name. The strings are static. */
struct rng;
void demo_draw_name(struct rng *r, int group, char sex, int adult, const char **given,
                    const char **family);

#endif
