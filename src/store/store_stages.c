/* store_stages: the stage forms' writes (stages.h) on the portable db.h layer. Every write
 * is one transaction: load the child as they are now, run the stage's DfE checks, bump the
 * record version the form was read at, write, commit. A refusal rolls back everything. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework.h"
#include "stages.h"
#include "store_impl.h"

static int run(struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

/* ---- reading ------------------------------------------------------------------------- */
#define GROW(arr, n, cap)                                                         \
    do {                                                                          \
        if ((n) == (cap)) {                                                       \
            (cap) = (cap) ? (cap) * 2 : 8;                                         \
            void *np_ = arena_alloc(&x->mem, (cap) * sizeof *(arr));              \
            if (n)                                                                \
                memcpy(np_, (arr), (n) * sizeof *(arr));                          \
            (arr) = np_;                                                          \
        }                                                                         \
    } while (0)

static int query(struct store *s, const char *sql, rec_id person, struct db_stmt **st, struct err *e)
{
    int rc = db_prepare(store_db(s), sql, st, e);
    if (rc == HE_OK)
        db_bind_int(*st, 1, person);
    return rc;
}

static int flag(struct db_stmt *st, int col) { return db_is_null(st, col) ? -1 : (int)db_int(st, col); }

int st_load_extra(struct store *s, rec_id person, struct child_extra *x, struct err *e)
{
    memset(x, 0, sizeof *x);
    struct db_stmt *st;
    size_t cap;
    int rc;
    if ((rc = query(s, "SELECT id, date, seen_alone FROM la_visit WHERE person_id = ? ORDER BY date",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->visits, x->n_visits, cap);
        x->visits[x->n_visits++] = (struct la_visit){db_int(st, 0), (day_t)db_int(st, 1), flag(st, 2)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT r.missing_id, r.offered, r.offered_date, r.accepted, r.interview_date "
                       "FROM return_interview r JOIN missing_episode m ON m.id = r.missing_id WHERE "
                       "m.person_id = ? ORDER BY m.start",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->interviews, x->n_interviews, cap);
        x->interviews[x->n_interviews++] = (struct return_interview){
            db_int(st, 0), flag(st, 1), (day_t)db_int(st, 2), flag(st, 3), (day_t)db_int(st, 4)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT id, date FROM pathway_plan WHERE person_id = ? ORDER BY date", person,
                    &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->pathway_plans, x->n_pathway_plans, cap);
        x->pathway_plans[x->n_pathway_plans++] = (struct pathway_plan){db_int(st, 0), (day_t)db_int(st, 1)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT id, date, in_touch, activ, accom FROM leaver_contact WHERE person_id = ? "
                       "ORDER BY date",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->leaver_contacts, x->n_leaver_contacts, cap);
        x->leaver_contacts[x->n_leaver_contacts++] = (struct leaver_contact){
            db_int(st, 0), (day_t)db_int(st, 1), arena_strdup(&x->mem, db_text(st, 2)),
            arena_strdup(&x->mem, db_text(st, 3)), arena_strdup(&x->mem, db_text(st, 4))};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT e.plan_id, e.reason FROM cp_plan_end e JOIN cp_plan p ON p.id = "
                       "e.plan_id JOIN cin_episode c ON c.id = p.episode_id WHERE c.person_id = ? "
                       "ORDER BY e.plan_id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->plan_ends, x->n_plan_ends, cap);
        x->plan_ends[x->n_plan_ends++] = (struct cp_plan_end){db_int(st, 0), arena_strdup(&x->mem, db_text(st, 1))};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT r.id, r.relative_id, r.kind, r.household, p.given_name, p.family_name, "
                       "p.la_child_id, p.dob FROM relationship r JOIN person p ON p.id = "
                       "r.relative_id WHERE r.person_id = ? ORDER BY r.household DESC, "
                       "p.family_name, p.given_name, r.id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->relationships, x->n_relationships, cap);
        x->relationships[x->n_relationships++] = (struct relationship){
            db_int(st, 0), db_int(st, 1), arena_strdup(&x->mem, db_text(st, 2)), (int)db_int(st, 3),
            arena_strdup(&x->mem, db_text(st, 4)), arena_strdup(&x->mem, db_text(st, 5)),
            arena_strdup(&x->mem, db_text(st, 6)), (day_t)db_int(st, 7)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    /* meetings recorded in hearth (migration 10): the chronology and the core group clock */
    if ((rc = query(s, "SELECT id, kind, date, s47_id, plan_id, decision FROM meeting WHERE "
                       "person_id = ? ORDER BY date, id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->meetings, x->n_meetings, cap);
        x->meetings[x->n_meetings++] = (struct meeting_brief){
            db_int(st, 0), arena_strdup(&x->mem, db_text(st, 1)), (day_t)db_int(st, 2), db_int(st, 3),
            db_int(st, 4), arena_strdup(&x->mem, db_text(st, 5))};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = query(s, "SELECT r.episode_id, min(r.first_day), max(r.last_day) FROM cin_episode_return "
                       "r JOIN cin_episode c ON c.id = r.episode_id WHERE c.person_id = ? GROUP BY "
                       "r.episode_id ORDER BY r.episode_id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->episode_returns, x->n_episode_returns, cap);
        x->episode_returns[x->n_episode_returns++] =
            (struct episode_returns){db_int(st, 0), (day_t)db_int(st, 1), (day_t)db_int(st, 2)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    /* health and education records (migration 15): their clocks and the chronology */
    if ((rc = query(s, "SELECT id, kind, date, sdq_score, up_to_date, note FROM health_record WHERE "
                       "person_id = ? ORDER BY date, id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->health, x->n_health, cap);
        x->health[x->n_health++] = (struct health_record){db_int(st, 0), arena_strdup(&x->mem, db_text(st, 1)),
                                                          (day_t)db_int(st, 2), flag(st, 3), flag(st, 4),
                                                          arena_strdup(&x->mem, db_text(st, 5))};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    /* care proceedings (migration 20): the 26-week clock on the record and the lists */
    if ((rc = query(s, "SELECT id, issue_day, order_day FROM panel_referral WHERE person_id = ? AND "
                       "kind = 'legal_gateway' AND issue_day IS NOT NULL ORDER BY issue_day, id",
                    person, &st, e)) != HE_OK)
        return rc;
    for (cap = 0; (rc = db_step(st, e)) == DB_ROW;) {
        GROW(x->proceedings, x->n_proceedings, cap);
        x->proceedings[x->n_proceedings++] =
            (struct proceedings){db_int(st, 0), (day_t)db_int(st, 1), (day_t)db_int(st, 2)};
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    /* a person of hearth's own (an "H" LAchildID) came from no return; for the others,
     * hearth's own records begin after the latest return imported (st_note_returns_end), or
     * failing that after the last return that held them */
    if ((rc = query(s, "SELECT p.src_year, (SELECT CAST(value AS INTEGER) FROM setting WHERE key = "
                       "'returns_year') FROM person p WHERE p.id = ? AND p.la_child_id NOT LIKE 'H%'", person,
                    &st, e)) != HE_OK)
        return rc;
    if ((rc = db_step(st, e)) == DB_ROW) {
        int64_t own = db_int(st, 0), all = db_int(st, 1);
        x->returns_end = date_from_ymd((int)(all > own ? all : own), 3, 31);
        rc = db_step(st, e);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

/* ---- the shape of every write -------------------------------------------------------- */
int st_txn_begin(struct st_txn *t, struct store *s, rec_id person, struct err *e)
{
    memset(t, 0, sizeof *t);
    t->s = s;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = store_load_child(s, person, &t->c, e)) != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    if ((rc = st_load_extra(s, person, &t->x, e)) != HE_OK) {
        child_file_free(&t->c);
        store_rollback(s, NULL);
        return rc;
    }
    t->loaded = true;
    return HE_OK;
}

int st_txn_end(struct st_txn *t, int rc, struct err *e)
{
    if (t->loaded) {
        child_file_free(&t->c);
        child_extra_free(&t->x);
    }
    if (rc == HE_OK)
        return store_commit(t->s, e);
    store_rollback(t->s, NULL);
    return rc;
}

/* After a check passed: the version the form was read at must still be current. */
static int checked(struct st_txn *t, int check_rc, rec_id person, int64_t seen, struct err *e)
{
    if (check_rc != HE_OK)
        return check_rc;
    return cw_version_bump(t->s, person, seen, e);
}

/* One statement with integer and text parameters: "i" int64, "t" text (NULL binds NULL),
 * "d" a day (DAY_NONE binds NULL), "f" a flag (-1 binds NULL); integers are passed as
 * int64_t (I64), then the struct err *. At most 12 parameters. */
static int exec(struct store *s, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    struct db_stmt *st;
    int64_t iv[12];
    const char *tv[12];
    size_t n = strlen(types);
    for (size_t i = 0; i < n && i < 12; i++) {
        if (types[i] == 't')
            tv[i] = va_arg(ap, const char *);
        else
            iv[i] = va_arg(ap, int64_t);
    }
    struct err *e = va_arg(ap, struct err *); /* the error struct comes last */
    va_end(ap);
    int rc = db_prepare(store_db(s), sql, &st, e);
    if (rc != HE_OK)
        return rc;
    for (size_t i = 0; i < n && i < 12; i++) {
        int k = (int)i + 1;
        if (types[i] == 't')
            db_bind_text(st, k, tv[i]);
        else if ((types[i] == 'd' && !iv[i]) || (types[i] == 'f' && iv[i] < 0))
            db_bind_null(st, k);
        else
            db_bind_int(st, k, iv[i]);
    }
    rc = run(st, e);
    db_finalize(st);
    return rc;
}
#define I64(v) ((int64_t)(v))

/* ---- child protection plans --------------------------------------------------------- */
int st_cp_review(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_cp_review(&t.c, plan, date, e), person, seen, e);
    if (rc == HE_OK) {
        struct cp_review r = {.plan = plan, .date = date};
        rc = store_put_cp_review(s, date_year_to_march(date), &r, NULL, NULL, e);
    }
    return st_txn_end(&t, rc, e);
}

int st_cp_end(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date, const char *reason,
              struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_cp_end(&t.c, plan, date, reason, e), person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "UPDATE cp_plan SET end_date = ? WHERE id = ?", "di", I64(date), I64(plan), e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO cp_plan_end (plan_id, reason) VALUES (?, ?) ON CONFLICT (plan_id) "
                     "DO UPDATE SET reason = excluded.reason", "it", I64(plan), reason, e);
    return st_txn_end(&t, rc, e);
}

/* ---- child in need plans ------------------------------------------------------------ */
static rec_id open_episode(const struct child_file *c)
{
    for (size_t i = c->n_episodes; i-- > 0;)
        if (!c->episodes[i].closure_date)
            return c->episodes_id[i];
    return 0;
}

int st_cin_plan_start(struct store *s, rec_id person, int64_t seen, day_t date, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rec_id ep = open_episode(&t.c);
    rc = checked(&t, stage_check_cin_plan_start(&t.c, ep, date, e), person, seen, e);
    if (rc == HE_OK) {
        struct cin_plan p = {.episode = ep, .start = date, .end = DAY_NONE};
        enum put_outcome out;
        rc = store_put_cin_plan(s, date_year_to_march(date), &p, NULL, &out, e);
        if (rc == HE_OK && out != PUT_ADDED)
            rc = err_at(e, HE_INPUT, NULL, 0, "date", "A child in need plan starting on this day is already recorded");
    }
    return st_txn_end(&t, rc, e);
}

int st_cin_plan_end(struct store *s, rec_id person, int64_t seen, rec_id plan, day_t date, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_cin_plan_end(&t.c, plan, date, e), person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "UPDATE cin_plan SET end_date = ? WHERE id = ?", "di", I64(date), I64(plan), e);
    return st_txn_end(&t, rc, e);
}

/* ---- looked after: reviews and visits ----------------------------------------------- */
int st_la_review(struct store *s, rec_id person, int64_t seen, day_t date, const char *code, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_la_review(&t.c, date, code, e), person, seen, e);
    if (rc == HE_OK) {
        struct la_review r = {.person = person, .date = date, .code = code};
        rc = store_put_la_review(s, date_year_to_march(date), &r, NULL, NULL, e);
    }
    return st_txn_end(&t, rc, e);
}

int st_visit(struct store *s, rec_id person, int64_t seen, day_t date, int seen_alone, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_visit(&t.c, &t.x, date, e), person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO la_visit (person_id, date, seen_alone) VALUES (?, ?, ?)", "idi",
                  I64(person), I64(date), I64(seen_alone ? 1 : 0), e);
    return st_txn_end(&t, rc, e);
}

/* ---- missing episodes ---------------------------------------------------------------- */
int st_missing(struct store *s, rec_id person, int64_t seen, day_t start, day_t end_day,
               const char *kind, rec_id *id, struct err *e)
{
    return st_missing_then(s, person, seen, start, end_day, kind, id, NULL, NULL, e);
}

int st_missing_then(struct store *s, rec_id person, int64_t seen, day_t start, day_t end_day,
                    const char *kind, rec_id *id, st_then then, void *ctx, struct err *e)
{
    struct st_txn t;
    rec_id mid = 0;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_missing(&t.c, start, end_day, kind, e), person, seen, e);
    if (rc == HE_OK) {
        struct missing_episode m = {.person = person, .start = start, .end = end_day, .kind = kind};
        rc = store_put_missing_episode(s, date_year_to_march(start), &m, &mid, NULL, e);
    }
    if (rc == HE_OK) /* the interview is now awaited: its clock runs from the return */
        rc = exec(s, "INSERT INTO return_interview (missing_id) VALUES (?)", "i", I64(mid), e);
    if (rc == HE_OK && then)
        rc = then(s, mid, ctx, e);
    if (id)
        *id = rc == HE_OK ? mid : 0;
    return st_txn_end(&t, rc, e);
}

int st_missing_return(struct store *s, rec_id person, int64_t seen, rec_id missing, day_t end_day,
                      int offered, day_t offered_date, int accepted, day_t interview, struct err *e)
{
    return st_missing_return_then(s, person, seen, missing, end_day, offered, offered_date, accepted, interview,
                                  NULL, NULL, e);
}

int st_missing_return_then(struct store *s, rec_id person, int64_t seen, rec_id missing, day_t end_day,
                           int offered, day_t offered_date, int accepted, day_t interview, st_then then,
                           void *ctx, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_return(&t.c, missing, end_day, offered, offered_date, accepted,
                                        interview, e),
                 person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "UPDATE missing_episode SET end_date = ? WHERE id = ? AND person_id = ?", "dii",
                  I64(end_day), I64(missing), I64(person), e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO return_interview (missing_id, offered, offered_date, accepted, "
                     "interview_date) VALUES (?, ?, ?, ?, ?) ON CONFLICT (missing_id) DO UPDATE SET "
                     "offered = excluded.offered, offered_date = excluded.offered_date, accepted = "
                     "excluded.accepted, interview_date = excluded.interview_date",
                  "ifdfd", I64(missing), I64(offered), I64(offered_date), I64(offered ? accepted : -1),
                  I64(interview), e);
    if (rc == HE_OK && then)
        rc = then(s, missing, ctx, e);
    return st_txn_end(&t, rc, e);
}

/* ---- ceasing, adoption --------------------------------------------------------------- */
int st_cease(struct store *s, rec_id person, int64_t seen, day_t dec, const char *rec, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_cease(&t.c, dec, rec, e), person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "UPDATE la_episode SET dec = ?, rec = ? WHERE id = ? AND person_id = ?", "dtii",
                  I64(dec), rec, I64(t.c.la_episodes_id[t.c.n_la_episodes - 1]), I64(person), e);
    return st_txn_end(&t, rc, e);
}

int st_adoption(struct store *s, rec_id person, int64_t seen, day_t decision, day_t match, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_adoption(&t.c, decision, match, e), person, seen, e);
    if (rc == HE_OK) {
        struct placed_adoption p = {.person = person, .date_placed = decision};
        rc = store_put_placed_adoption(s, date_year_to_march(decision), &p, NULL, NULL, e);
    }
    if (rc == HE_OK && match) {
        struct adoption a = {.person = person, .date_int = decision, .date_match = match,
                             .foster_care = -1, .nb_adoptr = -1};
        rc = store_put_adoption(s, date_year_to_march(match), &a, NULL, NULL, e);
    }
    return st_txn_end(&t, rc, e);
}

/* ---- leaving care -------------------------------------------------------------------- */
int st_pathway_plan(struct store *s, rec_id person, int64_t seen, day_t date, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_pathway_plan(&t.c, &t.x, date, e), person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO pathway_plan (person_id, date) VALUES (?, ?)", "id", I64(person),
                  I64(date), e);
    return st_txn_end(&t, rc, e);
}

int st_leaver_contact(struct store *s, rec_id person, int64_t seen, day_t date, const char *in_touch,
                      const char *activ, const char *accom, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rc = checked(&t, stage_check_leaver_contact(&t.c, &t.x, date, in_touch, activ, accom, e), person,
                 seen, e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO leaver_contact (person_id, date, in_touch, activ, accom) VALUES "
                     "(?, ?, ?, ?, ?)", "idttt", I64(person), I64(date), in_touch, activ, accom, e);
    if (rc == HE_OK) {
        int year = date_year_to_march(date);
        struct care_leaver oc3 = {.person = person, .year = year, .in_touch = in_touch,
                                  .activ = activ, .accom = accom};
        rc = store_put_care_leaver(s, year, &oc3, NULL, NULL, e);
    }
    return st_txn_end(&t, rc, e);
}

/* ---- closure ------------------------------------------------------------------------- */
int st_close_episode(struct store *s, rec_id person, int64_t seen, day_t date, const char *reason,
                     struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rec_id ep = open_episode(&t.c);
    rc = ep ? stage_check_closure(&t.c, ep, date, reason, e)
            : err_at(e, HE_INPUT, NULL, 0, "date", "This child has no open episode of need");
    rc = checked(&t, rc, person, seen, e);
    if (rc == HE_OK)
        rc = exec(s, "UPDATE cin_episode SET closure_date = ?, closure_reason = ? WHERE id = ? AND "
                     "person_id = ?", "dtii", I64(date), reason, I64(ep), I64(person), e);
    return st_txn_end(&t, rc, e);
}

/* ---- the family network ------------------------------------------------------------- */
static int new_person(struct store *s, const struct st_relative *w, rec_id *id, day_t today, struct err *e)
{
    char la[CW_LA_ID_LEN]; /* hearth's own LAchildIDs, as for a child first met at the front door */
    int rc = cw_new_la_child_id(s, la, e);
    if (rc != HE_OK)
        return rc;
    struct person p = {.la_child_id = la, .given_name = w->given, .family_name = w->family,
                       .dob = w->dob, .mother = -1};
    return store_put_person(s, date_year_to_march(today), &p, id, NULL, e);
}

int st_relationship_add(struct store *s, rec_id person, int64_t seen, const struct st_relative *who,
                        const char *kind, int household, struct err *e)
{
    struct st_txn t;
    int rc = st_txn_begin(&t, s, person, e);
    if (rc != HE_OK)
        return rc;
    rec_id rel = 0;
    if (who->la_child_id) {
        rc = store_find_person(s, who->la_child_id, &rel, e);
        if (rc == HE_OK && !rel)
            rc = err_at(e, HE_INPUT, NULL, 0, "relative", "No one has the LA child ID %.40s",
                        who->la_child_id);
    }
    if (rc == HE_OK)
        rc = checked(&t, stage_check_relationship(&t.c, &t.x, rel, kind, e), person, seen, e);
    if (rc == HE_OK && !rel)
        rc = new_person(s, who, &rel, who->dob ? who->dob : date_from_ymd(2000, 1, 1), e);
    if (rc == HE_OK)
        rc = exec(s, "INSERT INTO relationship (person_id, relative_id, kind, household) VALUES "
                     "(?, ?, ?, ?)", "iiti", I64(person), I64(rel), kind, I64(household ? 1 : 0), e);
    return st_txn_end(&t, rc, e);
}

/* ---- where the returns end ------------------------------------------------------------ */
int st_note_returns_end(struct store *s, struct err *e)
{
    int64_t year = 0;
    int rc = db_run(store_db(s), "SELECT max(y) FROM (SELECT max(year) AS y FROM cin_episode_return UNION "
                                 "ALL SELECT max(src_year) FROM person WHERE la_child_id NOT LIKE 'H%') t",
                    &year, NULL, e, 0, NULL);
    if (rc != HE_OK || !year)
        return rc;
    char v[16];
    snprintf(v, sizeof v, "%lld", (long long)year);
    return DB_RUN(store_db(s), e,
                  "INSERT INTO setting (key, value) VALUES ('returns_year', ?) ON CONFLICT (key) DO "
                  "UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > "
                  "CAST(setting.value AS INTEGER)",
                  DB_T(v));
}
