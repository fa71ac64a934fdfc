/* testfixture: the fixture every store test on both stores (teststore.h) builds the same
 * way: a fresh store in a folder of its own, users of each role in their teams, children
 * met at the front door, and the teardown. A test defines its struct fx, with members
 * `char *dir`, `struct test_db t` and `struct store *s` (its folder, its database and the
 * store open on it), then includes this; setup calls fx_new, main passes `backend` to
 * RUN_ON_BOTH_STORES. testservice.h adds what the wider service's figures need. */
#ifndef HEARTH_TESTFIXTURE_H
#define HEARTH_TESTFIXTURE_H

#include <string.h>

#include "teststore.h"

#include "store/casework.h"

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

/* A new child of the Lee family born on dob, met at the front door by u on day; returns
 * the child. */
static inline rec_id fx_child(struct fx *f, const struct cw_user *u, const char *given, day_t dob, const char *sex,
                              day_t day)
{
    struct err e;
    struct cw_new_child nc = {.given = given, .family = "Lee", .dob = dob, .sex = sex};
    rec_id kid, contact;
    assert_int_equal(cw_record_contact(f->s, u, 0, 0, &nc, day, "6", "x", 5, &kid, &contact, &e), HE_OK);
    return kid;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

#endif
