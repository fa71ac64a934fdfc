/* Tests for the store held in memory (store_mem.c): the same puts, in the same order, into
 * it and into a SQLite store must give the same facts for every period, member by member,
 * field by field (the members with no promised order compared after sorting). The puts
 * are a random but seeded mix of several collection years' returns arriving out of order:
 * the same children, episodes and placements again with other values or blanks (newer
 * year overwrites, older fills blanks), parts that a newer return of an episode no longer
 * holds (dropped when the episode is completed), placements by postcode; and a child
 * with hundreds of rows in one table. */
#include "teststore.h"
#include "store/store_mem.h"
#include "util/buf.h"
#include "store/trends.h"

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}
static const char *pick(const char *const *v, unsigned n) { return v[rnd(n)]; }

static day_t d(const char *iso) { return date_parse_iso(iso, strlen(iso)); }

/* Some day of collection year y, or of the years before it. */
static day_t day_in(int y, int back) { return date_from_ymd(y - 1 - (int)rnd((unsigned)back + 1), 4, 1) + (day_t)rnd(365); }

#define N_STORES 2
#define PUT(kind, rec, id)                                                                    \
    do {                                                                                      \
        for (int k_ = 0; k_ < N_STORES; k_++) {                                               \
            rec_id got_ = 0;                                                                  \
            enum put_outcome o_;                                                              \
            if (store_put_##kind(s[k_], year, rec, &got_, &o_, &e) != HE_OK)                  \
                fail_msg("put " #kind " (%s): %s", k_ ? "memory" : "SQLite", e.msg);           \
            if ((id) != NULL)                                                                 \
                ((rec_id *)(id))[k_] = got_;                                                  \
        }                                                                                     \
    } while (0)

/* One collection year's return of `year` for children [first, first + n). */
static void one_return(struct store **s, int year, int first, int n)
{
    static const char *const disab[] = {NULL, "NONE", "MOB", "HAND,LD", ""};
    static const char *const codes[] = {NULL, "NEG", "PHY", "EMO"};
    static const char *const places[] = {"U1", "U4", "K2", "P1", NULL, "A4", "A5"};
    static const char *const providers[] = {"PR1", "PR2", "PR4", NULL};
    static const char *const recs[] = {"E11", "E4A", "X1", "E13"};
    static const char *const posts[] = {"ME1 1AA", "ME2 1BB", "M1 1AE", "CM1 6ED", "ME4", NULL, "ZZ9 9ZZ"};
    static const char *const accoms[] = {"B1", "B2", "T2", "0", NULL};
    struct err e;
    err_clear(&e);
    for (int c = first; c < first + n; c++) {
        if (rnd(4) == 0)
            continue; /* not in this year's return */
        char id[16];
        snprintf(id, sizeof id, "C%04d", c);
        /* each child's dates come from a few fixed days, so returns name the same records */
        uint64_t keep = rng;
        rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(c + 1);
        day_t base = d("2015-06-01") + (day_t)rnd(1400);
        rng = keep;
        struct person p = {.la_child_id = id, .dob = base - 3000 - (day_t)rnd(2) * 7,
                           .sex = rnd(2) ? "M" : NULL, .disabilities = pick(disab, 5),
                           .upn = rnd(3) ? NULL : "A123", .mother = -1};
        rec_id pid[N_STORES], ep[N_STORES], plan[N_STORES];
        PUT(person, &p, pid);
        for (int k = 1; k < N_STORES; k++)
            assert_int_equal(pid[k], pid[0]);
        for (int i = 0; i < 2; i++) {
            if (rnd(3) == 0)
                continue;
            day_t ref = base + 200 * i;
            /* the reason from the date, so that the generator's sequence is unchanged */
            static const char *const reasons[] = {"RC8", "RC9", "RC1", NULL};
            struct cin_episode ce = {.referral_date = ref, .referral_source = rnd(2) ? "1A" : NULL,
                                     .closure_date = rnd(2) ? ref + 30 + (day_t)rnd(3) * 100 : DAY_NONE,
                                     .referral_nfa = (int)rnd(3) - 1, .icpc_date = DAY_NONE};
            if (ce.closure_date != DAY_NONE)
                ce.closure_reason = reasons[ref % 4];
            for (int k = 0; k < N_STORES; k++) {
                ce.person = pid[k];
                enum put_outcome o;
                if (store_put_cin_episode(s[k], year, &ce, &ep[k], &o, &e) != HE_OK)
                    fail_msg("cin_episode: %s", e.msg);
            }
            for (int a = 0; a < 3; a++) {
                if (rnd(2))
                    continue;
                day_t st = ref + 5 + 40 * a;
                struct assessment as = {.start = st, .internal_review = DAY_NONE,
                                        .authorised = rnd(3) ? st + (day_t)rnd(60) : DAY_NONE};
                for (int k = 0; k < N_STORES; k++) {
                    as.episode = ep[k];
                    enum put_outcome o;
                    assert_int_equal(store_put_assessment(s[k], year, &as, NULL, &o, &e), HE_OK);
                }
            }
            for (int q = 0; q < 2; q++) {
                if (rnd(2))
                    continue;
                day_t st = ref + 10 + 90 * q;
                struct s47_enquiry se = {.start = st, .icpc_target = DAY_NONE,
                                         .icpc_date = rnd(2) ? st + (day_t)rnd(20) : DAY_NONE,
                                         .icpc_not_required = -1};
                for (int k = 0; k < N_STORES; k++) {
                    se.episode = ep[k];
                    enum put_outcome o;
                    assert_int_equal(store_put_s47_enquiry(s[k], year, &se, NULL, &o, &e), HE_OK);
                }
            }
            for (int q = 0; q < 2; q++) {
                if (rnd(2))
                    continue;
                day_t st = ref + 20 + 150 * q;
                struct cp_plan cp = {.start = st, .end = rnd(2) ? st + 60 + (day_t)rnd(500) : DAY_NONE,
                                     .initial_category = pick(codes, 4), .latest_category = pick(codes, 4),
                                     .previous_plans = (int)rnd(3) - 1};
                for (int k = 0; k < N_STORES; k++) {
                    cp.episode = ep[k];
                    enum put_outcome o;
                    assert_int_equal(store_put_cp_plan(s[k], year, &cp, &plan[k], &o, &e), HE_OK);
                }
                for (int r = 0; r < 4; r++) {
                    if (rnd(2))
                        continue;
                    for (int k = 0; k < N_STORES; k++) {
                        struct cp_review rv = {.plan = plan[k], .date = st + 15 + 90 * r};
                        enum put_outcome o;
                        assert_int_equal(store_put_cp_review(s[k], year, &rv, NULL, &o, &e), HE_OK);
                    }
                }
            }
            for (int k = 0; k < N_STORES; k++)
                assert_int_equal(store_complete_episode(s[k], ep[k], year, &e), HE_OK);
        }
        for (int i = 0; i < 3; i++) {
            if (rnd(2))
                continue;
            day_t decom = base + 100 + 250 * i;
            struct la_episode le = {.person = pid[0], .decom = decom, .rne = rnd(2) ? "S" : "P",
                                    .ls = rnd(4) ? (rnd(3) ? "C2" : "E1") : "V3", .place = pick(places, 7),
                                    .place_provider = pick(providers, 4),
                                    .dec = rnd(2) ? decom + 1 + (day_t)rnd(400) : DAY_NONE,
                                    .rec = pick(recs, 4), .home_post = pick(posts, 7),
                                    .pl_post = pick(posts, 7)};
            PUT(la_episode, &le, NULL);
        }
        if (rnd(3) == 0) { /* AD1: the decision to adopt and the match */
            day_t di = base + 200 + (day_t)rnd(600);
            struct adoption ad = {.person = pid[0], .date_int = di,
                                  .date_match = rnd(4) ? di + (day_t)rnd(200) : DAY_NONE,
                                  .foster_care = -1, .nb_adoptr = -1};
            PUT(adoption, &ad, NULL);
        }
        if (rnd(2)) {
            struct missing_episode m = {.person = pid[0], .start = day_in(year, 1), .end = DAY_NONE,
                                        .kind = rnd(2) ? "M" : (rnd(2) ? "A" : NULL)};
            PUT(missing_episode, &m, NULL);
        }
        if (rnd(3) == 0) {
            struct care_leaver cl = {.person = pid[0], .year = year, .in_touch = rnd(2) ? "YES" : "REFU",
                                     .activ = rnd(2) ? "F1" : NULL, .accom = pick(accoms, 5)};
            PUT(care_leaver, &cl, NULL);
        }
        for (int i = 0; i < 3; i++) {
            struct contact ct = {.person = pid[0], .date = day_in(year, 0), .source = rnd(2) ? "1A" : NULL,
                                 .seq = 1 + (int)rnd(2)};
            PUT(contact, &ct, NULL);
        }
    }
}

static int cmp_day2(const void *a, const void *b) { return memcmp(a, b, 2 * sizeof(day_t)); }
static int cmp_missing(const void *a, const void *b)
{
    const struct fact_missing *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->kind - y->kind;
}
static int cmp_code(const void *a, const void *b) { return strcmp(a, b); }
static void sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n)
        qsort(v, n, size, cmp);
}

