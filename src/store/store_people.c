/* store_people: the child's details with their history, addresses, professionals, the
 * family network for the genogram and the merging of duplicate records, written once on
 * the portable db.h layer (see people.h). Every write is one transaction that checks and
 * bumps the record version the form was read at. Table and column names in SQL text come
 * only from the constant tables below, never from input. */
#include "people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "casework.h"
#include "db.h"
#include "store_impl.h"

const struct people_field people_fields[] = {
    {"given_name", "First name", PF_TEXT, true},
    {"family_name", "Last name", PF_TEXT, true},
    {"previous_names", "Previous names", PF_TEXT, false},
    {"dob", "Date of birth", PF_DAY, true},
    {"expected_dob", "Expected date of birth", PF_DAY, true},
    {"sex", "Sex", PF_TEXT, true},
    {"gender", "Gender", PF_TEXT, false},
    {"ethnicity", "Ethnicity", PF_TEXT, true},
    {"disabilities", "Disability", PF_TEXT, true},
    {"language", "First language", PF_TEXT, false},
    {"interpreter", "Interpreter needed", PF_TEXT, false},
    {"religion", "Religion", PF_TEXT, false},
    {"immigration", "Immigration status", PF_TEXT, false},
    {"upn", "Unique pupil number (UPN)", PF_TEXT, true},
    {"nhs_number", "NHS number", PF_TEXT, true},
    {"school", "School", PF_TEXT, false},
    {"school_urn", "School URN", PF_TEXT, false},
    {"gp", "GP practice", PF_TEXT, false},
    {"portrait", "About the child", PF_TEXT, false},
};
const int n_people_fields = sizeof people_fields / sizeof people_fields[0];

const struct people_field *people_field(const char *key)
{
    for (int i = 0; key && i < n_people_fields; i++)
        if (!strcmp(people_fields[i].key, key))
            return &people_fields[i];
    return NULL;
}

/* The record version moves on whatever version was read (a merge changes the record). */
static int bump_any(struct store *s, rec_id person, struct err *e)
{
    int64_t v = 0;
    int rc = cw_version(s, person, &v, e);
    return rc == HE_OK ? cw_version_bump(s, person, v, e) : rc;
}

/* Unix seconds as a Julian day number (1 January 1970 is day 2440588). */
static day_t day_of(int64_t now) { return (day_t)(now / 86400 + 2440588); }

/* A value the DfE's lists must hold: ethnicity, the disability codes, sex. */
static int check_codes(const char *key, const char *v, int year, struct err *e)
{
    if (!v || !*v)
        return HE_OK;
    if (!strcmp(key, "sex") && strcmp(v, "M") && strcmp(v, "F") && strcmp(v, "U"))
        return err_at(e, HE_INPUT, NULL, 0, key, "Sex is M, F or U");
    if (!strcmp(key, "ethnicity") && !codes_cin_valid("ethnicitytype", v, year))
        return err_at(e, HE_INPUT, NULL, 0, key, "%.20s is not one of the DfE's ethnicity codes", v);
    if (!strcmp(key, "disabilities")) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, "%s", v);
        int n = 0;
        bool none = false;
        for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save), n++) {
            if (!codes_cin_valid("disabilitytype", t, year))
                return err_at(e, HE_INPUT, NULL, 0, key, "%.20s is not one of the DfE's disability codes", t);
            none |= !strcmp(t, "NONE");
        }
        if (none && n > 1)
            return err_at(e, HE_INPUT, NULL, 0, key, "No disability cannot be chosen with a disability");
    }
    return HE_OK;
}

static int log_change(struct store *s, rec_id person, const char *field, const char *old_v, const char *new_v,
                      int64_t by, int64_t now, struct err *e)
{
    return DB_RUN(store_db(s), e,
                  "INSERT INTO person_change (person_id, field, old_value, new_value, by_user, at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  DB_I(person), DB_T(field), DB_T(old_v && *old_v ? old_v : NULL),
                  DB_T(new_v && *new_v ? new_v : NULL), DB_I(by), DB_I(now));
}

static int finish(struct store *s, int rc, struct err *e)
{
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    return rc;
}

static int person_exists(struct store *s, rec_id person, struct err *e)
{
    int64_t n = 0;
    int rc = DB_INT(store_db(s), e, &n, "SELECT count(*) FROM person WHERE id = ?", DB_I(person));
    if (rc == HE_OK && !n)
        rc = err_at(e, HE_INPUT, NULL, 0, "person", "There is no such record");
    return rc;
}

/* The value of one detail as text (a day as YYYY-MM-DD); *out NULL when not recorded,
 * else malloc'd for the caller to free. */
