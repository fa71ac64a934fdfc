/* cmd/demo: `hearth demo` writes a synthetic authority as the sector's own files, imports
 * them with the real importer into a fresh database and prints the latest year's
 * performance table, so a newcomer sees hearth work end to end in one command.
 * `hearth demo generate` only writes the files, for benchmarks and experiments.
 * `hearth demo users` gives an imported authority (one with no users yet) the demo's
 * sign-ins and allocations, so the web benchmark can run on it.
 * The database is replaced only when an earlier demo made it (or with --force). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "demo/demo_early_help.h"
#include "demo/demo_risk.h"
#include "demo/demo_panels.h"
#include "demo/demo_privfost.h"
#include "demo/demo_family.h"
#include "demo/demo_live.h"
#include "demo/demo_money.h"
#include "demo/demo_qa.h"
#include "demo/demo_users.h"
#include "demo/demo_workforce.h"
#include "demo/synth.h"
#include "format/import.h"
#include "measure/kpi.h"
#include "store/casework.h"
#include "store/demo.h"
#include "store/stages.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/elapsed.h"
#include "util/thousands.h"

#define DEMO_LAST_YEAR 2026
#define DEMO_MARK_KEY "made_by"
#define DEMO_MARK "hearth demo"

static void help_demo(FILE *f)
{
    fprintf(f,
            "usage: hearth demo [--db PATH] [--population N] [--years N] [--seed N] [--keep DIR]\n"
            "                   [--today DATE] [--force] [--quiet]\n"
            "       hearth demo generate --out DIR [--population N] [--years N] [--first-year YYYY]\n"
            "                   [--seed N]\n"
            "       hearth demo users --db PATH [--year YYYY] [--population N]\n"
            "\n"
            "Build a synthetic local authority and show its performance. The authority is\n"
            "written as the files councils already send: CIN census XML, SSDA903 CSVs and\n"
            "Ofsted Annex A list 1, one folder per collection year. They are imported with the\n"
            "same importer as 'hearth import' into a fresh database, and the performance table\n"
            "for the latest year is printed. The same options always give the same files.\n"
            "\n"
            "  --db PATH          database to create (default demo.db); an existing file is\n"
            "                     replaced only if an earlier 'hearth demo' made it\n"
            "  --population N     children aged 0-17 (default 64000, a Medway-sized authority);\n"
            "                     every volume scales with it\n"
            "  --years N          collection years, ending with 2025-26 (default 3); the\n"
            "                     SSDA903 returns of the five years before are written too\n"
            "                     (from 2016-17), as the history of the care leavers' care\n"
            "  --seed N           a different seed gives a different authority (default 1)\n"
            "  --keep DIR         write the files into DIR and keep them (default: a temporary\n"
            "                     folder, removed afterwards)\n"
            "  --today DATE       the demo's today (default: the real date): the work from the\n"
            "                     day after the last return (1 April 2026) to DATE is recorded\n"
            "                     as the web forms record it, so clocks and the dashboard's\n"
            "                     current year read as on that day; the same DATE always gives\n"
            "                     the same authority\n"
            "  --force            replace the database even if it was not made by 'hearth demo'\n"
            "  --quiet            print only the performance table\n"
            "\n"
            "'hearth demo generate' writes the files into --out DIR and stops; --first-year\n"
            "names the first collection year (default: so that the last is 2026).\n"
            "\n"
            "'hearth demo users' adds the demo's sign-ins (DEMO ONLY: each with the password\n"
            "everyone knows) and gives the demo workers children whose work is open in\n"
            "collection year --year (default 2026), to a database with no users yet, such as\n"
            "one made by 'hearth import' for a benchmark (bench/pg-vs-sqlite.sh). It refuses a\n"
            "database that has users. --population is kept for the dashboard's rates.\n");
}

/* Option values are the user's input: say which was wrong and why. */
static int bad_option(const char *what, const char *val, const char *why)
{
    fprintf(stderr, "hearth demo: %s '%s': %s\n", what, val, why);
    return HE_USAGE;
}

static bool parse_ll(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = (uint64_t)v;
    return true;
}

/* Remove a folder this command made, and everything in it. */
static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            struct buf p = BUF_INIT;
            buf_printf(&p, "%s/%s", path, de->d_name);
            struct stat sb;
            if (lstat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode))
                rm_tree(p.data);
            else
                unlink(p.data);
            buf_free(&p);
        }
        closedir(d);
    }
    rmdir(path);
}

