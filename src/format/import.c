/* import: detection by content, the walk over files and folders, counters, progress
 * and the summary. Knows each format only by its first bytes or header row; the
 * format modules do the parsing. Never opens or commits a transaction itself. */
#include "import.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "annexa.h"
#include "csv.h"
#include "ssda903.h"

const char *const rec_kind_name[RK__COUNT] = {
    [RK_PERSON] = "children",
    [RK_CONTACT] = "contacts",
    [RK_EARLY_HELP] = "early help episodes",
    [RK_CIN_EPISODE] = "episodes of need (referrals)",
    [RK_ASSESSMENT] = "assessments",
    [RK_CIN_PLAN] = "child in need plans",
    [RK_S47] = "section 47 enquiries",
    [RK_CP_PLAN] = "child protection plans",
    [RK_CP_REVIEW] = "child protection reviews",
    [RK_LA_EPISODE] = "looked-after episodes",
    [RK_LA_REVIEW] = "looked-after reviews",
    [RK_MISSING] = "missing episodes",
    [RK_CARE_LEAVER] = "care leaver records (OC3)",
    [RK_LA_OUTCOME] = "outcome records (OC2)",
    [RK_ADOPTION] = "adoptions (AD1)",
    [RK_PLACED_ADOPTION] = "placement-for-adoption decisions",
    [RK_PREV_PERM] = "previous permanence records",
    [RK_UASC] = "UASC records",
    [RK_SW_EPISODE] = "social worker episodes",
};

void importer_init(struct importer *im, struct store *s)
{
    memset(im, 0, sizeof *im);
    im->store = s;
}

void importer_count(struct importer *im, enum rec_kind k, int outcome)
{
    if (k >= 0 && k < RK__COUNT && outcome >= 0 && outcome < 4)
        im->counts[k][outcome]++;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void importer_progress(struct importer *im, long long done)
{
    if (!im->progress)
        return;
    double t = now();
    if (t - im->last_draw < 0.25)
        return;
    im->last_draw = t;
    if (im->cur_size > 0)
        fprintf(stderr, "\r%s: %3d%%  %ld records", im->cur_path ? im->cur_path : "",
                (int)(100.0 * (double)done / (double)im->cur_size), im->records);
    else
        fprintf(stderr, "\r%s: %ld records", im->cur_path ? im->cur_path : "", im->records);
    fflush(stderr);
}

void importer_progress_end(struct importer *im)
{
    if (im->progress && im->last_draw > 0) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
        im->last_draw = 0;
    }
}

long importer_total(const struct importer *im)
{
    long t = 0;
    for (int k = 0; k < RK__COUNT; k++)
        for (int o = 0; o < 4; o++)
            t += im->counts[k][o];
    return t;
}

void importer_summary(const struct importer *im, FILE *f)
{
    fprintf(f, "%-36s %10s %10s %10s\n", "", "added", "updated", "unchanged");
    for (int k = 0; k < RK__COUNT; k++) {
        const long *c = im->counts[k];
        if (!c[PUT_ADDED] && !c[PUT_UPDATED] && !c[PUT_UNCHANGED] && !c[PUT_OLDER])
            continue;
        /* a row from an older return than the one already held is "unchanged" to the user */
        fprintf(f, "%-36s %10ld %10ld %10ld\n", rec_kind_name[k], c[PUT_ADDED], c[PUT_UPDATED],
                c[PUT_UNCHANGED] + c[PUT_OLDER]);
    }
}

int collection_year_of(day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return m >= 4 ? y + 1 : y;
}

/* A 4-digit year 2000-2099 standing alone in a path component, or "2017-18"/"2017_18"/
 * "201718": the later year names the collection. The last component that names one wins
 * (a file name beats its folder). */
int collection_year_from_path(const char *path)
{
    int found = 0;
    const char *p = path;
    while (*p) {
        if (isdigit((unsigned char)p[0]) && (p == path || !isdigit((unsigned char)p[-1]))) {
            const char *q = p;
            while (isdigit((unsigned char)*q))
                q++;
            size_t n = (size_t)(q - p);
            int y = 0;
            if (n == 4 && p[0] == '2' && p[1] == '0') {
                y = atoi(p);
                /* "2017-18" or "2017_18": the collection ends in the later year */
                if ((*q == '-' || *q == '_') && isdigit((unsigned char)q[1]) &&
                    isdigit((unsigned char)q[2]) && !isdigit((unsigned char)q[3]) &&
                    (y + 1) % 100 == (q[1] - '0') * 10 + (q[2] - '0'))
                    y++;
            } else if (n == 6 && p[0] == '2' && p[1] == '0') {
                int a = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
                int b = (p[4] - '0') * 10 + (p[5] - '0');
                if ((a + 1) % 100 == b)
                    y = a + 1;
            }
            if (y >= 2000 && y <= 2099)
                found = y;
            p = q;
        } else {
            p++;
        }
    }
    return found;
}

