/* demo_users: sign-ins for the demo authority, one per role, each with the same known
 * password, and work for them: children with open episodes of need, in care, or leaving
 * care are given to teams and allocated to the demo workers. DEMO ONLY: these passwords
 * are printed on screen and written in the README. */
#ifndef HEARTH_DEMO_USERS_H
#define HEARTH_DEMO_USERS_H

#include <stdio.h>

#include "../store/store.h"
#include "../util/err.h"

#define DEMO_PASSWORD "demo-password"

/* Adds the users (one transaction each) and allocations for collection year `year`; when
 * out is not NULL, prints the sign-ins. */
int demo_users_add(struct store *s, int year, FILE *out, struct err *e);

#endif
