/* Lists' masking of records the user may not open, on both stores: tr_mask_children and
 * tr_mask_contacts ask for a whole list in one statement (64 rows at a time), so a list of
 * 150 rows with every kind of access in it - own team, another team's, restricted, named,
 * excluded, adopted, an id asked twice, one that does not exist - must give each row what
 * tr_hidden_name gives that child alone. A search leaves such a row out altogether. */
#include "teststore.h"

#include "store/audit.h"
#include "store/casework.h"
#include "store/store.h"
#include "store/trust.h"

static enum test_backend backend;

#define N_KIDS 150

struct fx {
    char *dir;
    struct test_db db;
    struct store *s;
    struct cw_user north, south, admin, analyst;
    rec_id kids[N_KIDS];
};

static struct cw_user add_user(struct store *s, const char *name, enum cw_role role, const char *team)
{
    struct err e;
    int64_t id;
    bool found;
    struct cw_user u;
    assert_int_equal(cw_user_add(s, name, name, role, team, "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, id, &u, &found, &e), HE_OK);
    return u;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->db, backend, f->dir, "m.db");
    assert_int_equal(test_db_open(&f->db, STORE_CREATE, &f->s, &e), HE_OK);
    f->north = add_user(f->s, "north", ROLE_SOCIAL_WORKER, "North");
    f->south = add_user(f->s, "south", ROLE_SOCIAL_WORKER, "South");
    f->admin = add_user(f->s, "admin", ROLE_ADMIN, NULL);
    f->analyst = add_user(f->s, "analyst", ROLE_ANALYST, NULL);
    assert_int_equal(store_begin(f->s, &e), HE_OK);
    for (int i = 0; i < N_KIDS; i++) {
        char la[16], given[16];
        snprintf(la, sizeof la, "K%d", i);
        snprintf(given, sizeof given, "Kid%d", i);
        struct person p = {.la_child_id = la, .given_name = given, .family_name = "Test",
                           .dob = date_from_ymd(2015, 1, 1), .mother = -1};
        assert_int_equal(store_put_person(f->s, 2024, &p, &f->kids[i], NULL, &e), HE_OK);
        if (i % 11 == 5) { /* adopted: restricted without anyone asking */
            struct la_episode la_ep = {.person = f->kids[i], .decom = date_from_ymd(2016, 1, 1),
                                       .dec = date_from_ymd(2018, 1, 1), .rec = "E11", .rne = "S", .ls = "E1"};
            assert_int_equal(store_put_la_episode(f->s, 2018, &la_ep, NULL, NULL, &e), HE_OK);
        }
    }
    assert_int_equal(store_commit(f->s, &e), HE_OK);
    for (int i = 0; i < N_KIDS; i++) {
        int64_t team = i % 3 == 0 ? f->north.team_id : i % 3 == 1 ? f->south.team_id : 0;
        if (team)
            assert_int_equal(cw_assign(f->s, f->kids[i], team, 0, date_from_ymd(2024, 1, 1), &e), HE_OK);
        if (i % 7 == 2)
            assert_int_equal(tr_restrict(f->s, f->kids[i], "High-profile case", f->admin.id, 1000, &e), HE_OK);
        if (i % 14 == 2)
            assert_int_equal(tr_restrict_allow(f->s, f->kids[i], f->north.id, f->admin.id, 1000, &e), HE_OK);
        if (i % 13 == 4)
            assert_int_equal(tr_exclude(f->s, f->kids[i], f->north.id, "the child's aunt", &e), HE_OK);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->db, f->dir);
    free(f);
    return 0;
}

/* The list: every child (some twice), and an id no child has, in a shuffled order. */
static int list_ids(struct fx *f, rec_id *ids)
{
    int n = 0;
    for (int i = 0; i < N_KIDS; i++)
        ids[n++] = f->kids[(i * 37) % N_KIDS];
    ids[n++] = f->kids[5];
    ids[n++] = 987654321;
    ids[n++] = f->kids[2];
    return n;
}

static void test_lists_match_one_by_one(void **state)
{
    struct fx *f = *state;
    struct err e;
    const struct cw_user *users[] = {&f->north, &f->south, &f->admin, &f->analyst};
    rec_id ids[N_KIDS + 3];
    int n = list_ids(f, ids);
    int hidden = 0, shown = 0, words = 0;
    for (size_t u = 0; u < sizeof users / sizeof *users; u++) {
        struct cw_child_row kids[N_KIDS + 3];
        struct cw_contact_row contacts[N_KIDS + 3];
        memset(kids, 0, sizeof kids);
        memset(contacts, 0, sizeof contacts);
        for (int i = 0; i < n; i++) {
            kids[i].id = ids[i];
            snprintf(kids[i].given, sizeof kids[i].given, "Name%d", i);
            snprintf(kids[i].family, sizeof kids[i].family, "Family");
            kids[i].dob = date_from_ymd(2015, 1, 1);
            contacts[i].id = 1000 + i;
            contacts[i].person = ids[i];
            snprintf(contacts[i].given, sizeof contacts[i].given, "Name%d", i);
            snprintf(contacts[i].family, sizeof contacts[i].family, "Family");
        }
        assert_int_equal(tr_mask_children(f->s, users[u], kids, n, &e), HE_OK);
        assert_int_equal(tr_mask_contacts(f->s, users[u], contacts, n, &e), HE_OK);
        for (int i = 0; i < n; i++) {
            bool h;
            const char *w;
            assert_int_equal(tr_hidden_name(f->s, users[u], ids[i], &h, &w, &e), HE_OK);
            char name[16];
            snprintf(name, sizeof name, "Name%d", i);
            assert_int_equal(kids[i].hidden, h);
            assert_int_equal(contacts[i].hidden, h);
            if (h) {
                hidden++;
                words += *w != 0;
                assert_string_equal(kids[i].given, w);
                assert_string_equal(kids[i].family, "");
                assert_int_equal(kids[i].dob, DAY_NONE);
                assert_string_equal(contacts[i].given, *w ? w : "Another team's child");
                assert_string_equal(contacts[i].family, "");
            } else {
                shown++;
                assert_string_equal(kids[i].given, name);
                assert_string_equal(kids[i].family, "Family");
                assert_string_equal(contacts[i].given, name);
            }
        }
    }
    /* the list had every kind in it */
    assert_true(shown > 50);
    assert_true(hidden > 50);
    assert_true(words > 10 && words < hidden);
    /* the id no child has is hidden with no words, for everyone */
    struct cw_child_row none = {.id = 987654321, .given = "X"};
    assert_int_equal(tr_mask_children(f->s, &f->admin, &none, 1, &e), HE_OK);
    assert_true(none.hidden);
    assert_string_equal(none.given, "");
    /* an empty list is fine */
    assert_int_equal(tr_mask_children(f->s, &f->admin, NULL, 0, &e), HE_OK);
}

/* A change made after a list was masked shows at once in the next (statements are kept
 * prepared on PostgreSQL: their answers must not be). */
static void test_change_shows_next_time(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct cw_child_row row = {.id = f->kids[0], .given = "Kid0"};
    assert_int_equal(tr_mask_children(f->s, &f->north, &row, 1, &e), HE_OK);
    assert_false(row.hidden);
    assert_int_equal(tr_exclude(f->s, f->kids[0], f->north.id, "the child's neighbour", &e), HE_OK);
    snprintf(row.given, sizeof row.given, "Kid0");
    assert_int_equal(tr_mask_children(f->s, &f->north, &row, 1, &e), HE_OK);
    assert_true(row.hidden);
    assert_string_equal(row.given, TR_HIDDEN_NAME);
}

/* A search shows nothing of a child the user may not open: a row "Restricted record K9"
 * would confirm that a child of that name or number exists. */
static void test_search_leaves_out_hidden(void **state)
{
    struct fx *f = *state;
    struct err e;
    const struct cw_user *users[] = {&f->north, &f->south, &f->admin};
    int found = 0;
    for (size_t u = 0; u < sizeof users / sizeof *users; u++)
        for (int i = 0; i < N_KIDS; i++) {
            char q[16];
            snprintf(q, sizeof q, "K%d", i);
            struct cw_child_row rows[4];
            int n = -1;
            assert_int_equal(cw_search(f->s, users[u], q, rows, 4, &n, &e), HE_OK);
            assert_true(n == 0 || n == 1);
            bool h;
            const char *w;
            assert_int_equal(tr_hidden_name(f->s, users[u], f->kids[i], &h, &w, &e), HE_OK);
            if (h)
                assert_int_equal(n, 0);
            for (int k = 0; k < n; k++) {
                assert_false(rows[k].hidden);
                assert_int_equal(rows[k].id, f->kids[i]);
                found++;
            }
        }
    assert_true(found > 50);
    /* restricted (K9), adopted (K27) and excluded (K30) children of north's own team, by
     * number and by name */
    const int gone[] = {9, 27, 30};
    for (size_t k = 0; k < sizeof gone / sizeof *gone; k++) {
        char q[2][16];
        snprintf(q[0], sizeof q[0], "K%d", gone[k]);
        snprintf(q[1], sizeof q[1], "Kid%d", gone[k]);
        for (int j = 0; j < 2; j++) {
            struct cw_child_row rows[16];
            int n = -1;
            assert_int_equal(cw_search(f->s, &f->north, q[j], rows, 16, &n, &e), HE_OK);
            for (int x = 0; x < n; x++)
                assert_int_not_equal(rows[x].id, f->kids[gone[k]]);
            if (!j)
                assert_int_equal(n, 0);
        }
    }
    /* named for it (K72), north finds it; the administrator, not named, does not find K9 */
    struct cw_child_row row[2];
    int n = -1;
    assert_int_equal(cw_search(f->s, &f->north, "K72", row, 2, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cw_search(f->s, &f->admin, "K9", row, 2, &n, &e), HE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cw_search(f->s, &f->admin, "K0", row, 2, &n, &e), HE_OK);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lists_match_one_by_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_shows_next_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_leaves_out_hidden, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "mask", tests, NULL, NULL);
}
