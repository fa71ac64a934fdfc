/* cmd/import: `hearth import FILE|DIR ...`. Opens (creating if need be) the database,
 * imports every path inside one transaction, and commits only if every file was good:
 * a bad file anywhere leaves the database exactly as it was. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "format/import.h"
#include "store/findings.h"
#include "store/stages.h"
#include "store/store.h"
#include "util/elapsed.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth import [--db PATH] [--year YYYY] [--strict] [--quiet] FILE|DIR ...\n"
            "\n"
            "Load an authority's returns into the database. Each file is recognised by its\n"
            "content: CIN census XML (collection years 2017-2026), SSDA903 table CSVs (by their\n"
            "header row), the SSDA903 return as XML (root <EXPSSDA903>, checked against the DfE's\n"
            "CLA_ssda903_structure.xsd: a breach is a finding, or refused with --strict) and\n"
            "Ofsted Annex A list CSVs (by their headings). Folders are read\n"
            "recursively; only regular files are read. In a folder, a file that is plainly not a\n"
            "return (a named pipe, a README.txt, a CSV with other headings) is skipped and said so;\n"
            "one that may be a return but cannot be read (empty, binary, UTF-16 text that is not\n"
            "XML) is an error. Records that appear in several years' returns are kept once; the\n"
            "later collection year wins. Importing the same files again changes nothing.\n"
            "A past return is history as submitted: a record that breaks a DfE content rule (dates\n"
            "out of order, a code not valid in the year, a mandatory field blank) is kept as given\n"
            "and the finding listed (hearth validate --db lists them); a value the database cannot\n"
            "hold (a date that is none, an end before its start) is left out of the record and kept\n"
            "in the finding. A file that cannot be read as a return (not XML or CSV, not a known\n"
            "table, not UTF-8) is refused: then nothing is imported and the error names the file,\n"
            "line and field.\n"
            "\n"
            "  --db PATH     database file (default $HEARTH_DB or hearth.db); created if missing\n"
            "  --year YYYY   collection year (year ending 31 March) of files that do not say\n"
            "                (SSDA903 CSVs and XML); otherwise taken from the file, its path or its dates\n"
            "  --strict      refuse a file at its first broken content rule, as before\n"
            "  --quiet       no progress or summary\n");
}

static int cmp_child(const void *a, const void *b)
{
    const struct finding *x = *(const struct finding *const *)a, *y = *(const struct finding *const *)b;
    return x->ret != y->ret ? (x->ret < y->ret ? -1 : 1) : strcmp(x->child, y->child);
}

/* How many children (of each return) the findings are about. */
static size_t children_with(const struct findings *f)
{
    const struct finding **v = xmalloc((f->n + 1) * sizeof *v);
    for (size_t i = 0; i < f->n; i++)
        v[i] = &f->v[i];
    qsort(v, f->n, sizeof *v, cmp_child);
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += *v[i]->child && (i == 0 || cmp_child(&v[i - 1], &v[i]));
    free(v);
    return n;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"year", required_argument, NULL, 'y'},
        {"quiet", no_argument, NULL, 'q'},      {"help", no_argument, NULL, 'h'},
        {"strict", no_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db();
    int year = 0, quiet = 0, strict = 0, c;
    struct err e;
    err_clear(&e);
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 2000 || y > 2100) {
                fprintf(stderr, "hearth import: --year takes a collection year such as 2018, not '%s'\n", optarg);
                return 2;
            }
            year = (int)y;
            break;
        }
        case 'q': quiet = 1; break;
        case 's': strict = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hearth import: name at least one file or folder\n");
        help(stderr);
        return 2;
    }

    struct store *s;
    int rc = store_open(db, STORE_CREATE, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("import", &e);
    struct importer im;
    importer_init(&im, s);
    im.year = year;
    im.progress = !quiet && isatty(2);
    im.keep = !strict;

    double t0 = elapsed_now();
    rc = store_begin_load(s, &e);
    for (int i = optind; rc == HE_OK && i < argc; i++)
        rc = import_path(&im, argv[i], &e);
    importer_progress_end(&im);
    /* an authority with no LA code set takes its census's, so an export needs no --la-code */
    char *la = NULL;
    bool la_set = false;
    if (rc == HE_OK && im.lea[0] && (rc = store_get_setting(s, "la_code", &la, &e)) == HE_OK && !la) {
        rc = store_set_setting(s, "la_code", im.lea, &e);
        la_set = rc == HE_OK;
    }
    free(la);
    /* the findings kept with the returns read, in the same transaction as their records */
    size_t n_files = 0;
    for (size_t i = 0; i < im.files_read.len; i += strlen(im.files_read.data + i) + 1)
        n_files++;
    const char **files = xcalloc(n_files + 1, sizeof *files);
    n_files = 0;
    for (size_t i = 0; i < im.files_read.len; i += strlen(im.files_read.data + i) + 1)
        files[n_files++] = im.files_read.data + i;
    if (rc == HE_OK && im.keep) {
        importer_check_header(&im);
        rc = store_findings_replace(s, files, n_files, &im.notes, &e);
    }
    free(files);
    if (rc == HE_OK)
        rc = st_note_returns_end(s, &e);
    if (rc == HE_OK)
        rc = store_commit(s, &e);
    if (rc != HE_OK) {
        struct err ignored;
        store_rollback(s, &ignored);
        store_close(s);
        importer_free(&im);
        fprintf(stderr, "hearth import: nothing was imported.\n");
        return cmd_fail("import", &e);
    }
    double secs = elapsed_now() - t0;
    store_close(s);
    if (!quiet) {
        importer_summary(&im, stdout);
        importer_note_years(&im, "import", stdout);
        if (la_set)
            printf("The authority's LA code is now %s, from the CIN census (hearth export uses it).\n",
                   im.lea);
        long total = importer_total(&im);
        char shown[1024];
        printf("%ld records in %.2f s (%.0f records/s) into %s\n", total, secs,
               secs > 0 ? (double)total / secs : 0.0, cmd_db_shown(db, shown, sizeof shown));
        size_t with = children_with(&im.notes);
        if (im.notes.n)
            printf("%zu %s findings (%zu in all), kept as the returns gave them: "
                   "hearth validate --db lists them\n",
                   with, with == 1 ? "child has" : "children have", im.notes.n);
    }
    importer_free(&im);
    return 0;
}
