/* pages_placements: carers and providers, placements, health and education. The register
 * of the authority's foster carers, fostering agencies and children's homes (/carers);
 * on a looked-after child's record, who they live with, where, at what weekly cost and
 * how far from home, with the forms to name the carer, move the child (also between two
 * placements of the same type), change their legal status, and record health assessments,
 * dental checks, immunisations, SDQ scores and personal education plans; and, for
 * managers, placement cost by type and provider over a period with where children are
 * placed (/placements). Child forms go through stage_form.c (access checked and logged,
 * drafts kept, refusals beside the field); writes go through store/placements.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/placement.h"
#include "../store/casework.h"
#include "../store/placements.h"
#include "../util/buf.h"
#include "form_decl.h"
#include "placements.h"
#include "record.h"
#include "stage_form.h"

static void internal(struct req *r, struct resp *out, const struct err *e)
{
    char msg[1400];
    err_format(e, msg, sizeof msg);
    fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
    page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
}

static const char *label(const struct stage_code *list, int n, const char *code)
{
    const char *l = stage_label(list, n, code);
    return l ? l : code ? code : "";
}

/* "£850.50" into out */
static void money(char out[32], int64_t pence)
{
    snprintf(out, 32, "\xc2\xa3%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
}

static void miles(char out[32], int64_t metres)
{
    if (metres < 0)
        snprintf(out, 32, "not known");
    else {
        int64_t t = postcode_tenths_of_mile(metres);
        snprintf(out, 32, "%lld.%lld miles", (long long)(t / 10), (long long)(t % 10));
    }
}

/* A value shown in a form that was not posted (form_free releases it). */
static void form_put(struct form *f, const char *name, const char *value)
{
    if (f->n == FORM_MAX_FIELDS)
        return;
    f->name[f->n] = xstrdup(name);
    f->value[f->n++] = xstrdup(value);
}

static bool looked_after_now(const struct child_file *cf)
{
    return cf->n_la_episodes && !cf->la_episodes[cf->n_la_episodes - 1].dec;
}

/* ---- the register of carers and providers ---------------------------------------------- */
static bool may_manage(const struct req *r)
{
    return r->user.role == ROLE_TEAM_MANAGER || r->user.role == ROLE_ADMIN;
}

static bool may_see_register(const struct req *r)
{
    return r->user.role != ROLE_FRONT_DOOR;
}

void h_carers(struct req *r, struct resp *out)
{
    if (!may_see_register(r))
        return page_error(r, out, 403, "Not available", "The register of carers is for the looked-after teams.");
    struct arena mem = {0};
    struct pl_carer *c;
    int n;
    struct err e;
    err_clear(&e);
    if (pl_carers(r->st, r->today, &mem, &c, &n, &e) != HE_OK) {
        arena_free(&mem);
        return internal(r, out, &e);
    }
    struct html m = HTML_INIT;
    H(&m, "<h1 class=\"govuk-heading-l\">Carers and providers</h1>"
          "<p class=\"govuk-body\">The authority's own foster carers, the independent fostering agencies and "
          "the children's homes children are placed with. Vacancies are places less the children placed "
          "there today.</p>");
    if (may_manage(r))
        H(&m, "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/carers/new\">Add a carer or "
              "provider</a></p>");
    if (!n)
        H(&m, "<p class=\"govuk-body\">The register is empty.</p>");
    else {
        H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
              "%d in the register</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Ofsted URN</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Postcode</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Approved</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Places</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Vacancies</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Weekly cost</th>"
              "</tr></thead><tbody class=\"govuk-table__body\">",
          n);
        for (int i = 0; i < n; i++) {
            char cost[32];
            money(cost, c[i].weekly_cost);
            int vac = c[i].capacity - c[i].placed;
            H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s%s%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                  "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%D</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
                  "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
              c[i].name, c[i].household ? ": " : "", c[i].household ? c[i].household : "",
              label(carer_kinds, n_carer_kinds, c[i].kind), c[i].urn ? c[i].urn : "", c[i].postcode,
              c[i].approved, c[i].capacity, vac > 0 ? vac : 0, cost);
        }
        H(&m, "</tbody></table>");
    }
    page_render(r, out, "Carers and providers", &m);
    html_free(&m);
    arena_free(&mem);
}

