/* record_core: the sections every child's record has had from the start: alerts,
 * timescales, what can be recorded next, the DfE's checks, the chronology
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

/* Links to the stage forms that apply to the child now. */
static void stage_links(struct html *m, const struct child_file *f, const struct child_extra *x, bool open_ep,
                        bool la_now, day_t today)
{
    rec_id id = f->id;
    H(m, "<ul class=\"govuk-list\" id=\"stages\">");
    for (size_t i = 0; i < f->n_cp_plans; i++)
        if (!f->cp_plans[i].end)
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/cp-plans/%l/review\">Record a review "
                 "conference of the child protection plan started %D</a></li><li><a class=\"govuk-link\" "
                 "href=\"/children/%l/cp-plans/%l/end\">End the child protection plan started %D</a></li>",
              (int64_t)id, (int64_t)f->cp_plans_id[i], f->cp_plans[i].start, (int64_t)id,
              (int64_t)f->cp_plans_id[i], f->cp_plans[i].start);
    bool cin_open = false;
    for (size_t i = 0; i < f->n_cin_plans; i++)
        if (!f->cin_plans[i].end) {
            cin_open = true;
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/cin-plans/%l/end\">End the child in "
                 "need plan started %D</a></li>",
              (int64_t)id, (int64_t)f->cin_plans_id[i], f->cin_plans[i].start);
        }
    if (open_ep && !cin_open)
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/cin-plans/new\">Start a child in need "
             "plan</a></li>", (int64_t)id);
    if (la_now)
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/la-reviews/new\">Record a looked-after "
             "review</a></li><li><a class=\"govuk-link\" href=\"/children/%l/visits/new\">Record a "
             "statutory visit</a></li><li><a class=\"govuk-link\" href=\"/children/%l/missing/new\">Record "
             "a missing episode</a></li><li><a class=\"govuk-link\" href=\"/children/%l/ceasing\">Record "
             "that the child stopped being looked after</a></li>",
          (int64_t)id, (int64_t)id, (int64_t)id, (int64_t)id);
    for (size_t i = 0; i < f->n_missing; i++) {
        bool awaited = false;
        for (size_t k = 0; k < x->n_interviews; k++)
            awaited |= x->interviews[k].missing == f->missing_id[i] && x->interviews[k].offered < 0;
        if (!f->missing[i].end || awaited)
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/missing/%l\">Record the return and "
                 "return home interview for the missing episode of %D</a></li>",
              (int64_t)id, (int64_t)f->missing_id[i], f->missing[i].start);
    }
    if (f->n_la_episodes) {
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/adoption\">Record an adoption decision</a></li>",
          (int64_t)id);
        if (f->person.dob && date_age(f->person.dob, today) >= 16)
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/pathway-plans/new\">Record a pathway "
                 "plan</a></li>", (int64_t)id);
        if (!la_now)
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/leaver-contacts/new\">Record a care "
                 "leaver contact</a></li>", (int64_t)id);
    }
    if (open_ep)
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/closure\">Close the episode of need</a></li>",
          (int64_t)id);
    H(m, "</ul>");
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
    H(h, "<ul class=\"govuk-list\">");
    for (int k = 0; k < c->j->n_clocks; k++) {
        H(h, "<li>");
        clock_tag(h, &c->j->clocks[k], c->r->today);
        H(h, "</li>");
    }
    H(h, "</ul>");
    return HE_OK;
}
const struct record_section rs_timescales = {"timescales", "Timescales", RECORD_RIGHT, 10, NULL, timescales};

/* What can be recorded next: the stage forms that apply, decisions and authorisations
 * waiting, and (for managers) allocation. */
static int actions(struct html *h, const struct record_ctx *c, struct err *e)
{
    const struct child_file *f = c->f;
    struct req *r = c->r;
    rec_id id = f->id;
    H(h, "<div class=\"govuk-button-group\"><a "
         "class=\"govuk-button govuk-button--secondary\" href=\"/contacts/new?child=%l\">Contact</a>",
      (int64_t)id);
    if (c->open_episode)
        H(h, "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/assessments/new\">Assessment</a>"
             "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/strategy/new\">Strategy discussion</a>",
          (int64_t)id, (int64_t)id);
    H(h, "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/looked-after\">%s</a>",
      (int64_t)id, c->looked_after ? "Change of placement" : "Becoming looked after");
    H(h, "</div>");
    stage_links(h, f, c->x, c->open_episode, c->looked_after, r->today);
    for (size_t i = 0; i < f->n_s47s; i++) {
        bool live = false;
        for (size_t k = 0; k < f->n_episodes; k++)
            live |= f->episodes_id[k] == f->s47s[i].episode && !f->episodes[k].closure_date;
        if (live && !f->s47s[i].icpc_date && f->s47s[i].icpc_not_required != 1)
            H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/icpc/%l\">Record the "
                 "initial conference for the strategy discussion of %D</a></p>",
              (int64_t)id, (int64_t)f->s47s_id[i], f->s47s[i].start);
    }
    for (size_t i = 0; i < f->n_contacts; i++)
        if (!f->contacts[i].decision)
            H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/contacts/%l/decision\">Record the "
                 "threshold decision for the contact of %D</a></p>",
              (int64_t)f->contacts_id[i], f->contacts[i].date);
    /* assessments waiting for authorisation: the assessments section (pages_assessment.c) */
    if (record_is_manager(c)) {
        struct cw_worker ws[200];
        int nw = 0;
        struct err we;
        err_clear(&we);
        if (cw_workers(r->st, ws, 200, &nw, &we) == HE_OK && nw) {
            H(h, "<form method=\"post\" action=\"/children/%l/allocate\" novalidate>", (int64_t)id);
            ui_csrf(h, r);
            H(h, "<input type=\"hidden\" name=\"version\" value=\"%l\"><div class=\"govuk-form-group\">"
                 "<label class=\"govuk-label\" for=\"worker\">Allocate to</label><select "
                 "class=\"govuk-select\" id=\"worker\" name=\"worker\">",
              c->version);
            for (int k = 0; k < nw; k++)
                H(h, "<option value=\"%l\">%s (%s, %s)</option>", ws[k].user_id, ws[k].display,
                  cw_role_name(ws[k].role), ws[k].team);
            H(h, "</select></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\">"
                 "Allocate</button></form>");
        }
    }
    return HE_OK;
}
const struct record_section rs_actions = {"actions", "Record", RECORD_RIGHT, 20, NULL, actions};

/* The DfE's CIN census checks on this child for the current collection year. */
static int checks(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct findings fs = FINDINGS_INIT;
    struct err re;
    err_clear(&re);
    int year = cw_collection_year(c->r->today);
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
