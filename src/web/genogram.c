/* genogram: the family network as SVG (see genogram.h). Coordinates are computed here and
 * written as numbers; names and labels go through H()'s escaping. */
#include "genogram.h"

#include <string.h>

enum { COL = 130, ROW = 110, TOP = 40, SIDE = 20, HALF = 20 };

int genogram_row(const char *kind)
{
    if (!kind)
        return 2;
    if (!strcmp(kind, "GRANDPARENT"))
        return 0;
    if (!strcmp(kind, "MOTHER") || !strcmp(kind, "FATHER") || !strcmp(kind, "STEP_PARENT") ||
        !strcmp(kind, "AUNT_UNCLE"))
        return 1;
    if (!strcmp(kind, "SIBLING") || !strcmp(kind, "HALF_SIBLING"))
        return 2;
    return 3;
}

void genogram_layout(const struct geno_member *m, int n, struct geno_pos *pos, int *width, int *height)
{
    if (n > GENO_MAX)
        n = GENO_MAX;
    int count[4] = {0}, y[4], widest = 1, rows = 0;
    for (int i = 0; i < n; i++)
        count[genogram_row(m[i].kind)]++;
    for (int r = 0; r < 4; r++) {
        y[r] = TOP + rows * ROW + HALF;
        if (count[r])
            rows++;
        if (count[r] > widest)
            widest = count[r];
    }
    *width = widest * COL + 2 * SIDE;
    *height = (rows ? rows : 1) * ROW + TOP;
    int seen[4] = {0};
    for (int i = 0; i < n; i++) {
        int r = genogram_row(m[i].kind);
        int left = (*width - count[r] * COL) / 2;
        pos[i].row = r;
        pos[i].x = left + seen[r]++ * COL + COL / 2;
        pos[i].y = y[r];
    }
}

static void shape(struct html *h, const struct geno_member *m, const struct geno_pos *p)
{
    const char *fill = m->household ? "#d2e2f1" : "#ffffff";
    int w = m->kind ? 2 : 5; /* the child: a heavier outline */
    if (m->sex == 'M')
        H(h, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#0b0c0c\" "
             "stroke-width=\"%d\"/>",
          p->x - HALF, p->y - HALF, 2 * HALF, 2 * HALF, fill, w);
    else if (m->sex == 'F')
        H(h, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" stroke=\"#0b0c0c\" stroke-width=\"%d\"/>", p->x, p->y,
          HALF, fill, w);
    else
        H(h, "<polygon points=\"%d,%d %d,%d %d,%d %d,%d\" fill=\"%s\" stroke=\"#0b0c0c\" stroke-width=\"%d\"/>",
          p->x, p->y - HALF, p->x + HALF, p->y, p->x, p->y + HALF, p->x - HALF, p->y, fill, w);
    if (m->died)
        H(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>", p->x - HALF,
          p->y - HALF, p->x + HALF, p->y + HALF);
    H(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>"
         "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#505a5f\">%s</text>",
      p->x, p->y + HALF + 18, m->name, p->x, p->y + HALF + 34, m->label);
}

static void line(struct html *h, int x1, int y1, int x2, int y2, bool dashed)
{
    H(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\" stroke-width=\"2\"%s/>", x1, y1, x2,
      y2, dashed ? " stroke-dasharray=\"6 4\"" : "");
}

void genogram_svg(struct html *h, const struct geno_member *m, int n, const char *label)
{
    if (n > GENO_MAX)
        n = GENO_MAX;
    struct geno_pos pos[GENO_MAX];
    int width, height;
    genogram_layout(m, n, pos, &width, &height);
    H(h, "<svg class=\"hearth-genogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
         "width=\"100%%\" role=\"group\" aria-label=\"%s\" font-family=\"arial, sans-serif\" font-size=\"13\">",
      width, height, label);
    /* the lines first, so the shapes are drawn over them */
    int px[2], np = 0, kid_y = 0, gp_n = 0, gp_sum = 0, gp_y = 0;
    int lo = width, hi = 0;
    for (int i = 0; i < n; i++) {
        const char *k = m[i].kind;
        if (k && (!strcmp(k, "MOTHER") || !strcmp(k, "FATHER")) && np < 2)
            px[np++] = i;
        if (pos[i].row == 0) {
            gp_n++;
            gp_sum += pos[i].x;
            gp_y = pos[i].y;
        }
        if (pos[i].row == 2) {
            kid_y = pos[i].y;
            if (pos[i].x < lo)
                lo = pos[i].x;
            if (pos[i].x > hi)
                hi = pos[i].x;
        }
    }
    if (np) {
        int mid = np == 2 ? (pos[px[0]].x + pos[px[1]].x) / 2 : pos[px[0]].x, py = pos[px[0]].y;
        if (np == 2)
            line(h, pos[px[0]].x + HALF, py, pos[px[1]].x - HALF, py, false);
        int bar = kid_y - HALF - 25;
        line(h, mid, np == 2 ? py : py + HALF, mid, bar, false);
        if (mid < lo)
            lo = mid;
        if (mid > hi)
            hi = mid;
        line(h, lo, bar, hi, bar, false);
        for (int i = 0; i < n; i++)
            if (pos[i].row == 2)
                line(h, pos[i].x, bar, pos[i].x, pos[i].y - HALF,
                     m[i].kind && !strcmp(m[i].kind, "HALF_SIBLING"));
        if (gp_n) {
            int gx = gp_sum / gp_n;
            line(h, gx, gp_y + HALF, gx, py - HALF - 25, false);
            line(h, gx, py - HALF - 25, mid, py - HALF - 25, false);
            line(h, mid, py - HALF - 25, mid, np == 2 ? py : py - HALF, false);
        }
    }
    for (int i = 0; i < n; i++) {
        if (m[i].link)
            H(h, "<a href=\"/children/%l\">", m[i].link); /* named by the text it holds */
        shape(h, &m[i], &pos[i]);
        if (m[i].link)
            H(h, "</a>");
    }
    H(h, "</svg>");
}
