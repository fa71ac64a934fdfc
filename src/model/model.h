/* model: the records hearth keeps about children and the work done with them, shaped
 * for case work rather than for one return. Importers fill these structs and hand them
 * to the store; the store hands facts back to measures.
 *
 * Ownership: every string in these structs is borrowed. The filler owns it and keeps it
 * alive for the duration of the store call it is passed to; the store copies what it
 * keeps. NULL (or "") means "not recorded". Dates are day_t (DAY_NONE = not recorded);
 * tri-state flags are int with -1 meaning "not recorded".
 *
 * Names follow the DfE: CIN census elements for the episode of need and its parts,
 * SSDA903 field names for looked-after episodes and their tables. */
#ifndef HEARTH_MODEL_H
#define HEARTH_MODEL_H

#include <stdint.h>

#include "../date/date.h"

typedef int64_t rec_id; /* store-assigned row id; 0 = none */

/* A child or family member. Matched across every source by la_child_id (CIN census
 * LAchildID, SSDA903 CHILD, Annex A "Child Unique ID"). */
struct person {
    const char *la_child_id;
    const char *upn, *former_upn, *upn_unknown; /* upn_unknown: UN1..UN10 */
    const char *nhs_number;
    const char *given_name, *family_name;
    day_t dob, expected_dob, death_date;
    const char *sex;        /* M, F, U (older returns' 1/2/0/9 are mapped at import) */
    const char *ethnicity;  /* WBRI .. NOBT */
    const char *disabilities; /* comma-separated CIN codes (NONE, MOB, HAND, ...) */
    int mother;             /* SSDA903 MOTHER: 1, 0, or -1 */
    day_t mc_dob;           /* SSDA903 MC_DOB: mother's child's date of birth */
};

/* Episode of need: opens at referral, closes with a reason (CIN census CINdetails). */
struct cin_episode {
    rec_id person;
    day_t referral_date;             /* CINreferralDate; key with person */
    const char *referral_source;     /* 1A .. 10 */
    const char *primary_need;        /* N0 .. N9 */
    day_t closure_date;              /* CINclosureDate */
    const char *closure_reason;      /* RC1 .. RC9 */
    int referral_nfa;                /* ReferralNFA: 1, 0, -1 */
    day_t icpc_date;                 /* DateOfInitialCPC at episode level (older years) */
};

/* Child and family assessment within an episode. */
struct assessment {
    rec_id episode;
    day_t start;         /* AssessmentActualStartDate; key with episode */
    day_t internal_review;
    day_t authorised;    /* AssessmentAuthorisationDate */
    const char *factors; /* comma-separated AssessmentFactors codes (1A .. 24A) */
};

struct cin_plan {
    rec_id episode;
    day_t start, end; /* CINPlanStartDate (key), CINPlanEndDate */
};

/* Strategy discussion leading to a section 47 enquiry, and its initial conference. */
struct s47_enquiry {
    rec_id episode;
    day_t start;        /* S47ActualStartDate: the strategy discussion; key */
    day_t icpc_target;  /* InitialCPCtarget */
    day_t icpc_date;    /* DateOfInitialCPC */
    int icpc_not_required; /* ICPCnotRequired 1/0/-1 */
};

struct cp_plan {
    rec_id episode;
    day_t start, end;              /* CPPstartDate (key), CPPendDate */
    const char *initial_category;  /* NEG PHY EMO SAB MUL */
    const char *latest_category;
    int previous_plans;            /* NumberOfPreviousCPP, -1 if not recorded */
};

struct cp_review {
    rec_id plan;
    day_t date; /* CPPreviewDate */
};

/* SSDA903 episodes table: one row per change of legal status or placement. */
struct la_episode {
    rec_id person;
    day_t decom;                    /* DECOM; key with person */
    const char *rne, *ls, *cin;     /* RNE, LS, CIN (N1..N8) */
    const char *place, *place_provider;
    day_t dec;                      /* DEC */
    const char *rec;                /* REC (X1 joins to the next episode) */
    const char *reason_place_change;
    const char *home_post, *pl_post, *urn;
};

struct la_review {
    rec_id person;
    day_t date;          /* REVIEW; key */
    const char *code;    /* REVIEW_CODE PN0..PN7 */
};

struct missing_episode {
    rec_id person;
    day_t start;         /* MIS_START; key */
    day_t end;           /* MIS_END */
    const char *kind;    /* MISSING: M missing, A away from placement */
};

/* SSDA903 OC3: care leaver on their 17th to 21st birthday, one row per collection year. */
struct care_leaver {
    rec_id person;
    int year;            /* collection year the row belongs to; key */
    const char *in_touch, *activ, *accom;
};

/* SSDA903 OC2: outcomes for children looked after 12 months at 31 March. */
struct la_outcome {
    rec_id person;
    int year;            /* key */
    const char *sdq_score, *sdq_reason;
    int convicted, health_check, immunisations, teeth_check, health_assessment,
        substance_misuse, intervention_received, intervention_offered;
};

/* SSDA903 AD1: adoption. */
struct adoption {
    rec_id person;
    day_t date_int;      /* DATE_INT: decision that the child should be placed; key */
    day_t date_match;
    int foster_care;
    int nb_adoptr;
    const char *sex_adoptr, *ls_adoptr;
};

/* SSDA903 PLACED_ADOPTION: decision that a child should be placed for adoption. */
struct placed_adoption {
    rec_id person;
    day_t date_placed;   /* key */
    day_t date_placed_ceased;
    const char *reason_placed_ceased;
};

/* SSDA903 PREV_PERM: permanence before this period of care. */
struct prev_perm {
    rec_id person;
    const char *prev_perm, *la_perm;
    const char *date_perm; /* kept as given: the DfE allows partial dates (zz/MM/YYYY) */
};

/* SSDA903 UASC. */
struct uasc {
    rec_id person;
    day_t duc;           /* date unaccompanied asylum-seeking status ceased */
};

/* SSDA903 social worker episodes (2023-24 onwards). */
struct sw_episode {
    rec_id person;
    const char *sw_id;
    day_t decom;         /* SW_DECOM; key with sw_id */
    day_t dec;
    const char *reason;  /* SW_REASON */
};

/* SSDA903 deprivation of liberty orders (2026-27 onwards): a court's order authorising the
 * deprivation of a looked-after child's liberty outside a secure children's home. */
struct dolo {
    rec_id person;
    day_t start;         /* DOLO_START; key with person */
    day_t end;           /* DOLO_END, none while the order runs */
};

/* A contact at the front door (Annex A list 1, or recorded in hearth). */
struct contact {
    rec_id person;
    day_t date;          /* key with person and source */
    const char *source;  /* CIN ReferralSource code (1A .. 10) */
    int seq;             /* key too: 1, 2, ... the nth contact of the child, day and source
                            (two police reports of one day are two contacts); 0 reads as 1 */
    const char *decision; /* threshold decision, when recorded in hearth */
    day_t decision_date;
};

/* Early help episode (Annex A list 2). */
struct early_help {
    rec_id person;
    day_t start;         /* key */
    day_t end;
    const char *organisation;
};

#endif
