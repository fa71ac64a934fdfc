/* annexa: one Ofsted Annex A list CSV into the model. Owns the list headings (from
 * shared/standards/annex-a/columns.csv) and the mapping from Annex A's lettered groups to
 * DfE codes. Annex A is a summary for inspectors, so it only puts what has a sound place
 * in the model, says on stderr what it leaves out, and never commits. */
#include "annexa.h"

/* The collection year Annex A rows are put with: older than every return. */
#define ANNEXA_PRECEDENCE 0

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/codes.h"
#include "../util/buf.h"
#include "csv.h"
#include "csv_import.h"
#include "import.h"

enum atype { A_STR, A_DATE, A_CAT, A_INT };

struct acol {
    const char *name;
    enum atype type;
    bool blank_ok;
};

#define MAX_ACOLS 40

struct alist {
    const char *name;
    const char *what; /* plural, for messages */
    struct acol cols[MAX_ACOLS];
    int ncols;
};

/* Columns every list of children opens with. */
#define ID {"Child Unique ID", A_STR, 0}
#define GENDER {"Gender", A_CAT, 0}
#define ETHN {"Ethnicity", A_CAT, 0}
#define DOB {"Date of Birth", A_DATE, 1}
#define AGE {"Age of Child (Years)", A_INT, 1}
#define DISAB {"Does the Child have a Disability", A_CAT, 0}
#define TEAM {"Allocated Team", A_STR, 0}, {"Allocated Worker", A_STR, 0}
#define DT(n, b) {n, A_DATE, b}
#define CT(n, b) {n, A_CAT, b}
#define IN(n, b) {n, A_INT, b}
#define ST(n, b) {n, A_STR, b}

enum { L1 = 1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L__END };

