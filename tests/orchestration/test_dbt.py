"""The dbt resource: a second dbt command on the same build file reuses dbt's parse."""

from __future__ import annotations

import json

from orchestration.defs.dbt import dbt_resource, partial_parse_cache
from orchestration.settings import DBT_PROJECT_DIR


def _events(log_path) -> list[str]:
    names = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        try:
            names.append(json.loads(line)["info"]["name"])
        except (ValueError, KeyError):
            continue
    return names


def test_a_second_command_on_the_same_build_file_skips_the_full_parse(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_BUILD_DB", str(tmp_path / "build" / "warehouse.duckdb"))
    cache = partial_parse_cache(DBT_PROJECT_DIR, ["parse"])
    cache.unlink(missing_ok=True)
    dbt = dbt_resource()
    for attempt in ("first", "second"):
        invocation = dbt.cli(["parse"], target_path=tmp_path / attempt)
        invocation.wait()
        dbt.save_parse(invocation, ["parse"])
    # `make prepare` parsed for another build file (or not at all): dbt parses in full.
    assert "PartialParsingSkipParsing" not in _events(tmp_path / "first" / "dbt.log")
    assert cache.exists()
    second = _events(tmp_path / "second" / "dbt.log")
    assert "UnableToPartialParse" not in second
    assert "PartialParsingSkipParsing" in second  # no file changed: none parsed again


def test_the_saved_parse_is_kept_per_build_file_and_vars(monkeypatch, tmp_path):
    monkeypatch.setenv("LEDGER_BUILD_DB", str(tmp_path / "a.duckdb"))
    plain = partial_parse_cache(DBT_PROJECT_DIR, ["build"])
    assert partial_parse_cache(DBT_PROJECT_DIR, ["parse"]) == plain  # the command is no part
    as_of = partial_parse_cache(DBT_PROJECT_DIR, ["build", "--vars", '{"as_of": "2025-01-01"}'])
    monkeypatch.setenv("LEDGER_BUILD_DB", str(tmp_path / "b.duckdb"))
    assert len({plain, as_of, partial_parse_cache(DBT_PROJECT_DIR, ["build"])}) == 3
