"""Incremental loading of large raw families (customs extracts of millions of rows).

Cost follows the new files, not the history: a file whose content hash is already in the
raw table is not read again, a file that disappeared takes its rows with it, and a new file
is inserted straight from DuckDB's CSV or Parquet reader into the private build file. A CSV
row the reader cannot parse lands in DuckDB's rejects table with its line. The new file is then
validated by aggregates: one DuckDB pass counts the rows that break each rule, and a file with
any bad row is deleted again and reported (with the first rows of each problem) in
``audit.rejections``. The counts of accepted files are stored (``audit.batch_rule_counts``), so
the whole-table check adds them up instead of reading the table. Memory stays bounded however
large the file.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.families import RawFamily
from orchestration.ingestion import (
    REJECTS_LIMIT,
    LoadedFile,
    LoadReport,
    Rejection,
    UnreadableFile,
    _first_line,
    _header,
    create_family_table,
    discover,
    ensure_audit_schema,
    read_csv_sql,
    record_rejections,
    sha256_of,
    unreadable_reason,
)
from orchestration.quality.gx_suite import Outcome, SuiteResult

log = logging.getLogger(__name__)

EXAMPLES_PER_RULE = 20
COUNTS_TABLE = "audit.batch_rule_counts"  # per family, file and rule: rows and bad rows
CSV_REJECTS = "_csv_rejects"  # DuckDB's rejects table of the CSV file being read (temporary)


def _reader(path: Path) -> tuple[str, list[str]]:
    """DuckDB table function for the file and the columns it has."""
    if path.suffix.lower() == ".parquet":
        header = [  # the top-level columns (parquet_schema also lists the root node)
            r[0]
            for r in duckdb.execute(
                "DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]
            ).fetchall()
        ]
        return "read_parquet(?, file_row_number = true)", header
    header = _header(path)
    return read_csv_sql(header, rejects_table=CSV_REJECTS), header


def _ensure_counts_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {COUNTS_TABLE} (family VARCHAR NOT NULL,
            file_sha256 VARCHAR NOT NULL, rule_column VARCHAR NOT NULL, rows BIGINT NOT NULL,
            bad_rows BIGINT NOT NULL, counted_at TIMESTAMP NOT NULL)"""
    )


def _count_violations(con, family: RawFamily, sha: str) -> tuple[int, list[int]]:
    """One DuckDB pass over one file's rows: its row count and the rows breaking each rule."""
    counts = con.execute(
        "SELECT count(*), "
        + ", ".join(f"count_if({rule.violation})" for rule in family.row_rules)
        + f" FROM {family.table} WHERE _file_sha256 = ?",
        [sha],
    ).fetchone()
    return counts[0], list(counts[1:])


