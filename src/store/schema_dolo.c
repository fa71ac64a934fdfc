/* schema_dolo: migration 24, the SSDA903 deprivation of liberty orders table the DfE added
 * for 2026-27 (CHILD, DOB, DOLO_START, DOLO_END; rules 700-710), a record like the social
 * worker episodes: one row per order, keyed by the child and the day it started. The end
 * is not checked against the start here: a past return that breaks rule 702 is kept as
 * given, with its finding. Portable SQL (schema.h). */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_dolo_sql[] =
    "CREATE TABLE dolo (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DAY("start") " NOT NULL, " DAY("end_date") ", src_year INTEGER NOT NULL,\n"
    "  UNIQUE (person_id, start)) STRICT;\n";
