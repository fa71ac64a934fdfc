/* demo_live: the demo's current year as live casework (see demo_live.h). Every record goes
 * through the store calls the web forms use, so the DfE checks, record versions and the
 * record's own rules apply exactly as they would to a worker; a refusal is counted (and the
 * rest of that child's story dropped), never forced. Due dates come from the journey model
 * itself (journey_compute_x), so the work lands where a worker's clocks say it is due: most
 * a little early, some late, and some not yet done on "today", which is what makes a real
 * mix of clocks on My work.
 *
 * Each child's story is drawn from a PRNG stream of its own (the seed, the story's kind and
 * the child or contact number), so one child's story never shifts another's. */
#include "demo_live.h"

#include <stdlib.h>
#include <string.h>

#include "../date/clock.h"
#include "../model/journey.h"
#include "../store/content.h"
#include "../store/demo.h"
#include "../store/notes.h"
#include "../store/mash.h"
#include "../store/placements.h"
#include "../store/stages.h"
#include "../store/workflow.h"
#include "../util/buf.h"
#include "demo_family.h"
#include "names.h"
#include "rng.h"
#include "synth.h"

enum { STREAM_CONTACT = 0x4c31, STREAM_CIN, STREAM_LA, STREAM_LEAVER, STREAM_CASEWORK, STREAM_HUB };

struct live {
    struct store *s;
    const struct demo_live_staff *staff;
    uint64_t seed;
    day_t from, today;
    struct demo_live_stats *st;
};

/* ---- small helpers ------------------------------------------------------------------ */
static day_t working_day_on_or_after(day_t d)
{
    while (!date_is_working_day(d))
        d++;
    return d;
}

static int64_t version(struct live *l, rec_id person)
{
    int64_t v = 0;
    struct err ignored;
    /* unread, the version is 0, which the store refuses as stale: counted by done() */
    if (cw_version(l->s, person, &v, &ignored) != HE_OK)
        return 0;
    return v;
}

/* A store call's outcome: a refusal (HE_INPUT) is counted and ends the child's story; any
 * other failure ends the demo. */
static int done(struct live *l, int rc, struct err *e)
{
    if (rc != HE_INPUT)
        return rc;
    if (!l->st->refused++) {
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s%s%s", e->field, e->field[0] ? ": " : "", e->msg);
        snprintf(l->st->first_refusal, sizeof l->st->first_refusal, "%s", b.data);
        buf_free(&b);
    }
    return HE_INPUT;
}

/* The child's record and clocks as they are now; caller frees both. */
static int load(struct live *l, rec_id person, struct child_file *c, struct child_extra *x,
                struct journey *j, struct err *e)
{
    int rc = store_load_child(l->s, person, c, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = st_load_extra(l->s, person, x, e)) != HE_OK) {
        child_file_free(c);
        return rc;
    }
    journey_compute_x(c, x, NULL, 0, l->today, j);
    return HE_OK;
}

static void unload(struct child_file *c, struct child_extra *x, struct journey *j)
{
    journey_free(j);
    child_extra_free(x);
    child_file_free(c);
}

/* The child's running clock of this kind (its due date and record), or 0. */
static day_t due_of(const struct journey *j, enum clock_id id, rec_id *record)
{
    for (int i = 0; i < j->n_clocks; i++)
        if (j->clocks[i].id == id) {
            if (record)
                *record = j->clocks[i].record;
            return j->clocks[i].due;
        }
    return DAY_NONE;
}

static day_t start_of(const struct journey *j, enum clock_id id)
{
    for (int i = 0; i < j->n_clocks; i++)
        if (j->clocks[i].id == id)
            return j->clocks[i].start;
    return DAY_NONE;
}

/* When work due on `due` is done: usually a few days early, sometimes late; never before
 * the current year began nor before `after`. */
static day_t when_done(struct rng *r, const struct live *l, day_t due, day_t after, double late)
{
    day_t d = rp(r, late) ? due + rr(r, 2, 24) : due - rr(r, 0, 12);
    if (d <= after)
        d = after + rr(r, 1, 7);
    if (d < l->from)
        d = l->from + rr(r, 0, 15);
    return working_day_on_or_after(d);
}

static int age_on(const struct child_file *c, day_t d)
{
    return c->person.dob ? date_age(c->person.dob, d) : 10;
}

/* ---- one function per kind of live record ------------------------------------------- */
static int live_contact(struct live *l, rec_id person, const struct cw_new_child *nc, day_t date,
                        const char *source, rec_id *person_out, rec_id *contact, struct err *e)
{
    int64_t now = (int64_t)(date - date_from_ymd(1970, 1, 1)) * 86400 + 9 * 3600;
    int rc = cw_record_contact(l->s, l->staff->front_door, person, person ? version(l, person) : 0, nc,
                               date, source, NULL, now, person_out, contact, e);
    if (rc == HE_OK)
        l->st->contacts++;
    return done(l, rc, e);
}

/* What the agencies say in the hub, and why the hub rates a contact as it does. */
static const char *const police_known[] = {
    "Two domestic abuse call-outs to the address in the last year, the latest three months ago; no arrests. "
    "The father is known to the police for assault in 2021.",
    "No police information held on the child, the mother or the address.",
    "One call-out last month: neighbours reported shouting. Officers attended, no offences disclosed; a "
    "DASH risk assessment was graded standard.",
    "The child was reported missing once this year and was found the same night at a friend's house.",
};
static const char *const health_known[] = {
    "Registered with the GP; immunisations up to date. Two missed health visitor appointments this year.",
    "Seen at A&E in the spring with a sprained wrist after a fall; no concerns were raised at the time.",
    "Mum is under the community mental health team for anxiety and depression; she attends her appointments.",
    "Nothing known to health beyond routine checks; the school nurse has no concerns.",
};
static const char *const school_known[] = {
    "Attendance 82% this term, often late on Mondays. The child seems tired and hungry at times; the school "
    "provides breakfast club.",
    "Attendance is good. The child told a teaching assistant that things are hard at home; the school "
    "made the referral.",
    "Not on the roll of a school in the authority: the family moved here in the summer.",
};
static const char *const housing_known[] = {
    "The family are in temporary accommodation and owe rent arrears of about 1,800 pounds.",
};
static const char *const probation_known[] = {
    "The father is on licence until next spring; his licence forbids contact with his former partner.",
};

/* The hub at the front door: some contacts are brought in, with the consent to share
 * recorded, the police, health and the school checked, and a rating that follows what the
 * front door goes on to decide (`decision`; NULL while it waits: then about half are not
 * yet rated). Its own stream of draws, so the rest of the year is drawn as before.
 * Everything before the decision, on the contact's day. */
static int live_hub(struct live *l, rec_id contact, day_t day, const char *decision, struct err *e)
{
    const struct demo_live_staff *st = l->staff;
    struct rng h;
    rng_seed(&h, l->seed, STREAM_HUB, (uint64_t)contact);
    if (!rp(&h, decision ? 0.35 : 0.8))
        return HE_OK;
    int64_t at = (int64_t)(day - date_from_ymd(1970, 1, 1)) * 86400 + 9 * 3600 + rr(&h, 30, 120) * 60;
    bool consent = rp(&h, 0.85);
    int rc = mash_add(l->s, st->front_door, contact, consent ? "given" : "overridden",
                      consent ? "The mother agreed on the phone to the front door that we share information."
                              : "Shared without consent: asking the family first could put the child at greater "
                                "risk of harm.",
                      at, e);
    if (rc != HE_OK)
        return done(l, rc, e);
    l->st->hub++;
    /* each agency's officer answers within the hours that follow */
    struct {
        const struct cw_user *who;
        const char *agency;
        const char *const *known;
        int n;
        double p;
    } checks[] = {
        {st->police ? st->police : st->front_door, "police", police_known, 4, 0.9},
        {st->health ? st->health : st->front_door, "health", health_known, 4, 0.8},
        {st->front_door, "education", school_known, 3, 0.6},
        {st->front_door, "housing", housing_known, 1, 0.12},
        {st->front_door, "probation", probation_known, 1, 0.08},
    };
    for (size_t i = 0; rc == HE_OK && i < sizeof checks / sizeof checks[0]; i++) {
        if (!rp(&h, checks[i].p) || (!decision && rp(&h, 0.3)))
            continue;
        at += rr(&h, 10, 70) * 60;
        /* a partner's officer sees only what the hub shares with partners (not a restricted
         * child's contact) */
        bool sees = true;
        if (checks[i].who->role == ROLE_PARTNER && (rc = mash_partner_sees(l->s, checks[i].who, contact, &sees, e)) != HE_OK)
            break;
        if (!sees)
            continue;
        int64_t id;
        rc = mash_check_add(l->s, checks[i].who, contact, checks[i].agency, checks[i].known[rr(&h, 0, checks[i].n - 1)],
                            at, &id, e);
        l->st->hub_checks += rc == HE_OK;
    }
    if (rc != HE_OK || (!decision && rp(&h, 0.5)))
        return done(l, rc, e);
    double u = runif(&h);
    bool referral = decision && !strcmp(decision, "REFERRAL"), early = decision && !strcmp(decision, "EARLY_HELP");
    const char *rag = referral ? (u < 0.4 ? "red" : "amber") : early ? (u < 0.6 ? "amber" : "green")
                      : decision ? (u < 0.15 ? "amber" : "green") : (u < 0.2 ? "red" : u < 0.7 ? "amber" : "green");
    const char *reason = !strcmp(rag, "red")     ? "Risk of significant harm now: a strategy discussion is needed today."
                         : !strcmp(rag, "amber") ? "Needs are not being met and may escalate: a decision within the day."
                                                 : "No risk of harm found by the checks: advice or a universal service.";
    rc = mash_rate(l->s, st->front_door, contact, rag, reason, at + 15 * 60, e);
    return done(l, rc, e);
}

