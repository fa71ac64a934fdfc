/* placements (store): the register of carers and providers, what each looked-after
 * placement is (carer, address, weekly cost, distance from home, in or out of the area),
 * moves between placements and changes of legal status as SSDA903 episodes, and the
 * health and education records of looked-after children with the OC2 row they make
 * (store_placements.c, on the portable db.h layer). Every write is one transaction that
 * loads the child as they are now, checks, bumps the record version the form was read at,
 * writes; HE_INPUT with e->field the form field at fault, and nothing written, when it is
 * refused. Money is in pence.
 * Ownership: lists are allocated in the caller's arena; strings passed in are copied
 * before the call returns. */
#ifndef HEARTH_STORE_PLACEMENTS_H
#define HEARTH_STORE_PLACEMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/child.h"
#include "../model/postcode.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "store.h"

struct pl_carer {
    rec_id id;
    const char *kind;        /* FOSTER IFA HOME (model/placement.h) */
    const char *name, *household, *urn, *postcode;
    day_t approved;          /* DAY_NONE when not given */
    int capacity;            /* children it may care for at once */
    int64_t weekly_cost;     /* pence */
    int placed;              /* children placed there now */
};

/* Add a carer or provider to the register; *id its id. HE_INPUT (field "name") when one of
 * the same name at the same postcode is already in it. */
HE_MUST_CHECK int pl_carer_add(struct store *s, int64_t user, const struct pl_carer *c, int64_t now, rec_id *id,
                               struct err *e);
/* The whole register, by kind then name, with children placed there on `today`. */
HE_MUST_CHECK int pl_carers(struct store *s, day_t today, struct arena *mem, struct pl_carer **out, int *n,
                            struct err *e);

/* The placement of one looked-after episode. */
struct pl_placement {
    rec_id episode;
    day_t start, end;        /* the episode's DECOM and DEC */
    const char *place;       /* SSDA903 PLACE */
    rec_id carer;
    const char *carer_name, *carer_kind, *postcode, *home_post;
    int64_t weekly_cost;     /* pence */
    int64_t distance_m;      /* -1 when a postcode could not be placed */
    int in_area;             /* 1, 0, -1 unknown */
};
/* The child's placements with a carer recorded, newest first (at most max). */
HE_MUST_CHECK int pl_child_placements(struct store *s, rec_id person, struct arena *mem, struct pl_placement *out,
                                      int max, int *n, struct err *e);

/* Where a normalised postcode is: the loaded directory (full postcode, then sector), then
 * the shipped sectors. *found false when nowhere. */
HE_MUST_CHECK int pl_postcode_find(struct store *s, const char *pc, struct postcode_place *out, bool *found,
                                   struct err *e);
/* Load a postcode directory (ONS CSV: postcode or sector, la, easting, northing; a header
 * row first) from f, replacing the one loaded before, in one transaction. *n rows kept,
 * *skipped rows without a grid reference. */
HE_MUST_CHECK int pl_postcodes_load(struct store *s, void *file /* FILE * */, int64_t *n, int64_t *skipped,
                                    struct err *e);

/* The carer of the child's current placement (the open episode): carer from the register,
 * the child's home postcode (NULL or "": the episode's HOME_POST), weekly cost (-1: the
 * carer's). Sets the episode's PL_POST, URN and PLACE_PROVIDER from the carer. */
HE_MUST_CHECK int pl_set_carer(struct store *s, rec_id person, int64_t seen, rec_id carer, const char *home_post,
                               int64_t weekly_cost, struct err *e);
/* A move: ends the open episode on date (REC X1) and opens the next (RNE P) with place,
 * reason, and the carer's placement as pl_set_carer. A move to the same carer in the same
 * placement type is refused; to another carer of the same type is a move. */
HE_MUST_CHECK int pl_move(struct store *s, rec_id person, int64_t seen, day_t date, const char *place,
                          const char *reason, rec_id carer, const char *home_post, int64_t weekly_cost,
                          struct err *e);
/* A change of legal status alone: ends the open episode (X1) and opens the next (RNE L)
 * with the new status and the same placement. */
HE_MUST_CHECK int pl_legal_status(struct store *s, rec_id person, int64_t seen, day_t date, const char *ls,
                                  struct err *e);

/* A health or education record (kinds: model/placement.c's health_kinds); sdq_score -1 and
 * up_to_date -1 when not asked. Also writes the OC2 row of the date's collection year when
 * the child is in its cohort (model/placement.h). */
HE_MUST_CHECK int pl_health_add(struct store *s, int64_t user, rec_id person, int64_t seen, const char *kind,
                                day_t date, int sdq_score, int up_to_date, const char *note, int64_t now,
                                struct err *e);

/* Placement cost over [from, to] by placement type and carer or provider. */
struct pl_cost_row {
    const char *place, *carer_name, *carer_kind;
    int children;
    int64_t days, cost;      /* cost in pence */
};
HE_MUST_CHECK int pl_costs(struct store *s, day_t from, day_t to, struct arena *mem, struct pl_cost_row **out,
                           int *n, struct err *e);
/* Children looked after on day with a placement recorded: how many, how many placed
 * inside the area, how many more than 20 miles from home (of those whose distance is
 * known). */
struct pl_where {
    int placed, in_area, area_known, far, distance_known;
};
HE_MUST_CHECK int pl_where_on(struct store *s, day_t day, struct pl_where *w, struct err *e);

#endif
