/* cmd/restrict: `hearth restrict` lets an administrator restrict a child's (or family
 * member's) record to named users, name those users, keep a member of staff out of their
 * own or their family's record, and lift a restriction (store/store_trust.c). Adopted
 * children's records are restricted without this; naming users opens them to those users. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth restrict LACHILDID --reason TEXT --by ADMIN [--db PATH]\n"
            "       hearth restrict LACHILDID --allow USER --by ADMIN [--db PATH]\n"
            "       hearth restrict LACHILDID --exclude USER --reason TEXT --by ADMIN [--db PATH]\n"
            "       hearth restrict LACHILDID --lift --by ADMIN [--db PATH]\n"
            "\n"
            "A restricted record opens only for the users named with --allow; everyone else\n"
            "sees that it exists and nothing in it, and may open it only by break-glass (giving\n"
            "a reason, which is flagged for a manager). An adopted child's record is restricted\n"
            "from the adoption order on. --exclude keeps a member of staff who is the person, or\n"
            "their family, out of the record altogether, break-glass included. --by names the\n"
            "administrator doing it.\n");
}

static int user_named(struct store *s, const char *name, struct cw_user *u, struct err *e)
{
    bool found;
    int rc = cw_user_by_name(s, name, u, &found, e);
    if (rc == HE_OK && !found)
        rc = err_set(e, HE_INPUT, "there is no user called '%s'", name);
    return rc;
}

int cmd_restrict(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"reason", required_argument, NULL, 'r'},
        {"by", required_argument, NULL, 'b'},      {"allow", required_argument, NULL, 'a'},
        {"exclude", required_argument, NULL, 'x'}, {"lift", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *reason = NULL, *by = NULL, *allow = NULL, *exclude = NULL;
    bool lift = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': reason = optarg; break;
        case 'b': by = optarg; break;
        case 'a': allow = optarg; break;
        case 'x': exclude = optarg; break;
        case 'l': lift = true; break;
        case 'h': help(stdout); return HE_OK;
        default: help(stderr); return HE_USAGE;
        }
    }
    if (optind != argc - 1 || !by || (allow != NULL) + (exclude != NULL) + lift > 1) {
        help(stderr);
        return HE_USAGE;
    }
    const char *la = argv[optind];
    struct err e;
    err_clear(&e);
    struct store *s;
    if (store_open(db, 0, &s, &e) != HE_OK)
        return cmd_fail("restrict", &e);
    struct cw_user admin, who;
    rec_id person = 0;
    int64_t now = (int64_t)time(NULL);
    int rc = user_named(s, by, &admin, &e);
    if (rc == HE_OK && admin.role != ROLE_ADMIN)
        rc = err_set(&e, HE_INPUT, "'%s' is not an administrator: only an administrator may restrict records", by);
    if (rc == HE_OK && (rc = store_find_person(s, la, &person, &e)) == HE_OK && !person)
        rc = err_set(&e, HE_INPUT, "no person with LAchildID '%s'", la);
    if (rc == HE_OK) {
        if (lift) {
            if ((rc = tr_unrestrict(s, person, &e)) == HE_OK)
                printf("%s is no longer restricted (an adopted child's record stays restricted)\n", la);
        } else if (allow) {
            if ((rc = user_named(s, allow, &who, &e)) == HE_OK &&
                (rc = tr_restrict_allow(s, person, who.id, admin.id, now, &e)) == HE_OK)
                printf("%s may open %s's restricted record\n", allow, la);
        } else if (exclude) {
            if ((rc = user_named(s, exclude, &who, &e)) == HE_OK &&
                (rc = tr_exclude(s, person, who.id, reason, &e)) == HE_OK)
                printf("%s is kept out of %s's record\n", exclude, la);
        } else if ((rc = tr_restrict(s, person, reason, admin.id, now, &e)) == HE_OK) {
            printf("%s's record is restricted: name who may open it with --allow USER\n", la);
        }
    }
    store_close(s);
    return rc == HE_OK ? HE_OK : cmd_fail("restrict", &e);
}
