/* csv_import: what the two CSV importers (ssda903.c, annexa.c) share. One pass over a file
 * (heading row, each row checked on the calling thread and handed through a pipe, pipe.h, to
 * the store thread that puts it), the store's errors given the file and line of their row,
 * the cache of the last person put (files are sorted by child, so most rows repeat it),
 * and the memo of the column names a row's mapping asks for. The importer keeps its own
 * tables, checks and mapping; this module never reads a value. */
#ifndef HEARTH_CSV_IMPORT_H
#define HEARTH_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../date/date.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "csv.h"
#include "import.h"

/* The row one side of the pipeline works on: arrays of ncols, owned by the importer's
 * own state (its struct run), as are line and the state pointer ctx. */
struct csv_side {
    void *ctx;
    long *line;
    const char **v;
    size_t *len;
    day_t *day;
};

/* One pass over one file. The caller owns everything the pointers reach. */
struct csv_import {
    struct importer *im;
    const char *path;
    const char *heading; /* what messages call the first row: "header row", "heading row" */
    /* When data is set, the table is read from data[0..len) rather than from path (a table
     * made from another format: ssda903_xml.c); lines, when set, maps each of its lines
     * (1-based) to the line of path it came from, for every message and finding. */
    const char *data;
    size_t len;
    const long *lines;
    size_t nlines;
    int ncols;           /* columns of every checked row */
    /* On the calling thread: reader.line is set to each record's line before header() or
     * check() runs with reader.ctx; check() fills reader.v, len and day. */
    struct csv_side reader;
    int (*header)(void *ctx, const struct csv_field *f, size_t n, struct err *e);
    int (*check)(void *ctx, const struct csv_field *f, size_t n, struct err *e);
    /* When rows are put: after header(), share(store.ctx, reader.ctx) makes the store
     * thread's state (usually a copy of the reader's, with a cache of its own); then
     * for each row, store's line and arrays are filled from the pipe and put(store.ctx)
     * runs on the store thread. */
    struct csv_side store;
    void (*share)(void *to, const void *from);
    int (*put)(void *ctx, struct err *e);
};

/* What check() returns for a row that is read but not stored (keep mode: a row that is no
 * record, its faults listed); not an error. */
#define CSV_ROW_SKIP 100

/* Read path: the heading row, then every row, checked and (when put is set) stored;
 * *rows counts the rows checked. HE_INPUT, naming file and line, for an empty file or any
 * error header() or check() gives; the store's error when a put fails (every row read
 * before a parsing error is stored first, so the error is the one a one-thread import
 * meets first). Counts records and draws progress on ci->im. */
int csv_import_pass(const struct csv_import *ci, bool put, long *rows, struct err *e);

/* The store's own errors know nothing of files: fill in path and line when e has no file.
 * Returns e's code (HE_INTERNAL when it has none). */
int csv_import_failed(const char *path, long line, struct err *e);

/* The last person put, so that a row repeating it need not be put again. Owned by the
 * importer's state; csv_last_person_free() releases it; zero-initialised is empty. */
struct csv_last_person {
    struct buf child;
    day_t dob;
    const char *sex; /* a string literal, so pointers compare */
    rec_id id;
    bool have;
};
void csv_last_person_free(struct csv_last_person *lp);

/* Put p (as store_put_person at year) unless it is the last person put (same LAchildID,
 * birth date and sex pointer) and cached is set; *id is its id. Counts the put on im;
 * a store error is given path and line. */
int csv_put_person(struct importer *im, int year, struct csv_last_person *lp, bool cached,
                   const struct person *p, rec_id *id, const char *path, long line,
                   struct err *e);

/* Column names a row's mapping asks for, memoised by the address of the literal: a row
 * makes a dozen lookups, and comparing strings for each cost more than parsing the row. */
#define CSV_ASKED_MAX 40
struct csv_asked {
    const char *name[CSV_ASKED_MAX];
    int k[CSV_ASKED_MAX];
    int n;
};
/* The column memoised for name; false when name was not asked before. */
bool csv_asked_find(const struct csv_asked *a, const char *name, int *k);
/* Remember name's column k (while there is room); returns k. */
int csv_asked_keep(struct csv_asked *a, const char *name, int k);

/* The best scoring of several candidates, none when two share the best score. */
struct csv_pick {
    int best; /* -1: none yet */
    int score;
    bool tie;
};
#define CSV_PICK_INIT {-1, 0, false}
void csv_pick_offer(struct csv_pick *p, int which, int score);
/* The candidate with the best score, -1 when none or a tie. */
int csv_pick_best(const struct csv_pick *p);

#endif
