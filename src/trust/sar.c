/* sar: the subject access bundle (see sar.h). Reads through the store's interfaces only
 * (store_load_child, trust.h, audit.h), builds one JSON document with jansson and a summary
 * page with the escaping HTML layer, and writes both files whole or not at all (each is
 * written to a temporary name and renamed). */
#include "sar.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "../model/journey.h"
#include "../store/audit.h"
#include "../store/notes.h"
#include "../store/people.h"
#include "../store/content.h"
#include "../store/placements.h"
#include "../store/documents.h"
#include "../store/stages.h"
#include "../store/trust.h"
#include "../store/workflow.h"
#include "../store/voice.h"
#include "../store/audits.h"
#include "../store/early_help.h"
#include "../store/exploitation.h"
#include "../store/mash.h"
#include "../store/missing.h"
#include "../store/panels.h"
#include "../store/privfost.h"
#include "../web/form.h"
#include "../web/html.h"
#include "retention.h"

struct ctx {
    json_t *root, *review, *notes, *drafts, *views, *recorded;
    const struct child_file *c;
    struct sar_summary *sum;
    rec_id person;
};

static json_t *jdate(day_t d)
{
    if (d == DAY_NONE)
        return json_null();
    char s[11];
    date_format_iso(d, s);
    return json_string(s);
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *jtime(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];
    gmtime_r(&tt, &tm);
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(s);
}

/* A name that is not the subject's: kept, and listed for a reviewer to decide on. */
static json_t *third_party(struct ctx *x, const char *name, const char *where, const char *why)
{
    if (!name)
        return json_null();
    json_array_append_new(x->review, json_pack("{s:s, s:s, s:s}", "where", where, "text", name, "why", why));
    x->sum->review_items++;
    return json_pack("{s:s, s:b}", "name", name, "third_party", 1);
}

static bool subject_name(const struct child_file *c, const char *w, size_t n)
{
    const char *names[] = {c->person.given_name, c->person.family_name};
    for (int i = 0; i < 2; i++)
        if (names[i] && strlen(names[i]) == n && !strncasecmp(names[i], w, n))
            return true;
    return false;
}

/* Words in free text that look like names: capitalised, not opening a sentence, not the
 * subject's own. A reviewer's prompt, not a decision: it over-marks rather than misses. */
static json_t *possible_names(const struct child_file *c, const char *text)
{
    json_t *out = json_array();
    if (!text)
        return out;
    const char *p = text;
    bool sentence_start = true;
    while (*p) {
        if (isalpha((unsigned char)*p)) {
            const char *w = p;
            while (isalpha((unsigned char)*p) || *p == '\'' || *p == '-')
                p++;
            size_t n = (size_t)(p - w);
            if (!sentence_start && isupper((unsigned char)*w) && n > 1 && !subject_name(c, w, n)) {
                json_t *s = json_stringn(w, n);
                bool dup = false;
                size_t i;
                json_t *v;
                json_array_foreach(out, i, v) dup = dup || json_equal(v, s);
                if (dup)
                    json_decref(s);
                else
                    json_array_append_new(out, s);
            }
            sentence_start = false;
            continue;
        }
        if (*p == '.' || *p == '!' || *p == '?' || *p == '\n')
            sentence_start = true;
        p++;
    }
    return out;
}

static int on_note(void *vx, const struct tr_note *n)
{
    struct ctx *x = vx;
    char where[64];
    int i = (int)json_array_size(x->notes);
    snprintf(where, sizeof where, "case_notes[%d].recorded_by", i);
    json_t *by = third_party(x, n->recorded_by, where, "a member of staff");
    snprintf(where, sizeof where, "case_notes[%d].decided_by", i);
    json_t *dec = third_party(x, n->decided_by, where, "a member of staff");
    json_t *names = possible_names(x->c, n->concerns);
    if (n->concerns) {
        snprintf(where, sizeof where, "case_notes[%d].concerns", i);
        json_array_append_new(x->review,
                              json_pack("{s:s, s:s, s:O}", "where", where, "why",
                                        "free text written about the subject may name or describe other people",
                                        "possible_names", names));
        x->sum->review_items++;
    }
    json_array_append_new(x->notes,
                          json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "contact", (json_int_t)n->contact,
                                    "date", jdate(n->date), "source", jstr(n->source), "decision",
                                    jstr(n->decision), "concerns", jstr(n->concerns), "recorded_by", by,
                                    "recorded_at", n->recorded_at ? jtime(n->recorded_at) : json_null(),
                                    "decided_by", dec, "possible_third_party_names", names));
    x->sum->notes++;
    return 0;
}

static void add_draft(struct ctx *x, const struct tr_draft *d, const char *matched_by)
{
    char where[64];
    snprintf(where, sizeof where, "drafts[%d].worker", (int)json_array_size(x->drafts));
    json_array_append_new(x->drafts, json_pack("{s:o, s:s, s:s, s:o, s:s}", "worker",
                                               third_party(x, d->user, where, "a member of staff"),
                                               "form", d->key, "body", d->body ? d->body : "",
                                               "updated", jtime(d->updated), "matched_by", matched_by));
    x->sum->drafts++;
}

static int on_draft(void *vx, const struct tr_draft *d)
{
    add_draft(vx, d, "a form of their record");
    return 0;
}

/* Letters and digits only, upper case: how identifiers typed with spaces are compared. */
static void squeeze(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = in ? in : ""; *p && k + 1 < n; p++)
        if (isalnum((unsigned char)*p))
            out[k++] = (char)toupper((unsigned char)*p);
    out[k] = 0;
}

static bool same_name(const char *a, const char *b)
{
    while (a && isspace((unsigned char)*a))
        a++;
    size_t n = a ? strlen(a) : 0;
    while (n && isspace((unsigned char)a[n - 1]))
        n--;
    return n && b && strlen(b) == n && !strncasecmp(a, b, n);
}

/* A draft of a form that names no record (a contact about a new child): is it about the
 * subject? By the record it was opened from, an NHS number or UPN, or the name and date of
 * birth; a name alone (no date of birth typed yet) is included and marked for checking. */
static int on_loose_draft(void *vx, const struct tr_draft *d)
{
    struct ctx *x = vx;
    const struct person *p = &x->c->person;
    struct form f;
    struct err e;
    if (!d->body || form_parse(d->body, strlen(d->body), &f, &e) != HE_OK)
        return 0;
    char id[24], a[40], b[40];
    snprintf(id, sizeof id, "%lld", (long long)x->person);
    const char *why = NULL;
    if (!strcmp(form_text(&f, "child"), id))
        why = "opened from their record";
    squeeze(form_text(&f, "nhs"), a, sizeof a);
    squeeze(p->nhs_number, b, sizeof b);
    if (!why && *a && !strcmp(a, b))
        why = "their NHS number";
    squeeze(form_text(&f, "upn"), a, sizeof a);
    squeeze(p->upn, b, sizeof b);
    if (!why && *a && !strcmp(a, b))
        why = "their UPN";
    if (!why && same_name(form_text(&f, "given"), p->given_name) &&
        same_name(form_text(&f, "family"), p->family_name)) {
        int y = atoi(form_text(&f, "dob-year")), m = atoi(form_text(&f, "dob-month")),
            dd = atoi(form_text(&f, "dob-day"));
        day_t dob = y && m && dd ? date_from_ymd(y, m, dd) : DAY_NONE;
        if (dob && dob == p->dob)
            why = "their name and date of birth";
        else if (!*form_text(&f, "dob-year") && !*form_text(&f, "dob-month") && !*form_text(&f, "dob-day"))
            why = "their name only (no date of birth typed): check it is about them before disclosing";
    }
    if (why)
        add_draft(x, d, why);
    form_free(&f);
    return 0;
}

static int on_view(void *vx, const struct audit_entry *a)
{
    struct ctx *x = vx;
    char where[64];
    snprintf(where, sizeof where, "access_log[%d].viewer", (int)json_array_size(x->views));
    json_t *v = json_pack("{s:o, s:o, s:s, s:s}", "at", jtime(a->at), "viewer",
                          third_party(x, a->display, where, "a member of staff"), "role", a->role,
                          "page", a->page);
    if (a->reason[0])
        json_object_set_new(v, "break_glass_reason", json_string(a->reason));
    json_array_append_new(x->views, v);
    x->sum->views++;
    return 0;
}

/* ---- the journey records ---------------------------------------------------------------- */