static const struct fd_field carer_fields[] = {
    {.name = "kind", .label = "Kind", .kind = FD_RADIOS, .required = true, .what = "the kind of carer or provider",
     .codes = carer_kinds, .n_codes = &n_carer_kinds},
    {.name = "name", .label = "Name", .kind = FD_TEXT, .required = true, .what = "the name", .max_len = 120,
     .hint = "The foster carers' names, or the agency or home"},
    {.name = "household", .label = "Household", .kind = FD_TEXT, .max_len = 200,
     .hint = "Foster carers: who lives in the household"},
    {.name = "urn", .label = "Ofsted URN", .kind = FD_TEXT, .max_len = 8, .width = 10,
     .hint = "Required for an agency or a home: SC followed by six digits, or seven digits"},
    {.name = "postcode", .label = "Postcode", .kind = FD_TEXT, .required = true, .what = "the postcode",
     .max_len = 8, .width = 10},
    {.name = "approved", .label = "Date approved or registered", .kind = FD_DATE,
     .what = "the date approved or registered"},
    {.name = "capacity", .label = "Places", .kind = FD_TEXT, .required = true, .what = "how many children it can care for",
     .max_len = 2, .width = 5, .hint = "How many children it can care for at once"},
    {.name = "cost", .label = "Weekly cost", .kind = FD_TEXT, .required = true, .what = "the weekly cost",
     .max_len = 12, .width = 10, .hint = "In pounds, for example 850 or 850.50"},
};
enum { N_CARER = sizeof carer_fields / sizeof carer_fields[0] };

static bool urn_ok(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n == 8 && s[0] == 'S' && s[1] == 'C')
        i = 2;
    else if (n != 7)
        return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static void carer_page(struct req *r, struct resp *out, const struct form *f, const struct field_errors *fe)
{
    struct html m = HTML_INIT;
    H(&m, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    ui_error_summary(&m, fe);
    H(&m, "<span class=\"govuk-caption-l\"><a class=\"govuk-link\" href=\"/carers\">Carers and providers</a>"
          "</span><h1 class=\"govuk-heading-l\">Add a carer or provider</h1>"
          "<form method=\"post\" action=\"/carers/new\" novalidate>");
    ui_csrf(&m, r);
    fd_render_all(&m, carer_fields, N_CARER, f, fe);
    H(&m, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add to the register"
          "</button></form></div></div>");
    page_render(r, out, "Add a carer or provider", &m);
    html_free(&m);
}

void h_carer_form(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "A team manager adds carers and providers to the register.");
    struct form f = {0};
    carer_page(r, out, &f, NULL);
}

void h_carer_post(struct req *r, struct resp *out)
{
    if (!may_manage(r))
        return page_error(r, out, 403, "Not available", "A team manager adds carers and providers to the register.");
    struct fd_value v[N_CARER];
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    fd_read_all(carer_fields, N_CARER, &r->body, &now, v, &fe);
    char pc[9] = "";
    if (*v[4].text && !postcode_normalise(v[4].text, pc))
        fe_add(&fe, "postcode", "Enter a full postcode, like ME4 4AA");
    if (*v[3].text && !urn_ok(v[3].text))
        fe_add(&fe, "urn", "Enter the Ofsted URN as SC and six digits, or seven digits");
    else if (!*v[3].text && *v[0].text && strcmp(v[0].text, "FOSTER"))
        fe_add(&fe, "urn", "Enter the Ofsted URN of the agency or home");
    char *end = NULL;
    long cap = *v[6].text ? strtol(v[6].text, &end, 10) : 0;
    if (*v[6].text && (*end || cap < 1 || cap > 99))
        fe_add(&fe, "capacity", "Enter the number of places as a whole number from 1 to 99");
    int64_t cost = *v[7].text ? placement_parse_pounds(v[7].text) : 0;
    if (*v[7].text && cost < 0)
        fe_add(&fe, "cost", "Enter the weekly cost in pounds, like 850 or 850.50");
    struct err e;
    err_clear(&e);
    if (!fe.n) {
        struct pl_carer c = {.kind = v[0].text, .name = v[1].text, .household = v[2].text, .urn = v[3].text,
                             .postcode = pc, .approved = v[5].day, .capacity = (int)cap, .weekly_cost = cost};
        int rc = pl_carer_add(r->st, r->user.id, &c, r->now, NULL, &e);
        if (rc == HE_INPUT)
            fe_add(&fe, e.field[0] ? e.field : "name", "%s", e.msg);
        else if (rc != HE_OK)
            return internal(r, out, &e);
    }
    if (fe.n) {
        out->status = 422;
        return carer_page(r, out, &r->body, &fe);
    }
    redirect(out, "/carers");
}

