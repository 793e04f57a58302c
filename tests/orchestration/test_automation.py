"""The sensor's run requests, evaluated directly (the daemon test in tests/ui runs it live)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg

from orchestration.definitions import defs
from orchestration.defs.automation import raw_files_sensor
from orchestration.defs.resources import WarehouseFiles
from tests.conftest import copy_shipped_raw, shipped_rows, write_figures


def _evaluate(root: Path, cursor: str | None):
    """One tick of the sensor over the warehouse under ``root``, as the daemon runs it."""
    files = WarehouseFiles(
        raw_dir=str(root / "raw"),
        published_path=str(root / "data" / "warehouse.duckdb"),
        build_path=str(root / "data" / ".build" / "warehouse.duckdb"),
    )
    with dg.build_sensor_context(
        cursor=cursor,
        repository_def=defs.get_repository_def(),
        instance=dg.DagsterInstance.ephemeral(),
        resources={"warehouse_files": files},
    ) as context:
        return raw_files_sensor.evaluate_tick(context)


def test_new_file_requests_everything_the_refresh_reads(tmp_path):
    copy_shipped_raw(tmp_path)
    first = _evaluate(tmp_path, None)
    [request] = first.run_requests
    keys = {k.to_user_string() for k in request.asset_selection}
    # downstream of the figures, and what those assets read, seeds included
    assert {
        "raw/figures",
        "marts/balance",
        "publish/warehouse",
        "raw/ecb_rates",
        "reference/countries",
        "reference/currencies",
    } <= keys
    again = _evaluate(tmp_path, first.cursor)
    assert again.run_requests == [] and again.skip_message
    write_figures(tmp_path / "raw" / "figures" / "new.csv", shipped_rows()[:1])
    third = _evaluate(tmp_path, first.cursor)
    assert len(third.run_requests) == 1
    assert third.run_requests[0].run_key != request.run_key


def test_same_content_under_another_name_is_seen_and_skipped(tmp_path):
    """The tick after the copy looked at the new file (its cursor holds it, its reason names
    it) and requested no run."""
    raw = copy_shipped_raw(tmp_path)
    first = _evaluate(tmp_path, None)
    original = sorted((raw / "figures").glob("*.csv"))[0]
    shutil.copy(original, raw / "figures" / "same_content_other_name.csv")
    tick = _evaluate(tmp_path, first.cursor)
    assert tick.run_requests == []
    assert "figures/same_content_other_name.csv" in json.loads(tick.cursor)
    assert "figures/same_content_other_name.csv only repeat" in tick.skip_message
    assert (
        json.loads(tick.cursor)["figures/same_content_other_name.csv"][3]
        == (json.loads(first.cursor)[original.relative_to(raw).as_posix()][3])
    )
