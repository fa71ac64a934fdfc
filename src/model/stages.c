/* stages: the code lists the stage forms offer (SSDA903 and CIN census codes with plain
 * English, and hearth's own lists where the returns have none), and freeing a
 * child_extra. Which codes are valid in which year stays with codes.c. */
#include "stages.h"

#include <stdlib.h>
#include <string.h>

void child_extra_free(struct child_extra *x)
{
    arena_free(&x->mem);
    memset(x, 0, sizeof *x);
}

const char *stage_label(const struct stage_code *list, int n, const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (!strcmp(list[i].code, code))
            return list[i].label;
    return NULL;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct stage_code cp_end_reasons[] = {
    {"SAFE", "No longer at risk of significant harm: plan no longer needed"},
    {"CIN", "Stepped down to a child in need plan"},
    {"LOOKED_AFTER", "Became looked after"},
    {"MOVED", "Moved to another local authority (transferred in)"},
    {"ADULT", "Reached 18"},
    {"DIED", "Died"},
    {"OTHER", "Other reason"},
};
const int n_cp_end_reasons = N(cp_end_reasons);

/* CIN census ReasonForClosure (RC9 from 2022 to 2023 on: codes.c says which years) */
const struct stage_code closure_reasons[] = {
    {"RC1", "RC1: adopted"},
    {"RC2", "RC2: died"},
    {"RC3", "RC3: child arrangements order"},
    {"RC4", "RC4: special guardianship order"},
    {"RC5", "RC5: transferred to the services of another local authority"},
    {"RC6", "RC6: transferred to adult social care services"},
    {"RC7", "RC7: services ceased for any other reason, including child no longer in need"},
    {"RC8", "RC8: case closed after assessment, no further action"},
    {"RC9", "RC9: case closed after assessment, referred to early help"},
};
const int n_closure_reasons = N(closure_reasons);

const struct stage_code relationship_kinds[] = {
    {"MOTHER", "Mother"},
    {"FATHER", "Father"},
    {"STEP_PARENT", "Step-parent or parent's partner"},
    {"SIBLING", "Brother or sister"},
    {"HALF_SIBLING", "Half-brother or half-sister"},
    {"GRANDPARENT", "Grandparent"},
    {"AUNT_UNCLE", "Aunt or uncle"},
    {"CARER", "Carer (not a parent)"},
    {"OTHER", "Other relative or friend"},
};
const int n_relationship_kinds = N(relationship_kinds);

/* SSDA903 REVIEW_CODE: the child's participation in the review */
const struct stage_code review_codes[] = {
    {"PN0", "PN0: child under 4 at the time of the review"},
    {"PN1", "PN1: child attends and speaks for themselves"},
    {"PN2", "PN2: child attends and an advocate speaks for them"},
    {"PN3", "PN3: child attends and conveys their view without words"},
    {"PN4", "PN4: child attends but does not give their view"},
    {"PN5", "PN5: child does not attend but briefs an advocate"},
    {"PN6", "PN6: child does not attend but conveys their view another way"},
    {"PN7", "PN7: child does not attend and their view is not conveyed"},
};
const int n_review_codes = N(review_codes);

/* SSDA903 REC, less X1 (which only joins one episode to the next) */
const struct stage_code cease_reasons[] = {
    {"E11", "E11: adopted, application unopposed"},
    {"E12", "E12: adopted, consent dispensed with by the court"},
    {"E45", "E45: special guardianship order to former foster carers who are relatives or friends"},
    {"E46", "E46: special guardianship order to former foster carers, not relatives or friends"},
    {"E47", "E47: special guardianship order to other carers who are relatives or friends"},
    {"E48", "E48: special guardianship order to other carers, not relatives or friends"},
    {"E41", "E41: child arrangements order (residence)"},
    {"E4A", "E4A: returned home to parents as part of the care plan"},
    {"E4B", "E4B: returned home to parents, not as part of the care plan"},
    {"E13", "E13: left care to live with someone without parental responsibility"},
    {"E5", "E5: independent living with formal advice and support"},
    {"E6", "E6: independent living without formal advice and support"},
    {"E17", "E17: aged 18 or over and stayed with current carers (staying put)"},
    {"E7", "E7: transferred to residential care funded by adult social care"},
    {"E3", "E3: care taken over by another local authority"},
    {"E9", "E9: sentenced to custody"},
    {"E14", "E14: accommodation on remand ended"},
    {"E15", "E15: age assessment found the child is 18 or over"},
    {"E16", "E16: child moved abroad"},
    {"E2", "E2: died"},
    {"E8", "E8: period of care ended for any other reason"},
};
const int n_cease_reasons = N(cease_reasons);

/* SSDA903 OC3 */
const struct stage_code in_touch_codes[] = {
    {"YES", "Yes, in touch"},
    {"NO", "No, not in touch"},
    {"REFU", "The young person refuses contact"},
    {"NREQ", "The young person no longer needs services"},
    {"RHOM", "Returned home to parents for 6 months or more"},
    {"DIED", "The young person has died"},
};
const int n_in_touch_codes = N(in_touch_codes);

const struct stage_code activ_codes[] = {
    {"F1", "F1: full-time higher education"},
    {"P1", "P1: part-time higher education"},
    {"F2", "F2: full-time education other than higher education"},
    {"P2", "P2: part-time education other than higher education"},
    {"F4", "F4: full-time apprenticeship"},
    {"P4", "P4: part-time apprenticeship"},
    {"F5", "F5: full-time training or employment"},
    {"P5", "P5: part-time training or employment"},
    {"G4", "G4: not in education, employment or training: illness or disability"},
    {"G5", "G5: not in education, employment or training: pregnancy or parenting"},
    {"G6", "G6: not in education, employment or training: other reasons"},
    {"0", "0: not known (not in touch)"},
};
const int n_activ_codes = N(activ_codes);

const struct stage_code accom_codes[] = {
    {"B1", "B1: with parents or relatives, suitable"}, {"B2", "B2: with parents or relatives, not suitable"},
    {"C1", "C1: community home or other residential care, suitable"},
    {"C2", "C2: community home or other residential care, not suitable"},
    {"D1", "D1: semi-independent transitional accommodation, suitable"},
    {"D2", "D2: semi-independent transitional accommodation, not suitable"},
    {"E1", "E1: supported lodgings, suitable"}, {"E2", "E2: supported lodgings, not suitable"},
    {"G1", "G1: gone abroad, suitable"}, {"G2", "G2: gone abroad, not suitable"},
    {"H1", "H1: deported, suitable"}, {"H2", "H2: deported, not suitable"},
    {"K1", "K1: ordinary lodgings without formal support, suitable"},
    {"K2", "K2: ordinary lodgings without formal support, not suitable"},
    {"R1", "R1: residence not known, suitable"}, {"R2", "R2: residence not known, not suitable"},
    {"S1", "S1: no fixed abode or homeless, suitable"}, {"S2", "S2: no fixed abode or homeless, not suitable"},
    {"T1", "T1: foyer, suitable"}, {"T2", "T2: foyer, not suitable"},
    {"U1", "U1: independent living, suitable"}, {"U2", "U2: independent living, not suitable"},
    {"V1", "V1: emergency accommodation, suitable"}, {"V2", "V2: emergency accommodation, not suitable"},
    {"W1", "W1: bed and breakfast, suitable"}, {"W2", "W2: bed and breakfast, not suitable"},
    {"X1", "X1: in custody, suitable"}, {"X2", "X2: in custody, not suitable"},
    {"Y1", "Y1: other accommodation, suitable"}, {"Y2", "Y2: other accommodation, not suitable"},
    {"Z1", "Z1: with former foster carers, suitable"}, {"Z2", "Z2: with former foster carers, not suitable"},
    {"0", "0: not known (not in touch)"},
};
const int n_accom_codes = N(accom_codes);
