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

# html-validate (tests/package.json) checks every page of the example site;
# Debian's nodejs and npm are installed only when there is no npm yet.
check: deps-test
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory deps EXTRA_DEBS="nodejs npm"
	@[ -d tests/node_modules ] || (cd tests && npm ci --no-audit --no-fund --loglevel=error) || \
	  echo "npm ci failed: the HTML validation will be skipped"
	@$(MAKE) --no-print-directory test

test: $(BUILD)/caseload $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

sanitize:
	@$(MAKE) --no-print-directory BUILD=build-san CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test

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
