/* demo_workforce: the demo authority's posts, the people in them (the demo users and
 * made-up colleagues, names chosen by the seed), agency workers, starters, leavers and
 * absences, so that the workforce page and the census figures have something to show
 * (demo_workforce.c says what). DEMO ONLY. */
#ifndef HEARTH_DEMO_WORKFORCE_H
#define HEARTH_DEMO_WORKFORCE_H

#include <stdint.h>

#include "../store/store.h"
#include "../util/err.h"

/* After demo_users_add (the users' staff rows and the demo teams' children) for collection
 * year `year`: events fall from 1 October to 31 March before its end. As many areas of the
 * same shape as the children open need; their colleagues in post in the teams that hold
 * children are each given 15 to 25 of the open children no one holds. */
int demo_workforce_add(struct store *s, int year, uint64_t seed, struct err *e);

#endif
