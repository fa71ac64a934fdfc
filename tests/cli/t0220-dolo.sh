# The SSDA903 deprivation of liberty orders table of 2026-27 (CHILD, DOB, DOLO_START,
# DOLO_END): recognised by its header, validated under rules 702, 705, 707, 708 and 710 with
# the child and the line, imported (an order that ends before it starts kept without its end,
# its finding listed), checked again from the database, and exported as dolo.csv for
# 2026-27 only (the 2025-26 return has no such table).
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
d=r/2027/ssda903
mkdir -p "$d"
# six children looked after from May 2026; D4 goes home in December, D6 is in a secure home
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n' > "$d/header.csv"
for k in 1 2 3 4 5 6; do printf 'D%s,1,0%s/03/2012,WBRI,UN2,,\n' $k $k >> "$d/header.csv"; done
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n' > "$d/episodes.csv"
for k in 1 2 3 5; do printf 'D%s,01/05/2026,S,C2,N1,U6,PR1,,,,,,\n' $k >> "$d/episodes.csv"; done
printf 'D4,01/05/2026,S,C2,N1,U6,PR1,01/12/2026,E13,,,,\n' >> "$d/episodes.csv"
printf 'D6,01/05/2026,S,C2,N1,K1,PR1,,,,,,\n' >> "$d/episodes.csv"
cat > "$d/dolo.csv" <<'CSV'
CHILD,DOB,DOLO_START,DOLO_END
D1,01/03/2012,10/05/2026,
D2,02/03/2012,01/07/2026,01/06/2026
D3,03/03/2012,01/06/2026,
D3,03/03/2012,01/09/2026,
D4,04/03/2012,10/05/2026,
D5,05/03/2012,01/01/2011,
D6,06/03/2012,10/05/2026,
CSV

# ---- validate the files: each planted child under its rule, with its line ----
"$HEARTH" validate --year 2027 --format json r/2027 > v.json 2> v.err
grep -q 'AddressSanitizer\|runtime error' v.err && fail "sanitizer report"
# (a finding names the child's first line in the table and its row among the child's rows)
for want in "702 D2 3" "705 D3 4" "707 D4" "708 D5" "710 D6"; do
    set -- $want
    jq -e --arg r "$1" --arg c "$2" '[.findings[] | select(.return == "ssda903" and .rule == $r and .child == $c)] | length >= 1' \
        v.json > /dev/null || { jq -c --arg c "$2" '.findings[] | select(.child == $c) | [.rule, .line, .message]' v.json; fail "$2 not named under rule $1"; }
    if [ $# -eq 3 ]; then
        jq -e --arg r "$1" --arg c "$2" --argjson l "$3" '[.findings[] | select(.rule == $r and .child == $c and .line == $l)] | length == 1' \
            v.json > /dev/null || { jq -c --arg c "$2" '.findings[] | select(.child == $c)' v.json; fail "$2: rule $1 not on line $3"; }
    fi
done
jq -e '[.findings[] | select(.rule == "705" and .child == "D3" and .row == 2 and (.file | endswith("dolo.csv")))] | length == 1' \
    v.json > /dev/null || fail "705 does not name D3's second order in dolo.csv"
# D1's order is as it should be: no DoLO rule names it
jq -e '[.findings[] | select(.child == "D1" and (.rule | test("^7[01][0-9]$")))] | length == 0' v.json > /dev/null ||
    { jq -c '.findings[] | select(.child == "D1")' v.json; fail "a clean order was flagged"; }

# ---- import: every order kept; D2's end left out, its finding listed ----
"$HEARTH" import --db "$DB" r > imp.out 2> imp.err || { cat imp.out imp.err; fail "import"; }
grep -q 'deprivation of liberty orders' imp.out || { cat imp.out; fail "import does not count the orders"; }
[ "$(q "SELECT count(*) FROM dolo")" = 7 ] || fail "not every order was imported: $(q "SELECT count(*) FROM dolo")"
[ "$(q "SELECT count(*) FROM dolo WHERE end_date IS NULL")" = 7 ] || fail "an order that ends before it starts kept its end"
"$HEARTH" validate --db "$DB" --year 2027 --format json > db.json 2> db.err
for want in "702 D2" "705 D3" "707 D4" "708 D5" "710 D6"; do
    set -- $want
    jq -e --arg r "$1" --arg c "$2" '[.findings[] | select(.rule == $r and .child == $c)] | length >= 1' db.json > /dev/null ||
        { jq -c --arg c "$2" '.findings[] | select(.child == $c)' db.json; fail "validate --db: $2 not named under rule $1"; }
done

# ---- export: dolo.csv in 2026-27, none in 2025-26 ----
"$HEARTH" export ssda903 --db "$DB" --year 2027 --out back > exp.out 2>&1
grep -q 'AddressSanitizer\|runtime error' exp.out && fail "export: sanitizer report"
[ -f back/dolo.csv ] || { cat exp.out; ls back 2>/dev/null; fail "no dolo.csv in the 2026-27 export"; }
[ "$(head -1 back/dolo.csv | tr -d '\r')" = "CHILD,DOB,DOLO_START,DOLO_END" ] || fail "dolo.csv header: $(head -1 back/dolo.csv)"
grep -q '^D1,01/03/2012,10/05/2026,' back/dolo.csv || { cat back/dolo.csv; fail "D1's order not exported"; }
[ "$(grep -c '^D3,' back/dolo.csv)" = 2 ] || fail "D3's two orders not exported"
"$HEARTH" export ssda903 --db "$DB" --year 2026 --out back26 > exp26.out 2>&1
[ -d back26 ] && [ -f back26/dolo.csv ] && fail "the 2025-26 export has a dolo.csv"
exit 0
