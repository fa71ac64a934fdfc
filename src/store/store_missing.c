/* store_missing: missing episodes of every child (missing.h). A looked-after child's episode
 * goes through stages.h (the SSDA903 rules and table, unchanged); a child at home's goes to
 * missing_home under the same kind of checks. Both then run one hook in the same
 * transaction: where the child was found, and the repeat-missing alert and task. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../date/date.h"
#include "../util/buf.h"
#include "missing.h"
#include "stages.h"
#include "store_impl.h"
#include "workflow.h"

const struct stage_code missing_places[] = {
    {"HOME", "At home or at their placement"},
    {"FRIEND", "At a friend's address"},
    {"RELATIVE", "With a relative"},
    {"ADULT", "At the address of an adult not known to the family"},
    {"PUBLIC", "In a public place"},
    {"POLICE", "Found by the police"},
    {"HOSPITAL", "At hospital"},
    {"OUT_OF_AREA", "Out of the area"},
    {"SELF", "Came back by themselves; where they were is not known"},
    {"OTHER", "Somewhere else"},
};
const int n_missing_places = sizeof missing_places / sizeof missing_places[0];

static char *uk(day_t d, char *b) /* 12 bytes */
{
    date_format_uk(d, b);
    return b;
}

bool mis_repeat(const day_t *starts, int n, day_t day)
{
    for (int i = 0; i + MIS_REPEAT_EPISODES - 1 < n; i++) {
        day_t first = starts[i], last = starts[i + MIS_REPEAT_EPISODES - 1];
        if (last - first < MIS_REPEAT_DAYS && day >= first && day <= last)
            return true;
    }
    return false;
}

static day_t day_col(struct db_stmt *st, int c) { return db_is_null(st, c) ? DAY_NONE : (day_t)db_int(st, c); }
static int flag_col(struct db_stmt *st, int c) { return db_is_null(st, c) ? -1 : (int)db_int(st, c); }

static int by_start_desc(const void *a, const void *b)
{
    const struct mis_episode *x = a, *y = b;
    return x->start != y->start ? (x->start < y->start ? 1 : -1) : (x->id < y->id ? 1 : -1);
}

int mis_list(struct store *s, rec_id person, struct mis_list *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    static const char *const sql[2] = {
        "SELECT m.id, 1, m.kind, m.start, m.end_date, f.found, r.offered, r.offered_date, r.accepted, "
        "r.interview_date FROM missing_episode m LEFT JOIN missing_found f ON f.missing_id = m.id LEFT JOIN "
        "return_interview r ON r.missing_id = m.id WHERE m.person_id = ?",
        "SELECT id, 0, 'M', start_date, end_date, found, offered, offered_date, accepted, interview_date "
        "FROM missing_home WHERE person_id = ?"};
    int cap = 0;
    for (int q = 0; q < 2; q++) {
        struct db_stmt *st;
        int rc = db_prepare(store_db(s), sql[q], &st, e), r;
        if (rc != HE_OK)
            return rc;
        db_bind_int(st, 1, person);
        while ((r = db_step(st, e)) == DB_ROW) {
            if (out->n == cap) {
                cap = cap ? cap * 2 : 8;
                struct mis_episode *nv = arena_alloc(&out->mem, (size_t)cap * sizeof *nv);
                if (out->n)
                    memcpy(nv, out->v, (size_t)out->n * sizeof *nv);
                out->v = nv;
            }
            struct mis_episode *m = &out->v[out->n++];
            m->id = db_int(st, 0);
            m->in_care = db_int(st, 1) == 1;
            m->kind = arena_strdup(&out->mem, db_text(st, 2));
            m->start = day_col(st, 3);
            m->end = day_col(st, 4);
            m->found = arena_strdup(&out->mem, db_text(st, 5));
            m->offered = flag_col(st, 6);
            m->offered_date = day_col(st, 7);
            m->accepted = flag_col(st, 8);
            m->interview = day_col(st, 9);
        }
        db_finalize(st);
        if (r != DB_DONE)
            return r;
    }
    if (out->n > 1)
        qsort(out->v, (size_t)out->n, sizeof *out->v, by_start_desc);
    return HE_OK;
}

void mis_list_free(struct mis_list *l)
{
    arena_free(&l->mem);
    memset(l, 0, sizeof *l);
}

