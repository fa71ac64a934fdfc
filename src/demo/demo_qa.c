/* demo_qa: the demo's voice of the child and audits (see demo_qa.h). Everything goes in
 * through the store's own calls (notes_add, voice_add, audit_add...), so the demo holds
 * nothing a worker could not have recorded. */
#include "demo_qa.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../store/audits.h"
#include "../store/casework.h"
#include "../store/documents.h"
#include "../store/notes.h"
#include "../store/team.h"
#include "../store/voice.h"
#include "../store/workflow.h"
#include "../util/buf.h"

/* Medway's audit asks about these (report 004, section 9). */
static const char *const questions[] = {
    "Is the child's lived experience and voice clear in the record?",
    "Is the assessment of risk and need up to date and analytical?",
    "Is the plan specific, measurable and reviewed on time?",
    "Is the child seen, and seen alone, as often as the plan requires?",
    "Is management oversight and supervision recorded and purposeful?",
    "Is the child's chronology up to date?",
};
#define N_QUESTIONS (int)(sizeof questions / sizeof questions[0])

static const char *const words[] = {
    "I like it at Nan's because it's quiet and she does my hair.",
    "I don't want to move schools again.",
    "Mum shouts when she's sad. I go in my room.",
    "I want to see my brother more, not just at contact.",
    "My foster carer is kind. I'd like my own bike.",
    "I feel safe when the door is locked at night.",
    "Please tell my dad I'm doing well in maths.",
    "I don't like the meetings, there are too many people.",
};
#define N_WORDS (int)(sizeof words / sizeof words[0])

static const char *const hows[] = {"said", "said", "said", "wrote", "app", "advocate", "observed"};
#define N_HOWS (int)(sizeof hows / sizeof hows[0])

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

#define CASELOAD_MAX 60

/* A child's drawing: a one-pixel PNG (the demo keeps pictures small), attached to the note. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
    0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static int drawing(struct store *s, const struct cw_user *w, rec_id person, int64_t note, int64_t *doc, struct err *e)
{
    FILE *f = tmpfile();
    if (!f)
        return err_set(e, HE_INTERNAL, "could not make a temporary file for the demo's drawings");
    int rc = HE_OK;
    if (fwrite(png, 1, sizeof png, f) != sizeof png || fflush(f) != 0)
        rc = err_set(e, HE_INTERNAL, "could not write the demo's drawing");
    struct doc_in in = {.person = person, .about = DOC_ABOUT_NOTE, .about_id = note, .name = "my-family.png",
                        .kind = "png", .fd = fileno(f), .size = (int64_t)sizeof png};
    if (rc == HE_OK)
        rc = doc_add(s, &in, w->id, (int64_t)time(NULL), doc, e);
    fclose(f);
    return rc;
}

static int user(struct store *s, const char *name, struct cw_user *u, bool *found, struct err *e)
{
    return cw_user_by_name(s, name, u, found, e);
}

/* The worker's children heard on direct work in the three months to day0 (most of them). */
static int voices(struct store *s, const struct cw_user *w, day_t day0, uint64_t seed, rec_id *kids, int *n,
                  struct err *e)
{
    struct cw_child_row *rows = xcalloc(CASELOAD_MAX, sizeof *rows);
    int rc = team_caseload(s, w->staff_id, rows, CASELOAD_MAX, n, e);
    for (int i = 0; rc == HE_OK && i < *n; i++) {
        kids[i] = rows[i].id;
        uint64_t h = mix(seed ^ (uint64_t)rows[i].id * 31);
        if (h % 4 == 0) /* a quarter not heard lately */
            continue;
        day_t day = day0 - (day_t)(h % 85);
        struct note_in in = {.kind = "direct_work", .day = day, .minute = 600 + (int)(h % 300), .present = "",
                             .seen = 1, .seen_alone = 1,
                             .body = "Direct work with the child on their own: the three houses (worries, good "
                                     "things, dreams)."};
        int64_t note, id;
        rc = notes_add(s, w, &in, &rows[i].id, 1, (int64_t)time(NULL), &note, e);
        int64_t doc = 0;
        if (rc == HE_OK && (h >> 32) % 5 == 0) /* one in five drew a picture too */
            rc = drawing(s, w, rows[i].id, note, &doc, e);
        if (rc == HE_OK) {
            struct voice_in v = {.note = note, .how = doc ? "drew" : hows[(h >> 8) % N_HOWS],
                                 .words = words[(h >> 16) % N_WORDS], .document = doc};
            rc = voice_add(s, w, rows[i].id, &v, (int64_t)time(NULL), &id, e);
        }
    }
    free(rows);
    return rc;
}

