/* store_mash: the hub at the front door (mash.h) on the portable db.h layer, so both
 * stores run it unchanged. Every write is one transaction that first checks the contact is
 * in the hub (or, to bring it in, is not) and still waits for its decision. What a partner
 * officer may see is decided in one place, mash_partner_sees, and mash_list asks it too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "mash.h"
#include "store_impl.h"
#include "trust.h"

const struct mash_code mash_agencies[] = {
    {"police", "Police"},       {"health", "Health"},     {"education", "Education"},
    {"probation", "Probation"}, {"housing", "Housing"},   {"social_care", "Children's social care"},
    {"other", "Another agency"},
};
const int n_mash_agencies = (int)(sizeof mash_agencies / sizeof mash_agencies[0]);
const struct mash_code mash_rags[] = {{"red", "Red"}, {"amber", "Amber"}, {"green", "Green"}};
const int n_mash_rags = 3;
const struct mash_code mash_consents[] = {
    {"given", "Consent given"},
    {"overridden", "Consent overridden"},
};
const int n_mash_consents = 2;

const char *mash_name(const struct mash_code *list, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (!strcmp(list[i].key, key))
            return list[i].name;
    return NULL;
}

const char *mash_agency_of_team(const char *team)
{
    /* the five partners only: "Other" or "Children's social care" never name a team */
    for (int i = 0; team && i < 5; i++) {
        size_t k = strlen(mash_agencies[i].name);
        if (!strncasecmp(team, mash_agencies[i].name, k) && (!team[k] || team[k] == ' '))
            return mash_agencies[i].key;
    }
    return NULL;
}

