/* stages: what the stage forms record besides the returns' records (model.h): statutory
 * visits, return home interviews, pathway plans, dated care-leaver contacts, why a child
 * protection plan ended, and the child's family network. The store fills a struct
 * child_extra beside a struct child_file (stages.h in src/store); journey.c runs the
 * visit, return interview and pathway plan clocks from it.
 *
 * Ownership: struct child_extra owns every array and string in it (its arena);
 * child_extra_free() releases them. A zeroed struct is an empty record. */
#ifndef HEARTH_MODEL_STAGES_H
#define HEARTH_MODEL_STAGES_H

#include <stddef.h>

#include "../util/arena.h"
#include "model.h"

/* A statutory visit (Care Planning Regulations 2010, regulation 28). */
struct la_visit {
    rec_id id;
    day_t date;
    int seen_alone;     /* 1, 0 */
};

/* The return home interview after a missing episode; recorded in hearth when the episode
 * is. offered -1 while nothing is recorded (the 72-hour clock runs from the return). */
struct return_interview {
    rec_id missing;     /* missing_episode id */
    int offered;        /* 1, 0, -1 */
    day_t offered_date;
    int accepted;       /* 1, 0, -1 */
    day_t date;         /* the interview, when held */
};

struct pathway_plan {
    rec_id id;
    day_t date;
};

/* A contact with a care leaver, in SSDA903 OC3's codes (IN_TOUCH, ACTIV, ACCOM). */
struct leaver_contact {
    rec_id id;
    day_t date;
    const char *in_touch, *activ, *accom;
};

/* Why a child protection plan ended (hearth's own list; the CIN census has no field). */
struct cp_plan_end {
    rec_id plan;
    const char *reason;
};

/* A member of the child's family network, who is a person in the record too. */
struct relationship {
    rec_id id, relative;
    const char *kind;       /* MOTHER FATHER SIBLING ... (see stages.c) */
    int household;          /* 1: lives in the child's household */
    const char *given, *family, *la_child_id;
    day_t dob;
};

/* A meeting recorded in hearth (model/content.h has the whole of it): enough for the
 * chronology and the core group clock. */
struct meeting_brief {
    rec_id id;
    const char *kind;       /* STRATEGY ICPC RCPC CORE_GROUP ... (content.c) */
    day_t date;
    rec_id s47, plan;       /* 0 when none */
    const char *decision;   /* a strategy discussion's decision, an ICPC's plan category */
};

/* A health or education record of a looked-after child (store/placements.h): kind is one
 * of health_kinds (IHA RHA DENTAL IMMUNISATIONS DEVELOPMENT SDQ SUBSTANCE PEP PEP_REVIEW). */
struct health_record {
    rec_id id;
    const char *kind;
    day_t date;
    int sdq_score;          /* SDQ: 0-40; else -1 */
    int up_to_date;         /* IMMUNISATIONS: 1 or 0; else -1 */
    const char *note;       /* what the worker wrote, or NULL */
};

/* Which returns hold an imported episode of need: the first day of the earliest (1 April)
 * and the last day of the latest (31 March). An episode made in hearth has none. What
 * happened before first_day the returns cannot show (journey.c, docs/timescales.md). */
struct episode_returns {
    rec_id episode;
    day_t first_day, last_day;
};

/* Care proceedings issued for the child (a Legal Gateway referral with an issue date,
 * store/panels.h): the 26-week clock runs from issue until the final order. */
struct proceedings {
    rec_id referral;
    day_t issued, order;    /* order DAY_NONE while the proceedings run */
};

#define EXTRA_ARRAY(type, name) \
    struct type *name;          \
    size_t n_##name

struct child_extra {
    struct arena mem;
    EXTRA_ARRAY(la_visit, visits);                 /* by date */
    EXTRA_ARRAY(return_interview, interviews);     /* by missing episode */
    EXTRA_ARRAY(pathway_plan, pathway_plans);      /* by date */
    EXTRA_ARRAY(leaver_contact, leaver_contacts);  /* by date */
    EXTRA_ARRAY(cp_plan_end, plan_ends);           /* by plan */
    EXTRA_ARRAY(relationship, relationships);      /* household first, then by name */
    EXTRA_ARRAY(meeting_brief, meetings);          /* by date */
    EXTRA_ARRAY(health_record, health);            /* by date */
    EXTRA_ARRAY(episode_returns, episode_returns); /* by episode */
    EXTRA_ARRAY(proceedings, proceedings);         /* by issue day */
    /* The last day (31 March) of the latest return that held the child: hearth's records
     * of statutory visits and pathway plans, which no return carries, begin after it.
     * DAY_NONE for a child first recorded in hearth. */
    day_t returns_end;
};

