/* figures_workforce: the wider service's "Workforce" area (measure/service.h): the DfE's
 * children's social work workforce census figures (vacancy, turnover, agency worker and
 * absence rates, cases per social worker) worked out by workforce.h from the posts, their
 * holders, absences and who holds each child, for the period with its last day (or today,
 * when that is sooner) as the census date. Defined in docs/kpis.md, "The wider service",
 * as the DfE defines them; the published figures are the workforce topic's measures of the
 * benchmarks (Work_Force_Vac_Rate, Work_Force_TO_Rate, Work_Force_Agecy_Rate,
 * Work_Force_SWAbsence, Work_Force_AvgNumCase_SW). */
#include "../measure/service.h"
#include "workforce.h"

static int workforce(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                     struct err *e)
{
    day_t census = to < today ? to : today;
    struct wkf_census c;
    int rc = wkf_census(s, from, census, today, &c, e);
    if (rc != HE_OK)
        return rc;
    service_fte_rate(out, "vacancy_rate", "Social worker vacancy rate", c.vacancies, c.vacancies + c.in_post, "FTE");
    service_fte_rate(out, "turnover_rate", "Social worker turnover rate", c.leavers, c.in_post, "FTE");
    service_fte_rate(out, "agency_rate", "Agency worker rate", c.agency, c.agency + c.in_post, "FTE");
    service_fte_rate(out, "vacancies_covered_by_agency", "Vacancies covered by agency workers", c.agency_cover,
                     c.vacancies, "FTE");
    service_per_fte(out, "cases_per_social_worker", "Cases per case-holding social worker (FTE)", c.cases,
                    c.case_holders);
    service_fte_rate(out, "absence_rate", "Social worker sickness absence rate", c.days_lost, c.days_available,
                     "FTE days");
    service_fte(out, "social_workers", "Social workers in post (FTE) on the census date", c.in_post, "FTE");
    service_fte(out, "starters", "Social workers who joined in the period (FTE)", c.starters, "FTE");
    service_fte(out, "leavers", "Social workers who left in the period (FTE)", c.leavers, "FTE");
    service_fte(out, "vacancies", "Vacancies (FTE) on the census date", c.vacancies, "FTE");
    service_fte(out, "agency_workers", "Agency workers (FTE) on the census date", c.agency, "FTE");
    service_count(out, "absent_now", "Staff absent now", c.absent_now);
    return HE_OK;
}

const struct service_area service_area_workforce = {"workforce", "Workforce", workforce};
