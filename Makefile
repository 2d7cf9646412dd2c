# Journal — the two commands a new user needs are `make run` and `make test` (see README.md).
# Every target installs what it needs when it is missing: the wasm32 target, wasm-bindgen-cli at
# the Cargo.lock version, Debian's nodejs and npm, wasm-opt (npm package binaryen, into .tools/),
# Debian's chromium, chromium-driver and poppler-utils (for e2e).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
BIND ?= 127.0.0.1:8080
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export TEST_POSTGRES_URL

# Crates whose tests touch the database: run once per backend.
DB_CRATES := -p journal-db -p journal-api -p journal-server
# Crates that must build for the browser too.
WASM_CRATES := -p journal-domain -p journal-api-types -p journal-client
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
# wasm-opt for the SPA build (frontend/build.sh); Debian's binaryen is too old for current wasm.
BINARYEN_VERSION = 132
WASM_OPT = $(CURDIR)/.tools/node_modules/.bin/wasm-opt
# axe-core for the accessibility checks of the end-to-end suite (WCAG 2.1 A/AA rules).
AXE_VERSION = 4.11.0
AXE_JS = $(CURDIR)/.tools/node_modules/axe-core/axe.min.js
export AXE_JS

.PHONY: run build spa tools browser test fmt-check clippy test-unit test-sqlite test-postgres \
        wasm openapi openapi-check e2e schemathesis bench bench-tools bench-audit clean

## run: build everything in release, migrate, load the demo school into an empty database, serve.
run: build
	mkdir -p data
	./target/release/journal migrate
	./target/release/journal seed-demo --if-empty
	@echo "Journal: http://$(BIND)/  (API docs: http://$(BIND)/docs/)"
	./target/release/journal serve --bind $(BIND)

## build: the SPA and the release binary with the SPA embedded (target/release/journal).
build: spa
	$(CARGO) build --release -p journal-server --features embed-spa

spa: tools
	./frontend/build.sh

tools:
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked \
	    || $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  echo "installing Debian nodejs and npm (they run wasm-opt and compress the SPA)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y nodejs npm \
	    || { $$SUDO apt-get update && $$SUDO apt-get install -y nodejs npm; }; \
	fi
	@if [ "$$($(WASM_OPT) --version 2>/dev/null | awk '{print $$3}')" != "$(BINARYEN_VERSION)" ]; then \
	  echo "installing wasm-opt (npm binaryen@$(BINARYEN_VERSION)) into .tools/"; \
	  npm install --prefix .tools --no-audit --no-fund binaryen@$(BINARYEN_VERSION); \
	fi

