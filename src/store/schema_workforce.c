/* schema_workforce: migration 22, the workforce. A post is what the authority funds in a
 * team (role, full-time equivalent, opened and closed); the people in it are holders, each
 * employed or from an agency, with the day they started (joining the authority or moving
 * from another post) and the day they left (leaving the authority or moving on); absences
 * are a holder's days away (sickness, parental leave, other). The caseload weights are what
 * the authority says a case of each kind counts for. Who holds each child stays with
 * allocation (staff rows): a holder points at the staff row their children are allocated to.
 * FTE and weights are in hundredths (1.00 = 100). Dates are Julian day numbers; `created`
 * and `set_at` Unix seconds. Portable SQL (the PostgreSQL store translates INTEGER and
 * drops STRICT). */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"
#define ROLES "('social_worker', 'senior_practitioner', 'practice_supervisor', 'team_manager', " \
              "'senior_manager', 'personal_adviser', 'family_support', 'other')"

const char schema_workforce_sql[] =
    "CREATE TABLE workforce_post (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team(id),\n"
    "  title TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN " ROLES "),\n"
    "  fte INTEGER NOT NULL CHECK (fte BETWEEN 1 AND 100),\n"
    "  " DAY("opened") " NOT NULL, " DAY("closed") ",\n"
    "  created_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  CHECK (closed IS NULL OR closed > opened)) STRICT;\n"
    "CREATE INDEX workforce_post_team ON workforce_post(team_id, id);\n"
    "CREATE TABLE workforce_holder (id INTEGER PRIMARY KEY,\n"
    "  post_id INTEGER NOT NULL REFERENCES workforce_post(id),\n"
    "  staff_id INTEGER NOT NULL REFERENCES staff(id), name TEXT NOT NULL,\n"
    "  employment TEXT NOT NULL CHECK (employment IN ('employed', 'agency')),\n"
    "  fte INTEGER NOT NULL CHECK (fte BETWEEN 1 AND 100),\n"
    "  " DAY("start") " NOT NULL, start_reason TEXT NOT NULL CHECK (start_reason IN ('joined', 'moved')),\n"
    "  " DAY("left_on") ", leave_reason TEXT CHECK (leave_reason IS NULL OR leave_reason IN ('left', 'moved')),\n"
    "  created_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  CHECK ((left_on IS NULL) = (leave_reason IS NULL)), CHECK (left_on IS NULL OR left_on > start)) STRICT;\n"
    "CREATE INDEX workforce_holder_post ON workforce_holder(post_id, start);\n"
    "CREATE INDEX workforce_holder_staff ON workforce_holder(staff_id, start);\n"
    "CREATE TABLE workforce_absence (id INTEGER PRIMARY KEY,\n"
    "  holder_id INTEGER NOT NULL REFERENCES workforce_holder(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('sickness', 'parental', 'other')),\n"
    "  " DAY("start") " NOT NULL, " DAY("end_date") ",\n"
    "  created_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX workforce_absence_holder ON workforce_absence(holder_id, start);\n"
    "CREATE TABLE caseload_weight (kind TEXT PRIMARY KEY CHECK (kind IN ('cp', 'la', 'cin', 'other')),\n"
    "  weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 1000),\n"
    "  set_by INTEGER REFERENCES app_user(id), set_at INTEGER NOT NULL) STRICT;\n";
