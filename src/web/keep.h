/* keep: figures worked out from the store, kept for the pages that show them. Working out a
 * period's measures or the wider service's figures takes a few hundred milliseconds at a
 * large authority: too long for every view by many managers at once, and far too long for
 * the other connections that libmicrohttpd serves on the same thread as the one that waits.
 * So a kind of figures is kept per key (a period, say) while its stamp (the store's change
 * stamp, and whatever else says the figures moved) is the one it was made at and it is
 * younger than max_age_s. A stale entry is still served, with the time it was made, while
 * one background thread on a connection of its own works it out again; only a key never
 * asked for before is worked out while its request waits, one at a time. An entry is worked
 * out again no sooner than `share` times as long after it was made as making it took, so
 * that on a store written to all the time the figures' share of the machine stays about
 * 1 in `share`.
 *
 * Figures of one kind may hold another's (the dashboard's hold the committee report's
 * measures): the kind's `kept` hands each value it works out to keep_put of the other, which
 * keeps it as if worked out there, so that the same figures are not worked out twice.
 *
 * Ownership: a struct keep is a static of the module that shows the figures, initialised
 * with KEEP_INIT and never freed (it lives as long as the server). Values copied out by
 * keep_get belong to the caller, who releases them with the kind's drop; a value given to
 * keep_put stays the caller's (the keep holds a copy made with the kind's copy). */
#ifndef HEARTH_WEB_KEEP_H
#define HEARTH_WEB_KEEP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/err.h"

struct keep_kind {
    const char *what;   /* for the server's messages: "the dashboard" */
    size_t key_size;    /* keys are compared byte for byte: callers zero them first */
    size_t value_size;
    int slots;          /* at most KEEP_SLOTS; the least recently used goes */
    int max_age_s;      /* older than this is stale (a change made by another program) */
    int share;          /* 0: whenever stale */
    /* Stale because the stamp moved (something was recorded): the first view to find it so
     * works the figures out while it waits, so that whoever recorded it sees it counted
     * (the others meanwhile get the figures as they were). Stale by age alone is always
     * worked out in the background. */
    bool wait_for_change;
    /* The stamp the figures are fresh for, read on st. */
    int (*stamp)(struct store *st, int64_t *out, struct err *e);
    /* Work the value for key out from st into value (value_size bytes, zeroed). */
    int (*make)(struct store *st, const void *key, void *value, struct err *e);
    /* dst holds src's bytes: give dst copies of what src owns. NULL: a value owns nothing. */
    void (*copy)(void *dst, const void *src);
    /* Release what a value owns. NULL: nothing. */
    void (*drop)(void *value);
    /* Called with each value make worked out (and the stamp and time it was made at), once
     * kept, holding the keep's compute lock but not its slots': to keep_put it, or part of
     * it, in another keep. The value is the keep's: copy what is kept. NULL: nothing. */
    void (*kept)(const void *key, const void *value, int64_t stamp, int64_t made);
};

#define KEEP_SLOTS 8

struct keep_slot {
    bool used, refreshing;
    bool put; /* kept by keep_put, not worked out by this kind's make */
    int64_t stamp, made, last_used, cost_ms;
    void *key, *value; /* owned by the slot */
};

struct keep {
    const struct keep_kind *kind;
    pthread_mutex_t lock;    /* the slots */
    pthread_mutex_t compute; /* one working out at a time */
    struct keep_slot slot[KEEP_SLOTS];
};

#define KEEP_INIT(k) \
    { .kind = (k), .lock = PTHREAD_MUTEX_INITIALIZER, .compute = PTHREAD_MUTEX_INITIALIZER }

/* key's value into out (the caller drops it). st is the request's connection, used for the
 * stamp and when nothing is kept for key; db is the database a background refresh opens.
 * *made: when the value was worked out (seconds since the epoch); *stale: newer figures are
 * on their way. */
int keep_get(struct keep *k, struct store *st, const char *db, int64_t now, const void *key,
             void *out, int64_t *made, bool *stale, struct err *e);

/* Work key's value out now on st and keep it (the server's warm-up at start). */
int keep_make(struct keep *k, struct store *st, const void *key, struct err *e);

/* Keep value for key as if this kind's make had worked it out at stamp (the store's, read
 * before the value was worked out from it) at made (seconds since the epoch, keep_get's
 * clock): fresh while the stamp stays and younger than max_age_s, then stale and worked out
 * again like any other. It takes key's slot, else a free one, else the least recently used
 * (as a making does), unless key's entry was made at the same time or later: the stamp is a
 * hash, so which of two values is the fresher is told by when they were made, and one made
 * in the same second is left alone. A making of this kind that began before made and ends
 * after the put does not replace it. true when kept. */
bool keep_put(struct keep *k, const void *key, const void *value, int64_t stamp, int64_t made);

/* fn(arg) on a detached thread of its own: the background work of kept figures (a refresh,
 * the server's warm-up), which nobody waits for. 0, or pthread_create's error (then fn
 * never runs and arg is still the caller's). */
int keep_thread(void *(*fn)(void *), void *arg);

#endif
