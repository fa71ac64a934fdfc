/* server: the HTTP side of `hearth serve`, on libmicrohttpd's thread pool. It owns the
 * request cycle: read the body, find the route, check the session and the CSRF token, give
 * each worker thread its own store connection (SQLite connections are not shared), call
 * the handler, add the security headers and send. Static files are served from a fixed
 * table of folders (GOV.UK Frontend, MOJ Frontend, hearth's own www/), nothing else. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "../util/elapsed.h"
#include "benchmarks.h"
#include "mhd.h"
#include "panels_ui.h"
#include "placements.h"
#include "privfost_ui.h"
#include "risk.h"
#include "qa.h"
#include "session.h"
#include "early_help_ui.h"
#include "service_ui.h"
#include "web.h"

#define MAX_BODY (256 * 1024)
#define MAX_CONNECTIONS 1000u /* all clients together; one address gets conf->per_address */

/* HTTPS: served here (tls_on), or by the proxy at proxy_addr, which says so per request */
static bool tls_on, have_proxy;
static struct in_addr proxy_addr;

/* ---- routes -------------------------------------------------------------------------- */
/* OPEN: no session needed; UPLOAD: takes a multipart form with one file (web.h struct upload);
 * PARTNER: a partner agency's officer may use it (every other route refuses them) */
enum { OPEN = 1, NO_CSRF_SESSION = 2, UPLOAD = 4, PARTNER = 8 };

