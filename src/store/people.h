/* people (store): the child as a person, on the portable db.h layer (store_people.c) so
 * both stores run it unchanged; migration 13 (schema_people.c) holds it.
 * - Details: each edited on its own; the returns' own (names, date of birth, sex,
 *   ethnicity, disability, UPN, NHS number) in person itself, so the CIN census and SSDA903
 *   read the corrected value, the others in person_detail. Every change keeps the old
 *   value, who and when (person_change).
 * - The address history (postcode kept) and the professionals involved.
 * - The family network as the genogram needs it: the child's own relationships (migration
 *   7) and the children who share a parent with the child.
 * - Duplicate records: likely pairs, a merge that moves every row of one record onto the
 *   other and lists what it moved, undone or confirmed later.
 * The store checks what the database must never hold (an unknown field, a code not in the
 * DfE's list, a stale record version, an end before a start) and refuses with HE_INPUT,
 * e->field naming the form field at fault; shapes of text are the form's (web).
 * Ownership: struct people_file and struct people_net own their strings (arena);
 * people_file_free / people_net_free release them. Strings passed in are copied. */
#ifndef HEARTH_STORE_PEOPLE_H
#define HEARTH_STORE_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "store.h"

/* ---- details --------------------------------------------------------------------------- */
enum people_kind { PF_TEXT, PF_DAY };
struct people_field {
    const char *key;     /* the form field and person_change.field: "ethnicity" */
    const char *label;   /* as shown: "Ethnicity" */
    enum people_kind kind;
    bool in_person;      /* a column of person (the returns read it) */
};
/* Every detail that can be edited, in the order the record shows them. */
extern const struct people_field people_fields[];
extern const int n_people_fields;
/* The field of key, or NULL. */
const struct people_field *people_field(const char *key);

/* Set one detail: text for PF_TEXT ("" clears it), day for PF_DAY (DAY_NONE clears it).
 * seen: the record version the form was read at (casework.h). by: the user; now: Unix
 * seconds. Nothing is written when the value is unchanged. */
HE_MUST_CHECK int people_set(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                             const char *key, const char *text, day_t day, struct err *e);

struct people_address {
    int64_t id;
    const char *line, *postcode;
    day_t start, end; /* end DAY_NONE: the address now */
};
struct people_professional {
    int64_t id;
    const char *role, *name, *agency, *contact;
    day_t start, end;
};
struct people_change {
    const char *field, *old_value, *new_value, *by;
    int64_t at;
};
struct people_merge_state {
    int64_t id;
    rec_id kept, merged;
    char state[12];    /* merged, confirmed, undone */
    char by[100];      /* who merged */
    int64_t at;
};

/* Everything above for one person (the newest 50 changes). */
struct people_file {
    struct arena mem;
    const char *detail[32];               /* by people_fields index; NULL when not recorded */
    struct people_address *addresses;     /* newest first */
    int n_addresses;
    struct people_professional *pros;     /* current first */
    int n_pros;
    struct people_change *changes;        /* newest first */
    int n_changes;
    struct people_merge_state merged_into; /* id 0: this record was not merged away */
    struct people_merge_state *merges;    /* records merged into this one, newest first */
    int n_merges;
};
HE_MUST_CHECK int people_load(struct store *s, rec_id person, struct people_file *out, struct err *e);
void people_file_free(struct people_file *f);

/* An address from start; the address before it ends the day before. */
HE_MUST_CHECK int people_address_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                                     const char *line, const char *postcode, day_t start, struct err *e);
HE_MUST_CHECK int people_professional_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                                          const struct people_professional *p, struct err *e);
/* A professional no longer involved from end. */
HE_MUST_CHECK int people_professional_end(struct store *s, rec_id person, int64_t seen, int64_t by,
                                          int64_t now, int64_t pro, day_t end, struct err *e);

/* ---- alerts ------------------------------------------------------------------------------ */
/* What a worker opening the record must see first: a risk to staff, exploitation, missing
 * often, a brother or sister on a plan, or something else; each with a reason and an end.
 * (A restricted record is said by the restriction itself, trust.h.) */
#define PEOPLE_ALERT_KINDS "STAFF_RISK, EXPLOITATION, MISSING, SIBLING_PLAN, OTHER"
bool people_alert_kind_valid(const char *kind);
struct people_alert {
    int64_t id;
    const char *kind, *reason, *by;
    day_t start, end; /* end DAY_NONE: until ended */
    const char *end_reason; /* ended early by a worker: why; else NULL */
};
struct people_alerts {
    struct arena mem;
    struct people_alert *v; /* current first, newest first */
    int n;
};
/* The alerts of a person that are current on day (start <= day, no end or end >= day,
 * except that an alert ended early is over on its end day), or every alert when day is
 * DAY_NONE. */
HE_MUST_CHECK int people_alerts(struct store *s, rec_id person, day_t day, struct people_alerts *out, struct err *e);
void people_alerts_free(struct people_alerts *a);
HE_MUST_CHECK int people_alert_add(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                                   const char *kind, const char *reason, day_t start, day_t end, struct err *e);
/* End an alert early, today (the day of now), for reason, kept on the alert and in the
 * record's history; one not yet started ends on its start and is never shown. Refused
 * when the alert has already ended. */
HE_MUST_CHECK int people_alert_end(struct store *s, rec_id person, int64_t seen, int64_t by, int64_t now,
                                   int64_t alert, const char *reason, struct err *e);

/* ---- the family network ---------------------------------------------------------------- */
struct people_relative {
    rec_id id;
    const char *kind;   /* relationship_kinds (model/stages.c) */
    const char *given, *family, *la_child_id, *sex;
    day_t dob, died;
    bool household;
    bool derived;       /* not recorded on this record: shares a parent recorded on both */
};
struct people_net {
    struct arena mem;
    struct people_relative *v;
    int n;
};
#define PEOPLE_NET_MAX 60
HE_MUST_CHECK int people_network(struct store *s, rec_id person, struct people_net *out, struct err *e);
void people_net_free(struct people_net *n);

/* ---- duplicate records ----------------------------------------------------------------- */
struct people_dup {
    rec_id a, b;         /* a < b */
    char reason[32];     /* "name and date of birth", "NHS number", "UPN" */
};
/* Up to max likely pairs of records of one child, neither merged away already. */
HE_MUST_CHECK int people_duplicates(struct store *s, struct people_dup *out, int max, int *n, struct err *e);
/* Move every row of merged onto kept and fill each detail kept lacks (an ethnicity not yet
 * obtained counts as lacking) from merged; *id the merge. Refused when either record is already
 * merged away, when merged is restricted and kept is not, or when both hold the same event
 * (the message names it). */
HE_MUST_CHECK int people_merge(struct store *s, rec_id kept, rec_id merged, int64_t by, int64_t now, int64_t *id,
                               struct err *e);
/* Put every row back and every detail filled by the merge as it was, unless a worker has
 * changed it since (state "merged" only). */
HE_MUST_CHECK int people_merge_undo(struct store *s, int64_t merge, int64_t by, int64_t now, struct err *e);
/* Make the merge final: it can no longer be undone. */
HE_MUST_CHECK int people_merge_confirm(struct store *s, int64_t merge, int64_t by, int64_t now, struct err *e);
HE_MUST_CHECK int people_merge_get(struct store *s, int64_t merge, struct people_merge_state *out, bool *found,
                                   struct err *e);

#endif
