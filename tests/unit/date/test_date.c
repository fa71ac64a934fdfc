/* Tests for the date module against naive references written here: a calendar built by
 * stepping one day at a time from a single fixed point (2000-01-01, a Saturday), month
 * arithmetic stepped a month at a time, and working days counted day by day over
 * data/bank-holidays-england-wales.txt itself. Run from the repository root. */
#include "testutil.h"

#include <limits.h>

#include "date/date.h"

#define HOLIDAY_FILE "data/bank-holidays-england-wales.txt"
#define JDN_2000 2451545 /* 2000-01-01, the day number date.h promises */

/* ---- reference calendar, 1800..2299 (wider than hearth's years so that arithmetic
 * running off either end can still be checked) ---- */

#define REF_Y0 1800
#define REF_Y1 2299

struct ymd {
    int y, m, d;
};

static struct ymd *ref_cal;  /* ref_cal[i] is the date of day ref_base + i */
static int ref_ndays;
static day_t ref_base;       /* day number of 1800-01-01, found by counting to 2000-01-01 */
static int ref_year_start[REF_Y1 - REF_Y0 + 2];
static bool *ref_hol;        /* the holiday file, indexed like ref_cal */
static int *ref_prefix;      /* working days among ref days 0..i, counted one by one */
static day_t ref_hol_first, ref_hol_last;
static int ref_hol_count;

static bool ref_leap(int y)
{
    if (y % 400 == 0)
        return true;
    if (y % 100 == 0)
        return false;
    return y % 4 == 0;
}

static int ref_dim(int y, int m)
{
    switch (m) {
    case 2:
        return ref_leap(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
        return 30;
    default:
        return 31;
    }
}

/* hearth's rule: a real date in 1900..2199 */
static bool ref_valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= ref_dim(y, m);
}

static void ref_next(struct ymd *t)
{
    if (++t->d > ref_dim(t->y, t->m)) {
        t->d = 1;
        if (++t->m > 12) {
            t->m = 1;
            t->y++;
        }
    }
}

/* Day number of any real date in the reference range. */
static day_t ref_day(int y, int m, int d)
{
    assert_true(y >= REF_Y0 && y <= REF_Y1 && m >= 1 && m <= 12 && d >= 1 && d <= ref_dim(y, m));
    int i = ref_year_start[y - REF_Y0];
    for (int mm = 1; mm < m; mm++)
        i += ref_dim(y, mm);
    return ref_base + i + d - 1;
}

static int ref_idx(day_t day)
{
    assert_true(day >= ref_base && day < ref_base + ref_ndays);
    return (int)(day - ref_base);
}

static const struct ymd *ref_at(day_t day)
{
    return &ref_cal[ref_idx(day)];
}

/* 0 Monday .. 6 Sunday, from "2000-01-01 was a Saturday" alone */
static int ref_wd(day_t day)
{
    int k = (int)((day - JDN_2000) % 7);
    return ((k + 7) % 7 + 5) % 7;
}

static bool ref_working(day_t day)
{
    return ref_wd(day) < 5 && !ref_hol[ref_idx(day)];
}

/* Working days after a up to and including b, one day at a time. */
static int ref_working_days_loop(day_t a, day_t b)
{
    if (b < a)
        return -ref_working_days_loop(b, a);
    int n = 0;
    for (day_t d = a + 1; d <= b; d++)
        n += ref_working(d);
    return n;
}

/* The same count from the precomputed running total, for the bulk loops. */
static int ref_working_days(day_t a, day_t b)
{
    return ref_prefix[ref_idx(b)] - ref_prefix[ref_idx(a)];
}

static day_t ref_add_working_days(day_t a, int n)
{
    day_t d = a;
    while (n > 0) {
        d++;
        if (ref_working(d))
            n--;
    }
    return d;
}

static day_t ref_add_months(day_t day, int months)
{
    const struct ymd *t = ref_at(day);
    int y = t->y, m = t->m;
    for (; months > 0; months--)
        if (++m > 12) {
            m = 1;
            y++;
        }
    for (; months < 0; months++)
        if (--m < 1) {
            m = 12;
            y--;
        }
    int dim = ref_dim(y, m);
    return ref_day(y, m, t->d < dim ? t->d : dim);
}

/* Birthdays passed: the k-th falls on the same day and month, or on 1 March when the
 * birthday is 29 February and the year is common. */
static int ref_age(day_t dob, day_t on)
{
    const struct ymd *b = ref_at(dob);
    int age = 0;
    for (;;) {
        int y = b->y + age + 1;
        day_t anniv = b->d <= ref_dim(y, b->m) ? ref_day(y, b->m, b->d) : ref_day(y, 3, 1);
        if (anniv > on)
            return age;
        age++;
    }
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

static void put4(char *p, int v)
{
    put2(p, v / 100 % 100);
    put2(p + 2, v % 100);
}

/* Ten characters, no terminator. */
static void ref_fmt_iso(int y, int m, int d, char *s)
{
    put4(s, y);
    s[4] = '-';
    put2(s + 5, m);
    s[7] = '-';
    put2(s + 8, d);
}

static void ref_fmt_uk(int y, int m, int d, char *s)
{
    put2(s, d);
    s[2] = '/';
    put2(s + 3, m);
    s[5] = '/';
    put4(s + 6, y);
}

static bool ref_isdigit(char c)
{
    return c >= '0' && c <= '9';
}

static int ref_num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static day_t ref_parse_iso(const char *s, size_t n)
{
    if (n != 10)
        return DAY_NONE;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !ref_isdigit(s[i]))
            return DAY_NONE;
    int y = ref_num(s, 4), m = ref_num(s + 5, 2), d = ref_num(s + 8, 2);
    return ref_valid(y, m, d) ? ref_day(y, m, d) : DAY_NONE;
}