/* ---- on the child's record ----------------------------------------------------------------- */
enum { PLACEMENT_ROWS = 6 };

static int placement_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    struct arena mem = {0};
    struct pl_placement p[PLACEMENT_ROWS];
    int n = 0;
    int rc = pl_child_placements(c->r->st, c->f->id, &mem, p, PLACEMENT_ROWS, &n, e);
    if (rc != HE_OK) {
        arena_free(&mem);
        return rc;
    }
    rec_id open = c->looked_after ? c->f->la_episodes_id[c->f->n_la_episodes - 1] : 0;
    bool current = n && p[0].episode == open;
    if (c->looked_after && !current)
        H(h, "<p class=\"govuk-body\">The carer or provider of the current placement is not recorded.</p>");
    if (n) {
        H(h, "<dl class=\"govuk-summary-list\">");
        for (int i = 0; i < n; i++) {
            char cost[32], dist[32];
            money(cost, p[i].weekly_cost);
            miles(dist, p[i].distance_m);
            H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s %D%s%D</dt>"
                 "<dd class=\"govuk-summary-list__value\">%s (%s), %s.<br>Weekly cost %s. %s from home%s.</dd></div>",
              p[i].episode == open ? "Since" : "From", p[i].start, p[i].end ? " to " : "", p[i].end,
              p[i].carer_name, label(carer_places, n_carer_places, p[i].place), p[i].postcode, cost, dist,
              p[i].in_area == 1 ? ", inside the area" : p[i].in_area == 0 ? ", outside the area" : "");
        }
        H(h, "</dl>");
    }
    if (c->looked_after && c->r->user.role != ROLE_ANALYST && c->r->user.role != ROLE_FRONT_DOOR) {
        H(h, "<ul class=\"govuk-list\">");
        if (!current)
            H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/placement/carer\">Record who the child is placed "
                 "with</a></li>", (int64_t)c->f->id);
        H(h, "<li><a class=\"govuk-link\" href=\"/children/%l/placement/move\">Move to another placement</a></li>"
             "<li><a class=\"govuk-link\" href=\"/carers\">The register of carers and providers</a></li>"
             "<li><a class=\"govuk-link\" href=\"/children/%l/legal-status\">Change of legal status</a></li></ul>",
          (int64_t)c->f->id, (int64_t)c->f->id);
    }
    arena_free(&mem);
    return HE_OK;
}

static bool ever_looked_after(const struct record_ctx *c)
{
    return c->f->n_la_episodes > 0 && c->r->user.role != ROLE_FRONT_DOOR;
}
const struct record_section rs_placement = {"placement", "Placement", RECORD_LEFT, 15, ever_looked_after,
                                            placement_section};

