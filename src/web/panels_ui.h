/* panels (web): the handlers of pages_panels.c (panels and court) and pages_money.c (what
 * placements cost, the budget and the unit costs), for server.c's routing table. */
#ifndef HEARTH_WEB_PANELS_UI_H
#define HEARTH_WEB_PANELS_UI_H

#include <stdbool.h>

#include "web.h"

/* Managers and administrators: the panels' chairs, who read minutes and money. */
bool panels_may_chair(const struct req *r);

/* The child's journey with its panel events among its own (referrals, meetings, outcomes,
 * proceedings, hearings, orders), newest first, for the chronology: out borrows j's clocks
 * and owns its events; keep holds their words. Both are freed by panels_chronology_free. */
struct journey;
int panels_chronology(struct store *s, rec_id child, const struct journey *j, struct journey *out, void **keep,
                      struct err *e);
void panels_chronology_free(struct journey *out, void *keep);

void h_panel_refer_form(struct req *r, struct resp *out);
void h_panel_refer_post(struct req *r, struct resp *out);
void h_panel_referral(struct req *r, struct resp *out);
void h_panel_meeting_form(struct req *r, struct resp *out);
void h_panel_meeting_post(struct req *r, struct resp *out);
void h_panel_outcome_form(struct req *r, struct resp *out);
void h_panel_outcome_post(struct req *r, struct resp *out);
void h_panel_proceedings_form(struct req *r, struct resp *out);
void h_panel_proceedings_post(struct req *r, struct resp *out);
void h_panel_hearing_form(struct req *r, struct resp *out);
void h_panel_hearing_post(struct req *r, struct resp *out);
void h_panels(struct req *r, struct resp *out);
void h_money(struct req *r, struct resp *out);
void h_money_unit_cost(struct req *r, struct resp *out);
void h_money_budget(struct req *r, struct resp *out);

#endif
