/* test_ssda903_rules: every SSDA903 rule hearth implements, a passing and a failing case
 * each (test_<code>_pass, test_<code>_fail), built from child_file values: a clean child
 * looked after since 2023 (kid_base), changed by the case into the situation the rule's
 * message describes. A case asserts only whether its own rule fires. */
#include "testutil.h"

#include "rules/rules.h"

#define D(y, m, d) date_from_ymd(y, m, d)
#define MAXN 8

/* A child_file whose arrays live in the struct: nothing to free. */
struct kid {
    struct child_file c;
    struct la_episode ep[MAXN]; size_t n_ep;
    struct la_review rv[MAXN]; size_t n_rv;
    struct missing_episode ms[MAXN]; size_t n_ms;
    struct care_leaver oc3[MAXN]; size_t n_oc3;
    struct la_outcome oc2[MAXN]; size_t n_oc2;
    struct adoption ad[MAXN]; size_t n_ad;
    struct placed_adoption pa[MAXN]; size_t n_pa;
    struct prev_perm pp[1]; size_t n_pp;
    struct uasc ua[1]; size_t n_ua;
    struct sw_episode sw[MAXN]; size_t n_sw;
    struct dolo dl[MAXN]; size_t n_dl;
    rec_id ids[MAXN];
};

/* Girl or boy born 15 June 2012 (13 at 31 March 2026), looked after since 1 May 2023 in
 * long-term foster care, reviewed, with OC2 outcomes, previous permanence and a social
 * worker: clean for the 2025-26 return (collection year 2026). */
static void kid_base(struct kid *k)
{
    memset(k, 0, sizeof *k);
    for (int i = 0; i < MAXN; i++)
        k->ids[i] = i + 1;
    struct person *p = &k->c.person;
    p->la_child_id = "C1";
    p->upn = "P201123456789";
    p->sex = "M";
    p->dob = D(2012, 6, 15);
    p->ethnicity = "WBRI";
    p->mother = -1;
    k->ep[k->n_ep++] = (struct la_episode){
        .decom = D(2023, 5, 1), .rne = "S", .ls = "C2", .cin = "N1", .place = "U4",
        .place_provider = "PR1", .home_post = "AB1 2CD", .pl_post = "AB3 4EF", .urn = "SC123456"};
    k->rv[k->n_rv++] = (struct la_review){.date = D(2025, 9, 1), .code = "PN1"};
    k->pp[k->n_pp++] = (struct prev_perm){.prev_perm = "Z1"};
    k->oc2[k->n_oc2++] = (struct la_outcome){
        .year = 2026, .sdq_score = "12", .convicted = 0, .health_check = -1, .immunisations = 1,
        .teeth_check = 1, .health_assessment = 1, .substance_misuse = 0,
        .intervention_received = -1, .intervention_offered = -1};
    k->sw[k->n_sw++] = (struct sw_episode){.sw_id = "SW123", .decom = D(2024, 1, 1), .reason = "MANAGE"};
}

static void wire(struct kid *k)
{
    struct child_file *c = &k->c;
    c->la_episodes = k->ep, c->la_episodes_id = k->ids, c->n_la_episodes = k->n_ep;
    c->la_reviews = k->rv, c->la_reviews_id = k->ids, c->n_la_reviews = k->n_rv;
    c->missing = k->ms, c->missing_id = k->ids, c->n_missing = k->n_ms;
    c->care_leavers = k->oc3, c->care_leavers_id = k->ids, c->n_care_leavers = k->n_oc3;
    c->la_outcomes = k->oc2, c->la_outcomes_id = k->ids, c->n_la_outcomes = k->n_oc2;
    c->adoptions = k->ad, c->adoptions_id = k->ids, c->n_adoptions = k->n_ad;
    c->placed_adoptions = k->pa, c->placed_adoptions_id = k->ids, c->n_placed_adoptions = k->n_pa;
    c->prev_perms = k->pp, c->prev_perms_id = k->ids, c->n_prev_perms = k->n_pp;
    c->uascs = k->ua, c->uascs_id = k->ids, c->n_uascs = k->n_ua;
    c->sw_episodes = k->sw, c->sw_episodes_id = k->ids, c->n_sw_episodes = k->n_sw;
    c->dolos = k->dl, c->dolos_id = k->ids, c->n_dolos = k->n_dl;
}

/* ---- builder steps ---- */

static struct la_episode *last(struct kid *k) { return &k->ep[k->n_ep - 1]; }
/* End the last episode on `on` (X1) and start one with these codes, otherwise the same. */
static struct la_episode *then(struct kid *k, day_t on, const char *rne, const char *ls, const char *place)
{
    assert_true(k->n_ep < MAXN);
    struct la_episode *p = last(k), *n = &k->ep[k->n_ep++];
    p->dec = on, p->rec = "X1";
    *n = *p;
    n->decom = on, n->dec = DAY_NONE, n->rec = NULL, n->reason_place_change = NULL;
    n->rne = rne, n->ls = ls, n->place = place;
    return n;
}
static void leave(struct kid *k, day_t on, const char *rec) { last(k)->dec = on, last(k)->rec = rec; }
/* Replace the episodes with one ceased before, then the base episode again. */
static void earlier_period(struct kid *k, day_t decom, day_t dec, const char *rec)
{
    k->ep[1] = k->ep[0];
    k->ep[0].decom = decom, k->ep[0].dec = dec, k->ep[0].rec = rec;
    k->n_ep = 2;
}
static struct missing_episode *missing(struct kid *k, day_t start, day_t end, const char *kind)
{
    k->ms[k->n_ms] = (struct missing_episode){.start = start, .end = end, .kind = kind};
    return &k->ms[k->n_ms++];
}
static struct care_leaver *oc3(struct kid *k, int year, const char *in_touch, const char *activ,
                               const char *accom)
{
    k->oc3[k->n_oc3] = (struct care_leaver){.year = year, .in_touch = in_touch, .activ = activ, .accom = accom};
    return &k->oc3[k->n_oc3++];
}
static struct placed_adoption *placed(struct kid *k, day_t on, day_t ceased, const char *reason)
{
    k->pa[k->n_pa] = (struct placed_adoption){.date_placed = on, .date_placed_ceased = ceased,
                                              .reason_placed_ceased = reason};
    return &k->pa[k->n_pa++];
}
/* A care leaver: 17 on 15 June 2025, left care in 2024, OC3 completed this year. */
static void care_leaver(struct kid *k)
{
    k->c.person.dob = D(2008, 6, 15);
    k->ep[0].decom = D(2022, 7, 1);
    leave(k, D(2025, 1, 1), "E13");
    k->n_oc2 = 0, k->n_sw = 0, k->n_rv = 0;
    oc3(k, 2026, "YES", "F1", "B1");
}
/* Adopted this year: placed for adoption (A5, placement order) on 1 June 2025 from foster
 * care, adopted 10 January 2026; decision 1 March 2025, matched 1 May 2025. */
static struct adoption *adoption(struct kid *k)
{
    then(k, D(2025, 6, 1), "B", "E1", "A5");
    leave(k, D(2026, 1, 10), "E11");
    placed(k, D(2025, 3, 1), DAY_NONE, NULL);
    k->ad[0] = (struct adoption){.date_int = D(2025, 3, 1), .date_match = D(2025, 5, 1),
                                 .foster_care = 1, .nb_adoptr = 2, .sex_adoptr = "MF", .ls_adoptr = "L11"};
    k->n_ad = 1;
    return &k->ad[0];
}
/* Not looked after for 12 months at 31 March: the period began in June 2025. */
static void recent(struct kid *k) { k->ep[0].decom = D(2025, 6, 1); }

