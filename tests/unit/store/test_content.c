/* The content of the work (store/content.h) on both stores: an assessment's text saved,
 * submitted, returned with a reason, amended and authorised (the clock stops); a strategy
 * discussion deciding on a section 47 enquiry or not, or that no conference is needed; the
 * conference with its attendees; a plan with actions reviewed at the first core group
 * (whose clock runs, then stops) and at a review conference; every refusal writes nothing,
 * a stale record version is refused; plans are listed in pages with their counts. */
#include "teststore.h"

#include "model/journey.h"
#include "store/casework.h"
#include "store/content.h"
#include "store/stages.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "store/workflow.h"
#include "trust/sar.h"

#include <jansson.h>

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user worker, manager;
    rec_id child, episode;
};

#include "testfixture.h"

static int64_t version(struct fx *f) { return fx_version(f, f->child); }

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "sam", "Sam Worker", ROLE_SOCIAL_WORKER, "Assessment North", &f->worker);
    fx_user(f, "mo", "Mo Manager", ROLE_TEAM_MANAGER, "Assessment North", &f->manager);
    f->child = fx_referred(f, &f->manager, "S", D(2015, 6, 1), D(2026, 1, 5), &f->episode);
    *state = f;
    return 0;
}

static day_t due_of(struct fx *f, enum clock_id id, day_t today) { return fx_due(f, f->child, id, today); }

static void test_assessment(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(cw_start_assessment(f->s, f->child, version(f), f->episode, D(2026, 1, 6), NULL, &e),
                     HE_OK);
    struct ct_assessment_list l;
    assert_int_equal(ct_assessment_list(f->s, f->child, 10, &l, &e), HE_OK);
    assert_int_equal(l.n, 1);
    rec_id a = l.a[0].id;
    assert_null(l.a[0].status); /* nothing written yet */
    ct_assessment_list_free(&l);

    struct ct_assessment_text t = {.child_needs = "Meets milestones; missed two dental checks.",
                                   .parenting = "Mother engages; father's drinking worries school.",
                                   .analysis = "Risk is reducing."};
    /* a draft may be partial; submitting needs every part */
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, false, 100, &e), HE_OK);
    /* written in hearth: the one-click authorisation of an assessment from the returns is refused */
    assert_int_equal(cw_authorise_assessment(f->s, &f->manager, f->child, version(f), a, D(2026, 2, 1), &e),
                     HE_INPUT);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 101, &e), HE_INPUT);
    assert_string_equal(e.field, "family_env");
    t.family_env = "Overcrowded flat; grandmother nearby.";
    t.wishes = "\"I want my dad to stop shouting.\"";
    t.outcome = "MAYBE";
    t.recommendation = "A child in need plan.";
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 101, &e), HE_INPUT);
    assert_string_equal(e.field, "outcome");
    t.outcome = "CIN";
    int64_t v = version(f);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, v - 1, a, &t, true, 101, &e), HE_INPUT);
    assert_string_equal(e.field, "version");
    struct ct_assessment_view av;
    bool found;
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(av.a.status, "draft"); /* the refusals wrote nothing */
    assert_null(av.a.text.family_env);
    assert_int_equal(av.n_steps, 1);
    ct_assessment_view_free(&av);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, v, a, &t, true, 102, &e), HE_OK);

    /* submitted: the worker cannot change it; a worker cannot decide; a return needs a reason */
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, false, 103, &e), HE_INPUT);
    assert_int_equal(ct_assessment_decide(f->s, &f->worker, f->child, version(f), a, true, NULL, D(2026, 2, 1),
                                          104, &e), HE_INPUT);
    assert_int_equal(ct_assessment_decide(f->s, &f->manager, f->child, version(f), a, false, "", D(2026, 2, 1),
                                          104, &e), HE_INPUT);
    assert_string_equal(e.field, "comment");
    assert_int_equal(ct_assessment_decide(f->s, &f->manager, f->child, version(f), a, false,
                                          "Say what the school told you.", D(2026, 2, 1), 105, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ASSESSMENT, D(2026, 2, 1)) != 0, 1);
    /* amended and submitted again, then authorised */
    t.analysis = "Risk is reducing: the school reports better attendance.";
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, false, 106, &e), HE_OK);
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "returned"); /* saved, still the returned one */
    ct_assessment_view_free(&av);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 107, &e), HE_OK);
    assert_int_equal(ct_assessment_decide(f->s, &f->manager, f->child, version(f), a, true, "Good analysis.",
                                          D(2026, 2, 3), 108, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ASSESSMENT, D(2026, 2, 3)), 0);
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "authorised");
    assert_int_equal(av.a.authorised, D(2026, 2, 3));
    assert_string_equal(av.a.text.wishes, "\"I want my dad to stop shouting.\"");
    assert_string_equal(av.a.text.analysis, "Risk is reducing: the school reports better attendance.");
    const char *steps[] = {"saved", "submitted", "returned", "saved", "submitted", "authorised"};
    assert_int_equal(av.n_steps, 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(av.steps[i].step, steps[i]);
    assert_string_equal(av.steps[2].comment, "Say what the school told you.");
    assert_string_equal(av.steps[2].by, "Mo Manager");
    ct_assessment_view_free(&av);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, false, 109, &e), HE_INPUT);
    /* another child's assessment is not this child's */
    assert_int_equal(ct_assessment_get(f->s, f->child + 1, a, &av, &found, &e), HE_OK);
    assert_false(found);
    ct_assessment_view_free(&av);
}

