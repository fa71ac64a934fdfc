#!/bin/sh
# bench/run.sh: the import and kpi benchmark (`make bench`). Writes a synthetic authority
# of each size with `hearth demo generate`, times `hearth import` and a whole `hearth kpi
# --year` run, and the obvious alternatives on the same files: the sqlite3 shell's .import
# with SQL counts, and a Python csv loop. A benchmark to read, never a timed test.
#
# Environment: BENCH_SIZES (children aged 0-17, default "300000 12000000": a large county
# and all England), BENCH_RUNS (best of, default 5), BENCH_OUT (default bench/out),
# HEARTH (default bin/hearth).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
out=${BENCH_OUT:-$root/bench/out}
sizes=${BENCH_SIZES:-"300000 12000000"}
runs=${BENCH_RUNS:-5}
first=2025
last=2026
seed=1

[ -x "$hearth" ] || { echo "bench: no $hearth; run make first" >&2; exit 2; }
mkdir -p "$out"

now() { date +%s.%N; }
# milliseconds between two now() readings
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
per_s() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { d = b - a; printf "%.0f", (d > 0 ? n / d : 0) }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
thousands() { printf "%s" "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
# CPU seconds (user + system) of a command, written to $cpu_file: on a shared machine the
# wall clock also counts other people's work. GNU time when present, else nothing.
cpu_file=$out/.cpu
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S' -o "$cpu_file" "$@"
    else
        : > "$cpu_file"
        "$@"
    fi
}
cpu_s() { awk '{ printf "%.1f", $1 + $2 }' "$cpu_file"; }

# Rows in CSV files, header rows excluded.
csv_rows() {
    n=0
    for f in "$@"; do
        l=$(wc -l < "$f")
        n=$((n + l - 1))
    done
    echo "$n"
}

