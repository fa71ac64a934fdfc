/* store_privfost: private fostering arrangements (privfost.h). Each write is one
 * transaction: the checks against the child's record as it is now, the record version, the
 * rows. The carer is linked as a person, found by LAchildID or made from the names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../date/date.h"
#include "privfost.h"
#include "store_impl.h"

const struct stage_code pf_notifiers[] = {
    {"parent", "A parent"},
    {"carer", "The private foster carer"},
    {"school", "A school or college"},
    {"health", "A health professional"},
    {"other", "Someone else"},
};
const int n_pf_notifiers = sizeof pf_notifiers / sizeof pf_notifiers[0];

const struct stage_code pf_end_reasons[] = {
    {"returned_parent", "Returned to a parent"},
    {"looked_after", "Became looked after"},
    {"age", "Turned 16 (18 if disabled)"},
    {"other", "Another reason"},
};
const int n_pf_end_reasons = sizeof pf_end_reasons / sizeof pf_end_reasons[0];

static char *uk(day_t d, char *b) /* 12 bytes */
{
    date_format_uk(d, b);
    return b;
}

static day_t day_col(struct db_stmt *st, int c) { return db_is_null(st, c) ? DAY_NONE : (day_t)db_int(st, c); }

day_t pf_visit_due(day_t notified, day_t prev)
{
    if (!prev)
        return clock_due(CLOCK_PF_INITIAL_VISIT, notified);
    return prev < date_add_years(notified, 1) ? clock_due(CLOCK_PF_VISIT, prev) : clock_due(CLOCK_PF_VISIT_LATER, prev);
}

day_t pf_next_due(const struct pf_arrangement *a)
{
    if (a->end)
        return DAY_NONE;
    return pf_visit_due(a->notified, a->n_visits ? a->visits[a->n_visits - 1].day : DAY_NONE);
}

/* ---- reading --------------------------------------------------------------------------- */
#define PF_COLS                                                                                                 \
    "a.id, a.person_id, c.given_name, c.family_name, c.la_child_id, a.notified, a.notified_by, a.began, "      \
    "a.carer_id, k.given_name, k.family_name, k.la_child_id, a.disabled, a.outcome, a.assessed, a.end_date, " \
    "a.end_reason FROM private_fostering a JOIN person c ON c.id = a.person_id JOIN person k ON k.id = a.carer_id "

static const char *dup(struct arena *m, struct db_stmt *st, int c)
{
    const char *t = db_text(st, c);
    return arena_strdup(m, t ? t : "");
}

static int by_id(const void *a, const void *b)
{
    const struct pf_arrangement *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The arrangements `sql` selects (binding p1, and p2 when not 0), then their visits. */
static int load(struct store *s, const char *where, const char *visits_where, int64_t p1, struct pf_list *out,
                struct err *e)
{
    memset(out, 0, sizeof *out);
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT " PF_COLS "%s", where);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s), sql, &st, e), r, cap = 0;
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, p1);
    struct arena *m = &out->mem;
    while ((r = db_step(st, e)) == DB_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            struct pf_arrangement *nv = arena_alloc(m, (size_t)cap * sizeof *nv);
            if (out->n)
                memcpy(nv, out->v, (size_t)out->n * sizeof *nv);
            out->v = nv;
        }
        struct pf_arrangement *a = &out->v[out->n++];
        *a = (struct pf_arrangement){
            .id = db_int(st, 0), .person = db_int(st, 1), .child_given = dup(m, st, 2),
            .child_family = dup(m, st, 3), .child_la = dup(m, st, 4), .notified = day_col(st, 5),
            .notified_by = dup(m, st, 6), .began = day_col(st, 7), .carer = db_int(st, 8),
            .carer_given = dup(m, st, 9), .carer_family = dup(m, st, 10), .carer_la = dup(m, st, 11),
            .disabled = db_int(st, 12) == 1, .outcome = db_is_null(st, 13) ? NULL : dup(m, st, 13),
            .assessed = day_col(st, 14), .end = day_col(st, 15),
            .end_reason = db_is_null(st, 16) ? NULL : dup(m, st, 16)};
    }
    db_finalize(st);
    if (r != DB_DONE) {
        pf_list_free(out);
        return r;
    }
    if (!out->n)
        return HE_OK;
    /* the visits, attached to their arrangement (found by id in a sorted copy of the order) */
    int *order = arena_alloc(m, (size_t)out->n * sizeof *order);
    struct pf_arrangement *sorted = arena_alloc(m, (size_t)out->n * sizeof *sorted);
    memcpy(sorted, out->v, (size_t)out->n * sizeof *sorted);
    for (int i = 0; i < out->n; i++)
        sorted[i].n_visits = i; /* remember where it came from */
    qsort(sorted, (size_t)out->n, sizeof *sorted, by_id);
    for (int i = 0; i < out->n; i++)
        order[i] = sorted[i].n_visits;
    snprintf(sql, sizeof sql,
             "SELECT v.arrangement_id, v.id, v.day, v.seen_alone FROM private_fostering_visit v JOIN "
             "private_fostering a ON a.id = v.arrangement_id %s ORDER BY v.arrangement_id, v.day",
             visits_where);
    if ((rc = db_prepare(store_db(s), sql, &st, e)) != HE_OK) {
        pf_list_free(out);
        return rc;
    }
    db_bind_int(st, 1, p1);
    int vcap = 0;
    struct pf_arrangement *cur = NULL;
    while ((r = db_step(st, e)) == DB_ROW) {
        int64_t aid = db_int(st, 0);
        struct pf_arrangement key = {.id = aid};
        struct pf_arrangement *hit = bsearch(&key, sorted, (size_t)out->n, sizeof *sorted, by_id);
        if (!hit)
            continue;
        struct pf_arrangement *a = &out->v[order[hit - sorted]];
        if (a != cur) {
            cur = a;
            vcap = 0;
        }
        if (a->n_visits == vcap) {
            vcap = vcap ? vcap * 2 : 8;
            struct pf_visit *nv = arena_alloc(m, (size_t)vcap * sizeof *nv);
            if (a->n_visits)
                memcpy(nv, a->visits, (size_t)a->n_visits * sizeof *nv);
            a->visits = nv;
        }
        day_t day = day_col(st, 2);
        a->visits[a->n_visits] = (struct pf_visit){db_int(st, 1), day, db_int(st, 3) == 1,
                                                   pf_visit_due(a->notified, a->n_visits
                                                                                 ? a->visits[a->n_visits - 1].day
                                                                                 : DAY_NONE)};
        a->n_visits++;
    }
    db_finalize(st);
    if (r != DB_DONE) {
        pf_list_free(out);
        return r;
    }
    return HE_OK;
}

