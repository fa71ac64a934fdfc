/* demo_qa: the voice of the child and quality assurance in the demo authority: the
 * authority's audit questions, the children's own words recorded on direct work by their
 * workers, case file audits of the demo workers' files with feedback and actions, and a
 * thematic audit with its sample, all dated from the last collection year's 31 March and
 * drawn from the demo's seed. */
#ifndef HEARTH_DEMO_QA_H
#define HEARTH_DEMO_QA_H

#include <stdint.h>

#include "../store/store.h"
#include "../util/err.h"

/* After demo_users_add (it needs the demo's users and allocations). */
int demo_qa_add(struct store *s, int year, uint64_t seed, struct err *e);

#endif
