/* Contacts keyed by child, day, source and seq (migration 25) on both stores: the front door
 * records a second contact about a child from the same source on the same day as a contact
 * of its own (seq 2) and the store puts by the whole key; a database made at migration 24
 * that holds contacts, with notes and hub entries pointing at them, upgrades keeping every
 * row and its id, each contact the first of its kind. */
#include "teststore.h"

#include <sqlite3.h>

#include "store/db.h"
#include "store/casework.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/store_impl.h"

static enum test_backend backend;

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int64_t num(struct store *s, const char *sql)
{
    struct err e;
    int64_t n = -1;
    assert_int_equal(db_run(store_db(s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return n;
}

static void test_front_door_same_day_twice(void **state)
{
    char *dir = test_tmpdir();
    struct test_db t;
    struct store *s;
    struct err e;
    test_db_new(&t, backend, dir, "c.db");
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    int64_t uid;
    bool found;
    struct cw_user fd;
    assert_int_equal(cw_user_add(s, "fran", "Fran", ROLE_FRONT_DOOR, "Front Door", "h", 1, &uid, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, uid, &fd, &found, &e), HE_OK);
    struct cw_new_child nc = {.given = "Amy", .family = "Lee", .dob = D(2015, 1, 1), .sex = "F"};
    rec_id kid = 0, first = 0, second = 0, third = 0, other = 0;
    assert_int_equal(cw_record_contact(s, &fd, 0, 0, &nc, D(2026, 1, 5), "6", "First report", 5, &kid, &first, &e),
                     HE_OK);
    /* the police report a second incident the same day: a contact of its own */
    int64_t v;
    assert_int_equal(cw_version(s, kid, &v, &e), HE_OK);
    assert_int_equal(cw_record_contact(s, &fd, kid, v, NULL, D(2026, 1, 5), "6", "Second report", 6, &kid, &second, &e),
                     HE_OK);
    assert_int_not_equal(first, second);
    /* another source the same day starts again at 1 */
    assert_int_equal(cw_version(s, kid, &v, &e), HE_OK);
    assert_int_equal(cw_record_contact(s, &fd, kid, v, NULL, D(2026, 1, 5), "2A", "School", 7, &kid, &other, &e), HE_OK);
    assert_int_equal(num(s, "SELECT count(*) FROM contact"), 3);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT seq FROM contact WHERE id = %lld", (long long)second);
    assert_int_equal(num(s, sql), 2);
    snprintf(sql, sizeof sql, "SELECT seq FROM contact WHERE id = %lld", (long long)other);
    assert_int_equal(num(s, sql), 1);
    /* each has its own note, waiting for its own decision */
    assert_int_equal(num(s, "SELECT count(*) FROM contact_note WHERE decided_by IS NULL"), 3);

    /* a put names the contact by its whole key: the same seq again is the same contact */
    enum put_outcome o;
    assert_int_equal(store_begin(s, &e), HE_OK);
    struct contact c = {.person = kid, .date = D(2026, 1, 5), .source = "6", .seq = 2};
    assert_int_equal(store_put_contact(s, 2026, &c, &third, &o, &e), HE_OK);
    assert_int_equal(o, PUT_UNCHANGED);
    assert_int_equal(third, second);
    c.seq = 3;
    assert_int_equal(store_put_contact(s, 2026, &c, &third, &o, &e), HE_OK);
    assert_int_equal(o, PUT_ADDED);
    assert_int_equal(store_commit(s, &e), HE_OK);
    assert_int_equal(num(s, "SELECT count(*) FROM contact WHERE source = '6'"), 3);

    /* the whole-child read gives each contact with its seq, in order */
    struct child_file cf;
    assert_int_equal(store_load_child(s, kid, &cf, &e), HE_OK);
    assert_int_equal(cf.n_contacts, 4);
    int seqs = 0;
    for (size_t i = 0; i < cf.n_contacts; i++)
        if (!strcmp(cf.contacts[i].source, "6"))
            seqs = seqs * 10 + cf.contacts[i].seq;
    assert_int_equal(seqs, 123);
    child_file_free(&cf);
    test_db_done(s, &t, dir);
}

/* ---- a database at migration 24 ---------------------------------------------------- */

/* What migration 24 left, with two children's contacts: ids 5 and 9 (K1, the police and a
 * school on one day), 12 (K2), a note on 9 and 12, and 12 brought into the hub. */
static const char old_rows[] =
    "INSERT INTO app_user (id, name, display_name, role, pw_hash, created) VALUES (3, 'fran', 'Fran',"
    " 'front_door', 'h', 1);\n"
    "INSERT INTO person (id, la_child_id, src_year) VALUES (1, 'K1', 2026), (2, 'K2', 2026);\n"
    "INSERT INTO contact (id, person_id, date, source, decision, decision_date, src_year) VALUES"
    " (5, 1, 2461046, '6', NULL, NULL, 0), (9, 1, 2461046, '2A', 'NFA', 2461047, 2026),"
    " (12, 2, 2461050, '6', NULL, NULL, 2026);\n"
    "INSERT INTO contact_note (contact_id, concerns, recorded_by, recorded_at, decided_by) VALUES"
    " (9, 'Bruise', 3, 100, 3), (12, 'Missing', 3, 200, NULL);\n"
    "INSERT INTO mash_contact (contact_id, added_by, added_at, consent, consent_note) VALUES"
    " (12, 3, 300, 'given', 'Mother agreed');\n";

static void sqlite_at_24(const char *path)
{
    sqlite3 *h;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    for (int i = 0; i < schema_migrations_n && schema_migrations[i].version <= 24; i++) {
        const char *pre = schema_pre_sql(schema_migrations[i].version, 0);
        if (pre && sqlite3_exec(h, pre, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("migration %d: %s", schema_migrations[i].version, msg);
        if (sqlite3_exec(h, schema_migrations[i].sql, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("migration %d: %s", schema_migrations[i].version, msg);
    }
    if (sqlite3_exec(h, old_rows, NULL, NULL, &msg) != SQLITE_OK || sqlite3_exec(h, "PRAGMA user_version = 24", NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg);
    sqlite3_close(h);
}

static void pg_run(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType x = PQresultStatus(r);
    if (x != PGRES_COMMAND_OK && x != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

static void pg_at_24(const char *la)
{
    PGconn *c = PQconnectdb(test_pg_server());
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    char sql[200];
    pg_run(c, "SET client_min_messages = warning");
    snprintf(sql, sizeof sql, "CREATE SCHEMA la_%s; SET search_path TO la_%s;"
             " CREATE TABLE schema_version (version bigint NOT NULL)", la, la);
    pg_run(c, sql);
    for (int i = 0; i < schema_migrations_n && schema_migrations[i].version <= 24; i++) {
        const char *pre = schema_pre_sql(schema_migrations[i].version, 1);
        if (pre)
            pg_run(c, pre);
        char *pg = schema_sql_pg(schema_migrations[i].sql);
        pg_run(c, pg);
        free(pg);
    }
    pg_run(c, old_rows);
    /* as the store's own inserts would have left it */
    pg_run(c, "SELECT setval(pg_get_serial_sequence('contact', 'id'), 12)");
    pg_run(c, "INSERT INTO schema_version VALUES (24)");
    PQfinish(c);
}

static void test_upgrade_from_24(void **state)
{
    char *dir = test_tmpdir();
    struct test_db t;
    struct store *s;
    struct err e;
    test_db_new(&t, backend, dir, "old.db");
    if (backend == TB_PG)
        pg_at_24(t.la);
    else
        sqlite_at_24(t.uri);
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    /* every contact kept with its id and values, each the first of its kind */
    assert_int_equal(num(s, "SELECT count(*) FROM contact"), 3);
    assert_int_equal(num(s, "SELECT sum(id) FROM contact WHERE seq = 1"), 5 + 9 + 12);
    assert_int_equal(num(s, "SELECT count(*) FROM contact WHERE id = 9 AND person_id = 1 AND date = 2461046"
                            " AND source = '2A' AND decision = 'NFA' AND decision_date = 2461047 AND src_year = 2026"),
                     1);
    assert_int_equal(num(s, "SELECT count(*) FROM contact WHERE id = 5 AND src_year = 0 AND decision IS NULL"), 1);
    /* what points at them finds them again */
    assert_int_equal(num(s, "SELECT count(*) FROM contact_note n JOIN contact c ON c.id = n.contact_id"), 2);
    assert_int_equal(num(s, "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id"
                            " WHERE c.person_id = 2"), 1);
    /* the date index is there again */
    if (backend == TB_SQLITE)
        assert_int_equal(num(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'contact_date'"), 1);
    else
        assert_int_equal(num(s, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
                                " AND indexname = 'contact_date'"), 1);

    /* the key now takes a second police contact of K1's day, and still refuses a copy */
    rec_id id;
    enum put_outcome o;
    assert_int_equal(store_begin(s, &e), HE_OK);
    struct contact c = {.person = 1, .date = 2461046, .source = "6", .seq = 1};
    assert_int_equal(store_put_contact(s, 0, &c, &id, &o, &e), HE_OK);
    assert_int_equal(o, PUT_UNCHANGED);
    assert_int_equal(id, 5);
    c.seq = 2;
    assert_int_equal(store_put_contact(s, 0, &c, &id, &o, &e), HE_OK);
    assert_int_equal(o, PUT_ADDED);
    assert_true(id > 12);
    assert_int_equal(store_commit(s, &e), HE_OK);
    assert_int_not_equal(db_run(store_db(s), "INSERT INTO contact (person_id, date, source, seq, src_year)"
                                " VALUES (1, 2461046, '6', 2, 0)", NULL, NULL, &e, 0, NULL),
                         HE_OK);
    assert_int_not_equal(db_run(store_db(s), "INSERT INTO contact (person_id, date, source, seq, src_year)"
                                " VALUES (1, 2461046, '6', 0, 0)", NULL, NULL, &e, 0, NULL),
                         HE_OK);
    assert_int_equal(num(s, "SELECT count(*) FROM contact"), 4);
    /* and no row points at nothing */
    if (backend == TB_SQLITE)
        assert_int_equal(num(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    else /* PostgreSQL checked every key on the way: the constraints are still there */
        assert_int_equal(num(s, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid ="
                                " 'contact'::regclass"), 3);
    store_close(s);

    /* opened again: nothing more to do */
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    assert_int_equal(num(s, "SELECT count(*) FROM contact"), 4);
    test_db_done(s, &t, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_door_same_day_twice),
        cmocka_unit_test(test_upgrade_from_24),
    };
    return RUN_ON_BOTH_STORES(backend, "contacts", tests, NULL, NULL);
}
