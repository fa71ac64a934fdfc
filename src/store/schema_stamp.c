/* schema_stamp: migration 27, for figures worked out from the store quickly and kept while
 * nothing has changed. change_stamp is one row whose counter every write transaction that
 * can move a figure bumps (store.h's store_change_stamp reads it: one row, where summing
 * every record version took milliseconds). Two indexes for the measures' facts: the
 * children with a disability (a few percent of person, read by the trends and the children
 * in need at the period's end, which scanned every person), and each episode's returns by
 * their first day (a child protection plan's earliest return, read once per plan without
 * visiting the table). Portable SQL (schema.h). */
#include "schema.h"

const char schema_stamp_sql[] =
    "CREATE TABLE change_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;\n"
    "INSERT INTO change_stamp (id, n) VALUES (1, 0);\n"
    "CREATE INDEX person_disabled ON person(id) WHERE disabilities <> '' AND disabilities <> 'NONE';\n"
    "CREATE INDEX cin_episode_return_first ON cin_episode_return(episode_id, first_day);\n";
