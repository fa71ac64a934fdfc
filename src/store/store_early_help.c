/* store_early_help: early help episodes and Stronger Families (early_help.h) written once
 * on db.h's portable SQL. Each write is one transaction: it checks that the episode is the
 * child's (and open, where that matters), checks and bumps the record version, and writes;
 * a refusal rolls everything back. Step-up and step-down write both sides of the move in
 * the same transaction, so neither side can exist without the other. */
#include "early_help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/child.h"
#include "../model/codes.h"
#include "db.h"
#include "store_impl.h"
#include "workflow.h"

#define N(a) (int)(sizeof a / sizeof a[0])

const struct stage_code eh_agencies[] = {
    {"EARLY_HELP", "Early help service"},
    {"FAMILY_HUB", "Family hub or children's centre"},
    {"SCHOOL", "School or college"},
    {"EARLY_YEARS", "Nursery or early years setting"},
    {"HEALTH_VISITING", "Health visiting"},
    {"SCHOOL_NURSING", "School nursing"},
    {"GP", "GP or other health service"},
    {"MENTAL_HEALTH", "Children's mental health service"},
    {"POLICE", "Police"},
    {"YOUTH_JUSTICE", "Youth justice service"},
    {"HOUSING", "Housing"},
    {"JOBCENTRE", "Jobcentre Plus or employment support"},
    {"VOLUNTARY", "Voluntary or community organisation"},
    {"SOCIAL_CARE", "Children's social care"},
    {"OTHER", "Other agency"},
};
const int n_eh_agencies = N(eh_agencies);

const struct stage_code eh_close_outcomes[] = {
    {"NEEDS_MET", "The family's needs were met"},
    {"UNIVERSAL", "Needs now met by universal services"},
    {"DECLINED", "The family withdrew consent or would not engage"},
    {"MOVED", "The family moved out of the area"},
    {"OTHER", "Other reason"},
};
const int n_eh_close_outcomes = N(eh_close_outcomes);

const struct stage_code eh_review_statuses[] = {
    {"ACHIEVED", "Achieved"},
    {"PROGRESS", "Some progress"},
    {"NO_PROGRESS", "No progress"},
    {"NOT_NEEDED", "No longer needed"},
};
const int n_eh_review_statuses = N(eh_review_statuses);

/* Durham's six headline problems for Phase 2 (Cabinet report, March 2015, paragraph 66). */
const struct stage_code sf_problems[] = {
    {"CRIME", "Parents and children involved in crime or antisocial behaviour"},
    {"SCHOOL", "Children who have not been attending school regularly"},
    {"CHILD_HELP", "Children who need help"},
    {"WORK", "Adults out of work or at risk of financial exclusion, or young people at risk of worklessness"},
    {"DOMESTIC_ABUSE", "Families affected by domestic violence and abuse"},
    {"HEALTH", "Parents and children with a range of health problems"},
};
const int n_sf_problems = N(sf_problems);

const struct stage_code sf_results[] = {
    {"SUSTAINED", "Significant and sustained progress"},
    {"EMPLOYMENT", "Continuous employment"},
};
const int n_sf_results = N(sf_results);

static bool in_list(const struct stage_code *l, int n, const char *code)
{
    return code && stage_label(l, n, code) != NULL;
}

static int finish(struct store *s, int rc, struct err *e)
{
    if (rc == HE_OK)
        return store_commit(s, e);
    store_rollback(s, NULL);
    return rc;
}

static bool blank(const char *s) { return !s || !*s; }

static int check_person(const struct eh_person *p, struct err *e)
{
    if (blank(p->name))
        return err_at(e, HE_INPUT, NULL, 0, "name", "Enter the professional's name");
    if (blank(p->role))
        return err_at(e, HE_INPUT, NULL, 0, "role", "Enter the professional's role");
    if (!in_list(eh_agencies, n_eh_agencies, p->agency))
        return err_at(e, HE_INPUT, NULL, 0, "agency", "Choose the professional's agency");
    return HE_OK;
}

/* A professional row on the child's record (the people module's table), in the caller's
 * transaction. */
static int add_professional(struct store *s, rec_id person, const struct eh_person *p, day_t start, int64_t *id,
                            struct err *e)
{
    return DB_INT(store_db(s), e, id,
                  "INSERT INTO professional (person_id, role, name, agency, contact, start) VALUES (?, ?, ?, ?, '', ?)"
                  " RETURNING id",
                  DB_I(person), DB_T(p->role), DB_T(p->name),
                  DB_T(stage_label(eh_agencies, n_eh_agencies, p->agency)), DB_I(start));
}

static int open_cin(struct store *s, rec_id person, int64_t *n, struct err *e)
{
    return DB_INT(store_db(s), e, n, "SELECT count(*) FROM cin_episode WHERE person_id = ? AND closure_date IS NULL",
                  DB_I(person));
}

/* No other early help episode open on day, none starting that day, none open at all. */
static int no_overlap(struct store *s, rec_id person, day_t day, struct err *e)
{
    int64_t n = 0;
    int rc = DB_INT(store_db(s), e, &n,
                    "SELECT count(*) FROM early_help WHERE person_id = ? AND (end_date IS NULL OR start = ? OR "
                    "(start <= ? AND end_date >= ?))",
                    DB_I(person), DB_I(day), DB_I(day), DB_I(day));
    if (rc == HE_OK && n)
        rc = err_at(e, HE_INPUT, NULL, 0, "start",
                    "This child already has an early help episode open on that date: close it first");
    return rc;
}

