# hearth validate: files are checked in a throwaway store (the database is never touched),
# the database is checked without files; JSON has exactly the documented shape; ERROR and
# QUERY are told apart in output and exit status; bad files give a clear error and exit 1;
# the demo authority raises no ERROR; --coverage lists the rules checked.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
header() { # year
    cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>$1</Year><ReferenceDate>$1-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>887</LEA><SoftwareCode>t</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>$1-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>
XML
}
# V001 breaks nothing per child; V002 has no primary need on a referral that led to action
# (8610, an ERROR) and a badly formed former UPN (1560Q, a QUERY); V003 only a QUERY (8545Q).
{ header 2026; cat <<'XML'
    <Child>
      <ChildIdentifiers><LAchildID>V001</LAchildID><UPN>A201123456789</UPN><PersonBirthDate>2014-05-04</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>MOB</Disability><Disability>HAND</Disability></Disabilities></ChildCharacteristics>
      <CINdetails><CINreferralDate>2025-06-02</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers><LAchildID>V002</LAchildID><UPN>A201123456790</UPN><FormerUPN>X12</FormerUPN><PersonBirthDate>2013-01-09</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails><CINreferralDate>2025-07-01</CINreferralDate><ReferralSource>2A</ReferralSource><ReferralNFA>0</ReferralNFA></CINdetails>
    </Child>
XML
} > good.xml
# fix V001's and V002's UPN check letters with the rule's own arithmetic
upn() { # 12 characters -> UPN with its check letter
    echo "$1" | awk '{ L = "ABCDEFGHJKLMNPQRTUVWXYZ"; s = 0
        for (i = 1; i <= 12; i++) { c = substr($1, i, 1); v = index("0123456789", c) - 1
            if (v < 0) v = index(L, c) - 1; s += v * (i + 1) }
        print substr(L, s % 23 + 1, 1) $1 }'
}
sed -i "s/A201123456789/$(upn 201123456789)/; s/A201123456790/$(upn 201123456790)/" good.xml
cat >> good.xml <<'XML'
    <Child>
      <ChildIdentifiers><LAchildID>V003</LAchildID><UPNunknown>UN2</UPNunknown><PersonBirthDate>2011-02-03</PersonBirthDate><Sex>F</Sex><PersonDeathDate>2026-04-20</PersonDeathDate></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>LD</Disability><Disability>AUT</Disability><Disability>VIS</Disability><Disability>HEAR</Disability><Disability>PC</Disability></Disabilities></ChildCharacteristics>
      <CINdetails><CINreferralDate>2025-08-01</CINreferralDate><ReferralSource>5A</ReferralSource><PrimaryNeedCode>N2</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails>
    </Child>
  </Children>
</Message>
XML

# ---- files: JSON, exactly ----
in_db nothing "$HEARTH" validate --db "$(db nothing.db)" --format json good.xml > out.json 2> err.txt
rc=$?
[ $rc -eq 1 ] || { cat err.txt; fail "an ERROR finding must give exit 1, got $rc"; }
if on_pg; then
    [ "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'la_${HEARTH_LA}_nothing'")" = 0 ] \
        || fail "validating files must not create the authority"
else
    [ ! -e nothing.db ] || fail "validating files must not create or open the database"
fi
jq -e 'keys == ["findings"]' out.json > /dev/null || fail "top level is not {findings}"
jq -e '.findings | all(keys_unsorted == ["rule","return","child","table","row","fields","message","level","file","line"])' \
    out.json > /dev/null || { cat out.json; fail "a finding has other keys or order"; }
jq -e '.findings | all((.row|type) == "number" and (.fields|type) == "array" and (.level == "ERROR" or .level == "QUERY"))' \
    out.json > /dev/null || fail "finding types"
jq -e '[.findings[] | select(.rule == "8610")] == [{"rule":"8610","return":"cin","child":"V002","table":"CINdetails","row":1,"fields":["ReferralNFA","PrimaryNeedCode"],"message":"Primary Need code is missing for a referral which led to further action.","level":"ERROR","file":"good.xml","line":16}]' \
    out.json > /dev/null || { cat out.json; fail "8610 finding"; }
jq -e '[.findings[] | select(.rule == "1560Q") | .child + " " + .level] == ["V002 QUERY"]' out.json > /dev/null \
    || fail "1560Q on V002 as a QUERY"
jq -e '[.findings[] | select(.rule == "8545Q") | .child] == ["V003"]' out.json > /dev/null || fail "8545Q on V003"
jq -e '[.findings[] | select(.child == "V001")] == []' out.json > /dev/null || { cat out.json; fail "V001 is clean"; }
# whole-return rules: seven distinct disability codes (2887Q) is about the return, child ""
jq -e '[.findings[] | select(.rule == "2887Q") | .child] == [""]' out.json > /dev/null || fail "2887Q for the return"
jq -e '[.findings[] | select(.rule == "2888Q")] == []' out.json > /dev/null || fail "2888Q with children of several disabilities"

