/* chronology: events and notes as one list in plain words (see chronology.h). */
#include "chronology.h"
#include "risk.h"
#include "panels_ui.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_labels.h"
#include "labels.h"

const struct ui_option note_kind_options[] = {
    {"home_visit", "Home visit"},
    {"office_visit", "Office visit"},
    {"telephone", "Telephone call"},
    {"meeting", "Meeting"},
    {"direct_work", "Direct work with the child"},
    {"oversight", "Management oversight or case direction"},
    {"supervision", "Supervision"},
    {"other", "Other"},
};
const int n_note_kind_options = sizeof note_kind_options / sizeof note_kind_options[0];

const char *note_kind_label(const char *kind)
{
    return label_of(note_kind_options, n_note_kind_options, kind);
}

void note_when(char *out, size_t n, day_t day, int minute)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, n, "%d %s %d at %02d:%02d", d, months[(m - 1) % 12], y, minute / 60, minute % 60);
}

const char *note_seen_words(int seen, int seen_alone)
{
    if (seen == 1)
        return seen_alone == 1 ? "Child seen alone" : "Child seen, not alone";
    return seen == 0 ? "Child not seen" : "";
}

void note_paragraphs(struct html *h, const char *text)
{
    /* a paragraph ends at a blank line; \r\n and \r count as \n */
    struct buf p = BUF_INIT;
    const char *s = text ? text : "";
    bool any = false;
    while (*s) {
        size_t blank = 0; /* characters of a blank-line break at s */
        if (*s == '\n' || *s == '\r') {
            const char *q = s;
            int lines = 0;
            while (*q == '\n' || *q == '\r' || *q == ' ' || *q == '\t') {
                if (*q == '\n' || (*q == '\r' && q[1] != '\n'))
                    lines++;
                q++;
            }
            if (lines >= 2 || !*q)
                blank = (size_t)(q - s);
        }
        if (blank) {
            if (p.len)
                H(h, "<p class=\"govuk-body hearth-pre\">%s</p>", p.data), any = true;
            p.len = 0;
            s += blank;
            continue;
        }
        if (*s != '\r')
            buf_addc(&p, *s);
        s++;
    }
    if (p.len || !any)
        H(h, "<p class=\"govuk-body hearth-pre\">%s</p>", p.len ? p.data : "");
    buf_free(&p);
}

void chron_show_parse(const char *s, struct chron_show *out)
{
    memset(out, 0, sizeof *out);
    out->value = "all";
    out->events = out->notes = true;
    if (!s || !*s || !strcmp(s, "all"))
        return;
    if (!strcmp(s, "events")) {
        out->value = "events";
        out->notes = false;
    } else if (!strcmp(s, "notes")) {
        out->value = "notes";
        out->events = false;
    } else if (!strcmp(s, "significant")) {
        out->value = "significant";
        out->filter.significant = true;
    } else {
        for (int i = 0; i < n_note_kind_options; i++)
            if (!strcmp(s, note_kind_options[i].value)) {
                out->value = out->filter.kind = note_kind_options[i].value;
                out->events = false;
            }
    }
}

void chron_filter_form(struct html *h, const char *path, const struct chron_show *show)
{
    H(h, "<form method=\"get\" action=\"%s\" class=\"hearth-filter\"><div class=\"govuk-form-group\">"
         "<label class=\"govuk-label\" for=\"show\">Show</label><select class=\"govuk-select\" id=\"show\" "
         "name=\"show\">",
      path);
    static const struct ui_option fixed[] = {
        {"all", "Events and notes"}, {"events", "Events only"}, {"notes", "All case notes"},
        {"significant", "Significant events only"}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        H(h, "<option value=\"%s\"%s>%s</option>", fixed[i].value,
          !strcmp(show->value, fixed[i].value) ? " selected" : "", fixed[i].label);
    for (int i = 0; i < n_note_kind_options; i++)
        H(h, "<option value=\"%s\"%s>Notes: %s</option>", note_kind_options[i].value,
          !strcmp(show->value, note_kind_options[i].value) ? " selected" : "", note_kind_options[i].label);
    H(h, "</select></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">Show</button></form>");
}

/* "Abuse or neglect" -> "abuse or neglect" (an acronym such as "A&E" stays) */
static void lower_first(char *out, size_t n, const char *s)
{
    snprintf(out, n, "%s", s ? s : "");
    if (out[0] && !isupper((unsigned char)out[1]))
        out[0] = (char)tolower((unsigned char)out[0]);
}

static void factors_words(char *out, size_t n, const char *codes)
{
    size_t used = 0;
    out[0] = 0;
    used += (size_t)snprintf(out, n, "Factors identified: ");
    const char *p = codes;
    bool first = true;
    while (p && *p && used < n) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t k = strcspn(p, ", ");
        if (!k)
            break;
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)(k < 15 ? k : 15), p);
        const char *label = label_of(assessment_factors, n_assessment_factors, code);
        int w = label == code ? snprintf(out + used, n - used, "%s%s", first ? "" : "; ", code)
                              : snprintf(out + used, n - used, "%s%s (%s)", first ? "" : "; ", label, code);
        used += w > 0 ? (size_t)w : 0;
        first = false;
        p += k;
    }
}

