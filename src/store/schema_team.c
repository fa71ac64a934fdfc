/* schema_team: migration 3, the log of allocations made in hearth: who allocated which
 * child to which worker (and from whom), when. The allocation table says who holds a child;
 * this says who decided it. Portable SQL, times in Unix seconds, days as day numbers. */
#include "schema.h"

const char schema_team_sql[] =
    "CREATE TABLE allocation_log (id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  team_id INTEGER NOT NULL REFERENCES team(id),\n"
    "  staff_id INTEGER NOT NULL REFERENCES staff(id),\n"
    "  previous_staff_id INTEGER REFERENCES staff(id),\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  day INTEGER NOT NULL, at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX allocation_log_team ON allocation_log(team_id, at);\n"
    "CREATE INDEX allocation_open ON allocation(person_id, end_date);\n";