/* An existing database may be replaced only if an earlier demo made it: someone's real
 * records must never be lost to a demo. */
static int clear_old_db(const char *db, bool force, struct err *e)
{
    bool pg = !strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11);
    if (!pg && access(db, F_OK) != 0)
        return HE_OK;
    bool ours = false;
    struct store *s = NULL;
    struct err ignored;
    err_clear(&ignored);
    if (store_open(db, STORE_READONLY, &s, &ignored) == HE_OK) {
        char *mark = NULL;
        if (store_get_setting(s, DEMO_MARK_KEY, &mark, &ignored) == HE_OK && mark &&
            !strcmp(mark, DEMO_MARK))
            ours = true;
        free(mark);
        store_close(s);
    } else if (pg) {
        return HE_OK; /* PostgreSQL: no such authority yet (or an unreachable server, which the
                       * demo's own open will report) */
    }
    if (!ours && !force) {
        char shown[1024];
        const char *la = getenv("HEARTH_LA");
        if (pg)
            return err_set(e, HE_INPUT,
                           "authority %s in %s holds records 'hearth demo' did not make; choose"
                           " another --la, or pass --force to replace it",
                           la && *la ? la : "(the default)", cmd_db_shown(db, shown, sizeof shown));
        return err_set(e, HE_INPUT,
                       "%s exists and was not made by 'hearth demo'; choose another --db, or "
                       "pass --force to replace it",
                       db);
    }
    int rc = store_destroy(db, NULL, e);
    if (rc == HE_OK && !pg && access(db, F_OK) == 0)
        rc = err_set(e, HE_INTERNAL, "cannot remove the old %s: %s", db, strerror(errno));
    return rc;
}

static void print_written(const struct synth_params *p, const struct synth_stats *st,
                          const char *dir, double secs)
{
    char pop[32];
    printf("Wrote a synthetic authority of %s children, collection years %d to %d (seed %llu):\n"
           "  %lld files, %.1f MB, %lld records (%lld contacts, %lld referrals, %lld looked-after "
           "episodes) in %s, in %.2f s\n",
           thousands(pop, sizeof pop, p->population), p->first_year, p->last_year,
           (unsigned long long)p->seed, st->files,
           (double)st->bytes / 1e6, st->rows, st->contacts, st->referrals, st->la_episodes,
           dir, secs);
    fflush(stdout); /* before the importer's progress on stderr */
}

static int cmd_demo_generate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},        {"population", required_argument, NULL, 'p'},
        {"years", required_argument, NULL, 'n'},      {"first-year", required_argument, NULL, 'f'},
        {"seed", required_argument, NULL, 's'},       {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0},
    };
    struct synth_params p;
    synth_params_default(&p);
    const char *out = NULL;
    long long years = 3, first = 0, v;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'p':
            if (!parse_ll(optarg, 1000, 20000000, &p.population))
                return bad_option("--population", optarg, "give a whole number of children from 1000 to 20000000");
            break;
        case 'n':
            if (!parse_ll(optarg, 1, 10, &years))
                return bad_option("--years", optarg, "give a number of collection years from 1 to 10");
            break;
        case 'f':
            if (!parse_ll(optarg, 2017, DEMO_LAST_YEAR, &v))
                return bad_option("--first-year", optarg, "give a collection year from 2017 to 2026");
            first = v;
            break;
        case 's':
            if (!parse_seed(optarg, &p.seed))
                return bad_option("--seed", optarg, "give a whole number of 0 or more");
            break;
        case 'q': quiet = true; break;
        case 'h': help_demo(stdout); return 0;
        default: help_demo(stderr); return HE_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hearth demo generate: unexpected '%s'\n\n", argv[optind]);
        help_demo(stderr);
        return HE_USAGE;
    }
    if (!out) {
        fprintf(stderr, "hearth demo generate: name the folder to write with --out DIR\n\n");
        help_demo(stderr);
        return HE_USAGE;
    }
    p.first_year = first ? (int)first : DEMO_LAST_YEAR - (int)years + 1;
    p.last_year = p.first_year + (int)years - 1;
    if (p.last_year > DEMO_LAST_YEAR) {
        fprintf(stderr, "hearth demo generate: %lld years from %d would run past %d, the last "
                        "year with a CIN census schema\n",
                years, p.first_year, DEMO_LAST_YEAR);
        return HE_USAGE;
    }
    struct err e;
    struct synth_stats st;
    double t0 = elapsed_now();
    int rc = synth_write_stats(&p, out, &st, &e);
    if (rc != HE_OK)
        return cmd_fail("demo generate", &e);
    if (!quiet)
        print_written(&p, &st, out, elapsed_now() - t0);
    return 0;
}

