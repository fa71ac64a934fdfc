/* risk: the pages of exploitation (pages_exploitation.c: the screening, the support the
 * young person received) and of missing from home (pages_missing.c: the return form of an
 * episode from home); routes in server.c. Their record sections are in record.c's registry. */
#ifndef HEARTH_WEB_RISK_H
#define HEARTH_WEB_RISK_H

#include "../model/journey.h"
#include "../util/arena.h"
#include "web.h"

void h_missing_home_form(struct req *r, struct resp *out);
void h_missing_home_post(struct req *r, struct resp *out);
void h_screening_form(struct req *r, struct resp *out);
void h_screening_post(struct req *r, struct resp *out);
void h_xp_support_form(struct req *r, struct resp *out);
void h_xp_support_post(struct req *r, struct resp *out);
void h_xp_support_end_form(struct req *r, struct resp *out);
void h_xp_support_end_post(struct req *r, struct resp *out);

/* The journey's events with the child's exploitation screenings and missing episodes from
 * home among them, newest first: *out is j->events when there are none, else an array in
 * mem (risk_chronology.c). */
int risk_events(struct store *s, rec_id child, const struct journey *j, struct arena *mem,
                struct journey_event **out, int *n, struct err *e);

#endif
