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
    void *acc;                 /* the return's tally (rule_set.tally_new), when checking a whole return */
    const char *authority;     /* ONS code of the authority whose return it is, or NULL */
};

struct rule_impl {
    const char *code;
    void (*check)(struct rule_ctx *x);
};

/* A catalogue rule a module does not check, and why (for docs/rules-coverage.md). */
struct rule_gap {
    const char *code;
    const char *why;
};

struct rule_set {
    enum rules_return ret;
    const struct rule_impl *impls;
    size_t n;
    void (*prepare)(struct rule_ctx *x); /* build x->view */
    void (*release)(struct rule_ctx *x);
    /* Optional: rules over the whole return (duplicates across children, percentages).
     * tally_child adds each child (x->c, x->view ready) to the tally; after the last child
     * each return_impls check runs once with x->c NULL and reports by rule_hit_child. */
    const struct rule_impl *return_impls;
    size_t n_return;
    void *(*tally_new)(void);
    void (*tally_child)(struct rule_ctx *x);
    void (*tally_free)(void *acc);
    /* Optional: catalogue rules left unchecked, with the reason. */
    const struct rule_gap *gaps;
    size_t n_gaps;
};

extern const struct rule_set cin_rule_set, ssda903_rule_set;

/* Report the current rule against the child; row is 1-based within the rule's table or 0. */
void rule_hit(struct rule_ctx *x, int row);
/* The same for a named child ("" for the return as a whole), from a whole-return check. */
void rule_hit_child(struct rule_ctx *x, const char *child, int row);

#endif
