/* Carers, placements and health records (store/placements.h) on both stores: the register
 * refuses a duplicate; a child placed with one carer and moved to another of the same type
 * gets an SSDA903 episode each, with the carer's postcode, URN and provider, the cost, the
 * distance from home and the area; the same carer again is refused and writes nothing; a
 * legal status change is an episode of its own that keeps the placement; cost by type and
 * provider over a period; health records clear the initial health assessment clock and
 * make the year's OC2 row; a loaded postcode directory wins over the shipped sectors. */
#include "teststore.h"

#include <stdio.h>

#include "model/journey.h"
#include "model/placement.h"
#include "model/postcode.h"
#include "store/casework.h"
#include "store/placements.h"
#include "store/stages.h"
#include "store/store.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user u;
    rec_id child, a, b;
};

#include "testfixture.h"

static int64_t version(struct fx *f) { return fx_version(f, f->child); }

static int setup(void **state)
{
    struct fx *f = fx_new("p.db");
    struct err e;
    fx_user(f, "m", "Manager", ROLE_ADMIN, "Care", &f->u);
    /* ten at the contact, looked after from 10 January 2024 */
    f->child = fx_referred(f, &f->u, "P", D(2013, 6, 1), D(2024, 1, 5), NULL);
    assert_int_equal(cw_become_looked_after(f->s, f->child, version(f), D(2024, 1, 10), "C1", "N1", "U6", &e), HE_OK);
    struct pl_carer a = {.kind = "FOSTER", .name = "Ann Foster", .postcode = "ME4 4AA", .capacity = 2,
                         .weekly_cost = 50000};
    struct pl_carer b = {.kind = "FOSTER", .name = "Cath Dee", .postcode = "WR1 1AA", .capacity = 1,
                         .weekly_cost = 60000, .urn = "SC123456"};
    assert_int_equal(pl_carer_add(f->s, f->u.id, &a, 1, &f->a, &e), HE_OK);
    assert_int_equal(pl_carer_add(f->s, f->u.id, &b, 1, &f->b, &e), HE_OK);
    *state = f;
    return 0;
}

static void test_postcodes(void **state)
{
    (void)state;
    char pc[9];
    assert_true(postcode_normalise(" me44aa", pc));
    assert_string_equal(pc, "ME4 4AA");
    assert_true(postcode_normalise("SW1A 1AA", pc));
    assert_string_equal(pc, "SW1A 1AA");
    assert_false(postcode_normalise("ME4", pc));
    assert_false(postcode_normalise("ME4 4A<", pc));
    assert_false(postcode_normalise("MEE 4AA", pc));
    assert_false(postcode_normalise("ME44 4AAA", pc));
    const struct postcode_sector *s = postcode_sector_find("ME4 4AA");
    assert_non_null(s);
    assert_string_equal(s->la, "E06000035");
    assert_null(postcode_sector_find("ZZ9 9ZZ"));
    assert_int_equal(placement_parse_pounds("£850.50"), 85050);
    assert_int_equal(placement_parse_pounds("1,200"), 120000);
    assert_int_equal(placement_parse_pounds("85.5"), 8550);
    assert_int_equal(placement_parse_pounds("85.555"), -1);
    assert_int_equal(placement_parse_pounds("-3"), -1);
    assert_int_equal(placement_parse_pounds("12."), -1);
    /* a week costs the weekly cost; the day a placement ends belongs to the next */
    assert_int_equal(placement_cost(70000, D(2025, 1, 1), D(2025, 1, 8), D(2024, 1, 1), D(2026, 1, 1)), 70000);
    assert_int_equal(placement_cost(70000, D(2025, 1, 1), DAY_NONE, D(2025, 1, 1), D(2025, 1, 1)), 10000);
}

