/* html: the one door through which text reaches a page. A page is a struct html that only
 * H() writes to; H's template is a string literal (the macro refuses anything else), and
 * every value it fills in is escaped for HTML (and, with %u, percent-encoded for a URL).
 * So no string from the database, a form or a URL can reach a page unescaped; a fragment
 * built the same way is inserted with %h. Tested like a parser (tests/unit/web/test_html.c).
 *
 * Directives: %s text (NULL is ""), %d int, %l int64_t, %D day_t as 31/12/2025 ("" for
 * none), %I day_t as 2025-12-31, %u text percent-encoded for a URL path or query part,
 * %h const struct html * (a fragment made by H), %% a percent sign. Anything else aborts:
 * a template error is a programming error caught by the first test that renders the page.
 * Owner: whoever declared the struct html; html_free() releases it. */
#ifndef HEARTH_HTML_H
#define HEARTH_HTML_H

#include "../util/buf.h"

struct html {
    struct buf b;
};
#define HTML_INIT {BUF_INIT}

#define H(out, tpl, ...) html_printf_((out), "" tpl "", ##__VA_ARGS__)
void html_printf_(struct html *out, const char *tpl, ...);

/* Escape into a plain buffer (for a header value such as Location, never a page). */
void html_escape(struct buf *out, const char *s);
void url_encode(struct buf *out, const char *s);

const char *html_str(const struct html *h);
size_t html_len(const struct html *h);
void html_free(struct html *h);

#endif