static int health_section(struct html *h, const struct record_ctx *c, struct err *e)
{
    const struct child_extra *x = c->x;
    if (!x || !x->n_health)
        H(h, "<p class=\"govuk-body\">No health or education records yet.</p>");
    else {
        H(h, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">Health and education records, "
             "newest first</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Record</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">");
        int shown = 0;
        for (size_t i = x->n_health; i-- > 0 && shown < 8; shown++) {
            const struct health_record *r = &x->health[i];
            char more[48] = "";
            if (r->sdq_score >= 0)
                snprintf(more, sizeof more, ": score %d", r->sdq_score);
            else if (r->up_to_date >= 0)
                snprintf(more, sizeof more, ": %s", r->up_to_date ? "up to date" : "not up to date");
            H(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td>"
                 "<td class=\"govuk-table__cell\">%s%s</td></tr>",
              r->date, label(health_kinds, n_health_kinds, r->kind), more);
        }
        H(h, "</tbody></table>");
    }
    if (c->r->user.role != ROLE_ANALYST && c->r->user.role != ROLE_FRONT_DOOR)
        H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/health/new\">Record a health "
             "or education check</a></p>", (int64_t)c->f->id);
    return HE_OK;
}
const struct record_section rs_health = {"health", "Health and education", RECORD_RIGHT, 28, ever_looked_after,
                                         health_section};

/* ---- naming the carer of the current placement, moves, legal status ------------------------- */
/* The register as a select's options, in mem. */
static int carer_options(struct req *r, struct arena *mem, struct ui_option **opts, int *n, struct err *e)
{
    struct pl_carer *c;
    int rc = pl_carers(r->st, r->today, mem, &c, n, e);
    if (rc != HE_OK)
        return rc;
    *opts = arena_alloc(mem, (size_t)(*n + 1) * sizeof **opts);
    for (int i = 0; i < *n; i++) {
        char *v = arena_alloc(mem, 24), *l = arena_alloc(mem, 320);
        snprintf(v, 24, "%lld", (long long)c[i].id);
        int vac = c[i].capacity - c[i].placed;
        snprintf(l, 320, "%s, %s (%s; %d vacanc%s)", c[i].name, c[i].postcode,
                 label(carer_kinds, n_carer_kinds, c[i].kind), vac > 0 ? vac : 0, vac == 1 ? "y" : "ies");
        (*opts)[i] = (struct ui_option){v, l};
    }
    return HE_OK;
}

static const struct fd_field carer_pick = {.name = "carer", .label = "Carer or provider", .kind = FD_SELECT,
                                           .required = true, .what = "the carer or provider",
                                           .hint = "From the register of carers and providers"};
static const struct fd_field home_field = {.name = "home_post", .label = "The child's home postcode",
                                           .kind = FD_TEXT, .max_len = 8, .width = 10,
                                           .hint = "Where the child lived before care: for the distance from home"};
static const struct fd_field cost_field = {.name = "cost", .label = "Weekly cost (if not the usual)",
                                           .kind = FD_TEXT, .max_len = 12, .width = 10,
                                           .hint = "In pounds; leave blank for the carer's usual weekly cost"};
static const struct fd_field move_fields[] = {
    {.name = "date", .label = "Date of the move", .kind = FD_DATE, .required = true, .what = "the date of the move"},
    {.name = "place", .label = "Type of placement", .kind = FD_SELECT, .required = true,
     .what = "the type of placement", .codes = carer_places, .n_codes = &n_carer_places},
    {.name = "reason", .label = "Reason for the move", .kind = FD_SELECT, .required = true,
     .what = "the reason for the move", .codes = place_change_reasons, .n_codes = &n_place_change_reasons},
};
enum { N_MOVE = sizeof move_fields / sizeof move_fields[0] };

static const char *current_home(const struct child_file *cf)
{
    return cf->n_la_episodes ? cf->la_episodes[cf->n_la_episodes - 1].home_post : NULL;
}

