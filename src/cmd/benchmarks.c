/* cmd/benchmarks: `hearth benchmarks`, the DfE's published figures for an authority beside
 * its statistical neighbours, region and England, with its rank and quartile band
 * (measure/bench.h); `benchmarks load` puts a newer year of the DfE's files into the
 * store; `benchmarks reshape` writes the compact copy shipped in data/benchmarks/. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "measure/bench.h"
#include "measure/bench_csv.h"
#include "measure/bench_source.h"
#include "store/benchmarks.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth benchmarks --la CODE --year YYYY [--format table|json] [--db PATH]\n"
            "       hearth benchmarks load FOLDER [--db PATH]\n"
            "       hearth benchmarks reshape FOLDER OUTDIR\n"
            "\n"
            "The DfE's published figures (its Local Authority Interactive Tool) for one\n"
            "authority and year: every measure published for the year to 31 March YYYY, with\n"
            "the average of the authority's ten statistical neighbours, its region, England,\n"
            "its rank among the authorities (1 = best; none where neither higher nor lower is\n"
            "better) and its quartile band (A = the best quarter .. D).\n"
            "\n"
            "  --la CODE          the authority's DfE number (887 is Medway; else $HEARTH_LA)\n"
            "  --year YYYY        the year to 31 March YYYY (financial years 2017-18 count as 2018)\n"
            "  --format FORMAT    table (default) or json (measure, value, neighbours, region,\n"
            "                     england, rank, quartile, and the measure's name and year)\n"
            "  --db PATH          the database whose loaded figures overlay the shipped ones\n"
            "                     (default $HEARTH_DB, else ./hearth.db when it exists)\n"
            "\n"
            "load FOLDER: a folder of the DfE's files with the columns of the shipped ones\n"
            "(values.csv; measures.csv, areas.csv, statistical-neighbours.csv when they change)\n"
            "goes into the database and is used from then on instead of the shipped figures\n"
            "with the same measure, year and area. Every record is checked; one bad record and\n"
            "nothing is loaded.\n"
            "reshape FOLDER OUTDIR: the same four files written as the program ships them\n"
            "(values.csv as one row per measure and year), for data/benchmarks/.\n");
}

#define usage_error(msg) cmd_usage("benchmarks", help, msg)

/* The store to overlay the shipped figures with, or NULL: an explicit --db or $HEARTH_DB
 * must open; the default ./hearth.db is used when it exists. */
static int open_store(const char *db, bool explicit_db, struct store **s, struct err *e)
{
    struct stat sb;
    *s = NULL;
    if (!explicit_db && stat(db, &sb) != 0)
        return HE_OK;
    return store_open(db, 0, s, e);
}

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static void print_json(const struct bench *b, int la, int year, FILE *out)
{
    json_t *arr = json_array();
    for (int m = 0; m < b->n_measures; m++) {
        const struct bench_series *ss[4];
        int n = bench_series_for_year(b, m, year, ss, 4);
        for (int k = 0; k < n; k++) {
            struct bench_figure f;
            bench_figure(b, ss[k], la, &f);
            json_t *o = json_object();
            json_object_set_new(o, "measure", json_string(b->measures[m].code));
            json_object_set_new(o, "year", json_string(ss[k]->year));
            json_object_set_new(o, "name", json_string(b->measures[m].name));
            json_object_set_new(o, "value", num_or_null(f.value));
            json_object_set_new(o, "neighbours", num_or_null(f.neighbours));
            json_object_set_new(o, "region", num_or_null(f.region));
            json_object_set_new(o, "england", num_or_null(f.england));
            json_object_set_new(o, "rank", f.rank ? json_integer(f.rank) : json_null());
            json_object_set_new(o, "of", f.rank ? json_integer(f.n_ranked) : json_null());
            char q[2] = {f.quartile, 0};
            json_object_set_new(o, "quartile", f.quartile ? json_string(q) : json_null());
            json_array_append_new(arr, o);
        }
    }
    json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    fputc('\n', out);
    json_decref(arr);
}

