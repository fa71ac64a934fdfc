/* store_trend: the figures monthly trends need beyond a period's facts (trends.h), the
 * span of years a trend of every year covers, and the change stamp that tells a cache of figures it is stale. Portable SQL on db.h: dates are
 * day numbers bound from C, so months are cut in C, not with SQL date functions. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "store_impl.h"
#include "trends.h"

void trend_facts_free(struct trend_facts *t)
{
    free(t->contacts_by_day);
    free(t->cin);
    free(t->disabled);
    memset(t, 0, sizeof *t);
}

static int by_child(const void *a, const void *b)
{
    const struct cin_span *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    return (x->referral > y->referral) - (x->referral < y->referral);
}

int store_load_trend_facts(struct store *s, day_t from, day_t to, struct trend_facts *t,
                           struct err *e)
{
    if (s->ops->load_trend_facts)
        return s->ops->load_trend_facts(s, from, to, t, e);
    return trend_facts_load(store_db(s), from, to, t, e);
}

int store_load_period(struct store *s, day_t from, day_t to, struct facts *f,
                      struct trend_facts *t, struct err *e)
{
    int rc;
    if (s->ops->load_period)
        rc = s->ops->load_period(s, from, to, f, t, e);
    else if ((rc = s->ops->load_facts(s, from, to, f, e)) == HE_OK &&
             (rc = store_load_trend_facts(s, from, to, t, e)) != HE_OK)
        facts_free(f);
    if (rc == HE_OK && (rc = store_facts_finish(s, f, e)) != HE_OK) {
        facts_free(f);
        trend_facts_free(t);
    }
    return rc;
}

int trend_facts_load(struct db *d, day_t from, day_t to, struct trend_facts *t, struct err *e)
{
    memset(t, 0, sizeof *t);
    if (from == DAY_NONE || to == DAY_NONE || from > to)
        return err_set(e, HE_INPUT, "the period's first day must be on or before its last day");
    t->from = from;
    t->to = to;
    t->contacts_by_day = xcalloc((size_t)(to - from) + 1, sizeof *t->contacts_by_day);
    struct db_stmt *st;
    int rc = db_prepare(d,
                        "SELECT date, count(*) FROM contact WHERE date BETWEEN ? AND ? GROUP BY date",
                        &st, e);
    if (rc != HE_OK)
        goto fail;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t day = db_int(st, 0);
        if (day >= from && day <= to)
            t->contacts_by_day[day - from] = db_int(st, 1);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        goto fail;
    /* an episode closed on or before the period's first day is open at no month end in it;
     * two halves so that each reads only the (closure, referral, person) index */
    rc = db_prepare(d,
                    "SELECT person_id, referral_date, NULL FROM cin_episode WHERE closure_date IS "
                    "NULL AND referral_date <= ? UNION ALL SELECT person_id, referral_date, "
                    "closure_date FROM cin_episode WHERE closure_date > ? AND referral_date <= ?",
                    &st, e);
    if (rc != HE_OK)
        goto fail;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, from);
    db_bind_int(st, 3, to);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (t->n_cin == cap) {
            cap = cap ? cap * 2 : 1024;
            t->cin = xrealloc(t->cin, cap * sizeof *t->cin);
        }
        struct cin_span *c = &t->cin[t->n_cin++];
        c->child = db_int(st, 0);
        c->referral = (day_t)db_int(st, 1);
        c->closure = db_is_null(st, 2) ? DAY_NONE : (day_t)db_int(st, 2);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        goto fail;
    if (t->n_cin > 1)
        qsort(t->cin, t->n_cin, sizeof *t->cin, by_child);
    /* children in need and child protection */
    rc = db_prepare(d,
                    "SELECT id FROM person WHERE disabilities <> '' AND disabilities <> 'NONE'"
                    " ORDER BY id", &st, e);
    if (rc != HE_OK)
        goto fail;
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (t->n_disabled == cap) {
            cap = cap ? cap * 2 : 1024;
            t->disabled = xrealloc(t->disabled, cap * sizeof *t->disabled);
        }
        t->disabled[t->n_disabled++] = db_int(st, 0);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        goto fail;
    return HE_OK;
fail:
    trend_facts_free(t);
    return rc;
}

int store_data_years(struct store *s, int *first, int *last, struct err *e)
{
    *first = *last = 0;
    if (s->ops->data_years)
        return s->ops->data_years(s, first, last, e);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT min(y0), max(y1), min(d0), max(d1) FROM (SELECT "
                        "min(nullif(src_year, 0)) AS y0, max(src_year) AS y1, min(date) AS d0, "
                        "max(date) AS d1 FROM contact UNION ALL SELECT min(nullif(src_year, 0)), "
                        "max(src_year), min(referral_date), max(referral_date) FROM cin_episode "
                        "UNION ALL SELECT min(nullif(src_year, 0)), max(src_year), min(decom), "
                        "max(decom) FROM la_episode) AS held",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = db_step(st, e)) == DB_ROW) {
        if (!db_is_null(st, 2) && !db_is_null(st, 3)) {
            day_t d0 = (day_t)db_int(st, 2), d1 = (day_t)db_int(st, 3);
            *first = db_is_null(st, 0) ? date_year_to_march(d0) : (int)db_int(st, 0);
            *last = db_is_null(st, 1) ? 0 : (int)db_int(st, 1);
            if (date_year_to_march(d1) > *last)
                *last = date_year_to_march(d1);
            if (*first > *last)
                *first = *last;
        }
        rc = HE_OK;
    } else if (rc == DB_DONE)
        rc = HE_OK;
    db_finalize(st);
    return rc;
}

int store_change_stamp(struct store *s, int64_t *stamp, struct err *e)
{
    /* the counter every write transaction bumps, and the newest id of each kind of record
     * the measures count (for a record added outside a transaction), hashed together: a
     * sum could stand still when a deletion lowers an id as the counter rises */
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT (SELECT n FROM change_stamp WHERE id = 1), (SELECT max(id) FROM "
                        "contact), (SELECT max(id) FROM cin_episode), (SELECT max(id) FROM "
                        "assessment), (SELECT max(id) FROM s47_enquiry), (SELECT max(id) FROM "
                        "cp_plan), (SELECT max(id) FROM la_episode), (SELECT max(id) FROM "
                        "missing_episode), (SELECT max(id) FROM care_leaver)",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = db_step(st, e)) == DB_ROW) {
        uint64_t h = 1469598103934665603ull; /* FNV-1a over the values */
        for (int i = 0; i < 9; i++) {
            uint64_t v = db_is_null(st, i) ? 0 : (uint64_t)db_int(st, i);
            for (int b = 0; b < 8; b++, v >>= 8)
                h = (h ^ (v & 0xff)) * 1099511628211ull;
        }
        *stamp = (int64_t)(h >> 24); /* 40 bits: callers fold more into it (service_ui.c) */
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = err_set(e, HE_INTERNAL, "store: no change stamp");
    }
    db_finalize(st);
    return rc;
}
