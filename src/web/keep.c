/* keep: the kept figures of keep.h, and their background refresh. */
#include "keep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/elapsed.h"

static int slot_of(const struct keep *k, const void *key)
{
    for (int i = 0; i < k->kind->slots; i++)
        if (k->slot[i].used && memcmp(k->slot[i].key, key, k->kind->key_size) == 0)
            return i;
    return -1;
}

static void value_copy(const struct keep_kind *kind, void *dst, const void *src)
{
    memcpy(dst, src, kind->value_size);
    if (kind->copy)
        kind->copy(dst, src);
}

/* value for key into key's slot, else a free one, else the least recently used. own: this
 * kind's make worked it out, cost_ms long (the slot's refresh is over); else keep_put's (a
 * slot already kept keeps its use, its cost and its refresh under way). Makings one after
 * another on the compute lock read their stamps in the order they end, so the last one
 * is the freshest whatever the clock said when each began; a put's value was worked out
 * elsewhere, and is ordered with what is kept by the time it was made. false when key's
 * entry is the fresher. */
static bool put(struct keep *k, const void *key, int64_t stamp, int64_t made, int64_t cost_ms,
                const void *value, bool own)
{
    const struct keep_kind *kind = k->kind;
    pthread_mutex_lock(&k->lock);
    int s = slot_of(k, key);
    bool found = s >= 0;
    const struct keep_slot *was = found ? &k->slot[s] : NULL;
    if (found && (own ? was->put && was->made > made : was->made >= made)) {
        if (own)
            k->slot[s].refreshing = false;
        pthread_mutex_unlock(&k->lock);
        return false;
    }
    for (int i = 0; s < 0 && i < kind->slots; i++)
        if (!k->slot[i].used)
            s = i;
    if (s < 0) {
        s = 0;
        for (int i = 1; i < kind->slots; i++)
            if (k->slot[i].last_used < k->slot[s].last_used)
                s = i;
    }
    struct keep_slot *sl = &k->slot[s];
    if (!sl->key) {
        sl->key = xcalloc(1, kind->key_size);
        sl->value = xcalloc(1, kind->value_size);
    } else if (sl->used && kind->drop) {
        kind->drop(sl->value);
    }
    memcpy(sl->key, key, kind->key_size);
    value_copy(kind, sl->value, value);
    sl->used = true;
    sl->put = !own;
    sl->stamp = stamp;
    sl->made = made;
    if (own || !found) {
        sl->refreshing = false;
        sl->last_used = made;
        sl->cost_ms = own ? cost_ms : 0;
    }
    pthread_mutex_unlock(&k->lock);
    return true;
}

bool keep_put(struct keep *k, const void *key, const void *value, int64_t stamp, int64_t made)
{
    return put(k, key, stamp, made, 0, value, false);
}

/* Holding k->compute: the value worked out on st, kept, and copied into out. */
static int make_locked(struct keep *k, struct store *st, const void *key, int64_t now, void *out,
                       struct err *e)
{
    int64_t stamp = 0;
    int64_t t0 = elapsed_now_ms();
    memset(out, 0, k->kind->value_size);
    int rc = k->kind->stamp(st, &stamp, e);
    if (rc == HE_OK && (rc = k->kind->make(st, key, out, e)) == HE_OK) {
        put(k, key, stamp, now, elapsed_now_ms() - t0, out, true);
        if (k->kind->kept)
            k->kind->kept(key, out, stamp, now);
    }
    return rc;
}

static void refresh_done(struct keep *k, const void *key)
{
    pthread_mutex_lock(&k->lock);
    int i = slot_of(k, key);
    if (i >= 0)
        k->slot[i].refreshing = false;
    pthread_mutex_unlock(&k->lock);
}

struct job {
    struct keep *k;
    char *db;
    void *key;
};

static void *refresh_main(void *arg)
{
    struct job *j = arg;
    struct keep *k = j->k;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    void *v = xcalloc(1, k->kind->value_size);
    pthread_mutex_lock(&k->compute);
    int rc = store_open(j->db, 0, &s, &e);
    if (rc == HE_OK && (rc = make_locked(k, s, j->key, (int64_t)time(NULL), v, &e)) == HE_OK &&
        k->kind->drop)
        k->kind->drop(v);
    pthread_mutex_unlock(&k->compute);
    if (s)
        store_close(s);
    if (rc != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: refreshing %s: %s\n", k->kind->what, msg);
        refresh_done(k, j->key);
    }
    free(v);
    free(j->key);
    free(j->db);
    free(j);
    return NULL;
}

