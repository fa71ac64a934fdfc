/* measure/kpi: every measure of docs/kpis.md, computed from a struct facts. One linear
 * pass over each fact array (relying on the orders facts.h promises) fills a tally;
 * the measure table below then reads its figures from that tally, so the JSON, the
 * committee table and later the dashboard share one set of definitions. Never touches
 * the store or SQL. */
#include "kpi.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "date/clock.h"
#include "util/buf.h"

enum { CAT_N = 5, DUR_N = 5 };
enum { CL_17_18, CL_19_21, CL_N };
enum { PL_FOSTER, PL_ADOPTION, PL_HOMES, PL_RESIDENTIAL, PL_SCHOOLS, PL_SUPPORTED, PL_PARENTS,
       PL_OTHER, PL_N };

/* Everything the measures count, filled in one pass per fact array. */
struct tally {
    long long contacts;
    long long referrals, rereferrals, referrals_nfa, referrals_not_in_need, cin_started;
    long long assessments, assessments_45wd;
    long long s47_started, icpc, icpc_15wd;
    long long cp_started, cp_second, cp_at_end, cp_2y_at_end, cp_ceased, cp_ceased_2y;
    long long cp_category[CAT_N];
    long long cp_ceased_duration[DUR_N];
    long long cin_open;
    long long cla_at_end, cla_started, cla_ceased, cla_adopted, cla_sgo, cla_home, cla_adopted_5;
    long long cla_place[PL_N], cla_foster_pr1, cla_pr1;
    long long cla_missing, children_missing;
    long long oc3_suitable, oc3_known;
    /* looked after at the end: for 12 months, aged 16 or over, with three or more
     * placements in the period; long-term stability's cohort and those stable */
    long long cla_12m, cla_16plus, cla_3_placements, cla_stable_cohort, cla_stable;
    /* where children looked after at the end are placed, of those whose postcodes tell */
    long long cla_area_known, cla_in_area, cla_distance_known, cla_far, cla_both_known,
        cla_far_outside;
    long long adoptive_ended, adoptive_disrupted; /* placements for adoption that ended */
    /* OC3 rows of care leavers by age band (CL_17_18, CL_19_21): all, in suitable
     * accommodation, in education, employment or training, in touch */
    long long cl_rows[CL_N], cl_suitable[CL_N], cl_eet[CL_N], cl_in_touch[CL_N];
    /* children in need and child protection */
    long long cin_at_end, cin_disabled_at_end;
    long long cp_started_category[CAT_N];
    long long cp_review_due, cp_review_in_time;
    /* adoption timeliness: children and their days summed, from entering care to moving
     * in with the adoptive family (A1), from the court's authority to the match (A2), from
     * entering care to the match, from entering care to moving in adjusted for adoptions by
     * foster carers (A10) */
    long long adopt_entry_n, adopt_entry_days, adopt_match_n, adopt_match_days;
    long long adopt_entry_match_n, adopt_entry_match_days, adopt_adjusted_n, adopt_adjusted_days;
};

/* ---- the measures, in the order of kpis.md ------------------------------------------ */

enum section { SEC_FRONT, SEC_CP, SEC_CIN, SEC_CLA, SEC_LEAVERS, SEC_N };
static const char *const section_title[SEC_N] = {
    "Front door and referrals",
    "Assessments, section 47 and child protection",
    "Children in need",
    "Looked-after children",
    "Care leavers",
};

struct part_def {
    const char *key, *label;
};
/* Indexed as tally.cp_category. */
static const struct part_def cp_categories[CAT_N] = {
    {"NEG", "Neglect"},       {"PHY", "Physical abuse"},     {"EMO", "Emotional abuse"},
    {"SAB", "Sexual abuse"},  {"MUL", "Multiple categories"},
};
/* Indexed as tally.cp_ceased_duration: the DfE's bands for the length of plans that ended. */
static const struct part_def cp_durations[DUR_N] = {
    {"under_3m", "Under 3 months"}, {"3m_to_6m", "3 to 6 months"},
    {"6m_to_1y", "6 months to 1 year"}, {"1y_to_2y", "1 to 2 years"},
    {"2y_plus", "2 years or more"},
};
/* Indexed as tally.cla_place (PL_*). */
static const struct part_def placements[PL_N] = {
    {"foster", "Foster care"},
    {"placed_for_adoption", "Placed for adoption"},
    {"childrens_homes", "Children's homes"},
    {"residential_care", "Residential care"},
    {"residential_schools", "Residential schools"},
    {"supported_accommodation", "Supported accommodation"},
    {"with_parents", "Placed with parents"},
    {"other", "Other placements"},
};

typedef void compute_fn(const struct tally *t, struct measure *m);

struct measure_def {
    const char *id, *label;
    enum section section;
    enum measure_kind kind;
    compute_fn *compute;
    const struct part_def *parts; /* MK_SPLIT */
    int n_parts;
};

static void m_contacts(const struct tally *t, struct measure *m) { m->value = t->contacts; }
static void m_referrals(const struct tally *t, struct measure *m) { m->value = t->referrals; }
static void m_contact_conversion(const struct tally *t, struct measure *m)
{
    m->value = t->referrals;
    m->denominator = t->contacts;
}
static void m_rereferrals(const struct tally *t, struct measure *m)
{
    m->value = t->rereferrals;
    m->denominator = t->referrals;
}
static void m_referrals_nfa(const struct tally *t, struct measure *m)
{
    m->value = t->referrals_nfa;
    m->denominator = t->referrals;
}
/* The DfE's Referrals_AssessedNotNeed: referrals of the period, not NFA, whose episode closed
 * after assessment with the child not in need (RC8, or RC9 from the 2022-23 census) by the
 * period's last day, out of the period's referrals. By referral, not by closure: the DfE's
 * data set C1 puts not_in_need_count beside the year's referral_count; the census rules
 * (8825Q, 8873Q) treat RC8 and RC9 alike, both after an assessment, which a referral with no
 * further action never had. docs/kpis.md has the whole definition. */
