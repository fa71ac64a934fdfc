/* schema_reports: migration 12, what performance reporting keeps beside the records: the
 * DfE's published figures loaded after the program shipped (`hearth benchmarks load`: a
 * newer year overlays the copy compiled in from data/benchmarks/; the same four files'
 * columns), and the analyst's commentary on each section of the committee report of a
 * year, saved with who wrote it and when. Portable SQL. */
#include "schema.h"

const char schema_reports_sql[] =
    "CREATE TABLE bench_measure (measure TEXT NOT NULL, topic TEXT NOT NULL, name TEXT NOT NULL,\n"
    "  polarity TEXT NOT NULL, unit TEXT NOT NULL, decimals TEXT NOT NULL, year_type TEXT NOT NULL,\n"
    "  PRIMARY KEY (measure)) STRICT;\n"
    "CREATE TABLE bench_area (area INTEGER NOT NULL CHECK (area BETWEEN 1 AND 999), name TEXT NOT NULL,\n"
    "  region TEXT NOT NULL, PRIMARY KEY (area)) STRICT;\n"
    "CREATE TABLE bench_neighbour (la INTEGER NOT NULL, n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 10),\n"
    "  neighbour INTEGER NOT NULL, PRIMARY KEY (la, n)) STRICT;\n"
    "CREATE TABLE bench_value (measure TEXT NOT NULL, year TEXT NOT NULL, area INTEGER NOT NULL,\n"
    "  value TEXT NOT NULL, PRIMARY KEY (measure, year, area)) STRICT;\n"
    "CREATE TABLE report_commentary (year INTEGER NOT NULL, section TEXT NOT NULL,\n"
    "  commentary TEXT NOT NULL, written_by TEXT NOT NULL, written_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (year, section)) STRICT;\n";