/* ---- detection ------------------------------------------------------------------ */

static int sniff_csv(const char *path, enum input_kind *kind, const char **table, struct err *e)
{
    struct csv *c = NULL;
    int rc = csv_open(path, &c, e);
    if (rc != HE_OK)
        return rc;
    const struct csv_field *fields;
    size_t n;
    long line;
    rc = csv_next(c, &fields, &n, &line, e);
    if (rc == HE_OK && n > 0) {
        const char *names[128];
        char store[128][64];
        if (n > 128)
            n = 128;
        for (size_t i = 0; i < n; i++) {
            size_t len = fields[i].len < 63 ? fields[i].len : 63;
            memcpy(store[i], fields[i].p, len);
            store[i][len] = '\0';
            names[i] = store[i];
        }
        if (ssda903_table_of_header(names, n, table) == HE_OK && *table)
            *kind = IN_SSDA903_CSV;
        else if (annexa_list_of_header(names, n, table) == HE_OK && *table)
            *kind = IN_ANNEXA_CSV;
    }
    csv_close(c);
    return rc == HE_INPUT ? HE_OK : rc; /* unparseable as CSV: simply not a CSV we know */
}

int import_detect(const char *path, enum input_kind *kind, const char **table, struct err *e)
{
    char head[512];
    *kind = IN_UNKNOWN;
    *table = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file");
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    const char *p = head;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p == '<') {
        /* XML: a CIN census message (its root is Message; the detail is checked by the parser) */
        if (strstr(head, "<Message") || strstr(head, "<CIN") || strstr(head, "<?xml")) {
            *kind = IN_CIN_XML;
            return HE_OK;
        }
        return HE_OK;
    }
    if (memchr(head, '\0', n))
        return HE_OK; /* binary (a spreadsheet?) */
    return sniff_csv(path, kind, table, e);
}

/* ---- walking paths -------------------------------------------------------------- */

static int import_file(struct importer *im, const char *path, int named, struct err *e)
{
    enum input_kind kind;
    const char *table;
    struct stat st;
    int rc = import_detect(path, &kind, &table, e);
    if (rc != HE_OK)
        return rc;
    im->cur_path = path;
    im->cur_size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
    switch (kind) {
    case IN_CIN_XML: rc = cin_xml_import(im, path, e); break;
    case IN_SSDA903_CSV: rc = ssda903_import(im, path, table, e); break;
    case IN_ANNEXA_CSV: rc = annexa_import(im, path, table, e); break;
    default:
        if (named)
            return err_at(e, HE_INPUT, path, 0, NULL,
                          "not a file hearth knows: expected CIN census XML, an SSDA903 table CSV "
                          "(known by its header row) or an Annex A list CSV (known by its headings)");
        fprintf(stderr, "hearth import: skipping %s: not a CIN census, SSDA903 or Annex A file\n", path);
        return HE_OK;
    }
    importer_progress_end(im);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_dir(struct importer *im, const char *dir, struct err *e)
{
    DIR *d = opendir(dir);
    if (!d)
        return err_at(e, HE_INPUT, dir, 0, NULL, "cannot read the folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap)
            names = xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s/%s", dir, de->d_name);
        names[n++] = buf_detach(&p);
    }
    closedir(d);
    /* sorted, so a run is repeatable and years arrive in order */
    if (n) /* names is NULL in an empty folder: qsort of NULL is undefined */
        qsort(names, n, sizeof *names, cmp_str);
    int rc = HE_OK;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == HE_OK && stat(names[i], &st) == 0)
            rc = S_ISDIR(st.st_mode) ? import_dir(im, names[i], e) : import_file(im, names[i], 0, e);
        free(names[i]);
    }
    free(names);
    return rc;
}

int import_path(struct importer *im, const char *path, struct err *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return err_at(e, HE_INPUT, path, 0, NULL, "no such file or folder");
    if (S_ISDIR(st.st_mode))
        return import_dir(im, path, e);
    return import_file(im, path, 1, e);
}

void importer_note_years(const struct importer *im, const char *cmd, FILE *f)
{
    int lc = codes_cin_latest_year(), l9 = codes_ssda903_latest_year();
    if (im->newest_cin > lc)
        fprintf(f, "hearth %s: the CIN census of %d-%02d was read with the %d-%02d code lists, "
                   "the latest hearth has\n",
                cmd, im->newest_cin - 1, im->newest_cin % 100, lc - 1, lc % 100);
    if (im->newest_903 > l9)
        fprintf(f, "hearth %s: the SSDA903 return of %d-%02d was read with the %d-%02d code "
                   "lists, the latest hearth has\n",
                cmd, im->newest_903 - 1, im->newest_903 % 100, l9 - 1, l9 % 100);
}
