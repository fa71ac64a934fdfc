/* form_decl: a form's fields declared once (name, label, kind, code list, required, length)
 * so that showing the form, reading what was posted and checking it all come from the
 * same table. A form is a static array of struct fd_field; fd_render_all() writes it with
 * the GOV.UK components of web.h (ui_*), fd_read_all() reads and checks a posted form into
 * struct fd_value, one per field, adding a message beside each field at fault. Checks are
 * those every field of its kind needs (missing, impossible or future date, too long,
 * markup in a one-line field, a code not in its list); a form's own rules (one date after
 * another, the DfE's rules) are the caller's, added to the same field_errors.
 * A list known only at run time (a child's siblings) is a copy of the declared field with
 * opts and n_opts pointed at the run-time list.
 * Ownership: declarations are static; fd_value strings point into the struct form read,
 * which must outlive them. */
#ifndef HEARTH_WEB_FORM_DECL_H
#define HEARTH_WEB_FORM_DECL_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/stages.h"
#include "web.h"

enum fd_kind {
    FD_TEXT,       /* one line: no markup, no line breaks */
    FD_TEXTAREA,   /* paragraphs, kept as typed (shown escaped) */
    FD_DATE,       /* NAME-day, NAME-month, NAME-year */
    FD_DATETIME,   /* the date fields and NAME-time (24-hour, 14:30) */
    FD_SELECT,     /* one code of opts or codes */
    FD_RADIOS,     /* one code of opts or codes, as radios */
    FD_YES_NO,     /* "1" or "0" */
    FD_CHECKBOXES, /* any number of codes of opts or codes */
};

struct fd_field {
    const char *name;     /* the form field (and the id the error summary links to) */
    const char *label;    /* label or legend, as shown */
    const char *hint;     /* may be NULL */
    enum fd_kind kind;
    bool required;
    const char *what;     /* in messages: "Enter the date of the visit"; NULL: the label */
    int max_len;          /* TEXT, TEXTAREA: most characters (UTF-8 code points); 0: 500 */
    int width;            /* TEXT: 5, 10, 20 or 0 (full width) */
    bool future_ok;       /* DATE, DATETIME: accept a date after today */
    /* SELECT, RADIOS, CHECKBOXES: a web list (labels.h) or a model code list (stages.h) */
    const struct ui_option *opts;
    const int *n_opts;
    const struct stage_code *codes;
    const int *n_codes;
};

#define FD_MAX_CHECKED 16
struct fd_value {
    const char *text;   /* TEXT, TEXTAREA, SELECT, RADIOS: trimmed, "" when not given */
    day_t day;          /* DATE, DATETIME: DAY_NONE when not given or wrong */
    int minute;         /* DATETIME: minutes after midnight, -1 when not given or wrong */
    int yes_no;         /* YES_NO: 1, 0 or -1 */
    int n_checked;      /* CHECKBOXES */
    const char *checked[FD_MAX_CHECKED];
};

/* What "in the future" means for dates: today, and for DATETIME the minute of today now
 * (24 * 60 when any time of today is accepted). */
struct fd_now {
    day_t today;
    int minute;
};
/* now for a request: r->today, and the local minute when r->today is the real date. */
struct fd_now fd_now_of(const struct req *r);

/* Write the field, its value taken from values (a draft or what was posted; may be NULL)
 * and its message from fe (may be NULL). */
void fd_render(struct html *h, const struct fd_field *fd, const struct form *values,
               const struct field_errors *fe);
void fd_render_all(struct html *h, const struct fd_field *fds, int n, const struct form *values,
                   const struct field_errors *fe);
/* Read and check the field into v, adding a message to fe when it is at fault. */
void fd_read(const struct fd_field *fd, const struct form *f, const struct fd_now *now,
             struct fd_value *v, struct field_errors *fe);
/* Every field into v[0..n-1]; returns the number of fields at fault. */
int fd_read_all(const struct fd_field *fds, int n, const struct form *f, const struct fd_now *now,
                struct fd_value *v, struct field_errors *fe);
/* The index of the field named name, or -1. */
int fd_index(const struct fd_field *fds, int n, const char *name);
/* The label of a code in the field's list, or the code itself. */
const char *fd_label(const struct fd_field *fd, const char *code);

/* Characters (UTF-8 code points) in s. */
size_t utf8_chars(const char *s);
/* Parse "14:30" (or "9:05", "14.30") as minutes after midnight; -1 when not a real time. */
int time_parse(const char *s);

/* Checkboxes (GOV.UK): values are the checked codes. */
void ui_checkboxes(struct html *h, const char *name, const char *legend, const char *hint,
                   const struct ui_option *opts, int n, const char *const *values, int n_values,
                   const struct field_errors *fe);

#endif
