/* export_util: temporary files and folders put in place whole, CSV rows and year windows
 * for the exporters (see export_util.h). A failed export must never leave half a return
 * where the user expects a whole one, hence the write-then-rename; nor personal data under
 * a temporary name, hence the removal on failure and the sweep of killed runs' leftovers. */
#define _GNU_SOURCE /* renameat2 */
#include "export_util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/child.h"

/* ---- temporary names and the leftovers of killed runs -------------------------------- */

/* Split path into its folder ("." when none) and last component, less trailing slashes.
 * Both are the caller's to free. HE_INPUT for a path that names no file of its own. */
static int split_path(const char *path, char **dir, char **base, struct err *e)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    *base = xmalloc(n - b + 1);
    memcpy(*base, path + b, n - b);
    (*base)[n - b] = '\0';
    if (b == 0) {
        *dir = xstrdup(".");
    } else {
        size_t d = b - 1;
        while (d > 0 && path[d - 1] == '/')
            d--;
        *dir = xmalloc(d + 2);
        memcpy(*dir, path, d ? d : 1);
        (*dir)[d ? d : 1] = '\0';
    }
    if (!**base || !strcmp(*base, ".") || !strcmp(*base, "..")) {
        free(*dir);
        free(*base);
        *dir = *base = NULL;
        return err_at(e, HE_INPUT, path, 0, NULL,
                      "name the file or folder itself (the export is written beside it and put in "
                      "its place)");
    }
    return HE_OK;
}

static bool all_in(const char *s, size_t n, bool digits_only)
{
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)s[i]) || (!digits_only && isalpha((unsigned char)s[i]))))
            return false;
    return true;
}

bool export_tmp_name(const char *name, const char *base, long *pid)
{
    size_t b = strlen(base);
    *pid = 0;
    if (strncmp(name, base, b) || strncmp(name + b, ".tmp-", 5))
        return false;
    const char *r = name + b + 5;
    size_t n = strlen(r);
    if (n == 6) /* NAME.tmp-XXXXXX, as earlier versions named them */
        return all_in(r, 6, false);
    const char *dash = strchr(r, '-');
    if (!dash || dash == r || dash - r > 10 || strlen(dash + 1) != 6 ||
        !all_in(r, (size_t)(dash - r), true) || !all_in(dash + 1, 6, false))
        return false;
    *pid = strtol(r, NULL, 10);
    return true;
}

/* Remove a folder hearth wrote (its files, then itself); false when something stays. */
static bool remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s/%s", path, de->d_name);
        struct stat st;
        /* only files: a folder or link inside is not one hearth made, and stays */
        if (lstat(p.data, &st) == 0 && S_ISREG(st.st_mode))
            unlink(p.data);
        buf_free(&p);
    }
    closedir(d);
    return rmdir(path) == 0;
}

/* Remove what killed exports to base (in dir) left behind: files and folders under
 * hearth's own temporary names whose process is gone. A live export's are left alone. */
static void sweep(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        long pid;
        if (!export_tmp_name(de->d_name, base, &pid))
            continue;
        if (pid > 0 && (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue; /* its export is still running */
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p.data, &st) == 0) {
            if (S_ISREG(st.st_mode))
                unlink(p.data);
            else if (S_ISDIR(st.st_mode))
                remove_tree(p.data);
        }
        buf_free(&p);
    }
    closedir(d);
}

/* Make the parent's record of a rename durable. */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int err = errno;
    close(fd);
    errno = err;
    return r;
}

/* "PATH.tmp-PID-XXXXXX", for mkstemp or mkdtemp */
static char *tmp_template(const char *path)
{
    struct buf b = BUF_INIT;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    buf_printf(&b, "%.*s.tmp-%ld-XXXXXX", (int)n, path, (long)getpid());
    return buf_detach(&b);
}

/* ---- one file ---------------------------------------------------------------------------- */