static int place_ok(const char *found, struct err *e)
{
    if (found && *found && !stage_label(missing_places, n_missing_places, found))
        return err_at(e, HE_INPUT, NULL, 0, "found", "Choose where the child was found from the list");
    return HE_OK;
}

/* ---- the hook both kinds of episode run in their transaction -------------------------- */
struct after {
    const struct cw_user *u;
    rec_id person;
    day_t start, end, today;
    const char *found;
    int64_t now;
    bool in_care;
    struct mis_outcome *out;
};

/* Every start of the child's episodes, both tables, sorted (*out malloc'd). */
static int starts_of(struct store *s, rec_id person, day_t **out, int *n, struct err *e)
{
    int64_t *v;
    *out = NULL;
    int rc = DB_INTS(store_db(s), e, &v, n,
                     "SELECT start FROM missing_episode WHERE person_id = ? UNION ALL "
                     "SELECT start_date FROM missing_home WHERE person_id = ?",
                     DB_I(person), DB_I(person));
    if (rc != HE_OK)
        return rc;
    *out = xmalloc((size_t)(*n ? *n : 1) * sizeof **out);
    for (int i = 0; i < *n; i++)
        (*out)[i] = (day_t)v[i];
    free(v);
    return HE_OK;
}

static int repeat_check(struct store *s, struct after *a, struct err *e)
{
    day_t *starts;
    int n;
    int rc = starts_of(s, a->person, &starts, &n, e);
    if (rc != HE_OK)
        return rc;
    bool repeat = mis_repeat(starts, n, a->start);
    free(starts);
    if (!repeat)
        return HE_OK;
    if (a->out)
        a->out->repeat = true;
    char b[12], reason[200];
    snprintf(reason, sizeof reason, "Missing %d times in %d days (the latest from %s)", MIS_REPEAT_EPISODES,
             MIS_REPEAT_DAYS, uk(a->start, b));
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO person_alert (person_id, kind, reason, start, end_date, by_user, at) VALUES "
                "(?, 'MISSING', ?, ?, ?, ?, ?)",
                DB_I(a->person), DB_T(reason), DB_I(a->start), DB_I(a->start + MIS_REPEAT_DAYS - 1),
                DB_I(a->u->id), DB_I(a->now));
    int64_t open = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &open,
                    "SELECT count(*) FROM task WHERE person_id = ? AND state = 'open' AND title = ?",
                    DB_I(a->person), DB_T(MIS_TASK_TITLE));
    int64_t task = 0;
    if (rc == HE_OK && !open)
        rc = wf_task_add_in_txn(s, a->u, a->person, a->u->id, MIS_TASK_TITLE, a->today + 1, a->now, &task, e);
    if (rc == HE_OK && a->out)
        a->out->task = task;
    return rc;
}

static int after_care(struct store *s, rec_id missing, void *ctx, struct err *e)
{
    struct after *a = ctx;
    int64_t clash = 0;
    /* a looked-after episode must not overlap one from home either */
    int rc = DB_INT(store_db(s), e, &clash,
                    "SELECT count(*) FROM missing_home WHERE person_id = ? AND start_date <= ? AND "
                    "(end_date IS NULL OR end_date >= ?)",
                    DB_I(a->person), DB_I(a->end ? a->end : a->start), DB_I(a->start));
    if (rc == HE_OK && clash)
        rc = err_at(e, HE_INPUT, NULL, 0, "start",
                    "A missing episode from home overlaps these dates: record its return first");
    if (rc == HE_OK && a->found && *a->found)
        rc = DB_RUN(store_db(s), e, "INSERT INTO missing_found (missing_id, found) VALUES (?, ?)", DB_I(missing),
                    DB_T(a->found));
    if (a->out)
        a->out->id = missing;
    return rc == HE_OK ? repeat_check(s, a, e) : rc;
}

