/* figures_casework: the wider service's "Casework" area (measure/service.h): what workers
 * recorded in a period (case notes, home visits, children seen alone, significant events)
 * and what waits now (oversight, authorisation, overdue tasks). Defined in docs/kpis.md,
 * "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "../measure/service.h"
#include "store_impl.h"

/* Unix seconds at the start of a day (notes' and requests' `at` columns are Unix seconds). */
static int64_t unix_at(day_t d)
{
    return (int64_t)(d - date_from_ymd(1970, 1, 1)) * 86400;
}

/* The current version of each note whose work happened in the period. */
#define CURRENT_IN_PERIOD                                                                          \
    " FROM case_note n JOIN case_note_version v ON v.note_id = n.id AND v.version = n.version"  \
    " WHERE v.at_day BETWEEN ? AND ?"

static int casework(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                    struct err *e)
{
    struct db *d = store_db(s);
    int64_t notes = 0, visits = 0, asked = 0, alone = 0, significant = 0, oversight = 0, pending = 0,
            decided = 0, returned = 0, overdue = 0, closed = 0, in_time = 0;
    int rc = DB_INT(d, e, &notes, "SELECT count(*)" CURRENT_IN_PERIOD, DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &visits, "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit'", DB_I(from),
                    DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &asked,
                    "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit' AND v.seen_alone IS NOT NULL",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &alone,
                    "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit' AND v.seen_alone = 1",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &significant, "SELECT count(*)" CURRENT_IN_PERIOD " AND v.significant = 1", DB_I(from),
                    DB_I(to));
    if (rc == HE_OK)
        rc = db_run(d, "SELECT count(*) FROM case_note WHERE oversight = 1 AND overseen_at IS NULL", &oversight, NULL,
                    e, 0, NULL);
    if (rc == HE_OK)
        rc = db_run(d, "SELECT count(*) FROM auth_request WHERE state = 'pending'", &pending, NULL, e, 0, NULL);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &decided,
                    "SELECT count(*) FROM auth_request WHERE state <> 'pending' AND decided_at >= ? AND decided_at < ?",
                    DB_I(unix_at(from)), DB_I(unix_at(to + 1)));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &returned,
                    "SELECT count(*) FROM auth_request WHERE state = 'returned' AND decided_at >= ? AND decided_at < ?",
                    DB_I(unix_at(from)), DB_I(unix_at(to + 1)));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &overdue, "SELECT count(*) FROM task WHERE state = 'open' AND due < ?", DB_I(today));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &closed,
                    "SELECT count(*) FROM task WHERE state = 'done' AND closed_at >= ? AND closed_at < ?",
                    DB_I(unix_at(from)), DB_I(unix_at(to + 1)));
    /* done by the end of the day it was due */
    if (rc == HE_OK)
        rc = DB_INT(d, e, &in_time,
                    "SELECT count(*) FROM task WHERE state = 'done' AND closed_at >= ? AND closed_at < ?"
                    " AND closed_at < (due - ? + 1) * 86400",
                    DB_I(unix_at(from)), DB_I(unix_at(to + 1)), DB_I(date_from_ymd(1970, 1, 1)));
    if (rc != HE_OK)
        return rc;
    service_count(out, "notes", "Case notes of work in the period", notes);
    service_count(out, "home_visits", "Home visits", visits);
    service_proportion(out, "home_visits_seen_alone", "Home visits where the child was seen alone", alone, asked);
    service_count(out, "significant_events", "Significant events recorded", significant);
    service_proportion(out, "authorisations_returned", "Work sent for authorisation that was returned to the worker",
                       returned, decided);
    service_proportion(out, "tasks_done_in_time", "Tasks done by the day they were due", in_time, closed);
    service_count(out, "oversight_waiting", "Case notes waiting for a manager's oversight now", oversight);
    service_count(out, "authorisations_waiting", "Work waiting for a manager's authorisation now", pending);
    service_count(out, "tasks_overdue", "Tasks open past their due date now", overdue);
    return HE_OK;
}

const struct service_area service_area_casework = {"casework", "Casework", casework};
