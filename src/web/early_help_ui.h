/* early_help_ui: the pages of early help and Stronger Families (pages_early_help.c): the
 * forms on a child's record (opening an episode, stepping down and up, the assessment, the
 * team around the family, meetings, the family plan and its reviews, closure, attaching the
 * family to Stronger Families and its results), the episode's page, and the programme's
 * page (targets, cohort, results claims). Routes are in server.c's table. */
#ifndef HEARTH_WEB_EARLY_HELP_UI_H
#define HEARTH_WEB_EARLY_HELP_UI_H

#include "web.h"

/* Each form: GET shows it, POST saves it. */
#define EH_FORM_HANDLERS(X) \
    X(eh_open) X(eh_step_down) X(eh_step_up) X(eh_close) X(eh_assessment) X(eh_member) X(eh_meeting) \
    X(eh_outcome) X(eh_review) X(sf_attach) X(sf_result)
#define X(n) void h_##n##_form(struct req *r, struct resp *out); \
             void h_##n##_post(struct req *r, struct resp *out);
EH_FORM_HANDLERS(X)
#undef X

void h_eh_episode(struct req *r, struct resp *out);     /* GET /children/:n/early-help/:n */
void h_sf_programme(struct req *r, struct resp *out);   /* GET /stronger-families */
void h_sf_claim_post(struct req *r, struct resp *out);  /* POST /stronger-families/claims */
void h_sf_target_post(struct req *r, struct resp *out); /* POST /stronger-families/targets */

#endif
