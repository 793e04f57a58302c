"""The benchmark runs end to end at a tiny size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import json

from bench import run

KEYS = {
    "rows",
    "pipeline_s",
    "floor_s",
    "pipeline_vs_floor_ratio",
    "pipeline_peak_rss_mb",
    "floor_peak_rss_mb",
    "incremental_s",
    "incremental_fraction",
    "small_refresh_s",
}


def test_bench_at_a_tiny_size(tmp_path):
    out = tmp_path / "latest.json"
    results = run.main(["--rows", "3000", "--files", "3", "--out", str(out)])
    assert set(json.loads(out.read_text())) >= KEYS
    assert results["rows"] == 3000
    assert set(results["small_refresh_stages_s"]) == {
        "imports",
        "ingest",
        "dbt",
        "checks",
        "publish",
        # the dbt step by phase, from dbt's own log
        "dbt_process_start",
        "dbt_parse",
        "dbt_models_and_tests",
        "dbt_events_to_dagster",
    }
