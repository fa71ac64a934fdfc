/* The child's details, addresses, family network and merges (store/people.h) on both
 * stores: a change keeps the old value; a code outside the DfE's lists and a stale version
 * are refused with nothing written; a merge moves every event and note and is undone. */
#include "teststore.h"

#include "model/stages.h"
#include "store/casework.h"
#include "store/notes.h"
#include "store/people.h"
#include "store/stages.h"
#include "store/db.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "store/store.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user u;
    rec_id child;
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int64_t version(struct fx *f, rec_id who)
{
    struct err e;
    int64_t v = 0;
    assert_int_equal(cw_version(f->s, who, &v, &e), HE_OK);
    return v;
}

static rec_id new_child(struct fx *f, const char *given, day_t dob, day_t contact_day, const char *source)
{
    struct err e;
    struct cw_new_child nc = {.given = given, .family = "Dale", .dob = dob, .sex = "F"};
    rec_id child, contact;
    assert_int_equal(cw_record_contact(f->s, &f->u, 0, 0, &nc, contact_day, source, "x", 5, &child, &contact, &e),
                     HE_OK);
    return child;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "s.db");
    if (test_db_open(&f->t, STORE_CREATE, &f->s, &e) != HE_OK)
        fail_msg("%s", e.msg);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "tm", "Team Manager", ROLE_ADMIN, "Front Door", "h1", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->u, &found, &e), HE_OK);
    f->child = new_child(f, "Amy", D(2015, 4, 2), D(2026, 1, 5), "2A");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

static int field_index(const char *key) { return (int)(people_field(key) - people_fields); }

static void test_details(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t now = 1780000000;
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "ethnicity", "XXXX", 0, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "ethnicity");
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "disabilities", "NONE,MOB", 0,
                                &e), HE_INPUT);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child) - 1, f->u.id, now, "ethnicity", "WBRI", 0, &e),
                     HE_INPUT);
    assert_string_equal(e.field, "version");
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "nosuch", "1", 0, &e), HE_INPUT);
    struct people_file pf;
    assert_int_equal(people_load(f->s, f->child, &pf, &e), HE_OK);
    assert_int_equal(pf.n_changes, 0); /* the refusals wrote nothing */
    assert_null(pf.detail[field_index("ethnicity")]);
    people_file_free(&pf);

    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "ethnicity", "WBRI", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 1, "ethnicity", "MWBC", 0, &e),
                     HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 2, "disabilities", "MOB,HEAR", 0,
                                &e), HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 3, "dob", NULL, D(2015, 4, 3), &e),
                     HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 4, "language", "Polish", 0, &e),
                     HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 5, "language", "Polish", 0, &e),
                     HE_OK); /* unchanged: nothing kept */
    /* the returns read the corrected values */
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_string_equal(cf.person.ethnicity, "MWBC");
    assert_string_equal(cf.person.disabilities, "MOB,HEAR");
    assert_int_equal(cf.person.dob, D(2015, 4, 3));
    child_file_free(&cf);
    assert_int_equal(people_load(f->s, f->child, &pf, &e), HE_OK);
    assert_int_equal(pf.n_changes, 5);
    assert_string_equal(pf.changes[0].field, "language");
    assert_string_equal(pf.changes[1].old_value, "2015-04-02");
    assert_string_equal(pf.changes[1].new_value, "2015-04-03");
    assert_string_equal(pf.changes[3].old_value, "WBRI");
    assert_string_equal(pf.changes[3].new_value, "MWBC");
    assert_string_equal(pf.changes[3].by, "Team Manager");
    assert_string_equal(pf.detail[field_index("language")], "Polish");
    people_file_free(&pf);
    /* clearing a detail keeps the old value */
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now + 6, "language", "", 0, &e), HE_OK);
    assert_int_equal(people_load(f->s, f->child, &pf, &e), HE_OK);
    assert_null(pf.detail[field_index("language")]);
    assert_string_equal(pf.changes[0].old_value, "Polish");
    assert_null(pf.changes[0].new_value);
    people_file_free(&pf);
}

