/* ssda903_years: the SSDA903 rules that compare what one year's files said about a child
 * with what the previous year's said (the DfE's Header_last, Episodes_last,
 * PlacedAdoption_last, DOLO_last: 202-208, 452, 453, 502, 503A-H, 503J, 560, 561, 584, 624, 626,
 * 706, 1010, NoE), an episode's PL_LOCATION against its PL_LA where the files give them
 * (411), the data integrity checks between a table and the header of the same return
 * (INT11-18, INT21),
 * and the rules on the header's UASC flag, which only the XML form of the return carries
 * (105, 303 in the year; 205A-205D against last year's).
 * hearth keeps one record of a child, merged across the returns it read, so once stored it
 * cannot tell which year said what; these are answered as the files are read (keep mode),
 * from a summary of each child's rows per collection year, and listed in the importer's
 * notes like every other finding met in a file. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/postcode.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "import.h"
#include "ssda903.h"

/* The tables whose DOB (and, for UASC, SEX) must agree with the header's, and their rule. */
static const struct { const char *table, *code; } dob_rule[] = {
    {"ad1", "INT11"},     {"placed_adoption", "INT12"}, {"oc2", "INT14"},
    {"oc3", "INT15"},     {"prev_perm", "INT16"},       {"reviews", "INT17"},
    {"uasc", "INT18"},
};
#define N_DOB (sizeof dob_rule / sizeof *dob_rule)
enum { EP_RNE, EP_LS, EP_CIN, EP_PLACE, EP_PROVIDER, EP_URN, EP__N };
static const char *const ep_col[EP__N] = {"RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "URN"};

struct where {
    uint32_t file; /* index in files + 1; 0: none */
    uint32_t line;
};

/* What one year's files said of one child (first rows; episodes by DECOM). */
struct yent {
    uint64_t h;
    size_t key; /* offset + 1 in keys: "YYYY|child" */
    uint32_t klen;
    int year;
    bool hdr, eps, oc3, pa, ua;
    char sex[4], ethnic[8], upn[14], usex[4];
    signed char mother;
    day_t dob, mc_dob;
    struct where hw;
    day_t first_decom, last_decom;
    bool last_open;
    char first[EP__N][10], last[EP__N][10];
    char fhome[10], fpl[10], lhome[10], lpl[10]; /* HOME_POST, PL_POST of the first and last */
    struct where ew;
    day_t pa_placed, pa_ceased;
    struct where pw;
    bool dl;             /* a deprivation of liberty order row */
    day_t dl_first;      /* the earliest order's DOLO_START */
    day_t dl_last;       /* the latest order's DOLO_START, and whether it is open (no end) */
    bool dl_last_open;
    struct where dw;     /* the first order's row */
    signed char uflag; /* the XML header's UASC: 0, 1, 2 (another value or blank); -1: none */
    day_t hduc;        /* and its DUC */
    struct where xw;
    day_t tdob[N_DOB];
    struct where tw[N_DOB], uw, ow, aw; /* ow: the OC3 row; aw: the UASC row */
};

/* Entries in one array, in the order first met; an open-addressed table of their
 * indices (+ 1; 0 is empty) finds them by year and child. */
struct y903 {
    struct yent *v;
    size_t n, cap;
    uint32_t *slot;
    size_t nslot; /* a power of two, at least twice n */
    struct buf keys;
    char **files;
    size_t nfiles;
    unsigned long long eps_years; /* collection years with an episodes table read (bit year-2000) */
    unsigned long long dolo_years; /* and with a deprivation of liberty orders table */
    /* episodes rows whose file gives PL_LOCATION IN, with their PL_LA (rule 411) */
    struct in_row { size_t ent; char la[16]; struct where w; } *in;
    size_t n_in, cap_in;
};

static uint64_t hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    return h;
}

/* The slot holding the key, or the empty slot where it would go. */
static uint32_t *find(const struct y903 *m, const char *k, size_t n, uint64_t h)
{
    for (size_t j = h & (m->nslot - 1);; j = (j + 1) & (m->nslot - 1)) {
        uint32_t *sl = &m->slot[j];
        const struct yent *s = *sl ? &m->v[*sl - 1] : NULL;
        if (!s || (s->h == h && s->klen == n && !memcmp(m->keys.data + s->key - 1, k, n)))
            return sl;
    }
}

