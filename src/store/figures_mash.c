/* figures_mash: the wider service's "The hub at the front door" area (measure/service.h):
 * contacts through the multi-agency safeguarding hub, how soon they were decided against
 * the one working day clock (CLOCK_THRESHOLD), what the partner agencies added, the
 * ratings, consent overridden, and what waits now. Defined in docs/kpis.md, "The wider
 * service". Portable SQL on db.h, so both stores answer alike; the working-day arithmetic
 * is date.c's, done here on the rows. */
#include "../date/clock.h"
#include "../measure/service.h"
#include "mash.h"
#include "store_impl.h"

/* Unix seconds at the start of a day (the checks' `at` is Unix seconds). */
static int64_t unix_at(day_t d)
{
    return (int64_t)(d - date_from_ymd(1970, 1, 1)) * 86400;
}

#define PARTNERS "('police', 'health', 'education', 'probation', 'housing')"

static int mash_figures(struct store *s, day_t from, day_t to, day_t today, struct service_result *out,
                        struct err *e)
{
    struct db *d = store_db(s);
    int64_t contacts = 0, hub = 0, with_partner = 0, overridden = 0, red = 0, amber = 0, green = 0, checks = 0;
    int64_t by_agency[5] = {0};
    static const char *const agencies[5] = {"police", "health", "education", "probation", "housing"};
    int rc = DB_INT(d, e, &contacts, "SELECT count(*) FROM contact WHERE date BETWEEN ? AND ?", DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &with_partner,
                    "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id WHERE c.date BETWEEN ? AND ?"
                    " AND EXISTS (SELECT 1 FROM mash_check k WHERE k.contact_id = m.contact_id AND k.agency IN " PARTNERS ")",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &overridden,
                    "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id WHERE c.date BETWEEN ? AND ?"
                    " AND m.consent = 'overridden'",
                    DB_I(from), DB_I(to));
    struct {
        const char *rag;
        int64_t *n;
    } rags[3] = {{"red", &red}, {"amber", &amber}, {"green", &green}};
    for (int i = 0; rc == HE_OK && i < 3; i++)
        rc = DB_INT(d, e, rags[i].n,
                    "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id WHERE c.date BETWEEN ? AND ?"
                    " AND m.rag = ?",
                    DB_I(from), DB_I(to), DB_T(rags[i].rag));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &checks, "SELECT count(*) FROM mash_check WHERE at >= ? AND at < ?", DB_I(unix_at(from)),
                    DB_I(unix_at(to + 1)));
    for (int i = 0; rc == HE_OK && i < 5; i++)
        rc = DB_INT(d, e, &by_agency[i], "SELECT count(*) FROM mash_check WHERE at >= ? AND at < ? AND agency = ?",
                    DB_I(unix_at(from)), DB_I(unix_at(to + 1)), DB_T(agencies[i]));
    if (rc != HE_OK)
        return rc;
    /* each hub contact of the period: decided in time, working days to the decision */
    int64_t decided = 0, in_time = 0, waiting = 0, overdue = 0;
    double days = 0;
    struct db_stmt *st;
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
    service_count(out, "hub_contacts", "Contacts through the hub", hub);
    service_proportion(out, "hub_share", "Contacts that went through the hub", hub, contacts);
    service_proportion(out, "decided_in_time", "Hub contacts decided within one working day", in_time, decided);
    service_mean(out, "time_to_decision", "Time from contact to decision in the hub", days, decided, "working days");
    service_proportion(out, "partner_checked", "Hub contacts with a partner agency's check", with_partner, hub);
    service_proportion(out, "consent_overridden", "Hub contacts where consent was overridden", overridden, hub);
    service_count(out, "rated_red", "Hub contacts rated red", red);
    service_count(out, "rated_amber", "Hub contacts rated amber", amber);
    service_count(out, "rated_green", "Hub contacts rated green", green);
    service_count(out, "agency_checks", "Agency checks added", checks);
    service_count(out, "checks_police", "Checks by the police", by_agency[0]);
    service_count(out, "checks_health", "Checks by health", by_agency[1]);
    service_count(out, "checks_education", "Checks by education", by_agency[2]);
    service_count(out, "checks_probation", "Checks by probation", by_agency[3]);
    service_count(out, "checks_housing", "Checks by housing", by_agency[4]);
    service_count(out, "waiting_now", "Contacts in the hub waiting for a decision now", waiting);
    service_count(out, "overdue_now", "Of those, past the one working day now", overdue);
    return HE_OK;
}

const struct service_area service_area_mash = {"mash", "The hub at the front door", mash_figures};
