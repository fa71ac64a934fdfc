/* Documents (store/documents.h) on both stores: every byte value comes back as it went in,
 * across chunks; a chunk changed in the database is found by its SHA-256; a document about
 * a note of another child, an empty file or a file that cannot be read whole leaves nothing
 * stored; the list reads rows, newest first, a page at a time. */
#include "teststore.h"

#include <fcntl.h>

#include "store/casework.h"
#include "store/db.h"
#include "store/documents.h"
#include "store/notes.h"
#include "store/store_impl.h"
#include "store/trust.h"
#include "util/buf.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id kids[2];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "d.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->sw, &found, &e), HE_OK);
    for (int i = 0; i < 2; i++) {
        struct cw_new_child nc = {.given = i ? "Ben" : "Amy", .family = "Lee", .dob = date_from_ymd(2015, 1, 1), .sex = "F"};
        rec_id contact;
        assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, date_from_ymd(2026, 1, 5), "6", "x", 5,
                                           &f->kids[i], &contact, &e), HE_OK);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_done(f->s, &f->t, f->dir);
    free(f);
    return 0;
}

/* A file of n bytes holding every byte value (zeros included); its fd. */
static int bytes_file(const char *dir, size_t n, unsigned char **copy)
{
    char path[600];
    snprintf(path, sizeof path, "%s/upload", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    unlink(path);
    unsigned char *b = malloc(n ? n : 1);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        b[i] = i < 256 ? (unsigned char)i : (unsigned char)x;
    }
    assert_int_equal(write(fd, b, n), (ssize_t)n);
    *copy = b;
    return fd;
}

static int collect(void *ctx, const void *p, size_t n)
{
    buf_add(ctx, p, n);
    return 0;
}

static long long rows(struct fx *f, const char *sql)
{
    int64_t n = -1;
    struct err e;
    assert_int_equal(db_run(store_db(f->s), sql, &n, NULL, &e, 0, NULL), HE_OK);
    return (long long)n;
}

static void test_round_trip(void **state)
{
    struct fx *f = *state;
    struct err e;
    size_t n = 2 * DOC_CHUNK + 12345; /* three chunks, the last partial */
    unsigned char *want;
    int fd = bytes_file(f->dir, n, &want);
    struct doc_in in = {.person = f->kids[0], .name = "Letter.pdf", .kind = "pdf", .fd = fd, .size = (int64_t)n};
    int64_t id;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_OK);
    assert_true(id > 0);
    assert_int_equal(rows(f, "SELECT count(*) FROM document_chunk"), 3);
    struct doc d;
    bool found;
    assert_int_equal(doc_get(f->s, f->kids[0], id, &d, &found, &e), HE_OK);
    assert_true(found);
    assert_string_equal(d.name, "Letter.pdf");
    assert_string_equal(d.kind, "pdf");
    assert_int_equal(d.size, (int64_t)n);
    assert_int_equal(strlen(d.sha256), 64);
    assert_string_equal(d.by_name, "Sam Worker");
    /* another child's record does not find it */
    assert_int_equal(doc_get(f->s, f->kids[1], id, &d, &found, &e), HE_OK);
    assert_false(found);
    assert_int_equal(doc_get(f->s, f->kids[0], id, &d, &found, &e), HE_OK);
    struct buf b = BUF_INIT;
    bool intact = false;
    assert_int_equal(doc_read(f->s, &d, collect, &b, &intact, &e), HE_OK);
    assert_true(intact);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, want, n);
    buf_free(&b);
    free(want);
    close(fd);
}