static day_t ref_parse_uk(const char *s, size_t n)
{
    if (n != 10)
        return DAY_NONE;
    for (int i = 0; i < 10; i++)
        if (i == 2 || i == 5 ? s[i] != '/' : !ref_isdigit(s[i]))
            return DAY_NONE;
    int d = ref_num(s, 2), m = ref_num(s + 3, 2), y = ref_num(s + 6, 4);
    return ref_valid(y, m, d) ? ref_day(y, m, d) : DAY_NONE;
}

static day_t D(int y, int m, int d);

static void add_if(day_t *list, int *n, day_t d)
{
    list[(*n)++] = d;
}

static day_t nth_weekday(int y, int m, int wd, int nth) /* nth < 0 counts from the end */
{
    if (nth > 0) {
        day_t d = D(y, m, 1);
        while (ref_wd(d) != wd)
            d++;
        return d + 7 * (nth - 1);
    }
    day_t d = D(y, m, ref_dim(y, m));
    while (ref_wd(d) != wd)
        d--;
    return d;
}


/* The standing holidays of year y by their rules (Easter by the Gregorian computus, fixed
 * days and their substitutes); with `listed`, as the file lists them, moved days and the
 * one-off royal days included. Returns how many went into want. */
static int rule_holidays(int y, bool listed, day_t *want)
{
    int n = 0;
    /* New Year's Day, or the Monday after */
    day_t ny = D(y, 1, 1);
    add_if(want, &n, ref_wd(ny) == 5 ? ny + 2 : ref_wd(ny) == 6 ? ny + 1 : ny);
    /* Easter Sunday (anonymous Gregorian algorithm) */
    int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - dd - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, mm = (a + 11 * h + 22 * l) / 451;
    int em = (h + l - 7 * mm + 114) / 31, ed = (h + l - 7 * mm + 114) % 31 + 1;
    day_t easter = D(y, em, ed);
    assert_int_equal(ref_wd(easter), 6);
    add_if(want, &n, easter - 2);
    add_if(want, &n, easter + 1);
    add_if(want, &n, listed && y == 2020 ? D(2020, 5, 8) : nth_weekday(y, 5, 0, 1));
    if (listed && (y == 2002 || y == 2012))
        add_if(want, &n, D(y, 6, 4));
    else if (listed && y == 2022)
        add_if(want, &n, D(2022, 6, 2));
    else
        add_if(want, &n, nth_weekday(y, 5, 0, -1));
    add_if(want, &n, nth_weekday(y, 8, 0, -1));
    /* Christmas and Boxing Day, moved off the weekend */
    day_t xmas = D(y, 12, 25);
    switch (ref_wd(xmas)) {
    case 4: /* Friday: Boxing Day on Monday */
        add_if(want, &n, xmas);
        add_if(want, &n, xmas + 3);
        break;
    case 5: /* Saturday */
        add_if(want, &n, xmas + 2);
        add_if(want, &n, xmas + 3);
        break;
    case 6: /* Sunday */
        add_if(want, &n, xmas + 1);
        add_if(want, &n, xmas + 2);
        break;
    default:
        add_if(want, &n, xmas);
        add_if(want, &n, xmas + 1);
    }
    static const struct ymd extra[] = {{2002, 6, 3},  {2011, 4, 29}, {2012, 6, 5},
                                       {2022, 6, 3},  {2022, 9, 19}, {2023, 5, 8}};
    for (size_t x = 0; listed && x < sizeof extra / sizeof extra[0]; x++)
        if (extra[x].y == y)
            add_if(want, &n, D(y, extra[x].m, extra[x].d));
    return n;
}

static int file_last_year;

static int load_holidays(void)
{
    FILE *f = fopen(HOLIDAY_FILE, "r");
    if (!f) {
        fprintf(stderr, "test_date: cannot open %s (run from the repository root)\n", HOLIDAY_FILE);
        return -1;
    }
    char line[256];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strlen(p);
        while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            p[--n] = '\0';
        if (n == 0 || p[0] == '#')
            continue;
        day_t d = ref_parse_iso(p, n);
        if (d == DAY_NONE) {
            fprintf(stderr, "test_date: %s:%d: not a date: %s\n", HOLIDAY_FILE, lineno, p);
            fclose(f);
            return -1;
        }
        ref_hol[ref_idx(d)] = true;
        if (ref_cal[ref_idx(d)].y > file_last_year)
            file_last_year = ref_cal[ref_idx(d)].y;
    }
    fclose(f);
    /* past the file's last year, the build's table holds the standing holidays by rule */
    for (int y = file_last_year + 1; y <= DATE_MAX_YEAR; y++) {
        day_t want[16];
        int n = rule_holidays(y, false, want);
        for (int j = 0; j < n; j++)
            ref_hol[ref_idx(want[j])] = true;
    }
    return 0;
}

static int setup(void **state)
{
    ref_ndays = 0;
    for (int y = REF_Y0; y <= REF_Y1; y++)
        ref_ndays += ref_leap(y) ? 366 : 365;
    ref_cal = calloc((size_t)ref_ndays, sizeof *ref_cal);
    ref_hol = calloc((size_t)ref_ndays, sizeof *ref_hol);
    ref_prefix = calloc((size_t)ref_ndays, sizeof *ref_prefix);
    if (!ref_cal || !ref_hol || !ref_prefix)
        return -1;
    struct ymd t = {REF_Y0, 1, 1};
    int i2000 = -1;
    for (int i = 0; i < ref_ndays; i++) {
        ref_cal[i] = t;
        if (t.m == 1 && t.d == 1)
            ref_year_start[t.y - REF_Y0] = i;
        if (t.y == 2000 && t.m == 1 && t.d == 1)
            i2000 = i;
        ref_next(&t);
    }
    if (i2000 < 0 || t.y != REF_Y1 + 1 || t.m != 1 || t.d != 1)
        return -1;
    ref_year_start[REF_Y1 + 1 - REF_Y0] = ref_ndays;
    ref_base = JDN_2000 - i2000;
    if (load_holidays() != 0)
        return -1;
    ref_hol_first = ref_hol_last = DAY_NONE;
    ref_hol_count = 0;
    for (int i = 0; i < ref_ndays; i++) {
        day_t d = ref_base + i;
        ref_prefix[i] = (i ? ref_prefix[i - 1] : 0) + ref_working(d);
        if (ref_hol[i]) {
            if (ref_hol_first == DAY_NONE)
                ref_hol_first = d;
            ref_hol_last = d;
            ref_hol_count++;
        }
    }
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    free(ref_cal);
    free(ref_hol);
    free(ref_prefix);
    (void)state;
    return 0;
}