/* The rules for an episode from home, against the child's record as it is now. */
static int check_home(struct store *s, rec_id person, const struct child_file *c, const struct mis_new *m,
                      struct err *e)
{
    char b[12], b2[12];
    if (m->kind && !strcmp(m->kind, "A"))
        return err_at(e, HE_INPUT, NULL, 0, "kind",
                      "The child was not looked after on %s: only a looked-after child can be away from a "
                      "placement; choose missing",
                      uk(m->start, b));
    if (!m->kind || strcmp(m->kind, "M"))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "Choose whether the child was missing or away without authorisation");
    if (c->person.dob && m->start < c->person.dob)
        return err_at(e, HE_INPUT, NULL, 0, "start", "A missing episode cannot start before the child was born (%s)",
                      uk(c->person.dob, b));
    if (m->end && m->end < m->start)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The date the child came back cannot be before the date they went "
                                                   "missing (%s)",
                      uk(m->start, b));
    if (m->found && *m->found && !m->end)
        return err_at(e, HE_INPUT, NULL, 0, "found", "Give where the child was found only once they are back");
    for (size_t k = 0; k < c->n_missing; k++) {
        const struct missing_episode *x = &c->missing[k];
        if (!x->end)
            return err_at(e, HE_INPUT, NULL, 0, "start",
                          "The child is recorded as missing since %s; record their return first", uk(x->start, b));
        if (m->start <= x->end && (m->end ? m->end : m->start) >= x->start)
            return err_at(e, HE_INPUT, NULL, 0, "start", "A missing episode from %s to %s overlaps these dates",
                          uk(x->start, b), uk(x->end, b2));
    }
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT start_date, end_date FROM missing_home WHERE person_id = ?", &st, e), r;
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while ((r = db_step(st, e)) == DB_ROW) {
        day_t xs = day_col(st, 0), xe = day_col(st, 1);
        if (!xe)
            rc = err_at(e, HE_INPUT, NULL, 0, "start", "The child is recorded as missing since %s; record their "
                                                       "return first",
                        uk(xs, b));
        else if (m->start <= xe && (m->end ? m->end : m->start) >= xs)
            rc = err_at(e, HE_INPUT, NULL, 0, "start", "A missing episode from %s to %s overlaps these dates",
                        uk(xs, b), uk(xe, b2));
        if (rc != HE_OK)
            break;
    }
    db_finalize(st);
    return rc != HE_OK ? rc : r == DB_DONE ? HE_OK : r;
}

int mis_record(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, const struct mis_new *m,
               day_t today, int64_t now, struct mis_outcome *out, struct err *e)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!m->start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date the child went missing");
    int rc = place_ok(m->found, e);
    if (rc != HE_OK)
        return rc;
    struct after a = {u, person, m->start, m->end, today, m->found, now, false, out};
    /* looked after on the day they went missing: the SSDA903 episode, through the stages */
    struct child_file c;
    if ((rc = store_load_child(s, person, &c, e)) != HE_OK)
        return rc;
    bool in_care = stage_la_on(&c, m->start) >= 0;
    child_file_free(&c);
    if (in_care) {
        if (m->found && *m->found && !m->end)
            return err_at(e, HE_INPUT, NULL, 0, "found", "Give where the child was found only once they are back");
        a.in_care = true;
        if (out)
            out->in_care = true;
        return st_missing_then(s, person, seen, m->start, m->end, m->kind, NULL, after_care, &a, e);
    }
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    if ((rc = store_load_child(s, person, &c, e)) != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    rc = check_home(s, person, &c, m, e);
    child_file_free(&c);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    int64_t id = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &id,
                    "INSERT INTO missing_home (person_id, start_date, end_date, found, by_user, at) VALUES "
                    "(?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(person), DB_I(m->start), DB_Z(m->end), DB_T(m->found && *m->found ? m->found : NULL),
                    DB_I(u->id), DB_I(now));
    if (rc == HE_OK && out)
        out->id = id;
    if (rc == HE_OK)
        rc = repeat_check(s, &a, e);
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        if (out)
            memset(out, 0, sizeof *out);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- the return ------------------------------------------------------------------------ */
static int after_return(struct store *s, rec_id missing, void *ctx, struct err *e)
{
    const char *found = ctx;
    if (!found || !*found)
        return HE_OK;
    return DB_RUN(store_db(s), e,
                  "INSERT INTO missing_found (missing_id, found) VALUES (?, ?) ON CONFLICT (missing_id) DO "
                  "UPDATE SET found = excluded.found",
                  DB_I(missing), DB_T(found));
}