static int live_decision(struct live *l, rec_id person, rec_id contact, const char *decision,
                         day_t day, const char *need, rec_id *episode, struct err *e)
{
    *episode = 0;
    int rc = cw_decide_contact(l->s, l->staff->front_door, contact, version(l, person), decision, day,
                               need, episode, e);
    if (rc == HE_OK) {
        l->st->decisions++;
        l->st->referrals += *episode != 0;
    }
    return done(l, rc, e);
}

static int live_assessment_start(struct live *l, rec_id person, rec_id episode, day_t start,
                                  const char *factors, struct err *e)
{
    int rc = cw_start_assessment(l->s, person, version(l, person), episode, start, factors, e);
    l->st->assessments += rc == HE_OK;
    return done(l, rc, e);
}

static int live_assessment_authorise(struct live *l, rec_id person, rec_id assessment, day_t day,
                                     struct err *e)
{
    int rc = cw_authorise_assessment(l->s, l->staff->manager, person, version(l, person), assessment,
                                     day, e);
    l->st->authorised += rc == HE_OK;
    return done(l, rc, e);
}

static int live_strategy(struct live *l, rec_id person, rec_id episode, day_t day, struct err *e)
{
    int rc = cw_record_strategy(l->s, person, version(l, person), episode, day, e);
    l->st->strategies += rc == HE_OK;
    return done(l, rc, e);
}

static int live_conference(struct live *l, rec_id person, rec_id s47, day_t day, const char *category,
                           struct err *e)
{
    int rc = cw_record_icpc(l->s, person, version(l, person), s47, day, category, e);
    if (rc == HE_OK) {
        l->st->conferences++;
        l->st->cp_plans += category != NULL;
    }
    return done(l, rc, e);
}

static int live_cp_review(struct live *l, rec_id person, rec_id plan, day_t day, struct err *e)
{
    int rc = st_cp_review(l->s, person, version(l, person), plan, day, e);
    l->st->cp_reviews += rc == HE_OK;
    return done(l, rc, e);
}

static int live_cp_end(struct live *l, rec_id person, rec_id plan, day_t day, const char *reason,
                       struct err *e)
{
    return done(l, st_cp_end(l->s, person, version(l, person), plan, day, reason, e), e);
}

static int live_cin_plan(struct live *l, rec_id person, day_t day, struct err *e)
{
    int rc = st_cin_plan_start(l->s, person, version(l, person), day, e);
    l->st->cin_plans += rc == HE_OK;
    return done(l, rc, e);
}

static int live_cin_plan_end(struct live *l, rec_id person, rec_id plan, day_t day, struct err *e)
{
    return done(l, st_cin_plan_end(l->s, person, version(l, person), plan, day, e), e);
}

static int live_close(struct live *l, rec_id person, day_t day, const char *reason, struct err *e)
{
    int rc = st_close_episode(l->s, person, version(l, person), day, reason, e);
    l->st->closures += rc == HE_OK;
    return done(l, rc, e);
}

static int live_looked_after(struct live *l, rec_id person, day_t day, const char *ls,
                             const char *need, const char *place, struct err *e)
{
    int rc = cw_become_looked_after(l->s, person, version(l, person), day, ls, need, place, e);
    l->st->looked_after += rc == HE_OK;
    return done(l, rc, e);
}

static int live_visit(struct live *l, rec_id person, day_t day, int seen_alone, struct err *e)
{
    int rc = st_visit(l->s, person, version(l, person), day, seen_alone, e);
    l->st->visits += rc == HE_OK;
    return done(l, rc, e);
}

static int live_la_review(struct live *l, rec_id person, day_t day, const char *code, struct err *e)
{
    int rc = st_la_review(l->s, person, version(l, person), day, code, e);
    l->st->la_reviews += rc == HE_OK;
    return done(l, rc, e);
}

static int live_cease(struct live *l, rec_id person, day_t day, const char *rec, struct err *e)
{
    int rc = st_cease(l->s, person, version(l, person), day, rec, e);
    l->st->ceased += rc == HE_OK;
    return done(l, rc, e);
}

static int live_pathway_plan(struct live *l, rec_id person, day_t day, struct err *e)
{
    int rc = st_pathway_plan(l->s, person, version(l, person), day, e);
    l->st->pathway_plans += rc == HE_OK;
    return done(l, rc, e);
}

static int live_leaver_contact(struct live *l, rec_id person, day_t day, const char *in_touch,
                               const char *activ, const char *accom, struct err *e)
{
    int rc = st_leaver_contact(l->s, person, version(l, person), day, in_touch, activ, accom, e);
    l->st->leaver_contacts += rc == HE_OK;
    return done(l, rc, e);
}

static int live_relative(struct live *l, rec_id person, const char *kind, const char *given,
                         const char *family, day_t dob, int household, struct err *e)
{
    struct st_relative who = {.given = given, .family = family, .dob = dob};
    return done(l, st_relationship_add(l->s, person, version(l, person), &who, kind, household, e), e);
}

/* ---- code draws ------------------------------------------------------------------------ */
static const char *draw_source(struct rng *r)
{
    static const struct {
        const char *code;
        int w;
    } t[] = {{"6", 30}, {"2A", 17}, {"3A", 5},  {"3B", 4},  {"3E", 4}, {"3F", 2}, {"5A", 4},
             {"5B", 3}, {"5C", 2},  {"5D", 2},  {"1A", 8},  {"1B", 1}, {"1C", 2}, {"1D", 1},
             {"4", 3},  {"7", 2},   {"8", 6},   {"9", 2},   {"10", 2}};
    return t[PICK(r, t)].code;
}

static const char *draw_need(struct rng *r)
{
    static const struct {
        const char *code;
        int w;
    } t[] = {{"N1", 55}, {"N2", 4}, {"N3", 3}, {"N4", 10}, {"N5", 16}, {"N6", 3}, {"N7", 1},
             {"N8", 4},  {"N9", 4}};
    return t[PICK(r, t)].code;
}

static const char *draw_factors(struct rng *r)
{
    static const char *const sets[] = {"3A", "2B", "1B,2B", "3A,3B", "4A,21", "2A,3A",
                                       "6A,7A", "1B,2B,3A", "21", "8B", "9A,21", "3A,4A"};
    return sets[rr(r, 0, (int)(sizeof sets / sizeof *sets) - 1)];
}

static const char *draw_category(struct rng *r)
{
    static const struct {
        const char *code;
        int w;
    } t[] = {{"NEG", 50}, {"EMO", 35}, {"PHY", 8}, {"SAB", 4}, {"MUL", 3}};
    return t[PICK(r, t)].code;
}

static const char *review_code(struct rng *r, int age)
{
    static const char *const older[] = {"PN1", "PN1", "PN1", "PN2", "PN4", "PN5", "PN6", "PN7"};
    return age < 4 ? "PN0" : older[rr(r, 0, 7)];
}

/* ---- stories ---------------------------------------------------------------------------- */
/* An open episode of need from `day` on: the assessment, a strategy discussion when the
 * concerns are of significant harm, then a plan or a closure, as far as today. */
static int story_episode(struct live *l, struct rng *r, rec_id person, rec_id episode, day_t ref,
                         bool protection, struct err *e);
static int la_work(struct live *l, struct rng *r, rec_id person, day_t dob, struct err *e);

/* Keep a child's recurring work (reviews, visits, plans) up to today: each time the clock
 * says it is due, do it (mostly on time), until the next is due after today. */
typedef int (*record_fn)(struct live *l, struct rng *r, rec_id person, const struct child_file *c,
                         rec_id record, day_t day, bool *ended, struct err *e);

