/* Every CIN census rule hearth checks, one child at a time: for each rule a child that
 * passes (test_<code>_pass) and one that breaks it (test_<code>_fail), both from the base
 * child of cin_builder.h changed in the one respect the rule is about. CIN_RULES lists the
 * codes; test_every_rule_tested fails when a rule is registered without tests here. The
 * whole-return rules (duplicate UPNs, shares of the return) are in test_cin_return.c. */
#include "cin_builder.h"

#define T(name) static void test_##name(void **state)

/* ---- ChildIdentifiers, ChildCharacteristics, Disabilities ---- */

T(1510_pass) { kid(); QUIET(1510); }
T(1510_fail) { kid(); char *u = (char *)K.person.upn; u[0] = u[0] == 'A' ? 'B' : 'A'; FIRES_AT(1510, 0); }
T(1530_pass) { kid(); K.person.upn = upn_make("94212345678A"); QUIET(1530); QUIET(1510); }
T(1530_fail) { kid(); K.person.upn = upn_make("99912345678A"); FIRES_AT(1530, 0); QUIET(1510); }
T(1540_pass) { kid(); QUIET(1540); }
T(1540_fail) { kid(); K.person.upn = "A201X23456781"; FIRES(1540); }
T(1550_pass) { kid(); K.person.upn = upn_make("20112345678Z"); QUIET(1550); QUIET(1510); }
T(1550_fail) { kid(); char *u = (char *)K.person.upn; u[12] = 'I'; FIRES(1550); }
T(1560Q_pass) { kid(); K.person.former_upn = upn_make("20199999999T"); QUIET(1560Q); }
T(1560Q_fail) { kid(); K.person.former_upn = "X12"; FIRES(1560Q); }
T(1570_pass) { kid(); K.person.la_child_id = "ABCDEFGHIJ0123456789"; QUIET(1570); }
T(1570_fail) { kid(); K.person.la_child_id = "ABCDEFGHIJ01234567890"; FIRES(1570); }
T(1580_pass) { kid(); K.person.la_child_id = "Abc123"; QUIET(1580); }
T(1580_fail) { kid(); K.person.la_child_id = "ABC-123"; FIRES(1580); }
T(4180_pass) { kid(); K.person.sex = "U"; QUIET(4180); }
T(4180_fail) { kid(); K.person.sex = NULL; FIRES(4180); kid(); K.person.sex = "1"; FIRES(4180); }
T(4220_pass) { kid(); K.person.ethnicity = "NOBT"; QUIET(4220); }
T(4220_fail) { kid(); K.person.ethnicity = "WXYZ"; FIRES(4220); kid(); K.person.ethnicity = NULL; FIRES(4220); }
T(8500_pass) { kid(); QUIET(8500); }
T(8500_fail) { kid(); K.person.la_child_id = NULL; FIRES(8500); }
T(8520_pass) { kid(); K.person.dob = D(2026, 3, 31); QUIET(8520); }
T(8520_fail) { kid(); K.person.dob = D(2026, 4, 1); FIRES(8520); }
T(8525Q_pass) { kid(); QUIET(8525Q); }
T(8525Q_fail)
{
    kid(); K.person.expected_dob = D(2026, 5, 1); FIRES(8525Q);
    kid(); K.person.dob = NONE; FIRES(8525Q);
}
static void unborn(day_t expected)
{
    K.person.dob = NONE;
    K.person.expected_dob = expected;
    K.person.sex = "U";
    K.person.upn = NULL;
    K.person.disabilities = NULL;
}
T(8530Q_pass) { kid(); unborn(D(2026, 3, 1)); QUIET(8530Q); kid(); unborn(D(2026, 12, 31)); QUIET(8530Q); }
T(8530Q_fail) { kid(); unborn(D(2026, 2, 28)); FIRES(8530Q); kid(); unborn(D(2027, 1, 1)); FIRES(8530Q); }
T(8535Q_pass) { kid(); K.person.death_date = D(2026, 1, 5); QUIET(8535Q); }
T(8535Q_fail)
{
    kid(); K.person.death_date = D(2015, 5, 1); FIRES(8535Q);
    kid(); unborn(D(2026, 6, 1)); K.person.death_date = D(2026, 1, 5); FIRES(8535Q);
}
T(8540_pass)
{
    kid(); K.person.disabilities = "MOB,HAND"; QUIET(8540);
    /* none needed: unborn, or no referral led to further action */
    kid(); unborn(D(2026, 6, 1)); QUIET(8540);
    kid(); K.person.disabilities = NULL; K.episodes[0].referral_nfa = 1; QUIET(8540);
}
T(8540_fail)
{
    kid(); K.person.disabilities = NULL; FIRES(8540);
    kid(); K.person.disabilities = "MOB,WINGS"; FIRES(8540);
}
T(8545Q_pass) { kid(); K.person.death_date = D(2025, 4, 1); QUIET(8545Q); }
T(8545Q_fail) { kid(); K.person.death_date = D(2025, 3, 31); FIRES(8545Q); }
T(8590_pass) { kid(); QUIET(8590); }
T(8590_fail)
{
    kid(); K.n_episodes = 0; FIRES(8590);
    /* an episode that closed before the year is not in the return */
    kid(); K.episodes[0].referral_date = D(2024, 6, 3); K.episodes[0].closure_date = D(2025, 3, 31);
    K.episodes[0].closure_reason = "RC1"; FIRES(8590);
}
T(8750_pass) { kid(); unborn(D(2026, 6, 1)); QUIET(8750); }
T(8750_fail) { kid(); unborn(D(2026, 6, 1)); K.person.sex = "F"; FIRES(8750); }
T(8770Q_pass)
{
    kid(); QUIET(8770Q);
    kid(); K.person.upn = NULL; K.person.upn_unknown = "UN2"; QUIET(8770Q);
    kid(); K.person.upn = NULL; K.person.dob = D(2020, 4, 1); QUIET(8770Q); /* under 6 */
}
T(8770Q_fail)
{
    kid(); K.person.upn = NULL; FIRES(8770Q);
    kid(); K.person.upn = NULL; K.person.upn_unknown = "UN1"; FIRES(8770Q);
}
T(8772_pass) { kid(); K.person.upn_unknown = "UN7"; K.person.upn = NULL; K.episodes[0].referral_nfa = 1; QUIET(8772); }
T(8772_fail) { kid(); K.person.upn_unknown = "UN7"; K.person.upn = NULL; FIRES(8772); }
T(8775Q_pass) { kid(); K.person.dob = D(2001, 4, 1); QUIET(8775Q); }
T(8775Q_fail)
{
    kid(); K.person.dob = D(2000, 1, 1); FIRES(8775Q);
    /* the episode closed after the 25th birthday */
    kid(); K.person.dob = D(2000, 7, 1); K.episodes[0].closure_date = D(2025, 8, 1);
    K.episodes[0].closure_reason = "RC1"; FIRES(8775Q);
}
T(8790_pass) { kid(); K.person.disabilities = "MOB,HAND"; QUIET(8790); }
T(8790_fail) { kid(); K.person.disabilities = "NONE,MOB"; FIRES(8790); }
T(8794_pass) { kid(); K.person.disabilities = "MOB,HAND"; QUIET(8794); }
T(8794_fail) { kid(); K.person.disabilities = "MOB,HAND,MOB"; FIRES(8794); }

