# Two commands on a fresh machine: `make run`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := true
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test ui bench prepare lint install clean fetch-comtrade

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	touch $@

install: $(BIN)/.installed

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	ln -sf ../dagster.yaml $@

prepare: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m orchestration.prepare

run: prepare
	$(BIN)/python -m orchestration.cli run

test: prepare
	$(BIN)/python -m pytest

# The Dagster webserver and daemon (schedules, sensor, run queue) on 127.0.0.1:$(PORT).
PORT ?= 3000
ui: prepare
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(PORT)

# Synthetic customs records vs bare DuckDB; results in bench/results/latest.json.
ROWS ?= 10000000
bench: prepare
	$(BIN)/python -m bench.run --rows $(ROWS)

# UN Comtrade final data into raw/comtrade/ (needs COMTRADE_API_KEY), e.g.
#   make fetch-comtrade REPORTER=156 PERIOD=2024 FREQ=A
#   make fetch-comtrade REPORTER=156 PERIOD=202401,202402,202403 FREQ=M
PARTNER ?= 408
FREQ ?= A
fetch-comtrade: install
	$(BIN)/python -m orchestration.comtrade_fetch --reporter "$(REPORTER)" --partner "$(PARTNER)" \
		--period "$(PERIOD)" --frequency "$(FREQ)"

lint: install
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench

clean:
	rm -rf data .dagster dbt_project/target dbt_project/logs
