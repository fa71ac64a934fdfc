#!/bin/sh
# bench/report-phases.sh DB [YEAR [RUNS]]: build bench/report_phases.c against the release
# objects and run it on DB (a file or a PostgreSQL URI, HEARTH_LA its authority): the parts of
# working out a year's committee report from the store, best of RUNS (default 10), wall clock
# and CPU. A benchmark to read, never a timed test.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
make --no-print-directory bin/hearth >/dev/null
PKGS="sqlite3 libpq libxml-2.0 jansson xlsxwriter libmicrohttpd libsodium"
objs=$(find build/rel -name '*.o' ! -path build/rel/main.o | sort)
mkdir -p build/bench
cc -std=c17 -D_DEFAULT_SOURCE -O2 -g $(pkg-config --cflags $PKGS) -Isrc -Ibuild/gen \
    -o build/bench/report_phases bench/report_phases.c $objs $(pkg-config --libs $PKGS) -lm
build/bench/report_phases "$1" "${2:-2025}" "${3:-10}"
