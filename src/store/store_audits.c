/* store_audits: quality assurance (audits.h) on db.h's portable SQL: the authority's audit
 * questions, case file audits with their answers and the actions set for the worker as
 * tasks (workflow.h), grades by team and month, thematic audits and their random samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/input.h"
#include "audits.h"
#include "store_impl.h"

const struct stage_code audit_grades[] = {
    {"OUTSTANDING", "Outstanding"},
    {"GOOD", "Good"},
    {"RI", "Requires improvement"},
    {"INADEQUATE", "Inadequate"},
};
const int n_audit_grades = 4;
const struct stage_code audit_feedback_froms[] = {
    {"parent", "A parent"},
    {"carer", "A carer"},
    {"young_person", "The young person"},
    {"none", "No feedback was given"},
};
const int n_audit_feedback_froms = 4;
const struct stage_code audit_populations[] = {
    {"open", "Children open to the service"},
    {"cin", "Children in need (no child protection plan, not looked after)"},
    {"cp", "Children on a child protection plan"},
    {"looked_after", "Looked-after children"},
};
const int n_audit_populations = 4;

int audit_grade_index(const char *grade)
{
    for (int i = 0; grade && i < n_audit_grades; i++)
        if (!strcmp(audit_grades[i].code, grade))
            return i;
    return -1;
}

static int done(int rc) { return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc; }

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Text the database may hold: readable, within max characters; required when req. */
static int text_ok(const char *s, size_t max, bool req, const char *field, const char *what, struct err *e)
{
    size_t bad;
    if (!s || !*s)
        return req ? err_at(e, HE_INPUT, NULL, 0, field, "enter %s", what) : HE_OK;
    if (!input_utf8_valid(s, strlen(s), &bad))
        return err_at(e, HE_INPUT, NULL, 0, field, "%s is not readable text", what);
    if (chars(s) > max)
        return err_at(e, HE_INPUT, NULL, 0, field, "%s must be %zu characters or fewer", what, max);
    return HE_OK;
}

static const char *nz(const char *s) { return s && *s ? s : NULL; }