browser: tools
	@if [ "$$(node -p "require('$(CURDIR)/.tools/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$(AXE_VERSION)" ]; then \
	  echo "installing axe-core $(AXE_VERSION) (npm) into .tools/"; \
	  npm install --prefix .tools --no-audit --no-fund axe-core@$(AXE_VERSION); \
	fi
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || ! command -v pdftotext >/dev/null; then \
	  echo "installing Debian chromium, chromium-driver and poppler-utils (pdftotext reads printed PDFs)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y chromium chromium-driver poppler-utils \
	    || { $$SUDO apt-get update && $$SUDO apt-get install -y chromium chromium-driver poppler-utils; }; \
	fi

## test: everything: format, lints, unit tests, the database suites on SQLite and PostgreSQL,
## the wasm32 builds, the OpenAPI drift check, the end-to-end suite and the contract check.
test: fmt-check clippy test-unit test-sqlite test-postgres wasm openapi-check e2e schemathesis
	@echo "make test: all green"

fmt-check:
	$(CARGO) fmt --all -- --check

clippy: tools
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy -p journal-frontend --target wasm32-unknown-unknown -- -D warnings

test-unit:
	$(CARGO) test -p journal-domain -p journal-api-types -p journal-client -p journal-print -p journal-frontend

test-sqlite:
	@echo "=================== database test suite on SQLite ==================="
	JOURNAL_TEST_BACKEND=sqlite $(CARGO) test $(DB_CRATES)

test-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || psql "$(TEST_POSTGRES_URL)" -Atc 'select 1' >/dev/null 2>&1; then \
	  echo "=================== database test suite on PostgreSQL ==================="; \
	  JOURNAL_TEST_BACKEND=postgres $(CARGO) test $(DB_CRATES); \
	elif [ "$${JOURNAL_REQUIRE_POSTGRES:-0}" = 1 ]; then \
	  echo "PostgreSQL at $(TEST_POSTGRES_URL) is not reachable and JOURNAL_REQUIRE_POSTGRES=1" >&2; exit 1; \
	else \
	  echo "!!!!!! PostgreSQL at $(TEST_POSTGRES_URL) is not reachable: the PostgreSQL suite was SKIPPED !!!!!!"; \
	fi

wasm: tools
	$(CARGO) build --target wasm32-unknown-unknown $(WASM_CRATES)

## openapi: regenerate the committed contract after an API change.
openapi:
	$(CARGO) run -q -p journal-server -- openapi > openapi/openapi.json.tmp
	mv openapi/openapi.json.tmp openapi/openapi.json

openapi-check:
	$(CARGO) run -q -p journal-server -- openapi | diff -u openapi/openapi.json - \
	  || { echo "openapi/openapi.json is out of date: run make openapi" >&2; exit 1; }

## e2e: the release binary and the SPA in headless Chromium; screenshots in e2e/artifacts/.
e2e: build browser
	JOURNAL_BIN=$(CURDIR)/target/release/journal JOURNAL_SPA_DIR=$(CURDIR)/frontend/dist \
	  $(CARGO) test -p journal-e2e -- --ignored --nocapture --test-threads=1

## schemathesis: the contract tells the truth. schemathesis (installed into .venv-schemathesis/
## when missing) with every check against the release binary on a fresh demo school, as admin,
## teacher and parent; fails on any server error or answer that disagrees with the contract.
schemathesis: build
	./e2e/schemathesis.sh $(CURDIR)/target/release/journal

## bench: the release binary under load on SQLite and PostgreSQL (wrk with the Lua scripts of
## bench/), beside pgbench -S and TPC-B on the same PostgreSQL in the same run; the table goes to
## docs/benchmarks.md. BENCH_DATA=demo (default) or region; see docs/benchmarks.md for the knobs.
## Timings are measured here, never asserted in tests.
bench: build bench-tools
	./bench/run.sh

## bench-tools: Debian's wrk, sqlite3 and pgbench (postgresql-client) when missing.
bench-tools:
	@missing=""; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	command -v pgbench >/dev/null || missing="$$missing postgresql-client"; \
	command -v psql >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y $$missing \
	    || { $$SUDO apt-get update && $$SUDO apt-get install -y $$missing; }; \
	fi

## bench-audit: audited writes per second and chain verification speed of the storage on
## JOURNAL_TEST_BACKEND (prints timings, asserts nothing).
bench-audit:
	$(CARGO) bench -p journal-db --bench audit

clean:
	$(CARGO) clean
	rm -rf frontend/dist e2e/artifacts .venv-schemathesis

## fuzz: the import and lesson-plan parsers under cargo-fuzz (libFuzzer), FUZZ_SECONDS (60) per
## target, from the seeds committed in fuzz/seeds/ (the growing corpus goes to fuzz/corpus/, crashes
## to fuzz/artifacts/). Not part of `make test`. cargo-fuzz passes nightly-only flags to rustc
## (-Zsanitizer, sancov passes); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it use them. The
## fuzz/ crate is a workspace of its own, built in fuzz/target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= tables_csv tables_xlsx import_rows plan_csv
.PHONY: fuzz
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  echo "=================== fuzzing $$t for $(FUZZ_SECONDS) s ==================="; \
	  env -u CARGO_TARGET_DIR RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run $$t corpus/$$t seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: crashes in:$$failed (see fuzz/artifacts/)" >&2; exit 1; fi
