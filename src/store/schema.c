/* schema: the migrations. Dates are INTEGER Julian day numbers (date(col) shows them in
 * the sqlite3 shell); every table is STRICT; every row records the collection year it
 * came from (src_year) so a later return wins over an earlier one. Never edit a
 * migration that has shipped: add a new one. */
#include "schema.h"

#include <stddef.h>

#define DATE_COL(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 2415021 AND 2524593)"

static const char v1[] =
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;\n"
    "CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;\n"
    "CREATE TABLE staff (id INTEGER PRIMARY KEY, staff_ref TEXT NOT NULL UNIQUE,\n"
    "  name TEXT, team_id INTEGER REFERENCES team(id), role TEXT) STRICT;\n"
    "CREATE TABLE person (id INTEGER PRIMARY KEY, la_child_id TEXT NOT NULL UNIQUE,\n"
    "  upn TEXT, former_upn TEXT, upn_unknown TEXT, nhs_number TEXT, given_name TEXT, family_name TEXT,\n"
    "  " DATE_COL("dob") ", " DATE_COL("expected_dob") ", " DATE_COL("death_date") ",\n"
    "  sex TEXT, ethnicity TEXT, disabilities TEXT, mother INTEGER, " DATE_COL("mc_dob") ",\n"
    "  src_year INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE allocation (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  staff_id INTEGER NOT NULL REFERENCES staff(id), " DATE_COL("start") " NOT NULL, " DATE_COL("end_date") ",\n"
    "  UNIQUE (person_id, staff_id, start)) STRICT;\n"
    "CREATE TABLE contact (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("date") " NOT NULL, source TEXT NOT NULL, decision TEXT, " DATE_COL("decision_date") ",\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, date, source)) STRICT;\n"
    "CREATE INDEX contact_date ON contact(date);\n"
    "CREATE TABLE early_help (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("end_date") ", organisation TEXT,\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, start), CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE TABLE cin_episode (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("referral_date") " NOT NULL, referral_source TEXT, primary_need TEXT,\n"
    "  " DATE_COL("closure_date") ", closure_reason TEXT, referral_nfa INTEGER, " DATE_COL("icpc_date") ",\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, referral_date),\n"
    "  CHECK (closure_date IS NULL OR closure_date >= referral_date)) STRICT;\n"
    "CREATE INDEX cin_episode_referral ON cin_episode(referral_date, person_id, referral_nfa);\n"
    "CREATE INDEX cin_episode_closure ON cin_episode(closure_date, referral_date, person_id);\n"
    "CREATE TABLE assessment (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES cin_episode(id) ON DELETE CASCADE,\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("internal_review") ", " DATE_COL("authorised") ",\n"
    "  factors TEXT, src_year INTEGER NOT NULL, UNIQUE (episode_id, start),\n"
    "  CHECK (authorised IS NULL OR authorised >= start)) STRICT;\n"
    "CREATE INDEX assessment_authorised ON assessment(authorised, start);\n"
    "CREATE TABLE cin_episode_return (episode_id INTEGER NOT NULL REFERENCES cin_episode(id)\n"
    "  ON DELETE CASCADE, year INTEGER NOT NULL, " DATE_COL("first_day") " NOT NULL,\n"
    "  " DATE_COL("last_day") " NOT NULL, PRIMARY KEY (episode_id, year)) STRICT;\n"
    "CREATE TABLE cin_plan (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES cin_episode(id) ON DELETE CASCADE,\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("end_date") ", src_year INTEGER NOT NULL,\n"
    "  UNIQUE (episode_id, start), CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE TABLE s47_enquiry (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES cin_episode(id) ON DELETE CASCADE,\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("icpc_target") ", " DATE_COL("icpc_date") ",\n"
    "  icpc_not_required INTEGER, src_year INTEGER NOT NULL, UNIQUE (episode_id, start),\n"
    "  CHECK (icpc_date IS NULL OR icpc_date >= start)) STRICT;\n"
    "CREATE INDEX s47_start ON s47_enquiry(start);\n"
    "CREATE INDEX s47_icpc ON s47_enquiry(icpc_date);\n"
    "CREATE TABLE cp_plan (id INTEGER PRIMARY KEY,\n"
    "  episode_id INTEGER NOT NULL REFERENCES cin_episode(id) ON DELETE CASCADE,\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("end_date") ", initial_category TEXT, latest_category TEXT,\n"
    "  previous_plans INTEGER, src_year INTEGER NOT NULL, UNIQUE (episode_id, start),\n"
    "  CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX cp_plan_start ON cp_plan(start, episode_id, end_date, latest_category, previous_plans);\n"
    "CREATE TABLE cp_review (id INTEGER PRIMARY KEY,\n"
    "  plan_id INTEGER NOT NULL REFERENCES cp_plan(id) ON DELETE CASCADE,\n"
    "  " DATE_COL("date") " NOT NULL, src_year INTEGER NOT NULL, UNIQUE (plan_id, date)) STRICT;\n"
    "CREATE TABLE la_episode (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("decom") " NOT NULL, rne TEXT, ls TEXT, cin TEXT, place TEXT, place_provider TEXT,\n"
    "  " DATE_COL("dec") ", rec TEXT, reason_place_change TEXT, home_post TEXT, pl_post TEXT, urn TEXT,\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, decom), CHECK (dec IS NULL OR dec >= decom)) STRICT;\n"
    "CREATE INDEX la_episode_decom ON la_episode(decom);\n"
    "CREATE INDEX la_episode_dec ON la_episode(dec);\n"
    "CREATE TABLE la_review (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("date") " NOT NULL, code TEXT, src_year INTEGER NOT NULL, UNIQUE (person_id, date)) STRICT;\n"
    "CREATE TABLE missing_episode (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("start") " NOT NULL, " DATE_COL("end_date") ", kind TEXT, src_year INTEGER NOT NULL,\n"
    "  UNIQUE (person_id, start), CHECK (end_date IS NULL OR end_date >= start)) STRICT;\n"
    "CREATE INDEX missing_start ON missing_episode(start);\n"
    "CREATE TABLE care_leaver (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  year INTEGER NOT NULL, in_touch TEXT, activ TEXT, accom TEXT, src_year INTEGER NOT NULL,\n"
    "  UNIQUE (person_id, year)) STRICT;\n"
    "CREATE INDEX care_leaver_year ON care_leaver(year);\n"
    "CREATE TABLE la_outcome (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  year INTEGER NOT NULL, sdq_score TEXT, sdq_reason TEXT, convicted INTEGER, health_check INTEGER,\n"
    "  immunisations INTEGER, teeth_check INTEGER, health_assessment INTEGER, substance_misuse INTEGER,\n"
    "  intervention_received INTEGER, intervention_offered INTEGER, src_year INTEGER NOT NULL,\n"
    "  UNIQUE (person_id, year)) STRICT;\n"
    "CREATE TABLE adoption (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("date_int") " NOT NULL, " DATE_COL("date_match") ", foster_care INTEGER, nb_adoptr INTEGER,\n"
    "  sex_adoptr TEXT, ls_adoptr TEXT, src_year INTEGER NOT NULL, UNIQUE (person_id, date_int)) STRICT;\n"
    "CREATE TABLE placed_adoption (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  " DATE_COL("date_placed") " NOT NULL, " DATE_COL("date_placed_ceased") ", reason_placed_ceased TEXT,\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, date_placed)) STRICT;\n"
    "CREATE TABLE prev_perm (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL UNIQUE REFERENCES person(id),\n"
    "  prev_perm TEXT, la_perm TEXT, date_perm TEXT, src_year INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE uasc (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL UNIQUE REFERENCES person(id),\n"
    "  " DATE_COL("duc") ", src_year INTEGER NOT NULL) STRICT;\n"
    "CREATE TABLE sw_episode (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  sw_id TEXT NOT NULL, " DATE_COL("decom") " NOT NULL, " DATE_COL("dec") ", reason TEXT,\n"
    "  src_year INTEGER NOT NULL, UNIQUE (person_id, sw_id, decom)) STRICT;\n";