static const struct alist lists[L__END] = {
    [L1] = {"list_1", "contacts",
            {ID, GENDER, ETHN, DOB, AGE, DT("Date of Contact", 0), CT("Contact Source", 0)}, 7},
    [L2] = {"list_2", "early help assessments",
            {ID, GENDER, ETHN, DOB, AGE, DT("Assessment start date", 0),
             DT("Assessment completion date", 1), ST("Organisation completing assessment", 0)},
            8},
    [L3] = {"list_3", "referrals",
            {ID, GENDER, ETHN, DOB, AGE, DT("Date of referral", 0), CT("Referral Source", 0),
             CT("Referral NFA?", 0), IN("Number of Referrals in Last 12 Months", 0), TEAM},
            11},
    [L4] = {"list_4", "assessments",
            {ID, GENDER, ETHN, DOB, AGE, DISAB, DT("Continuous Assessment Start Date", 0),
             CT("Child Seen During Continuous Assessment", 1),
             DT("Continuous Assessment Date of Authorisation", 1),
             CT("Was the child assessed as requiring LA children's social care support?", 1),
             TEAM},
            12},
    [L5] = {"list_5", "section 47 enquiries",
            {ID, GENDER, ETHN, DOB, AGE, DISAB,
             DT("Strategy discussion initiating Section 47 Enquiry Start Date", 0),
             CT("Was an Initial Child Protection Conference deemed unnecessary?", 1),
             DT("Date of Initial Child Protection Conference", 1),
             CT("Did the Initial Child Protection Conference Result in a Child Protection Plan", 1),
             IN("Number of Section 47 Enquiries in the last 12 months", 0),
             IN("Number of ICPCs in the last 12 months", 0), TEAM},
            14},
    [L6] = {"list_6", "children in need",
            {ID, GENDER, ETHN, DOB, AGE, DISAB, DT("CIN Start Date", 1),
             CT("Primary Need Code", 0), DT("Date Child Was Last Seen", 1),
             DT("CIN Closure Date", 1), CT("Reason for Closure", 1), CT("Case Status", 0), TEAM},
            14},
    [L7] = {"list_7", "child protection plans",
            {ID, GENDER, ETHN, DOB, AGE, DISAB, DT("Child Protection Plan Start Date", 0),
             CT("Initial Category of Abuse", 0), CT("Latest Category of Abuse", 0),
             DT("Date of the Last Statutory Visit", 1), CT("Was the Child Seen Alone?", 1),
             DT("Date of latest review conference", 1), DT("Child Protection Plan End Date", 1),
             CT("Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)",
                0),
             IN("Number of Previous Child Protection Plans", 0), TEAM},
            17},
    [L8] = {"list_8", "looked-after children",
            {ID, GENDER, ETHN, DOB, AGE,
             CT("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", 0),
             DISAB, DT("Date Started to be Looked After", 0), CT("Child's Category of Need", 0),
             CT("Is this a second or subsequent period of being a Looked After Child within the "
                "last 12 months (Y/N)",
                0),
             DT("Start date of current legal status", 0), CT("Child's Legal Status", 0),
             DT("Date of Latest Statutory Review", 1), DT("Date of Last Social Work Visit", 1),
             CT("What is the permanence plan for this child?", 1),
             DT("Date of Last IRO Visit / Contact to the Child", 1),
             DT("Date of Last Health Assessment", 1), DT("Date of Last Dental Check", 1),
             IN("Number of Placements in the Last 12 months", 0),
             DT("Date Ceased to be Looked After", 1), CT("Reason Ceased to be Looked After", 1),
             DT("Start Date of Most Recent Placement", 0), CT("Placement Type", 0),
             CT("Placement Provider", 0), ST("Placement postcode", 0), ST("URN of Placement", 1),
             CT("Placement Location", 0), CT("LA of Placement", 0),
             IN("Number of Episodes the Child has been 'Missing' from their Placement in the "
                "last 12 months",
                0),
             IN("Number of Episodes the Child has been 'Absent' from their Placement in the "
                "last 12 months",
                0),
             CT("Was the child offered a Return Interview after their last missing episode "
                "(Y/N)?",
                1),
             CT("Did the child accept a Return Interview after their last missing episode (Y/N)?",
                1),
             TEAM},
            34},
    [L9] = {"list_9", "care leavers",
            {ID, GENDER, ETHN, DOB, AGE,
             CT("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                0),
             DISAB, TEAM, ST("Allocated Personal Advisor", 0), CT("Eligibility Category", 0),
             DT("Latest Pathway Plan Review Date", 1), CT("LA in Touch", 0),
             DT("Latest Date of Contact", 1), CT("Type of Accommodation", 1),
             CT("Suitability of Accommodation", 1), CT("Activity Status", 1)},
            17},
    [L10] = {"list_10", "adoption decisions",
             {ID, ST("Family identifier", 1), GENDER, ETHN, DOB, AGE, DISAB,
              DT("Date the Child Entered Care", 0),
              DT("Date of Decision that Child Should be Placed for Adoption", 0),
              DT("Date of Placement Order", 1),
              DT("Date of Matching Child and Prospective Adopters", 1),
              DT("Date Placed for Adoption", 1), DT("Date of Adoption Order", 1),
              DT("Date of Decision that Child Should No Longer be Placed for Adoption", 1),
              CT("Reason Why Child No Longer Placed for Adoption", 1),
              DT("Date the child was placed for fostering in FFA or concurrent planning placement",
                 1)},
             16},
    [L11] = {"list_11", "adopters",
             {ST("Individual adopter identifier", 0), ST("Family identifier", 1), GENDER, ETHN,
              CT("Disability", 0), CT("Is the (prospective) adopter fostering for adoption?", 0),
              DT("Date enquiry received", 0), DT("Date Stage 1 started", 1),
              DT("Date Stage 1 ended", 1), DT("Date Stage 2 started", 1),
              DT("Date Stage 2 ended", 1), DT("Date application submitted", 1),
              DT("Date application approved", 1), DT("Date adopter matched with child(ren)", 1),
              DT("Date child/children placed with adopter(s)", 1),
              IN("No. of children placed", 1), DT("Date of Adoption Order", 1),
              DT("Date of leaving adoption process", 1),
              CT("Reason for leaving adoption process", 1)},
             19},
};

const char *const *annexa_columns(const char *list)
{
    static const char *names[L__END][MAX_ACOLS + 1];
    for (int l = L1; l < L__END; l++) {
        if (!list || strcmp(lists[l].name, list) != 0)
            continue;
        for (int i = 0; i < lists[l].ncols; i++)
            names[l][i] = lists[l].cols[i].name;
        names[l][lists[l].ncols] = NULL;
        return names[l];
    }
    return NULL;
}

/* Columns shared by many lists: seeing them says nothing about which list a file is. */
static const char *const common_cols[] = {
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
    "Family identifier", "Date of Adoption Order", NULL};

/* What each list holds that hearth does not keep, and why. */
static const struct {
    const char *what, *why;
} not_kept[L__END] = {
    [L4] = {"assessments",
            "an assessment belongs to the episode of need open on its start date, and the "
            "store has no lookup for that episode (only store_find_person)"},
    [L5] = {"section 47 enquiries",
            "an enquiry belongs to the episode of need open on its start date, and the store "
            "has no lookup for that episode (only store_find_person)"},
    [L6] = {"episodes of need",
            "list 6 repeats, in lettered groups, episodes the CIN census holds in full with "
            "their codes: import the CIN census instead"},
    [L7] = {"child protection plans",
            "a plan belongs to the episode of need open on its start date, and the store has "
            "no lookup for that episode (only store_find_person)"},
    [L8] = {"periods of care and placements",
            "Annex A gives lettered groups (placement type, legal status), not the SSDA903 "
            "codes a looked-after episode holds: import the SSDA903 return instead"},
    [L9] = {"care leaver details",
            "Annex A's in-touch, accommodation and activity groups are not the OC3 codes, and "
            "its care leavers are not the OC3 cohort: import the SSDA903 OC3 table instead"},
    [L11] = {"adopters", "adopters are not children, and hearth keeps no record of them"},
};

/* ---- headings ------------------------------------------------------------------- */

/* Lower-case, one space for each run of whitespace (line breaks in spreadsheet headings
 * included), none at either end, typographic apostrophes as plain ones. */
static size_t norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
            ch = '\'';
            i += 2;
        } else if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            ch = ' ';
            i += 1;
        }
        if (isspace(ch)) {
            space = o > 0;
            continue;
        }
        if (space && o + 2 < cap)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)tolower(ch);
    }
    out[o] = '\0';
    return o;
}