static void m_referrals_not_in_need(const struct tally *t, struct measure *m)
{
    m->value = t->referrals_not_in_need;
    m->denominator = t->referrals;
}
static void m_cin_started(const struct tally *t, struct measure *m) { m->value = t->cin_started; }
static void m_assessments(const struct tally *t, struct measure *m) { m->value = t->assessments; }
static void m_assessments_45wd(const struct tally *t, struct measure *m)
{
    m->value = t->assessments_45wd;
    m->denominator = t->assessments;
}
static void m_s47(const struct tally *t, struct measure *m) { m->value = t->s47_started; }
static void m_icpc(const struct tally *t, struct measure *m) { m->value = t->icpc; }
static void m_icpc_15wd(const struct tally *t, struct measure *m)
{
    m->value = t->icpc_15wd;
    m->denominator = t->icpc;
}
static void m_cp_started(const struct tally *t, struct measure *m) { m->value = t->cp_started; }
static void m_cp_second(const struct tally *t, struct measure *m)
{
    m->value = t->cp_second;
    m->denominator = t->cp_started;
}
static void m_cp_at_end(const struct tally *t, struct measure *m) { m->value = t->cp_at_end; }
static void m_cp_2y_at_end(const struct tally *t, struct measure *m)
{
    m->value = t->cp_2y_at_end;
    m->denominator = t->cp_at_end;
}
static void m_cp_ceased(const struct tally *t, struct measure *m) { m->value = t->cp_ceased; }
static void m_cp_ceased_2y(const struct tally *t, struct measure *m)
{
    m->value = t->cp_ceased_2y;
    m->denominator = t->cp_ceased;
}
static void m_cp_by_category(const struct tally *t, struct measure *m)
{
    for (int i = 0; i < CAT_N; i++)
        m->parts[i].n = t->cp_category[i];
}
static void m_cp_by_duration(const struct tally *t, struct measure *m)
{
    for (int i = 0; i < DUR_N; i++)
        m->parts[i].n = t->cp_ceased_duration[i];
}
static void m_cin_open(const struct tally *t, struct measure *m) { m->value = t->cin_open; }
/* children in need and child protection */
static void m_cin_at_end(const struct tally *t, struct measure *m) { m->value = t->cin_at_end; }
static void m_cin_disabled(const struct tally *t, struct measure *m)
{
    m->value = t->cin_disabled_at_end;
    m->denominator = t->cin_at_end;
}
static void m_cp_started_by_category(const struct tally *t, struct measure *m)
{
    for (int i = 0; i < CAT_N; i++)
        m->parts[i].n = t->cp_started_category[i];
}
static void m_cp_reviews_in_time(const struct tally *t, struct measure *m)
{
    m->value = t->cp_review_in_time;
    m->denominator = t->cp_review_due;
}
static void m_cla_at_end(const struct tally *t, struct measure *m) { m->value = t->cla_at_end; }
static void m_cla_started(const struct tally *t, struct measure *m) { m->value = t->cla_started; }
static void m_cla_ceased(const struct tally *t, struct measure *m) { m->value = t->cla_ceased; }
static void m_cla_adopted(const struct tally *t, struct measure *m)
{
    m->value = t->cla_adopted;
    m->denominator = t->cla_ceased;
}
static void m_cla_sgo(const struct tally *t, struct measure *m)
{
    m->value = t->cla_sgo;
    m->denominator = t->cla_ceased;
}
static void m_cla_home(const struct tally *t, struct measure *m)
{
    m->value = t->cla_home;
    m->denominator = t->cla_ceased;
}
static void m_cla_adopted_5(const struct tally *t, struct measure *m)
{
    m->value = t->cla_adopted_5;
    m->denominator = t->cla_adopted;
}
static void m_cla_placement(const struct tally *t, struct measure *m)
{
    for (int i = 0; i < PL_N; i++)
        m->parts[i].n = t->cla_place[i];
}
static void m_cla_foster_pr1(const struct tally *t, struct measure *m)
{
    m->value = t->cla_foster_pr1;
    m->denominator = t->cla_place[PL_FOSTER];
}
static void m_cla_pr1(const struct tally *t, struct measure *m)
{
    m->value = t->cla_pr1;
    m->denominator = t->cla_at_end;
}
static void m_cla_missing(const struct tally *t, struct measure *m) { m->value = t->cla_missing; }
static void m_children_missing(const struct tally *t, struct measure *m)
{
    m->value = t->children_missing;
}
static void m_cla_12m(const struct tally *t, struct measure *m)
{
    m->value = t->cla_12m;
    m->denominator = t->cla_at_end;
}
static void m_cla_16plus(const struct tally *t, struct measure *m)
{
    m->value = t->cla_16plus;
    m->denominator = t->cla_at_end;
}
static void m_cla_3_placements(const struct tally *t, struct measure *m)
{
    m->value = t->cla_3_placements;
    m->denominator = t->cla_at_end;
}
static void m_cla_stable(const struct tally *t, struct measure *m)
{
    m->value = t->cla_stable;
    m->denominator = t->cla_stable_cohort;
}
#define CARE_LEAVERS(name, band, field)                                 \
    static void name(const struct tally *t, struct measure *m)         \
    {                                                                  \
        m->value = t->field[band];                                     \
        m->denominator = t->cl_rows[band];                             \
    }
CARE_LEAVERS(m_cl_17_accom, CL_17_18, cl_suitable)
CARE_LEAVERS(m_cl_17_eet, CL_17_18, cl_eet)
CARE_LEAVERS(m_cl_17_touch, CL_17_18, cl_in_touch)
CARE_LEAVERS(m_cl_19_accom, CL_19_21, cl_suitable)
CARE_LEAVERS(m_cl_19_eet, CL_19_21, cl_eet)
CARE_LEAVERS(m_cl_19_touch, CL_19_21, cl_in_touch)
#undef CARE_LEAVERS
static void m_cla_in_area(const struct tally *t, struct measure *m)
{
    m->value = t->cla_in_area;
    m->denominator = t->cla_area_known;
}
static void m_cla_far(const struct tally *t, struct measure *m)
{
    m->value = t->cla_far;
    m->denominator = t->cla_distance_known;
}
static void m_cla_far_outside(const struct tally *t, struct measure *m)
{
    m->value = t->cla_far_outside;
    m->denominator = t->cla_both_known;
}
static void m_cla_location_unknown(const struct tally *t, struct measure *m)
{
    m->value = t->cla_at_end - t->cla_both_known;
}
static void m_adoption_disrupted(const struct tally *t, struct measure *m)
{
    m->value = t->adoptive_disrupted;
    m->denominator = t->adoptive_ended;
}
static void m_adopt_entry(const struct tally *t, struct measure *m)
{
    m->value = t->adopt_entry_days;
    m->denominator = t->adopt_entry_n;
}
static void m_adopt_match(const struct tally *t, struct measure *m)
{
    m->value = t->adopt_match_days;
    m->denominator = t->adopt_match_n;
}
static void m_adopt_entry_match(const struct tally *t, struct measure *m)
{
    m->value = t->adopt_entry_match_days;
    m->denominator = t->adopt_entry_match_n;
}
static void m_adopt_adjusted(const struct tally *t, struct measure *m)
{
    m->value = t->adopt_adjusted_days;
    m->denominator = t->adopt_adjusted_n;
}
static void m_care_leavers(const struct tally *t, struct measure *m)
{
    m->value = t->oc3_suitable;
    m->denominator = t->oc3_known;
}

