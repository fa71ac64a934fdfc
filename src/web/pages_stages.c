/* pages_stages: the later stages of a child's journey, each a short form on the common
 * shape of stage_form.c: child protection reviews and plan end, the child in need plan,
 * looked-after reviews and statutory visits, missing episodes and return home interviews,
 * ceasing to be looked after, adoption, pathway plans and care leaver contacts, closing the
 * episode of need, and the family network. Each form checks what a person can see at a
 * glance (a date is a real date, a choice was made); the DfE's rules are checked by the
 * store against the whole record (model/stage_rules.c), beside the field they concern. */
#include <stdio.h>
#include <string.h>

#include "../date/clock.h"
#include "../store/missing.h"
#include "../store/stages.h"
#include "labels.h"
#include "../store/workflow.h"
#include "stage_form.h"

static void not_future(struct field_errors *fe, const char *name, const char *what, day_t d, day_t today)
{
    if (d && d > today)
        fe_add(fe, name, "The %s cannot be in the future", what);
}

static const char *const date_only[] = {"date", NULL};

static void date_intro(struct html *m, const char *text) { H(m, "<p class=\"govuk-body\">%s</p>", text); }

static const struct cp_plan *cp_plan_of(const struct stage_ctx *c)
{
    for (size_t i = 0; i < c->cf->n_cp_plans; i++)
        if (c->cf->cp_plans_id[i] == c->sub)
            return &c->cf->cp_plans[i];
    return NULL;
}

static bool looked_after(const struct child_file *cf)
{
    return cf->n_la_episodes && !cf->la_episodes[cf->n_la_episodes - 1].dec;
}

static rec_id open_episode(const struct child_file *cf)
{
    for (size_t i = cf->n_episodes; i-- > 0;)
        if (!cf->episodes[i].closure_date)
            return cf->episodes_id[i];
    return 0;
}

/* ---- 1. child protection plan: review conference, end ---------------------------------- */
static const char *cp_unavailable(const struct stage_ctx *c)
{
    const struct cp_plan *p = cp_plan_of(c);
    if (!p)
        return "This child has no such child protection plan.";
    if (p->end)
        return "This child protection plan has ended.";
    return NULL;
}

static void cp_review_intro(struct html *m, const struct stage_ctx *c)
{
    const struct cp_plan *p = cp_plan_of(c);
    H(m, "<p class=\"govuk-body\">Plan started %D. The first review conference is due within 3 "
         "months of the initial conference, later ones every 6 months.</p>",
      p->start);
}

static void cp_review_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                             const struct field_errors *fe)
{
    ui_date(m, "date", "Date of the review conference", "For example, 27 3 2026", f, fe);
}

static int cp_review_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                          struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date of the review conference", true, fe);
    not_future(fe, "date", "date of the review conference", d, c->r->today);
    return fe->n ? HE_INPUT : st_cp_review(c->r->st, c->cf->id, seen, c->sub, d, e);
}

static const struct stage_form cp_review_form = {
    "child protection review form", "Child protection review conference", "Save the review",
    cp_unavailable, cp_review_intro, cp_review_fields, cp_review_save, date_only, NULL};
void h_cp_review_form(struct req *r, struct resp *out) { stage_form_get(r, out, &cp_review_form); }
void h_cp_review_post(struct req *r, struct resp *out) { stage_form_post(r, out, &cp_review_form); }

static void cp_end_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    ui_date(m, "date", "Date the plan ended", "For example, 27 3 2026", f, fe);
    ui_select_codes(m, "reason", "Why the plan ended", cp_end_reasons, n_cp_end_reasons,
                    form_get(f, "reason"), fe);
}

static int cp_end_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                       struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date the plan ended", true, fe);
    not_future(fe, "date", "date the plan ended", d, c->r->today);
    const char *reason = form_get(f, "reason");
    if (!reason || !*reason)
        fe_add(fe, "reason", "Choose why the plan ended");
    return fe->n ? HE_INPUT : st_cp_end(c->r->st, c->cf->id, seen, c->sub, d, reason, e);
}

static const char *const cp_end_names[] = {"date", "reason", NULL};
static const struct stage_form cp_end_form = {
    "child protection plan end form", "End the child protection plan", "End the plan",
    cp_unavailable, cp_review_intro, cp_end_fields, cp_end_save, cp_end_names, NULL};
void h_cp_end_form(struct req *r, struct resp *out) { stage_form_get(r, out, &cp_end_form); }
void h_cp_end_post(struct req *r, struct resp *out) { stage_form_post(r, out, &cp_end_form); }

