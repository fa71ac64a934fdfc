/* codes: the DfE's code lists, by return, field and collection year. The lists are data
 * (data/cin-codes.csv and data/ssda903-codes.csv, compiled in); this module only answers
 * "is this code valid, and when".
 *
 * Years after the last list hearth knows: the DfE publishes each year's lists some months
 * before the year starts, and a children's service cannot stop recording contacts when the
 * financial year turns. So a code valid in the latest year a return's lists cover stays
 * valid in every later year until a newer list (a new row in data/) says otherwise. */
#ifndef HEARTH_CODES_H
#define HEARTH_CODES_H

#include <stdbool.h>

/* year 0 means "valid in any year hearth knows" (what importers accept). */
bool codes_cin_valid(const char *xsd_type, const char *code, int year);
bool codes_ssda903_valid(const char *table, const char *field, const char *code, int year);
/* Does the SSDA903 field have a code list at all (i.e. is it a category)? */
bool codes_ssda903_is_category(const char *table, const char *field);

/* The latest collection year whose lists hearth holds, per return (2026 = 2025-26). A
 * year after it is checked against that year's lists (see above). */
int codes_cin_latest_year(void);
int codes_ssda903_latest_year(void);

#endif
