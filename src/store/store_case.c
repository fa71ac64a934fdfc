/* store_case: case work recorded in hearth, on the portable db.h layer: who holds each
 * child and who may see them, lists and search, the front door (contacts and threshold
 * decisions), assessments, drafts and record versions. Journey records go through the
 * store's puts into the tables the importers fill, so measures and returns count them.
 * Every change is one transaction; a refused change leaves nothing behind. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../util/buf.h"
#include "casework.h"
#include "trust.h"
#include "workflow.h"
#include "store_impl.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* Run a statement with no result rows. */
static int run(struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

static int fail_txn(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

/* The visibility test, as SQL on person p: bind team, staff. */
#define VISIBLE                                                                            \
    "(EXISTS (SELECT 1 FROM case_team ct WHERE ct.person_id = p.id AND ct.team_id = ?) OR " \
    "EXISTS (SELECT 1 FROM allocation a WHERE a.person_id = p.id AND a.staff_id = ? AND "    \
    "a.end_date IS NULL))"

int cw_can_see(struct store *s, const struct cw_user *u, rec_id person, bool *ok, struct err *e)
{
    /* team, allocation, role, restriction and exclusion: one rule, in store_trust.c
     * (break-glass openings count only where a page is opened: trust_gate) */
    enum tr_access a;
    bool restricted;
    int rc = tr_access(s, u, person, 0, 0, &a, &restricted, e);
    *ok = rc == HE_OK && a == TR_OPEN;
    return rc;
}

static void read_child_row(struct db_stmt *st, struct cw_child_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_int(st, 0);
    copy(r->la_child_id, sizeof r->la_child_id, db_text(st, 1));
    copy(r->given, sizeof r->given, db_text(st, 2));
    copy(r->family, sizeof r->family, db_text(st, 3));
    r->dob = (day_t)db_int(st, 4);
    r->version = db_int(st, 5);
    r->allocated_to_me = db_int(st, 6) != 0;
}

#define CHILD_COLS "p.id, p.la_child_id, p.given_name, p.family_name, p.dob, " \
    "(SELECT v.version FROM record_version v WHERE v.person_id = p.id)"

static int cw_my_children_unmasked(struct store *s, const struct cw_user *u, struct cw_child_row *out, int max,
                   int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    if (!cw_role_opens_records(u->role))
        return HE_OK;
    /* allocated to me first, then my team's (a manager's list is the team's) */
    int rc = db_prepare(store_db(s),
                        "SELECT " CHILD_COLS ", 1 FROM person p JOIN allocation a ON a.person_id = "
                        "p.id WHERE a.staff_id = ? AND a.end_date IS NULL "
                        "UNION ALL SELECT " CHILD_COLS ", 0 FROM person p JOIN case_team ct ON "
                        "ct.person_id = p.id WHERE ct.team_id = ? AND NOT EXISTS (SELECT 1 FROM "
                        "allocation a WHERE a.person_id = p.id AND a.staff_id = ? AND a.end_date "
                        "IS NULL) ORDER BY 7 DESC, 1 LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, u->staff_id);
    db_bind_int(st, 2, u->team_id);
    db_bind_int(st, 3, u->staff_id);
    db_bind_int(st, 4, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW)
        read_child_row(st, &out[(*n)++]);
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static int cw_search_unmasked(struct store *s, const struct cw_user *u, const char *q, struct cw_child_row *out,
              int max, int *n, struct err *e)
{
    *n = 0;
    if (!cw_role_opens_records(u->role) || !q)
        return HE_OK;
    while (isspace((unsigned char)*q))
        q++;
    size_t len = strlen(q);
    while (len && isspace((unsigned char)q[len - 1]))
        len--;
    if (!len || len > 100)
        return HE_OK;
    char *term = xmalloc(len + 1);
    memcpy(term, q, len);
    term[len] = 0;
    /* identifiers are matched without spaces (NHS numbers are written 485 777 3456) */
    char ident[101];
    size_t k = 0;
    for (size_t i = 0; i < len && k < 100; i++)
        if (!isspace((unsigned char)term[i]))
            ident[k++] = (char)toupper((unsigned char)term[i]);
    ident[k] = 0;
    day_t dob = date_parse_any(term, len);
    struct buf low = BUF_INIT, high = BUF_INIT;
    /* a name has a letter: an identifier or a date never scans the names */
    bool has_letter = false;
    for (const char *p = term; *p; p++)
        has_letter |= isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80;
    bool names = has_letter && !dob;
    if (names) {
        /* the start of a name as an index range on the case-folded names (migration 6):
         * from the prefix up to the prefix followed by the last character there is
         * (U+10FFFF, the greatest UTF-8 sequence). In byte order that range is exactly the
         * names starting with the prefix, so the index answers alone (no LIKE, no % or _
         * to escape) */
        for (const char *p = term; *p; p++)
            buf_addc(&low, (char)tolower((unsigned char)*p));
        buf_adds(&high, buf_str(&low));
        buf_adds(&high, "\xF4\x8F\xBF\xBF");
    }
    /* byte order: SQLite's default; PostgreSQL's "C" collation, as the indexes are built */
    const char *coll = db_kind(store_db(s)) == DB_PG ? " COLLATE \"C\"" : "";
    struct buf sql = BUF_INIT;
    /* each way of matching is its own indexed lookup; their union is the candidates */
    buf_printf(&sql,
               /* CASE, not a bare EXISTS: PostgreSQL would give a boolean, not an integer */
               "SELECT " CHILD_COLS ", CASE WHEN EXISTS (SELECT 1 FROM allocation a WHERE a.person_id "
               "= p.id AND a.staff_id = ? AND a.end_date IS NULL) THEN 1 ELSE 0 END FROM person p "
               "WHERE p.id IN (SELECT id FROM person WHERE la_child_id = ? UNION SELECT id FROM person "
               "WHERE upn = ? UNION SELECT id FROM person WHERE nhs_number = ? UNION SELECT id FROM "
               "person WHERE dob = ?");
    static const char *const keys[] = {"lower(given_name)", "lower(family_name)",
                                       "lower(given_name || ' ' || family_name)"};
    /* the whole name only when a space was typed: without one it is the given name's range */
    int n_keys = names ? (strchr(term, ' ') ? 3 : 2) : 0;
    for (int j = 0; j < n_keys; j++)
        buf_printf(&sql, " UNION SELECT id FROM person WHERE %s%s >= ? AND %s%s < ?", keys[j], coll,
                   keys[j], coll);
    buf_printf(&sql, ")%s ORDER BY p.family_name, p.given_name, p.id LIMIT ?",
               u->role == ROLE_ADMIN ? ""
                                     /* the children a worker may see are few: start from them */
                                     : " AND p.id IN (SELECT person_id FROM case_team WHERE team_id = ? "
                                       "UNION SELECT person_id FROM allocation WHERE staff_id = ? AND "
                                       "end_date IS NULL UNION SELECT person_id FROM iro_chair WHERE "
                                       "user_id = ?)");
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), buf_str(&sql), &st, e);
    if (rc == HE_OK) {
        int i = 1;
        db_bind_int(st, i++, u->staff_id);
        db_bind_text(st, i++, term);
        db_bind_text(st, i++, ident);
        db_bind_text(st, i++, ident);
        db_bind_int(st, i++, dob ? dob : -1);
        for (int j = 0; j < n_keys; j++) {
            db_bind_text(st, i++, buf_str(&low));
            db_bind_text(st, i++, buf_str(&high));
        }
        if (u->role != ROLE_ADMIN) {
            db_bind_int(st, i++, u->team_id);
            db_bind_int(st, i++, u->staff_id);
            db_bind_int(st, i++, u->id); /* a reviewing officer's children */
        }
        db_bind_int(st, i++, max);
        while (*n < max && (rc = db_step(st, e)) == DB_ROW)
            read_child_row(st, &out[(*n)++]);
        rc = rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
        db_finalize(st);
    }
    buf_free(&low);
    buf_free(&high);
    buf_free(&sql);
    free(term);
    return rc;
}

int cw_holder(struct store *s, rec_id person, struct cw_holder *h, struct err *e)
{
    struct db_stmt *st;
    memset(h, 0, sizeof *h);
    int rc = db_prepare(store_db(s),
                        "SELECT (SELECT t.name FROM case_team ct JOIN team t ON t.id = ct.team_id "
                        "WHERE ct.person_id = ?), (SELECT st.name FROM allocation a JOIN staff st "
                        "ON st.id = a.staff_id WHERE a.person_id = ? AND a.end_date IS NULL ORDER "
                        "BY a.start DESC, a.id DESC LIMIT 1)",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        copy(h->team, sizeof h->team, db_text(st, 0));
        copy(h->worker, sizeof h->worker, db_text(st, 1));
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static int set_team(struct store *s, rec_id person, int64_t team_id, bool replace, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        replace ? "INSERT INTO case_team (person_id, team_id) VALUES (?, ?) ON "
                                  "CONFLICT (person_id) DO UPDATE SET team_id = excluded.team_id"
                                : "INSERT INTO case_team (person_id, team_id) VALUES (?, ?) ON "
                                  "CONFLICT (person_id) DO NOTHING",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, team_id);
    rc = run(st, e);
    db_finalize(st);
    return rc;
}

int cw_assign(struct store *s, rec_id person, int64_t team_id, int64_t worker_staff_id, day_t day,
              struct err *e)
{
    int rc = set_team(s, person, team_id, true, e);
    if (rc != HE_OK || !worker_staff_id)
        return rc;
    /* one allocated worker at a time: the previous allocation ends the day before */
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE allocation SET end_date = ? WHERE person_id = ? AND end_date IS "
                     "NULL AND staff_id <> ? AND start < ?",
                     DB_I(day - 1), DB_I(person), DB_I(worker_staff_id), DB_I(day))) != HE_OK)
        return rc;
    return DB_RUN(store_db(s), e,
                  "INSERT INTO allocation (person_id, staff_id, start) VALUES (?, ?, ?) ON "
                  "CONFLICT (person_id, staff_id, start) DO NOTHING",
                  DB_I(person), DB_I(worker_staff_id), DB_I(day));
}

