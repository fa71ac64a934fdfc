/* synth: a synthetic authority written as CIN census XML, SSDA903 CSVs and Annex A list 1.
 * Each child's whole history is drawn from its own PRNG stream (seeded from the params,
 * its stream and its index), then written into every year's files that it touches, so a
 * child open at 31 March reappears in the next return exactly as real returns overlap.
 * Rates are per 10,000 children a year and were tuned against the national figures. */
#include "synth.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../date/date.h"
#include "../model/postcode.h"
#include "../util/buf.h"
#include "rng.h"


/* Stateless draws for things written on the fly (reviews, OC3 rows): the same child and
 * item always give the same number, whichever year's file asks. */
static uint64_t hash4(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = mix3(seed ^ 0x5851F42D4C957F2Dull, a, b) ^ (c * 0x9E3779B97F4A7C15ull);
    return splitmix(&x);
}
static int hrange(uint64_t h, int lo, int hi)
{
    return lo + (int)(((h >> 32) * (uint64_t)(uint32_t)(hi - lo + 1)) >> 32);
}
/* Draw number `part` of several from one hash: each part mixed on its own, so that the
 * draws are independent of one another. */
static int hpart(uint64_t h, uint64_t part, int lo, int hi)
{
    uint64_t x = h ^ (part * 0x9E3779B97F4A7C15ull);
    return hrange(splitmix(&x), lo, hi);
}

/* ---- code tables ------------------------------------------------------------------ */

#define NEVER ((day_t)0x7fffffff) /* an end beyond every horizon: still open */

static const struct {
    const char *code, *group;
    int w; /* per 1000 children, England */
} ethnicities[] = {
    {"WBRI", "a) White", 690}, {"WIRI", "a) White", 3},    {"WIRT", "a) White", 2},
    {"WOTH", "a) White", 60},  {"WROM", "a) White", 5},    {"MWBC", "b) Mixed", 15},
    {"MWBA", "b) Mixed", 8},   {"MWAS", "b) Mixed", 15},   {"MOTH", "b) Mixed", 18},
    {"AIND", "c) Asian or Asian British", 25}, {"APKN", "c) Asian or Asian British", 35},
    {"ABAN", "c) Asian or Asian British", 13}, {"AOTH", "c) Asian or Asian British", 15},
    {"BCRB", "d) Black or black British", 8},  {"BAFR", "d) Black or black British", 35},
    {"BOTH", "d) Black or black British", 8},  {"CHNE", "e) Other ethnic group", 4},
    {"OOTH", "e) Other ethnic group", 18},     {"REFU", "f) Not stated", 3},
    {"NOBT", "f) Not stated", 10},
};
enum { ETH_AOTH = 12, ETH_BAFR = 14, ETH_OOTH = 17, ETH_WOTH = 3, ETH_AIND = 9 };

static const struct {
    int eth, w;
} uasc_eth[] = {{ETH_AOTH, 30}, {ETH_BAFR, 30}, {ETH_OOTH, 25}, {ETH_WOTH, 10}, {ETH_AIND, 5}};

/* Contact and referral sources: CIN census code, Annex A group, share of contacts. */
static const struct {
    const char *cin, *annex;
    int w;
} sources[] = {
    {"1A", "a) Individual", 40},        {"1B", "a) Individual", 10},
    {"1C", "a) Individual", 15},        {"1D", "a) Individual", 15},
    {"2A", "b) Schools", 180},          {"2B", "c) Education Services", 20},
    {"3A", "d) Health Services", 30},   {"3B", "d) Health Services", 25},
    {"3C", "d) Health Services", 15},   {"3D", "d) Health Services", 25},
    {"3E", "d) Health Services", 30},   {"3F", "d) Health Services", 15},
    {"4", "e) Housing", 20},            {"5A", "f) LA Services", 50},
    {"5B", "f) LA Services", 50},       {"5C", "f) LA Services", 20},
    {"6", "g) Police", 280},            {"7", "h) Other legal agency", 30},
    {"8", "i) Other", 80},              {"9", "j) Anonymous", 10},
    {"10", "k) Unknown", 40},
};
enum { SRC_5C = 15, SRC_POLICE = 16, SRC_LEGAL = 17 };

static const struct {
    const char *code;
    int w;
} needs[] = {{"N1", 560}, {"N2", 45}, {"N3", 40}, {"N4", 120}, {"N5", 130},
             {"N6", 40},  {"N7", 5},  {"N8", 30}, {"N9", 10},  {"N0", 20}};
enum { NEED_N8 = 7 };

static const struct {
    const char *code;
    int w;
} categories[] = {{"NEG", 500}, {"EMO", 350}, {"PHY", 70}, {"SAB", 40}, {"MUL", 40}};

/* Factors at assessment, each drawn on its own; "21" (none) only when nothing else is. */
static const struct {
    const char *code;
    int per1000;
} factors[] = {{"1B", 180}, {"2B", 200}, {"3A", 280}, {"3B", 330}, {"4A", 150},
               {"4B", 330}, {"5B", 60},  {"6B", 60},  {"10A", 40}, {"11A", 40},
               {"14A", 40}, {"15A", 60}, {"16A", 200}, {"17A", 180}, {"20", 60}};

static const struct {
    const char *code;
    int w;
} disabilities[] = {{"LD", 30}, {"AUT", 30}, {"BEH", 15}, {"COMM", 10}, {"MOB", 5},
                    {"HAND", 2}, {"VIS", 2}, {"HEAR", 2}, {"PC", 2},    {"DDA", 5}};

enum rc { RC_NONE, RC1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC_EH };
static const char *const rc_code[] = {"", "RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"};

/* SSDA903 codes */
enum { RNE_S, RNE_L, RNE_P, RNE_T, RNE_B, RNE_U };
static const char *const rne_code[] = {"S", "L", "P", "T", "B", "U"};
enum { LS_C1, LS_C2, LS_E1, LS_V2, LS_L1, LS_L2, LS_J1 };
static const char *const ls_code[] = {"C1", "C2", "E1", "V2", "L1", "L2", "J1"};
enum { PL_U1, PL_U2, PL_U3, PL_U4, PL_U5, PL_U6, PL_K1, PL_K2, PL_SA, PL_P1, PL_A5, PL_A6,
       PL_R1, PL_R3, PL_S1 };
/* PL_SA is registered supported accommodation: H5 until the 2024 return, K3 from 2025 */
static const char *const place_code[] = {"U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2",
                                         "K3", "P1", "A5", "A6", "R1", "R3", "S1"};
static const char *const prov_code[] = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"};
enum { REC_NONE, REC_X1, REC_E11, REC_E12, REC_E13, REC_E3, REC_E41, REC_E43, REC_E44,
       REC_E45, REC_E46, REC_E47, REC_E48, REC_E4A, REC_E4B, REC_E5, REC_E6, REC_E7,
       REC_E8, REC_E9, REC_E15, REC_E17 };
static const char *const rec_code[] = {"",    "X1",  "E11", "E12", "E13", "E3",  "E41", "E43",
                                       "E44", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5",
                                       "E6",  "E7",  "E8",  "E9",  "E15", "E17"};
static const struct {
    const char *code;
    int w;
} place_reasons[] = {{"CARPL", 400}, {"CLOSE", 30}, {"ALLEG", 20}, {"STAND", 30},
                     {"APPRR", 10},  {"CREQB", 150}, {"CREQO", 100}, {"CHILD", 80},
                     {"LAREQ", 60},  {"OTHER", 120}};
enum { RPC_NONE = 0, RPC_STATUS = 100 }; /* stored as index + 1; RPC_STATUS: "PLACE" */

/* Placement by age band at the time of the move. */
struct placew {
    int place, w;
};
static const struct placew place_u1[] = {{PL_U6, 55}, {PL_U3, 25}, {PL_U5, 10}, {PL_R3, 5}, {PL_U4, 5}};
static const struct placew place_1_4[] = {{PL_U6, 55}, {PL_U3, 25}, {PL_U4, 8}, {PL_U5, 5},
                                          {PL_U1, 5},  {PL_K2, 2}};
static const struct placew place_5_9[] = {{PL_U6, 45}, {PL_U3, 20}, {PL_U4, 20}, {PL_U1, 8},
                                          {PL_K2, 6},  {PL_S1, 1}};
static const struct placew place_10_15[] = {{PL_U6, 35}, {PL_U3, 12}, {PL_U4, 18}, {PL_U1, 6},
                                            {PL_K2, 24}, {PL_K1, 1},  {PL_R1, 1},  {PL_S1, 3}};
static const struct placew place_16_17[] = {{PL_U6, 20}, {PL_U3, 10}, {PL_U4, 12}, {PL_U1, 5},
                                            {PL_K2, 18}, {PL_SA, 35}};
static const struct placew place_uasc[] = {{PL_U6, 45}, {PL_K2, 15}, {PL_SA, 40}};
/* supported accommodation takes no one under 16 (rule 371) */
static const struct placew place_uasc_u16[] = {{PL_U6, 75}, {PL_U4, 10}, {PL_K2, 15}};

/* OC3 */
static const struct {
    const char *code;
    int w;
} activities[] = {{"F1", 60}, {"P1", 10}, {"F2", 280}, {"P2", 40}, {"F4", 50}, {"P4", 10},
                  {"F5", 120}, {"P5", 60}, {"G4", 70}, {"G5", 200}, {"G6", 50}};
static const struct {
    char letter;
    int w17, w18; /* weights at 17 (no Z, no T) and at 18 to 21 */
} accoms[] = {{'B', 25, 14}, {'C', 6, 2},  {'D', 35, 20}, {'E', 10, 7}, {'K', 3, 3},
              {'S', 1, 2},   {'T', 0, 4},  {'U', 10, 33}, {'V', 1, 1},  {'W', 1, 1},
              {'X', 3, 3},   {'Y', 5, 3},  {'Z', 0, 7}};

/* ---- rates (per 10,000 children aged 0-17, per year) ------------------------------ */

#define RATE_CASE 360.0     /* children whose first referral falls in the year */
#define RATE_CONTACT 610.0  /* children known only through contacts */
#define RATE_UASC 1.6       /* unaccompanied asylum-seeking children arriving */
#define RATE_LEGACY_CLA 26.0 /* entries to care before the case stream begins */
#define P_NFA 0.10
#define P_S47 0.35
#define P_ICPC 0.38
#define P_CPP 0.92
#define P_REREF 0.28        /* another referral within twelve months */
#define P_LATE_REREF 0.10   /* another referral later on */
#define P_CLA_FROM_CP 0.17
#define P_CLA_DIRECT 0.038
#define P_PREV_CPP 0.18     /* a plan before the authority's records began */
#define P_EXTRA_CONTACT 0.20

/* Years of history drawn before the first year written, so the first return already
 * has children carried over: CIN and CP run up to about three years; care runs to 18. */
#define WARM_CONTACT_Y 1
#define WARM_CASE_Y 4
#define WARM_LEGACY_Y 22
/* SSDA903 returns written before the first year: a care leaver of 21 left care at 16 at
 * the earliest, five years before */
#define HISTORY_903_Y 5

enum { ST_LEGACY = 1, ST_CASE = 2, ST_UASC = 3, ST_CONTACT = 4 };

