/* schema_measures: migration 5, indexes shaped for the measures engine's facts queries so
 * that a whole `hearth kpi` for all England reads narrow index ranges instead of visiting
 * table rows: the section 47 dates each carry the other date, and a looked-after episode's
 * end date carries every column the measures read (most episodes in a period are found by
 * their end: still open, or ended in or after it). The old single-column indexes they
 * supersede go. Portable SQL (the PostgreSQL store translates it). */
#include "schema.h"

const char schema_measures_sql[] =
    "DROP INDEX s47_start;\n"
    "CREATE INDEX s47_start ON s47_enquiry(start, icpc_date);\n"
    "DROP INDEX s47_icpc;\n"
    "CREATE INDEX s47_icpc ON s47_enquiry(icpc_date, start);\n"
    "DROP INDEX la_episode_dec;\n"
    "CREATE INDEX la_episode_dec ON la_episode(dec, decom, person_id, place, place_provider, rec);\n";