/* ---- CINdetails ---- */

static void close_ep(size_t i, day_t d, const char *reason)
{
    K.episodes[i].closure_date = d;
    K.episodes[i].closure_reason = reason;
}
T(8555Q_pass) { kid(); K.person.death_date = D(2025, 6, 2); QUIET(8555Q); }
T(8555Q_fail) { kid(); K.person.death_date = D(2025, 6, 1); FIRES_AT(8555Q, 1); }
T(8565_pass)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); close_ep(0, D(2025, 7, 1), "RC8");
    QUIET(8565);
}
T(8565_fail)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 2), "1A"); close_ep(0, D(2025, 7, 1), "RC8");
    FIRES(8565);
    kid(); pl_add(0, D(2025, 6, 3), D(2025, 9, 1)); close_ep(0, D(2025, 8, 1), "RC1"); FIRES(8565);
}
T(8568_pass) { kid(); K.episodes[0].referral_nfa = 1; QUIET(8568); }
T(8568_fail) { kid(); K.episodes[0].referral_nfa = -1; FIRES_AT(8568, 1); }
T(8569Q_pass)
{
    kid(); K.episodes[0].referral_nfa = 1; QUIET(8569Q);
    /* Monday 31 March 2025 is the working day before the year: still allowed */
    kid(); K.episodes[0].referral_date = D(2025, 3, 31); K.episodes[0].referral_nfa = 1; QUIET(8569Q);
}
T(8569Q_fail) { kid(); K.episodes[0].referral_date = D(2025, 3, 28); K.episodes[0].referral_nfa = 1; FIRES(8569Q); }
T(8585Q_pass) { kid(); close_ep(0, D(2026, 1, 5), "RC2"); K.person.death_date = D(2026, 1, 5); QUIET(8585Q); }
T(8585Q_fail) { kid(); close_ep(0, D(2026, 1, 5), "RC2"); FIRES(8585Q); }
T(8600_pass) { kid(); K.episodes[0].referral_date = D(2026, 3, 31); QUIET(8600); }
T(8600_fail) { kid(); K.episodes[0].referral_date = NONE; FIRES(8600); }
T(8606_pass) { kid(); unborn(D(2026, 3, 9)); QUIET(8606); } /* exactly 40 weeks */
T(8606_fail) { kid(); unborn(D(2026, 3, 10)); FIRES(8606); }
T(8610_pass) { kid(); K.episodes[0].referral_nfa = 1; K.episodes[0].primary_need = NULL; QUIET(8610); }
T(8610_fail) { kid(); K.episodes[0].primary_need = NULL; FIRES(8610); }
T(8620_pass) { kid(); close_ep(0, D(2026, 3, 31), "RC1"); QUIET(8620); }
T(8620_fail) { kid(); close_ep(0, D(2026, 4, 1), "RC1"); FIRES(8620); }
T(8630_pass) { kid(); close_ep(0, D(2025, 6, 2), "RC1"); QUIET(8630); }
T(8630_fail) { kid(); close_ep(0, D(2025, 6, 1), "RC1"); FIRES(8630); }
T(8640_pass) { kid(); close_ep(0, D(2025, 9, 1), "RC9"); QUIET(8640); }
T(8640_fail) { kid(); close_ep(0, D(2025, 9, 1), "RC0"); FIRES(8640); }
T(8650_pass) { kid(); K.episodes[0].primary_need = "N9"; QUIET(8650); }
T(8650_fail) { kid(); K.episodes[0].primary_need = "N12"; FIRES(8650); }
T(8805_pass) { kid(); close_ep(0, D(2025, 9, 1), "RC1"); QUIET(8805); }
T(8805_fail) { kid(); close_ep(0, D(2025, 9, 1), NULL); FIRES(8805); }
T(8810_pass) { kid(); QUIET(8810); }
T(8810_fail) { kid(); close_ep(0, NONE, "RC1"); FIRES(8810); }
T(8815_pass) { kid(); ep_add(D(2025, 9, 1), NONE, NULL, 1); QUIET(8815); }
T(8815_fail) { kid(); ep_add(D(2025, 9, 1), NONE, NULL, 0); FIRES_AT(8815, 2); }
T(8816_pass) { kid(); close_ep(0, D(2025, 8, 1), "RC1"); ep_add(D(2025, 9, 1), NONE, NULL, 0); QUIET(8816); }
T(8816_fail) { kid(); ep_add(D(2025, 9, 1), D(2025, 10, 1), "RC1", 0); FIRES_AT(8816, 1); }
T(8820_pass)
{
    /* one episode may close the day the next is referred */
    kid(); close_ep(0, D(2025, 8, 1), "RC1"); ep_add(D(2025, 8, 1), NONE, NULL, 0); QUIET(8820);
    /* an open referral with no further action does not run on */
    kid(); K.episodes[0].referral_nfa = 1; K.episodes[0].primary_need = NULL;
    ep_add(D(2025, 9, 1), NONE, NULL, 0); QUIET(8820);
}
T(8820_fail)
{
    kid(); close_ep(0, D(2025, 8, 1), "RC1"); ep_add(D(2025, 7, 15), D(2025, 9, 1), "RC1", 0);
    FIRES_AT(8820, 2);
    kid(); ep_add(D(2025, 9, 1), D(2025, 9, 1), "RC1", 0); FIRES(8820); /* inside an open one */
}
T(8825Q_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); close_ep(0, D(2025, 7, 1), "RC8"); QUIET(8825Q); }
T(8825Q_fail) { kid(); close_ep(0, D(2025, 7, 1), "RC9"); FIRES(8825Q); }
T(8831_pass) { kid(); K.episodes[0].referral_nfa = 1; QUIET(8831); }
T(8831_fail)
{
    kid(); K.episodes[0].referral_nfa = 1; as_add(0, D(2025, 6, 3), NONE, NULL); FIRES(8831);
    kid(); K.episodes[0].referral_nfa = 1; sq_add(0, D(2025, 6, 3), NONE, 1); FIRES(8831);
}
T(8866_pass) { kid(); K.episodes[0].referral_source = "10"; QUIET(8866); }
T(8866_fail)
{
    kid(); K.episodes[0].referral_source = NULL; FIRES(8866);
    kid(); K.episodes[0].referral_source = "11"; FIRES(8866);
}
T(8867_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); close_ep(0, D(2025, 8, 1), "RC1"); QUIET(8867); }
T(8867_fail) { kid(); as_add(0, D(2025, 6, 3), NONE, NULL); close_ep(0, D(2025, 8, 1), "RC1"); FIRES(8867); }
T(8868_pass)
{
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), -1); close_ep(0, D(2025, 8, 1), "RC1"); QUIET(8868);
    kid(); sq_add(0, D(2025, 6, 3), NONE, 1); close_ep(0, D(2025, 8, 1), "RC1"); QUIET(8868);
}
T(8868_fail) { kid(); sq_add(0, D(2025, 6, 3), NONE, 0); close_ep(0, D(2025, 8, 1), "RC1"); FIRES(8868); }
T(8890_pass)
{
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); sq_add(0, D(2025, 6, 20), NONE, 0);
    QUIET(8890);
    kid(); sq_add(0, D(2025, 6, 3), NONE, 1); sq_add(0, D(2025, 6, 10), NONE, 0); QUIET(8890);
}
T(8890_fail) { kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); sq_add(0, D(2025, 6, 19), NONE, 0); FIRES_AT(8890, 1); }
T(2990_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); close_ep(0, D(2025, 7, 1), "RC8"); QUIET(2990); }
T(2990_fail)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); pl_add(0, D(2025, 7, 1), D(2025, 7, 1));
    close_ep(0, D(2025, 7, 1), "RC8"); FIRES(2990);
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); sq_add(0, D(2025, 6, 4), NONE, 1);
    close_ep(0, D(2025, 7, 1), "RC9"); FIRES(2990);
}
T(2991Q_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); sq_add(0, D(2025, 6, 4), NONE, 1); QUIET(2991Q); }
T(2991Q_fail) { kid(); sq_add(0, D(2025, 6, 4), NONE, 1); FIRES(2991Q); }

