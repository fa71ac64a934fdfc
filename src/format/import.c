/* import: detection by content, the walk over files and folders, counters, progress
 * and the summary. Knows each format only by its first bytes or header row; the
 * format modules do the parsing. Never opens or commits a transaction itself. */
#include "import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "../util/elapsed.h"
#include "../util/input.h"
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
    [RK_DOLO] = "deprivation of liberty orders",
};

void importer_init(struct importer *im, struct store *s)
{
    memset(im, 0, sizeof *im);
    im->store = s;
    im->cmd = "import";
}

/* An open-addressed table of (return, table, child) -> first file and line; keys live in
 * one buffer as "r|table|child" with the table folded to lower case without '_'. */
struct line_slot {
    uint64_t h;
    size_t key; /* offset in keys + 1; 0 is empty */
    uint32_t len;
    uint32_t file;
    long line;
};
struct line_map {
    struct line_slot *slot;
    size_t n, cap; /* cap a power of two */
    struct buf keys;
    char **files;
    size_t nfiles;
};

void importer_free(struct importer *im)
{
    findings_free(&im->notes);
    buf_free(&im->files_read);
    ssda903_years_free(im);
    struct line_map *m = im->lines;
    if (m) {
        free(m->slot);
        buf_free(&m->keys);
        for (size_t i = 0; i < m->nfiles; i++)
            free(m->files[i]);
        free(m->files);
        free(m);
        im->lines = NULL;
    }
}

void importer_fault(struct importer *im, enum rules_return ret, int year, enum field_fault kind,
                    const char *field, const char *other, const char *table, const char *child,
                    const char *path, long line, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    const struct rule_def *d = rules_field_rule(ret, year, field, other, kind);
    char fields[160];
    snprintf(fields, sizeof fields, "%s%s%s", field, other ? ";" : "", other ? other : "");
    if (d) {
        /* the DfE's words, then what was found */
        char msg[1024];
        snprintf(msg, sizeof msg, "%s (%s)", d->message, detail);
        /* a rule over several tables names the first; the file's table is the one meant */
        findings_add(&im->notes, ret, year, !strcmp(d->level, "ERROR"), d->code, child, table,
                     d->fields, msg, path, line);
    } else {
        /* the schema's own rule (a type, a required element), or an end before its start
         * that no rule of the year numbers */
        findings_add(&im->notes, ret, year, true, kind == FAULT_ORDER ? "order" : "schema", child,
                     table, fields, detail, path, line);
    }
}

/* ---- where each child's records are ---------------------------------------------------- */

static size_t line_key(char *out, size_t cap, enum rules_return ret, const char *table,
                       const char *child)
{
    size_t n = 0;
    out[n++] = ret == RULES_CIN ? 'c' : 's';
    out[n++] = '|';
    for (const char *p = table; *p && *p != ';' && n + 2 < cap; p++)
        if (*p != '_')
            out[n++] = (char)tolower((unsigned char)*p);
    out[n++] = '|';
    for (const char *p = child; *p && n + 1 < cap; p++)
        out[n++] = *p;
    return n;
}

static uint64_t key_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    /* mixed, so that the low bits that pick a slot depend on every byte: the keys differ
     * only in their last digits, and FNV's low bits alone cluster them into long runs */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static struct line_slot *line_find(const struct line_map *m, const char *k, size_t n, uint64_t h)
{
    for (size_t j = h & (m->cap - 1);; j = (j + 1) & (m->cap - 1)) {
        struct line_slot *sl = &m->slot[j];
        if (!sl->key || (sl->h == h && sl->len == n && !memcmp(m->keys.data + sl->key - 1, k, n)))
            return sl;
    }
}

static long line_put(struct line_map *m, const char *k, size_t n, uint32_t file, long line)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t ncap = m->cap ? 2 * m->cap : 4096;
        struct line_slot *old = m->slot;
        size_t ocap = m->cap;
        m->slot = xcalloc(ncap, sizeof *m->slot);
        m->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].key) {
                size_t j = old[i].h & (ncap - 1);
                while (m->slot[j].key)
                    j = (j + 1) & (ncap - 1);
                m->slot[j] = old[i];
            }
        free(old);
    }
    uint64_t h = key_hash(k, n);
    struct line_slot *sl = line_find(m, k, n, h);
    if (sl->key)
        return sl->line; /* the first record is the one named */
    sl->h = h;
    sl->key = m->keys.len + 1;
    sl->len = (uint32_t)n;
    sl->file = file;
    sl->line = line;
    buf_add(&m->keys, k, n);
    m->n++;
    return 0;
}

