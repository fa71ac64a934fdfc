/* cmd/user: `hearth user add NAME --role ROLE --team TEAM` adds someone who can sign in to
 * `hearth serve`. The password comes from standard input (first line) or --password-file,
 * never from the command line, where other users of the machine could read it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"
#include "store/workflow.h"
#include "trust/password.h"
#include "trust/totp.h"
#include "web/session.h"

static void help_user(FILE *f)
{
    fprintf(f,
            "usage: hearth user add NAME --role ROLE [--team TEAM] [--team-kind KIND]\n"
            "                      [--display \"Full Name\"] [--password-file FILE] [--db PATH]\n"
            "       hearth user passwd NAME [--password-file FILE] [--db PATH]\n"
            "       hearth user totp NAME [--off] [--db PATH]\n"
            "       hearth user unlock NAME [--db PATH]\n"
            "\n"
            "Add a user of the web application. The password (at least 10 characters, not one\n"
            "attackers try first, not the sign-in name; no rules about capitals or digits) is read\n"
            "from the first line of FILE, or of standard input; it is kept only as an Argon2id hash.\n"
            "passwd sets a new password and signs the user out everywhere. totp turns on the\n"
            "second factor (prints the secret for an authenticator app) or, with --off, turns it\n"
            "off. unlock ends a lock-out after failed sign-ins.\n"
            "Roles: front_door, social_worker, personal_adviser, team_manager, iro, analyst, admin,\n"
            "partner (a partner agency's officer in the hub: sees only the hub's contacts; the\n"
            "team names the agency, for example \"Police\").\n"
            "The team is created when it does not exist yet. --team-kind says what the team does\n"
            "(front_door, assessment, protection, in_care, leaving_care, reviewing, other): a\n"
            "referral goes by default to the assessment teams' queues.\n");
}

static int read_password(const char *file, char *out, size_t n)
{
    FILE *f = file ? fopen(file, "r") : stdin;
    if (!f)
        return -1;
    if (!fgets(out, (int)n, f))
        out[0] = 0;
    if (file)
        fclose(f);
    out[strcspn(out, "\r\n")] = 0;
    return 0;
}

/* passwd, totp, unlock: argv[0] is the subcommand. */
static int user_manage(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"password-file", required_argument, NULL, 'p'},
                                         {"off", no_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *pwfile = NULL, *sub = argv[0];
    bool off = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'p': pwfile = optarg; break;
        case 'o': off = true; break;
        case 'h': help_user(stdout); return HE_OK;
        default: help_user(stderr); return HE_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "hearth user %s: give exactly one user NAME\n", sub);
        return HE_USAGE;
    }
    const char *name = argv[optind];
    char cmdname[32];
    snprintf(cmdname, sizeof cmdname, "user %s", sub);
    struct err e;
    err_clear(&e);
    int rc = session_init(&e);
    if (rc != HE_OK)
        return cmd_fail(cmdname, &e);
    char pw[512], hash[128];
    if (!strcmp(sub, "passwd")) {
        if (read_password(pwfile, pw, sizeof pw)) {
            fprintf(stderr, "hearth user passwd: cannot read the password file %s\n", pwfile);
            return HE_INPUT;
        }
        rc = password_policy(pw, name, &e);
        if (rc == HE_OK)
            rc = password_hash(pw, hash, &e);
        memset(pw, 0, sizeof pw);
        if (rc != HE_OK)
            return cmd_fail(cmdname, &e);
    }
    struct store *s;
    if ((rc = store_open(db, 0, &s, &e)) != HE_OK)
        return cmd_fail(cmdname, &e);
    struct cw_user u;
    bool found;
    if ((rc = cw_user_by_name(s, name, &u, &found, &e)) == HE_OK && !found)
        rc = err_set(&e, HE_INPUT, "there is no user called '%s'", name);
    if (rc == HE_OK && !strcmp(sub, "passwd")) {
        if ((rc = tr_password_set(s, u.id, hash, &e)) == HE_OK)
            printf("new password set for %s; every session of theirs has been ended\n", name);
    } else if (rc == HE_OK && !strcmp(sub, "unlock")) {
        if ((rc = tr_login_ok(s, u.id, &e)) == HE_OK)
            printf("%s may sign in again\n", name);
    } else if (rc == HE_OK && off) {
        if ((rc = tr_totp_set(s, u.id, NULL, &e)) == HE_OK)
            printf("%s signs in with a password only\n", name);
    } else if (rc == HE_OK) {
        char secret[TOTP_B32_LEN + 1];
        totp_new_secret(secret);
        if ((rc = tr_totp_set(s, u.id, secret, &e)) == HE_OK)
            printf("second factor on for %s. Add this key to an authenticator app (SHA-256, 6 digits, 30 s):\n"
                   "  %s\n  otpauth://totp/hearth:%s?secret=%s&issuer=hearth&algorithm=SHA256&digits=6&period=30\n",
                   name, secret, name, secret);
    }
    store_close(s);
    return rc == HE_OK ? HE_OK : cmd_fail(cmdname, &e);
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help_user(argc < 2 ? stderr : stdout);
        return argc < 2 ? HE_USAGE : HE_OK;
    }
    if (strcmp(argv[1], "add") && strcmp(argv[1], "passwd") && strcmp(argv[1], "totp") &&
        strcmp(argv[1], "unlock")) {
        fprintf(stderr, "hearth user: '%s' is not a user command (add, passwd, totp, unlock)\n", argv[1]);
        return HE_USAGE;
    }
    if (strcmp(argv[1], "add"))
        return user_manage(argc - 1, argv + 1);
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"role", required_argument, NULL, 'r'},
        {"team", required_argument, NULL, 't'}, {"display", required_argument, NULL, 'n'},
        {"password-file", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {"team-kind", required_argument, NULL, 'k'}, {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *role_s = NULL, *team = NULL, *display = NULL, *pwfile = NULL,
               *kind = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': role_s = optarg; break;
        case 't': team = optarg; break;
        case 'n': display = optarg; break;
        case 'p': pwfile = optarg; break;
        case 'k': kind = optarg; break;
        case 'h': help_user(stdout); return HE_OK;
        default: help_user(stderr); return HE_USAGE;
        }
    }
    if (kind && (!team || !wf_team_kind_name(kind))) {
        fprintf(stderr, "hearth user add: --team-kind needs --team and one of front_door, assessment, "
                        "protection, in_care, leaving_care, reviewing, other\n");
        return HE_USAGE;
    }
    if (optind + 1 != argc - 1) {
        fprintf(stderr, "hearth user add: give exactly one user NAME\n");
        return HE_USAGE;
    }
    const char *name = argv[1 + optind];
    int role = cw_role_parse(role_s);
    if (role < 0) {
        fprintf(stderr, "hearth user add: --role must be one of front_door, social_worker, "
                        "personal_adviser, team_manager, iro, analyst, admin, partner%s%s%s\n",
                role_s ? " (not '" : "", role_s ? role_s : "", role_s ? "')" : "");
        return HE_USAGE;
    }
    char pw[512], hash[128];
    if (read_password(pwfile, pw, sizeof pw)) {
        fprintf(stderr, "hearth user add: cannot read the password file %s\n", pwfile);
        return HE_INPUT;
    }
    struct err e;
    err_clear(&e);
    int rc = session_init(&e);
    if (rc == HE_OK)
        rc = password_policy(pw, name, &e);
    if (rc == HE_OK)
        rc = password_hash(pw, hash, &e);
    memset(pw, 0, sizeof pw);
    if (rc != HE_OK)
        return cmd_fail("user add", &e);
    struct store *s;
    if ((rc = store_open(db, STORE_CREATE, &s, &e)) != HE_OK)
        return cmd_fail("user add", &e);
    int64_t id;
    rc = cw_user_add(s, name, display, (enum cw_role)role, team, hash, (int64_t)time(NULL), &id, &e);
    int64_t team_id;
    if (rc == HE_OK && kind && (rc = cw_team_ensure(s, team, &team_id, &e)) == HE_OK)
        rc = wf_team_set_kind(s, team_id, kind, &e);
    store_close(s);
    if (rc != HE_OK)
        return cmd_fail("user add", &e);
    printf("added %s (%s%s%s)\n", name, cw_role_name((enum cw_role)role), team ? ", " : "", team ? team : "");
    return HE_OK;
}
