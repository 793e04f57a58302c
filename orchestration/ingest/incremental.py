"""Incremental loading of large raw families (customs extracts of millions of rows).

Cost follows the new files, not the history: a file whose content hash is already in the
raw table is not read again, a file that disappeared takes its rows with it, and a new file
is inserted from DuckDB's CSV or Parquet reader, typed as the family declares, into the private
build file (the loop is ``load_loop.load_files``; this module is its ``IncrementalLanding``). A
CSV row the reader cannot parse lands in DuckDB's rejects table with its line, a Parquet value
that does not parse as its column's type is found by row. The new file is then validated by
aggregates: one DuckDB pass counts the rows that break each rule, and a file with
any bad row is deleted again and reported (with the first rows of each problem) in
``audit.rejections``. The counts of accepted files are stored (``audit.batch_rule_counts``), so
the whole-table check adds them up instead of reading the table. Memory stays bounded however
large the file.
"""

from __future__ import annotations

import csv
import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.checks.outcomes import Outcome, SuiteResult
from orchestration.families.contract import RawFamily
from orchestration.ingest.load_loop import load_files, reader_of
from orchestration.ingest.load_report import LoadReport, Rejection
from orchestration.ingest.readers import REJECTS_LIMIT, FileSource, insert_file, unparsed_values
from orchestration.ingest.replacing import create_family_table, load_family

log = logging.getLogger(__name__)

EXAMPLES_PER_RULE = 20
COUNTS_TABLE = "audit.batch_rule_counts"  # per family, file and rule: rows and bad rows


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
            f"""SELECT _source_row, CAST("{rule.column}" AS VARCHAR) FROM {family.table}
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


def _malformed_rows(con: duckdb.DuckDBPyConnection, family: RawFamily, rel: str, table: str):
    """The rows DuckDB's CSV reader could not parse (too many or few fields, not UTF-8, a value
    not of its column's type), from its rejects table: one rejection per row with its number,
    the column and the reason (a value that does not parse gets its column's rule)."""
    total = con.execute(f"SELECT count(DISTINCT line) FROM {table}").fetchone()[0]
    if not total:
        return []
    rows = con.execute(
        f"""SELECT DISTINCT ON (line) line, column_idx, column_name, csv_line, error_type,
                   error_message
            FROM {table} ORDER BY line, column_idx LIMIT {EXAMPLES_PER_RULE}"""
    ).fetchall()
    in_all = f"at least {total}" if total >= REJECTS_LIMIT else str(total)
    more = f" ({in_all} malformed rows in all; the first {len(rows)} are listed)"
    more = more if total > len(rows) else ""
    reasons = {rule.column: rule.reason for rule in family.row_rules}
    out = []
    for line, idx, column, text, error_type, message in rows:
        value, reason = (text or "")[:200], f"malformed row ({error_type.lower()}): {message}"
        if error_type == "CAST":
            value = _field(text, idx)
            reason = reasons.get(column, reason)
        # the reader counts the header as line 1
        out.append(Rejection(family.name, rel, reason + more, line - 1, column, value))
    return out


def _field(csv_line: str | None, column_idx: int | None) -> str | None:
    """The field of a rejected CSV line the reader could not convert (``column_idx`` from 1)."""
    fields = next(csv.reader([csv_line or ""]), [])
    if column_idx is None or not 0 < column_idx <= len(fields):
        return (csv_line or "")[:200]
    return fields[column_idx - 1]


def _unparsed_values(con, family: RawFamily, rel: str, source: FileSource) -> list[Rejection]:
    """A Parquet file's text values of typed columns that do not parse, with their rows."""
    total, rows = unparsed_values(con, family, source, EXAMPLES_PER_RULE)
    reasons = {rule.column: rule.reason for rule in family.row_rules}
    more = f" ({total} rows in all; the first {len(rows)} are listed)" if total > len(rows) else ""
    return [
        Rejection(family.name, rel, reasons.get(col, f"not a {col} value") + more, row, col, text)
        for row, col, text in rows
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


class IncrementalLanding:
    """Files land straight in ``raw.<family>``; each new file is checked by aggregates and
    deleted again when any row breaks a rule; ``finish`` deletes the files that are gone."""

    def __init__(self, con: duckdb.DuckDBPyConnection, family: RawFamily, loaded_at: datetime):
        self.con, self.family, self.loaded_at = con, family, loaded_at

    def prepare(self) -> set[tuple]:
        _ensure_counts_table(self.con)
        create_family_table(self.con, self.family, replace=False)
        shas = _loaded_files(self.con, self.family)
        key_columns = reader_of(self.family).key_columns
        if key_columns == ("_file_sha256",):  # known from the stored counts: no table scan
            return {(sha,) for sha in shas}
        keys = ", ".join(key_columns)
        return set(self.con.execute(f"SELECT DISTINCT {keys} FROM {self.family.table}").fetchall())

    def insert(self, source: FileSource, rel: str, sha: str) -> int:
        tail = [sha, self.loaded_at, *source.lineage]
        return insert_file(self.con, self.family.table, self.family, source, rel, tail)

    def check(self, source: FileSource, rel: str, sha: str) -> tuple[list, object | None]:
        if source.rejects_table:
            malformed = _malformed_rows(self.con, self.family, rel, source.rejects_table)
        else:
            malformed = _unparsed_values(self.con, self.family, rel, source)
        if malformed:
            return malformed, None
        return file_problems(self.con, self.family, sha, rel)

    def discard(self, sha: str) -> None:
        self.con.execute(f"DELETE FROM {self.family.table} WHERE _file_sha256 = ?", [sha])

    def accept(self, sha: str, result) -> None:
        bad = [o.unexpected_count for o in result.outcomes]
        _store_counts(self.con, self.family, sha, result.rows, bad)

    def finish(self, report: LoadReport, kept: set[tuple], gone: set[tuple]) -> None:
        """A file that left the raw folder takes its rows (and its stored counts) with it."""
        if not gone:
            return
        where = " AND ".join(f"{c} = ?" for c in reader_of(self.family).key_columns)
        for key in gone:
            self.con.execute(f"DELETE FROM {self.family.table} WHERE {where}", list(key))
        kept_shas = {key[0] for key in kept}
        self.con.execute(
            f"DELETE FROM {COUNTS_TABLE} WHERE family = ? AND list_contains(?, file_sha256)",
            [self.family.name, sorted({key[0] for key in gone} - kept_shas)],
        )
        log.info("removed the rows of %d file(s) no longer in %s", len(gone), self.family.pattern)


def load_incremental(
    con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path
) -> LoadReport:
    """Load the new files of a large family, delete the rows of files that are gone."""
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    landing = IncrementalLanding(con, family, loaded_at)
    return load_files(con, family, raw_dir, landing, loaded_at=loaded_at)


def load_raw(con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path) -> LoadReport:
    """A family's files from ``raw_dir``: incrementally for a large family, else replaced whole
    (``replacing.load_family``). The one choice the ingestion asset and the Spark landing share."""
    return (load_incremental if family.incremental else load_family)(con, family, raw_dir)