static int refuse(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

/* ---- questions ---------------------------------------------------------------------------- */
static bool is_admin(const struct cw_user *u) { return u->role == ROLE_ADMIN; }

int audit_questions(struct store *s, bool all, struct audit_question **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT id, seq, text, active FROM audit_question WHERE (? = 1 OR active = 1) "
                        "ORDER BY seq, id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, all);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        struct audit_question *q = &(*out)[(*n)++];
        q->id = db_int(st, 0);
        q->seq = (int)db_int(st, 1);
        copy(q->text, sizeof q->text, db_text(st, 2));
        q->active = db_int(st, 3) == 1;
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int audit_question_add(struct store *s, const struct cw_user *u, const char *text, int64_t now, int64_t *id,
                       struct err *e)
{
    *id = 0;
    if (!is_admin(u))
        return err_at(e, HE_INPUT, NULL, 0, "text", "only an administrator may change the audit questions");
    int rc = text_ok(text, AUDIT_QUESTION_MAX, true, "text", "the question", e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    int64_t seq = 0;
    rc = DB_INT(store_db(s), e, &seq, "SELECT coalesce(max(seq), 0) + 1 FROM audit_question");
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, id,
                    "INSERT INTO audit_question (seq, text, active, changed_by, changed_at) VALUES (?, ?, 1, ?, ?) "
                    "RETURNING id",
                    DB_I(seq), DB_T(text), DB_I(u->id), DB_I(now));
    if (rc != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int audit_question_edit(struct store *s, const struct cw_user *u, int64_t id, const char *text, bool active,
                        int64_t now, struct err *e)
{
    if (!is_admin(u))
        return err_at(e, HE_INPUT, NULL, 0, "text", "only an administrator may change the audit questions");
    int rc = text_ok(text, AUDIT_QUESTION_MAX, true, "text", "the question", e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    int64_t changed = 0;
    rc = DB_CHANGES(store_db(s), e, &changed,
                    "UPDATE audit_question SET text = ?, active = ?, changed_by = ?, changed_at = ? WHERE id = ?",
                    DB_T(text), DB_I(active), DB_I(u->id), DB_I(now), DB_I(id));
    if (rc == HE_OK && !changed)
        rc = err_at(e, HE_INPUT, NULL, 0, "text", "there is no such question");
    if (rc != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

/* ---- audits ------------------------------------------------------------------------------- */
static int check_audit(const struct audit_in *in, struct err *e)
{
    int rc;
    if (in->day == DAY_NONE)
        return err_at(e, HE_INPUT, NULL, 0, "day", "enter the date of the audit");
    if (audit_grade_index(in->grade) < 0)
        return err_at(e, HE_INPUT, NULL, 0, "grade", "select the grade of the file");
    if (!in->feedback_from || !stage_label(audit_feedback_froms, n_audit_feedback_froms, in->feedback_from))
        return err_at(e, HE_INPUT, NULL, 0, "feedback_from", "select whose feedback was sought");
    bool none = !strcmp(in->feedback_from, "none");
    if (none && nz(in->feedback))
        return err_at(e, HE_INPUT, NULL, 0, "feedback", "no feedback was given, so leave the feedback empty");
    if ((rc = text_ok(in->feedback, AUDIT_TEXT_MAX, !none, "feedback", "the feedback given", e)) != HE_OK ||
        (rc = text_ok(in->summary, AUDIT_TEXT_MAX, true, "summary", "what the audit found", e)) != HE_OK ||
        (rc = text_ok(in->reflection, AUDIT_TEXT_MAX, false, "reflection", "the worker's reflection", e)) !=
            HE_OK)
        return rc;
    if (in->n_actions > AUDIT_ACTIONS_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "action-1", "at most %d actions at once", AUDIT_ACTIONS_MAX);
    for (int i = 0; i < in->n_answers; i++) {
        char f[32];
        snprintf(f, sizeof f, "q%lld", (long long)in->answers[i].question);
        if (audit_grade_index(in->answers[i].grade) < 0)
            return err_at(e, HE_INPUT, NULL, 0, f, "select a grade for this question");
        if ((rc = text_ok(in->answers[i].comment, AUDIT_TEXT_MAX, false, f, "the comment", e)) != HE_OK)
            return rc;
    }
    return HE_OK;
}

/* Inside the transaction: a task for the worker, linked to the audit. */
static int add_action(struct store *s, const struct cw_user *u, int64_t audit, rec_id person, int64_t worker,
                      const struct audit_action_in *a, int index, int64_t now, int64_t *task, struct err *e)
{
    int rc = wf_task_add_in_txn(s, u, person, worker, a->title, a->due, now, task, e);
    if (rc == HE_INPUT && index > 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        char f[32];
        snprintf(f, sizeof f, "action-%d", index);
        rc = err_at(e, HE_INPUT, NULL, 0, f, "%s", !strcmp(e->field, "assigned")
                                                    ? "the worker is not in your team, so you cannot set them "
                                                      "actions: ask their team manager"
                                                    : msg);
    }
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "INSERT INTO case_audit_action (audit_id, task_id) VALUES (?, ?)", DB_I(audit),
                    DB_I(*task));
    return rc;
}

int audit_add(struct store *s, const struct cw_user *u, const struct audit_in *in, int64_t now, int64_t *id,
              struct err *e)
{
    *id = 0;
    if (u->role != ROLE_TEAM_MANAGER && u->role != ROLE_ADMIN)
        return err_at(e, HE_INPUT, NULL, 0, "grade", "only a team manager or an administrator may audit a file");
    int rc = check_audit(in, e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t team = 0, ok = 0, active = 0;
    rc = DB_INT(d, e, &ok,
                "SELECT count(*) FROM app_user WHERE id = ? AND role IN ('social_worker', 'personal_adviser', "
                "'team_manager')",
                DB_I(in->worker));
    if (rc == HE_OK && !ok)
        rc = err_at(e, HE_INPUT, NULL, 0, "worker", "choose the worker whose work was audited");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &team, "SELECT team_id FROM app_user WHERE id = ?", DB_I(in->worker));
    if (rc == HE_OK && in->theme) {
        rc = DB_INT(d, e, &ok, "SELECT count(*) FROM audit_theme_child WHERE theme_id = ? AND person_id = ?",
                    DB_I(in->theme), DB_I(in->person));
        if (rc == HE_OK && !ok)
            rc = err_at(e, HE_INPUT, NULL, 0, "theme", "this child is not in the thematic audit's sample");
    }
    if (rc == HE_OK)
        rc = DB_INT(d, e, &ok, "SELECT count(*) FROM person WHERE id = ?", DB_I(in->person));
    if (rc == HE_OK && !ok)
        rc = err_at(e, HE_INPUT, NULL, 0, "person", "there is no such child");
    /* every question in use answered, and only those */
    if (rc == HE_OK)
        rc = DB_INT(d, e, &active, "SELECT count(*) FROM audit_question WHERE active = 1");
    if (rc == HE_OK && active == 0)
        rc = err_at(e, HE_INPUT, NULL, 0, "grade",
                    "the authority has no audit questions yet: an administrator adds them first");
    if (rc == HE_OK)
        rc = DB_INT(d, e, id,
                    "INSERT INTO case_audit (person_id, theme_id, day, auditor, worker, team_id, grade, with_worker, "
                    "reflection, feedback_from, feedback, summary, recorded_at) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(in->person), DB_Z(in->theme), DB_I(in->day), DB_I(u->id), DB_I(in->worker), DB_Z(team),
                    DB_T(in->grade), DB_I(in->with_worker), DB_T(nz(in->reflection)), DB_T(in->feedback_from),
                    DB_T(nz(in->feedback)), DB_T(in->summary), DB_I(now));
    for (int i = 0; rc == HE_OK && i < in->n_answers; i++) {
        int64_t changed = 0;
        rc = DB_CHANGES(d, e, &changed,
                        "INSERT INTO case_audit_answer (audit_id, question_id, seq, question, grade, comment) "
                        "SELECT ?, id, seq, text, ?, ? FROM audit_question WHERE id = ? AND active = 1",
                        DB_I(*id), DB_T(in->answers[i].grade), DB_T(nz(in->answers[i].comment)),
                        DB_I(in->answers[i].question));
        if (rc == HE_OK && !changed) {
            char f[32];
            snprintf(f, sizeof f, "q%lld", (long long)in->answers[i].question);
            rc = err_at(e, HE_INPUT, NULL, 0, f, "this question is no longer in use: start the audit again");
        }
    }
    if (rc == HE_OK) {
        int64_t answered = 0;
        rc = DB_INT(d, e, &answered, "SELECT count(*) FROM case_audit_answer WHERE audit_id = ?", DB_I(*id));
        if (rc == HE_OK && answered != active)
            rc = err_at(e, HE_INPUT, NULL, 0, "grade", "grade every question: %lld of %lld are graded",
                        (long long)answered, (long long)active);
    }
    for (int i = 0; rc == HE_OK && i < in->n_actions; i++) {
        int64_t task = 0;
        rc = add_action(s, u, *id, in->person, in->worker, &in->actions[i], i + 1, now, &task, e);
    }
    if (rc != HE_OK) {
        *id = 0;
        return refuse(s, rc);
    }
    return store_commit(s, e);
}

int audit_action_add(struct store *s, const struct cw_user *u, int64_t audit, const struct audit_action_in *a,
                     int64_t now, int64_t *task, struct err *e)
{
    *task = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t person = 0, worker = 0, auditor = 0, team = 0;
    rc = DB_INT(d, e, &person, "SELECT person_id FROM case_audit WHERE id = ?", DB_I(audit));
    if (rc == HE_OK && !person)
        rc = err_at(e, HE_INPUT, NULL, 0, "title", "there is no such audit");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &worker, "SELECT worker FROM case_audit WHERE id = ?", DB_I(audit));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &auditor, "SELECT auditor FROM case_audit WHERE id = ?", DB_I(audit));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &team, "SELECT team_id FROM case_audit WHERE id = ?", DB_I(audit));
    if (rc == HE_OK && auditor != u->id && !(u->role == ROLE_TEAM_MANAGER && team && u->team_id == team) &&
        u->role != ROLE_ADMIN)
        rc = err_at(e, HE_INPUT, NULL, 0, "title", "only the auditor or the worker's team manager sets actions");
    if (rc == HE_OK)
        rc = add_action(s, u, audit, person, worker, a, 0, now, task, e);
    if (rc != HE_OK) {
        *task = 0;
        return refuse(s, rc);
    }
    return store_commit(s, e);
}

#define AUDIT_COLS                                                                                       \
    "SELECT a.id, a.person_id, p.given_name, p.family_name, p.la_child_id, a.theme_id, t.title, a.day, "    \
    "a.auditor, ua.display_name, a.worker, uw.display_name, a.team_id, tm.name, a.grade, a.with_worker, "  \
    "a.feedback_from, a.recorded_at, (SELECT count(*) FROM case_audit_action x WHERE x.audit_id = a.id), " \
    "(SELECT count(*) FROM case_audit_action x JOIN task k ON k.id = x.task_id WHERE x.audit_id = a.id "   \
    "AND k.state = 'done'), a.reflection, a.feedback, a.summary FROM case_audit a JOIN person p ON p.id = " \
    "a.person_id JOIN app_user ua ON ua.id = a.auditor JOIN app_user uw ON uw.id = a.worker LEFT JOIN "    \
    "audit_theme t ON t.id = a.theme_id LEFT JOIN team tm ON tm.id = a.team_id "

static void read_audit(struct db_stmt *st, struct audit *a, bool texts)
{
    memset(a, 0, sizeof *a);
    a->id = db_int(st, 0);
    a->person = db_int(st, 1);
    copy(a->given, sizeof a->given, db_text(st, 2));
    copy(a->family, sizeof a->family, db_text(st, 3));
    copy(a->la, sizeof a->la, db_text(st, 4));
    a->theme = db_int(st, 5);
    copy(a->theme_title, sizeof a->theme_title, db_text(st, 6));
    a->day = (day_t)db_int(st, 7);
    a->auditor = db_int(st, 8);
    copy(a->auditor_name, sizeof a->auditor_name, db_text(st, 9));
    a->worker = db_int(st, 10);
    copy(a->worker_name, sizeof a->worker_name, db_text(st, 11));
    a->team_id = db_int(st, 12);
    copy(a->team, sizeof a->team, db_text(st, 13));
    copy(a->grade, sizeof a->grade, db_text(st, 14));
    a->with_worker = db_int(st, 15) == 1;
    copy(a->feedback_from, sizeof a->feedback_from, db_text(st, 16));
    a->at = db_int(st, 17);
    a->actions = (int)db_int(st, 18);
    a->actions_done = (int)db_int(st, 19);
    if (texts) {
        a->reflection = dup_or_null(db_text(st, 20));
        a->feedback = dup_or_null(db_text(st, 21));
        a->summary = dup_or_null(db_text(st, 22));
    }
}

static void audit_strings_free(struct audit *a)
{
    free(a->reflection);
    free(a->feedback);
    free(a->summary);
    a->reflection = a->feedback = a->summary = NULL;
}

void audits_free(struct audit *a, int n)
{
    for (int i = 0; a && i < n; i++)
        audit_strings_free(&a[i]);
    free(a);
}

void audit_view_free(struct audit_view *v)
{
    audit_strings_free(&v->a);
    for (int i = 0; i < v->n_answers; i++) {
        free(v->answers[i].question_text);
        free(v->answers[i].comment);
    }
    free(v->answers);
    free(v->actions);
    memset(v, 0, sizeof *v);
}

bool audit_may_see(const struct cw_user *u, const struct audit *a)
{
    return u->role == ROLE_ADMIN || u->id == a->auditor || u->id == a->worker ||
           (u->role == ROLE_TEAM_MANAGER && a->team_id && u->team_id == a->team_id);
}

int audit_get(struct store *s, int64_t id, struct audit_view *v, bool *found, struct err *e)
{
    memset(v, 0, sizeof *v);
    *found = false;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), AUDIT_COLS "WHERE a.id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        read_audit(st, &v->a, true);
        *found = true;
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK || !*found)
        return rc;
    if ((rc = db_prepare(store_db(s),
                         "SELECT question_id, seq, question, grade, comment FROM case_audit_answer WHERE audit_id = ? "
                         "ORDER BY seq, question_id",
                         &st, e)) != HE_OK)
        goto fail;
    db_bind_int(st, 1, id);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (v->n_answers == cap) {
            cap = cap ? cap * 2 : 16;
            v->answers = xrealloc(v->answers, (size_t)cap * sizeof *v->answers);
        }
        struct audit_answer *q = &v->answers[v->n_answers++];
        q->question = db_int(st, 0);
        q->seq = (int)db_int(st, 1);
        q->question_text = xstrdup(db_text(st, 2) ? db_text(st, 2) : "");
        copy(q->grade, sizeof q->grade, db_text(st, 3));
        q->comment = dup_or_null(db_text(st, 4));
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK)
        goto fail;
    /* the actions: the worker's tasks, read as workflow reads them */
    int64_t *tasks = NULL;
    size_t nt = 0, tcap = 0;
    if ((rc = db_prepare(store_db(s), "SELECT task_id FROM case_audit_action WHERE audit_id = ? ORDER BY task_id",
                         &st, e)) != HE_OK)
        goto fail;
    db_bind_int(st, 1, id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (nt == tcap) {
            tcap = tcap ? tcap * 2 : 8;
            tasks = xrealloc(tasks, tcap * sizeof *tasks);
        }
        tasks[nt++] = db_int(st, 0);
    }
    db_finalize(st);
    if ((rc = done(rc)) == HE_OK && nt) {
        v->actions = xcalloc(nt, sizeof *v->actions);
        for (size_t i = 0; rc == HE_OK && i < nt; i++) {
            bool f = false;
            rc = wf_task_get(s, tasks[i], &v->actions[v->n_actions], &f, e);
            if (rc == HE_OK && f)
                v->n_actions++;
        }
    }
    free(tasks);
    if (rc == HE_OK)
        return HE_OK;
fail:
    audit_view_free(v);
    *found = false;
    return rc;
}

