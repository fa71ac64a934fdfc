/* store_demo: the demo's bulk naming and family network (demo.h) on the portable db.h
 * layer. Statements are prepared once per writer: a Medway-sized demo names some 23,000
 * children and adds their parents in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "casework.h"
#include "demo.h"
#include "store_impl.h"

int sd_people(struct store *s, struct sd_person **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT id, coalesce(dob, expected_dob), sex, ethnicity, "
                                     "la_child_id FROM person ORDER BY id", &st, e);
    if (rc != HE_OK)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct sd_person *p = &(*out)[(*n)++];
        memset(p, 0, sizeof *p);
        p->id = db_int(st, 0);
        p->dob = db_is_null(st, 1) ? DAY_NONE : (day_t)db_int(st, 1);
        const char *sex = db_text(st, 2), *eth = db_text(st, 3), *la = db_text(st, 4);
        /* SSDA903 writes 1 and 2, the CIN census M and F */
        p->sex = sex && (*sex == 'F' || *sex == '2') ? 'F' : sex && (*sex == 'M' || *sex == '1') ? 'M' : 'U';
        snprintf(p->eth, sizeof p->eth, "%s", eth ? eth : "");
        snprintf(p->la_child_id, sizeof p->la_child_id, "%s", la ? la : "");
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

int sd_households_settle(struct store *s, struct err *e)
{
#define AWAY                                                                                   \
    "SELECT person_id FROM la_episode WHERE dec IS NULL UNION "                                \
    "SELECT c.person_id FROM care_leaver c WHERE c.accom IS NOT NULL AND substr(c.accom, 1, 1) <> 'B' " \
    "AND c.year = (SELECT max(d.year) FROM care_leaver d WHERE d.person_id = c.person_id)"
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e,
                "UPDATE relationship SET household = 0 WHERE household = ? AND (person_id IN (" AWAY
                ") OR (kind = 'SIBLING' AND relative_id IN (" AWAY ")))",
                DB_I(1));
#undef AWAY
    return rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
}

int sd_contacts_between(struct store *s, day_t from, day_t to, int64_t *n, struct err *e)
{
    return DB_INT(store_db(s), e, n, "SELECT count(*) FROM contact WHERE date BETWEEN ? AND ?",
                  DB_I(from), DB_I(to));
}

struct sd_writer {
    struct store *s;
    struct db_stmt *name, *person, *relate;
    int64_t next_la;
};

int sd_writer_open(struct store *s, struct sd_writer **out, struct err *e)
{
    struct sd_writer *w = xmalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    w->s = s;
    struct db *d = store_db(s);
    int rc = db_prepare(d, "UPDATE person SET given_name = ?, family_name = ? WHERE id = ?", &w->name, e);
    if (rc == HE_OK)
        rc = db_prepare(d, "INSERT INTO person (la_child_id, given_name, family_name, dob, sex, "
                           "mother, src_year) VALUES (?, ?, ?, ?, ?, NULL, ?) RETURNING id",
                        &w->person, e);
    if (rc == HE_OK)
        rc = db_prepare(d, "INSERT INTO relationship (person_id, relative_id, kind, household) "
                           "VALUES (?, ?, ?, ?)", &w->relate, e);
    /* hearth's own LAchildIDs, as cw_new_la_child_id makes them: past every id in use */
    if (rc == HE_OK)
        rc = db_run(d, "SELECT coalesce(max(id), 0) + 1 FROM person", &w->next_la, NULL, e, 0, NULL);
    if (rc != HE_OK) {
        sd_writer_close(w);
        return rc;
    }
    *out = w;
    return HE_OK;
}

void sd_writer_close(struct sd_writer *w)
{
    if (!w)
        return;
    if (w->name)
        db_finalize(w->name);
    if (w->person)
        db_finalize(w->person);
    if (w->relate)
        db_finalize(w->relate);
    free(w);
}

static int done(struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    db_reset(st);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

int sd_name(struct sd_writer *w, rec_id person, const char *given, const char *family, struct err *e)
{
    db_bind_text(w->name, 1, given);
    db_bind_text(w->name, 2, family);
    db_bind_int(w->name, 3, person);
    return done(w->name, e);
}

int sd_new_relative(struct sd_writer *w, const char *given, const char *family, day_t dob, char sex,
                    int src_year, rec_id *id, struct err *e)
{
    char la[CW_LA_ID_LEN], sx[2] = {sex, 0};
    for (;;) {
        rec_id other = 0;
        snprintf(la, sizeof la, "H%07lld", (long long)w->next_la++);
        int rc = store_find_person(w->s, la, &other, e);
        if (rc != HE_OK)
            return rc;
        if (!other)
            break;
    }
    db_bind_text(w->person, 1, la);
    db_bind_text(w->person, 2, given);
    db_bind_text(w->person, 3, family);
    if (dob)
        db_bind_int(w->person, 4, dob);
    else
        db_bind_null(w->person, 4);
    db_bind_text(w->person, 5, sx);
    db_bind_int(w->person, 6, src_year);
    int64_t got = 0;
    int rc = db_step_int(w->person, &got, e);
    db_reset(w->person);
    *id = got;
    return rc;
}

int sd_relate(struct sd_writer *w, rec_id person, rec_id relative, const char *kind, int household,
              struct err *e)
{
    db_bind_int(w->relate, 1, person);
    db_bind_int(w->relate, 2, relative);
    db_bind_text(w->relate, 3, kind);
    db_bind_int(w->relate, 4, household ? 1 : 0);
    return done(w->relate, e);
}
