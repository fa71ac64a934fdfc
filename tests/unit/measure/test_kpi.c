/* Tests for the measures engine: hand-built facts at every boundary of docs/kpis.md
 * (anniversaries and leap days, bank holidays, exactly two years, X1 chains, zero
 * denominators, rounding, placement groups, missing while looked after, care leavers'
 * accommodation) and the exact JSON text. */
#include "testutil.h"

#include <math.h>

#include "measure/kpi.h"
#include "util/buf.h"

static day_t d(const char *iso)
{
    if (!iso)
        return DAY_NONE;
    day_t x = date_parse_iso(iso, strlen(iso));
    assert_int_not_equal(x, DAY_NONE);
    return x;
}

/* ---- building facts by hand (facts_free releases what these allocate) ---------------- */

#define PUSH(arr, n) (arr = xrealloc(arr, ((n) + 1) * sizeof *(arr)), &(arr)[(n)++])

static void period(struct facts *f, const char *from, const char *to)
{
    memset(f, 0, sizeof *f);
    f->from = d(from);
    f->to = d(to);
}

static void referral(struct facts *f, int64_t child, const char *date, int nfa)
{
    struct fact_referral *r = PUSH(f->referrals, f->n_referrals);
    r->child = child;
    r->date = d(date);
    r->nfa = (int8_t)nfa;
    r->not_in_need = DAY_NONE;
}

/* A referral whose episode closed after assessment, the child not in need (RC8, RC9). */
static void referral_not_in_need(struct facts *f, int64_t child, const char *date, int nfa,
                                 const char *closed)
{
    referral(f, child, date, nfa);
    f->referrals[f->n_referrals - 1].not_in_need = d(closed);
}

static void assessment(struct facts *f, const char *start, const char *authorised)
{
    struct fact_assessment *a = PUSH(f->assessments, f->n_assessments);
    a->start = d(start);
    a->authorised = d(authorised);
}

static void s47(struct facts *f, const char *start, const char *icpc)
{
    struct fact_s47 *s = PUSH(f->s47, f->n_s47);
    s->start = d(start);
    s->icpc_date = d(icpc);
}

static void plan(struct facts *f, int64_t child, const char *start, const char *end,
                 const char *category, int previous)
{
    struct fact_cp_plan *p = PUSH(f->cp_plans, f->n_cp_plans);
    p->child = child;
    p->start = d(start);
    p->end = d(end);
    snprintf(p->latest_category, sizeof p->latest_category, "%s", category);
    p->previous_plans = (int16_t)previous;
    snprintf(p->initial_category, sizeof p->initial_category, "%s", category);
    p->returns_from = DAY_NONE;
}

/* children in need and child protection */
static void plan_from(struct facts *f, int64_t child, const char *start, const char *end,
                      const char *initial, const char *latest, const char *returns_from)
{
    plan(f, child, start, end, latest, -1);
    struct fact_cp_plan *p = &f->cp_plans[f->n_cp_plans - 1];
    snprintf(p->initial_category, sizeof p->initial_category, "%s", initial);
    p->returns_from = d(returns_from);
}

static void review(struct facts *f, int64_t child, const char *plan_start, const char *date)
{
    struct fact_cp_review *r = PUSH(f->cp_reviews, f->n_cp_reviews);
    r->child = child;
    r->plan_start = d(plan_start);
    r->date = d(date);
}

static void cin_disabled(struct facts *f, int64_t child)
{
    *PUSH(f->cin_open_disabled, f->n_cin_open_disabled) = child;
}

static void cin_open(struct facts *f, int64_t child)
{
    *PUSH(f->cin_open_children, f->n_cin_open) = child;
}

static void episode(struct facts *f, int64_t child, const char *decom, const char *dec,
                    const char *dob, const char *place, const char *provider, const char *rec)
{
    struct fact_la_episode *l = PUSH(f->la_episodes, f->n_la_episodes);
    l->child = child;
    l->decom = d(decom);
    l->dec = d(dec);
    l->dob = d(dob);
    snprintf(l->place, sizeof l->place, "%s", place);
    snprintf(l->place_provider, sizeof l->place_provider, "%s", provider);
    snprintf(l->rec, sizeof l->rec, "%s", rec ? rec : "");
    l->rne[0] = l->ls[0] = '\0';
    l->in_area = l->far = -1;
}

/* An episode with its reason for starting (RNE) and legal status; the birth date given. */
static void ep_rne(struct facts *f, int64_t child, const char *decom, const char *dec,
                   const char *dob, const char *place, const char *rne, const char *ls,
                   const char *rec)
{
    episode(f, child, decom, dec, dob, place, "PR1", rec);
    struct fact_la_episode *l = &f->la_episodes[f->n_la_episodes - 1];
    snprintf(l->rne, sizeof l->rne, "%s", rne);
    snprintf(l->ls, sizeof l->ls, "%s", ls);
}

static void missing(struct facts *f, int64_t child, const char *start, char kind)
{
    struct fact_missing *m = PUSH(f->missing, f->n_missing);
    m->child = child;
    m->start = d(start);
    m->kind = kind;
}

static void oc3(struct facts *f, const char *accom)
{
    snprintf(*PUSH(f->oc3_accom, f->n_oc3), 4, "%s", accom);
}

static void leaver(struct facts *f, const char *dob, const char *in_touch, const char *activ,
                   const char *accom)
{
    struct fact_care_leaver *l = PUSH(f->care_leavers, f->n_care_leavers);
    l->dob = d(dob);
    snprintf(l->in_touch, sizeof l->in_touch, "%s", in_touch);
    snprintf(l->activ, sizeof l->activ, "%s", activ);
    snprintf(l->accom, sizeof l->accom, "%s", accom);
}

static struct kpi_result R;

static void compute(struct facts *f, long long population)
{
    struct err e;
    err_clear(&e);
    int rc = kpi_compute(f, population, &R, &e);
    if (rc != HE_OK)
        fail_msg("kpi_compute: %s", e.msg);
    facts_free(f);
}

static const struct measure *M(const char *id)
{
    const struct measure *m = kpi_find(&R, id);
    if (!m)
        fail_msg("no measure %s", id);
    return m;
}

static long long V(const char *id) { return M(id)->value; }
static long long DEN(const char *id) { return M(id)->denominator; }

static long long part(const char *id, const char *key)
{
    const struct measure *m = M(id);
    for (int i = 0; i < m->n_parts; i++)
        if (!strcmp(m->parts[i].key, key))
            return m->parts[i].n;
    fail_msg("%s has no part %s", id, key);
    return -1;
}

/* ---- rounding ------------------------------------------------------------------------ */

static void test_round1(void **state)
{
    assert_true(kpi_round1(412.25) == 412.3);
    assert_true(kpi_round1(412.24) == 412.2);
    assert_true(kpi_round1(0.05) == 0.1);
    assert_true(kpi_round1(2.45) == 2.5);
    assert_true(kpi_round1(17.0) == 17.0);
    assert_true(kpi_round1(99.95) == 100.0);
    assert_true(isnan(kpi_round1(NAN)));
}

/* Rates and percentages that land exactly on a half round away from zero. */
static void test_rates_round_half_away(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    for (int i = 1; i <= 16490; i++)
        referral(&f, i, "2017-06-01", 0);
    f.contacts = 16490 * 8;
    compute(&f, 400000); /* 16,490 / 400,000 x 10,000 = 412.25 */
    assert_true(M("referrals")->per_10k == 412.3);
    assert_true(M("contact_conversion")->pct == 12.5);

    period(&f, "2017-04-01", "2018-03-31");
    for (int i = 1; i <= 3; i++)
        referral(&f, i, "2017-06-01", 0);
    f.contacts = 2000;
    compute(&f, 1000);
    assert_true(M("contact_conversion")->pct == 0.2); /* 0.15% exactly */
    assert_true(M("referrals")->per_10k == 30.0);

    period(&f, "2017-04-01", "2018-03-31");
    referral(&f, 1, "2017-06-01", 0);
    f.contacts = 16;
    compute(&f, 30000);
    assert_true(M("contact_conversion")->pct == 6.3); /* 6.25 */
    assert_true(M("referrals")->per_10k == 0.3);      /* 0.333... */
}

