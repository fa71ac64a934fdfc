/* ssda903: one SSDA903 table CSV into the model. Owns the table definitions (taken from
 * the DfE schema as gathered in shared/standards/ssda903) and the row-to-model mapping.
 * Every row is checked before anything is put, and the first broken rule stops the
 * import with file, line and field; it never commits, so the caller can roll back. */
#include "ssda903.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "csv.h"
#include "csv_import.h"
#include "import.h"

enum ctype {
    T_STR,
    T_DATE,
    T_CAT,   /* a code: checked against every year's list */
    T_INT,   /* a whole number */
    T_PDATE, /* DATE_PERM: the DfE allows zz for an unknown day or month */
};

struct col {
    const char *name;
    enum ctype type;
    bool blank_ok;
    /* a date the return records (not a birth date): its latest tells the collection year */
    bool recording;
};

enum tab { TB_HEADER, TB_EPISODES, TB_REVIEWS, TB_UASC, TB_OC2, TB_OC3, TB_AD1,
           TB_PLACED_ADOPTION, TB_PREV_PERM, TB_MISSING, TB_SOCIAL_WORKER, TB_DOLO, TB__COUNT };

#define MAX_COLS 16

struct table {
    const char *name;
    struct col cols[MAX_COLS];
    int ncols;
    /* the pair that must run forwards: end column is not before start column */
    const char *start, *end;
};

#define S(n, b) {n, T_STR, b, false}
#define D(n, b) {n, T_DATE, b, false}
#define R(n, b) {n, T_DATE, b, true}
#define C(n, b) {n, T_CAT, b, false}
#define N(n, b) {n, T_INT, b, false}

/* Column sets are the same in every year 2017-2026 (the yearly changes are to code lists,
 * the social_worker table added in 2024 and the dolo table in 2027); "canbeblank" as in
 * fields-and-codes-2026 and the 2026-27 rules (700-710) for dolo. */
static const struct table tables[TB__COUNT] = {
    [TB_HEADER] = {"header",
                   {S("CHILD", 0), C("SEX", 0), D("DOB", 0), C("ETHNIC", 0), S("UPN", 0),
                    C("MOTHER", 1), D("MC_DOB", 1)},
                   7, NULL, NULL},
    [TB_EPISODES] = {"episodes",
                     {S("CHILD", 0), R("DECOM", 0), C("RNE", 0), C("LS", 0), C("CIN", 0),
                      C("PLACE", 0), C("PLACE_PROVIDER", 1), R("DEC", 1), C("REC", 1),
                      C("REASON_PLACE_CHANGE", 1), S("HOME_POST", 1), S("PL_POST", 1),
                      S("URN", 1)},
                     13, "DECOM", "DEC"},
    [TB_REVIEWS] = {"reviews",
                    {S("CHILD", 0), D("DOB", 0), R("REVIEW", 0), C("REVIEW_CODE", 0)},
                    4, NULL, NULL},
    [TB_UASC] = {"uasc", {S("CHILD", 0), D("DOB", 0), C("SEX", 0), R("DUC", 1)}, 4, NULL, NULL},
    [TB_OC2] = {"oc2",
                {S("CHILD", 0), D("DOB", 0), N("SDQ_SCORE", 1), C("SDQ_REASON", 1),
                 C("CONVICTED", 1), C("HEALTH_CHECK", 1), C("IMMUNISATIONS", 1),
                 C("TEETH_CHECK", 1), C("HEALTH_ASSESSMENT", 1), C("SUBSTANCE_MISUSE", 1),
                 C("INTERVENTION_RECEIVED", 1), C("INTERVENTION_OFFERED", 1)},
                12, NULL, NULL},
    [TB_OC3] = {"oc3",
                {S("CHILD", 0), D("DOB", 0), C("IN_TOUCH", 0), C("ACTIV", 0), C("ACCOM", 0)},
                5, NULL, NULL},
    [TB_AD1] = {"ad1",
                {S("CHILD", 0), D("DOB", 0), R("DATE_INT", 0), R("DATE_MATCH", 0),
                 C("FOSTER_CARE", 0), N("NB_ADOPTR", 0), C("SEX_ADOPTR", 0), C("LS_ADOPTR", 0)},
                8, NULL, NULL},
    [TB_PLACED_ADOPTION] = {"placed_adoption",
                            {S("CHILD", 0), D("DOB", 0), R("DATE_PLACED", 0),
                             R("DATE_PLACED_CEASED", 1), C("REASON_PLACED_CEASED", 1)},
                            5, "DATE_PLACED", "DATE_PLACED_CEASED"},
    [TB_PREV_PERM] = {"prev_perm",
                      {S("CHILD", 0), D("DOB", 0), C("PREV_PERM", 0), S("LA_PERM", 1),
                       {"DATE_PERM", T_PDATE, 1, false}},
                      5, NULL, NULL},
    [TB_MISSING] = {"missing",
                    {S("CHILD", 0), D("DOB", 0), C("MISSING", 0), R("MIS_START", 0),
                     R("MIS_END", 1)},
                    5, "MIS_START", "MIS_END"},
    [TB_SOCIAL_WORKER] = {"social_worker",
                          {S("CHILD", 0), D("DOB", 0), S("SW_ID", 0), R("SW_DECOM", 0),
                           R("SW_DEC", 1), C("SW_REASON", 1)},
                          6, "SW_DECOM", "SW_DEC"},
    /* deprivation of liberty orders: DOLO_START/DOLO_END are checked by rules 700-704 */
    [TB_DOLO] = {"dolo", {S("CHILD", 0), D("DOB", 0), R("DOLO_START", 0), R("DOLO_END", 1)}, 4,
                 "DOLO_START", "DOLO_END"},
};
#undef S
#undef D
#undef R
#undef C
#undef N

