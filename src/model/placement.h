/* placement: what carers, placements and health records mean, without a store: the kinds
 * of carer and provider and the SSDA903 codes that follow from them, the cost of a
 * placement over a period, and a child's SSDA903 OC2 row (the year's health checks) made
 * from the health records hearth holds. No store, no HTML.
 * Ownership: the code lists are static; placement_oc2 fills a struct the caller owns
 * whose strings point into buffers the caller gives. */
#ifndef HEARTH_MODEL_PLACEMENT_H
#define HEARTH_MODEL_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "child.h"
#include "stages.h"

/* Kinds of carer or provider in the register (FOSTER: the authority's own foster carers;
 * IFA: an independent fostering agency; HOME: a children's home). */
extern const struct stage_code carer_kinds[];
extern const int n_carer_kinds;

/* The placement types a register entry gives, reasons for a move, legal statuses (SSDA903
 * PLACE, REASON_PLACE_CHANGE, LS codes with plain English). */
extern const struct stage_code carer_places[], place_change_reasons[], legal_status_codes[];
extern const int n_carer_places, n_place_change_reasons, n_legal_status_codes;

/* "850", "£850.50", "1,200" as pence; -1 when not an amount of money (at most
 * 9,999,999.99). */
int64_t placement_parse_pounds(const char *s);

/* SSDA903 PLACE_PROVIDER for a carer kind: PR1 the authority's own, PR4 private. */
const char *placement_provider(const char *kind);
/* SSDA903 URN for a carer's placement: its Ofsted URN, or XXXXXXX (the DfE's "none"). */
const char *placement_urn(const char *urn);

/* Cost in pence of weekly_cost (pence) from start to end (DAY_NONE: open) counted within
 * [from, to], both days included. */
int64_t placement_cost(int64_t weekly_cost, day_t start, day_t end, day_t from, day_t to);

/* The SSDA903 OC2 row of collection year `year` (ending 31 March) from the health records
 * in x, keeping what hearth does not record (CONVICTED, the substance misuse
 * interventions) from an existing row of the year in c. *in_cohort false when the child
 * is not in OC2's cohort (looked after continuously for the 12 months to 31 March, on the
 * records as they are, an open episode taken as going on; short breaks left out): no row
 * then. sdq is a buffer of 4 for the score's text. */
void placement_oc2(const struct child_file *c, const struct child_extra *x, int year, struct la_outcome *out,
                   char sdq[4], bool *in_cohort);

#endif
