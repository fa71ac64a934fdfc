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
#include "web/session.h"

static void help_user(FILE *f)
{
    fprintf(f,
            "usage: hearth user add NAME --role ROLE [--team TEAM] [--display \"Full Name\"]\n"
            "                      [--password-file FILE] [--db PATH]\n"
            "\n"
            "Add a user of the web application. The password (at least 10 characters) is read\n"
            "from the first line of FILE, or of standard input; it is kept only as an Argon2id hash.\n"
            "Roles: front_door, social_worker, personal_adviser, team_manager, iro, analyst, admin.\n"
            "The team is created when it does not exist yet.\n");
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

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help_user(argc < 2 ? stderr : stdout);
        return argc < 2 ? HE_USAGE : HE_OK;
    }
    if (strcmp(argv[1], "add")) {
        fprintf(stderr, "hearth user: '%s' is not a user command (try 'hearth user add')\n", argv[1]);
        return HE_USAGE;
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"role", required_argument, NULL, 'r'},
        {"team", required_argument, NULL, 't'}, {"display", required_argument, NULL, 'n'},
        {"password-file", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *role_s = NULL, *team = NULL, *display = NULL, *pwfile = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': role_s = optarg; break;
        case 't': team = optarg; break;
        case 'n': display = optarg; break;
        case 'p': pwfile = optarg; break;
        case 'h': help_user(stdout); return HE_OK;
        default: help_user(stderr); return HE_USAGE;
        }
    }
    if (optind + 1 != argc - 1) {
        fprintf(stderr, "hearth user add: give exactly one user NAME\n");
        return HE_USAGE;
    }
    const char *name = argv[1 + optind];
    int role = cw_role_parse(role_s);
    if (role < 0) {
        fprintf(stderr, "hearth user add: --role must be one of front_door, social_worker, "
                        "personal_adviser, team_manager, iro, analyst, admin%s%s%s\n",
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
        rc = password_hash(pw, hash, &e);
    memset(pw, 0, sizeof pw);
    if (rc != HE_OK)
        return cmd_fail("user add", &e);
    struct store *s;
    if ((rc = store_open(db, STORE_CREATE, &s, &e)) != HE_OK)
        return cmd_fail("user add", &e);
    int64_t id;
    rc = cw_user_add(s, name, display, (enum cw_role)role, team, hash, (int64_t)time(NULL), &id, &e);
    store_close(s);
    if (rc != HE_OK)
        return cmd_fail("user add", &e);
    printf("added %s (%s%s%s)\n", name, cw_role_name((enum cw_role)role), team ? ", " : "", team ? team : "");
    return HE_OK;
}