static void test_zero_denominators(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    compute(&f, 0);
    assert_int_equal(R.n, 57);
    for (int i = 0; i < R.n; i++) {
        const struct measure *m = &R.m[i];
        assert_int_equal(m->value, 0);
        if (m->kind == MK_PROPORTION)
            assert_true(isnan(m->pct));
        if (m->kind == MK_RATE)
            assert_true(isnan(m->per_10k)); /* no population */
        if (m->kind == MK_AVERAGE)
            assert_true(isnan(m->average));
        if (m->kind == MK_SPLIT)
            for (int p = 0; p < m->n_parts; p++)
                assert_int_equal(m->parts[p].n, 0);
    }
    assert_int_equal(M("cla_placement_at_end")->n_parts, 8);
    assert_int_equal(M("cp_at_end_by_category")->n_parts, 5);
    assert_int_equal(M("cp_ceased_by_duration")->n_parts, 5);
    assert_int_equal(M("cp_started_by_category")->n_parts, 5);
}

/* Plans that ended in the period, banded by how long they lasted: an end on the day a band
 * begins (start + 3, 6, 12 or 24 months, a month's missing day being its last) is in it. */
static void test_cp_duration_bands(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 1, "2017-01-31", "2017-04-29", "NEG", 0); /* under 3 months (30 April is +3) */
    plan(&f, 2, "2017-01-31", "2017-04-30", "NEG", 0); /* 3 to 6 months */
    plan(&f, 3, "2017-01-31", "2017-07-30", "NEG", 0); /* 3 to 6 months (31 July is +6) */
    plan(&f, 4, "2017-01-31", "2017-07-31", "NEG", 0); /* 6 months to 1 year */
    plan(&f, 5, "2016-06-01", "2017-05-31", "NEG", 0); /* 6 months to 1 year */
    plan(&f, 6, "2016-06-01", "2017-06-01", "NEG", 0); /* 1 to 2 years */
    plan(&f, 7, "2016-02-29", "2018-02-27", "NEG", 0); /* 1 to 2 years */
    plan(&f, 8, "2016-02-29", "2018-02-28", "NEG", 0); /* 2 years or more (28 February is +24) */
    plan(&f, 9, "2017-06-01", "2017-06-01", "NEG", 0); /* a plan of one day */
    plan(&f, 10, "2016-01-01", "2017-03-31", "NEG", 0); /* ended before the period: not counted */
    plan(&f, 11, "2017-05-01", NULL, "NEG", 0);         /* still open: not counted */
    compute(&f, 0);
    assert_int_equal(part("cp_ceased_by_duration", "under_3m"), 2);
    assert_int_equal(part("cp_ceased_by_duration", "3m_to_6m"), 2);
    assert_int_equal(part("cp_ceased_by_duration", "6m_to_1y"), 2);
    assert_int_equal(part("cp_ceased_by_duration", "1y_to_2y"), 2);
    assert_int_equal(part("cp_ceased_by_duration", "2y_plus"), 1);
    /* the bands add up to the plans ended, and the last is cp_ceased_2y */
    assert_int_equal(M("cp_plans_ceased")->value, 9);
    assert_int_equal(M("cp_ceased_2y")->value, 1);
}

static void test_bad_input(void **state)
{
    struct facts f;
    struct err e;
    period(&f, "2018-04-01", "2018-03-31");
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INPUT);
    period(&f, "2017-04-01", "2018-03-31");
    assert_int_equal(kpi_compute(&f, -1, &R, &e), HE_INPUT);
}

/* A store that broke facts.h's order would give wrong figures: refused instead. */
static void test_out_of_order(void **state)
{
    struct facts f;
    struct err e;
    period(&f, "2017-04-01", "2018-03-31");
    referral(&f, 2, "2017-06-01", 0);
    referral(&f, 1, "2017-07-01", 0);
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INTERNAL);
    facts_free(&f);

    period(&f, "2017-04-01", "2018-03-31");
    episode(&f, 1, "2017-06-01", NULL, NULL, "U1", "PR1", NULL);
    episode(&f, 1, "2017-05-01", NULL, NULL, "U1", "PR1", NULL);
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INTERNAL);
    facts_free(&f);

    period(&f, "2017-04-01", "2018-03-31");
    cin_open(&f, 5);
    cin_open(&f, 4);
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INTERNAL);
    facts_free(&f);

    period(&f, "2017-04-01", "2018-03-31");
    cin_disabled(&f, 5);
    cin_disabled(&f, 4);
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INTERNAL);
    facts_free(&f);

    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 1, "2017-05-01", NULL, "NEG", -1);
    review(&f, 1, "2017-05-01", "2017-11-01");
    review(&f, 1, "2017-05-01", "2017-08-01");
    assert_int_equal(kpi_compute(&f, 1000, &R, &e), HE_INTERNAL);
    facts_free(&f);
}

/* ---- front door ---------------------------------------------------------------------- */

static void test_rereferral_anniversary(void **state)
{
    struct facts f;
    period(&f, "2018-04-01", "2019-03-31");
    referral(&f, 1, "2017-06-15", 0); /* exactly twelve months before: counts */
    referral(&f, 1, "2018-06-15", 0);
    referral(&f, 2, "2017-06-14", 0); /* a day more than twelve months: does not */
    referral(&f, 2, "2018-06-15", 0);
    referral(&f, 3, "2018-07-01", 0); /* the same day is not "strictly before" */
    referral(&f, 3, "2018-07-01", 0);
    referral(&f, 4, "2018-05-01", 0); /* both in the period: only the second is a re-referral */
    referral(&f, 4, "2018-09-01", 0);
    referral(&f, 5, "2017-01-01", 0); /* long before */
    referral(&f, 5, "2017-03-31", 1); /* just over twelve months before 2018-04-01 */
    referral(&f, 5, "2018-04-01", 0);
    referral(&f, 6, "2018-04-01", 0); /* another child's referral is not this child's */
    compute(&f, 10000);
    assert_int_equal(V("referrals"), 8);
    assert_int_equal(V("rereferrals_12m"), 2);
    assert_int_equal(DEN("rereferrals_12m"), 8);
    assert_true(M("rereferrals_12m")->pct == 25.0);
}

static void test_rereferral_leap_days(void **state)
{
    struct facts f;
    /* from 29 Feb 2020, twelve months earlier is 28 Feb 2019 (no 29th that year) */
    period(&f, "2019-04-01", "2020-03-31");
    referral(&f, 1, "2019-02-28", 0);
    referral(&f, 1, "2020-02-29", 0);
    referral(&f, 2, "2019-02-27", 0);
    referral(&f, 2, "2020-02-29", 0);
    compute(&f, 10000);
    assert_int_equal(V("referrals"), 2);
    assert_int_equal(V("rereferrals_12m"), 1);

    /* a referral of 29 Feb 2020 is within twelve months of 28 Feb 2021, not of 1 Mar 2021 */
    period(&f, "2020-04-01", "2021-03-31");
    referral(&f, 1, "2020-02-29", 0);
    referral(&f, 1, "2021-02-28", 0);
    referral(&f, 2, "2020-02-29", 0);
    referral(&f, 2, "2021-03-01", 0);
    compute(&f, 10000);
    assert_int_equal(V("referrals"), 2);
    assert_int_equal(V("rereferrals_12m"), 1);
}

