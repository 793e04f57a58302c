"""Readers are never blocked and never block; a killed refresh leaves the published warehouse
intact and the next run succeeds without cleanup."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.conftest import (
    REPO_ROOT,
    run_pipeline,
    shipped_figure_count,
    shipped_rows,
    write_figures,
)

# A reader queries until the stop file exists. Each time the set of claim counts it has seen
# grows it replaces ``<out>.seen`` (atomically): the test waits on those files, not on time.
READER = r"""
import json, os, sys, time, duckdb
path, stop, out = sys.argv[1], sys.argv[2], sys.argv[3]
queries = errors = 0
seen = set()
messages = []
while not os.path.exists(stop):
    try:
        con = duckdb.connect(path, read_only=True)
        claims, staged, balance = con.execute(
            "SELECT (SELECT count(*) FROM marts.claims), (SELECT count(*) FROM staging.stg_figures),"
            " (SELECT count(*) FROM marts.balance)").fetchone()
        con.close()
        if claims != staged or balance < 1:
            raise AssertionError(f"inconsistent snapshot: {claims} claims, {staged} staged")
        queries += 1
        if claims not in seen:
            seen.add(claims)
            with open(out + ".seen.tmp", "w") as f:
                json.dump(sorted(seen), f)
            os.replace(out + ".seen.tmp", out + ".seen")
    except Exception as exc:
        errors += 1
        messages.append(str(exc)[:200])
    time.sleep(0.01)  # pacing only (8 readers share the cores with the refresh)
json.dump({"queries": queries, "errors": errors, "seen": sorted(seen), "messages": messages[:5]},
          open(out, "w"))
