/* store_voice: the voice of the child (voice.h) on db.h's portable SQL: recorded on one of
 * the child's case notes or meetings, a drawing named by its document; the child's reviews
 * with their participation codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/input.h"
#include "store_impl.h"
#include "voice.h"

const struct stage_code voice_hows[] = {
    {"said", "Said it to the worker"},
    {"wrote", "Wrote it down"},
    {"drew", "Drew or made a picture"},
    {"app", "Through an app or online statement"},
    {"advocate", "Through an advocate"},
    {"observed", "Shown without words (observed by the worker)"},
};
const int n_voice_hows = (int)(sizeof voice_hows / sizeof voice_hows[0]);

static int done(int rc) { return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc; }

void voices_free(struct voice *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].words);
    free(v);
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

int voice_add(struct store *s, const struct cw_user *u, rec_id person, const struct voice_in *in, int64_t now,
              int64_t *id, struct err *e)
{
    *id = 0;
    if (!in->how || !stage_label(voice_hows, n_voice_hows, in->how))
        return err_at(e, HE_INPUT, NULL, 0, "how", "select how the child shared their wishes and feelings");
    const char *words = in->words && *in->words ? in->words : NULL;
    if (!words && !in->document)
        return err_at(e, HE_INPUT, NULL, 0, "words", "enter the child's own words, or choose their drawing");
    size_t bad;
    if (words && !input_utf8_valid(words, strlen(words), &bad))
        return err_at(e, HE_INPUT, NULL, 0, "words", "the child's words are not readable text");
    if (words && chars(words) > VOICE_WORDS_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "words", "the child's words must be %d characters or fewer",
                      VOICE_WORDS_MAX);
    if ((in->note != 0) == (in->meeting != 0))
        return err_at(e, HE_INPUT, NULL, 0, "about", "the child's voice is recorded on one visit or one meeting");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t day = 0, mine = 0;
    if (in->note)
        rc = DB_INT(d, e, &day,
                    "SELECT v.at_day FROM case_note_child c JOIN case_note n ON n.id = c.note_id JOIN "
                    "case_note_version v ON v.note_id = n.id AND v.version = n.version "
                    "WHERE c.person_id = ? AND c.note_id = ?",
                    DB_I(person), DB_I(in->note));
    else
        rc = DB_INT(d, e, &day, "SELECT date FROM meeting WHERE person_id = ? AND id = ?", DB_I(person),
                    DB_I(in->meeting));
    if (rc == HE_OK && !day)
        rc = err_at(e, HE_INPUT, NULL, 0, "about", "there is no such %s on this child's record",
                    in->note ? "case note" : "meeting");
    if (rc == HE_OK && in->document) {
        rc = DB_INT(d, e, &mine, "SELECT count(*) FROM document WHERE person_id = ? AND id = ?", DB_I(person),
                    DB_I(in->document));
        if (rc == HE_OK && !mine)
            rc = err_at(e, HE_INPUT, NULL, 0, "document", "there is no such document on this child's record");
    }
    if (rc == HE_OK)
        rc = DB_INT(d, e, id,
                    "INSERT INTO child_voice (person_id, note_id, meeting_id, day, how, words, document_id, "
                    "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(person), DB_Z(in->note), DB_Z(in->meeting), DB_I(day), DB_T(in->how), DB_T(words),
                    DB_Z(in->document), DB_I(u->id), DB_I(now));
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    *id = 0;
    return rc;
}

int voice_list(struct store *s, rec_id person, int64_t note, int64_t meeting, int offset, int max,
               struct voice **out, int *n, bool *more, struct err *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT v.id, v.note_id, v.meeting_id, v.day, v.how, v.words, v.document_id, d.name, "
                        "u.display_name, v.recorded_at FROM child_voice v JOIN app_user u ON u.id = v.recorded_by "
                        "LEFT JOIN document d ON d.id = v.document_id WHERE v.person_id = ? "
                        "AND (? = 0 OR v.note_id = ?) AND (? = 0 OR v.meeting_id = ?) "
                        "ORDER BY v.day DESC, v.id DESC LIMIT ? OFFSET ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, note);
    db_bind_int(st, 3, note);
    db_bind_int(st, 4, meeting);
    db_bind_int(st, 5, meeting);
    db_bind_int(st, 6, max + 1);
    db_bind_int(st, 7, offset);
    *out = xcalloc((size_t)max + 1, sizeof **out);
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == max) {
            *more = true;
            continue;
        }
        struct voice *v = &(*out)[(*n)++];
        v->id = db_int(st, 0);
        v->person = person;
        v->note = db_int(st, 1);
        v->meeting = db_int(st, 2);
        v->day = (day_t)db_int(st, 3);
        snprintf(v->how, sizeof v->how, "%s", db_text(st, 4) ? db_text(st, 4) : "");
        v->words = db_text(st, 5) ? xstrdup(db_text(st, 5)) : NULL;
        v->document = db_int(st, 6);
        snprintf(v->document_name, sizeof v->document_name, "%s", db_text(st, 7) ? db_text(st, 7) : "");
        snprintf(v->by, sizeof v->by, "%s", db_text(st, 8) ? db_text(st, 8) : "");
        v->at = db_int(st, 9);
    }
    db_finalize(st);
    rc = done(rc);
    if (rc != HE_OK) {
        voices_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int voice_reviews(struct store *s, rec_id person, struct voice_review *out, int max, int *n, struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT date, code FROM la_review WHERE person_id = ? ORDER BY date DESC LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, max);
    while ((rc = db_step(st, e)) == DB_ROW && *n < max) {
        out[*n].date = (day_t)db_int(st, 0);
        snprintf(out[*n].code, sizeof out[*n].code, "%s", db_text(st, 1) ? db_text(st, 1) : "");
        (*n)++;
    }
    db_finalize(st);
    return done(rc);
}

int voice_last(struct store *s, rec_id person, day_t *day, struct err *e)
{
    int64_t d = 0;
    int rc = DB_INT(store_db(s), e, &d, "SELECT max(day) FROM child_voice WHERE person_id = ?", DB_I(person));
    *day = rc == HE_OK ? (day_t)d : DAY_NONE;
    return rc;
}