int cw_workers(struct store *s, struct cw_worker *out, int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT u.id, u.staff_id, u.team_id, u.display_name, t.name, u.role FROM "
                        "app_user u JOIN team t ON t.id = u.team_id WHERE u.role IN "
                        "('social_worker', 'personal_adviser', 'team_manager') ORDER BY t.name, "
                        "u.display_name LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct cw_worker *w = &out[(*n)++];
        memset(w, 0, sizeof *w);
        w->user_id = db_int(st, 0);
        w->staff_id = db_int(st, 1);
        w->team_id = db_int(st, 2);
        copy(w->display, sizeof w->display, db_text(st, 3));
        copy(w->team, sizeof w->team, db_text(st, 4));
        int role = cw_role_parse(db_text(st, 5));
        w->role = role < 0 ? ROLE_SOCIAL_WORKER : (enum cw_role)role;
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int cw_allocate(struct store *s, const struct cw_user *by, rec_id person, int64_t seen,
                int64_t worker_user_id, day_t day, int64_t now, struct err *e)
{
    struct cw_user w;
    bool found;
    int rc = cw_user_by_id(s, worker_user_id, &w, &found, e);
    if (rc != HE_OK)
        return rc;
    if (!found || !w.team_id || !w.staff_id ||
        (w.role != ROLE_SOCIAL_WORKER && w.role != ROLE_PERSONAL_ADVISER && w.role != ROLE_TEAM_MANAGER))
        return err_at(e, HE_INPUT, NULL, 0, "worker", "choose a worker from the list");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    /* the worker allocated before, for the log (and "New to you" on the worker's page) */
    int64_t before = 0;
    if ((rc = DB_INT(store_db(s), e, &before,
                     "SELECT staff_id FROM allocation WHERE person_id = ? AND end_date IS NULL "
                     "ORDER BY start DESC, id DESC LIMIT 1",
                     DB_I(person))) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = cw_assign(s, person, w.team_id, w.staff_id, day, e)) != HE_OK)
        return fail_txn(s, rc);
    if (before != w.staff_id &&
        (rc = DB_RUN(store_db(s), e,
                     "INSERT INTO allocation_log (person_id, team_id, staff_id, "
                     "previous_staff_id, by_user, day, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_I(person), DB_I(w.team_id), DB_I(w.staff_id), DB_Z(before),
                     DB_I(by->id), DB_I(day), DB_I(now))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

/* ---- record versions ----------------------------------------------------------------- */
int cw_version(struct store *s, rec_id person, int64_t *version, struct err *e)
{
    return DB_INT(store_db(s), e, version, "SELECT version FROM record_version WHERE person_id = ?",
                  DB_I(person));
}

int cw_version_bump(struct store *s, rec_id person, int64_t seen, struct err *e)
{
    int64_t changed = 0;
    int rc = seen == 0 ? DB_CHANGES(store_db(s), e, &changed,
                                    "INSERT INTO record_version (person_id, version) VALUES (?, 1) "
                                    "ON CONFLICT (person_id) DO NOTHING",
                                    DB_I(person))
                       : DB_CHANGES(store_db(s), e, &changed,
                                    "UPDATE record_version SET version = version + 1 WHERE "
                                    "person_id = ? AND version = ?",
                                    DB_I(person), DB_I(seen));
    if (rc == HE_OK && changed != 1)
        return err_at(e, HE_INPUT, NULL, 0, "version",
                      "someone else changed this child's record while you were working on it: "
                      "your entry is kept as a draft; look at their change, then save again");
    return rc;
}

/* ---- the front door ------------------------------------------------------------------ */
int cw_new_la_child_id(struct store *s, char la[CW_LA_ID_LEN], struct err *e)
{
    int64_t next = 0;
    int rc = db_run(store_db(s), "SELECT coalesce(max(id), 0) + 1 FROM person", &next, NULL, e, 0, NULL);
    if (rc != HE_OK)
        return rc;
    for (;;) {
        rec_id other = 0;
        snprintf(la, CW_LA_ID_LEN, "H%07lld", (long long)next);
        if ((rc = store_find_person(s, la, &other, e)) != HE_OK)
            return rc;
        if (!other)
            return HE_OK;
        next++;
    }
}

static int new_child(struct store *s, const struct cw_new_child *nc, day_t today, rec_id *id,
                     struct err *e)
{
    char la[CW_LA_ID_LEN];
    int rc = cw_new_la_child_id(s, la, e);
    if (rc != HE_OK)
        return rc;
    struct person p = {.la_child_id = la, .given_name = nc->given, .family_name = nc->family,
                       .dob = nc->dob, .expected_dob = nc->expected_dob, .sex = nc->sex,
                       .upn = nc->upn, .nhs_number = nc->nhs_number, .ethnicity = nc->ethnicity,
                       .disabilities = nc->disabilities, .mother = -1};
    return store_put_person(s, date_year_to_march(today), &p, id, NULL, e);
}

int cw_record_contact(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                      const struct cw_new_child *nc, day_t date, const char *source,
                      const char *concerns, int64_t now, rec_id *person_out, rec_id *contact_out,
                      struct err *e)
{
    int rc;
    enum put_outcome outcome;
    *contact_out = 0;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    if (!person) {
        if (!nc)
            return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "child", "choose or describe the child"));
        if ((rc = new_child(s, nc, date, &person, e)) != HE_OK)
            return fail_txn(s, rc);
    } else if (u->role != ROLE_ADMIN) {
        bool ok;
        if ((rc = cw_can_see(s, u, person, &ok, e)) != HE_OK)
            return fail_txn(s, rc);
        /* the front door may record a contact about any child: a contact is how a child
         * known to another team comes back to the front door */
        (void)ok;
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    /* a second contact about the child from the same source on the same day is a contact
     * of its own (two police reports of one day): the next seq after those held */
    int64_t seq = 1;
    if ((rc = DB_INT(store_db(s), e, &seq,
                     "SELECT coalesce(max(seq), 0) + 1 FROM contact WHERE person_id = ? AND date = ? AND "
                     "source = ?",
                     DB_I(person), DB_I(date), DB_T(source ? source : ""))) != HE_OK)
        return fail_txn(s, rc);
    struct contact c = {.person = person, .date = date, .source = source, .seq = (int)seq};
    if ((rc = store_put_contact(s, date_year_to_march(date), &c, contact_out, &outcome, e)) != HE_OK)
        return fail_txn(s, rc);
    if (outcome != PUT_ADDED)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "another contact from this source on this day was recorded for "
                                  "this child at the same moment: try again"));
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "INSERT INTO contact_note (contact_id, concerns, recorded_by, recorded_at) "
                         "VALUES (?, ?, ?, ?)",
                         &st, e)) != HE_OK)
        return fail_txn(s, rc);
    db_bind_int(st, 1, *contact_out);
    db_bind_text(st, 2, concerns && *concerns ? concerns : NULL);
    db_bind_int(st, 3, u->id);
    db_bind_int(st, 4, now);
    rc = run(st, e);
    db_finalize(st);
    if (rc == HE_OK && u->team_id)
        rc = set_team(s, person, u->team_id, false, e);
    if (rc != HE_OK)
        return fail_txn(s, rc);
    *person_out = person;
    return store_commit(s, e);
}

