/* journey: status, running clocks and chronology of one child (see journey.h). */
#include "journey.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

struct acc {
    struct journey *j;
    int cap_c, cap_e;
    day_t today;
};

static void add_clock(struct acc *a, enum clock_id id, day_t start, rec_id record)
{
    if (!start)
        return;
    struct journey *j = a->j;
    if (j->n_clocks == a->cap_c) {
        a->cap_c = a->cap_c ? a->cap_c * 2 : 8;
        j->clocks = xrealloc(j->clocks, (size_t)a->cap_c * sizeof *j->clocks);
    }
    struct journey_clock *k = &j->clocks[j->n_clocks++];
    k->id = id;
    k->start = start;
    k->due = clock_due(id, start);
    k->state = clock_state(id, start, DAY_NONE, a->today);
    k->record = record;
}

static void add_event(struct acc *a, day_t date, const char *what, const char *detail)
{
    if (!date)
        return;
    struct journey *j = a->j;
    if (j->n_events == a->cap_e) {
        a->cap_e = a->cap_e ? a->cap_e * 2 : 32;
        j->events = xrealloc(j->events, (size_t)a->cap_e * sizeof *j->events);
    }
    j->events[j->n_events++] = (struct journey_event){date, what, detail && *detail ? detail : NULL};
}

static int by_urgency(const void *x, const void *y)
{
    const struct journey_clock *a = x, *b = y;
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    return (int)a->id - (int)b->id;
}

static int newest_first(const void *x, const void *y)
{
    const struct journey_event *a = x, *b = y;
    if (a->date != b->date)
        return a->date > b->date ? -1 : 1;
    return strcmp(a->what, b->what);
}

static const char *decision_label(const char *d)
{
    if (!d)
        return NULL;
    if (!strcmp(d, "NFA"))
        return "no further action";
    if (!strcmp(d, "ADVICE"))
        return "information and advice";
    if (!strcmp(d, "EARLY_HELP"))
        return "early help";
    if (!strcmp(d, "REFERRAL"))
        return "referral to children's social care";
    return d;
}

