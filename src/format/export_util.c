/* export_util: temporary files renamed into place, CSV rows and year windows for the
 * exporters (see export_util.h). A failed export must never leave half a return where
 * the user expects a whole one, hence the write-then-rename. */
#include "export_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/child.h"

int export_tmp_open(struct export_tmp *t, const char *path, struct err *e)
{
    t->path = path;
    t->f = NULL;
    size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
    t->tmp = xmalloc(n);
    snprintf(t->tmp, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(t->tmp);
    if (fd < 0) {
        int err = errno;
        free(t->tmp);
        t->tmp = NULL;
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot write the file: %s", strerror(err));
    }
    /* mkstemp makes the file private; a return is an ordinary file (mode 0666 less umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) {
        int err = errno;
        close(fd);
        export_tmp_abandon(t);
        return err_at(e, HE_INTERNAL, path, 0, NULL, "cannot set the file's mode: %s", strerror(err));
    }
    t->f = fdopen(fd, "wb");
    if (!t->f) {
        close(fd);
        export_tmp_abandon(t);
        return err_at(e, HE_INTERNAL, path, 0, NULL, "cannot open a stream on the file");
    }
    return HE_OK;
}

int export_tmp_commit(struct export_tmp *t, struct err *e)
{
    bool ok = true;
    int err = 0;
    if (t->f) { /* NULL when a library wrote the file by name */
        ok = fflush(t->f) == 0 && !ferror(t->f) && fsync(fileno(t->f)) == 0;
        err = errno;
        ok = fclose(t->f) == 0 && ok;
        t->f = NULL;
    }
    if (ok && rename(t->tmp, t->path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        export_tmp_abandon(t);
        return err_at(e, HE_INTERNAL, t->path, 0, NULL, "cannot finish writing the file: %s",
                      strerror(err));
    }
    free(t->tmp);
    t->tmp = NULL;
    return HE_OK;
}

void export_tmp_abandon(struct export_tmp *t)
{
    if (t->f)
        fclose(t->f);
    t->f = NULL;
    if (t->tmp) {
        unlink(t->tmp);
        free(t->tmp);
    }
    t->tmp = NULL;
}

void export_csv_row(struct buf *b, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        const char *v = fields[i] ? fields[i] : "";
        if (i)
            buf_addc(b, ',');
        if (strpbrk(v, ",\"\r\n")) {
            buf_addc(b, '"');
            for (const char *p = v; *p; p++) {
                if (*p == '"')
                    buf_addc(b, '"');
                buf_addc(b, *p);
            }
            buf_addc(b, '"');
        } else {
            buf_adds(b, v);
        }
    }
    buf_addc(b, '\n');
}

void export_year_window(int year, day_t *first, day_t *last)
{
    *first = date_from_ymd(year - 1, 4, 1);
    *last = date_from_ymd(year, 3, 31);
}

bool export_open_in(day_t start, day_t end, day_t first, day_t last)
{
    return start != DAY_NONE && start <= last && (end == DAY_NONE || end >= first);
}

static int by_child_id(const void *a, const void *b)
{
    const struct export_kid *p = a, *q = b;
    int r = strcmp(p->la_child_id, q->la_child_id);
    return r ? r : (p->id > q->id) - (p->id < q->id);
}

int export_cohort_sorted(struct store *s, enum store_cohort which, day_t first, day_t last,
                         struct export_kid **out, size_t *n, struct err *e)
{
    rec_id *ids = NULL;
    size_t m = 0;
    int rc = store_cohort(s, which, first, last, &ids, &m, e);
    if (rc != HE_OK)
        return rc;
    struct export_kid *k = xcalloc(m ? m : 1, sizeof *k);
    struct child_file *batch = xcalloc(EXPORT_BATCH, sizeof *batch);
    /* only the LAchildIDs are needed to sort: the people alone, a batch at a time */
    for (size_t i = 0; i < m && rc == HE_OK; i += EXPORT_BATCH) {
        size_t nb = m - i < EXPORT_BATCH ? m - i : EXPORT_BATCH;
        rc = store_load_children(s, ids + i, nb, STORE_LOAD_PERSON, batch, e);
        for (size_t j = 0; rc == HE_OK && j < nb; j++) {
            k[i + j].id = ids[i + j];
            k[i + j].la_child_id = xstrdup(batch[j].person.la_child_id ? batch[j].person.la_child_id : "");
            child_file_free(&batch[j]);
        }
    }
    free(batch);
    free(ids);
    if (rc != HE_OK) {
        for (size_t i = 0; i < m; i++)
            free(k[i].la_child_id);
        free(k);
        return rc;
    }
    qsort(k, m, sizeof *k, by_child_id);
    *out = k;
    *n = m;
    return HE_OK;
}


void export_kids_free(struct export_kid *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(k[i].la_child_id);
    free(k);
}

void export_walk_start(struct export_walk *w, struct store *s, const struct export_kid *kids, size_t n)
{
    *w = (struct export_walk){.s = s, .kids = kids, .n = n};
    w->batch = xcalloc(EXPORT_BATCH, sizeof *w->batch);
}

int export_walk_next(struct export_walk *w, struct child_file **c, struct err *e)
{
    *c = NULL;
    if (w->at == w->nb) {
        for (size_t i = 0; i < w->nb; i++)
            child_file_free(&w->batch[i]);
        w->nb = w->at = 0;
        if (w->next == w->n)
            return HE_OK;
        rec_id ids[EXPORT_BATCH];
        size_t nb = w->n - w->next < EXPORT_BATCH ? w->n - w->next : EXPORT_BATCH;
        for (size_t i = 0; i < nb; i++)
            ids[i] = w->kids[w->next + i].id;
        int rc = store_load_children(w->s, ids, nb, STORE_LOAD_ALL, w->batch, e);
        if (rc != HE_OK)
            return rc;
        w->nb = nb;
        w->next += nb;
    }
    *c = &w->batch[w->at++];
    return HE_OK;
}

void export_walk_end(struct export_walk *w)
{
    for (size_t i = 0; w->batch && i < w->nb; i++)
        child_file_free(&w->batch[i]);
    free(w->batch);
    w->batch = NULL;
    w->nb = w->at = 0;
}
