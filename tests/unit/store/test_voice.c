/* The voice of the child (store/voice.h) on both stores: words and drawings recorded on a
 * child's case note or meeting take the visit's or meeting's day, are listed newest first and
 * by the note or meeting they came from; what is not the child's (another child's note,
 * meeting or document), nothing to record or an unknown way of sharing is refused and nothing
 * is stored; the child's reviews come with their participation codes, newest first. */
#include "teststore.h"

#include "store/casework.h"
#include "store/db.h"
#include "store/notes.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/voice.h"

static enum test_backend backend;

struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    struct cw_user sw;
    rec_id amy, ben;
    int64_t both_note, ben_note, amy_meeting, ben_meeting, amy_doc, ben_doc;
};

static day_t D(int y, int m, int d) { return date_from_ymd(y, m, d); }

static int64_t meeting(struct fx *f, rec_id person, day_t day)
{
    struct err e;
    int64_t id = 0;
    assert_int_equal(DB_INT(store_db(f->s), &e, &id,
                            "INSERT INTO meeting (person_id, kind, date, recorded_by, recorded_at) VALUES "
                            "(?, 'LA_REVIEW', ?, ?, 1) RETURNING id",
                            DB_I(person), DB_I(day), DB_I(f->sw.id)),
                     HE_OK);
    return id;
}