extern const char schema_case_sql[]; /* schema_case.c */
extern const char schema_team_sql[]; /* schema_team.c */
extern const char schema_trust_sql[]; /* schema_trust.c */
extern const char schema_measures_sql[]; /* schema_measures.c */
extern const char schema_trust2_sql[]; /* schema_trust2.c */
extern const char schema_stages_sql[]; /* schema_stages.c */
extern const char schema_notes_sql[]; /* schema_notes.c */
extern const char schema_workflow_sql[]; /* schema_workflow.c */
extern const char schema_content_sql[]; /* schema_content.c */
extern const char schema_reports_sql[]; /* schema_reports.c */
extern const char schema_people_sql[]; /* schema_people.c */
extern const char schema_placements_sql[]; /* schema_placements.c */
extern const char schema_findings_sql[]; /* schema_findings.c */
extern const char schema_documents_sql[]; /* schema_documents.c */
extern const char schema_people2_sql[]; /* schema_people2.c */
extern const char schema_dolo_sql[];      /* schema_dolo.c */
extern const char schema_early_help_sql[]; /* schema_early_help.c */
extern const char schema_exploitation_sql[]; /* schema_exploitation.c */
extern const char schema_panels_sql[]; /* schema_panels.c */
extern const char schema_mash_sql[], schema_mash_sqlite_sql[], schema_mash_pg_sql[]; /* schema_mash.c */
extern const char schema_workforce_sql[]; /* schema_workforce.c */
extern const char schema_qa_sql[]; /* schema_qa.c */
extern const char schema_contacts_sql[], schema_contacts_sqlite_sql[], schema_contacts_pg_sql[]; /* schema_contacts.c */
extern const char schema_privfost_sql[]; /* schema_privfost.c */
extern const char schema_stamp_sql[]; /* schema_stamp.c */
extern const char schema_closure_sql[]; /* schema_closure.c */

