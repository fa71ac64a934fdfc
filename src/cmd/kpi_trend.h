/* cmd/kpi_trend: `hearth kpi --trend`, a measure's months, quarters or years across a
 * period (by default every collection year the store holds) with the change on a year
 * before, as a table, CSV or JSON. Called by cmd/kpi.c once the options are checked. */
#ifndef HEARTH_CMD_KPI_TREND_H
#define HEARTH_CMD_KPI_TREND_H

#include <stdio.h>

#include "measure/trend_group.h"
#include "store/store.h"

enum kpi_trend_format { KT_TABLE, KT_CSV, KT_JSON };

/* Whether id is a measure a trend can show ("all", or any measure that is not split into
 * parts): decided without the store, so a bad name is refused before it is opened. */
bool kpi_trend_known(const char *id);

/* from and to DAY_NONE: every collection year the store holds, the last stopping at today
 * when it is still under way. Writes to out. */
int kpi_trend_print(struct store *s, const char *id, enum trend_step step, day_t from, day_t to,
                    day_t today, long long population, enum kpi_trend_format format, FILE *out,
                    struct err *e);

#endif
