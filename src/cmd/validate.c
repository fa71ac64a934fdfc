/* cmd/validate: `hearth validate [FILE|DIR ...]`. Checks children against the DfE's
 * validation rules of a collection year, for every return hearth has rules for (the CIN
 * census; SSDA903 once its rules are registered): the database's children in that year's
 * returns, or, when files are named, those files imported into a throwaway in-memory store
 * (the database is never opened then). Prints findings grouped by child in plain English,
 * or as JSON. `--coverage` prints instead which catalogue rules are checked, per return and
 * year (tools/rules-coverage.sh writes it to docs/rules-coverage.md).
 * Exit 0 when no ERROR finding, 1 when there is one or the input is bad, 2 usage, 3 fault. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date/date.h"
#include "format/import.h"
#include "format/ssda903.h"
#include "model/child.h"
#include "rules/rules.h"
#include "store/findings.h"
#include "store/store.h"
#include "store/store_mem.h"
#include "util/buf.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth validate [--db PATH] [--year YYYY] [--return cin|ssda903|all]\n"
            "                       [--format table|json] [FILE|DIR ...]\n"
            "       hearth validate --coverage\n"
            "\n"
            "Check children against the DfE's validation rules of a collection year (the rules\n"
            "that year's catalogue lists): the CIN census, and SSDA903 where hearth has its rules.\n"
            "Without files, the database's children in that year's returns are checked; with\n"
            "files (CIN census XML, SSDA903 CSVs or XML, Annex A lists, or folders of them), those\n"
            "files are read into a temporary store and checked, and the database is not opened;\n"
            "they are read as the DfE would receive them (each against its own year's schema,\n"
            "one <Child> per LAchildID). Findings about the return as a whole (shares of\n"
            "children, codes used) have child \"\" in JSON.\n"
            "Exit status: 0 no ERROR finding (queries allowed), 1 ERROR findings or bad input,\n"
            "2 usage, 3 fault.\n"
            "\n"
            "  --db PATH        database file (default $HEARTH_DB or hearth.db)\n"
            "  --year YYYY      collection year (the year ending 31 March); default: with files,\n"
            "                   the newest year they are returns of; without, the latest year\n"
            "                   with rules in which some child was referred, had an episode\n"
            "                   of need closed, or started or left care\n"
            "  --return WHICH   cin, ssda903 or all (default all)\n"
            "  --format FORMAT  table (default): findings grouped by child, then counts;\n"
            "                   json: {\"findings\": [{\"rule\", \"return\", \"child\", \"table\",\n"
            "                   \"row\", \"fields\", \"message\", \"level\"}, ...]}\n"
            "  --coverage       print, as Markdown, which catalogue rules hearth checks, per\n"
            "                   return and year, and why the others are not checked\n");
}

#define usage_error(msg) cmd_usage("validate", help, msg)

static const char *return_title(enum rules_return r)
{
    return r == RULES_CIN ? "CIN census" : "SSDA903";
}

/* ---- which year ---------------------------------------------------------------- */

/* Did anything happen to the child in [from, to]: a referral or closure of an episode of
 * need, a period of care starting or ending? An open episode is in every later year's
 * cohort, so the cohort alone cannot tell which year a return is for. */
static bool active_in(const struct child_file *c, day_t from, day_t to)
{
    for (size_t i = 0; i < c->n_episodes; i++) {
        day_t r = c->episodes[i].referral_date, d = c->episodes[i].closure_date;
        if ((r >= from && r <= to) || (d != DAY_NONE && d >= from && d <= to))
            return true;
    }
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        day_t s = c->la_episodes[i].decom, d = c->la_episodes[i].dec;
        if ((s >= from && s <= to) || (d != DAY_NONE && d >= from && d <= to))
            return true;
    }
    return false;
}

static enum store_cohort cohort_of(enum rules_return r)
{
    return r == RULES_CIN ? COHORT_CIN : COHORT_LA;
}

/* Latest collection year with a catalogue of a checked return in which some child of that
 * return was active; 0 when none, -1 on a store fault. */
