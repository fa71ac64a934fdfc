/* cmd/postcodes: `hearth postcodes`, where a postcode is for hearth's distance and area
 * measures (model/postcode.h): `load` puts a newer ONS Postcode Directory (or a sector file
 * such as data/postcode-sectors.csv.gz, decompressed) into the store, where it is used
 * before the sectors shipped in the program; `find` says where a postcode is. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "store/placements.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth postcodes load FILE|- [--db PATH]\n"
            "       hearth postcodes find POSTCODE [--db PATH]\n"
            "\n"
            "hearth ships the ONS Postcode Directory's sectors (a postcode less its last two\n"
            "letters, about a kilometre across) to work out how far a placement is from the\n"
            "child's home and whether it is inside the authority's area (the ons_code setting,\n"
            "such as E06000035; without it, the area of the child's home).\n"
            "\n"
            "load FILE: a CSV with a header row and the columns postcode (or sector), la (the\n"
            "ONS code of the authority), easting, northing (OS grid metres), as the ONS\n"
            "directory in the standards folder or tools/gen-postcodes.py's output. It replaces\n"
            "any directory loaded before and is used before the shipped sectors; rows without\n"
            "a grid reference are skipped. A compressed file is read from standard input:\n"
            "  gzip -dc postcodes.csv.gz | hearth postcodes load -\n"
            "find POSTCODE: the authority and grid reference hearth uses for it.\n"
            "\n"
            "  --db PATH   the database (default $HEARTH_DB, else ./hearth.db)\n");
}

#define usage_error(msg) cmd_usage("postcodes", help, msg)

int cmd_postcodes(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return HE_USAGE;
        }
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    if (nargs != 2 || (strcmp(args[0], "load") && strcmp(args[0], "find")))
        return usage_error("give load FILE or find POSTCODE");
    struct err e;
    err_clear(&e);
    bool find = !strcmp(args[0], "find");
    char pc[9];
    if (find && !postcode_normalise(args[1], pc))
        return cmd_bad_input("postcodes", "%.40s is not a full postcode (like ME4 4AA)", args[1]);
    FILE *f = NULL;
    if (!find) {
        f = strcmp(args[1], "-") ? fopen(args[1], "r") : stdin;
        if (!f)
            return cmd_bad_input("postcodes", "cannot open %s", args[1]);
    }
    struct store *s;
    int rc = store_open(db, find ? 0 : STORE_CREATE, &s, &e);
    if (rc != HE_OK) {
        if (f && f != stdin)
            fclose(f);
        return cmd_fail("postcodes", &e);
    }
    if (find) {
        struct postcode_place p;
        bool found = false;
        rc = pl_postcode_find(s, pc, &p, &found, &e);
        if (rc == HE_OK && found)
            printf("%s: %s, easting %d, northing %d\n", pc, p.la, (int)p.easting, (int)p.northing);
        else if (rc == HE_OK)
            printf("%s: not in the directory\n", pc);
    } else {
        int64_t n = 0, skipped = 0;
        rc = pl_postcodes_load(s, f, &n, &skipped, &e);
        if (f != stdin)
            fclose(f);
        if (rc == HE_OK)
            printf("postcodes: %lld loaded, %lld skipped (no grid reference or not a postcode)\n", (long long)n,
                   (long long)skipped);
    }
    store_close(s);
    return rc == HE_OK ? 0 : cmd_fail("postcodes", &e);
}
