/* store_fill: the one mapping from a record table's row onto the model's struct, shared by
 * both stores' whole-child readers (store_sqlite.c, store_pg.c), so that a column added to
 * a table is read the same way on both. Not a module: each backend includes it once, after
 * defining its own struct reader and the four column readers it calls (field i of the
 * struct, numbered from 1 after the row id; the person's from 0):
 *   const char *rd_text(struct reader *, int)  text copied into the reader's arena, or NULL
 *   day_t rd_day(struct reader *, int)         DAY_NONE when NULL
 *   int rd_flag(struct reader *, int)          -1 when NULL
 *   rec_id rd_id(struct reader *, int) */
#ifndef HEARTH_STORE_FILL_H
#define HEARTH_STORE_FILL_H

/* The person is read without its row id: its fields are numbered from 0. */
static void fill_person(struct reader *r, struct person *x)
{
    *x = (struct person){
        .la_child_id = rd_text(r, 0), .upn = rd_text(r, 1), .former_upn = rd_text(r, 2),
        .upn_unknown = rd_text(r, 3), .nhs_number = rd_text(r, 4), .given_name = rd_text(r, 5),
        .family_name = rd_text(r, 6), .dob = rd_day(r, 7), .expected_dob = rd_day(r, 8),
        .death_date = rd_day(r, 9), .sex = rd_text(r, 10), .ethnicity = rd_text(r, 11),
        .disabilities = rd_text(r, 12), .mother = rd_flag(r, 13), .mc_dob = rd_day(r, 14)};
}

static void fill_cin_episode(struct reader *r, struct cin_episode *x)
{
    *x = (struct cin_episode){rd_id(r, 1), rd_day(r, 2), rd_text(r, 3), rd_text(r, 4), rd_day(r, 5),
                              rd_text(r, 6), rd_flag(r, 7), rd_day(r, 8)};
}
static void fill_assessment(struct reader *r, struct assessment *x)
{
    *x = (struct assessment){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_day(r, 4), rd_text(r, 5)};
}
static void fill_cin_plan(struct reader *r, struct cin_plan *x)
{
    *x = (struct cin_plan){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3)};
}
static void fill_s47_enquiry(struct reader *r, struct s47_enquiry *x)
{
    *x = (struct s47_enquiry){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_day(r, 4), rd_flag(r, 5)};
}
static void fill_cp_plan(struct reader *r, struct cp_plan *x)
{
    *x = (struct cp_plan){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_text(r, 4), rd_text(r, 5),
                          rd_flag(r, 6)};
}
static void fill_cp_review(struct reader *r, struct cp_review *x)
{
    *x = (struct cp_review){rd_id(r, 1), rd_day(r, 2)};
}
static void fill_la_episode(struct reader *r, struct la_episode *x)
{
    *x = (struct la_episode){rd_id(r, 1), rd_day(r, 2), rd_text(r, 3), rd_text(r, 4), rd_text(r, 5),
                             rd_text(r, 6), rd_text(r, 7), rd_day(r, 8), rd_text(r, 9),
                             rd_text(r, 10), rd_text(r, 11), rd_text(r, 12), rd_text(r, 13)};
}
static void fill_la_review(struct reader *r, struct la_review *x)
{
    *x = (struct la_review){rd_id(r, 1), rd_day(r, 2), rd_text(r, 3)};
}
static void fill_missing_episode(struct reader *r, struct missing_episode *x)
{
    *x = (struct missing_episode){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_text(r, 4)};
}
static void fill_care_leaver(struct reader *r, struct care_leaver *x)
{
    *x = (struct care_leaver){rd_id(r, 1), rd_flag(r, 2), rd_text(r, 3), rd_text(r, 4), rd_text(r, 5)};
}
static void fill_la_outcome(struct reader *r, struct la_outcome *x)
{
    *x = (struct la_outcome){rd_id(r, 1), rd_flag(r, 2), rd_text(r, 3), rd_text(r, 4), rd_flag(r, 5),
                             rd_flag(r, 6), rd_flag(r, 7), rd_flag(r, 8), rd_flag(r, 9),
                             rd_flag(r, 10), rd_flag(r, 11), rd_flag(r, 12)};
}
static void fill_adoption(struct reader *r, struct adoption *x)
{
    *x = (struct adoption){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_flag(r, 4), rd_flag(r, 5),
                           rd_text(r, 6), rd_text(r, 7)};
}
static void fill_placed_adoption(struct reader *r, struct placed_adoption *x)
{
    *x = (struct placed_adoption){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_text(r, 4)};
}
static void fill_prev_perm(struct reader *r, struct prev_perm *x)
{
    *x = (struct prev_perm){rd_id(r, 1), rd_text(r, 2), rd_text(r, 3), rd_text(r, 4)};
}
static void fill_uasc(struct reader *r, struct uasc *x)
{
    *x = (struct uasc){rd_id(r, 1), rd_day(r, 2)};
}
static void fill_sw_episode(struct reader *r, struct sw_episode *x)
{
    *x = (struct sw_episode){rd_id(r, 1), rd_text(r, 2), rd_day(r, 3), rd_day(r, 4), rd_text(r, 5)};
}
static void fill_dolo(struct reader *r, struct dolo *x)
{
    *x = (struct dolo){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3)};
}
static void fill_contact(struct reader *r, struct contact *x)
{
    *x = (struct contact){rd_id(r, 1), rd_day(r, 2), rd_text(r, 3), rd_flag(r, 6), rd_text(r, 4), rd_day(r, 5)};
}
static void fill_early_help(struct reader *r, struct early_help *x)
{
    *x = (struct early_help){rd_id(r, 1), rd_day(r, 2), rd_day(r, 3), rd_text(r, 4)};
}

#endif