#define SPLIT(parts) parts, (int)(sizeof parts / sizeof parts[0])
static const struct measure_def defs[] = {
    {"contacts", "Contacts", SEC_FRONT, MK_COUNT, m_contacts, NULL, 0},
    {"referrals", "Referrals", SEC_FRONT, MK_RATE, m_referrals, NULL, 0},
    {"contact_conversion", "Contacts converted into referrals", SEC_FRONT, MK_PROPORTION,
     m_contact_conversion, NULL, 0},
    {"rereferrals_12m", "Re-referrals within 12 months of a previous referral", SEC_FRONT,
     MK_PROPORTION, m_rereferrals, NULL, 0},
    {"referrals_nfa", "Referrals with no further action", SEC_FRONT, MK_PROPORTION,
     m_referrals_nfa, NULL, 0},
    {"referrals_assessed_not_in_need", "Referrals assessed and found not to be in need",
     SEC_FRONT, MK_PROPORTION, m_referrals_not_in_need, NULL, 0},
    {"cin_episodes_started", "Children in need episodes started", SEC_FRONT, MK_RATE,
     m_cin_started, NULL, 0},

    {"assessments_completed", "Assessments completed", SEC_CP, MK_RATE, m_assessments, NULL, 0},
    {"assessments_within_45wd", "Assessments completed within 45 working days", SEC_CP,
     MK_PROPORTION, m_assessments_45wd, NULL, 0},
    {"s47_started", "Section 47 enquiries started", SEC_CP, MK_RATE, m_s47, NULL, 0},
    {"icpc_held", "Initial child protection conferences held", SEC_CP, MK_COUNT, m_icpc, NULL, 0},
    {"icpc_within_15wd", "Initial conferences within 15 working days of the strategy discussion",
     SEC_CP, MK_PROPORTION, m_icpc_15wd, NULL, 0},
    {"cp_plans_started", "Child protection plans started", SEC_CP, MK_RATE, m_cp_started, NULL, 0},
    {"cp_plans_second_or_later", "Plans started for a child who had been on a plan before",
     SEC_CP, MK_PROPORTION, m_cp_second, NULL, 0},
    {"cp_children_at_end", "Children on a child protection plan at the end", SEC_CP, MK_RATE,
     m_cp_at_end, NULL, 0},
    {"cp_open_2y_at_end", "Children on a plan for two years or more at the end", SEC_CP,
     MK_PROPORTION, m_cp_2y_at_end, NULL, 0},
    {"cp_plans_ceased", "Child protection plans ended", SEC_CP, MK_COUNT, m_cp_ceased, NULL, 0},
    {"cp_ceased_2y", "Plans ended that had lasted two years or more", SEC_CP, MK_PROPORTION,
     m_cp_ceased_2y, NULL, 0},
    {"cp_at_end_by_category", "Children on a plan at the end, by category of abuse", SEC_CP,
     MK_SPLIT, m_cp_by_category, SPLIT(cp_categories)},
    {"cp_ceased_by_duration", "Plans ended, by how long they had lasted", SEC_CP, MK_SPLIT,
     m_cp_by_duration, SPLIT(cp_durations)},
    /* children in need and child protection */
    {"cp_started_by_category", "Plans started, by initial category of abuse", SEC_CP, MK_SPLIT,
     m_cp_started_by_category, SPLIT(cp_categories)},
    {"cp_reviews_in_time", "Plans of 3 months or more with every review on time", SEC_CP,
     MK_PROPORTION, m_cp_reviews_in_time, NULL, 0},

    {"cin_open_at_end", "Children in need at the end (not on a plan, not looked after)", SEC_CIN,
     MK_RATE, m_cin_open, NULL, 0},
    /* children in need and child protection */
    {"cin_at_end", "Children in need at the end (including those on a plan or looked after)",
     SEC_CIN, MK_RATE, m_cin_at_end, NULL, 0},
    {"cin_disabled_at_end", "Children in need at the end with a disability", SEC_CIN,
     MK_PROPORTION, m_cin_disabled, NULL, 0},

    {"cla_at_end", "Children looked after at the end", SEC_CLA, MK_RATE, m_cla_at_end, NULL, 0},
    {"cla_started", "Started to be looked after", SEC_CLA, MK_RATE, m_cla_started,
     NULL, 0},
    {"cla_ceased", "Ceased to be looked after", SEC_CLA, MK_COUNT, m_cla_ceased,
     NULL, 0},
    {"cla_ceased_adopted", "Ceased to be looked after: adopted", SEC_CLA, MK_PROPORTION,
     m_cla_adopted, NULL, 0},
    {"cla_ceased_sgo", "Ceased to be looked after: special guardianship order", SEC_CLA,
     MK_PROPORTION, m_cla_sgo, NULL, 0},
    {"cla_ceased_returned_home", "Ceased to be looked after: returned home to parents", SEC_CLA,
     MK_PROPORTION, m_cla_home, NULL, 0},
    {"cla_adopted_aged_5plus", "Adopted children aged 5 or over when care ended", SEC_CLA,
     MK_PROPORTION, m_cla_adopted_5, NULL, 0},
    {"cla_placement_at_end", "Children looked after at the end, by placement", SEC_CLA, MK_SPLIT,
     m_cla_placement, SPLIT(placements)},
    {"cla_foster_own_provision", "Foster placements with the council's own foster carers",
     SEC_CLA, MK_PROPORTION, m_cla_foster_pr1, NULL, 0},
    {"cla_own_provision", "Children looked after in the council's own provision", SEC_CLA,
     MK_PROPORTION, m_cla_pr1, NULL, 0},
    {"cla_missing_children", "Looked-after children who went missing", SEC_CLA, MK_COUNT,
     m_cla_missing, NULL, 0},
    {"children_missing", "Children who went missing (looked after or not)", SEC_CLA, MK_COUNT,
     m_children_missing, NULL, 0},
    {"cla_12m_at_end", "Looked after at the end for 12 months or more", SEC_CLA, MK_PROPORTION,
     m_cla_12m, NULL, 0},
    {"cla_16plus_at_end", "Looked after at the end aged 16 or over", SEC_CLA, MK_PROPORTION,
     m_cla_16plus, NULL, 0},
    {"cla_3plus_placements", "Looked after at the end with three or more placements in the period",
     SEC_CLA, MK_PROPORTION, m_cla_3_placements, NULL, 0},
    {"cla_long_term_stable_at_end", "Under 16 and looked after 2.5 years: in the same placement 2 years",
     SEC_CLA, MK_PROPORTION, m_cla_stable, NULL, 0},
    {"cla_placed_in_area_at_end", "Looked after at the end placed inside the council's area", SEC_CLA,
     MK_PROPORTION, m_cla_in_area, NULL, 0},
    {"cla_placed_over_20_miles_at_end", "Looked after at the end placed more than 20 miles from home",
     SEC_CLA, MK_PROPORTION, m_cla_far, NULL, 0},
    {"cla_placed_over_20_miles_outside_at_end", "Placed more than 20 miles from home, outside the area",
     SEC_CLA, MK_PROPORTION, m_cla_far_outside, NULL, 0},
    {"cla_placement_location_unknown_at_end", "Looked after at the end, placement location not known",
     SEC_CLA, MK_COUNT, m_cla_location_unknown, NULL, 0},
    {"adoption_placements_disrupted", "Placements for adoption that ended without an adoption",
     SEC_CLA, MK_PROPORTION, m_adoption_disrupted, NULL, 0},
    {"adoption_entry_to_placed_days", "Average days from entering care to moving in with the "
     "adoptive family (adopted children)", SEC_CLA, MK_AVERAGE, m_adopt_entry, NULL, 0},
    {"adoption_authority_to_match_days", "Average days from the court's authority to place to "
     "the match with adopters (adopted children)", SEC_CLA, MK_AVERAGE, m_adopt_match, NULL, 0},
    {"adoption_entry_to_match_days", "Average days from entering care to the match with "
     "adopters (adopted children)", SEC_CLA, MK_AVERAGE, m_adopt_entry_match, NULL, 0},
    {"adoption_entry_to_placed_adjusted_days", "Average days from entering care to moving in "
     "with the adoptive family adjusted for adoptions by foster carers (adopted children)",
     SEC_CLA, MK_AVERAGE, m_adopt_adjusted, NULL, 0},

    {"care_leavers_suitable_accom", "Care leavers in suitable accommodation", SEC_LEAVERS,
     MK_PROPORTION, m_care_leavers, NULL, 0},
    {"care_leavers_17_18_suitable_accom", "Care leavers aged 17-18 in suitable accommodation",
     SEC_LEAVERS, MK_PROPORTION, m_cl_17_accom, NULL, 0},
    {"care_leavers_17_18_eet", "Care leavers aged 17-18 in education, employment or training",
     SEC_LEAVERS, MK_PROPORTION, m_cl_17_eet, NULL, 0},
    {"care_leavers_17_18_in_touch", "Care leavers aged 17-18 the council is in touch with",
     SEC_LEAVERS, MK_PROPORTION, m_cl_17_touch, NULL, 0},
    {"care_leavers_19_21_suitable_accom", "Care leavers aged 19-21 in suitable accommodation",
     SEC_LEAVERS, MK_PROPORTION, m_cl_19_accom, NULL, 0},
    {"care_leavers_19_21_eet", "Care leavers aged 19-21 in education, employment or training",
     SEC_LEAVERS, MK_PROPORTION, m_cl_19_eet, NULL, 0},
    {"care_leavers_19_21_in_touch", "Care leavers aged 19-21 the council is in touch with",
     SEC_LEAVERS, MK_PROPORTION, m_cl_19_touch, NULL, 0},
};
#undef SPLIT
#define N_DEFS ((int)(sizeof defs / sizeof defs[0]))
_Static_assert(sizeof defs / sizeof defs[0] <= KPI_MAX, "raise KPI_MAX");