/* ---- running one rule ---- */

static int count_rule(struct kid *k, int year, const char *code, struct findings *f)
{
    wire(k);
    struct err e = {0};
    assert_int_equal(rules_check_child(&k->c, RULES_903, year, f, &e), HE_OK);
    int n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += !strcmp(f->v[i].rule, code);
    return n;
}

static void run_case(const char *code, int year, void (*build)(struct kid *, bool), bool fail)
{
    assert_non_null(rules_lookup(RULES_903, year, code)); /* the year's catalogue lists it */
    assert_true(rules_implemented(RULES_903, code));
    struct kid k;
    kid_base(&k);
    build(&k, fail);
    struct findings f = FINDINGS_INIT;
    int n = count_rule(&k, year, code, &f);
    if (fail != (n > 0)) {
        for (size_t i = 0; i < f.n; i++)
            print_message("  finding %s row %d\n", f.v[i].rule, f.v[i].row);
        fail_msg("rule %s for %d: expected it %s", code, year, fail ? "to fire" : "not to fire");
    }
    findings_free(&f);
}

#define T(code, year)                                                                        \
    static void case_##code(struct kid *k, bool fail);                                       \
    static void test_##code##_pass(void **s) { (void)s; run_case(#code, year, case_##code, false); } \
    static void test_##code##_fail(void **s) { (void)s; run_case(#code, year, case_##code, true); }  \
    static void case_##code(struct kid *k, bool fail)

#define PER (&k->c.person)
#define E0 (&k->ep[0])
#define OC2 (&k->oc2[0])

/* ---- Header ---- */

T(101, 2026) { PER->sex = fail ? "X" : "F"; }
T(102, 2026) { if (fail) PER->dob = DAY_NONE; }
T(103, 2026) { PER->ethnicity = fail ? "ZZZZ" : "MWBC"; }
T(168, 2026) { PER->upn = fail ? "A201123456789" : "P201123456789"; }
T(174, 2026) { PER->mc_dob = D(2025, 1, 1), PER->mother = 1, PER->sex = fail ? "M" : "F"; }
T(209, 2026) { PER->upn = NULL, PER->upn_unknown = "UN1"; if (!fail) PER->dob = D(2021, 1, 1); }
/* UN1 from an early header, and the UPN a later one gave: the return sends the UPN */
static void test_209_upn_given_later_pass(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.c.person.upn_unknown = "UN1";
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "209", &f), 0);
    assert_int_equal(count_rule(&k, 2026, "168", &f), 0);
    findings_free(&f);
}
T(210, 2026) { PER->upn = NULL, PER->upn_unknown = "UN4"; if (!fail) E0->decom = D(2026, 3, 28); }
T(231, 2026) { k->ua[k->n_ua++] = (struct uasc){.duc = DAY_NONE}; if (fail) PER->dob = D(2016, 1, 1); }
T(232, 2026) { PER->sex = fail ? "U" : "M"; }
T(301, 2026) { if (fail) PER->dob = D(2026, 4, 1); }
T(302, 2026) { if (fail) E0->decom = D(2012, 6, 1); }
T(351, 2026) { PER->dob = fail ? D(2000, 1, 1) : D(2000, 6, 1); }
T(393, 2026) { PER->sex = "F"; PER->mother = fail ? -1 : 0; }
T(399, 2026)
{
    E0->ls = "V3", E0->decom = D(2025, 6, 1);
    leave(k, D(2025, 6, 5), "E13");
    if (fail)
        PER->mother = 0;
    else
        k->n_rv = 0;
}
T(442, 2026) { if (fail) PER->upn = NULL; }
T(607, 2026) { PER->sex = "F"; leave(k, D(2025, 10, 1), "E13"); PER->mother = fail ? -1 : 0; }
T(165, 2026) { PER->sex = "F"; E0->decom = D(2025, 6, 1); PER->mother = fail ? -1 : 0; }
T(611, 2026) { PER->sex = "F", PER->mother = 1; PER->mc_dob = fail ? DAY_NONE : D(2025, 1, 1); }
T(612, 2026) { PER->sex = "F", PER->mc_dob = D(2025, 1, 1); PER->mother = fail ? 0 : 1; }
T(620, 2026) { PER->sex = "F", PER->mother = 1, PER->mc_dob = D(2025, 1, 1); if (fail) PER->dob = D(2016, 1, 1); }
T(621, 2026) { PER->sex = "F", PER->mother = 1; PER->mc_dob = fail ? D(2010, 1, 1) : D(2025, 1, 1); }
T(625, 2026) { PER->sex = "F", PER->mother = 1; PER->mc_dob = fail ? D(2026, 5, 1) : D(2025, 1, 1); }

/* ---- Episodes ---- */

