/* store_content: assessments' text and authorisation, meetings and plans (content.h) on
 * the portable db.h layer. Every write is one transaction: check the record as it is now,
 * bump the record version the form was read at, write, commit; a refusal rolls back
 * everything. Reads never load a plan's actions unless that one plan is asked for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "content.h"
#include "stages.h"
#include "store_impl.h"
#include "workflow.h"

static int fail(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

static int refuse(struct store *s, struct err *e, const char *field, const char *msg)
{
    return fail(s, err_at(e, HE_INPUT, NULL, 0, field, "%s", msg));
}

static bool blank(const char *v) { return !v || !*v; }

static bool in_list(const struct stage_code *list, int n, const char *code)
{
    return code && stage_label(list, n, code) != NULL;
}

static bool is_manager(const struct cw_user *u)
{
    return u->role == ROLE_TEAM_MANAGER || u->role == ROLE_ADMIN;
}

/* ---- assessments ---------------------------------------------------------------------- */
/* Where an assessment stands is worked out from one place, its authorisation requests in
 * the manager's tray (workflow.h): the newest is waiting (submitted), returned or
 * authorised; with none, written text is a draft and nothing written is NULL. */
#define ASSESSMENT_STATUS                                                                       \
    "CASE (SELECT q.state FROM auth_request q WHERE q.kind = 'assessment' AND q.record_id = "  \
    "a.id ORDER BY q.id DESC LIMIT 1) WHEN 'pending' THEN 'submitted' WHEN 'returned' THEN "   \
    "'returned' WHEN 'authorised' THEN 'authorised' ELSE CASE WHEN t.assessment_id IS NULL "   \
    "THEN NULL ELSE 'draft' END END"

/* The assessment's start, authorisation and status ("" when nothing is written), checked
 * to be the person's. */
static int assessment_state(struct store *s, rec_id person, rec_id assessment, day_t *start,
                            day_t *authorised, char status[16], struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT a.start, a.authorised, " ASSESSMENT_STATUS " FROM assessment a JOIN "
                        "cin_episode c ON c.id = a.episode_id LEFT JOIN assessment_content t ON "
                        "t.assessment_id = a.id WHERE a.id = ? AND c.person_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, assessment);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    status[0] = 0;
    if (rc == DB_ROW) {
        *start = (day_t)db_int(st, 0);
        *authorised = (day_t)db_int(st, 1);
        snprintf(status, 16, "%s", db_text(st, 2) ? db_text(st, 2) : "");
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = err_at(e, HE_INPUT, NULL, 0, "assessment", "this child has no such assessment");
    }
    db_finalize(st);
    return rc;
}

/* The worker's own steps (saved, submitted); the manager's decisions are the requests'. */
static int step(struct store *s, rec_id assessment, rec_id person, const char *what, int64_t user,
                int64_t now, struct err *e)
{
    return DB_RUN(store_db(s), e,
                  "INSERT INTO assessment_step (assessment_id, person_id, step, by_user, at) "
                  "VALUES (?, ?, ?, ?, ?)",
                  DB_I(assessment), DB_I(person), DB_T(what), DB_I(user), DB_I(now));
}

