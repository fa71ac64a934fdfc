/* documents (store): files attached to a child's record, on the portable db.h layer
 * (store_documents.c), held by migration 16 (schema_documents.c). A document belongs to one
 * child and is about the child, one of the child's case notes, meetings or plans. Its bytes
 * are kept as chunks of DOC_CHUNK bytes and its SHA-256 beside them: doc_add reads the
 * bytes from a file descriptor a chunk at a time and stores them in one transaction (all
 * of it or nothing); doc_read hands them back a chunk at a time and says whether they still
 * match the hash. Listing reads the rows of what documents are, never their bytes.
 * Who may open a document is the record's question (trust.h): the caller checks the child
 * first, then asks for the document through the child (a document of another child is not
 * found). The kind is the caller's finding from the content (format/doc_sniff.h); the
 * store refuses what the database must never hold (no bytes, an unknown kind, a note,
 * meeting or plan that is not this child's) with HE_INPUT and e->field naming the field.
 * Ownership: nothing is allocated for the caller; strings passed in are copied. */
#ifndef HEARTH_STORE_DOCUMENTS_H
#define HEARTH_STORE_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "store.h"

#define DOC_CHUNK (256 * 1024)
#define DOC_NAME_MAX 200

/* What a document is about. */
enum doc_about { DOC_ABOUT_CHILD, DOC_ABOUT_NOTE, DOC_ABOUT_MEETING, DOC_ABOUT_PLAN };
const char *doc_about_key(enum doc_about a);         /* "child", "note", ... */
bool doc_about_parse(const char *key, enum doc_about *a);

struct doc {
    int64_t id;
    rec_id person;
    enum doc_about about;
    int64_t about_id;                 /* 0 when about the child */
    char name[DOC_NAME_MAX + 1];
    char kind[8];                     /* doc_sniff.h's key: "pdf" */
    int64_t size;
    char sha256[65];                  /* hex */
    int64_t by_user, at;
    char by_name[128];                /* who added it, as shown */
};

struct doc_in {
    rec_id person;
    enum doc_about about;
    int64_t about_id;                 /* the note's, meeting's or plan's id; 0 for the child */
    const char *name;                 /* as it will be shown: already made safe by the form */
    const char *kind;
    int fd;                           /* read from offset 0 to the end, with pread */
    int64_t size;                     /* the bytes to read: more than 0 */
};

/* Store a document; *id gets its id. One transaction. */
HE_MUST_CHECK int doc_add(struct store *s, const struct doc_in *in, int64_t by_user, int64_t now,
                          int64_t *id, struct err *e);

/* The child's documents, newest first, from offset, at most max; *n gets how many and
 * *more whether there are others after them. */
HE_MUST_CHECK int doc_list(struct store *s, rec_id person, int offset, int max, struct doc *out, int *n,
                           bool *more, struct err *e);

/* The documents about one note, meeting or plan of the child (at most max). */
HE_MUST_CHECK int doc_list_about(struct store *s, rec_id person, enum doc_about about, int64_t about_id,
                                 struct doc *out, int max, int *n, struct err *e);

/* One document of the child; *found false when the child has no document with that id. */
HE_MUST_CHECK int doc_get(struct store *s, rec_id person, int64_t id, struct doc *out, bool *found,
                          struct err *e);

/* The document's bytes, chunk by chunk in order, to fn (a non-zero return stops the read and
 * is returned). *intact is true when the bytes read add up to the size and the SHA-256
 * recorded; false means the stored document has been damaged or changed (fn has then seen
 * bytes that must not be trusted, so a caller collects them before using any). */
typedef int (*doc_chunk_fn)(void *ctx, const void *p, size_t n);
HE_MUST_CHECK int doc_read(struct store *s, const struct doc *d, doc_chunk_fn fn, void *ctx, bool *intact,
                           struct err *e);

/* Reading a document across calls, one chunk per call, for a download streamed to the
 * client without holding it whole. doc_next hands out the next chunk (valid until the next
 * call) and adds it to a running SHA-256; when the chunk would complete the document, the
 * hash and size are checked BEFORE any of its bytes are handed out, so a damaged document
 * never reaches its end: *intact false and *n 0 (the caller must end the download as
 * failed), as it is for a missing, empty or oversized chunk. *n 0 with *intact true: the
 * whole document has been handed out and matches. Each call is a statement of its own (no
 * transaction is held between calls); the check covers a document changed in between.
 * Ownership: doc_reader_new allocates one chunk's buffer; doc_reader_free releases it. */
struct doc_reader;
HE_MUST_CHECK int doc_reader_new(const struct doc *d, struct doc_reader **out, struct err *e);
HE_MUST_CHECK int doc_next(struct store *s, struct doc_reader *r, const void **p, size_t *n, bool *intact,
                           struct err *e);
void doc_reader_free(struct doc_reader *r);

#endif
