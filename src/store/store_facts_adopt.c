/* store_facts_adopt: the adoptions of a struct facts (facts.h's struct fact_adoption), for
 * the DfE's adoption timeliness measures (its scorecard's A1, A2 and A10). A child's time from
 * entering care to the adoption can be longer than the two and a half years the facts'
 * looked-after episodes look back, so the children adopted in the period are read here
 * with every episode of theirs up to the period's end, and their AD1 rows. Written once on
 * the portable db.h layer after either store's facts loader, so both stores give the same
 * figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "store_impl.h"

/* the children with an episode ended by an adoption (REC E11, E12) in [?1, ?2] */
#define ADOPTED_IN_PERIOD                                                                  \
    "SELECT person_id FROM la_episode WHERE dec BETWEEN ?1 AND ?2 AND rec IN ('E11', 'E12')"

static bool code_is(const char *code, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(code, *list))
            return true;
    return false;
}

static const char *const adopted_rec[] = {"E11", "E12", NULL};
static const char *const adoptive_place[] = {"A3", "A4", "A5", "A6", NULL};
static const char *const authority_ls[] = {"E1", "D1", NULL};
/* placed for adoption with the child's current foster carers */
static const char *const with_foster_carers[] = {"A3", "A5", NULL};
/* a new episode with the same carers: a change of legal status only (L), of placement but not
 * of carers (T), or both (U); S, P and B begin with new carers */
static const char *const same_carers_rne[] = {"L", "T", "U", NULL};

/* Does b take over, the same day, from a ended X1 (the same period of care)? */
static bool joined(const struct adopt_ep *a, const struct adopt_ep *b)
{
    return !strcmp(a->rec, "X1") && a->dec != DAY_NONE && a->dec == b->decom;
}

static void copy_code(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

void store_child_adoptions(struct facts *f, int64_t child, const struct adopt_ep *eps, size_t n,
                           size_t *cap)
{
    for (size_t i = 0; i < n; i++) {
        const struct adopt_ep *x = &eps[i];
        if (x->dec == DAY_NONE || x->dec < f->from || x->dec > f->to || !code_is(x->rec, adopted_rec))
            continue;
        size_t k = i;
        while (k > 0 && joined(&eps[k - 1], &eps[k]))
            k--;
        struct fact_adoption a = {.child = child, .adopted = x->dec, .entered_care = eps[k].decom,
                                  .placed = DAY_NONE, .placed_adjusted = DAY_NONE,
                                  .authority = DAY_NONE, .matched = DAY_NONE};
        if (code_is(x->place, adoptive_place)) {
            size_t p = i;
            while (p > k && code_is(eps[p - 1].place, adoptive_place))
                p--;
            a.placed = eps[p].decom;
            /* adopted by its foster carers: it moved in with them when they began to foster it */
            size_t q = p;
            if (code_is(eps[p].place, with_foster_carers))
                while (q > k && code_is(eps[q].rne, same_carers_rne))
                    q--;
            a.placed_adjusted = eps[q].decom;
        }
        for (size_t j = k; j <= i; j++)
            if (code_is(eps[j].ls, authority_ls)) {
                a.authority = eps[j].decom;
                break;
            }
        if (f->n_adoptions == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            f->adoptions = xrealloc(f->adoptions, *cap * sizeof *f->adoptions);
        }
        f->adoptions[f->n_adoptions++] = a;
    }
}

void store_adoption_match(struct facts *f, size_t *at, int64_t child, day_t date_int, day_t match)
{
    size_t a = *at;
    while (a < f->n_adoptions && f->adoptions[a].child < child)
        a++;
    /* a later row of the same child replaces an earlier one for every adoption it precedes */
    for (size_t k = a; k < f->n_adoptions && f->adoptions[k].child == child; k++)
        if (date_int <= f->adoptions[k].adopted)
            f->adoptions[k].matched = match;
    *at = a;
}

/* Each adoption's match: the AD1 row of its child with the latest DATE_INT on or before
 * the adoption. f->adoptions is by child, adopted, as the rows are by child, DATE_INT. */
static int read_matches(struct store *s, struct facts *f, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT person_id, date_int, date_match FROM adoption WHERE person_id IN ("
                        ADOPTED_IN_PERIOD ") AND date_int <= ?2 ORDER BY person_id, date_int",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, f->from);
    db_bind_int(st, 2, f->to);
    size_t a = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t child = db_int(st, 0);
        day_t date_int = (day_t)db_int(st, 1);
        day_t match = db_is_null(st, 2) ? DAY_NONE : (day_t)db_int(st, 2);
        store_adoption_match(f, &a, child, date_int, match);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

int store_facts_adoptions(struct store *s, struct facts *f, struct err *e)
{
    free(f->adoptions);
    f->adoptions = NULL;
    f->n_adoptions = 0;
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT person_id, decom, dec, rec, place, ls, rne FROM la_episode "
                        "WHERE person_id IN ("
                        ADOPTED_IN_PERIOD ") AND decom <= ?2 ORDER BY person_id, decom",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, f->from);
    db_bind_int(st, 2, f->to);
    struct adopt_ep *eps = NULL;
    size_t n = 0, cap = 0, acap = 0;
    int64_t child = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t c = db_int(st, 0);
        if (n && c != child) {
            store_child_adoptions(f, child, eps, n, &acap);
            n = 0;
        }
        child = c;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            eps = xrealloc(eps, cap * sizeof *eps);
        }
        struct adopt_ep *x = &eps[n++];
        x->decom = (day_t)db_int(st, 1);
        x->dec = db_is_null(st, 2) ? DAY_NONE : (day_t)db_int(st, 2);
        copy_code(x->rec, sizeof x->rec, db_text(st, 3));
        copy_code(x->place, sizeof x->place, db_text(st, 4));
        copy_code(x->ls, sizeof x->ls, db_text(st, 5));
        copy_code(x->rne, sizeof x->rne, db_text(st, 6));
    }
    if (rc == DB_DONE) {
        rc = HE_OK;
        if (n)
            store_child_adoptions(f, child, eps, n, &acap);
    }
    db_finalize(st);
    free(eps);
    if (rc == HE_OK && f->n_adoptions)
        rc = read_matches(s, f, e);
    if (rc != HE_OK) {
        free(f->adoptions);
        f->adoptions = NULL;
        f->n_adoptions = 0;
    }
    return rc;
}