static void test_addresses(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(people_address_add(f->s, f->child, version(f, f->child), f->u.id, 1, "1 High St, Leeds",
                                        "LS1 1AA", D(2020, 1, 1), &e), HE_OK);
    assert_int_equal(people_address_add(f->s, f->child, version(f, f->child), f->u.id, 2, "2 Low St, Leeds",
                                        "LS2 2BB", D(2019, 1, 1), &e), HE_INPUT);
    assert_string_equal(e.field, "start");
    assert_int_equal(people_address_add(f->s, f->child, version(f, f->child), f->u.id, 3, "2 Low St, Leeds",
                                        "LS2 2BB", D(2025, 6, 1), &e), HE_OK);
    struct people_professional p = {.role = "Health visitor", .name = "Kim Ray", .agency = "NHS", .contact = "0113",
                                    .start = D(2025, 1, 1)};
    assert_int_equal(people_professional_add(f->s, f->child, version(f, f->child), f->u.id, 4, &p, &e), HE_OK);
    struct people_file pf;
    assert_int_equal(people_load(f->s, f->child, &pf, &e), HE_OK);
    assert_int_equal(pf.n_addresses, 2);
    assert_string_equal(pf.addresses[0].postcode, "LS2 2BB");
    assert_int_equal(pf.addresses[0].end, DAY_NONE);
    assert_int_equal(pf.addresses[1].end, D(2025, 5, 31));
    assert_int_equal(pf.n_pros, 1);
    assert_string_equal(pf.pros[0].name, "Kim Ray");
    assert_int_equal(people_professional_end(f->s, f->child, version(f, f->child), f->u.id, 5, pf.pros[0].id,
                                             D(2024, 1, 1), &e), HE_INPUT);
    assert_int_equal(people_professional_end(f->s, f->child, version(f, f->child), f->u.id, 5, pf.pros[0].id,
                                             D(2026, 1, 1), &e), HE_OK);
    people_file_free(&pf);
}

static void test_alerts(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(people_alert_add(f->s, f->child, version(f, f->child), f->u.id, 1, "NOSUCH", "x", D(2026, 1, 1),
                                      DAY_NONE, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    assert_int_equal(people_alert_add(f->s, f->child, version(f, f->child), f->u.id, 1, "MISSING", "x", D(2026, 1, 2),
                                      D(2026, 1, 1), &e), HE_INPUT);
    assert_string_equal(e.field, "end");
    assert_int_equal(people_alert_add(f->s, f->child, version(f, f->child), f->u.id, 1, "STAFF_RISK", "Dog",
                                      D(2026, 1, 1), DAY_NONE, &e), HE_OK);
    assert_int_equal(people_alert_add(f->s, f->child, version(f, f->child), f->u.id, 2, "MISSING", "Ran off",
                                      D(2026, 1, 1), D(2026, 2, 1), &e), HE_OK);
    struct people_alerts a;
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 1, 15), &a, &e), HE_OK);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.v[0].kind, "STAFF_RISK"); /* open-ended first */
    people_alerts_free(&a);
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 3, 1), &a, &e), HE_OK);
    assert_int_equal(a.n, 1); /* the missing alert has ended */
    people_alerts_free(&a);
    assert_int_equal(people_alerts(f->s, f->child, D(2025, 12, 31), &a, &e), HE_OK);
    assert_int_equal(a.n, 0); /* not started */
    people_alerts_free(&a);
    assert_int_equal(people_alerts(f->s, f->child, DAY_NONE, &a, &e), HE_OK);
    assert_int_equal(a.n, 2);
    people_alerts_free(&a);
    /* the staff alert ended early today (2026-01-20), with a reason kept in the history */
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 1, 20), &a, &e), HE_OK);
    int64_t staff = a.v[0].id;
    people_alerts_free(&a);
    int64_t today = (int64_t)(D(2026, 1, 20) - 2440588) * 86400 + 3600;
    assert_int_equal(people_alert_end(f->s, f->child, version(f, f->child), f->u.id, today, staff, "", &e), HE_INPUT);
    assert_string_equal(e.field, "reason");
    assert_int_equal(people_alert_end(f->s, f->child, version(f, f->child) - 1, f->u.id, today, staff, "Dog rehomed",
                                      &e), HE_INPUT);
    assert_int_equal(people_alert_end(f->s, f->child, version(f, f->child), f->u.id, today, staff, "Dog rehomed", &e),
                     HE_OK);
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 1, 20), &a, &e), HE_OK);
    assert_int_equal(a.n, 1); /* over from today */
    assert_string_equal(a.v[0].kind, "MISSING");
    people_alerts_free(&a);
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 1, 19), &a, &e), HE_OK);
    assert_int_equal(a.n, 2); /* it was there yesterday */
    people_alerts_free(&a);
    assert_int_equal(people_alerts(f->s, f->child, DAY_NONE, &a, &e), HE_OK);
    bool seen_end = false;
    for (int i = 0; i < a.n; i++)
        if (a.v[i].id == staff) {
            seen_end = true;
            assert_int_equal(a.v[i].end, D(2026, 1, 20));
            assert_string_equal(a.v[i].end_reason, "Dog rehomed");
        }
    assert_true(seen_end);
    people_alerts_free(&a);
    assert_int_equal(people_alert_end(f->s, f->child, version(f, f->child), f->u.id, today, staff, "Again", &e),
                     HE_INPUT); /* already ended */
    struct people_file pf;
    assert_int_equal(people_load(f->s, f->child, &pf, &e), HE_OK);
    assert_string_equal(pf.changes[0].field, "alert_end");
    assert_string_equal(pf.changes[0].new_value, "STAFF_RISK: Dog rehomed");
    people_file_free(&pf);
    /* an alert that has not started yet ends on its start and is never shown */
    assert_int_equal(people_alert_add(f->s, f->child, version(f, f->child), f->u.id, today, "OTHER", "Court",
                                      D(2026, 2, 10), DAY_NONE, &e), HE_OK);
    assert_int_equal(people_alerts(f->s, f->child, DAY_NONE, &a, &e), HE_OK);
    int64_t later = a.v[0].id;
    people_alerts_free(&a);
    assert_int_equal(people_alert_end(f->s, f->child, version(f, f->child), f->u.id, today, later, "Withdrawn", &e),
                     HE_OK);
    assert_int_equal(people_alerts(f->s, f->child, D(2026, 2, 10), &a, &e), HE_OK);
    assert_int_equal(a.n, 0);
    people_alerts_free(&a);
}