static size_t make_key(char *k, size_t cap, int year, const char *child, size_t clen)
{
    int w = snprintf(k, cap, "%04d|", year);
    size_t n = (size_t)w + clen < cap ? clen : cap - (size_t)w - 1;
    memcpy(k + w, child, n);
    return (size_t)w + n;
}

static struct yent *lookup(const struct y903 *m, int year, const char *child, size_t clen)
{
    if (!m || !m->nslot)
        return NULL;
    char k[256];
    size_t n = make_key(k, sizeof k, year, child, clen);
    uint32_t *sl = find(m, k, n, hash(k, n));
    return *sl ? &m->v[*sl - 1] : NULL;
}

static struct yent *entry(struct y903 *m, int year, const char *child, size_t clen)
{
    if (2 * (m->n + 1) > m->nslot) {
        size_t ns = m->nslot ? 2 * m->nslot : 1024;
        free(m->slot);
        m->slot = xcalloc(ns, sizeof *m->slot);
        m->nslot = ns;
        for (size_t i = 0; i < m->n; i++) {
            size_t j = m->v[i].h & (ns - 1);
            while (m->slot[j])
                j = (j + 1) & (ns - 1);
            m->slot[j] = (uint32_t)(i + 1);
        }
    }
    char k[256];
    size_t n = make_key(k, sizeof k, year, child, clen);
    uint64_t h = hash(k, n);
    uint32_t *sl = find(m, k, n, h);
    if (*sl)
        return &m->v[*sl - 1];
    if (m->n == m->cap)
        m->v = xrealloc(m->v, (m->cap = m->cap ? 2 * m->cap : 1024) * sizeof *m->v);
    struct yent *s = &m->v[m->n++];
    *sl = (uint32_t)m->n;
    memset(s, 0, sizeof *s);
    s->h = h;
    s->key = m->keys.len + 1;
    s->klen = (uint32_t)n;
    s->year = year;
    s->mother = -1;
    s->uflag = -1;
    s->hduc = DAY_NONE;
    s->dob = s->mc_dob = s->first_decom = s->last_decom = DAY_NONE;
    s->pa_placed = s->pa_ceased = DAY_NONE;
    for (size_t i = 0; i < N_DOB; i++)
        s->tdob[i] = DAY_NONE;
    buf_add(&m->keys, k, n);
    return s;
}

static void copy(char *to, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(to, s ? s : "", s ? n : 0);
    to[s ? n : 0] = '\0';
}

/* The importer's years, made on first use, with path as its latest file (findings name
 * a file by its place in m->files). */
static struct y903 *years_of(struct importer *im, const char *path)
{
    struct y903 *m = im->y903;
    if (!m)
        m = im->y903 = xcalloc(1, sizeof *m);
    if (!m->nfiles || strcmp(m->files[m->nfiles - 1], path)) {
        m->files = xrealloc(m->files, (m->nfiles + 1) * sizeof *m->files);
        m->files[m->nfiles++] = xstrdup(path);
    }
    return m;
}

