# The access log's own retention: hearth retention --report counts the entries opened more
# than 6 years ago; prune-log removes them only for an administrator with --confirm, oldest
# first, leaving a checkpoint from which hearth audit verify still proves the rest; a
# checkpoint taken away afterwards is found.
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
fail() { echo "FAIL: $*"; exit 1; }
DB=$(db t.db)
mkdir -p r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2012,WBRI,UN1,,\n' > r/2019/header.csv
"$HEARTH" import --db "$DB" r > imp.txt 2>&1 || { cat imp.txt; fail "import failed"; }
echo "root-password-for-tests" | "$HEARTH" user add root --role admin --db "$DB" > /dev/null || fail "user add admin"
echo "sam-password-for-tests" | "$HEARTH" user add sam --role social_worker --team North --db "$DB" > /dev/null || fail "user add sam"
child=$(q "SELECT id FROM person WHERE la_child_id = 'C1'")
sam=$(q "SELECT id FROM app_user WHERE name = 'sam'")
# five openings: three in 2015-2019 (due on 2026-03-31: before 2020-03-31), two in 2025;
# written as entries from before the chain and then chained by hearth audit seal
for at in 1420070400 1500000000 1585000000 1740000000 1750000000; do
    q "INSERT INTO access_log (user_id, at, person_id, page) VALUES ($sam, $at, $child, 'record')" > /dev/null
done
"$HEARTH" audit seal --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "seal"; }
"$HEARTH" audit verify --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "verify before"; }
grep -q "intact: 5 entries" out.txt || fail "verify: $(cat out.txt)"

"$HEARTH" retention --report --as-of 2026-03-31 --db "$DB" > rep.txt 2>&1 || { cat rep.txt; fail "report"; }
grep -q "^Access log (each entry kept 6 years" rep.txt || { cat rep.txt; fail "no access log section"; }
grep -q "^3 entries opened before 2020-03-31 are due (places 1 to 3" rep.txt || { cat rep.txt; fail "due entries"; }

"$HEARTH" retention prune-log --by root --as-of 2026-03-31 --db "$DB" > out.txt 2>&1
[ $? -eq 2 ] || fail "prune-log without --confirm should be a usage error"
grep -q "add --confirm" out.txt || fail "unclear: $(cat out.txt)"
"$HEARTH" retention prune-log --by sam --confirm --as-of 2026-03-31 --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a social worker must not prune"
grep -q "not an administrator" out.txt || fail "unclear: $(cat out.txt)"
[ "$(q 'SELECT count(*) FROM access_log')" = 5 ] || fail "a refused prune removed entries"

"$HEARTH" retention prune-log --by root --confirm --as-of 2026-03-31 --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "prune-log"; }
grep -q "pruned 3 access log entries (places 1 to 3); checkpoint [0-9a-f]\{64\}" out.txt || fail "prune output: $(cat out.txt)"
[ "$(q 'SELECT count(*) FROM access_log')" = 2 ] || fail "not 2 entries left"
[ "$(q 'SELECT min(seq) FROM access_log')" = 4 ] || fail "the oldest should have gone"
"$HEARTH" audit verify --db "$DB" > ver.txt 2>&1 || { cat ver.txt; fail "the chain no longer verifies after the prune"; }
grep -q "intact: 2 entries, head 5" ver.txt || fail "verify after: $(cat ver.txt)"
grep -q "from checkpoint: entries 1 to 3 pruned (1 prune), checkpoint [0-9a-f]\{64\}" ver.txt || fail "no checkpoint: $(cat ver.txt)"
"$HEARTH" retention --report --as-of 2026-03-31 --db "$DB" | grep -q "no entry opened before 2020-03-31 is due" || fail "still due after the prune"
"$HEARTH" retention prune-log --by root --confirm --as-of 2026-03-31 --db "$DB" | grep -q "nothing was pruned" || fail "second prune"

# the checkpoint taken away: the first kept entry no longer follows anything
q "DELETE FROM audit_checkpoint" > /dev/null
"$HEARTH" audit verify --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "verify passed without the checkpoint: $(cat out.txt)"
grep -q "BROKEN" out.txt || fail "unclear: $(cat out.txt)"
echo ok