/* The clock that runs once this one's work is done (the same one for most). */
static enum clock_id next_clock(enum clock_id id)
{
    switch (id) {
    case CLOCK_CP_FIRST_REVIEW: return CLOCK_CP_REVIEW;
    case CLOCK_LA_FIRST_REVIEW: return CLOCK_LA_SECOND_REVIEW;
    case CLOCK_LA_SECOND_REVIEW: return CLOCK_LA_REVIEW;
    case CLOCK_VISIT_NEW_PLACEMENT: return CLOCK_VISIT;
    case CLOCK_PATHWAY_PLAN: return CLOCK_PATHWAY_REVIEW;
    default: return id;
    }
}

/* The record is read once for the first due date of the clocks from..to (adjacent in
 * enum clock_id); after that each due date follows from
 * the last piece of work done, as the clock table says (clock_due). */
static int keep_up(struct live *l, struct rng *r, rec_id person, enum clock_id from, enum clock_id to,
                   double late, record_fn record, struct err *e)
{
    struct child_file c;
    struct child_extra x;
    struct journey j;
    int rc = load(l, person, &c, &x, &j, e);
    if (rc != HE_OK)
        return rc;
    /* a family of clocks (first review, second, later ones): the one running now */
    rec_id rec = 0;
    enum clock_id id = from;
    day_t due = DAY_NONE, last = l->from - 1;
    for (enum clock_id k = from; k <= to && !due; k++)
        if ((due = due_of(&j, k, &rec)))
            id = k;
    if (due && start_of(&j, id) > last) /* never before what started the clock */
        last = start_of(&j, id);
    /* a clock that starts with hearth's records (visits, pathway plans: work no return
     * carries) stands for work last done at some unknown time before: the next falls
     * anywhere up to its due date, not on one day for every child */
    bool unknown = due && start_of(&j, id) == l->from;
    for (int guard = 0; rc == HE_OK && due && guard < 60; guard++) {
        day_t day = when_done(r, l, due, last, late);
        if (unknown && due > l->from)
            day = working_day_on_or_after(l->from + rr(r, 0, (int)(due - l->from)));
        unknown = false;
        if (day > l->today)
            break;
        bool ended = false;
        rc = record(l, r, person, &c, rec, day, &ended, e);
        if (ended) /* the work that ran this clock is over (a plan ended at its review) */
            break;
        last = day;
        id = next_clock(id);
        due = clock_due(id, day);
    }
    unload(&c, &x, &j);
    return rc;
}

static int rec_cp_review(struct live *l, struct rng *r, rec_id person, const struct child_file *c,
                         rec_id plan, day_t day, bool *ended, struct err *e)
{
    (void)c;
    int rc = live_cp_review(l, person, plan, day, e);
    /* about one plan in four ends at a review: safe, or stepped down to a CIN plan */
    if (rc == HE_OK && (*ended = rp(r, 0.25)))
        rc = live_cp_end(l, person, plan, day, rp(r, 0.6) ? "CIN" : "SAFE", e);
    return rc;
}

static int rec_visit(struct live *l, struct rng *r, rec_id person, const struct child_file *c,
                     rec_id record, day_t day, bool *ended, struct err *e)
{
    (void)record, (void)ended;
    return live_visit(l, person, day, age_on(c, day) >= 5 && rp(r, 0.75), e);
}

static int rec_la_review(struct live *l, struct rng *r, rec_id person, const struct child_file *c,
                         rec_id record, day_t day, bool *ended, struct err *e)
{
    (void)record, (void)ended;
    return live_la_review(l, person, day, review_code(r, age_on(c, day)), e);
}

static int rec_pathway(struct live *l, struct rng *r, rec_id person, const struct child_file *c,
                       rec_id record, day_t day, bool *ended, struct err *e)
{
    (void)r, (void)c, (void)record, (void)ended;
    return live_pathway_plan(l, person, day, e);
}

static int story_episode(struct live *l, struct rng *r, rec_id person, rec_id episode, day_t ref,
                         bool protection, struct err *e)
{
    int rc = HE_OK;
    day_t plan_day = DAY_NONE;
    if (protection) {
        /* strategy discussion within a couple of days, the conference inside 15 working days
         * (a few late), which mostly decides on a plan */
        day_t strat = date_add_working_days(ref, rr(r, 0, 2));
        if (strat > l->today)
            return HE_OK;
        if ((rc = live_strategy(l, person, episode, strat, e)) != HE_OK)
            return rc;
        day_t conf = date_add_working_days(strat, rp(r, 0.85) ? rr(r, 8, 15) : rr(r, 16, 22));
        if (conf <= l->today) {
            struct child_file c;
            if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
                return rc;
            rec_id s47 = c.n_s47s ? c.s47s_id[c.n_s47s - 1] : 0;
            child_file_free(&c);
            bool plan = rp(r, 0.72);
            if ((rc = live_conference(l, person, s47, conf, plan ? draw_category(r) : NULL, e)) != HE_OK)
                return rc;
            if (plan) {
                plan_day = conf;
                rc = keep_up(l, r, person, CLOCK_CP_FIRST_REVIEW, CLOCK_CP_REVIEW, 0.06, rec_cp_review, e);
                if (rc != HE_OK)
                    return rc;
            }
        }
    }
    /* the assessment: started within days, authorised mostly inside 45 working days */
    day_t start = date_add_working_days(ref, rr(r, 0, 3));
    if (start > l->today)
        return HE_OK;
    if ((rc = live_assessment_start(l, person, episode, start, draw_factors(r), e)) != HE_OK)
        return rc;
    day_t auth = date_add_working_days(start, rp(r, 0.86) ? rr(r, 12, 42) : rr(r, 46, 62));
    if (auth > l->today)
        return HE_OK;
    struct child_file c;
    if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
        return rc;
    rec_id a = 0;
    for (size_t i = 0; i < c.n_assessments; i++)
        if (c.assessments[i].episode == episode && c.assessments[i].start == start)
            a = c.assessments_id[i];
    bool on_cp = false;
    for (size_t i = 0; i < c.n_cp_plans; i++)
        on_cp |= c.cp_plans[i].episode == episode && !c.cp_plans[i].end;
    child_file_free(&c);
    if ((rc = live_assessment_authorise(l, person, a, auth, e)) != HE_OK)
        return rc;
    if (on_cp || plan_day)
        return HE_OK; /* the plan carries the case on */
    /* after the assessment: closed, a child in need plan, or (rarely) care */
    day_t next = working_day_on_or_after(auth + rr(r, 0, 10));
    if (next > l->today)
        return HE_OK;
    double u = runif(r);
    if (u < 0.5) /* RC8 and RC9 are for cases with no enquiry or plan (CIN rule 2990) */
        return live_close(l, person, next, protection ? "RC7" : rp(r, 0.7) ? "RC8" : "RC9", e);
    if (u < 0.96) {
        if ((rc = live_cin_plan(l, person, next, e)) != HE_OK)
            return rc;
        day_t end = working_day_on_or_after(next + rr(r, 90, 270));
        if (end > l->today)
            return HE_OK;
        if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
            return rc;
        rec_id plan = c.n_cin_plans ? c.cin_plans_id[c.n_cin_plans - 1] : 0;
        child_file_free(&c);
        if ((rc = live_cin_plan_end(l, person, plan, end, e)) == HE_OK)
            rc = live_close(l, person, end, "RC7", e);
        return rc;
    }
    if ((rc = live_looked_after(l, person, next, rp(r, 0.6) ? "V2" : "C2", "N1", rp(r, 0.7) ? "U3" : "U6", e)) != HE_OK)
        return rc;
    if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
        return rc;
    day_t dob = c.person.dob;
    child_file_free(&c);
    return la_work(l, r, person, dob, e);
}

/* A new contact on `day`: a child new to the council (most) or one known before, the
 * threshold decision (usually the same or the next working day), and a referral's story. */
