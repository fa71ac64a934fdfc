/* store_workforce: posts, their holders, absences, caseload weights and the DfE census
 * figures (workforce.h), once on db.h's portable SQL. Checks that need more than one row
 * (a post open on the day, a worker not in the same post twice, employed FTE within the
 * post's) are made here in the write's transaction; the census is worked out in C from the
 * rows, so that both stores give the same answer to the hundredth. */
#include "workforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "store_impl.h"

const struct wkf_code wkf_roles[] = {
    {"social_worker", "Social worker"},
    {"senior_practitioner", "Senior practitioner"},
    {"practice_supervisor", "Practice supervisor"},
    {"team_manager", "Team manager"},
    {"senior_manager", "Senior manager"},
    {"personal_adviser", "Personal adviser"},
    {"family_support", "Family support worker"},
    {"other", "Other"},
};
const int wkf_n_roles = (int)(sizeof wkf_roles / sizeof wkf_roles[0]);
const struct wkf_code wkf_absence_kinds[] = {
    {"sickness", "Sickness"},
    {"parental", "Maternity, paternity or adoption leave"},
    {"other", "Other"},
};
const int wkf_n_absence_kinds = (int)(sizeof wkf_absence_kinds / sizeof wkf_absence_kinds[0]);
const struct wkf_code wkf_weight_kinds[WKF_WEIGHT_KINDS] = {
    {"cp", "Child protection plan"},
    {"la", "Looked after"},
    {"cin", "Child in need"},
    {"other", "Any other child allocated"},
};

const char *wkf_label(const struct wkf_code *t, int n, const char *code)
{
    if (!code)
        return "";
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].code, code))
            return t[i].label;
    return code;
}

static bool in_table(const struct wkf_code *t, int n, const char *code)
{
    return code && strcmp(wkf_label(t, n, code), code);
}

bool wkf_role_counts(const char *role)
{
    static const char *const sw[] = {"social_worker", "senior_practitioner", "practice_supervisor", "team_manager",
                                     "senior_manager"};
    for (size_t i = 0; role && i < sizeof sw / sizeof sw[0]; i++)
        if (!strcmp(role, sw[i]))
            return true;
    return false;
}

/* "12.34" as hundredths; -1 when not a plain decimal with at most two places. */
static long hundredths(const char *s)
{
    if (!s || !*s)
        return -1;
    long whole = 0, frac = 0;
    int places = 0, digits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if ((whole = whole * 10 + (*p - '0')) > 100000)
            return -1;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, places++, digits++)
            if (places < 2)
                frac = frac * 10 + (*p - '0');
            else if (*p != '0')
                return -1;
    }
    if (*p || !digits)
        return -1;
    if (places == 1)
        frac *= 10;
    return whole * 100 + frac;
}

int wkf_parse_fte(const char *s)
{
    long v = hundredths(s);
    return v >= 1 && v <= 100 ? (int)v : -1;
}

int wkf_parse_weight(const char *s)
{
    long v = hundredths(s);
    return v >= 0 && v <= 1000 ? (int)v : -1;
}

