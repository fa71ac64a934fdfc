/* store_trust: case notes and drafts for subject access, legal holds and deletion at the
 * end of retention (see trust.h), on the portable db.h layer. Deletion is the only place in
 * hearth that removes a child's records; it runs in one transaction and refuses under a hold. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "casework.h"
#include "trust.h"
#include "store_impl.h"

static int done(int rc) { return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc; }

/* the end of a write transaction: commit what went well, roll back what did not */
static int in_txn(struct store *s, int rc, struct err *e)
{
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

int tr_notes(struct store *s, rec_id person, tr_note_fn fn, void *ctx, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id, c.date, c.source, c.decision, n.concerns, ru.display_name, "
                        "n.recorded_at, du.display_name FROM contact c "
                        "LEFT JOIN contact_note n ON n.contact_id = c.id "
                        "LEFT JOIN app_user ru ON ru.id = n.recorded_by "
                        "LEFT JOIN app_user du ON du.id = n.decided_by "
                        "WHERE c.person_id = ? ORDER BY c.date, c.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    int stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW) {
        struct tr_note n = {.contact = db_int(st, 0), .date = (day_t)db_int(st, 1),
                            .source = db_text(st, 2), .decision = db_text(st, 3),
                            .concerns = db_text(st, 4), .recorded_by = db_text(st, 5),
                            .recorded_at = db_int(st, 6), .decided_by = db_text(st, 7)};
        stop = fn(ctx, &n);
    }
    db_finalize(st);
    return stop ? stop : done(rc);
}

int tr_drafts(struct store *s, rec_id person, tr_draft_fn fn, void *ctx, struct err *e)
{
    /* Forms are keyed by their path: /children/N/... for the child's own forms and
     * /contacts/C/... for a decision on one of their contacts. */
    char exact[48], under[48];
    snprintf(exact, sizeof exact, "/children/%" PRId64, (int64_t)person);
    snprintf(under, sizeof under, "/children/%" PRId64 "/%%", (int64_t)person);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT u.display_name, d.form_key, d.body, d.updated FROM draft d "
                        "JOIN app_user u ON u.id = d.user_id WHERE d.form_key = ? OR d.form_key LIKE ? "
                        "OR EXISTS (SELECT 1 FROM contact c WHERE c.person_id = ? AND "
                        "d.form_key LIKE '/contacts/' || c.id || '/%') ORDER BY d.updated, d.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, exact);
    db_bind_text(st, 2, under);
    db_bind_int(st, 3, person);
    int stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW) {
        struct tr_draft d = {.user = db_text(st, 0), .key = db_text(st, 1), .body = db_text(st, 2),
                             .updated = db_int(st, 3)};
        stop = fn(ctx, &d);
    }
    db_finalize(st);
    return stop ? stop : done(rc);
}

int tr_loose_drafts(struct store *s, tr_draft_fn fn, void *ctx, struct err *e)
{
    /* every key tr_drafts does not tie to a person: not /children/N..., not /contacts/C/... */
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT u.display_name, d.form_key, d.body, d.updated FROM draft d "
                        "JOIN app_user u ON u.id = d.user_id WHERE d.form_key NOT LIKE '/children/%' "
                        "AND d.form_key NOT LIKE '/contacts/%/%' ORDER BY d.updated, d.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    int stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW) {
        struct tr_draft d = {.user = db_text(st, 0), .key = db_text(st, 1), .body = db_text(st, 2),
                             .updated = db_int(st, 3)};
        stop = fn(ctx, &d);
    }
    db_finalize(st);
    return stop ? stop : done(rc);
}

static int person_exists(struct store *s, rec_id person, struct err *e)
{
    int64_t n = 0;
    int rc = DB_INT(store_db(s), e, &n, "SELECT count(*) FROM person WHERE id = ?", DB_I(person));
    if (rc == HE_OK && !n)
        rc = err_set(e, HE_INPUT, "there is no person %" PRId64, (int64_t)person);
    return rc;
}

