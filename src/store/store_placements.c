/* store_placements: carers and providers, placements, legal status changes and health
 * records (see placements.h), on the portable db.h layer so both stores run it unchanged.
 * A placement's distance and area are worked out when it is recorded, from the postcodes
 * as they are then, so the record and the measures agree and a later directory does not
 * move a placement that has ended. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/placement.h"
#include "casework.h"
#include "placements.h"
#include "stages.h"
#include "store_impl.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* ---- the register ---------------------------------------------------------------------- */
int pl_carer_add(struct store *s, int64_t user, const struct pl_carer *c, int64_t now, rec_id *id,
                 struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t same = 0;
    rc = DB_INT(store_db(s), e, &same, "SELECT count(*) FROM carer WHERE name = ? AND postcode = ?",
                DB_T(c->name), DB_T(c->postcode));
    if (rc == HE_OK && same)
        rc = err_at(e, HE_INPUT, NULL, 0, "name", "A carer or provider of this name at this postcode is already in the register");
    int64_t made = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &made,
                    "INSERT INTO carer (kind, name, household, urn, postcode, approved, capacity, weekly_cost, "
                    "created, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_T(c->kind), DB_T(c->name), DB_T(c->household && *c->household ? c->household : NULL),
                    DB_T(c->urn && *c->urn ? c->urn : NULL), DB_T(c->postcode), DB_Z(c->approved),
                    DB_I(c->capacity), DB_I(c->weekly_cost), DB_I(now), DB_Z(user));
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    if (id)
        *id = made;
    return store_commit(s, e);
}

static const char *dup(struct arena *mem, struct db_stmt *st, int col)
{
    return arena_strdup(mem, db_text(st, col));
}