/* ---- Assessments ---- */

T(1103_pass) { kid(); as_add(0, D(2025, 6, 2), NONE, NULL); QUIET(1103); }
T(1103_fail) { kid(); as_add(0, D(2025, 6, 1), NONE, NULL); FIRES_AT(1103, 1); }
T(8608_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 6, 3), "1A"); QUIET(8608); }
T(8608_fail) { kid(); as_add(0, D(2025, 6, 4), D(2025, 6, 3), "1A"); FIRES(8608); }
T(8614_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); QUIET(8614); }
T(8614_fail) { kid(); as_add(0, D(2025, 6, 3), NONE, "1A"); FIRES(8614); }
T(8670Q_pass) { kid(); as_add(0, D(2026, 2, 2), NONE, NULL); QUIET(8670Q); }
T(8670Q_fail) { kid(); as_add(0, D(2025, 9, 1), NONE, NULL); FIRES(8670Q); }
T(8696_pass) { kid(); as_add(0, D(2025, 6, 3), D(2026, 3, 31), "1A"); QUIET(8696); }
T(8696_fail) { kid(); as_add(0, D(2025, 6, 3), D(2026, 4, 1), "1A"); FIRES(8696); }
T(8736_pass) { kid(); as_add(0, D(2025, 6, 3), NONE, NULL); QUIET(8736); }
T(8736_fail)
{
    kid(); K.episodes[0].referral_date = D(2025, 3, 3); as_add(0, D(2025, 3, 20), NONE, NULL);
    FIRES(8736);
}
T(8863Q_pass)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); as_add(0, D(2025, 7, 1), NONE, NULL);
    QUIET(8863Q);
}
T(8863Q_fail)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); as_add(0, D(2025, 6, 30), NONE, NULL);
    FIRES_AT(8863Q, 2);
}
T(8869_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); QUIET(8869); }
T(8869_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21,1A"); FIRES(8869); }
T(8873Q_pass)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); close_ep(0, D(2025, 7, 1), "RC8");
    QUIET(8873Q);
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); close_ep(0, D(2025, 7, 1), "RC9");
    QUIET(8873Q);
}
T(8873Q_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); close_ep(0, D(2025, 7, 1), "RC1"); FIRES(8873Q); }
T(8896_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A"); as_add(0, D(2025, 8, 1), NONE, NULL); QUIET(8896); }
T(8896_fail) { kid(); as_add(0, D(2025, 6, 3), NONE, NULL); as_add(0, D(2025, 8, 1), NONE, NULL); FIRES_AT(8896, 2); }
T(8897Q_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "21"); QUIET(8897Q); }
T(8897Q_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), NULL); FIRES(8897Q); }
T(8898_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A,2A"); QUIET(8898); }
T(8898_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A,2A,1A"); FIRES(8898); }
T(8945Q_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "18B"); QUIET(8945Q); }
T(8945Q_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "18A"); FIRES(8945Q); }
T(8950Q_pass) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "19C"); QUIET(8950Q); }
T(8950Q_fail) { kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "1A,19A"); FIRES(8950Q); }

