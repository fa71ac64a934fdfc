/* testservice: what the tests of the wider service's figures (tests/unit/measure/
 * test_service*.c) share, on both stores (teststore.h): the fixture's store, its users and
 * children, its teardown, and the lookups of an area and of one of its figures.
 * A test defines its struct fx, with members `char *dir`, `struct test_db t` and `struct
 * store *s` (its folder, its database and the store open on it), then includes this. */
#ifndef HEARTH_TESTSERVICE_H
#define HEARTH_TESTSERVICE_H

#include <stdio.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"

/* The store the tests run on now (RUN_ON_BOTH_STORES sets it). */
static enum test_backend backend;

static inline day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* Unix seconds at the start of a day (the `at` columns). */
static inline int64_t unix_at(day_t d) { return (int64_t)(d - D(1970, 1, 1)) * 86400; }

/* A new fixture (calloc'd, freed by teardown) on an empty store of the backend under test;
 * db names the SQLite file. */
static inline struct fx *sv_new(const char *db)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, db);
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    return f;
}

/* A user (password "h") with this role in team (NULL: none), read back into *u. */
static inline void sv_user(struct fx *f, const char *login, const char *name, enum cw_role role, const char *team,
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
static inline rec_id sv_child(struct fx *f, const struct cw_user *u, const char *given, day_t dob, const char *sex,
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

/* The index of the area with this id in the registry. */
static inline int area(const char *id)
{
    for (int i = 0; i < n_service_areas; i++)
        if (!strcmp(service_areas[i]->id, id))
            return i;
    fail_msg("no area %s", id);
    return -1;
}

static inline const struct service_figure *fig(const struct service_result *r, const char *id)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->f[i].id, id))
            return &r->f[i];
    fail_msg("no figure %s", id);
    return NULL;
}

#endif
