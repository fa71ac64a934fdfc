/* demo_users: demo sign-ins and allocations (see demo_users.h). */
#include "demo_users.h"

#include <stdlib.h>
#include <time.h>

#include "../store/casework.h"
#include "../store/workflow.h"
#include "../util/buf.h"
#include "../web/session.h"

static const struct {
    const char *name, *display, *team;
    enum cw_role role;
    int kind;  /* -1 none, else enum cw_open_kind of the children allocated */
    int first; /* which of those children (offset) */
} demo[] = {
    {"frontdoor", "Fran Door (demo)", "Front Door", ROLE_FRONT_DOOR, -1, 0},
    {"social.worker", "Sam Worker (demo)", "Assessment North", ROLE_SOCIAL_WORKER, OPEN_CIN, 0},
    {"care.worker", "Cara Carer (demo)", "Children in Care", ROLE_SOCIAL_WORKER, OPEN_LA, 0},
    {"adviser", "Pat Adviser (demo)", "Leaving Care", ROLE_PERSONAL_ADVISER, OPEN_LEAVER, 0},
    {"manager", "Morgan Manager (demo)", "Assessment North", ROLE_TEAM_MANAGER, -1, 0},
    {"iro", "Ira Reviewer (demo)", "Independent Reviewing", ROLE_IRO, -1, 0},
    {"analyst", "Ana Lyst (demo)", "Performance", ROLE_ANALYST, -1, 0},
    {"admin", "Adam Admin (demo)", NULL, ROLE_ADMIN, -1, 0},
    /* partner agencies' officers in the hub: the team names the agency (mash.h) */
    {"police", "Pete Constable (demo)", "Police", ROLE_PARTNER, -1, 0},
    {"health", "Hana Visitor (demo)", "Health", ROLE_PARTNER, -1, 0},
};

/* The demo teams' kinds (a referral goes by default to the assessment teams), and the
 * looked-after children whose reviews the demo's reviewing officer chairs. */
static const struct {
    const char *team, *kind;
} demo_kinds[] = {
    {"Front Door", "front_door"}, {"Assessment North", "assessment"},
    {"Children in Care", "in_care"}, {"Leaving Care", "leaving_care"},
    {"Independent Reviewing", "reviewing"}, {"Performance", "other"}, {"Police", "other"}, {"Health", "other"},
};
#define IRO_CHAIRS 20

static int demo_workflow(struct store *s, int year, struct err *e)
{
    int rc = store_begin(s, e);
    for (size_t i = 0; rc == HE_OK && i < sizeof demo_kinds / sizeof demo_kinds[0]; i++) {
        int64_t team;
        if ((rc = cw_team_ensure(s, demo_kinds[i].team, &team, e)) == HE_OK)
            rc = wf_team_set_kind(s, team, demo_kinds[i].kind, e);
    }
    struct cw_user iro;
    bool found = false;
    rec_id kids[IRO_CHAIRS];
    int n = 0;
    if (rc == HE_OK)
        rc = cw_user_by_name(s, "iro", &iro, &found, e);
    if (rc == HE_OK && found)
        rc = cw_children_open(s, OPEN_LA, year, kids, IRO_CHAIRS, &n, e);
    for (int k = 0; rc == HE_OK && found && k < n; k++)
        rc = wf_iro_chair(s, kids[k], iro.id, (int64_t)time(NULL), e);
    return rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
}

#define PER_WORKER 25  /* allocated to the demo worker */
#define PER_TEAM 150   /* held by the worker's team */

int demo_users_add(struct store *s, int year, FILE *out, struct err *e)
{
    char hash[128];
    int rc = session_init(e);
    if (rc == HE_OK)
        rc = password_hash(DEMO_PASSWORD, hash, e);
    day_t start = date_from_ymd(year - 1, 4, 1);
    rec_id *kids = xmalloc(PER_TEAM * sizeof *kids);
    for (size_t i = 0; rc == HE_OK && i < sizeof demo / sizeof demo[0]; i++) {
        int64_t id;
        rc = cw_user_add(s, demo[i].name, demo[i].display, demo[i].role, demo[i].team, hash,
                         (int64_t)time(NULL), &id, e);
        if (rc != HE_OK || demo[i].kind < 0)
            continue;
        bool found;
        struct cw_user u;
        int n = 0;
        if ((rc = cw_user_by_id(s, id, &u, &found, e)) != HE_OK)
            break;
        if ((rc = cw_children_open(s, (enum cw_open_kind)demo[i].kind, year, kids, PER_TEAM, &n, e)) != HE_OK)
            break;
        if ((rc = store_begin(s, e)) != HE_OK)
            break;
        for (int k = 0; rc == HE_OK && k < n; k++)
            rc = cw_assign(s, kids[k], u.team_id, k < PER_WORKER ? u.staff_id : 0, start, e);
        rc = rc == HE_OK ? store_commit(s, e) : (store_rollback(s, NULL), rc);
    }
    free(kids);
    if (rc == HE_OK)
        rc = demo_workflow(s, year, e);
    if (rc != HE_OK || !out)
        return rc;
    fprintf(out, "\nDemo sign-ins (DEMO ONLY: every password is '%s'):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++)
        fprintf(out, "  %-14s %-30s %s\n", demo[i].name, cw_role_name(demo[i].role),
                demo[i].team ? demo[i].team : "");
    return HE_OK;
}