/* ---- CINplanDates ---- */

T(4000_pass) { kid(); pl_add(0, D(2025, 7, 1), NONE); QUIET(4000); }
T(4000_fail) { kid(); K.episodes[0].referral_nfa = 1; pl_add(0, D(2025, 7, 1), NONE); FIRES(4000); }
T(4001_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 8, 1)); cp_add(0, D(2025, 8, 1), NONE); QUIET(4001); }
T(4001_fail) { kid(); pl_add(0, D(2025, 7, 1), NONE); cp_add(0, D(2025, 8, 1), NONE); FIRES_AT(4001, 1); }
T(4003_pass)
{
    kid(); cp_add(0, D(2025, 7, 1), D(2025, 9, 1)); rv_add(0, D(2025, 8, 1));
    pl_add(0, D(2025, 9, 1), NONE); QUIET(4003);
}
T(4003_fail)
{
    kid(); pl_add(0, D(2025, 7, 1), NONE); cp_add(0, D(2025, 7, 10), D(2025, 9, 1));
    rv_add(0, D(2025, 8, 1)); FIRES_AT(4003, 1);
}
T(4004_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 8, 1)); pl_add(0, D(2025, 8, 1), NONE); QUIET(4004); }
T(4004_fail) { kid(); pl_add(0, D(2025, 7, 1), NONE); pl_add(0, D(2025, 8, 1), NONE); FIRES_AT(4004, 2); }
T(4008_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 12, 1)); K.person.death_date = D(2025, 12, 1); QUIET(4008); }
T(4008_fail) { kid(); pl_add(0, D(2025, 7, 1), NONE); K.person.death_date = D(2025, 6, 30); FIRES(4008); }
T(4009Q_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 12, 1)); K.person.death_date = D(2025, 12, 1); QUIET(4009Q); }
T(4009Q_fail)
{
    kid(); pl_add(0, D(2025, 7, 1), D(2025, 12, 2)); K.person.death_date = D(2025, 12, 1); FIRES(4009Q);
    kid(); pl_add(0, D(2025, 7, 1), NONE); K.person.death_date = D(2025, 12, 1); FIRES(4009Q);
}
T(4010_pass) { kid(); pl_add(0, D(2026, 3, 31), NONE); QUIET(4010); }
T(4010_fail) { kid(); pl_add(0, NONE, NONE); FIRES(4010); }
T(4011_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 7, 2)); QUIET(4011); }
T(4011_fail) { kid(); pl_add(0, D(2025, 7, 2), D(2025, 7, 1)); FIRES(4011); }
T(4012Q_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 7, 2)); QUIET(4012Q); }
T(4012Q_fail) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 7, 1)); FIRES(4012Q); }
T(4013_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2026, 3, 31)); QUIET(4013); }
T(4013_fail) { kid(); pl_add(0, D(2025, 7, 1), D(2026, 4, 1)); FIRES(4013); }
T(4014_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 8, 1)); pl_add(0, D(2025, 8, 1), NONE); QUIET(4014); }
T(4014_fail) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 8, 1)); pl_add(0, D(2025, 7, 31), NONE); FIRES_AT(4014, 2); }
T(4015_pass) { kid(); pl_add(0, D(2025, 6, 2), NONE); QUIET(4015); }
T(4015_fail) { kid(); pl_add(0, D(2025, 6, 1), NONE); FIRES(4015); }
T(4016_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 9, 1)); pl_add(0, D(2025, 9, 1), NONE); QUIET(4016); }
T(4016_fail) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 9, 1)); pl_add(0, D(2025, 8, 31), NONE); FIRES(4016); }
T(4017_pass) { kid(); pl_add(0, D(2025, 7, 1), D(2025, 9, 1)); cp_add(0, D(2025, 9, 1), NONE); QUIET(4017); }
T(4017_fail)
{
    kid(); pl_add(0, D(2025, 7, 1), D(2025, 9, 1)); cp_add(0, D(2025, 8, 1), NONE); FIRES(4017);
    kid(); pl_add(0, D(2025, 7, 1), D(2025, 9, 1)); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); FIRES(4017);
}

