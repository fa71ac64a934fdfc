/* form_decl: rendering, reading and checking a declared form (see form_decl.h). The
 * messages follow the GOV.UK error message patterns: say what to do, beside the field. */
#include "form_decl.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "labels.h"
#include "stage_form.h"

struct fd_now fd_now_of(const struct req *r)
{
    struct fd_now n = {r->today, 24 * 60};
    time_t t = (time_t)r->now;
    struct tm tm;
    if (localtime_r(&t, &tm) && date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) == r->today)
        n.minute = tm.tm_hour * 60 + tm.tm_min;
    return n;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int time_parse(const char *s)
{
    if (!s)
        return -1;
    int h = 0, m = 0, nh = 0, nm = 0;
    const char *p = s;
    while (isdigit((unsigned char)*p) && nh < 3)
        h = h * 10 + (*p++ - '0'), nh++;
    if (nh < 1 || nh > 2 || (*p != ':' && *p != '.'))
        return -1;
    p++;
    while (isdigit((unsigned char)*p) && nm < 3)
        m = m * 10 + (*p++ - '0'), nm++;
    if (nm != 2 || *p || h > 23 || m > 59)
        return -1;
    return h * 60 + m;
}

int fd_index(const struct fd_field *fds, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(fds[i].name, name))
            return i;
    return -1;
}

/* The field's list as web options; *owned is set when the caller must free it. */
static const struct ui_option *options(const struct fd_field *fd, int *n, struct ui_option **owned)
{
    *owned = NULL;
    if (fd->opts) {
        *n = fd->n_opts ? *fd->n_opts : 0;
        return fd->opts;
    }
    *n = fd->codes && fd->n_codes ? *fd->n_codes : 0;
    if (!*n)
        return NULL;
    *owned = xcalloc((size_t)*n, sizeof **owned);
    for (int i = 0; i < *n; i++)
        (*owned)[i] = (struct ui_option){fd->codes[i].code, fd->codes[i].label};
    return *owned;
}

const char *fd_label(const struct fd_field *fd, const char *code)
{
    if (fd->opts)
        return label_of(fd->opts, fd->n_opts ? *fd->n_opts : 0, code);
    const char *l = fd->codes ? stage_label(fd->codes, fd->n_codes ? *fd->n_codes : 0, code) : NULL;
    return l ? l : code;
}

static bool in_list(const struct fd_field *fd, const char *code)
{
    int n;
    struct ui_option *owned;
    const struct ui_option *o = options(fd, &n, &owned);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        found = !strcmp(o[i].value, code);
    free(owned);
    return found;
}

