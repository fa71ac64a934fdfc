/* record_core: the sections every child's record has had from the start: alerts,
 * timescales, the DfE's checks, the chronology
 * and who has opened the record. Each is a struct record_section listed in record.c. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../rules/rules.h"
#include "../store/stages.h"
#include "../store/trust.h"
#include "chronology.h"
#include "labels.h"
#include "record.h"
#include "summary.h"

/* Alerts at the top of the record: what a worker opening it must see first. */
static void record_alerts(struct html *m, struct req *r, const struct child_file *f, const struct journey *j)
{
    struct err e;
    err_clear(&e);
    enum tr_access a;
    bool restricted = false, unknown = tr_access(r->st, &r->user, f->id, 0, 0, &a, &restricted, &e) != HE_OK;
    if (unknown) /* said on the page, never silently left out */
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, e.msg);
    const struct missing_episode *gone = NULL;
    for (size_t i = 0; i < f->n_missing; i++)
        if (!f->missing[i].end)
            gone = &f->missing[i];
    int overdue_reviews = 0;
    for (int k = 0; k < j->n_clocks; k++) {
        enum clock_id c = j->clocks[k].id;
        overdue_reviews += j->clocks[k].state == CLOCK_OVERDUE &&
                           (c == CLOCK_CP_FIRST_REVIEW || c == CLOCK_CP_REVIEW || c == CLOCK_LA_FIRST_REVIEW ||
                            c == CLOCK_LA_SECOND_REVIEW || c == CLOCK_LA_REVIEW || c == CLOCK_PATHWAY_REVIEW);
    }
    if (!restricted && !unknown && !gone && !overdue_reviews && !f->person.death_date)
        return;
    H(m, "<div class=\"govuk-warning-text\" id=\"alerts\"><span class=\"govuk-warning-text__icon\" "
         "aria-hidden=\"true\">!</span><div class=\"govuk-warning-text__text\"><span "
         "class=\"govuk-visually-hidden\">Warning</span><ul class=\"govuk-list\">");
    if (gone)
        H(m, "<li><strong class=\"govuk-tag govuk-tag--red\">Missing now</strong> %s since %D</li>",
          gone->kind && !strcmp(gone->kind, "A") ? "Away from placement without authorisation" : "Missing",
          gone->start);
    if (overdue_reviews)
        H(m, "<li><strong class=\"govuk-tag govuk-tag--red\">Plan review overdue</strong> %d review%s "
             "past %s due date</li>",
          overdue_reviews, overdue_reviews == 1 ? " is" : "s are", overdue_reviews == 1 ? "its" : "their");
    if (restricted)
        H(m, "<li><strong class=\"govuk-tag govuk-tag--purple\">Restricted</strong> Only the people "
             "named for this record may open it</li>");
    if (unknown)
        H(m, "<li><strong class=\"govuk-tag govuk-tag--purple\">Not checked</strong> Whether this "
             "record is restricted could not be checked: reload the page before sharing anything from it</li>");
    if (f->person.death_date)
        H(m, "<li><strong class=\"govuk-tag govuk-tag--grey\">Died</strong> %D</li>", f->person.death_date);
    H(m, "</ul></div></div>");
}

/* ---- the sections ---------------------------------------------------------------------- */
static int alerts(struct html *h, const struct record_ctx *c, struct err *e)
{
    record_alerts(h, c->r, c->f, c->j);
    return HE_OK;
}
const struct record_section rs_alerts = {"alerts", NULL, RECORD_TOP, 10, NULL, alerts};

static int timescales(struct html *h, const struct record_ctx *c, struct err *e)
{
    if (!c->j->n_clocks) {
        H(h, "<p class=\"govuk-body\">No statutory timescale is running.</p>");
        return HE_OK;
    }
    H(h, "<ul class=\"govuk-list\" id=\"timescales\">");
    for (int k = 0; k < c->j->n_clocks; k++) {
        H(h, "<li>");
        clock_tag(h, &c->j->clocks[k], c->r->today);
        H(h, "</li>");
    }
    H(h, "</ul>");
    return HE_OK;
}
const struct record_section rs_timescales = {"timescales", "Timescales", RECORD_RIGHT, 10, NULL, timescales};