static void test_damage_found(void **state)
{
    struct fx *f = *state;
    struct err e;
    unsigned char *want;
    int fd = bytes_file(f->dir, 1000, &want);
    struct doc_in in = {.person = f->kids[0], .name = "Scan.png", .kind = "png", .fd = fd, .size = 1000};
    int64_t id;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_OK);
    /* one byte changed behind hearth's back */
    want[500] ^= 1;
    struct db_stmt *st;
    assert_int_equal(db_prepare(store_db(f->s), "UPDATE document_chunk SET data = ? WHERE document_id = ?", &st, &e), HE_OK);
    db_bind_blob(st, 1, want, 1000);
    db_bind_int(st, 2, id);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    struct doc d;
    bool found, intact = true;
    assert_int_equal(doc_get(f->s, f->kids[0], id, &d, &found, &e), HE_OK);
    assert_int_equal(doc_read(f->s, &d, NULL, NULL, &intact, &e), HE_OK);
    assert_false(intact);
    /* a chunk gone */
    assert_int_equal(db_run(store_db(f->s), "DELETE FROM document_chunk", NULL, NULL, &e, 0, NULL), HE_OK);
    intact = true;
    assert_int_equal(doc_read(f->s, &d, NULL, NULL, &intact, &e), HE_OK);
    assert_false(intact);
    free(want);
    close(fd);
}

/* Read the whole document through doc_next into b; returns the last *intact. */
static bool stream_all(struct fx *f, const struct doc *d, struct buf *b, int *calls)
{
    struct err e;
    struct doc_reader *rd;
    assert_int_equal(doc_reader_new(d, &rd, &e), HE_OK);
    bool intact = true;
    *calls = 0;
    for (;;) {
        const void *p;
        size_t n;
        assert_int_equal(doc_next(f->s, rd, &p, &n, &intact, &e), HE_OK);
        if (!n)
            break;
        assert_true(n <= DOC_CHUNK);
        buf_add(b, p, n);
        (*calls)++;
    }
    doc_reader_free(rd);
    return intact;
}

/* A download streamed a chunk at a time: the same bytes, never more than a chunk held, and
 * a document damaged after it was checked stops before its last chunk is handed out. */
static void test_stream(void **state)
{
    struct fx *f = *state;
    struct err e;
    size_t n = 2 * DOC_CHUNK + 777;
    unsigned char *want;
    int fd = bytes_file(f->dir, n, &want);
    struct doc_in in = {.person = f->kids[0], .name = "Big.pdf", .kind = "pdf", .fd = fd, .size = (int64_t)n};
    int64_t id;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_OK);
    struct doc d;
    bool found;
    assert_int_equal(doc_get(f->s, f->kids[0], id, &d, &found, &e), HE_OK);
    struct buf b = BUF_INIT;
    int calls;
    assert_true(stream_all(f, &d, &b, &calls));
    assert_int_equal(calls, 3);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, want, n);
    buf_free(&b);
    /* the first chunk changed: the two good chunks go, the last never does */
    want[10] ^= 1;
    struct db_stmt *st;
    assert_int_equal(db_prepare(store_db(f->s), "UPDATE document_chunk SET data = ? WHERE document_id = ? AND seq = 0",
                                &st, &e), HE_OK);
    db_bind_blob(st, 1, want, DOC_CHUNK);
    db_bind_int(st, 2, id);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    b = (struct buf)BUF_INIT;
    assert_false(stream_all(f, &d, &b, &calls));
    assert_int_equal(calls, 2);
    assert_int_equal(b.len, 2 * DOC_CHUNK); /* short of the size: the download fails */
    buf_free(&b);
    /* a chunk missing in the middle */
    assert_int_equal(db_run(store_db(f->s), "DELETE FROM document_chunk WHERE seq = 1", NULL, NULL, &e, 0, NULL), HE_OK);
    b = (struct buf)BUF_INIT;
    assert_false(stream_all(f, &d, &b, &calls));
    assert_int_equal(calls, 1);
    buf_free(&b);
    free(want);
    close(fd);
}