void chron_event_words(const struct journey_event *ev, char *title, size_t tn, char *detail, size_t dn)
{
    char low[200];
    const char *label;
    snprintf(title, tn, "%s", ev->what);
    detail[0] = 0;
    if (!ev->detail)
        return;
    switch (ev->kind) {
    case JD_SOURCE:
        snprintf(title, tn, "%s", contact_title(ev->detail));
        break;
    case JD_NEED:
        label = label_of(primary_needs, n_primary_needs, ev->detail);
        lower_first(low, sizeof low, label);
        if (label == ev->detail)
            snprintf(detail, dn, "Primary need code %s", ev->detail);
        else
            snprintf(detail, dn, "Primary need: %s (%s)", low, ev->detail);
        break;
    case JD_FACTORS:
        factors_words(detail, dn, ev->detail);
        break;
    case JD_CATEGORY:
        label = label_of(abuse_categories, n_abuse_categories, ev->detail);
        lower_first(low, sizeof low, label);
        snprintf(detail, dn, label == ev->detail ? "Category of abuse code %s" : "Category of abuse: %s (%s)",
                 label == ev->detail ? ev->detail : low, ev->detail);
        break;
    case JD_PLACE:
        label = label_of(placement_types, n_placement_types, ev->detail);
        if (label == ev->detail)
            snprintf(detail, dn, "Placement type %s", ev->detail);
        else
            snprintf(detail, dn, "Placement: %s (%s)", label, ev->detail);
        break;
    case JD_WORKER:
        snprintf(detail, dn, "Worker's reference: %s", ev->detail);
        break;
    case JD_TEXT:
        snprintf(detail, dn, "%s", ev->detail);
        break;
    }
}

static void event_item(struct html *h, const struct journey_event *ev)
{
    char title[300], detail[1200];
    chron_event_words(ev, title, sizeof title, detail, sizeof detail);
    H(h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\"><h3 "
         "class=\"moj-timeline__title\">%s</h3></div><p class=\"moj-timeline__date\"><time "
         "datetime=\"%I\">%D</time></p>",
      title, ev->date, ev->date);
    if (detail[0])
        H(h, "<div class=\"moj-timeline__description\">%s</div>", detail);
    H(h, "</div>");
}

static void note_item(struct html *h, rec_id child, const struct note *n)
{
    char when[64], iso[11], dt[40];
    note_when(when, sizeof when, n->day, n->minute);
    date_format_iso(n->day, iso);
    snprintf(dt, sizeof dt, "%sT%02d:%02d", iso, n->minute / 60, n->minute % 60);
    const char *seen = note_seen_words(n->seen, n->seen_alone);
    H(h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\"><h3 "
         "class=\"moj-timeline__title\">%s%s%s</h3><p class=\"moj-timeline__byline\">by %s</p></div>"
         "<p class=\"moj-timeline__date\"><time datetime=\"%s\">%s</time>",
      note_kind_label(n->kind), *seen ? ": " : "", seen, n->by, dt, when);
    if (n->significant)
        H(h, " <strong class=\"govuk-tag govuk-tag--red\">Significant</strong>");
    H(h, "</p><div class=\"moj-timeline__description\">");
    note_paragraphs(h, n->body);
    H(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%l/notes/%l\">%s<span "
         "class=\"govuk-visually-hidden\"> of %s</span></a></p></div></div>",
      (int64_t)child, n->id, n->body_cut ? "Read the whole note" : "Open the note", when);
}

