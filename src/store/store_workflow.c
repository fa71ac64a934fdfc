/* store_workflow: referrals and transfers between teams, the manager's tray of
 * authorisation requests, tasks, and reviewing officers' children (workflow.h), written
 * once on the portable db.h layer. Each write checks who may make it inside its
 * transaction, so a refusal leaves nothing; lists are one statement each, never one a row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "store_impl.h"
#include "trust.h"
#include "notes.h"
#include "workflow.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int done(int rc)
{
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static int refuse(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

/* ---- teams and their kinds ------------------------------------------------------------- */
static const struct {
    const char *key, *name;
} team_kinds[] = {
    {"front_door", "Front door"},
    {"assessment", "Assessment"},
    {"protection", "Child protection and children in need"},
    {"in_care", "Children in care"},
    {"leaving_care", "Leaving care"},
    {"reviewing", "Independent reviewing"},
    {"other", "Other"},
};

const char *wf_team_kind_name(const char *key)
{
    for (size_t i = 0; key && i < sizeof team_kinds / sizeof team_kinds[0]; i++)
        if (!strcmp(key, team_kinds[i].key))
            return team_kinds[i].name;
    return NULL;
}

int wf_team_set_kind(struct store *s, int64_t team_id, const char *kind, struct err *e)
{
    if (!wf_team_kind_name(kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "choose the kind of team from the list");
    int64_t changed = 0;
    int rc = DB_CHANGES(store_db(s), e, &changed, "UPDATE team SET kind = ? WHERE id = ?",
                        DB_T(kind), DB_I(team_id));
    if (rc == HE_OK && changed != 1)
        return err_at(e, HE_INPUT, NULL, 0, "team", "there is no such team");
    return rc;
}

/* Teams whose members hold children: not only analysts, administrators or reviewing
 * officers. */
#define HOLDING_TEAM                                                                       \
    "EXISTS (SELECT 1 FROM app_user u WHERE u.team_id = t.id AND u.role IN ('front_door', " \
    "'social_worker', 'personal_adviser', 'team_manager'))"

int wf_teams(struct store *s, struct wf_team *out, int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT t.id, t.name, t.kind FROM team t WHERE " HOLDING_TEAM
                        " AND (t.kind IS NULL OR t.kind <> 'reviewing') ORDER BY CASE WHEN "
                        "t.kind = 'assessment' THEN 0 WHEN t.kind = 'front_door' THEN 2 ELSE 1 "
                        "END, t.name, t.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct wf_team *t = &out[(*n)++];
        t->id = db_int(st, 0);
        copy(t->name, sizeof t->name, db_text(st, 1));
        copy(t->kind, sizeof t->kind, db_text(st, 2));
    }
    db_finalize(st);
    return done(rc);
}

/* ---- moves between teams ----------------------------------------------------------------- */
int wf_move_in_txn(struct store *s, const struct cw_user *u, rec_id person, int64_t to,
                   const char *kind, const char *summary, day_t day, int64_t now, struct err *e)
{
    struct db *d = store_db(s);
    int64_t exists = 0, from = 0;
    int rc = DB_INT(d, e, &exists, "SELECT count(*) FROM team t WHERE t.id = ? AND " HOLDING_TEAM,
                    DB_I(to));
    if (rc != HE_OK)
        return rc;
    if (!exists)
        return err_at(e, HE_INPUT, NULL, 0, "team", "choose a team from the list");
    if ((rc = DB_INT(d, e, &from, "SELECT team_id FROM case_team WHERE person_id = ?",
                     DB_I(person))) != HE_OK)
        return rc;
    if (from == to && !strcmp(kind, "referral")) /* referred to the team that holds them */
        return HE_OK;
    if (from == to)
        return err_at(e, HE_INPUT, NULL, 0, "team", "the child is already held by that team");
    if ((rc = DB_RUN(d, e,
                     "INSERT INTO case_team (person_id, team_id) VALUES (?, ?) ON CONFLICT "
                     "(person_id) DO UPDATE SET team_id = excluded.team_id",
                     DB_I(person), DB_I(to))) != HE_OK)
        return rc;
    /* the worker of the old team hands the child over: the new team's manager allocates */
    if ((rc = DB_RUN(d, e,
                     "UPDATE allocation SET end_date = CASE WHEN start < ? THEN ? ELSE start END "
                     "WHERE person_id = ? AND end_date IS NULL AND staff_id NOT IN (SELECT st.id "
                     "FROM staff st WHERE st.team_id = ?)",
                     DB_I(day), DB_I(day - 1), DB_I(person), DB_I(to))) != HE_OK)
        return rc;
    return DB_RUN(d, e,
                  "INSERT INTO team_move (person_id, from_team, to_team, kind, summary, by_user, "
                  "day, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  DB_I(person), DB_Z(from), DB_I(to), DB_T(kind), DB_T(summary), DB_I(u->id),
                  DB_I(day), DB_I(now));
}