long importer_line(struct importer *im, enum rules_return ret, const char *table,
                   const char *child, const char *path, long line)
{
    if (!im->keep || !child || !*child)
        return 0;
    /* records only: the CIN census's places serve only the findings; an SSDA903 table's
     * first row of a child decides whether a second is kept, the place of any table not */
    if (im->records_only && ret == RULES_CIN)
        return 0;
    struct line_map *m = im->lines;
    if (!m)
        m = im->lines = xcalloc(1, sizeof *m);
    if (!m->nfiles || strcmp(m->files[m->nfiles - 1], path)) {
        m->files = xrealloc(m->files, (m->nfiles + 1) * sizeof *m->files);
        m->files[m->nfiles++] = xstrdup(path);
    }
    char k[256];
    size_t n = line_key(k, sizeof k, ret, table, child);
    long first = line_put(m, k, n, (uint32_t)(m->nfiles - 1), line);
    if (im->records_only)
        return first;
    n = line_key(k, sizeof k, ret, "", child); /* the child's first record of any table */
    line_put(m, k, n, (uint32_t)(m->nfiles - 1), line);
    return first;
}

long importer_line_of(const struct importer *im, enum rules_return ret, const char *table,
                      const char *child, const char **path)
{
    *path = NULL;
    const struct line_map *m = im->lines;
    if (!m || !m->n || !child || !*child)
        return 0;
    char k[256];
    for (int pass = 0; pass < 2; pass++) {
        size_t n = line_key(k, sizeof k, ret, pass ? "" : (table ? table : ""), child);
        const struct line_slot *sl = line_find(m, k, n, key_hash(k, n));
        if (sl->key) {
            *path = m->files[sl->file];
            return sl->line;
        }
    }
    return 0;
}

void importer_check_header(struct importer *im)
{
    ssda903_years_check(im); /* the rules between years, and between a table and its header */
    const struct line_map *m = im->lines;
    if (!m)
        return;
    bool header_read = false;
    for (size_t i = 0; i < m->cap && !header_read; i++)
        header_read = m->slot[i].key && m->slot[i].len > 9 &&
                      !memcmp(m->keys.data + m->slot[i].key - 1, "s|header|", 9);
    if (!header_read) /* no header table given: every child would be named */
        return;
    for (size_t i = 0; i < m->cap; i++) {
        const struct line_slot *sl = &m->slot[i];
        if (!sl->key)
            continue;
        const char *k = m->keys.data + sl->key - 1;
        const char *bar = k[0] == 's' ? memchr(k + 2, '|', sl->len - 2) : NULL;
        if (!bar)
            continue;
        char table[32], child[200], hk[256];
        size_t tl = (size_t)(bar - (k + 2)), cl = sl->len - (size_t)(bar + 1 - k);
        if (!tl || tl >= sizeof table || cl >= sizeof child)
            continue;
        memcpy(table, k + 2, tl);
        table[tl] = '\0';
        memcpy(child, bar + 1, cl);
        child[cl] = '\0';
        const char *name, *code = ssda903_header_rule(table, &name);
        if (!code)
            continue;
        size_t hn = line_key(hk, sizeof hk, RULES_903, "header", child);
        if (line_find(m, hk, hn, key_hash(hk, hn))->key)
            continue;
        int y = im->newest_903;
        const struct rule_def *d = rules_lookup(RULES_903, rules_catalogue_year(RULES_903, y), code);
        char msg[512];
        snprintf(msg, sizeof msg, "%s%sCHILD %s has a row in the %s table but none in the header%s",
                 d ? d->message : "", d ? " (" : "", child, name, d ? ")" : "");
        findings_add(&im->notes, RULES_903, y, true, d ? code : "schema", child, name, "CHILD", msg,
                     m->files[sl->file], sl->line);
    }
}

void importer_count(struct importer *im, enum rec_kind k, int outcome)
{
    if (k >= 0 && k < RK__COUNT && outcome >= 0 && outcome < 4)
        im->counts[k][outcome]++;
}