/* ---- 2. child in need plan: start, end -------------------------------------------------- */
static const char *cin_start_unavailable(const struct stage_ctx *c)
{
    return open_episode(c->cf) ? NULL : "A child in need plan belongs to an open episode of need: record a referral first.";
}

static void plain_date_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                              const struct field_errors *fe)
{
    ui_date(m, "date", "Date", "For example, 27 3 2026", f, fe);
}

static int cin_start_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                          struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date", true, fe);
    not_future(fe, "date", "date", d, c->r->today);
    return fe->n ? HE_INPUT : st_cin_plan_start(c->r->st, c->cf->id, seen, d, e);
}

static void cin_start_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "The date the child in need plan started. A child in need plan cannot run at "
                  "the same time as a child protection plan.");
}

static const struct stage_form cin_start_form = {
    "child in need plan form", "Start a child in need plan", "Start the plan",
    cin_start_unavailable, cin_start_intro, plain_date_fields, cin_start_save, date_only, NULL};
void h_cin_plan_form(struct req *r, struct resp *out) { stage_form_get(r, out, &cin_start_form); }
void h_cin_plan_post(struct req *r, struct resp *out) { stage_form_post(r, out, &cin_start_form); }

static const char *cin_end_unavailable(const struct stage_ctx *c)
{
    for (size_t i = 0; i < c->cf->n_cin_plans; i++)
        if (c->cf->cin_plans_id[i] == c->sub)
            return c->cf->cin_plans[i].end ? "This child in need plan has ended." : NULL;
    return "This child has no such child in need plan.";
}

static int cin_end_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                        struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date", true, fe);
    not_future(fe, "date", "date", d, c->r->today);
    return fe->n ? HE_INPUT : st_cin_plan_end(c->r->st, c->cf->id, seen, c->sub, d, e);
}

static void cin_end_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "The date the child in need plan ended.");
}

static const struct stage_form cin_end_form = {
    "child in need plan end form", "End the child in need plan", "End the plan",
    cin_end_unavailable, cin_end_intro, plain_date_fields, cin_end_save, date_only, NULL};
void h_cin_plan_end_form(struct req *r, struct resp *out) { stage_form_get(r, out, &cin_end_form); }
void h_cin_plan_end_post(struct req *r, struct resp *out) { stage_form_post(r, out, &cin_end_form); }

/* ---- 3. looked after: reviews and statutory visits ------------------------------------- */
static const char *la_unavailable(const struct stage_ctx *c)
{
    return looked_after(c->cf) ? NULL : "This child is not looked after.";
}

static void la_review_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                             const struct field_errors *fe)
{
    ui_date(m, "date", "Date of the review", "For example, 27 3 2026", f, fe);
    ui_select_codes(m, "code", "How the child took part", review_codes, n_review_codes,
                    form_get(f, "code"), fe);
}

static int la_review_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                          struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date of the review", true, fe);
    not_future(fe, "date", "date of the review", d, c->r->today);
    const char *code = form_get(f, "code");
    if (!code || !*code)
        fe_add(fe, "code", "Choose how the child took part in the review");
    return fe->n ? HE_INPUT : st_la_review(c->r->st, c->cf->id, seen, d, code, e);
}

static void la_review_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "Reviews are due within 20 working days of becoming looked after, then within 3 "
                  "months, then every 6 months.");
}

static const char *const la_review_names[] = {"date", "code", NULL};
static const struct stage_form la_review_form = {
    "looked-after review form", "Looked-after review", "Save the review",
    la_unavailable, la_review_intro, la_review_fields, la_review_save, la_review_names, NULL};
void h_la_review_form(struct req *r, struct resp *out) { stage_form_get(r, out, &la_review_form); }
void h_la_review_post(struct req *r, struct resp *out) { stage_form_post(r, out, &la_review_form); }

static void visit_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                         const struct field_errors *fe)
{
    ui_date(m, "date", "Date of the visit", "For example, 27 3 2026", f, fe);
    ui_yes_no(m, "alone", "Was the child seen alone?", form_get(f, "alone"), fe);
}

static int visit_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                      struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date of the visit", true, fe);
    not_future(fe, "date", "date of the visit", d, c->r->today);
    int alone = form_yes_no(f, "alone");
    if (alone < 0)
        fe_add(fe, "alone", "Say whether the child was seen alone");
    return fe->n ? HE_INPUT : st_visit(c->r->st, c->cf->id, seen, d, alone, e);
}