static void same_facts(struct facts *a, struct facts *b, const char *period)
{
#define SAME_N(n) if (a->n != b->n) fail_msg("%s: " #n " %zu (SQLite) against %zu (memory)", period, a->n, b->n)
#define SAME(field, i) if (a->field != b->field) fail_msg("%s: " #field " [%zu] differs", period, (size_t)(i))
#define SAME_S(field, i) if (strcmp(a->field, b->field)) fail_msg("%s: " #field " [%zu] '%s' / '%s'", period, (size_t)(i), a->field, b->field)
    assert_int_equal(a->contacts, b->contacts);
    SAME_N(n_referrals);
    for (size_t i = 0; i < a->n_referrals; i++) {
        SAME(referrals[i].child, i); SAME(referrals[i].date, i); SAME(referrals[i].nfa, i);
        SAME(referrals[i].not_in_need, i);
    }
    SAME_N(n_assessments);
    sort(a->assessments, a->n_assessments, sizeof *a->assessments, cmp_day2);
    sort(b->assessments, b->n_assessments, sizeof *b->assessments, cmp_day2);
    for (size_t i = 0; i < a->n_assessments; i++) {
        SAME(assessments[i].start, i); SAME(assessments[i].authorised, i);
    }
    SAME_N(n_s47);
    sort(a->s47, a->n_s47, sizeof *a->s47, cmp_day2);
    sort(b->s47, b->n_s47, sizeof *b->s47, cmp_day2);
    for (size_t i = 0; i < a->n_s47; i++) {
        SAME(s47[i].start, i); SAME(s47[i].icpc_date, i);
    }
    SAME_N(n_cp_plans);
    for (size_t i = 0; i < a->n_cp_plans; i++) {
        SAME(cp_plans[i].child, i); SAME(cp_plans[i].start, i); SAME(cp_plans[i].end, i);
        SAME_S(cp_plans[i].latest_category, i); SAME(cp_plans[i].previous_plans, i);
        SAME_S(cp_plans[i].initial_category, i); SAME(cp_plans[i].returns_from, i);
    }
    SAME_N(n_cin_open);
    for (size_t i = 0; i < a->n_cin_open; i++)
        SAME(cin_open_children[i], i);
    SAME_N(n_la_episodes);
    for (size_t i = 0; i < a->n_la_episodes; i++) {
        SAME(la_episodes[i].child, i); SAME(la_episodes[i].decom, i); SAME(la_episodes[i].dec, i);
        SAME(la_episodes[i].dob, i); SAME_S(la_episodes[i].place, i);
        SAME_S(la_episodes[i].place_provider, i); SAME_S(la_episodes[i].rec, i);
        SAME_S(la_episodes[i].rne, i); SAME_S(la_episodes[i].ls, i);
        SAME(la_episodes[i].in_area, i); SAME(la_episodes[i].far, i);
    }
    SAME_N(n_missing);
    sort(a->missing, a->n_missing, sizeof *a->missing, cmp_missing);
    sort(b->missing, b->n_missing, sizeof *b->missing, cmp_missing);
    for (size_t i = 0; i < a->n_missing; i++) {
        SAME(missing[i].child, i); SAME(missing[i].start, i); SAME(missing[i].kind, i);
    }
    SAME_N(n_oc3);
    sort(a->oc3_accom, a->n_oc3, sizeof *a->oc3_accom, cmp_code);
    sort(b->oc3_accom, b->n_oc3, sizeof *b->oc3_accom, cmp_code);
    for (size_t i = 0; i < a->n_oc3; i++)
        SAME_S(oc3_accom[i], i);
    SAME_N(n_care_leavers);
    for (size_t i = 0; i < a->n_care_leavers; i++) {
        SAME(care_leavers[i].dob, i); SAME_S(care_leavers[i].in_touch, i);
        SAME_S(care_leavers[i].activ, i); SAME_S(care_leavers[i].accom, i);
    }
    SAME_N(n_cin_open_disabled);
    for (size_t i = 0; i < a->n_cin_open_disabled; i++)
        SAME(cin_open_disabled[i], i);
    SAME_N(n_cp_reviews);
    for (size_t i = 0; i < a->n_cp_reviews; i++) {
        SAME(cp_reviews[i].child, i); SAME(cp_reviews[i].plan_start, i); SAME(cp_reviews[i].date, i);
    }
    SAME_N(n_adoptions);
    for (size_t i = 0; i < a->n_adoptions; i++) {
        SAME(adoptions[i].child, i); SAME(adoptions[i].adopted, i);
        SAME(adoptions[i].entered_care, i); SAME(adoptions[i].placed, i);
        SAME(adoptions[i].placed_adjusted, i); SAME(adoptions[i].authority, i); SAME(adoptions[i].matched, i);
    }
}