/* ---- code lists ---------------------------------------------------------------------- */

static const struct {
    char code[4];
    int group;
} place_groups[] = {
    {"U1", PL_FOSTER},   {"U2", PL_FOSTER},      {"U3", PL_FOSTER},      {"U4", PL_FOSTER},
    {"U5", PL_FOSTER},   {"U6", PL_FOSTER},      {"A3", PL_ADOPTION},    {"A4", PL_ADOPTION},
    {"A5", PL_ADOPTION}, {"A6", PL_ADOPTION},    {"K1", PL_HOMES},       {"K2", PL_HOMES},
    {"R1", PL_RESIDENTIAL}, {"S1", PL_SCHOOLS},  {"H5", PL_SUPPORTED},   {"K3", PL_SUPPORTED},
    {"P1", PL_PARENTS},
};

static int placement_group(const char *place)
{
    for (size_t i = 0; i < sizeof place_groups / sizeof place_groups[0]; i++)
        if (!strcmp(place, place_groups[i].code))
            return place_groups[i].group;
    return PL_OTHER;
}

static bool code_in(const char *code, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(code, *list))
            return true;
    return false;
}

static const char *const rec_adopted[] = {"E11", "E12", NULL};
static const char *const rec_sgo[] = {"E43", "E44", "E45", "E46", "E47", "E48", NULL};
static const char *const rec_home[] = {"E4A", "E4B", NULL};
static const char *const adoptive[] = {"A3", "A4", "A5", "A6", NULL}; /* placed for adoption */

/* ---- the passes ---------------------------------------------------------------------- */

static bool in_period(const struct facts *f, day_t d)
{
    return d != DAY_NONE && d >= f->from && d <= f->to;
}

static bool episode_open_on(const struct fact_la_episode *ep, day_t day)
{
    return ep->decom != DAY_NONE && ep->decom <= day && (ep->dec == DAY_NONE || ep->dec > day);
}

static bool plan_open_on(const struct fact_cp_plan *p, day_t day)
{
    return p->start != DAY_NONE && p->start <= day && (p->end == DAY_NONE || p->end > day);
}

/* The passes trust facts.h's orders; a store that broke one would give silently wrong
 * figures, so each pass checks the order it relies on and refuses instead. */
static int out_of_order(struct err *e, const char *what)
{
    return err_set(e, HE_INTERNAL, "facts: %s are not in the order facts.h promises", what);
}

/* Is `earlier` on or after the same calendar day twelve months before `day`? That day
 * is always 365 or 366 days back, so the calendar is consulted only in between. */
static bool within_12_months(day_t earlier, day_t day)
{
    if (earlier >= day - 365)
        return true;
    if (earlier < day - 366)
        return false;
    return earlier >= date_add_months(day, -12);
}

static int tally_referrals(const struct facts *f, struct tally *t, struct err *e)
{
    int64_t child = 0;
    day_t cur = DAY_NONE, prev = DAY_NONE; /* this child's latest date, and the one before */
    for (size_t i = 0; i < f->n_referrals; i++) {
        const struct fact_referral *r = &f->referrals[i];
        if (i == 0 || r->child != child) {
            if (i > 0 && r->child < child)
                return out_of_order(e, "referrals");
            child = r->child;
            cur = prev = DAY_NONE;
        }
        if (r->date < cur)
            return out_of_order(e, "referrals");
        /* referrals on the same day are not "strictly before" one another */
        if (r->date != cur) {
            prev = cur;
            cur = r->date;
        }
        if (!in_period(f, r->date))
            continue;
        t->referrals++;
        if (r->nfa == 1)
            t->referrals_nfa++;
        else
            t->cin_started++;
        /* assessed (a referral with no further action was not) and closed so by the
         * period's last day: the store reads closures up to its own last day, which in a
         * trend is past the month's, and a month must not count what was not yet known at
         * its end (a month of a trend is that month asked alone) */
        if (r->nfa != 1 && r->not_in_need != DAY_NONE && r->not_in_need <= f->to)
            t->referrals_not_in_need++;
        if (prev != DAY_NONE && within_12_months(prev, r->date))
            t->rereferrals++;
    }
    return HE_OK;
}

/* Working days counted from a running total over the days around the period, so that
 * hundreds of thousands of timescales cost a subtraction each; dates outside it (an
 * assessment begun long before) fall back to the calendar. */
struct workdays {
    day_t first;
    size_t n;
    int *upto; /* upto[i]: working days after `first` up to and including first + i */
};

static void workdays_init(struct workdays *w, day_t first, day_t last)
{
    w->first = first;
    w->n = (size_t)(last - first) + 1;
    w->upto = xmalloc(w->n * sizeof *w->upto);
    w->upto[0] = 0;
    for (size_t i = 1; i < w->n; i++)
        w->upto[i] = w->upto[i - 1] + date_is_working_day(first + (day_t)i);
}