static int field_read(struct store *s, rec_id person, const struct people_field *f, char **out, struct err *e)
{
    *out = NULL;
    char sql[160];
    if (f->in_person)
        snprintf(sql, sizeof sql, "SELECT %s FROM person WHERE id = ?", f->key);
    else
        snprintf(sql, sizeof sql, "SELECT value FROM person_detail WHERE person_id = ? AND field = ?");
    struct db_stmt *st = NULL;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    if (!f->in_person)
        db_bind_text(st, 2, f->key);
    int r = db_step(st, e);
    if (r == DB_ROW && !db_is_null(st, 0)) {
        if (f->kind == PF_DAY) {
            char d[11];
            date_format_iso((day_t)db_int(st, 0), d);
            *out = xstrdup(d);
        } else
            *out = xstrdup(db_text(st, 0));
    } else if (r != DB_ROW && r != DB_DONE)
        rc = r;
    db_finalize(st);
    return rc;
}

/* Set one detail from text as field_read gives it ("" or NULL clears it). */
static int field_write(struct store *s, rec_id person, const struct people_field *f, const char *text,
                       struct err *e)
{
    if (!text)
        text = "";
    char sql[160];
    if (f->in_person) {
        snprintf(sql, sizeof sql, "UPDATE person SET %s = ? WHERE id = ?", f->key);
        if (f->kind == PF_DAY)
            return DB_RUN(store_db(s), e, sql, DB_Z(*text ? date_parse_iso(text, strlen(text)) : DAY_NONE),
                          DB_I(person));
        return DB_RUN(store_db(s), e, sql, DB_T(*text ? text : NULL), DB_I(person));
    }
    if (!*text)
        return DB_RUN(store_db(s), e, "DELETE FROM person_detail WHERE person_id = ? AND field = ?", DB_I(person),
                      DB_T(f->key));
    return DB_RUN(store_db(s), e,
                  "INSERT INTO person_detail (person_id, field, value) VALUES (?, ?, ?) "
                  "ON CONFLICT (person_id, field) DO UPDATE SET value = excluded.value",
                  DB_I(person), DB_T(f->key), DB_T(text));
}

int people_set(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now, const char *key,
               const char *text, day_t day, struct err *e)
{
    const struct people_field *f = people_field(key);
    if (!f)
        return err_at(e, HE_INPUT, NULL, 0, "field", "There is no detail called %.40s", key ? key : "");
    if (!text)
        text = "";
    char newv[32] = "";
    if (f->kind == PF_DAY) {
        if (day)
            date_format_iso(day, newv);
        text = newv;
    } else {
        int rc = check_codes(key, text, date_year_to_march(day_of(now)), e);
        if (rc != HE_OK)
            return rc;
    }
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = person_exists(s, person, e);
    char *old = NULL;
    if (rc == HE_OK)
        rc = field_read(s, person, f, &old, e);
    if (rc == HE_OK && !strcmp(old ? old : "", text)) { /* unchanged: nothing to keep */
        free(old);
        store_rollback(s, NULL);
        return HE_OK;
    }
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = field_write(s, person, f, text, e);
    if (rc == HE_OK)
        rc = log_change(s, person, key, old, text, by, now, e);
    free(old);
    return finish(s, rc, e);
}

/* ---- addresses and professionals ------------------------------------------------------ */
int people_address_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now, const char *line,
                       const char *postcode, day_t start, struct err *e)
{
    if (!line || !*line)
        return err_at(e, HE_INPUT, NULL, 0, "line", "Enter the address");
    if (!postcode || !*postcode)
        return err_at(e, HE_INPUT, NULL, 0, "postcode", "Enter the postcode");
    if (!start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date the child moved in");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = person_exists(s, person, e);
    int64_t later = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &later, "SELECT count(*) FROM person_address WHERE person_id = ? AND start >= ?",
                    DB_I(person), DB_I(start));
    if (rc == HE_OK && later)
        rc = err_at(e, HE_INPUT, NULL, 0, "start",
                    "The date the child moved in must be after the start of every earlier address");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE person_address SET end_date = ? WHERE person_id = ? AND end_date IS NULL",
                    DB_I(start - 1), DB_I(person));
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO person_address (person_id, line, postcode, start) VALUES (?, ?, ?, ?)",
                    DB_I(person), DB_T(line), DB_T(postcode), DB_I(start));
    if (rc == HE_OK) {
        char nv[600], d[11];
        date_format_iso(start, d);
        snprintf(nv, sizeof nv, "%s, %s, from %s", line, postcode, d);
        rc = log_change(s, person, "address", NULL, nv, by, now, e);
    }
    return finish(s, rc, e);
}

int people_professional_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                            const struct people_professional *p, struct err *e)
{
    static const char *const req[][2] = {{"role", "Enter the professional's role"},
                                         {"name", "Enter the professional's name"}};
    const char *v[] = {p->role, p->name};
    for (int i = 0; i < 2; i++)
        if (!v[i] || !*v[i])
            return err_at(e, HE_INPUT, NULL, 0, req[i][0], "%s", req[i][1]);
    if (!p->start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date they became involved");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = person_exists(s, person, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO professional (person_id, role, name, agency, contact, start) VALUES (?, ?, ?, ?, ?, ?)",
                    DB_I(person), DB_T(p->role), DB_T(p->name), DB_T(p->agency ? p->agency : ""),
                    DB_T(p->contact ? p->contact : ""), DB_I(p->start));
    if (rc == HE_OK) {
        char nv[600];
        snprintf(nv, sizeof nv, "%s: %s%s%s", p->role, p->name, p->agency && *p->agency ? ", " : "",
                 p->agency ? p->agency : "");
        rc = log_change(s, person, "professional", NULL, nv, by, now, e);
    }
    return finish(s, rc, e);
}

