/* child: releasing a struct child_file (see child.h; the store fills it), and the child
 * as a past return showed them. */
#include "child.h"

#include <stdbool.h>
#include <string.h>

void child_file_free(struct child_file *c)
{
    arena_free(&c->mem);
    memset(c, 0, sizeof *c);
}

/* d if it had happened by last, else none */
static bool later(day_t d, day_t last) { return d != DAY_NONE && d > last; }

void child_file_as_at(struct child_file *c, day_t last)
{
    if (later(c->person.death_date, last))
        c->person.death_date = DAY_NONE;
    for (size_t i = 0; i < c->n_episodes; i++) {
        struct cin_episode *ep = &c->episodes[i];
        if (later(ep->closure_date, last)) {
            ep->closure_date = DAY_NONE;
            ep->closure_reason = NULL;
        }
        if (later(ep->icpc_date, last))
            ep->icpc_date = DAY_NONE;
    }
    for (size_t i = 0; i < c->n_assessments; i++) {
        struct assessment *a = &c->assessments[i];
        if (later(a->internal_review, last))
            a->internal_review = DAY_NONE;
        if (later(a->authorised, last)) {
            a->authorised = DAY_NONE;
            a->factors = NULL;
        }
    }
    for (size_t i = 0; i < c->n_cin_plans; i++)
        if (later(c->cin_plans[i].end, last))
            c->cin_plans[i].end = DAY_NONE;
    for (size_t i = 0; i < c->n_s47s; i++)
        if (later(c->s47s[i].icpc_date, last))
            c->s47s[i].icpc_date = DAY_NONE;
    for (size_t i = 0; i < c->n_cp_plans; i++)
        if (later(c->cp_plans[i].end, last))
            c->cp_plans[i].end = DAY_NONE;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        struct la_episode *ep = &c->la_episodes[i];
        if (later(ep->dec, last)) {
            ep->dec = DAY_NONE;
            ep->rec = NULL;
            ep->reason_place_change = NULL;
        }
    }
    for (size_t i = 0; i < c->n_missing; i++)
        if (later(c->missing[i].end, last))
            c->missing[i].end = DAY_NONE;
    for (size_t i = 0; i < c->n_placed_adoptions; i++)
        if (later(c->placed_adoptions[i].date_placed_ceased, last)) {
            c->placed_adoptions[i].date_placed_ceased = DAY_NONE;
            c->placed_adoptions[i].reason_placed_ceased = NULL;
        }
    for (size_t i = 0; i < c->n_sw_episodes; i++)
        if (later(c->sw_episodes[i].dec, last)) {
            c->sw_episodes[i].dec = DAY_NONE;
            c->sw_episodes[i].reason = NULL;
        }
    for (size_t i = 0; i < c->n_dolos; i++)
        if (later(c->dolos[i].end, last))
            c->dolos[i].end = DAY_NONE;
}
