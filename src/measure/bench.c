/* measure/bench: the published figures held in memory and the comparators worked out from
 * them (bench.h). Records replace earlier ones with the same key, so the shipped copy can
 * be overlaid by a newer year loaded into the store. bench_finish() ranks each series once
 * (a sort of ~150 numbers), so a page or a report only reads. Never touches the store. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"

void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
}

static void measure_free(struct bench_measure *m)
{
    free(m->code);
    free(m->topic);
    free(m->name);
    free(m->unit);
    free(m->year_type);
}

void bench_free(struct bench *b)
{
    for (int i = 0; i < b->n_measures; i++)
        measure_free(&b->measures[i]);
    free(b->measures);
    for (int i = 0; i < b->n_areas; i++) {
        free(b->areas[i].name);
        free(b->areas[i].region);
    }
    for (int i = 0; i < b->n_series; i++)
        free(b->series[i]);
    free(b->series);
    memset(b, 0, sizeof *b);
}

bool bench_is_authority(int code)
{
    return code > 0 && code < BENCH_ENGLAND;
}

/* A whole number in [lo, hi] written as digits only. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
    if (!s || !*s || strlen(s) > 9)
        return false;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* A published number: optional minus, digits, optional fraction; nothing else. */
static bool parse_number(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (*p || !digits)
        return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

/* "2018" -> 2018; "2017-18" and "2017-18 (OT)" -> 2018; 0 when not a year label. */
static int label_end_year(const char *y)
{
    int start;
    char tmp[8];
    size_t n = strlen(y);
    if (n == 4 && parse_int(y, 1990, 2100, &start))
        return start;
    if ((n == 7 || (n == 12 && !strcmp(y + 7, " (OT)"))) && y[4] == '-') {
        memcpy(tmp, y, 4);
        tmp[4] = 0;
        int yy;
        char two[3] = {y[5], y[6], 0};
        if (parse_int(tmp, 1990, 2099, &start) && parse_int(two, 0, 99, &yy) &&
            (start + 1) % 100 == yy)
            return start + 1;
    }
    return 0;
}

static int find_measure(const struct bench *b, const char *code)
{
    if (b->finished) {
        int lo = 0, hi = b->n_measures - 1;
        while (lo <= hi) {
            int mid = (lo + hi) / 2, c = strcmp(b->measures[mid].code, code);
            if (!c)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }
    for (int i = 0; i < b->n_measures; i++)
        if (!strcmp(b->measures[i].code, code))
            return i;
    return -1;
}

/* While filling, records come grouped by measure: the last one named is tried first. */
static int find_measure_filling(struct bench *b, const char *code)
{
    if (b->last_measure < b->n_measures && !strcmp(b->measures[b->last_measure].code, code))
        return b->last_measure;
    int i = find_measure(b, code);
    if (i >= 0)
        b->last_measure = i;
    return i;
}

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = xstrdup(s ? s : "");
}

int bench_add_measure(struct bench *b, const char *code, const char *topic, const char *name,
                      const char *polarity, const char *unit, const char *decimals,
                      const char *year_type, struct err *e)
{
    if (b->finished)
        return err_set(e, HE_INTERNAL, "the figures are already ranked");
    if (!code || !*code || strlen(code) > 64)
        return err_set(e, HE_INPUT, "a measure needs a short code (at most 64 characters)");
    int pol;
    if (!strcmp(polarity, "High"))
        pol = BENCH_HIGH;
    else if (!strcmp(polarity, "Low"))
        pol = BENCH_LOW;
    else if (!strcmp(polarity, "-") || !strcmp(polarity, "NA") || !*polarity)
        pol = BENCH_NEUTRAL;
    else
        return err_set(e, HE_INPUT, "measure %s: polarity is High, Low, - or NA, not '%s'", code,
                       polarity);
    int dec = -1;
    if (strcmp(decimals, "NA") != 0 && *decimals && !parse_int(decimals, 0, 6, &dec))
        return err_set(e, HE_INPUT, "measure %s: decimals is a number from 0 to 6 or NA, not '%s'",
                       code, decimals);
    if (b->hook) {
        const char *f[7] = {code, topic, name, polarity, unit, decimals, year_type};
        int rc = b->hook(b->hook_arg, BR_MEASURE, f, e);
        if (rc != HE_OK)
            return rc;
    }
    int i = find_measure(b, code);
    if (i < 0) {
        if (b->n_measures == b->cap_measures) {
            b->cap_measures = b->cap_measures ? b->cap_measures * 2 : 256;
            b->measures = xrealloc(b->measures, (size_t)b->cap_measures * sizeof *b->measures);
        }
        i = b->n_measures++;
        memset(&b->measures[i], 0, sizeof b->measures[i]);
        set_str(&b->measures[i].code, code);
    }
    struct bench_measure *m = &b->measures[i];
    set_str(&m->topic, topic);
    set_str(&m->name, name);
    set_str(&m->unit, unit);
    set_str(&m->year_type, year_type);
    m->polarity = pol;
    m->decimals = dec;
    return HE_OK;
}

static int area_idx(const struct bench *b, int code)
{
    return code >= 0 && code < 1000 ? b->area_index[code] - 1 : -1;
}

int bench_add_area(struct bench *b, const char *code, const char *name, const char *region,
                   struct err *e)
{
    int c;
    if (b->finished)
        return err_set(e, HE_INTERNAL, "the figures are already ranked");
    if (!parse_int(code, 1, 999, &c))
        return err_set(e, HE_INPUT, "an area is a DfE number from 1 to 999, not '%s'", code);
    if (area_idx(b, c) < 0 && b->n_areas == BENCH_MAX_AREAS)
        return err_set(e, HE_INPUT, "more than %d areas", BENCH_MAX_AREAS);
    if (b->hook) {
        const char *f[3] = {code, name, region};
        int rc = b->hook(b->hook_arg, BR_AREA, f, e);
        if (rc != HE_OK)
            return rc;
    }
    int i = area_idx(b, c);
    if (i < 0) {
        i = b->n_areas++;
        memset(&b->areas[i], 0, sizeof b->areas[i]);
        b->areas[i].code = c;
        b->area_index[c] = (short)(i + 1);
    }
    set_str(&b->areas[i].name, name);
    set_str(&b->areas[i].region, region);
    return HE_OK;
}

int bench_add_neighbours(struct bench *b, const char *la, const char *const sn[BENCH_NEIGHBOURS],
                         struct err *e)
{
    int c, n[BENCH_NEIGHBOURS];
    if (b->finished)
        return err_set(e, HE_INTERNAL, "the figures are already ranked");
    if (!parse_int(la, 1, 969, &c) || area_idx(b, c) < 0)
        return err_set(e, HE_INPUT, "'%s' is not an authority of areas.csv", la);
    for (int k = 0; k < BENCH_NEIGHBOURS; k++)
        if (!parse_int(sn[k], 1, 969, &n[k]) || area_idx(b, n[k]) < 0 || n[k] == c)
            return err_set(e, HE_INPUT, "neighbour %d of %d: '%s' is not another authority of "
                           "areas.csv", k + 1, c, sn[k]);
    if (b->hook) {
        const char *f[1 + BENCH_NEIGHBOURS] = {la};
        memcpy(f + 1, sn, sizeof(const char *) * BENCH_NEIGHBOURS);
        int rc = b->hook(b->hook_arg, BR_NEIGHBOUR, f, e);
        if (rc != HE_OK)
            return rc;
    }
    memcpy(b->areas[area_idx(b, c)].neighbours, n, sizeof n);
    return HE_OK;
}

int bench_add_value(struct bench *b, const char *measure, const char *year, const char *area,
                    const char *value, struct err *e)
{
    int c, ey;
    double v = NAN;
    if (b->finished)
        return err_set(e, HE_INTERNAL, "the figures are already ranked");
    int mi = find_measure_filling(b, measure);
    if (mi < 0)
        return err_set(e, HE_INPUT, "'%s' is not a measure of measures.csv", measure);
    if (strlen(year) >= sizeof b->series[0]->year || !(ey = label_end_year(year)))
        return err_set(e, HE_INPUT, "year '%s' is not 2018, 2017-18 or 2017-18 (OT)", year);
    if (!parse_int(area, 1, 999, &c) || area_idx(b, c) < 0)
        return err_set(e, HE_INPUT, "'%s' is not an area of areas.csv", area);
    if (strcmp(value, "-") != 0 && !parse_number(value, &v))
        return err_set(e, HE_INPUT, "the value '%s' is not a number or -", value);
    if (b->hook) {
        const char *f[4] = {measure, year, area, value};
        int rc = b->hook(b->hook_arg, BR_VALUE, f, e);
        if (rc != HE_OK)
            return rc;
    }
    /* the series just added is by far the likeliest: files come grouped by measure and year */
    struct bench_series *s = NULL;
    if (b->n_series && b->series[b->n_series - 1]->measure == mi &&
        !strcmp(b->series[b->n_series - 1]->year, year))
        s = b->series[b->n_series - 1];
    for (int i = 0; !s && i < b->n_series; i++)
        if (b->series[i]->measure == mi && !strcmp(b->series[i]->year, year))
            s = b->series[i];
    if (!s) {
        if (b->n_series == b->cap_series) {
            b->cap_series = b->cap_series ? b->cap_series * 2 : 1024;
            b->series = xrealloc(b->series, (size_t)b->cap_series * sizeof *b->series);
        }
        s = b->series[b->n_series++] = xcalloc(1, sizeof *s);
        s->measure = mi;
        snprintf(s->year, sizeof s->year, "%s", year);
        s->end_year = ey;
        for (int i = 0; i < BENCH_MAX_AREAS; i++)
            s->v[i] = NAN;
    }
    s->v[area_idx(b, c)] = v;
    return HE_OK;
}

/* ---- finishing: regions, sorting, ranks ---------------------------------------------- */

/* "Inner London" is published as "London (Inner)": the same words, the first moved last. */
static int region_of(const struct bench *b, const char *region)
{
    char swapped[160];
    const char *sp = strchr(region, ' ');
    swapped[0] = 0;
    if (sp && strlen(region) < 100)
        snprintf(swapped, sizeof swapped, "%s (%.*s)", sp + 1, (int)(sp - region), region);
    for (int i = 0; i < b->n_areas; i++) {
        const struct bench_area *a = &b->areas[i];
        if (bench_is_authority(a->code))
            continue;
        if (!strcasecmp(a->name, region) || (swapped[0] && !strcasecmp(a->name, swapped)))
            return a->code;
    }
    return 0;
}

static int cmp_measure(const void *x, const void *y)
{
    return strcmp(((const struct bench_measure *)x)->code, ((const struct bench_measure *)y)->code);
}

static int cmp_series(const void *x, const void *y)
{
    const struct bench_series *a = *(struct bench_series *const *)x;
    const struct bench_series *c = *(struct bench_series *const *)y;
    if (a->measure != c->measure)
        return a->measure < c->measure ? -1 : 1;
    if (a->end_year != c->end_year)
        return a->end_year < c->end_year ? -1 : 1;
    return strcmp(a->year, c->year);
}

struct ranked {
    double v;
    int idx;
};

static int cmp_ranked(const void *x, const void *y)
{
    double a = ((const struct ranked *)x)->v, c = ((const struct ranked *)y)->v;
    return a < c ? -1 : a > c;
}

static void rank_series(const struct bench *b, struct bench_series *s)
{
    int pol = b->measures[s->measure].polarity;
    struct ranked r[BENCH_MAX_AREAS];
    int n = 0;
    memset(s->rank, 0, sizeof s->rank);
    s->n_ranked = 0;
    if (pol == BENCH_NEUTRAL)
        return;
    for (int i = 0; i < b->n_areas; i++)
        if (bench_is_authority(b->areas[i].code) && !isnan(s->v[i]))
            r[n++] = (struct ranked){pol == BENCH_HIGH ? -s->v[i] : s->v[i], i};
    qsort(r, (size_t)n, sizeof r[0], cmp_ranked);
    /* standard competition ranking: 1, 2, 2, 4 */
    for (int k = 0; k < n; k++)
        s->rank[r[k].idx] = (short)(k > 0 && r[k].v == r[k - 1].v ? s->rank[r[k - 1].idx] : k + 1);
    s->n_ranked = (short)n;
}

void bench_finish(struct bench *b)
{
    if (b->finished)
        return;
    /* measure indices change with the sort: carry each series' code across */
    int *order = xmalloc((size_t)(b->n_measures ? b->n_measures : 1) * sizeof *order);
    char **codes = xmalloc((size_t)(b->n_measures ? b->n_measures : 1) * sizeof *codes);
    for (int i = 0; i < b->n_measures; i++)
        codes[i] = b->measures[i].code;
    qsort(b->measures, (size_t)b->n_measures, sizeof *b->measures, cmp_measure);
    for (int i = 0; i < b->n_measures; i++) /* old index -> new index */
        for (int j = 0; j < b->n_measures; j++)
            if (b->measures[j].code == codes[i]) {
                order[i] = j;
                break;
            }
    for (int i = 0; i < b->n_series; i++)
        b->series[i]->measure = order[b->series[i]->measure];
    free(order);
    free(codes);
    qsort(b->series, (size_t)b->n_series, sizeof *b->series, cmp_series);
    for (int i = 0; i < b->n_areas; i++)
        b->areas[i].region_area = bench_is_authority(b->areas[i].code)
                                      ? region_of(b, b->areas[i].region) : 0;
    for (int i = 0; i < b->n_series; i++)
        rank_series(b, b->series[i]);
    b->finished = true;
}

/* ---- reading ----------------------------------------------------------------------- */

int bench_measure_index(const struct bench *b, const char *code)
{
    return code ? find_measure(b, code) : -1;
}

const struct bench_measure *bench_measure(const struct bench *b, const char *code)
{
    int i = bench_measure_index(b, code);
    return i < 0 ? NULL : &b->measures[i];
}

const struct bench_area *bench_area(const struct bench *b, int code)
{
    int i = area_idx(b, code);
    return i < 0 ? NULL : &b->areas[i];
}

/* The first series of measure mi in the sorted index, or n_series. */
static int first_series(const struct bench *b, int mi)
{
    int lo = 0, hi = b->n_series;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (b->series[mid]->measure < mi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct bench_series *bench_series(const struct bench *b, int measure, const char *year)
{
    for (int i = first_series(b, measure); i < b->n_series && b->series[i]->measure == measure; i++)
        if (!strcmp(b->series[i]->year, year))
            return b->series[i];
    return NULL;
}

int bench_series_for_year(const struct bench *b, int measure, int end_year,
                          const struct bench_series **out, int max)
{
    int n = 0;
    for (int i = first_series(b, measure); i < b->n_series && b->series[i]->measure == measure; i++)
        if (b->series[i]->end_year == end_year && n < max)
            out[n++] = b->series[i];
    return n;
}

const struct bench_series *bench_series_latest(const struct bench *b, int measure, int end_year)
{
    const struct bench_series *best = NULL;
    for (int i = first_series(b, measure); i < b->n_series && b->series[i]->measure == measure; i++)
        if (!end_year || b->series[i]->end_year <= end_year)
            best = b->series[i];
    return best;
}

/* The part of a year label after the years ("" or " (OT)"), and whether it is a span. */
static const char *label_kind(const char *y, bool *span)
{
    *span = strlen(y) >= 7 && y[4] == '-';
    return *span ? y + 7 : y + 4;
}

const struct bench_series *bench_series_previous(const struct bench *b, const struct bench_series *s)
{
    bool span_s, span_p;
    const char *kind_s = label_kind(s->year, &span_s);
    for (int i = first_series(b, s->measure); i < b->n_series && b->series[i]->measure == s->measure;
         i++) {
        const struct bench_series *p = b->series[i];
        const char *kind_p = label_kind(p->year, &span_p);
        if (p->end_year == s->end_year - 1 && span_p == span_s && !strcmp(kind_p, kind_s))
            return p;
    }
    return NULL;
}

char bench_quartile(int rank, int n)
{
    if (rank < 1 || n < 1 || rank > n)
        return 0;
    return (char)('A' + (rank - 1) * 4 / n);
}

void bench_figure(const struct bench *b, const struct bench_series *s, int la,
                  struct bench_figure *out)
{
    out->value = out->neighbours = out->region = out->england = NAN;
    out->n_neighbours = out->rank = out->n_ranked = out->region_area = 0;
    out->quartile = 0;
    int i = area_idx(b, la);
    int en = area_idx(b, BENCH_ENGLAND);
    if (en >= 0)
        out->england = s->v[en];
    if (i < 0)
        return;
    const struct bench_area *a = &b->areas[i];
    out->value = s->v[i];
    double sum = 0;
    for (int k = 0; k < BENCH_NEIGHBOURS; k++) {
        int j = area_idx(b, a->neighbours[k]);
        if (j >= 0 && !isnan(s->v[j])) {
            sum += s->v[j];
            out->n_neighbours++;
        }
    }
    if (out->n_neighbours)
        out->neighbours = sum / out->n_neighbours;
    out->region_area = a->region_area;
    int r = area_idx(b, a->region_area);
    if (r >= 0)
        out->region = s->v[r];
    out->rank = s->rank[i];
    out->n_ranked = s->n_ranked;
    out->quartile = bench_quartile(out->rank, out->n_ranked);
}

void bench_format(char *out, size_t n, const struct bench_measure *m, double v)
{
    if (isnan(v)) {
        snprintf(out, n, "%s", "");
        return;
    }
    if (m && m->decimals >= 0) {
        snprintf(out, n, "%.*f", m->decimals, v);
        return;
    }
    snprintf(out, n, "%.1f", round(v * 10) / 10);
    size_t len = strlen(out);
    if (len > 2 && !strcmp(out + len - 2, ".0"))
        out[len - 2] = 0;
    if (!strcmp(out, "-0"))
        snprintf(out, n, "0");
}
