/* annexa: Ofsted's Annex A lists (1-11, one CSV per list), read into the model where the
 * model has a sound place for them. Owns the list definitions and the mapping of Annex A
 * groups (letters such as "a) Individual") to DfE codes. It never opens or commits a
 * transaction: annexa_import (declared in import.h) only puts, and says on stderr what
 * it could not keep. */
#ifndef HEARTH_ANNEXA_H
#define HEARTH_ANNEXA_H

#include <stddef.h>

/* Say which Annex A list a heading row belongs to. Headings are compared without regard
 * to case, order, or runs of whitespace (line breaks inside a heading included).
 * *list is set to a static string "list_1" .. "list_11", or NULL when the row is not an
 * Annex A heading row. A row that is plainly one list's headings but lacks a column is
 * still named here: annexa_import then refuses it, naming the column. Returns HE_OK. */
int annexa_list_of_header(const char *const *fields, size_t n, const char **list);

/* The headings of a list ("list_1" .. "list_11") in Ofsted's order (NULL-terminated,
 * static); NULL for an unknown list. For the exporter and fixtures. */
const char *const *annexa_columns(const char *list);

#endif