/* The early_help row and its eh_episode, in the caller's transaction. */
static int new_episode(struct store *s, const struct cw_user *u, rec_id person, day_t start, const char *from,
                       rec_id contact, rec_id from_episode, const struct eh_person *lead, int64_t now,
                       rec_id *episode, struct err *e)
{
    int64_t lead_id = 0;
    int rc = no_overlap(s, person, start, e);
    if (rc == HE_OK)
        rc = add_professional(s, person, lead, start, &lead_id, e);
    struct early_help h = {.person = person, .start = start, .end = DAY_NONE,
                           .organisation = stage_label(eh_agencies, n_eh_agencies, lead->agency)};
    if (rc == HE_OK)
        rc = store_put_early_help(s, date_year_to_march(start), &h, episode, NULL, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO eh_episode (early_help_id, opened_from, contact_id, from_episode, lead_id, opened_by,"
                    " opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    DB_I(*episode), DB_T(from), DB_Z(contact), DB_Z(from_episode), DB_I(lead_id), DB_I(u->id),
                    DB_I(now));
    return rc;
}

int eh_open(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, day_t start, const char *from,
            rec_id contact, const struct eh_person *lead, int64_t now, rec_id *episode, struct err *e)
{
    *episode = 0;
    if (!start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date early help started");
    bool by_contact = from && !strcmp(from, "contact");
    if (!by_contact && !(from && !strcmp(from, "direct")))
        return err_at(e, HE_INPUT, NULL, 0, "from", "Choose how early help began");
    if (by_contact && !contact)
        return err_at(e, HE_INPUT, NULL, 0, "contact", "Choose the contact whose decision was early help");
    int rc = check_person(lead, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    int64_t n = 0;
    rc = open_cin(s, person, &n, e);
    if (rc == HE_OK && n)
        rc = err_at(e, HE_INPUT, NULL, 0, "from",
                    "This child has an open episode of need: step it down to early help instead");
    if (rc == HE_OK && by_contact) {
        int64_t decided = 0;
        rc = DB_INT(store_db(s), e, &decided,
                    "SELECT decision_date FROM contact c WHERE c.id = ? AND c.person_id = ? AND c.decision = "
                    "'EARLY_HELP' AND NOT EXISTS (SELECT 1 FROM eh_episode x WHERE x.contact_id = c.id)",
                    DB_I(contact), DB_I(person));
        if (rc == HE_OK && !decided)
            rc = err_at(e, HE_INPUT, NULL, 0, "contact",
                        "That contact is not one of this child's decided early help and waiting");
        if (rc == HE_OK && start < (day_t)decided)
            rc = err_at(e, HE_INPUT, NULL, 0, "start",
                        "Early help cannot start before the threshold decision that asked for it");
    }
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = new_episode(s, u, person, start, by_contact ? "contact" : "direct", by_contact ? contact : 0, 0, lead,
                         now, episode, e);
    return finish(s, rc, e);
}

int eh_step_down(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, day_t day,
                 const struct eh_person *lead, int64_t now, rec_id *episode, struct err *e)
{
    *episode = 0;
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the date of the step-down");
    int rc = check_person(lead, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = store_begin(s, e)) != HE_OK)
        return rc;
    struct child_file c;
    memset(&c, 0, sizeof c);
    if ((rc = store_load_child(s, person, &c, e)) != HE_OK)
        return finish(s, rc, e);
    rec_id ep = 0;
    size_t ei = 0;
    for (size_t i = 0; i < c.n_episodes; i++)
        if (!c.episodes[i].closure_date) {
            ep = c.episodes_id[i];
            ei = i;
        }
    if (!ep)
        rc = err_at(e, HE_INPUT, NULL, 0, "start", "This child has no open episode of need to step down");
    else if (stage_la_on(&c, day) >= 0)
        rc = err_at(e, HE_INPUT, NULL, 0, "start",
                    "This child is looked after on that date: a looked-after child is not stepped down to "
                    "early help");
    /* RC9 (closed after assessment, referred to early help) when the episode ended at its
     * assessment; any plan or enquiry means services ceased later (RC7) */
    const char *reason = "RC7";
    if (rc == HE_OK) {
        bool assessed = false, more = false;
        for (size_t k = 0; k < c.n_assessments; k++)
            assessed |= c.assessments[k].episode == ep;
        for (size_t k = 0; k < c.n_cin_plans; k++)
            more |= c.cin_plans[k].episode == ep;
        for (size_t k = 0; k < c.n_cp_plans; k++)
            more |= c.cp_plans[k].episode == ep;
        for (size_t k = 0; k < c.n_s47s; k++)
            more |= c.s47s[k].episode == ep;
        if (assessed && !more && codes_cin_valid("reasonforclosuretype", "RC9", date_year_to_march(day)))
            reason = "RC9";
        rc = stage_check_closure(&c, ep, day, reason, e);
        if (rc == HE_INPUT && !strcmp(e->field, "date"))
            snprintf(e->field, sizeof e->field, "start");
    }
    (void)ei;
    child_file_free(&c);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "UPDATE cin_episode SET closure_date = ?, closure_reason = ? WHERE id = ? AND person_id = ?",
                    DB_I(day), DB_T(reason), DB_I(ep), DB_I(person));
    if (rc == HE_OK)
        rc = new_episode(s, u, person, day, "step_down", 0, ep, lead, now, episode, e);
    return finish(s, rc, e);
}

/* The child's early help episode opened in hearth, open now: its start, or an error on
 * field. */
static int hearth_episode(struct store *s, rec_id person, rec_id episode, bool must_be_open, day_t *start,
                          const char *field, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT h.start, h.end_date FROM early_help h JOIN eh_episode x ON x.early_help_id = h.id "
                        "WHERE h.id = ? AND h.person_id = ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, episode);
    db_bind_int(st, 2, person);
    rc = db_step(st, e);
    bool ended = false;
    if (rc == DB_ROW) {
        *start = (day_t)db_int(st, 0);
        ended = !db_is_null(st, 1);
        rc = HE_OK;
    } else if (rc == DB_DONE)
        rc = err_at(e, HE_INPUT, NULL, 0, field, "There is no such early help episode on this child's record");
    db_finalize(st);
    if (rc == HE_OK && ended && must_be_open)
        rc = err_at(e, HE_INPUT, NULL, 0, field, "This early help episode has closed");
    return rc;
}

static int not_before(day_t day, day_t start, const char *field, const char *what, struct err *e)
{
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, field, "Enter %s", what);
    if (day < start) {
        char d[11];
        date_format_uk(start, d);
        return err_at(e, HE_INPUT, NULL, 0, field, "The date cannot be before early help started (%s)", d);
    }
    return HE_OK;
}

