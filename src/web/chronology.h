/* chronology: a child's events (model/journey.c) and case notes (store/notes.h) as one
 * list in plain words, newest first, a page at a time: events come from the journey the
 * page has already computed, notes from the store through a cursor, so a record with
 * thousands of notes reads only a page of them. The record page shows the first page; the
 * chronology page (pages_notes.c) every page, filtered; the print page the significant
 * events for a conference or a court.
 * Ownership: nothing returned is the caller's to free; strings point into the journey or
 * static tables. */
#ifndef HEARTH_WEB_CHRONOLOGY_H
#define HEARTH_WEB_CHRONOLOGY_H

#include <stdbool.h>

#include "../model/journey.h"
#include "../store/notes.h"
#include "web.h"

/* What the chronology shows: "all" (the default), "events", "notes", "significant"
 * (events and significant notes), or a note type ("home_visit": those notes only). */
struct chron_show {
    const char *value;     /* as in the URL: one of the above */
    bool events, notes;
    struct note_filter filter;
};
/* Parse the show= parameter; anything unknown is "all". */
void chron_show_parse(const char *s, struct chron_show *out);

/* The filter as a GET form to path (a select and a button). */
void chron_filter_form(struct html *h, const char *path, const struct chron_show *show);

/* Up to limit entries after the cursor before ("" or NULL: from the newest), as an MOJ
 * timeline; when there are more, a link to path?show=...&before=... for the next ones. */
int chron_render(struct html *h, struct req *r, rec_id child, const struct journey *j,
                 const struct chron_show *show, const char *before, int limit, const char *path,
                 struct err *e);

/* The journey's events with the hub's work on the child (pages_mash.c) merged in, newest
 * first: *out (NULL when the hub did nothing) is the caller's to free. */
int mash_chronology(struct store *st, rec_id child, const struct journey *j, struct journey_event **out, int *n,
                    struct err *e);

/* An event in plain words: the title ("Contact from the police") and the detail
 * ("Primary need: abuse or neglect (N1)", "" when none). */
void chron_event_words(const struct journey_event *ev, char *title, size_t tn, char *detail,
                       size_t dn);

/* The plain name of a note type ("Home visit"); the key itself when unknown. */
const char *note_kind_label(const char *kind);
extern const struct ui_option note_kind_options[];
extern const int n_note_kind_options;
/* "2 March 2026 at 14:30" */
void note_when(char *out, size_t n, day_t day, int minute);
/* A note's text as paragraphs (blank lines between them), each line kept, escaped. */
void note_paragraphs(struct html *h, const char *text);
/* "Child seen alone", "Child seen, not alone", "Child not seen", or "" (not asked). */
const char *note_seen_words(int seen, int seen_alone);

#endif
