"""``raw/trade_records/``: partner-reported customs records, loaded incrementally and checked
by aggregates (rules DuckDB counts per file)."""

from __future__ import annotations

import functools

from orchestration import reference
from orchestration.families import sql
from orchestration.families.contract import ISO3, URL_RE, Column, RawFamily, RowRule
from orchestration.readers import CUSTOMS_FILES


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
            "flow IS NULL OR lower(trim(flow)) NOT IN ('export', 'import')",
            "flow must be export or import",
        ),
        RowRule(
            "period",
            "period IS NULL OR NOT regexp_full_match(trim(period), '[0-9]{4}-(0[1-9]|1[0-2])')",
            "period must be a month, YYYY-MM",
        ),
        RowRule(
            "hs_code",
            "hs_code IS NULL OR NOT regexp_full_match(trim(hs_code), '[0-9]{2,6}')",
            "hs_code must be 2 to 6 digits",
        ),
        RowRule(
            "value",
            f"value IS NULL OR {sql.not_number('value')} OR try_cast(trim(value) AS DOUBLE) < 0",
            "value must be a number >= 0",
        ),
        RowRule(
            "currency",
            f"currency IS NULL OR {sql.not_in_list('currency', currencies)}",
            "currency is not an ISO 4217 code",
        ),
        RowRule(
            "quantity",
            f"quantity IS NOT NULL AND ({sql.not_number('quantity')} OR "
            "try_cast(trim(quantity) AS DOUBLE) < 0)",
            "quantity must be a number >= 0",
        ),
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
        "Loaded incrementally by file content hash and validated by aggregates."
    ),
    pattern=("trade_records/*.csv", "trade_records/*.parquet"),
    incremental=True,
    columns=(
        Column("reporter", "ISO-3 code of the reporting country (e.g. CHN, RUS)"),
        Column("partner", "ISO-3 code of the partner country (PRK for mirror data)"),
        Column("flow", "export or import, as the reporter records it"),
        Column("period", "Month, YYYY-MM"),
        Column("hs_code", "Harmonized System code, 2 to 6 digits"),
        Column("commodity", "Commodity description", required=False),
        Column("value", "Trade value in the currency below"),
        Column("currency", "ISO 4217 code of the value"),
        Column("quantity", "Quantity (may be empty)", required=False),
        Column("quantity_unit", "Unit of the quantity", required=False),
        Column("source_org", "Customs authority or publisher"),
        Column("source_url", "Where the extract came from"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
    ),
    rules=rules,
    reader=CUSTOMS_FILES,
)