#define ARR(name) json_t *name = json_array()
static json_t *records(const struct child_file *c, int *count)
{
    json_t *r = json_object();
    ARR(contacts); ARR(early_help); ARR(episodes); ARR(assessments); ARR(cin_plans); ARR(s47);
    ARR(cp_plans); ARR(cp_reviews); ARR(la_episodes); ARR(la_reviews); ARR(missing);
    ARR(care_leavers); ARR(outcomes); ARR(adoptions); ARR(placed); ARR(sw);
    for (size_t i = 0; i < c->n_contacts; i++)
        json_array_append_new(contacts, json_pack("{s:o, s:o, s:o, s:o}", "date", jdate(c->contacts[i].date),
                              "source", jstr(c->contacts[i].source), "decision", jstr(c->contacts[i].decision),
                              "decision_date", jdate(c->contacts[i].decision_date)));
    for (size_t i = 0; i < c->n_early_helps; i++)
        json_array_append_new(early_help, json_pack("{s:o, s:o, s:o}", "start", jdate(c->early_helps[i].start),
                              "end", jdate(c->early_helps[i].end), "organisation", jstr(c->early_helps[i].organisation)));
    for (size_t i = 0; i < c->n_episodes; i++) {
        const struct cin_episode *x = &c->episodes[i];
        json_array_append_new(episodes, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->episodes_id[i],
                              "CINreferralDate", jdate(x->referral_date), "ReferralSource", jstr(x->referral_source),
                              "PrimaryNeedCode", jstr(x->primary_need), "CINclosureDate", jdate(x->closure_date),
                              "ReasonForClosure", jstr(x->closure_reason)));
    }
    for (size_t i = 0; i < c->n_assessments; i++)
        json_array_append_new(assessments, json_pack("{s:I, s:o, s:o, s:o}", "episode", (json_int_t)c->assessments[i].episode,
                              "AssessmentActualStartDate", jdate(c->assessments[i].start), "AssessmentAuthorisationDate",
                              jdate(c->assessments[i].authorised), "AssessmentFactors", jstr(c->assessments[i].factors)));
    for (size_t i = 0; i < c->n_cin_plans; i++)
        json_array_append_new(cin_plans, json_pack("{s:I, s:o, s:o}", "episode", (json_int_t)c->cin_plans[i].episode,
                              "CINPlanStartDate", jdate(c->cin_plans[i].start), "CINPlanEndDate", jdate(c->cin_plans[i].end)));
    for (size_t i = 0; i < c->n_s47s; i++)
        json_array_append_new(s47, json_pack("{s:I, s:o, s:o, s:o}", "episode", (json_int_t)c->s47s[i].episode,
                              "S47ActualStartDate", jdate(c->s47s[i].start), "InitialCPCtarget",
                              jdate(c->s47s[i].icpc_target), "DateOfInitialCPC", jdate(c->s47s[i].icpc_date)));
    for (size_t i = 0; i < c->n_cp_plans; i++)
        json_array_append_new(cp_plans, json_pack("{s:I, s:o, s:o, s:o, s:o}", "episode", (json_int_t)c->cp_plans[i].episode,
                              "CPPstartDate", jdate(c->cp_plans[i].start), "CPPendDate", jdate(c->cp_plans[i].end),
                              "InitialCategoryOfAbuse", jstr(c->cp_plans[i].initial_category),
                              "LatestCategoryOfAbuse", jstr(c->cp_plans[i].latest_category)));
    for (size_t i = 0; i < c->n_cp_reviews; i++)
        json_array_append_new(cp_reviews, json_pack("{s:o}", "CPPreviewDate", jdate(c->cp_reviews[i].date)));
    for (size_t i = 0; i < c->n_la_episodes; i++) {
        const struct la_episode *x = &c->la_episodes[i];
        json_array_append_new(la_episodes, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "DECOM", jdate(x->decom),
                              "RNE", jstr(x->rne), "LS", jstr(x->ls), "CIN", jstr(x->cin), "PLACE", jstr(x->place),
                              "PLACE_PROVIDER", jstr(x->place_provider), "DEC", jdate(x->dec), "REC", jstr(x->rec)));
    }
    for (size_t i = 0; i < c->n_la_reviews; i++)
        json_array_append_new(la_reviews, json_pack("{s:o, s:o}", "REVIEW", jdate(c->la_reviews[i].date),
                              "REVIEW_CODE", jstr(c->la_reviews[i].code)));
    for (size_t i = 0; i < c->n_missing; i++)
        json_array_append_new(missing, json_pack("{s:o, s:o, s:o}", "MIS_START", jdate(c->missing[i].start),
                              "MIS_END", jdate(c->missing[i].end), "MISSING", jstr(c->missing[i].kind)));
    for (size_t i = 0; i < c->n_care_leavers; i++)
        json_array_append_new(care_leavers, json_pack("{s:i, s:o, s:o, s:o}", "year", c->care_leavers[i].year,
                              "IN_TOUCH", jstr(c->care_leavers[i].in_touch), "ACTIV", jstr(c->care_leavers[i].activ),
                              "ACCOM", jstr(c->care_leavers[i].accom)));
    for (size_t i = 0; i < c->n_la_outcomes; i++)
        json_array_append_new(outcomes, json_pack("{s:i, s:o}", "year", c->la_outcomes[i].year, "SDQ_SCORE",
                              jstr(c->la_outcomes[i].sdq_score)));
    for (size_t i = 0; i < c->n_adoptions; i++)
        json_array_append_new(adoptions, json_pack("{s:o, s:o}", "DATE_INT", jdate(c->adoptions[i].date_int),
                              "DATE_MATCH", jdate(c->adoptions[i].date_match)));
    for (size_t i = 0; i < c->n_placed_adoptions; i++)
        json_array_append_new(placed, json_pack("{s:o, s:o, s:o}", "DATE_PLACED", jdate(c->placed_adoptions[i].date_placed),
                              "DATE_PLACED_CEASED", jdate(c->placed_adoptions[i].date_placed_ceased),
                              "REASON_PLACED_CEASED", jstr(c->placed_adoptions[i].reason_placed_ceased)));
    for (size_t i = 0; i < c->n_sw_episodes; i++)
        json_array_append_new(sw, json_pack("{s:o, s:o, s:o}", "SW_ID", jstr(c->sw_episodes[i].sw_id),
                              "SW_DECOM", jdate(c->sw_episodes[i].decom), "SW_DEC", jdate(c->sw_episodes[i].dec)));
    json_object_set_new(r, "contacts", contacts);
    json_object_set_new(r, "early_help", early_help);
    json_object_set_new(r, "cin_episodes", episodes);
    json_object_set_new(r, "assessments", assessments);
    json_object_set_new(r, "cin_plans", cin_plans);
    json_object_set_new(r, "s47_enquiries", s47);
    json_object_set_new(r, "cp_plans", cp_plans);
    json_object_set_new(r, "cp_reviews", cp_reviews);
    json_object_set_new(r, "looked_after_episodes", la_episodes);
    json_object_set_new(r, "looked_after_reviews", la_reviews);
    json_object_set_new(r, "missing_episodes", missing);
    json_object_set_new(r, "care_leaver", care_leavers);
    json_object_set_new(r, "outcomes", outcomes);
    json_object_set_new(r, "adoption", adoptions);
    json_object_set_new(r, "placed_for_adoption", placed);
    json_object_set_new(r, "social_worker_episodes", sw);
    json_t *dolos = json_array();
    for (size_t i = 0; i < c->n_dolos; i++)
        json_array_append_new(dolos, json_pack("{s:o, s:o}", "DOLO_START", jdate(c->dolos[i].start),
                              "DOLO_END", jdate(c->dolos[i].end)));
    json_object_set_new(r, "deprivation_of_liberty_orders", dolos);
    *count = (int)(c->n_contacts + c->n_early_helps + c->n_episodes + c->n_assessments + c->n_cin_plans +
                   c->n_s47s + c->n_cp_plans + c->n_cp_reviews + c->n_la_episodes + c->n_la_reviews +
                   c->n_missing + c->n_care_leavers + c->n_la_outcomes + c->n_adoptions +
                   c->n_placed_adoptions + c->n_sw_episodes + c->n_prev_perms + c->n_uascs + c->n_dolos);
    return r;
}
#undef ARR

/* What the stage forms record beyond the returns (migration 7): visits, return home
 * interviews, pathway plans, care leaver contacts, why plans ended, and the family network,
 * whose members are third parties marked for redaction review. */
static void extra_records(struct ctx *x, json_t *r, const struct child_extra *ex, int *count)
{
    json_t *visits = json_array(), *interviews = json_array(), *pathway = json_array(),
           *leaver = json_array(), *ends = json_array(), *family = json_array();
    for (size_t i = 0; i < ex->n_visits; i++)
        json_array_append_new(visits, json_pack("{s:o, s:b}", "date", jdate(ex->visits[i].date),
                                                "seen_alone", ex->visits[i].seen_alone == 1));
    for (size_t i = 0; i < ex->n_interviews; i++) {
        const struct return_interview *v = &ex->interviews[i];
        json_array_append_new(interviews,
                              json_pack("{s:I, s:i, s:o, s:i, s:o}", "missing_episode", (json_int_t)v->missing,
                                        "offered", v->offered, "offered_date", jdate(v->offered_date),
                                        "accepted", v->accepted, "interview_date", jdate(v->date)));
    }
    for (size_t i = 0; i < ex->n_pathway_plans; i++)
        json_array_append_new(pathway, json_pack("{s:o}", "date", jdate(ex->pathway_plans[i].date)));
    for (size_t i = 0; i < ex->n_leaver_contacts; i++) {
        const struct leaver_contact *v = &ex->leaver_contacts[i];
        json_array_append_new(leaver, json_pack("{s:o, s:o, s:o, s:o}", "date", jdate(v->date), "IN_TOUCH",
                                                jstr(v->in_touch), "ACTIV", jstr(v->activ), "ACCOM",
                                                jstr(v->accom)));
    }
    for (size_t i = 0; i < ex->n_plan_ends; i++)
        json_array_append_new(ends, json_pack("{s:I, s:o}", "cp_plan", (json_int_t)ex->plan_ends[i].plan,
                                              "reason", jstr(ex->plan_ends[i].reason)));
    for (size_t i = 0; i < ex->n_relationships; i++) {
        const struct relationship *v = &ex->relationships[i];
        char name[256];
        snprintf(name, sizeof name, "%s %s", v->given ? v->given : "", v->family ? v->family : "");
        json_array_append_new(family,
                              json_pack("{s:o, s:o, s:b, s:o}", "relationship", jstr(v->kind), "person",
                                        third_party(x, name, "family network", "a member of the family network"),
                                        "household", v->household == 1, "dob", jdate(v->dob)));
    }
    json_object_set_new(r, "statutory_visits", visits);
    json_object_set_new(r, "return_interviews", interviews);
    json_object_set_new(r, "pathway_plans", pathway);
    json_object_set_new(r, "care_leaver_contacts", leaver);
    json_object_set_new(r, "cp_plan_end_reasons", ends);
    json_object_set_new(r, "family_network", family);
    *count += (int)(ex->n_visits + ex->n_interviews + ex->n_pathway_plans + ex->n_leaver_contacts +
                    ex->n_plan_ends + ex->n_relationships);
}