static void test_nothing_half_stored(void **state)
{
    struct fx *f = *state;
    struct err e;
    unsigned char *want;
    int fd = bytes_file(f->dir, DOC_CHUNK + 10, &want);
    /* a note on Ben's record only */
    struct note_in ni = {.kind = "telephone", .day = date_from_ymd(2026, 2, 1), .minute = 600, .present = "",
                         .seen = -1, .seen_alone = -1, .body = "A call."};
    int64_t note;
    assert_int_equal(notes_add(f->s, &f->sw, &ni, &f->kids[1], 1, 10, &note, &e), HE_OK);
    struct doc_in in = {.person = f->kids[0], .about = DOC_ABOUT_NOTE, .about_id = note, .name = "x.pdf",
                        .kind = "pdf", .fd = fd, .size = DOC_CHUNK + 10};
    int64_t id = 7;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_INPUT);
    assert_string_equal(e.field, "about");
    assert_int_equal(id, 0);
    /* a file shorter than it was said to be: the first chunk went in, then the read failed */
    in.about = DOC_ABOUT_CHILD;
    in.about_id = 0;
    in.size = 3 * DOC_CHUNK;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_INTERNAL);
    in.size = 0;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_INPUT);
    assert_int_equal(rows(f, "SELECT count(*) FROM document"), 0);
    assert_int_equal(rows(f, "SELECT count(*) FROM document_chunk"), 0);
    /* about the note on Ben's own record: taken, and listed under the note */
    in.person = f->kids[1];
    in.about = DOC_ABOUT_NOTE;
    in.about_id = note;
    in.size = 10;
    assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_OK);
    struct doc v[4];
    int n;
    assert_int_equal(doc_list_about(f->s, f->kids[1], DOC_ABOUT_NOTE, note, v, 4, &n, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].about, DOC_ABOUT_NOTE);
    free(want);
    close(fd);
}

static void test_list_pages(void **state)
{
    struct fx *f = *state;
    struct err e;
    unsigned char *want;
    int fd = bytes_file(f->dir, 100, &want);
    for (int i = 0; i < 7; i++) {
        char name[32];
        snprintf(name, sizeof name, "doc%d.pdf", i);
        struct doc_in in = {.person = f->kids[0], .name = name, .kind = "pdf", .fd = fd, .size = 100};
        int64_t id;
        assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000 + i, &id, &e), HE_OK);
    }
    struct doc v[5];
    int n;
    bool more;
    assert_int_equal(doc_list(f->s, f->kids[0], 0, 5, v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 5);
    assert_true(more);
    assert_string_equal(v[0].name, "doc6.pdf"); /* newest first */
    assert_int_equal(doc_list(f->s, f->kids[0], 5, 5, v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_false(more);
    assert_string_equal(v[1].name, "doc0.pdf");
    free(want);
    close(fd);
}

/* A retention deletion takes the child's documents and their bytes, and no one else's. */
static void test_retention_deletes(void **state)
{
    struct fx *f = *state;
    struct err e;
    unsigned char *want;
    int fd = bytes_file(f->dir, DOC_CHUNK + 1, &want);
    int64_t id;
    for (int i = 0; i < 2; i++) {
        struct doc_in in = {.person = f->kids[i], .name = "x.pdf", .kind = "pdf", .fd = fd, .size = DOC_CHUNK + 1};
        assert_int_equal(doc_add(f->s, &in, f->sw.id, 1000, &id, &e), HE_OK);
    }
    assert_int_equal(tr_delete_person(f->s, f->kids[0], "test", date_from_ymd(2026, 5, 31), "test", 1, &e), HE_OK);
    assert_int_equal(rows(f, "SELECT count(*) FROM document"), 1);
    assert_int_equal(rows(f, "SELECT count(*) FROM document_chunk"), 2);
    struct doc d;
    bool found;
    assert_int_equal(doc_get(f->s, f->kids[1], id, &d, &found, &e), HE_OK);
    assert_true(found);
    free(want);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damage_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_half_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "documents", tests, NULL, NULL);
}
