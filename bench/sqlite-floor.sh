#!/bin/sh
# bench/sqlite-floor.sh: the least any importer using SQLite must spend to write an
# authority's records: every row of an imported hearth database copied into an empty one
# with the same tables by plain INSERT ... SELECT (no parsing, no checks, no merging, no
# foreign keys; the UNIQUE keys an importer needs to find the same episode again kept,
# the other indexes built after, as `hearth import` builds them at commit).
# Set against `hearth import` of the files those rows came from, it shows how much of the
# import is SQLite's own work on the single writer thread. A benchmark to read, never a
# timed test. Needs the sqlite3 shell (Debian's sqlite3 package).
#
# Usage: sh bench/sqlite-floor.sh SOURCE.db [OUT.db]   (SOURCE is read, never changed)
set -eu
src=$1
out=${2:-${TMPDIR:-/tmp}/sqlite-floor.db}
command -v sqlite3 > /dev/null || { echo "sqlite-floor: needs the sqlite3 shell" >&2; exit 2; }
rm -f "$out" "$out-wal" "$out-shm"
# the record tables hearth's importer writes (store_sqlite.c tdefs), parents first
tables="person cin_episode cin_episode_return assessment cin_plan s47_enquiry cp_plan cp_review
la_episode la_review missing_episode care_leaver la_outcome adoption placed_adoption prev_perm
uasc sw_episode contact early_help"
list=$(echo $tables | sed "s/ /','/g")
sqlite3 -readonly "$src" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'table' AND name IN ('$list')" > "$out.tables.sql"
sqlite3 -readonly "$src" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('$list')" > "$out.indexes.sql"
{
    echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -2097152;"
    echo "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;"
    cat "$out.tables.sql"
} | sqlite3 "$out" > /dev/null
rows=0
for t in $tables; do
    n=$(sqlite3 -readonly "$src" "SELECT count(*) FROM $t")
    rows=$((rows + n))
done
copy="BEGIN IMMEDIATE;"
for t in $tables; do copy="$copy INSERT INTO main.$t SELECT * FROM src.$t WHERE rowid > 0;"; done
copy="$copy COMMIT;"
index="PRAGMA threads = 2; BEGIN IMMEDIATE; $(cat "$out.indexes.sql") COMMIT;"
pre="PRAGMA cache_size = -2097152; PRAGMA foreign_keys = OFF; ATTACH '$src' AS src;"
# the source read once first, so that the copy finds it in the page cache
cat "$src" > /dev/null
/usr/bin/time -f '%e %U %S' -o "$out.copy.time" sqlite3 "$out" "$pre $copy" > /dev/null
/usr/bin/time -f '%e %U %S' -o "$out.index.time" sqlite3 "$out" "$pre $index" > /dev/null
read cw cu cs < "$out.copy.time"
read iw iu is < "$out.index.time"
# the copy's CPU includes reading the source rows: the floor it gives is a little high
awk -v r="$rows" -v cw="$cw" -v cu="$cu" -v cs="$cs" -v iw="$iw" -v iu="$iu" -v is="$is" \
    -v l="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    printf "rows copied: %d (load average %s)\n", r, l
    printf "rows with their UNIQUE keys, committed: %6.1f s wall, %6.1f s CPU\n", cw, cu + cs
    printf "the other indexes, committed:           %6.1f s wall, %6.1f s CPU\n", iw, iu + is
    printf "in all: %.0f rows/s of wall, %.0f rows/s of CPU\n", r / (cw + iw), r / (cu + cs + iu + is)
}'
rm -f "$out.tables.sql" "$out.indexes.sql" "$out.copy.time" "$out.index.time"
