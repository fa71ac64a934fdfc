/* web: what the server (server.c) and the pages (pages_*.c) share. A request arrives
 * parsed and checked (session, CSRF, form); a handler fills a response; server.c adds the
 * security headers and sends it. Handlers speak to the store only through casework.h and
 * store.h, and write pages only through html.h.
 * Ownership: server.c owns struct req and struct resp and frees them after sending. */
#ifndef HEARTH_WEB_H
#define HEARTH_WEB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../store/casework.h"
#include "../store/store.h"
#include "form.h"
#include "html.h"
#include "router.h"

struct web_conf {
    const char *db;
    const char *assets;    /* folder holding node_modules/ and www/ */
    day_t today;           /* DAY_NONE: the real date each request */
    int idle_secs;         /* session idle timeout */
    long long population;  /* for the dashboard's rates; 0: the database's setting */
    bool demo;             /* show the demo banner */
    unsigned per_address;  /* connections one client address may hold (0: no limit) */
    const char *tls_cert;  /* PEM files: serve HTTPS itself when both are given */
    const char *tls_key;
    const char *trusted_proxy; /* IPv4 address of the HTTPS proxy in front (or NULL): its
                                * X-Forwarded-Proto, and only its, is believed */
};

/* A file sent with a multipart form to a route marked UPLOAD in server.c: streamed to an
 * unlinked temporary file as it arrives, never held in memory (libmicrohttpd's post
 * processor parses the multipart body). Owned by server.c, which closes fd after the
 * handler. Everything in it came from the client and is hostile. */
#define WEB_UPLOAD_MAX (20 * 1024 * 1024)
struct upload {
    bool present;        /* a file field named "file" with a file name came */
    bool extra;          /* more than one file came: the others were dropped */
    int fd;              /* the bytes (read with pread from 0); -1 when none */
    int64_t size;
    char name[256];      /* the file name as the browser sent it (truncated) */
    char type[128];      /* the Content-Type the browser claimed */
};

struct req {
    const struct web_conf *conf;
    struct store *st;
    const char *method, *path;
    struct form query, body;
    const char *raw_body;        /* the urlencoded body as sent (for drafts) */
    int64_t ids[ROUTE_MAX_PARAMS];
    int n_ids;
    bool signed_in;
    struct cw_user user;
    char csrf[65];
    char token_digest[65];
    char pre_token[65];          /* the sign-in form's double-submit token, from its cookie */
    day_t today;
    int64_t now;
    uint64_t audit_ticket;       /* a view being logged: server.c waits for it before sending */
    const struct upload *upload; /* the file of a multipart form (UPLOAD routes), else NULL */
};

struct resp {
    int status;
    struct html body;
    char location[600];
    char cookie[300];
    const char *content_type;
    char disposition[1000];      /* a Content-Disposition header (a file to save), or "" */
    /* A body sent after the handler returns, a piece at a time (a document), instead of
     * body: read is libmicrohttpd's content reader (fills buf from pos, at most max bytes;
     * returns how many, or -2 to end the response as failed), done frees ctx whatever
     * happens, size is the Content-Length. read NULL: body is sent. */
    struct {
        uint64_t size;
        ssize_t (*read)(void *ctx, uint64_t pos, char *buf, size_t max);
        void (*done)(void *ctx);
        void *ctx;
    } stream;
};