const struct migration schema_migrations[] = {
    {1, "record model: persons, episodes of need, looked-after episodes and their parts", v1},
    {2, "case work: users, sessions, access log, drafts, who holds each child", schema_case_sql},
    {3, "team work: the log of allocations made by managers", schema_team_sql},
    {4, "trust: the access log's hash chain, restricted records, legal holds, sign-in hardening", schema_trust_sql},
    {5, "measures: covering indexes for the facts the measures engine reads", schema_measures_sql},
    {6, "trust: security events, access log checkpoints, indexed name search", schema_trust2_sql},
    {7, "stages: visits, return interviews, pathway plans, leaver contacts, plan ends, family network", schema_stages_sql},
    {8, "notes: case notes, every version kept, each on the records of the children it concerns", schema_notes_sql},
    {9, "workflow: team kinds, referrals and transfers, authorisation requests, tasks, reviewing officers", schema_workflow_sql},
    {10, "content: what assessments say, meetings and their minutes, plans and their actions", schema_content_sql},
    {12, "reports: published figures loaded for benchmarking, committee report commentary", schema_reports_sql},
    {13, "people: details kept with their history, addresses, professionals, merged records", schema_people_sql},
    {14, "findings: what an imported return held that breaks a DfE content rule", schema_findings_sql},
    {15, "placements: carers and providers, placement details, health and education records", schema_placements_sql},
    {16, "documents: files attached to a child's record, kept in chunks with their SHA-256", schema_documents_sql},
    {17, "people: details a merge filled on the kept record, why an alert was ended early", schema_people2_sql},
    {18, "early help: episodes, assessments, the team around the family, family plans, Stronger Families", schema_early_help_sql},
    {19, "exploitation and missing: screenings, people of concern, support; missing from home, where found", schema_exploitation_sql},
    {20, "panels: referrals, meetings, decisions and actions, court proceedings, unit costs and budgets", schema_panels_sql},
    {21, "the voice of the child on visits and meetings; case file audits, their questions, actions and themes", schema_qa_sql},
    {22, "workforce: posts, the people in them, absences, caseload weights", schema_workforce_sql},
    {23, "the hub: partner officers' role, contacts in the hub, agency checks, consent, RAG", schema_mash_sql},
    {24, "returns: the SSDA903 deprivation of liberty orders table (2026-27)", schema_dolo_sql},
    {25, "contacts: the same child, day and source more than once (seq in the key)", schema_contacts_sql},
    {26, "private fostering: arrangements notified, the carer, visits, suitability, the end", schema_privfost_sql},
    {27, "figures: a change stamp bumped by every write that can move a figure, indexes for the facts", schema_stamp_sql},
    {28, "measures: the referrals' closure after assessment in their index", schema_closure_sql},
};
const int schema_migrations_n = sizeof schema_migrations / sizeof schema_migrations[0];

