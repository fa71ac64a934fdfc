#!/bin/sh
# bench/sqlite-floor.sh: the least any importer using SQLite must spend to write an
# authority's records: every row of an imported hearth database copied into an empty one
# with the same tables by plain INSERT ... SELECT, in one transaction, with nothing else
# (no parsing, no checks, no merging, no foreign keys). Two ways:
#   keys kept:  the UNIQUE keys an importer needs to find the same episode again are
#               maintained row by row (as `hearth import` does); the other indexes after;
#   keys after: no index at all while the rows go in, every index (keys too) built after,
#               as an importer could do on an empty database if it found repeats another way.
# Set against `hearth import` of the files those rows came from, it shows how much of the
# import's time is SQLite's own work on its single writer thread. A benchmark to read,
# never a timed test. Needs the sqlite3 shell (Debian's sqlite3 package) and GNU time.
#
# Usage: sh bench/sqlite-floor.sh SOURCE.db [SCRATCH.db]   (SOURCE is read, never changed)
set -eu
src=$1
out=${2:-${TMPDIR:-/tmp}/sqlite-floor.db}
command -v sqlite3 > /dev/null || { echo "sqlite-floor: needs the sqlite3 shell" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "sqlite-floor: needs GNU time (/usr/bin/time)" >&2; exit 2; }
# the record tables hearth's importer writes (store_sqlite.c tdefs), parents first
tables="person cin_episode cin_episode_return assessment cin_plan s47_enquiry cp_plan cp_review
la_episode la_review missing_episode care_leaver la_outcome adoption placed_adoption prev_perm
uasc sw_episode contact early_help"
list=$(echo $tables | sed "s/ /','/g")
q() { sqlite3 -readonly "$src" "$1"; }
# each statement on one line, so that sed can take the keys out of the tables
q "SELECT replace(sql, char(10), ' ') || ';' FROM sqlite_schema WHERE type = 'table' AND name IN ('$list')" > "$out.tables.sql"
q "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('$list')" > "$out.indexes.sql"
sed -e 's/ UNIQUE,/,/g' -e 's/,[[:space:]]*UNIQUE[[:space:]]*([^)]*)//g' \
    -e 's/,[[:space:]]*PRIMARY KEY[[:space:]]*([^)]*)//g' "$out.tables.sql" > "$out.bare.sql"
q "SELECT 'CREATE UNIQUE INDEX floor_key_' || m.name || ' ON ' || m.name || '('
          || (SELECT group_concat(name, ', ') FROM pragma_index_info(il.name)) || ');'
   FROM sqlite_schema AS m, pragma_index_list(m.name) AS il
   WHERE m.type = 'table' AND m.name IN ('$list') AND il.origin IN ('u', 'pk')" > "$out.keys.sql"
rows=0
for t in $tables; do rows=$((rows + $(q "SELECT count(*) FROM $t"))); done
copy="BEGIN IMMEDIATE;"
for t in $tables; do copy="$copy INSERT INTO main.$t SELECT * FROM src.$t WHERE rowid > 0;"; done
copy="$copy COMMIT;"
pre="PRAGMA cache_size = -2097152; PRAGMA foreign_keys = OFF; ATTACH '$src' AS src;"
# the source read once first, so that the copies find it in the page cache
cat "$src" > /dev/null
echo "rows: $rows, from $src (load average $(cut -d' ' -f1-3 /proc/loadavg))"
# run NAME TABLES.sql INDEXES.sql: an empty database, the copy, then the indexes
run() {
    rm -f "$out" "$out-wal" "$out-shm"
    { echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"; cat "$2"; } | sqlite3 "$out" > /dev/null
    /usr/bin/time -f '%e %U %S' -o "$out.copy.time" sqlite3 "$out" "$pre $copy" > /dev/null
    /usr/bin/time -f '%e %U %S' -o "$out.index.time" sqlite3 "$out" \
        "$pre PRAGMA threads = 2; BEGIN IMMEDIATE; $(cat $3) COMMIT;" > /dev/null
    read cw cu cs < "$out.copy.time"
    read iw iu is < "$out.index.time"
    # the copy's CPU includes reading the source rows: the floor it gives is a little high
    awk -v n="$1" -v r="$rows" -v cw="$cw" -v cu="$cu" -v cs="$cs" -v iw="$iw" -v iu="$iu" -v is="$is" 'BEGIN {
        printf "%-10s rows in: %6.1f s wall %6.1f s CPU; indexes after: %6.1f s wall %6.1f s CPU;", n, cw, cu + cs, iw, iu + is
        printf " in all %.0f rows/s of wall, %.0f rows/s of CPU\n", r / (cw + iw), r / (cu + cs + iu + is)
    }'
}
run "keys kept" "$out.tables.sql" "$out.indexes.sql"
cat "$out.keys.sql" "$out.indexes.sql" > "$out.all.sql"
run "keys after" "$out.bare.sql" "$out.all.sql"
rm -f "$out" "$out-wal" "$out-shm" "$out".*.sql "$out.copy.time" "$out.index.time"