int export_tmp_open(struct export_tmp *t, const char *path, struct err *e)
{
    t->path = path;
    t->f = NULL;
    t->tmp = NULL;
    char *dir, *base;
    int rc = split_path(path, &dir, &base, e);
    if (rc != HE_OK)
        return rc;
    sweep(dir, base);
    free(dir);
    free(base);
    t->tmp = tmp_template(path);
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
    } else if (t->tmp) {
        int fd = open(t->tmp, O_RDONLY | O_CLOEXEC);
        ok = fd >= 0 && fsync(fd) == 0;
        err = errno;
        if (fd >= 0)
            close(fd);
    }
    if (ok && export_fault("rename")) {
        ok = false;
        err = EIO;
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
    /* the rename itself must survive a power cut: sync the folder that holds it */
    char *dir, *base;
    if (split_path(t->path, &dir, &base, e) != HE_OK)
        return e->code;
    int r = sync_dir(dir);
    err = errno;
    free(dir);
    free(base);
    if (r != 0)
        return err_at(e, HE_INTERNAL, t->path, 0, NULL, "cannot sync the folder: %s", strerror(err));
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

/* ---- a whole folder ---------------------------------------------------------------------- */

int export_dir_open(struct export_dir *d, const char *path, bool (*ours)(const char *name),
                    struct err *e)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    int rc = split_path(path, &d->parent, &d->base, e);
    if (rc != HE_OK)
        return rc;
    sweep(d->parent, d->base);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            export_dir_abandon(d);
            return err_at(e, HE_INPUT, path, 0, NULL, "is not a folder");
        }
        /* the whole folder is replaced: never take away a file hearth did not write */
        DIR *dd = opendir(path);
        if (!dd) {
            int err = errno;
            export_dir_abandon(d);
            return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the folder: %s", strerror(err));
        }
        struct dirent *de;
        while (rc == HE_OK && (de = readdir(dd))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            if (!ours(de->d_name))
                rc = err_at(e, HE_INPUT, path, 0, NULL,
                            "the folder holds %s, which hearth does not write there: the export "
                            "replaces the whole folder, so move that file out or name another "
                            "folder",
                            de->d_name);
        }
        closedir(dd);
        if (rc != HE_OK) {
            export_dir_abandon(d);
            return rc;
        }
        d->exists = true;
    } else if (errno != ENOENT) {
        int err = errno;
        export_dir_abandon(d);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the folder: %s", strerror(err));
    }
    d->tmp = tmp_template(path);
    if (!mkdtemp(d->tmp)) {
        int err = errno;
        free(d->tmp);
        d->tmp = NULL;
        export_dir_abandon(d);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot make the folder: %s", strerror(err));
    }
    /* mkdtemp makes it private; a return's folder is an ordinary one (0777 less umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (chmod(d->tmp, 0777 & ~mask) != 0) {
        int err = errno;
        export_dir_abandon(d);
        return err_at(e, HE_INTERNAL, path, 0, NULL, "cannot set the folder's mode: %s",
                      strerror(err));
    }
    return HE_OK;
}

int export_dir_write(struct export_dir *d, const char *name, const void *data, size_t len,
                     struct err *e)
{
    struct buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", d->tmp, name);
    int fd = open(p.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int rc = HE_OK;
    if (fd < 0) {
        rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot write %s: %s", name, strerror(errno));
    } else {
        const char *q = data;
        size_t left = len;
        while (rc == HE_OK && left > 0) {
            ssize_t w = write(fd, q, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot write %s: %s", name,
                            strerror(w < 0 ? errno : EIO));
            else
                q += w, left -= (size_t)w;
        }
        if (rc == HE_OK && fsync(fd) != 0)
            rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot sync %s: %s", name, strerror(errno));
        if (close(fd) != 0 && rc == HE_OK)
            rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot write %s: %s", name, strerror(errno));
    }
    buf_free(&p);
    if (rc == HE_OK && export_fault("write"))
        rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot write %s: %s", name, strerror(EIO));
    return rc;
}

int export_dir_commit(struct export_dir *d, struct err *e)
{
    if (sync_dir(d->tmp) != 0) {
        int err = errno;
        export_dir_abandon(d);
        return err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot sync the new folder: %s", strerror(err));
    }
    int r = 0, err = 0;
    if (export_fault("rename")) {
        r = -1;
        err = EIO;
    } else if (d->exists) {
        /* one step: whoever looks sees the old folder or the new one, never a mixture */
        r = renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE);
        err = errno;
        if (r != 0 && (err == EINVAL || err == ENOSYS || err == ENOTSUP)) {
            /* a file system without the exchange: two renames, the old folder kept under the
             * temporary name until the new one is in place */
            char *old = tmp_template(d->path);
            memcpy(old + strlen(old) - 6, "old000", 6); /* still a name the sweep knows */
            r = rename(d->path, old);
            err = errno;
            if (r == 0 && rename(d->tmp, d->path) != 0) {
                err = errno;
                rename(old, d->path);
                r = -1;
            }
            if (r == 0) {
                free(d->tmp);
                d->tmp = old;
            } else {
                free(old);
            }
        }
    } else {
        r = rename(d->tmp, d->path);
        err = errno;
        if (r == 0) {
            free(d->tmp);
            d->tmp = NULL;
        }
    }
    if (r != 0) {
        export_dir_abandon(d);
        return err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot put the new folder in place: %s",
                      strerror(err));
    }
    int rc = HE_OK;
    if (sync_dir(d->parent) != 0)
        rc = err_at(e, HE_INTERNAL, d->path, 0, NULL, "cannot sync the folder: %s", strerror(errno));
    /* d->tmp now holds the old folder (NULL when there was none): it goes */
    if (d->tmp && !remove_tree(d->tmp) && rc == HE_OK)
        rc = err_at(e, HE_INTERNAL, d->path, 0, NULL,
                    "the new folder is in place, but the old one could not be removed from %s",
                    d->tmp);
    free(d->tmp);
    d->tmp = NULL;
    export_dir_abandon(d);
    return rc;
}