static const struct {
    int version;
    const char *sqlite, *pg;
} pre[] = {
    {23, schema_mash_sqlite_sql, schema_mash_pg_sql},
    {25, schema_contacts_sqlite_sql, schema_contacts_pg_sql},
};

const char *schema_pre_sql(int version, int pg)
{
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (pre[i].version == version)
            return pg ? pre[i].pg : pre[i].sqlite;
    return NULL;
}

/* ---- the PostgreSQL dialect ------------------------------------------------------------- */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Does the word at p (p[-1] not a word character) equal w, followed by a non-word char? */
static size_t word_is(const char *p, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(p, w, n) && !word_char(p[n]) ? n : 0;
}

/* Skip spaces and newlines. */
static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

char *schema_sql_pg(const char *sql)
{
    struct buf b = BUF_INIT;
    const char *p = sql;
    while (*p) {
        size_t n;
        if (*p == '\'' || *p == '"') { /* quoted text or name: copied as it is */
            char q = *p;
            const char *end = strchr(p + 1, q);
            n = end ? (size_t)(end - p) + 1 : strlen(p);
            buf_add(&b, p, n);
            p += n;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            const char *end = strchr(p, '\n');
            n = end ? (size_t)(end - p) : strlen(p);
            buf_add(&b, p, n);
            p += n;
            continue;
        }
        if (!word_char(*p) || (p > sql && word_char(p[-1]))) {
            buf_addc(&b, *p++);
            continue;
        }
        if ((n = word_is(p, "INTEGER"))) {
            const char *q = skip_space(p + n);
            size_t k = word_is(q, "PRIMARY");
            const char *r = k ? skip_space(q + k) : NULL;
            size_t k2 = r ? word_is(r, "KEY") : 0;
            if (k2) {
                buf_adds(&b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
                p = r + k2;
                const char *a = skip_space(p);
                size_t k3 = word_is(a, "AUTOINCREMENT");
                if (k3)
                    p = a + k3;
            } else {
                buf_adds(&b, "BIGINT");
                p += n;
            }
        } else if ((n = word_is(p, "REAL"))) {
            buf_adds(&b, "DOUBLE PRECISION");
            p += n;
        } else if ((n = word_is(p, "BLOB"))) {
            buf_adds(&b, "BYTEA");
            p += n;
        } else if ((n = word_is(p, "COLLATE")) && word_is(skip_space(p + n), "BINARY")) {
            /* byte order: SQLite's BINARY is PostgreSQL's "C" */
            const char *q = skip_space(p + n);
            buf_adds(&b, "COLLATE \"C\"");
            p = q + word_is(q, "BINARY");
        } else if ((n = word_is(p, "STRICT"))) {
            while (b.len && b.data[b.len - 1] == ' ') /* ") STRICT;" -> ");" */
                b.data[--b.len] = 0;
            p += n;
        } else if ((n = word_is(p, "WITHOUT"))) {
            const char *q = skip_space(p + n);
            size_t k = word_is(q, "ROWID");
            if (k) {
                while (b.len && b.data[b.len - 1] == ' ')
                    b.data[--b.len] = 0;
                p = q + k;
            } else {
                buf_add(&b, p, n);
                p += n;
            }
        } else { /* any other word, copied whole so its tail is never taken for a keyword */
            n = 0;
            while (word_char(p[n]))
                n++;
            buf_add(&b, p, n);
            p += n;
        }
    }
    return buf_detach(&b);
}
