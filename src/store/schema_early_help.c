/* schema_early_help: migration 18, early help and Stronger Families. An early help episode
 * is the early_help row that Annex A's list 2 already fills (start, end, organisation);
 * eh_episode adds, for an episode opened in hearth, how it began (from a contact's threshold
 * decision, directly, or stepped down from an episode of need), its lead professional (a
 * professional row of the people module: any agency), how it closed and the referral it was
 * stepped up to. Its early help assessment, the team around the family (professional rows
 * linked to it), the family's meetings, the family plan's outcomes and their reviews hang
 * off it. Stronger Families (the national Supporting Families programme) attaches a family
 * through an episode, with each headline problem it meets, the evidence, the outcome plan
 * and the result evidenced; results claims list the families claimed for, and the
 * authority's targets are kept by period. No table names the child again: a child's rows
 * are found through early_help, so a merge that moves early_help moves them too.
 * Portable SQL (the PostgreSQL store translates INTEGER and drops STRICT). */
#include "schema.h"

#define DAY(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"
#define SF_PROBLEMS "('CRIME', 'SCHOOL', 'CHILD_HELP', 'WORK', 'DOMESTIC_ABUSE', 'HEALTH')"

const char schema_early_help_sql[] =
    "CREATE TABLE eh_episode (early_help_id INTEGER PRIMARY KEY REFERENCES early_help(id),\n"
    "  opened_from TEXT NOT NULL CHECK (opened_from IN ('contact', 'direct', 'step_down')),\n"
    "  contact_id INTEGER UNIQUE REFERENCES contact(id), from_episode INTEGER UNIQUE REFERENCES cin_episode(id),\n"
    "  lead_id INTEGER NOT NULL REFERENCES professional(id),\n"
    "  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('NEEDS_MET', 'STEP_UP', 'DECLINED', 'MOVED',\n"
    "    'UNIVERSAL', 'OTHER')),\n"
    "  to_episode INTEGER UNIQUE REFERENCES cin_episode(id),\n"
    "  opened_by INTEGER NOT NULL REFERENCES app_user(id), opened_at INTEGER NOT NULL,\n"
    "  CHECK ((opened_from = 'contact') = (contact_id IS NOT NULL)),\n"
    "  CHECK ((opened_from = 'step_down') = (from_episode IS NOT NULL)),\n"
    "  CHECK ((outcome = 'STEP_UP') = (to_episode IS NOT NULL))) STRICT;\n"
    "CREATE TABLE eh_assessment (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL UNIQUE REFERENCES eh_episode(early_help_id),\n"
    "  " DAY("start") " NOT NULL, " DAY("completed") ", needs TEXT NOT NULL,\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK (completed IS NULL OR completed >= start)) STRICT;\n"
    "CREATE INDEX eh_assessment_completed ON eh_assessment(completed);\n"
    "CREATE TABLE eh_member (episode_id INTEGER NOT NULL REFERENCES eh_episode(early_help_id),\n"
    "  professional_id INTEGER NOT NULL REFERENCES professional(id),\n"
    "  PRIMARY KEY (episode_id, professional_id)) STRICT;\n"
    "CREATE TABLE eh_meeting (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES eh_episode(early_help_id),\n"
    "  " DAY("date") " NOT NULL, attended TEXT NOT NULL, summary TEXT NOT NULL, " DAY("next_date") ",\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK (next_date IS NULL OR next_date > date)) STRICT;\n"
    "CREATE INDEX eh_meeting_episode ON eh_meeting(episode_id, date);\n"
    "CREATE INDEX eh_meeting_date ON eh_meeting(date);\n"
    "CREATE TABLE eh_outcome (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES eh_episode(early_help_id),\n"
    "  outcome TEXT NOT NULL, " DAY("start") " NOT NULL, " DAY("review_by") ",\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK (review_by IS NULL OR review_by >= start)) STRICT;\n"
    "CREATE INDEX eh_outcome_episode ON eh_outcome(episode_id, id);\n"
    "CREATE TABLE eh_review (id INTEGER PRIMARY KEY, outcome_id INTEGER NOT NULL REFERENCES eh_outcome(id),\n"
    "  " DAY("date") " NOT NULL, status TEXT NOT NULL CHECK (status IN ('ACHIEVED', 'PROGRESS', 'NO_PROGRESS',\n"
    "    'NOT_NEEDED')), note TEXT NOT NULL,\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX eh_review_outcome ON eh_review(outcome_id, date, id);\n"
    "CREATE INDEX eh_review_date ON eh_review(date);\n"
    "CREATE TABLE sf_family (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL UNIQUE REFERENCES eh_episode(early_help_id),\n"
    "  " DAY("attached") " NOT NULL, by_user INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  at INTEGER NOT NULL) STRICT;\n"
    "CREATE INDEX sf_family_attached ON sf_family(attached);\n"
    "CREATE TABLE sf_problem (family_id INTEGER NOT NULL REFERENCES sf_family(id),\n"
    "  problem TEXT NOT NULL CHECK (problem IN " SF_PROBLEMS "),\n"
    "  evidence TEXT NOT NULL CHECK (length(evidence) > 0), plan TEXT NOT NULL CHECK (length(plan) > 0),\n"
    "  result TEXT CHECK (result IS NULL OR result IN ('SUSTAINED', 'EMPLOYMENT')),\n"
    "  " DAY("result_date") ", result_evidence TEXT,\n"
    "  CHECK ((result IS NULL) = (result_date IS NULL)),\n"
    "  CHECK ((result IS NULL) = (result_evidence IS NULL)),\n"
    "  CHECK (result IS NULL OR result = 'SUSTAINED' OR problem = 'WORK'),\n"
    "  PRIMARY KEY (family_id, problem)) STRICT;\n"
    "CREATE INDEX sf_problem_result ON sf_problem(result_date);\n"
    "CREATE TABLE sf_claim (id INTEGER PRIMARY KEY, " DAY("period_from") " NOT NULL,\n"
    "  " DAY("period_to") " NOT NULL, " DAY("claimed") " NOT NULL,\n"
    "  by_user INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,\n"
    "  CHECK (period_to >= period_from), CHECK (claimed >= period_to)) STRICT;\n"
    "CREATE TABLE sf_claim_family (claim_id INTEGER NOT NULL REFERENCES sf_claim(id),\n"
    "  family_id INTEGER NOT NULL UNIQUE REFERENCES sf_family(id),\n"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('PROGRESS', 'EMPLOYMENT')),\n"
    "  PRIMARY KEY (claim_id, family_id)) STRICT;\n"
    "CREATE TABLE sf_target (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),\n"
    "  " DAY("start") " NOT NULL, " DAY("end_date") " NOT NULL, families INTEGER NOT NULL CHECK (families > 0),\n"
    "  CHECK (end_date >= start)) STRICT;\n";
