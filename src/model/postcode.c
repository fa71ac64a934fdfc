/* postcode: normalising postcodes and finding their sector in the shipped table (see
 * postcode.h). The table is sorted by sector (tools/gen-postcodes-c.sh checks it). */
#include "postcode.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool postcode_normalise(const char *s, char out[9])
{
    char c[8];
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == ' ')
            continue;
        if (!isalnum((unsigned char)*p) || n == 7)
            return false;
        c[n++] = (char)toupper((unsigned char)*p);
    }
    if (n < 5)
        return false;
    /* outward: a letter, then 1-3 letters or digits; inward: a digit and two letters */
    const char *in = c + n - 3;
    if (!isalpha((unsigned char)c[0]) || !isdigit((unsigned char)in[0]) ||
        !isalpha((unsigned char)in[1]) || !isalpha((unsigned char)in[2]))
        return false;
    bool digit = false;
    for (size_t i = 1; i < n - 3; i++)
        digit |= isdigit((unsigned char)c[i]) != 0;
    if (!digit)
        return false;
    memcpy(out, c, n - 3);
    out[n - 3] = ' ';
    memcpy(out + n - 2, in, 3);
    out[n + 1] = '\0';
    return true;
}

void postcode_sector_of(const char *pc, char out[8])
{
    size_t n = strlen(pc);
    if (n < 6) {
        out[0] = '\0';
        return;
    }
    memcpy(out, pc, n - 2);
    out[n - 2] = '\0';
}

static int by_sector(const void *k, const void *v)
{
    return strcmp(k, ((const struct postcode_sector *)v)->sector);
}

const struct postcode_sector *postcode_sector_find(const char *pc)
{
    char s[8];
    postcode_sector_of(pc, s);
    if (!*s)
        return NULL;
    return bsearch(s, hearth_postcode_sectors, (size_t)hearth_n_postcode_sectors,
                   sizeof hearth_postcode_sectors[0], by_sector);
}

int64_t postcode_distance_m(const struct postcode_place *a, const struct postcode_place *b)
{
    double dx = (double)a->easting - b->easting, dy = (double)a->northing - b->northing;
    return (int64_t)llround(sqrt(dx * dx + dy * dy));
}

int64_t postcode_tenths_of_mile(int64_t metres)
{
    return (int64_t)llround((double)metres / 160.9344);
}