static void test_network(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct st_relative mum = {.given = "Jo", .family = "Dale", .dob = D(1990, 2, 3)};
    assert_int_equal(st_relationship_add(f->s, f->child, version(f, f->child), &mum, "MOTHER", 1, &e), HE_OK);
    struct child_extra x;
    assert_int_equal(st_load_extra(f->s, f->child, &x, &e), HE_OK);
    char mum_id[40];
    snprintf(mum_id, sizeof mum_id, "%s", x.relationships[0].la_child_id);
    child_extra_free(&x);
    /* a brother recorded with the same mother on his own record */
    rec_id bro = new_child(f, "Ben", D(2017, 5, 5), D(2026, 1, 6), "2A");
    struct st_relative same = {.la_child_id = mum_id};
    assert_int_equal(st_relationship_add(f->s, bro, version(f, bro), &same, "MOTHER", 1, &e), HE_OK);
    struct people_net n;
    assert_int_equal(people_network(f->s, f->child, &n, &e), HE_OK);
    assert_int_equal(n.n, 2);
    assert_string_equal(n.v[0].kind, "MOTHER");
    assert_false(n.v[0].derived);
    assert_int_equal(n.v[1].id, bro);
    assert_string_equal(n.v[1].kind, "SIBLING");
    assert_true(n.v[1].derived);
    people_net_free(&n);
}

