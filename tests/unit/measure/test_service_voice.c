/* The wider service's "voice of the child" figures (figures_voice.c) on both stores, at their
 * boundaries: the child's voice counted by the day of the visit or meeting it was recorded
 * on (the period's first and last days in, the days either side out); children open to the
 * service today (an episode of need not closed before today and not NFA, or a looked-after
 * episode) whose voice was recorded on or after the same date three months ago; reviews by
 * participation code (PN0 is not asked). */
#include <math.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/notes.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/voice.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kid[6];
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("sv.db");
    fx_user(f, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", &f->sw);
    for (int i = 0; i < 6; i++) {
        char name[16];
        snprintf(name, sizeof name, "K%d", i);
        f->kid[i] = fx_child(f, &f->sw, name, D(2015, 1, 1), "F", D(2025, 1, 5));
    }
    *state = f;
    return 0;
}

/* The child's voice on a visit on day. */
static void heard(struct fx *f, rec_id kid, day_t day, bool drawing)
{
    struct err e;
    struct note_in in = {.kind = "direct_work", .day = day, .minute = 600, .present = "", .seen = 1, .seen_alone = 1,
                         .body = "Direct work."};
    int64_t note, id, doc = 0;
    assert_int_equal(notes_add(f->s, &f->sw, &in, &kid, 1, 10, &note, &e), HE_OK);
    if (drawing)
        assert_int_equal(DB_INT(store_db(f->s), &e, &doc,
                                "INSERT INTO document (person_id, about, about_id, name, kind, size, sha256, chunks, "
                                "by_user, at) VALUES (?, 'note', ?, 'me.png', 'png', 10, ?, 1, ?, 1) RETURNING id",
                                DB_I(kid), DB_I(note),
                                DB_T("0000000000000000000000000000000000000000000000000000000000000000"),
                                DB_I(f->sw.id)),
                         HE_OK);
    struct voice_in v = {.note = note, .how = drawing ? "drew" : "said", .words = drawing ? NULL : "Happy.",
                         .document = doc};
    assert_int_equal(voice_add(f->s, &f->sw, kid, &v, 11, &id, &e), HE_OK);
}

static void test_period(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 3, 31);
    heard(f, f->kid[0], from - 1, false); /* out */
    heard(f, f->kid[0], from, false);     /* in */
    heard(f, f->kid[1], to, true);        /* in, a drawing */
    heard(f, f->kid[1], to + 1, false);   /* out */
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("voice"), from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "voice_records")->value, 2);
    assert_int_equal(fig(&r, "voice_children")->value, 2);
    assert_int_equal(fig(&r, "voice_drawings")->value, 1);
}

static void test_open_recently(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct db *d = store_db(f->s);
    day_t today = D(2026, 5, 31), since = D(2026, 2, 28); /* three months before 31 May: 28 February */
    assert_int_equal(date_add_months(today, -3), since);
    /* K0 open, heard on the first day of the window: counted */
    /* K1 open, heard the day before the window: open, not heard */
    /* K2 looked after, heard today: counted */
    /* K3 episode closed today: not open, though heard */
    /* K4 NFA referral: not open */
    /* K5 looked after from tomorrow: not open yet */
    struct {
        int kid;
        day_t referral, closure;
        int nfa;
    } eps[] = {{0, D(2026, 1, 1), 0, 0}, {1, D(2026, 1, 1), today + 1, 0}, {3, D(2026, 1, 1), today, 0},
               {4, D(2026, 1, 1), 0, 1}};
    for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++)
        assert_int_equal(DB_RUN(d, &e,
                                "INSERT INTO cin_episode (person_id, referral_date, closure_date, referral_nfa, "
                                "src_year) VALUES (?, ?, ?, ?, 2026)",
                                DB_I(f->kid[eps[i].kid]), DB_I(eps[i].referral), DB_Z(eps[i].closure),
                                DB_I(eps[i].nfa)),
                         HE_OK);
    assert_int_equal(DB_RUN(d, &e, "INSERT INTO la_episode (person_id, decom, src_year) VALUES (?, ?, 2026)",
                            DB_I(f->kid[2]), DB_I(D(2025, 6, 1))),
                     HE_OK);
    assert_int_equal(DB_RUN(d, &e, "INSERT INTO la_episode (person_id, decom, src_year) VALUES (?, ?, 2026)",
                            DB_I(f->kid[5]), DB_I(today + 1)),
                     HE_OK);
    heard(f, f->kid[0], since, false);
    heard(f, f->kid[1], since - 1, false);
    heard(f, f->kid[2], today, false);
    heard(f, f->kid[3], today, false);
    heard(f, f->kid[4], today, false);
    heard(f, f->kid[5], today, false);
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("voice"), D(2026, 4, 1), today, today, &r, &e), HE_OK);
    const struct service_figure *x = fig(&r, "open_voice_3_months");
    assert_int_equal(x->denominator, 3); /* K0, K1, K2 */
    assert_int_equal(x->value, 2);       /* K0, K2 */
    assert_true(fabs(x->pct - 66.7) < 0.001);
    /* a day later the window has moved past K0's, K1's episode has closed and K5 is looked after */
    assert_int_equal(service_compute(f->s, area("voice"), D(2026, 4, 1), today, today + 1, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "open_voice_3_months")->denominator, 3); /* K0, K2, K5 */
    assert_int_equal(fig(&r, "open_voice_3_months")->value, 2);       /* K2, K5 */
}

static void test_reviews(void **state)
{
    struct fx *f = *state;
    struct err e;
    day_t from = D(2026, 1, 1), to = D(2026, 3, 31);
    struct {
        int kid;
        day_t day;
        const char *code;
    } rv[] = {{0, from, "PN1"},      {1, to, "PN7"},     {2, D(2026, 2, 1), "PN0"}, {3, D(2026, 2, 1), "PN5"},
              {4, from - 1, "PN1"},  {5, to + 1, "PN1"}, {0, D(2026, 2, 2), NULL}};
    for (size_t i = 0; i < sizeof rv / sizeof rv[0]; i++)
        assert_int_equal(DB_RUN(store_db(f->s), &e,
                                "INSERT INTO la_review (person_id, date, code, src_year) VALUES (?, ?, ?, 2026)",
                                DB_I(f->kid[rv[i].kid]), DB_I(rv[i].day), DB_T(rv[i].code)),
                         HE_OK);
    struct service_result r;
    assert_int_equal(service_compute(f->s, area("voice"), from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "reviews_took_part")->value, 2);       /* PN1, PN5 */
    assert_int_equal(fig(&r, "reviews_took_part")->denominator, 3); /* PN1, PN5, PN7: not PN0 or none */
    assert_int_equal(fig(&r, "reviews_spoke_for_themselves")->value, 1);
    assert_int_equal(fig(&r, "reviews_view_not_conveyed")->value, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_recently, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reviews, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service_voice", tests, NULL, NULL);
}
