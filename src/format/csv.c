/* csv: streaming RFC 4180 reader. Owns a large read buffer (bytes from the file) and a
 * record buffer (the unquoted fields of the current record, NUL-separated); both are
 * reused for every record, so reading a file allocates only while records grow. It must
 * never stop on a buffer boundary: every scan resumes after a refill. */
#include "csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/input.h"

#define READ_SIZE (1u << 20)

struct csv {
    FILE *f;
    bool own; /* csv_open opened f, so csv_close closes it */
    char *name;
    unsigned char *buf;
    size_t pos, end;
    long long consumed; /* file bytes before buf[0] */
    bool eof, started;
    long line; /* line the next unread byte is on */
    char *rec;
    size_t rec_len, rec_cap;
    struct csv_field *fields;
    size_t nf, fcap;
};

/* Bytes that end a scan; a 256-byte table keeps the inner loops branch-light. Constant,
 * so that files read on several threads at once share it safely. */
static const unsigned char stop_unquoted[256] = {[','] = 1, ['\r'] = 1, ['\n'] = 1, [0] = 1};
static const unsigned char stop_quoted[256] = {['"'] = 1, ['\n'] = 1, [0] = 1};

static int open_common(FILE *f, bool own, const char *name, struct csv **out, struct err *e)
{
    struct csv *c = xcalloc(1, sizeof *c);
    c->f = f;
    c->own = own;
    c->name = xstrdup(name ? name : "");
    c->buf = xmalloc(READ_SIZE);
    c->line = 1;
    c->rec_cap = 4096;
    c->rec = xmalloc(c->rec_cap);
    c->fcap = 64;
    c->fields = xmalloc(c->fcap * sizeof *c->fields);
    *out = c;
    return HE_OK;
}

int csv_open(const char *path, struct csv **out, struct err *e)
{
    *out = NULL;
    int fd;
    int rc = input_open_regular(path, &fd, NULL, e);
    if (rc != HE_OK)
        return rc;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int err = errno;
        close(fd);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot open the file: %s", strerror(err));
    }
    /* we read in large blocks ourselves: stdio's own buffer would only add a copy */
    setvbuf(f, NULL, _IONBF, 0);
    return open_common(f, true, path, out, e);
}

int csv_open_stream(FILE *f, const char *name, struct csv **out, struct err *e)
{
    return open_common(f, false, name, out, e);
}

void csv_close(struct csv *c)
{
    if (!c)
        return;
    if (c->own && c->f)
        fclose(c->f);
    free(c->name);
    free(c->buf);
    free(c->rec);
    free(c->fields);
    free(c);
}

long long csv_offset(const struct csv *c)
{
    return c->consumed + (long long)c->pos;
}

/* fill() when the buffer is used up: the next block of the file. */
static int refill(struct csv *c, struct err *e)
{
    if (c->eof)
        return 0;
    c->consumed += (long long)c->end;
    c->pos = c->end = 0;
    size_t n = fread(c->buf, 1, READ_SIZE, c->f);
    if (n < READ_SIZE) {
        if (ferror(c->f)) {
            err_at(e, HE_INTERNAL, c->name, c->line, NULL, "cannot read the file: %s",
                   strerror(errno));
            return -1;
        }
        c->eof = true;
    }
    c->end = n;
    if (!c->started) {
        c->started = true;
        if (n >= 3 && c->buf[0] == 0xEF && c->buf[1] == 0xBB && c->buf[2] == 0xBF)
            c->pos = 3;
        if (c->pos == c->end)
            return c->eof ? 0 : refill(c, e);
    }
    return n > 0 ? 1 : 0;
}

/* Make at least one unread byte available. 1: there is one; 0: end of file; -1: error.
 * Called several times a field: the usual answer is kept out of line of the reading. */
static inline int fill(struct csv *c, struct err *e)
{
    return c->pos < c->end ? 1 : refill(c, e);
}

static int too_long(struct csv *c, long start_line, struct err *e)
{
    return err_at(e, HE_INPUT, c->name, start_line, NULL,
                  "the record starting here is over %u MB long: a quote may never close, or "
                  "this is not a CSV file",
                  CSV_MAX_RECORD >> 20);
}

/* append()'s room for n more bytes and a NUL, when the record outgrows its buffer. */
static int grow_rec(struct csv *c, size_t n, long start_line, struct err *e)
{
    size_t cap = c->rec_cap;
    while (c->rec_len + n + 1 > cap)
        cap *= 2;
    if (cap > CSV_MAX_RECORD + 1) {
        if (c->rec_len + n + 1 > CSV_MAX_RECORD + 1)
            return too_long(c, start_line, e);
        cap = CSV_MAX_RECORD + 1;
    }
    c->rec = xrealloc(c->rec, cap);
    c->rec_cap = cap;
    return HE_OK;
}

static inline int append(struct csv *c, const unsigned char *p, size_t n, long start_line,
                         struct err *e)
{
    if (c->rec_len + n + 1 > c->rec_cap && grow_rec(c, n, start_line, e) != HE_OK)
        return e->code;
    memcpy(c->rec + c->rec_len, p, n);
    c->rec_len += n;
    return HE_OK;
}

static int nul_byte(struct csv *c, struct err *e)
{
    return err_at(e, HE_INPUT, c->name, c->line, NULL,
                  "the file holds a NUL byte: it is not a text CSV (a spreadsheet saved "
                  "under a .csv name?)");
}

