/* measure/compare: hearth's measures beside the published figures (compare.h). The map
 * below is the one place that says which DfE measure each hearth measure is: a DfE
 * measure is listed only where its definition is the one in docs/kpis.md (the DfE's
 * "children in need" rate, for one, counts children on a plan and looked after, which
 * hearth's cin_open_at_end leaves out: it is cin_at_end that maps to it). Never touches
 * the store. */
#include "compare.h"

#include <math.h>
#include <string.h>

const struct compare_map compare_maps[] = {
    {"referrals", "CPP_Total_Rateper10,000", CF_RATE},
    {"rereferrals_12m", "ReReferral", CF_PCT},
    {"referrals_nfa", "CIN_Refferals_NFA", CF_PCT},
    {"referrals_assessed_not_in_need", "Referrals_AssessedNotNeed", CF_PCT},
    {"assessments_within_45wd", "Continue_Assess_Comp", CF_PCT},
    {"s47_started", "Section_47", CF_RATE},
    {"icpc_within_15wd", "CP_conf_15days", CF_PCT},
    {"cp_plans_started", "CPP_Abuse_Rate", CF_RATE},
    {"cp_plans_second_or_later", "PrevRegCPR", CF_PCT},
    {"cp_children_at_end", "CPP_rate", CF_RATE},
    {"cp_open_2y_at_end", "CPPlans2yrsActive", CF_PCT},
    {"cp_ceased_2y", "CPPlans2yrs", CF_PCT},
    /* children in need and child protection */
    {"cin_at_end", "CIN", CF_RATE},
    {"cp_reviews_in_time", "RevCP", CF_PCT},
    {"cla_at_end", "LAC", CF_RATE},
    {"cla_started", "LAC_Start_Rate", CF_RATE},
    {"cla_ceased", "LACceased", CF_COUNT},
    {"cla_ceased_adopted", "%_of LAC Adopted", CF_PCT},
    {"cla_ceased_sgo", "LAC_ceased_SGO%", CF_PCT},
    {"cla_3plus_placements", "LACStable_2016on", CF_PCT},
    {"cla_long_term_stable_at_end", "LAC_LongStable%", CF_PCT},
    {"cla_placed_over_20_miles_outside_at_end", "LACDistance", CF_PCT},
    {"care_leavers_19_21_suitable_accom", "CareLeaverAcc", CF_PCT},
    {"care_leavers_19_21_eet", "CareLeaverEET", CF_PCT},
};
const int compare_maps_n = sizeof compare_maps / sizeof compare_maps[0];

int compare_period_year(day_t from, day_t to)
{
    int y, m, d;
    date_to_ymd(to, &y, &m, &d);
    if (m != 3 || d != 31 || from != date_from_ymd(y - 1, 4, 1))
        return 0;
    return y;
}

/* The collection year a period mostly falls in: the year to the 31 March on or after its
 * last day. */
static double own_figure(const struct measure *m, enum compare_figure fig)
{
    switch (fig) {
    case CF_PCT: return m->kind == MK_PROPORTION ? m->pct : NAN;
    case CF_RATE: return m->kind == MK_RATE ? m->per_10k : NAN;
    case CF_COUNT: return m->kind == MK_SPLIT || m->kind == MK_AVERAGE ? NAN : (double)m->value;
    }
    return NAN;
}

bool compare_gap(enum compare_figure fig, double own, double published)
{
    if (isnan(own) || isnan(published))
        return false;
    if (fig == CF_COUNT)
        return own != published;
    /* the DfE publishes whole numbers or one decimal; hearth rounds to one decimal */
    double pub_half = published == floor(published) ? 0.5 : 0.05;
    return fabs(own - published) > pub_half + 0.05 + 1e-9;
}

/* The series of a measure to compare a year with: that year's (a calendar-year label
 * first, then a financial year, then an outturn), else the latest before it. */
static const struct bench_series *series_for(const struct bench *b, int mi, int year)
{
    const struct bench_series *ss[4];
    int n = bench_series_for_year(b, mi, year, ss, 4);
    if (n > 0) {
        for (int i = 0; i < n; i++)
            if (strlen(ss[i]->year) == 4)
                return ss[i];
        return ss[0];
    }
    return bench_series_latest(b, mi, year);
}

int compare_measure(const struct bench *b, int la, int mi, const struct compare_map *map,
                    const struct measure *m, day_t from, day_t to, struct comparison *c)
{
    int pyear = compare_period_year(from, to);
    int year = pyear ? pyear : date_year_to_march(to);
    memset(c, 0, sizeof *c);
    c->map = map;
    c->own_m = m;
    c->bm = &b->measures[mi];
    c->figure = map ? map->figure : CF_COUNT;
    c->own = map && m ? own_figure(m, map->figure) : NAN;
    c->published = c->previous = c->change = NAN;
    c->series = series_for(b, mi, year);
    if (!c->series)
        return 0;
    bench_figure(b, c->series, la, &c->f);
    c->same_year = pyear && c->series->end_year == pyear;
    if (c->same_year) {
        c->published = c->f.value;
        c->gap = map && compare_gap(map->figure, c->own, c->published);
    }
    /* the change into the period: from the published year before the period's (when
     * the period is a published year, from the one before that) */
    const struct bench_series *prev = c->same_year ? bench_series_previous(b, c->series) : c->series;
    if (prev && (c->same_year || c->series->end_year < year)) {
        struct bench_figure pf;
        bench_figure(b, prev, la, &pf);
        c->previous = pf.value;
        c->previous_year = prev->year;
    }
    double now = !isnan(c->own) ? c->own : c->published;
    if (!isnan(now) && !isnan(c->previous)) {
        c->change = now - c->previous;
        double eps = c->figure == CF_COUNT && map ? 0.5 : 0.05;
        if (fabs(c->change) < eps || c->bm->polarity == BENCH_NEUTRAL)
            c->better = 0;
        else
            c->better = (c->change > 0) == (c->bm->polarity == BENCH_HIGH) ? 1 : -1;
    }
    return 1;
}

const struct compare_map *compare_map_for(const char *dfe)
{
    for (int i = 0; i < compare_maps_n; i++)
        if (!strcmp(compare_maps[i].dfe, dfe))
            return &compare_maps[i];
    return NULL;
}

int compare_kpi(const struct bench *b, int la, const struct kpi_result *k, day_t from, day_t to,
                struct comparison *out, int max)
{
    int n = 0;
    for (int i = 0; i < compare_maps_n && n < max; i++) {
        const struct compare_map *map = &compare_maps[i];
        const struct measure *m = kpi_find(k, map->kpi_id);
        int mi = bench_measure_index(b, map->dfe);
        if (m && mi >= 0)
            n += compare_measure(b, la, mi, map, m, from, to, &out[n]);
    }
    return n;
}
