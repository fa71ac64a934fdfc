/* store_notes: case notes and their versions, written once on the portable db.h layer
 * (see notes.h). Every write is one transaction; a list reads one page through the index
 * on (child, time), never every note of a child. */
#include "notes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "db.h"
#include "store_impl.h"
#include "workflow.h"

const char *const note_kind_keys[] = {"home_visit", "office_visit", "telephone", "meeting",
                                      "direct_work", "oversight", "supervision", "other"};
const int n_note_kinds = sizeof note_kind_keys / sizeof note_kind_keys[0];

bool note_kind_valid(const char *kind)
{
    for (int i = 0; kind && i < n_note_kinds; i++)
        if (!strcmp(kind, note_kind_keys[i]))
            return true;
    return false;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

void note_free(struct note *n)
{
    free(n->present);
    free(n->body);
    n->present = n->body = NULL;
}

void notes_free(struct note *v, int n)
{
    for (int i = 0; v && i < n; i++)
        note_free(&v[i]);
    free(v);
}

static int flag(struct db_stmt *st, int col) { return db_is_null(st, col) ? -1 : (int)db_int(st, col); }

/* The columns every read takes, in this order, from case_note n, case_note_version v and
 * the authors' app_user rows a (first author) and b (this version's). BODY is the whole
 * text or its start. */
#define NOTE_COLS(BODY)                                                                    \
    "n.id, v.version, n.version, v.kind, v.at_day, v.at_min, v.present, v.seen, "          \
    "v.seen_alone, " BODY ", v.significant, v.oversight, n.author, a.display_name, "       \
    "n.created, v.by_user, b.display_name, v.at, n.overseen_by, n.overseen_at"
#define NOTE_JOINS                                                                         \
    " JOIN app_user a ON a.id = n.author JOIN app_user b ON b.id = v.by_user"
#define NOTE_NCOLS 20

static void read_note(struct db_stmt *st, struct note *o, int excerpt)
{
    memset(o, 0, sizeof *o);
    o->id = db_int(st, 0);
    o->version = db_int(st, 1);
    o->current = db_int(st, 2);
    copy(o->kind, sizeof o->kind, db_text(st, 3));
    o->day = (day_t)db_int(st, 4);
    o->minute = (int)db_int(st, 5);
    o->key = (int64_t)o->day * 1440 + o->minute;
    o->present = xstrdup(db_text(st, 6) ? db_text(st, 6) : "");
    o->seen = flag(st, 7);
    o->seen_alone = flag(st, 8);
    o->body = xstrdup(db_text(st, 9) ? db_text(st, 9) : "");
    o->significant = db_int(st, 10) != 0;
    o->oversight = db_int(st, 11) != 0;
    o->author_id = db_int(st, 12);
    copy(o->author, sizeof o->author, db_text(st, 13));
    o->created = db_int(st, 14);
    o->by_id = db_int(st, 15);
    copy(o->by, sizeof o->by, db_text(st, 16));
    o->at = db_int(st, 17);
    o->overseen_by = db_int(st, 18);
    o->overseen_at = db_int(st, 19);
    if (excerpt > 0) /* the query fetched one character more than it shows */
        o->body_cut = db_int(st, NOTE_NCOLS) > excerpt;
}

static int check_in(const struct note_in *in, struct err *e)
{
    if (!note_kind_valid(in->kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "choose the type of note");
    if (!in->day || in->minute < 0 || in->minute > 1439)
        return err_at(e, HE_INPUT, NULL, 0, "when", "enter when it happened");
    if (!in->body || !*in->body)
        return err_at(e, HE_INPUT, NULL, 0, "body", "enter the note");
    if ((in->seen_alone == 1 && in->seen != 1) || in->seen < -1 || in->seen > 1 ||
        in->seen_alone < -1 || in->seen_alone > 1)
        return err_at(e, HE_INPUT, NULL, 0, "seen_alone", "a child seen alone was seen");
    return HE_OK;
}

/* a yes/no answer: -1 (not asked) is NULL */
#define FLAG(v) ((v) < 0 ? DB_T(NULL) : DB_I(v))

static int insert_version(struct store *s, int64_t id, int64_t version, const struct note_in *in,
                          int64_t by, int64_t now, struct err *e)
{
    return DB_RUN(store_db(s), e,
                  "INSERT INTO case_note_version (note_id, version, kind, at_day, at_min, present, "
                  "seen, seen_alone, body, significant, oversight, by_user, at) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  DB_I(id), DB_I(version), DB_T(in->kind), DB_I(in->day), DB_I(in->minute),
                  DB_T(in->present ? in->present : ""), FLAG(in->seen), FLAG(in->seen_alone),
                  DB_T(in->body), DB_I(in->significant), DB_I(in->oversight), DB_I(by), DB_I(now));
}

/* Inside the note's transaction: a note marked for management oversight that no manager
 * has overseen and that is not already waiting goes to the manager's tray (workflow.h) of
 * the team holding the first child it concerns; the note and its request are written
 * together or not at all. */
static int send_for_oversight(struct store *s, const struct cw_user *u, int64_t id, int64_t now,
                              struct err *e)
{
    struct db *d = store_db(s);
    int64_t person = 0, open = 0;
    int rc = DB_INT(d, e, &person, "SELECT min(person_id) FROM case_note_child WHERE note_id = ?", DB_I(id));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &open,
                    "SELECT count(*) FROM case_note n WHERE n.id = ? AND n.overseen_at IS NULL AND NOT "
                    "EXISTS (SELECT 1 FROM auth_request q WHERE q.kind = 'case_note' AND q.record_id = "
                    "n.id AND q.state = 'pending')",
                    DB_I(id));
    if (rc != HE_OK || !open)
        return rc;
    int64_t request = 0;
    rc = wf_request_add_in_txn(s, u, "case_note", person, id, NULL, now, &request, e);
    if (rc == HE_INPUT && !strcmp(e->field, "team"))
        rc = err_at(e, HE_INPUT, NULL, 0, "oversight",
                    "no team holds this child, so no manager can oversee the note: ask for the child "
                    "to be allocated, or save it without management oversight");
    return rc;
}

int notes_add(struct store *s, const struct cw_user *author, const struct note_in *in,
              const rec_id *children, int n_children, int64_t now, int64_t *id, struct err *e)
{
    *id = 0;
    int rc = check_in(in, e);
    if (rc != HE_OK)
        return rc;
    if (n_children < 1 || n_children > NOTE_MAX_CHILDREN)
        return err_at(e, HE_INPUT, NULL, 0, "children", "a note concerns between 1 and %d children",
                      NOTE_MAX_CHILDREN);
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t key = (int64_t)in->day * 1440 + in->minute;
    rc = DB_INT(d, e, id,
                "INSERT INTO case_note (version, author, created, team_id, oversight) VALUES "
                "(1, ?, ?, ?, ?) RETURNING id",
                DB_I(author->id), DB_I(now), DB_Z(author->team_id), DB_I(in->oversight));
    if (rc == HE_OK)
        rc = insert_version(s, *id, 1, in, author->id, now, e);
    for (int i = 0; rc == HE_OK && i < n_children; i++) {
        int64_t exists = 0;
        rc = DB_INT(d, e, &exists, "SELECT count(*) FROM person WHERE id = ?", DB_I(children[i]));
        if (rc == HE_OK && !exists) {
            rc = err_at(e, HE_INPUT, NULL, 0, "children", "no child has the id %lld", (long long)children[i]);
        }
        if (rc == HE_OK)
            rc = DB_RUN(d, e,
                        "INSERT INTO case_note_child (person_id, note_id, at_key, kind, significant) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, note_id) DO NOTHING",
                        DB_I(children[i]), DB_I(*id), DB_I(key), DB_T(in->kind), DB_I(in->significant));
    }
    if (rc == HE_OK && in->oversight)
        rc = send_for_oversight(s, author, *id, now, e);
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    *id = 0;
    return rc;
}

int notes_amend(struct store *s, const struct cw_user *user, int64_t id, int64_t seen,
                const struct note_in *in, int64_t now, struct err *e)
{
    int rc = check_in(in, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t changed = 0;
    /* the version the user read must still be current: the update is the check */
    rc = DB_CHANGES(d, e, &changed,
                    "UPDATE case_note SET version = version + 1, oversight = ? WHERE id = ? AND version = ?",
                    DB_I(in->oversight), DB_I(id), DB_I(seen));
    if (rc == HE_OK && !changed) {
        struct db_stmt *st;
        char who[128] = "";
        int64_t current = 0;
        if ((rc = db_prepare(d,
                             "SELECT n.version, u.display_name FROM case_note n JOIN case_note_version v ON "
                             "v.note_id = n.id AND v.version = n.version JOIN app_user u ON u.id = v.by_user "
                             "WHERE n.id = ?",
                             &st, e)) == HE_OK) {
            db_bind_int(st, 1, id);
            if ((rc = db_step(st, e)) == DB_ROW) {
                current = db_int(st, 0);
                copy(who, sizeof who, db_text(st, 1));
            }
            db_finalize(st);
            if (rc == DB_ROW || rc == DB_DONE) {
                rc = current ? err_at(e, HE_INPUT, NULL, 0, "version",
                                       "%s changed this note (version %lld) after you opened it: "
                                       "read their version, then make your change again",
                                       who, (long long)current)
                             : err_at(e, HE_INPUT, NULL, 0, "version", "there is no such note");
            }
        }
    }
    if (rc == HE_OK)
        rc = insert_version(s, id, seen + 1, in, user->id, now, e);
    if (rc == HE_OK)
        rc = DB_RUN(d, e, "UPDATE case_note_child SET at_key = ?, kind = ?, significant = ? WHERE note_id = ?",
                    DB_I((int64_t)in->day * 1440 + in->minute), DB_T(in->kind), DB_I(in->significant),
                    DB_I(id));
    if (rc == HE_OK && in->oversight) /* newly marked, or amended after a manager returned it */
        rc = send_for_oversight(s, user, id, now, e);
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    return rc;
}

int notes_get(struct store *s, rec_id person, int64_t id, struct note *out, bool *found,
              struct err *e)
{
    struct db_stmt *st;
    memset(out, 0, sizeof *out);
    *found = false;
    int rc = db_prepare(store_db(s),
                        "SELECT " NOTE_COLS("v.body") " FROM case_note_child c JOIN case_note n ON "
                        "n.id = c.note_id JOIN case_note_version v ON v.note_id = n.id AND v.version = "
                        "n.version" NOTE_JOINS " WHERE c.person_id = ? AND c.note_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        read_note(st, out, 0);
        *found = true;
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    if (!*found)
        return HE_OK;
    if ((rc = db_prepare(store_db(s),
                         "SELECT person_id FROM case_note_child WHERE note_id = ? ORDER BY person_id",
                         &st, e)) != HE_OK) {
        note_free(out);
        *found = false;
        return rc;
    }
    db_bind_int(st, 1, id);
    while ((rc = db_step(st, e)) == DB_ROW)
        if (out->n_children < NOTE_MAX_CHILDREN)
            out->children[out->n_children++] = db_int(st, 0);
    db_finalize(st);
    if (rc != DB_DONE) {
        note_free(out);
        *found = false;
        return rc;
    }
    return HE_OK;
}

/* Read rows of NOTE_COLS into a new array. */
static int read_list(struct db_stmt *st, int max, int excerpt, struct note **out, int *n, bool *more,
                     struct err *e)
{
    int rc, cap = 0;
    *out = NULL;
    *n = 0;
    if (more)
        *more = false;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == max) {
            if (more)
                *more = true;
            rc = DB_DONE;
            break;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        read_note(st, &(*out)[(*n)++], excerpt);
    }
    if (rc != DB_DONE) {
        notes_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int notes_versions(struct store *s, int64_t id, struct note **out, int *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT " NOTE_COLS("v.body") " FROM case_note n JOIN case_note_version v ON "
                        "v.note_id = n.id" NOTE_JOINS " WHERE n.id = ? ORDER BY v.version",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    rc = read_list(st, 1 << 20, 0, out, n, NULL, e);
    db_finalize(st);
    return rc;
}

/* The body's start, and its length beyond, so a list never carries whole notes. */
#define EXCERPT_COLS NOTE_COLS("substr(v.body, 1, ?)") ", length(substr(v.body, 1, ?))"

/* A child's notes through the index that serves the filter: the time index for all, the
 * (kind, time) index for one type, the (significant, time) index for significant ones. The
 * statement's text is one of these fixed strings, chosen by the filter; the values are
 * bound. Each WHERE names its parameters from 2 on (1 is the child). */
static const char *filter_sql(const struct note_filter *f)
{
    if (f && f->kind && *f->kind)
        return " WHERE c.person_id = ? AND c.kind = ?";
    if (f && f->significant)
        return " WHERE c.person_id = ? AND c.significant = 1";
    return " WHERE c.person_id = ?";
}

/* Binds the child and the filter's values from parameter first; returns the next free. */
static int bind_filter(struct db_stmt *st, int first, rec_id person, const struct note_filter *f)
{
    db_bind_int(st, first++, person);
    if (f && f->kind && *f->kind)
        db_bind_text(st, first++, f->kind);
    return first;
}

/* The page's notes are chosen on case_note_child's index alone (an OFFSET skips index
 * entries, not joined rows); only the chosen ones are joined to their text and authors. */
static int page_query(struct store *s, const struct note_filter *f, const char *window, struct db_stmt **st,
                      struct err *e)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql,
               "SELECT " EXCERPT_COLS " FROM (SELECT c.note_id, c.at_key FROM case_note_child c%s%s "
               "ORDER BY c.at_key DESC, c.note_id DESC LIMIT ?%s) w JOIN case_note n ON n.id = w.note_id "
               "JOIN case_note_version v ON v.note_id = n.id AND v.version = n.version" NOTE_JOINS
               " ORDER BY w.at_key DESC, w.note_id DESC",
               filter_sql(f), window, strcmp(window, "") ? "" : " OFFSET ?");
    int rc = db_prepare(store_db(s), sql.data, st, e);
    buf_free(&sql);
    return rc;
}

int notes_page(struct store *s, rec_id person, const struct note_filter *f, int offset, int limit,
               int excerpt, struct note **out, int *n, bool *more, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    *more = false;
    if (limit < 1 || offset < 0 || excerpt < 1)
        return err_set(e, HE_INPUT, "a page of notes needs a size, a start and an excerpt length");
    int rc = page_query(s, f, "", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, excerpt);
    db_bind_int(st, 2, excerpt + 1);
    int k = bind_filter(st, 3, person, f);
    db_bind_int(st, k++, limit + 1);
    db_bind_int(st, k, offset);
    rc = read_list(st, limit, excerpt, out, n, more, e);
    db_finalize(st);
    return rc;
}

int notes_count(struct store *s, rec_id person, const struct note_filter *f, int64_t *n,
                struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "SELECT count(*) FROM case_note_child c%s", filter_sql(f));
    int rc = db_prepare(store_db(s), sql.data, &st, e);
    buf_free(&sql);
    if (rc != HE_OK)
        return rc;
    bind_filter(st, 1, person, f);
    rc = db_step_int(st, n, e);
    db_finalize(st);
    return rc;
}

int notes_before(struct store *s, rec_id person, const struct note_filter *f, int64_t before_key,
                 int64_t before_id, int limit, int excerpt, struct note **out, int *n,
                 struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    if (limit < 1 || excerpt < 1)
        return err_set(e, HE_INPUT, "a page of notes needs a size and an excerpt length");
    if (!before_key) { /* from the newest: past any key a note can have */
        before_key = INT64_MAX / 2;
        before_id = 0;
    }
    int rc = page_query(s, f, " AND (c.at_key < ? OR (c.at_key = ? AND c.note_id < ?))", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, excerpt);
    db_bind_int(st, 2, excerpt + 1);
    int k = bind_filter(st, 3, person, f);
    db_bind_int(st, k++, before_key);
    db_bind_int(st, k++, before_key);
    db_bind_int(st, k++, before_id ? before_id : INT64_MAX);
    db_bind_int(st, k, limit);
    rc = read_list(st, limit, excerpt, out, n, NULL, e);
    db_finalize(st);
    return rc;
}

int notes_oversight_check(struct store *s, rec_id person, int64_t record, struct err *e)
{
    int64_t ok = -1;
    int rc = DB_INT(store_db(s), e, &ok,
                    "SELECT CASE WHEN n.oversight = 1 AND n.overseen_at IS NULL THEN 1 ELSE 0 END FROM "
                    "case_note n JOIN case_note_child c ON c.note_id = n.id WHERE n.id = ? AND "
                    "c.person_id = ?",
                    DB_I(record), DB_I(person));
    if (rc == HE_OK && ok != 1)
        return err_at(e, HE_INPUT, NULL, 0, "oversight",
                      ok == 0 ? "this note is not waiting for management oversight"
                              : "this child has no such case note");
    return rc;
}

int notes_oversight_done(struct store *s, const struct cw_user *u, rec_id person, int64_t record,
                         day_t day, int64_t now, struct err *e)
{
    int rc = notes_oversight_check(s, person, record, e);
    int64_t changed = 0;
    if (rc == HE_OK)
        rc = DB_CHANGES(store_db(s), e, &changed,
                        "UPDATE case_note SET overseen_by = ?, overseen_at = ? WHERE id = ? AND "
                        "overseen_at IS NULL",
                        DB_I(u->id), DB_I(now), DB_I(record));
    if (rc == HE_OK && changed != 1)
        rc = err_at(e, HE_INPUT, NULL, 0, "oversight", "this note is not waiting for management oversight");
    return rc;
}