static int default_year(struct store *s, const bool want[2], struct err *e)
{
    /* from a few years past the one now running (a machine whose clock is behind, files
     * made for testing), down; every year after the latest catalogue has the latest's rules */
    int now = date_year_to_march(date_today()) + 10;
    for (int y = now; y >= 2000; y--) {
        for (int r = 0; r < 2; r++) {
            if (!want[r] || rules_catalogue_year((enum rules_return)r, y) == 0)
                continue;
            day_t from, to;
            rules_year_window(y, &from, &to);
            rec_id *ids = NULL;
            size_t n = 0;
            if (store_cohort(s, cohort_of((enum rules_return)r), from, to, &ids, &n, e) != HE_OK)
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
    }
    return 0;
}

/* ---- checking ------------------------------------------------------------------- */

struct tally {
    size_t children; /* checked */
    bool ran;        /* the return had rules for the year */
};

/* as_made: the children come from the database, which also knows what happened after the
 * year's 31 March; a file is checked exactly as it is (a later date in it is an error). */
static int check_return(struct store *s, enum rules_return which, int year, bool as_made,
                        const struct importer *im, struct findings *out, struct tally *t,
                        struct err *e)
{
    day_t from, to;
    rules_year_window(year, &from, &to);
    rec_id *ids = NULL;
    size_t n = 0;
    struct rules_run *run;
    int rc = rules_run_begin(which, year, &run, e);
    if (rc != HE_OK)
        return rc;
    /* the authority's own area (rule 1015), when the database names it */
    char *ons = NULL;
    if (store_get_setting(s, "ons_code", &ons, e) != HE_OK) {
        struct findings none = FINDINGS_INIT;
        rules_run_end(run, &none);
        findings_free(&none);
        return e->code;
    }
    rules_run_set_authority(run, ons);
    free(ons);
    int cy = rules_catalogue_year(which, year);
    if (cy != year) /* once a return, not once a child */
        fprintf(stderr,
                "hearth validate: hearth has no %s rules or code lists for %d-%02d yet; "
                "checked with those of %d-%02d, the latest it has\n",
                return_title(which), year - 1, year % 100, cy - 1, cy % 100);
    /* files given without the previous year's: the rules that compare with that year's
     * return are left out, said once, rather than flagging every child */
    int py = year - 1 - 2000;
    if (im && py >= 0 && py < 64 && !(im->years_read[which] & (1ull << py))) {
        char codes[1024];
        size_t left = rules_run_without_previous(run, codes, sizeof codes);
        /* and those the SSDA903 reader answers between the years' files (ssda903_years.c) */
        size_t nd;
        const struct rule_def *d = which == RULES_903 ? rules_catalogue(which, cy, &nd) : NULL;
        for (size_t i = 0; d && i < nd; i++) {
            if (!ssda903_years_between(d[i].code))
                continue;
            size_t used = strlen(codes);
            snprintf(codes + used, sizeof codes - used, "%s%s", used ? ", " : "", d[i].code);
            left++;
        }
        if (left)
            fprintf(stderr,
                    "hearth validate: no %s files of %d-%02d were given, so %zu %s that compare "
                    "with that year's return %s not checked (%s); name that year's files too to "
                    "check %s\n",
                    return_title(which), year - 2, (year - 1) % 100, left,
                    left == 1 ? "rule" : "rules", left == 1 ? "was" : "were", codes,
                    left == 1 ? "it" : "them");
    }
    /* a file's children are all in its return, one dated after its year end too (the
     * rules say what is wrong with it: 8600, a referral after the collection period) */
    day_t cohort_to = as_made ? to : date_from_ymd(2099, 12, 31);
    rc = store_cohort(s, cohort_of(which), from, cohort_to, &ids, &n, e);
    /* a batch at a time: on PostgreSQL a few statements a batch rather than 19 a child */
    enum { BATCH = 256 };
    struct child_file *batch = xcalloc(BATCH, sizeof *batch);
    for (size_t i = 0; rc == HE_OK && i < n; i += BATCH) {
        size_t nb = n - i < BATCH ? n - i : BATCH;
        if ((rc = store_load_children(s, ids + i, nb, STORE_LOAD_ALL, batch, e)) != HE_OK)
            break;
        for (size_t j = 0; j < nb; j++) {
            if (as_made) /* the year's return as it was made: what came after is not in it */
                child_file_as_at(&batch[j], to);
            rules_run_child(run, &batch[j], out);
            child_file_free(&batch[j]);
        }
    }
    free(batch);
    rules_run_end(run, out);
    free(ids);
    t->children = n;
    t->ran = true;
    return rc;
}

/* ---- what the importer met ------------------------------------------------------- */

static int cmp_rule_child(const void *a, const void *b)
{
    const struct finding *x = *(const struct finding *const *)a, *y = *(const struct finding *const *)b;
    if (x->ret != y->ret)
        return x->ret < y->ret ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->child, y->child);
}

