/* schema_case: migration 2, what case work in hearth keeps besides the returns' records:
 * users, sessions, the access log, drafts, contacts' concerns, who holds each child and the
 * record versions that stop two editors overwriting each other. Portable SQL (the
 * PostgreSQL store strips STRICT). Times are Unix seconds, dates Julian day numbers. */
#include "schema.h"

const char schema_case_sql[] =
    "CREATE TABLE app_user (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
    "  display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('front_door',\n"
    "  'social_worker', 'personal_adviser', 'team_manager', 'iro', 'analyst', 'admin')),\n"
    "  team_id INTEGER REFERENCES team(id), staff_id INTEGER REFERENCES staff(id),\n"
    "  pw_hash TEXT NOT NULL, created INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE web_session (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id), csrf TEXT NOT NULL,\n"
    "  created INTEGER NOT NULL, last_seen INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE access_log (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  at INTEGER NOT NULL, person_id INTEGER NOT NULL REFERENCES person(id), page TEXT NOT NULL) STRICT;\n"
    "CREATE INDEX access_log_person ON access_log(person_id, at);\n"
    "CREATE TABLE draft (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  form_key TEXT NOT NULL, body TEXT NOT NULL, updated INTEGER NOT NULL,\n"
    "  UNIQUE (user_id, form_key)) STRICT;\n"
    "CREATE TABLE case_team (person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
    "  team_id INTEGER NOT NULL REFERENCES team(id)) STRICT;\n"
    "CREATE INDEX case_team_team ON case_team(team_id, person_id);\n"
    "CREATE INDEX allocation_staff ON allocation(staff_id, person_id);\n"
    "CREATE TABLE record_version (person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
    "  version INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE contact_note (contact_id INTEGER PRIMARY KEY REFERENCES contact(id),\n"
    "  concerns TEXT, recorded_by INTEGER REFERENCES app_user(id), recorded_at INTEGER NOT NULL,\n"
    "  decided_by INTEGER REFERENCES app_user(id)) STRICT;\n"
    "CREATE INDEX contact_note_open ON contact_note(decided_by, contact_id);\n"
    "CREATE INDEX person_names ON person(family_name, given_name);\n"
    "CREATE INDEX person_dob ON person(dob);\n"
    "CREATE INDEX person_upn ON person(upn);\n"
    "CREATE INDEX person_nhs ON person(nhs_number);\n";
