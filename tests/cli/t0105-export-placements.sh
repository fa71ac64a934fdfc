# hearth export ssda903 carries what the placement and health forms record: a looked-after
# child of the demo authority is placed with a foster carer from the register and moved to
# another of the same type (the carer's postcode, Ofsted URN and provider on the episodes),
# and a review health assessment, a dental check, immunisations and an SDQ score make the
# child's OC2 row; the return imports into an empty database and exports again to the same
# bytes. Bad input is refused beside the field with nothing stored.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
command -v curl > /dev/null || fail "curl is needed"
DB=$(db demo.db)
"$HEARTH" demo --db "$DB" --population 3000 --years 1 --quiet > demo.txt 2>&1 || { cat demo.txt; fail "demo failed"; }
# a child looked after since before 1 April 2025 (day 2460767), in the OC2 cohort of 2026
row=$(q "SELECT p.id || ' ' || p.la_child_id || ' ' || l.place FROM person p JOIN la_episode l ON l.person_id = p.id
         WHERE l.dec IS NULL AND l.decom <= 2460767 AND l.ls NOT IN ('V3', 'V4') AND l.place IN ('U4', 'U6')
         ORDER BY p.id LIMIT 1")
set -- $row
child=$1 la_id=$2 place=$3
[ -n "$child" ] || fail "no looked-after child in the demo authority"

pid=
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap stop EXIT
ASAN_OPTIONS=detect_leaks=0 "$HEARTH" serve --db "$DB" --assets "$ROOT" --today 2026-03-31 --listen 127.0.0.1:0 \
    > serve.out 2> serve.err &
pid=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' serve.out); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { cat serve.err; fail "the server did not start"; }
base="http://127.0.0.1:$port"
form() { # form PATH: GET PATH (signed in once session is set); sets csrf and version
    curl -sS -D f.h -o f.html ${session:+-H "Cookie: $session"} "$base$1" || fail "curl $1"
    c=$(sed -n 's/^[Ss]et-[Cc]ookie: \(hearth_pre=[0-9a-f]*\);.*/\1/p' f.h)
    [ -n "$c" ] && pre=$c
    csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' f.html | head -n 1)
    version=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' f.html | head -n 1)
}
post() { # post PATH DATA: sets code; the answer in p.html
    code=$(curl -sS -o p.html -w '%{http_code}' -H "Cookie: $session" --data "csrf=$csrf&$2" "$base$1")
}
session=
form /sign-in
code=$(curl -sS -D si.h -o /dev/null -w '%{http_code}' -H "Cookie: $pre" \
    --data "csrf=$csrf&next=&name=admin&password=demo-password" "$base/sign-in")
session=$(sed -n 's/^[Ss]et-[Cc]ookie: \(hearth_session=[0-9a-f]*\);.*/\1/p' si.h)
[ -n "$session" ] || fail "admin did not sign in ($code)"

# the register (the demo's carers and providers, and these): a bad postcode is refused
# beside its field, nothing stored
carers=$(q "SELECT count(*) FROM carer")
form /carers/new
post /carers/new "kind=FOSTER&name=Ann+Foster&postcode=ME4&capacity=2&cost=500"
[ "$code" = 422 ] || fail "a bad postcode gave $code"
grep -q 'id="postcode-error"' p.html || fail "no message beside the postcode"
[ "$(q "SELECT count(*) FROM carer")" = "$carers" ] || fail "a refused carer was stored"
post /carers/new "kind=FOSTER&name=Ann+Foster&postcode=me44aa&capacity=2&cost=500"
[ "$code" = 303 ] || fail "carer A: $code"
post /carers/new "kind=IFA&name=Cath+Dee+Fostering&urn=SC123456&postcode=WR1+1AA&capacity=3&cost=950.50"
[ "$code" = 303 ] || fail "carer B: $code"
a=$(q "SELECT id FROM carer WHERE name = 'Ann Foster'")
b=$(q "SELECT id FROM carer WHERE name = 'Cath Dee Fostering'")

form "/children/$child/placement/carer"
post "/children/$child/placement/carer" "version=$version&carer=$a&home_post=ME1+2AA"
[ "$code" = 303 ] || { grep -o 'govuk-error-message[^<]*<[^<]*<[^<]*' p.html; fail "placing with carer A: $code"; }
# the same carer again is refused, and writes nothing
before=$(q "SELECT count(*) FROM la_episode")
form "/children/$child/placement/move"
post "/children/$child/placement/move" "version=$version&date-day=1&date-month=3&date-year=2026&place=$place&reason=CARPL&carer=$a"
[ "$code" = 422 ] || fail "a move to the same carer gave $code"
grep -q 'already lives with this carer' p.html || fail "no message for the same carer"
[ "$(q "SELECT count(*) FROM la_episode")" = "$before" ] || fail "a refused move wrote an episode"
post "/children/$child/placement/move" "version=$version&date-day=1&date-month=3&date-year=2026&place=$place&reason=CARPL&carer=$b"
[ "$code" = 303 ] || fail "the move to carer B: $code"
for k in "kind=RHA" "kind=DENTAL" "kind=IMMUNISATIONS&up_to_date=1" "kind=SDQ&sdq=14"; do
    form "/children/$child/health/new"
    post "/children/$child/health/new" "version=$version&$k&date-day=2&date-month=3&date-year=2026"
    [ "$code" = 303 ] || fail "health record $k: $code"
done
form "/children/$child/health/new"
post "/children/$child/health/new" "version=$version&kind=SDQ&sdq=41&date-day=3&date-month=3&date-year=2026"
[ "$code" = 422 ] && grep -q 'id="sdq-error"' p.html || fail "an SDQ score of 41 was not refused beside its field ($code)"
[ "$(q "SELECT count(*) FROM health_record WHERE person_id = $child")" = 4 ] || fail "a refused health record was stored"
stop
! grep -q "ERROR: AddressSanitizer\|runtime error" serve.err || { cat serve.err; fail "sanitizer"; }

"$HEARTH" export ssda903 --db "$DB" --year 2026 --out s903 > s.txt 2>&1 || { cat s.txt; fail "export failed"; }
grep -q "^$la_id,01/03/2026,P,.*,$place,PR4,.*,WR1 1AA,SC123456\$" s903/episodes.csv \
    || { grep "^$la_id," s903/episodes.csv; fail "the move's episode does not carry carer B's postcode and URN"; }
grep -q "^$la_id,.*,X1,CARPL,ME1 2AA,ME4 4AA,XXXXXXX\$" s903/episodes.csv \
    || { grep "^$la_id," s903/episodes.csv; fail "the ended episode does not carry carer A's postcode"; }
head -1 s903/oc2.csv | grep -q '^CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE' \
    || fail "oc2 columns: $(head -1 s903/oc2.csv)"
grep -q "^$la_id,[^,]*,14,,[01]\{0,1\},[01]\{0,1\},1,1,1," s903/oc2.csv \
    || { head -1 s903/oc2.csv; grep "^$la_id," s903/oc2.csv; fail "the OC2 row is not what was recorded"; }
in_db rt "$HEARTH" import --db "$(db rt.db)" --year 2026 --quiet s903 > imp.txt 2>&1 || { cat imp.txt; fail "re-import failed"; }
in_db rt "$HEARTH" export ssda903 --db "$(db rt.db)" --year 2026 --out t903 > /dev/null || fail "second export"
diff -r s903 t903 > d.txt || { head d.txt; fail "the SSDA903 tables changed on the round trip"; }

# the subject access bundle holds the placements (the carers marked for review) and checks
"$HEARTH" sar "$la_id" --out bundle --today 2026-03-31 --db "$DB" > sar.txt 2>&1 || { cat sar.txt; fail "sar"; }
grep -q '"health_and_education"' bundle/subject-access.json || fail "no health records in the bundle"
grep -q '"kind": "SDQ"' bundle/subject-access.json || fail "the SDQ score is not in the bundle"
grep -q 'Cath Dee Fostering' bundle/subject-access.json || fail "the placement is not in the bundle"

# a newer postcode directory loaded into the store is used before the shipped sectors
"$HEARTH" postcodes find "wr1 1aa" --db "$DB" | grep -q '^WR1 1AA: E10000034' || fail "the shipped sector of WR1 1AA"
printf 'postcode,la,easting,northing\nWR1 1AA,E06000999,385000,255000\nNOPE,E1,1,1\n' > pc.csv
"$HEARTH" postcodes load pc.csv --db "$DB" | grep -q '1 loaded, 1 skipped' || fail "postcodes load"
"$HEARTH" postcodes find "WR1 1AA" --db "$DB" | grep -q '^WR1 1AA: E06000999, easting 385000' || fail "the loaded postcode is not used"
"$HEARTH" postcodes find "W" --db "$DB" > /dev/null 2>&1; [ $? -eq 1 ] || fail "a bad postcode should be exit 1"
"$HEARTH" postcodes lookup x --db "$DB" > /dev/null 2>&1; [ $? -eq 2 ] || fail "bad usage should be exit 2"
echo ok
