/* schema_documents: migration 16, documents attached to a child's record. A document is
 * one row of what it is (name, kind detected from its content, size, SHA-256, who added it
 * and when, what it is about: the child, a note, a meeting or a plan) and its bytes as
 * numbered chunks of at most 256 KB in document_chunk, so both stores and their backups
 * hold them, one transaction covers an upload, and reading one never needs it whole in a
 * single value. The hash is checked on every read.
 * Portable SQL (BLOB becomes BYTEA on PostgreSQL). */
#include "schema.h"

const char schema_documents_sql[] =
    "CREATE TABLE document (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  about TEXT NOT NULL CHECK (about IN ('child', 'note', 'meeting', 'plan')), about_id INTEGER,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg', 'gif', 'docx', 'odt')),\n"
    "  size INTEGER NOT NULL CHECK (size > 0), sha256 TEXT NOT NULL CHECK (length(sha256) = 64),\n"
    "  chunks INTEGER NOT NULL CHECK (chunks >= 1),\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK ((about = 'child') = (about_id IS NULL))) STRICT;\n"
    "CREATE INDEX document_person ON document(person_id, at, id);\n"
    "CREATE TABLE document_chunk (document_id INTEGER NOT NULL REFERENCES document(id),\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 0), data BLOB NOT NULL,\n"
    "  PRIMARY KEY (document_id, seq)) STRICT;\n";