static int story_contact(struct live *l, const struct sd_person *known, size_t n_known, long number,
                         day_t day, struct err *e)
{
    struct rng r;
    rng_seed(&r, l->seed, STREAM_CONTACT, (uint64_t)number);
    rec_id person = 0, contact = 0;
    struct cw_new_child nc = {0};
    const char *family = NULL, *given = NULL, *eth = NULL;
    char sex[2] = {rp(&r, 0.5) ? 'F' : 'M', 0};
    if (n_known && rp(&r, 0.25)) {
        /* someone the council has met before, under 18 on the day, not open now */
        const struct sd_person *p = &known[rr(&r, 0, (int)n_known - 1)];
        if (p->dob && date_age(p->dob, day) < 17 && p->dob < day) {
            struct child_file c;
            int rc = store_load_child(l->s, p->id, &c, e);
            if (rc != HE_OK)
                return rc;
            /* open on the day, or later: the open cases' stories ran first, and may close
             * an episode after this day */
            bool open = false;
            for (size_t i = 0; i < c.n_episodes; i++)
                open |= !c.episodes[i].closure_date || c.episodes[i].closure_date >= day;
            /* an adopted child's record is sealed (a restricted record): not this one */
            for (size_t i = 0; i < c.n_la_episodes; i++)
                open |= !c.la_episodes[i].dec || c.la_episodes[i].dec >= day ||
                        (c.la_episodes[i].rec && (!strcmp(c.la_episodes[i].rec, "E11") ||
                                                  !strcmp(c.la_episodes[i].rec, "E12")));
            child_file_free(&c);
            if (!open)
                person = p->id;
        }
    }
    if (!person) {
        /* the front door asks the ethnicity and disability; the name follows the heritage */
        const char *disab;
        synth_draw_child(&r, &eth, &disab);
        demo_draw_name(&r, name_group_of_ethnicity(eth), sex[0], 0, &given, &family);
        int age = rp(&r, 0.1) ? 0 : rr(&r, 0, 17);
        day_t dob = date_add_years(day, -age) - rr(&r, 1, 360);
        nc = (struct cw_new_child){.given = given, .family = family, .dob = dob, .sex = sex, .ethnicity = eth,
                                   .disabilities = disab};
    }
    int rc = live_contact(l, person, person ? NULL : &nc, day, draw_source(&r), &person, &contact, e);
    if (rc != HE_OK)
        return rc == HE_INPUT ? HE_OK : rc;
    int lag = rp(&r, 0.55) ? 0 : rp(&r, 0.8) ? 1 : rr(&r, 2, 3);
    day_t decided = lag ? date_add_working_days(day, lag) : day;
    if (decided > l->today) { /* still waiting for its threshold decision */
        rc = live_hub(l, contact, day, NULL, e);
        return rc == HE_INPUT ? HE_OK : rc;
    }
    double u = runif(&r);
    const char *decision = u < 0.30 ? "REFERRAL" : u < 0.55 ? "ADVICE" : u < 0.72 ? "EARLY_HELP" : "NFA";
    rc = live_hub(l, contact, day, decision, e);
    if (rc != HE_OK && rc != HE_INPUT)
        return rc;
    rec_id episode = 0;
    bool referral = !strcmp(decision, "REFERRAL");
    rc = live_decision(l, person, contact, decision, decided, referral ? draw_need(&r) : NULL, &episode, e);
    if (rc == HE_OK && referral && given) {
        /* the child's mother, as the front door would add her to the family network */
        const char *mgiven, *mfamily;
        demo_draw_name(&r, name_group_of_ethnicity(eth), 'F', 1, &mgiven, &mfamily);
        rc = live_relative(l, person, "MOTHER", mgiven, rp(&r, 0.7) ? family : mfamily,
                           nc.dob - rr(&r, 17 * 365, 38 * 365), 1, e);
    }
    if (rc == HE_OK && episode)
        rc = story_episode(l, &r, person, episode, decided, rp(&r, 0.14), e);
    return rc == HE_INPUT ? HE_OK : rc;
}

/* An episode of need open at the last return, carried on. */
static int story_open_cin(struct live *l, rec_id person, struct err *e)
{
    struct rng r;
    rng_seed(&r, l->seed, STREAM_CIN, (uint64_t)person);
    struct child_file c;
    struct child_extra x;
    struct journey j;
    int rc = load(l, person, &c, &x, &j, e);
    if (rc != HE_OK)
        return rc;
    bool looked_after = j.status & JS_LOOKED_AFTER, on_cp = j.status & JS_CP;
    rec_id a_rec = 0, s47 = 0;
    day_t a_due = due_of(&j, CLOCK_ASSESSMENT, &a_rec), icpc_due = due_of(&j, CLOCK_ICPC, &s47);
    rec_id assessment = 0;
    day_t a_start = DAY_NONE, busy = l->from; /* the last work done: a closure comes after it */
    int pending = 0; /* assessments of the open episode not authorised */
    for (size_t i = 0; i < c.n_assessments; i++) {
        if (c.assessments[i].episode == a_rec && !c.assessments[i].authorised) {
            assessment = c.assessments_id[i];
            a_start = c.assessments[i].start;
        }
        for (size_t k = 0; k < c.n_episodes; k++)
            if (c.episodes_id[k] == c.assessments[i].episode && !c.episodes[k].closure_date &&
                !c.assessments[i].authorised)
                pending++;
    }
    rec_id cin_plan = 0;
    for (size_t i = 0; i < c.n_cin_plans; i++)
        if (!c.cin_plans[i].end)
            cin_plan = c.cin_plans_id[i];
    unload(&c, &x, &j);

    if (icpc_due) {
        day_t day = when_done(&r, l, icpc_due, l->from - 1, 0.1);
        if (day <= l->today && (rc = live_conference(l, person, s47, day, rp(&r, 0.7) ? draw_category(&r) : NULL, e)) != HE_OK)
            return rc == HE_INPUT ? HE_OK : rc;
        on_cp = on_cp || day <= l->today;
        busy = day;
    }
    if (a_due && !assessment) {
        /* referred just before the last return and not yet started then: started now */
        day_t start = working_day_on_or_after(l->from + rr(&r, 0, 5));
        if ((rc = live_assessment_start(l, person, a_rec, start, draw_factors(&r), e)) != HE_OK)
            return rc == HE_INPUT ? HE_OK : rc;
        a_start = start;
        pending++;
        if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
            return rc;
        for (size_t i = 0; i < c.n_assessments; i++)
            if (c.assessments[i].episode == a_rec && c.assessments[i].start == start)
                assessment = c.assessments_id[i];
        child_file_free(&c);
    }
    if (a_due && assessment) {
        day_t day = when_done(&r, l, a_due, a_start > l->from - 1 ? a_start : l->from - 1, 0.1);
        if (day <= l->today) {
            if ((rc = live_assessment_authorise(l, person, assessment, day, e)) != HE_OK)
                return rc == HE_INPUT ? HE_OK : rc;
            pending--;
            busy = day > busy ? day : busy;
        }
    }
    rc = keep_up(l, &r, person, CLOCK_CP_FIRST_REVIEW, CLOCK_CP_REVIEW, 0.06, rec_cp_review, e);
    /* children in need whose plan has done its work: the plan ends and the episode closes */
    if (rc == HE_OK && !looked_after && !on_cp && !pending && rp(&r, 0.45) && busy + 10 < l->today) {
        day_t end = working_day_on_or_after(busy + rr(&r, 10, (int)(l->today - busy)));
        if (end <= l->today) {
            if (cin_plan)
                rc = live_cin_plan_end(l, person, cin_plan, end, e);
            if (rc == HE_OK)
                rc = live_close(l, person, end, "RC7", e);
        }
    }
    return rc == HE_INPUT ? HE_OK : rc;
}

/* A care leaver: a contact every couple of months, the pathway plan reviewed when due. */
static int story_leaver(struct live *l, struct rng *r, rec_id person, day_t since, struct err *e)
{
    static const char *const activ[] = {"F2", "F2", "F5", "P5", "F1", "F4", "G6", "G5", "G4"};
    static const char *const accom[] = {"D1", "E1", "B1", "K1", "C1", "D1", "B2", "D2"};
    const char *a = activ[rr(r, 0, 8)], *h = accom[rr(r, 0, 7)];
    int rc = HE_OK;
    struct child_file c;
    if ((rc = store_load_child(l->s, person, &c, e)) != HE_OK)
        return rc;
    day_t dob = c.person.dob;
    child_file_free(&c);
    for (day_t d = working_day_on_or_after(since + rr(r, 5, 50)); rc == HE_OK && d <= l->today;
         d = working_day_on_or_after(d + rr(r, 40, 75))) {
        /* the contacts the OC3 return counts: from 17 to 21 (SSDA903 rule 391) */
        if (!dob || date_age(dob, d) < 17 || date_age(dob, d) > 21)
            continue;
        bool touch = rp(r, 0.9);
        rc = live_leaver_contact(l, person, d, touch ? "YES" : "NO", touch ? a : "0", touch ? h : "0", e);
    }
    if (rc == HE_OK)
        rc = keep_up(l, r, person, CLOCK_PATHWAY_PLAN, CLOCK_PATHWAY_REVIEW, 0.08, rec_pathway, e);
    return rc;
}

/* While a child is looked after: statutory visits and reviews when due, and the pathway
 * plan from 16. */
static int la_work(struct live *l, struct rng *r, rec_id person, day_t dob, struct err *e)
{
    int rc = keep_up(l, r, person, CLOCK_VISIT_NEW_PLACEMENT, CLOCK_VISIT_LONG_TERM, 0.05, rec_visit, e);
    if (rc == HE_OK)
        rc = keep_up(l, r, person, CLOCK_LA_FIRST_REVIEW, CLOCK_LA_REVIEW, 0.05, rec_la_review, e);
    if (rc == HE_OK && dob && date_add_years(dob, 16) <= l->today) {
        rc = keep_up(l, r, person, CLOCK_PATHWAY_PLAN, CLOCK_PATHWAY_REVIEW, 0.08, rec_pathway, e);
    }
    return rc;
}