int tr_hold_place(struct store *s, rec_id person, const char *reason, const char *by, int64_t now,
                  struct err *e)
{
    if (!reason || !*reason)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "a legal hold needs a reason (the claim, inquiry or request it serves)");
    if (!by || !*by)
        return err_at(e, HE_INPUT, NULL, 0, "by", "say who placed the hold");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = person_exists(s, person, e)) == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO legal_hold (person_id, reason, placed_by, placed_at) VALUES (?, ?, ?, ?)",
                    DB_I(person), DB_T(reason), DB_T(by), DB_I(now));
    return in_txn(s, rc, e);
}

int tr_hold_lift(struct store *s, rec_id person, int64_t now, int *n, struct err *e)
{
    *n = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t lifted = 0;
    rc = DB_CHANGES(store_db(s), e, &lifted,
                    "UPDATE legal_hold SET lifted_at = ? WHERE person_id = ? AND lifted_at IS NULL",
                    DB_I(now), DB_I(person));
    *n = (int)lifted;
    return in_txn(s, rc, e);
}

int tr_hold_get(struct store *s, rec_id person, char **reason, struct err *e)
{
    *reason = NULL;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT reason FROM legal_hold WHERE person_id = ? AND lifted_at IS NULL "
                        "ORDER BY id LIMIT 1",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *reason = strdup(db_text(st, 0) ? db_text(st, 0) : "");
    db_finalize(st);
    return done(rc);
}

int tr_people(struct store *s, rec_id **ids, size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT id FROM person WHERE la_child_id NOT LIKE 'deleted-%' ORDER BY id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = db_int(st, 0);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return done(rc);
}

