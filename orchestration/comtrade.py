"""Loading UN Comtrade downloads (``raw/comtrade/``) into ``raw.comtrade``.

Like ``trade_records``, the family loads incrementally: a file whose bytes (and sidecar) are
already in the table is not read again, a file that left the folder takes its rows with it.
Each new file is read whole by DuckDB (CSV in its detected encoding, or Parquet), gets its
provenance (URL, download day, encoding) on every row, and is validated by aggregates: DuckDB
counts the rows breaking each rule of the family, GX checks the counts, and a file with any
bad row is deleted again and reported in ``audit.rejections`` (file, row, column, reason).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import comtrade_files as files
from orchestration.families import RawFamily
from orchestration.incremental import (
    file_problems,
    forget_file_counts,
    record_file_counts,
)
from orchestration.ingestion import (
    LoadedFile,
    LoadReport,
    Rejection,
    discover,
    ensure_audit_schema,
    record_rejections,
    sha256_of,
    unreadable_reason,
)

log = logging.getLogger(__name__)


def create_table(con: duckdb.DuckDBPyConnection, family: RawFamily) -> None:
    """``raw.comtrade``: the 47 columns as text, then lineage and provenance per row."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
    types = {"_source_row": "BIGINT NOT NULL", "_loaded_at": "TIMESTAMP NOT NULL"}
    cols = [f'"{c}" VARCHAR' for c in family.column_names] + [
        f'"{name}" {types.get(name, "VARCHAR")}' for name, _ in family.lineage
    ]
    con.execute(f"CREATE TABLE IF NOT EXISTS {family.table} ({', '.join(cols)})")


def _reader(path: Path) -> tuple[str, list[str], str, str]:
    """DuckDB table function, header, encoding and row-number expression of one file."""
    if path.suffix.lower() == ".parquet":
        header = [
            r[0]
            for r in duckdb.execute(
                "SELECT name FROM parquet_schema(?) WHERE name <> 'schema'", [str(path)]
            ).fetchall()
        ]
        return (
            "read_parquet(?, file_row_number = true)",
            header,
            files.PARQUET,
            "file_row_number + 1",
        )
    encoding = files.detect_encoding(path)
    header = files.csv_header(path, encoding)
    # DuckDB's CSV scan keeps file order, so numbering the scan gives the file's rows.
    return files.read_csv_sql(header, encoding), header, encoding, "row_number() OVER ()"


def _insert(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    path: Path,
    rel: str,
    sha: str,
    loaded_at: datetime,
    origin: files.Provenance,
) -> tuple[list[str], list[str]]:
    """Insert one file's rows; return the required columns it lacks (nothing is inserted
    then) and the columns it has beyond the layout (ignored)."""
    reader, header, encoding, row_number = _reader(path)
    missing = [c for c in family.required_columns if c not in header]
    extra = [c for c in header if c not in family.column_names]
    if missing:
        return missing, extra
    select = ", ".join(
        f'CAST("{c}" AS VARCHAR)' if c in header else "NULL" for c in family.column_names
    )
    con.execute(
        f"""INSERT INTO {family.table}
            SELECT {select}, ?, {row_number}, ?, ?, ?, ?, ?, ?, ? FROM {reader}""",
        [
            rel,
            sha,
            loaded_at,
            encoding,
            origin.url,
            origin.downloaded_on.isoformat(),
            origin.basis,
            origin.sidecar_sha256,
            str(path),
        ],
    )
    return [], extra


def _data_files(family: RawFamily, raw_dir: Path) -> list[Path]:
    return [p for p in discover(family, raw_dir) if not files.is_sidecar(p)]


def _load_one(con, family, path: Path, rel: str, sha: str, loaded_at, report):
    """Load one new file whole or reject it whole; return the validation result or None."""
    sidecar = files.sidecar_of(path)
    sidecar_sha = sha256_of(sidecar) if sidecar.is_file() else ""
    try:
        origin = files.provenance(path, sidecar_sha)
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        missing, extra = _insert(con, family, path, rel, sha, loaded_at, origin)
    except (duckdb.Error, files.NotAComtradeFile) as exc:
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, duckdb.Error):
            reason = f"cannot be read as a Comtrade CSV or Parquet file (truncated?): {reason}"
        report.rejections.append(Rejection(family.name, rel, reason))
        return None
    if missing:
        for column in missing:
            report.rejections.append(
                Rejection(family.name, rel, "required column is missing", column_name=column)
            )
        return None
    rows = con.execute(
        f"SELECT count(*) FROM {family.table} WHERE _file_sha256 = ?", [sha]
    ).fetchone()[0]
    if rows == 0:
        report.rejections.append(Rejection(family.name, rel, "file has a header but no rows"))
        return None
    problems, result = file_problems(con, family, sha, rel)
    if problems:
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        report.rejections += problems
        log.warning("%s rejected: %d problem rows listed", rel, len(problems))
        return result
    encoding = con.execute(
        f"SELECT any_value(_encoding) FROM {family.table} WHERE _file_sha256 = ?", [sha]
    ).fetchone()[0]
    record_file_counts(con, family, sha)
    report.loaded.append(LoadedFile(rel, sha, rows, extra))
    log.info("loaded %s: %d rows, %s (sha256 %s)", rel, rows, encoding, sha[:12])
    return result


def load_comtrade(con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path) -> LoadReport:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    report = LoadReport()
    ensure_audit_schema(con)
    create_table(con, family)
    raw_root = raw_dir.resolve()
    present = set(
        con.execute(f"SELECT DISTINCT _file_sha256, _sidecar_sha256 FROM {family.table}").fetchall()
    )
    current: dict[tuple[str, str], str] = {}  # (file hash, sidecar hash) -> the file
    seen: dict[str, str] = {}  # file hash -> the file that has it
    results = []
    for path in _data_files(family, raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        reason = unreadable_reason(path, raw_root)
        if reason:
            report.rejections.append(Rejection(family.name, rel, reason))
            continue
        resolved = path.resolve()
        sha = sha256_of(resolved)
        if sha in seen:
            report.duplicates.append((rel, seen[sha]))
            continue
        sidecar = files.sidecar_of(path)
        key = (sha, sha256_of(sidecar) if sidecar.is_file() else "")
        seen[sha] = rel
        if key in present:
            current[key] = rel
            continue  # already loaded with this provenance: not read again
        result = _load_one(con, family, path, rel, sha, loaded_at, report)
        if result is not None:
            results.append(result)
        if any(f.sha256 == sha for f in report.loaded):
            current[key] = rel
    gone = [list(key) for key in present if key not in current]
    for file_sha, sidecar_sha in gone:
        con.execute(
            f"DELETE FROM {family.table} WHERE _file_sha256 = ? AND _sidecar_sha256 = ?",
            [file_sha, sidecar_sha],
        )
    kept = {file_sha for file_sha, _ in current}
    forget_file_counts(con, family, [sha for sha, _ in gone if sha not in kept])
    if gone:
        log.info("removed the rows of %d Comtrade file(s) no longer in raw/comtrade", len(gone))
    record_rejections(con, family, report.rejections, loaded_at)
    report.validation = results[-1] if results else None
    report.unchanged = len(current.keys() & present)
    return report
