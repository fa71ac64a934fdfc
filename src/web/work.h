/* work: the work on a child (child_work.c puts it on the record as sections, record.h):
 * what can be recorded next (only what the user's role may record and what can apply to
 * the child now), tasks, the team holding the child and its moves. The pages of that work are pages_tray.c (authorisation, transfers) and
 * pages_tasks.c. */
#ifndef HEARTH_WEB_WORK_H
#define HEARTH_WEB_WORK_H

#include "../model/stages.h"
#include "web.h"

/* May the user's role record the stages of a journey (stage_form.c refuses the others)? */
bool work_may_record_stages(const struct req *r);
/* The worker's tasks t[] and the statutory clocks of the children of kids[] allocated to
 * them (sums[i] is kids[i]'s summary), soonest due first, as a table of at most max rows
 * (0: all) when there is any; returns how many there are in all (pages_tasks.c). */
struct wf_task;
struct summary;
size_t work_tasks_table(struct html *m, struct req *r, const struct wf_task *t, size_t nt,
                        const struct cw_child_row *kids, const struct summary *sums, size_t nk,
                        size_t max);
/* A GOV.UK back link to href, above a form. */
void ui_back(struct html *m, const char *href);

#endif
