/* figures_timeliness: the wider service's three "Timeliness" areas (measure/service.h): for
 * each statutory clock of docs/timescales.md that hearth's records can show start and stop,
 * how many fell due in the period and were met by their due day, and how many were still
 * running at the period's end and of them overdue. Each clock's due day is clock_due() of
 * date/clock.h, the one definition the child's record and My work use; which event starts
 * and stops each clock follows model/journey.c. Defined in docs/kpis.md, "Timeliness".
 * Portable SQL on db.h, so both stores answer alike; each area's figures are a table of
 * figures.h, four rows a clock (two of them the denominators, not shown). */
#include <string.h>

#include "../date/clock.h"
#include "../measure/service.h"
#include "figures.h"
#include "store_impl.h"

/* One clock's tally over a period. */
struct tally {
    int64_t due, met, running, overdue;
};

/* A clock's four rows: its runs due in the period and those met in time; its runs open at
 * the end and those overdue. */
#define CLOCK_ROWS(key, t, in_time, overdue_label)                                                      {key "_due", NULL, SV_COUNT, .value = &(t).due},                                                {key "_in_time", in_time, SV_PROPORTION, .value = &(t).met, .of = key "_due"},                    {key "_running", NULL, SV_COUNT, .value = &(t).running},                                        {key "_overdue_at_end", overdue_label, SV_PROPORTION, .value = &(t).overdue, .of = key "_running"}

/* One run of a clock: started on `start`, met on `met` (DAY_NONE: not yet), stopped unmet
 * on `stop` (the episode closed, the plan or the care ended; DAY_NONE: not stopped). A due
 * day before `returns_from` (the first day of the earliest return holding an imported
 * episode) is not judged: what met it was in an earlier return, which hearth does not hold. */
static void judge(struct tally *t, enum clock_id id, day_t start, day_t met, day_t stop,
                  day_t returns_from, day_t from, day_t to)
{
    if (start == DAY_NONE || start > to)
        return;
    day_t due = clock_due(id, start);
    if (returns_from != DAY_NONE && due < returns_from)
        return;
    bool met_by_due = met != DAY_NONE && met <= due;
    if (due >= from && due <= to && (met_by_due || stop == DAY_NONE || stop > due)) {
        t->due++;
        t->met += met_by_due;
    }
    if ((met == DAY_NONE || met > to) && (stop == DAY_NONE || stop > to)) {
        t->running++;
        t->overdue += due < to;
    }
}

static day_t col_day(struct db_stmt *st, int col)
{
    return db_is_null(st, col) ? DAY_NONE : (day_t)db_int(st, col);
}

/* Clocks whose every run is one row: start, met, stop, returns_from (columns 0-3). The SQL
 * has ?1 = from, ?2 = to and ?3 = the earliest start whose clock can fall due in the
 * period (every limit is under 200 days); an earlier run matters only if still running. */
