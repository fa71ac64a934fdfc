/* form: urlencoded parsing (see form.h). */
#include "form.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Well-formed UTF-8, no overlongs or surrogates. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, min = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (s[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

static char *decode(const char *s, size_t n, struct err *e)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                buf_free(&b);
                err_set(e, HE_INPUT, "the form is malformed (a bad %% escape)");
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == 0) {
            buf_free(&b);
            err_set(e, HE_INPUT, "the form holds a NUL character");
            return NULL;
        }
        buf_addc(&b, c);
    }
    if (!utf8_ok((const unsigned char *)buf_str(&b), b.len)) {
        buf_free(&b);
        err_set(e, HE_INPUT, "the form is not valid UTF-8 text");
        return NULL;
    }
    return b.data ? buf_detach(&b) : xstrdup("");
}

int form_parse(const char *s, size_t n, struct form *f, struct err *e)
{
    memset(f, 0, sizeof *f);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        if (j > i) {
            if (f->n == FORM_MAX_FIELDS) {
                form_free(f);
                return err_set(e, HE_INPUT, "the form has more than %d fields", FORM_MAX_FIELDS);
            }
            size_t eq = i;
            while (eq < j && s[eq] != '=')
                eq++;
            char *name = decode(s + i, eq - i, e);
            char *value = name ? decode(s + eq + (eq < j), j - eq - (eq < j), e) : NULL;
            if (!name || !value) {
                free(name);
                form_free(f);
                return HE_INPUT;
            }
            f->name[f->n] = name;
            f->value[f->n] = value;
            f->n++;
        }
        i = j + 1;
    }
    return HE_OK;
}

const char *form_get(const struct form *f, const char *name)
{
    for (int i = 0; f && i < f->n; i++)
        if (!strcmp(f->name[i], name))
            return f->value[i];
    return NULL;
}

int64_t form_get_id(const struct form *f, const char *name)
{
    const char *s = form_get(f, name);
    if (!s || !*s || strlen(s) > 18)
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : (int64_t)v;
}

const char *form_text(const struct form *f, const char *name)
{
    for (int i = 0; f && i < f->n; i++) {
        if (strcmp(f->name[i], name))
            continue;
        char *v = f->value[i];
        char *p = v;
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t len = strlen(p);
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        memmove(v, p, len);
        v[len] = 0;
        return v;
    }
    return "";
}

void form_free(struct form *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->name[i]);
        free(f->value[i]);
    }
    f->n = 0;
}
