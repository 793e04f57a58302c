"""`python -m orchestration.cli run`: from a fresh shell, and refreshing only what changed
with the same published warehouse as a full refresh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from bench.synthetic import write_trade_records
from orchestration import cli
from orchestration.defs.resources import WarehouseFiles
from orchestration.ingest import refresh_plan
from orchestration.publish import parity
from orchestration.settings import REPO_ROOT
from tests.conftest import copy_shipped_raw, ledger_env, shipped_rows, write_figures

# What a run writes about itself, not what it built from the files.
RUN_DETAILS = {"audit.publications", "audit.refresh_state"}
RUN_COLUMNS = {"_loaded_at", "loaded_at", "detected_at", "counted_at", "mtime_ns"}


def test_run_as_of_from_a_fresh_shell(tmp_path):
    """The README's command, in an environment with no DAGSTER_HOME and no venv on PATH."""
    copy_shipped_raw(tmp_path)
    as_of = (date.today() - timedelta(days=365)).isoformat()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LEDGER_RAW_DIR": str(tmp_path / "raw"),
        "LEDGER_WAREHOUSE": str(tmp_path / "data" / "warehouse.duckdb"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "run", "--as-of", as_of],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "succeeded" in done.stdout and "ok      publish__warehouse" in done.stdout
    log = next(line for line in done.stdout.splitlines() if line.startswith("Full Dagster"))
    log_path = Path(log.split(": ", 1)[1])
    assert "STEP_SUCCESS" in log_path.read_text()  # the noise went to the log, not the screen
    assert "STEP_SUCCESS" not in done.stdout
    # Without DAGSTER_HOME the run is recorded in the repo's .dagster/ instance, so the UI
    # shows it: the run itself must be there (that dagster.yaml exists proves nothing, since
    # `make test` writes it before the tests start).
    [line] = [ln for ln in done.stdout.splitlines() if ln.startswith("Run ") and "succeeded" in ln]
    run_id = line.split()[1]  # "Run <run id> succeeded in ..."
    with dg.DagsterInstance.from_config(str(REPO_ROOT / ".dagster")) as instance:
        record = instance.get_run_by_id(run_id)
        assert record is not None and record.status == dg.DagsterRunStatus.SUCCESS, run_id
    with duckdb.connect(env["LEDGER_WAREHOUSE"], read_only=True) as con:
        assert con.execute("SELECT as_of FROM audit.refresh_state").fetchone() == (as_of,)
        published = con.execute("SELECT run_id FROM audit.publications").fetchall()
    assert published == [(run_id,)]
    # The run's validation reports sit beside its warehouse, not in the checkout's data/.
    assert (tmp_path / "data" / "validation" / "latest" / "index.html").exists()


def _run(root: Path, *args: str) -> refresh_plan.Plan:
    """One refresh through the command line's entry point; returns what it planned."""
    with ledger_env(root):
        os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
        (root / "dagster_home").mkdir(exist_ok=True)
        shutil.copy(REPO_ROOT / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
        plan = WarehouseFiles().plan_refresh() if "--full" not in args else None
        assert cli.main(["run", *args]) == 0
    return plan


def _materialized(root: Path) -> set[str]:
    """Asset keys materialised by the latest run of the instance under ``root``."""
    with dg.DagsterInstance.from_config(str(root / "dagster_home")) as instance:
        [record] = instance.get_run_records(limit=1)
        events = instance.get_records_for_run(
            record.dagster_run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
        ).records
    return {e.event_log_entry.asset_materialization.asset_key.to_user_string() for e in events}


def _contents(published: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(published), read_only=True) as con:
        tables = con.execute(
            """SELECT schema_name || '.' || table_name FROM duckdb_tables()
               WHERE database_name = current_database()"""
        ).fetchall()
        return {
            t: con.execute(f"SELECT * FROM {t}").df() for (t,) in tables if t not in RUN_DETAILS
        }


def test_incremental_refresh_publishes_what_a_full_refresh_does(tmp_path):
    step, full = tmp_path / "step", tmp_path / "full"
    for root in (step, full):
        raw = copy_shipped_raw(root)
        write_trade_records(raw / "trade_records" / "2024-01.csv", 300, month="2024-01")
    assert _run(step).full

    # Only a trade file arrives: the figure models are not rebuilt.
    for root in (step, full):
        write_trade_records(
            root / "raw" / "trade_records" / "2024-02.parquet", 200, month="2024-02", seed=2
        )
    assert _run(step).families == ("trade_records",)
    built = _materialized(step)
    assert {"raw/trade_records", "marts/trade_mirror", "publish/warehouse"} <= built
    assert not built & {"raw/figures", "marts/claims", "marts/balance", "staging/stg_figures"}

    # Only a figures file arrives: the trade models are not rebuilt (corrections are rechecked).
    base = next(r for r in shipped_rows() if r["figure_id"] == "F0127")
    for root in (step, full):
        write_figures(root / "raw" / "figures" / "new.csv", [{**base, "figure_id": "NEW1"}])
    assert _run(step).families == ("figures", "corrections")
    built = _materialized(step)
    assert {"raw/figures", "marts/claims", "publish/warehouse"} <= built
    assert not built & {"raw/trade_records", "staging/stg_trade_records", "marts/trade_mirror"}

    # A trade file leaves; then nothing changed, nothing runs.
    for root in (step, full):
        (root / "raw" / "trade_records" / "2024-01.csv").unlink()
    _run(step)
    assert _run(step).nothing_to_do

    _run(full, "--full")
    got, expected = (
        _contents(step / "data" / "warehouse.duckdb"),
        _contents(full / "data" / "warehouse.duckdb"),
    )
    assert set(got) == set(expected)
    # Numbers within 1e-9 relative: DuckDB sums doubles in no fixed order, so a month summed
    # from other batches may differ in the last bits (2728298.100000001 against 2728298.1).
    assert parity.differences(got, expected, sorted(expected), ignore=RUN_COLUMNS) == []
    assert len(got["marts.claims"]) and len(got["marts.trade_mirror"])