/* Field errors for a form: shown in the GOV.UK error summary and beside each field. */
#define FE_MAX 16
struct field_errors {
    int n;
    const char *field[FE_MAX];
    char msg[FE_MAX][300];
};
void fe_add(struct field_errors *fe, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *fe_get(const struct field_errors *fe, const char *field);

/* Page frame: GOV.UK template, header, navigation for the user's role, main content. */
void page_render(struct req *r, struct resp *out, const char *title, const struct html *main);
void page_error(struct req *r, struct resp *out, int status, const char *title, const char *msg);
void redirect(struct resp *out, const char *location); /* 303 See Other */

/* Form parts (GOV.UK components); value and error may be NULL. */
void ui_error_summary(struct html *h, const struct field_errors *fe);
void ui_csrf(struct html *h, const struct req *r);
void ui_text(struct html *h, const char *name, const char *label, const char *hint,
             const char *value, const struct field_errors *fe, int width);
void ui_textarea(struct html *h, const char *name, const char *label, const char *hint,
                 const char *value, const struct field_errors *fe);
/* Date as day, month, year fields named NAME-day, NAME-month, NAME-year. */
void ui_date(struct html *h, const char *name, const char *legend, const char *hint,
             const struct form *values, const struct field_errors *fe);
void ui_date_value(struct html *h, const char *name, const char *legend, const char *hint,
                   day_t value, const struct field_errors *fe);
struct ui_option {
    const char *value, *label;
};
void ui_radios(struct html *h, const char *name, const char *legend, const struct ui_option *opts,
               int n, const char *value, const struct field_errors *fe);
void ui_select(struct html *h, const char *name, const char *label, const struct ui_option *opts,
               int n, const char *value, const struct field_errors *fe);

/* Read a date from NAME-day/-month/-year; adds a field error and gives DAY_NONE when
 * missing (if required) or impossible. */
day_t form_date(const struct form *f, const char *name, const char *what, bool required,
                struct field_errors *fe);

/* Drafts: the form body kept for this user and path. */
void draft_save(struct req *r);
void draft_clear(struct req *r);
/* The draft as a form, when there is one (returns false otherwise). */
bool draft_load(struct req *r, struct form *f);
/* The draft's key: the path, and ?child=N when the address names a child. */
void draft_key(const struct req *r, char *key, size_t n);
/* "This form holds your draft" with a button that discards it (outside the form). */
void draft_banner(struct html *m, const struct req *r);

/* Handlers. */
typedef void (*handler_fn)(struct req *r, struct resp *out);
void h_home(struct req *r, struct resp *out);
void h_sign_in_form(struct req *r, struct resp *out);
void h_sign_in(struct req *r, struct resp *out);
void h_sign_out(struct req *r, struct resp *out);
void h_setup_form(struct req *r, struct resp *out);
void h_setup(struct req *r, struct resp *out);
void h_my_work(struct req *r, struct resp *out);
/* Authorisation requests about children r's user may not open: the name and the words about
 * them replaced by what a list shows for such a record (pages_tray.c). */
struct wf_request;
int mask_requests(struct req *r, struct wf_request *q, size_t n, struct err *e);
void h_search(struct req *r, struct resp *out);
void h_child(struct req *r, struct resp *out);
void h_front_door(struct req *r, struct resp *out);
void h_contact_form(struct req *r, struct resp *out);
void h_contact_post(struct req *r, struct resp *out);
void h_decision_form(struct req *r, struct resp *out);
void h_decision_post(struct req *r, struct resp *out);
void h_assessment_form(struct req *r, struct resp *out);
void h_assessment_post(struct req *r, struct resp *out);
void h_authorise_post(struct req *r, struct resp *out);
void h_dashboard(struct req *r, struct resp *out);
void h_strategy_form(struct req *r, struct resp *out);
void h_strategy_post(struct req *r, struct resp *out);
void h_icpc_form(struct req *r, struct resp *out);
void h_icpc_post(struct req *r, struct resp *out);
void h_care_form(struct req *r, struct resp *out);
void h_care_post(struct req *r, struct resp *out);
void h_draft_post(struct req *r, struct resp *out);
void h_allocate_post(struct req *r, struct resp *out);
void h_dashboard_csv(struct req *r, struct resp *out);
void h_trend_csv(struct req *r, struct resp *out);
void h_team(struct req *r, struct resp *out);
void h_team_allocate(struct req *r, struct resp *out);
/* Workflow: the manager's tray, an assessment's authorisation, transfers (pages_tray.c),
 * tasks (pages_tasks.c), drafts discarded (pages_forms.c). */
void h_tray(struct req *r, struct resp *out);
void h_tray_decide(struct req *r, struct resp *out);
void h_transfer_form(struct req *r, struct resp *out);
void h_transfer_post(struct req *r, struct resp *out);
void h_tasks(struct req *r, struct resp *out);
void h_task_form(struct req *r, struct resp *out);
void h_task_post(struct req *r, struct resp *out);
void h_task_view(struct req *r, struct resp *out);
void h_task_done(struct req *r, struct resp *out);
void h_task_cancel(struct req *r, struct resp *out);
void h_draft_discard(struct req *r, struct resp *out);
/* The workforce: posts, the people in them, absences, caseload weights (pages_workforce.c). */
void h_workforce(struct req *r, struct resp *out);
/* The managers' More page and whether path is one of its pages (pages_more.c). */
void h_more(struct req *r, struct resp *out);
bool more_page_here(const char *path);
void h_workforce_post_view(struct req *r, struct resp *out);
#define WORKFORCE_HANDLERS(X) \
    X(post) X(holder) X(close) X(leave) X(absence) X(absence_end) X(weights)
#define X(n) void h_workforce_##n##_form(struct req *r, struct resp *out); \
             void h_workforce_##n##_post(struct req *r, struct resp *out);
WORKFORCE_HANDLERS(X)
#undef X
/* the hub at the front door (pages_mash.c): the only pages a partner officer reaches */
void h_mash(struct req *r, struct resp *out);
void h_mash_contact(struct req *r, struct resp *out);
void h_mash_check_post(struct req *r, struct resp *out);
void h_mash_rate_post(struct req *r, struct resp *out);
void h_mash_add_form(struct req *r, struct resp *out);
void h_mash_add_post(struct req *r, struct resp *out);
/* The later stage forms (pages_stages.c), GET and POST of each. */
#define STAGE_HANDLERS(X) \
    X(cp_review) X(cp_end) X(cin_plan) X(cin_plan_end) X(la_review) X(visit) X(missing) \
    X(return) X(cease) X(adoption) X(pathway) X(leaver) X(closure) X(family)
#define X(n) void h_##n##_form(struct req *r, struct resp *out); \
             void h_##n##_post(struct req *r, struct resp *out);
STAGE_HANDLERS(X)
#undef X
/* Case notes and the chronology (pages_notes.c). */
void h_notes(struct req *r, struct resp *out);
void h_note_form(struct req *r, struct resp *out);
void h_note_post(struct req *r, struct resp *out);
void h_note(struct req *r, struct resp *out);
void h_note_amend_form(struct req *r, struct resp *out);
void h_note_amend_post(struct req *r, struct resp *out);
void h_chronology(struct req *r, struct resp *out);
void h_chronology_print(struct req *r, struct resp *out);
/* The content of the work: assessments' text and authorisation (pages_assessment.c),
 * meetings (pages_meetings.c), plans and their actions (pages_plans.c). */
void h_assessment_view(struct req *r, struct resp *out);
void h_assessment_edit_form(struct req *r, struct resp *out);
void h_assessment_edit_post(struct req *r, struct resp *out);
void h_assessment_decision_form(struct req *r, struct resp *out);
void h_assessment_decision_post(struct req *r, struct resp *out);
void h_meetings(struct req *r, struct resp *out);
void h_meeting_view(struct req *r, struct resp *out);
void h_plans(struct req *r, struct resp *out);
void h_plan_form(struct req *r, struct resp *out);
void h_plan_post(struct req *r, struct resp *out);
void h_plan_view(struct req *r, struct resp *out);
void h_plan_meeting_form(struct req *r, struct resp *out);
void h_plan_meeting_post(struct req *r, struct resp *out);
/* Documents on the record (pages_documents.c) and the print-ready pages (pages_print.c). */
void h_documents(struct req *r, struct resp *out);
void h_document_form(struct req *r, struct resp *out);
void h_document_post(struct req *r, struct resp *out);
void h_document(struct req *r, struct resp *out);
/* The documents attached to one note, meeting or plan of the child (about: "note",
 * "meeting", "plan"), with a link to attach another: for that record's own page. */
void docs_about(struct html *h, struct req *r, rec_id person, const char *about, int64_t id);
/* The file name a browser sent, made safe to keep and show (the last part of a path, no
 * control or file-system characters, whole UTF-8 characters, at most 200 bytes). */
void doc_safe_name(const char *in, char out[201]);
void h_assessment_print(struct req *r, struct resp *out);
void h_plan_print(struct req *r, struct resp *out);
void h_invitation_print(struct req *r, struct resp *out);
/* Work out the dashboard's default figures in the background (dashboard.c). */
void dashboard_warm(const struct web_conf *conf);
/* Build the published figures the report and benchmarking pages share, likewise (benchmarks.c). */
void bench_warm(const struct web_conf *conf);

/* Restricted records, break-glass and sign-in checks (pages_trust.c). trust_gate answers
 * (403 with a break-glass form, or a plain 403) and returns false unless the user may open
 * person now; trust_sign_in checks lock-out, password and second factor for a known user. */
bool trust_gate(struct req *r, struct resp *out, rec_id person);
bool trust_sign_in(struct req *r, const struct cw_user *u, const char *pw, struct field_errors *fe);
/* May u keep a draft of the form at key (body: the urlencoded form): only when the record the
 * form is about, if any, is one u may open now. Checked before any draft is written. */
bool trust_draft_allowed(struct req *r, const struct cw_user *u, const char *key, const char *body);
void h_break_glass_post(struct req *r, struct resp *out);
void h_break_glass(struct req *r, struct resp *out);
void h_break_glass_reviewed(struct req *r, struct resp *out);
/* The signed-in user's own password (pages_account.c). */
void h_password_form(struct req *r, struct resp *out);
void h_password_post(struct req *r, struct resp *out);

/* The child as a person, and duplicate records (pages_people.c). */
void h_detail_form(struct req *r, struct resp *out);
void h_detail_post(struct req *r, struct resp *out);
void h_detail_history(struct req *r, struct resp *out);
void h_address_form(struct req *r, struct resp *out);
void h_address_post(struct req *r, struct resp *out);
void h_professional_form(struct req *r, struct resp *out);
void h_professional_post(struct req *r, struct resp *out);
void h_professional_end_form(struct req *r, struct resp *out);
void h_professional_end_post(struct req *r, struct resp *out);
void h_alert_form(struct req *r, struct resp *out);
void h_alert_post(struct req *r, struct resp *out);
void h_alert_end_form(struct req *r, struct resp *out);
void h_alert_end_post(struct req *r, struct resp *out);
void h_duplicates(struct req *r, struct resp *out);
void h_duplicate(struct req *r, struct resp *out);
void h_duplicate_merge(struct req *r, struct resp *out);
void h_merge_undo(struct req *r, struct resp *out);
void h_merge_confirm(struct req *r, struct resp *out);

/* The child a handler is about, checked against the user: logs the view (page names what
 * was opened) and returns true, or answers 403/404 and returns false. */
bool child_open(struct req *r, struct resp *out, rec_id person, const char *page);

/* The access log's writer (audit.c): audit_log returns once the entry is committed;
 * audit_queue hands it over and returns a ticket at once, audit_wait(ticket) returns once
 * it is committed (HE_INTERNAL when its batch failed). */
int audit_start(const char *db, struct err *e);
void audit_stop(void);
int audit_log(int64_t user, rec_id person, const char *page, int64_t at, struct err *e);
int audit_queue(int64_t user, rec_id person, const char *page, int64_t at, uint64_t *ticket,
                struct err *e);
int audit_wait(uint64_t ticket, struct err *e);
void audit_touch(const char *token_digest, int64_t at); /* marks a session seen, no wait */

/* The server (server.c): runs until SIGINT or SIGTERM. */
int web_serve(const struct web_conf *conf, const char *listen, int threads, struct err *e);

#endif