void wkf_fte_text(int64_t h, char out[24])
{
    if (h % 100 == 0)
        snprintf(out, 24, "%lld", (long long)(h / 100));
    else if (h % 10 == 0)
        snprintf(out, 24, "%lld.%lld", (long long)(h / 100), (long long)(h % 100 / 10));
    else
        snprintf(out, 24, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

static int fail(struct store *s, int rc)
{
    store_rollback(s, NULL);
    return rc;
}

/* ---- posts and holders ---------------------------------------------------------------- */
int wkf_post_add(struct store *s, int64_t user, const struct wkf_post_in *p, int64_t now, int64_t *id,
                 struct err *e)
{
    if (!in_table(wkf_roles, wkf_n_roles, p->role))
        return err_at(e, HE_INPUT, NULL, 0, "role", "Choose the role of the post");
    if (p->fte < 1 || p->fte > 100)
        return err_at(e, HE_INPUT, NULL, 0, "fte", "Enter the full-time equivalent as a number from 0.01 to 1");
    if (!p->title || !*p->title)
        return err_at(e, HE_INPUT, NULL, 0, "title", "Enter the title of the post");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t team = 0, made = 0;
    rc = DB_INT(d, e, &team, "SELECT count(*) FROM team WHERE id = ?", DB_I(p->team_id));
    if (rc == HE_OK && !team)
        rc = err_at(e, HE_INPUT, NULL, 0, "team", "Choose the team of the post");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &made,
                    "INSERT INTO workforce_post (team_id, title, role, fte, opened, created_by, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(p->team_id), DB_T(p->title), DB_T(p->role), DB_I(p->fte), DB_I(p->opened), DB_Z(user),
                    DB_I(now));
    if (rc != HE_OK)
        return fail(s, rc);
    if (id)
        *id = made;
    return store_commit(s, e);
}

int wkf_post_close(struct store *s, int64_t post, day_t day, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t opened = 0, closed = 0, busy = 0;
    rc = DB_INT(d, e, &opened, "SELECT opened FROM workforce_post WHERE id = ?", DB_I(post));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &closed, "SELECT coalesce(closed, 0) FROM workforce_post WHERE id = ?", DB_I(post));
    if (rc == HE_OK && !opened)
        rc = err_at(e, HE_INPUT, NULL, 0, "closed", "There is no such post");
    else if (rc == HE_OK && closed)
        rc = err_at(e, HE_INPUT, NULL, 0, "closed", "The post is already closed");
    else if (rc == HE_OK && day <= opened)
        rc = err_at(e, HE_INPUT, NULL, 0, "closed", "The date the post closes must be after the day it opened");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &busy,
                    "SELECT count(*) FROM workforce_holder WHERE post_id = ? AND (left_on IS NULL OR left_on > ?)",
                    DB_I(post), DB_I(day));
    if (rc == HE_OK && busy)
        rc = err_at(e, HE_INPUT, NULL, 0, "closed",
                    "Someone is still in the post on that date: record the day they leave first");
    if (rc == HE_OK)
        rc = DB_RUN(d, e, "UPDATE workforce_post SET closed = ? WHERE id = ?", DB_I(day), DB_I(post));
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