/* The last dated thing recorded in the episode (a closure cannot come before it). */
static int last_activity(struct store *s, rec_id episode, day_t *last, struct err *e)
{
    static const char *const q[] = {
        "SELECT max(date) FROM eh_meeting WHERE episode_id = ?",
        "SELECT max(r.date) FROM eh_review r JOIN eh_outcome o ON o.id = r.outcome_id WHERE o.episode_id = ?",
        "SELECT max(completed) FROM eh_assessment WHERE episode_id = ?",
    };
    *last = 0;
    for (int i = 0; i < N(q); i++) {
        int64_t v = 0;
        int rc = DB_INT(store_db(s), e, &v, q[i], DB_I(episode));
        if (rc != HE_OK)
            return rc;
        if (v > *last)
            *last = (day_t)v;
    }
    return HE_OK;
}

static int end_episode(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t day,
                       const char *outcome, rec_id to, struct err *e)
{
    day_t start = 0, last = 0;
    int rc = hearth_episode(s, person, episode, true, &start, "date", e);
    if (rc == HE_OK)
        rc = not_before(day, start, "date", "the date early help ended", e);
    if (rc == HE_OK)
        rc = last_activity(s, episode, &last, e);
    if (rc == HE_OK && day < last) {
        char d[11];
        date_format_uk(last, d);
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "Work is recorded in this episode on %s, after that date", d);
    }
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE early_help SET end_date = ? WHERE id = ?", DB_I(day), DB_I(episode));
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "UPDATE eh_episode SET outcome = ?, to_episode = ? WHERE early_help_id = ?",
                    DB_T(outcome), DB_Z(to), DB_I(episode));
    return rc;
}

int eh_close(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t day, const char *outcome,
             struct err *e)
{
    if (!in_list(eh_close_outcomes, n_eh_close_outcomes, outcome))
        return err_at(e, HE_INPUT, NULL, 0, "outcome", "Choose the outcome of early help");
    int rc = store_begin(s, e);
    if (rc == HE_OK)
        rc = finish(s, end_episode(s, person, seen, episode, day, outcome, 0, e), e);
    return rc;
}

int eh_step_up(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode, day_t day,
               const char *primary_need, int64_t team, int64_t now, rec_id *referral, struct err *e)
{
    *referral = 0;
    if (!day)
        return err_at(e, HE_INPUT, NULL, 0, "date", "Enter the date of the step-up");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    int64_t n = 0;
    rc = open_cin(s, person, &n, e);
    if (rc == HE_OK && n)
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "This child already has an open episode of need");
    if (rc == HE_OK) {
        /* the referral first, so the closure can name it; both or neither are kept */
        struct cin_episode ep = {.person = person, .referral_date = day, .referral_source = EH_STEP_UP_SOURCE,
                                 .primary_need = blank(primary_need) ? NULL : primary_need,
                                 .closure_date = DAY_NONE, .referral_nfa = 0, .icpc_date = DAY_NONE};
        int64_t same = 0;
        rc = DB_INT(store_db(s), e, &same, "SELECT count(*) FROM cin_episode WHERE person_id = ? AND referral_date = ?",
                    DB_I(person), DB_I(day));
        if (rc == HE_OK && same)
            rc = err_at(e, HE_INPUT, NULL, 0, "date", "This child already has a referral on that date");
        if (rc == HE_OK)
            rc = store_put_cin_episode(s, date_year_to_march(day), &ep, referral, NULL, e);
    }
    if (rc == HE_OK)
        rc = end_episode(s, person, seen, episode, day, "STEP_UP", *referral, e);
    if (rc == HE_OK && team)
        rc = wf_move_in_txn(s, u, person, team, "referral", "Stepped up from early help", day, now, e);
    if (rc != HE_OK)
        *referral = 0;
    return finish(s, rc, e);
}

/* Begin, the episode is the child's and open, day not before its start, the version. */
static int begin_in(struct store *s, rec_id person, int64_t seen, rec_id episode, day_t day, const char *field,
                    const char *what, struct err *e)
{
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    day_t start = 0;
    rc = hearth_episode(s, person, episode, true, &start, field, e);
    if (rc == HE_OK)
        rc = not_before(day, start, field, what, e);
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc != HE_OK)
        store_rollback(s, NULL);
    return rc;
}

