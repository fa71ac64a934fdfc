/* cmd/kpi_trend: `hearth kpi --trend` (kpi_trend.h). The period is cut into collection
 * years and each year's facts are loaded once and cut into months (measure/trend.h): a
 * month's figures are those `hearth kpi` gives for that month, so the months of ten years
 * cost ten loads, and no year is limited by the dashboard's five-year window. The months
 * are then gathered by measure/trend_group.c, as the dashboard gathers them. */
#include "kpi_trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/kpi.h"
#include "util/thousands.h"
#include "store/trends.h"
#include "util/buf.h"

bool kpi_trend_known(const char *id)
{
    if (!strcmp(id, "all"))
        return true;
    day_t day = date_from_ymd(2020, 3, 31);
    struct facts f = {.from = day, .to = day};
    struct kpi_result r;
    struct err e;
    err_clear(&e);
    if (kpi_compute(&f, 1, &r, &e) != HE_OK)
        return false;
    const struct measure *m = kpi_find(&r, id);
    return m && m->kind != MK_SPLIT;
}

/* The collection year (ending 31 March) that holds d. */
/* Every month of [from, to], one collection year's facts at a time, into *t. */
static int months(struct store *s, day_t from, day_t to, long long population, struct trend *t,
                  struct err *e)
{
    memset(t, 0, sizeof *t);
    int cap = 0, rc = HE_OK;
    for (int y = date_year_to_march(from); y <= date_year_to_march(to) && rc == HE_OK; y++) {
        day_t a = date_from_ymd(y - 1, 4, 1), b = date_from_ymd(y, 3, 31);
        if (a < from)
            a = from;
        if (b > to)
            b = to;
        struct facts f;
        struct trend_facts tf;
        struct trend part;
        if ((rc = store_load_facts(s, a, b, &f, e)) != HE_OK)
            break;
        if ((rc = store_load_trend_facts(s, a, b, &tf, e)) == HE_OK) {
            if ((rc = trend_compute(&f, &tf, population, &part, e)) == HE_OK) {
                if (t->n + part.n > cap) {
                    cap = (t->n + part.n) * 2;
                    t->months = xrealloc(t->months, (size_t)cap * sizeof *t->months);
                }
                memcpy(t->months + t->n, part.months, (size_t)part.n * sizeof *part.months);
                t->n += part.n;
                trend_free(&part);
            }
            trend_facts_free(&tf);
        }
        facts_free(&f);
    }
    if (rc != HE_OK)
        trend_free(t);
    return rc;
}

static const char *const step_word[] = {"month", "quarter", "year"};

