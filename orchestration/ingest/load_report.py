"""What loading a raw family found: the files loaded, the duplicates, and every problem of a
rejected file (``audit.rejections``: file, row, column, value, reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from orchestration.families.contract import RawFamily


REJECTIONS_TABLE = "audit.rejections"


@dataclass(frozen=True)
class Rejection:
    family: str
    source_file: str
    reason: str
    source_row: int | None = None
    column_name: str | None = None
    value: str | None = None

    def message(self) -> str:
        where = self.source_file
        if self.source_row is not None:
            where += f", row {self.source_row}"
        if self.column_name:
            where += f", column {self.column_name!r}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.reason}"


@dataclass
class LoadedFile:
    path: str
    sha256: str
    rows: int
    extra_columns: list[str]


@dataclass
class LoadReport:
    loaded: list[LoadedFile] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same-as file)
    rejections: list[Rejection] = field(default_factory=list)
    validation: object | None = None  # the suite result of the landed rows
    unchanged: int = 0  # incremental families: files already loaded, not read again

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.loaded)


def ensure_audit_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {REJECTIONS_TABLE} (
            family VARCHAR NOT NULL,
            source_file VARCHAR NOT NULL,
            source_row BIGINT,
            column_name VARCHAR,
            value VARCHAR,
            reason VARCHAR NOT NULL,
            detected_at TIMESTAMP NOT NULL
        )"""
    )


def record_rejections(
    con: duckdb.DuckDBPyConnection, family: RawFamily, rejections: list, at: datetime
) -> None:
    """Replace the family's rows of ``audit.rejections`` with this run's findings."""
    con.execute(f"DELETE FROM {REJECTIONS_TABLE} WHERE family = ?", [family.name])
    if rejections:
        con.executemany(
            f"INSERT INTO {REJECTIONS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (r.family, r.source_file, r.source_row, r.column_name, r.value, r.reason, at)
                for r in rejections
            ],
        )
