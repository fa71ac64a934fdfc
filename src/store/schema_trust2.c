/* schema_trust2: migration 6. What the account page, the access log's own retention and the
 * fast search need: a log of security events of each user (password changes); checkpoints
 * left where the access log's oldest entries were pruned (the chain's anchor from then on);
 * an index on the access log's times; and case-folded name keys that an index serves, so
 * that search by the start of a name never reads every person (expression indexes: nothing
 * has to keep a copy of the name up to date). COLLATE BINARY (SQLite's byte order) becomes
 * COLLATE "C" on PostgreSQL (schema_sql_pg), so that a prefix is a range there too.
 * Portable SQL (the PostgreSQL store translates INTEGER and drops STRICT). */
#include "schema.h"

const char schema_trust2_sql[] =
    /* who changed a user's password (or ended their sessions), and when */
    "CREATE TABLE security_event (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  what TEXT NOT NULL, by_user INTEGER REFERENCES app_user(id), at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX security_event_user ON security_event(user_id, at);\n"
    /* the access log's entries up to seq were pruned at retention; hash is the last pruned
     * entry's hash (the next entry chains from it); cp_hash chains the checkpoints */
    "CREATE TABLE audit_checkpoint (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,\n"
    "  hash TEXT NOT NULL, first_seq INTEGER NOT NULL, pruned INTEGER NOT NULL,\n"
    "  before_at INTEGER NOT NULL, by_name TEXT NOT NULL, at INTEGER NOT NULL, cp_hash TEXT NOT NULL) STRICT;\n"
    "CREATE INDEX access_log_at ON access_log(at);\n"
    /* search: the start of a name, case-folded, as an index range */
    "CREATE INDEX person_given_key ON person(lower(given_name) COLLATE BINARY);\n"
    "CREATE INDEX person_family_key ON person(lower(family_name) COLLATE BINARY);\n"
    "CREATE INDEX person_full_key ON person(lower(given_name || ' ' || family_name) COLLATE BINARY);\n";