void ssda903_years_row(struct importer *im, int year, const char *table, int ncols,
                       const char *const *names, const char *const *v, const size_t *len,
                       const day_t *day, const char *path, long line)
{
    if (!im->keep || im->records_only || year < 2000 || year >= 2064 || ncols < 1 || !len[0])
        return;
    struct y903 *m = years_of(im, path);
    struct where here = {(uint32_t)m->nfiles, (uint32_t)line};
    struct yent *s = entry(m, year, v[0], len[0]); /* CHILD is every table's first column */
#define COL(name, out)                                  \
    for (int k_ = 0; k_ < ncols; k_++)                  \
        if (!strcmp(names[k_], name)) {                 \
            out = k_;                                   \
            break;                                      \
        }
    int dob = -1;
    COL("DOB", dob);
    if (!strcmp(table, "header")) {
        if (s->hdr)
            return;
        int sex = -1, eth = -1, upn = -1, mo = -1, mc = -1;
        COL("SEX", sex);
        COL("ETHNIC", eth);
        COL("UPN", upn);
        COL("MOTHER", mo);
        COL("MC_DOB", mc);
        s->hdr = true;
        s->hw = here;
        if (sex >= 0)
            copy(s->sex, sizeof s->sex, v[sex], len[sex]);
        if (eth >= 0)
            copy(s->ethnic, sizeof s->ethnic, v[eth], len[eth]);
        if (upn >= 0)
            copy(s->upn, sizeof s->upn, v[upn], len[upn]);
        if (mo >= 0 && len[mo] == 1 && (v[mo][0] == '0' || v[mo][0] == '1'))
            s->mother = (signed char)(v[mo][0] - '0');
        s->dob = dob >= 0 ? day[dob] : DAY_NONE;
        s->mc_dob = mc >= 0 ? day[mc] : DAY_NONE;
        return;
    }
    if (!strcmp(table, SSDA903_XML_UASC)) {
        int fl = -1, du = -1;
        COL("UASC", fl);
        COL("DUC", du);
        if (s->uflag >= 0 || fl < 0)
            return;
        s->uflag = len[fl] == 1 && (v[fl][0] == '0' || v[fl][0] == '1') ? v[fl][0] - '0' : 2;
        s->hduc = du >= 0 ? day[du] : DAY_NONE;
        s->xw = here;
        return;
    }
    if (!strcmp(table, "episodes")) {
        m->eps_years |= 1ull << (year - 2000);
        int dc = -1, de = -1, at[EP__N];
        COL("DECOM", dc);
        COL("DEC", de);
        for (int i = 0; i < EP__N; i++) {
            at[i] = -1;
            COL(ep_col[i], at[i]);
        }
        day_t decom = dc >= 0 ? day[dc] : DAY_NONE;
        if (decom == DAY_NONE)
            return;
        int hp = -1, pp = -1;
        COL("HOME_POST", hp);
        COL("PL_POST", pp);
        bool open = de < 0 || day[de] == DAY_NONE;
        if (!s->eps || decom < s->first_decom) {
            s->first_decom = decom;
            for (int i = 0; i < EP__N; i++)
                copy(s->first[i], sizeof s->first[i], at[i] >= 0 ? v[at[i]] : NULL,
                     at[i] >= 0 ? len[at[i]] : 0);
            s->ew = here;
            copy(s->fhome, sizeof s->fhome, hp >= 0 ? v[hp] : NULL, hp >= 0 ? len[hp] : 0);
            copy(s->fpl, sizeof s->fpl, pp >= 0 ? v[pp] : NULL, pp >= 0 ? len[pp] : 0);
        }
        if (!s->eps || decom >= s->last_decom) {
            s->last_decom = decom;
            s->last_open = open;
            copy(s->lhome, sizeof s->lhome, hp >= 0 ? v[hp] : NULL, hp >= 0 ? len[hp] : 0);
            copy(s->lpl, sizeof s->lpl, pp >= 0 ? v[pp] : NULL, pp >= 0 ? len[pp] : 0);
            for (int i = 0; i < EP__N; i++)
                copy(s->last[i], sizeof s->last[i], at[i] >= 0 ? v[at[i]] : NULL,
                     at[i] >= 0 ? len[at[i]] : 0);
        }
        s->eps = true;
        return;
    }
    if (!strcmp(table, "dolo")) {
        m->dolo_years |= 1ull << (year - 2000);
        int st = -1, en = -1;
        COL("DOLO_START", st);
        COL("DOLO_END", en);
        day_t start = st >= 0 ? day[st] : DAY_NONE;
        if (start == DAY_NONE)
            return;
        if (!s->dl || start < s->dl_first)
            s->dl_first = start, s->dw = here;
        if (!s->dl || start >= s->dl_last)
            s->dl_last = start, s->dl_last_open = en < 0 || day[en] == DAY_NONE;
        s->dl = true;
        return;
    }
    if (!strcmp(table, "oc3") && !s->oc3)
        s->oc3 = true, s->ow = here;
    if (!strcmp(table, "uasc") && !s->ua)
        s->ua = true, s->aw = here;
    if (!strcmp(table, "placed_adoption")) {
        int pl = -1, ce = -1;
        COL("DATE_PLACED", pl);
        COL("DATE_PLACED_CEASED", ce);
        day_t placed = pl >= 0 ? day[pl] : DAY_NONE;
        /* the latest decision of the year is the one the next year's return continues */
        if (placed != DAY_NONE && (!s->pa || placed > s->pa_placed)) {
            s->pa = true;
            s->pa_placed = placed;
            s->pa_ceased = ce >= 0 ? day[ce] : DAY_NONE;
            s->pw = here;
        }
    }
    for (size_t i = 0; i < N_DOB; i++)
        if (!strcmp(table, dob_rule[i].table) && !s->tw[i].file && dob >= 0 &&
            day[dob] != DAY_NONE) {
            s->tdob[i] = day[dob];
            s->tw[i] = here;
        }
    if (!strcmp(table, "uasc") && !s->uw.file) {
        int sex = -1;
        COL("SEX", sex);
        if (sex >= 0 && len[sex]) {
            copy(s->usex, sizeof s->usex, v[sex], len[sex]);
            s->uw = here;
        }
    }
#undef COL
}

