# The web server's own defences (tests/security/hardening.mjs) against the ASan server on a
# small demo authority: server-issued sign-in tokens, sign-in time that does not tell whether
# an account exists, no draft kept by a refused request, 413 at once for a huge body, a
# per-address connection limit. Then HTTPS: served directly with a self-signed certificate,
# or behind a named proxy; cookies Secure and HSTS sent only then; the warning for plain
# HTTP that other computers can reach.
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
