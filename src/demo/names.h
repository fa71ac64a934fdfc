/* names: lists of first names (girls, boys, women, men) and family names for the demo,
 * grouped by heritage (names.c). Ownership: everything here is static data. */
#ifndef HEARTH_DEMO_NAMES_H
#define HEARTH_DEMO_NAMES_H

#include <stddef.h>

enum name_group_id {
    NG_BRITISH,
    NG_IRISH,
    NG_EUROPEAN,  /* central and eastern European, Roma */
    NG_PAKISTANI, /* and Bangladeshi */
    NG_INDIAN,    /* and other Asian */
    NG_CARIBBEAN,
    NG_AFRICAN,
    NG_CHINESE,
    NG_OTHER,     /* Arab, Turkish, Kurdish, Afghan, Iranian */
    NG_COUNT
};
#define NG_MIXED (-1) /* mixed heritage: each side drawn on its own */
#define NG_NONE (-2)  /* no ethnicity recorded */

struct name_list {
    const char *const *v;
    size_t n;
};
struct name_group {
    struct name_list girls, boys, women, men, family;
};

/* A group's lists; an id out of range gives the British lists. */
const struct name_group *name_group_get(enum name_group_id g);
/* The group a CIN census ethnicity code suggests: a name_group_id, NG_MIXED or NG_NONE. */
int name_group_of_ethnicity(const char *code);

#endif
