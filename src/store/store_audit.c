/* store_audit: the access log's hash chain on the portable db.h layer (see audit.h): the
 * append that every view of a record goes through, the verification walk, and listings of
 * who saw a child's record and of break-glass openings. Never rewrites an entry; deletes
 * only the oldest, at the end of their retention, leaving a checkpoint (audit_prune). */
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "../util/buf.h"
#include "audit.h"
#include "db_pg.h"
#include "pq.h"
#include "store_impl.h"

sqlite3 *db_sqlite_handle(struct db *d); /* db_sqlite.c */

/* Is a transaction open on d? An append outside one makes its own: the head's seq, the
 * entry and the head's hash must change together, or two writers chain onto one hash. */
static bool in_transaction(struct db *d)
{
    if (db_kind(d) == DB_PG)
        return PQtransactionStatus(db_pg_conn(d)) != PQTRANS_IDLE;
    return !sqlite3_get_autocommit(db_sqlite_handle(d));
}

static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

void audit_link_hash(const char *prev, int64_t seq, int64_t user_id, int64_t at, rec_id person,
                     const char *page, const char *reason, char out[65])
{
    /* Each field is length-prefixed so that no two different entries hash the same text;
     * a NULL reason (ordinary view) differs from an empty one. */
    struct buf b = BUF_INIT;
    buf_printf(&b, "hearth-access-v1|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "|%zu:%s|",
               prev, seq, user_id, at, (int64_t)person, strlen(page ? page : ""), page ? page : "");
    if (reason)
        buf_printf(&b, "%zu:%s", strlen(reason), reason);
    else
        buf_adds(&b, "-");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    buf_free(&b);
}

/* Take the next place in the chain: bumps the head's seq (the row lock that orders writers)
 * and returns the new seq and the previous hash. */
static int take_place(struct db *d, int64_t *seq, char prev[65], struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(d, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *seq = db_int(st, 0);
        copy(prev, 65, db_text(st, 1));
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = err_set(e, HE_INTERNAL, "the access log has no chain head (audit_head is empty)");
    }
    db_finalize(st);
    return rc;
}

static int set_head(struct db *d, const char *hash, struct err *e)
{
    return DB_RUN(d, e, "UPDATE audit_head SET hash = ? WHERE id = 1", DB_T(hash));
}

static int append(struct store *s, int64_t user_id, rec_id person, const char *page,
                  const char *reason, int64_t now, struct err *e)
{
    struct db *d = store_db(s);
    int64_t seq;
    char prev[65], hash[65];
    int rc = take_place(d, &seq, prev, e);
    if (rc != HE_OK)
        return rc;
    audit_link_hash(prev, seq, user_id, now, person, page, reason, hash);
    rc = DB_RUN(d, e,
                "INSERT INTO access_log (user_id, at, person_id, page, seq, reason, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                DB_I(user_id), DB_I(now), DB_I(person), DB_T(page), DB_I(seq), DB_T(reason),
                DB_T(hash));
    return rc == HE_OK ? set_head(d, hash, e) : rc;
}

int audit_append(struct store *s, int64_t user_id, rec_id person, const char *page,
                 const char *reason, int64_t now, struct err *e)
{
    if (in_transaction(store_db(s)))
        return append(s, user_id, person, page, reason, now, e);
    int rc = store_begin_quiet(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = append(s, user_id, person, page, reason, now, e)) != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

int audit_seal(struct store *s, int64_t *n, struct err *e)
{
    struct db *d = store_db(s);
    *n = 0;
    int rc = store_begin_quiet(s, e);
    if (rc != HE_OK)
        return rc;
    struct db_stmt *sel = NULL, *upd = NULL;
    rc = db_prepare(d,
                    "SELECT id, user_id, at, person_id, page, reason FROM access_log "
                    "WHERE seq IS NULL ORDER BY id",
                    &sel, e);
    if (rc == HE_OK)
        rc = db_prepare(d, "UPDATE access_log SET seq = ?, hash = ? WHERE id = ?", &upd, e);
    while (rc == HE_OK && (rc = db_step(sel, e)) == DB_ROW) {
        int64_t seq;
        char prev[65], hash[65];
        if ((rc = take_place(d, &seq, prev, e)) != HE_OK)
            break;
        audit_link_hash(prev, seq, db_int(sel, 1), db_int(sel, 2), db_int(sel, 3), db_text(sel, 4),
                        db_text(sel, 5), hash);
        db_reset(upd);
        db_bind_int(upd, 1, seq);
        db_bind_text(upd, 2, hash);
        db_bind_int(upd, 3, db_int(sel, 0));
        if ((rc = db_step(upd, e)) != DB_DONE || (rc = set_head(d, hash, e)) != HE_OK)
            break;
        (*n)++;
        rc = HE_OK;
    }
    if (rc == DB_DONE)
        rc = HE_OK;
    if (upd)
        db_finalize(upd);
    if (sel)
        db_finalize(sel);
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        *n = 0;
        return rc;
    }
    return store_commit(s, e);
}

