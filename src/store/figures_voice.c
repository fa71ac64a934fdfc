/* figures_voice: the wider service's "The voice of the child" area (measure/service.h): the
 * child's wishes and feelings recorded on visits and meetings in a period, children open to
 * the service now whose voice was recorded in the last three months, and how children took
 * part in their looked-after reviews (the SSDA903 participation codes). Defined in
 * docs/kpis.md, "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "../measure/service.h"
#include "store_impl.h"

/* Open to the service on day ?: an episode of need not marked no further action, or a
 * looked-after episode, that started by the day and had not ended before it (binds the day
 * four times). */
#define OPEN_NOW                                                                                      \
    "(EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id AND c.referral_date <= ? AND "       \
    "(c.closure_date IS NULL OR c.closure_date > ?) AND (c.referral_nfa IS NULL OR c.referral_nfa = 0)) " \
    "OR EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.decom <= ? AND "              \
    "(l.dec IS NULL OR l.dec > ?)))"

static int voice(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    struct db *d = store_db(s);
    int64_t records = 0, children = 0, drawings = 0, open = 0, heard = 0, asked = 0, took_part = 0, spoke = 0,
            not_conveyed = 0;
    /* the last three months: from the same date three months ago, to today */
    day_t since = date_add_months(today, -3);
    int rc = DB_INT(d, e, &records, "SELECT count(*) FROM child_voice WHERE day BETWEEN ? AND ?", DB_I(from),
                    DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &children, "SELECT count(DISTINCT person_id) FROM child_voice WHERE day BETWEEN ? AND ?",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &drawings,
                    "SELECT count(*) FROM child_voice WHERE day BETWEEN ? AND ? AND document_id IS NOT NULL",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &open, "SELECT count(*) FROM person p WHERE " OPEN_NOW, DB_I(today), DB_I(today),
                    DB_I(today), DB_I(today));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &heard,
                    "SELECT count(*) FROM person p WHERE " OPEN_NOW " AND EXISTS (SELECT 1 FROM child_voice v "
                    "WHERE v.person_id = p.id AND v.day BETWEEN ? AND ?)",
                    DB_I(today), DB_I(today), DB_I(today), DB_I(today), DB_I(since), DB_I(today));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &asked,
                    "SELECT count(*) FROM la_review WHERE date BETWEEN ? AND ? AND code IN ('PN1', 'PN2', 'PN3', "
                    "'PN4', 'PN5', 'PN6', 'PN7')",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &took_part,
                    "SELECT count(*) FROM la_review WHERE date BETWEEN ? AND ? AND code IN ('PN1', 'PN2', 'PN3', "
                    "'PN4', 'PN5', 'PN6')",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &spoke, "SELECT count(*) FROM la_review WHERE date BETWEEN ? AND ? AND code = 'PN1'",
                    DB_I(from), DB_I(to));
    if (rc == HE_OK)
        rc = DB_INT(d, e, &not_conveyed, "SELECT count(*) FROM la_review WHERE date BETWEEN ? AND ? AND code = 'PN7'",
                    DB_I(from), DB_I(to));
    if (rc != HE_OK)
        return rc;
    service_count(out, "voice_records", "Wishes and feelings recorded on visits and meetings", records);
    service_count(out, "voice_children", "Children whose wishes and feelings were recorded", children);
    service_count(out, "voice_drawings", "Drawings and pictures kept as the child's voice", drawings);
    service_proportion(out, "open_voice_3_months",
                       "Children open to the service now whose voice was recorded in the last three months", heard,
                       open);
    service_proportion(out, "reviews_took_part",
                       "Looked-after reviews of children aged 4 or over where the child took part (PN1-PN6)",
                       took_part, asked);
    service_count(out, "reviews_spoke_for_themselves", "Reviews where the child attended and spoke for themselves (PN1)",
                  spoke);
    service_count(out, "reviews_view_not_conveyed", "Reviews where the child's view was not conveyed (PN7)",
                  not_conveyed);
    return HE_OK;
}

const struct service_area service_area_voice = {"voice", "The voice of the child", voice};