bool mash_may_manage(const struct cw_user *u)
{
    return u->role == ROLE_FRONT_DOOR || u->role == ROLE_TEAM_MANAGER || u->role == ROLE_ADMIN;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Characters (UTF-8 code points). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

static int check_text(const char *field, const char *what, const char *v, struct err *e)
{
    if (blank(v))
        return err_at(e, HE_INPUT, NULL, 0, field, "Enter %s", what);
    if (chars(v) > MASH_TEXT_MAX)
        return err_at(e, HE_INPUT, NULL, 0, field, "%c%s must be %d characters or fewer", what[0] - 32, what + 1,
                      MASH_TEXT_MAX);
    return HE_OK;
}

static int fail_txn(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

/* *state: 0 no such contact, 1 decided, 2 waiting and not in the hub, 3 waiting in the hub. */
static int contact_state(struct store *s, rec_id contact, int64_t *state, struct err *e)
{
    *state = 0;
    return DB_INT(store_db(s), e, state,
                  "SELECT CASE WHEN c.decision IS NOT NULL THEN 1 WHEN m.contact_id IS NULL THEN 2 ELSE 3 END"
                  " FROM contact c LEFT JOIN mash_contact m ON m.contact_id = c.id WHERE c.id = ?",
                  DB_I(contact));
}

static int waiting_in_hub(struct store *s, rec_id contact, struct err *e)
{
    int64_t state;
    int rc = contact_state(s, contact, &state, e);
    if (rc != HE_OK)
        return rc;
    if (state == 0)
        return err_at(e, HE_INPUT, NULL, 0, "contact", "there is no such contact");
    if (state == 1)
        return err_at(e, HE_INPUT, NULL, 0, "contact",
                      "the threshold decision on this contact has been made: the hub's work on it is done");
    if (state == 2)
        return err_at(e, HE_INPUT, NULL, 0, "contact", "this contact is not in the hub");
    return HE_OK;
}

int mash_add(struct store *s, const struct cw_user *u, rec_id contact, const char *consent, const char *note,
             int64_t now, struct err *e)
{
    if (!mash_may_manage(u))
        return err_at(e, HE_INPUT, NULL, 0, "contact", "only the front door or a manager brings a contact into the hub");
    if (!mash_name(mash_consents, n_mash_consents, consent))
        return err_at(e, HE_INPUT, NULL, 0, "consent", "Select whether consent was given or overridden");
    int rc = check_text("consent_note", !strcmp(consent, "given") ? "who gave consent" : "why consent was overridden",
                        note, e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    int64_t state;
    if ((rc = contact_state(s, contact, &state, e)) != HE_OK)
        return fail_txn(s, rc);
    if (state != 2)
        return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "contact", "%s",
                                  state == 0   ? "there is no such contact"
                                  : state == 1 ? "the threshold decision on this contact has been made"
                                               : "this contact is already in the hub"));
    if ((rc = DB_RUN(store_db(s), e,
                     "INSERT INTO mash_contact (contact_id, added_by, added_at, consent, consent_note)"
                     " VALUES (?, ?, ?, ?, ?)",
                     DB_I(contact), DB_I(u->id), DB_I(now), DB_T(consent), DB_T(note))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

int mash_rate(struct store *s, const struct cw_user *u, rec_id contact, const char *rag, const char *reason,
              int64_t now, struct err *e)
{
    if (!mash_may_manage(u))
        return err_at(e, HE_INPUT, NULL, 0, "rag", "only the front door or a manager rates a contact");
    if (!mash_name(mash_rags, n_mash_rags, rag))
        return err_at(e, HE_INPUT, NULL, 0, "rag", "Select red, amber or green");
    int rc = check_text("rag_reason", "the reason for the rating", reason, e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    if ((rc = waiting_in_hub(s, contact, e)) != HE_OK)
        return fail_txn(s, rc);
    if ((rc = DB_RUN(store_db(s), e,
                     "UPDATE mash_contact SET rag = ?, rag_reason = ?, rag_by = ?, rag_at = ? WHERE contact_id = ?",
                     DB_T(rag), DB_T(reason), DB_I(u->id), DB_I(now), DB_I(contact))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

/* A partner sees the contact: in the hub, waiting, its child neither restricted nor
 * closed to the officer. Inside or outside a transaction. */
static int partner_sees(struct store *s, const struct cw_user *u, rec_id contact, rec_id person, bool *ok,
                        struct err *e)
{
    *ok = false;
    if (u->role != ROLE_PARTNER)
        return HE_OK;
    int64_t state;
    int rc = contact_state(s, contact, &state, e);
    if (rc != HE_OK || state != 3)
        return rc;
    if (!person && (rc = cw_contact_person(s, contact, &person, e)) != HE_OK)
        return rc;
    enum tr_access a;
    bool restricted = false;
    if ((rc = tr_access(s, u, person, 0, 0, &a, &restricted, e)) != HE_OK)
        return rc;
    *ok = a != TR_EXCLUDED && a != TR_NONE && !restricted;
    return HE_OK;
}

int mash_partner_sees(struct store *s, const struct cw_user *u, rec_id contact, bool *ok, struct err *e)
{
    return partner_sees(s, u, contact, 0, ok, e);
}

int mash_check_add(struct store *s, const struct cw_user *u, rec_id contact, const char *agency, const char *known,
                   int64_t now, int64_t *id, struct err *e)
{
    *id = 0;
    if (u->role != ROLE_PARTNER && !cw_role_opens_records(u->role))
        return err_at(e, HE_INPUT, NULL, 0, "known", "a performance analyst does not add agency checks");
    if (!mash_name(mash_agencies, n_mash_agencies, agency))
        return err_at(e, HE_INPUT, NULL, 0, "agency", "Select the agency");
    int rc = check_text("known", "what your agency knows", known, e);
    if (rc != HE_OK || (rc = store_begin(s, e)) != HE_OK)
        return rc;
    if ((rc = waiting_in_hub(s, contact, e)) != HE_OK)
        return fail_txn(s, rc);
    if (u->role == ROLE_PARTNER) {
        bool ok;
        if ((rc = partner_sees(s, u, contact, 0, &ok, e)) != HE_OK)
            return fail_txn(s, rc);
        if (!ok)
            return fail_txn(s, err_at(e, HE_INPUT, NULL, 0, "contact", "this contact is not open to partner agencies"));
    }
    if ((rc = DB_INT(store_db(s), e, id,
                     "INSERT INTO mash_check (contact_id, agency, officer_id, officer, known, at)"
                     " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_I(contact), DB_T(agency), DB_I(u->id), DB_T(u->display[0] ? u->display : u->name),
                     DB_T(known), DB_I(now))) != HE_OK)
        return fail_txn(s, rc);
    return store_commit(s, e);
}

void mash_contact_free(struct mash_contact *c)
{
    if (!c)
        return;
    free(c->concerns);
    free(c->consent_note);
    free(c->rag_reason);
    for (int i = 0; i < c->n_checks; i++)
        free(c->checks[i].known);
    free(c->checks);
    memset(c, 0, sizeof *c);
}

int mash_get(struct store *s, rec_id contact, struct mash_contact *out, bool *found, struct err *e)
{
    memset(out, 0, sizeof *out);
    *found = false;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id, p.id, p.given_name, p.family_name, p.dob, p.sex, c.date, c.source, c.decision,"
                        " c.decision_date, n.concerns, m.added_at, a.display_name, m.consent, m.consent_note, m.rag,"
                        " m.rag_reason, r.display_name, m.rag_at"
                        " FROM mash_contact m JOIN contact c ON c.id = m.contact_id JOIN person p ON p.id = c.person_id"
                        " LEFT JOIN contact_note n ON n.contact_id = c.id JOIN app_user a ON a.id = m.added_by"
                        " LEFT JOIN app_user r ON r.id = m.rag_by WHERE m.contact_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, contact);
    if ((rc = db_step(st, e)) == DB_ROW) {
        *found = true;
        out->contact = db_int(st, 0);
        out->person = db_int(st, 1);
        copy(out->given, sizeof out->given, db_text(st, 2));
        copy(out->family, sizeof out->family, db_text(st, 3));
        out->dob = (day_t)db_int(st, 4);
        copy(out->sex, sizeof out->sex, db_text(st, 5));
        out->date = (day_t)db_int(st, 6);
        copy(out->source, sizeof out->source, db_text(st, 7));
        copy(out->decision, sizeof out->decision, db_text(st, 8));
        out->decision_date = (day_t)db_int(st, 9);
        out->concerns = dup_or_null(db_text(st, 10));
        out->added_at = db_int(st, 11);
        copy(out->added_by, sizeof out->added_by, db_text(st, 12));
        copy(out->consent, sizeof out->consent, db_text(st, 13));
        out->consent_note = dup_or_null(db_text(st, 14));
        copy(out->rag, sizeof out->rag, db_text(st, 15));
        out->rag_reason = dup_or_null(db_text(st, 16));
        copy(out->rag_by, sizeof out->rag_by, db_text(st, 17));
        out->rag_at = db_int(st, 18);
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    if (!*found)
        return HE_OK;
    if ((rc = db_prepare(store_db(s),
                         "SELECT id, agency, officer_id, officer, known, at FROM mash_check WHERE contact_id = ?"
                         " ORDER BY at, id",
                         &st, e)) != HE_OK) {
        mash_contact_free(out);
        return rc;
    }
    db_bind_int(st, 1, contact);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (out->n_checks == cap) {
            cap = cap ? cap * 2 : 8;
            out->checks = xrealloc(out->checks, (size_t)cap * sizeof *out->checks);
        }
        struct mash_check *k = &out->checks[out->n_checks++];
        memset(k, 0, sizeof *k);
        k->id = db_int(st, 0);
        copy(k->agency, sizeof k->agency, db_text(st, 1));
        k->officer_id = db_int(st, 2);
        copy(k->officer, sizeof k->officer, db_text(st, 3));
        k->known = xstrdup(db_text(st, 4) ? db_text(st, 4) : "");
        k->at = db_int(st, 5);
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        mash_contact_free(out);
        *found = false;
        return rc;
    }
    return HE_OK;
}

/* The hub's columns of one contact's row: in_hub, rag, consent, checks. */
static int hub_of(struct store *s, struct mash_row *r, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT m.rag, m.consent, (SELECT count(*) FROM mash_check k WHERE k.contact_id = m.contact_id)"
                        " FROM mash_contact m WHERE m.contact_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, r->contact);
    if ((rc = db_step(st, e)) == DB_ROW) {
        r->in_hub = true;
        copy(r->rag, sizeof r->rag, db_text(st, 0));
        copy(r->consent, sizeof r->consent, db_text(st, 1));
        r->checks = (int)db_int(st, 2);
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}

static int partner_list(struct store *s, const struct cw_user *u, struct mash_row *out, int max, int *n,
                        struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT m.contact_id, p.id, p.given_name, p.family_name, p.dob, c.date, c.source"
                        " FROM mash_contact m JOIN contact c ON c.id = m.contact_id JOIN person p ON p.id = c.person_id"
                        " WHERE c.decision IS NULL ORDER BY c.date, c.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        struct mash_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->contact = db_int(st, 0);
        r->person = db_int(st, 1);
        copy(r->given, sizeof r->given, db_text(st, 2));
        copy(r->family, sizeof r->family, db_text(st, 3));
        r->dob = (day_t)db_int(st, 4);
        r->date = (day_t)db_int(st, 5);
        copy(r->source, sizeof r->source, db_text(st, 6));
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    int kept = 0;
    for (int i = 0; i < *n; i++) {
        bool ok;
        if ((rc = partner_sees(s, u, out[i].contact, out[i].person, &ok, e)) != HE_OK)
            return rc;
        if (ok)
            out[kept++] = out[i];
    }
    *n = kept;
    return HE_OK;
}

int mash_list(struct store *s, const struct cw_user *u, struct mash_row *out, int max, int *n, struct err *e)
{
    *n = 0;
    int rc;
    if (u->role == ROLE_PARTNER) {
        rc = partner_list(s, u, out, max, n, e);
    } else {
        struct cw_contact_row *rows = xcalloc((size_t)(max > 0 ? max : 1), sizeof *rows);
        int k = 0;
        rc = cw_open_contacts(s, u, rows, max, &k, e);
        for (int i = 0; rc == HE_OK && i < k; i++) {
            struct mash_row *r = &out[(*n)++];
            memset(r, 0, sizeof *r);
            r->contact = rows[i].id;
            r->person = rows[i].person;
            copy(r->given, sizeof r->given, rows[i].given);
            copy(r->family, sizeof r->family, rows[i].family);
            r->date = rows[i].date;
            copy(r->source, sizeof r->source, rows[i].source);
            rc = hub_of(s, r, e);
        }
        free(rows);
    }
    for (int i = 0; rc == HE_OK && u->role == ROLE_PARTNER && i < *n; i++)
        rc = hub_of(s, &out[i], e);
    return rc;
}

static day_t utc_day(int64_t at)
{
    return date_from_ymd(1970, 1, 1) + (day_t)(at / 86400);
}

int mash_child_events(struct store *s, rec_id person, struct mash_event *out, int max, int *n, struct err *e)
{
    static const struct {
        const char *key, *what;
    } words[] = {
        {"given", "Brought into the hub, consent given"},
        {"overridden", "Brought into the hub, consent overridden"},
        {"police", "Police check in the hub"},
        {"health", "Health check in the hub"},
        {"education", "Education check in the hub"},
        {"probation", "Probation check in the hub"},
        {"housing", "Housing check in the hub"},
        {"social_care", "Children's social care check in the hub"},
        {"other", "Another agency's check in the hub"},
        {"red", "Rated red in the hub"},
        {"amber", "Rated amber in the hub"},
        {"green", "Rated green in the hub"},
    };
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT m.added_at, m.consent FROM mash_contact m JOIN contact c ON c.id = m.contact_id"
                        " WHERE c.person_id = ?1"
                        " UNION ALL SELECT m.rag_at, m.rag FROM mash_contact m JOIN contact c ON c.id = m.contact_id"
                        " WHERE c.person_id = ?1 AND m.rag IS NOT NULL"
                        " UNION ALL SELECT k.at, k.agency FROM mash_check k JOIN contact c ON c.id = k.contact_id"
                        " WHERE c.person_id = ?1 ORDER BY 1",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        const char *key = db_text(st, 1);
        for (size_t i = 0; key && i < sizeof words / sizeof words[0]; i++)
            if (!strcmp(words[i].key, key)) {
                out[*n] = (struct mash_event){utc_day(db_int(st, 0)), db_int(st, 0), words[i].what};
                (*n)++;
            }
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}
