# hearth user add: the password from stdin or a file, kept hashed; bad roles, short
# passwords and taken names are refused with a clear message and change nothing.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db u.db)
echo "a-long-enough-password" | "$HEARTH" user add alice --role social_worker --team North --db "$DB" > out.txt 2>&1 \
    || { cat out.txt; fail "user add failed"; }
grep -q "added alice (Social worker, North)" out.txt || fail "no confirmation: $(cat out.txt)"
[ "$(q "select count(*) from app_user where name='alice' and pw_hash like '\$argon2id\$%'")" = 1 ] \
    || fail "no argon2id hash stored"
q "select pw_hash from app_user" | grep -q "a-long-enough-password" && fail "the password is stored in clear"
echo "a-long-enough-password" | "$HEARTH" user add alice --role admin --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a taken name was not refused with exit 1"
grep -q "already a user called 'alice'" out.txt || fail "unclear message: $(cat out.txt)"
echo "short" | "$HEARTH" user add bob --role admin --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a short password was not refused"
grep -q "at least 10 characters" out.txt || fail "unclear message: $(cat out.txt)"
"$HEARTH" user add carol --role boss --db "$DB" < /dev/null > out.txt 2>&1
[ $? -eq 2 ] || fail "an unknown role was not a usage error"
grep -q "front_door" out.txt || fail "the roles are not listed: $(cat out.txt)"
printf 'from-a-file-1234\n' > pw.txt
"$HEARTH" user add dave --role "Team manager" --team North --password-file pw.txt --db "$DB" > /dev/null 2>&1 || fail "password file"
[ "$(q "select count(*) from app_user")" = 2 ] || fail "refused users were stored"
[ "$(q "select count(*) from team where name='North'")" = 1 ] || fail "team made twice"
# the team's kind: a referral goes by default to the assessment teams
echo "a-long-enough-password" | "$HEARTH" user add erin --role social_worker --team "Assessment East" \
    --team-kind assessment --db "$DB" > /dev/null 2>&1 || fail "user add --team-kind"
[ "$(q "select kind from team where name='Assessment East'")" = assessment ] || fail "the team's kind not kept"
"$HEARTH" user add fay --role social_worker --team East --team-kind wizards --db "$DB" < /dev/null > out.txt 2>&1
[ $? -eq 2 ] || fail "an unknown team kind was not a usage error"
"$HEARTH" serve --help | grep -q -- "--listen" || fail "serve --help"
"$HEARTH" serve --db "$DB" --listen nowhere > out.txt 2>&1
[ $? -eq 2 ] || fail "a bad --listen was not a usage error"
echo ok