void ssda903_years_location(struct importer *im, int year, const char *child, size_t clen,
                            const char *pl_la, size_t la_len, const char *pl_location,
                            size_t loc_len, const char *path, long line)
{
    /* only IN is the rule's: OUT beside the authority's own code is not what it names */
    if (!im->keep || im->records_only || year < 2000 || year >= 2064 || !clen ||
        loc_len != 2 || (pl_location[0] | 0x20) != 'i' || (pl_location[1] | 0x20) != 'n')
        return;
    struct y903 *m = years_of(im, path);
    struct yent *s = entry(m, year, child, clen);
    if (m->n_in == m->cap_in)
        m->in = xrealloc(m->in, (m->cap_in = m->cap_in ? 2 * m->cap_in : 64) * sizeof *m->in);
    struct in_row *r = &m->in[m->n_in++];
    r->ent = (size_t)(s - m->v);
    copy(r->la, sizeof r->la, pl_la, la_len);
    r->w = (struct where){(uint32_t)m->nfiles, (uint32_t)line};
}

/* ---- the checks ---------------------------------------------------------------------- */

struct ctx {
    struct importer *im;
    const struct y903 *m;
    const struct yent *s;
    char child[200];
    const char *area; /* the authority's area in last year's return (home_area), or NULL */
};

/* List the rule of s's year against the child, at w, with what was found. */
static void hit(struct ctx *c, const char *code, const char *table, struct where w,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void hit(struct ctx *c, const char *code, const char *table, struct where w,
                const char *fmt, ...)
{
    const struct rule_def *d =
        rules_lookup(RULES_903, rules_catalogue_year(RULES_903, c->s->year), code);
    if (!d)
        return;
    char detail[512], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s (%s)", d->message, detail);
    findings_add(&c->im->notes, RULES_903, c->s->year, !strcmp(d->level, "ERROR"), d->code,
                 c->child, table, d->fields, msg, w.file ? c->m->files[w.file - 1] : NULL, w.line);
}

static void fmt_day(day_t d, char *out, size_t cap)
{
    if (d == DAY_NONE) {
        snprintf(out, cap, "blank");
        return;
    }
    int y, mo, dd;
    date_to_ymd(d, &y, &mo, &dd);
    snprintf(out, cap, "%02d/%02d/%04d", dd, mo, y);
}

static const char *shown(const char *s) { return *s ? s : "blank"; }

static bool unknown_upn(const char *u)
{
    return (u[0] == 'U' || u[0] == 'u') && (u[1] == 'N' || u[1] == 'n') && u[2] >= '0' &&
           u[2] <= '9';
}

/* The same child's header this year (s) and last (l). */
static void headers(struct ctx *c, const struct yent *l)
{
    const struct yent *s = c->s;
    int ly = l->year;
    char a[16], b[16];
    if (*s->sex && *l->sex && strcmp(s->sex, l->sex))
        hit(c, "202", "Header", s->hw, "SEX %s; %d-%02d's return said %s", s->sex, ly - 1,
            ly % 100, l->sex);
    if (s->dob != DAY_NONE && l->dob != DAY_NONE && s->dob != l->dob) {
        fmt_day(s->dob, a, sizeof a), fmt_day(l->dob, b, sizeof b);
        hit(c, "203", "Header", s->hw, "DOB %s; %d-%02d's return said %s", a, ly - 1, ly % 100, b);
    }
    if (*s->ethnic && *l->ethnic && strcmp(s->ethnic, l->ethnic))
        hit(c, "204", "Header", s->hw, "ETHNIC %s; %d-%02d's return said %s", s->ethnic, ly - 1,
            ly % 100, l->ethnic);
    /* once a mother, always one: last year's 1 cannot become 0 */
    if (l->mother == 1 && s->mother == 0)
        hit(c, "207", "Header", s->hw, "MOTHER 0; %d-%02d's return said 1", ly - 1, ly % 100);
    /* UN1-UN10 say why there is no UPN (UN1: not yet of school age); a UPN given later is
     * not a contradiction */
    if (*s->upn && *l->upn && !unknown_upn(s->upn) && !unknown_upn(l->upn) &&
        strcmp(s->upn, l->upn))
        hit(c, "208", "Header", s->hw, "UPN %s; %d-%02d's return said %s", s->upn, ly - 1,
            ly % 100, l->upn);
    if (s->mc_dob != DAY_NONE && l->mc_dob != DAY_NONE && s->mc_dob != l->mc_dob) {
        fmt_day(s->mc_dob, a, sizeof a), fmt_day(l->mc_dob, b, sizeof b);
        hit(c, "624", "Header", s->hw, "MC_DOB %s; %d-%02d's return said %s", a, ly - 1,
            ly % 100, b);
    }
    /* a first child born before this year was born by last year's return, which said the
     * young person was not a mother */
    day_t from, to;
    rules_year_window(s->year, &from, &to);
    if (s->mother == 1 && s->mc_dob != DAY_NONE && s->mc_dob < from && l->mother == 0) {
        fmt_day(s->mc_dob, a, sizeof a);
        hit(c, "626", "Header", s->hw, "MC_DOB %s, before this year; %d-%02d's return said "
            "MOTHER 0", a, ly - 1, ly % 100);
    }
}

/* Where a postcode is (its sector in the ONS directory hearth ships), or NULL. */
static const struct postcode_sector *where_is(const char *s)
{
    char pc[9];
    return *s && postcode_normalise(s, pc) ? postcode_sector_find(pc) : NULL;
}
/* The distance the DfE derives from the two postcodes, in tenths of a mile; -1 when none. */
static int64_t tenths(const char *home, const char *pl)
{
    const struct postcode_sector *h = where_is(home), *p = where_is(pl);
    if (!h || !p)
        return -1;
    struct postcode_place a = {"", h->easting, h->northing}, b = {"", p->easting, p->northing};
    return postcode_tenths_of_mile(postcode_distance_m(&a, &b));
}

/* The area the authority is, for a year's return: the one most of its children's first
 * homes (HOME_POST) are in, as rule 1015 takes it without the ons_code setting; the DfE
 * derives PL_LOCATION (IN or OUT of the authority's area) from PL_POST against it. NULL
 * when no home postcode is in the directory. */
static const char *home_area(const struct y903 *m, int year)
{
    struct { const char *la; long n; } a[64];
    size_t na = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct postcode_sector *h = m->v[i].year == year ? where_is(m->v[i].fhome) : NULL;
        if (!h)
            continue;
        size_t k = 0;
        while (k < na && strcmp(a[k].la, h->la))
            k++;
        if (k == na && na < sizeof a / sizeof *a)
            a[na].la = h->la, a[na++].n = 0;
        if (k < na)
            a[k].n++;
    }
    const char *best = NULL;
    long most = 0;
    for (size_t k = 0; k < na; k++)
        if (a[k].n > most)
            most = a[k].n, best = a[k].la;
    return best;
}