static void print_table(const struct bench *b, int la, int year, FILE *out)
{
    const struct bench_area *a = bench_area(b, la);
    const struct bench_area *reg = a ? bench_area(b, a->region_area) : NULL;
    fprintf(out, "%s (%d), year to 31 March %d; region: %s\n\n", a->name, la, year,
            reg ? reg->name : "none");
    fprintf(out, "%-32s %-12s %12s %12s %12s %12s %9s %s\n", "measure", "year", "value",
            "neighbours", "region", "England", "rank", "band");
    for (int m = 0; m < b->n_measures; m++) {
        const struct bench_series *ss[4];
        int n = bench_series_for_year(b, m, year, ss, 4);
        for (int k = 0; k < n; k++) {
            struct bench_figure f;
            bench_figure(b, ss[k], la, &f);
            const struct bench_measure *bm = &b->measures[m];
            char v[4][32], rank[24] = "";
            bench_format(v[0], sizeof v[0], bm, f.value);
            bench_format(v[1], sizeof v[1], bm, f.neighbours);
            bench_format(v[2], sizeof v[2], bm, f.region);
            bench_format(v[3], sizeof v[3], bm, f.england);
            for (int i = 0; i < 4; i++)
                if (!v[i][0])
                    snprintf(v[i], sizeof v[i], "-");
            if (f.rank)
                snprintf(rank, sizeof rank, "%d/%d", f.rank, f.n_ranked);
            char q[2] = {f.quartile ? f.quartile : '-', 0};
            fprintf(out, "%-32s %-12s %12s %12s %12s %12s %9s %s\n", bm->code, ss[k]->year, v[0], v[1],
                    v[2], v[3], f.rank ? rank : "-", q);
        }
    }
}

static int parse_whole(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || *s == '+' || *s == '-' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* ---- load ------------------------------------------------------------------------- */
struct load {
    struct store_bench_writer *w;
    long long rows;
};

static int write_row(void *arg, int kind, const char *const *f, struct err *e)
{
    struct load *l = arg;
    l->rows++;
    return store_bench_put(l->w, (enum store_bench_table)kind, f, e);
}

static int load(const char *folder, const char *db, bool explicit_db)
{
    struct err e;
    err_clear(&e);
    struct store *s;
    int rc = store_open(db, 0, &s, &e);
    (void)explicit_db;
    if (rc != HE_OK)
        return cmd_fail("benchmarks", &e);
    struct bench b;
    bench_init(&b);
    /* what is known already (shipped and loaded) checks the folder's values: a new year
     * of values.csv alone names measures and areas already published */
    rc = bench_open(&b, s, false, &e);
    struct load l = {0};
    if (rc == HE_OK && (rc = store_begin(s, &e)) == HE_OK) {
        if ((rc = store_bench_writer_open(s, &l.w, &e)) == HE_OK) {
            b.hook = write_row;
            b.hook_arg = &l;
            static const enum bench_file order[] = {BENCH_MEASURES, BENCH_AREAS,
                                                    BENCH_NEIGHBOURS_FILE, BENCH_VALUES};
            for (size_t i = 0; i < 4 && rc == HE_OK; i++) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", folder, bench_file_names[order[i]]);
                if (order[i] != BENCH_VALUES && access(path, F_OK) != 0)
                    continue; /* unchanged: the ones in use stand */
                rc = bench_read_file(&b, order[i], path, &e);
            }
            store_bench_writer_close(l.w);
        }
        /* a running server sees the figures changed by this, even when they only correct
         * ones it has (their count unchanged) */
        char stamp[64];
        snprintf(stamp, sizeof stamp, "%lld %lld", (long long)time(NULL), l.rows);
        if (rc == HE_OK)
            rc = store_set_setting(s, "benchmarks_loaded", stamp, &e);
        if (rc == HE_OK)
            rc = store_commit(s, &e);
        else {
            struct err ignored;
            store_rollback(s, &ignored);
        }
    }
    bench_free(&b);
    store_close(s);
    if (rc != HE_OK)
        return cmd_fail("benchmarks", &e);
    printf("loaded %lld records of published figures from %s\n", l.rows, folder);
    return 0;
}

/* ---- reshape ---------------------------------------------------------------------- */
static int copy_file(const char *from, const char *to, struct err *e)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return err_at(e, HE_INPUT, from, 0, NULL, "cannot be opened");
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return err_at(e, HE_INPUT, to, 0, NULL, "cannot be written");
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    int bad = ferror(in) || fclose(out) != 0;
    fclose(in);
    return bad ? err_at(e, HE_INTERNAL, to, 0, NULL, "could not be copied") : HE_OK;
}

