/* demo_family: names and families for the demo authority (see demo_family.h). Families are
 * formed as children come, in id order, within a heritage group: a child joins the group's
 * open family when their age fits (born within 14 years of the eldest, not within ten
 * months of a sibling unless a twin), else a new family starts. Parents' ages follow the
 * eldest child's birth. */
#include "demo_family.h"

#include <stdlib.h>
#include <string.h>

#include "../date/date.h"
#include "../store/demo.h"
#include "names.h"
#include "rng.h"

#define FAM_MAX 4
#define STREAM_FAMILY 0x46414d /* "FAM": a PRNG stream of its own, apart from the returns' */

struct fam {
    int group;    /* a name_group_id, or NG_MIXED */
    int n, cap;
    const struct sd_person *kid[FAM_MAX];
};

struct ctx {
    struct sd_writer *w;
    struct rng r;
    int year;
    struct demo_family_stats st;
};

static const char *pick(struct rng *r, const struct name_list *l)
{
    return l->v[rr(r, 0, (int)l->n - 1)];
}

/* The heritage of a child with no ethnicity recorded: roughly England's mix. */
static int draw_group(struct rng *r)
{
    static const struct {
        int g, w;
    } mix[] = {{NG_BRITISH, 70}, {NG_IRISH, 2},    {NG_EUROPEAN, 8}, {NG_PAKISTANI, 5},
               {NG_INDIAN, 4},   {NG_CARIBBEAN, 2}, {NG_AFRICAN, 5}, {NG_CHINESE, 1},
               {NG_OTHER, 3},    {NG_MIXED, 5}};
    return mix[PICK(r, mix)].g;
}

/* The other side of a mixed-heritage family. */
static int draw_other_side(struct rng *r)
{
    static const int side[] = {NG_CARIBBEAN, NG_AFRICAN, NG_PAKISTANI, NG_INDIAN, NG_OTHER, NG_CHINESE};
    return side[rr(r, 0, (int)(sizeof side / sizeof side[0]) - 1)];
}

static int family_size(struct rng *r)
{
    static const struct {
        int n, w;
    } sizes[] = {{1, 45}, {2, 30}, {3, 16}, {4, 9}};
    return sizes[PICK(r, sizes)].n;
}

static bool fits(const struct fam *f, const struct sd_person *p)
{
    if (f->n == 0 || f->n >= f->cap)
        return f->n == 0;
    if (!p->dob)
        return true;
    for (int i = 0; i < f->n; i++) {
        day_t d = f->kid[i]->dob;
        if (!d)
            continue;
        long gap = labs((long)p->dob - (long)d);
        if (gap > 14 * 365 || (gap > 0 && gap < 300))
            return false;
    }
    return true;
}

static const char *first_name(struct rng *r, int group, char sex, bool adult)
{
    const struct name_group *g = name_group_get((enum name_group_id)group);
    if (sex == 'U')
        sex = rp(r, 0.5) ? 'F' : 'M';
    if (adult)
        return pick(r, sex == 'F' ? &g->women : &g->men);
    return pick(r, sex == 'F' ? &g->girls : &g->boys);
}

void demo_draw_name(struct rng *r, int group, char sex, int adult, const char **given,
                    const char **family)
{
    if (group == NG_NONE)
        group = draw_group(r);
    int fg = group, cg = group;
    if (group == NG_MIXED) {
        fg = rp(r, 0.5) ? NG_BRITISH : draw_other_side(r);
        cg = rp(r, 0.6) ? NG_BRITISH : draw_other_side(r);
    }
    *given = first_name(r, cg, sex, adult);
    *family = pick(r, &name_group_get((enum name_group_id)fg)->family);
}

