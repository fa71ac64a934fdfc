/* retention: the retention rule of each record kind and a child file's due date (see
 * retention.h). Rules as data: one table, so an authority whose schedule differs changes
 * one row. docs/retention.md gives the source of each. */
#include "retention.h"

#include <stdbool.h>
#include <string.h>

static const struct retention_rule rules[RK_COUNT] = {
    {RK_CONTACT, "contact", "Contact or early help only",
     "6 years from the last activity (Limitation Act 1980)"},
    {RK_CIN, "child_in_need", "Child in need",
     "until the 21st birthday (18 plus 3 years) or 3 years after the last activity, whichever is later"},
    {RK_CP, "child_protection", "Child protection",
     "35 years after the last activity"},
    {RK_LOOKED_AFTER, "looked_after", "Looked after child or care leaver",
     "until the 75th anniversary of birth; 15 years from death if the child died before 18 "
     "(Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50)"},
    {RK_ADOPTED, "adopted", "Adopted child",
     "100 years from the adoption order (Disclosure of Adoption Information (Post-Commencement "
     "Adoptions) Regulations 2005; Adoption Agencies Regulations 2005, reg. 42)"},
};

const struct retention_rule *retention_rule(enum retention_kind k)
{
    return k >= 0 && k < RK_COUNT ? &rules[k] : NULL;
}

static void later(day_t *d, day_t x)
{
    if (x != DAY_NONE && x > *d)
        *d = x;
}

static day_t last_activity(const struct child_file *c)
{
    day_t d = DAY_NONE;
    for (size_t i = 0; i < c->n_contacts; i++) {
        later(&d, c->contacts[i].date);
        later(&d, c->contacts[i].decision_date);
    }
    for (size_t i = 0; i < c->n_early_helps; i++) {
        later(&d, c->early_helps[i].start);
        later(&d, c->early_helps[i].end);
    }
    for (size_t i = 0; i < c->n_episodes; i++) {
        later(&d, c->episodes[i].referral_date);
        later(&d, c->episodes[i].closure_date);
    }
    for (size_t i = 0; i < c->n_assessments; i++) {
        later(&d, c->assessments[i].start);
        later(&d, c->assessments[i].authorised);
    }
    for (size_t i = 0; i < c->n_cin_plans; i++) {
        later(&d, c->cin_plans[i].start);
        later(&d, c->cin_plans[i].end);
    }
    for (size_t i = 0; i < c->n_s47s; i++) {
        later(&d, c->s47s[i].start);
        later(&d, c->s47s[i].icpc_date);
    }
    for (size_t i = 0; i < c->n_cp_plans; i++) {
        later(&d, c->cp_plans[i].start);
        later(&d, c->cp_plans[i].end);
    }
    for (size_t i = 0; i < c->n_cp_reviews; i++)
        later(&d, c->cp_reviews[i].date);
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        later(&d, c->la_episodes[i].decom);
        later(&d, c->la_episodes[i].dec);
    }
    for (size_t i = 0; i < c->n_la_reviews; i++)
        later(&d, c->la_reviews[i].date);
    for (size_t i = 0; i < c->n_missing; i++) {
        later(&d, c->missing[i].start);
        later(&d, c->missing[i].end);
    }
    for (size_t i = 0; i < c->n_adoptions; i++) {
        later(&d, c->adoptions[i].date_int);
        later(&d, c->adoptions[i].date_match);
    }
    for (size_t i = 0; i < c->n_placed_adoptions; i++) {
        later(&d, c->placed_adoptions[i].date_placed);
        later(&d, c->placed_adoptions[i].date_placed_ceased);
    }
    for (size_t i = 0; i < c->n_dolos; i++) {
        later(&d, c->dolos[i].start);
        later(&d, c->dolos[i].end);
    }
    for (size_t i = 0; i < c->n_sw_episodes; i++) {
        later(&d, c->sw_episodes[i].decom);
        later(&d, c->sw_episodes[i].dec);
    }
    for (size_t i = 0; i < c->n_care_leavers; i++) /* an OC3 row: the year's 31 March */
        later(&d, date_from_ymd(c->care_leavers[i].year, 3, 31));
    return d;
}

/* The adoption order: the end of a looked-after episode with reason E11 or E12. */
static day_t adoption_order(const struct child_file *c)
{
    day_t d = DAY_NONE;
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const char *rec = c->la_episodes[i].rec;
        if (rec && (!strcmp(rec, "E11") || !strcmp(rec, "E12")))
            later(&d, c->la_episodes[i].dec);
    }
    return d;
}

struct cand {
    enum retention_kind k;
    day_t from, due;
};

void retention_assess(const struct child_file *c, struct retention *r)
{
    memset(r, 0, sizeof *r);
    r->last_activity = last_activity(c);
    day_t dob = c->person.dob, death = c->person.death_date, order = adoption_order(c);
    struct cand cand[RK_COUNT];
    int n = 0;
    day_t act = r->last_activity;
    if (order != DAY_NONE) {
        cand[n++] = (struct cand){RK_ADOPTED, order, date_add_years(order, 100)};
    }
    if (c->n_la_episodes || c->n_care_leavers || c->n_adoptions || c->n_placed_adoptions) {
        bool died_young = death != DAY_NONE && dob != DAY_NONE && death < date_add_years(dob, 18);
        cand[n++] = died_young ? (struct cand){RK_LOOKED_AFTER, death, date_add_years(death, 15)}
                               : (struct cand){RK_LOOKED_AFTER, dob, date_add_years(dob, 75)};
    }
    if (c->n_s47s || c->n_cp_plans)
        cand[n++] = (struct cand){RK_CP, act, date_add_years(act, 35)};
    if (c->n_episodes) {
        day_t a = date_add_years(dob, 21), b = date_add_years(act, 3);
        cand[n++] = (struct cand){RK_CIN, a >= b ? dob : act, dob == DAY_NONE ? DAY_NONE : (a >= b ? a : b)};
    }
    if (!n)
        cand[n++] = (struct cand){RK_CONTACT, act, date_add_years(act, 6)};
    /* the rule that keeps the file longest governs; an unknown start keeps it for review */
    r->kind = cand[0].k;
    r->from = cand[0].from;
    r->due = cand[0].due;
    for (int i = 1; i < n; i++) {
        if (r->due == DAY_NONE)
            break;
        if (cand[i].due == DAY_NONE || cand[i].due > r->due) {
            r->kind = cand[i].k;
            r->from = cand[i].from;
            r->due = cand[i].due;
        }
    }
    if (r->from == DAY_NONE)
        r->due = DAY_NONE;
}

int64_t retention_access_log_cut(day_t as_of)
{
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    day_t cut = date_from_ymd(y - RETENTION_ACCESS_LOG_YEARS, m, d);
    if (cut == DAY_NONE) /* 29 February: the 28th */
        cut = date_from_ymd(y - RETENTION_ACCESS_LOG_YEARS, m, d - 1);
    return ((int64_t)cut - date_from_ymd(1970, 1, 1)) * 86400;
}