static int reshape(const char *folder, const char *outdir)
{
    struct err e;
    err_clear(&e);
    struct bench b;
    bench_init(&b);
    static const enum bench_file order[] = {BENCH_MEASURES, BENCH_AREAS, BENCH_NEIGHBOURS_FILE,
                                            BENCH_VALUES};
    int rc = HE_OK;
    char path[4096], out[4096];
    for (size_t i = 0; i < 4 && rc == HE_OK; i++) {
        snprintf(path, sizeof path, "%s/%s", folder, bench_file_names[order[i]]);
        rc = bench_read_file(&b, order[i], path, &e);
    }
    if (rc == HE_OK) {
        bench_finish(&b);
        for (size_t i = 0; i < 3 && rc == HE_OK; i++) {
            snprintf(path, sizeof path, "%s/%s", folder, bench_file_names[order[i]]);
            snprintf(out, sizeof out, "%s/%s", outdir, bench_file_names[order[i]]);
            rc = copy_file(path, out, &e);
        }
    }
    if (rc == HE_OK) {
        snprintf(out, sizeof out, "%s/%s", outdir, bench_file_names[BENCH_VALUES_WIDE]);
        FILE *f = fopen(out, "w");
        if (!f)
            rc = err_at(&e, HE_INPUT, out, 0, NULL, "cannot be written");
        else {
            rc = bench_write_wide(&b, f, &e);
            if (fclose(f) != 0 && rc == HE_OK)
                rc = err_at(&e, HE_INTERNAL, out, 0, NULL, "could not be written");
        }
    }
    bench_free(&b);
    return rc == HE_OK ? 0 : cmd_fail("benchmarks", &e);
}

int cmd_benchmarks(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},   {"format", required_argument, NULL, 'F'},
        {"db", required_argument, NULL, 'd'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db(), *year_s = NULL, *format = "table";
    const char *env_db = getenv("HEARTH_DB");
    bool explicit_db = env_db && *env_db;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'y': year_s = optarg; break;
        case 'F': format = optarg; break;
        case 'd': db = optarg; explicit_db = true; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return HE_USAGE;
        }
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    if (nargs > 0 && !strcmp(args[0], "load")) {
        if (nargs != 2)
            return usage_error("load takes one folder: hearth benchmarks load FOLDER");
        return load(args[1], db, explicit_db);
    }
    if (nargs > 0 && !strcmp(args[0], "reshape")) {
        if (nargs != 3)
            return usage_error("reshape takes a folder and where to write: "
                               "hearth benchmarks reshape FOLDER OUTDIR");
        return reshape(args[1], args[2]);
    }
    if (nargs > 0)
        return usage_error("benchmarks takes no file names (did you mean load FOLDER?)");
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return usage_error("--format is table or json");
    const char *la_s = getenv("HEARTH_LA");
    if (!la_s || !*la_s)
        return usage_error("give the authority with --la CODE (such as 887)");
    if (!year_s)
        return usage_error("give the year with --year YYYY (the year to 31 March)");
    long la, year;
    if (parse_whole(la_s, 1, 999, &la) != 0)
        return cmd_bad_input("benchmarks", "--la takes the authority's DfE number, such as 887, "
                             "not '%s'", la_s);
    if (parse_whole(year_s, 1990, 2100, &year) != 0)
        return cmd_bad_input("benchmarks", "--year takes a year such as 2018, not '%s'", year_s);

    struct err e;
    err_clear(&e);
    struct store *s;
    int rc = open_store(db, explicit_db, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("benchmarks", &e);
    struct bench b;
    bench_init(&b);
    rc = bench_open(&b, s, true, &e);
    if (s)
        store_close(s);
    if (rc != HE_OK) {
        bench_free(&b);
        return cmd_fail("benchmarks", &e);
    }
    const struct bench_area *a = bench_area(&b, (int)la);
    int found = 0;
    for (int m = 0; a && m < b.n_measures && !found; m++) {
        const struct bench_series *ss[4];
        found = bench_series_for_year(&b, m, (int)year, ss, 4);
    }
    if (!a || !bench_is_authority((int)la)) {
        bench_free(&b);
        return cmd_bad_input("benchmarks", "%ld is not the DfE number of an authority in the "
                             "published figures", la);
    }
    if (!found) {
        bench_free(&b);
        return cmd_bad_input("benchmarks", "nothing is published for the year to 31 March %ld "
                             "(load it with hearth benchmarks load FOLDER)", year);
    }
    if (!strcmp(format, "json"))
        print_json(&b, (int)la, (int)year, stdout);
    else
        print_table(&b, (int)la, (int)year, stdout);
    bench_free(&b);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        err_set(&e, HE_INTERNAL, "could not write the output");
        return cmd_fail("benchmarks", &e);
    }
    return 0;
}