int eh_assessment(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode,
                  day_t start, day_t completed, const char *needs, int64_t now, struct err *e)
{
    if (blank(needs))
        return err_at(e, HE_INPUT, NULL, 0, "needs", "Enter what the assessment found");
    if (completed && start && completed < start)
        return err_at(e, HE_INPUT, NULL, 0, "completed", "The assessment cannot be completed before it started");
    int rc = begin_in(s, person, seen, episode, start, "start", "the date the assessment started", e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e, "DELETE FROM eh_assessment WHERE episode_id = ?", DB_I(episode));
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO eh_assessment (episode_id, start, completed, needs, by_user, at) VALUES (?, ?, ?, ?, "
                    "?, ?)",
                    DB_I(episode), DB_I(start), DB_Z(completed), DB_T(needs), DB_I(u->id), DB_I(now));
    return finish(s, rc, e);
}

int eh_member_add(struct store *s, rec_id person, int64_t seen, rec_id episode, const struct eh_person *who,
                  day_t start, struct err *e)
{
    int rc = check_person(who, e);
    if (rc != HE_OK)
        return rc;
    if ((rc = begin_in(s, person, seen, episode, start, "start", "the date they joined", e)) != HE_OK)
        return rc;
    int64_t pro = 0;
    rc = add_professional(s, person, who, start, &pro, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e, "INSERT INTO eh_member (episode_id, professional_id) VALUES (?, ?)", DB_I(episode),
                    DB_I(pro));
    return finish(s, rc, e);
}

int eh_meeting_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode, day_t date,
                   const char *attended, const char *summary, day_t next, int64_t now, struct err *e)
{
    if (blank(attended))
        return err_at(e, HE_INPUT, NULL, 0, "attended", "Enter who came to the meeting");
    if (blank(summary))
        return err_at(e, HE_INPUT, NULL, 0, "summary", "Enter what the meeting agreed");
    if (next && date && next <= date)
        return err_at(e, HE_INPUT, NULL, 0, "next", "The next meeting must be after this one");
    int rc = begin_in(s, person, seen, episode, date, "date", "the date of the meeting", e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO eh_meeting (episode_id, date, attended, summary, next_date, by_user, at) VALUES (?, ?, ?, "
                "?, ?, ?, ?)",
                DB_I(episode), DB_I(date), DB_T(attended), DB_T(summary), DB_Z(next), DB_I(u->id), DB_I(now));
    return finish(s, rc, e);
}

int eh_outcome_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode,
                   const char *outcome, day_t start, day_t review_by, int64_t now, struct err *e)
{
    if (blank(outcome))
        return err_at(e, HE_INPUT, NULL, 0, "outcome", "Enter the outcome the family wants to achieve");
    if (review_by && start && review_by < start)
        return err_at(e, HE_INPUT, NULL, 0, "review_by", "The review cannot be before the outcome was agreed");
    int rc = begin_in(s, person, seen, episode, start, "start", "the date the outcome was agreed", e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO eh_outcome (episode_id, outcome, start, review_by, by_user, at) VALUES (?, ?, ?, ?, ?, ?)",
                DB_I(episode), DB_T(outcome), DB_I(start), DB_Z(review_by), DB_I(u->id), DB_I(now));
    return finish(s, rc, e);
}

int eh_review_add(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode,
                  int64_t outcome, day_t date, const char *status, const char *note, int64_t now, struct err *e)
{
    if (!in_list(eh_review_statuses, n_eh_review_statuses, status))
        return err_at(e, HE_INPUT, NULL, 0, "status", "Choose how far the outcome has been achieved");
    if (blank(note))
        return err_at(e, HE_INPUT, NULL, 0, "note", "Enter what the review found");
    int rc = begin_in(s, person, seen, episode, date, "date", "the date of the review", e);
    if (rc != HE_OK)
        return rc;
    int64_t agreed = 0;
    rc = DB_INT(store_db(s), e, &agreed, "SELECT start FROM eh_outcome WHERE id = ? AND episode_id = ?", DB_I(outcome),
                DB_I(episode));
    if (rc == HE_OK && !agreed)
        rc = err_at(e, HE_INPUT, NULL, 0, "outcome", "Choose an outcome of this family's plan");
    if (rc == HE_OK && date < (day_t)agreed)
        rc = err_at(e, HE_INPUT, NULL, 0, "date", "The review cannot be before the outcome was agreed");
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "INSERT INTO eh_review (outcome_id, date, status, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)",
                    DB_I(outcome), DB_I(date), DB_T(status), DB_T(note), DB_I(u->id), DB_I(now));
    return finish(s, rc, e);
}

