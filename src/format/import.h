/* import: recognising input files by their content and feeding them, record by record,
 * to the store. Each format module (cin_xml, ssda903, annexa) implements one
 * `*_import(struct importer *, path, err)`; this module owns detection, the counters,
 * progress on a terminal and the summary. The caller (cmd/import.c) owns the
 * transaction: a format module never commits, so a bad file changes nothing. */
#ifndef HEARTH_IMPORT_H
#define HEARTH_IMPORT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "../rules/rules.h"
#include "../store/store.h"
#include "../util/buf.h"
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
    RK_DOLO,
    RK__COUNT
};
extern const char *const rec_kind_name[RK__COUNT]; /* plain English, plural */

enum input_kind {
    IN_UNKNOWN,
    IN_CIN_XML,     /* CIN census XML, any collection year 2017-2026 */
    IN_SSDA903_CSV, /* one SSDA903 table, known by its header row */
    IN_ANNEXA_CSV,  /* one Annex A list, known by its headings */
    IN_SSDA903_XML, /* an SSDA903 return as XML, known by its root <EXPSSDA903> */
};

struct importer {
    struct store *store;
    int year;           /* --year: collection year to assume; 0 = work it out */
    bool progress;      /* draw progress on stderr (a terminal) */
    /* refuse what the year's own schema would (hearth validate checks a return as the DfE
     * would receive it); import alone accepts any year's form of an element, as found in the wild */
    bool strict;
    const char *cmd;    /* the command that runs, for messages ("import", "validate") */
    /* keep (import without --strict, validate): a record that breaks a content rule (a
     * date out of order, a code not on the list, a blank mandatory field, a value of the
     * wrong form, a child twice) is kept as far as the store can hold it and the fault is
     * listed in notes rather than refusing the file; what cannot be read at all (not XML,
     * not a known table, not UTF-8, a row of the wrong width) is still refused */
    bool keep;
    /* the caller reads the records alone and never the findings (hearth kpi FILES): what
     * serves only the findings (where each child's records are, the rules between years)
     * is skipped; what decides which records are kept is not */
    bool records_only;
    /* several files read at once into one store (import_many): held around every put;
     * NULL when one file is read at a time */
    pthread_mutex_t *store_lock;
    int pipe_threads;   /* pipe_start's threads for each file (0: its default) */
    struct findings notes;    /* owned; importer_free */
    struct line_map *lines;   /* where each child's records are in the files (keep only) */
    struct buf files_read;    /* paths of the returns read, NUL-separated (owned) */
    long counts[RK__COUNT][4]; /* [kind][enum put_outcome] */
    long records;       /* records read across all files */
    /* the newest collection year of the CIN census and of SSDA903 files read, so that a
     * year after the latest code lists is mentioned once (importer_note_years) */
    int newest_cin, newest_903;
    /* the collection years of the returns read: bit (year - 2000), [0] CIN, [1] SSDA903 */
    unsigned long long years_read[2];
    char lea[4];        /* the first CIN census header's three-digit LEA, or "" */
    struct y903 *y903;  /* keep mode: each SSDA903 child's rows per year (ssda903_years.c; owned) */
    /* progress state */
    const char *cur_path;
    long long cur_size;
    double last_draw;
};

void importer_init(struct importer *im, struct store *s);
/* Release the notes and the line map. */
void importer_free(struct importer *im);
/* Keep mode: list a fault of field (and other, for FAULT_ORDER) in im->notes under the DfE
 * rule of the year for it (rules_field_rule), with the plain-English detail from fmt. */
void importer_fault(struct importer *im, enum rules_return ret, int year, enum field_fault kind,
                    const char *field, const char *other, const char *table, const char *child,
                    const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 11, 12)));
/* Keep mode: remember where the child's first record of table (a return table such as
 * "episodes" or "Assessments", compared case-blind without '_') is: path's line. Returns
 * the line of the child's record of table met before (a child twice), else 0. */
long importer_line(struct importer *im, enum rules_return ret, const char *table,
                   const char *child, const char *path, long line);
/* Keep mode, after the files are read: name each child of an SSDA903 table with no row in
 * the header table (INT01-09), when a header table was read at all. */
void importer_check_header(struct importer *im);
/* Where the child's records of table are (0 and *path NULL when not known; then the
 * child's first record of any table). */
long importer_line_of(const struct importer *im, enum rules_return ret, const char *table,
                      const char *child, const char **path);
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
 * (a static string such as "episodes" or "list_1"), else NULL. HE_INPUT if unreadable or
 * not a regular file. */
int import_detect(const char *path, enum input_kind *kind, const char **table, struct err *e);

/* Import one file (detecting its kind) or every file in a directory (sorted, recursive).
 * Only regular files are read: a named pipe, socket or device is skipped and reported in
 * a folder, an error when named. In a folder, a file of no known kind is skipped and
 * reported (on stderr, naming im->cmd) when it is clearly not a return (a README.txt, a
 * readable CSV with another header); one that may be a return but cannot be read (empty,
 * binary, UTF-16 text that is not XML) is an error, as is a named file of no known kind. */
int import_path(struct importer *im, const char *path, struct err *e);
/* The entries of folder dir but its hidden ones, as "dir/name" paths sorted by byte
 * (repeatable runs; years in order). *out (and each path) is the caller's to free;
 * NULL when the folder is empty. */
HE_MUST_CHECK int import_folder_names(const char *dir, char ***out, size_t *count, struct err *e);

/* import_file in two steps, for import_many.c. import_plan looks at the file's start: its
 * kind and table, or, for a file in a folder (named 0) that is plainly no return, *why it
 * is skipped (a static string; NULL when the file is to be read); HE_INPUT (e filled)
 * where the import would stop at the file. import_as then reads it as that kind. */
int import_plan(const struct importer *im, const char *path, int named, enum input_kind *kind,
                const char **table, const char **why, struct err *e);
int import_as(struct importer *im, const char *path, enum input_kind kind, const char *table,
              struct err *e);

/* Read the files and folders in paths as import_path reads each in turn, but several files
 * at once (one thread a CPU), each into im->store under a lock. For a caller that reads
 * the records alone (im->records_only, no progress): im gains the counts, the years read
 * and the LA code (from the first census in the paths' order, as one file at a time would
 * give), not the findings nor the line map. A file's records reach the store in the file's
 * own order; the files' order does not matter to the store's merge rule. The error is the
 * one the first failing file in the paths' order gives; files are skipped, and reported,
 * as import_path does. */
int import_many(struct importer *im, char *const *paths, int n, struct err *e);

/* The format modules. */
int cin_xml_import(struct importer *im, const char *path, struct err *e);
/* Does the CIN importer check the element's values (a date, a code, a flag, a number, or an
 * element the census requires)? For docs/rules-coverage.md, as ssda903_column_typed. */
bool cin_xml_field_typed(const char *element);
int ssda903_import(struct importer *im, const char *path, const char *table, struct err *e);
int annexa_import(struct importer *im, const char *path, const char *list, struct err *e);

/* A collection year named in a path: a component like "2018", "2017-18", "2017_18",
 * "ssda903_2018" gives the year ending in March of the later year; 0 when none. */
int collection_year_from_path(const char *path);

#endif
