/* rules: the engine. Finds a year's catalogue rows (generated from data/rules/ CSVs, sorted,
 * binary-searched), runs the registered checks the catalogue lists for that year, and
 * collects findings. It knows nothing of any one rule; rule modules know nothing of output. */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "rules_impl.h"
#include "util/buf.h"

static const struct rule_set *const sets[] = {&cin_rule_set, &ssda903_rule_set};

void findings_free(struct findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i].child);
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
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
        if (sets[s]->ret == which)
            for (size_t i = 0; i < sets[s]->n; i++)
                if (!strcmp(sets[s]->impls[i].code, code))
                    return true;
    return false;
}

void rules_year_window(int year, day_t *from, day_t *to)
{
    *from = date_from_ymd(year - 1, 4, 1);
    *to = date_from_ymd(year, 3, 31);
}

void rule_hit(struct rule_ctx *x, int row)
{
    struct findings *f = x->out;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
    const struct rule_def *d = x->def;
    const char *id = x->c->person.la_child_id;
    f->v[f->n++] = (struct finding){
        .rule = d->code, .ret = (enum rules_return)d->ret, .year = d->year,
        .error = !strcmp(d->level, "ERROR"), .level = d->level, .child = xstrdup(id ? id : ""),
        .table = d->table, .row = row, .fields = d->fields, .message = d->message,
    };
}

int rules_check_child(const struct child_file *c, enum rules_return which, int year,
                      struct findings *out, struct err *e)
{
    if (rules_catalogue_count(which, year) == 0)
        return err_set(e, HE_INPUT, "no %s validation rules for collection year %d",
                       which == RULES_CIN ? "CIN census" : "SSDA903", year);
    const struct rule_set *set = NULL;
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        if (sets[s]->ret == which)
            set = sets[s];
    if (!set)
        return HE_OK; /* no rules of this return implemented yet */
    struct rule_ctx x = {.c = c, .year = year, .out = out};
    rules_year_window(year, &x.from, &x.to);
    set->prepare(&x);
    for (size_t i = 0; i < set->n; i++) {
        x.def = rules_lookup(which, year, set->impls[i].code);
        if (x.def)
            set->impls[i].check(&x);
    }
    set->release(&x);
    return HE_OK;
}
