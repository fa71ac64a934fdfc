/* db_pg_stub: placeholder until the PostgreSQL driver (db_pg.c, libpq) lands: a
 * postgresql:// URI is refused with a clear message rather than opened as a file. */
#include "db_impl.h"
#include "store_impl.h"

int db_pg_open(const char *uri, int flags, struct db **out, struct err *e)
{
    (void)flags;
    *out = NULL;
    return err_set(e, HE_USAGE, "%s: this build of hearth has no PostgreSQL store yet", uri);
}

int store_pg_open(struct db *conn, int flags, struct store **out, struct err *e)
{
    (void)flags;
    *out = NULL;
    db_close(conn);
    return err_set(e, HE_USAGE, "this build of hearth has no PostgreSQL store yet");
}
