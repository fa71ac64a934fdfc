# The web server's own defences (tests/security/hardening.mjs) against the ASan server on a
# small demo authority: server-issued sign-in tokens, sign-in time that does not tell whether
# an account exists, no draft kept by a refused request, 413 at once for a huge body, a
# per-address connection limit. Then HTTPS: served directly with a self-signed certificate,
# or behind a named proxy; cookies Secure and HSTS sent only then; the warning for plain
# HTTP that other computers can reach. And failures of the store fail closed: a lock-out
# counter that cannot be written refuses the sign-in, a session that cannot be ended is
# said to live on (its cookie cleared anyway), the record and decision pages are an error
# rather than a page missing the threshold clock or the contact's concerns.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v node > /dev/null || fail "node is needed"
command -v openssl > /dev/null || fail "openssl is needed"
command -v curl > /dev/null || fail "curl is needed"
"$HEARTH" demo --db demo.db --population 3000 --years 1 --quiet > demo.log 2>&1 || { cat demo.log; fail "demo"; }
pid=
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap stop EXIT
# serve NAME ARGS...: start the server (output in NAME.out, NAME.err), set port
serve() {
    n=$1; shift
    ASAN_OPTIONS=detect_leaks=0 "$HEARTH" serve --db demo.db --assets "$ROOT" --today 2026-03-31 "$@" > "$n.out" 2> "$n.err" &
    pid=$!
    port=
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on https*:\/\/[0-9.]*:\([0-9]*\)\/.*/\1/p' "$n.out" 2>/dev/null); [ -n "$port" ] && break; sleep 0.1
    done
    [ -n "$port" ] || { cat "$n.err"; fail "the server did not start ($*)"; }
}
asan() { ! grep -q "ERROR: AddressSanitizer\|runtime error" "$1.err" || { cat "$1.err"; fail "sanitizer ($1)"; }; }

serve plain --listen 127.0.0.1:0 --per-address-limit 8
node "$ROOT/tests/security/hardening.mjs" "http://127.0.0.1:$port" demo.db || fail "hardening probes"
# plain HTTP on loopback: no Secure, no HSTS, no warning
curl -sS -D plain.h -o /dev/null "http://127.0.0.1:$port/sign-in" || fail "curl plain"
grep -qi '^set-cookie: hearth_pre=' plain.h || fail "no sign-in cookie: $(cat plain.h)"
! grep -qi '^set-cookie:.*secure' plain.h || fail "a Secure cookie over plain HTTP"
! grep -qi '^strict-transport-security' plain.h || fail "HSTS over plain HTTP"
! grep -q WARNING plain.err || fail "warned on loopback: $(cat plain.err)"

