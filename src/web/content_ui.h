/* content_ui: what the pages of the content of the work share (pages_assessment.c,
 * pages_meetings.c, pages_plans.c): opening a child's page for reading, and showing and
 * reading the people who took part in a meeting. */
#ifndef HEARTH_WEB_CONTENT_UI_H
#define HEARTH_WEB_CONTENT_UI_H

#include "../model/content.h"
#include "form_decl.h"
#include "web.h"

/* For a page that shows one of the child's records: refuses front door workers and
 * analysts (403), checks and logs the view (child_open, page names it), loads the child's
 * record into cf (the caller frees it). false: answered already. */
bool content_child(struct req *r, struct resp *out, const char *page, struct child_file *cf);

/* The people who took part, as typed: one a line, "name, agency" (the agency may be left
 * out). Each line is checked (plain text, at most CT_LINE_MAX characters) with messages
 * added to fe beside the field name; *n gets how many, at most CT_ATTENDEES_MAX. The
 * strings point into the arena. */
void attendees_read(const char *text, const char *name, struct arena *mem, struct ct_attendee **out,
                    int *n, struct field_errors *fe);
/* A meeting as a GOV.UK summary list: when, who took part, what was shared, decided and
 * minuted (paragraphs kept). */
void meeting_show(struct html *h, const struct ct_meeting *m);
/* Paragraphs as typed: each line break kept (escaped). */
void paragraphs(struct html *h, const char *text);
/* Rows of a plan's actions, each four declared fields (the action, who, by when, status):
 * a row left blank is skipped, a row partly filled is refused beside its empty field. out
 * gets the whole rows (strings point into f), *n how many. */
int plan_action_rows(const struct fd_field (*rows)[4], int n_rows, const struct form *f,
                     const struct fd_now *now, struct ct_action_in *out, int *n,
                     struct field_errors *fe);

#endif