void ui_checkboxes(struct html *h, const char *name, const char *legend, const char *hint,
                   const struct ui_option *opts, int n, const char *const *values, int n_values,
                   const struct field_errors *fe)
{
    const char *err = fe_get(fe, name);
    H(h, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"",
      err ? " govuk-form-group--error" : "");
    if (hint && err)
        H(h, " aria-describedby=\"%s-hint %s-error\"", name, name);
    else if (hint)
        H(h, " aria-describedby=\"%s-hint\"", name);
    else if (err)
        H(h, " aria-describedby=\"%s-error\"", name);
    H(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>", legend);
    if (hint)
        H(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", name, hint);
    if (err)
        H(h, "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
          name, err);
    H(h, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">");
    for (int i = 0; i < n; i++) {
        bool on = false;
        for (int k = 0; k < n_values && !on; k++)
            on = values[k] && !strcmp(values[k], opts[i].value);
        char id[96];
        if (i == 0) /* the first box carries the name as id for the error summary's link */
            snprintf(id, sizeof id, "%s", name);
        else
            snprintf(id, sizeof id, "%s-%d", name, i + 1);
        H(h, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%s\" "
             "name=\"%s\" type=\"checkbox\" value=\"%s\"%s><label class=\"govuk-label "
             "govuk-checkboxes__label\" for=\"%s\">%s</label></div>",
          id, name, opts[i].value, on ? " checked" : "", id, opts[i].label);
    }
    H(h, "</div></fieldset></div>");
}

static const char *value_of(const struct form *values, const char *name)
{
    return values ? form_text(values, name) : "";
}

void fd_render(struct html *h, const struct fd_field *fd, const struct form *values,
               const struct field_errors *fe)
{
    int n;
    struct ui_option *owned = NULL;
    const struct ui_option *o;
    char key[96];
    switch (fd->kind) {
    case FD_TEXT:
        ui_text(h, fd->name, fd->label, fd->hint, value_of(values, fd->name), fe, fd->width);
        break;
    case FD_TEXTAREA:
        /* as typed: a textarea's text is not trimmed, so paragraphs survive a refusal */
        ui_textarea(h, fd->name, fd->label, fd->hint,
                    values && form_get(values, fd->name) ? form_get(values, fd->name) : "", fe);
        break;
    case FD_DATE:
        ui_date(h, fd->name, fd->label, fd->hint ? fd->hint : "For example, 27 3 2026", values, fe);
        break;
    case FD_DATETIME:
        ui_date(h, fd->name, fd->label, fd->hint ? fd->hint : "For example, 27 3 2026", values, fe);
        snprintf(key, sizeof key, "%s-time", fd->name);
        ui_text(h, key, "Time", "Use the 24-hour clock, for example 14:30", value_of(values, key), fe, 5);
        break;
    case FD_SELECT:
        o = options(fd, &n, &owned);
        ui_select(h, fd->name, fd->label, o, n, value_of(values, fd->name), fe);
        break;
    case FD_RADIOS:
        o = options(fd, &n, &owned);
        ui_radios(h, fd->name, fd->label, o, n, value_of(values, fd->name), fe);
        break;
    case FD_YES_NO: {
        static const struct ui_option yn[] = {{"1", "Yes"}, {"0", "No"}};
        ui_radios(h, fd->name, fd->label, yn, 2, value_of(values, fd->name), fe);
        break;
    }
    case FD_CHECKBOXES: {
        o = options(fd, &n, &owned);
        const char *on[FD_MAX_CHECKED];
        int non = 0;
        for (int i = 0; values && i < values->n && non < FD_MAX_CHECKED; i++)
            if (!strcmp(values->name[i], fd->name))
                on[non++] = values->value[i];
        ui_checkboxes(h, fd->name, fd->label, fd->hint, o, n, on, non, fe);
        break;
    }
    }
    free(owned);
}

void fd_render_all(struct html *h, const struct fd_field *fds, int n, const struct form *values,
                   const struct field_errors *fe)
{
    for (int i = 0; i < n; i++)
        fd_render(h, &fds[i], values, fe);
}

/* "NAME-time", kept for the life of the program: fe_add keeps a field's name by pointer, so
 * a name made on the stack would be gone before the page shows the message. */
static const char *time_name(const char *name)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static char names[64][80];
    static int n;
    char want[80];
    if (snprintf(want, sizeof want, "%s-time", name) >= (int)sizeof want)
        return name;
    const char *out = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n && !out; i++)
        if (!strcmp(names[i], want))
            out = names[i];
    if (!out && n < 64) {
        memcpy(names[n], want, sizeof want);
        out = names[n++];
    }
    pthread_mutex_unlock(&lock);
    return out ? out : name;
}

/* "the date of the visit" as the start of a sentence */
static void capital(char *out, size_t n, const char *s)
{
    snprintf(out, n, "%s", s);
    out[0] = (char)toupper((unsigned char)out[0]);
}

static day_t read_day(const struct fd_field *fd, const struct form *f, const struct fd_now *now,
                      const char *what, struct field_errors *fe)
{
    char k[3][96], cap[200];
    snprintf(k[0], sizeof k[0], "%s-day", fd->name);
    snprintf(k[1], sizeof k[1], "%s-month", fd->name);
    snprintf(k[2], sizeof k[2], "%s-year", fd->name);
    const char *d = form_text(f, k[0]), *m = form_text(f, k[1]), *y = form_text(f, k[2]);
    capital(cap, sizeof cap, what);
    if (!*d && !*m && !*y) {
        if (fd->required)
            fe_add(fe, fd->name, "Enter %s", what);
        return DAY_NONE;
    }
    char *end;
    long dd = strtol(d, &end, 10);
    bool ok = *d && !*end;
    long mm = strtol(m, &end, 10);
    ok = ok && *m && !*end;
    long yy = strtol(y, &end, 10);
    ok = ok && *y && !*end && strlen(y) == 4;
    day_t day = ok && dd > 0 && dd < 32 && mm > 0 && mm < 13 && yy >= DATE_MIN_YEAR && yy <= DATE_MAX_YEAR
                    ? date_from_ymd((int)yy, (int)mm, (int)dd)
                    : DAY_NONE;
    if (!day) {
        fe_add(fe, fd->name, "%s must be a real date, for example 27 3 2026", cap);
        return DAY_NONE;
    }
    if (!fd->future_ok && now && day > now->today) {
        fe_add(fe, fd->name, "%s must be today or in the past", cap);
        return DAY_NONE;
    }
    return day;
}

