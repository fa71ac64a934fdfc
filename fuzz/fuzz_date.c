/* fuzz_date: libFuzzer target for the date parsers (src/date/date.c). Beyond "no crash",
 * it checks what the parsers promise: a date they accept formats back to the same text
 * (ISO and UK forms are exact), lies in hearth's year range, and date_parse_any agrees with
 * the strict parser of its form. A broken promise aborts, so the fuzzer reports it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(day_t d, const char *s, size_t n, void (*fmt)(day_t, char *), const char *what)
{
    if (d == DAY_NONE)
        return;
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || !date_valid_ymd(y, m, dd) ||
        date_from_ymd(y, m, dd) != d) {
        fprintf(stderr, "fuzz_date: %s gave an impossible day %d\n", what, (int)d);
        abort();
    }
    char out[11];
    fmt(d, out);
    if (n != 10 || memcmp(out, s, 10) != 0) {
        fprintf(stderr, "fuzz_date: %s accepted '%.*s' but it formats as '%s'\n", what, (int)n, s,
                out);
        abort();
    }
}

static void fmt_iso(day_t d, char *out) { date_format_iso(d, out); }
static void fmt_uk(day_t d, char *out) { date_format_uk(d, out); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a private copy, so that a read past the end is caught by ASan */
    char *s = malloc(size ? size : 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    day_t iso = date_parse_iso(s, size), uk = date_parse_uk(s, size), any = date_parse_any(s, size);
    check(iso, s, size, fmt_iso, "date_parse_iso");
    check(uk, s, size, fmt_uk, "date_parse_uk");
    if ((iso != DAY_NONE && any != iso) || (uk != DAY_NONE && any != uk)) {
        fprintf(stderr, "fuzz_date: date_parse_any disagrees with the strict parser on '%.*s'\n",
                (int)size, s);
        abort();
    }
    if (any != DAY_NONE) {
        int y, m, d;
        date_to_ymd(any, &y, &m, &d);
        if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR) {
            fprintf(stderr, "fuzz_date: date_parse_any gave year %d\n", y);
            abort();
        }
        /* what the working-day arithmetic does with any date the parsers let through */
        (void)date_working_days(any, any + 400);
        (void)date_add_months(any, 13);
        (void)date_age(any, any + 3653);
    }
    free(s);
    return 0;
}
