/* store_panels: panels, their meetings and actions, care proceedings, and the money the
 * authority enters (panels.h), written once on the portable db.h layer. Each write checks
 * inside its transaction what the database must never hold, so a refusal leaves nothing;
 * lists are one statement each. The forecast and the cost avoided read placements' weekly
 * costs (placements.h's tables) through model/placement.h's placement_cost, so the money
 * page, the dashboard and the placements page agree to the penny. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/placement.h"
#include "../model/stages.h"
#include "panels.h"
#include "store_impl.h"
#include "workflow.h"

#define PN_CODE(key, name) {key, name},
const struct pn_code pn_kinds[] = {PN_KINDS(PN_CODE)};
const int n_pn_kinds = sizeof pn_kinds / sizeof pn_kinds[0];
const struct pn_code pn_decisions[] = {PN_DECISIONS(PN_CODE)};
const int n_pn_decisions = sizeof pn_decisions / sizeof pn_decisions[0];
const struct pn_code pn_hearing_kinds[] = {PN_HEARING_KINDS(PN_CODE)};
const int n_pn_hearing_kinds = sizeof pn_hearing_kinds / sizeof pn_hearing_kinds[0];
const struct pn_code pn_orders[] = {PN_ORDERS(PN_CODE)};
const int n_pn_orders = sizeof pn_orders / sizeof pn_orders[0];
#undef PN_CODE

const char *pn_name(const struct pn_code *list, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (!strcmp(list[i].key, key))
            return list[i].name;
    return NULL;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int refuse(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int text_check(const char *s, size_t max, const char *field, const char *what, struct err *e)
{
    if (!s || !*s)
        return err_at(e, HE_INPUT, NULL, 0, field, "enter %s", what);
    if (chars(s) > max)
        return err_at(e, HE_INPUT, NULL, 0, field, "%s must be %zu characters or fewer", what, max);
    return HE_OK;
}

/* ---- referrals ---------------------------------------------------------------------------------- */
int pn_refer(struct store *s, const struct cw_user *u, rec_id person, const char *kind, day_t referred,
             const char *reason, day_t today, int64_t now, int64_t *id, struct err *e)
{
    if (!pn_name(pn_kinds, n_pn_kinds, kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "select the panel");
    if (!referred)
        return err_at(e, HE_INPUT, NULL, 0, "referred", "enter the date of the referral");
    if (referred > today)
        return err_at(e, HE_INPUT, NULL, 0, "referred", "the date of the referral must be today or in the past");
    int rc = text_check(reason, PN_TEXT_MAX, "reason", "why the child is referred", e);
    if (rc != HE_OK)
        return rc;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t exists = 0;
    if ((rc = DB_INT(d, e, &exists, "SELECT count(*) FROM person WHERE id = ?", DB_I(person))) != HE_OK)
        return refuse(s, rc);
    if (!exists)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "kind", "there is no such child"));
    if ((rc = DB_INT(d, e, id,
                     "INSERT INTO panel_referral (person_id, kind, referred, reason, referred_by, created) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_I(person), DB_T(kind), DB_I(referred), DB_T(reason), DB_Z(u->id), DB_I(now))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

/* The referral's columns and its latest meeting's (by day, then id). */
#define REFERRAL_COLS                                                                                   \
    "SELECT r.id, r.person_id, p.given_name, p.family_name, r.kind, r.referred, r.reason, u.display_name, " \
    "r.created, r.eoc_weeks, r.eoc_stayed_out, r.eoc_day, r.letter_day, r.issue_day, r.order_day, "        \
    "r.order_kind, (SELECT count(*) FROM panel_meeting c WHERE c.referral_id = r.id), m.day, "             \
    "m.next_review, m.decision, p.la_child_id FROM panel_referral r JOIN person p ON p.id = r.person_id "                 \
    "LEFT JOIN app_user u ON u.id = r.referred_by "                                                         \
    "LEFT JOIN panel_meeting m ON m.referral_id = r.id AND NOT EXISTS (SELECT 1 FROM panel_meeting m2 "    \
    "WHERE m2.referral_id = r.id AND (m2.day > m.day OR (m2.day = m.day AND m2.id > m.id))) "

static void read_referral(struct db_stmt *st, struct pn_referral *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_int(st, 0);
    r->person = db_int(st, 1);
    copy(r->given, sizeof r->given, db_text(st, 2));
    copy(r->family, sizeof r->family, db_text(st, 3));
    copy(r->kind, sizeof r->kind, db_text(st, 4));
    r->referred = (day_t)db_int(st, 5);
    copy(r->reason, sizeof r->reason, db_text(st, 6));
    copy(r->referred_by, sizeof r->referred_by, db_text(st, 7));
    r->created = db_int(st, 8);
    r->eoc_weeks = db_is_null(st, 9) ? -1 : (int)db_int(st, 9);
    r->eoc_stayed_out = db_is_null(st, 10) ? -1 : (int)db_int(st, 10);
    r->eoc_day = (day_t)db_int(st, 11);
    r->letter_day = (day_t)db_int(st, 12);
    r->issue_day = (day_t)db_int(st, 13);
    r->order_day = (day_t)db_int(st, 14);
    copy(r->order_kind, sizeof r->order_kind, db_text(st, 15));
    r->n_meetings = (int)db_int(st, 16);
    r->last_meeting = (day_t)db_int(st, 17);
    r->next_review = (day_t)db_int(st, 18);
    copy(r->decision, sizeof r->decision, db_text(st, 19));
    copy(r->la, sizeof r->la, db_text(st, 20));
}

/* Rows of a prepared referral statement into a growing array. */
static int read_referrals(struct db_stmt *st, struct pn_referral **out, size_t *n, struct err *e)
{
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct pn_referral *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
            *out = p;
        }
        read_referral(st, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int pn_referral_get(struct store *s, rec_id person, int64_t id, struct pn_referral *out, bool *found,
                    struct err *e)
{
    struct db_stmt *st;
    *found = false;
    int rc = db_prepare(store_db(s), REFERRAL_COLS "WHERE r.id = ? AND r.person_id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        read_referral(st, out);
        *found = true;
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

int pn_referrals_for(struct store *s, rec_id person, struct pn_referral **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), REFERRAL_COLS "WHERE r.person_id = ? ORDER BY r.referred DESC, r.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    return read_referrals(st, out, n, e);
}

int pn_referrals(struct store *s, const char *kind, int max, struct pn_referral **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    bool any = !kind || !*kind;
    int rc = db_prepare(store_db(s),
                        any ? REFERRAL_COLS "ORDER BY CASE WHEN m.next_review IS NULL THEN 1 ELSE 0 END, "
                                            "m.next_review, r.referred DESC, r.id DESC LIMIT ?"
                            : REFERRAL_COLS "WHERE r.kind = ? ORDER BY CASE WHEN m.next_review IS NULL THEN 1 "
                                            "ELSE 0 END, m.next_review, r.referred DESC, r.id DESC LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    if (any)
        db_bind_int(st, 1, max);
    else {
        db_bind_text(st, 1, kind);
        db_bind_int(st, 2, max);
    }
    return read_referrals(st, out, n, e);
}

/* The referral inside a transaction: its kind and day, when it is person's. */
static int referral_in_txn(struct store *s, rec_id person, int64_t referral, char kind[24], day_t *referred,
                           day_t *issue, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT kind, referred, issue_day FROM panel_referral WHERE id = ? AND person_id = ?", &st,
                        e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, referral);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        copy(kind, 24, db_text(st, 0));
        *referred = (day_t)db_int(st, 1);
        if (issue)
            *issue = (day_t)db_int(st, 2);
        rc = HE_OK;
    } else if (rc == DB_DONE)
        rc = err_at(e, HE_INPUT, NULL, 0, "referral", "there is no such referral on this child's record");
    db_finalize(st);
    return rc;
}

/* ---- meetings ----------------------------------------------------------------------------------- */
int pn_meeting_add(struct store *s, const struct cw_user *u, rec_id person, int64_t referral,
                   const struct pn_meeting_in *in, day_t today, int64_t now, int64_t *id, struct err *e)
{
    if (!in->day)
        return err_at(e, HE_INPUT, NULL, 0, "day", "enter the date of the meeting");
    if (in->day > today)
        return err_at(e, HE_INPUT, NULL, 0, "day", "the date of the meeting must be today or in the past");
    if (!pn_name(pn_decisions, n_pn_decisions, in->decision))
        return err_at(e, HE_INPUT, NULL, 0, "decision", "select the panel's decision");
    int rc = text_check(in->minutes, PN_MINUTES_MAX, "minutes", "the minutes", e);
    if (rc != HE_OK)
        return rc;
    if (in->next_review && in->next_review <= in->day)
        return err_at(e, HE_INPUT, NULL, 0, "next_review", "the next review must be after the meeting");
    if (in->n_actions < 0 || in->n_actions > PN_ACTIONS_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "action1", "a meeting sets at most %d actions", PN_ACTIONS_MAX);
    for (int i = 0; i < in->n_actions; i++)
        if (in->actions[i].due && in->actions[i].due < in->day) {
            char field[16];
            snprintf(field, sizeof field, "due%d", i + 1);
            return err_at(e, HE_INPUT, NULL, 0, field, "an action cannot be due before the meeting");
        }
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    char kind[24];
    day_t referred;
    if ((rc = referral_in_txn(s, person, referral, kind, &referred, NULL, e)) != HE_OK)
        return refuse(s, rc);
    if (in->day < referred)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "day", "the meeting cannot be before the referral"));
    struct db *d = store_db(s);
    if ((rc = DB_INT(d, e, id,
                     "INSERT INTO panel_meeting (referral_id, day, decision, minutes, next_review, recorded_by, "
                     "created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_I(referral), DB_I(in->day), DB_T(in->decision), DB_T(in->minutes), DB_Z(in->next_review),
                     DB_Z(u->id), DB_I(now))) != HE_OK)
        return refuse(s, rc);
    for (int i = 0; i < in->n_actions; i++) {
        int64_t task = 0;
        if ((rc = wf_task_add_in_txn(s, u, person, in->actions[i].assigned_to, in->actions[i].title,
                                     in->actions[i].due, now, &task, e)) != HE_OK) {
            /* the task's field, numbered as the form numbers its actions */
            if (rc == HE_INPUT && strlen(e->field) < sizeof e->field - 2) {
                size_t k = strlen(e->field);
                e->field[k] = (char)('1' + i);
                e->field[k + 1] = 0;
            }
            return refuse(s, rc);
        }
        if ((rc = DB_RUN(d, e, "INSERT INTO panel_action (meeting_id, task_id) VALUES (?, ?)", DB_I(*id),
                         DB_I(task))) != HE_OK)
            return refuse(s, rc);
    }
    return store_commit(s, e);
}

void pn_meetings_free(struct pn_meeting *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        free(m[i].minutes);
    free(m);
}

int pn_meetings(struct store *s, int64_t referral, struct pn_meeting **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT m.id, m.day, m.decision, m.minutes, m.next_review, u.display_name, m.created, "
                        "a.task_id FROM panel_meeting m LEFT JOIN app_user u ON u.id = m.recorded_by "
                        "LEFT JOIN panel_action a ON a.meeting_id = m.id WHERE m.referral_id = ? "
                        "ORDER BY m.day DESC, m.id DESC, a.task_id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, referral);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (!*n || (*out)[*n - 1].id != db_int(st, 0)) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 4;
                struct pn_meeting *p = realloc(*out, cap * sizeof *p);
                if (!p) {
                    rc = err_set(e, HE_INTERNAL, "out of memory");
                    break;
                }
                *out = p;
            }
            struct pn_meeting *m = &(*out)[(*n)++];
            memset(m, 0, sizeof *m);
            m->id = db_int(st, 0);
            m->day = (day_t)db_int(st, 1);
            copy(m->decision, sizeof m->decision, db_text(st, 2));
            m->minutes = strdup(db_text(st, 3) ? db_text(st, 3) : "");
            m->next_review = (day_t)db_int(st, 4);
            copy(m->by, sizeof m->by, db_text(st, 5));
            m->created = db_int(st, 6);
            if (!m->minutes) {
                rc = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
        }
        struct pn_meeting *m = &(*out)[*n - 1];
        if (!db_is_null(st, 7) && m->n_actions < PN_ACTIONS_MAX)
            m->actions[m->n_actions++] = db_int(st, 7);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        pn_meetings_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

/* ---- Edge of Care and care proceedings ---------------------------------------------------------- */
int pn_eoc_outcome(struct store *s, rec_id person, int64_t referral, int weeks, int stayed_out, day_t day,
                   day_t today, struct err *e)
{
    if (weeks < 0 || weeks > 104)
        return err_at(e, HE_INPUT, NULL, 0, "weeks", "enter the weeks of intervention, from 0 to 104");
    if (stayed_out != 0 && stayed_out != 1)
        return err_at(e, HE_INPUT, NULL, 0, "stayed_out", "select whether the young person stayed out of care");
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "day", "enter the date of the outcome");
    if (day > today)
        return err_at(e, HE_INPUT, NULL, 0, "day", "the date of the outcome must be today or in the past");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    char kind[24];
    day_t referred;
    if ((rc = referral_in_txn(s, person, referral, kind, &referred, NULL, e)) != HE_OK)
        return refuse(s, rc);
    if (strcmp(kind, "edge_of_care"))
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "weeks", "only an Edge of Care referral has this outcome"));
    if (day < referred)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "day", "the outcome cannot be before the referral"));
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE panel_referral SET eoc_weeks = ?, eoc_stayed_out = ?, eoc_day = ? WHERE id = ?",
                     DB_I(weeks), DB_I(stayed_out), DB_I(day), DB_I(referral))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int pn_proceedings(struct store *s, rec_id person, int64_t referral, day_t letter, day_t issue, day_t order_day,
                   const char *order_kind, day_t today, struct err *e)
{
    bool has_order = order_kind && *order_kind;
    if (letter > today)
        return err_at(e, HE_INPUT, NULL, 0, "letter", "the letter before proceedings must be dated today or before");
    if (issue > today)
        return err_at(e, HE_INPUT, NULL, 0, "issue", "the issue date must be today or in the past");
    if (order_day > today)
        return err_at(e, HE_INPUT, NULL, 0, "order_day", "the final order's date must be today or in the past");
    if (has_order && !pn_name(pn_orders, n_pn_orders, order_kind))
        return err_at(e, HE_INPUT, NULL, 0, "order", "select the final order");
    if (order_day && !has_order)
        return err_at(e, HE_INPUT, NULL, 0, "order", "select the final order made");
    if (has_order && !order_day)
        return err_at(e, HE_INPUT, NULL, 0, "order_day", "enter the date of the final order");
    if (order_day && !issue)
        return err_at(e, HE_INPUT, NULL, 0, "issue", "enter the date proceedings were issued before the final order");
    if (order_day && order_day < issue)
        return err_at(e, HE_INPUT, NULL, 0, "order_day", "the final order cannot be before proceedings were issued");
    if (letter && issue && issue < letter)
        return err_at(e, HE_INPUT, NULL, 0, "issue", "proceedings cannot be issued before the letter before proceedings");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    char kind[24];
    day_t referred;
    if ((rc = referral_in_txn(s, person, referral, kind, &referred, NULL, e)) != HE_OK)
        return refuse(s, rc);
    if (strcmp(kind, "legal_gateway"))
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "letter", "only a Legal Gateway referral has proceedings"));
    if (letter && letter < referred)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "letter", "the letter cannot be before the referral"));
    int64_t before = 0;
    if (issue && (rc = DB_INT(store_db(s), e, &before,
                              "SELECT count(*) FROM court_hearing WHERE referral_id = ? AND day < ?", DB_I(referral),
                              DB_I(issue))) != HE_OK)
        return refuse(s, rc);
    if (before)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "issue", "a hearing is recorded before this issue date"));
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE panel_referral SET letter_day = ?, issue_day = ?, order_day = ?, order_kind = ? "
                     "WHERE id = ?",
                     DB_Z(letter), DB_Z(issue), DB_Z(order_day), DB_T(has_order ? order_kind : NULL),
                     DB_I(referral))) != HE_OK)
        return refuse(s, rc);
    /* the 26-week clock starts or stops: lists that keep the child's clocks by the record's
     * version (My work, the team page) compute them afresh */
    if ((rc = DB_RUN(store_db(s), e,
                     "INSERT INTO record_version (person_id, version) VALUES (?, 1) ON CONFLICT "
                     "(person_id) DO UPDATE SET version = record_version.version + 1",
                     DB_I(person))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int pn_hearing_add(struct store *s, const struct cw_user *u, rec_id person, int64_t referral, day_t day,
                   const char *kind, const char *note, int64_t now, struct err *e)
{
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "day", "enter the date of the hearing");
    if (!pn_name(pn_hearing_kinds, n_pn_hearing_kinds, kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "select the hearing");
    if (note && chars(note) > PN_TEXT_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "note", "the note must be %d characters or fewer", PN_TEXT_MAX);
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    char rkind[24];
    day_t referred, issue = DAY_NONE;
    if ((rc = referral_in_txn(s, person, referral, rkind, &referred, &issue, e)) != HE_OK)
        return refuse(s, rc);
    if (strcmp(rkind, "legal_gateway") || !issue)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "day", "record the day proceedings were issued first"));
    if (day < issue)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "day", "a hearing cannot be before proceedings were issued"));
    if ((rc = DB_RUN(store_db(s), e,
                     "INSERT INTO court_hearing (referral_id, day, kind, note, recorded_by, created) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(referral), DB_I(day), DB_T(kind), DB_T(note && *note ? note : NULL), DB_Z(u->id),
                     DB_I(now))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int pn_hearings(struct store *s, int64_t referral, struct pn_hearing **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT id, day, kind, note FROM court_hearing WHERE referral_id = ? ORDER BY day, id", &st,
                        e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, referral);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            struct pn_hearing *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
            *out = p;
        }
        struct pn_hearing *h = &(*out)[(*n)++];
        h->id = db_int(st, 0);
        h->day = (day_t)db_int(st, 1);
        copy(h->kind, sizeof h->kind, db_text(st, 2));
        copy(h->note, sizeof h->note, db_text(st, 3));
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

/* ---- money --------------------------------------------------------------------------------------- */
int mn_unit_cost_add(struct store *s, const struct cw_user *u, const struct mn_unit_cost *c, int64_t now,
                     struct err *e)
{
    if (!stage_label(carer_places, n_carer_places, c->place))
        return err_at(e, HE_INPUT, NULL, 0, "place", "select the type of placement");
    if (!c->from)
        return err_at(e, HE_INPUT, NULL, 0, "from", "enter the date the cost is in force from");
    if (c->weeks < 1 || c->weeks > 104)
        return err_at(e, HE_INPUT, NULL, 0, "weeks", "enter the number of weeks the cost is for, from 1 to 104");
    if (c->pence <= 0)
        return err_at(e, HE_INPUT, NULL, 0, "cost", "enter the cost in pounds, more than nothing");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t taken = 0;
    if ((rc = DB_INT(store_db(s), e, &taken, "SELECT count(*) FROM unit_cost WHERE place = ? AND from_day = ?",
                     DB_T(c->place), DB_I(c->from))) != HE_OK)
        return refuse(s, rc);
    if (taken)
        return refuse(s, err_at(e, HE_INPUT, NULL, 0, "from",
                                "this type of placement already has a unit cost from that date"));
    if ((rc = DB_RUN(store_db(s), e,
                     "INSERT INTO unit_cost (place, from_day, weeks, pence, edge_of_care, entered_by, created) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_T(c->place), DB_I(c->from), DB_I(c->weeks), DB_I(c->pence), DB_I(c->edge_of_care ? 1 : 0),
                     DB_Z(u->id), DB_I(now))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int mn_unit_costs(struct store *s, struct mn_unit_cost **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT id, place, from_day, weeks, pence, edge_of_care FROM unit_cost "
                        "ORDER BY place, from_day",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct mn_unit_cost *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
            *out = p;
        }
        struct mn_unit_cost *c = &(*out)[(*n)++];
        c->id = db_int(st, 0);
        copy(c->place, sizeof c->place, db_text(st, 1));
        c->from = (day_t)db_int(st, 2);
        c->weeks = (int)db_int(st, 3);
        c->pence = db_int(st, 4);
        c->edge_of_care = db_int(st, 5) == 1;
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return HE_OK;
}

int mn_budget_set(struct store *s, const struct cw_user *u, int year, int64_t pence, int64_t now, struct err *e)
{
    if (year < 2000 || year > 2100)
        return err_at(e, HE_INPUT, NULL, 0, "year", "select the financial year");
    if (pence < 0)
        return err_at(e, HE_INPUT, NULL, 0, "budget", "enter the budget in pounds");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = DB_RUN(store_db(s), e,
                     "INSERT INTO budget (year, pence, entered_by, created) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (year) DO UPDATE SET pence = excluded.pence, entered_by = excluded.entered_by, "
                     "created = excluded.created",
                     DB_I(year), DB_I(pence), DB_Z(u->id), DB_I(now))) != HE_OK)
        return refuse(s, rc);
    return store_commit(s, e);
}

int mn_budget_get(struct store *s, int year, int64_t *pence, bool *found, struct err *e)
{
    int64_t n = 0;
    *pence = 0;
    int rc = DB_INT(store_db(s), e, &n, "SELECT count(*) FROM budget WHERE year = ?", DB_I(year));
    if (rc == HE_OK && (*found = n > 0))
        rc = DB_INT(store_db(s), e, pence, "SELECT pence FROM budget WHERE year = ?", DB_I(year));
    return rc;
}

int mn_forecast(struct store *s, int year, day_t today, struct mn_forecast *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    out->first = date_from_ymd(year - 1, 4, 1);
    out->last = date_from_ymd(year, 3, 31);
    int rc = mn_budget_get(s, year, &out->budget, &out->has_budget, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(store_db(s),
                         "SELECT l.decom, l.dec, p.weekly_cost FROM placement p JOIN la_episode l ON "
                         "l.id = p.episode_id WHERE l.decom <= ? AND (l.dec IS NULL OR l.dec > ?)",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, out->last);
    db_bind_int(st, 2, out->first);
    /* spent: the year's days up to today; committed: after today, for placements open now */
    day_t spent_to = today < out->last ? today : out->last;
    day_t ahead = today + 1 > out->first ? today + 1 : out->first;
    while ((rc = db_step(st, e)) == DB_ROW) {
        day_t a = (day_t)db_int(st, 0), b = (day_t)db_int(st, 1);
        int64_t w = db_int(st, 2);
        if (spent_to >= out->first)
            out->spent += placement_cost(w, a, b, out->first, spent_to);
        if (!b && ahead <= out->last)
            out->committed += placement_cost(w, a, b, ahead, out->last);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    out->forecast = out->spent + out->committed;
    return HE_OK;
}

int mn_eoc_avoided(struct store *s, day_t from, day_t to, struct mn_avoided *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    /* each outcome with the Edge of Care unit cost in force on its day (the latest from on
     * or before it), if any */
    int rc = db_prepare(store_db(s),
                        "SELECT r.eoc_stayed_out, (SELECT c.pence FROM unit_cost c WHERE c.edge_of_care = 1 AND "
                        "c.from_day <= r.eoc_day ORDER BY c.from_day DESC, c.id DESC LIMIT 1) FROM panel_referral r "
                        "WHERE r.kind = 'edge_of_care' AND r.eoc_day BETWEEN ? AND ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        out->outcomes++;
        if (db_int(st, 0) != 1)
            continue;
        out->stayed_out++;
        if (db_is_null(st, 1))
            out->uncosted++;
        else {
            out->costed++;
            out->pence += db_int(st, 1);
        }
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}
