/* cmd/cmd: what every command shares (cmd.h): where the database is, how a database is
 * shown without its password, and the three ways a command reports a failure with the
 * exit status the brief gives each (1 bad input, 2 usage, 3 internal). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const char *cmd_default_db(void)
{
    const char *env = getenv("HEARTH_DB");
    return env && *env ? env : "hearth.db";
}

const char *cmd_db_shown(const char *db, char *out, size_t n)
{
    const char *scheme = strstr(db, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    if (!colon)
        return db;
    snprintf(out, n, "%.*s:***%s", (int)(colon - db), db, at);
    return out;
}

int cmd_fail(const char *cmd, const struct err *e)
{
    char msg[2048];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth %s: %s\n", cmd, msg);
    return e->code ? e->code : HE_INTERNAL;
}

int cmd_bad_input(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "hearth %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return HE_INPUT;
}

int cmd_usage(const char *cmd, void (*help)(FILE *), const char *msg)
{
    fprintf(stderr, "hearth %s: %s\n\n", cmd, msg);
    help(stderr);
    return HE_USAGE;
}
