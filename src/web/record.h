/* record: the child's record page as a list of sections. Each module that has something
 * to show on a child's record (the summary, the clocks, the chronology, case notes,
 * plans...) defines one const struct record_section in its own file and adds one line to
 * the registry in record.c; h_child (pages.c) loads the child once, fills a struct
 * record_ctx and asks record_render() to lay the sections out in their places.
 * A section only reads: what it writes goes through its own forms. It reads the store
 * through c->r->st (casework.h, store.h and its module's header), never more than a page
 * of anything (a record may hold thousands of notes).
 * Ownership: h_child owns everything a record_ctx points at, for the length of the page. */
#ifndef HEARTH_WEB_RECORD_H
#define HEARTH_WEB_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/journey.h"
#include "web.h"

struct record_ctx {
    struct req *r;                 /* the request: user, store, today, query string */
    const struct child_file *f;    /* the child's record */
    const struct child_extra *x;   /* what the stage forms add */
    const struct journey *j;       /* status, running clocks, events (newest first) */
    const struct cw_holder *holder;/* team and allocated worker */
    int64_t version;               /* the record version (forms that change it post it) */
    bool open_episode;             /* an episode of need is open */
    bool looked_after;             /* looked after now */
};

/* Where a section goes. The page is the child's name and status, then TOP (alerts), then
 * two columns (LEFT: who the child is; RIGHT: what is due and what can be recorded), then
 * FULL width (checks, chronology, access). */
enum record_place { RECORD_TOP, RECORD_LEFT, RECORD_RIGHT, RECORD_FULL };

struct record_section {
    const char *id;       /* a short name, unique among sections: "chronology" */
    const char *title;    /* written as the section's h2 before render(); NULL: render writes
                           * its own heading (or none) */
    enum record_place place;
    int order;            /* within the place, smaller first; leave gaps of 10 */
    /* NULL: always shown; else false hides the section (and its title) for this child and
     * user */
    bool (*visible)(const struct record_ctx *c);
    /* writes the section; HE_OK, or an error (the page then answers 500) */
    int (*render)(struct html *h, const struct record_ctx *c, struct err *e);
};

/* Every section on the page, in place and order. */
int record_render(struct html *h, const struct record_ctx *c, struct err *e);

/* The registry (record.c), exposed so that tests can check it (ids unique, renderers
 * set). */
extern const struct record_section *const record_sections[];
extern const int n_record_sections;

/* Managers and administrators see the allocation form and the access list. */
bool record_is_manager(const struct record_ctx *c);

#endif