/* ---- the child as a person (migration 13) -------------------------------------------- */
/* Details beyond the returns', the address history, the professionals involved (third
 * parties) and every change made to the details, with who made it. */
static json_t *free_text(struct ctx *x, const char *text, const char *where);

static int people_records(struct ctx *x, struct store *s, json_t *r, int *count, struct err *e)
{
    struct people_file pf;
    int rc = people_load(s, x->person, &pf, e);
    if (rc != HE_OK) {
        people_file_free(&pf);
        return rc;
    }
    json_t *details = json_object(), *addresses = json_array(), *pros = json_array(), *changes = json_array();
    for (int i = 0; i < n_people_fields; i++)
        if (pf.detail[i] && !people_fields[i].in_person)
            json_object_set_new(details, people_fields[i].key,
                                !strcmp(people_fields[i].key, "portrait")
                                    ? free_text(x, pf.detail[i], "details.portrait")
                                    : json_string(pf.detail[i]));
    for (int i = 0; i < pf.n_addresses; i++)
        json_array_append_new(addresses, json_pack("{s:s, s:s, s:o, s:o}", "address", pf.addresses[i].line,
                                                   "postcode", pf.addresses[i].postcode, "from",
                                                   jdate(pf.addresses[i].start), "to", jdate(pf.addresses[i].end)));
    for (int i = 0; i < pf.n_pros; i++) {
        const struct people_professional *p = &pf.pros[i];
        json_array_append_new(pros, json_pack("{s:s, s:o, s:s, s:s, s:o, s:o}", "role", p->role, "person",
                                              third_party(x, p->name, "professionals", "a professional involved"),
                                              "agency", p->agency, "contact", p->contact, "from", jdate(p->start),
                                              "to", jdate(p->end)));
    }
    for (int i = 0; i < pf.n_changes; i++) {
        const struct people_change *c = &pf.changes[i];
        json_array_append_new(changes, json_pack("{s:s, s:o, s:o, s:o, s:o}", "detail", c->field, "was",
                                                 jstr(c->old_value), "now", jstr(c->new_value), "changed_by",
                                                 third_party(x, c->by, "details_changes", "a member of staff"),
                                                 "at", jtime(c->at)));
    }
    json_object_set_new(r, "details", details);
    json_object_set_new(r, "addresses", addresses);
    json_object_set_new(r, "professionals", pros);
    json_object_set_new(r, "details_changes", changes);
    *count += (int)json_object_size(details) + pf.n_addresses + pf.n_pros + pf.n_changes;
    people_file_free(&pf);
    struct people_alerts al;
    if ((rc = people_alerts(s, x->person, DAY_NONE, &al, e)) == HE_OK) {
        json_t *alerts = json_array();
        for (int i = 0; i < al.n; i++)
            json_array_append_new(alerts, json_pack("{s:s, s:o, s:o, s:o}", "alert", al.v[i].kind, "reason",
                                                    free_text(x, al.v[i].reason, "alerts.reason"), "from",
                                                    jdate(al.v[i].start), "to", jdate(al.v[i].end)));
        json_object_set_new(r, "alerts", alerts);
        *count += al.n;
    }
    people_alerts_free(&al);
    return rc;
}

/* Placements with their carers (third parties, marked for redaction review) and the
 * health and education records of migration 15. */
static int placement_records(struct ctx *x, struct store *s, json_t *r, const struct child_extra *ex, int *count,
                             struct err *e)
{
    struct arena mem = {0};
    struct pl_placement p[256];
    int n = 0;
    int rc = pl_child_placements(s, x->person, &mem, p, 256, &n, e);
    json_t *placed = json_array(), *health = json_array();
    for (int i = 0; rc == HE_OK && i < n; i++)
        json_array_append_new(placed, json_pack("{s:o, s:o, s:o, s:o, s:s, s:I, s:I, s:i}", "from", jdate(p[i].start),
                                                "to", jdate(p[i].end), "PLACE", jstr(p[i].place), "carer",
                                                third_party(x, p[i].carer_name, "placements", "a carer or provider"),
                                                "postcode", p[i].postcode, "weekly_cost_pence",
                                                (json_int_t)p[i].weekly_cost, "distance_m", (json_int_t)p[i].distance_m,
                                                "in_area", p[i].in_area));
    for (size_t i = 0; i < ex->n_health; i++) {
        const struct health_record *h = &ex->health[i];
        json_array_append_new(health, json_pack("{s:s, s:o, s:i, s:i, s:o}", "kind", h->kind, "date", jdate(h->date),
                                                "sdq_score", h->sdq_score, "up_to_date", h->up_to_date, "note",
                                                h->note ? free_text(x, h->note, "health records") : json_null()));
    }
    json_object_set_new(r, "placements", placed);
    json_object_set_new(r, "health_and_education", health);
    *count += n + (int)ex->n_health;
    arena_free(&mem);
    return rc;
}

/* ---- the content of the work (migration 10) ------------------------------------------ */
/* Free text written about the subject, kept whole; the names it may hold are listed for
 * redaction review. */
static json_t *free_text(struct ctx *x, const char *text, const char *where)
{
    if (!text)
        return json_null();
    json_t *names = possible_names(x->c, text);
    if (json_array_size(names)) {
        json_array_append_new(x->review, json_pack("{s:s, s:s, s:O}", "where", where, "why",
                                                   "free text written about the subject may name or "
                                                   "describe other people",
                                                   "possible_names", names));
        x->sum->review_items++;
    }
    json_decref(names);
    return json_string(text);
}

static json_t *attendees(struct ctx *x, const struct ct_meeting *m, const char *where)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m->n_attendees; i++) {
        char w[160];
        snprintf(w, sizeof w, "%s.attendees[%zu]", where, i);
        json_array_append_new(a, json_pack("{s:o, s:o}", "person",
                                           third_party(x, m->attendees[i].name, w, "took part in a meeting"),
                                           "agency", jstr(m->attendees[i].agency)));
    }
    return a;
}

static json_t *meeting_json(struct ctx *x, const struct ct_meeting *m, const char *where)
{
    char w[160], b[160];
    snprintf(w, sizeof w, "%s.recorded_by", where);
    json_t *j = json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id, "kind", m->kind, "date",
                          jdate(m->date), "decision", jstr(m->decision), "recorded_by",
                          third_party(x, m->by, w, "a member of staff"));
    json_object_set_new(j, "attendees", attendees(x, m, where));
    snprintf(b, sizeof b, "%s.shared", where);
    json_object_set_new(j, "shared", free_text(x, m->shared, b));
    snprintf(b, sizeof b, "%s.decisions", where);
    json_object_set_new(j, "decisions", free_text(x, m->decisions, b));
    snprintf(b, sizeof b, "%s.minutes", where);
    json_object_set_new(j, "minutes", free_text(x, m->minutes, b));
    json_object_set_new(j, "recorded_at", jtime(m->at));
    return j;
}

/* What assessments say and each step of their authorisation, every meeting, every plan
 * with its actions and their history: all of it, not a page. */
