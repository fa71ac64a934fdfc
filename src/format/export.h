/* export: the statutory returns written from the store — the CIN census XML, the SSDA903
 * tables and Ofsted's Annex A workbook. Each exporter reads children through the store
 * interface (store_cohort, store_load_child) and never writes to the store. Output is
 * written to a temporary file beside the target and renamed into place only when
 * complete, so a failed export never leaves half a return. */
#ifndef HEARTH_EXPORT_H
#define HEARTH_EXPORT_H

#include "../store/store.h"
#include "../util/err.h"

/* The return's header, from the authority's settings (store_get_setting keys "la_code",
 * "software_code", "release", "serial_no"); NULL fields fall back to sensible defaults. */
struct export_header {
    const char *la_code;      /* LEA: three-digit DfE code */
    const char *software_code;
    const char *release;
    const char *serial_no;
};

/* CIN census for collection year `year` (year ending 31 March), valid against that
 * year's schema. */
int cin_census_export(struct store *s, int year, const struct export_header *h, const char *path,
                      struct err *e);
/* Every SSDA903 table for `year` as CSV files in dir (created if missing). */
int ssda903_export(struct store *s, int year, const char *dir, struct err *e);
/* Ofsted Annex A lists 1-11 for [from, to] as one workbook. */
int annexa_export(struct store *s, day_t from, day_t to, const char *path, struct err *e);

#endif