T(141, 2026) { if (fail) E0->decom = DAY_NONE; }
T(142, 2026)
{
    then(k, D(2025, 8, 1), "P", "C2", "U6");
    if (fail)
        E0->dec = DAY_NONE, E0->rec = NULL;
}
T(143, 2026) { E0->rne = fail ? "Q" : "S"; }
T(144, 2026) { E0->ls = fail ? "ZZ" : "C1"; }
T(145, 2026) { E0->cin = fail ? "N9" : "N8"; }
T(146, 2026) { E0->place = fail ? "ZZ" : "U6"; }
T(149, 2026) { leave(k, D(2025, 10, 1), fail ? "E99" : "E13"); }
T(178, 2026) { E0->place_provider = fail ? "PR9" : "PR2"; }
T(1009, 2026) { E0->reason_place_change = fail ? "FOO" : "CHILD"; }
T(148, 2026) { if (fail) E0->rec = "E13"; else leave(k, D(2025, 10, 1), "E13"); }
T(199, 2026) { earlier_period(k, D(2015, 1, 1), D(2016, 1, 1), fail ? "E11" : "E13"); }
T(213, 2026) { E0->place = "T1"; E0->place_provider = fail ? "PR1" : NULL; }
T(214, 2026) { E0->ls = "V3", E0->home_post = NULL; if (!fail) E0->pl_post = NULL, E0->urn = NULL; }
T(218, 2026) { E0->urn = fail ? NULL : "XXXXXXX"; }
T(230, 2024) { E0->place = "H5", E0->urn = NULL; leave(k, fail ? D(2023, 11, 1) : D(2023, 10, 1), "E13"); }
T(222, 2026) { E0->place = "R1"; E0->urn = fail ? "SC123456" : "XXXXXXX"; }
T(217, 2026) { then(k, D(2025, 6, 1), fail ? "P" : "T", "C2", "A3"); }
T(217t, 2024) { E0->place = "P2"; E0->decom = fail ? D(2023, 11, 1) : D(2023, 10, 1); }
T(225, 2026)
{
    then(k, D(2025, 8, 1), "P", "C2", "U6");
    E0->reason_place_change = fail ? NULL : "CHILD";
}
T(226, 2026)
{
    then(k, D(2025, 8, 1), "P", "C2", "U6");
    E0->reason_place_change = "CHILD";
    if (fail)
        E0->place = "T1", E0->place_provider = NULL;
}
T(233, 2026) { if (fail) E0->reason_place_change = "CHILD"; }
T(234, 2026)
{
    then(k, D(2025, 10, 1), "P", "C2", "U6");
    E0->reason_place_change = "CUSTOD";
    if (fail)
        PER->dob = D(2016, 1, 1);
}
T(352, 2026) { if (fail) PER->dob = D(2004, 1, 1); }
T(353, 2026) { if (fail) E0->decom = D(1991, 10, 1); }
T(355, 2026) { E0->decom = D(2025, 5, 1); leave(k, fail ? D(2025, 5, 1) : D(2025, 10, 1), "E13"); }
T(356, 2026) { E0->decom = D(2025, 5, 1); leave(k, fail ? D(2025, 4, 20) : D(2025, 6, 1), "E13"); }
T(357, 2026) { E0->decom = D(2025, 6, 1); E0->rne = fail ? "P" : "S"; }
T(358, 2026) { E0->ls = "J1"; if (fail) PER->dob = D(2015, 1, 1); }
T(359, 2026)
{
    PER->dob = D(2007, 6, 15);
    if (!fail)
        E0->ls = "V2", E0->place = "K2";
}
static void lasting(struct kid *k, const char *ls, const char *place, day_t dec)
{
    E0->decom = D(2025, 5, 1);
    if (ls)
        E0->ls = ls;
    if (place)
        E0->place = place, E0->place_provider = NULL;
    leave(k, dec, "E13");
}
T(361, 2026) { lasting(k, "L1", NULL, fail ? D(2025, 5, 6) : D(2025, 5, 3)); }
T(362, 2026) { lasting(k, "L2", NULL, fail ? D(2025, 5, 25) : D(2025, 5, 20)); }
T(363, 2026) { lasting(k, "L3", NULL, fail ? D(2025, 5, 10) : D(2025, 5, 6)); }
T(364, 2026) { lasting(k, "J2", NULL, fail ? D(2025, 5, 25) : D(2025, 5, 20)); }
T(365, 2026) { lasting(k, "V3", NULL, fail ? D(2025, 5, 20) : D(2025, 5, 15)); }
T(366, 2026) { E0->ls = "V3"; E0->rne = fail ? "P" : "S"; }
T(367, 2026) /* five 16-day breaks are 80 days; four are 64 */
{
    k->n_ep = 0;
    for (int i = 0; i < (fail ? 5 : 4); i++)
        k->ep[k->n_ep++] = (struct la_episode){
            .decom = D(2025, 4 + 2 * i, 1), .dec = D(2025, 4 + 2 * i, 17), .rec = "E13", .rne = "S",
            .ls = "V3", .cin = "N1", .place = "U6", .place_provider = "PR1"};
}
T(370, 2023) { E0->decom = D(2022, 5, 1), E0->place = "P2"; if (!fail) PER->dob = D(2007, 1, 1); }
T(371, 2026) { E0->place = "K3"; if (!fail) PER->dob = D(2006, 1, 1); }
T(372, 2026) { E0->place = "R5"; if (fail) PER->dob = D(2015, 1, 1); }
T(373, 2026) { E0->place = "S1"; if (fail) PER->dob = D(2020, 1, 1); }
T(374, 2026) { E0->place = "P3"; if (!fail) PER->dob = D(2008, 1, 1); }
T(375, 2026) { lasting(k, NULL, "T1", fail ? D(2025, 7, 1) : D(2025, 6, 1)); }
T(376, 2026) { lasting(k, NULL, "T3", fail ? D(2025, 5, 30) : D(2025, 5, 15)); }
T(379, 2026) { lasting(k, NULL, "T4", fail ? D(2025, 5, 10) : D(2025, 5, 5)); }
T(377, 2026)
{
    for (int i = 0; i < (fail ? 3 : 2); i++) {
        then(k, D(2025, 5 + 2 * i, 1), "T", "C2", "T3")->place_provider = NULL;
        then(k, D(2025, 5 + 2 * i, 8), "T", "C2", "U4")->place_provider = "PR1";
    }
}
T(378, 2026) { E0->place = "P1"; E0->ls = fail ? "V2" : "C2"; }
T(380, 2026) { if (fail) E0->place = "T1", E0->place_provider = NULL; }
T(381, 2026) { if (fail) E0->place = "T1", E0->place_provider = NULL; leave(k, D(2025, 10, 1), "E13"); }
T(382, 2026) { E0->place = "T1", E0->place_provider = NULL; E0->ls = fail ? "V3" : "C2"; }
T(383, 2026)
{
    then(k, D(2025, 6, 1), "T", "C2", "T1")->place_provider = NULL;
    then(k, D(2025, 6, 10), "T", "C2", fail ? "U6" : "U4")->place_provider = "PR1";
}
T(384, 2026) { E0->ls = "V3"; E0->place = fail ? "U4" : "U6"; }
T(386, 2026) { E0->place = "A5"; leave(k, D(2025, 6, 1), "E11"); PER->dob = fail ? D(2007, 1, 1) : D(2010, 1, 1); }
T(387, 2026) { leave(k, D(2025, 10, 1), "E5"); if (!fail) PER->dob = D(2010, 1, 1); }
T(389, 2026) { leave(k, D(2025, 10, 1), "E7"); if (!fail) PER->dob = D(2008, 1, 1); }
T(407, 2026) { leave(k, D(2025, 10, 1), "E45"); if (fail) PER->dob = D(2007, 1, 1); }
T(460, 2026) { leave(k, D(2025, 10, 1), "E17"); if (!fail) PER->dob = D(2007, 6, 1); }
T(388, 2026)
{
    if (fail)
        leave(k, D(2025, 10, 1), "X1");
    else
        then(k, D(2025, 10, 1), "P", "C2", "U6");
}
T(390, 2026) { E0->place = fail ? "U4" : "A5"; leave(k, D(2025, 10, 1), "E11"); }
T(392b, 2026) { if (fail) E0->home_post = NULL; }
T(392c, 2026) { E0->home_post = fail ? "ABC" : "W1A 1AA"; }
/* the postcodes' places, from the ONS directory's sectors hearth ships: ZZ9 9 is none */
T(392a, 2026) { if (fail) E0->pl_post = "ZZ9 9ZZ"; }
T(169, 2026) { if (fail) E0->pl_post = "ZZ9 9ZZ"; }
T(179, 2026) { if (fail) E0->home_post = "ZZ9 9ZZ"; } /* no authority named, no home: no IN or OUT */
T(164, 2026) { if (fail) E0->pl_post = "ZZ9 9ZZ"; }
T(406, 2026) { k->ua[k->n_ua++] = (struct uasc){.duc = DAY_NONE}; if (!fail) E0->home_post = NULL; }
T(420, 2026) { E0->ls = "V3", E0->home_post = NULL; if (!fail) E0->pl_post = NULL; }
T(454, 2026) { if (fail) E0->pl_post = "TR1 1AA"; } /* Aberdeen to Truro: over 400 miles */
static void case_392c_nowhere(struct kid *k, bool fail) { if (fail) E0->home_post = "ZZ9 9ZZ"; }
static void test_392c_postcode_nowhere_pass(void **s) { (void)s; run_case("392c", 2026, case_392c_nowhere, false); }
static void test_392c_postcode_nowhere_fail(void **s) { (void)s; run_case("392c", 2026, case_392c_nowhere, true); }
T(392d, 2026) { E0->pl_post = "ab12cd"; E0->home_post = "AB1 2CD"; if (!fail) E0->place = "P1", E0->place_provider = "PR0"; }
T(398, 2026) { E0->ls = "V3"; if (!fail) E0->home_post = NULL, E0->pl_post = NULL; }
T(408, 2026) { E0->place = "A5"; E0->ls = fail ? "C2" : "E1"; }
T(426, 2026)
{
    E0->decom = D(2025, 5, 1), E0->ls = "V3";
    leave(k, D(2025, 5, 5), "E13");
    k->ep[k->n_ep] = k->ep[0];
    k->ep[k->n_ep].decom = D(2025, 7, 1), k->ep[k->n_ep].dec = D(2025, 7, 5);
    k->ep[k->n_ep++].ls = fail ? "V4" : "V3";
}
T(431, 2026) { then(k, D(2025, 8, 1), fail ? "S" : "P", "C2", "U6"); }
T(432, 2026)
{
    leave(k, D(2025, 8, 1), "E13");
    k->ep[1] = k->ep[0];
    k->ep[1].decom = D(2025, 9, 1), k->ep[1].dec = DAY_NONE, k->ep[1].rec = NULL;
    k->ep[1].rne = fail ? "P" : "S";
    k->n_ep = 2;
}
T(433, 2026)
{
    struct la_episode *n = then(k, D(2025, 8, 1), "P", "C2", "U6");
    if (fail)
        n->decom = D(2025, 8, 5);
}
T(434, 2026) { then(k, D(2025, 8, 1), "L", fail ? "C2" : "E1", "U4"); }
/* the placement before, from an older return, names supported accommodation H5; now K3 */
static void test_434_renamed_placement_code_pass(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.c.person.dob = D(2008, 6, 15);
    k.ep[0].place = "H5";
    then(&k, D(2025, 8, 1), "L", "E1", "K3");
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "434", &f), 0);
    findings_free(&f);
}
T(435, 2026) { then(k, D(2025, 8, 1), "P", fail ? "E1" : "C2", "U6"); }
T(436, 2026) { then(k, D(2025, 8, 1), "B", fail ? "C2" : "E1", "U6"); }
T(437, 2026)
{
    leave(k, D(2025, 8, 1), fail ? "E2" : "E13");
    k->ep[1] = k->ep[0];
    k->ep[1].decom = D(2025, 9, 1), k->ep[1].dec = DAY_NONE, k->ep[1].rec = NULL;
    k->n_ep = 2;
}
T(445, 2023) { E0->decom = D(2022, 5, 1); E0->ls = fail ? "D1" : "C2"; }
T(446, 2026) { E0->ls = "E1"; E0->decom = fail ? D(2005, 6, 1) : D(2006, 1, 1); }
T(451, 2023) { E0->decom = D(2022, 5, 1); E0->ls = fail ? "D1" : "E1"; }
T(501, 2026) { then(k, D(2025, 9, 1), "P", "C2", "U6"); if (fail) k->ep[1].decom = D(2025, 8, 1); }
T(504, 2026) { then(k, D(2025, 8, 1), "L", "E1", "U4")->cin = fail ? "N2" : "N1"; }
T(516, 2026) { E0->place = fail ? "R1" : "U4"; leave(k, D(2025, 10, 1), "E45"); }
T(526, 2026) { if (fail) E0->place_provider = NULL; }
T(527, 2026) { E0->place_provider = "PR1"; E0->place = fail ? "P1" : "U4"; }
T(528, 2026) { E0->place_provider = "PR2"; E0->place = fail ? "R2" : "U4"; }
T(529, 2026) { E0->place_provider = "PR3"; E0->place = fail ? "K2" : "R1"; }
T(530, 2026) { E0->place_provider = "PR4"; E0->place = fail ? "P1" : "U4"; }
T(531, 2026) { E0->place_provider = "PR5"; E0->place = fail ? "P1" : "U4"; }
T(550, 2026) { E0->place_provider = "PR0"; E0->place = fail ? "U4" : "P1"; }