static void test_child_protection(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct ct_attendee who[] = {{"Sam Worker", "Children's services"}, {"PC Jones", "Police"},
                                {"Dr Shah", NULL}};
    struct ct_meeting_in m = {.date = D(2026, 1, 12), .attendees = who, .n_attendees = 3,
                              .shared = "Police attended twice in December.", .minutes = "Agreed."};
    rec_id mid;
    /* no enquiry: no conference clock */
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "NO_S47", 200, &mid, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ICPC, D(2026, 1, 12)), 0);
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "NO_ICPC", 200, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "decision");
    struct ct_meeting_in empty = {.date = D(2026, 1, 13)};
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &empty, "S47", 200, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "attendees");
    m.date = D(2026, 1, 13);
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "S47", 201, &mid, &e), HE_OK);
    day_t icpc_due = due_of(f, CLOCK_ICPC, D(2026, 1, 13));
    assert_int_equal(icpc_due, clock_due(CLOCK_ICPC, D(2026, 1, 13)));
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "S47", 201, &mid, &e), HE_INPUT);

    struct ct_meeting_page mp;
    bool found;
    assert_int_equal(ct_meeting_get(f->s, f->child, mid, &mp, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(mp.m[0].decision, "S47");
    assert_int_equal(mp.m[0].n_attendees, 3);
    assert_string_equal(mp.m[0].attendees[1].agency, "Police");
    assert_null(mp.m[0].attendees[2].agency);
    assert_string_equal(mp.m[0].shared, "Police attended twice in December.");
    rec_id s47 = mp.m[0].s47;
    assert_true(s47 > 0);
    ct_meeting_page_free(&mp);

    /* the conference decides on a plan: the first core group is due in 10 working days */
    struct ct_meeting_in conf = {.date = D(2026, 1, 27), .attendees = who, .n_attendees = 2,
                                 .decisions = "Child protection plan: neglect.", .minutes = "Long minutes."};
    assert_int_equal(ct_icpc(f->s, &f->worker, f->child, version(f), s47, &conf, "XYZ", 300, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "category");
    assert_int_equal(ct_icpc(f->s, &f->worker, f->child, version(f), s47, &conf, "NEG", 300, &mid, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ICPC, D(2026, 1, 27)), 0);
    assert_int_equal(due_of(f, CLOCK_CORE_GROUP, D(2026, 1, 27)), clock_due(CLOCK_CORE_GROUP, D(2026, 1, 27)));
    assert_int_equal(ct_icpc(f->s, &f->worker, f->child, version(f), s47, &conf, "NEG", 300, &mid, &e), HE_INPUT);

    /* the plan */
    struct ct_action_in acts[] = {{"Refer to parenting course", "Sam Worker", D(2026, 2, 20), "NOT_STARTED"},
                                  {"Dental check", "Mother", D(2026, 3, 1), "IN_PROGRESS"}};
    struct ct_plan_in p = {.kind = "CP", .start = D(2026, 1, 27), .needs = "Neglect of health.",
                           .outcomes = "Teeth treated; school every day.", .actions = acts, .n_actions = 2};
    struct ct_plan_in bad = p;
    bad.needs = "";
    rec_id plan;
    assert_int_equal(ct_plan_add(f->s, &f->worker, f->child, version(f), &bad, 400, &plan, &e), HE_INPUT);
    assert_string_equal(e.field, "needs");
    bad = p;
    struct ct_action_in early[] = {{"X", "Y", D(2026, 1, 1), "DONE"}};
    bad.actions = early;
    bad.n_actions = 1;
    assert_int_equal(ct_plan_add(f->s, &f->worker, f->child, version(f), &bad, 400, &plan, &e), HE_INPUT);
    assert_string_equal(e.field, "actions");
    assert_int_equal(ct_plan_add(f->s, &f->worker, f->child, version(f), &p, 400, &plan, &e), HE_OK);

    /* the first core group reviews the actions and stops its clock */
    struct ct_plan_view pv;
    assert_int_equal(ct_plan_get(f->s, f->child, plan, &pv, &found, &e), HE_OK);
    assert_true(found);
    assert_int_equal(pv.n_actions, 2);
    assert_true(pv.p.cp_plan > 0);
    struct ct_action_change ch[] = {{pv.actions[0].id, "IN_PROGRESS", "Booked for March."},
                                    {pv.actions[1].id, "DONE", NULL}};
    ct_plan_view_free(&pv);
    struct ct_meeting_in cg = {.date = D(2026, 2, 5), .attendees = who, .n_attendees = 3,
                               .minutes = "Core group minutes."};
    assert_int_equal(ct_plan_meeting(f->s, &f->worker, f->child, version(f), plan, "CIN_REVIEW", &cg, NULL, ch, 2,
                                     NULL, 0, 500, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(ct_plan_meeting(f->s, &f->worker, f->child, version(f), plan, "CORE_GROUP", &cg, NULL, ch, 2,
                                     NULL, 0, 500, &mid, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_CORE_GROUP, D(2026, 2, 5)), 0);

    /* the review conference: the CIN census review, an action updated and one added */
    assert_int_equal(ct_plan_get(f->s, f->child, plan, &pv, &found, &e), HE_OK);
    struct ct_action_change ch2[] = {{pv.actions[0].id, "DONE", "Course finished."}};
    ct_plan_view_free(&pv);
    struct ct_action_in more[] = {{"Health visitor check", "Health visitor", D(2026, 5, 1), "NOT_STARTED"}};
    struct ct_meeting_in rc = {.date = D(2026, 4, 20), .attendees = who, .n_attendees = 2,
                               .decisions = "Plan continues."};
    assert_int_equal(ct_plan_meeting(f->s, &f->worker, f->child, version(f) - 1, plan, "RCPC", &rc, NULL, ch2, 1,
                                     more, 1, 600, &mid, &e), HE_INPUT);
    assert_string_equal(e.field, "version");
    assert_int_equal(ct_plan_meeting(f->s, &f->worker, f->child, version(f), plan, "RCPC", &rc, NULL, ch2, 1,
                                     more, 1, 600, &mid, &e), HE_OK);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_cp_reviews, 1);
    assert_int_equal(cf.cp_reviews[0].date, D(2026, 4, 20));
    child_file_free(&cf);
    assert_int_equal(ct_plan_get(f->s, f->child, plan, &pv, &found, &e), HE_OK);
    assert_int_equal(pv.n_actions, 3);
    assert_string_equal(pv.actions[0].status, "DONE");
    assert_string_equal(pv.actions[1].status, "DONE");
    assert_string_equal(pv.actions[2].action, "Health visitor check");
    assert_int_equal(pv.p.n_open, 1);
    assert_int_equal(pv.p.last_reviewed, D(2026, 4, 20));
    /* history: 2 added, 2 at the core group, 1 changed and 1 added at the review */
    assert_int_equal(pv.n_updates, 6);
    assert_string_equal(pv.updates[2].note, "Booked for March.");
    assert_string_equal(pv.updates[2].status, "IN_PROGRESS");
    assert_int_equal(pv.n_meetings, 2);
    assert_string_equal(pv.meetings[0].kind, "RCPC");
    ct_plan_view_free(&pv);

    /* the subject access bundle holds it all, people other than the child marked for review */
    char out[600];
    snprintf(out, sizeof out, "%s/sar", f->dir);
    struct sar_summary sum;
    assert_int_equal(sar_write(f->s, f->child, out, D(2026, 5, 1), 700, &sum, &e), HE_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/subject-access.json", out);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    assert_non_null(root);
    json_t *recs = json_object_get(root, "records");
    json_t *meetings = json_object_get(recs, "meetings");
    assert_int_equal(json_array_size(meetings), 5); /* two strategy discussions, conference, core group, review */
    json_t *first = json_array_get(meetings, 0);
    assert_string_equal(json_string_value(json_object_get(first, "shared")), "Police attended twice in December.");
    json_t *pc = json_object_get(json_array_get(json_object_get(first, "attendees"), 1), "person");
    assert_string_equal(json_string_value(json_object_get(pc, "name")), "PC Jones");
    assert_true(json_is_true(json_object_get(pc, "third_party")));
    json_t *plan0 = json_array_get(json_object_get(recs, "plans"), 0);
    assert_int_equal(json_array_size(json_object_get(plan0, "actions")), 3);
    assert_int_equal(json_array_size(json_object_get(plan0, "action_history")), 6);
    assert_string_equal(json_string_value(json_object_get(plan0, "needs")), "Neglect of health.");
    json_decref(root);
    snprintf(path, sizeof path, "%s/subject-access.html", out);
    FILE *fh = fopen(path, "r");
    assert_non_null(fh);
    char buf[65536];
    size_t nr = fread(buf, 1, sizeof buf - 1, fh);
    buf[nr] = 0;
    fclose(fh);
    assert_non_null(strstr(buf, "<mark>PC Jones</mark>"));

    /* a retention deletion takes the content too */
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2026, 5, 31), "test", 1, &e), HE_OK);
    struct ct_plan_page pg;
    assert_int_equal(ct_plan_list(f->s, f->child, 0, 10, &pg, &e), HE_OK);
    assert_int_equal(pg.total, 0);
    ct_plan_page_free(&pg);
    assert_int_equal(ct_meeting_list(f->s, f->child, 0, 10, &mp, &e), HE_OK);
    assert_int_equal(mp.total, 0);
    ct_meeting_page_free(&mp);
}

static void test_no_conference(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct ct_attendee who[] = {{"Sam Worker", "Children's services"}};
    struct ct_meeting_in m = {.date = D(2026, 1, 13), .attendees = who, .n_attendees = 1};
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "S47", 201, NULL, &e), HE_OK);
    assert_true(due_of(f, CLOCK_ICPC, D(2026, 1, 14)) != 0);
    m.date = D(2026, 1, 20);
    assert_int_equal(ct_strategy(f->s, &f->worker, f->child, version(f), &m, "NO_ICPC", 202, NULL, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ICPC, D(2026, 1, 20)), 0); /* the clock stopped */
}