/* Skip spaces and tabs; returns fill()'s answer for the byte after them. */
static int skip_blanks(struct csv *c, struct err *e)
{
    for (;;) {
        int r = fill(c, e);
        if (r <= 0)
            return r;
        while (c->pos < c->end && (c->buf[c->pos] == ' ' || c->buf[c->pos] == '\t'))
            c->pos++;
        if (c->pos < c->end)
            return 1;
    }
}

static int scan_unquoted(struct csv *c, long start_line, struct err *e)
{
    for (;;) {
        const unsigned char *s = c->buf + c->pos, *lim = c->buf + c->end, *q = s;
        while (q < lim && !stop_unquoted[*q])
            q++;
        if (q > s && append(c, s, (size_t)(q - s), start_line, e) != HE_OK)
            return e->code;
        c->pos = (size_t)(q - c->buf);
        if (q < lim) {
            if (*q == 0)
                return nul_byte(c, e);
            return HE_OK;
        }
        int r = fill(c, e);
        if (r < 0)
            return e->code;
        if (r == 0)
            return HE_OK;
    }
}

/* Called with the opening quote consumed; leaves pos after the closing quote. */
static int scan_quoted(struct csv *c, long start_line, struct err *e)
{
    for (;;) {
        int r = fill(c, e);
        if (r < 0)
            return e->code;
        if (r == 0)
            return err_at(e, HE_INPUT, c->name, start_line, NULL,
                          "a quoted field opened on this line never closes (an odd number of "
                          "double quotes)");
        const unsigned char *s = c->buf + c->pos, *lim = c->buf + c->end, *q = s;
        while (q < lim && !stop_quoted[*q])
            q++;
        if (q > s && append(c, s, (size_t)(q - s), start_line, e) != HE_OK)
            return e->code;
        c->pos = (size_t)(q - c->buf);
        if (q == lim)
            continue;
        if (*q == 0)
            return nul_byte(c, e);
        c->pos++;
        if (*q == '\n') {
            c->line++;
            if (append(c, q, 1, start_line, e) != HE_OK)
                return e->code;
            continue;
        }
        /* a quote: doubled means a literal quote, otherwise the field is over */
        r = fill(c, e);
        if (r < 0)
            return e->code;
        if (r > 0 && c->buf[c->pos] == '"') {
            c->pos++;
            if (append(c, (const unsigned char *)"\"", 1, start_line, e) != HE_OK)
                return e->code;
            continue;
        }
        return HE_OK;
    }
}

static void push_field(struct csv *c, size_t off, size_t len, bool quoted)
{
    if (c->nf == c->fcap) {
        c->fcap *= 2;
        c->fields = xrealloc(c->fields, c->fcap * sizeof *c->fields);
    }
    /* offsets for now: rec may move while the record grows */
    c->fields[c->nf].p = (const char *)(uintptr_t)off;
    c->fields[c->nf].len = len;
    c->fields[c->nf].quoted = quoted;
    c->nf++;
}

int csv_next(struct csv *c, const struct csv_field **fields, size_t *n, long *line,
             struct err *e)
{
    *fields = NULL;
    *n = 0;
    for (;;) {
        int r = fill(c, e);
        if (r < 0)
            return e->code;
        if (r == 0)
            return HE_OK;
        long start_line = c->line;
        *line = start_line;
        c->rec_len = 0;
        c->nf = 0;
        bool ended = false;
        while (!ended) {
            size_t off;
            bool quoted = false;
            r = skip_blanks(c, e);
            if (r < 0)
                return e->code;
            if (r > 0 && c->buf[c->pos] == '"') {
                quoted = true;
                c->pos++;
                off = c->rec_len;
                if (scan_quoted(c, start_line, e) != HE_OK)
                    return e->code;
                r = skip_blanks(c, e);
                if (r < 0)
                    return e->code;
                if (r > 0) {
                    unsigned char ch = c->buf[c->pos];
                    if (ch != ',' && ch != '\r' && ch != '\n')
                        return err_at(e, HE_INPUT, c->name, c->line, NULL,
                                      "text after a closing double quote (field %zu): a quote "
                                      "inside a quoted field must be doubled (\"\")",
                                      c->nf + 1);
                }
            } else {
                off = c->rec_len;
                if (r > 0 && scan_unquoted(c, start_line, e) != HE_OK)
                    return e->code;
                while (c->rec_len > off &&
                       (c->rec[c->rec_len - 1] == ' ' || c->rec[c->rec_len - 1] == '\t'))
                    c->rec_len--;
            }
            size_t len = c->rec_len - off;
            if (append(c, (const unsigned char *)"", 1, start_line, e) != HE_OK)
                return e->code;
            push_field(c, off, len, quoted);
            /* what ended the field: a comma, a line end, or the end of the file */
            r = fill(c, e);
            if (r < 0)
                return e->code;
            if (r == 0)
                break;
            unsigned char ch = c->buf[c->pos++];
            if (ch == ',')
                continue;
            ended = true;
            c->line++;
            if (ch == '\r') {
                r = fill(c, e);
                if (r < 0)
                    return e->code;
                if (r > 0 && c->buf[c->pos] == '\n')
                    c->pos++;
            }
        }
        if (c->nf == 1 && c->fields[0].len == 0 && !c->fields[0].quoted)
            continue; /* a blank line */
        for (size_t i = 0; i < c->nf; i++)
            c->fields[i].p = c->rec + (uintptr_t)c->fields[i].p;
        *fields = c->fields;
        *n = c->nf;
        return HE_OK;
    }
}
