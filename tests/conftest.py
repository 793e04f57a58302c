"""Shared fixtures: pipeline runs into temporary folders, never into the repo's data/."""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import REPO_ROOT

SHIPPED_RAW = REPO_ROOT / "raw"

# No test touches the network: the daily ECB download is off (tests of the refresh replace the
# download function with a recorded file). Subprocesses (the UI tests) inherit this.
os.environ["LEDGER_ECB_FETCH"] = "0"


@dataclass
class PipelineRun:
    raw: Path
    published: Path
    build: Path
    success: bool
    run_id: str
    failed_steps: list[str]
    failed_checks: list[str]
    materializations: dict[str, dict]  # asset key -> metadata of its materialization
    check_metadata: dict[str, dict]  # check name -> metadata of its evaluation

    def query(self, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params=None):
        rows = self.query(sql, params)
        assert len(rows) == 1, rows
        return rows[0]


@contextmanager
def patched_env(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block; the previous values (or none) after it."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def ledger_env(root: Path) -> Iterator[None]:
    """Point the pipeline at a temporary raw folder and warehouse."""
    with patched_env(
        {
            "LEDGER_RAW_DIR": str(root / "raw"),
            "LEDGER_WAREHOUSE": str(root / "data" / "warehouse.duckdb"),
            "LEDGER_BUILD_DB": str(root / "data" / ".build" / "warehouse.duckdb"),
        }
    ):
        yield


def free_port() -> int:
    """A TCP port nobody listens on right now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_pipeline(root: Path, as_of: str | None = None) -> PipelineRun:
    """Run the refresh job in process (as `make run` does) against ``root``, as of today or
    as of ``as_of`` (its run config, as the launchpad sets it)."""
    import dagster as dg

    from orchestration.definitions import defs

    config = {"resources": {"warehouse_files": {"config": {"as_of": as_of}}}} if as_of else {}
    with ledger_env(root):
        result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
            run_config=config, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
    failed_checks = [
        e.asset_check_evaluation_data.check_name
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not e.asset_check_evaluation_data.passed
    ]
    return PipelineRun(
        raw=root / "raw",
        published=root / "data" / "warehouse.duckdb",
        build=root / "data" / ".build" / "warehouse.duckdb",
        success=result.success,
        run_id=result.run_id,
        failed_steps=[e.step_key for e in result.all_events if e.is_step_failure],
        failed_checks=failed_checks,
        check_metadata={
            e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.metadata
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION"
        },
        materializations={
            e.asset_key.to_user_string(): e.materialization.metadata
            for e in result.get_asset_materialization_events()
        },
    )


def copy_shipped_raw(root: Path) -> Path:
    shutil.copytree(SHIPPED_RAW, root / "raw", ignore=shutil.ignore_patterns("README.md"))
    return root / "raw"


def shipped_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted((SHIPPED_RAW / "figures").glob("*.csv")):
        rows += list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    return rows


def shipped_figure_count() -> int:
    """The data rows of raw/figures/*.csv (headers not counted), read with Python's csv module
    rather than the pipeline: what a refresh on the shipped files must publish as figures."""
    return len(shipped_rows())


@functools.cache
def _arms_range() -> dict[str, str]:
    return next(r for r in shipped_rows() if r["figure_id"] == "F0002")


def fixture_figure(figure_id: str, **values: str) -> dict[str, str]:
    """A test figure built on shipped F0002 (a PRK→RUS arms range in USD) with its values and
    location blank and a fixture source of its own (example.org); ``values`` set any column."""
    return {
        **_arms_range(),
        "value_low": "",
        "value_point": "",
        "value_high": "",
        "location": "",
        "note": "test fixture",
        "figure_id": figure_id,
        "source_org": "Test fixture outlet",
        "source_title": f"Fixture {figure_id}",
        "source_url": f"https://example.org/fixtures/{figure_id}",
        **values,
    }


def write_figures(path: Path, rows: list[dict[str, str]]) -> Path:
    fields = list(rows[0].keys())
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shipped_run(tmp_path_factory) -> PipelineRun:
    """One full refresh on the shipped figures."""
    root = tmp_path_factory.mktemp("shipped")
    copy_shipped_raw(root)
    run = run_pipeline(root)
    assert run.success, f"refresh failed in {run.failed_steps}, checks {run.failed_checks}"
    return run
