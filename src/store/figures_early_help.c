/* figures_early_help: the wider service's "Early help" and "Stronger Families" areas
 * (measure/service.h): episodes started (and how: the front door, directly, stepped down),
 * stepped up, ended and their outcomes, assessments, meetings, the family plan's reviews,
 * what is open now; Stronger Families' families attached and their problems, results,
 * results claimed and the cohort against the authority's target. Defined in docs/kpis.md,
 * "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "figures.h"
#include "store_impl.h"

#define FROM(kind)                                                                                                \
    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.opened_from = '" kind \
    "' AND h.start BETWEEN ? AND ?"
#define ENDED(outcome)                                                                                            \
    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.outcome " outcome      \
    " AND h.end_date BETWEEN ? AND ?"

static const struct fig_def early_help_figures[] = {
    {"episodes_started", "Early help episodes started", SV_COUNT,
     .sql = "SELECT count(*) FROM early_help WHERE start BETWEEN ? AND ?", .binds = "ft"},
    {"started_from_front_door", "Started from a threshold decision at the front door", SV_COUNT, .sql = FROM("contact"),
     .binds = "ft"},
    {"started_directly", "Started directly (a request from a school, health or the family)", SV_COUNT,
     .sql = FROM("direct"), .binds = "ft"},
    {"stepped_down", "Stepped down from social care to early help", SV_COUNT, .sql = FROM("step_down"), .binds = "ft"},
    {"stepped_up", "Stepped up from early help to social care", SV_COUNT, .sql = ENDED("= 'STEP_UP'"), .binds = "ft"},
    {"decided", NULL, SV_COUNT,
     .sql = "SELECT count(*) FROM contact WHERE decision = 'EARLY_HELP' AND decision_date BETWEEN ? AND ?",
     .binds = "ft"},
    {"front_door_decisions_started", "Threshold decisions of early help from which an episode was opened",
     SV_PROPORTION,
     .sql = "SELECT count(*) FROM contact c JOIN eh_episode x ON x.contact_id = c.id WHERE c.decision = "
     "'EARLY_HELP' AND c.decision_date BETWEEN ? AND ?",
     .binds = "ft", .of = "decided"},
    {"referrals", NULL, SV_COUNT,
     .sql = "SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN ? AND ?", .binds = "ft"},
    {"referrals_stepped_up", "Referrals to social care that were step-ups from early help", SV_PROPORTION,
     .sql = "SELECT count(*) FROM cin_episode c JOIN eh_episode x ON x.to_episode = c.id WHERE "
     "c.referral_date BETWEEN ? AND ?",
     .binds = "ft", .of = "referrals"},
    {"closures", NULL, SV_COUNT,
     .sql = "SELECT count(*) FROM cin_episode WHERE closure_date BETWEEN ? AND ?", .binds = "ft"},
    {"closures_stepped_down", "Episodes of need closed with a step-down to early help", SV_PROPORTION,
     .sql = "SELECT count(*) FROM cin_episode c JOIN eh_episode x ON x.from_episode = c.id WHERE "
     "c.closure_date BETWEEN ? AND ?",
     .binds = "ft", .of = "closures"},
    {"episodes_ended", "Early help episodes ended", SV_COUNT,
     .sql = "SELECT count(*) FROM early_help WHERE end_date BETWEEN ? AND ?", .binds = "ft"},
    {"ended_hearth", NULL, SV_COUNT, .sql = ENDED("IS NOT NULL"), .binds = "ft"},
    {"ended_needs_met", "Episodes ended (recorded in hearth) with the family's needs met", SV_PROPORTION,
     .sql = ENDED("IN ('NEEDS_MET', 'UNIVERSAL')"), .binds = "ft", .of = "ended_hearth"},
    {"assessments_completed", "Early help assessments completed", SV_COUNT,
     .sql = "SELECT count(*) FROM eh_assessment WHERE completed BETWEEN ? AND ?", .binds = "ft"},
    {"assessment_days", "Days from the start of early help to its assessment completed", SV_MEAN,
     .sql = "SELECT coalesce(sum(a.completed - h.start), 0) FROM eh_assessment a JOIN early_help h ON h.id = "
     "a.episode_id WHERE a.completed BETWEEN ? AND ?",
     .binds = "ft", .of = "assessments_completed", .unit = "days"},
    {"family_meetings", "Team around the family meetings", SV_COUNT,
     .sql = "SELECT count(*) FROM eh_meeting WHERE date BETWEEN ? AND ?", .binds = "ft"},
    {"outcome_reviews", "Family plan outcomes reviewed", SV_COUNT,
     .sql = "SELECT count(*) FROM eh_review WHERE date BETWEEN ? AND ?", .binds = "ft"},
    {"outcomes_achieved", "Reviews finding the outcome achieved", SV_PROPORTION,
     .sql = "SELECT count(*) FROM eh_review WHERE status = 'ACHIEVED' AND date BETWEEN ? AND ?", .binds = "ft",
     .of = "outcome_reviews"},
    {"open_now", "Early help episodes open now", SV_COUNT,
     .sql = "SELECT count(*) FROM early_help WHERE start <= ? AND (end_date IS NULL OR end_date > ?)", .binds = "nn"},
};
#undef FROM
#undef ENDED

static int early_help(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                      struct err *e)
{
    return figures_area(s, early_help_figures, FIG_N(early_help_figures), &(struct fig_days){from, to, today, 0},
                        out, e);
}

const struct service_area service_area_early_help = {"early_help", "Early help", early_help};

#define PROBLEM                                                                                   \
    "SELECT count(*) FROM sf_problem p JOIN sf_family f ON f.id = p.family_id WHERE p.problem = ? AND " \
    "f.attached BETWEEN ? AND ?"
#define CLAIMED(outcome)                                                                          \
    "SELECT count(*) FROM sf_claim_family f JOIN sf_claim c ON c.id = f.claim_id WHERE f.outcome = " \
    "'" outcome "' AND c.claimed BETWEEN ? AND ?"

static int stronger_families(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                             struct err *e)
{
    struct db *d = store_db(s);
    int64_t target = 0, t_start = 0, t_end = 0, cohort = 0, cohort_claimed = 0;
    /* the target whose period holds the period's last day (the latest starting, if several);
     * its cohort is the families attached from its start to that day */