/* import_detect hands over headings cut to 63 bytes: a cut heading matches by its start. */
#define DETECT_CUT 63

static int col_of(const struct alist *l, const char *s, size_t n)
{
    char a[256], b[256];
    size_t na = norm(s, n, a, sizeof a);
    if (na == 0)
        return -1;
    for (int k = 0; k < l->ncols; k++) {
        size_t nb = norm(l->cols[k].name, strlen(l->cols[k].name), b, sizeof b);
        if (na == nb ? memcmp(a, b, na) == 0
                     : (n == DETECT_CUT && na < nb && memcmp(a, b, na) == 0))
            return k;
    }
    return -1;
}

static bool is_common(const char *name)
{
    for (int i = 0; common_cols[i]; i++)
        if (strcmp(common_cols[i], name) == 0)
            return true;
    return false;
}

/* As for SSDA903 tables: columns found less columns missing, among lists where more than
 * half the columns are there and at least one is the list's own. Extra columns are
 * ignored, since councils add their own to Annex A workbooks. */
int annexa_list_of_header(const char *const *fields, size_t n, const char **list)
{
    struct csv_pick pick = CSV_PICK_INIT;
    for (int l = L1; l < L__END; l++) {
        const struct alist *al = &lists[l];
        bool seen[MAX_ACOLS] = {0}, own = false;
        int matched = 0;
        for (size_t i = 0; i < n; i++) {
            int k = col_of(al, fields[i], strlen(fields[i]));
            if (k < 0 || seen[k])
                continue;
            seen[k] = true;
            matched++;
            if (!is_common(al->cols[k].name))
                own = true;
        }
        if (!own || matched * 2 <= al->ncols)
            continue;
        csv_pick_offer(&pick, l, matched - (al->ncols - matched));
    }
    int best = csv_pick_best(&pick);
    *list = best >= 0 ? lists[best].name : NULL;
    return HE_OK;
}

/* ---- values --------------------------------------------------------------------- */

/* The group letter of a value written "a) Individual", "a. Individual" or "a"; 0 if none. */
static char letter_of(const char *s)
{
    while (*s == ' ')
        s++;
    if (!isalpha((unsigned char)s[0]))
        return 0;
    if (s[1] == ')' || s[1] == '.' || s[1] == '\0')
        return (char)tolower((unsigned char)s[0]);
    return 0;
}

