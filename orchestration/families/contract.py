"""What a raw family declares: its files, columns, lineage, how it lands and how it is checked.

One ``RawFamily`` drives the family's ingestion asset, its blocking checks, its dbt source
(``dbt_project/models/staging/_raw_sources.yml`` is generated from it) and the documentation
of its raw table. Each family lives in its own module of this package with its suite beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RAW_SCHEMA = "raw"

LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_source_file", "Path of the file the row came from, relative to the raw folder"),
    ("_source_row", "Data row number inside that file (1 = first row after the header)"),
    ("_file_sha256", "SHA-256 of the file's bytes when it was loaded"),
    ("_loaded_at", "When the row was loaded (UTC)"),
)
# SQL types of the lineage columns that are not text.
LINEAGE_TYPES = {"_source_row": "BIGINT NOT NULL", "_loaded_at": "TIMESTAMP NOT NULL"}

# Shared patterns of the suites.
DATE_RE = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
NUMBER_RE = r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"
# A fully qualified host may end in a dot (one shipped URL does: fakti.bg./...).
URL_RE = r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\.?(?::[0-9]+)?(?:[/?#][^\s]*)?$"
ISO3 = "ISO 3166-1 alpha-3 code (or WLD)"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = True
    # The type the column lands with; a typed CSV column is parsed by DuckDB's reader, a row
    # that does not parse is recorded with its line and the file is rejected.
    type: str = "VARCHAR"
    date_format: str | None = None  # how a DATE column is written in text (strptime format)
    # How the read value becomes the landed one (SQL over ``{c}``, the quoted column), for
    # the cleaning every reader of the column would otherwise repeat (e.g. ``trim({c})``).
    landed_as: str | None = None


@dataclass(frozen=True)
class RowRule:
    column: str
    violation: str  # SQL predicate over the landed row, true for a bad row
    reason: str


@dataclass(frozen=True)
class RawFamily:
    name: str
    description: str
    # glob(s) relative to the raw folder; None when ``loader`` reads the family
    pattern: str | tuple[str, ...] | None
    columns: tuple[Column, ...]
    # A family that does not come from raw/ (e.g. rates bundled in a package) names its own
    # loader, (connection, table) -> provenance metadata: a key of ``feeds.loaders.LOADERS``.
    loader: str | None = None
    # How a file of the family is read: a key of ``ingest.load_loop.READERS`` (an
    # ``ingest.readers.Reader``); None: the contract's CSV dialect, every column as text.
    reader: str | None = None
    lineage: tuple[tuple[str, str], ...] = LINEAGE_COLUMNS
    allow_empty: bool = False  # a header-only file is a valid (empty) batch
    # Large families load incrementally (files already loaded, by content hash, are not read
    # again) and are validated by aggregates: ``rules`` returns SQL predicates that flag bad
    # rows, counted in one pass by DuckDB; the counts are checked. Built on first use (the
    # rules read the reference seeds).
    incremental: bool = False
    rules: Callable[[], tuple[RowRule, ...]] | None = None
    # Helper columns the row-by-row suite needs, as DuckDB SQL over the landed rows; ``{rows}``
    # names the relation they are computed over (see ``sql.with_derived``).
    derived: tuple[tuple[str, str], ...] = ()
    # The family's Great Expectations suite: gets ``great_expectations.expectations``.
    expectations: Callable[[Any], list] | None = None
    # A rejected file fails the run (blocking check ``no_rejected_file``) instead of leaving
    # the family without it: for a registry whose absence would silently change every figure.
    rejection_blocks_run: bool = False

    @property
    def table(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def row_rules(self) -> tuple[RowRule, ...]:
        return self.rules() if self.rules is not None else ()

    def table_columns_sql(self) -> str:
        """The raw table's column definitions: the declared columns, then the lineage."""
        cols = [f'"{c.name}" {c.type}' for c in self.columns] + [
            f'"{name}" {LINEAGE_TYPES.get(name, "VARCHAR")}' for name, _ in self.lineage
        ]
        return ", ".join(cols)
