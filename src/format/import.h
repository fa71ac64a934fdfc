/* import: recognising input files by their content and feeding them, record by record,
 * to the store. Each format module (cin_xml, ssda903, annexa) implements one
 * `*_import(struct importer *, path, err)`; this module owns detection, the counters,
 * progress on a terminal and the summary. The caller (cmd/import.c) owns the
 * transaction: a format module never commits, so a bad file changes nothing. */
#ifndef HEARTH_IMPORT_H
#define HEARTH_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "../store/store.h"
#include "../util/err.h"

/* Record kinds, for counting. Order is the order of the summary. */
enum rec_kind {
    RK_PERSON,
    RK_CONTACT,
    RK_EARLY_HELP,
    RK_CIN_EPISODE,
    RK_ASSESSMENT,
    RK_CIN_PLAN,
    RK_S47,
    RK_CP_PLAN,
    RK_CP_REVIEW,
    RK_LA_EPISODE,
    RK_LA_REVIEW,
    RK_MISSING,
    RK_CARE_LEAVER,
    RK_LA_OUTCOME,
    RK_ADOPTION,
    RK_PLACED_ADOPTION,
    RK_PREV_PERM,
    RK_UASC,
    RK_SW_EPISODE,
    RK__COUNT
};
extern const char *const rec_kind_name[RK__COUNT]; /* plain English, plural */

enum input_kind {
    IN_UNKNOWN,
    IN_CIN_XML,     /* CIN census XML, any collection year 2017-2026 */
    IN_SSDA903_CSV, /* one SSDA903 table, known by its header row */
    IN_ANNEXA_CSV,  /* one Annex A list, known by its headings */
};

struct importer {
    struct store *store;
    int year;           /* --year: collection year to assume; 0 = work it out */
    bool progress;      /* draw progress on stderr (a terminal) */
    /* refuse what the year's own schema would (hearth validate checks a return as the DfE
     * would receive it); import alone accepts any year's form of an element, as found in the wild */
    bool strict;
    long counts[RK__COUNT][4]; /* [kind][enum put_outcome] */
    long records;       /* records read across all files */
    /* the newest collection year of the CIN census and of SSDA903 files read, so that a
     * year after the latest code lists is mentioned once (importer_note_years) */
    int newest_cin, newest_903;
    char lea[4];        /* the first CIN census header's three-digit LEA, or "" */
    /* progress state */
    const char *cur_path;
    long long cur_size;
    double last_draw;
};

void importer_init(struct importer *im, struct store *s);
/* Print, once, which returns were read for a collection year after the latest code
 * lists hearth holds (they were checked against the latest lists: model/codes.h). */
void importer_note_years(const struct importer *im, const char *cmd, FILE *f);
/* Count one put's outcome. */
void importer_count(struct importer *im, enum rec_kind k, int outcome);
/* Call now and then with bytes consumed of the current file; draws at most 4 times a second. */
void importer_progress(struct importer *im, long long done);
void importer_progress_end(struct importer *im);
/* Records written or matched across all kinds: every child, contact, episode,
 * assessment, plan, review... as the returns hold them. The import rate counts these. */
long importer_total(const struct importer *im);
/* Print "what was added and updated" to f. */
void importer_summary(const struct importer *im, FILE *f);

/* Look at the start of the file and say what it is; for CSVs also which table/list
 * (a static string such as "episodes" or "list_1"), else NULL. HE_INPUT if unreadable. */
int import_detect(const char *path, enum input_kind *kind, const char **table, struct err *e);

/* Import one file (detecting its kind) or every file in a directory (sorted, recursive;
 * files of no known kind in a directory are skipped and reported, a named file of no
 * known kind is an error). */
int import_path(struct importer *im, const char *path, struct err *e);

/* The format modules. */
int cin_xml_import(struct importer *im, const char *path, struct err *e);
int ssda903_import(struct importer *im, const char *path, const char *table, struct err *e);
int annexa_import(struct importer *im, const char *path, const char *list, struct err *e);

/* Collection year (ending 31 March) that a date falls in: 2017-04-01..2018-03-31 -> 2018. */
int collection_year_of(day_t d);
/* A collection year named in a path: a component like "2018", "2017-18", "2017_18",
 * "ssda903_2018" gives the year ending in March of the later year; 0 when none. */
int collection_year_from_path(const char *path);

#endif
