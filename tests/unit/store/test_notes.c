/* Case notes (store/notes.h) on both stores: one note on three siblings' records, every
 * version kept with who wrote it, a stale amendment refused and nothing written, pages
 * newest first with filters, the chronology's cursor, and the manager's oversight list. */
#include "teststore.h"

#include "store/casework.h"
#include "store/notes.h"
#include "store/db.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "store/workflow.h"
#include "store/store.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw, other;
    rec_id kids[3];
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "n.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->sw, &found, &e), HE_OK);
    assert_int_equal(cw_user_add(f->s, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->other, &found, &e), HE_OK);
    const char *names[3] = {"Amy", "Ben", "Cal"};
    for (int i = 0; i < 3; i++) {
        struct cw_new_child nc = {.given = names[i], .family = "Lee", .dob = D(2015 + i, 1, 1), .sex = "F"};
        rec_id contact;
        assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2026, 1, 5), "6", "x", 5, &f->kids[i],
                                           &contact, &e), HE_OK);
    }
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

static struct note_in visit(day_t day, int minute, const char *body)
{
    return (struct note_in){.kind = "home_visit", .day = day, .minute = minute, .present = "Mum, Amy, Ben, Cal",
                            .seen = 1, .seen_alone = 1, .body = body, .significant = false};
}

static void test_siblings_and_versions(void **state)
{
    struct fx *f = *state;
    struct err e;
    /* a long note, paragraphs as typed */
    size_t len = 60000;
    char *body = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        body[i] = i % 100 == 99 ? '\n' : (char)('a' + i % 26);
    body[len] = 0;
    struct note_in in = visit(D(2026, 3, 2), 14 * 60 + 30, body);
    in.oversight = true;
    int64_t id;
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 3, 100, &id, &e), HE_OK);
    for (int i = 0; i < 3; i++) { /* one note on each of the three records */
        struct note n;
        bool found;
        assert_int_equal(notes_get(f->s, f->kids[i], id, &n, &found, &e), HE_OK);
        assert_true(found);
        assert_int_equal(n.n_children, 3);
        assert_string_equal(n.body, body);
        assert_string_equal(n.author, "Sam Worker");
        assert_int_equal(n.seen_alone, 1);
        assert_int_equal(n.minute, 14 * 60 + 30);
        note_free(&n);
    }
    /* the manager amends at version 1; the worker's amendment, also made at version 1, is stale */
    struct note_in v2 = visit(D(2026, 3, 2), 15 * 60, "Corrected: we met at three.");
    v2.seen_alone = 0;
    v2.significant = true;
    assert_int_equal(notes_amend(f->s, &f->other, id, 1, &v2, 200, &e), HE_OK);
    struct note_in late = visit(D(2026, 3, 2), 9 * 60, "mine");
    assert_int_equal(notes_amend(f->s, &f->sw, id, 1, &late, 300, &e), HE_INPUT);
    assert_string_equal(e.field, "version");
    assert_non_null(strstr(e.msg, "Tia Manager"));
    struct note *vs;
    int nv;
    assert_int_equal(notes_versions(f->s, id, &vs, &nv, &e), HE_OK);
    assert_int_equal(nv, 2); /* the stale one wrote nothing */
    assert_string_equal(vs[0].body, body);
    assert_string_equal(vs[0].by, "Sam Worker");
    assert_int_equal(vs[0].at, 100);
    assert_int_equal(vs[0].seen_alone, 1);
    assert_string_equal(vs[1].body, "Corrected: we met at three.");
    assert_string_equal(vs[1].by, "Tia Manager");
    assert_string_equal(vs[1].author, "Sam Worker"); /* the note's author stays */
    assert_int_equal(vs[1].seen_alone, 0);
    assert_int_equal(vs[1].current, 2);
    notes_free(vs, nv);
    /* the children's lists follow the current version */
    struct note_filter sig = {.significant = true};
    int64_t count;
    assert_int_equal(notes_count(f->s, f->kids[2], &sig, &count, &e), HE_OK);
    assert_int_equal(count, 1);
    free(body);
}

