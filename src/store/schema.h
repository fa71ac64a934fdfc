/* schema: hearth's database schema as an ordered list of migrations. Migration N takes
 * a database from version N-1 to N; the version lives in PRAGMA user_version (SQLite).
 * Each migration is plain SQL kept portable (no SQLite-only syntax beyond STRICT, which
 * the PostgreSQL store strips) so one source can serve both stores. */
#ifndef HEARTH_SCHEMA_H
#define HEARTH_SCHEMA_H

struct migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct migration schema_migrations[];
extern const int schema_migrations_n;

#endif
