/* measure/report: the committee report's performance section (report.h) built from the
 * published figures and, where hearth computes a measure, the authority's own figures. The
 * table below is the report's outline: a section's measures in the order a committee reads
 * them. A measure not published for an authority or year is left out of its section. */
#include "report.h"

#include <math.h>
#include <string.h>

static const struct {
    const char *id, *title;
    const char *dfe[REPORT_ROWS];
} outline[REPORT_SECTIONS] = {
    {"front-door", "Front door",
     {"CPP_Total_Rateper10,000", "ReReferral", "CIN_Refferals_NFA"}},
    {"assessment", "Assessment",
     {"Continue_Assess_Comp", "Referrals_AssessedNotNeed", "Section_47"}},
    {"child-protection", "Child protection",
     {"CP_conf_15days", "CPP_Abuse_Rate", "CPP_rate", "PrevRegCPR", "CPPlans2yrs", "CPPlans2yrsActive"}},
    {"children-in-need", "Children in need", {"CIN", "CINTime2more"}},
    {"looked-after", "Looked after",
     {"LAC", "LAC_Start_Rate", "LACceased", "LACStable_2016on", "LAC_LongStable%", "LACDistance",
      "Children_missing"}},
    {"permanence", "Permanence", {"%_of LAC Adopted", "LAC_ceased_SGO%", "No_of LAC Adopted"}},
    {"care-leavers", "Care leavers",
     {"CareLeaverAcc", "CareLeaverEET", "CareLeavers_LA_NotInTouch"}},
    {"workforce", "Workforce",
     {"Work_Force_Agecy_Rate", "Work_Force_TO_Rate", "Work_Force_Vac_Rate", "Work_Force_AvgNumCase_SW"}},
};

const char *const report_section_ids[REPORT_SECTIONS] = {
    "front-door", "assessment", "child-protection", "children-in-need",
    "looked-after", "permanence", "care-leavers", "workforce",
};

static void trend(const struct bench *b, int la, struct report_row *row)
{
    const struct bench_series *chain[REPORT_YEARS];
    int n = 0;
    for (const struct bench_series *s = row->c.series; s && n < REPORT_YEARS;
         s = bench_series_previous(b, s))
        chain[n++] = s;
    row->n_years = n;
    for (int i = 0; i < n; i++) {
        const struct bench_series *s = chain[n - 1 - i];
        struct bench_figure f;
        bench_figure(b, s, la, &f);
        row->years[i] = s->year;
        row->self[i] = f.value;
        row->neighbours[i] = f.neighbours;
        row->england[i] = f.england;
    }
}

void report_build(const struct bench *b, int la, int year, const struct kpi_result *k,
                  struct report *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    out->la = la;
    day_t from = date_from_ymd(year - 1, 4, 1), to = date_from_ymd(year, 3, 31);
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        struct report_section *sec = &out->s[s];
        sec->id = outline[s].id;
        sec->title = outline[s].title;
        for (int i = 0; i < REPORT_ROWS && outline[s].dfe[i]; i++) {
            int mi = bench_measure_index(b, outline[s].dfe[i]);
            if (mi < 0)
                continue;
            const struct compare_map *map = compare_map_for(outline[s].dfe[i]);
            const struct measure *m = map && k ? kpi_find(k, map->kpi_id) : NULL;
            struct report_row *row = &sec->rows[sec->n];
            if (!compare_measure(b, la, mi, m ? map : NULL, m, from, to, &row->c))
                continue;
            row->label = m ? m->label : b->measures[mi].name;
            trend(b, la, row);
            sec->n++;
        }
    }
}