int keep_thread(void *(*fn)(void *), void *arg)
{
    pthread_t th;
    pthread_attr_t at;
    int rc = pthread_attr_init(&at);
    if (rc)
        return rc;
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&th, &at, fn, arg);
    pthread_attr_destroy(&at);
    return rc;
}

static void refresh_in_background(struct keep *k, const char *db, const void *key)
{
    struct job *j = xmalloc(sizeof *j);
    j->k = k;
    j->db = xstrdup(db);
    j->key = xmalloc(k->kind->key_size);
    memcpy(j->key, key, k->kind->key_size);
    if (keep_thread(refresh_main, j) != 0) {
        /* no thread: the entry stays stale and the next request tries again */
        refresh_done(k, key);
        free(j->key);
        free(j->db);
        free(j);
    }
}

enum state { MISS, FRESH, STALE };

/* Copies the entry out. *refresh is set when the caller is the one to refresh it. */
static enum state lookup(struct keep *k, const void *key, int64_t stamp, int64_t now, void *out,
                         int64_t *made, bool *refresh, bool *changed)
{
    const struct keep_kind *kind = k->kind;
    enum state st = MISS;
    *refresh = false;
    pthread_mutex_lock(&k->lock);
    int i = slot_of(k, key);
    if (i >= 0) {
        struct keep_slot *sl = &k->slot[i];
        value_copy(kind, out, sl->value);
        *made = sl->made;
        sl->last_used = now;
        *changed = sl->stamp != stamp;
        st = !*changed && now - sl->made < kind->max_age_s ? FRESH : STALE;
        int64_t gap_s = (sl->cost_ms * kind->share + 999) / 1000;
        if (st == STALE && !sl->refreshing && now - sl->made >= gap_s)
            *refresh = sl->refreshing = true;
    }
    pthread_mutex_unlock(&k->lock);
    return st;
}

int keep_get(struct keep *k, struct store *st, const char *db, int64_t now, const void *key,
             void *out, int64_t *made, bool *stale, struct err *e)
{
    int64_t stamp = 0;
    bool refresh, changed = false;
    *stale = false;
    int rc = k->kind->stamp(st, &stamp, e);
    if (rc != HE_OK)
        return rc;
    enum state s = lookup(k, key, stamp, now, out, made, &refresh, &changed);
    if (s == STALE && refresh && changed && k->kind->wait_for_change) {
        if (k->kind->drop)
            k->kind->drop(out);
        pthread_mutex_lock(&k->compute);
        rc = make_locked(k, st, key, now, out, e);
        pthread_mutex_unlock(&k->compute);
        if (rc != HE_OK)
            refresh_done(k, key);
        *made = now;
        return rc;
    }
    if (s != MISS) {
        *stale = s == STALE;
        if (refresh)
            refresh_in_background(k, db, key);
        return HE_OK;
    }
    /* never asked for: other requests for the same key wait for this one and then find it
     * kept, rather than all working the same figures out at once */
    pthread_mutex_lock(&k->compute);
    s = lookup(k, key, stamp, now, out, made, &refresh, &changed);
    if (s == MISS) {
        *made = now;
        rc = make_locked(k, st, key, now, out, e);
    } else {
        *stale = s == STALE;
        if (refresh) /* found stale after waiting: give the refresh back to the next request */
            refresh_done(k, key);
    }
    pthread_mutex_unlock(&k->compute);
    return rc;
}

int keep_make(struct keep *k, struct store *st, const void *key, struct err *e)
{
    void *v = xcalloc(1, k->kind->value_size);
    pthread_mutex_lock(&k->compute);
    int rc = make_locked(k, st, key, (int64_t)time(NULL), v, e);
    pthread_mutex_unlock(&k->compute);
    if (rc == HE_OK && k->kind->drop)
        k->kind->drop(v);
    free(v);
    return rc;
}