static void test_nfa_and_conversion(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    f.contacts = 8;
    referral(&f, 1, "2017-03-31", 1); /* before the period: only for re-referrals */
    referral(&f, 2, "2017-04-01", 1);
    referral(&f, 3, "2017-10-01", 0);
    referral(&f, 4, "2018-03-31", -1); /* not recorded: not marked NFA */
    compute(&f, 10000);
    assert_int_equal(V("contacts"), 8);
    assert_int_equal(V("referrals"), 3);
    assert_int_equal(V("contact_conversion"), 3);
    assert_int_equal(DEN("contact_conversion"), 8);
    assert_true(M("contact_conversion")->pct == 37.5);
    assert_int_equal(V("referrals_nfa"), 1);
    assert_int_equal(V("cin_episodes_started"), 2);
    assert_true(M("cin_episodes_started")->per_10k == 2.0);
}

/* Referrals in the period whose episode closed after assessment (RC8, RC9: the store
 * gives the closure date of those only, closed by the last day it read), NFA ones left out. */
static void test_assessed_not_in_need(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    referral_not_in_need(&f, 1, "2017-03-31", 0, "2017-04-20"); /* referred before the period */
    referral_not_in_need(&f, 2, "2017-04-01", 0, "2017-05-10"); /* first day: counted */
    referral_not_in_need(&f, 3, "2017-10-01", 0, "2018-03-31"); /* closed on the last day */
    referral(&f, 4, "2018-02-01", 0); /* closed after the period: the store gives no closure */
    referral_not_in_need(&f, 5, "2018-03-31", -1, "2018-03-31"); /* last day, NFA not recorded */
    referral_not_in_need(&f, 6, "2017-06-01", 1, "2017-06-01"); /* NFA: never assessed */
    referral(&f, 7, "2017-06-01", 0);                            /* open, or closed otherwise */
    /* closed after the period, in facts read for a longer one (a trend's): not yet known */
    referral_not_in_need(&f, 8, "2018-03-01", 0, "2018-04-01");
    compute(&f, 10000);
    assert_int_equal(V("referrals"), 7);
    assert_int_equal(V("referrals_assessed_not_in_need"), 3);
    assert_int_equal(DEN("referrals_assessed_not_in_need"), 7);
    assert_true(M("referrals_assessed_not_in_need")->pct == 42.9);
    assert_int_equal(M("referrals_assessed_not_in_need")->kind, MK_PROPORTION);
    assert_int_equal(V("referrals_nfa"), 1);

    period(&f, "2017-04-01", "2018-03-31");
    compute(&f, 10000);
    assert_int_equal(V("referrals_assessed_not_in_need"), 0);
    assert_true(isnan(M("referrals_assessed_not_in_need")->pct));
}

/* ---- assessments, s47, child protection ---------------------------------------------- */

static void test_working_days_across_holidays(void **state)
{
    struct facts f;
    period(&f, "2018-04-01", "2019-03-31");
    /* from 1 March 2018 the 45th working day is 8 May: Good Friday, Easter Monday and
     * the early May bank holiday do not count */
    assert_int_equal(date_working_days(d("2018-03-01"), d("2018-05-08")), 45);
    assessment(&f, "2018-03-01", "2018-05-08"); /* 45: within */
    assessment(&f, "2018-03-01", "2018-05-09"); /* 46: not */
    assessment(&f, NULL, "2018-06-01");         /* no start: cannot be shown to be within */
    assessment(&f, "2018-01-01", "2018-03-31"); /* authorised before the period */
    /* 15 working days from 15 December 2017, over Christmas, is 10 January */
    s47(&f, "2017-12-15", "2018-01-10"); /* ICPC before the period: neither */
    s47(&f, "2018-12-14", "2019-01-09");
    assert_int_equal(date_working_days(d("2018-12-14"), d("2019-01-09")), 15);
    s47(&f, "2018-12-14", "2019-01-10"); /* 16 */
    s47(&f, "2019-03-29", NULL);         /* started, no conference yet */
    s47(&f, "2018-03-20", "2018-04-10"); /* started before, conference in the period */
    compute(&f, 10000);
    assert_int_equal(V("assessments_completed"), 3);
    assert_int_equal(V("assessments_within_45wd"), 1);
    assert_true(M("assessments_within_45wd")->pct == 33.3);
    assert_int_equal(V("s47_started"), 3);
    assert_int_equal(V("icpc_held"), 3);
    assert_int_equal(V("icpc_within_15wd"), 2);
    assert_int_equal(DEN("icpc_within_15wd"), 3);
}

static void test_cp_plans(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    /* two years before the end is 31 March 2016 */
    plan(&f, 10, "2016-03-31", NULL, "NEG", -1);         /* at end, exactly two years */
    plan(&f, 11, "2016-04-01", "2018-04-01", "EMO", -1); /* at end (ends after), not two years */
    plan(&f, 12, "2015-06-10", "2017-06-10", "PHY", -1); /* ceased at exactly two years */
    plan(&f, 13, "2015-06-11", "2017-06-10", "PHY", -1); /* a day short */
    plan(&f, 14, "2016-02-29", "2018-02-28", "SAB", -1); /* 29 Feb + 2 years = 28 Feb */
    plan(&f, 15, "2017-05-01", "2018-03-31", "SAB", 0);  /* ends on the last day: not at end */
    plan(&f, 20, "2016-01-01", "2016-06-01", "PHY", 0);  /* an earlier plan... */
    plan(&f, 20, "2017-05-01", NULL, "MUL", 0);          /* ...so this is a second plan */
    plan(&f, 21, "2017-05-01", NULL, "NEG", 2);          /* previous plans elsewhere */
    plan(&f, 22, "2017-07-01", NULL, "EMO", -1);         /* same-day plans: neither earlier */
    plan(&f, 22, "2017-07-01", NULL, "EMO", -1);
    plan(&f, 23, "2018-03-31", NULL, "XYZ", -1); /* starts on the last day; odd category */
    compute(&f, 20000);
    assert_int_equal(V("cp_plans_started"), 6);
    assert_int_equal(V("cp_plans_second_or_later"), 2);
    assert_int_equal(V("cp_children_at_end"), 6); /* 10 11 20 21 22 23 */
    assert_true(M("cp_children_at_end")->per_10k == 3.0);
    assert_int_equal(V("cp_open_2y_at_end"), 1);
    assert_int_equal(V("cp_plans_ceased"), 4);
    assert_int_equal(V("cp_ceased_2y"), 2);
    assert_int_equal(part("cp_at_end_by_category", "NEG"), 2);
    assert_int_equal(part("cp_at_end_by_category", "EMO"), 2);
    assert_int_equal(part("cp_at_end_by_category", "MUL"), 1);
    assert_int_equal(part("cp_at_end_by_category", "PHY"), 0);
    assert_int_equal(part("cp_at_end_by_category", "SAB"), 0);
}

/* ---- children in need ---------------------------------------------------------------- */

static void test_cin_open_at_end(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 2, "2017-05-01", NULL, "NEG", -1);         /* on a plan */
    plan(&f, 4, "2017-05-01", "2018-01-01", "NEG", -1); /* was, not at end */
    cin_open(&f, 1);
    cin_open(&f, 2);
    cin_open(&f, 3);
    cin_open(&f, 4);
    cin_open(&f, 5);
    cin_open(&f, 7);
    episode(&f, 3, "2017-09-01", NULL, NULL, "U1", "PR1", NULL);          /* looked after */
    episode(&f, 5, "2017-09-01", "2018-03-31", NULL, "U1", "PR1", "E4A"); /* left on the day */
    episode(&f, 6, "2017-09-01", NULL, NULL, "U1", "PR1", NULL);          /* not in need list */
    compute(&f, 10000);
    assert_int_equal(V("cin_open_at_end"), 4); /* 1 4 5 7 */
}

/* children in need and child protection */

/* The DfE's children in need at the end: every child with an open episode, on a plan or
 * looked after too; disabled ones of them. */
