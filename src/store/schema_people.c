/* schema_people: migration 13, the child as a person. Every change to a detail keeps the
 * old value, who changed it and when (person_change); details the returns do not hold
 * (previous names, gender, language, religion, immigration status, school, GP, the
 * child in plain words) are rows of person_detail; the address history and the
 * professionals involved and the alerts a worker opening the record must see (each with
 * a reason and an end) have tables of their own. A merge of two records of one child
 * (person_merge) lists every row it moved (merge_move) so that it can be undone until it
 * is confirmed (the indexes on person that a search for duplicates needs are migration
 * 2's). Portable SQL; dates are Julian day numbers, times Unix seconds. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_people_sql[] =
    "CREATE TABLE person_change (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  field TEXT NOT NULL, old_value TEXT, new_value TEXT,\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX person_change_person ON person_change(person_id, at);\n"
    "CREATE TABLE person_detail (person_id INTEGER NOT NULL REFERENCES person(id), field TEXT NOT NULL,\n"
    "  value TEXT NOT NULL, PRIMARY KEY (person_id, field)) STRICT;\n"
    "CREATE TABLE person_address (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  line TEXT NOT NULL, postcode TEXT NOT NULL, " DAY("start") " NOT NULL, " DAY("end_date") ",\n"
    "  CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX person_address_person ON person_address(person_id, start);\n"
    "CREATE TABLE professional (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  role TEXT NOT NULL, name TEXT NOT NULL, agency TEXT NOT NULL, contact TEXT NOT NULL,\n"
    "  " DAY("start") " NOT NULL, " DAY("end_date") ", CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX professional_person ON professional(person_id);\n"
    "CREATE TABLE person_merge (id INTEGER PRIMARY KEY, kept_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  merged_id INTEGER NOT NULL REFERENCES person(id), by_user INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  at INTEGER NOT NULL, state TEXT NOT NULL CHECK (state IN ('merged', 'confirmed', 'undone')),\n"
    "  done_by INTEGER REFERENCES app_user(id), done_at INTEGER, CHECK (kept_id <> merged_id)) STRICT;\n"
    "CREATE INDEX person_merge_kept ON person_merge(kept_id);\n"
    "CREATE INDEX person_merge_merged ON person_merge(merged_id);\n"
    "CREATE TABLE merge_move (merge_id INTEGER NOT NULL REFERENCES person_merge(id), tbl TEXT NOT NULL,\n"
    "  col TEXT NOT NULL, key_val INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX merge_move_merge ON merge_move(merge_id);\n"
    "CREATE TABLE person_alert (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('STAFF_RISK', 'EXPLOITATION', 'MISSING', 'SIBLING_PLAN', 'OTHER')),\n"
    "  reason TEXT NOT NULL, " DAY("start") " NOT NULL, " DAY("end_date") ",\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX person_alert_person ON person_alert(person_id);\n";