static int cw_open_contacts_unmasked(struct store *s, const struct cw_user *u, struct cw_contact_row *out, int max,
                     int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    if (!cw_role_opens_records(u->role))
        return HE_OK;
    int rc = db_prepare(store_db(s),
                        u->role == ROLE_ADMIN
                            ? "SELECT c.id, p.id, p.given_name, p.family_name, c.date, c.source FROM "
                              "contact c JOIN person p ON p.id = c.person_id WHERE c.id IN (SELECT "
                              "contact_id FROM contact_note WHERE decided_by IS NULL) AND c.decision "
                              "IS NULL ORDER BY c.date, c.id LIMIT ?"
                            : "SELECT c.id, p.id, p.given_name, p.family_name, c.date, c.source FROM "
                              "contact c JOIN person p ON p.id = c.person_id WHERE c.id IN (SELECT "
                              "contact_id FROM contact_note WHERE decided_by IS NULL) AND c.decision "
                              "IS NULL AND " VISIBLE
                              " ORDER BY c.date, c.id LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    int i = 1;
    if (u->role != ROLE_ADMIN) {
        db_bind_int(st, i++, u->team_id);
        db_bind_int(st, i++, u->staff_id);
    }
    db_bind_int(st, i, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct cw_contact_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_int(st, 0);
        r->person = db_int(st, 1);
        copy(r->given, sizeof r->given, db_text(st, 2));
        copy(r->family, sizeof r->family, db_text(st, 3));
        r->date = (day_t)db_int(st, 4);
        copy(r->source, sizeof r->source, db_text(st, 5));
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static int id_list(struct db_stmt *st, rec_id *out, int max, int *n, struct err *e)
{
    int rc = DB_DONE;
    *n = 0;
    while (*n < max && (rc = db_step(st, e)) == DB_ROW)
        out[(*n)++] = db_int(st, 0);
    if (*n == max)
        rc = DB_DONE;
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int cw_awaiting_contacts(struct store *s, rec_id person, rec_id *out, int max, int *n,
                         struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id FROM contact c JOIN contact_note n ON n.contact_id = c.id "
                        "WHERE c.person_id = ? AND c.decision IS NULL ORDER BY c.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    return id_list(st, out, max, n, e);
}

int cw_children_open(struct store *s, enum cw_open_kind kind, int year, rec_id *out, int max,
                     int *n, struct err *e)
{
    static const char *const sql[] = {
        [OPEN_CIN] = "SELECT DISTINCT person_id FROM cin_episode WHERE closure_date IS NULL AND "
                     "(referral_nfa IS NULL OR referral_nfa = 0) ORDER BY person_id LIMIT ?",
        [OPEN_LA] = "SELECT DISTINCT person_id FROM la_episode WHERE dec IS NULL ORDER BY "
                    "person_id LIMIT ?",
        [OPEN_LEAVER] = "SELECT DISTINCT person_id FROM care_leaver WHERE year = ? ORDER BY "
                        "person_id LIMIT ?",
    };
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s), sql[kind], &st, e);
    if (rc != HE_OK)
        return rc;
    int i = 1;
    if (kind == OPEN_LEAVER)
        db_bind_int(st, i++, year);
    db_bind_int(st, i, max);
    return id_list(st, out, max, n, e);
}

int cw_contact_person(struct store *s, rec_id contact, rec_id *person, struct err *e)
{
    return DB_INT(store_db(s), e, person, "SELECT person_id FROM contact WHERE id = ?", DB_I(contact));
}

int cw_contact_concerns(struct store *s, rec_id contact, char **text, struct err *e)
{
    struct db_stmt *st;
    *text = NULL;
    int rc = db_prepare(store_db(s), "SELECT concerns FROM contact_note WHERE contact_id = ?", &st,
                        e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, contact);
    rc = db_step(st, e);
    if (rc == DB_ROW && db_text(st, 0))
        *text = xstrdup(db_text(st, 0));
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static const char *const decisions[] = {"NFA", "ADVICE", "EARLY_HELP", "REFERRAL"};

int cw_decide_contact(struct store *s, const struct cw_user *u, rec_id contact, int64_t seen,
                      const char *decision, day_t day, const char *primary_need, rec_id *episode,
                      struct err *e)
{
    return cw_refer_contact(s, u, contact, seen, decision, day, primary_need, 0, 0, episode, e);
}

int cw_refer_contact(struct store *s, const struct cw_user *u, rec_id contact, int64_t seen,
                     const char *decision, day_t day, const char *primary_need, int64_t team,
                     int64_t now, rec_id *episode, struct err *e)
{
    bool known = false;
    *episode = 0;
    for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
        known |= decision && !strcmp(decision, decisions[i]);
    if (!known)
        return err_at(e, HE_INPUT, NULL, 0, "decision", "choose a threshold decision");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT person_id, date, source, decision FROM contact WHERE id = ?", &st,
                         e)) != HE_OK)
        return fail_txn(s, rc);
    db_bind_int(st, 1, contact);
    rc = db_step(st, e);
    rec_id person = 0;
    day_t cdate = DAY_NONE;
    char source[16] = "";
    bool decided = false;
    if (rc == DB_ROW) {
        person = db_int(st, 0);
        cdate = (day_t)db_int(st, 1);
        copy(source, sizeof source, db_text(st, 2));
        decided = !db_is_null(st, 3);
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "contact", "there is no such contact"));
    if (rc != HE_OK)
        return fail_txn(s, rc);
    bool ok = u->role == ROLE_ADMIN;
    if (!ok && (rc = cw_can_see(s, u, person, &ok, e)) != HE_OK)
        return fail_txn(s, rc);
    if (!ok)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "contact",
                                  "this child is not held by your team"));
    if (decided)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "decision",
                                  "a threshold decision is already recorded for this contact"));
    if (day < cdate) {
        char d[11];
        date_format_uk(cdate, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "decision_date",
                                  "the decision date cannot be before the contact (%s)", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE contact SET decision = ?, decision_date = ? WHERE id = ? AND "
                     "decision IS NULL",
                     DB_T(decision), DB_I(day), DB_I(contact))) == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE contact_note SET decided_by = ? WHERE contact_id = ?",
                    DB_I(u->id), DB_I(contact));
    if (rc != HE_OK)
        return fail_txn(s, rc);
    if (!strcmp(decision, "REFERRAL")) {
        int64_t open = 0;
        if ((rc = db_prepare(store_db(s),
                             "SELECT count(*) FROM cin_episode WHERE person_id = ? AND "
                             "closure_date IS NULL",
                             &st, e)) != HE_OK)
            return fail_txn(s, rc);
        db_bind_int(st, 1, person);
        rc = db_step_int(st, &open, e);
        db_finalize(st);
        if (rc != HE_OK)
            return fail_txn(s, rc);
        if (open)
            return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "decision",
                                      "this child already has an open episode of need: a "
                                      "referral cannot open a second one"));
        struct cin_episode ep = {.person = person, .referral_date = day, .referral_source = source,
                                 .primary_need = primary_need, .closure_date = DAY_NONE,
                                 .referral_nfa = 0, .icpc_date = DAY_NONE};
        if ((rc = store_put_cin_episode(s, date_year_to_march(day), &ep, episode, NULL, e)) != HE_OK)
            return fail_txn(s, rc);
        /* the referral goes to the chosen team's queue, in the same transaction */
        if (team && (rc = wf_move_in_txn(s, u, person, team, "referral", NULL, day, now, e)) != HE_OK)
            return fail_txn(s, rc);
    }
    return store_commit(s, e);
}