static day_t D(int y, int m, int d)
{
    return ref_day(y, m, d);
}

/* Copy into a heap block of exactly n bytes, no terminator, so ASan catches a parser
 * reading past the length it was given. */
static day_t parse_exact(day_t (*parse)(const char *, size_t), const char *s, size_t n)
{
    char *b = malloc(n ? n : 1);
    assert_non_null(b);
    memcpy(b, s, n);
    day_t r = parse(b, n);
    free(b);
    return r;
}

static day_t iso(const char *s)
{
    return parse_exact(date_parse_iso, s, strlen(s));
}

static day_t uk(const char *s)
{
    return parse_exact(date_parse_uk, s, strlen(s));
}

static day_t any(const char *s)
{
    return parse_exact(date_parse_any, s, strlen(s));
}

/* ---- the calendar ---- */

static void test_fixed_points(void **state)
{
    (void)state;
    assert_int_equal(date_from_ymd(2000, 1, 1), JDN_2000);
    assert_int_equal(date_weekday(JDN_2000), 5); /* Saturday */
    /* the Unix epoch, as tools/gen-holidays.sh assumes */
    assert_int_equal(date_from_ymd(1970, 1, 1), 2440588);
    assert_int_equal(date_weekday(date_from_ymd(1970, 1, 1)), 3); /* Thursday */
    assert_int_equal(date_weekday(date_from_ymd(1900, 1, 1)), 0); /* Monday */
    assert_int_equal(date_weekday(date_from_ymd(2024, 1, 5)), 4); /* Friday */
    assert_int_equal(date_weekday(date_from_ymd(2199, 12, 31)), 1); /* Tuesday */
    assert_int_equal(D(1900, 1, 1), date_from_ymd(1900, 1, 1));
}

static void test_every_day(void **state)
{
    (void)state;
    char *s = malloc(10), out[11];
    assert_non_null(s);
    day_t first = D(1900, 1, 1), last = D(2199, 12, 31);
    for (day_t day = first; day <= last; day++) {
        const struct ymd *t = ref_at(day);
        int y, m, d;
        assert_true(date_valid_ymd(t->y, t->m, t->d));
        assert_int_equal(date_from_ymd(t->y, t->m, t->d), day);
        date_to_ymd(day, &y, &m, &d);
        assert_int_equal(y, t->y);
        assert_int_equal(m, t->m);
        assert_int_equal(d, t->d);
        assert_int_equal(date_weekday(day), ref_wd(day));

        ref_fmt_iso(t->y, t->m, t->d, s);
        date_format_iso(day, out);
        assert_int_equal(strlen(out), 10);
        assert_memory_equal(out, s, 10);
        assert_int_equal(date_parse_iso(s, 10), day);
        assert_int_equal(date_parse_any(s, 10), day);
        assert_int_equal(date_parse_uk(s, 10), DAY_NONE);

        ref_fmt_uk(t->y, t->m, t->d, s);
        date_format_uk(day, out);
        assert_int_equal(strlen(out), 10);
        assert_memory_equal(out, s, 10);
        assert_int_equal(date_parse_uk(s, 10), day);
        assert_int_equal(date_parse_any(s, 10), day);
        assert_int_equal(date_parse_iso(s, 10), DAY_NONE);
    }
    free(s);
    /* the days either side of the range exist but are not hearth dates */
    assert_int_equal(date_from_ymd(1899, 12, 31), DAY_NONE);
    assert_int_equal(date_from_ymd(2200, 1, 1), DAY_NONE);
    /* arithmetic may step outside them, and such a day still prints */
    date_format_iso(D(2199, 12, 31) + 59, out);
    assert_string_equal(out, "2200-02-28");
    date_format_uk(D(1900, 1, 1) - 1, out);
    assert_string_equal(out, "31/12/1899");
    date_format_iso(DAY_NONE, out);
    assert_string_equal(out, "");
    date_format_uk(DAY_NONE, out);
    assert_string_equal(out, "");
}

static void test_leap_and_month_lengths(void **state)
{
    (void)state;
    for (int y = REF_Y0; y <= REF_Y1; y++) {
        assert_int_equal(date_is_leap(y), ref_leap(y));
        for (int m = 1; m <= 12; m++)
            assert_int_equal(date_days_in_month(y, m), ref_dim(y, m));
        assert_int_equal(date_days_in_month(y, 0), 0);
        assert_int_equal(date_days_in_month(y, 13), 0);
    }
    assert_false(date_is_leap(1900));
    assert_true(date_is_leap(2000));
    assert_false(date_is_leap(2100));
    assert_false(date_is_leap(2023));
    assert_true(date_is_leap(2024));
}

/* Every (y, m, d) with m and d 00..99 for years around the edges and the leap rules,
 * as integers, ISO text, UK text and through date_parse_any. */
