/* qa (web): the voice of the child (pages_voice.c) and quality assurance (pages_audits.c):
 * their handlers for server.c's table, and what the note's and meeting's pages show of the
 * child's voice recorded on them. */
#ifndef HEARTH_WEB_QA_H
#define HEARTH_WEB_QA_H

#include "web.h"

/* The child's voice (pages_voice.c). */
void h_voice(struct req *r, struct resp *out);
void h_voice_form(struct req *r, struct resp *out);
void h_voice_post(struct req *r, struct resp *out);
/* The child's words and drawings recorded on one note or meeting (one of note and meeting
 * not 0), with a link to record more: for that record's own page. */
void voice_on(struct html *h, struct req *r, rec_id person, int64_t note, int64_t meeting);

/* Audits (pages_audits.c). */
void h_audits(struct req *r, struct resp *out);
void h_audit(struct req *r, struct resp *out);
void h_audit_form(struct req *r, struct resp *out);
void h_audit_post(struct req *r, struct resp *out);
void h_audit_action_post(struct req *r, struct resp *out);
void h_audit_questions(struct req *r, struct resp *out);
void h_audit_question_post(struct req *r, struct resp *out);
void h_audit_question_edit_post(struct req *r, struct resp *out);
void h_audit_theme_form(struct req *r, struct resp *out);
void h_audit_theme_post(struct req *r, struct resp *out);
void h_audit_theme(struct req *r, struct resp *out);

#endif