static int64_t document(struct fx *f, rec_id person, const char *name)
{
    struct err e;
    int64_t id = 0;
    assert_int_equal(DB_INT(store_db(f->s), &e, &id,
                            "INSERT INTO document (person_id, about, name, kind, size, sha256, chunks, by_user, at) "
                            "VALUES (?, 'child', ?, 'png', 10, ?, 1, ?, 1) RETURNING id",
                            DB_I(person), DB_T(name),
                            DB_T("0000000000000000000000000000000000000000000000000000000000000000"), DB_I(f->sw.id)),
                     HE_OK);
    return id;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    f->dir = test_tmpdir();
    test_db_new(&f->t, backend, f->dir, "v.db");
    assert_int_equal(test_db_open(&f->t, STORE_CREATE, &f->s, &e), HE_OK);
    int64_t id;
    bool found;
    assert_int_equal(cw_user_add(f->s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &id, &e), HE_OK);
    assert_int_equal(cw_user_by_id(f->s, id, &f->sw, &found, &e), HE_OK);
    const char *names[2] = {"Amy", "Ben"};
    rec_id *kids[2] = {&f->amy, &f->ben};
    for (int i = 0; i < 2; i++) {
        struct cw_new_child nc = {.given = names[i], .family = "Lee", .dob = D(2015 + i, 1, 1), .sex = "F"};
        rec_id contact;
        assert_int_equal(cw_record_contact(f->s, &f->sw, 0, 0, &nc, D(2026, 1, 5), "6", "x", 5, kids[i], &contact,
                                           &e), HE_OK);
    }
    struct note_in in = {.kind = "home_visit", .day = D(2026, 3, 2), .minute = 600, .present = "", .seen = 1,
                         .seen_alone = 1, .body = "Visit."};
    rec_id both[2] = {f->amy, f->ben};
    assert_int_equal(notes_add(f->s, &f->sw, &in, both, 2, 10, &f->both_note, &e), HE_OK);
    in.day = D(2026, 3, 9);
    assert_int_equal(notes_add(f->s, &f->sw, &in, &f->ben, 1, 11, &f->ben_note, &e), HE_OK);
    f->amy_meeting = meeting(f, f->amy, D(2026, 3, 20));
    f->ben_meeting = meeting(f, f->ben, D(2026, 3, 21));
    f->amy_doc = document(f, f->amy, "amy-house.png");
    f->ben_doc = document(f, f->ben, "ben-dog.png");
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

static int64_t count_voices(struct fx *f)
{
    struct err e;
    int64_t n = -1;
    assert_int_equal(DB_INT(store_db(f->s), &e, &n, "SELECT count(*) FROM child_voice WHERE 1 = ?", DB_I(1)), HE_OK);
    return n;
}

static void test_add_and_list(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t a, b, c;
    struct voice_in in = {.note = f->both_note, .how = "said", .words = "I want to stay with Nan at weekends."};
    assert_int_equal(voice_add(f->s, &f->sw, f->amy, &in, 100, &a, &e), HE_OK);
    in = (struct voice_in){.meeting = f->amy_meeting, .how = "drew", .document = f->amy_doc};
    assert_int_equal(voice_add(f->s, &f->sw, f->amy, &in, 101, &b, &e), HE_OK);
    /* the same visit heard Ben too: his own words on his own record */
    in = (struct voice_in){.note = f->both_note, .how = "app", .words = "School is ok."};
    assert_int_equal(voice_add(f->s, &f->sw, f->ben, &in, 102, &c, &e), HE_OK);

    struct voice *v;
    int n;
    bool more;
    assert_int_equal(voice_list(f->s, f->amy, 0, 0, 0, 10, &v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_false(more);
    assert_int_equal(v[0].id, b); /* the meeting's day is later: first */
    assert_int_equal(v[0].day, D(2026, 3, 20));
    assert_null(v[0].words);
    assert_int_equal(v[0].document, f->amy_doc);
    assert_string_equal(v[0].document_name, "amy-house.png");
    assert_string_equal(v[0].by, "Sam Worker");
    assert_int_equal(v[1].id, a);
    assert_int_equal(v[1].day, D(2026, 3, 2)); /* the visit's day, not the day it was typed */
    assert_string_equal(v[1].words, "I want to stay with Nan at weekends.");
    assert_string_equal(v[1].how, "said");
    voices_free(v, n);
    /* a page of one, and the rest */
    assert_int_equal(voice_list(f->s, f->amy, 0, 0, 0, 1, &v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_true(more);
    voices_free(v, n);
    /* what was recorded on one note */
    assert_int_equal(voice_list(f->s, f->amy, f->both_note, 0, 0, 10, &v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, a);
    voices_free(v, n);
    assert_int_equal(voice_list(f->s, f->ben, f->both_note, 0, 0, 10, &v, &n, &more, &e), HE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, c);
    voices_free(v, n);
    day_t last;
    assert_int_equal(voice_last(f->s, f->amy, &last, &e), HE_OK);
    assert_int_equal(last, D(2026, 3, 20));
    assert_int_equal(voice_last(f->s, f->ben, &last, &e), HE_OK);
    assert_int_equal(last, D(2026, 3, 2));
}

static void refused(struct fx *f, rec_id person, const struct voice_in *in, const char *field)
{
    struct err e;
    err_clear(&e);
    int64_t id = 99;
    assert_int_equal(voice_add(f->s, &f->sw, person, in, 100, &id, &e), HE_INPUT);
    assert_string_equal(e.field, field);
    assert_int_equal(id, 0);
    assert_int_equal(count_voices(f), 0);
}

static void test_refusals(void **state)
{
    struct fx *f = *state;
    struct voice_in in = {.note = f->both_note, .how = "sang", .words = "x"};
    refused(f, f->amy, &in, "how");
    in = (struct voice_in){.note = f->both_note, .how = "said", .words = ""};
    refused(f, f->amy, &in, "words");
    in = (struct voice_in){.note = f->ben_note, .how = "said", .words = "x"}; /* Ben's note only */
    refused(f, f->amy, &in, "about");
    in = (struct voice_in){.meeting = f->ben_meeting, .how = "said", .words = "x"};
    refused(f, f->amy, &in, "about");
    in = (struct voice_in){.note = f->both_note, .meeting = f->amy_meeting, .how = "said", .words = "x"};
    refused(f, f->amy, &in, "about");
    in = (struct voice_in){.how = "said", .words = "x"};
    refused(f, f->amy, &in, "about");
    in = (struct voice_in){.note = f->both_note, .how = "drew", .document = f->ben_doc}; /* Ben's drawing */
    refused(f, f->amy, &in, "document");
    in = (struct voice_in){.note = f->both_note, .how = "said", .words = "\xff\xfe"};
    refused(f, f->amy, &in, "words");
    char *long_words = malloc(VOICE_WORDS_MAX + 2);
    memset(long_words, 'a', VOICE_WORDS_MAX + 1);
    long_words[VOICE_WORDS_MAX + 1] = 0;
    in = (struct voice_in){.note = f->both_note, .how = "wrote", .words = long_words};
    refused(f, f->amy, &in, "words");
    long_words[VOICE_WORDS_MAX] = 0; /* the longest kept */
    struct err e;
    int64_t id;
    assert_int_equal(voice_add(f->s, &f->sw, f->amy, &in, 100, &id, &e), HE_OK);
    free(long_words);
}

static void test_reviews(void **state)
{
    struct fx *f = *state;
    struct err e;
    const char *codes[3] = {"PN1", NULL, "PN7"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(DB_RUN(store_db(f->s), &e,
                                "INSERT INTO la_review (person_id, date, code, src_year) VALUES (?, ?, ?, 2026)",
                                DB_I(f->amy), DB_I(D(2026, 1 + i, 10)), DB_T(codes[i])),
                         HE_OK);
    struct voice_review r[4];
    int n;
    assert_int_equal(voice_reviews(f->s, f->amy, r, 4, &n, &e), HE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(r[0].date, D(2026, 3, 10));
    assert_string_equal(r[0].code, "PN7");
    assert_string_equal(r[1].code, "");
    assert_string_equal(r[2].code, "PN1");
    assert_int_equal(voice_reviews(f->s, f->amy, r, 2, &n, &e), HE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(voice_reviews(f->s, f->ben, r, 4, &n, &e), HE_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_and_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reviews, setup, teardown),
    };
    return RUN_ON_BOTH_STORES(backend, "voice", tests, NULL, NULL);
}