/* Give the rules' findings the file and line of the child's records, drop those an
 * importer's finding already names (the same rule and child: the importer's says what the
 * file held and where), then add the importer's findings of the returns and year checked. */
static void merge_notes(struct findings *f, const struct importer *im, const struct findings *notes,
                        const bool want[2], int year)
{
    size_t keep = 0;
    const struct finding **by = xmalloc((notes->n + 1) * sizeof *by);
    for (size_t j = 0; j < notes->n; j++)
        by[j] = &notes->v[j];
    qsort(by, notes->n, sizeof *by, cmp_rule_child);
    for (size_t i = 0; i < f->n; i++) {
        struct finding *x = &f->v[i];
        const struct finding *key = x;
        bool dup = notes->n && bsearch(&key, by, notes->n, sizeof *by, cmp_rule_child);
        if (dup) {
            free(x->child);
            free(x->file);
            continue;
        }
        if (im && !x->file) {
            const char *path;
            x->line = importer_line_of(im, x->ret, x->table, x->child, &path);
            x->file = path ? xstrdup(path) : NULL;
        }
        f->v[keep++] = *x;
    }
    free(by);
    f->n = keep;
    for (size_t j = 0; j < notes->n; j++) {
        const struct finding *y = &notes->v[j];
        if (!want[y->ret] || (y->year && y->year != year))
            continue;
        findings_add(f, y->ret, y->year ? y->year : year, y->error, y->rule, y->child, y->table,
                     y->fields, y->message, y->file, y->line);
    }
}

/* ---- output --------------------------------------------------------------------- */

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
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s}", "rule", x->rule,
                              "return", rules_return_name(x->ret), "child", x->child, "table",
                              x->table, "row", x->row, "fields", fields, "message", x->message,
                              "level", x->level);
        /* where in the files (null when the finding is about the return as a whole, or
         * the children came from the database) */
        json_object_set_new(o, "file", x->file ? json_string(x->file) : json_null());
        json_object_set_new(o, "line", x->line ? json_integer(x->line) : json_null());
        json_array_append_new(arr, o);
    }
    json_t *root = json_pack("{s:o}", "findings", arr);
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(root);
}

/* A return's table, as a person would name one record of it. */
static const char *record_name(const char *table)
{
    static const struct { const char *table, *name; } names[] = {
        {"CINdetails", "episode of need"},
        {"Assessments", "assessment"},
        {"CINplanDates", "CIN plan"},
        {"Section47", "section 47 enquiry"},
        {"ChildProtectionPlans", "child protection plan"},
        {"Reviews", "child protection review"},
        {"ChildIdentifiers", "identifiers"},
        {"ChildCharacteristics", "characteristics"},
        {"Disabilities", "disabilities"},
        {"Header", "return header"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i].table, table))
            return names[i].name;
    return table;
}

static const struct findings *sort_src;
/* By return, then child ("" — the whole return — last), then the order found. */
static int cmp_finding(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const struct finding *x = &sort_src->v[i], *y = &sort_src->v[j];
    if (x->ret != y->ret)
        return x->ret < y->ret ? -1 : 1;
    bool xe = !*x->child, ye = !*y->child;
    if (xe != ye)
        return xe ? 1 : -1;
    int c = strcmp(x->child, y->child);
    if (c)
        return c;
    return i < j ? -1 : i > j;
}