static void test_merge(void **state)
{
    struct fx *f = *state;
    struct err e;
    rec_id twin = new_child(f, "amy", D(2015, 4, 2), D(2026, 2, 7), "3A");
    struct note_in in = {.kind = "telephone", .day = D(2026, 2, 8), .minute = 600, .present = "", .seen = -1,
                         .seen_alone = -1, .body = "Called school"};
    int64_t note;
    assert_int_equal(notes_add(f->s, &f->u, &in, &twin, 1, 100, &note, &e), HE_OK);
    struct people_dup d[10];
    int nd = 0;
    assert_int_equal(people_duplicates(f->s, d, 10, &nd, &e), HE_OK);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].a, f->child);
    assert_int_equal(d[0].b, twin);
    assert_string_equal(d[0].reason, "name and date of birth");
    assert_int_equal(people_merge(f->s, f->child, f->child, f->u.id, 200, &(int64_t){0}, &e), HE_INPUT);
    /* the twin holds details the kept record lacks; the kept record's own stay */
    int64_t now = 1780000000;
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "ethnicity", "WBRI", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "nhs_number", "9434765919", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "language", "Polish", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "gp", "Elm Surgery", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "expected_dob", NULL, D(2015, 4, 9), &e),
                     HE_OK);
    assert_int_equal(people_set(f->s, twin, version(f, twin), f->u.id, now, "school", "Hill Primary", 0, &e), HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "school", "Vale Primary", 0, &e),
                     HE_OK);
    assert_int_equal(people_set(f->s, f->child, version(f, f->child), f->u.id, now, "ethnicity", "NOBT", 0, &e),
                     HE_OK);
    assert_int_equal(people_address_add(f->s, twin, version(f, twin), f->u.id, now, "1 Mill Lane", "ME1 1AA",
                                        D(2025, 1, 1), &e), HE_OK);
    assert_int_equal(people_alert_add(f->s, twin, version(f, twin), f->u.id, now, "MISSING", "Often out late",
                                      D(2026, 1, 1), DAY_NONE, &e), HE_OK);
    struct people_professional pro = {.role = "Health visitor", .name = "Sam Cole", .start = D(2025, 6, 1)};
    assert_int_equal(people_professional_add(f->s, twin, version(f, twin), f->u.id, now, &pro, &e), HE_OK);
    struct people_file before;
    assert_int_equal(people_load(f->s, f->child, &before, &e), HE_OK);
    int64_t m;
    assert_int_equal(people_merge(f->s, f->child, twin, f->u.id, 200, &m, &e), HE_OK);
    struct people_file kept;
    assert_int_equal(people_load(f->s, f->child, &kept, &e), HE_OK);
    assert_string_equal(kept.detail[field_index("ethnicity")], "WBRI"); /* not yet obtained counts as none */
    assert_string_equal(kept.detail[field_index("nhs_number")], "9434765919");
    assert_string_equal(kept.detail[field_index("language")], "Polish");
    assert_string_equal(kept.detail[field_index("gp")], "Elm Surgery");
    assert_string_equal(kept.detail[field_index("expected_dob")], "2015-04-09");
    assert_string_equal(kept.detail[field_index("school")], "Vale Primary"); /* the kept record's own */
    assert_int_equal(kept.n_addresses, 1);
    assert_int_equal(kept.n_pros, 1);
    people_file_free(&kept);
    struct people_alerts al;
    assert_int_equal(people_alerts(f->s, f->child, DAY_NONE, &al, &e), HE_OK);
    assert_int_equal(al.n, 1);
    people_alerts_free(&al);
    struct child_file cf;
    assert_int_equal(store_load_child(f->s, f->child, &cf, &e), HE_OK);
    assert_int_equal(cf.n_contacts, 2);
    assert_int_equal(cf.n_episodes, 0);
    child_file_free(&cf);
    int64_t nn = 0;
    assert_int_equal(notes_count(f->s, f->child, &(struct note_filter){0}, &nn, &e), HE_OK);
    assert_int_equal(nn, 1);
    assert_int_equal(people_duplicates(f->s, d, 10, &nd, &e), HE_OK);
    assert_int_equal(nd, 0); /* merged away: no longer proposed */
    assert_int_equal(people_merge(f->s, twin, f->child, f->u.id, 201, &(int64_t){0}, &e), HE_INPUT);
    struct people_file pf;
    assert_int_equal(people_load(f->s, twin, &pf, &e), HE_OK);
    assert_int_equal(pf.merged_into.kept, f->child);
    people_file_free(&pf);
    /* undone: every row goes back */
    assert_int_equal(people_merge_undo(f->s, m, f->u.id, 300, &e), HE_OK);
    assert_int_equal(people_load(f->s, f->child, &kept, &e), HE_OK);
    for (int i = 0; i < n_people_fields; i++) /* the kept record's details exactly as before */
        if (before.detail[i] || kept.detail[i]) {
            assert_non_null(before.detail[i]);
            assert_non_null(kept.detail[i]);
            assert_string_equal(before.detail[i], kept.detail[i]);
        }
    assert_int_equal(kept.n_addresses, 0);
    assert_int_equal(kept.n_pros, 0);
    people_file_free(&kept);
    people_file_free(&before);
    assert_int_equal(people_load(f->s, twin, &kept, &e), HE_OK);
    assert_string_equal(kept.detail[field_index("ethnicity")], "WBRI");
    assert_string_equal(kept.detail[field_index("language")], "Polish");
    assert_int_equal(kept.n_addresses, 1);
    people_file_free(&kept);
    assert_int_equal(store_load_child(f->s, twin, &cf, &e), HE_OK);
    assert_int_equal(cf.n_contacts, 1);
    child_file_free(&cf);
    assert_int_equal(notes_count(f->s, twin, &(struct note_filter){0}, &nn, &e), HE_OK);
    assert_int_equal(nn, 1);
    assert_int_equal(people_merge_undo(f->s, m, f->u.id, 300, &e), HE_INPUT);
    /* merged again and confirmed: no longer undone */
    assert_int_equal(people_merge(f->s, f->child, twin, f->u.id, 400, &m, &e), HE_OK);
    assert_int_equal(people_merge_confirm(f->s, m, f->u.id, 500, &e), HE_OK);
    assert_int_equal(people_merge_undo(f->s, m, f->u.id, 600, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "confirmed"));
}