static int cmd_demo_users(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"year", required_argument, NULL, 'y'},
        {"population", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    long long year = DEMO_LAST_YEAR, population = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'y':
            if (!parse_ll(optarg, 2017, DEMO_LAST_YEAR, &year))
                return bad_option("--year", optarg, "give a collection year from 2017 to 2026");
            break;
        case 'p':
            if (!parse_ll(optarg, 1000, 20000000, &population))
                return bad_option("--population", optarg, "give a whole number of children from 1000 to 20000000");
            break;
        case 'h': help_demo(stdout); return 0;
        default: help_demo(stderr); return HE_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hearth demo users: unexpected '%s'\n\n", argv[optind]);
        help_demo(stderr);
        return HE_USAGE;
    }
    if (!db) {
        fprintf(stderr, "hearth demo users: name the database with --db PATH\n\n");
        help_demo(stderr);
        return HE_USAGE;
    }
    struct err e;
    err_clear(&e);
    struct store *s = NULL;
    int64_t users = 0;
    int rc = store_open(db, 0, &s, &e);
    if (rc == HE_OK)
        rc = cw_user_count(s, &users, &e);
    if (rc == HE_OK && users)
        rc = err_set(&e, HE_INPUT, "%s has users already: the demo's sign-ins, whose password "
                     "everyone knows, are only added to a database with none", db);
    if (rc == HE_OK && population) {
        char pop[32];
        snprintf(pop, sizeof pop, "%lld", population);
        rc = store_set_setting(s, "population", pop, &e);
    }
    if (rc == HE_OK)
        rc = demo_users_add(s, (int)year, stdout, &e);
    store_close(s);
    return rc == HE_OK ? 0 : cmd_fail("demo users", &e);
}

