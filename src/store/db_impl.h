/* db_impl: what a db driver (db_sqlite.c, db_pg.c) shares with the dispatcher (db.c).
 * Internal to src/store. A driver's connection and statement structs begin with struct db
 * and struct db_stmt, so the dispatcher can reach the driver's table of calls. */
#ifndef HEARTH_DB_IMPL_H
#define HEARTH_DB_IMPL_H

#include <stddef.h>

#include "db.h"

struct db_ops {
    void (*close)(struct db *d);
    int (*exec)(struct db *d, const char *sql, struct err *e);
    int (*begin)(struct db *d, struct err *e);
    int (*commit)(struct db *d, struct err *e);
    int (*rollback)(struct db *d, struct err *e);
    int (*prepare)(struct db *d, const char *sql, struct db_stmt **out, struct err *e);
    void (*finalize)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    void (*bind_int)(struct db_stmt *st, int i, int64_t v);
    void (*bind_text)(struct db_stmt *st, int i, const char *s);
    void (*bind_null)(struct db_stmt *st, int i);
    void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
    int (*step)(struct db_stmt *st, struct err *e);
    bool (*is_null)(struct db_stmt *st, int col);
    int64_t (*col_int)(struct db_stmt *st, int col);
    const char *(*col_text)(struct db_stmt *st, int col);
    const void *(*col_blob)(struct db_stmt *st, int col, size_t *n);
    int64_t (*changes)(struct db_stmt *st);
};

struct db {
    const struct db_ops *ops;
    enum db_kind kind;
    char *uri; /* owned; freed by the driver's close */
};

struct db_stmt {
    struct db *d;
};

HE_MUST_CHECK int db_sqlite_open(const char *uri, int flags, struct db **out, struct err *e);
HE_MUST_CHECK int db_pg_open(const char *uri, int flags, struct db **out, struct err *e);

#endif