int audit_list(struct store *s, const struct audit_filter *f, int max, struct audit **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        AUDIT_COLS "WHERE (? = 0 OR a.person_id = ?) AND (? = 0 OR a.theme_id = ?) "
                                   "ORDER BY a.day DESC, a.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, f->person);
    db_bind_int(st, 2, f->person);
    db_bind_int(st, 3, f->theme);
    db_bind_int(st, 4, f->theme);
    *out = xcalloc((size_t)max + 1, sizeof **out);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        read_audit(st, &(*out)[*n], false);
        if (!f->viewer || audit_may_see(f->viewer, &(*out)[*n]))
            (*n)++;
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK) {
        audits_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int audit_grades_by_team_month(struct store *s, day_t from, day_t to, struct audit_grade_row **out, int *n,
                               struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    /* one row per team, day and grade; months are folded here (no portable month in SQL) */
    int rc = db_prepare(store_db(s),
                        "SELECT coalesce(a.team_id, 0), coalesce(t.name, ''), a.day, a.grade, count(*) FROM case_audit a "
                        "LEFT JOIN team t ON t.id = a.team_id WHERE a.day BETWEEN ? AND ? "
                        "GROUP BY coalesce(a.team_id, 0), coalesce(t.name, ''), a.day, a.grade",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int y, m, dd;
        date_to_ymd((day_t)db_int(st, 2), &y, &m, &dd);
        int64_t team = db_int(st, 0);
        int g = audit_grade_index(db_text(st, 3));
        if (g < 0)
            continue;
        int k = 0;
        while (k < *n && !((*out)[k].team_id == team && (*out)[k].year == y && (*out)[k].month == m))
            k++;
        if (k == *n) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                *out = xrealloc(*out, (size_t)cap * sizeof **out);
            }
            memset(&(*out)[k], 0, sizeof **out);
            (*out)[k].team_id = team;
            copy((*out)[k].team, sizeof (*out)[k].team, *db_text(st, 1) ? db_text(st, 1) : "No team");
            (*out)[k].year = y;
            (*out)[k].month = m;
            (*n)++;
        }
        (*out)[k].n[g] += db_int(st, 4);
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    /* months in order, then teams by name */
    for (int i = 1; i < *n; i++)
        for (int j = i; j > 0; j--) {
            struct audit_grade_row *a = &(*out)[j - 1], *b = &(*out)[j];
            int c = a->year != b->year ? a->year - b->year : a->month != b->month ? a->month - b->month
                                                                                   : strcmp(a->team, b->team);
            if (c <= 0)
                break;
            struct audit_grade_row t = *a;
            *a = *b;
            *b = t;
        }
    return HE_OK;
}

