/* import_many: the files of several returns read at once, one thread a CPU, into one store
 * (hearth kpi FILES, where the store is in memory and parsing is most of the time). The
 * folders are walked first, in import_path's order; then the threads take the files,
 * largest first, find each one's kind and read it so that no thread is left with a big census at the
 * end, each with its own importer. The store's merge rule does not depend on the order the
 * files arrive in, so only the puts are serialised (a lock the pipes take per batch); what
 * depends on the order (the LA code from the first census, the error of the first failing
 * file, the skipped files' messages) is taken in the paths' order afterwards. */
#include "import.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/input.h"

/* One file of the walk: read as kind, or skipped (skip set). */
struct item {
    char *path;
    int named; /* given by name, not found in a folder (import_plan) */
    enum input_kind kind;
    const char *table;
    char *skip; /* why it is skipped (owned), or NULL */
    long long size;
    int rc;
    struct err err;
    char lea[4];
};

struct walk {
    struct item *it;
    size_t n, cap;
};

static struct item *add(struct walk *w, char *path)
{
    if (w->n == w->cap)
        w->it = xrealloc(w->it, (w->cap = w->cap ? 2 * w->cap : 64) * sizeof *w->it);
    struct item *it = &w->it[w->n++];
    memset(it, 0, sizeof *it);
    it->path = path;
    return it;
}

static char *skip_why(const char *fmt, const char *a)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, fmt, a);
    return buf_detach(&b);
}

static void walk_file(struct walk *w, char *path, int named, long long size)
{
    struct item *it = add(w, path);
    it->named = named;
    it->size = size;
}

/* As import.c's import_dir, listing instead of reading. */
static int walk_dir(struct walk *w, const char *dir, struct err *e)
{
    char **names;
    size_t n;
    int rc = import_folder_names(dir, &names, &n, e);
    if (rc != HE_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc != HE_OK) {
            free(names[i]);
        } else if (stat(names[i], &st) != 0) {
            add(w, names[i])->skip = skip_why("cannot read it: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(w, names[i], e);
            free(names[i]);
        } else if (!S_ISREG(st.st_mode)) {
            add(w, names[i])->skip = skip_why("it is %s, not a regular file", input_not_regular(st.st_mode));
        } else {
            walk_file(w, names[i], 0, (long long)st.st_size);
        }
    }
    free(names);
    return rc;
}

struct run {
    struct importer *im; /* the caller's: its settings, and the counts gathered */
    struct item *it;
    size_t *order; /* indexes into it, largest file first */
    size_t n;
    atomic_size_t next;
    atomic_size_t failed; /* the lowest index that failed, or n */
};

/* Read one file with an importer of its own, then add its counts to the caller's. */
static int read_one(struct run *r, struct item *it)
{
    /* what the file is, as import_path finds it: read, skipped, or the error */
    const char *why;
    int rc = import_plan(r->im, it->path, it->named, &it->kind, &it->table, &why, &it->err);
    if (rc != HE_OK)
        return rc;
    if (why) {
        it->skip = xstrdup(why);
        return HE_OK;
    }
    struct importer w;
    importer_init(&w, r->im->store);
    w.year = r->im->year;
    w.strict = r->im->strict;
    w.keep = r->im->keep;
    w.records_only = r->im->records_only;
    w.cmd = r->im->cmd;
    w.store_lock = r->im->store_lock;
    w.pipe_threads = r->im->pipe_threads;
    rc = import_as(&w, it->path, it->kind, it->table, &it->err);
    memcpy(it->lea, w.lea, sizeof it->lea);
    if (rc == HE_OK) {
        struct importer *im = r->im;
        pthread_mutex_lock(im->store_lock); /* the counts are the caller's, shared */
        for (int a = 0; a < RK__COUNT; a++)
            for (int o = 0; o < 4; o++)
                im->counts[a][o] += w.counts[a][o];
        im->records += w.records;
        if (w.newest_cin > im->newest_cin)
            im->newest_cin = w.newest_cin;
        if (w.newest_903 > im->newest_903)
            im->newest_903 = w.newest_903;
        im->years_read[0] |= w.years_read[0];
        im->years_read[1] |= w.years_read[1];
        pthread_mutex_unlock(im->store_lock);
    }
    importer_free(&w);
    return rc;
}

