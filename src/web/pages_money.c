/* pages_money: what placements cost, for managers and administrators (store/panels.h and
 * placements.h): spend for a period by type of placement and by provider, the financial
 * year's forecast against the budget the authority enters, the unit costs it enters (one
 * marked as what Edge of Care avoids) beside what each type actually cost a week, and the
 * cost avoided by Edge of Care. The two forms (a unit cost, a year's budget) post to their
 * own addresses and, when refused, show this page again with the message beside the field
 * and nothing stored. No child is named here, so nothing is written to the access log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/placement.h"
#include "../model/stages.h"
#include "../store/panels.h"
#include "../store/placements.h"
#include "../util/thousands.h"
#include "form_decl.h"
#include "panels_ui.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "Nothing you sent was lost: try again in a moment.");
}

/* "£1,234.56" (negative with a minus) */
static void pounds(char out[48], int64_t pence)
{
    int64_t p = pence < 0 ? -pence : pence;
    char grouped[32];
    snprintf(out, 48, "%s\xc2\xa3%s.%02lld", pence < 0 ? "-" : "", thousands(grouped, sizeof grouped, p / 100),
             (long long)(p % 100));
}

/* Pounds as typed ("£12,500,000", "5724.50") in pence, or -1: a budget can run to
 * hundreds of millions, past placement_parse_pounds' weekly costs. */
static int64_t parse_pounds(const char *s)
{
    while (*s == ' ')
        s++;
    if (!strncmp(s, "\xc2\xa3", 2))
        s += 2;
    int64_t pounds = 0, pence = 0;
    int digits = 0, decimals = -1;
    for (; *s && *s != ' '; s++) {
        if (*s == ',' && decimals < 0 && digits)
            continue;
        if (*s == '.' && decimals < 0 && digits) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9')
            return -1;
        if (decimals >= 0) {
            if (++decimals > 2)
                return -1;
            pence = pence * 10 + (*s - '0');
        } else if (++digits > 12)
            return -1;
        else
            pounds = pounds * 10 + (*s - '0');
    }
    while (*s == ' ')
        s++;
    if (*s || !digits || decimals == 0)
        return -1;
    return pounds * 100 + (decimals == 1 ? pence * 10 : pence);
}

static const char *place_name(const char *code)
{
    const char *l = stage_label(carer_places, n_carer_places, code);
    return l ? l : code ? code : "";
}

/* A date as the GOV.UK date fields' values, to show the period the page is for. */
static void put_day(struct form *f, const char *name, day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    const int v[3] = {dd, m, y};
    static const char *const part[3] = {"day", "month", "year"};
    for (int i = 0; i < 3 && f->n < FORM_MAX_FIELDS; i++) {
        char k[40], t[12];
        snprintf(k, sizeof k, "%s-%s", name, part[i]);
        snprintf(t, sizeof t, "%d", v[i]);
        f->name[f->n] = xstrdup(k);
        f->value[f->n++] = xstrdup(t);
    }
}

static const struct fd_field period_fields[] = {
    {.name = "from", .label = "From", .kind = FD_DATE, .what = "the first day", .future_ok = true},
    {.name = "to", .label = "To", .kind = FD_DATE, .what = "the last day", .future_ok = true},
};

static const struct fd_field unit_fields[] = {
    {.name = "place", .label = "Type of placement", .kind = FD_SELECT, .required = true,
     .what = "the type of placement", .codes = carer_places, .n_codes = &n_carer_places},
    {.name = "cost", .label = "Cost in pounds", .kind = FD_TEXT, .required = true, .width = 10, .max_len = 20,
     .what = "the cost", .hint = "For one child, for the number of weeks below. For example, 5724"},
    {.name = "weeks", .label = "For how many weeks", .kind = FD_TEXT, .required = true, .width = 5, .max_len = 3,
     .what = "the number of weeks", .hint = "For a weekly cost, 1"},
    {.name = "unit_from", .label = "In force from", .kind = FD_DATE, .required = true, .future_ok = true,
     .what = "the date it is in force from"},
    {.name = "eoc", .label = "Is this what a young person kept out of care by Edge of Care avoids?",
     .kind = FD_YES_NO, .required = true, .what = "whether Edge of Care avoids this cost"},
};
enum { N_UNIT = sizeof unit_fields / sizeof unit_fields[0] };

