#!/bin/sh
# bench/kpi-files.sh: `hearth kpi FILES` (the measures straight from an authority's files,
# in memory) against the two ways to the same answer: `hearth import` into SQLite then
# `hearth kpi --db`, and a plain single-threaded Python script (bench/kpi_files.py) that
# reads every row of the same files into memory and counts a dozen measures. Thirty
# Medway-sized authorities (64,000 children aged 0-17 each), one process per authority for
# each tool; wall clock and CPU seconds (user + system, GNU time) of all thirty. Checks that
# hearth gives the same JSON both ways and that the script's counts agree with hearth's.
# A benchmark to read, never a timed test.
#
# Environment: AUTHORITIES (default 30), POPULATION (default 64000), YEAR (collection year
# measured, default 2026), BENCH_OUT (default bench/out), HEARTH (default bin/hearth),
# PYTHON (default python3).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
out=${BENCH_OUT:-$root/bench/out}/kpi-files
n=${AUTHORITIES:-30}
pop=${POPULATION:-64000}
year=${YEAR:-2026}
python=${PYTHON:-python3}

[ -x "$hearth" ] || { echo "bench: no $hearth; run make first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for CPU seconds" >&2; exit 2; }
mkdir -p "$out"

# -- the files: authority i is seed i, regenerated each run (about 15 MB each)
i=1
while [ "$i" -le "$n" ]; do
    rm -rf "$out/la$i"
    "$hearth" demo generate --out "$out/la$i" --population "$pop" --first-year $((year - 1)) \
        --years 2 --seed "$i" > /dev/null
    i=$((i + 1))
done
mb=$(du -sk "$out"/la* | awk '{ k += $1 } END { printf "%.0f", k / 1024 }')
echo "$n authorities of $pop children aged 0-17: $mb MB of returns (CIN census XML, SSDA903, Annex A)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME SCRIPT: runs the shell script under GNU time; prints wall and CPU seconds
timed() {
    /usr/bin/time -f '%e %U %S' -o "$out/.time" sh -c "$2"
    awk -v name="$1" -v n="$n" '{ cpu = $2 + $3;
        printf "%-34s wall %6.2f s  CPU %6.2f s  (%.0f ms wall, %.0f ms CPU an authority)\n",
               name, $1, cpu, 1000 * $1 / n, 1000 * cpu / n }' "$out/.time"
    awk '{ print $1, $2 + $3 }' "$out/.time" > "$out/.time.$3"
}

# shellcheck disable=SC2016
timed "hearth kpi FILES (in memory)" '
i=1; while [ $i -le '"$n"' ]; do
  "'"$hearth"'" kpi --year '"$year"' --population '"$pop"' --format json "'"$out"'/la$i" > "'"$out"'/la$i.mem.json" || exit 1
  i=$((i + 1)); done' mem
# shellcheck disable=SC2016
timed "hearth import + kpi --db (SQLite)" '
i=1; while [ $i -le '"$n"' ]; do
  rm -f "'"$out"'/la$i.db" "'"$out"'/la$i.db-wal" "'"$out"'/la$i.db-shm"
  "'"$hearth"'" import --quiet --db "'"$out"'/la$i.db" "'"$out"'/la$i" || exit 1
  "'"$hearth"'" kpi --db "'"$out"'/la$i.db" --year '"$year"' --population '"$pop"' --format json > "'"$out"'/la$i.db.json" || exit 1
  i=$((i + 1)); done' db
# shellcheck disable=SC2016
timed "Python csv + xml.etree script" '
i=1; while [ $i -le '"$n"' ]; do
  "'"$python"'" "'"$root"'/bench/kpi_files.py" '"$year"' "'"$out"'/la$i" > "'"$out"'/la$i.py.txt" || exit 1
  i=$((i + 1)); done' py
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

read -r mw mc < "$out/.time.mem"
read -r dw dc < "$out/.time.db"
read -r pw pc < "$out/.time.py"
awk -v mw="$mw" -v mc="$mc" -v dw="$dw" -v dc="$dc" -v pw="$pw" -v pc="$pc" 'BEGIN {
    printf "hearth kpi FILES is %.1fx faster than the script by the wall clock (%.1fx by CPU),\n", pw / mw, pc / mc
    printf "and %.1fx faster than import + kpi by the wall clock (%.1fx by CPU)\n", dw / mw, dc / mc }'

# -- the answers: the same JSON both ways, and the script's counts equal to hearth's
bad=0
i=1
while [ "$i" -le "$n" ]; do
    cmp -s "$out/la$i.mem.json" "$out/la$i.db.json" || { echo "la$i: kpi FILES and kpi --db differ" >&2; bad=1; }
    "$python" - "$out/la$i.mem.json" "$out/la$i.py.txt" <<'PY' || bad=1
import json, sys
m = json.load(open(sys.argv[1]))['measures']
py = open(sys.argv[2]).read().split()[2:]
hearth = [m['contacts']['value'], m['referrals']['value'], m['assessments_completed']['value'],
          m['s47_started']['value'], m['cp_plans_started']['value'], m['cin_at_end']['value'],
          m['cla_at_end']['value'], m['cla_started']['value'], m['cla_ceased']['value'],
          m['cla_own_provision']['value'], m['children_missing']['value'],
          f"{m['care_leavers_suitable_accom']['value']}/{m['care_leavers_suitable_accom']['denominator']}"]
if [str(x) for x in hearth] != py:
    print(sys.argv[1], 'hearth', hearth, 'script', py, file=sys.stderr)
    sys.exit(1)
PY
    i=$((i + 1))
done
[ "$bad" = 0 ] && echo "answers: kpi FILES = import + kpi --db (byte-identical JSON), and the script's 12 counts = hearth's, for all $n"
exit "$bad"
