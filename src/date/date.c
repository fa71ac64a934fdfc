/* date: the arithmetic behind every statutory clock and measure. Pure functions over
 * day numbers; no allocation, no locale, no time zones (the law counts civil days). */
#include "date.h"

#include <time.h>

/* Generated at build time from data/bank-holidays-england-wales.txt (sorted). */
extern const day_t hearth_bank_holidays[];
extern const size_t hearth_bank_holidays_n;

bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

/* Fliegel and Van Flandern's conversion, proleptic Gregorian. */
static day_t jdn(int y, int m, int d)
{
    int a = (14 - m) / 12;
    int yy = y + 4800 - a;
    int mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

day_t date_from_ymd(int y, int m, int d)
{
    return date_valid_ymd(y, m, d) ? jdn(y, m, d) : DAY_NONE;
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
    int a = day + 32044;
    int b = (4 * a + 3) / 146097;
    int c = a - 146097 * b / 4;
    int dd = (4 * c + 3) / 1461;
    int e = c - 1461 * dd / 4;
    int mm = (5 * e + 2) / 153;
    *d = e - (153 * mm + 2) / 5 + 1;
    *m = mm + 3 - 12 * (mm / 10);
    *y = 100 * b + dd - 4800 + mm / 10;
}

int date_weekday(day_t day)
{
    return (int)(day % 7);
}

int date_year_to_march(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return m >= 4 ? y + 1 : y;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

day_t date_parse_iso(const char *s, size_t n)
{
    int y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return DAY_NONE;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return DAY_NONE;
    return date_from_ymd(y, m, d);
}

day_t date_parse_uk(const char *s, size_t n)
{
    int y, m, d;
    if (n != 10 || s[2] != '/' || s[5] != '/')
        return DAY_NONE;
    if (digits(s, 2, &d) || digits(s + 3, 2, &m) || digits(s + 6, 4, &y))
        return DAY_NONE;
    return date_from_ymd(y, m, d);
}

/* The time after a date-time's date must at least look like one: an hour first, then
 * only the characters of "10:00:00.000+01:00" or "Z". */
static bool looks_like_time(const char *s, size_t n)
{
    if (n == 0 || s[0] < '0' || s[0] > '9')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ':' || s[i] == '.' || s[i] == 'Z' ||
              s[i] == '+' || s[i] == '-'))
            return false;
    return true;
}

day_t date_parse_any(const char *s, size_t n)
{
    /* spreadsheets export dates as date-times ("05/01/2024 00:00"); the time says
     * nothing the law counts, so it is checked for shape and dropped */
    if (n > 10 && (s[10] == ' ' || (s[10] == 'T' && s[2] != '/'))) {
        if (!looks_like_time(s + 11, n - 11))
            return DAY_NONE;
        n = 10;
    }
    if (n == 10 && s[2] == '/')
        return date_parse_uk(s, n);
    return date_parse_iso(s, n);
}

/* Digits by hand rather than snprintf: GCC cannot see that a year here has four digits,
 * and at -O2 its -Wformat-truncation (an error under -Werror) stops the build. */
static void put_digits(char *p, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

void date_format_iso(day_t day, char out[11])
{
    int y, m, d;
    if (day == DAY_NONE) {
        out[0] = '\0';
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    put_digits(out, (unsigned)y, 4);
    out[4] = '-';
    put_digits(out + 5, (unsigned)m, 2);
    out[7] = '-';
    put_digits(out + 8, (unsigned)d, 2);
    out[10] = '\0';
}

void date_format_uk(day_t day, char out[11])
{
    int y, m, d;
    if (day == DAY_NONE) {
        out[0] = '\0';
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    put_digits(out, (unsigned)d, 2);
    out[2] = '/';
    put_digits(out + 3, (unsigned)m, 2);
    out[5] = '/';
    put_digits(out + 6, (unsigned)y, 4);
    out[10] = '\0';
}

day_t date_add_months(day_t day, int months)
{
    int y, m, d;
    if (day == DAY_NONE) /* "no date" plus 3 months is still no date, not year -4713 */
        return DAY_NONE;
    date_to_ymd(day, &y, &m, &d);
    int idx = y * 12 + (m - 1) + months;
    int ny = idx / 12, nm = idx % 12 + 1;
    int dim = date_days_in_month(ny, nm);
    return jdn(ny, nm, d > dim ? dim : d);
}

day_t date_add_years(day_t day, int years)
{
    return date_add_months(day, 12 * years);
}

int date_age(day_t dob, day_t on)
{
    int by, bm, bd, y, m, d;
    date_to_ymd(dob, &by, &bm, &bd);
    date_to_ymd(on, &y, &m, &d);
    int age = y - by;
    /* birthday not yet reached this year; a 29 February birthday is reached on 1 March
     * in a common year (Family Law Reform Act 1969 counts the anniversary that way). */
    if (m < bm || (m == bm && d < bd))
        age--;
    return age;
}

/* Holidays strictly before day: binary search in the sorted list. */
static size_t holidays_before(day_t day)
{
    size_t lo = 0, hi = hearth_bank_holidays_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (hearth_bank_holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool date_is_bank_holiday(day_t day)
{
    size_t i = holidays_before(day);
    return i < hearth_bank_holidays_n && hearth_bank_holidays[i] == day;
}

bool date_is_working_day(day_t day)
{
    return date_weekday(day) < 5 && !date_is_bank_holiday(day);
}

/* Weekdays among days 0..day (day numbers are positive for every supported year). */
static long weekdays_upto(day_t day)
{
    long w = day / 7, r = day % 7;
    return w * 5 + (r + 1 < 5 ? r + 1 : 5);
}

/* The generated list holds only weekdays (tools/gen-holidays.sh drops any other). */
static long weekday_holidays_before(day_t day)
{
    return (long)holidays_before(day);
}

int date_working_days(day_t a, day_t b)
{
    if (b < a)
        return -date_working_days(b, a);
    long wd = weekdays_upto(b) - weekdays_upto(a);
    long hol = weekday_holidays_before(b + 1) - weekday_holidays_before(a + 1);
    return (int)(wd - hol);
}

day_t date_add_working_days(day_t a, int n)
{
    /* jump close with weekday arithmetic, then step: at most a handful of holidays */
    day_t d = a;
    if (n <= 0 || a == DAY_NONE)
        return a;
    d = a + (n / 5) * 7;
    while (date_working_days(a, d) > n)
        d--;
    while (date_working_days(a, d) < n)
        d++;
    while (!date_is_working_day(d))
        d--;
    return d;
}

day_t date_holidays_first(void)
{
    return hearth_bank_holidays_n ? hearth_bank_holidays[0] : DAY_NONE;
}

day_t date_holidays_last(void)
{
    return hearth_bank_holidays_n ? hearth_bank_holidays[hearth_bank_holidays_n - 1] : DAY_NONE;
}

day_t date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
