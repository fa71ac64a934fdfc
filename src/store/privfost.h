/* privfost (store): private fostering arrangements of every child (store_privfost.c), on
 * the portable db.h layer so both stores run it unchanged (migration 26).
 * The authority is told of an arrangement (by a parent, the carer, a school, health or
 * someone else); the private foster carer is a person (an existing record by LAchildID, or
 * one made from the names, as exploitation links people). The first visit after the
 * notification is the statutory one (7 working days, regulations 4 and 7 of the 2005
 * Regulations), then visits every 6 weeks in the arrangement's first year and every 12
 * weeks after (regulation 8; the year counted from the notification, 8(6)); the child is
 * seen alone unless the visitor judges it inappropriate. The suitability decision (42
 * working days) and the end with its reason are recorded once. The clocks are
 * date/clock.h's CLOCK_PF_*.
 * Each write is one transaction: the checks, the record version (casework.h), the rows.
 * Ownership: struct pf_list owns its strings and arrays (arena); pf_list_free releases
 * them. Strings passed in are copied before a call returns. */
#ifndef HEARTH_STORE_PRIVFOST_H
#define HEARTH_STORE_PRIVFOST_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../model/stages.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* Who told the authority, why it ended: code and plain English. */
extern const struct stage_code pf_notifiers[];
extern const int n_pf_notifiers;
extern const struct stage_code pf_end_reasons[];
extern const int n_pf_end_reasons;

/* The age a child stops being privately fostered: 16, or 18 when disabled (s.66). */
enum { PF_AGE = 16, PF_AGE_DISABLED = 18 };

struct pf_visit {
    int64_t id;
    day_t day;
    bool seen_alone;
    day_t due;           /* when it was due (the clock it met or missed) */
};
struct pf_arrangement {
    int64_t id;
    rec_id person;
    const char *child_given, *child_family, *child_la; /* pf_current only */
    day_t notified;
    const char *notified_by;
    day_t began;
    rec_id carer;
    const char *carer_given, *carer_family, *carer_la;
    bool disabled;
    const char *outcome; /* "suitable", "not_suitable", or NULL: not decided */
    day_t assessed;
    day_t end;           /* DAY_NONE: goes on */
    const char *end_reason;
    struct pf_visit *visits; /* oldest first */
    int n_visits;
};
struct pf_list {
    struct arena mem;
    struct pf_arrangement *v;
    int n;
};

/* The child's arrangements, newest notification first. */
HE_MUST_CHECK int pf_list(struct store *s, rec_id person, struct pf_list *out, struct err *e);
/* Every arrangement not ended on `today`, the next visit due soonest first (managers' list). */
HE_MUST_CHECK int pf_current(struct store *s, day_t today, struct pf_list *out, struct err *e);
/* Every arrangement, by id (the figures, figures_privfost.c). */
HE_MUST_CHECK int pf_all(struct store *s, struct pf_list *out, struct err *e);
void pf_list_free(struct pf_list *l);

/* The due date of the visit after `prev` (DAY_NONE: the first, from the notification):
 * 6 weeks while prev is in the arrangement's first year from notified, else 12. */
day_t pf_visit_due(day_t notified, day_t prev);
/* The next visit's due date of an arrangement (DAY_NONE once it has ended). */
day_t pf_next_due(const struct pf_arrangement *a);

struct pf_carer_in {
    const char *la_child_id;     /* an existing person, or NULL: a new one from the names */
    const char *given, *family;
};
struct pf_new {
    day_t notified;
    const char *notified_by;     /* pf_notifiers code */
    day_t began;                 /* may be after notified: a proposal told in advance */
    bool disabled;
    struct pf_carer_in carer;
};
/* Record a notification for the child (u: who records it). HE_INPUT with e->field
 * (notified, notified_by, began, carer) and nothing stored when a rule is broken or `seen`
 * is stale: the child looked after when it began, 16 (18 if disabled) by then, another
 * arrangement still open, a date before birth or after today. *id may be NULL. */
HE_MUST_CHECK int pf_notify(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                            const struct pf_new *n, day_t today, int64_t now, int64_t *id, struct err *e);
/* A visit on `day` (not before the notification, not after the end or today). field "day". */
HE_MUST_CHECK int pf_visit(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, int64_t id,
                           day_t day, bool seen_alone, day_t today, int64_t now, struct err *e);
/* The suitability decision, once: outcome "suitable" or "not_suitable". fields "outcome", "assessed". */
HE_MUST_CHECK int pf_assess(struct store *s, rec_id person, int64_t seen, int64_t id, const char *outcome,
                            day_t day, day_t today, struct err *e);
/* The end, once, with its reason (pf_end_reasons). fields "end", "reason". */
HE_MUST_CHECK int pf_end(struct store *s, rec_id person, int64_t seen, int64_t id, day_t end,
                         const char *reason, day_t today, struct err *e);

#endif