static void test_impossible_dates_exhaustive(void **state)
{
    (void)state;
    static const int years[] = {0,    1,    1066, 1799, 1899, 1900, 1901, 1904, 1999,
                                2000, 2001, 2023, 2024, 2100, 2199, 2200, 2400, 9999};
    char *s = malloc(10);
    assert_non_null(s);
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        for (int m = 0; m <= 99; m++)
            for (int d = 0; d <= 99; d++) {
                day_t want = ref_valid(y, m, d) ? ref_day(y, m, d) : DAY_NONE;
                assert_int_equal(date_valid_ymd(y, m, d), want != DAY_NONE);
                assert_int_equal(date_from_ymd(y, m, d), want);
                ref_fmt_iso(y, m, d, s);
                assert_int_equal(date_parse_iso(s, 10), want);
                assert_int_equal(date_parse_any(s, 10), want);
                ref_fmt_uk(y, m, d, s);
                assert_int_equal(date_parse_uk(s, 10), want);
                assert_int_equal(date_parse_any(s, 10), want);
            }
    }
    free(s);
    for (int y = 1890; y <= 2210; y++)
        for (int m = -2; m <= 14; m++)
            for (int d = -2; d <= 33; d++) {
                bool ok = ref_valid(y, m, d);
                assert_int_equal(date_valid_ymd(y, m, d), ok);
                assert_int_equal(date_from_ymd(y, m, d), ok ? ref_day(y, m, d) : DAY_NONE);
            }
    assert_int_equal(date_from_ymd(INT_MAX, 1, 1), DAY_NONE);
    assert_int_equal(date_from_ymd(INT_MIN, 1, 1), DAY_NONE);
    assert_int_equal(date_from_ymd(2000, INT_MAX, 1), DAY_NONE);
    assert_int_equal(date_from_ymd(2000, INT_MIN, 1), DAY_NONE);
    assert_int_equal(date_from_ymd(2000, 1, INT_MAX), DAY_NONE);
    assert_int_equal(date_from_ymd(2000, 1, INT_MIN), DAY_NONE);
}

static void test_impossible_dates_named(void **state)
{
    (void)state;
    static const char *const bad_iso[] = {
        "2024-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-06-31",
        "2024-09-31", "2024-11-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
        "1899-12-31", "2200-01-01", "0000-01-01", "2024/01/05", "2024.01.05", "2024 01 05",
        "2024-01-5",  "2024-1-05",  "24-01-05",   "2024-1-5",   "20240105",   "2024-01-05x",
        "2024-01-050", "02024-01-05", " 2024-01-05", "2024-01-05 ", "2024-0a-05", "2O24-01-05",
        "+024-01-05", "-024-01-05", "2024--1-05", "2024-01--5", "2024-+1-05", "2024-01-+5",
        "2024-01-0 ", "2024_01_05", "",           "2",          "2024",       "2024-",
        "2024-01",    "2024-01-",   "2024-01-0",  "05/01/2024", "2024-01-05-",
    };
    static const char *const bad_uk[] = {
        "30/02/2024", "29/02/2023", "29/02/1900", "29/02/2100", "31/04/2020", "31/06/2024",
        "31/09/2024", "31/11/2024", "01/13/2024", "00/01/2024", "01/00/2024", "32/01/2024",
        "31/12/1899", "01/01/2200", "5/1/2024",   "5/01/2024",  "05/1/2024",  "05-01-2024",
        "05.01.2024", "05/01/24",   "05/01/20244", "0501/2024", "05/01/2O24", "05/01/2024x",
        " 05/01/2024", "05/01/2024 ", "O5/01/2024", "+5/01/2024", "05/+1/2024", "05/01/+024",
        "",           "0",          "05/",        "05/01",      "05/01/",     "05/01/202",
        "2024-01-05", "05//01/2024", "05/01//2024",
    };
    for (size_t i = 0; i < sizeof bad_iso / sizeof bad_iso[0]; i++) {
        if (strcmp(bad_iso[i], "05/01/2024") != 0)
            assert_int_equal(any(bad_iso[i]), DAY_NONE);
        assert_int_equal(iso(bad_iso[i]), DAY_NONE);
    }
    for (size_t i = 0; i < sizeof bad_uk / sizeof bad_uk[0]; i++) {
        if (strcmp(bad_uk[i], "2024-01-05") != 0)
            assert_int_equal(any(bad_uk[i]), DAY_NONE);
        assert_int_equal(uk(bad_uk[i]), DAY_NONE);
    }
    /* the good ones, so the lists above fail for the reason they say */
    assert_int_equal(iso("2024-02-29"), D(2024, 2, 29));
    assert_int_equal(iso("2000-02-29"), D(2000, 2, 29));
    assert_int_equal(uk("29/02/2024"), D(2024, 2, 29));
    assert_int_equal(uk("30/04/2020"), D(2020, 4, 30));
    assert_int_equal(iso("1900-01-01"), D(1900, 1, 1));
    assert_int_equal(uk("31/12/2199"), D(2199, 12, 31));
    /* an embedded NUL inside the given length is junk, not an end */
    assert_int_equal(parse_exact(date_parse_iso, "2024-01-05\0", 11), DAY_NONE);
    assert_int_equal(parse_exact(date_parse_any, "2024-01-05\0", 11), DAY_NONE);
    assert_int_equal(parse_exact(date_parse_uk, "05/01/2024\0", 11), DAY_NONE);
    assert_int_equal(parse_exact(date_parse_any, "2024-01\0-05", 10), DAY_NONE);
}

/* Every byte value at every position of a few dates, and pairs of interesting
 * characters at every pair of positions, against the reference parsers. */
