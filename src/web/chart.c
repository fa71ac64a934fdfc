/* chart: SVG bar and line charts (see chart.h). Coordinates are computed in C and written
 * as numbers; every text (title, description, labels) goes through H()'s escaping. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The plot area inside the viewBox: room on the left for the axis numbers, below for the
 * month labels. */
enum { PLOT_LEFT = 56, PLOT_RIGHT = 12, PLOT_TOP = 14, PLOT_BOTTOM = 40, TICKS = 4 };

double chart_axis_top(double max, bool percent)
{
    if (!(max > 0))
        return 1;
    if (percent && max >= 50)
        return 100;
    double p = pow(10, floor(log10(max)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= max - 1e-9 * p)
            return steps[i] * p;
    return 10 * p;
}

void chart_number(char *out, size_t n, double v)
{
    if (isnan(v))
        snprintf(out, n, "none");
    else if (fabs(v - round(v)) < 1e-9)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.1f", v);
}

/* A coordinate to one decimal place, as SVG reads it. */
static void coord(char *out, size_t n, double v)
{
    snprintf(out, n, "%.1f", v);
}

void chart_svg(struct html *h, const struct chart *c)
{
    int n = c->n < 0 ? 0 : c->n > CHART_MAX_POINTS ? CHART_MAX_POINTS : c->n;
    double max = 0;
    bool any = false;
    for (int i = 0; i < n; i++)
        if (!isnan(c->values[i])) {
            any = true;
            if (c->values[i] > max)
                max = c->values[i];
        }
    double top = chart_axis_top(max, c->percent);
    const double pw = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT, ph = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM;
    const double base = PLOT_TOP + ph;

    H(h, "<svg class=\"hearth-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
         "role=\"img\" font-family=\"arial, sans-serif\" font-size=\"13\" ",
      CHART_WIDTH, CHART_HEIGHT);
    if (c->desc)
        H(h, "aria-labelledby=\"%s-title %s-desc\">", c->id, c->id);
    else
        H(h, "aria-labelledby=\"%s-title\">", c->id);
    H(h, "<title id=\"%s-title\">%s</title>", c->id, c->title);
    if (c->desc)
        H(h, "<desc id=\"%s-desc\">%s</desc>", c->id, c->desc);
    /* value axis: gridlines and numbers at quarters of the top */
    for (int t = 0; t <= TICKS; t++) {
        char y[16], lab[32], ty[16];
        double v = top * t / TICKS, yy = base - ph * t / TICKS;
        coord(y, sizeof y, yy);
        coord(ty, sizeof ty, yy + 4);
        chart_number(lab, sizeof lab, v);
        H(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>"
             "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" fill=\"#505a5f\">%s%s</text>",
          PLOT_LEFT, CHART_WIDTH - PLOT_RIGHT, y, y, t ? "#dcdddd" : "#0b0c0c", PLOT_LEFT - 6, ty,
          lab, c->percent ? "%" : "");
    }
    if (!any || n == 0) {
        H(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#0b0c0c\">No figures for this "
             "period</text></svg>",
          PLOT_LEFT + (int)pw / 2, PLOT_TOP + (int)ph / 2);
        return;
    }
    double slot = pw / n;
    /* month labels: every one when they fit, else every second, third... */
    int every = 1;
    while (slot * every < 34)
        every++;
    for (int i = 0; i < n; i += every) {
        if (!c->labels || !c->labels[i])
            continue;
        char x[16];
        coord(x, sizeof x, PLOT_LEFT + slot * (i + 0.5));
        H(h, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" fill=\"#505a5f\">%s</text>", x,
          (int)base + 18, c->labels[i]);
        if (c->sublabels && c->sublabels[i])
            H(h, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" fill=\"#505a5f\">%s</text>", x,
              (int)base + 34, c->sublabels[i]);
    }
    if (c->kind == CHART_BARS) {
        double bw = slot * 0.7;
        for (int i = 0; i < n; i++) {
            if (isnan(c->values[i]))
                continue;
            char x[16], y[16], w[16], hh[16];
            double bh = ph * c->values[i] / top;
            coord(x, sizeof x, PLOT_LEFT + slot * i + (slot - bw) / 2);
            coord(y, sizeof y, base - bh);
            coord(w, sizeof w, bw);
            coord(hh, sizeof hh, bh);
            H(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#1d70b8\"/>", x, y, w, hh);
        }
    } else {
        /* one polyline per run of values, a dot on each point */
        bool open = false;
        for (int i = 0; i <= n; i++) {
            bool have = i < n && !isnan(c->values[i]);
            if (!have) {
                if (open)
                    H(h, "\"/>");
                open = false;
                continue;
            }
            char xy[40], x[16], y[16];
            coord(x, sizeof x, PLOT_LEFT + slot * (i + 0.5));
            coord(y, sizeof y, base - ph * c->values[i] / top);
            snprintf(xy, sizeof xy, "%s,%s", x, y);
            if (!open)
                H(h, "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\" points=\"%s", xy);
            else
                H(h, " %s", xy);
            open = true;
        }
        for (int i = 0; i < n; i++) {
            if (isnan(c->values[i]))
                continue;
            char x[16], y[16];
            coord(x, sizeof x, PLOT_LEFT + slot * (i + 0.5));
            coord(y, sizeof y, base - ph * c->values[i] / top);
            H(h, "<circle cx=\"%s\" cy=\"%s\" r=\"4\" fill=\"#1d70b8\"/>", x, y);
        }
    }
    H(h, "</svg>");
}
