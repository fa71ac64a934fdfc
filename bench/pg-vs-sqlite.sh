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
# After each size, the import side by side: PostgreSQL's wall clock and CPU (hearth's plus
# the server's) over SQLite's, also as a table of its own at the end. HEARTH_PG_BULK_MB
# (the PostgreSQL bulk path's memory) is passed on: a small one makes a 300,000-child
# import behave as all England's does at 256 MB (rows written early, read back).
#
# Environment: BENCH_SIZES (children aged 0-17, default 300000; 12000000 is all England),
# BENCH_FILES_<size> (a folder of that size's files made earlier by `hearth demo generate
# --first-year 2025 --years 2 --seed 1`, read, never changed; else they are generated under
# BENCH_OUT), BENCH_RUNS (default 5), BENCH_OUT (default bench/out), HEARTH (default
# bin/hearth), BENCH_WEB=1 (the page latency too: WEB_POP children, default 64000, CLIENTS
# default 50, SECS default 20, SESSIONS default 28, THREADS default 4).
#
# Page latency on databases made earlier, instead of a fresh `hearth demo` of WEB_POP
# children: WEB_DB_SQLITE=PATH (a SQLite database) and WEB_DB_PG=URI (a PostgreSQL
# server's database; WEB_LA the authority, default web, set but empty the default one of
# a database imported without --la; WEB_PG_DATA the server's data
# folder, when it runs on this machine, to count its CPU). Such a database needs the demo's
# sign-ins: for one made by `hearth import`, run `hearth demo users --db DB` once first. It
# is used, never removed (the run adds page views to its access log). A store without its
# variable gets the fresh demo as before; WEB_STORES picks the stores (default
# "SQLite PostgreSQL"). Besides latency, the CPU of `hearth serve` (and of the PostgreSQL
# server) per request over the timed part is printed: the load of a shared machine
# inflates it less than it inflates latency.
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
# (utime, stime, cutime, cstime) and its running ones (utime, stime). $1: its data folder
# (default the throwaway server's)
pg_cpu() {
    sleep 1 # a backend that has just exited counts once the postmaster has reaped it
    pm=$(head -1 "${1:-$pgdir/data}/postmaster.pid")
    {
        sed 's/^.*) //' "/proc/$pm/stat" | awk '{ print $12 + $13 + $14 + $15 }'
        for c in $(ps --ppid "$pm" -o pid= 2>/dev/null); do
            [ -r "/proc/$c/stat" ] && sed 's/^.*) //' "/proc/$c/stat" | awk '{ print $12 + $13 }'
        done
    } | awk -v t="$tick" '{ n += $1 } END { printf "%.1f", n / t }'
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# CPU seconds (user + system) process $1 has used so far
proc_cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$tick" '{ printf "%.2f", ($12 + $13) / t }'; }
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
    rm -rf "$pgdir"
}
trap cleanup EXIT INT TERM
# the throwaway server, unless nothing would use it (pages only, on a PostgreSQL database
# made earlier or on SQLite alone)
uri=""
case " ${WEB_STORES:-SQLite PostgreSQL} " in *" PostgreSQL "*) web_pg=1 ;; *) web_pg=0 ;; esac
if [ -n "$sizes" ] || { [ "${BENCH_WEB:-0}" = 1 ] && [ "$web_pg" = 1 ] && [ -z "${WEB_DB_PG:-}" ]; }; then
    uri=$(PG_SERVER_DURABLE=1 sh "$root/tests/pg-server.sh" start "$pgdir")
fi

table="$base/pg-vs-sqlite.md"
rm -f "$base/pg-vs-sqlite-import.txt"
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
    # wall, hearth's CPU, the server's CPU: for the side-by-side line after both stores
    echo "$wall $cpu $(sub "$s0" "$s1")" > "$out/import-$name.sum"
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
    # the import side by side: PostgreSQL's time over SQLite's, wall and CPU (hearth + server)
    read -r sw sc _ < "$out/import-SQLite.sum"
    read -r pw pc ps < "$out/import-PostgreSQL.sum"
    line=$(awk -v sw="$sw" -v sc="$sc" -v pw="$pw" -v pc="$pc" -v ps="$ps" 'BEGIN {
        printf "SQLite %.1f s (CPU %.1f s); PostgreSQL %.1f s (CPU %.1f s hearth + %.1f s server); PostgreSQL / SQLite: %.2f wall, %.2f CPU",
            sw, sc, pw, pc, ps, pw / sw, (pc + ps) / sc }')
    echo "   import: $line"
    echo "$pop|$sw|$sc|$pw|$pc|$ps" >> "$base/pg-vs-sqlite-import.txt"
    if cmp -s "$out/kpi-SQLite.json" "$out/kpi-PostgreSQL.json"; then
        echo "   the two stores give the same figures (kpi JSON identical)"
    else
        echo "   FIGURES DIFFER: compare $out/kpi-SQLite.json and $out/kpi-PostgreSQL.json"; exit 1
    fi
done

