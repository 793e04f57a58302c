"""Loading raw families into the build warehouse with DuckDB's own CSV reader.

A file is loaded whole or not at all. Files that cannot be read, or that lack a required
column, are recorded in ``audit.rejections`` with the reason and left untouched on disk;
the other files still load. Each loaded row keeps its lineage (file, row, hash, load time).
"""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import file_sniffing
from orchestration.families import RawFamily

log = logging.getLogger(__name__)

REJECTIONS_TABLE = "audit.rejections"
REJECTS_LIMIT = 1000  # malformed rows of one file recorded by DuckDB's CSV reader


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
    validation: object | None = None  # the GX SuiteResult of the landed rows
    unchanged: int = 0  # incremental families: files already loaded, not read again

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
    if family.pattern is None:
        return []
    patterns = (family.pattern,) if isinstance(family.pattern, str) else family.pattern
    return sorted(
        p for pattern in patterns for p in raw_dir.glob(pattern) if p.is_file() or p.is_symlink()
    )


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


def create_family_table(
    con: duckdb.DuckDBPyConnection, family: RawFamily, replace: bool = True
) -> None:
    """``raw.<family>``: the family's columns as text plus the lineage of every row."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
    cols = [f'"{c}" VARCHAR' for c in family.column_names] + [
        '"_source_file" VARCHAR NOT NULL',
        '"_source_row" BIGINT NOT NULL',
        '"_file_sha256" VARCHAR NOT NULL',
        '"_loaded_at" TIMESTAMP NOT NULL',
    ]
    create = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    con.execute(f"{create} {family.table} ({', '.join(cols)})")


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


def unreadable_reason(path: Path, raw_root: Path) -> str | None:
    """Why a file cannot be read at all before opening it, or None."""
    resolved = path.resolve()
    if not resolved.is_relative_to(raw_root):
        return f"symlink points outside the raw folder (to {resolved}); not read"
    if not resolved.is_file():
        return "not a regular file"
    if resolved.stat().st_size == 0:
        return "file is empty"
    return None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class UnreadableFile(Exception):
    pass


def _header(path: Path) -> list[str]:
    """The header row, read with the csv module: a file's dialect is fixed by our contract,
    so the header is taken as written instead of letting a sniffer guess it. Before that, the
    first bytes say whether the file is a workbook, another encoding or another delimiter."""
    head = file_sniffing.head(path)
    kind = file_sniffing.binary_kind(head)
    if kind:
        raise UnreadableFile(kind)
    first, _, rest = head.partition(b"\n")
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            file_sniffing.encoding_problem(head)
            or f"the header is not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from exc
    if "\x00" in line:
        raise UnreadableFile("binary content (NUL bytes), not a CSV text file")
    problem = file_sniffing.encoding_problem(head) or file_sniffing.delimiter_problem(
        line, rest.partition(b"\n")[0].decode("utf-8", errors="replace")
    )
    if problem:
        raise UnreadableFile(problem)
    header = next(csv.reader([line]), [])
    if not header or any(not name.strip() for name in header):
        raise UnreadableFile("the header row has empty column names")
    return [name.strip() for name in header]


def explain_read_error(path: Path, error: Exception) -> str:
    """Why a file failed to load: our own diagnosis, else the likely cause of DuckDB's error
    (a non-UTF-8 byte past the first MiB), else DuckDB's first line."""
    if isinstance(error, UnreadableFile):
        return _first_line(error)
    return file_sniffing.first_encoding_problem(path) or _first_line(error)


def read_csv_sql(header: list[str], rejects_table: str | None = None) -> str:
    """DuckDB's CSV reader in the contract's dialect, path as the ``?`` parameter. No
    sniffing: comma, double quotes, the header as written. A row with more or fewer fields than
    the header, or bytes that are not UTF-8, fail with DuckDB's message; with ``rejects_table``
    they are skipped and recorded there instead, each with its line (DuckDB's rejects tables)."""
    if len(set(header)) != len(header):
        raise UnreadableFile("the header names a column twice")
    columns = ", ".join("'" + name.replace("'", "''") + "': 'VARCHAR'" for name in header)
    return (
        f"read_csv(?, header = true, auto_detect = false, columns = {{{columns}}}, "
        "delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8', "
        "strict_mode = true, null_padding = false"
        + (
            f", store_rejects = true, rejects_table = '{rejects_table}', "
            f"rejects_scan = '{rejects_table}_scans', rejects_limit = {REJECTS_LIMIT})"
            if rejects_table
            else ")"
        )
    )


def _read_into_batch(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """Read one CSV into the temp table ``_batch`` (all text) and return its header."""
    header = _header(path)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _batch AS SELECT * FROM {read_csv_sql(header)}",
        [str(path)],
    )
    return header


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


def _land(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    path: Path,
    rel: str,
    sha: str,
    loaded_at: datetime,
    priority: tuple[int, int],
) -> tuple[int, list[str]]:
    """Append one parsed file to ``_landing``; return its row count and extra columns."""
    header = _read_into_batch(con, path)
    missing = [c for c in family.required_columns if c not in header]
    if missing:
        raise MissingColumns(missing, header)
    select_cols = [f'"{c}"' if c in header else f'NULL AS "{c}"' for c in family.column_names]
    # rowid follows the file's record order because the temp table was filled in order.
    con.execute(
        f"""INSERT INTO _landing
            SELECT {", ".join(select_cols)}, ?, rowid + 1, ?, ?, ?
            FROM _batch ORDER BY rowid""",
        [rel, sha, loaded_at, list(priority)],
    )
    rows = con.execute("SELECT count(*) FROM _batch").fetchone()[0]
    return rows, [c for c in header if c not in family.column_names]