#define EXCERPT 300

int chron_render(struct html *h, struct req *r, rec_id child, const struct journey *j,
                 const struct chron_show *show, const char *before, int limit, const char *path,
                 struct err *e)
{
    /* the cursor: the last entry shown, as key.kind.id (kind 1 a note, 0 an event) */
    long long ck = 0, ci = 0;
    int ct = 0;
    bool cursor = before && *before && sscanf(before, "%lld.%d.%lld", &ck, &ct, &ci) == 3 && ck > 0 &&
                  (ct == 0 || ct == 1) && ci >= 0;
    struct note *nv = NULL;
    int nn = 0;
    /* the panels' events among the journey's (pages_panels.c) */
    struct journey withp;
    void *keep = NULL;
    int prc = panels_chronology(r->st, child, j, &withp, &keep, e);
    if (prc != HE_OK)
        return prc;
    j = &withp;
    struct journey_event *hub = NULL; /* with the hub's work merged in */
    int nhub = 0;
    struct journey withhub;
    if (mash_chronology(r->st, child, j, &hub, &nhub, e) != HE_OK)
        return e->code;
    if (hub) {
        withhub = *j;
        withhub.events = hub;
        withhub.n_events = nhub;
        j = &withhub;
    }
    if (show->notes) {
        int rc = notes_before(r->st, child, &show->filter, cursor ? ck : 0, cursor ? (ct == 1 ? ci : 1) : 0,
                              limit + 1, EXCERPT, &nv, &nn, e);
        if (rc != HE_OK) {
            panels_chronology_free(&withp, keep);
            free(hub);
            return rc;
        }
    }
    /* exploitation screenings and missing episodes from home among the events */
    struct arena mem = {0};
    struct journey jx = *j;
    int xrc = risk_events(r->st, child, j, &mem, &jx.events, &jx.n_events, e);
    if (xrc != HE_OK) {
        notes_free(nv, nn);
        arena_free(&mem);
        return xrc;
    }
    j = &jx;
    int ei = 0;
    if (cursor) /* the events after the cursor */
        while (ei < j->n_events) {
            long long key = (long long)j->events[ei].date * 1440;
            if (key < ck || (key == ck && (ct == 1 || ei > ci)))
                break;
            ei++;
        }
    if (!show->events)
        ei = j->n_events;
    int ni = 0, shown = 0;
    long long lk = 0, li = 0;
    int lt = 0;
    bool open = false;
    while (shown < limit && (ei < j->n_events || ni < nn)) {
        long long ekey = ei < j->n_events ? (long long)j->events[ei].date * 1440 : -1;
        bool take_note = ni < nn && nv[ni].key >= ekey; /* at the same time, notes first */
        if (!open)
            H(h, "<div class=\"moj-timeline\">"), open = true;
        if (take_note) {
            note_item(h, child, &nv[ni]);
            lk = nv[ni].key, lt = 1, li = nv[ni].id;
            ni++;
        } else {
            event_item(h, &j->events[ei]);
            lk = ekey, lt = 0, li = ei;
            ei++;
        }
        shown++;
    }
    bool more = ni < nn || (show->events && ei < j->n_events);
    notes_free(nv, nn);
    panels_chronology_free(&withp, keep);
    free(hub);
    if (open)
        H(h, "</div>");
    if (!shown)
        H(h, "<p class=\"govuk-body\">%s</p>", cursor ? "There is nothing older." : "Nothing is recorded yet.");
    if (more) {
        char next[80];
        snprintf(next, sizeof next, "%lld.%d.%lld", lk, lt, li);
        H(h, "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Chronology pages\"><div "
             "class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
             "href=\"%s?show=%u&amp;before=%u\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
             "Older entries</span></a></div></nav>",
          path, show->value, next);
    }
    arena_free(&mem);
    return HE_OK;
}
