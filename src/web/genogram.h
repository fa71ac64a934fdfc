/* genogram: the family network drawn as SVG (genogram.c), laid out in C and written
 * through H() like the charts: grandparents above parents above the child and brothers
 * and sisters, carers and others in a row below. Squares are male, circles female,
 * diamonds not known; the child has a double outline; those who live with the child are
 * shaded; a brother's or sister's shape links to their record. The record shows the same
 * people as a table, which is what a screen reader reads (the SVG is a labelled group; a
 * link is named by the name and relationship it holds).
 * Ownership: the caller's arrays; nothing is kept. */
#ifndef HEARTH_WEB_GENOGRAM_H
#define HEARTH_WEB_GENOGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "html.h"

#define GENO_MAX 64
struct geno_member {
    int64_t link;      /* a record to link to (0: none) */
    const char *name;
    const char *kind;  /* MOTHER, FATHER ... (model/stages.c); NULL: the child */
    const char *label; /* the relationship as shown under the name */
    char sex;          /* 'M', 'F' or anything else: not known */
    bool household;
    bool died;
};
struct geno_pos {
    int x, y; /* the centre of the shape */
    int row;  /* 0 grandparents .. 3 others, as drawn (empty rows are left out) */
};
/* The row of a relationship: 0 grandparents, 1 parents, aunts and uncles, 2 the child and
 * brothers and sisters, 3 everyone else. */
int genogram_row(const char *kind);
/* Positions of m[0..n-1] (n <= GENO_MAX) and the drawing's size. Members keep their order
 * within a row. */
void genogram_layout(const struct geno_member *m, int n, struct geno_pos *pos, int *width, int *height);
/* The SVG; label is its accessible name. */
void genogram_svg(struct html *h, const struct geno_member *m, int n, const char *label);

#endif