# failures of the store fail closed (SQLite triggers and a renamed table make them fail)
form() { # form PATH COOKIE: GET PATH; sets cookie (a hearth_pre one, if set) and csrf
    curl -sS -D f.h -o f.html ${2:+-H "Cookie: $2"} "http://127.0.0.1:$port$1" || fail "curl $1"
    c=$(sed -n 's/^[Ss]et-[Cc]ookie: \([a-z_]*=[0-9a-f]*\);.*/\1/p' f.h)
    cookie=${c:-${2:-}}
    csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' f.html | head -n 1)
}
sign_in() { # sign_in NAME: sets session (the cookie) and code (the answer's status)
    form /sign-in
    code=$(curl -sS -D si.h -o si.html -w '%{http_code}' -H "Cookie: $cookie" \
        --data "csrf=$csrf&next=&name=$1&password=demo-password" "http://127.0.0.1:$port/sign-in")
    session=$(sed -n 's/^[Ss]et-[Cc]ookie: \(hearth_session=[0-9a-f]*\);.*/\1/p' si.h)
}
# the lock-out counter cannot be written: even the right password is refused
sqlite3 demo.db "CREATE TRIGGER no_count BEFORE UPDATE OF failed_logins ON app_user BEGIN SELECT RAISE(ABORT, 'test: no writes'); END;"
sign_in manager
[ "$code" = 200 ] && [ -z "$session" ] || fail "signed in although the failed-attempt counter could not be written: $code"
grep -q "not available just now" si.html || fail "no message when the counter cannot be written"
sqlite3 demo.db "DROP TRIGGER no_count"
sign_in manager
[ "$code" = 303 ] && [ -n "$session" ] || fail "sign-in once the counter works again: $code"
# the session cannot be deleted: sign-out says so, and clears the cookie anyway
form /my-work "$session"
sqlite3 demo.db "CREATE TRIGGER no_end BEFORE DELETE ON web_session BEGIN SELECT RAISE(ABORT, 'test: no deletes'); END;"
code=$(curl -sS -D so.h -o so.html -w '%{http_code}' -H "Cookie: $session" --data "csrf=$csrf" "http://127.0.0.1:$port/sign-out")
[ "$code" = 500 ] || fail "sign-out that could not end the session answered $code"
grep -qi '^set-cookie: hearth_session=;.*Max-Age=0' so.h || fail "sign-out kept the cookie: $(cat so.h)"
grep -q "could not end it" so.html || fail "sign-out did not say the session lives on"
sqlite3 demo.db "DROP TRIGGER no_end"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $session" --data "csrf=$csrf" "http://127.0.0.1:$port/sign-out")
[ "$code" = 303 ] || fail "sign-out once deletes work again: $code"
# the contacts waiting for a decision cannot be read: the record and the decision page are
# an error, not a page without the threshold clock or the concerns
sign_in manager
child=$(sqlite3 demo.db "SELECT c.person_id FROM contact c JOIN contact_note n ON n.contact_id = c.id JOIN case_team ct ON ct.person_id = c.person_id JOIN team t ON t.id = ct.team_id WHERE t.name = 'Assessment North' AND c.decision IS NULL AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.person_id = c.person_id) ORDER BY c.id LIMIT 1")
contact=$(sqlite3 demo.db "SELECT c.id FROM contact c JOIN contact_note n ON n.contact_id = c.id WHERE c.person_id = ${child:-0} AND c.decision IS NULL ORDER BY c.id LIMIT 1")
if [ -z "$child" ]; then # a contact of our own, so that the check always runs
    form /contacts/new "$session"
    curl -sS -o /dev/null -H "Cookie: $session" --data "csrf=$csrf&child=&version=0&date-day=30&date-month=3&date-year=2026&given=Fail&family=Closed&dob-day=1&dob-month=1&dob-year=2019&sex=U&ethnicity=NOBT&disability=NONE&source=1A&concerns=Waiting" "http://127.0.0.1:$port/contacts/new"
    child=$(sqlite3 demo.db "SELECT id FROM person WHERE family_name = 'Closed'")
    contact=$(sqlite3 demo.db "SELECT id FROM contact WHERE person_id = $child")
fi
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $session" "http://127.0.0.1:$port/children/$child")" = 200 ] || fail "the record did not open"
sqlite3 demo.db "ALTER TABLE contact_note RENAME TO contact_note_away"
code=$(curl -sS -o rec.html -w '%{http_code}' -H "Cookie: $session" "http://127.0.0.1:$port/children/$child")
[ "$code" = 500 ] || fail "the record was shown ($code) although its waiting contacts could not be read"
code=$(curl -sS -o dec.html -w '%{http_code}' -H "Cookie: $session" "http://127.0.0.1:$port/contacts/$contact/decision")
[ "$code" = 500 ] || fail "the decision page was shown ($code) without the contact's concerns"
sqlite3 demo.db "ALTER TABLE contact_note_away RENAME TO contact_note"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $session" "http://127.0.0.1:$port/children/$child")" = 200 ] || fail "the record after the table is back"
stop; asan plain

