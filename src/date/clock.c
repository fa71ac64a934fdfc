/* clock: the statutory timescales as data. Changing a limit, or adding a clock, is one line
 * of the table below (and docs/timescales.md, which it must match); the arithmetic is the
 * date module's, so a due date here is the same one every report and list shows. */
#include "clock.h"

#include <strings.h>

#define WT "Working Together to Safeguard Children 2023"
#define PF "Children (Private Arrangements for Fostering) Regulations 2005"
#define CPPCR "Care Planning, Placement and Case Review (England) Regulations 2010"

/* Indexed by enum clock_id; clock_get checks the order on every call so a misplaced row
 * cannot silently give one clock another's limit. */
static const struct clock_def clocks[CLOCK_COUNT] = {
    {CLOCK_THRESHOLD, "threshold", "Threshold decision", "contact received",
     "contact decision recorded", CLOCK_UNIT_WORKING_DAYS, 1, WT},
    {CLOCK_ASSESSMENT, "assessment", "Assessment",
     "referral (assessment start for the DfE measure)", "assessment authorised by a manager",
     CLOCK_UNIT_WORKING_DAYS, 45, WT},
    {CLOCK_ICPC, "icpc", "Initial child protection conference",
     "strategy discussion that started the section 47 enquiry", "conference held",
     CLOCK_UNIT_WORKING_DAYS, 15, WT},
    {CLOCK_CP_FIRST_REVIEW, "cp_first_review", "First child protection review conference",
     "initial child protection conference", "review held", CLOCK_UNIT_MONTHS, 3, WT},
    {CLOCK_CP_REVIEW, "cp_review", "Child protection review conference", "previous review",
     "review held", CLOCK_UNIT_MONTHS, 6, WT},
    {CLOCK_CORE_GROUP, "core_group", "First core group meeting",
     "initial child protection conference", "first core group held", CLOCK_UNIT_WORKING_DAYS, 10,
     WT},
    {CLOCK_LA_FIRST_REVIEW, "la_first_review", "First looked-after review", "becoming looked after",
     "review held", CLOCK_UNIT_WORKING_DAYS, 20, CPPCR},
    {CLOCK_LA_SECOND_REVIEW, "la_second_review", "Second looked-after review", "first review",
     "review held", CLOCK_UNIT_MONTHS, 3, CPPCR},
    {CLOCK_LA_REVIEW, "la_review", "Looked-after review", "previous review", "review held",
     CLOCK_UNIT_MONTHS, 6, CPPCR},
    {CLOCK_VISIT_NEW_PLACEMENT, "visit_new_placement", "Statutory visit, new placement",
     "placement start", "visit", CLOCK_UNIT_WEEKS, 1, CPPCR ", regulation 28"},
    {CLOCK_VISIT, "visit", "Statutory visit, first year of a placement", "previous visit", "visit",
     CLOCK_UNIT_WEEKS, 6, CPPCR ", regulation 28"},
    {CLOCK_VISIT_LONG_TERM, "visit_long_term", "Statutory visit, long-term placement agreed",
     "previous visit", "visit", CLOCK_UNIT_MONTHS, 3, CPPCR ", regulation 28"},
    {CLOCK_HEALTH_ASSESSMENT, "health_assessment", "Initial health assessment",
     "becoming looked after", "assessment", CLOCK_UNIT_WORKING_DAYS, 20,
     "Promoting the health and well-being of looked-after children (statutory guidance)"},
    /* 20 school days; hearth has no school calendars, so working days stand in */
    {CLOCK_PEP, "pep", "Personal education plan", "becoming looked after (school age)", "PEP",
     CLOCK_UNIT_WORKING_DAYS, 20,
     "Promoting the education of looked-after children (statutory guidance)"},
    {CLOCK_RETURN_INTERVIEW, "return_interview", "Return home interview", "missing episode ends",
     "interview offered", CLOCK_UNIT_HOURS, 72,
     "Children who run away or go missing from home or care (statutory guidance)"},
    {CLOCK_PATHWAY_PLAN, "pathway_plan", "Pathway plan", "16th birthday while looked after", "plan",
     CLOCK_UNIT_MONTHS, 3, "Children (Leaving Care) Act 2000 guidance"},
    {CLOCK_PATHWAY_REVIEW, "pathway_review", "Pathway plan review", "previous review", "review",
     CLOCK_UNIT_MONTHS, 6, "Children (Leaving Care) Act 2000 guidance"},
    {CLOCK_CARE_PROCEEDINGS, "care_proceedings", "Care proceedings", "application issued",
     "final order", CLOCK_UNIT_WEEKS, 26, "Children and Families Act 2014"},
    {CLOCK_PF_INITIAL_VISIT, "pf_initial_visit", "Private fostering: first visit", "notification received",
     "visit to the child and the carer's home", CLOCK_UNIT_WORKING_DAYS, 7, PF ", regulations 4 and 7"},
    /* the regulations set no time for the decision; 42 working days is the authorities'
     * procedures' (National Minimum Standards for Private Fostering 2005) */
    {CLOCK_PF_ASSESSMENT, "pf_assessment", "Private fostering: suitability decision", "notification received",
     "arrangement assessed suitable or not", CLOCK_UNIT_WORKING_DAYS, 42,
     "National Minimum Standards for Private Fostering 2005, as authorities' procedures apply them"},
    {CLOCK_PF_VISIT, "pf_visit", "Private fostering: visit in the first year", "previous visit", "visit",
     CLOCK_UNIT_WEEKS, 6, PF ", regulation 8(1)(a)"},
    {CLOCK_PF_VISIT_LATER, "pf_visit_later", "Private fostering: visit after the first year", "previous visit",
     "visit", CLOCK_UNIT_WEEKS, 12, PF ", regulation 8(1)(b)"},
};

