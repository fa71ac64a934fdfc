/* schema_contacts: migration 25, a contact's place among the same child's contacts of one
 * day from one source. Two identical rows of one Annex A contacts list are two contacts (the
 * police can report two incidents about a child on the same day), so the natural key of
 * contact grows a seq: 1, 2, ... the nth such row of a list. Overlapping lists imported
 * together then keep, per child, day and source, the largest number any one list gives.
 * Every contact already held is the first of its kind (seq 1).
 *
 * SQLite cannot change a UNIQUE constraint in place: contact is copied aside, dropped, made
 * again with seq in its key and filled back with the same ids, foreign keys deferred to the
 * commit (contact_note, mash_contact and eh_episode point at contacts by id and find them
 * again). Its columns are migration 1's, seq last as PostgreSQL's ADD COLUMN puts it.
 * PostgreSQL adds the column and replaces the named constraint instead. The migration is
 * all in the dialects' own SQL: its portable part is empty. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_contacts_sql[] = "";

/* Before schema_contacts_sql, on SQLite. */
const char schema_contacts_sqlite_sql[] =
    "PRAGMA defer_foreign_keys = ON;\n"
    "CREATE TABLE contact_copy (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL, date INTEGER NOT NULL,\n"
    "  source TEXT NOT NULL, decision TEXT, decision_date INTEGER, src_year INTEGER NOT NULL) STRICT;\n"
    "INSERT INTO contact_copy SELECT id, person_id, date, source, decision, decision_date, src_year\n"
    "  FROM contact;\n"
    "DROP TABLE contact;\n"
    "CREATE TABLE contact (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DAY("date") " NOT NULL, source TEXT NOT NULL, decision TEXT, " DAY("decision_date") ",\n"
    "  src_year INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 1 CHECK (seq >= 1),\n"
    "  UNIQUE (person_id, date, source, seq)) STRICT;\n"
    "INSERT INTO contact (id, person_id, date, source, decision, decision_date, src_year, seq)\n"
    "  SELECT id, person_id, date, source, decision, decision_date, src_year, 1 FROM contact_copy;\n"
    "DROP TABLE contact_copy;\n"
    "CREATE INDEX contact_date ON contact(date);\n";

/* Before schema_contacts_sql, on PostgreSQL (as written, not translated): PostgreSQL names
 * a UNIQUE constraint table_columns_key. */
const char schema_contacts_pg_sql[] =
    "ALTER TABLE contact ADD COLUMN seq BIGINT NOT NULL DEFAULT 1 CHECK (seq >= 1);\n"
    "ALTER TABLE contact DROP CONSTRAINT contact_person_id_date_source_key;\n"
    "ALTER TABLE contact ADD CONSTRAINT contact_person_id_date_source_seq_key\n"
    "  UNIQUE (person_id, date, source, seq);\n";