/* Name the family's children, add their parents (or a carer), and link everyone. */
static int flush(struct ctx *c, struct fam *f, struct err *e)
{
    if (!f->n)
        return HE_OK;
    struct rng *r = &c->r;
    int mg = f->group, fg = f->group;
    if (f->group == NG_MIXED) {
        mg = rp(r, 0.55) ? NG_BRITISH : draw_other_side(r);
        fg = mg == NG_BRITISH ? draw_other_side(r) : NG_BRITISH;
    }
    bool has_mother = rp(r, 0.95), has_father = rp(r, has_mother ? 0.62 : 0.9);
    const struct name_group *fgr = name_group_get((enum name_group_id)(has_father ? fg : mg));
    const char *family = pick(r, &fgr->family);
    day_t eldest = DAY_NONE;
    for (int i = 0; i < f->n; i++)
        if (f->kid[i]->dob && (!eldest || f->kid[i]->dob < eldest))
            eldest = f->kid[i]->dob;
    if (!eldest)
        eldest = date_from_ymd(c->year - 10, 1, 1);

    int rc = HE_OK;
    const char *given[FAM_MAX];
    for (int i = 0; rc == HE_OK && i < f->n; i++) {
        const struct sd_person *k = f->kid[i];
        int g = f->group == NG_MIXED ? (rp(r, 0.6) ? NG_BRITISH : (mg == NG_BRITISH ? fg : mg)) : f->group;
        /* no two siblings with one first name */
        for (int tries = 0; tries < 8; tries++) {
            given[i] = first_name(r, g, k->sex, false);
            bool clash = false;
            for (int j = 0; j < i; j++)
                clash |= !strcmp(given[i], given[j]);
            if (!clash)
                break;
        }
        rc = sd_name(c->w, k->id, given[i], family, e);
        c->st.children++;
    }
    rec_id mother = 0, father = 0, carer = 0;
    int hh_mother = 0, hh_father = 0;
    if (rc == HE_OK && has_mother) {
        const char *mfam = rp(r, 0.7) ? family : pick(r, &name_group_get((enum name_group_id)mg)->family);
        day_t dob = eldest - rr(r, 17 * 365, 36 * 365);
        rc = sd_new_relative(c->w, first_name(r, mg, 'F', true), mfam, dob, 'F', c->year, &mother, e);
        hh_mother = rp(r, 0.88);
        c->st.relatives++;
        if (rc == HE_OK && has_father) {
            day_t fdob = dob - rr(r, 0, 8 * 365);
            rc = sd_new_relative(c->w, first_name(r, fg, 'M', true), family, fdob, 'M', c->year, &father, e);
            hh_father = rp(r, hh_mother ? 0.4 : 0.75);
            c->st.relatives++;
        }
    } else if (rc == HE_OK && has_father) {
        day_t fdob = eldest - rr(r, 19 * 365, 40 * 365);
        rc = sd_new_relative(c->w, first_name(r, fg, 'M', true), family, fdob, 'M', c->year, &father, e);
        hh_father = 1;
        c->st.relatives++;
    }
    /* nobody at home: a grandparent or another carer brings the children up */
    if (rc == HE_OK && !hh_mother && !hh_father) {
        char sex = rp(r, 0.8) ? 'F' : 'M';
        day_t dob = eldest - rr(r, 40 * 365, 60 * 365);
        rc = sd_new_relative(c->w, first_name(r, mg, sex, true), family, dob, sex, c->year, &carer, e);
        c->st.relatives++;
    }
    for (int i = 0; rc == HE_OK && i < f->n; i++) {
        rec_id k = f->kid[i]->id;
        if (mother)
            rc = sd_relate(c->w, k, mother, "MOTHER", hh_mother, e), c->st.links++;
        if (rc == HE_OK && father)
            rc = sd_relate(c->w, k, father, "FATHER", hh_father, e), c->st.links++;
        if (rc == HE_OK && carer)
            rc = sd_relate(c->w, k, carer, "GRANDPARENT", 1, e), c->st.links++;
        for (int j = 0; rc == HE_OK && j < f->n; j++)
            if (j != i)
                rc = sd_relate(c->w, k, f->kid[j]->id, "SIBLING", 1, e), c->st.links++;
    }
    c->st.families++;
    f->n = 0;
    return rc;
}

int demo_families(struct store *s, uint64_t seed, int year, struct demo_family_stats *stats,
                  struct err *e)
{
    struct sd_person *people = NULL;
    size_t n = 0;
    int rc = store_begin(s, e);
    if (rc != HE_OK)
        return rc;
    struct ctx c = {.year = year};
    rng_seed(&c.r, seed, STREAM_FAMILY, 0);
    if ((rc = sd_people(s, &people, &n, e)) == HE_OK)
        rc = sd_writer_open(s, &c.w, e);
    struct fam open[NG_COUNT + 1];
    memset(open, 0, sizeof open);
    for (size_t i = 0; rc == HE_OK && i < n; i++) {
        const struct sd_person *p = &people[i];
        if (p->la_child_id[0] == 'H') /* hearth's own: a relative or a child met at the door */
            continue;
        int g = name_group_of_ethnicity(p->eth[0] ? p->eth : NULL);
        if (g == NG_NONE)
            g = draw_group(&c.r);
        struct fam *f = &open[g == NG_MIXED ? NG_COUNT : g];
        if (!fits(f, p)) {
            if ((rc = flush(&c, f, e)) != HE_OK)
                break;
        }
        if (f->n == 0) {
            f->group = g;
            f->cap = family_size(&c.r);
        }
        f->kid[f->n++] = p;
        if (f->n == f->cap)
            rc = flush(&c, f, e);
    }
    for (int g = 0; rc == HE_OK && g <= NG_COUNT; g++)
        rc = flush(&c, &open[g], e);
    sd_writer_close(c.w);
    free(people);
    rc = rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
    if (rc == HE_OK && stats)
        *stats = c.st;
    return rc;
}
