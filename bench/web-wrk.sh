#!/bin/sh
# bench/web.sh: page latency of `hearth serve` with many concurrent sessions, measured with
# wrk on loopback. Builds the demo authority (64,000 children) unless $BENCH_DB exists,
# serves it, signs in $SESSIONS demo users (each an Argon2id check, so this takes a while),
# then runs wrk with $CONNS connections for $SECS seconds on each page in turn, every
# request on the next session. A benchmark to read, never a timed test.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
db=${BENCH_DB:-$root/bench/out/web-demo.db}
SESSIONS=${SESSIONS:-200}; CONNS=${CONNS:-200}; SECS=${SECS:-10}; THREADS=${THREADS:-4}
command -v wrk > /dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$(dirname "$db")"
[ -f "$db" ] || "$hearth" demo --db "$db" --quiet > /dev/null
tmp=$(mktemp -d /tmp/hearth-webbench-XXXXXX)
"$hearth" serve --db "$db" --listen 127.0.0.1:0 --today 2026-03-31 --threads "$THREADS" > "$tmp/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$tmp/out"); [ -n "$port" ] && break; sleep 0.1
done
base=http://127.0.0.1:$port
sign_in() { # user -> cookie line
    jar="$tmp/jar.$1.$$"
    csrf=$(curl -s -c "$jar" "$base/sign-in" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$csrf&next=&name=$1&password=demo-password" "$base/sign-in"
    awk '$6 == "hearth_session" { print "hearth_session=" $7 }' "$jar"
    rm -f "$jar"
}
t0=$(date +%s)
i=0
: > "$tmp/worker"; : > "$tmp/sw"; : > "$tmp/manager"; : > "$tmp/analyst"
while [ $i -lt "$SESSIONS" ]; do
    case $((i % 4)) in
    0) sign_in social.worker | tee -a "$tmp/sw" >> "$tmp/worker" ;;
    1) sign_in care.worker >> "$tmp/worker" ;;
    2) sign_in manager >> "$tmp/manager" ;;
    3) sign_in analyst >> "$tmp/analyst" ;;
    esac
    i=$((i + 1))
done
echo "$SESSIONS sessions signed in ($(( $(date +%s) - t0 )) s); $CONNS connections, $SECS s a page, $THREADS server threads"
child=$(curl -s -b "$(head -1 "$tmp/sw")" "$base/my-work" | sed -n 's/.*href="\(\/children\/[0-9]*\)".*/\1/p' | head -1)
printf "%-22s %9s %8s %8s %8s\n" page "req/s" "p50 ms" "p90 ms" "p99 ms"
run() { # label cookie-file pages
    COOKIES=$2 PAGES=$3 wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$root/bench/web.lua" "$base" > "$tmp/wrk" 2>&1
    awk -v l="$1" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        $1 == "50%" { p50 = ms($2) } $1 == "90%" { p90 = ms($2) } $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        END { printf "%-22s %9.0f %8.1f %8.1f %8.1f\n", l, rps, p50, p90, p99 }' "$tmp/wrk"
    grep -q "status" "$tmp/wrk" && echo "  (some answers were not 200: $(grep -c status "$tmp/wrk"))"
    return 0
}
run "/my-work" "$tmp/worker" "/my-work"
run "/children/:id" "$tmp/sw" "$child"
run "/search" "$tmp/worker" "/search?q=2000"
run "/front-door" "$tmp/manager" "/front-door"
run "/dashboard" "$tmp/analyst" "/dashboard"
run "mixed" "$tmp/sw" "/my-work $child /search?q=2000 /front-door"
