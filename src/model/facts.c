/* facts: releasing a struct facts, and putting its arrays in the orders facts.h promises
 * (see facts.h for who fills it). */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "../util/radix.h"

void facts_free(struct facts *f)
{
    free(f->referrals);
    free(f->assessments);
    free(f->s47);
    free(f->cp_plans);
    free(f->cin_open_children);
    free(f->la_episodes);
    free(f->missing);
    free(f->oc3_accom);
    free(f->care_leavers);
    free(f->cin_open_disabled);
    free(f->cp_reviews);
    free(f->adoptions);
    memset(f, 0, sizeof *f);
}

day_t facts_la_since(day_t from)
{
    return date_add_months(from, -30) - 1;
}

/* Sort keys: person ids stay far below 2^46 and day numbers of 1900-2199 fit in 17 bits. */
static uint64_t day_bits(day_t d) { return (uint64_t)(d - 2415021) & 0x1ffff; }
static uint64_t referral_key(const void *p)
{
    const struct fact_referral *r = p;
    return (uint64_t)r->child << 17 | day_bits(r->date);
}
static uint64_t cp_key(const void *p)
{
    const struct fact_cp_plan *c = p;
    return (uint64_t)c->child << 17 | day_bits(c->start);
}
static uint64_t la_key(const void *p)
{
    const struct fact_la_episode *l = p;
    return (uint64_t)l->child << 17 | day_bits(l->decom);
}
static uint64_t id_key(const void *p) { return (uint64_t)*(const int64_t *)p; }

void facts_order_referrals(struct facts *f)
{
    radix_sort(f->referrals, f->n_referrals, sizeof *f->referrals, referral_key);
}

void facts_order_cp_plans(struct facts *f)
{
    radix_sort(f->cp_plans, f->n_cp_plans, sizeof *f->cp_plans, cp_key);
}

void facts_order_la_episodes(struct facts *f)
{
    radix_sort(f->la_episodes, f->n_la_episodes, sizeof *f->la_episodes, la_key);
}

size_t facts_unique_ids(int64_t *ids, size_t n)
{
    radix_sort(ids, n, sizeof *ids, id_key);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || ids[k - 1] != ids[i])
            ids[k++] = ids[i];
    return k;
}

struct fact_la_episode *facts_la_episode_find(struct facts *f, int64_t child, day_t decom)
{
    size_t i;
    LOWER_BOUND(i, f->la_episodes, f->n_la_episodes, child, child);
    /* a child's few episodes, by DECOM */
    for (; i < f->n_la_episodes && f->la_episodes[i].child == child; i++)
        if (f->la_episodes[i].decom >= decom)
            return f->la_episodes[i].decom == decom ? &f->la_episodes[i] : NULL;
    return NULL;
}