static int workdays_between(const struct workdays *w, day_t a, day_t b)
{
    if (a < w->first || b < w->first || (size_t)(a - w->first) >= w->n ||
        (size_t)(b - w->first) >= w->n)
        return date_working_days(a, b);
    return w->upto[b - w->first] - w->upto[a - w->first];
}

static void tally_assessments(const struct facts *f, const struct workdays *w, struct tally *t)
{
    for (size_t i = 0; i < f->n_assessments; i++) {
        const struct fact_assessment *a = &f->assessments[i];
        if (!in_period(f, a->authorised))
            continue;
        t->assessments++;
        if (a->start != DAY_NONE && workdays_between(w, a->start, a->authorised) <= 45)
            t->assessments_45wd++;
    }
}

static void tally_s47(const struct facts *f, const struct workdays *w, struct tally *t)
{
    for (size_t i = 0; i < f->n_s47; i++) {
        const struct fact_s47 *s = &f->s47[i];
        if (in_period(f, s->start))
            t->s47_started++;
        if (in_period(f, s->icpc_date)) {
            t->icpc++;
            if (s->start != DAY_NONE && workdays_between(w, s->start, s->icpc_date) <= 15)
                t->icpc_15wd++;
        }
    }
}

/* Is review r before the plan (child, start), or before a review (child, start, date)? */
static bool review_before(const struct fact_cp_review *r, int64_t child, day_t start, day_t date)
{
    if (r->child != child)
        return r->child < child;
    if (r->plan_start != start)
        return r->plan_start < start;
    return r->date < date;
}

/* The DfE's reviews within timescale: a plan open at the end that had lasted 3 months by
 * then, or one ended in the period that had lasted 3 months, is counted; it is on time when
 * each review it was due up to the end (or its own end) was held by its clock's due day:
 * the first CLOCK_CP_FIRST_REVIEW from the start, each later one CLOCK_CP_REVIEW from the
 * review before. A due day before the first return holding the plan's episode is not
 * judged (docs/timescales.md, "Imported history"); the review after it restarts the clock.
 * *cursor walks f->cp_reviews beside the plans (both by child, then plan start). */
static void cp_plan_reviews(const struct facts *f, struct tally *t, const struct fact_cp_plan *p,
                            size_t *cursor)
{
    while (*cursor < f->n_cp_reviews &&
           review_before(&f->cp_reviews[*cursor], p->child, p->start, DAY_NONE))
        (*cursor)++;
    day_t stop;
    if (plan_open_on(p, f->to))
        stop = f->to;
    else if (in_period(f, p->end))
        stop = p->end;
    else
        return;
    if (stop < date_add_months(p->start, 3))
        return;
    t->cp_review_due++;
    day_t due = clock_due(CLOCK_CP_FIRST_REVIEW, p->start);
    for (size_t r = *cursor; r < f->n_cp_reviews && f->cp_reviews[r].child == p->child &&
                            f->cp_reviews[r].plan_start == p->start; r++) {
        day_t held = f->cp_reviews[r].date;
        if (held < p->start || held > stop)
            continue;
        if (held > due && due >= p->returns_from)
            return;
        due = clock_due(CLOCK_CP_REVIEW, held);
    }
    if (due < stop && due >= p->returns_from)
        return;
    t->cp_review_in_time++;
}

/* Fills onplan (ascending, distinct) with the children on a plan at the end. */
static int tally_cp(const struct facts *f, struct tally *t, int64_t *onplan, size_t *n_onplan,
                    struct err *e)
{
    day_t two_years_before_end = date_add_years(f->to, -2);
    size_t i = 0, n = 0, review = 0;
    for (size_t r = 1; r < f->n_cp_reviews; r++)
        if (review_before(&f->cp_reviews[r], f->cp_reviews[r - 1].child,
                          f->cp_reviews[r - 1].plan_start, f->cp_reviews[r - 1].date))
            return out_of_order(e, "child protection reviews");
    while (i < f->n_cp_plans) {
        int64_t child = f->cp_plans[i].child;
        day_t first_start = f->cp_plans[i].start;
        day_t prev_start = first_start;
        const struct fact_cp_plan *current = NULL; /* the latest plan open at the end */
        for (; i < f->n_cp_plans && f->cp_plans[i].child == child; i++) {
            const struct fact_cp_plan *p = &f->cp_plans[i];
            if (p->start < prev_start)
                return out_of_order(e, "child protection plans");
            prev_start = p->start;
            cp_plan_reviews(f, t, p, &review);
            if (in_period(f, p->start)) {
                for (int c = 0; c < CAT_N; c++)
                    if (!strcmp(p->initial_category, cp_categories[c].key))
                        t->cp_started_category[c]++;
                t->cp_started++;
                if (p->start > first_start || p->previous_plans > 0)
                    t->cp_second++;
            }
            if (in_period(f, p->end)) {
                t->cp_ceased++;
                if (p->end >= date_add_years(p->start, 2))
                    t->cp_ceased_2y++;
                /* the band of the first of start + 3, 6, 12, 24 months that the end falls
                 * before (the end on that day is in the next band) */
                static const int band_months[DUR_N - 1] = {3, 6, 12, 24};
                int band = 0;
                while (band < DUR_N - 1 && p->end >= date_add_months(p->start, band_months[band]))
                    band++;
                t->cp_ceased_duration[band]++;
            }
            if (plan_open_on(p, f->to))
                current = p;
        }
        if (i < f->n_cp_plans && f->cp_plans[i].child < child)
            return out_of_order(e, "child protection plans");
        if (!current)
            continue;
        t->cp_at_end++;
        if (current->start <= two_years_before_end)
            t->cp_2y_at_end++;
        for (int c = 0; c < CAT_N; c++)
            if (!strcmp(current->latest_category, cp_categories[c].key))
                t->cp_category[c]++;
        onplan[n++] = child;
    }
    *n_onplan = n;
    return HE_OK;
}

static bool short_break(const struct fact_la_episode *ep)
{
    return !strcmp(ep->ls, "V3") || !strcmp(ep->ls, "V4");
}

/* Does ep take over, the same day, from prev ended X1 (the same period of care)? */
static bool joined(const struct fact_la_episode *prev, const struct fact_la_episode *ep)
{
    return !strcmp(prev->rec, "X1") && prev->dec == ep->decom;
}

/* An episode that starts a placement: the first of a period of care (S) or a change of
 * placement (P, B, T, U); L changes the legal status alone. */
static bool starts_placement(const struct fact_la_episode *ep)
{
    return ep->rne[0] && strchr("SPBTU", ep->rne[0]);
}

/* The first day of the run of joined episodes, short breaks left out, that ends with
 * eps[cur] (eps[0..cur] one child's, by DECOM); DAY_NONE when eps[cur] is a short break. */
static day_t care_since(const struct fact_la_episode *eps, size_t cur)
{
    if (short_break(&eps[cur]))
        return DAY_NONE;
    size_t k = cur;
    while (k > 0 && joined(&eps[k - 1], &eps[k]) && !short_break(&eps[k - 1]))
        k--;
    return eps[k].decom;
}