/* ---- calendar: dates as text and working days, precomputed ------------------------ */

struct cal {
    day_t base;
    int n;
    char (*iso)[10];
    char (*uk)[10];
    int32_t *cum;   /* working days in [base, base + i] */
    day_t *wlist;   /* the k-th working day from base (0-based) */
    int nw;
};

static void cal_init(struct cal *c, day_t from, day_t to)
{
    c->base = from;
    c->n = (int)(to - from + 1);
    c->iso = xmalloc((size_t)c->n * sizeof *c->iso);
    c->uk = xmalloc((size_t)c->n * sizeof *c->uk);
    c->cum = xmalloc((size_t)c->n * sizeof *c->cum);
    c->wlist = xmalloc((size_t)c->n * sizeof *c->wlist);
    c->nw = 0;
    for (int i = 0; i < c->n; i++) {
        char tmp[11];
        date_format_iso(from + i, tmp);
        memcpy(c->iso[i], tmp, 10);
        date_format_uk(from + i, tmp);
        memcpy(c->uk[i], tmp, 10);
        if (date_is_working_day(from + i))
            c->wlist[c->nw++] = from + i;
        c->cum[i] = c->nw;
    }
}

static void cal_free(struct cal *c)
{
    free(c->iso);
    free(c->uk);
    free(c->cum);
    free(c->wlist);
}

/* date_add_working_days from the table; the library function outside it. */
static day_t wd_add(const struct cal *c, day_t a, int n)
{
    if (n <= 0)
        return a;
    long i = (long)a - c->base;
    if (i >= 0 && i < c->n) {
        long k = (long)c->cum[i] + n - 1;
        if (k < c->nw)
            return c->wlist[k];
    }
    return date_add_working_days(a, n);
}

/* The day itself when it is a working day, else the next one. */
static day_t wd_on_or_after(const struct cal *c, day_t a)
{
    long i = (long)a - c->base;
    if (i >= 0 && i < c->n) {
        long k = i > 0 ? c->cum[i - 1] : 0;
        if (k < c->nw)
            return c->wlist[k];
    }
    while (!date_is_working_day(a))
        a++;
    return a;
}

/* ---- output: one big buffer per file, written with fwrite ------------------------- */

#define OUT_CAP (512u * 1024u)

struct out {
    FILE *f;
    char *buf;
    size_t len;
    long long rows, bytes;
    int err; /* errno of the first failed write */
    char path[1024];
};