/* The table as the DfE's rule catalogue names it. */
static const char *const catalogue_name[TB__COUNT] = {
    [TB_HEADER] = "Header", [TB_EPISODES] = "Episodes", [TB_REVIEWS] = "Reviews",
    [TB_UASC] = "UASC", [TB_OC2] = "OC2", [TB_OC3] = "OC3", [TB_AD1] = "AD1",
    [TB_PLACED_ADOPTION] = "PlacedAdoption", [TB_PREV_PERM] = "PrevPerm",
    [TB_MISSING] = "Missing", [TB_SOCIAL_WORKER] = "SWEpisodes", [TB_DOLO] = "DoLo",
};

/* The DfE's data integrity checks a table's rows answer as they are read: a child twice in
 * a table of one row a child, a child in a table but not in the header. */
static const char *const once_rule[TB__COUNT] = {
    [TB_HEADER] = "INT32", [TB_AD1] = "INT31", [TB_OC2] = "INT33", [TB_OC3] = "INT34",
    [TB_PREV_PERM] = "INT35", [TB_UASC] = "INT36",
};
static const char *const header_rule[TB__COUNT] = {
    [TB_AD1] = "INT01", [TB_PLACED_ADOPTION] = "INT02", [TB_EPISODES] = "INT03",
    [TB_MISSING] = "INT04", [TB_OC2] = "INT05", [TB_OC3] = "INT06", [TB_PREV_PERM] = "INT07",
    [TB_REVIEWS] = "INT08", [TB_UASC] = "INT09",
};

/* The rules on a date outside the return's collection year, each on one column (outside_year). */
static const struct {
    enum tab tab;
    const char *col, *code;
    bool before; /* the rule also names a date before 1 April */
} outside_rule[] = {
    {TB_EPISODES, "DECOM", "354", false},          {TB_EPISODES, "DEC", "385", false},
    {TB_MISSING, "MIS_START", "570", false},       {TB_MISSING, "MIS_END", "571", true},
    {TB_DOLO, "DOLO_START", "703", false},         {TB_DOLO, "DOLO_END", "704", true},
    {TB_SOCIAL_WORKER, "SW_DECOM", "SW06STG2", false},
    {TB_SOCIAL_WORKER, "SW_DEC", "SW07STG2", true},
};

bool ssda903_read_rule(const char *code)
{
    for (size_t i = 0; i < sizeof outside_rule / sizeof *outside_rule; i++)
        if (!strcmp(outside_rule[i].code, code))
            return true;
    for (int i = 0; i < TB__COUNT; i++)
        if ((once_rule[i] && !strcmp(once_rule[i], code)) ||
            (header_rule[i] && !strcmp(header_rule[i], code)))
            return true;
    return false;
}

const char *ssda903_header_rule(const char *table, const char **name)
{
    for (int i = 0; i < TB__COUNT; i++) {
        const char *a = catalogue_name[i], *b = table;
        /* compared as the line map keeps them: lower case, no '_' */
        while (*a && *b) {
            if (*a == '_') { a++; continue; }
            if (*b == '_') { b++; continue; }
            if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
                break;
            a++, b++;
        }
        if (!*a && !*b) {
            *name = catalogue_name[i];
            return header_rule[i];
        }
    }
    return NULL;
}

bool ssda903_column_typed(const char *column)
{
    for (int i = 0; i < TB__COUNT; i++)
        for (int k = 0; k < tables[i].ncols; k++)
            if (!strcmp(tables[i].cols[k].name, column) &&
                (tables[i].cols[k].type != T_STR || !tables[i].cols[k].blank_ok))
                return true;
    return false;
}

bool ssda903_order_pair(const char *end, const char *start)
{
    for (int i = 0; i < TB__COUNT; i++)
        if (tables[i].start && !strcmp(tables[i].start, start) && !strcmp(tables[i].end, end))
            return true;
    return false;
}

static int col_index(const struct table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcasecmp(t->cols[i].name, name) == 0)
            return i;
    return -1;
}

