/* The wider service's figures (measure/service.h) on both stores: the registry's areas are
 * named once and fit; the casework area counts the current version of each note whose work
 * happened in the period (an amendment that moves a visit out of the period moves it out of
 * the count), children seen alone of the visits that asked, and tasks done by the end of the
 * day they were due, at the boundary; the table and the JSON print the same figures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/notes.h"
#include "store/store.h"
#include "store/store_impl.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kid;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    f->kid = fx_child(f, &f->sw, "Amy", D(2015, 1, 1), "F", D(2026, 1, 5));
    *state = f;
    return 0;
}

static void test_registry(void **state)
{
    struct fx *f = *state;
    struct err e;
    for (int i = 0; i < n_service_areas; i++) {
        assert_non_null(service_areas[i]->compute);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(service_areas[i]->id, service_areas[j]->id);
        /* every area fits, with ids unique within it, on an empty authority */
        struct service_result r;
        assert_int_equal(service_compute(f->s, i, D(2025, 4, 1), D(2026, 3, 31), D(2026, 4, 1), &r, &e), HE_OK);
        assert_true(r.n > 0 && r.n < SERVICE_MAX);
        for (int a = 0; a < r.n; a++)
            for (int b = 0; b < a; b++)
                assert_string_not_equal(r.f[a].id, r.f[b].id);
    }
    struct service_result r = {0};
    char text[120];
    service_figure_text(service_money(&r, "m", "Money", 123456789), text, sizeof text);
    assert_string_equal(text, "£1,234,567.89");
    service_figure_text(service_proportion(&r, "p", "Share", 1, 3), text, sizeof text);
    assert_string_equal(text, "33.3% (1 of 3)");
    service_figure_text(service_proportion(&r, "z", "None", 0, 0), text, sizeof text);
    assert_string_equal(text, "none of 0");
    service_figure_text(service_mean(&r, "w", "Weeks", 53, 2, "weeks"), text, sizeof text);
    assert_string_equal(text, "26.5 weeks (2 cases)");
}

static struct note_in note(const char *kind, day_t day, int alone, bool significant)
{
    return (struct note_in){.kind = kind, .day = day, .minute = 600, .present = "", .seen = alone < 0 ? -1 : 1,
                            .seen_alone = alone, .body = "Seen at home.", .significant = significant};
}

static void test_casework(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 1, 31);
    int64_t id, moved;
    struct note_in in = note("home_visit", from, 1, false); /* first day: in */
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kid, 1, 10, &id, &e), HE_OK);
    in = note("home_visit", to, 0, true); /* last day: in, not alone, significant */
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kid, 1, 11, &id, &e), HE_OK);
    in = note("home_visit", from - 1, 1, false); /* the day before: out */
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kid, 1, 12, &id, &e), HE_OK);
    in = note("home_visit", D(2026, 1, 15), 1, false); /* in, then amended to February: out */
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kid, 1, 13, &moved, &e), HE_OK);
    in.day = to + 1;
    assert_int_equal(notes_amend(f->s, &f->sw, moved, 1, &in, 14, &e), HE_OK);
    in = note("telephone", D(2026, 1, 20), -1, false); /* a call: a note, not a visit */
    in.seen = -1;
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kid, 1, 15, &id, &e), HE_OK);

    /* tasks: due on the 10th, done at the last second of the 10th (in time), at the first of the
     * 11th (late), and one done outside the period; one open and overdue on the day asked */
    struct db *d = store_db(f->s);
    day_t due = D(2026, 1, 10);
    int64_t closes[3] = {unix_at(due + 1) - 1, unix_at(due + 1), unix_at(to + 1)};
    for (int i = 0; i < 3; i++)
        assert_int_equal(DB_RUN(d, &e,
                                "INSERT INTO task (person_id, assigned_to, set_by, title, due, state, created, "
                                "closed_by, closed_at) VALUES (?, ?, ?, 'Visit', ?, 'done', 1, ?, ?)",
                                DB_I(f->kid), DB_I(f->sw.id), DB_I(f->sw.id), DB_I(due), DB_I(f->sw.id),
                                DB_I(closes[i])),
                         HE_OK);
    assert_int_equal(DB_RUN(d, &e,
                            "INSERT INTO task (person_id, assigned_to, set_by, title, due, state, created) "
                            "VALUES (?, ?, ?, 'Call', ?, 'open', 1)",
                            DB_I(f->kid), DB_I(f->sw.id), DB_I(f->sw.id), DB_I(to)),
                     HE_OK);

    struct service_result r;
    int a = area("casework");
    assert_int_equal(service_compute(f->s, a, from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "notes")->value, 3);
    assert_int_equal(fig(&r, "home_visits")->value, 2);
    assert_int_equal(fig(&r, "home_visits_seen_alone")->value, 1);
    assert_int_equal(fig(&r, "home_visits_seen_alone")->denominator, 2);
    assert_true(fig(&r, "home_visits_seen_alone")->pct == 50.0);
    assert_int_equal(fig(&r, "significant_events")->value, 1);
    assert_int_equal(fig(&r, "tasks_done_in_time")->value, 1);
    assert_int_equal(fig(&r, "tasks_done_in_time")->denominator, 2);
    assert_int_equal(fig(&r, "tasks_overdue")->value, 0); /* due today is not overdue */
    assert_int_equal(service_compute(f->s, a, from, to, to + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "tasks_overdue")->value, 1);

    /* the table and the JSON say the same */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(service_print(f->s, from, to, to, true, out, &e), HE_OK);
    fclose(out);
    assert_non_null(strstr(buf, "\"home_visits_seen_alone\":{\"label\":\"Home visits where the child was seen "
                                "alone\",\"value\":1,\"denominator\":2,\"pct\":50.0}"));
    free(buf);
    out = open_memstream(&buf, &len);
    assert_int_equal(service_print(f->s, from, to, to, false, out, &e), HE_OK);
    fclose(out);
    assert_non_null(strstr(buf, "Home visits where the child was seen alone"));
    assert_non_null(strstr(buf, "50.0% (1 of 2)"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_registry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_casework, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service", tests, NULL, NULL);
}
