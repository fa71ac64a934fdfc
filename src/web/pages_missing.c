/* pages_missing: missing episodes of every child on the record (a section listing them,
 * from home and from care, with where the child was found and the return home interview)
 * and the return form of an episode from home. The episode form itself and a looked-after
 * child's return form are pages_stages.c's; all three write through store/missing.h. */
#include <stdio.h>
#include <string.h>

#include "../date/clock.h"
#include "../store/missing.h"
#include "record.h"
#include "stage_form.h"
#include "risk.h"
#include "work.h"

static const char *place(const char *code)
{
    const char *l = code ? stage_label(missing_places, n_missing_places, code) : NULL;
    return l ? l : "Not recorded";
}

static void interview_text(char *out, size_t n, const struct mis_episode *m, day_t today)
{
    char b[12];
    if (!m->end)
        snprintf(out, n, "Still missing");
    else if (m->offered == 1) {
        date_format_uk(m->offered_date, b);
        snprintf(out, n, "Offered %s%s, %s", b,
                 m->offered_date <= clock_due(CLOCK_RETURN_INTERVIEW, m->end) ? " (within 72 hours)" : " (late)",
                 m->accepted == 1 ? "accepted" : "not accepted");
    } else if (m->offered == 0)
        snprintf(out, n, "Not offered");
    else {
        date_format_uk(clock_due(CLOCK_RETURN_INTERVIEW, m->end), b);
        snprintf(out, n, "%s by %s", clock_due(CLOCK_RETURN_INTERVIEW, m->end) < today ? "Was due" : "Due", b);
    }
}

static int missing_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct mis_list l;
    int rc = mis_list(c->r->st, c->f->id, &l, e);
    if (rc != HE_OK)
        return rc;
    bool may = work_may_record_stages(c->r);
    H(h, "<div id=\"missing-episodes\">");
    /* a child missing from home now (the alerts at the top say it of a looked-after child) */
    for (int i = 0; i < l.n; i++)
        if (!l.v[i].in_care && !l.v[i].end)
            H(h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--red\">Missing now</strong> from "
                 "home since %D</p>",
              l.v[i].start);
    if (!l.n)
        H(h, "<p class=\"govuk-body\">No missing episodes recorded.</p>");
    else {
        H(h, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Missing episodes, newest "
             "first</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Missing</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">From</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Found</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Return home interview</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">");
        for (int i = 0; i < l.n && i < 10; i++) {
            const struct mis_episode *m = &l.v[i];
            char iv[120];
            interview_text(iv, sizeof iv, m, c->r->today);
            H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D", m->start);
            if (m->end && m->end != m->start)
                H(h, " to %D", m->end);
            H(h, "</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td></tr>",
              !m->in_care ? "Home" : m->kind && !strcmp(m->kind, "A") ? "Placement (away without authorisation)"
                                                                      : "Care",
              m->end ? place(m->found) : "", iv);
        }
        H(h, "</tbody></table>");
        if (l.n > 10)
            H(h, "<p class=\"govuk-body\">The newest 10 of %d episodes.</p>", l.n);
    }
    if (may) {
        H(h, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/children/%l/missing/new\">Record a missing "
             "episode</a></li>",
          (int64_t)c->f->id);
        for (int i = 0; i < l.n; i++)
            if (!l.v[i].in_care && (!l.v[i].end || l.v[i].offered < 0))
                H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/missing-home/%l\">Record the return from home "
                     "and return home interview for the episode of %D</a></li>",
                  (int64_t)c->f->id, l.v[i].id, l.v[i].start);
        H(h, "</ul>");
    }
    H(h, "</div>");
    mis_list_free(&l);
    return HE_OK;
}

const struct record_section rs_missing = {"missing", "Missing episodes", RECORD_RIGHT, 29, NULL, missing_section};

/* ---- the return of an episode from home ------------------------------------------------- */
/* The episode the path names, or false; *m is a copy (its strings are static or NULL). */
static bool home_episode(const struct stage_ctx *c, struct mis_episode *out)
{
    struct mis_list l;
    struct err e;
    bool found = false;
    if (mis_list(c->r->st, c->cf->id, &l, &e) != HE_OK)
        return false;
    for (int i = 0; i < l.n && !found; i++)
        if (!l.v[i].in_care && l.v[i].id == c->sub) {
            *out = l.v[i];
            out->kind = out->found = NULL;
            found = true;
        }
    mis_list_free(&l);
    return found;
}

static const char *home_unavailable(const struct stage_ctx *c)
{
    struct mis_episode m;
    return home_episode(c, &m) ? NULL : "This child has no such missing episode from home.";
}

static void home_intro(struct html *h, const struct stage_ctx *c)
{
    struct mis_episode m;
    if (!home_episode(c, &m))
        return;
    H(h, "<p class=\"govuk-body\">Missing from home since %D.", m.start);
    if (m.end)
        H(h, " Came back %D: the return home interview was due to be offered by %D.", m.end,
          clock_due(CLOCK_RETURN_INTERVIEW, m.end));
    H(h, "</p>");
}

static void home_fields(struct html *h, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    struct mis_episode m = {0};
    home_episode(c, &m);
    if (m.end && !form_get(f, "end-day"))
        ui_date_value(h, "end", "Date the child came back", "For example, 28 3 2026", m.end, fe);
    else
        ui_date(h, "end", "Date the child came back", "For example, 28 3 2026", f, fe);
    ui_select_codes(h, "found", "Where the child was found", missing_places, n_missing_places, form_get(f, "found"),
                    fe);
    ui_yes_no(h, "offered", "Was a return home interview offered? (Leave unanswered to record only the return)",
              form_get(f, "offered"), fe);
    ui_date(h, "offered_date", "Date the interview was offered", "Only if it was offered", f, fe);
    ui_yes_no(h, "accepted", "Did the child accept the interview?", form_get(f, "accepted"), fe);
    ui_date(h, "interview", "Date of the interview", "Only once it has been held", f, fe);
}

static int home_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                     struct err *e)
{
    day_t end = form_date(f, "end", "date the child came back", true, fe);
    if (end && end > c->r->today)
        fe_add(fe, "end", "The date the child came back cannot be in the future");
    int offered = form_yes_no(f, "offered");
    day_t od = form_date(f, "offered_date", "date the interview was offered", offered == 1, fe);
    if (od && od > c->r->today)
        fe_add(fe, "offered_date", "The date the interview was offered cannot be in the future");
    int accepted = form_yes_no(f, "accepted");
    if (offered == 1 && accepted < 0)
        fe_add(fe, "accepted", "Say whether the child accepted the interview");
    day_t held = form_date(f, "interview", "date of the interview", false, fe);
    if (held && held > c->r->today)
        fe_add(fe, "interview", "The date of the interview cannot be in the future");
    const char *found = form_get(f, "found");
    struct mis_return mr = {end, found && *found ? found : NULL, offered, od, accepted, held};
    return fe->n ? HE_INPUT : mis_return(c->r->st, c->cf->id, seen, c->sub, false, &mr, e);
}

static const char *const home_names[] = {"end", "found", "offered", "offered_date", "accepted", "interview", NULL};
static const struct stage_form home_return_form = {
    "return from home form", "Return from home and return home interview", "Save",
    home_unavailable, home_intro, home_fields, home_save, home_names, NULL};
void h_missing_home_form(struct req *r, struct resp *out) { stage_form_get(r, out, &home_return_form); }
void h_missing_home_post(struct req *r, struct resp *out) { stage_form_post(r, out, &home_return_form); }