static void visit_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "A child is visited within a week of a new placement, then at least every 6 "
                  "weeks in its first year; every 3 months once a long-term placement has lasted a year.");
}

static const char *const visit_names[] = {"date", "alone", NULL};
static const struct stage_form visit_form = {
    "statutory visit form", "Statutory visit", "Save the visit",
    la_unavailable, visit_intro, visit_fields, visit_save, visit_names, NULL};
void h_visit_form(struct req *r, struct resp *out) { stage_form_get(r, out, &visit_form); }
void h_visit_post(struct req *r, struct resp *out) { stage_form_post(r, out, &visit_form); }

/* ---- 4. missing episodes and return home interviews ------------------------------------
 * Any child, at home or in care: the store (missing.h) keeps a looked-after child's episode
 * as the SSDA903 one and any other child's as missing from home. */
static const struct ui_option missing_kinds[] = {
    {"M", "Missing"}, {"A", "Away from placement without authorisation"}};

static void missing_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                           const struct field_errors *fe)
{
    ui_radios(m, "kind", "Was the child missing, or away without authorisation?", missing_kinds, 2,
              form_get(f, "kind"), fe);
    ui_date(m, "start", "Date the child went missing", "For example, 27 3 2026", f, fe);
    ui_date(m, "end", "Date the child came back (leave blank if still missing)", "For example, 28 3 2026", f, fe);
    ui_select_codes(m, "found", "Where the child was found (once back)", missing_places, n_missing_places,
                    form_get(f, "found"), fe);
}

static int missing_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                        struct field_errors *fe, struct err *e)
{
    const char *kind = form_get(f, "kind");
    if (!kind || !*kind)
        fe_add(fe, "kind", "Choose whether the child was missing or away without authorisation");
    day_t start = form_date(f, "start", "date the child went missing", true, fe);
    not_future(fe, "start", "date the child went missing", start, c->r->today);
    day_t end = form_date(f, "end", "date the child came back", false, fe);
    not_future(fe, "end", "date the child came back", end, c->r->today);
    const char *found = form_get(f, "found");
    if (fe->n)
        return HE_INPUT;
    struct mis_new mn = {start, end, kind, found && *found ? found : NULL};
    return mis_record(c->r->st, &c->r->user, c->cf->id, seen, &mn, c->r->today, c->r->now, NULL, e);
}

static void missing_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "For any child, missing from home or from care. When the child comes back, a return home "
                  "interview must be offered within 72 hours. A third episode within 90 days raises a "
                  "strategy discussion.");
}

static const char *const missing_names[] = {"start", "end", "kind", "found", NULL};
static const struct stage_form missing_form = {
    "missing episode form", "Missing episode", "Save the missing episode",
    NULL, missing_intro, missing_fields, missing_save, missing_names, NULL};
void h_missing_form(struct req *r, struct resp *out) { stage_form_get(r, out, &missing_form); }
void h_missing_post(struct req *r, struct resp *out) { stage_form_post(r, out, &missing_form); }

static const struct missing_episode *missing_of(const struct stage_ctx *c)
{
    for (size_t i = 0; i < c->cf->n_missing; i++)
        if (c->cf->missing_id[i] == c->sub)
            return &c->cf->missing[i];
    return NULL;
}

static const char *return_unavailable(const struct stage_ctx *c)
{
    return missing_of(c) ? NULL : "This child has no such missing episode.";
}

static void return_intro(struct html *m, const struct stage_ctx *c)
{
    const struct missing_episode *e = missing_of(c);
    H(m, "<p class=\"govuk-body\">%s since %D.", e->kind && !strcmp(e->kind, "A") ? "Away without authorisation"
                                                                               : "Missing",
      e->start);
    if (e->end)
        H(m, " Came back %D: the return home interview was due to be offered by %D.", e->end,
          clock_due(CLOCK_RETURN_INTERVIEW, e->end));
    H(m, "</p>");
}

static void return_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    const struct missing_episode *e = missing_of(c);
    if (e->end && !form_get(f, "end-day"))
        ui_date_value(m, "end", "Date the child came back", "For example, 28 3 2026", e->end, fe);
    else
        ui_date(m, "end", "Date the child came back", "For example, 28 3 2026", f, fe);
    ui_yes_no(m, "offered", "Was a return home interview offered? (Leave unanswered to record only the return)",
              form_get(f, "offered"), fe);
    ui_date(m, "offered_date", "Date the interview was offered", "Only if it was offered", f, fe);
    ui_yes_no(m, "accepted", "Did the child accept the interview?", form_get(f, "accepted"), fe);
    ui_date(m, "interview", "Date of the interview", "Only once it has been held", f, fe);
    ui_select_codes(m, "found", "Where the child was found", missing_places, n_missing_places,
                    form_get(f, "found"), fe);
}