/* ---- Stronger Families ------------------------------------------------------------------ */
int sf_attach(struct store *s, const struct cw_user *u, rec_id person, int64_t seen, rec_id episode, day_t day,
              const struct sf_problem_in *p, int n, int64_t now, struct err *e)
{
    if (n < 2)
        return err_at(e, HE_INPUT, NULL, 0, "problems",
                      "Choose at least two of the headline problems: a family meets two to join the programme");
    for (int i = 0; i < n; i++) {
        if (!in_list(sf_problems, n_sf_problems, p[i].problem))
            return err_at(e, HE_INPUT, NULL, 0, "problems", "Choose the problems from the list");
        for (int j = 0; j < i; j++)
            if (!strcmp(p[i].problem, p[j].problem))
                return err_at(e, HE_INPUT, NULL, 0, "problems", "Each problem is chosen once");
        if (blank(p[i].evidence))
            return err_at(e, HE_INPUT, NULL, 0, "evidence", "Enter the evidence for: %s",
                          stage_label(sf_problems, n_sf_problems, p[i].problem));
        if (blank(p[i].plan))
            return err_at(e, HE_INPUT, NULL, 0, "plan", "Enter the outcome plan for: %s",
                          stage_label(sf_problems, n_sf_problems, p[i].problem));
    }
    int rc = begin_in(s, person, seen, episode, day, "attached", "the date the family was found eligible", e);
    if (rc != HE_OK)
        return rc;
    int64_t fam = 0;
    rc = DB_INT(store_db(s), e, &fam, "SELECT id FROM sf_family WHERE episode_id = ?", DB_I(episode));
    if (rc == HE_OK && fam)
        rc = err_at(e, HE_INPUT, NULL, 0, "attached", "This family is already attached to the programme");
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &fam,
                    "INSERT INTO sf_family (episode_id, attached, by_user, at) VALUES (?, ?, ?, ?) RETURNING id",
                    DB_I(episode), DB_I(day), DB_I(u->id), DB_I(now));
    for (int i = 0; rc == HE_OK && i < n; i++)
        rc = DB_RUN(store_db(s), e, "INSERT INTO sf_problem (family_id, problem, evidence, plan) VALUES (?, ?, ?, ?)",
                    DB_I(fam), DB_T(p[i].problem), DB_T(p[i].evidence), DB_T(p[i].plan));
    return finish(s, rc, e);
}

int sf_result(struct store *s, rec_id person, int64_t seen, rec_id episode, const char *problem, const char *result,
              day_t day, const char *evidence, struct err *e)
{
    if (!in_list(sf_results, n_sf_results, result))
        return err_at(e, HE_INPUT, NULL, 0, "result", "Choose the result");
    if (!strcmp(result, "EMPLOYMENT") && !(problem && !strcmp(problem, "WORK")))
        return err_at(e, HE_INPUT, NULL, 0, "result",
                      "Continuous employment is a result for worklessness only; choose significant and sustained "
                      "progress");
    if (blank(evidence))
        return err_at(e, HE_INPUT, NULL, 0, "evidence", "Enter the evidence of the result");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    day_t start = 0;
    /* a result may be evidenced after the episode closed: sustained means it lasted */
    rc = hearth_episode(s, person, episode, false, &start, "problem", e);
    int64_t fam = 0, attached = 0, claimed = 0, has = 0;
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &fam, "SELECT id FROM sf_family WHERE episode_id = ?", DB_I(episode));
    if (rc == HE_OK && !fam)
        rc = err_at(e, HE_INPUT, NULL, 0, "problem", "This family is not attached to the programme");
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &attached, "SELECT attached FROM sf_family WHERE id = ?", DB_I(fam));
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &has, "SELECT count(*) FROM sf_problem WHERE family_id = ? AND problem = ?",
                    DB_I(fam), DB_T(problem));
    if (rc == HE_OK && !has)
        rc = err_at(e, HE_INPUT, NULL, 0, "problem", "Choose one of the problems this family was attached with");
    if (rc == HE_OK)
        rc = DB_INT(store_db(s), e, &claimed, "SELECT count(*) FROM sf_claim_family WHERE family_id = ?", DB_I(fam));
    if (rc == HE_OK && claimed)
        rc = err_at(e, HE_INPUT, NULL, 0, "result", "A results claim has been made for this family: its results stay");
    if (rc == HE_OK)
        rc = not_before(day, (day_t)attached, "date", "the date of the result", e);
    if (rc == HE_INPUT && !strcmp(e->field, "date") && day)
        snprintf(e->msg, sizeof e->msg, "The result cannot be before the family was attached to the programme");
    if (rc == HE_OK)
        rc = cw_version_bump(s, person, seen, e);
    if (rc == HE_OK)
        rc = DB_RUN(store_db(s), e,
                    "UPDATE sf_problem SET result = ?, result_date = ?, result_evidence = ? WHERE family_id = ? AND "
                    "problem = ?",
                    DB_T(result), DB_I(day), DB_T(evidence), DB_I(fam), DB_T(problem));
    return finish(s, rc, e);
}

/* Families not yet claimed for whose results make them due in from..to: PROGRESS when
 * every problem has a result and the last is in the period, else (the PROGRESS rows are
 * inserted first, and a family claimed is not due) EMPLOYMENT when the worklessness
 * problem's continuous employment is in the period. */
#define DUE_PROGRESS                                                                                              \
    "SELECT f.id FROM sf_family f WHERE NOT EXISTS (SELECT 1 FROM sf_claim_family c WHERE c.family_id = f.id)"    \
    " AND NOT EXISTS (SELECT 1 FROM sf_problem p WHERE p.family_id = f.id AND p.result IS NULL)"                  \
    " AND (SELECT max(p.result_date) FROM sf_problem p WHERE p.family_id = f.id) BETWEEN ? AND ?"