/* ---- assessments --------------------------------------------------------------------- */
int cw_start_assessment(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t start,
                        const char *factors, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT referral_date, closure_date FROM cin_episode WHERE id = ? AND "
                         "person_id = ?",
                         &st, e)) != HE_OK)
        return fail_txn(s, rc);
    db_bind_int(st, 1, episode);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    day_t ref = DAY_NONE, closed = DAY_NONE;
    if (rc == DB_ROW) {
        ref = (day_t)db_int(st, 0);
        closed = (day_t)db_int(st, 1);
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "episode",
                                  "this child has no such episode of need"));
    if (rc != HE_OK)
        return fail_txn(s, rc);
    char d[11];
    if (start < ref) {
        date_format_uk(ref, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "start",
                                  "the assessment cannot start before the referral (%s)", d));
    }
    if (closed && start > closed) {
        date_format_uk(closed, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "start",
                                  "the episode of need closed on %s, before this date", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    struct assessment a = {.episode = episode, .start = start, .factors = factors};
    enum put_outcome outcome;
    if ((rc = store_put_assessment(s, date_year_to_march(start), &a, NULL, &outcome, e)) != HE_OK)
        return fail_txn(s, rc);
    if (outcome != PUT_ADDED)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "start",
                                  "an assessment starting on this day is already recorded"));
    return store_commit(s, e);
}

