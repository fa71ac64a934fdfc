#!/bin/sh
# bench/pg-failover.sh: the PostgreSQL drills of docs/operations.md, run for real on
# loopback in a temporary folder, every server durable (fsync on):
#
# 1. A primary with WAL archiving and a hot standby fed by synchronous streaming
#    replication (a commit is acknowledged only once the standby has it).
# 2. Read replica: `hearth kpi` on the standby gives the primary's figures.
# 3. Failover: writers import small returns through a two-host URI
#    (target_session_attrs=read-write) and log each acknowledged one; the primary is
#    killed (SIGKILL, no shutdown); the standby is promoted; the writers carry on against
#    it without being restarted; every acknowledged write must be on the new primary.
# 4. Point-in-time recovery: the base backup taken at the start plus the archived WAL,
#    replayed to a moment between two writes, has the first and not the second.
#
# Usage: sh bench/pg-failover.sh [SECONDS] (the writers run SECONDS before and after the
# kill; default 8). Needs bin/hearth (make) and Debian's PostgreSQL server. Runs as root
# (servers as user postgres) or as an ordinary user. Exit 0 only if nothing was lost.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
secs=${1:-8}
[ -x "$hearth" ] || { echo "pg-failover: no $hearth; run make first" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -n 1)
[ -x "$bin/initdb" ] || { echo "pg-failover: no PostgreSQL server binaries (make deps)" >&2; exit 2; }

work=$(mktemp -d /tmp/hearth-failover-XXXXXX)
p1=$((30000 + $$ % 10000))
p2=$((p1 + 1))
p3=$((p1 + 2))
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
cleanup() {
    set +e # stop every server even when one is already dead (the killed primary)
    for d in primary standby pitr; do
        if [ -f "$work/$d/postmaster.pid" ]; then
            as_pg "$bin/pg_ctl" -D "$work/$d" -m immediate -w stop > /dev/null 2>&1
        fi
    done
    rm -rf "$work"
    true
}
trap cleanup EXIT INT TERM
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
psql_at() { # port sql
    as_pg "$bin/psql" -X -q -A -t -h 127.0.0.1 -p "$1" -U postgres -d hearth -c "$2"
}

# ---- 1. primary, archive, base backup, synchronous standby --------------------------------
say "primary on 127.0.0.1:$p1"
as_pg mkdir -p "$work/archive"
as_pg "$bin/initdb" -D "$work/primary" -A trust -U postgres --locale=C.UTF-8 -E UTF8 > "$work/initdb.log"
cat >> "$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $p1
unix_socket_directories = '$work'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f'
synchronous_commit = on
EOF
as_pg "$bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start > /dev/null
as_pg "$bin/psql" -X -q -h 127.0.0.1 -p "$p1" -U postgres -d postgres -c "CREATE DATABASE hearth"

say "base backup (also the standby's starting point and the PITR base)"
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$work/base" -X stream -c fast
say "standby on 127.0.0.1:$p2: pg_basebackup -R, synchronous (application_name=standby)"
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$work/standby" -X stream -c fast -R \
    -d "application_name=standby"
cat >> "$work/standby/postgresql.conf" <<EOF
port = $p2
hot_standby = on
archive_mode = off
EOF
as_pg "$bin/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start > /dev/null
# only now (a synchronous primary with no standby would wait for ever on every commit)
psql_at "$p1" "ALTER SYSTEM SET synchronous_standby_names = 'standby'" > /dev/null
psql_at "$p1" "SELECT pg_reload_conf()" > /dev/null
i=0
until [ "$(psql_at "$p1" "SELECT sync_state FROM pg_stat_replication")" = sync ] || [ $i -ge 30 ]; do
    sleep 1; i=$((i + 1))
done
state=$(psql_at "$p1" "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")
say "replication: $state"
[ "$state" = "standby streaming sync" ] || { echo "FAIL: the standby is not a synchronous streamer"; exit 1; }

# ---- 2. the standby as a read replica for the dashboard ---------------------------------
primary="postgresql://postgres@127.0.0.1:$p1/hearth"
replica="postgresql://postgres@127.0.0.1:$p2/hearth"
both="postgresql://postgres@127.0.0.1:$p1,127.0.0.1:$p2/hearth?target_session_attrs=read-write&connect_timeout=2"
"$hearth" demo --db "$primary" --la 887 --population 20000 --years 2 > "$work/demo.txt"
"$hearth" kpi --db "$primary" --la 887 --year 2026 --population 20000 --format json > "$work/kpi-primary.json"
"$hearth" kpi --db "$replica" --la 887 --year 2026 --population 20000 --format json > "$work/kpi-replica.json"
cmp -s "$work/kpi-primary.json" "$work/kpi-replica.json" || { echo "FAIL: the replica's figures differ"; exit 1; }
say "read replica: hearth kpi on the standby = on the primary ($(wc -c < "$work/kpi-replica.json") bytes of JSON)"
mkret() { # dir child-id: a one-row SSDA903 episodes return
    mkdir -p "$1/2026"
    printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n%s,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n' \
        "$2" > "$1/2026/episodes.csv"
}
mkret "$work/ro" RO-1
if "$hearth" import --db "$replica" --la 887 "$work/ro" > "$work/ro.txt" 2>&1; then
    echo "FAIL: the standby took a write"; exit 1
