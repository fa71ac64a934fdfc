/* retention: how long a child's file must be kept, from what the file holds. Each record
 * kind has one rule (the table in retention.c, explained with its sources in
 * docs/retention.md); a child's file is kept until the latest date any applicable rule
 * gives. No store, no I/O: retention_assess() reads a struct child_file.
 * Ownership: struct retention holds static strings only. */
#ifndef HEARTH_RETENTION_H
#define HEARTH_RETENTION_H

#include <stdint.h>

#include "../model/child.h"

enum retention_kind {
    RK_CONTACT,      /* contacts or early help only */
    RK_CIN,          /* a child in need */
    RK_CP,           /* a section 47 enquiry or a child protection plan */
    RK_LOOKED_AFTER, /* looked after, or a care leaver */
    RK_ADOPTED,      /* adopted (an episode ending E11/E12: the adoption order) */
    RK_COUNT
};

struct retention_rule {
    enum retention_kind kind;
    const char *key;        /* "looked_after" */
    const char *name;       /* plain English */
    const char *rule;       /* the rule, as docs/retention.md gives it */
};
const struct retention_rule *retention_rule(enum retention_kind k);

struct retention {
    enum retention_kind kind;   /* the rule that keeps the file longest */
    day_t due;                  /* the first day the file may be reviewed for deletion */
    day_t last_activity;        /* the latest dated event in the file */
    day_t from;                 /* the date the governing period runs from */
};
/* Assess a file. *r.due is DAY_NONE when the rule's starting date is unknown (no date of
 * birth for a birth-based rule): such a file is never due and is reported for review. */
void retention_assess(const struct child_file *c, struct retention *r);

/* The access log's own rule: each entry (who opened which record, when) is kept this many
 * years from the opening, then pruned oldest first with a checkpoint (store/audit.h), only
 * when an administrator confirms. Six years: the Limitation Act 1980's general period for a
 * claim in which the log could be evidence; docs/retention.md. */
#define RETENTION_ACCESS_LOG_YEARS 6
/* The first moment (Unix seconds, UTC) an entry opened then is kept on as_of: entries
 * opened before it are due. */
int64_t retention_access_log_cut(day_t as_of);

#endif
