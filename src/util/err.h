/* err: errors as values. Every fallible function in hearth returns an int status
 * (HE_OK or one of the codes below) and fills a caller-owned struct err with where
 * (file, line, field) and what (the rule broken). Only main() turns a status into an
 * exit code. */
#ifndef HEARTH_ERR_H
#define HEARTH_ERR_H

#include <stddef.h>

enum {
    HE_OK = 0,
    HE_INPUT = 1,    /* bad input: a file, a field, a value broke a rule */
    HE_USAGE = 2,    /* the command line is wrong */
    HE_INTERNAL = 3, /* storage, memory, I/O: not the user's fault */
};

struct err {
    int code;
    char file[512];  /* input file, or "" */
    long line;       /* 1-based line in file, or 0 */
    char field[64];  /* field or element name, or "" */
    char msg[1024];  /* the rule broken, in plain English */
};

/* On a function returning a status: a caller that drops it does not compile (the store's
 * and the trust layer's functions carry it, so that no failure passes unseen). */
#define HE_MUST_CHECK __attribute__((warn_unused_result))

/* Reset to "no error". */
void err_clear(struct err *e);
/* Set code and message; clears where. Returns code so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Set code, where and message. file/field may be NULL. */
int err_at(struct err *e, int code, const char *file, long line, const char *field,
           const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Render "file:line: field FIELD: message" into buf (always NUL-terminated). */
void err_format(const struct err *e, char *buf, size_t n);

#endif
