/* store_documents: documents and their chunks on the portable db.h layer (see
 * documents.h). The SHA-256 is worked out here, from the very bytes written, so the hash
 * kept always describes what the store holds; reading works it out again and compares. */
#include "documents.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "store_impl.h"

static const char *const about_keys[] = {"child", "note", "meeting", "plan"};

const char *doc_about_key(enum doc_about a)
{
    return a >= DOC_ABOUT_CHILD && a <= DOC_ABOUT_PLAN ? about_keys[a] : "child";
}

bool doc_about_parse(const char *key, enum doc_about *a)
{
    for (int i = 0; key && i < 4; i++)
        if (!strcmp(key, about_keys[i])) {
            *a = (enum doc_about)i;
            return true;
        }
    return false;
}

static void hex(const unsigned char *h, char out[65])
{
    static const char x[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = x[h[i] >> 4];
        out[2 * i + 1] = x[h[i] & 15];
    }
    out[64] = 0;
}

/* Is the note, meeting or plan one of this child's? */
static int about_is_childs(struct db *d, const struct doc_in *in, struct err *e)
{
    static const char *const sql[] = {
        NULL,
        "SELECT count(*) FROM case_note_child WHERE person_id = ? AND note_id = ?",
        "SELECT count(*) FROM meeting WHERE person_id = ? AND id = ?",
        "SELECT count(*) FROM child_plan WHERE person_id = ? AND id = ?",
    };
    if (in->about == DOC_ABOUT_CHILD)
        return in->about_id ? err_at(e, HE_INPUT, NULL, 0, "about", "a document about the child names nothing else")
                            : HE_OK;
    if (in->about < DOC_ABOUT_CHILD || in->about > DOC_ABOUT_PLAN)
        return err_at(e, HE_INPUT, NULL, 0, "about", "unknown kind of record to attach to");
    int64_t n = 0;
    int rc = DB_INT(d, e, &n, sql[in->about], DB_I(in->person), DB_I(in->about_id));
    if (rc == HE_OK && !n)
        rc = err_at(e, HE_INPUT, NULL, 0, "about", "the %s is not on this child's record", about_keys[in->about]);
    return rc;
}

int doc_add(struct store *s, const struct doc_in *in, int64_t by_user, int64_t now, int64_t *id,
            struct err *e)
{
    *id = 0;
    if (in->size <= 0)
        return err_at(e, HE_INPUT, NULL, 0, "file", "the file is empty");
    if (!in->name || !*in->name || strlen(in->name) > DOC_NAME_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "file", "a document's name is 1 to %d characters", DOC_NAME_MAX);
    if (!in->kind || !*in->kind)
        return err_at(e, HE_INPUT, NULL, 0, "file", "a document's kind is needed");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t chunks = (in->size + DOC_CHUNK - 1) / DOC_CHUNK;
    rc = about_is_childs(d, in, e);
    /* the hash is not known until every chunk is read: a placeholder of the right shape,
     * replaced before the commit, so no reader ever sees it */
    if (rc == HE_OK)
        rc = DB_INT(d, e, id,
                    "INSERT INTO document (person_id, about, about_id, name, kind, size, sha256, chunks, by_user, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(in->person), DB_T(doc_about_key(in->about)), DB_Z(in->about_id), DB_T(in->name),
                    DB_T(in->kind), DB_I(in->size),
                    DB_T("0000000000000000000000000000000000000000000000000000000000000000"), DB_I(chunks),
                    DB_I(by_user), DB_I(now));
    struct db_stmt *st = NULL;
    if (rc == HE_OK)
        rc = db_prepare(d, "INSERT INTO document_chunk (document_id, seq, data) VALUES (?, ?, ?)", &st, e);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char *buf = rc == HE_OK ? malloc(DOC_CHUNK) : NULL;
    if (rc == HE_OK && !buf)
        rc = err_set(e, HE_INTERNAL, "out of memory storing a document");
    for (int64_t seq = 0, off = 0; rc == HE_OK && seq < chunks; seq++) {
        size_t want = (size_t)(in->size - off < DOC_CHUNK ? in->size - off : DOC_CHUNK), got = 0;
        while (got < want) {
            ssize_t r = pread(in->fd, buf + got, want - got, (off_t)(off + (int64_t)got));
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got != want) {
            rc = err_set(e, HE_INTERNAL, "the uploaded file could not be read back whole");
            break;
        }
        crypto_hash_sha256_update(&h, buf, want);
        db_reset(st);
        db_bind_int(st, 1, *id);
        db_bind_int(st, 2, seq);
        db_bind_blob(st, 3, buf, want);
        int r = db_step(st, e);
        if (r != DB_DONE)
            rc = r == DB_ROW ? err_set(e, HE_INTERNAL, "storing a document's chunk returned a row") : r;
        off += (int64_t)want;
    }
    free(buf);
    db_finalize(st);
    if (rc == HE_OK) {
        unsigned char sum[crypto_hash_sha256_BYTES];
        char x[65];
        crypto_hash_sha256_final(&h, sum);
        hex(sum, x);
        rc = DB_RUN(d, e, "UPDATE document SET sha256 = ? WHERE id = ?", DB_T(x), DB_I(*id));
    }
    if (rc == HE_OK && (rc = store_commit(s, e)) == HE_OK)
        return HE_OK;
    store_rollback(s, NULL);
    *id = 0;
    return rc;
}

