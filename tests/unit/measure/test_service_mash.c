/* The hub's figures (store/figures_mash.c, docs/kpis.md "The hub at the front door") on both
 * stores, at their boundaries: a hub contact counts in the period it was received (first
 * and last day in, the day before and after out); decided in time is on or before the first
 * working day after (Friday to Monday is in time, Monday to Wednesday is not); time to
 * decision is in working days; a check counts by when it was added, to the last second of
 * the period; a check by children's social care is not a partner's; what waits now, and is
 * overdue, on the day asked. */
#include <math.h>
#include <string.h>

#include "teststore.h"

#include "measure/service.h"
#include "store/casework.h"
#include "store/mash.h"
#include "store/store.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user fd, police, health, housing;
};

#include "testservice.h"

static int setup(void **state)
{
    struct fx *f = fx_new("h.db");
    fx_user(f, "fran", "fran", ROLE_FRONT_DOOR, "Front Door", &f->fd);
    fx_user(f, "pc", "pc", ROLE_PARTNER, "Police", &f->police);
    fx_user(f, "hv", "hv", ROLE_PARTNER, "Health", &f->health);
    fx_user(f, "ho", "ho", ROLE_PARTNER, "Housing", &f->housing);
    *state = f;
    return 0;
}

/* A new child's contact received on day; into the hub when consent is not NULL. */
static rec_id contact(struct fx *f, const char *given, day_t day, const char *consent, rec_id *kid)
{
    struct err e;
    struct cw_new_child nc = {.given = given, .family = "Lee", .dob = D(2016, 1, 1), .sex = "M"};
    rec_id c;
    assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, day, "6", "Worried", 5, kid, &c, &e), HE_OK);
    if (consent)
        assert_int_equal(mash_add(f->s, &f->fd, c, consent, "Mother / risk to the child", 6, &e), HE_OK);
    return c;
}

static void decide(struct fx *f, rec_id kid, rec_id c, day_t day)
{
    struct err e;
    int64_t v;
    rec_id ep;
    assert_int_equal(cw_version(f->s, kid, &v, &e), HE_OK);
    assert_int_equal(cw_decide_contact(f->s, &f->fd, c, v, "ADVICE", day, NULL, &ep, &e), HE_OK);
}

static void test_figures(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    day_t from = D(2026, 1, 9), to = D(2026, 1, 13); /* Friday to Tuesday */
    rec_id ka, kb, kc, kd, ke, kf;
    rec_id a = contact(f, "Amy", from, "given", &ka);           /* Fri, decided Mon: in time, 1 day */
    rec_id b = contact(f, "Ben", D(2026, 1, 12), "overridden", &kb); /* Mon, decided Wed: late, 2 days */
    rec_id c = contact(f, "Cal", to, "given", &kc);              /* Tue, waiting */
    contact(f, "Dee", to, NULL, &kd);                            /* not in the hub */
    rec_id ee = contact(f, "Eve", from - 1, "given", &ke);       /* the day before */
    rec_id ff = contact(f, "Fay", to + 1, "given", &kf);         /* the day after, waiting */
    assert_int_equal(mash_check_add(f->s, &f->police, a, "police", "Known", unix_at(from), &id, &e), HE_OK);
    assert_int_equal(mash_check_add(f->s, &f->health, b, "health", "Known", unix_at(to + 1) - 1, &id, &e), HE_OK);
    assert_int_equal(mash_check_add(f->s, &f->fd, c, "social_care", "Known", unix_at(to), &id, &e), HE_OK);
    assert_int_equal(mash_check_add(f->s, &f->housing, ff, "housing", "Known", unix_at(to + 1), &id, &e), HE_OK);
    assert_int_equal(mash_check_add(f->s, &f->police, ee, "police", "Known", unix_at(from) - 1, &id, &e), HE_OK);
    assert_int_equal(mash_rate(f->s, &f->fd, a, "red", "Police call-outs", 7, &e), HE_OK);
    assert_int_equal(mash_rate(f->s, &f->fd, b, "amber", "Unclear", 7, &e), HE_OK);
    assert_int_equal(mash_rate(f->s, &f->fd, ee, "green", "Nothing", 7, &e), HE_OK);
    decide(f, ka, a, D(2026, 1, 12));
    decide(f, kb, b, D(2026, 1, 14));
    decide(f, ke, ee, from);

    struct service_result r;
    assert_int_equal(service_compute(f->s, area("mash"), from, to, D(2026, 1, 14), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "hub_contacts")->value, 3);
    assert_int_equal(fig(&r, "hub_share")->value, 3);
    assert_int_equal(fig(&r, "hub_share")->denominator, 4);
    assert_true(fig(&r, "hub_share")->pct == 75.0);
    assert_int_equal(fig(&r, "decided_in_time")->value, 1);
    assert_int_equal(fig(&r, "decided_in_time")->denominator, 2);
    assert_int_equal(fig(&r, "time_to_decision")->value, 2);
    assert_true(fig(&r, "time_to_decision")->mean == 1.5);
    assert_int_equal(fig(&r, "partner_checked")->value, 2); /* Cal's only check is social care's */
    assert_int_equal(fig(&r, "partner_checked")->denominator, 3);
    assert_int_equal(fig(&r, "consent_overridden")->value, 1);
    assert_int_equal(fig(&r, "rated_red")->value, 1);
    assert_int_equal(fig(&r, "rated_amber")->value, 1);
    assert_int_equal(fig(&r, "rated_green")->value, 0); /* Eve's is the day before */
    assert_int_equal(fig(&r, "agency_checks")->value, 3);
    assert_int_equal(fig(&r, "checks_police")->value, 1);
    assert_int_equal(fig(&r, "checks_health")->value, 1);
    assert_int_equal(fig(&r, "checks_housing")->value, 0);
    /* now, on Wednesday: Cal and Fay wait (Ben was decided that day); Cal's day is not over */
    assert_int_equal(fig(&r, "waiting_now")->value, 2);
    assert_int_equal(fig(&r, "overdue_now")->value, 0);
    /* on Thursday Cal is overdue, Fay (received Wednesday) is not */
    assert_int_equal(service_compute(f->s, area("mash"), from, to, D(2026, 1, 15), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "waiting_now")->value, 2);
    assert_int_equal(fig(&r, "overdue_now")->value, 1);
    /* on Tuesday Fay has not come yet */
    assert_int_equal(service_compute(f->s, area("mash"), from, to, to, &r, &e), HE_OK);
    assert_int_equal(fig(&r, "waiting_now")->value, 2); /* Ben and Cal */
    /* an empty period: proportions and the mean are none */
    assert_int_equal(service_compute(f->s, area("mash"), D(2025, 1, 1), D(2025, 1, 31), D(2025, 2, 1), &r, &e), HE_OK);
    assert_int_equal(fig(&r, "hub_contacts")->value, 0);
    assert_true(isnan(fig(&r, "decided_in_time")->pct));
    assert_true(isnan(fig(&r, "time_to_decision")->mean));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "service: the hub", tests, NULL, NULL);
}