#undef EXTRA_ARRAY

void child_extra_free(struct child_extra *x);

/* Code lists the stage forms offer, with plain English. */
struct stage_code {
    const char *code, *label;
};
extern const struct stage_code health_kinds[]; /* placement.c */
extern const int n_health_kinds;
extern const struct stage_code cp_end_reasons[], closure_reasons[], relationship_kinds[],
    review_codes[], cease_reasons[], in_touch_codes[], activ_codes[], accom_codes[];
extern const int n_cp_end_reasons, n_closure_reasons, n_relationship_kinds, n_review_codes,
    n_cease_reasons, n_in_touch_codes, n_activ_codes, n_accom_codes;
/* The label of code in a list; NULL when the code is not in it. */
const char *stage_label(const struct stage_code *list, int n, const char *code);

/* ---- the DfE's rules for each stage, checked against the whole record ---------------
 * Each check takes the child's record as it is now (x may be NULL: nothing extra) and the
 * values a form gives; HE_OK, or HE_INPUT with e->field naming the form field at fault
 * and e->msg saying, in the DfE's terms and with the rule's number where the CIN census
 * or SSDA903 has one, what is wrong. No store: the store writes only what passed. */
struct child_file;
struct err;
int stage_check_cp_review(const struct child_file *c, rec_id plan, day_t date, struct err *e);
int stage_check_cp_end(const struct child_file *c, rec_id plan, day_t date, const char *reason,
                       struct err *e);
int stage_check_cin_plan_start(const struct child_file *c, rec_id episode, day_t date,
                               struct err *e);
int stage_check_cin_plan_end(const struct child_file *c, rec_id plan, day_t date, struct err *e);
int stage_check_la_review(const struct child_file *c, day_t date, const char *code,
                          struct err *e);
int stage_check_visit(const struct child_file *c, const struct child_extra *x, day_t date,
                      struct err *e);
int stage_check_missing(const struct child_file *c, day_t start, day_t end, const char *kind,
                        struct err *e);
/* offered, accepted: 1, 0 or -1 (not answered) */
int stage_check_return(const struct child_file *c, rec_id missing, day_t end, int offered,
                       day_t offered_date, int accepted, day_t interview, struct err *e);
int stage_check_cease(const struct child_file *c, day_t dec, const char *rec, struct err *e);
int stage_check_adoption(const struct child_file *c, day_t decision, day_t match, struct err *e);
int stage_check_pathway_plan(const struct child_file *c, const struct child_extra *x, day_t date,
                             struct err *e);
int stage_check_leaver_contact(const struct child_file *c, const struct child_extra *x, day_t date,
                               const char *in_touch, const char *activ, const char *accom,
                               struct err *e);
int stage_check_closure(const struct child_file *c, rec_id episode, day_t date, const char *reason,
                        struct err *e);
int stage_check_relationship(const struct child_file *c, const struct child_extra *x,
                             rec_id relative, const char *kind, struct err *e);

/* Looked after on day (an episode with DECOM <= day and no DEC or DEC >= day): its index,
 * or -1. */
int stage_la_on(const struct child_file *c, day_t day);
/* The first day of the period of care the episode at index i belongs to. */
day_t stage_period_start(const struct child_file *c, size_t i);

/* Why a stage cannot apply to the child at all (NULL: it can): becoming looked after
 * outside an episode of need; an adoption decision for a child not looked after now or of
 * 16 or over; a care leaver contact for a young person who is not a care leaver (13 weeks
 * looked after since 14, some of it at 16 or over). */
const char *stage_looked_after_why_not(const struct child_file *c);
const char *stage_adoption_why_not(const struct child_file *c, day_t today);
const char *stage_leaver_why_not(const struct child_file *c, day_t today);

/* Assessment factors as DfE codes separated by commas: CIN census rule 8869 (21, no
 * factors identified, stands alone). */
int stage_check_assessment_factors(const char *factors, struct err *e);

#endif