static const struct {
    struct route r;
    handler_fn fn;
    int flags;
} table[] = {
    {{"GET", "/", 0}, h_home, PARTNER},
    {{"GET", "/sign-in", 0}, h_sign_in_form, OPEN},
    {{"POST", "/sign-in", 0}, h_sign_in, OPEN},
    {{"POST", "/sign-out", 0}, h_sign_out, PARTNER},
    {{"GET", "/setup", 0}, h_setup_form, OPEN},
    {{"POST", "/setup", 0}, h_setup, OPEN},
    {{"GET", "/my-work", 0}, h_my_work, 0},
    {{"GET", "/search", 0}, h_search, 0},
    {{"GET", "/children/:n", 0}, h_child, 0},
    {{"GET", "/front-door", 0}, h_front_door, 0},
    {{"GET", "/contacts/new", 0}, h_contact_form, 0},
    {{"POST", "/contacts/new", 0}, h_contact_post, 0},
    {{"GET", "/contacts/:n/decision", 0}, h_decision_form, 0},
    {{"POST", "/contacts/:n/decision", 0}, h_decision_post, 0},
    {{"GET", "/children/:n/assessments/new", 0}, h_assessment_form, 0},
    {{"POST", "/children/:n/assessments/new", 0}, h_assessment_post, 0},
    {{"POST", "/children/:n/assessments/:n/authorise", 0}, h_authorise_post, 0},
    {{"GET", "/dashboard", 0}, h_dashboard, 0},
    {{"POST", "/children/:n/break-glass", 0}, h_break_glass_post, 0},
    {{"GET", "/break-glass", 0}, h_break_glass, 0},
    {{"POST", "/break-glass/:n/reviewed", 0}, h_break_glass_reviewed, 0},
    {{"GET", "/children/:n/strategy/new", 0}, h_strategy_form, 0},
    {{"POST", "/children/:n/strategy/new", 0}, h_strategy_post, 0},
    {{"GET", "/children/:n/icpc/:n", 0}, h_icpc_form, 0},
    {{"POST", "/children/:n/icpc/:n", 0}, h_icpc_post, 0},
    {{"GET", "/children/:n/looked-after", 0}, h_care_form, 0},
    {{"POST", "/drafts", 0}, h_draft_post, 0},
    {{"POST", "/children/:n/allocate", 0}, h_allocate_post, 0},
    {{"POST", "/children/:n/looked-after", 0}, h_care_post, 0},
    {{"GET", "/dashboard/measures.csv", 0}, h_dashboard_csv, 0},
    {{"GET", "/dashboard/trend.csv", 0}, h_trend_csv, 0},
    {{"GET", "/benchmarks", 0}, h_benchmarks, 0},
    {{"GET", "/report", 0}, h_report, 0},
    {{"POST", "/report", 0}, h_report_post, 0},
    {{"GET", "/report.xlsx", 0}, h_report_xlsx, 0},
    {{"GET", "/team", 0}, h_team, 0},
    {{"POST", "/team/allocate", 0}, h_team_allocate, 0},
    {{"GET", "/account/password", 0}, h_password_form, PARTNER},
    {{"POST", "/account/password", 0}, h_password_post, PARTNER},
    {{"GET", "/children/:n/cp-plans/:n/review", 0}, h_cp_review_form, 0},
    {{"POST", "/children/:n/cp-plans/:n/review", 0}, h_cp_review_post, 0},
    {{"GET", "/children/:n/cp-plans/:n/end", 0}, h_cp_end_form, 0},
    {{"POST", "/children/:n/cp-plans/:n/end", 0}, h_cp_end_post, 0},
    {{"GET", "/children/:n/cin-plans/new", 0}, h_cin_plan_form, 0},
    {{"POST", "/children/:n/cin-plans/new", 0}, h_cin_plan_post, 0},
    {{"GET", "/children/:n/cin-plans/:n/end", 0}, h_cin_plan_end_form, 0},
    {{"POST", "/children/:n/cin-plans/:n/end", 0}, h_cin_plan_end_post, 0},
    {{"GET", "/children/:n/la-reviews/new", 0}, h_la_review_form, 0},
    {{"POST", "/children/:n/la-reviews/new", 0}, h_la_review_post, 0},
    {{"GET", "/children/:n/visits/new", 0}, h_visit_form, 0},
    {{"POST", "/children/:n/visits/new", 0}, h_visit_post, 0},
    {{"GET", "/children/:n/missing/new", 0}, h_missing_form, 0},
    {{"POST", "/children/:n/missing/new", 0}, h_missing_post, 0},
    {{"GET", "/children/:n/missing/:n", 0}, h_return_form, 0},
    {{"POST", "/children/:n/missing/:n", 0}, h_return_post, 0},
    /* missing from home and exploitation (pages_missing.c, pages_exploitation.c) */
    {{"GET", "/children/:n/missing-home/:n", 0}, h_missing_home_form, 0},
    {{"POST", "/children/:n/missing-home/:n", 0}, h_missing_home_post, 0},
    {{"GET", "/children/:n/exploitation/new", 0}, h_screening_form, 0},
    {{"POST", "/children/:n/exploitation/new", 0}, h_screening_post, 0},
    {{"GET", "/children/:n/exploitation/:n/support", 0}, h_xp_support_form, 0},
    {{"POST", "/children/:n/exploitation/:n/support", 0}, h_xp_support_post, 0},
    {{"GET", "/children/:n/exploitation-support/:n/end", 0}, h_xp_support_end_form, 0},
    {{"POST", "/children/:n/exploitation-support/:n/end", 0}, h_xp_support_end_post, 0},
    /* private fostering (pages_privfost.c) */
    {{"GET", "/children/:n/private-fostering/new", 0}, h_pf_notify_form, 0},
    {{"POST", "/children/:n/private-fostering/new", 0}, h_pf_notify_post, 0},
    {{"GET", "/children/:n/private-fostering/:n/visit", 0}, h_pf_visit_form, 0},
    {{"POST", "/children/:n/private-fostering/:n/visit", 0}, h_pf_visit_post, 0},
    {{"GET", "/children/:n/private-fostering/:n/assessment", 0}, h_pf_assess_form, 0},
    {{"POST", "/children/:n/private-fostering/:n/assessment", 0}, h_pf_assess_post, 0},
    {{"GET", "/children/:n/private-fostering/:n/end", 0}, h_pf_end_form, 0},
    {{"POST", "/children/:n/private-fostering/:n/end", 0}, h_pf_end_post, 0},
    {{"GET", "/private-fostering", 0}, h_private_fostering, 0},
    {{"GET", "/children/:n/ceasing", 0}, h_cease_form, 0},
    {{"POST", "/children/:n/ceasing", 0}, h_cease_post, 0},
    {{"GET", "/children/:n/adoption", 0}, h_adoption_form, 0},
    {{"POST", "/children/:n/adoption", 0}, h_adoption_post, 0},
    {{"GET", "/children/:n/pathway-plans/new", 0}, h_pathway_form, 0},
    {{"POST", "/children/:n/pathway-plans/new", 0}, h_pathway_post, 0},
    {{"GET", "/children/:n/leaver-contacts/new", 0}, h_leaver_form, 0},
    {{"POST", "/children/:n/leaver-contacts/new", 0}, h_leaver_post, 0},
    {{"GET", "/children/:n/closure", 0}, h_closure_form, 0},
    {{"POST", "/children/:n/closure", 0}, h_closure_post, 0},
    {{"GET", "/children/:n/family/new", 0}, h_family_form, 0},
    {{"POST", "/children/:n/family/new", 0}, h_family_post, 0},
    {{"GET", "/children/:n/details", 0}, h_detail_form, 0},
    {{"POST", "/children/:n/details", 0}, h_detail_post, 0},
    {{"GET", "/children/:n/details/history", 0}, h_detail_history, 0},
    {{"GET", "/children/:n/addresses/new", 0}, h_address_form, 0},
    {{"POST", "/children/:n/addresses/new", 0}, h_address_post, 0},
    {{"GET", "/children/:n/professionals/new", 0}, h_professional_form, 0},
    {{"POST", "/children/:n/professionals/new", 0}, h_professional_post, 0},
    {{"GET", "/children/:n/professionals/end", 0}, h_professional_end_form, 0},
    {{"POST", "/children/:n/professionals/end", 0}, h_professional_end_post, 0},
    {{"GET", "/children/:n/alerts/new", 0}, h_alert_form, 0},
    {{"POST", "/children/:n/alerts/new", 0}, h_alert_post, 0},
    {{"GET", "/children/:n/alerts/end", 0}, h_alert_end_form, 0},
    {{"POST", "/children/:n/alerts/end", 0}, h_alert_end_post, 0},
    {{"GET", "/duplicates", 0}, h_duplicates, 0},
    {{"GET", "/duplicates/:n/:n", 0}, h_duplicate, 0},
    {{"POST", "/duplicates/:n/:n", 0}, h_duplicate_merge, 0},
    {{"POST", "/merges/:n/undo", 0}, h_merge_undo, 0},
    {{"POST", "/merges/:n/confirm", 0}, h_merge_confirm, 0},
    /* case notes and the chronology (pages_notes.c) */
    {{"GET", "/children/:n/notes", 0}, h_notes, 0},
    {{"GET", "/children/:n/notes/new", 0}, h_note_form, 0},
    {{"POST", "/children/:n/notes/new", 0}, h_note_post, 0},
    {{"GET", "/children/:n/notes/:n", 0}, h_note, 0},
    {{"GET", "/children/:n/notes/:n/amend", 0}, h_note_amend_form, 0},
    {{"POST", "/children/:n/notes/:n/amend", 0}, h_note_amend_post, 0},
    {{"GET", "/children/:n/chronology", 0}, h_chronology, 0},
    {{"GET", "/children/:n/chronology/print", 0}, h_chronology_print, 0},
    /* documents on the record and the print-ready pages (pages_documents.c) */
    {{"GET", "/children/:n/documents", 0}, h_documents, 0},
    {{"GET", "/children/:n/documents/new", 0}, h_document_form, 0},
    {{"POST", "/children/:n/documents/new", 0}, h_document_post, UPLOAD},
    {{"GET", "/children/:n/documents/:n", 0}, h_document, 0},
    {{"GET", "/children/:n/assessments/:n/print", 0}, h_assessment_print, 0},
    {{"GET", "/children/:n/plans/:n/print", 0}, h_plan_print, 0},
    {{"GET", "/children/:n/meetings/:n/invitation", 0}, h_invitation_print, 0},
    /* the content of the work: assessments, meetings, plans */
    {{"GET", "/children/:n/assessments/:n", 0}, h_assessment_view, 0},
    {{"GET", "/children/:n/assessments/:n/edit", 0}, h_assessment_edit_form, 0},
    {{"POST", "/children/:n/assessments/:n/edit", 0}, h_assessment_edit_post, 0},
    {{"GET", "/children/:n/assessments/:n/decision", 0}, h_assessment_decision_form, 0},
    {{"POST", "/children/:n/assessments/:n/decision", 0}, h_assessment_decision_post, 0},
    {{"GET", "/children/:n/meetings", 0}, h_meetings, 0},
    {{"GET", "/children/:n/meetings/:n", 0}, h_meeting_view, 0},
    {{"GET", "/children/:n/plans", 0}, h_plans, 0},
    {{"GET", "/children/:n/plans/new", 0}, h_plan_form, 0},
    {{"POST", "/children/:n/plans/new", 0}, h_plan_post, 0},
    {{"GET", "/children/:n/plans/:n", 0}, h_plan_view, 0},
    {{"GET", "/children/:n/plans/:n/meetings/new", 0}, h_plan_meeting_form, 0},
    {{"POST", "/children/:n/plans/:n/meetings/new", 0}, h_plan_meeting_post, 0},
    /* carers and providers, placements, health and education (pages_placements.c) */
    {{"GET", "/carers", 0}, h_carers, 0},
    {{"GET", "/carers/new", 0}, h_carer_form, 0},
    {{"POST", "/carers/new", 0}, h_carer_post, 0},
    {{"GET", "/placements", 0}, h_placement_costs, 0},
    {{"GET", "/children/:n/placement/carer", 0}, h_placement_carer_form, 0},
    {{"POST", "/children/:n/placement/carer", 0}, h_placement_carer_post, 0},
    {{"GET", "/children/:n/placement/move", 0}, h_placement_move_form, 0},
    {{"POST", "/children/:n/placement/move", 0}, h_placement_move_post, 0},
    {{"GET", "/children/:n/legal-status", 0}, h_legal_status_form, 0},
    {{"POST", "/children/:n/legal-status", 0}, h_legal_status_post, 0},
    {{"GET", "/children/:n/health/new", 0}, h_health_form, 0},
    {{"POST", "/children/:n/health/new", 0}, h_health_post, 0},
    /* workflow: tray, authorisation, transfers, tasks, drafts discarded */
    {{"GET", "/tray", 0}, h_tray, 0},
    {{"POST", "/tray/:n", 0}, h_tray_decide, 0},
    {{"GET", "/children/:n/transfer", 0}, h_transfer_form, 0},
    {{"POST", "/children/:n/transfer", 0}, h_transfer_post, 0},
    {{"GET", "/tasks", 0}, h_tasks, 0},
    {{"GET", "/children/:n/tasks/new", 0}, h_task_form, 0},
    {{"POST", "/children/:n/tasks/new", 0}, h_task_post, 0},
    {{"GET", "/tasks/:n", 0}, h_task_view, 0},
    {{"POST", "/tasks/:n/done", 0}, h_task_done, 0},
    {{"POST", "/tasks/:n/cancel", 0}, h_task_cancel, 0},
    {{"POST", "/drafts/discard", 0}, h_draft_discard, 0},
    /* early help and Stronger Families (pages_early_help.c) */
    {{"GET", "/children/:n/early-help/new", 0}, h_eh_open_form, 0},
    {{"POST", "/children/:n/early-help/new", 0}, h_eh_open_post, 0},
    {{"GET", "/children/:n/early-help/step-down", 0}, h_eh_step_down_form, 0},
    {{"POST", "/children/:n/early-help/step-down", 0}, h_eh_step_down_post, 0},
    {{"GET", "/children/:n/early-help/:n", 0}, h_eh_episode, 0},
    {{"GET", "/children/:n/early-help/:n/step-up", 0}, h_eh_step_up_form, 0},
    {{"POST", "/children/:n/early-help/:n/step-up", 0}, h_eh_step_up_post, 0},
    {{"GET", "/children/:n/early-help/:n/close", 0}, h_eh_close_form, 0},
    {{"POST", "/children/:n/early-help/:n/close", 0}, h_eh_close_post, 0},
    {{"GET", "/children/:n/early-help/:n/assessment", 0}, h_eh_assessment_form, 0},
    {{"POST", "/children/:n/early-help/:n/assessment", 0}, h_eh_assessment_post, 0},
    {{"GET", "/children/:n/early-help/:n/members/new", 0}, h_eh_member_form, 0},
    {{"POST", "/children/:n/early-help/:n/members/new", 0}, h_eh_member_post, 0},
    {{"GET", "/children/:n/early-help/:n/meetings/new", 0}, h_eh_meeting_form, 0},
    {{"POST", "/children/:n/early-help/:n/meetings/new", 0}, h_eh_meeting_post, 0},
    {{"GET", "/children/:n/early-help/:n/outcomes/new", 0}, h_eh_outcome_form, 0},
    {{"POST", "/children/:n/early-help/:n/outcomes/new", 0}, h_eh_outcome_post, 0},
    {{"GET", "/children/:n/early-help/:n/reviews/new", 0}, h_eh_review_form, 0},
    {{"POST", "/children/:n/early-help/:n/reviews/new", 0}, h_eh_review_post, 0},
    {{"GET", "/children/:n/early-help/:n/stronger-families", 0}, h_sf_attach_form, 0},
    {{"POST", "/children/:n/early-help/:n/stronger-families", 0}, h_sf_attach_post, 0},
    {{"GET", "/children/:n/early-help/:n/results/new", 0}, h_sf_result_form, 0},
    {{"POST", "/children/:n/early-help/:n/results/new", 0}, h_sf_result_post, 0},
    {{"GET", "/stronger-families", 0}, h_sf_programme, 0},
    {{"POST", "/stronger-families/claims", 0}, h_sf_claim_post, 0},
    {{"POST", "/stronger-families/targets", 0}, h_sf_target_post, 0},
    /* panels and court, money (pages_panels.c, pages_money.c) */
    {{"GET", "/children/:n/panels/new", 0}, h_panel_refer_form, 0},
    {{"POST", "/children/:n/panels/new", 0}, h_panel_refer_post, 0},
    {{"GET", "/children/:n/panels/:n", 0}, h_panel_referral, 0},
    {{"GET", "/children/:n/panels/:n/meeting", 0}, h_panel_meeting_form, 0},
    {{"POST", "/children/:n/panels/:n/meeting", 0}, h_panel_meeting_post, 0},
    {{"GET", "/children/:n/panels/:n/outcome", 0}, h_panel_outcome_form, 0},
    {{"POST", "/children/:n/panels/:n/outcome", 0}, h_panel_outcome_post, 0},
    {{"GET", "/children/:n/panels/:n/proceedings", 0}, h_panel_proceedings_form, 0},
    {{"POST", "/children/:n/panels/:n/proceedings", 0}, h_panel_proceedings_post, 0},
    {{"GET", "/children/:n/panels/:n/hearing", 0}, h_panel_hearing_form, 0},
    {{"POST", "/children/:n/panels/:n/hearing", 0}, h_panel_hearing_post, 0},
    {{"GET", "/more", 0}, h_more, 0}, /* the managers' oversight pages: pages_more.c */
    {{"GET", "/panels", 0}, h_panels, 0},
    {{"GET", "/money", 0}, h_money, 0},
    {{"POST", "/money/unit-costs", 0}, h_money_unit_cost, 0},
    {{"POST", "/money/budget", 0}, h_money_budget, 0},
    /* the hub at the front door: pages_mash.c */
    {{"GET", "/mash", 0}, h_mash, PARTNER},
    {{"GET", "/mash/contacts/:n", 0}, h_mash_contact, PARTNER},
    {{"POST", "/mash/contacts/:n/checks", 0}, h_mash_check_post, PARTNER},
    {{"POST", "/mash/contacts/:n/rating", 0}, h_mash_rate_post, 0},
    {{"GET", "/mash/contacts/:n/add", 0}, h_mash_add_form, 0},
    {{"POST", "/mash/contacts/:n/add", 0}, h_mash_add_post, 0},
    /* the workforce (pages_workforce.c) */
    {{"GET", "/workforce", 0}, h_workforce, 0},
    {{"GET", "/workforce/posts/new", 0}, h_workforce_post_form, 0},
    {{"POST", "/workforce/posts/new", 0}, h_workforce_post_post, 0},
    {{"GET", "/workforce/posts/:n", 0}, h_workforce_post_view, 0},
    {{"GET", "/workforce/posts/:n/holders/new", 0}, h_workforce_holder_form, 0},
    {{"POST", "/workforce/posts/:n/holders/new", 0}, h_workforce_holder_post, 0},
    {{"GET", "/workforce/posts/:n/close", 0}, h_workforce_close_form, 0},
    {{"POST", "/workforce/posts/:n/close", 0}, h_workforce_close_post, 0},
    {{"GET", "/workforce/holders/:n/leave", 0}, h_workforce_leave_form, 0},
    {{"POST", "/workforce/holders/:n/leave", 0}, h_workforce_leave_post, 0},
    {{"GET", "/workforce/holders/:n/absences/new", 0}, h_workforce_absence_form, 0},
    {{"POST", "/workforce/holders/:n/absences/new", 0}, h_workforce_absence_post, 0},
    {{"GET", "/workforce/absences/:n/end", 0}, h_workforce_absence_end_form, 0},
    {{"POST", "/workforce/absences/:n/end", 0}, h_workforce_absence_end_post, 0},
    {{"GET", "/workforce/weights", 0}, h_workforce_weights_form, 0},
    {{"POST", "/workforce/weights", 0}, h_workforce_weights_post, 0},
    /* the voice of the child (pages_voice.c) and quality assurance (pages_audits.c) */
    {{"GET", "/children/:n/voice", 0}, h_voice, 0},
    {{"GET", "/children/:n/voice/new", 0}, h_voice_form, 0},
    {{"POST", "/children/:n/voice/new", 0}, h_voice_post, 0},
    {{"GET", "/children/:n/audits/new", 0}, h_audit_form, 0},
    {{"POST", "/children/:n/audits/new", 0}, h_audit_post, 0},
    {{"GET", "/audits", 0}, h_audits, 0},
    {{"GET", "/audits/questions", 0}, h_audit_questions, 0},
    {{"POST", "/audits/questions", 0}, h_audit_question_post, 0},
    {{"POST", "/audits/questions/:n", 0}, h_audit_question_edit_post, 0},
    {{"GET", "/audits/themes/new", 0}, h_audit_theme_form, 0},
    {{"POST", "/audits/themes/new", 0}, h_audit_theme_post, 0},
    {{"GET", "/audits/themes/:n", 0}, h_audit_theme, 0},
    {{"GET", "/audits/:n", 0}, h_audit, 0},
    {{"POST", "/audits/:n/actions", 0}, h_audit_action_post, 0},
};
#define N_ROUTES ((int)(sizeof table / sizeof table[0]))
static struct route routes[N_ROUTES];