int people_professional_end(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now, int64_t pro,
                            day_t end, struct err *e)
{
    if (!end)
        return err_at(e, HE_INPUT, NULL, 0, "end", "Enter the date they stopped being involved");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t start = 0;
    rc = DB_INT(store_db(s), e, &start,
                "SELECT start FROM professional WHERE id = ? AND person_id = ? AND end_date IS NULL", DB_I(pro),
                DB_I(person));
    if (rc == HE_OK && !start)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "That professional is not involved now");
    if (rc == HE_OK && end < start)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The end must be on or after the day they became involved");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE professional SET end_date = ? WHERE id = ?", DB_I(end), DB_I(pro));
    if (rc == HE_OK) {
        char d[11];
        date_format_iso(end, d);
        rc = log_change(s, person, "professional_end", NULL, d, by, now, e);
    }
    return finish(s, rc, e);
}

/* ---- reading ---------------------------------------------------------------------------- */
#define GROW(mem, arr, n, cap)                                                             \
    do {                                                                                   \
        if ((n) == (cap)) {                                                                \
            (cap) = (cap) ? (cap) * 2 : 8;                                                 \
            void *np_ = arena_alloc((mem), (size_t)(cap) * sizeof *(arr));                 \
            if (n)                                                                         \
                memcpy(np_, (arr), (size_t)(n) * sizeof *(arr));                           \
            (arr) = np_;                                                                   \
        }                                                                                  \
    } while (0)

static int prep1(struct store *s, const char *sql, rec_id id, struct db_stmt **st, struct err *e)
{
    int rc = db_prepare(store_db(s), sql, st, e);
    if (rc == HE_OK)
        db_bind_int(*st, 1, id);
    return rc;
}

static day_t day_col(struct db_stmt *st, int c) { return db_is_null(st, c) ? DAY_NONE : (day_t)db_int(st, c); }

static void read_merge(struct arena *m, struct db_stmt *st, struct people_merge_state *o)
{
    (void)m;
    o->id = db_int(st, 0);
    o->kept = db_int(st, 1);
    o->merged = db_int(st, 2);
    snprintf(o->state, sizeof o->state, "%s", db_text(st, 3) ? db_text(st, 3) : "");
    snprintf(o->by, sizeof o->by, "%s", db_text(st, 4) ? db_text(st, 4) : "");
    o->at = db_int(st, 5);
}
#define MERGE_COLS "m.id, m.kept_id, m.merged_id, m.state, u.display_name, m.at FROM person_merge m " \
                   "JOIN app_user u ON u.id = m.by_user"

