/* voice (store): the voice of the child on the portable db.h layer (store_voice.c), held by
 * migration 21 (schema_qa.c). What a child said, wrote or drew is recorded on one of the
 * child's case notes (a visit, direct work) or meetings: never on its own, so that the words
 * sit with the work they came from. Its day is the note's or the meeting's, copied when it is
 * recorded. A drawing is a document of the child's (documents.h), named by id. How the child
 * took part in each looked-after review is the review's SSDA903 participation code (PN0-PN7,
 * la_review), read here beside the words.
 * Who may read is the record's question (casework.h, trust.h): the caller opens the child
 * first and asks through the child. The store refuses what the database must never hold (an
 * unknown way of sharing, nothing recorded, a note, meeting or document that is not this
 * child's) with HE_INPUT and e->field naming the form field.
 * Ownership: struct voice owns its words (voices_free); strings passed in are copied. */
#ifndef HEARTH_STORE_VOICE_H
#define HEARTH_STORE_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../model/stages.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

enum { VOICE_WORDS_MAX = 20000 }; /* characters */

/* How the child shared their wishes and feelings: said, wrote, drew, app, advocate,
 * observed, with plain English. */
extern const struct stage_code voice_hows[];
extern const int n_voice_hows;

struct voice_in {
    int64_t note;      /* the case note it was recorded on, or 0 */
    int64_t meeting;   /* the meeting, or 0 (exactly one of note and meeting) */
    const char *how;   /* a code of voice_hows */
    const char *words; /* the child's own words, NULL or "" when only a drawing */
    int64_t document;  /* a drawing: a document of the child's, or 0 */
};

struct voice {
    int64_t id;
    rec_id person;
    int64_t note, meeting;
    day_t day;
    char how[12];
    char *words;       /* NULL when none */
    int64_t document;  /* 0 when none */
    char document_name[201];
    char by[128];
    int64_t at;
};
void voices_free(struct voice *v, int n);

/* Record the child's voice on one of their notes or meetings. One transaction. */
HE_MUST_CHECK int voice_add(struct store *s, const struct cw_user *u, rec_id person, const struct voice_in *in,
                            int64_t now, int64_t *id, struct err *e);

/* The child's voice, newest day first, from offset, at most max (*more: others follow);
 * note or meeting not 0: only what was recorded on that one. *out: voices_free. */
HE_MUST_CHECK int voice_list(struct store *s, rec_id person, int64_t note, int64_t meeting, int offset, int max,
                             struct voice **out, int *n, bool *more, struct err *e);

/* The child's looked-after reviews with their participation code (code "" when none was
 * given), newest first, at most max. */
struct voice_review {
    day_t date;
    char code[8];
};
HE_MUST_CHECK int voice_reviews(struct store *s, rec_id person, struct voice_review *out, int max, int *n,
                                struct err *e);

/* The day the child's voice was last recorded (DAY_NONE when never). */
HE_MUST_CHECK int voice_last(struct store *s, rec_id person, day_t *day, struct err *e);

#endif
