/* schema_people2: migration 17, what a merge and an ended alert must keep. A merge fills
 * the details the kept record lacks from the merged one (ethnicity, language, school, GP,
 * NHS number...); merge_detail keeps each detail filled and what the kept record held
 * before, so undoing the merge puts it back exactly. An alert ended early by a worker keeps
 * why, who and when (end_reason, ended_by, ended_at) beside its end. Portable SQL. */
#include "schema.h"

const char schema_people2_sql[] =
    "CREATE TABLE merge_detail (merge_id INTEGER NOT NULL REFERENCES person_merge(id), field TEXT NOT NULL,\n"
    "  old_value TEXT, value TEXT NOT NULL, PRIMARY KEY (merge_id, field)) STRICT;\n"
    "ALTER TABLE person_alert ADD COLUMN end_reason TEXT;\n"
    "ALTER TABLE person_alert ADD COLUMN ended_by INTEGER REFERENCES app_user(id);\n"
    "ALTER TABLE person_alert ADD COLUMN ended_at INTEGER;\n";
