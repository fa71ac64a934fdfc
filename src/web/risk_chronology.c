/* risk_chronology: exploitation screenings and missing episodes from home in the child's
 * chronology. The journey (model/journey.c) knows only what the returns and the stage
 * records hold, a looked-after child's missing episodes among them; this adds the rest (and
 * private fostering: notifications, visits, decisions, ends) to
 * its events, newest first, for chronology.c to list with the case notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/exploitation.h"
#include "../store/missing.h"
#include "../store/privfost.h"
#include "risk.h"

static int newest_first(const void *a, const void *b)
{
    const struct journey_event *x = a, *y = b;
    return (x->date < y->date) - (x->date > y->date);
}

int risk_events(struct store *s, rec_id child, const struct journey *j, struct arena *mem,
                struct journey_event **out, int *n, struct err *e)
{
    *out = j->events;
    *n = j->n_events;
    struct xp_list xl;
    struct mis_list ml;
    int rc = xp_list(s, child, &xl, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = mis_list(s, child, &ml, e)) != HE_OK) {
        xp_list_free(&xl);
        return rc;
    }
    struct pf_list pl;
    if ((rc = pf_list(s, child, &pl, e)) != HE_OK) {
        xp_list_free(&xl);
        mis_list_free(&ml);
        return rc;
    }
    int extra = xl.n + 2 * ml.n;
    for (int i = 0; i < pl.n; i++)
        extra += 3 + pl.v[i].n_visits;
    if (extra) {
        struct journey_event *v = arena_alloc(mem, (size_t)(j->n_events + extra) * sizeof *v);
        if (j->n_events)
            memcpy(v, j->events, (size_t)j->n_events * sizeof *v);
        int k = j->n_events;
        for (int i = 0; i < xl.n; i++) {
            const struct xp_screening *x = &xl.v[i];
            char d[300];
            snprintf(d, sizeof d, "Risk graded %s (the tool: %s); %s", x->grade, x->tool_grade,
                     !strcmp(x->route, "panel") ? "to the exploitation panel" : "to early help");
            v[k++] = (struct journey_event){x->screened, "Screened for exploitation", arena_strdup(mem, d), JD_TEXT};
        }
        for (int i = 0; i < ml.n; i++) {
            const struct mis_episode *m = &ml.v[i];
            if (m->in_care) /* the journey has these */
                continue;
            v[k++] = (struct journey_event){m->start, "Missing from home", NULL, JD_TEXT};
            if (m->end) {
                const char *place = m->found ? stage_label(missing_places, n_missing_places, m->found) : NULL;
                char d[300];
                snprintf(d, sizeof d, "%s%s%s", place ? "Found: " : "", place ? place : "",
                         m->offered == 1 ? (m->accepted == 1 ? "; return home interview offered and accepted"
                                                             : "; return home interview offered, not accepted")
                         : m->offered == 0 ? "; no return home interview offered"
                                           : "");
                v[k++] = (struct journey_event){m->end, "Came back home", d[0] ? arena_strdup(mem, d) : NULL,
                                                JD_TEXT};
            }
        }
        for (int i = 0; i < pl.n; i++) {
            const struct pf_arrangement *a = &pl.v[i];
            const char *who = stage_label(pf_notifiers, n_pf_notifiers, a->notified_by);
            char d[300], began[12];
            date_format_uk(a->began, began);
            snprintf(d, sizeof d, "Told by %s; the carer %.100s %.100s; began %s", who ? who : "someone",
                     a->carer_given, a->carer_family, began);
            v[k++] = (struct journey_event){a->notified, "Private fostering notified", arena_strdup(mem, d), JD_TEXT};
            for (int q = 0; q < a->n_visits; q++)
                v[k++] = (struct journey_event){a->visits[q].day, q ? "Private fostering visit"
                                                                    : "Private fostering: first visit",
                                                a->visits[q].seen_alone ? "Seen alone" : "Not seen alone", JD_TEXT};
            if (a->assessed)
                v[k++] = (struct journey_event){a->assessed, "Private fostering arrangement assessed",
                                                !strcmp(a->outcome, "suitable") ? "Suitable" : "Not suitable",
                                                JD_TEXT};
            if (a->end) {
                const char *why = stage_label(pf_end_reasons, n_pf_end_reasons, a->end_reason);
                v[k++] = (struct journey_event){a->end, "Private fostering ended", why, JD_TEXT};
            }
        }
        /* the added ones sorted, then merged in: on the same day the journey's come first, in
         * the order they had */
        int na = k - j->n_events;
        qsort(v + j->n_events, (size_t)na, sizeof *v, newest_first);
        struct journey_event *m = arena_alloc(mem, (size_t)(k ? k : 1) * sizeof *m);
        int a = 0, b = j->n_events, o = 0;
        while (a < j->n_events || b < k)
            m[o++] = b >= k || (a < j->n_events && v[a].date >= v[b].date) ? v[a++] : v[b++];
        *out = m;
        *n = o;
    }
    xp_list_free(&xl);
    mis_list_free(&ml);
    pf_list_free(&pl);
    return HE_OK;
}
