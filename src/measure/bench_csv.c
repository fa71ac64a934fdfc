/* measure/bench_csv: the published figures' files read into a struct bench (bench.h), with
 * the reader of format/csv.h: the DfE's own four files as `hearth benchmarks load` takes
 * them, and the reshaped values file shipped in data/benchmarks/ (one row per measure and
 * year, one column per area: a seventh of the size of the DfE's one row per figure, and a
 * new year is a block of new rows). The shipped copy is compiled into the program
 * (tools/gen-bench-c.sh) and read from memory the same way. */
#include <stdlib.h>
#include <string.h>

#include "../format/csv.h"
#include "../util/buf.h"
#include "bench.h"
#include "bench_csv.h"
#include "bench_data.h"

static const char *const headers[BENCH_FILE_N][4] = {
    [BENCH_MEASURES] = {"measure", "topic", "name", "polarity"},
    [BENCH_AREAS] = {"area", "name", "region", NULL},
    [BENCH_NEIGHBOURS_FILE] = {"la_number", "la_name", "region", "sn1"},
    [BENCH_VALUES] = {"measure", "year", "area", "value"},
    [BENCH_VALUES_WIDE] = {"measure", "year", NULL, NULL},
};
static const size_t widths[BENCH_FILE_N] = {
    [BENCH_MEASURES] = 7, [BENCH_AREAS] = 3, [BENCH_NEIGHBOURS_FILE] = 23, [BENCH_VALUES] = 4,
    [BENCH_VALUES_WIDE] = 0,
};

const char *const bench_file_names[BENCH_FILE_N] = {
    [BENCH_MEASURES] = "measures.csv",
    [BENCH_AREAS] = "areas.csv",
    [BENCH_NEIGHBOURS_FILE] = "statistical-neighbours.csv",
    [BENCH_VALUES] = "values.csv",
    [BENCH_VALUES_WIDE] = "values.csv",
};

static int check_header(enum bench_file kind, const struct csv_field *f, size_t n, const char *name,
                        struct err *e)
{
    for (int i = 0; i < 4 && headers[kind][i]; i++)
        if ((size_t)i >= n || strcmp(f[i].p, headers[kind][i]) != 0)
            return err_at(e, HE_INPUT, name, 1, NULL, "the first line must name the columns %s%s%s%s%s%s%s...",
                          headers[kind][0], headers[kind][1] ? ", " : "",
                          headers[kind][1] ? headers[kind][1] : "", headers[kind][2] ? ", " : "",
                          headers[kind][2] ? headers[kind][2] : "", headers[kind][3] ? ", " : "",
                          headers[kind][3] ? headers[kind][3] : "");
    if (widths[kind] && n != widths[kind])
        return err_at(e, HE_INPUT, name, 1, NULL, "the first line must have %zu columns, not %zu",
                      widths[kind], n);
    if (kind == BENCH_NEIGHBOURS_FILE)
        for (int k = 0; k < BENCH_NEIGHBOURS; k++) {
            char sn[16];
            snprintf(sn, sizeof sn, "sn%d", k + 1);
            if (strcmp(f[3 + 2 * k].p, sn) != 0)
                return err_at(e, HE_INPUT, name, 1, NULL, "column %d must be %s", 4 + 2 * k, sn);
        }
    if (kind == BENCH_VALUES_WIDE && n < 3)
        return err_at(e, HE_INPUT, name, 1, NULL, "no area columns after measure and year");
    return HE_OK;
}