static void carer_fields_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                                const struct field_errors *fe)
{
    struct arena mem = {0};
    struct ui_option *opts = NULL;
    int n = 0;
    struct err e;
    err_clear(&e);
    if (carer_options(c->r, &mem, &opts, &n, &e) != HE_OK)
        n = 0;
    struct fd_field pick = carer_pick;
    pick.opts = opts;
    pick.n_opts = &n;
    fd_render(m, &pick, f, fe);
    if (!n)
        H(m, "<p class=\"govuk-body\">The register is empty: a team manager adds carers on the "
             "<a class=\"govuk-link\" href=\"/carers\">carers and providers</a> page.</p>");
    /* the home postcode as the current episode has it, unless the worker typed another */
    struct form shown = {0};
    const char *home = form_get(f, "home_post");
    if (!home && current_home(c->cf))
        form_put(&shown, "home_post", current_home(c->cf));
    fd_render(m, &home_field, home ? f : &shown, fe);
    form_free(&shown);
    fd_render(m, &cost_field, f, fe);
    arena_free(&mem);
}

/* The carer, home postcode and cost of a posted form; false when one is at fault. */
static bool read_carer(const struct stage_ctx *c, const struct form *f, rec_id *carer, char home[9],
                       int64_t *cost, struct field_errors *fe)
{
    const char *v = form_get(f, "carer");
    char *end = NULL;
    *carer = v && *v ? strtoll(v, &end, 10) : 0;
    if (!v || !*v)
        fe_add(fe, "carer", "Choose the carer or provider");
    else if (*end || *carer <= 0)
        fe_add(fe, "carer", "Choose the carer or provider from the list");
    const char *h = form_get(f, "home_post");
    home[0] = '\0';
    if (h && *h && !postcode_normalise(h, home))
        fe_add(fe, "home_post", "Enter a full postcode, like ME4 4AA");
    const char *k = form_get(f, "cost");
    *cost = -1;
    if (k && *k && (*cost = placement_parse_pounds(k)) < 0)
        fe_add(fe, "cost", "Enter the weekly cost in pounds, like 850 or 850.50");
    return !fe->n;
}

static const char *not_looked_after(const struct stage_ctx *c)
{
    return looked_after_now(c->cf) ? NULL : "The child is not looked after now: record becoming looked after first.";
}

static int carer_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                      struct err *e)
{
    rec_id carer;
    char home[9];
    int64_t cost;
    if (!read_carer(c, f, &carer, home, &cost, fe))
        return HE_INPUT;
    return pl_set_carer(c->r->st, c->cf->id, seen, carer, home, cost, e);
}

static void carer_intro(struct html *m, const struct stage_ctx *c)
{
    const struct la_episode *l = &c->cf->la_episodes[c->cf->n_la_episodes - 1];
    H(m, "<p class=\"govuk-body\">The current placement began on %D (%s). Name the carer or provider from the "
         "register: the placement's postcode, Ofsted URN and weekly cost follow from it.</p>",
      l->decom, label(carer_places, n_carer_places, l->place));
}

static const char *const carer_names[] = {"carer", "home_post", "cost", NULL};
static const struct stage_form set_carer_form = {
    .page = "placement carer form", .title = "Who the child is placed with", .button = "Save",
    .unavailable = not_looked_after, .intro = carer_intro, .fields = carer_fields_render, .save = carer_save,
    .field_names = carer_names};
void h_placement_carer_form(struct req *r, struct resp *out) { stage_form_get(r, out, &set_carer_form); }
void h_placement_carer_post(struct req *r, struct resp *out) { stage_form_post(r, out, &set_carer_form); }

static void move_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                        const struct field_errors *fe)
{
    fd_render_all(m, move_fields, N_MOVE, f, fe);
    carer_fields_render(m, c, f, fe);
}

static int move_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                     struct err *e)
{
    struct fd_value v[N_MOVE];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(move_fields, N_MOVE, f, &now, v, fe);
    rec_id carer;
    char home[9];
    int64_t cost;
    read_carer(c, f, &carer, home, &cost, fe);
    if (fe->n)
        return HE_INPUT;
    return pl_move(c->r->st, c->cf->id, seen, v[0].day, v[1].text, v[2].text, carer, home, cost, e);
}

