/* fuzz_http: libFuzzer target for what hearth serve reads from a request before any handler
 * runs: the urlencoded form and query parser (src/web/form.c), the session cookie
 * (session_from_cookie) and the HTML escaper every value passes through (src/web/html.c).
 * Beyond "no crash" it checks their promises: a parsed form holds no NUL and at most
 * FORM_MAX_FIELDS fields, form_get finds each name's first value, encoding the fields again
 * and parsing gives the same fields; an accepted cookie token is 64 hex characters; escaped
 * text holds no character that could open markup. A broken promise aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "web/form.h"
#include "web/html.h"
#include "web/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "fuzz_http: %s\n", what);
    abort();
}

static void check_form(const char *s, size_t n)
{
    struct form f = {0};
    struct err e;
    if (form_parse(s, n, &f, &e) != HE_OK) {
        form_free(&f);
        return;
    }
    if (f.n < 0 || f.n > FORM_MAX_FIELDS)
        die("field count out of range");
    struct buf again = BUF_INIT;
    for (int i = 0; i < f.n; i++) {
        if (!f.name[i] || !f.value[i])
            die("a NULL name or value");
        const char *first = form_get(&f, f.name[i]);
        int j = 0;
        while (strcmp(f.name[j], f.name[i]))
            j++;
        if (first != f.value[j])
            die("form_get did not give the first value of a name");
        const char *t = form_text(&f, f.name[i]);
        size_t tl = strlen(t);
        if (tl && (t[0] == ' ' || t[tl - 1] == ' '))
            die("form_text left surrounding spaces");
        if (i)
            buf_addc(&again, '&');
        url_encode(&again, f.name[i]);
        buf_addc(&again, '=');
        url_encode(&again, f.value[i]);
    }
    struct form g = {0};
    if (form_parse(again.data ? again.data : "", again.len, &g, &e) != HE_OK)
        die("a form encoded again from parsed fields was refused");
    if (g.n != f.n)
        die("a form encoded again has a different number of fields");
    for (int i = 0; i < f.n; i++)
        if (strcmp(f.name[i], g.name[i]) || strcmp(f.value[i], g.value[i]))
            die("a form encoded again parses to different fields");
    form_free(&g);
    buf_free(&again);
    form_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a private copy, so that a read past the end is caught by ASan */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    check_form(s, size);

    /* the Cookie header arrives as a C string (libmicrohttpd stops at NUL) */
    char tok[SESSION_TOKEN_LEN + 1];
    if (session_from_cookie(s, tok)) {
        if (strlen(tok) != SESSION_TOKEN_LEN || strspn(tok, "0123456789abcdef") != SESSION_TOKEN_LEN)
            die("session_from_cookie accepted a malformed token");
    }

    struct buf esc = BUF_INIT;
    html_escape(&esc, s);
    if (esc.data && strpbrk(esc.data, "<>\"'"))
        die("html_escape let markup through");
    for (const char *p = esc.data ? esc.data : ""; (p = strchr(p, '&')); p++)
        if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
            strncmp(p, "&quot;", 6) && strncmp(p, "&#39;", 5) && strncmp(p, "&#x27;", 6))
            die("html_escape left a bare ampersand");
    buf_free(&esc);
    free(s);
    return 0;
}
