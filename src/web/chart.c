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

/* ---- ranked bars ------------------------------------------------------------------- */
enum { RK_TOP = 44, RK_BOTTOM = 16 };

void chart_ranked_svg(struct html *h, const struct chart_ranked *c)
{
    int n = c->n < 0 ? 0 : c->n > CHART_RANKED_MAX ? CHART_RANKED_MAX : c->n;
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(c->values[i])) {
            if (c->values[i] > hi)
                hi = c->values[i];
            if (c->values[i] < lo)
                lo = c->values[i];
        }
    if (!isnan(c->reference)) {
        if (c->reference > hi)
            hi = c->reference;
        if (c->reference < lo)
            lo = c->reference;
    }
    double top = hi > 0 || lo >= 0 ? chart_axis_top(hi, c->percent) : 0;
    double bottom = lo < 0 ? -chart_axis_top(-lo, false) : 0;
    const double pw = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT;
    const double ph = CHART_RANKED_HEIGHT - RK_TOP - RK_BOTTOM;
#define RK_Y(v) (RK_TOP + ph * (top - (v)) / (top - bottom))
    H(h, "<svg class=\"hearth-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
         "role=\"img\" font-family=\"arial, sans-serif\" font-size=\"13\" "
         "aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s</title>"
         "<desc id=\"%s-desc\">%s</desc>",
      CHART_WIDTH, CHART_RANKED_HEIGHT, c->id, c->id, c->id, c->title, c->id, c->desc ? c->desc : "");
    /* legend: the colours named in words, so the marks do not rest on colour alone */
    H(h, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"#1d70b8\"/>"
         "<text x=\"%d\" y=\"16\" fill=\"#0b0c0c\">%s</text>"
         "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"#f47738\"/>"
         "<text x=\"%d\" y=\"16\" fill=\"#0b0c0c\">Statistical neighbours</text>"
         "<line x1=\"%d\" x2=\"%d\" y1=\"12\" y2=\"12\" stroke=\"#0b0c0c\" stroke-width=\"2\" "
         "stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"16\" fill=\"#0b0c0c\">%s</text>",
      PLOT_LEFT, PLOT_LEFT + 16, c->self_label ? c->self_label : "This authority", PLOT_LEFT + 170,
      PLOT_LEFT + 186, PLOT_LEFT + 360, PLOT_LEFT + 384, PLOT_LEFT + 390,
      c->reference_label ? c->reference_label : "England");
    for (int t = 0; t <= TICKS; t++) {
        char y[16], lab[32], ty[16];
        double v = bottom + (top - bottom) * t / TICKS, yy = RK_Y(v);
        coord(y, sizeof y, yy);
        coord(ty, sizeof ty, yy + 4);
        chart_number(lab, sizeof lab, v);
        H(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#dcdddd\" stroke-width=\"1\"/>"
             "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" fill=\"#505a5f\">%s%s</text>",
          PLOT_LEFT, CHART_WIDTH - PLOT_RIGHT, y, y, PLOT_LEFT - 6, ty, lab, c->percent ? "%" : "");
    }
    char zy[16];
    coord(zy, sizeof zy, RK_Y(0));
    H(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>",
      PLOT_LEFT, CHART_WIDTH - PLOT_RIGHT, zy, zy);
    double slot = n ? pw / n : pw;
    for (int i = 0; i < n; i++) {
        if (isnan(c->values[i]))
            continue;
        char x[16], y[16], w[16], hh[16];
        double y0 = RK_Y(0), y1 = RK_Y(c->values[i]);
        coord(x, sizeof x, PLOT_LEFT + slot * i + slot * 0.1);
        coord(y, sizeof y, y1 < y0 ? y1 : y0);
        coord(w, sizeof w, slot * 0.8);
        coord(hh, sizeof hh, fabs(y0 - y1) < 1 ? 1 : fabs(y0 - y1));
        const char *fill = c->marks && c->marks[i] == CHART_MARK_SELF        ? "#1d70b8"
                           : c->marks && c->marks[i] == CHART_MARK_NEIGHBOUR ? "#f47738"
                                                                             : "#b1b4b6";
        H(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>", x, y, w, hh, fill);
        if (c->marks && c->marks[i] == CHART_MARK_SELF) { /* a pointer above the bar */
            char px[16], py[16];
            coord(px, sizeof px, PLOT_LEFT + slot * (i + 0.5));
            coord(py, sizeof py, (y1 < y0 ? y1 : y0) - 4);
            H(h, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"#1d70b8\" "
                 "font-weight=\"bold\">&#9660;</text>", px, py);
        }
    }
    if (!isnan(c->reference)) {
        char y[16];
        coord(y, sizeof y, RK_Y(c->reference));
        H(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#0b0c0c\" stroke-width=\"2\" "
             "stroke-dasharray=\"6 3\"/>",
          PLOT_LEFT, CHART_WIDTH - PLOT_RIGHT, y, y);
    }
#undef RK_Y
    H(h, "</svg>");
}
