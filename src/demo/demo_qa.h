/* demo_qa: the voice of the child and quality assurance in the demo authority: the
 * authority's audit questions, the children's own words recorded on direct work by their
 * workers, case file audits of the demo workers' files with feedback and actions, and a
 * thematic audit with its sample, in the months up to the demo's today (`until`) and drawn
 * from the demo's seed. */
#ifndef HEARTH_DEMO_QA_H
#define HEARTH_DEMO_QA_H

#include <stdint.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/err.h"

/* After the demo workers' caseloads (it audits the files they hold). */
int demo_qa_add(struct store *s, day_t until, uint64_t seed, struct err *e);

#endif
