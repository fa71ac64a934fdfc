/* db_pg: what the PostgreSQL store (store_pg.c) reaches below db.h: the libpq
 * connection, for COPY and single-row reads, and the driver's error mapping. Internal to
 * src/store; only files that link libpq include it. */
#ifndef HEARTH_DB_PG_H
#define HEARTH_DB_PG_H

#include "pq.h"

#include "db.h"

/* The connection of a PostgreSQL db (NULL for any other kind). Owned by the db. */
PGconn *db_pg_conn(struct db *d);

/* Map a failed result r (NULL: a connection failure) to HE_INPUT (SQLSTATE class 23, a
 * broken constraint) or HE_INTERNAL, with `what` leading the message. */
HE_MUST_CHECK int db_pg_fail(struct db *d, const PGresult *r, struct err *e, const char *what);

/* Run sql now and again after every reconnect (the session's settings: search_path). */
HE_MUST_CHECK int db_pg_session(struct db *d, const char *sql, struct err *e);

/* Run n prepared statements, each already bound, in one round trip (libpq's pipeline
 * mode) rather than one each; their rows are then read with db_step() as usual, and
 * binding one again starts it afresh. Outside a transaction each runs in its own, so
 * callers wanting one snapshot open a transaction first. On failure the first error (the
 * statements after a failed one are not run; their db_step runs them alone). */
HE_MUST_CHECK int db_pg_run_all(struct db *d, struct db_stmt **sts, int n, struct err *e);

/* `?`/`?N` placeholders -> $N. Returns a malloc'd string; *nparams = the highest N. */
char *db_pg_rewrite(const char *sql, int *nparams);

#endif