int wkf_holder_add(struct store *s, int64_t user, const struct wkf_holder_in *h, int64_t now, int64_t *id,
                   struct err *e)
{
    if (!h->employment || (strcmp(h->employment, "employed") && strcmp(h->employment, "agency")))
        return err_at(e, HE_INPUT, NULL, 0, "employment", "Choose whether the worker is employed or from an agency");
    if (!h->start_reason || (strcmp(h->start_reason, "joined") && strcmp(h->start_reason, "moved")))
        return err_at(e, HE_INPUT, NULL, 0, "start_reason",
                      "Choose whether the worker joined the authority or moved from another post");
    if (h->fte < 1 || h->fte > 100)
        return err_at(e, HE_INPUT, NULL, 0, "fte", "Enter the full-time equivalent as a number from 0.01 to 1");
    if (!h->staff_id && (!h->name || !*h->name))
        return err_at(e, HE_INPUT, NULL, 0, "name", "Choose the worker or enter their name");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t open = 0, staff = h->staff_id, same = 0, fte = 0, post_fte = 0, made = 0;
    char name[200] = "";
    rc = DB_INT(d, e, &open,
                "SELECT count(*) FROM workforce_post WHERE id = ? AND opened <= ? AND (closed IS NULL OR closed > ?)",
                DB_I(h->post_id), DB_I(h->start), DB_I(h->start));
    if (rc == HE_OK && !open)
        rc = err_at(e, HE_INPUT, NULL, 0, "start", "The post is not open on that date");
    if (rc == HE_OK && staff) {
        struct db_stmt *st;
        if ((rc = db_prepare(d, "SELECT coalesce(name, staff_ref) FROM staff WHERE id = ?", &st, e)) == HE_OK) {
            db_bind_int(st, 1, staff);
            if ((rc = db_step(st, e)) == DB_ROW) {
                snprintf(name, sizeof name, "%s", db_text(st, 0));
                rc = HE_OK;
            } else if (rc == DB_DONE)
                rc = err_at(e, HE_INPUT, NULL, 0, "staff", "Choose the worker from the list");
            db_finalize(st);
        }
    } else if (rc == HE_OK) {
        snprintf(name, sizeof name, "%s", h->name);
        int64_t next = 0;
        rc = DB_INT(d, e, &next, "SELECT coalesce(max(id), 0) + 1 FROM staff");
        char ref[40];
        snprintf(ref, sizeof ref, "workforce:%lld", (long long)next);
        if (rc == HE_OK)
            rc = DB_INT(d, e, &staff,
                        "INSERT INTO staff (staff_ref, name, team_id, role) VALUES (?, ?, "
                        "(SELECT team_id FROM workforce_post WHERE id = ?), "
                        "(SELECT role FROM workforce_post WHERE id = ?)) RETURNING id",
                        DB_T(ref), DB_T(h->name), DB_I(h->post_id), DB_I(h->post_id));
    }
    if (rc == HE_OK)
        rc = DB_INT(d, e, &same,
                    "SELECT count(*) FROM workforce_holder WHERE post_id = ? AND staff_id = ? "
                    "AND (left_on IS NULL OR left_on > ?)",
                    DB_I(h->post_id), DB_I(staff), DB_I(h->start));
    if (rc == HE_OK && same)
        rc = err_at(e, HE_INPUT, NULL, 0, "staff", "The worker is already in this post");
    if (rc == HE_OK && !strcmp(h->employment, "employed")) {
        /* employed holders in post on the start day or after it */
        rc = DB_INT(d, e, &fte,
                    "SELECT coalesce(sum(fte), 0) FROM workforce_holder WHERE post_id = ? AND employment = 'employed' "
                    "AND (left_on IS NULL OR left_on > ?)",
                    DB_I(h->post_id), DB_I(h->start));
        if (rc == HE_OK)
            rc = DB_INT(d, e, &post_fte, "SELECT fte FROM workforce_post WHERE id = ?", DB_I(h->post_id));
        if (rc == HE_OK && fte + h->fte > post_fte) {
            char a[24], b[24];
            wkf_fte_text(post_fte, a);
            wkf_fte_text(post_fte - fte > 0 ? post_fte - fte : 0, b);
            rc = err_at(e, HE_INPUT, NULL, 0, "fte",
                        "The post is %s full-time equivalent and %s of it is free for an employed worker", a, b);
        }
    }
    if (rc == HE_OK)
        rc = DB_INT(d, e, &made,
                    "INSERT INTO workforce_holder (post_id, staff_id, name, employment, fte, start, start_reason, "
                    "created_by, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(h->post_id), DB_I(staff), DB_T(name), DB_T(h->employment), DB_I(h->fte), DB_I(h->start),
                    DB_T(h->start_reason), DB_Z(user), DB_I(now));
    if (rc != HE_OK)
        return fail(s, rc);
    if (id)
        *id = made;
    return store_commit(s, e);
}

int wkf_holder_leave(struct store *s, int64_t holder, day_t day, const char *reason, struct err *e)
{
    if (!reason || (strcmp(reason, "left") && strcmp(reason, "moved")))
        return err_at(e, HE_INPUT, NULL, 0, "leave_reason",
                      "Choose whether the worker left the authority or moved to another post");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t start = 0, gone = 0, later = 0;
    rc = DB_INT(d, e, &start, "SELECT start FROM workforce_holder WHERE id = ?", DB_I(holder));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &gone, "SELECT count(*) FROM workforce_holder WHERE id = ? AND left_on IS NOT NULL",
                    DB_I(holder));
    if (rc == HE_OK && !start)
        rc = err_at(e, HE_INPUT, NULL, 0, "left_on", "There is no such worker in the post");
    else if (rc == HE_OK && gone)
        rc = err_at(e, HE_INPUT, NULL, 0, "left_on", "The worker has already left the post");
    else if (rc == HE_OK && day <= start)
        rc = err_at(e, HE_INPUT, NULL, 0, "left_on", "The leaving date must be after the day they started");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &later, "SELECT count(*) FROM workforce_absence WHERE holder_id = ? AND start >= ?",
                    DB_I(holder), DB_I(day));
    if (rc == HE_OK && later)
        rc = err_at(e, HE_INPUT, NULL, 0, "left_on", "An absence is recorded from that date or after it");
    if (rc == HE_OK) /* an absence running on stops on the last day in post */
        rc = DB_RUN(d, e,
                    "UPDATE workforce_absence SET end_date = ? WHERE holder_id = ? AND (end_date IS NULL OR "
                    "end_date >= ?)",
                    DB_I(day - 1), DB_I(holder), DB_I(day));
    if (rc == HE_OK)
        rc = DB_RUN(d, e, "UPDATE workforce_holder SET left_on = ?, leave_reason = ? WHERE id = ?", DB_I(day),
                    DB_T(reason), DB_I(holder));
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

