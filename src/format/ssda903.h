/* ssda903: the DfE's looked-after children return (SSDA903), one CSV per table, read
 * into the model. Owns the table definitions (columns, which may be blank, which are
 * dates, codes or numbers) and the mapping of each row to model structs. It never opens
 * or commits a transaction: ssda903_import (declared in import.h) only puts. */
#ifndef HEARTH_SSDA903_H
#define HEARTH_SSDA903_H

#include <stdbool.h>
#include <stddef.h>

#include "../date/date.h"

/* Say which SSDA903 table a header row belongs to. Column names are compared without
 * regard to case, order or surrounding spaces. *table is set to a static string ("header",
 * "episodes", "reviews", "uasc", "oc2", "oc3", "ad1", "placed_adoption", "prev_perm",
 * "missing", "social_worker") or NULL when the row is no SSDA903 header. A row that is
 * plainly one table's header but lacks a column, or has one too many, is still named
 * here: ssda903_import then refuses it, naming the column. Always returns HE_OK. */
int ssda903_table_of_header(const char *const *fields, size_t n, const char **table);

/* The columns of a table, in the DfE's order (NULL-terminated, static); NULL for an
 * unknown table. For writing fixtures and exports. */
const char *const *ssda903_columns(const char *table);

/* May the column be blank in the table ("canbeblank")? False for an unknown column. For
 * exports, which must write only what the importer (and the DfE) accept. */
bool ssda903_blank_ok(const char *table, const char *column);

/* Is the catalogue rule one the importer answers as it reads the tables (a child twice in
 * a table of one row a child: INT31-36; a child in a table but not in the header:
 * INT01-09)? For docs/rules-coverage.md. */
bool ssda903_read_rule(const char *code);
/* The rule for a child in the table (as import.c's line map names it: "placedadoption")
 * but not in the header, and the table as the catalogue names it; NULL for the header. */
const char *ssda903_header_rule(const char *table, const char **name);
/* Does the importer check the column's values (a date, a number, a code, or a value the
 * table needs on every row)? A catalogue rule saying that column is invalid or missing is
 * then answered as the file is read. */
bool ssda903_column_typed(const char *column);
/* Is (end, start) a table's pair that the reader checks runs forwards (DEC and DECOM,
 * DOLO_END and DOLO_START...)? Such a breach is found as the file is read. */
bool ssda903_order_pair(const char *end, const char *start);

/* One table given as CSV text (header row first) rather than a file: a table made from an
 * SSDA903 XML return at path. lines[k] is the line of path that the text's line k (1-based)
 * came from, for every message and finding (lines has nlines entries).
 * year is the collection year (0: as ssda903_import works it out). Otherwise as
 * ssda903_import, which import.h declares. */
struct importer;
struct err;
int ssda903_import_text(struct importer *im, const char *path, const char *table,
                        const char *data, size_t len, const long *lines, size_t nlines,
                        int year, struct err *e);

/* An SSDA903 XML return (root <EXPSSDA903>, the DfE's CLA_ssda903_structure.xsd): checked
 * against the schema, each child's elements mapped to the rows of the tables they belong to,
 * and those read as ssda903_import_text reads them (ssda903_xml.c). */
int ssda903_xml_import(struct importer *im, const char *path, struct err *e);

/* Check SSDA903 XML text against the DfE's schema (built into hearth): fn is called for
 * each breach with its line, the table its element stands for ("Episodes"), the child's
 * CHILDID ("" when not known), the element and libxml2's message. HE_INTERNAL when the
 * text is not XML at all or the schema cannot be loaded. For the exporter. */
typedef void (*ssda903_xsd_fn)(void *ctx, long line, const char *table, const char *child,
                               const char *element, const char *message);
int ssda903_xsd_check(const char *data, size_t len, ssda903_xsd_fn fn, void *ctx, struct err *e);

/* Keep mode: the rules between a child's returns of two years (Header_last, Episodes_last,
 * PlacedAdoption_last) and between a table and the same return's header (INT11-18, INT21),
 * answered from what the files said, since the store merges the years (ssda903_years.c).
 * _row is given each row read for storing (names[k] the table's column k, as read);
 * _check, after the last file, lists the findings in im->notes; _free releases the summary.
 * _rule: is the catalogue rule one of these? (For docs/rules-coverage.md.) */
/* The table name under which the XML form gives _row a header's UASC flag and DUC
 * (columns CHILD, UASC, DUC), which the CSV header does not carry. */
#define SSDA903_XML_UASC "xml_uasc"
void ssda903_years_row(struct importer *im, int year, const char *table, int ncols,
                       const char *const *names, const char *const *v, const size_t *len,
                       const day_t *day, const char *path, long line);
/* An episodes row that gives the DfE's derived PL_LA and PL_LOCATION (rule 411). */
void ssda903_years_location(struct importer *im, int year, const char *child, size_t clen,
                            const char *pl_la, size_t la_len, const char *pl_location,
                            size_t loc_len, const char *path, long line);
void ssda903_years_check(struct importer *im);
void ssda903_years_free(struct importer *im);
bool ssda903_years_rule(const char *code);
/* Is it one of them that compares with last year's files (not INT11-21, 628, 1014)? */
bool ssda903_years_between(const char *code);

#endif
