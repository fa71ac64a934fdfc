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

/* History the returns cannot show: a clock of an imported episode that fell due before the
 * first return holding the episode began. Whatever ended it (the assessment authorised, the
 * conference held) was reported in an earlier return, which is not here; it is not running
 * and not overdue (docs/timescales.md, "Imported history"). */
static bool before_returns(const struct child_extra *x, rec_id episode, enum clock_id id, day_t start)
{
    for (size_t i = 0; x && i < x->n_episode_returns; i++)
        if (x->episode_returns[i].episode == episode)
            return clock_due(id, start) < x->episode_returns[i].first_day;
    return false;
}

static day_t first_return_day(const struct child_extra *x, rec_id episode)
{
    for (size_t i = 0; x && i < x->n_episode_returns; i++)
        if (x->episode_returns[i].episode == episode)
            return x->episode_returns[i].first_day;
    return DAY_NONE;
}

/* Visits and pathway plans are in no return: for a child who came from the returns, hearth
 * knows them only from the day after the last return that held the child, so their clocks
 * start no earlier than that day. */
static day_t not_before_hearth(const struct child_extra *x, day_t start)
{
    return x && x->returns_end && start <= x->returns_end ? x->returns_end + 1 : start;
}

static void add_event_as(struct acc *a, day_t date, const char *what, const char *detail,
                         enum journey_detail kind)
{
    if (!date)
        return;
    struct journey *j = a->j;
    if (j->n_events == a->cap_e) {
        a->cap_e = a->cap_e ? a->cap_e * 2 : 32;
        j->events = xrealloc(j->events, (size_t)a->cap_e * sizeof *j->events);
    }
    j->events[j->n_events++] = (struct journey_event){date, what, detail && *detail ? detail : NULL, kind};
}

