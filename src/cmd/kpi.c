/* cmd/kpi: `hearth kpi`, the performance table for a period. Reads the store only
 * (opened read-only, never created), or, given files instead, reads them with the importers
 * into a store in memory (store_mem.h) and writes nothing; hands the facts to the measures
 * engine and prints the committee table or JSON. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "format/import.h"
#include "kpi_trend.h"
#include "measure/kpi.h"
#include "measure/service.h"
#include "store/store.h"
#include "store/store_mem.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth kpi --from DATE --to DATE --population N [--format table|json] [--db PATH]\n"
            "       hearth kpi --year YYYY --population N [--format table|json] [--db PATH]\n"
            "       hearth kpi (--year YYYY | --from DATE --to DATE) --population N [--format table|json] FILE|DIR ...\n"
            "       hearth kpi --trend MEASURE|all ... FILE|DIR ...\n"
            "       hearth kpi --service (--from DATE --to DATE | --year YYYY) [--format table|json] [--db PATH]\n"
            "       hearth kpi --trend MEASURE|all --by month|quarter|year --population N\n"
            "                  [--from DATE --to DATE | --year YYYY] [--format table|csv|json] [--db PATH]\n"
            "\n"
            "Every measure of docs/kpis.md for a period, from the records in the database:\n"
            "contacts and referrals, assessments, section 47 enquiries and child protection,\n"
            "children in need, looked-after children and care leavers.\n"
            "\n"
            "Given files or folders of returns instead of a database (CIN census XML, SSDA903\n"
            "CSVs or XML, Annex A lists, read as hearth import reads them), the measures come\n"
            "straight from the files, held in memory: nothing is written. A file that cannot be\n"
            "read as a return is an error that names it.\n"
            "\n"
            "  --from DATE        first day of the period (YYYY-MM-DD)\n"
            "  --to DATE          last day of the period, inclusive (YYYY-MM-DD)\n"
            "  --year YYYY        the collection year ending 31 March YYYY, instead of --from/--to\n"
            "  --population N     children aged 0-17 in the authority (ONS mid-year estimate),\n"
            "                     for the rates per 10,000\n"
            "  --format FORMAT    table (default): the committee table; json: one object per measure;\n"
            "                     with --trend also csv (docs/kpis.md, \"Trends\", names the columns)\n"
            "  --service          instead, the figures of the wider service that no return carries\n"
            "                     (casework, and each area docs/kpis.md lists under \"The wider\n"
            "                     service\"); no --population needed\n"
            "  --today DATE       with --service: the day the figures about now are taken on;\n"
            "                     with --trend: the day a year still under way stops (default today)\n"
            "  --trend MEASURE    instead, one measure (its id, as in the JSON, such as referrals)\n"
            "                     or all of them, month by month, by quarter or by year to 31 March,\n"
            "                     each with its change on a year before as a percentage; without\n"
            "                     a period, every collection year the database holds\n"
            "  --by STEP          with --trend: month (default), quarter or year\n"
            "  --db PATH          database file (default $HEARTH_DB or hearth.db); not with files\n");
}

#define bad_input(...) cmd_bad_input("kpi", __VA_ARGS__)
#define usage_error(msg) cmd_usage("kpi", help, msg)

static day_t parse_date(const char *s)
{
    return date_parse_iso(s, strlen(s));
}

static int service_kpi(const char *db, day_t from, day_t to, day_t today, bool json)
{
    struct err e;
    struct store *s;
    err_clear(&e);
    int rc = store_open(db, STORE_READONLY, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("kpi", &e);
    rc = service_print(s, from, to, today, json, stdout, &e);
    store_close(s);
    if (rc == HE_OK && (fflush(stdout) != 0 || ferror(stdout)))
        rc = err_set(&e, HE_INTERNAL, "could not write the output");
    return rc == HE_OK ? 0 : cmd_fail("kpi", &e);
}

/* The returns in paths, read as `hearth import` reads them (the same importers, keeping
 * what breaks a content rule as import does without --strict), into a new store in
 * memory: *out, the caller's to close. */
