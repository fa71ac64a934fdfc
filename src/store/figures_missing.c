/* figures_missing: the wider service's "Missing children" area (measure/service.h): every
 * child's missing episodes, from home (missing_home) and from care (the SSDA903
 * missing_episode), the return home interviews offered within 72 hours and accepted, repeat
 * missing and the strategy discussions it raised, and who is missing now; Medway's report
 * (004, 6.6) counts the same. Defined in docs/kpis.md, "The wider service". Portable SQL
 * on db.h, so both stores answer alike; the counting is done here in C. */
#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../measure/service.h"
#include "missing.h"
#include "store_impl.h"

struct ep {
    int64_t person;
    bool in_care;
    day_t start, end, offered_date;
    int offered, accepted;
    bool found;
    bool awaited_kept; /* an interview is kept for it: every one from home, and a looked-after
                        * child's recorded in hearth (an imported episode has none) */
};

static int by_person_start(const void *a, const void *b)
{
    const struct ep *x = a, *y = b;
    if (x->person != y->person)
        return x->person < y->person ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

static int unix_day(day_t d) { return (int)(d - date_from_ymd(1970, 1, 1)); }

/* Every episode (both tables), sorted by child then start (*out malloc'd). */
static int load(struct store *s, struct ep **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT m.person_id, 1, m.start, m.end_date, r.offered, r.offered_date, r.accepted, "
                        "f.found, r.missing_id FROM missing_episode m LEFT JOIN return_interview r ON r.missing_id = m.id LEFT "
                        "JOIN missing_found f ON f.missing_id = m.id UNION ALL SELECT person_id, 0, start_date, "
                        "end_date, offered, offered_date, accepted, found, id FROM missing_home",
                        &st, e),
        r, cap = 0;
    if (rc != HE_OK)
        return rc;
    while ((r = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            struct ep *nv = realloc(*out, (size_t)cap * sizeof *nv);
            if (!nv) {
                r = err_set(e, HE_INTERNAL, "out of memory");
                break;
            }
            *out = nv;
        }
        (*out)[(*n)++] = (struct ep){db_int(st, 0), db_int(st, 1) == 1, (day_t)db_int(st, 2),
                                     db_is_null(st, 3) ? DAY_NONE : (day_t)db_int(st, 3),
                                     db_is_null(st, 5) ? DAY_NONE : (day_t)db_int(st, 5),
                                     db_is_null(st, 4) ? -1 : (int)db_int(st, 4),
                                     db_is_null(st, 6) ? -1 : (int)db_int(st, 6), !db_is_null(st, 7),
                                     !db_is_null(st, 8)};
    }
    db_finalize(st);
    if (r != DB_DONE) {
        free(*out);
        *out = NULL;
        return r;
    }
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, by_person_start);
    return HE_OK;
}

static bool in(day_t d, day_t from, day_t to) { return d && d >= from && d <= to; }

static int missing(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct ep *v;
    int n;
    int rc = load(s, &v, &n, e);
    if (rc != HE_OK)
        return rc;
    long long children = 0, children_la = 0, episodes = 0, episodes_la = 0, returns = 0, in_time = 0,
              offered = 0, found = 0, children_offered = 0, children_accepted = 0, repeat = 0, now = 0,
              now_la = 0, awaited = 0;
    day_t starts[512];
    for (int i = 0; i < n;) {
        int j = i;
        bool any = false, any_la = false, off = false, acc = false, rep = false, gone = false, gone_la = false;
        int k = 0;
        for (; j < n && v[j].person == v[i].person; j++) {
            const struct ep *x = &v[j];
            if (k < (int)(sizeof starts / sizeof starts[0]))
                starts[k++] = x->start;
            if (in(x->start, from, to)) {
                episodes++;
                any = true;
                if (x->in_care) {
                    episodes_la++;
                    any_la = true;
                }
            }
            if (in(x->end, from, to)) {
                returns++;
                found += x->found;
                offered += x->offered == 1;
                in_time += x->offered == 1 && x->offered_date <= clock_due(CLOCK_RETURN_INTERVIEW, x->end);
            }
            if (x->offered == 1 && in(x->offered_date, from, to)) {
                off = true;
                acc |= x->accepted == 1;
            }
            if (x->start <= today && (!x->end || x->end >= today)) {
                gone = true;
                gone_la |= x->in_care;
            }
            if (x->awaited_kept && x->end && x->end < today && x->offered < 0 && clock_due(CLOCK_RETURN_INTERVIEW, x->end) < today)
                awaited++;
        }
        /* the episode that makes three within 90 days starts in the period */
        for (int q = MIS_REPEAT_EPISODES - 1; q < k && !rep; q++)
            rep = in(starts[q], from, to) && starts[q] - starts[q - (MIS_REPEAT_EPISODES - 1)] < MIS_REPEAT_DAYS;
        children += any;
        children_la += any_la;
        children_offered += off;
        children_accepted += acc;
        repeat += rep;
        now += gone;
        now_la += gone_la;
        i = j;
    }
    free(v);
    int64_t tasks = 0;
    rc = DB_INT(store_db(s), e, &tasks,
                "SELECT count(*) FROM task WHERE title = ? AND created >= ? AND created < ?", DB_T(MIS_TASK_TITLE),
                DB_I((int64_t)unix_day(from) * 86400), DB_I((int64_t)unix_day(to + 1) * 86400));
    if (rc != HE_OK)
        return rc;
    service_count(out, "children_missing", "Children with a missing episode starting in the period", children);
    service_count(out, "children_missing_looked_after", "Of them, looked-after children (missing from care)",
                  children_la);
    service_count(out, "episodes", "Missing episodes starting in the period", episodes);
    service_count(out, "episodes_looked_after", "Of them, episodes of looked-after children", episodes_la);
    service_count(out, "returns", "Returns in the period", returns);
    service_proportion(out, "interview_offered", "Returns where a return home interview was offered", offered,
                       returns);
    service_proportion(out, "interview_offered_in_72_hours",
                       "Returns where the interview was offered within 72 hours", in_time, returns);
    service_proportion(out, "where_found_recorded", "Returns where the place the child was found is recorded",
                       found, returns);
    service_count(out, "children_offered_interview", "Children offered a return home interview in the period",
                  children_offered);
    service_proportion(out, "children_accepted_interview", "Of them, children who accepted an interview",
                       children_accepted, children_offered);
    service_count(out, "repeat_missing_children",
                  "Children missing 3 times within 90 days, the third time in the period", repeat);
    service_count(out, "strategy_discussions_raised", "Strategy discussion tasks raised for repeat missing", tasks);
    service_count(out, "missing_now", "Children missing now", now);
    service_count(out, "missing_now_looked_after", "Of them, looked-after children", now_la);
    service_count(out, "interviews_overdue", "Returns past 72 hours with no interview offer recorded now", awaited);
    return HE_OK;
}

const struct service_area service_area_missing = {"missing", "Missing children", missing};
