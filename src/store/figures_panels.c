/* figures_panels: the wider service's "Panels and court" and "Money" areas
 * (measure/service.h). Panels: referrals to each panel, meetings, reviews overdue, Edge of
 * Care's outcomes and the cost it avoided, pre-proceedings and care proceedings against the
 * 26-week limit (date/clock.h) and their average length. Money: placement spend in the
 * period by type, the financial year's forecast against the budget the authority entered,
 * the average weekly cost of a placement, and the cost avoided by Edge of Care. Defined in
 * docs/kpis.md, "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include <string.h>

#include "../date/clock.h"
#include "../measure/service.h"
#include "../util/arena.h"
#include "figures.h"
#include "panels.h"
#include "placements.h"
#include "store_impl.h"

/* Proceedings concluded in the period: their weeks in total and how many within 26 weeks. */
static int concluded(struct db *d, day_t from, day_t to, int64_t *n, int64_t *in_time, double *weeks,
                     struct err *e)
{
    struct db_stmt *st;
    *n = *in_time = 0;
    *weeks = 0;
    int rc = db_prepare(d,
                        "SELECT issue_day, order_day FROM panel_referral WHERE kind = 'legal_gateway' AND "
                        "order_day BETWEEN ? AND ? AND issue_day IS NOT NULL",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        day_t issue = (day_t)db_int(st, 0), order = (day_t)db_int(st, 1);
        (*n)++;
        *weeks += (double)(order - issue) / 7.0;
        *in_time += order <= clock_due(CLOCK_CARE_PROCEEDINGS, issue);
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

/* Proceedings open on today (issued on or before it, no final order by it), and of them how
 * many are past the 26-week limit. */
static int open_now(struct db *d, day_t today, int64_t *open, int64_t *past, struct err *e)
{
    struct db_stmt *st;
    *open = *past = 0;
    int rc = db_prepare(d,
                        "SELECT issue_day FROM panel_referral WHERE kind = 'legal_gateway' AND issue_day <= ? "
                        "AND (order_day IS NULL OR order_day > ?)",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_int(st, 1, today);
    db_bind_int(st, 2, today);
    while ((rc = db_step(st, e)) == DB_ROW) {
        (*open)++;
        *past += today > clock_due(CLOCK_CARE_PROCEEDINGS, (day_t)db_int(st, 0));
    }
    db_finalize(st);
    return rc == DB_DONE ? HE_OK : rc;
}

#define KIND "SELECT count(*) FROM panel_referral WHERE kind = ? AND referred BETWEEN ? AND ?"
#define GATEWAY "SELECT count(*) FROM panel_referral WHERE kind = 'legal_gateway' AND "

static int panels(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct db *d = store_db(s);
    int64_t n_concluded = 0, in_time = 0, open = 0, past = 0;
    double weeks = 0;
    int rc = concluded(d, from, to, &n_concluded, &in_time, &weeks, e);
    if (rc == HE_OK)
        rc = open_now(d, today, &open, &past, e);
    struct mn_avoided av;
    if (rc == HE_OK)
        rc = mn_eoc_avoided(s, from, to, &av, e);
    if (rc != HE_OK)
        return rc;
    /* the kinds are panels.h's PN_KINDS */
    const struct fig_def figures[] = {
        {"referrals", "Referrals to panels", SV_COUNT,
         .sql = "SELECT count(*) FROM panel_referral WHERE referred BETWEEN ? AND ?", .binds = "ft"},
        {"referrals_edge_of_care", "Referrals to the Edge of Care panel", SV_COUNT,
         .sql = KIND, .binds = "sft", .text = "edge_of_care"},
        {"referrals_legal_gateway", "Referrals to the Legal Gateway panel", SV_COUNT,
         .sql = KIND, .binds = "sft", .text = "legal_gateway"},
        {"referrals_support_solution", "Referrals to the Support and Solution panel", SV_COUNT,
         .sql = KIND, .binds = "sft",
         .text = "support_solution"},
        {"referrals_resources", "Referrals to the placements and resources panel", SV_COUNT,
         .sql = KIND, .binds = "sft",
         .text = "resources"},
        {"referrals_exploitation", "Referrals to the exploitation panel", SV_COUNT,
         .sql = KIND, .binds = "sft", .text = "exploitation"},
        {"meetings", "Panel meetings about a child", SV_COUNT,
         .sql = "SELECT count(*) FROM panel_meeting WHERE day BETWEEN ? AND ?", .binds = "ft"},
        {"eoc_outcomes", NULL, SV_COUNT, .value = &av.outcomes},
        {"eoc_stayed_out", "Young people who stayed out of care after Edge of Care", SV_PROPORTION,
         .value = &av.stayed_out, .of = "eoc_outcomes"},
        {"eoc_cost_avoided", "Cost avoided by Edge of Care", SV_MONEY, .value = &av.pence},
        {"eoc_uncosted", "Kept out of care with no Edge of Care unit cost in force", SV_COUNT, .value = &av.uncosted},
        {"pre_proceedings", "Letters before proceedings sent", SV_COUNT,
         .sql = GATEWAY "letter_day BETWEEN ? AND ?", .binds = "ft"},
        {"proceedings_issued", "Care proceedings issued", SV_COUNT,
         .sql = GATEWAY "issue_day BETWEEN ? AND ?", .binds = "ft"},
        {"concluded", NULL, SV_COUNT, .value = &n_concluded},
        {"proceedings_weeks", "Average length of care proceedings concluded", SV_MEAN, .total = &weeks,
         .of = "concluded", .unit = "weeks"},
        {"proceedings_in_26_weeks", "Care proceedings concluded within 26 weeks", SV_PROPORTION, .value = &in_time,
         .of = "concluded"},
        {"proceedings_open", "Care proceedings open now", SV_COUNT, .value = &open},
        {"proceedings_past_26_weeks", "Care proceedings open now past 26 weeks", SV_COUNT, .value = &past},
        /* the latest meeting of each referral set a review that has not happened by today */
        {"reviews_overdue", "Panel reviews past their date now", SV_COUNT,
         .sql = "SELECT count(*) FROM panel_meeting m WHERE m.next_review < ? AND NOT EXISTS (SELECT 1 FROM "
         "panel_meeting m2 WHERE m2.referral_id = m.referral_id AND (m2.day > m.day OR (m2.day = m.day "
         "AND m2.id > m.id)))",
         .binds = "n"},
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_panels = {"panels", "Panels and court", panels};

/* Placement types grouped as the money page and the dashboard show them. */
static int group_of(const char *place)
{
    if (!place)
        return 2;
    if (!strcmp(place, "U1") || !strcmp(place, "U2") || !strcmp(place, "U3"))
        return 0; /* family and friends foster care */
    if (place[0] == 'U')
        return 1; /* other foster care */
    return 2;     /* children's homes, residential care, schools */
}

static int money(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct arena mem = {0};
    struct pl_cost_row *rows;
    int n;
    int rc = pl_costs(s, from, to, &mem, &rows, &n, e);
    if (rc != HE_OK) {
        arena_free(&mem);
        return rc;
    }
    int64_t total = 0, days = 0, group[3] = {0};
    for (int i = 0; i < n; i++) {
        total += rows[i].cost;
        days += rows[i].days;
        group[group_of(rows[i].place)] += rows[i].cost;
    }
    arena_free(&mem);
    struct mn_forecast fc;
    struct mn_avoided av;
    if ((rc = mn_forecast(s, date_year_to_march(today), today, &fc, e)) != HE_OK ||
        (rc = mn_eoc_avoided(s, from, to, &av, e)) != HE_OK)
        return rc;
    service_money(out, "spend", "Placement spend in the period", total);
    service_money(out, "spend_family_friends", "Spend on foster care with family and friends", group[0]);
    service_money(out, "spend_foster", "Spend on other foster care", group[1]);
    service_money(out, "spend_residential", "Spend on children's homes and residential placements", group[2]);
    /* a week of placement: seven days of any child's placement */
    service_money(out, "weekly_cost", "Average weekly cost of a placement", days ? (total * 7 + days / 2) / days : 0);
    service_money(out, "year_spent", "Placement spend this financial year to date", fc.spent);
    service_money(out, "year_forecast", "Placement spend forecast to the year's end", fc.forecast);
    service_money(out, "year_budget", "Placements budget this financial year", fc.budget);
    service_money(out, "year_variance", "Forecast over budget (under when negative)",
                  fc.has_budget ? fc.forecast - fc.budget : 0);
    service_money(out, "eoc_cost_avoided", "Cost avoided by Edge of Care", av.pence);
    return HE_OK;
}

const struct service_area service_area_money = {"money", "Money", money};
