/* notes (store): case notes on the portable db.h layer (store_notes.c), so both stores
 * run them unchanged; migration 8 (schema_notes.c) holds them. A note is one piece of
 * recorded work (a home visit, a telephone call, a supervision) about one or more children;
 * it is amended, never overwritten: every version is kept with who wrote it and when.
 * A child's notes are read a page at a time, newest first, from an index by child and time:
 * nothing here reads all of a child's notes.
 * Who may read a note is the record's question (casework.h, trust.h): the caller checks
 * the child, then asks for the child's notes (a note is found through a child it
 * concerns). Checks of the text's shape are the form's (web); the store checks what the
 * database must never hold (an unknown type, a child the note does not concern, a stale
 * version) and refuses with HE_INPUT, e->field naming the field at fault.
 * Ownership: struct note owns its heap strings (note_free); arrays of notes are freed with
 * notes_free(). Strings passed in are copied before the call returns. */
#ifndef HEARTH_STORE_NOTES_H
#define HEARTH_STORE_NOTES_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* The types of note, as the database keeps them. */
#define NOTE_KIND_MAX 24
extern const char *const note_kind_keys[];
extern const int n_note_kinds;
bool note_kind_valid(const char *kind);

#define NOTE_MAX_CHILDREN 16

/* What a form gives for a new note or a new version. */
struct note_in {
    const char *kind;      /* one of note_kind_keys */
    day_t day;             /* when the work happened (not when it was typed) */
    int minute;            /* minutes after midnight, 0..1439 */
    const char *present;   /* who was there, as typed ("" when nobody else) */
    int seen;              /* child seen: 1, 0, or -1 (not asked: a telephone call) */
    int seen_alone;        /* 1, 0, or -1 */
    const char *body;      /* the text, paragraphs as typed */
    bool significant;      /* a significant event: in the significant-events chronology */
    bool oversight;        /* for management oversight: in the team manager's tray */
};

struct note {
    int64_t id;
    int64_t version;       /* this version's number (1 is the first) */
    int64_t current;       /* the note's current version */
    char kind[NOTE_KIND_MAX];
    day_t day;
    int minute;
    int64_t key;           /* day * 1440 + minute: the order of notes */
    char *present;
    int seen, seen_alone;  /* 1, 0, -1 */
    char *body;            /* whole text; in lists (notes_page) only its start */
    bool body_cut;         /* in lists: the text goes on beyond body */
    bool significant, oversight;
    int64_t author_id;     /* who wrote the note first */
    char author[128];
    int64_t created;       /* when it was first written (Unix seconds) */
    int64_t by_id;         /* who wrote this version */
    char by[128];
    int64_t at;            /* when this version was written */
    int64_t overseen_by;   /* 0 until a manager has overseen it */
    int64_t overseen_at;
    rec_id children[NOTE_MAX_CHILDREN]; /* the children it concerns (notes_get only) */
    int n_children;
};
void note_free(struct note *n);
void notes_free(struct note *v, int n);

/* A new note about children[0..n_children-1] (at least one, at most NOTE_MAX_CHILDREN;
 * every one must exist), written by author at now. One transaction. */
HE_MUST_CHECK int notes_add(struct store *s, const struct cw_user *author, const struct note_in *in,
              const rec_id *children, int n_children, int64_t now, int64_t *id, struct err *e);

/* A new version of note id, written by user at now. seen is the version the user read;
 * when the note has changed since, nothing is written and HE_INPUT says who changed it
 * (e->field "version"). The children it concerns stay. One transaction. */
HE_MUST_CHECK int notes_amend(struct store *s, const struct cw_user *user, int64_t id, int64_t seen,
                const struct note_in *in, int64_t now, struct err *e);

/* Note id as it is now, when it concerns person (*found false otherwise: a note is only
 * ever found through a child it concerns). Its whole text and its children. */
HE_MUST_CHECK int notes_get(struct store *s, rec_id person, int64_t id, struct note *out, bool *found,
              struct err *e);

/* Every version of note id, oldest first (*out: the caller frees with notes_free). */
HE_MUST_CHECK int notes_versions(struct store *s, int64_t id, struct note **out, int *n, struct err *e);

/* Which of a child's notes a list shows. */
struct note_filter {
    const char *kind;      /* NULL or "": every type */
    bool significant;      /* only significant ones */
};

/* A page of a child's notes, newest first: at most limit from offset; *more is set when
 * there are more after them. Each note's body is only its first excerpt characters
 * (body_cut when cut). *out: the caller frees with notes_free. */
HE_MUST_CHECK int notes_page(struct store *s, rec_id person, const struct note_filter *f, int offset, int limit,
               int excerpt, struct note **out, int *n, bool *more, struct err *e);
/* How many of a child's notes the filter shows. */
HE_MUST_CHECK int notes_count(struct store *s, rec_id person, const struct note_filter *f, int64_t *n,
                struct err *e);
/* Up to limit of a child's notes older than the cursor (key, id): key < before_key, or
 * key == before_key and id < before_id (before_key 0: from the newest), newest first,
 * for the chronology, which merges them with the record's events. Bodies as in
 * notes_page. */
HE_MUST_CHECK int notes_before(struct store *s, rec_id person, const struct note_filter *f, int64_t before_key,
                 int64_t before_id, int limit, int excerpt, struct note **out, int *n,
                 struct err *e);

/* Management oversight goes through the manager's tray (workflow.h, kind "case_note"): a
 * note added or amended with oversight marked, not yet overseen and not already waiting, is
 * sent in the same transaction to the manager of the team holding the first child it
 * concerns (HE_INPUT on "oversight" when no team holds that child). The kind's hooks:
 * the note is the child's, marked and not yet overseen; authorising it records the manager
 * and the time it was overseen. Both run inside the tray's transaction. */
HE_MUST_CHECK int notes_oversight_check(struct store *s, rec_id person, int64_t record, struct err *e);
HE_MUST_CHECK int notes_oversight_done(struct store *s, const struct cw_user *u, rec_id person, int64_t record,
                         day_t day, int64_t now, struct err *e);

#endif
