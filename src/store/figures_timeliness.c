/* figures_timeliness: the wider service's three "Timeliness" areas (measure/service.h): for
 * each statutory clock of docs/timescales.md that hearth's records can show start and stop,
 * how many fell due in the period and were met by their due day, and how many were still
 * running at the period's end and of them overdue. Each clock's due day is clock_due() of
 * date/clock.h, the one definition the child's record and My work use; which event starts
 * and stops each clock follows model/journey.c. Defined in docs/kpis.md, "Timeliness".
 * Portable SQL on db.h, so both stores answer alike; each area's figures are a table of
 * figures.h, four rows a clock (two of them the denominators, not shown). */
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../measure/service.h"
#include "../util/buf.h"
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

/* ---- visits, health and education ------------------------------------------------------ */

/* What the care clocks read of one child: episodes by DECOM, visits and health records by
 * date. */
struct care_ep {
    day_t decom, dec;
    char place[4];
};
struct care_rec {
    int64_t person;
    day_t date;
    char kind; /* 'V' visit, 'H' health assessment (IHA, RHA), 'P' PEP or PEP review,
                * 'W' pathway plan */
};

struct care_child {
    int64_t person;
    day_t dob, returns_end; /* returns_end: DAY_NONE for a child of hearth's own */
    bool leaver_rows;       /* a care leaver (OC3) row holds the young person */
    struct care_ep *eps;
    size_t n;
};

static bool long_term(const char *place) { return !strcmp(place, "U1") || !strcmp(place, "U4"); }

/* journey.c's not_before_hearth: what no return carries begins after the latest return. */
static day_t after_returns(day_t returns_end, day_t start)
{
    return returns_end != DAY_NONE && start <= returns_end ? returns_end + 1 : start;
}

/* The first record of kind k of the child on or after day, or DAY_NONE (recs[0..n) the
 * child's, by date). */
static day_t first_rec(const struct care_rec *recs, size_t n, char k, day_t day)
{
    for (size_t i = 0; i < n; i++)
        if (recs[i].kind == k && recs[i].date >= day)
            return recs[i].date;
    return DAY_NONE;
}

/* Statutory visits of each placement (joined episodes with the same PLACE): the first
 * within a week of it starting, then within 6 weeks of the visit before, or 3 months once
 * a long-term placement (U1, U4) has lasted a year; the placement's end stops them. A
 * placement begun before hearth's records runs from the day after the latest return. */
static void care_visits(const struct care_child *c, const struct care_rec *recs, size_t nr, day_t from,
                        day_t to, struct tally t[3])
{
    for (size_t i = 0; i < c->n;) {
        size_t j = i + 1;
        while (j < c->n && c->eps[j - 1].dec == c->eps[j].decom && !strcmp(c->eps[j].place, c->eps[i].place))
            j++;
        day_t placed = c->eps[i].decom, end = c->eps[j - 1].dec;
        const char *place = c->eps[i].place;
        i = j;
        if (end != DAY_NONE && end < from)
            continue;
        day_t start = after_returns(c->returns_end, placed);
        int kind = 0; /* 0 new placement, 1 six weeks, 2 three months */
        if (start != placed)
            kind = long_term(place) && c->returns_end >= date_add_years(placed, 1) ? 2 : 1;
        static const enum clock_id ids[3] = {CLOCK_VISIT_NEW_PLACEMENT, CLOCK_VISIT, CLOCK_VISIT_LONG_TERM};
        for (size_t v = 0; v < nr; v++) {
            day_t day = recs[v].date;
            if (recs[v].kind != 'V' || day < start || (end != DAY_NONE && day > end))
                continue;
            judge(&t[kind], ids[kind], start, day, end, DAY_NONE, from, to);
            kind = long_term(place) && day >= date_add_years(placed, 1) ? 2 : 1;
            start = day;
        }
        judge(&t[kind], ids[kind], start, DAY_NONE, end, DAY_NONE, from, to);
    }
}

/* The initial health assessment and the personal education plan of each period of care
 * (episodes joined end to start on the same day) begun after hearth's records: due 20
 * working days from its first day, the PEP only for a child of 5 to 15 then; the first
 * record of either on or after that day meets it, the period's end stops it. */