/* Annex A's contact and referral sources stand for CIN census ReferralSource groups. */
static const struct {
    char letter;
    const char *label, *code;
} sources[] = {
    {'a', "individual", "1"},         {'b', "schools", "2A"},
    {'c', "education services", "2B"}, {'d', "health services", "3"},
    {'e', "housing", "4"},            {'f', "la services", "5"},
    {'g', "police", "6"},             {'h', "other legal agency", "7"},
    {'i', "other", "8"},              {'j', "anonymous", "9"},
    {'k', "unknown", "10"},
};

static const char *source_code(const char *s)
{
    char l = letter_of(s), n[64];
    if (l >= 'a' && l <= 'k')
        return sources[l - 'a'].code; /* the usual form: no need to look at the label */
    norm(s, strlen(s), n, sizeof n);
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++)
        if (l == sources[i].letter || strcmp(n, sources[i].label) == 0)
            return sources[i].code;
    /* some councils give the CIN census code itself */
    char up[8];
    size_t k = 0;
    while (s[k] && k < sizeof up - 1 && isalnum((unsigned char)s[k])) {
        up[k] = (char)toupper((unsigned char)s[k]);
        k++;
    }
    up[k] = '\0';
    if (k && (s[k] == '\0' || s[k] == ' ' || s[k] == ':' || s[k] == '-') &&
        codes_cin_valid("referralsourcetype", up, 0)) {
        /* valid until this thread's next call: each row reads one source and uses it
         * before the next; the parsing and the store threads both call this */
        static _Thread_local char code[8];
        snprintf(code, sizeof code, "%s", up);
        return code;
    }
    return NULL;
}

/* "a) Male" -> M, "b) Female" -> F, anything else Annex A allows -> U. */
static const char *sex_of(const char *s)
{
    char n[64];
    if (strcmp(s, "a) Male") == 0)
        return "M";
    if (strcmp(s, "b) Female") == 0)
        return "F";
    norm(s, strlen(s), n, sizeof n);
    if (strcmp(n, "a) male") == 0 || strcmp(n, "male") == 0 || strcmp(n, "m") == 0 ||
        strcmp(n, "1") == 0)
        return "M";
    if (strcmp(n, "b) female") == 0 || strcmp(n, "female") == 0 || strcmp(n, "f") == 0 ||
        strcmp(n, "2") == 0)
        return "F";
    /* "not stated" says nothing: NULL keeps a sex a return recorded */
    return NULL;
}

