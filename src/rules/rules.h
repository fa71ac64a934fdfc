/* rules: the DfE validation rules of the statutory returns, checked one child at a time.
 * The catalogue (code, ERROR/QUERY, table, fields, message per return and collection year)
 * is data: data/rules/ CSVs compiled in. Each implemented rule is one small check function
 * registered by its code (src/rules/cin_rules.c for the CIN census); a rule runs for year Y
 * only when Y's catalogue lists it, so a rule the DfE drops stops running with no code change.
 *
 * Ownership: a struct findings is owned by whoever declared it (zero it, or FINDINGS_INIT)
 * and released by findings_free(). Each finding's strings point at the static catalogue,
 * except child and file, which the findings own, and, in a finding with `owned` set (one
 * made by findings_add: what an importer met in a file), every string. */
#ifndef HEARTH_RULES_H
#define HEARTH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/child.h"
#include "../util/err.h"
#include "rules_table.h" /* struct rule_def: a catalogue row */

enum rules_return { RULES_CIN = 0, RULES_903 = 1 };

struct finding {
    const char *rule;     /* catalogue code, "8525Q" */
    enum rules_return ret;
    int year;             /* collection year checked (its catalogue: rules_catalogue_year) */
    bool error;           /* true: ERROR; false: QUERY */
    const char *level;    /* "ERROR" or "QUERY" */
    char *child;          /* LAchildID (owned) */
    const char *table;    /* catalogue table, "Assessments" */
    int row;              /* 1-based record of that table within the child's return, or 0 */
    const char *fields;   /* catalogue fields joined by ';' */
    const char *message;  /* catalogue message */
    char *file;           /* the file the record came from, or NULL (owned) */
    long line;            /* its line in that file, or 0 when not known */
    bool owned;           /* rule, table, fields and message are owned too */
};

struct findings {
    struct finding *v;
    size_t n, cap;
};
#define FINDINGS_INIT {NULL, 0, 0}

void findings_free(struct findings *f);
/* Append a finding whose strings are copied (rule "" when the DfE numbers no rule for
 * the fault); level from error. Returns the new finding. */
struct finding *findings_add(struct findings *f, enum rules_return ret, int year, bool error,
                             const char *rule, const char *child, const char *table,
                             const char *fields, const char *message, const char *file,
                             long line);

/* What is wrong with one field of a record, for rules_field_rule. */
enum field_fault {
    FAULT_INVALID, /* not a value the field takes: a code not on the list, a date that is not one */
    FAULT_MISSING, /* blank where the return needs it */
    FAULT_ORDER,   /* the field (an end) is before other (its start) */
};
/* The catalogue rule of `year` (or the catalogue it is checked by) that the DfE gives such
 * a fault of field: the one naming the field (and other, for FAULT_ORDER) in the fewest
 * fields whose message says so; NULL when none does (a schema fault with no number). */
const struct rule_def *rules_field_rule(enum rules_return which, int year, const char *field,
                                        const char *other, enum field_fault kind);
size_t findings_errors(const struct findings *f); /* how many are ERROR */

/* Name of a return as used in output: "cin", "ssda903". */
const char *rules_return_name(enum rules_return which);

/* The catalogue entry for code in that return's year, or NULL when the year does not list it. */
const struct rule_def *rules_lookup(enum rules_return which, int year, const char *code);
/* The catalogue a collection year is checked by: its own, or for a year after the latest
 * catalogue hearth holds, the latest one (the DfE publishes a year's rules months before
 * the year starts, and a council must be able to check this year's work before then; a
 * newer catalogue in data/rules/ takes over with no code change); 0 for a year before the
 * first catalogue. A run of year Y checks Y's window with that catalogue's rules. */
int rules_catalogue_year(enum rules_return which, int year);
/* Rules the catalogue lists for the year (0: no catalogue for that year). */
size_t rules_catalogue_count(enum rules_return which, int year);
/* Is there an implementation registered for this code (whatever the year)? */
bool rules_implemented(enum rules_return which, const char *code);

/* The collection year's window: 1 April (year-1) to 31 March (year). */
void rules_year_window(int year, day_t *from, day_t *to);

/* Check one child against the rules of `year`'s catalogue, appending to out. The child
 * file holds every year's records; the return for `year` is the part of it that year's
 * return would hold (see cin_rules.c). HE_INPUT when there is no catalogue for the year. */
int rules_check_child(const struct child_file *c, enum rules_return which, int year,
                      struct findings *out, struct err *e);

/* Checking a whole return: begin, each child once, end. The end adds the findings of the
 * rules that look across children (the same UPN twice, shares of the return); their child
 * is "" when the finding is about the return as a whole. The run is owned by the caller
 * from rules_run_begin until rules_run_end, which frees it. */
struct rules_run;
int rules_run_begin(enum rules_return which, int year, struct rules_run **out, struct err *e);
void rules_run_child(struct rules_run *r, const struct child_file *c, struct findings *out);
/* Leave out of the run the rules that compare with the previous year's return (their
 * catalogue tables include one such as "Episodes_last"), for files given without that
 * year's: each would otherwise flag every child. Returns how many were left out and writes
 * their codes, ", "-joined, into codes (cap bytes, cut short when full). */
size_t rules_run_without_previous(struct rules_run *r, char *codes, size_t cap);
/* The ONS code of the authority whose return is checked (the ons_code setting, such as
 * E06000035), for the rules about placements inside its area (1015); without it the area
 * is the one most of the return's children's homes are in. Copied. */
void rules_run_set_authority(struct rules_run *r, const char *ons_code);
void rules_run_end(struct rules_run *r, struct findings *out);

/* Coverage: does any module check rules of this return? The catalogue rows of a year
 * (*n of them, sorted by code); the years with a catalogue (up to max, ascending, count
 * returned); why a catalogue rule is not checked (NULL when no reason is recorded). */
bool rules_return_checked(enum rules_return which);
const struct rule_def *rules_catalogue(enum rules_return which, int year, size_t *n);
size_t rules_years(enum rules_return which, int *years, size_t max);
const char *rules_gap_reason(enum rules_return which, const char *code);

#endif