/* ---- Reviews ---- */

T(166, 2026) { if (fail) k->rv[0].date = DAY_NONE; }
T(167, 2026) { k->rv[0].code = fail ? "PN9" : "PN7"; }
T(440, 2026) { k->rv[0].code = "PN0"; if (!fail) PER->dob = D(2022, 1, 1); }
T(441, 2026) { PER->dob = D(2022, 1, 1); k->rv[0].code = fail ? "PN1" : "PN0"; }

/* ---- Missing ---- */

T(564, 2026) { missing(k, fail ? DAY_NONE : D(2025, 6, 1), D(2025, 6, 2), "M"); }
T(1004, 2026) { missing(k, fail ? DAY_NONE : D(2025, 6, 1), D(2025, 6, 2), NULL); }
T(565, 2026) { missing(k, D(2025, 6, 1), D(2025, 6, 2), fail ? NULL : "M"); }
T(566, 2026) { missing(k, D(2025, 6, 1), D(2025, 6, 2), fail ? NULL : "A"); }
T(1006, 2026) { missing(k, D(2025, 6, 1), D(2025, 6, 2), fail ? "X" : "A"); }
T(567, 2026) { missing(k, D(2025, 6, 1), fail ? D(2025, 5, 30) : D(2025, 6, 3), "M"); }
T(574, 2026)
{
    missing(k, D(2025, 6, 1), D(2025, 6, 5), "M");
    missing(k, fail ? D(2025, 6, 3) : D(2025, 6, 6), D(2025, 6, 7), "M");
}
T(575, 2026)
{
    then(k, D(2025, 8, 1), "P", "C2", "U6");
    missing(k, D(2025, 7, 1), fail ? DAY_NONE : D(2025, 7, 2), "M");
}
T(577, 2026)
{
    leave(k, D(2025, 10, 1), "E13");
    missing(k, D(2025, 9, 1), fail ? DAY_NONE : D(2025, 9, 2), "M");
}
T(578, 2026)
{
    leave(k, D(2025, 10, 1), "E13");
    missing(k, fail ? D(2025, 11, 1) : D(2025, 9, 1), fail ? D(2025, 11, 2) : D(2025, 9, 2), "M");
}
T(580, 2026)
{
    leave(k, D(2025, 10, 1), fail ? "E13" : "E8");
    missing(k, D(2025, 9, 30), DAY_NONE, "M");
}
T(581, 2026) { E0->decom = D(2025, 6, 1); missing(k, fail ? D(2025, 5, 1) : D(2025, 7, 1), fail ? D(2025, 5, 2) : D(2025, 7, 2), "M"); }
T(586, 2026) { if (fail) PER->dob = D(2025, 6, 1); missing(k, D(2025, 5, 1), D(2025, 5, 2), "M"); }

/* ---- OC3 ---- */

T(131, 2026) { care_leaver(k); k->oc3[0].in_touch = fail ? "XX" : "YES"; }
T(132, 2026) { care_leaver(k); k->oc3[0].activ = fail ? "ZZ" : "F2"; }
T(133, 2026) { care_leaver(k); k->oc3[0].accom = fail ? "ZZ" : "B1"; }
/* homeless (S) and in custody (X) are never suitable: S1 and X1 are invalid, S2 and X2 not */
#define ACCOM_CASE(name, good, bad)                                                     \
    static void test_133_##name(void **s)                                               \
    {                                                                                   \
        (void)s;                                                                        \
        struct kid k;                                                                   \
        struct findings f = FINDINGS_INIT;                                              \
        kid_base(&k);                                                                   \
        care_leaver(&k);                                                                \
        k.oc3[0].accom = good;                                                          \
        assert_int_equal(count_rule(&k, 2026, "133", &f), 0);                           \
        findings_free(&f);                                                              \
        kid_base(&k);                                                                   \
        care_leaver(&k);                                                                \
        k.oc3[0].accom = bad;                                                           \
        assert_int_equal(count_rule(&k, 2026, "133", &f), 1);                           \
        findings_free(&f);                                                              \
    }