/* Children adopted after a run of episodes joined end to start, each new episode's RNE
 * keeping the carers (L, T, U) or not (P, B), the last placed for adoption with the foster
 * carers or not: the adoptions' moving in adjusted for foster carers (the DfE's A10). */
static void foster_adoptions(struct store **s, int n)
{
    static const char *const fostering[] = {"U1", "U4", "U5"};
    static const char *const adoptive[] = {"A3", "A4", "A5", "A6"};
    static const char *const rnes[] = {"L", "T", "U", "P", "B"};
    const int year = 2019;
    struct err e;
    err_clear(&e);
    for (int c = 0; c < n; c++) {
        char id[16];
        snprintf(id, sizeof id, "F%04d", c);
        day_t base = d("2015-10-01") + (day_t)rnd(1200);
        struct person p = {.la_child_id = id, .dob = base - 400, .mother = -1};
        rec_id pid[N_STORES];
        PUT(person, &p, pid);
        int eps = 2 + (int)rnd(3);
        for (int i = 0; i < eps; i++) {
            bool last = i == eps - 1;
            day_t decom = base + 150 * i;
            struct la_episode le = {.person = pid[0], .decom = decom, .rne = i ? pick(rnes, 5) : "S",
                                    .ls = last ? "E1" : "C2",
                                    .place = last ? pick(adoptive, 4) : pick(fostering, 3),
                                    .place_provider = "PR1", .dec = decom + (last ? 200 : 150),
                                    .rec = last ? (rnd(2) ? "E11" : "E12") : "X1"};
            PUT(la_episode, &le, NULL);
        }
    }
}

