/* audit: the access log's group commit. Every view of a child's record must be on disk
 * before the page is shown, but a commit costs an fsync (about 6 ms here) and SQLite has
 * one writer: committed one by one, views under load queue behind each other. So request
 * threads hand their entry to one writer thread; it writes every entry waiting in one
 * transaction and wakes them all. Durable, and one fsync per batch. The page is built
 * while the entry is being written (audit_queue as the record is opened, audit_wait in
 * server.c just before the answer is sent), so a view waits for the fsync only as long as
 * it outlasts the page's own work. Sessions' "last seen" times go the same way, without
 * waiting.
 *
 * The same module runs the server's WAL checkpoints (SQLite). Left to SQLite, a checkpoint
 * runs inside whichever commit crosses the WAL's size limit, and with this writer that
 * means inside a batch that page views are waiting on: copying pages into the database
 * and syncing it, on their time. So the server's writing connections never checkpoint
 * (store_defer_checkpoints) and a thread of its own does it once a second. (It was first
 * suspected of the pages' ~200 ms 99th percentile; it was not that: see README.) */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define AUDIT_MAX 1024

struct entry {
    int64_t user, at;
    rec_id person;
    char page[48];      /* "" for a session touch */
    char token[65];     /* a session touch: the token's digest */
};

static struct {
    pthread_mutex_t m;
    pthread_cond_t work, done;
    struct entry q[AUDIT_MAX];
    int n;
    uint64_t queued, written; /* sequence numbers */
    uint64_t failed_upto;     /* entries up to here were in a batch that failed */
    bool stop, running;
    pthread_t thread;
    struct store *st;
    /* the checkpointer: its own connection; ckpt_wake ends its wait at stop */
    pthread_t ckpt_thread;
    pthread_cond_t ckpt_wake;
    struct store *ckpt_st;
    bool ckpt_running;
} A = {.m = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER,
       .ckpt_wake = PTHREAD_COND_INITIALIZER};

#define CHECKPOINT_EVERY_S 1

static void *checkpointer(void *arg)
{
    bool warned = false;
    pthread_mutex_lock(&A.m);
    while (!A.stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += CHECKPOINT_EVERY_S;
        pthread_cond_timedwait(&A.ckpt_wake, &A.m, &until);
        if (A.stop)
            break;
        pthread_mutex_unlock(&A.m);
        struct err e;
        err_clear(&e);
        /* a failure here loses nothing (the pages stay in the WAL): say so once */
        if (store_checkpoint(A.ckpt_st, &e) != HE_OK && !warned) {
            fprintf(stderr, "hearth serve: a WAL checkpoint failed (will try again): %s\n", e.msg);
            warned = true;
        }
        pthread_mutex_lock(&A.m);
    }
    pthread_mutex_unlock(&A.m);
    return NULL;
}

static void *writer(void *arg)
{
    static struct entry batch[AUDIT_MAX];
    pthread_mutex_lock(&A.m);
    for (;;) {
        while (!A.n && !A.stop)
            pthread_cond_wait(&A.work, &A.m);
        if (!A.n && A.stop)
            break;
        int n = A.n;
        memcpy(batch, A.q, (size_t)n * sizeof batch[0]);
        A.n = 0;
        uint64_t last = A.queued;
        pthread_mutex_unlock(&A.m);
        struct err e;
        err_clear(&e);
        int rc = store_begin_quiet(A.st, &e);
        for (int i = 0; rc == HE_OK && i < n; i++)
            rc = batch[i].page[0]
                     ? cw_access_log(A.st, batch[i].user, batch[i].person, batch[i].page, batch[i].at, &e)
                     : cw_session_touch(A.st, batch[i].token, batch[i].at, &e);
        rc = rc == HE_OK ? store_commit(A.st, &e) : (store_rollback(A.st, NULL), rc);
        if (rc != HE_OK)
            fprintf(stderr, "hearth serve: the access log could not be written: %s\n", e.msg);
        pthread_mutex_lock(&A.m);
        if (rc != HE_OK)
            A.failed_upto = last;
        A.written = last;
        pthread_cond_broadcast(&A.done);
    }
    pthread_mutex_unlock(&A.m);
    return NULL;
}

