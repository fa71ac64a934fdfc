/* stage_form: the one shape every stage form of a child's record shares, so each form is
 * only its fields and its save. GET: open the child (access log, team and role checks),
 * load the record, its version and extra records, show the form with any draft. POST: keep
 * what was typed as the draft, check the form and save it through the store (which checks
 * the DfE's rules and the record version in one transaction); a refusal shows the form
 * again (422) with each message beside its field, a save clears the draft and returns to
 * the child's record. The form posts back to the path it was shown at, which is also its
 * draft's key. */
#ifndef HEARTH_STAGE_FORM_H
#define HEARTH_STAGE_FORM_H

#include "../model/stages.h"
#include "web.h"

enum { STAGE_NEXT_MAX = 128 };

struct stage_ctx {
    struct req *r;
    const struct child_file *cf;
    const struct child_extra *x;
    rec_id sub;           /* the record the path names after the child (r->ids[1]), or 0 */
    char *next;           /* save may write where to go once saved (STAGE_NEXT_MAX bytes);
                           * left empty: the child's record */
};

struct stage_form {
    const char *page;     /* what the access log calls the page: "CP review form" */
    const char *title;    /* heading and window title */
    const char *button;   /* the submit button */
    /* NULL when the form can be used now; else why not (shown as a 409 page) */
    const char *(*unavailable)(const struct stage_ctx *c);
    /* optional: a paragraph or two above the form */
    void (*intro)(struct html *m, const struct stage_ctx *c);
    /* the fields, filled from f (a draft or what was posted; may be empty) */
    void (*fields)(struct html *m, const struct stage_ctx *c, const struct form *f,
                   const struct field_errors *fe);
    /* check f into fe; when fe is empty, save through the store at version seen. HE_OK,
     * HE_INPUT (e filled: shown beside e->field, or beside the first field), or an internal
     * error */
    int (*save)(const struct stage_ctx *c, const struct form *f, int64_t seen,
                struct field_errors *fe, struct err *e);
    const char *const *field_names; /* NULL-terminated: the fields a store error may name */
    /* optional: a title that depends on the record (then title is the fallback) */
    const char *(*title_of)(const struct stage_ctx *c);
};

void stage_form_get(struct req *r, struct resp *out, const struct stage_form *sf);
void stage_form_post(struct req *r, struct resp *out, const struct stage_form *sf);

/* A select of a model code list (model/stages.h). */
void ui_select_codes(struct html *h, const char *name, const char *label,
                     const struct stage_code *list, int n, const char *value,
                     const struct field_errors *fe);
/* Yes or No radios ("1" and "0"). */
void ui_yes_no(struct html *h, const char *name, const char *legend, const char *value,
               const struct field_errors *fe);
/* A yes/no answer as 1, 0, or -1 when not given. */
int form_yes_no(const struct form *f, const char *name);

#endif
