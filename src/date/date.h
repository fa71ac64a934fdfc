/* date: civil dates as day numbers, calendar-month arithmetic, working days and ages.
 * This module decides whether a council met the law, so it is small, exact and
 * exhaustively tested. A day_t is the Julian Day Number (2000-01-01 is 2451545), the
 * same number SQLite's date() reads, so stored dates stay readable in the sqlite3 shell.
 * Weekday is day % 7 (0 = Monday). DAY_NONE (0) means "no date". */
#ifndef HEARTH_DATE_H
#define HEARTH_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;
#define DAY_NONE 0
/* Years hearth accepts: anything else in an input file is a typing error. */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

bool date_valid_ymd(int y, int m, int d);
/* Day number of y-m-d; DAY_NONE when the date does not exist or is out of range. */
day_t date_from_ymd(int y, int m, int d);
void date_to_ymd(day_t day, int *y, int *m, int *d);
int date_days_in_month(int y, int m);
bool date_is_leap(int y);
int date_weekday(day_t day); /* 0 Monday .. 6 Sunday */
/* The year ending 31 March that a day falls in: the DfE's collection year and the
 * financial year alike (2027 for 1 April 2026 to 31 March 2027). */
int date_year_to_march(day_t day);

/* Parsers take (text, length), need not be NUL-terminated, and return DAY_NONE on any
 * impossible or malformed date (2024-02-30, 31/04/2020, 2024-1-5, trailing junk). */
/* Today's date by the machine's local clock (England's date, on a council's server). */
day_t date_today(void);
day_t date_parse_iso(const char *s, size_t n); /* YYYY-MM-DD */
day_t date_parse_uk(const char *s, size_t n);  /* DD/MM/YYYY */
/* Either form; a date followed by a time ("2024-01-05T10:00:00Z", "2024-01-05 10:00",
 * "05/01/2024 00:00:00") gives the date. The time must start with a digit. */
day_t date_parse_any(const char *s, size_t n);

/* out must hold 11 bytes; writes "" for DAY_NONE. */
void date_format_iso(day_t day, char out[11]);
void date_format_uk(day_t day, char out[11]);

/* Calendar arithmetic: a day that does not exist in the target month becomes that
 * month's last day (31 Jan + 1 month = 28/29 Feb; 29 Feb + 1 year = 28 Feb).
 * DAY_NONE stays DAY_NONE. */
day_t date_add_months(day_t day, int months);
day_t date_add_years(day_t day, int years);
/* Whole years completed on `on` by someone born on `dob`. A 29 February birthday is
 * reached on 1 March in a common year. */
int date_age(day_t dob, day_t on);

/* Working days: Monday to Friday, less England and Wales bank holidays. The built-in
 * list comes from data/bank-holidays-england-wales.txt at build time. */
bool date_is_bank_holiday(day_t day);
bool date_is_working_day(day_t day);
/* Working days after a up to and including b; negative when b < a. */
int date_working_days(day_t a, day_t b);
/* The day n working days after a (n >= 0; n <= 0 gives a itself; DAY_NONE stays). */
day_t date_add_working_days(day_t a, int n);
/* First and last dates the built-in holiday list covers (outside it, only weekends count). */
day_t date_holidays_first(void);
day_t date_holidays_last(void);

#endif