/* A child looked after at the last return: visits and reviews when due, a pathway plan from
 * 16; some go home or to a special guardian, and those who turn 18 leave care. */
static int story_looked_after(struct live *l, rec_id person, struct err *e)
{
    struct rng r;
    rng_seed(&r, l->seed, STREAM_LA, (uint64_t)person);
    struct child_file c;
    int rc = store_load_child(l->s, person, &c, e);
    if (rc != HE_OK)
        return rc;
    day_t dob = c.person.dob;
    child_file_free(&c);
    day_t eighteen = dob ? date_add_years(dob, 18) : DAY_NONE;
    day_t leave = DAY_NONE;
    const char *why = NULL;
    if (eighteen && eighteen <= l->today) {
        leave = eighteen > l->from ? eighteen : l->from;
        why = rp(&r, 0.25) ? "E17" : rp(&r, 0.6) ? "E5" : "E8";
    } else if (rp(&r, 0.12)) {
        leave = working_day_on_or_after(l->from + rr(&r, 20, (int)(l->today - l->from)));
        why = rp(&r, 0.55) ? "E4A" : rp(&r, 0.5) ? "E41" : "E47";
    }
    /* the work while looked after runs to the day care ends (or today) */
    day_t saved = l->today;
    if (leave && leave <= l->today)
        l->today = leave - 1;
    rc = la_work(l, &r, person, dob, e);
    l->today = saved;
    if (rc == HE_OK && leave && leave <= l->today) {
        rc = live_cease(l, person, leave, why, e);
        if (rc == HE_OK && eighteen && leave >= eighteen)
            rc = story_leaver(l, &r, person, leave, e);
    }
    return rc == HE_INPUT ? HE_OK : rc;
}

int demo_live(struct store *s, const struct demo_live_staff *staff, uint64_t seed, day_t from,
              day_t today, struct demo_live_stats *st, struct err *e)
{
    memset(st, 0, sizeof *st);
    struct live l = {.s = s, .staff = staff, .seed = seed, .from = from, .today = today, .st = st};
    if (today < from)
        return HE_OK;
    int year = date_year_to_march(from - 1);
    /* what was open at the last return, carried on */
    enum { MAX_OPEN = 200000 };
    rec_id *ids = xmalloc(MAX_OPEN * sizeof *ids);
    int n = 0, rc = cw_children_open(s, OPEN_LA, year, ids, MAX_OPEN, &n, e);
    for (int i = 0; rc == HE_OK && i < n; i++)
        rc = story_looked_after(&l, ids[i], e);
    if (rc == HE_OK)
        rc = cw_children_open(s, OPEN_CIN, year, ids, MAX_OPEN, &n, e);
    for (int i = 0; rc == HE_OK && i < n; i++)
        rc = story_open_cin(&l, ids[i], e);
    if (rc == HE_OK)
        rc = cw_children_open(s, OPEN_LEAVER, year, ids, MAX_OPEN, &n, e);
    for (int i = 0; rc == HE_OK && i < n; i++) {
        struct rng r;
        rng_seed(&r, seed, STREAM_LEAVER, (uint64_t)ids[i]);
        rc = story_leaver(&l, &r, ids[i], from, e);
        rc = rc == HE_INPUT ? HE_OK : rc;
    }
    free(ids);

    /* new contacts at the authority's own rate: its last year's, per working day */
    int64_t last_year = 0;
    if (rc == HE_OK)
        rc = sd_contacts_between(s, date_from_ymd(year - 1, 4, 1), date_from_ymd(year, 3, 31), &last_year, e);
    struct sd_person *known = NULL;
    size_t n_known = 0;
    if (rc == HE_OK)
        rc = sd_people(s, &known, &n_known, e);
    double per_day = (double)last_year / 253.0;
    struct rng days;
    rng_seed(&days, seed, STREAM_CONTACT, 0);
    long number = 0;
    for (day_t d = from; rc == HE_OK && d <= today; d++) {
        if (!date_is_working_day(d))
            continue;
        /* the day's count: the mean, give or take a fifth */
        int k = (int)(per_day * (0.8 + 0.4 * runif(&days)) + 0.5);
        for (int i = 0; rc == HE_OK && i < k; i++)
            rc = story_contact(&l, known, n_known, ++number, d, e);
    }
    free(known);
    return rc;
}

/* ---- the casework a worker opens --------------------------------------------------------
 * What a worker writes about the children they hold, beside the dates the returns carry:
 * the text is drawn from short paragraphs of the kind a worker writes, with the child's
 * own name, so a child's record reads as casework and not as placeholders. Where the
 * child lives decides what a worker writes: a family at home, a child in care with carers,
 * a care leaver in their own place. */
enum situation { SIT_FAMILY, SIT_CARE, SIT_LEAVER, SIT_COUNT };

struct casework {
    struct store *s;
    const struct cw_user *worker, *manager; /* manager: NULL when the team has none */
    struct demo_casework_stats *st;
    day_t from, today;
    struct rng r;
    char given[64], family[64];
    char worker_name[128];
    char home[96]; /* where a care leaver lives, as a note says it (@H) */
    int age;
    enum situation sit;
};

static int64_t at_minute(day_t d, int minute)
{
    return (int64_t)(d - date_from_ymd(1970, 1, 1)) * 86400 + minute * 60;
}

static int cw_done(struct casework *w, int rc, struct err *e)
{
    if (rc != HE_INPUT)
        return rc;
    if (!w->st->refused++) {
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s%s%s", e->field, e->field[0] ? ": " : "", e->msg);
        snprintf(w->st->first_refusal, sizeof w->st->first_refusal, "%s", b.data);
        buf_free(&b);
    }
    return HE_INPUT;
}

static int64_t cw_ver(struct casework *w, rec_id person)
{
    int64_t v = 0;
    struct err ignored;
    /* unread, the version is 0, which the store refuses as stale: counted by cw_done() */
    if (cw_version(w->s, person, &v, &ignored) != HE_OK)
        return 0;
    return v;
}

static const char *pick(struct rng *r, const char *const *v, int n)
{
    return v[rr(r, 0, n - 1)];
}
#define CHOOSE(r, v) pick(r, v, (int)(sizeof v / sizeof v[0]))

/* A template with the child's given name for @C, the family name for @F and the worker's
 * for @W; the caller frees the answer. */
static char *text(struct casework *w, const char *tmpl)
{
    struct buf b = BUF_INIT;
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '@' && (p[1] == 'C' || p[1] == 'F' || p[1] == 'W' || p[1] == 'H')) {
            buf_printf(&b, "%s", p[1] == 'C'   ? w->given
                                 : p[1] == 'F' ? w->family
                                 : p[1] == 'H' ? w->home
                                               : w->worker_name);
            p++;
        } else
            buf_printf(&b, "%c", *p);
    }
    return b.data ? b.data : xstrdup("");
}

struct note_pool {
    const char *const *text;
    int n;
};
#define POOL(v) {v, (int)(sizeof v / sizeof v[0])}

static const char *const family_visits[] = {
    "Home visit. @C answered the door and showed me their bedroom, which was tidy and warm. "
    "Mum said the week had been calmer; the school run has been on time every day.\n\n"
    "I spoke with @C alone in the kitchen. @C said things are \"better than before\" and that "
    "they like the new routine at bedtime. No concerns seen in the home today.",
    "Announced visit. The house was cold and there was little food in the fridge; Ms @F said "
    "her money had been stopped and she was waiting for Universal Credit to be paid.\n\n"
    "I saw @C alone. @C was quiet but said they felt safe. I gave Ms @F a food bank voucher "
    "and will chase the benefit claim with her tomorrow.",
    "Unannounced visit after school. @C was watching television; their older sibling was "
    "looking after them until Mum came home at 17:20.\n\n"
    "Discussed with Ms @F that @C's sibling is too young to be left in charge for so long. She "
    "agreed to ask her sister to help on Tuesdays and Thursdays. @C seen alone: happy, said "
    "school is \"okay\" and they have a new friend in class.",
};
static const char *const family_calls[] = {
    "Telephone call from the school's designated safeguarding lead: @C's attendance is 86% "
    "this half term, up from 71%. @C arrived hungry twice this week and was given breakfast "
    "club. School will keep a log and email it each Friday.",
    "Telephone call to Ms @F to confirm Thursday's visit to see @C. She asked whether the core group "
    "could move to the afternoon because of her new job; I agreed to ask the other agencies.",
    "Call from the health visitor: @C's weight is back on the 25th centile and the GP has "
    "no new concerns. Immunisations are up to date.",
    "Call from the police: officers attended the address at 23:40 on Saturday after a "
    "neighbour heard shouting. No arrests; Mr @F had left before they arrived. @C was "
    "asleep upstairs. I will visit tomorrow and speak with Ms @F about her safety plan.",
};
static const char *const family_work[] = {
    "Direct work with @C using the three houses tool. House of worries: \"when Dad shouts\" "
    "and \"when there is no money for the meter\". House of good things: football, Nan, "
    "the dog. House of dreams: \"everyone is kind at home\".",
    "Direct work at school. @C drew their family and put themselves next to their "
    "older brother and Nan. We talked about who they can go to if they feel scared; @C "
    "named their teacher and Nan.",
};
static const char *const family_supervision[] = {
    "Supervision with my team manager. Discussed @C's progress against the plan: school "
    "attendance improving, home conditions still variable. Agreed to continue fortnightly "
    "visits and to review at the next meeting whether the plan is still needed.",
    "Case discussed in supervision. The risk to @C from Mr @F's drinking remains; agreed to "
    "request a parenting assessment and to update the chronology before the next review.",
};