void journey_compute(const struct child_file *c, const rec_id *awaiting, int n_awaiting,
                     day_t today, struct journey *j)
{
    memset(j, 0, sizeof *j);
    struct acc a = {.j = j, .today = today};
    bool open_episode = false;

    for (size_t i = 0; i < c->n_contacts; i++) {
        const struct contact *k = &c->contacts[i];
        add_event(&a, k->date, "Contact received", k->source);
        if (k->decision_date)
            add_event(&a, k->decision_date, "Threshold decision", decision_label(k->decision));
        else if (!k->decision)
            for (int w = 0; w < n_awaiting; w++)
                if (awaiting[w] == c->contacts_id[i])
                    add_clock(&a, CLOCK_THRESHOLD, k->date, c->contacts_id[i]);
    }
    for (size_t i = 0; i < c->n_early_helps; i++) {
        add_event(&a, c->early_helps[i].start, "Early help started", c->early_helps[i].organisation);
        add_event(&a, c->early_helps[i].end, "Early help ended", NULL);
    }
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *ep = &c->episodes[i];
        rec_id id = c->episodes_id[i];
        add_event(&a, ep->referral_date, "Referral: episode of need opened", ep->primary_need);
        add_event(&a, ep->closure_date, "Episode of need closed", ep->closure_reason);
        if (ep->closure_date || ep->referral_nfa == 1)
            continue;
        open_episode = true;
        bool authorised = false;
        for (size_t k = 0; k < c->n_assessments; k++)
            if (c->assessments[k].episode == id && c->assessments[k].authorised)
                authorised = true;
        if (!authorised)
            add_clock(&a, CLOCK_ASSESSMENT, ep->referral_date, id);
    }
    for (size_t i = 0; i < c->n_assessments; i++) {
        add_event(&a, c->assessments[i].start, "Assessment started", NULL);
        add_event(&a, c->assessments[i].authorised, "Assessment authorised", c->assessments[i].factors);
    }
    for (size_t i = 0; i < c->n_cin_plans; i++) {
        add_event(&a, c->cin_plans[i].start, "Child in need plan started", NULL);
        add_event(&a, c->cin_plans[i].end, "Child in need plan ended", NULL);
    }
    for (size_t i = 0; i < c->n_s47s; i++) {
        const struct s47_enquiry *s = &c->s47s[i];
        add_event(&a, s->start, "Strategy discussion: section 47 enquiry", NULL);
        add_event(&a, s->icpc_date, "Initial child protection conference", NULL);
        /* only a running enquiry in an open episode keeps its conference clock going */
        bool in_open = false;
        for (size_t k = 0; k < c->n_episodes; k++)
            if (c->episodes_id[k] == s->episode && !c->episodes[k].closure_date)
                in_open = true;
        if (in_open && !s->icpc_date && s->icpc_not_required != 1)
            add_clock(&a, CLOCK_ICPC, s->start, c->s47s_id[i]);
    }
    for (size_t i = 0; i < c->n_cp_plans; i++) {
        const struct cp_plan *p = &c->cp_plans[i];
        add_event(&a, p->start, "Child protection plan started", p->initial_category);
        add_event(&a, p->end, "Child protection plan ended", NULL);
        day_t last = DAY_NONE;
        for (size_t k = 0; k < c->n_cp_reviews; k++)
            if (c->cp_reviews[k].plan == c->cp_plans_id[i]) {
                add_event(&a, c->cp_reviews[k].date, "Child protection review conference", NULL);
                if (c->cp_reviews[k].date > last)
                    last = c->cp_reviews[k].date;
            }
        if (p->end)
            continue;
        j->status |= JS_CP;
        add_clock(&a, last ? CLOCK_CP_REVIEW : CLOCK_CP_FIRST_REVIEW, last ? last : p->start,
                  c->cp_plans_id[i]);
    }
    /* looked after: a period of care is a run of episodes each starting the day the last
     * ended; its reviews run from the first episode's start */
    day_t period_start = DAY_NONE;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        bool joins = i > 0 && c->la_episodes[i - 1].dec == e->decom;
        if (!joins)
            period_start = e->decom;
        add_event(&a, e->decom, joins ? "Placement or legal status changed" : "Became looked after",
                  e->place);
        if (e->dec && !(i + 1 < c->n_la_episodes && c->la_episodes[i + 1].decom == e->dec))
            add_event(&a, e->dec, "Stopped being looked after", e->rec);
        if (!e->dec && i + 1 == c->n_la_episodes) {
            j->status |= JS_LOOKED_AFTER;
            day_t reviews[2] = {DAY_NONE, DAY_NONE};
            int n = 0;
            for (size_t k = 0; k < c->n_la_reviews; k++)
                if (c->la_reviews[k].date >= period_start) {
                    n++;
                    reviews[1] = c->la_reviews[k].date;
                }
            enum clock_id id = n == 0 ? CLOCK_LA_FIRST_REVIEW : n == 1 ? CLOCK_LA_SECOND_REVIEW
                                                                      : CLOCK_LA_REVIEW;
            add_clock(&a, id, n == 0 ? period_start : reviews[1], c->la_episodes_id[i]);
            /* statutory visits are not recorded in hearth yet, so their clocks are not run:
             * a clock that can never be met would only cry wolf */
        }
    }
    for (size_t i = 0; i < c->n_la_reviews; i++)
        add_event(&a, c->la_reviews[i].date, "Looked-after review", c->la_reviews[i].code);
    for (size_t i = 0; i < c->n_missing; i++) {
        add_event(&a, c->missing[i].start, "Missing from care", c->missing[i].kind);
        add_event(&a, c->missing[i].end, "Returned", NULL);
    }
    for (size_t i = 0; i < c->n_adoptions; i++) {
        add_event(&a, c->adoptions[i].date_int, "Decided that adoption is in the child's interest", NULL);
        add_event(&a, c->adoptions[i].date_match, "Matched with adopters", NULL);
    }
    for (size_t i = 0; i < c->n_placed_adoptions; i++)
        add_event(&a, c->placed_adoptions[i].date_placed, "Decided the child should be placed for adoption", NULL);
    for (size_t i = 0; i < c->n_sw_episodes; i++)
        add_event(&a, c->sw_episodes[i].decom, "Social worker allocated", c->sw_episodes[i].sw_id);
    if (open_episode && !(j->status & (JS_CP | JS_LOOKED_AFTER)))
        j->status |= JS_CIN;
    else if (open_episode)
        j->status |= JS_CIN;
    /* a care leaver: was looked after, is not now, and is 16 to 25 */
    if (!(j->status & JS_LOOKED_AFTER) && c->n_la_episodes && c->person.dob) {
        int age = date_age(c->person.dob, today);
        if (age >= 16 && age < 25 && (c->n_care_leavers || age >= 18))
            j->status |= JS_CARE_LEAVER;
    }
    if (j->n_clocks > 1)
        qsort(j->clocks, (size_t)j->n_clocks, sizeof *j->clocks, by_urgency);
    if (j->n_events > 1)
        qsort(j->events, (size_t)j->n_events, sizeof *j->events, newest_first);
}

long journey_urgency(const struct journey *j)
{
    return j->n_clocks ? (long)j->clocks[0].due : (long)INT32_MAX;
}

void journey_free(struct journey *j)
{
    free(j->clocks);
    free(j->events);
    memset(j, 0, sizeof *j);
}