# ---- files: the table, grouped by child in plain English ----
"$HEARTH" validate good.xml > out.txt 2>&1
[ $? -eq 1 ] || fail "table: exit status"
grep -q '^Child V002, CIN census 2025-26:$' out.txt || { cat out.txt; fail "no heading for V002"; }
grep -q '^  Error 8610 (episode of need 1, good.xml line 16): Primary Need code is missing' out.txt || fail "8610 line"
grep -q '^  Query 1560Q (identifiers, good.xml line 14): ' out.txt || { cat out.txt; fail "1560Q line"; }
grep -q '^The CIN census 2025-26 as a whole:$' out.txt || fail "no whole-return group"
grep -q '^CIN census 2025-26: 3 children checked, 2 with findings; 1 error, [0-9]* queries$' out.txt \
    || { cat out.txt; fail "summary line"; }
grep -q 'V001' out.txt && fail "V001 has no findings and must not be listed"

# only queries: exit 0
sed 's|<ReferralSource>2A</ReferralSource>|<ReferralSource>2A</ReferralSource><PrimaryNeedCode>N3</PrimaryNeedCode>|' good.xml > queries.xml
"$HEARTH" validate --format json queries.xml > q.json || fail "queries only must exit 0"
jq -e '[.findings[] | select(.level == "ERROR")] == [] and (.findings | length) > 0' q.json > /dev/null || fail "queries only"

# ---- the database: the same findings, and the database unchanged ----
"$HEARTH" import --db "$DB" good.xml > /dev/null 2>&1 || fail "import"
before=$(digest)
"$HEARTH" validate --db "$DB" --year 2026 --format json > db.json
[ $? -eq 1 ] || fail "database: exit status"
# except V003's death on 20 April 2026, after the reference date: wrong in a file for
# 2025-26 (8545Q), but from the database the 2026 return is checked as made on 31 March,
# when it had not happened (the exporter leaves it out for the same reason)
jq -e '[.findings[] | select(.rule == "8545Q" and .child == "V003")] | length == 1' out.json > /dev/null ||
    fail "the file: 8545Q for a death after the reference date"
jq -S '[.findings[] | select(.rule != "8545Q" or .child != "V003") | del(.file, .line)] | sort_by(.rule, .child)' out.json > a.json
jq -S '[.findings[] | del(.file, .line)] | sort_by(.rule, .child)' db.json > b.json
cmp -s a.json b.json || { diff a.json b.json; fail "the database gives other findings than the file"; }
[ "$before" = "$(digest)" ] || fail "validate changed the database"
# without --year: the latest year with activity
"$HEARTH" validate --db "$DB" --format json > db2.json
cmp -s db.json db2.json || fail "default year is not 2026"

# ---- bad input: a clear message, exit 1, never a crash ----
bad() { # name expected-substring
    "$HEARTH" validate "$1" > out.txt 2> err.txt
    rc=$?
    [ $rc -eq 1 ] || { cat err.txt; fail "$1: exit $rc, expected 1"; }
    grep -q "$2" err.txt || { cat err.txt; fail "$1: message lacks '$2'"; }
    grep -q 'AddressSanitizer\|runtime error' err.txt && fail "$1: sanitizer report"
    [ -s out.txt ] && fail "$1: printed findings for a bad file"
    return 0
}
head -c 1500 good.xml > cut.xml
bad cut.xml "cut.xml"
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST\nC1,01/05/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH\n' > episodes.csv
bad episodes.csv "episodes.csv"
printf 'not,a,return\n1,2,3\n' > junk.csv
bad junk.csv "not a file hearth knows"
bad no-such-file.xml "no such file"
# SSDA903 episodes carrying the DfE's derived PL_LA and PL_LOCATION, as a council's system may
# write them: read, and an episode placed IN the authority's area (Medway, where the homes
# are) with another LA of placement named by 411
mkdir -p pl/2026
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nL1,M,01/01/2012,WBRI,UN1,,\nL2,F,01/01/2012,WBRI,UN1,,\n' > pl/2026/header.csv
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,PL_LA,PL_LOCATION,PL_DISTANCE\n%s\n%s\n' \
    'L1,01/06/2025,S,C2,N1,U4,PR1,,,,ME5 7AA,ME4 4AA,,E06000035,IN,1.2' \
    'L2,01/06/2025,S,C2,N1,U4,PR1,,,,ME5 7AA,ME4 4AA,,E10000016,IN,1.2' > pl/2026/episodes.csv
"$HEARTH" validate --format json pl/2026/header.csv pl/2026/episodes.csv > pl.json 2> /dev/null
jq -e '[.findings[] | select(.rule == "411") | .child] == ["L2"]' pl.json > /dev/null ||
    { cat pl.json; fail "411: the episode IN with Kent's code, and it alone"; }