ACCOM_CASE(homeless, "S2", "S1")
ACCOM_CASE(custody, "X2", "X1")
T(134, 2026)
{
    care_leaver(k);
    if (fail)
        k->ad[k->n_ad++] = (struct adoption){.date_int = D(2025, 3, 1), .date_match = D(2025, 5, 1)};
}
T(153, 2026) { care_leaver(k); k->oc3[0].accom = fail ? NULL : "B1"; }
T(187, 2026) { if (fail) oc3(k, 2026, "YES", "F1", "B1"); }
T(215, 2026) { oc3(k, 2026, "YES", "F1", "B1"); if (!fail) k->n_oc2 = 0; }
T(344, 2026) { care_leaver(k); k->oc3[0].in_touch = "DIED"; k->oc3[0].activ = fail ? "F1" : NULL; k->oc3[0].accom = NULL; }
T(345, 2026) { care_leaver(k); k->oc3[0].activ = fail ? "0" : "F1"; }
T(347, 2026) { care_leaver(k); k->oc3[0].accom = fail ? "T1" : "B1"; }
T(3001, 2026) { care_leaver(k); k->oc3[0].accom = fail ? "Z1" : "B1"; }
T(348, 2026) { care_leaver(k); oc3(k, 2025, fail ? "DIED" : "NO", NULL, NULL); }
T(391, 2026) { care_leaver(k); if (fail) PER->dob = D(2012, 6, 15); }
T(1000, 2026)
{
    care_leaver(k);
    leave(k, D(2024, 10, 1), fail ? "E2" : "E13");
}
T(1001, 2026)
{
    care_leaver(k);
    if (fail)
        E0->decom = D(2019, 5, 1), E0->dec = D(2019, 6, 1); /* looked after at 10 only */
}
T(1002, 2026) { care_leaver(k); if (fail) k->n_ep = 0; }
T(1007, 2026)
{
    care_leaver(k);
    E0->dec = DAY_NONE, E0->rec = NULL;
    if (!fail)
        leave(k, D(2025, 5, 1), "E13");
}
T(1016, 2026) { care_leaver(k); leave(k, fail ? D(2025, 10, 1) : D(2025, 5, 1), "E13"); }
/* A young person whose care ends on the 18th birthday itself (DEC the birthday: the DEC day
 * is the first not looked after) was not looked after on the birthday: a care leaver whose
 * activity and accommodation the return wants, as for most who leave care at 18. The day
 * after, the birthday was spent in care and OC3 is not wanted. */
static void test_1016_leaves_on_the_18th_birthday_pass(void **s)
{
    (void)s;
    struct findings f = FINDINGS_INIT;
    for (int after = 0; after < 2; after++) {
        struct kid k;
        kid_base(&k);
        care_leaver(&k);
        k.c.person.dob = D(2007, 6, 15);
        leave(&k, after ? D(2025, 6, 16) : D(2025, 6, 15), "E17");
        assert_int_equal(count_rule(&k, 2026, "1016", &f), after);
        findings_free(&f);
    }
}
T(1011, 2026) { care_leaver(k); leave(k, D(2025, 10, 1), fail ? "E3" : "E13"); }
/* the PrevPerm row given when she came into care is not part of a care leaver's return */
T(1012, 2026)
{
    care_leaver(k);
    if (fail)
        k->rv[k->n_rv++] = (struct la_review){.date = D(2025, 9, 1), .code = "PN1"};
}

/* ---- OC2 ---- */

T(180, 2026) { OC2->sdq_score = fail ? "41" : "40"; }
T(196, 2026) { OC2->sdq_score = NULL; OC2->sdq_reason = fail ? "SDQ9" : "SDQ2"; }
T(181, 2026) { if (fail) OC2->convicted = 2; }
T(182, 2026) { if (fail) OC2->immunisations = -1; }
T(544, 2026) { OC2->convicted = 1; OC2->teeth_check = fail ? -1 : 0; }
T(547, 2026) { OC2->health_check = 1; OC2->teeth_check = fail ? -1 : 0; }
T(158, 2026) { OC2->substance_misuse = 1, OC2->intervention_received = 1; OC2->intervention_offered = fail ? 0 : -1; }
T(159, 2026) { OC2->substance_misuse = 1, OC2->intervention_received = 0; OC2->intervention_offered = fail ? -1 : 1; }
T(192, 2026) { OC2->substance_misuse = 1; OC2->intervention_received = fail ? -1 : 1; }
T(193, 2026) { OC2->substance_misuse = 0; OC2->intervention_received = fail ? 1 : -1; }
T(185, 2026) { recent(k); if (!fail) OC2->sdq_score = NULL; }
T(198, 2026) { recent(k); OC2->sdq_score = NULL; OC2->sdq_reason = fail ? "SDQ2" : NULL; }
T(190, 2026)
{
    recent(k);
    if (!fail)
        *OC2 = (struct la_outcome){.year = 2026, .convicted = -1, .health_check = -1, .immunisations = -1,
                                   .teeth_check = -1, .health_assessment = -1, .substance_misuse = -1,
                                   .intervention_received = -1, .intervention_offered = -1};
}
T(191, 2026) { if (fail) OC2->immunisations = -1; }
T(186, 2026) { if (fail) OC2->sdq_score = NULL; }
T(157, 2026) { OC2->sdq_score = NULL, OC2->sdq_reason = "SDQ1"; if (!fail) PER->dob = D(2009, 1, 1); }
T(188, 2026) { PER->dob = D(2022, 6, 1); OC2->sdq_score = fail ? "12" : NULL; OC2->health_check = 1; }
T(189, 2026) { PER->dob = D(2008, 1, 1); OC2->sdq_score = fail ? "12" : NULL; }
T(197a, 2026) { OC2->sdq_reason = fail ? "SDQ2" : NULL; }
T(197B, 2026) { PER->dob = D(2021, 6, 15); OC2->sdq_score = NULL; OC2->sdq_reason = fail ? NULL : "SDQ2"; }
/* 17 on 1 April 2025: 17 at the start of the year, so no SDQ (rule 189) and none asked */
static void test_197B_seventeen_on_1_april_pass(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.c.person.dob = D(2008, 4, 1);
    k.oc2[0].sdq_score = NULL;
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "197B", &f), 0);
    assert_int_equal(count_rule(&k, 2026, "189", &f), 0);
    findings_free(&f);
}
T(542, 2026) { PER->dob = D(2017, 1, 1); OC2->convicted = fail ? 0 : -1; }
T(543, 2026) { OC2->convicted = fail ? -1 : 1; }
T(545, 2026) { PER->dob = D(2022, 1, 1); OC2->health_check = fail ? -1 : 1; }
T(546, 2026) { OC2->health_check = fail ? 1 : -1; }

/* ---- AD1 ---- */

T(114, 2026) { adoption(k)->foster_care = fail ? 3 : 0; }
T(151, 2026) { adoption(k)->ls_adoptr = fail ? NULL : "L11"; }
T(175, 2026) { struct adoption *a = adoption(k); a->nb_adoptr = fail ? 3 : 1; a->sex_adoptr = "F1", a->ls_adoptr = "L0"; }
T(176, 2026) { adoption(k)->sex_adoptr = fail ? "XY" : "MF"; }
T(177, 2026) { adoption(k)->ls_adoptr = fail ? "L9" : "L11"; }
T(331, 2026) { adoption(k)->date_match = fail ? D(2025, 7, 1) : D(2025, 5, 1); }
T(333, 2026) { adoption(k)->date_int = fail ? D(2025, 5, 15) : D(2025, 3, 1); }
T(334, 2026) { adoption(k)->date_int = fail ? D(2023, 1, 1) : D(2025, 3, 1); }
/* one year's files: the first episode held continues a period begun before them (its
 * reason for new episode is not S), so when the period began is not known and 334 and
 * 1003 say nothing, where the start of the first episode held would have made them fire */
