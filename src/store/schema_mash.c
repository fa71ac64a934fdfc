/* schema_mash: migration 23, the multi-agency safeguarding hub at the front door. A contact
 * brought into the hub (mash_contact) carries the consent to share (given, or overridden
 * with the reason) and its RAG rating; each partner agency adds what it knows (mash_check:
 * agency, officer, what is known, when). Partner agencies' officers sign in with a role of
 * their own, so app_user's list of roles grows by 'partner'.
 *
 * SQLite cannot change a CHECK in place: app_user is copied aside, dropped, made again with
 * the longer list and filled back with the same ids, foreign keys deferred to the commit
 * (every row that points at a user finds it again). Its columns are those of migrations 2
 * and 4. PostgreSQL replaces the named constraint instead (schema_mash_pg_sql).
 * Times are Unix seconds. Portable SQL otherwise (the PostgreSQL store translates INTEGER
 * and drops STRICT). */
#include "schema.h"

#define ROLES "('front_door', 'social_worker', 'personal_adviser', 'team_manager', 'iro', " \
              "'analyst', 'admin', 'partner')"
#define AGENCIES "('police', 'health', 'education', 'probation', 'housing', 'social_care', 'other')"

#define MASH_TABLES                                                                               \
    "CREATE TABLE mash_contact (contact_id INTEGER PRIMARY KEY REFERENCES contact(id),\n"         \
    "  added_by INTEGER NOT NULL REFERENCES app_user(id), added_at INTEGER NOT NULL,\n"           \
    "  consent TEXT NOT NULL CHECK (consent IN ('given', 'overridden')),\n"                       \
    "  consent_note TEXT NOT NULL,\n"                                                             \
    "  rag TEXT CHECK (rag IS NULL OR rag IN ('red', 'amber', 'green')), rag_reason TEXT,\n"     \
    "  rag_by INTEGER REFERENCES app_user(id), rag_at INTEGER,\n"                                 \
    "  CHECK ((rag IS NULL) = (rag_by IS NULL))) STRICT;\n"                                       \
    "CREATE INDEX mash_contact_added ON mash_contact(added_at);\n"                                \
    "CREATE TABLE mash_check (id INTEGER PRIMARY KEY,\n"                                          \
    "  contact_id INTEGER NOT NULL REFERENCES mash_contact(contact_id),\n"                        \
    "  agency TEXT NOT NULL CHECK (agency IN " AGENCIES "),\n"                                    \
    "  officer_id INTEGER NOT NULL REFERENCES app_user(id), officer TEXT NOT NULL,\n"             \
    "  known TEXT NOT NULL, at INTEGER NOT NULL) STRICT;\n"                                       \
    "CREATE INDEX mash_check_contact ON mash_check(contact_id, at);\n"

const char schema_mash_sql[] = MASH_TABLES;

/* Before schema_mash_sql, on SQLite. */
const char schema_mash_sqlite_sql[] =
    "PRAGMA defer_foreign_keys = ON;\n"
    "CREATE TABLE app_user_copy (id INTEGER PRIMARY KEY, name TEXT NOT NULL, display_name TEXT NOT NULL,\n"
    "  role TEXT NOT NULL, team_id INTEGER, staff_id INTEGER, pw_hash TEXT NOT NULL,\n"
    "  created INTEGER NOT NULL, failed_logins INTEGER NOT NULL, locked_until INTEGER NOT NULL,\n"
    "  totp_secret TEXT, totp_last INTEGER NOT NULL) STRICT;\n"
    "INSERT INTO app_user_copy SELECT id, name, display_name, role, team_id, staff_id, pw_hash,\n"
    "  created, failed_logins, locked_until, totp_secret, totp_last FROM app_user;\n"
    "DROP TABLE app_user;\n"
    "CREATE TABLE app_user (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
    "  display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN " ROLES "),\n"
    "  team_id INTEGER REFERENCES team(id), staff_id INTEGER REFERENCES staff(id),\n"
    "  pw_hash TEXT NOT NULL, created INTEGER NOT NULL,\n"
    "  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  totp_secret TEXT, totp_last INTEGER NOT NULL DEFAULT 0) STRICT;\n"
    "INSERT INTO app_user SELECT id, name, display_name, role, team_id, staff_id, pw_hash,\n"
    "  created, failed_logins, locked_until, totp_secret, totp_last FROM app_user_copy;\n"
    "DROP TABLE app_user_copy;\n";

/* Before schema_mash_sql, on PostgreSQL (as written, not translated): PostgreSQL names a
 * column's CHECK table_column_check. */
const char schema_mash_pg_sql[] =
    "ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;\n"
    "ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN " ROLES ");\n";