/* An SQLite store in dir (s[0]) and one in memory (s[1]), each in a load begun. */
static void open_both(struct store **s, struct test_db *t, const char *dir, bool bulk)
{
    struct err e;
    err_clear(&e);
    test_db_new(t, TB_SQLITE, dir, "t.db");
    assert_int_equal(test_db_open(t, STORE_CREATE, &s[0], &e), HE_OK);
    assert_int_equal(store_mem_open(&s[1], &e), HE_OK);
    for (int k = 0; k < N_STORES; k++)
        assert_int_equal(bulk ? store_begin_load(s[k], &e) : store_begin(s[k], &e), HE_OK);
}

/* ---- whole children: the same from both stores ------------------------------------- */

#define S(x) ((x) ? (x) : "-")

/* Index of id in ids[0..n), or -1: the record a part hangs off, named the same way in
 * both stores whatever ids each gave. */
static long at(const rec_id *ids, size_t n, rec_id id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return (long)i;
    return -1;
}

/* Every field of c, in its arrays' order, as text. */
static void dump_child(struct buf *b, const struct child_file *c)
{
    const struct person *p = &c->person;
    buf_printf(b, "P %s %s %s %s %s %s %s %d %d %d %s %s %s %d %d\n", S(p->la_child_id), S(p->upn),
               S(p->former_upn), S(p->upn_unknown), S(p->nhs_number), S(p->given_name), S(p->family_name),
               p->dob, p->expected_dob, p->death_date, S(p->sex), S(p->ethnicity), S(p->disabilities),
               p->mother, p->mc_dob);
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *x = &c->episodes[i];
        buf_printf(b, "E %d %s %s %d %s %d %d\n", x->referral_date, S(x->referral_source), S(x->primary_need),
                   x->closure_date, S(x->closure_reason), x->referral_nfa, x->icpc_date);
    }
    for (size_t i = 0; i < c->n_assessments; i++) {
        const struct assessment *x = &c->assessments[i];
        buf_printf(b, "A %ld %d %d %d %s\n", at(c->episodes_id, c->n_episodes, x->episode), x->start,
                   x->internal_review, x->authorised, S(x->factors));
    }
    for (size_t i = 0; i < c->n_cin_plans; i++) {
        const struct cin_plan *x = &c->cin_plans[i];
        buf_printf(b, "CP %ld %d %d\n", at(c->episodes_id, c->n_episodes, x->episode), x->start, x->end);
    }
    for (size_t i = 0; i < c->n_s47s; i++) {
        const struct s47_enquiry *x = &c->s47s[i];
        buf_printf(b, "Q %ld %d %d %d %d\n", at(c->episodes_id, c->n_episodes, x->episode), x->start,
                   x->icpc_target, x->icpc_date, x->icpc_not_required);
    }
    for (size_t i = 0; i < c->n_cp_plans; i++) {
        const struct cp_plan *x = &c->cp_plans[i];
        buf_printf(b, "PP %ld %d %d %s %s %d\n", at(c->episodes_id, c->n_episodes, x->episode), x->start,
                   x->end, S(x->initial_category), S(x->latest_category), x->previous_plans);
    }
    for (size_t i = 0; i < c->n_cp_reviews; i++)
        buf_printf(b, "R %ld %d\n", at(c->cp_plans_id, c->n_cp_plans, c->cp_reviews[i].plan),
                   c->cp_reviews[i].date);
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *x = &c->la_episodes[i];
        buf_printf(b, "L %d %s %s %s %s %s %d %s %s %s %s %s\n", x->decom, S(x->rne), S(x->ls), S(x->cin),
                   S(x->place), S(x->place_provider), x->dec, S(x->rec), S(x->reason_place_change),
                   S(x->home_post), S(x->pl_post), S(x->urn));
    }
    for (size_t i = 0; i < c->n_la_reviews; i++)
        buf_printf(b, "LR %d %s\n", c->la_reviews[i].date, S(c->la_reviews[i].code));
    for (size_t i = 0; i < c->n_missing; i++)
        buf_printf(b, "M %d %d %s\n", c->missing[i].start, c->missing[i].end, S(c->missing[i].kind));
    for (size_t i = 0; i < c->n_care_leavers; i++) {
        const struct care_leaver *x = &c->care_leavers[i];
        buf_printf(b, "CL %d %s %s %s\n", x->year, S(x->in_touch), S(x->activ), S(x->accom));
    }
    for (size_t i = 0; i < c->n_la_outcomes; i++) {
        const struct la_outcome *x = &c->la_outcomes[i];
        buf_printf(b, "O %d %s %s %d %d %d %d %d %d %d %d\n", x->year, S(x->sdq_score), S(x->sdq_reason),
                   x->convicted, x->health_check, x->immunisations, x->teeth_check, x->health_assessment,
                   x->substance_misuse, x->intervention_received, x->intervention_offered);
    }
    for (size_t i = 0; i < c->n_adoptions; i++) {
        const struct adoption *x = &c->adoptions[i];
        buf_printf(b, "AD %d %d %d %d %s %s\n", x->date_int, x->date_match, x->foster_care, x->nb_adoptr,
                   S(x->sex_adoptr), S(x->ls_adoptr));
    }
    for (size_t i = 0; i < c->n_placed_adoptions; i++) {
        const struct placed_adoption *x = &c->placed_adoptions[i];
        buf_printf(b, "PA %d %d %s\n", x->date_placed, x->date_placed_ceased, S(x->reason_placed_ceased));
    }
    for (size_t i = 0; i < c->n_prev_perms; i++)
        buf_printf(b, "PR %s %s %s\n", S(c->prev_perms[i].prev_perm), S(c->prev_perms[i].la_perm),
                   S(c->prev_perms[i].date_perm));
    for (size_t i = 0; i < c->n_uascs; i++)
        buf_printf(b, "U %d\n", c->uascs[i].duc);
    for (size_t i = 0; i < c->n_sw_episodes; i++) {
        const struct sw_episode *x = &c->sw_episodes[i];
        buf_printf(b, "SW %s %d %d %s\n", S(x->sw_id), x->decom, x->dec, S(x->reason));
    }
    for (size_t i = 0; i < c->n_dolos; i++)
        buf_printf(b, "DL %d %d\n", c->dolos[i].start, c->dolos[i].end);
    for (size_t i = 0; i < c->n_contacts; i++) {
        const struct contact *x = &c->contacts[i];
        buf_printf(b, "C %d %s %d %s %d\n", x->date, S(x->source), x->seq, S(x->decision), x->decision_date);
    }
    for (size_t i = 0; i < c->n_early_helps; i++)
        buf_printf(b, "EH %d %d %s\n", c->early_helps[i].start, c->early_helps[i].end,
                   S(c->early_helps[i].organisation));
}