int wf_transfer(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, int64_t to,
                const char *summary, day_t day, int64_t now, struct err *e)
{
    if (!summary || !*summary)
        return err_at(e, HE_INPUT, NULL, 0, "summary", "write the transfer summary");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t ok = u->role == ROLE_ADMIN;
    if (!ok && u->role == ROLE_TEAM_MANAGER)
        rc = DB_INT(d, e, &ok, "SELECT count(*) FROM case_team WHERE person_id = ? AND team_id = ?",
                    DB_I(person), DB_I(u->team_id));
    else if (!ok && u->staff_id)
        rc = DB_INT(d, e, &ok,
                    "SELECT count(*) FROM allocation WHERE person_id = ? AND staff_id = ? AND "
                    "end_date IS NULL",
                    DB_I(person), DB_I(u->staff_id));
    if (rc != HE_OK)
        return refuse(s, rc);
    if (!ok)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "team",
                                "only the child's worker or their team's manager can transfer them"));
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK ||
        (rc = wf_move_in_txn(s, u, person, to, "transfer", summary, day, now, e)) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int wf_moves(struct store *s, rec_id person, struct wf_move **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT m.at, m.day, m.kind, f.name, t.name, u.display_name, m.summary FROM "
                        "team_move m LEFT JOIN team f ON f.id = m.from_team JOIN team t ON t.id = "
                        "m.to_team JOIN app_user u ON u.id = m.by_user WHERE m.person_id = ? ORDER "
                        "BY m.at, m.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct wf_move *m = &(*out)[(*n)++];
        memset(m, 0, sizeof *m);
        m->at = db_int(st, 0);
        m->day = (day_t)db_int(st, 1);
        copy(m->kind, sizeof m->kind, db_text(st, 2));
        copy(m->from, sizeof m->from, db_text(st, 3));
        copy(m->to, sizeof m->to, db_text(st, 4));
        copy(m->by, sizeof m->by, db_text(st, 5));
        m->summary = db_text(st, 6) ? xstrdup(db_text(st, 6)) : NULL;
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        wf_moves_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

void wf_moves_free(struct wf_move *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        free(m[i].summary);
    free(m);
}

int wf_entered(struct store *s, int64_t team_id, const rec_id *ids, size_t n, int64_t *at,
               struct err *e)
{
    for (size_t i = 0; i < n; i++)
        at[i] = 0;
    if (!n)
        return HE_OK;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT m.person_id, max(m.at) FROM team_move m JOIN case_team ct ON "
                        "ct.person_id = m.person_id AND ct.team_id = m.to_team WHERE m.to_team = ? "
                        "GROUP BY m.person_id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team_id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        rec_id p = db_int(st, 0);
        for (size_t i = 0; i < n; i++)
            if (ids[i] == p)
                at[i] = db_int(st, 1);
    }
    db_finalize(st);
    return done(rc);
}

/* ---- authorisation requests -------------------------------------------------------------- */
/* Assessments: the child's, not yet authorised. Authorising one dates it (the CIN census's
 * authorisation date), as the manager's button on the record did. */
static int assessment_check(struct store *s, rec_id person, int64_t record, struct err *e)
{
    int64_t open = -1;
    int rc = DB_INT(store_db(s), e, &open,
                    "SELECT CASE WHEN a.authorised IS NULL THEN 1 ELSE 0 END FROM assessment a "
                    "JOIN cin_episode c ON c.id = a.episode_id WHERE a.id = ? AND c.person_id = ?",
                    DB_I(record), DB_I(person));
    if (rc == HE_OK && open != 1)
        return err_at(e, HE_INPUT, NULL, 0, "assessment",
                      open == 0 ? "this assessment is already authorised"
                                : "this child has no such assessment");
    return rc;
}

