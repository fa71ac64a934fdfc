/* csv: a streaming RFC 4180 reader for the CSV files councils send (SSDA903 tables, Annex A
 * lists). It owns one read buffer and one record buffer per open file and hands out
 * records one at a time; it never interprets a field, never allocates per field and
 * never loads a whole file. Encoding is passed through untouched (a UTF-8 BOM is dropped). */
#ifndef HEARTH_CSV_H
#define HEARTH_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/err.h"

struct csv;

/* One field of the current record. p points into the reader's record buffer and is
 * NUL-terminated (p[len] == '\0'), so it can be used as a C string; it stays valid until
 * the next csv_next() or csv_close() on the same reader. Quotes are removed and doubled
 * quotes undone; unquoted fields have surrounding spaces and tabs trimmed, quoted fields
 * are kept exactly as written between the quotes. A field holding a NUL byte is refused. */
struct csv_field {
    const char *p;
    size_t len;
    bool quoted; /* the field was written in quotes */
};

/* Open path for reading. *out is owned by the caller and released with csv_close().
 * HE_INPUT (with e naming the file) when it cannot be opened or is not a regular file
 * (a named pipe is refused, never waited on). */
int csv_open(const char *path, struct csv **out, struct err *e);
/* Read from an already open stream. The caller keeps owning f (csv_close() does not
 * close it) and must not read from it while the reader is in use. name is used in error
 * messages only and is copied. */
int csv_open_stream(FILE *f, const char *name, struct csv **out, struct err *e);
/* Closes the file (if csv_open opened it) and frees everything. NULL is fine. */
void csv_close(struct csv *c);

/* Next record. On HE_OK, *fields and *n hold the record and *line the 1-based line it starts
 * on; *n == 0 (and *fields NULL) means end of file. Blank lines are skipped, never given
 * as records. HE_INPUT, with file and line in e, for malformed input: a quote that never
 * closes, text after a closing quote, a NUL byte, a record over CSV_MAX_RECORD bytes.
 * HE_INTERNAL when reading fails. After an error the reader must only be closed. */
int csv_next(struct csv *c, const struct csv_field **fields, size_t *n, long *line,
             struct err *e);

/* Bytes of the file consumed so far (for progress), counting the BOM. */
long long csv_offset(const struct csv *c);

/* Longest record accepted: anything bigger is not a CSV a council produced. */
#define CSV_MAX_RECORD (16u << 20)

#endif
