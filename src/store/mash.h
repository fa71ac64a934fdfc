/* mash (store): the multi-agency safeguarding hub at the front door, on the portable db.h
 * layer (store_mash.c); migration 23 (schema_mash.c) holds it. A contact waiting for its
 * threshold decision is brought into the hub by the front door with the consent to share
 * recorded (given, and by whom; or overridden, and why); partner agencies' officers (role
 * ROLE_PARTNER) and the hub's own workers add agency checks (agency, officer, what is
 * known, when); the hub rates the contact red, amber or green. The contact stays in the
 * hub until its threshold decision (casework.h's cw_decide_contact), which the one working
 * day clock (CLOCK_THRESHOLD) times; after it nothing more is added.
 *
 * What a partner officer may see is decided here (mash_partner_sees): a contact in the hub,
 * not yet decided, about a child whose record is not restricted and who is not excluded
 * from it; never the child's record, never another contact. Lists and reads of the hub
 * answer only that for a partner.
 *
 * The store checks what the database must never hold (an unknown consent, agency or
 * rating, a missing reason, a decided contact, a role that may not do it) and refuses with
 * HE_INPUT, e->field naming the form field at fault. Times are Unix seconds.
 * Ownership: every struct here owns its strings (fixed arrays, or heap strings freed by
 * mash_contact_free). Strings passed in are copied before the call returns. */
#ifndef HEARTH_STORE_MASH_H
#define HEARTH_STORE_MASH_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/err.h"
#include "casework.h"
#include "store.h"

/* Agencies, as the database keeps them ("police" ...), with their names. */
struct mash_code {
    const char *key, *name;
};
extern const struct mash_code mash_agencies[];
extern const int n_mash_agencies;
extern const struct mash_code mash_rags[];     /* red, amber, green */
extern const int n_mash_rags;
extern const struct mash_code mash_consents[]; /* given, overridden */
extern const int n_mash_consents;
/* The name of key in list, or NULL when it is not one of them. */
const char *mash_name(const struct mash_code *list, int n, const char *key);
/* A partner officer's agency from their team's name ("Police", "Health (MASH)"): the
 * agency whose name the team's starts with; NULL when none. */
const char *mash_agency_of_team(const char *team);

#define MASH_TEXT_MAX 4000 /* characters of what is known, a reason */

/* Who may bring a contact into the hub and rate it: the front door, managers,
 * administrators. */
bool mash_may_manage(const struct cw_user *u);

/* Bring an undecided contact into the hub: consent "given" (note: who gave it) or
 * "overridden" (note: why it was right to share without it). */
HE_MUST_CHECK int mash_add(struct store *s, const struct cw_user *u, rec_id contact, const char *consent,
                           const char *note, int64_t now, struct err *e);
/* Rate a contact in the hub "red", "amber" or "green", with the reason (replacing any
 * earlier rating). */
HE_MUST_CHECK int mash_rate(struct store *s, const struct cw_user *u, rec_id contact, const char *rag,
                            const char *reason, int64_t now, struct err *e);
/* An agency check on a contact in the hub by user u (officer: their name), *id its row. */
HE_MUST_CHECK int mash_check_add(struct store *s, const struct cw_user *u, rec_id contact, const char *agency,
                                 const char *known, int64_t now, int64_t *id, struct err *e);

/* May a partner officer see this contact (see above); *ok false for any other role. */
HE_MUST_CHECK int mash_partner_sees(struct store *s, const struct cw_user *u, rec_id contact, bool *ok,
                                    struct err *e);

struct mash_check {
    int64_t id;
    char agency[16];
    int64_t officer_id;
    char officer[128];
    char *known;
    int64_t at;
};

/* A contact in the hub with what the hub has found. */
struct mash_contact {
    rec_id contact, person;
    char given[64], family[64];
    day_t dob;
    char sex[4];
    day_t date;            /* received */
    char source[8];
    char decision[16];     /* "" while waiting */
    day_t decision_date;
    char *concerns;        /* as written at the contact; NULL when none */
    int64_t added_at;
    char added_by[128];
    char consent[16];
    char *consent_note;
    char rag[8];           /* "" when not rated */
    char *rag_reason;
    char rag_by[128];
    int64_t rag_at;
    int n_checks;
    struct mash_check *checks; /* oldest first */
};
/* The contact's hub record; *found false when it is not in the hub. */
HE_MUST_CHECK int mash_get(struct store *s, rec_id contact, struct mash_contact *out, bool *found,
                           struct err *e);
void mash_contact_free(struct mash_contact *c);

/* A row of the hub's list. */
struct mash_row {
    rec_id contact, person;
    char given[64], family[64];
    day_t dob;
    day_t date;
    char source[8];
    char rag[8];
    char consent[16];
    int checks;
    bool in_hub;
};
/* The hub as user u sees it, oldest first, at most max: for a partner officer, every
 * contact a partner sees (mash_partner_sees); for others, the contacts waiting for a
 * decision that the user's front door list holds (cw_open_contacts), in the hub or not
 * (in_hub). Nothing for an analyst. */
HE_MUST_CHECK int mash_list(struct store *s, const struct cw_user *u, struct mash_row *out, int max, int *n,
                            struct err *e);

/* What the hub did about a child, for the chronology: each contact brought in, each
 * agency check and each rating, oldest first (at most max). what is static plain words
 * ("Police check in the hub"); day is the UTC day of the time it was recorded. */
struct mash_event {
    day_t day;
    int64_t at;
    const char *what;
};
HE_MUST_CHECK int mash_child_events(struct store *s, rec_id person, struct mash_event *out, int max, int *n,
                                    struct err *e);

#endif
