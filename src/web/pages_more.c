/* pages_more: the managers' "More" page (/more), the landing page of the service's
 * oversight pages that are not daily work (placements, money, panels, audits, the
 * workforce, break-glass openings), so that a manager's navigation keeps to one line of a
 * laptop screen. Links only: each page checks its own access; no child is named here. */
#include <string.h>

#include "web.h"

/* The pages under More (also where its navigation item is the current one). */
static const struct more_page {
    const char *section, *href, *name, *what;
} pages[] = {
    {"Children in care", "/placements", "Placements",
     "Where looked-after children live, how far from home, and the register of carers and providers."},
    {"Children in care", "/money", "Money",
     "What placements cost by type and provider, the year's forecast against the budget, and unit costs."},
    {"Children away from home", "/private-fostering", "Private fostering",
     "Children privately fostered now, their visits against the regulations' timescales, suitability decisions."},
    {"Decisions and quality", "/panels", "Panels",
     "Children referred to the authority's panels, their decisions and next reviews, and care proceedings."},
    {"Decisions and quality", "/audits", "Audits",
     "Case file audits of the team's children: grades, findings and the actions that follow."},
    {"Decisions and quality", "/break-glass", "Break-glass",
     "Records opened by someone outside the child's team, with the reason they gave, to review."},
    {"Staff", "/workforce", "Workforce",
     "Posts, vacancies and agency workers, caseloads, starters, leavers and absences."},
};
#define N_PAGES (sizeof pages / sizeof pages[0])

bool more_page_here(const char *path)
{
    if (!strncmp(path, "/more", 5) || !strncmp(path, "/carers", 7))
        return true;
    for (size_t i = 0; i < N_PAGES; i++)
        if (!strncmp(path, pages[i].href, strlen(pages[i].href)))
            return true;
    return false;
}

void h_more(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_TEAM_MANAGER && r->user.role != ROLE_ADMIN)
        return page_error(r, out, 403, "Not available", "These pages are for managers and administrators.");
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">More</h1><p class=\"govuk-body\">The service's pages beyond the "
          "day's work.</p>");
    const char *section = NULL;
    for (size_t i = 0; i < N_PAGES; i++) {
        if (!section || strcmp(section, pages[i].section)) {
            if (section)
                H(&m, "</ul>");
            section = pages[i].section;
            H(&m, "<h2 class=\"govuk-heading-m\">%s</h2><ul class=\"govuk-list govuk-list--spaced\">", section);
        }
        H(&m, "<li><a class=\"govuk-link govuk-link--no-visited-state govuk-!-font-weight-bold\" href=\"%s\">%s</a>"
              "<br><span class=\"govuk-body-s\">%s</span></li>",
          pages[i].href, pages[i].name, pages[i].what);
    }
    if (section)
        H(&m, "</ul>");
    page_render(r, out, "More", &m);
    html_free(&m);
}