/* ---- Section47 ---- */

T(1104_pass) { kid(); sq_add(0, D(2025, 6, 2), D(2025, 6, 2), 0); QUIET(1104); }
T(1104_fail) { kid(); sq_add(0, D(2025, 5, 20), D(2025, 5, 30), 0); FIRES_AT(1104, 1); }
T(2884_pass)
{
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); QUIET(2884);
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); K.episodes[0].icpc_date = D(2025, 9, 1); QUIET(2884);
}
T(2884_fail) { kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); K.episodes[0].icpc_date = D(2025, 6, 20); FIRES(2884); }
T(2889_pass) { kid(); sq_add(0, D(2025, 6, 2), NONE, 1); QUIET(2889); }
T(2889_fail) { kid(); sq_add(0, D(2025, 6, 1), NONE, 1); FIRES(2889); }
T(8615_pass) { kid(); sq_add(0, D(2025, 6, 20), D(2025, 6, 20), 0); QUIET(8615); }
T(8615_fail)
{
    kid(); sq_add(0, D(2025, 6, 21), D(2025, 6, 20), 0); FIRES(8615);
    kid(); sq_add(0, NONE, D(2025, 6, 20), 0); FIRES(8615);
}
T(8675Q_pass)
{
    kid(); sq_add(0, D(2026, 3, 10), NONE, 0); QUIET(8675Q);
    kid(); sq_add(0, D(2025, 9, 1), NONE, 1); QUIET(8675Q);
}
T(8675Q_fail) { kid(); sq_add(0, D(2025, 9, 1), NONE, 0); FIRES(8675Q); }
T(8715_pass) { kid(); sq_add(0, D(2026, 3, 20), D(2026, 3, 31), 0); QUIET(8715); }
T(8715_fail) { kid(); sq_add(0, D(2026, 3, 20), D(2026, 4, 1), 0); FIRES(8715); }
T(8740_pass) { kid(); sq_add(0, D(2025, 6, 3), NONE, 0); QUIET(8740); }
T(8740_fail)
{
    kid(); K.episodes[0].referral_date = D(2025, 3, 3); sq_add(0, D(2025, 3, 20), NONE, 0);
    FIRES(8740);
}
T(8839_pass) { kid(); sq_add(0, D(2025, 6, 3), NONE, 0); sq_add(0, D(2025, 6, 10), NONE, 1); QUIET(8839); }
T(8839_fail) { kid(); sq_add(0, D(2025, 6, 3), NONE, 0); sq_add(0, D(2025, 6, 10), NONE, -1); FIRES_AT(8839, 2); }
T(8870Q_pass) { kid(); size_t q = sq_add(0, D(2025, 6, 3), NONE, 0); K.s47s[q].icpc_target = D(2025, 7, 4); QUIET(8870Q); }
T(8870Q_fail) { kid(); size_t q = sq_add(0, D(2025, 6, 3), NONE, 0); K.s47s[q].icpc_target = D(2025, 7, 5); FIRES(8870Q); }
T(8875_pass) { kid(); sq_add(0, D(2025, 6, 3), D(2025, 7, 4), 0); QUIET(8875); }
T(8875_fail) { kid(); sq_add(0, D(2025, 6, 3), D(2025, 7, 6), 0); FIRES(8875); }