static void test_cin_at_end_dfe(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 2, "2017-05-01", NULL, "NEG", -1);
    cin_open(&f, 1);
    cin_open(&f, 2); /* on a plan: counted */
    cin_open(&f, 3); /* looked after: counted */
    cin_open(&f, 3); /* two open episodes: once */
    cin_open(&f, 9);
    cin_disabled(&f, 3);
    cin_disabled(&f, 9);
    cin_disabled(&f, 9);
    episode(&f, 3, "2017-09-01", NULL, NULL, "U1", "PR1", NULL);
    episode(&f, 6, "2017-09-01", NULL, NULL, "U1", "PR1", NULL); /* no open episode of need */
    compute(&f, 80000);
    assert_int_equal(V("cin_open_at_end"), 2); /* 1 9 */
    assert_int_equal(V("cin_at_end"), 4);      /* 1 2 3 9 */
    assert_true(M("cin_at_end")->per_10k == 0.5);
    assert_int_equal(V("cin_disabled_at_end"), 2);
    assert_int_equal(DEN("cin_disabled_at_end"), 4);
    assert_true(M("cin_disabled_at_end")->pct == 50.0);
}

/* Plans started in the period by the category they started with, not the latest. */
static void test_cp_started_by_category(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    plan_from(&f, 1, "2017-03-31", NULL, "PHY", "PHY", NULL); /* the day before: not started */
    plan_from(&f, 2, "2017-04-01", NULL, "NEG", "EMO", NULL); /* first day */
    plan_from(&f, 3, "2018-03-31", NULL, "SAB", "SAB", NULL); /* last day */
    plan_from(&f, 4, "2017-06-01", "2017-09-01", "MUL", "NEG", NULL); /* ended since */
    plan_from(&f, 5, "2017-06-01", NULL, "", "NEG", NULL);          /* none recorded */
    plan_from(&f, 6, "2018-04-01", NULL, "NEG", "NEG", NULL);       /* after the end */
    compute(&f, 0);
    assert_int_equal(V("cp_plans_started"), 4);
    assert_int_equal(part("cp_started_by_category", "NEG"), 1);
    assert_int_equal(part("cp_started_by_category", "PHY"), 0);
    assert_int_equal(part("cp_started_by_category", "EMO"), 0);
    assert_int_equal(part("cp_started_by_category", "SAB"), 1);
    assert_int_equal(part("cp_started_by_category", "MUL"), 1);
    assert_int_equal(part("cp_at_end_by_category", "EMO"), 1); /* the latest, for those at end */
}

/* Reviews within timescale: the first by start + 3 months, each later one by the one
 * before + 6 months, for plans of 3 months or more open at the end or ended in the period. */
static void test_cp_reviews_in_time(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 1, "2017-12-31", NULL, "NEG", -1); /* 3 months on the last day; first due then */
    plan(&f, 2, "2018-01-01", NULL, "NEG", -1); /* under 3 months at the end: not counted */
    plan(&f, 3, "2017-01-31", NULL, "NEG", -1); /* on the due days: 30 April, 30 October */
    review(&f, 3, "2017-01-31", "2017-04-30");
    review(&f, 3, "2017-01-31", "2017-10-30");
    plan(&f, 4, "2017-01-31", NULL, "NEG", -1); /* first review a day late */
    review(&f, 4, "2017-01-31", "2017-05-01");
    review(&f, 4, "2017-01-31", "2017-10-30");
    plan(&f, 5, "2017-01-31", NULL, "NEG", -1); /* second a day late */
    review(&f, 5, "2017-01-31", "2017-04-30");
    review(&f, 5, "2017-01-31", "2017-10-31");
    plan(&f, 6, "2017-01-31", NULL, "NEG", -1); /* second never held, due 30 October */
    review(&f, 6, "2017-01-31", "2017-04-30");
    plan(&f, 7, "2017-06-01", "2017-08-31", "NEG", -1); /* ended under 3 months */
    plan(&f, 8, "2017-06-01", "2017-09-01", "NEG", -1); /* ended at 3 months, the day due */
    plan(&f, 9, "2017-06-01", "2017-09-02", "NEG", -1); /* a day after, no review */
    plan(&f, 10, "2016-06-01", "2017-03-31", "NEG", -1); /* ended before the period */
    /* imported: dues before the first return holding it are not judged */
    plan_from(&f, 11, "2010-01-01", NULL, "NEG", "NEG", "2016-04-01");
    review(&f, 11, "2010-01-01", "2016-05-01");
    review(&f, 11, "2010-01-01", "2016-11-01");
    review(&f, 11, "2010-01-01", "2017-05-01");
    review(&f, 11, "2010-01-01", "2017-11-01");
    /* two plans of one child: each its own reviews */
    plan(&f, 12, "2016-01-01", "2017-06-01", "NEG", -1);
    review(&f, 12, "2016-01-01", "2016-04-01");
    review(&f, 12, "2016-01-01", "2016-10-01");
    review(&f, 12, "2016-01-01", "2017-04-01");
    plan(&f, 12, "2017-07-01", NULL, "NEG", -1);
    review(&f, 12, "2017-07-01", "2017-10-02");
    compute(&f, 0);
    assert_int_equal(DEN("cp_reviews_in_time"), 10); /* 1 3 4 5 6 8 9 11 12 12 */
    assert_int_equal(V("cp_reviews_in_time"), 5);    /* 1 3 8 11 12 (first) */
    assert_true(M("cp_reviews_in_time")->pct == 50.0);

    /* the same imported plan judged from its start would be late */
    period(&f, "2017-04-01", "2018-03-31");
    plan(&f, 11, "2010-01-01", NULL, "NEG", -1);
    review(&f, 11, "2010-01-01", "2017-05-01");
    review(&f, 11, "2010-01-01", "2017-11-01");
    compute(&f, 0);
    assert_int_equal(DEN("cp_reviews_in_time"), 1);
    assert_int_equal(V("cp_reviews_in_time"), 0);
}

/* ---- looked-after children ----------------------------------------------------------- */

static void test_periods_of_care(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    /* three episodes joined by X1: one period of care, one start and one end */
    episode(&f, 30, "2017-05-01", "2017-08-01", "2012-02-01", "U1", "PR1", "X1");
    episode(&f, 30, "2017-08-01", "2017-12-01", "2012-02-01", "A3", "PR1", "X1");
    episode(&f, 30, "2017-12-01", "2018-02-01", "2012-02-01", "A4", "PR1", "E11");
    /* continues, the day the period begins, a period of care begun earlier */
    episode(&f, 31, "2016-01-01", "2017-04-01", NULL, "U1", "PR1", "X1");
    episode(&f, 31, "2017-04-01", NULL, NULL, "U4", "PR2", NULL);
    /* X1, but the next episode starts a day later: a new period of care */
    episode(&f, 32, "2017-05-01", "2017-06-01", NULL, "U1", "PR1", "X1");
    episode(&f, 32, "2017-06-02", "2017-09-01", NULL, "U1", "PR1", "E13");
    /* ended otherwise than X1 and back the same day: an end and a start */
    episode(&f, 33, "2017-05-01", "2017-07-01", NULL, "U1", "PR1", "E4A");
    episode(&f, 33, "2017-07-01", NULL, NULL, "U1", "PR1", NULL);
    /* adopted aged 4, and exactly 5 on the day care ended */
    episode(&f, 34, "2016-05-01", "2018-02-01", "2013-02-02", "A5", "PR1", "E12");
    episode(&f, 35, "2016-05-01", "2018-02-01", "2013-02-01", "A5", "PR1", "E11");
    episode(&f, 36, "2016-05-01", "2017-05-01", NULL, "U1", "PR1", "E45"); /* SGO */
    episode(&f, 37, "2016-05-01", "2017-05-01", NULL, "U1", "PR1", "E48"); /* SGO */
    episode(&f, 38, "2016-05-01", "2018-03-31", NULL, "U1", "PR1", "E4B"); /* last day */
    episode(&f, 39, "2016-05-01", "2018-04-01", NULL, "U1", "PR1", "E4B"); /* after: at end */
    episode(&f, 40, "2017-03-31", "2017-03-31", NULL, "U1", "PR1", "E4B"); /* before */
    compute(&f, 10000);
    assert_int_equal(V("cla_started"), 5); /* 30, 32 twice, 33 twice */
    assert_int_equal(V("cla_ceased"), 8);  /* 30 32 33 34 35 36 37 38 */
    assert_int_equal(V("cla_ceased_adopted"), 3);
    assert_int_equal(DEN("cla_ceased_adopted"), 8);
    assert_int_equal(V("cla_ceased_sgo"), 2);
    assert_int_equal(V("cla_ceased_returned_home"), 2);
    assert_int_equal(V("cla_adopted_aged_5plus"), 2); /* 30 (aged 6) and 35 (exactly 5) */
    assert_int_equal(DEN("cla_adopted_aged_5plus"), 3);
    assert_int_equal(V("cla_at_end"), 3); /* 31 33 39 */
}