/* Each cohort of each period the same children, and each child the same records in the
 * same order, from both stores. Returns how many children were compared. */
static size_t same_children(struct store **s, const char *const (*periods)[2], size_t np)
{
    struct err e;
    err_clear(&e);
    size_t compared = 0;
    for (size_t i = 0; i < np; i++)
        for (int w = COHORT_CIN; w <= COHORT_ANY; w++) {
            rec_id *ids[N_STORES];
            size_t n[N_STORES];
            for (int k = 0; k < N_STORES; k++)
                assert_int_equal(store_cohort(s[k], (enum store_cohort)w, d(periods[i][0]), d(periods[i][1]),
                                              &ids[k], &n[k], &e), HE_OK);
            assert_int_equal(n[0], n[1]);
            if (n[0])
                assert_memory_equal(ids[0], ids[1], n[0] * sizeof *ids[0]);
            struct child_file c[N_STORES][8];
            for (size_t j = 0; j < n[0]; j += 8) {
                size_t nb = n[0] - j < 8 ? n[0] - j : 8;
                for (int k = 0; k < N_STORES; k++)
                    assert_int_equal(store_load_children(s[k], ids[k] + j, nb, STORE_LOAD_ALL, c[k], &e), HE_OK);
                for (size_t q = 0; q < nb; q++) {
                    struct buf a = BUF_INIT, b = BUF_INIT;
                    dump_child(&a, &c[0][q]);
                    dump_child(&b, &c[1][q]);
                    if (strcmp(buf_str(&a), buf_str(&b)))
                        fail_msg("child %lld differs:\nSQLite:\n%s\nmemory:\n%s", (long long)ids[0][j + q],
                                 buf_str(&a), buf_str(&b));
                    buf_free(&a);
                    buf_free(&b);
                    child_file_free(&c[0][q]);
                    child_file_free(&c[1][q]);
                    compared++;
                }
            }
            free(ids[0]);
            free(ids[1]);
        }
    return compared;
}

