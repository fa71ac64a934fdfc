/* router: which handler answers a method and path. Patterns are literal segments and
 * ":n" segments that match a positive decimal number (a record id, up to 18 digits); the
 * numbers are handed to the handler in order. Nothing else is accepted, so a handler
 * never sees a path it did not expect. */
#ifndef HEARTH_ROUTER_H
#define HEARTH_ROUTER_H

#include <stdbool.h>
#include <stdint.h>

#define ROUTE_MAX_PARAMS 4

/* Does path match pattern? ids receives the ":n" numbers, *n_ids their count. */
bool route_match(const char *pattern, const char *path, int64_t ids[ROUTE_MAX_PARAMS], int *n_ids);

struct route {
    const char *method;  /* "GET", "POST" */
    const char *pattern;
    int handler;         /* index the caller maps to a function */
};

/* The first route matching method and path; NULL when none. *path_known is set when some
 * route matches the path with another method (a 405 rather than a 404). */
const struct route *route_find(const struct route *routes, int n, const char *method,
                               const char *path, int64_t ids[ROUTE_MAX_PARAMS], int *n_ids,
                               bool *path_known);

#endif
