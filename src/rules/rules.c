/* rules: the engine. Finds a year's catalogue rows (generated from data/rules/ CSVs, sorted,
 * binary-searched), runs the registered checks the catalogue lists for that year, and
 * collects findings. It knows nothing of any one rule; rule modules know nothing of output. */
#include "rules.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules_impl.h"
#include "util/buf.h"

static const struct rule_set *const sets[] = {&cin_rule_set, &ssda903_rule_set};

void findings_free(struct findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        struct finding *x = &f->v[i];
        free(x->child);
        free(x->file);
        if (x->owned) {
            free((char *)x->rule);
            free((char *)x->table);
            free((char *)x->fields);
            free((char *)x->message);
        }
    }
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

struct finding *findings_add(struct findings *f, enum rules_return ret, int year, bool error,
                             const char *rule, const char *child, const char *table,
                             const char *fields, const char *message, const char *file,
                             long line)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
    struct finding *x = &f->v[f->n++];
    *x = (struct finding){
        .rule = xstrdup(rule ? rule : ""), .ret = ret, .year = year, .error = error,
        .level = error ? "ERROR" : "QUERY", .child = xstrdup(child ? child : ""),
        .table = xstrdup(table ? table : ""), .fields = xstrdup(fields ? fields : ""),
        .message = xstrdup(message ? message : ""), .file = file ? xstrdup(file) : NULL,
        .line = line, .owned = true,
    };
    return x;
}

/* Does the ';'-joined list hold name (case-blind)? */
static bool list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ';');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == n && !strncasecmp(p, name, n))
            return true;
        p += len + (q != NULL);
    }
    return false;
}

static bool says(const char *msg, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = msg; *p; p++)
        if (!strncasecmp(p, word, n))
            return true;
    return false;
}

const struct rule_def *rules_field_rule(enum rules_return which, int year, const char *field,
                                        const char *other, enum field_fault kind)
{
    int cy = rules_catalogue_year(which, year);
    size_t n;
    const struct rule_def *d = cy ? rules_catalogue(which, cy, &n) : NULL, *best = NULL;
    size_t best_fields = 0;
    for (size_t i = 0; d && i < n; i++) {
        if (!list_has(d[i].fields, field) || (other && !list_has(d[i].fields, other)))
            continue;
        const char *m = d[i].message;
        bool fits;
        switch (kind) {
        case FAULT_INVALID: /* "Sex must be provided and equal M, F, or U" too */
            fits = says(m, "invalid") || says(m, "not a valid") || says(m, "not valid") ||
                   says(m, "must be provided and equal");
            break;
        case FAULT_MISSING:
            fits = says(m, "missing") || says(m, "blank") || says(m, "not been completed") ||
                   says(m, "not completed");
            break;
        default: /* the same record's end before its start: not one episode after another */
            fits = (says(m, "before") || says(m, "after") || says(m, "later than") ||
                    says(m, "earlier than")) &&
                   !says(m, "previous");
            break;
        }
        size_t nf = 1;
        for (const char *p = d[i].fields; *p; p++)
            nf += *p == ';';
        if (kind == FAULT_ORDER && nf != 2)
            continue;
        /* a rule over many fields is about the first of them (8540's disability, not the
         * birth date it also reads) */
        if (kind != FAULT_ORDER && nf > 2 && strncasecmp(d[i].fields, field, strlen(field)))
            continue;
        if (fits && (!best || nf < best_fields))
            best = &d[i], best_fields = nf;
    }
    return best;
}

size_t findings_errors(const struct findings *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->v[i].error;
    return n;
}

const char *rules_return_name(enum rules_return which)
{
    return which == RULES_CIN ? "cin" : "ssda903";
}

static int cmp_key(int ret, int year, const char *code, const struct rule_def *d)
{
    if (ret != d->ret)
        return ret < d->ret ? -1 : 1;
    if (year != d->year)
        return year < d->year ? -1 : 1;
    return code ? strcmp(code, d->code) : -1;
}

