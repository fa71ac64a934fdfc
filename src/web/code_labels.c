/* code_labels: plain words for the DfE codes a chronology shows (see code_labels.h). */
#include "code_labels.h"

#include <string.h>

#include "labels.h"

static const struct ui_option contact_titles[] = {
    {"1A", "Contact from a family member, relative or carer"},
    {"1B", "Contact from an acquaintance, such as a neighbour or childminder"},
    {"1C", "Contact from the child"},
    {"1D", "Contact from an individual"},
    {"2A", "Contact from a school"},
    {"2B", "Contact from education services"},
    {"3A", "Contact from a GP"},
    {"3B", "Contact from a health visitor"},
    {"3C", "Contact from a school nurse"},
    {"3D", "Contact from primary health services"},
    {"3E", "Contact from A&E"},
    {"3F", "Contact from health services"},
    {"4", "Contact from housing"},
    {"5A", "Contact from the council's social care"},
    {"5B", "Contact from another council department"},
    {"5C", "Contact from another council"},
    {"5D", "Contact from early help"},
    {"6", "Contact from the police"},
    {"7", "Contact from another legal agency"},
    {"8", "Contact from another source"},
    {"9", "Anonymous contact"},
    {"10", "Contact from an unknown source"},
};

const char *contact_title(const char *source)
{
    for (size_t i = 0; source && i < sizeof contact_titles / sizeof contact_titles[0]; i++)
        if (!strcmp(contact_titles[i].value, source))
            return contact_titles[i].label;
    return "Contact received";
}

const struct ui_option abuse_categories[] = {
    {"NEG", "Neglect"}, {"PHY", "Physical abuse"}, {"SAB", "Sexual abuse"},
    {"EMO", "Emotional abuse"}, {"MUL", "Multiple categories"},
};
const int n_abuse_categories = sizeof abuse_categories / sizeof abuse_categories[0];

const struct ui_option assessment_factors[] = {
    {"1A", "alcohol misuse by the child"},
    {"1B", "alcohol misuse by a parent or carer"},
    {"1C", "alcohol misuse by someone else in the household"},
    {"2A", "drug misuse by the child"},
    {"2B", "drug misuse by a parent or carer"},
    {"2C", "drug misuse by someone else in the household"},
    {"3A", "domestic abuse: the child"},
    {"3B", "domestic abuse: a parent or carer"},
    {"3C", "domestic abuse: someone else in the household"},
    {"4A", "the child's mental health"},
    {"4B", "a parent's or carer's mental health"},
    {"4C", "mental health of someone else in the family or household"},
    {"5A", "the child's learning disability"},
    {"5B", "a parent's or carer's learning disability"},
    {"5C", "learning disability of someone else in the family or household"},
    {"6A", "the child's physical disability or illness"},
    {"6B", "a parent's or carer's physical disability or illness"},
    {"6C", "physical disability or illness of someone else in the family or household"},
    {"7A", "young carer"},
    {"8B", "privately fostered: from overseas, intending to return"},
    {"8C", "privately fostered: from overseas, intending to stay"},
    {"8D", "privately fostered: UK child in an educational placement"},
    {"8E", "privately fostered: UK child in an alternative family arrangement"},
    {"8F", "privately fostered: other"},
    {"9A", "unaccompanied asylum-seeking child"},
    {"10A", "going or being missing"},
    {"11A", "child sexual exploitation"},
    {"12A", "trafficking"},
    {"13A", "gangs"},
    {"14A", "socially unacceptable behaviour"},
    {"15A", "self-harm"},
    {"16A", "neglect"},
    {"17A", "emotional abuse"},
    {"18B", "physical abuse by another child"},
    {"18C", "physical abuse by an adult"},
    {"19B", "sexual abuse by another child"},
    {"19C", "sexual abuse by an adult"},
    {"20", "other"},
    {"21", "no factors identified"},
    {"22A", "female genital mutilation"},
    {"23A", "abuse linked to faith or belief"},
    {"24A", "child criminal exploitation"},
};
const int n_assessment_factors = sizeof assessment_factors / sizeof assessment_factors[0];

/* the types a hearth form offers; any other shows as its code */
const struct ui_option placement_types[] = {
    {"A3", "placed for adoption with consent, with their foster carer"},
    {"A4", "placed for adoption with consent, not with their foster carer"},
    {"A5", "placed for adoption under a placement order, with their foster carer"},
    {"A6", "placed for adoption under a placement order, not with their foster carer"},
    {"K1", "secure children's home"},
    {"K2", "children's home"},
    {"P1", "placed with their own parents or others with parental responsibility"},
    {"R1", "residential care home"},
    {"R2", "NHS or health trust establishment"},
    {"R3", "family centre or mother and baby unit"},
    {"R5", "young offender institution or prison"},
    {"S1", "residential school"},
    {"U1", "foster care with a relative or friend, long term"},
    {"U2", "foster care with a relative or friend, fostering for adoption"},
    {"U3", "foster care with a relative or friend, other"},
    {"U4", "foster care with another carer, long term"},
    {"U5", "foster care with another carer, fostering for adoption"},
    {"U6", "foster care with another carer, other"},
    {"Z1", "other placement"},
};
const int n_placement_types = sizeof placement_types / sizeof placement_types[0];
