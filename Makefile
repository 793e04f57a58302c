# Two commands on a fresh machine: `make run`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := true
export PATH := $(CURDIR)/$(BIN):$(PATH)
# Python keeps each module it compiles (__pycache__/*.pyc, git-ignored) unless
# PYTHONDONTWRITEBYTECODE is set; with it set every process (the run, its dbt subprocess, each
# run worker) compiles Dagster, dbt and GX from source again: 4-5 s of CPU per process here.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test ui bench prepare lint install clean docs exports report fetch-comtrade FORCE

# The extra package indexes and wheel folders pip is configured with (pip config), passed on
# to uv; local (file://) ones only if they exist on this machine.
PIP_INDEXES := $(shell $(PYTHON) -m pip config list 2>/dev/null | sed -n "s/^[a-z:]*\.extra-index-url='\(.*\)'/\1/p")
PIP_LINKS := $(shell $(PYTHON) -m pip config list 2>/dev/null | sed -n "s/^[a-z:]*\.find-links='\(.*\)'/\1/p")
_exists = $(if $(filter file://%,$(1)),$(if $(wildcard $(patsubst file://%,%,$(1))),$(1)),$(if $(filter /%,$(1)),$(wildcard $(1)),$(1)))
UV_SOURCES := --index-strategy unsafe-best-match \
	$(foreach u,$(PIP_INDEXES),$(if $(call _exists,$(u)),--extra-index-url $(u))) \
	$(foreach u,$(sort $(PIP_LINKS)),$(if $(call _exists,$(u)),--find-links $(u)))

# Everything comes from the hash-locked requirements.lock: first uv itself (its locked entry,
# installed by pip), then all packages by uv, which installs in parallel (seconds, not a minute).
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
		-r <(sed -n '/^uv==/,/^[^ ]/{/^[^ ]/!p;/^uv==/p}' requirements.lock)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --require-hashes \
		$(UV_SOURCES) -r requirements.lock
	touch $@

install: $(BIN)/.installed

# The `scale` extra (dagster-postgres; pyspark and dbt-spark, which need Java 17) for the
# PostgreSQL storage test and the Spark parity test; `make run` never installs it. requirements-scale.lock is the main lock plus the extra, at the main lock's versions.
$(BIN)/.installed-scale: requirements-scale.lock $(BIN)/.installed
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --require-hashes \
		$(UV_SOURCES) -r requirements-scale.lock
	touch $@

# SQLite storage in .dagster/, or PostgreSQL when DAGSTER_PG_HOST etc. are set (README, "When one
# machine is not enough"); rewritten every time so a changed environment takes effect.
$(DAGSTER_HOME)/dagster.yaml: dagster.yaml $(BIN)/.installed FORCE
	$(BIN)/python -m orchestration.instance
FORCE:

prepare: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m orchestration.transform.prepare

run: prepare
	$(BIN)/python -m orchestration.cli run

# --check: stale generated files fail here instead of being rewritten before the tests look.
test: install $(DAGSTER_HOME)/dagster.yaml $(BIN)/.installed-scale
	$(BIN)/python -m orchestration.transform.prepare --check
	$(BIN)/python -m pytest

# For readers: dbt docs + validation reports (data/docs/index.html); `make run` writes the
# downloads and the report page on every publish, these rebuild them from the published file.
docs: prepare
	$(BIN)/python -m orchestration.publish.docs_site

exports: install
	$(BIN)/python -m orchestration.publish.exports

report: install
	$(BIN)/python -m orchestration.publish.report_page

# The Dagster webserver and daemon (schedules, sensor, run queue) on 127.0.0.1:$(PORT).
PORT ?= 3000
ui: prepare
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(PORT)

# Synthetic customs records vs bare DuckDB, full and incremental, at each size in ROWS
# (ROWS=1000000,10000000,100000000 adds a 100 M point; BENCH_ARGS=--fresh-clone also times
# `make run` in a fresh clone); results in bench/results/latest.json.
ROWS ?= 1000000,10000000
BENCH_ARGS ?=
bench: prepare
	$(BIN)/python -m bench.run --rows $(ROWS) $(BENCH_ARGS)

# UN Comtrade final data into raw/comtrade/ (needs COMTRADE_API_KEY), e.g.
#   make fetch-comtrade REPORTER=156 PERIOD=2024 FREQ=A
#   make fetch-comtrade REPORTER=156 PERIOD=202401,202402,202403 FREQ=M
PARTNER ?= 408
FREQ ?= A
fetch-comtrade: install
	$(BIN)/python -m orchestration.feeds.comtrade_fetch --reporter "$(REPORTER)" --partner "$(PARTNER)" \
		--period "$(PERIOD)" --frequency "$(FREQ)"

lint: install
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench

clean:
	rm -rf data .dagster dbt_project/target dbt_project/logs