/* This year's first episode against last year's last, when that one was still open. */
static void episodes(struct ctx *c, const struct yent *l)
{
    const struct yent *s = c->s;
    if (!l->eps || !l->last_open || !s->eps)
        return;
    char a[16], b[16];
    if (s->first_decom != l->last_decom) {
        fmt_day(s->first_decom, a, sizeof a), fmt_day(l->last_decom, b, sizeof b);
        hit(c, "502", "Episodes", s->ew, "the first episode starts %s; last year's open episode "
            "started %s", a, b);
        return; /* another episode: its details need not match */
    }
    static const char *const code[EP__N] = {"503A", "503B", "503C", "503D", "503E", "503F"};
    for (int i = 0; i < EP__N; i++)
        if (strcmp(s->first[i], l->last[i]))
            hit(c, code[i], "Episodes", s->ew, "%s %s; last year's open episode had %s",
                ep_col[i], shown(s->first[i]), shown(l->last[i]));
    /* what the DfE derives from the postcodes: the LA of placement (452, 503H), the
     * distance (453, 503G); a postcode nowhere is named by 392c, 169, 392a */
    const struct postcode_sector *pa = where_is(s->fpl), *pb = where_is(l->lpl);
    if (pa && pb && strcmp(pa->la, pb->la)) {
        hit(c, "452", "Episodes", s->ew, "PL_POST %s is in %s; last year's open episode's %s "
            "was in %s", s->fpl, pa->la, l->lpl, pb->la);
        hit(c, "503H", "Episodes", s->ew, "PL_POST %s is in %s; last year's open episode's %s "
            "was in %s", s->fpl, pa->la, l->lpl, pb->la);
        /* and inside the authority's area one year, outside it the other */
        if (c->area && (!strcmp(pa->la, c->area) || !strcmp(pb->la, c->area)))
            hit(c, "503J", "Episodes", s->ew, "PL_POST %s is %s the authority's area (%s); "
                "last year's open episode's %s was %s it", s->fpl,
                strcmp(pa->la, c->area) ? "outside" : "inside", c->area, l->lpl,
                strcmp(pb->la, c->area) ? "outside" : "inside");
    }
    int64_t d = tenths(s->fhome, s->fpl), e = tenths(l->lhome, l->lpl);
    if (d >= 0 && e >= 0 && d != e) {
        hit(c, "453", "Episodes", s->ew, "%lld.%lld miles; last year's open episode was "
            "%lld.%lld", (long long)(d / 10), (long long)(d % 10), (long long)(e / 10),
            (long long)(e % 10));
        hit(c, "503G", "Episodes", s->ew, "%lld.%lld miles; last year's open episode was "
            "%lld.%lld", (long long)(d / 10), (long long)(d % 10), (long long)(e / 10),
            (long long)(e % 10));
    }
}