/* The interview's answers, as stage_check_return asks them of a looked-after child. */
static int check_interview(const struct mis_return *r, struct err *e)
{
    char b[12];
    if (r->offered < 0) {
        if (r->offered_date || r->accepted >= 0 || r->interview)
            return err_at(e, HE_INPUT, NULL, 0, "offered", "Say whether a return home interview was offered");
        return HE_OK;
    }
    if (!r->offered) {
        if (r->offered_date || r->interview)
            return err_at(e, HE_INPUT, NULL, 0, "offered_date", "Give the dates only when an interview was offered");
        return HE_OK;
    }
    if (!r->offered_date)
        return err_at(e, HE_INPUT, NULL, 0, "offered_date", "Enter the date the interview was offered");
    if (r->offered_date < r->end)
        return err_at(e, HE_INPUT, NULL, 0, "offered_date",
                      "The interview cannot be offered before the child came back (%s)", uk(r->end, b));
    if (r->accepted < 0)
        return err_at(e, HE_INPUT, NULL, 0, "accepted", "Say whether the child accepted the interview");
    if (r->accepted && r->interview && r->interview < r->offered_date)
        return err_at(e, HE_INPUT, NULL, 0, "interview", "The interview cannot be before it was offered (%s)",
                      uk(r->offered_date, b));
    if (!r->accepted && r->interview)
        return err_at(e, HE_INPUT, NULL, 0, "interview", "Give an interview date only when the child accepted");
    return HE_OK;
}

int mis_return(struct store *s, rec_id person, int64_t seen, int64_t id, bool in_care, const struct mis_return *r,
               struct err *e)
{
    int rc = place_ok(r->found, e);
    if (rc != HE_OK)
        return rc;
    if (in_care)
        return st_missing_return_then(s, person, seen, id, r->end, r->offered, r->offered_date, r->accepted,
                                      r->interview, after_return, (void *)r->found, e);
    if (!r->end)
        return err_at(e, HE_INPUT, NULL, 0, "end", "Enter the date the child came back");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db_stmt *st;
    day_t start = 0, end = 0;
    bool found = false;
    if ((rc = db_prepare(store_db(s), "SELECT start_date, end_date FROM missing_home WHERE id = ? AND person_id = ?",
                         &st, e)) == HE_OK) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, person);
        int x = db_step(st, e);
        if (x == DB_ROW) {
            found = true;
            start = day_col(st, 0);
            end = day_col(st, 1);
        } else if (x != DB_DONE)
            rc = x;
        db_finalize(st);
    }
    char b[12];
    if (rc == HE_OK && !found)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "This child has no such missing episode");
    if (rc == HE_OK && end && r->end != end)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The return is already recorded on %s", uk(end, b));
    if (rc == HE_OK && r->end < start)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The return cannot be before the child went missing (%s)",
                    uk(start, b));
    if (rc == HE_OK)
        rc = check_interview(r, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "UPDATE missing_home SET end_date = ?, found = coalesce(?, found), offered = ?, offered_date = ?, "
                    "accepted = ?, interview_date = ? WHERE id = ? AND person_id = ?",
                    DB_I(r->end), DB_T(r->found && *r->found ? r->found : NULL),
                    r->offered < 0 ? DB_T(NULL) : DB_I(r->offered), DB_Z(r->offered_date),
                    r->offered == 1 && r->accepted >= 0 ? DB_I(r->accepted) : DB_T(NULL), DB_Z(r->interview),
                    DB_I(id), DB_I(person));
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

int mis_children(struct store *s, day_t born_from, day_t born_to, day_t from, day_t to, struct mis_child **out,
                 int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT p.id, p.dob, p.sex, (SELECT count(*) FROM la_episode l WHERE l.person_id = p.id AND "
                        "l.decom <= ? AND (l.dec IS NULL OR l.dec >= ?)) FROM person p WHERE p.dob BETWEEN ? AND ? "
                        "ORDER BY p.id",
                        &st, e),
        r, cap = 0;
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, from);
    db_bind_int(st, 3, born_from);
    db_bind_int(st, 4, born_to);
    while ((r = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            struct mis_child *nv = realloc(*out, (size_t)cap * sizeof *nv);
            if (!nv) {
                r = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
            *out = nv;
        }
        const char *sex = db_text(st, 2);
        (*out)[(*n)++] = (struct mis_child){db_int(st, 0), (day_t)db_int(st, 1), sex && *sex ? sex[0] : 'U',
                                            db_int(st, 3) > 0};
    }
    db_finalize(st);
    if (r != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return r;
    }
    return HE_OK;
}