static void *worker(void *arg)
{
    struct run *r = arg;
    for (;;) {
        size_t k = atomic_fetch_add(&r->next, 1);
        if (k >= r->n)
            break;
        size_t idx = r->order[k];
        struct item *it = &r->it[idx];
        if (it->skip || idx > atomic_load(&r->failed))
            continue; /* a file after one that failed is never reached one at a time */
        err_clear(&it->err);
        it->rc = read_one(r, it);
        if (it->rc != HE_OK) {
            size_t cur = atomic_load(&r->failed);
            while (idx < cur && !atomic_compare_exchange_weak(&r->failed, &cur, idx))
                ;
        }
    }
    return NULL;
}

static const struct item *by_size_items;
static int cmp_size(const void *a, const void *b)
{
    long long x = by_size_items[*(const size_t *)a].size, y = by_size_items[*(const size_t *)b].size;
    if (x != y)
        return x > y ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

int import_many(struct importer *im, char *const *paths, int n, struct err *e)
{
    struct walk w = {0};
    struct err walk_err;
    err_clear(&walk_err);
    int walk_rc = HE_OK;
    for (int i = 0; walk_rc == HE_OK && i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            walk_rc = err_at(&walk_err, HE_INPUT, paths[i], 0, NULL, "no such file or folder");
        else if (S_ISDIR(st.st_mode))
            walk_rc = walk_dir(&w, paths[i], &walk_err);
        else
            walk_file(&w, xstrdup(paths[i]), 1, (long long)st.st_size);
    }
    /* when the walk stopped at a folder, the files before it are read, and the first of
     * them that fails is the error, else the walk's */
    size_t nread = w.n;

    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_t *old_lock = im->store_lock;
    im->store_lock = &lock;
    struct run r = {.im = im, .it = w.it, .n = nread};
    atomic_init(&r.next, 0);
    atomic_init(&r.failed, nread);
    r.order = xmalloc((nread ? nread : 1) * sizeof *r.order);
    for (size_t i = 0; i < nread; i++)
        r.order[i] = i;
    by_size_items = w.it;
    if (nread > 1)
        qsort(r.order, nread, sizeof *r.order, cmp_size);

    /* one file a CPU (HEARTH_IMPORT_THREADS=N reads N at once). The readers take turns at
     * the store's lock a batch of puts at a time, so parsing (most of the time) runs side
     * by side; two readers on two CPUs: 0.07 s where one took 0.09 (bench/RESULTS.md) */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("HEARTH_IMPORT_THREADS");
    if (env && atoi(env) >= 1)
        cpus = atoi(env);
    size_t nth = cpus < 1 ? 1 : (size_t)cpus;
    if (nth > nread)
        nth = nread ? nread : 1;
    if (nth > 64)
        nth = 64;
    /* each file's puts run on the thread that reads it (under the lock), not on a store
     * thread of its own: with a thread a CPU reading there is no CPU spare for one, and
     * beside a single reader on two CPUs it gained nothing */
    int pipe_threads = im->pipe_threads;
    if (!im->pipe_threads)
        im->pipe_threads = 1;
    pthread_t th[64];
    size_t started = 0;
    for (size_t t = 1; t < nth; t++) {
        if (pthread_create(&th[started], NULL, worker, &r) != 0)
            break; /* no thread (a process limit): fewer threads read the same files */
        started++;
    }
    worker(&r);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    im->store_lock = old_lock;
    im->pipe_threads = pipe_threads;
    pthread_mutex_destroy(&lock);

    /* in the paths' order: what was skipped before the stop, the LA code, the error */
    size_t stop = atomic_load(&r.failed);
    int rc = HE_OK;
    for (size_t i = 0; i < w.n; i++) {
        struct item *it = &w.it[i];
        if (i < stop && i < nread && it->skip)
            fprintf(stderr, "hearth %s: skipping %s: %s\n", im->cmd ? im->cmd : "import", it->path,
                    it->skip);
        if (i < stop && i < nread && !it->skip && !im->lea[0] && it->lea[0])
            memcpy(im->lea, it->lea, sizeof im->lea);
        if (i == stop) {
            rc = it->rc;
            *e = it->err;
        }
        free(it->path);
        free(it->skip);
    }
    if (rc == HE_OK && walk_rc != HE_OK) {
        rc = walk_rc;
        *e = walk_err;
    }
    free(r.order);
    free(w.it);
    return rc;
}