"""


def _seen(out: Path) -> set[int]:
    """The claim counts a reader has reported so far (none before its first query)."""
    try:
        return set(json.loads(out.with_name(out.name + ".seen").read_text()))
    except FileNotFoundError:
        return set()


def _wait_until_every_reader_saw(count: int, outs: list[Path], readers, timeout=120) -> None:
    deadline = time.monotonic() + timeout
    while not all(count in _seen(out) for out in outs):
        ended = [p.returncode for p in readers if p.poll() is not None]
        assert not ended, f"a reader ended (rc {ended}) before every reader saw {count} claims"
        assert time.monotonic() < deadline, f"not every reader saw {count} claims: " + str(
            [sorted(_seen(out)) for out in outs]
        )
        time.sleep(0.05)


def _prepare_root(shipped_run, root: Path) -> Path:
    shutil.copytree(shipped_run.raw, root / "raw")
    (root / "data" / ".build").mkdir(parents=True)
    shutil.copy(shipped_run.build, root / "data" / ".build" / "warehouse.duckdb")
    shutil.copy(shipped_run.published, root / "data" / "warehouse.duckdb")
    return root / "data" / "warehouse.duckdb"


def _new_figure(root: Path) -> None:
    base = next(r for r in shipped_rows() if r["figure_id"] == "F0127")
    write_figures(root / "raw" / "figures" / "new_survey.csv", [{**base, "figure_id": "NEW1"}])


def test_refresh_with_eight_readers_and_a_long_held_one(shipped_run, tmp_path):
    published = _prepare_root(shipped_run, tmp_path)
    before, after = shipped_figure_count(), shipped_figure_count() + 1  # + the new figure
    _new_figure(tmp_path)
    stop = tmp_path / "stop"
    script = tmp_path / "reader.py"
    script.write_text(READER)
    outs = [tmp_path / f"r{i}.json" for i in range(8)]
    readers = [
        subprocess.Popen([sys.executable, str(script), str(published), str(stop), str(out)])
        for out in outs
    ]
    held = duckdb.connect(str(published), read_only=True)
    try:
        # Every reader has read the old warehouse before the refresh starts ...
        _wait_until_every_reader_saw(before, outs, readers)
        run = run_pipeline(tmp_path)
        # The long-held connection still reads the snapshot it opened, through the whole refresh.
        assert held.execute("SELECT count(*) FROM marts.claims").fetchone() == (before,)
        # ... and reads the new one after it, without reconnecting by hand or failing.
        if run.success:
            _wait_until_every_reader_saw(after, outs, readers)
    finally:
        stop.touch()
        for p in readers:
            p.wait(timeout=60)
        held.close()
    assert run.success, (run.failed_steps, run.failed_checks)
    assert all(p.returncode == 0 for p in readers)
    results = [json.loads(out.read_text()) for out in outs]
    assert sum(r["errors"] for r in results) == 0, [r["messages"] for r in results]
    assert all(r["seen"] == [before, after] for r in results), [r["seen"] for r in results]
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.claims").fetchone() == (after,)


def _published_run_id(published: Path) -> str:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(
            "SELECT max_by(run_id, published_at) FROM audit.publications"
        ).fetchone()[0]


# Stages a refresh is killed in, each reached for real (orchestration.publish.warehouse.crash_point):
# landing a raw family, a blocking check, and publishing before, inside and after the swap.
CRASH_POINTS = (
    "landing",
    "before_check",
    "before_copy",
    "after_copy_before_rename",
    "after_rename",
)
REFRESH = [sys.executable, "-m", "orchestration.cli", "run"]
# A run of the publish asset alone: it publishes the build file as it is, through the same
# code as every refresh's last step.
PUBLISH_ONLY = [
    sys.executable, "-m", "dagster", "asset", "materialize",
    "-m", "orchestration.definitions", "--select", "publish/warehouse",
]  # fmt: skip


def _kill_at(point: str, command: list[str], env: dict[str, str], marker: Path) -> None:
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env={**env, "LEDGER_PAUSE_AT": point, "LEDGER_PAUSE_MARKER": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert proc.poll() is None, f"the run ended (rc {proc.returncode}) before {point}"
            assert time.monotonic() < deadline, f"the run never reached {point}"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def _command_for(point: str) -> list[str]:
    """A whole refresh up to ``before_copy``. The refresh killed there has built and checked
    the build file completely, so the two later stages publish that file in a run of the
    publish step alone: the same publishing code, without rebuilding every model twice more."""
    later = CRASH_POINTS.index(point) > CRASH_POINTS.index("before_copy")
    return PUBLISH_ONLY if later else REFRESH


def test_sigkill_in_every_stage_keeps_the_published_warehouse(shipped_run, tmp_path):
    published = _prepare_root(shipped_run, tmp_path)
    after = shipped_figure_count() + 1  # the shipped figures and the new one
    _new_figure(tmp_path)
    env = {
        **os.environ,
        "LEDGER_RAW_DIR": str(tmp_path / "raw"),
        "LEDGER_WAREHOUSE": str(published),
        "LEDGER_BUILD_DB": str(tmp_path / "data" / ".build" / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    (tmp_path / "dagster_home").mkdir()
    leftovers = published.parent.glob
    for point in CRASH_POINTS:
        before = published.read_bytes()
        _kill_at(point, _command_for(point), env, tmp_path / "reached")
        if point == "after_rename":  # the swap happened: the new warehouse, complete
            with duckdb.connect(str(published), read_only=True) as con:
                assert con.execute("SELECT count(*) FROM marts.claims").fetchone() == (after,)
        else:  # byte for byte the warehouse readers had before the run
            assert published.read_bytes() == before, point
        if point == "after_copy_before_rename":  # the killed copy is left behind ...
            assert list(leftovers(".warehouse.duckdb.*.tmp")), "no temp copy to clean up"
    run = run_pipeline(tmp_path)
    assert run.success, (run.failed_steps, run.failed_checks)
    assert _published_run_id(published) == run.run_id
    assert not list(leftovers(".warehouse.duckdb.*.tmp"))  # ... and the next run removes it
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.claims").fetchone() == (after,)
