/* privfost_ui: the pages of private fostering (pages_privfost.c): the notification, a
 * visit, the suitability decision and the end of an arrangement, and the managers' list of
 * arrangements going on; routes in server.c, the record section in record.c's registry, the
 * chronology's entries from risk_chronology.c. */
#ifndef HEARTH_WEB_PRIVFOST_UI_H
#define HEARTH_WEB_PRIVFOST_UI_H

#include "web.h"

void h_pf_notify_form(struct req *r, struct resp *out);
void h_pf_notify_post(struct req *r, struct resp *out);
void h_pf_visit_form(struct req *r, struct resp *out);
void h_pf_visit_post(struct req *r, struct resp *out);
void h_pf_assess_form(struct req *r, struct resp *out);
void h_pf_assess_post(struct req *r, struct resp *out);
void h_pf_end_form(struct req *r, struct resp *out);
void h_pf_end_post(struct req *r, struct resp *out);
void h_private_fostering(struct req *r, struct resp *out);

#endif
