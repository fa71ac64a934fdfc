/* cin_builder: children for the CIN rule tests, built in code. kid() makes the base child
 * (a ten-year-old with a valid UPN and one open episode of need referred on 2 June 2025 that
 * led to further action), which breaks no rule of the 2025-26 census; each test changes or
 * adds the one thing its rule is about. The child lives in the global K (its arena owns
 * every array and string) until the next kid() or kid_done(). */
#ifndef HEARTH_TEST_CIN_BUILDER_H
#define HEARTH_TEST_CIN_BUILDER_H

#include "testutil.h"

#include "model/child.h"
#include "rules/rules.h"

#define CAP 8   /* records of each kind a test child can hold */
#define Y 2026  /* the collection year tested unless a test says otherwise */
#define NONE DAY_NONE

static struct child_file K;

static day_t D(int y, int m, int d)
{
    day_t x = date_from_ymd(y, m, d);
    assert_int_not_equal(x, DAY_NONE);
    return x;
}

/* A UPN from its characters 2-13, with the check letter DfE's way (weights 2..13, mod 23). */
static const char *upn_make(const char *tail12)
{
    static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    assert_int_equal(strlen(tail12), 12);
    int sum = 0;
    for (int i = 0; i < 12; i++) {
        char ch = tail12[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : (int)(strchr(letters, ch) - letters);
        sum += v * (i + 2);
    }
    char *u = arena_alloc(&K.mem, 14);
    u[0] = letters[sum % 23];
    memcpy(u + 1, tail12, 13);
    return u;
}

#define ALLOC(arr, n) (K.arr = arena_alloc(&K.mem, (n) * sizeof *K.arr))
static inline void kid_done(void)
{
    child_file_free(&K);
}

static inline void kid(void)
{
    kid_done();
    ALLOC(episodes, CAP), ALLOC(episodes_id, CAP);
    ALLOC(assessments, CAP), ALLOC(assessments_id, CAP);
    ALLOC(cin_plans, CAP), ALLOC(cin_plans_id, CAP);
    ALLOC(s47s, CAP), ALLOC(s47s_id, CAP);
    ALLOC(cp_plans, CAP), ALLOC(cp_plans_id, CAP);
    ALLOC(cp_reviews, CAP), ALLOC(cp_reviews_id, CAP);
    K.id = 1;
    K.person = (struct person){
        .la_child_id = "C1", .upn = upn_make("20112345678A"), .dob = D(2015, 6, 1),
        .sex = "F", .ethnicity = "WBRI", .disabilities = "NONE", .mother = -1,
    };
    K.episodes[0] = (struct cin_episode){
        .person = 1, .referral_date = D(2025, 6, 2), .referral_source = "1A",
        .primary_need = "N1", .referral_nfa = 0,
    };
    K.episodes_id[0] = 100;
    K.n_episodes = 1;
}

/* Adders return the new record's index; parts name their episode or plan by index. */
static inline size_t ep_add(day_t referral, day_t closure, const char *reason, int nfa)
{
    size_t i = K.n_episodes++;
    assert_true(i < CAP);
    K.episodes[i] = (struct cin_episode){
        .person = 1, .referral_date = referral, .referral_source = "1A", .primary_need = "N1",
        .closure_date = closure, .closure_reason = reason, .referral_nfa = nfa,
    };
    K.episodes_id[i] = 100 + (rec_id)i;
    return i;
}
static inline size_t as_add(size_t ep, day_t start, day_t authorised, const char *factors)
{
    size_t i = K.n_assessments++;
    assert_true(i < CAP);
    K.assessments[i] = (struct assessment){.episode = K.episodes_id[ep], .start = start,
                                           .authorised = authorised, .factors = factors};
    K.assessments_id[i] = 200 + (rec_id)i;
    return i;
}
static inline size_t pl_add(size_t ep, day_t start, day_t end)
{
    size_t i = K.n_cin_plans++;
    assert_true(i < CAP);
    K.cin_plans[i] = (struct cin_plan){.episode = K.episodes_id[ep], .start = start, .end = end};
    K.cin_plans_id[i] = 300 + (rec_id)i;
    return i;
}
static inline size_t sq_add(size_t ep, day_t start, day_t icpc, int not_required)
{
    size_t i = K.n_s47s++;
    assert_true(i < CAP);
    K.s47s[i] = (struct s47_enquiry){.episode = K.episodes_id[ep], .start = start,
                                     .icpc_date = icpc, .icpc_not_required = not_required};
    K.s47s_id[i] = 400 + (rec_id)i;
    return i;
}
static inline size_t cp_add(size_t ep, day_t start, day_t end)
{
    size_t i = K.n_cp_plans++;
    assert_true(i < CAP);
    K.cp_plans[i] = (struct cp_plan){.episode = K.episodes_id[ep], .start = start, .end = end,
                                     .initial_category = "NEG", .latest_category = "NEG",
                                     .previous_plans = 0};
    K.cp_plans_id[i] = 500 + (rec_id)i;
    return i;
}
static inline size_t rv_add(size_t cp, day_t date)
{
    size_t i = K.n_cp_reviews++;
    assert_true(i < CAP);
    K.cp_reviews[i] = (struct cp_review){.plan = K.cp_plans_id[cp], .date = date};
    K.cp_reviews_id[i] = 600 + (rec_id)i;
    return i;
}

/* Findings of the per-child rules for K in collection year `year`. */
static inline struct findings check_year(int year)
{
    struct findings f = FINDINGS_INIT;
    struct err e;
    err_clear(&e);
    assert_int_equal(rules_check_child(&K, RULES_CIN, year, &f, &e), HE_OK);
    return f;
}

/* How many findings of `code`; *row gets the first one's row (when row is not NULL). */
static inline int hits_in(const struct findings *f, const char *code, int *row)
{
    int n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].rule, code)) {
            if (row && !n)
                *row = f->v[i].row;
            n++;
        }
    return n;
}
static inline int hits_year(const char *code, int year, int *row)
{
    struct findings f = check_year(year);
    int n = hits_in(&f, code, row);
    findings_free(&f);
    return n;
}

#define FIRES(code) assert_true(hits_year(#code, Y, NULL) > 0)
#define QUIET(code) assert_int_equal(hits_year(#code, Y, NULL), 0)
/* The rule fires on record `row` of its table (1-based; 0: the child as a whole). */
#define FIRES_AT(code, want)                                  \
    do {                                                      \
        int row_ = -1;                                        \
        assert_true(hits_year(#code, Y, &row_) > 0);          \
        assert_int_equal(row_, (want));                       \
    } while (0)

#endif