int people_load(struct store *s, rec_id person, struct people_file *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct arena *m = &out->mem;
    struct db_stmt *st;
    int rc, r, cap;
    /* the person columns first, then person_detail */
    struct buf q = BUF_INIT;
    buf_adds(&q, "SELECT ");
    for (int i = 0; i < n_people_fields; i++)
        if (people_fields[i].in_person) {
            buf_adds(&q, people_fields[i].key);
            buf_adds(&q, ", ");
        }
    buf_adds(&q, "id FROM person WHERE id = ?");
    buf_addc(&q, '\0');
    rc = prep1(s, q.data, person, &st, e);
    buf_free(&q);
    if (rc != HE_OK)
        return rc;
    if ((r = db_step(st, e)) == DB_ROW) {
        int c = 0;
        for (int i = 0; i < n_people_fields; i++) {
            if (!people_fields[i].in_person)
                continue;
            if (!db_is_null(st, c)) {
                if (people_fields[i].kind == PF_DAY) {
                    char d[11];
                    date_format_iso((day_t)db_int(st, c), d);
                    out->detail[i] = arena_strdup(m, d);
                } else
                    out->detail[i] = arena_strdup(m, db_text(st, c));
            }
            c++;
        }
        r = DB_DONE;
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT field, value FROM person_detail WHERE person_id = ?", person, &st, e)) != HE_OK)
        return rc;
    while ((r = db_step(st, e)) == DB_ROW) {
        const struct people_field *f = people_field(db_text(st, 0));
        if (f)
            out->detail[f - people_fields] = arena_strdup(m, db_text(st, 1));
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT id, line, postcode, start, end_date FROM person_address WHERE person_id = ? "
                       "ORDER BY start DESC", person, &st, e)) != HE_OK)
        return rc;
    cap = 0;
    while ((r = db_step(st, e)) == DB_ROW) {
        GROW(m, out->addresses, out->n_addresses, cap);
        struct people_address *a = &out->addresses[out->n_addresses++];
        a->id = db_int(st, 0);
        a->line = arena_strdup(m, db_text(st, 1));
        a->postcode = arena_strdup(m, db_text(st, 2));
        a->start = day_col(st, 3);
        a->end = day_col(st, 4);
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT id, role, name, agency, contact, start, end_date FROM professional WHERE "
                       "person_id = ? ORDER BY CASE WHEN end_date IS NULL THEN 0 ELSE 1 END, start DESC, id",
                    person, &st, e)) != HE_OK)
        return rc;
    cap = 0;
    while ((r = db_step(st, e)) == DB_ROW) {
        GROW(m, out->pros, out->n_pros, cap);
        struct people_professional *p = &out->pros[out->n_pros++];
        p->id = db_int(st, 0);
        p->role = arena_strdup(m, db_text(st, 1));
        p->name = arena_strdup(m, db_text(st, 2));
        p->agency = arena_strdup(m, db_text(st, 3));
        p->contact = arena_strdup(m, db_text(st, 4));
        p->start = day_col(st, 5);
        p->end = day_col(st, 6);
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT c.field, c.old_value, c.new_value, u.display_name, c.at FROM person_change c "
                       "JOIN app_user u ON u.id = c.by_user WHERE c.person_id = ? ORDER BY c.at DESC, c.id DESC "
                       "LIMIT 50", person, &st, e)) != HE_OK)
        return rc;
    cap = 0;
    while ((r = db_step(st, e)) == DB_ROW) {
        GROW(m, out->changes, out->n_changes, cap);
        struct people_change *c = &out->changes[out->n_changes++];
        c->field = arena_strdup(m, db_text(st, 0));
        c->old_value = arena_strdup(m, db_text(st, 1));
        c->new_value = arena_strdup(m, db_text(st, 2));
        c->by = arena_strdup(m, db_text(st, 3));
        c->at = db_int(st, 4);
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT " MERGE_COLS " WHERE m.merged_id = ? AND m.state <> 'undone' ORDER BY m.id DESC "
                       "LIMIT 1", person, &st, e)) != HE_OK)
        return rc;
    if ((r = db_step(st, e)) == DB_ROW) {
        read_merge(m, st, &out->merged_into);
        r = DB_DONE;
    }
    db_finalize(st);
    if (r != DB_DONE)
        return r;
    if ((rc = prep1(s, "SELECT " MERGE_COLS " WHERE m.kept_id = ? AND m.state <> 'undone' ORDER BY m.id DESC "
                       "LIMIT 20", person, &st, e)) != HE_OK)
        return rc;
    cap = 0;
    while ((r = db_step(st, e)) == DB_ROW) {
        GROW(m, out->merges, out->n_merges, cap);
        read_merge(m, st, &out->merges[out->n_merges++]);
    }
    db_finalize(st);
    return r == DB_DONE ? HE_OK : r;
}

void people_file_free(struct people_file *f)
{
    arena_free(&f->mem);
    memset(f, 0, sizeof *f);
}

/* ---- alerts ---------------------------------------------------------------------------------- */
bool people_alert_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"STAFF_RISK", "EXPLOITATION", "MISSING", "SIBLING_PLAN", "OTHER"};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kind, kinds[i]))
            return true;
    return false;
}

int people_alert_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now, const char *kind,
                     const char *reason, day_t start, day_t end, struct err *e)
{
    if (!people_alert_kind_valid(kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "Select the kind of alert");
    if (!reason || !*reason)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "Enter the reason for the alert");
    if (!start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date the alert starts");
    if (end && end < start)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The end must be on or after the start");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = person_exists(s, person, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO person_alert (person_id, kind, reason, start, end_date, by_user, at) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?)",
                    DB_I(person), DB_T(kind), DB_T(reason), DB_I(start), DB_Z(end), DB_I(by), DB_I(now));
    if (rc == HE_OK) {
        char nv[600];
        snprintf(nv, sizeof nv, "%s: %s", kind, reason);
        rc = log_change(s, person, "alert", NULL, nv, by, now, e);
    }
    return finish(s, rc, e);
}

int people_alert_end(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now, int64_t alert,
                     const char *reason, struct err *e)
{
    if (!reason || !*reason)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "Enter why the alert is ended");
    day_t today = day_of(now);
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st = NULL;
    char kind[20] = "";
    day_t start = DAY_NONE, end = DAY_NONE;
    bool found = false, ended = false;
    rc = db_prepare(store_db(s),
                    "SELECT kind, start, end_date, end_reason FROM person_alert WHERE id = ? AND person_id = ?", &st,
                    e);
    if (rc == HE_OK) {
        db_bind_int(st, 1, alert);
        db_bind_int(st, 2, person);
        int r = db_step(st, e);
        if (r == DB_ROW) {
            found = true;
            snprintf(kind, sizeof kind, "%s", db_text(st, 0));
            start = (day_t)db_int(st, 1);
            end = day_col(st, 2);
            ended = !db_is_null(st, 3);
        } else if (r != DB_DONE)
            rc = r;
        db_finalize(st);
    }
    if (rc == HE_OK && !found)
        rc = err_at(e, HE_INPUT, NULL, 0, "alert", "There is no such alert on this record");
    if (rc == HE_OK && (ended || (end && end < today)))
        rc = err_at(e, HE_INPUT, NULL, 0, "reason", "This alert has already ended");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    /* ended today: no longer shown from today (people_alerts); one not yet started ends on
     * its start, so it is never shown */
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "UPDATE person_alert SET end_date = ?, end_reason = ?, ended_by = ?, ended_at = ? WHERE id = ?",
                    DB_I(today > start ? today : start), DB_T(reason), DB_I(by), DB_I(now), DB_I(alert));
    if (rc == HE_OK) {
        char nv[600];
        snprintf(nv, sizeof nv, "%s: %s", kind, reason);
        rc = log_change(s, person, "alert_end", NULL, nv, by, now, e);
    }
    return finish(s, rc, e);
}