static void test_parse_mutations(void **state)
{
    (void)state;
    static const struct ymd samples[] = {{2024, 2, 29}, {1900, 1, 1}, {2199, 12, 31},
                                         {2023, 12, 31}, {2000, 2, 29}, {2100, 2, 28},
                                         {2019, 10, 19}};
    static const char pick[] = "0123456789-/ T:+.aZ\x7f\x80\xff";
    char *b = malloc(10);
    assert_non_null(b);
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++)
        for (int form = 0; form < 2; form++) {
            char base[10];
            const struct ymd *t = &samples[k];
            (form ? ref_fmt_uk : ref_fmt_iso)(t->y, t->m, t->d, base);
            for (int pos = 0; pos < 10; pos++)
                for (int c = 0; c < 256; c++) {
                    memcpy(b, base, 10);
                    b[pos] = (char)c;
                    day_t wi = ref_parse_iso(b, 10), wu = ref_parse_uk(b, 10);
                    assert_int_equal(date_parse_iso(b, 10), wi);
                    assert_int_equal(date_parse_uk(b, 10), wu);
                    assert_int_equal(date_parse_any(b, 10), b[2] == '/' ? wu : wi);
                }
            for (int p1 = 0; p1 < 10; p1++)
                for (int p2 = p1 + 1; p2 < 10; p2++)
                    for (size_t c1 = 0; c1 < sizeof pick - 1; c1++)
                        for (size_t c2 = 0; c2 < sizeof pick - 1; c2++) {
                            memcpy(b, base, 10);
                            b[p1] = pick[c1];
                            b[p2] = pick[c2];
                            day_t wi = ref_parse_iso(b, 10), wu = ref_parse_uk(b, 10);
                            assert_int_equal(date_parse_iso(b, 10), wi);
                            assert_int_equal(date_parse_uk(b, 10), wu);
                            assert_int_equal(date_parse_any(b, 10), b[2] == '/' ? wu : wi);
                        }
        }
    free(b);
}

/* Short strings and trailing junk: every prefix, and every byte appended. */
static void test_parse_lengths(void **state)
{
    (void)state;
    static const char *const good[] = {"2024-02-29", "29/02/2024", "1900-01-01", "31/12/2199"};
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        for (size_t n = 0; n < 10; n++) {
            assert_int_equal(parse_exact(date_parse_iso, good[k], n), DAY_NONE);
            assert_int_equal(parse_exact(date_parse_uk, good[k], n), DAY_NONE);
            assert_int_equal(parse_exact(date_parse_any, good[k], n), DAY_NONE);
        }
        char s[16];
        for (int c = 0; c < 256; c++) {
            memcpy(s, good[k], 10);
            s[10] = (char)c;
            assert_int_equal(parse_exact(date_parse_iso, s, 11), DAY_NONE);
            assert_int_equal(parse_exact(date_parse_uk, s, 11), DAY_NONE);
            /* a lone 'T' or space is a date-time with no time: still junk */
            assert_int_equal(parse_exact(date_parse_any, s, 11), DAY_NONE);
            s[11] = (char)c;
            assert_int_equal(parse_exact(date_parse_iso, s, 12), DAY_NONE);
            assert_int_equal(parse_exact(date_parse_uk, s, 12), DAY_NONE);
        }
    }
}

static void test_parse_any_datetimes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int y, m, d; /* y == 0: rejected */
    } cases[] = {
        {"2024-01-05T10:00:00", 2024, 1, 5},
        {"2024-01-05T10:00", 2024, 1, 5},
        {"2024-01-05 10:00:00", 2024, 1, 5},
        {"2024-01-05 00:00", 2024, 1, 5},
        {"2024-01-05T10:00:00Z", 2024, 1, 5},
        {"2024-01-05T10:00:00.123+01:00", 2024, 1, 5},
        {"2024-01-05T23:59:59-05:00", 2024, 1, 5},
        {"2024-01-05 00:00:00.000", 2024, 1, 5},
        {"2024-02-29T00:00:00", 2024, 2, 29},
        {"1900-01-01T00:00:00", 1900, 1, 1},
        {"2199-12-31T23:59:59", 2199, 12, 31},
        {"05/01/2024 00:00", 2024, 1, 5},
        {"05/01/2024 10:00:00", 2024, 1, 5},
        {"29/02/2024 00:00:00", 2024, 2, 29},
        {"2024-01-05", 2024, 1, 5},
        {"05/01/2024", 2024, 1, 5},
        {"2024-01-05T", 0, 0, 0},
        {"2024-01-05 ", 0, 0, 0},
        {"05/01/2024 ", 0, 0, 0},
        {"2024-01-05Tfoo", 0, 0, 0},
        {"2024-01-05T10:00 BST", 0, 0, 0},
        {"2024-01-05  10:00", 0, 0, 0},
        {"2024-01-05T:10", 0, 0, 0},
        {"2024-01-05T10:00\n", 0, 0, 0},
        {"2024-01-05X10:00", 0, 0, 0},
        {"2024-01-05Z", 0, 0, 0},
        {"2024-01-0510:00", 0, 0, 0},
        {"2024-02-30T10:00:00", 0, 0, 0},
        {"2023-02-29 00:00", 0, 0, 0},
        {"1899-12-31T23:59:59", 0, 0, 0},
        {"31/04/2024 00:00", 0, 0, 0},
        {"05/01/2024T10:00", 0, 0, 0},
        {"5/01/2024 10:00", 0, 0, 0},
        {"2024-1-05T10:00:00", 0, 0, 0},
        {"20240105T100000", 0, 0, 0},
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        day_t want = cases[i].y ? D(cases[i].y, cases[i].m, cases[i].d) : DAY_NONE;
        if (any(cases[i].s) != want)
            fail_msg("date_parse_any(\"%s\")", cases[i].s);
        /* date-times are date_parse_any's alone */
        if (strlen(cases[i].s) > 10) {
            assert_int_equal(iso(cases[i].s), DAY_NONE);
            assert_int_equal(uk(cases[i].s), DAY_NONE);
        }
    }
    /* every day of a few years, both forms with a time */
    char s[32];
    for (day_t day = D(2015, 1, 1); day <= D(2026, 12, 31); day++) {
        const struct ymd *t = ref_at(day);
        ref_fmt_iso(t->y, t->m, t->d, s);
        memcpy(s + 10, "T12:34:56Z", 10);
        assert_int_equal(parse_exact(date_parse_any, s, 20), day);
        ref_fmt_uk(t->y, t->m, t->d, s);
        memcpy(s + 10, " 00:00", 6);
        assert_int_equal(parse_exact(date_parse_any, s, 16), day);
    }
}

