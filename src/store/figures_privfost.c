/* figures_privfost: the wider service's "Private fostering" area (measure/service.h): the
 * children privately fostered at the period's end, the notifications in it, and the
 * regulations' clocks met or missed (the first visit in 7 working days, the suitability
 * decision in 42 working days, visits every 6 weeks in the first year and 12 after).
 * Medway's report (004, 6.3) gives the first; the DfE's private fostering release (to 2015)
 * counted the others the same way. Defined in docs/kpis.md, "The wider service". Reads
 * through privfost.h (db.h's portable SQL), so both stores answer alike. */
#include <string.h>

#include "../date/clock.h"
#include "../measure/service.h"
#include "privfost.h"

static bool in(day_t d, day_t from, day_t to) { return d && d >= from && d <= to; }

static int privfost(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct pf_list l;
    int rc = pf_all(s, &l, e);
    if (rc != HE_OK)
        return rc;
    long long fostered = 0, notified = 0, first_met = 0, first_missed = 0, decided = 0, decided_in_time = 0,
              not_suitable = 0, undecided_overdue = 0, visits = 0, visits_in_time = 0, visits_overdue = 0,
              ended = 0, ended_la = 0, seen_alone = 0, all_visits = 0;
    for (int i = 0; i < l.n; i++) {
        const struct pf_arrangement *a = &l.v[i];
        /* known to the authority and going on at the end of the period's last day */
        fostered += a->notified <= to && a->began <= to && (!a->end || a->end > to);
        if (in(a->notified, from, to)) {
            notified++;
            day_t due = clock_due(CLOCK_PF_INITIAL_VISIT, a->notified);
            day_t first = a->n_visits ? a->visits[0].day : DAY_NONE;
            if (first && first <= due)
                first_met++;
            else if (first || (due < today && (!a->end || a->end > due)))
                first_missed++;
        }
        day_t adue = clock_due(CLOCK_PF_ASSESSMENT, a->notified);
        if (in(a->assessed, from, to)) {
            decided++;
            decided_in_time += a->assessed <= adue;
            not_suitable += a->outcome && a->outcome[0] == 'n';
        }
        bool going_on = a->notified <= today && (!a->end || a->end > today);
        undecided_overdue += going_on && !a->assessed && adue < today;
        for (int k = 0; k < a->n_visits; k++) {
            const struct pf_visit *v = &a->visits[k];
            if (!in(v->day, from, to))
                continue;
            all_visits++;
            seen_alone += v->seen_alone;
            if (k == 0) /* the first visit is counted with the notifications */
                continue;
            visits++;
            visits_in_time += v->day <= v->due;
        }
        if (going_on) {
            day_t next = pf_next_due(a);
            visits_overdue += next && next < today;
        }
        if (in(a->end, from, to)) {
            ended++;
            ended_la += a->end_reason && !strcmp(a->end_reason, "looked_after");
        }
    }
    pf_list_free(&l);
    service_count(out, "privately_fostered", "Children privately fostered at the end of the period", fostered);
    service_count(out, "notifications", "New notifications in the period", notified);
    service_count(out, "first_visit_met", "First visits within 7 working days of the notification", first_met);
    service_count(out, "first_visit_missed", "First visits late, or not made when due", first_missed);
    service_proportion(out, "first_visit_in_time", "First visits within 7 working days, of those due", first_met,
                       first_met + first_missed);
    service_count(out, "decisions", "Suitability decisions made in the period", decided);
    service_proportion(out, "decisions_in_42_days", "Decisions made within 42 working days of the notification",
                       decided_in_time, decided);
    service_count(out, "not_suitable", "Of them, arrangements found not suitable", not_suitable);
    service_count(out, "decisions_overdue", "Arrangements past 42 working days with no decision now",
                  undecided_overdue);
    service_proportion(out, "visits_in_time", "Later visits in time (6 weeks apart, 12 after the first year)",
                       visits_in_time, visits);
    service_proportion(out, "seen_alone", "Visits in the period where the child was seen alone", seen_alone,
                       all_visits);
    service_count(out, "visits_overdue", "Arrangements going on now with a visit overdue", visits_overdue);
    service_count(out, "ended", "Arrangements ended in the period", ended);
    service_count(out, "ended_looked_after", "Of them, the child became looked after", ended_la);
    return HE_OK;
}

const struct service_area service_area_privfost = {"private_fostering", "Private fostering", privfost};