int pl_carers(struct store *s, day_t today, struct arena *mem, struct pl_carer **out, int *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id, c.kind, c.name, c.household, c.urn, c.postcode, c.approved, c.capacity, "
                        "c.weekly_cost, (SELECT count(*) FROM placement p JOIN la_episode l ON l.id = "
                        "p.episode_id WHERE p.carer_id = c.id AND l.decom <= ? AND (l.dec IS NULL OR l.dec > ?)) "
                        "FROM carer c ORDER BY c.kind, c.name, c.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, today);
    db_bind_int(st, 2, today);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            struct pl_carer *np = arena_alloc(mem, (size_t)cap * sizeof *np);
            if (*n)
                memcpy(np, *out, (size_t)*n * sizeof *np);
            *out = np;
        }
        (*out)[(*n)++] = (struct pl_carer){
            .id = db_int(st, 0), .kind = dup(mem, st, 1), .name = dup(mem, st, 2), .household = dup(mem, st, 3),
            .urn = dup(mem, st, 4), .postcode = dup(mem, st, 5), .approved = (day_t)db_int(st, 6),
            .capacity = (int)db_int(st, 7), .weekly_cost = db_int(st, 8), .placed = (int)db_int(st, 9)};
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int pl_child_placements(struct store *s, rec_id person, struct arena *mem, struct pl_placement *out, int max,
                        int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT l.id, l.decom, l.dec, l.place, c.id, c.name, c.kind, p.postcode, l.home_post, "
                        "p.weekly_cost, p.distance_m, p.in_area FROM placement p JOIN la_episode l ON l.id = "
                        "p.episode_id JOIN carer c ON c.id = p.carer_id WHERE l.person_id = ? "
                        "ORDER BY l.decom DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while ((rc = db_step(st, e)) == DB_ROW && *n < max)
        out[(*n)++] = (struct pl_placement){
            .episode = db_int(st, 0), .start = (day_t)db_int(st, 1), .end = (day_t)db_int(st, 2),
            .place = dup(mem, st, 3), .carer = db_int(st, 4), .carer_name = dup(mem, st, 5),
            .carer_kind = dup(mem, st, 6), .postcode = dup(mem, st, 7), .home_post = dup(mem, st, 8),
            .weekly_cost = db_int(st, 9), .distance_m = db_is_null(st, 10) ? -1 : db_int(st, 10),
            .in_area = db_is_null(st, 11) ? -1 : (int)db_int(st, 11)};
    db_finalize(st);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

/* ---- postcodes ------------------------------------------------------------------------- */
static int lookup(struct store *s, const char *code, struct postcode_place *out, bool *found, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT la, easting, northing FROM postcode WHERE code = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        copy(out->la, sizeof out->la, db_text(st, 0));
        out->easting = (int32_t)db_int(st, 1);
        out->northing = (int32_t)db_int(st, 2);
        *found = true;
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int pl_postcode_find(struct store *s, const char *pc, struct postcode_place *out, bool *found, struct err *e)
{
    *found = false;
    char sector[8];
    postcode_sector_of(pc, sector);
    int rc = lookup(s, pc, out, found, e);
    if (rc == HE_OK && !*found && *sector)
        rc = lookup(s, sector, out, found, e);
    if (rc != HE_OK || *found)
        return rc;
    const struct postcode_sector *ps = postcode_sector_find(pc);
    if (ps) {
        copy(out->la, sizeof out->la, ps->la);
        out->easting = ps->easting;
        out->northing = ps->northing;
        *found = true;
    }
    return HE_OK;
}

int pl_postcodes_load(struct store *s, void *file, int64_t *n, int64_t *skipped, struct err *e)
{
    FILE *f = file;
    *n = *skipped = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e, "DELETE FROM postcode WHERE code <> ?", DB_T(""));
    struct db_stmt *st = NULL;
    if (rc == HE_OK)
        rc = db_prepare(store_db(s),
                        "INSERT INTO postcode (code, la, easting, northing) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (code) DO UPDATE SET la = excluded.la, easting = excluded.easting, "
                        "northing = excluded.northing",
                        &st, e);
    char line[512];
    long lineno = 0;
    while (rc == HE_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1)
            continue; /* the header */
        char *code = strtok(line, ","), *la = strtok(NULL, ","), *east = strtok(NULL, ","),
             *north = strtok(NULL, ",");
        char pc[9];
        if (!code || !la || !east || !north) {
            (*skipped)++;
            continue;
        }
        char *end1, *end2;
        long ea = strtol(east, &end1, 10), no = strtol(north, &end2, 10);
        if (*end1 || *end2 || ea < 0 || no < 0 || ea > 2000000 || no > 2000000 || strlen(la) > 15) {
            (*skipped)++;
            continue;
        }
        /* a full postcode, or a sector ("ME4 4") as data/postcode-sectors.csv.gz has */
        if (!postcode_normalise(code, pc)) {
            char with[12];
            snprintf(with, sizeof with, "%sAA", code);
            if (!postcode_normalise(with, pc)) {
                (*skipped)++;
                continue;
            }
            pc[strlen(pc) - 2] = '\0';
        }
        db_reset(st);
        db_bind_text(st, 1, pc);
        db_bind_text(st, 2, la);
        db_bind_int(st, 3, ea);
        db_bind_int(st, 4, no);
        int r = db_step(st, e);
        rc = r == DB_DONE || r == DB_ROW ? HE_OK : r;
        (*n)++;
    }
    if (st)
        db_finalize(st);
    if (rc == HE_OK && ferror(f))
        rc = err_at(e, HE_INTERNAL, NULL, 0, NULL, "could not read the postcode directory");
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- placements ------------------------------------------------------------------------- */
/* The open episode's index, or -1. */
static int open_episode(const struct child_file *c)
{
    return c->n_la_episodes && !c->la_episodes[c->n_la_episodes - 1].dec ? (int)c->n_la_episodes - 1 : -1;
}

struct carer_row {
    char kind[8], urn[16], postcode[9];
    int64_t weekly_cost;
};

static int carer_get(struct store *s, rec_id id, struct carer_row *out, bool *found, struct err *e)
{
    struct db_stmt *st;
    *found = false;
    int rc = db_prepare(store_db(s), "SELECT kind, urn, postcode, weekly_cost FROM carer WHERE id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        copy(out->kind, sizeof out->kind, db_text(st, 0));
        copy(out->urn, sizeof out->urn, db_text(st, 1));
        copy(out->postcode, sizeof out->postcode, db_text(st, 2));
        out->weekly_cost = db_int(st, 3);
        *found = true;
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

/* Distance from home and whether in the area (the authority's ons_code setting; without
 * it, the home's authority). */
static int where(struct store *s, const char *home, const char *placed, int64_t *distance, int *in_area,
                 struct err *e)
{
    *distance = -1;
    *in_area = -1;
    struct postcode_place h, p;
    bool hf = false, pf = false;
    int rc = HE_OK;
    if (home && *home)
        rc = pl_postcode_find(s, home, &h, &hf, e);
    if (rc == HE_OK)
        rc = pl_postcode_find(s, placed, &p, &pf, e);
    if (rc != HE_OK)
        return rc;
    if (hf && pf)
        *distance = postcode_distance_m(&h, &p);
    char *area = NULL;
    if ((rc = store_get_setting(s, "ons_code", &area, e)) != HE_OK)
        return rc;
    if (pf && area && *area)
        *in_area = !strcmp(area, p.la);
    else if (pf && hf)
        *in_area = !strcmp(h.la, p.la);
    free(area);
    return HE_OK;
}

/* The placement row of episode ep (index i of the loaded child) with carer. */
static int put_placement(struct st_txn *t, rec_id ep, rec_id carer, const char *home_post, int64_t weekly_cost,
                         struct err *e)
{
    struct carer_row cr;
    bool found;
    int rc = carer_get(t->s, carer, &cr, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found)
        return err_at(e, HE_INPUT, NULL, 0, "carer", "Choose a carer or provider from the register");
    int64_t cost = weekly_cost >= 0 ? weekly_cost : cr.weekly_cost, distance;
    int in_area;
    if ((rc = where(t->s, home_post, cr.postcode, &distance, &in_area, e)) != HE_OK)
        return rc;
    if ((rc = DB_RUN(store_db(t->s), e,
                     "UPDATE la_episode SET pl_post = ?, urn = ?, place_provider = ?, home_post = ? WHERE id = ?",
                     DB_T(cr.postcode), DB_T(placement_urn(cr.urn)), DB_T(placement_provider(cr.kind)),
                     DB_T(home_post && *home_post ? home_post : NULL), DB_I(ep))) != HE_OK)
        return rc;
    return DB_RUN(store_db(t->s), e,
                  "INSERT INTO placement (episode_id, carer_id, postcode, weekly_cost, distance_m, in_area) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (episode_id) DO UPDATE SET carer_id = excluded.carer_id, "
                  "postcode = excluded.postcode, weekly_cost = excluded.weekly_cost, distance_m = "
                  "excluded.distance_m, in_area = excluded.in_area",
                  DB_I(ep), DB_I(carer), DB_T(cr.postcode), DB_I(cost),
                  distance >= 0 ? DB_I(distance) : DB_T(NULL), in_area >= 0 ? DB_I(in_area) : DB_T(NULL));
}

static const char *home_of(const struct la_episode *l, const char *given)
{
    return given && *given ? given : l->home_post;
}

int pl_set_carer(struct store *s, rec_id person, int64_t seen, rec_id carer, const char *home_post,
                 int64_t weekly_cost, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    int i = open_episode(&t.c);
    if (i < 0)
        rc = err_at(e, HE_INPUT, NULL, 0, "carer", "This child is not looked after");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = put_placement(&t, t.c.la_episodes_id[i], carer, home_of(&t.c.la_episodes[i], home_post), weekly_cost, e);
    return st_txn_end(&t, rc, e);
}

/* End the open episode i on date (REC X1, with the reason for a move) and open the next
 * with rne, ls and place. */
static int next_episode(struct st_txn *t, int i, day_t date, const char *rne, const char *ls, const char *place,
                        const char *reason, const char *home_post, rec_id *id, struct err *e)
{
    const struct la_episode *l = &t->c.la_episodes[i];
    /* the reason for a move is the ended episode's (SSDA903 rules 225 and 233) */
    int rc = DB_RUN(store_db(t->s), e, "UPDATE la_episode SET dec = ?, rec = 'X1', reason_place_change = ? WHERE id = ?",
                    DB_I(date), DB_T(reason), DB_I(t->c.la_episodes_id[i]));
    if (rc != HE_OK)
        return rc;
    struct la_episode ep = {.person = t->c.id, .decom = date, .rne = rne, .ls = ls, .cin = l->cin,
                            .place = place, .home_post = home_post,
                            .place_provider = l->place_provider, .pl_post = l->pl_post, .urn = l->urn};
    enum put_outcome outcome;
    rc = store_put_la_episode(t->s, date_year_to_march(date), &ep, id, &outcome, e);
    if (rc == HE_OK && outcome != PUT_ADDED)
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "An episode starting on this day is already recorded");
    return rc;
}

static int check_date(const struct child_file *c, int i, day_t date, struct err *e)
{
    if (i < 0)
        return err_at(e, HE_INPUT, NULL, 0, "date", "This child is not looked after");
    if (date <= c->la_episodes[i].decom) {
        char d[11];
        date_format_uk(c->la_episodes[i].decom, d);
        return err_at(e, HE_INPUT, NULL, 0, "date", "The change must be after the current episode began (%s)", d);
    }
    return HE_OK;
}

int pl_move(struct store *s, rec_id person, int64_t seen, day_t date, const char *place, const char *reason,
            rec_id carer, const char *home_post, int64_t weekly_cost, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    int i = open_episode(&t.c);
    rc = check_date(&t.c, i, date, e);
    if (rc == HE_OK && !strcmp(place, t.c.la_episodes[i].place ? t.c.la_episodes[i].place : "")) {
        /* the same type of placement is a move only to another carer */
        int64_t now_with = 0;
        rc = DB_INT(store_db(s), e, &now_with, "SELECT carer_id FROM placement WHERE episode_id = ?",
                    DB_I(t.c.la_episodes_id[i]));
        if (rc == HE_OK && now_with == carer)
            rc = err_at(e, HE_INPUT, NULL, 0, "carer", "The child already lives with this carer in this type of placement");
    }
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    char home[16];
    copy(home, sizeof home, i >= 0 ? home_of(&t.c.la_episodes[i], home_post) : NULL);
    rec_id id = 0;
    if (rc == HE_OK)
        rc = next_episode(&t, i, date, "P", t.c.la_episodes[i].ls, place, reason, home, &id, e);
    if (rc == HE_OK)
        rc = put_placement(&t, id, carer, home, weekly_cost, e);
    return st_txn_end(&t, rc, e);
}

int pl_legal_status(struct store *s, rec_id person, int64_t seen, day_t date, const char *ls, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    int i = open_episode(&t.c);
    rc = check_date(&t.c, i, date, e);
    if (rc == HE_OK && t.c.la_episodes[i].ls && !strcmp(ls, t.c.la_episodes[i].ls))
        rc = err_at(e, HE_INPUT, NULL, 0, "ls", "This is the child's legal status already");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    rec_id id = 0;
    if (rc == HE_OK)
        rc = next_episode(&t, i, date, "L", ls, t.c.la_episodes[i].place, NULL, t.c.la_episodes[i].home_post, &id, e);
    /* the placement goes on: the new episode keeps its carer, cost and distance */
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO placement (episode_id, carer_id, postcode, weekly_cost, distance_m, in_area) "
                    "SELECT ?, carer_id, postcode, weekly_cost, distance_m, in_area FROM placement WHERE "
                    "episode_id = ?",
                    DB_I(id), DB_I(t.c.la_episodes_id[i]));
    return st_txn_end(&t, rc, e);
}

/* ---- health and education ---------------------------------------------------------------- */
int pl_health_add(struct store *s, int64_t user, rec_id person, int64_t seen, const char *kind, day_t date,
                  int sdq_score, int up_to_date, const char *note, int64_t now, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    bool ever = false;
    for (size_t i = 0; i < t.c.n_la_episodes; i++)
        ever |= t.c.la_episodes[i].decom <= date;
    if (!ever)
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "The child was not looked after on this date");
    for (size_t k = 0; rc == HE_OK && k < t.x.n_health; k++)
        if (t.x.health[k].date == date && !strcmp(t.x.health[k].kind, kind))
            rc = err_at(e, HE_INPUT, NULL, 0, "date", "This is already recorded for this date");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO health_record (person_id, kind, date, sdq_score, up_to_date, note, recorded_by, "
                    "recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_I(person), DB_T(kind), DB_I(date), sdq_score >= 0 ? DB_I(sdq_score) : DB_T(NULL),
                    up_to_date >= 0 ? DB_I(up_to_date) : DB_T(NULL), DB_T(note && *note ? note : NULL),
                    DB_Z(user), DB_I(now));
    /* the year's OC2 row, from every record of the year including this one */
    if (rc == HE_OK) {
        child_extra_free(&t.x);
        rc = st_load_extra(s, person, &t.x, e);
    }
    if (rc == HE_OK) {
        int year = date_year_to_march(date);
        struct la_outcome o;
        char sdq[4];
        bool cohort = false;
        placement_oc2(&t.c, &t.x, year, &o, sdq, &cohort);
        if (cohort)
            rc = store_put_la_outcome(s, year, &o, NULL, NULL, e);
    }
    return st_txn_end(&t, rc, e);
}

