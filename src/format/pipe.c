/* pipe: the import's parse/store pipeline (see pipe.h). A ring of batches: the parsing
 * thread fills one while the store thread consumes those already handed over, so both
 * cores work and neither waits on the other except when the ring is full or empty. Items
 * are copied bytes; no pointer ever crosses from one thread to the other. */
#include "pipe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

#define NBATCH 4
#define BATCH_BYTES (256u << 10) /* a batch is handed over once it holds this much */
#define ALIGN(n) (((n) + 15) & ~(size_t)15)
#define HDR ALIGN(sizeof(size_t))

struct batch {
    unsigned char *data;
    size_t len, cap;
};

struct pipe {
    pipe_consume_fn consume;
    void *ctx;
    bool threaded;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* ring state changed */
    struct batch b[NBATCH];
    int head, tail, ready; /* head: being filled; tail..: handed over, ready of them */
    bool done;             /* no more batches will come */
    size_t reserved;       /* size of the item reserved and not yet committed */
    pthread_mutex_t *lock; /* held around consume() when files share the store, or NULL */
    atomic_bool failed;    /* the store failed: rc and err are set */
    int rc;
    struct err err;
};

static void run_batch(struct pipe *p, const struct batch *b)
{
    if (p->lock)
        pthread_mutex_lock(p->lock);
    for (size_t off = 0; off < b->len && !atomic_load(&p->failed);) {
        size_t size;
        memcpy(&size, b->data + off, sizeof size);
        int rc = p->consume(p->ctx, b->data + off + HDR, size, &p->err);
        if (rc != HE_OK) {
            p->rc = rc;
            atomic_store(&p->failed, true);
        }
        off += HDR + ALIGN(size);
    }
    if (p->lock)
        pthread_mutex_unlock(p->lock);
}

static void *store_thread(void *arg)
{
    struct pipe *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->ready == 0 && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->ready == 0)
            break;
        struct batch *b = &p->b[p->tail];
        pthread_mutex_unlock(&p->mu);
        run_batch(p, b); /* after a failure the rest are only emptied */
        pthread_mutex_lock(&p->mu);
        b->len = 0;
        p->tail = (p->tail + 1) % NBATCH;
        p->ready--;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pipe_start(struct pipe **out, pipe_consume_fn consume, void *ctx, int threads, struct err *e)
{
    struct pipe *p = xcalloc(1, sizeof *p);
    p->consume = consume;
    p->ctx = ctx;
    atomic_init(&p->failed, false);
    err_clear(&p->err);
    if (threads <= 0) {
        const char *env = getenv("HEARTH_IMPORT_THREADS");
        threads = env && atoi(env) == 1 ? 1 : 2;
    }
    /* one thread fills and empties b[0] alone */
    for (int i = 0; i < (threads > 1 ? NBATCH : 1); i++) {
        p->b[i].cap = BATCH_BYTES + 4096;
        p->b[i].data = xmalloc(p->b[i].cap);
    }
    if (threads > 1) {
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->cv, NULL);
        /* no thread (a process limit): the import still runs, on one thread */
        p->threaded = pthread_create(&p->th, NULL, store_thread, p) == 0;
        if (!p->threaded) {
            pthread_cond_destroy(&p->cv);
            pthread_mutex_destroy(&p->mu);
        }
    }
    *out = p;
    (void)e;
    return HE_OK;
}

void pipe_lock_store(struct pipe *p, pthread_mutex_t *lock)
{
    p->lock = lock;
}

/* Hand the batch being filled to the store thread and wait for a free one. */
static void ship(struct pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->ready++;
    p->head = (p->head + 1) % NBATCH;
    pthread_cond_broadcast(&p->cv);
    while (p->ready == NBATCH)
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void *pipe_reserve(struct pipe *p, size_t size)
{
    if (atomic_load(&p->failed))
        return NULL;
    struct batch *b = &p->b[p->head];
    size_t need = HDR + ALIGN(size);
    if (p->threaded && b->len > 0 && b->len + need > b->cap) {
        ship(p);
        b = &p->b[p->head];
    } else if (p->lock && b->len > 0 && b->len + need > b->cap) {
        run_batch(p, b);
        b->len = 0;
    }
    if (b->len + need > b->cap) {
        b->cap = b->len + need;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, &size, sizeof size);
    p->reserved = size;
    return b->data + b->len + HDR;
}

int pipe_commit(struct pipe *p)
{
    struct batch *b = &p->b[p->head];
    b->len += HDR + ALIGN(p->reserved);
    if (!p->threaded) {
        if (!p->lock || b->len >= BATCH_BYTES) {
            run_batch(p, b);
            b->len = 0;
        }
    } else if (b->len >= BATCH_BYTES) {
        ship(p);
    }
    return atomic_load(&p->failed) ? p->rc : HE_OK;
}

/* Row layout: line, n, then n days, n lengths, then the n values each ending in NUL. */
int pipe_put_row(struct pipe *p, long line, int n, const char *const *v, const size_t *len,
                 const day_t *day)
{
    size_t text = 0;
    for (int k = 0; k < n; k++)
        text += len[k] + 1;
    size_t head = sizeof line + sizeof n + (size_t)n * (sizeof *day + sizeof *len);
    unsigned char *b = pipe_reserve(p, head + text);
    if (!b)
        return atomic_load(&p->failed) ? p->rc : HE_INTERNAL;
    memcpy(b, &line, sizeof line);
    memcpy(b + sizeof line, &n, sizeof n);
    unsigned char *q = b + sizeof line + sizeof n;
    memcpy(q, day, (size_t)n * sizeof *day);
    q += (size_t)n * sizeof *day;
    memcpy(q, len, (size_t)n * sizeof *len);
    char *t = (char *)(q + (size_t)n * sizeof *len);
    for (int k = 0; k < n; k++) {
        memcpy(t, v[k], len[k]);
        t[len[k]] = '\0';
        t += len[k] + 1;
    }
    return pipe_commit(p);
}

void pipe_row_view(const void *item, long *line, int n, const char **v, size_t *len, day_t *day)
{
    const unsigned char *b = item;
    int m;
    memcpy(line, b, sizeof *line);
    memcpy(&m, b + sizeof *line, sizeof m);
    if (m < n)
        n = m; /* never: the same importer wrote it */
    const unsigned char *q = b + sizeof *line + sizeof m;
    memcpy(day, q, (size_t)n * sizeof *day);
    q += (size_t)m * sizeof *day;
    memcpy(len, q, (size_t)n * sizeof *len);
    const char *t = (const char *)(q + (size_t)m * sizeof *len);
    for (int k = 0; k < n; k++) {
        v[k] = t;
        t += len[k] + 1;
    }
}

int pipe_finish(struct pipe *p, struct err *e)
{
    if (p->threaded) {
        if (p->b[p->head].len > 0)
            ship(p);
        pthread_mutex_lock(&p->mu);
        p->done = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->th, NULL);
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
    } else if (p->b[p->head].len > 0) {
        run_batch(p, &p->b[p->head]);
    }
    int rc = atomic_load(&p->failed) ? p->rc : HE_OK;
    if (rc != HE_OK)
        *e = p->err;
    for (int i = 0; i < NBATCH; i++)
        free(p->b[i].data);
    free(p);
    return rc;
}
