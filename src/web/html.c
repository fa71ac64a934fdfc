/* html: the escaping template layer (see html.h). Small on purpose: one formatter, one
 * escaper, one URL encoder. */
#include "html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "../date/date.h"

void html_escape(struct buf *out, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_add(out, run, (size_t)(p - run));
        buf_adds(out, rep);
        run = p + 1;
    }
    buf_adds(out, run);
}

void url_encode(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            buf_addc(out, (char)*p);
        } else {
            buf_addc(out, '%');
            buf_addc(out, hex[*p >> 4]);
            buf_addc(out, hex[*p & 15]);
        }
    }
}

void html_printf_(struct html *out, const char *tpl, ...)
{
    va_list ap;
    va_start(ap, tpl);
    const char *run = tpl;
    for (const char *p = tpl; *p; p++) {
        if (*p != '%')
            continue;
        buf_add(&out->b, run, (size_t)(p - run));
        char tmp[32];
        switch (*++p) {
        case 's':
            html_escape(&out->b, va_arg(ap, const char *));
            break;
        case 'd':
            buf_printf(&out->b, "%d", va_arg(ap, int));
            break;
        case 'l':
            buf_printf(&out->b, "%" PRId64, va_arg(ap, int64_t));
            break;
        case 'D':
            date_format_uk((day_t)va_arg(ap, int), tmp);
            buf_adds(&out->b, tmp);
            break;
        case 'I':
            date_format_iso((day_t)va_arg(ap, int), tmp);
            buf_adds(&out->b, tmp);
            break;
        case 'u': {
            struct buf u = BUF_INIT;
            url_encode(&u, va_arg(ap, const char *));
            buf_adds(&out->b, buf_str(&u)); /* percent-encoding leaves nothing to escape */
            buf_free(&u);
            break;
        }
        case 'h': {
            const struct html *h = va_arg(ap, const struct html *);
            if (h)
                buf_add(&out->b, buf_str(&h->b), h->b.len);
            break;
        }
        case '%':
            buf_addc(&out->b, '%');
            break;
        default:
            fprintf(stderr, "html: bad directive '%%%c' in template \"%s\"\n", *p ? *p : '0', tpl);
            abort();
        }
        run = p + 1;
    }
    buf_adds(&out->b, run);
    va_end(ap);
}

const char *html_str(const struct html *h) { return buf_str(&h->b); }
size_t html_len(const struct html *h) { return h->b.len; }
void html_free(struct html *h) { buf_free(&h->b); }