static void test_register_and_moves(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct pl_carer again = {.kind = "FOSTER", .name = "Ann Foster", .postcode = "ME4 4AA", .capacity = 1};
    assert_int_equal(pl_carer_add(f->s, f->u.id, &again, 1, NULL, &e), HE_INPUT);
    assert_string_equal(e.field, "name");
    struct arena mem = {0};
    struct pl_carer *list;
    int n;
    assert_int_equal(pl_carers(f->s, D(2024, 2, 1), &mem, &list, &n, &e), HE_OK);
    assert_int_equal(n, 2);

    /* placed with Ann, home in Chatham: a mile or two, inside the area */
    assert_int_equal(pl_set_carer(f->s, f->child, version(f), f->a, "ME1 2AA", -1, &e), HE_OK);
    struct pl_placement p[4];
    assert_int_equal(pl_child_placements(f->s, f->child, &mem, p, 4, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].weekly_cost, 50000);
    assert_true(p[0].distance_m > 0 && postcode_tenths_of_mile(p[0].distance_m) < 50);
    assert_int_equal(p[0].in_area, 1);

    /* the same carer in the same type is not a move, and writes nothing */
    assert_int_equal(pl_move(f->s, f->child, version(f), D(2024, 3, 1), "U6", "CARPL", f->a, NULL, -1, &e), HE_INPUT);
    assert_string_equal(e.field, "carer");
    /* a stale version is refused */
    assert_int_equal(pl_move(f->s, f->child, version(f) - 1, D(2024, 3, 1), "U6", "CARPL", f->b, NULL, -1, &e),
                     HE_INPUT);
    /* another carer of the same type is */
    assert_int_equal(pl_move(f->s, f->child, version(f), D(2024, 3, 1), "U6", "CARPL", f->b, NULL, 65000, &e), HE_OK);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_la_episodes, 2);
    assert_int_equal(cf.la_episodes[0].dec, D(2024, 3, 1));
    assert_string_equal(cf.la_episodes[0].rec, "X1");
    assert_string_equal(cf.la_episodes[0].reason_place_change, "CARPL");
    assert_null(cf.la_episodes[1].reason_place_change);
    assert_string_equal(cf.la_episodes[0].pl_post, "ME4 4AA");
    assert_string_equal(cf.la_episodes[0].urn, "XXXXXXX");
    assert_string_equal(cf.la_episodes[1].rne, "P");
    assert_string_equal(cf.la_episodes[1].place, "U6");
    assert_string_equal(cf.la_episodes[1].ls, "C1");
    assert_string_equal(cf.la_episodes[1].pl_post, "WR1 1AA");
    assert_string_equal(cf.la_episodes[1].urn, "SC123456");
    assert_string_equal(cf.la_episodes[1].place_provider, "PR1");
    assert_string_equal(cf.la_episodes[1].home_post, "ME1 2AA");
    child_file_free(&cf);
    assert_int_equal(pl_child_placements(f->s, f->child, &mem, p, 4, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].carer, f->b);
    assert_int_equal(p[0].weekly_cost, 65000);
    assert_true(postcode_tenths_of_mile(p[0].distance_m) > 200);
    assert_int_equal(p[0].in_area, 0);

    /* a change of legal status keeps the placement */
    assert_int_equal(pl_legal_status(f->s, f->child, version(f), D(2024, 4, 1), "C1", &e), HE_INPUT);
    assert_string_equal(e.field, "ls");
    assert_int_equal(pl_legal_status(f->s, f->child, version(f), D(2024, 4, 1), "C2", &e), HE_OK);
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_la_episodes, 3);
    assert_string_equal(cf.la_episodes[2].rne, "L");
    assert_string_equal(cf.la_episodes[2].ls, "C2");
    assert_string_equal(cf.la_episodes[2].place, "U6");
    assert_string_equal(cf.la_episodes[2].pl_post, "WR1 1AA");
    child_file_free(&cf);
    assert_int_equal(pl_child_placements(f->s, f->child, &mem, p, 4, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(p[0].carer, f->b);
    assert_int_equal(p[0].weekly_cost, 65000);

    /* cost from 10 January to 31 March 2024: Ann 51 days at £500, Cath 31 days at £650 */
    struct pl_cost_row *rows;
    assert_int_equal(pl_costs(f->s, D(2024, 1, 1), D(2024, 3, 31), &mem, &rows, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].carer_name, "Ann Foster");
    assert_int_equal(rows[0].days, 51);
    assert_int_equal(rows[0].cost, (50000 * 51 + 3) / 7);
    assert_string_equal(rows[1].carer_name, "Cath Dee");
    assert_int_equal(rows[1].days, 31);
    assert_int_equal(rows[1].children, 1);
    struct pl_where w;
    assert_int_equal(pl_where_on(f->s, D(2024, 5, 1), &w, &e), HE_OK);
    assert_int_equal(w.placed, 1);
    assert_int_equal(w.far, 1);
    assert_int_equal(w.in_area, 0);
    assert_int_equal(pl_carers(f->s, D(2024, 5, 1), &mem, &list, &n, &e), HE_OK);
    assert_int_equal(list[1].placed, 1); /* Cath: one child, no vacancy */
    assert_int_equal(list[0].placed, 0);
    arena_free(&mem);
}

static bool running(struct fx *f, enum clock_id id, day_t today)
{
    return fx_clocks(f, f->child, id, today, NULL, 0) > 0;
}

static void test_health(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_true(running(f, CLOCK_HEALTH_ASSESSMENT, D(2024, 1, 20)));
    assert_true(running(f, CLOCK_PEP, D(2024, 1, 20)));
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "IHA", D(2024, 1, 1), -1, -1, NULL, 1, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "date");
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "IHA", D(2024, 1, 20), -1, -1, "Seen", 1, &e),
                     HE_OK);
    assert_false(running(f, CLOCK_HEALTH_ASSESSMENT, D(2024, 1, 21)));
    assert_true(running(f, CLOCK_PEP, D(2024, 1, 21)));
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "IHA", D(2024, 1, 20), -1, -1, NULL, 1, &e),
                     HE_INPUT);
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "PEP", D(2024, 2, 1), -1, -1, NULL, 1, &e),
                     HE_OK);
    assert_false(running(f, CLOCK_PEP, D(2024, 2, 2)));
    /* the 2024-25 year: looked after all of it, so an OC2 row */
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "DENTAL", D(2024, 6, 1), -1, -1, NULL, 1, &e),
                     HE_OK);
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "SDQ", D(2024, 7, 1), 14, -1, NULL, 1, &e),
                     HE_OK);
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "RHA", D(2025, 1, 15), -1, -1, NULL, 1, &e),
                     HE_OK);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    const struct la_outcome *o = NULL;
    for (size_t i = 0; i < cf.n_la_outcomes; i++)
        if (cf.la_outcomes[i].year == 2025)
            o = &cf.la_outcomes[i];
    assert_non_null(o);
    assert_string_equal(o->sdq_score, "14");
    assert_int_equal(o->teeth_check, 1);
    assert_int_equal(o->health_assessment, 1);
    assert_int_equal(o->immunisations, 0);
    assert_int_equal(o->substance_misuse, 0);
    assert_int_equal(o->health_check, -1); /* over 5 */
    /* 2023-24: looked after from January only, not in the cohort */
    for (size_t i = 0; i < cf.n_la_outcomes; i++)
        assert_int_not_equal(cf.la_outcomes[i].year, 2024);
    child_file_free(&cf);
}