static const char *const care_visits[] = {
    "Visit to the placement. @C has settled well with the carers and is eating and sleeping "
    "better. The carers report one night of bed-wetting after contact with Mum.\n\n"
    "@C showed me photos from the weekend at the beach and said they want to stay here. "
    "We talked about contact; @C would like to see Nan more often.",
    "Statutory visit. @C showed me their room, which they have decorated with football "
    "posters. The carers say @C is more settled at school and has joined an after-school club.\n\n"
    "Seen alone: @C said the carers are \"kind but strict about bedtime\". @C asked when "
    "they will next see their brother; I will ask the contact centre for a date.",
    "Visit to the placement after a difficult week. @C had refused to go to school on two "
    "days and had shouted at the carers. The carers have kept calm and stuck to the routine.\n\n"
    "I saw @C alone in the garden. @C said they were upset because Mum missed contact. We "
    "talked about what @C can do when they feel angry; @C chose going on their bike.",
};
static const char *const care_calls[] = {
    "Call from the foster carer: @C has a dental appointment on Tuesday and the carer will "
    "take them. The carer asked for the delegated authority form for the school trip; I "
    "will send it today.",
    "Telephone call from the virtual school: @C's personal education plan targets for reading "
    "are being met and the school will use the pupil premium for a tutor.",
    "Call from Ms @F asking for more contact with @C. I explained that contact is set in the "
    "care plan and will be discussed at the next review; she will put her views in writing.",
    "Call from the independent reviewing officer about the date of @C's next review. Agreed "
    "to consult @C about where they would like it held.",
};
static const char *const care_work[] = {
    "Life story work with @C. We looked at photos from when @C was small and made a page "
    "about their first school. @C asked why they cannot live with Mum; I explained again in "
    "words @C understood and @C said they knew it was \"not my fault\".",
    "Direct work with @C about contact. @C drew the people they want to see: Mum, Nan, their "
    "brother and the dog. @C would like contact on Saturdays so it does not clash with football.",
};
static const char *const care_supervision[] = {
    "Supervision with my team manager. @C's placement is stable; the permanence plan is "
    "long-term fostering with the current carers. Agreed to start the matching report.",
    "Case discussed in supervision. Contact with Ms @F is inconsistent and unsettles @C. "
    "Agreed to ask the reviewing officer whether contact should move to once a month.",
};

/* @H: where the young person lives (their latest OC3 accommodation), so that a note never
 * puts a young person staying put with their foster carers in a flat of their own */
static const char *const leaver_visits[] = {
    "Visit to @C at @H. @C has started the college course and goes three days a week; they "
    "find the mornings hard.\n\n"
    "We looked at @C's budget together: their money covers their keep, but a phone contract "
    "is costing more than they can afford. I will help @C ask the provider for a cheaper plan.",
    "Met @C in a cafe near their work. @C is doing 20 hours a week at the supermarket and "
    "wants more.\n\n"
    "We talked about the pathway plan; @C wants to learn to drive and save for a deposit.",
    "Visit to @C at @H. @C showed me their room and said they feel settled. We went through "
    "the pathway plan's actions: @C has registered with a dentist and has an interview for "
    "an apprenticeship next week.\n\n"
    "Seen alone: @C said they feel lonely at weekends. We talked about the care leavers' "
    "group that meets on Saturdays; @C will try it with a friend.",
};
static const char *const leaver_calls[] = {
    "Telephone call from @C: the job centre has stopped their money because they missed "
    "an appointment. I will write to the job centre to explain and ask for it to be paid.",
    "Text conversation with @C to confirm our meeting on Thursday. @C said they are \"doing "
    "fine\" and asked about the setting up home allowance.",
    "Call from @C's college tutor: @C's attendance has dropped since half term. I will talk it "
    "over with @C at our next meeting and ask whether the bus fare is the problem.",
};
static const char *const leaver_work[] = {
    "Pathway planning session with @C. We went through their health (registered with a GP, "
    "no dentist yet), education (college course), money and where they want to live next. "
    "@C agreed the actions and will bring their passport to open a bank account.",
};
static const char *const leaver_supervision[] = {
    "Supervision with my team manager. We went through @C's pathway plan: where they live, "
    "college, money and health. The risk is debt; agreed to refer @C to the money advice service.",
};

/* [situation][visit, call, direct work, supervision] */
static const struct note_pool note_pools[SIT_COUNT][4] = {
    {POOL(family_visits), POOL(family_calls), POOL(family_work), POOL(family_supervision)},
    {POOL(care_visits), POOL(care_calls), POOL(care_work), POOL(care_supervision)},
    {POOL(leaver_visits), POOL(leaver_calls), POOL(leaver_work), POOL(leaver_supervision)},
};

/* Where a care leaver lives, from their latest OC3 accommodation (ACCOM's letter). */
static void leaver_home(const struct child_file *c, char *out, size_t n)
{
    const char *accom = NULL;
    for (size_t i = 0; i < c->n_care_leavers; i++)
        if (c->care_leavers[i].accom && *c->care_leavers[i].accom)
            accom = c->care_leavers[i].accom; /* by year: the last is the latest */
    const char *where;
    switch (accom ? accom[0] : 0) {
    case 'B': where = "their family's home"; break;
    case 'Z': where = "their former foster carers' home, where they are staying put"; break;
    case 'D': case 'E': where = "their supported lodgings"; break;
    case 'T': where = "the foyer where they live"; break;
    case 'C': case 'R': where = "the home where they live"; break;
    case 'U': case 'K': where = "their flat"; break;
    case 'W': case 'V': where = "the emergency accommodation where they are staying"; break;
    case 'X': where = "the young offender institution where they are held"; break;
    default: where = "the place where they are staying"; break;
    }
    snprintf(out, n, "%s", where);
}

static int casework_notes(struct casework *w, rec_id person, struct err *e)
{
    int n = rr(&w->r, 2, 5), rc = HE_OK;
    day_t first = w->today - 84 > w->from ? w->today - 84 : w->from;
    const struct note_pool *pools = note_pools[w->sit];
    unsigned used[4] = {0}; /* the texts already written about this child, by pool */
    for (int i = 0; rc == HE_OK && i < n; i++) {
        day_t day = first + (w->today - first) * (i + 1) / (n + 1) + rr(&w->r, -3, 3);
        day = working_day_on_or_after(day < w->from ? w->from : day);
        if (day > w->today)
            day = w->today;
        int kind = rr(&w->r, 0, 9), pool = kind < 4 ? 0 : kind < 7 ? 1 : kind < 9 ? 2 : 3;
        struct note_in in = {.day = day, .minute = rr(&w->r, 9 * 60, 17 * 60), .seen = -1, .seen_alone = -1,
                             .present = ""};
        /* a worker does not write the same note twice: another text, or another kind of
         * note once this kind's texts are all used */
        for (int t = 0; t < 4 && used[pool] == (1u << pools[pool].n) - 1; t++)
            pool = (pool + 1) % 4;
        int k = rr(&w->r, 0, pools[pool].n - 1);
        for (int t = 0; t < pools[pool].n && (used[pool] >> k & 1); t++)
            k = (k + 1) % pools[pool].n;
        used[pool] |= 1u << k;
        char *body = text(w, pools[pool].text[k]), present[200];
        if (pool == 0) {
            in.kind = w->sit == SIT_LEAVER && strstr(body, "cafe") ? "meeting" : "home_visit";
            in.seen = 1;
            in.seen_alone = w->sit == SIT_LEAVER ? 1 : rp(&w->r, 0.8);
            if (w->sit == SIT_FAMILY)
                snprintf(present, sizeof present, "%s, Ms %s", w->given, w->family);
            else if (w->sit == SIT_CARE)
                snprintf(present, sizeof present, "%s, the foster carers", w->given);
            else
                snprintf(present, sizeof present, "%s", w->given);
            in.present = present;
        } else if (pool == 1) {
            in.kind = "telephone";
            in.significant = strstr(body, "police") != NULL;
        } else if (pool == 2) {
            in.kind = "direct_work";
            in.seen = 1;
            in.seen_alone = 1;
            in.present = w->given;
        } else {
            in.kind = "supervision";
            /* the latest supervision asks for the manager's oversight */
            in.oversight = i == n - 1;
        }
        in.body = body;
        int64_t id;
        rc = notes_add(w->s, w->worker, &in, &person, 1, at_minute(day, in.minute + 30), &id, e);
        free(body);
        w->st->notes += rc == HE_OK;
        rc = cw_done(w, rc, e);
    }
    return rc;
}