static void move_intro(struct html *m, const struct stage_ctx *c)
{
    const struct la_episode *l = &c->cf->la_episodes[c->cf->n_la_episodes - 1];
    H(m, "<p class=\"govuk-body\">Current placement since %D: %s. A move to another carer of the same type is a "
         "new placement too.</p>",
      l->decom, label(carer_places, n_carer_places, l->place));
}

static const char *const move_names[] = {"date", "place", "reason", "carer", "home_post", "cost", NULL};
static const struct stage_form move_form = {
    .page = "placement move form", .title = "Move to another placement", .button = "Save the move",
    .unavailable = not_looked_after, .intro = move_intro, .fields = move_render, .save = move_save,
    .field_names = move_names};
void h_placement_move_form(struct req *r, struct resp *out) { stage_form_get(r, out, &move_form); }
void h_placement_move_post(struct req *r, struct resp *out) { stage_form_post(r, out, &move_form); }

static const struct fd_field ls_fields[] = {
    {.name = "date", .label = "Date of the change", .kind = FD_DATE, .required = true,
     .what = "the date of the change"},
    {.name = "ls", .label = "New legal status", .kind = FD_SELECT, .required = true, .what = "the new legal status",
     .codes = legal_status_codes, .n_codes = &n_legal_status_codes},
};
enum { N_LS = sizeof ls_fields / sizeof ls_fields[0] };

static void ls_intro(struct html *m, const struct stage_ctx *c)
{
    const struct la_episode *l = &c->cf->la_episodes[c->cf->n_la_episodes - 1];
    H(m, "<p class=\"govuk-body\">Legal status since %D: %s. The placement goes on as it is.</p>", l->decom,
      label(legal_status_codes, n_legal_status_codes, l->ls));
}

static void ls_render(struct html *m, const struct stage_ctx *c, const struct form *f, const struct field_errors *fe)
{
    fd_render_all(m, ls_fields, N_LS, f, fe);
}

static int ls_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                   struct err *e)
{
    struct fd_value v[N_LS];
    struct fd_now now = fd_now_of(c->r);
    if (fd_read_all(ls_fields, N_LS, f, &now, v, fe))
        return HE_INPUT;
    return pl_legal_status(c->r->st, c->cf->id, seen, v[0].day, v[1].text, e);
}

static const char *const ls_names[] = {"date", "ls", NULL};
static const struct stage_form ls_form = {
    .page = "legal status form", .title = "Change of legal status", .button = "Save",
    .unavailable = not_looked_after, .intro = ls_intro, .fields = ls_render, .save = ls_save,
    .field_names = ls_names};
void h_legal_status_form(struct req *r, struct resp *out) { stage_form_get(r, out, &ls_form); }
void h_legal_status_post(struct req *r, struct resp *out) { stage_form_post(r, out, &ls_form); }

/* ---- health and education ---------------------------------------------------------------------- */
static const struct fd_field health_fields[] = {
    {.name = "kind", .label = "What was done", .kind = FD_RADIOS, .required = true, .what = "what was done",
     .codes = health_kinds, .n_codes = &n_health_kinds},
    {.name = "date", .label = "Date", .kind = FD_DATE, .required = true, .what = "the date"},
    {.name = "sdq", .label = "SDQ score", .kind = FD_TEXT, .max_len = 2, .width = 5,
     .hint = "Strengths and difficulties questionnaire only: the total difficulties score, 0 to 40"},
    {.name = "up_to_date", .label = "Immunisations up to date?", .kind = FD_YES_NO,
     .hint = "Immunisations checked only"},
    {.name = "note", .label = "Notes", .kind = FD_TEXTAREA, .max_len = 2000},
};
enum { N_HEALTH = sizeof health_fields / sizeof health_fields[0] };

static const char *never_looked_after(const struct stage_ctx *c)
{
    return c->cf->n_la_episodes ? NULL : "Health and education checks are recorded for children who are looked after.";
}

static void health_render(struct html *m, const struct stage_ctx *c, const struct form *f,
                          const struct field_errors *fe)
{
    fd_render_all(m, health_fields, N_HEALTH, f, fe);
}

