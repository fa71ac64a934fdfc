/* postcode: where a postcode is, for the distance of a placement from the child's home and
 * whether it is inside the authority's area. hearth ships the ONS Postcode Directory's
 * sectors (data/postcode-sectors.csv.gz, made by tools/gen-postcodes.py; compiled in by
 * tools/gen-postcodes-c.sh): a sector is a postcode less its last two letters, about a
 * kilometre across, with its mean OS grid reference and the upper-tier authority most of
 * it is in. An authority can load a newer directory into its store (hearth postcodes);
 * store/placements.h looks there first. No store, no HTML.
 * Ownership: the table and every string it points at are static. */
#ifndef HEARTH_MODEL_POSTCODE_H
#define HEARTH_MODEL_POSTCODE_H

#include <stdbool.h>
#include <stdint.h>

struct postcode_sector {
    const char *sector;   /* "ME4 4" */
    const char *la;       /* ONS code of the upper-tier authority: "E06000035" */
    int32_t easting, northing; /* OS grid, metres */
};

/* Where a postcode (or sector) is: la points at static or caller-owned text. */
struct postcode_place {
    char la[16];
    int32_t easting, northing;
};

extern const struct postcode_sector hearth_postcode_sectors[];
extern const int hearth_n_postcode_sectors;

/* A full UK postcode in its usual form ("ME4 4AA": capitals, one space before the last
 * three characters) into out; false when s is not one (out then ""). */
bool postcode_normalise(const char *s, char out[9]);
/* The sector of a normalised postcode ("ME4 4AA" -> "ME4 4") into out. */
void postcode_sector_of(const char *pc, char out[8]);
/* The shipped sector of a normalised postcode; NULL when it has none (terminated, or not in
 * Great Britain's grid). */
const struct postcode_sector *postcode_sector_find(const char *pc);
/* Straight-line distance in metres between two places (the SSDA903 guidance's measure). */
int64_t postcode_distance_m(const struct postcode_place *a, const struct postcode_place *b);
/* Metres as miles, to one decimal place times ten (a whole number: 205 is 20.5 miles). */
int64_t postcode_tenths_of_mile(int64_t metres);

enum { POSTCODE_FAR_MILES = 20 }; /* the SSDA903 measure: placed more than 20 miles away */

#endif