static void test_334_period_begun_before_the_files_pass(void **s)
{
    (void)s;
    struct kid k;
    struct findings f = FINDINGS_INIT;
    kid_base(&k);
    adoption(&k)->date_int = D(2023, 1, 1);
    k.ep[0].rne = "P";
    assert_int_equal(count_rule(&k, 2026, "334", &f), 0);
    findings_free(&f);
    kid_base(&k);
    placed(&k, D(2023, 1, 1), DAY_NONE, NULL);
    k.ep[0].rne = "P";
    assert_int_equal(count_rule(&k, 2026, "1003", &f), 0);
    findings_free(&f);
}
T(335, 2026) { adoption(k)->foster_care = 0; last(k)->place = fail ? "A5" : "A6"; }
T(336, 2026) { adoption(k); if (fail) E0->place = "R1"; }
T(511, 2026) { adoption(k)->sex_adoptr = fail ? "M1" : "MF"; }
T(514, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L0", a->nb_adoptr = 1; a->sex_adoptr = fail ? "MF" : "M1"; }
T(517, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L3"; a->sex_adoptr = fail ? "MM" : "MF"; }
T(518, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L4"; a->sex_adoptr = fail ? "MF" : "FF"; }
T(519, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L2"; a->sex_adoptr = fail ? "M1" : "MM"; }
T(520, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L11"; a->sex_adoptr = fail ? "MM" : "MF"; }
T(524, 2026) { struct adoption *a = adoption(k); a->ls_adoptr = "L12"; a->sex_adoptr = fail ? "MF" : "MM"; }
T(521, 2026) { struct adoption *a = adoption(k); if (fail) a->date_int = D(2025, 6, 15), a->date_match = D(2025, 6, 20); }
T(582, 2026) { adoption(k)->date_match = fail ? D(2026, 1, 10) : D(2025, 5, 1); }
T(601, 2026) { adoption(k); if (fail) k->n_ad = 0; }
T(602, 2026)
{
    if (!fail) {
        adoption(k);
        return;
    }
    k->ad[k->n_ad++] = (struct adoption){.date_int = D(2025, 3, 1), .date_match = D(2025, 6, 1), .foster_care = 0,
                                         .nb_adoptr = 1, .sex_adoptr = "F1", .ls_adoptr = "L0"};
}

/* ---- PlacedAdoption ---- */

T(119, 2026) { placed(k, D(2025, 5, 1), D(2025, 9, 1), fail ? NULL : "RD1"); }
T(120, 2026) { placed(k, D(2025, 5, 1), D(2025, 9, 1), fail ? "RD9" : "RD1"); }
T(117, 2026)
{
    leave(k, D(2025, 10, 1), "E13");
    placed(k, D(2025, 5, 1), fail ? D(2025, 11, 1) : D(2025, 9, 1), "RD1");
}
T(118, 2026) { E0->decom = D(2025, 6, 1); placed(k, D(2025, 4, 10), fail ? D(2025, 5, 1) : D(2025, 7, 1), "RD1"); }
T(184, 2026) { placed(k, fail ? D(2011, 1, 1) : D(2025, 5, 1), DAY_NONE, NULL); }
T(1003, 2026) { placed(k, fail ? D(2023, 1, 1) : D(2023, 6, 1), DAY_NONE, NULL); }
T(522, 2026) { placed(k, D(2025, 9, 1), fail ? D(2025, 8, 1) : D(2025, 10, 1), "RD1"); }
T(523, 2026) { adoption(k); if (fail) k->pa[0].date_placed = D(2025, 3, 2); }
T(525, 2026) { adoption(k); if (fail) k->pa[0].date_placed_ceased = D(2025, 5, 1), k->pa[0].reason_placed_ceased = "RD1"; }
T(551, 2026) { adoption(k); if (fail) k->n_pa = 0; }
T(552, 2026) { adoption(k); k->pa[0].date_placed = fail ? D(2025, 7, 1) : D(2025, 3, 1); }
T(553, 2026) { then(k, D(2025, 6, 1), "L", "E1", "U4"); if (!fail) placed(k, D(2025, 5, 1), DAY_NONE, NULL); }
T(554, 2026) { then(k, D(2025, 6, 1), "L", "E1", "U4"); placed(k, fail ? D(2025, 7, 1) : D(2025, 3, 1), DAY_NONE, NULL); }
T(555, 2023) { E0->decom = D(2022, 5, 1), E0->ls = "D1"; if (!fail) placed(k, D(2022, 4, 1), DAY_NONE, NULL); }
T(556, 2023) { E0->decom = D(2022, 5, 1), E0->ls = "D1"; placed(k, fail ? D(2022, 6, 1) : D(2022, 4, 1), DAY_NONE, NULL); }
T(557, 2026)
{
    leave(k, D(2025, 10, 1), "E13");
    placed(k, D(2025, 5, 1), fail ? DAY_NONE : D(2025, 9, 1), fail ? NULL : "RD1");
}
T(558, 2026) { adoption(k); if (fail) k->pa[0].date_placed_ceased = D(2025, 5, 1), k->pa[0].reason_placed_ceased = "RD1"; }
T(563, 2026) { placed(k, fail ? DAY_NONE : D(2025, 5, 1), D(2025, 6, 1), "RD1"); }
T(579, 2026)
{
    placed(k, D(2025, 4, 10), D(2025, 6, 1), "RD1");
    placed(k, fail ? D(2025, 5, 1) : D(2025, 7, 1), DAY_NONE, NULL);
}
T(583, 2026)
{
    placed(k, D(2025, 4, 10), fail ? DAY_NONE : D(2025, 6, 1), fail ? NULL : "RD1");
    placed(k, D(2025, 7, 1), DAY_NONE, NULL);
}

/* ---- PrevPerm, UASC ---- */

T(630, 2026) { E0->decom = D(2025, 6, 1); if (fail) k->pp[0].prev_perm = "P1"; /* P1 needs LA_PERM and DATE_PERM */ }
T(631, 2026) { k->pp[0].prev_perm = fail ? "P9" : "P1"; }
T(633, 2026) { k->pp[0].prev_perm = "P1", k->pp[0].la_perm = fail ? "12" : "201"; }
T(632, 2026) { k->pp[0].prev_perm = "P1", k->pp[0].date_perm = fail ? "31/02/2020" : "zz/05/2020"; }
T(634, 2026) { if (fail) E0->decom = D(2015, 1, 1); }
T(635, 2026) { if (fail) k->pp[0].la_perm = "201"; }
T(304, 2026) { k->ua[k->n_ua++] = (struct uasc){.duc = fail ? D(2030, 6, 16) : D(2030, 6, 15)}; }

/* ---- Social worker episodes ---- */

T(SW01aSTG1, 2026) { if (fail) k->sw[0].sw_id = NULL; }
T(SW01bSTG1, 2026) { k->sw[0].reason = fail ? NULL : "MANAGE"; }
T(SW03STG1, 2024) { k->sw[0].reason = fail ? NULL : "MANAGE"; }
T(SW02STG1, 2026) { k->sw[0].sw_id = fail ? "AB123" : "XX1"; }
T(SW08STG2, 2026)
{
    if (!fail)
        k->sw[0].dec = D(2025, 6, 1), k->sw[0].reason = "CHCHAN";
    k->sw[k->n_sw++] = (struct sw_episode){.sw_id = "SW2", .decom = D(2025, 6, 1), .reason = "CHCHAN"};
}
T(SW09STG2, 2026)
{
    k->sw[0].decom = D(2025, 6, 1), k->sw[0].dec = fail ? D(2025, 6, 1) : D(2025, 6, 2);
    k->sw[k->n_sw++] = (struct sw_episode){.sw_id = "SW2", .decom = D(2025, 6, 2), .reason = "CHCHAN"};
}
T(SW10STG2, 2026)
{
    k->sw[0].dec = D(2025, 6, 10), k->sw[0].reason = "CHCHAN";
    k->sw[k->n_sw++] = (struct sw_episode){.sw_id = "SW2", .decom = fail ? D(2025, 6, 1) : D(2025, 6, 10), .reason = "CHCHAN"};
}
T(SW11aSTG2, 2024) { if (fail) k->sw[0].dec = D(2024, 1, 1), k->sw[0].reason = "CHCHAN"; }
T(SW11bSTG2, 2026) { if (fail) k->sw[0].dec = D(2026, 1, 1), k->sw[0].reason = "CHCHAN"; }
T(SW12STG2, 2026) { if (fail) k->sw[0].decom = D(2025, 6, 1); }
T(SW13STG1, 2026) { k->sw[0].dec = D(2025, 6, 1), k->sw[0].reason = fail ? "FOO" : "CHCHAN";
                    k->sw[k->n_sw++] = (struct sw_episode){.sw_id = "SW2", .decom = D(2025, 6, 1), .reason = "CHCHAN"}; }
T(SW17STG2, 2026) { if (fail) k->sw[0].dec = D(2025, 6, 1), k->sw[0].reason = "CHCHAN"; }
T(SW01STG1, 2024) { if (fail) k->n_sw = 0; }

/* ---- Deprivation of liberty orders (2026-27) ---- */

T(705, 2027)
{
    k->dl[k->n_dl++] = (struct dolo){.start = D(2026, 6, 1), .end = fail ? DAY_NONE : D(2026, 8, 1)};
    k->dl[k->n_dl++] = (struct dolo){.start = D(2026, 9, 1)};
}
T(707, 2027)
{
    E0->dec = D(2026, 12, 1), E0->rec = "E13";
    k->dl[k->n_dl++] = (struct dolo){.start = D(2026, 6, 1), .end = fail ? DAY_NONE : D(2026, 12, 1)};
}
T(708, 2027) { k->dl[k->n_dl++] = (struct dolo){.start = fail ? D(2012, 6, 14) : D(2012, 6, 15)}; }
/* the order overlaps the open foster placement (U4) or, passing, a children's home (K2);
 * a second order, ended before the episode began, meets no placement */
T(709, 2027)
{
    E0->place = fail ? "U4" : "K2";
    k->dl[k->n_dl++] = (struct dolo){.start = D(2026, 6, 1), .end = D(2026, 8, 1)};
}
/* an order still open is not one the rule asks about */
static void test_709_open_order_pass(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.dl[k.n_dl++] = (struct dolo){.start = D(2026, 6, 1)};
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2027, "709", &f), 0);
    findings_free(&f);
}
/* an episode that ended before the order began is not the placement during it */
static void test_709_episode_before_order_pass(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    then(&k, D(2026, 5, 1), "P", "C2", "K2");
    k.dl[k.n_dl++] = (struct dolo){.start = D(2026, 6, 1), .end = D(2026, 8, 1)};
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2027, "709", &f), 0);
    findings_free(&f);
}
T(710, 2027)
{
    E0->place = fail ? "K1" : "U4";
    k->dl[k->n_dl++] = (struct dolo){.start = D(2026, 6, 1)};
}
/* ---- second readings of some rules ---- */

static void test_388_ended_without_x1_yet_continued_fail(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    then(&k, D(2025, 10, 1), "P", "C2", "U6");
    k.ep[0].rec = "E13"; /* ceased, yet a new episode starts that day */
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "388", &f), 1);
    findings_free(&f);
}

