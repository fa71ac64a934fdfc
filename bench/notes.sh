#!/bin/sh
# bench/notes.sh: how fast a child's record, notes and chronology open when the child has
# 5,000 case notes and 100 episodes' worth of events (assessments, plans, enquiries,
# conferences, reviews: about 1,200 events). Makes a small demo authority, gives its first
# allocated child that history straight in SQL (SQLite), serves it with the release build
# and runs bench/notes.mjs, which prints p50, p95 and the slowest of each page. A benchmark
# to read, never a timed test. RUNS (requests per page) and HEARTH change the run; figures
# are in bench/notes.md.
set -eu
HEARTH=${HEARTH:-bin/hearth}
out=${BENCH_OUT:-bench/out}/notes
mkdir -p "$out"
db="$out/notes.db"
rm -f "$db" "$db-wal" "$db-shm"
"$HEARTH" demo --db "$db" --population 3000 --years 1 --quiet > "$out/demo.log"
uid=$(sqlite3 "$db" "SELECT id FROM app_user WHERE name = 'social.worker'")
child=$(sqlite3 "$db" "SELECT a.person_id FROM allocation a JOIN app_user u ON u.staff_id = a.staff_id
                       WHERE u.name = 'social.worker' AND a.end_date IS NULL ORDER BY a.person_id LIMIT 1")
[ -n "$child" ] || { echo "no child allocated to social.worker"; exit 1; }
# Julian days: 2451545 is 1 January 2000; 2461131 is 31 March 2026 (the server's today)
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO cin_episode (person_id, referral_date, referral_source, primary_need, closure_date,
                         closure_reason, src_year)
SELECT $child, 2451545 + i * 60, '6', 'N1', 2451545 + i * 60 + 50, 'RC1', 2026 FROM n;
INSERT INTO assessment (episode_id, start, authorised, factors, src_year)
SELECT id, referral_date + 1, referral_date + 10, '2B,3A,21', 2026 FROM cin_episode
WHERE person_id = $child AND closure_reason = 'RC1';
INSERT INTO cin_plan (episode_id, start, end_date, src_year)
SELECT episode_id, start + 10, start + 19, 2026 FROM assessment a JOIN cin_episode e ON e.id = a.episode_id
WHERE e.person_id = $child;
INSERT INTO s47_enquiry (episode_id, start, icpc_date, src_year)
SELECT episode_id, start + 11, start + 24, 2026 FROM assessment a JOIN cin_episode e ON e.id = a.episode_id
WHERE e.person_id = $child;
INSERT INTO cp_plan (episode_id, start, end_date, initial_category, latest_category, src_year)
SELECT episode_id, start + 24, start + 48, 'EMO', 'EMO', 2026 FROM assessment a JOIN cin_episode e ON e.id = a.episode_id
WHERE e.person_id = $child;
INSERT INTO cp_review (plan_id, date, src_year)
SELECT p.id, p.start + 10, 2026 FROM cp_plan p JOIN cin_episode e ON e.id = p.episode_id WHERE e.person_id = $child;
INSERT INTO cp_review (plan_id, date, src_year)
SELECT p.id, p.start + 20, 2026 FROM cp_plan p JOIN cin_episode e ON e.id = p.episode_id WHERE e.person_id = $child;
-- 5,000 notes over the last 14 years, about 1,600 characters each, one in twenty significant
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO case_note (id, version, author, created, team_id, oversight)
SELECT 1000000 + i, 1, $uid, 1700000000 + i, NULL, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO case_note_version (note_id, version, kind, at_day, at_min, present, seen, seen_alone, body,
                               significant, oversight, by_user, at)
SELECT 1000000 + i, 1,
       CASE i % 5 WHEN 0 THEN 'home_visit' WHEN 1 THEN 'telephone' WHEN 2 THEN 'meeting'
                  WHEN 3 THEN 'direct_work' ELSE 'supervision' END,
       2461131 - i, (i * 37) % 1440, 'Jo (mother), the child', 1, i % 2,
       substr(replace(hex(zeroblob(60)), '00', 'The child was seen at home with her mother and talked about school. '),
              1, 1500) || char(10) || char(10) || 'Next steps: visit again within ten working days.',
       i % 20 = 0, 0, $uid, 1700000000 + i FROM n;
INSERT INTO case_note_child (person_id, note_id, at_key, kind, significant)
SELECT $child, note_id, at_day * 1440 + at_min, kind, significant FROM case_note_version WHERE note_id > 1000000;
COMMIT;
ANALYZE;
SQL
"$HEARTH" serve --db "$db" --listen 127.0.0.1:0 --assets . --today 2026-03-31 \
    > "$out/serve.out" 2> "$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$out/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$out/serve.err"; exit 1; }
echo "child $child: $(sqlite3 "$db" "SELECT count(*) FROM case_note_child WHERE person_id = $child") notes;" \
     "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/notes.mjs "http://127.0.0.1:$port" "$child" "${RUNS:-200}" | tee "$out/notes.txt"