static void broken(struct audit_verdict *v, int64_t id, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void broken(struct audit_verdict *v, int64_t id, int64_t seq, const char *fmt, ...)
{
    if (!v->intact)
        return; /* the first break is the one named */
    v->intact = false;
    v->broken_id = id;
    v->broken_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->why, sizeof v->why, fmt, ap);
    va_end(ap);
}

static int verify_checkpoints(struct db *d, struct audit_verdict *v, int64_t *start_seq, char start_hash[65],
                              struct err *e);

int audit_verify(struct store *s, struct audit_verdict *v, struct err *e)
{
    struct db *d = store_db(s);
    memset(v, 0, sizeof *v);
    v->intact = true;
    struct db_stmt *st;
    /* Entries with no place: legacy when older than every chained entry, else out of the chain. */
    int64_t first_chained = 0;
    int rc = db_run(d, "SELECT min(id) FROM access_log WHERE seq IS NOT NULL", &first_chained, NULL, e,
                    0, NULL);
    if (rc != HE_OK)
        return rc;
    rc = db_prepare(d, "SELECT id FROM access_log WHERE seq IS NULL ORDER BY id", &st, e);
    if (rc != HE_OK)
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t id = db_int(st, 0);
        if (first_chained && id > first_chained)
            broken(v, id, 0, "entry %" PRId64 " has no place in the chain: it was added outside "
                   "hearth, or its place was erased", id);
        else
            v->unchained++;
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;

    char prev[65];
    int64_t start = 0;
    if ((rc = verify_checkpoints(d, v, &start, prev, e)) != HE_OK)
        return rc;
    int64_t expect = start + 1;
    rc = db_prepare(d,
                    "SELECT id, seq, user_id, at, person_id, page, reason, hash FROM access_log "
                    "WHERE seq IS NOT NULL ORDER BY seq",
                    &st, e);
    if (rc != HE_OK)
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t id = db_int(st, 0), seq = db_int(st, 1);
        const char *stored = db_text(st, 7);
        char h[65];
        if (seq <= start) { /* should have gone with the prune */
            broken(v, id, seq, "entry %" PRId64 " (row %" PRId64 ") is older than the checkpoint at %" PRId64
                   " but is still there: the checkpoint or the entry is not hearth's", seq, id, start);
            continue;
        }
        if (seq != expect)
            broken(v, id, expect,
                   seq > expect ? "entry %" PRId64 " of the chain is missing (deleted): the chain "
                                  "goes from %" PRId64 " to %" PRId64 " (row %" PRId64 ")"
                                : "entry %" PRId64 " appears twice (%" PRId64 ", %" PRId64 "; row %" PRId64 ")",
                   expect, expect - 1, seq, id);
        audit_link_hash(prev, seq, db_int(st, 2), db_int(st, 3), db_int(st, 4), db_text(st, 5),
                        db_text(st, 6), h);
        if (!stored || strcmp(h, stored))
            broken(v, id, seq,
                   "entry %" PRId64 " (row %" PRId64 ") was changed after it was written: its hash "
                   "does not match its contents and the entry before it", seq, id);
        copy(prev, sizeof prev, stored ? stored : h);
        expect = seq + 1;
        v->entries++;
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;

    rc = db_prepare(d, "SELECT seq, hash FROM audit_head WHERE id = 1", &st, e);
    if (rc != HE_OK)
        return rc;
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        v->head_seq = db_int(st, 0);
        copy(v->head, sizeof v->head, db_text(st, 1));
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        broken(v, 0, 0, "the chain's head (audit_head) has been deleted");
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc != HE_OK)
        return rc;
    if (v->head[0] && v->head_seq > expect - 1) {
        broken(v, 0, expect,
               "the last %" PRId64 " entries of the chain are missing (deleted): it ends at "
               "%" PRId64 " but its head says %" PRId64,
               v->head_seq - (expect - 1), expect - 1, v->head_seq);
    } else if (v->head[0] && v->head_seq < expect - 1) {
        /* the first entry past the head is the first that breaks: it is not in the chain the
         * head vouches for (an entry added without moving the head, or the head moved back) */
        int64_t first = v->head_seq + 1 > start ? v->head_seq + 1 : start + 1, row = 0;
        rc = DB_INT(d, e, &row, "SELECT id FROM access_log WHERE seq = ?", DB_I(first));
        if (rc != HE_OK)
            return rc;
        broken(v, row, first,
               "the chain runs past its head (%" PRId64 " entries too many; ends at %" PRId64
               ", head %" PRId64 "): entry %" PRId64 " is not in the chain its head vouches for",
               (expect - 1) - v->head_seq, expect - 1, v->head_seq, first);
    } else if (v->head[0] && strcmp(v->head, prev))
        broken(v, 0, expect - 1, "the chain's head hash does not match its last entry");
    return HE_OK;
}