/* The same puts into both stores, then the facts of several periods compared, and the
 * children of each cohort loaded whole. */
static void run_same(bool bulk, uint64_t seed)
{
    rng = seed;
    char *dir = test_tmpdir();
    struct test_db t;
    struct store *s[N_STORES];
    struct err e;
    err_clear(&e);
    open_both(s, &t, dir, bulk);
    /* the returns out of order: newer years before older ones, and one year twice */
    static const int years[] = {2019, 2017, 2020, 2018, 2019, 2021};
    for (size_t i = 0; i < sizeof years / sizeof *years; i++)
        one_return(s, years[i], 0, 120);
    foster_adoptions(s, 40);
    for (int k = 0; k < N_STORES; k++)
        assert_int_equal(store_commit(s[k], &e), HE_OK);
    static const char *const periods[][2] = {
        {"2016-04-01", "2017-03-31"}, {"2017-04-01", "2018-03-31"}, {"2018-04-01", "2019-03-31"},
        {"2019-04-01", "2020-03-31"}, {"2020-04-01", "2021-03-31"}, {"2018-01-01", "2018-06-30"},
        {"2015-01-01", "2021-12-31"}, {"2019-07-04", "2019-07-04"},
    };
    size_t total = 0, adoptions = 0, matched = 0, adjusted = 0;
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        struct facts a, b;
        assert_int_equal(store_load_facts(s[0], d(periods[i][0]), d(periods[i][1]), &a, &e), HE_OK);
        assert_int_equal(store_load_facts(s[1], d(periods[i][0]), d(periods[i][1]), &b, &e), HE_OK);
        same_facts(&a, &b, periods[i][1]);
        total += a.n_referrals + a.n_assessments + a.n_cp_plans + a.n_la_episodes + a.n_cp_reviews +
                 a.n_missing + a.n_care_leavers + (size_t)a.contacts;
        adoptions += a.n_adoptions;
        for (size_t k = 0; k < a.n_adoptions; k++) {
            matched += a.adoptions[k].matched != DAY_NONE && a.adoptions[k].placed != DAY_NONE &&
                       a.adoptions[k].authority != DAY_NONE;
            adjusted += a.adoptions[k].placed_adjusted < a.adoptions[k].placed;
        }
        facts_free(&a);
        facts_free(&b);
    }
    assert_true(total > 1000); /* the comparison compared something */
    assert_true(adoptions > 10 && matched > 0 && adjusted > 5);
    /* the trends' own facts and the years held */
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        struct trend_facts a, b;
        day_t from = d(periods[i][0]), to = d(periods[i][1]);
        assert_int_equal(store_load_trend_facts(s[0], from, to, &a, &e), HE_OK);
        assert_int_equal(store_load_trend_facts(s[1], from, to, &b, &e), HE_OK);
        assert_memory_equal(a.contacts_by_day, b.contacts_by_day, (size_t)(to - from + 1) * sizeof *a.contacts_by_day);
        assert_int_equal(a.n_cin, b.n_cin);
        for (size_t j = 0; j < a.n_cin; j++)
            if (a.cin[j].child != b.cin[j].child || a.cin[j].referral != b.cin[j].referral ||
                a.cin[j].closure != b.cin[j].closure)
                fail_msg("%s: trend episode %zu differs", periods[i][1], j);
        assert_int_equal(a.n_disabled, b.n_disabled);
        if (a.n_disabled)
            assert_memory_equal(a.disabled, b.disabled, a.n_disabled * sizeof *a.disabled);
        trend_facts_free(&a);
        trend_facts_free(&b);
    }
    /* and whole children, as hearth validate reads them */
    assert_true(same_children(s, periods, sizeof periods / sizeof *periods) > 500);
    int y[2][2];
    for (int k = 0; k < N_STORES; k++)
        assert_int_equal(store_data_years(s[k], &y[k][0], &y[k][1], &e), HE_OK);
    assert_int_equal(y[0][0], y[1][0]);
    assert_int_equal(y[0][1], y[1][1]);
    assert_int_equal(y[1][1], 2021);
    for (int k = 0; k < N_STORES; k++)
        store_close(s[k]);
    test_rm_rf(dir);
    free(dir);
}

