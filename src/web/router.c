/* router: pattern matching for paths (see router.h). */
#include "router.h"

#include <string.h>

bool route_match(const char *pattern, const char *path, int64_t ids[ROUTE_MAX_PARAMS], int *n_ids)
{
    const char *p = pattern, *q = path;
    *n_ids = 0;
    if (*p != '/' || *q != '/')
        return false;
    while (*p) {
        if (p[0] == ':' && p[1] == 'n') {
            int64_t v = 0;
            int digits = 0;
            if (*q == '0')
                return false; /* no leading zeros: one number, one spelling */
            while (*q >= '0' && *q <= '9') {
                if (++digits > 18)
                    return false;
                v = v * 10 + (*q - '0');
                q++;
            }
            if (!digits || *n_ids == ROUTE_MAX_PARAMS)
                return false;
            ids[(*n_ids)++] = v;
            p += 2;
            continue;
        }
        if (*p != *q)
            return false;
        p++;
        q++;
    }
    return *q == 0;
}

const struct route *route_find(const struct route *routes, int n, const char *method,
                               const char *path, int64_t ids[ROUTE_MAX_PARAMS], int *n_ids,
                               bool *path_known)
{
    *path_known = false;
    for (int i = 0; i < n; i++) {
        if (!route_match(routes[i].pattern, path, ids, n_ids))
            continue;
        if (!strcmp(routes[i].method, method))
            return &routes[i];
        *path_known = true;
    }
    *n_ids = 0;
    return NULL;
}
