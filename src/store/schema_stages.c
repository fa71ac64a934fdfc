/* schema_stages: migration 7, what the stage forms record that the returns do not hold:
 * statutory visits (seen alone or not), return home interviews after a missing episode,
 * pathway plans, dated care-leaver contacts (the OC3 row keeps only the year's answer), why
 * a child protection plan ended, and the child's household and family network (relatives
 * are persons too). Portable SQL; dates are Julian day numbers. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_stages_sql[] =
    "CREATE TABLE la_visit (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DAY("date") " NOT NULL, seen_alone INTEGER NOT NULL CHECK (seen_alone IN (0, 1)),\n"
    "  UNIQUE (person_id, date)) STRICT;\n"
    "CREATE TABLE return_interview (missing_id INTEGER PRIMARY KEY\n"
    "  REFERENCES missing_episode(id) ON DELETE CASCADE,\n"
    "  offered INTEGER CHECK (offered IS NULL OR offered IN (0, 1)), " DAY("offered_date") ",\n"
    "  accepted INTEGER CHECK (accepted IS NULL OR accepted IN (0, 1)), " DAY("interview_date") ") STRICT;\n"
    "CREATE TABLE pathway_plan (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DAY("date") " NOT NULL, UNIQUE (person_id, date)) STRICT;\n"
    "CREATE TABLE leaver_contact (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DAY("date") " NOT NULL, in_touch TEXT NOT NULL, activ TEXT NOT NULL, accom TEXT NOT NULL,\n"
    "  UNIQUE (person_id, date)) STRICT;\n"
    "CREATE TABLE cp_plan_end (plan_id INTEGER PRIMARY KEY REFERENCES cp_plan(id) ON DELETE CASCADE,\n"
    "  reason TEXT NOT NULL) STRICT;\n"
    "CREATE TABLE relationship (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  relative_id INTEGER NOT NULL REFERENCES person(id), kind TEXT NOT NULL,\n"
    "  household INTEGER NOT NULL CHECK (household IN (0, 1)), UNIQUE (person_id, relative_id),\n"
    "  CHECK (person_id <> relative_id)) STRICT;\n"
    "CREATE INDEX relationship_relative ON relationship(relative_id);\n";