static int return_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                       struct field_errors *fe, struct err *e)
{
    day_t end = form_date(f, "end", "date the child came back", true, fe);
    not_future(fe, "end", "date the child came back", end, c->r->today);
    int offered = form_yes_no(f, "offered"); /* unanswered: only the return is recorded */
    day_t od = form_date(f, "offered_date", "date the interview was offered", offered == 1, fe);
    not_future(fe, "offered_date", "date the interview was offered", od, c->r->today);
    int accepted = form_yes_no(f, "accepted");
    if (offered == 1 && accepted < 0)
        fe_add(fe, "accepted", "Say whether the child accepted the interview");
    day_t held = form_date(f, "interview", "date of the interview", false, fe);
    not_future(fe, "interview", "date of the interview", held, c->r->today);
    const char *found = form_get(f, "found");
    struct mis_return mr = {end, found && *found ? found : NULL, offered, od, accepted, held};
    return fe->n ? HE_INPUT : mis_return(c->r->st, c->cf->id, seen, c->sub, true, &mr, e);
}

static const char *const return_names[] = {"end", "offered", "offered_date", "accepted", "interview", "found",
                                           NULL};
static const struct stage_form return_form = {
    "return home interview form", "Return and return home interview", "Save",
    return_unavailable, return_intro, return_fields, return_save, return_names, NULL};
void h_return_form(struct req *r, struct resp *out) { stage_form_get(r, out, &return_form); }
void h_return_post(struct req *r, struct resp *out) { stage_form_post(r, out, &return_form); }

/* ---- 5. ceasing to be looked after, adoption, leaving care ----------------------------- */
static void cease_intro(struct html *m, const struct stage_ctx *c)
{
    const struct la_episode *l = &c->cf->la_episodes[c->cf->n_la_episodes - 1];
    H(m, "<p class=\"govuk-body\">Looked after in this placement since %D (legal status %s). When an "
         "adoption or special guardianship order ends the care, the date is the day the order was "
         "made.</p>",
      l->decom, l->ls ? l->ls : "not recorded");
}

static void cease_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                         const struct field_errors *fe)
{
    ui_date(m, "date", "Date the child stopped being looked after (or of the order)", "For example, 27 3 2026", f, fe);
    ui_select_codes(m, "rec", "Reason", cease_reasons, n_cease_reasons, form_get(f, "rec"), fe);
}

static int cease_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                      struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date the child stopped being looked after", true, fe);
    not_future(fe, "date", "date the child stopped being looked after", d, c->r->today);
    const char *rec = form_get(f, "rec");
    if (!rec || !*rec)
        fe_add(fe, "rec", "Choose why the child stopped being looked after");
    return fe->n ? HE_INPUT : st_cease(c->r->st, c->cf->id, seen, d, rec, e);
}

static const char *const cease_names[] = {"date", "rec", NULL};
static const struct stage_form cease_form = {
    "ceasing to be looked after form", "Ceasing to be looked after", "Save",
    la_unavailable, cease_intro, cease_fields, cease_save, cease_names, NULL};
void h_cease_form(struct req *r, struct resp *out) { stage_form_get(r, out, &cease_form); }
void h_cease_post(struct req *r, struct resp *out) { stage_form_post(r, out, &cease_form); }

static const char *ever_la(const struct stage_ctx *c)
{
    return c->cf->n_la_episodes ? NULL : "This child has never been looked after.";
}

static const char *adoption_unavailable(const struct stage_ctx *c)
{
    return stage_adoption_why_not(c->cf, c->r->today);
}

static const char *leaver_unavailable(const struct stage_ctx *c)
{
    return stage_leaver_why_not(c->cf, c->r->today);
}

static void adoption_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                            const struct field_errors *fe)
{
    ui_date(m, "decision", "Date of the decision that the child should be placed for adoption",
            "The agency decision maker's decision, for example 27 3 2026", f, fe);
    ui_date(m, "match", "Date the child was matched with adopters (optional)", "For example, 27 3 2026", f, fe);
}

