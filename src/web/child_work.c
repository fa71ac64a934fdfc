/* child_work: the work sections of a child's record page (record.h): what the user may
 * record next, offered only when their role may record it and it can apply to the child (so
 * no link answers 403 or 409), with allocation for managers; the child's open tasks, and
 * the team holding the child with its moves. Reads through workflow.h; every write is on pages_tray.c and pages_tasks.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/workflow.h"
#include "record.h"
#include "work.h"

bool work_may_record_stages(const struct req *r)
{
    return r->user.role != ROLE_FRONT_DOOR && r->user.role != ROLE_ANALYST;
}

void ui_back(struct html *m, const char *href)
{
    H(m, "<a href=\"%s\" class=\"govuk-back-link\">Back</a>", href);
}

static bool is_manager(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
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
             "statutory visit</a></li><li><a class=\"govuk-link\" href=\"/children/%l/ceasing\">Record "
             "that the child stopped being looked after</a></li>",
          (int64_t)id, (int64_t)id, (int64_t)id);
    for (size_t i = 0; i < f->n_missing; i++) {
        bool awaited = false;
        for (size_t k = 0; k < x->n_interviews; k++)
            awaited |= x->interviews[k].missing == f->missing_id[i] && x->interviews[k].offered < 0;
        if (!f->missing[i].end || awaited)
            H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/missing/%l\">Record the return and "
                 "return home interview for the missing episode of %D</a></li>",
              (int64_t)id, (int64_t)f->missing_id[i], f->missing[i].start);
    }
    if (!stage_adoption_why_not(f, today))
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/adoption\">Record an adoption decision</a></li>",
          (int64_t)id);
    if (f->n_la_episodes && f->person.dob && date_age(f->person.dob, today) >= 16)
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/pathway-plans/new\">Record a pathway "
             "plan</a></li>", (int64_t)id);
    if (!stage_leaver_why_not(f, today))
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/leaver-contacts/new\">Record a care "
             "leaver contact</a></li>", (int64_t)id);
    if (open_ep)
        H(m, "<li><a class=\"govuk-link\" href=\"/children/%l/closure\">Close the episode of need</a></li>",
          (int64_t)id);
    H(m, "</ul>");
}

static void tasks(struct html *m, struct req *r, rec_id id, const struct wf_task *t, size_t n)
{
    H(m, "<h2 class=\"govuk-heading-m\" id=\"tasks\">Tasks</h2>");
    size_t open = 0;
    for (size_t i = 0; i < n; i++)
        open += !strcmp(t[i].state, "open");
    if (!open)
        H(m, "<p class=\"govuk-body\">No task about this child is open.</p>");
    else {
        H(m, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < n; i++)
            if (!strcmp(t[i].state, "open"))
                H(m, "<li>%s: for %s, due %D (set by %s) <a class=\"govuk-link\" href=\"/tasks/%l\">"
                     "Open<span class=\"govuk-visually-hidden\"> the task %s</span></a></li>",
                  t[i].title, t[i].assigned, t[i].due, t[i].set_by_name, t[i].id, t[i].title);
        H(m, "</ul>");
    }
    if (r->user.role != ROLE_ANALYST)
        H(m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/tasks/new\">Set a "
             "task about this child</a></p>", (int64_t)id);
}

static void moves(struct html *m, struct req *r, rec_id id, const struct wf_move *mv, size_t n)
{
    if (n) {
        H(m, "<h2 class=\"govuk-heading-m\">Teams</h2><ul class=\"govuk-list\">");
        for (size_t i = 0; i < n; i++)
            H(m, "<li>%D: %s to %s%s%s by %s</li>", mv[i].day,
              !strcmp(mv[i].kind, "referral") ? "referred" : "transferred", mv[i].to,
              mv[i].from[0] ? " from " : "", mv[i].from, mv[i].by);
        H(m, "</ul>");
    }
    if (work_may_record_stages(r) && r->user.role != ROLE_IRO)
        H(m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/transfer\">Transfer "
             "to another team</a></p>", (int64_t)id);
}

/* ---- the sections of the child's record (record.h) ----------------------------------- */
/* What can be recorded next, and (for managers) allocation. */
static int actions(struct html *m, const struct record_ctx *c, struct err *e)
{
    (void)e;
    struct req *r = c->r;
    const struct child_file *f = c->f;
    rec_id id = f->id;
    bool stages = work_may_record_stages(r);
    H(m, "<div class=\"govuk-button-group\"><a class=\"govuk-button govuk-button--secondary\" "
         "href=\"/contacts/new?child=%l\">Contact</a>",
      (int64_t)id);
    if (stages && c->open_episode)
        H(m, "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/assessments/new\">Assessment</a>"
             "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/strategy/new\">Strategy discussion</a>",
          (int64_t)id, (int64_t)id);
    if (stages && !stage_looked_after_why_not(f))
        H(m, "<a class=\"govuk-button govuk-button--secondary\" href=\"/children/%l/looked-after\">%s</a>",
          (int64_t)id, c->looked_after ? "Change of placement" : "Becoming looked after");
    H(m, "</div>");
    if (stages) {
        stage_links(m, f, c->x, c->open_episode, c->looked_after, r->today);
        for (size_t i = 0; i < f->n_s47s; i++) {
            bool live = false;
            for (size_t k = 0; k < f->n_episodes; k++)
                live |= f->episodes_id[k] == f->s47s[i].episode && !f->episodes[k].closure_date;
            if (live && !f->s47s[i].icpc_date && f->s47s[i].icpc_not_required != 1)
                H(m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/icpc/%l\">Record the "
                     "initial conference for the strategy discussion of %D</a></p>",
                  (int64_t)id, (int64_t)f->s47s_id[i], f->s47s[i].start);
        }
    }
    for (size_t i = 0; i < f->n_contacts; i++)
        if (!f->contacts[i].decision)
            H(m, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/contacts/%l/decision\">Record the "
                 "threshold decision for the contact of %D</a></p>",
              (int64_t)f->contacts_id[i], f->contacts[i].date);
    /* assessments and their authorisation: the assessments section (pages_assessment.c) */
    if (is_manager(r)) {
        struct cw_worker ws[200];
        int nw = 0;
        struct err we;
        err_clear(&we);
        if (cw_workers(r->st, ws, 200, &nw, &we) == HE_OK && nw) {
            H(m, "<form method=\"post\" action=\"/children/%l/allocate\" novalidate>", (int64_t)id);
            ui_csrf(m, r);
            H(m, "<input type=\"hidden\" name=\"version\" value=\"%l\"><div class=\"govuk-form-group\">"
                 "<label class=\"govuk-label\" for=\"worker\">Allocate to</label><select "
                 "class=\"govuk-select\" id=\"worker\" name=\"worker\">",
              c->version);
            for (int k = 0; k < nw; k++)
                H(m, "<option value=\"%l\">%s (%s, %s)</option>", ws[k].user_id, ws[k].display,
                  cw_role_name(ws[k].role), ws[k].team);
            H(m, "</select></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\">"
                 "Allocate</button></form>");
        }
    }
    return HE_OK;
}
const struct record_section rs_actions = {"actions", "Record", RECORD_RIGHT, 20, NULL, actions};

/* The child's open tasks, and the team holding the child with its moves. */
static int work(struct html *m, const struct record_ctx *c, struct err *e)
{
    rec_id id = c->f->id;
    struct wf_task *t = NULL;
    struct wf_move *mv = NULL;
    size_t nt = 0, nm = 0;
    int rc = wf_tasks_for(c->r->st, id, &t, &nt, e);
    if (rc == HE_OK)
        rc = wf_moves(c->r->st, id, &mv, &nm, e);
    if (rc == HE_OK) {
        tasks(m, c->r, id, t, nt);
        moves(m, c->r, id, mv, nm);
    }
    free(t);
    wf_moves_free(mv, nm);
    return rc;
}
const struct record_section rs_work = {"work", NULL, RECORD_RIGHT, 30, NULL, work};