static void test_refusals(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    struct note_in in = visit(D(2026, 3, 2), 600, "x");
    in.kind = "party";
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 1, 1, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "kind");
    in = visit(D(2026, 3, 2), 600, "x");
    rec_id nobody[2] = {f->kids[0], 999999};
    assert_int_equal(notes_add(f->s, &f->sw, &in, nobody, 2, 1, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "children");
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 0, 1, &id, &e), HE_INPUT);
    in.seen = 0; /* seen alone but not seen */
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 1, 1, &id, &e), HE_INPUT);
    int64_t count;
    assert_int_equal(notes_count(f->s, f->kids[0], NULL, &count, &e), HE_OK);
    assert_int_equal(count, 0); /* nothing half-written */
    /* a note is found only through a child it concerns */
    in = visit(D(2026, 3, 2), 600, "only Amy");
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 1, 1, &id, &e), HE_OK);
    struct note n;
    bool found = true;
    assert_int_equal(notes_get(f->s, f->kids[1], id, &n, &found, &e), HE_OK);
    assert_false(found);
}

static void test_pages(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id;
    /* 60 notes: every third a telephone call, every tenth significant; two at the same time */
    for (int i = 0; i < 60; i++) {
        char body[64];
        snprintf(body, sizeof body, "note %d", i);
        struct note_in in = visit(D(2026, 1, 1) + i, i == 59 ? 600 - 60 * 0 : 600, body);
        if (i % 3 == 0)
            in.kind = "telephone", in.seen = -1, in.seen_alone = -1;
        in.significant = i % 10 == 0;
        if (i == 59)
            in.day = D(2026, 1, 1) + 58; /* same day and minute as note 58 */
        assert_int_equal(notes_add(f->s, &f->sw, &in, &f->kids[0], 1, i, &id, &e), HE_OK);
    }
    struct note *p;
    int n;
    bool more;
    assert_int_equal(notes_page(f->s, f->kids[0], NULL, 0, 25, 4, &p, &n, &more, &e), HE_OK);
    assert_int_equal(n, 25);
    assert_true(more);
    assert_string_equal(p[0].body, "note"); /* 4 characters of "note 59": cut */
    assert_true(p[0].body_cut);
    assert_true(p[0].key >= p[1].key && p[1].key >= p[24].key);
    assert_true(p[0].id > p[1].id); /* same time: the later note first */
    notes_free(p, n);
    assert_int_equal(notes_page(f->s, f->kids[0], NULL, 50, 25, 100, &p, &n, &more, &e), HE_OK);
    assert_int_equal(n, 10);
    assert_false(more);
    assert_string_equal(p[9].body, "note 0");
    assert_false(p[9].body_cut);
    notes_free(p, n);
    struct note_filter tel = {.kind = "telephone"}, sig = {.significant = true};
    int64_t count;
    assert_int_equal(notes_count(f->s, f->kids[0], &tel, &count, &e), HE_OK);
    assert_int_equal(count, 20);
    assert_int_equal(notes_count(f->s, f->kids[0], &sig, &count, &e), HE_OK);
    assert_int_equal(count, 6);
    assert_int_equal(notes_page(f->s, f->kids[0], &tel, 0, 100, 100, &p, &n, &more, &e), HE_OK);
    assert_int_equal(n, 20);
    for (int i = 0; i < n; i++)
        assert_string_equal(p[i].kind, "telephone");
    assert_int_equal(p[0].seen, -1);
    notes_free(p, n);
    /* the chronology's cursor walks every note once, newest first */
    int64_t key = 0, last = 0, seen = 0;
    for (;;) {
        assert_int_equal(notes_before(f->s, f->kids[0], NULL, key, last, 7, 50, &p, &n, &e), HE_OK);
        if (!n)
            break;
        for (int i = 0; i < n; i++, seen++)
            assert_true(!key || p[i].key < key || (p[i].key == key && p[i].id < last));
        key = p[n - 1].key;
        last = p[n - 1].id;
        notes_free(p, n);
    }
    assert_int_equal(seen, 60);
}

