/* figures: the one loop that runs the wider service's figure tables (figures.h) on db.h's
 * portable SQL and adds their rows to an area's result, so that every area's counts are
 * declared once, beside their labels, in its figures_*.c. */
#include "figures.h"

#include <string.h>

#include "store_impl.h"

/* Unix seconds at the start of a day. */
static int64_t unix_at(day_t d) { return (int64_t)(d - date_from_ymd(1970, 1, 1)) * 86400; }

static int bind_args(const struct fig_def *r, const struct fig_days *p, struct db_arg *a, int max, int *n,
                     struct err *e)
{
    *n = 0;
    for (const char *b = r->binds ? r->binds : ""; *b; b++) {
        if (*n == max)
            return err_set(e, HE_INTERNAL, "figure %s: too many binds", r->id);
        switch (*b) {
        case 'f': a[*n] = DB_I(p->from); break;
        case 't': a[*n] = DB_I(p->to); break;
        case 'n': a[*n] = DB_I(p->today); break;
        case 'F': a[*n] = DB_I(unix_at(p->from)); break;
        case 'T': a[*n] = DB_I(unix_at(p->to + 1)); break;
        case 'e': a[*n] = DB_I(date_from_ymd(1970, 1, 1)); break;
        case 'a': a[*n] = DB_I(p->a); break;
        case 's': a[*n] = DB_T(r->text); break;
        default: return err_set(e, HE_INTERNAL, "figure %s: no bind '%c'", r->id, *b);
        }
        (*n)++;
    }
    return HE_OK;
}

/* The index of the row with this id, or -1. */
static int row_of(const struct fig_def *t, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (!strcmp(t[i].id, id))
            return i;
    return -1;
}

int figures_area(struct store *s, const struct fig_def *t, int n, const struct fig_days *p,
                 struct service_result *out, struct err *e)
{
    int64_t v[FIG_MAX] = {0};
    int of[FIG_MAX];
    if (n > FIG_MAX)
        return err_set(e, HE_INTERNAL, "figures: %d rows, at most %d", n, FIG_MAX);
    for (int i = 0; i < n; i++) {
        const struct fig_def *r = &t[i];
        of[i] = row_of(t, n, r->of);
        if (r->of && of[i] < 0)
            return err_set(e, HE_INTERNAL, "figure %s: no figure %s", r->id, r->of);
        if (r->value) {
            v[i] = *r->value;
            continue;
        }
        if (!r->sql)
            continue;
        struct db_arg a[8];
        int na;
        int rc = bind_args(r, p, a, 8, &na, e);
        if (rc == HE_OK)
            rc = db_run(store_db(s), r->sql, &v[i], NULL, e, na, a);
        if (rc != HE_OK)
            return rc;
    }
    for (int i = 0; i < n; i++) {
        const struct fig_def *r = &t[i];
        if (!r->label)
            continue;
        long long den = of[i] >= 0 ? v[of[i]] : 0;
        switch (r->kind) {
        case SV_COUNT: service_count(out, r->id, r->label, v[i]); break;
        case SV_PROPORTION: service_proportion(out, r->id, r->label, v[i], den); break;
        case SV_MONEY: service_money(out, r->id, r->label, v[i]); break;
        case SV_MEAN:
            service_mean(out, r->id, r->label, r->total ? *r->total : (double)v[i], den, r->unit);
            break;
        case SV_FTE: service_fte(out, r->id, r->label, v[i], r->unit); break;
        case SV_FTE_RATE: service_fte_rate(out, r->id, r->label, v[i], den, r->unit); break;
        case SV_PER_FTE: service_per_fte(out, r->id, r->label, v[i], den); break;
        }
    }
    return HE_OK;
}