/* ---- measures ------------------------------------------------------------------------------ */
int pl_costs(struct store *s, day_t from, day_t to, struct arena *mem, struct pl_cost_row **out, int *n,
             struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT l.place, c.name, c.kind, c.id, l.person_id, l.decom, l.dec, p.weekly_cost "
                        "FROM placement p JOIN la_episode l ON l.id = p.episode_id JOIN carer c ON c.id = "
                        "p.carer_id WHERE l.decom <= ? AND (l.dec IS NULL OR l.dec > ?) "
                        "ORDER BY l.place, c.name, c.id, l.person_id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, from);
    int cap = 0;
    char place[8] = "";
    rec_id carer = 0, child = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *pl = db_text(st, 0) ? db_text(st, 0) : "";
        if (!*n || strcmp(place, pl) || carer != db_int(st, 3)) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 32;
                struct pl_cost_row *np = arena_alloc(mem, (size_t)cap * sizeof *np);
                if (*n)
                    memcpy(np, *out, (size_t)*n * sizeof *np);
                *out = np;
            }
            (*out)[(*n)++] = (struct pl_cost_row){.place = dup(mem, st, 0), .carer_name = dup(mem, st, 1),
                                                  .carer_kind = dup(mem, st, 2)};
            copy(place, sizeof place, pl);
            carer = db_int(st, 3);
            child = 0;
        }
        struct pl_cost_row *r = &(*out)[*n - 1];
        if (child != db_int(st, 4))
            r->children++;
        child = db_int(st, 4);
        day_t a = (day_t)db_int(st, 5), b = (day_t)db_int(st, 6);
        day_t lo = a > from ? a : from, hi = b ? (b - 1 < to ? b - 1 : to) : to;
        if (hi >= lo)
            r->days += hi - lo + 1;
        r->cost += placement_cost(db_int(st, 7), a, b, from, to);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int pl_where_on(struct store *s, day_t day, struct pl_where *w, struct err *e)
{
    memset(w, 0, sizeof *w);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT p.distance_m, p.in_area FROM placement p JOIN la_episode l ON l.id = "
                        "p.episode_id WHERE l.decom <= ? AND (l.dec IS NULL OR l.dec > ?)",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, day);
    db_bind_int(st, 2, day);
    while ((rc = db_step(st, e)) == DB_ROW) {
        w->placed++;
        if (!db_is_null(st, 0)) {
            w->distance_known++;
            w->far += postcode_tenths_of_mile(db_int(st, 0)) > POSTCODE_FAR_MILES * 10;
        }
        if (!db_is_null(st, 1)) {
            w->area_known++;
            w->in_area += db_int(st, 1) == 1;
        }
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}
