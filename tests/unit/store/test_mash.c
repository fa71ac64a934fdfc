/* The hub at the front door (store/mash.h) on both stores: the front door brings a contact
 * in with consent given or overridden (the reason required), partner officers add what
 * their agency knows, the front door rates it; bad input is refused and nothing stored; a
 * partner officer sees only the hub's waiting contacts, never a restricted child, never a
 * child's record or any list of children, and nothing once the decision is made. */
#include "teststore.h"

#include "store/casework.h"
#include "store/mash.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/trust.h"

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user fd, police, health, analyst, sw;
    rec_id kid[2], contact[2];
};

#include "testfixture.h"

static int setup(void **state)
{
    struct fx *f = fx_new("m.db");
    struct err e;
    fx_user(f, "fran", "fran", ROLE_FRONT_DOOR, "Front Door", &f->fd);
    /* a partner officer put in the front door's own team still sees no child's record */
    fx_user(f, "pc.plod", "pc.plod", ROLE_PARTNER, "Front Door", &f->police);
    fx_user(f, "nurse", "nurse", ROLE_PARTNER, "Health", &f->health);
    fx_user(f, "ana", "ana", ROLE_ANALYST, "Performance", &f->analyst);
    fx_user(f, "sam", "sam", ROLE_SOCIAL_WORKER, "Front Door", &f->sw);
    const char *names[2] = {"Amy", "Ben"};
    for (int i = 0; i < 2; i++) {
        struct cw_new_child nc = {.given = names[i], .family = "Lee", .dob = D(2015 + i, 1, 1), .sex = "F"};
        assert_int_equal(cw_record_contact(f->s, &f->fd, 0, 0, &nc, D(2026, 1, 5), "6", "Bruising seen at school", 5,
                                           &f->kid[i], &f->contact[i], &e),
                         HE_OK);
    }
    *state = f;
    return 0;
}

