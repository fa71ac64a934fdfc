/* main: parses nothing but the subcommand name and dispatches, as git.c does. Every
 * subcommand lives in src/cmd/ and owns its own options and --help. This is the only
 * place that turns a status into the process's exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand commands[] = {
    {"import", cmd_import, "load CIN census XML, SSDA903 CSV and Annex A lists into the database"},
    {"kpi", cmd_kpi, "the performance table for a period (every measure in kpis.md)"},
    {"demo", cmd_demo, "build a synthetic demo authority and show its performance"},
    {"validate", cmd_validate, "check children against the DfE CIN census validation rules of a year"},
    {"export", cmd_export, "write the CIN census, SSDA903 tables or Ofsted Annex A workbook"},
    {"serve", cmd_serve, "run the web application for practitioners"},
    {"user", cmd_user, "add users of the web application (hearth user add NAME --role ROLE)"},
    {"audit", cmd_audit, "the access log: verify its hash chain, who opened a child's record"},
    {"sar", cmd_sar, "a subject access request: everything held about a person, as one bundle"},
    {"retention", cmd_retention, "files due for deletion, legal holds, deletion by an administrator"},
    {"restrict", cmd_restrict, "restrict a record to named users; keep staff out of their own family's"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: hearth [--db PATH] [--la CODE] COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'hearth COMMAND --help' describes each. The database is --db PATH, else "
               "$HEARTH_DB, else ./hearth.db.\n");
    fprintf(f, "A PostgreSQL database (--db postgresql://...) can hold several authorities: "
               "--la CODE (else $HEARTH_LA)\nnames the one to work in, with any command.\n");
}

int main(int argc, char **argv)
{
    /* --la CODE is for every command (the store reads it as $HEARTH_LA), so it is taken
     * out here and no command needs to know it */
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--la") || !strncmp(argv[i], "--la=", 5)) {
            const char *code = argv[i][4] == '=' ? argv[i] + 5 : (i + 1 < argc ? argv[++i] : NULL);
            if (!code || !*code) {
                fprintf(stderr, "hearth: --la needs an authority code (such as 887)\n");
                return 2;
            }
            setenv("HEARTH_LA", code, 1);
            continue;
        }
        argv[n++] = argv[i];
    }
    argc = n;
    argv[argc] = NULL;
    /* options before the command, as git and docker take them: --db PATH is every
     * command's database (read as $HEARTH_DB, which a command's own --db overrides) */
    while (argc > 1 && (!strcmp(argv[1], "--db") || !strncmp(argv[1], "--db=", 5))) {
        const char *db = argv[1][4] == '=' ? argv[1] + 5 : (argc > 2 ? argv[2] : NULL);
        if (!db || !*db) {
            fprintf(stderr, "hearth: --db needs a database path or URI\n");
            return 2;
        }
        setenv("HEARTH_DB", db, 1);
        int used = argv[1][4] == '=' ? 1 : 2;
        memmove(argv + 1, argv + 1 + used, (size_t)(argc - used) * sizeof *argv);
        argc -= used;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("hearth 0.1");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "hearth: '%s' is not a command\n\n", argv[1]);
    usage(stderr);
    return 2;
}
