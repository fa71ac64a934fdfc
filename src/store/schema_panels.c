/* schema_panels: migration 20, panels and court, and the money the authority enters.
 * A referral of a child to one of the authority's panels (Edge of Care, Legal Gateway or
 * pre-proceedings, Support and Solution, placements and resources, exploitation), each
 * meeting of the panel about it with its decision, minutes and next review date, the tasks
 * it set (task rows, linked), Edge of Care's outcome (weeks of intervention, whether the
 * young person stayed out of care), and for the Legal Gateway the dates of pre-proceedings
 * and care proceedings (letter before proceedings, issue, final order) with their hearings.
 * Unit costs (a placement type's cost for a number of weeks, from a date; one marked as
 * what Edge of Care avoids) and each financial year's placements budget are data the
 * authority enters, never constants in code. Portable SQL; dates are Julian day numbers,
 * money pence. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_panels_sql[] =
    "CREATE TABLE panel_referral (id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('edge_of_care', 'legal_gateway', 'support_solution', 'resources',\n"
    "  'exploitation')), " DAY("referred") " NOT NULL, reason TEXT NOT NULL CHECK (length(reason) >= 1),\n"
    "  referred_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  eoc_weeks INTEGER CHECK (eoc_weeks IS NULL OR eoc_weeks BETWEEN 0 AND 104),\n"
    "  eoc_stayed_out INTEGER CHECK (eoc_stayed_out IS NULL OR eoc_stayed_out IN (0, 1)), " DAY("eoc_day") ",\n"
    "  " DAY("letter_day") ", " DAY("issue_day") ", " DAY("order_day") ", order_kind TEXT,\n"
    "  CHECK (kind = 'edge_of_care' OR eoc_day IS NULL),\n"
    "  CHECK (kind = 'legal_gateway' OR (letter_day IS NULL AND issue_day IS NULL AND order_day IS NULL)),\n"
    "  CHECK (order_day IS NULL OR (issue_day IS NOT NULL AND order_day >= issue_day))) STRICT;\n"
    "CREATE INDEX panel_referral_person ON panel_referral(person_id, referred);\n"
    "CREATE INDEX panel_referral_kind ON panel_referral(kind, referred);\n"
    "CREATE TABLE panel_meeting (id INTEGER PRIMARY KEY,\n"
    "  referral_id INTEGER NOT NULL REFERENCES panel_referral(id) ON DELETE CASCADE,\n"
    "  " DAY("day") " NOT NULL, decision TEXT NOT NULL, minutes TEXT NOT NULL, " DAY("next_review") ",\n"
    "  recorded_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL,\n"
    "  CHECK (next_review IS NULL OR next_review > day)) STRICT;\n"
    "CREATE INDEX panel_meeting_referral ON panel_meeting(referral_id, day);\n"
    "CREATE TABLE panel_action (meeting_id INTEGER NOT NULL REFERENCES panel_meeting(id) ON DELETE CASCADE,\n"
    "  task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE, PRIMARY KEY (meeting_id, task_id)) STRICT;\n"
    "CREATE TABLE court_hearing (id INTEGER PRIMARY KEY,\n"
    "  referral_id INTEGER NOT NULL REFERENCES panel_referral(id) ON DELETE CASCADE,\n"
    "  " DAY("day") " NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('first', 'cmh', 'irh', 'final', 'other')),\n"
    "  note TEXT, recorded_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX court_hearing_referral ON court_hearing(referral_id, day);\n"
    "CREATE TABLE unit_cost (id INTEGER PRIMARY KEY, place TEXT NOT NULL, " DAY("from_day") " NOT NULL,\n"
    "  weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104), pence INTEGER NOT NULL CHECK (pence > 0),\n"
    "  edge_of_care INTEGER NOT NULL CHECK (edge_of_care IN (0, 1)),\n"
    "  entered_by INTEGER REFERENCES app_user(id), created INTEGER NOT NULL, UNIQUE (place, from_day)) STRICT;\n"
    "CREATE TABLE budget (year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),\n"
    "  pence INTEGER NOT NULL CHECK (pence >= 0), entered_by INTEGER REFERENCES app_user(id),\n"
    "  created INTEGER NOT NULL) STRICT;\n";