/* ---- ChildProtectionPlans and Reviews ---- */

T(1105_pass) { kid(); cp_add(0, D(2025, 6, 2), NONE); QUIET(1105); }
T(1105_fail) { kid(); cp_add(0, D(2025, 6, 1), NONE); FIRES_AT(1105, 1); }
T(2885_pass)
{
    kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); cp_add(0, D(2025, 6, 20), NONE); QUIET(2885);
    kid(); K.episodes[0].icpc_date = D(2025, 6, 20); cp_add(0, D(2025, 6, 20), NONE); QUIET(2885);
    /* a plan from before the year */
    kid(); K.episodes[0].referral_date = D(2024, 6, 3); cp_add(0, D(2024, 7, 1), NONE); QUIET(2885);
}
T(2885_fail) { kid(); sq_add(0, D(2025, 6, 3), D(2025, 6, 20), 0); cp_add(0, D(2025, 6, 23), NONE); FIRES_AT(2885, 1); }
T(8720_pass) { kid(); cp_add(0, D(2026, 3, 31), NONE); QUIET(8720); }
T(8720_fail) { kid(); cp_add(0, NONE, NONE); FIRES(8720); }
T(8730_pass) { kid(); cp_add(0, D(2025, 7, 1), NONE); QUIET(8730); }
T(8730_fail) { kid(); size_t k = cp_add(0, D(2025, 7, 1), NONE); K.cp_plans[k].previous_plans = -1; FIRES(8730); }
T(8832_pass) { kid(); cp_add(0, D(2025, 7, 1), NONE); QUIET(8832); }
T(8832_fail) { kid(); K.episodes[0].referral_nfa = 1; cp_add(0, D(2025, 7, 1), NONE); FIRES(8832); }
T(8840_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 7, 2)); QUIET(8840); }
T(8840_fail) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 7, 1)); FIRES(8840); }
T(8841_pass) { kid(); cp_add(0, D(2025, 7, 1), NONE); rv_add(0, D(2025, 7, 2)); QUIET(8841); }
T(8841_fail) { kid(); cp_add(0, D(2025, 7, 1), NONE); rv_add(0, D(2025, 7, 1)); FIRES_AT(8841, 1); }
T(8842Q_pass) { kid(); cp_add(0, D(2025, 7, 1), NONE); rv_add(0, D(2025, 9, 1)); QUIET(8842Q); }
T(8842Q_fail) { kid(); cp_add(0, D(2025, 7, 1), NONE); rv_add(0, NONE); FIRES(8842Q); }
T(8905_pass) { kid(); size_t k = cp_add(0, D(2025, 7, 1), NONE); K.cp_plans[k].initial_category = "MUL"; QUIET(8905); }
T(8905_fail) { kid(); size_t k = cp_add(0, D(2025, 7, 1), NONE); K.cp_plans[k].initial_category = NULL; FIRES(8905); }
T(8910_pass) { kid(); size_t k = cp_add(0, D(2025, 7, 1), NONE); K.cp_plans[k].latest_category = "EMO"; QUIET(8910); }
T(8910_fail) { kid(); size_t k = cp_add(0, D(2025, 7, 1), NONE); K.cp_plans[k].latest_category = "XYZ"; FIRES(8910); }
T(8915_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); K.person.death_date = D(2025, 8, 1); QUIET(8915); }
T(8915_fail) { kid(); cp_add(0, D(2025, 7, 2), NONE); K.person.death_date = D(2025, 7, 1); FIRES(8915); }
T(8920_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); K.person.death_date = D(2025, 8, 1); QUIET(8920); }
T(8920_fail)
{
    kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 2)); K.person.death_date = D(2025, 8, 1); FIRES(8920);
    kid(); cp_add(0, D(2025, 7, 1), NONE); K.person.death_date = D(2025, 8, 1); FIRES(8920);
}
T(8925_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 7, 2)); QUIET(8925); }
T(8925_fail) { kid(); cp_add(0, D(2025, 7, 2), D(2025, 7, 1)); FIRES(8925); }
T(8930_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2026, 3, 31)); QUIET(8930); }
T(8930_fail) { kid(); cp_add(0, D(2025, 7, 1), D(2026, 4, 1)); FIRES(8930); }
T(8935_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); cp_add(0, D(2025, 9, 1), NONE); QUIET(8935); }
T(8935_fail) { kid(); cp_add(0, D(2025, 7, 1), NONE); cp_add(0, D(2025, 9, 1), NONE); FIRES_AT(8935, 2); }
T(8940_pass) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); cp_add(0, D(2025, 8, 4), NONE); QUIET(8940); }
T(8940_fail) { kid(); cp_add(0, D(2025, 7, 1), D(2025, 8, 1)); cp_add(0, D(2025, 7, 20), NONE); FIRES_AT(8940, 2); }

