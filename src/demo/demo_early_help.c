/* demo_early_help: early help and Stronger Families for the demo authority, recorded
 * through the same store calls the forms use (store/early_help.h), so the dashboard's early
 * help and Stronger Families tables have something real to count. Deterministic from the
 * seed. During the last collection year: children met at the front door without a decision
 * get early help (some from a threshold decision of early help, the rest directly), with
 * their assessment, team around the family, meetings, family plan and reviews; most close;
 * half the families are attached to Stronger Families, with results and a results claim
 * each quarter, against Durham's targets and one for the demo's programme. No step-up or
 * step-down: each makes or closes an episode of need, which would change the year's statutory
 * figures after the demo has printed them (and records dated after the year would make it a
 * year of its own for `hearth validate`). */
#include "demo_early_help.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/casework.h"
#include "../store/early_help.h"
#include "../util/buf.h"

static const struct eh_person leads[] = {
    {"Jo Bell", "Family support worker", "EARLY_HELP"},
    {"Ms Khan", "Designated safeguarding lead", "SCHOOL"},
    {"Priya Shah", "Health visitor", "HEALTH_VISITING"},
    {"Tom Reed", "Family hub key worker", "FAMILY_HUB"},
    {"Ann Cole", "School nurse", "SCHOOL_NURSING"},
    {"Lee Park", "Youth worker", "VOLUNTARY"},
};
#define N_LEADS (int)(sizeof leads / sizeof leads[0])

static const char *const close_outcomes[] = {"NEEDS_MET", "NEEDS_MET", "UNIVERSAL", "DECLINED", "MOVED", "NEEDS_MET"};
static const char *const statuses[] = {"ACHIEVED", "PROGRESS", "ACHIEVED", "NO_PROGRESS", "ACHIEVED"};
static const struct sf_problem_in problems[] = {
    {"CRIME", "Police report of antisocial behaviour", "No further incidents for six months"},
    {"SCHOOL", "Attendance below 90% for three terms", "Attendance above 90% for three terms"},
    {"CHILD_HELP", "Early help assessment", "The family plan's outcomes achieved"},
    {"WORK", "Parent out of work, on Universal Credit", "Parent in continuous employment"},
    {"DOMESTIC_ABUSE", "Police domestic abuse notification", "No further incidents; support taken up"},
    {"HEALTH", "GP letter: parent's mental health", "Treatment started and kept to"},
};

/* A small deterministic generator (splitmix64). */
static uint64_t next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int pick(uint64_t *x, int n) { return (int)(next(x) % (uint64_t)n); }

static int version(struct store *s, rec_id kid, int64_t *v, struct err *e) { return cw_version(s, kid, v, e); }