static int assessment_authorise(struct store *s, const struct cw_user *u, rec_id person,
                                int64_t record, day_t day, int64_t now, struct err *e)
{
    int64_t start = 0;
    int rc = assessment_check(s, person, record, e);
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &start, "SELECT start FROM assessment WHERE id = ?",
                    DB_I(record));
    if (rc != HE_OK)
        return rc;
    if (day < start) {
        char d[11];
        date_format_uk((day_t)start, d);
        return err_at(e, HE_INPUT, NULL, 0, "comment",
                      "authorisation cannot be before the assessment started (%s)", d);
    }
    return DB_RUN(store_db(s), e, "UPDATE assessment SET authorised = ? WHERE id = ?", DB_I(day),
                  DB_I(record));
}

/* Closures: the episode of need is the child's and closed; the manager's oversight of the
 * decision to close changes nothing in the return. */
static int closure_check(struct store *s, rec_id person, int64_t record, struct err *e)
{
    int64_t closed = -1;
    int rc = DB_INT(store_db(s), e, &closed,
                    "SELECT CASE WHEN closure_date IS NULL THEN 0 ELSE 1 END FROM cin_episode "
                    "WHERE id = ? AND person_id = ?",
                    DB_I(record), DB_I(person));
    if (rc == HE_OK && closed != 1)
        return err_at(e, HE_INPUT, NULL, 0, "episode",
                      closed == 0 ? "this episode of need is not closed"
                                  : "this child has no such episode of need");
    return rc;
}

static const struct wf_kind builtin_kinds[] = {
    {"assessment", "Assessment", "assessments/%l", assessment_check, assessment_authorise},
    {"case_note", "Case note for management oversight", "notes/%l", notes_oversight_check,
     notes_oversight_done},
    {"closure", "Closure of an episode of need", NULL, closure_check, NULL},
};

#define KINDS_MAX 16
static const struct wf_kind *added_kinds[KINDS_MAX];
static int n_added;

const struct wf_kind *wf_kind_get(const char *key)
{
    for (size_t i = 0; key && i < sizeof builtin_kinds / sizeof builtin_kinds[0]; i++)
        if (!strcmp(key, builtin_kinds[i].key))
            return &builtin_kinds[i];
    for (int i = 0; key && i < n_added; i++)
        if (!strcmp(key, added_kinds[i]->key))
            return added_kinds[i];
    return NULL;
}

int wf_kind_add(const struct wf_kind *k, struct err *e)
{
    if (!k || !k->key || !k->name || strlen(k->key) > 23)
        return err_set(e, HE_INPUT, "an authorisation kind needs a key of up to 23 characters and a name");
    if (wf_kind_get(k->key))
        return err_set(e, HE_INPUT, "the authorisation kind %s is already known", k->key);
    if (n_added == KINDS_MAX)
        return err_set(e, HE_INPUT, "too many authorisation kinds (at most %d)", KINDS_MAX);
    added_kinds[n_added++] = k;
    return HE_OK;
}

int wf_request_add_in_txn(struct store *s, const struct cw_user *u, const char *kind, rec_id person,
                          int64_t record, const char *note, int64_t now, int64_t *id, struct err *e)
{
    const struct wf_kind *k = wf_kind_get(kind);
    if (!k)
        return err_at(e, HE_INPUT, NULL, 0, "kind", "there is no such kind of authorisation");
    if (note && strlen(note) > WF_TEXT_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "note", "the note must be %d characters or fewer",
                      WF_TEXT_MAX);
    struct db *d = store_db(s);
    int64_t team = 0, waiting = 0;
    int rc;
    if ((rc = DB_INT(d, e, &team, "SELECT team_id FROM case_team WHERE person_id = ?",
                     DB_I(person))) != HE_OK)
        return rc;
    if (!team)
        return err_at(e, HE_INPUT, NULL, 0, "team", "no team holds this child");
    if ((rc = DB_INT(d, e, &waiting,
                     "SELECT count(*) FROM auth_request WHERE kind = ? AND record_id = ? AND "
                     "state = 'pending'",
                     DB_T(kind), DB_I(record))) != HE_OK)
        return rc;
    if (waiting)
        return err_at(e, HE_INPUT, NULL, 0, "note", "this is already waiting for a manager's authorisation");
    if (k->check && (rc = k->check(s, person, record, e)) != HE_OK)
        return rc;
    return DB_INT(d, e, id,
                  "INSERT INTO auth_request (kind, record_id, person_id, requested_by, team_id, "
                  "requested_at, note, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') "
                  "RETURNING id",
                  DB_T(kind), DB_I(record), DB_I(person), DB_I(u->id), DB_I(team), DB_I(now),
                  DB_T(note && *note ? note : NULL));
}

