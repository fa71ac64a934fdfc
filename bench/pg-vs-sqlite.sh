#!/bin/sh
# bench/pg-vs-sqlite.sh: the same authority on both stores, side by side, printed as one
# table: records imported per second (`hearth import` of every file of two collection
# years, one transaction), a whole `hearth kpi --year` (best of BENCH_RUNS), and with
# BENCH_WEB=1 page latency under load (`hearth serve` on each store, bench/web.mjs). SQLite
# is a file; PostgreSQL a durable (fsync on) throwaway server on loopback started with
# tests/pg-server.sh, its data under BENCH_OUT. A benchmark to read, never a timed test.
#
# The machine may be shared: besides the wall clock each step reports CPU seconds (user +
# system from GNU time; for PostgreSQL also the server's, from /proc), and the load average.
#
# Environment: BENCH_SIZES (children aged 0-17, default 300000; 12000000 is all England),
# BENCH_FILES_<size> (a folder of that size's files made earlier by `hearth demo generate
# --first-year 2025 --years 2 --seed 1`, read, never changed; else they are generated under
# BENCH_OUT), BENCH_RUNS (default 5), BENCH_OUT (default bench/out), HEARTH (default
# bin/hearth), BENCH_WEB=1 (the page latency too: WEB_POP children, default 64000, CLIENTS
# default 50, SECS default 20, SESSIONS default 28, THREADS default 4).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
sizes=${BENCH_SIZES-300000} # set but empty: no sizes (BENCH_WEB alone)
runs=${BENCH_RUNS:-5}
base=${BENCH_OUT:-$root/bench/out}
[ -x "$hearth" ] || { echo "bench: no $hearth; run make first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time)" >&2; exit 2; }
mkdir -p "$base"
base=$(cd "$base" && pwd)

load() { cut -d' ' -f1-3 /proc/loadavg; }
tick=$(getconf CLK_TCK)
# CPU seconds the PostgreSQL server has used: the postmaster with its finished children
# (utime, stime, cutime, cstime) and its running ones (utime, stime)
pg_cpu() {
    sleep 1 # a backend that has just exited counts once the postmaster has reaped it
    pm=$(head -1 "$pgdir/data/postmaster.pid")
    {
        sed 's/^.*) //' "/proc/$pm/stat" | awk '{ print $12 + $13 + $14 + $15 }'
        for c in $(ps --ppid "$pm" -o pid= 2>/dev/null); do
            [ -r "/proc/$c/stat" ] && sed 's/^.*) //' "/proc/$c/stat" | awk '{ print $12 + $13 }'
        done
    } | awk -v t="$tick" '{ n += $1 } END { printf "%.1f", n / t }'
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
records() { # every row of an import summary: added + updated + unchanged
    awk 'NF >= 4 && $(NF-2) ~ /^[0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ && $NF ~ /^[0-9]+$/ {
             n += $(NF-2) + $(NF-1) + $NF } END { print n + 0 }' "$1"
}
# timed OUT CMD...: runs CMD with GNU time into OUT.time ("wall user sys maxrss_kb")
timed() {
    o=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$o.time" "$@"
}
field() { awk -v i="$2" '{ print $i }' "$1"; }

pgdir=$(mktemp -d "$base/pg-XXXXXX")
chmod 755 "$pgdir"
web_pid=""
cleanup() {
    [ -n "$web_pid" ] && { kill "$web_pid" 2>/dev/null; wait "$web_pid" 2>/dev/null || true; }
    sh "$root/tests/pg-server.sh" stop "$pgdir"
}
trap cleanup EXIT INT TERM
uri=$(PG_SERVER_DURABLE=1 sh "$root/tests/pg-server.sh" start "$pgdir")

