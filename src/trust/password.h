/* password: the password rules, after the NCSC's password guidance: length matters, so at
 * least 10 characters (and at most 200, so hashing stays cheap to ask for); no composition
 * rules (no "one capital, one digit"); a deny-list of the passwords attackers try first,
 * and nothing built from the user's own sign-in name. Ownership: nothing allocated. */
#ifndef HEARTH_PASSWORD_H
#define HEARTH_PASSWORD_H

#include "../util/err.h"

/* HE_OK when pw may be used by the user called name (may be NULL); else HE_INPUT, field
 * "password", with a message saying which rule was broken. */
HE_MUST_CHECK int password_policy(const char *pw, const char *name, struct err *e);

#endif
