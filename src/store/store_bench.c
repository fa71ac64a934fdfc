/* store_bench: the published figures a `hearth benchmarks load` put in the store, and the
 * committee report's commentary (benchmarks.h), written once on the portable db.h layer
 * for both stores. The figures are rows of text exactly as the files give them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "benchmarks.h"
#include "store_impl.h"

static const char *const put_sql[] = {
    [SB_MEASURE] = "INSERT INTO bench_measure (measure, topic, name, polarity, unit, decimals, "
                   "year_type) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measure) DO UPDATE SET "
                   "topic = excluded.topic, name = excluded.name, polarity = excluded.polarity, "
                   "unit = excluded.unit, decimals = excluded.decimals, year_type = excluded.year_type",
    [SB_AREA] = "INSERT INTO bench_area (area, name, region) VALUES (?, ?, ?) ON CONFLICT (area) "
                "DO UPDATE SET name = excluded.name, region = excluded.region",
    [SB_NEIGHBOUR] = "INSERT INTO bench_neighbour (la, n, neighbour) VALUES (?, ?, ?) ON CONFLICT "
                     "(la, n) DO UPDATE SET neighbour = excluded.neighbour",
    [SB_VALUE] = "INSERT INTO bench_value (measure, year, area, value) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (measure, year, area) DO UPDATE SET value = excluded.value",
};
static const int n_fields[] = {[SB_MEASURE] = 7, [SB_AREA] = 3, [SB_NEIGHBOUR] = 11, [SB_VALUE] = 4};

struct store_bench_writer {
    struct db_stmt *st[4];
};

void store_bench_writer_close(struct store_bench_writer *w)
{
    if (!w)
        return;
    for (int i = 0; i < 4; i++)
        if (w->st[i])
            db_finalize(w->st[i]);
    free(w);
}

int store_bench_writer_open(struct store *s, struct store_bench_writer **out, struct err *e)
{
    struct store_bench_writer *w = xcalloc(1, sizeof *w);
    for (int i = 0; i < 4; i++) {
        int rc = db_prepare(store_db(s), put_sql[i], &w->st[i], e);
        if (rc != HE_OK) {
            store_bench_writer_close(w);
            return rc;
        }
    }
    *out = w;
    return HE_OK;
}

/* A whole number from text the caller has checked (measure/bench.c parses it first). */
static int64_t num(const char *s)
{
    return strtoll(s ? s : "0", NULL, 10);
}