/* A note marked for management oversight is in the manager's tray of the team holding the
 * child, sent with the note; returned, then amended, it goes back; authorised there, it is
 * overseen by that manager. */
static void test_oversight(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t a, b;
    struct note_in in = visit(D(2026, 3, 2), 600, "please look");
    in.oversight = true;
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 2, 1, &a, &e), HE_OK);
    in.oversight = false;
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 2, 1, &b, &e), HE_OK);
    struct wf_request *q;
    size_t n;
    assert_int_equal(wf_tray(f->s, f->other.team_id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].kind, "case_note");
    assert_int_equal(q[0].record, a);
    assert_int_equal(q[0].person, f->kids[0] < f->kids[1] ? f->kids[0] : f->kids[1]);
    int64_t id = q[0].id;
    free(q);
    assert_int_equal(wf_tray(f->s, f->other.team_id + 1000, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
    /* returned with the reason; amended, it is sent again */
    assert_int_equal(wf_decide(f->s, &f->other, id, false, "Say who else was there.", D(2026, 3, 3), 40, &e),
                     HE_OK);
    assert_int_equal(wf_returned(f->s, f->sw.id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].comment, "Say who else was there.");
    free(q);
    in = visit(D(2026, 3, 2), 600, "please look: Mrs Lee was there too");
    in.oversight = true;
    assert_int_equal(notes_amend(f->s, &f->sw, a, 1, &in, 45, &e), HE_OK);
    assert_int_equal(wf_tray(f->s, f->other.team_id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    id = q[0].id;
    free(q);
    assert_int_equal(wf_decide(f->s, &f->other, id, true, "Read.", D(2026, 3, 3), 50, &e), HE_OK);
    struct note got;
    bool found;
    assert_int_equal(notes_get(f->s, f->kids[0], a, &got, &found, &e), HE_OK);
    assert_true(found);
    assert_int_equal(got.overseen_by, f->other.id);
    assert_int_equal(got.overseen_at, 50);
    note_free(&got);
    assert_int_equal(wf_tray(f->s, f->other.team_id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
    /* overseen: amending it again sends nothing */
    assert_int_equal(notes_amend(f->s, &f->sw, a, 2, &in, 55, &e), HE_OK);
    assert_int_equal(wf_tray(f->s, f->other.team_id, &q, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    free(q);
}

/* A child's deletion under the retention schedule takes the notes that concern only them,
 * with every version; a visit shared with siblings stays on theirs without the child. */
static void test_deleted_with_the_child(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t own, shared;
    struct note_in in = visit(D(2026, 3, 2), 600, "Seen at home.");
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 1, 10, &own, &e), HE_OK);
    assert_int_equal(notes_amend(f->s, &f->sw, own, 1, &in, 11, &e), HE_OK);
    assert_int_equal(notes_add(f->s, &f->sw, &in, f->kids, 3, 12, &shared, &e), HE_OK);
    assert_int_equal(tr_delete_person(f->s, f->kids[0], "test", D(2027, 1, 1), "admin", 50, &e), HE_OK);
    struct db *d = store_db(f->s);
    int64_t n;
    assert_int_equal(DB_INT(d, &e, &n, "SELECT count(*) FROM case_note WHERE id = ?", DB_I(own)), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(DB_INT(d, &e, &n, "SELECT count(*) FROM case_note_version WHERE note_id = ?", DB_I(own)), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(DB_INT(d, &e, &n, "SELECT count(*) FROM case_note_child WHERE person_id = ?", DB_I(f->kids[0])),
                     HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(DB_INT(d, &e, &n, "SELECT count(*) FROM case_note_child WHERE note_id = ?", DB_I(shared)), HE_OK);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_siblings_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversight, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_with_the_child, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "notes", tests, NULL, NULL);
}