static int read_files(char **paths, int n, struct store **out, struct err *e)
{
    struct store *s;
    int rc = store_mem_open(&s, e);
    if (rc != HE_OK)
        return rc;
    struct importer im;
    importer_init(&im, s);
    im.keep = true;
    im.records_only = true;
    im.cmd = "kpi";
    rc = store_begin_load(s, e);
    /* several files at once, one thread a CPU: parsing is most of the time */
    if (rc == HE_OK)
        rc = import_many(&im, paths, n, e);
    /* the authority's LA code, from its census, as import sets it */
    if (rc == HE_OK && im.lea[0])
        rc = store_set_setting(s, "la_code", im.lea, e);
    if (rc == HE_OK)
        rc = store_commit(s, e);
    importer_free(&im);
    if (rc != HE_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return HE_OK;
}

int cmd_kpi(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},       {"to", required_argument, NULL, 't'},
        {"year", required_argument, NULL, 'y'},       {"population", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'F'},     {"db", required_argument, NULL, 'd'},
        {"service", no_argument, NULL, 's'},          {"today", required_argument, NULL, 'T'},
        {"trend", required_argument, NULL, 'R'},      {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db();
    bool db_given = false;
    const char *from_s = NULL, *to_s = NULL, *year_s = NULL, *pop_s = NULL, *format = "table", *today_s = NULL,
               *trend = NULL, *by = NULL;
    int c;
    bool service = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from_s = optarg; break;
        case 't': to_s = optarg; break;
        case 'y': year_s = optarg; break;
        case 'p': pop_s = optarg; break;
        case 'F': format = optarg; break;
        case 'd': db = optarg; db_given = true; break;
        case 's': service = true; break;
        case 'T': today_s = optarg; break;
        case 'R': trend = optarg; break;
        case 'b': by = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return HE_USAGE;
        }
    }
    bool files = optind < argc;
    if (files && db_given)
        return usage_error("give either --db or files to read, not both");
    if (files && service)
        return usage_error("--service needs a database (--db): the files hold no casework");
    if (trend && service)
        return usage_error("give either --trend or --service, not both");
    if (by && !trend)
        return usage_error("--by goes with --trend");
    if (trend && !strcmp(format, "csv"))
        ;
    else if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return usage_error(trend ? "--format is table, csv or json" : "--format is table or json");
    enum trend_step step = TS_MONTH;
    if (by && !strcmp(by, "quarter"))
        step = TS_QUARTER;
    else if (by && !strcmp(by, "year"))
        step = TS_YEAR;
    else if (by && strcmp(by, "month") != 0)
        return usage_error("--by is month, quarter or year");
    if (year_s && (from_s || to_s))
        return usage_error("give either --year or --from and --to, not both");
    if (!year_s && (!from_s != !to_s || (!from_s && !trend)))
        return usage_error("give the period: --from DATE --to DATE, or --year YYYY");
    if (!pop_s && !service)
        return usage_error("give the child population with --population N");

    day_t from = DAY_NONE, to = DAY_NONE;
    if (year_s) {
        char *end;
        errno = 0;
        long y = strtol(year_s, &end, 10);
        if (errno || end == year_s || *end || y <= DATE_MIN_YEAR || y > DATE_MAX_YEAR)
            return bad_input("--year takes a collection year such as 2018, not '%s'", year_s);
        from = date_from_ymd((int)y - 1, 4, 1);
        to = date_from_ymd((int)y, 3, 31);
    } else if (from_s) {
        if ((from = parse_date(from_s)) == DAY_NONE)
            return bad_input("--from: '%s' is not a date (YYYY-MM-DD)", from_s);
        if ((to = parse_date(to_s)) == DAY_NONE)
            return bad_input("--to: '%s' is not a date (YYYY-MM-DD)", to_s);
        if (from > to)
            return bad_input("the period starts after it ends (--from %s)", from_s);
    }
    day_t today = date_today();
    if (today_s && (today = parse_date(today_s)) == DAY_NONE)
        return bad_input("--today: '%s' is not a date (YYYY-MM-DD)", today_s);
    if (service)
        return service_kpi(db, from, to, today, !strcmp(format, "json"));
    char *end;
    errno = 0;
    long long population = strtoll(pop_s, &end, 10);
    if (errno || end == pop_s || *end || *pop_s == '+' || *pop_s == '-' || population <= 0)
        return bad_input("--population takes a whole number of children above 0, not '%s'",
                         pop_s);
    if (trend && !kpi_trend_known(trend))
        return bad_input("--trend: '%s' is not a measure with a trend (the ids are those of "
                         "--format json; split measures have none), nor all", trend);

    struct err e;
    struct store *s;
    struct facts f = {0};
    struct kpi_result r;
    err_clear(&e);
    int rc = files ? read_files(argv + optind, argc - optind, &s, &e) : store_open(db, STORE_READONLY, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("kpi", &e);
    if (trend) {
        enum kpi_trend_format tf = !strcmp(format, "csv") ? KT_CSV : !strcmp(format, "json") ? KT_JSON
                                                                                          : KT_TABLE;
        rc = kpi_trend_print(s, trend, step, from, to, today, population, tf, stdout, &e);
        store_close(s);
        if (rc == HE_OK && (fflush(stdout) != 0 || ferror(stdout)))
            rc = err_set(&e, HE_INTERNAL, "could not write the output");
        return rc == HE_OK ? 0 : cmd_fail("kpi", &e);
    }
    rc = store_load_facts(s, from, to, &f, &e);
    store_close(s);
    if (rc == HE_OK)
        rc = kpi_compute(&f, population, &r, &e);
    facts_free(&f);
    if (rc == HE_OK) {
        if (!strcmp(format, "json"))
            kpi_print_json(&r, stdout);
        else
            kpi_print_table(&r, stdout);
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = err_set(&e, HE_INTERNAL, "could not write the output");
    }
    return rc == HE_OK ? 0 : cmd_fail("kpi", &e);
}
