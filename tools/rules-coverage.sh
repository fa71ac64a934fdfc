#!/bin/sh
# Write docs/rules-coverage.md: which DfE validation rules hearth checks, per return and
# collection year, and why the others are not. The table comes from the program itself
# (`hearth validate --coverage`: the compiled catalogues against the registered rule sets),
# so a rule module merged later (SSDA903) is counted without touching this script.
# Usage: sh tools/rules-coverage.sh [hearth binary]   (default bin/hearth, built if missing)
set -eu
bin=${1:-bin/hearth}
[ -x "$bin" ] || make --no-print-directory bin/hearth >/dev/null
"$bin" validate --coverage > docs/rules-coverage.md.tmp
mv docs/rules-coverage.md.tmp docs/rules-coverage.md
grep '^| [A-Z]' docs/rules-coverage.md | grep -E '\| [0-9]+% \|$' || true
