"""Write-audit-publish: the build file is private; the published file is replaced atomically.

Readers only ever open the published file. It is swapped in with ``os.replace`` (atomic on
POSIX), so a reader sees either the old or the new warehouse, never half of one, and a crash
at any moment leaves the previous published file intact.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb


def crash_point(name: str) -> None:
    """Let the crash test kill a run at a named stage instead of guessing by wall time.

    With ``LEDGER_PAUSE_AT=<name>`` the run writes ``<name>`` to ``LEDGER_PAUSE_MARKER`` when it
    reaches that point and waits there (at most ``LEDGER_PAUSE_SECONDS``) to be killed.
    """
    if os.environ.get("LEDGER_PAUSE_AT") != name:
        return
    Path(os.environ["LEDGER_PAUSE_MARKER"]).write_text(name, encoding="utf-8")
    time.sleep(float(os.environ.get("LEDGER_PAUSE_SECONDS", "300")))


def record_publication(build: Path, run_id: str) -> None:
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS audit")
        con.execute(
            """CREATE TABLE IF NOT EXISTS audit.publications (
                run_id VARCHAR, published_at TIMESTAMP, duckdb_version VARCHAR)"""
        )
        con.execute(
            "INSERT INTO audit.publications VALUES (?, ?, ?)",
            [run_id, datetime.now(UTC).replace(tzinfo=None), duckdb.__version__],
        )
        # Fold the WAL into the file so that a plain byte copy is a complete database.
        con.execute("CHECKPOINT")


def publish(build: Path, published: Path) -> Path:
    """Copy the build file next to the published one, then atomically swap it in."""
    if Path(f"{build}.wal").exists():
        raise RuntimeError(
            f"{build} still has a write-ahead log; refusing to publish a partial copy"
        )
    published.parent.mkdir(parents=True, exist_ok=True)
    # A run killed mid-copy leaves its temporary copy behind; only one run publishes at a
    # time (the warehouse pool), so any leftover is garbage.
    for leftover in published.parent.glob(f".{published.name}.*.tmp"):
        leftover.unlink(missing_ok=True)
    staging = published.with_name(f".{published.name}.{uuid.uuid4().hex}.tmp")
    try:
        crash_point("before_copy")
        shutil.copyfile(build, staging)
        with staging.open("rb+") as fh:
            os.fsync(fh.fileno())
        crash_point("after_copy_before_rename")
        os.replace(staging, published)
        crash_point("after_rename")
    finally:
        staging.unlink(missing_ok=True)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return published


def table_counts(path: Path) -> dict[str, int]:
    """Row count of every table in a warehouse file, keyed schema.table."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            """SELECT schema_name, table_name FROM duckdb_tables()
               WHERE database_name = current_database() ORDER BY 1, 2"""
        ).fetchall()
        return {
            f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0]
            for s, t in tables
        }
