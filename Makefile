# Sales Order Portfolio: `make run` for the demo, `make test` for everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := portfolio
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint lock bench browser-deps clamav-deps s3-deps wrk-deps load-bench clean migrate-check scale-demo

# Dependencies come from the hashed lock file (requirements/*.txt, made by `make lock`);
# pyproject.toml keeps the ranges.
$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	PORTFOLIO_ENV=development $(BIN)/flask db upgrade
	PORTFOLIO_ENV=development $(BIN)/flask seed
	PORTFOLIO_ENV=development $(BIN)/flask signing-key create --if-missing
	PORTFOLIO_ENV=development $(BIN)/flask demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	PORTFOLIO_ENV=development $(BIN)/flask run --host $(HOST) --port $(PORT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { echo "Installing Debian's Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1 || \
	  { echo "Installing poppler-utils and qpdf for the PDF tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils qpdf >/dev/null; }
	@command -v java >/dev/null 2>&1 || \
	  { echo "Installing a Java runtime for the HTML checker (vnu)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js -a -f node_modules/vnu-jar/build/dist/vnu.jar || \
	  { command -v npm >/dev/null 2>&1 && npm ci --silent --no-audit --no-fund || echo "npm not found: accessibility checks will be skipped"; }

# ClamAV's daemon scans uploads (tests start it with ops/clamav's own signatures).
clamav-deps:
	@command -v clamd >/dev/null 2>&1 || \
	  { echo "Installing Debian's clamav-daemon for the upload scanning tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav-daemon >/dev/null; }

# Ceph's RADOS Gateway: the real S3 server for the S3 tests and make scale-demo (ops/s3/rgw.sh).
s3-deps:
	@command -v radosgw >/dev/null 2>&1 && command -v ceph-osd >/dev/null 2>&1 || \
	  { echo "Installing Debian's Ceph (mon, osd, radosgw) for the S3 tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common >/dev/null; }

# wrk for the load benchmark, from Debian's packages, unpacked into the venv (no root:
# apt-get download + dpkg-deb -x); $(BIN)/wrk runs it with its LuaJIT beside it.
WRK_DIR := $(VENV)/tools/wrk
wrk-deps: $(STAMP)
	@test -x $(BIN)/wrk || command -v wrk >/dev/null 2>&1 || \
	  { echo "Unpacking Debian's wrk into $(WRK_DIR)"; rm -rf $(WRK_DIR) && mkdir -p $(WRK_DIR)/debs && \
	    (cd $(WRK_DIR)/debs && apt-get download -qq wrk libluajit2-5.1-2 2>/dev/null) && \
	    for deb in $(WRK_DIR)/debs/*.deb; do dpkg-deb -x $$deb $(WRK_DIR); done && \
	    printf '#!/bin/sh\nhere="$$(cd "$$(dirname "$$0")/../tools/wrk" && pwd)"\nLD_LIBRARY_PATH="$$here/usr/lib/x86_64-linux-gnu$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}" exec "$$here/usr/bin/wrk" "$$@"\n' > $(BIN)/wrk && \
	    chmod +x $(BIN)/wrk && $(BIN)/wrk --version | head -1; }

# PostgreSQL + Redis + gunicorn at 20 connections (benchmarks/load_bench.py --help).
load-bench: $(STAMP) wrk-deps
	$(BIN)/python -m benchmarks.load_bench $(LOAD_BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check portfolio tests benchmarks worker.py wsgi.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# Re-resolve the pinned, hashed dependencies after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements/main.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.txt pyproject.toml

# The PostgreSQL and Redis tests run whenever those services answer on this machine
# (.ci/run also starts them, and makes a missing one a failure).
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:5432/postgres
REDIS_TEST_URL := redis://127.0.0.1:6379/15

test: $(STAMP) browser-deps clamav-deps s3-deps lint
	TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && echo '$(PG_TEST_URL)')}" \
	TEST_REDIS_URL="$${TEST_REDIS_URL:-$$(redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && echo '$(REDIS_TEST_URL)')}" \
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# PostgreSQL + Redis + gunicorn (2 workers) + an RQ worker; exports a portfolio
# through the web and checks the download (docs/running-at-scale.md).
scale-demo: $(STAMP) s3-deps
	$(BIN)/python -m benchmarks.scale_demo

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