static void test_placements_at_end(void **state)
{
    static const char *const places[] = {"U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5",
                                         "A6", "K1", "K2", "R1", "S1", "H5", "K3", "P1", "Z1",
                                         "T4", "A1", ""};
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    int64_t child = 1;
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++, child++)
        episode(&f, child, "2017-01-01", NULL, NULL, places[i],
                i % 2 ? "PR1" : "PR4", NULL);
    /* the open episode's placement counts, not an earlier one's */
    episode(&f, child, "2016-01-01", "2017-06-01", NULL, "K1", "PR1", "X1");
    episode(&f, child, "2017-06-01", NULL, NULL, "U3", "PR1", NULL);
    compute(&f, 10000);
    assert_int_equal(V("cla_at_end"), 22);
    assert_int_equal(part("cla_placement_at_end", "foster"), 7);
    assert_int_equal(part("cla_placement_at_end", "placed_for_adoption"), 4);
    assert_int_equal(part("cla_placement_at_end", "childrens_homes"), 2);
    assert_int_equal(part("cla_placement_at_end", "residential_care"), 1);
    assert_int_equal(part("cla_placement_at_end", "residential_schools"), 1);
    assert_int_equal(part("cla_placement_at_end", "supported_accommodation"), 2);
    assert_int_equal(part("cla_placement_at_end", "with_parents"), 1);
    assert_int_equal(part("cla_placement_at_end", "other"), 4);
    /* PR1 on every odd index: U2 U4 U6 among the foster places, plus the last child */
    assert_int_equal(V("cla_foster_own_provision"), 4);
    assert_int_equal(DEN("cla_foster_own_provision"), 7);
    assert_true(M("cla_foster_own_provision")->pct == 57.1);
    assert_int_equal(V("cla_own_provision"), 11);
    assert_int_equal(DEN("cla_own_provision"), 22);
    assert_true(M("cla_own_provision")->pct == 50.0);
}

static void test_missing_while_looked_after(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    episode(&f, 40, "2017-01-01", NULL, NULL, "U1", "PR1", NULL);
    episode(&f, 42, "2017-01-01", "2017-08-01", NULL, "U1", "PR1", "E4A");
    episode(&f, 43, "2017-09-01", NULL, NULL, "U1", "PR1", NULL);
    episode(&f, 45, "2016-01-01", "2017-09-01", NULL, "U1", "PR1", "X1");
    episode(&f, 45, "2017-09-01", NULL, NULL, "K1", "PR1", NULL);
    missing(&f, 40, "2017-05-01", 'M');
    missing(&f, 40, "2017-06-01", 'M'); /* the same child twice: one child */
    missing(&f, 41, "2017-05-01", 'M'); /* never looked after */
    missing(&f, 42, "2017-08-01", 'M'); /* the day care ended: no longer looked after */
    missing(&f, 42, "2017-07-31", 'A'); /* away from placement, not missing */
    missing(&f, 43, "2017-09-01", 'M'); /* the day care began */
    missing(&f, 43, "2017-03-31", 'M'); /* before the period (stores do not send these) */
    missing(&f, 45, "2017-09-01", 'M'); /* the changeover day between X1 episodes */
    compute(&f, 10000);
    assert_int_equal(V("cla_missing_children"), 3); /* 40 43 45 */
    /* every child who went missing, looked after or not: 40 41 42 43 45 (42's away from
     * placement is not missing; 43's episode before the period does not count twice) */
    assert_int_equal(V("children_missing"), 5);
    /* a child whose only missing episode is before the period is not counted */
    period(&f, "2017-04-01", "2018-03-31");
    missing(&f, 50, "2017-03-31", 'M');
    missing(&f, 51, "2018-04-01", 'M');
    missing(&f, 52, "2018-03-31", 'M');
    missing(&f, 53, "2017-04-01", 'A');
    compute(&f, 10000);
    assert_int_equal(V("children_missing"), 1); /* 52, on the last day */
}

/* ---- care leavers -------------------------------------------------------------------- */

static void test_care_leavers_accommodation(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    oc3(&f, "B1");
    oc3(&f, "B2");
    oc3(&f, "Z1");
    oc3(&f, "0"); /* no information: in neither count */
    oc3(&f, "C2");
    oc3(&f, "");
    oc3(&f, "G1");
    compute(&f, 10000);
    assert_int_equal(V("care_leavers_suitable_accom"), 3);
    assert_int_equal(DEN("care_leavers_suitable_accom"), 5);
    assert_true(M("care_leavers_suitable_accom")->pct == 60.0);
}

/* ---- output -------------------------------------------------------------------------- */

static char *print(void (*fn)(const struct kpi_result *, FILE *))
{
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    assert_non_null(out);
    fn(&R, out);
    fclose(out);
    return text;
}

/* Looked after for 12 months at the end: every day of the 12 months ending on it, through
 * episodes joined by X1 (1 April 2017 for a year to 31 March 2018); a gap or a short break
 * starts again. Aged 16 or over on the last day (a 16th birthday on it counts). */
static void test_cla_12_months_and_16_plus(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    ep_rne(&f, 1, "2017-04-01", NULL, "2002-03-31", "U1", "S", "C2", NULL); /* from 1 April: in */
    ep_rne(&f, 2, "2017-04-02", NULL, "2002-04-01", "U1", "S", "C2", NULL); /* a day short */
    ep_rne(&f, 3, "2015-01-01", "2017-06-01", "2010-01-01", "U1", "S", "C2", "X1");
    ep_rne(&f, 3, "2017-06-01", NULL, "2010-01-01", "K2", "P", "C2", NULL); /* joined: in */
    ep_rne(&f, 4, "2015-01-01", "2017-06-01", "2010-01-01", "U1", "S", "C2", "E13");
    ep_rne(&f, 4, "2017-06-01", NULL, "2010-01-01", "U1", "S", "C2", NULL); /* a new period */
    ep_rne(&f, 5, "2015-01-01", NULL, "2010-01-01", "U1", "S", "V3", NULL); /* short breaks */
    ep_rne(&f, 6, "2015-01-01", "2017-03-01", "2001-01-01", "U1", "S", "C2", "E13"); /* left */
    compute(&f, 1000);
    assert_int_equal(V("cla_at_end"), 5);
    assert_int_equal(V("cla_12m_at_end"), 2);
    assert_int_equal(DEN("cla_12m_at_end"), 5);
    assert_true(M("cla_12m_at_end")->pct == 40.0);
    assert_int_equal(V("cla_16plus_at_end"), 1); /* child 1: 16 on 31 March; child 2 the day after */
    /* a month's period looks back 12 months all the same */
    period(&f, "2018-03-01", "2018-03-31");
    ep_rne(&f, 1, "2017-04-01", NULL, "2002-03-31", "U1", "S", "C2", NULL);
    ep_rne(&f, 2, "2017-04-02", NULL, "2002-04-01", "U1", "S", "C2", NULL);
    compute(&f, 1000);
    assert_int_equal(V("cla_12m_at_end"), 1);
}