/* Yes/no answers: 1, 0, or -1 when the text is none of Annex A's forms. */
static int yes_no(const char *s)
{
    char n[32];
    norm(s, strlen(s), n, sizeof n);
    static const char *const yes[] = {"true", "yes", "y", "1", "a) yes", "a. yes", NULL};
    static const char *const no[] = {"false", "no", "n", "0", "b) no", "b. no", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcmp(n, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(n, no[i]) == 0)
            return 0;
    return -1;
}

static day_t parse_date(const char *s, size_t n)
{
    day_t d = date_parse_uk(s, n);
    return d != DAY_NONE ? d : date_parse_any(s, n);
}

/* ---- import --------------------------------------------------------------------- */

/* The contacts of one list so far, by child, day and source: a row that repeats one is the
 * next contact of that kind (seq), not the same contact again. Open addressing; person 0
 * marks an empty slot. */
struct contact_seq {
    rec_id person;
    day_t date;
    char source[8]; /* a CIN ReferralSource code (source_code) */
    int n;          /* rows of the list so far with this key */
};
struct contact_seqs {
    struct contact_seq *slot;
    size_t n, cap; /* cap is a power of two */
};

struct run {
    struct importer *im;
    const char *path;
    const struct alist *l;
    int list; /* L1 .. L11 */
    int year;
    int at[MAX_ACOLS]; /* list column -> CSV field, -1 when the file lacks it */
    long line;
    const char *v[MAX_ACOLS];
    size_t len[MAX_ACOLS];
    day_t day[MAX_ACOLS];
    day_t latest;
    bool used[MAX_ACOLS]; /* hearth reads the column (so its blank and code rules apply) */
    struct csv_asked asked; /* headings a row's mapping asks for */
    struct csv_last_person last;
    struct contact_seqs seqs; /* list 1, the store thread's copy only */
};

static int col(struct run *r, const char *name)
{
    int k = -1;
    if (csv_asked_find(&r->asked, name, &k))
        return k;
    for (int i = 0; i < r->l->ncols && k < 0; i++)
        if (strcmp(r->l->cols[i].name, name) == 0)
            k = i;
    return csv_asked_keep(&r->asked, name, k);
}

static const char *val(struct run *r, const char *name)
{
    int k = col(r, name);
    return k >= 0 && r->at[k] >= 0 && r->len[k] ? r->v[k] : NULL;
}

static day_t day(struct run *r, const char *name)
{
    int k = col(r, name);
    return k >= 0 ? r->day[k] : DAY_NONE;
}

/* Columns hearth reads from each list: the file must have them. */
static const char *const *used_cols(int list)
{
    static const char *const person[] = {"Child Unique ID", "Gender", "Date of Birth", NULL};
    static const char *const l1[] = {"Child Unique ID", "Gender", "Date of Birth",
                                     "Date of Contact", "Contact Source", NULL};
    static const char *const l2[] = {"Child Unique ID", "Gender", "Date of Birth",
                                     "Assessment start date", "Assessment completion date",
                                     "Organisation completing assessment", NULL};
    static const char *const l3[] = {"Child Unique ID", "Gender", "Date of Birth",
                                     "Date of referral", "Referral Source", "Referral NFA?",
                                     NULL};
    static const char *const l10[] = {
        "Child Unique ID", "Gender", "Date of Birth",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption", NULL};
    static const char *const none[] = {NULL};
    switch (list) {
    case L1: return l1;
    case L2: return l2;
    case L3: return l3;
    case L10: return l10;
    case L11: return none;
    default: return person;
    }
}

static bool is_used(int list, const char *name)
{
    for (const char *const *u = used_cols(list); *u; u++)
        if (strcmp(*u, name) == 0)
            return true;
    return false;
}

#define FAIL(r, k, ...) err_at(e, HE_INPUT, (r)->path, (r)->line, (r)->l->cols[(k)].name, __VA_ARGS__)

static int read_header(void *ctx, const struct csv_field *f, size_t n, struct err *e)
{
    struct run *r = ctx;
    for (int k = 0; k < MAX_ACOLS; k++)
        r->at[k] = -1;
    for (size_t i = 0; i < n; i++) {
        int k = col_of(r->l, f[i].p, f[i].len);
        if (k < 0)
            continue; /* a council's own column */
        if (r->at[k] >= 0)
            return err_at(e, HE_INPUT, r->path, r->line, r->l->cols[k].name,
                          "the heading '%s' appears twice", r->l->cols[k].name);
        r->at[k] = (int)i;
    }
    for (int k = 0; k < r->l->ncols; k++)
        r->used[k] = is_used(r->list, r->l->cols[k].name);
    for (const char *const *u = used_cols(r->list); *u; u++)
        if (r->at[col(r, *u)] < 0)
            return err_at(e, HE_INPUT, r->path, r->line, *u,
                          "the headings have no '%s' column, which hearth reads from Annex A %s "
                          "(%s)",
                          *u, r->l->name, r->l->what);
    return HE_OK;
}

static int check_end(struct run *r, const char *start, const char *end, struct err *e)
{
    int ks = col(r, start), ke = col(r, end);
    if (r->day[ks] && r->day[ke] && r->day[ke] < r->day[ks])
        return FAIL(r, ke, "%s %s is before %s %s: it cannot end before it starts", end,
                    r->v[ke], start, r->v[ks]);
    return HE_OK;
}

static int check_row(void *ctx, const struct csv_field *f, size_t n, struct err *e)
{
    struct run *r = ctx;
    for (int k = 0; k < r->l->ncols; k++) {
        const struct acol *c = &r->l->cols[k];
        r->day[k] = DAY_NONE;
        r->v[k] = "";
        r->len[k] = 0;
        if (r->at[k] < 0)
            continue;
        /* a short row (spreadsheets drop trailing empty cells) reads as blanks */
        if ((size_t)r->at[k] < n) {
            r->v[k] = f[r->at[k]].p;
            r->len[k] = f[r->at[k]].len;
        }
        if (r->len[k] == 0) {
            if (r->used[k] && !c->blank_ok)
                return FAIL(r, k, "'%s' is blank, but hearth needs it on every row of Annex A %s",
                            c->name, r->l->name);
            continue;
        }
        if (c->type == A_DATE) {
            /* every date is checked, since the latest of them names the collection year */
            r->day[k] = parse_date(r->v[k], r->len[k]);
            if (r->day[k] == DAY_NONE)
                return FAIL(r, k, "%s '%s' is not a real date in DD/MM/YYYY form", c->name,
                            r->v[k]);
            if (strcmp(c->name, "Date of Birth") != 0 && r->day[k] > r->latest)
                r->latest = r->day[k];
        }
    }
    switch (r->list) {
    case L1:
        if (!source_code(val(r, "Contact Source")))
            return FAIL(r, col(r, "Contact Source"),
                        "Contact Source '%s' is not one of Annex A's sources, a) Individual to "
                        "k) Unknown",
                        val(r, "Contact Source"));
        break;
    case L2:
        return check_end(r, "Assessment start date", "Assessment completion date", e);
    case L3:
        if (!source_code(val(r, "Referral Source")))
            return FAIL(r, col(r, "Referral Source"),
                        "Referral Source '%s' is not one of Annex A's sources, a) Individual to "
                        "k) Unknown",
                        val(r, "Referral Source"));
        if (yes_no(val(r, "Referral NFA?")) < 0)
            return FAIL(r, col(r, "Referral NFA?"),
                        "Referral NFA? '%s' is not a yes or no (True/False, Yes/No, Y/N, 1/0)",
                        val(r, "Referral NFA?"));
        break;
    case L10: {
        const char *why = val(r, "Reason Why Child No Longer Placed for Adoption");
        char l = why ? letter_of(why) : 0;
        if (why && (l < 'a' || l > 'd'))
            return FAIL(r, col(r, "Reason Why Child No Longer Placed for Adoption"),
                        "'%s' is not one of Annex A's reasons a) to d)", why);
        return check_end(r, "Date of Decision that Child Should be Placed for Adoption",
                         "Date of Decision that Child Should No Longer be Placed for Adoption", e);
    }
    default:
        break;
    }
    return HE_OK;
}

static struct contact_seq *seq_slot(struct contact_seqs *t, rec_id person, day_t date, const char *source)
{
    uint64_t h = ((uint64_t)person * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)(uint32_t)date * 0xC2B2AE3D27D4EB4FULL);
    for (const char *c = source; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    size_t mask = t->cap - 1, i = (size_t)(h ^ (h >> 29)) & mask;
    while (t->slot[i].person && (t->slot[i].person != person || t->slot[i].date != date ||
                                 strcmp(t->slot[i].source, source) != 0))
        i = (i + 1) & mask;
    return &t->slot[i];
}

/* The seq of this row's contact: 1 for the first row of the list naming the child, day and
 * source, 2 for the second... so importing the list again, or another list that overlaps
 * it, meets the same contacts and adds only those beyond what was held. */
static int next_seq(struct contact_seqs *t, rec_id person, day_t date, const char *source)
{
    if (2 * (t->n + 1) > t->cap) {
        struct contact_seqs old = *t;
        t->cap = old.cap ? old.cap * 2 : 1024;
        t->slot = xcalloc(t->cap, sizeof *t->slot);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i].person)
                *seq_slot(t, old.slot[i].person, old.slot[i].date, old.slot[i].source) = old.slot[i];
        free(old.slot);
    }
    struct contact_seq *k = seq_slot(t, person, date, source);
    if (!k->person) {
        k->person = person;
        k->date = date;
        snprintf(k->source, sizeof k->source, "%s", source);
        t->n++;
    }
    return ++k->n;
}