static int runs(struct db *d, enum clock_id id, const char *sql, day_t from, day_t to,
                struct tally *t, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    db_bind_int(st, 3, from - 200);
    while ((rc = db_step(st, e)) == DB_ROW)
        judge(t, id, col_day(st, 0), col_day(st, 1), col_day(st, 2), col_day(st, 3), from, to);
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

#define RETURNS_FROM(episode) "(SELECT min(r.first_day) FROM cin_episode_return r WHERE r.episode_id = " episode ")"

/* The review conferences of each plan: the first due 3 months from the plan's start, each
 * later one 6 months from the review before; a plan's end stops them. */
static int cp_reviews(struct db *d, day_t from, day_t to, struct tally *first, struct tally *later,
                      struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(d,
                        "SELECT p.id, p.start, p.end_date, " RETURNS_FROM("p.episode_id") ", r.date "
                        "FROM cp_plan p LEFT JOIN cp_review r ON r.plan_id = p.id AND r.date >= p.start "
                        "WHERE p.start <= ? AND (p.end_date IS NULL OR p.end_date >= ?) "
                        "ORDER BY p.id, r.date",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, from);
    int64_t plan = -1;
    day_t start = DAY_NONE, end = DAY_NONE, returns = DAY_NONE, last = DAY_NONE;
    while ((rc = db_step(st, e)) == DB_ROW) {
        day_t review = col_day(st, 4);
        if (db_int(st, 0) != plan) {
            if (plan >= 0) /* the previous plan's last clock, not yet met */
                judge(last ? later : first, last ? CLOCK_CP_REVIEW : CLOCK_CP_FIRST_REVIEW,
                      last ? last : start, DAY_NONE, end, returns, from, to);
            plan = db_int(st, 0);
            start = col_day(st, 1);
            end = col_day(st, 2);
            returns = col_day(st, 3);
            last = DAY_NONE;
        }
        if (review == DAY_NONE)
            continue;
        judge(last ? later : first, last ? CLOCK_CP_REVIEW : CLOCK_CP_FIRST_REVIEW,
              last ? last : start, review, end, returns, from, to);
        last = review;
    }
    if (rc == DB_DONE && plan >= 0)
        judge(last ? later : first, last ? CLOCK_CP_REVIEW : CLOCK_CP_FIRST_REVIEW,
              last ? last : start, DAY_NONE, end, returns, from, to);
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

/* Looked-after reviews of each period of care (episodes joined end to start on the same
 * day): the first due 20 working days from its start, the second 3 months after the first,
 * each later one 6 months after the one before; the care ending stops them. */
struct la_child {
    int64_t person;
    day_t start, end; /* the period of care being followed */
    int n;            /* reviews in it so far */
    day_t last;
};

static void la_close(struct la_child *c, struct tally t[3], day_t from, day_t to)
{
    if (c->person < 0 || c->start == DAY_NONE)
        return;
    enum clock_id id = c->n == 0 ? CLOCK_LA_FIRST_REVIEW : c->n == 1 ? CLOCK_LA_SECOND_REVIEW : CLOCK_LA_REVIEW;
    judge(&t[c->n < 2 ? c->n : 2], id, c->n ? c->last : c->start, DAY_NONE, c->end, DAY_NONE, from, to);
}

static int la_reviews(struct db *d, day_t from, day_t to, struct tally t[3], struct err *e)
{
    /* each period of care as one row (its first DECOM, its last DEC) would need recursion;
     * episodes and reviews come as one list by child and day instead, an episode before a
     * review on the same day, and the periods are cut here */
    struct db_stmt *st;
    int rc = db_prepare(d,
                        "SELECT person_id, decom, 0, dec FROM la_episode WHERE decom <= ? "
                        "UNION ALL SELECT person_id, date, 1, NULL FROM la_review WHERE date <= ? "
                        "ORDER BY 1, 2, 3",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    db_bind_int(st, 2, to);
    struct la_child c = {.person = -1};
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t person = db_int(st, 0);
        day_t day = col_day(st, 1);
        if (person != c.person) {
            la_close(&c, t, from, to);
            c = (struct la_child){.person = person};
        }
        if (db_int(st, 2) == 0) {
            day_t dec = col_day(st, 3);
            if (c.start != DAY_NONE && c.end == day) { /* joins the period */
                c.end = dec;
                continue;
            }
            la_close(&c, t, from, to);
            c = (struct la_child){.person = person, .start = day, .end = dec};
            continue;
        }
        /* a review inside the period of care */
        if (c.start == DAY_NONE || day < c.start || (c.end != DAY_NONE && day >= c.end))
            continue;
        enum clock_id id = c.n == 0 ? CLOCK_LA_FIRST_REVIEW : c.n == 1 ? CLOCK_LA_SECOND_REVIEW : CLOCK_LA_REVIEW;
        judge(&t[c.n < 2 ? c.n : 2], id, c.n ? c.last : c.start, day, c.end, DAY_NONE, from, to);
        c.n++;
        c.last = day;
    }
    if (rc == DB_DONE)
        la_close(&c, t, from, to);
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

static int cin_cp(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                  struct err *e)
{
    struct db *d = store_db(s);
    struct tally threshold = {0}, assessment = {0}, icpc = {0}, first = {0}, later = {0}, core = {0};
    /* only contacts recorded in hearth run the threshold clock (journey.c) */
    int rc = runs(d, CLOCK_THRESHOLD,
                  "SELECT c.date, c.decision_date, NULL, NULL FROM contact c WHERE c.date <= ?2 AND "
                  "(c.date >= ?3 OR c.decision_date IS NULL OR c.decision_date >= ?1) AND EXISTS "
                  "(SELECT 1 FROM contact_note n WHERE n.contact_id = c.id)",
                  from, to, &threshold, e);
    if (rc == HE_OK)
        rc = runs(d, CLOCK_ASSESSMENT,
                  "SELECT e.referral_date, (SELECT min(a.authorised) FROM assessment a WHERE "
                  "a.episode_id = e.id AND a.authorised IS NOT NULL), e.closure_date, " RETURNS_FROM("e.id")
                  " FROM cin_episode e WHERE e.referral_date <= ?2 AND (e.closure_date IS NULL OR "
                  "e.closure_date >= ?1) AND (e.referral_nfa IS NULL OR e.referral_nfa <> 1) AND "
                  "(e.referral_date >= ?3 OR e.closure_date IS NULL OR e.closure_date > ?2)",
                  from, to, &assessment, e);
    if (rc == HE_OK)
        rc = runs(d, CLOCK_ICPC,
                  "SELECT s.start, s.icpc_date, e.closure_date, " RETURNS_FROM("e.id")
                  " FROM s47_enquiry s JOIN cin_episode e ON e.id = s.episode_id WHERE s.start <= ?2 AND "
                  "(e.closure_date IS NULL OR e.closure_date >= ?1) AND (s.icpc_not_required IS NULL OR "
                  "s.icpc_not_required <> 1) AND (s.start >= ?3 OR s.icpc_date IS NULL OR s.icpc_date >= ?1)",
                  from, to, &icpc, e);
    if (rc == HE_OK)
        rc = cp_reviews(d, from, to, &first, &later, e);
    /* only a conference recorded in hearth that decided on the plan starts it (journey.c) */
    if (rc == HE_OK)
        rc = runs(d, CLOCK_CORE_GROUP,
                  "SELECT p.start, (SELECT min(m.date) FROM meeting m WHERE m.person_id = e.person_id "
                  "AND m.kind = 'CORE_GROUP' AND m.date >= p.start), p.end_date, NULL FROM cp_plan p "
                  "JOIN cin_episode e ON e.id = p.episode_id WHERE p.start <= ?2 AND (p.end_date IS NULL "
                  "OR p.end_date >= ?1) AND (p.start >= ?3 OR p.end_date IS NULL OR p.end_date > ?2) AND "
                  "EXISTS (SELECT 1 FROM meeting m WHERE m.person_id = "
                  "e.person_id AND m.kind = 'ICPC' AND m.date = p.start)",
                  from, to, &core, e);
    if (rc != HE_OK)
        return rc;
    const struct fig_def figures[] = {
        CLOCK_ROWS("threshold", threshold, "Threshold decisions due in the period made within 1 working day",
                   "Contacts awaiting a threshold decision at the end: overdue"),
        CLOCK_ROWS("assessment", assessment,
                   "Assessments due in the period authorised within 45 working days of referral",
                   "Assessments not yet authorised at the end: overdue"),
        CLOCK_ROWS("icpc", icpc, "Initial conferences due in the period held within 15 working days",
                   "Section 47 enquiries awaiting a conference at the end: overdue"),
        CLOCK_ROWS("cp_first_review", first,
                   "First child protection reviews due in the period held within 3 months",
                   "Plans awaiting their first review at the end: overdue"),
        CLOCK_ROWS("cp_review", later, "Later child protection reviews due in the period held within 6 months",
                   "Plans awaiting a later review at the end: overdue"),
        CLOCK_ROWS("core_group", core, "First core groups due in the period held within 10 working days",
                   "Plans awaiting their first core group at the end: overdue"),
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

static int la_court(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                    struct err *e)
{
    struct db *d = store_db(s);
    struct tally la[3] = {{0}}, proceedings = {0};
    int rc = la_reviews(d, from, to, la, e);
    if (rc == HE_OK)
        rc = runs(d, CLOCK_CARE_PROCEEDINGS,
                  "SELECT issue_day, order_day, NULL, NULL FROM panel_referral WHERE kind = "
                  "'legal_gateway' AND issue_day IS NOT NULL AND issue_day <= ?2 AND (issue_day >= ?3 OR "
                  "order_day IS NULL OR order_day >= ?1)",
                  from, to, &proceedings, e);
    if (rc != HE_OK)
        return rc;
    const struct fig_def figures[] = {
        CLOCK_ROWS("la_first_review", la[0],
                   "First looked-after reviews due in the period held within 20 working days",
                   "Children awaiting their first looked-after review at the end: overdue"),
        CLOCK_ROWS("la_second_review", la[1], "Second looked-after reviews due in the period held within 3 months",
                   "Children awaiting their second looked-after review at the end: overdue"),
        CLOCK_ROWS("la_review", la[2], "Later looked-after reviews due in the period held within 6 months",
                   "Children awaiting a later looked-after review at the end: overdue"),
        CLOCK_ROWS("care_proceedings", proceedings,
                   "Care proceedings due to end in the period concluded within 26 weeks",
                   "Care proceedings open at the end: past 26 weeks"),
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_timeliness_cin = {
    "timeliness_cin", "Timeliness: front door, assessment and child protection", cin_cp};
const struct service_area service_area_timeliness_la = {
    "timeliness_la", "Timeliness: looked-after reviews and court", la_court};
