"""How a raw file is read: DuckDB table functions over CSV or Parquet, declared per family.

A family's ``reader`` says which files are data, what identifies a loaded file, how a file is
opened (a ``FileSource``: the table function, the columns the file has, how its rows are
numbered) and how a read error is explained. ``insert_file`` lands a source's rows with their
lineage into a table; it is the one place rows are numbered.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from orchestration.ingest import sniffing
from orchestration.ingest.raw_files import UnreadableFile, first_line

if TYPE_CHECKING:
    from orchestration.families.contract import RawFamily

REJECTS_LIMIT = 1000  # malformed rows of one file recorded by DuckDB's CSV reader
CSV_REJECTS = "_csv_rejects"  # DuckDB's rejects table of the CSV file being read (temporary)


@dataclass(frozen=True)
class FileSource:
    relation: str  # DuckDB table function reading the file, its path as the ``?`` parameter
    header: list[str]
    path: Path
    # How the reader numbers rows (Parquet's ``file_row_number``); None: the rows are copied
    # into a fresh temp table first and numbered by its rowid, which follows the scan order
    # DuckDB keeps while ``preserve_insertion_order`` is on (the default).
    row_number: str | None = None
    lineage: tuple = ()  # values of the family's lineage columns beyond the first four
    rejects_table: str | None = None  # DuckDB's rejects table of a CSV read
    types: dict[str, str] = field(default_factory=dict)  # the file's own column types

    def missing(self, family: RawFamily) -> list[str]:
        return [c for c in family.required_columns if c not in self.header]

    def extra(self, family: RawFamily) -> list[str]:
        return [c for c in self.header if c not in family.column_names]


class ByContent:
    """A reader whose every matched file is data, identified by its content hash alone."""

    key_columns = ("_file_sha256",)  # what identifies a loaded file

    def is_data(self, path: Path) -> bool:
        return True

    def key(self, path: Path, sha: str) -> tuple:
        return (sha,)


class ContractCsv(ByContent):
    """The contract's CSV dialect (raw/README.md), every column as text: figures, sources,
    corrections."""

    def open(self, path: Path, family: RawFamily) -> FileSource:
        header = csv_header(path)
        return FileSource(read_csv_sql({name: "VARCHAR" for name in header}), header, path)

    def explain(self, path: Path, error: Exception) -> str:
        return (
            "cannot be read as a UTF-8, comma-separated CSV with a header: "
            + explain_read_error(path, error)
        )


CONTRACT_CSV = ContractCsv()


def csv_header(path: Path) -> list[str]:
    """The header row, read with the csv module: a file's dialect is fixed by our contract,
    so the header is taken as written instead of letting a sniffer guess it. Before that, the
    first bytes say whether the file is a workbook, another encoding or another delimiter."""
    head = sniffing.head(path)
    kind = sniffing.binary_kind(head)
    if kind:
        raise UnreadableFile(kind)
    first, _, rest = head.partition(b"\n")
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            sniffing.encoding_problem(head)
            or f"the header is not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from exc
    if "\x00" in line:
        raise UnreadableFile("binary content (NUL bytes), not a CSV text file")
    problem = sniffing.encoding_problem(head) or sniffing.delimiter_problem(
        line, rest.partition(b"\n")[0].decode("utf-8", errors="replace")
    )
    if problem:
        raise UnreadableFile(problem)
    header = next(csv.reader([line]), [])
    if not header or any(not name.strip() for name in header):
        raise UnreadableFile("the header row has empty column names")
    header = [name.strip() for name in header]
    if len(set(header)) != len(header):
        raise UnreadableFile("the header names a column twice")
    return header


def explain_read_error(path: Path, error: Exception) -> str:
    """Why a file failed to load: our own diagnosis, else the likely cause of DuckDB's error
    (a non-UTF-8 byte past the first MiB), else DuckDB's first line."""
    if isinstance(error, UnreadableFile):
        return first_line(error)
    return sniffing.first_encoding_problem(path) or first_line(error)


def read_csv_sql(
    columns: dict[str, str],
    rejects_table: str | None = None,
    encoding: str = "utf-8",
    dateformat: str | None = None,
) -> str:
    """DuckDB's CSV reader in the contract's dialect, path as the ``?`` parameter. No
    sniffing: comma, double quotes, the header as written, each column with its type. A row
    with more or fewer fields than the header, bytes that are not UTF-8 or a value that is not
    of its column's type fail with DuckDB's message; with ``rejects_table`` they are skipped
    and recorded there instead, each with its line (DuckDB's rejects tables)."""
    spec = ", ".join("'" + n.replace("'", "''") + f"': '{t}'" for n, t in columns.items())
    rejects = (
        f", store_rejects = true, rejects_table = '{rejects_table}', "
        f"rejects_scan = '{rejects_table}_scans', rejects_limit = {REJECTS_LIMIT}"
        if rejects_table
        else ""
    )
    dates = f", dateformat = '{dateformat}'" if dateformat else ""
    return (
        f"read_csv(?, header = true, auto_detect = false, columns = {{{spec}}}, "
        f"delim = ',', quote = '\"', escape = '\"', encoding = '{encoding}', "
        f"strict_mode = true, null_padding = false{dates}{rejects})"
    )