/* The index of the episode that began the placement eps[cur] is in: back through joined
 * episodes that changed the legal status alone. */
static size_t placement_began(const struct fact_la_episode *eps, size_t cur)
{
    size_t k = cur;
    while (k > 0 && joined(&eps[k - 1], &eps[k]) && !starts_placement(&eps[k]))
        k--;
    return k;
}

/* The stability measures of a child looked after at the end: eps[0..n) the child's
 * episodes by DECOM up to eps[cur], the one open at the end. */
static void tally_stability(const struct facts *f, const struct fact_la_episode *eps, size_t cur,
                            struct tally *t)
{
    const struct fact_la_episode *c = &eps[cur];
    day_t since = care_since(eps, cur);
    /* looked after on every day of the 12 months ending at the end */
    if (since != DAY_NONE && since <= date_add_months(f->to, -12) + 1)
        t->cla_12m++;
    if (c->dob != DAY_NONE && date_age(c->dob, f->to) >= 16)
        t->cla_16plus++;
    /* placements in the period: the one held when it began (or on coming into care in
     * it), and each episode after that beginning a placement */
    int moves = 0;
    for (size_t k = 0; k <= cur; k++) {
        const struct fact_la_episode *ep = &eps[k];
        if (ep->dec != DAY_NONE && ep->dec <= f->from) /* not open on any day of it */
            continue;
        if (moves == 0 || (ep->decom >= f->from && starts_placement(ep)))
            moves++;
    }
    if (moves >= 3)
        t->cla_3_placements++;
    /* long-term stability: under 16 and looked after for the two and a half years to the
     * end; in the same placement for the two years to the end, or placed for adoption
     * where that placement and the one before it together cover them */
    if (c->dob == DAY_NONE || date_age(c->dob, f->to) >= 16 || since == DAY_NONE ||
        since > date_add_months(f->to, -30) + 1)
        return;
    t->cla_stable_cohort++;
    day_t two_years = date_add_years(f->to, -2) + 1;
    size_t began = placement_began(eps, cur);
    day_t placed = eps[began].decom;
    if (placed > two_years && code_in(c->place, adoptive) && began > 0 &&
        joined(&eps[began - 1], &eps[began]))
        placed = eps[placement_began(eps, began - 1)].decom;
    if (placed <= two_years)
        t->cla_stable++;
}

/* Fills looked_after (ascending, distinct) with the children looked after at the end. */
static int tally_la(const struct facts *f, struct tally *t, int64_t *looked_after,
                    size_t *n_looked_after, struct err *e)
{
    size_t i = 0, n = 0;
    while (i < f->n_la_episodes) {
        int64_t child = f->la_episodes[i].child;
        const struct fact_la_episode *current = NULL, *prev = NULL;
        size_t first = i;
        for (; i < f->n_la_episodes && f->la_episodes[i].child == child; i++) {
            const struct fact_la_episode *ep = &f->la_episodes[i];
            if (prev && ep->decom < prev->decom)
                return out_of_order(e, "looked-after episodes");
            /* an episode that takes over, the same day, from one ended X1 continues
             * the same period of care rather than starting one */
            bool continues = prev && !strcmp(prev->rec, "X1") && prev->dec == ep->decom;
            if (in_period(f, ep->decom) && !continues)
                t->cla_started++;
            if (in_period(f, ep->dec) && strcmp(ep->rec, "X1") != 0) {
                t->cla_ceased++;
                if (code_in(ep->rec, rec_adopted)) {
                    t->cla_adopted++;
                    if (ep->dob != DAY_NONE && date_age(ep->dob, ep->dec) >= 5)
                        t->cla_adopted_5++;
                } else if (code_in(ep->rec, rec_sgo)) {
                    t->cla_sgo++;
                } else if (code_in(ep->rec, rec_home)) {
                    t->cla_home++;
                }
            }
            if (episode_open_on(ep, f->to))
                current = ep;
            prev = ep;
            /* a placement for adoption that ended in the period: by the adoption, or not
             * (unless the next episode, the same day, carries it on) */
            if (in_period(f, ep->dec) && code_in(ep->place, adoptive)) {
                const struct fact_la_episode *next =
                    i + 1 < f->n_la_episodes && f->la_episodes[i + 1].child == child
                        ? &f->la_episodes[i + 1] : NULL;
                if (!(next && joined(ep, next) && code_in(next->place, adoptive))) {
                    t->adoptive_ended++;
                    t->adoptive_disrupted += !code_in(ep->rec, rec_adopted);
                }
            }
        }
        if (i < f->n_la_episodes && f->la_episodes[i].child < child)
            return out_of_order(e, "looked-after episodes");
        if (!current)
            continue;
        tally_stability(f, &f->la_episodes[first], (size_t)(current - &f->la_episodes[first]), t);
        if (current->in_area >= 0) {
            t->cla_area_known++;
            t->cla_in_area += current->in_area == 1;
        }
        if (current->far >= 0) {
            t->cla_distance_known++;
            t->cla_far += current->far == 1;
        }
        if (current->in_area >= 0 && current->far >= 0) {
            t->cla_both_known++;
            t->cla_far_outside += current->far == 1 && current->in_area == 0;
        }
        int group = placement_group(current->place);
        bool own = !strcmp(current->place_provider, "PR1");
        t->cla_at_end++;
        t->cla_place[group]++;
        if (own) {
            t->cla_pr1++;
            if (group == PL_FOSTER)
                t->cla_foster_pr1++;
        }
        looked_after[n++] = child;
    }
    *n_looked_after = n;
    return HE_OK;
}

static bool looked_after_on(const struct facts *f, int64_t child, day_t day)
{
    size_t lo;
    LOWER_BOUND(lo, f->la_episodes, f->n_la_episodes, child, child);
    for (; lo < f->n_la_episodes && f->la_episodes[lo].child == child; lo++)
        if (episode_open_on(&f->la_episodes[lo], day))
            return true;
    return false;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void tally_missing(const struct facts *f, struct tally *t)
{
    int64_t *kids = xmalloc((f->n_missing + 1) * sizeof *kids);
    int64_t *all = xmalloc((f->n_missing + 1) * sizeof *all);
    size_t n = 0, n_all = 0;
    for (size_t i = 0; i < f->n_missing; i++) {
        const struct fact_missing *m = &f->missing[i];
        if (m->kind != 'M' || !in_period(f, m->start))
            continue;
        all[n_all++] = m->child;
        if (looked_after_on(f, m->child, m->start))
            kids[n++] = m->child;
    }
    qsort(kids, n, sizeof *kids, cmp_i64);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || kids[i] != kids[i - 1])
            t->cla_missing++;
    qsort(all, n_all, sizeof *all, cmp_i64);
    for (size_t i = 0; i < n_all; i++)
        if (i == 0 || all[i] != all[i - 1])
            t->children_missing++;
    free(kids);
    free(all);
}

/* A merge of three ascending lists: children with an open episode of need, less those
 * on a plan or looked after. */
