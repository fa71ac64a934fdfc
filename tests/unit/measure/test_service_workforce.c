/* The wider service's "Workforce" area (store/figures_workforce.c) on both stores, at the
 * boundaries of the DfE's census definitions for the year 1 October 2022 to 30 September
 * 2023: a worker who joined on the year's first day is a starter and one the day before is
 * not; one who left on the census date is a leaver and not in post, one who left the day
 * before the year is neither; a move between posts is neither; agency workers are not in
 * post and cover vacancies up to the vacancy; personal advisers are not social workers;
 * case holders are employed social workers holding a child on the census date (an
 * allocation that ended the day before does not count); sickness absence is counted in FTE
 * working days inside the year only, parental leave not at all. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/workforce.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    int64_t team;
    rec_id kids[6];
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("w.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    f->team = f->sw.team_id;
    for (int i = 0; i < 6; i++) {
        char given[16];
        snprintf(given, sizeof given, "Kid%d", i);
        f->kids[i] = fx_child(f, &f->sw, given, D(2015, 1, 1), "F", D(2022, 1, 5));
    }
    *state = f;
    return 0;
}

static int64_t post(struct fx *f, const char *role, int fte)
{
    struct err e;
    int64_t id = 0;
    struct wkf_post_in p = {.team_id = f->team, .title = "Social worker", .role = role, .fte = fte,
                            .opened = D(2019, 1, 1)};
    assert_int_equal(wkf_post_add(f->s, f->sw.id, &p, 1, &id, &e), HE_OK);
    return id;
}

/* A holder by name (a new staff row), or of staff when staff is not 0. */
static int64_t holder(struct fx *f, int64_t p, int64_t staff, const char *name, const char *employment, int fte,
                      day_t start, const char *reason)
{
    struct err e;
    int64_t id = 0;
    struct wkf_holder_in h = {.post_id = p, .staff_id = staff, .name = name, .employment = employment, .fte = fte,
                              .start = start, .start_reason = reason};
    assert_int_equal(wkf_holder_add(f->s, f->sw.id, &h, 1, &id, &e), HE_OK);
    return id;
}

static int64_t staff_of(struct fx *f, int64_t h)
{
    struct err e;
    int64_t staff = 0;
    assert_int_equal(DB_INT(store_db(f->s), &e, &staff, "SELECT staff_id FROM workforce_holder WHERE id = ?",
                            DB_I(h)),
                     HE_OK);
    return staff;
}

static void allocate(struct fx *f, rec_id kid, int64_t staff, day_t start, day_t end)
{
    struct err e;
    assert_int_equal(DB_RUN(store_db(f->s), &e,
                            "INSERT INTO allocation (person_id, staff_id, start, end_date) VALUES (?, ?, ?, ?)",
                            DB_I(kid), DB_I(staff), DB_I(start), DB_Z(end)),
                     HE_OK);
}

static void sick(struct fx *f, int64_t h, const char *kind, day_t a, day_t b)
{
    struct err e;
    assert_int_equal(wkf_absence_add(f->s, f->sw.id, h, kind, a, b, 1, NULL, &e), HE_OK);
}