#define TARGET(col) "SELECT " col " FROM sf_target WHERE start <= ? AND end_date >= ? ORDER BY start DESC, id DESC LIMIT 1"
    int rc = DB_INT(d, e, &target, TARGET("families"), DB_I(to), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &t_start, TARGET("start"), DB_I(to), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &t_end, TARGET("end_date"), DB_I(to), DB_I(to));
#undef TARGET
    if (t_end > to)
        t_end = to; /* the cohort so far */
    if (rc == HE_OK && target) {
        rc = DB_INT(d, e, &cohort, "SELECT count(*) FROM sf_family WHERE attached BETWEEN ? AND ?", DB_I(t_start),
                    DB_I(t_end));
        if (rc == HE_OK)
            rc = DB_INT(d, e, &cohort_claimed,
                        "SELECT count(*) FROM sf_family f JOIN sf_claim_family c ON c.family_id = f.id JOIN sf_claim "
                        "k ON k.id = c.claim_id WHERE f.attached BETWEEN ? AND ? AND k.claimed <= ?",
                        DB_I(t_start), DB_I(t_end), DB_I(to));
    }
    if (rc != HE_OK)
        return rc;
    const struct fig_def figures[] = {
        {"families_attached", "Families attached to the programme", SV_COUNT,
         .sql = "SELECT count(*) FROM sf_family WHERE attached BETWEEN ? AND ?", .binds = "ft"},
        {"problem_crime", "of them: crime or antisocial behaviour", SV_COUNT,
         .sql = PROBLEM, .binds = "sft", .text = "CRIME"},
        {"problem_school", "of them: not attending school regularly", SV_COUNT,
         .sql = PROBLEM, .binds = "sft", .text = "SCHOOL"},
        {"problem_child_help", "of them: children who need help", SV_COUNT,
         .sql = PROBLEM, .binds = "sft", .text = "CHILD_HELP"},
        {"problem_work", "of them: worklessness or financial exclusion", SV_COUNT,
         .sql = PROBLEM, .binds = "sft", .text = "WORK"},
        {"problem_domestic_abuse", "of them: domestic violence and abuse", SV_COUNT, .sql = PROBLEM, .binds = "sft",
         .text = "DOMESTIC_ABUSE"},
        {"problem_health", "of them: health problems", SV_COUNT, .sql = PROBLEM, .binds = "sft", .text = "HEALTH"},
        {"problems_per_family", "Headline problems a family attached had", SV_MEAN,
         .sql = "SELECT count(*) FROM sf_problem p JOIN sf_family f ON f.id = p.family_id WHERE f.attached "
         "BETWEEN ? AND ?",
         .binds = "ft", .of = "families_attached", .unit = "problems"},
        {"results_sustained", "Problems with significant and sustained progress evidenced", SV_COUNT,
         .sql = "SELECT count(*) FROM sf_problem WHERE result = 'SUSTAINED' AND result_date BETWEEN ? AND ?",
         .binds = "ft"},
        {"results_employment", "Adults into continuous employment evidenced", SV_COUNT,
         .sql = "SELECT count(*) FROM sf_problem WHERE result = 'EMPLOYMENT' AND result_date BETWEEN ? AND ?",
         .binds = "ft"},
        {"claimed_progress", "Families claimed for: significant and sustained progress", SV_COUNT,
         .sql = CLAIMED("PROGRESS"), .binds = "ft"},
        {"claimed_employment", "Families claimed for: continuous employment", SV_COUNT,
         .sql = CLAIMED("EMPLOYMENT"), .binds = "ft"},
        {"target", NULL, SV_COUNT, .value = &target},
        {"cohort_attached", "The target's cohort: families attached against the target", SV_PROPORTION,
         .value = &cohort, .of = "target"},
        {"cohort_claimed", "The target's cohort: families claimed for against the target", SV_PROPORTION,
         .value = &cohort_claimed, .of = "target"},
        {"families_working_now", "Families in the programme now, not yet claimed for", SV_COUNT,
         .sql = "SELECT count(*) FROM sf_family f WHERE f.attached <= ? AND NOT EXISTS (SELECT 1 FROM "
         "sf_claim_family c WHERE c.family_id = f.id)",
         .binds = "n"},
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}
#undef PROBLEM
#undef CLAIMED

const struct service_area service_area_stronger_families = {"stronger_families", "Stronger Families",
                                                            stronger_families};