static void care_health(const struct care_child *c, const struct care_rec *recs, size_t nr, day_t from,
                        day_t to, struct tally *iha, struct tally *pep)
{
    for (size_t i = 0; i < c->n;) {
        size_t j = i + 1;
        while (j < c->n && c->eps[j - 1].dec == c->eps[j].decom)
            j++;
        day_t start = c->eps[i].decom, end = c->eps[j - 1].dec;
        i = j;
        if ((end != DAY_NONE && end < from) || after_returns(c->returns_end, start) != start)
            continue;
        judge(iha, CLOCK_HEALTH_ASSESSMENT, start, first_rec(recs, nr, 'H', start), end, DAY_NONE, from, to);
        int age = c->dob != DAY_NONE ? date_age(c->dob, start) : -1;
        if (age >= 5 && age < 16)
            judge(pep, CLOCK_PEP, start, first_rec(recs, nr, 'P', start), end, DAY_NONE, from, to);
    }
}

/* Pathway plans of a young person looked after on or after their 16th birthday: the first
 * due 3 months from then (or from the first day of care after it), each review 6 months
 * from the plan before; they run while the young person is looked after or a care leaver,
 * so the 25th birthday stops them, as does leaving care before 18 when no care leaver row
 * holds the young person. A start before hearth's records runs as a review from the day
 * after the latest return. */
static void care_pathway(const struct care_child *c, const struct care_rec *recs, size_t nr, day_t from,
                         day_t to, struct tally *plan, struct tally *review)
{
    if (c->dob == DAY_NONE || !c->n)
        return;
    day_t sixteen = date_add_years(c->dob, 16), start = DAY_NONE;
    for (size_t i = 0; i < c->n && start == DAY_NONE; i++) {
        const struct care_ep *x = &c->eps[i];
        if (x->decom <= sixteen && (x->dec == DAY_NONE || x->dec >= sixteen))
            start = sixteen;
        else if (x->decom > sixteen)
            start = x->decom;
    }
    if (start == DAY_NONE)
        return;
    day_t stop = date_add_years(c->dob, 25), left = c->eps[c->n - 1].dec;
    if (left != DAY_NONE && left < date_add_years(c->dob, 18) && !c->leaver_rows)
        stop = left;
    if (stop < from)
        return;
    bool first = true;
    day_t run = after_returns(c->returns_end, start);
    if (run != start)
        first = false;
    for (size_t k = 0; k < nr; k++) {
        if (recs[k].kind != 'W' || recs[k].date < run || recs[k].date >= stop)
            continue;
        judge(first ? plan : review, first ? CLOCK_PATHWAY_PLAN : CLOCK_PATHWAY_REVIEW, run, recs[k].date, stop,
              DAY_NONE, from, to);
        first = false;
        run = recs[k].date;
    }
    judge(first ? plan : review, first ? CLOCK_PATHWAY_PLAN : CLOCK_PATHWAY_REVIEW, run, DAY_NONE, stop, DAY_NONE,
          from, to);
}

/* Every visit and health or education record up to the period's end, by child and day. */
static int care_records(struct db *d, day_t to, struct care_rec **out, size_t *n, struct err *e)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(d,
                        "SELECT person_id, date, 'V' FROM la_visit WHERE date <= ?1 UNION ALL "
                        "SELECT person_id, date, CASE WHEN kind IN ('IHA', 'RHA') THEN 'H' ELSE 'P' END "
                        "FROM health_record WHERE date <= ?1 AND kind IN ('IHA', 'RHA', 'PEP', 'PEP_REVIEW') "
                        "UNION ALL SELECT person_id, date, 'W' FROM pathway_plan WHERE date <= ?1 ORDER BY 1, 2",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, to);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        const char *k = db_text(st, 2);
        (*out)[(*n)++] = (struct care_rec){db_int(st, 0), (day_t)db_int(st, 1), k ? k[0] : 'V'};
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

