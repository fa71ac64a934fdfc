/* figures_mash: the wider service's "The hub at the front door" area (measure/service.h):
 * contacts through the multi-agency safeguarding hub, how soon they were decided against
 * the one working day clock (CLOCK_THRESHOLD), what the partner agencies added, the
 * ratings, consent overridden, and what waits now. Defined in docs/kpis.md, "The wider
 * service". Portable SQL on db.h, so both stores answer alike; the working-day arithmetic
 * is date.c's, done here on the rows. */
#include "../date/clock.h"
#include "../measure/service.h"
#include "figures.h"
#include "mash.h"
#include "store_impl.h"

#define PARTNERS "('police', 'health', 'education', 'probation', 'housing')"
#define HUB "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id WHERE c.date BETWEEN ? AND ?"
/* checks added in the period (`at` is Unix seconds: binds "FT") */
#define CHECKS "SELECT count(*) FROM mash_check WHERE at >= ? AND at < ?"

static int mash_figures(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                        struct err *e)
{
    struct db *d = store_db(s);
    /* each hub contact of the period: decided in time, working days to the decision */
    int64_t hub = 0, decided = 0, in_time = 0, waiting = 0, overdue = 0;
    double days = 0;
    struct db_stmt *st;
    int rc;
    if ((rc = db_prepare(d,
                         "SELECT c.date, c.decision_date FROM mash_contact m JOIN contact c ON c.id = m.contact_id"
                         " WHERE c.date BETWEEN ? AND ?",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        day_t got = (day_t)db_int(st, 0), dec = (day_t)db_int(st, 1);
        hub++;
        if (!dec)
            continue;
        decided++;
        in_time += dec <= clock_due(CLOCK_THRESHOLD, got);
        days += date_working_days(got, dec);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    /* now: waiting in the hub on the day asked, whenever received */
    if ((rc = db_prepare(d,
                         "SELECT c.date FROM mash_contact m JOIN contact c ON c.id = m.contact_id"
                         " WHERE c.date <= ? AND (c.decision_date IS NULL OR c.decision_date > ?)",
                         &st, e)) != HE_OK)
        return rc;
    db_bind_int(st, 1, today);
    db_bind_int(st, 2, today);
    while ((rc = db_step(st, e)) == DB_ROW) {
        day_t got = (day_t)db_int(st, 0);
        waiting++;
        overdue += today > clock_due(CLOCK_THRESHOLD, got);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    const struct fig_def figures[] = {
        {"hub_contacts", "Contacts through the hub", SV_COUNT, .value = &hub},
        {"contacts", NULL, SV_COUNT, .sql = "SELECT count(*) FROM contact WHERE date BETWEEN ? AND ?", .binds = "ft"},
        {"hub_share", "Contacts that went through the hub", SV_PROPORTION, .value = &hub, .of = "contacts"},
        {"decided", NULL, SV_COUNT, .value = &decided},
        {"decided_in_time", "Hub contacts decided within one working day", SV_PROPORTION, .value = &in_time,
         .of = "decided"},
        {"time_to_decision", "Time from contact to decision in the hub", SV_MEAN, .total = &days, .of = "decided",
         .unit = "working days"},
        {"partner_checked", "Hub contacts with a partner agency's check", SV_PROPORTION,
         .sql = HUB " AND EXISTS (SELECT 1 FROM mash_check k WHERE k.contact_id = m.contact_id AND k.agency IN " PARTNERS ")",
         .binds = "ft", .of = "hub_contacts"},
        {"consent_overridden", "Hub contacts where consent was overridden", SV_PROPORTION,
         .sql = HUB " AND m.consent = 'overridden'", .binds = "ft", .of = "hub_contacts"},
        {"rated_red", "Hub contacts rated red", SV_COUNT, .sql = HUB " AND m.rag = ?", .binds = "fts", .text = "red"},
        {"rated_amber", "Hub contacts rated amber", SV_COUNT,
         .sql = HUB " AND m.rag = ?", .binds = "fts", .text = "amber"},
        {"rated_green", "Hub contacts rated green", SV_COUNT,
         .sql = HUB " AND m.rag = ?", .binds = "fts", .text = "green"},
        {"agency_checks", "Agency checks added", SV_COUNT, .sql = CHECKS, .binds = "FT"},
        {"checks_police", "Checks by the police", SV_COUNT,
         .sql = CHECKS " AND agency = ?", .binds = "FTs", .text = "police"},
        {"checks_health", "Checks by health", SV_COUNT,
         .sql = CHECKS " AND agency = ?", .binds = "FTs", .text = "health"},
        {"checks_education", "Checks by education", SV_COUNT,
         .sql = CHECKS " AND agency = ?", .binds = "FTs", .text = "education"},
        {"checks_probation", "Checks by probation", SV_COUNT,
         .sql = CHECKS " AND agency = ?", .binds = "FTs", .text = "probation"},
        {"checks_housing", "Checks by housing", SV_COUNT,
         .sql = CHECKS " AND agency = ?", .binds = "FTs", .text = "housing"},
        {"waiting_now", "Contacts in the hub waiting for a decision now", SV_COUNT, .value = &waiting},
        {"overdue_now", "Of those, past the one working day now", SV_COUNT, .value = &overdue},
    };
    return figures_area(s, figures, FIG_N(figures), &(struct fig_days){from, to, today, 0}, out, e);
}

const struct service_area service_area_mash = {"mash", "The hub at the front door", mash_figures};
