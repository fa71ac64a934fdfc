# Returns of collection years after the last code lists and rules hearth holds: a CIN census
# of 2026-27 and 2029-30 and an SSDA903 return of 2027-28 and 2029-30 are imported,
# validated (files and database) and exported, each command saying once, not per child, that
# the latest lists were used. A code the latest list has is valid after it; a code withdrawn
# before then stays withdrawn.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
cin() { # year: a CIN census of that collection year, three children referred in it
    y=$1; p=$((y - 1))
    cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>$y</Year><ReferenceDate>$y-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>887</LEA><SoftwareCode>t</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>$y-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>
XML
    for k in 1 2 3; do cat <<XML
    <Child>
      <ChildIdentifiers><LAchildID>Y$y$k</LAchildID><UPNunknown>UN2</UPNunknown><PersonBirthDate>$((p - 10))-05-0$k</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails><CINreferralDate>$p-04-0$k</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>
        <Assessments><AssessmentActualStartDate>$p-04-1$k</AssessmentActualStartDate><AssessmentInternalReviewDate>$p-05-0$k</AssessmentInternalReviewDate><AssessmentAuthorisationDate>$p-05-0$k</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
      </CINdetails>
    </Child>
XML
    done
    printf '  </Children>\n</Message>\n'
}
s903() { # year dir: an SSDA903 header and episodes table, two children entering care in the year
    y=$1; p=$((y - 1)); mkdir -p "$2"
    printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nL%s1,1,05/06/%s,WBRI,UN2,,\nL%s2,2,14/02/%s,BAFR,UN2,,\n' \
        "$y" $((p - 9)) "$y" $((p - 5)) > "$2/header.csv"
    printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n' > "$2/episodes.csv"
    printf 'L%s1,01/05/%s,S,C2,N1,U1,PR1,,,,,,\nL%s2,02/06/%s,S,V2,N1,U3,PR1,,,,,,\n' "$y" "$p" "$y" "$p" >> "$2/episodes.csv"
}
mkdir -p r/2027 r/2030
cin 2027 > r/2027/cin_census_2027.xml
cin 2030 > r/2030/cin_census_2030.xml
s903 2028 r/2028/ssda903
s903 2030 r/2030/ssda903

# ---- import: every year taken, one note per return ----
"$HEARTH" import --db "$DB" r > imp.out 2> imp.err || { cat imp.out imp.err; fail "import of years after the lists failed"; }
[ "$(grep -c 'CIN census of 2029-30 was read with the 2025-26 code lists' imp.out)" = 1 ] ||
    { cat imp.out; fail "import should say once that the CIN census was read with 2025-26's lists"; }
[ "$(grep -c 'SSDA903 return of 2029-30 was read with the 2026-27 code lists' imp.out)" = 1 ] ||
    { cat imp.out; fail "import should say once that SSDA903 was read with 2026-27's lists"; }
# the authority had no LA code: it takes the census's, so export needs no --la-code
grep -q "LA code is now 887, from the CIN census" imp.out || { cat imp.out; fail "the census's LEA was not taken as the LA code"; }
[ "$(q "SELECT count(*) FROM cin_episode")" = 6 ] || fail "not every referral of 2027 and 2030 was imported"
[ "$(q "SELECT count(*) FROM la_episode")" = 4 ] || fail "not every looked-after episode of 2028 and 2030 was imported"

# ---- validate: the database, years 2027 and 2030; no ERROR, one note ----
# 2030's return holds its own three and 2027's three, whose episodes are still open
for y in 2027 2030; do
    n=3; [ $y = 2030 ] && n=6
    "$HEARTH" validate --db "$DB" --year $y --return cin > v$y.out 2> v$y.err ||
        { cat v$y.out v$y.err; fail "validate --year $y of a clean return should pass"; }
    grep -q "CIN census $((y - 1))-${y#20}: $n children checked" v$y.out || { cat v$y.out; fail "validate $y did not check the year's $n children"; }
    [ "$(grep -c 'checked with those of 2025-26' v$y.err)" = 1 ] || { cat v$y.err; fail "validate $y should say once that 2025-26's rules were used"; }
done
"$HEARTH" validate --db "$DB" --year 2030 --return ssda903 > v903.out 2> v903.err
grep -q "SSDA903 2029-30: 4 children checked" v903.out || { cat v903.out v903.err; fail "SSDA903 2030 not checked"; }
[ "$(grep -c 'checked with those of 2026-27' v903.err)" = 1 ] || { cat v903.err; fail "SSDA903 2030 should say once it used 2026-27's rules"; }
# with no --year: the latest year with activity (2030), not "no rules for that year"
"$HEARTH" validate --db "$DB" --return cin > vd.out 2> vd.err
grep -q "CIN census 2029-30" vd.out || { cat vd.out vd.err; fail "validate with no --year should check 2029-30"; }

# ---- validate files: a breach is still found after the lists (a code withdrawn earlier
# stays withdrawn; a bad code is still bad) ----
cin 2027 | sed 's/<ReferralSource>1A</<ReferralSource>ZZ</' > bad.xml
"$HEARTH" validate --format json bad.xml > bad.json 2> bad.err; rc=$?
[ $rc -eq 1 ] || { cat bad.err; fail "a code that no list has should still be refused in 2027 (rc $rc)"; }

# ---- export: both returns of years after the lists, written to the latest year's form ----
"$HEARTH" export cin-census --db "$DB" --year 2030 --out c2030.xml > ex.out 2> ex.err ||
    { cat ex.out ex.err; fail "export of the 2030 CIN census failed"; }
[ "$(grep -c 'written to those of 2025-26' ex.out)" = 1 ] || { cat ex.out; fail "export should say once it used 2025-26's schema"; }
grep -q "<LEA>887</LEA>" c2030.xml || fail "the export's LEA is not the census's"
xmllint --noout --schema "$ROOT/data/standards/cin-census/CIN_schema_2026.xsd" c2030.xml 2> xsd.err ||
    { cat xsd.err; fail "the 2030 CIN census is not valid against the latest schema"; }
[ "$(grep -c '<LAchildID>' c2030.xml)" = 6 ] || fail "the 2030 CIN census should hold six children"
"$HEARTH" export ssda903 --db "$DB" --year 2030 --out s2030 > ex9.out 2> ex9.err ||
    { cat ex9.out ex9.err; fail "export of the 2030 SSDA903 return failed"; }
grep -q "for 4 children" ex9.out || { cat ex9.out; fail "the 2030 SSDA903 return should hold four children (2028's still in care)"; }
grep -q "^L20301,01/05/2029,S,C2" s2030/episodes.csv || { cat s2030/episodes.csv; fail "2030 episodes not exported"; }
exit 0
