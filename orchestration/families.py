"""Declarative descriptions of the raw families.

One ``RawFamily`` drives the family's ingestion asset (which files, which columns), its
dbt source (``dbt_project/models/staging/_raw_sources.yml`` is generated from it) and its
documentation. Adding a family or a column touches this file only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RAW_SCHEMA = "raw"

LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_source_file", "Path of the file the row came from, relative to the raw folder"),
    ("_source_row", "Data row number inside that file (1 = first row after the header)"),
    ("_file_sha256", "SHA-256 of the file's bytes when it was loaded"),
    ("_loaded_at", "When the row was loaded (UTC)"),
)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class RawFamily:
    name: str
    description: str
    pattern: str  # glob relative to the raw folder
    columns: tuple[Column, ...]
    unique_key: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def table(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


FIGURES = RawFamily(
    name="figures",
    description=(
        "Every published figure (a claim): what was measured, between whom, for which period, "
        "its low/point/high value and unit, and the source that published it. Any CSV in "
        "raw/figures/ with these columns is a batch; extra columns are ignored."
    ),
    pattern="figures/*.csv",
    unique_key="figure_id",
    columns=(
        Column("figure_id", "Unique id of the figure across all files, e.g. F0001"),
        Column("metric", "What is measured; one of dbt_project/seeds/metrics.csv"),
        Column("flow_from", "ISO-3 code of the giving/exporting side (empty if not a flow)"),
        Column("flow_to", "ISO-3 code of the receiving/importing side (empty if not a flow)"),
        Column("category", "Finer classification within the metric (e.g. arms_total, rice)"),
        Column("period_start", "Start of the reference period: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("period_end", "End of the reference period: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("value_low", "Lower bound ('at least' when given alone)"),
        Column("value_high", "Upper bound ('up to' when given alone)"),
        Column("value_point", "Point estimate"),
        Column("unit", "Unit and currency; one of dbt_project/seeds/units.csv"),
        Column("location", "City or area for market surveys"),
        Column("source_org", "Organisation that published (or is reported to have published)"),
        Column("source_title", "Title of the article, release or study where it was found"),
        Column("source_url", "URL where the figure was found"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("note", "Free-text remarks (consistency, inferred years)"),
    ),
)

SOURCES = RawFamily(
    name="sources",
    description=(
        "Curated registry of publications and the reports that relay them, so that one study "
        "reported by five outlets counts once. Figures link to it by source URL; figures whose "
        "URL is not registered get a derived source of their own."
    ),
    pattern="sources.csv",
    unique_key="source_id",
    columns=(
        Column("source_id", "Stable id chosen by the curator, e.g. fnf-2025-unequal-partnership"),
        Column("kind", "publication (an original study, release or dataset) or report"),
        Column("relays", "For a report: the source_id of the publication it relays"),
        Column("org", "Publishing organisation"),
        Column("title", "Title of the publication or report"),
        Column("url", "URL; figures with this source_url belong to this source"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("note", "Curator's remarks"),
    ),
)

FAMILIES: tuple[RawFamily, ...] = (FIGURES, SOURCES)