int cw_authorise_assessment(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                            rec_id assessment, day_t day, struct err *e)
{
    if (u->role != ROLE_TEAM_MANAGER && u->role != ROLE_ADMIN)
        return err_at(e, HE_INPUT, NULL, 0, "authorised",
                      "only a team manager can authorise an assessment");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT a.start, a.authorised FROM assessment a JOIN cin_episode c ON c.id "
                         "= a.episode_id WHERE a.id = ? AND c.person_id = ?",
                         &st, e)) != HE_OK)
        return fail_txn(s, rc);
    db_bind_int(st, 1, assessment);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    day_t start = DAY_NONE;
    bool done = false;
    if (rc == DB_ROW) {
        start = (day_t)db_int(st, 0);
        done = !db_is_null(st, 1);
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "assessment",
                                  "this child has no such assessment"));
    if (rc != HE_OK)
        return fail_txn(s, rc);
    if (done)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "authorised",
                                  "this assessment is already authorised"));
    int64_t written = 0; /* written in hearth: authorised from its page, with a comment */
    if ((rc = DB_INT(store_db(s), e, &written,
                     "SELECT count(*) FROM assessment_content WHERE assessment_id = ?",
                     DB_I(assessment))) != HE_OK)
        return fail_txn(s, rc);
    if (written)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "authorised",
                                  "this assessment has written content: a manager authorises it "
                                  "from its page once it is submitted"));
    if (day < start) {
        char d[11];
        date_format_uk(start, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "authorised",
                                  "authorisation cannot be before the assessment started (%s)", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = DB_RUN(store_db(s), e, "UPDATE assessment SET authorised = ? WHERE id = ?", DB_I(day),
                     DB_I(assessment))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

/* ---- child protection --------------------------------------------------------------- */
/* The episode (of this person) as referral and closure dates; HE_INPUT when not theirs. */
static int episode_dates(struct store *s, rec_id person, rec_id episode, day_t *ref, day_t *closed,
                         struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT referral_date, closure_date FROM cin_episode WHERE id = ? AND "
                        "person_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, episode);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *ref = (day_t)db_int(st, 0);
        *closed = (day_t)db_int(st, 1);
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = err_at(e, HE_INPUT, NULL, 0, "episode", "this child has no such episode of need");
    }
    db_finalize(st);
    return rc;
}

int cw_record_strategy(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t date,
                       struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    day_t ref = DAY_NONE, closed = DAY_NONE;
    char d[11];
    if ((rc = episode_dates(s, person, episode, &ref, &closed, e)) != HE_OK)
        return fail_txn(s, rc);
    if (closed)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date", "the episode of need is closed"));
    if (date < ref) {
        date_format_uk(ref, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "the strategy discussion cannot be before the referral (%s)", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    struct s47_enquiry q = {.episode = episode, .start = date,
                            .icpc_target = clock_due(CLOCK_ICPC, date), .icpc_not_required = -1};
    enum put_outcome outcome;
    if ((rc = store_put_s47_enquiry(s, date_year_to_march(date), &q, NULL, &outcome, e)) != HE_OK)
        return fail_txn(s, rc);
    if (outcome != PUT_ADDED)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "a strategy discussion on this day is already recorded"));
    return store_commit(s, e);
}

int cw_record_icpc(struct store *s, rec_id person, int64_t seen, rec_id s47, day_t date,
                   const char *plan_category, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT q.episode_id, q.start, q.icpc_date FROM s47_enquiry q JOIN "
                         "cin_episode c ON c.id = q.episode_id WHERE q.id = ? AND c.person_id = ?",
                         &st, e)) != HE_OK)
        return fail_txn(s, rc);
    db_bind_int(st, 1, s47);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    rec_id episode = 0;
    day_t start = DAY_NONE;
    bool held = false;
    if (rc == DB_ROW) {
        episode = db_int(st, 0);
        start = (day_t)db_int(st, 1);
        held = !db_is_null(st, 2);
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "s47", "this child has no such enquiry"));
    if (rc != HE_OK)
        return fail_txn(s, rc);
    if (held)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "the initial conference of this enquiry is already recorded"));
    if (date < start) {
        char d[11];
        date_format_uk(start, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "the conference cannot be before the strategy discussion (%s)", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = DB_RUN(store_db(s), e, "UPDATE s47_enquiry SET icpc_date = ? WHERE id = ?", DB_I(date),
                     DB_I(s47))) != HE_OK)
        return fail_txn(s, rc);
    if (plan_category && *plan_category) {
        int64_t before = 0;
        if ((rc = db_prepare(store_db(s),
                             "SELECT count(*) FROM cp_plan p JOIN cin_episode c ON c.id = "
                             "p.episode_id WHERE c.person_id = ? AND p.start < ?",
                             &st, e)) != HE_OK)
            return fail_txn(s, rc);
        db_bind_int(st, 1, person);
        db_bind_int(st, 2, date);
        rc = db_step_int(st, &before, e);
        db_finalize(st);
        if (rc != HE_OK)
            return fail_txn(s, rc);
        struct cp_plan p = {.episode = episode, .start = date, .initial_category = plan_category,
                            .latest_category = plan_category, .previous_plans = (int)before};
        enum put_outcome outcome;
        if ((rc = store_put_cp_plan(s, date_year_to_march(date), &p, NULL, &outcome, e)) != HE_OK)
            return fail_txn(s, rc);
        if (outcome != PUT_ADDED)
            return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                      "a child protection plan starting on this day is already recorded"));
    }
    return store_commit(s, e);
}