def _store_counts(con, family: RawFamily, sha: str, rows: int, bad: list[int]) -> None:
    con.execute(
        f"DELETE FROM {COUNTS_TABLE} WHERE family = ? AND file_sha256 = ?",
        [family.name, sha],
    )
    con.execute(  # one statement: executemany costs a round trip per row
        f"""INSERT INTO {COUNTS_TABLE}
            SELECT ?, ?, unnest(?::VARCHAR[]), ?, unnest(?::BIGINT[]), ?""",
        [
            family.name,
            sha,
            [r.column for r in family.row_rules],
            rows,
            bad,
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )


def record_file_counts(con: duckdb.DuckDBPyConnection, family: RawFamily, sha: str) -> None:
    """Store an accepted file's rule counts, for a family with a loader of its own (comtrade),
    so that the whole-table check can add them up like those of the files loaded here."""
    _ensure_counts_table(con)
    _store_counts(con, family, sha, *_count_violations(con, family, sha))


def forget_file_counts(con: duckdb.DuckDBPyConnection, family: RawFamily, shas: list[str]) -> None:
    """Drop the stored counts of files whose rows left the table."""
    _ensure_counts_table(con)
    con.execute(
        f"DELETE FROM {COUNTS_TABLE} WHERE family = ? AND list_contains(?, file_sha256)",
        [family.name, shas],
    )


def _stored_totals(con, family: RawFamily) -> tuple[int, list[int]]:
    """The whole table's counts, combined from the stored counts of each file in it."""
    by_rule = dict(
        con.execute(
            f"""SELECT rule_column, sum(bad_rows) FROM {COUNTS_TABLE}
                WHERE family = ? GROUP BY rule_column""",
            [family.name],
        ).fetchall()
    )
    rows = con.execute(
        f"""SELECT coalesce(sum(rows), 0) FROM (SELECT DISTINCT file_sha256, rows
            FROM {COUNTS_TABLE} WHERE family = ?)""",
        [family.name],
    ).fetchone()[0]
    return rows, [int(by_rule.get(r.column) or 0) for r in family.row_rules]


def aggregate_suite(con: duckdb.DuckDBPyConnection, family: RawFamily, sha: str | None = None):
    """The rows breaking each rule, as a suite result: counted by DuckDB over one file, or for
    the whole table combined from the counts stored per file when it was loaded (so the
    check costs what the new batch costs). A count compared with zero needs no validation
    engine, so GX is not imported here."""
    if sha is not None:
        rows, bad = _count_violations(con, family, sha)
    else:
        rows, bad = _stored_totals(con, family)
        in_table = con.execute(f"SELECT count(*) FROM {family.table}").fetchone()[0]
        if in_table != rows:  # rows no per-file count covers: a table loaded another way
            raise RuntimeError(
                f"{family.table} has {in_table} rows but the stored per-file rule counts cover "
                f"{rows}; reload the family (delete the table from the build file)"
            )
    outcomes = [
        Outcome(
            expectation="expect_column_values_to_be_between",
            column=rule.column,
            reason=rule.reason,
            success=n == 0,
            observed_value=n,
            unexpected_count=n,
        )
        for rule, n in zip(family.row_rules, bad, strict=True)
    ]
    result = SuiteResult(suite=f"raw_{family.name}_aggregates", rows=rows, outcomes=outcomes)
    return result, dict(zip([r.column for r in family.row_rules], bad, strict=True))


def file_problems(
    con: duckdb.DuckDBPyConnection, family: RawFamily, sha: str, rel: str
) -> tuple[list[Rejection], object]:
    """Every rule one file's rows break, with up to EXAMPLES_PER_RULE rows each."""
    result, bad_by_column = aggregate_suite(con, family, sha)
    problems = []
    for rule in family.row_rules:
        bad = bad_by_column[rule.column]
        if not bad:
            continue
        examples = con.execute(
            f"""SELECT _source_row, "{rule.column}" FROM {family.table}
                WHERE _file_sha256 = ? AND ({rule.violation})
                ORDER BY _source_row LIMIT {EXAMPLES_PER_RULE}""",
            [sha],
        ).fetchall()
        more = (
            f" ({bad} rows in all; the first {len(examples)} are listed)"
            if bad > len(examples)
            else ""
        )
        for row, value in examples:
            problems.append(
                Rejection(
                    family.name,
                    rel,
                    rule.reason + more,
                    source_row=row,
                    column_name=rule.column,
                    value=value,
                )
            )
    return problems, result


def _malformed_rows(con: duckdb.DuckDBPyConnection, family: RawFamily, rel: str) -> list:
    """The rows DuckDB's CSV reader could not parse (too many or few fields, not UTF-8, ...),
    from its rejects table: one rejection per row with its number and the reader's reason."""
    total = con.execute(f"SELECT count(DISTINCT line) FROM {CSV_REJECTS}").fetchone()[0]
    if not total:
        return []
    rows = con.execute(
        f"""SELECT DISTINCT ON (line) line, column_name, csv_line, error_type, error_message
            FROM {CSV_REJECTS} ORDER BY line, column_idx LIMIT {EXAMPLES_PER_RULE}"""
    ).fetchall()
    in_all = f"at least {total}" if total >= REJECTS_LIMIT else str(total)
    more = f" ({in_all} malformed rows in all; the first {len(rows)} are listed)"
    return [
        Rejection(
            family.name,
            rel,
            f"malformed row ({error_type.lower()}): {message}"
            + (more if total > len(rows) else ""),
            source_row=line - 1,  # the reader counts the header as line 1
            column_name=column,
            value=(text or "")[:200],
        )
        for line, column, text, error_type, message in rows
    ]


def _loaded_files(con: duckdb.DuckDBPyConnection, family: RawFamily) -> set[str]:
    """Hashes of the files in the table, from their stored counts; files loaded before the
    counts were stored are counted once now."""
    counted = {
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT file_sha256 FROM {COUNTS_TABLE} WHERE family = ?",
            [family.name],
        ).fetchall()
    }
    in_table = con.execute(f"SELECT count(*) FROM {family.table}").fetchone()[0]
    if in_table == _stored_totals(con, family)[0]:
        return counted
    present = {
        r[0] for r in con.execute(f"SELECT DISTINCT _file_sha256 FROM {family.table}").fetchall()
    }
    for sha in present - counted:
        _store_counts(con, family, sha, *_count_violations(con, family, sha))
    con.execute(
        f"DELETE FROM {COUNTS_TABLE} WHERE family = ? AND NOT list_contains(?, file_sha256)",
        [family.name, sorted(present)],
    )
    return present


