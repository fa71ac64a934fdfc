/* record: the registry of the child's record sections and their layout (see record.h).
 * To put something new on the record, define its struct record_section in your module and
 * add one line to the table below: nothing else here changes. */
#include "record.h"

#include <stdlib.h>

/* ---- the registry: one line per section ------------------------------------------------ */
extern const struct record_section rs_alerts, rs_timescales, rs_actions, rs_checks, rs_chronology,
    rs_access, rs_notes, rs_assessments, rs_plans, rs_meetings, rs_merged, rs_details, rs_network,
    rs_person_alerts, rs_placement, rs_health, rs_work, rs_documents, rs_early_help, rs_missing, rs_exploitation, rs_panels, rs_voice, rs_audits;
extern const struct record_section rs_privfost;
const struct record_section *const record_sections[] = {
    &rs_alerts,      /* record_core.c: missing now, reviews overdue, restricted, died */
    &rs_merged,      /* pages_people.c: merged into another record, or a merge to confirm */
    &rs_person_alerts, /* pages_people.c: alerts with a reason and an end */
    &rs_details,     /* pages_people.c: who the child is, each detail changed on its own form */
    &rs_network,     /* pages_people.c: the family network as a genogram and a table */
    &rs_placement,   /* pages_placements.c: carer, address, cost, distance from home */
    &rs_notes,       /* pages_notes.c: the newest case notes, recording one */
    &rs_voice,       /* pages_voice.c: the child's own words and drawings, review participation */
    &rs_timescales,  /* record_core.c: statutory clocks running */
    &rs_actions,     /* child_work.c: what can be recorded next, allocate */
    &rs_early_help,  /* pages_early_help.c: early help episodes, starting one, stepping down */
    &rs_assessments, /* pages_assessment.c: each assessment and where its authorisation is */
    &rs_plans,       /* pages_plans.c: the newest plans, their actions counted */
    &rs_meetings,    /* pages_meetings.c: the latest meetings */
    &rs_panels,      /* pages_panels.c: referrals to panels, decisions, reviews, proceedings' clock */
    &rs_health,      /* pages_placements.c: health and education checks */
    &rs_missing,     /* pages_missing.c: missing episodes from home and care, the interviews */
    &rs_exploitation, /* pages_exploitation.c: screenings, routes, people of concern, support */
    &rs_privfost,    /* pages_privfost.c: private fostering arrangements, visits, suitability */
    &rs_work,        /* child_work.c: open tasks, the team holding the child and its moves */
    &rs_checks,      /* record_core.c: the DfE's CIN census checks */
    &rs_chronology,  /* record_core.c: every dated event, newest first */
    &rs_documents,   /* pages_documents.c: the newest documents, adding one */
    &rs_audits,      /* pages_audits.c: audits of the child's file the user may see */
    &rs_access,      /* record_core.c: who has opened the record (managers) */
};
const int n_record_sections = sizeof record_sections / sizeof record_sections[0];
/* ---------------------------------------------------------------------------------------- */

bool record_is_manager(const struct record_ctx *c)
{
    return c->r->user.role == ROLE_TEAM_MANAGER || c->r->user.role == ROLE_ADMIN;
}

static int by_place(const void *a, const void *b)
{
    const struct record_section *x = *(const struct record_section *const *)a;
    const struct record_section *y = *(const struct record_section *const *)b;
    if (x->place != y->place)
        return x->place < y->place ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int render_place(struct html *h, const struct record_ctx *c, const struct record_section **s,
                        int n, enum record_place place, struct err *e)
{
    int rc = HE_OK;
    for (int i = 0; i < n && rc == HE_OK; i++) {
        if (s[i]->place != place || (s[i]->visible && !s[i]->visible(c)))
            continue;
        if (s[i]->title)
            H(h, "<h2 class=\"govuk-heading-m\">%s</h2>", s[i]->title);
        rc = s[i]->render(h, c, e);
    }
    return rc;
}

int record_render(struct html *h, const struct record_ctx *c, struct err *e)
{
    const struct record_section *s[sizeof record_sections / sizeof record_sections[0]];
    int n = n_record_sections;
    for (int i = 0; i < n; i++)
        s[i] = record_sections[i];
    qsort(s, (size_t)n, sizeof s[0], by_place);
    int rc = render_place(h, c, s, n, RECORD_TOP, e);
    if (rc != HE_OK)
        return rc;
    H(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    if ((rc = render_place(h, c, s, n, RECORD_LEFT, e)) != HE_OK)
        return rc;
    H(h, "</div><div class=\"govuk-grid-column-one-half\">");
    if ((rc = render_place(h, c, s, n, RECORD_RIGHT, e)) != HE_OK)
        return rc;
    H(h, "</div></div>");
    return render_place(h, c, s, n, RECORD_FULL, e);
}