/* Today's date where the demo runs (UTC): the default for --today. */
static day_t real_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The work of the year so far, recorded as the forms record it. */
static int demo_now(struct store *s, const struct synth_params *p, day_t today, bool quiet,
                    struct err *e)
{
    struct cw_user fd, mgr;
    bool f1 = false, f2 = false;
    int rc = cw_user_by_name(s, "frontdoor", &fd, &f1, e);
    if (rc == HE_OK)
        rc = cw_user_by_name(s, "manager", &mgr, &f2, e);
    if (rc == HE_OK && (!f1 || !f2))
        return err_set(e, HE_INTERNAL, "the demo's front door and manager sign-ins are missing");
    /* the partner agencies' officers, when the demo has them */
    struct cw_user police, health;
    bool f3 = false, f4 = false;
    if (rc == HE_OK)
        rc = cw_user_by_name(s, "police", &police, &f3, e);
    if (rc == HE_OK)
        rc = cw_user_by_name(s, "health", &health, &f4, e);
    struct demo_live_staff staff = {.front_door = &fd, .manager = &mgr, .police = f3 ? &police : NULL,
                                    .health = f4 ? &health : NULL};
    struct demo_live_stats st;
    day_t from = date_from_ymd(p->last_year, 4, 1);
    double t0 = elapsed_now();
    /* every write is its own transaction, as from the forms; a demo that fails is removed
     * whole, so they need not each wait for the disk */
    if (rc == HE_OK)
        rc = store_set_durable(s, false, e);
    if (rc == HE_OK)
        rc = demo_live(s, &staff, p->seed, from, today, &st, e);
    if (rc == HE_OK)
        rc = store_set_durable(s, true, e);
    if (rc == HE_OK && !quiet && today >= from) {
        char a[11], b[11];
        date_format_uk(from, a);
        date_format_uk(today, b);
        printf("\nThe year so far, %s to %s, recorded as the forms record it (%.2f s):\n"
               "  %lld contacts (%lld decided, %lld referrals), %lld assessments started and %lld "
               "authorised,\n  %lld strategy discussions, %lld conferences (%lld plans), %lld child "
               "protection reviews,\n  %lld child in need plans, %lld episodes closed, %lld children "
               "became looked after and %lld stopped,\n  %lld visits, %lld looked-after reviews, "
               "%lld pathway plans, %lld care leaver contacts,\n  %lld contacts through the hub with "
               "%lld agency checks\n",
               a, b, elapsed_now() - t0, st.contacts, st.decisions, st.referrals, st.assessments,
               st.authorised, st.strategies, st.conferences, st.cp_plans, st.cp_reviews, st.cin_plans,
               st.closures, st.looked_after, st.ceased, st.visits, st.la_reviews, st.pathway_plans,
               st.leaver_contacts, st.hub, st.hub_checks);
        if (st.refused)
            printf("  %lld writes refused by the record's checks; the first: %s\n", st.refused,
                   st.first_refusal);
    }
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "generate"))
        return cmd_demo_generate(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "users"))
        return cmd_demo_users(argc - 1, argv + 1);

    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},         {"population", required_argument, NULL, 'p'},
        {"years", required_argument, NULL, 'n'},      {"seed", required_argument, NULL, 's'},
        {"keep", required_argument, NULL, 'k'},       {"force", no_argument, NULL, 'F'},
        {"quiet", no_argument, NULL, 'q'},            {"help", no_argument, NULL, 'h'},
        {"today", required_argument, NULL, 't'},      {NULL, 0, NULL, 0},
    };
    struct synth_params p;
    synth_params_default(&p);
    day_t today = real_today();
    const char *db = "demo.db", *keep = NULL;
    long long years = 3;
    bool force = false, quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'p':
            if (!parse_ll(optarg, 1000, 20000000, &p.population))
                return bad_option("--population", optarg, "give a whole number of children from 1000 to 20000000");
            break;
        case 'n':
            if (!parse_ll(optarg, 1, 10, &years))
                return bad_option("--years", optarg, "give a number of collection years from 1 to 10");
            break;
        case 's':
            if (!parse_seed(optarg, &p.seed))
                return bad_option("--seed", optarg, "give a whole number of 0 or more");
            break;
        case 'k': keep = optarg; break;
        case 't':
            today = date_parse_any(optarg, strlen(optarg));
            if (!today || today < date_from_ymd(DEMO_LAST_YEAR, 3, 31) ||
                today > date_from_ymd(DEMO_LAST_YEAR + 4, 3, 31))
                return bad_option("--today", optarg, "give a date from 31/03/2026 to 31/03/2030 "
                                                     "(YYYY-MM-DD or DD/MM/YYYY)");
            break;
        case 'F': force = true; break;
        case 'q': quiet = true; break;
        case 'h': help_demo(stdout); return 0;
        default: help_demo(stderr); return HE_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hearth demo: unexpected '%s' (did you mean 'hearth demo generate'?)\n\n",
                argv[optind]);
        help_demo(stderr);
        return HE_USAGE;
    }
    p.last_year = DEMO_LAST_YEAR;
    p.first_year = DEMO_LAST_YEAR - (int)years + 1;

    struct err e;
    err_clear(&e);
    int rc = clear_old_db(db, force, &e);
    if (rc != HE_OK)
        return cmd_fail("demo", &e);

    /* the files */
    struct buf tmpl = BUF_INIT;
    const char *tmpdir = getenv("TMPDIR");
    buf_printf(&tmpl, "%s/hearth-demo-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    const char *dir = keep;
    if (!dir) {
        dir = mkdtemp(tmpl.data);
        if (!dir) {
            err_set(&e, HE_INTERNAL, "cannot make a temporary folder in %s: %s",
                    tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
            buf_free(&tmpl);
            return cmd_fail("demo", &e);
        }
    }
    struct synth_stats st;
    double t0 = elapsed_now();
    rc = synth_write_stats(&p, dir, &st, &e);
    if (rc == HE_OK && !quiet)
        print_written(&p, &st, keep ? keep : "a temporary folder", elapsed_now() - t0);

    /* the import, exactly as 'hearth import' does it: one transaction, all or nothing */
    struct store *s = NULL;
    struct importer im;
    bool made = false;
    if (rc == HE_OK) {
        rc = store_open(db, STORE_CREATE, &s, &e);
        made = rc == HE_OK;
    }
    if (rc == HE_OK)
        rc = store_set_setting(s, DEMO_MARK_KEY, DEMO_MARK, &e);
    /* the demo authority's LA code, as its returns' headers give it (hearth export) */
    if (rc == HE_OK)
        rc = store_set_setting(s, "la_code", p.lea ? p.lea : "887", &e);
    /* its area (the ONS code of Medway, whose postcodes its children's homes have): where a
     * placement is, inside the area or not, for the rules and the measures */
    if (rc == HE_OK && !p.lea)
        rc = store_set_setting(s, "ons_code", "E06000035", &e);
    if (rc == HE_OK) {
        importer_init(&im, s);
        im.progress = !quiet && isatty(2);
        t0 = elapsed_now();
        rc = store_begin_load(s, &e);
        /* only the years written now (with the SSDA903 history before the first): a kept
         * folder may hold others from an earlier run */
        for (int y = synth_first_903_year(&p); rc == HE_OK && y <= p.last_year; y++) {
            struct buf yd = BUF_INIT;
            buf_printf(&yd, "%s/%d", dir, y);
            rc = import_path(&im, yd.data, &e);
            buf_free(&yd);
        }
        importer_progress_end(&im);
        if (rc == HE_OK)
            rc = st_note_returns_end(s, &e);
        if (rc == HE_OK)
            rc = store_commit(s, &e);
        if (rc == HE_OK && !quiet) {
            double secs = elapsed_now() - t0;
            char shown[1024];
            printf("\nImported into %s:\n", cmd_db_shown(db, shown, sizeof shown));
            importer_summary(&im, stdout);
            long total = importer_total(&im);
            printf("%ld records in %.2f s (%.0f records/s)\n", total, secs,
                   secs > 0 ? (double)total / secs : 0.0);
        }
    }
    if (!keep)
        rm_tree(dir);
    buf_free(&tmpl);

    /* the latest year's performance table */
    struct facts f = {0};
    struct kpi_result r;
    day_t from = date_from_ymd(p.last_year - 1, 4, 1), to = date_from_ymd(p.last_year, 3, 31);
    if (rc == HE_OK)
        rc = store_load_facts(s, from, to, &f, &e);
    if (rc == HE_OK)
        rc = kpi_compute(&f, p.population, &r, &e);
    facts_free(&f);
    if (rc == HE_OK) {
        char pop[32];
        if (!quiet)
            printf("\nPerformance for the year to 31 March %d (synthetic authority, %s "
                   "children aged 0-17):\n\n",
                   p.last_year, thousands(pop, sizeof pop, p.population));
        kpi_print_table(&r, stdout);
        char shown2[1024];
        const char *shown_db = cmd_db_shown(db, shown2, sizeof shown2);
        if (!quiet)
            printf("\nThe records are in %s. Try:\n  hearth kpi --db %s --year %d "
                   "--population %lld --format json\n",
                   shown_db, shown_db, p.first_year < p.last_year ? p.last_year - 1 : p.last_year,
                   p.population);
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = err_set(&e, HE_INTERNAL, "could not write the output");
    }
    /* the returns carry no names: every child named, with their family network */
    if (rc == HE_OK) {
        struct demo_family_stats fs;
        t0 = elapsed_now();
        rc = demo_families(s, p.seed, p.last_year, &fs, &e);
        if (rc == HE_OK && !quiet)
            printf("\nNamed %lld children in %lld families and added %lld parents and carers "
                   "(%.2f s)\n", fs.children, fs.families, fs.relatives, elapsed_now() - t0);
    }
    /* the web application's demo: its population for rates, and a sign-in per role */
    if (rc == HE_OK) {
        char pop[32];
        snprintf(pop, sizeof pop, "%lld", p.population);
        rc = store_set_setting(s, "population", pop, &e);
    }
    if (rc == HE_OK)
        rc = demo_users_accounts(s, &e);
    /* the wider service in the last year of returns, after its table: none of it is in the
     * statutory figures printed above */
    if (rc == HE_OK)
        rc = demo_early_help(s, p.last_year, p.population, p.seed, &e);
    /* exploitation screenings and missing episodes, of the councils' shape */
    struct demo_risk_stats rs = {0};
    if (rc == HE_OK)
        rc = demo_risk_add(s, p.last_year, p.population, p.seed, &rs, &e);
    if (rc == HE_OK && !quiet)
        printf("\nExploitation and missing (year to 31 March %d): %d young people screened; %d children "
               "missing from home (%d episodes); %d return home interviews offered.\n",
               p.last_year, rs.screened, rs.missing_children, rs.episodes, rs.returns_offered);
    if (rc == HE_OK)
        rc = demo_panels_add(s, p.last_year, today, p.seed, quiet ? NULL : stdout, &e);
    /* private fostering arrangements, notified, visited and decided up to today */
    struct demo_privfost_stats ps = {0};
    if (rc == HE_OK)
        rc = demo_privfost_add(s, p.last_year, today, p.population, p.seed, &ps, &e);
    if (rc == HE_OK && !quiet)
        printf("\nPrivate fostering: %d arrangements notified (%d first visits late), %d visits; %d going on, "
               "%d ended.\n",
               ps.notified, ps.late_first, ps.visits, ps.current, ps.ended);
    /* the current year, from the day after the last return to today, as live casework */
    if (rc == HE_OK)
        rc = demo_now(s, &p, today, quiet, &e);
    /* families were formed from the returns; who lives at home is as today leaves it */
    if (rc == HE_OK)
        rc = sd_households_settle(s, &e);
    /* the looked-after children's carers and what their placements cost: money page */
    if (rc == HE_OK) {
        struct demo_money_stats ms;
        t0 = elapsed_now();
        rc = store_set_durable(s, false, &e);
        if (rc == HE_OK)
            rc = demo_money_add(s, p.last_year, today, p.seed, &ms, &e);
        if (rc == HE_OK)
            rc = store_set_durable(s, true, &e);
        if (rc == HE_OK && !quiet) {
            char a[32], b[32], c2[32];
            printf("\nPlaced %lld looked-after children with %lld carers and providers: placements cost "
                   "\302\243%s so far this financial year, forecast \302\243%s against a budget of "
                   "\302\243%s (%.2f s)\n",
                   ms.placed, ms.carers, thousands(a, sizeof a, ms.spent / 100), thousands(b, sizeof b, ms.forecast / 100),
                   thousands(c2, sizeof c2, ms.budget / 100), elapsed_now() - t0);
        }
    }
    if (rc == HE_OK)
        rc = demo_users_caseloads(s, p.seed, today, &e);
    /* what the workers write about the children they hold: notes, assessments, plans, tasks */
    if (rc == HE_OK) {
        struct demo_casework_stats cs;
        t0 = elapsed_now();
        rc = store_set_durable(s, false, &e);
        if (rc == HE_OK)
            rc = demo_users_casework(s, p.seed, today, &cs, &e);
        if (rc == HE_OK)
            rc = store_set_durable(s, true, &e);
        if (rc == HE_OK && !quiet) {
            printf("\nThe demo workers' casework on their %lld children (%.2f s):\n"
                   "  %lld case notes, %lld assessments written (%lld sent for authorisation), "
                   "%lld plans with %lld actions, %lld health assessments and PEPs, %lld tasks open and %lld done\n"
                   "  the team manager authorised %lld assessments and returned %lld to the worker\n",
                   cs.children, elapsed_now() - t0, cs.notes, cs.assessments, cs.submitted, cs.plans, cs.actions,
                   cs.health, cs.tasks, cs.tasks_done, cs.authorised, cs.returned);
            if (cs.refused)
                printf("  %lld writes refused by the record's checks; the first: %s\n", cs.refused,
                       cs.first_refusal);
        }
    }
    /* the voice of the child and audits of the files the demo workers hold: demo_qa.c */
    if (rc == HE_OK) /* the voice of the child and audits: demo_qa.c */
        rc = demo_qa_add(s, today, p.seed, &e);
    if (rc == HE_OK && !quiet)
        demo_users_print(stdout);
    if (rc == HE_OK)
        rc = demo_workforce_add(s, p.last_year, p.seed, &e);
    if (s) {
        struct err ignored;
        store_rollback(s, &ignored);
        store_close(s);
    }
    if (rc != HE_OK) {
        struct err ignored;
        if (made && store_destroy(db, NULL, &ignored) != HE_OK) /* half a demo is no use to anyone */
            fprintf(stderr, "hearth demo: could not remove the unfinished %s: %s\n", db, ignored.msg);
        return cmd_fail("demo", &e);
    }
    return 0;
}