/* A deletion under the retention schedule takes the child's details with their history,
 * addresses, professionals, alerts and merges, and leaves another child's alone. */
static void test_retention(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t now = 1780000000;
    rec_id twin = new_child(f, "amy", D(2015, 4, 2), D(2026, 2, 7), "3A");
    rec_id other = new_child(f, "Zoe", D(2014, 1, 1), D(2026, 2, 7), "3A");
    rec_id both[] = {twin, other};
    for (int i = 0; i < 2; i++) {
        rec_id p = both[i];
        assert_int_equal(people_set(f->s, p, version(f, p), f->u.id, now, "language", "Polish", 0, &e), HE_OK);
        assert_int_equal(people_set(f->s, p, version(f, p), f->u.id, now, "ethnicity", "WBRI", 0, &e), HE_OK);
        assert_int_equal(people_address_add(f->s, p, version(f, p), f->u.id, now, "1 Mill Lane", "ME1 1AA",
                                            D(2025, 1, 1), &e), HE_OK);
        assert_int_equal(people_alert_add(f->s, p, version(f, p), f->u.id, now, "MISSING", "Out late",
                                          D(2026, 1, 1), DAY_NONE, &e), HE_OK);
        struct people_professional pro = {.role = "GP", .name = "Dr Cole", .start = D(2025, 6, 1)};
        assert_int_equal(people_professional_add(f->s, p, version(f, p), f->u.id, now, &pro, &e), HE_OK);
    }
    int64_t m;
    assert_int_equal(people_merge(f->s, f->child, twin, f->u.id, now, &m, &e), HE_OK);
    assert_int_equal(tr_delete_person(f->s, f->child, "test", D(2026, 5, 31), "test", now, &e), HE_OK);
    static const char *const tables[] = {"person_detail", "person_change", "person_address", "professional",
                                         "person_alert", "merge_detail", "merge_move", "person_merge"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[120];
        int64_t n = -1;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s", tables[i],
                 i < 5 ? "person_id = ?" : i < 7 ? "merge_id = ?" : "id = ?");
        assert_int_equal(DB_INT(store_db(f->s), &e, &n, sql, DB_I(i < 5 ? f->child : m)), HE_OK);
        if (n)
            fail_msg("%s still holds %lld rows of the deleted child", tables[i], (long long)n);
    }
    struct people_file pf;
    assert_int_equal(people_load(f->s, other, &pf, &e), HE_OK);
    assert_string_equal(pf.detail[field_index("language")], "Polish");
    assert_int_equal(pf.n_addresses, 1);
    assert_int_equal(pf.n_pros, 1);
    assert_true(pf.n_changes >= 3);
    people_file_free(&pf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alerts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_network, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "people", tests, NULL, NULL);
}
