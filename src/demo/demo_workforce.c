/* demo_workforce: the demo authority's workforce (demo_workforce.h): posts in the demo
 * teams and a second assessment team, the demo users in theirs, made-up colleagues (names
 * chosen by the seed), agency workers, starters, leavers and absences in the half year to
 * 31 March of the demo's year, shaped so that the census figures come out as Durham's
 * (turnover 9.3%, as its report 003 says; vacancies 7.6%, agency workers 8.8% and sickness
 * absence 3.7%, close to its published figures): 28 FTE social workers in post, 2.3 FTE
 * vacant, 2.7 FTE agency, 2.6 FTE leavers, 262.5 FTE days of sickness. Children open beyond
 * those the demo teams hold are allocated to the second assessment team's workers, up to
 * 15 each, so that caseloads follow the authority's size. Everything goes through
 * store/workforce.h, as the workforce page would. */
#include "demo_workforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/casework.h"
#include "../store/workforce.h"
#include "../util/buf.h"

static const char *const given[] = {"Aisha", "Ben", "Chloe", "Dev", "Ellen", "Finn", "Grace", "Hamza",
                                    "Isla", "Jack", "Kiran", "Lena", "Marek", "Nia", "Owen", "Priya"};
static const char *const family[] = {"Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes",
                                     "Iqbal", "Jones", "Kaur", "Lewis", "Morris", "Nowak", "Oakes", "Patel"};

struct ctx {
    struct store *s;
    uint64_t rng;
    int n_names;
    day_t y0;     /* 1 October before the year's end: the half year events fall in */
    int64_t team; /* the team being filled */
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
    return wkf_holder_add(c->s, 0, &h, 1, holder, e);
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

static int team(struct ctx *c, const char *name_, struct err *e) { return cw_team_ensure(c->s, name_, &c->team, e); }

#define TRY(x)                                                                                                   \
    do {                                                                                                         \
        if ((rc = (x)) != HE_OK)                                                                                 \
            return rc;                                                                                           \
    } while (0)

int demo_workforce_add(struct store *s, int year, uint64_t seed, struct err *e)
{
    struct ctx c = {.s = s, .rng = seed, .y0 = date_from_ymd(year - 1, 10, 1)};
    day_t y0 = c.y0;
    int rc;
    int64_t p, h, h2;
    int64_t u_fd, u_sw, u_cw, u_pa, u_tm, u_iro, u_an;
    TRY(staff_of(s, "frontdoor", &u_fd, e));
    TRY(staff_of(s, "social.worker", &u_sw, e));
    TRY(staff_of(s, "care.worker", &u_cw, e));
    TRY(staff_of(s, "adviser", &u_pa, e));
    TRY(staff_of(s, "manager", &u_tm, e));
    TRY(staff_of(s, "iro", &u_iro, e));
    TRY(staff_of(s, "analyst", &u_an, e));

    /* Front Door: 4.8 FTE in post, a vacancy covered by an agency worker */
    TRY(team(&c, "Front Door", e));
    TRY(post(&c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, u_fd, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 40, 5, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 60, 30, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker (part time)", "social_worker", 80, &p, e));
    TRY(hold(&c, p, 0, "employed", 80, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "agency", 100, date_from_ymd(year - 2, 6, 1), &h, e));

    /* Assessment North: 5.7 FTE in post; a leaver replaced, a part-time leaver's post
     * covered by an agency worker, a post 0.3 short */
    TRY(team(&c, "Assessment North", e));
    TRY(post(&c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(&c, p, u_tm, "employed", 100, 0, &h, e));
    TRY(post(&c, "Senior practitioner", "senior_practitioner", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 100, 10, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, u_sw, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 7, 45, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(wkf_holder_leave(s, h, y0 + 45, "left", e));
    TRY(hold(&c, p, 0, "employed", 100, y0 + 100, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 70, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 60, 0, &h, e));
    TRY(wkf_holder_leave(s, h, y0 + 70, "left", e));
    TRY(hold(&c, p, 0, "agency", 100, y0 + 95, &h, e));

    /* Children in Care: 6 FTE in post; a leaver replaced; long-term sickness with an agency
     * worker beside */
    TRY(team(&c, "Children in Care", e));
    TRY(post(&c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 120, 10, e));
    TRY(post(&c, "Senior practitioner", "senior_practitioner", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, u_cw, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(wkf_holder_leave(s, h, y0 + 130, "left", e));
    TRY(hold(&c, p, 0, "employed", 100, y0 + 160, &h, e));
    TRY(post(&c, "Social worker", "social_worker", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 5, 110, e));
    TRY(hold(&c, p, 0, "agency", 70, y0 + 10, &h2, e));

    /* Independent Reviewing: 3 FTE */
    TRY(team(&c, "Independent Reviewing", e));
    TRY(post(&c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(&c, p, u_iro, "employed", 100, 0, &h, e));
    TRY(post(&c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(sick(&c, h, y0 + 150, 20, e));
    TRY(post(&c, "Independent reviewing officer", "senior_practitioner", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));

    /* Leaving Care: a team manager; personal advisers are not social workers */
    TRY(team(&c, "Leaving Care", e));
    TRY(post(&c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    TRY(post(&c, "Personal adviser", "personal_adviser", 100, &p, e));
    TRY(hold(&c, p, u_pa, "employed", 100, 0, &h, e));
    TRY(post(&c, "Personal adviser", "personal_adviser", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));

    /* Performance: not social work */
    TRY(team(&c, "Performance", e));
    TRY(post(&c, "Performance analyst", "other", 100, &p, e));
    TRY(hold(&c, p, u_an, "employed", 100, 0, &h, e));

    /* Assessment South: 7.5 FTE, holding the children no demo team holds */
    TRY(team(&c, "Assessment South", e));
    TRY(post(&c, "Team manager", "team_manager", 100, &p, e));
    TRY(hold(&c, p, 0, "employed", 100, 0, &h, e));
    int64_t south[7];
    for (int i = 0; i < 7; i++) {
        int f = i == 6 ? 50 : 100;
        TRY(post(&c, f == 100 ? "Social worker" : "Social worker (part time)", "social_worker", f, &p, e));
        TRY(hold(&c, p, 0, "employed", f, 0, &h, e));
        TRY(sick(&c, h, y0 + 20 + 14 * i, 5, e));
        TRY(wkf_holder_staff(s, h, &south[i], e));
    }
    /* a parental leave running now (not sickness) */
    TRY(wkf_absence_add(s, 0, h, "parental", date_from_ymd(year, 11, 2), DAY_NONE, 1, NULL, e));

    /* children open beyond the first 150 of each kind (those the demo teams hold) */
    enum { HELD = 150, MAX = 2000, EACH = 15 };
    rec_id *kids = xmalloc(MAX * sizeof *kids);
    int n = 0, given_n = 0;
    rc = cw_children_open(s, OPEN_CIN, year, kids, MAX, &n, e);
    day_t from = date_from_ymd(year - 1, 4, 1);
    if (rc == HE_OK && n > HELD)
        rc = store_begin(s, e);
    for (int k = HELD; rc == HE_OK && k < n && given_n < 7 * EACH; k++, given_n++)
        rc = cw_assign(s, kids[k], c.team, south[given_n / EACH], from, e);
    if (n > HELD)
        rc = rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
    free(kids);
    return rc;
}
