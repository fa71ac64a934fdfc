/* service: the registry of the wider service's areas and their printing (service.h). An
 * area is added with one extern line and one entry below; the table, the JSON and the
 * dashboard follow. */
#include "service.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/thousands.h"
#include "kpi.h"

extern const struct service_area service_area_casework;
extern const struct service_area service_area_early_help, service_area_stronger_families;
extern const struct service_area service_area_exploitation;
extern const struct service_area service_area_missing;
extern const struct service_area service_area_privfost;
extern const struct service_area service_area_panels, service_area_money;
extern const struct service_area service_area_mash;
extern const struct service_area service_area_workforce;
extern const struct service_area service_area_voice;
extern const struct service_area service_area_audits;
extern const struct service_area service_area_timeliness_cin, service_area_timeliness_la,
    service_area_timeliness_care;

const struct service_area *const service_areas[] = {
    &service_area_casework,
    &service_area_early_help,
    &service_area_stronger_families,
    &service_area_exploitation,
    &service_area_missing,
    &service_area_privfost,
    &service_area_panels,
    &service_area_money,
    &service_area_mash,
    &service_area_workforce,
    &service_area_voice,
    &service_area_audits,
    &service_area_timeliness_cin,
    &service_area_timeliness_la,
    &service_area_timeliness_care,
};
const int n_service_areas = (int)(sizeof service_areas / sizeof service_areas[0]);

static struct service_figure *add(struct service_result *r, const char *id, const char *label,
                                  enum service_kind kind)
{
    if (r->n >= SERVICE_MAX)
        return NULL;
    struct service_figure *f = &r->f[r->n++];
    *f = (struct service_figure){.id = id, .label = label, .kind = kind, .pct = NAN, .mean = NAN};
    return f;
}

struct service_figure *service_count(struct service_result *r, const char *id, const char *label,
                                     long long value)
{
    struct service_figure *f = add(r, id, label, SV_COUNT);
    if (f)
        f->value = value;
    return f;
}

struct service_figure *service_proportion(struct service_result *r, const char *id, const char *label,
                                          long long value, long long denominator)
{
    struct service_figure *f = add(r, id, label, SV_PROPORTION);
    if (f) {
        f->value = value;
        f->denominator = denominator;
        f->pct = denominator > 0 ? kpi_round1((double)value * 100.0 / (double)denominator) : NAN;
    }
    return f;
}

struct service_figure *service_money(struct service_result *r, const char *id, const char *label,
                                     long long pence)
{
    struct service_figure *f = add(r, id, label, SV_MONEY);
    if (f)
        f->value = pence;
    return f;
}

struct service_figure *service_mean(struct service_result *r, const char *id, const char *label,
                                    double total, long long cases, const char *unit)
{
    struct service_figure *f = add(r, id, label, SV_MEAN);
    if (f) {
        f->value = cases;
        f->mean = cases > 0 ? kpi_round1(total / (double)cases) : NAN;
        f->unit = unit;
    }
    return f;
}

struct service_figure *service_fte(struct service_result *r, const char *id, const char *label,
                                   long long hundredths, const char *unit)
{
    struct service_figure *f = add(r, id, label, SV_FTE);
    if (f) {
        f->value = hundredths;
        f->unit = unit;
    }
    return f;
}

struct service_figure *service_fte_rate(struct service_result *r, const char *id, const char *label,
                                        long long value, long long denominator, const char *unit)
{
    struct service_figure *f = add(r, id, label, SV_FTE_RATE);
    if (f) {
        f->value = value;
        f->denominator = denominator;
        f->pct = denominator > 0 ? kpi_round1((double)value * 100.0 / (double)denominator) : NAN;
        f->unit = unit;
    }
    return f;
}

struct service_figure *service_per_fte(struct service_result *r, const char *id, const char *label,
                                       long long count, long long fte_hundredths)
{
    struct service_figure *f = add(r, id, label, SV_PER_FTE);
    if (f) {
        f->value = count;
        f->denominator = fte_hundredths;
        f->mean = fte_hundredths > 0 ? kpi_round1((double)count * 100.0 / (double)fte_hundredths) : NAN;
    }
    return f;
}

/* hundredths as "1,234.5" (two places, trailing zeros dropped) */
static void hundredths_text(char *out, size_t n, long long v)
{
    char w[28];
    long long a = v < 0 ? -v : v;
    thousands(w, sizeof w, a / 100);
    if (a % 100 == 0)
        snprintf(out, n, "%s%s", v < 0 ? "-" : "", w);
    else if (a % 10 == 0)
        snprintf(out, n, "%s%s.%lld", v < 0 ? "-" : "", w, a % 100 / 10);
    else
        snprintf(out, n, "%s%s.%02lld", v < 0 ? "-" : "", w, a % 100);
}

static json_t *number_or_null(double x)
{
    return isnan(x) ? json_null() : json_real(x);
}

