/* child: everything hearth holds about one child, as one value: the person and every
 * record hanging off them, each array in date order. Returns (CIN census, SSDA903,
 * Annex A), validation rules and the child's page are all built from this.
 *
 * Ownership: the store fills a struct child_file (store_load_child); every array and
 * string lives in its arena and is released by child_file_free(). Record ids: each
 * array element's own id is in the parallel *_id array; parts point at their episode
 * or plan by id (assessment.episode, cp_review.plan), as the model structs do. */
#ifndef HEARTH_CHILD_H
#define HEARTH_CHILD_H

#include <stddef.h>

#include "../util/arena.h"
#include "model.h"

#define CHILD_ARRAY(type, name) \
    struct type *name;          \
    rec_id *name##_id;          \
    size_t n_##name

struct child_file {
    struct arena mem;
    rec_id id;
    struct person person;
    CHILD_ARRAY(cin_episode, episodes);        /* by referral_date */
    CHILD_ARRAY(assessment, assessments);      /* by episode, start */
    CHILD_ARRAY(cin_plan, cin_plans);          /* by episode, start */
    CHILD_ARRAY(s47_enquiry, s47s);            /* by episode, start */
    CHILD_ARRAY(cp_plan, cp_plans);            /* by episode, start */
    CHILD_ARRAY(cp_review, cp_reviews);        /* by plan, date */
    CHILD_ARRAY(la_episode, la_episodes);      /* by decom */
    CHILD_ARRAY(la_review, la_reviews);        /* by date */
    CHILD_ARRAY(missing_episode, missing);     /* by start */
    CHILD_ARRAY(care_leaver, care_leavers);    /* by year */
    CHILD_ARRAY(la_outcome, la_outcomes);      /* by year */
    CHILD_ARRAY(adoption, adoptions);          /* by date_int */
    CHILD_ARRAY(placed_adoption, placed_adoptions); /* by date_placed */
    CHILD_ARRAY(prev_perm, prev_perms);        /* at most one */
    CHILD_ARRAY(uasc, uascs);                  /* at most one */
    CHILD_ARRAY(sw_episode, sw_episodes);      /* by decom */
    CHILD_ARRAY(dolo, dolos);                  /* by start */
    CHILD_ARRAY(contact, contacts);            /* by date */
    CHILD_ARRAY(early_help, early_helps);      /* by start */
};

#undef CHILD_ARRAY

void child_file_free(struct child_file *c);

/* Make c the child as a return made on `last` (31 March of a collection year) shows them:
 * every date after `last` is blanked, with what is known only once it has happened (the
 * reason an episode of need closed, how and why a period of care ended, the factors an
 * assessment found when its authorisation came later). Validating a past year from the
 * database checks what that year's return said, not what happened since; the exporters
 * write the same view (leaf_date_by_end, by_end). Strings stay in c's arena. */
void child_file_as_at(struct child_file *c, day_t last);

#endif