/* ---- the engine: years, the base child ---- */

static void test_base_child_is_clean(void **state)
{
    kid();
    struct findings f = check_year(Y);
    for (size_t i = 0; i < f.n; i++)
        print_message("unexpected finding %s: %s\n", f.v[i].rule, f.v[i].message);
    assert_int_equal(f.n, 0);
    findings_free(&f);
}

/* A rule runs only in the years whose catalogue lists it. */
static void test_rule_runs_only_in_its_years(void **state)
{
    kid(); as_add(0, D(2025, 6, 3), D(2025, 7, 1), "18A");
    assert_true(hits_year("8945Q", 2026, NULL) > 0);
    /* the same child checked as the 2024-25 return: 8945Q was not yet a rule */
    K.episodes[0].referral_date = D(2024, 6, 3);
    K.assessments[0].start = D(2024, 6, 4);
    K.assessments[0].authorised = D(2024, 7, 1);
    assert_int_equal(hits_year("8945Q", 2024, NULL), 0);
    assert_true(hits_year("8945Q", 2025, NULL) > 0);
}

static void test_no_catalogue_for_year(void **state)
{
    kid();
    struct findings f = FINDINGS_INIT;
    struct err e;
    err_clear(&e);
    assert_int_equal(rules_check_child(&K, RULES_CIN, 2019, &f, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "2019"));
    assert_int_equal(f.n, 0);
}