class MissingColumns(Exception):
    def __init__(self, missing: list[str], header: list[str]):
        super().__init__(f"missing {missing}")
        self.missing = missing
        self.header = header


def _row_problems(
    con: duckdb.DuckDBPyConnection, family: RawFamily
) -> tuple[list[Rejection], object | None]:
    """Validate every landed row with the family's GX suite; return one Rejection per problem.

    A duplicated key is a problem only for the later occurrences: files accepted by the last
    run come first, then file name and row order.
    """
    if family.expectations is None:
        return [], None
    from orchestration.quality.gx_suite import run_suite

    derived = "".join(f', {sql} AS "{name}"' for name, sql in family.derived)
    frame = con.execute(
        f"SELECT *{derived} FROM _landing ORDER BY _priority, _source_file, _source_row"
    ).df()
    result = run_suite(f"raw_{family.name}_landing", frame, family.expectations)
    problems: list[Rejection] = []
    for outcome in result.failed:
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
            # A table-level failure (e.g. GX could not evaluate): blame every file.
            for source_file in frame["_source_file"].unique():
                problems.append(Rejection(family.name, source_file, outcome.reason))
            continue
        for i in rows:
            column = outcome.column
            raw_value = frame.at[i, column] if column in frame.columns else None
            problems.append(
                Rejection(
                    family.name,
                    frame.at[i, "_source_file"],
                    outcome.reason,
                    source_row=int(frame.at[i, "_source_row"]),
                    column_name=column,
                    value=None if raw_value is None or raw_value != raw_value else str(raw_value),
                )
            )
    return problems, result


def load_family(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    raw_dir: Path,
    loaded_at: datetime | None = None,
    files: Iterable[Path] | None = None,
) -> LoadReport:
    """Replace ``raw.<family>`` with every file of the family that passes its checks.

    Files are accepted or rejected whole; every problem of a rejected file is recorded in
    ``audit.rejections``. Rejected files are never moved or changed.
    """
    loaded_at = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    report = LoadReport()
    raw_root = raw_dir.resolve()
    ensure_audit_schema(con)
    previous = _previously_loaded(con, family)
    cols = ", ".join(f'"{c}" VARCHAR' for c in family.column_names)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _landing ({cols}, _source_file VARCHAR,
            _source_row BIGINT, _file_sha256 VARCHAR, _loaded_at TIMESTAMP, _priority BIGINT[])"""
    )
    seen: dict[str, str] = {}
    landed: dict[str, LoadedFile] = {}

    candidates = list(files) if files is not None else discover(family, raw_dir)
    for path in candidates:
        rel = path.relative_to(raw_dir).as_posix() if path.is_relative_to(raw_dir) else str(path)

        def reject(reason: str, rel: str = rel, **where) -> None:
            report.rejections.append(Rejection(family.name, rel, reason, **where))

        reason = unreadable_reason(path, raw_root)
        if reason:
            reject(reason)
            continue
        resolved = path.resolve()
        sha = sha256_of(resolved)
        if sha in seen:
            report.duplicates.append((rel, seen[sha]))
            log.info("%s has the same content as %s; not loaded twice", rel, seen[sha])
            continue
        try:
            # When two files claim one key, the file the last run accepted keeps it, then
            # the older file: a new file cannot push out figures that were already published.
            priority = (0 if sha in previous else 1, resolved.stat().st_mtime_ns)
            rows, extra = _land(con, family, resolved, rel, sha, loaded_at, priority)
        except (duckdb.Error, UnreadableFile) as exc:
            reject(
                "cannot be read as a UTF-8, comma-separated CSV with a header: "
                + explain_read_error(resolved, exc)
            )
            continue
        except MissingColumns as exc:
            for column in exc.missing:
                reject(
                    f"required column is missing (header has: {', '.join(exc.header)})",
                    column_name=column,
                )
            continue
        if rows == 0 and not family.allow_empty:
            reject("file has a header but no rows")
            continue
        seen[sha] = rel
        landed[rel] = LoadedFile(rel, sha, rows, extra)

    problems, report.validation = _row_problems(con, family)
    report.rejections += problems
    rejected = {r.source_file for r in problems}
    for rel, loaded in landed.items():
        if rel in rejected:
            log.warning(
                "%s rejected: %d problem(s)", rel, sum(r.source_file == rel for r in problems)
            )
        else:
            report.loaded.append(loaded)
            log.info("loaded %s: %d rows (sha256 %s)", rel, loaded.rows, loaded.sha256[:12])

    create_family_table(con, family)
    accepted = [f.path for f in report.loaded]
    con.execute(
        f"""INSERT INTO {family.table}
            SELECT * EXCLUDE (_priority) FROM _landing
            WHERE list_contains(?, _source_file)
            ORDER BY _source_file, _source_row""",
        [accepted],
    )
    record_rejections(con, family, report.rejections, loaded_at)
    con.execute("DROP TABLE IF EXISTS _batch")
    con.execute("DROP TABLE IF EXISTS _landing")
    return report
