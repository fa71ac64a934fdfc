/* pipe: a two-thread pipeline for an import. The thread that parses a file hands
 * self-contained items (bytes copied into batches) to one store thread, which calls
 * consume() on each in the order given; parsing the next records overlaps storing the
 * last ones (the machine has two cores). The store's connection is only ever used by
 * the store thread while a pipe is open, and only by the caller after pipe_finish().
 *
 * Errors keep the order a one-thread import would give: once consume() fails, nothing
 * more is consumed and pipe_put() says so; pipe_finish() stores every item put before
 * it, and reports the store's error before any the parser met later in the file.
 *
 * Ownership: pipe_start() gives the caller a struct pipe that pipe_finish() frees
 * (always call it, also after an error). Items are copied; ctx stays the caller's. */
#ifndef HEARTH_PIPE_H
#define HEARTH_PIPE_H

#include <pthread.h>
#include <stddef.h>

#include "../date/date.h"
#include "../util/err.h"

/* Called on the store thread for each item; returns HE_OK or an error code with e filled. */
typedef int (*pipe_consume_fn)(void *ctx, const void *item, size_t size, struct err *e);

struct pipe;

/* threads 0 means "as HEARTH_IMPORT_THREADS says" (default 2); 1 runs consume() on the
 * calling thread, no store thread at all: at once, or with a shared store
 * (pipe_lock_store) a batch at a time under the lock. */
int pipe_start(struct pipe **out, pipe_consume_fn consume, void *ctx, int threads, struct err *e);

/* Several files read at once into one store (import_many.c): consume() runs only while
 * lock is held, taken once a batch (also with one thread: a lock an item was taken and
 * waited for thousands of times a file), so that the pipes of the files take turns at
 * the store. NULL (the default) takes no lock. Call before the first pipe_reserve(). */
void pipe_lock_store(struct pipe *p, pthread_mutex_t *lock);

/* Room for one item of size bytes (16-byte aligned) in the batch being filled, or NULL
 * when the store thread has failed (stop parsing and call pipe_finish). Fill it, then
 * call pipe_commit() before the next pipe_reserve(). */
void *pipe_reserve(struct pipe *p, size_t size);
/* Hand over the item just reserved. Returns HE_OK, or the store's error code once it has
 * failed (or, with one thread, consume()'s own result; its error is kept for pipe_finish). */
int pipe_commit(struct pipe *p);

/* A checked CSV row as one item: its line and n columns (value, length, parsed date).
 * Returns what pipe_commit() returns. pipe_row_view() reads one back on the store thread:
 * v[k] then points into the item, valid while consume() runs. */
int pipe_put_row(struct pipe *p, long line, int n, const char *const *v, const size_t *len,
                 const day_t *day);
void pipe_row_view(const void *item, long *line, int n, const char **v, size_t *len, day_t *day);

/* Store everything put so far, stop the store thread and free p. Returns HE_OK, or the
 * store's error (e filled with it). */
int pipe_finish(struct pipe *p, struct err *e);

#endif
