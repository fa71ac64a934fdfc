/* testfixture: the fixture every store test on both stores (teststore.h) builds the same
 * way: a fresh store in a folder of its own, users of each role in their teams, children
 * met at the front door or referred there, and the teardown. A test defines its struct fx, with members
 * `char *dir`, `struct test_db t` and `struct store *s` (its folder, its database and the
 * store open on it), then includes this; setup calls fx_new, main passes `backend` to
 * RUN_ON_BOTH_STORES. testservice.h adds what the wider service's figures need. */
#ifndef HEARTH_TESTFIXTURE_H
#define HEARTH_TESTFIXTURE_H

#include <string.h>

#include "teststore.h"

#include "model/journey.h"
#include "store/casework.h"
#include "store/stages.h"

/* The store the tests run on now (RUN_ON_BOTH_STORES sets it). */
static enum test_backend backend;

static inline day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* Unix seconds at the start of a day (the `at` columns). */
static inline int64_t unix_at(day_t d) { return (int64_t)(d - D(1970, 1, 1)) * 86400; }

/* A new fixture (calloc'd, freed by teardown) on an empty store of the backend under test;
 * db names the SQLite file. */
static inline struct fx *fx_new(const char *db)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, db);
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    return f;
}

/* A user (password "h") with this role in team (NULL: none), read back into *u. */
static inline void fx_user(struct fx *f, const char *login, const char *name, enum cw_role role, const char *team,
                           struct cw_user *u)
{
    struct err e;
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, login, name, role, team, "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, u, &found, &e), HE_OK);
}

/* A new child of the Lee family born on dob, met at the front door by u on day, the contact
 * from source (a DfE referral source); returns the child, *contact the contact. */
static inline rec_id fx_contact(struct fx *f, const struct cw_user *u, const char *given, day_t dob, const char *sex,
                                day_t day, const char *source, rec_id *contact)
{
    struct err e;
    struct cw_new_child nc = {.given = given, .family = "Lee", .dob = dob, .sex = sex};
    rec_id kid;
    assert_int_equal(cw_record_contact(f->s, u, 0, 0, &nc, day, source, "x", 5, &kid, contact, &e), HE_OK);
    return kid;
}

/* A new child of the Lee family born on dob, met at the front door by u on day; returns
 * the child. */
static inline rec_id fx_child(struct fx *f, const struct cw_user *u, const char *given, day_t dob, const char *sex,
                              day_t day)
{
    rec_id contact;
    return fx_contact(f, u, given, dob, sex, day, "6", &contact);
}

/* child's record version now (cw_version), the `seen` a write is given. */
static inline int64_t fx_version(struct fx *f, rec_id child)
{
    struct err e;
    int64_t v = 0;
    assert_int_equal(cw_version(f->s, child, &v, &e), HE_OK);
    return v;
}

/* A girl of the Lee family born on dob, met at the front door by u on day (a school's
 * contact, source 2A) and referred that day with need N1: she has an episode of need open
 * from day, *episode (NULL: not wanted) its id. Returns the child. */
static inline rec_id fx_referred(struct fx *f, const struct cw_user *u, const char *given, day_t dob, day_t day,
                                 rec_id *episode)
{
    struct err e;
    rec_id contact, ep, kid = fx_contact(f, u, given, dob, "F", day, "2A", &contact);
    assert_int_equal(cw_decide_contact(f->s, u, contact, fx_version(f, kid), "REFERRAL", day, "N1", &ep, &e), HE_OK);
    if (episode)
        *episode = ep;
    return kid;
}

/* child's clocks of kind id open on today, as the record and My work compute them (its
 * file and what the stage forms recorded): how many; the first max of them go to k. */
static inline int fx_clocks(struct fx *f, rec_id child, enum clock_id id, day_t today, struct journey_clock *k,
                            int max)
{
    struct err e;
    struct child_file cf;
    struct child_extra x;
    struct journey j;
    assert_int_equal(store_load_child(f->s, child, &cf, &e), HE_OK);
    assert_int_equal(st_load_extra(f->s, child, &x, &e), HE_OK);
    journey_compute_x(&cf, &x, NULL, 0, today, &j);
    int n = 0;
    for (int i = 0; i < j.n_clocks; i++)
        if (j.clocks[i].id == id && n++ < max)
            k[n - 1] = j.clocks[i];
    journey_free(&j);
    child_extra_free(&x);
    child_file_free(&cf);
    return n;
}

/* The due day of child's clock of kind id open on today (the last, if more run), or 0. */
static inline day_t fx_due(struct fx *f, rec_id child, enum clock_id id, day_t today)
{
    struct journey_clock k[16];
    int n = fx_clocks(f, child, id, today, k, 16);
    assert_true(n <= 16);
    return n ? k[n - 1].due : 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

#endif