/* ---- the access log's own retention ----------------------------------------------------- */

static void checkpoint_hash(const char *prev, int64_t seq, const char *hash, int64_t first_seq,
                            int64_t pruned, int64_t before_at, const char *by, int64_t at, char out[65])
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "hearth-checkpoint-v1|%s|%" PRId64 "|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%zu:%s|%" PRId64,
               prev, seq, hash, first_seq, pruned, before_at, strlen(by), by, at);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    buf_free(&b);
}

/* One integer from SQL binding up to three integers (n of them); NULL reads as 0. */
static int one_int(struct db *d, const char *sql, int n, int64_t a, int64_t b, int64_t c, int64_t *out,
                   struct err *e)
{
    struct db_stmt *st;
    *out = 0;
    int rc = db_prepare(d, sql, &st, e);
    if (rc != HE_OK)
        return rc;
    int64_t v[3] = {a, b, c};
    for (int i = 0; i < n; i++)
        db_bind_int(st, i + 1, v[i]);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *out = db_int(st, 0);
        rc = HE_OK;
    } else if (rc == DB_DONE) {
        rc = HE_OK;
    }
    db_finalize(st);
    return rc;
}

/* Unchained entries older than the chain and than the cut: legacy, prunable. */
#define LEGACY_OLD "seq IS NULL AND at < ?3 AND id < coalesce((SELECT min(id) FROM access_log WHERE seq IS NOT NULL), ?4)"

int audit_prunable(struct store *s, int64_t before_at, struct audit_prunable *p, struct err *e)
{
    struct db *d = store_db(s);
    memset(p, 0, sizeof *p);
    int64_t cp = 0, cut = 0, last = 0;
    int rc = one_int(d, "SELECT coalesce(max(seq), 0) FROM audit_checkpoint", 0, 0, 0, 0, &cp, e);
    /* the first entry to keep: the oldest one opened on or after the cut */
    if (rc == HE_OK)
        rc = one_int(d, "SELECT coalesce(min(seq), 0) FROM access_log WHERE seq > ? AND at >= ?", 2, cp,
                     before_at, 0, &cut, e);
    if (rc == HE_OK && !cut)
        rc = one_int(d, "SELECT coalesce(max(seq), 0) FROM access_log WHERE seq IS NOT NULL", 0, 0, 0, 0,
                     &last, e);
    else
        last = cut - 1;
    if (rc != HE_OK)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(d, "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0) FROM access_log "
                       "WHERE seq > ? AND seq <= ?", &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, cp);
    db_bind_int(st, 2, last);
    if ((rc = db_step(st, e)) == DB_ROW) {
        p->entries = db_int(st, 0);
        p->oldest_at = db_int(st, 1);
        p->newest_at = db_int(st, 2);
        rc = HE_OK;
    }
    db_finalize(st);
    if (rc != HE_OK)
        return rc;
    if (p->entries) {
        p->first_seq = cp + 1;
        p->last_seq = last;
    }
    return one_int(d, "SELECT count(*) FROM access_log WHERE seq IS NULL AND at < ? AND id < "
                      "coalesce((SELECT min(id) FROM access_log WHERE seq IS NOT NULL), ?)",
                   2, before_at, INT64_MAX, 0, &p->legacy, e);
}

