/* sar: a subject access request answered from the store. Gathers everything hearth holds
 * about one person: the person, every record of their journey, the chronology, the case
 * notes and decisions written at the front door, drafts of forms about them, any legal
 * hold, their retention assessment, every case note about them with every version of it,
 * every document on their record, and every entry of the access log about them. Writes
 * DIR/subject-access.json (the whole bundle), DIR/subject-access.html (a readable
 * summary) and each document's bytes as DIR/documents/ID-NAME, checked against its SHA-256
 * (a document that no longer matches is listed, not copied). Names of anyone but the subject (staff, and names found in free text) are
 * marked for redaction review: listed in the bundle's "redaction_review" and highlighted in
 * the summary; nothing is removed automatically, because whether to disclose is a person's
 * decision under the Data Protection Act 2018, Schedule 2 Part 3.
 * Ownership: nothing is returned for the caller to free. */
#ifndef HEARTH_SAR_H
#define HEARTH_SAR_H

#include "../store/store.h"

struct sar_summary {
    int records;        /* journey records (episodes, plans, reviews, ...) */
    int events;         /* chronology entries */
    int notes, drafts, views;      /* notes: the front door's notes of contacts */
    int case_notes, note_versions; /* case notes (store/notes.h) and all their versions */
    int documents;      /* documents (store/documents.h), each copied into DIR/documents/ */
    int review_items;   /* entries in redaction_review */
};

/* dir is created when missing; existing bundle files are replaced. today dates the bundle
 * and the chronology; now (Unix seconds) stamps it. */
HE_MUST_CHECK int sar_write(struct store *s, rec_id person, const char *dir, day_t today, int64_t now,
              struct sar_summary *sum, struct err *e);

#endif