# HTTPS with a self-signed certificate
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" > openssl.log 2>&1 || { cat openssl.log; fail "openssl"; }
serve tls --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key key.pem
grep -q "listening on https://" tls.out || fail "not https: $(cat tls.out)"
curl -sS --cacert cert.pem -D tls.h -o tls.html "https://127.0.0.1:$port/sign-in" || fail "curl https"
grep -qi '^set-cookie: hearth_pre=.*; Secure' tls.h || fail "the sign-in cookie is not Secure over HTTPS: $(cat tls.h)"
grep -qi '^strict-transport-security: max-age=31536000' tls.h || fail "no HSTS over HTTPS: $(cat tls.h)"
# signing in over HTTPS: the session cookie is Secure too
pre=$(sed -n 's/^[Ss]et-[Cc]ookie: \(hearth_pre=[0-9a-f]*\);.*/\1/p' tls.h)
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' tls.html)
curl -sS --cacert cert.pem -D in.h -o /dev/null -H "Cookie: $pre" --data "csrf=$csrf&next=&name=manager&password=demo-password" \
    "https://127.0.0.1:$port/sign-in" || fail "curl sign-in"
grep -qi '^set-cookie: hearth_session=.*HttpOnly.*SameSite=Strict.*; Secure' in.h || fail "the session cookie is not Secure: $(cat in.h)"
curl -sS --cacert cert.pem -D static.h -o /dev/null "https://127.0.0.1:$port/assets/hearth/nothing.css" || true
grep -qi '^strict-transport-security' static.h || fail "no HSTS on a static answer: $(cat static.h)"
# plain HTTP to the HTTPS port is not served
! curl -sS -m 5 -o /dev/null "http://127.0.0.1:$port/sign-in" 2>/dev/null || fail "plain HTTP answered on the HTTPS port"
stop; asan tls

# a certificate without its key, or a key that is not PEM, stops the server at once
"$HEARTH" serve --db demo.db --listen 127.0.0.1:0 --tls-cert cert.pem > half.out 2>&1 && fail "started with a certificate and no key"
grep -q "both --tls-cert and --tls-key" half.out || fail "unclear: $(cat half.out)"
echo "not a key" > bad.pem
"$HEARTH" serve --db demo.db --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key bad.pem > bad.out 2>&1 && fail "started with a key that is not PEM"
grep -q "not a PEM file" bad.out || fail "unclear: $(cat bad.out)"

# behind a named proxy: X-Forwarded-Proto believed from it alone
serve proxy --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1
curl -sS -D p1.h -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/sign-in" || fail "curl proxy"
grep -qi '^set-cookie: hearth_pre=.*; Secure' p1.h || fail "behind the proxy, not Secure: $(cat p1.h)"
grep -qi '^strict-transport-security' p1.h || fail "behind the proxy, no HSTS: $(cat p1.h)"
curl -sS -D p2.h -o /dev/null -H "X-Forwarded-Proto: http" "http://127.0.0.1:$port/sign-in" || fail "curl proxy http"
! grep -qi '^set-cookie:.*secure' p2.h || fail "Secure although the proxy said http"
stop; asan proxy
serve other --listen 127.0.0.1:0 --trusted-proxy 127.0.0.9
curl -sS -D p3.h -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/sign-in" || fail "curl other"
! grep -qi '^set-cookie:.*secure' p3.h || fail "X-Forwarded-Proto believed from an address that is not the proxy"
! grep -qi '^strict-transport-security' p3.h || fail "HSTS from a header sent by an address that is not the proxy"
stop; asan other

# plain HTTP that other computers can reach is warned about, loudly; HTTPS is not
serve open --listen 0.0.0.0:0
grep -q "WARNING: serving plain HTTP" open.err || fail "no warning for plain HTTP on 0.0.0.0: $(cat open.err)"
stop
serve opentls --listen 0.0.0.0:0 --tls-cert cert.pem --tls-key key.pem
! grep -q WARNING opentls.err || fail "warned although serving HTTPS: $(cat opentls.err)"
stop
"$HEARTH" serve --help | grep -q -- "--per-address-limit N" || fail "--per-address-limit is not in the help"
"$HEARTH" serve --db demo.db --per-address-limit many > pl.out 2>&1 && fail "--per-address-limit many accepted"
echo "web hardening: ok"