/* ---- thematic audits ------------------------------------------------------------------------ */
/* Who is open on a day (bound twice in each test), by population. */
#define OPEN_CIN                                                                                      \
    "EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id AND c.referral_date <= ? AND "        \
    "(c.closure_date IS NULL OR c.closure_date > ?) AND (c.referral_nfa IS NULL OR c.referral_nfa = 0))"
#define OPEN_LA                                                                                       \
    "EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.decom <= ? AND (l.dec IS NULL OR " \
    "l.dec > ?))"
#define OPEN_CP                                                                                       \
    "EXISTS (SELECT 1 FROM cp_plan x JOIN cin_episode c ON c.id = x.episode_id WHERE c.person_id = p.id " \
    "AND x.start <= ? AND (x.end_date IS NULL OR x.end_date > ?))"

static uint64_t next_random(uint64_t *x)
{
    /* splitmix64: a fair draw from a seed, the same on every machine */
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int audit_theme_add(struct store *s, const struct cw_user *u, const struct audit_theme_in *in, int64_t now,
                    int64_t *id, struct err *e)
{
    *id = 0;
    if (u->role != ROLE_TEAM_MANAGER && u->role != ROLE_ADMIN)
        return err_at(e, HE_INPUT, NULL, 0, "title", "only a team manager or an administrator may start an audit");
    int rc = text_ok(in->title, AUDIT_THEME_MAX, true, "title", "the theme", e);
    if (rc == HE_OK)
        rc = text_ok(in->focus, AUDIT_TEXT_MAX, true, "focus", "what the audit looks at", e);
    if (rc != HE_OK)
        return rc;
    const char *pop = in->population ? in->population : "";
    const char *where = !strcmp(pop, "open")           ? "(" OPEN_CIN " OR " OPEN_LA ")"
                        : !strcmp(pop, "cin")          ? "(" OPEN_CIN " AND NOT " OPEN_LA " AND NOT " OPEN_CP ")"
                        : !strcmp(pop, "cp")           ? OPEN_CP
                        : !strcmp(pop, "looked_after") ? OPEN_LA
                                                       : NULL;
    if (!where)
        return err_at(e, HE_INPUT, NULL, 0, "population", "select which children to sample");
    if (in->sample_size < 1 || in->sample_size > AUDIT_SAMPLE_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "size", "the sample must be between 1 and %d children",
                      AUDIT_SAMPLE_MAX);
    if (in->day == DAY_NONE)
        return err_at(e, HE_INPUT, NULL, 0, "title", "the sample needs a day");
    struct buf sql = BUF_INIT;
    buf_adds(&sql, "SELECT p.id FROM person p WHERE ");
    buf_adds(&sql, where);
    buf_adds(&sql, " AND (? = 0 OR EXISTS (SELECT 1 FROM case_team ct WHERE ct.person_id = p.id AND ct.team_id = ?))"
                   " ORDER BY p.id");
    if ((rc = store_begin(s, e)) != HE_OK) {
        buf_free(&sql);
        return rc;
    }
    struct db_stmt *st;
    rc = db_prepare(store_db(s), sql.data, &st, e);
    buf_free(&sql);
    if (rc != HE_OK)
        return refuse(s, rc);
    int k = 1;
    /* the day twice for each test of who is open */
    int days = !strcmp(pop, "cin") ? 6 : !strcmp(pop, "open") ? 4 : 2;
    for (int i = 0; i < days; i++)
        db_bind_int(st, k++, in->day);
    db_bind_int(st, k++, in->team_id);
    db_bind_int(st, k++, in->team_id);
    rec_id *ids = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = db_int(st, 0);
    }
    db_finalize(st);
    if ((rc = done(rc)) == HE_OK && !n)
        rc = err_at(e, HE_INPUT, NULL, 0, "population", "no child is in this group today: choose another");
    size_t take = n < (size_t)in->sample_size ? n : (size_t)in->sample_size;
    /* a partial Fisher-Yates shuffle: the first `take` are a uniform sample */
    uint64_t x = in->seed;
    for (size_t i = 0; rc == HE_OK && i < take; i++) {
        size_t j = i + (size_t)(next_random(&x) % (n - i));
        rec_id t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, id,
                    "INSERT INTO audit_theme (title, focus, population, sample_size, day, created_by, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_T(in->title), DB_T(in->focus), DB_T(pop), DB_I(in->sample_size), DB_I(in->day), DB_I(u->id),
                    DB_I(now));
    for (size_t i = 0; rc == HE_OK && i < take; i++)
        rc = DB_RUN(store_db(s), e, "INSERT INTO audit_theme_child (theme_id, person_id) VALUES (?, ?)", DB_I(*id),
                    DB_I(ids[i]));
    free(ids);
    if (rc != HE_OK) {
        *id = 0;
        return refuse(s, rc);
    }
    return store_commit(s, e);
}