int people_alerts(struct store *s, rec_id person, day_t day, struct people_alerts *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT a.id, a.kind, a.reason, u.display_name, a.start, a.end_date, a.end_reason FROM "
                        "person_alert a JOIN app_user u ON u.id = a.by_user WHERE a.person_id = ? AND (? = 0 OR "
                        "(a.start <= ? AND (a.end_date IS NULL OR a.end_date > ? OR (a.end_date = ? AND "
                        "a.end_reason IS NULL)))) ORDER BY CASE WHEN a.end_date IS NULL THEN 0 "
                        "ELSE 1 END, a.start DESC, a.id DESC LIMIT 50",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    for (int i = 2; i <= 5; i++)
        db_bind_int(st, i, day);
    int r, cap = 0;
    struct arena *m = &out->mem;
    while ((r = db_step(st, e)) == DB_ROW) {
        GROW(m, out->v, out->n, cap);
        struct people_alert *a = &out->v[out->n++];
        a->id = db_int(st, 0);
        a->kind = arena_strdup(m, db_text(st, 1));
        a->reason = arena_strdup(m, db_text(st, 2));
        a->by = arena_strdup(m, db_text(st, 3));
        a->start = day_col(st, 4);
        a->end = day_col(st, 5);
        a->end_reason = db_is_null(st, 6) ? NULL : arena_strdup(m, db_text(st, 6));
    }
    db_finalize(st);
    return r == DB_DONE ? HE_OK : r;
}

void people_alerts_free(struct people_alerts *a)
{
    arena_free(&a->mem);
    memset(a, 0, sizeof *a);
}

/* ---- the family network ------------------------------------------------------------------ */
static bool have(const struct people_net *n, rec_id id)
{
    for (int i = 0; i < n->n; i++)
        if (n->v[i].id == id)
            return true;
    return false;
}

int people_network(struct store *s, rec_id person, struct people_net *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc, r, cap = 0;
    /* 1: recorded on this record; 2: this child recorded as someone's brother or sister;
     * 3: children who share a parent recorded on both records */
    static const char sql[] =
        "SELECT 1, p.id, r.kind, p.given_name, p.family_name, p.la_child_id, p.sex, p.dob, p.death_date, "
        "r.household FROM relationship r JOIN person p ON p.id = r.relative_id WHERE r.person_id = ? "
        "UNION ALL SELECT 2, p.id, r.kind, p.given_name, p.family_name, p.la_child_id, p.sex, p.dob, "
        "p.death_date, 0 FROM relationship r JOIN person p ON p.id = r.person_id WHERE r.relative_id = ? "
        "AND r.kind IN ('SIBLING', 'HALF_SIBLING') "
        "UNION ALL SELECT 3, p.id, 'SIBLING', p.given_name, p.family_name, p.la_child_id, p.sex, p.dob, "
        "p.death_date, 0 FROM relationship mine JOIN relationship theirs ON theirs.relative_id = mine.relative_id "
        "AND theirs.kind IN ('MOTHER', 'FATHER') AND theirs.person_id <> mine.person_id JOIN person p ON "
        "p.id = theirs.person_id WHERE mine.person_id = ? AND mine.kind IN ('MOTHER', 'FATHER') "
        "ORDER BY 1, 8, 2 LIMIT 200";
    if ((rc = db_prepare(store_db(s), sql, &st, e)) != HE_OK)
        return rc;
    for (int i = 1; i <= 3; i++)
        db_bind_int(st, i, person);
    struct arena *m = &out->mem;
    while ((r = db_step(st, e)) == DB_ROW) {
        rec_id id = db_int(st, 1);
        if (id == person || have(out, id) || out->n >= PEOPLE_NET_MAX)
            continue;
        GROW(m, out->v, out->n, cap);
        struct people_relative *p = &out->v[out->n++];
        p->id = id;
        p->kind = arena_strdup(m, db_text(st, 2));
        p->given = arena_strdup(m, db_text(st, 3) ? db_text(st, 3) : "");
        p->family = arena_strdup(m, db_text(st, 4) ? db_text(st, 4) : "");
        p->la_child_id = arena_strdup(m, db_text(st, 5));
        p->sex = arena_strdup(m, db_text(st, 6) ? db_text(st, 6) : "");
        p->dob = day_col(st, 7);
        p->died = day_col(st, 8);
        p->household = db_int(st, 9) == 1;
        p->derived = db_int(st, 0) != 1;
    }
    db_finalize(st);
    return r == DB_DONE ? HE_OK : r;
}

