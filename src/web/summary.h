/* summary: a child's status badges and running clocks as lists show them ("My work", the
 * team view). Computing them loads the child's whole record, so pages.c keeps them in a
 * cache keyed by the record's version and the day; child_summary() answers from it. */
#ifndef HEARTH_WEB_SUMMARY_H
#define HEARTH_WEB_SUMMARY_H

#include "../model/journey.h"
#include "web.h"

#define SUM_CLOCKS 16
struct summary {
    rec_id id;
    int64_t version;
    day_t today;
    int status;                              /* enum journey_status bits */
    int n_clocks;                            /* kept in clocks: at most SUM_CLOCKS */
    int n_overdue, n_soon;                   /* of all the child's open clocks, kept or not */
    int n_more;                              /* open clocks not kept: the least urgent */
    struct journey_clock clocks[SUM_CLOCKS]; /* most urgent first */
};

/* sm's status and clocks from j (sm's key is left as it is): the SUM_CLOCKS most urgent
 * kept, every open clock counted, so that a list's counts are whole however many run. */
void summary_fill(struct summary *sm, const struct journey *j);

/* The child's summary as of r->today, from the cache or computed (and cached). */
/* version: the record version (cw_version), which keys the cache. */
int child_summary(struct req *r, rec_id id, int64_t version, struct summary *sm, struct err *e);

/* A running clock as a tag and its due date ("Overdue Assessment: was due ..."). */
void clock_tag(struct html *h, const struct journey_clock *k, day_t today);

#endif