/* An outcome with the recommendation that goes with it. */
static const struct {
    const char *outcome, *recommendation;
} outcomes[] = {
    {"CIN", "A child in need plan for six months, with a family support worker, a referral to the GP for "
            "Mum's low mood and help from the money advice service."},
    {"CIN", "A child in need plan: a family support worker weekly for twelve weeks, and a review of the "
            "plan with the family and school after three months."},
    {"EARLY_HELP", "Step down to the early help team for a family support worker and a parenting group; "
                   "the school will be the lead professional."},
    {"NFA", "No further action from children's social care: Ms @F has the support she needs from "
            "Nan and the school, and knows how to contact us."},
    {"S47", "A strategy discussion today: @C told their teacher that Mr @F hit them when he came to the "
            "house, and with the history of domestic abuse @C may be suffering significant harm."},
};

/* What a manager writes deciding an assessment: a comment when authorising, the reason
 * when returning it. */
static const char *const authorise_comments[] = {
    "Agreed. A clear analysis of @C's needs and a proportionate plan; please share it with Ms @F this week.",
    "Authorised. Good use of @C's own words. Make sure the school has the plan before the next visit.",
    "Agreed with the recommendation. Please book the first review before the end of the month.",
    "Authorised: the risks are weighed fairly and the family's strengths are clear.",
};
static const char *const return_reasons[] = {
    "Please add what @C said when seen alone, and how their wishes shaped the recommendation.",
    "The analysis does not say what happens if Mr @F returns home: add the contingency and the "
    "police information, then send it again.",
    "The health section needs the GP's and health visitor's views before I can authorise it.",
    "Please check the chronology: the dates of the police call-outs do not match the contact record.",
};

/* The team manager's decision on an assessment just submitted, a few days later (by
 * today): about one in four returned to the worker with the reason. */
static int casework_decide(struct casework *w, rec_id person, rec_id assessment, day_t sent, struct err *e)
{
    day_t day = sent + rr(&w->r, 1, 6);
    if (day > w->today)
        day = w->today;
    bool authorise = !rp(&w->r, 0.25);
    char *comment = text(w, authorise ? CHOOSE(&w->r, authorise_comments) : CHOOSE(&w->r, return_reasons));
    int rc = ct_assessment_decide(w->s, w->manager, person, cw_ver(w, person), assessment, authorise, comment,
                                  day, at_minute(day, day == sent ? 17 * 60 + 30 : rr(&w->r, 9 * 60, 15 * 60)), e);
    free(comment);
    if (rc == HE_OK) {
        w->st->authorised += authorise;
        w->st->returned += !authorise;
    }
    return cw_done(w, rc, e);
}

/* The text of the child's latest assessment when it is not yet authorised: submitted for
 * authorisation when `submit` (the manager's tray), else kept as the worker's draft; when
 * `decide`, submitted and decided by the team manager. */
static int casework_assessment(struct casework *w, rec_id person, bool submit, bool decide, bool *wrote,
                               struct err *e)
{
    *wrote = false;
    struct ct_assessment_list l;
    int rc = ct_assessment_list(w->s, person, 1, &l, e);
    if (rc != HE_OK)
        return rc;
    bool open = l.n && !l.a[0].authorised && !l.a[0].status;
    rec_id id = open ? l.a[0].id : 0;
    day_t start = open ? l.a[0].start : DAY_NONE;
    ct_assessment_list_free(&l);
    if (!open)
        return HE_OK;
    char *needs = text(w, "@C is meeting most developmental milestones. Health: registered with the GP, "
                          "immunisations up to date, dental check overdue. Education: attendance 84% "
                          "this term; the school reports @C is bright but tired and often late. Emotional "
                          "development: @C can be withdrawn with adults they do not know and worries about Mum.");
    char *parenting = text(w, "Ms @F loves @C and wants to do well by them, and responds to advice. Basic "
                              "care is mostly met; routines break down when she is low in mood. Supervision "
                              "has been inconsistent in the evenings. She has engaged with every visit.");
    char *family = text(w, "The family lives in a two-bedroom privately rented flat with damp in the "
                           "children's room. Ms @F is in rent arrears and has debts of about 2,000 pounds. "
                           "Mr @F has not lived at home since the spring; there is a history of domestic "
                           "abuse reported by the police. Maternal grandmother lives nearby and helps most days.");
    char *analysis = text(w, "The strengths are Ms @F's warmth, her honesty with professionals and Nan's "
                             "support. The risks are her low mood, the family's money and the chance of Mr "
                             "@F returning. @C's needs are not being fully met, but with support they can be. "
                             "Without support, @C's school attendance and emotional wellbeing are likely to "
                             "get worse.");
    char *wishes = text(w, "\"I want to stay with Mum and I want Dad to stop shouting. I like it when Nan "
                           "picks me up from school.\" (@C, seen alone at home)");
    int o = rr(&w->r, 0, (int)(sizeof outcomes / sizeof outcomes[0]) - 1);
    char *recommendation = text(w, outcomes[o].recommendation);
    struct ct_assessment_text t = {.child_needs = needs, .parenting = parenting, .family_env = family,
                                   .analysis = analysis, .wishes = wishes, .outcome = outcomes[o].outcome,
                                   .recommendation = recommendation};
    day_t day = start + rr(&w->r, 10, 30);
    /* what waits in the tray was sent lately: a manager decides within days, not months */
    if (submit && !decide)
        day = w->today - rr(&w->r, 0, 9);
    if (day > w->today)
        day = w->today;
    if (day < start)
        day = start;
    if (day < w->from)
        day = w->from;
    rc = ct_assessment_save(w->s, w->worker, person, cw_ver(w, person), id, &t, submit || decide,
                            at_minute(day, 16 * 60), e);
    free(needs);
    free(parenting);
    free(family);
    free(analysis);
    free(wishes);
    free(recommendation);
    if (rc == HE_OK) {
        *wrote = true;
        w->st->assessments++;
        w->st->submitted += submit || decide;
        if (decide)
            return casework_decide(w, person, id, day, e);
    }
    return cw_done(w, rc, e);
}

struct plan_text {
    const char *kind, *needs, *outcomes;
    const char *actions[5][2]; /* what, and who */
};
static const struct plan_text plan_texts[] = {
    {"CP",
     "@C needs to be safe from neglect at home: regular meals, clean clothes, a warm bed, and to "
     "be at school every day. @C needs to be protected from the arguments between the adults.",
     "@C attends school every day and is on time. The home is clean and warm at every visit. "
     "@C tells us they feel safe at home. No police call-outs for domestic abuse.",
     {{"Visit @C at home at least every two weeks, and see them alone", "Social worker"},
      {"Attend the Freedom Programme and complete it", "Ms @F"},
      {"Report @C's attendance each Friday", "School designated safeguarding lead"},
      {"Health review and dental appointment for @C", "School nurse"},
      {"Core group every six weeks", "Social worker"}}},
    {"CIN",
     "@C needs a settled routine, help with their worries about Mum, and to catch up at school.",
     "@C's attendance is above 95%. Mum is getting help for her mood. @C says they worry less.",
     {{"Family support worker weekly for twelve weeks: routines and budgeting", "Family support service"},
      {"Referral to the GP for Mum's low mood", "Ms @F"},
      {"Reading catch-up sessions twice a week", "Class teacher"},
      {"Review the plan with the family", "Social worker"},
      {"Money advice appointment", "Ms @F"}}},
    {"CARE",
     "@C needs a stable home with the carers, to keep in touch with Mum and Nan safely, and "
     "support at school and with their health.",
     "@C stays in the placement. Contact happens as planned and @C enjoys it. @C's personal "
     "education plan targets are met. Health and dental checks are on time.",
     {{"Supervised contact with Mum every two weeks", "Contact centre"},
      {"Personal education plan meeting", "Virtual school"},
      {"Review health assessment", "Looked-after children's nurse"},
      {"Life story work sessions", "Social worker"},
      {"Statutory visit, seeing @C alone", "Social worker"}}},
    {"PATHWAY",
     "@C needs a safe place to live after leaving care, a course or job, enough money to live on "
     "and someone to turn to.",
     "@C is in suitable accommodation, in education, training or work, manages a budget and "
     "knows who to contact for help.",
     {{"Apply for the college course starting in September", "@C"},
      {"Open a bank account and set up a budget", "Personal adviser"},
      {"Housing application to the council's care leavers' pathway", "Personal adviser"},
      {"Register with a GP near the new flat", "@C"},
      {"Claim the setting up home allowance", "Personal adviser"}}},
};

