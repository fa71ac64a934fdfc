/* bench/report_phases.c: where the time goes when the committee report's year is first
 * worked out from the store (the dashboard cache's make, src/web/dashboard.c): the change
 * stamp, the year's facts and trend facts (store_load_period), the measures and the twelve
 * months, each timed best of RUNS in wall clock and in the process's CPU (both readers),
 * then the committee report's own make (the facts and the measures alone);
 * on PostgreSQL also the server's CPU for the store's connection, an average of the runs
 * (its backend's /proc entry, when the server runs on this machine).
 * Built and run by bench/report-phases.sh. A benchmark to read, never a timed test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure/kpi.h"
#include "measure/trend.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trends.h"

static double ms(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* CPU seconds (user + system) of process pid so far, or -1 when it cannot be read */
static double proc_cpu_ms(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the name may hold spaces */
    unsigned long ut, st;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* the PostgreSQL backend serving the store's connection, or 0 */
static long backend_pid(struct store *s, const char *db)
{
    struct db_stmt *st;
    struct err e;
    int64_t pid = 0;
    if (strncmp(db, "postgres", 8) != 0 ||
        db_prepare(store_db(s), "SELECT pg_backend_pid()", &st, &e) != HE_OK)
        return 0;
    if (db_step_int(st, &pid, &e) != HE_OK)
        pid = 0;
    db_finalize(st);
    return (long)pid;
}

enum { STAMP, LOAD, MEASURES, MONTHS, TOTAL, PHASES };
static const char *const names[PHASES] = {"change stamp", "facts and trend facts", "measures",
                                          "twelve months", "whole"};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: report_phases DB [YEAR [RUNS [POPULATION]]]\n");
        return 2;
    }
    int year = argc > 2 ? atoi(argv[2]) : 2025, runs = argc > 3 ? atoi(argv[3]) : 10;
    long long pop = argc > 4 ? atoll(argv[4]) : 300000;
    struct store *s;
    struct err e;
    err_clear(&e);
    if (store_open(argv[1], 0, &s, &e) != HE_OK) {
        fprintf(stderr, "report_phases: %s\n", e.msg);
        return 1;
    }
    day_t from = date_from_ymd(year - 1, 4, 1), to = date_from_ymd(year, 3, 31);
    long server = backend_pid(s, argv[1]);
    double server0 = server ? proc_cpu_ms(server) : -1;
    double wall[PHASES], cpu[PHASES];
    for (int i = 0; i < PHASES; i++)
        wall[i] = cpu[i] = 1e12;
    for (int r = 0; r < runs; r++) {
        double w[PHASES + 1], c[PHASES + 1];
        struct facts f;
        struct trend_facts tf;
        struct kpi_result k;
        struct trend t;
        int64_t stamp;
        int rc;
        w[0] = ms(CLOCK_MONOTONIC), c[0] = ms(CLOCK_PROCESS_CPUTIME_ID);
        rc = store_change_stamp(s, &stamp, &e);
        w[1] = ms(CLOCK_MONOTONIC), c[1] = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (rc == HE_OK)
            rc = store_load_period(s, from, to, &f, &tf, &e);
        w[2] = ms(CLOCK_MONOTONIC), c[2] = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (rc != HE_OK) {
            fprintf(stderr, "report_phases: %s\n", e.msg);
            return 1;
        }
        rc = kpi_compute(&f, pop, &k, &e);
        w[3] = ms(CLOCK_MONOTONIC), c[3] = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (rc == HE_OK)
            rc = trend_compute(&f, &tf, pop, &t, &e);
        w[4] = ms(CLOCK_MONOTONIC), c[4] = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (rc != HE_OK) {
            fprintf(stderr, "report_phases: %s\n", e.msg);
            return 1;
        }
        trend_free(&t);
        trend_facts_free(&tf);
        facts_free(&f);
        for (int i = 0; i < TOTAL; i++) {
            if (w[i + 1] - w[i] < wall[i])
                wall[i] = w[i + 1] - w[i];
            if (c[i + 1] - c[i] < cpu[i])
                cpu[i] = c[i + 1] - c[i];
        }
        if (w[4] - w[0] < wall[TOTAL])
            wall[TOTAL] = w[4] - w[0];
        if (c[4] - c[0] < cpu[TOTAL])
            cpu[TOTAL] = c[4] - c[0];
    }
    printf("%s, year to 31 March %d, best of %d (ms):\n", argv[1], year, runs);
    for (int i = 0; i < PHASES; i++)
        printf("  %-22s %8.2f wall %8.2f CPU\n", names[i], wall[i], cpu[i]);
    double server1 = server ? proc_cpu_ms(server) : -1;
    if (server0 >= 0 && server1 >= 0)
        printf("  server CPU, the whole: %.1f a run (%d runs, in %ld ms ticks)\n",
               (server1 - server0) / runs, runs, 1000 / sysconf(_SC_CLK_TCK));
    /* the committee report's own make (web/dashboard.c's measures): the facts and the
     * measures, without the trend facts and the twelve months */
    double rw = 1e12, rcpu = 1e12;
    for (int r = 0; r < runs; r++) {
        struct facts f;
        struct kpi_result k;
        double w0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
        int rc = store_load_facts(s, from, to, &f, &e);
        if (rc == HE_OK) {
            rc = kpi_compute(&f, pop, &k, &e);
            facts_free(&f);
        }
        if (rc != HE_OK) {
            fprintf(stderr, "report_phases: %s\n", e.msg);
            return 1;
        }
        double w1 = ms(CLOCK_MONOTONIC), c1 = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (w1 - w0 < rw)
            rw = w1 - w0;
        if (c1 - c0 < rcpu)
            rcpu = c1 - c0;
    }
    printf("  %-22s %8.2f wall %8.2f CPU\n", "report: facts+measures", rw, rcpu);
    double server2 = server ? proc_cpu_ms(server) : -1;
    if (server1 >= 0 && server2 >= 0)
        printf("  server CPU, the report: %.1f a run\n", (server2 - server1) / runs);
    store_close(s);
    return 0;
}
