/* labels: plain English for the DfE codes forms offer (CIN census referral sources,
 * primary need, assessment factors' use is by code), and the checks forms share on
 * identifiers and free text. The codes themselves stay the DfE's. */
#ifndef HEARTH_LABELS_H
#define HEARTH_LABELS_H

#include <stdbool.h>

#include "web.h"

extern const struct ui_option referral_sources[];
extern const int n_referral_sources;
extern const struct ui_option primary_needs[];
extern const int n_primary_needs;
extern const struct ui_option threshold_decisions[];
extern const int n_threshold_decisions;
extern const struct ui_option sexes[];
extern const int n_sexes;

/* The label of a code in a list, or the code itself. */
const char *label_of(const struct ui_option *opts, int n, const char *code);

/* UPN: 13 characters, a letter, 11 digits, then a digit or letter, with the DfE check
 * letter right. */
bool upn_valid(const char *s);
/* NHS number: 10 digits with a valid modulus 11 check digit (spaces allowed). out gets the
 * digits (11 bytes). */
bool nhs_valid(const char *s, char out[11]);
/* Names: letters (any script), spaces, hyphens, apostrophes and full stops. */
bool name_valid(const char *s);
/* Free text is plain text: no markup (a '<' followed by a letter, '/', '!' or '?'). */
bool plain_text(const char *s);

#endif