#define DUE_EMPLOYMENT                                                                                            \
    "SELECT f.id FROM sf_family f WHERE NOT EXISTS (SELECT 1 FROM sf_claim_family c WHERE c.family_id = f.id)"    \
    " AND EXISTS (SELECT 1 FROM sf_problem p WHERE p.family_id = f.id AND p.problem = 'WORK' AND"                 \
    " p.result = 'EMPLOYMENT' AND p.result_date BETWEEN ? AND ?)"

int sf_claim(struct store *s, const struct cw_user *u, day_t from, day_t to, day_t claimed, int64_t now,
             int64_t *claim, int *families, struct err *e)
{
    *claim = 0;
    *families = 0;
    if (!from)
        return err_at(e, HE_INPUT, NULL, 0, "from", "Enter the first day of the claim's period");
    if (!to)
        return err_at(e, HE_INPUT, NULL, 0, "to", "Enter the last day of the claim's period");
    if (to < from)
        return err_at(e, HE_INPUT, NULL, 0, "to", "The period cannot end before it starts");
    if (claimed < to)
        return err_at(e, HE_INPUT, NULL, 0, "to", "A claim is made after its period has ended");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_INT(store_db(s), e, claim,
                "INSERT INTO sf_claim (period_from, period_to, claimed, by_user, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                DB_I(from), DB_I(to), DB_I(claimed), DB_I(u->id), DB_I(now));
    int64_t a = 0, b = 0;
    if (rc == HE_OK)
        rc = db_run(store_db(s),
                    "INSERT INTO sf_claim_family (claim_id, family_id, outcome) SELECT ?, id, 'PROGRESS' FROM (" DUE_PROGRESS
                    ") d",
                    NULL, &a, e, DB_ARGS_(DB_I(*claim), DB_I(from), DB_I(to)));
    if (rc == HE_OK)
        rc = db_run(store_db(s),
                    "INSERT INTO sf_claim_family (claim_id, family_id, outcome) SELECT ?, id, 'EMPLOYMENT' FROM ("
                    DUE_EMPLOYMENT ") d",
                    NULL, &b, e, DB_ARGS_(DB_I(*claim), DB_I(from), DB_I(to)));
    if (rc == HE_OK && a + b == 0)
        rc = err_at(e, HE_INPUT, NULL, 0, "from", "No family's results fall in that period without a claim already");
    if (rc == HE_OK)
        *families = (int)(a + b);
    else
        *claim = 0;
    return finish(s, rc, e);
}

int sf_claims(struct store *s, struct sf_claim_row **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id, c.period_from, c.period_to, c.claimed,"
                        " (SELECT count(*) FROM sf_claim_family f WHERE f.claim_id = c.id AND f.outcome = 'PROGRESS'),"
                        " (SELECT count(*) FROM sf_claim_family f WHERE f.claim_id = c.id AND f.outcome = 'EMPLOYMENT')"
                        " FROM sf_claim c ORDER BY c.claimed DESC, c.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct sf_claim_row *g = realloc(*out, (size_t)cap * sizeof **out);
            if (!g)
                abort();
            *out = g;
        }
        (*out)[(*n)++] = (struct sf_claim_row){db_int(st, 0), (day_t)db_int(st, 1), (day_t)db_int(st, 2),
                                               (day_t)db_int(st, 3), db_int(st, 4), db_int(st, 5)};
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int sf_target_set(struct store *s, const char *name, day_t start, day_t end, int64_t families, struct err *e)
{
    if (blank(name))
        return err_at(e, HE_INPUT, NULL, 0, "name", "Enter the target's name, for example Phase 2");
    if (!start)
        return err_at(e, HE_INPUT, NULL, 0, "start", "Enter the first day of the target's period");
    if (!end)
        return err_at(e, HE_INPUT, NULL, 0, "end", "Enter the last day of the target's period");
    if (end < start)
        return err_at(e, HE_INPUT, NULL, 0, "end", "The period cannot end before it starts");
    if (families <= 0)
        return err_at(e, HE_INPUT, NULL, 0, "families", "Enter the number of families, a whole number above 0");
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    rc = DB_RUN(store_db(s), e,
                "INSERT INTO sf_target (name, start, end_date, families) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO "
                "UPDATE SET start = excluded.start, end_date = excluded.end_date, families = excluded.families",
                DB_T(name), DB_I(start), DB_I(end), DB_I(families));
    return finish(s, rc, e);
}

int sf_targets(struct store *s, struct sf_target_row **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT t.id, t.name, t.start, t.end_date, t.families,"
                        " (SELECT count(*) FROM sf_family f WHERE f.attached BETWEEN t.start AND t.end_date),"
                        " (SELECT count(*) FROM sf_family f JOIN sf_claim_family c ON c.family_id = f.id"
                        "  WHERE f.attached BETWEEN t.start AND t.end_date)"
                        " FROM sf_target t ORDER BY t.start, t.id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    int cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct sf_target_row *g = realloc(*out, (size_t)cap * sizeof **out);
            if (!g)
                abort();
            *out = g;
        }
        struct sf_target_row *t = &(*out)[(*n)++];
        memset(t, 0, sizeof *t);
        t->id = db_int(st, 0);
        snprintf(t->name, sizeof t->name, "%s", db_text(st, 1) ? db_text(st, 1) : "");
        t->start = (day_t)db_int(st, 2);
        t->end = (day_t)db_int(st, 3);
        t->families = db_int(st, 4);
        t->attached = db_int(st, 5);
        t->claimed = db_int(st, 6);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

/* ---- loading a child's episodes --------------------------------------------------------- */
static const char *dup(struct arena *a, struct db_stmt *st, int col) { return arena_strdup(a, db_text(st, col)); }
static day_t day_or_none(struct db_stmt *st, int col) { return db_is_null(st, col) ? DAY_NONE : (day_t)db_int(st, col); }

static struct eh_episode *find_mut(struct eh_file *f, rec_id id)
{
    for (int i = 0; i < f->n_episodes; i++)
        if (f->episodes[i].id == id)
            return &f->episodes[i];
    return NULL;
}

const struct eh_episode *eh_find(const struct eh_file *f, rec_id id)
{
    return find_mut((struct eh_file *)f, id);
}

void eh_file_free(struct eh_file *f)
{
    arena_free(&f->mem);
    memset(f, 0, sizeof *f);
}

int eh_load(struct store *s, rec_id person, struct eh_file *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct arena *a = &out->mem;
    int64_t n = 0;
    int rc = DB_INT(store_db(s), e, &n, "SELECT count(*) FROM early_help WHERE person_id = ?", DB_I(person));
    if (rc != HE_OK || !n)
        return rc;
    out->episodes = arena_alloc(a, (size_t)n * sizeof *out->episodes);
    struct db_stmt *st;
    rc = db_prepare(store_db(s),
                    "SELECT h.id, h.start, h.end_date, h.organisation, x.early_help_id, x.opened_from, x.contact_id,"
                    " x.from_episode, x.to_episode, x.outcome, p.name, p.role, p.agency, p.id,"
                    " a.start, a.completed, a.needs, f.id, f.attached,"
                    " (SELECT count(*) FROM sf_claim_family c WHERE c.family_id = f.id)"
                    " FROM early_help h LEFT JOIN eh_episode x ON x.early_help_id = h.id"
                    " LEFT JOIN professional p ON p.id = x.lead_id"
                    " LEFT JOIN eh_assessment a ON a.episode_id = h.id"
                    " LEFT JOIN sf_family f ON f.episode_id = h.id"
                    " WHERE h.person_id = ? ORDER BY h.start DESC, h.id DESC",
                    &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while ((rc = db_step(st, e)) == DB_ROW && out->n_episodes < n) {
        struct eh_episode *x = &out->episodes[out->n_episodes++];
        x->id = db_int(st, 0);
        x->start = (day_t)db_int(st, 1);
        x->end = day_or_none(st, 2);
        x->organisation = dup(a, st, 3);
        x->hearth = !db_is_null(st, 4);
        x->from = dup(a, st, 5);
        x->contact = db_int(st, 6);
        x->from_episode = db_int(st, 7);
        x->to_episode = db_int(st, 8);
        x->outcome = dup(a, st, 9);
        x->lead = (struct eh_member){db_int(st, 13), dup(a, st, 10), dup(a, st, 11), dup(a, st, 12), x->start,
                                     DAY_NONE};
        x->assessed = !db_is_null(st, 14);
        x->assessment_start = day_or_none(st, 14);
        x->assessment_done = day_or_none(st, 15);
        x->needs = dup(a, st, 16);
        x->family = db_int(st, 17);
        x->attached = day_or_none(st, 18);
        x->claimed = db_int(st, 19) > 0;
    }
    db_finalize(st);
    if (rc != DB_DONE && rc != DB_ROW) {
        eh_file_free(out);
        return rc;
    }
    rc = HE_OK;
    /* each episode's parts, read into arrays sized by a count first */
    for (int i = 0; rc == HE_OK && i < out->n_episodes; i++) {
        struct eh_episode *x = &out->episodes[i];
        if (!x->hearth)
            continue;
        int64_t k = 0;
        if ((rc = DB_INT(store_db(s), e, &k, "SELECT count(*) FROM eh_member WHERE episode_id = ?", DB_I(x->id))) !=
            HE_OK)
            break;
        if (k) {
            x->members = arena_alloc(a, (size_t)k * sizeof *x->members);
            if ((rc = db_prepare(store_db(s),
                                 "SELECT p.id, p.name, p.role, p.agency, p.start, p.end_date FROM eh_member m"
                                 " JOIN professional p ON p.id = m.professional_id WHERE m.episode_id = ?"
                                 " ORDER BY p.start, p.id",
                                 &st, e)) != HE_OK)
                break;
            db_bind_int(st, 1, x->id);
            while ((rc = db_step(st, e)) == DB_ROW && x->n_members < k)
                x->members[x->n_members++] =
                    (struct eh_member){db_int(st, 0), dup(a, st, 1), dup(a, st, 2), dup(a, st, 3),
                                       (day_t)db_int(st, 4), day_or_none(st, 5)};
            db_finalize(st);
            if (rc != DB_DONE && rc != DB_ROW)
                break;
            rc = HE_OK;
        }
        if ((rc = DB_INT(store_db(s), e, &k, "SELECT count(*) FROM eh_meeting WHERE episode_id = ?", DB_I(x->id))) !=
            HE_OK)
            break;
        if (k) {
            x->meetings = arena_alloc(a, (size_t)k * sizeof *x->meetings);
            if ((rc = db_prepare(store_db(s),
                                 "SELECT id, date, next_date, attended, summary FROM eh_meeting WHERE episode_id = ?"
                                 " ORDER BY date, id",
                                 &st, e)) != HE_OK)
                break;
            db_bind_int(st, 1, x->id);
            while ((rc = db_step(st, e)) == DB_ROW && x->n_meetings < k)
                x->meetings[x->n_meetings++] = (struct eh_meeting){db_int(st, 0), (day_t)db_int(st, 1),
                                                                   day_or_none(st, 2), dup(a, st, 3), dup(a, st, 4)};
            db_finalize(st);
            if (rc != DB_DONE && rc != DB_ROW)
                break;
            rc = HE_OK;
        }
        if ((rc = DB_INT(store_db(s), e, &k, "SELECT count(*) FROM eh_outcome WHERE episode_id = ?", DB_I(x->id))) !=
            HE_OK)
            break;
        if (k) {
            x->outcomes = arena_alloc(a, (size_t)k * sizeof *x->outcomes);
            /* the latest review of each: the greatest (date, id) */
            if ((rc = db_prepare(store_db(s),
                                 "SELECT o.id, o.outcome, o.start, o.review_by, r.status, r.date, r.note,"
                                 " (SELECT count(*) FROM eh_review q WHERE q.outcome_id = o.id)"
                                 " FROM eh_outcome o LEFT JOIN eh_review r ON r.id = (SELECT q.id FROM eh_review q"
                                 " WHERE q.outcome_id = o.id ORDER BY q.date DESC, q.id DESC LIMIT 1)"
                                 " WHERE o.episode_id = ? ORDER BY o.id",
                                 &st, e)) != HE_OK)
                break;
            db_bind_int(st, 1, x->id);
            while ((rc = db_step(st, e)) == DB_ROW && x->n_outcomes < k)
                x->outcomes[x->n_outcomes++] =
                    (struct eh_outcome){db_int(st, 0), dup(a, st, 1), (day_t)db_int(st, 2), day_or_none(st, 3),
                                        dup(a, st, 4), day_or_none(st, 5), dup(a, st, 6), (int)db_int(st, 7)};
            db_finalize(st);
            if (rc != DB_DONE && rc != DB_ROW)
                break;
            rc = HE_OK;
        }
        if (!x->family)
            continue;
        if ((rc = DB_INT(store_db(s), e, &k, "SELECT count(*) FROM sf_problem WHERE family_id = ?", DB_I(x->family))) !=
            HE_OK)
            break;
        x->problems = arena_alloc(a, (size_t)(k ? k : 1) * sizeof *x->problems);
        if ((rc = db_prepare(store_db(s),
                             "SELECT problem, evidence, plan, result, result_date, result_evidence FROM sf_problem"
                             " WHERE family_id = ?",
                             &st, e)) != HE_OK)
            break;
        db_bind_int(st, 1, x->family);
        while ((rc = db_step(st, e)) == DB_ROW && x->n_problems < k)
            x->problems[x->n_problems++] = (struct sf_problem){dup(a, st, 0), dup(a, st, 1), dup(a, st, 2),
                                                               dup(a, st, 3), day_or_none(st, 4), dup(a, st, 5)};
        db_finalize(st);
        if (rc != DB_DONE && rc != DB_ROW)
            break;
        rc = HE_OK;
        /* in the order of the programme's list */
        for (int p = 1; p < x->n_problems; p++)
            for (int q = p; q > 0; q--) {
                int ia = 0, ib = 0;
                for (int z = 0; z < n_sf_problems; z++) {
                    if (!strcmp(sf_problems[z].code, x->problems[q - 1].problem))
                        ia = z;
                    if (!strcmp(sf_problems[z].code, x->problems[q].problem))
                        ib = z;
                }
                if (ia <= ib)
                    break;
                struct sf_problem t = x->problems[q];
                x->problems[q] = x->problems[q - 1];
                x->problems[q - 1] = t;
            }
    }
    if (rc != HE_OK)
        eh_file_free(out);
    return rc;
}

int eh_contacts_waiting(struct store *s, rec_id person, rec_id *out, day_t *dates, int max, int *n, struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT c.id, c.date FROM contact c WHERE c.person_id = ? AND c.decision = 'EARLY_HELP'"
                        " AND NOT EXISTS (SELECT 1 FROM eh_episode x WHERE x.contact_id = c.id)"
                        " ORDER BY c.date DESC, c.id DESC",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, person);
    while ((rc = db_step(st, e)) == DB_ROW && *n < max) {
        out[*n] = db_int(st, 0);
        dates[(*n)++] = (day_t)db_int(st, 1);
    }
    db_finalize(st);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}

int eh_candidates(struct store *s, day_t from, day_t to, rec_id *children, rec_id *contacts, int max, int *n,
                  struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT c.person_id, max(c.id) FROM contact c WHERE c.date BETWEEN ? AND ? AND c.decision IS NULL"
                        " AND NOT EXISTS (SELECT 1 FROM cin_episode x WHERE x.person_id = c.person_id AND"
                        " x.closure_date IS NULL)"
                        " AND NOT EXISTS (SELECT 1 FROM early_help h WHERE h.person_id = c.person_id AND"
                        " h.end_date IS NULL)"
                        " AND NOT EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = c.person_id AND l.dec IS NULL)"
                        " GROUP BY c.person_id ORDER BY c.person_id LIMIT ?",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    db_bind_int(st, 3, max);
    while ((rc = db_step(st, e)) == DB_ROW && *n < max) {
        children[*n] = db_int(st, 0);
        contacts[(*n)++] = db_int(st, 1);
    }
    db_finalize(st);
    return rc == DB_DONE || rc == DB_ROW ? HE_OK : rc;
}
