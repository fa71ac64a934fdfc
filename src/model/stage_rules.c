/* stage_rules: the checks each stage form runs before anything is written, taken from the
 * CIN census and SSDA903 validation rules (data/rules, one CSV a year; the rule's number is given in
 * the message where there is one) and from the regulations where the returns say nothing.
 * Pure functions of the child's record: the web layer calls them for the messages beside
 * each field, and the tests call them without a database. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/err.h"
#include "child.h"
#include "codes.h"
#include "stages.h"

/* A refusal naming the form field; %D in fmt is not supported: dates go in as text. */
static int bad(struct err *e, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(struct err *e, const char *field, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_at(e, HE_INPUT, NULL, 0, field, "%s", msg);
}

/* A date as the screen shows it; one of four rotating buffers so a message can hold two. */
static const char *uk(day_t d)
{
    static _Thread_local char b[4][11];
    static _Thread_local int k;
    k = (k + 1) % 4;
    date_format_uk(d, b[k]);
    return b[k];
}

static int episode_index(const struct child_file *c, rec_id id)
{
    for (size_t i = 0; i < c->n_episodes; i++)
        if (c->episodes_id[i] == id)
            return (int)i;
    return -1;
}

static int died_before(const struct child_file *c, day_t d, struct err *e, const char *field,
                       const char *rule)
{
    if (c->person.death_date && d > c->person.death_date)
        return bad(e, field, "The date cannot be after the child's date of death (%s)%s",
                   uk(c->person.death_date), rule);
    return HE_OK;
}

int stage_la_on(const struct child_file *c, day_t day)
{
    for (size_t i = c->n_la_episodes; i-- > 0;) {
        const struct la_episode *l = &c->la_episodes[i];
        if (l->decom <= day && (!l->dec || l->dec >= day))
            return (int)i;
    }
    return -1;
}

day_t stage_period_start(const struct child_file *c, size_t i)
{
    while (i > 0 && c->la_episodes[i - 1].dec == c->la_episodes[i].decom)
        i--;
    return c->la_episodes[i].decom;
}

/* ---- child protection plans ----------------------------------------------------------- */
static int plan_index(const struct child_file *c, rec_id plan)
{
    for (size_t i = 0; i < c->n_cp_plans; i++)
        if (c->cp_plans_id[i] == plan)
            return (int)i;
    return -1;
}

int stage_check_cp_review(const struct child_file *c, rec_id plan, day_t date, struct err *e)
{
    int i = plan_index(c, plan);
    if (i < 0)
        return bad(e, "plan", "This child has no such child protection plan");
    const struct cp_plan *p = &c->cp_plans[i];
    if (date <= p->start)
        return bad(e, "date", "The review date must be after the plan started (%s): CIN census rule "
                              "8841, the review date cannot be on the same day or before the child "
                              "protection plan start date", uk(p->start));
    if (p->end && date > p->end)
        return bad(e, "date", "The plan ended on %s: a review cannot be held after the plan ended",
                   uk(p->end));
    for (size_t k = 0; k < c->n_cp_reviews; k++)
        if (c->cp_reviews[k].plan == plan && c->cp_reviews[k].date == date)
            return bad(e, "date", "A review conference on %s is already recorded for this plan", uk(date));
    return died_before(c, date, e, "date", "");
}

int stage_check_cp_end(const struct child_file *c, rec_id plan, day_t date, const char *reason,
                       struct err *e)
{
    int i = plan_index(c, plan);
    if (i < 0)
        return bad(e, "plan", "This child has no such child protection plan");
    const struct cp_plan *p = &c->cp_plans[i];
    if (p->end)
        return bad(e, "date", "This plan already ended on %s", uk(p->end));
    if (date < p->start)
        return bad(e, "date", "The plan end date cannot be before the plan started (%s): CIN census "
                              "rule 8925, child protection plan end date earlier than start date",
                   uk(p->start));
    if (date == p->start)
        return bad(e, "date", "The plan cannot end on the day it started (%s): CIN census rule 8840",
                   uk(p->start));
    for (size_t k = 0; k < c->n_cp_reviews; k++)
        if (c->cp_reviews[k].plan == plan && c->cp_reviews[k].date > date)
            return bad(e, "date", "A review conference was held on %s, after this end date: the plan "
                                  "cannot end before its last review", uk(c->cp_reviews[k].date));
    int ep = episode_index(c, p->episode);
    if (ep >= 0 && c->episodes[ep].closure_date && date > c->episodes[ep].closure_date)
        return bad(e, "date", "The episode of need closed on %s: CIN census rule 8565, activity "
                              "shown after a case has been closed", uk(c->episodes[ep].closure_date));
    if (died_before(c, date, e, "date", ": CIN census rule 8920") != HE_OK)
        return HE_INPUT;
    if (!reason || !*reason)
        return bad(e, "reason", "Choose why the plan ended");
    if (!stage_label(cp_end_reasons, n_cp_end_reasons, reason))
        return bad(e, "reason", "Choose why the plan ended from the list");
    return HE_OK;
}

/* ---- child in need plans -------------------------------------------------------------- */
int stage_check_cin_plan_start(const struct child_file *c, rec_id episode, day_t date, struct err *e)
{
    int i = episode_index(c, episode);
    if (i < 0)
        return bad(e, "date", "This child has no open episode of need: record a referral first");
    const struct cin_episode *ep = &c->episodes[i];
    if (ep->closure_date)
        return bad(e, "date", "The episode of need closed on %s", uk(ep->closure_date));
    if (date < ep->referral_date)
        return bad(e, "date", "A child in need plan cannot start before the referral (%s)",
                   uk(ep->referral_date));
    if (ep->closure_reason && (!strcmp(ep->closure_reason, "RC8") || !strcmp(ep->closure_reason, "RC9")))
        return bad(e, "date", "CIN census rule 2990: the episode is closed after assessment");
    for (size_t k = 0; k < c->n_cin_plans; k++) {
        const struct cin_plan *q = &c->cin_plans[k];
        if (!q->end)
            return bad(e, "date", "A child in need plan started on %s is still open: CIN census rule "
                                  "4004, only one open CIN plan at a time; end it first", uk(q->start));
        if (date >= q->start && date <= q->end)
            return bad(e, "date", "A child in need plan ran from %s to %s: CIN census rule 4014, CIN "
                                  "plan dates cannot overlap", uk(q->start), uk(q->end));
    }
    for (size_t k = 0; k < c->n_cp_plans; k++) {
        const struct cp_plan *p = &c->cp_plans[k];
        if (p->start <= date && (!p->end || p->end > date))
            return bad(e, "date", "A child protection plan is open on this date (started %s): CIN "
                                  "census rule 4016, a CIN plan cannot be open at the same time as a "
                                  "child protection plan; end that plan first", uk(p->start));
    }
    return died_before(c, date, e, "date", "");
}

int stage_check_cin_plan_end(const struct child_file *c, rec_id plan, day_t date, struct err *e)
{
    for (size_t k = 0; k < c->n_cin_plans; k++) {
        if (c->cin_plans_id[k] != plan)
            continue;
        const struct cin_plan *q = &c->cin_plans[k];
        if (q->end)
            return bad(e, "date", "This plan already ended on %s", uk(q->end));
        if (date < q->start)
            return bad(e, "date", "The plan end date cannot be before the plan started (%s): CIN census "
                                  "rule 4011, CIN plan end date earlier than start date", uk(q->start));
        int ep = episode_index(c, q->episode);
        if (ep >= 0 && c->episodes[ep].closure_date && date > c->episodes[ep].closure_date)
            return bad(e, "date", "The episode of need closed on %s: CIN census rule 8565",
                       uk(c->episodes[ep].closure_date));
        return died_before(c, date, e, "date", ": CIN census rule 4009Q");
    }
    return bad(e, "plan", "This child has no such child in need plan");
}

/* ---- looked after: reviews and visits ------------------------------------------------- */
int stage_check_la_review(const struct child_file *c, day_t date, const char *code, struct err *e)
{
    int i = stage_la_on(c, date);
    if (i < 0)
        return bad(e, "date", "The child was not looked after on %s: a looked-after review belongs "
                              "to a period of care", uk(date));
    const char *ls = c->la_episodes[i].ls;
    if (ls && (!strcmp(ls, "V3") || !strcmp(ls, "V4")))
        return bad(e, "date", "SSDA903 rule 399: reviews are not recorded for a child on short "
                              "breaks (legal status %s)", ls);
    for (size_t k = 0; k < c->n_la_reviews; k++)
        if (c->la_reviews[k].date == date)
            return bad(e, "date", "A review on %s is already recorded", uk(date));
    if (!code || !*code)
        return bad(e, "code", "Choose how the child took part in the review");
    if (!codes_ssda903_valid("reviews", "REVIEW_CODE", code, date_year_to_march(date)))
        return bad(e, "code", "SSDA903 rule 167: data entry for participation is invalid; choose from "
                              "the list");
    if (c->person.dob) {
        int age = date_age(c->person.dob, date);
        if (!strcmp(code, "PN0") && age >= 4)
            return bad(e, "code", "SSDA903 rule 440: PN0 is for a child under 4 at the review, and this "
                                  "child was %d", age);
        if (strcmp(code, "PN0") && age < 4)
            return bad(e, "code", "SSDA903 rule 441: the child was under 4 at the review: choose PN0");
    }
    return HE_OK;
}

int stage_check_visit(const struct child_file *c, const struct child_extra *x, day_t date,
                      struct err *e)
{
    if (stage_la_on(c, date) < 0)
        return bad(e, "date", "The child was not looked after on %s: a statutory visit is to a "
                              "looked-after child", uk(date));
    for (size_t k = 0; x && k < x->n_visits; k++)
        if (x->visits[k].date == date)
            return bad(e, "date", "A visit on %s is already recorded", uk(date));
    return HE_OK;
}

/* ---- missing episodes ----------------------------------------------------------------- */
int stage_check_missing(const struct child_file *c, day_t start, day_t end, const char *kind,
                        struct err *e)
{
    if (c->person.dob && start < c->person.dob)
        return bad(e, "start", "SSDA903 rule 586: a missing episode cannot start before the child "
                               "was born (%s)", uk(c->person.dob));
    if (stage_la_on(c, start) < 0)
        return bad(e, "start", "The child was not looked after on %s: SSDA903 rules 578 and 581, a "
                               "missing episode is recorded within a period of care", uk(start));
    if (end && end < start)
        return bad(e, "end", "The end date cannot be before the start date (%s): SSDA903 rule 567",
                   uk(start));
    for (size_t k = 0; k < c->n_missing; k++) {
        const struct missing_episode *m = &c->missing[k];
        if (!m->end)
            return bad(e, "start", "The child is recorded as missing since %s: SSDA903 rule 574, a "
                                   "new missing period cannot start while the last is open; record "
                                   "their return first", uk(m->start));
        if (start <= m->end && (end ? end : start) >= m->start)
            return bad(e, "start", "A missing episode from %s to %s overlaps these dates",
                       uk(m->start), uk(m->end));
    }
    if (!kind || !*kind)
        return bad(e, "kind", "Choose whether the child was missing or away without authorisation");
    if (!codes_ssda903_valid("missing", "MISSING", kind, date_year_to_march(start)))
        return bad(e, "kind", "SSDA903 rule 1006: missing type invalid; choose missing or away");
    return HE_OK;
}

int stage_check_return(const struct child_file *c, rec_id missing, day_t end, int offered,
                       day_t offered_date, int accepted, day_t interview, struct err *e)
{
    const struct missing_episode *m = NULL;
    for (size_t k = 0; k < c->n_missing; k++)
        if (c->missing_id[k] == missing)
            m = &c->missing[k];
    if (!m)
        return bad(e, "end", "This child has no such missing episode");
    if (!end)
        return bad(e, "end", "Enter the date the child came back");
    if (m->end && end != m->end)
        return bad(e, "end", "The return is already recorded on %s", uk(m->end));
    if (end < m->start)
        return bad(e, "end", "The return cannot be before the child went missing (%s): SSDA903 rule "
                             "567", uk(m->start));
    if (offered < 0) { /* only the return: the 72-hour clock keeps running */
        if (offered_date || accepted >= 0 || interview)
            return bad(e, "offered", "Say whether a return home interview was offered");
        return HE_OK;
    }
    if (!offered) {
        if (offered_date || interview)
            return bad(e, "offered_date", "Give the dates only when an interview was offered");
        return HE_OK;
    }
    if (!offered_date)
        return bad(e, "offered_date", "Enter the date the interview was offered");
    if (offered_date < end)
        return bad(e, "offered_date", "The interview cannot be offered before the child came back (%s)",
                   uk(end));
    if (accepted < 0)
        return bad(e, "accepted", "Say whether the child accepted the interview");
    if (accepted && interview && interview < offered_date)
        return bad(e, "interview", "The interview cannot be before it was offered (%s)", uk(offered_date));
    if (!accepted && interview)
        return bad(e, "interview", "Give an interview date only when the child accepted");
    return HE_OK;
}

/* ---- ceasing to be looked after, adoption, special guardianship ----------------------- */
static bool is_adopted(const char *rec) { return !strcmp(rec, "E11") || !strcmp(rec, "E12"); }
static bool is_sgo(const char *rec)
{
    return !strcmp(rec, "E45") || !strcmp(rec, "E46") || !strcmp(rec, "E47") || !strcmp(rec, "E48") ||
           !strcmp(rec, "E43") || !strcmp(rec, "E44");
}

int stage_check_cease(const struct child_file *c, day_t dec, const char *rec, struct err *e)
{
    if (!c->n_la_episodes || c->la_episodes[c->n_la_episodes - 1].dec)
        return bad(e, "date", "This child is not looked after now");
    const struct la_episode *l = &c->la_episodes[c->n_la_episodes - 1];
    if (dec < l->decom)
        return bad(e, "date", "The date the child stopped being looked after (DEC) cannot be before "
                              "the episode started (DECOM %s)", uk(l->decom));
    if (!rec || !*rec)
        return bad(e, "rec", "Choose why the child stopped being looked after: SSDA903 rule 148, DEC "
                             "and REC must both be given");
    if (!strcmp(rec, "X1") || !codes_ssda903_valid("episodes", "REC", rec, date_year_to_march(dec)))
        return bad(e, "rec", "SSDA903 rule 149: reason episode ceased code is not valid for %d to %d; "
                             "choose from the list", date_year_to_march(dec) - 1, date_year_to_march(dec));
    int age = c->person.dob ? date_age(c->person.dob, dec) : 0;
    if (is_adopted(rec)) {
        if (!l->place || strncmp(l->place, "A", 1) || l->place[1] < '3' || l->place[1] > '6')
            return bad(e, "rec", "SSDA903 rule 390: reason episode ceased is adopted (%s) but the child "
                                 "is not placed for adoption (placement %s, not A3 to A6)",
                       rec, l->place ? l->place : "not recorded");
        if (age >= 18)
            return bad(e, "rec", "SSDA903 rule 386: reason episode ceased is adopted but the child "
                                 "has reached 18");
    }
    if (is_sgo(rec) && age >= 18)
        return bad(e, "rec", "SSDA903 rule 407: reason episode ceased is a special guardianship "
                             "order, but the child has reached 18");
    if (!strcmp(rec, "E17") && c->person.dob && age < 18)
        return bad(e, "rec", "E17 is for a young person aged 18 or over; this child is %d", age);
    if (!strcmp(rec, "E14") && (!l->ls || l->ls[0] != 'J'))
        return bad(e, "rec", "E14 (remand ended) needs a remand legal status (J1 to J3); the legal "
                             "status is %s", l->ls ? l->ls : "not recorded");
    if (l->ls && !strcmp(l->ls, "L1") && dec - l->decom > 3)
        return bad(e, "date", "SSDA903 rule 361: police protection (L1) lasts at most 72 hours; it "
                              "started on %s", uk(l->decom));
    for (size_t k = 0; k < c->n_missing; k++)
        if (!c->missing[k].end)
            return bad(e, "date", "SSDA903 rule 577: the child is recorded as missing since %s; record "
                                  "their return first", uk(c->missing[k].start));
    return died_before(c, dec, e, "date", "");
}

int stage_check_adoption(const struct child_file *c, day_t decision, day_t match, struct err *e)
{
    if (!c->n_la_episodes)
        return bad(e, "decision", "This child has never been looked after: the adoption return "
                                  "covers looked-after children");
    size_t last = c->n_la_episodes - 1;
    day_t start = stage_period_start(c, last);
    if (c->person.dob && decision < c->person.dob)
        return bad(e, "decision", "SSDA903 rule 184: the decision cannot be before the child was born");
    if (decision < start)
        return bad(e, "decision", "The decision cannot be before the child started to be looked after "
                                  "in this period of care (DECOM %s): SSDA903 rules 334 and 1003",
                   uk(start));
    if (c->la_episodes[last].dec && decision > c->la_episodes[last].dec)
        return bad(e, "decision", "SSDA903 rule 117: the decision cannot be after the child stopped "
                                  "being looked after (%s)", uk(c->la_episodes[last].dec));
    for (size_t k = 0; k < c->n_placed_adoptions; k++)
        if (c->placed_adoptions[k].date_placed == decision)
            return bad(e, "decision", "A decision on %s is already recorded", uk(decision));
    if (match && match < decision)
        return bad(e, "match", "SSDA903 rule 333: the date the child should be placed for adoption "
                               "(%s) must be on or before the date of matching", uk(decision));
    return HE_OK;
}

/* ---- leaving care --------------------------------------------------------------------- */
int stage_check_pathway_plan(const struct child_file *c, const struct child_extra *x, day_t date,
                             struct err *e)
{
    bool cared = false;
    for (size_t k = 0; k < c->n_la_episodes; k++)
        cared |= c->la_episodes[k].decom <= date;
    if (!cared)
        return bad(e, "date", "A pathway plan is for a young person who is or was looked after; this "
                              "child was not looked after by %s", uk(date));
    if (!c->person.dob)
        return bad(e, "date", "The child's date of birth is not recorded: a pathway plan starts at 16");
    if (date_age(c->person.dob, date) < 16)
        return bad(e, "date", "A pathway plan is made from the 16th birthday (%s)",
                   uk(date_add_years(c->person.dob, 16)));
    for (size_t k = 0; x && k < x->n_pathway_plans; k++)
        if (x->pathway_plans[k].date == date)
            return bad(e, "date", "A pathway plan on %s is already recorded", uk(date));
    return HE_OK;
}

int stage_check_leaver_contact(const struct child_file *c, const struct child_extra *x, day_t date,
                               const char *in_touch, const char *activ, const char *accom,
                               struct err *e)
{
    if (!c->n_la_episodes || c->la_episodes[0].decom > date)
        return bad(e, "date", "SSDA903 rule 1002: this young person has no earlier episode of care, "
                              "so care leaver information is not recorded");
    if (stage_la_on(c, date) >= 0)
        return bad(e, "date", "SSDA903 rule 1007: the young person is still looked after on %s: "
                              "care leaver information is for those who have left care", uk(date));
    for (size_t k = 0; x && k < x->n_leaver_contacts; k++)
        if (x->leaver_contacts[k].date == date)
            return bad(e, "date", "A contact on %s is already recorded", uk(date));
    int y = date_year_to_march(date);
    if (!in_touch || !*in_touch)
        return bad(e, "in_touch", "Say whether the council is in touch with the young person");
    if (!codes_ssda903_valid("oc3", "IN_TOUCH", in_touch, y))
        return bad(e, "in_touch", "SSDA903 rule 131: data entry for being in touch is invalid");
    bool touch = !strcmp(in_touch, "YES");
    if (!activ || !*activ)
        return bad(e, "activ", "Choose the young person's main activity%s",
                   touch ? "" : " (0, not known, when not in touch)");
    if (!codes_ssda903_valid("oc3", "ACTIV", activ, y))
        return bad(e, "activ", "SSDA903 rule 132: data entry for activity is invalid for %d to %d",
                   y - 1, y);
    if (!accom || !*accom)
        return bad(e, "accom", "Choose the young person's accommodation%s",
                   touch ? "" : " (0, not known, when not in touch)");
    if (!codes_ssda903_valid("oc3", "ACCOM", accom, y))
        return bad(e, "accom", "SSDA903 rule 133: data entry for accommodation is invalid");
    if (touch && !strcmp(activ, "0"))
        return bad(e, "activ", "SSDA903 rule 345: the council is in touch, so the activity must be "
                               "known (not 0)");
    if (touch && !strcmp(accom, "0"))
        return bad(e, "accom", "SSDA903 rule 345: the council is in touch, so the accommodation must "
                               "be known (not 0)");
    if (!strcmp(in_touch, "DIED") && (strcmp(activ, "0") || strcmp(accom, "0")))
        return bad(e, "activ", "The young person has died: activity and accommodation are 0");
    return HE_OK;
}

/* ---- closing the episode of need ------------------------------------------------------ */
int stage_check_closure(const struct child_file *c, rec_id episode, day_t date, const char *reason,
                        struct err *e)
{
    int i = episode_index(c, episode);
    if (i < 0)
        return bad(e, "date", "This child has no such episode of need");
    const struct cin_episode *ep = &c->episodes[i];
    if (ep->closure_date)
        return bad(e, "date", "This episode of need already closed on %s", uk(ep->closure_date));
    if (date < ep->referral_date)
        return bad(e, "date", "CIN census rule 8630: the closure date cannot be before the referral "
                              "date (%s)", uk(ep->referral_date));
    if (!reason || !*reason)
        return bad(e, "reason", "Choose the reason for closure: CIN census rule 8805, a closure date "
                                "needs a reason for closure");
    if (!codes_cin_valid("reasonforclosuretype", reason, date_year_to_march(date)))
        return bad(e, "reason", "CIN census rule 8640: reason for closure code invalid for %d to %d",
                   date_year_to_march(date) - 1, date_year_to_march(date));
    bool after_assessment = !strcmp(reason, "RC8") || !strcmp(reason, "RC9");
    for (size_t k = 0; k < c->n_assessments; k++) {
        const struct assessment *a = &c->assessments[k];
        if (a->episode != episode)
            continue;
        if (a->start > date || (a->authorised && a->authorised > date))
            return bad(e, "date", "CIN census rule 8565: an assessment (started %s) shows activity after "
                                  "this closure date", uk(a->start));
        if (!a->authorised)
            return bad(e, "date", "CIN census rule 8867: the assessment started %s is not completed "
                                  "(no authorisation date); a manager authorises it first", uk(a->start));
    }
    for (size_t k = 0; k < c->n_s47s; k++) {
        const struct s47_enquiry *q = &c->s47s[k];
        if (q->episode != episode)
            continue;
        if (q->start > date || (q->icpc_date && q->icpc_date > date))
            return bad(e, "date", "CIN census rule 8565: a section 47 enquiry (started %s) shows "
                                  "activity after this closure date", uk(q->start));
        if (!q->icpc_date && q->icpc_not_required != 1)
            return bad(e, "date", "CIN census rule 8868: the section 47 enquiry started %s has no "
                                  "initial conference date and is not marked as not needing one",
                       uk(q->start));
        if (after_assessment)
            return bad(e, "reason", "CIN census rule 2990: %s means the case closed after assessment, "
                                    "yet a section 47 enquiry is recorded", reason);
    }
    for (size_t k = 0; k < c->n_cp_plans; k++) {
        const struct cp_plan *p = &c->cp_plans[k];
        if (p->episode != episode)
            continue;
        if (!p->end)
            return bad(e, "date", "The child protection plan started %s is still open: end the plan "
                                  "before closing the episode (CIN census rule 8565)", uk(p->start));
        if (p->end > date)
            return bad(e, "date", "CIN census rule 8565: the child protection plan ended on %s, after "
                                  "this closure date", uk(p->end));
        if (after_assessment)
            return bad(e, "reason", "CIN census rule 2990: %s means the case closed after assessment, "
                                    "yet a child protection plan is recorded", reason);
    }
    for (size_t k = 0; k < c->n_cin_plans; k++) {
        const struct cin_plan *q = &c->cin_plans[k];
        if (q->episode != episode)
            continue;
        if (!q->end)
            return bad(e, "date", "The child in need plan started %s is still open: end the plan "
                                  "before closing the episode (CIN census rule 8565)", uk(q->start));
        if (q->end > date)
            return bad(e, "date", "CIN census rule 8565: the child in need plan ended on %s, after "
                                  "this closure date", uk(q->end));
        if (after_assessment)
            return bad(e, "reason", "CIN census rule 2990: %s means the case closed after assessment, "
                                    "yet a child in need plan is recorded", reason);
    }
    if (!strcmp(reason, "RC2") && !c->person.death_date)
        return bad(e, "reason", "CIN census rule 8585Q: RC2 (died) needs the child's date of death "
                                "recorded first");
    return died_before(c, date, e, "date", "");
}

/* ---- the family network --------------------------------------------------------------- */
int stage_check_relationship(const struct child_file *c, const struct child_extra *x, rec_id relative,
                             const char *kind, struct err *e)
{
    if (!kind || !*kind)
        return bad(e, "kind", "Choose how they are related to the child");
    if (!stage_label(relationship_kinds, n_relationship_kinds, kind))
        return bad(e, "kind", "Choose how they are related to the child from the list");
    if (relative && relative == c->id)
        return bad(e, "relative", "A child cannot be their own relative");
    for (size_t k = 0; relative && x && k < x->n_relationships; k++)
        if (x->relationships[k].relative == relative)
            return bad(e, "relative", "This person is already in the child's family network");
    return HE_OK;
}

/* ---- what can apply to the child at all ---------------------------------------------------
 * The record page offers only these stages, and their forms refuse the others with the
 * same words. */
static bool looked_after_now(const struct child_file *c)
{
    return c->n_la_episodes && !c->la_episodes[c->n_la_episodes - 1].dec;
}

static bool open_episode_of_need(const struct child_file *c)
{
    for (size_t i = 0; i < c->n_episodes; i++)
        if (!c->episodes[i].closure_date)
            return true;
    return false;
}

const char *stage_looked_after_why_not(const struct child_file *c)
{
    if (looked_after_now(c) || open_episode_of_need(c))
        return NULL;
    return "A child becomes looked after within an open episode of need: record a contact "
           "and a referral first.";
}

const char *stage_adoption_why_not(const struct child_file *c, day_t today)
{
    if (!looked_after_now(c))
        return "An adoption decision is made for a child who is looked after now.";
    if (c->person.dob && date_age(c->person.dob, today) >= 16)
        return "An adoption decision is not offered for a young person of 16 or over: at 17 they "
               "are in the care leavers' return, which holds no adoption data (SSDA903 rule 134).";
    return NULL;
}

/* Days looked after from the 14th birthday (Children (Leaving Care) Act 2000: 13 weeks in
 * all after 14, some of it at 16 or over, makes a care leaver). */
const char *stage_leaver_why_not(const struct child_file *c, day_t today)
{
    if (!c->n_la_episodes)
        return "Care leaver contacts are for young people who were looked after.";
    if (looked_after_now(c))
        return "This young person is still looked after: record pathway plans and visits instead.";
    if (!c->person.dob)
        return "Care leaver contacts need the young person's date of birth.";
    int y, m, d;
    date_to_ymd(c->person.dob, &y, &m, &d);
    day_t at14 = date_from_ymd(y + 14, m, m == 2 && d == 29 ? 28 : d);
    day_t at16 = date_from_ymd(y + 16, m, m == 2 && d == 29 ? 28 : d);
    long days = 0;
    bool after16 = false;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *l = &c->la_episodes[i];
        day_t from = l->decom > at14 ? l->decom : at14, to = l->dec ? l->dec : today;
        if (to > from)
            days += to - from;
        after16 |= to > at16;
    }
    if (days < 91 || !after16)
        return "Care leaver contacts are for young people looked after for at least 13 weeks "
               "after their 14th birthday, some of it at 16 or over: this young person is not a "
               "care leaver.";
    return NULL;
}

/* Assessment factors (comma-separated DfE codes, already each valid): CIN census rule 8869,
 * "21" (no factors identified) stands alone. */
int stage_check_assessment_factors(const char *factors, struct err *e)
{
    int n = 0;
    bool none = false;
    for (const char *p = factors ? factors : ""; *p;) {
        size_t k = strcspn(p, ", ");
        if (k) {
            n++;
            none |= k == 2 && !strncmp(p, "21", 2);
        }
        p += k;
        p += strspn(p, ", ");
    }
    if (none && n > 1)
        return bad(e, "factors", "Factor 21 (no factors identified) cannot be given with any other factor "
                                 "(CIN census rule 8869)");
    return HE_OK;
}
