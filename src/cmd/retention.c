/* cmd/retention: `hearth retention --report` lists the files whose retention period is over
 * (trust/retention.c has the rules), `hold` and `release` place and lift legal holds, and
 * `delete` removes a file that is due, only with --confirm and an administrator's name,
 * never under a hold (store_trust.c). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "store/audit.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"
#include "trust/retention.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth retention --report [--as-of YYYY-MM-DD] [--db PATH]\n"
            "       hearth retention hold LACHILDID --reason TEXT --by ADMIN [--db PATH]\n"
            "       hearth retention release LACHILDID --by ADMIN [--db PATH]\n"
            "       hearth retention delete LACHILDID --by ADMIN --confirm [--as-of DATE] [--db PATH]\n"
            "       hearth retention prune-log --by ADMIN --confirm [--as-of DATE] [--db PATH]\n"
            "\n"
            "Each child's file is kept for the longest period any of its records needs\n"
            "(docs/retention.md): looked after 75 years from birth, adopted 100 years from the\n"
            "order, child protection 35 years and child in need to 21 or 3 years from the last\n"
            "activity, contacts only 6 years. --report lists files due for review on the given day\n"
            "(default today) and files whose due date cannot be worked out. delete removes a due\n"
            "file's records for good: it needs --confirm and the sign-in name of an administrator\n"
            "(--by), and is refused while a legal hold is in force.\n"
            "\n"
            "The access log is kept %d years from each opening: --report counts the entries due,\n"
            "and prune-log removes them, oldest first, leaving a checkpoint from which\n"
            "`hearth audit verify` still proves every entry kept (administrator and --confirm).\n",
            RETENTION_ACCESS_LOG_YEARS);
}

static day_t today_utc(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int report(struct store *s, day_t as_of, struct err *e)
{
    rec_id *ids;
    size_t n;
    int rc = tr_people(s, &ids, &n, e);
    if (rc != HE_OK)
        return rc;
    int due = 0, unknown = 0, held = 0;
    char as[11];
    date_format_iso(as_of, as);
    printf("Files due for retention review on %s\n", as);
    printf("%-20s %-12s %-12s %-36s %s\n", "LAchildID", "due", "born", "rule", "legal hold");
    for (size_t i = 0; rc == HE_OK && i < n; i++) {
        struct child_file c;
        if ((rc = store_load_child(s, ids[i], &c, e)) != HE_OK)
            break;
        struct retention r;
        retention_assess(&c, &r);
        if (r.due == DAY_NONE || r.due <= as_of) {
            char *hold = NULL;
            rc = tr_hold_get(s, ids[i], &hold, e);
            char d[11], b[11];
            date_format_iso(r.due, d);
            date_format_iso(c.person.dob, b);
            printf("%-20s %-12s %-12s %-36s %s\n", c.person.la_child_id, r.due == DAY_NONE ? "unknown" : d,
                   *b ? b : "-", retention_rule(r.kind)->name, hold ? hold : "");
            if (r.due == DAY_NONE)
                unknown++;
            else
                due++;
            held += hold != NULL;
            free(hold);
        }
        child_file_free(&c);
    }
    free(ids);
    if (rc == HE_OK)
        printf("%d due, %d with no date to count from (review by hand), %d of them under a legal hold; "
               "%zu files checked\n", due, unknown, held, n);
    struct audit_prunable p;
    if (rc == HE_OK && (rc = audit_prunable(s, retention_access_log_cut(as_of), &p, e)) == HE_OK) {
        char cut[11];
        date_format_iso((day_t)(retention_access_log_cut(as_of) / 86400 + date_from_ymd(1970, 1, 1)), cut);
        printf("\nAccess log (each entry kept %d years from the opening)\n", RETENTION_ACCESS_LOG_YEARS);
        if (!p.entries && !p.legacy)
            printf("no entry opened before %s is due\n", cut);
        else
            printf("%" PRId64 " entries opened before %s are due (places %" PRId64 " to %" PRId64 " of the chain)%s; "
                   "an administrator prunes them with: hearth retention prune-log --by NAME --confirm\n",
                   p.entries + p.legacy, cut, p.first_seq, p.last_seq,
                   p.legacy ? ", some from before the chain" : "");
    }
    return rc;
}

/* The access log's entries past their retention, pruned with a checkpoint. */
static int prune_log(struct store *s, day_t as_of, const char *by, bool confirm, struct err *e)
{
    int64_t cut = retention_access_log_cut(as_of);
    struct audit_prunable p;
    int rc = audit_prunable(s, cut, &p, e);
    if (rc != HE_OK)
        return rc;
    if (!p.entries && !p.legacy) {
        printf("no access log entry is past its retention period; nothing was pruned\n");
        return HE_OK;
    }
    if (!confirm)
        return err_set(e, HE_USAGE, "pruning %" PRId64 " access log entries cannot be undone: add --confirm "
                       "(nothing was pruned)", p.entries + p.legacy);
    char cp[65];
    if ((rc = audit_prune(s, cut, by, (int64_t)time(NULL), &p, cp, e)) != HE_OK)
        return rc;
    printf("pruned %" PRId64 " access log entries", p.entries + p.legacy);
    if (p.entries)
        printf(" (places %" PRId64 " to %" PRId64 "); checkpoint %s\n"
               "hearth audit verify proves the rest from it: write the checkpoint down with the head hash\n",
               p.first_seq, p.last_seq, cp);
    else
        printf(" (from before the chain)\n");
    return HE_OK;
}

