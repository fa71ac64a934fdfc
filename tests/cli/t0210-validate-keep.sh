# hearth validate names every finding of files that break content rules, each with its
# file and line, in one run (a stray text in <ChildIdentifiers>, dates out of order, codes
# on no list, a value of the wrong form, a required element missing, a child twice);
# hearth import keeps such returns and lists their findings (validate --db shows them),
# --strict refuses them and leaves the database as it was.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
F="$ROOT/tests/fixtures/returns"
cp "$F/cin-2026-faults.xml" cin.xml
mkdir -p 2025 && cp "$F"/ssda903_2025/*.csv 2025/

"$HEARTH" validate --format json cin.xml > v.json 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "validate: exit 1 on ERROR findings"; }
has() { # rule child line-or-empty what
    jq -e --arg r "$1" --arg c "$2" --arg l "$3" \
        '[.findings[] | select(.rule == $r and .child == $c and ($l == "" or .line == ($l | tonumber)))] | length >= 1' \
        v.json > /dev/null || { jq -c '.findings[] | [.rule, .child, .line, .message]' v.json; fail "$4"; }
}
has schema V001 9 "stray text inside ChildIdentifiers, line 9"
has 4220 V001 10 "Ethnicity WBRX: rule 4220"
has 8630 V001 11 "closure before referral: rule 8630"
has 8608 V001 12 "authorisation before start: rule 8608"
has 8568 V002 17 "ReferralNFA 'maybe': rule 8568"
has 8866 V002 17 "ReferralSource missing: rule 8866"
has schema V002 15 "PersonBirthDate 2014-02-31"
has 8510 V002 19 "a second <Child>: rule 8510"
# each finding once
jq -e '[.findings[] | select(.rule == "4220" and .child == "V001")] | length == 1' v.json > /dev/null || fail "4220 once"
"$HEARTH" validate --format json 2025 > v.json 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "validate 2025: exit 1 on ERROR findings"; }
has 178 A1 2 "PLACE_PROVIDER PR9: rule 178"
has 102 A2 3 "DOB 31/02/2012: rule 102"
has INT32 A1 4 "CHILD twice in the header table: INT32"
has order A1 2 "DEC before DECOM"
# the table form names the line
"$HEARTH" validate cin.xml > v.txt 2>&1
grep -q 'cin.xml line 9): text .stray.' v.txt || { cat v.txt; fail "table output names the line"; }

# ---- import keeps them; --strict refuses and changes nothing ----
"$HEARTH" import --db "$DB" --strict cin.xml > out.txt 2> err.txt && fail "--strict imported a faulty return"
grep -q "stray" err.txt || { cat err.txt; fail "--strict names the fault"; }
"$HEARTH" import --db "$DB" cin.xml 2025 > out.txt 2> err.txt || { cat err.txt; fail "import keeps the returns"; }
grep -q 'children have findings' out.txt || { cat out.txt; fail "the summary says how many children have findings"; }
[ "$(q "SELECT count(*) FROM person WHERE la_child_id IN ('V001', 'V002', 'A1', 'A2')")" = 4 ] || fail "the children are kept"
[ "$(q "SELECT count(*) FROM return_finding WHERE la_child_id = 'V001' AND rule = '4220' AND line = 10")" = 1 ] || fail "the finding is stored with its line"
"$HEARTH" validate --db "$DB" --year 2026 --format json > db.json
jq -e '[.findings[] | select(.rule == "schema" and .child == "V001" and .line == 9)] | length == 1' db.json > /dev/null || { cat db.json; fail "validate --db lists the import's findings"; }
# a second import replaces the file's findings rather than adding to them
n1=$(q "SELECT count(*) FROM return_finding")
"$HEARTH" import --db "$DB" cin.xml 2025 > /dev/null 2>&1 || fail "import again"
[ "$(q "SELECT count(*) FROM return_finding")" = "$n1" ] || fail "findings doubled on a second import"
# and the data exports again, listing what blocks the return
"$HEARTH" export cin-census --db "$DB" --year 2026 --out back.xml > exp.txt 2>&1
grep -q 'AddressSanitizer\|runtime error' exp.txt && fail "export: sanitizer report"
[ -s back.xml ] || grep -qi "block\|cannot\|UPN\|Ethnicity" exp.txt || { cat exp.txt; fail "export says what blocks the return"; }

# ---- rules that compare with the previous year's return, without its files ----
# said once, and no child flagged for them; with that year's files they run
"$HEARTH" demo generate --out demo --population 3000 --years 2 > /dev/null 2>&1 || fail "demo generate"
"$HEARTH" validate --return ssda903 --format json demo/2026/ssda903 > one.json 2> one.err
[ "$(grep -c 'no SSDA903 files of 2024-25 were given' one.err)" = 1 ] || { cat one.err; fail "the previous year's rules are said once"; }
jq -e '[.findings[] | select(.rule == "1001" or .rule == "1002")] | length == 0' one.json > /dev/null || fail "no child flagged by a rule that needs last year's files"
"$HEARTH" validate --return ssda903 --year 2026 --format json demo/2025/ssda903 demo/2026/ssda903 > two.json 2> two.err
grep -q 'were given' two.err && { cat two.err; fail "with last year's files every rule runs"; }
# no child is a second row of a table for being in both years' files, and the rules between
# the years name the child whose return disagrees with last year's, and no other
jq -e '[.findings[] | select(.rule | startswith("INT3"))] | length == 0' two.json > /dev/null || fail "a child in both years' files is not a second row"
mkdir -p alt && cp -r demo/2025 demo/2026 alt/
c=$(sed -n 2p alt/2026/ssda903/header.csv | cut -d, -f1)
awk -F, -v OFS=, 'NR == 2 { $2 = $2 == "F" ? "M" : "F" } 1' demo/2026/ssda903/header.csv > alt/2026/ssda903/header.csv
"$HEARTH" validate --return ssda903 --year 2026 --format json alt/2025/ssda903 alt/2026/ssda903 > alt.json 2> alt.err
jq -e --arg c "$c" '[.findings[] | select(.rule == "202")] | length == 1 and .[0].child == $c and .[0].line == 2' alt.json > /dev/null || { cat alt.json | head -40; fail "202 names the child whose SEX changed"; }
grep -q '202' one.err || { cat one.err; fail "202 is among the rules said once without last year's files"; }
echo ok
