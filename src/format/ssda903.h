/* ssda903: the DfE's looked-after children return (SSDA903), one CSV per table, read
 * into the model. Owns the table definitions (columns, which may be blank, which are
 * dates, codes or numbers) and the mapping of each row to model structs. It never opens
 * or commits a transaction: ssda903_import (declared in import.h) only puts. */
#ifndef HEARTH_SSDA903_H
#define HEARTH_SSDA903_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
