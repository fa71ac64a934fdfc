/* testformat: the fixture the importer tests share (test_cin_xml.c, test_ssda903.c,
 * test_annexa.c): a fresh SQLite store in a temporary folder whose name names no
 * collection year, an importer on it, each import in a transaction of its own as
 * cmd/import does, and one value read back with SQL on a connection of its own. */
#ifndef HEARTH_TESTFORMAT_H
#define HEARTH_TESTFORMAT_H

#include "teststore.h"

#include <sqlite3.h>

#include "format/import.h"

/* Owned by the test: setup() makes it, teardown() frees it and removes dir. */
struct fx {
    char *dir;
    char db[600];
    struct store *s;
    struct importer im;
    struct err e;
    char errout[8192]; /* what the last import said on stderr, where a test captures it */
};

/* A temporary folder whose name names no collection year (mkdtemp may draw "2019"). */
static inline char *yearless_tmpdir(void)
{
    for (;;) {
        char *d = test_tmpdir();
        if (collection_year_from_path(d) == 0)
            return d;
        test_rm_rf(d);
        free(d);
    }
}

static inline int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = yearless_tmpdir();
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    assert_int_equal(store_open(f->db, STORE_CREATE, &f->s, &f->e), HE_OK);
    importer_init(&f->im, f->s);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, NULL, f->dir);
    free(f);
    return 0;
}

/* An import in its own transaction: fx_begin() before it, fx_end(f, its result) after,
 * which commits on HE_OK and rolls back otherwise; returns rc. */
static inline void fx_begin(struct fx *f)
{
    assert_int_equal(store_begin(f->s, &f->e), HE_OK);
    err_clear(&f->e);
}

static inline int fx_end(struct fx *f, int rc)
{
    struct err ignored;
    if (rc == HE_OK)
        assert_int_equal(store_commit(f->s, &f->e), HE_OK);
    else
        store_rollback(f->s, &ignored);
    return rc;
}

/* One value from the database as text ("" for NULL), read on a connection of its own. */
static inline void q(struct fx *f, const char *sql, char *out, size_t n)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row from %s", sql);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, n, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

#define ASSERT_Q(f, sql, want)                 \
    do {                                       \
        char got_[512];                        \
        q(f, sql, got_, sizeof got_);          \
        assert_string_equal(got_, want);       \
    } while (0)

/* A refusal as a bad-input case wants it: rc HE_INPUT, e naming path, line, field (as
 * struct err keeps it: cut to its size) and a message holding msg. */
static inline bool fx_refused_as(const struct fx *f, int rc, const char *path, long line,
                                 const char *field, const char *msg)
{
    char want[sizeof f->e.field];
    snprintf(want, sizeof want, "%s", field);
    return rc == HE_INPUT && f->e.line == line && strcmp(f->e.field, want) == 0 &&
           strstr(f->e.msg, msg) && strcmp(f->e.file, path) == 0;
}

/* A test run on a fixture of its own. */
#define FX_TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

static inline char *put_file(struct fx *f, const char *name, const char *text)
{
    return test_write_file(f->dir, name, text);
}

#endif
