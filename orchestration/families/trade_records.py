"""``raw/trade_records/``: partner-reported customs records, loaded incrementally and checked
by aggregates (rules DuckDB counts per file)."""

from __future__ import annotations

import functools

from orchestration import reference
from orchestration.families import sql
from orchestration.families.contract import ISO3, URL_RE, Column, RawFamily, RowRule

# Landed cleaned, so that the rules and every model read the same values: codes without the
# blanks around them, free text without them and empty as NULL.
TRIMMED = {"landed_as": "trim({c})"}
TEXT = {"landed_as": "nullif(trim({c}), '')"}


@functools.cache
def rules() -> tuple[RowRule, ...]:
    """The rows a file must not have, counted by DuckDB in one pass per file."""
    countries = reference.country_codes()
    currencies = reference.currency_codes()
    return (
        RowRule(
            "reporter",
            f"reporter IS NULL OR {sql.not_in_list('reporter', countries)}",
            f"reporter is not an {ISO3}",
        ),
        RowRule(
            "partner",
            f"partner IS NULL OR {sql.not_in_list('partner', countries)}",
            f"partner is not an {ISO3}",
        ),
        RowRule(
            "flow",
            "flow IS NULL OR flow NOT IN ('export', 'import')",
            "flow must be export or import",
        ),
        # A CSV period, value or quantity that does not parse is a malformed row (the reader
        # names it); a Parquet text value that does not parse lands as NULL and fails here.
        RowRule("period", "period IS NULL", "period must be a month, YYYY-MM"),
        RowRule(
            "hs_code",
            "hs_code IS NULL OR NOT regexp_full_match(hs_code, '[0-9]{2,6}')",
            "hs_code must be 2 to 6 digits",
        ),
        RowRule("value", "value IS NULL OR value < 0", "value must be a number >= 0"),
        RowRule(
            "currency",
            f"currency IS NULL OR {sql.not_in_list('currency', currencies)}",
            "currency is not an ISO 4217 code",
        ),
        RowRule("quantity", "quantity < 0", "quantity must be a number >= 0"),
        RowRule(
            "source_url",
            f"source_url IS NULL OR NOT regexp_full_match(trim(source_url), '{URL_RE[1:-1]}')",
            "source_url is not a well-formed http(s) URL",
        ),
        RowRule(
            "published_on",
            f"published_on IS NOT NULL AND {sql.unparseable_date('published_on')} = 1",
            "published_on is not a YYYY, YYYY-MM or YYYY-MM-DD date",
        ),
    )


TRADE_RECORDS = RawFamily(
    name="trade_records",
    description=(
        "Partner-reported customs records (mirror data): one row per reporter, partner, flow, "
        "month and HS code. CSV or Parquet files in raw/trade_records/; none is shipped yet. "
        "Loaded incrementally by file content hash, typed (period DATE, value and quantity "
        "DOUBLE) and validated by aggregates."
    ),
    pattern=("trade_records/*.csv", "trade_records/*.parquet"),
    incremental=True,
    allow_empty=True,  # a header-only file is an empty month, loaded with no rows
    columns=(
        Column("reporter", "ISO-3 code of the reporting country (e.g. CHN, RUS)", **TRIMMED),
        Column("partner", "ISO-3 code of the partner country (PRK for mirror data)", **TRIMMED),
        Column(
            "flow", "export or import, as the reporter records it", landed_as="lower(trim({c}))"
        ),
        Column("period", "Month (first day), written YYYY-MM", type="DATE", date_format="%Y-%m"),
        Column("hs_code", "Harmonized System code, 2 to 6 digits", **TRIMMED),
        Column("commodity", "Commodity description", required=False, **TEXT),
        Column("value", "Trade value in the currency below", type="DOUBLE"),
        Column("currency", "ISO 4217 code of the value", **TRIMMED),
        Column("quantity", "Quantity (may be empty)", required=False, type="DOUBLE"),
        Column("quantity_unit", "Unit of the quantity", required=False, **TEXT),
        Column("source_org", "Customs authority or publisher", **TEXT),
        Column("source_url", "Where the extract came from", **TEXT),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD", **TEXT),
    ),
    rules=rules,
    reader="customs_files",
)