int ct_assessment_save(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                       rec_id assessment, const struct ct_assessment_text *t, bool submit,
                       int64_t now, struct err *e)
{
    if (!blank(t->outcome) && !in_list(assessment_outcomes, n_assessment_outcomes, t->outcome))
        return err_at(e, HE_INPUT, NULL, 0, "outcome", "choose the outcome from the list");
    if (submit) {
        static const char *const names[] = {"child_needs", "parenting", "family_env", "analysis",
                                            "wishes", "outcome", "recommendation"};
        static const char *const what[] = {
            "the child's developmental needs", "parenting capacity",
            "family and environmental factors", "the analysis",
            "the child's wishes and feelings", "the outcome", "the recommendation"};
        const char *v[] = {t->child_needs, t->parenting, t->family_env, t->analysis,
                           t->wishes, t->outcome, t->recommendation};
        for (int i = 0; i < 7; i++)
            if (blank(v[i]))
                return err_at(e, HE_INPUT, NULL, 0, names[i],
                              "write %s before submitting the assessment for authorisation", what[i]);
    }
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    day_t start = DAY_NONE, authorised = DAY_NONE;
    char status[16];
    if ((rc = assessment_state(s, person, assessment, &start, &authorised, status, e)) != HE_OK)
        return fail(s, rc);
    if (authorised || !strcmp(status, "authorised"))
        return refuse(s, e, "child_needs", "this assessment is authorised: it can no longer be changed");
    if (!strcmp(status, "submitted"))
        return refuse(s, e, "child_needs",
                      "this assessment is waiting for a manager's decision: it can be changed "
                      "again if it is returned");
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO assessment_content (assessment_id, person_id, child_needs, parenting, "
                "family_env, analysis, wishes, outcome, recommendation, updated_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET "
                "child_needs = excluded.child_needs, parenting = excluded.parenting, family_env = "
                "excluded.family_env, analysis = excluded.analysis, wishes = excluded.wishes, outcome "
                "= excluded.outcome, recommendation = excluded.recommendation, updated_by = "
                "excluded.updated_by, updated_at = excluded.updated_at",
                DB_I(assessment), DB_I(person), DB_T(t->child_needs), DB_T(t->parenting),
                DB_T(t->family_env), DB_T(t->analysis), DB_T(t->wishes),
                DB_T(blank(t->outcome) ? NULL : t->outcome), DB_T(t->recommendation),
                DB_I(u->id), DB_I(now));
    if (rc == HE_OK)
        rc = step(s, assessment, person, submit ? "submitted" : "saved", u->id, now, e);
    int64_t request = 0; /* submitted: into the manager's tray with the text, or neither */
    if (rc == HE_OK && submit)
        rc = wf_request_add_in_txn(s, u, "assessment", person, assessment, NULL, now, &request, e);
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

int ct_assessment_decide(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                         rec_id assessment, bool authorise, const char *comment, day_t day,
                         int64_t now, struct err *e)
{
    if (!is_manager(u))
        return err_at(e, HE_INPUT, NULL, 0, "decision",
                      "only a team manager can authorise or return an assessment");
    if (!authorise && blank(comment))
        return err_at(e, HE_INPUT, NULL, 0, "comment",
                      "say why the assessment is returned, so the worker knows what to change");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    day_t start = DAY_NONE, authorised = DAY_NONE;
    char status[16];
    if ((rc = assessment_state(s, person, assessment, &start, &authorised, status, e)) != HE_OK)
        return fail(s, rc);
    if (authorised)
        return refuse(s, e, "decision", "this assessment is already authorised");
    if (strcmp(status, "submitted"))
        return refuse(s, e, "decision", "this assessment has not been submitted for authorisation");
    if (authorise && day < start)
        return refuse(s, e, "decision", "authorisation cannot be before the assessment started");
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    /* the same decision as from the tray: the waiting request is decided, and the
     * assessment kind's hook dates the authorisation (workflow.h) */
    int64_t request = 0;
    rc = DB_INT(store_db(s), e, &request,
                "SELECT id FROM auth_request WHERE kind = 'assessment' AND record_id = ? AND "
                "person_id = ? AND state = 'pending'",
                DB_I(assessment), DB_I(person));
    if (rc == HE_OK)
        rc = wf_decide_in_txn(s, u, request, authorise, comment, day, now, e);
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

#define GROW(mem, arr, n, cap)                                                    \
    do {                                                                          \
        if ((n) == (cap)) {                                                       \
            (cap) = (cap) ? (cap) * 2 : 8;                                        \
            void *np_ = arena_alloc((mem), (cap) * sizeof *(arr));                \
            if (n)                                                                \
                memcpy(np_, (arr), (n) * sizeof *(arr));                          \
            (arr) = np_;                                                          \
        }                                                                         \
    } while (0)

#define DUP(mem, st, col) arena_strdup((mem), db_text((st), (col)))

static const char assessment_cols[] =
    "SELECT a.id, a.episode_id, a.start, a.authorised, a.factors, t.child_needs, t.parenting, "
    "t.family_env, t.analysis, t.wishes, t.outcome, t.recommendation, " ASSESSMENT_STATUS ", u.display_name, "
    "t.updated_at FROM assessment a JOIN cin_episode c ON c.id = a.episode_id LEFT JOIN "
    "assessment_content t ON t.assessment_id = a.id LEFT JOIN app_user u ON u.id = t.updated_by ";

static void read_assessment(struct arena *m, struct db_stmt *st, struct ct_assessment *a)
{
    *a = (struct ct_assessment){
        .id = db_int(st, 0), .episode = db_int(st, 1), .start = (day_t)db_int(st, 2),
        .authorised = (day_t)db_int(st, 3), .factors = DUP(m, st, 4),
        .text = {DUP(m, st, 5), DUP(m, st, 6), DUP(m, st, 7), DUP(m, st, 8), DUP(m, st, 9),
                 DUP(m, st, 10), DUP(m, st, 11)},
        .status = DUP(m, st, 12), .updated_by = DUP(m, st, 13), .updated_at = db_int(st, 14)};
}

int ct_assessment_get(struct store *s, rec_id person, rec_id assessment,
                      struct ct_assessment_view *v, bool *found, struct err *e)
{
    memset(v, 0, sizeof *v);
    *found = false;
    char sql[2048];
    snprintf(sql, sizeof sql, "%sWHERE a.id = ? AND c.person_id = ?", assessment_cols);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, assessment);
    db_bind_int(st, 2, person);
    if ((rc = db_step(st, e)) == DB_ROW) {
        read_assessment(&v->mem, st, &v->a);
        *found = true;
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    if (!*found)
        return HE_OK;
    if ((rc = db_prepare(store_db(s),
                         "SELECT p.id, p.step, u.display_name, p.at, NULL, 0 FROM assessment_step "
                         "p JOIN app_user u ON u.id = p.by_user WHERE p.assessment_id = ? AND "
                         "p.person_id = ? UNION ALL SELECT q.id, q.state, u.display_name, q.decided_at, "
                         "q.comment, 1 FROM auth_request q JOIN app_user u ON u.id = q.decided_by "
                         "WHERE q.kind = 'assessment' AND q.record_id = ? AND q.person_id = ? AND "
                         "q.state <> 'pending' ORDER BY 4, 6, 1",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, assessment);
    db_bind_int(st, 2, person);
    db_bind_int(st, 3, assessment);
    db_bind_int(st, 4, person);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(&v->mem, v->steps, v->n_steps, cap);
        v->steps[v->n_steps++] = (struct ct_step){db_int(st, 0), DUP(&v->mem, st, 1),
                                                  DUP(&v->mem, st, 2), db_int(st, 3),
                                                  DUP(&v->mem, st, 4)};
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int ct_assessment_list(struct store *s, rec_id person, int max, struct ct_assessment_list *l,
                       struct err *e)
{
    memset(l, 0, sizeof *l);
    char sql[2048];
    snprintf(sql, sizeof sql, "%sWHERE c.person_id = ? ORDER BY a.start DESC, a.id DESC LIMIT ?",
             assessment_cols);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, max);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(&l->mem, l->a, l->n, cap);
        read_assessment(&l->mem, st, &l->a[l->n]);
        /* a list needs the status, not the text */
        l->a[l->n].text = (struct ct_assessment_text){.outcome = l->a[l->n].text.outcome};
        l->n++;
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

void ct_assessment_list_free(struct ct_assessment_list *l)
{
    arena_free(&l->mem);
    memset(l, 0, sizeof *l);
}

/* ---- meetings ------------------------------------------------------------------------- */
static int meeting_put(struct store *s, const struct cw_user *u, rec_id person, const char *kind,
                       const struct ct_meeting_in *m, rec_id s47, rec_id plan, const char *decision,
                       int64_t now, rec_id *id, struct err *e)
{
    int64_t mid = 0;
    int rc = DB_INT(store_db(s), e, &mid,
                    "INSERT INTO meeting (person_id, kind, date, s47_id, plan_id, decision, shared, "
                    "decisions, minutes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?) RETURNING id",
                    DB_I(person), DB_T(kind), DB_I(m->date), DB_Z(s47), DB_Z(plan),
                    DB_T(blank(decision) ? NULL : decision), DB_T(blank(m->shared) ? NULL : m->shared),
                    DB_T(blank(m->decisions) ? NULL : m->decisions),
                    DB_T(blank(m->minutes) ? NULL : m->minutes), DB_I(u->id), DB_I(now));
    for (int i = 0; rc == HE_OK && i < m->n_attendees; i++)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO meeting_attendee (meeting_id, seq, name, agency) VALUES (?, ?, ?, ?)",
                    DB_I(mid), DB_I(i + 1), DB_T(m->attendees[i].name),
                    DB_T(blank(m->attendees[i].agency) ? NULL : m->attendees[i].agency));
    if (id)
        *id = rc == HE_OK ? mid : 0;
    return rc;
}

/* What every meeting needs, checked before anything is written. */
static int meeting_check(const struct ct_meeting_in *m, bool need_attendees, struct err *e)
{
    if (!m->date)
        return err_at(e, HE_INPUT, NULL, 0, "date", "enter the date of the meeting");
    if (m->n_attendees < 0 || m->n_attendees > CT_ATTENDEES_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "attendees", "list at most %d people", CT_ATTENDEES_MAX);
    if (need_attendees && !m->n_attendees)
        return err_at(e, HE_INPUT, NULL, 0, "attendees", "list who took part");
    for (int i = 0; i < m->n_attendees; i++)
        if (blank(m->attendees[i].name))
            return err_at(e, HE_INPUT, NULL, 0, "attendees", "give the name of everyone who took part");
    return HE_OK;
}

static int episode_open(struct store *s, rec_id person, rec_id *episode, day_t *ref, struct err *e)
{
    struct db_stmt *st;
    *episode = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT id, referral_date FROM cin_episode WHERE person_id = ? AND "
                        "closure_date IS NULL ORDER BY referral_date DESC LIMIT 1",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    if ((rc = db_step(st, e)) == DB_ROW) {
        *episode = db_int(st, 0);
        *ref = (day_t)db_int(st, 1);
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int ct_strategy(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                const struct ct_meeting_in *m, const char *decision, int64_t now,
                rec_id *meeting, struct err *e)
{
    int rc = meeting_check(m, true, e);
    if (rc != HE_OK)
        return rc;
    if (!in_list(strategy_decisions, n_strategy_decisions, decision))
        return err_at(e, HE_INPUT, NULL, 0, "decision", "choose what the strategy discussion decided");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    rec_id ep = 0, s47 = 0;
    day_t ref = DAY_NONE;
    if ((rc = episode_open(s, person, &ep, &ref, e)) != HE_OK)
        return fail(s, rc);
    if (!ep)
        return refuse(s, e, "date", "this child has no open episode of need: record a referral first");
    if (m->date < ref) {
        char d[11];
        date_format_uk(ref, d);
        return fail(s, err_at(e, HE_INPUT, NULL, 0, "date",
                              "the strategy discussion cannot be before the referral (%s)", d));
    }
    /* the enquiry still waiting for its conference, if any */
    struct db_stmt *st;
    day_t running_start = DAY_NONE;
    if ((rc = db_prepare(store_db(s),
                         "SELECT id, start FROM s47_enquiry WHERE episode_id = ? AND icpc_date IS NULL "
                         "AND (icpc_not_required IS NULL OR icpc_not_required <> 1) ORDER BY start DESC "
                         "LIMIT 1",
                         &st, e)) != HE_OK)
        return fail(s, rc);
    db_bind_int(st, 1, ep);
    rec_id running = 0;
    if ((rc = db_step(st, e)) == DB_ROW) {
        running = db_int(st, 0);
        running_start = (day_t)db_int(st, 1);
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return fail(s, rc);
    if (!strcmp(decision, "S47") && running)
        return refuse(s, e, "decision",
                      "a section 47 enquiry is already running for this child: record its conference, "
                      "or that no conference is needed");
    if (!strcmp(decision, "NO_ICPC") && !running)
        return refuse(s, e, "decision", "this child has no section 47 enquiry waiting for a conference");
    if (!strcmp(decision, "NO_ICPC") && m->date < running_start)
        return refuse(s, e, "date", "the discussion cannot be before the enquiry started");
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    if (!strcmp(decision, "S47")) {
        struct s47_enquiry q = {.episode = ep, .start = m->date,
                                .icpc_target = clock_due(CLOCK_ICPC, m->date), .icpc_not_required = -1};
        enum put_outcome outcome;
        if ((rc = store_put_s47_enquiry(s, date_year_to_march(m->date), &q, &s47, &outcome, e)) != HE_OK)
            return fail(s, rc);
        if (outcome != PUT_ADDED)
            return refuse(s, e, "date", "a section 47 enquiry starting on this day is already recorded");
    } else if (!strcmp(decision, "NO_ICPC")) {
        s47 = running;
        if ((rc = DB_RUN(store_db(s), e, "UPDATE s47_enquiry SET icpc_not_required = 1 WHERE id = ?",
                         DB_I(running))) != HE_OK)
            return fail(s, rc);
    }
    if ((rc = meeting_put(s, u, person, "STRATEGY", m, s47, 0, decision, now, meeting, e)) != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

int ct_icpc(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id s47,
            const struct ct_meeting_in *m, const char *plan_category, int64_t now,
            rec_id *meeting, struct err *e)
{
    int rc = meeting_check(m, true, e);
    if (rc != HE_OK)
        return rc;
    if (!blank(plan_category) && !in_list(plan_categories, n_plan_categories, plan_category))
        return err_at(e, HE_INPUT, NULL, 0, "category", "choose the plan's category from the list");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT q.episode_id, q.start, q.icpc_date, q.icpc_not_required FROM "
                         "s47_enquiry q JOIN cin_episode c ON c.id = q.episode_id WHERE q.id = ? AND "
                         "c.person_id = ?",
                         &st, e)) != HE_OK)
        return fail(s, rc);
    db_bind_int(st, 1, s47);
    db_bind_int(st, 2, person);
    rec_id episode = 0;
    day_t start = DAY_NONE;
    bool held = false, not_needed = false;
    if ((rc = db_step(st, e)) == DB_ROW) {
        episode = db_int(st, 0);
        start = (day_t)db_int(st, 1);
        held = !db_is_null(st, 2);
        not_needed = db_int(st, 3) == 1;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return refuse(s, e, "date", "this child has no such enquiry");
    if (rc != DB_ROW)
        return fail(s, rc);
    if (held)
        return refuse(s, e, "date", "the initial conference of this enquiry is already recorded");
    if (not_needed)
        return refuse(s, e, "date", "this enquiry found no conference was needed");
    if (m->date < start) {
        char d[11];
        date_format_uk(start, d);
        return fail(s, err_at(e, HE_INPUT, NULL, 0, "date",
                              "the conference cannot be before the strategy discussion (%s)", d));
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    if ((rc = DB_RUN(store_db(s), e, "UPDATE s47_enquiry SET icpc_date = ? WHERE id = ?", DB_I(m->date),
                     DB_I(s47))) != HE_OK)
        return fail(s, rc);
    if (!blank(plan_category)) {
        int64_t before = 0;
        if ((rc = DB_INT(store_db(s), e, &before,
                         "SELECT count(*) FROM cp_plan p JOIN cin_episode c ON c.id = p.episode_id "
                         "WHERE c.person_id = ? AND p.start < ?",
                         DB_I(person), DB_I(m->date))) != HE_OK)
            return fail(s, rc);
        struct cp_plan p = {.episode = episode, .start = m->date, .initial_category = plan_category,
                            .latest_category = plan_category, .previous_plans = (int)before};
        enum put_outcome outcome;
        if ((rc = store_put_cp_plan(s, date_year_to_march(m->date), &p, NULL, &outcome, e)) != HE_OK)
            return fail(s, rc);
        if (outcome != PUT_ADDED)
            return refuse(s, e, "date", "a child protection plan starting on this day is already recorded");
    }
    if ((rc = meeting_put(s, u, person, "ICPC", m, s47, 0, plan_category, now, meeting, e)) != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

/* ---- plans ---------------------------------------------------------------------------- */
static int action_check(const struct ct_action_in *a, day_t from, struct err *e)
{
    if (blank(a->action))
        return err_at(e, HE_INPUT, NULL, 0, "actions", "say what each action is");
    if (blank(a->owner))
        return err_at(e, HE_INPUT, NULL, 0, "actions", "give each action an owner");
    if (!a->due)
        return err_at(e, HE_INPUT, NULL, 0, "actions", "give each action a date");
    if (a->due < from)
        return err_at(e, HE_INPUT, NULL, 0, "actions", "an action cannot be due before the plan starts");
    if (!in_list(action_statuses, n_action_statuses, a->status))
        return err_at(e, HE_INPUT, NULL, 0, "actions", "give each action a status from the list");
    return HE_OK;
}

static int actions_add(struct store *s, rec_id plan, const struct ct_action_in *a, int n,
                       rec_id meeting, const struct cw_user *u, int64_t now, struct err *e)
{
    int64_t seq = 0;
    int rc = DB_INT(store_db(s), e, &seq, "SELECT coalesce(max(seq), 0) FROM plan_action WHERE plan_id = ?",
                    DB_I(plan));
    for (int i = 0; rc == HE_OK && i < n; i++) {
        int64_t id = 0;
        rc = DB_INT(store_db(s), e, &id,
                    "INSERT INTO plan_action (plan_id, seq, action, owner, due, status) VALUES (?, ?, ?, "
                    "?, ?, ?) RETURNING id",
                    DB_I(plan), DB_I(seq + 1 + i), DB_T(a[i].action), DB_T(a[i].owner), DB_I(a[i].due),
                    DB_T(a[i].status));
        if (rc == HE_OK)
            rc = DB_RUN(store_db(s), e,
                        "INSERT INTO plan_action_update (action_id, meeting_id, status, note, by_user, "
                        "at) VALUES (?, ?, ?, ?, ?, ?)",
                        DB_I(id), DB_Z(meeting), DB_T(a[i].status), DB_T("Action added"), DB_I(u->id),
                        DB_I(now));
    }
    return rc;
}

static int open_cp_plan(struct store *s, rec_id person, rec_id *plan, day_t *start, struct err *e)
{
    struct db_stmt *st;
    *plan = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT p.id, p.start FROM cp_plan p JOIN cin_episode c ON c.id = p.episode_id "
                        "WHERE c.person_id = ? AND p.end_date IS NULL ORDER BY p.start DESC LIMIT 1",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    if ((rc = db_step(st, e)) == DB_ROW) {
        *plan = db_int(st, 0);
        *start = (day_t)db_int(st, 1);
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int ct_plan_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                const struct ct_plan_in *p, int64_t now, rec_id *plan, struct err *e)
{
    if (!in_list(plan_kinds, n_plan_kinds, p->kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "choose the kind of plan");
    if (!p->start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "enter the date the plan starts");
    if (blank(p->needs))
        return err_at(e, HE_INPUT, NULL, 0, "needs", "write the child's needs the plan is for");
    if (blank(p->outcomes))
        return err_at(e, HE_INPUT, NULL, 0, "outcomes", "write the outcomes the plan wants");
    if (p->n_actions < 1)
        return err_at(e, HE_INPUT, NULL, 0, "actions", "give the plan at least one action");
    if (p->n_actions > CT_ACTIONS_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "actions", "give at most %d actions", CT_ACTIONS_MAX);
    int rc;
    for (int i = 0; i < p->n_actions; i++)
        if ((rc = action_check(&p->actions[i], p->start, e)) != HE_OK)
            return rc;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    rec_id cp = 0;
    day_t cp_start = DAY_NONE;
    if (!strcmp(p->kind, "CP")) {
        if ((rc = open_cp_plan(s, person, &cp, &cp_start, e)) != HE_OK)
            return fail(s, rc);
        if (!cp)
            return refuse(s, e, "kind",
                          "this child has no open child protection plan: an initial conference decides on one");
        if (p->start < cp_start)
            return refuse(s, e, "start", "the plan cannot start before the conference that decided on it");
    }
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    int64_t id = 0;
    rc = DB_INT(store_db(s), e, &id,
                "INSERT INTO child_plan (person_id, kind, start, needs, outcomes, cp_plan_id, "
                "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(person), DB_T(p->kind), DB_I(p->start), DB_T(p->needs), DB_T(p->outcomes), DB_Z(cp),
                DB_I(u->id), DB_I(now));
    if (rc == HE_OK)
        rc = actions_add(s, id, p->actions, p->n_actions, 0, u, now, e);
    if (rc != HE_OK)
        return fail(s, rc);
    if (plan)
        *plan = id;
    return store_commit(s, e);
}

/* The plan's kind, start and CIN census plan, checked to be the person's. */
static int plan_state(struct store *s, rec_id person, rec_id plan, char kind[16], day_t *start,
                      rec_id *cp, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT kind, start, cp_plan_id FROM child_plan WHERE id = ? AND person_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, plan);
    db_bind_int(st, 2, person);
    if ((rc = db_step(st, e)) == DB_ROW) {
        snprintf(kind, 16, "%s", db_text(st, 0));
        *start = (day_t)db_int(st, 1);
        *cp = db_int(st, 2);
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "this child has no such plan");
    }
    db_finalize(st);
    return rc;
}

/* The returns' own record of the review, checked against the whole record first. */
static int statutory_review(struct store *s, rec_id person, const char *kind, rec_id cp, day_t date,
                            const char *code, struct err *e)
{
    if (strcmp(kind, "RCPC") && strcmp(kind, "LA_REVIEW") && strcmp(kind, "PATHWAY_REVIEW"))
        return HE_OK;
    struct child_file c;
    struct child_extra x;
    int rc = store_load_child(s, person, &c, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = st_load_extra(s, person, &x, e)) != HE_OK) {
        child_file_free(&c);
        return rc;
    }
    if (!strcmp(kind, "RCPC")) {
        if (!cp)
            rc = err_at(e, HE_INPUT, NULL, 0, "date", "this plan has no child protection plan to review");
        else if ((rc = stage_check_cp_review(&c, cp, date, e)) == HE_OK) {
            struct cp_review r = {.plan = cp, .date = date};
            rc = store_put_cp_review(s, date_year_to_march(date), &r, NULL, NULL, e);
        }
    } else if (!strcmp(kind, "LA_REVIEW")) {
        if ((rc = stage_check_la_review(&c, date, code, e)) == HE_OK) {
            struct la_review r = {.person = person, .date = date, .code = code};
            rc = store_put_la_review(s, date_year_to_march(date), &r, NULL, NULL, e);
        }
        if (rc == HE_INPUT && e->field[0] && strcmp(e->field, "date"))
            snprintf(e->field, sizeof e->field, "code");
    } else if ((rc = stage_check_pathway_plan(&c, &x, date, e)) == HE_OK) {
        rc = DB_RUN(store_db(s), e, "INSERT INTO pathway_plan (person_id, date) VALUES (?, ?)",
                    DB_I(person), DB_I(date));
    }
    child_file_free(&c);
    child_extra_free(&x);
    return rc;
}

int ct_plan_meeting(struct store *s, const struct cw_user *u, rec_id person, int64_t seen,
                    rec_id plan, const char *kind, const struct ct_meeting_in *m,
                    const char *la_review_code, const struct ct_action_change *changes,
                    int n_changes, const struct ct_action_in *added, int n_added, int64_t now,
                    rec_id *meeting, struct err *e)
{
    int rc = meeting_check(m, true, e);
    if (rc != HE_OK)
        return rc;
    if (n_added < 0 || n_added > CT_ACTIONS_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "actions", "add at most %d actions", CT_ACTIONS_MAX);
    for (int i = 0; i < n_changes; i++)
        if (!in_list(action_statuses, n_action_statuses, changes[i].status))
            return err_at(e, HE_INPUT, NULL, 0, "actions", "give each action a status from the list");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    char pkind[16];
    day_t start = DAY_NONE;
    rec_id cp = 0;
    if ((rc = plan_state(s, person, plan, pkind, &start, &cp, e)) != HE_OK)
        return fail(s, rc);
    const char *kinds[2];
    int nk = plan_review_kinds(pkind, kinds);
    bool kind_ok = false;
    for (int i = 0; kind && i < nk; i++)
        kind_ok |= !strcmp(kinds[i], kind);
    if (!kind_ok)
        return refuse(s, e, "kind", "choose a meeting that reviews this kind of plan");
    if (m->date < start)
        return refuse(s, e, "date", "the meeting cannot be before the plan started");
    for (int i = 0; i < n_added; i++)
        if ((rc = action_check(&added[i], start, e)) != HE_OK)
            return fail(s, rc);
    if ((rc = statutory_review(s, person, kind, cp, m->date, la_review_code, e)) != HE_OK)
        return fail(s, rc);
    if ((rc = cw_version_bump(s, person, seen, e)) != HE_OK)
        return fail(s, rc);
    rec_id mid = 0;
    if ((rc = meeting_put(s, u, person, kind, m, 0, plan, NULL, now, &mid, e)) != HE_OK)
        return fail(s, rc);
    for (int i = 0; i < n_changes; i++) {
        int64_t changed = 0;
        if ((rc = DB_CHANGES(store_db(s), e, &changed,
                             "UPDATE plan_action SET status = ? WHERE id = ? AND plan_id = ?",
                             DB_T(changes[i].status), DB_I(changes[i].action), DB_I(plan))) != HE_OK)
            return fail(s, rc);
        if (changed != 1)
            return refuse(s, e, "actions", "an action of another plan was given: reload the plan and try again");
        if ((rc = DB_RUN(store_db(s), e,
                         "INSERT INTO plan_action_update (action_id, meeting_id, status, note, by_user, "
                         "at) VALUES (?, ?, ?, ?, ?, ?)",
                         DB_I(changes[i].action), DB_I(mid), DB_T(changes[i].status),
                         DB_T(blank(changes[i].note) ? NULL : changes[i].note), DB_I(u->id),
                         DB_I(now))) != HE_OK)
            return fail(s, rc);
    }
    if ((rc = actions_add(s, plan, added, n_added, mid, u, now, e)) != HE_OK)
        return fail(s, rc);
    if (meeting)
        *meeting = mid;
    return store_commit(s, e);
}

/* ---- reading plans and meetings ----------------------------------------------------- */
static const char plan_cols[] =
    "SELECT p.id, p.kind, p.start, p.needs, p.outcomes, p.cp_plan_id, u.display_name, p.recorded_at, "
    "(SELECT count(*) FROM plan_action a WHERE a.plan_id = p.id), (SELECT count(*) FROM plan_action a "
    "WHERE a.plan_id = p.id AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')), (SELECT max(m.date) FROM "
    "meeting m WHERE m.plan_id = p.id) FROM child_plan p JOIN app_user u ON u.id = p.recorded_by ";

static void read_plan(struct arena *m, struct db_stmt *st, struct ct_plan *p)
{
    *p = (struct ct_plan){.id = db_int(st, 0), .kind = DUP(m, st, 1), .start = (day_t)db_int(st, 2),
                          .needs = DUP(m, st, 3), .outcomes = DUP(m, st, 4), .cp_plan = db_int(st, 5),
                          .by = DUP(m, st, 6), .at = db_int(st, 7), .n_actions = (int)db_int(st, 8),
                          .n_open = (int)db_int(st, 9), .last_reviewed = (day_t)db_int(st, 10)};
}

int ct_plan_list(struct store *s, rec_id person, int offset, int limit, struct ct_plan_page *p,
                 struct err *e)
{
    memset(p, 0, sizeof *p);
    int rc = DB_INT(store_db(s), e, &p->total, "SELECT count(*) FROM child_plan WHERE person_id = ?",
                    DB_I(person));
    if (rc != HE_OK)
        return rc;
    char sql[1024];
    snprintf(sql, sizeof sql, "%sWHERE p.person_id = ? ORDER BY p.start DESC, p.id DESC LIMIT ? OFFSET ?",
             plan_cols);
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s), sql, &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, limit);
    db_bind_int(st, 3, offset);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(&p->mem, p->plans, p->n, cap);
        read_plan(&p->mem, st, &p->plans[p->n++]);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

static const char meeting_cols[] =
    "SELECT m.id, m.kind, m.date, m.s47_id, m.plan_id, m.decision, m.shared, m.decisions, m.minutes, "
    "u.display_name, m.recorded_at FROM meeting m JOIN app_user u ON u.id = m.recorded_by ";

/* Meetings by the SQL's WHERE and ORDER (binding person then a and b), with attendees. */
static int meetings_read(struct store *s, const char *where, int64_t person, int64_t a, int64_t b,
                         struct arena *mem, struct ct_meeting **out, size_t *n, struct err *e)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s%s", meeting_cols, where);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, a);
    db_bind_int(st, 3, b);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(mem, *out, *n, cap);
        (*out)[(*n)++] = (struct ct_meeting){
            .id = db_int(st, 0), .kind = DUP(mem, st, 1), .date = (day_t)db_int(st, 2),
            .s47 = db_int(st, 3), .plan = db_int(st, 4), .decision = DUP(mem, st, 5),
            .shared = DUP(mem, st, 6), .decisions = DUP(mem, st, 7), .minutes = DUP(mem, st, 8),
            .by = DUP(mem, st, 9), .at = db_int(st, 10)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if (!*n)
        return HE_OK;
    if ((rc = db_prepare(store_db(s),
                         "SELECT name, agency FROM meeting_attendee WHERE meeting_id = ? ORDER BY seq",
                         &st, e)) != HE_OK)
        return rc;
    for (size_t i = 0; i < *n && rc == HE_OK; i++) {
        struct ct_meeting *m = &(*out)[i];
        db_reset(st);
        db_bind_int(st, 1, m->id);
        size_t acap = 0;
        while ((rc = db_step(st, e)) == DB_ROW) {
            GROW(mem, m->attendees, m->n_attendees, acap);
            m->attendees[m->n_attendees++] = (struct ct_attendee){DUP(mem, st, 0), DUP(mem, st, 1)};
        }
        rc = rc == DB_DONE ? HE_OK : rc;
    }
    db_finalize(st);
    return rc;
}

int ct_meeting_list(struct store *s, rec_id person, int offset, int limit,
                    struct ct_meeting_page *p, struct err *e)
{
    memset(p, 0, sizeof *p);
    int rc = DB_INT(store_db(s), e, &p->total, "SELECT count(*) FROM meeting WHERE person_id = ?",
                    DB_I(person));
    if (rc != HE_OK)
        return rc;
    return meetings_read(s, "WHERE m.person_id = ? ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?",
                         person, limit, offset, &p->mem, &p->m, &p->n, e);
}

int ct_meeting_get(struct store *s, rec_id person, rec_id meeting, struct ct_meeting_page *p,
                   bool *found, struct err *e)
{
    memset(p, 0, sizeof *p);
    int rc = meetings_read(s, "WHERE m.person_id = ? AND m.id = ? AND ? = 0", person, meeting, 0,
                           &p->mem, &p->m, &p->n, e);
    *found = rc == HE_OK && p->n == 1;
    p->total = (int64_t)p->n;
    return rc;
}

int ct_plan_get(struct store *s, rec_id person, rec_id plan, struct ct_plan_view *v, bool *found,
                struct err *e)
{
    memset(v, 0, sizeof *v);
    *found = false;
    char sql[1200];
    snprintf(sql, sizeof sql, "%sWHERE p.id = ? AND p.person_id = ?", plan_cols);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, plan);
    db_bind_int(st, 2, person);
    if ((rc = db_step(st, e)) == DB_ROW) {
        read_plan(&v->mem, st, &v->p);
        *found = true;
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    if (!*found)
        return HE_OK;
    if ((rc = db_prepare(store_db(s),
                         "SELECT id, seq, action, owner, due, status FROM plan_action WHERE plan_id = ? "
                         "ORDER BY seq",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, plan);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(&v->mem, v->actions, v->n_actions, cap);
        v->actions[v->n_actions++] = (struct ct_action){
            db_int(st, 0), (int)db_int(st, 1), DUP(&v->mem, st, 2), DUP(&v->mem, st, 3),
            (day_t)db_int(st, 4), DUP(&v->mem, st, 5)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = db_prepare(store_db(s),
                         "SELECT h.id, h.action_id, h.meeting_id, h.status, h.note, u.display_name, "
                         "h.at FROM plan_action_update h JOIN plan_action a ON a.id = h.action_id JOIN "
                         "app_user u ON u.id = h.by_user WHERE a.plan_id = ? ORDER BY h.id",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, plan);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        GROW(&v->mem, v->updates, v->n_updates, cap);
        v->updates[v->n_updates++] = (struct ct_action_update){
            db_int(st, 0), db_int(st, 1), db_int(st, 2), DUP(&v->mem, st, 3), DUP(&v->mem, st, 4),
            DUP(&v->mem, st, 5), db_int(st, 6)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    return meetings_read(s, "WHERE m.person_id = ? AND m.plan_id = ? AND ? = 0 ORDER BY m.date DESC, m.id DESC",
                         person, plan, 0, &v->mem, &v->meetings, &v->n_meetings, e);
}