static int content_records(struct ctx *x, struct store *s, json_t *r, int *count, struct err *e)
{
    json_t *assess = json_array(), *meetings = json_array(), *plans = json_array();
    json_object_set_new(r, "assessments_written", assess);
    json_object_set_new(r, "meetings", meetings);
    json_object_set_new(r, "plans", plans);
    char w[96];
    struct ct_assessment_list al;
    int rc = ct_assessment_list(s, x->person, 100000, &al, e);
    for (size_t i = 0; rc == HE_OK && i < al.n; i++) {
        if (!al.a[i].status)
            continue; /* nothing written: the CIN census record says it all */
        struct ct_assessment_view v;
        bool found;
        if ((rc = ct_assessment_get(s, x->person, al.a[i].id, &v, &found, e)) != HE_OK)
            break;
        const struct ct_assessment_text *t = &v.a.text;
        const char *names[] = {"child_needs", "parenting", "family_env", "analysis", "wishes", "recommendation"};
        const char *vals[] = {t->child_needs, t->parenting, t->family_env, t->analysis, t->wishes, t->recommendation};
        json_t *a = json_pack("{s:I, s:o, s:o, s:s, s:o}", "assessment", (json_int_t)v.a.id, "start",
                              jdate(v.a.start), "authorised", jdate(v.a.authorised), "status", v.a.status,
                              "outcome", jstr(t->outcome));
        for (int k = 0; k < 6; k++) {
            snprintf(w, sizeof w, "assessments_written[%zu].%s", json_array_size(assess), names[k]);
            json_object_set_new(a, names[k], free_text(x, vals[k], w));
        }
        json_t *steps = json_array();
        for (size_t k = 0; k < v.n_steps; k++) {
            snprintf(w, sizeof w, "assessments_written[%zu].steps[%zu].by", json_array_size(assess), k);
            json_t *st = json_pack("{s:s, s:o, s:o}", "step", v.steps[k].step, "by",
                                   third_party(x, v.steps[k].by, w, "a member of staff"), "at",
                                   jtime(v.steps[k].at));
            snprintf(w, sizeof w, "assessments_written[%zu].steps[%zu].comment", json_array_size(assess), k);
            json_object_set_new(st, "comment", free_text(x, v.steps[k].comment, w));
            json_array_append_new(steps, st);
        }
        json_object_set_new(a, "steps", steps);
        json_array_append_new(assess, a);
        ct_assessment_view_free(&v);
    }
    ct_assessment_list_free(&al);
    struct ct_meeting_page mp;
    if (rc == HE_OK && (rc = ct_meeting_list(s, x->person, 0, 1000000, &mp, e)) == HE_OK) {
        for (size_t i = mp.n; i-- > 0;) { /* oldest first */
            snprintf(w, sizeof w, "meetings[%zu]", json_array_size(meetings));
            json_array_append_new(meetings, meeting_json(x, &mp.m[i], w));
        }
        ct_meeting_page_free(&mp);
    }
    struct ct_plan_page pp;
    if (rc == HE_OK && (rc = ct_plan_list(s, x->person, 0, 1000000, &pp, e)) == HE_OK) {
        for (size_t i = pp.n; rc == HE_OK && i-- > 0;) {
            struct ct_plan_view v;
            bool found;
            if ((rc = ct_plan_get(s, x->person, pp.plans[i].id, &v, &found, e)) != HE_OK)
                break;
            size_t at = json_array_size(plans);
            snprintf(w, sizeof w, "plans[%zu].recorded_by", at);
            json_t *p = json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)v.p.id, "kind", v.p.kind, "start",
                                  jdate(v.p.start), "recorded_by", third_party(x, v.p.by, w, "a member of staff"));
            snprintf(w, sizeof w, "plans[%zu].needs", at);
            json_object_set_new(p, "needs", free_text(x, v.p.needs, w));
            snprintf(w, sizeof w, "plans[%zu].outcomes", at);
            json_object_set_new(p, "outcomes", free_text(x, v.p.outcomes, w));
            json_t *acts = json_array(), *hist = json_array();
            for (size_t k = 0; k < v.n_actions; k++) {
                snprintf(w, sizeof w, "plans[%zu].actions[%zu].owner", at, k);
                json_t *a = json_pack("{s:i, s:o, s:o, s:s}", "number", v.actions[k].seq, "owner",
                                      third_party(x, v.actions[k].owner, w, "owns an action of the plan"),
                                      "due", jdate(v.actions[k].due), "status", v.actions[k].status);
                snprintf(w, sizeof w, "plans[%zu].actions[%zu].action", at, k);
                json_object_set_new(a, "action", free_text(x, v.actions[k].action, w));
                json_array_append_new(acts, a);
            }
            for (size_t k = 0; k < v.n_updates; k++) {
                const struct ct_action_update *u = &v.updates[k];
                snprintf(w, sizeof w, "plans[%zu].action_history[%zu].by", at, k);
                json_t *h = json_pack("{s:I, s:s, s:o, s:o}", "action", (json_int_t)u->action, "status", u->status,
                                      "by", third_party(x, u->by, w, "a member of staff"), "at", jtime(u->at));
                snprintf(w, sizeof w, "plans[%zu].action_history[%zu].note", at, k);
                json_object_set_new(h, "note", free_text(x, u->note, w));
                if (u->meeting)
                    json_object_set_new(h, "meeting", json_integer((json_int_t)u->meeting));
                json_array_append_new(hist, h);
            }
            json_object_set_new(p, "actions", acts);
            json_object_set_new(p, "action_history", hist);
            json_array_append_new(plans, p);
            *count += (int)(v.n_actions + v.n_updates);
            ct_plan_view_free(&v);
        }
        ct_plan_page_free(&pp);
    }
    *count += (int)(json_array_size(assess) + json_array_size(meetings) + json_array_size(plans));
    return rc;
}

/* Free text in the work on the child (a transfer summary, a comment, a reason): kept, and
 * put to the reviewer with the words that look like names. */
static json_t *work_text(struct ctx *x, const char *text, const char *where)
{
    if (!text || !*text)
        return json_null();
    json_array_append_new(x->review, json_pack("{s:s, s:s, s:o}", "where", where, "why",
                                               "free text written about the subject may name or describe other people",
                                               "possible_names", possible_names(x->c, text)));
    x->sum->review_items++;
    return json_string(text);
}

/* The work on the child: moves between teams, authorisation requests, tasks (workflow.h). */
static int workflow(struct store *s, struct ctx *x, struct err *e)
{
    struct wf_move *mv = NULL;
    struct wf_request *q = NULL;
    struct wf_task *t = NULL;
    size_t nm = 0, nq = 0, nt = 0;
    int rc = wf_moves(s, x->person, &mv, &nm, e);
    if (rc == HE_OK)
        rc = wf_requests_for(s, x->person, &q, &nq, e);
    if (rc == HE_OK)
        rc = wf_tasks_for(s, x->person, &t, &nt, e);
    json_t *moves = json_array(), *auths = json_array(), *tasks = json_array();
    char where[96];
    for (size_t i = 0; rc == HE_OK && i < nm; i++) {
        snprintf(where, sizeof where, "work.team_moves[%zu].by", i);
        json_t *by = third_party(x, mv[i].by, where, "a member of staff");
        snprintf(where, sizeof where, "work.team_moves[%zu].summary", i);
        json_array_append_new(moves, json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:o}", "kind", mv[i].kind, "day",
                                               jdate(mv[i].day), "at", jtime(mv[i].at), "from", mv[i].from, "to",
                                               mv[i].to, "by", by, "summary", work_text(x, mv[i].summary, where)));
    }
    for (size_t i = 0; rc == HE_OK && i < nq; i++) {
        snprintf(where, sizeof where, "work.authorisations[%zu].requested_by", i);
        json_t *by = third_party(x, q[i].by, where, "a member of staff");
        snprintf(where, sizeof where, "work.authorisations[%zu].decided_by", i);
        json_t *dec = q[i].decided_by[0] ? third_party(x, q[i].decided_by, where, "a member of staff") : json_null();
        char w2[96];
        snprintf(where, sizeof where, "work.authorisations[%zu].note", i);
        snprintf(w2, sizeof w2, "work.authorisations[%zu].comment", i);
        json_array_append_new(auths, json_pack("{s:s, s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "kind",
                                               q[i].kind, "record", (json_int_t)q[i].record, "team", q[i].team,
                                               "requested_by", by, "requested_at", jtime(q[i].requested_at),
                                               "note", work_text(x, q[i].note, where), "state", q[i].state,
                                               "comment", work_text(x, q[i].comment, w2), "decided_by", dec,
                                               "decided_at", q[i].decided_at ? jtime(q[i].decided_at) : json_null()));
    }
    for (size_t i = 0; rc == HE_OK && i < nt; i++) {
        snprintf(where, sizeof where, "work.tasks[%zu].assigned_to", i);
        json_t *to = third_party(x, t[i].assigned, where, "a member of staff");
        snprintf(where, sizeof where, "work.tasks[%zu].set_by", i);
        json_t *by = third_party(x, t[i].set_by_name, where, "a member of staff");
        char w2[96];
        snprintf(where, sizeof where, "work.tasks[%zu].title", i);
        snprintf(w2, sizeof w2, "work.tasks[%zu].reason", i);
        json_array_append_new(tasks, json_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "title",
                                               work_text(x, t[i].title, where), "assigned_to", to, "set_by", by,
                                               "due", jdate(t[i].due), "state", t[i].state, "reason",
                                               work_text(x, t[i].reason, w2), "set_at", jtime(t[i].created),
                                               "closed_at", t[i].closed_at ? jtime(t[i].closed_at) : json_null()));
    }
    json_object_set_new(x->root, "work",
                        json_pack("{s:o, s:o, s:o}", "team_moves", moves, "authorisations", auths, "tasks", tasks));
    x->sum->records += (int)(nm + nq + nt);
    wf_moves_free(mv, nm);
    free(q);
    free(t);
    return rc;
}

/* The child's voice (their own words are theirs; who recorded them is marked) and audits of
 * the child's file (migration 21): what the auditor found and the family's feedback are put
 * to the reviewer as free text. */