static int health_save(const struct stage_ctx *c, const struct form *f, int64_t seen, struct field_errors *fe,
                       struct err *e)
{
    struct fd_value v[N_HEALTH];
    struct fd_now now = fd_now_of(c->r);
    fd_read_all(health_fields, N_HEALTH, f, &now, v, fe);
    int sdq = -1;
    bool is_sdq = !strcmp(v[0].text, "SDQ"), is_imm = !strcmp(v[0].text, "IMMUNISATIONS");
    if (is_sdq && !*v[2].text)
        fe_add(fe, "sdq", "Enter the SDQ score");
    else if (*v[2].text && !is_sdq)
        fe_add(fe, "sdq", "Give a score only for a strengths and difficulties questionnaire");
    else if (is_sdq) {
        char *end = NULL;
        long s = strtol(v[2].text, &end, 10);
        if (*end || s < 0 || s > 40)
            fe_add(fe, "sdq", "Enter the SDQ score as a whole number from 0 to 40");
        else
            sdq = (int)s;
    }
    if (is_imm && v[3].yes_no < 0)
        fe_add(fe, "up_to_date", "Say whether the immunisations are up to date");
    else if (!is_imm && v[3].yes_no >= 0 && *v[0].text)
        fe_add(fe, "up_to_date", "Answer this only for an immunisations check");
    if (v[1].day && c->cf->person.dob && v[1].day < c->cf->person.dob)
        fe_add(fe, "date", "The date cannot be before the child was born");
    if (fe->n)
        return HE_INPUT;
    return pl_health_add(c->r->st, c->r->user.id, c->cf->id, seen, v[0].text, v[1].day, sdq,
                         is_imm ? v[3].yes_no : -1, v[4].text, c->r->now, e);
}

static void health_intro(struct html *m, const struct stage_ctx *c)
{
    H(m, "<p class=\"govuk-body\">An initial health assessment is due within 20 working days of becoming looked "
         "after, and a personal education plan for a child of school age. What is recorded here makes the "
         "child's SSDA903 OC2 row for the year.</p>");
}

static const char *const health_names[] = {"kind", "date", "sdq", "up_to_date", "note", NULL};
static const struct stage_form health_form = {
    .page = "health record form", .title = "Record a health or education check", .button = "Save",
    .unavailable = never_looked_after, .intro = health_intro, .fields = health_render, .save = health_save,
    .field_names = health_names};
void h_health_form(struct req *r, struct resp *out) { stage_form_get(r, out, &health_form); }
void h_health_post(struct req *r, struct resp *out) { stage_form_post(r, out, &health_form); }

