/* buf: hearth's one growable byte buffer (like git's strbuf). Always NUL-terminated,
 * length explicit. Used for building SQL-free text: output, XML, CSV, paths.
 * Owner: whoever declared the struct buf; release with buf_free(). */
#ifndef HEARTH_BUF_H
#define HEARTH_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; NULL until first write */
    size_t len;
    size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/* All growth aborts the process only on out-of-memory (abort(), never exit()). */
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);         /* len = 0, keeps memory */
void buf_free(struct buf *b);          /* releases memory, back to BUF_INIT */
const char *buf_str(const struct buf *b); /* "" when empty */
char *buf_detach(struct buf *b);       /* caller owns the returned string (free()) */

/* Allocation helpers that abort on out-of-memory, so callers need not check. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
