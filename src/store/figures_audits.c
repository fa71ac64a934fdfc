/* figures_audits: the wider service's "Quality assurance" area (measure/service.h): case
 * file audits done in a period and their grades, how many were done with the worker and
 * heard the family, the actions they set for workers tracked to done, and thematic audits'
 * samples audited. Grades by team and month are the audits page's (audits.h). Defined in
 * docs/kpis.md, "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "../measure/service.h"
#include "store_impl.h"

static int audits(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct db *d = store_db(s);
    static const char *const grade[4] = {"OUTSTANDING", "GOOD", "RI", "INADEQUATE"};
    int64_t n = 0, g[4] = {0}, with_worker = 0, feedback = 0, actions = 0, done = 0, overdue = 0, sampled = 0,
            audited = 0;
    int rc = DB_INT(d, e, &n, "SELECT count(*) FROM case_audit WHERE day BETWEEN ? AND ?", DB_I(from), DB_I(to));
    for (int i = 0; rc == HE_OK && i < 4; i++)
        rc = DB_INT(d, e, &g[i], "SELECT count(*) FROM case_audit WHERE day BETWEEN ? AND ? AND grade = ?", DB_I(from),
                    DB_I(to), DB_T(grade[i]));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &with_worker, "SELECT count(*) FROM case_audit WHERE day BETWEEN ? AND ? AND with_worker = 1",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &feedback,
                    "SELECT count(*) FROM case_audit WHERE day BETWEEN ? AND ? AND feedback_from <> 'none'",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &actions,
                    "SELECT count(*) FROM case_audit_action x JOIN case_audit a ON a.id = x.audit_id JOIN task k ON "
                    "k.id = x.task_id WHERE a.day BETWEEN ? AND ? AND k.state <> 'cancelled'",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &done,
                    "SELECT count(*) FROM case_audit_action x JOIN case_audit a ON a.id = x.audit_id JOIN task k ON "
                    "k.id = x.task_id WHERE a.day BETWEEN ? AND ? AND k.state = 'done'",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &overdue,
                    "SELECT count(*) FROM case_audit_action x JOIN task k ON k.id = x.task_id WHERE k.state = 'open' "
                    "AND k.due < ?",
                    DB_I(today));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &sampled,
                    "SELECT count(*) FROM audit_theme_child c JOIN audit_theme t ON t.id = c.theme_id WHERE t.day "
                    "BETWEEN ? AND ?",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &audited,
                    "SELECT count(*) FROM audit_theme_child c JOIN audit_theme t ON t.id = c.theme_id WHERE t.day "
                    "BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM case_audit a WHERE a.theme_id = c.theme_id AND "
                    "a.person_id = c.person_id)",
                    DB_I(from), DB_I(to));
    if (rc != HE_OK)
        return rc;
    service_count(out, "audits", "Case file audits done", n);
    service_proportion(out, "good_or_better", "Audits graded good or outstanding", g[0] + g[1], n);
    service_count(out, "outstanding", "Graded outstanding", g[0]);
    service_count(out, "good", "Graded good", g[1]);
    service_count(out, "requires_improvement", "Graded requires improvement", g[2]);
    service_count(out, "inadequate", "Graded inadequate", g[3]);
    service_proportion(out, "with_worker", "Audits done with the worker", with_worker, n);
    service_proportion(out, "with_feedback", "Audits with the parent's, carer's or young person's feedback", feedback,
                       n);
    service_proportion(out, "actions_done", "Actions set for workers by these audits that are done", done, actions);
    service_proportion(out, "theme_sample_audited", "Children sampled by thematic audits whose file has been audited",
                       audited, sampled);
    service_count(out, "actions_overdue", "Audit actions open past their due date now", overdue);
    return HE_OK;
}

const struct service_area service_area_audits = {"audits", "Quality assurance", audits};
