/* schema_trust: migration 4, what trust in the record needs: the access log's hash chain
 * (each entry's place in the chain, its hash, the break-glass reason) and its head;
 * restricted records and who may open them; legal holds and what retention deleted; and
 * sign-in hardening (failed attempts, lock-outs, a second factor, password changes).
 * Portable SQL (the PostgreSQL store translates INTEGER and drops STRICT). */
#include "schema.h"

const char schema_trust_sql[] =
    /* the chain: seq is the entry's place, hash = SHA-256(previous hash, the entry) */
    "ALTER TABLE access_log ADD COLUMN seq INTEGER;\n"
    "ALTER TABLE access_log ADD COLUMN reason TEXT;\n"
    "ALTER TABLE access_log ADD COLUMN hash TEXT;\n"
    "CREATE UNIQUE INDEX access_log_seq ON access_log(seq);\n"
    "CREATE INDEX access_log_glass ON access_log(reason, id);\n"
    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,\n"
    "  hash TEXT NOT NULL) STRICT;\n"
    "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0,\n"
    "  '0000000000000000000000000000000000000000000000000000000000000000');\n"
    /* break-glass openings a manager has looked at */
    "CREATE TABLE glass_review (access_id INTEGER PRIMARY KEY REFERENCES access_log(id),\n"
    "  reviewed_by INTEGER NOT NULL REFERENCES app_user(id), reviewed_at INTEGER NOT NULL,\n"
    "  note TEXT) STRICT;\n"
    /* restricted records: only the users named in restriction_user may open them */
    "CREATE TABLE restriction (person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
    "  reason TEXT NOT NULL, set_by INTEGER REFERENCES app_user(id), set_at INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE restriction_user (person_id INTEGER NOT NULL REFERENCES restriction(person_id)\n"
    "  ON DELETE CASCADE, user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  PRIMARY KEY (person_id, user_id)) STRICT;\n"
    /* a member of staff who is (or whose family is) a service user: kept out of the record */
    "CREATE TABLE restriction_exclude (person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id), reason TEXT NOT NULL,\n"
    "  PRIMARY KEY (person_id, user_id)) STRICT;\n"
    /* retention: legal holds stop deletion; what was deleted is remembered, not its content */
    "CREATE TABLE legal_hold (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  reason TEXT NOT NULL, placed_by TEXT NOT NULL, placed_at INTEGER NOT NULL,\n"
    "  lifted_at INTEGER) STRICT;\n"
    "CREATE INDEX legal_hold_person ON legal_hold(person_id, lifted_at);\n"
    "CREATE TABLE retention_deleted (id INTEGER PRIMARY KEY, la_child_id TEXT NOT NULL,\n"
    "  rule TEXT NOT NULL, due INTEGER NOT NULL, deleted_by TEXT NOT NULL,\n"
    "  deleted_at INTEGER NOT NULL) STRICT;\n"
    /* sign-in hardening */
    "ALTER TABLE app_user ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE app_user ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE app_user ADD COLUMN totp_secret TEXT;\n"
    "ALTER TABLE app_user ADD COLUMN totp_last INTEGER NOT NULL DEFAULT 0;\n";
