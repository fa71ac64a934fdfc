/* figures_early_help: the wider service's "Early help" and "Stronger Families" areas
 * (measure/service.h): episodes started (and how: the front door, directly, stepped down),
 * stepped up, ended and their outcomes, assessments, meetings, the family plan's reviews,
 * what is open now; Stronger Families' families attached and their problems, results,
 * results claimed and the cohort against the authority's target. Defined in docs/kpis.md,
 * "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "../measure/service.h"
#include "store_impl.h"

static int early_help(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                      struct err *e)
{
    struct db *d = store_db(s);
    int64_t started = 0, by_contact = 0, direct = 0, down = 0, up = 0, decided = 0, taken = 0, ended = 0,
            ended_hearth = 0, met = 0, assessed = 0, days = 0, meetings = 0, reviews = 0, achieved = 0, open = 0,
            referrals = 0, referrals_up = 0, closures = 0, closures_down = 0;
#define P DB_I(from), DB_I(to)
    int rc = DB_INT(d, e, &started, "SELECT count(*) FROM early_help WHERE start BETWEEN ? AND ?", P);
#define FROM(kind)                                                                                                \
    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.opened_from = '" kind \
    "' AND h.start BETWEEN ? AND ?"
    if (rc == HE_OK)
        rc = DB_INT(d, e, &by_contact, FROM("contact"), P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &direct, FROM("direct"), P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &down, FROM("step_down"), P);
#undef FROM
    if (rc == HE_OK)
        rc = DB_INT(d, e, &up,
                    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.outcome = "
                    "'STEP_UP' AND h.end_date BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &decided,
                    "SELECT count(*) FROM contact WHERE decision = 'EARLY_HELP' AND decision_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &taken,
                    "SELECT count(*) FROM contact c JOIN eh_episode x ON x.contact_id = c.id WHERE c.decision = "
                    "'EARLY_HELP' AND c.decision_date BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &ended, "SELECT count(*) FROM early_help WHERE end_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &ended_hearth,
                    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.outcome IS "
                    "NOT NULL AND h.end_date BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &met,
                    "SELECT count(*) FROM eh_episode x JOIN early_help h ON h.id = x.early_help_id WHERE x.outcome IN "
                    "('NEEDS_MET', 'UNIVERSAL') AND h.end_date BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &assessed, "SELECT count(*) FROM eh_assessment WHERE completed BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &days,
                    "SELECT coalesce(sum(a.completed - h.start), 0) FROM eh_assessment a JOIN early_help h ON h.id = "
                    "a.episode_id WHERE a.completed BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &meetings, "SELECT count(*) FROM eh_meeting WHERE date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &reviews, "SELECT count(*) FROM eh_review WHERE date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &achieved,
                    "SELECT count(*) FROM eh_review WHERE status = 'ACHIEVED' AND date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &open,
                    "SELECT count(*) FROM early_help WHERE start <= ? AND (end_date IS NULL OR end_date > ?)",
                    DB_I(today), DB_I(today));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &referrals, "SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &referrals_up,
                    "SELECT count(*) FROM cin_episode c JOIN eh_episode x ON x.to_episode = c.id WHERE "
                    "c.referral_date BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &closures, "SELECT count(*) FROM cin_episode WHERE closure_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &closures_down,
                    "SELECT count(*) FROM cin_episode c JOIN eh_episode x ON x.from_episode = c.id WHERE "
                    "c.closure_date BETWEEN ? AND ?",
                    P);
#undef P
    if (rc != HE_OK)
        return rc;
    service_count(out, "episodes_started", "Early help episodes started", started);
    service_count(out, "started_from_front_door", "Started from a threshold decision at the front door", by_contact);
    service_count(out, "started_directly", "Started directly (a request from a school, health or the family)",
                  direct);
    service_count(out, "stepped_down", "Stepped down from social care to early help", down);
    service_count(out, "stepped_up", "Stepped up from early help to social care", up);
    service_proportion(out, "front_door_decisions_started",
                       "Threshold decisions of early help from which an episode was opened", taken, decided);
    service_proportion(out, "referrals_stepped_up", "Referrals to social care that were step-ups from early help",
                       referrals_up, referrals);
    service_proportion(out, "closures_stepped_down",
                       "Episodes of need closed with a step-down to early help", closures_down, closures);
    service_count(out, "episodes_ended", "Early help episodes ended", ended);
    service_proportion(out, "ended_needs_met",
                       "Episodes ended (recorded in hearth) with the family's needs met", met, ended_hearth);
    service_count(out, "assessments_completed", "Early help assessments completed", assessed);
    service_mean(out, "assessment_days", "Days from the start of early help to its assessment completed",
                 (double)days, assessed, "days");
    service_count(out, "family_meetings", "Team around the family meetings", meetings);
    service_count(out, "outcome_reviews", "Family plan outcomes reviewed", reviews);
    service_proportion(out, "outcomes_achieved", "Reviews finding the outcome achieved", achieved, reviews);
    service_count(out, "open_now", "Early help episodes open now", open);
    return HE_OK;
}

const struct service_area service_area_early_help = {"early_help", "Early help", early_help};

static const struct {
    const char *code, *id, *label;
} problems[] = {
    {"CRIME", "problem_crime", "of them: crime or antisocial behaviour"},
    {"SCHOOL", "problem_school", "of them: not attending school regularly"},
    {"CHILD_HELP", "problem_child_help", "of them: children who need help"},
    {"WORK", "problem_work", "of them: worklessness or financial exclusion"},
    {"DOMESTIC_ABUSE", "problem_domestic_abuse", "of them: domestic violence and abuse"},
    {"HEALTH", "problem_health", "of them: health problems"},
};

static int stronger_families(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                             struct err *e)
{
    struct db *d = store_db(s);
    int64_t attached = 0, problem_rows = 0, per[6] = {0}, sustained = 0, employment = 0, claimed_p = 0,
            claimed_e = 0, target = 0, t_start = 0, t_end = 0, cohort = 0, cohort_claimed = 0, working = 0;
#define P DB_I(from), DB_I(to)
    int rc = DB_INT(d, e, &attached, "SELECT count(*) FROM sf_family WHERE attached BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &problem_rows,
                    "SELECT count(*) FROM sf_problem p JOIN sf_family f ON f.id = p.family_id WHERE f.attached "
                    "BETWEEN ? AND ?",
                    P);
    for (int i = 0; rc == HE_OK && i < 6; i++)
        rc = DB_INT(d, e, &per[i],
                    "SELECT count(*) FROM sf_problem p JOIN sf_family f ON f.id = p.family_id WHERE p.problem = ? AND "
                    "f.attached BETWEEN ? AND ?",
                    DB_T(problems[i].code), P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &sustained,
                    "SELECT count(*) FROM sf_problem WHERE result = 'SUSTAINED' AND result_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &employment,
                    "SELECT count(*) FROM sf_problem WHERE result = 'EMPLOYMENT' AND result_date BETWEEN ? AND ?", P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &claimed_p,
                    "SELECT count(*) FROM sf_claim_family f JOIN sf_claim c ON c.id = f.claim_id WHERE f.outcome = "
                    "'PROGRESS' AND c.claimed BETWEEN ? AND ?",
                    P);
    if (rc == HE_OK)
        rc = DB_INT(d, e, &claimed_e,
                    "SELECT count(*) FROM sf_claim_family f JOIN sf_claim c ON c.id = f.claim_id WHERE f.outcome = "
                    "'EMPLOYMENT' AND c.claimed BETWEEN ? AND ?",
                    P);
#undef P
    /* the target whose period holds the period's last day (the latest starting, if several);
     * its cohort is the families attached from its start to that day */
