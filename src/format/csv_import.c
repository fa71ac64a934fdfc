/* csv_import: the pass over a CSV file and the small caches the two CSV importers share
 * (see csv_import.h). */
#include "csv_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/input.h"
#include "pipe.h"

/* The pipeline's consumer, on the store thread: one checked row into the store. */
static int store_row(void *ctx, const void *item, size_t size, struct err *e)
{
    const struct csv_import *ci = ctx;
    const struct csv_side *s = &ci->store;
    pipe_row_view(item, s->line, ci->ncols, s->v, s->len, s->day);
    return ci->put(s->ctx, e);
}

/* The column names of the heading row, for messages about a field. */
struct heads {
    char name[128][64];
    size_t n;
};

/* Every field of every format is held to the same two rules as the XML importer's text:
 * UTF-8 (libxml2 refuses anything else) and at most INPUT_MAX_VALUE bytes. */
static int check_text(const struct csv_import *ci, const struct heads *h, const struct csv_field *f,
                      size_t n, long line, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        size_t bad = 0;
        bool long_ = f[i].len > INPUT_MAX_VALUE;
        if (!long_ && input_utf8_valid(f[i].p, f[i].len, &bad))
            continue;
        /* the field's name only for the message: every field of every row passes here */
        const char *col = h && i < h->n && h->name[i][0] ? h->name[i] : NULL;
        char where[96];
        if (col)
            snprintf(where, sizeof where, "%s", col);
        else
            snprintf(where, sizeof where, "field %zu", i + 1);
        if (long_)
            return err_at(e, HE_INPUT, ci->path, line, col, "%s is longer than %d characters",
                          where, INPUT_MAX_VALUE);
        else
            return err_at(e, HE_INPUT, ci->path, line, col,
                          "%s is not UTF-8 text (byte %zu, 0x%02X): save the file as UTF-8 "
                          "(CSV UTF-8 in a spreadsheet)",
                          where, bad + 1, (unsigned char)f[i].p[bad]);
    }
    return HE_OK;
}

/* The next record, its line that of the file it came from when the table was made from
 * another (ci->lines). */
static int next_row(const struct csv_import *ci, struct csv *c, const struct csv_field **f,
                    size_t *n, long *line, struct err *e)
{
    int rc = csv_next(c, f, n, line, e);
    if (!ci->lines)
        return rc;
    if (rc == HE_OK && *n > 0 && *line > 0 && (size_t)*line < ci->nlines)
        *line = ci->lines[*line];
    else if (rc != HE_OK && e->line > 0 && (size_t)e->line < ci->nlines)
        e->line = ci->lines[e->line];
    return rc;
}