int audit_prune(struct store *s, int64_t before_at, const char *by, int64_t now,
                struct audit_prunable *p, char *cp_hash, struct err *e)
{
    struct db *d = store_db(s);
    if (!by || !*by)
        return err_at(e, HE_INPUT, NULL, 0, "by", "say which administrator prunes the access log");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = audit_prunable(s, before_at, p, e)) != HE_OK || (!p->entries && !p->legacy)) {
        store_rollback(s, NULL);
        return rc;
    }
    char last_hash[65] = "", prev_cp[65];
    copy(prev_cp, sizeof prev_cp, genesis);
    struct db_stmt *st;
    if (p->entries) {
        if ((rc = db_prepare(d, "SELECT hash FROM access_log WHERE seq = ?", &st, e)) == HE_OK) {
            db_bind_int(st, 1, p->last_seq);
            if ((rc = db_step(st, e)) == DB_ROW) {
                copy(last_hash, sizeof last_hash, db_text(st, 0));
                rc = HE_OK;
            }
            db_finalize(st);
        }
        if (rc == HE_OK && (rc = db_prepare(d, "SELECT cp_hash FROM audit_checkpoint ORDER BY seq DESC LIMIT 1",
                                            &st, e)) == HE_OK) {
            if ((rc = db_step(st, e)) == DB_ROW)
                copy(prev_cp, sizeof prev_cp, db_text(st, 0));
            rc = rc == DB_ROW || rc == DB_DONE ? HE_OK : rc;
            db_finalize(st);
        }
        if (rc == HE_OK && !last_hash[0])
            rc = err_set(e, HE_INTERNAL, "entry %" PRId64 " of the access log has no hash: run hearth audit verify",
                         p->last_seq);
    }
    /* the entries go with their break-glass reviews (which point at them) */
    static const char *const del[] = {
        "DELETE FROM glass_review WHERE access_id IN (SELECT id FROM access_log WHERE (seq >= ?1 AND seq <= ?2) OR (" LEGACY_OLD "))",
        "DELETE FROM access_log WHERE (seq >= ?1 AND seq <= ?2) OR (" LEGACY_OLD ")",
    };
    for (int i = 0; rc == HE_OK && i < 2; i++)
        rc = DB_RUN(d, e, del[i], DB_I(p->entries ? p->first_seq : 1), DB_I(p->entries ? p->last_seq : 0),
                    DB_I(before_at), DB_I(INT64_MAX));
    char h[65] = "";
    if (rc == HE_OK && p->entries) {
        checkpoint_hash(prev_cp, p->last_seq, last_hash, p->first_seq, p->entries, before_at, by, now, h);
        rc = DB_RUN(d, e,
                    "INSERT INTO audit_checkpoint (seq, hash, first_seq, pruned, before_at, by_name, at, "
                    "cp_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_I(p->last_seq), DB_T(last_hash), DB_I(p->first_seq), DB_I(p->entries),
                    DB_I(before_at), DB_T(by), DB_I(now), DB_T(h));
    }
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    if (cp_hash)
        copy(cp_hash, 65, h);
    return store_commit(s, e);
}

/* The checkpoints, oldest first: each one's hash covers the one before; the latest says
 * where the chain now starts (*start_seq, *start_hash). */
