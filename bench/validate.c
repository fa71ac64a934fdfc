/* bench/validate: how long the validation rules take on one large authority's year. Writes
 * a synthetic authority (src/demo/synth.h; default 64,000 children aged 0-17, which gives
 * about 5,000 children in the 2025-26 CIN census and 1,500 looked after), imports it into a
 * scratch database, then times, for each return hearth has rules for: loading every child
 * of the year's cohort from the store, and running every rule of the year over them (best
 * of --runs), as a whole return and one child at a time. Prints milliseconds. A benchmark
 * to read, never a timed test. Built and run by bench/validate.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo/synth.h"
#include "format/import.h"
#include "rules/rules.h"
#include "store/store.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const struct err *e)
{
    fprintf(stderr, "bench/validate: %s: %s\n", what, e->msg);
    exit(1);
}

int main(int argc, char **argv)
{
    long long population = 64000;
    int year = 2026, runs = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--population"))
            population = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "--year"))
            year = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
    }
    char dir[] = "/tmp/hearth-bench-validate-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char files[128], db[128];
    snprintf(files, sizeof files, "%s/files", dir);
    snprintf(db, sizeof db, "%s/hearth.db", dir);
    struct err e;
    err_clear(&e);
    struct synth_params p;
    synth_params_default(&p);
    p.population = population;
    p.first_year = year - 1;
    p.last_year = year;
    double t0 = now_ms();
    if (synth_write(&p, files, &e) != HE_OK)
        die("synth", &e);
    struct store *s;
    if (store_open(db, STORE_CREATE, &s, &e) != HE_OK)
        die("store", &e);
    struct importer im;
    importer_init(&im, s);
    if (store_begin(s, &e) != HE_OK || import_path(&im, files, &e) != HE_OK ||
        store_commit(s, &e) != HE_OK)
        die("import", &e);
    double t1 = now_ms();
    printf("authority: %lld children aged 0-17, collection years %d and %d, written and imported in "
           "%.0f ms\n", population, year - 1, year, t1 - t0);

    for (int r = 0; r < 2; r++) {
        enum rules_return which = (enum rules_return)r;
        const char *name = r == RULES_CIN ? "CIN census" : "SSDA903";
        day_t from, to;
        rules_year_window(year, &from, &to);
        rec_id *ids;
        size_t n;
        double a = now_ms();
        /* read in one transaction, as hearth validate does (one lock for the whole read) */
        if (store_begin(s, &e) != HE_OK)
            die("begin", &e);
        if (store_cohort(s, r == RULES_CIN ? COHORT_CIN : COHORT_LA, from, to, &ids, &n, &e) != HE_OK)
            die("cohort", &e);
        if (!rules_return_checked(which) || rules_catalogue_count(which, year) == 0) {
            printf("%s %d: %zu children; no rules registered for this return, skipped\n", name,
                   year, n);
            free(ids);
            store_rollback(s, &e);
            continue;
        }
        struct child_file *kids = calloc(n ? n : 1, sizeof *kids);
        for (size_t i = 0; i < n; i++)
            if (store_load_child(s, ids[i], &kids[i], &e) != HE_OK)
                die("load", &e);
        store_rollback(s, &e);
        double b = now_ms();
        double best = 1e300;
        size_t findings = 0, errors = 0;
        for (int k = 0; k < runs; k++) {
            struct findings f = FINDINGS_INIT;
            struct rules_run *run;
            double c = now_ms();
            if (rules_run_begin(which, year, &run, &e) != HE_OK)
                die("rules", &e);
            for (size_t i = 0; i < n; i++)
                rules_run_child(run, &kids[i], &f);
            rules_run_end(run, &f);
            double d = now_ms();
            if (d - c < best)
                best = d - c;
            findings = f.n;
            errors = findings_errors(&f);
            findings_free(&f);
        }
        size_t nrules = 0, total;
        const struct rule_def *defs = rules_catalogue(which, year, &total);
        for (size_t i = 0; i < total; i++)
            nrules += rules_implemented(which, defs[i].code);
        printf("%s %d: %zu children; loading them from the store %.0f ms; %zu rules over all of "
               "them %.1f ms (best of %d), %.2f microseconds a child; %zu findings (%zu errors)\n",
               name, year, n, b - a, nrules, best, runs, n ? best * 1000.0 / (double)n : 0.0,
               findings, errors);
        /* the one-child entry point (a single record checked on its own): every call is a
         * run of its own, so what a run sets up is paid per child */
        double best1 = 1e300;
        for (int k = 0; k < runs; k++) {
            struct findings f = FINDINGS_INIT;
            double c = now_ms();
            for (size_t i = 0; i < n; i++)
                if (rules_check_child(&kids[i], which, year, &f, &e) != HE_OK)
                    die("rules", &e);
            double d = now_ms();
            if (d - c < best1)
                best1 = d - c;
            findings_free(&f);
        }
        printf("%s %d: one child at a time (rules_check_child) %.1f ms, %.2f microseconds a child\n",
               name, year, best1, n ? best1 * 1000.0 / (double)n : 0.0);
        for (size_t i = 0; i < n; i++)
            child_file_free(&kids[i]);
        free(kids);
        free(ids);
    }
    store_close(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
