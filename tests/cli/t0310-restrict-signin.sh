# hearth restrict and the sign-in hardening commands: only an administrator restricts,
# names, excludes and lifts; the password rules refuse deny-listed passwords; a new password
# ends every session of its user; the second factor is turned on and off; unlock ends a
# lock-out. Who may then open what is tested in tests/unit/store/test_restrict.c.
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2012,WBRI,UN1,,\n' > r/2019/header.csv
"$HEARTH" import --db "$DB" r > imp.txt 2>&1 || { cat imp.txt; fail "import failed"; }
echo "root-password-for-tests" | "$HEARTH" user add root --role admin --db "$DB" > /dev/null || fail "user add admin"
echo "sam-password-for-tests" | "$HEARTH" user add sam --role social_worker --team North --db "$DB" > /dev/null || fail "user add sam"
echo "Password123!" | "$HEARTH" user add weak --role social_worker --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a deny-listed password was accepted"
grep -q "attackers try" out.txt || fail "unclear: $(cat out.txt)"

"$HEARTH" restrict C1 --reason "High-profile case" --by sam --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a social worker restricted a record"
grep -q "not an administrator" out.txt || fail "unclear: $(cat out.txt)"
"$HEARTH" restrict C1 --reason "High-profile case" --by root --db "$DB" > /dev/null || fail "restrict"
[ "$(q "select reason from restriction")" = "High-profile case" ] || fail "no restriction row"
"$HEARTH" restrict C1 --allow sam --by root --db "$DB" > /dev/null || fail "allow"
[ "$(q "select count(*) from restriction_user ru join app_user u on u.id = ru.user_id where u.name = 'sam'")" = 1 ] || fail "sam not named"
"$HEARTH" restrict C1 --exclude sam --by root --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "an exclusion without a reason"
"$HEARTH" restrict C1 --exclude sam --reason "sam is the child's aunt" --by root --db "$DB" > /dev/null || fail "exclude"
"$HEARTH" restrict C1 --allow nobody --by root --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "an unknown user was named"
"$HEARTH" restrict C1 --lift --by root --db "$DB" > /dev/null || fail "lift"
[ "$(q "select count(*) from restriction") $(q "select count(*) from restriction_exclude")" = "0 1" ] \
    || fail "lift should end the restriction and keep the exclusion"
"$HEARTH" restrict NOPE --reason x --by root --db "$DB" > /dev/null 2>&1
[ $? -eq 1 ] || fail "unknown child"

q "insert into web_session (token_hash, user_id, csrf, created, last_seen) select 'x1', id, 'c', 1, 1 from app_user where name = 'sam'"
echo "qwertyuiop" | "$HEARTH" user passwd sam --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a deny-listed new password was accepted"
[ "$(q "select count(*) from web_session")" = 1 ] || fail "a refused change ended sessions"
echo "kettle-pigeon-marble" | "$HEARTH" user passwd sam --db "$DB" | grep -q "every session" || fail "passwd"
[ "$(q "select count(*) from web_session")" = 0 ] || fail "sessions survived a password change"

"$HEARTH" user totp sam --db "$DB" > out.txt || fail "totp"
grep -q "otpauth://totp/hearth:sam?secret=[A-Z2-7]\{32\}&issuer=hearth&algorithm=SHA256" out.txt || fail "no otpauth URI: $(cat out.txt)"
[ "$(q "select length(totp_secret) from app_user where name = 'sam'")" = 32 ] || fail "secret not stored"
"$HEARTH" user totp sam --off --db "$DB" > /dev/null || fail "totp --off"
[ -z "$(q "select totp_secret from app_user where name = 'sam'")" ] || fail "secret kept after --off"

q "update app_user set failed_logins = 9, locked_until = 9999999999 where name = 'sam'"
"$HEARTH" user unlock sam --db "$DB" > /dev/null || fail "unlock"
[ "$(q "select failed_logins || ' ' || locked_until from app_user where name = 'sam'")" = "0 0" ] || fail "still locked"
echo ok
