/* risk: the pages of exploitation (pages_exploitation.c: the screening, the support the
 * young person received) and of missing from home (pages_missing.c: the return form of an
 * episode from home); routes in server.c. Their record sections are in record.c's registry. */
#ifndef HEARTH_WEB_RISK_H
#define HEARTH_WEB_RISK_H

#include "web.h"

void h_missing_home_form(struct req *r, struct resp *out);
void h_missing_home_post(struct req *r, struct resp *out);
void h_screening_form(struct req *r, struct resp *out);
void h_screening_post(struct req *r, struct resp *out);
void h_xp_support_form(struct req *r, struct resp *out);
void h_xp_support_post(struct req *r, struct resp *out);

#endif
