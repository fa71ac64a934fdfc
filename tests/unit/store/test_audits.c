/* Quality assurance (store/audits.h) on both stores: only an administrator keeps the
 * questions; an audit answers every question in use, keeps each question as it was asked,
 * and sets the worker's actions as tasks in the same transaction (a refused audit leaves no
 * audit, answer or task); who may see an audit; grades by team and month; a thematic audit's
 * sample drawn from the children open that day, the same for the same seed, and an audit
 * under it only of a sampled child. */
#include "teststore.h"

#include "store/audits.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "store/workflow.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user admin, tm, sw, tm2, sw2, analyst;
    rec_id kid[4];
    int64_t q[3];
};

#include "testfixture.h"

static int setup(void **state)
{
    struct fx *f = fx_new("a.db");
    struct err e;
    fx_user(f, "admin", "admin", ROLE_ADMIN, NULL, &f->admin);
    fx_user(f, "tm", "tm", ROLE_TEAM_MANAGER, "North", &f->tm);
    fx_user(f, "sw", "sw", ROLE_SOCIAL_WORKER, "North", &f->sw);
    fx_user(f, "tm2", "tm2", ROLE_TEAM_MANAGER, "South", &f->tm2);
    fx_user(f, "sw2", "sw2", ROLE_SOCIAL_WORKER, "South", &f->sw2);
    fx_user(f, "analyst", "analyst", ROLE_ANALYST, NULL, &f->analyst);
    const char *names[4] = {"Amy", "Ben", "Cal", "Dee"};
    for (int i = 0; i < 4; i++) {
        struct cw_new_child nc = {.given = names[i], .family = "Lee", .dob = D(2015, 1, 1 + i), .sex = "F"};
        rec_id contact;
        assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2026, 1, 5), "6", "x", 5, &f->kid[i],
                                           &contact, &e), HE_OK);
    }
    const char *qs[3] = {"Is the child's voice heard?", "Is the plan SMART?", "Is management oversight clear?"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(audit_question_add(f->s, &f->admin, qs[i], 10, &f->q[i], &e), HE_OK);
    *state = f;
    return 0;
}

static int64_t count(struct fx *f, const char *table)
{
    struct err e;
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE 1 = ?", table);
    int64_t n = -1;
    assert_int_equal(DB_INT(store_db(f->s), &e, &n, sql, DB_I(1)), HE_OK);
    return n;
}