/* The decision to place for adoption this year against last year's. */
static void placed(struct ctx *c, const struct yent *l)
{
    const struct yent *s = c->s;
    if (!s->pa || !l->pa)
        return;
    char a[16], b[16], e[16];
    fmt_day(s->pa_placed, a, sizeof a), fmt_day(l->pa_placed, b, sizeof b);
    fmt_day(l->pa_ceased, e, sizeof e);
    bool same = s->pa_placed == l->pa_placed;
    bool ended = l->pa_ceased != DAY_NONE;
    if (!same && !ended)
        hit(c, "560", "PlacedAdoption", s->pw, "DATE_PLACED %s; last year's open decision was "
            "dated %s", a, b);
    if (same && ended)
        hit(c, "561", "PlacedAdoption", s->pw, "DATE_PLACED %s, as last year's, but that "
            "decision ceased on %s", a, e);
    /* a new decision, after the old one ceased, cannot be dated before it ceased */
    if (!same && ended && s->pa_placed < l->pa_ceased)
        hit(c, "584", "PlacedAdoption", s->pw, "DATE_PLACED %s is before %s, when last year's "
            "decision (dated %s) ceased", a, e, b);
}

/* The XML header's UASC flag: in the year (105, 303) and against last year's (205A, 205B,
 * 205C, 205D, as the sector's validator reads the DfE's rules). */
static void uasc_flag(struct ctx *c, const struct yent *l)
{
    const struct yent *s = c->s;
    if (s->uflag < 0)
        return;
    char a[16], b[16];
    if (s->uflag == 2)
        hit(c, "105", "Header", s->xw, "UASC is neither 1 nor 0");
    if (s->hduc != DAY_NONE && s->uflag != 1) {
        fmt_day(s->hduc, a, sizeof a);
        hit(c, "303", "Header", s->xw, "DUC %s with UASC %s", a, s->uflag ? "not given" : "0");
    }
    if (!l || l->uflag < 0)
        return;
    day_t from, to;
    rules_year_window(l->year, &from, &to);
    /* UASC last year and not this: the status ceased in last year's collection year */
    if (l->uflag == 1 && s->uflag == 0 && (l->hduc == DAY_NONE || l->hduc < from || l->hduc > to)) {
        fmt_day(l->hduc, b, sizeof b);
        hit(c, "205A", "Header", s->xw, "UASC 0; %d-%02d's return said UASC 1 with DUC %s, "
            "not a date in that year", l->year - 1, l->year % 100, b);
    }
    /* UASC both years: last year's DUC was the date the status would end, the 18th
     * birthday, and this year's is that same date or the day it ended in this year */
    day_t dob = s->dob != DAY_NONE ? s->dob : l->dob;
    if (l->uflag == 1 && s->uflag == 1 && dob != DAY_NONE) {
        day_t d18 = date_add_years(dob, 18), f, t;
        rules_year_window(s->year, &f, &t);
        bool in_year = s->hduc != DAY_NONE && s->hduc >= f && s->hduc <= t;
        if (l->hduc != d18 || (!in_year && s->hduc != l->hduc)) {
            char e[16];
            fmt_day(s->hduc, a, sizeof a), fmt_day(l->hduc, b, sizeof b), fmt_day(d18, e, sizeof e);
            hit(c, "205B", "Header", s->xw, "UASC 1 with DUC %s; %d-%02d's return said UASC 1 "
                "with DUC %s; the 18th birthday is %s", a, l->year - 1, l->year % 100, b, e);
        }
    }
    /* UASC this year, not last year, when last year's return held the child */
    if (s->uflag == 1 && l->uflag != 1)
        hit(c, "205D", "Header", s->xw, "UASC 1; %d-%02d's return said UASC %s", l->year - 1,
            l->year % 100, l->uflag == 0 ? "0" : "neither 1 nor 0");
    /* UASC neither year: no date it ceased */
    if (l->uflag == 0 && s->uflag == 0 && s->hduc != DAY_NONE) {
        fmt_day(s->hduc, a, sizeof a);
        hit(c, "205C", "Header", s->xw, "DUC %s with UASC 0, as %d-%02d's return said",
            a, l->year - 1, l->year % 100);
    }
}