/* ---- one store per worker thread ----------------------------------------------------- */
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[256];
static int n_stores;
static _Thread_local struct store *my_store;

static struct store *thread_store(const struct web_conf *conf)
{
    if (my_store)
        return my_store;
    struct err e;
    err_clear(&e);
    /* the checkpoints are audit.c's thread's work, not a request's */
    if (store_open(conf->db, 0, &my_store, &e) != HE_OK ||
        store_defer_checkpoints(my_store, &e) != HE_OK) {
        store_close(my_store);
        my_store = NULL;
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: %s\n", msg);
        return NULL;
    }
    pthread_mutex_lock(&stores_lock);
    if (n_stores < (int)(sizeof stores / sizeof stores[0]))
        stores[n_stores++] = my_store;
    pthread_mutex_unlock(&stores_lock);
    return my_store;
}

/* ---- static files -------------------------------------------------------------------- */
static const struct {
    const char *prefix, *dir;
} statics[] = {
    {"/assets/fonts/", "node_modules/govuk-frontend/dist/govuk/assets/fonts/"},
    {"/assets/images/", "node_modules/govuk-frontend/dist/govuk/assets/images/"},
    {"/assets/govuk/", "node_modules/govuk-frontend/dist/govuk/"},
    {"/assets/moj/", "node_modules/@ministryofjustice/frontend/moj/"},
    {"/assets/hearth/", "www/"},
};

