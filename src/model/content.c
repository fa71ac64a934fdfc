/* content: the code lists of assessments, meetings and plans with plain English, and which
 * meetings review which plans (see content.h). */
#include "content.h"

#include <string.h>

#define N(a) (int)(sizeof a / sizeof a[0])

const struct stage_code assessment_outcomes[] = {
    {"NFA", "No further action"},
    {"EARLY_HELP", "Step down to early help"},
    {"CIN", "Child in need plan"},
    {"S47", "Strategy discussion: the child may be suffering significant harm"},
    {"LA", "The child needs to be looked after"},
    {"OTHER", "Other (say in the recommendation)"},
};
const int n_assessment_outcomes = N(assessment_outcomes);

const struct stage_code assessment_statuses[] = {
    {"draft", "Draft"},
    {"submitted", "Waiting for authorisation"},
    {"returned", "Returned to the worker"},
    {"authorised", "Authorised"},
};
const int n_assessment_statuses = N(assessment_statuses);

const struct stage_code meeting_kinds[] = {
    {"STRATEGY", "Strategy discussion"},
    {"ICPC", "Initial child protection conference"},
    {"RCPC", "Child protection review conference"},
    {"CORE_GROUP", "Core group meeting"},
    {"CIN_REVIEW", "Child in need review"},
    {"LA_REVIEW", "Looked-after review"},
    {"PATHWAY_REVIEW", "Pathway plan review"},
};
const int n_meeting_kinds = N(meeting_kinds);

const struct stage_code plan_kinds[] = {
    {"CP", "Child protection plan"},
    {"CIN", "Child in need plan"},
    {"CARE", "Care plan"},
    {"PATHWAY", "Pathway plan"},
};
const int n_plan_kinds = N(plan_kinds);

const struct stage_code action_statuses[] = {
    {"NOT_STARTED", "Not started"},
    {"IN_PROGRESS", "In progress"},
    {"DONE", "Done"},
    {"NOT_NEEDED", "No longer needed"},
};
const int n_action_statuses = N(action_statuses);

const struct stage_code plan_categories[] = {
    {"NEG", "Neglect"}, {"PHY", "Physical abuse"}, {"EMO", "Emotional abuse"},
    {"SAB", "Sexual abuse"}, {"MUL", "Multiple"},
};
const int n_plan_categories = N(plan_categories);

const struct stage_code strategy_decisions[] = {
    {"S47", "Start a section 47 enquiry"},
    {"NO_S47", "No section 47 enquiry"},
    {"NO_ICPC", "The section 47 enquiry found no conference is needed"},
};
const int n_strategy_decisions = N(strategy_decisions);

int plan_review_kinds(const char *plan_kind, const char *kinds[2])
{
    if (!plan_kind)
        return 0;
    if (!strcmp(plan_kind, "CP")) {
        kinds[0] = "CORE_GROUP";
        kinds[1] = "RCPC";
        return 2;
    }
    kinds[0] = !strcmp(plan_kind, "CIN")       ? "CIN_REVIEW"
               : !strcmp(plan_kind, "CARE")    ? "LA_REVIEW"
               : !strcmp(plan_kind, "PATHWAY") ? "PATHWAY_REVIEW"
                                                : NULL;
    return kinds[0] ? 1 : 0;
}

void ct_assessment_view_free(struct ct_assessment_view *v)
{
    arena_free(&v->mem);
    memset(v, 0, sizeof *v);
}

void ct_meeting_page_free(struct ct_meeting_page *p)
{
    arena_free(&p->mem);
    memset(p, 0, sizeof *p);
}

void ct_plan_view_free(struct ct_plan_view *v)
{
    arena_free(&v->mem);
    memset(v, 0, sizeof *v);
}

void ct_plan_page_free(struct ct_plan_page *p)
{
    arena_free(&p->mem);
    memset(p, 0, sizeof *p);
}
