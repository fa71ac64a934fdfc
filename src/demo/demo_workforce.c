/* demo_workforce: the demo authority's workforce (demo_workforce.h): posts in the demo
 * teams and a second assessment team, the demo users in theirs, made-up colleagues (names
 * chosen by the seed), agency workers, starters, leavers and absences in the half year to
 * 31 March of the demo's year, shaped so that the census figures come out as Durham's
 * (turnover 9.3%, as its report 003 says; vacancies 7.6%, agency workers 8.8% and sickness
 * absence 3.7%, close to its published figures): 28 FTE social workers in post, 2.3 FTE
 * vacant, 2.7 FTE agency, 2.6 FTE leavers, 262.5 FTE days of sickness in each area.
 * A larger authority has more areas, each the same shape (so the figures keep Durham's
 * proportions), one for about every AREA_CHILDREN children open, and every colleague in
 * post in a team that holds children is given 15 to 25 of the open children no one holds,
 * dealt round as a manager would: the team page shows workers with caseloads, not a few
 * holding everything. Everything goes through store/workforce.h, as the workforce page
 * would. */
#include "demo_workforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/casework.h"
#include "../store/workflow.h"
#include "../store/workforce.h"
#include "../util/buf.h"
#include "demo_users.h"

static const char *const given[] = {"Aisha", "Ben", "Chloe", "Dev", "Ellen", "Finn", "Grace", "Hamza",
                                    "Isla", "Jack", "Kiran", "Lena", "Marek", "Nia", "Owen", "Priya"};
static const char *const family[] = {"Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes",
                                     "Iqbal", "Jones", "Kaur", "Lewis", "Morris", "Nowak", "Oakes", "Patel"};

/* What a team's workers hold: the open children of one kind (casework.h), or none. */
enum holds { HOLDS_NONE = -1, HOLDS_CIN = OPEN_CIN, HOLDS_LA = OPEN_LA, HOLDS_LEAVER = OPEN_LEAVER };

struct worker {
    int64_t holder, staff, team;
    int kind;     /* enum cw_open_kind */
    int want, got;
};

struct ctx {
    struct store *s;
    uint64_t rng;
    int n_names;
    day_t y0;     /* 1 October before the year's end: the half year events fall in */
    int64_t team; /* the team being filled */
    int area;     /* 1 for the first; the others' teams are named with their number */
    enum holds holds; /* what the team's workers hold */
    bool casework;    /* the post being filled holds children (not a manager's) */
    struct worker *workers; /* colleagues in post who hold children */
    size_t n_workers, cap_workers;
};