/* What a deletion removes, children before parents; each statement binds the person once. */
static const char *const purge[] = {
    /* the child's voice and audits of the child's file (migration 21), before the tasks and
     * documents they name */
    "DELETE FROM child_voice WHERE person_id = ?",
    "DELETE FROM case_audit_action WHERE audit_id IN (SELECT id FROM case_audit WHERE person_id = ?)",
    "DELETE FROM case_audit_answer WHERE audit_id IN (SELECT id FROM case_audit WHERE person_id = ?)",
    "DELETE FROM case_audit WHERE person_id = ?",
    "DELETE FROM audit_theme_child WHERE person_id = ?",
    /* exploitation screenings (migration 19), before the tasks they raised; the child linked
     * on another's screening as a person of concern; missing from home */
    "DELETE FROM exploitation_support WHERE screening_id IN (SELECT id FROM exploitation_screening WHERE person_id = ?)",
    "DELETE FROM exploitation_link WHERE screening_id IN (SELECT id FROM exploitation_screening WHERE person_id = ?)",
    "DELETE FROM exploitation_link WHERE person_id = ?",
    "DELETE FROM exploitation_screening WHERE person_id = ?",
    "DELETE FROM missing_home WHERE person_id = ?",
    /* private fostering (migration 26): the child's arrangements and their visits (as a carer
     * on another child's, the person is the tombstone below) */
    "DELETE FROM private_fostering_visit WHERE arrangement_id IN (SELECT id FROM private_fostering WHERE person_id = ?)",
    "DELETE FROM private_fostering WHERE person_id = ?",
    /* the hub (migration 23): the agencies' checks on the child's contacts */
    "DELETE FROM mash_check WHERE contact_id IN (SELECT id FROM contact WHERE person_id = ?)",
    "DELETE FROM mash_contact WHERE contact_id IN (SELECT id FROM contact WHERE person_id = ?)",
    /* early help and Stronger Families (migration 18), found through the child's early_help
     * rows; before the professionals its team around the family names */
    "DELETE FROM sf_claim_family WHERE family_id IN (SELECT id FROM sf_family WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?))",
    "DELETE FROM sf_problem WHERE family_id IN (SELECT id FROM sf_family WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?))",
    "DELETE FROM sf_family WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    "DELETE FROM eh_review WHERE outcome_id IN (SELECT id FROM eh_outcome WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?))",
    "DELETE FROM eh_outcome WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    "DELETE FROM eh_meeting WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    "DELETE FROM eh_member WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    "DELETE FROM eh_assessment WHERE episode_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    "DELETE FROM eh_episode WHERE early_help_id IN (SELECT id FROM early_help WHERE person_id = ?)",
    /* the work on the child (migration 9): authorisation requests, tasks, moves, chairs */
    "DELETE FROM auth_request WHERE person_id = ?",
    "DELETE FROM task WHERE person_id = ?",
    "DELETE FROM team_move WHERE person_id = ?",
    "DELETE FROM iro_chair WHERE person_id = ?",
    /* the child as a person (migrations 13 and 17): details, their history, addresses,
     * professionals, alerts, and the merges the child was part of with what they moved
     * and filled */
    "DELETE FROM merge_detail WHERE merge_id IN (SELECT id FROM person_merge WHERE ? IN (kept_id, merged_id))",
    "DELETE FROM merge_move WHERE merge_id IN (SELECT id FROM person_merge WHERE ? IN (kept_id, merged_id))",
    "DELETE FROM person_merge WHERE ? IN (kept_id, merged_id)",
    "DELETE FROM person_alert WHERE person_id = ?",
    "DELETE FROM person_change WHERE person_id = ?",
    "DELETE FROM person_detail WHERE person_id = ?",
    "DELETE FROM person_address WHERE person_id = ?",
    "DELETE FROM professional WHERE person_id = ?",
    /* panels (migration 20): referrals; their meetings, actions and hearings go with them */
    "DELETE FROM panel_referral WHERE person_id = ?",
    /* documents (migration 16): their bytes, then what they were */
    "DELETE FROM document_chunk WHERE document_id IN (SELECT id FROM document WHERE person_id = ?)",
    "DELETE FROM document WHERE person_id = ?",
    /* case notes (migration 8): a note that concerns no other child goes whole, with every
     * version; one shared with a sibling stays on the sibling's record without this child */
    "DELETE FROM case_note_version WHERE note_id IN (SELECT c.note_id FROM case_note_child c WHERE "
    "c.person_id = ? AND NOT EXISTS (SELECT 1 FROM case_note_child o WHERE o.note_id = c.note_id AND "
    "o.person_id <> c.person_id))",
    "DELETE FROM case_note_child WHERE person_id = ? AND NOT EXISTS (SELECT 1 FROM case_note_child o "
    "WHERE o.note_id = case_note_child.note_id AND o.person_id <> case_note_child.person_id)",
    "DELETE FROM case_note WHERE ? > 0 AND id NOT IN (SELECT note_id FROM case_note_child)",
    "DELETE FROM case_note_child WHERE person_id = ?",
    /* the allocation log and health records (migrations 3 and 15) */
    "DELETE FROM allocation_log WHERE person_id = ?",
    "DELETE FROM health_record WHERE person_id = ?",
    /* the content of the work (migration 10) */
    "DELETE FROM plan_action_update WHERE action_id IN (SELECT a.id FROM plan_action a JOIN "
    "child_plan p ON p.id = a.plan_id WHERE p.person_id = ?)",
    "DELETE FROM meeting_attendee WHERE meeting_id IN (SELECT id FROM meeting WHERE person_id = ?)",
    "DELETE FROM meeting WHERE person_id = ?",
    "DELETE FROM plan_action WHERE plan_id IN (SELECT id FROM child_plan WHERE person_id = ?)",
    "DELETE FROM child_plan WHERE person_id = ?",
    "DELETE FROM assessment_step WHERE person_id = ?",
    "DELETE FROM assessment_content WHERE person_id = ?",
    /* the stage forms' records (migration 7) */
    "DELETE FROM cp_plan_end WHERE plan_id IN (SELECT p.id FROM cp_plan p JOIN cin_episode x ON "
    "x.id = p.episode_id WHERE x.person_id = ?)",
    "DELETE FROM return_interview WHERE missing_id IN (SELECT id FROM missing_episode WHERE person_id = ?)",
    "DELETE FROM la_visit WHERE person_id = ?",
    "DELETE FROM pathway_plan WHERE person_id = ?",
    "DELETE FROM leaver_contact WHERE person_id = ?",
    "DELETE FROM relationship WHERE person_id = ?",
    "DELETE FROM relationship WHERE relative_id = ?",
    "DELETE FROM cp_review WHERE plan_id IN (SELECT p.id FROM cp_plan p JOIN cin_episode x ON "
    "x.id = p.episode_id WHERE x.person_id = ?)",
    "DELETE FROM cp_plan WHERE episode_id IN (SELECT id FROM cin_episode WHERE person_id = ?)",
    "DELETE FROM s47_enquiry WHERE episode_id IN (SELECT id FROM cin_episode WHERE person_id = ?)",
    "DELETE FROM cin_plan WHERE episode_id IN (SELECT id FROM cin_episode WHERE person_id = ?)",
    "DELETE FROM assessment WHERE episode_id IN (SELECT id FROM cin_episode WHERE person_id = ?)",
    "DELETE FROM cin_episode_return WHERE episode_id IN (SELECT id FROM cin_episode WHERE person_id = ?)",
    "DELETE FROM cin_episode WHERE person_id = ?",
    "DELETE FROM draft WHERE form_key LIKE '/contacts/%' AND EXISTS (SELECT 1 FROM contact c WHERE "
    "c.person_id = ? AND draft.form_key LIKE '/contacts/' || c.id || '/%')",
    "DELETE FROM contact_note WHERE contact_id IN (SELECT id FROM contact WHERE person_id = ?)",
    "DELETE FROM contact WHERE person_id = ?",
    "DELETE FROM early_help WHERE person_id = ?",
    "DELETE FROM la_episode WHERE person_id = ?",
    "DELETE FROM la_review WHERE person_id = ?",
    "DELETE FROM missing_episode WHERE person_id = ?",
    "DELETE FROM care_leaver WHERE person_id = ?",
    "DELETE FROM la_outcome WHERE person_id = ?",
    "DELETE FROM adoption WHERE person_id = ?",
    "DELETE FROM placed_adoption WHERE person_id = ?",
    "DELETE FROM prev_perm WHERE person_id = ?",
    "DELETE FROM uasc WHERE person_id = ?",
    "DELETE FROM sw_episode WHERE person_id = ?",
    "DELETE FROM dolo WHERE person_id = ?",
    "DELETE FROM allocation WHERE person_id = ?",
    "DELETE FROM case_team WHERE person_id = ?",
    "DELETE FROM record_version WHERE person_id = ?",
    "DELETE FROM restriction_user WHERE person_id = ?",
    "DELETE FROM restriction WHERE person_id = ?",
    "DELETE FROM restriction_exclude WHERE person_id = ?",
    "UPDATE person SET la_child_id = 'deleted-' || id, upn = NULL, former_upn = NULL, "
    "upn_unknown = NULL, nhs_number = NULL, given_name = NULL, family_name = NULL, dob = NULL, "
    "expected_dob = NULL, death_date = NULL, sex = NULL, ethnicity = NULL, disabilities = NULL, "
    "mother = NULL, mc_dob = NULL WHERE id = ?",
};

