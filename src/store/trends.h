/* trends: the store's side of the dashboard's monthly trends (see model/trend_facts.h),
 * written once on the portable db.h layer (store_trend.c) for SQLite and PostgreSQL. */
#ifndef HEARTH_STORE_TRENDS_H
#define HEARTH_STORE_TRENDS_H

#include "../model/trend_facts.h"
#include "../util/err.h"
#include "store.h"

/* Fill t (zeroed by the callee first) for [from, to]: contacts per day and every episode
 * of need open at some point of the period's month ends. */
HE_MUST_CHECK int store_load_trend_facts(struct store *s, day_t from, day_t to, struct trend_facts *t,
                           struct err *e);

/* store_load_facts and store_load_trend_facts of [from, to] together (f and t zeroed by
 * the callee first; on failure neither holds anything): the dashboard's figures and the
 * committee report's. On SQLite the two are read side by side on two connections, from
 * one state of the database. */
HE_MUST_CHECK int store_load_period(struct store *s, day_t from, day_t to, struct facts *f,
                                    struct trend_facts *t, struct err *e);

/* What the store holds, for a trend of every year: *first, the earliest collection year
 * (ending 31 March) of a return its contacts, episodes of need or looked-after episodes came
 * in (src_year; records made in hearth count by their day); *last, the latest such year or
 * the year of the latest day of a contact, referral or start of care. Both 0 when there are
 * none. */
HE_MUST_CHECK int store_data_years(struct store *s, int *first, int *last, struct err *e);

/* A number that changes with every committed write transaction that can move a figure
 * (store_begin and store_begin_load bump a counter in the same transaction, whichever
 * program writes: hearth serve, an import, a command), and with every record the measures
 * count added outside one. A cache of figures keyed by it is stale when it moves. Cheap:
 * one row and the newest id of eight tables, however many records there are. Below 2^40,
 * so that a caller may fold more into it (service_ui.c: the forms posted since). */
HE_MUST_CHECK int store_change_stamp(struct store *s, int64_t *stamp, struct err *e);

#endif