def _insert(con, family: RawFamily, source: tuple[str, list[str]], rel: str, sha: str, *args):
    """Insert one file's rows straight from DuckDB's reader (``source``: reader, header);
    ``args``: the load time and the file's path."""
    reader, header = source
    select = ", ".join(
        f'CAST("{c}" AS VARCHAR)' if c in header else "NULL" for c in family.column_names
    )
    # DuckDB's CSV reader has no row-number column. Malformed rows are not numbered at all:
    # the reader records each with its line in its rejects table, and a file with any is
    # rejected whole. A clean file's rows are numbered in scan order, which DuckDB keeps for
    # one file while insertion order is preserved.
    con.execute(f"DROP TABLE IF EXISTS {CSV_REJECTS}")
    con.execute(f"DROP TABLE IF EXISTS {CSV_REJECTS}_scans")
    parquet = reader.startswith("read_parquet")
    row_number = "file_row_number + 1" if parquet else "row_number() OVER ()"
    con.execute(
        f"""INSERT INTO {family.table}
            SELECT {select}, ?, {row_number}, ?, ? FROM {reader}""",
        [rel, sha, *args],
    )


def _load_new_file(con, family: RawFamily, path: Path, rel: str, sha: str, loaded_at):
    """Land, then validate one new file; a file with any problem is deleted again.
    Returns (the loaded file or None, its problems, the suite result of its counts)."""
    try:
        source = _reader(path)
        missing = [c for c in family.required_columns if c not in source[1]]
        if missing:
            reason = "required column is missing"
            return (
                None,
                [Rejection(family.name, rel, reason, column_name=c) for c in missing],
                None,
            )
        _insert(con, family, source, rel, sha, loaded_at, str(path))
    except (duckdb.Error, UnreadableFile) as exc:
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        reason = f"cannot be read as CSV or Parquet: {_first_line(exc)}"
        return None, [Rejection(family.name, rel, reason)], None
    malformed = [] if path.suffix.lower() == ".parquet" else _malformed_rows(con, family, rel)
    if malformed:
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        return None, malformed, None
    problems, result = file_problems(con, family, sha, rel)
    if problems:
        con.execute(f"DELETE FROM {family.table} WHERE _file_sha256 = ?", [sha])
        return None, problems, result
    _store_counts(con, family, sha, result.rows, [o.unexpected_count for o in result.outcomes])
    extra = [c for c in source[1] if c not in family.column_names]
    return LoadedFile(rel, sha, result.rows, extra), [], result


def load_incremental(
    con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path
) -> LoadReport:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    report = LoadReport()
    ensure_audit_schema(con)
    _ensure_counts_table(con)
    create_family_table(con, family, replace=False)
    raw_root = raw_dir.resolve()
    present = _loaded_files(con, family)
    current: dict[str, str] = {}  # content hash -> the file that has it
    results = []
    for path in discover(family, raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        reason = unreadable_reason(path, raw_root)
        if reason:
            report.rejections.append(Rejection(family.name, rel, reason))
            continue
        resolved = path.resolve()
        sha = sha256_of(resolved)
        if sha in current:
            report.duplicates.append((rel, current[sha]))
            continue
        current[sha] = rel
        if sha in present:
            continue  # already loaded: not read again
        loaded, problems, result = _load_new_file(con, family, resolved, rel, sha, loaded_at)
        results += [result] if result is not None else []
        if loaded is None:
            del current[sha]
            report.rejections += problems
            log.warning("%s rejected: %d problems listed", rel, len(problems))
            continue
        report.loaded.append(loaded)
        log.info("loaded %s: %d rows (sha256 %s)", rel, loaded.rows, sha[:12])
    _remove_gone(con, family, [sha for sha in present if sha not in current])
    record_rejections(con, family, report.rejections, loaded_at)
    report.validation = results[-1] if results else None
    report.unchanged = len(current.keys() & present)
    return report


def _remove_gone(con: duckdb.DuckDBPyConnection, family: RawFamily, gone: list[str]) -> None:
    """A file that left the raw folder takes its rows (and its stored counts) with it."""
    if not gone:
        return
    con.execute(f"DELETE FROM {family.table} WHERE list_contains(?, _file_sha256)", [gone])
    con.execute(
        f"DELETE FROM {COUNTS_TABLE} WHERE family = ? AND list_contains(?, file_sha256)",
        [family.name, gone],
    )
    log.info("removed the rows of %d file(s) no longer in %s", len(gone), family.pattern)