static const struct fd_field budget_fields[] = {
    {.name = "year", .label = "Financial year ending in", .kind = FD_TEXT, .required = true, .width = 5,
     .max_len = 4, .what = "the year the financial year ends in", .hint = "For April 2026 to March 2027, 2027"},
    {.name = "budget", .label = "Placements budget in pounds", .kind = FD_TEXT, .required = true, .width = 20,
     .max_len = 20, .what = "the budget"},
};
enum { N_BUDGET = sizeof budget_fields / sizeof budget_fields[0] };

static void table_head(struct html *m, const char *id, const char *caption, const char *const *cols, int n,
                       int numeric_from)
{
    H(m, "<table class=\"govuk-table\" id=\"%s\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%s"
         "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
      id, caption);
    for (int i = 0; i < n; i++)
        H(m, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>",
          i >= numeric_from ? " govuk-table__header--numeric" : "", cols[i]);
    H(m, "</tr></thead><tbody class=\"govuk-table__body\">");
}

/* The page; fe and values are a refused form's (NULL otherwise). */
static void money_page(struct req *r, struct resp *out, const struct form *values, struct field_errors *fe)
{
    struct field_errors pe = {0};
    struct fd_now now = fd_now_of(r);
    struct fd_value pv[2];
    fd_read_all(period_fields, 2, &r->query, &now, pv, &pe);
    day_t from = pv[0].day, to = pv[1].day;
    if (!from)
        from = date_from_ymd(date_year_to_march(r->today) - 1, 4, 1);
    if (!to)
        to = r->today;
    if (!pe.n && to < from)
        fe_add(&pe, "to", "The last day must be on or after the first");
    struct html m = HTML_INIT;
    struct field_errors all = pe;
    for (int i = 0; fe && i < fe->n && all.n < FE_MAX; i++) {
        all.field[all.n] = fe->field[i];
        snprintf(all.msg[all.n++], sizeof all.msg[0], "%s", fe->msg[i]);
    }
    ui_error_summary(&m, &all);
    H(&m, "<h1 class=\"govuk-heading-l\">Money</h1><p class=\"govuk-body\">What placements cost, from each "
          "placement's weekly cost. The <a class=\"govuk-link\" href=\"/placements\">placements page</a> has where "
          "children are placed; the <a class=\"govuk-link\" href=\"/dashboard#service-money\">performance "
          "dashboard</a> has these figures with the rest of the service.</p>"
          "<form method=\"get\" action=\"/money\" novalidate>");
    struct form shown = {0};
    if (!pe.n) {
        put_day(&shown, "from", from);
        put_day(&shown, "to", to);
    }
    fd_render_all(&m, period_fields, 2, pe.n ? &r->query : &shown, &pe);
    form_free(&shown);
    H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show</button></form>");
    if (pe.n) {
        out->status = 422;
        page_render(r, out, "Error: Money", &m);
        return html_free(&m);
    }
    struct arena mem = {0};
    struct pl_cost_row *rows;
    int n = 0;
    struct mn_forecast fc;
    struct mn_avoided av;
    struct mn_unit_cost *units = NULL;
    size_t nu = 0;
    struct err e;
    err_clear(&e);
    if (pl_costs(r->st, from, to, &mem, &rows, &n, &e) != HE_OK ||
        mn_forecast(r->st, date_year_to_march(r->today), r->today, &fc, &e) != HE_OK ||
        mn_eoc_avoided(r->st, from, to, &av, &e) != HE_OK || mn_unit_costs(r->st, &units, &nu, &e) != HE_OK) {
        html_free(&m);
        arena_free(&mem);
        return internal(r, out, &e);
    }
    char a[48], b[48], c[48], d[48];
    /* the year */
    pounds(a, fc.spent);
    pounds(b, fc.committed);
    pounds(c, fc.forecast);
    H(&m, "<h2 class=\"govuk-heading-m\">The financial year %d to %d, on %D</h2><dl class=\"govuk-summary-list\" "
          "id=\"forecast\"><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Spent to "
          "date</dt><dd class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
          "class=\"govuk-summary-list__key\">Committed to 31 March by the placements open today</dt><dd "
          "class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
          "class=\"govuk-summary-list__key\">Forecast to the year's end</dt><dd class=\"govuk-summary-list__value\">"
          "%s</dd></div>",
      fc.year - 1, fc.year, r->today, a, b, c);
    if (fc.has_budget) {
        pounds(a, fc.budget);
        pounds(b, fc.forecast > fc.budget ? fc.forecast - fc.budget : fc.budget - fc.forecast);
        H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Budget</dt><dd "
              "class=\"govuk-summary-list__value\">%s</dd></div><div class=\"govuk-summary-list__row\"><dt "
              "class=\"govuk-summary-list__key\">%s</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
          a, fc.forecast > fc.budget ? "Forecast over budget" : "Forecast under budget",
          b);
    } else
        H(&m, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Budget</dt><dd "
              "class=\"govuk-summary-list__value\">Not entered: enter it below</dd></div>");
    H(&m, "</dl>");

    /* spend by type, then by provider */
    struct by_type {
        const char *place;
        int children;
        int64_t days, cost;
    } types[16];
    int nt = 0;
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        total += rows[i].cost;
        int k = 0;
        while (k < nt && strcmp(types[k].place, rows[i].place ? rows[i].place : ""))
            k++;
        if (k == nt && nt < 16)
            types[nt++] = (struct by_type){rows[i].place ? rows[i].place : "", 0, 0, 0};
        if (k < nt) {
            types[k].children += rows[i].children;
            types[k].days += rows[i].days;
            types[k].cost += rows[i].cost;
        }
    }
    pounds(a, total);
    static const char *const type_cols[] = {"Type of placement", "Placements", "Days", "Cost", "Cost a week"};
    char cap[200];
    {
        int y1, m1, d1, y2, m2, d2;
        date_to_ymd(from, &y1, &m1, &d1);
        date_to_ymd(to, &y2, &m2, &d2);
        snprintf(cap, sizeof cap, "Spend from %02d/%02d/%04d to %02d/%02d/%04d by type of placement", d1, m1, y1, d2,
                 m2, y2);
    }
    table_head(&m, "spend-by-type", cap, type_cols, 5, 1);
    for (int k = 0; k < nt; k++) {
        pounds(b, types[k].cost);
        pounds(c, types[k].days ? (types[k].cost * 7 + types[k].days / 2) / types[k].days : 0);
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
              "govuk-table__cell--numeric\">%d</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>"
              "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td class=\"govuk-table__cell "
              "govuk-table__cell--numeric\">%s</td></tr>",
          place_name(types[k].place), types[k].children, types[k].days, b, c);
    }
    H(&m, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">All placements</th>"
          "<td class=\"govuk-table__cell\"></td><td class=\"govuk-table__cell\"></td><td class=\"govuk-table__cell "
          "govuk-table__cell--numeric\">%s</td><td class=\"govuk-table__cell\"></td></tr></tbody></table>",
      a);
    static const char *const prov_cols[] = {"Carer or provider", "Type of placement", "Children", "Cost"};
    table_head(&m, "spend-by-provider", "By carer or provider", prov_cols, 4, 2);
    for (int i = 0; i < n; i++) {
        pounds(b, rows[i].cost);
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
              "%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td><td class=\"govuk-table__cell "
              "govuk-table__cell--numeric\">%s</td></tr>",
          rows[i].carer_name, place_name(rows[i].place), rows[i].children, b);
    }
    if (!n)
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"4\">No placements with a "
              "carer recorded in this period.</td></tr>");
    H(&m, "</tbody></table>");

    /* Edge of Care */
    pounds(a, av.pence);
    H(&m, "<h2 class=\"govuk-heading-m\">Cost avoided by Edge of Care in the period</h2><p class=\"govuk-body\" "
          "id=\"avoided\">%l of %l young people whose Edge of Care outcome was recorded stayed out of care: %s "
          "avoided.</p>",
      av.stayed_out, av.outcomes, a);
    if (av.uncosted)
        H(&m, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
              "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>%l of "
              "them had no Edge of Care unit cost in force and are not counted in the cost avoided.</strong></div>",
          av.uncosted);

    /* unit costs */
    static const char *const unit_cols[] = {"Type of placement", "In force from", "Cost", "For weeks", "Edge of Care"};
    table_head(&m, "unit-costs", "Unit costs the authority has entered", unit_cols, 5, 2);
    for (size_t i = 0; i < nu; i++) {
        pounds(d, units[i].pence);
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
              "%D</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td><td class=\"govuk-table__cell "
              "govuk-table__cell--numeric\">%d</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
              "</tr>",
          place_name(units[i].place), units[i].from, d, units[i].weeks,
          units[i].edge_of_care ? "What it avoids" : "");
    }
    if (!nu)
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"5\">None entered yet.</td>"
              "</tr>");
    H(&m, "</tbody></table>");

    /* the forms */
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\"><h2 class=\"govuk-heading-m\">"
          "Enter a unit cost</h2><form method=\"post\" action=\"/money/unit-costs\" novalidate>");
    ui_csrf(&m, r);
    fd_render_all(&m, unit_fields, N_UNIT, values && form_get(values, "place") ? values : NULL, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Save the unit cost</button></form></div>"
          "<div class=\"govuk-grid-column-one-half\"><h2 class=\"govuk-heading-m\">Enter a year's placements budget"
          "</h2><form method=\"post\" action=\"/money/budget\" novalidate>");
    ui_csrf(&m, r);
    fd_render_all(&m, budget_fields, N_BUDGET, values && form_get(values, "year") ? values : NULL, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\">Save the budget</button></form></div></div>");
    page_render(r, out, fe && fe->n ? "Error: Money" : "Money", &m);
    html_free(&m);
    arena_free(&mem);
    free(units);
}