def parquet_columns(path: Path) -> dict[str, str]:
    """The top-level columns of a Parquet file with their DuckDB types."""
    rows = duckdb.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return {r[0]: r[1] for r in rows}


def _typed(column, quoted: str, file_type: str) -> str:
    """A column of the file as the family's type: as it is when the types agree, else parsed
    (text: trimmed, a DATE with its format) or cast; NULL where it does not parse."""
    if file_type == column.type:
        return quoted
    if file_type == "VARCHAR" and column.date_format:
        return f"try_strptime(trim({quoted}), '{column.date_format}')::{column.type}"
    if file_type == "VARCHAR":
        return f"TRY_CAST(trim({quoted}) AS {column.type})"
    return f"TRY_CAST({quoted} AS {column.type})"


def _landed(family: RawFamily, source: FileSource) -> str:
    """The select list landing the family's columns from what the file has."""
    out = []
    for column in family.columns:
        if column.name not in source.header:
            out.append(f"CAST(NULL AS {column.type})")
            continue
        quoted = f'"{column.name}"'
        typed = _typed(column, quoted, source.types.get(column.name, column.type))
        out.append(column.landed_as.format(c=typed) if column.landed_as else typed)
    return ", ".join(out)


def unparsed_values(con, family: RawFamily, source: FileSource, limit: int) -> tuple[int, list]:
    """Values of a typed column a Parquet file holds as another type that do not parse (the CSV
    reader reports its own in its rejects table): how many rows, and the first ``limit`` as
    (row, column, value)."""
    casts = {
        c.name: _typed(c, f'"{c.name}"', source.types[c.name])
        for c in family.columns
        if c.type != "VARCHAR" and c.name in source.types and source.types[c.name] != c.type
    }
    if not casts or source.row_number is None:
        return 0, []
    bad = {name: f'"{name}" IS NOT NULL AND {cast} IS NULL' for name, cast in casts.items()}
    params = [str(source.path)]
    total = con.execute(
        f"SELECT count(*) FROM {source.relation} WHERE {' OR '.join(bad.values())}", params
    ).fetchone()[0]
    if not total:
        return 0, []
    examples = " UNION ALL ".join(
        f"""(SELECT {source.row_number} AS row, '{name}' AS col, CAST("{name}" AS VARCHAR)
             FROM {source.relation} WHERE {where} ORDER BY 1 LIMIT {limit})"""
        for name, where in bad.items()
    )
    rows = con.execute(f"SELECT * FROM ({examples}) ORDER BY 1, 2 LIMIT {limit}", params * len(bad))
    return total, rows.fetchall()


def insert_file(con, table: str, family: RawFamily, source: FileSource, rel: str, tail: list):
    """Insert a file's rows into ``table``: the family's columns, ``_source_file``,
    ``_source_row``, then the ``tail`` values. Returns the number of rows inserted. A reader
    with a rejects table starts it afresh: what it holds afterwards is this file's."""
    if source.rejects_table:
        con.execute(f"DROP TABLE IF EXISTS {source.rejects_table}")
        con.execute(f"DROP TABLE IF EXISTS {source.rejects_table}_scans")
    relation, params, row_number = source.relation, [str(source.path)], source.row_number
    if row_number is None:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _file AS SELECT * FROM {relation}", params)
        relation, params, row_number = "_file", [], "rowid + 1"
    marks = "".join(", ?" for _ in tail)
    inserted = con.execute(
        f"INSERT INTO {table} SELECT {_landed(family, source)}, ?, {row_number}{marks} "
        f"FROM {relation}",
        [rel, *tail, *params],
    ).fetchone()[0]
    con.execute("DROP TABLE IF EXISTS _file")
    return inserted


class CustomsFiles(ByContent):
    """CSV in the contract's dialect or Parquet, landed with the family's column types: a CSV
    value that does not parse is a malformed row (DuckDB's rejects table gives its line), a
    Parquet column of another type is cast (NULL where it cannot be)."""

    def open(self, path: Path, family: RawFamily) -> FileSource:
        if path.suffix.lower() == ".parquet":
            types = parquet_columns(path)
            reader = "read_parquet(?, file_row_number = true)"
            return FileSource(reader, list(types), path, "file_row_number + 1", types=types)
        declared = {c.name: c.type for c in family.columns}
        types = {name: declared.get(name, "VARCHAR") for name in csv_header(path)}
        formats = {c.date_format for c in family.columns if c.date_format}
        if len(formats) > 1:  # DuckDB's CSV reader takes one date format for all columns
            raise ValueError(f"{family.name}: DATE columns with different formats {formats}")
        reader = read_csv_sql(types, CSV_REJECTS, dateformat=next(iter(formats), None))
        return FileSource(reader, list(types), path, rejects_table=CSV_REJECTS, types=types)

    def explain(self, path: Path, error: Exception) -> str:
        return f"cannot be read as CSV or Parquet: {first_line(error)}"


CUSTOMS_FILES = CustomsFiles()