static void test_plan_pages(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct ct_action_in act[] = {{"Visit", "Worker", D(2026, 3, 1), "NOT_STARTED"},
                                 {"Call school", "Worker", D(2026, 3, 1), "DONE"}};
    for (int i = 0; i < 25; i++) {
        struct ct_plan_in p = {.kind = "CIN", .start = D(2026, 1, 6) + i, .needs = "Needs",
                               .outcomes = "Outcomes", .actions = act, .n_actions = 2};
        assert_int_equal(ct_plan_add(f->s, &f->worker, f->child, version(f), &p, 700 + i, NULL, &e), HE_OK);
    }
    struct ct_plan_page pg;
    assert_int_equal(ct_plan_list(f->s, f->child, 20, 10, &pg, &e), HE_OK);
    assert_int_equal(pg.total, 25);
    assert_int_equal(pg.n, 5);
    assert_int_equal(pg.plans[0].start, D(2026, 1, 6) + 4); /* newest first */
    assert_int_equal(pg.plans[0].n_actions, 2);
    assert_int_equal(pg.plans[0].n_open, 1);
    assert_int_equal(pg.plans[0].last_reviewed, DAY_NONE);
    ct_plan_page_free(&pg);
    /* a CP plan needs the conference's plan */
    struct ct_plan_in cp = {.kind = "CP", .start = D(2026, 1, 6), .needs = "N", .outcomes = "O",
                            .actions = act, .n_actions = 1};
    assert_int_equal(ct_plan_add(f->s, &f->worker, f->child, version(f), &cp, 800, NULL, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
}

/* One authorisation: a submitted assessment is in the manager's tray; decided there (not on
 * its page) it is returned with the reason the assessment's history shows, then authorised
 * with its date (the clock stops); where it stands is the tray's, never a second record. */
static void test_assessment_through_the_tray(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(cw_start_assessment(f->s, f->child, version(f), f->episode, D(2026, 1, 6), NULL, &e),
                     HE_OK);
    struct ct_assessment_list l;
    assert_int_equal(ct_assessment_list(f->s, f->child, 10, &l, &e), HE_OK);
    rec_id a = l.a[0].id;
    ct_assessment_list_free(&l);
    struct ct_assessment_text t = {"Needs.", "Parenting.", "Family.", "Analysis.", "Wishes.", "CIN", "A plan."};
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 200, &e), HE_OK);
    struct wf_request *q = NULL;
    size_t n = 0;
    assert_int_equal(wf_tray(f->s, 0, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].kind, "assessment");
    assert_int_equal(q[0].record, a);
    int64_t id = q[0].id;
    free(q);
    /* submitting again while it waits is refused, and writes nothing */
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 201, &e), HE_INPUT);
    assert_int_equal(wf_decide(f->s, &f->manager, id, false, "Add the school's view.", D(2026, 2, 1), 202, &e),
                     HE_OK);
    struct ct_assessment_view av;
    bool found;
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "returned");
    assert_int_equal(av.n_steps, 2);
    assert_string_equal(av.steps[1].step, "returned");
    assert_string_equal(av.steps[1].comment, "Add the school's view.");
    ct_assessment_view_free(&av);
    /* the worker sees it came back, and why */
    assert_int_equal(wf_returned(f->s, f->worker.id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].comment, "Add the school's view.");
    free(q);
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, true, 203, &e), HE_OK);
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "submitted");
    ct_assessment_view_free(&av);
    assert_int_equal(wf_tray(f->s, 0, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    id = q[0].id;
    free(q);
    assert_int_equal(wf_decide(f->s, &f->manager, id, true, NULL, D(2026, 2, 4), 204, &e), HE_OK);
    assert_int_equal(due_of(f, CLOCK_ASSESSMENT, D(2026, 2, 4)), 0);
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "authorised");
    assert_int_equal(av.a.authorised, D(2026, 2, 4));
    ct_assessment_view_free(&av);
    /* decided: nothing waits, and the page's decision finds nothing to decide */
    assert_int_equal(wf_tray(f->s, 0, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
    assert_int_equal(ct_assessment_decide(f->s, &f->manager, f->child, version(f), a, true, NULL, D(2026, 2, 5),
                                          205, &e), HE_INPUT);
    /* deleting the child's record takes its requests with it */
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2026, 5, 31), "test", 1, &e), HE_OK);
    assert_int_equal(wf_requests_for(f->s, f->child, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
}

/* Submitting sends the assessment to the manager's tray in the same transaction: when no
 * team holds the child there is no manager to send it to, and nothing is stored (the text
 * stays as the draft it was). */
static void test_submit_fails_closed(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(cw_start_assessment(f->s, f->child, version(f), f->episode, D(2026, 1, 6), NULL, &e),
                     HE_OK);
    struct ct_assessment_list l;
    assert_int_equal(ct_assessment_list(f->s, f->child, 10, &l, &e), HE_OK);
    rec_id a = l.a[0].id;
    ct_assessment_list_free(&l);
    struct ct_assessment_text t = {"Needs.", "Parenting.", "Family.", "Analysis.", "Wishes.", "CIN", "A plan."};
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t, false, 300, &e), HE_OK);
    assert_int_equal(DB_RUN(store_db(f->s), &e, "DELETE FROM case_team WHERE person_id = ?", DB_I(f->child)),
                     HE_OK);
    struct ct_assessment_text t2 = t;
    t2.analysis = "Changed.";
    assert_int_equal(ct_assessment_save(f->s, &f->worker, f->child, version(f), a, &t2, true, 301, &e), HE_INPUT);
    struct ct_assessment_view av;
    bool found;
    assert_int_equal(ct_assessment_get(f->s, f->child, a, &av, &found, &e), HE_OK);
    assert_string_equal(av.a.status, "draft");
    assert_string_equal(av.a.text.analysis, "Analysis.");
    assert_int_equal(av.n_steps, 1);
    ct_assessment_view_free(&av);
    struct wf_request *q = NULL;
    size_t n = 0;
    assert_int_equal(wf_requests_for(f->s, f->child, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_assessment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assessment_through_the_tray, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_fails_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_child_protection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_conference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plan_pages, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "content", tests, NULL, NULL);
}