int wkf_absence_add(struct store *s, int64_t user, int64_t holder, const char *kind, day_t start, day_t end,
                    int64_t now, int64_t *id, struct err *e)
{
    if (!in_table(wkf_absence_kinds, wkf_n_absence_kinds, kind))
        return err_at(e, HE_INPUT, NULL, 0, "kind", "Choose the kind of absence");
    if (end != DAY_NONE && end < start)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The day they came back must be the same as or after the first day");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t in_post = 0, overlap = 0, made = 0;
    rc = DB_INT(d, e, &in_post,
                "SELECT count(*) FROM workforce_holder WHERE id = ? AND start <= ? AND (left_on IS NULL OR left_on > ?)",
                DB_I(holder), DB_I(start), DB_I(end != DAY_NONE ? end : start));
    if (rc == HE_OK && !in_post)
        rc = err_at(e, HE_INPUT, NULL, 0, "start", "The worker is not in the post for the whole absence");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &overlap,
                    "SELECT count(*) FROM workforce_absence WHERE holder_id = ? AND start <= ? "
                    "AND (end_date IS NULL OR end_date >= ?)",
                    DB_I(holder), DB_I(end != DAY_NONE ? end : 2524593), DB_I(start));
    if (rc == HE_OK && overlap)
        rc = err_at(e, HE_INPUT, NULL, 0, "start", "Another absence of this worker covers some of these days");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &made,
                    "INSERT INTO workforce_absence (holder_id, kind, start, end_date, created_by, created) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(holder), DB_T(kind), DB_I(start), DB_Z(end), DB_Z(user), DB_I(now));
    if (rc != HE_OK)
        return fail(s, rc);
    if (id)
        *id = made;
    return store_commit(s, e);
}

int wkf_absence_end(struct store *s, int64_t absence, day_t end, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct db *d = store_db(s);
    int64_t start = 0, open = 0, in_post = 0;
    rc = DB_INT(d, e, &start, "SELECT start FROM workforce_absence WHERE id = ?", DB_I(absence));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &open, "SELECT count(*) FROM workforce_absence WHERE id = ? AND end_date IS NULL",
                    DB_I(absence));
    if (rc == HE_OK && (!start || !open))
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The absence has already ended");
    else if (rc == HE_OK && end < start)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The last day of the absence must be on or after its first day");
    if (rc == HE_OK)
        rc = DB_INT(d, e, &in_post,
                    "SELECT count(*) FROM workforce_absence a JOIN workforce_holder h ON h.id = a.holder_id "
                    "WHERE a.id = ? AND (h.left_on IS NULL OR h.left_on > ?)",
                    DB_I(absence), DB_I(end));
    if (rc == HE_OK && !in_post)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "The worker had left the post by then");
    if (rc == HE_OK)
        rc = DB_RUN(d, e, "UPDATE workforce_absence SET end_date = ? WHERE id = ?", DB_I(end), DB_I(absence));
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

/* ---- weights --------------------------------------------------------------------------- */
int wkf_weights(struct store *s, int out[WKF_WEIGHT_KINDS], struct err *e)
{
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
        out[i] = 100;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), "SELECT kind, weight FROM caseload_weight", &st, e);
    if (rc != HE_OK)
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
            if (!strcmp(db_text(st, 0), wkf_weight_kinds[i].code))
                out[i] = (int)db_int(st, 1);
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int wkf_weights_set(struct store *s, int64_t user, const int w[WKF_WEIGHT_KINDS], int64_t now, struct err *e)
{
    for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
        if (w[i] < 0 || w[i] > 1000)
            return err_at(e, HE_INPUT, NULL, 0, wkf_weight_kinds[i].code, "Enter a weight from 0 to 10");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    for (int i = 0; rc == HE_OK && i < WKF_WEIGHT_KINDS; i++)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO caseload_weight (kind, weight, set_by, set_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind) DO UPDATE SET weight = excluded.weight, set_by = excluded.set_by, "
                    "set_at = excluded.set_at",
                    DB_T(wkf_weight_kinds[i].code), DB_I(w[i]), DB_Z(user), DB_I(now));
    if (rc != HE_OK)
        return fail(s, rc);
    return store_commit(s, e);
}

