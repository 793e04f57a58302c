"""Loading raw families into the build warehouse with DuckDB's own CSV reader.

A file is loaded whole or not at all. Files that cannot be read, or that lack a required
column, are recorded in ``audit.rejections`` with the reason and left untouched on disk;
the other files still load. Each loaded row keeps its lineage (file, row, hash, load time).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.families import LINEAGE_COLUMNS, RawFamily

log = logging.getLogger(__name__)

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
    family: RawFamily
    loaded: list[LoadedFile] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same-as file)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.loaded)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(family: RawFamily, raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.glob(family.pattern) if p.is_file() or p.is_symlink())


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


def _create_family_table(con: duckdb.DuckDBPyConnection, family: RawFamily) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
    cols = [f'"{c}" VARCHAR' for c in family.column_names] + [
        '"_source_file" VARCHAR NOT NULL',
        '"_source_row" BIGINT NOT NULL',
        '"_file_sha256" VARCHAR NOT NULL',
        '"_loaded_at" TIMESTAMP NOT NULL',
    ]
    con.execute(f"CREATE OR REPLACE TABLE {family.table} ({', '.join(cols)})")


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _read_into_batch(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """Read one CSV into the temp table ``_batch`` (all text) and return its header."""
    # Explicit dialect: sniffing would happily accept a ';'-separated file as one wide column
    # or guess a header, and we want such files to fail loudly instead.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _batch AS
           SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',',
                                  quote = '"', escape = '"', encoding = 'utf-8',
                                  strict_mode = true, null_padding = false)""",
        [str(path)],
    )
    return [row[0] for row in con.execute("DESCRIBE _batch").fetchall()]


def load_family(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    raw_dir: Path,
    loaded_at: datetime | None = None,
    files: Iterable[Path] | None = None,
) -> LoadReport:
    """Replace ``raw.<family>`` with the content of every acceptable file of the family."""
    loaded_at = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    report = LoadReport(family=family)
    raw_root = raw_dir.resolve()
    ensure_audit_schema(con)
    _create_family_table(con, family)
    con.execute(f"DELETE FROM {REJECTIONS_TABLE} WHERE family = ?", [family.name])
    seen: dict[str, str] = {}

    for path in files if files is not None else discover(family, raw_dir):
        rel = path.relative_to(raw_dir).as_posix() if path.is_relative_to(raw_dir) else str(path)

        def reject(reason: str, rel: str = rel, **where) -> None:
            report.rejections.append(Rejection(family.name, rel, reason, **where))

        resolved = path.resolve()
        if not resolved.is_relative_to(raw_root):
            reject(f"symlink points outside the raw folder (to {resolved}); not read")
            continue
        if resolved.stat().st_size == 0:
            reject("file is empty")
            continue
        sha = sha256_of(resolved)
        if sha in seen:
            report.duplicates.append((rel, seen[sha]))
            log.info("%s has the same content as %s; not loaded twice", rel, seen[sha])
            continue
        try:
            header = _read_into_batch(con, resolved)
        except duckdb.Error as exc:
            reject(
                f"cannot be read as a UTF-8, comma-separated CSV with a header: {_first_line(exc)}"
            )
            continue
        missing = [c for c in family.required_columns if c not in header]
        if missing:
            for column in missing:
                reject(
                    f"required column is missing (header has: {', '.join(header)})",
                    column_name=column,
                )
            continue
        seen[sha] = rel
        select_cols = [f'"{c}"' if c in header else f'NULL AS "{c}"' for c in family.column_names]
        # rowid follows the file's record order because the temp table was filled in order.
        con.execute(
            f"""INSERT INTO {family.table}
                SELECT {", ".join(select_cols)}, ?, rowid + 1, ?, ?
                FROM _batch ORDER BY rowid""",
            [rel, sha, loaded_at],
        )
        rows = con.execute("SELECT count(*) FROM _batch").fetchone()[0]
        extra = [c for c in header if c not in family.column_names]
        report.loaded.append(LoadedFile(rel, sha, rows, extra))
        log.info("loaded %s: %d rows (sha256 %s)", rel, rows, sha[:12])

    con.execute("DROP TABLE IF EXISTS _batch")
    if report.rejections:
        con.executemany(
            f"INSERT INTO {REJECTIONS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (r.family, r.source_file, r.source_row, r.column_name, r.value, r.reason, loaded_at)
                for r in report.rejections
            ],
        )
    return report


__all__ = ["LINEAGE_COLUMNS", "LoadReport", "Rejection", "discover", "load_family"]
