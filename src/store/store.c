/* store: the front of store.h. Opens the connection for a URI, hands it to the backend
 * that suits it (SQLite for a path, PostgreSQL for a postgresql:// URI) and forwards each
 * call. Holds no SQL and no state of its own. */
#include "store_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int store_open(const char *uri, int flags, struct store **out, struct err *e)
{
    return store_open_la(uri, getenv("HEARTH_LA"), flags, out, e);
}

int store_open_la(const char *uri, const char *la, int flags, struct store **out, struct err *e)
{
    *out = NULL;
    struct db *conn;
    int dflags = ((flags & STORE_CREATE) ? DB_CREATE : 0) | ((flags & STORE_READONLY) ? DB_READONLY : 0);
    int rc = db_open(uri, dflags, &conn, e);
    if (rc != HE_OK)
        return rc;
    rc = db_kind(conn) == DB_PG ? store_pg_open(conn, la, flags, out, e)
                                : store_sqlite_open(conn, flags, out, e);
    if (rc == HE_OK && !(flags & STORE_READONLY))
        (*out)->stamped = true;
    return rc;
}

int store_destroy(const char *uri, const char *la, struct err *e)
{
    if (!strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11)) {
        struct db *conn;
        int rc = db_open(uri, 0, &conn, e);
        return rc == HE_OK ? store_pg_destroy(conn, la ? la : getenv("HEARTH_LA"), e) : rc;
    }
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s%s", uri, suffix[i]) >= sizeof path)
            return err_set(e, HE_USAGE, "%.100s...: the path is too long", uri);
        if (unlink(path) != 0 && errno != ENOENT)
            return err_set(e, HE_INTERNAL, "cannot remove %s: %s", path, strerror(errno));
    }
    return HE_OK;
}

void store_close(struct store *s)
{
    if (s)
        s->ops->close(s);
}

/* The change stamp moves in the transaction it counts, so a reader sees both or neither;
 * where in the transaction is the backend's choice (its stamp_begin and stamp_commit). */
int store_stamp_bump(struct store *s, struct err *e)
{
    int rc = DB_RUN(s->conn, e, "UPDATE change_stamp SET n = n + 1 WHERE id = 1");
    if (rc != HE_OK)
        s->ops->rollback(s, NULL);
    return rc;
}

static int stamp_begin(struct store *s, int rc, struct err *e)
{
    s->stamping = false;
    if (rc != HE_OK || !s->stamped)
        return rc;
    s->stamping = true;
    if (s->ops->stamp_begin && (rc = s->ops->stamp_begin(s, e)) != HE_OK)
        s->stamping = false;
    return rc;
}

int store_begin(struct store *s, struct err *e) { return stamp_begin(s, s->ops->begin(s, e), e); }
int store_begin_quiet(struct store *s, struct err *e)
{
    s->stamping = false;
    return s->ops->begin(s, e);
}
int store_defer_checkpoints(struct store *s, struct err *e)
{
    return db_kind(s->conn) == DB_SQLITE ? db_exec(s->conn, "PRAGMA wal_autocheckpoint = 0", e) : HE_OK;
}

/* PASSIVE: copies what no reader still needs and never waits for readers or writers */
int store_checkpoint(struct store *s, struct err *e)
{
    return db_kind(s->conn) == DB_SQLITE ? db_exec(s->conn, "PRAGMA wal_checkpoint(PASSIVE)", e) : HE_OK;
}

/* SQLite: synchronous OFF, then back to FULL with the whole WAL written into the database
 * and synced. PostgreSQL: the session's synchronous_commit, the same idea. */
int store_set_durable(struct store *s, bool durable, struct err *e)
{
    if (db_kind(s->conn) == DB_SQLITE)
        return db_exec(s->conn, durable ? "PRAGMA synchronous = FULL; PRAGMA locking_mode = NORMAL; PRAGMA wal_checkpoint(FULL)"
                                        : "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE", e);
    return db_exec(s->conn, durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off", e);
}

int store_begin_load(struct store *s, struct err *e)
{
    return stamp_begin(s, s->ops->begin_load ? s->ops->begin_load(s, e) : s->ops->begin(s, e), e);
}
int store_commit(struct store *s, struct err *e)
{
    if (s->stamping) {
        s->stamping = false;
        int rc = s->ops->stamp_commit ? s->ops->stamp_commit(s, e) : HE_OK;
        if (rc != HE_OK)
            return rc;
    }
    return s->ops->commit(s, e);
}

int store_rollback(struct store *s, struct err *e)
{
    s->stamping = false;
    return s->ops->rollback(s, e);
}

int store_set_setting(struct store *s, const char *key, const char *value, struct err *e)
{
    return s->ops->set_setting(s, key, value, e);
}

int store_get_setting(struct store *s, const char *key, char **value, struct err *e)
{
    return s->ops->get_setting(s, key, value, e);
}

#define X(kind)                                                                            \
    int store_put_##kind(struct store *s, int src_year, const struct kind *r, rec_id *id,   \
                         enum put_outcome *outcome, struct err *e)                          \
    {                                                                                      \
        return s->ops->put_##kind(s, src_year, r, id, outcome, e);                          \
    }
STORE_KINDS(X)
#undef X

int store_complete_episode(struct store *s, rec_id episode, int year, struct err *e)
{
    return s->ops->complete_episode(s, episode, year, e);
}

int store_find_person(struct store *s, const char *la_child_id, rec_id *id, struct err *e)
{
    return s->ops->find_person(s, la_child_id, id, e);
}

int store_facts_finish(struct store *s, struct facts *f, struct err *e)
{
    int rc = s->ops->facts_place ? s->ops->facts_place(s, f, e) : store_facts_place(s, f, e);
    if (rc == HE_OK)
        rc = s->ops->facts_adoptions ? s->ops->facts_adoptions(s, f, e) : store_facts_adoptions(s, f, e);
    return rc;
}

int store_load_facts(struct store *s, day_t from, day_t to, struct facts *f, struct err *e)
{
    int rc = s->ops->load_facts(s, from, to, f, e);
    if (rc == HE_OK && (rc = store_facts_finish(s, f, e)) != HE_OK)
        facts_free(f);
    return rc;
}

int store_load_child(struct store *s, rec_id person, struct child_file *c, struct err *e)
{
    return s->ops->load_child(s, person, c, e);
}

int store_load_children(struct store *s, const rec_id *ids, size_t n, enum store_load what,
                        struct child_file *out, struct err *e)
{
    if (s->ops->load_children)
        return s->ops->load_children(s, ids, n, what, out, e);
    for (size_t i = 0; i < n; i++) {
        int rc = what == STORE_LOAD_ALL ? s->ops->load_child(s, ids[i], &out[i], e)
                                        : s->ops->load_person(s, ids[i], &out[i], e);
        if (rc != HE_OK) {
            while (i--)
                child_file_free(&out[i]);
            return rc;
        }
    }
    return HE_OK;
}

int store_cohort(struct store *s, enum store_cohort which, day_t from, day_t to, rec_id **ids,
                 size_t *n, struct err *e)
{
    return s->ops->cohort(s, which, from, to, ids, n, e);
}

int store_counts(struct store *s, struct store_count *out, int n, int *filled, struct err *e)
{
    return s->ops->counts(s, out, n, filled, e);
}
