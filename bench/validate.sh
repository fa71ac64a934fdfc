#!/bin/sh
# bench/validate.sh: build bench/validate.c against the release objects and run it: one
# large authority's year (default 64,000 children aged 0-17: about 5,000 in the CIN census,
# 1,500 looked after) checked with every rule hearth has, in milliseconds; then the whole
# `hearth validate` command on the same kind of database, wall clock.
# Environment: BENCH_POPULATION (default 64000), BENCH_YEAR (default 2026), BENCH_RUNS (5).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
make --no-print-directory bin/hearth >/dev/null
PKGS="sqlite3 libpq libxml-2.0 jansson xlsxwriter libmicrohttpd libsodium"
objs=$(find build/rel -name '*.o' ! -path build/rel/main.o | sort)
mkdir -p build/bench
cc -std=c17 -D_DEFAULT_SOURCE -O2 -g $(pkg-config --cflags $PKGS) -Isrc -Ibuild/gen \
    -o build/bench/validate bench/validate.c $objs $(pkg-config --libs $PKGS) -lm
pop=${BENCH_POPULATION:-64000}
year=${BENCH_YEAR:-2026}
build/bench/validate --population "$pop" --year "$year" --runs "${BENCH_RUNS:-5}"

# the command as a user runs it: open the database, find the cohort, load, check, print
tmp=$(mktemp -d /tmp/hearth-bench-validate-XXXXXX)
bin/hearth demo --db "$tmp/demo.db" --population "$pop" --years 2 --quiet > /dev/null
t0=$(date +%s.%N)
bin/hearth validate --db "$tmp/demo.db" --year "$year" --format json > "$tmp/out.json" || true
t1=$(date +%s.%N)
echo "hearth validate --year $year (whole command, wall clock): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms"
rm -rf "$tmp"
