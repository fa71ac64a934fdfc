/* store_team: a team manager's lists and allocations (team.h), on the portable db.h
 * layer. An allocation is one transaction: check the child is the team's and the worker a
 * member of it, check nobody else allocated the child meanwhile, end the previous
 * allocation, add the new one and log who did it. A refused allocation leaves nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "store_impl.h"
#include "team.h"
#include "trust.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int done(int rc)
{
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int team_list(struct store *s, struct team_row *out, int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s), "SELECT id, name FROM team ORDER BY name, id", &st, e);
    if (rc != HE_OK)
        return rc;
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        out[*n].id = db_int(st, 0);
        copy(out[*n].name, sizeof out[*n].name, db_text(st, 1));
        (*n)++;
    }
    db_finalize(st);
    return done(rc);
}

int team_name(struct store *s, int64_t team_id, char name[128], struct err *e)
{
    struct db_stmt *st;
    name[0] = 0;
    int rc = db_prepare(store_db(s), "SELECT name FROM team WHERE id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        copy(name, 128, db_text(st, 0));
    db_finalize(st);
    return done(rc);
}

/* Staff who can hold children: not analysts or administrators (imported staff rows have no role). */
#define HOLDER "(st.role IS NULL OR st.role NOT IN ('analyst', 'admin'))"

int team_workers(struct store *s, int64_t team_id, struct team_worker *out, int max, int *n,
                 struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT st.id, coalesce(st.name, st.staff_ref), st.role, (SELECT count(*) "
                        "FROM allocation a WHERE a.staff_id = st.id AND a.end_date IS NULL) FROM "
                        "staff st WHERE st.team_id = ? AND " HOLDER " ORDER BY 2, st.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team_id);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct team_worker *w = &out[(*n)++];
        memset(w, 0, sizeof *w);
        w->staff_id = db_int(st, 0);
        copy(w->name, sizeof w->name, db_text(st, 1));
        copy(w->role, sizeof w->role, db_text(st, 2));
        w->caseload = db_int(st, 3);
    }
    db_finalize(st);
    return done(rc);
}

int team_caseload(struct store *s, int64_t staff_id, struct cw_child_row *out, int max, int *n,
                  struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT p.id, p.la_child_id, p.given_name, p.family_name, p.dob, "
                        "(SELECT v.version FROM record_version v WHERE v.person_id = p.id) FROM person "
                        "p WHERE p.id IN (SELECT a.person_id FROM allocation a WHERE a.staff_id = ? "
                        "AND a.end_date IS NULL) ORDER BY p.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, staff_id);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct cw_child_row *c = &out[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = db_int(st, 0);
        copy(c->la_child_id, sizeof c->la_child_id, db_text(st, 1));
        copy(c->given, sizeof c->given, db_text(st, 2));
        copy(c->family, sizeof c->family, db_text(st, 3));
        c->dob = (day_t)db_int(st, 4);
        c->version = db_int(st, 5); /* as cw_version: 0 when never changed */
        c->allocated_to_me = true;
    }
    db_finalize(st);
    return done(rc);
}

