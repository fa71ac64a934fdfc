/* elapsed: the one clock for how long something took (a command's summary, a log line,
 * progress, the age of what a cache keeps). Monotonic: never the wall clock, which an
 * administrator or NTP may set back while a load runs. */
#ifndef HEARTH_ELAPSED_H
#define HEARTH_ELAPSED_H

#include <stdint.h>

/* Seconds from an arbitrary start; only differences mean anything. */
double elapsed_now(void);
/* The same clock in whole milliseconds. */
int64_t elapsed_now_ms(void);

#endif