static int tally_cin_open(const struct facts *f, struct tally *t, const int64_t *onplan,
                          size_t n_onplan, const int64_t *looked_after, size_t n_looked_after,
                          struct err *e)
{
    size_t a = 0, b = 0;
    for (size_t i = 0; i < f->n_cin_open; i++) {
        int64_t c = f->cin_open_children[i];
        if (i > 0 && c <= f->cin_open_children[i - 1]) {
            if (c < f->cin_open_children[i - 1])
                return out_of_order(e, "children in need");
            continue;
        }
        while (a < n_onplan && onplan[a] < c)
            a++;
        while (b < n_looked_after && looked_after[b] < c)
            b++;
        if ((a < n_onplan && onplan[a] == c) || (b < n_looked_after && looked_after[b] == c))
            continue;
        t->cin_open++;
    }
    return HE_OK;
}

/* Children in need the DfE's way: every child with an open episode, and of them those with
 * a disability. */
static int tally_cin_at_end(const struct facts *f, struct tally *t, struct err *e)
{
    for (size_t i = 0; i < f->n_cin_open; i++)
        if (i == 0 || f->cin_open_children[i] != f->cin_open_children[i - 1])
            t->cin_at_end++;
    for (size_t i = 0; i < f->n_cin_open_disabled; i++) {
        if (i > 0 && f->cin_open_disabled[i] <= f->cin_open_disabled[i - 1]) {
            if (f->cin_open_disabled[i] < f->cin_open_disabled[i - 1])
                return out_of_order(e, "disabled children in need");
            continue;
        }
        t->cin_disabled_at_end++;
    }
    return HE_OK;
}

/* Adoption timeliness (the DfE's scorecard A1, A2 and A10, and entering care to the match)
 * of the adoptions in the period. */
static void tally_adoptions(const struct facts *f, struct tally *t)
{
    for (size_t i = 0; i < f->n_adoptions; i++) {
        const struct fact_adoption *a = &f->adoptions[i];
        if (!in_period(f, a->adopted) || a->placed == DAY_NONE)
            continue;
        if (a->entered_care != DAY_NONE && a->placed >= a->entered_care) {
            t->adopt_entry_n++;
            t->adopt_entry_days += a->placed - a->entered_care;
        }
        if (a->authority != DAY_NONE && a->matched != DAY_NONE) {
            t->adopt_match_n++;
            /* matched before the court's authority: no time waited */
            t->adopt_match_days += a->matched > a->authority ? a->matched - a->authority : 0;
        }
        if (a->entered_care != DAY_NONE && a->matched != DAY_NONE) {
            t->adopt_entry_match_n++;
            /* matched before care began: no time waited, as for A2 */
            t->adopt_entry_match_days +=
                a->matched > a->entered_care ? a->matched - a->entered_care : 0;
        }
        if (a->entered_care != DAY_NONE && a->placed_adjusted != DAY_NONE &&
            a->placed_adjusted >= a->entered_care) {
            t->adopt_adjusted_n++;
            t->adopt_adjusted_days += a->placed_adjusted - a->entered_care;
        }
    }
}

static void tally_oc3(const struct facts *f, struct tally *t)
{
    for (size_t i = 0; i < f->n_oc3; i++) {
        size_t len = strnlen(f->oc3_accom[i], sizeof f->oc3_accom[i]);
        char last = len ? f->oc3_accom[i][len - 1] : '\0';
        if (last == '1' || last == '2')
            t->oc3_known++;
        if (last == '1')
            t->oc3_suitable++;
    }
}

/* OC3 rows by the age the young person reached on their birthday in the collection year
 * (that ending at `to`, so their age on its last day), as the DfE bands them. */
static void tally_care_leavers(const struct facts *f, struct tally *t)
{
    for (size_t i = 0; i < f->n_care_leavers; i++) {
        const struct fact_care_leaver *l = &f->care_leavers[i];
        int age = l->dob == DAY_NONE ? -1 : date_age(l->dob, f->to);
        int band = age == 17 || age == 18 ? CL_17_18 : age >= 19 && age <= 21 ? CL_19_21 : -1;
        if (band < 0)
            continue;
        size_t len = strlen(l->accom);
        t->cl_rows[band]++;
        t->cl_suitable[band] += len > 0 && l->accom[len - 1] == '1';
        t->cl_eet[band] += l->activ[0] == 'F' || l->activ[0] == 'P';
        t->cl_in_touch[band] += !strcmp(l->in_touch, "YES");
    }
}

/* ---- results ------------------------------------------------------------------------- */

double kpi_round1(double x)
{
    return round(x * 10.0) / 10.0;
}

/* num * scale / den to one decimal, half away from zero, in integers: a true x.x5
 * (say 3 of 2,000 as a percentage) must not be lost to binary fractions. */
static double ratio1(long long num, long long den, long long scale)
{
    if (den <= 0)
        return NAN;
    if (num < 0 || num > LLONG_MAX / (scale * 10))
        return kpi_round1((double)num / (double)den * (double)scale);
    long long tenths = num * scale * 10;
    long long q = tenths / den, r = tenths % den;
    if (r >= den - r)
        q++;
    return (double)q / 10.0;
}

double kpi_per_10k(long long value, long long population)
{
    return ratio1(value, population, 10000);
}

double kpi_average(long long total, long long n)
{
    return ratio1(total, n, 1);
}

int kpi_compute(const struct facts *f, long long population, struct kpi_result *out,
                struct err *e)
{
    memset(out, 0, sizeof *out);
    if (f->from == DAY_NONE || f->to == DAY_NONE || f->from > f->to)
        return err_set(e, HE_INPUT, "the period's first day must be on or before its last day");
    if (population < 0)
        return err_set(e, HE_INPUT, "the population cannot be negative");

    struct tally t = {.contacts = f->contacts};
    int64_t *onplan = xmalloc((f->n_cp_plans + 1) * sizeof *onplan);
    int64_t *looked_after = xmalloc((f->n_la_episodes + 1) * sizeof *looked_after);
    size_t n_onplan = 0, n_looked_after = 0;
    int rc;
    if ((rc = tally_referrals(f, &t, e)) != HE_OK ||
        (rc = tally_cp(f, &t, onplan, &n_onplan, e)) != HE_OK ||
        (rc = tally_la(f, &t, looked_after, &n_looked_after, e)) != HE_OK ||
        (rc = tally_cin_open(f, &t, onplan, n_onplan, looked_after, n_looked_after, e)) != HE_OK ||
        (rc = tally_cin_at_end(f, &t, e)) != HE_OK)
        goto done;
    struct workdays w;
    workdays_init(&w, f->from - 366, f->to);
    tally_assessments(f, &w, &t);
    tally_s47(f, &w, &t);
    free(w.upto);
    tally_missing(f, &t);
    tally_oc3(f, &t);
    tally_care_leavers(f, &t);
    tally_adoptions(f, &t);

