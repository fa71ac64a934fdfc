/* thousands: a whole number with its digits grouped in threes by commas ("-1,234,567"), as
 * reports, money and the command line write counts. The one place this is done: pages,
 * figures and commands call it rather than keep a loop of their own. */
#ifndef HEARTH_THOUSANDS_H
#define HEARTH_THOUSANDS_H

#include <stddef.h>

/* v grouped into out (n bytes, always terminated; cut short rather than overrun when n is
 * too small, 28 bytes hold any long long). Returns out, so that it can be a printf
 * argument. */
char *thousands(char *out, size_t n, long long v);

#endif
