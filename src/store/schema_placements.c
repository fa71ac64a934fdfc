/* schema_placements: migration 15, carers and providers and the health and education of
 * looked-after children. The register of the authority's own foster carers, independent
 * fostering agencies and children's homes (Ofsted URN, postcode, weekly cost in pence);
 * what each looked-after episode's placement is (its carer or provider, address, weekly
 * cost, and its distance from home and whether in the area, worked out when it is
 * recorded); health assessments, dental checks, immunisations, SDQ scores and personal
 * education plans as dated records; and the postcode directory an authority loads over the
 * shipped sectors. Portable SQL; dates are Julian day numbers. */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

const char schema_placements_sql[] =
    "CREATE TABLE carer (id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('FOSTER', 'IFA', 'HOME')), name TEXT NOT NULL,\n"
    "  household TEXT, urn TEXT, postcode TEXT NOT NULL, " DAY("approved") ",\n"
    "  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 99),\n"
    "  weekly_cost INTEGER NOT NULL CHECK (weekly_cost >= 0), created INTEGER NOT NULL,\n"
    "  created_by INTEGER, UNIQUE (name, postcode)) STRICT;\n"
    "CREATE TABLE placement (episode_id INTEGER PRIMARY KEY REFERENCES la_episode(id) ON DELETE CASCADE,\n"
    "  carer_id INTEGER NOT NULL REFERENCES carer(id), postcode TEXT NOT NULL,\n"
    "  weekly_cost INTEGER NOT NULL CHECK (weekly_cost >= 0), distance_m INTEGER,\n"
    "  in_area INTEGER CHECK (in_area IS NULL OR in_area IN (0, 1))) STRICT;\n"
    "CREATE INDEX placement_carer ON placement(carer_id);\n"
    "CREATE TABLE health_record (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  kind TEXT NOT NULL, " DAY("date") " NOT NULL, sdq_score INTEGER CHECK (sdq_score IS NULL OR\n"
    "  sdq_score BETWEEN 0 AND 40), up_to_date INTEGER CHECK (up_to_date IS NULL OR up_to_date IN (0, 1)),\n"
    "  note TEXT, recorded_by INTEGER, recorded INTEGER NOT NULL, UNIQUE (person_id, kind, date)) STRICT;\n"
    "CREATE TABLE postcode (code TEXT PRIMARY KEY, la TEXT NOT NULL, easting INTEGER NOT NULL,\n"
    "  northing INTEGER NOT NULL) STRICT;\n";
