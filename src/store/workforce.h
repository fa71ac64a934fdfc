/* workforce (store): the authority's posts, the people in them, their absences, the
 * caseload weights the authority sets, and the figures of the DfE's children's social work
 * workforce census worked out from them for a year (store_workforce.c, on the portable db.h
 * layer). A holder's children are those allocated to their staff row (casework.h, team.h).
 * Who may see or change these records is the pages' check (administrators and team
 * managers only). Every write is one transaction; HE_INPUT with e->field the form field at
 * fault, and nothing written, when it is refused.
 *
 * FTE and weights are in hundredths (1.00 FTE = 100). A holder is in a post on day d when
 * start <= d and (left_on is not set or left_on > d): left_on is the leaving date, and a
 * worker who leaves on the census date is a leaver of the year, not in post on it.
 * Ownership: lists are allocated in the caller's arena; strings passed in are copied
 * before the call returns. */
#ifndef HEARTH_STORE_WORKFORCE_H
#define HEARTH_STORE_WORKFORCE_H

#include <stdbool.h>
#include <stdint.h>

#include "../date/date.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "store.h"

/* Codes and their plain English (static tables). */
struct wkf_code {
    const char *code, *label;
};
extern const struct wkf_code wkf_roles[];         /* social_worker ... other */
extern const int wkf_n_roles;
extern const struct wkf_code wkf_absence_kinds[]; /* sickness parental other */
extern const int wkf_n_absence_kinds;
extern const struct wkf_code wkf_weight_kinds[];  /* cp la cin other */
#define WKF_WEIGHT_KINDS 4
/* The label of a code in a table, or the code itself ("" for NULL). */
const char *wkf_label(const struct wkf_code *t, int n, const char *code);
/* A role whose holders are children and family social workers in the DfE's census
 * (registered social workers: social worker, senior practitioner, practice supervisor,
 * team manager, senior manager). */
bool wkf_role_counts(const char *role);
/* "0.6", "1", "0.75", ".5" as hundredths of an FTE (1..100); -1 when not such a number. */
int wkf_parse_fte(const char *s);
/* "1.5", "2", "0" as hundredths of a weight (0..1000); -1 otherwise. */
int wkf_parse_weight(const char *s);
/* 60 -> "0.6", 100 -> "1", 75 -> "0.75" */
void wkf_fte_text(int64_t hundredths, char out[24]);

struct wkf_post_in {
    int64_t team_id;
    const char *title, *role;
    int fte;                 /* hundredths */
    day_t opened;
};
/* A new post. HE_INPUT (field "team") when there is no such team. */
HE_MUST_CHECK int wkf_post_add(struct store *s, int64_t user, const struct wkf_post_in *p, int64_t now,
                               int64_t *id, struct err *e);
/* Close a post from day (nobody may be in it then: field "closed"). */
HE_MUST_CHECK int wkf_post_close(struct store *s, int64_t post, day_t day, struct err *e);

struct wkf_holder_in {
    int64_t post_id;
    int64_t staff_id;        /* the staff row (a hearth user's), or 0: a new staff row for name */
    const char *name;        /* when staff_id is 0 */
    const char *employment;  /* employed agency */
    int fte;                 /* hundredths */
    day_t start;
    const char *start_reason; /* joined moved */
};
/* Someone starts in a post. Refused: the post not open on start (field "start"); the
 * same worker already in it then ("staff"); employed holders' FTE over the post's ("fte"). */
HE_MUST_CHECK int wkf_holder_add(struct store *s, int64_t user, const struct wkf_holder_in *h, int64_t now,
                                 int64_t *id, struct err *e);
/* The holder leaves the post on day (after their start; field "left_on"), reason left
 * (the authority) or moved (to another post in it). */
HE_MUST_CHECK int wkf_holder_leave(struct store *s, int64_t holder, day_t day, const char *reason,
                                   struct err *e);

/* An absence from start to end (DAY_NONE: not yet back); the holder must be in post on
 * start (field "start"), end not before start ("end"). */
HE_MUST_CHECK int wkf_absence_add(struct store *s, int64_t user, int64_t holder, const char *kind, day_t start,
                                  day_t end, int64_t now, int64_t *id, struct err *e);
