# hearth benchmarks: Medway (887) in 2018 beside its statistical neighbours, the South East
# and England, each worked out here from the DfE's own files with awk (not as the program
# does it: it reads the reshaped copy compiled in); usage and bad input; and `benchmarks
# load`, which puts a newer year in the store, checked record by record, all or nothing.
set -u
fail() { echo "FAIL: $*"; exit 1; }
src=$ROOT/tests/cli/benchmarks
shipped=$ROOT/data/benchmarks

"$HEARTH" benchmarks --help | grep -q 'usage: hearth benchmarks' || fail "no --help"
"$HEARTH" benchmarks --year 2018 2>/dev/null; [ $? -eq 2 ] || fail "no --la should exit 2"
"$HEARTH" benchmarks --la 887 2>/dev/null; [ $? -eq 2 ] || fail "no --year should exit 2"
"$HEARTH" benchmarks --la 887 --year 2018 --format xml 2>/dev/null; [ $? -eq 2 ] || fail "bad format should exit 2"
"$HEARTH" benchmarks --la 999 --year 2018 2>err.txt; [ $? -eq 1 ] || fail "unknown authority should exit 1"
grep -q 'not the DfE number of an authority' err.txt || fail "unknown authority not explained"
"$HEARTH" benchmarks --la 970 --year 2018 2>/dev/null; [ $? -eq 1 ] || fail "England is not an authority"
"$HEARTH" benchmarks --la 887 --year 2031 2>err.txt; [ $? -eq 1 ] || fail "an unpublished year should exit 1"
"$HEARTH" benchmarks --la 887x --year 2018 2>/dev/null; [ $? -eq 1 ] || fail "a malformed --la should exit 1"

"$HEARTH" benchmarks --la 887 --year 2018 --format json > m.json || fail "json exited non-zero"
"$HEARTH" benchmarks --la 887 --year 2018 > m.txt || fail "table exited non-zero"
grep -q '^Medway (887), year to 31 March 2018; region: South East' m.txt || fail "table heading"

# The DfE's long file again from the shipped wide one would prove nothing: the fixture is
# the DfE's own rows for these measures in 2018 (tests/cli/benchmarks/values-2018.csv).
vals=$src/values-2018.csv
# Medway's ten neighbours, and the South East's area number, from the shipped files
sn=$(awk -F, '$1 == "887" { for (i = 4; i <= 22; i += 2) printf "%s ", $i }' "$shipped/statistical-neighbours.csv")
[ "$(echo $sn | wc -w)" -eq 10 ] || fail "Medway should have ten neighbours: $sn"
region=$(awk -F, '$1 == "887" { print $3 }' "$shipped/areas.csv")
region_area=$(awk -F, -v r="$region" '$2 == r && $3 == "" { print $1 }' "$shipped/areas.csv")
[ "$region_area" = 989 ] || fail "South East should be 989, not $region_area"
checked=0
for m in ReReferral Continue_Assess_Comp CP_conf_15days PrevRegCPR LAC CIN CPP_Num LACnum CINFSM \
         Work_Force_Agecy_Rate CPP_Total_NumRef; do
    want=$(awk -F, -v m="$m" -v sn="$sn" -v ra="$region_area" '
        BEGIN { n = split(sn, a, " "); for (i = 1; i <= n; i++) isn[a[i]] = 1 }
        $1 == m && $2 == "2018" {
            if ($3 in isn && $4 != "-") { s += $4; c++ }
            if ($3 == ra) r = $4
            if ($3 == "970") e = $4
            if ($3 == "887") v = $4
        }
        END { printf "%.4f %.4f %.4f %.4f %d\n", v, s / c, r, e, c }' "$vals")
    got=$(jq -r --arg m "$m" '.[] | select(.measure == $m and .year == "2018") |
        "\(.value) \(.neighbours) \(.region) \(.england)"' m.json |
        awk '{ printf "%.4f %.4f %.4f %.4f\n", $1, $2, $3, $4 }')
    [ -n "$got" ] || fail "$m 2018 missing from the JSON"
    [ "$got" = "$(echo "$want" | cut -d' ' -f1-4)" ] || fail "$m: program $got, awk $want"
    checked=$((checked + 1))
done
[ $checked -ge 10 ] || fail "only $checked measures checked"
# polarity: ReReferral is Low (a rank), CPP_Num is neither (no rank, no band)
jq -e '.[] | select(.measure == "ReReferral" and .year == "2018") | .rank >= 1 and (.quartile | test("^[A-D]$"))' m.json > /dev/null ||
    fail "ReReferral should have a rank and a band"
jq -e '.[] | select(.measure == "CPP_Num" and .year == "2018") | .rank == null and .quartile == null' m.json > /dev/null ||
    fail "a neutral measure has no rank"
# financial years count towards the year they end in
jq -e '[.[] | select(.year == "2017-18 (OT)")] | length > 0' m.json > /dev/null || fail "outturn 2017-18 missing"

# ---- load: a newer year into the store ------------------------------------------------
"$HEARTH" demo --db d.db --population 1000 > /dev/null || fail "demo"
"$HEARTH" benchmarks --db d.db --la 887 --year 2026 2>/dev/null; [ $? -eq 1 ] || fail "2026 is not shipped"
# a bad record (an unknown area) on the last line: nothing at all is loaded
mkdir bad && cp "$src/new-year/values.csv" bad/ && echo 'ReReferral,2026,123,10' >> bad/values.csv
"$HEARTH" benchmarks load bad --db d.db 2>err.txt; [ $? -eq 1 ] || fail "a bad record should exit 1"
grep -q 'values.csv:[0-9]*:.*not an area' err.txt || { cat err.txt; fail "the bad record not named"; }
[ "$(sqlite3 d.db 'SELECT count(*) FROM bench_value')" = 0 ] || fail "a failed load left records"
"$HEARTH" benchmarks load "$src/new-year" --db d.db > out.txt || fail "load exited non-zero"
grep -q 'loaded' out.txt || fail "load says nothing"
[ -n "$(sqlite3 d.db "SELECT value FROM setting WHERE key = 'benchmarks_loaded'")" ] ||
    fail "load does not mark the store's figures changed (a running server would not see it)"
"$HEARTH" benchmarks --db d.db --la 887 --year 2026 --format json > n.json || fail "2026 after load"
jq -e '.[] | select(.measure == "ReReferral") | .value == 14.5 and .england == 22 and .rank == 1 and .quartile == "A"' n.json > /dev/null ||
    { cat n.json; fail "the loaded year's figures"; }
# a corrected figure for a shipped year replaces the shipped one
jq -e '.[] | select(.measure == "ReReferral" and .year == "2018") | .value == 17' m.json > /dev/null || fail "shipped 2018"
"$HEARTH" benchmarks --db d.db --la 887 --year 2018 --format json > c.json
jq -e '.[] | select(.measure == "ReReferral" and .year == "2018") | .value == 16.5' c.json > /dev/null ||
    fail "the loaded correction to 2018 is not used"
# reshape gives back the shipped copy from the DfE's files
mkdir re && "$HEARTH" benchmarks reshape "$src/new-year" re 2>/dev/null; [ $? -eq 1 ] || fail "reshape needs all four files"
echo ok