static int verify_checkpoints(struct db *d, struct audit_verdict *v, int64_t *start_seq, char start_hash[65],
                              struct err *e)
{
    struct db_stmt *st;
    *start_seq = 0;
    copy(start_hash, 65, genesis);
    int rc = db_prepare(d,
                        "SELECT id, seq, hash, first_seq, pruned, before_at, by_name, at, cp_hash "
                        "FROM audit_checkpoint ORDER BY seq",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    char prev[65];
    copy(prev, sizeof prev, genesis);
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t seq = db_int(st, 1), first = db_int(st, 3);
        char h[65];
        checkpoint_hash(prev, seq, db_text(st, 2) ? db_text(st, 2) : "", first, db_int(st, 4), db_int(st, 5),
                        db_text(st, 6) ? db_text(st, 6) : "", db_int(st, 7), h);
        const char *stored = db_text(st, 8);
        if (!stored || strcmp(h, stored))
            broken(v, 0, seq, "the checkpoint of the prune up to entry %" PRId64 " was changed after it was "
                   "written: its hash does not match", seq);
        else if (first != *start_seq + 1)
            broken(v, 0, first, "the checkpoint up to entry %" PRId64 " does not follow the one before it "
                   "(it starts at %" PRId64 ", not %" PRId64 ")", seq, first, *start_seq + 1);
        copy(prev, sizeof prev, stored ? stored : h);
        *start_seq = seq;
        copy(start_hash, 65, db_text(st, 2) ? db_text(st, 2) : "");
        v->checkpoints++;
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    v->checkpoint_seq = *start_seq;
    if (v->checkpoints)
        copy(v->checkpoint, sizeof v->checkpoint, prev);
    return HE_OK;
}

static const char entry_cols[] =
    "SELECT a.id, a.seq, a.at, a.user_id, u.name, u.display_name, u.role, a.person_id, a.page, "
    "a.reason FROM access_log a JOIN app_user u ON u.id = a.user_id ";

static int each_entry(struct db_stmt *st, audit_fn fn, void *ctx, struct err *e)
{
    int rc, stop = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct audit_entry a;
        memset(&a, 0, sizeof a);
        a.id = db_int(st, 0);
        a.seq = db_int(st, 1);
        a.at = db_int(st, 2);
        a.user_id = db_int(st, 3);
        copy(a.user, sizeof a.user, db_text(st, 4));
        copy(a.display, sizeof a.display, db_text(st, 5));
        copy(a.role, sizeof a.role, db_text(st, 6));
        a.person = db_int(st, 7);
        copy(a.page, sizeof a.page, db_text(st, 8));
        copy(a.reason, sizeof a.reason, db_text(st, 9));
        if ((stop = fn(ctx, &a)) != 0)
            break;
    }
    db_finalize(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? HE_OK : rc;
}

int audit_for_person(struct store *s, rec_id person, audit_fn fn, void *ctx, struct err *e)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "%sWHERE a.person_id = ? ORDER BY a.at, a.id", entry_cols);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql.data, &st, e);
    buf_free(&sql);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    return each_entry(st, fn, ctx, e);
}

int audit_break_glass(struct store *s, bool unreviewed, audit_fn fn, void *ctx, struct err *e)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "%sWHERE a.reason IS NOT NULL%s ORDER BY a.id DESC", entry_cols,
               unreviewed ? " AND NOT EXISTS (SELECT 1 FROM glass_review g WHERE g.access_id = a.id)" : "");
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql.data, &st, e);
    buf_free(&sql);
    if (rc != HE_OK)
        return rc;
    return each_entry(st, fn, ctx, e);
}

int audit_glass_review(struct store *s, int64_t access_id, int64_t manager_id, const char *note,
                       int64_t now, struct err *e)
{
    struct db *d = store_db(s);
    int64_t n = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_INT(d, e, &n, "SELECT count(*) FROM access_log WHERE id = ? AND reason IS NOT NULL",
                DB_I(access_id));
    if (rc == HE_OK && !n)
        rc = err_set(e, HE_INPUT, "access log entry %" PRId64 " is not a break-glass opening", access_id);
    if (rc == HE_OK)
        rc = DB_RUN(d, e,
                    "INSERT INTO glass_review (access_id, reviewed_by, reviewed_at, note) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (access_id) DO NOTHING",
                    DB_I(access_id), DB_I(manager_id), DB_I(now), DB_T(note));
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}