int pf_list(struct store *s, rec_id person, struct pf_list *out, struct err *e)
{
    return load(s, "WHERE a.person_id = ? ORDER BY a.notified DESC, a.id DESC", "WHERE a.person_id = ?", person, out, e);
}

static int by_next_due(const void *a, const void *b)
{
    day_t x = pf_next_due(a), y = pf_next_due(b);
    if (x != y)
        return x < y ? -1 : 1;
    return by_id(a, b);
}

int pf_current(struct store *s, day_t today, struct pf_list *out, struct err *e)
{
    int rc = load(s, "WHERE a.end_date IS NULL OR a.end_date > ?", "WHERE a.end_date IS NULL OR a.end_date > ?",
                  today, out, e);
    if (rc == HE_OK && out->n > 1)
        qsort(out->v, (size_t)out->n, sizeof *out->v, by_next_due);
    return rc;
}

int pf_all(struct store *s, struct pf_list *out, struct err *e)
{
    return load(s, "WHERE a.id > ? ORDER BY a.id", "WHERE a.id > ?", 0, out, e);
}

void pf_list_free(struct pf_list *l)
{
    arena_free(&l->mem);
    memset(l, 0, sizeof *l);
}

/* ---- writing ---------------------------------------------------------------------------- */
static int carer_person(struct store *s, rec_id child, const struct pf_carer_in *p, day_t today, rec_id *who,
                        struct err *e)
{
    int rc;
    *who = 0;
    if (p->la_child_id && *p->la_child_id) {
        if ((rc = store_find_person(s, p->la_child_id, who, e)) != HE_OK)
            return rc;
        if (!*who)
            return err_at(e, HE_INPUT, NULL, 0, "carer", "No one has the LA child ID %.40s", p->la_child_id);
        if (*who == child)
            return err_at(e, HE_INPUT, NULL, 0, "carer", "The carer must be someone other than the child");
        return HE_OK;
    }
    if (!p->given || !*p->given || !p->family || !*p->family)
        return err_at(e, HE_INPUT, NULL, 0, "carer", "Give the carer's first and last names, or their LA child ID");
    char la[CW_LA_ID_LEN];
    if ((rc = cw_new_la_child_id(s, la, e)) != HE_OK)
        return rc;
    struct person np = {.la_child_id = la, .given_name = p->given, .family_name = p->family, .mother = -1};
    return store_put_person(s, date_year_to_march(today), &np, who, NULL, e);
}

