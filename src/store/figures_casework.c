/* figures_casework: the wider service's "Casework" area (measure/service.h): what workers
 * recorded in a period (case notes, home visits, children seen alone, significant events)
 * and what waits now (oversight, authorisation, overdue tasks). Defined in docs/kpis.md,
 * "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "figures.h"

/* The current version of each note whose work happened in the period (binds "ft"). */
#define CURRENT_IN_PERIOD                                                                          \
    " FROM case_note n JOIN case_note_version v ON v.note_id = n.id AND v.version = n.version"  \
    " WHERE v.at_day BETWEEN ? AND ?"
/* Requests decided and tasks closed in the period (`at` columns are Unix seconds: "FT"). */
#define DECIDED " AND decided_at >= ? AND decided_at < ?"
#define CLOSED "SELECT count(*) FROM task WHERE state = 'done' AND closed_at >= ? AND closed_at < ?"

static const struct fig_def figures[] = {
    {"notes", "Case notes of work in the period", SV_COUNT, .sql = "SELECT count(*)" CURRENT_IN_PERIOD, .binds = "ft"},
    {"home_visits", "Home visits", SV_COUNT,
     .sql = "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit'", .binds = "ft"},
    {"visits_asked", NULL, SV_COUNT,
     .sql = "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit' AND v.seen_alone IS NOT NULL",
     .binds = "ft"},
    {"home_visits_seen_alone", "Home visits where the child was seen alone", SV_PROPORTION,
     .sql = "SELECT count(*)" CURRENT_IN_PERIOD " AND v.kind = 'home_visit' AND v.seen_alone = 1", .binds = "ft",
     .of = "visits_asked"},
    {"significant_events", "Significant events recorded", SV_COUNT,
     .sql = "SELECT count(*)" CURRENT_IN_PERIOD " AND v.significant = 1", .binds = "ft"},
    {"decided", NULL, SV_COUNT,
     .sql = "SELECT count(*) FROM auth_request WHERE state <> 'pending'" DECIDED, .binds = "FT"},
    {"authorisations_returned", "Work sent for authorisation that was returned to the worker", SV_PROPORTION,
     .sql = "SELECT count(*) FROM auth_request WHERE state = 'returned'" DECIDED, .binds = "FT", .of = "decided"},
    {"closed", NULL, SV_COUNT, .sql = CLOSED, .binds = "FT"},
    /* done by the end of the day it was due */
    {"tasks_done_in_time", "Tasks done by the day they were due", SV_PROPORTION,
     .sql = CLOSED " AND closed_at < (due - ? + 1) * 86400", .binds = "FTe", .of = "closed"},
    {"oversight_waiting", "Case notes waiting for a manager's oversight now", SV_COUNT,
     .sql = "SELECT count(*) FROM case_note WHERE oversight = 1 AND overseen_at IS NULL"},
    {"authorisations_waiting", "Work waiting for a manager's authorisation now", SV_COUNT,
     .sql = "SELECT count(*) FROM auth_request WHERE state = 'pending'"},
    {"tasks_overdue", "Tasks open past their due date now", SV_COUNT,
     .sql = "SELECT count(*) FROM task WHERE state = 'open' AND due < ?", .binds = "n"},
};

static int casework(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                    struct err *e)
{
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_casework = {"casework", "Casework", casework};