static int care(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                struct err *e)
{
    struct db *d = store_db(s);
    struct tally visits[3] = {{0}}, iha = {0}, pep = {0}, plan = {0}, review = {0};
    /* hearth's own records of what no return carries begin after the latest return
     * imported (journey.c, store_stages.c's returns_end) */
    char *setting = NULL;
    int rc = store_get_setting(s, "returns_year", &setting, e);
    if (rc != HE_OK)
        return rc;
    int returns_year = setting ? atoi(setting) : 0;
    free(setting);
    struct care_rec *recs;
    size_t nr, r = 0;
    if ((rc = care_records(d, to, &recs, &nr, e)) != HE_OK)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(d,
                    "SELECT e.person_id, e.decom, e.dec, e.place, p.dob, p.src_year, p.la_child_id, "
                    "CASE WHEN EXISTS (SELECT 1 FROM care_leaver cl WHERE cl.person_id = e.person_id) THEN 1 ELSE 0 END "
                    "FROM la_episode e JOIN person p ON p.id = e.person_id WHERE e.decom <= ?1 "
                    "ORDER BY e.person_id, e.decom",
                    &st, e);
    if (rc != HE_OK) {
        free(recs);
        return rc;
    }
    db_bind_int(st, 1, to);
    struct care_child c = {.person = -1};
    size_t cap = 0;
    for (;;) {
        rc = db_step(st, e);
        int64_t person = rc == DB_ROW ? db_int(st, 0) : -1;
        if (c.person >= 0 && (rc != DB_ROW || person != c.person)) {
            while (r < nr && recs[r].person < c.person)
                r++;
            size_t k = r;
            while (k < nr && recs[k].person == c.person)
                k++;
            care_visits(&c, recs + r, k - r, from, to, visits);
            care_health(&c, recs + r, k - r, from, to, &iha, &pep);
            care_pathway(&c, recs + r, k - r, from, to, &plan, &review);
            r = k;
            c.n = 0;
        }
        if (rc != DB_ROW)
            break;
        if (c.n == 0) {
            const char *id = db_text(st, 6);
            int64_t own = db_int(st, 5);
            c.person = person;
            c.dob = db_is_null(st, 4) ? DAY_NONE : (day_t)db_int(st, 4);
            c.leaver_rows = db_int(st, 7) != 0;
            c.returns_end = id && id[0] == 'H'
                                ? DAY_NONE
                                : date_from_ymd((int)(own > returns_year ? own : returns_year), 3, 31);
        }
        if (c.n == cap) {
            cap = cap ? cap * 2 : 16;
            c.eps = xrealloc(c.eps, cap * sizeof *c.eps);
        }
        struct care_ep *x = &c.eps[c.n++];
        x->decom = (day_t)db_int(st, 1);
        x->dec = db_is_null(st, 2) ? DAY_NONE : (day_t)db_int(st, 2);
        snprintf(x->place, sizeof x->place, "%s", db_text(st, 3) ? db_text(st, 3) : "");
    }
    db_finalize(st);
    free(c.eps);
    free(recs);
    if (rc != DB_DONE)
        return rc;
    const struct fig_def figures[] = {
        CLOCK_ROWS("visit_new_placement", visits[0],
                   "Visits to a new placement due in the period made within a week",
                   "Placements awaiting their first visit at the end: overdue"),
        CLOCK_ROWS("visit", visits[1], "Visits due in the period made within 6 weeks of the one before",
                   "Placements awaiting a visit (6-weekly) at the end: overdue"),
        CLOCK_ROWS("visit_long_term", visits[2],
                   "Visits to long-term placements due in the period made within 3 months",
                   "Long-term placements awaiting a visit at the end: overdue"),
        CLOCK_ROWS("health_assessment", iha,
                   "Initial health assessments due in the period made within 20 working days",
                   "Children awaiting an initial health assessment at the end: overdue"),
        CLOCK_ROWS("pep", pep, "Personal education plans due in the period made within 20 working days",
                   "Children awaiting a personal education plan at the end: overdue"),
        CLOCK_ROWS("pathway_plan", plan, "First pathway plans due in the period made within 3 months of 16",
                   "Young people awaiting their first pathway plan at the end: overdue"),
        CLOCK_ROWS("pathway_review", review, "Pathway plan reviews due in the period made within 6 months",
                   "Young people awaiting a pathway plan review at the end: overdue"),
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_timeliness_cin = {
    "timeliness_cin", "Timeliness: front door, assessment and child protection", cin_cp};
const struct service_area service_area_timeliness_la = {
    "timeliness_la", "Timeliness: looked-after reviews and court", la_court};
const struct service_area service_area_timeliness_care = {
    "timeliness_care", "Timeliness: visits, health, education and pathway plans", care};