/* ---- managers: cost by type and provider, where children are placed ----------------------------- */
void h_placement_costs(struct req *r, struct resp *out)
{
    if (!may_manage(r) && r->user.role != ROLE_ANALYST)
        return page_error(r, out, 403, "Not available", "Placement costs are for managers and analysts.");
    struct field_errors fe = {0};
    struct fd_now now = fd_now_of(r);
    static const struct fd_field period[] = {
        {.name = "from", .label = "From", .kind = FD_DATE, .what = "the first day", .future_ok = true},
        {.name = "to", .label = "To", .kind = FD_DATE, .what = "the last day", .future_ok = true},
    };
    struct fd_value v[2];
    fd_read_all(period, 2, &r->query, &now, v, &fe);
    /* the year to date by default: the collection year's first day to today */
    day_t from = v[0].day, to = v[1].day;
    if (!from)
        from = date_from_ymd(date_year_to_march(r->today) - 1, 4, 1);
    if (!to)
        to = r->today;
    if (!fe.n && to < from)
        fe_add(&fe, "to", "The last day must be on or after the first");
    struct html m = HTML_INIT;
    ui_error_summary(&m, &fe);
    H(&m, "<h1 class=\"govuk-heading-l\">Placements: where and what they cost</h1>"
          "<p class=\"govuk-body\">See also the <a class=\"govuk-link\" href=\"/carers\">register of carers "
          "and providers</a>.</p><form method=\"get\" action=\"/placements\" novalidate>");
    struct form shown = {0};
    if (!fe.n) {
        char d[12];
        int y, mo, dd;
        date_to_ymd(from, &y, &mo, &dd);
        snprintf(d, sizeof d, "%d", dd); form_put(&shown, "from-day", d);
        snprintf(d, sizeof d, "%d", mo); form_put(&shown, "from-month", d);
        snprintf(d, sizeof d, "%d", y); form_put(&shown, "from-year", d);
        date_to_ymd(to, &y, &mo, &dd);
        snprintf(d, sizeof d, "%d", dd); form_put(&shown, "to-day", d);
        snprintf(d, sizeof d, "%d", mo); form_put(&shown, "to-month", d);
        snprintf(d, sizeof d, "%d", y); form_put(&shown, "to-year", d);
    }
    fd_render_all(&m, period, 2, fe.n ? &r->query : &shown, &fe);
    form_free(&shown);
    H(&m, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show</button></form>");
    if (fe.n) {
        out->status = 422;
        page_render(r, out, "Placements", &m);
        return html_free(&m);
    }
    struct arena mem = {0};
    struct pl_cost_row *rows;
    int n;
    struct pl_where w;
    struct err e;
    err_clear(&e);
    if (pl_costs(r->st, from, to, &mem, &rows, &n, &e) != HE_OK || pl_where_on(r->st, to, &w, &e) != HE_OK) {
        html_free(&m);
        arena_free(&mem);
        return internal(r, out, &e);
    }
    H(&m, "<h2 class=\"govuk-heading-m\">Where children are placed on %D</h2>"
          "<dl class=\"govuk-summary-list\">"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Placements with a carer "
          "recorded</dt><dd class=\"govuk-summary-list__value\">%d</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Within the area</dt>"
          "<dd class=\"govuk-summary-list__value\">%d of %d</dd></div>"
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">More than 20 miles from "
          "home</dt><dd class=\"govuk-summary-list__value\">%d of %d</dd></div></dl>",
      to, w.placed, w.in_area, w.area_known, w.far, w.distance_known);
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        total += rows[i].cost;
    char t[32];
    money(t, total);
    H(&m, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Cost from "
          "%D to %D by type of placement and provider: %s</caption><thead class=\"govuk-table__head\">"
          "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Type of placement</th>"
          "<th scope=\"col\" class=\"govuk-table__header\">Carer or provider</th>"
          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Children</th>"
          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Days</th>"
          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Cost</th></tr></thead>"
          "<tbody class=\"govuk-table__body\">",
      from, to, t);
    /* an analyst works on the figures: the authority's own foster carers (people, often the
     * child's relatives) are one row per type of placement, not named */
    if (r->user.role == ROLE_ANALYST) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            bool own = rows[i].carer_kind && !strcmp(rows[i].carer_kind, "FOSTER");
            if (own)
                rows[i].carer_name = "The authority's foster carers";
            int j = 0;
            while (own && j < k && !(rows[j].carer_name == rows[i].carer_name && !strcmp(rows[j].place ? rows[j].place : "",
                                                                               rows[i].place ? rows[i].place : "")))
                j++;
            if (own && j < k) {
                rows[j].children += rows[i].children;
                rows[j].days += rows[i].days;
                rows[j].cost += rows[i].cost;
            } else
                rows[k++] = rows[i];
        }
        n = k;
    }
    for (int i = 0; i < n; i++) {
        char c[32];
        money(c, rows[i].cost);
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
              "<td class=\"govuk-table__cell\">%s</td>"
              "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
              "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td>"
              "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
          label(carer_places, n_carer_places, rows[i].place), rows[i].carer_name, rows[i].children, rows[i].days, c);
    }
    if (!n)
        H(&m, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"5\">No placements with a "
              "carer recorded in this period.</td></tr>");
    H(&m, "</tbody></table>");
    page_render(r, out, "Placements", &m);
    html_free(&m);
    arena_free(&mem);
}
