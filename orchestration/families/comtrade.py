"""``raw/comtrade/``: UN Comtrade final data as downloaded (47 columns), with the provenance
of each file, loaded incrementally and checked by aggregates."""

from __future__ import annotations

import functools

from orchestration import reference
from orchestration.families.contract import LINEAGE_COLUMNS, Column, RawFamily, RowRule

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


@functools.cache
def rules() -> tuple[RowRule, ...]:
    """The rows a download must not have, counted by DuckDB in one pass per file."""
    return (*_value_and_area_rules(), *_shape_rules())


def _value_and_area_rules() -> tuple[RowRule, ...]:
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
    )


def _shape_rules() -> tuple[RowRule, ...]:
    period = 'trim("period")'
    return (
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
    reader="comtrade_files",
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
    rules=rules,
)