static void test_632_after_period_began_fail(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.pp[0].prev_perm = "P1", k.pp[0].date_perm = "zz/zz/2023"; /* up to 31/12/2023, after 1 May 2023 */
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "632", &f), 1);
    findings_free(&f);
}

static void test_361_counts_consecutive_episodes(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.ep[0].decom = D(2025, 5, 1), k.ep[0].ls = "L1";
    then(&k, D(2025, 5, 3), "P", "L1", "U6"); /* 2 + 2 days under police protection */
    leave(&k, D(2025, 5, 5), "E13");
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "361", &f), 2);
    findings_free(&f);
}

/* ---- the return as a whole ---- */

static void test_clean_child_has_no_findings(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    wire(&k);
    struct findings f = FINDINGS_INIT;
    struct err e = {0};
    assert_int_equal(rules_check_child(&k.c, RULES_903, 2026, &f, &e), HE_OK);
    for (size_t i = 0; i < f.n; i++)
        print_message("  unexpected %s row %d\n", f.v[i].rule, f.v[i].row);
    assert_int_equal(f.n, 0);
    findings_free(&f);
}

/* An episode ending after 31 March is open in that year's return: its X1 does not ask for a
 * continuation (388) and the episode after it is not in the return (142, 501). */
static void test_later_dates_are_not_in_the_return(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    then(&k, D(2026, 5, 1), "P", "C2", "U6");
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "388", &f) + count_rule(&k, 2026, "142", &f), 0);
    findings_free(&f);
    k.ep[0].dec = D(2025, 5, 1); /* now ended in the year with no continuation */
    k.ep[1].decom = D(2026, 5, 1);
    assert_int_equal(count_rule(&k, 2026, "388", &f), 1);
    findings_free(&f);
}

static void test_row_is_the_episode_in_the_return(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    earlier_period(&k, D(2015, 1, 1), D(2016, 1, 1), "E13"); /* not in the 2026 return */
    then(&k, D(2025, 8, 1), "P", "C2", "ZZ");
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2026, "146", &f), 1);
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.v[i].rule, "146")) {
            assert_int_equal(f.v[i].row, 2);
            assert_string_equal(f.v[i].level, "ERROR");
            assert_string_equal(f.v[i].child, "C1");
        }
    findings_free(&f);
}

static void test_year_without_the_rule_does_not_run_it(void **s)
{
    (void)s;
    struct kid k;
    kid_base(&k);
    k.ep[0].decom = D(2023, 11, 1), k.ep[0].place = "P2";
    struct findings f = FINDINGS_INIT;
    assert_int_equal(count_rule(&k, 2024, "217t", &f), 1);
    findings_free(&f);
    assert_null(rules_lookup(RULES_903, 2026, "217t"));
    assert_int_equal(count_rule(&k, 2026, "217t", &f), 0);
    findings_free(&f);
}

/* ---- rules over the whole return: two children checked as one return ---- */

/* Findings of rule for child when a and b are checked as one 2025-26 return. */
static int return_count(struct kid *a, struct kid *b, const char *authority, const char *rule,
                        const char *child)
{
    struct rules_run *r;
    struct err e;
    assert_int_equal(rules_run_begin(RULES_903, 2026, &r, &e), HE_OK);
    rules_run_set_authority(r, authority);
    struct findings f = FINDINGS_INIT;
    wire(a), wire(b);
    rules_run_child(r, &a->c, &f);
    rules_run_child(r, &b->c, &f);
    rules_run_end(r, &f);
    int n = 0;
    for (size_t i = 0; i < f.n; i++)
        n += !strcmp(f.v[i].rule, rule) && !strcmp(f.v[i].child, child);
    findings_free(&f);
    return n;
}
static void two_kids(struct kid *a, struct kid *b)
{
    kid_base(a), kid_base(b);
    b->c.person.la_child_id = "C2";
    b->c.person.upn = "P201123456790";
}
static void test_444_pass(void **s)
{
    (void)s;
    struct kid a, b;
    two_kids(&a, &b);
    assert_int_equal(return_count(&a, &b, NULL, "444", "C1"), 0);
}
static void test_444_fail(void **s) /* both children are named */
{
    (void)s;
    struct kid a, b;
    two_kids(&a, &b);
    b.c.person.upn = a.c.person.upn;
    assert_int_equal(return_count(&a, &b, NULL, "444", "C1"), 1);
    assert_int_equal(return_count(&a, &b, NULL, "444", "C2"), 1);
}
/* own provision (PR1) placed in the authority's area (AB1 2, Aberdeen City), or not (AB3 4,
 * Aberdeenshire): the area named, or else where most children's homes are (AB1 2) */
