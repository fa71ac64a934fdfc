/* rules_table: the row type of the generated rule catalogue (build/gen/rules_data.c, made
 * by tools/gen-rules-c.sh from data/rules/ CSVs). Rows are sorted by return, collection
 * year and code (strcmp order). Callers read rows through rules.h (rules_lookup,
 * rules_catalogue); only src/rules touches the table itself. */
#ifndef HEARTH_RULES_TABLE_H
#define HEARTH_RULES_TABLE_H

#include <stddef.h>

struct rule_def {
    unsigned char ret;   /* enum rules_return */
    short year;          /* collection year (ending 31 March) */
    const char *code;    /* "8500", "8525Q" */
    const char *level;   /* "ERROR" or "QUERY" */
    const char *table;   /* CIN: one table; SSDA903: tables joined by ';' */
    const char *fields;  /* affected fields joined by ';' */
    const char *message; /* the DfE's words */
};

extern const struct rule_def hearth_rules[];
extern const size_t hearth_rules_n;

#endif
