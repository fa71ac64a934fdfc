/* schema_privfost: migration 26, private fostering (issue 17). A child cared for by someone
 * who is not a parent or close relative for 28 days or more, under 16 (18 if disabled),
 * without the authority arranging it (Children Act 1989, s.66): the authority is told of the
 * arrangement and must visit, judge its suitability and keep visiting (the Children (Private
 * Arrangements for Fostering) Regulations 2005).
 * - private_fostering: one arrangement of a child: when and by whom the authority was told,
 *   when it began, the private foster carer (a person, as exploitation links people), whether
 *   the child is disabled (the arrangement then lasts to 18), the suitability decision and
 *   its date, the end and its reason.
 * - private_fostering_visit: every visit, the first being the statutory visit on
 *   notification; whether the child was seen alone.
 * Portable SQL; dates are Julian day numbers, `at` columns Unix seconds. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_privfost_sql[] =
    "CREATE TABLE private_fostering (id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id), " DAY("notified") " NOT NULL,\n"
    "  notified_by TEXT NOT NULL CHECK (notified_by IN ('parent', 'carer', 'school', 'health', 'other')),\n"
    "  " DAY("began") " NOT NULL, carer_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),\n"
    "  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('suitable', 'not_suitable')), " DAY("assessed") ",\n"
    "  " DAY("end_date") ", end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN\n"
    "  ('returned_parent', 'looked_after', 'age', 'other')),\n"
    "  by_user INTEGER REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK ((outcome IS NULL) = (assessed IS NULL)), CHECK ((end_date IS NULL) = (end_reason IS NULL)),\n"
    "  CHECK (end_date IS NULL OR end_date >= began), CHECK (assessed IS NULL OR assessed >= notified)) STRICT;\n"
    "CREATE INDEX private_fostering_child ON private_fostering(person_id, notified);\n"
    "CREATE INDEX private_fostering_notified ON private_fostering(notified);\n"
    "CREATE INDEX private_fostering_carer ON private_fostering(carer_id);\n"
    "CREATE TABLE private_fostering_visit (id INTEGER PRIMARY KEY,\n"
    "  arrangement_id INTEGER NOT NULL REFERENCES private_fostering(id), " DAY("day") " NOT NULL,\n"
    "  seen_alone INTEGER NOT NULL CHECK (seen_alone IN (0, 1)),\n"
    "  by_user INTEGER REFERENCES app_user(id), at INTEGER NOT NULL, UNIQUE (arrangement_id, day)) STRICT;\n";