static void print_table(const struct findings *f, int year, const struct tally t[2])
{
    size_t *ord = xmalloc((f->n + 1) * sizeof *ord);
    for (size_t i = 0; i < f->n; i++)
        ord[i] = i;
    sort_src = f;
    qsort(ord, f->n, sizeof *ord, cmp_finding);
    const struct finding *last = NULL;
    for (size_t k = 0; k < f->n; k++) {
        const struct finding *x = &f->v[ord[k]];
        if (!last || last->ret != x->ret || strcmp(last->child, x->child)) {
            if (*x->child)
                printf("%sChild %s, %s %d-%02d:\n", last ? "\n" : "", x->child,
                       return_title(x->ret), year - 1, year % 100);
            else
                printf("%sThe %s %d-%02d as a whole:\n", last ? "\n" : "", return_title(x->ret),
                       year - 1, year % 100);
            last = x;
        }
        char where[512];
        int w;
        /* the CIN census's element names, as a person would say them; SSDA903's tables by
         * their names */
        const char *rec = x->ret == RULES_CIN ? record_name(x->table) : x->table;
        if (x->row)
            w = snprintf(where, sizeof where, "%s %d", rec, x->row);
        else
            w = snprintf(where, sizeof where, "%s", rec);
        if (x->line && w > 0 && (size_t)w < sizeof where)
            snprintf(where + w, sizeof where - (size_t)w, ", %s line %ld",
                     x->file ? x->file : "", x->line);
        printf("  %s %s (%s): %s\n", x->error ? "Error" : "Query", *x->rule ? x->rule : "schema",
               where, x->message);
    }
    if (f->n)
        putchar('\n');
    for (int r = 0; r < 2; r++) {
        if (!t[r].ran)
            continue;
        size_t errors = 0, queries = 0, with = 0;
        const char *prev = NULL;
        for (size_t k = 0; k < f->n; k++) {
            const struct finding *x = &f->v[ord[k]];
            if ((int)x->ret != r)
                continue;
            errors += x->error;
            queries += !x->error;
            if (*x->child && (!prev || strcmp(prev, x->child)))
                with++, prev = x->child;
        }
        printf("%s %d-%02d: %zu %s checked, %zu with findings; %zu %s, %zu %s\n",
               return_title((enum rules_return)r), year - 1, year % 100, t[r].children,
               t[r].children == 1 ? "child" : "children", with, errors,
               errors == 1 ? "error" : "errors", queries, queries == 1 ? "query" : "queries");
    }
    free(ord);
}

/* ---- coverage ------------------------------------------------------------------- */

/* Is the catalogue rule answered as the files are read? The importers name a value of the
 * wrong form, a code on no list and a blank where the return needs a value under the rule
 * the catalogue gives such a fault of that field (rules_field_rule), and SSDA903's data
 * integrity checks (INT01-09, INT31-36) as they read the tables. */
static bool read_checked(enum rules_return which, const struct rule_def *d)
{
    if (which == RULES_903 && (ssda903_read_rule(d->code) || ssda903_years_rule(d->code)))
        return true;
    /* a second <Child>, a ReferenceDate not the year's 31 March: cin_xml.c */
    if (which == RULES_CIN && (!strcmp(d->code, "8510") || !strcmp(d->code, "100")))
        return true;
    /* an end before its start in one SSDA903 row: the reader names it under the rule the
     * catalogue gives that pair */
    char a[64], b[64];
    if (which == RULES_903 && sscanf(d->fields, "%63[^;];%63[^;]", a, b) == 2 && !strchr(d->fields + strlen(a) + 1, ';') &&
        ((ssda903_order_pair(a, b) && rules_field_rule(which, d->year, a, b, FAULT_ORDER) == d) ||
         (ssda903_order_pair(b, a) && rules_field_rule(which, d->year, b, a, FAULT_ORDER) == d)))
        return true;
    char f[64];
    for (const char *p = d->fields; *p;) {
        const char *q = strchr(p, ';');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        snprintf(f, sizeof f, "%.*s", (int)(len < 63 ? len : 63), p);
        p += len + (q != NULL);
        bool typed = which == RULES_903 ? ssda903_column_typed(f) : cin_xml_field_typed(f);
        if (typed && (rules_field_rule(which, d->year, f, NULL, FAULT_INVALID) == d ||
                      rules_field_rule(which, d->year, f, NULL, FAULT_MISSING) == d))
            return true;
    }
    return false;
}

static bool checked(enum rules_return which, const struct rule_def *d)
{
    return rules_implemented(which, d->code) || read_checked(which, d);
}