fi
say "a write to the standby is refused: $(tail -n 1 "$work/ro.txt" | cut -c1-100)"

# ---- 4a. a marked moment for point-in-time recovery ------------------------------------------
mkret "$work/before" PITR-BEFORE
"$hearth" import --db "$primary" --la 887 --quiet "$work/before"
sleep 1
mark=$(psql_at "$p1" "SELECT now()")
sleep 1
mkret "$work/after" PITR-AFTER
"$hearth" import --db "$primary" --la 887 --quiet "$work/after"
seg=$(psql_at "$p1" "SELECT pg_walfile_name(pg_switch_wal())") # close the segment so it is archived
i=0
until [ -f "$work/archive/$seg" ] || [ $i -ge 30 ]; do sleep 1; i=$((i + 1)); done
[ -f "$work/archive/$seg" ] || { echo "FAIL: WAL segment $seg was not archived"; exit 1; }
say "PITR mark $mark between PITR-BEFORE and PITR-AFTER"

# ---- 3. failover under writes -------------------------------------------------------------
writer() { # n: import one-child returns through the two-host URI, log what was acknowledged
    i=0
    end=$(( $(date +%s) + 2 * secs + 8 ))
    while [ "$(date +%s)" -lt "$end" ]; do
        i=$((i + 1))
        id="F$1-$i"
        mkret "$work/w$1-$i" "$id"
        if "$hearth" import --db "$both" --la 887 --quiet "$work/w$1-$i" 2>> "$work/writer$1.err"; then
            echo "$id" >> "$work/acked$1"
        fi
        rm -rf "$work/w$1-$i"
    done
}
: > "$work/acked1"; : > "$work/acked2"; : > "$work/acked3"
writer 1 & w1=$!
writer 2 & w2=$!
writer 3 & w3=$!
sleep "$secs"
before_kill=$(cat "$work"/acked* | wc -l)
ppid=$(head -n 1 "$work/primary/postmaster.pid")
kill -9 "$ppid"
say "primary killed (SIGKILL to postmaster $ppid) after $before_kill acknowledged writes"
sleep 1
as_pg "$bin/pg_ctl" -D "$work/standby" -w promote > /dev/null
say "standby promoted: $(psql_at "$p2" "SELECT CASE WHEN pg_is_in_recovery() THEN 'still a standby' ELSE 'now the primary' END")"
wait "$w1" "$w2" "$w3"
acked=$(cat "$work"/acked* | sort)
n_acked=$(printf '%s\n' "$acked" | grep -c . || true)
after_kill=$((n_acked - before_kill))
present=$(psql_at "$p2" "SELECT la_child_id FROM la_887.person WHERE la_child_id LIKE 'F%'" | sort)
missing=$(printf '%s\n' "$acked" | comm -23 - "$(printf '%s\n' "$present" > "$work/present"; echo "$work/present")" | grep -c . || true)
say "acknowledged writes: $n_acked ($before_kill before the kill, $after_kill after, on the promoted standby)"
say "present on the new primary: $(printf '%s\n' "$present" | grep -c . || true); acknowledged but missing: $missing"
[ "$missing" -eq 0 ] || { echo "FAIL: $missing acknowledged write(s) lost"; exit 1; }
[ "$after_kill" -gt 0 ] || { echo "FAIL: no write was acknowledged after the failover"; exit 1; }

# ---- 4b. point-in-time recovery from the base backup and the archive ----------------------
as_pg cp -a "$work/base" "$work/pitr"
cat >> "$work/pitr/postgresql.conf" <<EOF
port = $p3
archive_mode = off
restore_command = 'cp $work/archive/%f %p'
recovery_target_time = '$mark'
recovery_target_action = 'promote'
EOF
as_pg touch "$work/pitr/recovery.signal"
as_pg "$bin/pg_ctl" -D "$work/pitr" -l "$work/pitr.log" -w -t 120 start > /dev/null
i=0
while [ "$(psql_at "$p3" "SELECT pg_is_in_recovery()")" = t ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
got=$(psql_at "$p3" "SELECT string_agg(la_child_id, ' ' ORDER BY la_child_id) FROM la_887.person WHERE la_child_id LIKE 'PITR-%'")
say "PITR to $mark: $got"
[ "$got" = "PITR-BEFORE" ] || { echo "FAIL: recovery to the mark should hold PITR-BEFORE alone"; exit 1; }
echo "failover drill: ok ($n_acked acknowledged writes, 0 lost; replica and PITR as expected)"