/* put() of the pass, on the store thread: the row's child, then what the list holds. */
static int put_row(void *ctx, struct err *e)
{
    struct run *r = ctx;
    struct store *s = r->im->store;
    if (r->list == L11)
        return HE_OK;
    /* lists are usually sorted by child: the put is skipped when the row repeats the last
     * one (sex_of gives string literals, so pointers compare) */
    struct person p = {.la_child_id = val(r, "Child Unique ID"), .sex = sex_of(val(r, "Gender")),
                       .dob = day(r, "Date of Birth"), .mother = -1};
    rec_id pid;
    if (csv_put_person(r->im, r->year, &r->last, true, &p, &pid, r->path, r->line, e) != HE_OK)
        return e->code;
    enum put_outcome o = PUT_UNCHANGED;
    enum rec_kind kind;
    int rc;
    switch (r->list) {
    case L1: {
        struct contact x = {.person = pid, .date = day(r, "Date of Contact"),
                            .source = source_code(val(r, "Contact Source"))};
        x.seq = next_seq(&r->seqs, pid, x.date, x.source ? x.source : "");
        kind = RK_CONTACT;
        rc = store_put_contact(s, r->year, &x, NULL, &o, e);
        break;
    }
    case L2: {
        struct early_help x = {.person = pid, .start = day(r, "Assessment start date"),
                               .end = day(r, "Assessment completion date"),
                               .organisation = val(r, "Organisation completing assessment")};
        kind = RK_EARLY_HELP;
        rc = store_put_early_help(s, r->year, &x, NULL, &o, e);
        break;
    }
    case L3: {
        struct cin_episode x = {.person = pid, .referral_date = day(r, "Date of referral"),
                                .referral_source = source_code(val(r, "Referral Source")),
                                .referral_nfa = yes_no(val(r, "Referral NFA?"))};
        kind = RK_CIN_EPISODE;
        rc = store_put_cin_episode(s, r->year, &x, NULL, &o, e);
        break;
    }
    case L10: {
        const char *why = val(r, "Reason Why Child No Longer Placed for Adoption");
        static const char *const rd[] = {"RD1", "RD2", "RD3", "RD4"};
        struct placed_adoption x = {
            .person = pid,
            .date_placed = day(r, "Date of Decision that Child Should be Placed for Adoption"),
            .date_placed_ceased =
                day(r, "Date of Decision that Child Should No Longer be Placed for Adoption"),
            .reason_placed_ceased = why ? rd[letter_of(why) - 'a'] : NULL};
        kind = RK_PLACED_ADOPTION;
        rc = store_put_placed_adoption(s, r->year, &x, NULL, &o, e);
        break;
    }
    default:
        return HE_OK; /* the child only: see not_kept */
    }
    if (rc != HE_OK)
        return csv_import_failed(r->path, r->line, e);
    importer_count(r->im, kind, o);
    return HE_OK;
}