/* ---- reading --------------------------------------------------------------------------- */
static const char *dup(struct arena *mem, struct db_stmt *st, int col)
{
    const char *t = db_text(st, col);
    return arena_strdup(mem, t ? t : "");
}

static bool holder_in(const struct wkf_holder *h, day_t day)
{
    return h->start <= day && (h->left_on == DAY_NONE || h->left_on > day);
}

/* The holders of the posts in p[0..n) with what they are on day. */
static int load_holders(struct store *s, struct wkf_post *p, int n, day_t day, struct arena *mem, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT h.id, h.post_id, h.staff_id, h.name, h.employment, h.start_reason, h.leave_reason, "
                        "h.fte, h.start, h.left_on, a.id, a.kind FROM workforce_holder h "
                        "LEFT JOIN workforce_absence a ON a.holder_id = h.id AND a.start <= ? "
                        "AND (a.end_date IS NULL OR a.end_date >= ?) WHERE h.post_id = ? "
                        "ORDER BY h.start DESC, h.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    for (int i = 0; rc == HE_OK && i < n; i++) {
        db_reset(st);
        db_bind_int(st, 1, day);
        db_bind_int(st, 2, day);
        db_bind_int(st, 3, p[i].id);
        int cap = 0;
        while ((rc = db_step(st, e)) == DB_ROW) {
            if (p[i].n_holders == cap) {
                cap = cap ? cap * 2 : 4;
                struct wkf_holder *nh = arena_alloc(mem, (size_t)cap * sizeof *nh);
                if (p[i].n_holders)
                    memcpy(nh, p[i].holders, (size_t)p[i].n_holders * sizeof *nh);
                p[i].holders = nh;
            }
            struct wkf_holder *h = &p[i].holders[p[i].n_holders++];
            *h = (struct wkf_holder){.id = db_int(st, 0), .post_id = db_int(st, 1), .staff_id = db_int(st, 2),
                                     .name = dup(mem, st, 3), .employment = dup(mem, st, 4),
                                     .start_reason = dup(mem, st, 5), .leave_reason = dup(mem, st, 6),
                                     .fte = (int)db_int(st, 7), .start = (day_t)db_int(st, 8),
                                     .left_on = (day_t)db_int(st, 9), .absence_id = db_int(st, 10),
                                     .absence_kind = dup(mem, st, 11)};
            h->absent = h->absence_id != 0 && holder_in(h, day);
            if (holder_in(h, day)) {
                if (!strcmp(h->employment, "employed"))
                    p[i].employed_fte += h->fte;
                else
                    p[i].agency_fte += h->fte;
            }
        }
        rc = rc == DB_DONE ? HE_OK : rc;
        bool open = p[i].opened <= day && (p[i].closed == DAY_NONE || p[i].closed > day);
        p[i].vacancy_fte = open && p[i].fte > p[i].employed_fte ? p[i].fte - p[i].employed_fte : 0;
    }
    db_finalize(st);
    return rc;
}

#define POST_COLS "SELECT p.id, p.team_id, t.name, p.title, p.role, p.fte, p.opened, p.closed FROM workforce_post p " \
                  "JOIN team t ON t.id = p.team_id "

static struct wkf_post post_row(struct db_stmt *st, struct arena *mem)
{
    return (struct wkf_post){.id = db_int(st, 0), .team_id = db_int(st, 1), .team = dup(mem, st, 2),
                             .title = dup(mem, st, 3), .role = dup(mem, st, 4), .fte = (int)db_int(st, 5),
                             .opened = (day_t)db_int(st, 6), .closed = (day_t)db_int(st, 7)};
}

