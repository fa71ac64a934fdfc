/* facts: releasing a struct facts (see facts.h for who fills it). */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

void facts_free(struct facts *f)
{
    free(f->referrals);
    free(f->assessments);
    free(f->s47);
    free(f->cp_plans);
    free(f->cin_open_children);
    free(f->la_episodes);
    free(f->missing);
    free(f->oc3_accom);
    memset(f, 0, sizeof *f);
}