static uint64_t next(struct ctx *c)
{
    c->rng += 0x9e3779b97f4a7c15ULL; /* splitmix64 */
    uint64_t z = c->rng;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void name(struct ctx *c, char out[64])
{
    uint64_t r = next(c);
    snprintf(out, 64, "%s %s (demo)", given[r % 16], family[(r >> 8) % 16]);
    c->n_names++;
}

static int post(struct ctx *c, const char *title, const char *role, int fte, int64_t *id, struct err *e)
{
    c->casework = strcmp(role, "team_manager") && strcmp(role, "other");
    struct wkf_post_in p = {.team_id = c->team, .title = title, .role = role, .fte = fte,
                            .opened = date_from_ymd(2019, 4, 1)};
    return wkf_post_add(c->s, 0, &p, 1, id, e);
}

/* Someone in the post from start (0: long before the year) (staff 0: a made-up colleague). */
static int hold(struct ctx *c, int64_t p, int64_t staff, const char *employment, int fte, day_t start,
                int64_t *holder, struct err *e)
{
    char who[64] = "";
    if (!staff)
        name(c, who);
    struct wkf_holder_in h = {.post_id = p, .staff_id = staff, .name = who, .employment = employment, .fte = fte,
                              .start = start ? start : date_from_ymd(2021, 9, 1), .start_reason = "joined"};
    int rc = wkf_holder_add(c->s, 0, &h, 1, holder, e);
    /* a made-up colleague of a team that holds children holds some (the demo users hold
     * theirs already: demo_users.c) */
    if (rc == HE_OK && !staff && c->holds != HOLDS_NONE && c->casework) {
        if (c->n_workers == c->cap_workers) {
            c->cap_workers = c->cap_workers ? 2 * c->cap_workers : 32;
            c->workers = xrealloc(c->workers, c->cap_workers * sizeof *c->workers);
        }
        struct worker *w = &c->workers[c->n_workers];
        *w = (struct worker){.holder = *holder, .team = c->team, .kind = (int)c->holds,
                             .want = DEMO_CASELOAD_MIN + (int)(next(c) % (DEMO_CASELOAD_MAX - DEMO_CASELOAD_MIN + 1))};
        if ((rc = wkf_holder_staff(c->s, *holder, &w->staff, e)) == HE_OK)
            c->n_workers++;
    }
    return rc;
}

/* The holder left on day: their children are not theirs to hold. */
static int leave(struct ctx *c, int64_t holder, day_t day, struct err *e)
{
    for (size_t i = 0; i < c->n_workers; i++)
        if (c->workers[i].holder == holder)
            c->workers[i] = c->workers[--c->n_workers];
    return wkf_holder_leave(c->s, holder, day, "left", e);
}

/* Sickness of n working days from the first working day on or after start. */
static int sick(struct ctx *c, int64_t holder, day_t start, int n, struct err *e)
{
    while (!date_is_working_day(start))
        start++;
    return wkf_absence_add(c->s, 0, holder, "sickness", start, date_add_working_days(start, n - 1), 1, NULL, e);
}

static int staff_of(struct store *s, const char *user, int64_t *staff, struct err *e)
{
    struct cw_user u;
    bool found = false;
    int rc = cw_user_by_name(s, user, &u, &found, e);
    *staff = found ? u.staff_id : 0;
    return rc;
}

/* Fill team name_ next, whose workers hold `holds`; the first area's teams are the demo's,
 * the others' are numbered ("Children in Care 2"). */
static int team(struct ctx *c, const char *name_, enum holds holds, struct err *e)
{
    char full[128];
    if (c->area > 1)
        snprintf(full, sizeof full, "%s %d", name_, c->area);
    else
        snprintf(full, sizeof full, "%s", name_);
    c->holds = holds;
    return cw_team_ensure(c->s, full, &c->team, e);
}

#define TRY(x)                                                                                                   \
    do {                                                                                                         \
        if ((rc = (x)) != HE_OK)                                                                                 \
            return rc;                                                                                           \
    } while (0)

/* The demo users' staff rows: in the first area; the other areas' posts are held by
 * made-up colleagues (0). */
struct users {
    int64_t fd, sw, cw, pa, tm, iro, an;
};

/* One area's teams and their year. */
static int area(struct ctx *c, int year, const struct users *u, struct err *e)
{
    struct store *s = c->s;
    day_t y0 = c->y0;
    int rc;
    int64_t p, h, h2;
    int64_t u_fd = u->fd, u_sw = u->sw, u_cw = u->cw, u_pa = u->pa, u_tm = u->tm, u_iro = u->iro, u_an = u->an;

    /* Front Door: 4.8 FTE in post, a vacancy covered by an agency worker */
    TRY(team(c, "Front Door", HOLDS_NONE, e));
    TRY(post(c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, u_fd, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 40, 5, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 60, 30, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker (part time)", "social_worker", 80, &p, e));
    TRY(hold(c, p, 0, "employed", 80, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "agency", 100, date_from_ymd(year - 2, 6, 1), &h, e));

    /* Assessment North: 5.7 FTE in post; a leaver replaced, a part-time leaver's post
     * covered by an agency worker, a post 0.3 short */
    TRY(team(c, "Assessment North", HOLDS_CIN, e));
    TRY(post(c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(c, p, u_tm, "employed", 100, 0, &h, e));
    TRY(post(c, "Senior practitioner", "senior_practitioner", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 100, 10, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, u_sw, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 7, 45, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(leave(c, h, y0 + 45, e));
    TRY(hold(c, p, 0, "employed", 100, y0 + 100, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 70, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 60, 0, &h, e));
    TRY(leave(c, h, y0 + 70, e));
    TRY(hold(c, p, 0, "agency", 100, y0 + 95, &h, e));

    /* Children in Care: 6 FTE in post; a leaver replaced; long-term sickness with an agency
     * worker beside */
    TRY(team(c, "Children in Care", HOLDS_LA, e));
    TRY(post(c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 120, 10, e));
    TRY(post(c, "Senior practitioner", "senior_practitioner", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, u_cw, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(leave(c, h, y0 + 130, e));
    TRY(hold(c, p, 0, "employed", 100, y0 + 160, &h, e));
    TRY(post(c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 5, 110, e));
    TRY(hold(c, p, 0, "agency", 70, y0 + 10, &h2, e));

    /* Independent Reviewing: 3 FTE */
    TRY(team(c, "Independent Reviewing", HOLDS_NONE, e));
    TRY(post(c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(c, p, u_iro, "employed", 100, 0, &h, e));
    TRY(post(c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(c, h, y0 + 150, 20, e));
    TRY(post(c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));

    /* Leaving Care: a team manager; personal advisers are not social workers */
    TRY(team(c, "Leaving Care", HOLDS_LEAVER, e));
    TRY(post(c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(c, "Personal adviser", "personal_adviser", 100, &p, e));
    TRY(hold(c, p, u_pa, "employed", 100, 0, &h, e));
    TRY(post(c, "Personal adviser", "personal_adviser", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));

    /* Performance: not social work, and one for the authority */
    if (c->area == 1) {
        TRY(team(c, "Performance", HOLDS_NONE, e));
        TRY(post(c, "Performance analyst", "other", 100, &p, e));
        TRY(hold(c, p, u_an, "employed", 100, 0, &h, e));
    }

    /* Assessment South: 7.5 FTE, holding the children no demo team holds */
    TRY(team(c, "Assessment South", HOLDS_CIN, e));
    TRY(post(c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(c, p, 0, "employed", 100, 0, &h, e));
    for (int i = 0; i < 7; i++) {
        int f = i == 6 ? 50 : 100;
        TRY(post(c, f == 100 ? "Social worker" : "Social worker (part time)", "social_worker", f, &p, e));
        TRY(hold(c, p, 0, "employed", f, 0, &h, e));
        TRY(sick(c, h, y0 + 20 + 14 * i, 5, e));
    }
    /* a parental leave running now (not sickness) */
    TRY(wkf_absence_add(s, 0, h, "parental", date_from_ymd(year, 11, 2), DAY_NONE, 1, NULL, e));
    (void)h2;
    return HE_OK;
}

/* Deal the open children no one holds to the workers, one child at a time round each
 * kind's workers, up to each one's 15 to 25. */
static int deal(struct ctx *c, int year, struct err *e)
{
    enum { MAX = 200000 };
    rec_id *kids = xmalloc(MAX * sizeof *kids);
    day_t from = date_from_ymd(year - 1, 4, 1);
    int rc = store_begin(c->s, e);
    /* looked-after children and care leavers first: a looked-after child's episode of need
     * is open too, and the children in care team holds them, not an assessment team */
    static const enum cw_open_kind kinds[] = {OPEN_LA, OPEN_LEAVER, OPEN_CIN};
    for (size_t q = 0; rc == HE_OK && q < sizeof kinds / sizeof kinds[0]; q++) {
        int kind = (int)kinds[q], n = 0;
        if ((rc = cw_children_open(c->s, kinds[q], year, kids, MAX, &n, e)) != HE_OK)
            break;
        for (int k = 0; rc == HE_OK && k < n;) {
            /* the next worker of this kind short of their caseload */
            bool dealt = false;
            for (size_t w = 0; rc == HE_OK && k < n && w < c->n_workers; w++) {
                struct worker *wk = &c->workers[w];
                if (wk->kind != kind || wk->got >= wk->want)
                    continue;
                struct cw_holder held;
                for (; rc == HE_OK && k < n; k++) /* the next child no one holds */
                    if ((rc = cw_holder(c->s, kids[k], &held, e)) == HE_OK && !held.team[0])
                        break;
                if (rc != HE_OK || k >= n)
                    break;
                if ((rc = cw_assign(c->s, kids[k++], wk->team, wk->staff, from, e)) == HE_OK) {
                    wk->got++;
                    dealt = true;
                }
            }
            if (!dealt)
                break;
        }
    }
    free(kids);
    return rc == HE_OK ? store_commit(c->s, e) : (store_rollback(c->s, NULL), rc);
}

/* The children open in one area, as cw_children_open counts them (a looked-after child
 * also has an open episode of need, so is counted twice): about the demo users' caseloads
 * and its 18 colleagues' in post who hold children, at about 20 each. */
#define AREA_CHILDREN 750

int demo_workforce_add(struct store *s, int year, uint64_t seed, struct err *e)
{
    struct ctx c = {.s = s, .rng = seed, .y0 = date_from_ymd(year - 1, 10, 1)};
    struct users u;
    int rc;
    TRY(staff_of(s, "frontdoor", &u.fd, e));
    TRY(staff_of(s, "social.worker", &u.sw, e));
    TRY(staff_of(s, "care.worker", &u.cw, e));
    TRY(staff_of(s, "adviser", &u.pa, e));
    TRY(staff_of(s, "manager", &u.tm, e));
    TRY(staff_of(s, "iro", &u.iro, e));
    TRY(staff_of(s, "analyst", &u.an, e));
    /* as many areas as the children open need */
    enum { MAX = 200000 };
    rec_id *kids = xmalloc(MAX * sizeof *kids);
    int open = 0;
    for (int kind = OPEN_CIN; rc == HE_OK && kind <= OPEN_LEAVER; kind++) {
        int n = 0;
        rc = cw_children_open(s, (enum cw_open_kind)kind, year, kids, MAX, &n, e);
        open += n;
    }
    free(kids);
    int areas = (open + AREA_CHILDREN / 2) / AREA_CHILDREN;
    static const struct users none;
    for (c.area = 1; rc == HE_OK && c.area <= (areas > 1 ? areas : 1); c.area++)
        rc = area(&c, year, c.area == 1 ? &u : &none, e);
    if (rc == HE_OK)
        rc = deal(&c, year, e);
    free(c.workers);
    return rc;
}
