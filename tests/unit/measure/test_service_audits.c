/* The wider service's "quality assurance" figures (figures_audits.c) on both stores, at their
 * boundaries: audits counted by the day they were done (the period's first and last days in,
 * the days either side out) with their grades, done with the worker, with feedback; the
 * actions of the period's audits done of those not cancelled; actions open past their due
 * date now (due today is not overdue); thematic samples drawn in the period and audited. */
#include <math.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/audits.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/workflow.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user admin, tm, sw;
    rec_id kid[3];
    int64_t q;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("sa.db");
    fx_user(f, "admin", "admin", ROLE_ADMIN, NULL, &f->admin);
    fx_user(f, "tm", "tm", ROLE_TEAM_MANAGER, "North", &f->tm);
    fx_user(f, "sw", "sw", ROLE_SOCIAL_WORKER, "North", &f->sw);
    struct err e;
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "K%d", i);
        f->kid[i] = fx_child(f, &f->sw, name, D(2015, 1, 1), "F", D(2025, 1, 5));
        assert_int_equal(DB_RUN(store_db(f->s), &e,
                                "INSERT INTO cin_episode (person_id, referral_date, src_year) VALUES (?, ?, 2025)",
                                DB_I(f->kid[i]), DB_I(D(2025, 1, 5))),
                         HE_OK);
    }
    assert_int_equal(audit_question_add(f->s, &f->admin, "Is the child's voice heard?", 10, &f->q, &e), HE_OK);
    *state = f;
    return 0;
}

static int64_t audit(struct fx *f, day_t day, const char *grade, bool with_worker, bool feedback, int64_t theme,
                     rec_id kid, const struct audit_action_in *act, int n_act)
{
    struct err e;
    struct audit_answer_in a = {.question = f->q, .grade = grade};
    struct audit_in in = {.person = kid, .theme = theme, .day = day, .worker = f->sw.id, .grade = grade,
                          .with_worker = with_worker, .feedback_from = feedback ? "young_person" : "none",
                          .feedback = feedback ? "Fine." : NULL, .summary = "Seen.", .answers = &a, .n_answers = 1,
                          .actions = act, .n_actions = n_act};
    int64_t id;
    assert_int_equal(audit_add(f->s, &f->tm, &in, 100, &id, &e), HE_OK);
    return id;
}

static void test_audits(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 3, 31);
    struct audit_action_in acts[3] = {{"One", to}, {"Two", to}, {"Three", to}};
    audit(f, from - 1, "INADEQUATE", true, true, 0, f->kid[0], NULL, 0); /* out */
    int64_t a1 = audit(f, from, "OUTSTANDING", true, false, 0, f->kid[0], acts, 3);
    audit(f, to, "RI", false, true, 0, f->kid[1], NULL, 0);
    audit(f, D(2026, 2, 1), "GOOD", true, true, 0, f->kid[2], NULL, 0);
    audit(f, to + 1, "INADEQUATE", true, true, 0, f->kid[0], NULL, 0); /* out */
    struct audit_view v;
    bool found;
    assert_int_equal(audit_get(f->s, a1, &v, &found, &e), HE_OK);
    assert_int_equal(wf_task_close(f->s, &f->sw, v.actions[0].id, true, NULL, 200, &e), HE_OK);
    assert_int_equal(wf_task_close(f->s, &f->sw, v.actions[1].id, false, "No longer needed", 200, &e), HE_OK);
    audit_view_free(&v);
    struct service_result r;
    int a = area("audits");
    assert_int_equal(service_compute(f->s, a, from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "audits")->value, 3);
    assert_int_equal(fig(&r, "good_or_better")->value, 2);
    assert_int_equal(fig(&r, "good_or_better")->denominator, 3);
    assert_int_equal(fig(&r, "outstanding")->value, 1);
    assert_int_equal(fig(&r, "good")->value, 1);
    assert_int_equal(fig(&r, "requires_improvement")->value, 1);
    assert_int_equal(fig(&r, "inadequate")->value, 0);
    assert_int_equal(fig(&r, "with_worker")->value, 2);
    assert_int_equal(fig(&r, "with_feedback")->value, 2);
    assert_int_equal(fig(&r, "actions_done")->value, 1);       /* one done */
    assert_int_equal(fig(&r, "actions_done")->denominator, 2); /* the cancelled one is not counted */
    assert_int_equal(fig(&r, "actions_overdue")->value, 0);    /* due today */
    assert_int_equal(service_compute(f->s, a, from, to, to + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "actions_overdue")->value, 1);
}

static void test_themes(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 3, 31);
    struct audit_theme_in t = {.title = "Neglect", .focus = "Early help offered?", .population = "open",
                               .sample_size = 3, .day = from, .seed = 1};
    int64_t in_period, before, after;
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &in_period, &e), HE_OK);
    t.day = from - 1;
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &before, &e), HE_OK);
    t.day = to + 1;
    assert_int_equal(audit_theme_add(f->s, &f->tm, &t, 50, &after, &e), HE_OK);
    audit(f, D(2026, 2, 1), "GOOD", true, true, in_period, f->kid[0], NULL, 0);
    audit(f, D(2026, 2, 2), "GOOD", true, true, in_period, f->kid[0], NULL, 0); /* the same child again */
    audit(f, D(2026, 2, 1), "GOOD", true, true, before, f->kid[1], NULL, 0);
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("audits"), from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "theme_sample_audited")->value, 1);
    assert_int_equal(fig(&r, "theme_sample_audited")->denominator, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_audits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_themes, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_audits", tests, NULL, NULL);
}
