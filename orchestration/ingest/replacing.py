"""Families replaced whole on every run and validated row by row (figures, sources,
corrections): every file lands in a temporary table, the family's GX suite runs over all of
them at once (so a key must be unique across files), and ``raw.<family>`` is replaced by the
rows of the files without problems. The loop itself is ``load_loop.load_files``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.families.contract import RawFamily
from orchestration.families.sql import with_derived
from orchestration.ingest.load_loop import load_files
from orchestration.ingest.load_report import LoadReport, Rejection
from orchestration.ingest.readers import FileSource, insert_file

log = logging.getLogger(__name__)

LANDING_TABLE = "_landing"  # every file of this run, before validation (temporary)


def create_family_table(
    con: duckdb.DuckDBPyConnection, family: RawFamily, replace: bool = True
) -> None:
    """``raw.<family>``: the family's columns plus the lineage of every row."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
    create = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    con.execute(f"{create} {family.table} ({family.table_columns_sql()})")


class ReplacingLanding:
    """Files land in ``_landing``; ``finish`` validates them together and replaces the table."""

    def __init__(self, con: duckdb.DuckDBPyConnection, family: RawFamily, loaded_at: datetime):
        self.con, self.family, self.loaded_at = con, family, loaded_at
        self.previous: set[str] = set()

    def prepare(self) -> set[tuple]:
        self.previous = _previously_loaded(self.con, self.family)
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {LANDING_TABLE} "
            f"({self.family.table_columns_sql()}, _priority BIGINT[])"
        )
        return set()  # every file is read again: the family is replaced whole

    def insert(self, source: FileSource, rel: str, sha: str) -> int:
        # When two files claim one key, the file the last run accepted keeps it, then the
        # older file: a new file cannot push out figures that were already published.
        priority = [0 if sha in self.previous else 1, source.path.resolve().stat().st_mtime_ns]
        tail = [sha, self.loaded_at, priority]
        return insert_file(self.con, LANDING_TABLE, self.family, source, rel, tail)

    def check(self, source: FileSource, rel: str, sha: str) -> tuple[list, None]:
        return [], None  # the suite runs over all files at once, in ``finish``

    def discard(self, sha: str) -> None:
        self.con.execute(f"DELETE FROM {LANDING_TABLE} WHERE _file_sha256 = ?", [sha])

    def accept(self, sha: str, result: object) -> None:
        pass

    def finish(self, report: LoadReport, kept: set[tuple], gone: set[tuple]) -> None:
        problems, report.validation = _row_problems(self.con, self.family)
        report.rejections += problems
        rejected = {r.source_file for r in problems}
        for rel in rejected:
            log.warning(
                "%s rejected: %d problem(s)", rel, sum(r.source_file == rel for r in problems)
            )
        report.loaded = [f for f in report.loaded if f.path not in rejected]
        create_family_table(self.con, self.family)
        self.con.execute(
            f"""INSERT INTO {self.family.table}
                SELECT * EXCLUDE (_priority) FROM {LANDING_TABLE}
                WHERE list_contains(?, _source_file)
                ORDER BY _source_file, _source_row""",
            [[f.path for f in report.loaded]],
        )
        self.con.execute(f"DROP TABLE IF EXISTS {LANDING_TABLE}")


def _previously_loaded(con: duckdb.DuckDBPyConnection, family: RawFamily) -> set[str]:
    """Hashes of the files the last run accepted: they keep their ids when a new file clashes."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        family.table.split("."),
    ).fetchone()[0]
    if not exists:
        return set()
    return {
        r[0] for r in con.execute(f"SELECT DISTINCT _file_sha256 FROM {family.table}").fetchall()
    }


def _row_problems(
    con: duckdb.DuckDBPyConnection, family: RawFamily
) -> tuple[list[Rejection], object | None]:
    """Validate every landed row with the family's GX suite; return one Rejection per problem.

    A duplicated key is a problem only for the later occurrences: files accepted by the last
    run come first, then file name and row order.
    """
    if family.expectations is None:
        return [], None
    from orchestration.checks.gx_suite import run_suite

    frame = con.execute(
        with_derived(LANDING_TABLE, family.derived)
        + " ORDER BY _priority, _source_file, _source_row"
    ).df()
    result = run_suite(f"raw_{family.name}_landing", frame, family.expectations)
    problems: list[Rejection] = []
    for outcome in result.failed:
        problems += _outcome_rejections(family, frame, outcome)
    return problems, result


def _outcome_rejections(family: RawFamily, frame, outcome) -> list[Rejection]:
    """The rows one failed expectation blames, as rejections (a duplicated key: only the later
    occurrences; a table-level failure, e.g. GX could not evaluate: every file)."""
    rows = outcome.unexpected_index
    if outcome.is_uniqueness:
        first_seen: set = set()
        later = []
        for i in sorted(rows):  # frame is already in priority order
            value = frame.at[i, outcome.column]
            if value in first_seen:
                later.append(i)
            first_seen.add(value)
        rows = later
    if not rows and outcome.unexpected_count == 0 and not outcome.is_uniqueness:
        return [Rejection(family.name, f, outcome.reason) for f in frame["_source_file"].unique()]
    column = outcome.column
    out = []
    for i in rows:
        raw_value = frame.at[i, column] if column in frame.columns else None
        value = None if raw_value is None or raw_value != raw_value else str(raw_value)
        out.append(
            Rejection(
                family.name,
                frame.at[i, "_source_file"],
                outcome.reason,
                source_row=int(frame.at[i, "_source_row"]),
                column_name=column,
                value=value,
            )
        )
    return out


def load_family(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    raw_dir: Path,
) -> LoadReport:
    """Replace ``raw.<family>`` with every file of the family that passes its checks."""
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    landing = ReplacingLanding(con, family, loaded_at)
    return load_files(con, family, raw_dir, landing, loaded_at=loaded_at)