/* One child's early help through the year. */
static int one_family(struct store *s, const struct cw_user *u, rec_id kid, rec_id contact, day_t start, day_t last,
                      uint64_t *x, int k, int64_t now, struct err *e)
{
    int64_t v = 0;
    rec_id ep = 0, none = 0;
    int rc = version(s, kid, &v, e);
    bool by_contact = k % 3 == 0;
    if (rc == HE_OK && by_contact)
        rc = cw_decide_contact(s, u, contact, v, "EARLY_HELP", start, NULL, &none, e);
    if (rc == HE_OK && by_contact)
        rc = version(s, kid, &v, e);
    if (rc == HE_OK)
        rc = eh_open(s, u, kid, v, start, by_contact ? "contact" : "direct", by_contact ? contact : 0,
                     &leads[pick(x, N_LEADS)], now, &ep, e);
    if (rc == HE_INPUT) /* a child this authority's records will not take (a contact dated after the
                         * start, say): the next one */
        return HE_OK;
    day_t assessed = start + 10 + pick(x, 30), meeting = assessed + 7, review = meeting + 42 + pick(x, 30),
          closed = review + 14 + pick(x, 60);
    if (rc == HE_OK && (rc = version(s, kid, &v, e)) == HE_OK)
        rc = eh_assessment(s, u, kid, v, ep, start, assessed <= last ? assessed : DAY_NONE,
                           "Strengths: a warm family. Needs: routines, school attendance, money worries.", now, e);
    if (rc == HE_OK && meeting <= last && (rc = version(s, kid, &v, e)) == HE_OK)
        rc = eh_member_add(s, kid, v, ep, &leads[(k + 1) % N_LEADS], meeting, e);
    if (rc == HE_OK && meeting <= last && (rc = version(s, kid, &v, e)) == HE_OK)
        rc = eh_meeting_add(s, u, kid, v, ep, meeting, "Parent, lead professional, school",
                            "Family plan agreed: morning routine, school every day, budgeting help.", meeting + 42, now, e);
    if (rc == HE_OK && meeting <= last && (rc = version(s, kid, &v, e)) == HE_OK)
        rc = eh_outcome_add(s, u, kid, v, ep, "The children go to school every day", meeting, meeting + 42, now, e);
    if (rc == HE_OK && meeting <= last && review <= last) {
        struct eh_file f;
        if ((rc = eh_load(s, kid, &f, e)) == HE_OK) {
            const struct eh_episode *x1 = eh_find(&f, ep);
            int64_t outcome = x1 && x1->n_outcomes ? x1->outcomes[0].id : 0;
            eh_file_free(&f);
            if (outcome && (rc = version(s, kid, &v, e)) == HE_OK)
                rc = eh_review_add(s, u, kid, v, ep, outcome, review, statuses[pick(x, 5)], "Reviewed at the meeting.",
                                   now, e);
        }
    }
    /* half the families join Stronger Families, on two to four problems */
    if (rc == HE_OK && k % 2 == 0 && assessed <= last) {
        struct sf_problem_in p[4];
        int first = pick(x, 6), n = 2 + pick(x, 3);
        for (int i = 0; i < n; i++)
            p[i] = problems[(first + i) % 6];
        if ((rc = version(s, kid, &v, e)) == HE_OK)
            rc = sf_attach(s, u, kid, v, ep, assessed, p, n, now, e);
        /* results for most, the last some weeks before the year ends */
        for (int i = 0; rc == HE_OK && i < n && k % 4 == 0; i++) {
            day_t when = assessed + 60 + 20 * i;
            if (when > last)
                break;
            bool work = !strcmp(p[i].problem, "WORK");
            if ((rc = version(s, kid, &v, e)) == HE_OK)
                rc = sf_result(s, kid, v, ep, p[i].problem, work ? "EMPLOYMENT" : "SUSTAINED", when,
                               work ? "Six months of payslips" : "Seen in the agencies' records for six months", e);
        }
    }
    if (rc == HE_OK && closed <= last && k % 5 != 4 && (rc = version(s, kid, &v, e)) == HE_OK)
        rc = eh_close(s, kid, v, ep, closed, close_outcomes[pick(x, 6)], e);
    return rc;
}

int demo_early_help(struct store *s, int year, long long population, uint64_t seed, struct err *e)
{
    struct cw_user u;
    bool found = false;
    int rc = cw_user_by_name(s, "admin", &u, &found, e);
    if (rc != HE_OK || !found)
        return rc;
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    int want = (int)(population / 400);
    if (want < 12)
        want = 12;
    int64_t now = (int64_t)time(NULL);
    uint64_t x = seed * 7919 + 17;
    rec_id *kids = xmalloc((size_t)want * 4 * sizeof *kids), *contacts = xmalloc((size_t)want * 4 * sizeof *contacts);
    int n = 0;
    /* the year's first nine months: time for the work to happen before the year ends */
    rc = eh_candidates(s, first, last - 90, kids, contacts, want * 4, &n, e);
    for (int k = 0, done = 0; rc == HE_OK && k < n && done < want; k++) {
        if (pick(&x, 4)) /* one in four of the candidates, spread across the ids */
            continue;
        day_t start = first + (day_t)((done * 271) % 270);
        rc = one_family(s, &u, kids[k], contacts[k], start, last, &x, done, now, e);
        done++;
    }
    /* results claims each quarter, against the targets */
    const day_t quarter[5] = {first, date_from_ymd(year - 1, 7, 1), date_from_ymd(year - 1, 10, 1),
                              date_from_ymd(year, 1, 1), last + 1};
    for (int q = 0; rc == HE_OK && q < 4; q++) {
        day_t from = quarter[q], to = quarter[q + 1] - 1;
        int64_t claim;
        int fams = 0;
        rc = sf_claim(s, &u, from, to, to + 10, now, &claim, &fams, e);
        if (rc == HE_INPUT) /* no family due that quarter */
            rc = HE_OK;
    }
    /* Durham's targets (Cabinet, March 2015), and the demo programme's own */
    if (rc == HE_OK)
        rc = sf_target_set(s, "Phase 1 (Durham: families turned around)", date_from_ymd(2012, 4, 1),
                           date_from_ymd(2015, 3, 31), 1320, e);
    if (rc == HE_OK)
        rc = sf_target_set(s, "Phase 2 (Durham: families worked with)", date_from_ymd(2015, 4, 1),
                           date_from_ymd(2020, 3, 31), 4330, e);
    if (rc == HE_OK)
        rc = sf_target_set(s, "Supporting Families (this authority)", first, date_from_ymd(year + 2, 3, 31),
                           population / 200 > 0 ? population / 200 : 1, e);
    free(kids);
    free(contacts);
    return rc;
}