static int casework_plan(struct casework *w, rec_id person, const struct child_file *c, const struct journey *j,
                         struct err *e)
{
    const char *kind = NULL;
    day_t start = w->today - rr(&w->r, 20, 90);
    if (j->status & JS_LOOKED_AFTER)
        kind = w->age >= 16 && rp(&w->r, 0.5) ? "PATHWAY" : "CARE";
    else if (j->status & JS_CARE_LEAVER)
        kind = "PATHWAY";
    else if (j->status & JS_CP) {
        kind = "CP";
        /* the plan follows the conference that decided on it */
        for (size_t i = 0; i < c->n_cp_plans; i++)
            if (!c->cp_plans[i].end && c->cp_plans[i].start > start)
                start = c->cp_plans[i].start;
    } else
        for (size_t i = 0; i < c->n_cin_plans; i++)
            if (!c->cin_plans[i].end) {
                kind = "CIN";
                if (c->cin_plans[i].start > start)
                    start = c->cin_plans[i].start;
            }
    if (!kind)
        return HE_OK;
    if (start < w->from)
        start = w->from;
    if (start > w->today)
        start = w->today;
    const struct plan_text *pt = NULL;
    for (size_t i = 0; i < sizeof plan_texts / sizeof plan_texts[0]; i++)
        if (!strcmp(plan_texts[i].kind, kind))
            pt = &plan_texts[i];
    char *needs = text(w, pt->needs), *outs = text(w, pt->outcomes), *what[5], *who[5];
    struct ct_action_in acts[5];
    int n = rr(&w->r, 3, 5);
    for (int i = 0; i < n; i++) {
        what[i] = text(w, pt->actions[i][0]);
        who[i] = text(w, pt->actions[i][1]);
        day_t due = start + rr(&w->r, 14, 120);
        acts[i] = (struct ct_action_in){.action = what[i], .owner = who[i], .due = due,
                                        .status = due < w->today ? (rp(&w->r, 0.7) ? "DONE" : "IN_PROGRESS")
                                                  : rp(&w->r, 0.4)  ? "IN_PROGRESS"
                                                                    : "NOT_STARTED"};
    }
    struct ct_plan_in in = {.kind = kind, .start = start, .needs = needs, .outcomes = outs, .actions = acts,
                            .n_actions = n};
    rec_id plan;
    int rc = ct_plan_add(w->s, w->worker, person, cw_ver(w, person), &in, at_minute(start, 15 * 60), &plan, e);
    free(needs);
    free(outs);
    for (int i = 0; i < n; i++) {
        free(what[i]);
        free(who[i]);
    }
    if (rc == HE_OK) {
        w->st->plans++;
        w->st->actions += n;
    }
    return cw_done(w, rc, e);
}

/* A looked-after child's initial health assessment and personal education plan, due 20
 * working days into the period of care: most made in time, so that the few overdue on My
 * work are the exceptions a team would chase. */
static int casework_health(struct casework *w, rec_id person, const struct journey *j, struct err *e)
{
    int rc = HE_OK;
    for (int k = 0; rc == HE_OK && k < j->n_clocks; k++) {
        const struct journey_clock *q = &j->clocks[k];
        bool iha = q->id == CLOCK_HEALTH_ASSESSMENT;
        if ((!iha && q->id != CLOCK_PEP) || !rp(&w->r, 0.8))
            continue;
        day_t day = date_add_working_days(q->start, rr(&w->r, 5, 19));
        if (day > w->today || day < w->from)
            continue;
        char *note = text(w, iha ? "Seen by the looked-after children's nurse with the carer. @C is healthy, "
                                   "immunisations up to date; referred for a dental check."
                                 : "PEP meeting at school with the designated teacher, the carer and @C. "
                                   "Targets for reading and attendance; the pupil premium pays for a tutor.");
        rc = pl_health_add(w->s, w->worker->id, person, cw_ver(w, person), iha ? "IHA" : "PEP", day, -1, -1, note,
                           at_minute(day, 14 * 60), e);
        free(note);
        w->st->health += rc == HE_OK;
        rc = cw_done(w, rc, e);
    }
    return rc;
}

static const char *const task_titles[] = {
    "Update the chronology before the review",
    "Chase the school for this term's attendance figures",
    "Send the meeting minutes to the family",
    "Book the next visit and tell the carers",
    "Ask the GP for the health report",
    "Write the case summary for the transfer",
    "Arrange contact with Nan for the holidays",
    "Check the housing application has been received",
};

/* Reminders the worker set earlier and has done since: most by the day they were due. */
static int casework_done_tasks(struct casework *w, rec_id person, int n, struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; rc == HE_OK && i < n; i++) {
        day_t set = w->today - rr(&w->r, 25, 80), due = set + rr(&w->r, 5, 20);
        day_t done = rp(&w->r, 0.8) ? due - rr(&w->r, 0, 3) : due + rr(&w->r, 1, 6);
        if (set < w->from)
            continue;
        if (done < set)
            done = set;
        int64_t id;
        rc = wf_task_add(w->s, w->worker, person, w->worker->id, CHOOSE(&w->r, task_titles), due,
                         at_minute(set, 10 * 60), &id, e);
        if (rc == HE_OK)
            rc = wf_task_close(w->s, w->worker, id, true, NULL, at_minute(done, 15 * 60), e);
        w->st->tasks_done += rc == HE_OK;
        rc = cw_done(w, rc, e);
    }
    return rc;
}

static int casework_tasks(struct casework *w, rec_id person, int n, struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; rc == HE_OK && i < n; i++) {
        day_t set = w->today - rr(&w->r, 1, 20);
        if (set < w->from)
            set = w->from;
        int64_t id;
        rc = wf_task_add(w->s, w->worker, person, w->worker->id, CHOOSE(&w->r, task_titles),
                         w->today + rr(&w->r, -4, 21), at_minute(set, 10 * 60), &id, e);
        w->st->tasks += rc == HE_OK;
        rc = cw_done(w, rc, e);
    }
    return rc;
}

int demo_casework(struct store *s, const struct cw_user *worker, const struct cw_user *manager,
                  const rec_id *children, int n, uint64_t seed, day_t from, day_t today,
                  struct demo_casework_stats *st, struct err *e)
{
    struct casework w = {.s = s, .worker = worker, .manager = manager, .st = st, .from = from, .today = today};
    /* waiting in the manager's tray: the first assessment (two when the team has a manager) */
    int waiting = manager ? 2 : 1;
    snprintf(w.worker_name, sizeof w.worker_name, "%s", worker->display);
    char *cut = strstr(w.worker_name, " (demo)");
    if (cut)
        *cut = '\0';
    int rc = HE_OK, submitted = 0;
    for (int i = 0; rc == HE_OK && i < n; i++) {
        rng_seed(&w.r, seed, STREAM_CASEWORK, (uint64_t)children[i]);
        struct child_file c;
        struct child_extra x;
        struct journey j;
        if ((rc = store_load_child(s, children[i], &c, e)) != HE_OK)
            break;
        if ((rc = st_load_extra(s, children[i], &x, e)) != HE_OK) {
            child_file_free(&c);
            break;
        }
        journey_compute_x(&c, &x, NULL, 0, today, &j);
        w.sit = j.status & JS_LOOKED_AFTER ? SIT_CARE : j.status & JS_CARE_LEAVER ? SIT_LEAVER : SIT_FAMILY;
        snprintf(w.given, sizeof w.given, "%s", c.person.given_name ? c.person.given_name : "the child");
        snprintf(w.family, sizeof w.family, "%s", c.person.family_name ? c.person.family_name : "");
        w.age = c.person.dob ? date_age(c.person.dob, today) : 10;
        leaver_home(&c, w.home, sizeof w.home);
        st->children++;
        bool wrote = false;
        rc = casework_notes(&w, children[i], e);
        if (rc == HE_OK)
            rc = casework_assessment(&w, children[i], submitted < waiting,
                                     manager && submitted >= waiting && !rp(&w.r, 0.2), &wrote, e);
        submitted += wrote;
        if (rc == HE_OK)
            rc = casework_plan(&w, children[i], &c, &j, e);
        if (rc == HE_OK)
            rc = casework_health(&w, children[i], &j, e);
        /* the first children on a list carry the worker's reminders; the others some */
        if (rc == HE_OK)
            rc = casework_tasks(&w, children[i], i < 3 ? rr(&w.r, 1, 2) : rp(&w.r, 0.3), e);
        if (rc == HE_OK)
            rc = casework_done_tasks(&w, children[i], rr(&w.r, 0, 2), e);
        unload(&c, &x, &j);
        if (rc == HE_INPUT) /* counted: the next child's casework goes on */
            rc = HE_OK;
    }
    return rc;
}