static const char *mime(const char *path)
{
    const char *dot = strrchr(path, '.');
    static const struct {
        const char *ext, *type;
    } types[] = {{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
                 {".mjs", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
                 {".png", "image/png"}, {".ico", "image/x-icon"}, {".woff", "font/woff"},
                 {".woff2", "font/woff2"}, {".json", "application/json"}, {".map", "application/json"}};
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return NULL;
}

/* A safe relative name: letters, digits, '-', '_', '.', '/' and no "..". */
static bool safe_name(const char *s)
{
    if (!*s || strstr(s, "..") || s[0] == '/')
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.' || *p == '/'))
            return false;
    return true;
}

/* Did this request reach the user's browser over HTTPS: served with TLS here, or from the
 * named proxy saying X-Forwarded-Proto: https (from anyone else the header means nothing). */
static bool request_secure(struct MHD_Connection *c)
{
    if (tls_on)
        return true;
    if (!have_proxy)
        return false;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr || ci->client_addr->sa_family != AF_INET ||
        ((const struct sockaddr_in *)ci->client_addr)->sin_addr.s_addr != proxy_addr.s_addr)
        return false;
    const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return proto && !strcasecmp(proto, "https");
}

static void security_headers(struct MHD_Response *res, bool page, bool secure)
{
    if (secure) /* a year; browsers then never try plain HTTP for this host */
        MHD_add_response_header(res, "Strict-Transport-Security", "max-age=31536000");
    MHD_add_response_header(res, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                            "object-src 'none'");
    MHD_add_response_header(res, "X-Frame-Options", "DENY");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(res, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (page)
        MHD_add_response_header(res, "Cache-Control", "no-store");
}

static enum MHD_Result send_static(struct MHD_Connection *c, const struct web_conf *conf,
                                   const char *url)
{
    for (size_t i = 0; i < sizeof statics / sizeof statics[0]; i++) {
        size_t n = strlen(statics[i].prefix);
        if (strncmp(url, statics[i].prefix, n) || !safe_name(url + n) || !mime(url))
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s%s", conf->assets, statics[i].dir, url + n);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0)
            break;
        if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
            close(fd);
            break;
        }
        struct MHD_Response *res = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
        MHD_add_response_header(res, "Content-Type", mime(url));
        MHD_add_response_header(res, "Cache-Control", "public, max-age=3600");
        security_headers(res, false, request_secure(c));
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, res);
        MHD_destroy_response(res);
        return ok;
    }
    static const char nf[] = "Not found\n";
    struct MHD_Response *res =
        MHD_create_response_from_buffer(sizeof nf - 1, (void *)nf, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(res, "Content-Type", "text/plain; charset=utf-8");
    security_headers(res, false, request_secure(c));
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NOT_FOUND, res);
    MHD_destroy_response(res);
    return ok;
}

