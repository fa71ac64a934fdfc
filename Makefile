# hearth: `make` builds bin/hearth; `make check` runs every test; `make demo` installs
# what is missing, builds and runs the demo authority. Sources are found by wildcard so
# that adding a module needs no edit here.
CC      ?= cc
PKGS    := sqlite3 libpq libxml-2.0 jansson xlsxwriter libmicrohttpd libsodium zlib
# loaded when first used, not linked (src/util/dynlib.h): most commands need none of them
LOADED  := libpq libmicrohttpd xlsxwriter libxml-2.0
CSTD    := -std=c17 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(LOADED),$(PKGS)) 2>/dev/null) -lm
# tests that read the XML hearth writes call libxml2 themselves
TEST_LIBS  := $(shell pkg-config --libs libxml-2.0 2>/dev/null)
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -pthread -Ibuild/gen -Isrc
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/main.c,$(SRC))
GEN     := build/gen/bank_holidays.c build/gen/codes_data.c build/gen/rules_data.c \
           build/gen/bench_data.c build/gen/postcode_data.c build/gen/ssda903_xsd.c
GENH    := build/gen/sonames.h
OBJ     := $(patsubst src/%.c,build/rel/%.o,$(SRC)) $(patsubst build/gen/%.c,build/rel/gen/%.o,$(GEN))
AOBJ    := $(patsubst src/%.c,build/asan/%.o,$(LIBSRC)) $(patsubst build/gen/%.c,build/asan/gen/%.o,$(GEN))
UNIT    := $(shell find tests/unit -name 'test_*.c' | sort)
UNITBIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT))
# GOV.UK Frontend and MOJ Frontend (served by hearth serve), playwright-core and axe-core
# (browser tests), from npm at the versions package-lock.json pins.
NPM_STAMP := node_modules/.hearth-installed

.PHONY: all check unit cli browser demo bench fuzz clean deps crash
all: bin/hearth $(NPM_STAMP)

deps:
	@sh tools/install-deps.sh

bin/hearth: $(OBJ)
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

build/gen/sonames.h: tools/gen-sonames.sh Makefile
	@mkdir -p build/gen
	sh tools/gen-sonames.sh $(LOADED) > $@.tmp && mv $@.tmp $@

build/gen/bank_holidays.c: data/bank-holidays-england-wales.txt tools/gen-holidays.sh
	@mkdir -p build/gen
	sh tools/gen-holidays.sh $< > $@.tmp && mv $@.tmp $@

build/gen/codes_data.c: data/cin-codes.csv data/ssda903-codes.csv tools/gen-codes-c.sh
	@mkdir -p build/gen
	sh tools/gen-codes-c.sh data/cin-codes.csv data/ssda903-codes.csv > $@.tmp && mv $@.tmp $@

build/gen/rules_data.c: $(wildcard data/rules/*.csv) tools/gen-rules-c.sh
	@mkdir -p build/gen
	sh tools/gen-rules-c.sh $(sort $(wildcard data/rules/*.csv)) > $@.tmp && mv $@.tmp $@

build/gen/bench_data.c: $(wildcard data/benchmarks/*.csv) tools/gen-bench-c.sh
	@mkdir -p build/gen
	sh tools/gen-bench-c.sh data/benchmarks > $@.tmp && mv $@.tmp $@

build/gen/postcode_data.c: data/postcode-sectors.csv.gz tools/gen-postcodes-c.sh
	@mkdir -p build/gen
	sh tools/gen-postcodes-c.sh $< > $@.tmp && mv $@.tmp $@

build/gen/ssda903_xsd.c: data/standards/ssda903/CLA_ssda903_structure.xsd tools/gen-blob-c.sh
	@mkdir -p build/gen
	sh tools/gen-blob-c.sh $< hearth_ssda903_xsd > $@.tmp && mv $@.tmp $@

build/rel/%.o: src/%.c $(GEN) $(GENH)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Tests: everything built again with AddressSanitizer and UBSan.
# HEARTH_TEST_FAULTS: failure points a test can ask for (never in bin/hearth)
build/asan/%.o: src/%.c $(GEN) $(GENH)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -DHEARTH_TEST_FAULTS -MMD -MP -c -o $@ $<
build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<
build/asan/hearth: build/asan/main.o $(AOBJ)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(PKG_LIBS)
build/asan/tests/%: tests/unit/%.c $(AOBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -Isrc -Itests/unit -o $@ $< $(AOBJ) $(PKG_LIBS) $(TEST_LIBS) -lcmocka

# a test rebuilds when a shared test header (testutil.h, teststore.h, fixtures) changes
$(UNITBIN): $(wildcard tests/unit/*.h tests/unit/*/*.h)
unit: $(UNITBIN)
	@sh tests/run-unit.sh $(UNITBIN)

cli: bin/hearth build/asan/hearth
	@sh tests/run-cli.sh build/asan/hearth

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The web application in Chromium: a scratch demo authority served by the ASan build.
browser: build/asan/hearth $(NPM_STAMP)
	@sh tests/browser/run.sh build/asan/hearth

# Every store test runs on SQLite and on a throwaway PostgreSQL server (tests/pg-server.sh).
check:
	@sh tests/pg-server.sh run $(MAKE) --no-print-directory unit cli browser
	@echo "make check: all test suites passed"

demo: deps
	@$(MAKE) --no-print-directory bin/hearth $(NPM_STAMP)
	./bin/hearth demo --db demo.db
	@echo "Starting the web application on the demo authority (Ctrl-C stops it):"
	./bin/hearth serve --db demo.db --listen 127.0.0.1:8080 --demo

bench: bin/hearth
	sh bench/run.sh

# libFuzzer targets in fuzz/ (clang; installed or asked for by the script). FUZZ_SECONDS per target.
fuzz:
	sh tools/fuzz.sh

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)

# The crash test, long form: CRASH_KILLS SIGKILLs of the release server under write load
# (the short form runs in make check as tests/cli/t0400-crash.sh).
CRASH_KILLS ?= 100
crash: bin/hearth
	@d=$$(mktemp -d /tmp/hearth-crash-XXXXXX) && node tests/crash/crash.mjs bin/hearth $$d $(CRASH_KILLS) 8 1500; rc=$$?; rm -rf $$d; exit $$rc