/* ---- looked after ------------------------------------------------------------------- */
/* The child's open looked-after episode, if any. */
static int open_la(struct store *s, rec_id person, rec_id *id, day_t *decom, char ls[8], char cin[8],
                   char place[8], struct err *e)
{
    struct db_stmt *st;
    *id = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT id, decom, ls, cin, place FROM la_episode WHERE person_id = ? AND "
                        "dec IS NULL ORDER BY decom DESC LIMIT 1",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *id = db_int(st, 0);
        *decom = (day_t)db_int(st, 1);
        copy(ls, 8, db_text(st, 2));
        copy(cin, 8, db_text(st, 3));
        copy(place, 8, db_text(st, 4));
        rc = HE_OK;
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int cw_become_looked_after(struct store *s, rec_id person, int64_t seen, day_t decom,
                           const char *ls, const char *cin, const char *place, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rec_id open = 0;
    day_t od = DAY_NONE;
    char ols[8], ocin[8], oplace[8];
    if ((rc = open_la(s, person, &open, &od, ols, ocin, oplace, e)) != HE_OK)
        return fail_txn(s, rc);
    if (open)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "this child is already looked after: record a change of placement instead"));
    int64_t v = 0;
    rc = DB_INT(store_db(s), e, &v, "SELECT max(dec) FROM la_episode WHERE person_id = ?", DB_I(person));
    day_t last_end = (day_t)v;
    if (rc != HE_OK)
        return fail_txn(s, rc);
    if (last_end && decom <= last_end)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "the child's last period of care ended on or after this date"));
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    struct la_episode ep = {.person = person, .decom = decom, .rne = "S", .ls = ls, .cin = cin,
                            .place = place};
    enum put_outcome outcome;
    if ((rc = store_put_la_episode(s, date_year_to_march(decom), &ep, NULL, &outcome, e)) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

int cw_change_placement(struct store *s, rec_id person, int64_t seen, day_t date, const char *place,
                        const char *reason, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rec_id open = 0;
    day_t decom = DAY_NONE;
    char ls[8], cin[8], oplace[8];
    if ((rc = open_la(s, person, &open, &decom, ls, cin, oplace, e)) != HE_OK)
        return fail_txn(s, rc);
    if (!open)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date", "this child is not looked after"));
    if (date <= decom) {
        char d[11];
        date_format_uk(decom, d);
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "date",
                                  "the change must be after the current placement began (%s)", d));
    }
    /* a move to another carer of the same type is a change of placement too (as pl_move);
     * the reason for the change is the ended episode's (SSDA903 rules 225 and 233) */
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = DB_RUN(store_db(s), e, "UPDATE la_episode SET dec = ?, rec = 'X1', reason_place_change = ? WHERE id = ?",
                     DB_I(date), DB_T(reason), DB_I(open))) != HE_OK)
        return fail_txn(s, rc);
    (void)oplace;
    struct la_episode ep = {.person = person, .decom = date, .rne = "P", .ls = ls, .cin = cin, .place = place};
    rec_id next = 0;
    if ((rc = store_put_la_episode(s, date_year_to_march(date), &ep, &next, NULL, e)) != HE_OK)
        return fail_txn(s, rc);
    /* the child's home is where it was: the new episode keeps HOME_POST */
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE la_episode SET home_post = (SELECT home_post FROM la_episode WHERE id = ?) WHERE id = ?",
                     DB_I(open), DB_I(next))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