/* ---- the request cycle --------------------------------------------------------------- */
struct conn {
    struct buf body;              /* urlencoded: as sent, or a multipart form's other fields */
    bool too_big;
    struct MHD_PostProcessor *pp; /* a multipart form to an UPLOAD route */
    struct upload up;
    bool upload_failed;           /* the temporary file could not be made or written */
    bool malformed;               /* the multipart body could not be read */
};

/* The unlinked temporary file an upload streams into. */
static int upload_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[1100];
    snprintf(path, sizeof path, "%s/hearth-upload-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

/* One piece of a multipart form (libmicrohttpd's post processor): the file goes to the
 * temporary file, any other field into cn->body as urlencoded text for form_parse. A
 * return of MHD_NO ends the request (the connection is closed). */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    struct conn *cn = cls;
    struct upload *u = &cn->up;
    if (filename) {
        if (strcmp(key, "file") || (u->present && off == 0 && (u->size || strncmp(filename, u->name, sizeof u->name - 1)))) {
            /* one file only */
            u->extra = true;
            return MHD_YES;
        }
        if (!u->present) {
            if ((u->fd = upload_file()) < 0) {
                cn->upload_failed = true;
                return MHD_YES;
            }
            u->present = true;
            snprintf(u->name, sizeof u->name, "%s", filename);
            snprintf(u->type, sizeof u->type, "%s", content_type ? content_type : "");
        }
        if (u->fd < 0 || cn->upload_failed)
            return MHD_YES;
        if (u->size + (int64_t)size > WEB_UPLOAD_MAX) { /* a body sent without its length */
            u->size += (int64_t)size;
            return MHD_NO;
        }
        for (size_t done = 0; done < size;) {
            ssize_t w = write(u->fd, data + done, size - done);
            if (w <= 0) {
                cn->upload_failed = true;
                return MHD_YES;
            }
            done += (size_t)w;
        }
        u->size += (int64_t)size;
        return MHD_YES;
    }
    if (cn->body.len + 3 * size + 3 * strlen(key) + 2 > MAX_BODY) {
        cn->too_big = true;
        return MHD_NO;
    }
    if (off == 0) {
        if (cn->body.len)
            buf_addc(&cn->body, '&');
        url_encode(&cn->body, key);
        buf_addc(&cn->body, '=');
    }
    if (size && memchr(data, 0, size)) { /* a NUL byte: form_parse would refuse it too */
        cn->malformed = true;
        return MHD_YES;
    }
    char piece[1024]; /* data is not NUL-terminated */
    for (size_t done = 0; done < size;) {
        size_t n = size - done < sizeof piece - 1 ? size - done : sizeof piece - 1;
        memcpy(piece, data + done, n);
        piece[n] = 0;
        url_encode(&cn->body, piece);
        done += n;
    }
    return MHD_YES;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct buf *q = cls;
    if (q->len)
        buf_addc(q, '&');
    url_encode(q, key);
    buf_addc(q, '=');
    url_encode(q, value ? value : "");
    return MHD_YES;
}