/* A table's DOB (and UASC's SEX) against the same return's header. */
static void internal(struct ctx *c)
{
    const struct yent *s = c->s;
    if (!s->hdr)
        return; /* INT01-09 name a child in a table but not in the header */
    char a[16], b[16];
    for (size_t i = 0; i < N_DOB; i++)
        if (s->tw[i].file && s->dob != DAY_NONE && s->tdob[i] != s->dob) {
            const char *name = dob_rule[i].table;
            ssda903_header_rule(dob_rule[i].table, &name);
            fmt_day(s->tdob[i], a, sizeof a), fmt_day(s->dob, b, sizeof b);
            hit(c, dob_rule[i].code, name, s->tw[i], "DOB %s; the header says %s", a, b);
        }
    if (s->uw.file && *s->sex) {
        /* the header codes sex M/F/U, older returns 1/2: compare what they mean */
        char x = s->usex[0] == '1' ? 'M' : s->usex[0] == '2' ? 'F' : s->usex[0];
        char y = s->sex[0] == '1' ? 'M' : s->sex[0] == '2' ? 'F' : s->sex[0];
        if (x != y)
            hit(c, "INT21", "UASC", s->uw, "SEX %s; the header says %s", s->usex, s->sex);
    }
}

static void location_in(struct importer *im, const char *const *area);

void ssda903_years_check(struct importer *im)
{
    const struct y903 *m = im->y903;
    if (!m)
        return;
    /* the authority's area in each year's return read (bit year-2000 of eps_years) */
    const char *area[64] = {0};
    for (int y = 0; y < 64; y++)
        if (m->eps_years >> y & 1)
            area[y] = home_area(m, 2000 + y);
    for (size_t i = 0; i < m->n; i++) {
        const struct yent *s = &m->v[i];
        int ly = s->year - 1 - 2000;
        struct ctx c = {.im = im, .m = m, .s = s, .area = ly >= 0 && ly < 64 ? area[ly] : NULL};
        const char *k = m->keys.data + s->key - 1;
        copy(c.child, sizeof c.child, k + 5, s->klen - 5);
        internal(&c);
        const struct yent *l = lookup(m, s->year - 1, k + 5, s->klen - 5);
        uasc_flag(&c, l);
        if (l && s->hdr && l->hdr)
            headers(&c, l);
        if (l)
            episodes(&c, l), placed(&c, l);
        int py = s->year - 1 - 2000;
        bool last_eps_read = py >= 0 && (m->eps_years >> py & 1);
        day_t from, to;
        rules_year_window(s->year, &from, &to);
        /* looked after before this year, and last year's episodes were read, without this child */
        if (s->eps && s->first_decom < from && last_eps_read && !(l && l->eps)) {
            char a[16];
            fmt_day(s->first_decom, a, sizeof a);
            hit(&c, "NoE", "Episodes", s->ew, "the first episode started %s; %d-%02d's episodes "
                "have none for this child", a, s->year - 2, (s->year - 1) % 100);
        }
        /* 706: this child's order was open at the end of the return (s), and next year's
         * orders, which were read, do not start with it; the finding is next year's */
        int ny = s->year + 1 - 2000;
        if (s->dl && s->dl_last_open && ny < 64 && (m->dolo_years >> ny & 1)) {
            const struct yent *n = lookup(m, s->year + 1, k + 5, s->klen - 5);
            if (!n || !n->dl || n->dl_first != s->dl_last) {
                struct yent next = *s; /* the finding is about next year's return */
                next.year = s->year + 1;
                struct ctx c2 = c;
                c2.s = &next;
                char a[16], b[16];
                fmt_day(s->dl_last, a, sizeof a);
                fmt_day(n && n->dl ? n->dl_first : DAY_NONE, b, sizeof b);
                struct where w = n && n->dl ? n->dw : n && n->hdr ? n->hw : s->dw;
                hit(&c2, "706", "DoLo", w, "%d-%02d's return ended with the order of %s open; "
                    "the next year's first order starts %s", s->year - 1, s->year % 100, a, b);
            }
        }
        bool eps_read = s->year - 2000 < 64 && (m->eps_years >> (s->year - 2000) & 1);
        /* a care leaver not looked after in the year: no motherhood details (628), no UASC
         * row (1014) */
        if (s->oc3 && !s->eps && eps_read && s->hdr && s->mother >= 0)
            hit(&c, "628", "Header", s->hw, "MOTHER %d for a care leaver with no episode this "
                "year", s->mother);
        if (s->oc3 && !s->eps && eps_read && s->ua)
            hit(&c, "1014", "UASC", s->aw, "a UASC row for a care leaver with no episode "
                "this year");
        /* open at last year's end, care leaver data this year, and no episode this year */
        if (s->oc3 && !s->eps && eps_read && l && l->eps && l->last_open)
            hit(&c, "1010", "OC3", s->ow, "last year's return ended with an "
                "episode open, this year's episodes have none for this child");
    }
    location_in(im, area);
}

