#!/bin/sh
# tests/pg-server.sh: a throwaway PostgreSQL server on loopback for the tests, in a
# temporary folder, gone when stopped. Uses Debian's server binaries
# (/usr/lib/postgresql/N/bin; `make deps` installs them).
#
#   sh tests/pg-server.sh start DIR [PORT]   start a server with its data and socket in
#                                            DIR; prints its URI (database hearth_test)
#   sh tests/pg-server.sh stop DIR           stop it and remove DIR
#   sh tests/pg-server.sh run CMD ...        start one in a fresh folder, run CMD with
#                                            HEARTH_TEST_PG set to its URI, stop it, and
#                                            exit with CMD's status
#
# As root the server runs as the postgres user (initdb refuses root). Trust
# authentication on loopback only: a test server, never a real one.
set -eu

bindir() {
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    echo "pg-server: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (run make deps)" >&2
    return 1
}

as_owner() { # run a command as the owner of the data folder
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    dir=$1
    port=${2:-$((20000 + $$ % 20000))}
    bin=$(bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --locale=C.UTF-8 -E UTF8 > "$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; return 1; }
    # loopback only. A throwaway server for tests need not survive a power cut, so fsync
    # is off (the failover drill, bench/pg-failover.sh, runs durable servers of its own);
    # PG_SERVER_DURABLE=1 keeps it on, as the benchmark does.
    durable="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_SERVER_DURABLE:-0}" = 1 ] && durable=""
    tries=0
    until as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
            -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c max_connections=120 $durable" > /dev/null 2>&1; do
        tries=$((tries + 1))
        [ $tries -lt 5 ] || { cat "$dir/server.log" >&2; return 1; }
        port=$((port + 1)) # taken: try the next
    done
    echo "$port" > "$dir/port"
    as_owner "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE DATABASE hearth_test" > /dev/null
    echo "postgresql://postgres@127.0.0.1:$port/hearth_test"
}

stop() {
    dir=$1
    [ -d "$dir/data" ] || return 0
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
start) shift; start "$@" ;;
stop) shift; stop "$@" ;;
run)
    shift
    dir=$(mktemp -d /tmp/hearth-pg-XXXXXX)
    trap 'stop "$dir"' EXIT INT TERM
    HEARTH_TEST_PG=$(start "$dir")
    export HEARTH_TEST_PG
    echo "PostgreSQL test server: $HEARTH_TEST_PG"
    status=0
    "$@" || status=$?
    exit $status
    ;;
*) echo "usage: sh tests/pg-server.sh start DIR [PORT] | stop DIR | run CMD ..." >&2; exit 2 ;;
esac