static void out_flush(struct out *o)
{
    if (o->len && o->f && !o->err && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->err = errno ? errno : EIO;
    o->bytes += (long long)o->len;
    o->len = 0;
}

static inline void out_mem(struct out *o, const char *p, size_t n)
{
    if (o->len + n > OUT_CAP)
        out_flush(o);
    memcpy(o->buf + o->len, p, n); /* n is at most a line, far below OUT_CAP */
    o->len += n;
}
/* lit must be a string literal ("" lit refuses anything else), so sizeof is its length */
#define OUT(o, lit) out_mem((o), "" lit, sizeof(lit) - 1)

static inline void out_str(struct out *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

static inline void out_c(struct out *o, char ch)
{
    if (o->len + 1 > OUT_CAP)
        out_flush(o);
    o->buf[o->len++] = ch;
}

static void out_uint(struct out *o, unsigned v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_mem(o, tmp + sizeof tmp - n, (size_t)n);
}

static void out_date(struct out *o, const struct cal *c, day_t d, bool iso)
{
    long i = (long)d - c->base;
    if (i >= 0 && i < c->n) {
        out_mem(o, iso ? c->iso[i] : c->uk[i], 10);
    } else {
        char tmp[11];
        (iso ? date_format_iso : date_format_uk)(d, tmp);
        out_str(o, tmp);
    }
}

/* ---- the child -------------------------------------------------------------------- */

enum { MAX_EPS = 12, MAX_CONTACTS = 24, MAX_LA = 48, MAX_CARE = 4, MAX_MISS = 40, MAX_CPREV = 8 };

struct assess {
    day_t start, auth;
    uint16_t factors; /* bits into factors[]; 0 = "21", none identified */
};
struct s47 {
    day_t start, icpc; /* icpc NEVER when none is held */
    bool icpc_needed;
};
struct cpp {
    day_t start, end;
    uint8_t cat0, cat1, prev, nrev;
    day_t rev[MAX_CPREV];
};
struct span {
    day_t start, end;
};
struct episode {
    day_t ref, close;
    uint8_t src, need, reason;
    bool nfa;
    uint8_t n_as, n_s47, n_cinp, n_cpp;
    struct assess as[2];
    struct s47 s47;
    struct span cinp[2];
    struct cpp cpp;
};
struct laep {
    day_t decom, dec;
    uint8_t rne, ls, place, prov, rec, rpc;
    uint8_t pl; /* the placement (carer, home) within the child's life: postcode and URN */
};
enum route { R_HOME, R_ADOPT, R_SGO, R_AGE18, R_OTHER };
struct care {
    day_t start, end;
    int ep0, nep;
    uint8_t route, cin;
    day_t decision, decision_ceased, match; /* adoption; DAY_NONE when none */
    uint8_t dec_reason, foster_care, nb_adoptr, sex_adoptr, ls_adoptr;
};
struct miss {
    day_t start, end;
    char kind;
};
struct child {
    uint32_t num;
    char id[12];
    size_t idlen;
    day_t dob, bday18, mc_dob; /* mc_dob: a girl's own child's birth, DAY_NONE if none */
    uint8_t sex, eth, disab;   /* sex 0 male 1 female; disab 0 none else index + 1 */
    uint8_t n_pl;              /* placements drawn so far (laep.pl) */
    bool uasc;
    char upn[14];
    uint8_t prev_cpp;
    day_t leaver; /* left care at 16 or over: a care leaver from this date; else DAY_NONE */
    int n_con, n_eps, n_la, n_care, n_miss;
    struct {
        day_t date;
        uint8_t src;
    } con[MAX_CONTACTS];
    struct episode eps[MAX_EPS];
    struct laep la[MAX_LA];
    struct care care[MAX_CARE];
    struct miss miss[MAX_MISS];
};

/* ---- the files of one collection year --------------------------------------------- */

enum { F_CIN, F_HEADER, F_EPISODES, F_REVIEWS, F_MISSING, F_OC3, F_AD1, F_PLACED, F_UASC,
       F_OC2, F_PREV, F_CONTACTS, F__N };
static const char *const file_name[F__N] = {
    NULL, "ssda903/header.csv", "ssda903/episodes.csv", "ssda903/reviews.csv",
    "ssda903/missing.csv", "ssda903/oc3.csv", "ssda903/ad1.csv",
    "ssda903/placed_adoption.csv", "ssda903/uasc.csv", "ssda903/oc2.csv",
    "ssda903/prev_perm.csv", "annex_a_list_1_contacts.csv"};
static const char *const file_header[F__N] = {
    NULL,
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n",
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
    "PL_POST,URN\n",
    "CHILD,DOB,REVIEW,REVIEW_CODE\n",
    "CHILD,DOB,MISSING,MIS_START,MIS_END\n",
    "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n",
    "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n",
    "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n",
    "CHILD,DOB,SEX,DUC\n",
    "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
    "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n",
    "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n",
    "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,"
    "Contact Source\n"};

struct year {
    int y;
    bool history; /* an SSDA903 return from before the first year asked for: no CIN, no contacts */
    day_t ys, ye; /* 1 April of the year before, 31 March */
    struct out f[F__N];
    long long cin_children;
};

struct gen {
    bool touched; /* the current child has a row somewhere */
    const struct synth_params *p;
    struct cal cal;
    char lea[4];
    day_t horizon; /* nothing is drawn after this: later dates are never written */
    int nyears;
    struct year *years;
    struct synth_stats st;
};

static inline void row_done(struct gen *g, struct out *o)
{
    o->rows++;
    g->touched = true;
}

/* ---- drawing a life ---------------------------------------------------------------- */

static void id_of(struct child *c)
{
    char tmp[12];
    int n = 0;
    uint32_t v = c->num;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(c->id, tmp + sizeof tmp - n, (size_t)n);
    c->id[n] = '\0';
    c->idlen = (size_t)n;
}

char synth_upn_check_letter(const char *twelve)
{
    static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    int sum = 0;
    for (int i = 0; i < 12; i++) {
        if (twelve[i] < '0' || twelve[i] > '9')
            return 0;
        sum += (twelve[i] - '0') * (i + 2);
    }
    return letters[sum % 23];
}

/* A UPN unique to the child: LA code, then nine digits that are the child's number
 * scrambled by a bijection mod 10^9 (3^19 is prime to 10). */
static void upn_of(const struct gen *g, struct child *c)
{
    uint64_t v = ((uint64_t)c->num * 1162261467ull) % 1000000000ull;
    char *u = c->upn;
    memcpy(u + 1, g->lea, 3);
    for (int i = 12; i >= 4; i--) {
        u[i] = (char)('0' + v % 10);
        v /= 10;
    }
    u[0] = synth_upn_check_letter(u + 1);
    u[13] = '\0';
}

static void child_init(const struct gen *g, struct child *c, struct rng *r, uint32_t num,
                       day_t dob)
{
    c->num = num;
    id_of(c);
    c->dob = dob;
    c->bday18 = date_add_years(dob, 18);
    c->sex = rp(r, 0.51) ? 0 : 1;
    c->eth = (uint8_t)PICK(r, ethnicities);
    c->disab = rp(r, 0.9) ? 0 : (uint8_t)(PICK(r, disabilities) + 1);
    c->uasc = false;
    c->prev_cpp = 0;
    c->leaver = DAY_NONE;
    c->mc_dob = DAY_NONE;
    c->n_con = c->n_eps = c->n_la = c->n_care = c->n_miss = 0;
    c->n_pl = 0;
    upn_of(g, c);
}

static void add_contact(struct child *c, day_t d, int src)
{
    if (c->n_con < MAX_CONTACTS && d >= c->dob) {
        c->con[c->n_con].date = d;
        c->con[c->n_con].src = (uint8_t)src;
        c->n_con++;
    }
}

static int age_on(const struct child *c, day_t d)
{
    return date_age(c->dob, d);
}

static int place_for_age(struct rng *r, int age, bool uasc)
{
    if (uasc && age < 16)
        return place_uasc_u16[PICK(r, place_uasc_u16)].place;
    if (uasc)
        return place_uasc[PICK(r, place_uasc)].place;
    if (age < 1)
        return place_u1[PICK(r, place_u1)].place;
    if (age < 5)
        return place_1_4[PICK(r, place_1_4)].place;
    if (age < 10)
        return place_5_9[PICK(r, place_5_9)].place;
    if (age < 16)
        return place_10_15[PICK(r, place_10_15)].place;
    return place_16_17[PICK(r, place_16_17)].place;
}

static int provider_for(struct rng *r, int place)
{
    int x = rr(r, 0, 99);
    switch (place) {
    case PL_U1: case PL_U2: case PL_U3: return x < 90 ? 1 : 2;
    case PL_U4: case PL_U5: case PL_U6: return x < 55 ? 1 : x < 95 ? 4 : 5;
    case PL_K1: return x < 50 ? 1 : 2;
    case PL_K2: return x < 75 ? 4 : x < 90 ? 1 : 5;
    case PL_SA: return x < 60 ? 4 : x < 85 ? 5 : 1;
    case PL_P1: return 0;
    case PL_A5: case PL_A6: return x < 60 ? 1 : x < 90 ? 2 : 5;
    case PL_R1: return 3;
    case PL_R3: return 4;
    default: return 5;
    }
}

/* A change within a period of care: legal status, placement, or both on one day. */
struct ev {
    day_t d;
    int8_t ls;    /* new legal status, or -1 */
    int8_t place; /* new placement, or -1 */
    bool same_carer;
    uint8_t rpc;  /* why the placement before it ended */
};

static void ev_add(struct ev *evs, int *n, int cap, day_t d, int ls, int place, bool same,
                   int rpc)
{
    if (*n >= cap)
        return;
    evs[*n] = (struct ev){d, (int8_t)ls, (int8_t)place, same, (uint8_t)rpc};
    (*n)++;
}

/* Days to the next event of a process with this mean gap. Uniform rather than
 * exponential: integer draws give the same files on every libm. */
static day_t gap_days(struct rng *r, int mean)
{
    return (day_t)rr(r, 1, 2 * mean - 1 > 1 ? 2 * mean - 1 : 1);
}

static int rpc_draw(struct rng *r)
{
    return PICK(r, place_reasons) + 1;
}

static int rec_sgo(struct rng *r, day_t end)
{
    int cy = date_year_to_march(end);
    int x = rr(r, 0, 99);
    if (cy <= 2018) /* E43/E44 until the 2018 return; E45-E48 from 2019 */
        return x < 60 ? REC_E43 : REC_E44;
    return x < 20 ? REC_E45 : x < 30 ? REC_E46 : x < 90 ? REC_E47 : REC_E48;
}

enum entry { EN_CP, EN_DIRECT, EN_UASC, EN_LEGACY };

/* One period of care from `start`. Returns it, or NULL when the child has no room left
 * (start too near 18, or the arrays are full). */
static struct care *gen_care(struct gen *g, struct child *c, struct rng *r, day_t start,
                             enum entry how)
{
    if (c->n_care >= MAX_CARE || c->n_la + 4 > MAX_LA || start + 14 >= c->bday18)
        return NULL;
    struct care *k = &c->care[c->n_care];
    memset(k, 0, sizeof *k);
    k->start = start;
    k->ep0 = c->n_la;
    int age = age_on(c, start);
    day_t bday16 = date_add_years(c->dob, 16);

    /* route out of care, by age at entry */
    int route, x = rr(r, 0, 99);
    if (how == EN_UASC)
        route = x < 75 ? R_AGE18 : R_OTHER;
    /* adoption is for the youngest: most are adopted before they are five */
    else if (age < 1)
        route = x < 70 ? R_ADOPT : x < 80 ? R_SGO : x < 96 ? R_HOME : x < 98 ? R_AGE18 : R_OTHER;
    else if (age < 3) {
        int adopt = age < 2 ? 55 : 30;
        route = x < adopt ? R_ADOPT : x < 65 ? R_SGO : x < 92 ? R_HOME : x < 96 ? R_AGE18 : R_OTHER;
    } else if (age < 5)
        route = x < 3 ? R_ADOPT : x < 35 ? R_SGO : x < 82 ? R_HOME : x < 91 ? R_AGE18 : R_OTHER;
    else if (age < 10)
        route = x < 2 ? R_ADOPT : x < 20 ? R_SGO : x < 56 ? R_HOME : x < 86 ? R_AGE18 : R_OTHER;
    else if (age < 16)
        route = x < 7 ? R_SGO : x < 42 ? R_HOME : x < 85 ? R_AGE18 : R_OTHER;
    else
        route = x < 25 ? R_HOME : x < 85 ? R_AGE18 : R_OTHER;

    day_t end;
    switch (route) {
    case R_HOME: {
        int b = rr(r, 0, 99);
        end = start + (b < 30 ? rr(r, 14, 90) : b < 65 ? rr(r, 91, 365) : b < 90 ? rr(r, 366, 730)
                                                                              : rr(r, 731, 1460));
        break;
    }
    case R_SGO: end = start + rr(r, 270, 1300); break;
    case R_OTHER: end = start + rr(r, 30, 1000); break;
    default: end = c->bday18; break; /* adoption is timed below */
    }

    struct ev evs[40];
    int ne = 0;
    int ls0;
    day_t adopt_placed = NEVER; /* placed with the adopters: no move after it */
    x = rr(r, 0, 99);
    if (how == EN_UASC)
        ls0 = LS_V2;
    else if (route == R_ADOPT)
        ls0 = x < 90 ? LS_C1 : LS_V2;
    else if (route == R_SGO)
        ls0 = x < 70 ? LS_C1 : LS_V2;
    else if (route == R_HOME)
        ls0 = x < 58 ? LS_V2 : x < 95 ? LS_C1 : LS_L2;
    else
        ls0 = (x < 5 && age >= 12) ? LS_J1 : x < 55 ? LS_V2 : LS_C1;

    if (route == R_ADOPT) {
        k->decision = start + rr(r, 60, 300);
        day_t po = k->decision + rr(r, 30, 150);
        if (rp(r, 0.10)) {
            /* the plan for adoption is given up; special guardianship instead */
            k->decision_ceased = k->decision + rr(r, 90, 300);
            int why = rr(r, 0, 99);
            k->dec_reason = (uint8_t)(why < 30 ? 2 : why < 60 ? 1 : why < 85 ? 3 : 4);
            if (k->dec_reason != 2 && po < k->decision_ceased) {
                ev_add(evs, &ne, 40, po, LS_E1, -1, false, 0);
                /* the placement order is revoked with the plan: a care order again (553) */
                ev_add(evs, &ne, 40, k->decision_ceased, LS_C2, -1, false, 0);
            }
            route = R_SGO;
            end = k->decision_ceased + rr(r, 60, 400);
        } else {
            day_t placed = po + rr(r, 30, 240);
            adopt_placed = placed;
            k->match = placed - rr(r, 7, 60);
            if (k->match < k->decision)
                k->match = k->decision;
            end = placed + rr(r, 90, 400);
            bool with_carers = rp(r, 0.25);
            k->foster_care = with_carers;
            ev_add(evs, &ne, 40, po, LS_E1, -1, false, 0);
            ev_add(evs, &ne, 40, placed, -1, with_carers ? PL_A5 : PL_A6, with_carers,
                   with_carers ? RPC_STATUS : 1);
            int nb = rp(r, 0.8) ? 2 : 1;
            k->nb_adoptr = (uint8_t)nb;
            if (nb == 1) {
                k->sex_adoptr = rp(r, 0.85) ? 1 : 0; /* F1 : M1 */
                k->ls_adoptr = 0;                    /* L0 single */
            } else {
                int s = rr(r, 0, 99);
                k->sex_adoptr = (uint8_t)(s < 88 ? 4 : s < 94 ? 3 : 2); /* MF FF MM */
                int l = rr(r, 0, 99);
                k->ls_adoptr = (uint8_t)(s < 88 ? (l < 75 ? 1 : 4) : (l < 40 ? 2 : l < 70 ? 3 : 5));
            }
        }
    }
    if (end >= c->bday18) {
        route = R_AGE18;
        end = c->bday18;
    }
    k->route = (uint8_t)route;
    k->end = end;

    /* legal status over time */
    if (ls0 == LS_L2)
        ev_add(evs, &ne, 40, start + rr(r, 2, 8), LS_C1, -1, false, 0);
    if ((ls0 == LS_C1 || ls0 == LS_L2) && route != R_ADOPT && rp(r, 0.8))
        ev_add(evs, &ne, 40, start + rr(r, 150, 330), LS_C2, -1, false, 0);
    if (ls0 == LS_J1)
        ev_add(evs, &ne, 40, start + rr(r, 20, 120), LS_V2, -1, false, 0);

    /* moves: about one in the first two years, fewer later */
    for (day_t d = start + gap_days(r, 660); d < end && d < g->horizon; d += gap_days(r, 1200)) {
        int pl = place_for_age(r, age_on(c, d), how == EN_UASC);
        ev_add(evs, &ne, 40, d, -1, pl, false, rpc_draw(r));
    }
    /* long-term fostering agreed with the same carers */
    if (rp(r, 0.25) && end - start > 400)
        ev_add(evs, &ne, 40, start + rr(r, 200, 400), -1, -2, true, RPC_STATUS);
    /* moving on to supported accommodation after 16 */
    if (bday16 < end && rp(r, 0.45)) {
        day_t d = (bday16 > start ? bday16 : start) + rr(r, 1, 200);
        ev_add(evs, &ne, 40, d, -1, PL_SA, false, RPC_STATUS);
    }
    /* placed back with parents before going home */
    if ((route == R_HOME || route == R_OTHER) && ls0 != LS_V2 && end - start > 200 && rp(r, 0.6))
        ev_add(evs, &ne, 40, end - rr(r, 60, (int)(end - start) * 2 / 3), -1, PL_P1, false, 1);

    /* sort by day; drop what falls outside the period; merge same-day changes */
    for (int i = 1; i < ne; i++)
        for (int j = i; j > 0 && evs[j].d < evs[j - 1].d; j--) {
            struct ev tmp = evs[j];
            evs[j] = evs[j - 1];
            evs[j - 1] = tmp;
        }

    int cin = PICK(r, needs);
    if (cin > 7)
        cin = 0; /* SSDA903 CIN is N1-N8 */
    if (how == EN_UASC)
        cin = NEED_N8;
    k->cin = (uint8_t)cin;

    struct laep *cur = &c->la[c->n_la++];
    memset(cur, 0, sizeof *cur);
    cur->decom = start;
    cur->rne = RNE_S;
    cur->ls = (uint8_t)ls0;
    cur->place = (uint8_t)place_for_age(r, age, how == EN_UASC);
    if (route == R_ADOPT && age < 1 && rp(r, 0.3))
        cur->place = PL_U5; /* fostering for adoption */
    cur->prov = (uint8_t)provider_for(r, cur->place);
    cur->pl = ++c->n_pl;
    for (int i = 0; i < ne; i++) {
        struct ev *e = &evs[i];
        if (e->d <= cur->decom || e->d >= end)
            continue;
        int nls = e->ls, npl = e->place;
        bool same = e->same_carer;
        uint8_t rpc = e->rpc;
        /* a child placed for adoption stays with the adopters until the order (rule 390) */
        if (e->d > adopt_placed && npl != -1)
            npl = -1;
        if (npl == -2) { /* short-term to long-term with the same carers */
            npl = cur->place == PL_U6 ? PL_U4 : cur->place == PL_U3 ? PL_U1 : -1;
            same = true;
        }
        while (i + 1 < ne && evs[i + 1].d == e->d) { /* same day: one episode */
            i++;
            if (evs[i].ls >= 0)
                nls = evs[i].ls;
            if (evs[i].place >= 0) {
                npl = evs[i].place;
                same = evs[i].same_carer;
                rpc = evs[i].rpc;
            }
        }
        /* placed with the carers who foster the child (A5) only from foster care; from
         * anywhere else it is a placement with new adopters (rule 336) */
        if (npl == PL_A5 && same && cur->place > PL_U6) {
            npl = PL_A6, same = false, rpc = 1;
            k->foster_care = 0;
        }
        /* no placement with parents under voluntary accommodation (rule 378) */
        if (npl == PL_P1 && (nls >= 0 ? nls : cur->ls) == LS_V2)
            npl = -1;
        if (nls == cur->ls)
            nls = -1;
        if (npl == cur->place && !same)
            npl = -1;
        if (npl >= 0 && npl == cur->place && same)
            npl = -1;
        if (nls < 0 && npl < 0)
            continue;
        if (c->n_la >= MAX_LA)
            break;
        cur->dec = e->d;
        cur->rec = REC_X1;
        cur->rpc = npl >= 0 ? rpc : RPC_NONE;
        struct laep *nx = &c->la[c->n_la++];
        *nx = *cur;
        nx->decom = e->d;
        nx->dec = DAY_NONE;
        nx->rec = REC_NONE;
        nx->rpc = RPC_NONE;
        if (nls >= 0)
            nx->ls = (uint8_t)nls;
        if (npl >= 0) {
            nx->place = (uint8_t)npl;
            if (!same) {
                nx->prov = (uint8_t)provider_for(r, npl);
                nx->pl = ++c->n_pl;
            }
        }
        nx->rne = (uint8_t)(nls >= 0 && npl >= 0 ? (same ? RNE_U : RNE_B)
                            : nls >= 0         ? RNE_L
                            : same             ? RNE_T
                                               : RNE_P);
        cur = nx;
    }
    cur->dec = end;
    x = rr(r, 0, 99);
    switch (route) {
    case R_HOME: cur->rec = x < 75 ? REC_E4A : REC_E4B; break;
    case R_ADOPT: cur->rec = x < 85 ? REC_E11 : REC_E12; break;
    case R_SGO:
        cur->rec = (uint8_t)rec_sgo(r, end);
        /* E45/E46 are orders to former foster carers: the child must be fostered (rule 516) */
        if ((cur->rec == REC_E45 || cur->rec == REC_E46) && cur->place > PL_U6)
            cur->rec = cur->rec == REC_E45 ? REC_E47 : REC_E48;
        break;
    case R_AGE18: cur->rec = x < 20 ? REC_E17 : x < 65 ? REC_E5 : x < 75 ? REC_E6 : x < 90 ? REC_E8 : REC_E13; break;
    default:
        if (how == EN_UASC)
            cur->rec = x < 60 ? REC_E3 : x < 80 ? REC_E15 : REC_E8;
        else if (x < 30)
            cur->rec = REC_E13;
        else if (x < 45)
            cur->rec = REC_E3;
        else if (x < 65)
            cur->rec = REC_E41;
        else if (x < 72 && age >= 12)
            cur->rec = REC_E9;
        else if (x < 75 && end >= bday16)
            cur->rec = REC_E7;
        else
            cur->rec = REC_E8;
        break;
    }
    k->nep = c->n_la - k->ep0;

    /* missing from care: a minority of older children, several times a year */
    day_t bday11 = date_add_years(c->dob, 11);
    day_t from = start > bday11 ? start : bday11;
    day_t to = end < g->horizon ? end : g->horizon;
    if (from < to && rp(r, 0.24)) {
        int mean_gap = 365 / rr(r, 1, 8);
        day_t last_end = from;
        for (day_t s = from + gap_days(r, mean_gap); s < to && c->n_miss < MAX_MISS;
             s += gap_days(r, mean_gap)) {
            if (s <= last_end)
                continue;
            day_t e = s + (rp(r, 0.6) ? rr(r, 0, 1) : rr(r, 2, 6));
            if (e >= to)
                e = s;
            c->miss[c->n_miss++] = (struct miss){s, e, rp(r, 0.8) ? 'M' : 'A'};
            last_end = e;
        }
    }

    /* a care leaver: left at 16 or over, after 13 weeks, and not to another authority */
    if (end >= bday16 && end - start >= 91 && cur->rec != REC_E3 && route != R_ADOPT &&
        route != R_SGO)
        c->leaver = end;
    c->n_care++;
    return k;
}

static int closure_for_rec(int rec)
{
    switch (rec) {
    case REC_E11: case REC_E12: return RC1;
    case REC_E43: case REC_E44: case REC_E45: case REC_E46: case REC_E47: case REC_E48: return RC4;
    case REC_E41: return RC3;
    case REC_E3: return RC5;
    case REC_E7: return RC6;
    default: return RC7;
    }
}

static uint16_t draw_factors(struct rng *r)
{
    uint16_t f = 0;
    for (size_t i = 0; i < NELEM(factors); i++)
        if (rr(r, 0, 999) < factors[i].per1000)
            f |= (uint16_t)(1u << i);
    return f;
}

/* Assessment length in working days: most within the 45-day limit. */
static int assess_days(struct rng *r)
{
    return rp(r, 0.85) ? rr(r, 8, 45) : rr(r, 46, 90);
}

/* The child's life in services from a first referral at t, until nothing more happens
 * before the horizon. `how` says how the child comes in: the general front door, as an
 * unaccompanied asylum seeker, or straight into care in the years before the case stream. */
static void gen_life(struct gen *g, struct child *c, struct rng *r, day_t t, enum entry how)
{
    const struct cal *cal = &g->cal;
    c->prev_cpp = (how != EN_UASC && rp(r, P_PREV_CPP)) ? 1 : 0;
    int n_plans = 0;
    day_t ref = t;
    while (c->n_eps < MAX_EPS && ref <= g->horizon && ref < c->bday18) {
        struct episode *ep = &c->eps[c->n_eps++];
        memset(ep, 0, sizeof *ep);
        if (how != EN_LEGACY && !date_is_working_day(ref) && rp(r, 0.75))
            ref = wd_on_or_after(cal, ref);
        if (ref >= c->bday18) {
            c->n_eps--;
            break;
        }
        ep->ref = ref;
        if (how == EN_UASC)
            ep->src = (uint8_t)(rp(r, 0.5) ? SRC_LEGAL : rp(r, 0.6) ? SRC_POLICE : SRC_5C);
        else
            ep->src = (uint8_t)PICK(r, sources);
        ep->need = (uint8_t)(how == EN_UASC ? NEED_N8 : PICK(r, needs));
        /* the contact that became this referral, the same day or just before */
        {
            int back = rp(r, 0.7) ? 0 : rp(r, 0.66) ? 1 : rr(r, 2, 5);
            day_t cd = ref - back;
            if (c->n_eps > 1 && cd <= c->eps[c->n_eps - 2].close)
                cd = ref;
            add_contact(c, cd < c->dob ? ref : cd, ep->src);
        }

        bool force_care = how == EN_UASC || how == EN_LEGACY;
        if (!force_care && rp(r, P_NFA)) {
            ep->nfa = true;
            ep->close = ref; /* decided the same day, so no NFA straddles a year end */
            ep->reason = RC7;
        } else {
            struct assess *a = &ep->as[ep->n_as++];
            a->start = wd_add(cal, ref, rr(r, 0, 2) == 2 ? 1 : 0);
            a->auth = wd_add(cal, a->start, assess_days(r));
            a->factors = draw_factors(r);
            day_t care_start = DAY_NONE;
            enum entry care_how = how;
            day_t busy_until = a->auth; /* nothing closes before this */
            bool cp = false;
            if (!force_care && rp(r, P_S47)) {
                ep->n_s47 = 1;
                ep->s47.start = wd_add(cal, ref, rr(r, 0, 5));
                ep->s47.icpc = NEVER;
                if (rp(r, P_ICPC)) {
                    ep->s47.icpc_needed = true;
                    int days = rp(r, 0.8) ? rr(r, 5, 15) : rr(r, 16, 30);
                    ep->s47.icpc = wd_add(cal, ep->s47.start, days);
                    if (ep->s47.icpc > busy_until)
                        busy_until = ep->s47.icpc;
                    cp = rp(r, P_CPP);
                }
            }
            if (cp) {
                struct cpp *p = &ep->cpp;
                ep->n_cpp = 1;
                p->start = ep->s47.icpc;
                p->cat0 = (uint8_t)PICK(r, categories);
                p->cat1 = rp(r, 0.85) ? p->cat0 : (uint8_t)PICK(r, categories);
                p->prev = (uint8_t)(c->prev_cpp + n_plans);
                n_plans++;
                /* the plan ends at a review conference: 3 months, then every 6 */
                int x = rr(r, 0, 99);
                int nrev = x < 33 ? 1 : x < 68 ? 2 : x < 85 ? 3 : x < 94 ? 4 : x < 98 ? 5 : 6;
                day_t due = date_add_months(p->start, 3), prev_rev = p->start;
                for (int i = 0; i < nrev && i < MAX_CPREV; i++) {
                    day_t d = rp(r, 0.93) ? due - rr(r, 0, 14) : due + rr(r, 1, 20);
                    d = wd_on_or_after(cal, d);
                    if (d <= prev_rev)
                        d = wd_add(cal, prev_rev, 1);
                    p->rev[p->nrev++] = d;
                    prev_rev = d;
                    due = date_add_months(d, 6);
                }
                p->end = p->rev[p->nrev - 1];
                if (rp(r, P_CLA_FROM_CP)) {
                    /* the child comes into care while on the plan, which then ends */
                    day_t cs = p->start + rr(r, 7, (int)(p->end - p->start) - 1);
                    if (cs < c->bday18 - 30) {
                        care_start = cs;
                        care_how = EN_CP;
                        p->end = cs;
                        while (p->nrev && p->rev[p->nrev - 1] > cs)
                            p->nrev--;
                    }
                }
                if (p->end > busy_until)
                    busy_until = p->end;
            } else if (force_care || rp(r, P_CLA_DIRECT)) {
                day_t cs = ref + (how == EN_UASC ? rr(r, 0, 2) : how == EN_LEGACY ? rr(r, 0, 30) : rr(r, 0, 40));
                if (cs < c->bday18 - 30) {
                    care_start = cs;
                    care_how = how == EN_CP ? EN_DIRECT : how;
                }
            }

            if (care_start != DAY_NONE) {
                struct care *k = gen_care(g, c, r, care_start, care_how);
                if (k) {
                    day_t last_dec = c->la[k->ep0 + k->nep - 1].dec;
                    int rc = closure_for_rec(c->la[k->ep0 + k->nep - 1].rec);
                    day_t close = last_dec + (rc == RC7 && k->route != R_AGE18 ? rr(r, 14, 120) : 0);
                    if (close < busy_until)
                        close = busy_until;
                    ep->close = close;
                    ep->reason = (uint8_t)rc;
                    if (c->leaver || k->route == R_ADOPT || k->route == R_SGO ||
                        k->route == R_AGE18 || how != EN_CP)
                        break; /* no more referrals in this model after these */
                    goto next;
                }
            }
            if (cp) {
                /* step down to a child in need plan, then close */
                day_t s = ep->cpp.end + 1;
                day_t e = s + rr(r, 60, 240);
                ep->cinp[ep->n_cinp++] = (struct span){s, e};
                ep->close = e;
                ep->reason = RC7;
            } else if (ep->n_s47 == 0 && rp(r, 0.45)) {
                ep->close = busy_until + rr(r, 0, 10);
                /* closed the same return as the assessment, which it must show */
                if (date_year_to_march(ep->close) != date_year_to_march(busy_until))
                    ep->close = busy_until;
                ep->reason = rp(r, 0.4) ? RC_EH : RC8; /* RC9 only exists from 2023 */
            } else {
                day_t s = busy_until + rr(r, 0, 5);
                day_t e = s + rr(r, 90, 330);
                ep->cinp[ep->n_cinp++] = (struct span){s, e};
                if (rp(r, 0.25) && e - s > 200) {
                    struct assess *b = &ep->as[ep->n_as++];
                    b->start = wd_on_or_after(cal, s + rr(r, 60, 150));
                    b->auth = wd_add(cal, b->start, rr(r, 10, 40));
                    b->factors = draw_factors(r);
                    if (b->auth >= e)
                        e = b->auth + rr(r, 1, 30);
                    ep->cinp[0].end = e;
                }
                ep->close = e;
                ep->reason = RC7;
            }
        }
    next:
        /* an assessment that found nothing ("21") is followed by closure (RC8, RC9); a case
         * that went on to a plan, an enquiry or care found something (rule 8873Q queries the
         * rest). Chosen from the child's number, so the random stream is unchanged. */
        if (!ep->nfa && ep->n_as == 1 && ep->as[0].factors == 0 && ep->reason != RC8 &&
            ep->reason != RC_EH)
            ep->as[0].factors = (uint16_t)(1u << (c->num % NELEM(factors)));
        /* a police notification or a school's worry while the case is open */
        if (ep->close > ref + 7 && rp(r, P_EXTRA_CONTACT)) {
            int span = (int)(ep->close - ref) < 300 ? (int)(ep->close - ref) : 300;
            day_t d = ref + rr(r, 1, span);
            if (d < c->bday18)
                add_contact(c, d, PICK(r, sources));
        }
        if (how == EN_LEGACY || how == EN_UASC)
            break;
        double u = runif(r);
        day_t nref;
        if (u < P_REREF)
            nref = ref + rr(r, 20, 364);
        else if (u < P_REREF + P_LATE_REREF)
            nref = ref + rr(r, 366, 1200);
        else
            break;
        if (nref <= ep->close)
            nref = ep->close + rr(r, 1, 30);
        ref = nref;
    }
    /* a girl who has a baby of her own while looked after */
    if (c->sex == 1 && c->n_care && rp(r, 0.03)) {
        day_t b14 = date_add_years(c->dob, 14);
        if (b14 < c->bday18)
            c->mc_dob = b14 + rr(r, 0, (int)(c->bday18 - b14) - 1);
    }
}

/* ---- writing --------------------------------------------------------------------- */

static void csv_id_dob(struct out *o, const struct gen *g, const struct child *c)
{
    out_mem(o, c->id, c->idlen);
    out_c(o, ',');
    out_date(o, &g->cal, c->dob, false);
    out_c(o, ',');
}

static bool in_year(const struct year *y, day_t d)
{
    return d >= y->ys && d <= y->ye;
}

static void write_contacts(struct gen *g, struct year *y, const struct child *c)
{
    struct out *o = &y->f[F_CONTACTS];
    for (int i = 0; i < c->n_con; i++) {
        day_t d = c->con[i].date;
        if (!in_year(y, d))
            continue;
        out_mem(o, c->id, c->idlen);
        if (c->sex == 0)
            OUT(o, ",a) Male,");
        else
            OUT(o, ",b) Female,");
        out_str(o, ethnicities[c->eth].group);
        out_c(o, ',');
        out_date(o, &g->cal, c->dob, false);
        out_c(o, ',');
        out_uint(o, (unsigned)age_on(c, d));
        out_c(o, ',');
        out_date(o, &g->cal, d, false);
        out_c(o, ',');
        out_str(o, sources[c->con[i].src].annex);
        out_c(o, '\n');
        row_done(g, o);
        g->st.contacts++;
    }
}

static bool episode_in_year(const struct episode *ep, const struct year *y)
{
    return ep->ref <= y->ye && ep->close >= y->ys;
}

#define X(o, lit) OUT(o, lit)

static void xml_date(struct out *o, const struct gen *g, const char *open, size_t no,
                     const char *close, size_t nc, day_t d)
{
    out_mem(o, open, no);
    out_date(o, &g->cal, d, true);
    out_mem(o, close, nc);
}
#define XD(o, g, tag, indent, d) \
    xml_date((o), (g), indent "<" tag ">", sizeof(indent "<" tag ">") - 1, "</" tag ">\n", \
             sizeof("</" tag ">\n") - 1, (d))

static void write_cin(struct gen *g, struct year *y, const struct child *c)
{
    int first = -1;
    for (int i = 0; i < c->n_eps; i++)
        if (episode_in_year(&c->eps[i], y)) {
            first = i;
            break;
        }
    if (first < 0)
        return;
    struct out *o = &y->f[F_CIN];
    day_t ys = y->ys, ye = y->ye;
    X(o, "    <Child>\n      <ChildIdentifiers>\n        <LAchildID>");
    out_mem(o, c->id, c->idlen);
    X(o, "</LAchildID>\n");
    if (c->uasc) {
        X(o, "        <UPNunknown>UN2</UPNunknown>\n");
    } else if (age_on(c, ye) >= 5) {
        X(o, "        <UPN>");
        out_mem(o, c->upn, 13);
        X(o, "</UPN>\n");
    } else {
        X(o, "        <UPNunknown>UN1</UPNunknown>\n");
    }
    XD(o, g, "PersonBirthDate", "        ", c->dob);
    if (y->y <= 2024) {
        if (c->sex == 0)
            X(o, "        <GenderCurrent>1</GenderCurrent>\n");
        else
            X(o, "        <GenderCurrent>2</GenderCurrent>\n");
    } else {
        if (c->sex == 0)
            X(o, "        <Sex>M</Sex>\n");
        else
            X(o, "        <Sex>F</Sex>\n");
    }
    X(o, "      </ChildIdentifiers>\n      <ChildCharacteristics>\n        <Ethnicity>");
    out_str(o, ethnicities[c->eth].code);
    X(o, "</Ethnicity>\n        <Disabilities>\n          <Disability>");
    out_str(o, c->disab ? disabilities[c->disab - 1].code : "NONE");
    X(o, "</Disability>\n");
    /* a third of disabled children have a second disability, and the census records every
     * one (rule 2888Q queries a return where no child has two); chosen from the child's
     * number, so the random stream and everything else stay as they were */
    if (c->disab && c->num % 3 == 0) {
        size_t second = (c->disab + c->num / 3) % NELEM(disabilities);
        if (second != (size_t)(c->disab - 1)) {
            X(o, "          <Disability>");
            out_str(o, disabilities[second].code);
            X(o, "</Disability>\n");
        }
    }
    X(o, "        </Disabilities>\n      </ChildCharacteristics>\n");
    for (int i = first; i < c->n_eps; i++) {
        const struct episode *ep = &c->eps[i];
        if (!episode_in_year(ep, y))
            continue;
        g->st.referrals++;
        row_done(g, o);
        X(o, "      <CINdetails>\n");
        XD(o, g, "CINreferralDate", "        ", ep->ref);
        X(o, "        <ReferralSource>");
        out_str(o, sources[ep->src].cin);
        X(o, "</ReferralSource>\n");
        if (!ep->nfa) {
            X(o, "        <PrimaryNeedCode>");
            out_str(o, needs[ep->need].code);
            X(o, "</PrimaryNeedCode>\n");
        }
        if (ep->close <= ye) {
            XD(o, g, "CINclosureDate", "        ", ep->close);
            X(o, "        <ReasonForClosure>");
            int rc = ep->reason;
            if (rc == RC_EH && y->y < 2023)
                rc = RC8;
            out_str(o, rc_code[rc]);
            X(o, "</ReasonForClosure>\n");
        }
        /* the census holds what was open in the year or finished in it */
        for (int k = 0; k < ep->n_as; k++) {
            const struct assess *a = &ep->as[k];
            bool done = a->auth <= ye;
            if (a->start > ye || (done && a->auth < ys))
                continue;
            X(o, "        <Assessments>\n");
            XD(o, g, "AssessmentActualStartDate", "          ", a->start);
            if (done) {
                XD(o, g, "AssessmentAuthorisationDate", "          ", a->auth);
                X(o, "          <FactorsIdentifiedAtAssessment>\n");
                if (!a->factors)
                    X(o, "            <AssessmentFactors>21</AssessmentFactors>\n");
                for (size_t f = 0; f < NELEM(factors); f++)
                    if (a->factors & (1u << f)) {
                        X(o, "            <AssessmentFactors>");
                        out_str(o, factors[f].code);
                        X(o, "</AssessmentFactors>\n");
                    }
                X(o, "          </FactorsIdentifiedAtAssessment>\n");
            }
            X(o, "        </Assessments>\n");
        }
        if (y->y >= 2022)
            for (int k = 0; k < ep->n_cinp; k++) {
                const struct span *p = &ep->cinp[k];
                if (p->start > ye || p->end < ys)
                    continue;
                X(o, "        <CINPlanDates>\n");
                XD(o, g, "CINPlanStartDate", "          ", p->start);
                if (p->end <= ye)
                    XD(o, g, "CINPlanEndDate", "          ", p->end);
                X(o, "        </CINPlanDates>\n");
            }
        if (ep->n_s47) {
            const struct s47 *s = &ep->s47;
            bool held = s->icpc_needed && s->icpc <= ye;
            bool show = held ? s->icpc >= ys : in_year(y, s->start);
            if (show) {
                X(o, "        <Section47>\n");
                XD(o, g, "S47ActualStartDate", "          ", s->start);
                if (s->icpc_needed) {
                    XD(o, g, "InitialCPCtarget", "          ", wd_add(&g->cal, s->start, 15));
                    if (held)
                        XD(o, g, "DateOfInitialCPC", "          ", s->icpc);
                    X(o, "          <ICPCnotRequired>0</ICPCnotRequired>\n");
                } else {
                    X(o, "          <ICPCnotRequired>1</ICPCnotRequired>\n");
                }
                X(o, "        </Section47>\n");
            }
        }
        if (ep->nfa)
            X(o, "        <ReferralNFA>1</ReferralNFA>\n");
        else
            X(o, "        <ReferralNFA>0</ReferralNFA>\n");
        if (ep->n_cpp) {
            const struct cpp *p = &ep->cpp;
            if (p->start <= ye && p->end >= ys) {
                X(o, "        <ChildProtectionPlans>\n");
                XD(o, g, "CPPstartDate", "          ", p->start);
                if (p->end <= ye)
                    XD(o, g, "CPPendDate", "          ", p->end);
                X(o, "          <InitialCategoryOfAbuse>");
                out_str(o, categories[p->cat0].code);
                X(o, "</InitialCategoryOfAbuse>\n          <LatestCategoryOfAbuse>");
                out_str(o, categories[p->cat1].code);
                X(o, "</LatestCategoryOfAbuse>\n          <NumberOfPreviousCPP>");
                out_uint(o, p->prev);
                X(o, "</NumberOfPreviousCPP>\n");
                bool any = false;
                for (int k = 0; k < p->nrev; k++) {
                    if (!in_year(y, p->rev[k]))
                        continue;
                    if (!any)
                        X(o, "          <Reviews>\n");
                    any = true;
                    XD(o, g, "CPPreviewDate", "            ", p->rev[k]);
                }
                if (any)
                    X(o, "          </Reviews>\n");
                X(o, "        </ChildProtectionPlans>\n");
            }
        }
        X(o, "      </CINdetails>\n");
    }
    X(o, "    </Child>\n");
    y->cin_children++;
}

static bool care_in_year(const struct care *k, const struct year *y)
{
    return k->start <= y->ye && k->end >= y->ys;
}

static void out_sex(struct out *o, const struct year *y, const struct child *c)
{
    if (y->y <= 2024)
        out_c(o, c->sex == 0 ? '1' : '2');
    else
        out_c(o, c->sex == 0 ? 'M' : 'F');
}

/* Looked-after reviews of one period: 20 working days, 3 months, then 6-monthly; the
 * jitter comes from a hash so each year's file sees the same dates. */
static void write_reviews(struct gen *g, struct year *y, const struct child *c, int ci)
{
    const struct care *k = &c->care[ci];
    struct out *o = &y->f[F_REVIEWS];
    day_t d = DAY_NONE;
    for (int n = 0; n < 40; n++) {
        uint64_t item = (uint64_t)ci * 64 + (uint64_t)n;
        uint64_t h = hash4(g->p->seed, c->num, item, 1);
        uint64_t h2 = hash4(g->p->seed, c->num, item, 2);
        bool late = hrange(h, 0, 99) < 7;
        if (n == 0)
            d = wd_add(&g->cal, k->start, late ? hrange(h2, 21, 35) : hrange(h2, 12, 20));
        else {
            day_t due = date_add_months(d, n == 1 ? 3 : 6);
            d = late ? due + hrange(h2, 1, 25) : due - hrange(h2, 0, 20);
            d = wd_on_or_after(&g->cal, d);
        }
        if (d >= k->end || d > y->ye)
            break;
        if (d < y->ys)
            continue;
        csv_id_dob(o, g, c);
        out_date(o, &g->cal, d, false);
        int age = age_on(c, d);
        int x = hrange(hash4(g->p->seed, c->num, item, 3), 0, 99);
        const char *code = age < 4 ? "PN0"
                           : x < 62 ? "PN1"
                           : x < 72 ? "PN2"
                           : x < 77 ? "PN3"
                           : x < 82 ? "PN4"
                           : x < 88 ? "PN5"
                           : x < 95 ? "PN6"
                                    : "PN7";
        out_c(o, ',');
        out_str(o, code);
        out_c(o, '\n');
        row_done(g, o);
    }
}

/* The birthday (17 to 21) that puts a care leaver in the year's OC3, or 0: the 17th only
 * counts for those who had left before it. */
static int oc3_age(const struct year *y, const struct child *c)
{
    if (!c->leaver)
        return 0;
    for (int k = 17; k <= 21; k++) {
        day_t b = date_add_years(c->dob, k);
        if (in_year(y, b) && !(k == 17 && c->leaver >= b))
            return k;
    }
    return 0;
}

/* OC3 activity: F3 and P3 (training or employment) until the 2021 return; from 2022 they
 * are split into F4/P4 (training) and F5/P5 (employment). */
static const char *activity_of_year(const char *code, int year)
{
    if (year >= 2022)
        return code;
    if (!strcmp(code, "F4") || !strcmp(code, "F5"))
        return "F3";
    if (!strcmp(code, "P4") || !strcmp(code, "P5"))
        return "P3";
    return code;
}

/* OC3 rows: care leavers whose 17th to 21st birthday falls in the year. */
static void write_oc3(struct gen *g, struct year *y, const struct child *c)
{
    int k = oc3_age(y, c);
    if (k) {
        struct out *o = &y->f[F_OC3];
        uint64_t h = hash4(g->p->seed, c->num, 1000, (uint64_t)k);
        int t = hrange(h, 0, 999);
        csv_id_dob(o, g, c);
        if (t >= 900) {
            out_str(o, t < 960 ? "NO,0,0\n" : "REFU,0,0\n");
        } else {
            OUT(o, "YES,");
            struct rng r;
            rng_seed(&r, h, 7, 7);
            out_str(o, activity_of_year(activities[PICK(&r, activities)].code, y->y));
            out_c(o, ',');
            int total = 0;
            for (size_t i = 0; i < NELEM(accoms); i++)
                total += k == 17 ? accoms[i].w17 : accoms[i].w18;
            int x = rr(&r, 0, total - 1);
            size_t i = 0;
            for (; i < NELEM(accoms) - 1; i++) {
                int w = k == 17 ? accoms[i].w17 : accoms[i].w18;
                if (x < w)
                    break;
                x -= w;
            }
            /* one who left care at 18 staying put (E17) lives with those carers, as most
             * still do up to 21: with former foster carers (Z) */
            bool stayed_put = c->n_la > 0 && c->la[c->n_la - 1].rec == REC_E17;
            if (stayed_put && k >= 18 && rp(&r, k <= 19 ? 0.9 : 0.6))
                i = NELEM(accoms) - 1;
            out_c(o, accoms[i].letter);
            /* homeless (S) and in custody (X) are never suitable (rule 133) */
            bool suitable = rp(&r, 0.88) && accoms[i].letter != 'S' && accoms[i].letter != 'X';
            out_c(o, suitable ? '1' : '2');
            out_c(o, '\n');
        }
        row_done(g, o);
    }
}

/* ---- addresses: postcodes and Ofsted URNs, from hashes so that every year's file gives a
 * placement the same address ---------------------------------------------------------- */

static const char pc_letters[] = "ABDEFGHJLNPQRSTUWXYZ"; /* the letters an inward code uses */
/* Outward codes of placements outside the authority: Kent, London, the South East. */
static const char *const pc_away[] = {"DA1",  "DA12", "TN9", "TN23", "CT1", "CT9", "SE9", "SE18",
                                      "BR1",  "RH10", "CM1", "SS1",  "MK9", "B15", "NR3", "BN1"};

/* Real postcode sectors (model/postcode.h's shipped directory), so that the distance and
 * area the DfE derives from them, and the rules on them (392a, 392c, 164, 169, 179, 1015),
 * see addresses that exist: Medway's own for the authority, those of pc_away's outward
 * codes for placements away. Made once, under a lock: several threads may write a return. */
static struct {
    pthread_once_t once;
    int *home, n_home, *away, n_away;
} sectors = {.once = PTHREAD_ONCE_INIT};

static void sectors_init(void)
{
    sectors.home = xcalloc((size_t)hearth_n_postcode_sectors, sizeof *sectors.home);
    sectors.away = xcalloc((size_t)hearth_n_postcode_sectors, sizeof *sectors.away);
    for (int i = 0; i < hearth_n_postcode_sectors; i++) {
        const char *sec = hearth_postcode_sectors[i].sector;
        size_t out = strcspn(sec, " ");
        if (!strcmp(hearth_postcode_sectors[i].la, "E06000035")) {
            sectors.home[sectors.n_home++] = i;
            continue;
        }
        for (size_t k = 0; k < NELEM(pc_away); k++)
            if (strlen(pc_away[k]) == out && !strncmp(sec, pc_away[k], out)) {
                sectors.away[sectors.n_away++] = i;
                break;
            }
    }
}

/* A full postcode from a hash: in the authority (Medway's sectors) unless away. */
static void postcode_of(uint64_t h, bool away, char out[9])
{
    pthread_once(&sectors.once, sectors_init);
    const int *list = away && sectors.n_away ? sectors.away : sectors.home;
    int n = away && sectors.n_away ? sectors.n_away : sectors.n_home;
    const char *sec = hearth_postcode_sectors[list[hpart(h, 0x4321, 0, n - 1)]].sector;
    snprintf(out, 9, "%s%c%c", sec, pc_letters[hpart(h, 0x9abc, 0, 19)], pc_letters[hpart(h, 0xdef0, 0, 19)]);
}

/* The child's home (the parents' address): none for an unaccompanied asylum seeker. */
static void home_post(const struct gen *g, const struct child *c, char out[9])
{
    if (c->uasc)
        out[0] = '\0';
    else
        postcode_of(hash4(g->p->seed, c->num, 2000, 0), false, out);
}

/* Where the placement is: the home itself when placed with parents; otherwise a third of
 * the children not in the council's own provision are placed outside the authority. Never
 * the home's postcode (rule 392d). */
static void place_post(const struct gen *g, const struct child *c, const struct laep *e,
                       const char *home, char out[9])
{
    if (e->place == PL_P1 && *home) {
        memcpy(out, home, 9);
        return;
    }
    uint64_t h = hash4(g->p->seed, c->num, 2001, e->pl);
    /* the council's own provision (PR1) is in its own area (rule 1015) */
    postcode_of(h, e->prov != 1 && hpart(h, 1, 0, 99) < 33, out);
    if (!strcmp(out, home)) {
        char *last = out + strlen(out) - 1;
        *last = *last == 'A' ? 'B' : 'A';
    }
}

/* Ofsted's unique reference number of the provider: the authority's own fostering service,
 * one of the agencies, homes and schools it uses. Placed with parents (P1) and residential
 * care homes (R1, registered by the CQC) have none (rules 218, 222). */
static void urn_of(const struct gen *g, const struct child *c, const struct laep *e, char out[12])
{
    int kind, pool;
    switch (e->place) {
    case PL_P1: case PL_R1: out[0] = '\0'; return;
    case PL_U1: case PL_U2: case PL_U3: case PL_U4: case PL_U5: case PL_U6:
        kind = e->prov == 1 ? 1 : e->prov == 2 ? 2 : 3;
        pool = e->prov == 1 ? 1 : e->prov == 2 ? 30 : 40;
        break;
    case PL_K1: case PL_K2: kind = 4, pool = 150; break;
    case PL_SA: kind = 5, pool = 60; break;
    case PL_A5: case PL_A6: kind = 6, pool = 12; break;
    case PL_R3: kind = 7, pool = 8; break;
    default: kind = 8, pool = 25; break; /* S1 */
    }
    int idx = hrange(hash4(g->p->seed, c->num, 2002, e->pl), 0, pool - 1);
    uint64_t lea = (uint64_t)atoi(g->lea);
    unsigned v = (unsigned)hrange(hash4(0x55524e, (uint64_t)kind, (uint64_t)idx, kind <= 2 ? lea : 0),
                                  1, 999999);
    if (kind == 5) /* supported accommodation, registered from 2023: seven-digit URNs */
        snprintf(out, 12, "%u", 2000000u + v);
    else
        snprintf(out, 12, "SC%06u", v);
}

/* OC2: a child looked after continuously for twelve months at 31 March (open then, in a
 * period of care begun by 1 April). Outcomes drawn from the year's hash: SDQ for ages 4-16
 * (and a score or the reason for none for those turning 4 or 17), convictions from 10,
 * the health check under 5, substance misuse and its intervention. */
static bool oc2_due(const struct year *y, const struct child *c)
{
    for (int i = 0; i < c->n_care; i++)
        if (c->care[i].start <= y->ys && c->care[i].end > y->ye)
            return true;
    return false;
}

static void out_flag(struct out *o, int v)
{
    if (v >= 0)
        out_c(o, (char)('0' + v));
    out_c(o, ',');
}

static void write_oc2(struct gen *g, struct year *y, const struct child *c)
{
    struct out *o = &y->f[F_OC2];
    struct rng r;
    rng_seed(&r, hash4(g->p->seed, c->num, 3000, (uint64_t)y->y), 9, 9);
    int a0 = age_on(c, y->ys), a1 = age_on(c, y->ye);
    csv_id_dob(o, g, c);
    bool edge = (a0 == 3 && a1 >= 4) || (a0 == 16 && a1 >= 17);
    if (a0 >= 4 && a1 < 17) {
        int score = rr(&r, 0, 14) + rr(&r, 0, 14) + (rp(&r, 0.1) ? rr(&r, 0, 12) : 0);
        out_uint(o, (unsigned)score);
        out_c(o, ',');
        out_c(o, ',');
    } else if (edge) {
        if (rp(&r, 0.65)) {
            out_uint(o, (unsigned)(rr(&r, 0, 14) + rr(&r, 0, 14)));
            OUT(o, ",,");
        } else {
            OUT(o, ",SDQ1,");
        }
    } else {
        OUT(o, ",,");
    }
    out_flag(o, a1 >= 10 ? rp(&r, 0.03) : -1);  /* CONVICTED */
    out_flag(o, a1 < 5 ? rp(&r, 0.88) : -1);    /* HEALTH_CHECK */
    out_flag(o, rp(&r, 0.86));                  /* IMMUNISATIONS */
    out_flag(o, rp(&r, 0.80));                  /* TEETH_CHECK */
    out_flag(o, rp(&r, 0.89));                  /* HEALTH_ASSESSMENT */
    int misuse = a1 >= 10 && rp(&r, 0.06);
    out_flag(o, misuse);                        /* SUBSTANCE_MISUSE */
    int received = misuse ? rp(&r, 0.55) : -1;
    out_flag(o, received);                      /* INTERVENTION_RECEIVED */
    if (misuse && !received)
        out_c(o, rp(&r, 0.6) ? '1' : '0');      /* INTERVENTION_OFFERED */
    out_c(o, '\n');
    row_done(g, o);
}

/* PrevPerm: asked of a child who started to be looked after in the year. Most had no
 * previous permanence; the rest an adoption, special guardianship or child arrangements
 * order, made here or elsewhere, before the child first came into care. One draw per
 * child, so every year's row says the same. */
static void write_prev_perm(struct gen *g, struct year *y, const struct child *c)
{
    struct out *o = &y->f[F_PREV];
    static const char *const las[] = {"886", "888", "208", "210", "212", "826", "935", "926"};
    uint64_t h = hash4(g->p->seed, c->num, 4000, 0);
    int x = hrange(h, 0, 999);
    day_t latest = c->care[0].start - 60, earliest = c->dob + 180;
    csv_id_dob(o, g, c);
    if (x >= 110 || latest <= earliest) {
        OUT(o, "Z1,,\n");
    } else {
        out_str(o, x < 25 ? "P1" : x < 75 ? "P2" : "P3");
        out_c(o, ',');
        int w = hpart(h, 0x77, 0, 99);
        out_str(o, w < 65 ? g->lea : las[w % (int)NELEM(las)]);
        out_c(o, ',');
        day_t d = earliest + (day_t)hpart(h, 0x99, 0, (int)(latest - earliest));
        char buf[12];
        date_format_uk(d, buf); /* DD/MM/YYYY */
        if (hpart(h, 0xaa, 0, 99) < 15)
            buf[0] = buf[1] = 'z'; /* the day is not known */
        out_mem(o, buf, 10);
        out_c(o, '\n');
    }
    row_done(g, o);
}

static void write_903(struct gen *g, struct year *y, const struct child *c)
{
    const struct cal *cal = &g->cal;
    bool looked_after = false;
    for (int i = 0; i < c->n_care; i++)
        if (care_in_year(&c->care[i], y))
            looked_after = true;
    /* The header holds every child of the return: looked after in the year, or a care
     * leaver in its OC3 */
    if (looked_after || oc3_age(y, c)) {
        struct out *o = &y->f[F_HEADER];
        out_mem(o, c->id, c->idlen);
        out_c(o, ',');
        out_sex(o, y, c);
        out_c(o, ',');
        out_date(o, cal, c->dob, false);
        out_c(o, ',');
        out_str(o, ethnicities[c->eth].code);
        out_c(o, ',');
        /* a UPN from the September the child is 4 by 31 August (starts school); before
         * that UN1 (rule 209) */
        if (c->uasc)
            OUT(o, "UN2");
        else if (age_on(c, date_from_ymd(y->y - 1, 8, 31)) >= 4)
            out_mem(o, c->upn, 13);
        else
            OUT(o, "UN1");
        /* MOTHER for every girl looked after (rules 165, 393, 607), never for a care
         * leaver not looked after in the year (rule 628) */
        if (c->sex == 1 && looked_after) {
            /* a child born by the end of the year, and while she was looked after (625) */
            day_t until = y->ye;
            for (int i = 0; i < c->n_care; i++)
                if (care_in_year(&c->care[i], y) && c->care[i].end <= y->ye)
                    until = c->care[i].end;
            for (int i = 0; i < c->n_care; i++)
                if (care_in_year(&c->care[i], y) && c->care[i].end > y->ye)
                    until = y->ye; /* still looked after at the end */
            if (c->mc_dob && c->mc_dob <= until && age_on(c, y->ye) >= 12) {
                OUT(o, ",1,");
                out_date(o, cal, c->mc_dob, false);
                out_c(o, '\n');
            } else {
                OUT(o, ",0,\n");
            }
        } else {
            OUT(o, ",,\n");
        }
        row_done(g, o);
    }
    if (looked_after) {
        struct out *o;
        char home[9], plp[9], urn[12];
        home_post(g, c, home);

        o = &y->f[F_EPISODES];
        for (int ci = 0; ci < c->n_care; ci++) {
            const struct care *k = &c->care[ci];
            if (!care_in_year(k, y))
                continue;
            for (int i = k->ep0; i < k->ep0 + k->nep; i++) {
                const struct laep *e = &c->la[i];
                if (e->decom > y->ye || e->dec < y->ys)
                    continue;
                out_mem(o, c->id, c->idlen);
                out_c(o, ',');
                out_date(o, cal, e->decom, false);
                out_c(o, ',');
                out_str(o, rne_code[e->rne]);
                out_c(o, ',');
                out_str(o, ls_code[e->ls]);
                out_c(o, ',');
                out_str(o, needs[k->cin].code);
                out_c(o, ',');
                if (e->place == PL_SA && y->y <= 2024)
                    OUT(o, "H5");
                else
                    out_str(o, place_code[e->place]);
                out_c(o, ',');
                out_str(o, prov_code[e->prov]);
                out_c(o, ',');
                place_post(g, c, e, home, plp);
                urn_of(g, c, e, urn);
                if (e->dec <= y->ye) {
                    out_date(o, cal, e->dec, false);
                    out_c(o, ',');
                    out_str(o, rec_code[e->rec]);
                    out_c(o, ',');
                    if (e->rpc == RPC_STATUS)
                        OUT(o, "PLACE");
                    else if (e->rpc)
                        out_str(o, place_reasons[e->rpc - 1].code);
                } else {
                    OUT(o, ",,");
                }
                out_c(o, ',');
                out_str(o, home);
                out_c(o, ',');
                out_str(o, plp);
                out_c(o, ',');
                out_str(o, urn);
                out_c(o, '\n');
                row_done(g, o);
                g->st.la_episodes++;
            }
            write_reviews(g, y, c, ci);
            if (k->decision && k->decision <= y->ye &&
                (!k->decision_ceased || k->decision_ceased >= y->ys)) {
                struct out *p = &y->f[F_PLACED];
                csv_id_dob(p, g, c);
                out_date(p, cal, k->decision, false);
                out_c(p, ',');
                if (k->decision_ceased && k->decision_ceased <= y->ye) {
                    out_date(p, cal, k->decision_ceased, false);
                    OUT(p, ",RD");
                    out_c(p, (char)('0' + k->dec_reason));
                }
                else
                    out_c(p, ',');
                out_c(p, '\n');
                row_done(g, p);
            }
            const struct laep *last = &c->la[k->ep0 + k->nep - 1];
            if ((last->rec == REC_E11 || last->rec == REC_E12) && in_year(y, k->end)) {
                static const char *const sex_ad[] = {"M1", "F1", "MM", "FF", "MF"};
                static const char *const ls_ad[] = {"L0", "L11", "L12", "L2", "L3", "L4"};
                struct out *p = &y->f[F_AD1];
                csv_id_dob(p, g, c);
                out_date(p, cal, k->decision, false);
                out_c(p, ',');
                out_date(p, cal, k->match, false);
                out_c(p, ',');
                out_c(p, k->foster_care ? '1' : '0');
                out_c(p, ',');
                out_uint(p, k->nb_adoptr);
                out_c(p, ',');
                out_str(p, sex_ad[k->sex_adoptr]);
                out_c(p, ',');
                out_str(p, ls_ad[k->ls_adoptr]);
                out_c(p, '\n');
                row_done(g, p);
            }
        }
        o = &y->f[F_MISSING];
        for (int i = 0; i < c->n_miss; i++) {
            const struct miss *m = &c->miss[i];
            /* a period still open at the end of last year is sent again with its end
             * (rule 576), so the record does not stay open */
            if (m->start > y->ye || m->end < y->ys)
                continue;
            csv_id_dob(o, g, c);
            out_c(o, m->kind);
            out_c(o, ',');
            out_date(o, cal, m->start, false);
            out_c(o, ',');
            if (m->end <= y->ye)
                out_date(o, cal, m->end, false);
            out_c(o, '\n');
            row_done(g, o);
        }
        if (c->uasc) {
            o = &y->f[F_UASC];
            csv_id_dob(o, g, c);
            out_sex(o, y, c);
            out_c(o, ',');
            if (c->bday18 <= y->ye)
                out_date(o, cal, c->bday18, false);
            out_c(o, '\n');
            row_done(g, o);
        }
        if (oc2_due(y, c))
            write_oc2(g, y, c);
        bool started = false;
        for (int i = 0; i < c->n_care; i++)
            started |= in_year(y, c->care[i].start);
        if (started)
            write_prev_perm(g, y, c);
    }
    write_oc3(g, y, c);
}

static void write_child(struct gen *g, const struct child *c)
{
    g->touched = false;
    for (int i = 0; i < g->nyears; i++) {
        struct year *y = &g->years[i];
        if (c->n_con && !y->history)
            write_contacts(g, y, c);
        if (c->n_eps && !y->history)
            write_cin(g, y, c);
        if (c->n_care || c->leaver)
            write_903(g, y, c);
    }
    if (g->touched)
        g->st.children++;
}

/* ---- the streams ------------------------------------------------------------------ */

/* Children of one stream arrive spread evenly over [from, to): the i-th in the i-th
 * slice, at a random point in it, so counts are exact and dates never bunch. */
static day_t arrival(struct rng *r, day_t from, day_t to, long long i, long long n)
{
    double w = (double)(to - from);
    return from + (day_t)(((double)i + runif(r)) * w / (double)n);
}

static long long stream_count(const struct gen *g, double rate, day_t from, day_t to)
{
    double years = (double)(to - from) / 365.25;
    return (long long)(rate * (double)g->p->population / 10000.0 * years + 0.5);
}

static day_t age_days_draw(struct rng *r, const int *cuts_w, int n)
{
    /* cuts_w: pairs of (upper bound in days, weight) */
    int total = 0;
    for (int i = 0; i < n; i++)
        total += cuts_w[2 * i + 1];
    int x = rr(r, 0, total - 1), lo = 1;
    for (int i = 0; i < n; i++) {
        if (x < cuts_w[2 * i + 1])
            return (day_t)rr(r, lo, cuts_w[2 * i] - 1);
        x -= cuts_w[2 * i + 1];
        lo = cuts_w[2 * i];
    }
    return (day_t)lo;
}

/* Ages at first referral and at entry to care (days; 6570 days is under 18 years). */
static const int ages_referral[] = {365, 12, 1826, 20, 3652, 25, 5844, 33, 6570, 10};
static const int ages_care[] = {365, 18, 1826, 14, 3652, 17, 5844, 38, 6480, 13};

static void run_stream(struct gen *g, struct child *c, int stream, double rate, day_t from,
                       day_t to)
{
    long long n = stream_count(g, rate, from, to);
    for (long long i = 0; i < n; i++) {
        struct rng r;
        rng_seed(&r, g->p->seed, (uint64_t)stream, (uint64_t)i);
        day_t t = arrival(&r, from, to, i, n);
        uint32_t num = (uint32_t)stream * 100000000u + (uint32_t)i + 1;
        switch (stream) {
        case ST_CONTACT: {
            day_t age = (day_t)rr(&r, 1, 6570 - 181);
            child_init(g, c, &r, num, t - age);
            int k = rp(&r, 0.72) ? 1 : rp(&r, 0.7) ? 2 : 3;
            day_t d = t;
            for (int j = 0; j < k; j++) {
                add_contact(c, d, PICK(&r, sources));
                d += rr(&r, 14, 90);
            }
            break;
        }
        case ST_CASE: {
            day_t age = age_days_draw(&r, ages_referral, 5);
            child_init(g, c, &r, num, t - age);
            gen_life(g, c, &r, t, EN_CP);
            break;
        }
        case ST_UASC: {
            day_t age = (day_t)rr(&r, 14 * 365 + 4, 6570 - 60);
            child_init(g, c, &r, num, t - age);
            c->uasc = true;
            c->sex = rp(&r, 0.92) ? 0 : 1;
            c->eth = (uint8_t)uasc_eth[PICK(&r, uasc_eth)].eth;
            gen_life(g, c, &r, t, EN_UASC);
            break;
        }
        case ST_LEGACY: {
            day_t age = age_days_draw(&r, ages_care, 5);
            child_init(g, c, &r, num, t - age);
            day_t ref = t - (rp(&r, 0.6) ? 0 : rr(&r, 1, 60));
            if (ref < c->dob)
                ref = c->dob;
            gen_life(g, c, &r, ref, EN_LEGACY);
            break;
        }
        }
        write_child(g, c);
    }
}

/* ---- files ---------------------------------------------------------------------- */

static int mkdir_p(const char *path, struct err *e)
{
    char tmp[1024];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof tmp)
        return err_set(e, HE_USAGE, "output folder name '%s' is empty or too long", path);
    memcpy(tmp, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char save = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return err_set(e, HE_INTERNAL, "cannot create folder %s: %s", tmp,
                               strerror(errno));
            tmp[i] = save;
        }
    }
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return err_set(e, HE_INTERNAL, "%s is not a folder", path);
    return HE_OK;
}