/* what the 2024-25 return said stands: a review health assessment recorded in hearth sets
 * HEALTH_ASSESSMENT and leaves the imported dental check, SDQ score and conviction */
static void test_health_keeps_return(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct la_outcome was = {.person = f->child, .year = 2025, .sdq_score = "20", .convicted = 0, .health_check = -1,
                             .immunisations = 1, .teeth_check = 1, .health_assessment = 0, .substance_misuse = 0,
                             .intervention_received = -1, .intervention_offered = -1};
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    assert_int_equal(store_put_la_outcome(f->s, 2025, &was, NULL, NULL, &e), HE_OK);
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    assert_int_equal(pl_health_add(f->s, f->u.id, f->child, version(f), "RHA", D(2025, 1, 15), -1, -1, NULL, 1, &e),
                     HE_OK);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_la_outcomes, 1);
    const struct la_outcome *o = &cf.la_outcomes[0];
    assert_string_equal(o->sdq_score, "20");
    assert_int_equal(o->teeth_check, 1);
    assert_int_equal(o->immunisations, 1);
    assert_int_equal(o->health_assessment, 1);
    assert_int_equal(o->convicted, 0);
    child_file_free(&cf);
}

static void test_postcode_load(void **state)
{
    struct fx *f = *state;
    struct err e;
    char path[600];
    snprintf(path, sizeof path, "%s/pc.csv", f->dir);
    FILE *w = fopen(path, "w");
    assert_non_null(w);
    fputs("postcode,la,easting,northing\nME44AA,E06000099,576000,168000\nME4 5,E06000098,1,2\nBAD,E1,x,y\n"
          "ZZ1 1ZZ,E06000097,,\n", w);
    fclose(w);
    FILE *r = fopen(path, "r");
    int64_t n, skipped;
    assert_int_equal(pl_postcodes_load(f->s, r, &n, &skipped, &e), HE_OK);
    fclose(r);
    assert_int_equal(n, 2);
    assert_int_equal(skipped, 2);
    struct postcode_place p;
    bool found;
    assert_int_equal(pl_postcode_find(f->s, "ME4 4AA", &p, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(p.la, "E06000099");
    assert_int_equal(pl_postcode_find(f->s, "ME4 5AB", &p, &found, &e), HE_OK);
    assert_string_equal(p.la, "E06000098");
    assert_int_equal(pl_postcode_find(f->s, "ME4 6AB", &p, &found, &e), HE_OK);
    assert_string_equal(p.la, "E06000035"); /* the shipped sector */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postcodes),
        cmocka_unit_test_setup_teardown(test_register_and_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_health, setup, teardown),
        cmocka_unit_test_setup_teardown(test_health_keeps_return, setup, teardown),
        cmocka_unit_test_setup_teardown(test_postcode_load, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "placements", tests, NULL, NULL);
}