/* Three or more placements in the period for a child looked after at the end: the one held
 * when it began (or on coming into care in it), then each episode starting with S, P, B,
 * T or U; a change of legal status alone (L) is not a placement. */
static void test_three_placements(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    /* held on 1 April, then two moves: 3 */
    ep_rne(&f, 1, "2016-01-01", "2017-05-01", NULL, "U1", "S", "C2", "X1");
    ep_rne(&f, 1, "2017-05-01", "2017-09-01", NULL, "U4", "P", "C2", "X1");
    ep_rne(&f, 1, "2017-09-01", NULL, NULL, "K2", "T", "C2", NULL);
    /* one move and a change of legal status: 2 */
    ep_rne(&f, 2, "2016-01-01", "2017-05-01", NULL, "U1", "S", "C1", "X1");
    ep_rne(&f, 2, "2017-05-01", "2017-09-01", NULL, "U1", "L", "C2", "X1");
    ep_rne(&f, 2, "2017-09-01", NULL, NULL, "U4", "U", "C2", NULL);
    /* a placement that ended on 1 April was not held in the period: 2 */
    ep_rne(&f, 3, "2016-01-01", "2017-04-01", NULL, "U1", "S", "C2", "X1");
    ep_rne(&f, 3, "2017-04-01", "2017-09-01", NULL, "U4", "P", "C2", "X1");
    ep_rne(&f, 3, "2017-09-01", NULL, NULL, "K2", "B", "C2", NULL);
    /* came into care, went home, came back and moved: 3 */
    ep_rne(&f, 4, "2017-05-01", "2017-06-01", NULL, "U1", "S", "C2", "E13");
    ep_rne(&f, 4, "2017-08-01", "2017-10-01", NULL, "U4", "S", "C2", "X1");
    ep_rne(&f, 4, "2017-10-01", NULL, NULL, "U5", "P", "C2", NULL);
    /* three placements but not looked after at the end: not counted */
    ep_rne(&f, 5, "2017-05-01", "2017-06-01", NULL, "U1", "S", "C2", "X1");
    ep_rne(&f, 5, "2017-06-01", "2017-07-01", NULL, "U4", "P", "C2", "X1");
    ep_rne(&f, 5, "2017-07-01", "2017-08-01", NULL, "U5", "P", "C2", "E13");
    compute(&f, 1000);
    assert_int_equal(V("cla_3plus_placements"), 2);
    assert_int_equal(DEN("cla_3plus_placements"), 4);
    assert_true(M("cla_3plus_placements")->pct == 50.0);
}

/* Long-term stability at 31 March 2018: under 16, looked after since 1 October 2015 or
 * before (two and a half years), and in the same placement since 1 April 2016 or before,
 * or placed for adoption where that and the placement before it reach back so far. */
static void test_long_term_stability(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    /* since 1 October 2015, same placement since: in cohort, stable */
    ep_rne(&f, 1, "2015-10-01", NULL, "2005-01-01", "U1", "S", "C2", NULL);
    /* since 2 October 2015: not in the cohort */
    ep_rne(&f, 2, "2015-10-02", NULL, "2005-01-01", "U1", "S", "C2", NULL);
    /* in cohort, placement from 1 April 2016 with a legal status change after: stable */
    ep_rne(&f, 3, "2015-01-01", "2016-04-01", "2005-01-01", "U1", "S", "C2", "X1");
    ep_rne(&f, 3, "2016-04-01", "2017-01-01", "2005-01-01", "U4", "P", "C1", "X1");
    ep_rne(&f, 3, "2017-01-01", NULL, "2005-01-01", "U4", "L", "C2", NULL);
    /* in cohort, moved on 2 April 2016: not stable */
    ep_rne(&f, 4, "2015-01-01", "2016-04-02", "2005-01-01", "U1", "S", "C2", "X1");
    ep_rne(&f, 4, "2016-04-02", NULL, "2005-01-01", "U4", "P", "C2", NULL);
    /* placed for adoption in 2017 after a foster placement from 2015: stable */
    ep_rne(&f, 5, "2015-01-01", "2017-06-01", "2014-01-01", "U4", "S", "C2", "X1");
    ep_rne(&f, 5, "2017-06-01", NULL, "2014-01-01", "A5", "P", "E1", NULL);
    /* the same, but the foster placement began after 1 April 2016: not stable */
    ep_rne(&f, 6, "2015-01-01", "2016-05-01", "2014-01-01", "U1", "S", "C2", "X1");
    ep_rne(&f, 6, "2016-05-01", "2017-06-01", "2014-01-01", "U4", "P", "C2", "X1");
    ep_rne(&f, 6, "2017-06-01", NULL, "2014-01-01", "A5", "P", "E1", NULL);
    /* 16 on the last day: not in the cohort */
    ep_rne(&f, 7, "2010-01-01", NULL, "2002-03-31", "U1", "S", "C2", NULL);
    compute(&f, 1000);
    assert_int_equal(DEN("cla_long_term_stable_at_end"), 5);
    assert_int_equal(V("cla_long_term_stable_at_end"), 3);
    assert_true(M("cla_long_term_stable_at_end")->pct == 60.0);
}

/* Care leavers by the age reached on their birthday in the collection year (their age on
 * 31 March): 17th birthday on 31 March 2018 is 17-18, on 1 April 2018 not yet; 21st on 31
 * March is 19-21, 22nd not. Every row of the band is the denominator, activity or
 * accommodation unknown included. */
static void test_care_leavers_by_age(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    leaver(&f, "2001-03-31", "YES", "F2", "B1"); /* 17 on the last day: 17-18, all three */
    leaver(&f, "2001-04-01", "YES", "F2", "B1"); /* 16: in neither band */
    leaver(&f, "1999-04-01", "NO", "G5", "S2");  /* 18 on 1 April 2017: 17-18, none */
    leaver(&f, "1999-03-31", "YES", "P3", "0");  /* 19: EET and in touch, accommodation unknown */
    leaver(&f, "1996-04-01", "REFU", "0", "C1"); /* 21: suitable accommodation only */
    leaver(&f, "1996-03-31", "YES", "F1", "B1"); /* 22: in neither band */
    leaver(&f, NULL, "YES", "F1", "B1");         /* no date of birth: in neither */
    compute(&f, 1000);
    assert_int_equal(DEN("care_leavers_17_18_eet"), 2);
    assert_int_equal(V("care_leavers_17_18_eet"), 1);
    assert_int_equal(V("care_leavers_17_18_suitable_accom"), 1);
    assert_int_equal(V("care_leavers_17_18_in_touch"), 1);
    assert_true(M("care_leavers_17_18_in_touch")->pct == 50.0);
    assert_int_equal(DEN("care_leavers_19_21_eet"), 2);
    assert_int_equal(V("care_leavers_19_21_eet"), 1);
    assert_int_equal(V("care_leavers_19_21_suitable_accom"), 1);
    assert_int_equal(V("care_leavers_19_21_in_touch"), 1);
}

/* Where children looked after at the end are placed: each figure of those whose postcodes
 * tell it (in_area, far -1: not known), the DfE's "more than 20 miles, outside the area" of
 * those where both are known; episodes that ended are not counted. */
