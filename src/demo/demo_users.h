/* demo_users: sign-ins for the demo authority, one or more per role, each with the same
 * known password, in the teams a council has (front door, assessment, child protection and
 * children in need, children in care, leaving care, independent reviewing), and their
 * caseloads: each demo social worker and personal adviser holds 15 to 25 children of the
 * kind their team works with, the IRO reviews looked-after children and children on plans.
 * DEMO ONLY: these passwords are printed on screen and written in the README. */
#ifndef HEARTH_DEMO_USERS_H
#define HEARTH_DEMO_USERS_H

#include <stdint.h>
#include <stdio.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/err.h"

#define DEMO_PASSWORD "demo-password"
#define DEMO_CASELOAD_MIN 15
#define DEMO_CASELOAD_MAX 25

/* The sign-ins (one transaction each). */
HE_MUST_CHECK int demo_users_accounts(struct store *s, struct err *e);
/* Give children to the teams and the demo workers, by what is open for each child on
 * `today` (one transaction); deterministic for a store, seed and today. */
HE_MUST_CHECK int demo_users_caseloads(struct store *s, uint64_t seed, day_t today, struct err *e);
/* The casework of each demo worker's children on `today` (demo_live.h's demo_casework);
 * after demo_users_caseloads. st may be NULL. */
struct demo_casework_stats;
HE_MUST_CHECK int demo_users_casework(struct store *s, uint64_t seed, day_t today, struct demo_casework_stats *st,
                                      struct err *e);
/* Print the sign-ins. */
void demo_users_print(FILE *out);
/* All three, with caseloads as on 31 March of collection year `year` (for an imported
 * authority without the demo's current year: `hearth demo users`). out may be NULL. */
HE_MUST_CHECK int demo_users_add(struct store *s, int year, FILE *out, struct err *e);

#endif
