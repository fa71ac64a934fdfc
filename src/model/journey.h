/* journey: what a child's whole record says now: their status (child in need, child
 * protection, looked after, care leaver), the statutory clocks running on their work, and
 * the chronology of every dated event. Computed from a struct child_file with the clock
 * table of date/clock.h, so the worker's list, the child's page and tests agree. No store,
 * no HTML.
 * Ownership: struct journey owns its arrays (journey_free); event and clock labels are
 * static strings or point into the child_file, which must outlive the journey. */
#ifndef HEARTH_JOURNEY_H
#define HEARTH_JOURNEY_H

#include <stdbool.h>

#include "../date/clock.h"
#include "child.h"
#include "stages.h"

enum journey_status {
    JS_CIN = 1,         /* an open episode of need */
    JS_CP = 2,          /* an open child protection plan */
    JS_LOOKED_AFTER = 4,
    JS_CARE_LEAVER = 8,
};

struct journey_clock {
    enum clock_id id;
    day_t start, due;
    enum clock_state state;
    rec_id record;      /* the record the clock belongs to (contact, episode, s47, plan...) */
};

/* What an event's detail is, so that a page can put a code into words. */
enum journey_detail {
    JD_TEXT,            /* words already (or nothing) */
    JD_SOURCE,          /* a CIN referral source code (contacts) */
    JD_NEED,            /* a CIN primary need code */
    JD_FACTORS,         /* CIN assessment factor codes, separated by commas */
    JD_CATEGORY,        /* a CIN category of abuse */
    JD_PLACE,           /* an SSDA903 placement type */
    JD_WORKER,          /* a social worker's identifier */
};

struct journey_event {
    day_t date;
    const char *what;   /* static: "Contact received", "Referral", ... */
    const char *detail; /* a code or label (static or in the child_file), may be NULL */
    enum journey_detail kind; /* what detail is */
};

struct journey {
    int status;         /* enum journey_status bits */
    struct journey_clock *clocks; /* open clocks, most urgent first */
    int n_clocks;
    struct journey_event *events; /* newest first */
    int n_events;
};

/* Everything as of `today`. awaiting lists the contacts recorded in hearth that wait for a
 * threshold decision: only they run the threshold clock (imported contacts carry no
 * decision, yet were decided long ago). */
void journey_compute(const struct child_file *c, const rec_id *awaiting, int n_awaiting,
                     day_t today, struct journey *j);
/* The same with what the stage forms record (x may be NULL): statutory visits run the visit
 * clocks, missing episodes recorded in hearth the return interview clock, pathway plans the
 * pathway plan clocks; the chronology shows them all. x must outlive the journey. */
void journey_compute_x(const struct child_file *c, const struct child_extra *x,
                       const rec_id *awaiting, int n_awaiting, day_t today, struct journey *j);
void journey_free(struct journey *j);

/* Urgency key for sorting children: smaller is more urgent (overdue longest first, then
 * the nearest due date); INT32_MAX when nothing is open. */
long journey_urgency(const struct journey *j);

#endif