int audit_start(const char *db, struct err *e)
{
    int rc = store_open(db, 0, &A.st, e);
    if (rc == HE_OK)
        rc = store_defer_checkpoints(A.st, e);
    if (rc == HE_OK)
        rc = store_open(db, 0, &A.ckpt_st, e);
    if (rc != HE_OK) {
        store_close(A.st);
        return rc;
    }
    A.stop = false;
    if (pthread_create(&A.thread, NULL, writer, NULL)) {
        store_close(A.st);
        store_close(A.ckpt_st);
        return err_set(e, HE_INTERNAL, "could not start the access log writer");
    }
    A.running = true;
    /* without it the WAL only grows until a connection closes: refuse to run so */
    if (pthread_create(&A.ckpt_thread, NULL, checkpointer, NULL)) {
        audit_stop();
        return err_set(e, HE_INTERNAL, "could not start the checkpoint thread");
    }
    A.ckpt_running = true;
    return HE_OK;
}

void audit_stop(void)
{
    if (!A.running)
        return;
    pthread_mutex_lock(&A.m);
    A.stop = true;
    pthread_cond_signal(&A.work);
    pthread_cond_signal(&A.ckpt_wake);
    pthread_mutex_unlock(&A.m);
    pthread_join(A.thread, NULL);
    if (A.ckpt_running)
        pthread_join(A.ckpt_thread, NULL);
    A.ckpt_running = false;
    store_close(A.st);
    store_close(A.ckpt_st);
    A.ckpt_st = NULL;
    A.running = false;
}

void audit_touch(const char *token_digest, int64_t at)
{
    /* a session's last use: needed for the idle timeout, not worth a wait */
    pthread_mutex_lock(&A.m);
    if (A.running && !A.stop && A.n < AUDIT_MAX) {
        struct entry *en = &A.q[A.n++];
        memset(en, 0, sizeof *en);
        en->at = at;
        snprintf(en->token, sizeof en->token, "%s", token_digest);
        A.queued++;
        pthread_cond_signal(&A.work);
    }
    pthread_mutex_unlock(&A.m);
}

int audit_queue(int64_t user, rec_id person, const char *page, int64_t at, uint64_t *ticket,
                struct err *e)
{
    *ticket = 0;
    pthread_mutex_lock(&A.m);
    while (A.n == AUDIT_MAX && !A.stop)
        pthread_cond_wait(&A.done, &A.m);
    if (A.stop || !A.running) {
        pthread_mutex_unlock(&A.m);
        return err_set(e, HE_INTERNAL, "the access log is not running");
    }
    struct entry *en = &A.q[A.n++];
    memset(en, 0, sizeof *en);
    en->user = user;
    en->person = person;
    en->at = at;
    snprintf(en->page, sizeof en->page, "%s", page);
    *ticket = ++A.queued;
    pthread_cond_signal(&A.work);
    pthread_mutex_unlock(&A.m);
    return HE_OK;
}

int audit_wait(uint64_t ticket, struct err *e)
{
    pthread_mutex_lock(&A.m);
    while (A.written < ticket) /* the writer broadcasts after each commit: no polling */
        pthread_cond_wait(&A.done, &A.m);
    bool failed = A.failed_upto >= ticket;
    pthread_mutex_unlock(&A.m);
    return failed ? err_set(e, HE_INTERNAL, "the access log could not be written") : HE_OK;
}

int audit_log(int64_t user, rec_id person, const char *page, int64_t at, struct err *e)
{
    uint64_t ticket;
    int rc = audit_queue(user, person, page, at, &ticket, e);
    return rc == HE_OK ? audit_wait(ticket, e) : rc;
}
