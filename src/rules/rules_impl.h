/* rules_impl: what a return's rule module (cin_rules.c) shares with the engine (rules.c).
 * Internal to src/rules. A rule is a code and a check function; the engine looks the code
 * up in the year's catalogue, skips it if absent, and otherwise calls the check with the
 * catalogue row in ctx->def so that rule_hit() can report code, table, fields, message. */
#ifndef HEARTH_RULES_IMPL_H
#define HEARTH_RULES_IMPL_H

#include "rules.h"
#include "rules_table.h"

struct rule_ctx {
    const struct child_file *c;
    int year;
    day_t from, to;            /* the collection year's window */
    void *view;                /* the return module's view of the child (its records in the return) */
    const struct rule_def *def; /* the rule being run */
    struct findings *out;
};

struct rule_impl {
    const char *code;
    void (*check)(struct rule_ctx *x);
};

struct rule_set {
    enum rules_return ret;
    const struct rule_impl *impls;
    size_t n;
    void (*prepare)(struct rule_ctx *x); /* build x->view */
    void (*release)(struct rule_ctx *x);
};

extern const struct rule_set cin_rule_set, ssda903_rule_set;

/* Report the current rule against the child; row is 1-based within the rule's table or 0. */
void rule_hit(struct rule_ctx *x, int row);

#endif