# what the return holds that breaks a rule is a finding among the others, not a refusal:
# a 2026 return written with the 2024 schema's GenderCurrent; two <Child> for one child
sed 's|<Sex>F</Sex>|<GenderCurrent>2</GenderCurrent>|' good.xml > wrong-year.xml
"$HEARTH" validate --format json wrong-year.xml > wy.json; [ $? -eq 1 ] || fail "wrong-year.xml: exit 1"
jq -e '[.findings[] | select(.rule == "schema" and .child == "V001" and (.message | test("GenderCurrent")) and .line > 0)] | length == 1' wy.json > /dev/null || { cat wy.json; fail "wrong-year.xml: the schema finding with its line"; }
jq -e '[.findings[] | select(.rule == "8610" and .child == "V002")] | length == 1' wy.json > /dev/null || fail "wrong-year.xml: the other findings too"
awk '/<LAchildID>V003</ { sub(/V003/, "V001") } { print }' good.xml > dup.xml
"$HEARTH" validate --format json dup.xml > dup.json; [ $? -eq 1 ] || fail "dup.xml: exit 1"
jq -e '[.findings[] | select(.rule == "8510" and .child == "V001" and (.message | test("first is at line")))] | length == 1' dup.json > /dev/null || { cat dup.json; fail "dup.xml: 8510 named with both lines"; }
# import alone accepts them
in_db dup "$HEARTH" import --db "$(db dup.db)" dup.xml > /dev/null 2>&1 || fail "import of dup.xml"

# ---- usage ----
"$HEARTH" validate --year 2019 good.xml > /dev/null 2> err.txt; [ $? -eq 2 ] || fail "a year with no rules is a usage error"
grep -q '2019' err.txt || fail "the year is named"
"$HEARTH" validate --format xml good.xml > /dev/null 2>&1; [ $? -eq 2 ] || fail "--format xml"
"$HEARTH" validate --return foo good.xml > /dev/null 2>&1; [ $? -eq 2 ] || fail "--return foo"

# ---- coverage ----
"$HEARTH" validate --coverage > cov.md || fail "--coverage"
grep -q '^| CIN census | 2025-26 | 109 | ' cov.md || { cat cov.md; fail "coverage row for 2025-26"; }
grep -q '^| CIN census | 2025-26 | 109 | 109 | 0 | 100% |$' cov.md || fail "every CIN census rule checked"
# a ReferenceDate not the year's 31 March (100), a UPN's LA number (1530), dates outside the year (354, 385, 570, 571, 703, 704) and the XML
# header's UASC flag (105, 303, 205A-205D), 503J and 706 between the years, 709 and 411 are checked
grep -q '^| \(100\|1530\|503J\|706\|354\|385\|570\|571\|703\|704\|105\|303\|205A\|205B\|205C\|205D\|709\|411\) |' cov.md &&
    fail "a rule checked is listed as not checked"
# answered as the files are read: a date that is none (147), a child twice (INT32, 8510)
grep -q '^| \(147\|INT32\|8510\) |' cov.md && fail "a rule answered as files are read is listed as not checked"
grep -q "^| 1008 | .*Ofsted's register of providers" cov.md || fail "1008 listed with why"

# ---- the demo authority raises no ERROR in its latest complete year ----
# (its returns end with 2025-26; the year since is recorded through the forms up to today and
# is not over: its year-end items and what the forms do not yet ask are not errors of the
# returns the demo made)
in_db demo "$HEARTH" demo --db "$(db demo.db)" --population 8000 --years 2 --quiet > /dev/null 2>&1 || fail "demo"
in_db demo "$HEARTH" validate --db "$(db demo.db)" --year 2026 --format json > demo.json
# (its addresses are in real postcode sectors, the council's own provision in its own area:
# the rules that find where a postcode is, 392a, 392c, 164, 169, 179 and 1015, hold too)
jq -e '[.findings[] | select(.level == "ERROR")] | length == 0' demo.json > /dev/null ||
    { jq -c '.findings[] | select(.level == "ERROR")' demo.json | head; fail "the demo raises ERROR findings"; }
jq -e '.findings | length > 0' demo.json > /dev/null || true

# ---- a past year from the database is checked as that year's return said it ----
# (the database also knows what happened after that 31 March: closures, plan ends,
# authorisations; the return made then did not, and is not wrong for it). The CIN findings
# for 2025 from the database are those of the 2025 return exported and checked as a file.
in_db demo "$HEARTH" validate --db "$(db demo.db)" --year 2025 --return cin --format json > past.json
[ $? -eq 0 ] || { jq -c '.findings[] | select(.level == "ERROR")' past.json | head; fail "the demo's 2025 CIN census raises ERROR findings from the database"; }
in_db demo "$HEARTH" export cin-census --db "$(db demo.db)" --year 2025 --out past.xml > /dev/null 2>&1 || fail "export 2025"
"$HEARTH" validate --return cin --format json past.xml > past-file.json
jq -c '[.findings[] | [.rule, .child]] | sort' past.json > a.txt
jq -c '[.findings[] | [.rule, .child]] | sort' past-file.json > b.txt
cmp -s a.txt b.txt || { diff a.txt b.txt | head; fail "2025 from the database differs from the 2025 return checked as a file"; }
echo ok
