/* cmd/export: `hearth export`, the statutory returns written from the database: the CIN
 * census XML (cin-census), the SSDA903 tables (ssda903) and Ofsted's Annex A workbook
 * (annex-a). Opens the store read-only, never creates it; the exporters write each file
 * beside its target and rename it into place only when complete. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "model/codes.h"
#include "format/export.h"
#include "store/store.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth export cin-census --year YYYY --out FILE.xml [--la-code NNN] [--db PATH]\n"
            "       hearth export ssda903 --year YYYY --out DIR [--db PATH]\n"
            "       hearth export ssda903 --year YYYY --format xml --out FILE.xml [--db PATH]\n"
            "       hearth export annex-a --from DATE --to DATE --out FILE.xlsx [--db PATH]\n"
            "\n"
            "Write a statutory return from the records in the database.\n"
            "\n"
            "  cin-census   the CIN census of the collection year ending 31 March YYYY, as XML\n"
            "               valid against that year's DfE schema: every child with an episode of\n"
            "               need open in the year\n"
            "  ssda903      every SSDA903 table of the year as CSV files in DIR (made if missing):\n"
            "               children looked after in the year, care leavers and adoptions; with\n"
            "               --format xml, one XML file (<EXPSSDA903>) valid against the DfE's\n"
            "               CLA_ssda903_structure.xsd. That schema has no social worker (2023-24\n"
            "               on) or deprivation of liberty orders (2026-27 on) table: those stay\n"
            "               CSV only, and the XML export says how many of their rows it left out\n"
            "  annex-a      Ofsted's Annex A lists 1-11 for the period, one sheet per list\n"
            "\n"
            "  --year YYYY      collection year (year ending 31 March YYYY)\n"
            "  --from DATE      first day of the Annex A period (YYYY-MM-DD)\n"
            "  --to DATE        last day of the Annex A period, inclusive (YYYY-MM-DD)\n"
            "  --out PATH       the file (or, for ssda903, folder) to write; replaced only when\n"
            "                   the new one is complete, in one step (an ssda903 folder holding\n"
            "                   files it did not write is refused). What a killed export left\n"
            "                   beside it is removed by the next\n"
            "  --format F       ssda903 only: csv (the default: a folder of tables) or xml\n"
            "  --la-code NNN    the authority's three-digit DfE LA code for the CIN census header\n"
            "                   (default: the la_code setting)\n"
            "  --db PATH        database file (default $HEARTH_DB or hearth.db)\n"
            "\n"
            "When records cannot go in the return as they are (a code the year does not have,\n"
            "a UPN that is not one), nothing is written and every such child is listed.\n"
            "The CIN census header's DateTime is the time of the export, or SOURCE_DATE_EPOCH\n"
            "when set (so that two exports of the same records are the same bytes).\n");
}

#define bad_input(...) cmd_bad_input("export", __VA_ARGS__)
#define usage_error(msg) cmd_usage("export", help, msg)

static int parse_year(const char *s, int *year)
{
    char *end;
    errno = 0;
    long y = strtol(s, &end, 10);
    if (errno || end == s || *end || y <= DATE_MIN_YEAR || y > DATE_MAX_YEAR)
        return bad_input("--year takes a collection year such as 2026, not '%s'", s);
    *year = (int)y;
    return HE_OK;
}

/* The export's time: SOURCE_DATE_EPOCH (reproducible builds' convention) or now. */
static int export_time(char out[20])
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (env && *env) {
        char *end;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        if (errno || *end || v < 0)
            return bad_input("SOURCE_DATE_EPOCH must be whole seconds since 1970, not '%s'", env);
        t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm);
    return HE_OK;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'}, {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},   {"out", required_argument, NULL, 'o'},
        {"la-code", required_argument, NULL, 'l'}, {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db();
    const char *year_s = NULL, *from_s = NULL, *to_s = NULL, *out = NULL, *la = NULL,
               *format = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'y': year_s = optarg; break;
        case 'f': from_s = optarg; break;
        case 't': to_s = optarg; break;
        case 'o': out = optarg; break;
        case 'l': la = optarg; break;
        case 'd': db = optarg; break;
        case 'F': format = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return HE_USAGE;
        }
    }
    if (optind >= argc)
        return usage_error("say which return: cin-census, ssda903 or annex-a");
    const char *what = argv[optind];
    if (optind + 1 < argc)
        return usage_error("give one return, and its options as --name value");
    bool cin = !strcmp(what, "cin-census"), s903 = !strcmp(what, "ssda903"),
         annexa = !strcmp(what, "annex-a");
    if (!cin && !s903 && !annexa)
        return usage_error("the returns are cin-census, ssda903 and annex-a");
    if (!out)
        return usage_error("give the file to write with --out");
    if (annexa && (year_s || !from_s || !to_s))
        return usage_error("annex-a takes the period as --from DATE --to DATE");
    if (!annexa && (!year_s || from_s || to_s))
        return usage_error("cin-census and ssda903 take the collection year as --year YYYY");
    if (la && !cin)
        return usage_error("--la-code is for the CIN census header");
    if (format && !s903)
        return usage_error("--format is for ssda903 (csv or xml)");
    if (format && strcmp(format, "csv") && strcmp(format, "xml"))
        return usage_error("--format takes csv or xml");
    bool xml = format && !strcmp(format, "xml");

    int year = 0;
    day_t from = DAY_NONE, to = DAY_NONE;
    int rc;
    if (year_s && (rc = parse_year(year_s, &year)) != HE_OK)
        return rc;
    if (year && !(cin ? cin_census_year_known : ssda903_year_known)(year)) {
        /* the years hearth holds, from the code lists themselves */
        bool (*known)(int) = cin ? cin_census_year_known : ssda903_year_known;
        int first = 0;
        for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR && !first; y++)
            if (known(y))
                first = y;
        return bad_input("hearth has no %s for %d: it writes the collection years from %d on",
                         cin ? "CIN census schema" : "SSDA903 code lists", year, first);
    }
    /* a year after the latest lists is written to the latest year's (model/codes.h) */
    int latest = cin ? codes_cin_latest_year() : s903 ? codes_ssda903_latest_year() : 0;
    if (year > latest && latest)
        printf("hearth export: hearth has no %s for %d-%02d yet; written to those of %d-%02d, "
               "the latest it has\n",
               cin ? "CIN census schema or code lists" : "SSDA903 code lists", year - 1,
               year % 100, latest - 1, latest % 100);
    if (annexa) {
        if ((from = date_parse_iso(from_s, strlen(from_s))) == DAY_NONE)
            return bad_input("--from: '%s' is not a date (YYYY-MM-DD)", from_s);
        if ((to = date_parse_iso(to_s, strlen(to_s))) == DAY_NONE)
            return bad_input("--to: '%s' is not a date (YYYY-MM-DD)", to_s);
        if (from > to)
            return bad_input("the period starts after it ends (--from %s --to %s)", from_s, to_s);
    }

    char when[20];
    if (cin && (rc = export_time(when)) != HE_OK)
        return rc;

    struct err e;
    struct store *s;
    err_clear(&e);
    rc = store_open(db, STORE_READONLY, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("export", &e);
    /* one snapshot for the whole return, even while an import runs */
    if ((rc = store_begin(s, &e)) != HE_OK) {
        store_close(s);
        return cmd_fail("export", &e);
    }
    struct buf blocking = BUF_INIT;
    if (cin) {
        char *owned[4] = {0};
        struct export_header h = {.la_code = la, .date_time = when};
        rc = export_header_from_settings(s, &h, owned, &e);
        if (rc == HE_OK)
            rc = cin_census_export(s, year, &h, out, &blocking, &e);
        export_header_free(owned);
        if (rc == HE_OK)
            printf("hearth export: wrote the %d CIN census to %s\n", year, out);
    } else if (s903) {
        struct ssda903_summary sum;
        rc = xml ? ssda903_export_xml(s, year, out, &sum, &blocking, &e)
                 : ssda903_export(s, year, out, &sum, &blocking, &e);
        if (rc == HE_OK && xml) {
            printf("hearth export: wrote the %d SSDA903 return as XML for %ld children to %s:\n",
                   year, sum.children, out);
            for (int i = 0; i < sum.n; i++)
                printf("  %-24s %ld rows\n", sum.file[i], sum.rows[i]);
            if (sum.no_header)
                printf("  (%ld care leavers known only from OC3 rows are left out: the schema's "
                       "HEADER needs the sex and ethnicity hearth does not hold for them)\n",
                       sum.no_header);
            if (sum.not_in_xml)
                printf("  (%ld rows of the social worker and deprivation of liberty orders "
                       "tables are not in the XML schema: export them with --format csv)\n",
                       sum.not_in_xml);
        } else if (rc == HE_OK) {
            printf("hearth export: wrote the %d SSDA903 return for %ld children to %s:\n", year,
                   sum.children, out);
            for (int i = 0; i < sum.n; i++)
                printf("  %-24s %ld rows\n", sum.file[i], sum.rows[i]);
            if (sum.no_header)
                printf("  (%ld care leavers known only from OC3 rows have no header row: hearth "
                       "holds no sex or ethnicity for them)\n",
                       sum.no_header);
        }
    } else {
        rc = annexa_export(s, from, to, out, &e);
        if (rc == HE_OK)
            printf("hearth export: wrote Annex A for %s to %s to %s\n", from_s, to_s, out);
    }
    /* every child that blocks the return, so that all can be put right before the next run
     * (one alone is the error itself) */
    if (rc != HE_OK && blocking.len && strchr(blocking.data, '\n') != blocking.data + blocking.len - 1)
        for (const char *p = blocking.data; *p;) {
            const char *nl = strchr(p, '\n');
            fprintf(stderr, "  %.*s\n", (int)(nl - p), p);
            p = nl + 1;
        }
    buf_free(&blocking);
    struct err ignored;
    store_rollback(s, &ignored);
    store_close(s);
    if (rc == HE_OK && (fflush(stdout) != 0 || ferror(stdout)))
        rc = err_set(&e, HE_INTERNAL, "could not write the output");
    return rc == HE_OK ? 0 : cmd_fail("export", &e);
}