/* The DfE's CIN census checks on this child for the current collection year. */
static int checks(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct findings fs = FINDINGS_INIT;
    struct err re;
    err_clear(&re);
    int year = date_year_to_march(c->r->today);
    /* the census holds the children with an episode of need open at some time in the year:
     * checking any other child would list rule 8590 against a child no return carries */
    day_t first = date_from_ymd(year - 1, 4, 1), last = date_from_ymd(year, 3, 31);
    bool in_census = false;
    for (size_t k = 0; k < c->f->n_episodes && !in_census; k++) {
        const struct cin_episode *ep = &c->f->episodes[k];
        in_census = ep->referral_date <= last && (ep->closure_date == DAY_NONE || ep->closure_date >= first);
    }
    if (!in_census) {
        H(h, "<h2 class=\"govuk-heading-m\">CIN census checks %d to %d</h2><p class=\"govuk-body\">Not in "
             "this year's CIN census: no episode of need is open in the year, so the DfE's checks do not "
             "apply.</p>",
          year - 1, year);
        return HE_OK;
    }
    if (rules_check_child(c->f, RULES_CIN, year, &fs, &re) == HE_OK) {
        H(h, "<h2 class=\"govuk-heading-m\">CIN census checks %d to %d</h2>", year - 1, year);
        if (!fs.n)
            H(h, "<p class=\"govuk-body\">No DfE validation rule finds a problem.</p>");
        else {
            H(h, "<ul class=\"govuk-list\">");
            for (size_t k = 0; k < fs.n; k++)
                H(h, "<li><strong class=\"govuk-tag govuk-tag--%s\">%s</strong> %s: %s</li>",
                  fs.v[k].error ? "red" : "yellow", fs.v[k].level, fs.v[k].rule, fs.v[k].message);
            H(h, "</ul>");
        }
    }
    findings_free(&fs);
    return HE_OK;
}
const struct record_section rs_checks = {"checks", NULL, RECORD_FULL, 10, NULL, checks};

/* The newest entries, events and notes; the chronology page has the rest and a filter. */
static int chronology(struct html *h, const struct record_ctx *c, struct err *e)
{
    char path[64];
    snprintf(path, sizeof path, "/children/%lld/chronology", (long long)c->f->id);
    struct chron_show all;
    chron_show_parse(NULL, &all);
    int rc = chron_render(h, c->r, c->f->id, c->j, &all, NULL, 25, path, e);
    if (rc == HE_OK)
        H(h, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"%s\">The whole chronology, with "
             "a filter</a></li><li><a class=\"govuk-link\" href=\"%s/print\">A chronology of significant "
             "events to print</a></li></ul>",
          path, path);
    return rc;
}
const struct record_section rs_chronology = {"chronology", "Chronology", RECORD_FULL, 20, NULL, chronology};

static int access_list(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct cw_access views[10];
    int nv = 0;
    struct err ae;
    err_clear(&ae);
    if (cw_access_list(c->r->st, c->f->id, views, 10, &nv, &ae) != HE_OK || !nv)
        return HE_OK;
    H(h, "<h2 class=\"govuk-heading-m\">Who has opened this record</h2><ul class=\"govuk-list\">");
    for (int k = 0; k < nv; k++) {
        char when[32];
        time_t t = (time_t)views[k].at;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%d/%m/%Y %H:%M UTC", &tm);
        H(h, "<li>%s: %s (%s)</li>", when, views[k].user, views[k].page);
    }
    H(h, "</ul>");
    return HE_OK;
}
const struct record_section rs_access = {"access", NULL, RECORD_FULL, 90, record_is_manager, access_list};