/* First row not below (ret, year, code); code NULL sorts before every code. */
static size_t lower_bound(int ret, int year, const char *code)
{
    size_t lo = 0, hi = hearth_rules_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(ret, year, code, &hearth_rules[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct rule_def *rules_lookup(enum rules_return which, int year, const char *code)
{
    size_t i = lower_bound((int)which, year, code);
    if (i < hearth_rules_n && cmp_key((int)which, year, code, &hearth_rules[i]) == 0)
        return &hearth_rules[i];
    return NULL;
}

int rules_catalogue_year(enum rules_return which, int year)
{
    if (rules_catalogue_count(which, year))
        return year;
    int years[64];
    size_t n = rules_years(which, years, 64);
    /* a year after the latest catalogue is checked by the latest (rules.h says why) */
    return n && year > years[n - 1] ? years[n - 1] : 0;
}

size_t rules_catalogue_count(enum rules_return which, int year)
{
    size_t n = 0;
    for (size_t i = lower_bound((int)which, year, NULL);
         i < hearth_rules_n && hearth_rules[i].ret == which && hearth_rules[i].year == year; i++)
        n++;
    return n;
}

bool rules_implemented(enum rules_return which, const char *code)
{
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        if (sets[s]->ret == which) {
            for (size_t i = 0; i < sets[s]->n; i++)
                if (!strcmp(sets[s]->impls[i].code, code))
                    return true;
            for (size_t i = 0; i < sets[s]->n_return; i++)
                if (!strcmp(sets[s]->return_impls[i].code, code))
                    return true;
        }
    return false;
}

bool rules_return_checked(enum rules_return which)
{
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        if (sets[s]->ret == which && sets[s]->n + sets[s]->n_return > 0)
            return true;
    return false;
}

const struct rule_def *rules_catalogue(enum rules_return which, int year, size_t *n)
{
    size_t i = lower_bound((int)which, year, NULL);
    *n = rules_catalogue_count(which, year);
    return *n ? &hearth_rules[i] : NULL;
}

size_t rules_years(enum rules_return which, int *years, size_t max)
{
    size_t k = 0;
    int last = 0;
    for (size_t i = 0; i < hearth_rules_n; i++)
        if (hearth_rules[i].ret == which && hearth_rules[i].year != last) {
            last = hearth_rules[i].year;
            if (k < max)
                years[k] = last;
            k++;
        }
    return k < max ? k : max;
}

const char *rules_gap_reason(enum rules_return which, const char *code)
{
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        if (sets[s]->ret == which)
            for (size_t i = 0; i < sets[s]->n_gaps; i++)
                if (!strcmp(sets[s]->gaps[i].code, code))
                    return sets[s]->gaps[i].why;
    return NULL;
}

void rules_year_window(int year, day_t *from, day_t *to)
{
    *from = date_from_ymd(year - 1, 4, 1);
    *to = date_from_ymd(year, 3, 31);
}

void rule_hit(struct rule_ctx *x, int row)
{
    const char *id = x->c ? x->c->person.la_child_id : NULL;
    rule_hit_child(x, id ? id : "", row);
}

void rule_hit_child(struct rule_ctx *x, const char *id, int row)
{
    struct findings *f = x->out;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
    const struct rule_def *d = x->def;
    f->v[f->n++] = (struct finding){
        .rule = d->code, .ret = (enum rules_return)d->ret, .year = x->year,
        .error = !strcmp(d->level, "ERROR"), .level = d->level, .child = xstrdup(id ? id : ""),
        .table = d->table, .row = row, .fields = d->fields, .message = d->message,
    };
}

/* A run of a year's checks: the catalogue row of each implemented rule comes from the
 * (return, year) resolution below, so that checking a child does no look-ups. */
struct rules_run {
    const struct rule_set *set;
    int year;
    day_t from, to;
    const struct rule_def *const *defs;  /* [set->n], shared: see resolved() */
    const struct rule_def *const *rdefs; /* [set->n_return] */
    const struct rule_def **own;         /* defs without some rules (rules_run_without_previous) */
    void *acc;
    char authority[16];                  /* rules_run_set_authority, or "" */
};

static const struct rule_set *set_of(enum rules_return which)
{
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        if (sets[s]->ret == which)
            return sets[s];
    return NULL;
}

/* Each rule set's catalogue rows for a year, parallel to its impls and return_impls (NULL
 * where the year does not list the rule): looked up by code once per (return, year), on
 * first use, and kept for the life of the process (the catalogue is static, so they never
 * change). Guarded by a lock: runs may begin on several threads. */
#define RESOLVED_YEARS 64 /* collection years 2000-2063 */
struct year_defs {
    size_t n_catalogue; /* rules the year's catalogue lists (0: no catalogue) */
    const struct rule_def **defs, **rdefs;
};
static struct year_defs *resolved_cache[2][RESOLVED_YEARS];
static pthread_mutex_t resolved_lock = PTHREAD_MUTEX_INITIALIZER;

static void resolve(const struct rule_set *set, int year, struct year_defs *y)
{
    enum rules_return which = set->ret;
    y->n_catalogue = rules_catalogue_count(which, year);
    y->defs = xcalloc(set->n + 1, sizeof *y->defs);
    for (size_t i = 0; i < set->n; i++)
        y->defs[i] = rules_lookup(which, year, set->impls[i].code);
    y->rdefs = xcalloc(set->n_return + 1, sizeof *y->rdefs);
    for (size_t i = 0; i < set->n_return; i++)
        y->rdefs[i] = rules_lookup(which, year, set->return_impls[i].code);
}

static const struct year_defs *resolved(const struct rule_set *set, int year)
{
    int k = year - 2000, w = set->ret == RULES_CIN ? 0 : 1;
    if (k < 0 || k >= RESOLVED_YEARS)
        return NULL; /* no catalogue so far from now: rules_run_begin refuses the year */
    pthread_mutex_lock(&resolved_lock);
    struct year_defs *y = resolved_cache[w][k];
    if (!y) {
        y = xcalloc(1, sizeof *y);
        resolve(set, year, y);
        resolved_cache[w][k] = y;
    }
    pthread_mutex_unlock(&resolved_lock);
    return y;
}

int rules_run_begin(enum rules_return which, int year, struct rules_run **out, struct err *e)
{
    *out = NULL;
    const struct rule_set *set = set_of(which);
    int cy = rules_catalogue_year(which, year);
    const struct year_defs *y = set && cy ? resolved(set, cy) : NULL;
    if (!cy || (y ? y->n_catalogue : rules_catalogue_count(which, cy)) == 0)
        return err_set(e, HE_INPUT, "no %s validation rules for collection year %d",
                       which == RULES_CIN ? "CIN census" : "SSDA903", year);
    struct rules_run *r = xcalloc(1, sizeof *r);
    r->set = set;
    r->year = year;
    rules_year_window(year, &r->from, &r->to);
    if (r->set && y) {
        r->defs = (const struct rule_def *const *)y->defs;
        r->rdefs = (const struct rule_def *const *)y->rdefs;
        if (r->set->tally_new)
            r->acc = r->set->tally_new();
    }
    *out = r;
    return HE_OK;
}

/* Does the catalogue row read a table of the previous year's return ("Episodes_last")? */
static bool needs_previous(const struct rule_def *d)
{
    for (const char *p = d->table; *p; p++)
        if (!strncasecmp(p, "_last", 5))
            return true;
    return false;
}

size_t rules_run_without_previous(struct rules_run *r, char *codes, size_t cap)
{
    if (!r->set || !r->defs)
        return 0;
    const struct rule_def **own = xcalloc(r->set->n + 1, sizeof *own);
    size_t n = 0, len = 0;
    if (cap)
        codes[0] = '\0';
    for (size_t i = 0; i < r->set->n; i++) {
        own[i] = r->defs[i];
        if (own[i] && needs_previous(own[i])) {
            if (len < cap) {
                int w = snprintf(codes + len, cap - len, "%s%s", n ? ", " : "", own[i]->code);
                len += w > 0 ? (size_t)w : 0;
            }
            own[i] = NULL;
            n++;
        }
    }
    free(r->own);
    r->own = own;
    r->defs = (const struct rule_def *const *)own;
    return n;
}

void rules_run_child(struct rules_run *r, const struct child_file *c, struct findings *out)
{
    const struct rule_set *set = r->set;
    if (!set || !r->defs)
        return; /* no rules of this return implemented */
    struct rule_ctx x = {.c = c, .year = r->year, .from = r->from, .to = r->to, .out = out,
                         .acc = r->acc, .authority = *r->authority ? r->authority : NULL};
    if (set->prepare)
        set->prepare(&x);
    for (size_t i = 0; i < set->n; i++)
        if ((x.def = r->defs[i]))
            set->impls[i].check(&x);
    if (r->acc && set->tally_child)
        set->tally_child(&x);
    if (set->release)
        set->release(&x);
}

void rules_run_set_authority(struct rules_run *r, const char *ons_code)
{
    snprintf(r->authority, sizeof r->authority, "%s", ons_code ? ons_code : "");
}

void rules_run_end(struct rules_run *r, struct findings *out)
{
    if (!r)
        return;
    const struct rule_set *set = r->set;
    if (set && r->acc) {
        struct rule_ctx x = {.c = NULL, .year = r->year, .from = r->from, .to = r->to,
                             .out = out, .acc = r->acc,
                             .authority = *r->authority ? r->authority : NULL};
        for (size_t i = 0; i < set->n_return; i++)
            if ((x.def = r->rdefs[i]))
                set->return_impls[i].check(&x);
        set->tally_free(r->acc);
    }
    free(r->own);
    free(r);
}

int rules_check_child(const struct child_file *c, enum rules_return which, int year,
                      struct findings *out, struct err *e)
{
    struct rules_run *r;
    int rc = rules_run_begin(which, year, &r, e);
    if (rc != HE_OK)
        return rc;
    /* one child alone: the per-child rules only (a tally of one child means nothing) */
    if (r->acc)
        r->set->tally_free(r->acc);
    r->acc = NULL;
    rules_run_child(r, c, out);
    rules_run_end(r, out);
    return HE_OK;
}