static void test_placement_location(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    int8_t where[][2] = {{1, 0}, {1, 1}, {0, 1}, {0, 0}, {-1, -1}, {0, -1}, {-1, 1}};
    for (int i = 0; i < 7; i++) {
        episode(&f, i + 1, "2017-05-01", NULL, NULL, "U4", "PR4", NULL);
        f.la_episodes[f.n_la_episodes - 1].in_area = where[i][0];
        f.la_episodes[f.n_la_episodes - 1].far = where[i][1];
    }
    episode(&f, 9, "2017-05-01", "2017-06-01", NULL, "U4", "PR4", "E13");
    f.la_episodes[f.n_la_episodes - 1].in_area = 0;
    f.la_episodes[f.n_la_episodes - 1].far = 1;
    compute(&f, 1000);
    assert_int_equal(V("cla_placed_in_area_at_end"), 2);
    assert_int_equal(DEN("cla_placed_in_area_at_end"), 5);
    assert_int_equal(V("cla_placed_over_20_miles_at_end"), 3);
    assert_int_equal(DEN("cla_placed_over_20_miles_at_end"), 5);
    assert_int_equal(V("cla_placed_over_20_miles_outside_at_end"), 1);
    assert_int_equal(DEN("cla_placed_over_20_miles_outside_at_end"), 4);
    assert_true(M("cla_placed_over_20_miles_outside_at_end")->pct == 25.0);
    assert_int_equal(V("cla_placement_location_unknown_at_end"), 3);
}

/* Placements for adoption (A3-A6) that ended in the period: adopted (E11, E12), or not
 * (a move back to foster care, or care ending otherwise); a change of legal status or a
 * move from A5 to A6 the same day carries the placement on. */
static void test_adoption_disruptions(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    ep_rne(&f, 1, "2016-01-01", "2017-06-01", NULL, "A5", "P", "E1", "E11"); /* adopted */
    ep_rne(&f, 2, "2016-01-01", "2017-06-01", NULL, "A5", "P", "E1", "X1"); /* back to foster */
    ep_rne(&f, 2, "2017-06-01", NULL, NULL, "U4", "P", "C2", NULL);
    ep_rne(&f, 3, "2016-01-01", "2017-06-01", NULL, "A5", "P", "E1", "X1"); /* carried on */
    ep_rne(&f, 3, "2017-06-01", "2018-01-10", NULL, "A6", "L", "E1", "E12"); /* then adopted */
    ep_rne(&f, 4, "2016-01-01", "2017-03-31", NULL, "A5", "P", "E1", "X1"); /* before the period */
    ep_rne(&f, 4, "2017-03-31", NULL, NULL, "U4", "P", "C2", NULL);
    ep_rne(&f, 5, "2016-01-01", "2018-03-31", NULL, "A4", "P", "E1", "E13"); /* left care */
    compute(&f, 1000);
    assert_int_equal(DEN("adoption_placements_disrupted"), 4);
    assert_int_equal(V("adoption_placements_disrupted"), 2);
}

static void adoption(struct facts *f, int64_t child, const char *adopted, const char *entered,
                     const char *placed, const char *authority, const char *matched)
{
    struct fact_adoption *a = PUSH(f->adoptions, f->n_adoptions);
    a->child = child;
    a->adopted = d(adopted);
    a->entered_care = d(entered);
    a->placed = d(placed);
    a->placed_adjusted = a->placed;
    a->authority = d(authority);
    a->matched = d(matched);
}

/* The DfE's A1 and A2 at their boundaries: adoptions on the period's first and last days
 * count, the days either side do not; a child not placed for adoption before the order is
 * in neither; no court authority or no match leaves a child out of A2 alone; a match before
 * the authority waited no days; the average rounds half away from zero (733 / 4). */
static void test_adoption_timeliness(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    adoption(&f, 1, "2017-04-01", "2016-01-01", "2017-01-01", "2016-06-01", "2016-09-01");
    adoption(&f, 2, "2018-03-31", "2017-01-01", "2017-01-01", "2017-02-01", "2017-01-15");
    adoption(&f, 3, "2017-03-31", "2000-01-01", "2001-01-01", "2000-06-01", "2000-09-01");
    adoption(&f, 4, "2018-04-01", "2000-01-01", "2001-01-01", "2000-06-01", "2000-09-01");
    adoption(&f, 5, "2017-06-01", "2016-01-01", NULL, "2016-02-01", "2016-03-01");
    adoption(&f, 6, "2017-06-01", "2015-01-01", "2016-01-01", NULL, "2016-03-01");
    adoption(&f, 7, "2017-06-01", "2017-01-01", "2017-01-03", "2016-12-01", NULL);
    compute(&f, 1000);
    const struct measure *a1 = M("adoption_entry_to_placed_days");
    assert_int_equal(a1->kind, MK_AVERAGE);
    assert_int_equal(a1->value, 366 + 0 + 365 + 2);
    assert_int_equal(a1->denominator, 4);
    assert_true(a1->average == 183.3);
    const struct measure *a2 = M("adoption_authority_to_match_days");
    assert_int_equal(a2->value, 92);
    assert_int_equal(a2->denominator, 2);
    assert_true(a2->average == 46.0);
    char *text = print(kpi_print_table);
    assert_non_null(strstr(text, "  183.3 days (4 children)\n"));
    assert_non_null(strstr(text, "  46.0 days (2 children)\n"));
    free(text);
    /* none adopted: no average */
    period(&f, "2017-04-01", "2018-03-31");
    compute(&f, 1000);
    assert_true(isnan(M("adoption_entry_to_placed_days")->average));
    text = print(kpi_print_table);
    assert_non_null(strstr(text, "  none (no children)\n"));
    free(text);
}

/* Entering care to the match and the DfE's A10 at their boundaries: adoptions on the
 * period's first and last days count, the days either side do not; a match before care
 * began waited no days; no match date leaves a child out of entering care to the match
 * alone; a child not placed for adoption is in neither; A10 counts from the start of the
 * foster placement with the carers who adopted where there was one (the store finds it),
 * as A1 from moving in otherwise. */
static void test_adoption_entry_to_match_a10(void **state)
{
    (void)state;
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    adoption(&f, 1, "2017-04-01", "2016-01-01", "2017-01-01", "2016-06-01", "2016-09-01");
    adoption(&f, 2, "2018-03-31", "2017-01-01", "2017-02-01", "2017-02-01", "2016-12-15");
    adoption(&f, 3, "2017-03-31", "2000-01-01", "2001-01-01", "2000-06-01", "2000-09-01");
    adoption(&f, 4, "2018-04-01", "2000-01-01", "2001-01-01", "2000-06-01", "2000-09-01");
    adoption(&f, 5, "2017-06-01", "2016-01-01", "2016-06-01", "2016-02-01", NULL);
    adoption(&f, 6, "2017-06-01", "2015-01-01", NULL, NULL, "2016-03-01");
    adoption(&f, 7, "2017-06-01", "2015-01-01", "2016-01-01", NULL, "2015-01-01");
    f.adoptions[6].placed_adjusted = d("2015-03-01"); /* fostered by its adopters first */
    compute(&f, 1000);
    const struct measure *em = M("adoption_entry_to_match_days");
    assert_int_equal(em->kind, MK_AVERAGE);
    assert_int_equal(em->value, 244 + 0 + 0);
    assert_int_equal(em->denominator, 3);
    assert_true(em->average == 81.3);
    const struct measure *a10 = M("adoption_entry_to_placed_adjusted_days");
    assert_int_equal(a10->kind, MK_AVERAGE);
    assert_int_equal(a10->value, 366 + 31 + 152 + 59);
    assert_int_equal(a10->denominator, 4);
    assert_true(a10->average == 152.0);
    /* A1 is unchanged by the adjustment */
    assert_int_equal(M("adoption_entry_to_placed_days")->value, 366 + 31 + 152 + 365);
    char *text = print(kpi_print_table);
    assert_non_null(strstr(text, "  81.3 days (3 children)\n"));
    assert_non_null(strstr(text, "  152.0 days (4 children)\n"));
    free(text);
    period(&f, "2017-04-01", "2018-03-31");
    compute(&f, 1000);
    assert_true(isnan(M("adoption_entry_to_match_days")->average));
    assert_true(isnan(M("adoption_entry_to_placed_adjusted_days")->average));
}

