/* cmd/validate: `hearth validate [FILE|DIR ...]`. Checks children against the DfE's CIN
 * census validation rules for a collection year: the database's cohort for that year, or,
 * when files are named, those files imported into a throwaway in-memory store (the
 * database is never touched then). Prints findings as a table grouped by child or as
 * JSON. Exit 0 when no ERROR finding, 1 when there is one, 2 usage, 3 internal. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "format/import.h"
#include "rules/rules.h"
#include "store/store.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth validate [--db PATH] [--year YYYY] [--format table|json] [FILE|DIR ...]\n"
            "\n"
            "Check children against the DfE's CIN census validation rules of a collection year\n"
            "(the rules that year's catalogue lists). Without files, the database's children\n"
            "with an episode of need open in the year are checked; with files (CIN census XML,\n"
            "SSDA903 CSVs, Annex A lists, or folders of them), those files are read into a\n"
            "temporary store and checked, and the database is not opened.\n"
            "Exit status: 0 no ERROR finding (queries allowed), 1 ERROR findings, 2 usage, 3 fault.\n"
            "\n"
            "  --db PATH        database file (default $HEARTH_DB or hearth.db)\n"
            "  --year YYYY      collection year (year ending 31 March); default: the latest year\n"
            "                   with CIN rules in which some child was referred or had an\n"
            "                   episode of need closed\n"
            "  --format FORMAT  table (default): findings grouped by child, then counts;\n"
            "                   json: {\"findings\": [...]}\n");
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "hearth validate: %s\n", msg);
    help(stderr);
    return 2;
}

/* Did anything happen to the child's episodes of need in [from, to] (a referral or a
 * closure)? An episode left open is in every later year's cohort, so the cohort alone
 * cannot tell which year a return is for. */
static bool active_in(const struct child_file *c, day_t from, day_t to)
{
    for (size_t i = 0; i < c->n_episodes; i++) {
        day_t r = c->episodes[i].referral_date, d = c->episodes[i].closure_date;
        if ((r >= from && r <= to) || (d != DAY_NONE && d >= from && d <= to))
            return true;
    }
    return false;
}

/* Latest collection year with a CIN catalogue in which some child was referred or had an
 * episode closed; 0 when none, -1 on a store fault. */
static int default_year(struct store *s, struct err *e)
{
    for (int y = 2040; y >= 2000; y--) {
        if (rules_catalogue_count(RULES_CIN, y) == 0)
            continue;
        day_t from, to;
        rules_year_window(y, &from, &to);
        rec_id *ids = NULL;
        size_t n = 0;
        if (store_cohort(s, COHORT_CIN, from, to, &ids, &n, e) != HE_OK)
            return -1;
        bool found = false;
        for (size_t i = 0; !found && i < n; i++) {
            struct child_file c;
            if (store_load_child(s, ids[i], &c, e) != HE_OK) {
                free(ids);
                return -1;
            }
            found = active_in(&c, from, to);
            child_file_free(&c);
        }
        free(ids);
        if (found)
            return y;
    }
    return 0;
}

static int check_cohort(struct store *s, int year, struct findings *out, size_t *children,
                        struct err *e)
{
    day_t from, to;
    rules_year_window(year, &from, &to);
    rec_id *ids = NULL;
    size_t n = 0;
    int rc = store_cohort(s, COHORT_CIN, from, to, &ids, &n, e);
    for (size_t i = 0; rc == HE_OK && i < n; i++) {
        struct child_file c;
        rc = store_load_child(s, ids[i], &c, e);
        if (rc != HE_OK)
            break;
        rc = rules_check_child(&c, RULES_CIN, year, out, e);
        child_file_free(&c);
    }
    free(ids);
    *children = n;
    return rc;
}

static void print_json(const struct findings *f)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < f->n; i++) {
        const struct finding *x = &f->v[i];
        json_t *fields = json_array();
        const char *p = x->fields;
        while (*p) {
            const char *q = strchr(p, ';');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            if (len)
                json_array_append_new(fields, json_stringn(p, len));
            p += len + (q != NULL);
        }
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s}", "rule", x->rule, "return",
                           rules_return_name(x->ret), "child", x->child, "table", x->table, "row",
                           x->row, "fields", fields, "level", x->level, "message", x->message));
    }
    json_t *root = json_pack("{s:o}", "findings", arr);
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(root);
}

static void print_table(const struct findings *f, int year, size_t children)
{
    size_t errors = 0, queries = 0, with = 0;
    const char *last = NULL;
    for (size_t i = 0; i < f->n; i++) {
        const struct finding *x = &f->v[i];
        if (!last || strcmp(last, x->child)) {
            printf("%sChild %s\n", last ? "\n" : "", x->child);
            last = x->child;
            with++;
        }
        char where[80];
        if (x->row)
            snprintf(where, sizeof where, "%s row %d", x->table, x->row);
        else
            snprintf(where, sizeof where, "%s", x->table);
        printf("  %-5s %-6s %-26s %s\n", x->level, x->rule, where, x->message);
        if (x->error)
            errors++;
        else
            queries++;
    }
    printf("%sCIN census %d: %zu children checked, %zu with findings: %zu errors, %zu queries\n",
           f->n ? "\n" : "", year, children, with, errors, queries);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db(), *format = "table";
    int year = 0, c;
    struct err e;
    err_clear(&e);
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 2000 || y > 2100)
                return usage_error("--year takes a collection year such as 2026");
            year = (int)y;
            break;
        }
        case 'f': format = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (strcmp(format, "table") && strcmp(format, "json"))
        return usage_error("--format is table or json");
    if (year && rules_catalogue_count(RULES_CIN, year) == 0) {
        fprintf(stderr, "hearth validate: no CIN census rules for collection year %d\n", year);
        return 2;
    }

    bool files = optind < argc;
    struct store *s;
    int rc = files ? store_open(":memory:", STORE_CREATE, &s, &e)
                   : store_open(db, STORE_READONLY, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("validate", &e);
    if (files) {
        struct importer im;
        importer_init(&im, s);
        rc = store_begin(s, &e);
        for (int i = optind; rc == HE_OK && i < argc; i++)
            rc = import_path(&im, argv[i], &e);
        if (rc == HE_OK)
            rc = store_commit(s, &e);
        if (rc != HE_OK) {
            store_close(s);
            return cmd_fail("validate", &e);
        }
    }
    if (!year) {
        year = default_year(s, &e);
        if (year <= 0) {
            store_close(s);
            if (year < 0)
                return cmd_fail("validate", &e);
            fprintf(stderr, "hearth validate: no child has an episode of need in any year with CIN "
                            "rules; name one with --year\n");
            return 1;
        }
    }
    struct findings f = FINDINGS_INIT;
    size_t children = 0;
    rc = check_cohort(s, year, &f, &children, &e);
    store_close(s);
    if (rc != HE_OK) {
        findings_free(&f);
        return cmd_fail("validate", &e);
    }
    if (!strcmp(format, "json"))
        print_json(&f);
    else
        print_table(&f, year, children);
    int status = findings_errors(&f) ? 1 : 0;
    findings_free(&f);
    return status;
}