/* The notification's rules against the child's record as it is now (inside the transaction). */
static int check_new(struct store *s, rec_id person, const struct pf_new *n, day_t today, struct err *e)
{
    char b[12];
    if (!n->notified)
        return err_at(e, HE_INPUT, NULL, 0, "notified", "Enter the date the authority was told of the arrangement");
    if (n->notified > today)
        return err_at(e, HE_INPUT, NULL, 0, "notified", "The date of the notification cannot be in the future");
    if (!n->notified_by || !stage_label(pf_notifiers, n_pf_notifiers, n->notified_by))
        return err_at(e, HE_INPUT, NULL, 0, "notified_by", "Choose who told the authority");
    if (!n->began)
        return err_at(e, HE_INPUT, NULL, 0, "began", "Enter the date the arrangement began, or is to begin");
    struct child_file c;
    int rc = store_load_child(s, person, &c, e);
    if (rc != HE_OK)
        return rc;
    day_t dob = c.person.dob;
    bool la = stage_la_on(&c, n->began) >= 0;
    child_file_free(&c);
    if (dob && n->began < dob)
        return err_at(e, HE_INPUT, NULL, 0, "began", "The arrangement cannot begin before the child was born (%s)",
                      uk(dob, b));
    int age = n->disabled ? PF_AGE_DISABLED : PF_AGE;
    if (dob && n->began >= date_add_years(dob, age))
        return err_at(e, HE_INPUT, NULL, 0, "began",
                      "The child was %d on %s: a child of %d or over (18 if disabled) is not privately fostered", age,
                      uk(date_add_years(dob, age), b), age);
    if (la)
        return err_at(e, HE_INPUT, NULL, 0, "began",
                      "The child is looked after on %s: a looked-after child is not privately fostered", uk(n->began, b));
    int64_t open = 0;
    rc = DB_INT(store_db(s), e, &open,
                "SELECT count(*) FROM private_fostering WHERE person_id = ? AND (end_date IS NULL OR end_date > ?)",
                DB_I(person), DB_I(n->began));
    if (rc == HE_OK && open)
        rc = err_at(e, HE_INPUT, NULL, 0, "began",
                    "The child has a private fostering arrangement going on then: record its end first");
    return rc;
}

/* The end of a write's transaction: commit when rc is HE_OK, else roll back. */
static int finish(struct store *s, int rc, struct err *e)
{
    if (rc != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    return store_commit(s, e);
}

int pf_notify(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, const struct pf_new *n,
              day_t today, int64_t now, int64_t *id, struct err *e)
{
    if (id)
        *id = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = check_new(s, person, n, today, e);
    rec_id carer = 0;
    if (rc == HE_OK)
        rc = carer_person(s, person, &n->carer, today, &carer, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    int64_t got = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &got,
                    "INSERT INTO private_fostering (person_id, notified, notified_by, began, carer_id, disabled, "
                    "by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(person), DB_I(n->notified), DB_T(n->notified_by), DB_I(n->began), DB_I(carer),
                    DB_I(n->disabled ? 1 : 0), DB_I(u->id), DB_I(now));
    if ((rc = finish(s, rc, e)) == HE_OK && id)
        *id = got;
    return rc;
}

struct one {
    bool found;
    day_t notified, began, end, assessed;
};

/* The child's arrangement id, read inside the transaction. */
static int one_of(struct store *s, rec_id person, int64_t id, struct one *o, const char *field, struct err *e)
{
    memset(o, 0, sizeof *o);
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT notified, began, end_date, assessed FROM private_fostering WHERE id = ? AND person_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person);
    int r = db_step(st, e);
    if (r == DB_ROW)
        *o = (struct one){true, day_col(st, 0), day_col(st, 1), day_col(st, 2), day_col(st, 3)};
    db_finalize(st);
    if (r != DB_ROW && r != DB_DONE)
        return r;
    if (!o->found)
        return err_at(e, HE_INPUT, NULL, 0, field, "This child has no such private fostering arrangement");
    return HE_OK;
}

/* A change to an arrangement once it is there: the write's own rules against the
 * arrangement as it is now, then one statement. */
struct change {
    const char *field; /* where "no such arrangement" is shown */
    int (*rules)(struct store *s, int64_t id, const struct one *o, const void *in, struct err *e);
    const void *in; /* what the rules check */
    const char *sql;
    int n;
    const struct db_arg *args;
    const char *taken; /* when sql finds its row there already: the message, beside field (NULL: none can) */
};

/* c on the child's arrangement id, in one transaction: the arrangement, c's rules, the
 * record version, c's statement; committed only when all pass. */
