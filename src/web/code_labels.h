/* code_labels: the DfE's codes that a child's chronology shows, in plain words: where a
 * contact came from, categories of abuse, assessment factors, placement types. Taken from
 * the descriptions in the CIN census schema (data/standards/cin-census/CIN_schema_2026.xsd)
 * and the SSDA903 guidance, shortened for a line on a page. Forms' own lists are in
 * labels.h. */
#ifndef HEARTH_WEB_CODE_LABELS_H
#define HEARTH_WEB_CODE_LABELS_H

#include "web.h"

/* "Contact from the police" for referral source 6; "Contact received" for an unknown code. */
const char *contact_title(const char *source);
extern const struct ui_option abuse_categories[];
extern const int n_abuse_categories;
extern const struct ui_option assessment_factors[];
extern const int n_assessment_factors;
extern const struct ui_option placement_types[];
extern const int n_placement_types;

#endif
