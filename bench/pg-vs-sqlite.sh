#!/bin/sh
# bench/pg-vs-sqlite.sh: the same large authority on both stores, side by side: records
# imported per second (`hearth import` of every file of two collection years, one
# transaction) and a whole `hearth kpi --year` in milliseconds (best of BENCH_RUNS), on
# SQLite (a file) and on PostgreSQL (a durable throwaway server on loopback started with
# tests/pg-server.sh, fsync on). A benchmark to read, never a timed test.
#
# Environment: BENCH_POP (children aged 0-17, default 300000: a large county),
# BENCH_RUNS (default 5), BENCH_OUT (default bench/out), HEARTH (default bin/hearth).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
pop=${BENCH_POP:-300000}
runs=${BENCH_RUNS:-5}
out=${BENCH_OUT:-$root/bench/out}/pg-vs-sqlite-$pop
[ -x "$hearth" ] || { echo "bench: no $hearth; run make first" >&2; exit 2; }
mkdir -p "$out"

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
records() { # every row of an import summary: added + updated + unchanged
    awk 'NF >= 4 && $(NF-2) ~ /^[0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ && $NF ~ /^[0-9]+$/ {
             n += $(NF-2) + $(NF-1) + $NF } END { print n + 0 }' "$1"
}

pgdir=$(mktemp -d /tmp/hearth-bench-pg-XXXXXX)
trap 'sh "$root/tests/pg-server.sh" stop "$pgdir"' EXIT INT TERM
uri=$(PG_SERVER_DURABLE=1 sh "$root/tests/pg-server.sh" start "$pgdir")

rm -rf "$out/files"
"$hearth" demo generate --out "$out/files" --population "$pop" --first-year 2025 --years 2 --seed 1 > /dev/null
echo "== $pop children aged 0-17, collection years 2025 and 2026 ($(du -sh "$out/files" | cut -f1) of files)"
echo "   machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

run_store() { # name db-uri
    name=$1 db=$2
    t0=$(now)
    "$hearth" import --db "$db" --la bench "$out/files" > "$out/import-$name.txt"
    t1=$(now)
    n=$(records "$out/import-$name.txt")
    rate=$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    best=""
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(now)
        "$hearth" kpi --db "$db" --la bench --year 2026 --population "$pop" --format json > "$out/kpi-$name.json"
        t1=$(now)
        best=$(min "$best" "$(ms "$t0" "$t1")")
        i=$((i + 1))
    done
    printf '   %-10s import %9s records in %6s s = %7s records/s   kpi --year %5s ms (best of %s)\n' \
        "$name" "$n" "$secs" "$rate" "$best" "$runs"
}

rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
run_store SQLite "$out/bench.db"
run_store PostgreSQL "$uri"
if cmp -s "$out/kpi-SQLite.json" "$out/kpi-PostgreSQL.json"; then
    echo "   the two stores give the same figures (kpi JSON identical)"
else
    echo "   FIGURES DIFFER: compare $out/kpi-SQLite.json and $out/kpi-PostgreSQL.json"; exit 1
fi
echo "   load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