int csv_import_pass(const struct csv_import *ci, bool put, long *rows, struct err *e)
{
    struct csv *c = NULL;
    const struct csv_field *f;
    size_t n;
    long *line = ci->reader.line;
    FILE *mem = NULL;
    int rc;
    if (ci->data) {
        mem = fmemopen((void *)ci->data, ci->len, "r");
        if (!mem)
            return err_at(e, HE_INTERNAL, ci->path, 0, NULL, "cannot read the table in memory");
        rc = csv_open_stream(mem, ci->path, &c, e);
    } else
        rc = csv_open(ci->path, &c, e);
    if (rc != HE_OK) {
        if (mem)
            fclose(mem);
        return rc;
    }
    rc = next_row(ci, c, &f, &n, line, e);
    if (rc == HE_OK && n == 0)
        rc = err_at(e, HE_INPUT, ci->path, 0, NULL, "the file is empty: expected a %s",
                    ci->heading);
    struct heads *heads = NULL;
    if (rc == HE_OK)
        rc = check_text(ci, NULL, f, n, *line, e);
    if (rc == HE_OK) {
        heads = xcalloc(1, sizeof *heads);
        heads->n = n < 128 ? n : 128;
        for (size_t i = 0; i < heads->n; i++)
            snprintf(heads->name[i], sizeof heads->name[i], "%.*s",
                     (int)(f[i].len < 63 ? f[i].len : 63), f[i].p);
        rc = ci->header(ci->reader.ctx, f, n, e);
    }
    *rows = 0;
    struct pipe *pp = NULL;
    if (rc == HE_OK && put) {
        /* the store thread works on its own state, row values coming through the pipe */
        ci->share(ci->store.ctx, ci->reader.ctx);
        rc = pipe_start(&pp, store_row, (void *)ci, ci->im->pipe_threads, e);
        if (rc == HE_OK)
            pipe_lock_store(pp, ci->im->store_lock);
    }
    while (rc == HE_OK) {
        rc = next_row(ci, c, &f, &n, line, e);
        if (rc != HE_OK || n == 0)
            break;
        rc = check_text(ci, heads, f, n, *line, e);
        if (rc == HE_OK)
            rc = ci->check(ci->reader.ctx, f, n, e);
        if (rc == CSV_ROW_SKIP) {
            rc = HE_OK;
            continue;
        }
        if (rc != HE_OK)
            break;
        (*rows)++;
        if (put) {
            ci->im->records++;
            rc = pipe_put_row(pp, *line, ci->ncols, ci->reader.v, ci->reader.len,
                              ci->reader.day);
            if ((*rows & 4095) == 0)
                importer_progress(ci->im, csv_offset(c));
        }
    }
    if (pp) {
        /* every row read before an error is stored first: a store error among them is the
         * one a one-thread import would have met first */
        struct err se;
        err_clear(&se);
        int src = pipe_finish(pp, &se);
        if (src != HE_OK) {
            *e = se;
            rc = src;
        }
    }
    free(heads);
    csv_close(c);
    if (mem)
        fclose(mem);
    return rc;
}

int csv_import_failed(const char *path, long line, struct err *e)
{
    if (e->file[0] == '\0') {
        snprintf(e->file, sizeof e->file, "%s", path);
        e->line = line;
    }
    return e->code ? e->code : HE_INTERNAL;
}

void csv_last_person_free(struct csv_last_person *lp)
{
    buf_free(&lp->child);
    lp->have = false;
}

int csv_put_person(struct importer *im, int year, struct csv_last_person *lp, bool cached,
                   const struct person *p, rec_id *id, const char *path, long line,
                   struct err *e)
{
    size_t n = strlen(p->la_child_id);
    if (cached && lp->have && lp->child.len == n && memcmp(lp->child.data, p->la_child_id, n) == 0 &&
        lp->dob == p->dob && lp->sex == p->sex) {
        *id = lp->id;
        return HE_OK;
    }
    enum put_outcome o;
    if (store_put_person(im->store, year, p, id, &o, e) != HE_OK)
        return csv_import_failed(path, line, e);
    importer_count(im, RK_PERSON, o);
    buf_reset(&lp->child);
    buf_add(&lp->child, p->la_child_id, n);
    lp->dob = p->dob;
    lp->sex = p->sex;
    lp->id = *id;
    lp->have = true;
    return HE_OK;
}

bool csv_asked_find(const struct csv_asked *a, const char *name, int *k)
{
    for (int i = 0; i < a->n; i++)
        if (a->name[i] == name) {
            *k = a->k[i];
            return true;
        }
    return false;
}

int csv_asked_keep(struct csv_asked *a, const char *name, int k)
{
    if (a->n < CSV_ASKED_MAX) {
        a->name[a->n] = name;
        a->k[a->n++] = k;
    }
    return k;
}

void csv_pick_offer(struct csv_pick *p, int which, int score)
{
    if (p->best < 0 || score > p->score) {
        p->best = which;
        p->score = score;
        p->tie = false;
    } else if (score == p->score) {
        p->tie = true;
    }
}

int csv_pick_best(const struct csv_pick *p)
{
    return p->tie ? -1 : p->best;
}
