#!/bin/sh
# `make fuzz`: build hearth's parsers with libFuzzer (clang -fsanitize=fuzzer, ASan, UBSan)
# and run each target in fuzz/ for FUZZ_SECONDS (default 180). Needs clang with the
# libFuzzer runtime (Debian: clang, which brings libclang-rt-14-dev); if it is missing we
# install it when we may (root with apt-get) or say what to install. Not part of make check.
# Corpora grow in build/fuzz/corpus/<target>; crashes land in build/fuzz/crashes/<target>.
# Usage: sh tools/fuzz.sh [target ...]   (targets: cin_xml ssda903 date http router doc_sniff; default all)
set -eu
secs=${FUZZ_SECONDS:-180}
CLANG=${CLANG:-clang}
out=build/fuzz

probe() {
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}\n' \
        > "${TMPDIR:-/tmp}/hearth-fuzz-probe.c"
    "$CLANG" -fsanitize=fuzzer -o "${TMPDIR:-/tmp}/hearth-fuzz-probe" "${TMPDIR:-/tmp}/hearth-fuzz-probe.c" 2>/dev/null
}
if ! command -v "$CLANG" >/dev/null 2>&1 || ! probe; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "fuzz: installing clang (with the libFuzzer runtime) from Debian"
        apt-get install -y --no-install-recommends clang libclang-rt-14-dev >/dev/null || apt-get install -y clang
    fi
    if ! command -v "$CLANG" >/dev/null 2>&1 || ! probe; then
        echo "fuzz: needs clang with libFuzzer (Debian: apt-get install clang libclang-rt-14-dev)" >&2
        exit 2
    fi
fi

PKGS="sqlite3 libpq libxml-2.0 jansson xlsxwriter libmicrohttpd libsodium zlib"
CF="-std=c17 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -g -O1 -fno-omit-frame-pointer $(pkg-config --cflags $PKGS) -Ibuild/gen -Isrc"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
LIBS="$(pkg-config --libs $PKGS) -lm"

make --no-print-directory build/gen/bank_holidays.c build/gen/codes_data.c build/gen/rules_data.c build/gen/sonames.h >/dev/null
mkdir -p "$out/obj"
objs=""
for src in $(find src -name '*.c' ! -name main.c | sort) build/gen/*.c; do
    o="$out/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
        "$CLANG" $CF $SAN -fsanitize=fuzzer-no-link -c -o "$o" "$src"
    fi
    objs="$objs $o"
done

targets=${*:-cin_xml ssda903 date http router doc_sniff}
for t in $targets; do
    "$CLANG" $CF $SAN -fsanitize=fuzzer -Ifuzz -o "$out/fuzz_$t" "fuzz/fuzz_$t.c" $objs $LIBS
done

# Seeds: the fixtures (a 903 seed is prefixed with the byte that selects its table).
seed() {
    t=$1; dir=$out/corpus/$t; mkdir -p "$dir"
    case $t in
    cin_xml) for f in $(find tests/fixtures/cin -name '*.xml'); do cp "$f" "$dir/"; done ;;
    ssda903)
        i=0
        for tb in header episodes reviews uasc oc2 oc3 ad1 placed_adoption prev_perm missing social_worker; do
            for f in $(find tests/fixtures/ssda903 -name "$tb.csv" -o -name "$tb*.csv" | sort -u); do
                { printf "\\$(printf '%03o' $i)"; cat "$f"; } > "$dir/seed-$tb-$(basename "$(dirname "$f")")"
            done
            i=$((i + 1))
        done ;;
    date) for d in 2024-02-29 29/02/2024 2023-02-29 31/04/2020 "2024-01-05T10:00:00Z" "05/01/2024 00:00:00" 1899-12-31 2199-12-31; do
              printf '%s' "$d" > "$dir/$(printf '%s' "$d" | tr -c 'A-Za-z0-9' '_')"; done ;;
    http) printf 'csrf=%s&name=a+b&x=%%41%%e2%%82%%ac' 0123456789abcdef > "$dir/form"
          printf 'hearth_pre=%s; hearth_session=%s' "$(printf '%064d' 0)" "$(printf 'a%.0s' $(seq 64))" > "$dir/cookie"
          printf '<script>alert("x")</script>&amp;' > "$dir/html" ;;
    doc_sniff) printf '%%PDF-1.4\n%%%%EOF' > "$dir/pdf"; printf '\211PNG\r\n\032\n' > "$dir/png"
          printf 'PK\003\004' > "$dir/zip" ;;
    router) for p in / /children/12 /contacts/3/decision /children/7/assessments/9/authorise /children/1/icpc/2; do
              printf '\001%s' "$p" > "$dir/$(printf '%s' "$p" | tr -c 'a-z0-9' '_')"; done ;;
    esac
    [ -d "fuzz/corpus/$t" ] && cp fuzz/corpus/$t/* "$dir/" 2>/dev/null || true
}

status=0
for t in $targets; do
    seed "$t"
    mkdir -p "$out/crashes/$t"
    dict=""
    [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
    echo "fuzz: $t for ${secs}s"
    if ! "$out/fuzz_$t" $dict -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
        -artifact_prefix="$out/crashes/$t/" "$out/corpus/$t" > "$out/$t.log" 2>&1; then
        status=1
        echo "fuzz: $t FOUND A CRASH: see $out/$t.log and $out/crashes/$t/"
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE' "$out/$t.log" | sed "s/^/  $t: /" || true
done
exit $status
