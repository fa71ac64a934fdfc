/* schema_closure: migration 28. The referral facts read, for each referral of the period, the
 * closure of an episode closed after assessment with the child not in need (RC8, RC9): with
 * the reason and the date outside the (referral_date, person_id, referral_nfa) index, each
 * referral cost a row lookup (1.3 million referrals over two years: 0.55 s from the index
 * alone, about 2 s with lookups). The index now carries them and the query is again read from
 * it alone. Portable SQL (schema.h). */
#include "schema.h"

const char schema_closure_sql[] =
    "DROP INDEX cin_episode_referral;\n"
    "CREATE INDEX cin_episode_referral ON cin_episode(referral_date, person_id, referral_nfa,"
    " closure_reason, closure_date);\n";
