/* clock: the statutory timescales of docs/timescales.md held as one table, so the child's
 * record, the workers' and managers' lists and the dashboard all compute a due date, and
 * judge it met or missed, the same way. A clock starts at a recorded event (day 0) and is
 * met by another; hearth records dates, not times, so 72 hours is three calendar days. */
#ifndef HEARTH_CLOCK_H
#define HEARTH_CLOCK_H

#include "date.h"

enum clock_id {
    CLOCK_THRESHOLD,
    CLOCK_ASSESSMENT,
    CLOCK_ICPC,
    CLOCK_CP_FIRST_REVIEW,
    CLOCK_CP_REVIEW,
    CLOCK_CORE_GROUP,
    CLOCK_LA_FIRST_REVIEW,
    CLOCK_LA_SECOND_REVIEW,
    CLOCK_LA_REVIEW,
    CLOCK_VISIT_NEW_PLACEMENT,
    CLOCK_VISIT,
    CLOCK_VISIT_LONG_TERM,
    CLOCK_HEALTH_ASSESSMENT,
    CLOCK_PEP,
    CLOCK_RETURN_INTERVIEW,
    CLOCK_PATHWAY_PLAN,
    CLOCK_PATHWAY_REVIEW,
    CLOCK_CARE_PROCEEDINGS,
    CLOCK_PF_INITIAL_VISIT,
    CLOCK_PF_ASSESSMENT,
    CLOCK_PF_VISIT,
    CLOCK_PF_VISIT_LATER,
    CLOCK_COUNT
};

enum clock_unit {
    CLOCK_UNIT_WORKING_DAYS, /* Monday to Friday less bank holidays (date_add_working_days) */
    CLOCK_UNIT_CALENDAR_DAYS,
    CLOCK_UNIT_WEEKS,
    CLOCK_UNIT_MONTHS,       /* calendar months, clamped to the month's last day */
    CLOCK_UNIT_HOURS,        /* rounded up to whole days */
};

struct clock_def {
    enum clock_id id;
    const char *key;    /* "assessment": stable, for files, URLs and the store */
    const char *name;   /* plain English, for people */
    const char *starts; /* the event that is day 0 */
    const char *met_by; /* the event that stops the clock */
    enum clock_unit unit;
    int limit;          /* in units */
    const char *source; /* the statute or guidance that sets the limit */
};

enum clock_state {
    CLOCK_OPEN,     /* not yet met, due later than CLOCK_DUE_SOON_DAYS working days away */
    CLOCK_DUE_SOON, /* not yet met, due today or within CLOCK_DUE_SOON_DAYS working days */
    CLOCK_OVERDUE,  /* not yet met, due date passed */
    CLOCK_MET,      /* met on or before the due date */
    CLOCK_MISSED,   /* met, but after the due date */
};

/* How near a due date must be for the worker's list to flag it. */
#define CLOCK_DUE_SOON_DAYS 5

/* The table entry for id; NULL when id is not a clock. */
const struct clock_def *clock_get(enum clock_id id);
/* By key ("assessment") or enum name ("CLOCK_ASSESSMENT"), either case; NULL when unknown. */
const struct clock_def *clock_find(const char *key);

/* The last day on which the clock is met; DAY_NONE when start is DAY_NONE or id unknown. */
day_t clock_due(enum clock_id id, day_t start);
/* met and today may be DAY_NONE (not met yet; no "today" means nothing is due soon or
 * overdue). A clock with no start has no due date: open until met, then met. */
enum clock_state clock_state(enum clock_id id, day_t start, day_t met, day_t today);

const char *clock_state_name(enum clock_state s); /* "met", "due soon", ... */
const char *clock_unit_name(enum clock_unit u);   /* "working days", ... (plural) */

#endif