static void test_1015_pass(void **s)
{
    (void)s;
    struct kid a, b;
    two_kids(&a, &b);
    a.ep[0].pl_post = "AB1 2EF", b.ep[0].pl_post = "AB1 2EF";
    assert_int_equal(return_count(&a, &b, NULL, "1015", "C1"), 0);
    assert_int_equal(return_count(&a, &b, "S12000033", "1015", "C1"), 0);
    a.ep[0].pl_post = "AB3 4EF", a.ep[0].place_provider = "PR2"; /* another authority's provision */
    assert_int_equal(return_count(&a, &b, NULL, "1015", "C1"), 0);
}
static void test_1015_fail(void **s)
{
    (void)s;
    struct kid a, b;
    two_kids(&a, &b);
    b.ep[0].pl_post = "AB1 2EF";
    assert_int_equal(return_count(&a, &b, NULL, "1015", "C1"), 1);
    assert_int_equal(return_count(&a, &b, NULL, "1015", "C2"), 0);
    assert_int_equal(return_count(&a, &b, "S12000034", "1015", "C2"), 1); /* the area named */
}

#define PAIR(code) cmocka_unit_test(test_##code##_pass), cmocka_unit_test(test_##code##_fail),
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_child_has_no_findings),
        cmocka_unit_test(test_later_dates_are_not_in_the_return),
        cmocka_unit_test(test_row_is_the_episode_in_the_return),
        cmocka_unit_test(test_year_without_the_rule_does_not_run_it),
        cmocka_unit_test(test_388_ended_without_x1_yet_continued_fail),
        cmocka_unit_test(test_632_after_period_began_fail),
        cmocka_unit_test(test_361_counts_consecutive_episodes),
        PAIR(101) PAIR(102) PAIR(103) PAIR(168) PAIR(174) PAIR(209)
        cmocka_unit_test(test_209_upn_given_later_pass),
        PAIR(210) PAIR(231) PAIR(232) PAIR(301) PAIR(302) PAIR(351) PAIR(393)
        PAIR(399) PAIR(442) PAIR(607) PAIR(165) PAIR(611) PAIR(612) PAIR(620)
        PAIR(621) PAIR(625) PAIR(141) PAIR(142) PAIR(143)
        PAIR(144) PAIR(145) PAIR(146) PAIR(149) PAIR(178) PAIR(1009)
        PAIR(148) PAIR(199) PAIR(213) PAIR(214) PAIR(217) PAIR(218) PAIR(222) PAIR(230) PAIR(217t)
        PAIR(225) PAIR(226) PAIR(233) PAIR(234) PAIR(352) PAIR(353)
        PAIR(355) PAIR(356) PAIR(357) PAIR(358) PAIR(359) PAIR(361)
        PAIR(362) PAIR(363) PAIR(364) PAIR(365) PAIR(366) PAIR(367)
        PAIR(370) PAIR(371) PAIR(372) PAIR(373) PAIR(374) PAIR(375)
        PAIR(376) PAIR(379) PAIR(377) PAIR(378) PAIR(380) PAIR(381)
        PAIR(382) PAIR(383) PAIR(384) PAIR(386) PAIR(387) PAIR(389)
        PAIR(407) PAIR(460) PAIR(388) PAIR(390) PAIR(392b) PAIR(392c)
        cmocka_unit_test(test_392c_postcode_nowhere_pass), cmocka_unit_test(test_392c_postcode_nowhere_fail),
        PAIR(392a) PAIR(169) PAIR(179) PAIR(164) PAIR(406) PAIR(420) PAIR(454) PAIR(444) PAIR(1015) PAIR(392d) PAIR(398) PAIR(408) PAIR(426) PAIR(431) PAIR(432)
        PAIR(433) PAIR(434)
        cmocka_unit_test(test_434_renamed_placement_code_pass), PAIR(435) PAIR(436) PAIR(437) PAIR(445)
        PAIR(446) PAIR(451) PAIR(501) PAIR(504) PAIR(516) PAIR(526)
        PAIR(527) PAIR(528) PAIR(529) PAIR(530) PAIR(531) PAIR(550)
        PAIR(166) PAIR(167) PAIR(440) PAIR(441) PAIR(564) PAIR(1004) PAIR(565)
        PAIR(566) PAIR(1006) PAIR(567) PAIR(574) PAIR(575) PAIR(577)
        PAIR(578) PAIR(580) PAIR(581) PAIR(586) PAIR(131) PAIR(132)
        PAIR(133) cmocka_unit_test(test_133_homeless), cmocka_unit_test(test_133_custody),
        PAIR(134) PAIR(153) PAIR(187) PAIR(215) PAIR(344)
        PAIR(345) PAIR(347) PAIR(3001) PAIR(348) PAIR(391) PAIR(1000)
        PAIR(1001) PAIR(1002) PAIR(1007) PAIR(1016)
        cmocka_unit_test(test_1016_leaves_on_the_18th_birthday_pass), PAIR(1011) PAIR(1012)
        PAIR(180) PAIR(196) PAIR(181) PAIR(182) PAIR(544)
        PAIR(547) PAIR(158) PAIR(159) PAIR(192) PAIR(193) PAIR(185)
        PAIR(198) PAIR(190) PAIR(191) PAIR(186) PAIR(157) PAIR(188)
        PAIR(189) PAIR(197a) PAIR(197B)
        cmocka_unit_test(test_197B_seventeen_on_1_april_pass), PAIR(542) PAIR(543) PAIR(545)
        PAIR(546) PAIR(114) PAIR(151) PAIR(175) PAIR(176) PAIR(177)
        PAIR(331) PAIR(333) PAIR(334)
        cmocka_unit_test(test_334_period_begun_before_the_files_pass), PAIR(335) PAIR(336) PAIR(511)
        PAIR(514) PAIR(517) PAIR(518) PAIR(519) PAIR(520) PAIR(524)
        PAIR(521) PAIR(582) PAIR(601) PAIR(602) PAIR(119) PAIR(120)
        PAIR(117) PAIR(118) PAIR(184) PAIR(1003) PAIR(522) PAIR(523)
        PAIR(525) PAIR(551) PAIR(552) PAIR(553) PAIR(554) PAIR(555)
        PAIR(556) PAIR(557) PAIR(558) PAIR(563) PAIR(579) PAIR(583)
        PAIR(630) PAIR(631) PAIR(633) PAIR(632) PAIR(634) PAIR(635)
        PAIR(304) PAIR(SW01aSTG1) PAIR(SW01bSTG1) PAIR(SW02STG1) PAIR(SW03STG1) PAIR(SW08STG2) PAIR(SW09STG2) PAIR(SW10STG2)
        PAIR(SW11aSTG2) PAIR(SW11bSTG2) PAIR(SW12STG2) PAIR(SW13STG1) PAIR(SW17STG2) PAIR(SW01STG1)
        PAIR(705) PAIR(707) PAIR(708) PAIR(709) PAIR(710)
        cmocka_unit_test(test_709_open_order_pass), cmocka_unit_test(test_709_episode_before_order_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