static int by_waiting(const void *a, const void *b)
{
    const struct team_child *x = a, *y = b;
    if (x->open_since != y->open_since)
        return x->open_since < y->open_since ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int team_unallocated(struct store *s, int64_t team_id, struct team_child **out, size_t *n,
                     struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(
        store_db(s),
        "SELECT p.id, p.la_child_id, p.given_name, p.family_name, p.dob, (SELECT "
        "min(c.referral_date) FROM cin_episode c WHERE c.person_id = p.id AND c.closure_date IS "
        "NULL AND (c.referral_nfa IS NULL OR c.referral_nfa = 0)), (SELECT min(l.decom) FROM "
        "la_episode l WHERE l.person_id = p.id AND l.dec IS NULL) FROM case_team ct JOIN person p "
        "ON p.id = ct.person_id WHERE ct.team_id = ? AND NOT EXISTS (SELECT 1 FROM allocation a "
        "WHERE a.person_id = p.id AND a.end_date IS NULL)",
        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        bool cin = !db_is_null(st, 5), la = !db_is_null(st, 6);
        if (!cin && !la)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct team_child *c = &(*out)[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = db_int(st, 0);
        copy(c->la_child_id, sizeof c->la_child_id, db_text(st, 1));
        copy(c->given, sizeof c->given, db_text(st, 2));
        copy(c->family, sizeof c->family, db_text(st, 3));
        c->dob = (day_t)db_int(st, 4);
        c->cin = cin;
        c->looked_after = la;
        day_t a = cin ? (day_t)db_int(st, 5) : DAY_NONE, b = la ? (day_t)db_int(st, 6) : DAY_NONE;
        c->open_since = !a ? b : !b ? a : a < b ? a : b;
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, by_waiting);
    return HE_OK;
}

static int refuse(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

int team_allocate(struct store *s, const struct cw_user *manager, int64_t team_id, rec_id person,
                  int64_t staff_id, int64_t current, day_t day, int64_t now, struct err *e)
{
    int64_t held = 0, member = 0, now_with = 0;
    if (!team_id)
        return err_at(e, HE_INPUT, NULL, 0, "team", "choose a team");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    if ((rc = DB_INT(d, e, &held,
                     "SELECT count(*) FROM case_team WHERE person_id = ? AND team_id = ?",
                     DB_I(person), DB_I(team_id))) != HE_OK)
        return refuse(s, rc);
    if (!held)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "child", "this child is not held by the team"));
    if ((rc = DB_INT(d, e, &member,
                     "SELECT count(*) FROM staff st WHERE st.id = ? AND st.team_id = ? AND "
                     HOLDER,
                     DB_I(staff_id), DB_I(team_id))) != HE_OK)
        return refuse(s, rc);
    if (!member)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "worker", "choose a worker of the team"));
    /* the worker allocated now (the latest open allocation), to compare with what the
     * manager saw */
    if ((rc = DB_INT(d, e, &now_with,
                     "SELECT staff_id FROM allocation WHERE person_id = ? AND end_date IS NULL "
                     "ORDER BY start DESC, id DESC LIMIT 1",
                     DB_I(person))) != HE_OK)
        return refuse(s, rc);
    if (now_with != current)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "worker",
                                "someone else changed this child's allocation while you were "
                                "looking: check the list again"));
    if (now_with == staff_id)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "worker",
                                "this child is already allocated to that worker"));
    /* every other open allocation ends: one allocated worker at a time */
    if ((rc = DB_RUN(d, e,
                     "UPDATE allocation SET end_date = CASE WHEN start < ? THEN ? ELSE start END "
                     "WHERE person_id = ? AND end_date IS NULL",
                     DB_I(day), DB_I(day - 1), DB_I(person))) != HE_OK ||
        (rc = DB_RUN(d, e,
                     "INSERT INTO allocation (person_id, staff_id, start) VALUES (?, ?, ?) ON "
                     "CONFLICT (person_id, staff_id, start) DO UPDATE SET end_date = NULL",
                     DB_I(person), DB_I(staff_id), DB_I(day))) != HE_OK ||
        (rc = DB_RUN(d, e,
                     "INSERT INTO allocation_log (person_id, team_id, staff_id, "
                     "previous_staff_id, by_user, day, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_I(person), DB_I(team_id), DB_I(staff_id), DB_Z(now_with),
                     DB_I(manager->id), DB_I(day), DB_I(now))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int team_log(struct store *s, const struct cw_user *viewer, int64_t team_id,
             struct team_log_row *out, int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT g.at, g.person_id, p.given_name, p.family_name, p.la_child_id, "
                        "coalesce(st.name, st.staff_ref), u.display_name FROM allocation_log g "
                        "JOIN person p ON p.id = g.person_id JOIN staff st ON st.id = g.staff_id "
                        "JOIN app_user u ON u.id = g.by_user WHERE g.team_id = ? ORDER BY g.at "
                        "DESC, g.id DESC LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team_id);
    db_bind_int(st, 2, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct team_log_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->at = db_int(st, 0);
        r->person = db_int(st, 1);
        const char *g = db_text(st, 2), *f = db_text(st, 3);
        if ((g && *g) || (f && *f))
            snprintf(r->child, sizeof r->child, "%s%s%s", g ? g : "", g && *g && f && *f ? " " : "",
                     f ? f : "");
        else
            snprintf(r->child, sizeof r->child, "Child %s", db_text(st, 4) ? db_text(st, 4) : "");
        copy(r->worker, sizeof r->worker, db_text(st, 5));
        copy(r->by, sizeof r->by, db_text(st, 6));
        copy(r->la, sizeof r->la, db_text(st, 4));
    }
    db_finalize(st);
    /* a child the viewer may not open: the log says it was allocated, never who it is */
    rc = done(rc);
    for (int i = 0; rc == HE_OK && i < *n; i++) {
        const char *words;
        rc = tr_hidden_name(s, viewer, out[i].person, &out[i].hidden, &words, e);
        if (rc == HE_OK && out[i].hidden) {
            if (*words)
                copy(out[i].child, sizeof out[i].child, words);
            else
                snprintf(out[i].child, sizeof out[i].child, "Child %s", out[i].la);
        }
    }
    return rc;
}
