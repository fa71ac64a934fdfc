/* service_ui: the wider service's figures on the dashboard (service_ui.h). Worked out on each
 * request: each area's figures are a handful of counts on indexed tables, unlike the
 * statutory measures, which the dashboard caches. */
#include "service_ui.h"

#include "../measure/service.h"

int service_html(struct html *m, struct req *r, day_t from, day_t to, struct err *e)
{
    H(m, "<h2 class=\"govuk-heading-l\" id=\"wider-service\">The wider service</h2>"
         "<p class=\"govuk-body\">Figures no statutory return carries, from what is recorded in hearth "
         "for %D to %D; figures marked \"now\" are as at today. Each is defined in the measures "
         "guide under \"The wider service\".</p>",
      from, to);
    for (int i = 0; i < n_service_areas; i++) {
        struct service_result res;
        int rc = service_compute(r->st, i, from, to, r->today, &res, e);
        if (rc != HE_OK)
            return rc;
        H(m, "<table class=\"govuk-table\" id=\"service-%s\"><caption class=\"govuk-table__caption "
             "govuk-table__caption--m\">%s</caption><thead class=\"govuk-table__head\"><tr "
             "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Figure</th><th "
             "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">",
          service_areas[i]->id, service_areas[i]->title);
        for (int k = 0; k < res.n; k++) {
            char v[120];
            service_figure_text(&res.f[k], v, sizeof v);
            H(m, "<tr class=\"govuk-table__row\" data-id=\"%s\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
              res.f[k].id, res.f[k].label, v);
        }
        H(m, "</tbody></table>");
    }
    return HE_OK;
}