/* ---- drafts -------------------------------------------------------------------------- */
int cw_draft_put(struct store *s, int64_t user_id, const char *key, const char *body, int64_t now,
                 struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "INSERT INTO draft (user_id, form_key, body, updated) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (user_id, form_key) DO UPDATE SET body = excluded.body, "
                        "updated = excluded.updated",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, body ? body : "");
    db_bind_int(st, 4, now);
    rc = run(st, e);
    db_finalize(st);
    return rc;
}

int cw_draft_get(struct store *s, int64_t user_id, const char *key, char **body, struct err *e)
{
    struct db_stmt *st;
    *body = NULL;
    int rc = db_prepare(store_db(s), "SELECT body FROM draft WHERE user_id = ? AND form_key = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *body = xstrdup(db_text(st, 0) ? db_text(st, 0) : "");
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int cw_draft_delete(struct store *s, int64_t user_id, const char *key, struct err *e)
{
    return DB_RUN(store_db(s), e, "DELETE FROM draft WHERE user_id = ? AND form_key = ?", DB_I(user_id),
                  DB_T(key));
}

/* ---- lists and restricted records ------------------------------------------------------ */
/* A row the user may not open (restricted, or a member of staff kept out of it) shows that
 * the record exists and nothing in it: tr_mask_* in store_trust.c. */
int cw_my_children(struct store *s, const struct cw_user *u, struct cw_child_row *out, int max,
                   int *n, struct err *e)
{
    int rc = cw_my_children_unmasked(s, u, out, max, n, e);
    return rc == HE_OK ? tr_mask_children(s, u, out, *n, e) : rc;
}

int cw_search(struct store *s, const struct cw_user *u, const char *q, struct cw_child_row *out,
              int max, int *n, struct err *e)
{
    int rc = cw_search_unmasked(s, u, q, out, max, n, e);
    if (rc == HE_OK)
        rc = tr_mask_children(s, u, out, *n, e);
    /* a search answers a question about one child: a row the user may not open would
     * confirm that a child of that name (or number) exists, so it is left out altogether */
    int kept = 0;
    for (int i = 0; rc == HE_OK && i < *n; i++)
        if (!out[i].hidden)
            out[kept++] = out[i];
    if (rc == HE_OK)
        *n = kept;
    return rc;
}

int cw_open_contacts(struct store *s, const struct cw_user *u, struct cw_contact_row *out, int max,
                     int *n, struct err *e)
{
    int rc = cw_open_contacts_unmasked(s, u, out, max, n, e);
    return rc == HE_OK ? tr_mask_contacts(s, u, out, *n, e) : rc;
}