static int adoption_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                         struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "decision", "date of the decision", true, fe);
    not_future(fe, "decision", "date of the decision", d, c->r->today);
    day_t mt = form_date(f, "match", "date of matching", false, fe);
    not_future(fe, "match", "date of matching", mt, c->r->today);
    return fe->n ? HE_INPUT : st_adoption(c->r->st, c->cf->id, seen, d, mt, e);
}

static void adoption_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "The adoption order itself is recorded when the child stops being looked after "
                  "(reason E11 or E12).");
}

static const char *const adoption_names[] = {"decision", "match", NULL};
static const struct stage_form adoption_form = {
    "adoption form", "Adoption decision", "Save",
    adoption_unavailable, adoption_intro, adoption_fields, adoption_save, adoption_names, NULL};
void h_adoption_form(struct req *r, struct resp *out) { stage_form_get(r, out, &adoption_form); }
void h_adoption_post(struct req *r, struct resp *out) { stage_form_post(r, out, &adoption_form); }

static int pathway_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                        struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date", true, fe);
    not_future(fe, "date", "date", d, c->r->today);
    return fe->n ? HE_INPUT : st_pathway_plan(c->r->st, c->cf->id, seen, d, e);
}

static void pathway_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "The date the pathway plan (or its review) was completed. The first plan is due "
                  "within 3 months of the 16th birthday while looked after; each review within 6 months.");
}

static const struct stage_form pathway_form = {
    "pathway plan form", "Pathway plan", "Save the pathway plan",
    ever_la, pathway_intro, plain_date_fields, pathway_save, date_only, NULL};
void h_pathway_form(struct req *r, struct resp *out) { stage_form_get(r, out, &pathway_form); }
void h_pathway_post(struct req *r, struct resp *out) { stage_form_post(r, out, &pathway_form); }

static void leaver_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    ui_date(m, "date", "Date of the contact", "For example, 27 3 2026", f, fe);
    ui_select_codes(m, "in_touch", "Is the council in touch with the young person?", in_touch_codes,
                    n_in_touch_codes, form_get(f, "in_touch"), fe);
    ui_select_codes(m, "activ", "Main activity", activ_codes, n_activ_codes, form_get(f, "activ"), fe);
    ui_select_codes(m, "accom", "Accommodation", accom_codes, n_accom_codes, form_get(f, "accom"), fe);
}

static int leaver_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                       struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date of the contact", true, fe);
    not_future(fe, "date", "date of the contact", d, c->r->today);
    return fe->n ? HE_INPUT
                 : st_leaver_contact(c->r->st, c->cf->id, seen, d, form_get(f, "in_touch"),
                                     form_get(f, "activ"), form_get(f, "accom"), e);
}

static void leaver_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "Recorded as the SSDA903 care leaver return (OC3) asks: in touch, main activity "
                  "and accommodation.");
}

static const char *const leaver_names[] = {"date", "in_touch", "activ", "accom", NULL};
static const struct stage_form leaver_form = {
    "care leaver contact form", "Care leaver contact", "Save the contact",
    leaver_unavailable, leaver_intro, leaver_fields, leaver_save, leaver_names, NULL};
void h_leaver_form(struct req *r, struct resp *out) { stage_form_get(r, out, &leaver_form); }
void h_leaver_post(struct req *r, struct resp *out) { stage_form_post(r, out, &leaver_form); }

/* ---- 6. closing the episode of need --------------------------------------------------- */
static const char *closure_unavailable(const struct stage_ctx *c)
{
    return open_episode(c->cf) ? NULL : "This child has no open episode of need.";
}

static void closure_intro(struct html *m, const struct stage_ctx *c)
{
    for (size_t i = c->cf->n_episodes; i-- > 0;)
        if (!c->cf->episodes[i].closure_date) {
            H(m, "<p class=\"govuk-body\">Episode of need opened by the referral of %D. Every "
                 "assessment must be authorised, every plan ended and every section 47 enquiry "
                 "concluded before it closes.</p>",
              c->cf->episodes[i].referral_date);
            return;
        }
}

static void closure_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                           const struct field_errors *fe)
{
    ui_date(m, "date", "Date the episode closed", "For example, 27 3 2026", f, fe);
    ui_select_codes(m, "reason", "Reason for closure", closure_reasons, n_closure_reasons,
                    form_get(f, "reason"), fe);
}

