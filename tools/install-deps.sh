#!/bin/sh
# Install the Debian packages hearth needs to build and test, only those missing.
# Used by `make demo` and .ci/run; safe to run again.
set -eu
need="gcc make pkg-config libsqlite3-dev sqlite3 libxml2-dev libxml2-utils libjansson-dev libcmocka-dev libxlsxwriter-dev zlib1g-dev libmicrohttpd-dev libsodium-dev chromium nodejs"
need="$need libpq-dev postgresql" # the PostgreSQL store: client library, and a server for its tests
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
# npm: Debian ships it as its own package; some nodejs builds carry it already
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