static void test_same_facts(void **state) { run_same(false, 88172645463325252ULL); }
static void test_same_facts_bulk(void **state) { run_same(true, 1234567ULL); }

/* A child with far more rows in one table than a record's rows are walked for before the
 * table is given a key index (store_mem.c's CHAIN_MAX): an Annex A list that names one
 * child for hundreds of contacts. Every row is found again, before the index and after,
 * for that child and for another, as SQLite finds them. */
static void test_many_rows_one_child(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct test_db t;
    struct store *s[N_STORES];
    struct err e;
    err_clear(&e);
    open_both(s, &t, dir, false);
    int year = 2019;
    struct person many = {.la_child_id = "MANY", .mother = -1}, few = {.la_child_id = "FEW", .mother = -1};
    rec_id pm[N_STORES], pf[N_STORES];
    PUT(person, &many, pm);
    PUT(person, &few, pf);
    enum { N = 400 };
    static rec_id first[N + 3][N_STORES];
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < N + 3; i++) {
            /* FEW's three come before MANY's chain is long and after its index is made */
            bool is_few = i >= N;
            int j = is_few ? (i - N) * 150 : i;
            struct contact c = {.date = d("2018-04-01") + j / 2, .source = j % 3 ? "1A" : "3B",
                                .seq = 1 + j % 2, .decision_date = DAY_NONE};
            for (int k = 0; k < N_STORES; k++) {
                c.person = is_few ? pf[k] : pm[k];
                rec_id got = 0;
                enum put_outcome o;
                assert_int_equal(store_put_contact(s[k], year, &c, &got, &o, &e), HE_OK);
                if (pass == 0) {
                    assert_int_equal(o, PUT_ADDED);
                    first[i][k] = got;
                } else {
                    assert_int_equal(o, PUT_UNCHANGED);
                    assert_int_equal(got, first[i][k]);
                }
            }
        }
    for (int k = 0; k < N_STORES; k++)
        assert_int_equal(store_commit(s[k], &e), HE_OK);
    struct facts a, b;
    assert_int_equal(store_load_facts(s[0], d("2018-04-01"), d("2019-03-31"), &a, &e), HE_OK);
    assert_int_equal(store_load_facts(s[1], d("2018-04-01"), d("2019-03-31"), &b, &e), HE_OK);
    assert_int_equal(a.contacts, N + 3);
    assert_int_equal(b.contacts, N + 3);
    facts_free(&a);
    facts_free(&b);
    for (int k = 0; k < N_STORES; k++)
        store_close(s[k]);
    test_rm_rf(dir);
    free(dir);
}

