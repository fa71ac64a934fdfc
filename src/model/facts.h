/* facts: the compact, period-bounded snapshot of records that the measures engine
 * works on. The store fills it (with whatever queries suit that store); measures read
 * it and never touch SQL. Arrays are owned by the struct facts and released with
 * facts_free(). "child" is the store's person id. Every array's order is stated. */
#ifndef HEARTH_FACTS_H
#define HEARTH_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "../date/date.h"

struct fact_referral {      /* referral_date in [from - 12 months, to]; by child, date */
    int64_t child;
    day_t date;
    int8_t nfa;             /* 1, 0, -1 */
    day_t not_in_need;      /* for a referral dated in [from, to], the episode's closure_date
                             * when it closed after assessment with the child not in need
                             * (reason RC8 or RC9) on or before `to`; else DAY_NONE. A trend's
                             * month (from, to narrowed) counts only those on or before its
                             * own last day. */
};

struct fact_assessment {    /* authorised in [from, to] */
    day_t start, authorised;
};

struct fact_s47 {           /* start in [from, to] or icpc_date in [from, to] */
    day_t start, icpc_date;
};

struct fact_cp_plan {       /* start <= to; by child, start */
    int64_t child;
    day_t start, end;
    char latest_category[4];
    int16_t previous_plans; /* NumberOfPreviousCPP or -1 */
    /* children in need and child protection */
    char initial_category[4];
    day_t returns_from;     /* first day of the earliest return holding the plan's episode
                             * (cin_episode_return), DAY_NONE when none does or when the
                             * plan ended before `from` */
};

struct fact_cp_review {     /* CPPreviewDate of a plan with start <= to and no end, or an
                             * end >= from; date <= to; by child, plan_start, date */
    int64_t child;
    day_t plan_start, date;
};

struct fact_la_episode {    /* decom <= to and (dec blank or dec >= facts_la_since(from));
                             * by child, decom */
    int64_t child;
    day_t decom, dec;
    day_t dob;              /* only for an episode open on a day of the period or ended in
                             * it (dec blank or >= from), where the measures need an age;
                             * DAY_NONE for the episodes read only to look back */
    char place[4], place_provider[4], rec[4];
    char rne[2], ls[4];     /* RNE (P, B, T, U: a change of placement) and LS (V3, V4:
                             * short breaks) */
    int8_t in_area, far;    /* placed inside the authority's area; more than 20 miles from
                             * home (HOME_POST to PL_POST): 1, 0, or -1 not known (a postcode
                             * blank, not a full postcode, or not in the directory); only
                             * for an episode open on a day of the period, else -1 */
};

struct fact_missing {       /* start in [from, to] */
    int64_t child;
    day_t start;
    char kind;              /* 'M' missing, 'A' away */
};

struct fact_care_leaver {  /* an SSDA903 OC3 row of the collection year ending at `to` */
    day_t dob;              /* DAY_NONE when unknown */
    char in_touch[5], activ[3], accom[3];
};

struct fact_adoption {      /* a period of care that ended in an adoption: an episode with REC E11
                             * or E12 and its DEC in [from, to]; by child, adopted */
    int64_t child;
    day_t adopted;          /* that episode's DEC: the adoption order */
    day_t entered_care;     /* DECOM of the period of care's first episode: back from the
                             * adoption's episode through episodes joined end to start the same
                             * day (the earlier ending X1), however long ago */
    day_t placed;           /* moved in with the adoptive family: DECOM of the first of the joined
                             * episodes with PLACE A3-A6 that run up to the adoption; DAY_NONE when
                             * the adoption's episode is not one (not placed for adoption first) */
    day_t placed_adjusted; /* the same adjusted for adoptions by the child's foster carers (the
                             * DfE's A10): when that first episode's PLACE is A3 or A5 (placed for
                             * adoption with current foster carers), the DECOM of the earliest
                             * episode of the period of care reached back from it through episodes
                             * whose RNE says the carers stayed the same (L, T, U); otherwise
                             * placed */
    day_t authority;        /* the court's authority to place: DECOM of the period of care's first
                             * episode with LS E1 (placement order) or D1 (freeing order), on or
                             * before the adoption; DAY_NONE when none */
    day_t matched;          /* DATE_MATCH of the child's AD1 row (table adoption) with the latest
                             * DATE_INT on or before the adoption; DAY_NONE when none or blank */
};

struct facts {
    day_t from, to;
    int64_t contacts;                       /* contact date in [from, to] */
    struct fact_referral *referrals; size_t n_referrals;
    struct fact_assessment *assessments; size_t n_assessments;
    struct fact_s47 *s47; size_t n_s47;
    struct fact_cp_plan *cp_plans; size_t n_cp_plans;
    int64_t *cin_open_children; size_t n_cin_open; /* children with an episode open at `to`; ascending */
    struct fact_la_episode *la_episodes; size_t n_la_episodes;
    struct fact_missing *missing; size_t n_missing;
    char (*oc3_accom)[4]; size_t n_oc3;     /* ACCOM of OC3 rows of the collection year ending at `to` */
    struct fact_care_leaver *care_leavers; size_t n_care_leavers; /* the same rows, whole */
    /* children in need and child protection */
    int64_t *cin_open_disabled; size_t n_cin_open_disabled; /* of cin_open_children, those whose
                                            * Disabilities hold a code other than NONE; ascending */
    struct fact_cp_review *cp_reviews; size_t n_cp_reviews;
    /* adoption timeliness (the DfE's adoption scorecard A1 and A2) */
    struct fact_adoption *adoptions; size_t n_adoptions;
};

void facts_free(struct facts *f);

/* The earliest DEC a looked-after episode the facts hold may have: the day before the
 * day two and a half years before the period's first day. The stability measures look
 * back that far from the end, and a month of a trend is any part of the period. */
day_t facts_la_since(day_t from);

/* For a store that reads rows in another order: put an array in the order promised above
 * (radix sorts; each touches only its own member, so two threads may fill and order
 * different members at once). */
void facts_order_referrals(struct facts *f);
void facts_order_cp_plans(struct facts *f);
void facts_order_la_episodes(struct facts *f);
/* Sort ids ascending and drop repeats in place; returns how many are left. */
size_t facts_unique_ids(int64_t *ids, size_t n);
/* Sets the size_t lvalue `at` to the first index of array[0, n) whose member `field` is not
 * below key, n when none is: array must be ascending by that member (a binary search). */
#define LOWER_BOUND(at, array, n, field, key)                                                \
    do {                                                                                     \
        size_t hi_ = (n);                                                                    \
        (at) = 0;                                                                            \
        while ((at) < hi_) {                                                                 \
            size_t mid_ = (at) + (hi_ - (at)) / 2;                                           \
            if ((array)[mid_].field < (key))                                                 \
                (at) = mid_ + 1;                                                             \
            else                                                                             \
                hi_ = mid_;                                                                  \
        }                                                                                    \
    } while (0)

/* The looked-after episode of f with this child and DECOM (la_episodes in the order above),
 * or NULL. */
struct fact_la_episode *facts_la_episode_find(struct facts *f, int64_t child, day_t decom);

#endif