static int run(struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    db_reset(st);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

int store_bench_put(struct store_bench_writer *w, enum store_bench_table t,
                    const char *const *f, struct err *e)
{
    struct db_stmt *st = w->st[t];
    int rc = HE_OK;
    switch (t) {
    case SB_MEASURE:
        for (int i = 0; i < 7; i++)
            db_bind_text(st, i + 1, f[i]);
        return run(st, e);
    case SB_AREA:
        db_bind_int(st, 1, num(f[0]));
        db_bind_text(st, 2, f[1]);
        db_bind_text(st, 3, f[2]);
        return run(st, e);
    case SB_NEIGHBOUR:
        for (int k = 1; k <= 10 && rc == HE_OK; k++) {
            db_bind_int(st, 1, num(f[0]));
            db_bind_int(st, 2, k);
            db_bind_int(st, 3, num(f[k]));
            rc = run(st, e);
        }
        return rc;
    case SB_VALUE:
        db_bind_text(st, 1, f[0]);
        db_bind_text(st, 2, f[1]);
        db_bind_int(st, 3, num(f[2]));
        db_bind_text(st, 4, f[3]);
        return run(st, e);
    }
    return err_set(e, HE_INTERNAL, "no such table of published figures");
}

static const char *const each_sql[] = {
    [SB_MEASURE] = "SELECT measure, topic, name, polarity, unit, decimals, year_type FROM "
                   "bench_measure ORDER BY measure",
    [SB_AREA] = "SELECT area, name, region FROM bench_area ORDER BY area",
    [SB_NEIGHBOUR] = "SELECT la, n, neighbour FROM bench_neighbour ORDER BY la, n",
    [SB_VALUE] = "SELECT measure, year, area, value FROM bench_value ORDER BY measure, year, area",
};

int store_bench_each(struct store *s, enum store_bench_table t,
                     int (*row)(void *arg, const char *const *fields, struct err *e), void *arg,
                     struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), each_sql[t], &st, e);
    if (rc != HE_OK)
        return rc;
    char nums[11][16];
    const char *f[11];
    int64_t la = -1;
    int have = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (t == SB_NEIGHBOUR) { /* ten rows make one record */
            int64_t this_la = db_int(st, 0), k = db_int(st, 1);
            if (this_la != la) {
                if (have == 10 && (rc = row(arg, f, e)) != HE_OK)
                    break;
                la = this_la;
                have = 0;
                snprintf(nums[0], sizeof nums[0], "%lld", (long long)la);
                f[0] = nums[0];
                for (int i = 1; i <= 10; i++)
                    f[i] = "";
            }
            if (k >= 1 && k <= 10) {
                snprintf(nums[k], sizeof nums[k], "%lld", (long long)db_int(st, 2));
                f[k] = nums[k];
                have++;
            }
            continue;
        }
        int cols = n_fields[t];
        for (int i = 0; i < cols; i++)
            f[i] = db_text(st, i) ? db_text(st, i) : "";
        int area_col = t == SB_AREA ? 0 : t == SB_VALUE ? 2 : -1;
        if (area_col >= 0) {
            snprintf(nums[0], sizeof nums[0], "%lld", (long long)db_int(st, area_col));
            f[area_col] = nums[0];
        }
        if ((rc = row(arg, f, e)) != HE_OK)
            break;
    }
    if (rc == DB_DONE && t == SB_NEIGHBOUR && have == 10)
        rc = row(arg, f, e);
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int store_bench_count(struct store *s, int64_t *n, struct err *e)
{
    return DB_INT(store_db(s), e, n, "SELECT count(*) FROM bench_value WHERE area > ?", DB_I(0));
}

int store_commentary_list(struct store *s, int year, struct store_commentary *out, int max, int *n,
                          struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s), "SELECT section, commentary, written_by, written_at FROM "
                        "report_commentary WHERE year = ? ORDER BY section", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, year);
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n >= max)
            continue;
        struct store_commentary *c = &out[(*n)++];
        snprintf(c->section, sizeof c->section, "%s", db_text(st, 0) ? db_text(st, 0) : "");
        c->text = xstrdup(db_text(st, 1) ? db_text(st, 1) : "");
        snprintf(c->written_by, sizeof c->written_by, "%s", db_text(st, 2) ? db_text(st, 2) : "");
        c->written_at = db_int(st, 3);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        for (int i = 0; i < *n; i++)
            free(out[i].text);
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int store_commentary_save(struct store *s, int year, int n, const char *const *sections,
                          const char *const *texts, const char *written_by, int64_t written_at,
                          struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    for (int i = 0; i < n && rc == HE_OK; i++) {
        if (!*texts[i])
            rc = DB_RUN(store_db(s), e,
                        "DELETE FROM report_commentary WHERE year = ? AND section = ?",
                        DB_I(year), DB_T(sections[i]));
        else
            rc = DB_RUN(store_db(s), e,
                        "INSERT INTO report_commentary (year, section, commentary, written_by, "
                        "written_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, section) DO UPDATE "
                        "SET commentary = excluded.commentary, written_by = excluded.written_by, "
                        "written_at = excluded.written_at",
                        DB_I(year), DB_T(sections[i]), DB_T(texts[i]), DB_T(written_by),
                        DB_I(written_at));
    }
    if (rc == HE_OK)
        return store_commit(s, e);
    struct err ignored;
    store_rollback(s, &ignored);
    return rc;
}
