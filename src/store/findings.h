/* findings (store): the findings `hearth import` kept with a return that breaks a DfE
 * content rule (store_findings.c, migration 14), on the portable db.h layer so both stores
 * run it unchanged. Ownership: the findings loaded belong to the caller's struct findings
 * (findings_free); what is passed in is copied. */
#ifndef HEARTH_STORE_FINDINGS_H
#define HEARTH_STORE_FINDINGS_H

#include "../rules/rules.h"
#include "../util/err.h"
#include "store.h"

/* Replace the findings of each file named in files (n_files paths) by those of f that
 * came from it. Runs inside the caller's transaction (the import's). */
HE_MUST_CHECK int store_findings_replace(struct store *s, const char *const *files, size_t n_files,
                                         const struct findings *f, struct err *e);
/* Append the findings kept for a return's collection year to out. */
HE_MUST_CHECK int store_findings_load(struct store *s, enum rules_return which, int year,
                                      struct findings *out, struct err *e);

#endif