#define TARGET(col) "SELECT " col " FROM sf_target WHERE start <= ? AND end_date >= ? ORDER BY start DESC, id DESC LIMIT 1"
    if (rc == HE_OK)
        rc = DB_INT(d, e, &target, TARGET("families"), DB_I(to), DB_I(to));
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
    if (rc == HE_OK)
        rc = DB_INT(d, e, &working,
                    "SELECT count(*) FROM sf_family f WHERE f.attached <= ? AND NOT EXISTS (SELECT 1 FROM "
                    "sf_claim_family c WHERE c.family_id = f.id)",
                    DB_I(today));
    if (rc != HE_OK)
        return rc;
    service_count(out, "families_attached", "Families attached to the programme", attached);
    for (int i = 0; i < 6; i++)
        service_count(out, problems[i].id, problems[i].label, per[i]);
    service_mean(out, "problems_per_family", "Headline problems a family attached had", (double)problem_rows,
                 attached, "problems");
    service_count(out, "results_sustained", "Problems with significant and sustained progress evidenced", sustained);
    service_count(out, "results_employment", "Adults into continuous employment evidenced", employment);
    service_count(out, "claimed_progress", "Families claimed for: significant and sustained progress", claimed_p);
    service_count(out, "claimed_employment", "Families claimed for: continuous employment", claimed_e);
    service_proportion(out, "cohort_attached", "The target's cohort: families attached against the target", cohort,
                       target);
    service_proportion(out, "cohort_claimed", "The target's cohort: families claimed for against the target",
                       cohort_claimed, target);
    service_count(out, "families_working_now", "Families in the programme now, not yet claimed for", working);
    return HE_OK;
}

const struct service_area service_area_stronger_families = {"stronger_families", "Stronger Families",
                                                            stronger_families};
