/* cmd/audit: the access log from the command line. `hearth audit verify` walks the hash
 * chain (store_audit.c) and proves it intact or names the first broken entry; `hearth audit
 * child ID` lists who saw a child's record and when; `hearth audit glass` lists break-glass
 * openings for review; `hearth audit seal` chains entries written before the chain existed. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "store/audit.h"
#include "store/store.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth audit verify [--db PATH]\n"
            "       hearth audit child LACHILDID [--db PATH]\n"
            "       hearth audit glass [--all] [--db PATH]\n"
            "       hearth audit seal [--db PATH]\n"
            "\n"
            "The access log records every opening of a child's record. Each entry carries a\n"
            "SHA-256 hash of itself and the entry before it, so a changed, inserted or deleted\n"
            "entry breaks the chain.\n"
            "  verify   check the whole chain; exit 0 when intact, 1 naming the first broken entry.\n"
            "           Prints the head hash: write it down elsewhere to prove later that the\n"
            "           log was not rebuilt.\n"
            "  child    who opened a child's record (by LAchildID), when, and any break-glass reason\n"
            "  glass    break-glass openings not yet reviewed by a manager (--all: every one)\n"
            "  seal     chain entries written before this version of hearth (after an upgrade)\n");
}

static void when(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static int print_entry(void *ctx, const struct audit_entry *a)
{
    char t[40];
    when(a->at, t, sizeof t);
    int *count = ctx;
    (*count)++;
    printf("%s  %-16s %-28s %-16s %s", t, a->user, a->display, a->role, a->page);
    if (a->reason[0])
        printf("  BREAK-GLASS (entry %" PRId64 "): %s", a->id, a->reason);
    printf("\n");
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? HE_USAGE : HE_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "verify") && strcmp(sub, "child") && strcmp(sub, "glass") && strcmp(sub, "seal")) {
        fprintf(stderr, "hearth audit: '%s' is not an audit command (verify, child, glass, seal)\n", sub);
        return HE_USAGE;
    }
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db();
    bool all = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'a': all = true; break;
        case 'h': help(stdout); return HE_OK;
        default: help(stderr); return HE_USAGE;
        }
    }
    int nargs = argc - 1 - optind;
    if ((!strcmp(sub, "child") && nargs != 1) || (strcmp(sub, "child") && nargs != 0)) {
        fprintf(stderr, "hearth audit %s: %s\n", sub,
                !strcmp(sub, "child") ? "give exactly one LAchildID" : "takes no arguments");
        return HE_USAGE;
    }
    struct err e;
    err_clear(&e);
    struct store *s;
    int rc = store_open(db, strcmp(sub, "seal") ? STORE_READONLY : 0, &s, &e);
    if (rc != HE_OK)
        return cmd_fail("audit", &e);
    if (!strcmp(sub, "verify")) {
        struct audit_verdict v;
        rc = audit_verify(s, &v, &e);
        store_close(s);
        if (rc != HE_OK)
            return cmd_fail("audit verify", &e);
        if (v.unchained)
            printf("%" PRId64 " entries were written before the chain began (run 'hearth audit seal')\n",
                   v.unchained);
        if (!v.intact) {
            printf("BROKEN: %s\n", v.why);
            if (v.broken_id)
                printf("first broken entry: row %" PRId64 ", place %" PRId64 " in the chain\n",
                       v.broken_id, v.broken_seq);
            else
                printf("first broken entry: place %" PRId64 " in the chain\n", v.broken_seq);
            return HE_INPUT;
        }
        printf("intact: %" PRId64 " entries, head %" PRId64 " %s\n", v.entries, v.head_seq, v.head);
        if (v.checkpoints) /* pruned at retention: the chain is proved from the checkpoint */
            printf("from checkpoint: entries 1 to %" PRId64 " pruned (%" PRId64 " prune%s), checkpoint %s\n",
                   v.checkpoint_seq, v.checkpoints, v.checkpoints == 1 ? "" : "s", v.checkpoint);
        return HE_OK;
    }
    if (!strcmp(sub, "seal")) {
        int64_t n;
        rc = audit_seal(s, &n, &e);
        store_close(s);
        if (rc != HE_OK)
            return cmd_fail("audit seal", &e);
        printf("chained %" PRId64 " entries\n", n);
        return HE_OK;
    }
    int count = 0;
    if (!strcmp(sub, "glass")) {
        rc = audit_break_glass(s, !all, print_entry, &count, &e);
        store_close(s);
        if (rc != HE_OK)
            return cmd_fail("audit glass", &e);
        if (!count)
            printf("no break-glass openings%s\n", all ? "" : " waiting for review");
        return HE_OK;
    }
    rec_id person = 0;
    const char *id = argv[argc - 1];
    rc = store_find_person(s, id, &person, &e);
    if (rc == HE_OK && !person)
        rc = err_set(&e, HE_INPUT, "no child with LAchildID '%s'", id);
    if (rc == HE_OK)
        rc = audit_for_person(s, person, print_entry, &count, &e);
    store_close(s);
    if (rc != HE_OK)
        return cmd_fail("audit child", &e);
    if (!count)
        printf("nobody has opened %s's record in hearth\n", id);
    return HE_OK;
}