int tr_delete_person(struct store *s, rec_id person, const char *rule, day_t due, const char *by,
                     int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    char *hold = NULL, *la = NULL;
    if ((rc = person_exists(s, person, e)) != HE_OK)
        goto out;
    if ((rc = tr_hold_get(s, person, &hold, e)) != HE_OK)
        goto out;
    if (hold) {
        rc = err_set(e, HE_INPUT, "a legal hold is in force (%s): nothing was deleted", hold);
        goto out;
    }
    /* the child's own forms' drafts: /children/N and /children/N/... */
    char exact[48], under[48];
    snprintf(exact, sizeof exact, "/children/%" PRId64, (int64_t)person);
    snprintf(under, sizeof under, "/children/%" PRId64 "/%%", (int64_t)person);
    if ((rc = db_prepare(store_db(s), "DELETE FROM draft WHERE form_key = ? OR form_key LIKE ?", &st, e)) != HE_OK)
        goto out;
    db_bind_text(st, 1, exact);
    db_bind_text(st, 2, under);
    rc = done(db_step(st, e));
    db_finalize(st);
    if (rc != HE_OK)
        goto out;
    if ((rc = db_prepare(store_db(s), "SELECT la_child_id FROM person WHERE id = ?", &st, e)) != HE_OK)
        goto out;
    db_bind_int(st, 1, person);
    if ((rc = db_step(st, e)) == DB_ROW)
        la = strdup(db_text(st, 0));
    db_finalize(st);
    if ((rc = done(rc)) != HE_OK)
        goto out;
    if (!strncmp(la, "deleted-", 8)) {
        rc = err_set(e, HE_INPUT, "person %" PRId64 " was deleted already", (int64_t)person);
        goto out;
    }
    for (size_t i = 0; i < sizeof purge / sizeof purge[0]; i++) {
        if ((rc = db_prepare(store_db(s), purge[i], &st, e)) != HE_OK)
            goto out;
        db_bind_int(st, 1, person);
        rc = done(db_step(st, e));
        db_finalize(st);
        if (rc != HE_OK)
            goto out;
    }
    if ((rc = db_prepare(store_db(s),
                         "INSERT INTO retention_deleted (la_child_id, rule, due, deleted_by, deleted_at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         &st, e)) != HE_OK)
        goto out;
    db_bind_text(st, 1, la);
    db_bind_text(st, 2, rule);
    db_bind_int(st, 3, due);
    db_bind_text(st, 4, by);
    db_bind_int(st, 5, now);
    rc = done(db_step(st, e));
    db_finalize(st);
out:
    free(hold);
    free(la);
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- restricted records ----------------------------------------------------------------- */

int tr_restrict(struct store *s, rec_id person, const char *reason, int64_t by_user, int64_t now,
                struct err *e)
{
    if (!reason || !*reason)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "say why the record is restricted");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = person_exists(s, person, e)) == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO restriction (person_id, set_by, reason, set_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (person_id) DO UPDATE SET reason = excluded.reason",
                    DB_I(person), DB_I(by_user), DB_T(reason), DB_I(now));
    return in_txn(s, rc, e);
}

int tr_unrestrict(struct store *s, rec_id person, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = DB_RUN(store_db(s), e,
                     "DELETE FROM restriction_user WHERE person_id = ?",
                     DB_I(person))) == HE_OK)
        rc = DB_RUN(store_db(s), e, "DELETE FROM restriction WHERE person_id = ?", DB_I(person));
    return in_txn(s, rc, e);
}

