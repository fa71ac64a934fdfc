# hearth serve on a database with no users: the first visit leads to /setup, which creates
# the first administrator (with the form's CSRF token) and then closes; the new
# administrator signs in. Headers forbid framing and inline script.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; kill "$pid" 2>/dev/null; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db fresh.db)
command -v curl > /dev/null || { echo "curl missing"; exit 1; }
ASAN_OPTIONS=detect_leaks=0 "$HEARTH" serve --db "$DB" --listen 127.0.0.1:0 --assets "$ROOT" > out.txt 2> err.txt &
pid=$!
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' out.txt); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || fail "the server did not start: $(cat err.txt)"
base=http://127.0.0.1:$port
curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' "$base/sign-in" | grep -q "303 $base/setup" || fail "no redirect to /setup"
curl -s -D h.txt -c jar "$base/setup" > setup.html
grep -qi "^x-frame-options: DENY" h.txt || fail "no frame denial"
grep -qi "^content-security-policy: .*script-src 'self'" h.txt || fail "no CSP"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' setup.html | head -1)
[ -n "$csrf" ] || fail "no CSRF token on the setup form"
# without the token: refused, nothing made
code=$(curl -s -o /dev/null -w '%{http_code}' -b jar -d "name=root&display=Root+Admin&password=long-enough-pw" "$base/setup")
[ "$code" = 403 ] || fail "setup without CSRF answered $code"
[ "$(q 'select count(*) from app_user')" = 0 ] || fail "a refused setup made a user"
# a short password: refused with a message beside the field
curl -s -b jar -d "csrf=$csrf&name=root&display=Root+Admin&password=short" "$base/setup" | grep -q "at least 10 characters" \
    || fail "short password not refused"
curl -s -D h2.txt -o /dev/null -b jar -c jar "$base/setup" ; csrf=$(curl -s -b jar -c jar "$base/setup" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(curl -s -o /dev/null -w '%{http_code}' -b jar -d "csrf=$csrf&name=root&display=Root+Admin&password=long-enough-pw" "$base/setup")
[ "$code" = 303 ] || fail "setup answered $code"
[ "$(q "select role from app_user where name='root'")" = admin ] || fail "no administrator made"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/setup")
[ "$code" = 404 ] || fail "setup still open after the first administrator ($code)"
csrf=$(curl -s -c jar2 "$base/sign-in" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b jar2 -c jar2 -d "csrf=$csrf&next=&name=root&password=long-enough-pw" "$base/sign-in"
grep -q hearth_session jar2 || fail "the administrator could not sign in"
curl -s -b jar2 "$base/my-work" | grep -q "Root Admin" || fail "signed-in page does not show the user"
kill "$pid"; wait "$pid" 2>/dev/null
echo ok