static void test_questions(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    assert_int_equal(audit_question_add(f->s, &f->tm, "Is the chronology up to date?", 20, &id, &e), HE_INPUT);
    assert_int_equal(audit_question_edit(f->s, &f->tm, f->q[0], "Changed", true, 20, &e), HE_INPUT);
    assert_int_equal(audit_question_add(f->s, &f->admin, "", 20, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "text");
    assert_int_equal(audit_question_edit(f->s, &f->admin, f->q[1], "Is the plan specific and measurable?", true, 20,
                                         &e), HE_OK);
    assert_int_equal(audit_question_edit(f->s, &f->admin, f->q[2], "Is management oversight clear?", false, 20, &e),
                     HE_OK);
    assert_int_equal(audit_question_edit(f->s, &f->admin, 999, "No such", true, 20, &e), HE_INPUT);
    struct audit_question *q;
    int n;
    assert_int_equal(audit_questions(f->s, false, &q, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(q[1].text, "Is the plan specific and measurable?");
    free(q);
    assert_int_equal(audit_questions(f->s, true, &q, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    assert_false(q[2].active);
    free(q);
}

static struct audit_in base(struct fx *f, struct audit_answer_in *ans)
{
    for (int i = 0; i < 3; i++)
        ans[i] = (struct audit_answer_in){.question = f->q[i], .grade = i ? "GOOD" : "RI", .comment = i ? NULL : "Thin."};
    return (struct audit_in){.person = f->kid[0], .day = D(2026, 2, 10), .worker = f->sw.id, .grade = "GOOD",
                             .with_worker = true, .reflection = "I will see Amy alone.", .feedback_from = "parent",
                             .feedback = "The worker listens.", .summary = "A good file.", .answers = ans,
                             .n_answers = 3};
}

static void test_audit(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_answer_in ans[3];
    struct audit_in in = base(f, ans);
    struct audit_action_in act[2] = {{"See Amy alone on the next visit", D(2026, 2, 24)},
                                     {"Update the chronology", D(2026, 3, 1)}};
    in.actions = act;
    in.n_actions = 2;
    int64_t id;
    assert_int_equal(audit_add(f->s, &f->tm, &in, 100, &id, &e), HE_OK);
    /* the question reworded afterwards: the audit keeps it as asked */
    assert_int_equal(audit_question_edit(f->s, &f->admin, f->q[0], "Reworded", true, 200, &e), HE_OK);
    struct audit_view v;
    bool found;
    assert_int_equal(audit_get(f->s, id, &v, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(v.a.grade, "GOOD");
    assert_string_equal(v.a.team, "North");
    assert_string_equal(v.a.worker_name, "sw");
    assert_string_equal(v.a.feedback, "The worker listens.");
    assert_int_equal(v.n_answers, 3);
    assert_string_equal(v.answers[0].question_text, "Is the child's voice heard?");
    assert_string_equal(v.answers[0].grade, "RI");
    assert_string_equal(v.answers[0].comment, "Thin.");
    assert_null(v.answers[1].comment);
    assert_int_equal(v.n_actions, 2);
    assert_int_equal(v.actions[0].assigned_to, f->sw.id);
    assert_string_equal(v.actions[0].state, "open");
    assert_int_equal(v.a.actions, 2);
    assert_int_equal(v.a.actions_done, 0);
    int64_t task = v.actions[0].id;
    audit_view_free(&v);
    /* the worker does it on their task list: the audit sees it done */
    assert_int_equal(wf_task_close(f->s, &f->sw, task, true, NULL, 300, &e), HE_OK);
    assert_int_equal(audit_get(f->s, id, &v, &found, &e), HE_OK);
    assert_int_equal(v.a.actions_done, 1);
    audit_view_free(&v);
    /* another action later: the auditor or the worker's manager, no one else */
    struct audit_action_in more = {"Core group notes", D(2026, 3, 10)};
    assert_int_equal(audit_action_add(f->s, &f->sw, id, &more, 400, &task, &e), HE_INPUT);
    assert_int_equal(audit_action_add(f->s, &f->tm2, id, &more, 400, &task, &e), HE_INPUT);
    assert_int_equal(audit_action_add(f->s, &f->tm, id, &more, 400, &task, &e), HE_OK);
    assert_int_equal(count(f, "case_audit_action"), 3);

    /* who may see it */
    assert_int_equal(audit_get(f->s, id, &v, &found, &e), HE_OK);
    assert_true(audit_may_see(&f->admin, &v.a));
    assert_true(audit_may_see(&f->tm, &v.a));
    assert_true(audit_may_see(&f->sw, &v.a));
    assert_false(audit_may_see(&f->sw2, &v.a));
    assert_false(audit_may_see(&f->tm2, &v.a));
    assert_false(audit_may_see(&f->analyst, &v.a));
    audit_view_free(&v);
    struct audit *list;
    int n;
    struct audit_filter fl = {.person = f->kid[0], .viewer = &f->sw2};
    assert_int_equal(audit_list(f->s, &fl, 10, &list, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    audits_free(list, n);
    fl.viewer = &f->sw;
    assert_int_equal(audit_list(f->s, &fl, 10, &list, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].actions, 3);
    audits_free(list, n);
}

static void refused(struct fx *f, const struct cw_user *u, const struct audit_in *in, const char *field)
{
    struct err e;
    err_clear(&e);
    int64_t id = 5;
    assert_int_equal(audit_add(f->s, u, in, 100, &id, &e), HE_INPUT);
    assert_string_equal(e.field, field);
    assert_int_equal(id, 0);
    assert_int_equal(count(f, "case_audit"), 0);
    assert_int_equal(count(f, "case_audit_answer"), 0);
    assert_int_equal(count(f, "case_audit_action"), 0);
    assert_int_equal(count(f, "task"), 0);
}

static void test_refusals(void **state)
{
    struct fx *f = *state;
    struct audit_answer_in ans[3];
    struct audit_action_in act = {"See Amy alone", D(2026, 2, 24)};
    struct audit_in in = base(f, ans);
    in.actions = &act;
    in.n_actions = 1;
    refused(f, &f->sw, &in, "grade"); /* a social worker does not audit */
    in.n_answers = 2;                 /* a question left out */
    refused(f, &f->tm, &in, "grade");
    in = base(f, ans);
    ans[1].grade = "FAIR";
    refused(f, &f->tm, &in, "q2");
    in = base(f, ans);
    in.grade = "";
    refused(f, &f->tm, &in, "grade");
    in = base(f, ans);
    in.feedback = "";
    refused(f, &f->tm, &in, "feedback");
    in.feedback_from = "none";
    in.feedback = "Said";
    refused(f, &f->tm, &in, "feedback");
    in = base(f, ans);
    in.summary = NULL;
    refused(f, &f->tm, &in, "summary");
    in = base(f, ans);
    in.worker = f->analyst.id;
    refused(f, &f->tm, &in, "worker");
    in = base(f, ans);
    in.worker = f->sw2.id; /* another team's worker: no actions from this manager */
    in.actions = &act;
    in.n_actions = 1;
    refused(f, &f->tm, &in, "action-1");
    in = base(f, ans);
    act.title = "";
    in.actions = &act;
    in.n_actions = 1;
    refused(f, &f->tm, &in, "action-1");
    in = base(f, ans);
    in.theme = 1; /* no such theme, so the child is not in its sample */
    refused(f, &f->tm, &in, "theme");
    /* a question retired while the form was open */
    in = base(f, ans);
    struct err e;
    assert_int_equal(audit_question_edit(f->s, &f->admin, f->q[2], "Is management oversight clear?", false, 20, &e),
                     HE_OK);
    refused(f, &f->tm, &in, "q3");
}

static void test_grades(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_answer_in ans[3];
    struct {
        const struct cw_user *auditor, *worker;
        day_t day;
        const char *grade;
    } rows[] = {
        {&f->tm, &f->sw, D(2026, 1, 31), "GOOD"},         {&f->tm, &f->sw, D(2026, 1, 1), "OUTSTANDING"},
        {&f->tm2, &f->sw2, D(2026, 1, 15), "INADEQUATE"}, {&f->tm, &f->sw, D(2026, 2, 1), "RI"},
        {&f->tm, &f->sw, D(2025, 12, 31), "GOOD"},        {&f->admin, &f->sw, D(2026, 2, 28), "GOOD"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct audit_in in = base(f, ans);
        in.worker = rows[i].worker->id;
        in.day = rows[i].day;
        in.grade = rows[i].grade;
        int64_t id;
        assert_int_equal(audit_add(f->s, rows[i].auditor, &in, 100, &id, &e), HE_OK);
    }
    struct audit_grade_row *g;
    int n;
    assert_int_equal(audit_grades_by_team_month(f->s, D(2026, 1, 1), D(2026, 2, 28), &g, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    assert_string_equal(g[0].team, "North");
    assert_int_equal(g[0].month, 1);
    assert_int_equal(g[0].n[0], 1);
    assert_int_equal(g[0].n[1], 1);
    assert_string_equal(g[1].team, "South");
    assert_int_equal(g[1].n[3], 1);
    assert_string_equal(g[2].team, "North");
    assert_int_equal(g[2].month, 2);
    assert_int_equal(g[2].n[1], 1); /* the administrator's audit counts for the worker's team */
    assert_int_equal(g[2].n[2], 1);
    free(g);
}

static void open_episode(struct fx *f, rec_id kid, day_t referral, day_t closure, int nfa)
{
    struct err e;
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO cin_episode (person_id, referral_date, closure_date, referral_nfa, src_year) "
                            "VALUES (?, ?, ?, ?, 2026)",
                            DB_I(kid), DB_I(referral), DB_Z(closure), DB_I(nfa)),
                     HE_OK);
}

static void test_theme(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t day = D(2026, 3, 1);
    open_episode(f, f->kid[0], D(2026, 1, 10), 0, 0);
    open_episode(f, f->kid[1], D(2026, 1, 10), day + 1, 0); /* closes tomorrow: open today */
    open_episode(f, f->kid[2], D(2026, 1, 10), day, 0);     /* closed today: not open */
    open_episode(f, f->kid[3], D(2026, 1, 10), 0, 1);       /* no further action */
    struct audit_theme_in t = {.title = "Neglect", .focus = "Is neglect seen early?", .population = "open",
                               .sample_size = 10, .day = day, .seed = 7};
    int64_t all, one, again;
    assert_int_equal(audit_theme_add(f->s, &f->sw, &t, 50, &all, &e), HE_INPUT);
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &all, &e), HE_OK);
    struct audit_theme th;
    rec_id *kids;
    int64_t *audited;
    int n;
    bool found;
    assert_int_equal(audit_theme_get(f->s, all, &th, &kids, &audited, &n, &found, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(kids[0], f->kid[0]);
    assert_int_equal(kids[1], f->kid[1]);
    free(th.focus);
    free(kids);
    free(audited);
    t.sample_size = 1;
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &one, &e), HE_OK);
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &again, &e), HE_OK);
    rec_id first, second;
    assert_int_equal(audit_theme_get(f->s, one, &th, &kids, &audited, &n, &found, &e), HE_OK);
    assert_int_equal(n, 1);
    first = kids[0];
    free(th.focus);
    free(kids);
    free(audited);
    assert_int_equal(audit_theme_get(f->s, again, &th, &kids, &audited, &n, &found, &e), HE_OK);
    second = kids[0];
    free(th.focus);
    free(kids);
    free(audited);
    assert_int_equal(first, second); /* the same seed, the same draw */
    /* nobody in the group: refused, nothing kept */
    int64_t before = count(f, "audit_theme"), none;
    t.population = "looked_after";
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &none, &e), HE_INPUT);
    assert_string_equal(e.field, "population");
    t.population = "everyone";
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &none, &e), HE_INPUT);
    assert_string_equal(e.field, "population");
    t.population = "open";
    t.sample_size = 0;
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &none, &e), HE_INPUT);
    assert_string_equal(e.field, "size");
    assert_int_equal(count(f, "audit_theme"), before);
    /* an audit under the theme: only of a sampled child */
    struct audit_answer_in ans[3];
    struct audit_in in = base(f, ans);
    in.theme = all;
    in.person = f->kid[2];
    int64_t id;
    assert_int_equal(audit_add(f->s, &f->tm, &in, 100, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "theme");
    in.person = f->kid[1];
    assert_int_equal(audit_add(f->s, &f->tm, &in, 100, &id, &e), HE_OK);
    assert_int_equal(audit_theme_get(f->s, all, &th, &kids, &audited, &n, &found, &e), HE_OK);
    assert_int_equal(th.sampled, 2);
    assert_int_equal(th.audited, 1);
    assert_int_equal(audited[0], 0);
    assert_int_equal(audited[1], id);
    free(th.focus);
    free(kids);
    free(audited);
    struct audit_theme *list;
    assert_int_equal(audit_themes(f->s, &list, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(list[2].id, all);
    audit_themes_free(list, n);
}

/* Deleting a child's record (retention) takes its audits, their answers and actions, its
 * place in thematic samples and its voice with it; the questions and the themes stay. */
static void test_delete(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_answer_in ans[3];
    struct audit_in in = base(f, ans);
    struct audit_action_in act = {"See Amy alone", D(2026, 2, 24)};
    in.actions = &act;
    in.n_actions = 1;
    int64_t id, theme;
    assert_int_equal(audit_add(f->s, &f->tm, &in, 100, &id, &e), HE_OK);
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO cin_episode (person_id, referral_date, src_year) VALUES (?, ?, 2026)",
                            DB_I(f->kid[0]), DB_I(D(2026, 1, 5))),
                     HE_OK);
    struct audit_theme_in t = {.title = "Voice", .focus = "Heard?", .population = "open", .sample_size = 5,
                               .day = D(2026, 2, 1), .seed = 3};
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &theme, &e), HE_OK);
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO meeting (person_id, kind, date, recorded_by, recorded_at) VALUES "
                            "(?, 'LA_REVIEW', ?, ?, 1)",
                            DB_I(f->kid[0]), DB_I(D(2026, 2, 1)), DB_I(f->sw.id)),
                     HE_OK);
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO child_voice (person_id, meeting_id, day, how, words, recorded_by, "
                            "recorded_at) SELECT person_id, id, date, 'said', 'Hi', recorded_by, 1 FROM meeting "
                            "WHERE person_id = ?",
                            DB_I(f->kid[0])),
                     HE_OK);
    assert_int_equal(tr_delete_person(f->s, f->kid[0], "test", D(2026, 5, 31), "test", 1, &e), HE_OK);
    assert_int_equal(count(f, "case_audit"), 0);
    assert_int_equal(count(f, "case_audit_answer"), 0);
    assert_int_equal(count(f, "case_audit_action"), 0);
    assert_int_equal(count(f, "audit_theme_child"), 0);
    assert_int_equal(count(f, "child_voice"), 0);
    assert_int_equal(count(f, "audit_theme"), 1);
    assert_int_equal(count(f, "audit_question"), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_questions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grades, setup, teardown),
        cmocka_unit_test_setup_teardown(test_theme, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "audits", tests, NULL, NULL);
}