static int closure_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                        struct field_errors *fe, struct err *e)
{
    day_t d = form_date(f, "date", "date the episode closed", true, fe);
    not_future(fe, "date", "date the episode closed", d, c->r->today);
    const char *reason = form_get(f, "reason");
    if (!reason || !*reason)
        fe_add(fe, "reason", "Choose the reason for closure");
    rec_id episode = open_episode(c->cf);
    int rc = fe->n ? HE_INPUT : st_close_episode(c->r->st, c->cf->id, seen, d, reason, e);
    /* a worker's closure goes to their manager's tray for oversight (workflow.h) */
    if (rc == HE_OK && c->r->user.role != ROLE_TEAM_MANAGER && c->r->user.role != ROLE_ADMIN) {
        struct err we;
        int64_t id;
        err_clear(&we);
        if (wf_request_add(c->r->st, &c->r->user, "closure", c->cf->id, episode, NULL, c->r->now, &id, &we) != HE_OK)
            fprintf(stderr, "hearth serve: the closure of child %lld was not sent for oversight: %s\n",
                    (long long)c->cf->id, we.msg);
    }
    return rc;
}

static const char *const closure_names[] = {"date", "reason", NULL};
static const struct stage_form closure_form = {
    "closure form", "Close the episode of need", "Close the episode",
    closure_unavailable, closure_intro, closure_fields, closure_save, closure_names, NULL};
void h_closure_form(struct req *r, struct resp *out) { stage_form_get(r, out, &closure_form); }
void h_closure_post(struct req *r, struct resp *out) { stage_form_post(r, out, &closure_form); }

/* ---- 7. the family network ----------------------------------------------------------- */
static void family_intro(struct html *m, const struct stage_ctx *c)
{
    date_intro(m, "Add a relative already in hearth by their LA child ID, or a new person by name.");
}

static void family_fields(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    ui_select_codes(m, "kind", "Relationship to the child", relationship_kinds, n_relationship_kinds,
                    form_get(f, "kind"), fe);
    ui_yes_no(m, "household", "Do they live in the child's household?", form_get(f, "household"), fe);
    ui_text(m, "relative", "LA child ID of a person already in hearth (optional)", "For example, H0000123",
            form_text(f, "relative"), fe, 10);
    ui_text(m, "given", "Or a new person: first name", NULL, form_text(f, "given"), fe, 20);
    ui_text(m, "family", "Last name", NULL, form_text(f, "family"), fe, 20);
    ui_date(m, "dob", "Date of birth (optional)", "For example, 27 3 1990", f, fe);
}

static int family_save(const struct stage_ctx *c, const struct form *f, int64_t seen,
                       struct field_errors *fe, struct err *e)
{
    const char *kind = form_get(f, "kind");
    if (!kind || !*kind)
        fe_add(fe, "kind", "Choose how they are related to the child");
    int household = form_yes_no(f, "household");
    if (household < 0)
        fe_add(fe, "household", "Say whether they live in the child's household");
    struct st_relative w = {0};
    const char *la = form_text(f, "relative");
    w.given = form_text(f, "given");
    w.family = form_text(f, "family");
    w.dob = form_date(f, "dob", "date of birth", false, fe);
    not_future(fe, "dob", "date of birth", w.dob, c->r->today);
    if (*la) {
        if (strlen(la) > 40)
            fe_add(fe, "relative", "An LA child ID has at most 40 characters");
        else if (*w.given || *w.family)
            fe_add(fe, "given", "Give either an LA child ID or a new person's name, not both");
        w.la_child_id = la;
    } else {
        if (!*w.given)
            fe_add(fe, "given", "Enter the person's first name, or the LA child ID of someone in hearth");
        else if (strlen(w.given) > 60 || !name_valid(w.given))
            fe_add(fe, "given", "A first name has up to 60 letters, spaces, hyphens and apostrophes");
        if (!*w.family)
            fe_add(fe, "family", "Enter the person's last name");
        else if (strlen(w.family) > 60 || !name_valid(w.family))
            fe_add(fe, "family", "A last name has up to 60 letters, spaces, hyphens and apostrophes");
    }
    return fe->n ? HE_INPUT : st_relationship_add(c->r->st, c->cf->id, seen, &w, kind, household, e);
}

static const char *const family_names[] = {"kind", "relative", "household", "given", "family", "dob", NULL};
static const struct stage_form family_form = {
    "family network form", "Add to the family network", "Add", NULL, family_intro, family_fields,
    family_save, family_names, NULL};
void h_family_form(struct req *r, struct resp *out) { stage_form_get(r, out, &family_form); }
void h_family_post(struct req *r, struct resp *out) { stage_form_post(r, out, &family_form); }
