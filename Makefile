# caseload: make (build), make demo, make check, make sanitize, make install.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/caseload
MANDIR   = $(PREFIX)/share/man/man1
BUILD   ?= build
VERSION  = 0.1.0

CC      ?= cc
PKGS     = yaml-0.1 libcmark libgit2 jansson
CFLAGS  ?= -O2 -g
WERROR  ?= $(if $(CI),-Werror,)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) -Iinclude \
	-DCASELOAD_VERSION='"$(VERSION)"' -DCASELOAD_DATADIR='"$(DATADIR)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

SRC      = $(sort $(wildcard tool/*.c))
OBJ      = $(SRC:tool/%.c=$(BUILD)/%.o)
LIB_OBJ  = $(filter-out $(BUILD)/main.o,$(OBJ))
HDR      = $(wildcard include/*.h)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/%)

# Debian 12 packages the build and the tests need; `make deps` installs the missing ones.
DEB_BUILD = gcc make pkg-config git libyaml-dev libcmark-dev libgit2-dev libjansson-dev
DEB_TEST  = libcmocka-dev python3 clang libclang-rt-14-dev valgrind
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-test demo check test sanitize valgrind install uninstall clean fuzz bench format lint

all: $(BUILD)/caseload

deps:
	@missing=""; for p in $(DEB_BUILD) $(EXTRA_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

deps-test:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(DEB_TEST)"

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/%.o: tool/%.c $(HDR) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/caseload: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LIBS) $(LDFLAGS)

$(BUILD)/test_%: tests/unit/test_%.c $(LIB_OBJ) $(HDR)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS) $(TEST_LIBS) $(LDFLAGS)

demo: deps
	@$(MAKE) --no-print-directory all
	@echo "== caseload check (example-cases/)"
	@$(BUILD)/caseload -C example-cases check || true
	@echo
	@echo "== caseload due (example-cases/)"
	@$(BUILD)/caseload -C example-cases due || true
	@echo
	@if $(BUILD)/caseload -C example-cases build -o $(BUILD)/demo-site >/dev/null 2>&1; then \
	  echo "The site is in $(CURDIR)/$(BUILD)/demo-site/index.html"; \
	else \
	  echo "(the site could not be built yet)"; \
	fi

check: deps-test
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory fuzz-smoke

test: $(BUILD)/caseload $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

# A sanitizer's report exits 96-98, never 1 (which tests read as "the records
# have errors"); the slower binary gets longer to finish each hostile input.
SAN_ENV = ASAN_OPTIONS=exitcode=98 UBSAN_OPTIONS=exitcode=97:print_stacktrace=1 \
	LSAN_OPTIONS=exitcode=96 HOSTILE_TIMEOUT=60

sanitize:
	@$(SAN_ENV) $(MAKE) --no-print-directory BUILD=build-san CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test

# The tests with every run of the tool, the unit tests and the fuzz targets'
# corpora under valgrind; any error or definite leak fails (exit 99).
VALGRIND_CMD = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect

valgrind: $(BUILD)/caseload $(UNIT_BIN) $(FUZZ_RUN_BIN)
	@CASELOAD="$(VALGRIND_CMD) $(CURDIR)/$(BUILD)/caseload" VALGRIND="$(VALGRIND_CMD)" \
	  HOSTILE_TIMEOUT=300 READONLY_TIMEOUT=300 SKIP_ACCEPTANCE=1 BUILD=$(BUILD) sh tests/run.sh

install: $(BUILD)/caseload
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/caseload $(DESTDIR)$(BINDIR)/caseload
	cp -R templates/. $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/caseload
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz

format:
	clang-format -i tool/*.c include/*.h tests/unit/*.c

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability -Iinclude -D_GNU_SOURCE tool

# ---- fuzzing (tests/fuzz/): libFuzzer with AddressSanitizer and UBSan ----
# `make fuzz FUZZ_SECONDS=N` builds build-fuzz/fuzz_* and runs each target N
# seconds; new inputs go to build-fuzz/corpus/<target>/, crashes to
# build-fuzz/artifacts/. `make fuzz-smoke` (part of `make check`) runs each
# for FUZZ_SMOKE_SECONDS. The same targets, linked with tests/fuzz/standalone.c
# instead of libFuzzer, run the corpus and tests/fuzz/regress/ in `make test`.
FUZZ_TARGETS        = yaml note date
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_MAX_LEN       ?= 16384
FUZZ_BUILD          = build-fuzz
FUZZ_CC            ?= clang
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude -Itests/fuzz -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_LIB_OBJ = $(patsubst tool/%.c,$(FUZZ_BUILD)/%.o,$(filter-out tool/main.c,$(SRC)))
FUZZ_HARNESS = tests/fuzz/harness.c tests/fuzz/harness.h
FUZZ_RUN_BIN = $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
FUZZ_OPTS    = -timeout=10 -rss_limit_mb=2048 -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1

.PHONY: fuzz fuzz-smoke fuzz-build

$(FUZZ_BUILD)/%.o: tool/%.c $(HDR)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HARNESS) $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/harness.c \
	  $(FUZZ_LIB_OBJ) $(LIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(FUZZ_HARNESS) $(LIB_OBJ) $(HDR)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/standalone.c tests/fuzz/harness.c \
	  $(LIB_OBJ) $(LIBS) $(LDFLAGS)

test: $(FUZZ_RUN_BIN)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_BUILD)/fuzz_$$t $(FUZZ_OPTS) -max_total_time=$(FUZZ_SECONDS) \
	    $$( [ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict ) \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/fuzz_$$t.log; \
	  rc=$$?; grep -E '^(stat::|INFO: Done|==[0-9]+==ERROR|SUMMARY)' $(FUZZ_BUILD)/fuzz_$$t.log; \
	  if [ $$rc -ne 0 ]; then tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; fi; \
	done

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