static void test_json_exact(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    f.contacts = 4;
    referral(&f, 1, "2017-05-01", 0);
    referral(&f, 1, "2017-09-01", 1);
    referral_not_in_need(&f, 2, "2017-07-01", 0, "2017-08-15");
    episode(&f, 7, "2017-06-01", NULL, "2010-01-01", "U1", "PR1", NULL);
    oc3(&f, "B1");
    compute(&f, 30000);
    char *text = print(kpi_print_json);
    const char *want =
        "{\"period\":{\"from\":\"2017-04-01\",\"to\":\"2018-03-31\"},\"population\":30000,"
        "\"measures\":{"
        "\"contacts\":{\"value\":4},"
        "\"referrals\":{\"value\":3,\"per_10k\":1.0},"
        "\"contact_conversion\":{\"value\":3,\"denominator\":4,\"pct\":75.0},"
        "\"rereferrals_12m\":{\"value\":1,\"denominator\":3,\"pct\":33.3},"
        "\"referrals_nfa\":{\"value\":1,\"denominator\":3,\"pct\":33.3},"
        "\"referrals_assessed_not_in_need\":{\"value\":1,\"denominator\":3,\"pct\":33.3},"
        "\"cin_episodes_started\":{\"value\":2,\"per_10k\":0.7},"
        "\"assessments_completed\":{\"value\":0,\"per_10k\":0.0},"
        "\"assessments_within_45wd\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"s47_started\":{\"value\":0,\"per_10k\":0.0},"
        "\"icpc_held\":{\"value\":0},"
        "\"icpc_within_15wd\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cp_plans_started\":{\"value\":0,\"per_10k\":0.0},"
        "\"cp_plans_second_or_later\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cp_children_at_end\":{\"value\":0,\"per_10k\":0.0},"
        "\"cp_open_2y_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cp_plans_ceased\":{\"value\":0},"
        "\"cp_ceased_2y\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cp_at_end_by_category\":{\"NEG\":0,\"PHY\":0,\"EMO\":0,\"SAB\":0,\"MUL\":0},"
        "\"cp_ceased_by_duration\":{\"under_3m\":0,\"3m_to_6m\":0,\"6m_to_1y\":0,\"1y_to_2y\":0,"
        "\"2y_plus\":0},"
        "\"cp_started_by_category\":{\"NEG\":0,\"PHY\":0,\"EMO\":0,\"SAB\":0,\"MUL\":0},"
        "\"cp_reviews_in_time\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cin_open_at_end\":{\"value\":0,\"per_10k\":0.0},"
        "\"cin_at_end\":{\"value\":0,\"per_10k\":0.0},"
        "\"cin_disabled_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_at_end\":{\"value\":1,\"per_10k\":0.3},"
        "\"cla_started\":{\"value\":1,\"per_10k\":0.3},"
        "\"cla_ceased\":{\"value\":0},"
        "\"cla_ceased_adopted\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_ceased_sgo\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_ceased_returned_home\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_adopted_aged_5plus\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_placement_at_end\":{\"foster\":1,\"placed_for_adoption\":0,\"childrens_homes\":0,"
        "\"residential_care\":0,\"residential_schools\":0,\"supported_accommodation\":0,"
        "\"with_parents\":0,\"other\":0},"
        "\"cla_foster_own_provision\":{\"value\":1,\"denominator\":1,\"pct\":100.0},"
        "\"cla_own_provision\":{\"value\":1,\"denominator\":1,\"pct\":100.0},"
        "\"cla_missing_children\":{\"value\":0},"
        "\"children_missing\":{\"value\":0},"
        "\"cla_12m_at_end\":{\"value\":0,\"denominator\":1,\"pct\":0.0},"
        "\"cla_16plus_at_end\":{\"value\":0,\"denominator\":1,\"pct\":0.0},"
        "\"cla_3plus_placements\":{\"value\":0,\"denominator\":1,\"pct\":0.0},"
        "\"cla_long_term_stable_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_placed_in_area_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_placed_over_20_miles_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_placed_over_20_miles_outside_at_end\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"cla_placement_location_unknown_at_end\":{\"value\":1},"
        "\"adoption_placements_disrupted\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"adoption_entry_to_placed_days\":{\"value\":0,\"denominator\":0,\"average\":null},"
        "\"adoption_authority_to_match_days\":{\"value\":0,\"denominator\":0,\"average\":null},"
        "\"adoption_entry_to_match_days\":{\"value\":0,\"denominator\":0,\"average\":null},"
        "\"adoption_entry_to_placed_adjusted_days\":{\"value\":0,\"denominator\":0,\"average\":null},"
        "\"care_leavers_suitable_accom\":{\"value\":1,\"denominator\":1,\"pct\":100.0},"
        "\"care_leavers_17_18_suitable_accom\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"care_leavers_17_18_eet\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"care_leavers_17_18_in_touch\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"care_leavers_19_21_suitable_accom\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"care_leavers_19_21_eet\":{\"value\":0,\"denominator\":0,\"pct\":null},"
        "\"care_leavers_19_21_in_touch\":{\"value\":0,\"denominator\":0,\"pct\":null}"
        "}}\n";
    assert_string_equal(text, want);
    free(text);
}

/* The committee table for the figures of the brief's example: 2,630 referrals, 447 of
 * them re-referrals, for 63,800 children. */
static void test_table(void **state)
{
    struct facts f;
    period(&f, "2017-04-01", "2018-03-31");
    f.contacts = 9405;
    for (int i = 1; i <= 2630; i++) {
        if (i <= 447)
            referral(&f, i, "2016-12-01", 0);
        referral(&f, i, "2017-06-01", 0);
    }
    compute(&f, 63800);
    char *text = print(kpi_print_table);
    assert_non_null(strstr(text, "1 April 2017 to 31 March 2018 (children aged 0-17: 63,800)"));
    assert_non_null(strstr(text, "\nFront door and referrals\n"));
    assert_non_null(strstr(text, "\nAssessments, section 47 and child protection\n"));
    assert_non_null(strstr(text, "\nChildren in need\n"));
    assert_non_null(strstr(text, "\nLooked-after children\n"));
    assert_non_null(strstr(text, "\nCare leavers\n"));
    assert_non_null(strstr(text, "  9,405\n"));
    assert_non_null(strstr(text, "  2,630 (412.2 per 10,000)\n"));
    assert_non_null(strstr(text, "  17.0% (447 of 2,630)\n"));
    assert_non_null(strstr(text, "  28.0% (2,630 of 9,405)\n"));
    assert_non_null(strstr(text, "  none (0 of 0)\n"));
    assert_non_null(strstr(text, "    Foster care "));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round1),
        cmocka_unit_test(test_rates_round_half_away),
        cmocka_unit_test(test_zero_denominators),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_rereferral_anniversary),
        cmocka_unit_test(test_rereferral_leap_days),
        cmocka_unit_test(test_nfa_and_conversion),
        cmocka_unit_test(test_assessed_not_in_need),
        cmocka_unit_test(test_working_days_across_holidays),
        cmocka_unit_test(test_cp_plans),
        cmocka_unit_test(test_cin_open_at_end),
        cmocka_unit_test(test_cin_at_end_dfe),
        cmocka_unit_test(test_cp_started_by_category),
        cmocka_unit_test(test_cp_reviews_in_time),
        cmocka_unit_test(test_periods_of_care),
        cmocka_unit_test(test_placements_at_end),
        cmocka_unit_test(test_missing_while_looked_after),
        cmocka_unit_test(test_care_leavers_accommodation),
        cmocka_unit_test(test_cla_12_months_and_16_plus),
        cmocka_unit_test(test_three_placements),
        cmocka_unit_test(test_long_term_stability),
        cmocka_unit_test(test_care_leavers_by_age),
        cmocka_unit_test(test_placement_location),
        cmocka_unit_test(test_adoption_disruptions),
        cmocka_unit_test(test_adoption_timeliness),
        cmocka_unit_test(test_adoption_entry_to_match_a10),
        cmocka_unit_test(test_json_exact),
        cmocka_unit_test(test_cp_duration_bands),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
