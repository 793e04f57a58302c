# Two commands on a fresh machine: `make run`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := true
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test ui bench prepare lint install clean docs exports report FORCE

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	touch $@

install: $(BIN)/.installed

# The `scale` extra (dagster-postgres; pyspark and dbt-spark, which need Java 17) for the
# PostgreSQL storage test and the Spark parity test; `make run` never installs it. requirements-scale.lock is the main lock plus the extra, at the main lock's versions.
$(BIN)/.installed-scale: requirements-scale.lock $(BIN)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-scale.lock
	touch $@

# SQLite storage in .dagster/, or PostgreSQL when DAGSTER_PG_HOST etc. are set (README, "When one
# machine is not enough"); rewritten every time so a changed environment takes effect.
$(DAGSTER_HOME)/dagster.yaml: dagster.yaml $(BIN)/.installed FORCE
	$(BIN)/python -m orchestration.instance
FORCE:

prepare: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m orchestration.prepare

run: prepare
	$(BIN)/python -m orchestration.cli run

test: prepare $(BIN)/.installed-scale
	$(BIN)/python -m pytest

# For readers: dbt docs + validation reports (data/docs/index.html); `make run` writes the
# downloads and the report page on every publish, these rebuild them from the published file.
docs: prepare
	$(BIN)/python -m orchestration.docs_site

exports: install
	$(BIN)/python -m orchestration.exports

report: install
	$(BIN)/python -m orchestration.report_page

# The Dagster webserver and daemon (schedules, sensor, run queue) on 127.0.0.1:$(PORT).
PORT ?= 3000
ui: prepare
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(PORT)

# Synthetic customs records vs bare DuckDB; results in bench/results/latest.json.
ROWS ?= 10000000
bench: prepare
	$(BIN)/python -m bench.run --rows $(ROWS)

lint: install
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench

clean:
	rm -rf data .dagster dbt_project/target dbt_project/logs
