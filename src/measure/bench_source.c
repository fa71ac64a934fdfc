/* measure/bench_source: the published figures in use (bench_source.h): the shipped copy,
 * then the store's rows in the same columns through the same checks, then ranked. A server
 * keeps one such bench for all its threads, replaced when the count of figures in the
 * store moves (a load made by `hearth benchmarks load` in another process). */
#include "bench_source.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/benchmarks.h"
#include "../util/buf.h"

static int add_row(void *arg, int kind, const char *const *f, struct err *e)
{
    struct bench *b = arg;
    switch (kind) {
    case BR_MEASURE: return bench_add_measure(b, f[0], f[1], f[2], f[3], f[4], f[5], f[6], e);
    case BR_AREA: return bench_add_area(b, f[0], f[1], f[2], e);
    case BR_NEIGHBOUR: return bench_add_neighbours(b, f[0], f + 1, e);
    case BR_VALUE: return bench_add_value(b, f[0], f[1], f[2], f[3], e);
    }
    return err_set(e, HE_INTERNAL, "unknown kind of published record");
}

static int row_measure(void *arg, const char *const *f, struct err *e) { return add_row(arg, BR_MEASURE, f, e); }
static int row_area(void *arg, const char *const *f, struct err *e) { return add_row(arg, BR_AREA, f, e); }
static int row_neighbour(void *arg, const char *const *f, struct err *e) { return add_row(arg, BR_NEIGHBOUR, f, e); }
static int row_value(void *arg, const char *const *f, struct err *e) { return add_row(arg, BR_VALUE, f, e); }

int bench_open(struct bench *b, struct store *s, bool finish, struct err *e)
{
    int rc = bench_load_shipped(b, e);
    if (rc == HE_OK && s) {
        int64_t n = 0;
        rc = store_bench_count(s, &n, e);
        if (rc == HE_OK && n > 0) {
            if ((rc = store_bench_each(s, SB_MEASURE, row_measure, b, e)) == HE_OK &&
                (rc = store_bench_each(s, SB_AREA, row_area, b, e)) == HE_OK &&
                (rc = store_bench_each(s, SB_NEIGHBOUR, row_neighbour, b, e)) == HE_OK)
                rc = store_bench_each(s, SB_VALUE, row_value, b, e);
            if (rc != HE_OK) {
                char msg[sizeof e->msg];
                snprintf(msg, sizeof msg, "%s", e->msg);
                err_set(e, rc, "the published figures loaded into the store: %s", msg);
            }
        }
    }
    if (rc == HE_OK && finish)
        bench_finish(b);
    return rc;
}

/* ---- one bench for a server ------------------------------------------------------- */
/* A bench is big (a few megabytes) and takes ~50 ms to build, so it is built once and
 * shared; a reader holds a reference, and a replaced bench is freed by its last reader. */
struct shared {
    struct bench b;
    int64_t count;  /* store_bench_count when built */
    char stamp[64]; /* the store's benchmarks_loaded setting when built */
    int refs;      /* readers, plus one while it is the current bench */
};
static struct shared *current;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long serials; /* under build_lock */

static void unref(struct shared *sh)
{
    if (--sh->refs == 0) {
        bench_free(&sh->b);
        free(sh);
    }
}

/* What tells one state of the store's published figures from another: how many there are,
 * and the benchmarks_loaded setting each load writes (a load that only corrects figures
 * leaves the count as it was). */
static int stamp_of(struct store *s, int64_t *count, char stamp[64], struct err *e)
{
    char *v = NULL;
    *count = 0;
    stamp[0] = 0;
    if (!s)
        return HE_OK;
    int rc = store_bench_count(s, count, e);
    if (rc == HE_OK && (rc = store_get_setting(s, "benchmarks_loaded", &v, e)) == HE_OK && v)
        snprintf(stamp, 64, "%s", v);
    free(v);
    return rc;
}

int bench_shared_get(struct store *s, const struct bench **out, struct err *e)
{
    int64_t count = 0;
    char stamp[64];
    int rc = stamp_of(s, &count, stamp, e);
    if (rc != HE_OK)
        return rc;
    for (int pass = 0; pass < 2; pass++) {
        pthread_mutex_lock(&shared_lock);
        if (current && current->count == count && !strcmp(current->stamp, stamp)) {
            current->refs++;
            *out = &current->b;
            pthread_mutex_unlock(&shared_lock);
            return HE_OK;
        }
        pthread_mutex_unlock(&shared_lock);
        if (pass)
            break;
        /* one build at a time; whoever waited finds it built on the second pass */
        pthread_mutex_lock(&build_lock);
        pthread_mutex_lock(&shared_lock);
        bool need = !current || current->count != count || strcmp(current->stamp, stamp) != 0;
        pthread_mutex_unlock(&shared_lock);
        if (need) {
            struct shared *sh = xcalloc(1, sizeof *sh);
            bench_init(&sh->b);
            rc = bench_open(&sh->b, s, true, e);
            if (rc != HE_OK) {
                bench_free(&sh->b);
                free(sh);
                pthread_mutex_unlock(&build_lock);
                return rc;
            }
            sh->count = count;
            snprintf(sh->stamp, sizeof sh->stamp, "%s", stamp);
            sh->refs = 1;
            sh->b.serial = ++serials;
            pthread_mutex_lock(&shared_lock);
            struct shared *old = current;
            current = sh;
            if (old)
                unref(old);
            pthread_mutex_unlock(&shared_lock);
        }
        pthread_mutex_unlock(&build_lock);
    }
    /* the store moved again while building: serve what was built */
    pthread_mutex_lock(&shared_lock);
    current->refs++;
    *out = &current->b;
    pthread_mutex_unlock(&shared_lock);
    return HE_OK;
}

void bench_shared_put(const struct bench *b)
{
    if (!b)
        return;
    pthread_mutex_lock(&shared_lock);
    /* b is the first member of its struct shared */
    unref((struct shared *)(void *)b);
    pthread_mutex_unlock(&shared_lock);
}
