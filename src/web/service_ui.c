/* service_ui: the wider service's figures on the dashboard (service_ui.h). Every area
 * together costs a few hundred milliseconds at a large authority, too much for each view of
 * the dashboard by many managers at once, so the figures of a period are kept while the
 * store's change stamp is the one they were made at, no form has been posted since (every
 * change made in hearth is a form; service_ui_changed) and for at most SV_SECS (a change
 * made by another program): a view after a change works them out again, one request at a
 * time; the others meanwhile get the figures as they were, never a wait behind it. */
#include "service_ui.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../measure/service.h"
#include "../store/trends.h"
#include "../util/buf.h"

#define SV_SLOTS 4
#define SV_SECS 60
static struct {
    bool used;
    day_t from, to, today;
    int64_t stamp, made, last_used;
    struct service_result *r; /* n_service_areas of them, owned by the slot */
} sv[SV_SLOTS];
static pthread_mutex_t sv_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sv_compute = PTHREAD_MUTEX_INITIALIZER;

static atomic_llong sv_posts;

void service_ui_changed(void)
{
    atomic_fetch_add(&sv_posts, 1);
}

static int sv_slot(day_t from, day_t to, day_t today)
{
    for (int i = 0; i < SV_SLOTS; i++)
        if (sv[i].used && sv[i].from == from && sv[i].to == to && sv[i].today == today)
            return i;
    return -1;
}

/* Copy the kept figures out: 1 fresh, 0 stale, -1 none. */
static int sv_get(day_t from, day_t to, day_t today, int64_t stamp, int64_t now, struct service_result *out)
{
    int st = -1;
    pthread_mutex_lock(&sv_lock);
    int i = sv_slot(from, to, today);
    if (i >= 0) {
        memcpy(out, sv[i].r, (size_t)n_service_areas * sizeof *out);
        sv[i].last_used = now;
        st = sv[i].stamp == stamp && now - sv[i].made < SV_SECS;
    }
    pthread_mutex_unlock(&sv_lock);
    return st;
}

static void sv_put(day_t from, day_t to, day_t today, int64_t stamp, int64_t now, const struct service_result *in)
{
    pthread_mutex_lock(&sv_lock);
    int slot = sv_slot(from, to, today);
    for (int i = 0; slot < 0 && i < SV_SLOTS; i++)
        if (!sv[i].used)
            slot = i;
    if (slot < 0) { /* the least recently used goes */
        slot = 0;
        for (int i = 1; i < SV_SLOTS; i++)
            if (sv[i].last_used < sv[slot].last_used)
                slot = i;
    }
    if (!sv[slot].r)
        sv[slot].r = xcalloc((size_t)n_service_areas, sizeof *sv[slot].r);
    memcpy(sv[slot].r, in, (size_t)n_service_areas * sizeof *in);
    sv[slot].used = true;
    sv[slot].from = from, sv[slot].to = to, sv[slot].today = today;
    sv[slot].stamp = stamp, sv[slot].made = sv[slot].last_used = now;
    pthread_mutex_unlock(&sv_lock);
}

/* Every area's figures into out (n_service_areas of them). */
static int sv_figures(struct req *r, day_t from, day_t to, struct service_result *out, struct err *e)
{
    int64_t stamp = 0;
    int rc = store_change_stamp(r->st, &stamp, e);
    if (rc != HE_OK)
        return rc;
    stamp = stamp * 1000003 + (int64_t)atomic_load(&sv_posts);
    int st = sv_get(from, to, r->today, stamp, r->now, out);
    if (st == 1)
        return HE_OK;
    if (st == 0 && pthread_mutex_trylock(&sv_compute) != 0)
        return HE_OK; /* being worked out again by another request: these meanwhile */
    if (st < 0)
        pthread_mutex_lock(&sv_compute);
    /* after waiting, another request may have made them */
    if (sv_get(from, to, r->today, stamp, r->now, out) == 1) {
        pthread_mutex_unlock(&sv_compute);
        return HE_OK;
    }
    for (int i = 0; rc == HE_OK && i < n_service_areas; i++)
        rc = service_compute(r->st, i, from, to, r->today, &out[i], e);
    if (rc == HE_OK)
        sv_put(from, to, r->today, stamp, r->now, out);
    pthread_mutex_unlock(&sv_compute);
    return rc;
}

int service_html(struct html *m, struct req *r, day_t from, day_t to, struct err *e)
{
    H(m, "<h2 class=\"govuk-heading-l\" id=\"wider-service\">The wider service</h2>"
         "<p class=\"govuk-body\">Figures no statutory return carries, from what is recorded in hearth "
         "for %D to %D; figures marked \"now\" are as at today. Each is defined in the measures "
         "guide under \"The wider service\".</p>",
      from, to);
    struct service_result *all = xcalloc((size_t)n_service_areas, sizeof *all);
    int rc = sv_figures(r, from, to, all, e);
    for (int i = 0; rc == HE_OK && i < n_service_areas; i++) {
        const struct service_result *res = &all[i];
        H(m, "<table class=\"govuk-table\" id=\"service-%s\"><caption class=\"govuk-table__caption "
             "govuk-table__caption--m\">%s</caption><thead class=\"govuk-table__head\"><tr "
             "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Figure</th><th "
             "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">",
          service_areas[i]->id, service_areas[i]->title);
        for (int k = 0; k < res->n; k++) {
            char v[120];
            service_figure_text(&res->f[k], v, sizeof v);
            H(m, "<tr class=\"govuk-table__row\" data-id=\"%s\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
              res->f[k].id, res->f[k].label, v);
        }
        H(m, "</tbody></table>");
    }
    free(all);
    return rc;
}