static json_t *figure_json(const struct service_figure *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "label", json_string(f->label));
    switch (f->kind) {
    case SV_COUNT:
        json_object_set_new(o, "value", json_integer(f->value));
        break;
    case SV_PROPORTION:
        json_object_set_new(o, "value", json_integer(f->value));
        json_object_set_new(o, "denominator", json_integer(f->denominator));
        json_object_set_new(o, "pct", number_or_null(f->pct));
        break;
    case SV_MONEY:
        json_object_set_new(o, "pence", json_integer(f->value));
        break;
    case SV_MEAN:
        json_object_set_new(o, "cases", json_integer(f->value));
        json_object_set_new(o, "mean", number_or_null(f->mean));
        json_object_set_new(o, "unit", json_string(f->unit ? f->unit : ""));
        break;
    case SV_FTE:
        json_object_set_new(o, "value", json_real((double)f->value / 100.0));
        json_object_set_new(o, "unit", json_string(f->unit ? f->unit : ""));
        break;
    case SV_FTE_RATE:
        json_object_set_new(o, "value", json_real((double)f->value / 100.0));
        json_object_set_new(o, "denominator", json_real((double)f->denominator / 100.0));
        json_object_set_new(o, "pct", number_or_null(f->pct));
        json_object_set_new(o, "unit", json_string(f->unit ? f->unit : ""));
        break;
    case SV_PER_FTE:
        json_object_set_new(o, "cases", json_integer(f->value));
        json_object_set_new(o, "fte", json_real((double)f->denominator / 100.0));
        json_object_set_new(o, "mean", number_or_null(f->mean));
        break;
    }
    return o;
}

void service_figure_text(const struct service_figure *f, char *out, size_t n)
{
    char a[40], b[40];
    switch (f->kind) {
    case SV_COUNT:
        thousands(a, sizeof a, f->value);
        snprintf(out, n, "%s", a);
        break;
    case SV_PROPORTION:
        thousands(a, sizeof a, f->value);
        thousands(b, sizeof b, f->denominator);
        if (isnan(f->pct))
            snprintf(out, n, "none of 0");
        else
            snprintf(out, n, "%.1f%% (%s of %s)", f->pct, a, b);
        break;
    case SV_MONEY: {
        long long p = f->value < 0 ? -f->value : f->value;
        thousands(a, sizeof a, p / 100);
        snprintf(out, n, "%s£%s.%02lld", f->value < 0 ? "-" : "", a, p % 100);
        break;
    }
    case SV_MEAN:
        thousands(a, sizeof a, f->value);
        if (isnan(f->mean))
            snprintf(out, n, "no cases");
        else
            snprintf(out, n, "%.1f %s (%s cases)", f->mean, f->unit ? f->unit : "", a);
        break;
    case SV_FTE:
        hundredths_text(a, sizeof a, f->value);
        snprintf(out, n, "%s %s", a, f->unit ? f->unit : "");
        break;
    case SV_FTE_RATE:
        hundredths_text(a, sizeof a, f->value);
        hundredths_text(b, sizeof b, f->denominator);
        if (isnan(f->pct))
            snprintf(out, n, "none of 0 %s", f->unit ? f->unit : "");
        else
            snprintf(out, n, "%.1f%% (%s of %s %s)", f->pct, a, b, f->unit ? f->unit : "");
        break;
    case SV_PER_FTE:
        thousands(a, sizeof a, f->value);
        hundredths_text(b, sizeof b, f->denominator);
        if (isnan(f->mean))
            snprintf(out, n, "no case holders");
        else
            snprintf(out, n, "%.1f (%s cases, %s FTE)", f->mean, a, b);
        break;
    }
}

int service_compute(struct store *s, int area, day_t from, day_t to, day_t today, struct service_result *out,
                    struct err *e)
{
    out->n = 0;
    return service_areas[area]->compute(s, from, to, today, out, e);
}

int service_print(struct store *s, day_t from, day_t to, day_t today, bool json, FILE *out, struct err *e)
{
    char f[11], t[11];
    date_format_iso(from, f);
    date_format_iso(to, t);
    json_t *root = json ? json_object() : NULL, *areas = json ? json_object() : NULL;
    if (json) {
        json_t *period = json_object();
        json_object_set_new(period, "from", json_string(f));
        json_object_set_new(period, "to", json_string(t));
        json_object_set_new(root, "period", period);
        json_object_set_new(root, "areas", areas);
    } else
        fprintf(out, "The wider service, %s to %s\n", f, t);
    int rc = HE_OK;
    for (int i = 0; rc == HE_OK && i < n_service_areas; i++) {
        struct service_result r;
        if ((rc = service_compute(s, i, from, to, today, &r, e)) != HE_OK)
            break;
        if (json) {
            json_t *a = json_object(), *figs = json_object();
            json_object_set_new(a, "title", json_string(service_areas[i]->title));
            for (int k = 0; k < r.n; k++)
                json_object_set_new(figs, r.f[k].id, figure_json(&r.f[k]));
            json_object_set_new(a, "figures", figs);
            json_object_set_new(areas, service_areas[i]->id, a);
        } else {
            fprintf(out, "\n%s\n", service_areas[i]->title);
            for (int k = 0; k < r.n; k++) {
                char v[120];
                service_figure_text(&r.f[k], v, sizeof v);
                fprintf(out, "  %-64s %s\n", r.f[k].label, v);
            }
        }
    }
    if (json) {
        if (rc == HE_OK) {
            char *text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15));
            if (!text)
                rc = err_set(e, HE_INTERNAL, "could not write the figures as JSON");
            else {
                fprintf(out, "%s\n", text);
                free(text);
            }
        }
        json_decref(root);
    }
    return rc;
}