int wkf_posts(struct store *s, int64_t team, day_t day, bool all, struct arena *mem, struct wkf_post **out, int *n,
              struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(store_db(s),
                        POST_COLS "WHERE (? = 0 OR p.team_id = ?) AND (? = 1 OR (p.opened <= ? AND "
                                  "(p.closed IS NULL OR p.closed > ?))) ORDER BY t.name, p.title, p.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, team);
    db_bind_int(st, 2, team);
    db_bind_int(st, 3, all ? 1 : 0);
    db_bind_int(st, 4, day);
    db_bind_int(st, 5, day);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            struct wkf_post *np = arena_alloc(mem, (size_t)cap * sizeof *np);
            if (*n)
                memcpy(np, *out, (size_t)*n * sizeof *np);
            *out = np;
        }
        (*out)[(*n)++] = post_row(st, mem);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    return load_holders(s, *out, *n, day, mem, e);
}

int wkf_post_get(struct store *s, int64_t post, day_t day, struct arena *mem, struct wkf_post *out, bool *found,
                 struct err *e)
{
    struct db_stmt *st;
    *found = false;
    int rc = db_prepare(store_db(s), POST_COLS "WHERE p.id = ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, post);
    if ((rc = db_step(st, e)) == DB_ROW) {
        *out = post_row(st, mem);
        *found = true;
    }
    db_finalize(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return rc;
    return *found ? load_holders(s, out, 1, day, mem, e) : HE_OK;
}

int wkf_holder_post(struct store *s, int64_t holder, int64_t *post, struct err *e)
{
    *post = 0;
    return DB_INT(store_db(s), e, post, "SELECT post_id FROM workforce_holder WHERE id = ?", DB_I(holder));
}

int wkf_holder_staff(struct store *s, int64_t holder, int64_t *staff, struct err *e)
{
    *staff = 0;
    return DB_INT(store_db(s), e, staff, "SELECT staff_id FROM workforce_holder WHERE id = ?", DB_I(holder));
}

int wkf_absence_holder(struct store *s, int64_t absence, int64_t *holder, struct err *e)
{
    *holder = 0;
    return DB_INT(store_db(s), e, holder, "SELECT holder_id FROM workforce_absence WHERE id = ?", DB_I(absence));
}

/* Each child allocated to the staff row on day, with the kinds of work open for them then:
 * a protection plan, a looked-after episode, an episode of need (not ended as no further
 * action at referral). */
#define CHILD_KINDS                                                                                              \
    "SELECT a.person_id, "                                                                                       \
    "(SELECT count(*) FROM cp_plan p JOIN cin_episode c ON c.id = p.episode_id WHERE c.person_id = a.person_id " \
    " AND p.start <= ? AND (p.end_date IS NULL OR p.end_date > ?)), "                                            \
    "(SELECT count(*) FROM la_episode l WHERE l.person_id = a.person_id AND l.decom <= ? "                       \
    " AND (l.dec IS NULL OR l.dec > ?)), "                                                                       \
    "(SELECT count(*) FROM cin_episode c WHERE c.person_id = a.person_id AND c.referral_date <= ? "              \
    " AND (c.closure_date IS NULL OR c.closure_date > ?) AND (c.referral_nfa IS NULL OR c.referral_nfa = 0)) "   \
    "FROM allocation a WHERE a.staff_id = ? AND a.start <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"

static int staff_cases(struct db_stmt *st, int64_t staff, day_t day, const int w[WKF_WEIGHT_KINDS], int *cases,
                       int by_kind[WKF_WEIGHT_KINDS], int64_t *weighted, struct err *e)
{
    db_reset(st);
    for (int i = 1; i <= 6; i++)
        db_bind_int(st, i, day);
    db_bind_int(st, 7, staff);
    db_bind_int(st, 8, day);
    db_bind_int(st, 9, day);
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        bool k[WKF_WEIGHT_KINDS] = {db_int(st, 1) > 0, db_int(st, 2) > 0, db_int(st, 3) > 0, false};
        k[3] = !k[0] && !k[1] && !k[2];
        int heaviest = -1, first = -1;
        for (int i = 0; i < WKF_WEIGHT_KINDS; i++)
            if (k[i]) {
                if (first < 0)
                    first = i; /* counted under the first kind in wkf_weight_kinds' order */
                if (w[i] > heaviest)
                    heaviest = w[i];
            }
        (*cases)++;
        if (by_kind)
            by_kind[first]++;
        *weighted += heaviest;
    }
    return rc == DB_DONE ? HE_OK : rc;
}

int wkf_caseloads(struct store *s, int64_t team, day_t day, struct arena *mem, struct wkf_caseload **out, int *n,
                  struct err *e)
{
    int w[WKF_WEIGHT_KINDS];
    *out = NULL;
    *n = 0;
    int rc = wkf_weights(s, w, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st, *cs;
    if ((rc = db_prepare(store_db(s),
                         "SELECT h.id, h.staff_id, h.name, t.name, p.title, p.role, h.employment, h.fte "
                         "FROM workforce_holder h JOIN workforce_post p ON p.id = h.post_id "
                         "JOIN team t ON t.id = p.team_id WHERE (? = 0 OR p.team_id = ?) AND h.start <= ? "
                         "AND (h.left_on IS NULL OR h.left_on > ?) ORDER BY t.name, h.name, h.id",
                         &st, e)) != HE_OK)
        return rc;
    if ((rc = db_prepare(store_db(s), CHILD_KINDS, &cs, e)) != HE_OK) {
        db_finalize(st);
        return rc;
    }
    db_bind_int(st, 1, team);
    db_bind_int(st, 2, team);
    db_bind_int(st, 3, day);
    db_bind_int(st, 4, day);
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            struct wkf_caseload *np = arena_alloc(mem, (size_t)cap * sizeof *np);
            if (*n)
                memcpy(np, *out, (size_t)*n * sizeof *np);
            *out = np;
        }
        (*out)[(*n)++] = (struct wkf_caseload){.holder_id = db_int(st, 0), .staff_id = db_int(st, 1),
                                               .name = dup(mem, st, 2), .team = dup(mem, st, 3),
                                               .title = dup(mem, st, 4), .role = dup(mem, st, 5),
                                               .employment = dup(mem, st, 6), .fte = (int)db_int(st, 7)};
    }
    db_finalize(st);
    rc = rc == DB_DONE ? HE_OK : rc;
    for (int i = 0; rc == HE_OK && i < *n; i++) {
        struct wkf_caseload *c = &(*out)[i];
        rc = staff_cases(cs, c->staff_id, day, w, &c->cases, c->by_kind, &c->weighted, e);
    }
    db_finalize(cs);
    return rc;
}