/* A POST after the session went idle: keep what was typed as the user's draft for that
 * page, then ask them to sign in again and bring them back to it. */
static void save_idle_draft(struct req *r, const struct cw_user *u, struct resp *out)
{
    struct err e;
    err_clear(&e);
    /* a draft kept by the page's script names its form in the query */
    char path_key[300];
    draft_key(r, path_key, sizeof path_key);
    const char *key = path_key;
    if (!strcmp(r->path, "/drafts")) {
        key = form_get(&r->query, "form");
        if (!key || key[0] != '/' || key[1] == '/' || !safe_name(key + 1)) {
            redirect(out, "/sign-in?timeout=1");
            return;
        }
    }
    /* a record the user may not open keeps nothing of theirs */
    if (trust_draft_allowed(r, u, key, r->raw_body) &&
        cw_draft_put(r->st, u->id, key, r->raw_body ? r->raw_body : "", r->now, &e) != HE_OK)
        fprintf(stderr, "hearth serve: could not keep the draft of %s after the session went idle: %s\n",
                key, e.msg);
    struct buf loc = BUF_INIT;
    buf_adds(&loc, "/sign-in?timeout=1&next=");
    url_encode(&loc, key);
    redirect(out, buf_str(&loc));
    buf_free(&loc);
}

static void dispatch(struct req *r, struct MHD_Connection *c, struct resp *out)
{
    bool known;
    const struct route *rt =
        route_find(routes, N_ROUTES, r->method, r->path, r->ids, &r->n_ids, &known);
    if (!rt) {
        page_error(r, out, known ? 405 : 404, known ? "Not allowed" : "Page not found",
                   known ? "This page cannot be used that way." : "There is no page at this address.");
        return;
    }
    int flags = table[rt->handler].flags;
    const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
    char token[SESSION_TOKEN_LEN + 1];
    struct err e;
    err_clear(&e);
    enum cw_session_state state = CW_SESSION_NONE;
    int64_t uid = 0;
    bool found = false; /* the session and its user in one statement */
    struct cw_user user;
    if (session_from_cookie(cookie, token)) {
        session_token_digest(token, r->token_digest);
        int64_t last = 0;
        if (cw_session_user(r->st, r->token_digest, r->now, r->conf->idle_secs, &uid, r->csrf,
                            &state, &last, &user, &found, &e) != HE_OK) {
            page_error(r, out, 500, "Sorry, there is a problem", "The service could not read your session.");
            return;
        }
        if (state == CW_SESSION_LIVE && r->now - last >= 15)
            audit_touch(r->token_digest, r->now); /* written at most every 15 s */
        if (state == CW_SESSION_LIVE && found) {
            r->user = user;
            r->signed_in = true;
        }
    }
    /* the sign-in form's own token travels in a cookie of its own (double submit) */
    session_cookie_token(cookie, "hearth_pre", r->pre_token);
    bool post = !strcmp(r->method, "POST");
    if (post) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if ((flags & UPLOAD) && r->upload) {
            /* a multipart form: its fields were turned into urlencoded text (on_part) */
        } else if (!ct || strncmp(ct, "application/x-www-form-urlencoded", 33)) {
            page_error(r, out, 415, "Not accepted", "Forms are sent as application/x-www-form-urlencoded.");
            return;
        }
        if (form_parse(r->raw_body, strlen(r->raw_body), &r->body, &e) != HE_OK) {
            page_error(r, out, 400, "The form could not be read", e.msg);
            return;
        }
        const char *sent = form_get(&r->body, "csrf");
        if (!(flags & OPEN)) {
            if (state == CW_SESSION_IDLE && found && session_token_equal(sent, r->csrf)) {
                save_idle_draft(r, &user, out);
                return;
            }
            if (!r->signed_in || !session_token_equal(sent, r->csrf)) {
                page_error(r, out, 403, "Your request was refused",
                           "This form was not sent from a page of this service during your "
                           "session. Sign in and try again.");
                return;
            }
        } else if (!session_pre_check(r->pre_token, sent, r->now)) { /* issued by us only */
            page_error(r, out, 403, "Your request was refused",
                       "This form was not sent from this service's sign-in page. Go back, reload "
                       "the page and try again.");
            return;
        }
    }
    if (!(flags & OPEN) && !r->signed_in) {
        struct buf loc = BUF_INIT;
        buf_adds(&loc, state == CW_SESSION_IDLE ? "/sign-in?timeout=1&next=" : "/sign-in?next=");
        url_encode(&loc, r->path);
        redirect(out, buf_str(&loc));
        buf_free(&loc);
        return;
    }
    /* a partner agency's officer sees the hub's contacts and nothing else: no child's
     * record, no list, no figures, whatever the handler would allow */
    if (r->signed_in && r->user.role == ROLE_PARTNER && !(flags & (OPEN | PARTNER))) {
        page_error(r, out, 403, "Not available",
                   "Partner agencies' officers see only the contacts in the hub.");
        return;
    }
    table[rt->handler].fn(r, out);
    if (!strcmp(r->method, "POST"))
        service_ui_changed(); /* a form may have recorded something the figures count */
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    const struct web_conf *conf = cls;
    struct conn *cn = *con_cls;
    if (!cn) {
        /* a multipart form to a route that takes a file: parsed as it streams in, the file
         * into a temporary file (on_part), with the larger limit of a document */
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        bool takes_file = false;
        if (!strcmp(method, "POST") && ct && !strncasecmp(ct, "multipart/form-data", 19)) {
            int64_t ids[ROUTE_MAX_PARAMS];
            int n_ids;
            bool known;
            const struct route *rt = route_find(routes, N_ROUTES, method, url, ids, &n_ids, &known);
            takes_file = rt && (table[rt->handler].flags & UPLOAD);
        }
        unsigned long long limit = takes_file ? WEB_UPLOAD_MAX + MAX_BODY : MAX_BODY;
        /* a body declared larger than any form is refused before a byte of it is read
         * (and the connection closed), not waited for until the timeout */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && (strlen(cl) > 12 || strtoull(cl, NULL, 10) > limit)) {
            static const char big[] = "The form was larger than this service accepts (256 KB).\n";
            static const char big_file[] = "The file was larger than this service accepts (20 MB).\n";
            struct MHD_Response *res =
                takes_file ? MHD_create_response_from_buffer(sizeof big_file - 1, (void *)big_file, MHD_RESPMEM_PERSISTENT)
                       : MHD_create_response_from_buffer(sizeof big - 1, (void *)big, MHD_RESPMEM_PERSISTENT);
            MHD_add_response_header(res, "Content-Type", "text/plain; charset=utf-8");
            MHD_add_response_header(res, "Connection", "close");
            security_headers(res, false, request_secure(c));
            enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_CONTENT_TOO_LARGE, res);
            MHD_destroy_response(res);
            return ok;
        }
        /* return now and answer on a later call: queueing on the first call makes
         * libmicrohttpd close every connection (see engineering.md) */
        *con_cls = cn = xcalloc(1, sizeof *cn);
        cn->up.fd = -1;
        if (takes_file && !(cn->pp = MHD_create_post_processor(c, 64 * 1024, on_part, cn)))
            return MHD_NO; /* a multipart type without its boundary */
        return MHD_YES;
    }
    if (*upload_size && cn->pp) {
        enum MHD_Result more = MHD_post_process(cn->pp, upload, *upload_size);
        *upload_size = 0;
        return more; /* MHD_NO: more than a document may be; the connection is closed */
    }
    if (*upload_size) {
        if (cn->body.len + *upload_size > MAX_BODY)
            cn->too_big = true;
        else
            buf_add(&cn->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (!strcmp(method, "GET") && !strncmp(url, "/assets/", 8))
        return send_static(c, conf, url);

    double t0 = elapsed_now();
    struct req r = {.conf = conf, .method = method, .path = url};
    struct resp out = {.status = 200, .content_type = "text/html; charset=utf-8"};
    r.now = (int64_t)time(NULL);
    if (conf->today) {
        r.today = conf->today;
    } else {
        struct tm tm;
        time_t now = (time_t)r.now;
        localtime_r(&now, &tm);
        r.today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    if (cn->pp) { /* the form is whole: the parser's last field is flushed */
        if (MHD_destroy_post_processor(cn->pp) != MHD_YES)
            cn->malformed = true;
        cn->pp = NULL;
        r.upload = &cn->up;
    }
    r.raw_body = buf_str(&cn->body);
    struct buf q = BUF_INIT;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
    struct err e;
    err_clear(&e);
    if (strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "HEAD")) {
        page_error(&r, &out, 405, "Not allowed", "This service answers GET and POST only.");
    } else if (cn->too_big) {
        page_error(&r, &out, 413, "Too much text", "The form was larger than this service accepts (256 KB).");
    } else if (cn->malformed) {
        page_error(&r, &out, 400, "The form could not be read", "The form and its file were not sent whole.");
    } else if (cn->upload_failed) {
        page_error(&r, &out, 503, "Sorry, the service is unavailable", "The file could not be received: try again.");
    } else if (form_parse(buf_str(&q), q.len, &r.query, &e) != HE_OK) {
        page_error(&r, &out, 400, "The address could not be read", e.msg);
    } else if (!(r.st = thread_store(conf))) {
        page_error(&r, &out, 503, "Sorry, the service is unavailable", "The database could not be opened.");
    } else {
        dispatch(&r, c, &out);
    }
    buf_free(&q);
    /* rule: every view is in the access log before the page leaves (audit.c) */
    if (r.audit_ticket && audit_wait(r.audit_ticket, &e) != HE_OK) {
        fprintf(stderr, "hearth serve: %s %s: %s\n", method, url, e.msg);
        html_free(&out.body);
        if (out.stream.done)
            out.stream.done(out.stream.ctx);
        out = (struct resp){.status = 200, .content_type = "text/html; charset=utf-8"};
        page_error(&r, &out, 500, "Sorry, there is a problem with the service",
                   "The record could not be shown: try again in a moment.");
    }

    struct MHD_Response *res = NULL;
    if (out.stream.read && out.status == 200) {
        res = MHD_create_response_from_callback(out.stream.size, 64 * 1024, out.stream.read,
                                                out.stream.ctx, out.stream.done);
        if (res)
            out.stream.done = NULL; /* libmicrohttpd frees it now, sent or not */
        else
            out.status = 500;
    }
    if (out.stream.done) /* a stream not sent: freed here */
        out.stream.done(out.stream.ctx);
    if (!res) {
        size_t len = html_len(&out.body);
        char *data = out.body.b.data ? buf_detach(&out.body.b) : xstrdup("");
        res = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    }
    MHD_add_response_header(res, "Content-Type", out.content_type);
    bool secure = request_secure(c);
    security_headers(res, true, secure);
    if (out.location[0])
        MHD_add_response_header(res, "Location", out.location);
    if (out.disposition[0])
        MHD_add_response_header(res, "Content-Disposition", out.disposition);
    if (out.cookie[0] && secure) { /* over HTTPS the browser never sends it in the clear */
        char cookie[sizeof out.cookie + 16];
        snprintf(cookie, sizeof cookie, "%s; Secure", out.cookie);
        MHD_add_response_header(res, "Set-Cookie", cookie);
    } else if (out.cookie[0]) {
        MHD_add_response_header(res, "Set-Cookie", out.cookie);
    }
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)out.status, res);
    MHD_destroy_response(res);
    form_free(&r.query);
    form_free(&r.body);
    html_free(&out.body);
    if (getenv("HEARTH_LOG_REQUESTS")) {
        double ms = (elapsed_now() - t0) * 1e3;
        fprintf(stderr, "%s %s %d %.2f ms\n", method, url, out.status, ms);
    }
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn *cn = *con_cls;
    if (cn) {
        if (cn->pp)
            MHD_destroy_post_processor(cn->pp);
        if (cn->up.fd >= 0)
            close(cn->up.fd);
        buf_free(&cn->body);
        free(cn);
        *con_cls = NULL;
    }
}