static void print_coverage(void)
{
    printf("# Validation rules: what hearth checks\n\n"
           "Generated by `tools/rules-coverage.sh` (`hearth validate --coverage`) from the DfE\n"
           "rule catalogues in `data/rules/` and the rules registered in `src/rules/`. Do not\n"
           "edit by hand.\n\n"
           "| return | collection year | rules in catalogue | checked | not checked | coverage |\n"
           "| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (int r = 0; r < 2; r++) {
        int years[64];
        size_t ny = rules_years((enum rules_return)r, years, 64);
        for (size_t y = 0; y < ny; y++) {
            size_t n, done = 0;
            const struct rule_def *d = rules_catalogue((enum rules_return)r, years[y], &n);
            for (size_t i = 0; i < n; i++)
                done += checked((enum rules_return)r, &d[i]);
            printf("| %s | %d-%02d | %zu | %zu | %zu | %.0f%% |\n",
                   return_title((enum rules_return)r), years[y] - 1, years[y] % 100, n, done,
                   n - done, n ? 100.0 * (double)done / (double)n : 0.0);
        }
    }
    for (int r = 0; r < 2; r++) {
        enum rules_return which = (enum rules_return)r;
        printf("\n## %s: rules not checked\n\n", return_title(which));
        if (!rules_return_checked(which)) {
            printf("No %s rule is checked yet: no rule module is registered for this return.\n",
                   return_title(which));
            continue;
        }
        int years[64];
        size_t ny = rules_years(which, years, 64);
        /* each code once, with the years whose catalogue lists it */
        printf("| rule | level | years | message | why not |\n| --- | --- | --- | --- | --- |\n");
        size_t listed = 0;
        for (size_t y = 0; y < ny; y++) {
            size_t n;
            const struct rule_def *d = rules_catalogue(which, years[y], &n);
            for (size_t i = 0; i < n; i++) {
                if (checked(which, &d[i]))
                    continue;
                bool earlier = false;
                for (size_t z = 0; z < y && !earlier; z++)
                    earlier = rules_lookup(which, years[z], d[i].code) != NULL;
                if (earlier)
                    continue;
                printf("| %s | %s | ", d[i].code, d[i].level);
                for (size_t z = y, first = 1; z < ny; z++)
                    if (rules_lookup(which, years[z], d[i].code)) {
                        printf("%s%d-%02d", first ? "" : ", ", years[z] - 1, years[z] % 100);
                        first = 0;
                    }
                const char *why = rules_gap_reason(which, d[i].code);
                printf(" | %s | %s |\n", d[i].message, why ? why : "not written yet");
                listed++;
            }
        }
        if (!listed)
            printf("| - | - | - | every catalogue rule is checked | - |\n");
    }
}