void people_net_free(struct people_net *n)
{
    arena_free(&n->mem);
    memset(n, 0, sizeof *n);
}

/* ---- duplicate records ------------------------------------------------------------------- */
int people_duplicates(struct store *s, struct people_dup *out, int max, int *n, struct err *e)
{
    *n = 0;
    static const char sql[] =
        "SELECT a.id, b.id, 'name and date of birth' FROM person a JOIN person b ON b.dob = a.dob AND "
        "b.id > a.id AND lower(b.given_name) = lower(a.given_name) AND lower(b.family_name) = "
        "lower(a.family_name) WHERE a.dob IS NOT NULL AND a.given_name IS NOT NULL AND a.given_name <> '' "
        "UNION SELECT a.id, b.id, 'NHS number' FROM person a JOIN person b ON b.nhs_number = a.nhs_number AND "
        "b.id > a.id WHERE a.nhs_number IS NOT NULL AND a.nhs_number <> '' "
        "UNION SELECT a.id, b.id, 'UPN' FROM person a JOIN person b ON b.upn = a.upn AND b.id > a.id "
        "WHERE a.upn IS NOT NULL AND a.upn <> '' ORDER BY 1, 2";
    static const char merged_sql[] =
        "SELECT count(*) FROM person_merge WHERE state <> 'undone' AND merged_id IN (?, ?)";
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e), r = DB_DONE;
    if (rc != HE_OK)
        return rc;
    while (*n < max && (r = db_step(st, e)) == DB_ROW) {
        rec_id a = db_int(st, 0), b = db_int(st, 1);
        if (*n && out[*n - 1].a == a && out[*n - 1].b == b) /* found twice: the first reason says it */
            continue;
        int64_t gone = 0;
        if ((rc = DB_INT(store_db(s), e, &gone, merged_sql, DB_I(a), DB_I(b))) != HE_OK)
            break;
        if (gone)
            continue;
        out[*n].a = a;
        out[*n].b = b;
        snprintf(out[*n].reason, sizeof out[*n].reason, "%s", db_text(st, 2));
        (*n)++;
    }
    db_finalize(st);
    if (rc != HE_OK)
        return rc;
    return r == DB_DONE || r == DB_ROW ? HE_OK : r;
}

/* Every table whose rows belong to a child, with the column naming the child and the
 * column that names a row. The access log is not here: it says what was opened, as it was.
 * A new table holding a child's rows is added here, or a merge leaves its rows behind. */
static const struct {
    const char *tbl, *col, *key, *what;
} moves[] = {
    {"allocation", "person_id", "id", "an allocation"},
    {"allocation_log", "person_id", "id", "an allocation"},
    {"contact", "person_id", "id", "a contact on the same day from the same source"},
    {"early_help", "person_id", "id", "an early help episode starting the same day"},
    {"cin_episode", "person_id", "id", "a referral on the same day"},
    {"la_episode", "person_id", "id", "a looked-after episode starting the same day"},
    {"la_review", "person_id", "id", "a looked-after review on the same day"},
    {"missing_episode", "person_id", "id", "a missing episode starting the same day"},
    {"care_leaver", "person_id", "id", "a care leaver return for the same year"},
    {"la_outcome", "person_id", "id", "outcomes for the same year"},
    {"adoption", "person_id", "id", "an adoption decision on the same day"},
    {"placed_adoption", "person_id", "id", "a placement for adoption on the same day"},
    {"prev_perm", "person_id", "id", "a previous permanence answer"},
    {"uasc", "person_id", "id", "an unaccompanied asylum seeker row"},
    {"sw_episode", "person_id", "id", "a social worker episode"},
    {"dolo", "person_id", "id", "a deprivation of liberty order starting the same day"},
    {"la_visit", "person_id", "id", "a statutory visit on the same day"},
    {"pathway_plan", "person_id", "id", "a pathway plan on the same day"},
    {"leaver_contact", "person_id", "id", "a care leaver contact on the same day"},
    {"relationship", "person_id", "id", "the same relative, or each other as relatives"},
    {"relationship", "relative_id", "id", "the same relative, or each other as relatives"},
    {"assessment_content", "person_id", "assessment_id", "an assessment"},
    {"assessment_step", "person_id", "id", "an assessment step"},
    {"child_plan", "person_id", "id", "a plan"},
    {"meeting", "person_id", "id", "a meeting"},
    {"case_note_child", "person_id", "note_id", "the same case note"},
    {"legal_hold", "person_id", "id", "a legal hold"},
    {"person_alert", "person_id", "id", "an alert"},
    {"person_address", "person_id", "id", "an address"},
    {"professional", "person_id", "id", "a professional"},
    {"person_change", "person_id", "id", "a change"},
    {"health_record", "person_id", "id", "a health or education check of the same kind on the same day"},
    {"task", "person_id", "id", "a task"},
    {"auth_request", "person_id", "id", "an authorisation request"},
    {"team_move", "person_id", "id", "a move between teams"},
    {"iro_chair", "person_id", "user_id", "the same reviewing officer"},
    {"document", "person_id", "id", "a document"},
    {"exploitation_screening", "person_id", "id", "an exploitation screening"},
    {"exploitation_link", "person_id", "id", "the same person of concern on the same screening"},
    {"missing_home", "person_id", "id", "a missing episode from home starting the same day"},
    {"private_fostering", "person_id", "id", "a private fostering arrangement"},
    {"private_fostering", "carer_id", "id", "a private fostering arrangement with the same carer"},
    {"panel_referral", "person_id", "id", "a panel referral"},
    {"child_voice", "person_id", "id", "the child's voice"},
    {"case_audit", "person_id", "id", "an audit"},
    {"audit_theme_child", "person_id", "theme_id", "the same thematic audit's sample"},
};
enum { N_MOVES = sizeof moves / sizeof moves[0] };