/* Text for a spreadsheet cell: quoted when it holds a comma, quote or line break. */
static void csv_text(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void json_text(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_decimal(FILE *out, double v)
{
    if (isnan(v))
        fputs("null", out);
    else
        fprintf(out, "%.1f", v);
}


static void print_one(const struct trend *t, const struct measure *m, enum trend_step step,
                      long long population, enum kpi_trend_format format, bool first, FILE *out)
{
    struct trend_bucket *bk = xmalloc((size_t)t->n * sizeof *bk);
    int n = trend_group(t, m->id, step, bk);
    bool prop = m->kind == MK_PROPORTION, avg = m->kind == MK_AVERAGE;
    const char *kind = prop ? "proportion" : m->kind == MK_RATE ? "rate" : avg ? "average" : "count";
    if (format == KT_TABLE) {
        fprintf(out, "%s%s, by %s\n", first ? "" : "\n", m->label, step_word[step]);
        fprintf(out, "%-28s %22s %18s\n", step == TS_MONTH ? "Month" : step == TS_QUARTER ? "Quarter" : "Year",
                prop ? "Per cent" : avg ? "Average days" : "Number", "On a year before");
    } else if (format == KT_JSON) {
        fprintf(out, "%s{\"id\":", first ? "" : ",");
        json_text(out, m->id);
        fputs(",\"measure\":", out);
        json_text(out, m->label);
        fprintf(out, ",\"kind\":\"%s\",\"points\":[", kind);
    }
    for (int i = 0; i < n; i++) {
        const struct trend_bucket *b = &bk[i];
        char when[48], f[11], to[11];
        trend_bucket_label(when, sizeof when, b, step);
        date_format_iso(b->from, f);
        date_format_iso(b->to, to);
        double per_10k = m->kind == MK_RATE ? kpi_per_10k(b->value, population) : NAN;
        if (format == KT_TABLE) {
            char v[96], num[32], den[32], lab[64], yoy[32] = "";
            snprintf(lab, sizeof lab, "%s%s", when, b->part ? " (part)" : "");
            thousands(num, sizeof num, b->value);
            if (prop) {
                thousands(den, sizeof den, b->denominator);
                if (isnan(b->pct))
                    snprintf(v, sizeof v, "none (0 of 0)");
                else
                    snprintf(v, sizeof v, "%.1f%% (%s of %s)", b->pct, num, den);
            } else if (avg) {
                thousands(den, sizeof den, b->denominator);
                if (isnan(b->average))
                    snprintf(v, sizeof v, "none (no children)");
                else
                    snprintf(v, sizeof v, "%.1f (%s %s)", b->average, den,
                             b->denominator == 1 ? "child" : "children");
            } else
                snprintf(v, sizeof v, "%s", num);
            if (!isnan(b->yoy))
                snprintf(yoy, sizeof yoy, "%+.1f%%", b->yoy);
            if (*yoy)
                fprintf(out, "%-28s %22s %18s\n", lab, v, yoy);
            else
                fprintf(out, "%-28s %22s\n", lab, v);
        } else if (format == KT_CSV) {
            fprintf(out, "%s,%s,", f, to);
            csv_text(out, when);
            fprintf(out, ",%s,", b->part ? "yes" : "no");
            csv_text(out, m->id);
            fputc(',', out);
            csv_text(out, m->label);
            fprintf(out, ",%lld,", b->value);
            if (prop || avg)
                fprintf(out, "%lld", b->denominator);
            fputc(',', out);
            if (!isnan(b->pct))
                fprintf(out, "%.1f", b->pct);
            fputc(',', out);
            if (!isnan(per_10k))
                fprintf(out, "%.1f", per_10k);
            fputc(',', out);
            if (!isnan(b->average))
                fprintf(out, "%.1f", b->average);
            fputc(',', out);
            if (!isnan(b->yoy))
                fprintf(out, "%.1f", b->yoy);
            fputs("\r\n", out);
        } else {
            fprintf(out, "%s{\"from\":\"%s\",\"to\":\"%s\",\"label\":", i ? "," : "", f, to);
            json_text(out, when);
            fprintf(out, ",\"part\":%s,\"value\":%lld,\"denominator\":", b->part ? "true" : "false",
                    b->value);
            if (prop || avg)
                fprintf(out, "%lld", b->denominator);
            else
                fputs("null", out);
            fputs(",\"pct\":", out);
            json_decimal(out, b->pct);
            fputs(",\"per_10k\":", out);
            json_decimal(out, per_10k);
            fputs(",\"average\":", out);
            json_decimal(out, b->average);
            fputs(",\"change_pct\":", out);
            json_decimal(out, b->yoy);
            fputc('}', out);
        }
    }
    if (format == KT_JSON)
        fputs("]}", out);
    free(bk);
}

int kpi_trend_print(struct store *s, const char *id, enum trend_step step, day_t from, day_t to,
                    day_t today, long long population, enum kpi_trend_format format, FILE *out,
                    struct err *e)
{
    if (from == DAY_NONE || to == DAY_NONE) {
        int first, last;
        int rc = store_data_years(s, &first, &last, e);
        if (rc != HE_OK)
            return rc;
        if (!first)
            return err_set(e, HE_INPUT, "the database holds no contacts, referrals or episodes "
                           "of care to show a trend of");
        /* a year still under way stops today, and so is part */
        from = date_from_ymd(first - 1, 4, 1);
        to = date_from_ymd(last, 3, 31);
        if (today < to)
            to = today;
        if (from > to)
            return err_set(e, HE_INPUT, "the database holds records only after today");
    }
    struct trend t;
    int rc = months(s, from, to, population, &t, e);
    if (rc != HE_OK)
        return rc;
    bool all = !strcmp(id, "all");
    if (format == KT_TABLE) {
        char f[11], l[11], pop[32];
        date_format_iso(from, f);
        date_format_iso(to, l);
        thousands(pop, sizeof pop, population);
        fprintf(out, "Trends by %s, %s to %s (children aged 0-17: %s). On a year before: the "
                "change on the same %s a year earlier, as a percentage.\n\n",
                step_word[step], f, l, pop, step_word[step]);
    } else if (format == KT_CSV)
        fputs("from,to,period,part,id,measure,value,denominator,pct,per_10k,average,change_pct\r\n", out);
    else {
        char f[11], l[11];
        date_format_iso(from, f);
        date_format_iso(to, l);
        fprintf(out, "{\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"population\":%lld,\"by\":\"%s\","
                "\"trends\":[", f, l, population, step_word[step]);
    }
    bool first = true;
    const struct kpi_result *k = &t.months[0].k;
    for (int i = 0; i < k->n; i++) {
        const struct measure *m = &k->m[i];
        if (m->kind == MK_SPLIT || (!all && strcmp(m->id, id)))
            continue;
        print_one(&t, m, step, population, format, first, out);
        first = false;
    }
    if (format == KT_JSON)
        fputs("]}\n", out);
    trend_free(&t);
    return HE_OK;
}
