#!/bin/sh
# Run the command-line tests tests/cli/t*.sh, each with HEARTH set to the binary under
# test (the ASan build) and its own scratch directory. Prints "N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
pass=0; fail=0
for t in tests/cli/t*.sh; do
    [ -f "$t" ] || continue
    scratch=$(mktemp -d /tmp/hearth-cli-XXXXXX)
    if (cd "$scratch" && HEARTH="$bin" ROOT="$root" sh "$root/$t" >"$scratch/.log" 2>&1); then
        pass=$((pass+1))
    else
        fail=$((fail+1)); echo "FAILED: $t"; tail -n 30 "$scratch/.log"
    fi
    rm -rf "$scratch"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