/* ---- the census --------------------------------------------------------------------------- */
struct census_holder {
    int64_t id, post, staff;
    bool employed, joined, left;
    int fte;
    day_t start, left_on;
};

static bool in_on(const struct census_holder *h, day_t d)
{
    return h->start <= d && (h->left_on == DAY_NONE || h->left_on > d);
}

/* Working days from a to b inclusive. */
static int64_t working(day_t a, day_t b)
{
    return b < a ? 0 : date_working_days(a - 1, b);
}

int wkf_census(struct store *s, day_t from, day_t to, day_t today, struct wkf_census *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    struct db *d = store_db(s);
    struct db_stmt *st;
    /* holders of social work posts who may count: in post on `to`, or starting or leaving
     * in the year */
    int rc = db_prepare(d,
                        "SELECT h.id, h.post_id, h.staff_id, h.employment, h.start_reason, h.leave_reason, h.fte, "
                        "h.start, h.left_on, p.role FROM workforce_holder h JOIN workforce_post p ON p.id = h.post_id "
                        "WHERE h.start <= ? AND (h.left_on IS NULL OR h.left_on >= ?) ORDER BY h.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, from);
    struct census_holder *h = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (!wkf_role_counts(db_text(st, 9)))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            h = xrealloc(h, cap * sizeof *h);
        }
        h[n++] = (struct census_holder){.id = db_int(st, 0), .post = db_int(st, 1), .staff = db_int(st, 2),
                                        .employed = !strcmp(db_text(st, 3), "employed"),
                                        .joined = !strcmp(db_text(st, 4), "joined"),
                                        .left = db_text(st, 5) && !strcmp(db_text(st, 5), "left"),
                                        .fte = (int)db_int(st, 6), .start = (day_t)db_int(st, 7),
                                        .left_on = (day_t)db_int(st, 8)};
    }
    db_finalize(st);
    if (rc != DB_DONE) {
        free(h);
        return rc;
    }
    rc = HE_OK;
    for (size_t i = 0; i < n; i++) {
        if (h[i].employed && h[i].joined && h[i].start >= from && h[i].start <= to)
            c->starters += h[i].fte;
        if (h[i].employed && h[i].left && h[i].left_on != DAY_NONE && h[i].left_on >= from && h[i].left_on <= to)
            c->leavers += h[i].fte;
        if (!in_on(&h[i], to))
            continue;
        if (h[i].employed)
            c->in_post += h[i].fte;
        else
            c->agency += h[i].fte;
    }
    /* vacancies on `to`: each open social work post's FTE not filled by employed holders;
     * agency workers in the post cover it up to the vacancy */
    if ((rc = db_prepare(d,
                         "SELECT id, fte, role FROM workforce_post WHERE opened <= ? AND (closed IS NULL OR closed > ?) "
                         "ORDER BY id",
                         &st, e)) != HE_OK) {
        free(h);
        return rc;
    }
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (!wkf_role_counts(db_text(st, 2)))
            continue;
        int64_t post = db_int(st, 0), fte = db_int(st, 1), employed = 0, agency = 0;
        for (size_t i = 0; i < n; i++)
            if (h[i].post == post && in_on(&h[i], to))
                *(h[i].employed ? &employed : &agency) += h[i].fte;
        int64_t vac = fte > employed ? fte - employed : 0;
        c->vacancies += vac;
        c->agency_cover += agency < vac ? agency : vac;
    }
    db_finalize(st);
    rc = rc == DB_DONE ? HE_OK : rc;
    /* case holders: employed, in post on `to`, holding a child then; a worker in two
     * posts counts their children once */
    struct db_stmt *cs = NULL;
    if (rc == HE_OK)
        rc = db_prepare(d, CHILD_KINDS, &cs, e);
    int w[WKF_WEIGHT_KINDS] = {100, 100, 100, 100};
    for (size_t i = 0; rc == HE_OK && i < n; i++) {
        if (!h[i].employed || !in_on(&h[i], to))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (h[j].staff == h[i].staff && h[j].employed && in_on(&h[j], to))
                seen = true;
        int cases = 0;
        int64_t weighted = 0;
        if ((rc = staff_cases(cs, h[i].staff, to, w, &cases, NULL, &weighted, e)) != HE_OK)
            break;
        if (cases) {
            c->case_holders += h[i].fte;
            if (!seen)
                c->cases += cases;
        }
    }
    if (cs)
        db_finalize(cs);
    /* sickness absence in the year, of employed holders, in FTE working days */
    if (rc == HE_OK)
        rc = db_prepare(d,
                        "SELECT a.holder_id, a.start, a.end_date FROM workforce_absence a WHERE a.kind = 'sickness' "
                        "AND a.start <= ? AND (a.end_date IS NULL OR a.end_date >= ?)",
                        &st, e);
    if (rc == HE_OK) {
        db_bind_int(st, 1, to);
        db_bind_int(st, 2, from);
        while ((rc = db_step(st, e)) == DB_ROW) {
            int64_t holder = db_int(st, 0);
            for (size_t i = 0; i < n; i++) {
                if (h[i].id != holder || !h[i].employed)
                    continue;
                day_t a = (day_t)db_int(st, 1), b = db_is_null(st, 2) ? to : (day_t)db_int(st, 2);
                if (a < from)
                    a = from;
                if (b > to)
                    b = to;
                if (h[i].left_on != DAY_NONE && b >= h[i].left_on)
                    b = h[i].left_on - 1;
                c->days_lost += working(a, b) * h[i].fte;
            }
        }
        db_finalize(st);
        rc = rc == DB_DONE ? HE_OK : rc;
    }
    free(h);
    if (rc != HE_OK)
        return rc;
    /* 253 working days a year, as the DfE counts them */
    int64_t days = (int64_t)to - from + 1;
    if (date_add_years(from, 1) - 1 == to)
        c->days_available = c->in_post * 253;
    else
        c->days_available = (c->in_post * 253 * days + 182) / 365;
    return DB_INT(d, e, &c->absent_now,
                  "SELECT count(*) FROM workforce_absence a JOIN workforce_holder h ON h.id = a.holder_id "
                  "WHERE a.start <= ? AND (a.end_date IS NULL OR a.end_date >= ?) AND h.start <= ? "
                  "AND (h.left_on IS NULL OR h.left_on > ?)",
                  DB_I(today), DB_I(today), DB_I(today), DB_I(today));
}