table="$base/pg-vs-sqlite.md"
{
    echo "| children | store | records | import: wall | import: records/s | import: CPU s (hearth + server) | import: peak RSS of hearth | \`kpi --year\`: best wall | \`kpi\`: CPU s a run (hearth + server) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$table"
echo "machine: $(nproc) cores; load average $(load) at the start"

run_store() { # pop name db-uri files out
    pop=$1 name=$2 db=$3 files=$4 out=$5
    s0=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
    timed "$out/import-$name" "$hearth" import --db "$db" --la "bench$pop" "$files" > "$out/import-$name.txt"
    s1=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
    n=$(records "$out/import-$name.txt")
    wall=$(field "$out/import-$name.time" 1)
    cpu=$(awk '{ printf "%.1f", $2 + $3 }' "$out/import-$name.time")
    rss=$(awk '{ printf "%.0f MB", $4 / 1024 }' "$out/import-$name.time")
    rate=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
    best="" kcpu=0
    s2=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
    i=0
    while [ $i -lt "$runs" ]; do
        timed "$out/kpi-$name" "$hearth" kpi --db "$db" --la "bench$pop" --year 2026 --population "$pop" \
            --format json > "$out/kpi-$name.json"
        w=$(awk '{ printf "%.0f", $1 * 1000 }' "$out/kpi-$name.time")
        best=$(awk -v a="$best" -v b="$w" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
        kcpu=$(awk -v a="$kcpu" '{ print a + $2 + $3 }' "$out/kpi-$name.time")
        i=$((i + 1))
    done
    s3=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
    kcpu=$(awk -v a="$kcpu" -v r="$runs" 'BEGIN { printf "%.2f", a / r }')
    if [ "$name" = PostgreSQL ]; then
        icpu="$cpu + $(sub "$s0" "$s1")"
        kcpu="$kcpu + $(awk -v a="$s2" -v b="$s3" -v r="$runs" 'BEGIN { printf "%.2f", (b - a) / r }')"
    else
        icpu="$cpu + 0"
        kcpu="$kcpu + 0"
    fi
    printf '   %-10s import %9s records in %7s s = %7s records/s (CPU %s s, peak RSS %s); kpi --year %5s ms (best of %s; CPU %s s a run); load %s\n' \
        "$name" "$n" "$wall" "$rate" "$icpu" "$rss" "$best" "$runs" "$kcpu" "$(load)"
    echo "| $pop | $name | $n | $wall s | $rate | $icpu | $rss | $best ms | $kcpu |" >> "$table"
}

for pop in $sizes; do
    out="$base/pg-vs-sqlite-$pop"
    mkdir -p "$out"
    eval "files=\${BENCH_FILES_$pop:-}"
    if [ -z "$files" ]; then
        files="$out/files"
        rm -rf "$files"
        "$hearth" demo generate --out "$files" --population "$pop" --first-year 2025 --years 2 --seed 1 > /dev/null
    fi
    echo "== $pop children aged 0-17, collection years 2025 and 2026 ($(du -sh "$files" | cut -f1) of files in $files)"
    rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
    run_store "$pop" SQLite "$out/bench.db" "$files" "$out"
    rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm" # disk: England's is gigabytes
    run_store "$pop" PostgreSQL "$uri" "$files" "$out"
    store_destroy_la="bench$pop"
    HEARTH_LA=$store_destroy_la psql -X -q -d "$uri" -c "SET client_min_messages = warning" \
        -c "DROP SCHEMA la_$store_destroy_la CASCADE" > /dev/null 2>&1 || true
    if cmp -s "$out/kpi-SQLite.json" "$out/kpi-PostgreSQL.json"; then
        echo "   the two stores give the same figures (kpi JSON identical)"
    else
        echo "   FIGURES DIFFER: compare $out/kpi-SQLite.json and $out/kpi-PostgreSQL.json"; exit 1
    fi
done

if [ "${BENCH_WEB:-0}" = 1 ]; then
    wpop=${WEB_POP:-64000}
    out="$base/pg-vs-sqlite-web"
    mkdir -p "$out"
    {
        echo
        echo "| store | page | requests | p50 ms | p95 ms | p99 ms |"
        echo "| --- | --- | --- | --- | --- | --- |"
    } >> "$table"
    echo "== page latency: $wpop children, ${CLIENTS:-50} clients for ${SECS:-20} s, ${THREADS:-4} server threads"
    for name in SQLite PostgreSQL; do
        if [ "$name" = SQLite ]; then db="$out/web.db"; rm -f "$db" "$db-wal" "$db-shm"; else db=$uri; fi
        HEARTH_LA=web "$hearth" demo --db "$db" --population "$wpop" --quiet > "$out/demo-$name.txt"
        HEARTH_LA=web "$hearth" serve --db "$db" --listen 127.0.0.1:0 --assets "$root" --today 2026-03-31 \
            --threads "${THREADS:-4}" > "$out/serve-$name.out" 2> "$out/serve-$name.err" &
        web_pid=$!
        port=""
        for _ in $(seq 1 100); do
            port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$out/serve-$name.out")
            [ -n "$port" ] && break
            sleep 0.1
        done
        [ -n "$port" ] || { cat "$out/serve-$name.err"; exit 1; }
        s0=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
        SESSIONS=${SESSIONS:-28} node "$root/bench/web.mjs" "http://127.0.0.1:$port" "${CLIENTS:-50}" "${SECS:-20}" \
            > "$out/web-$name.txt"
        s1=$([ "$name" = PostgreSQL ] && pg_cpu || echo 0)
        kill "$web_pid"; wait "$web_pid" 2>/dev/null || true; web_pid=""
        if [ "$name" = PostgreSQL ]; then
            echo "   $name (load $(load); the PostgreSQL server used $(sub "$s0" "$s1") s of CPU besides hearth's):"
        else
            echo "   $name (load $(load)):"
        fi
        sed 's/^/     /' "$out/web-$name.txt"
        # rows of web.mjs's table: page, requests, p50, p95, p99
        awk -v s="$name" '$1 ~ /^\// && NF >= 5 { printf "| %s | %s | %s | %s | %s | %s |\n", s, $1, $2, $3, $4, $5 }' \
            "$out/web-$name.txt" >> "$table"
    done
    [ -f "$out/web.db" ] && rm -f "$out/web.db" "$out/web.db-wal" "$out/web.db-shm"
fi

echo "load average $(load) at the end"
echo
cat "$table"