if [ "${BENCH_WEB:-0}" = 1 ]; then
    wpop=${WEB_POP:-64000}
    wla=${WEB_LA-web} # set but empty: the default authority (a database imported without --la)
    out="$base/pg-vs-sqlite-web"
    mkdir -p "$out"
    {
        echo
        echo "| store | page | requests | p50 ms | p95 ms | p99 ms |"
        echo "| --- | --- | --- | --- | --- | --- |"
    } >> "$table"
    echo "== page latency: ${CLIENTS:-50} clients for ${SECS:-20} s, ${THREADS:-4} server threads"
    for name in ${WEB_STORES:-SQLite PostgreSQL}; do
        # the database: one made earlier (WEB_DB_*), or a fresh demo of wpop children
        given=""
        if [ "$name" = SQLite ]; then
            given=${WEB_DB_SQLITE:-}
            db=${given:-$out/web.db}
            [ -n "$given" ] || rm -f "$db" "$db-wal" "$db-shm"
            pgdata=""
        elif [ "$name" = PostgreSQL ]; then
            given=${WEB_DB_PG:-}
            db=${given:-$uri}
            pgdata=$([ -n "$given" ] && echo "${WEB_PG_DATA:-}" || echo "$pgdir/data")
        else
            echo "bench: WEB_STORES: '$name' is neither SQLite nor PostgreSQL" >&2; exit 2
        fi
        if [ -n "$given" ]; then
            echo "   $name: the database made earlier, $db (authority $wla)"
        else
            echo "   $name: a fresh demo of $wpop children"
            HEARTH_LA=$wla "$hearth" demo --db "$db" --population "$wpop" --quiet > "$out/demo-$name.txt"
        fi
        HEARTH_LA=$wla "$hearth" serve --db "$db" --listen 127.0.0.1:0 --assets "$root" --today "${WEB_TODAY:-2026-03-31}" \
            --threads "${THREADS:-4}" > "$out/serve-$name.out" 2> "$out/serve-$name.err" &
        web_pid=$!
        port=""
        for _ in $(seq 1 600); do
            port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$out/serve-$name.out")
            [ -n "$port" ] && break
            kill -0 "$web_pid" 2>/dev/null || break
            sleep 0.1
        done
        [ -n "$port" ] || { cat "$out/serve-$name.err"; exit 1; }
        rm -f "$out/web-$name.txt"
        SESSIONS=${SESSIONS:-28} node "$root/bench/web.mjs" "http://127.0.0.1:$port" "${CLIENTS:-50}" "${SECS:-20}" \
            > "$out/web-$name.txt" &
        node_pid=$!
        # the CPU counted from the end of the sign-ins (Argon2id, not page work) to the end
        until grep -q "signed in" "$out/web-$name.txt" 2>/dev/null || ! kill -0 "$node_pid" 2>/dev/null; do
            sleep 0.1
        done
        h0=$(proc_cpu "$web_pid")
        s0=$([ -n "$pgdata" ] && pg_cpu "$pgdata" || echo 0)
        wait "$node_pid"
        h1=$(proc_cpu "$web_pid")
        s1=$([ -n "$pgdata" ] && pg_cpu "$pgdata" || echo 0)
        kill "$web_pid"; wait "$web_pid" 2>/dev/null || true; web_pid=""
        n=$(sed -n 's/.* \([0-9]*\) requests (.*/\1/p' "$out/web-$name.txt")
        per() { awk -v a="$1" -v b="$2" -v n="${n:-0}" 'BEGIN { printf "%.2f", n ? (b - a) * 1000 / n : 0 }'; }
        cpu="hearth serve used $(sub "$h0" "$h1") s of CPU, $(per "$h0" "$h1") ms a request"
        if [ "$name" = PostgreSQL ] && [ -n "$pgdata" ]; then
            cpu="$cpu; the PostgreSQL server $(sub "$s0" "$s1") s, $(per "$s0" "$s1") ms a request"
        elif [ "$name" = PostgreSQL ]; then
            cpu="$cpu; the PostgreSQL server's not counted (set WEB_PG_DATA)"
        fi
        echo "   $name (load $(load); $cpu):"
        sed 's/^/     /' "$out/web-$name.txt"
        # rows of web.mjs's table: page, requests, p50, p95, p99
        awk -v s="$name" '$1 ~ /^\// && NF >= 5 { printf "| %s | %s | %s | %s | %s | %s |\n", s, $1, $2, $3, $4, $5 }' \
            "$out/web-$name.txt" >> "$table"
    done
    [ -f "$out/web.db" ] && rm -f "$out/web.db" "$out/web.db-wal" "$out/web.db-shm"
fi

if [ -s "$base/pg-vs-sqlite-import.txt" ]; then
    {
        echo
        echo "| children | SQLite import: wall (CPU s) | PostgreSQL import: wall (CPU s, hearth + server) | PostgreSQL / SQLite: wall | CPU |"
        echo "| --- | --- | --- | --- | --- |"
        awk -F'|' '{ printf "| %s | %.1f s (%.1f) | %.1f s (%.1f + %.1f) | %.2f | %.2f |\n",
                     $1, $2, $3, $4, $5, $6, $4 / $2, ($5 + $6) / $3 }' "$base/pg-vs-sqlite-import.txt"
    } >> "$table"
fi
echo "load average $(load) at the end"
echo
cat "$table"
