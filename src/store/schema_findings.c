/* schema_findings: migration 14, what a return held that breaks a DfE content rule. A past
 * return is history as submitted: `hearth import` keeps its records as given (as far as the
 * record tables can hold them) and lists here each finding the import met, with the file
 * and line it came from, so that `hearth validate --db` names them with the rest. Reading
 * a file again replaces that file's findings. Portable SQL (schema.h). */
#include "schema.h"

const char schema_findings_sql[] =
    "CREATE TABLE return_finding (id INTEGER PRIMARY KEY, file TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL CHECK (line >= 0),\n"
    "  return_name TEXT NOT NULL CHECK (return_name IN ('cin', 'ssda903')),\n"
    "  year INTEGER NOT NULL, rule TEXT NOT NULL,\n"
    "  level TEXT NOT NULL CHECK (level IN ('ERROR', 'QUERY')), la_child_id TEXT NOT NULL,\n"
    "  table_name TEXT NOT NULL, fields TEXT NOT NULL, message TEXT NOT NULL) STRICT;\n"
    "CREATE INDEX return_finding_file ON return_finding(file);\n"
    "CREATE INDEX return_finding_year ON return_finding(return_name, year, la_child_id);\n";