/* Findings carry the catalogue's words for the year. */
static void test_finding_fields(void **state)
{
    kid(); K.person.la_child_id = "C77"; K.episodes[0].primary_need = NULL;
    struct findings f = check_year(Y);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "8610");
    assert_string_equal(f.v[0].level, "ERROR");
    assert_true(f.v[0].error);
    assert_string_equal(f.v[0].child, "C77");
    assert_string_equal(f.v[0].table, "CINdetails");
    assert_string_equal(f.v[0].fields, "ReferralNFA;PrimaryNeedCode");
    assert_int_equal(f.v[0].row, 1);
    assert_int_equal(findings_errors(&f), 1);
    findings_free(&f);
}

#define CIN_RULES(X)                                                                         \
    X(1103) X(1104) X(1105) X(1510) X(1530) X(1540) X(1550) X(1560Q) X(1570) X(1580) X(2884) X(2885) \
    X(2889) X(2990) X(2991Q) X(4000) X(4001) X(4003) X(4004) X(4008) X(4009Q) X(4010)        \
    X(4011) X(4012Q) X(4013) X(4014) X(4015) X(4016) X(4017) X(4180) X(4220) X(8500) X(8520) \
    X(8525Q) X(8530Q) X(8535Q) X(8540) X(8545Q) X(8555Q) X(8565) X(8568) X(8569Q) X(8585Q)   \
    X(8590) X(8600) X(8606) X(8608) X(8610) X(8614) X(8615) X(8620) X(8630) X(8640) X(8650)  \
    X(8670Q) X(8675Q) X(8696) X(8715) X(8720) X(8730) X(8736) X(8740) X(8750) X(8770Q)       \
    X(8772) X(8775Q) X(8790) X(8794) X(8805) X(8810) X(8815) X(8816) X(8820) X(8825Q) X(8831) \
    X(8832) X(8839) X(8840) X(8841) X(8842Q) X(8863Q) X(8866) X(8867) X(8868) X(8869)        \
    X(8870Q) X(8873Q) X(8875) X(8890) X(8896) X(8897Q) X(8898) X(8905) X(8910) X(8915)       \
    X(8920) X(8925) X(8930) X(8935) X(8940) X(8945Q) X(8950Q)
/* whole-return rules, tested in test_cin_return.c */
#define CIN_RETURN_RULES(X) X(1520) X(2883) X(2886Q) X(2887Q) X(2888Q)

#define NAME(code) #code,
static const char *const tested[] = {CIN_RULES(NAME) CIN_RETURN_RULES(NAME)};

/* Every registered rule has its tests here, and every rule tested here is registered. */
static void test_every_rule_tested(void **state)
{
    size_t n_tested = sizeof tested / sizeof tested[0];
    for (size_t i = 0; i < n_tested; i++) {
        if (!rules_implemented(RULES_CIN, tested[i]))
            fail_msg("rule %s has tests but is not registered", tested[i]);
    }
    int years[16];
    size_t ny = rules_years(RULES_CIN, years, 16);
    assert_true(ny >= 4);
    for (size_t y = 0; y < ny; y++) {
        size_t n;
        const struct rule_def *d = rules_catalogue(RULES_CIN, years[y], &n);
        for (size_t i = 0; i < n; i++) {
            if (!rules_implemented(RULES_CIN, d[i].code)) {
                /* a rule left unchecked must say why */
                if (!rules_gap_reason(RULES_CIN, d[i].code))
                    fail_msg("rule %s is neither checked nor explained", d[i].code);
                continue;
            }
            bool found = false;
            for (size_t k = 0; k < n_tested && !found; k++)
                found = !strcmp(tested[k], d[i].code);
            if (!found)
                fail_msg("rule %s is registered but has no tests", d[i].code);
        }
    }
}

static int teardown(void **state)
{
    kid_done();
    return 0;
}

#define UNIT(code) cmocka_unit_test_teardown(test_##code##_pass, teardown), \
                   cmocka_unit_test_teardown(test_##code##_fail, teardown),

int main(void)
{
    const struct CMUnitTest tests[] = {
        CIN_RULES(UNIT)
        cmocka_unit_test_teardown(test_base_child_is_clean, teardown),
        cmocka_unit_test_teardown(test_rule_runs_only_in_its_years, teardown),
        cmocka_unit_test_teardown(test_no_catalogue_for_year, teardown),
        cmocka_unit_test_teardown(test_finding_fields, teardown),
        cmocka_unit_test_teardown(test_every_rule_tested, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
