#!/bin/sh
# bench/plans.sh: how fast a child's record and plan pages open when the child has 100 plans
# of 10 actions each (4,000 changes of status in their history) and 400 meetings with their
# minutes. Makes a small demo authority, gives its first child allocated to social.worker
# that history straight in SQL (SQLite), serves it with the release build and runs
# bench/plans.mjs, which prints the fastest, p50, p95 and slowest of each page. A benchmark
# to read, never a timed test. RUNS (requests per page) and HEARTH change the run.
set -eu
HEARTH=${HEARTH:-bin/hearth}
out=${BENCH_OUT:-bench/out}/plans
mkdir -p "$out"
db="$out/plans.db"
rm -f "$db" "$db-wal" "$db-shm"
"$HEARTH" demo --db "$db" --population 3000 --years 1 --quiet > "$out/demo.log"
uid=$(sqlite3 "$db" "SELECT id FROM app_user WHERE name = 'social.worker'")
child=$(sqlite3 "$db" "SELECT a.person_id FROM allocation a JOIN app_user u ON u.staff_id = a.staff_id
                       WHERE u.name = 'social.worker' AND a.end_date IS NULL ORDER BY a.person_id LIMIT 1")
[ -n "$child" ] || { echo "no child allocated to social.worker"; exit 1; }
# Julian days: 2461131 is 31 March 2026 (the server's today)
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO child_plan (id, person_id, kind, start, needs, outcomes, recorded_by, recorded_at)
SELECT 1000000 + i, $child, CASE i % 4 WHEN 0 THEN 'CP' WHEN 1 THEN 'CIN' WHEN 2 THEN 'CARE' ELSE 'PATHWAY' END,
       2461131 - 3000 + i * 29, 'The needs the plan is for, written at some length. ' || hex(zeroblob(200)),
       'The outcomes wanted. ' || hex(zeroblob(200)), $uid, 1700000000 + i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO plan_action (id, plan_id, seq, action, owner, due, status)
SELECT 1000000 + i, 1000000 + (i - 1) / 10 + 1, (i - 1) % 10 + 1, 'Action number ' || i, 'Owner ' || (i % 7),
       2461131 - 2900 + i * 3, CASE i % 4 WHEN 0 THEN 'NOT_STARTED' WHEN 1 THEN 'IN_PROGRESS' WHEN 2 THEN 'DONE'
       ELSE 'NOT_NEEDED' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO meeting (id, person_id, kind, date, plan_id, decisions, minutes, recorded_by, recorded_at)
SELECT 1000000 + i, $child, 'CIN_REVIEW', 2461131 - 3000 + i * 7, 1000000 + (i - 1) / 4 + 1, 'Decided.',
       substr(replace(hex(zeroblob(60)), '00', 'Minutes of the meeting, as long as they are. '), 1, 2000),
       $uid, 1700000000 + i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO meeting_attendee (meeting_id, seq, name, agency)
SELECT m.id, n.i, 'Person ' || n.i, 'Agency' FROM meeting m, n WHERE m.person_id = $child;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO plan_action_update (action_id, meeting_id, status, note, by_user, at)
SELECT a.id, 1000000 + (a.plan_id - 1000000 - 1) * 4 + n.i, 'IN_PROGRESS', 'Progress noted.', $uid, 1700000000
FROM plan_action a, n WHERE a.id >= 1000000;
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
echo "child $child: $(sqlite3 "$db" "SELECT count(*) FROM child_plan WHERE person_id = $child") plans," \
     "$(sqlite3 "$db" "SELECT count(*) FROM meeting WHERE person_id = $child") meetings;" \
     "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/plans.mjs "http://127.0.0.1:$port" "$child" "${RUNS:-200}" | tee "$out/plans.txt"