int tr_restrict_allow(struct store *s, rec_id person, int64_t user_id, int64_t by_user,
                      int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = person_exists(s, person, e)) == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO restriction (person_id, set_by, reason, set_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (person_id) DO NOTHING",
                    DB_I(person), DB_I(by_user), DB_T("restricted to named users"), DB_I(now));
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO restriction_user (person_id, user_id) VALUES (?, ?) "
                    "ON CONFLICT (person_id, user_id) DO NOTHING",
                    DB_I(person), DB_I(user_id));
    return in_txn(s, rc, e);
}

int tr_exclude(struct store *s, rec_id person, int64_t user_id, const char *reason, struct err *e)
{
    if (!reason || !*reason)
        return err_at(e, HE_INPUT, NULL, 0, "reason", "say why (for example: the person is this member of staff's child)");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = person_exists(s, person, e)) == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO restriction_exclude (person_id, user_id, reason) VALUES (?, ?, ?) "
                    "ON CONFLICT (person_id, user_id) DO UPDATE SET reason = excluded.reason",
                    DB_I(person), DB_I(user_id), DB_T(reason));
    return in_txn(s, rc, e);
}

/* one row: exists, restricted (explicitly or as an adopted child), named, excluded, in the
 * user's team or allocated to them, a recent break-glass opening. ?1-?6 the user's, from
 * access_run's bindings. */
#define ACCESS_COLS                                                                          \
    "(EXISTS (SELECT 1 FROM restriction r WHERE r.person_id = p.id) OR "                      \
    "EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.rec IN ('E11', 'E12'))), " \
    "EXISTS (SELECT 1 FROM restriction_user ru WHERE ru.person_id = p.id AND ru.user_id = ?1), " \
    "EXISTS (SELECT 1 FROM restriction_exclude x WHERE x.person_id = p.id AND x.user_id = ?2), " \
    "(EXISTS (SELECT 1 FROM case_team ct WHERE ct.person_id = p.id AND ct.team_id = ?3) OR "   \
    "EXISTS (SELECT 1 FROM allocation a WHERE a.person_id = p.id AND a.staff_id = ?4 AND a.end_date IS NULL) OR " \
    "EXISTS (SELECT 1 FROM iro_chair ic WHERE ic.person_id = p.id AND ic.user_id = ?1)), " \
    "EXISTS (SELECT 1 FROM access_log g WHERE g.person_id = p.id AND g.user_id = ?5 AND "     \
    "g.reason IS NOT NULL AND g.at > ?6) "
#define ACCESS_LIVE " AND p.la_child_id NOT LIKE 'deleted-%'"
static const char access_sql[] = "SELECT " ACCESS_COLS "FROM person p WHERE p.id = ?7" ACCESS_LIVE;