/* Only one load, and what the store does not hold is refused with a reason. */
static void test_one_load(void **state)
{
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_mem_open(&s, &e), HE_OK);
    struct person p = {.la_child_id = "A", .mother = -1};
    rec_id id;
    enum put_outcome o;
    assert_int_equal(store_put_person(s, 2018, &p, &id, &o, &e), HE_INTERNAL); /* no transaction */
    assert_int_equal(store_begin(s, &e), HE_OK);
    assert_int_equal(store_put_person(s, 2018, &p, &id, &o, &e), HE_OK);
    assert_int_equal(o, PUT_ADDED);
    assert_int_equal(store_put_person(s, 2018, &p, &id, &o, &e), HE_OK);
    assert_int_equal(o, PUT_UNCHANGED);
    rec_id found;
    assert_int_equal(store_find_person(s, "A", &found, &e), HE_OK);
    assert_int_equal(found, id);
    assert_int_equal(store_find_person(s, "B", &found, &e), HE_OK);
    assert_int_equal(found, 0);
    assert_int_equal(store_commit(s, &e), HE_OK);
    assert_int_equal(store_begin(s, &e), HE_INTERNAL);
    rec_id *ids;
    size_t n;
    assert_int_equal(store_cohort(s, COHORT_CIN, d("2017-04-01"), d("2018-03-31"), &ids, &n, &e), HE_OK);
    assert_int_equal(n, 0); /* A has no episode of need */
    free(ids);
    struct child_file c;
    assert_int_equal(store_load_child(s, id, &c, &e), HE_OK);
    assert_string_equal(c.person.la_child_id, "A");
    assert_int_equal(c.n_episodes, 0);
    child_file_free(&c);
    assert_int_equal(store_load_child(s, id + 1, &c, &e), HE_INPUT); /* no such child */
    struct store_count counts[4];
    int filled;
    assert_int_not_equal(store_counts(s, counts, 4, &filled, &e), HE_OK);
    assert_non_null(strstr(e.msg, "not in a database"));
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_facts),
        cmocka_unit_test(test_same_facts_bulk),
        cmocka_unit_test(test_many_rows_one_child),
        cmocka_unit_test(test_one_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