void export_dir_abandon(struct export_dir *d)
{
    if (d->tmp) {
        remove_tree(d->tmp);
        free(d->tmp);
    }
    d->tmp = NULL;
    free(d->parent);
    free(d->base);
    d->parent = d->base = NULL;
}

bool export_fault(const char *where)
{
#ifdef HEARTH_TEST_FAULTS
    const char *f = getenv("HEARTH_TEST_EXPORT_FAULT");
    if (f && !strncmp(f, "kill:", 5) && !strcmp(f + 5, where))
        raise(SIGKILL); /* as a power cut or kill -9 would stop the export */
    return f && !strcmp(f, where);
#else
    (void)where;
    return false;
#endif
}

/* ---- what blocks a return ------------------------------------------------------------- */

void export_blocks_child(struct export_blocks *b)
{
    b->child_blocked = false;
}

void export_block(struct export_blocks *b, const char *id, const char *field, const char *msg)
{
    if (b->n_problems++ == 0)
        err_at(&b->first, HE_INPUT, NULL, 0, field, "child %s: %s", id, msg);
    buf_printf(&b->lines, "child %s: %s\n", id, msg);
    if (!b->child_blocked) {
        b->child_blocked = true;
        b->n_children++;
    }
}

int export_blocked(const struct export_blocks *b, const char *ret, struct buf *out, struct err *e)
{
    if (!b->n_problems)
        return HE_OK;
    if (out)
        buf_add(out, b->lines.data, b->lines.len);
    if (b->n_problems == 1) {
        *e = b->first;
        return HE_INPUT;
    }
    struct buf m = BUF_INIT;
    buf_printf(&m, "%zu %s cannot go in the %s as recorded (%zu problems); nothing was written",
               b->n_children, b->n_children == 1 ? "child" : "children", ret, b->n_problems);
    if (out) {
        buf_adds(&m, ". Each is listed above");
    } else {
        buf_adds(&m, ": ");
        for (size_t i = 0; i < b->lines.len; i++)
            buf_addc(&m, b->lines.data[i] == '\n' ? ';' : b->lines.data[i]);
    }
    err_at(e, HE_INPUT, NULL, 0, b->first.field[0] ? b->first.field : NULL, "%s", m.data);
    buf_free(&m);
    return HE_INPUT;
}

void export_blocks_free(struct export_blocks *b)
{
    buf_free(&b->lines);
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