void fd_read(const struct fd_field *fd, const struct form *f, const struct fd_now *now,
             struct fd_value *v, struct field_errors *fe)
{
    memset(v, 0, sizeof *v);
    v->text = "";
    v->minute = -1;
    v->yes_no = -1;
    const char *what = fd->what ? fd->what : fd->label;
    int max = fd->max_len ? fd->max_len : 500;
    char cap[200];
    capital(cap, sizeof cap, what);
    switch (fd->kind) {
    case FD_TEXT:
    case FD_TEXTAREA:
        v->text = fd->kind == FD_TEXT ? form_text(f, fd->name)
                                      : (form_get(f, fd->name) ? form_get(f, fd->name) : "");
        if (fd->kind == FD_TEXTAREA && !*form_text(f, fd->name))
            v->text = ""; /* only spaces and line breaks: nothing */
        if (!*v->text) {
            if (fd->required)
                fe_add(fe, fd->name, "Enter %s", what);
        } else if (utf8_chars(v->text) > (size_t)max)
            fe_add(fe, fd->name, "%s must be %d characters or fewer", fd->label, max);
        else if (fd->kind == FD_TEXT && (!plain_text(v->text) || strpbrk(v->text, "\r\n")))
            fe_add(fe, fd->name, "%s must be plain words: remove anything in angle brackets (< >)",
                   fd->label);
        break;
    case FD_DATE:
        v->day = read_day(fd, f, now, what, fe);
        break;
    case FD_DATETIME: {
        int before = fe->n;
        v->day = read_day(fd, f, now, what, fe);
        const char *tkey = time_name(fd->name);
        const char *t = form_text(f, tkey);
        if (!*t) {
            if (v->day) /* no date either: its message says enough */
                fe_add(fe, tkey, "Enter the time, for example 14:30");
        } else if ((v->minute = time_parse(t)) < 0)
            fe_add(fe, tkey, "The time must be a real time, for example 14:30");
        else if (v->day && now && v->day == now->today && v->minute > now->minute && !fd->future_ok) {
            fe_add(fe, tkey, "%s must not be in the future", cap);
            v->minute = -1;
        }
        if (fe->n != before) {
            v->day = DAY_NONE;
            v->minute = -1;
        }
        break;
    }
    case FD_SELECT:
    case FD_RADIOS:
        v->text = form_text(f, fd->name);
        if (!*v->text) {
            if (fd->required)
                fe_add(fe, fd->name, "Select %s", what);
        } else if (!in_list(fd, v->text)) {
            fe_add(fe, fd->name, "Select %s from the list", what);
            v->text = "";
        }
        break;
    case FD_YES_NO:
        v->yes_no = form_yes_no(f, fd->name);
        if (v->yes_no < 0 && (fd->required || *form_text(f, fd->name)))
            fe_add(fe, fd->name, "Select %s", what);
        break;
    case FD_CHECKBOXES:
        for (int i = 0; i < f->n; i++) {
            if (strcmp(f->name[i], fd->name))
                continue;
            if (!in_list(fd, f->value[i])) {
                fe_add(fe, fd->name, "Select %s from the list", what);
                v->n_checked = 0;
                return;
            }
            bool dup = false;
            for (int k = 0; k < v->n_checked; k++)
                dup |= !strcmp(v->checked[k], f->value[i]);
            if (dup)
                continue;
            if (v->n_checked == FD_MAX_CHECKED) {
                fe_add(fe, fd->name, "Select up to %d", FD_MAX_CHECKED);
                v->n_checked = 0;
                return;
            }
            v->checked[v->n_checked++] = f->value[i];
        }
        if (!v->n_checked && fd->required)
            fe_add(fe, fd->name, "Select %s", what);
        break;
    }
}

int fd_read_all(const struct fd_field *fds, int n, const struct form *f, const struct fd_now *now,
                struct fd_value *v, struct field_errors *fe)
{
    int before = fe->n;
    for (int i = 0; i < n; i++)
        fd_read(&fds[i], f, now, &v[i], fe);
    return fe->n - before;
}