const struct clock_def *clock_get(enum clock_id id)
{
    if ((int)id < 0 || id >= CLOCK_COUNT || clocks[id].id != id)
        return NULL;
    return &clocks[id];
}

const struct clock_def *clock_find(const char *key)
{
    if (!key)
        return NULL;
    /* enum names come from code and logs, keys from files: accept both */
    if (strncasecmp(key, "CLOCK_", 6) == 0)
        key += 6;
    for (int i = 0; i < CLOCK_COUNT; i++)
        if (strcasecmp(key, clocks[i].key) == 0)
            return clock_get((enum clock_id)i);
    return NULL;
}

day_t clock_due(enum clock_id id, day_t start)
{
    const struct clock_def *c = clock_get(id);
    if (!c || start == DAY_NONE)
        return DAY_NONE;
    switch (c->unit) {
    case CLOCK_UNIT_WORKING_DAYS:
        return date_add_working_days(start, c->limit);
    case CLOCK_UNIT_CALENDAR_DAYS:
        return start + c->limit;
    case CLOCK_UNIT_WEEKS:
        return start + 7 * c->limit;
    case CLOCK_UNIT_MONTHS:
        return date_add_months(start, c->limit);
    case CLOCK_UNIT_HOURS:
        /* only the date of the starting event is known, so the benefit of the doubt: any
         * part of a day counts as a whole one (72 hours = start + 3 days) */
        return start + (c->limit + 23) / 24;
    }
    return DAY_NONE;
}

enum clock_state clock_state(enum clock_id id, day_t start, day_t met, day_t today)
{
    day_t due = clock_due(id, start);
    if (met != DAY_NONE)
        return due == DAY_NONE || met <= due ? CLOCK_MET : CLOCK_MISSED;
    if (due == DAY_NONE || today == DAY_NONE)
        return CLOCK_OPEN;
    if (today > due)
        return CLOCK_OVERDUE;
    return date_working_days(today, due) <= CLOCK_DUE_SOON_DAYS ? CLOCK_DUE_SOON : CLOCK_OPEN;
}

const char *clock_state_name(enum clock_state s)
{
    switch (s) {
    case CLOCK_OPEN:
        return "open";
    case CLOCK_DUE_SOON:
        return "due soon";
    case CLOCK_OVERDUE:
        return "overdue";
    case CLOCK_MET:
        return "met";
    case CLOCK_MISSED:
        return "missed";
    }
    return "?";
}

const char *clock_unit_name(enum clock_unit u)
{
    switch (u) {
    case CLOCK_UNIT_WORKING_DAYS:
        return "working days";
    case CLOCK_UNIT_CALENDAR_DAYS:
        return "days";
    case CLOCK_UNIT_WEEKS:
        return "weeks";
    case CLOCK_UNIT_MONTHS:
        return "months";
    case CLOCK_UNIT_HOURS:
        return "hours";
    }
    return "?";
}
