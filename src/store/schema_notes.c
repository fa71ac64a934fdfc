/* schema_notes: migration 8, case notes. A note is written once and amended, never
 * overwritten: case_note holds what does not change (who wrote it first, when, its current
 * version, whether a manager has overseen it), case_note_version every version in full
 * (who wrote each and when). A note concerns one or more children (one visit to three
 * siblings is one note on three records): case_note_child links them and carries copies of
 * the current version's time, type and significance, so that a child's notes are read a
 * page at a time from one index, newest first, however many there are.
 * Times: `at` columns are Unix seconds; when a note's work happened is at_day (a Julian day
 * number) and at_min (minutes after midnight), and at_key is at_day * 1440 + at_min.
 * Portable SQL (the PostgreSQL store translates INTEGER and drops STRICT). */
#include "schema.h"

#define NOTE_KINDS "('home_visit', 'office_visit', 'telephone', 'meeting', 'direct_work', " \
                   "'oversight', 'supervision', 'other')"

const char schema_notes_sql[] =
    "CREATE TABLE case_note (id INTEGER PRIMARY KEY, version INTEGER NOT NULL CHECK (version >= 1),\n"
    "  author INTEGER NOT NULL REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  team_id INTEGER REFERENCES team(id),\n"
    "  oversight INTEGER NOT NULL CHECK (oversight IN (0, 1)),\n"
    "  overseen_by INTEGER REFERENCES app_user(id), overseen_at INTEGER) STRICT;\n"
    /* the manager's tray: a team's notes marked for oversight and not yet overseen */
    "CREATE INDEX case_note_oversight ON case_note(team_id, oversight, overseen_at, id);\n"
    "CREATE TABLE case_note_version (note_id INTEGER NOT NULL REFERENCES case_note(id),\n"
    "  version INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN " NOTE_KINDS "),\n"
    "  at_day INTEGER NOT NULL CHECK (at_day BETWEEN 2415021 AND 2524593),\n"
    "  at_min INTEGER NOT NULL CHECK (at_min BETWEEN 0 AND 1439),\n"
    "  present TEXT NOT NULL, seen INTEGER CHECK (seen IN (0, 1)),\n"
    "  seen_alone INTEGER CHECK (seen_alone IN (0, 1)), body TEXT NOT NULL,\n"
    "  significant INTEGER NOT NULL CHECK (significant IN (0, 1)),\n"
    "  oversight INTEGER NOT NULL CHECK (oversight IN (0, 1)),\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (note_id, version)) STRICT;\n"
    "CREATE TABLE case_note_child (person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  note_id INTEGER NOT NULL REFERENCES case_note(id), at_key INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL, significant INTEGER NOT NULL CHECK (significant IN (0, 1)),\n"
    "  PRIMARY KEY (person_id, note_id)) STRICT;\n"
    "CREATE INDEX case_note_child_time ON case_note_child(person_id, at_key, note_id);\n"
    "CREATE INDEX case_note_child_kind ON case_note_child(person_id, kind, at_key, note_id);\n"
    "CREATE INDEX case_note_child_significant ON case_note_child(person_id, significant, at_key, note_id);\n"
    "CREATE INDEX case_note_child_note ON case_note_child(note_id);\n";
