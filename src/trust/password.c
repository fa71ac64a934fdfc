/* password: the password rules (see password.h). The deny-list holds passwords of 10 or
 * more characters that appear near the top of published breach lists and the obvious
 * service- and council-themed ones; a password is refused when, ignoring case, digits and
 * symbols at either end, it equals one of them. */
#include "password.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static const char *const deny[] = {
    "password", "passwords", "password1", "qwertyuiop", "1234567890", "0123456789",
    "9876543210", "1q2w3e4r5t", "qwertyuiop", "asdfghjkl", "zxcvbnm", "iloveyou",
    "letmein", "welcome", "sunshine", "football", "princess", "baseball", "superman",
    "starwars", "trustno1", "changeme", "administrator", "admin", "qazwsxedc",
    "1qaz2wsx3edc", "abcdefghij", "abcdefghijk", "abc1234567", "aaaaaaaaaa", "passw0rd",
    "p@ssw0rd", "p@ssword", "secret", "monkey", "dragon", "master", "shadow", "michael",
    "jennifer", "computer", "whatever", "internet", "liverpool", "chelsea", "arsenal",
    "manchester", "christmas", "summer", "winter", "spring", "autumn", "january",
    "february", "september", "october", "november", "december", "hearth", "hearthapp",
    "socialcare", "socialworker", "socialwork", "childrenservices", "children",
    "safeguarding", "council", "localauthority", "countycouncil", "citycouncil",
    "hellohello", "letmeinnow", "welcomehome", "passwordpassword", "qwerty", "qwertyqwerty",
    "demo-password", "demopassword", "testtesttest", "testing123", "test12345",
};

/* The core of a password: lower case, without digits and symbols at either end. */
static void core(const char *pw, char *out, size_t cap)
{
    const char *a = pw, *b = pw + strlen(pw);
    while (a < b && !isalpha((unsigned char)*a))
        a++;
    while (b > a && !isalpha((unsigned char)b[-1]))
        b--;
    size_t n = (size_t)(b - a) < cap - 1 ? (size_t)(b - a) : cap - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)a[i]);
    out[n] = 0;
}

int password_policy(const char *pw, const char *name, struct err *e)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < 10)
        return err_at(e, HE_INPUT, NULL, 0, "password",
                      "A password needs at least 10 characters (three random words make a good one)");
    if (n > 200)
        return err_at(e, HE_INPUT, NULL, 0, "password", "A password can have at most 200 characters");
    bool same = true;
    for (size_t i = 1; i < n; i++)
        same = same && pw[i] == pw[0];
    if (same)
        return err_at(e, HE_INPUT, NULL, 0, "password", "A password cannot be one character repeated");
    char c[256];
    core(pw, c, sizeof c);
    for (size_t i = 0; i < sizeof deny / sizeof deny[0]; i++)
        if (!strcasecmp(pw, deny[i]) || !strcmp(c, deny[i]))
            return err_at(e, HE_INPUT, NULL, 0, "password",
                          "That password is one of the first that attackers try: choose another");
    if (!*c) { /* digits and symbols only: a deny-listed number sequence, or a date */
        size_t digits = strspn(pw, "0123456789");
        if (digits == n && n <= 12)
            return err_at(e, HE_INPUT, NULL, 0, "password",
                          "A password of 12 or fewer digits is guessed quickly: choose another");
    }
    if (name && strlen(name) >= 3) {
        char lname[128];
        core(name, lname, sizeof lname);
        if (*lname && strstr(c, lname) && strlen(c) <= strlen(lname) + 3)
            return err_at(e, HE_INPUT, NULL, 0, "password", "A password cannot be your sign-in name");
    }
    return HE_OK;
}
