/* fuzz_router: libFuzzer target for the router (src/web/router.c) with every route of
 * hearth serve's table. The first byte picks the method, the rest is the path. Promises
 * checked: a match means the path is exactly the pattern with each ":n" replaced by the
 * decimal id handed over (so no path a handler did not expect, no leading zeros, no
 * overflow, ids positive); route_find agrees with route_match. A broken promise aborts. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "web/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct route routes[] = {
    {"GET", "/", 0}, {"GET", "/sign-in", 1}, {"POST", "/sign-in", 2}, {"POST", "/sign-out", 3},
    {"GET", "/setup", 4}, {"POST", "/setup", 5}, {"GET", "/my-work", 6}, {"GET", "/search", 7},
    {"GET", "/children/:n", 8}, {"GET", "/front-door", 9}, {"GET", "/contacts/new", 10},
    {"POST", "/contacts/new", 11}, {"GET", "/contacts/:n/decision", 12},
    {"POST", "/contacts/:n/decision", 13}, {"GET", "/children/:n/assessments/new", 14},
    {"POST", "/children/:n/assessments/new", 15}, {"POST", "/children/:n/assessments/:n/authorise", 16},
    {"GET", "/dashboard", 17}, {"GET", "/children/:n/strategy/new", 18},
    {"GET", "/children/:n/icpc/:n", 19}, {"POST", "/children/:n/icpc/:n", 20},
};
#define N ((int)(sizeof routes / sizeof routes[0]))

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz_router: %s (path '%s')\n", what, path);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    const char *method = data[0] & 1 ? "POST" : "GET";
    char *path = malloc(size);
    if (!path)
        return 0;
    memcpy(path, data + 1, size - 1);
    path[size - 1] = 0;
    int first = -1;
    for (int i = 0; i < N; i++) {
        int64_t ids[ROUTE_MAX_PARAMS];
        int n = -1;
        if (!route_match(routes[i].pattern, path, ids, &n))
            continue;
        if (first < 0 && !strcmp(routes[i].method, method))
            first = i;
        struct buf b = BUF_INIT;
        int k = 0;
        for (const char *p = routes[i].pattern; *p; p++) {
            if (p[0] == ':' && p[1] == 'n') {
                if (k >= n)
                    die("fewer ids than the pattern has numbers", path);
                if (ids[k] <= 0)
                    die("an id that is not positive", path);
                buf_printf(&b, "%" PRId64, ids[k++]);
                p++;
            } else {
                buf_addc(&b, *p);
            }
        }
        if (k != n)
            die("more ids than the pattern has numbers", path);
        if (strcmp(b.data ? b.data : "", path))
            die("a match that is not the pattern with its ids", path);
        buf_free(&b);
    }
    int64_t ids[ROUTE_MAX_PARAMS];
    int n;
    bool known;
    const struct route *r = route_find(routes, N, method, path, ids, &n, &known);
    if ((r ? (int)(r - routes) : -1) != first)
        die("route_find disagrees with route_match", path);
    free(path);
    return 0;
}
