/* schema_content: migration 10, the content of the work besides its dates: what an
 * assessment says (the Assessment Framework's three domains, analysis, the child's wishes
 * and feelings, outcome and recommendation) and the worker's steps (saved, submitted: where
 * it stands and the manager's decisions are its requests in the tray, migration 9); meetings
 * (strategy discussions, conferences, core groups, reviews) with who took part, what was
 * decided and the minutes; plans (child protection, child in need, care, pathway) with
 * their needs, outcomes and actions, and every change of an action's status. Rows point
 * at the person; the returns' own rows (assessment, s47_enquiry, cp_plan) are named by id
 * without a foreign key, so that a corrected return replacing them never takes the
 * casework with it. Portable SQL; dates are Julian day numbers, times Unix seconds. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_content_sql[] =
    "CREATE TABLE assessment_content (assessment_id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id), child_needs TEXT, parenting TEXT,\n"
    "  family_env TEXT, analysis TEXT, wishes TEXT, outcome TEXT, recommendation TEXT,\n"
    "  updated_by INTEGER NOT NULL REFERENCES app_user(id), updated_at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX assessment_content_person ON assessment_content(person_id);\n"
    "CREATE TABLE assessment_step (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  step TEXT NOT NULL CHECK (step IN ('saved', 'submitted')),\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX assessment_step_assessment ON assessment_step(assessment_id, id);\n"
    "CREATE INDEX assessment_step_person ON assessment_step(person_id);\n"
    "CREATE TABLE child_plan (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('CP', 'CIN', 'CARE', 'PATHWAY')), " DAY("start") " NOT NULL,\n"
    "  needs TEXT NOT NULL, outcomes TEXT NOT NULL, cp_plan_id INTEGER,\n"
    "  recorded_by INTEGER NOT NULL REFERENCES app_user(id), recorded_at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX child_plan_person ON child_plan(person_id, start, id);\n"
    "CREATE TABLE meeting (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('STRATEGY', 'ICPC', 'RCPC', 'CORE_GROUP', 'CIN_REVIEW',\n"
    "  'LA_REVIEW', 'PATHWAY_REVIEW')), " DAY("date") " NOT NULL, s47_id INTEGER,\n"
    "  plan_id INTEGER REFERENCES child_plan(id), decision TEXT, shared TEXT, decisions TEXT,\n"
    "  minutes TEXT, recorded_by INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  recorded_at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX meeting_person ON meeting(person_id, date, id);\n"
    "CREATE INDEX meeting_plan ON meeting(plan_id, date);\n"
    "CREATE TABLE meeting_attendee (meeting_id INTEGER NOT NULL REFERENCES meeting(id),\n"
    "  seq INTEGER NOT NULL, name TEXT NOT NULL, agency TEXT, PRIMARY KEY (meeting_id, seq)) STRICT;\n"
    "CREATE TABLE plan_action (id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES child_plan(id),\n"
    "  seq INTEGER NOT NULL, action TEXT NOT NULL, owner TEXT NOT NULL, " DAY("due") " NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'NOT_NEEDED')),\n"
    "  UNIQUE (plan_id, seq)) STRICT;\n"
    "CREATE TABLE plan_action_update (id INTEGER PRIMARY KEY,\n"
    "  action_id INTEGER NOT NULL REFERENCES plan_action(id), meeting_id INTEGER REFERENCES meeting(id),\n"
    "  status TEXT NOT NULL CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'NOT_NEEDED')),\n"
    "  note TEXT, by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX plan_action_update_action ON plan_action_update(action_id, id);\n"
    "CREATE INDEX plan_action_update_meeting ON plan_action_update(meeting_id);\n";