#define THEME_COLS                                                                                    \
    "SELECT t.id, t.title, t.focus, t.population, t.sample_size, t.day, u.display_name, (SELECT "       \
    "count(*) FROM audit_theme_child c WHERE c.theme_id = t.id), (SELECT count(DISTINCT a.person_id) "   \
    "FROM case_audit a WHERE a.theme_id = t.id) FROM audit_theme t JOIN app_user u ON u.id = t.created_by "

static void read_theme(struct db_stmt *st, struct audit_theme *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_int(st, 0);
    copy(t->title, sizeof t->title, db_text(st, 1));
    t->focus = xstrdup(db_text(st, 2) ? db_text(st, 2) : "");
    copy(t->population, sizeof t->population, db_text(st, 3));
    t->sample_size = (int)db_int(st, 4);
    t->day = (day_t)db_int(st, 5);
    copy(t->by, sizeof t->by, db_text(st, 6));
    t->sampled = db_int(st, 7);
    t->audited = db_int(st, 8);
}

void audit_themes_free(struct audit_theme *t, int n)
{
    for (int i = 0; t && i < n; i++)
        free(t[i].focus);
    free(t);
}

int audit_themes(struct store *s, struct audit_theme **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), THEME_COLS "ORDER BY t.id DESC", &st, e);
    if (rc != HE_OK)
        return rc;
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        read_theme(st, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK) {
        audit_themes_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int audit_theme_get(struct store *s, int64_t id, struct audit_theme *t, rec_id **children, int64_t **audits,
                    int *n, bool *found, struct err *e)
{
    memset(t, 0, sizeof *t);
    *children = NULL;
    *audits = NULL;
    *n = 0;
    *found = false;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), THEME_COLS "WHERE t.id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        read_theme(st, t);
        *found = true;
    }
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK || !*found)
        return rc;
    rc = db_prepare(store_db(s),
                    "SELECT c.person_id, (SELECT max(a.id) FROM case_audit a WHERE a.theme_id = c.theme_id AND "
                    "a.person_id = c.person_id) FROM audit_theme_child c WHERE c.theme_id = ? ORDER BY c.person_id",
                    &st, e);
    if (rc == HE_OK) {
        db_bind_int(st, 1, id);
        int cap = 0;
        while ((rc = db_step(st, e)) == DB_ROW) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                *children = xrealloc(*children, (size_t)cap * sizeof **children);
                *audits = xrealloc(*audits, (size_t)cap * sizeof **audits);
            }
            (*children)[*n] = db_int(st, 0);
            (*audits)[*n] = db_int(st, 1);
            (*n)++;
        }
        db_finalize(st);
        rc = done(rc);
    }
    if (rc != HE_OK) {
        free(*children);
        free(*audits);
        *children = NULL;
        *audits = NULL;
        *n = 0;
        free(t->focus);
        t->focus = NULL;
        *found = false;
    }
    return rc;
}
