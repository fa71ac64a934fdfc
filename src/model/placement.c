/* placement: carers' codes, placement cost and the OC2 row from health records (see
 * placement.h). */
#include "placement.h"

#include <stdio.h>
#include <string.h>

const struct stage_code carer_kinds[] = {
    {"FOSTER", "The authority's own foster carer"},
    {"IFA", "Independent fostering agency"},
    {"HOME", "Children's home"},
};
const int n_carer_kinds = sizeof carer_kinds / sizeof carer_kinds[0];

const struct stage_code health_kinds[] = {
    {"IHA", "Initial health assessment"},
    {"RHA", "Review health assessment"},
    {"DENTAL", "Dental check"},
    {"IMMUNISATIONS", "Immunisations checked"},
    {"DEVELOPMENT", "Development check (under 5)"},
    {"SDQ", "Strengths and difficulties questionnaire"},
    {"SUBSTANCE", "Substance misuse problem identified"},
    {"PEP", "Personal education plan"},
    {"PEP_REVIEW", "Personal education plan review"},
};
const int n_health_kinds = sizeof health_kinds / sizeof health_kinds[0];

const char *placement_provider(const char *kind)
{
    return kind && !strcmp(kind, "FOSTER") ? "PR1" : "PR4";
}

const char *placement_urn(const char *urn)
{
    return urn && *urn ? urn : "XXXXXXX";
}

int64_t placement_cost(int64_t weekly_cost, day_t start, day_t end, day_t from, day_t to)
{
    day_t a = start > from ? start : from;
    /* the day a placement ends is the next one's first day: count it once, there */
    day_t b = end ? end - 1 : to;
    if (b > to)
        b = to;
    if (b < a)
        return 0;
    return (weekly_cost * (int64_t)(b - a + 1) + 3) / 7;
}

static bool short_break(const char *ls)
{
    return ls && (!strcmp(ls, "V3") || !strcmp(ls, "V4"));
}

void placement_oc2(const struct child_file *c, const struct child_extra *x, int year, struct la_outcome *out,
                   char sdq[4], bool *in_cohort)
{
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    *in_cohort = false;
    memset(out, 0, sizeof *out);
    /* a run of joined episodes covering the 12 months to 31 March */
    for (size_t i = 0; i < c->n_la_episodes && !*in_cohort; i++) {
        if (c->la_episodes[i].decom > first || short_break(c->la_episodes[i].ls))
            continue;
        size_t k = i;
        while (c->la_episodes[k].dec && c->la_episodes[k].dec <= last && k + 1 < c->n_la_episodes &&
               c->la_episodes[k + 1].decom == c->la_episodes[k].dec && !short_break(c->la_episodes[k + 1].ls))
            k++;
        *in_cohort = !c->la_episodes[k].dec || c->la_episodes[k].dec > last;
    }
    if (!*in_cohort)
        return;
    out->person = c->id;
    out->year = year;
    /* what a return already said for the year stands unless hearth records better: a check
     * recorded here sets its field, and nothing recorded here unsets one */
    const struct la_outcome *was = NULL;
    for (size_t i = 0; i < c->n_la_outcomes; i++)
        if (c->la_outcomes[i].year == year)
            was = &c->la_outcomes[i];
    int age = c->person.dob ? date_age(c->person.dob, last) : -1;
    int assessed = 0, teeth = 0, immunised = -1, development = 0, substance = 0, score = -1;
    for (size_t k = 0; x && k < x->n_health; k++) {
        const struct health_record *h = &x->health[k];
        if (h->date < first || h->date > last)
            continue;
        if (!strcmp(h->kind, "IHA") || !strcmp(h->kind, "RHA"))
            assessed = 1;
        else if (!strcmp(h->kind, "DENTAL"))
            teeth = 1;
        else if (!strcmp(h->kind, "IMMUNISATIONS"))
            immunised = h->up_to_date == 1; /* the latest check of the year says */
        else if (!strcmp(h->kind, "DEVELOPMENT"))
            development = 1;
        else if (!strcmp(h->kind, "SUBSTANCE"))
            substance = 1;
        else if (!strcmp(h->kind, "SDQ") && h->sdq_score >= 0)
            score = h->sdq_score;
    }
    out->convicted = was ? was->convicted : -1;
    out->health_assessment = assessed || (was && was->health_assessment == 1);
    out->teeth_check = teeth || (was && was->teeth_check == 1);
    out->immunisations = immunised >= 0 ? immunised : was && was->immunisations == 1;
    out->substance_misuse = substance || (was && was->substance_misuse == 1);
    /* development checks are asked of children under 5 only */
    out->health_check = age >= 0 && age < 5 ? development || (was && was->health_check == 1) : -1;
    out->intervention_received = out->substance_misuse && was ? was->intervention_received : -1;
    out->intervention_offered = out->substance_misuse && was ? was->intervention_offered : -1;
    if (score >= 0) {
        snprintf(sdq, 4, "%u", (unsigned)score % 100u);
        out->sdq_score = sdq;
    } else if (was) {
        out->sdq_score = was->sdq_score;
        out->sdq_reason = was->sdq_reason;
    }
}