/* Is s an ONS area code (E06000035), the form the DfE gives PL_LA in? A council's system
 * may write the DfE's three-digit LA number instead, which the postcode directory hearth
 * holds cannot be compared with. */
static bool ons_form(const char *s)
{
    if (strlen(s) != 9 || s[0] < 'A' || s[0] > 'Z')
        return false;
    for (int i = 1; i < 9; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* 411: an episode the file places IN the authority's area (PL_LOCATION) with an LA of
 * placement (PL_LA) that is not the authority's: the ons_code setting of the store read
 * into or, without it, the area most of the year's children's first homes are in (as 503J
 * takes it). The DfE, and the sector's validator, derive both from PL_POST, when they
 * cannot disagree; a council's files that carry them can. */
static void location_in(struct importer *im, const char *const *area)
{
    const struct y903 *m = im->y903;
    if (!m->n_in)
        return;
    char *ons = NULL;
    struct err e = {0};
    if (im->store && store_get_setting(im->store, "ons_code", &ons, &e) != HE_OK)
        ons = NULL;
    for (size_t i = 0; i < m->n_in; i++) {
        const struct in_row *r = &m->in[i];
        const struct yent *s = &m->v[r->ent];
        int y = s->year - 2000;
        const char *la = ons && *ons ? ons : y >= 0 && y < 64 ? area[y] : NULL;
        if (!la || !strcmp(r->la, la) || (*r->la && !ons_form(r->la)))
            continue;
        struct ctx c = {.im = im, .m = m, .s = s};
        const char *k = m->keys.data + s->key - 1;
        copy(c.child, sizeof c.child, k + 5, s->klen - 5);
        hit(&c, "411", "Episodes", r->w, "PL_LOCATION IN with PL_LA %s; the authority's area "
            "is %s", shown(r->la), la);
    }
    free(ons);
}

void ssda903_years_free(struct importer *im)
{
    struct y903 *m = im->y903;
    if (!m)
        return;
    free(m->in);
    free(m->slot);
    free(m->v);
    buf_free(&m->keys);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    free(m);
    im->y903 = NULL;
}

bool ssda903_years_between(const char *code)
{
    return ssda903_years_rule(code) && strncmp(code, "INT", 3) && strcmp(code, "628") &&
           strcmp(code, "1014") && strcmp(code, "105") && strcmp(code, "303") &&
           strcmp(code, "411");
}

bool ssda903_years_rule(const char *code)
{
    static const char *const codes[] = {"202",  "203",  "204",  "207",  "208",  "502",
                                        "503A", "503B", "503C", "503D", "503E", "503F", "503G", "503H", "503J", "452", "453", "560",
                                        "561",  "584",  "624",  "626",  "1010", "NoE", "628", "1014",
                                        "INT21", "105", "303", "205A", "205B", "205C", "205D", "706", "411"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (!strcmp(codes[i], code))
            return true;
    for (size_t i = 0; i < N_DOB; i++)
        if (!strcmp(dob_rule[i].code, code))
            return true;
    return false;
}
