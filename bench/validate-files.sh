#!/bin/sh
# bench/validate-files.sh: `hearth validate FILES` on a large authority's returns, as an
# analyst checks them before submission, beside the sector's open Python validators when
# they are installed. Writes a Medway-sized authority (POPULATION children aged 0-17,
# collection years YEAR-1 and YEAR), then times, RUNS times each, wall clock:
#   - hearth validate --return ssda903 on both years' SSDA903 tables (the previous year's
#     lets the rules that compare with it run), and --return cin on the year's CIN census;
#   - SECTOR_903 and SECTOR_CIN, if set: the sector's validators as installed, each a shell
#     command in which {this} is replaced by the year's SSDA903 folder, {prev} by the
#     previous year's, {cin} by the CIN census file. For example, with data-to-insight's
#     lac_validator and cin_validator installed (pip), their own command lines.
# Prints each mean and the ratios. A benchmark to read, never a timed test.
# Environment: POPULATION (64000), YEAR (2026), RUNS (10), BENCH_OUT (bench/out), HEARTH.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
hearth=${HEARTH:-$root/bin/hearth}
out=${BENCH_OUT:-$root/bench/out}/validate-files
pop=${POPULATION:-64000}
year=${YEAR:-2026}
runs=${RUNS:-10}
[ -x "$hearth" ] || { echo "bench: no $hearth; run make first" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
"$hearth" demo generate --out "$out/la" --population "$pop" --first-year $((year - 1)) --years 2 \
    --seed 1 > /dev/null
this="$out/la/$year/ssda903"
prev="$out/la/$((year - 1))/ssda903"
cin="$out/la/$year/cin_census_$year.xml"
echo "an authority of $pop children aged 0-17; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# mean_ms CMD: the mean wall clock of RUNS runs of the shell command CMD in a subshell, in
# ms; the clock read once around all the runs, so that reading it costs nothing a run
mean_ms() {
    i=0
    t0=$(date +%s%N)
    while [ "$i" -lt "$runs" ]; do
        (eval "$1") > /dev/null 2>&1 || true # findings exit 1
        i=$((i + 1))
    done
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" -v n="$runs" 'BEGIN { printf "%.1f", (b - a) / 1e6 / n }'
}

# fill TEMPLATE: {this}, {prev} and {cin} replaced
fill() { printf '%s' "$1" | sed -e "s|{this}|$this|g" -e "s|{prev}|$prev|g" -e "s|{cin}|$cin|g"; }

h903=$(mean_ms "'$hearth' validate --year $year --return ssda903 --format json '$prev' '$this'")
hcin=$(mean_ms "'$hearth' validate --year $year --return cin --format json '$cin'")
echo "hearth validate, SSDA903 tables of $((year - 1)) and $year: $h903 ms"
echo "hearth validate, CIN census $year: $hcin ms"
if [ -n "${SECTOR_903:-}" ]; then
    s903=$(mean_ms "$(fill "$SECTOR_903")")
    awk -v s="$s903" -v h="$h903" 'BEGIN { printf "the sector'"'"'s SSDA903 validator: %s ms, %.0f times hearth'"'"'s\n", s, s / h }'
else
    echo "the sector's SSDA903 validator: not timed (set SECTOR_903)"
fi
if [ -n "${SECTOR_CIN:-}" ]; then
    scin=$(mean_ms "$(fill "$SECTOR_CIN")")
    awk -v s="$scin" -v h="$hcin" 'BEGIN { printf "the sector'"'"'s CIN validator: %s ms, %.0f times hearth'"'"'s\n", s, s / h }'
else
    echo "the sector's CIN validator: not timed (set SECTOR_CIN)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