static void access_bind(struct db_stmt *st, const struct cw_user *u, int64_t now, int64_t glass_secs)
{
    db_bind_int(st, 1, u->id);
    db_bind_int(st, 2, u->id);
    db_bind_int(st, 3, u->team_id);
    db_bind_int(st, 4, u->staff_id);
    db_bind_int(st, 5, u->id);
    db_bind_int(st, 6, glass_secs > 0 ? now - glass_secs : INT64_MAX); /* 0: no break-glass */
}

/* The access of a row of access columns starting at column c. */
static enum tr_access access_row(struct db_stmt *st, int c, const struct cw_user *u, bool *restricted)
{
    bool restr = db_int(st, c), named = db_int(st, c + 1), excluded = db_int(st, c + 2),
         team = db_int(st, c + 3), glass = db_int(st, c + 4);
    *restricted = restr;
    if (excluded)
        return TR_EXCLUDED;
    if (!cw_role_opens_records(u->role))
        return TR_NO_ACCESS;
    if (restr)
        return named || glass ? TR_OPEN : TR_RESTRICTED;
    return team || u->role == ROLE_ADMIN || glass ? TR_OPEN : TR_OUTSIDE;
}

/* tr_access on a prepared access_sql. */
static int access_run(struct db_stmt *st, const struct cw_user *u, rec_id person, int64_t now,
                      int64_t glass_secs, enum tr_access *out, bool *restricted, struct err *e)
{
    *out = TR_NONE;
    *restricted = false;
    db_reset(st);
    access_bind(st, u, now, glass_secs);
    db_bind_int(st, 7, person);
    int rc = db_step(st, e);
    if (rc == DB_ROW)
        *out = access_row(st, 0, u, restricted);
    return done(rc);
}

/* A list's access, no break-glass (as tr_hidden_name): out[i] and restricted[i] for ids[i],
 * TR_NONE for an id with no live record. One statement for up to ACCESS_CHUNK rows rather
 * than one a row (on PostgreSQL each is a round trip): its IN list is padded to a power of
 * two with the last id, so a handful of texts serve every list length. */
#define ACCESS_CHUNK 64
static int access_many(struct store *s, const struct cw_user *u, const rec_id *ids, int n,
                       enum tr_access *out, bool *restricted, struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; i < n; i++) {
        out[i] = TR_NONE;
        restricted[i] = false;
    }
    for (int at = 0; rc == HE_OK && at < n; at += ACCESS_CHUNK) {
        int k = n - at < ACCESS_CHUNK ? n - at : ACCESS_CHUNK, slots = 8;
        while (slots < k)
            slots *= 2;
        struct buf sql = BUF_INIT;
        buf_adds(&sql, "SELECT p.id, " ACCESS_COLS "FROM person p WHERE p.id IN (");
        for (int j = 0; j < slots; j++)
            buf_printf(&sql, "%s?%d", j ? ", " : "", 7 + j);
        buf_adds(&sql, ")" ACCESS_LIVE);
        struct db_stmt *st;
        rc = db_prepare(store_db(s), buf_str(&sql), &st, e);
        buf_free(&sql);
        if (rc != HE_OK)
            break;
        access_bind(st, u, 0, 0);
        for (int j = 0; j < slots; j++)
            db_bind_int(st, 7 + j, ids[at + (j < k ? j : k - 1)]);
        int step;
        while ((step = db_step(st, e)) == DB_ROW) {
            rec_id id = db_int(st, 0);
            bool restr;
            enum tr_access a = access_row(st, 1, u, &restr);
            for (int j = at; j < at + k; j++)
                if (ids[j] == id) {
                    out[j] = a;
                    restricted[j] = restr;
                }
        }
        db_finalize(st);
        rc = done(step);
    }
    return rc;
}

int tr_access(struct store *s, const struct cw_user *u, rec_id person, int64_t now,
              int64_t glass_secs, enum tr_access *out, bool *restricted, struct err *e)
{
    *out = TR_NONE;
    *restricted = false;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), access_sql, &st, e);
    if (rc != HE_OK)
        return rc;
    rc = access_run(st, u, person, now, glass_secs, out, restricted, e);
    db_finalize(st);
    return rc;
}