void importer_progress(struct importer *im, long long done)
{
    if (!im->progress)
        return;
    double t = elapsed_now();
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

/* What the first bytes say: a kind, or why the file is none hearth reads. */
struct sniff {
    enum input_kind kind;
    const char *table;
    const char *why;  /* no known kind: why, in plain English */
    bool unreadable;  /* not text hearth can read at all: empty, binary, UTF-16 not XML */
};

/* UTF-16 (with a byte-order mark, or XML's "<" as its first character): is it XML that
 * starts like a CIN census? libxml2 reads UTF-16 itself; only the start is looked at. */
static bool utf16(const unsigned char *h, size_t n, bool *cin_xml)
{
    bool le, skip = true;
    if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE)
        le = true;
    else if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF)
        le = false;
    else if (n >= 2 && h[0] == '<' && h[1] == 0)
        le = true, skip = false;
    else if (n >= 2 && h[0] == 0 && h[1] == '<')
        le = false, skip = false;
    else
        return false;
    char a[256];
    size_t m = 0;
    for (size_t i = skip ? 2 : 0; i + 1 < n && m < sizeof a - 1; i += 2) {
        unsigned lo = le ? h[i] : h[i + 1], hi = le ? h[i + 1] : h[i];
        a[m++] = hi == 0 && lo != 0 ? (char)lo : '?';
    }
    a[m] = '\0';
    const char *p = a;
    while (*p && isspace((unsigned char)*p))
        p++;
    *cin_xml = *p == '<' && (strstr(a, "<Message") || strstr(a, "<CIN") || strstr(a, "<?xml"));
    return true;
}

static int sniff(const char *path, struct sniff *sn, struct err *e)
{
    unsigned char head[512];
    *sn = (struct sniff){.kind = IN_UNKNOWN};
    int fd;
    int rc = input_open_regular(path, &fd, NULL, e);
    if (rc != HE_OK)
        return rc;
    ssize_t got = read(fd, head, sizeof head - 1);
    close(fd);
    if (got < 0)
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file: %s", strerror(errno));
    size_t n = (size_t)got;
    head[n] = '\0';
    if (n == 0) {
        sn->why = "the file is empty";
        sn->unreadable = true;
        return HE_OK;
    }
    bool cin = false;
    if (utf16(head, n, &cin)) {
        if (cin)
            sn->kind = IN_CIN_XML;
        else {
            sn->why = "the file is UTF-16 text, which is neither a CIN census nor a CSV hearth "
                      "reads (save it as UTF-8)";
            sn->unreadable = true;
        }
        return HE_OK;
    }
    const char *p = (const char *)head;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        p += 3;
    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p == '<') {
        /* XML: a CIN census message (its root is Message; the detail is checked by the parser) */
        const char *h = (const char *)head;
        if (strstr(h, "<EXPSSDA903"))
            sn->kind = IN_SSDA903_XML; /* the SSDA903 return's expanded XML form */
        else if (strstr(h, "<Message") || strstr(h, "<CIN") || strstr(h, "<?xml"))
            sn->kind = IN_CIN_XML;
        else
            sn->why = "it is markup, but neither a CIN census <Message> nor an SSDA903 "
                      "<EXPSSDA903>";
        return HE_OK;
    }
    if (memchr(head, '\0', n)) {
        sn->why = "the file is binary, not text (a spreadsheet or a document saved under "
                  "this name?)";
        sn->unreadable = true;
        return HE_OK;
    }
    rc = sniff_csv(path, &sn->kind, &sn->table, e);
    if (rc == HE_OK && sn->kind == IN_UNKNOWN)
        sn->why = "its first row is neither the header row of an SSDA903 table nor the "
                  "headings of an Annex A list";
    return rc;
}

int import_detect(const char *path, enum input_kind *kind, const char **table, struct err *e)
{
    struct sniff sn;
    int rc = sniff(path, &sn, e);
    *kind = rc == HE_OK ? sn.kind : IN_UNKNOWN;
    *table = rc == HE_OK ? sn.table : NULL;
    return rc;
}

/* ---- walking paths -------------------------------------------------------------- */

/* A file in a folder of returns that is plainly something else: notes, documents,
 * pictures, workbooks (hearth reads each Annex A list as CSV). Such a file is skipped
 * (and the skip reported) even when it cannot be read; any other file that cannot be
 * read may be a damaged return, and stops the import. */