static int open_year(struct gen *g, struct year *y, const char *outdir, struct err *e)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/%d/ssda903", outdir, y->y);
    int rc = mkdir_p(dir, e);
    if (rc != HE_OK)
        return rc;
    for (int f = 0; f < F__N; f++) {
        struct out *o = &y->f[f];
        if (y->history && (f == F_CIN || f == F_CONTACTS))
            continue;
        if (f == F_CIN)
            snprintf(o->path, sizeof o->path, "%s/%d/cin_census_%d.xml", outdir, y->y, y->y);
        else
            snprintf(o->path, sizeof o->path, "%s/%d/%s", outdir, y->y, file_name[f]);
        o->f = fopen(o->path, "wb");
        if (!o->f)
            return err_set(e, HE_INTERNAL, "cannot write %s: %s", o->path, strerror(errno));
        setvbuf(o->f, NULL, _IONBF, 0); /* our own buffer is the only one */
        o->buf = xmalloc(OUT_CAP);
        if (f != F_CIN) {
            out_str(o, file_header[f]);
            continue;
        }
        OUT(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n"
               "    <CollectionDetails>\n      <Collection>CIN</Collection>\n      <Year>");
        out_uint(o, (unsigned)y->y);
        OUT(o, "</Year>\n");
        XD(o, g, "ReferenceDate", "      ", y->ye);
        OUT(o, "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
               "      <LEA>");
        out_str(o, g->lea);
        OUT(o, "</LEA>\n      <SoftwareCode>hearth synthetic authority</SoftwareCode>\n"
               "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n      <DateTime>");
        out_date(o, &g->cal, y->ye + 1, true); /* fixed, not the clock: files must repeat */
        OUT(o, "T09:00:00</DateTime>\n    </Source>\n  </Header>\n  <Children>\n");
    }
    return HE_OK;
}