/* ---- sign-in hardening ---------------------------------------------------------------- */

int tr_login_state(struct store *s, int64_t user_id, int64_t *until, int *failures, struct err *e)
{
    *until = 0;
    *failures = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT locked_until, failed_logins FROM app_user WHERE id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, user_id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        *until = db_int(st, 0);
        *failures = (int)db_int(st, 1);
    }
    db_finalize(st);
    return done(rc);
}

int tr_login_failed(struct store *s, int64_t user_id, int64_t now, int64_t *until, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int failures;
    if ((rc = tr_login_state(s, user_id, until, &failures, e)) == HE_OK) {
        failures++;
        *until = 0;
        if (failures >= TR_FREE_ATTEMPTS) {
            int k = failures - TR_FREE_ATTEMPTS; /* 0, 1, 2 ... */
            int64_t secs = k >= 6 ? 3600 : (int64_t)60 << k;
            *until = now + secs;
        }
        rc = DB_RUN(store_db(s), e,
                    "UPDATE app_user SET failed_logins = ?, locked_until = ? WHERE id = ?",
                    DB_I(failures), DB_I(*until), DB_I(user_id));
    }
    return in_txn(s, rc, e);
}

int tr_login_ok(struct store *s, int64_t user_id, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e,
                "UPDATE app_user SET failed_logins = 0, locked_until = 0 WHERE id = ?",
                DB_I(user_id));
    return in_txn(s, rc, e);
}

/* The new hash, the sessions ended (all, or all but keep_token's), the event logged. */
static int password_store(struct store *s, int64_t user_id, const char *pw_hash, const char *keep_token,
                          int64_t by_user, const char *what, int64_t now, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t n = 0;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s), "UPDATE app_user SET pw_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
                         &st, e)) == HE_OK) {
        db_bind_text(st, 1, pw_hash);
        db_bind_int(st, 2, user_id);
        rc = done(db_step(st, e));
        n = db_changes(st);
        db_finalize(st);
    }
    if (rc == HE_OK && !n)
        rc = err_set(e, HE_INPUT, "there is no user %" PRId64, user_id);
    /* a stolen session dies with the old password (the one changing it stays signed in) */
    if (rc == HE_OK && keep_token)
        rc = DB_RUN(store_db(s), e,
                    "DELETE FROM web_session WHERE user_id = ? AND token_hash <> ?",
                    DB_I(user_id), DB_T(keep_token));
    else if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "DELETE FROM web_session WHERE user_id = ?", DB_I(user_id));
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO security_event (user_id, what, by_user, at) VALUES (?, ?, ?, ?)",
                    DB_I(user_id), DB_T(what), DB_Z(by_user), DB_I(now));
    return in_txn(s, rc, e);
}

int tr_password_set(struct store *s, int64_t user_id, const char *pw_hash, struct err *e)
{
    return password_store(s, user_id, pw_hash, NULL, 0, "password set with hearth user passwd; every session ended",
                          (int64_t)time(NULL), e);
}

int tr_password_change(struct store *s, int64_t user_id, const char *pw_hash, const char *keep_token,
                       int64_t now, struct err *e)
{
    if (!keep_token || !*keep_token)
        return err_set(e, HE_USAGE, "tr_password_change: the session to keep is missing");
    return password_store(s, user_id, pw_hash, keep_token, user_id,
                          "password changed by the user; their other sessions ended", now, e);
}

int tr_events(struct store *s, int64_t user_id, struct tr_event *out, int max, int *n, struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT g.at, g.what, coalesce(u.display_name, '') FROM security_event g LEFT JOIN "
                        "app_user u ON u.id = g.by_user WHERE g.user_id = ? ORDER BY g.at DESC, g.id DESC LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, max);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct tr_event *v = &out[(*n)++];
        v->at = db_int(st, 0);
        snprintf(v->what, sizeof v->what, "%s", db_text(st, 1) ? db_text(st, 1) : "");
        snprintf(v->by, sizeof v->by, "%s", db_text(st, 2) ? db_text(st, 2) : "");
    }
    db_finalize(st);
    return done(rc);
}