static int change(struct store *s, rec_id person, int64_t seen, int64_t id, const struct change *c, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct one o;
    rc = one_of(s, person, id, &o, c->field, e);
    if (rc == HE_OK)
        rc = c->rules(s, id, &o, c->in, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK) {
        rc = db_run(store_db(s), c->sql, NULL, NULL, e, c->n, c->args);
        if (rc == HE_INPUT && c->taken)
            rc = err_at(e, HE_INPUT, NULL, 0, c->field, "%s", c->taken);
    }
    return finish(s, rc, e);
}

static int visit_rules(struct store *s, int64_t id, const struct one *o, const void *in, struct err *e)
{
    day_t day = *(const day_t *)in;
    char b[12];
    if (day < o->notified)
        return err_at(e, HE_INPUT, NULL, 0, "day", "A visit cannot be before the authority was told (%s)",
                      uk(o->notified, b));
    if (o->end && day > o->end)
        return err_at(e, HE_INPUT, NULL, 0, "day", "The arrangement ended on %s", uk(o->end, b));
    return HE_OK;
}

int pf_visit(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, int64_t id, day_t day,
             bool seen_alone, day_t today, int64_t now, struct err *e)
{
    char b[12], taken[64];
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "day", "Enter the date of the visit");
    if (day > today)
        return err_at(e, HE_INPUT, NULL, 0, "day", "The date of the visit cannot be in the future");
    snprintf(taken, sizeof taken, "A visit on %s is recorded already", uk(day, b));
    struct change c = {"day", visit_rules, &day,
                       "INSERT INTO private_fostering_visit (arrangement_id, day, seen_alone, by_user, at) VALUES "
                       "(?, ?, ?, ?, ?)",
                       DB_ARGS_(DB_I(id), DB_I(day), DB_I(seen_alone ? 1 : 0), DB_I(u->id), DB_I(now)), taken};
    return change(s, person, seen, id, &c, e);
}

static int assess_rules(struct store *s, int64_t id, const struct one *o, const void *in, struct err *e)
{
    day_t day = *(const day_t *)in;
    char b[12];
    if (o->assessed)
        return err_at(e, HE_INPUT, NULL, 0, "outcome", "The decision was recorded on %s", uk(o->assessed, b));
    if (day < o->notified)
        return err_at(e, HE_INPUT, NULL, 0, "assessed", "The decision cannot be before the authority was told (%s)",
                      uk(o->notified, b));
    return HE_OK;
}

int pf_assess(struct store *s, rec_id person, int64_t seen, int64_t id, const char *outcome, day_t day, day_t today,
              struct err *e)
{
    if (!outcome || (strcmp(outcome, "suitable") && strcmp(outcome, "not_suitable")))
        return err_at(e, HE_INPUT, NULL, 0, "outcome", "Say whether the arrangement is suitable");
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "assessed", "Enter the date of the decision");
    if (day > today)
        return err_at(e, HE_INPUT, NULL, 0, "assessed", "The date of the decision cannot be in the future");
    struct change c = {"outcome", assess_rules, &day,
                       "UPDATE private_fostering SET outcome = ?, assessed = ? WHERE id = ? AND person_id = ?",
                       DB_ARGS_(DB_T(outcome), DB_I(day), DB_I(id), DB_I(person)), NULL};
    return change(s, person, seen, id, &c, e);
}

static int end_rules(struct store *s, int64_t id, const struct one *o, const void *in, struct err *e)
{
    day_t end = *(const day_t *)in;
    char b[12];
    if (o->end)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The arrangement's end is recorded already (%s)", uk(o->end, b));
    if (end < o->began)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The arrangement cannot end before it began (%s)", uk(o->began, b));
    int64_t later = 0;
    int rc = DB_INT(store_db(s), e, &later,
                    "SELECT count(*) FROM private_fostering_visit WHERE arrangement_id = ? AND day > ?", DB_I(id),
                    DB_I(end));
    if (rc == HE_OK && later)
        rc = err_at(e, HE_INPUT, NULL, 0, "end", "A visit is recorded after that date");
    return rc;
}

int pf_end(struct store *s, rec_id person, int64_t seen, int64_t id, day_t end, const char *reason, day_t today,
           struct err *e)
{
    if (!end)
        return err_at(e, HE_INPUT, NULL, 0, "end", "Enter the date the arrangement ended");
    if (end > today)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The date the arrangement ended cannot be in the future");
    if (!reason || !stage_label(pf_end_reasons, n_pf_end_reasons, reason))
        return err_at(e, HE_INPUT, NULL, 0, "reason", "Choose why the arrangement ended");
    struct change c = {"end", end_rules, &end,
                       "UPDATE private_fostering SET end_date = ?, end_reason = ? WHERE id = ? AND person_id = ?",
                       DB_ARGS_(DB_I(end), DB_T(reason), DB_I(id), DB_I(person)), NULL};
    return change(s, person, seen, id, &c, e);
}