static int merged_away(struct store *s, rec_id id, struct err *e)
{
    int64_t n = 0;
    int rc = DB_INT(store_db(s), e, &n,
                    "SELECT count(*) FROM person_merge WHERE state <> 'undone' AND merged_id = ?", DB_I(id));
    if (rc == HE_OK && n)
        rc = err_at(e, HE_INPUT, NULL, 0, "merge", "One of the records has already been merged into another");
    return rc;
}

/* A detail the kept record lacks is filled from the merged record (an ethnicity "not yet
 * obtained" counts as lacking); merge_detail keeps what was filled and what the kept
 * record held before, so that undoing puts the kept record back as it was. */
static bool lacking(const struct people_field *f, const char *v)
{
    return !v || !*v || (!strcmp(f->key, "ethnicity") && !strcmp(v, "NOBT"));
}

static int merge_details(struct store *s, int64_t merge, rec_id kept, rec_id merged, int64_t by, int64_t now,
                         struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; rc == HE_OK && i < n_people_fields; i++) {
        const struct people_field *f = &people_fields[i];
        char *k = NULL, *m = NULL;
        if ((rc = field_read(s, kept, f, &k, e)) == HE_OK)
            rc = field_read(s, merged, f, &m, e);
        if (rc == HE_OK && lacking(f, k) && !lacking(f, m)) {
            rc = field_write(s, kept, f, m, e);
            if (rc == HE_OK)
                rc = DB_RUN(store_db(s), e,
                            "INSERT INTO merge_detail (merge_id, field, old_value, value) VALUES (?, ?, ?, ?)",
                            DB_I(merge), DB_T(f->key), DB_T(k), DB_T(m));
            if (rc == HE_OK)
                rc = log_change(s, kept, f->key, k, m, by, now, e);
        }
        free(k);
        free(m);
    }
    return rc;
}

/* Put back what merge_details filled. A detail changed on the kept record since the merge
 * is a worker's later decision and stays as they left it. */
static int unmerge_details(struct store *s, int64_t merge, rec_id kept, int64_t by, int64_t now, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT field, old_value, value FROM merge_detail WHERE merge_id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, merge);
    struct {
        const struct people_field *f;
        char *old, *val;
    } v[32];
    int n = 0, r;
    while ((r = db_step(st, e)) == DB_ROW)
        if (n < 32 && (v[n].f = people_field(db_text(st, 0)))) {
            v[n].old = db_is_null(st, 1) ? NULL : xstrdup(db_text(st, 1));
            v[n].val = xstrdup(db_text(st, 2));
            n++;
        }
    db_finalize(st);
    if (r != DB_DONE)
        rc = r;
    for (int i = 0; i < n; i++) {
        char *now_v = NULL;
        if (rc == HE_OK)
            rc = field_read(s, kept, v[i].f, &now_v, e);
        if (rc == HE_OK && now_v && !strcmp(now_v, v[i].val)) {
            rc = field_write(s, kept, v[i].f, v[i].old, e);
            if (rc == HE_OK)
                rc = log_change(s, kept, v[i].f->key, v[i].val, v[i].old, by, now, e);
        }
        free(now_v);
        free(v[i].old);
        free(v[i].val);
    }
    return rc;
}