/* ---- calendar arithmetic ---- */

static void add_months_range(int y0, int y1, int lo, int hi)
{
    for (day_t day = D(y0, 1, 1); day <= D(y1, 12, 31); day++) {
        for (int k = lo; k <= hi; k++)
            assert_int_equal(date_add_months(day, k), ref_add_months(day, k));
        for (int k = -10; k <= 10; k++)
            assert_int_equal(date_add_years(day, k), ref_add_months(day, 12 * k));
    }
}

static void test_add_months_every_day(void **state)
{
    (void)state;
    add_months_range(1900, 1904, -50, 50);
    add_months_range(1996, 2005, -50, 50);
    add_months_range(2096, 2104, -50, 50);
    add_months_range(2195, 2199, -50, 50);
    static const int common[] = {-24, -18, -13, -12, -6, -3, -1, 1, 3, 6, 12, 18, 24, 600, -600};
    for (day_t day = D(1900, 1, 1); day <= D(2199, 12, 31); day++)
        for (size_t k = 0; k < sizeof common / sizeof common[0]; k++) /* stays in 1800-2299 */
            assert_int_equal(date_add_months(day, common[k]), ref_add_months(day, common[k]));
}

static void test_add_months_named(void **state)
{
    (void)state;
    assert_int_equal(date_add_months(D(2023, 1, 31), 1), D(2023, 2, 28));
    assert_int_equal(date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29));
    assert_int_equal(date_add_months(D(2100, 1, 31), 1), D(2100, 2, 28));
    assert_int_equal(date_add_months(D(2000, 1, 31), 1), D(2000, 2, 29));
    assert_int_equal(date_add_months(D(2024, 1, 31), 3), D(2024, 4, 30));
    assert_int_equal(date_add_months(D(2025, 1, 31), 3), D(2025, 4, 30));
    assert_int_equal(date_add_months(D(2024, 8, 31), 6), D(2025, 2, 28));
    assert_int_equal(date_add_months(D(2024, 2, 29), 1), D(2024, 3, 29)); /* not month end */
    assert_int_equal(date_add_months(D(2024, 12, 15), 1), D(2025, 1, 15));
    assert_int_equal(date_add_months(D(2024, 5, 17), 0), D(2024, 5, 17));
    assert_int_equal(date_add_years(D(2024, 2, 29), 1), D(2025, 2, 28));
    assert_int_equal(date_add_years(D(2024, 2, 29), 4), D(2028, 2, 29));
    assert_int_equal(date_add_years(D(2024, 2, 29), -1), D(2023, 2, 28));
    assert_int_equal(date_add_years(D(2096, 2, 29), 4), D(2100, 2, 28));
    assert_int_equal(date_add_years(D(2017, 3, 31), 2), D(2019, 3, 31));
    /* negative months */
    assert_int_equal(date_add_months(D(2024, 3, 31), -1), D(2024, 2, 29));
    assert_int_equal(date_add_months(D(2023, 3, 31), -1), D(2023, 2, 28));
    assert_int_equal(date_add_months(D(2024, 5, 31), -1), D(2024, 4, 30));
    assert_int_equal(date_add_months(D(2024, 1, 15), -1), D(2023, 12, 15));
    assert_int_equal(date_add_months(D(2024, 3, 31), -13), D(2023, 2, 28));
    assert_int_equal(date_add_months(D(2018, 3, 31), -12), D(2017, 3, 31));
    assert_int_equal(date_add_months(D(2024, 2, 29), -12), D(2023, 2, 28));
    assert_int_equal(date_add_months(D(1900, 1, 31), -1), D(1899, 12, 31));
    assert_int_equal(date_add_months(D(2199, 12, 31), 2), D(2200, 2, 28));
    /* no date stays no date */
    assert_int_equal(date_add_months(DAY_NONE, 3), DAY_NONE);
    assert_int_equal(date_add_months(DAY_NONE, -12), DAY_NONE);
    assert_int_equal(date_add_years(DAY_NONE, 2), DAY_NONE);
}

static void test_age(void **state)
{
    (void)state;
    /* around every birthday of everyone born 1995-2005 */
    for (day_t dob = D(1995, 1, 1); dob <= D(2005, 12, 31); dob++) {
        const struct ymd *b = ref_at(dob);
        assert_int_equal(date_age(dob, dob), 0);
        for (int k = 1; k <= 20; k++) {
            int y = b->y + k;
            day_t anniv = b->d <= ref_dim(y, b->m) ? D(y, b->m, b->d) : D(y, 3, 1);
            assert_int_equal(date_age(dob, anniv - 1), k - 1);
            assert_int_equal(date_age(dob, anniv), k);
            assert_int_equal(date_age(dob, anniv + 1), k);
            assert_int_equal(ref_age(dob, anniv), k);
        }
    }
    /* and sampled across the whole range */
    for (day_t dob = D(1900, 1, 1); dob <= D(2199, 12, 31); dob += 53)
        for (day_t on = dob; on <= D(2199, 12, 31) && on < dob + 110 * 366; on += 173)
            assert_int_equal(date_age(dob, on), ref_age(dob, on));
    /* 29 February: reached on 1 March in a common year, on the day in a leap year */
    day_t leapling = D(2004, 2, 29);
    assert_int_equal(date_age(leapling, D(2005, 2, 28)), 0);
    assert_int_equal(date_age(leapling, D(2005, 3, 1)), 1);
    assert_int_equal(date_age(leapling, D(2008, 2, 28)), 3);
    assert_int_equal(date_age(leapling, D(2008, 2, 29)), 4);
    assert_int_equal(date_age(leapling, D(2022, 2, 28)), 17);
    assert_int_equal(date_age(leapling, D(2022, 3, 1)), 18);
    assert_int_equal(date_age(D(1896, 2, 29), D(1904, 2, 28)), 7); /* 1900 is common */
    assert_int_equal(date_age(D(1896, 2, 29), D(1904, 2, 29)), 8);
    assert_int_equal(date_age(D(2096, 2, 29), D(2100, 2, 28)), 3); /* 2100 is common */
    assert_int_equal(date_age(D(2096, 2, 29), D(2100, 3, 1)), 4);
    assert_int_equal(date_age(D(2006, 5, 10), D(2024, 5, 9)), 17);
    assert_int_equal(date_age(D(2006, 5, 10), D(2024, 5, 10)), 18);
    assert_int_equal(date_age(D(2000, 12, 31), D(2001, 12, 30)), 0);
    assert_int_equal(date_age(D(2000, 12, 31), D(2001, 12, 31)), 1);
    assert_int_equal(date_age(D(2001, 1, 1), D(2001, 12, 31)), 0);
}

