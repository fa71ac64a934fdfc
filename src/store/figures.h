/* figures (store): the wider service's figures (measure/service.h) declared once each, in
 * a table per area (figures_*.c): the figure's id, its label, its kind, and either the SQL
 * that counts it with what its placeholders bind, or the value the area worked out in C.
 * figures_area() runs every row's SQL (db.h's portable SQL, prepared statements) and adds
 * the shown rows to the area's result in the table's order.
 * Ownership: tables are the areas' (static, or on the area's stack when a row points at a
 * value worked out there); nothing here allocates. */
#ifndef HEARTH_STORE_FIGURES_H
#define HEARTH_STORE_FIGURES_H

#include <stdint.h>

#include "../date/date.h"
#include "../measure/service.h"
#include "../util/err.h"

struct store;

/* What a row's placeholders bind, one letter each in fig_def.binds, in order:
 *   f  the period's first day           t  the period's last day         n  today
 *   F  Unix seconds at the start of the first day
 *   T  Unix seconds at the start of the day after the last (so `at < ?` ends the period)
 *   e  1970-01-01 as a day (to turn a day into Unix seconds in SQL)
 *   a  the area's own day (fig_days.a: the voice's "three months ago")
 *   s  the row's text */
struct fig_days {
    day_t from, to, today, a;
};

struct fig_def {
    const char *id;         /* the figure's id; what another row's `of` names */
    const char *label;      /* NULL: not shown, only a count that other figures are of */
    enum service_kind kind; /* how the figure is shown (service.h) */
    const char *sql;        /* one integer: a count, or a mean's total */
    const char *binds;      /* the letters above; NULL or "": none */
    const char *text;       /* what `s` binds */
    const int64_t *value;   /* instead of sql: a value worked out in C */
    const double *total;    /* SV_MEAN, instead of sql: a total worked out in C */
    const char *of;         /* the id of the row whose value is the denominator (SV_PROPORTION,
                             * SV_FTE_RATE), the cases (SV_MEAN) or the FTE (SV_PER_FTE) */
    const char *unit;       /* SV_MEAN, SV_FTE, SV_FTE_RATE */
};

/* At most this many rows to a table. */
#define FIG_MAX 40

/* Run the table's SQL for the days in p and add its shown rows to out, in order. HE_OK, or
 * the first error with e set (HE_INTERNAL for a table naming a row it does not hold). */
HE_MUST_CHECK int figures_area(struct store *s, const struct fig_def *t, int n, const struct fig_days *p,
                               struct service_result *out, struct err *e);

#define FIG_N(t) ((int)(sizeof(t) / sizeof((t)[0])))

#endif
