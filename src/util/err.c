/* err: filling and printing struct err. See err.h for the convention. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
    memset(e, 0, sizeof *e);
}

static void vset(struct err *e, const char *fmt, va_list ap)
{
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    err_clear(e);
    e->code = code;
    va_start(ap, fmt);
    vset(e, fmt, ap);
    va_end(ap);
    return code;
}

int err_at(struct err *e, int code, const char *file, long line, const char *field,
           const char *fmt, ...)
{
    va_list ap;
    err_clear(e);
    e->code = code;
    if (file)
        snprintf(e->file, sizeof e->file, "%s", file);
    e->line = line;
    if (field)
        snprintf(e->field, sizeof e->field, "%s", field);
    va_start(ap, fmt);
    vset(e, fmt, ap);
    va_end(ap);
    return code;
}

void err_format(const struct err *e, char *buf, size_t n)
{
    char where[700] = "";
    size_t w = 0;
    if (e->file[0])
        w += (size_t)snprintf(where + w, sizeof where - w, "%s:", e->file);
    if (e->line > 0 && w < sizeof where)
        w += (size_t)snprintf(where + w, sizeof where - w, "%ld:", e->line);
    if (e->field[0] && w < sizeof where)
        snprintf(where + w, sizeof where - w, "%sfield %s:", w ? " " : "", e->field);
    snprintf(buf, n, "%s%s%s", where, where[0] ? " " : "", e->msg);
}