static int close_year(struct gen *g, struct year *y, struct err *e)
{
    int rc = HE_OK;
    if (y->f[F_CIN].buf)
        OUT(&y->f[F_CIN], "  </Children>\n</Message>\n");
    for (int f = 0; f < F__N; f++) {
        struct out *o = &y->f[f];
        if (!o->f)
            continue;
        out_flush(o);
        if (fclose(o->f) != 0 && !o->err)
            o->err = errno ? errno : EIO;
        o->f = NULL;
        if (o->err && rc == HE_OK)
            rc = err_set(e, HE_INTERNAL, "cannot write %s: %s", o->path, strerror(o->err));
        g->st.files++;
        g->st.bytes += o->bytes;
        g->st.rows += o->rows;
        free(o->buf);
        o->buf = NULL;
    }
    return rc;
}

int synth_first_903_year(const struct synth_params *p)
{
    return p->first_year - HISTORY_903_Y < 2017 ? 2017 : p->first_year - HISTORY_903_Y;
}

void synth_params_default(struct synth_params *p)
{
    memset(p, 0, sizeof *p);
    p->population = 64000;
    p->first_year = 2024;
    p->last_year = 2026;
    p->seed = 1;
    p->lea = NULL;
}

int synth_write_stats(const struct synth_params *p, const char *outdir, struct synth_stats *stats,
                      struct err *e)
{
    err_clear(e);
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (p->population < 1000 || p->population > 20000000)
        return err_set(e, HE_USAGE,
                       "population %lld is out of range: give the number of children aged "
                       "0-17, from 1,000 to 20,000,000",
                       p->population);
    if (p->first_year < 2017 || p->last_year > 2026 || p->first_year > p->last_year)
        return err_set(e, HE_USAGE,
                       "collection years %d to %d are out of range: the CIN census schemas "
                       "cover 2017 to 2026",
                       p->first_year, p->last_year);
    const char *lea = p->lea ? p->lea : "887";
    if (strlen(lea) != 3 || lea[0] < '0' || lea[0] > '9' || lea[1] < '0' || lea[1] > '9' ||
        lea[2] < '0' || lea[2] > '9')
        return err_set(e, HE_USAGE, "LA code '%s' is not three digits", lea);

