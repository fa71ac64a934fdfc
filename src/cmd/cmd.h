/* cmd: one function per subcommand, git-style. Each owns its flags and --help and
 * returns an exit status (0 ok, 1 bad input, 2 usage, 3 internal). main() dispatches. */
#ifndef HEARTH_CMD_H
#define HEARTH_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

int cmd_import(int argc, char **argv);
int cmd_kpi(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_sar(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_restrict(int argc, char **argv);
int cmd_benchmarks(int argc, char **argv);

/* Shared by commands: the database path from --db, else $HEARTH_DB, else "hearth.db". */
const char *cmd_default_db(void);
/* db as it may be shown (printed, logged): a PostgreSQL URI's password becomes ***.
 * Returns db itself or out (n bytes, filled). */
const char *cmd_db_shown(const char *db, char *out, size_t n);
/* Print an err to stderr as "hearth CMD: message" and return its exit status. */
int cmd_fail(const char *cmd, const struct err *e);
/* A bad value given on the command line ("hearth CMD: ..." on stderr): returns HE_INPUT. */
int cmd_bad_input(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A command line that cannot be run: msg, a blank line and the command's help on stderr;
 * returns HE_USAGE. */
int cmd_usage(const char *cmd, void (*help)(FILE *), const char *msg);

#endif
