/* store_users: users, teams, sessions and the access log, on the portable db.h layer so
 * both stores run it unchanged. Knows nothing of HTTP or password hashing: it keeps the
 * hashes and token digests the web layer makes. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "casework.h"
#include "store_impl.h"

static const struct {
    const char *key, *name;
} roles[ROLE_COUNT] = {
    [ROLE_FRONT_DOOR] = {"front_door", "Front door worker"},
    [ROLE_SOCIAL_WORKER] = {"social_worker", "Social worker"},
    [ROLE_PERSONAL_ADVISER] = {"personal_adviser", "Personal adviser"},
    [ROLE_TEAM_MANAGER] = {"team_manager", "Team manager"},
    [ROLE_IRO] = {"iro", "Independent reviewing officer"},
    [ROLE_ANALYST] = {"analyst", "Performance analyst"},
    [ROLE_ADMIN] = {"admin", "Administrator"},
    [ROLE_PARTNER] = {"partner", "Partner agency officer"},
};

const char *cw_role_key(enum cw_role r) { return (unsigned)r < ROLE_COUNT ? roles[r].key : NULL; }
const char *cw_role_name(enum cw_role r) { return (unsigned)r < ROLE_COUNT ? roles[r].name : NULL; }

/* "Social worker", "social-worker", "SOCIAL_WORKER" all name one role. */
static bool role_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a == '-' || *a == ' ') ? '_' : (char)tolower((unsigned char)*a);
        char y = (*b == '-' || *b == ' ') ? '_' : (char)tolower((unsigned char)*b);
        if (x != y)
            return false;
    }
    return !*a && !*b;
}

int cw_role_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < ROLE_COUNT; i++)
        if (role_eq(s, roles[i].key) || role_eq(s, roles[i].name))
            return i;
    if (role_eq(s, "manager"))
        return ROLE_TEAM_MANAGER;
    if (role_eq(s, "administrator"))
        return ROLE_ADMIN;
    if (role_eq(s, "performance_analyst"))
        return ROLE_ANALYST;
    if (role_eq(s, "independent_reviewing_officer"))
        return ROLE_IRO;
    if (role_eq(s, "partner_officer") || role_eq(s, "mash_partner"))
        return ROLE_PARTNER;
    return -1;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int cw_team_ensure(struct store *s, const char *name, int64_t *id, struct err *e)
{
    int rc = DB_INT(store_db(s), e, id, "SELECT id FROM team WHERE name = ?", DB_T(name));
    if (rc != HE_OK || *id)
        return rc;
    return DB_INT(store_db(s), e, id, "INSERT INTO team (name) VALUES (?) RETURNING id", DB_T(name));
}

int cw_user_add(struct store *s, const char *name, const char *display, enum cw_role role,
                const char *team, const char *pw_hash, int64_t now, int64_t *id, struct err *e)
{
    int64_t team_id = 0, staff_id = 0, exists = 0;
    int rc;
    if (!cw_role_key(role))
        return err_at(e, HE_INPUT, NULL, 0, "role", "unknown role");
    if (!name || !*name || strlen(name) > CW_NAME_MAX)
        return err_at(e, HE_INPUT, NULL, 0, "name", "a user name has 1 to %d characters",
                      CW_NAME_MAX);
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            return err_at(e, HE_INPUT, NULL, 0, "name",
                          "a user name has only letters, digits, '.', '-' and '_'");
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    if ((rc = DB_INT(store_db(s), e, &exists, "SELECT count(*) FROM app_user WHERE name = ?",
                     DB_T(name))) != HE_OK)
        goto out;
    if (exists) {
        rc = err_at(e, HE_INPUT, NULL, 0, "name", "there is already a user called '%s'", name);
        goto out;
    }
    if (team && *team && (rc = cw_team_ensure(s, team, &team_id, e)) != HE_OK)
        goto out;
    /* the staff row is what allocations point at; its ref is the user name */
    const char *shown = display && *display ? display : name;
    if ((rc = DB_INT(store_db(s), e, &staff_id,
                     "INSERT INTO staff (staff_ref, name, team_id, role) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (staff_ref) DO UPDATE SET name = excluded.name, "
                     "team_id = excluded.team_id, role = excluded.role RETURNING id",
                     DB_T(name), DB_T(shown), DB_Z(team_id), DB_T(cw_role_key(role)))) != HE_OK)
        goto out;
    rc = DB_INT(store_db(s), e, id,
                "INSERT INTO app_user (name, display_name, role, team_id, staff_id, "
                "pw_hash, created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_T(name), DB_T(shown), DB_T(cw_role_key(role)), DB_Z(team_id), DB_I(staff_id),
                DB_T(pw_hash), DB_I(now));
out:
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    return rc;
}

int cw_user_count(struct store *s, int64_t *n, struct err *e)
{
    return db_run(store_db(s), "SELECT count(*) FROM app_user", n, NULL, e, 0, NULL);
}

#define USER_COLS "u.id, u.name, u.display_name, u.role, u.team_id, t.name, u.staff_id, u.pw_hash"

/* A user from the 8 columns of USER_COLS starting at column c. */
static void read_user(struct db_stmt *st, int c, struct cw_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_int(st, c);
    copy(u->name, sizeof u->name, db_text(st, c + 1));
    copy(u->display, sizeof u->display, db_text(st, c + 2));
    int r = cw_role_parse(db_text(st, c + 3));
    u->role = r < 0 ? ROLE_ANALYST : (enum cw_role)r; /* the CHECK keeps r valid */
    u->team_id = db_int(st, c + 4);
    copy(u->team, sizeof u->team, db_text(st, c + 5));
    u->staff_id = db_int(st, c + 6);
    copy(u->pw_hash, sizeof u->pw_hash, db_text(st, c + 7));
}