/* --by must name an administrator. */
static int admin(struct store *s, const char *by, struct err *e)
{
    if (!by)
        return err_set(e, HE_USAGE, "say which administrator this is (--by NAME)");
    struct cw_user u;
    bool found;
    int rc = cw_user_by_name(s, by, &u, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found || u.role != ROLE_ADMIN)
        return err_set(e, HE_INPUT, "'%s' is not an administrator: only an administrator may do this", by);
    return HE_OK;
}

int cmd_retention(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"report", no_argument, NULL, 'r'},
        {"as-of", required_argument, NULL, 'a'},  {"reason", required_argument, NULL, 'R'},
        {"by", required_argument, NULL, 'b'},     {"confirm", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *as_of_s = NULL, *reason = NULL, *by = NULL;
    bool want_report = false, confirm = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': want_report = true; break;
        case 'a': as_of_s = optarg; break;
        case 'R': reason = optarg; break;
        case 'b': by = optarg; break;
        case 'c': confirm = true; break;
        case 'h': help(stdout); return HE_OK;
        default: help(stderr); return HE_USAGE;
        }
    }
    day_t as_of = today_utc();
    if (as_of_s && (as_of = date_parse_iso(as_of_s, strlen(as_of_s))) == DAY_NONE) {
        fprintf(stderr, "hearth retention: --as-of must be a date as YYYY-MM-DD (not '%s')\n", as_of_s);
        return HE_USAGE;
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    bool prune = sub && !strcmp(sub, "prune-log");
    if (want_report ? sub != NULL
                    : !sub || (strcmp(sub, "hold") && strcmp(sub, "release") && strcmp(sub, "delete") && !prune) ||
                          optind + (prune ? 1 : 2) != argc) {
        help(stderr);
        return HE_USAGE;
    }
    struct err e;
    err_clear(&e);
    struct store *s;
    if (store_open(db, 0, &s, &e) != HE_OK)
        return cmd_fail("retention", &e);
    int rc;
    if (want_report) {
        rc = report(s, as_of, &e);
        store_close(s);
        return rc == HE_OK ? HE_OK : cmd_fail("retention", &e);
    }
    if (prune) {
        if ((rc = admin(s, by, &e)) == HE_OK)
            rc = prune_log(s, as_of, by, confirm, &e);
        store_close(s);
        return rc == HE_OK ? HE_OK : cmd_fail("retention", &e);
    }
    const char *la = argv[optind + 1];
    rec_id person = 0;
    int64_t now = (int64_t)time(NULL);
    if ((rc = admin(s, by, &e)) == HE_OK && (rc = store_find_person(s, la, &person, &e)) == HE_OK && !person)
        rc = err_set(&e, HE_INPUT, "no person with LAchildID '%s'", la);
    if (rc == HE_OK && !strcmp(sub, "hold")) {
        if ((rc = tr_hold_place(s, person, reason, by, now, &e)) == HE_OK)
            printf("legal hold placed on %s: %s\n", la, reason);
    } else if (rc == HE_OK && !strcmp(sub, "release")) {
        int n;
        if ((rc = tr_hold_lift(s, person, now, &n, &e)) == HE_OK)
            printf("%d legal hold%s lifted on %s\n", n, n == 1 ? "" : "s", la);
    } else if (rc == HE_OK) {
        struct child_file cf;
        struct retention r;
        if ((rc = store_load_child(s, person, &cf, &e)) == HE_OK) {
            retention_assess(&cf, &r);
            child_file_free(&cf);
            char d[11];
            date_format_iso(r.due, d);
            if (r.due == DAY_NONE)
                rc = err_set(&e, HE_INPUT, "%s's retention date cannot be worked out (no date to count "
                             "from): review the file by hand; nothing was deleted", la);
            else if (r.due > as_of)
                rc = err_set(&e, HE_INPUT, "%s is kept until %s (%s: %s); nothing was deleted", la, d,
                             retention_rule(r.kind)->name, retention_rule(r.kind)->rule);
            else if (!confirm)
                rc = err_set(&e, HE_USAGE, "deleting %s's records cannot be undone: add --confirm "
                             "(nothing was deleted)", la);
            else if ((rc = tr_delete_person(s, person, retention_rule(r.kind)->key, r.due, by, now, &e)) == HE_OK)
                printf("deleted the records of %s (%s, due %s); recorded in the deletion register\n", la,
                       retention_rule(r.kind)->name, d);
        }
    }
    store_close(s);
    return rc == HE_OK ? HE_OK : cmd_fail("retention", &e);
}