/* ---- bank holidays and working days ---- */

static void test_holiday_table_is_the_file(void **state)
{
    (void)state;
    int weekend_in_file = 0;
    for (day_t day = D(1900, 1, 1); day <= D(2199, 12, 31); day++) {
        bool hol = ref_hol[ref_idx(day)];
        if (hol && ref_wd(day) >= 5)
            weekend_in_file++;
        assert_int_equal(date_is_bank_holiday(day), hol && ref_wd(day) < 5);
        assert_int_equal(date_is_working_day(day), ref_working(day));
    }
    /* substitute days are listed instead of weekend ones (2022-12-27, not 12-25) */
    assert_int_equal(weekend_in_file, 0);
    assert_true(ref_hol_count > 200);
    assert_int_equal(date_holidays_first(), ref_hol_first);
    assert_int_equal(date_holidays_last(), ref_hol_last);
    assert_true(date_holidays_first() <= D(2000, 1, 1));
    assert_true(date_holidays_last() >= D(2030, 12, 25));

    assert_true(date_is_bank_holiday(D(2024, 3, 29)));  /* Good Friday */
    assert_true(date_is_bank_holiday(D(2024, 4, 1)));   /* Easter Monday */
    assert_true(date_is_bank_holiday(D(2024, 12, 25)));
    assert_true(date_is_bank_holiday(D(2024, 12, 26)));
    assert_true(date_is_bank_holiday(D(2025, 1, 1)));
    assert_true(date_is_bank_holiday(D(2022, 9, 19)));  /* the Queen's funeral */
    assert_true(date_is_bank_holiday(D(2023, 5, 8)));   /* the coronation */
    assert_true(date_is_bank_holiday(D(2020, 5, 8)));   /* VE day, early May moved */
    assert_false(date_is_bank_holiday(D(2020, 5, 4)));
    assert_false(date_is_working_day(D(2024, 3, 29)));
    assert_true(date_is_working_day(D(2024, 3, 28)));
    assert_false(date_is_working_day(D(2024, 3, 30))); /* Saturday */
    assert_false(date_is_bank_holiday(D(2024, 3, 30)));
    assert_true(date_is_working_day(D(2024, 12, 24)));
    /* past the file: by rule */
    assert_true(file_last_year >= 2030);
    assert_true(date_is_bank_holiday(D(2031, 4, 11)));  /* Good Friday */
    assert_true(date_is_bank_holiday(D(2031, 4, 14)));  /* Easter Monday */
    assert_true(date_is_working_day(D(2031, 4, 10)));
    assert_true(date_is_bank_holiday(D(2032, 12, 27))); /* Christmas on a Saturday */
    assert_true(date_is_bank_holiday(D(2032, 12, 28)));
    assert_true(date_is_bank_holiday(D(2033, 1, 3)));   /* New Year's Day on a Saturday */
    assert_int_equal(date_working_days(D(2031, 4, 10), D(2031, 4, 15)), 1);
    assert_true(date_holidays_last() >= D(2199, 12, 25));
}

/* The data file checked against the rules that make it (Easter by the Gregorian
 * computus, fixed days and their substitutes, the one-off royal days), 2000-2030. */
static void test_holiday_file_follows_the_rules(void **state)
{
    (void)state;
    for (int y = 2000; y <= 2030; y++) {
        day_t want[16];
        int n = rule_holidays(y, true, want);
        int in_file = 0;
        for (day_t d = D(y, 1, 1); d <= D(y, 12, 31); d++)
            in_file += ref_hol[ref_idx(d)];
        for (int j = 0; j < n; j++)
            if (!ref_hol[ref_idx(want[j])]) {
                char s[11];
                date_format_iso(want[j], s);
                fail_msg("%s: bank holiday %s missing from %s", __func__, s, HOLIDAY_FILE);
            }
        if (in_file != n)
            fail_msg("%d: %s lists %d bank holidays, the rules give %d", y, HOLIDAY_FILE, in_file,
                     n);
    }
}

/* Every start in 2016-2020 with every span up to 120 days either way, against a loop. */
static void test_working_days_naive(void **state)
{
    (void)state;
    for (day_t a = D(2016, 1, 1); a <= D(2020, 12, 31); a++)
        for (int span = -120; span <= 120; span++)
            assert_int_equal(date_working_days(a, a + span), ref_working_days_loop(a, a + span));
}

/* Every start from before the holiday list to after it, and long spans across the whole
 * range (outside the list only weekends count). */
static void test_working_days_all(void **state)
{
    (void)state;
    for (day_t a = D(1998, 1, 1); a <= D(2032, 12, 31); a++) {
        for (int span = 0; span <= 130; span++) {
            int want = ref_working_days(a, a + span);
            assert_int_equal(date_working_days(a, a + span), want);
            assert_int_equal(date_working_days(a + span, a), -want);
        }
    }
    for (day_t day = D(1900, 1, 1); day <= D(2199, 12, 31); day++)
        assert_int_equal(date_working_days(day, day), 0);
    for (day_t a = D(1900, 1, 1); a <= D(2199, 12, 31); a += 37)
        for (day_t b = a; b <= D(2199, 12, 31); b += 1009) {
            assert_int_equal(date_working_days(a, b), ref_working_days(a, b));
            assert_int_equal(date_working_days(b, a), -ref_working_days(a, b));
        }
}

