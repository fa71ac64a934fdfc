/* demo_privfost: private fostering arrangements for the demo authority, made through the
 * store's own writes (privfost.h: every check applies) by a private fostering social worker
 * of the "Private Fostering" team (a demo user who cannot sign in), so that the record, the
 * managers' list and the wider service's Private fostering table show the councils' shape:
 * England was told of about 1,500 arrangements a year (about 1.25 for every 10,000
 * children; the DfE's last release, 2015) and Medway had 14 children privately fostered in
 * about 64,000 (004, 6.3). Arrangements notified from the year before the last return to
 * the demo's today; most first visits within 7 working days, some late; visits every 6
 * weeks, a few late; most found suitable within 42 working days; some ended. Deterministic
 * from the seed. */
#ifndef HEARTH_DEMO_PRIVFOST_H
#define HEARTH_DEMO_PRIVFOST_H

#include <stdint.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/err.h"

struct demo_privfost_stats {
    int notified, visits, late_first, ended, current;
};
/* `year`: the last collection year (its 31 March); today: the demo's today. */
int demo_privfost_add(struct store *s, int year, day_t today, long long population, uint64_t seed,
                      struct demo_privfost_stats *st, struct err *e);

#endif