static int voice_and_audits(struct store *s, struct ctx *x, struct err *e)
{
    json_t *voices = json_array(), *audits = json_array();
    json_object_set_new(x->root, "voice", voices);
    json_object_set_new(x->root, "audits", audits);
    char where[96];
    for (int offset = 0;; offset += 200) {
        struct voice *v = NULL;
        int n = 0;
        bool more = false;
        int rc = voice_list(s, x->person, 0, 0, offset, 200, &v, &n, &more, e);
        if (rc != HE_OK)
            return rc;
        for (int i = 0; i < n; i++) {
            snprintf(where, sizeof where, "voice[%zu].recorded_by", json_array_size(voices));
            json_array_append_new(voices, json_pack("{s:o, s:s, s:o, s:o, s:o}", "day", jdate(v[i].day), "how",
                                                    v[i].how, "words", jstr(v[i].words), "drawing_document",
                                                    v[i].document ? json_integer((json_int_t)v[i].document)
                                                                  : json_null(),
                                                    "recorded_by", third_party(x, v[i].by, where, "a member of staff")));
        }
        x->sum->records += n;
        voices_free(v, n);
        if (!more)
            break;
    }
    struct audit *a = NULL;
    int n = 0;
    struct audit_filter f = {.person = x->person};
    int rc = audit_list(s, &f, 10000, &a, &n, e);
    for (int i = 0; rc == HE_OK && i < n; i++) {
        struct audit_view v;
        bool found = false;
        if ((rc = audit_get(s, a[i].id, &v, &found, e)) != HE_OK || !found)
            continue;
        size_t k = json_array_size(audits);
        snprintf(where, sizeof where, "audits[%zu].auditor", k);
        json_t *auditor = third_party(x, v.a.auditor_name, where, "a member of staff");
        snprintf(where, sizeof where, "audits[%zu].worker", k);
        json_t *worker = third_party(x, v.a.worker_name, where, "a member of staff");
        char w2[96];
        snprintf(where, sizeof where, "audits[%zu].summary", k);
        snprintf(w2, sizeof w2, "audits[%zu].feedback", k);
        json_array_append_new(audits, json_pack("{s:o, s:s, s:o, s:o, s:s, s:o, s:o}", "day", jdate(v.a.day), "grade",
                                                v.a.grade, "auditor", auditor, "worker", worker, "feedback_from",
                                                v.a.feedback_from, "summary", work_text(x, v.a.summary, where),
                                                "feedback", work_text(x, v.a.feedback, w2)));
        x->sum->records++;
        audit_view_free(&v);
    }
    audits_free(a, n);
    return rc;
}

/* ---- the wider service ------------------------------------------------------------------ */
static const char *yes_no(int v)
{
    return v < 0 ? NULL : v ? "yes" : "no";
}

static json_t *early_help_json(struct ctx *x, const struct eh_episode *ep, size_t k)
{
    char where[96];
    json_t *team = json_array(), *meetings = json_array(), *outcomes = json_array(), *problems = json_array();
    for (int i = 0; i < ep->n_members; i++) {
        snprintf(where, sizeof where, "early_help[%zu].team[%d]", k, i);
        json_array_append_new(team, json_pack("{s:o, s:o, s:o, s:o, s:o}", "person",
                                              third_party(x, ep->members[i].name, where, "a professional"),
                                              "role", jstr(ep->members[i].role), "agency", jstr(ep->members[i].agency),
                                              "start", jdate(ep->members[i].start), "end", jdate(ep->members[i].end)));
    }
    for (int i = 0; i < ep->n_meetings; i++) {
        char w2[96];
        snprintf(where, sizeof where, "early_help[%zu].meetings[%d].attended", k, i);
        snprintf(w2, sizeof w2, "early_help[%zu].meetings[%d].summary", k, i);
        json_array_append_new(meetings, json_pack("{s:o, s:o, s:o, s:o}", "date", jdate(ep->meetings[i].date), "next",
                                                  jdate(ep->meetings[i].next), "attended",
                                                  work_text(x, ep->meetings[i].attended, where), "summary",
                                                  work_text(x, ep->meetings[i].summary, w2)));
    }
    for (int i = 0; i < ep->n_outcomes; i++) {
        snprintf(where, sizeof where, "early_help[%zu].outcomes[%d].note", k, i);
        const struct eh_outcome *o = &ep->outcomes[i];
        json_array_append_new(outcomes, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "outcome", jstr(o->outcome),
                                                  "start", jdate(o->start), "review_by", jdate(o->review_by),
                                                  "status", jstr(o->status), "reviewed", jdate(o->reviewed), "note",
                                                  work_text(x, o->note, where)));
    }
    for (int i = 0; i < ep->n_problems; i++) {
        const struct sf_problem *pr = &ep->problems[i];
        char w2[96];
        snprintf(where, sizeof where, "early_help[%zu].stronger_families[%d].evidence", k, i);
        snprintf(w2, sizeof w2, "early_help[%zu].stronger_families[%d].plan", k, i);
        json_array_append_new(problems, json_pack("{s:o, s:o, s:o, s:o, s:o}", "problem", jstr(pr->problem),
                                                  "evidence", work_text(x, pr->evidence, where), "plan",
                                                  work_text(x, pr->plan, w2), "result", jstr(pr->result),
                                                  "result_date", jdate(pr->result_date)));
    }
    snprintf(where, sizeof where, "early_help[%zu].lead", k);
    json_t *lead = third_party(x, ep->lead.name, where, "the lead professional");
    char wn[96];
    snprintf(wn, sizeof wn, "early_help[%zu].needs", k);
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:{s:o, s:b, s:o}}",
                     "start", jdate(ep->start), "end", jdate(ep->end), "organisation", jstr(ep->organisation),
                     "from", jstr(ep->from), "outcome", jstr(ep->outcome), "lead_professional", lead,
                     "assessment", "started", jdate(ep->assessment_start), "completed", jdate(ep->assessment_done),
                     "needs", work_text(x, ep->needs, wn), "team_around_the_family", team, "meetings", meetings,
                     "family_plan", outcomes, "stronger_families", "attached", jdate(ep->attached), "claimed",
                     ep->claimed, "problems", problems);
}

static json_t *panel_json(struct ctx *x, struct store *s, const struct pn_referral *r, size_t k, int *count,
                          int *rc, struct err *e)
{
    char where[96];
    json_t *meetings = json_array(), *hearings = json_array();
    struct pn_meeting *m = NULL;
    size_t nm = 0;
    if ((*rc = pn_meetings(s, r->id, &m, &nm, e)) == HE_OK) {
        for (size_t i = 0; i < nm; i++) {
            char w2[96];
            snprintf(where, sizeof where, "panels[%zu].meetings[%zu].minutes", k, i);
            snprintf(w2, sizeof w2, "panels[%zu].meetings[%zu].by", k, i);
            json_array_append_new(meetings, json_pack("{s:o, s:s, s:o, s:o, s:o}", "day", jdate(m[i].day), "decision",
                                                      m[i].decision, "minutes", work_text(x, m[i].minutes, where),
                                                      "next_review", jdate(m[i].next_review), "recorded_by",
                                                      third_party(x, m[i].by, w2, "a member of staff")));
        }
        *count += (int)nm;
        pn_meetings_free(m, nm);
    }
    struct pn_hearing *h = NULL;
    size_t nh = 0;
    if (*rc == HE_OK && (*rc = pn_hearings(s, r->id, &h, &nh, e)) == HE_OK) {
        for (size_t i = 0; i < nh; i++) {
            snprintf(where, sizeof where, "panels[%zu].hearings[%zu].note", k, i);
            json_array_append_new(hearings, json_pack("{s:o, s:s, s:o}", "day", jdate(h[i].day), "kind", h[i].kind,
                                                      "note", work_text(x, h[i].note, where)));
        }
        *count += (int)nh;
        free(h);
    }
    char w1[96], w2[96];
    snprintf(w1, sizeof w1, "panels[%zu].reason", k);
    snprintf(w2, sizeof w2, "panels[%zu].referred_by", k);
    return json_pack("{s:s, s:o, s:o, s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o}, s:o, s:o}", "panel", r->kind,
                     "referred", jdate(r->referred), "reason", work_text(x, r->reason, w1), "referred_by",
                     third_party(x, r->referred_by, w2, "a member of staff"), "edge_of_care", "weeks",
                     r->eoc_weeks < 0 ? json_null() : json_integer(r->eoc_weeks), "stayed_out_of_care",
                     jstr(yes_no(r->eoc_stayed_out)), "recorded", jdate(r->eoc_day), "proceedings",
                     "letter_before_proceedings", jdate(r->letter_day), "issued", jdate(r->issue_day), "final_order",
                     jdate(r->order_day), "order", r->order_kind[0] ? json_string(r->order_kind) : json_null(),
                     "meetings", meetings, "hearings", hearings);
}

/* Early help, exploitation screenings, missing episodes, private fostering, panels and court,
 * the hub's work (migrations 18-26): the child's as the record shows them; professionals' and
 * staff's names, the people linked to a screening and the private foster carer are put to
 * the reviewer. */