/* The placement types a carer or provider in the register gives (the others, with parents
 * or for adoption, are recorded on the looked-after form). */
const struct stage_code carer_places[] = {
    {"U1", "Foster care with a relative or friend, long term"},
    {"U2", "Foster care with a relative or friend, fostering for adoption"},
    {"U3", "Foster care with a relative or friend, other"},
    {"U4", "Foster care with another carer, long term"},
    {"U5", "Foster care with another carer, fostering for adoption"},
    {"U6", "Foster care with another carer, other"},
    {"K2", "Children's home"},
    {"K1", "Secure children's home"},
    {"R1", "Residential care home"},
    {"S1", "Residential school"},
};
const int n_carer_places = sizeof carer_places / sizeof carer_places[0];

const struct stage_code place_change_reasons[] = {
    {"CARPL", "Change to the care plan"},
    {"CHILD", "At the child's request"},
    {"CREQB", "Carer's request, because of the child's behaviour"},
    {"CREQO", "Carer's request, other reasons"},
    {"LAREQ", "The council's request (resources or quality)"},
    {"ALLEG", "Allegation (section 47 enquiry)"},
    {"STAND", "Standards of care concern"},
    {"APPRR", "Carer's approval removed"},
    {"CLOSE", "The home or agency closed"},
    {"PLACE", "The placement changed its registration"},
    {"CUSTOD", "Custody arrangement"},
    {"OTHER", "Other"},
};
const int n_place_change_reasons = sizeof place_change_reasons / sizeof place_change_reasons[0];

const struct stage_code legal_status_codes[] = {
    {"V2", "Accommodated under section 20 (single period)"},
    {"C1", "Interim care order"},
    {"C2", "Full care order"},
    {"E1", "Placement order granted"},
    {"L1", "Under police protection, in local authority accommodation"},
    {"L2", "Emergency protection order"},
    {"L3", "Child assessment order, with residence"},
    {"J1", "Remanded to local authority accommodation or youth detention"},
    {"J2", "Placed in local authority accommodation under PACE"},
    {"J3", "Sentenced to a youth rehabilitation order with residence"},
    {"D1", "Freeing order granted"},
};
const int n_legal_status_codes = sizeof legal_status_codes / sizeof legal_status_codes[0];

int64_t placement_parse_pounds(const char *s)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    if (!strncmp(s, "\xc2\xa3", 2)) /* a pound sign */
        s += 2;
    int64_t pounds = 0, pence = 0;
    int digits = 0, decimals = -1;
    for (; *s; s++) {
        if (*s == ',' && decimals < 0 && digits)
            continue;
        if (*s == '.' && decimals < 0 && digits) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9')
            break;
        if (decimals >= 0) {
            if (++decimals > 2)
                return -1;
            pence = pence * 10 + (*s - '0');
        } else if (++digits > 7) {
            return -1;
        } else {
            pounds = pounds * 10 + (*s - '0');
        }
    }
    while (*s == ' ')
        s++;
    if (*s || !digits || decimals == 0)
        return -1;
    if (decimals == 1)
        pence *= 10;
    return pounds * 100 + pence;
}