int people_merge(struct store *s, rec_id kept, rec_id merged, int64_t by, int64_t now, int64_t *id, struct err *e)
{
    *id = 0;
    if (kept == merged)
        return err_at(e, HE_INPUT, NULL, 0, "merge", "A record cannot be merged into itself");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = person_exists(s, kept, e)) == HE_OK && (rc = person_exists(s, merged, e)) == HE_OK &&
        (rc = merged_away(s, kept, e)) == HE_OK)
        rc = merged_away(s, merged, e);
    int64_t rk = 0, rm = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &rk, "SELECT count(*) FROM restriction WHERE person_id = ?", DB_I(kept));
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &rm, "SELECT count(*) FROM restriction WHERE person_id = ?", DB_I(merged));
    if (rc == HE_OK && rm && !rk)
        rc = err_at(e, HE_INPUT, NULL, 0, "merge",
                    "The record to be merged away is restricted and the one kept is not: restrict the kept "
                    "record first");
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, id,
                    "INSERT INTO person_merge (kept_id, merged_id, by_user, at, state) VALUES (?, ?, ?, ?, "
                    "'merged') RETURNING id",
                    DB_I(kept), DB_I(merged), DB_I(by), DB_I(now));
    char sql[200];
    for (int i = 0; rc == HE_OK && i < N_MOVES; i++) {
        snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s = ?", moves[i].key, moves[i].tbl, moves[i].col);
        struct db_stmt *st;
        if ((rc = prep1(s, sql, merged, &st, e)) != HE_OK)
            break;
        int64_t *keys = NULL;
        size_t nk = 0, ck = 0;
        int r;
        while ((r = db_step(st, e)) == DB_ROW) {
            if (nk == ck) {
                ck = ck ? ck * 2 : 64;
                keys = xrealloc(keys, ck * sizeof *keys);
            }
            keys[nk++] = db_int(st, 0);
        }
        db_finalize(st);
        if (r != DB_DONE)
            rc = r;
        for (size_t k = 0; rc == HE_OK && k < nk; k++)
            rc = DB_RUN(store_db(s), e, "INSERT INTO merge_move (merge_id, tbl, col, key_val) VALUES (?, ?, ?, ?)",
                        DB_I(*id), DB_T(moves[i].tbl), DB_T(moves[i].col), DB_I(keys[k]));
        free(keys);
        if (rc == HE_OK && nk) {
            snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE %s = ?", moves[i].tbl, moves[i].col, moves[i].col);
            rc = DB_RUN(store_db(s), e, sql, DB_I(kept), DB_I(merged));
            if (rc == HE_INPUT)
                rc = err_at(e, HE_INPUT, NULL, 0, "merge",
                            "Both records hold %s: change one of them before merging", moves[i].what);
        }
    }
    if (rc == HE_OK)
        rc = merge_details(s, *id, kept, merged, by, now, e);
    if (rc == HE_OK)
        rc = bump_any(s, kept, e);
    return finish(s, rc, e);
}

int people_merge_get(struct store *s, int64_t merge, struct people_merge_state *out, bool *found, struct err *e)
{
    memset(out, 0, sizeof *out);
    *found = false;
    struct db_stmt *st;
    int rc = prep1(s, "SELECT " MERGE_COLS " WHERE m.id = ?", merge, &st, e);
    if (rc != HE_OK)
        return rc;
    int r = db_step(st, e);
    if (r == DB_ROW) {
        read_merge(NULL, st, out);
        *found = true;
        r = DB_DONE;
    }
    db_finalize(st);
    return r == DB_DONE ? HE_OK : r;
}

static int merge_state(struct store *s, int64_t merge, struct people_merge_state *m, struct err *e)
{
    bool found;
    int rc = people_merge_get(s, merge, m, &found, e);
    if (rc == HE_OK && !found)
        rc = err_at(e, HE_INPUT, NULL, 0, "merge", "There is no such merge");
    if (rc == HE_OK && strcmp(m->state, "merged"))
        rc = err_at(e, HE_INPUT, NULL, 0, "merge", "This merge has already been %s",
                    !strcmp(m->state, "confirmed") ? "confirmed" : "undone");
    return rc;
}

int people_merge_undo(struct store *s, int64_t merge, int64_t by, int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct people_merge_state m;
    rc = merge_state(s, merge, &m, e);
    char sql[200];
    for (int i = 0; rc == HE_OK && i < N_MOVES; i++) {
        snprintf(sql, sizeof sql,
                 "UPDATE %s SET %s = ? WHERE %s = ? AND %s IN (SELECT key_val FROM merge_move WHERE merge_id = ? "
                 "AND tbl = ? AND col = ?)",
                 moves[i].tbl, moves[i].col, moves[i].col, moves[i].key);
        rc = DB_RUN(store_db(s), e, sql, DB_I(m.merged), DB_I(m.kept), DB_I(merge), DB_T(moves[i].tbl),
                    DB_T(moves[i].col));
        if (rc == HE_INPUT)
            rc = err_at(e, HE_INPUT, NULL, 0, "merge",
                        "Since the merge, the kept record was given %s that the other record also holds: the "
                        "merge cannot be undone",
                        moves[i].what);
    }
    if (rc == HE_OK)
        rc = unmerge_details(s, merge, m.kept, by, now, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE person_merge SET state = 'undone', done_by = ?, done_at = ? WHERE id = ?",
                    DB_I(by), DB_I(now), DB_I(merge));
    if (rc == HE_OK)
        rc = bump_any(s, m.kept, e);
    return finish(s, rc, e);
}

int people_merge_confirm(struct store *s, int64_t merge, int64_t by, int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct people_merge_state m;
    rc = merge_state(s, merge, &m, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "UPDATE person_merge SET state = 'confirmed', done_by = ?, done_at = ? WHERE id = ?", DB_I(by),
                    DB_I(now), DB_I(merge));
    return finish(s, rc, e);
}