static void test_working_days_named(void **state)
{
    (void)state;
    /* Easter 2024: nine weeks from Thursday 1 February are 45 weekdays, less Good
     * Friday and Easter Monday; the 45th working day is Monday 8 April */
    day_t a = D(2024, 2, 1);
    assert_int_equal(date_working_days(a, D(2024, 4, 4)), 43);
    assert_int_equal(date_add_working_days(a, 45), D(2024, 4, 8));
    assert_int_equal(date_working_days(a, D(2024, 4, 8)), 45); /* in time */
    assert_int_equal(date_working_days(a, D(2024, 4, 9)), 46); /* late */
    assert_int_equal(date_working_days(D(2024, 4, 8), a), -45);
    /* Christmas 2024: 25, 26 December and 1 January push 45 days from 1 November to
     * Wednesday 8 January */
    a = D(2024, 11, 1);
    assert_int_equal(date_working_days(a, D(2025, 1, 3)), 42);
    assert_int_equal(date_add_working_days(a, 45), D(2025, 1, 8));
    assert_int_equal(date_working_days(a, D(2025, 1, 8)), 45);
    assert_int_equal(date_working_days(a, D(2025, 1, 9)), 46);
    /* starting on a bank holiday: day 0 is the holiday, day 1 the next working day */
    a = D(2024, 12, 25);
    assert_int_equal(date_working_days(a, D(2024, 12, 26)), 0);
    assert_int_equal(date_working_days(a, D(2024, 12, 27)), 1);
    assert_int_equal(date_add_working_days(a, 1), D(2024, 12, 27));
    /* ending on one: it does not count */
    assert_int_equal(date_working_days(D(2024, 12, 24), D(2024, 12, 25)), 0);
    assert_int_equal(date_working_days(D(2024, 3, 28), D(2024, 4, 2)), 1);
    /* a weekend start */
    assert_int_equal(date_add_working_days(D(2024, 3, 30), 1), D(2024, 4, 2));
    assert_int_equal(date_working_days(D(2024, 1, 6), D(2024, 1, 8)), 1);
    /* a == b, a zero count, n == 0 (even on a Sunday) */
    assert_int_equal(date_working_days(D(2024, 1, 7), D(2024, 1, 7)), 0);
    assert_int_equal(date_add_working_days(D(2024, 1, 7), 0), D(2024, 1, 7));
    assert_int_equal(date_add_working_days(D(2024, 1, 8), -3), D(2024, 1, 8));
    assert_int_equal(date_add_working_days(DAY_NONE, 5), DAY_NONE);
    /* one ordinary week */
    assert_int_equal(date_working_days(D(2024, 1, 8), D(2024, 1, 15)), 5);
    assert_int_equal(date_working_days(D(2024, 1, 15), D(2024, 1, 8)), -5);
}

static void test_add_working_days(void **state)
{
    (void)state;
    for (day_t a = D(1998, 1, 1); a <= D(2032, 12, 31); a++)
        for (int n = 0; n <= 70; n++) {
            day_t r = date_add_working_days(a, n);
            assert_int_equal(r, ref_add_working_days(a, n));
            assert_int_equal(date_working_days(a, r), n);
            if (n > 0) {
                assert_true(date_is_working_day(r));
                assert_int_equal(date_working_days(a, r - 1), n - 1);
            }
        }
    static const int ns[] = {1, 10, 15, 20, 45, 100, 250, 1000};
    for (day_t a = D(1900, 1, 1); a <= D(2199, 12, 31); a += 7)
        for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
            day_t r = date_add_working_days(a, ns[k]);
            assert_int_equal(r, ref_add_working_days(a, ns[k]));
            assert_int_equal(date_working_days(a, r), ns[k]);
        }
}

/* The year ending 31 March: 31 March is the year's last day, 1 April the next year's first,
 * in a leap year and across a century. */
static void test_year_to_march(void **state)
{
    (void)state;
    assert_int_equal(date_year_to_march(date_from_ymd(2026, 3, 31)), 2026);
    assert_int_equal(date_year_to_march(date_from_ymd(2026, 4, 1)), 2027);
    assert_int_equal(date_year_to_march(date_from_ymd(2024, 2, 29)), 2024);
    assert_int_equal(date_year_to_march(date_from_ymd(2024, 12, 31)), 2025);
    assert_int_equal(date_year_to_march(date_from_ymd(2025, 1, 1)), 2025);
    assert_int_equal(date_year_to_march(date_from_ymd(1999, 4, 1)), 2000);
    assert_int_equal(date_year_to_march(date_from_ymd(2100, 3, 1)), 2100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_points),
        cmocka_unit_test(test_every_day),
        cmocka_unit_test(test_leap_and_month_lengths),
        cmocka_unit_test(test_impossible_dates_exhaustive),
        cmocka_unit_test(test_impossible_dates_named),
        cmocka_unit_test(test_parse_mutations),
        cmocka_unit_test(test_parse_lengths),
        cmocka_unit_test(test_parse_any_datetimes),
        cmocka_unit_test(test_add_months_every_day),
        cmocka_unit_test(test_add_months_named),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_holiday_table_is_the_file),
        cmocka_unit_test(test_holiday_file_follows_the_rules),
        cmocka_unit_test(test_working_days_naive),
        cmocka_unit_test(test_working_days_all),
        cmocka_unit_test(test_working_days_named),
        cmocka_unit_test(test_add_working_days),
        cmocka_unit_test(test_year_to_march),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