    struct gen g;
    memset(&g, 0, sizeof g);
    g.p = p;
    memcpy(g.lea, lea, 4);
    day_t y0 = date_from_ymd(p->first_year - 1, 4, 1);
    day_t t1 = date_from_ymd(p->last_year, 3, 31);
    g.horizon = t1 + 400;
    cal_init(&g.cal, date_from_ymd(p->first_year - 1 - WARM_LEGACY_Y - 19, 1, 1),
             date_from_ymd(p->last_year + 4, 12, 31));
    /* SSDA903 returns of the years before the first one asked for, back to when the
     * oldest care leavers of the first year left care: the authority's own history of
     * their care, without which their OC3 rows would stand alone (rules 1001, 1002) */
    int first903 = synth_first_903_year(p);
    g.nyears = p->last_year - first903 + 1;
    g.years = xcalloc((size_t)g.nyears, sizeof *g.years);
    int rc = HE_OK;
    rc = mkdir_p(outdir, e);
    for (int i = 0; rc == HE_OK && i < g.nyears; i++) {
        struct year *y = &g.years[i];
        y->y = first903 + i;
        y->history = y->y < p->first_year;
        y->ys = date_from_ymd(y->y - 1, 4, 1);
        y->ye = date_from_ymd(y->y, 3, 31);
        rc = open_year(&g, y, outdir, e);
    }
    if (rc == HE_OK) {
        struct child *c = xmalloc(sizeof *c);
        day_t case0 = date_add_years(y0, -WARM_CASE_Y);
        run_stream(&g, c, ST_LEGACY, RATE_LEGACY_CLA, date_add_years(y0, -WARM_LEGACY_Y),
                   case0 + 183);
        run_stream(&g, c, ST_CASE, RATE_CASE, case0, t1 + 1);
        run_stream(&g, c, ST_UASC, RATE_UASC, case0, t1 + 1);
        run_stream(&g, c, ST_CONTACT, RATE_CONTACT, date_add_years(y0, -WARM_CONTACT_Y), t1 + 1);
        free(c);
    }
    for (int i = 0; i < g.nyears; i++) {
        struct err e2;
        err_clear(&e2);
        if (rc == HE_OK && !g.years[i].history && g.years[i].cin_children == 0)
            rc = err_set(e, HE_USAGE,
                         "the population is too small: no child was in need in %d, and a CIN "
                         "census needs one",
                         g.years[i].y);
        int rc2 = close_year(&g, &g.years[i], &e2);
        if (rc == HE_OK && rc2 != HE_OK) {
            rc = rc2;
            *e = e2;
        }
    }
    if (stats)
        *stats = g.st;
    free(g.years);
    cal_free(&g.cal);
    return rc;
}

int synth_write(const struct synth_params *p, const char *outdir, struct err *e)
{
    return synth_write_stats(p, outdir, NULL, e);
}

void synth_draw_child(struct rng *r, const char **ethnicity, const char **disability)
{
    *ethnicity = ethnicities[PICK(r, ethnicities)].code;
    *disability = rp(r, 0.9) ? "NONE" : disabilities[PICK(r, disabilities)].code;
}
