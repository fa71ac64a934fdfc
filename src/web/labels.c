/* labels: code lists' plain English and identifier checks (see labels.h). */
#include "labels.h"

#include <ctype.h>
#include <string.h>

const struct ui_option referral_sources[] = {
    {"1A", "Individual: family member, relative or carer"},
    {"1B", "Individual: acquaintance, including neighbours and childminders"},
    {"1C", "Individual: self"},
    {"1D", "Individual: other"},
    {"2A", "School"},
    {"2B", "Education services"},
    {"3A", "Health services: GP"},
    {"3B", "Health services: health visitor"},
    {"3C", "Health services: school nurse"},
    {"3D", "Health services: other primary health services"},
    {"3E", "Health services: A&E"},
    {"3F", "Health services: other"},
    {"4", "Housing"},
    {"5A", "Local authority: social care"},
    {"5B", "Local authority: other internal department"},
    {"5C", "Local authority: external"},
    {"5D", "Local authority: early help"},
    {"6", "Police"},
    {"7", "Other legal agency"},
    {"8", "Other"},
    {"9", "Anonymous"},
    {"10", "Unknown"},
};
const int n_referral_sources = sizeof referral_sources / sizeof referral_sources[0];

const struct ui_option primary_needs[] = {
    {"N1", "Abuse or neglect"},
    {"N2", "Child's disability or illness"},
    {"N3", "Parent's disability or illness"},
    {"N4", "Family in acute stress"},
    {"N5", "Family dysfunction"},
    {"N6", "Socially unacceptable behaviour"},
    {"N7", "Low income"},
    {"N8", "Absent parenting"},
    {"N9", "Cases other than children in need"},
    {"N0", "Not stated"},
};
const int n_primary_needs = sizeof primary_needs / sizeof primary_needs[0];

const struct ui_option threshold_decisions[] = {
    {"NFA", "No further action"},
    {"ADVICE", "Information and advice"},
    {"EARLY_HELP", "Early help"},
    {"REFERRAL", "Referral to children's social care (opens an episode of need)"},
};
const int n_threshold_decisions = sizeof threshold_decisions / sizeof threshold_decisions[0];

const struct ui_option sexes[] = {
    {"F", "Female"},
    {"M", "Male"},
    {"U", "Not known or not recorded"},
};
const int n_sexes = sizeof sexes / sizeof sexes[0];

const char *label_of(const struct ui_option *opts, int n, const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (!strcmp(opts[i].value, code))
            return opts[i].label;
    return code;
}

bool upn_valid(const char *s)
{
    /* DfE UPN check letter: weights 2..13 over characters 2..13, letters of the alphabet
     * less I, O and S */
    static const char check[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    if (!s || strlen(s) != 13 || !isupper((unsigned char)s[1 - 1]))
        return false;
    for (int i = 1; i < 12; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    if (!isdigit((unsigned char)s[12]) && !isupper((unsigned char)s[12]))
        return false;
    static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    int sum = 0;
    for (int i = 1; i < 13; i++) {
        int v;
        if (isdigit((unsigned char)s[i])) {
            v = s[i] - '0';
        } else {
            const char *p = strchr(letters, s[i]);
            if (!p)
                return false;
            v = (int)(p - letters); /* a temporary UPN's last letter counts as its index */
        }
        sum += v * (i + 1);
    }
    return s[0] == check[sum % 23];
}

bool nhs_valid(const char *s, char out[11])
{
    int n = 0;
    for (const char *p = s; p && *p; p++) {
        if (*p == ' ')
            continue;
        if (!isdigit((unsigned char)*p) || n == 10)
            return false;
        out[n++] = *p;
    }
    out[n] = 0;
    if (n != 10)
        return false;
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (out[i] - '0') * (10 - i);
    int c = 11 - sum % 11;
    if (c == 11)
        c = 0;
    return c != 10 && c == out[9] - '0';
}

bool name_valid(const char *s)
{
    if (!s || !*s)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!(isalpha(*p) || *p >= 0x80 || *p == ' ' || *p == '-' || *p == '\'' || *p == '.'))
            return false;
    return true;
}

bool plain_text(const char *s)
{
    for (const char *p = s; p && *p; p++) {
        if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
            return false;
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
            return false;
    }
    return true;
}
