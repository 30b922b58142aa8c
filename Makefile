# paraplan: the two commands a newcomer needs are `make demo` and `make test`.
# Every target first runs scripts/bootstrap, which installs missing Debian packages.

JOBS ?= $(shell nproc)
DEMO_DB ?= demo/paraplan-demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all bootstrap build debug release web test tsan demo bench format clean

all: build

bootstrap:
	@scripts/bootstrap

debug: bootstrap
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

release: bootstrap
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The browser UI: npm ci when the lockfile changed, a build when any UI source did.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
  web/index.html web/package.json web/vite.config.ts web/tsconfig.json web/tsconfig.sw.json

web/node_modules/.package-lock.json: web/package-lock.json | bootstrap
	@cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && npm run build

web: web/dist/index.html

build: debug web

test: debug web
	@ctest --preset debug

# The suites that run threads (the solver's second thread, the HTTP server,
# a server killed mid-write), built with ThreadSanitizer. Not part of make
# test: the extra build and run take about 6 minutes on 2 cores.
TSAN_TARGETS := schedule_tests http_tests http_schedule_tests e2e_capture_tests

tsan: bootstrap
	@cmake --preset thread >/dev/null
	@cmake --build --preset thread -j $(JOBS) --target $(TSAN_TARGETS) paraplan
	@TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" ctest --preset thread

demo: release web
	@mkdir -p $(dir $(DEMO_DB))
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@build/release/src/app/paraplan demo --db $(DEMO_DB)
	@if build/release/src/app/paraplan serve --help >/dev/null 2>&1; then \
	  build/release/src/app/paraplan serve --db $(DEMO_DB) --listen $(LISTEN) --insecure-cookies; \
	fi

bench: release
	@for benchmark in $$(find build/release/bench -type f -name 'bench_*' -perm -u+x | sort); do \
	  $$benchmark || exit 1; \
	done

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	@rm -rf build
