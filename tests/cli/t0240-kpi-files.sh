# hearth kpi FILES: the measures straight from the returns, held in memory. For the same
# files, the JSON must be byte-identical to `hearth import` into SQLite then `hearth kpi
# --db`, for several periods, and so must the trends (the dashboard's CSV); nothing may be
# written; a file that is not a return fails with exit 1 and its name; --db with files, or
# --service with files, are usage errors.
set -u
fail() { echo "FAIL: $*"; exit 1; }
F="$ROOT/tests/fixtures"

# same SET PERIOD... : kpi --format json from the files equals import + kpi --db
same() {
    set_name=$1; shift
    rm -f "$set_name.db"
    "$HEARTH" import --quiet --db "$set_name.db" $paths > import.out 2>&1 || { cat import.out; fail "$set_name: import failed"; }
    for period in "$@"; do
        # shellcheck disable=SC2086
        "$HEARTH" kpi $period --population 20000 --format json --db "$set_name.db" > db.json \
            || fail "$set_name: kpi --db $period failed"
        # shellcheck disable=SC2086
        "$HEARTH" kpi $period --population 20000 --format json $paths > mem.json 2> mem.err \
            || { cat mem.err; fail "$set_name: kpi FILES $period failed"; }
        cmp -s db.json mem.json || { diff db.json mem.json | head -c 2000; fail "$set_name: kpi FILES differs from import + kpi --db for $period"; }
        # and the committee table
        # shellcheck disable=SC2086
        "$HEARTH" kpi $period --population 20000 --db "$set_name.db" > db.txt || fail "table --db"
        # shellcheck disable=SC2086
        "$HEARTH" kpi $period --population 20000 $paths > mem.txt || fail "table FILES"
        cmp -s db.txt mem.txt || fail "$set_name: the table from files differs for $period"
    done
}

# a synthetic authority: CIN census XML, SSDA903 CSVs and Annex A, two collection years
"$HEARTH" demo generate --out gen --population 9000 --first-year 2025 --years 2 --seed 7 > /dev/null \
    || fail "demo generate"
paths=gen
same demo "--year 2026" "--year 2025" "--from 2025-01-01 --to 2025-09-30" "--from 2020-04-01 --to 2026-03-31"
grep -q '"contacts":{"value":[1-9]' mem.json || fail "no contacts from the Annex A files: $(head -c 300 mem.json)"
grep -q '"cla_at_end":{"value":[1-9]' mem.json || fail "no looked-after children from the SSDA903 files"
# the trends, month by month over every year held and by quarter for one year
for t in "--trend all --by month --format csv" "--trend all --by quarter --year 2026 --format json" \
         "--trend referrals --by year"; do
    # shellcheck disable=SC2086
    "$HEARTH" kpi $t --population 9000 --today 2026-12-01 --db demo.db > db.trend || fail "$t --db"
    # shellcheck disable=SC2086
    "$HEARTH" kpi $t --population 9000 --today 2026-12-01 gen > mem.trend || fail "$t FILES"
    grep -q '"value"\|,[0-9]' mem.trend || fail "$t: no trend: $(head -c 300 mem.trend)"
    cmp -s db.trend mem.trend || fail "$t: the trend from files differs"
done

# the test returns: overlapping CIN censuses (a newer return corrects an older one), the
# SSDA903 tables of several years, the Annex A lists; named file by file and by folder
paths="$F/medway $F/cin/2018/cin_census_2018.xml $F/cin/2019 $F/ssda903/2018 $F/annexa"
same fixtures "--year 2018" "--year 2019" "--year 2017" "--from 2017-10-01 --to 2018-09-30"
paths="$F/cin/2026 $F/ssda903/2024 $F/ssda903/2025"
same recent "--year 2026" "--year 2025"

# nothing written: not the default database, not the working folder, not beside the files
mkdir -p box/empty
cp -R gen box/files
before=$(find box | sort | cksum)
touch stamp
sleep 1
(cd box/empty && HEARTH_DB="$PWD/should-not-exist.db" "$HEARTH" kpi --year 2026 --population 9000 ../files > ../../out.txt) \
    || fail "kpi FILES in an empty folder"
[ -z "$(ls -A box/empty)" ] || fail "kpi FILES wrote into the working folder: $(ls -A box/empty)"
[ "$(find box | sort | cksum)" = "$before" ] || fail "kpi FILES made a file"
[ -z "$(find box -newer stamp)" ] || fail "kpi FILES changed a file: $(find box -newer stamp)"
grep -q 'Referrals' out.txt || fail "no table printed"

# a file that is not a return: exit 1, the file named
printf '<?xml version="1.0"?>\n<Message><Header>\n' > broken.xml
"$HEARTH" kpi --year 2026 --population 9000 gen broken.xml > out.txt 2> err.txt
rc=$?
[ "$rc" -eq 1 ] || fail "a broken file should exit 1, not $rc"
grep -q 'broken.xml' err.txt || fail "the error should name the file: $(cat err.txt)"
[ -s out.txt ] && fail "a broken file printed figures"
# files are read several at once: the error is still the first failing file's in the
# order given (a census that fails only at its end, before a file that fails at once), and
# nothing is printed
census=$(find gen -name 'cin_census_2026.xml' | head -n 1)
head -c "$(($(wc -c < "$census") - 200))" "$census" > late.xml
for order in "late.xml broken.xml" "gen late.xml broken.xml"; do
    # shellcheck disable=SC2086
    HEARTH_IMPORT_THREADS=4 "$HEARTH" kpi --year 2026 --population 9000 $order > out.txt 2> err.txt
    rc=$?
    [ "$rc" -eq 1 ] || fail "$order: a broken file should exit 1, not $rc"
    grep -q 'late.xml' err.txt || fail "$order: the first failing file should be named: $(cat err.txt)"
    grep -q 'broken.xml' err.txt && fail "$order: a later file was named: $(cat err.txt)"
    [ -s out.txt ] && fail "$order: a broken file printed figures"
done
# one file at a time gives the same figures as four at once (the default on two CPUs is one)
HEARTH_IMPORT_THREADS=4 "$HEARTH" kpi --year 2026 --population 9000 --format json gen > par.json || fail "kpi gen"
HEARTH_IMPORT_THREADS=1 "$HEARTH" kpi --year 2026 --population 9000 --format json gen > one.json \
    || fail "kpi gen on one thread"
cmp -s par.json one.json || fail "the files read at once gave other figures than one at a time"
printf 'CHILD,SEX,DOB\n1,M\n' > bad.csv
"$HEARTH" kpi --year 2026 --population 9000 bad.csv > /dev/null 2> err.txt
[ $? -eq 1 ] || fail "a short CSV row should exit 1"
grep -q 'bad.csv' err.txt || fail "the CSV error should name the file: $(cat err.txt)"
"$HEARTH" kpi --year 2026 --population 9000 no-such-file.xml > /dev/null 2> err.txt
[ $? -eq 1 ] || fail "a missing file should exit 1"
grep -q 'no-such-file.xml' err.txt || fail "a missing file should be named: $(cat err.txt)"

# usage: --db and files, --service with files
"$HEARTH" kpi --db demo.db --year 2026 --population 9000 gen > /dev/null 2> err.txt
[ $? -eq 2 ] || fail "--db with files should be a usage error"
grep -q 'either --db or files' err.txt || fail "say why: $(cat err.txt)"
"$HEARTH" kpi --service --year 2026 gen > /dev/null 2>&1
[ $? -eq 2 ] || fail "--service with files should be a usage error"
exit 0