/* The day an open absence ended (not before its start: field "end"). */
HE_MUST_CHECK int wkf_absence_end(struct store *s, int64_t absence, day_t end, struct err *e);

/* The weights, in wkf_weight_kinds' order, hundredths; a kind never set weighs 1 (100). */
HE_MUST_CHECK int wkf_weights(struct store *s, int out[WKF_WEIGHT_KINDS], struct err *e);
/* Set every weight at once (0..1000 each; field: the kind's code). */
HE_MUST_CHECK int wkf_weights_set(struct store *s, int64_t user, const int w[WKF_WEIGHT_KINDS], int64_t now,
                                  struct err *e);

struct wkf_holder {
    int64_t id, post_id, staff_id;
    const char *name, *employment, *start_reason, *leave_reason;
    int fte;
    day_t start, left_on;    /* left_on DAY_NONE when still in post */
    bool absent;             /* away on the day asked about */
    const char *absence_kind;
    int64_t absence_id;      /* the absence on that day, 0 when none */
};
struct wkf_post {
    int64_t id, team_id;
    const char *team, *title, *role;
    int fte;
    day_t opened, closed;
    int employed_fte, agency_fte; /* of holders in post on the day */
    int vacancy_fte;              /* fte less employed_fte, not below 0 */
    struct wkf_holder *holders;   /* everyone ever in the post, newest start first */
    int n_holders;
};
/* Posts open on day (all of them when all is true), of one team (0: every team), by team
 * and title, with their holders and what they are on day. */
HE_MUST_CHECK int wkf_posts(struct store *s, int64_t team, day_t day, bool all, struct arena *mem,
                            struct wkf_post **out, int *n, struct err *e);
/* One post (its holders as wkf_posts on day); *found false when none. */
HE_MUST_CHECK int wkf_post_get(struct store *s, int64_t post, day_t day, struct arena *mem, struct wkf_post *out,
                               bool *found, struct err *e);
/* The post a holder is in (0 when no such holder); absence likewise gives its holder. */
HE_MUST_CHECK int wkf_holder_post(struct store *s, int64_t holder, int64_t *post, struct err *e);
/* The staff row a holder's children are allocated to (0 when no such holder). */
HE_MUST_CHECK int wkf_holder_staff(struct store *s, int64_t holder, int64_t *staff, struct err *e);
HE_MUST_CHECK int wkf_absence_holder(struct store *s, int64_t absence, int64_t *holder, struct err *e);

struct wkf_caseload {
    int64_t holder_id, staff_id;
    const char *name, *team, *title, *role, *employment;
    int fte;
    int cases;               /* children allocated to the worker on the day */
    int by_kind[WKF_WEIGHT_KINDS]; /* of them: on a protection plan, looked after, in need, other */
    int64_t weighted;        /* hundredths: each child at the weight of its heaviest kind */
};
/* Everyone in post on day (one team, or 0: all), by team and name, with their caseload. */
HE_MUST_CHECK int wkf_caseloads(struct store *s, int64_t team, day_t day, struct arena *mem,
                                struct wkf_caseload **out, int *n, struct err *e);

/* The census figures for the year from..to (the DfE's is 1 October to 30 September), on
 * children and family social workers (wkf_role_counts), FTE in hundredths:
 * in post, agency and vacancies on `to`; starters and leavers in the year (joined or left
 * the authority, employed only); agency workers covering vacancies (in a post with a
 * vacancy, at most the vacancy); case holders (employed, in post on `to`, holding at least
 * one child) and their children; sickness absence in the year in FTE working days and the
 * FTE working days available (in post on `to` x 253 for a whole year, pro rata by days for
 * a shorter or longer period). */
struct wkf_census {
    int64_t in_post, starters, leavers, agency, agency_cover, vacancies;
    int64_t case_holders;    /* FTE hundredths */
    int64_t cases;           /* children */
    int64_t days_lost;       /* hundredths of an FTE working day */
    int64_t days_available;  /* hundredths of an FTE working day */
    int64_t absent_now;      /* holders (any role) away on `today` */
};
HE_MUST_CHECK int wkf_census(struct store *s, day_t from, day_t to, day_t today, struct wkf_census *out,
                             struct err *e);

#endif