static int64_t rows(struct fx *f, const char *table)
{
    struct err e;
    int64_t n = -1;
    char sql[80];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    assert_int_equal(db_run(store_db(f->s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return n;
}

static void test_role(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(cw_role_parse("partner"), ROLE_PARTNER);
    assert_int_equal(cw_role_parse("Partner agency officer"), ROLE_PARTNER);
    assert_string_equal(cw_role_key(ROLE_PARTNER), "partner");
    assert_false(cw_role_opens_records(ROLE_PARTNER));
    assert_true(cw_role_opens_records(ROLE_FRONT_DOOR));
    /* in the front door's team, yet no record, no list of children, no front door list */
    bool ok = true;
    assert_int_equal(cw_can_see(f->s, &f->police, f->kid[0], &ok, &e), HE_OK);
    assert_false(ok);
    assert_int_equal(cw_can_see(f->s, &f->sw, f->kid[0], &ok, &e), HE_OK);
    assert_true(ok); /* the same team's social worker does */
    struct cw_child_row kids[4];
    int n = -1;
    assert_int_equal(cw_my_children(f->s, &f->police, kids, 4, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cw_search(f->s, &f->police, "Lee", kids, 4, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    struct cw_contact_row cs[4];
    assert_int_equal(cw_open_contacts(f->s, &f->police, cs, 4, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    enum tr_access a;
    bool restricted;
    assert_int_equal(tr_access(f->s, &f->police, f->kid[0], 0, 0, &a, &restricted, &e), HE_OK);
    assert_int_equal(a, TR_NO_ACCESS);
    assert_string_equal(mash_agency_of_team("Police (MASH)"), "police");
    assert_string_equal(mash_agency_of_team("health"), "health");
    assert_null(mash_agency_of_team("Policed"));
    assert_null(mash_agency_of_team("Front Door"));
}

static void test_hub(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id a = f->contact[0], b = f->contact[1];
    /* refusals: nothing stored */
    assert_int_equal(mash_add(f->s, &f->police, a, "given", "Mother, by telephone", 10, &e), HE_INPUT);
    assert_int_equal(mash_add(f->s, &f->sw, a, "given", "Mother, by telephone", 10, &e), HE_INPUT);
    assert_int_equal(mash_add(f->s, &f->fd, a, "maybe", "x", 10, &e), HE_INPUT);
    assert_string_equal(e.field, "consent");
    assert_int_equal(mash_add(f->s, &f->fd, a, "overridden", "  \n", 10, &e), HE_INPUT);
    assert_string_equal(e.field, "consent_note");
    assert_int_equal(mash_add(f->s, &f->fd, 999999, "given", "Mother", 10, &e), HE_INPUT);
    assert_int_equal(rows(f, "mash_contact"), 0);
    /* in: consent overridden, with the reason */
    assert_int_equal(mash_add(f->s, &f->fd, a, "overridden", "Asking would put the child at risk", 10, &e), HE_OK);
    assert_int_equal(mash_add(f->s, &f->fd, a, "given", "Mother", 11, &e), HE_INPUT); /* already in */
    /* the partner's hub: contact a only */
    struct mash_row list[8];
    int n = -1;
    assert_int_equal(mash_list(f->s, &f->police, list, 8, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].contact, a);
    assert_string_equal(list[0].given, "Amy");
    assert_true(list[0].in_hub);
    bool ok;
    assert_int_equal(mash_partner_sees(f->s, &f->police, a, &ok, &e), HE_OK);
    assert_true(ok);
    assert_int_equal(mash_partner_sees(f->s, &f->police, b, &ok, &e), HE_OK);
    assert_false(ok); /* never another contact */
    assert_int_equal(mash_partner_sees(f->s, &f->fd, a, &ok, &e), HE_OK);
    assert_false(ok); /* the question is a partner's only */
    /* the front door's list: both waiting, one in the hub */
    assert_int_equal(mash_list(f->s, &f->fd, list, 8, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].in_hub + list[1].in_hub, 1);
    assert_int_equal(mash_list(f->s, &f->analyst, list, 8, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    /* agency checks */
    int64_t id;
    assert_int_equal(mash_check_add(f->s, &f->police, a, "police", "Two call-outs to the address in March", 20, &id, &e),
                     HE_OK);
    assert_true(id > 0);
    assert_int_equal(mash_check_add(f->s, &f->health, a, "health", "Missed two health visitor appointments", 30, &id, &e),
                     HE_OK);
    assert_int_equal(mash_check_add(f->s, &f->police, b, "police", "Nothing", 20, &id, &e), HE_INPUT);
    assert_int_equal(mash_check_add(f->s, &f->police, a, "army", "Nothing", 20, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "agency");
    assert_int_equal(mash_check_add(f->s, &f->police, a, "police", "", 20, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "known");
    assert_int_equal(mash_check_add(f->s, &f->analyst, a, "police", "x", 20, &id, &e), HE_INPUT);
    assert_int_equal(rows(f, "mash_check"), 2);
    /* the rating: the front door's, with its reason */
    assert_int_equal(mash_rate(f->s, &f->police, a, "red", "x", 40, &e), HE_INPUT);
    assert_int_equal(mash_rate(f->s, &f->fd, a, "purple", "x", 40, &e), HE_INPUT);
    assert_string_equal(e.field, "rag");
    assert_int_equal(mash_rate(f->s, &f->fd, a, "amber", "", 40, &e), HE_INPUT);
    assert_string_equal(e.field, "rag_reason");
    assert_int_equal(mash_rate(f->s, &f->fd, b, "red", "x", 40, &e), HE_INPUT); /* not in the hub */
    assert_int_equal(mash_rate(f->s, &f->fd, a, "red", "Police and health both worried", 40, &e), HE_OK);
    struct mash_contact c;
    bool found;
    assert_int_equal(mash_get(f->s, a, &c, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(c.consent, "overridden");
    assert_string_equal(c.consent_note, "Asking would put the child at risk");
    assert_string_equal(c.rag, "red");
    assert_string_equal(c.rag_by, "fran");
    assert_string_equal(c.concerns, "Bruising seen at school");
    assert_int_equal(c.n_checks, 2);
    assert_string_equal(c.checks[0].agency, "police");
    assert_string_equal(c.checks[0].officer, "pc.plod");
    assert_int_equal(c.checks[0].at, 20);
    assert_string_equal(c.checks[1].known, "Missed two health visitor appointments");
    assert_int_equal(c.date, D(2026, 1, 5));
    mash_contact_free(&c);
    /* the chronology's events: brought in, the checks, the rating, oldest first */
    struct mash_event ev[8];
    assert_int_equal(mash_child_events(f->s, f->kid[0], ev, 8, &n, &e), HE_OK);
    assert_int_equal(n, 4);
    assert_string_equal(ev[0].what, "Brought into the hub, consent overridden");
    assert_string_equal(ev[1].what, "Police check in the hub");
    assert_string_equal(ev[2].what, "Health check in the hub");
    assert_string_equal(ev[3].what, "Rated red in the hub");
    assert_int_equal(ev[3].day, date_from_ymd(1970, 1, 1));
    assert_int_equal(mash_child_events(f->s, f->kid[1], ev, 8, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(mash_get(f->s, b, &c, &found, &e), HE_OK);
    assert_false(found);
    /* decided: out of the partners' sight, and closed to more */
    rec_id ep;
    int64_t v;
    assert_int_equal(cw_version(f->s, f->kid[0], &v, &e), HE_OK);
    assert_int_equal(cw_decide_contact(f->s, &f->fd, a, v, "NFA", D(2026, 1, 6), NULL, &ep, &e), HE_OK);
    assert_int_equal(mash_list(f->s, &f->police, list, 8, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(mash_partner_sees(f->s, &f->police, a, &ok, &e), HE_OK);
    assert_false(ok);
    assert_int_equal(mash_check_add(f->s, &f->police, a, "police", "late", 50, &id, &e), HE_INPUT);
    assert_int_equal(mash_check_add(f->s, &f->fd, a, "social_care", "late", 50, &id, &e), HE_INPUT);
    assert_int_equal(mash_rate(f->s, &f->fd, a, "green", "late", 50, &e), HE_INPUT);
    assert_int_equal(rows(f, "mash_check"), 2);
}

static void test_restricted(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(mash_add(f->s, &f->fd, f->contact[0], "given", "Father", 10, &e), HE_OK);
    assert_int_equal(mash_add(f->s, &f->fd, f->contact[1], "given", "Mother", 10, &e), HE_OK);
    assert_int_equal(tr_restrict(f->s, f->kid[1], "Adopted", f->fd.id, 11, &e), HE_OK);
    struct mash_row list[8];
    int n;
    assert_int_equal(mash_list(f->s, &f->health, list, 8, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].contact, f->contact[0]);
    bool ok = true;
    assert_int_equal(mash_partner_sees(f->s, &f->health, f->contact[1], &ok, &e), HE_OK);
    assert_false(ok);
    int64_t id;
    assert_int_equal(mash_check_add(f->s, &f->health, f->contact[1], "health", "x", 12, &id, &e), HE_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restricted, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "mash", tests, NULL, NULL);
}
