/* stages (store): the stage forms' writes, on the portable db.h layer so both stores run
 * them unchanged (store_stages.c). Each write is one transaction that loads the child's
 * record as it is now, runs the DfE's checks for that stage (model/stages.h), checks and
 * bumps the record version the form was read at, then writes into the returns' own tables
 * (cp_review, cin_plan, la_review, missing_episode, la_episode, placed_adoption, adoption,
 * care_leaver, cin_episode) or migration 7's (visits, return interviews, pathway plans,
 * leaver contacts, plan end reasons, relationships). HE_INPUT, with e->field the form
 * field at fault, when a rule is broken or the version is stale: nothing is written.
 * Strings passed in are copied before the call returns. */
#ifndef HEARTH_STORE_STAGES_H
#define HEARTH_STORE_STAGES_H

#include <stdint.h>

#include "../model/child.h"
#include "../model/stages.h"
#include "../util/err.h"
#include "store.h"

/* Everything migration 7 holds for a person, and the meetings of migration 10; *x is
 * zeroed first (child_extra_free). */
HE_MUST_CHECK int st_load_extra(struct store *s, rec_id person, struct child_extra *x, struct err *e);

/* One write to a child's record, as the stage forms and the placement forms make it:
 * st_txn_begin begins the transaction and loads the child as they are now (c and x);
 * st_txn_end commits when rc is HE_OK, else rolls back, and frees what begin loaded.
 * Ownership: the caller's stack holds it; c and x are freed by st_txn_end. */
struct st_txn {
    struct store *s;
    struct child_file c;
    struct child_extra x;
    bool loaded;
};
HE_MUST_CHECK int st_txn_begin(struct st_txn *t, struct store *s, rec_id person, struct err *e);
int st_txn_end(struct st_txn *t, int rc, struct err *e);

HE_MUST_CHECK int st_cp_review(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date,
                 struct err *e);
HE_MUST_CHECK int st_cp_end(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date,
              const char *reason, struct err *e);
/* A CIN plan in the child's open episode of need. */
HE_MUST_CHECK int st_cin_plan_start(struct store *s, rec_id person, int64_t seen, day_t date, struct err *e);
HE_MUST_CHECK int st_cin_plan_end(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date,
                    struct err *e);
HE_MUST_CHECK int st_la_review(struct store *s, rec_id person, int64_t seen, day_t date, const char *code,
                 struct err *e);
HE_MUST_CHECK int st_visit(struct store *s, rec_id person, int64_t seen, day_t date, int seen_alone,
             struct err *e);
/* A missing episode (end may be DAY_NONE); its return interview is then awaited. */
HE_MUST_CHECK int st_missing(struct store *s, rec_id person, int64_t seen, day_t start, day_t end,
               const char *kind, rec_id *id, struct err *e);
/* The return (when not yet recorded) and the return home interview. */
HE_MUST_CHECK int st_missing_return(struct store *s, rec_id person, int64_t seen, rec_id missing, day_t end,
                      int offered, day_t offered_date, int accepted, day_t interview,
                      struct err *e);
/* The same two with more written in the same transaction once the episode is: then(s, the
 * missing episode's id, ctx, e) runs after the write, and its error rolls everything back
 * (missing.h records where the child was found and raises the repeat-missing task so). */
typedef int (*st_then)(struct store *s, rec_id missing, void *ctx, struct err *e);
HE_MUST_CHECK int st_missing_then(struct store *s, rec_id person, int64_t seen, day_t start, day_t end,
                                  const char *kind, rec_id *id, st_then then, void *ctx, struct err *e);
HE_MUST_CHECK int st_missing_return_then(struct store *s, rec_id person, int64_t seen, rec_id missing,
                                         day_t end, int offered, day_t offered_date, int accepted,
                                         day_t interview, st_then then, void *ctx, struct err *e);
/* Ending the open looked-after episode with DEC and REC (an adoption or special
 * guardianship order's date is DEC with REC E11/E12 or E45-E48). */
HE_MUST_CHECK int st_cease(struct store *s, rec_id person, int64_t seen, day_t dec, const char *rec,
             struct err *e);
/* The decision that the child should be placed for adoption (PLACED_ADOPTION, and AD1's
 * DATE_INT when matched) and the matching (AD1 DATE_MATCH, DAY_NONE when not yet). */
HE_MUST_CHECK int st_adoption(struct store *s, rec_id person, int64_t seen, day_t decision, day_t match,
                struct err *e);
HE_MUST_CHECK int st_pathway_plan(struct store *s, rec_id person, int64_t seen, day_t date, struct err *e);
/* A care leaver contact; the OC3 row for the date's collection year takes its answers. */
HE_MUST_CHECK int st_leaver_contact(struct store *s, rec_id person, int64_t seen, day_t date,
                      const char *in_touch, const char *activ, const char *accom,
                      struct err *e);
HE_MUST_CHECK int st_close_episode(struct store *s, rec_id person, int64_t seen, day_t date,
                     const char *reason, struct err *e);
/* A member of the family network: an existing person by LAchildID (la_child_id not NULL),
 * or a new person with the names and date of birth given (dob may be DAY_NONE). */
struct st_relative {
    const char *la_child_id;
    const char *given, *family;
    day_t dob;
};
HE_MUST_CHECK int st_relationship_add(struct store *s, rec_id person, int64_t seen, const struct st_relative *who,
                        const char *kind, int household, struct err *e);

/* After an import, inside its transaction: remember the latest collection year any return
 * imported so far covers (the setting returns_year, never lowered). Hearth's own records
 * of what no return carries (visits, pathway plans) begin after its 31 March. */
HE_MUST_CHECK int st_note_returns_end(struct store *s, struct err *e);

#endif
