# A UPN that is not a UPN (a wrong pattern, markup) is kept as the return was submitted, and
# hearth validate names it (rules 1540, 1550); hearth export cin-census then refuses the
# return and lists every child that blocks it in one run, not only the first; so does
# hearth export ssda903 for codes the year does not have.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
child() { # id upn
    cat <<XML
    <Child>
      <ChildIdentifiers><LAchildID>$1</LAchildID><UPN>$2</UPN><PersonBirthDate>2010-05-04</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2022-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2022-09-01</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>
        <Assessments><AssessmentActualStartDate>2022-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2022-07-20</AssessmentAuthorisationDate></Assessments>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
    </Child>
XML
}
{
    cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2023</Year><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>887</LEA><SoftwareCode>hearth</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2023-05-01T10:00:00</DateTime></Source>
  </Header>
  <Children>
XML
    child C1 A12345
    child C2 A887123456789
    child C3 '&lt;b&gt;X&lt;/b&gt;'
    child C4 B8871234567Z9
    cat <<'XML'
  </Children>
</Message>
XML
} > cin_census_2023.xml
"$HEARTH" import --db "$DB" cin_census_2023.xml > out.txt 2> err.txt || { cat err.txt; fail "a past return with bad UPNs was refused"; }
[ "$(q "SELECT upn FROM person WHERE la_child_id = 'C3'")" = "<b>X</b>" ] || fail "C3's UPN not kept as submitted"
"$HEARTH" validate --db "$DB" --year 2023 > val.txt 2>&1
for c in C1 C3 C4; do
    grep -q "Child $c" val.txt || { cat val.txt; fail "validate does not name $c"; }
done

echo keep > cin.xml
"$HEARTH" export cin-census --db "$DB" --year 2023 --la-code 887 --out cin.xml > out.txt 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "the export took UPNs that are not UPNs"; }
for c in C1 C3 C4; do
    grep -q "child $c: UPN .* is not a UPN" err.txt || { cat err.txt; fail "the export does not list $c"; }
done
grep -q "child C2" err.txt && { cat err.txt; fail "C2 (a good UPN) listed"; }
grep -q "3 children cannot go in the 2023 CIN census" err.txt || { cat err.txt; fail "no count"; }
[ "$(cat cin.xml)" = keep ] || fail "the earlier file was changed"
[ -z "$(ls | grep 'tmp-')" ] || fail "a temporary file was left"

# SSDA903 the same: P2 (a placement code retired after 2023-24) for two children blocks the
# 2024-25 return, and both are listed
mkdir -p s/2025
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nL1,M,05/06/2012,WBRI,UN1,,\nL2,F,05/06/2012,WBRI,UN1,,\nL3,F,05/06/2012,WBRI,UN1,,\n' > s/2025/header.csv
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nL1,01/05/2024,S,C2,N1,P2,PR1,,,,,,\nL2,01/05/2024,S,C2,N1,U1,PR1,,,,,,\nL3,01/06/2024,S,C2,N1,P2,PR1,,,,,,\n' > s/2025/episodes.csv
"$HEARTH" import --db "$DB" --quiet s > out.txt 2> err.txt || { cat err.txt; fail "SSDA903 import"; }
"$HEARTH" export ssda903 --db "$DB" --year 2025 --out s903 > out.txt 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "the SSDA903 export took P2 in 2024-25"; }
for c in L1 L3; do
    grep -q "child $c: SSDA903 episodes table: PLACE 'P2'" err.txt || { cat err.txt; fail "the SSDA903 export does not list $c"; }
done
grep -q "2 children cannot go in the 2025 SSDA903 return" err.txt || { cat err.txt; fail "SSDA903: no count"; }
[ ! -e s903 ] || fail "a blocked SSDA903 export made its folder"
[ -z "$(ls | grep 'tmp-')" ] || fail "a temporary folder was left"
echo ok
