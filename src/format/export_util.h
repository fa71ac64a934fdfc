/* export_util: what the exporters share: writing a file beside its target and renaming
 * it into place only when complete, CSV rows with RFC 4180 quoting, and the year window
 * of a collection. Not part of the export interface (export.h); only src/format uses it.
 *
 * Ownership: export_tmp_open gives the caller a FILE and a temporary path (free()), both
 * released by export_tmp_commit or export_tmp_abandon, whichever comes first. */
#ifndef HEARTH_EXPORT_UTIL_H
#define HEARTH_EXPORT_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include "../date/date.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/err.h"

struct export_tmp {
    FILE *f;
    char *tmp;        /* the temporary file's path */
    const char *path; /* the target, borrowed */
};

/* Create a temporary file in the target's directory (so the rename cannot cross file
 * systems). */
int export_tmp_open(struct export_tmp *t, const char *path, struct err *e);
/* Flush, sync, close (unless the caller closed f and set it NULL) and rename into place. On failure the temporary file is removed. */
int export_tmp_commit(struct export_tmp *t, struct err *e);
/* Close and remove the temporary file; safe to call twice or after commit. */
void export_tmp_abandon(struct export_tmp *t);

/* Append one CSV row (fields may be NULL for blank), quoting a field only when it holds
 * a comma, quote or line break; rows end in a line feed. */
void export_csv_row(struct buf *b, const char *const *fields, int n);

/* 1 April of year-1 .. 31 March of year: the window a collection year's return covers. */
void export_year_window(int year, day_t *first, day_t *last);

/* Does [start, end] (end DAY_NONE: still open) touch [first, last]? */
bool export_open_in(day_t start, day_t end, day_t first, day_t last);

/* A cohort's children (store_cohort), sorted by LAchildID so that a return does not
 * depend on the order records reached the store. Caller frees with export_kids_free. */
struct export_kid {
    char *la_child_id;
    rec_id id;
};
int export_cohort_sorted(struct store *s, enum store_cohort which, day_t first, day_t last,
                         struct export_kid **out, size_t *n, struct err *e);
void export_kids_free(struct export_kid *k, size_t n);

/* Walks a sorted cohort's whole records in order, loading EXPORT_BATCH children at a time
 * (store_load_children: on PostgreSQL a few statements a batch, not 19 a child).
 * export_walk_next gives the next child in *c (owned by the walk, valid until the next
 * call), or NULL after the last; export_walk_end frees whatever the walk still holds and
 * may be called at any point. */
enum { EXPORT_BATCH = 256 };
struct export_walk {
    struct store *s;
    const struct export_kid *kids; /* borrowed */
    size_t n, next;                /* kids[next] is the first child not yet loaded */
    struct child_file *batch;      /* EXPORT_BATCH of them */
    size_t nb, at;                 /* batch[at..nb) not yet handed out */
};
void export_walk_start(struct export_walk *w, struct store *s, const struct export_kid *kids, size_t n);
int export_walk_next(struct export_walk *w, struct child_file **c, struct err *e);
void export_walk_end(struct export_walk *w);

#endif
