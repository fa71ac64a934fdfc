/* export_util: what the exporters share: writing a file beside its target and renaming
 * it into place only when complete, CSV rows with RFC 4180 quoting, and the year window
 * of a collection. Not part of the export interface (export.h); only src/format uses it.
 *
 * Ownership: export_tmp_open gives the caller a FILE and a temporary path (free()), both
 * released by export_tmp_commit or export_tmp_abandon, whichever comes first; likewise
 * export_dir_open's folder, released by export_dir_commit or export_dir_abandon. */
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

/* Create a temporary file, PATH.tmp-PID-XXXXXX, in the target's directory (so the rename
 * cannot cross file systems), first removing what killed exports to the same target left
 * there (see export_tmp_name). */
int export_tmp_open(struct export_tmp *t, const char *path, struct err *e);
/* Flush, sync, close (unless the caller closed f and set it NULL; the file is then synced
 * by name), rename into place and sync the folder. On failure the temporary file is removed. */
int export_tmp_commit(struct export_tmp *t, struct err *e);
/* Close and remove the temporary file; safe to call twice or after commit. */
void export_tmp_abandon(struct export_tmp *t);

/* A folder of files written beside its target, PATH.tmp-PID-XXXXXX, and put in its place
 * in one step (a rename, or renameat2's RENAME_EXCHANGE when the target exists, after
 * which the old folder is removed): a reader, or a kill at any moment, sees the old folder
 * or the new one whole, never a mixture. Owned by the caller; export_dir_commit or
 * export_dir_abandon releases it. */
struct export_dir {
    const char *path;     /* the target, borrowed */
    char *parent, *base;  /* its folder and its own name */
    char *tmp;            /* the folder being written */
    bool exists;          /* the target is there to be replaced */
};
/* Remove what killed exports left beside path, refuse a target that is not a folder or
 * holds a file ours() does not claim (the whole folder is replaced: a file hearth did not
 * write there must not go with it), and make the temporary folder. */
int export_dir_open(struct export_dir *d, const char *path, bool (*ours)(const char *name),
                    struct err *e);
/* Write a whole file called name in the new folder, synced. */
int export_dir_write(struct export_dir *d, const char *name, const void *data, size_t len,
                     struct err *e);
/* Sync the new folder, put it in place, sync the parent, remove the old folder. On failure
 * the target is as it was and the temporary folder is removed. */
int export_dir_commit(struct export_dir *d, struct err *e);
/* Remove the temporary folder and free d; safe after commit. */
void export_dir_abandon(struct export_dir *d);

/* Is name one of hearth's temporary names for base (base.tmp-PID-XXXXXX, or the
 * base.tmp-XXXXXX of earlier versions)? *pid is the writer's process id (0 when unknown). */
bool export_tmp_name(const char *name, const char *base, long *pid);

/* Test builds only (HEARTH_TEST_FAULTS): does $HEARTH_TEST_EXPORT_FAULT ask for a failure
 * at where ("write": after a file of a folder is written; "rename": before the new file or
 * folder is put in place)? "kill:WHERE" kills the process there instead. Always false in
 * a release build. */
bool export_fault(const char *where);

/* What blocks a return: every problem of every child, found in one run, so that all can
 * be put right before the next (a child's problem never stops the walk). Zero-initialised
 * (with lines BUF_INIT) is empty; the exporter owns it and frees it with export_blocks_free. */
struct export_blocks {
    struct buf lines;       /* one line each: "child ID: what" */
    size_t n_problems, n_children;
    bool child_blocked;     /* the child being written has a problem already */
    struct err first;       /* the first problem, as an error */
};
/* A new child is being written. */
void export_blocks_child(struct export_blocks *b);
/* One problem of child id (field may be NULL); msg is plain English. */
void export_block(struct export_blocks *b, const char *id, const char *field, const char *msg);
/* HE_INPUT with e describing what blocks the return (ret, e.g. "2026 CIN census"): the
 * problem itself when there is one, else how many, with as many as the message holds; every
 * line is appended to out when it is not NULL. HE_OK when nothing blocks it. */
int export_blocked(const struct export_blocks *b, const char *ret, struct buf *out, struct err *e);
void export_blocks_free(struct export_blocks *b);

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