static int user_where(struct store *s, const char *where, const char *name, int64_t id,
                      struct cw_user *u, bool *found, struct err *e)
{
    char sql[512];
    struct db_stmt *st;
    snprintf(sql, sizeof sql,
             "SELECT " USER_COLS " FROM app_user u LEFT JOIN team t ON t.id = u.team_id WHERE %s",
             where);
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    if (name)
        db_bind_text(st, 1, name);
    else
        db_bind_int(st, 1, id);
    memset(u, 0, sizeof *u);
    *found = false;
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *found = true;
        read_user(st, 0, u);
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = HE_OK;
    }
    db_finalize(st);
    return rc;
}

int cw_user_by_name(struct store *s, const char *name, struct cw_user *u, bool *found,
                    struct err *e)
{
    return user_where(s, "u.name = ?", name ? name : "", 0, u, found, e);
}

int cw_user_by_id(struct store *s, int64_t id, struct cw_user *u, bool *found, struct err *e)
{
    return user_where(s, "u.id = ?", NULL, id, u, found, e);
}

/* ---- sessions ------------------------------------------------------------------------ */
#define IDLE_KEEP_SECS (24 * 3600)

int cw_session_put(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                   int64_t now, struct err *e)
{
    int rc = DB_RUN(store_db(s), e,
                    "INSERT INTO web_session (token_hash, user_id, csrf, created, last_seen) "
                    "VALUES (?, ?, ?, ?, ?)",
                    DB_T(token_hash), DB_I(user_id), DB_T(csrf), DB_I(now), DB_I(now));
    if (rc != HE_OK)
        return rc;
    /* housekeeping: sessions idle for a day are gone for good */
    return DB_RUN(store_db(s), e, "DELETE FROM web_session WHERE last_seen < ?",
                  DB_I(now - IDLE_KEEP_SECS));
}

static enum cw_session_state session_state(int64_t now, int64_t last, int64_t idle_secs)
{
    return now - last > IDLE_KEEP_SECS ? CW_SESSION_NONE
           : now - last > idle_secs    ? CW_SESSION_IDLE
                                       : CW_SESSION_LIVE;
}

int cw_session_get(struct store *s, const char *token_hash, int64_t now, int64_t idle_secs,
                   int64_t *user_id, char csrf[65], enum cw_session_state *state,
                   int64_t *last_seen, struct err *e)
{
    struct db_stmt *st;
    int64_t last = 0;
    *state = CW_SESSION_NONE;
    *user_id = 0;
    csrf[0] = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT user_id, csrf, last_seen FROM web_session WHERE token_hash = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, token_hash);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *user_id = db_int(st, 0);
        copy(csrf, 65, db_text(st, 1));
        last = db_int(st, 2);
        *state = session_state(now, last, idle_secs);
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = HE_OK;
    }
    db_finalize(st);
    *last_seen = last;
    return rc;
}

int cw_session_user(struct store *s, const char *token_hash, int64_t now, int64_t idle_secs,
                    int64_t *user_id, char csrf[65], enum cw_session_state *state,
                    int64_t *last_seen, struct cw_user *u, bool *found, struct err *e)
{
    struct db_stmt *st;
    *state = CW_SESSION_NONE;
    *user_id = 0;
    *last_seen = 0;
    *found = false;
    csrf[0] = 0;
    memset(u, 0, sizeof *u);
    int rc = db_prepare(store_db(s),
                        "SELECT ws.user_id, ws.csrf, ws.last_seen, " USER_COLS " FROM web_session ws "
                        "LEFT JOIN app_user u ON u.id = ws.user_id LEFT JOIN team t ON t.id = "
                        "u.team_id WHERE ws.token_hash = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, token_hash);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *user_id = db_int(st, 0);
        copy(csrf, 65, db_text(st, 1));
        *last_seen = db_int(st, 2);
        *state = session_state(now, *last_seen, idle_secs);
        if (!db_is_null(st, 3)) {
            *found = true;
            read_user(st, 3, u);
        }
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = HE_OK;
    }
    db_finalize(st);
    return rc;
}

int cw_session_touch(struct store *s, const char *token_hash, int64_t now, struct err *e)
{
    return DB_RUN(store_db(s), e, "UPDATE web_session SET last_seen = ? WHERE token_hash = ?",
                  DB_I(now), DB_T(token_hash));
}

int cw_session_delete(struct store *s, const char *token_hash, struct err *e)
{
    return DB_RUN(store_db(s), e, "DELETE FROM web_session WHERE token_hash = ?", DB_T(token_hash));
}

/* ---- the access log ------------------------------------------------------------------ */
int cw_access_log(struct store *s, int64_t user_id, rec_id person, const char *page, int64_t now,
                  struct err *e)
{
    return audit_append(s, user_id, person, page, NULL, now, e); /* chained: store_audit.c */
}

int cw_access_list(struct store *s, rec_id person, struct cw_access *out, int max, int *n,
                   struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        "SELECT a.at, u.display_name, a.page FROM access_log a JOIN app_user u ON "
                        "u.id = a.user_id WHERE a.person_id = ? ORDER BY a.at DESC, a.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while (*n < max && (rc = db_step(st, e)) == DB_ROW) {
        out[*n].at = db_int(st, 0);
        copy(out[*n].user, sizeof out[*n].user, db_text(st, 1));
        copy(out[*n].page, sizeof out[*n].page, db_text(st, 2));
        (*n)++;
    }
    db_finalize(st);
    return rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
}
