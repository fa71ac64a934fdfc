/* export: the statutory returns written from the store — the CIN census XML, the SSDA903
 * tables and Ofsted's Annex A workbook. Each exporter reads children through the store
 * interface (store_cohort, store_load_child) and never writes to the store. Output is
 * written to a temporary file beside the target and renamed into place only when
 * complete, so a failed export never leaves half a return. */
#ifndef HEARTH_EXPORT_H
#define HEARTH_EXPORT_H

#include <stdbool.h>

#include "../store/store.h"
#include "../util/buf.h"
#include "../util/err.h"

/* The return's header, from the authority's settings (store_get_setting keys "la_code",
 * "software_code", "release", "serial_no"); NULL fields fall back to sensible defaults,
 * except la_code, which the CIN census requires. Strings are borrowed. */
struct export_header {
    const char *la_code;      /* LEA: three-digit DfE code */
    const char *software_code; /* NULL: "hearth" */
    const char *release;       /* NULL: HEARTH_RELEASE */
    const char *serial_no;     /* NULL: "001" */
    const char *date_time;     /* Source/DateTime (YYYY-MM-DDTHH:MM:SS); NULL: left out, so
                                * the same records give the same file */
};

#define HEARTH_RELEASE "0.1"

/* Fill h from the store's settings; strings in h are then owned by h (free with
 * export_header_free). Fields already set by the caller are kept. */
int export_header_from_settings(struct store *s, struct export_header *h, char *owned[4],
                                struct err *e);
void export_header_free(char *owned[4]);

/* Can hearth write the return of this collection year? (It can when it holds the year's
 * code lists, which come from the year's schema.) */
bool cin_census_year_known(int year);
bool ssda903_year_known(int year);

/* CIN census for collection year `year` (year ending 31 March), valid against that
 * year's schema: every child with an episode of need open at some time in the year, with
 * the episodes and parts (assessments, plans, enquiries, reviews) active in the year, as
 * they stood on 31 March (later closures and end dates left out). HE_INPUT when records
 * lack what the schema requires or hold what it refuses (a code the year does not have, a
 * UPN that is not one): every such problem of every child is found in one run; one alone
 * is the error (naming child and element), several are counted in it and, when blocking
 * is not NULL, appended to it one line each ("child ID: what"). Nothing is written then. */
int cin_census_export(struct store *s, int year, const struct export_header *h, const char *path,
                      struct buf *blocking, struct err *e);
/* Every SSDA903 table for `year` as CSV files in dir (created if missing): the children
 * looked after at some time in the year and those with OC2, OC3 or AD1 rows of the year
 * (store_cohort COHORT_LA); episodes, missing spells, decisions and social worker spells
 * open in the year (carried in from earlier years) as they stood on 31 March; reviews in
 * the year; codes in the year's form. sum (may be NULL) says what was written. HE_INPUT,
 * naming child, table and field, for a value the year's table cannot hold: every such
 * value of every child is found in one run, reported as cin_census_export's are (blocking).
 * The folder is replaced whole (see export_dir in export_util.h). */
struct ssda903_summary {
    int n;                /* tables written */
    const char *file[16]; /* static file names */
    long rows[16];
    long children;
    long no_header; /* care leavers known only from OC3 rows, whose sex and ethnicity hearth
                     * does not hold: their header row is left out (in XML, the whole child) */
    long not_in_xml; /* XML: rows of the tables the XML schema has no place for (social
                      * worker episodes from 2023-24, deprivation of liberty orders from 2026-27) */
};
int ssda903_export(struct store *s, int year, const char *dir, struct ssda903_summary *sum,
                   struct buf *blocking, struct err *e);
/* The same return as one XML file, valid against the DfE's CLA_ssda903_structure.xsd
 * (root <EXPSSDA903>, a <CHILD> a child with its HEADER and EPISODEs): the same rows as the
 * CSV tables, which import back to the same records. The schema has no place for the
 * social worker and deprivation of liberty order tables (counted in sum->not_in_xml: export
 * them as CSV), nor for a child with no header row. A value the schema cannot hold (a
 * three-character placement code where it allows two) blocks the return as
 * ssda903_export's problems do. sum->file names the tables, not files. */
int ssda903_export_xml(struct store *s, int year, const char *path, struct ssda903_summary *sum,
                       struct buf *blocking, struct err *e);
/* Ofsted Annex A lists 1-11 for [from, to] as one workbook, a sheet per list with
 * Ofsted's headings and lettered groups, for the children of store_cohort COHORT_ANY.
 * Columns hearth keeps nothing for are left blank (see annexa_export.c). The workbook's
 * created time is `to`, so the same records give the same bytes. */
int annexa_export(struct store *s, day_t from, day_t to, const char *path, struct err *e);

#endif