/* The store thread's own copy of the run, made once the headings are read. */
static void share_run(void *to, const void *from)
{
    struct run *cr = to;
    *cr = *(const struct run *)from;
    cr->last = (struct csv_last_person){.child = BUF_INIT};
    cr->seqs = (struct contact_seqs){0};
}

/* One pass over the file: check every row and store it. */
static int pass(struct run *r, long *rows, struct err *e)
{
    struct run cr = {.last = {.child = BUF_INIT}};
    struct csv_import ci = {
        .im = r->im, .path = r->path, .heading = "heading row", .ncols = r->l->ncols,
        .reader = {r, &r->line, r->v, r->len, r->day}, .header = read_header, .check = check_row,
        .store = {&cr, &cr.line, cr.v, cr.len, cr.day}, .share = share_run, .put = put_row};
    int rc = csv_import_pass(&ci, true, rows, e);
    csv_last_person_free(&cr.last);
    free(cr.seqs.slot);
    return rc;
}

int annexa_import(struct importer *im, const char *path, const char *list, struct err *e)
{
    struct run r = {.im = im, .path = path, .last = {.child = BUF_INIT}};
    for (int l = L1; l < L__END; l++)
        if (list && strcmp(lists[l].name, list) == 0)
            r.list = l;
    if (!r.list)
        return err_at(e, HE_INTERNAL, path, 0, NULL, "no Annex A list called '%s'",
                      list ? list : "(none)");
    r.l = &lists[r.list];
    /* Annex A is a list for inspectors, not a return: its rows never outrank a CIN census
     * or SSDA903 return (which would replace the census's assessments and plans of an
     * episode). Year 0 makes every put "older than any return": it fills blanks only. */
    r.year = ANNEXA_PRECEDENCE;
    long rows = 0;
    int rc = HE_OK;
    rc = pass(&r, &rows, e);
    if (rc == HE_OK && not_kept[r.list].what) {
        importer_progress_end(im);
        if (r.list == L11)
            fprintf(stderr, "hearth %s: %s: Annex A %s: nothing imported from its %ld rows: %s\n",
                    im->cmd, path, r.l->name, rows, not_kept[r.list].why);
        else
            fprintf(stderr,
                    "hearth %s: %s: Annex A %s: kept the children of its %ld rows but not "
                    "their %s, because %s\n",
                    im->cmd, path, r.l->name, rows, not_kept[r.list].what, not_kept[r.list].why);
    }
    csv_last_person_free(&r.last);
    return rc;
}
