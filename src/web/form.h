/* form: application/x-www-form-urlencoded bodies and query strings, decoded into name/value
 * pairs. Hostile input is the normal case: bad percent escapes, NUL bytes and invalid UTF-8
 * are refused (HE_INPUT), and the number of fields and their length are capped.
 * Owner: whoever declared the struct form; form_free() releases every string in it. */
#ifndef HEARTH_FORM_H
#define HEARTH_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define FORM_MAX_FIELDS 200

struct form {
    int n;
    char *name[FORM_MAX_FIELDS];
    char *value[FORM_MAX_FIELDS];
};

int form_parse(const char *s, size_t n, struct form *f, struct err *e);
/* The first value of name, or NULL (also when f is NULL: no form). */
const char *form_get(const struct form *f, const char *name);
/* The field as a positive whole number (an id, a record version), or 0 when it is missing
 * or is anything else. */
int64_t form_get_id(const struct form *f, const char *name);
/* The value with surrounding spaces trimmed, or "" when absent. Owned by f. */
const char *form_text(const struct form *f, const char *name);
void form_free(struct form *f);

#endif
