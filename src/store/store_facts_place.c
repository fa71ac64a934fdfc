/* store_facts_place: where each looked-after placement of a struct facts is, for the
 * measures of children placed inside the authority's area and far from home. Each
 * episode's HOME_POST and PL_POST are placed by the postcode directory loaded into the
 * store (the full postcode, then its sector), else by the sectors shipped in the program,
 * as store/placements.h places a placement recorded in hearth; the authority's area is the
 * ons_code setting, else the area of the child's home. Written once on the portable db.h
 * layer after either store's facts loader, so both stores give the same figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "placements.h"
#include "store_impl.h"

/* Where a postcode as the return gave it is; *found false when it is blank, not a full
 * postcode, or in neither the directory nor the shipped sectors. st: the directory's
 * look-up, NULL when none is loaded. */
static int place_of(struct db_stmt *st, const char *raw, struct postcode_place *out, bool *found,
                    struct err *e)
{
    *found = false;
    char pc[9], sector[8];
    if (!raw || !postcode_normalise(raw, pc))
        return HE_OK;
    postcode_sector_of(pc, sector);
    const char *keys[2] = {pc, sector};
    for (int k = 0; st && k < 2 && !*found; k++) {
        db_reset(st);
        db_bind_text(st, 1, keys[k]);
        int rc = db_step(st, e);
        if (rc == DB_ROW) {
            snprintf(out->la, sizeof out->la, "%s", db_text(st, 0) ? db_text(st, 0) : "");
            out->easting = (int32_t)db_int(st, 1);
            out->northing = (int32_t)db_int(st, 2);
            *found = true;
        } else if (rc != DB_DONE) {
            return rc;
        }
    }
    if (st)
        db_reset(st);
    const struct postcode_sector *ps = *found ? NULL : postcode_sector_find(pc);
    if (ps) {
        snprintf(out->la, sizeof out->la, "%s", ps->la);
        out->easting = ps->easting;
        out->northing = ps->northing;
        *found = true;
    }
    return HE_OK;
}

int store_facts_place(struct store *s, struct facts *f, struct err *e)
{
    for (size_t i = 0; i < f->n_la_episodes; i++)
        f->la_episodes[i].in_area = f->la_episodes[i].far = -1;
    if (f->n_la_episodes == 0)
        return HE_OK;
    char *area = NULL;
    struct db_stmt *dir = NULL, *st = NULL;
    int64_t n_dir = 0;
    int rc = store_get_setting(s, "ons_code", &area, e);
    if (rc == HE_OK && (rc = db_prepare(store_db(s), "SELECT count(*) FROM postcode", &st, e)) == HE_OK) {
        rc = db_step_int(st, &n_dir, e);
        db_finalize(st);
        st = NULL;
    }
    if (rc == HE_OK && n_dir > 0)
        rc = db_prepare(store_db(s), "SELECT la, easting, northing FROM postcode WHERE code = ?", &dir, e);
    /* every episode open on a day of the period: a month of a trend ends on any of them;
     * two halves, so that each is found by its end date, most episodes having ended long
     * before (the + keeps SQLite off the index on the start, which holds nearly all) */
    if (rc == HE_OK)
        rc = db_prepare(store_db(s),
                        "SELECT person_id, decom, home_post, pl_post FROM la_episode"
                        " WHERE dec IS NULL AND decom <= ?1 AND pl_post IS NOT NULL"
                        " UNION ALL SELECT person_id, decom, home_post, pl_post FROM la_episode"
                        " WHERE dec > ?2 AND +decom <= ?1 AND pl_post IS NOT NULL",
                        &st, e);
    if (rc == HE_OK) {
        db_bind_int(st, 1, f->to);
        db_bind_int(st, 2, f->from);
        while ((rc = db_step(st, e)) == DB_ROW) {
            struct fact_la_episode *ep = facts_la_episode_find(f, db_int(st, 0), (day_t)db_int(st, 1));
            if (!ep)
                continue;
            struct postcode_place home, placed;
            bool hf, pf;
            if ((rc = place_of(dir, db_text(st, 2), &home, &hf, e)) != HE_OK ||
                (rc = place_of(dir, db_text(st, 3), &placed, &pf, e)) != HE_OK)
                break;
            if (hf && pf)
                ep->far = postcode_tenths_of_mile(postcode_distance_m(&home, &placed)) >
                          POSTCODE_FAR_MILES * 10;
            if (pf && area && *area)
                ep->in_area = !strcmp(area, placed.la);
            else if (pf && hf)
                ep->in_area = !strcmp(home.la, placed.la);
        }
        if (rc == DB_DONE)
            rc = HE_OK;
    }
    if (st)
        db_finalize(st);
    if (dir)
        db_finalize(dir);
    free(area);
    return rc;
}