static void test_census(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2022, 10, 1), to = D(2023, 9, 30);
    int64_t p1 = post(f, "social_worker", 100), p2 = post(f, "social_worker", 100),
            p3 = post(f, "senior_practitioner", 100), p4 = post(f, "social_worker", 100),
            p5 = post(f, "team_manager", 100), p6 = post(f, "social_worker", 100),
            p7 = post(f, "social_worker", 100), p8 = post(f, "personal_adviser", 100);
    int64_t a = holder(f, p1, 0, "A", "employed", 100, D(2020, 1, 1), "joined");
    int64_t b = holder(f, p2, 0, "B", "employed", 50, from, "joined");          /* starter on day one */
    int64_t c = holder(f, p3, 0, "C", "employed", 100, from - 1, "joined");     /* the day before: not */
    int64_t d = holder(f, p4, 0, "D", "employed", 100, D(2021, 1, 1), "joined");
    int64_t g = holder(f, p4, 0, "G", "agency", 100, D(2023, 6, 1), "joined");  /* agency, not a starter */
    int64_t h5 = holder(f, p5, 0, "E", "employed", 100, D(2019, 1, 1), "joined");
    int64_t f6 = holder(f, p6, 0, "F", "employed", 100, D(2019, 1, 1), "joined");
    holder(f, p8, 0, "P", "employed", 100, D(2020, 1, 1), "joined"); /* a personal adviser: not counted */

    /* sickness: A a week in January (5 days x 1.0); C from the day before the year into its
     * first Tuesday (2 working days x 1.0 inside it); D the last week, then leaves on the census
     * date (5 x 1.0); C on parental leave (not sickness); E before the year (out) */
    sick(f, a, "sickness", D(2023, 1, 9), D(2023, 1, 13));
    sick(f, c, "sickness", from - 1, D(2022, 10, 4));
    sick(f, d, "sickness", D(2023, 9, 25), D(2023, 9, 29));
    sick(f, c, "parental", D(2023, 2, 1), D(2023, 2, 28));
    sick(f, h5, "sickness", D(2022, 9, 1), D(2022, 9, 20));
    sick(f, a, "sickness", D(2023, 10, 10), DAY_NONE); /* after the year: absent now only */

    assert_int_equal(wkf_holder_leave(f->s, d, to, "left", &e), HE_OK);           /* leaver, not in post */
    assert_int_equal(wkf_holder_leave(f->s, h5, from - 1, "left", &e), HE_OK);    /* left before the year */
    assert_int_equal(wkf_holder_leave(f->s, f6, D(2023, 3, 1), "moved", &e), HE_OK); /* a move: not a leaver */
    holder(f, p7, staff_of(f, f6), NULL, "employed", 100, D(2023, 3, 1), "moved");

    /* children: A holds two (one on a protection plan), B one, C one whose allocation ended
     * the day before the census date, D (gone) and G (agency) one each */
    allocate(f, f->kids[0], staff_of(f, a), D(2022, 1, 10), DAY_NONE);
    allocate(f, f->kids[1], staff_of(f, a), D(2022, 1, 10), DAY_NONE);
    allocate(f, f->kids[2], staff_of(f, b), D(2023, 1, 10), DAY_NONE);
    allocate(f, f->kids[3], staff_of(f, c), D(2023, 1, 10), to - 1);
    allocate(f, f->kids[4], staff_of(f, d), D(2023, 1, 10), DAY_NONE);
    allocate(f, f->kids[5], staff_of(f, g), D(2023, 7, 1), DAY_NONE);

    struct service_result r;
    int ar = area("workforce");
    assert_int_equal(service_compute(f->s, ar, from, to, D(2023, 10, 15), &r, &e), HE_OK);
    /* in post: A 1 + B 0.5 + C 1 + F 1 = 3.5; vacancies: p2 0.5, p4 1, p5 1, p6 1 = 3.5 */
    assert_int_equal(fig(&r, "social_workers")->value, 350);
    assert_int_equal(fig(&r, "vacancies")->value, 350);
    assert_int_equal(fig(&r, "vacancy_rate")->denominator, 700);
    assert_true(fig(&r, "vacancy_rate")->pct == 50.0);
    assert_int_equal(fig(&r, "starters")->value, 50);
    assert_int_equal(fig(&r, "leavers")->value, 100);
    assert_true(fig(&r, "turnover_rate")->pct == 28.6); /* 1 of 3.5 */
    assert_int_equal(fig(&r, "agency_workers")->value, 100);
    assert_true(fig(&r, "agency_rate")->pct == 22.2); /* 1 of 4.5 */
    assert_int_equal(fig(&r, "vacancies_covered_by_agency")->value, 100);
    /* 3 children of case holders A and B (1.5 FTE) */
    assert_int_equal(fig(&r, "cases_per_social_worker")->value, 3);
    assert_int_equal(fig(&r, "cases_per_social_worker")->denominator, 150);
    assert_true(fig(&r, "cases_per_social_worker")->mean == 2.0);
    /* 5 + 2 + 5 = 12 FTE days of 3.5 x 253 */
    assert_int_equal(fig(&r, "absence_rate")->value, 1200);
    assert_int_equal(fig(&r, "absence_rate")->denominator, 350 * 253);
    assert_true(fig(&r, "absence_rate")->pct == 1.4);
    assert_int_equal(fig(&r, "absent_now")->value, 1);

    char text[120];
    service_figure_text(fig(&r, "vacancy_rate"), text, sizeof text);
    assert_string_equal(text, "50.0% (3.5 of 7 FTE)");
    service_figure_text(fig(&r, "cases_per_social_worker"), text, sizeof text);
    assert_string_equal(text, "2.0 (3 cases, 1.5 FTE)");
    service_figure_text(fig(&r, "social_workers"), text, sizeof text);
    assert_string_equal(text, "3.5 FTE");

    /* a census date before the period's end when today is sooner: D is still in post */
    assert_int_equal(service_compute(f->s, ar, from, to, D(2023, 9, 1), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "leavers")->value, 0);
    assert_int_equal(fig(&r, "social_workers")->value, 450);

    /* the JSON carries FTE as numbers */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(service_print(f->s, from, to, D(2023, 10, 15), true, out, &e), HE_OK);
    fclose(out);
    assert_non_null(strstr(buf, "\"vacancy_rate\":{\"label\":\"Social worker vacancy rate\",\"value\":3.5,"
                                "\"denominator\":7.0,\"pct\":50.0,\"unit\":\"FTE\"}"));
    free(buf);
}

static void test_empty(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("workforce"), D(2022, 10, 1), D(2023, 9, 30), D(2023, 10, 1), &r,
                                     &e),
                     HE_OK);
    assert_true(isnan(fig(&r, "vacancy_rate")->pct));
    assert_true(isnan(fig(&r, "cases_per_social_worker")->mean));
    char text[120];
    service_figure_text(fig(&r, "cases_per_social_worker"), text, sizeof text);
    assert_string_equal(text, "no case holders");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_census, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_workforce", tests, NULL, NULL);
}
