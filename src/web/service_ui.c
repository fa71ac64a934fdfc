/* service_ui: the wider service's figures on the dashboard (service_ui.h). Every area
 * together costs a few hundred milliseconds at a large authority, too much for each view of
 * the dashboard by many managers at once, so the figures of a period are kept while the
 * store's change stamp is the one they were made at, no form has been posted since (every
 * change made in hearth is a form; service_ui_changed) and for at most a minute (a change
 * made by another program), as keep.h keeps them: the first view after a change works them
 * out again while it waits (whoever recorded something sees it counted); the others
 * meanwhile get the figures as they were; figures merely a minute old are worked out again
 * in the background. */
#include "service_ui.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../measure/service.h"
#include "../store/trends.h"
#include "../util/buf.h"
#include "keep.h"

static atomic_llong sv_posts;

void service_ui_changed(void)
{
    atomic_fetch_add(&sv_posts, 1);
}

struct sv_key {
    day_t from, to, today;
};

struct sv_value {
    struct service_result *r; /* n_service_areas of them */
};

/* A change in the store, or a form posted since (every change made in hearth is one). */
static int sv_stamp(struct store *st, int64_t *out, struct err *e)
{
    int rc = store_change_stamp(st, out, e);
    *out = *out * 1000003 + (int64_t)atomic_load(&sv_posts);
    return rc;
}

static int sv_make(struct store *st, const void *key, void *value, struct err *e)
{
    const struct sv_key *k = key;
    struct sv_value *v = value;
    v->r = xcalloc((size_t)n_service_areas, sizeof *v->r);
    int rc = HE_OK;
    for (int i = 0; rc == HE_OK && i < n_service_areas; i++)
        rc = service_compute(st, i, k->from, k->to, k->today, &v->r[i], e);
    if (rc != HE_OK) {
        free(v->r);
        v->r = NULL;
    }
    return rc;
}

static void sv_copy(void *dst, const void *src)
{
    struct sv_value *d = dst;
    const struct sv_value *s = src;
    d->r = xmalloc((size_t)n_service_areas * sizeof *d->r);
    memcpy(d->r, s->r, (size_t)n_service_areas * sizeof *d->r);
}

static void sv_drop(void *value)
{
    struct sv_value *v = value;
    free(v->r);
    v->r = NULL;
}

static const struct keep_kind sv_kind = {
    .what = "the wider service's figures",
    .key_size = sizeof(struct sv_key),
    .value_size = sizeof(struct sv_value),
    .slots = 4,
    .max_age_s = 60, /* a change made by another program */
    .share = 0,
    .wait_for_change = true,
    .stamp = sv_stamp,
    .make = sv_make,
    .copy = sv_copy,
    .drop = sv_drop,
};
static struct keep sv_kept = KEEP_INIT(&sv_kind);

int service_html(struct html *m, struct req *r, day_t from, day_t to, struct err *e)
{
    H(m, "<h2 class=\"govuk-heading-l\" id=\"wider-service\">The wider service</h2>"
         "<p class=\"govuk-body\">Figures no statutory return carries, from what is recorded in hearth "
         "for %D to %D; figures marked \"now\" are as at today. Each is defined in the measures "
         "guide under \"The wider service\".</p>",
      from, to);
    struct sv_key key;
    memset(&key, 0, sizeof key); /* compared byte for byte */
    key.from = from, key.to = to, key.today = r->today;
    struct sv_value kept = {0};
    int64_t made;
    bool stale;
    int rc = keep_get(&sv_kept, r->st, r->conf->db, r->now, &key, &kept, &made, &stale, e);
    const struct service_result *all = kept.r;
    for (int i = 0; rc == HE_OK && i < n_service_areas; i++) {
        const struct service_result *res = &all[i];
        H(m, "<table class=\"govuk-table\" id=\"service-%s\"><caption class=\"govuk-table__caption "
             "govuk-table__caption--m\">%s</caption><thead class=\"govuk-table__head\"><tr "
             "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Figure</th><th "
             "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">",
          service_areas[i]->id, service_areas[i]->title);
        for (int k = 0; k < res->n; k++) {
            char text[120];
            service_figure_text(&res->f[k], text, sizeof text);
            H(m, "<tr class=\"govuk-table__row\" data-id=\"%s\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
              res->f[k].id, res->f[k].label, text);
        }
        H(m, "</tbody></table>");
    }
    if (rc == HE_OK)
        sv_drop(&kept);
    return rc;
}
