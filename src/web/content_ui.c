/* content_ui: the helpers the content pages share (see content_ui.h). */
#include "content_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_decl.h"
#include "labels.h"

bool content_child(struct req *r, struct resp *out, const char *page, struct child_file *cf)
{
    if (r->user.role == ROLE_FRONT_DOOR || r->user.role == ROLE_ANALYST) {
        page_error(r, out, 403, "Not available",
                   "Assessments, meetings and plans are kept by the child's social worker, personal "
                   "adviser, reviewing officer or team manager.");
        return false;
    }
    if (!child_open(r, out, r->ids[0], page))
        return false;
    struct err e;
    err_clear(&e);
    if (store_load_child(r->st, r->ids[0], cf, &e) != HE_OK) {
        char msg[1400];
        err_format(&e, msg, sizeof msg);
        fprintf(stderr, "hearth serve: %s %s: %s\n", r->method, r->path, msg);
        page_error(r, out, 500, "Sorry, there is a problem with the service", "Try again in a moment.");
        return false;
    }
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

void attendees_read(const char *text, const char *name, struct arena *mem, struct ct_attendee **out,
                    int *n, struct field_errors *fe)
{
    *n = 0;
    *out = arena_alloc(mem, CT_ATTENDEES_MAX * sizeof **out);
    char *copy = arena_strdup(mem, text ? text : "");
    int line = 0;
    for (char *save, *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        l = trim(l);
        if (!*l)
            continue;
        line++;
        if (*n == CT_ATTENDEES_MAX) {
            fe_add(fe, name, "List at most %d people", CT_ATTENDEES_MAX);
            return;
        }
        if (utf8_chars(l) > CT_LINE_MAX) {
            fe_add(fe, name, "Line %d is too long: give a name and an agency in %d characters or fewer",
                   line, CT_LINE_MAX);
            return;
        }
        if (!plain_text(l)) {
            fe_add(fe, name, "Line %d must be plain words: remove anything in angle brackets (< >)", line);
            return;
        }
        char *comma = strchr(l, ',');
        char *agency = NULL;
        if (comma) {
            *comma = 0;
            agency = trim(comma + 1);
            l = trim(l);
        }
        if (!*l) {
            fe_add(fe, name, "Line %d has no name: write the name, then a comma and the agency", line);
            return;
        }
        (*out)[(*n)++] = (struct ct_attendee){l, agency && *agency ? agency : NULL};
    }
}

void paragraphs(struct html *h, const char *text)
{
    if (!text || !*text) {
        H(h, "<p class=\"govuk-body\">Not written.</p>");
        return;
    }
    H(h, "<p class=\"govuk-body\">");
    bool first = true; /* no line yet in this paragraph */
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r')
            len--;
        if (!len) {
            if (!first)
                H(h, "</p><p class=\"govuk-body\">");
            first = true;
        } else {
            char *line = strndup(p, len);
            if (!first)
                H(h, "<br>");
            H(h, "%s", line);
            free(line);
            first = false;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    H(h, "</p>");
}

static void row_start(struct html *h, const char *key)
{
    H(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">", key);
}

void meeting_show(struct html *h, const struct ct_meeting *m)
{
    H(h, "<dl class=\"govuk-summary-list\">");
    row_start(h, "Date");
    H(h, "%D</dd></div>", m->date);
    row_start(h, "Who took part");
    if (!m->n_attendees)
        H(h, "Not recorded");
    else {
        H(h, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < m->n_attendees; i++) {
            if (m->attendees[i].agency)
                H(h, "<li>%s (%s)</li>", m->attendees[i].name, m->attendees[i].agency);
            else
                H(h, "<li>%s</li>", m->attendees[i].name);
        }
        H(h, "</ul>");
    }
    H(h, "</dd></div>");
    if (m->decision) {
        const char *label = !strcmp(m->kind, "STRATEGY")
                                ? stage_label(strategy_decisions, n_strategy_decisions, m->decision)
                                : stage_label(plan_categories, n_plan_categories, m->decision);
        row_start(h, !strcmp(m->kind, "STRATEGY") ? "Decision" : "Child protection plan");
        H(h, "%s</dd></div>", label ? label : m->decision);
    }
    if (m->shared) {
        row_start(h, "What was shared");
        paragraphs(h, m->shared);
        H(h, "</dd></div>");
    }
    row_start(h, "Decisions");
    paragraphs(h, m->decisions);
    H(h, "</dd></div>");
    row_start(h, "Minutes");
    paragraphs(h, m->minutes);
    H(h, "</dd></div>");
    row_start(h, "Recorded by");
    H(h, "%s</dd></div></dl>", m->by);
}