int wf_request_add(struct store *s, const struct cw_user *u, const char *kind, rec_id person,
                   int64_t record, const char *note, int64_t now, int64_t *id, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = wf_request_add_in_txn(s, u, kind, person, record, note, now, id, e)) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int wf_decide_in_txn(struct store *s, const struct cw_user *u, int64_t id, bool authorise,
                     const char *comment, day_t day, int64_t now, struct err *e)
{
    if (u->role != ROLE_TEAM_MANAGER && u->role != ROLE_ADMIN)
        return err_at(e, HE_INPUT, NULL, 0, "comment", "only a team manager can authorise");
    if (!authorise && (!comment || !*comment))
        return err_at(e, HE_INPUT, NULL, 0, "comment",
                      "say why it goes back, so the worker knows what to change");
    if (comment && strlen(comment) > WF_TEXT_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "comment", "the comment must be %d characters or fewer",
                      WF_TEXT_MAX);
    struct wf_request r;
    bool found;
    int rc = wf_request_get(s, id, &r, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found)
        return err_at(e, HE_INPUT, NULL, 0, "request", "there is no such request");
    if (u->role != ROLE_ADMIN && r.team_id != u->team_id)
        return err_at(e, HE_INPUT, NULL, 0, "comment", "this request is for another team's manager");
    if (strcmp(r.state, "pending"))
        return err_at(e, HE_INPUT, NULL, 0, "comment", "someone else has already %s this",
                      !strcmp(r.state, "authorised") ? "authorised" : "returned");
    const struct wf_kind *k = wf_kind_get(r.kind);
    int64_t changed = 0;
    if (authorise && k && k->on_authorise &&
        (rc = k->on_authorise(s, u, r.person, r.record, day, now, e)) != HE_OK)
        return rc;
    /* the record changed (its authorisation, or where it stands): open forms on it are stale */
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO record_version (person_id, version) VALUES (?, 1) ON CONFLICT "
                "(person_id) DO UPDATE SET version = record_version.version + 1",
                DB_I(r.person));
    if (rc == HE_OK)
        rc = DB_CHANGES(store_db(s), e, &changed,
                        "UPDATE auth_request SET state = ?, comment = ?, decided_by = ?, "
                        "decided_at = ? WHERE id = ? AND state = 'pending'",
                        DB_T(authorise ? "authorised" : "returned"),
                        DB_T(comment && *comment ? comment : NULL), DB_I(u->id), DB_I(now), DB_I(id));
    if (rc == HE_OK && changed != 1)
        rc = err_at(e, HE_INPUT, NULL, 0, "comment", "someone else decided this meanwhile");
    return rc;
}

int wf_decide(struct store *s, const struct cw_user *u, int64_t id, bool authorise,
              const char *comment, day_t day, int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = wf_decide_in_txn(s, u, id, authorise, comment, day, now, e)) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

#define REQUEST_COLS                                                                         \
    "SELECT q.id, q.kind, q.record_id, q.person_id, p.given_name, p.family_name, p.la_child_id, " \
    "q.requested_by, ub.display_name, q.team_id, t.name, q.requested_at, q.state, q.note, "        \
    "q.comment, ud.display_name, q.decided_at FROM auth_request q JOIN person p ON p.id = "        \
    "q.person_id JOIN app_user ub ON ub.id = q.requested_by JOIN team t ON t.id = q.team_id "      \
    "LEFT JOIN app_user ud ON ud.id = q.decided_by "

