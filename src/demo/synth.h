/* synth: a synthetic local authority written as the sector's own files (CIN census XML,
 * SSDA903 CSVs, Annex A list 1), so that the demo and the benchmarks go through the real
 * importers rather than a back door into the store. Everything follows from the params:
 * the same params give byte-identical files on every machine (own PRNG, no clock). */
#ifndef HEARTH_SYNTH_H
#define HEARTH_SYNTH_H

#include <stdint.h>

#include "../util/err.h"

struct synth_params {
    long long population; /* children aged 0-17: every volume scales with it */
    int first_year;       /* first collection year written (year ending 31 March) */
    int last_year;        /* last, inclusive; first_year..last_year within 2017..2026 */
    uint64_t seed;
    const char *lea;      /* three-digit LA code for headers and UPNs; NULL means "887" */
};

/* What was written, for the caller's own summary (counts over every year's files; a
 * record that appears in two years' returns counts twice, as it does on disk). */
struct synth_stats {
    long long files;
    long long children;      /* distinct children written anywhere */
    long long contacts;      /* Annex A list 1 rows */
    long long referrals;     /* CINdetails elements */
    long long la_episodes;   /* SSDA903 episodes rows */
    long long rows;          /* every CSV row and CINdetails, headers excluded */
    long long bytes;
};

/* Defaults: a Medway-sized authority (64,000 children), 2024..2026, seed 1. */
void synth_params_default(struct synth_params *p);

/* Write outdir/YYYY/cin_census_YYYY.xml, outdir/YYYY/ssda903/{header,episodes,reviews,
 * missing,oc2,oc3,ad1,placed_adoption,prev_perm,uasc}.csv and
 * outdir/YYYY/annex_a_list_1_contacts.csv for every collection year in the params; and,
 * for the years from synth_first_903_year() to the first year, the SSDA903 files alone
 * (the history of care of the first year's care leavers). outdir is created if missing; files in it are
 * replaced. stats may be NULL. Returns HE_OK, HE_USAGE for impossible params, or
 * HE_INTERNAL when a file cannot be written (e says which). */
int synth_write_stats(const struct synth_params *p, const char *outdir, struct synth_stats *stats,
                      struct err *e);
int synth_write(const struct synth_params *p, const char *outdir, struct err *e);
/* The first collection year synth_write writes SSDA903 files for (five years before
 * first_year, but not before 2017). */
int synth_first_903_year(const struct synth_params *p);

/* A child's ethnicity and disability (DfE codes) drawn as the returns' children are:
 * England's mix, "NONE" for nine children in ten. For children new in the current year. */
struct rng;
void synth_draw_child(struct rng *r, const char **ethnicity, const char **disability);

/* The DfE check letter for the 12 characters after it (LA code, school, year, serial),
 * or 0 when they are not 12 digits. Exposed for tests. */
char synth_upn_check_letter(const char *twelve);

#endif