int tr_totp_set(struct store *s, int64_t user_id, const char *secret, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s), "UPDATE app_user SET totp_secret = ?, totp_last = 0 WHERE id = ?", &st, e)) == HE_OK) {
        db_bind_text(st, 1, secret);
        db_bind_int(st, 2, user_id);
        rc = done(db_step(st, e));
        db_finalize(st);
    }
    return in_txn(s, rc, e);
}

int tr_totp_get(struct store *s, int64_t user_id, char **secret, int64_t *last_step, struct err *e)
{
    *secret = NULL;
    *last_step = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT totp_secret, totp_last FROM app_user WHERE id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, user_id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        if (db_text(st, 0))
            *secret = strdup(db_text(st, 0));
        *last_step = db_int(st, 1);
    }
    db_finalize(st);
    return done(rc);
}

int tr_totp_used(struct store *s, int64_t user_id, int64_t step, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t n = 0;
    rc = DB_CHANGES(store_db(s), e, &n,
                    "UPDATE app_user SET totp_last = ? WHERE id = ? AND totp_last < ?",
                    DB_I(step), DB_I(user_id), DB_I(step));
    if (rc == HE_OK && !n)
        rc = err_set(e, HE_INPUT, "that code has been used already: wait for the next one");
    return in_txn(s, rc, e);
}

/* What a list shows for a row of access a: hidden, and the words in place of the name. */
static void hidden_words(enum tr_access a, bool restricted, bool *hidden, const char **words)
{
    *hidden = false;
    *words = "";
    if (a != TR_OPEN) { /* it exists (its LAchildID); nothing in it is shown */
        *hidden = true;
        if (restricted || a == TR_EXCLUDED || a == TR_RESTRICTED)
            *words = TR_HIDDEN_NAME;
    }
}

int tr_hidden_name(struct store *s, const struct cw_user *u, rec_id person, bool *hidden,
                   const char **words, struct err *e)
{
    enum tr_access a;
    bool restricted;
    *hidden = false;
    *words = "";
    int rc = tr_access(s, u, person, 0, 0, &a, &restricted, e);
    if (rc == HE_OK)
        hidden_words(a, restricted, hidden, words);
    return rc;
}

/* The access of each of n rows' people, one statement for the lot (access_many). */
static int mask_access(struct store *s, const struct cw_user *u, const rec_id *ids, int n,
                       enum tr_access **a, bool **restricted, struct err *e)
{
    *a = xmalloc((size_t)(n ? n : 1) * sizeof **a);
    *restricted = xmalloc((size_t)(n ? n : 1) * sizeof **restricted);
    return access_many(s, u, ids, n, *a, *restricted, e);
}

int tr_mask_children(struct store *s, const struct cw_user *u, struct cw_child_row *rows, int n,
                     struct err *e)
{
    rec_id *ids = xmalloc((size_t)(n ? n : 1) * sizeof *ids);
    for (int i = 0; i < n; i++)
        ids[i] = rows[i].id;
    enum tr_access *a;
    bool *restricted;
    int rc = mask_access(s, u, ids, n, &a, &restricted, e);
    for (int i = 0; rc == HE_OK && i < n; i++) {
        const char *words;
        hidden_words(a[i], restricted[i], &rows[i].hidden, &words);
        if (rows[i].hidden) {
            snprintf(rows[i].given, sizeof rows[i].given, "%s", words);
            rows[i].family[0] = 0;
            rows[i].dob = DAY_NONE;
        }
    }
    free(ids);
    free(a);
    free(restricted);
    return rc;
}

int tr_mask_contacts(struct store *s, const struct cw_user *u, struct cw_contact_row *rows, int n,
                     struct err *e)
{
    rec_id *ids = xmalloc((size_t)(n ? n : 1) * sizeof *ids);
    for (int i = 0; i < n; i++)
        ids[i] = rows[i].person;
    enum tr_access *a;
    bool *restricted;
    int rc = mask_access(s, u, ids, n, &a, &restricted, e);
    for (int i = 0; rc == HE_OK && i < n; i++) {
        const char *words;
        hidden_words(a[i], restricted[i], &rows[i].hidden, &words);
        if (rows[i].hidden) {
            snprintf(rows[i].given, sizeof rows[i].given, "%s", *words ? words : "Another team's child");
            rows[i].family[0] = 0;
        }
    }
    free(ids);
    free(a);
    free(restricted);
    return rc;
}