static void read_request(struct db_stmt *st, struct wf_request *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_int(st, 0);
    copy(r->kind, sizeof r->kind, db_text(st, 1));
    r->record = db_int(st, 2);
    r->person = db_int(st, 3);
    copy(r->given, sizeof r->given, db_text(st, 4));
    copy(r->family, sizeof r->family, db_text(st, 5));
    copy(r->la, sizeof r->la, db_text(st, 6));
    r->requested_by = db_int(st, 7);
    copy(r->by, sizeof r->by, db_text(st, 8));
    r->team_id = db_int(st, 9);
    copy(r->team, sizeof r->team, db_text(st, 10));
    r->requested_at = db_int(st, 11);
    copy(r->state, sizeof r->state, db_text(st, 12));
    copy(r->note, sizeof r->note, db_text(st, 13));
    copy(r->comment, sizeof r->comment, db_text(st, 14));
    copy(r->decided_by, sizeof r->decided_by, db_text(st, 15));
    r->decided_at = db_int(st, 16);
}

/* Run a request list: sql binds one integer (a, and b when two is true). */
static int request_list(struct store *s, const char *sql, int nargs, int64_t a, int64_t b,
                        const char *text, struct wf_request **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    int i = 1;
    if (text)
        db_bind_text(st, i++, text);
    db_bind_int(st, i++, a);
    if (nargs > 1)
        db_bind_int(st, i, b);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        read_request(st, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int wf_tray(struct store *s, int64_t team_id, struct wf_request **out, size_t *n, struct err *e)
{
    return request_list(s, REQUEST_COLS "WHERE (q.team_id = ? OR ? = 0) AND q.state = 'pending' "
                                        "ORDER BY q.requested_at, q.id",
                        2, team_id, team_id, NULL, out, n, e);
}

int wf_returned(struct store *s, int64_t user_id, struct wf_request **out, size_t *n,
                struct err *e)
{
    return request_list(s, REQUEST_COLS "WHERE q.requested_by = ? AND q.state = 'returned' AND NOT "
                                        "EXISTS (SELECT 1 FROM auth_request l WHERE l.kind = q.kind "
                                        "AND l.record_id = q.record_id AND l.id > q.id) ORDER BY "
                                        "q.decided_at DESC, q.id DESC",
                        1, user_id, 0, NULL, out, n, e);
}

int wf_requests_for(struct store *s, rec_id person, struct wf_request **out, size_t *n,
                    struct err *e)
{
    return request_list(s, REQUEST_COLS "WHERE q.person_id = ? ORDER BY q.id DESC", 1, person, 0,
                        NULL, out, n, e);
}

int wf_requests_of(struct store *s, const char *kind, int64_t record, struct wf_request **out,
                   size_t *n, struct err *e)
{
    return request_list(s, REQUEST_COLS "WHERE q.kind = ? AND q.record_id = ? ORDER BY q.id DESC",
                        1, record, 0, kind, out, n, e);
}

int wf_request_get(struct store *s, int64_t id, struct wf_request *out, bool *found, struct err *e)
{
    struct wf_request *rows;
    size_t n;
    *found = false;
    int rc = request_list(s, REQUEST_COLS "WHERE q.id = ?", 1, id, 0, NULL, &rows, &n, e);
    if (rc == HE_OK && n) {
        *out = rows[0];
        *found = true;
    }
    free(rows);
    return rc;
}

/* ---- tasks ------------------------------------------------------------------------------- */
int wf_task_add_in_txn(struct store *s, const struct cw_user *u, rec_id person, int64_t assigned_to,
                       const char *title, day_t due, int64_t now, int64_t *id, struct err *e)
{
    if (!title || !*title)
        return err_at(e, HE_INPUT, NULL, 0, "title", "say what is to be done");
    if (strlen(title) > WF_TITLE_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "title", "what is to be done must be %d characters or fewer",
                      WF_TITLE_MAX);
    if (!due)
        return err_at(e, HE_INPUT, NULL, 0, "due", "enter the date it is due");
    int rc = HE_OK;
    int64_t colleague = assigned_to == u->id;
    if (!colleague && u->team_id &&
        (rc = DB_INT(store_db(s), e, &colleague,
                     "SELECT count(*) FROM app_user WHERE id = ? AND team_id = ? AND role NOT IN "
                     "('analyst', 'admin')",
                     DB_I(assigned_to), DB_I(u->team_id))) != HE_OK)
        return rc;
    if (!colleague)
        return err_at(e, HE_INPUT, NULL, 0, "assigned", "choose yourself or a colleague of your team");
    return DB_INT(store_db(s), e, id,
                  "INSERT INTO task (person_id, assigned_to, set_by, title, due, state, created) "
                  "VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id",
                  DB_I(person), DB_I(assigned_to), DB_I(u->id), DB_T(title), DB_I(due), DB_I(now));
}

int wf_task_add(struct store *s, const struct cw_user *u, rec_id person, int64_t assigned_to,
                const char *title, day_t due, int64_t now, int64_t *id, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = wf_task_add_in_txn(s, u, person, assigned_to, title, due, now, id, e)) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

#define TASK_COLS                                                                            \
    "SELECT k.id, k.person_id, p.given_name, p.family_name, p.la_child_id, k.assigned_to, "      \
    "ua.display_name, k.set_by, us.display_name, k.title, k.due, k.state, k.reason, k.created, " \
    "k.closed_at, uc.display_name FROM task k JOIN person p ON p.id = k.person_id JOIN app_user " \
    "ua ON ua.id = k.assigned_to JOIN app_user us ON us.id = k.set_by LEFT JOIN app_user uc ON "  \
    "uc.id = k.closed_by "

static void read_task(struct db_stmt *st, struct wf_task *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_int(st, 0);
    t->person = db_int(st, 1);
    copy(t->given, sizeof t->given, db_text(st, 2));
    copy(t->family, sizeof t->family, db_text(st, 3));
    copy(t->la, sizeof t->la, db_text(st, 4));
    t->assigned_to = db_int(st, 5);
    copy(t->assigned, sizeof t->assigned, db_text(st, 6));
    t->set_by = db_int(st, 7);
    copy(t->set_by_name, sizeof t->set_by_name, db_text(st, 8));
    copy(t->title, sizeof t->title, db_text(st, 9));
    t->due = (day_t)db_int(st, 10);
    copy(t->state, sizeof t->state, db_text(st, 11));
    copy(t->reason, sizeof t->reason, db_text(st, 12));
    t->created = db_int(st, 13);
    t->closed_at = db_int(st, 14);
    copy(t->closed_by, sizeof t->closed_by, db_text(st, 15));
}

static int task_list(struct store *s, const char *sql, int64_t a, struct wf_task **out, size_t *n,
                     struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, a);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        read_task(st, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int wf_task_get(struct store *s, int64_t id, struct wf_task *out, bool *found, struct err *e)
{
    struct wf_task *rows;
    size_t n;
    *found = false;
    int rc = task_list(s, TASK_COLS "WHERE k.id = ?", id, &rows, &n, e);
    if (rc == HE_OK && n) {
        *out = rows[0];
        *found = true;
    }
    free(rows);
    return rc;
}

int wf_tasks_open(struct store *s, int64_t user_id, struct wf_task **out, size_t *n, struct err *e)
{
    return task_list(s, TASK_COLS "WHERE k.assigned_to = ? AND k.state = 'open' ORDER BY k.due, k.id",
                     user_id, out, n, e);
}

int wf_tasks_for(struct store *s, rec_id person, struct wf_task **out, size_t *n, struct err *e)
{
    return task_list(s, TASK_COLS "WHERE k.person_id = ? ORDER BY k.id DESC", person, out, n, e);
}

int wf_task_close(struct store *s, const struct cw_user *u, int64_t id, bool is_done,
                  const char *reason, int64_t now, struct err *e)
{
    if (!is_done && (!reason || !*reason))
        return err_at(e, HE_INPUT, NULL, 0, "reason", "say why the task is cancelled");
    if (reason && strlen(reason) > WF_TEXT_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "the reason must be %d characters or fewer",
                      WF_TEXT_MAX);
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct wf_task t;
    bool found;
    if ((rc = wf_task_get(s, id, &t, &found, e)) != HE_OK)
        return refuse(s, rc);
    if (!found)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "task", "there is no such task"));
    int64_t ok = u->role == ROLE_ADMIN || t.assigned_to == u->id || t.set_by == u->id;
    if (!ok && u->role == ROLE_TEAM_MANAGER &&
        (rc = DB_INT(store_db(s), e, &ok, "SELECT count(*) FROM app_user WHERE id = ? AND team_id = ?",
                     DB_I(t.assigned_to), DB_I(u->team_id))) != HE_OK)
        return refuse(s, rc);
    if (!ok)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "reason",
                                "only the person the task is for, who set it, or their manager "
                                "can close it"));
    int64_t changed = 0;
    if ((rc = DB_CHANGES(store_db(s), e, &changed,
                         "UPDATE task SET state = ?, reason = ?, closed_by = ?, closed_at = ? "
                         "WHERE id = ? AND state = 'open'",
                         DB_T(is_done ? "done" : "cancelled"), DB_T(is_done ? NULL : reason),
                         DB_I(u->id), DB_I(now), DB_I(id))) != HE_OK)
        return refuse(s, rc);
    if (changed != 1)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "reason", "this task is no longer open"));
    return store_commit(s, e);
}