/* A PEM file for TLS, whole, into b. */
static int read_pem(const char *path, const char *what, struct buf *b, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_at(e, HE_USAGE, path, 0, NULL, "cannot read the TLS %s: %s", what, strerror(errno));
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len < 1024 * 1024)
        buf_add(b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad || !strstr(buf_str(b), "-----BEGIN "))
        return err_at(e, HE_INPUT, path, 0, NULL, "the TLS %s is not a PEM file", what);
    return HE_OK;
}

/* The key's copy is wiped before it is freed. */
static void wipe_free(struct buf *b)
{
    if (b->data)
        sodium_memzero(b->data, b->len);
    buf_free(b);
}

static volatile sig_atomic_t stop;
static void on_signal(int sig) { stop = 1; }

int web_serve(const struct web_conf *conf, const char *listen, int threads, struct err *e)
{
    for (int i = 0; i < N_ROUTES; i++) {
        routes[i] = table[i].r;
        routes[i].handler = i;
    }
    int rc = dynlib_load(&mhd_lib, e);
    if (rc != HE_OK)
        return rc;
    char host[64];
    const char *colon = strrchr(listen, ':');
    long port = colon ? strtol(colon + 1, NULL, 10) : 0;
    if (!colon || (size_t)(colon - listen) >= sizeof host || port < 0 || port > 65535)
        return err_at(e, HE_USAGE, NULL, 0, "listen", "give --listen ADDRESS:PORT, such as 127.0.0.1:8080");
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return err_at(e, HE_USAGE, NULL, 0, "listen", "'%s' is not an IPv4 address", host);
    /* the database must open before we say we are listening; a new one is made (and
     * migrated), so a new authority starts at /setup */
    struct store *probe;
    if ((rc = store_open(conf->db, STORE_CREATE, &probe, e)) != HE_OK)
        return rc;
    store_close(probe);

    /* HTTPS here: the certificate (with its chain) and key, read before anything starts */
    struct buf cert = BUF_INIT, key = BUF_INIT;
    if (!conf->tls_cert != !conf->tls_key)
        return err_at(e, HE_USAGE, NULL, 0, "tls", "give both --tls-cert and --tls-key, or neither");
    if (conf->tls_cert && ((rc = read_pem(conf->tls_cert, "certificate", &cert, e)) != HE_OK ||
                           (rc = read_pem(conf->tls_key, "private key", &key, e)) != HE_OK)) {
        buf_free(&cert);
        wipe_free(&key);
        return rc;
    }
    tls_on = conf->tls_cert != NULL;
    have_proxy = false;
    if (conf->trusted_proxy) {
        if (inet_pton(AF_INET, conf->trusted_proxy, &proxy_addr) != 1) {
            buf_free(&cert);
            wipe_free(&key);
            return err_at(e, HE_USAGE, NULL, 0, "trusted-proxy", "'%s' is not an IPv4 address",
                          conf->trusted_proxy);
        }
        have_proxy = true;
    }
    if (!tls_on && !have_proxy && (ntohl(sa.sin_addr.s_addr) >> 24) != 127)
        fprintf(stderr,
                "hearth serve: WARNING: serving plain HTTP on %s, which other computers can reach:\n"
                "hearth serve: WARNING: passwords, session cookies and children's records would cross the\n"
                "hearth serve: WARNING: network unencrypted. Give --tls-cert and --tls-key, or put hearth\n"
                "hearth serve: WARNING: behind an HTTPS proxy named with --trusted-proxy (docs/operations.md).\n",
                host);

    if ((rc = audit_start(conf->db, e)) != HE_OK) {
        buf_free(&cert);
        wipe_free(&key);
        return rc;
    }
    /* the figures' warm-up on threads of their own while session_init makes its decoy hash
     * (a few tens of milliseconds of the start) */
    dashboard_warm(conf);
    bench_warm(conf);
    if ((rc = session_init(e)) != HE_OK) {
        audit_stop();
        buf_free(&cert);
        wipe_free(&key);
        return rc;
    }
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &sa},
        {MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, 60, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS, NULL},
        /* one client cannot hold every connection and starve the rest */
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, conf->per_address, NULL},
        {tls_on ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)buf_str(&cert)},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)buf_str(&key)},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | (tls_on ? MHD_USE_TLS : 0),
        0, NULL, NULL, on_request, (void *)conf, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!d) {
        int err = errno;
        audit_stop();
        buf_free(&cert);
        wipe_free(&key);
        return err_set(e, HE_INTERNAL, "could not listen on %s: %s%s", listen, strerror(err),
                       tls_on ? " (or the certificate and key do not make a pair)" : "");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("hearth serve: listening on %s://%s:%u/ (database %s)\n", tls_on ? "https" : "http", host,
           info ? info->port : (unsigned)port, conf->db);
    fflush(stdout);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    buf_free(&cert);
    wipe_free(&key);
    audit_stop();
    pthread_mutex_lock(&stores_lock);
    for (int i = 0; i < n_stores; i++)
        store_close(stores[i]);
    n_stores = 0;
    pthread_mutex_unlock(&stores_lock);
    printf("hearth serve: stopped\n");
    return HE_OK;
}
