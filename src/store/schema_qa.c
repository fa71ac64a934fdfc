/* schema_qa: migration 21, the voice of the child and quality assurance.
 * child_voice: what a child said, wrote or drew, recorded on one of the child's case notes
 * (a visit) or meetings, in the child's own words and/or as a drawing (a document of the
 * child's, migration 16); its day is the visit's or meeting's, copied when it is recorded.
 * Audits: the authority's audit questions (an administrator edits them; an audit keeps the
 * wording it was asked in), case file audits of one child's file graded outstanding, good,
 * requires improvement or inadequate, done with the audited worker (whose team is kept as it
 * was on the day), with the parent's, carer's or young person's feedback; each question's
 * grade and comment; the actions set for the worker as tasks (migration 9's task table);
 * thematic audits with the sample of children drawn for them.
 * Portable SQL; days are Julian day numbers, times Unix seconds. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"
#define GRADES "('OUTSTANDING', 'GOOD', 'RI', 'INADEQUATE')"

const char schema_qa_sql[] =
    "CREATE TABLE child_voice (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  note_id INTEGER REFERENCES case_note(id), meeting_id INTEGER REFERENCES meeting(id),\n"
    "  " DAY("day") " NOT NULL,\n"
    "  how TEXT NOT NULL CHECK (how IN ('said', 'wrote', 'drew', 'app', 'advocate', 'observed')),\n"
    "  words TEXT, document_id INTEGER REFERENCES document(id),\n"
    "  recorded_by INTEGER NOT NULL REFERENCES app_user(id), recorded_at INTEGER NOT NULL,\n"
    "  CHECK ((note_id IS NULL) <> (meeting_id IS NULL)),\n"
    "  CHECK (words IS NOT NULL OR document_id IS NOT NULL)) STRICT;\n"
    "CREATE INDEX child_voice_person ON child_voice(person_id, day, id);\n"
    "CREATE INDEX child_voice_day ON child_voice(day, person_id);\n"
    "CREATE INDEX child_voice_note ON child_voice(note_id);\n"
    "CREATE INDEX child_voice_meeting ON child_voice(meeting_id);\n"
    "CREATE TABLE audit_question (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, text TEXT NOT NULL,\n"
    "  active INTEGER NOT NULL CHECK (active IN (0, 1)),\n"
    "  changed_by INTEGER NOT NULL REFERENCES app_user(id), changed_at INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE audit_theme (id INTEGER PRIMARY KEY, title TEXT NOT NULL, focus TEXT NOT NULL,\n"
    "  population TEXT NOT NULL CHECK (population IN ('open', 'cin', 'cp', 'looked_after')),\n"
    "  sample_size INTEGER NOT NULL CHECK (sample_size >= 1), " DAY("day") " NOT NULL,\n"
    "  created_by INTEGER NOT NULL REFERENCES app_user(id), created_at INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE audit_theme_child (theme_id INTEGER NOT NULL REFERENCES audit_theme(id),\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id), PRIMARY KEY (theme_id, person_id)) STRICT;\n"
    "CREATE INDEX audit_theme_child_person ON audit_theme_child(person_id);\n"
    "CREATE TABLE case_audit (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  theme_id INTEGER REFERENCES audit_theme(id), " DAY("day") " NOT NULL,\n"
    "  auditor INTEGER NOT NULL REFERENCES app_user(id), worker INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  team_id INTEGER REFERENCES team(id), grade TEXT NOT NULL CHECK (grade IN " GRADES "),\n"
    "  with_worker INTEGER NOT NULL CHECK (with_worker IN (0, 1)), reflection TEXT,\n"
    "  feedback_from TEXT NOT NULL CHECK (feedback_from IN ('parent', 'carer', 'young_person', 'none')),\n"
    "  feedback TEXT, summary TEXT NOT NULL, recorded_at INTEGER NOT NULL,\n"
    "  CHECK ((feedback_from = 'none') = (feedback IS NULL))) STRICT;\n"
    "CREATE INDEX case_audit_day ON case_audit(day, team_id, grade);\n"
    "CREATE INDEX case_audit_person ON case_audit(person_id, day);\n"
    "CREATE INDEX case_audit_worker ON case_audit(worker, day);\n"
    "CREATE INDEX case_audit_theme ON case_audit(theme_id, person_id);\n"
    "CREATE TABLE case_audit_answer (audit_id INTEGER NOT NULL REFERENCES case_audit(id),\n"
    "  question_id INTEGER NOT NULL REFERENCES audit_question(id), seq INTEGER NOT NULL,\n"
    "  question TEXT NOT NULL, grade TEXT NOT NULL CHECK (grade IN " GRADES "), comment TEXT,\n"
    "  PRIMARY KEY (audit_id, question_id)) STRICT;\n"
    "CREATE TABLE case_audit_action (audit_id INTEGER NOT NULL REFERENCES case_audit(id),\n"
    "  task_id INTEGER NOT NULL UNIQUE REFERENCES task(id), PRIMARY KEY (audit_id, task_id)) STRICT;\n";
