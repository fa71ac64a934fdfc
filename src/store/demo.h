/* demo (store): the bulk writes `hearth demo` makes after importing its returns, which
 * carry no names and no family network: naming every person and adding their parents and
 * siblings (migration 7's relationship table) in the caller's one transaction
 * (store_demo.c, portable db.h SQL). Not for real records: a council's names come from
 * its own system or its forms.
 * Ownership: sd_people's array is the caller's (free()); an sd_writer is released by
 * sd_writer_close. Strings passed in are copied before the call returns. */
#ifndef HEARTH_STORE_DEMO_H
#define HEARTH_STORE_DEMO_H

#include <stddef.h>

#include "../model/model.h"
#include "../util/err.h"
#include "store.h"

struct sd_person {
    rec_id id;
    day_t dob;       /* or the expected date of birth; DAY_NONE when neither */
    char sex;        /* 'M', 'F' or 'U' */
    char eth[8];     /* CIN ethnicity code, "" when none */
    char la_child_id[40];
};
/* Every person, by id. */
HE_MUST_CHECK int sd_people(struct store *s, struct sd_person **out, size_t *n, struct err *e);

/* After the live year: a child looked after today, or a care leaver whose latest
 * accommodation is not with parents or relatives (OC3 ACCOM B), lives with none of their
 * family network, nor does a brother or sister live with them. Its own transaction. */
HE_MUST_CHECK int sd_households_settle(struct store *s, struct err *e);

/* Contacts received in [from, to]: the authority's own volume, for the demo's current year. */
HE_MUST_CHECK int sd_contacts_between(struct store *s, day_t from, day_t to, int64_t *n, struct err *e);

struct sd_writer;
/* Call inside a transaction (store_begin); the writer's statements live until close. */
HE_MUST_CHECK int sd_writer_open(struct store *s, struct sd_writer **out, struct err *e);
void sd_writer_close(struct sd_writer *w);
HE_MUST_CHECK int sd_name(struct sd_writer *w, rec_id person, const char *given, const char *family,
            struct err *e);
/* A new person of the family network (an LAchildID of hearth's own); *id gets theirs. */
HE_MUST_CHECK int sd_new_relative(struct sd_writer *w, const char *given, const char *family, day_t dob,
                    char sex, int src_year, rec_id *id, struct err *e);
/* relative is kind (relationship_kinds) to person; household 1 when they live together. */
HE_MUST_CHECK int sd_relate(struct sd_writer *w, rec_id person, rec_id relative, const char *kind,
              int household, struct err *e);

#endif