#define DOC_COLS "d.id, d.person_id, d.about, d.about_id, d.name, d.kind, d.size, d.sha256, d.by_user, d.at, " \
                 "u.display_name"
#define DOC_FROM " FROM document d JOIN app_user u ON u.id = d.by_user "

static void row(struct db_stmt *st, struct doc *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_int(st, 0);
    o->person = db_int(st, 1);
    doc_about_parse(db_text(st, 2), &o->about);
    o->about_id = db_int(st, 3);
    snprintf(o->name, sizeof o->name, "%s", db_text(st, 4) ? db_text(st, 4) : "");
    snprintf(o->kind, sizeof o->kind, "%s", db_text(st, 5) ? db_text(st, 5) : "");
    o->size = db_int(st, 6);
    snprintf(o->sha256, sizeof o->sha256, "%s", db_text(st, 7) ? db_text(st, 7) : "");
    o->by_user = db_int(st, 8);
    o->at = db_int(st, 9);
    snprintf(o->by_name, sizeof o->by_name, "%s", db_text(st, 10) ? db_text(st, 10) : "");
}

/* Run st (bound) and copy up to max rows; *extra true when a row beyond max came. */
static int rows(struct db_stmt *st, struct doc *out, int max, int *n, bool *extra, struct err *e)
{
    *n = 0;
    if (extra)
        *extra = false;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == max) {
            if (extra)
                *extra = true;
            break;
        }
        row(st, &out[(*n)++]);
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int doc_list(struct store *s, rec_id person, int offset, int max, struct doc *out, int *n, bool *more,
             struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    *more = false;
    int rc = db_prepare(store_db(s),
                        "SELECT " DOC_COLS DOC_FROM "WHERE d.person_id = ? ORDER BY d.at DESC, d.id DESC "
                        "LIMIT ? OFFSET ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, max + 1);
    db_bind_int(st, 3, offset);
    return rows(st, out, max, n, more, e);
}

int doc_list_about(struct store *s, rec_id person, enum doc_about about, int64_t about_id, struct doc *out,
                   int max, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT " DOC_COLS DOC_FROM "WHERE d.person_id = ? AND d.about = ? AND d.about_id = ? "
                        "ORDER BY d.at DESC, d.id DESC LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_text(st, 2, doc_about_key(about));
    db_bind_int(st, 3, about_id);
    db_bind_int(st, 4, max);
    return rows(st, out, max, n, NULL, e);
}

int doc_get(struct store *s, rec_id person, int64_t id, struct doc *out, bool *found, struct err *e)
{
    struct db_stmt *st;
    *found = false;
    int rc = db_prepare(store_db(s), "SELECT " DOC_COLS DOC_FROM "WHERE d.person_id = ? AND d.id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, id);
    int n = 0;
    rc = rows(st, out, 1, &n, NULL, e);
    *found = n == 1;
    return rc;
}

int doc_read(struct store *s, const struct doc *d, doc_chunk_fn fn, void *ctx, bool *intact, struct err *e)
{
    *intact = false;
    struct db_stmt *st;
    /* one chunk per statement run, so a large document never sits whole in a result */
    int rc = db_prepare(store_db(s), "SELECT seq, data FROM document_chunk WHERE document_id = ? AND seq = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    int64_t total = 0;
    bool whole = true;
    for (int64_t seq = 0; rc == HE_OK && whole; seq++) {
        db_reset(st);
        db_bind_int(st, 1, d->id);
        db_bind_int(st, 2, seq);
        int r = db_step(st, e);
        if (r == DB_DONE)
            break;
        if (r != DB_ROW) {
            rc = r;
            break;
        }
        size_t n = 0;
        const void *p = db_blob(st, 1, &n);
        if (!n || total + (int64_t)n > d->size) {
            whole = false; /* an empty chunk, or more bytes than recorded */
            break;
        }
        crypto_hash_sha256_update(&h, p, n);
        total += (int64_t)n;
        if (fn && (r = fn(ctx, p, n)) != 0)
            rc = r;
    }
    db_finalize(st);
    if (rc != HE_OK)
        return rc;
    unsigned char sum[crypto_hash_sha256_BYTES];
    char x[65];
    crypto_hash_sha256_final(&h, sum);
    hex(sum, x);
    *intact = whole && total == d->size && !strcmp(x, d->sha256);
    return HE_OK;
}

struct doc_reader {
    struct doc d;
    int64_t seq, total;          /* the next chunk; bytes handed out so far */
    crypto_hash_sha256_state h;
    unsigned char *chunk;        /* DOC_CHUNK bytes */
    bool done;
};

int doc_reader_new(const struct doc *d, struct doc_reader **out, struct err *e)
{
    *out = NULL;
    struct doc_reader *r = calloc(1, sizeof *r);
    unsigned char *chunk = r ? malloc(DOC_CHUNK) : NULL;
    if (!chunk) {
        free(r);
        return err_set(e, HE_INTERNAL, "out of memory reading a document");
    }
    r->d = *d;
    r->chunk = chunk;
    crypto_hash_sha256_init(&r->h);
    *out = r;
    return HE_OK;
}

void doc_reader_free(struct doc_reader *r)
{
    if (r) {
        free(r->chunk);
        free(r);
    }
}

int doc_next(struct store *s, struct doc_reader *r, const void **p, size_t *n, bool *intact, struct err *e)
{
    *p = NULL;
    *n = 0;
    *intact = true;
    if (r->done)
        return HE_OK;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT data FROM document_chunk WHERE document_id = ? AND seq = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, r->d.id);
    db_bind_int(st, 2, r->seq);
    int step = db_step(st, e);
    size_t got = 0;
    if (step == DB_ROW) {
        const void *b = db_blob(st, 0, &got);
        if (got && got <= DOC_CHUNK && r->total + (int64_t)got <= r->d.size)
            memcpy(r->chunk, b, got);
        else
            got = 0, step = DB_DONE; /* an empty or oversized chunk: damaged */
    }
    db_finalize(st);
    if (step != DB_ROW && step != DB_DONE)
        return step;
    r->done = true; /* until this chunk proves good */
    if (!got) {     /* missing before the end */
        *intact = false;
        return HE_OK;
    }
    crypto_hash_sha256_update(&r->h, r->chunk, got);
    if (r->total + (int64_t)got == r->d.size) {
        /* the last chunk: the whole is checked before any byte of it leaves */
        unsigned char sum[crypto_hash_sha256_BYTES];
        char x[65];
        crypto_hash_sha256_final(&r->h, sum);
        hex(sum, x);
        if (strcmp(x, r->d.sha256)) {
            *intact = false;
            return HE_OK;
        }
    } else if (got != DOC_CHUNK) { /* a short chunk before the end */
        *intact = false;
        return HE_OK;
    } else
        r->done = false;
    r->seq++;
    r->total += (int64_t)got;
    *p = r->chunk;
    *n = got;
    return HE_OK;
}