static int wider_service(struct store *s, struct ctx *x, struct err *e)
{
    json_t *eh = json_array(), *xp = json_array(), *mis = json_array(), *pn = json_array(), *hub = json_array();
    json_object_set_new(x->root, "early_help", eh);
    json_object_set_new(x->root, "exploitation_screenings", xp);
    json_object_set_new(x->root, "missing_episodes", mis);
    json_object_set_new(x->root, "panels", pn);
    json_object_set_new(x->root, "hub", hub);
    struct eh_file f;
    int rc = eh_load(s, x->person, &f, e);
    if (rc != HE_OK)
        return rc;
    for (int i = 0; i < f.n_episodes; i++)
        json_array_append_new(eh, early_help_json(x, &f.episodes[i], (size_t)i));
    x->sum->records += f.n_episodes;
    eh_file_free(&f);

    struct xp_list xl;
    if ((rc = xp_list(s, x->person, &xl, e)) != HE_OK)
        return rc;
    for (int i = 0; i < xl.n; i++) {
        const struct xp_screening *v = &xl.v[i];
        char where[96];
        json_t *links = json_array(), *support = json_array();
        for (int j = 0; j < v->n_links; j++) {
            char name[160];
            snprintf(name, sizeof name, "%s %s", v->links[j].given ? v->links[j].given : "",
                     v->links[j].family ? v->links[j].family : "");
            snprintf(where, sizeof where, "exploitation_screenings[%d].people_of_concern[%d]", i, j);
            json_array_append_new(links, json_pack("{s:o, s:o}", "person",
                                                   third_party(x, name, where, "a person linked to the concern"),
                                                   "role", jstr(v->links[j].role)));
        }
        for (int j = 0; j < v->n_support; j++)
            json_array_append_new(support, json_pack("{s:o, s:o, s:o}", "kind", jstr(v->support[j].kind), "start",
                                                     jdate(v->support[j].start), "end", jdate(v->support[j].end)));
        char w1[96], w2[96], w3[96];
        snprintf(w1, sizeof w1, "exploitation_screenings[%d].judgement", i);
        snprintf(w2, sizeof w2, "exploitation_screenings[%d].by", i);
        snprintf(w3, sizeof w3, "exploitation_screenings[%d].manager", i);
        json_array_append_new(
            xp, json_pack("{s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "screened",
                          jdate(v->screened), "score", v->score, "kinds", jstr(v->kinds), "factors", jstr(v->factors),
                          "tool_grade", jstr(v->tool_grade), "grade", jstr(v->grade), "judgement",
                          work_text(x, v->judgement, w1), "source", jstr(v->source), "route", jstr(v->route),
                          "screened_by", third_party(x, v->by, w2, "a member of staff"), "manager",
                          third_party(x, v->manager, w3, "a member of staff"), "people_of_concern", links,
                          "support", support));
    }
    x->sum->records += xl.n;
    xp_list_free(&xl);

    struct mis_list ml;
    if ((rc = mis_list(s, x->person, &ml, e)) != HE_OK)
        return rc;
    for (int i = 0; i < ml.n; i++) {
        const struct mis_episode *v = &ml.v[i];
        json_array_append_new(mis, json_pack("{s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o}", "start", jdate(v->start),
                                             "end", jdate(v->end), "kind", v->kind, "looked_after", v->in_care,
                                             "where_found", jstr(v->found), "interview_offered",
                                             jstr(yes_no(v->offered)), "offered_on", jdate(v->offered_date),
                                             "interview_accepted", jstr(yes_no(v->accepted)), "interview",
                                             jdate(v->interview)));
    }
    x->sum->records += ml.n;
    mis_list_free(&ml);

    /* private fostering (migration 26): the carer's name is put to the reviewer */
    json_t *pf = json_array();
    json_object_set_new(x->root, "private_fostering", pf);
    struct pf_list pl;
    if ((rc = pf_list(s, x->person, &pl, e)) != HE_OK)
        return rc;
    for (int i = 0; i < pl.n; i++) {
        const struct pf_arrangement *v = &pl.v[i];
        char name[160], where[96];
        snprintf(name, sizeof name, "%s %s", v->carer_given, v->carer_family);
        snprintf(where, sizeof where, "private_fostering[%d].carer", i);
        json_t *visits = json_array();
        for (int k = 0; k < v->n_visits; k++)
            json_array_append_new(visits, json_pack("{s:o, s:b}", "day", jdate(v->visits[k].day), "seen_alone",
                                                    v->visits[k].seen_alone));
        json_array_append_new(pf, json_pack("{s:o, s:s, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "notified",
                                            jdate(v->notified), "notified_by", v->notified_by, "began",
                                            jdate(v->began), "carer",
                                            third_party(x, name, where, "the private foster carer"), "disabled",
                                            v->disabled, "suitability", jstr(v->outcome), "decided",
                                            jdate(v->assessed), "ended", jdate(v->end), "end_reason",
                                            jstr(v->end_reason), "visits", visits));
    }
    x->sum->records += pl.n;
    pf_list_free(&pl);

    struct pn_referral *r = NULL;
    size_t nr = 0;
    if ((rc = pn_referrals_for(s, x->person, &r, &nr, e)) != HE_OK)
        return rc;
    for (size_t i = 0; rc == HE_OK && i < nr; i++) {
        json_t *one = panel_json(x, s, &r[i], i, &x->sum->records, &rc, e);
        json_array_append_new(pn, one);
    }
    x->sum->records += (int)nr;
    free(r);
    if (rc != HE_OK)
        return rc;

    struct mash_event ev[256];
    int n = 0;
    if ((rc = mash_child_events(s, x->person, ev, 256, &n, e)) != HE_OK)
        return rc;
    for (int i = 0; i < n; i++)
        json_array_append_new(hub, json_pack("{s:o, s:o, s:s}", "day", jdate(ev[i].day), "at", jtime(ev[i].at),
                                             "what", ev[i].what));
    x->sum->records += n;
    return HE_OK;
}

/* ---- files ---------------------------------------------------------------------------- */

/* Case notes about the person, every version of each, a page at a time. Staff and names in
 * the text or the list of who was there are marked for review; so is a note also on other
 * children's records (what it says about them is theirs). */
static int case_notes(struct ctx *x, struct store *s, struct err *e)
{
    const int page = 200;
    for (int offset = 0;; offset += page) {
        struct note *v = NULL;
        int n = 0;
        bool more = false;
        int rc = notes_page(s, x->person, NULL, offset, page, 1, &v, &n, &more, e);
        if (rc != HE_OK)
            return rc;
        for (int i = 0; i < n && rc == HE_OK; i++) {
            struct note cur;
            bool found = false;
            struct note *vs = NULL;
            int nv = 0;
            if ((rc = notes_get(s, x->person, v[i].id, &cur, &found, e)) != HE_OK ||
                (rc = notes_versions(s, v[i].id, &vs, &nv, e)) != HE_OK)
                break;
            int k = (int)json_array_size(x->recorded);
            char where[96];
            json_t *versions = json_array();
            for (int j = 0; j < nv; j++) {
                const struct note *w = &vs[j];
                char when[32];
                char date[11];
                date_format_iso(w->day, date);
                snprintf(when, sizeof when, "%sT%02d:%02d", date, w->minute / 60, w->minute % 60);
                snprintf(where, sizeof where, "casework_notes[%d].versions[%d].written_by", k, j);
                json_t *by = third_party(x, w->by, where, "a member of staff");
                json_t *names = possible_names(x->c, w->body);
                json_t *present = possible_names(x->c, w->present);
                snprintf(where, sizeof where, "casework_notes[%d].versions[%d]", k, j);
                json_array_append_new(x->review,
                                      json_pack("{s:s, s:s, s:O, s:O}", "where", where, "why",
                                                "a case note's text and who was there may name or describe other people",
                                                "possible_names_in_text", names, "possible_names_present", present));
                x->sum->review_items++;
                json_array_append_new(
                    versions,
                    json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:o, s:o, s:o, s:o}", "version",
                              (json_int_t)w->version, "type", w->kind, "happened_at", when, "present", w->present,
                              "child_seen", w->seen < 0 ? json_null() : json_boolean(w->seen),
                              "seen_alone", w->seen_alone < 0 ? json_null() : json_boolean(w->seen_alone), "text",
                              w->body, "significant", w->significant, "for_management_oversight", w->oversight,
                              "written_by", by, "written_at", jtime(w->at), "possible_third_party_names", names,
                              "possible_third_party_names_present", present));
                x->sum->note_versions++;
            }
            json_t *note = json_pack("{s:I, s:I, s:o}", "note", (json_int_t)v[i].id, "current_version",
                                     (json_int_t)cur.current, "versions", versions);
            if (cur.n_children > 1) {
                json_object_set_new(note, "also_on_the_records_of_other_children", json_integer(cur.n_children - 1));
                snprintf(where, sizeof where, "casework_notes[%d]", k);
                json_array_append_new(x->review,
                                      json_pack("{s:s, s:s}", "where", where, "why",
                                                "the note is also on other children's records: what it says about "
                                                "them is their information"));
                x->sum->review_items++;
            }
            json_array_append_new(x->recorded, note);
            x->sum->case_notes++;
            notes_free(vs, nv);
            note_free(&cur);
        }
        notes_free(v, n);
        if (rc != HE_OK || !more)
            return rc;
    }
}

static int write_whole(const char *dir, const char *name, const char *data, size_t n, struct err *e)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return err_set(e, HE_INPUT, "cannot write %s: %s", tmp, strerror(errno));
    bool ok = fwrite(data, 1, n, f) == n;
    ok = (fflush(f) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path)) {
        remove(tmp);
        return err_set(e, HE_INTERNAL, "cannot write %s: %s", path, strerror(errno));
    }
    return HE_OK;
}

/* ---- documents: each one's bytes into DIR/documents/, checked against its hash ----------- */
struct doc_out {
    FILE *f;
    bool failed;
};

static int doc_write(void *ctx, const void *p, size_t n)
{
    struct doc_out *o = ctx;
    if (fwrite(p, 1, n, o->f) != n)
        o->failed = true;
    return 0;
}

/* The file name in the bundle: the id first (names may repeat), nothing that is a path. */
static void doc_file(const struct doc *d, char *out, size_t n)
{
    char name[DOC_NAME_MAX + 1];
    size_t k = 0;
    for (const char *p = d->name; *p && k < sizeof name - 1; p++)
        name[k++] = *p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ? '_' : *p;
    name[k] = 0;
    snprintf(out, n, "documents/%lld-%s", (long long)d->id, name);
}