    out->from = f->from;
    out->to = f->to;
    out->population = population;
    for (int i = 0; i < N_DEFS; i++) {
        const struct measure_def *d = &defs[i];
        struct measure *m = &out->m[out->n++];
        m->id = d->id;
        m->label = d->label;
        m->kind = d->kind;
        m->pct = m->per_10k = m->average = NAN;
        m->n_parts = d->n_parts;
        for (int p = 0; p < d->n_parts; p++)
            m->parts[p].key = d->parts[p].key;
        d->compute(&t, m);
        if (d->kind == MK_RATE)
            m->per_10k = ratio1(m->value, population, 10000);
        else if (d->kind == MK_PROPORTION)
            m->pct = ratio1(m->value, m->denominator, 100);
        else if (d->kind == MK_AVERAGE)
            m->average = kpi_average(m->value, m->denominator);
    }
done:
    free(onplan);
    free(looked_after);
    return rc;
}

const struct measure *kpi_find(const struct kpi_result *r, const char *id)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->m[i].id, id))
            return &r->m[i];
    return NULL;
}

static const struct measure_def *def_of(const struct measure *m)
{
    for (int i = 0; i < N_DEFS; i++)
        if (!strcmp(defs[i].id, m->id))
            return &defs[i];
    return NULL;
}

const char *kpi_section(const struct measure *m)
{
    const struct measure_def *d = def_of(m);
    return section_title[d ? d->section : SEC_N - 1];
}

/* ---- printing ------------------------------------------------------------------------ */

static void put_decimal(FILE *out, double x)
{
    if (isnan(x))
        fputs("null", out);
    else
        fprintf(out, "%.1f", x);
}

void kpi_print_json(const struct kpi_result *r, FILE *out)
{
    char from[11], to[11];
    date_format_iso(r->from, from);
    date_format_iso(r->to, to);
    fprintf(out, "{\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"population\":%lld,\"measures\":{",
            from, to, r->population);
    for (int i = 0; i < r->n; i++) {
        const struct measure *m = &r->m[i];
        fprintf(out, "%s\"%s\":{", i ? "," : "", m->id);
        switch (m->kind) {
        case MK_COUNT:
            fprintf(out, "\"value\":%lld", m->value);
            break;
        case MK_RATE:
            fprintf(out, "\"value\":%lld,\"per_10k\":", m->value);
            put_decimal(out, m->per_10k);
            break;
        case MK_PROPORTION:
            fprintf(out, "\"value\":%lld,\"denominator\":%lld,\"pct\":", m->value,
                    m->denominator);
            put_decimal(out, m->pct);
            break;
        case MK_AVERAGE:
            fprintf(out, "\"value\":%lld,\"denominator\":%lld,\"average\":", m->value,
                    m->denominator);
            put_decimal(out, m->average);
            break;
        case MK_SPLIT:
            for (int p = 0; p < m->n_parts; p++)
                fprintf(out, "%s\"%s\":%lld", p ? "," : "", m->parts[p].key, m->parts[p].n);
            break;
        }
        fputc('}', out);
    }
    fputs("}}\n", out);
}

/* Digits grouped in threes with commas, as a committee report writes them; text is
 * what printf made of the number ("-1234567.5" -> "-1,234,567.5"). */
static void add_grouped(struct buf *b, const char *text)
{
    if (*text == '-')
        buf_addc(b, *text++);
    size_t digits = strspn(text, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        if (i > 0 && (digits - i) % 3 == 0)
            buf_addc(b, ',');
        buf_addc(b, text[i]);
    }
    buf_adds(b, text + digits);
}

static void add_count(struct buf *b, long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    add_grouped(b, tmp);
}

static void add_decimal(struct buf *b, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.1f", v);
    add_grouped(b, tmp);
}

static void add_long_date(struct buf *b, day_t day)
{
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    buf_printf(b, "%d %s %d", d, months[m - 1], y);
}

/* The figure column of one measure: "2,630 (412.2 per 10,000)", "17.0% (447 of 2,630)". */
static void add_figure(struct buf *b, const struct measure *m)
{
    switch (m->kind) {
    case MK_COUNT:
    case MK_SPLIT:
        add_count(b, m->value);
        break;
    case MK_RATE:
        add_count(b, m->value);
        if (!isnan(m->per_10k)) {
            buf_adds(b, " (");
            add_decimal(b, m->per_10k);
            buf_adds(b, " per 10,000)");
        }
        break;
    case MK_PROPORTION:
        if (isnan(m->pct)) {
            buf_adds(b, "none (0 of 0)");
            break;
        }
        add_decimal(b, m->pct);
        buf_adds(b, "% (");
        add_count(b, m->value);
        buf_adds(b, " of ");
        add_count(b, m->denominator);
        buf_adds(b, ")");
        break;
    case MK_AVERAGE:
        if (isnan(m->average)) {
            buf_adds(b, "none (no children)");
            break;
        }
        add_decimal(b, m->average);
        buf_adds(b, " days (");
        add_count(b, m->denominator);
        buf_adds(b, m->denominator == 1 ? " child)" : " children)");
        break;
    }
}

static const char *part_label(const struct measure_def *d, const char *key)
{
    for (int i = 0; d && i < d->n_parts; i++)
        if (!strcmp(d->parts[i].key, key))
            return d->parts[i].label;
    return key;
}

const char *kpi_part_label(const struct measure *m, const char *key)
{
    return part_label(def_of(m), key);
}

void kpi_print_table(const struct kpi_result *r, FILE *out)
{
    struct buf line = BUF_INIT;
    int width = 0;
    for (int i = 0; i < r->n; i++) {
        const struct measure_def *d = def_of(&r->m[i]);
        int w = (int)strlen(r->m[i].label);
        width = w > width ? w : width;
        for (int p = 0; p < r->m[i].n_parts; p++) {
            w = 4 + (int)strlen(part_label(d, r->m[i].parts[p].key));
            width = w > width ? w : width;
        }
    }

    buf_adds(&line, "Children's social care performance, ");
    add_long_date(&line, r->from);
    buf_adds(&line, " to ");
    add_long_date(&line, r->to);
    buf_adds(&line, " (children aged 0-17: ");
    add_count(&line, r->population);
    buf_adds(&line, ")");
    fprintf(out, "%s\n", buf_str(&line));
    for (size_t i = 0; i < line.len; i++)
        fputc('=', out);
    fputc('\n', out);

    int section = -1;
    for (int i = 0; i < r->n; i++) {
        const struct measure *m = &r->m[i];
        const struct measure_def *d = def_of(m);
        int sec = d ? (int)d->section : SEC_N - 1;
        if (sec != section) {
            section = sec;
            const char *title = section_title[sec];
            fprintf(out, "\n%s\n", title);
            for (size_t k = 0; k < strlen(title); k++)
                fputc('-', out);
            fputc('\n', out);
        }
        if (m->kind == MK_SPLIT) {
            fprintf(out, "%s\n", m->label);
            for (int p = 0; p < m->n_parts; p++) {
                buf_reset(&line);
                add_count(&line, m->parts[p].n);
                fprintf(out, "    %-*s  %s\n", width - 4, part_label(d, m->parts[p].key),
                        buf_str(&line));
            }
            continue;
        }
        buf_reset(&line);
        add_figure(&line, m);
        fprintf(out, "%-*s  %s\n", width, m->label, buf_str(&line));
    }
    buf_free(&line);
}