static bool money_gate(struct req *r, struct resp *out)
{
    if (panels_may_chair(r))
        return true;
    page_error(r, out, 403, "Not available", "The money pages are for managers and administrators.");
    return false;
}

void h_money(struct req *r, struct resp *out)
{
    if (money_gate(r, out))
        money_page(r, out, NULL, NULL);
}

static void store_refused(const struct err *e, const char *fallback, struct field_errors *fe)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 32);
    fe_add(fe, *e->field ? e->field : fallback, "%s", msg);
}

void h_money_unit_cost(struct req *r, struct resp *out)
{
    if (!money_gate(r, out))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_UNIT];
    struct fd_now now = fd_now_of(r);
    fd_read_all(unit_fields, N_UNIT, &r->body, &now, v, &fe);
    struct mn_unit_cost c = {.from = v[3].day, .edge_of_care = v[4].yes_no == 1};
    snprintf(c.place, sizeof c.place, "%s", v[0].text);
    if (*v[1].text && (c.pence = parse_pounds(v[1].text)) <= 0)
        fe_add(&fe, "cost", "Enter the cost in pounds, for example 5724 or 5724.00");
    if (*v[2].text) {
        char *end;
        long w = strtol(v[2].text, &end, 10);
        if (*end || end == v[2].text || w < 1 || w > 104)
            fe_add(&fe, "weeks", "Enter the number of weeks as a whole number from 1 to 104");
        else
            c.weeks = (int)w;
    }
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = mn_unit_cost_add(r->st, &r->user, &c, r->now, &e);
        if (rc == HE_INPUT) {
            struct err shown = e;
            if (!strcmp(e.field, "from"))
                snprintf(shown.field, sizeof shown.field, "unit_from");
            store_refused(&shown, "place", &fe);
        } else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return money_page(r, out, &r->body, &fe);
    }
    redirect(out, "/money#unit-costs");
}

void h_money_budget(struct req *r, struct resp *out)
{
    if (!money_gate(r, out))
        return;
    struct field_errors fe = {0};
    struct fd_value v[N_BUDGET];
    struct fd_now now = fd_now_of(r);
    fd_read_all(budget_fields, N_BUDGET, &r->body, &now, v, &fe);
    int year = 0;
    int64_t pence = -1;
    if (*v[0].text) {
        char *end;
        long y = strtol(v[0].text, &end, 10);
        if (*end || end == v[0].text || y < 2000 || y > 2100)
            fe_add(&fe, "year", "Enter the year the financial year ends in, for example 2027");
        else
            year = (int)y;
    }
    if (*v[1].text && (pence = parse_pounds(v[1].text)) < 0)
        fe_add(&fe, "budget", "Enter the budget in pounds, for example 12500000");
    if (!fe.n) {
        struct err e;
        err_clear(&e);
        int rc = mn_budget_set(r->st, &r->user, year, pence, r->now, &e);
        if (rc == HE_INPUT)
            store_refused(&e, "budget", &fe);
        else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return money_page(r, out, &r->body, &fe);
    }
    redirect(out, "/money#forecast");
}