int demo_qa_add(struct store *s, day_t until, uint64_t seed, struct err *e)
{
    struct cw_user admin, manager, sam, cara;
    bool f1 = false, f2 = false, f3 = false, f4 = false;
    int rc = user(s, "admin", &admin, &f1, e);
    if (rc == HE_OK)
        rc = user(s, "manager", &manager, &f2, e);
    if (rc == HE_OK)
        rc = user(s, "social.worker", &sam, &f3, e);
    if (rc == HE_OK)
        rc = user(s, "care.worker", &cara, &f4, e);
    if (rc != HE_OK || !f1 || !f2 || !f3 || !f4)
        return rc;
    int64_t now = (int64_t)time(NULL), qid[N_QUESTIONS];
    for (int i = 0; rc == HE_OK && i < N_QUESTIONS; i++)
        rc = audit_question_add(s, &admin, questions[i], now, &qid[i], e);
    /* the audits run up to the demo's today, on the files the workers hold now: the older
     * actions done, the latest few still open */
    day_t day0 = until;
    rec_id sam_kids[CASELOAD_MAX], cara_kids[CASELOAD_MAX];
    int n_sam = 0, n_cara = 0;
    if (rc == HE_OK)
        rc = voices(s, &sam, day0, seed, sam_kids, &n_sam, e);
    if (rc == HE_OK)
        rc = voices(s, &cara, day0, seed + 1, cara_kids, &n_cara, e);
    /* monthly audits over the last six months: Sam's files by his manager, with actions;
     * Cara's by the quality assurance service (an administrator) */
    static const char *const grades[] = {"GOOD", "GOOD", "RI", "GOOD", "OUTSTANDING", "RI", "INADEQUATE", "GOOD"};
    static const char *const froms[] = {"parent", "young_person", "carer", "none"};
    for (int i = 0; rc == HE_OK && i < 18; i++) {
        bool mine = i % 3 != 2;
        const rec_id *kids = mine ? sam_kids : cara_kids;
        int n = mine ? n_sam : n_cara;
        if (!n)
            continue;
        uint64_t h = mix(seed * 977 + (uint64_t)i);
        struct audit_answer_in ans[N_QUESTIONS];
        const char *grade = grades[h % 8];
        for (int q = 0; q < N_QUESTIONS; q++)
            ans[q] = (struct audit_answer_in){.question = qid[q], .grade = q == 0 ? grades[(h >> 4) % 8] : grade,
                                              .comment = q == 0 ? "The child's words are in the plan." : NULL};
        const char *from = froms[(h >> 12) % 4];
        struct audit_action_in act[2] = {{"Update the chronology with the latest events", day0 - 160 + i * 9 + 14},
                                         {"See the child alone at the next visit", day0 - 160 + i * 9 + 21}};
        struct audit_in in = {.person = kids[(h >> 20) % (uint64_t)n], .day = day0 - 160 + i * 9,
                              .worker = mine ? sam.id : cara.id, .grade = grade, .with_worker = (h >> 24) % 5 != 0,
                              .reflection = "I will make the child's own words the start of each plan.",
                              .feedback_from = from,
                              .feedback = from[0] == 'n' ? NULL : "The worker listens and explains what happens next.",
                              .summary = "The file shows the child is seen regularly; the plan needs sharper "
                                         "outcomes.",
                              .answers = ans, .n_answers = N_QUESTIONS, .actions = mine ? act : NULL,
                              .n_actions = mine ? 1 + (int)((h >> 28) % 2) : 0};
        int64_t id;
        rc = audit_add(s, mine ? &manager : &admin, &in, now, &id, e);
        if (rc == HE_OK && mine && i < 12) { /* the older actions are done */
            struct audit_view v;
            bool found = false;
            rc = audit_get(s, id, &v, &found, e);
            for (size_t k = 0; rc == HE_OK && found && k < v.n_actions; k++)
                rc = wf_task_close(s, &sam, v.actions[k].id, true, NULL, now, e);
            if (found)
                audit_view_free(&v);
        }
    }
    /* a thematic audit of neglect across ten of the team's open children, four audited */
    int64_t theme = 0;
    if (rc == HE_OK) {
        struct audit_theme_in t = {.title = "Neglect: is it seen early?",
                                   .focus = "Whether neglect is recognised early, the child's lived experience is "
                                            "recorded and early help was offered before the referral.",
                                   .population = "open", .sample_size = 10, .day = day0 - 30,
                                   .team_id = manager.team_id, .seed = seed};
        rc = audit_theme_add(s, &manager, &t, now, &theme, e);
        if (rc == HE_INPUT) { /* nobody open in the team: no theme */
            rc = HE_OK;
            theme = 0;
        }
    }
    if (rc == HE_OK && theme) {
        struct audit_theme t;
        rec_id *kids = NULL;
        int64_t *audits = NULL;
        int n = 0;
        bool found = false;
        rc = audit_theme_get(s, theme, &t, &kids, &audits, &n, &found, e);
        for (int i = 0; rc == HE_OK && found && i < n && i < 4; i++) {
            struct audit_answer_in ans[N_QUESTIONS];
            for (int q = 0; q < N_QUESTIONS; q++)
                ans[q] = (struct audit_answer_in){.question = qid[q], .grade = i % 2 ? "RI" : "GOOD"};
            struct audit_in in = {.person = kids[i], .theme = theme, .day = day0 - 20 + i, .worker = sam.id,
                                  .grade = i % 2 ? "RI" : "GOOD", .with_worker = true, .feedback_from = "parent",
                                  .feedback = "We were asked about our family's story.",
                                  .summary = "Neglect was recognised at the second contact.", .answers = ans,
                                  .n_answers = N_QUESTIONS};
            int64_t id;
            rc = audit_add(s, &manager, &in, now, &id, e);
        }
        if (found) {
            free(t.focus);
            free(kids);
            free(audits);
        }
    }
    return rc;
}
