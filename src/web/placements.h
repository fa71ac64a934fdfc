/* placements (web): the handlers of pages_placements.c, for server.c's routing table. */
#ifndef HEARTH_WEB_PLACEMENTS_H
#define HEARTH_WEB_PLACEMENTS_H

#include "web.h"

void h_carers(struct req *r, struct resp *out);
void h_carer_form(struct req *r, struct resp *out);
void h_carer_post(struct req *r, struct resp *out);
void h_placement_carer_form(struct req *r, struct resp *out);
void h_placement_carer_post(struct req *r, struct resp *out);
void h_placement_move_form(struct req *r, struct resp *out);
void h_placement_move_post(struct req *r, struct resp *out);
void h_legal_status_form(struct req *r, struct resp *out);
void h_legal_status_post(struct req *r, struct resp *out);
void h_health_form(struct req *r, struct resp *out);
void h_health_post(struct req *r, struct resp *out);
void h_placement_costs(struct req *r, struct resp *out);

#endif