/* Header names as written, less surrounding spaces, compared case-blind. */
static int col_index_n(const struct table *t, const char *name, size_t len)
{
    while (len && isspace((unsigned char)*name))
        name++, len--;
    while (len && isspace((unsigned char)name[len - 1]))
        len--;
    for (int i = 0; i < t->ncols; i++)
        if (strlen(t->cols[i].name) == len && strncasecmp(t->cols[i].name, name, len) == 0)
            return i;
    return -1;
}

static const struct table *table_by_name(const char *name)
{
    for (int i = 0; i < TB__COUNT; i++)
        if (name && strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

static const char *column_names[TB__COUNT][MAX_COLS + 1];
static pthread_once_t column_names_once = PTHREAD_ONCE_INIT;

/* once, for files read on several threads at once (import_many.c) */
static void fill_column_names(void)
{
    for (int k = 0; k < TB__COUNT; k++) {
        for (int i = 0; i < tables[k].ncols; i++)
            column_names[k][i] = tables[k].cols[i].name;
        column_names[k][tables[k].ncols] = NULL;
    }
}

const char *const *ssda903_columns(const char *table)
{
    const struct table *t = table_by_name(table);
    if (!t)
        return NULL;
    pthread_once(&column_names_once, fill_column_names);
    return column_names[t - tables];
}

bool ssda903_blank_ok(const char *table, const char *column)
{
    const struct table *t = table_by_name(table);
    int k = t ? col_index(t, column) : -1;
    return k >= 0 && t->cols[k].blank_ok;
}

/* Score a header against one table: columns found, less columns unknown to it, less
 * columns it lacks. A table is a candidate only when more than half its columns are there
 * and at least one is its own (CHILD and DOB are everyone's), so a stray CSV is not taken
 * for a table because it happens to have a CHILD column. */
static bool score_table(const struct table *t, const char *const *fields, size_t n, int *score)
{
    bool seen[MAX_COLS] = {0};
    int matched = 0, extra = 0;
    bool own = false;
    for (size_t i = 0; i < n; i++) {
        if (!fields[i][strspn(fields[i], " \t")])
            continue; /* a nameless column, as spreadsheets leave after the last */
        int k = col_index_n(t, fields[i], strlen(fields[i]));
        if (k < 0 || seen[k]) {
            extra++;
            continue;
        }
        seen[k] = true;
        matched++;
        if (strcmp(t->cols[k].name, "CHILD") != 0 && strcmp(t->cols[k].name, "DOB") != 0)
            own = true;
    }
    *score = matched - extra - (t->ncols - matched);
    return own && matched * 2 > t->ncols;
}

int ssda903_table_of_header(const char *const *fields, size_t n, const char **table)
{
    struct csv_pick pick = CSV_PICK_INIT;
    for (int i = 0; i < TB__COUNT; i++) {
        int s;
        if (score_table(&tables[i], fields, n, &s))
            csv_pick_offer(&pick, i, s);
    }
    int best = csv_pick_best(&pick);
    *table = best >= 0 ? tables[best].name : NULL;
    return HE_OK;
}

/* ---- import --------------------------------------------------------------------- */

struct code_memo {
    char code[8][8];
    unsigned char len[8];
    int n, next;
};

struct run {
    struct importer *im;
    const char *path;
    const struct table *t;
    enum tab tab;
    int year;
    size_t nfields;        /* fields in the header row, so in every row */
    int at[MAX_COLS];      /* table column -> CSV field */
    int derived[3];        /* episodes: the PL_LA, PL_LOCATION and PL_DISTANCE fields, or -1 */
    int start_col, end_col; /* the pair that must run forwards, or -1 */
    /* the row being read */
    long line;
    const char *v[MAX_COLS];
    size_t len[MAX_COLS];
    day_t day[MAX_COLS];
    day_t latest;          /* latest recording date seen (pass 1) */
    /* codes already found valid, per column: codes_ssda903_valid scans the whole code
     * list with strcmp, which measured a fifth of an episodes import */
    struct code_memo seen[MAX_COLS];
    struct csv_asked asked; /* column names put_row asks for */
    bool putting;          /* the pass that stores: keep mode lists faults on this one */
    bool skip;             /* keep mode: the row cannot be stored (no child, no key date) */
    struct csv_last_person last;
    /* a table made from an SSDA903 XML return: its text, and its lines' lines in path */
    const char *data;
    size_t data_len;
    const long *lines;
    size_t nlines;
};

/* err_at takes a format; these wrappers keep call sites short. */
#define FAIL(r, k, ...) \
    err_at(e, HE_INPUT, (r)->path, (r)->line, (k) >= 0 ? (r)->t->cols[(k)].name : NULL, __VA_ARGS__)

static bool is_int(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static day_t parse_date(const char *s, size_t n)
{
    day_t d = date_parse_uk(s, n);
    return d != DAY_NONE ? d : date_parse_any(s, n);
}

/* DATE_PERM: a date, or DD/MM/YYYY with zz standing for an unknown day or month. */
static bool partial_date_ok(const char *s, size_t n)
{
    if (parse_date(s, n) != DAY_NONE)
        return true;
    if (n != 10 || s[2] != '/' || s[5] != '/')
        return false;
    bool dz = (s[0] == 'z' || s[0] == 'Z') && (s[1] == 'z' || s[1] == 'Z');
    bool mz = (s[3] == 'z' || s[3] == 'Z') && (s[4] == 'z' || s[4] == 'Z');
    if (!is_int(s + 6, 4) || (!dz && !is_int(s, 2)) || (!mz && !is_int(s + 3, 2)))
        return false;
    int y = atoi(s + 6), m = mz ? 1 : (s[3] - '0') * 10 + (s[4] - '0');
    int d = dz ? 1 : (s[0] - '0') * 10 + (s[1] - '0');
    return date_valid_ymd(y, m, d) && y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR;
}

static bool code_ok(struct run *r, int k, const char *s, size_t len)
{
    struct code_memo *m = &r->seen[k];
    for (int i = 0; i < m->n; i++)
        if (m->len[i] == len && memcmp(m->code[i], s, len) == 0)
            return true;
    if (!codes_ssda903_valid(r->t->name, r->t->cols[k].name, s, 0))
        return false;
    if (len < sizeof m->code[0]) {
        int i = m->n < 8 ? m->n++ : (m->next++ & 7);
        memcpy(m->code[i], s, len);
        m->len[i] = (unsigned char)len;
    }
    return true;
}

/* The row's CHILD, NUL-terminated in out (for a finding), "" when blank. */
static const char *row_child(const struct run *r, const struct csv_field *f, char *out, size_t cap)
{
    int k = r->at[0]; /* CHILD is every table's first column */
    size_t n = k >= 0 && f[k].len < cap ? f[k].len : 0;
    memcpy(out, n ? f[k].p : "", n);
    out[n] = '\0';
    return out;
}

/* A fault of column k of the row: refused (the first stops the file), or in keep mode listed
 * under the DfE's rule for it (on the storing pass) and the row read on. */
#define FAULT(r, kind, k, other, ...)                                                          \
    do {                                                                                       \
        if (!(r)->im->keep)                                                                    \
            return FAIL(r, k, __VA_ARGS__);                                                    \
        if ((r)->putting)                                                                      \
            importer_fault((r)->im, RULES_903, (r)->year, kind, (r)->t->cols[(k)].name, other,  \
                           catalogue_name[(r)->tab], child, (r)->path, (r)->line, __VA_ARGS__); \
    } while (0)

/* The years whose code list holds code, as "2019-20 to 2022-23", or "" when none does. */
static void years_valid(const struct run *r, int k, const char *code, char *out, size_t cap)
{
    int first = 0, last = 0;
    for (int y = 2010; y <= 2030; y++)
        if (codes_ssda903_valid(r->t->name, r->t->cols[k].name, code, y)) {
            if (!first)
                first = y;
            last = y;
        }
    out[0] = '\0';
    if (first == last && first)
        snprintf(out, cap, " (valid in %d-%02d)", first - 1, first % 100);
    else if (first)
        snprintf(out, cap, " (valid from %d-%02d to %d-%02d)", first - 1, first % 100, last - 1,
                 last % 100);
}

/* The dates a return holds that lie outside its own collection year (354, 385, 570, 571,
 * 703, 704, SW06STG2, SW07STG2). Once stored, a date after 31 March is what a later return
 * said and the year's rules read the record cut there; so these are named as the file is
 * read, when the file's collection year is known: a start after the year's end, an end
 * after it or (for the tables whose rule says so) before the year began. */

static void outside_year(struct run *r, const char *child)
{
    if (!r->year)
        return;
    day_t from, to;
    rules_year_window(r->year, &from, &to);
    for (size_t i = 0; i < sizeof outside_rule / sizeof *outside_rule; i++) {
        if (outside_rule[i].tab != r->tab)
            continue;
        int k = col_index(r->t, outside_rule[i].col);
        day_t d = k >= 0 ? r->day[k] : DAY_NONE;
        if (d == DAY_NONE || (d <= to && (!outside_rule[i].before || d >= from)))
            continue;
        const struct rule_def *def = rules_lookup(
            RULES_903, rules_catalogue_year(RULES_903, r->year), outside_rule[i].code);
        if (!def)
            continue;
        char msg[768];
        if (d > to)
            snprintf(msg, sizeof msg, "%s (%s %.*s is after 31/03/%d, when the %d-%02d "
                     "collection year ends)", def->message, outside_rule[i].col, (int)r->len[k],
                     r->v[k], r->year, r->year - 1, r->year % 100);
        else
            snprintf(msg, sizeof msg, "%s (%s %.*s is before 01/04/%d, when the %d-%02d "
                     "collection year starts)", def->message, outside_rule[i].col,
                     (int)r->len[k], r->v[k], r->year - 1, r->year - 1, r->year % 100);
        findings_add(&r->im->notes, RULES_903, r->year, !strcmp(def->level, "ERROR"), def->code,
                     child, catalogue_name[r->tab], def->fields, msg, r->path, r->line);
    }
}

/* check() of the pass: one row into r->v, len and day, or the first rule it breaks; in keep
 * mode a broken rule is listed and the value the store cannot hold (a date that is none, an
 * end before its start) left out of the record. */
static int check_row(void *ctx, const struct csv_field *f, size_t n, struct err *e)
{
    struct run *r = ctx;
    if (n != r->nfields)
        return err_at(e, HE_INPUT, r->path, r->line, NULL,
                      "this row has %zu fields but the header row has %zu: every row of the "
                      "%s table must have one field per column",
                      n, r->nfields, r->t->name);
    char child[128];
    r->skip = false;
    if (r->im->keep) {
        row_child(r, f, child, sizeof child);
        /* records only: the first row's place serves only the findings */
        long first = r->putting && !r->im->records_only
                         ? importer_line(r->im, RULES_903, catalogue_name[r->tab], child, r->path, r->line)
                         : 0;
        /* the tables of one row a child: a second row in the same year's return is a second
         * child of that name (the previous year's files hold the child's row of that year) */
        bool one_a_child = r->tab == TB_HEADER || r->tab == TB_UASC || r->tab == TB_OC2 ||
                           r->tab == TB_OC3 || r->tab == TB_PREV_PERM;
        if (one_a_child && r->putting) {
            /* the table's name and the year, as "%s%d" would write them (snprintf here was
             * a twentieth of reading the one-a-child tables) */
            char yt[48];
            size_t k = 0;
            for (const char *p = catalogue_name[r->tab]; *p && k < 32; p++)
                yt[k++] = *p;
            char digits[12];
            int nd = 0;
            for (unsigned y = r->year < 0 ? 0u : (unsigned)r->year; nd == 0 || y; y /= 10)
                digits[nd++] = (char)('0' + y % 10);
            while (nd)
                yt[k++] = digits[--nd];
            yt[k] = '\0';
            first = importer_line(r->im, RULES_903, yt, child, r->path, r->line);
        }
        if (first && one_a_child) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "CHILD %s has a second row in the %s table (the first is at line %ld): the "
                     "table holds one row a child; this row is not kept",
                     child, r->t->name, first);
            const char *code = once_rule[r->tab];
            const struct rule_def *d =
                code ? rules_lookup(RULES_903, rules_catalogue_year(RULES_903, r->year), code) : NULL;
            char full[512];
            snprintf(full, sizeof full, "%s%s%s%s", d ? d->message : "", d ? " (" : "", msg,
                     d ? ")" : "");
            findings_add(&r->im->notes, RULES_903, r->year, true, d ? code : "schema", child,
                         catalogue_name[r->tab], "CHILD", full, r->path, r->line);
            r->skip = true;
        }
    }
    for (int k = 0; k < r->t->ncols; k++) {
        const struct col *c = &r->t->cols[k];
        const char *s = f[r->at[k]].p;
        size_t len = f[r->at[k]].len;
        r->v[k] = s;
        r->len[k] = len;
        r->day[k] = DAY_NONE;
        if (len == 0) {
            if (!c->blank_ok) {
                FAULT(r, FAULT_MISSING, k, NULL, "%s is blank, but the %s table needs it on every row",
                      c->name, r->t->name);
            }
            continue;
        }
        switch (c->type) {
        case T_STR:
            break;
        case T_DATE:
            r->day[k] = parse_date(s, len);
            if (r->day[k] == DAY_NONE) {
                FAULT(r, FAULT_INVALID, k, NULL, "%s '%s' is not a real date in DD/MM/YYYY form",
                      c->name, s);
                r->len[k] = 0; /* not a date: the record holds none */
            } else if (c->recording && r->day[k] > r->latest)
                r->latest = r->day[k];
            break;
        case T_PDATE:
            if (!partial_date_ok(s, len)) {
                FAULT(r, FAULT_INVALID, k, NULL,
                      "%s '%s' is not a date in DD/MM/YYYY form (zz may stand for an unknown day "
                      "or month)",
                      c->name, s);
                r->len[k] = 0;
            }
            break;
        case T_INT:
            if (!is_int(s, len)) {
                FAULT(r, FAULT_INVALID, k, NULL, "%s '%s' is not a whole number", c->name, s);
                r->len[k] = 0;
            }
            break;
        case T_CAT:
            /* kept as given: the year's rules name a code of another year, with its years */
            if (!code_ok(r, k, s, len)) {
                char yrs[64];
                years_valid(r, k, s, yrs, sizeof yrs);
                FAULT(r, FAULT_INVALID, k, NULL, "'%s' is not one of the SSDA903 %s codes%s", s,
                      c->name, yrs[0] ? yrs : " (of any year)");
            }
            break;
        }
    }
    if (r->start_col >= 0 && r->day[r->end_col] != DAY_NONE &&
        r->day[r->start_col] != DAY_NONE && r->day[r->end_col] < r->day[r->start_col]) {
        FAULT(r, FAULT_ORDER, r->end_col, r->t->cols[r->start_col].name,
              "%s %s is before %s %s: it cannot end before it starts",
              r->t->cols[r->end_col].name, r->v[r->end_col], r->t->cols[r->start_col].name,
              r->v[r->start_col]);
        /* the store holds no record that ends before it starts: the end is left out of it
         * and the finding keeps the date as the return gave it */
        r->day[r->end_col] = DAY_NONE;
        r->len[r->end_col] = 0;
    }
    /* keep mode: a row with no child, or without the date the store knows it by, cannot be
     * a record; its findings are listed and it is left out */
    if (r->im->keep) {
        const char *key = r->t->start                 ? r->t->start
                          : r->tab == TB_REVIEWS      ? "REVIEW"
                          : r->tab == TB_AD1          ? "DATE_INT"
                                                      : NULL;
        int kk = key ? col_index(r->t, key) : -1;
        int sw = r->tab == TB_SOCIAL_WORKER ? col_index(r->t, "SW_ID") : -1;
        r->skip |= r->len[0] == 0 || (kk >= 0 && r->day[kk] == DAY_NONE) ||
                   (sw >= 0 && r->len[sw] == 0);
    }
    if (r->im->keep && r->putting)
        outside_year(r, child);
    if (r->im->keep && r->putting && !r->skip)
        ssda903_years_row(r->im, r->year, r->t->name, r->t->ncols, ssda903_columns(r->t->name),
                          r->v, r->len, r->day, r->path, r->line);
    if (r->im->keep && r->putting && !r->skip && r->derived[0] >= 0 && r->derived[1] >= 0) {
        const struct csv_field *la = &f[r->derived[0]], *loc = &f[r->derived[1]];
        ssda903_years_location(r->im, r->year, r->v[0], r->len[0], la->p, la->len, loc->p,
                               loc->len, r->path, r->line);
    }
    return r->skip ? CSV_ROW_SKIP : HE_OK;
}

static int col_of(struct run *r, const char *name)
{
    int k;
    if (csv_asked_find(&r->asked, name, &k))
        return k;
    return csv_asked_keep(&r->asked, name, col_index(r->t, name));
}

/* Value of column name in the current row, NULL when blank. */
static const char *val(struct run *r, const char *name)
{
    int k = col_of(r, name);
    return k >= 0 && r->len[k] ? r->v[k] : NULL;
}

static day_t day(struct run *r, const char *name)
{
    int k = col_of(r, name);
    return k >= 0 ? r->day[k] : DAY_NONE;
}

/* "1"/"0" flags; -1 when blank. */
static int flag(struct run *r, const char *name)
{
    const char *s = val(r, name);
    return s ? atoi(s) : -1;
}

/* Older returns code sex 1 (male) and 2 (female); the model keeps M, F, U. Returns a
 * string literal (codes were checked already) so the last-person cache can keep it. */
static const char *sex_of(const char *s)
{
    if (!s)
        return NULL;
    if (strcmp(s, "1") == 0 || strcmp(s, "M") == 0)
        return "M";
    if (strcmp(s, "2") == 0 || strcmp(s, "F") == 0)
        return "F";
    return "U";
}

static int put_row(void *ctx, struct err *e)
{
    struct run *r = ctx;
    struct importer *im = r->im;
    struct store *s = im->store;
    struct person p = {0};
    p.la_child_id = val(r, "CHILD");
    p.dob = day(r, "DOB");
    p.mother = -1;
    if (r->tab == TB_HEADER || r->tab == TB_UASC) {
        p.sex = sex_of(val(r, "SEX"));
    }
    if (r->tab == TB_HEADER) {
        const char *upn = val(r, "UPN");
        /* UN1..UN10 say why there is no UPN; they are not UPNs */
        if (upn && (upn[0] == 'U' || upn[0] == 'u') && (upn[1] == 'N' || upn[1] == 'n') &&
            is_int(upn + 2, strlen(upn + 2)) && atoi(upn + 2) >= 1 && atoi(upn + 2) <= 10)
            p.upn_unknown = upn;
        else
            p.upn = upn;
        p.ethnicity = val(r, "ETHNIC");
        p.mother = flag(r, "MOTHER");
        p.mc_dob = day(r, "MC_DOB");
    }
    rec_id pid = 0;
    /* the header table puts each child's details once: no row repeats the last */
    if (csv_put_person(im, r->year, &r->last, r->tab != TB_HEADER, &p, &pid, r->path, r->line,
                       e) != HE_OK)
        return e->code;

    enum put_outcome o = PUT_UNCHANGED;
    enum rec_kind kind;
    int rc = HE_OK;
    switch (r->tab) {
    case TB_HEADER:
        return HE_OK;
    case TB_EPISODES: {
        struct la_episode x = {.person = pid, .decom = day(r, "DECOM"), .rne = val(r, "RNE"),
                               .ls = val(r, "LS"), .cin = val(r, "CIN"), .place = val(r, "PLACE"),
                               .place_provider = val(r, "PLACE_PROVIDER"), .dec = day(r, "DEC"),
                               .rec = val(r, "REC"),
                               .reason_place_change = val(r, "REASON_PLACE_CHANGE"),
                               .home_post = val(r, "HOME_POST"), .pl_post = val(r, "PL_POST"),
                               .urn = val(r, "URN")};
        kind = RK_LA_EPISODE;
        rc = store_put_la_episode(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_REVIEWS: {
        struct la_review x = {.person = pid, .date = day(r, "REVIEW"), .code = val(r, "REVIEW_CODE")};
        kind = RK_LA_REVIEW;
        rc = store_put_la_review(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_UASC: {
        struct uasc x = {.person = pid, .duc = day(r, "DUC")};
        kind = RK_UASC;
        rc = store_put_uasc(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_OC2: {
        struct la_outcome x = {.person = pid, .year = r->year, .sdq_score = val(r, "SDQ_SCORE"),
                               .sdq_reason = val(r, "SDQ_REASON"),
                               .convicted = flag(r, "CONVICTED"),
                               .health_check = flag(r, "HEALTH_CHECK"),
                               .immunisations = flag(r, "IMMUNISATIONS"),
                               .teeth_check = flag(r, "TEETH_CHECK"),
                               .health_assessment = flag(r, "HEALTH_ASSESSMENT"),
                               .substance_misuse = flag(r, "SUBSTANCE_MISUSE"),
                               .intervention_received = flag(r, "INTERVENTION_RECEIVED"),
                               .intervention_offered = flag(r, "INTERVENTION_OFFERED")};
        kind = RK_LA_OUTCOME;
        rc = store_put_la_outcome(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_OC3: {
        struct care_leaver x = {.person = pid, .year = r->year, .in_touch = val(r, "IN_TOUCH"),
                                .activ = val(r, "ACTIV"), .accom = val(r, "ACCOM")};
        kind = RK_CARE_LEAVER;
        rc = store_put_care_leaver(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_AD1: {
        struct adoption x = {.person = pid, .date_int = day(r, "DATE_INT"),
                             .date_match = day(r, "DATE_MATCH"),
                             .foster_care = flag(r, "FOSTER_CARE"),
                             .nb_adoptr = flag(r, "NB_ADOPTR"),
                             .sex_adoptr = val(r, "SEX_ADOPTR"), .ls_adoptr = val(r, "LS_ADOPTR")};
        kind = RK_ADOPTION;
        rc = store_put_adoption(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_PLACED_ADOPTION: {
        struct placed_adoption x = {.person = pid, .date_placed = day(r, "DATE_PLACED"),
                                    .date_placed_ceased = day(r, "DATE_PLACED_CEASED"),
                                    .reason_placed_ceased = val(r, "REASON_PLACED_CEASED")};
        kind = RK_PLACED_ADOPTION;
        rc = store_put_placed_adoption(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_PREV_PERM: {
        struct prev_perm x = {.person = pid, .prev_perm = val(r, "PREV_PERM"),
                              .la_perm = val(r, "LA_PERM"), .date_perm = val(r, "DATE_PERM")};
        kind = RK_PREV_PERM;
        rc = store_put_prev_perm(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_MISSING: {
        struct missing_episode x = {.person = pid, .start = day(r, "MIS_START"),
                                    .end = day(r, "MIS_END"), .kind = val(r, "MISSING")};
        kind = RK_MISSING;
        rc = store_put_missing_episode(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_SOCIAL_WORKER: {
        struct sw_episode x = {.person = pid, .sw_id = val(r, "SW_ID"),
                               .decom = day(r, "SW_DECOM"), .dec = day(r, "SW_DEC"),
                               .reason = val(r, "SW_REASON")};
        kind = RK_SW_EPISODE;
        rc = store_put_sw_episode(s, r->year, &x, NULL, &o, e);
        break;
    }
    case TB_DOLO: {
        struct dolo x = {.person = pid, .start = day(r, "DOLO_START"), .end = day(r, "DOLO_END")};
        kind = RK_DOLO;
        rc = store_put_dolo(s, r->year, &x, NULL, &o, e);
        break;
    }
    default:
        return HE_OK;
    }
    if (rc != HE_OK)
        return csv_import_failed(r->path, r->line, e);
    importer_count(im, kind, o);
    return HE_OK;
}

/* The columns the DfE derives from an episode's postcodes and a council's system may write
 * beside them (as the DfE's own files of a return do): not the return's, but where given,
 * PL_LA and PL_LOCATION are what rule 411 compares. */
static const char *const derived_col[3] = {"PL_LA", "PL_LOCATION", "PL_DISTANCE"};

/* Map the header row to the table's columns; refuse a missing, unknown or repeated one. */
static int read_header(void *ctx, const struct csv_field *f, size_t n, struct err *e)
{
    struct run *r = ctx;
    for (int k = 0; k < MAX_COLS; k++)
        r->at[k] = -1;
    for (int k = 0; k < 3; k++)
        r->derived[k] = -1;
    for (size_t i = 0; i < n; i++) {
        if (f[i].len == 0)
            continue; /* a nameless column (a spreadsheet's trailing comma): ignored */
        int k = col_index_n(r->t, f[i].p, f[i].len);
        int dk = -1;
        for (int j = 0; k < 0 && r->tab == TB_EPISODES && j < 3; j++)
            if (f[i].len == strlen(derived_col[j]) && !memcmp(f[i].p, derived_col[j], f[i].len))
                dk = j;
        if (dk >= 0) {
            if (r->derived[dk] >= 0)
                return err_at(e, HE_INPUT, r->path, r->line, derived_col[dk],
                              "column %s appears twice in the header row", derived_col[dk]);
            r->derived[dk] = (int)i;
            continue;
        }
        if (k < 0)
            return err_at(e, HE_INPUT, r->path, r->line, f[i].p,
                          "column '%s' is not a column of the SSDA903 %s table", f[i].p,
                          r->t->name);
        if (r->at[k] >= 0)
            return err_at(e, HE_INPUT, r->path, r->line, r->t->cols[k].name,
                          "column %s appears twice in the header row", r->t->cols[k].name);
        r->at[k] = (int)i;
    }
    for (int k = 0; k < r->t->ncols; k++)
        if (r->at[k] < 0)
            return err_at(e, HE_INPUT, r->path, r->line, r->t->cols[k].name,
                          "the header row has no %s column, which every SSDA903 %s table has",
                          r->t->cols[k].name, r->t->name);
    r->nfields = n;
    return HE_OK;
}

/* The store thread's own copy of the run, made once the header row is read. */
static void share_run(void *to, const void *from)
{
    struct run *cr = to;
    *cr = *(const struct run *)from;
    cr->last = (struct csv_last_person){.child = BUF_INIT};
}

/* One pass over the file: check every row and, when put is set, store it. */
static int pass(struct run *r, bool put, long *rows, struct err *e)
{
    struct run cr = {.last = {.child = BUF_INIT}};
    r->putting = put;
    struct csv_import ci = {
        .im = r->im, .path = r->path, .heading = "header row", .ncols = r->t->ncols,
        .data = r->data, .len = r->data_len, .lines = r->lines, .nlines = r->nlines,
        .reader = {r, &r->line, r->v, r->len, r->day}, .header = read_header, .check = check_row,
        .store = {&cr, &cr.line, cr.v, cr.len, cr.day}, .share = share_run, .put = put_row};
    int rc = csv_import_pass(&ci, put, rows, e);
    csv_last_person_free(&cr.last);
    return rc;
}

static int import_table(struct run *rr, const char *table, struct err *e)
{
    struct run r = *rr;
    const char *path = r.path;
    struct importer *im = r.im;
    r.t = table_by_name(table);
    r.start_col = r.end_col = -1;
    r.last = (struct csv_last_person){.child = BUF_INIT};
    if (!r.t)
        return err_at(e, HE_INTERNAL, path, 0, NULL, "no SSDA903 table called '%s'",
                      table ? table : "(none)");
    r.tab = (enum tab)(r.t - tables);
    if (r.t->start) {
        r.start_col = col_index(r.t, r.t->start);
        r.end_col = col_index(r.t, r.t->end);
    }
    if (!r.year)
        r.year = im->year ? im->year : collection_year_from_path(path);
    long rows = 0;
    int rc = HE_OK;
    if (!r.year) {
        /* the collection year is every row's src_year, so it must be known before the first put */
        rc = pass(&r, false, &rows, e);
        if (rc == HE_OK && rows > 0) {
            if (r.latest == DAY_NONE)
                rc = err_at(e, HE_INPUT, path, 0, NULL,
                            "cannot tell the collection year of %s: name it in the path (e.g. "
                            "2018/) or pass --year",
                            path);
            else
                r.year = date_year_to_march(r.latest);
        }
    }
    if (rc == HE_OK && r.year) {
        if (r.year > im->newest_903)
            im->newest_903 = r.year;
        if (r.year >= 2000 && r.year < 2064)
            im->years_read[RULES_903] |= 1ull << (r.year - 2000);
        rc = pass(&r, true, &rows, e);
    }
    csv_last_person_free(&r.last);
    return rc;
}

int ssda903_import(struct importer *im, const char *path, const char *table, struct err *e)
{
    struct run r = {.im = im, .path = path};
    return import_table(&r, table, e);
}

int ssda903_import_text(struct importer *im, const char *path, const char *table,
                        const char *data, size_t len, const long *lines, size_t nlines,
                        int year, struct err *e)
{
    struct run r = {.im = im, .path = path, .data = data, .data_len = len, .lines = lines,
                    .nlines = nlines, .year = year};
    return import_table(&r, table, e);
}
