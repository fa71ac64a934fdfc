/* stage_form: the common shape of the stage forms (see stage_form.h). */
#include "stage_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/stages.h"
#include "../util/buf.h"
#include "work.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service",
               "What you typed is kept as a draft: try again in a moment.");
}

struct loaded {
    struct child_file cf;
    struct child_extra x;
    int64_t version;
};

/* Role, team and access log (child_open), then (a submit) what was typed kept as a draft,
 * then the record. false: answered already. */
static bool load(struct req *r, struct resp *out, const struct stage_form *sf, struct loaded *l,
                 bool keep_draft)
{
    if (r->user.role == ROLE_FRONT_DOOR || r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available",
                   "The stages of a child's journey are recorded by their social worker, personal "
                   "adviser, reviewing officer or team manager.");
        return false;
    }
    if (!child_open(r, out, r->ids[0], sf->page))
        return false;
    if (keep_draft) /* only once access is granted: whatever happens next, nothing typed is lost */
        draft_save(r);
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], &l->cf, &e) != HE_OK) {
        internal(r, out, &e);
        return false;
    }
    if (st_load_extra(r->st, r->ids[0], &l->x, &e) != HE_OK ||
        cw_version(r->st, r->ids[0], &l->version, &e) != HE_OK) {
        child_file_free(&l->cf);
        child_extra_free(&l->x);
        internal(r, out, &e);
        return false;
    }
    return true;
}

static void unload(struct loaded *l)
{
    child_file_free(&l->cf);
    child_extra_free(&l->x);
}

static void render(struct req *r, struct resp *out, const struct stage_form *sf, const struct stage_ctx *c,
                   int64_t version, const struct form *f, const struct field_errors *fe, bool from_draft)
{
    const char *title = sf->title_of ? sf->title_of(c) : sf->title;
    struct html m = HTML_INIT;
    char back[64];
    snprintf(back, sizeof back, "/children/%lld", (long long)c->cf->id);
    ui_back(&m, back);
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    if (from_draft)
        draft_banner(&m, r);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/children/%l\">%s %s</a></span>"
          "<h1 class=\"govuk-heading-l\">%s</h1>",
      (int64_t)c->cf->id, c->cf->person.given_name, c->cf->person.family_name, title);
    if (sf->intro)
        sf->intro(&m, c);
    H(&m, "<form method=\"post\" action=\"%s\" novalidate>", r->path);
    ui_csrf(&m, r);
    H(&m, "<input type=\"hidden\" name=\"version\" value=\"%l\">", version);
    sf->fields(&m, c, f, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%s</button>"
          "</form></div></div>",
      sf->button);
    page_render(r, out, title, &m);
    html_free(&m);
}

void stage_form_get(struct req *r, struct resp *out, const struct stage_form *sf)
{
    struct loaded l;
    if (!load(r, out, sf, &l, false))
        return;
    struct stage_ctx c = {r, &l.cf, &l.x, r->n_ids > 1 ? r->ids[1] : 0, NULL};
    const char *why = sf->unavailable ? sf->unavailable(&c) : NULL;
    if (why) {
        page_error(r, out, 409, sf->title, why);
    } else {
        struct form f = {0};
        bool draft = draft_load(r, &f);
        render(r, out, sf, &c, l.version, &f, NULL, draft);
        form_free(&f);
    }
    unload(&l);
}

void stage_form_post(struct req *r, struct resp *out, const struct stage_form *sf)
{
    struct loaded l;
    if (!load(r, out, sf, &l, true))
        return;
    char next[STAGE_NEXT_MAX] = "";
    struct stage_ctx c = {r, &l.cf, &l.x, r->n_ids > 1 ? r->ids[1] : 0, next};
    const char *why = sf->unavailable ? sf->unavailable(&c) : NULL;
    if (why) {
        page_error(r, out, 409, sf->title, why);
        return unload(&l);
    }
    struct field_errors fe = {0};
    struct err e;
    err_clear(&e);
    int rc = sf->save(&c, &r->body, form_get_id(&r->body, "version"), &fe, &e);
    if (rc != HE_OK && rc != HE_INPUT) {
        unload(&l);
        return internal(r, out, &e);
    }
    if (rc == HE_INPUT && !fe.n) { /* the store refused: beside the field it names */
        const char *field = sf->field_names[0];
        for (int i = 0; sf->field_names[i]; i++)
            if (!strcmp(e.field, sf->field_names[i]))
                field = sf->field_names[i];
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", e.msg);
        if (msg[0] >= 'a' && msg[0] <= 'z')
            msg[0] = (char)(msg[0] - 32);
        fe_add(&fe, field, "%s", msg);
    }
    if (fe.n) {
        out->status = 422;
        render(r, out, sf, &c, l.version, &r->body, &fe, false);
        return unload(&l);
    }
    draft_clear(r);
    char loc[STAGE_NEXT_MAX];
    snprintf(loc, sizeof loc, "/children/%lld", (long long)r->ids[0]);
    unload(&l);
    redirect(out, next[0] ? next : loc);
}

void ui_select_codes(struct html *h, const char *name, const char *label, const struct stage_code *list,
                     int n, const char *value, const struct field_errors *fe)
{
    struct ui_option *opts = xcalloc((size_t)n, sizeof *opts);
    for (int i = 0; i < n; i++)
        opts[i] = (struct ui_option){list[i].code, list[i].label};
    ui_select(h, name, label, opts, n, value, fe);
    free(opts);
}

void ui_yes_no(struct html *h, const char *name, const char *legend, const char *value,
               const struct field_errors *fe)
{
    static const struct ui_option yn[] = {{"1", "Yes"}, {"0", "No"}};
    ui_radios(h, name, legend, yn, 2, value, fe);
}

int form_yes_no(const struct form *f, const char *name)
{
    const char *v = form_get(f, name);
    return v && !strcmp(v, "1") ? 1 : v && !strcmp(v, "0") ? 0 : -1;
}