static int one_document(struct ctx *x, struct store *s, const char *dir, const struct doc *d, json_t *list,
                        struct err *e)
{
    char rel[300], path[4400], tmp[4500], where[64];
    doc_file(d, rel, sizeof rel);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    struct doc_out o = {.f = fopen(tmp, "wb")};
    if (!o.f)
        return err_set(e, HE_INPUT, "cannot write %s: %s", tmp, strerror(errno));
    bool intact = false;
    int rc = doc_read(s, d, doc_write, &o, &intact, e);
    o.failed |= fclose(o.f) != 0;
    if (rc == HE_OK && o.failed)
        rc = err_set(e, HE_INTERNAL, "cannot write %s: %s", tmp, strerror(errno));
    if (rc != HE_OK || !intact || rename(tmp, path)) {
        remove(tmp);
        if (rc == HE_OK && intact)
            rc = err_set(e, HE_INTERNAL, "cannot write %s: %s", path, strerror(errno));
        if (rc != HE_OK)
            return rc;
    }
    int i = (int)json_array_size(list);
    snprintf(where, sizeof where, "documents[%d].added_by", i);
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:b}", "id", (json_int_t)d->id, "name", d->name,
                          "kind", d->kind, "about", doc_about_key(d->about), "size", (json_int_t)d->size,
                          "sha256", d->sha256, "added_at", jtime(d->at),
                          "added_by", third_party(x, d->by_name, where, "a member of staff"), "intact", intact);
    if (d->about_id)
        json_object_set_new(j, "about_id", json_integer(d->about_id));
    /* a damaged document is named, not copied: what is stored is not what was added */
    json_object_set_new(j, "file", intact ? json_string(rel) : json_null());
    snprintf(where, sizeof where, "documents[%d]", i);
    json_array_append_new(x->review, json_pack("{s:s, s:s, s:s}", "where", where, "text", d->name, "why",
                                               "a document's content may name or describe other people"));
    x->sum->review_items++;
    json_array_append_new(list, j);
    x->sum->documents++;
    return HE_OK;
}

/* Every document on the record, a page of rows at a time, their bytes one by one. */
static int documents(struct ctx *x, struct store *s, const char *dir, json_t *list, struct err *e)
{
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/documents", dir);
    bool made = false;
    enum { PAGE = 50 };
    struct doc *v = calloc(PAGE, sizeof *v);
    if (!v)
        return err_set(e, HE_INTERNAL, "out of memory");
    int rc = HE_OK;
    bool more = true;
    for (int offset = 0; rc == HE_OK && more; offset += PAGE) {
        int n = 0;
        if ((rc = doc_list(s, x->person, offset, PAGE, v, &n, &more, e)) != HE_OK)
            break;
        if (n && !made) {
            if (mkdir(sub, 0700) && errno != EEXIST)
                rc = err_set(e, HE_INPUT, "cannot make the folder %s: %s", sub, strerror(errno));
            made = true;
        }
        for (int i = 0; rc == HE_OK && i < n; i++)
            rc = one_document(x, s, dir, &v[i], list, e);
    }
    free(v);
    return rc;
}

/* The summary page: a mark on every name the reviewer must decide on. */
/* A string member, "" when absent or null (for the page). */
static const char *js(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static const char *panel_name(const char *key)
{
    for (int i = 0; i < n_pn_kinds; i++)
        if (!strcmp(pn_kinds[i].key, key))
            return pn_kinds[i].name;
    return key;
}

static void wider_service_page(struct html *h, json_t *root)
{
    H(h, "<h2>Early help, missing episodes, private fostering, panels and court</h2><table><tr><th>What</th><th>When</th>"
         "<th>Detail</th></tr>\n");
    size_t i, j;
    json_t *v, *w;
    json_array_foreach(json_object_get(root, "early_help"), i, v)
        H(h, "<tr><td>Early help (%s)</td><td>%s to %s</td><td>Lead professional <mark>%s</mark>; %s</td></tr>\n",
          js(v, "organisation"), js(v, "start"), *js(v, "end") ? js(v, "end") : "now",
          js(json_object_get(v, "lead_professional"), "name"), js(v, "outcome"));
    json_array_foreach(json_object_get(root, "exploitation_screenings"), i, v)
        H(h, "<tr><td>Exploitation screening</td><td>%s</td><td>%s risk (%s); <mark>%s</mark></td></tr>\n",
          js(v, "screened"), js(v, "grade"), js(v, "kinds"), js(v, "judgement"));
    json_array_foreach(json_object_get(root, "missing_episodes"), i, v)
        H(h, "<tr><td>%s</td><td>%s to %s</td><td>Return interview offered: %s; accepted: %s</td></tr>\n",
          !strcmp(js(v, "kind"), "A") ? "Away from placement" : "Missing", js(v, "start"),
          *js(v, "end") ? js(v, "end") : "still missing", *js(v, "interview_offered") ? js(v, "interview_offered") : "not recorded",
          *js(v, "interview_accepted") ? js(v, "interview_accepted") : "not recorded");
    json_array_foreach(json_object_get(root, "private_fostering"), i, v)
        H(h, "<tr><td>Private fostering</td><td>%s to %s</td><td>Carer <mark>%s</mark>; %l visits; suitability: "
             "%s</td></tr>\n",
          js(v, "notified"), *js(v, "ended") ? js(v, "ended") : "now", js(json_object_get(v, "carer"), "name"),
          (int64_t)json_array_size(json_object_get(v, "visits")),
          *js(v, "suitability") ? js(v, "suitability") : "not decided");
    json_array_foreach(json_object_get(root, "panels"), i, v) {
        H(h, "<tr><td>Referred to the %s panel</td><td>%s</td><td><mark>%s</mark></td></tr>\n",
          panel_name(js(v, "panel")), js(v, "referred"), js(v, "reason"));
        json_array_foreach(json_object_get(v, "meetings"), j, w)
            H(h, "<tr><td>%s panel met</td><td>%s</td><td>Decided: %s. <mark>%s</mark></td></tr>\n",
              panel_name(js(v, "panel")), js(w, "day"), js(w, "decision"), js(w, "minutes"));
        json_array_foreach(json_object_get(v, "hearings"), j, w)
            H(h, "<tr><td>Court hearing (%s)</td><td>%s</td><td><mark>%s</mark></td></tr>\n", js(w, "kind"),
              js(w, "day"), js(w, "note"));
    }
    json_array_foreach(json_object_get(root, "hub"), i, v)
        H(h, "<tr><td>The hub</td><td>%s</td><td>%s</td></tr>\n", js(v, "day"), js(v, "what"));
    H(h, "</table>\n");
}

static void page(struct html *h, json_t *root, const struct sar_summary *sum)
{
    json_t *subj = json_object_get(root, "subject");
    H(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Subject access: %s</title>"
         "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}mark{background:#fd0}"
         "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}</style>"
         "</head><body>\n",
      json_string_value(json_object_get(subj, "LAchildID")));
    H(h, "<h1>Subject access request</h1><p>Everything hearth holds about <strong>%s %s</strong> "
         "(LAchildID %s, born %s), gathered %s. The full bundle is subject-access.json.</p>\n",
      json_string_value(json_object_get(subj, "given_name")), json_string_value(json_object_get(subj, "family_name")),
      json_string_value(json_object_get(subj, "LAchildID")), json_string_value(json_object_get(subj, "dob")),
      json_string_value(json_object_get(root, "generated_at")));
    H(h, "<p><mark>Highlighted</mark> text names or may name someone other than the subject: "
         "%d items need a redaction decision before the bundle is disclosed (listed under "
         "\"redaction_review\" in the JSON).</p>\n", sum->review_items);
    H(h, "<h2>Chronology</h2><table><tr><th>Date</th><th>Event</th><th>Detail</th></tr>\n");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(root, "chronology"), i, v)
        H(h, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", json_string_value(json_object_get(v, "date")),
          json_string_value(json_object_get(v, "event")), json_string_value(json_object_get(v, "detail")));
    H(h, "</table>\n<h2>Case notes</h2>\n");
    json_array_foreach(json_object_get(root, "case_notes"), i, v) {
        json_t *by = json_object_get(v, "recorded_by");
        H(h, "<h3>Contact on %s</h3><p>Recorded by <mark>%s</mark></p><p><mark>%s</mark></p>\n",
          json_string_value(json_object_get(v, "date")), json_string_value(json_object_get(by, "name")),
          json_string_value(json_object_get(v, "concerns")));
    }
    H(h, "<h2>Recorded work (case notes), every version</h2>\n");
    json_array_foreach(json_object_get(root, "casework_notes"), i, v) {
        size_t k;
        json_t *w;
        json_array_foreach(json_object_get(v, "versions"), k, w)
            H(h, "<h3>Case note %l, version %l: %s, %s</h3><p>Written by <mark>%s</mark> at %s. Present: "
                 "<mark>%s</mark></p><p><mark>%s</mark></p>\n",
              (int64_t)json_integer_value(json_object_get(v, "note")),
              (int64_t)json_integer_value(json_object_get(w, "version")), json_string_value(json_object_get(w, "type")),
              json_string_value(json_object_get(w, "happened_at")),
              json_string_value(json_object_get(json_object_get(w, "written_by"), "name")),
              json_string_value(json_object_get(w, "written_at")), json_string_value(json_object_get(w, "present")),
              json_string_value(json_object_get(w, "text")));
    }
    json_t *recs = json_object_get(root, "records");
    H(h, "<h2>Assessments, meetings and plans</h2>\n");
    json_array_foreach(json_object_get(recs, "assessments_written"), i, v)
        H(h, "<h3>Assessment started %s (%s)</h3><p><mark>%s</mark></p>\n",
          json_string_value(json_object_get(v, "start")), json_string_value(json_object_get(v, "status")),
          json_string_value(json_object_get(v, "analysis")));
    json_array_foreach(json_object_get(recs, "meetings"), i, v) {
        H(h, "<h3>%s on %s</h3><p>Who took part:", json_string_value(json_object_get(v, "kind")),
          json_string_value(json_object_get(v, "date")));
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(v, "attendees"), k, a)
            H(h, " <mark>%s</mark>", json_string_value(json_object_get(json_object_get(a, "person"), "name")));
        H(h, "</p><p><mark>%s</mark></p>\n", json_string_value(json_object_get(v, "minutes")));
    }
    json_array_foreach(json_object_get(recs, "plans"), i, v)
        H(h, "<h3>Plan (%s) from %s</h3><p><mark>%s</mark></p><p>%d actions.</p>\n",
          json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "start")),
          json_string_value(json_object_get(v, "needs")), (int)json_array_size(json_object_get(v, "actions")));
    json_t *work = json_object_get(root, "work");
    H(h, "<h2>Work on the record</h2><table><tr><th>What</th><th>When</th><th>Detail</th></tr>\n");
    json_array_foreach(json_object_get(work, "team_moves"), i, v)
        H(h, "<tr><td>%s to %s</td><td>%s</td><td><mark>%s</mark></td></tr>\n",
          json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "to")),
          json_string_value(json_object_get(v, "day")), json_string_value(json_object_get(v, "summary")));
    json_array_foreach(json_object_get(work, "authorisations"), i, v)
        H(h, "<tr><td>Authorisation (%s): %s</td><td>%s</td><td><mark>%s</mark></td></tr>\n",
          json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "state")),
          json_string_value(json_object_get(v, "requested_at")), json_string_value(json_object_get(v, "comment")));
    json_array_foreach(json_object_get(work, "tasks"), i, v)
        H(h, "<tr><td>Task: %s</td><td>%s</td><td><mark>%s</mark></td></tr>\n",
          json_string_value(json_object_get(v, "state")), json_string_value(json_object_get(v, "due")),
          json_string_value(json_object_get(v, "title")));
    H(h, "</table>\n");
    wider_service_page(h, root);
    H(h, "<h2>Who has opened this record</h2><table><tr><th>When</th><th>Who</th><th>Page</th><th>Break-glass reason</th></tr>\n");
    json_array_foreach(json_object_get(root, "access_log"), i, v)
        H(h, "<tr><td>%s</td><td><mark>%s</mark></td><td>%s</td><td>%s</td></tr>\n",
          json_string_value(json_object_get(v, "at")),
          json_string_value(json_object_get(json_object_get(v, "viewer"), "name")),
          json_string_value(json_object_get(v, "page")), json_string_value(json_object_get(v, "break_glass_reason")));
    H(h, "</table>\n<h2>Documents</h2><table><tr><th>Document</th><th>Kind</th><th>Added</th><th>By</th><th>SHA-256"
         "</th><th>File in the bundle</th></tr>\n");
    json_array_foreach(json_object_get(root, "documents"), i, v) {
        const char *file = json_string_value(json_object_get(v, "file"));
        H(h, "<tr><td><mark>%s</mark></td><td>%s</td><td>%s</td><td><mark>%s</mark></td><td>%s</td><td>%s</td></tr>\n",
          json_string_value(json_object_get(v, "name")), json_string_value(json_object_get(v, "kind")),
          json_string_value(json_object_get(v, "added_at")),
          json_string_value(json_object_get(json_object_get(v, "added_by"), "name")),
          json_string_value(json_object_get(v, "sha256")),
          file ? file : "not copied: the document stored no longer matches its SHA-256");
    }
    H(h, "</table>\n<p>%d journey records, %d contact notes, %d case notes (%d versions), %d documents, %d drafts, "
         "%d openings of the record.</p></body></html>\n",
      sum->records, sum->notes, sum->case_notes, sum->note_versions, sum->documents, sum->drafts, sum->views);
}

