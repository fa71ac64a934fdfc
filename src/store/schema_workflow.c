/* schema_workflow: migration 9, what moves a child's work between people: the kind of each
 * team (so a referral goes by default to the assessment teams), every move of a child
 * between teams (the referral out of the front door, and transfers with their summary),
 * requests for a manager's authorisation of any kind of record (one tray over several
 * kinds), tasks set about a child, and the reviewing officer who chairs a child's reviews.
 * Portable SQL; times in Unix seconds, days as Julian day numbers. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_workflow_sql[] =
    "ALTER TABLE team ADD COLUMN kind TEXT;\n"
    "CREATE TABLE team_move (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  from_team INTEGER REFERENCES team(id), to_team INTEGER NOT NULL REFERENCES team(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('referral', 'transfer')), summary TEXT,\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), " DAY("day") " NOT NULL,\n"
    "  at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX team_move_person ON team_move(person_id, at);\n"
    "CREATE INDEX team_move_to ON team_move(to_team, person_id, at);\n"
    "CREATE TABLE auth_request (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,\n"
    "  record_id INTEGER NOT NULL, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  requested_by INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  team_id INTEGER NOT NULL REFERENCES team(id), requested_at INTEGER NOT NULL,\n"
    "  note TEXT, state TEXT NOT NULL CHECK (state IN ('pending', 'authorised', 'returned')),\n"
    "  comment TEXT, decided_by INTEGER REFERENCES app_user(id), decided_at INTEGER) STRICT;\n"
    "CREATE INDEX auth_request_team ON auth_request(team_id, state, requested_at);\n"
    "CREATE INDEX auth_request_by ON auth_request(requested_by, state, decided_at);\n"
    "CREATE INDEX auth_request_record ON auth_request(kind, record_id, id);\n"
    "CREATE INDEX auth_request_person ON auth_request(person_id, id);\n"
    "CREATE TABLE task (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  assigned_to INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  set_by INTEGER NOT NULL REFERENCES app_user(id), title TEXT NOT NULL,\n"
    "  " DAY("due") " NOT NULL, state TEXT NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),\n"
    "  reason TEXT, created INTEGER NOT NULL, closed_by INTEGER REFERENCES app_user(id),\n"
    "  closed_at INTEGER) STRICT;\n"
    "CREATE INDEX task_assigned ON task(assigned_to, state, due);\n"
    "CREATE INDEX task_person ON task(person_id, id);\n"
    "CREATE TABLE iro_chair (person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id), since INTEGER NOT NULL,\n"
    "  PRIMARY KEY (person_id, user_id)) STRICT;\n"
    "CREATE INDEX iro_chair_user ON iro_chair(user_id, person_id);\n"
    "CREATE INDEX allocation_log_staff ON allocation_log(staff_id, at);\n";
