/* figures_audits: the wider service's "Quality assurance" area (measure/service.h): case
 * file audits done in a period and their grades, how many were done with the worker and
 * heard the family, the actions they set for workers tracked to done, and thematic audits'
 * samples audited. Grades by team and month are the audits page's (audits.h). Defined in
 * docs/kpis.md, "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "figures.h"

#define AUDITS "SELECT count(*) FROM case_audit WHERE day BETWEEN ? AND ?"
#define GRADE AUDITS " AND grade = ?"
#define ACTIONS                                                                                    \
    "SELECT count(*) FROM case_audit_action x JOIN case_audit a ON a.id = x.audit_id JOIN task k ON " \
    "k.id = x.task_id WHERE a.day BETWEEN ? AND ? AND k.state "
#define SAMPLED                                                                                    \
    "SELECT count(*) FROM audit_theme_child c JOIN audit_theme t ON t.id = c.theme_id WHERE t.day " \
    "BETWEEN ? AND ?"

static const struct fig_def figures[] = {
    {"audits", "Case file audits done", SV_COUNT, .sql = AUDITS, .binds = "ft"},
    {"good_or_better", "Audits graded good or outstanding", SV_PROPORTION,
     .sql = AUDITS " AND grade IN ('OUTSTANDING', 'GOOD')", .binds = "ft", .of = "audits"},
    {"outstanding", "Graded outstanding", SV_COUNT, .sql = GRADE, .binds = "fts", .text = "OUTSTANDING"},
    {"good", "Graded good", SV_COUNT, .sql = GRADE, .binds = "fts", .text = "GOOD"},
    {"requires_improvement", "Graded requires improvement", SV_COUNT, .sql = GRADE, .binds = "fts", .text = "RI"},
    {"inadequate", "Graded inadequate", SV_COUNT, .sql = GRADE, .binds = "fts", .text = "INADEQUATE"},
    {"with_worker", "Audits done with the worker", SV_PROPORTION, .sql = AUDITS " AND with_worker = 1", .binds = "ft",
     .of = "audits"},
    {"with_feedback", "Audits with the parent's, carer's or young person's feedback", SV_PROPORTION,
     .sql = AUDITS " AND feedback_from <> 'none'", .binds = "ft", .of = "audits"},
    {"actions", NULL, SV_COUNT, .sql = ACTIONS "<> 'cancelled'", .binds = "ft"},
    {"actions_done", "Actions set for workers by these audits that are done", SV_PROPORTION, .sql = ACTIONS "= 'done'",
     .binds = "ft", .of = "actions"},
    {"sampled", NULL, SV_COUNT, .sql = SAMPLED, .binds = "ft"},
    {"theme_sample_audited", "Children sampled by thematic audits whose file has been audited", SV_PROPORTION,
     .sql = SAMPLED " AND EXISTS (SELECT 1 FROM case_audit a WHERE a.theme_id = c.theme_id AND "
     "a.person_id = c.person_id)",
     .binds = "ft", .of = "sampled"},
    {"actions_overdue", "Audit actions open past their due date now", SV_COUNT,
     .sql = "SELECT count(*) FROM case_audit_action x JOIN task k ON k.id = x.task_id WHERE k.state = 'open' "
     "AND k.due < ?",
     .binds = "n"},
};

static int audits(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_audits = {"audits", "Quality assurance", audits};