int bench_read(struct bench *b, enum bench_file kind, FILE *in, const char *name, struct err *e)
{
    struct csv *c;
    int rc = csv_open_stream(in, name, &c, e);
    if (rc != HE_OK)
        return rc;
    const struct csv_field *f;
    size_t n, n_head = 0;
    long line;
    char **areas = NULL; /* the wide file's area columns */
    bool first = true;
    while ((rc = csv_next(c, &f, &n, &line, e)) == HE_OK && n > 0) {
        if (first) {
            first = false;
            if ((rc = check_header(kind, f, n, name, e)) != HE_OK)
                break;
            n_head = n;
            if (kind == BENCH_VALUES_WIDE) {
                areas = xcalloc(n, sizeof *areas);
                for (size_t i = 2; i < n; i++)
                    areas[i] = xstrdup(f[i].p);
            }
            continue;
        }
        if (n != n_head) {
            rc = err_at(e, HE_INPUT, name, line, NULL, "%zu columns where the first line has %zu", n,
                        n_head);
            break;
        }
        switch (kind) {
        case BENCH_MEASURES:
            rc = bench_add_measure(b, f[0].p, f[1].p, f[2].p, f[3].p, f[4].p, f[5].p, f[6].p, e);
            break;
        case BENCH_AREAS:
            rc = bench_add_area(b, f[0].p, f[1].p, f[2].p, e);
            break;
        case BENCH_NEIGHBOURS_FILE: {
            const char *sn[BENCH_NEIGHBOURS];
            for (int k = 0; k < BENCH_NEIGHBOURS; k++)
                sn[k] = f[3 + 2 * k].p;
            rc = bench_add_neighbours(b, f[0].p, sn, e);
            break;
        }
        case BENCH_VALUES:
            rc = bench_add_value(b, f[0].p, f[1].p, f[2].p, f[3].p, e);
            break;
        case BENCH_VALUES_WIDE:
            for (size_t i = 2; i < n && rc == HE_OK; i++)
                if (*f[i].p) /* empty: not published for that area */
                    rc = bench_add_value(b, f[0].p, f[1].p, areas[i], f[i].p, e);
            break;
        default:
            rc = err_set(e, HE_INTERNAL, "unknown kind of file");
        }
        if (rc != HE_OK) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            err_at(e, rc, name, line, NULL, "%s", msg);
            break;
        }
    }
    if (rc == HE_OK && first)
        rc = err_at(e, HE_INPUT, name, 0, NULL, "the file is empty");
    if (areas)
        for (size_t i = 0; i < n_head; i++)
            free(areas[i]);
    free(areas);
    csv_close(c);
    return rc;
}

int bench_read_file(struct bench *b, enum bench_file kind, const char *path, struct err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot be opened");
    int rc = bench_read(b, kind, f, path, e);
    fclose(f);
    return rc;
}

static int read_memory(struct bench *b, enum bench_file kind, const char *text, size_t len,
                       const char *name, struct err *e)
{
    FILE *f = fmemopen((void *)text, len, "r");
    if (!f)
        return err_set(e, HE_INTERNAL, "cannot read the shipped %s", name);
    int rc = bench_read(b, kind, f, name, e);
    fclose(f);
    return rc;
}

int bench_load_shipped(struct bench *b, struct err *e)
{
    int rc = read_memory(b, BENCH_MEASURES, bench_data_measures, bench_data_measures_len,
                         "data/benchmarks/measures.csv", e);
    if (rc == HE_OK)
        rc = read_memory(b, BENCH_AREAS, bench_data_areas, bench_data_areas_len,
                         "data/benchmarks/areas.csv", e);
    if (rc == HE_OK)
        rc = read_memory(b, BENCH_NEIGHBOURS_FILE, bench_data_neighbours, bench_data_neighbours_len,
                         "data/benchmarks/statistical-neighbours.csv", e);
    if (rc == HE_OK)
        rc = read_memory(b, BENCH_VALUES_WIDE, bench_data_values, bench_data_values_len,
                         "data/benchmarks/values.csv", e);
    return rc;
}

/* A field as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
static void put_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* A value written back exactly as a number reads: the shortest of %.15g. */
void bench_value_text(char out[32], double v)
{
    if (v != v) {
        snprintf(out, 32, "-");
        return;
    }
    snprintf(out, 32, "%.15g", v);
}

int bench_write_wide(const struct bench *b, FILE *out, struct err *e)
{
    fputs("measure,year", out);
    for (int i = 0; i < b->n_areas; i++)
        fprintf(out, ",%d", b->areas[i].code);
    fputs("\n", out);
    for (int s = 0; s < b->n_series; s++) {
        const struct bench_series *se = b->series[s];
        put_field(out, b->measures[se->measure].code);
        fputc(',', out);
        put_field(out, se->year);
        for (int i = 0; i < b->n_areas; i++) {
            char v[32];
            bench_value_text(v, se->v[i]);
            fprintf(out, ",%s", v);
        }
        fputc('\n', out);
    }
    if (fflush(out) != 0 || ferror(out))
        return err_set(e, HE_INTERNAL, "could not write the values");
    return HE_OK;
}