/* ---- the command ------------------------------------------------------------------ */

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'}, {"return", required_argument, NULL, 'r'},
        {"coverage", no_argument, NULL, 'c'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = cmd_default_db(), *format = "table", *ret = "all";
    int year = 0, c;
    bool coverage = false;
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
        case 'r': ret = optarg; break;
        case 'c': coverage = true; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (strcmp(format, "table") && strcmp(format, "json"))
        return usage_error("--format is table or json");
    bool want[2] = {false, false};
    if (!strcmp(ret, "cin") || !strcmp(ret, "all"))
        want[RULES_CIN] = true;
    if (!strcmp(ret, "ssda903") || !strcmp(ret, "903") || !strcmp(ret, "all"))
        want[RULES_903] = true;
    if (!want[0] && !want[1])
        return usage_error("--return is cin, ssda903 or all");
    if (coverage) {
        if (optind < argc)
            return usage_error("--coverage takes no files");
        print_coverage();
        return 0;
    }
    /* a return is checked when hearth has rules for it (and, with --year, that year's catalogue) */
    for (int r = 0; r < 2; r++)
        if (want[r] && !rules_return_checked((enum rules_return)r)) {
            if (strcmp(ret, "all")) {
                fprintf(stderr, "hearth validate: hearth does not check %s rules yet\n",
                        return_title((enum rules_return)r));
                return 2;
            }
            want[r] = false;
        }
    if (year) {
        bool any = false;
        for (int r = 0; r < 2; r++)
            if (want[r] && rules_catalogue_year((enum rules_return)r, year) == 0)
                want[r] = false;
            else
                any |= want[r];
        if (!any) {
            fprintf(stderr, "hearth validate: no %s rules for collection year %d (%d-%02d)\n",
                    strcmp(ret, "all") ? ret : "validation", year, year - 1, year % 100);
            return 2;
        }
    }

    bool files = optind < argc;
    struct importer im;
    importer_init(&im, NULL);
    struct store *s;
    /* files are read into a store in memory, as kpi FILES reads them: a third of the time
     * of an SQLite database in memory, whose schema alone took a fifth */
    int rc = files ? store_mem_open(&s, &e) : store_open(db, STORE_READONLY, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("validate", &e);
    if (files) {
        importer_init(&im, s);
        im.year = 0;       /* each file's own year: a file is checked as what it says it is */
        im.strict = true;  /* and against that year's schema */
        im.keep = true;    /* every finding of every record, not the first */
        im.cmd = "validate";
        rc = store_begin(s, &e);
        for (int i = optind; rc == HE_OK && i < argc; i++)
            rc = import_path(&im, argv[i], &e);
        if (rc == HE_OK)
            importer_check_header(&im);
        if (rc == HE_OK)
            rc = store_commit(s, &e);
        if (rc != HE_OK) {
            store_close(s);
            importer_free(&im);
            return cmd_fail("validate", &e);
        }
    }
    /* a SQLite database is read in one snapshot: one consistent state, and one shared lock
     * for the run rather than a lock, unlock and file check around every statement (which
     * measured more than the checking itself); the PostgreSQL store reads each call in a
     * snapshot of its own already (store_pg.c) */
    bool snapshot = !files && strncmp(db, "postgresql://", 13) && strncmp(db, "postgres://", 11);
    if (snapshot && (rc = store_begin(s, &e)) != HE_OK) {
        store_close(s);
        importer_free(&im);
        return cmd_fail("validate", &e);
    }
    if (!year && files) {
        /* the files say their year: the newest of the returns checked (a search of the
         * store for it cost more than the checking, a cohort load for each later year) */
        for (int r = 0; r < 2; r++) {
            int y = r == RULES_CIN ? im.newest_cin : im.newest_903;
            if (want[r] && rules_catalogue_year((enum rules_return)r, y) && y > year)
                year = y;
        }
    }
    if (!year) {
        year = default_year(s, want, &e);
        if (year <= 0) {
            store_close(s);
            importer_free(&im);
            if (year < 0)
                return cmd_fail("validate", &e);
            fprintf(stderr, "hearth validate: no child is in a return of any year hearth has "
                            "rules for; name one with --year\n");
            return 1;
        }
        for (int r = 0; r < 2; r++)
            if (rules_catalogue_year((enum rules_return)r, year) == 0)
                want[r] = false;
    }
    struct findings f = FINDINGS_INIT;
    struct tally t[2] = {{0, false}, {0, false}};
    for (int r = 0; rc == HE_OK && r < 2; r++)
        if (want[r])
            rc = check_return(s, (enum rules_return)r, year, !files, files ? &im : NULL, &f,
                              &t[r], &e);
    if (rc == HE_OK && files)
        merge_notes(&f, &im, &im.notes, want, year);
    if (rc == HE_OK && !files) {
        /* what the imported returns held that breaks a content rule (hearth import keeps it) */
        struct findings kept = FINDINGS_INIT;
        for (int r = 0; rc == HE_OK && r < 2; r++)
            if (want[r])
                rc = store_findings_load(s, (enum rules_return)r, year, &kept, &e);
        if (rc == HE_OK)
            merge_notes(&f, NULL, &kept, want, year);
        findings_free(&kept);
    }
    if (snapshot) {
        struct err ignored;
        store_rollback(s, &ignored); /* the snapshot wrote nothing */
    }
    store_close(s);
    importer_free(&im);
    if (rc != HE_OK) {
        findings_free(&f);
        return cmd_fail("validate", &e);
    }
    if (!strcmp(format, "json"))
        print_json(&f);
    else
        print_table(&f, year, t);
    int status = findings_errors(&f) ? 1 : 0;
    findings_free(&f);
    return status;
}