int sar_write(struct store *s, rec_id person, const char *dir, day_t today, int64_t now,
              struct sar_summary *sum, struct err *e)
{
    memset(sum, 0, sizeof *sum);
    if (mkdir(dir, 0700) && errno != EEXIST)
        return err_set(e, HE_INPUT, "cannot make the folder %s: %s", dir, strerror(errno));
    struct child_file c;
    int rc = store_begin(s, e); /* one consistent state for the whole bundle */
    if (rc != HE_OK)
        return rc;
    struct child_extra ex;
    if ((rc = store_load_child(s, person, &c, e)) != HE_OK) {
        store_rollback(s, NULL);
        return rc;
    }
    if ((rc = st_load_extra(s, person, &ex, e)) != HE_OK) {
        child_file_free(&c);
        child_extra_free(&ex);
        store_rollback(s, NULL);
        return rc;
    }
    struct ctx x = {.person = person, .root = json_object(), .review = json_array(), .notes = json_array(),
                    .drafts = json_array(), .views = json_array(), .recorded = json_array(), .c = &c,
                    .sum = sum};
    const struct person *p = &c.person;
    json_object_set_new(x.root, "generated_at", jtime(now));
    json_object_set_new(x.root, "subject",
                        json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "LAchildID", p->la_child_id,
                                  "given_name", jstr(p->given_name), "family_name", jstr(p->family_name),
                                  "dob", jdate(p->dob), "expected_dob", jdate(p->expected_dob),
                                  "death_date", jdate(p->death_date), "sex", jstr(p->sex), "UPN", jstr(p->upn),
                                  "NHS_number", jstr(p->nhs_number), "ethnicity", jstr(p->ethnicity)));
    json_t *recs = records(&c, &sum->records);
    extra_records(&x, recs, &ex, &sum->records);
    rc = content_records(&x, s, recs, &sum->records, e);
    if (rc == HE_OK)
        rc = people_records(&x, s, recs, &sum->records, e);
    if (rc == HE_OK)
        rc = placement_records(&x, s, recs, &ex, &sum->records, e);
    json_object_set_new(x.root, "records", recs);
    struct journey j;
    journey_compute_x(&c, &ex, NULL, 0, today, &j);
    json_t *chron = json_array();
    for (int i = j.n_events - 1; i >= 0; i--) /* oldest first, as a chronology is read */
        json_array_append_new(chron, json_pack("{s:o, s:s, s:o}", "date", jdate(j.events[i].date), "event",
                                               j.events[i].what, "detail", jstr(j.events[i].detail)));
    sum->events = j.n_events;
    journey_free(&j);
    json_object_set_new(x.root, "chronology", chron);
    if (rc == HE_OK && (rc = tr_notes(s, person, on_note, &x, e)) == HE_OK &&
        (rc = tr_drafts(s, person, on_draft, &x, e)) == HE_OK &&
        (rc = tr_loose_drafts(s, on_loose_draft, &x, e)) == HE_OK &&
        (rc = workflow(s, &x, e)) == HE_OK && (rc = voice_and_audits(s, &x, e)) == HE_OK &&
        (rc = wider_service(s, &x, e)) == HE_OK)
        rc = audit_for_person(s, person, on_view, &x, e);
    if (rc == HE_OK)
        rc = case_notes(&x, s, e);
    json_t *docs = json_array();
    if (rc == HE_OK)
        rc = documents(&x, s, dir, docs, e);
    json_object_set_new(x.root, "documents", docs);
    char *hold = NULL;
    if (rc == HE_OK)
        rc = tr_hold_get(s, person, &hold, e);
    store_rollback(s, NULL); /* read only: nothing to commit */
    struct retention ret;
    retention_assess(&c, &ret);
    json_object_set_new(x.root, "retention",
                        json_pack("{s:s, s:s, s:o, s:o, s:o}", "rule", retention_rule(ret.kind)->name, "basis",
                                  retention_rule(ret.kind)->rule, "review_due", jdate(ret.due),
                                  "legal_hold", jstr(hold), "last_activity", jdate(ret.last_activity)));
    free(hold);
    json_object_set_new(x.root, "case_notes", x.notes);
    json_object_set_new(x.root, "casework_notes", x.recorded);
    json_object_set_new(x.root, "drafts", x.drafts);
    json_object_set_new(x.root, "access_log", x.views);
    json_object_set_new(x.root, "redaction_review", x.review);
    if (rc == HE_OK) {
        char *text = json_dumps(x.root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        rc = text ? write_whole(dir, "subject-access.json", text, strlen(text), e)
                  : err_set(e, HE_INTERNAL, "the bundle could not be written as JSON");
        free(text);
    }
    if (rc == HE_OK) {
        struct html h = HTML_INIT;
        page(&h, x.root, sum);
        rc = write_whole(dir, "subject-access.html", html_str(&h), html_len(&h), e);
        html_free(&h);
    }
    json_decref(x.root);
    child_file_free(&c);
    child_extra_free(&ex);
    return rc;
}