/* ---- lists ------------------------------------------------------------------------------- */
#define CHILD_COLS "p.id, p.la_child_id, p.given_name, p.family_name, p.dob, " \
    "(SELECT v.version FROM record_version v WHERE v.person_id = p.id)"

int wf_my_children(struct store *s, const struct cw_user *u, struct cw_child_row **out, size_t *n,
                   struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    if (!cw_role_opens_records(u->role))
        return HE_OK;
    /* one row a child: allocated to me wins over my team's or my chair's */
    int rc = db_prepare(store_db(s),
                        "SELECT " CHILD_COLS ", max(x.mine) FROM (SELECT a.person_id AS pid, 1 AS "
                        "mine FROM allocation a WHERE a.staff_id = ? AND a.end_date IS NULL UNION "
                        /* the front door's work on a child ends with the threshold decision:
                         * it lists those whose contact is still waiting for one */
                        "ALL SELECT ct.person_id, 0 FROM case_team ct JOIN team t ON t.id = "
                        "ct.team_id WHERE ct.team_id = ? AND (t.kind IS NULL OR t.kind <> "
                        "'front_door' OR EXISTS (SELECT 1 FROM contact c WHERE c.person_id = "
                        "ct.person_id AND c.decision IS NULL)) UNION "
                        "ALL SELECT ic.person_id, 0 FROM iro_chair ic WHERE ic.user_id = ?) x JOIN "
                        "person p ON p.id = x.pid WHERE p.la_child_id NOT LIKE 'deleted-%' GROUP "
                        "BY p.id, p.la_child_id, p.given_name, p.family_name, p.dob ORDER BY p.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, u->staff_id);
    db_bind_int(st, 2, u->team_id);
    db_bind_int(st, 3, u->id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct cw_child_row *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_int(st, 0);
        copy(r->la_child_id, sizeof r->la_child_id, db_text(st, 1));
        copy(r->given, sizeof r->given, db_text(st, 2));
        copy(r->family, sizeof r->family, db_text(st, 3));
        r->dob = (day_t)db_int(st, 4);
        r->version = db_int(st, 5);
        r->allocated_to_me = db_int(st, 6) != 0;
    }
    db_finalize(st);
    if (rc == DB_DONE && *n)
        rc = tr_mask_children(s, u, *out, (int)*n, e);
    if (rc != DB_DONE && rc != HE_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int wf_new_to_me(struct store *s, int64_t staff_id, int64_t since, rec_id *out, int64_t *at,
                 int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT g.person_id, max(g.at) FROM allocation_log g WHERE g.staff_id = ? "
                        "AND g.at >= ? AND EXISTS (SELECT 1 FROM allocation a WHERE a.person_id = "
                        "g.person_id AND a.staff_id = g.staff_id AND a.end_date IS NULL) GROUP BY "
                        "g.person_id ORDER BY 2 DESC, 1 LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, staff_id);
    db_bind_int(st, 2, since);
    db_bind_int(st, 3, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        out[*n] = db_int(st, 0);
        at[*n] = db_int(st, 1);
        (*n)++;
    }
    db_finalize(st);
    return done(rc);
}

int wf_iro_chair(struct store *s, rec_id person, int64_t iro_user_id, int64_t now, struct err *e)
{
    int64_t iro = 0;
    int rc = DB_INT(store_db(s), e, &iro, "SELECT count(*) FROM app_user WHERE id = ? AND role = 'iro'",
                    DB_I(iro_user_id));
    if (rc != HE_OK)
        return rc;
    if (!iro)
        return err_at(e, HE_INPUT, NULL, 0, "iro", "choose an independent reviewing officer");
    return DB_RUN(store_db(s), e,
                  "INSERT INTO iro_chair (person_id, user_id, since) VALUES (?, ?, ?) ON CONFLICT "
                  "(person_id, user_id) DO NOTHING",
                  DB_I(person), DB_I(iro_user_id), DB_I(now));
}
