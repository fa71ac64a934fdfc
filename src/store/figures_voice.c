/* figures_voice: the wider service's "The voice of the child" area (measure/service.h): the
 * child's wishes and feelings recorded on visits and meetings in a period, children open to
 * the service now whose voice was recorded in the last three months, and how children took
 * part in their looked-after reviews (the SSDA903 participation codes). Defined in
 * docs/kpis.md, "The wider service". Portable SQL on db.h, so both stores answer alike. */
#include "figures.h"

/* Open to the service on day ?: an episode of need not marked no further action, or a
 * looked-after episode, that started by the day and had not ended before it (binds the day
 * four times). */
#define OPEN_NOW                                                                                      \
    "(EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id AND c.referral_date <= ? AND "       \
    "(c.closure_date IS NULL OR c.closure_date > ?) AND (c.referral_nfa IS NULL OR c.referral_nfa = 0)) " \
    "OR EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.decom <= ? AND "              \
    "(l.dec IS NULL OR l.dec > ?)))"

#define VOICE "SELECT count(*) FROM child_voice WHERE day BETWEEN ? AND ?"
#define REVIEWS "SELECT count(*) FROM la_review WHERE date BETWEEN ? AND ? AND code "

static const struct fig_def figures[] = {
    {"voice_records", "Wishes and feelings recorded on visits and meetings", SV_COUNT, .sql = VOICE, .binds = "ft"},
    {"voice_children", "Children whose wishes and feelings were recorded", SV_COUNT,
     .sql = "SELECT count(DISTINCT person_id) FROM child_voice WHERE day BETWEEN ? AND ?", .binds = "ft"},
    {"voice_drawings", "Drawings and pictures kept as the child's voice", SV_COUNT,
     .sql = VOICE " AND document_id IS NOT NULL", .binds = "ft"},
    {"open", NULL, SV_COUNT, .sql = "SELECT count(*) FROM person p WHERE " OPEN_NOW, .binds = "nnnn"},
    /* a: the same date three months ago */
    {"open_voice_3_months", "Children open to the service now whose voice was recorded in the last three months",
     SV_PROPORTION,
     .sql = "SELECT count(*) FROM person p WHERE " OPEN_NOW " AND EXISTS (SELECT 1 FROM child_voice v "
     "WHERE v.person_id = p.id AND v.day BETWEEN ? AND ?)",
     .binds = "nnnnan", .of = "open"},
    {"asked", NULL, SV_COUNT, .sql = REVIEWS "IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')", .binds = "ft"},
    {"reviews_took_part", "Looked-after reviews of children aged 4 or over where the child took part (PN1-PN6)",
     SV_PROPORTION, .sql = REVIEWS "IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')", .binds = "ft", .of = "asked"},
    {"reviews_spoke_for_themselves", "Reviews where the child attended and spoke for themselves (PN1)", SV_COUNT,
     .sql = REVIEWS "= 'PN1'", .binds = "ft"},
    {"reviews_view_not_conveyed", "Reviews where the child's view was not conveyed (PN7)", SV_COUNT,
     .sql = REVIEWS "= 'PN7'", .binds = "ft"},
};

static int voice(struct store *s, day_t from, day_t to, day_t today, struct service_result *out, struct err *e)
{
    /* the last three months: from the same date three months ago, to today */
    struct fig_days p = {from, to, today, date_add_months(today, -3)};
    return figures_area(s, figures, FIG_N(figures), &p, out, e);
}

const struct service_area service_area_voice = {"voice", "The voice of the child", voice};