static void add_event(struct acc *a, day_t date, const char *what, const char *detail)
{
    add_event_as(a, date, what, detail, JD_TEXT);
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

static const char *cp_end_reason(const struct child_extra *x, rec_id plan)
{
    for (size_t k = 0; x && k < x->n_plan_ends; k++)
        if (x->plan_ends[k].plan == plan)
            return stage_label(cp_end_reasons, n_cp_end_reasons, x->plan_ends[k].reason);
    return NULL;
}

static bool long_term(const char *place)
{
    return place && (!strcmp(place, "U1") || !strcmp(place, "U4"));
}

/* Statutory visits for the open episode at index i: the first within a week of the
 * placement starting, then every 6 weeks in its first year, then every 3 months once a
 * long-term placement (U1, U4) has lasted a year. A placement is the run of joined episodes
 * with the same PLACE (a change of legal status alone is not a new placement). */
static void visit_clock(struct acc *a, const struct child_file *c, const struct child_extra *x, size_t i)
{
    size_t k = i;
    while (k > 0 && c->la_episodes[k - 1].dec == c->la_episodes[k].decom && c->la_episodes[k - 1].place &&
           c->la_episodes[i].place && !strcmp(c->la_episodes[k - 1].place, c->la_episodes[i].place))
        k--;
    day_t placed = c->la_episodes[k].decom, last = DAY_NONE;
    for (size_t v = 0; x && v < x->n_visits; v++)
        if (x->visits[v].date >= placed && x->visits[v].date > last)
            last = x->visits[v].date;
    /* a placement older than hearth's records: its visits are in no return, so the next is
     * due the usual interval after the records begin, not a week after it started */
    if (!last && not_before_hearth(x, placed) != placed)
        add_clock(a, long_term(c->la_episodes[i].place) && x->returns_end >= date_add_years(placed, 1)
                         ? CLOCK_VISIT_LONG_TERM : CLOCK_VISIT,
                  not_before_hearth(x, placed), c->la_episodes_id[i]);
    else if (!last)
        add_clock(a, CLOCK_VISIT_NEW_PLACEMENT, placed, c->la_episodes_id[i]);
    else if (long_term(c->la_episodes[i].place) && last >= date_add_years(placed, 1))
        add_clock(a, CLOCK_VISIT_LONG_TERM, last, c->la_episodes_id[i]);
    else
        add_clock(a, CLOCK_VISIT, last, c->la_episodes_id[i]);
}

/* Pathway plans: for a young person looked after on or after their 16th birthday, the
 * first plan is due 3 months from then, each review 6 months from the last plan; they run
 * while the young person is looked after or a care leaver. */
static void pathway_clock(struct acc *a, const struct child_file *c, const struct child_extra *x)
{
    if (!c->person.dob || !(a->j->status & (JS_LOOKED_AFTER | JS_CARE_LEAVER)))
        return;
    day_t sixteen = date_add_years(c->person.dob, 16), start = DAY_NONE;
    if (sixteen > a->today)
        return;
    for (size_t i = 0; i < c->n_la_episodes && !start; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        if (e->decom <= sixteen && (!e->dec || e->dec >= sixteen))
            start = sixteen;
        else if (e->decom > sixteen)
            start = e->decom;
    }
    if (!start)
        return;
    day_t last = DAY_NONE;
    for (size_t k = 0; x && k < x->n_pathway_plans; k++)
        if (x->pathway_plans[k].date > last)
            last = x->pathway_plans[k].date;
    if (last)
        add_clock(a, CLOCK_PATHWAY_REVIEW, last, 0);
    else if (not_before_hearth(x, start) != start) /* the plans before hearth are in no return */
        add_clock(a, CLOCK_PATHWAY_REVIEW, not_before_hearth(x, start), 0);
    else
        add_clock(a, CLOCK_PATHWAY_PLAN, start, 0);
}

/* The first core group is due within 10 working days of the initial conference that
 * decided on the plan. Only a conference recorded in hearth starts it: an imported plan's
 * core groups were held, and are not in the returns. */
static void core_group_clock(struct acc *a, const struct child_extra *x, day_t plan_start, rec_id plan)
{
    bool conference = false;
    for (size_t k = 0; x && k < x->n_meetings; k++) {
        const struct meeting_brief *m = &x->meetings[k];
        if (!strcmp(m->kind, "CORE_GROUP") && m->date >= plan_start)
            return;
        conference |= !strcmp(m->kind, "ICPC") && m->date == plan_start;
    }
    if (conference)
        add_clock(a, CLOCK_CORE_GROUP, plan_start, plan);
}

/* The initial health assessment and the personal education plan of the open period of
 * care: each due 20 working days from its start, the PEP only for a child of school age
 * (5 to 15) then; a record of either on or after the start clears its clock. */
static void health_clocks(struct acc *a, const struct child_file *c, const struct child_extra *x)
{
    if (!(a->j->status & JS_LOOKED_AFTER) || !c->n_la_episodes)
        return;
    size_t last = c->n_la_episodes - 1;
    day_t start = c->la_episodes[last].decom;
    for (size_t k = last; k > 0 && c->la_episodes[k - 1].dec == c->la_episodes[k].decom; k--)
        start = c->la_episodes[k - 1].decom;
    /* a period of care begun before hearth's records (the latest return imported): its
     * assessment and plan were made then, and no return carries them (docs/timescales.md) */
    if (not_before_hearth(x, start) != start)
        return;
    bool iha = false, pep = false;
    for (size_t k = 0; x && k < x->n_health; k++) {
        const char *kd = x->health[k].kind;
        iha |= x->health[k].date >= start && (!strcmp(kd, "IHA") || !strcmp(kd, "RHA"));
        pep |= x->health[k].date >= start && (!strcmp(kd, "PEP") || !strcmp(kd, "PEP_REVIEW"));
    }
    /* the returns carry no health records: an OC2 row for a year after the start shows a
     * child already reported on a year into care, whose assessment and plan were made
     * before hearth held the record */
    for (size_t k = 0; k < c->n_la_outcomes; k++)
        if (date_from_ymd(c->la_outcomes[k].year, 3, 31) >= start) {
            iha |= c->la_outcomes[k].health_assessment == 1;
            pep = true;
        }
    if (!iha)
        add_clock(a, CLOCK_HEALTH_ASSESSMENT, start, c->la_episodes_id[last]);
    int age = c->person.dob ? date_age(c->person.dob, start) : -1;
    if (!pep && age >= 5 && age < 16)
        add_clock(a, CLOCK_PEP, start, c->la_episodes_id[last]);
}

/* Meetings the returns' records do not already show in the chronology. */
static void meeting_events(struct acc *a, const struct child_extra *x)
{
    for (size_t k = 0; x && k < x->n_meetings; k++) {
        const struct meeting_brief *m = &x->meetings[k];
        const char *d = m->decision ? m->decision : "";
        if (!strcmp(m->kind, "CORE_GROUP"))
            add_event(a, m->date, "Core group meeting", NULL);
        else if (!strcmp(m->kind, "CIN_REVIEW"))
            add_event(a, m->date, "Child in need review", NULL);
        else if (!strcmp(m->kind, "STRATEGY") && !strcmp(d, "NO_S47"))
            add_event(a, m->date, "Strategy discussion: no section 47 enquiry", NULL);
        else if (!strcmp(m->kind, "STRATEGY") && !strcmp(d, "NO_ICPC"))
            add_event(a, m->date, "Section 47 enquiry: no conference needed", NULL);
    }
}

void journey_compute(const struct child_file *c, const rec_id *awaiting, int n_awaiting,
                     day_t today, struct journey *j)
{
    journey_compute_x(c, NULL, awaiting, n_awaiting, today, j);
}

void journey_compute_x(const struct child_file *c, const struct child_extra *x,
                       const rec_id *awaiting, int n_awaiting, day_t today, struct journey *j)
{
    memset(j, 0, sizeof *j);
    struct acc a = {.j = j, .today = today};
    bool open_episode = false;

    for (size_t i = 0; i < c->n_contacts; i++) {
        const struct contact *k = &c->contacts[i];
        add_event_as(&a, k->date, "Contact received", k->source, JD_SOURCE);
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
        add_event_as(&a, ep->referral_date, "Referral: episode of need opened", ep->primary_need, JD_NEED);
        add_event(&a, ep->closure_date, "Episode of need closed",
                  ep->closure_reason && stage_label(closure_reasons, n_closure_reasons, ep->closure_reason)
                      ? stage_label(closure_reasons, n_closure_reasons, ep->closure_reason)
                      : ep->closure_reason);
        if (ep->closure_date || ep->referral_nfa == 1)
            continue;
        open_episode = true;
        bool authorised = false;
        for (size_t k = 0; k < c->n_assessments; k++)
            if (c->assessments[k].episode == id && c->assessments[k].authorised)
                authorised = true;
        if (!authorised && !before_returns(x, id, CLOCK_ASSESSMENT, ep->referral_date))
            add_clock(&a, CLOCK_ASSESSMENT, ep->referral_date, id);
        else if (!authorised) /* missing from the returns, which is not overdue */
            add_event(&a, first_return_day(x, id), "Assessment not in the imported returns",
                      "it was due before the first return holding this episode");
    }
    for (size_t i = 0; i < c->n_assessments; i++) {
        add_event(&a, c->assessments[i].start, "Assessment started", NULL);
        add_event_as(&a, c->assessments[i].authorised, "Assessment authorised", c->assessments[i].factors,
                     JD_FACTORS);
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
        if (in_open && !s->icpc_date && s->icpc_not_required != 1 &&
            !before_returns(x, s->episode, CLOCK_ICPC, s->start))
            add_clock(&a, CLOCK_ICPC, s->start, c->s47s_id[i]);
    }
    for (size_t i = 0; i < c->n_cp_plans; i++) {
        const struct cp_plan *p = &c->cp_plans[i];
        add_event_as(&a, p->start, "Child protection plan started", p->initial_category, JD_CATEGORY);
        add_event(&a, p->end, "Child protection plan ended", cp_end_reason(x, c->cp_plans_id[i]));
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
        enum clock_id rid = last ? CLOCK_CP_REVIEW : CLOCK_CP_FIRST_REVIEW;
        if (!before_returns(x, p->episode, rid, last ? last : p->start))
            add_clock(&a, rid, last ? last : p->start, c->cp_plans_id[i]);
        core_group_clock(&a, x, p->start, c->cp_plans_id[i]);
    }
    /* looked after: a period of care is a run of episodes each starting the day the last
     * ended; its reviews run from the first episode's start */
    day_t period_start = DAY_NONE;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *e = &c->la_episodes[i];
        bool joins = i > 0 && c->la_episodes[i - 1].dec == e->decom;
        if (!joins)
            period_start = e->decom;
        add_event_as(&a, e->decom, joins ? "Placement or legal status changed" : "Became looked after",
                     e->place, JD_PLACE);
        if (e->dec && !(i + 1 < c->n_la_episodes && c->la_episodes[i + 1].decom == e->dec))
            add_event(&a, e->dec, "Stopped being looked after",
                      stage_label(cease_reasons, n_cease_reasons, e->rec) ? stage_label(cease_reasons, n_cease_reasons, e->rec)
                                                                          : e->rec);
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
            visit_clock(&a, c, x, i);
        }
    }
    for (size_t i = 0; i < c->n_la_reviews; i++)
        add_event(&a, c->la_reviews[i].date, "Looked-after review",
                  stage_label(review_codes, n_review_codes, c->la_reviews[i].code)
                      ? stage_label(review_codes, n_review_codes, c->la_reviews[i].code)
                      : c->la_reviews[i].code);
    for (size_t i = 0; x && i < x->n_visits; i++)
        add_event(&a, x->visits[i].date, "Statutory visit",
                  x->visits[i].seen_alone == 1 ? "Child seen alone" : "Child not seen alone");
    for (size_t i = 0; i < c->n_missing; i++) {
        const struct missing_episode *m = &c->missing[i];
        add_event(&a, m->start, m->kind && !strcmp(m->kind, "A") ? "Away from placement without authorisation"
                                                                 : "Missing from care", NULL);
        add_event(&a, m->end, "Returned", NULL);
        for (size_t k = 0; x && k < x->n_interviews; k++) {
            const struct return_interview *r = &x->interviews[k];
            if (r->missing != c->missing_id[i])
                continue;
            /* only episodes recorded in hearth await an interview: imported ones were dealt with */
            if (m->end && r->offered < 0)
                add_clock(&a, CLOCK_RETURN_INTERVIEW, m->end, r->missing);
            if (r->offered == 1)
                add_event(&a, r->offered_date, "Return home interview offered",
                          r->accepted == 1 ? "Accepted" : r->accepted == 0 ? "Declined" : NULL);
            if (r->offered == 0)
                add_event(&a, m->end, "Return home interview not offered", NULL);
            add_event(&a, r->date, "Return home interview held", NULL);
        }
    }
    for (size_t i = 0; x && i < x->n_pathway_plans; i++)
        add_event(&a, x->pathway_plans[i].date, "Pathway plan", NULL);
    for (size_t i = 0; x && i < x->n_leaver_contacts; i++) {
        const struct leaver_contact *l = &x->leaver_contacts[i];
        add_event(&a, l->date, "Care leaver contact", stage_label(in_touch_codes, n_in_touch_codes, l->in_touch));
    }
    for (size_t i = 0; i < c->n_adoptions; i++) {
        add_event(&a, c->adoptions[i].date_int, "Decided that adoption is in the child's interest", NULL);
        add_event(&a, c->adoptions[i].date_match, "Matched with adopters", NULL);
    }
    for (size_t i = 0; i < c->n_placed_adoptions; i++)
        add_event(&a, c->placed_adoptions[i].date_placed, "Decided the child should be placed for adoption", NULL);
    for (size_t i = 0; i < c->n_sw_episodes; i++)
        add_event_as(&a, c->sw_episodes[i].decom, "Social worker allocated", c->sw_episodes[i].sw_id, JD_WORKER);
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
    pathway_clock(&a, c, x);
    health_clocks(&a, c, x);
    for (size_t i = 0; x && i < x->n_health; i++)
        add_event(&a, x->health[i].date, stage_label(health_kinds, n_health_kinds, x->health[i].kind)
                                             ? stage_label(health_kinds, n_health_kinds, x->health[i].kind)
                                             : "Health record", NULL);
    meeting_events(&a, x);
    /* the 26-week limit runs from issue to the final order, whatever else the record holds;
     * the chronology has the proceedings' dates from the panels (pages_panels.c) */
    for (size_t i = 0; x && i < x->n_proceedings; i++)
        if (!x->proceedings[i].order)
            add_clock(&a, CLOCK_CARE_PROCEEDINGS, x->proceedings[i].issued, x->proceedings[i].referral);
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