static bool clearly_not_a_return(const char *path)
{
    static const char *const ext[] = {"txt", "md", "rtf", "pdf", "doc", "docx", "odt", "xls",
                                      "xlsx", "xlsm", "ods", "png", "jpg", "jpeg", "gif", "svg",
                                      "html", "htm", "log", "json", "ini", "db", "zip", "eml",
                                      "msg", "pptx", NULL};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strcasecmp(base, "README") || !strcasecmp(base, "LICENSE") || !strcasecmp(base, "Thumbs.db"))
        return true;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    for (size_t i = 0; ext[i]; i++)
        if (!strcasecmp(dot + 1, ext[i]))
            return true;
    return false;
}

static void skipped(const struct importer *im, const char *path, const char *why)
{
    fprintf(stderr, "hearth %s: skipping %s: %s\n", im->cmd ? im->cmd : "import", path, why);
}

int import_plan(const struct importer *im, const char *path, int named, enum input_kind *kind,
                const char **table, const char **why, struct err *e)
{
    struct sniff sn;
    *why = NULL;
    int rc = sniff(path, &sn, e);
    if (rc != HE_OK)
        return rc;
    *kind = sn.kind;
    *table = sn.table;
    if (sn.kind != IN_UNKNOWN)
        return HE_OK;
    if (named)
        return err_at(e, HE_INPUT, path, 0, NULL,
                      "not a file hearth knows (%s): expected CIN census XML, SSDA903 XML "
                      "(<EXPSSDA903>), an SSDA903 table CSV (known by its header row) or an "
                      "Annex A list CSV (known by its headings)",
                      sn.why);
    if (sn.unreadable && !clearly_not_a_return(path))
        return err_at(e, HE_INPUT, path, 0, NULL,
                      "cannot be read as a return: %s. Every file in a folder of returns "
                      "must be one hearth reads; move it out of the folder if it is not a "
                      "return",
                      sn.why);
    (void)im;
    *why = sn.why;
    return HE_OK;
}

int import_as(struct importer *im, const char *path, enum input_kind kind, const char *table,
              struct err *e)
{
    struct stat st;
    int rc;
    im->cur_path = path;
    im->cur_size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
    switch (kind) {
    case IN_CIN_XML:
    case IN_SSDA903_CSV:
    case IN_SSDA903_XML:
        /* the files a return was read from: their findings are replaced by this reading's */
        if (im->keep)
            buf_add(&im->files_read, path, strlen(path) + 1);
        rc = kind == IN_CIN_XML       ? cin_xml_import(im, path, e)
             : kind == IN_SSDA903_XML ? ssda903_xml_import(im, path, e)
                                      : ssda903_import(im, path, table, e);
        break;
    case IN_ANNEXA_CSV: rc = annexa_import(im, path, table, e); break;
    default: return err_set(e, HE_INTERNAL, "%s: no kind of return to read it as", path);
    }
    importer_progress_end(im);
    return rc;
}

static int import_file(struct importer *im, const char *path, int named, struct err *e)
{
    enum input_kind kind;
    const char *table, *why;
    int rc = import_plan(im, path, named, &kind, &table, &why, e);
    if (rc != HE_OK)
        return rc;
    if (why) {
        skipped(im, path, why);
        return HE_OK;
    }
    return import_as(im, path, kind, table, e);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int import_folder_names(const char *dir, char ***out, size_t *count, struct err *e)
{
    *out = NULL;
    *count = 0;
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
    *out = names;
    *count = n;
    return HE_OK;
}

static int import_dir(struct importer *im, const char *dir, struct err *e)
{
    char **names;
    size_t n;
    int rc = import_folder_names(dir, &names, &n, e);
    if (rc != HE_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc != HE_OK) {
            /* stopped: only free the rest */
        } else if (stat(names[i], &st) != 0) {
            char why[160];
            snprintf(why, sizeof why, "cannot read it: %s", strerror(errno));
            skipped(im, names[i], why);
        } else if (S_ISDIR(st.st_mode)) {
            rc = import_dir(im, names[i], e);
        } else if (!S_ISREG(st.st_mode)) {
            /* a named pipe would block the read for ever; a device or socket is no return */
            char why[160];
            snprintf(why, sizeof why, "it is %s, not a regular file", input_not_regular(st.st_mode));
            skipped(im, names[i], why);
        } else {
            rc = import_file(im, names[i], 0, e);
        }
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