results=""
for pop in $sizes; do
    name="pop$pop"
    files="$out/$name/files"
    db="$out/$name/hearth.db"
    log="$out/$name/log"
    mkdir -p "$out/$name"
    : > "$log"
    echo "== $(thousands "$pop") children aged 0-17, collection years $first and $last"

    # -- the files (regenerated each time: it takes seconds and keeps the run honest)
    rm -rf "$files"
    t0=$(now)
    "$hearth" demo generate --out "$files" --population "$pop" --first-year "$first" \
        --years 2 --seed "$seed" >> "$log"
    t1=$(now)
    bytes=$(du -sk "$files" | awk '{ print $1 * 1024 }')
    echo "   generate:           $(secs "$t0" "$t1") s, $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB"

    # -- hearth import, every file of both years (CIN XML, SSDA903, Annex A), one transaction
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(now)
    timed "$hearth" import --db "$db" "$files" > "$out/$name/import.txt"
    t1=$(now)
    import_cpu=$(cpu_s)
    cat "$out/$name/import.txt" >> "$log"
    # records: every row of the import summary, added + updated + unchanged
    records=$(awk 'NF >= 4 && $(NF-2) ~ /^[0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ && $NF ~ /^[0-9]+$/ {
                       n += $(NF-2) + $(NF-1) + $NF } END { print n + 0 }' "$out/$name/import.txt")
    rate=$(per_s "$records" "$t0" "$t1")
    echo "   hearth import:      $(thousands "$records") records in $(secs "$t0" "$t1") s:" \
         "$(thousands "$rate") records/s (wall clock, every file of both years);" \
         "CPU ${import_cpu:-?} s (both threads)"
    echo "     its own summary:  $(tail -n 1 "$out/$name/import.txt")"

    # -- hearth kpi: a whole committee table for the latest year, best of $runs
    best=""
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(now)
        "$hearth" kpi --db "$db" --year "$last" --population "$pop" > "$out/$name/kpi.txt"
        t1=$(now)
        best=$(min "$best" "$(ms "$t0" "$t1")")
        i=$((i + 1))
    done
    kpi_ms=$best
    echo "   hearth kpi --year:  $kpi_ms ms (best of $runs), every measure"
    # the same on one connection: the facts are read by two readers at once by default
    best=""
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(now)
        HEARTH_FACTS_THREADS=1 "$hearth" kpi --db "$db" --year "$last" --population "$pop" > /dev/null
        t1=$(now)
        best=$(min "$best" "$(ms "$t0" "$t1")")
        i=$((i + 1))
    done
    echo "     one reader:       $best ms (best of $runs, HEARTH_FACTS_THREADS=1)"

    # -- the same CSVs three ways: hearth import, sqlite3 .import, a Python csv loop
    csvs=$(find "$files" -name '*.csv' | sort)
    # shellcheck disable=SC2086
    crow=$(csv_rows $csvs)
    cdb="$out/$name/hearth-csv.db"
    rm -f "$cdb" "$cdb-wal" "$cdb-shm"
    mkdir -p "$out/$name/csv-only"
    rm -rf "$out/$name/csv-only"/*
    for f in $csvs; do
        rel=${f#"$files"/}
        mkdir -p "$out/$name/csv-only/$(dirname "$rel")"
        ln "$f" "$out/$name/csv-only/$rel" 2> /dev/null || cp "$f" "$out/$name/csv-only/$rel"
    done
    t0=$(now)
    "$hearth" import --db "$cdb" --quiet "$out/$name/csv-only"
    t1=$(now)
    h_csv="$(thousands "$(per_s "$crow" "$t0" "$t1")") rows/s ($(secs "$t0" "$t1") s)"
    echo "   CSVs only ($(thousands "$crow") rows):"
    echo "     hearth import:    $h_csv"

    sq="-"
    sq_ms="-"
    if command -v sqlite3 > /dev/null 2>&1; then
        sdb="$out/$name/sqlite3.db"
        rm -f "$sdb"
        script="$out/$name/import.sql"
        : > "$script"
        for f in $csvs; do
            rel=${f#"$files"/}
            y=${rel%%/*}
            t=$(basename "$f" .csv)
            [ "$t" = "annex_a_list_1_contacts" ] && t=contacts
            echo ".import --csv '$f' ${t}_$y" >> "$script"
        done
        t0=$(now)
        sqlite3 "$sdb" < "$script"
        t1=$(now)
        sq="$(thousands "$(per_s "$crow" "$t0" "$t1")") rows/s ($(secs "$t0" "$t1") s)"
        echo "     sqlite3 .import:  $sq (text columns, no checks, no keys, no overlap)"
        # the looked-after and contact measures that plain SQL can reach from the CSVs
        # (the CIN census is XML: no .import for it), from the latest year's files alone
        cat > "$out/$name/kpi.sql" <<EOF
WITH d AS (SELECT '$((last - 1))-04-01' AS f, '$last-03-31' AS t)
SELECT
 (SELECT count(*) FROM contacts_$last, d
   WHERE substr("Date of Contact",7,4)||'-'||substr("Date of Contact",4,2)||'-'||substr("Date of Contact",1,2) BETWEEN d.f AND d.t),
 (SELECT count(DISTINCT CHILD) FROM episodes_$last WHERE DEC = ''),
 (SELECT count(*) FROM episodes_$last, d WHERE RNE = 'S'
   AND substr(DECOM,7,4)||'-'||substr(DECOM,4,2)||'-'||substr(DECOM,1,2) BETWEEN d.f AND d.t),
 (SELECT count(*) FROM episodes_$last, d WHERE DEC <> '' AND REC <> 'X1'
   AND substr(DEC,7,4)||'-'||substr(DEC,4,2)||'-'||substr(DEC,1,2) BETWEEN d.f AND d.t),
 (SELECT count(*) FROM episodes_$last WHERE DEC = '' AND PLACE_PROVIDER = 'PR1'),
 (SELECT count(DISTINCT CHILD) FROM missing_$last WHERE MISSING = 'M'),
 (SELECT sum(ACCOM LIKE '%1') || '/' || sum(ACCOM LIKE '%1' OR ACCOM LIKE '%2') FROM oc3_$last);
EOF
        best=""
        i=0
        while [ $i -lt "$runs" ]; do
            t0=$(now)
            sqlite3 "$sdb" < "$out/$name/kpi.sql" > "$out/$name/sqlite3-kpi.txt"
            t1=$(now)
            best=$(min "$best" "$(ms "$t0" "$t1")")
            i=$((i + 1))
        done
        sq_ms=$best
        echo "     sqlite3 SQL:      $sq_ms ms (best of $runs) for 7 looked-after and contact counts"
    fi

    py="-"
    py_ms="-"
    if command -v python3 > /dev/null 2>&1; then
        cat > "$out/$name/loop.py" <<'EOF'
import csv, sys, glob, datetime
files, last = sys.argv[1], int(sys.argv[2])
f, t = datetime.date(last - 1, 4, 1), datetime.date(last, 3, 31)
def d(s): return datetime.date(int(s[6:10]), int(s[3:5]), int(s[0:2])) if s else None
rows = 0
for p in sorted(glob.glob(files + '/*/*.csv') + glob.glob(files + '/*/ssda903/*.csv')):
    with open(p, newline='') as fh:
        for r in csv.DictReader(fh):
            rows += 1
contacts = cla = started = ceased = own = 0
kids = set()
with open(f'{files}/{last}/annex_a_list_1_contacts.csv', newline='') as fh:
    for r in csv.DictReader(fh):
        contacts += f <= d(r['Date of Contact']) <= t
with open(f'{files}/{last}/ssda903/episodes.csv', newline='') as fh:
    for r in csv.DictReader(fh):
        if not r['DEC']:
            kids.add(r['CHILD']); own += r['PLACE_PROVIDER'] == 'PR1'
        started += r['RNE'] == 'S' and f <= d(r['DECOM']) <= t
        ceased += bool(r['DEC']) and r['REC'] != 'X1' and f <= d(r['DEC']) <= t
print(rows, contacts, len(kids), started, ceased, own)
EOF
        t0=$(now)
        python3 "$out/$name/loop.py" "$files" "$last" > "$out/$name/python.txt"
        t1=$(now)
        py="$(thousands "$(per_s "$crow" "$t0" "$t1")") rows/s ($(secs "$t0" "$t1") s)"
        py_ms=$(ms "$t0" "$t1")
        echo "     python3 csv loop: $py, reading every row and counting 6 measures"
    fi
    results="$results
$(thousands "$pop")|$(thousands "$records")|$(thousands "$rate")|$kpi_ms|$h_csv|$sq|$sq_ms|$py|${import_cpu:-?}"
    echo
done

echo "Summary (files and databases in $out)"
printf '%-11s %-11s %-17s %-12s %-10s %-28s %-28s %-28s %s\n' "children" "records" \
    "import records/s" "import CPU s" "kpi ms" "hearth import, CSVs" "sqlite3 .import, CSVs" \
    "python3 csv loop" "sqlite3 SQL ms"
echo "$results" | while IFS='|' read -r p r rt k h s sm y c; do
    [ -n "$p" ] || continue
    printf '%-11s %-11s %-17s %-12s %-10s %-28s %-28s %-28s %s\n' "$p" "$r" "$rt" "$c" "$k" "$h" \
        "$s" "$y" "$sm"
done
